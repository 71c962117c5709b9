#!/usr/bin/env node
'use strict';
// Builds the ConsultBot Teams app package and validates it offline.
//
//   node tests/node/manifest/build-package.js [--out <zip>] [--build-dir <dir>] [--template <file>] [--dotenv <file>]
//   node tests/node/manifest/build-package.js --check <zip>        (validate an existing package only)
//
// Placeholders ${{NAME}} in the template (and in the localization files next to it) are filled from the
// environment first, then from .env (repository root by default), then from the development defaults below.
// Writes <build-dir>/manifest.json + icons + localization files, zips them into <out>, then validates the zip.
// Exit code: 0 valid, 1 invalid, 2 error (bad arguments, unreadable input, missing dependency, network use).
const fs = require('fs');
const path = require('path');
const { writeZip, readZip } = require('./zip');
const { validatePackage, PLACEHOLDER } = require('./validate-package');

const REPO = path.resolve(__dirname, '..', '..', '..');
const DEFAULTS = {
  template: path.join(REPO, 'manifest', 'manifest.template.json'),
  buildDir: path.join(REPO, 'manifest', 'build'),
  envFile: path.join(REPO, '.env'),
};

// Fixed GUIDs for local development only (never registered in Azure or Teams).
const DEV_TEAMS_APP_ID = '5e0c1f3a-7b2d-4c8e-9a61-3d4f5b6c7e80';
const DEV_BOT_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Placeholder -> where its value comes from. Keys are tried in order in the environment, then in .env.
 * `default` may depend on values already resolved (resolution runs in this order).
 */
const PLACEHOLDERS = [
  { name: 'TEAMS_APP_ID', keys: ['TEAMS_APP_ID', 'TeamsAppId'], default: () => DEV_TEAMS_APP_ID, help: 'Teams app id (GUID), stays the same across versions of the app' },
  { name: 'BOT_ID', keys: ['BOT_ID', 'MicrosoftAppId'], default: () => DEV_BOT_ID, help: 'Microsoft App ID of the Azure Bot registration (GUID), also used by the message extension' },
  { name: 'BOT_DOMAIN', keys: ['BOT_DOMAIN', 'BotDomain'], default: () => 'localhost', normalise: toHost, help: 'public host name of the bot endpoint, e.g. consultbot.example.pl (no https://, no path)' },
  { name: 'APP_VERSION', keys: ['APP_VERSION', 'TeamsAppVersion'], default: () => '1.0.0', help: 'app package version (MAJOR.MINOR.PATCH); raise it for every upload of a changed package' },
  { name: 'DEVELOPER_NAME', keys: ['DEVELOPER_NAME', 'DeveloperName'], default: () => 'Centrum Konsultacyjne', help: 'publisher name shown in Teams (max 32 characters)' },
  { name: 'DEVELOPER_WEBSITE_URL', keys: ['DEVELOPER_WEBSITE_URL', 'DeveloperWebsiteUrl'], default: (v) => `https://${v.BOT_DOMAIN}/`, help: 'https URL of the support / information page' },
  { name: 'DEVELOPER_PRIVACY_URL', keys: ['DEVELOPER_PRIVACY_URL', 'DeveloperPrivacyUrl'], default: (v) => `https://${v.BOT_DOMAIN}/privacy`, help: 'https URL of the privacy statement' },
  { name: 'DEVELOPER_TERMS_URL', keys: ['DEVELOPER_TERMS_URL', 'DeveloperTermsUrl'], default: (v) => `https://${v.BOT_DOMAIN}/terms`, help: 'https URL of the terms of use' },
];

class UsageError extends Error {}

function toHost(value) {
  // Accept a URL by mistake (https://host/api/messages) and keep only host[:port].
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]+)/i.exec(value);
  return (m ? m[1] : value.replace(/\/.*$/, '')).toLowerCase();
}

