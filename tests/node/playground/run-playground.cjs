#!/usr/bin/env node
// Starts the Microsoft 365 Agents Playground (npm @microsoft/m365agentsplayground, pinned in
// tests/node/package.json) headless, bound to 127.0.0.1 only, on a free port, pointed at a bot.
//
//   node run-playground.cjs --bot http://127.0.0.1:3978/api/messages [--port N] [--run-dir DIR]
//        [--conversation-id ID] [--detach] [--no-bot-check] [--until-stdin-closes]
//   node run-playground.cjs stop --run-dir DIR
//
// Foreground (default): prints one line `PLAYGROUND_READY {"url":...,"port":...,"pid":...,"runDir":...}`
// once GET /_debug/ping answers, then keeps running until SIGINT/SIGTERM (or, with --until-stdin-closes,
// until its stdin closes: a parent that dies takes the Playground with it) and stops the Playground.
// --detach: prints the same line, writes DIR/playground.pid and exits; stop it with `stop --run-dir DIR`.
//
// The Playground gets serviceUrl http://127.0.0.1:PORT/_connector (it is the bot's connector), telemetry
// off, no browser; its logs go to DIR/playground.log (stdout+stderr) and DIR/playground-debug.log (every
// activity, "bot unreachable" errors). It refuses a port that is taken (the Playground itself would
// silently fall back to a random one) and fails fast when the bot does not answer.
// Module use: const { startPlayground } = require('./run-playground.cjs'); const pg = await startPlayground({ botEndpoint }); ... await pg.stop();
'use strict';
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const PRELOAD = path.join(__dirname, 'loopback-only.cjs');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function playgroundCli() {
  const pkg = require.resolve('@microsoft/m365agentsplayground/package.json', { paths: [__dirname, path.join(__dirname, '..')] });
  return path.join(path.dirname(pkg), 'cli.js');
}

/** A port nobody listens on right now (127.0.0.1). */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function portTaken(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    sock.setTimeout(1000);
    sock.once('connect', () => { sock.destroy(); resolve(true); });
    sock.once('error', () => resolve(false));
    sock.once('timeout', () => { sock.destroy(); resolve(false); });
  });
}

async function botAnswers(endpoint) {
  try {
    await fetch(endpoint, { method: 'HEAD', signal: AbortSignal.timeout(3000) });
    return true; // any HTTP status will do (405 is normal for HEAD /api/messages)
  } catch (_) { return false; }
}

function alive(pid) { try { process.kill(pid, 0); return true; } catch (_) { return false; } }

/** Stops the Playground's process group (SIGTERM, then SIGKILL after 3 s). */
async function killGroup(pid) {
  if (!pid || !alive(pid)) return;
  try { process.kill(-pid, 'SIGTERM'); } catch (_) { try { process.kill(pid, 'SIGTERM'); } catch (_) { /* gone */ } }
  for (let i = 0; i < 30 && alive(pid); i++) await sleep(100);
  if (alive(pid)) { try { process.kill(-pid, 'SIGKILL'); } catch (_) { try { process.kill(pid, 'SIGKILL'); } catch (_) { /* gone */ } } }
}

const readLog = (f) => { try { return fs.readFileSync(f, 'utf8'); } catch (_) { return ''; } };

