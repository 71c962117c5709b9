// Expands card templates with sample data using the npm reference packages and validates the result.
// usage: node expand-and-validate.js <cardsDir> <nodeModulesDir> <name.locale>...   -> JSON array on stdout
'use strict';
const fs = require('fs');
const path = require('path');
const [cardsDirArg, nodeModulesArg, ...pairs] = process.argv.slice(2);
const cardsDir = path.resolve(cardsDirArg);
const nodeModules = path.resolve(nodeModulesArg);
const ACData = require(path.join(nodeModules, 'adaptivecards-templating'));
const AC = require(path.join(nodeModules, 'adaptivecards', 'dist', 'adaptivecards.js'));

const out = [];
for (const pair of pairs) {
  const dot = pair.lastIndexOf('.');
  const name = pair.slice(0, dot);
  const locale = pair.slice(dot + 1);
  const template = JSON.parse(fs.readFileSync(path.join(cardsDir, name + '.json'), 'utf8'));
  const texts = JSON.parse(fs.readFileSync(path.join(cardsDir, name + '.texts.json'), 'utf8'));
  const data = JSON.parse(fs.readFileSync(path.join(cardsDir, 'samples', `${name}.${locale}.json`), 'utf8'));
  const root = Object.assign({}, data, { t: texts[locale] });
  const expanded = new ACData.Template(template).expand({ $root: root });

  const card = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext();
  card.parse(expanded, ctx);
  const events = [];
  for (let i = 0; i < ctx.eventCount; i++) {
    const e = ctx.getEventAt(i);
    events.push(`${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  for (const e of card.validateProperties().validationEvents) {
    events.push(`${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  out.push({ name, locale, expanded, events, bytes: Buffer.byteLength(JSON.stringify(expanded), 'utf8') });
}
process.stdout.write(JSON.stringify(out));
