// Validates rendered Adaptive Cards with the real object model (adaptivecards 3.0.6, UMD bundle:
// the package's ESM entry does not load in Node). Parsing needs no DOM.
// Usage: node validate.js cards.json [--max-version 1.5] [--max-bytes 28672]
//   input:  [{ "name": "...", "card": {...} }, ...]
//   output: [{ "name", "parse": [..], "validation": [..], "version", "versionOk", "bytes", "sizeOk", "ok" }]
'use strict';
const AC = require('adaptivecards/dist/adaptivecards.js');
const { readInput, option } = require('./io.cjs');

const argv = process.argv.slice(2);
const maxVersion = option(argv, '--max-version', '1.5');
const maxBytes = Number(option(argv, '--max-bytes', String(28 * 1024)));

function versionLe(v, max) {
  if (typeof v !== 'string' || !/^\d+\.\d+$/.test(v)) return false;
  const [a, b] = v.split('.').map(Number);
  const [c, d] = max.split('.').map(Number);
  return a < c || (a === c && b <= d);
}

function check(name, json) {
  const card = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext();
  const parse = [];
  const validation = [];
  try {
    card.parse(json, ctx);
    for (let i = 0; i < ctx.eventCount; i++) {
      const e = ctx.getEventAt(i);
      parse.push(`${AC.ValidationEvent[e.event]}: ${e.message}`);
    }
    for (const e of card.validateProperties().validationEvents) validation.push(`${AC.ValidationEvent[e.event]}: ${e.message}`);
  } catch (e) {
    parse.push(`Exception: ${(e && e.message) || e}`);
  }
  const version = json && json.version;
  const bytes = Buffer.byteLength(JSON.stringify(json), 'utf8');
  const typeOk = json && json.type === 'AdaptiveCard';
  if (!typeOk) parse.push('NotAnAdaptiveCard: root "type" must be "AdaptiveCard"');
  const versionOk = versionLe(version, maxVersion);
  const sizeOk = bytes < maxBytes;
  return { name, parse, validation, version, versionOk, bytes, sizeOk, ok: parse.length === 0 && validation.length === 0 && versionOk && sizeOk };
}

const cards = readInput(argv);
process.stdout.write(JSON.stringify(cards.map(({ name, card }) => check(name, card))));
