// Screenshots Adaptive Cards rendered by the real adaptivecards 3.0.6 renderer in headless Debian
// Chromium (playwright-core, no browser download, no network: only the inlined bundle is used).
// Usage: node screenshot.js --out DIR [--width 450] card1.json [card2.json ...]
//   each file is one card JSON, or an array of { "name": "...", "card": {...} }.
// Prints a JSON summary: [{ name, png, width, height, errors }]. Set CHROMIUM to override /usr/bin/chromium.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');
const { option } = require('./io.cjs');

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

const argv = process.argv.slice(2);
const outDir = option(argv, '--out', 'artifacts/cards');
const width = Number(option(argv, '--width', '450'));
const files = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1].startsWith('--')));
const hostConfig = JSON.parse(fs.readFileSync(path.join(__dirname, 'teams-host-config.json'), 'utf8'));

function loadCards() {
  const cards = [];
  for (const f of files) {
    const json = JSON.parse(fs.readFileSync(f, 'utf8'));
    if (Array.isArray(json)) for (const { name, card } of json) cards.push({ name, card });
    else cards.push({ name: path.basename(f, '.json'), card: json });
  }
  return cards;
}

// Runs in the page: a small markdown subset like Teams' (escapes, bold, italic, links, lists, line breaks).
function pageSetup(hostConfigJson) {
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  window.AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
    const stash = [];
    let s = text.replace(/\\([\\`*_{}\[\]()#+\-.!<>~|])/g, (_, c) => { stash.push(c); return `\u0000${stash.length - 1}\u0000`; });
    s = esc(s)
      .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>')
      .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|\W)_(.+?)_(?=\W|$)/g, '$1<em>$2</em>');
    const lines = s.split('\n');
    let html = '';
    let list = null;
    for (const line of lines) {
      const m = /^\s*(?:[-*+]|(\d+)\.)\s+(.*)$/.exec(line);
      if (m) {
        const kind = m[1] ? 'ol' : 'ul';
        if (list !== kind) { if (list) html += `</${list}>`; html += kind === 'ol' ? `<ol start="${m[1]}">` : '<ul>'; list = kind; }
        html += `<li>${m[2]}</li>`;
      } else {
        if (list) { html += `</${list}>`; list = null; }
        html += (html && !html.endsWith('>') ? '<br>' : '') + line;
      }
    }
    if (list) html += `</${list}>`;
    result.outputHtml = html.replace(/\u0000(\d+)\u0000/g, (_, i) => esc(stash[Number(i)]));
    result.didProcess = true;
  };
  window.renderCard = (cardJson) => {
    const host = document.getElementById('host');
    host.innerHTML = '';
    const card = new window.AdaptiveCards.AdaptiveCard();
    card.hostConfig = new window.AdaptiveCards.HostConfig(hostConfigJson);
    const errors = [];
    const ctx = new window.AdaptiveCards.SerializationContext();
    card.parse(cardJson, ctx);
    for (let i = 0; i < ctx.eventCount; i++) errors.push(ctx.getEventAt(i).message);
    const el = card.render();
    if (!el) { errors.push('render() returned nothing'); return errors; }
    host.appendChild(el);
    return errors;
  };
}

const FONT = hostConfig.fontFamily;
const PAGE_CSS = `
  #host, #host button, #host input, #host select, #host textarea { font-family: ${FONT}; }
  body { margin: 0; padding: 16px; background: #F5F5F5; }
  #host { width: ${width}px; background: #FFFFFF; border: 1px solid #E0E0E0; border-radius: 6px; overflow: hidden;
          box-shadow: 0 1px 2px rgba(0,0,0,0.12); }
  #host p { margin: 0; }
  #host ul, #host ol { margin: 0; padding-left: 20px; }
  #host a { color: #5B5FC7; }
  .ac-pushButton { font-size: 14px; font-weight: 600; color: #242424; background: #FFFFFF;
    border: 1px solid #D1D1D1; border-radius: 4px; padding: 5px 12px; min-height: 32px; cursor: pointer; overflow: hidden;
    text-overflow: ellipsis; white-space: nowrap; }
  .ac-pushButton.style-positive, .ac-pushButton.primary { background: #5B5FC7; color: #FFFFFF; border-color: #5B5FC7; }
  .ac-pushButton.style-destructive { color: #C4314B; }
  .ac-input { font-size: 14px; color: #242424; }
  .ac-input.ac-textInput, .ac-input.ac-multichoiceInput, .ac-input.ac-numberInput, .ac-input.ac-dateInput { border: 1px solid #D1D1D1; border-radius: 4px; padding: 5px 8px; }
  .ac-toggleInput input, .ac-choiceSetInput-expanded input { width: 16px; height: 16px; accent-color: #5B5FC7; margin: 2px 8px 0 0; }
`;

(async () => {
  const cards = loadCards();
  fs.mkdirSync(outDir, { recursive: true });
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath}: apt-get install -y chromium (or set CHROMIUM)`);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cards-chromium-'));
  const ctx = await chromium.launchPersistentContext(userDataDir, {
    executablePath, headless: true, args: FLAGS, viewport: { width: width + 64, height: 800 }, deviceScaleFactor: 1,
  });
  const summary = [];
  try {
    await ctx.route('**/*', (route) => {
      let u; try { u = new URL(route.request().url()); } catch (_) { return route.abort(); }
      if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:' || LOOPBACK.has(u.hostname)) return route.continue();
      return route.abort();
    });
    const page = ctx.pages()[0] || await ctx.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e.message || e)));
    await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>${PAGE_CSS}</style></head><body><div id="host"></div></body></html>`);
    await page.addScriptTag({ path: require.resolve('adaptivecards/dist/adaptivecards.min.js') });
    await page.evaluate(pageSetup, hostConfig);
    for (const { name, card } of cards) {
      pageErrors.length = 0;
      const errors = await page.evaluate((c) => window.renderCard(c), card);
      const host = await page.$('#host');
      const png = path.join(outDir, `${name.replace(/[^A-Za-z0-9_.-]+/g, '_')}.png`);
      await host.screenshot({ path: png });
      const box = await host.boundingBox();
      summary.push({ name, png, width: Math.round(box.width), height: Math.round(box.height), errors: [...errors, ...pageErrors] });
    }
  } finally {
    await ctx.close().catch(() => {});
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(summary, null, 1));
})().catch((e) => { console.error(e && e.stack || e); process.exit(1); });