function parseArgs(argv) {
  const opts = { out: null, buildDir: null, template: DEFAULTS.template, envFile: DEFAULTS.envFile, check: null };
  const need = (i, flag) => {
    if (i + 1 >= argv.length || argv[i + 1].startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return argv[i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => (inline !== undefined ? inline : need(i++, flag));
    switch (flag) {
      case '--out': opts.out = path.resolve(value()); break;
      case '--build-dir': opts.buildDir = path.resolve(value()); break;
      case '--template': opts.template = path.resolve(value()); break;
      // (not --env-file: Node 20 itself grabs that flag from the command line, even after the script name)
      case '--dotenv': opts.envFile = path.resolve(value()); break;
      case '--check': opts.check = path.resolve(value()); break;
      case '-h': case '--help': opts.help = true; break;
      default: throw new UsageError(`unknown argument "${argv[i]}"`);
    }
  }
  opts.buildDir ||= DEFAULTS.buildDir;
  opts.out ||= path.join(opts.buildDir, 'appPackage.zip');
  return opts;
}

/** Minimal .env reader: KEY=VALUE lines, `export ` prefix, # comments, single or double quotes. */
function readEnvFile(file) {
  const values = {};
  if (!fs.existsSync(file)) return values;
  for (const rawLine of fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let v = m[2];
    if (/^"(.*)"$/s.test(v)) v = v.slice(1, -1).replace(/\\n/g, '\n').replace(/\\"/g, '"');
    else if (/^'(.*)'$/s.test(v)) v = v.slice(1, -1);
    else v = v.replace(/\s+#.*$/, '').trim();
    values[m[1]] = v;
  }
  return values;
}

function resolveValues(env, dotenv) {
  const values = {};
  const sources = {};
  for (const p of PLACEHOLDERS) {
    let value, source;
    for (const key of p.keys) {
      if (env[key] !== undefined && env[key].trim() !== '') { value = env[key].trim(); source = `environment ${key}`; break; }
    }
    if (value === undefined) {
      for (const key of p.keys) {
        if (dotenv[key] !== undefined && dotenv[key].trim() !== '') { value = dotenv[key].trim(); source = `.env ${key}`; break; }
      }
    }
    if (value === undefined) { value = p.default(values); source = 'development default'; }
    if (p.normalise) {
      const n = p.normalise(value);
      if (n !== value) source += ` (given as "${value}")`;
      value = n;
    }
    values[p.name] = value;
    sources[p.name] = source;
  }
  return { values, sources };
}

/** Replaces ${{NAME}} in every string of a JSON document; unknown names are left for the validator to report. */
function fill(doc, values) {
  if (typeof doc === 'string') return doc.replace(PLACEHOLDER, (whole, name) => (Object.hasOwn(values, name) ? values[name] : whole));
  if (Array.isArray(doc)) return doc.map((d) => fill(d, values));
  if (doc && typeof doc === 'object') return Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, fill(v, values)]));
  return doc;
}

function readJson(file, what) {
  let text;
  try { text = fs.readFileSync(file, 'utf8'); } catch (e) { throw new UsageError(`cannot read ${what} ${file}: ${e.message}`); }
  try { return JSON.parse(text.replace(/^\uFEFF/, '')); } catch (e) { throw new UsageError(`${what} ${file} is not valid JSON: ${e.message}`); }
}

/** Builds the package files (name -> bytes) from the template; missing inputs are left out for the validator to report. */
function buildFiles(templateFile, values) {
  const sourceDir = path.dirname(templateFile);
  const manifest = fill(readJson(templateFile, 'manifest template'), values);
  const files = new Map([['manifest.json', Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8')]]);
  const copies = [];
  const icons = (manifest && manifest.icons) || {};
  for (const kind of ['color', 'outline', 'color32x32']) if (typeof icons[kind] === 'string') copies.push(icons[kind]);
  const loc = (manifest && manifest.localizationInfo) || {};
  const languageFiles = [loc.defaultLanguageFile, ...(Array.isArray(loc.additionalLanguages) ? loc.additionalLanguages.map((l) => l && l.file) : [])];
  for (const name of copies) {
    const src = path.join(sourceDir, name);
    if (fs.existsSync(src) && !files.has(name)) files.set(name, fs.readFileSync(src));
  }
  for (const name of languageFiles) {
    if (typeof name !== 'string' || files.has(name)) continue;
    const src = path.join(sourceDir, name);
    if (!fs.existsSync(src)) continue;
    const doc = fill(readJson(src, 'localization file'), values);
    files.set(name, Buffer.from(JSON.stringify(doc, null, 2) + '\n', 'utf8'));
  }
  return files;
}

function report(title, result) {
  console.log(title);
  for (const line of result.info) console.log(`  ok    ${line}`);
  for (const line of result.warnings) console.log(`  warn  ${line}`);
  for (const line of result.errors) console.log(`  FAIL  ${line}`);
  if (result.errors.length) console.log(`INVALID: ${result.errors.length} problem(s); do not upload this package.`);
  else console.log('VALID');
  return result.errors.length ? 1 : 0;
}

function help() {
  console.log(fs.readFileSync(__filename, 'utf8').split('\n').slice(2, 11).map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
  console.log('Placeholders (environment / .env keys, in order of precedence):');
  for (const p of PLACEHOLDERS) console.log(`  \${{${p.name}}}  ${p.keys.join(' | ')}  - ${p.help}`);
}

async function main(argv) {
  const opts = parseArgs(argv);
  if (opts.help) { help(); return 0; }

  if (opts.check) {
    let files;
    try { files = readZip(fs.readFileSync(opts.check)); } catch (e) {
      if (e.code === 'ENOENT') throw new UsageError(`no such file ${opts.check}`);
      return report(`Checking ${opts.check}`, { info: [], warnings: [], errors: [`package: ${e.message}`] });
    }
    return report(`Checking ${opts.check}`, await validatePackage(files));
  }

  const dotenv = readEnvFile(opts.envFile);
  const { values, sources } = resolveValues(process.env, dotenv);
  console.log(`Template ${path.relative(process.cwd(), opts.template) || opts.template}; .env: ${fs.existsSync(opts.envFile) ? opts.envFile : '(none)'}`);
  for (const p of PLACEHOLDERS) console.log(`  \${{${p.name}}} = ${values[p.name]}  [${sources[p.name]}]`);

  const files = buildFiles(opts.template, values);
  fs.mkdirSync(opts.buildDir, { recursive: true });
  for (const [name, data] of files) fs.writeFileSync(path.join(opts.buildDir, name), data);
  fs.mkdirSync(path.dirname(opts.out), { recursive: true });
  fs.writeFileSync(opts.out, writeZip([...files].map(([name, data]) => ({ name, data }))));
  console.log(`Wrote ${opts.out} (${[...files.keys()].join(', ')}); unpacked copy in ${opts.buildDir}`);

  // Validate what was actually written: read the zip back.
  return report(`Validating ${opts.out}`, await validatePackage(readZip(fs.readFileSync(opts.out))));
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e) => {
      console.error(`ERROR: ${e instanceof UsageError || e.code ? e.message : e.stack}`);
      if (e instanceof UsageError) console.error('Run with --help for usage.');
      process.exitCode = 2;
    });
}

module.exports = { main, parseArgs, readEnvFile, resolveValues, fill, buildFiles, PLACEHOLDERS, DEV_TEAMS_APP_ID, DEV_BOT_ID };
