'use strict';
// Offline checks of a Teams app package (the files of appPackage.zip):
//  - manifest.json and every localization file against the JSON schemas bundled in
//    @microsoft/app-manifest for the manifest's version (nothing is downloaded: see installFetchTrap)
//  - icons (PNG, sizes, outline white-on-transparent), placeholders all filled,
//  - Teams rules the schema does not encode (bot command title <= 32 / description <= 128 chars,
//    command list scopes, validDomains syntax, https developer URLs, semver version, one bot).
const path = require('path');
const { decodePng } = require('./png');

const SCHEMA_BASE = 'https://developer.microsoft.com/json-schemas/teams';
const PLACEHOLDER = /\$\{\{\s*([A-Za-z0-9_]*)\s*\}\}/g;
const BOT_COMMAND_TITLE_MAX = 32;
const BOT_COMMAND_DESCRIPTION_MAX = 128;
const HOST_LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const VALID_DOMAIN = new RegExp(`^(\\*\\.)?${HOST_LABEL}(\\.${HOST_LABEL})*(:[0-9]{1,5})?$`, 'i');
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** Makes any network fetch fail loudly and counts attempts (the validator must stay offline). */
function installFetchTrap() {
  const attempts = [];
  globalThis.fetch = async (url) => {
    attempts.push(String(url));
    throw new Error(`NETWORK FETCH ATTEMPTED: ${url}`);
  };
  return attempts;
}

function loadAppManifestPackage() {
  let pkgJson;
  try {
    pkgJson = require.resolve('@microsoft/app-manifest/package.json');
  } catch {
    const err = new Error('@microsoft/app-manifest is not installed: run `npm ci` in tests/node');
    err.code = 'DEPENDENCY_MISSING';
    throw err;
  }
  // Only the schema files of @microsoft/app-manifest are used: its JavaScript entry point requires
  // fs-extra, which 1.1.2 does not declare as a dependency (so require('@microsoft/app-manifest') fails
  // in a clean install). The schemas are validated with the same ajv set-up the package uses.
  const root = path.dirname(pkgJson);
  const { version } = require(pkgJson);
  return { root, version };
}

const compiled = new Map();

/** Validates `doc` against a bundled draft-04 (or 2020-12) schema file; returns "path message" strings. */
function validateAgainstSchemaFile(fs, schemaFile, doc) {
  let validate = compiled.get(schemaFile);
  if (!validate) {
    const schema = readSchema(fs, schemaFile);
    const Ajv = String(schema.$schema).includes('2020-12') ? require('ajv/dist/2020') : require('ajv-draft-04');
    const compile = (unicodeRegExp) => {
      const ajv = new Ajv({ allErrors: true, strictTypes: false, unicodeRegExp });
      require('ajv-formats')(ajv, ['uri', 'email', 'regex']);
      return ajv.compile(schema);
    };
    try {
      validate = compile(true);
    } catch (e) {
      // The Localization schemas (v1.2x) contain a pattern with an unescaped "]" that is legal only
      // without the RegExp "u" flag; compile those patterns the way a browser would.
      if (!(e instanceof SyntaxError)) throw e;
      validate = compile(false);
    }
    compiled.set(schemaFile, validate);
  }
  if (validate(JSON.parse(JSON.stringify(doc)))) return [];
  return validate.errors.map((e) => `${e.instancePath || '(root)'} ${e.message}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`);
}

function readSchema(fs, file) {
  // same clean-up @microsoft/app-manifest applies to the \a and \v escapes some schema versions contain
  const raw = fs.readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
  return JSON.parse(raw);
}

