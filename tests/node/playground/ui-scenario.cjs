#!/usr/bin/env node
// Drives the Microsoft 365 Agents Playground web UI like a person, in headless Debian Chromium
// (playwright-core, /usr/bin/chromium; every non-loopback request is aborted): types into the compose
// box and presses Enter, clicks Adaptive Card buttons by their visible title, ticks Input.Toggle
// checkboxes, waits for the bot's messages and cards, takes screenshots.
//
//   node ui-scenario.cjs SCENARIO.json --pg-url http://127.0.0.1:PORT [--shots DIR] [--step-timeout MS]
//        [--debug-log FILE]   (the Playground's debug log: its tail is printed on failure)
//   env fallbacks: PG_URL, SHOTS_DIR (default ./playground-shots), STEP_TIMEOUT_MS (15000), CHROMIUM (/usr/bin/chromium)
//
// Scenario: { "description": "...", "steps": [ step, ... ] }. A step may combine keys; inside a step the
// order is open -> send -> toggle -> choose -> click -> wait for expect / expectCard -> screenshot.
//   "send": "text"          type into the compose box and press Enter
//   "sendRapid": ["a", "b"] type and send each at once after the other, without waiting for any reply
//                           (a person typing fast: the second message leaves before the first reply is back)
//   "clickThenSend": ["title", "text"]  click a card button and type a message right after, without waiting
//   "open": "Group Chat"    switch the Playground to this conversation (the chat list on the left) before the rest
//   "mention": "Test Bot"   with send: @-mention this member first (picked from the Playground's mention list), as
//                           Teams needs in a group chat or channel for the bot to hear the message
//   "as": "user-id-1"       this step's messages and card clicks come from another member of the Playground's mock
//                           tenant (its client has no user switch; its server takes the sender from the request)
//   "choose": "title"       pick the option with this visible title in an Input.ChoiceSet (radio button or drop-down;
//                           newest card first); ["a", "b"]: the first of these titles that is found
//   "toggle": "title"       tick/untick the Input.Toggle whose visible title contains this text (newest card first)
//   "click": "title"        click the card button (or selectAction area) with this visible title (exact
//                           match first, then "starts with", then "contains"; newest card first);
//                           ["a", "b"]: the first of these titles that is found
//   "expect": "regex"       a bot message that is new or changed during this step matches, by its whole
//                           visible text (message text and card text)
//   "expectCard": "regex"   same, but only the text of rendered Adaptive Cards (a card an Action.Execute
//                           replaced in place counts as changed)
//   "expectInOrder": ["re1", "re2", ...]  new/changed bot messages match these in this order (text and cards)
//   "screenshot": "name"    save SHOTS/name.png after the expectations were met, scrolled to the message that
//                           met them (its top when it is taller than the chat pane)
//   "note": "free text"     printed in the log
// Regexes are JavaScript; a leading (?i) makes one case-insensitive. A step with expect/expectCard but
// no send/click/toggle also accepts a bot message that is already on screen (e.g. the welcome card).
// Top-level "forbid": "regex": no bot message may ever match it (checked after every step).
// Top-level "viewport": {"width", "height"} (default 1366x1300); "keepLogPanel": true keeps the Playground's log panel.
// Output: one line per step with its time; exit code 0 only if every step passed. On failure it saves
// SHOTS/failure.png and prints the last bot messages.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const BOT_MESSAGE = '.fai-OutputCard'; // the Playground renders every bot message (text or card) in one
const CARD = '.ac-adaptiveCard';
const CLICKABLE = 'button, [role="button"]';

function option(argv, name, fallback) {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
}
const toRe = (s) => (s.startsWith('(?i)') ? new RegExp(s.slice(4), 'i') : new RegExp(s));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const oneLine = (s, n = 300) => { const t = String(s).replace(/\s+/g, ' ').trim(); return t.length > n ? `${t.slice(0, n)}…` : t; };

