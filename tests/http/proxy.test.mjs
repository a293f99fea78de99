// proxy.test.mjs - behind a reverse proxy (haproxy with `option forwardfor`,
// as `make demo-cluster` runs it) the per-address limits count each client,
// not the proxy: MOTCUA_TRUSTED_PROXIES names the proxy, whose
// X-Forwarded-For is then read from the right.  Two clients behind haproxy
// are throttled separately; a forged header, from a client through the
// proxy or sent straight to the server by an untrusted peer, changes
// nothing; the access log names the forwarded client.
//
// Skipped when haproxy is missing (scripts/install-deps.sh installs it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startServer } from './lib/server.mjs';

function haproxyBin() {
  for (const p of ['haproxy', '/usr/sbin/haproxy']) {
    if (spawnSync(p, ['-v'], { stdio: 'ignore' }).status === 0) return p;
  }
  return null;
}
const HAPROXY = haproxyBin();
const skip = !HAPROXY && 'haproxy not installed';
const TRACK_MAX = 30;   // lookups a minute per address (page_track.c)

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

let srv;
let lbProc;
let lbPort;
before(async () => {
  if (skip) return;
  srv = await startServer({
    env: { MOTCUA_TRUSTED_PROXIES: '127.0.0.1', MOTCUA_LOG_ACCESS: '1' },
  });
  lbPort = await freePort();
  const cfg = join(srv.tmpdir, 'haproxy.cfg');
  writeFileSync(cfg, [
    'global', '    maxconn 200',
    'defaults', '    mode http', '    timeout connect 2s', '    timeout client 30s',
    '    timeout server 30s', '    option forwardfor',
    'frontend motcua', `    bind 127.0.0.1:${lbPort}`, '    default_backend app',
    'backend app', `    server a ${srv.url.replace('http://', '')}`, '',
  ].join('\n'));
  lbProc = spawn(HAPROXY, ['-f', cfg, '-db'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await get('127.0.0.1', lbPort, '/healthz')).status === 200) break;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
});
after(async () => {
  lbProc?.kill('SIGTERM');
  await srv?.stop();
});

/** GET path on port from localAddress, with extra headers: { status, text }. */
function get(localAddress, port, path, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, localAddress, headers, agent: false },
      (res) => {
        let text = '';
        res.on('data', (d) => { text += d; });
        res.on('end', () => resolve({ status: res.statusCode, text }));
      });
    req.on('error', reject);
  });
}

let n = 0;
/** One tracking lookup of a code nobody has (a new one each time: no per-code limit). */
function lookup(localAddress, port, headers) {
  n += 1;
  return get(localAddress, port, `/tra-cuu?ma=T20.STP-PX${n}&kiem_tra=0000`, headers);
}

test('two clients behind the proxy are throttled separately', { skip }, async () => {
  for (let i = 0; i < TRACK_MAX; i++) {
    const r = await lookup('127.0.0.2', lbPort);
    assert.notEqual(r.status, 429, `lookup ${i + 1} of the first client`);
  }
  assert.equal((await lookup('127.0.0.2', lbPort)).status, 429, 'the first client waits');
  // The proxy is the peer of both; the second client has its own count.
  const other = await lookup('127.0.0.3', lbPort);
  assert.notEqual(other.status, 429, 'the second client is served');
  // A header the first client forges is kept by haproxy on the left: ignored.
  const forged = await lookup('127.0.0.2', lbPort, { 'X-Forwarded-For': '198.51.100.77' });
  assert.equal(forged.status, 429, 'a forged X-Forwarded-For through the proxy');
  assert.match(srv.output(), /access GET \/tra-cuu\S* 429 \d+ \d+us 127\.0\.0\.2/,
    'the access log names the forwarded client');
});

test('a forged X-Forwarded-For from an untrusted peer is ignored', { skip }, async () => {
  const port = new URL(srv.url).port;
  for (let i = 0; i < TRACK_MAX; i++) {
    const r = await lookup('127.0.0.4', port, { 'X-Forwarded-For': `203.0.113.${i + 1}` });
    assert.notEqual(r.status, 429, `lookup ${i + 1}`);
  }
  const r = await lookup('127.0.0.4', port, { 'X-Forwarded-For': '203.0.113.200' });
  assert.equal(r.status, 429, 'every forged address counted as the peer');
});