function parseJson(name, buffer, errors) {
  try {
    return JSON.parse(buffer.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    errors.push(`${name}: not valid JSON (${e.message})`);
    return undefined;
  }
}

/** Yields [jsonPath, string] for every string value in a JSON document. */
function* strings(value, at = '') {
  if (typeof value === 'string') yield [at || '(root)', value];
  else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* strings(value[i], `${at}[${i}]`);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* strings(v, at ? `${at}.${k}` : k);
}

/** Resolves a localization key such as `bots[0].commandLists[1].commands[2].title` against the manifest. */
function resolveKey(manifest, key) {
  const parts = key.match(/[^.[\]]+/g) || [];
  let node = manifest;
  for (const p of parts) {
    if (node === null || typeof node !== 'object' || !(p in node)) return undefined;
    node = node[p];
  }
  return node;
}

function checkPlaceholders(name, doc, errors) {
  for (const [at, s] of strings(doc)) {
    for (const m of s.matchAll(PLACEHOLDER)) errors.push(`${name}: placeholder ${m[0]} at ${at} was not filled`);
  }
}

function expectedSchemaUrl(version, file) {
  return `${SCHEMA_BASE}/v${version}/${file}`;
}

function normaliseSchemaUrl(url) {
  // developer.microsoft.com also serves the schemas under a locale segment (/en-us/json-schemas/...)
  return typeof url === 'string' ? url.replace(/^https:\/\/developer\.microsoft\.com\/[a-z]{2}(-[a-z]{2})?\/json-schemas\//i, 'https://developer.microsoft.com/json-schemas/') : url;
}

function checkOutlineIcon(name, png, errors) {
  if (png.width !== 32 || png.height !== 32) errors.push(`${name}: outline icon must be 32x32, is ${png.width}x${png.height}`);
  let visible = 0, transparent = 0, coloured = 0;
  let firstBad = null;
  for (let i = 0; i < png.rgba.length; i += 4) {
    const a = png.rgba[i + 3];
    if (a === 0) { transparent++; continue; }
    visible++;
    if (png.rgba[i] !== 255 || png.rgba[i + 1] !== 255 || png.rgba[i + 2] !== 255) {
      coloured++;
      if (!firstBad) {
        const p = i / 4;
        firstBad = `(${p % png.width},${Math.floor(p / png.width)}) = rgba(${png.rgba[i]},${png.rgba[i + 1]},${png.rgba[i + 2]},${a})`;
      }
    }
  }
  if (coloured) errors.push(`${name}: outline icon must be white on transparent; ${coloured} visible pixel(s) are not white, first at ${firstBad}`);
  if (!transparent) errors.push(`${name}: outline icon has no transparent pixels (the background must be transparent)`);
  if (!visible) errors.push(`${name}: outline icon is completely transparent`);
  const corners = [0, png.width - 1, (png.height - 1) * png.width, png.height * png.width - 1];
  if (png.width && corners.some((p) => png.rgba[p * 4 + 3] !== 0)) errors.push(`${name}: outline icon corners must be transparent (no background fill)`);
}

function checkBotCommands(where, commandLists, errors) {
  (commandLists || []).forEach((list, li) => {
    const titles = new Set();
    (list.commands || []).forEach((cmd, ci) => {
      const at = `${where}bots[0].commandLists[${li}].commands[${ci}]`;
      if (typeof cmd.title === 'string') {
        if (cmd.title.length > BOT_COMMAND_TITLE_MAX) errors.push(`${at}.title "${cmd.title}" is ${cmd.title.length} characters; Teams allows ${BOT_COMMAND_TITLE_MAX}`);
        if (!cmd.title.trim()) errors.push(`${at}.title is empty`);
        const key = cmd.title.trim().toLocaleLowerCase('pl');
        if (titles.has(key)) errors.push(`${at}.title "${cmd.title}" is listed twice in the same command list`);
        titles.add(key);
      }
      if (typeof cmd.description === 'string' && cmd.description.length > BOT_COMMAND_DESCRIPTION_MAX) {
        errors.push(`${at}.description is ${cmd.description.length} characters; Teams allows ${BOT_COMMAND_DESCRIPTION_MAX}`);
      }
    });
  });
}

/**
 * @param {Map<string, Buffer>} files  package entries (name -> bytes)
 * @param {{fs?: typeof import('fs')}} [options]
 * @returns {Promise<{errors:string[], warnings:string[], info:string[]}>}
 */
async function validatePackage(files, options = {}) {
  const fs = options.fs || require('fs');
  const errors = [], warnings = [], info = [];
  const fetchAttempts = installFetchTrap();
  const { root, version: pkgVersion } = loadAppManifestPackage();

  for (const name of files.keys()) {
    if (name.includes('/')) errors.push(`package: "${name}" is in a folder; Teams needs every file at the root of the zip`);
  }
  if (!files.has('manifest.json')) {
    errors.push('package: manifest.json is missing from the root of the zip');
    return { errors, warnings, info };
  }
  const manifest = parseJson('manifest.json', files.get('manifest.json'), errors);
  if (!manifest || typeof manifest !== 'object') return { errors, warnings, info };
  checkPlaceholders('manifest.json', manifest, errors);
  const referenced = new Set(['manifest.json']);

  // --- schema ---
  const mv = manifest.manifestVersion;
  const schemaDir = path.join(root, 'build', 'json-schemas', 'teams', `v${mv}`);
  const schemaFile = path.join(schemaDir, 'MicrosoftTeams.schema.json');
  const bundled = fs.readdirSync(path.join(root, 'build', 'json-schemas', 'teams')).filter((d) => /^v\d/.test(d)).map((d) => d.slice(1));
  if (typeof mv !== 'string' || !fs.existsSync(schemaFile)) {
    errors.push(`manifest.json: manifestVersion ${JSON.stringify(mv)} has no schema bundled in @microsoft/app-manifest@${pkgVersion} (bundled: ${bundled.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).join(', ')}); it cannot be validated offline`);
  } else {
    const expected = expectedSchemaUrl(mv, 'MicrosoftTeams.schema.json');
    if (normaliseSchemaUrl(manifest.$schema) !== expected) errors.push(`manifest.json: $schema is ${JSON.stringify(manifest.$schema)}; for manifestVersion ${mv} it must be ${expected}`);
    const schemaErrors = validateAgainstSchemaFile(fs, schemaFile, manifest);
    for (const e of schemaErrors) errors.push(`manifest.json: ${e}`);
    if (!schemaErrors.length) info.push(`manifest.json: schema valid against ${path.relative(path.join(root, '..', '..'), schemaFile)} (@microsoft/app-manifest@${pkgVersion})`);
  }

  // --- Teams rules beyond the schema ---
  if (typeof manifest.version === 'string' && !SEMVER.test(manifest.version)) errors.push(`manifest.json: version "${manifest.version}" must be MAJOR.MINOR.PATCH`);
  for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) {
    const url = manifest.developer && manifest.developer[key];
    if (typeof url === 'string' && !/^https:\/\/[^/\s]+/i.test(url)) errors.push(`manifest.json: developer.${key} "${url}" must be an https:// URL`);
  }
  const domains = Array.isArray(manifest.validDomains) ? manifest.validDomains : [];
  const seenDomains = new Set();
  domains.forEach((d, i) => {
    if (typeof d !== 'string') return;
    if (!VALID_DOMAIN.test(d)) errors.push(`manifest.json: validDomains[${i}] "${d}" is not a host name (no scheme, path or spaces; "*." only as the first label)`);
    else if (d.startsWith('*.') && d.split(':')[0].split('.').length < 3) errors.push(`manifest.json: validDomains[${i}] "${d}" wildcards a top-level domain`);
    if (seenDomains.has(d.toLowerCase())) errors.push(`manifest.json: validDomains[${i}] "${d}" is listed twice`);
    seenDomains.add(d.toLowerCase());
  });
  const bots = Array.isArray(manifest.bots) ? manifest.bots : [];
  for (const [bi, bot] of bots.entries()) {
    if (!bot || typeof bot !== 'object') continue;
    checkBotCommands('manifest.json: ', bot.commandLists, errors);
    const botScopes = new Set(bot.scopes || []);
    const listed = new Set();
    (bot.commandLists || []).forEach((list, li) => {
      for (const s of list.scopes || []) {
        if (!botScopes.has(s)) errors.push(`manifest.json: bots[${bi}].commandLists[${li}] is for scope "${s}", which the bot does not declare in scopes`);
        if (listed.has(s)) errors.push(`manifest.json: bots[${bi}].commandLists has more than one list for scope "${s}"`);
        listed.add(s);
      }
    });
  }
  const botId = bots[0] && bots[0].botId;
  (Array.isArray(manifest.composeExtensions) ? manifest.composeExtensions : []).forEach((ce, i) => {
    if (ce && ce.botId && botId && ce.botId !== botId) errors.push(`manifest.json: composeExtensions[${i}].botId differs from bots[0].botId (ConsultBot serves both from one bot)`);
  });

  // --- icons ---
  const icons = manifest.icons || {};
  for (const [kind, size] of [['color', 192], ['outline', 32], ['color32x32', 32]]) {
    const name = icons[kind];
    if (typeof name !== 'string') continue;
    referenced.add(name);
    if (!files.has(name)) { errors.push(`package: icons.${kind} "${name}" is not in the zip`); continue; }
    let png;
    try { png = decodePng(files.get(name)); } catch (e) { errors.push(`${name}: not a readable PNG (${e.message})`); continue; }
    if (kind === 'outline') checkOutlineIcon(name, png, errors);
    else if (png.width !== size || png.height !== size) errors.push(`${name}: icons.${kind} must be ${size}x${size}, is ${png.width}x${png.height}`);
    if (!errors.some((e) => e.startsWith(`${name}:`))) info.push(`${name}: ${png.width}x${png.height} PNG ok${kind === 'outline' ? ' (white on transparent)' : ''}`);
  }

  // --- localization ---
  const loc = manifest.localizationInfo || {};
  const languageFiles = [];
  if (loc.defaultLanguageFile) languageFiles.push([loc.defaultLanguageTag, loc.defaultLanguageFile]);
  for (const l of Array.isArray(loc.additionalLanguages) ? loc.additionalLanguages : []) {
    if (l && l.languageTag && typeof loc.defaultLanguageTag === 'string' && l.languageTag.toLowerCase() === loc.defaultLanguageTag.toLowerCase()) {
      errors.push(`manifest.json: additionalLanguages repeats the default language "${l.languageTag}"`);
    }
    if (l && typeof l.file === 'string') languageFiles.push([l.languageTag, l.file]);
  }
  const locSchemaFile = path.join(schemaDir, 'MicrosoftTeams.Localization.schema.json');
  for (const [tag, name] of languageFiles) {
    referenced.add(name);
    if (!files.has(name)) { errors.push(`package: localization file "${name}" (${tag}) is not in the zip`); continue; }
    const doc = parseJson(name, files.get(name), errors);
    if (!doc || typeof doc !== 'object') continue;
    checkPlaceholders(name, doc, errors);
    if (fs.existsSync(locSchemaFile)) {
      const expected = expectedSchemaUrl(mv, 'MicrosoftTeams.Localization.schema.json');
      if (doc.$schema !== undefined && normaliseSchemaUrl(doc.$schema) !== expected) errors.push(`${name}: $schema is ${JSON.stringify(doc.$schema)}; with manifestVersion ${mv} it must be ${expected}`);
      const locErrors = validateAgainstSchemaFile(fs, locSchemaFile, doc);
      for (const e of locErrors) errors.push(`${name}: ${e}`);
      if (!locErrors.length) info.push(`${name}: schema valid against ${path.relative(path.join(root, '..', '..'), locSchemaFile)} (${tag})`);
    } else if (typeof mv === 'string') {
      errors.push(`${name}: no localization schema bundled for manifestVersion ${mv}`);
    }
    const localizedCommands = [];
    for (const [key, value] of Object.entries(doc)) {
      if (key === '$schema' || key === 'localizationKeys') continue;
      if (resolveKey(manifest, key) === undefined) errors.push(`${name}: key "${key}" does not match anything in manifest.json`);
      const m = key.match(/^bots\[0\]\.commandLists\[(\d+)\]\.commands\[(\d+)\]\.(title|description)$/);
      if (m) {
        const list = (localizedCommands[m[1]] ||= { commands: [] });
        (list.commands[m[2]] ||= {})[m[3]] = value;
      }
    }
    checkBotCommands(`${name}: `, localizedCommands.map((l) => l || { commands: [] }).map((l) => ({ commands: l.commands.map((c) => c || {}) })), errors);
  }

  for (const name of files.keys()) if (!referenced.has(name)) warnings.push(`package: "${name}" is not referenced by manifest.json`);
  if (fetchAttempts.length) {
    const err = new Error(`the validator tried to download: ${fetchAttempts.join(', ')}`);
    err.code = 'NETWORK';
    throw err;
  }
  return { errors, warnings, info };
}

module.exports = { validatePackage, installFetchTrap, PLACEHOLDER, VALID_DOMAIN, BOT_COMMAND_TITLE_MAX, BOT_COMMAND_DESCRIPTION_MAX };
