#!/usr/bin/env node
// Black-box check of fast typing (issue 11) in the real Agents Playground: N fresh conversations, each
// running scenarios/rapid.json (messages sent before the previous reply is back, a click followed at once
// by a message). With two bot endpoints the Playground talks to a round-robin proxy, so alternate
// activities of one conversation land on different hosts (start both on one PostgreSQL).
//
//   node rapid-check.cjs --bots http://127.0.0.1:3978/api/messages[,http://127.0.0.1:3979/api/messages]
//        [--runs 5] [--shots DIR]
// Prints one line per conversation and `rapid-check: P/N conversations passed`; exit code 0 only if all did.
'use strict';
const http = require('http');
const path = require('path');
const { spawn } = require('child_process');
const { startPlayground } = require('./run-playground.cjs');

function option(argv, name, fallback) {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
}

/** Forwards each request to the next bot endpoint in turn (method, path, headers and body as they are). */
function roundRobin(targets) {
  let next = 0;
  const counts = targets.map(() => 0);
  const seen = [];
  const server = http.createServer((req, res) => {
    const index = next++ % targets.length;
    counts[index]++;
    const at = Date.now();
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      try {
        const a = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        seen.push({ at, host: index + 1, type: a.type, text: a.text, timestamp: a.timestamp });
      } catch (_) { /* not an activity */ }
    });
    const target = new URL(targets[index]);
    const upstream = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode, up.headers);
      up.pipe(res);
    });
    upstream.on('error', (e) => { res.writeHead(502); res.end(String(e.message)); });
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}/api/messages`, counts, seen, close: () => server.close(),
  })));
}

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('close', (code) => resolve({ code, out }));
  });
}

async function main() {
  const argv = process.argv.slice(2);
  const bots = option(argv, '--bots', 'http://127.0.0.1:3978/api/messages').split(',');
  const runs = Number(option(argv, '--runs', '5'));
  const shots = path.resolve(option(argv, '--shots', 'artifacts/playground-rapid'));
  const proxy = bots.length > 1 ? await roundRobin(bots) : null;
  const endpoint = proxy ? proxy.url : bots[0];
  let passed = 0;
  for (let i = 1; i <= runs; i++) {
    const conversationId = `a:rapid-${Date.now().toString(36)}-${i}`;
    const pg = await startPlayground({ botEndpoint: endpoint, conversationId });
    const t0 = Date.now();
    const dir = path.join(shots, `conversation-${i}`);
    const { code, out } = await run('node', [path.join(__dirname, 'ui-scenario.cjs'), path.join(__dirname, 'scenarios', 'rapid.json'),
      '--pg-url', pg.url, '--shots', dir, '--debug-log', pg.debugLogFile]);
    await pg.stop();
    if (code === 0) passed++;
    const summary = out.trim().split('\n').filter((l) => /^(FAIL|playground ui-scenario)/.test(l.replace(/^\[[^\]]*\]\s*/, ''))).join(' | ');
    console.log(`conversation ${i} (${conversationId}): ${code === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - t0) / 1000).toFixed(1)} s — ${summary}`);
    if (code !== 0) {
      console.log(out);
      if (proxy) {
        console.log('activities as the proxy forwarded them (arrival ms, host, channel timestamp, type, text):');
        for (const s of proxy.seen.slice(-14)) console.log(`  ${s.at} host${s.host} ${s.timestamp} ${s.type} ${JSON.stringify(s.text ?? '')}`);
      }
    }
  }
  if (proxy) {
    console.log(`activities per host: ${proxy.counts.join(' / ')}`);
    proxy.close();
  }
  console.log(`rapid-check: ${passed}/${runs} conversations passed`);
  return passed === runs ? 0 : 1;
}

main().then((code) => process.exit(code), (e) => { console.error(`rapid-check: ${e.stack || e.message}`); process.exit(2); });