/** Visible text of every bot message, and of the cards in it, in conversation order. */
function snapshot(page) {
  return page.evaluate(([msgSel, cardSel]) => [...document.querySelectorAll(msgSel)].map((m) => ({
    text: m.innerText || '',
    cards: [...m.querySelectorAll(cardSel)].map((c) => c.innerText || ''),
  })), [BOT_MESSAGE, CARD]);
}

/** Messages that appeared or changed since `before`; with `includeOld` every message counts. */
function changed(before, now, includeOld) {
  return now.filter((m, i) => includeOld || i >= before.length || before[i].text !== m.text || before[i].cards.join('\u0000') !== m.cards.join('\u0000'));
}

async function clickButton(page, titles) {
  // Newest card first; exact visible title, then prefix, then substring. Several titles: the first one found
  // (e.g. the same button in Polish and English).
  let lastError = null;
  for (const title of titles) {
    try {
      await clickOne(page, title);
      return title;
    } catch (e) { lastError = e; }
  }
  throw lastError;
}

async function clickOne(page, title) {
  const found = await page.evaluate(([cardSel, wanted, clickableSel]) => {
    const cards = [...document.querySelectorAll(cardSel)].reverse();
    const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
    // Buttons (actions) and selectable areas (a Container/ColumnSet with a selectAction: role=button, aria-label = title).
    const names = (b) => [b.innerText, b.getAttribute('aria-label'), b.title].map(norm).filter(Boolean);
    for (const rule of [(t) => t === wanted, (t) => t.startsWith(wanted), (t) => t.includes(wanted)]) {
      for (const [ci, card] of cards.entries()) {
        const buttons = [...card.querySelectorAll(clickableSel)];
        const bi = buttons.findIndex((b) => names(b).some(rule));
        if (bi >= 0) return { card: cards.length - 1 - ci, button: bi, disabled: buttons[bi].disabled === true };
      }
    }
    const last = cards[0];
    return { available: last ? [...last.querySelectorAll(clickableSel)].map((b) => names(b)[0] || '?') : [] };
  }, [CARD, title, CLICKABLE]);
  if (found.available) throw new Error(`no card button titled "${title}"; the newest card has: ${JSON.stringify(found.available)}`);
  const button = page.locator(CARD).nth(found.card).locator(CLICKABLE).nth(found.button);
  await button.scrollIntoViewIfNeeded();
  await button.click();
}

async function toggle(page, title) {
  const found = await page.evaluate(([cardSel, wanted]) => {
    const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
    const cards = [...document.querySelectorAll(cardSel)].reverse();
    for (const [ci, card] of cards.entries()) {
      const boxes = [...card.querySelectorAll('input[type="checkbox"]')];
      for (const [bi, box] of boxes.entries()) {
        const label = (box.id && card.querySelector(`label[for="${CSS.escape(box.id)}"]`)) || box.closest('label')
          || box.parentElement;
        const text = norm((label && label.innerText) || box.getAttribute('aria-label') || box.title);
        if (text.includes(wanted)) return { card: cards.length - 1 - ci, box: bi, checked: box.checked, text };
      }
    }
    const last = cards[0];
    return { available: last ? [...last.querySelectorAll('input[type="checkbox"]')].map((b) => norm((b.parentElement || {}).innerText || b.getAttribute('aria-label'))) : [] };
  }, [CARD, title]);
  if (found.available) throw new Error(`no toggle titled "${title}"; the newest card has: ${JSON.stringify(found.available)}`);
  const box = page.locator(CARD).nth(found.card).locator('input[type="checkbox"]').nth(found.box);
  await box.scrollIntoViewIfNeeded();
  await box.click();
  if ((await box.isChecked()) === found.checked) throw new Error(`toggle "${found.text}" did not change state`);
  return found;
}

