'use strict';
// node --test tests/node/manifest/
// Builds the real app package into a temp dir and checks it is valid, then feeds the builder
// deliberately broken inputs to show that the validator catches them.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { readZip, writeZip } = require('./zip');
const { decodePng, encodePng } = require('./png');
const { PLACEHOLDERS, DEV_TEAMS_APP_ID, DEV_BOT_ID } = require('./build-package');
const { colorIcon, outlineIcon } = require('./make-icons');

const BUILD = path.join(__dirname, 'build-package.js');
const SOURCE = path.resolve(__dirname, '..', '..', '..', 'manifest');
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'consultbot-manifest-'));
test.after(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

let counter = 0;
const tempDir = (label) => fs.mkdtempSync(path.join(tmpRoot, `${label}-${counter++}-`));

/** Environment without any placeholder keys, so a developer's own .env/shell does not leak in. */
function cleanEnv(extra = {}) {
  const env = { ...process.env };
  for (const p of PLACEHOLDERS) for (const k of p.keys) delete env[k];
  return { ...env, ...extra };
}

/** Runs build-package.js into a fresh temp dir; never touches manifest/build or the repo's .env. */
function build({ template, env = {}, envFile, extraArgs = [] } = {}) {
  const dir = tempDir('build');
  const out = path.join(dir, 'appPackage.zip');
  const args = [BUILD, '--build-dir', dir, '--out', out, '--dotenv', envFile || path.join(dir, 'no.env'), ...extraArgs];
  if (template) args.push('--template', template);
  const r = spawnSync(process.execPath, args, { env: cleanEnv(env), encoding: 'utf8' });
  const output = r.stdout + r.stderr;
  const files = fs.existsSync(out) ? readZip(fs.readFileSync(out)) : null;
  const manifest = files && files.has('manifest.json') ? JSON.parse(files.get('manifest.json')) : null;
  return { code: r.status, output, out, dir, files, manifest };
}

function check(zipPath) {
  const r = spawnSync(process.execPath, [BUILD, '--check', zipPath], { env: cleanEnv(), encoding: 'utf8' });
  return { code: r.status, output: r.stdout + r.stderr };
}

/** Copies manifest/ sources to a temp dir, lets the test break them, returns the template path. */
function variant({ manifest: mutateManifest, localization: mutateLocalization, files: mutateFiles } = {}) {
  const dir = tempDir('src');
  for (const f of ['manifest.template.json', 'en-us.json', 'color.png', 'outline.png']) fs.copyFileSync(path.join(SOURCE, f), path.join(dir, f));
  const edit = (file, fn) => {
    if (!fn) return;
    const doc = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    const replaced = fn(doc);
    fs.writeFileSync(path.join(dir, file), JSON.stringify(replaced === undefined ? doc : replaced, null, 2));
  };
  edit('manifest.template.json', mutateManifest);
  edit('en-us.json', mutateLocalization);
  if (mutateFiles) mutateFiles(dir);
  return path.join(dir, 'manifest.template.json');
}

const assertInvalid = (r, ...needles) => {
  assert.equal(r.code, 1, `expected exit 1 (invalid), got ${r.code}:\n${r.output}`);
  assert.match(r.output, /INVALID/);
  for (const n of needles) assert.ok(r.output.includes(n), `expected output to mention ${JSON.stringify(n)}:\n${r.output}`);
};

test('the real template builds into a valid package (development defaults, no .env)', () => {
  const r = build();
  assert.equal(r.code, 0, r.output);
  assert.match(r.output, /^VALID$/m);
  assert.match(r.output, /schema valid/);
  assert.deepEqual([...r.files.keys()].sort(), ['color.png', 'en-us.json', 'manifest.json', 'outline.png']);
  // the unpacked copy next to the zip is the same as what was zipped
  for (const [name, data] of r.files) assert.ok(fs.readFileSync(path.join(r.dir, name)).equals(data), name);

  const m = r.manifest;
  assert.equal(m.manifestVersion, '1.22');
  assert.equal(m.$schema, 'https://developer.microsoft.com/json-schemas/teams/v1.22/MicrosoftTeams.schema.json');
  assert.equal(m.id, DEV_TEAMS_APP_ID);
  assert.equal(m.bots[0].botId, DEV_BOT_ID);
  assert.equal(m.composeExtensions[0].botId, DEV_BOT_ID);
  assert.deepEqual(m.validDomains, ['localhost']);
  assert.equal(m.localizationInfo.defaultLanguageTag, 'pl-pl');
  assert.deepEqual(m.localizationInfo.additionalLanguages, [{ languageTag: 'en-us', file: 'en-us.json' }]);
  assert.doesNotMatch(r.files.get('manifest.json').toString(), /\$\{\{/);
});

test('command lists, scopes and the search message extension are as specified', () => {
  const m = build().manifest;
  const bot = m.bots[0];
  assert.deepEqual(bot.scopes, ['personal', 'team', 'groupChat']);
  assert.equal(bot.supportsFiles, false);
  assert.equal(bot.isNotificationOnly, false);
  const byScope = Object.fromEntries(bot.commandLists.map((l) => [l.scopes.join(','), l.commands.map((c) => c.title)]));
  assert.deepEqual(byScope.personal, ['pomoc', 'dobierz model', 'lista kontrolna', 'konsultant', 'moje zgłoszenia', 'anuluj']);
  for (const shared of ['team', 'groupChat']) {
    assert.ok(byScope[shared], `no command list for ${shared}`);
    assert.ok(!byScope[shared].includes('moje zgłoszenia'), `${shared} must not offer personal data commands`);
    assert.ok(byScope[shared].includes('pomoc') && byScope[shared].includes('anuluj'));
  }
  for (const c of bot.commandLists.flatMap((l) => l.commands)) {
    assert.ok(c.title.length <= 32 && c.description.length > 0 && c.description.length <= 128, c.title);
  }
  const [ext] = m.composeExtensions;
  const [cmd] = ext.commands;
  assert.equal(cmd.id, 'searchFaq');
  assert.equal(cmd.type, 'query');
  assert.equal(cmd.title, 'Szukaj w bazie wiedzy');
  assert.deepEqual(cmd.parameters.map((p) => p.name), ['q']);
});

test('placeholders come from .env (TeamsAppId, MicrosoftAppId, BotDomain) and the environment wins', () => {
  const dir = tempDir('env');
  const envFile = path.join(dir, '.env');
  fs.writeFileSync(envFile, [
    '# ConsultBot settings',
    'TeamsAppId=11111111-2222-3333-4444-555555555555',
    'export MicrosoftAppId="aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"',
    'MicrosoftAppPassword=not-used-by-the-manifest',
    'BotDomain=https://ConsultBot.Example.pl/api/messages   # pasted as a URL by mistake',
    'TeamsAppVersion=1.4.2',
  ].join('\n'));
  let r = build({ envFile });
  assert.equal(r.code, 0, r.output);
  assert.equal(r.manifest.id, '11111111-2222-3333-4444-555555555555');
  assert.equal(r.manifest.bots[0].botId, 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
  assert.deepEqual(r.manifest.validDomains, ['consultbot.example.pl']);
  assert.equal(r.manifest.version, '1.4.2');
  assert.equal(r.manifest.developer.privacyUrl, 'https://consultbot.example.pl/privacy');
  assert.doesNotMatch(r.output, /not-used-by-the-manifest/);

  r = build({ envFile, env: { TeamsAppId: '99999999-8888-7777-6666-555555555555', BOT_DOMAIN: 'bot.example.org' } });
  assert.equal(r.code, 0, r.output);
  assert.equal(r.manifest.id, '99999999-8888-7777-6666-555555555555');
  assert.deepEqual(r.manifest.validDomains, ['bot.example.org']);
  assert.match(r.output, /environment TeamsAppId/);
});

test('a deliberately broken manifest (bad id, no name.short, scope "everywhere") is reported invalid', () => {
  const template = variant({
    manifest: (m) => {
      m.id = 'not-a-guid';
      delete m.name.short;
      m.bots[0].scopes.push('everywhere');
    },
  });
  const r = build({ template });
  assertInvalid(r,
    'manifest.json: /id must match pattern',
    "manifest.json: /name must have required property 'short'",
    'manifest.json: /bots/0/scopes/3 must be equal to one of the allowed values');
});

test('an unfilled placeholder is reported', () => {
  const template = variant({ manifest: (m) => { m.developer.name = '${{PUBLISHER_NAME}}'; } });
  assertInvalid(build({ template }), 'placeholder ${{PUBLISHER_NAME}} at developer.name was not filled');
});

test('bot command titles over 32 and descriptions over 128 characters are reported (manifest and en-us.json)', () => {
  const template = variant({
    manifest: (m) => {
      m.bots[0].commandLists[0].commands[0].title = 'pomoc '.repeat(6); // 36 characters
      m.bots[0].commandLists[1].commands[0].description = 'x'.repeat(129);
    },
    localization: (l) => { l['bots[0].commandLists[2].commands[1].title'] = 'choose the most suitable model now'; },
  });
  assertInvalid(build({ template }),
    'manifest.json: bots[0].commandLists[0].commands[0].title "pomoc pomoc pomoc pomoc pomoc pomoc " is 36 characters; Teams allows 32',
    'manifest.json: bots[0].commandLists[1].commands[0].description is 129 characters; Teams allows 128',
    'en-us.json: bots[0].commandLists[2].commands[1].title "choose the most suitable model now" is 34 characters');
});

test('a broken localization file is reported against the Localization schema', () => {
  const template = variant({
    localization: (l) => {
      delete l['description.short'];
      l['bots[0].commandLists[0].commands[9].title'] = 'ghost';
      l.nickname = 'ConsultBot';
    },
  });
  assertInvalid(build({ template }),
    "en-us.json: (root) must have required property 'description.short'",
    'en-us.json: (root) must NOT have additional properties {"additionalProperty":"nickname"}',
    'en-us.json: key "bots[0].commandLists[0].commands[9].title" does not match anything in manifest.json');
});

test('wrong icon sizes and a coloured outline icon are reported', () => {
  const template = variant({
    files: (dir) => {
      fs.writeFileSync(path.join(dir, 'color.png'), encodePng(100, 100, new Uint8Array(100 * 100 * 4).fill(200)));
      const outline = decodePng(fs.readFileSync(path.join(dir, 'outline.png')));
      outline.rgba.set([255, 0, 0, 255], (16 * 32 + 16) * 4); // a red pixel in the middle
      fs.writeFileSync(path.join(dir, 'outline.png'), encodePng(32, 32, outline.rgba));
    },
  });
  assertInvalid(build({ template }),
    'color.png: icons.color must be 192x192, is 100x100',
    'outline.png: outline icon must be white on transparent; 1 visible pixel(s) are not white, first at (16,16) = rgba(255,0,0,255)');

  const opaque = variant({ files: (dir) => fs.writeFileSync(path.join(dir, 'outline.png'), encodePng(32, 32, new Uint8Array(32 * 32 * 4).fill(255))) });
  assertInvalid(build({ template: opaque }), 'outline icon has no transparent pixels');

  const missing = variant({ files: (dir) => fs.rmSync(path.join(dir, 'color.png')) });
  assertInvalid(build({ template: missing }), 'package: icons.color "color.png" is not in the zip');
});

test('an invalid BotDomain is reported in validDomains', () => {
  assertInvalid(build({ env: { BotDomain: 'bot domain.example.pl' } }), 'validDomains[0] "bot domain.example.pl" is not a host name');
  assertInvalid(build({ env: { BotDomain: '*.pl' } }), 'validDomains[0] "*.pl" wildcards a top-level domain');
});

test('a manifest version without a bundled schema (1.18) is invalid, and nothing is downloaded', () => {
  const template = variant({
    manifest: (m) => {
      m.manifestVersion = '1.18';
      m.$schema = 'https://developer.microsoft.com/json-schemas/teams/v1.18/MicrosoftTeams.schema.json';
    },
  });
  const r = build({ template });
  assertInvalid(r, 'manifestVersion "1.18" has no schema bundled in @microsoft/app-manifest@1.1.2');
  assert.doesNotMatch(r.output, /NETWORK|download/i);
});

test('a $schema that does not match manifestVersion is reported', () => {
  const template = variant({ manifest: (m) => { m.$schema = 'https://developer.microsoft.com/json-schemas/teams/v1.17/MicrosoftTeams.schema.json'; } });
  assertInvalid(build({ template }), '$schema is "https://developer.microsoft.com/json-schemas/teams/v1.17/MicrosoftTeams.schema.json"; for manifestVersion 1.22 it must be');
});

test('--check validates an existing zip: good package, files in a folder, no manifest, not a zip', () => {
  const good = build();
  assert.equal(check(good.out).code, 0);

  const dir = tempDir('check');
  const nested = path.join(dir, 'nested.zip');
  fs.writeFileSync(nested, writeZip([...good.files].map(([name, data]) => ({ name: `appPackage/${name}`, data }))));
  assertInvalid(check(nested), 'package: manifest.json is missing from the root of the zip', 'is in a folder');

  const notZip = path.join(dir, 'not.zip');
  fs.writeFileSync(notZip, 'hello');
  assertInvalid(check(notZip), 'not a ZIP file');
});

test('bad arguments exit with 2', () => {
  const r = spawnSync(process.execPath, [BUILD, '--frobnicate'], { env: cleanEnv(), encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown argument "--frobnicate"/);
  const missing = spawnSync(process.execPath, [BUILD, '--template', path.join(tmpRoot, 'nope.json'), '--build-dir', tempDir('x')], { env: cleanEnv(), encoding: 'utf8' });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot read manifest template/);
});

test('the package is reproducible and readable by other zip tools', (t) => {
  const a = build(), b = build();
  assert.ok(fs.readFileSync(a.out).equals(fs.readFileSync(b.out)), 'two builds of the same input differ');
  const unzip = spawnSync('unzip', ['-t', a.out], { encoding: 'utf8' });
  if (unzip.error) { t.diagnostic('unzip not installed: skipped the cross-check'); return; }
  assert.equal(unzip.status, 0, unzip.stdout + unzip.stderr);
  assert.match(unzip.stdout, /No errors detected/);
});

test('the committed icons are what make-icons.js draws, and look right', () => {
  assert.ok(fs.readFileSync(path.join(SOURCE, 'color.png')).equals(colorIcon()), 'manifest/color.png is stale: run node tests/node/manifest/make-icons.js');
  assert.ok(fs.readFileSync(path.join(SOURCE, 'outline.png')).equals(outlineIcon()), 'manifest/outline.png is stale: run node tests/node/manifest/make-icons.js');
  const color = decodePng(colorIcon());
  const px = (x, y) => Array.from(color.rgba.subarray((y * 192 + x) * 4, (y * 192 + x) * 4 + 4));
  assert.deepEqual(px(0, 0), [255, 255, 255, 255], 'white background');
  assert.deepEqual(px(140, 110), [0x1b, 0x4f, 0x9c, 255], 'blue front bubble');
  assert.deepEqual(px(60, 60), [0xd7, 0x26, 0x3d, 255], 'red back bubble');
});
