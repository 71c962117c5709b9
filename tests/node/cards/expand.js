// Expands Adaptive Card templates with the reference engine (adaptivecards-templating 2.3.1).
// Usage: node expand.js cases.json   (or JSON on stdin)
//   input:  [{ "name": "...", "template": {...}, "data": {...} }, ...]
//   output: [{ "name": "...", "ok": true, "card": {...}, "warnings": [...] } | { "name", "ok": false, "error" }]
// Data is bound as $root, exactly as ConsultBot.Cards binds it.
'use strict';
const ACData = require('adaptivecards-templating');
const { readInput } = require('./io.cjs');

const cases = readInput(process.argv.slice(2));
const results = cases.map(({ name, template, data }) => {
  try {
    const t = new ACData.Template(template);
    const card = t.expand({ $root: data });
    return { name, ok: true, card: card === undefined ? null : card, warnings: t.getLastTemplateExpansionWarnings() };
  } catch (e) {
    return { name, ok: false, error: String((e && e.message) || e) };
  }
});
process.stdout.write(JSON.stringify(results));
