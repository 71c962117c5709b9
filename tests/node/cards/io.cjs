// Shared I/O for the card scripts: read a JSON document from a file argument or stdin.
'use strict';
const fs = require('fs');

function readInput(argv) {
  const file = argv.find((a) => !a.startsWith('--'));
  const text = file && file !== '-' ? fs.readFileSync(file, 'utf8') : fs.readFileSync(0, 'utf8');
  return JSON.parse(text);
}

function option(argv, name, fallback) {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
}

module.exports = { readInput, option };