async function choose(page, title) {
  // Radio buttons (expanded) first, then drop-downs (compact: the Playground renders a Fluent combobox).
  const found = await page.evaluate(([cardSel, wanted]) => {
    const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
    const cards = [...document.querySelectorAll(cardSel)].reverse();
    for (const [ci, card] of cards.entries()) {
      const radios = [...card.querySelectorAll('input[type="radio"]')];
      for (const [ri, radio] of radios.entries()) {
        const label = (radio.id && card.querySelector(`label[for="${CSS.escape(radio.id)}"]`)) || radio.closest('label') || radio.parentElement;
        if (norm(label && label.innerText) === wanted) return { card: cards.length - 1 - ci, radio: ri };
      }
      const boxes = card.querySelectorAll('[role="combobox"]');
      if (boxes.length) return { card: cards.length - 1 - ci, combobox: boxes.length - 1 };
    }
    return { none: true };
  }, [CARD, title]);
  if (found.none) throw new Error(`no choice titled "${title}" in any card`);
  const card = page.locator(CARD).nth(found.card);
  if (found.radio !== undefined) {
    const radio = card.locator('input[type="radio"]').nth(found.radio);
    await radio.scrollIntoViewIfNeeded();
    await radio.check();
    return;
  }
  const box = card.locator('[role="combobox"]').nth(found.combobox);
  await box.scrollIntoViewIfNeeded();
  await box.click();
  await page.locator('[role="option"]').filter({ hasText: title }).first().click({ timeout: 5000 });
}

