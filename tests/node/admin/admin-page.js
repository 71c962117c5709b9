// Drives the /admin page in headless Debian Chromium (playwright-core, no browser download, loopback only) like an
// admin would: sign in with a personal key, search, edit an entry, watch the live preview, publish, read the history,
// try the search test pane, the review list, a rejected import, the English page and keyboard use of the tabs.
// Usage: node admin-page.js --base http://127.0.0.1:PORT --key KEY --entry ID --filter TEXT --append TEXT --test QUESTION
//        --import FILE --out DIR
// Prints a JSON summary { steps: [{ name, png }], errors: [...], facts: {...} }. Set CHROMIUM to override /usr/bin/chromium.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');
const { option } = require('../cards/io.cjs');

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

const argv = process.argv.slice(2);
const base = option(argv, '--base', 'http://127.0.0.1:5000');
const key = option(argv, '--key', '');
const entry = option(argv, '--entry', 'model-operacyjny-lider');
const filter = option(argv, '--filter', 'model operacyjny');
const append = option(argv, '--append', 'Zmiana z przeglądarki.');
const testQuestion = option(argv, '--test', 'kto jest liderem w modelu operacyjnym');
const importFile = option(argv, '--import', '');
const outDir = option(argv, '--out', 'artifacts/admin');

(async () => {
  fs.mkdirSync(outDir, { recursive: true });
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath}: apt-get install -y chromium (or set CHROMIUM)`);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'admin-chromium-'));
  const ctx = await chromium.launchPersistentContext(userDataDir, {
    executablePath, headless: true, args: FLAGS, viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, locale: 'pl-PL',
  });
  const errors = [];
  const steps = [];
  const facts = {};
  try {
    await ctx.route('**/*', (route) => {
      let u; try { u = new URL(route.request().url()); } catch (_) { return route.abort(); }
      if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:' || LOOPBACK.has(u.hostname)) return route.continue();
      errors.push(`blocked a request outside the app: ${u.href}`);
      return route.abort();
    });
    const page = ctx.pages()[0] || await ctx.newPage();
    page.setDefaultTimeout(15000);
    page.on('pageerror', (e) => errors.push(`page error: ${e.message || e}`));
    let signedIn = false;
    // The wrong key's 401 is expected; any other failed request or script error is a finding.
    // The bad import's 422 is expected too.
    page.on('console', (m) => { if (m.type() === 'error' && !(signedIn === false && /status of 401/.test(m.text())) && !/status of 422/.test(m.text())) errors.push(`console: ${m.text()}`); });
    page.on('dialog', (d) => d.accept('test'));
    const shot = async (name) => {
      const png = path.join(outDir, `${name}.png`);
      await page.screenshot({ path: png, fullPage: true });
      steps.push({ name, png });
    };

    // Sign in: a wrong key is refused, the real one opens the app.
    await page.goto(`${base}/admin`);
    await page.locator('#login').waitFor();
    facts.loginLabel = await page.locator('label[for=key]').textContent();
    await page.fill('#key', 'not-a-key');
    await page.click('#login-form button[type=submit]');
    await page.locator('#login-error').filter({ hasText: /./ }).waitFor();
    facts.loginRefused = await page.locator('#login-error').textContent();
    await shot('01-login-refused');
    await page.fill('#key', key);
    await page.press('#key', 'Enter');
    await page.locator('#app').waitFor();
    signedIn = true;
    await page.locator('#entries tbody tr').first().waitFor();
    facts.entriesShown = await page.locator('#entries tbody tr').count();
    await shot('02-entries');

    // Search the table, open the entry, edit the answer and watch the preview follow.
    await page.fill('#filter', filter);
    await page.waitForFunction((n) => document.querySelectorAll('#entries tbody tr').length < n, facts.entriesShown);
    facts.entriesFiltered = await page.locator('#entries tbody tr').count();
    await page.locator(`#entries tbody tr[data-id="${entry}"] .row-link`).click();
    await page.locator('#preview .ac-adaptiveCard').waitFor();
    const answer = page.locator('#f-answer');
    await answer.fill(`${await answer.inputValue()}\n\n${append}`);
    await page.locator('#preview .ac-adaptiveCard', { hasText: append }).waitFor();
    facts.previewHasEdit = true;
    await shot('03-editor-preview');
    await page.click('.lang-tabs [data-lang=en]');
    await page.waitForFunction(() => document.querySelector('#preview').dataset.rendered === 'en');
    await page.locator('#preview .ac-adaptiveCard').waitFor();
    facts.previewEnglish = (await page.locator('#preview').innerText()).slice(0, 200);
    await shot('04-editor-english');
    await page.click('.lang-tabs [data-lang=pl]');

    // Publish (the page saves the draft first), then read the history and a diff.
    await page.fill('#f-note', 'poprawka z testu przeglądarki');
    await page.click('#publish');
    await page.locator('#toast.ok', { hasText: /Opublikowano/ }).waitFor();
    await page.locator('#editor-state .state-published').waitFor();
    facts.toast = await page.locator('#toast').textContent();
    await page.click('#history-button');
    await page.locator('#history-list li').first().waitFor();
    facts.revisions = await page.locator('#history-list li').count();
    // Newest first: the revision published before this session differs from now by the added line.
    await page.locator('#history-list li .row-link').nth(2).click();
    await page.locator('#revision .diff').first().waitFor();
    facts.diffAdded = await page.locator('#revision .diff .add').allTextContents();
    await shot('05-history-diff');
    await page.locator('#revision button').click();
    await page.locator('#editor-state .state-published-with-draft').waitFor();
    facts.restoredAnswer = await page.locator('#f-answer').inputValue();

    // The test pane shows what the search decides.
    await page.click('#tab-test');
    await page.fill('#test-q', testQuestion);
    await page.press('#test-q', 'Enter');
    await page.locator('#test-result .decision').waitFor();
    facts.decision = await page.locator('#test-result .decision').getAttribute('class');
    facts.testTop = await page.locator('#test-result .hits tbody tr').first().locator('code').textContent();
    await shot('06-test-pane');

    // Keyboard: arrows move between tabs.
    await page.focus('#tab-test');
    await page.keyboard.press('ArrowRight');
    facts.keyboardTab = await page.evaluate(() => document.activeElement.id);
    await page.locator('#review-groups').waitFor();
    await page.waitForTimeout(300);
    facts.reviewGroups = await page.locator('#review-groups .group').count();
    await shot('07-review');

    // A bad import is reported row by row and cannot be applied.
    await page.click('#tab-import');
    if (importFile) {
      await page.setInputFiles('#import-file', importFile);
      await page.click('#import-dry');
      await page.locator('#import-report .msg.error').waitFor();
      facts.importRejected = await page.locator('#import-report .msg.error li').allTextContents();
      facts.importApplyDisabled = await page.locator('#import-apply').isDisabled();
    }
    await shot('08-import');

    // English by ?lang=en; the key stays in this tab's sessionStorage.
    await page.goto(`${base}/admin?lang=en`);
    await page.locator('#entries tbody tr').first().waitFor();
    facts.englishTab = await page.locator('#tab-entries').textContent();
    await page.locator(`#entries tbody tr[data-id="${entry}"] .row-link`).click();
    await page.locator('#preview .ac-adaptiveCard').waitFor();
    await shot('09-english');
  } catch (e) {
    errors.push(`script: ${e && e.message || e}`);
    const page = ctx.pages()[0];
    if (page) await page.screenshot({ path: path.join(outDir, 'failure.png'), fullPage: true }).catch(() => {});
  } finally {
    await ctx.close().catch(() => {});
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify({ steps, errors, facts }, null, 1));
})().catch((e) => { console.error(e && e.stack || e); process.exit(1); });