async function startPlayground({ botEndpoint, port, runDir, conversationId, checkBot = true, timeoutMs = 30000, log = () => {} } = {}) {
  if (!botEndpoint) throw new Error('botEndpoint (--bot) is required, e.g. http://127.0.0.1:3978/api/messages');
  const u = new URL(botEndpoint);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) throw new Error(`the bot must be on loopback, got ${u.hostname}`);
  if (checkBot && !(await botAnswers(botEndpoint))) {
    throw new Error(`the bot does not answer at ${botEndpoint}: start it first (activities sent before it is up are lost)`);
  }
  port = port ? Number(port) : await freePort();
  if (await portTaken(port)) throw new Error(`port ${port} is already in use on 127.0.0.1`);
  runDir = path.resolve(runDir || fs.mkdtempSync(path.join(os.tmpdir(), 'consultbot-playground-')));
  fs.mkdirSync(runDir, { recursive: true });
  const outFile = path.join(runDir, 'playground.log');
  const debugFile = path.join(runDir, 'playground-debug.log');
  const out = fs.openSync(outFile, 'w');
  const args = [playgroundCli(), '-e', botEndpoint, '-c', 'msteams', '-p', String(port),
    '--su', `http://127.0.0.1:${port}/_connector`, '--dt'];
  if (conversationId) args.push('--conversation-id', conversationId);
  const t0 = Date.now();
  // cwd = runDir: it writes ./devTools/... and reads ./.m365agentsplayground.yml from its cwd.
  const child = spawn(process.execPath, args, {
    cwd: runDir,
    detached: true, // own process group: stop() kills it and anything it spawned
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      TEAMSAPPTESTER_BROWSER: 'none',
      M365_AGENTS_PLAYGROUND_LOGFILE: debugFile,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS || ''} --require ${PRELOAD}`.trim(),
    },
  });
  fs.closeSync(out);
  let exited = null;
  child.once('exit', (code, signal) => { exited = { code, signal }; });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => { await killGroup(child.pid); };
  try {
    for (;;) {
      if (exited) throw new Error(`the Playground exited (${JSON.stringify(exited)}) before answering; log:\n${readLog(outFile)}`);
      const bound = [...readLog(outFile).matchAll(/\[loopback-only\] listening ([\d.:a-f]+):(\d+)/g)].map((m) => Number(m[2]));
      if (bound.length && !bound.includes(port)) {
        throw new Error(`the Playground bound ${bound.join(', ')} instead of ${port} (port taken meanwhile?)`);
      }
      try {
        const r = await fetch(`${url}/_debug/ping`, { signal: AbortSignal.timeout(1000) });
        if (r.ok && bound.includes(port)) break;
      } catch (_) { /* not up yet */ }
      if (Date.now() - t0 > timeoutMs) throw new Error(`the Playground did not answer ${url}/_debug/ping within ${timeoutMs} ms; log:\n${readLog(outFile)}`);
      await sleep(100);
    }
  } catch (e) {
    await stop();
    throw e;
  }
  log(`playground up at ${url}/ in ${Date.now() - t0} ms (pid ${child.pid}, bot ${botEndpoint}, logs ${runDir})`);
  return { url, port, pid: child.pid, runDir, logFile: outFile, debugLogFile: debugFile, child, stop };
}

function option(argv, name, fallback) {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
}

async function main(argv) {
  const log = (s) => process.stderr.write(`[run-playground] ${s}\n`);
  if (argv[0] === 'stop') {
    const runDir = option(argv, '--run-dir');
    if (!runDir) throw new Error('stop needs --run-dir DIR');
    const pidFile = path.join(runDir, 'playground.pid');
    const pid = Number(readLog(pidFile).trim());
    if (!pid) { log(`no ${pidFile}`); return 0; }
    await killGroup(pid);
    fs.rmSync(pidFile, { force: true });
    log(`stopped pid ${pid}`);
    return 0;
  }
  const detach = argv.includes('--detach');
  const pg = await startPlayground({
    botEndpoint: option(argv, '--bot', process.env.BOT_ENDPOINT),
    port: option(argv, '--port', process.env.PG_PORT),
    runDir: option(argv, '--run-dir'),
    conversationId: option(argv, '--conversation-id'),
    checkBot: !argv.includes('--no-bot-check'),
    log,
  });
  const ready = { url: pg.url, port: pg.port, pid: pg.pid, runDir: pg.runDir };
  if (detach) {
    fs.writeFileSync(path.join(pg.runDir, 'playground.pid'), String(pg.pid));
    pg.child.unref();
    process.stdout.write(`PLAYGROUND_READY ${JSON.stringify(ready)}\n`);
    return 0;
  }
  process.stdout.write(`PLAYGROUND_READY ${JSON.stringify(ready)}\n`);
  await new Promise((resolve) => {
    let done = false;
    const finish = (why) => { if (!done) { done = true; log(`stopping (${why})`); resolve(); } };
    process.once('SIGINT', () => finish('SIGINT'));
    process.once('SIGTERM', () => finish('SIGTERM'));
    if (argv.includes('--until-stdin-closes')) {
      process.stdin.on('data', () => {});
      process.stdin.once('end', () => finish('stdin closed'));
      process.stdin.once('error', () => finish('stdin error'));
    }
    pg.child.once('exit', (code) => finish(`playground exited with ${code}; log:\n${readLog(pg.logFile)}`));
  });
  await pg.stop();
  return 0;
}

module.exports = { startPlayground, freePort };

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (e) => {
    process.stderr.write(`[run-playground] FAILED: ${e.message}\n`);
    process.exit(1);
  });
}