async function main() {
  const argv = process.argv.slice(2);
  const scenarioPath = argv.find((a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1].startsWith('--')));
  if (!scenarioPath) throw new Error('usage: node ui-scenario.cjs SCENARIO.json --pg-url URL [--shots DIR]');
  const scenario = JSON.parse(fs.readFileSync(scenarioPath, 'utf8'));
  const pgUrl = option(argv, '--pg-url', process.env.PG_URL);
  if (!pgUrl) throw new Error('--pg-url (or PG_URL) is required: start the Playground with run-playground.cjs first');
  const shots = path.resolve(option(argv, '--shots', process.env.SHOTS_DIR || 'playground-shots'));
  const stepTimeout = Number(option(argv, '--step-timeout', process.env.STEP_TIMEOUT_MS || '15000'));
  const debugLog = option(argv, '--debug-log', process.env.PG_DEBUG_LOG);
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath}: apt-get install -y chromium (or set CHROMIUM)`);
  fs.mkdirSync(shots, { recursive: true });

  const t0 = Date.now();
  const log = (s) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${s}`);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'consultbot-chromium-'));
  const ctx = await chromium.launchPersistentContext(userDataDir, {
    executablePath, headless: true, args: FLAGS, viewport: scenario.viewport || { width: 1366, height: 1300 }, locale: 'pl-PL',
  });
  const blocked = new Set();
  let actingAs = null; // "as": the mock user whose id replaces the Playground user's in this step's requests
  await ctx.route('**/*', (route) => {
    let u;
    try { u = new URL(route.request().url()); } catch (_) { return route.abort(); }
    const req = route.request();
    if (actingAs && LOOPBACK.has(u.hostname) && req.method() === 'POST' && /\/_conversation\/v1\/(invoke|submit|conversations\/[^/]+\/messages)$/.test(u.pathname)) {
      const body = JSON.parse(req.postData() || '{}');
      body.from = { ...(body.from || {}), id: actingAs };
      return route.continue({ postData: JSON.stringify(body) });
    }
    if (u.protocol === 'data:' || u.protocol === 'blob:' || LOOPBACK.has(u.hostname)) return route.continue();
    blocked.add(u.origin);
    return route.abort();
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  page.on('pageerror', (e) => log(`[page error] ${oneLine(e.message, 200)}`));
  log(`chromium up (${executablePath}); opening ${pgUrl}`);

  let failed = null;
  let passed = 0;
  try {
    await page.goto(pgUrl, { waitUntil: 'load' });
    const composer = page.locator('[data-lexical-editor="true"][role="textbox"]');
    await composer.waitFor({ timeout: stepTimeout });
    // The Log Panel takes a third of the screen; the chat (and the screenshots) get the room instead.
    if (scenario.keepLogPanel !== true && await page.getByText('Log Panel', { exact: true }).isVisible().catch(() => false)) {
      await page.locator('button[title="Toggle Log Panel"]').click().catch(() => {});
    }
    log('playground UI ready');

    for (const [i, step] of scenario.steps.entries()) {
      const label = `step ${i + 1}/${scenario.steps.length} ${oneLine(JSON.stringify(step), 160)}`;
      const ts = Date.now();
      try {
        if (step.note) log(`note: ${step.note}`);
        const before = await snapshot(page);
        const acts = step.send !== undefined || step.click !== undefined || step.toggle !== undefined
          || step.sendRapid !== undefined || step.clickThenSend !== undefined || step.open !== undefined;
        actingAs = step.as || null;
        if (step.open !== undefined) {
          await page.locator('[role="treeitem"]').filter({ hasText: step.open }).first().click();
          await sleep(1000);
        }
        if (step.send !== undefined) {
          await composer.click();
          if (step.mention) {
            await page.keyboard.type('@');
            await page.locator('[role="listbox"]').getByText(step.mention, { exact: true }).first().click();
            await page.keyboard.type(' ');
          }
          await page.keyboard.type(step.send);
          await page.keyboard.press('Enter');
        }
        if (step.sendRapid !== undefined) {
          await composer.click();
          for (const text of step.sendRapid) {
            await page.keyboard.insertText(text);
            await page.keyboard.press('Enter');
          }
        }
        if (step.clickThenSend !== undefined) {
          await clickButton(page, [step.clickThenSend[0]]);
          await composer.click();
          await page.keyboard.insertText(step.clickThenSend[1]);
          await page.keyboard.press('Enter');
        }
        if (step.toggle !== undefined) {
          const t = await toggle(page, step.toggle);
          log(`  toggled "${oneLine(t.text, 80)}" -> ${!t.checked}`);
        }
        if (step.choose !== undefined) {
          // Several titles: the first one found (the card may be in either member's language).
          const titles = Array.isArray(step.choose) ? step.choose : [step.choose];
          let lastError = null;
          let chosen = false;
          for (const t of titles) {
            try { await choose(page, t); chosen = true; break; } catch (e) { lastError = e; await page.keyboard.press('Escape').catch(() => {}); }
          }
          if (!chosen) throw lastError;
        }
        if (step.click !== undefined) {
          const titles = Array.isArray(step.click) ? step.click : [step.click];
          const t = await clickButton(page, titles);
          if (titles.length > 1) log(`  clicked "${t}"`);
        }
        const re = step.expect ? toRe(step.expect) : null;
        const cre = step.expectCard ? toRe(step.expectCard) : null;
        let matched = -1; // index of the bot message that satisfied the step (screenshots show it)
        if (step.expectInOrder) {
          const wanted = step.expectInOrder.map(toRe);
          for (;;) {
            const now = await snapshot(page);
            const fresh = changed(before, now, !acts);
            let k = 0;
            for (const m of fresh) {
              if (k < wanted.length && wanted[k].test([m.text, ...m.cards].join('\n'))) k++;
            }
            if (k === wanted.length) { matched = now.length - 1; break; }
            if (Date.now() - ts > stepTimeout) {
              throw new Error(`timeout after ${stepTimeout} ms: ${k}/${wanted.length} of the replies in order (missing /${step.expectInOrder[k]}/); new/changed bot messages: ${fresh.length ? fresh.map((m) => JSON.stringify(oneLine(m.text, 160))).join(' | ') : 'none'}`);
            }
            await sleep(100);
          }
        }
        if (re || cre) {
          for (;;) {
            const now = await snapshot(page);
            const fresh = changed(before, now, !acts);
            const okText = !re || fresh.some((m) => re.test(m.text));
            const okCard = !cre || fresh.some((m) => m.cards.some((c) => cre.test(c)));
            if (okText && okCard) {
              const hit = [...fresh].reverse().find((m) => (cre ? m.cards.some((c) => cre.test(c)) : re.test(m.text)));
              matched = now.lastIndexOf(hit);
              break;
            }
            if (Date.now() - ts > stepTimeout) {
              const what = [re && !okText ? `text /${step.expect}/` : null, cre && !okCard ? `card /${step.expectCard}/` : null].filter(Boolean).join(' and ');
              throw new Error(`timeout after ${stepTimeout} ms waiting for ${what}; new/changed bot messages: ${fresh.length ? fresh.map((m) => JSON.stringify(oneLine(m.text, 200))).join(' | ') : 'none'}`);
            }
            await sleep(100);
          }
        }
        if (step.screenshot) {
          await sleep(300); // let the card finish laying out (images, fonts)
          // The message that satisfied the step (else the newest): its bottom in view, or its top when it is
          // taller than the chat pane (a long card's heading matters more than its last buttons).
          await page.evaluate(([sel, index]) => {
            const all = document.querySelectorAll(sel);
            const el = all[index >= 0 ? index : all.length - 1];
            if (!el) return;
            let pane = el.parentElement;
            while (pane && pane.scrollHeight <= pane.clientHeight + 1) pane = pane.parentElement;
            const tall = pane && el.getBoundingClientRect().height > pane.clientHeight - 40;
            el.scrollIntoView({ block: tall ? 'start' : 'end' });
          }, [BOT_MESSAGE, matched]);
          await sleep(150);
          const file = path.join(shots, `${step.screenshot}.png`);
          await page.screenshot({ path: file });
          log(`  screenshot ${file}`);
        }
        if (scenario.forbid) {
          await sleep(step.sendRapid || step.clickThenSend ? 1500 : 0); // a late error reply would come after the expected ones
          const bad = (await snapshot(page)).find((m) => toRe(scenario.forbid).test(m.text));
          if (bad) throw new Error(`a bot message matches the forbidden /${scenario.forbid}/: ${JSON.stringify(oneLine(bad.text, 200))}`);
        }
        passed++;
        log(`ok   ${label} (${Date.now() - ts} ms)`);
      } catch (e) {
        failed = { step: i + 1, message: e.message.split('\n')[0] };
        log(`FAIL ${label} (${Date.now() - ts} ms): ${failed.message}`);
        break;
      }
    }
  } catch (e) {
    failed = { step: 0, message: e.message.split('\n')[0] };
    log(`FAIL setup: ${failed.message}`);
  }

  if (failed) {
    const file = path.join(shots, 'failure.png');
    await page.screenshot({ path: file }).catch(() => {});
    console.log(`failure screenshot: ${file}`);
    const last = await snapshot(page).catch(() => []);
    console.log(`last bot messages (${last.length} in the conversation):`);
    for (const [k, m] of last.slice(-5).entries()) console.log(`  [${last.length - Math.min(5, last.length) + k + 1}] ${oneLine(m.text, 600)}`);
    if (debugLog && fs.existsSync(debugLog)) {
      const lines = fs.readFileSync(debugLog, 'utf8').trimEnd().split('\n');
      console.log(`playground debug log (last 15 of ${lines.length} lines, ${debugLog}):`);
      for (const l of lines.slice(-15)) console.log(`  ${oneLine(l, 400)}`);
    }
  }
  await ctx.close().catch(() => {});
  fs.rmSync(userDataDir, { recursive: true, force: true });
  if (blocked.size) log(`blocked non-loopback origins: ${[...blocked].join(', ')}`);
  const total = scenario.steps.length;
  log(`playground ui-scenario: ${passed}/${total} steps passed${failed ? `, failed at step ${failed.step}` : ''} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code), (e) => {
  console.error(`ui-scenario: ${e.message}`);
  process.exit(2);
});
