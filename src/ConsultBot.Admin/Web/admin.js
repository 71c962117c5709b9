// The /admin page: a thin client of /api/admin. It holds no privilege of its own; every call carries the admin's
// personal key or Entra ID token as "Authorization: Bearer", and the server checks it each time.
'use strict';
(() => {
  const TEXTS = {
    pl: {
      skip: 'Przejdź do treści', title: 'ConsultBot – administracja FAQ', logout: 'Wyloguj',
      loginTitle: 'Zaloguj się', loginHelp: 'Wklej swój osobisty klucz API (lub token Entra ID). Klucz zostaje tylko w tej karcie przeglądarki.',
      keyLabel: 'Klucz API lub token', login: 'Zaloguj', loginBad: 'Ten klucz nie został przyjęty (nieznany, odwołany albo nie należy do administratora).',
      loginExpired: 'Sesja wygasła – zaloguj się ponownie.', loginTeams: 'Logowanie przez Teams…',
      sections: 'Sekcje', tabEntries: 'Wpisy', tabTest: 'Test wyszukiwania', tabReview: 'Do przeglądu', tabImport: 'Import i eksport',
      filterLabel: 'Szukaj wpisów', filterPlaceholder: 'Szukaj wpisów…', showDeleted: 'usunięte', newEntry: 'Nowy wpis',
      entriesCaption: 'Wpisy bazy wiedzy', colQuestion: 'Pytanie', colState: 'Stan', colUpdated: 'Zmiana',
      count: (n) => `${n} ${n === 1 ? 'wpis' : (n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 10 || n % 100 >= 20)) ? 'wpisy' : 'wpisów'}`,
      state: { draft: 'szkic', published: 'opublikowany', 'published-with-draft': 'opublikowany + szkic', deleted: 'usunięty' },
      noEnglish: 'brak EN', fId: 'Identyfikator (małe litery, cyfry, myślniki)', contentLanguage: 'Język treści',
      fQuestion: 'Pytanie', fAlternatives: 'Inne sformułowania (jedno w wierszu, co najmniej 3)',
      fAnswer: 'Odpowiedź (Markdown: **pogrubienie**, listy, [link](https://…))', fEnQuestion: 'Pytanie po angielsku',
      fEnAlternatives: 'Sformułowania po angielsku (jedno w wierszu)', fEnAnswer: 'Odpowiedź po angielsku',
      fCategory: 'Kategoria', fSource: 'Źródło', fNote: 'Notatka do zmiany (w historii)',
      saveDraft: 'Zapisz szkic', publish: 'Opublikuj', history: 'Historia', delete: 'Usuń', close: 'Zamknij',
      newTitle: 'Nowy wpis', chars: (n, max) => `${n} / ${max} znaków`,
      saved: 'Szkic zapisany. Użytkownicy widzą go dopiero po publikacji.', published: 'Opublikowano – użytkownicy widzą zmianę od razu.',
      deleted: 'Wpis usunięty (można go przywrócić z historii).', deleteReason: 'Dlaczego usuwasz ten wpis? (zostanie w historii)',
      invalid: 'Nie zapisano – popraw zaznaczone pola:', conflict: 'Ktoś zmienił ten wpis, gdy go edytowałeś. Nic nie zostało zapisane.',
      conflictSince: 'Zmiany w międzyczasie:', loadCurrent: 'Wczytaj aktualną wersję (Twoje zmiany przepadną)',
      warnings: 'Uwagi (nie blokują zapisu):', openOther: 'otwórz', exists: 'Wpis o tym identyfikatorze już istnieje.',
      preview: 'Podgląd – tak zobaczą to użytkownicy', previewLanguage: 'Język podglądu', previewMissing: 'Uzupełnij pytanie i odpowiedź, aby zobaczyć kartę.',
      rendererMissing: 'Brak renderera adaptivecards na serwerze – podgląd jest niedostępny.',
      revision: 'Wersja', restore: 'Przywróć tę wersję jako szkic', restored: 'Przywrócono jako szkic – opublikuj, aby użytkownicy ją zobaczyli.',
      diffTitle: 'Różnice względem bieżącej wersji', noDiff: 'Ta wersja jest taka sama jak bieżąca.',
      actions: { created: 'utworzono', 'draft-saved': 'zapisano szkic', published: 'opublikowano', deleted: 'usunięto', restored: 'przywrócono', imported: 'zaimportowano', seeded: 'wczytano z pliku startowego' },
      changed: 'zmienione pola', by: 'przez',
      testTitle: 'Co odpowie bot?', testHelp: 'Wpisz pytanie tak, jak napisałby je użytkownik; zobaczysz, co zdecyduje wyszukiwarka (tylko opublikowane wpisy).',
      testLabel: 'Pytanie testowe', testPlaceholder: 'np. czy gmina moze byc partnerem projektu', language: 'Język', testRun: 'Sprawdź',
      decision: { answer: 'Odpowie wpisem', suggest: 'Zaproponuje kilka wpisów', none: 'Nie znajdzie odpowiedzi (przekaże konsultantowi)' },
      confidence: 'Pewność', noResults: 'Brak kandydatów.',
      reviewTitle: 'O co pytali użytkownicy', reviewHelp: 'Pytania bez odpowiedzi, odpowiedzi ocenione 👎 i nieklikane propozycje, pogrupowane według podobieństwa.',
      reviewDrafts: 'Propozycje konsultantów', reviewEmpty: 'Nic do przejrzenia.', asked: (n) => `${n}×`,
      reasons: { none: 'bez odpowiedzi', suggest: 'tylko propozycje', unanswered: 'bez odpowiedzi', thumbsDown: '👎', 'thumbs-down': '👎', ignored: 'nieklikana propozycja', 'suggestion-ignored': 'nieklikana propozycja' },
      targetEntry: 'Wpis, do którego dodać sformułowania', addPhrasings: 'Dodaj jako sformułowania', newFromGroup: 'Utwórz nowy wpis', dismiss: 'Odrzuć',
      phrasingsAdded: 'Dodano sformułowania i opublikowano wpis.', dismissed: 'Grupa odrzucona.', draftCreated: 'Utworzono szkic wpisu – uzupełnij odpowiedź.',
      open: 'Otwórz', proposed: 'zaproponowano',
      exportTitle: 'Eksport', exportHelp: 'Wszystkie wpisy (również szkice) – JSON w formacie pliku startowego albo CSV.', exportJson: 'Pobierz JSON', exportCsv: 'Pobierz CSV',
      importTitle: 'Import', importHelp: 'Najpierw próba: zobaczysz, co zostanie dodane, zmienione i odrzucone. Zapis jest wykonywany w całości albo wcale.',
      importFile: 'Plik JSON lub CSV', importDry: 'Sprawdź (próba)', importApply: 'Zapisz import', importPick: 'Wybierz plik.',
      importAdded: 'Do dodania', importChanged: 'Do zmiany', importUnchanged: 'Bez zmian', importRejected: 'Odrzucone – nic nie zostanie zapisane',
      importRow: 'wiersz', importOk: 'Próba bez błędów – możesz zapisać import.', importApplied: 'Import zapisany.',
      error: 'Coś poszło nie tak', forbidden: 'Nie masz uprawnień administratora.', network: 'Brak połączenia z serwerem.',
    },
    en: {
      skip: 'Skip to content', title: 'ConsultBot – FAQ administration', logout: 'Sign out',
      loginTitle: 'Sign in', loginHelp: 'Paste your personal API key (or an Entra ID token). It stays in this browser tab only.',
      keyLabel: 'API key or token', login: 'Sign in', loginBad: 'This key was not accepted (unknown, revoked or not an administrator’s).',
      loginExpired: 'Your session has expired – sign in again.', loginTeams: 'Signing in through Teams…',
      sections: 'Sections', tabEntries: 'Entries', tabTest: 'Search test', tabReview: 'To review', tabImport: 'Import and export',
      filterLabel: 'Search entries', filterPlaceholder: 'Search entries…', showDeleted: 'deleted', newEntry: 'New entry',
      entriesCaption: 'Knowledge base entries', colQuestion: 'Question', colState: 'State', colUpdated: 'Changed',
      count: (n) => `${n} ${n === 1 ? 'entry' : 'entries'}`,
      state: { draft: 'draft', published: 'published', 'published-with-draft': 'published + draft', deleted: 'deleted' },
      noEnglish: 'no EN', fId: 'Id (lower-case letters, digits, hyphens)', contentLanguage: 'Content language',
      fQuestion: 'Question', fAlternatives: 'Other phrasings (one per line, at least 3)',
      fAnswer: 'Answer (Markdown: **bold**, lists, [link](https://…))', fEnQuestion: 'Question in English',
      fEnAlternatives: 'Phrasings in English (one per line)', fEnAnswer: 'Answer in English',
      fCategory: 'Category', fSource: 'Source', fNote: 'Note for this change (kept in the history)',
      saveDraft: 'Save draft', publish: 'Publish', history: 'History', delete: 'Delete', close: 'Close',
      newTitle: 'New entry', chars: (n, max) => `${n} / ${max} characters`,
      saved: 'Draft saved. Users see it only once it is published.', published: 'Published – users see the change at once.',
      deleted: 'Entry deleted (it can be restored from its history).', deleteReason: 'Why are you deleting this entry? (kept in the history)',
      invalid: 'Not saved – fix the marked fields:', conflict: 'Someone changed this entry while you were editing it. Nothing was saved.',
      conflictSince: 'Changes meanwhile:', loadCurrent: 'Load the current version (your changes are lost)',
      warnings: 'Notes (they do not block saving):', openOther: 'open', exists: 'An entry with this id exists already.',
      preview: 'Preview – as users will see it', previewLanguage: 'Preview language', previewMissing: 'Fill in the question and the answer to see the card.',
      rendererMissing: 'The adaptivecards renderer is not installed on the server – no preview.',
      revision: 'Revision', restore: 'Restore this revision as the draft', restored: 'Restored as the draft – publish it for users to see it.',
      diffTitle: 'Differences from the current version', noDiff: 'This revision is the same as the current version.',
      actions: { created: 'created', 'draft-saved': 'draft saved', published: 'published', deleted: 'deleted', restored: 'restored', imported: 'imported', seeded: 'loaded from the seed file' },
      changed: 'changed fields', by: 'by',
      testTitle: 'What will the bot answer?', testHelp: 'Type a question the way a user would; you see what the search decides (published entries only).',
      testLabel: 'Test question', testPlaceholder: 'e.g. can a municipality be a project partner', language: 'Language', testRun: 'Check',
      decision: { answer: 'Answers with an entry', suggest: 'Suggests a few entries', none: 'Finds no answer (hands over to a consultant)' },
      confidence: 'Confidence', noResults: 'No candidates.',
      reviewTitle: 'What users asked', reviewHelp: 'Unanswered questions, 👎 answers and suggestions nobody clicked, grouped by similarity.',
      reviewDrafts: 'Consultants’ proposals', reviewEmpty: 'Nothing to review.', asked: (n) => `${n}×`,
      reasons: { none: 'unanswered', suggest: 'suggestions only', unanswered: 'unanswered', thumbsDown: '👎', 'thumbs-down': '👎', ignored: 'suggestion not clicked', 'suggestion-ignored': 'suggestion not clicked' },
      targetEntry: 'Entry to add the phrasings to', addPhrasings: 'Add as phrasings', newFromGroup: 'Create a new entry', dismiss: 'Dismiss',
      phrasingsAdded: 'Phrasings added and the entry published.', dismissed: 'Group dismissed.', draftCreated: 'Draft entry created – write its answer.',
      open: 'Open', proposed: 'proposed',
      exportTitle: 'Export', exportHelp: 'All entries (drafts included) – JSON in the seed file’s format, or CSV.', exportJson: 'Download JSON', exportCsv: 'Download CSV',
      importTitle: 'Import', importHelp: 'A dry run first: you see what would be added, changed and rejected. It is then written all or nothing.',
      importFile: 'JSON or CSV file', importDry: 'Check (dry run)', importApply: 'Apply the import', importPick: 'Choose a file.',
      importAdded: 'To add', importChanged: 'To change', importUnchanged: 'Unchanged', importRejected: 'Rejected – nothing will be written',
      importRow: 'row', importOk: 'The dry run found no errors – you can apply the import.', importApplied: 'Import applied.',
      error: 'Something went wrong', forbidden: 'You are not an administrator.', network: 'The server cannot be reached.',
    },
  };

  const params = new URLSearchParams(location.search);
  const wanted = params.get('lang') || (navigator.languages || [navigator.language || 'pl'])[0] || 'pl';
  const lang = wanted.toLowerCase().startsWith('en') ? 'en' : 'pl';
  const T = TEXTS[lang];
  const TOKEN_KEY = 'consultbot.admin.token';
  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

  const state = { entries: [], current: null, etag: null, isNew: false, previewLocale: 'pl', importBody: null, importType: null };

  // ---------- texts, small DOM helpers ----------
  function applyTexts() {
    document.documentElement.lang = lang;
    document.title = T.title;
    $$('[data-t]').forEach((el) => { if (typeof T[el.dataset.t] === 'string') el.textContent = T[el.dataset.t]; });
    $$('[data-t-placeholder]').forEach((el) => { el.placeholder = T[el.dataset.tPlaceholder]; });
    $$('[data-t-aria]').forEach((el) => { el.setAttribute('aria-label', T[el.dataset.tAria]); });
    $(`#lang-${lang}`).setAttribute('aria-current', 'true');
  }

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) node.append(c.nodeType ? c : String(c));
    return node;
  }

  // replaceChildren that takes nested arrays and skips null/false, like el().
  function put(node, ...children) {
    node.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false).map((c) => (c.nodeType ? c : String(c))));
  }

  function toast(text, kind = 'ok') {
    const t = $('#toast');
    t.textContent = text;
    t.className = `toast ${kind}`;
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { t.hidden = true; }, 5000);
  }

  const when = (iso) => iso ? new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'pl-PL', { dateStyle: 'short', timeStyle: 'short' }) : '';
  const lines = (text) => text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);

  // ---------- the API ----------
  async function api(method, url, { body, ifMatch, text, contentType } = {}) {
    const headers = { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY) || ''}`, Accept: 'application/json' };
    if (ifMatch) headers['If-Match'] = `"${ifMatch}"`;
    let payload;
    if (text !== undefined) { payload = text; headers['Content-Type'] = contentType || 'application/json'; }
    else if (body !== undefined) { payload = JSON.stringify(body); headers['Content-Type'] = 'application/json'; }
    let response;
    try {
      response = await fetch(url, { method, headers, body: payload, cache: 'no-store' });
    } catch {
      toast(T.network, 'error');
      throw new Error('network');
    }
    const etag = (response.headers.get('ETag') || '').replace(/^W\//, '').replace(/"/g, '') || null;
    const raw = await response.text();
    let json = null;
    try { json = raw ? JSON.parse(raw) : null; } catch { json = null; }
    if (response.status === 401 && url !== '/api/admin/me') {
      signOut(T.loginExpired);
    }
    return { status: response.status, ok: response.ok, etag, body: json, raw };
  }

  function problemText(r) {
    if (r.status === 403) return T.forbidden;
    return (r.body && (r.body.detail || r.body.title)) || `${T.error} (${r.status})`;
  }

  // ---------- sign-in: a personal key, or inside Teams the SSO token ----------
  async function signIn(token) {
    sessionStorage.setItem(TOKEN_KEY, token);
    const me = await api('GET', '/api/admin/me');
    if (!me.ok) {
      sessionStorage.removeItem(TOKEN_KEY);
      return me.status === 403 ? T.forbidden : T.loginBad;
    }
    $('#who-name').textContent = me.body.displayName || me.body.editor;
    $('#who').hidden = false;
    $('#login').hidden = true;
    $('#app').hidden = false;
    await Promise.all([loadEntries(), loadReview()]);
    return null;
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    $('#app').hidden = true;
    $('#who').hidden = true;
    $('#login').hidden = false;
    $('#login-error').textContent = message || '';
    $('#key').value = '';
    $('#key').focus();
  }

  // In the Teams tab the page is framed by Teams; the SDK (served by the app, loaded only when framed, since it
  // fetches Teams' domain list) gives an Entra ID token the server validates.
  async function teamsToken() {
    if (window.parent === window) return null;
    await new Promise((resolve) => {
      const script = el('script', { src: '/admin/teams-js.js' });
      script.addEventListener('load', resolve);
      script.addEventListener('error', resolve);
      document.head.append(script);
    });
    const teams = window.microsoftTeams;
    if (!teams) return null;
    try {
      const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000));
      await Promise.race([teams.app.initialize(), timeout]);
      return await Promise.race([teams.authentication.getAuthToken(), timeout]);
    } catch {
      return null;
    }
  }

  // ---------- entries list ----------
  async function loadEntries() {
    const q = $('#filter').value.trim();
    const deleted = $('#show-deleted').checked;
    const r = await api('GET', `/api/admin/faq?q=${encodeURIComponent(q)}${deleted ? '&includeDeleted=true' : ''}`);
    if (!r.ok) { toast(problemText(r), 'error'); return; }
    state.entries = r.body;
    renderEntries();
  }

  function stateBadge(s) {
    return el('span', { class: `badge state-${s}` }, T.state[s] || s);
  }

  function renderEntries() {
    const body = $('#entries tbody');
    put(body, ...state.entries.map((e) => el('tr', { 'data-id': e.id, class: state.current && state.current.id === e.id ? 'selected' : null },
      el('td', {},
        el('button', { type: 'button', class: 'row-link', onclick: () => openEntry(e.id) }, e.question || e.id),
        el('div', { class: 'meta' }, el('code', {}, e.id), ` · ${when(e.updatedAt)} · ${e.updatedBy}`)),
      el('td', {}, stateBadge(e.state), e.hasEnglish ? null : [' ', el('span', { class: 'badge warn', title: T.noEnglish }, T.noEnglish)]))));
    $('#list-count').textContent = T.count(state.entries.length);
  }

  // ---------- editor ----------
  function currentOf(view) { return view.draft || view.published || null; }

  function fill(entry) {
    const en = (entry && entry.translations && entry.translations.en) || null;
    $('#f-id').value = entry ? entry.id : '';
    $('#f-question').value = entry ? entry.question : '';
    $('#f-alternatives').value = entry ? (entry.alternatives || []).join('\n') : '';
    $('#f-answer').value = entry ? entry.answer : '';
    $('#f-en-question').value = en ? en.question : '';
    $('#f-en-alternatives').value = en ? (en.alternatives || []).join('\n') : '';
    $('#f-en-answer').value = en ? en.answer : '';
    $('#f-category').value = entry ? entry.category : '';
    $('#f-source').value = entry ? entry.source : 'Centrum Konsultacyjne';
    $('#f-note').value = '';
    countAnswer();
  }

  function formInput() {
    const input = {
      id: $('#f-id').value.trim() || null,
      question: $('#f-question').value.trim(),
      alternatives: lines($('#f-alternatives').value),
      answer: $('#f-answer').value.trim(),
      category: $('#f-category').value.trim() || null,
      source: $('#f-source').value.trim() || null,
      language: 'pl',
      note: $('#f-note').value.trim() || null,
    };
    const enQuestion = $('#f-en-question').value.trim();
    const enAnswer = $('#f-en-answer').value.trim();
    if (enQuestion || enAnswer) {
      input.translations = { en: { question: enQuestion, alternatives: lines($('#f-en-alternatives').value), answer: enAnswer } };
    }
    // Tags and related entries are not edited here; keep what the entry has.
    if (state.current) {
      const c = currentOf(state.current);
      if (c) { input.tags = c.tags; input.related = c.related; }
    }
    return input;
  }

  function showEditor(view) {
    state.current = view;
    state.isNew = !view;
    state.etag = view ? view.eTag || view.etag : null;
    $('#editor').hidden = false;
    $('#preview-pane').hidden = false;
    $('#panel-entries').classList.add('editing');
    $('#history').hidden = true;
    $('#id-field').hidden = !state.isNew;
    $('#editor-title').textContent = view ? (currentOf(view) || {}).question || view.id : T.newTitle;
    put($('#editor-state'), view ? stateBadge(view.state) : '');
    updatePublish();
    $('#delete').disabled = !view || view.state === 'deleted';
    $('#history-button').disabled = !view;
    fill(view ? currentOf(view) : null);
    renderMessages(view ? view.warnings : []);
    $$('#entries tbody tr').forEach((tr) => tr.classList.toggle('selected', !!view && tr.dataset.id === view.id));
    schedulePreview(0);
  }

  // Publishing needs something unpublished: a draft, or edits in the form (publish saves them first).
  function updatePublish() {
    const view = state.current;
    $('#publish').disabled = !view || view.state === 'deleted' || (view.state === 'published' && !isDirty());
  }

  async function openEntry(id) {
    selectTab('entries');
    const r = await api('GET', `/api/admin/faq/${encodeURIComponent(id)}`);
    if (!r.ok) { toast(problemText(r), 'error'); return; }
    showEditor({ ...r.body, eTag: r.etag || r.body.eTag });
    $('#f-question').focus();
  }

  function renderMessages(warnings, errors, conflict) {
    const box = $('#editor-messages');
    put(box);
    $$('#entry-form [aria-invalid]').forEach((f) => f.removeAttribute('aria-invalid'));
    if (errors && Object.keys(errors).length) {
      const list = el('ul');
      for (const [field, messages] of Object.entries(errors)) {
        const input = fieldInput(field);
        if (input) input.setAttribute('aria-invalid', 'true');
        for (const m of messages) list.append(el('li', {}, el('strong', {}, fieldLabel(field)), ': ', m));
      }
      box.append(el('div', { class: 'msg error', role: 'alert' }, el('p', {}, T.invalid), list));
    }
    if (conflict) {
      box.append(el('div', { class: 'msg error', role: 'alert' },
        el('p', {}, T.conflict),
        conflict.changedMeanwhile && conflict.changedMeanwhile.length
          ? el('div', {}, T.conflictSince, el('ul', {}, conflict.changedMeanwhile.map((c) => el('li', {}, `#${c.revision} ${T.actions[c.action] || c.action} ${T.by} ${c.by}, ${when(c.at)}: ${(c.changed || []).join(', ')}`))))
          : null,
        el('button', { type: 'button', onclick: () => conflict.current && showEditor({ ...conflict.current, eTag: conflict.current.eTag }) }, T.loadCurrent)));
    }
    if (warnings && warnings.length) {
      box.append(el('div', { class: 'msg warn' }, el('p', {}, T.warnings), el('ul', {}, warnings.map((w) => el('li', {}, w.message,
        w.otherEntryId ? [' ', el('button', { type: 'button', class: 'link', onclick: () => openEntry(w.otherEntryId) }, `${T.openOther} ${w.otherEntryId}`)] : null)))));
    }
  }

  const FIELD_INPUTS = { id: 'f-id', question: 'f-question', alternatives: 'f-alternatives', answer: 'f-answer', category: 'f-category', source: 'f-source',
    'translations.en.question': 'f-en-question', 'translations.en.alternatives': 'f-en-alternatives', 'translations.en.answer': 'f-en-answer' };
  function fieldInput(field) { const id = FIELD_INPUTS[field]; return id ? document.getElementById(id) : null; }
  function fieldLabel(field) {
    const input = fieldInput(field);
    const label = input && document.querySelector(`label[for="${input.id}"]`);
    return label ? label.textContent.replace(/\s*\(.*\)$/, '') : field;
  }

  async function save() {
    const input = formInput();
    const r = state.isNew
      ? await api('POST', '/api/admin/faq', { body: input })
      : await api('PUT', `/api/admin/faq/${encodeURIComponent(state.current.id)}`, { body: input, ifMatch: state.etag });
    if (r.ok) {
      showEditor({ ...r.body, eTag: r.etag || r.body.eTag });
      toast(T.saved);
      loadEntries();
      return true;
    }
    handleWriteFailure(r);
    return false;
  }

  function handleWriteFailure(r) {
    if (r.status === 400 && r.body && r.body.errors) renderMessages([], r.body.errors);
    else if (r.status === 412) renderMessages([], null, r.body || {});
    else if (r.status === 409) renderMessages([], { id: [T.exists] });
    else toast(problemText(r), 'error');
    $('#editor-messages').scrollIntoView({ block: 'nearest' });
  }

  function isDirty() {
    if (!state.current) return true;
    const c = currentOf(state.current);
    const i = formInput();
    return !c || c.question !== i.question || c.answer !== i.answer || (c.alternatives || []).join('\n') !== i.alternatives.join('\n')
      || (c.category || '') !== (i.category || '') || (c.source || '') !== (i.source || '')
      || JSON.stringify((c.translations && c.translations.en) || null) !== JSON.stringify((i.translations && i.translations.en) || null);
  }

  async function publish() {
    // Read the note first: saving refills the form.
    const note = $('#f-note').value.trim();
    if (isDirty() && !(await save())) return;
    const r = await api('POST', `/api/admin/faq/${encodeURIComponent(state.current.id)}/publish${note ? `?note=${encodeURIComponent(note)}` : ''}`, { ifMatch: state.etag });
    if (!r.ok) { handleWriteFailure(r); return; }
    showEditor({ ...r.body, eTag: r.etag || r.body.eTag });
    toast(T.published);
    loadEntries();
  }

  async function remove() {
    const reason = window.prompt(T.deleteReason, '');
    if (!reason || !reason.trim()) return;
    const r = await api('DELETE', `/api/admin/faq/${encodeURIComponent(state.current.id)}?reason=${encodeURIComponent(reason.trim())}`, { ifMatch: state.etag });
    if (!r.ok) { handleWriteFailure(r); return; }
    toast(T.deleted);
    closeEditor();
    loadEntries();
  }

  function closeEditor() {
    state.current = null;
    $('#editor').hidden = true;
    $('#preview-pane').hidden = true;
    $('#panel-entries').classList.remove('editing');
    renderEntries();
  }

  function countAnswer() {
    $('#answer-count').textContent = T.chars($('#f-answer').value.length, 6000);
  }

  // ---------- history, diff, restore ----------
  async function showHistory() {
    const pane = $('#history');
    if (!pane.hidden) { pane.hidden = true; return; }
    const r = await api('GET', `/api/admin/faq/${encodeURIComponent(state.current.id)}/history`);
    if (!r.ok) { toast(problemText(r), 'error'); return; }
    $('#revision').hidden = true;
    put($('#history-list'), ...[...r.body].reverse().map((h) => el('li', {},
      el('button', { type: 'button', class: 'row-link', onclick: () => showRevision(h.revision) },
        `${T.revision} ${h.revision}: ${T.actions[h.action] || h.action}`),
      el('span', { class: 'meta' }, ` ${T.by} ${h.by}, ${when(h.at)}`,
        h.changed && h.changed.length ? ` · ${T.changed}: ${h.changed.join(', ')}` : '', h.note ? ` · „${h.note}”` : ''))));
    pane.hidden = false;
    pane.scrollIntoView({ block: 'nearest' });
  }

  async function showRevision(revision) {
    const r = await api('GET', `/api/admin/faq/${encodeURIComponent(state.current.id)}/history/${revision}`);
    if (!r.ok) { toast(problemText(r), 'error'); return; }
    const box = $('#revision');
    const diffs = r.body.diffToCurrent || [];
    put(box, 
      el('h4', {}, `${T.revision} ${revision} – ${T.diffTitle}`),
      diffs.length === 0 ? el('p', { class: 'muted' }, T.noDiff) : diffs.map((d) => el('div', { class: 'diff' },
        el('div', { class: 'diff-field' }, fieldLabel(d.field)),
        el('div', { class: 'lines' }, d.lines.map((l) => el('span', { class: l.kind === '+' ? 'add' : l.kind === '-' ? 'del' : 'same' },
          el('span', { class: 'sign', 'aria-hidden': 'true' }, l.kind === ' ' ? ' ' : l.kind), el('span', { class: 'sr-only' }, l.kind === '+' ? '(+) ' : l.kind === '-' ? '(−) ' : ''), l.text || '\u00a0'))))),
      r.body.entry ? el('button', { type: 'button', onclick: () => restore(revision) }, T.restore) : null);
    box.hidden = false;
    box.scrollIntoView({ block: 'nearest' });
  }

  async function restore(revision) {
    const r = await api('POST', `/api/admin/faq/${encodeURIComponent(state.current.id)}/restore/${revision}`, { ifMatch: state.etag });
    if (!r.ok) { handleWriteFailure(r); return; }
    showEditor({ ...r.body, eTag: r.etag || r.body.eTag });
    toast(T.restored);
    loadEntries();
  }

  // ---------- live preview with the real adaptivecards renderer ----------
  const HOST_CONFIG = {
    fontFamily: "'Segoe UI', -apple-system, BlinkMacSystemFont, Roboto, 'Helvetica Neue', 'DejaVu Sans', Arial, sans-serif",
    supportsInteractivity: true,
    spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
    separator: { lineThickness: 1, lineColor: '#E0E0E0' },
    fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
    fontWeights: { lighter: 300, default: 400, bolder: 600 },
    containerStyles: {
      default: { backgroundColor: '#FFFFFF', foregroundColors: { default: { default: '#242424', subtle: '#616161' }, accent: { default: '#5B5FC7', subtle: '#7F85F5' }, good: { default: '#237B4B', subtle: '#4DA770' }, warning: { default: '#835C00', subtle: '#C19C00' }, attention: { default: '#C4314B', subtle: '#D74654' } } },
      emphasis: { backgroundColor: '#F5F5F5', foregroundColors: { default: { default: '#242424', subtle: '#616161' }, accent: { default: '#5B5FC7', subtle: '#7F85F5' } } },
      accent: { backgroundColor: '#E8EBFA', foregroundColors: { default: { default: '#242424', subtle: '#616161' } } },
    },
    actions: { maxActions: 6, spacing: 'default', buttonSpacing: 8, showCard: { actionMode: 'inline', inlineTopMargin: 8 }, actionsOrientation: 'horizontal', actionAlignment: 'left' },
  };

  // Teams renders a small Markdown subset; the page does the same so the preview reads like the chat.
  function markdown(text) {
    const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    let html = '';
    let list = null;
    let afterText = false;
    for (const raw of esc(text).split('\n')) {
      const line = raw
        .replace(/\[([^\]]+)\]\((https:\/\/[^)\s]+)\)/g, '<a href="$2" target="_blank" rel="noopener noreferrer">$1</a>')
        .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
        .replace(/(^|[\s(])_(.+?)_(?=[\s).,!?]|$)/g, '$1<em>$2</em>');
      const m = /^\s*(?:[-*+]|(\d+)\.)\s+(.*)$/.exec(line);
      if (m) {
        const kind = m[1] ? 'ol' : 'ul';
        if (list !== kind) { if (list) html += `</${list}>`; html += kind === 'ol' ? `<ol start="${m[1]}">` : '<ul>'; list = kind; }
        html += `<li>${m[2]}</li>`;
        afterText = false;
      } else {
        if (list) { html += `</${list}>`; list = null; }
        html += (afterText ? '<br>' : '') + line;
        afterText = true;
      }
    }
    if (list) html += `</${list}>`;
    return html;
  }

  function schedulePreview(delay = 400) {
    clearTimeout(schedulePreview.timer);
    schedulePreview.timer = setTimeout(renderPreview, delay);
  }

  async function renderPreview() {
    if ($('#preview-pane').hidden) return;
    const box = $('#preview');
    const errors = $('#preview-errors');
    const input = formInput();
    if (!input.question || !input.answer) {
      put(errors, el('p', { class: 'muted' }, T.previewMissing));
      put(box);
      return;
    }
    const r = await api('POST', `/api/admin/faq/preview?locale=${state.previewLocale}`, { body: input });
    if (!r.ok || !r.body) { put(errors, el('p', { class: 'error' }, problemText(r))); return; }
    put(errors, ...(r.body.errors || []).map((e) => el('p', { class: 'error' }, el('strong', {}, fieldLabel(e.field)), ': ', e.message)));
    if (!r.body.card) { put(box); return; }
    const AC = window.AdaptiveCards;
    if (!AC) { put(box, el('p', { class: 'error' }, T.rendererMissing)); return; }
    const card = new AC.AdaptiveCard();
    card.hostConfig = new AC.HostConfig(HOST_CONFIG);
    card.parse(r.body.card);
    // The preview only shows the card; its buttons do nothing here.
    card.onExecuteAction = () => {};
    const rendered = card.render();
    put(box, rendered || '');
    box.setAttribute('data-rendered', state.previewLocale);
  }

  // ---------- search test ----------
  async function runTest(event) {
    event.preventDefault();
    const q = $('#test-q').value.trim();
    if (!q) return;
    const r = await api('GET', `/api/admin/faq/test?q=${encodeURIComponent(q)}&locale=${$('#test-locale').value}`);
    const box = $('#test-result');
    if (!r.ok) { put(box, el('p', { class: 'error' }, problemText(r))); return; }
    const d = r.body;
    put(box, 
      el('p', { class: `decision decision-${d.decision}` }, T.decision[d.decision] || d.decision),
      d.results.length === 0 ? el('p', { class: 'muted' }, T.noResults) : el('table', { class: 'hits' },
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, T.colQuestion), el('th', { scope: 'col' }, T.confidence))),
        el('tbody', {}, d.results.map((h, i) => el('tr', { class: i === 0 && d.decision === 'answer' ? 'winner' : null },
          el('td', {}, el('button', { type: 'button', class: 'row-link', onclick: () => openEntry(h.id) }, h.question), el('div', { class: 'meta' }, el('code', {}, h.id))),
          el('td', { class: 'conf' }, el('meter', { min: 0, max: 1, value: h.confidence, 'aria-label': T.confidence }), ` ${Math.round(h.confidence * 100)}%`))))));
  }

  // ---------- review list ----------
  async function loadReview() {
    const r = await api('GET', '/api/admin/review');
    if (!r.ok) return;
    const { groups, drafts } = r.body;
    const badge = $('#review-count');
    badge.textContent = String(groups.length + drafts.length);
    badge.hidden = groups.length + drafts.length === 0;
    const ids = el('datalist', { id: 'entry-ids' }, state.entries.map((e) => el('option', { value: e.id }, e.question)));
    put($('#review-groups'), ids, groups.length === 0 ? el('p', { class: 'muted' }, T.reviewEmpty) : groups.map((g) => {
      const inputId = `target-${g.id}`;
      return el('article', { class: 'group', 'aria-labelledby': `g-${g.id}` },
        el('h3', { id: `g-${g.id}` }, el('span', { class: 'badge' }, T.asked(g.count)), ' ', g.representative),
        el('ul', { class: 'questions' }, g.questions.map((q) => el('li', {}, q.text, el('span', { class: 'meta' }, ` · ${T.reasons[q.reason] || q.reason} · ${q.locale} · ${when(q.at)}`)))),
        el('div', { class: 'group-actions' },
          el('label', { for: inputId }, T.targetEntry),
          el('input', { id: inputId, list: 'entry-ids', value: g.suggestedEntryId || '', spellcheck: 'false' }),
          el('button', { type: 'button', class: 'primary', onclick: () => reviewAct(g, 'phrasings', $(`#${CSS.escape(inputId)}`).value.trim()) }, T.addPhrasings),
          el('button', { type: 'button', onclick: () => reviewAct(g, 'entry') }, T.newFromGroup),
          el('button', { type: 'button', class: 'link', onclick: () => reviewAct(g, 'dismiss') }, T.dismiss)));
    }));
    put($('#review-drafts'), drafts.length === 0 ? el('p', { class: 'muted' }, T.reviewEmpty) : el('ul', { class: 'drafts' }, drafts.map((d) => el('li', {},
      el('button', { type: 'button', class: 'row-link', onclick: () => openEntry(d.id) }, d.question),
      el('div', { class: 'meta' }, `${T.proposed} ${when(d.proposedAt)}`)))));
  }

  async function reviewAct(group, action, entryId) {
    const url = `/api/admin/review/${encodeURIComponent(group.id)}/${action}`;
    const r = action === 'phrasings' ? await api('POST', url, { body: { entryId, publish: true } }) : await api('POST', url);
    if (!r.ok) { toast(problemText(r), 'error'); return; }
    await loadEntries();
    await loadReview();
    if (action === 'phrasings') toast(T.phrasingsAdded);
    else if (action === 'dismiss') toast(T.dismissed);
    else { toast(T.draftCreated); openEntry(r.body.id); }
  }

  // ---------- import / export ----------
  async function exportAs(format) {
    const response = await fetch(`/api/admin/faq/export?format=${format}`, { headers: { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY)}` } });
    if (!response.ok) { toast(`${T.error} (${response.status})`, 'error'); return; }
    const url = URL.createObjectURL(await response.blob());
    const a = el('a', { href: url, download: `faq.${format}` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  async function importRun(apply) {
    if (!apply) {
      const file = $('#import-file').files[0];
      if (!file) { toast(T.importPick, 'error'); return; }
      state.importBody = await file.text();
      state.importType = /\.csv$/i.test(file.name) || file.type === 'text/csv' ? 'text/csv' : 'application/json';
    }
    const r = await api('POST', `/api/admin/faq/import${apply ? '?apply=true' : ''}`, { text: state.importBody, contentType: state.importType });
    const box = $('#import-report');
    if (!r.body || !('rejected' in r.body)) {
      // Not even readable as an import (bad JSON): the problem's field errors say where.
      const details = r.body && r.body.errors ? Object.entries(r.body.errors).map(([field, messages]) => el('li', {}, `${field}: ${messages.join(' ')}`)) : [];
      put(box, el('div', { class: 'msg error', role: 'alert' }, el('p', {}, problemText(r)), details.length ? el('ul', {}, details) : null));
      $('#import-apply').disabled = true;
      return;
    }
    const rep = r.body;
    const section = (title, items) => items.length ? el('div', {}, el('h3', {}, `${title} (${items.length})`), el('p', {}, items.map((id) => el('code', { class: 'chip' }, id)))) : null;
    put(box, 
      rep.applied ? el('p', { class: 'msg ok' }, T.importApplied) : rep.rejected.length === 0 ? el('p', { class: 'msg ok' }, T.importOk) : null,
      section(T.importAdded, rep.added), section(T.importChanged, rep.changed), section(T.importUnchanged, rep.unchanged),
      rep.rejected.length ? el('div', { class: 'msg error', role: 'alert' }, el('h3', {}, `${T.importRejected} (${rep.rejected.length})`),
        el('ul', {}, rep.rejected.map((x) => el('li', {}, `${T.importRow} ${x.row}${x.id ? ` (${x.id})` : ''} – ${x.field}: ${x.message}`)))) : null);
    $('#import-apply').disabled = apply || rep.rejected.length > 0 || !rep.dryRun;
    if (rep.applied) { state.importBody = null; loadEntries(); }
  }

  // ---------- tabs (ARIA tabs pattern: arrows move between tabs) ----------
  function selectTab(name) {
    $$('[role=tab]').forEach((tab) => {
      const on = tab.id === `tab-${name}`;
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      document.getElementById(tab.getAttribute('aria-controls')).hidden = !on;
    });
    if (name === 'review') loadReview();
  }

  function wire() {
    const tabs = $$('[role=tab]');
    tabs.forEach((tab, i) => {
      tab.addEventListener('click', () => selectTab(tab.id.slice(4)));
      tab.addEventListener('keydown', (e) => {
        const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : null;
        if (next === null) return;
        e.preventDefault();
        const target = tabs[(next + tabs.length) % tabs.length];
        selectTab(target.id.slice(4));
        target.focus();
      });
    });
    $('#login-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      const error = await signIn($('#key').value.trim());
      $('#login-error').textContent = error || '';
    });
    $('#logout').addEventListener('click', () => signOut());
    let filterTimer;
    $('#filter').addEventListener('input', () => { clearTimeout(filterTimer); filterTimer = setTimeout(loadEntries, 250); });
    $('#show-deleted').addEventListener('change', loadEntries);
    $('#new-entry').addEventListener('click', () => { showEditor(null); $('#f-id').focus(); });
    $('#entry-form').addEventListener('submit', (e) => { e.preventDefault(); save(); });
    $('#entry-form').addEventListener('input', () => { countAnswer(); updatePublish(); schedulePreview(); });
    $('#publish').addEventListener('click', publish);
    $('#delete').addEventListener('click', remove);
    $('#history-button').addEventListener('click', showHistory);
    $('#close-editor').addEventListener('click', closeEditor);
    $$('[data-lang]').forEach((b) => b.addEventListener('click', () => {
      $$('[data-lang]').forEach((x) => x.setAttribute('aria-pressed', String(x === b)));
      $$('[data-lang-pane]').forEach((p) => { p.hidden = p.dataset.langPane !== b.dataset.lang; });
      setPreviewLocale(b.dataset.lang);
    }));
    $$('[data-preview]').forEach((b) => b.addEventListener('click', () => setPreviewLocale(b.dataset.preview)));
    $('#test-form').addEventListener('submit', runTest);
    $('#export-json').addEventListener('click', () => exportAs('json'));
    $('#export-csv').addEventListener('click', () => exportAs('csv'));
    $('#import-dry').addEventListener('click', () => importRun(false));
    $('#import-apply').addEventListener('click', () => importRun(true));
    $('#import-file').addEventListener('change', () => { $('#import-apply').disabled = true; put($('#import-report')); });
  }

  function setPreviewLocale(locale) {
    state.previewLocale = locale;
    $$('[data-preview]').forEach((x) => x.setAttribute('aria-pressed', String(x.dataset.preview === locale)));
    schedulePreview(0);
  }

  async function start() {
    applyTexts();
    if (window.AdaptiveCards) window.AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => { result.outputHtml = markdown(text); result.didProcess = true; };
    wire();
    const stored = sessionStorage.getItem(TOKEN_KEY);
    if (stored && !(await signIn(stored))) return;
    if (window.parent !== window) {
      $('#login-error').textContent = T.loginTeams;
      const token = await teamsToken();
      if (token && !(await signIn(token))) return;
    }
    signOut();
  }

  document.addEventListener('DOMContentLoaded', start);
})();
