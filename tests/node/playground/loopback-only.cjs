// Preloaded into the Agents Playground (NODE_OPTIONS=--require) by run-playground.cjs.
// The Playground calls listen(port) without a host, which would bind every interface: this makes any
// server that did not name a host bind 127.0.0.1. It also reports every bound TCP address on stderr
// ("[loopback-only] listening 127.0.0.1:PORT"), so the runner can tell whether the Playground really
// took the port it asked for (it silently falls back to a random port when that one is busy).
'use strict';
const net = require('net');

const originalListen = net.Server.prototype.listen;
net.Server.prototype.listen = function loopbackListen(...args) {
  const first = args[0];
  const isPort = typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first));
  if (isPort && typeof args[1] !== 'string') {
    args.splice(1, 0, '127.0.0.1');
  } else if (first && typeof first === 'object' && !Array.isArray(first) && 'port' in first && !first.host && !first.path) {
    args[0] = { ...first, host: '127.0.0.1' };
  }
  this.once('listening', () => {
    const a = this.address();
    if (a && typeof a === 'object') process.stderr.write(`[loopback-only] listening ${a.address}:${a.port}\n`);
  });
  return originalListen.apply(this, args);
};
