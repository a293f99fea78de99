// tests/http/cluster.test.mjs - two app servers on one PostgreSQL behind
// haproxy (round robin, /readyz checks, connection failures sent to the
// other server): one of them is killed with SIGKILL in the middle of a
// burst of submissions, and every dossier the platform acknowledged (a
// 303 to the new dossier's page) is in the database afterwards; the
// survivor keeps accepting submissions.
//
// PostgreSQL lane only (MOTCUA_TEST_PG); skipped when haproxy is missing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, pgAdmin, dbText } from './lib/server.mjs';
import { registerCitizen, submitDossier, loadAgencies } from './lib/dossier-helpers.mjs';

const PG = pgAdmin();
const NOW = '2026-02-13T09:00:00+07:00';

function haproxyBin() {
  for (const p of ['haproxy', '/usr/sbin/haproxy']) {
    if (spawnSync(p, ['-v'], { stdio: 'ignore' }).status === 0) return p;
  }
  return null;
}
const HAPROXY = haproxyBin();
const skip = (!PG && 'PostgreSQL lane') || (!HAPROXY && 'haproxy not installed');

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

let a;
let b;
let lb;
let dir;
let lbProc;
before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'motcua-cluster-'));
  const env = { MOTCUA_NOW: NOW, MOTCUA_SECRET_FILE: join(dir, 'secret.key'),
    MOTCUA_TRUSTED_PROXIES: '127.0.0.1' };
  a = await startServer({ env });
  // One data key for both (what a and the commands given its folder seal, b opens).
  b = await startServer({ db: a.db,
    env: { ...env, MOTCUA_DATA_KEY_FILE: join(a.tmpdir, 'data.key') } });
  loadAgencies(a);
  const port = await freePort();
  const server = (name, url) => `    server ${name} ${url.replace('http://', '')}` +
    ' check inter 500ms fall 2 rise 1';
  writeFileSync(join(dir, 'haproxy.cfg'), [
    'global', '    maxconn 500',
    'defaults', '    mode http', '    timeout connect 2s', '    timeout client 60s',
    '    timeout server 60s', '    retries 3', '    option redispatch 1',
    '    timeout check 5s', '    option httpchk GET /readyz', '    option forwardfor',
    'frontend motcua', `    bind 127.0.0.1:${port}`, '    default_backend app',
    'backend app', '    balance roundrobin', server('a', a.url), server('b', b.url), '',
  ].join('\n'));
  lbProc = spawn(HAPROXY, ['-f', join(dir, 'haproxy.cfg'), '-db'], { stdio: 'ignore' });
  lb = { url: `http://127.0.0.1:${port}`, db: a.db, tmpdir: a.tmpdir };
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${lb.url}/readyz`)).status === 200) break;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
});
after(async () => {
  lbProc?.kill('SIGTERM');
  await b?.stop();
  await a?.stop().catch(() => {});   // killed on purpose: no clean exit
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('kill -9 of one app server during a burst through haproxy loses no acknowledged dossier',
  { skip }, async () => {
    const people = [];
    for (let i = 0; i < 6; i++) people.push(await registerCitizen(lb, `Người Thứ ${i + 1}`));
    let acknowledged = 0;
    let killed = false;
    const one = async (p) => {
      try {
        const r = await submitDossier(lb, p.jar);
        if (r.code) acknowledged++;
        if (acknowledged >= 4 && !killed) {
          killed = true;
          a.proc.kill('SIGKILL');
        }
        return { code: r.code, status: r.status, afterKill: killed };
      } catch (err) {
        return { code: null, status: String(err.message), afterKill: killed };
      }
    };
    // Four waves of six concurrent submissions; the kill lands in the second.
    const results = [];
    for (let wave = 0; wave < 4; wave++) {
      results.push(...await Promise.all(people.map(one)));
    }
    assert.ok(killed, 'one app server was killed during the burst');
    const codes = results.filter((r) => r.code).map((r) => r.code);
    assert.ok(codes.length >= 12, `most submissions acknowledged: ${results.map((r) => r.status)}`);
    assert.ok(results.some((r) => r.code && r.afterKill), 'the survivor accepts submissions');
    const stored = new Set(dbText(b.db, 'SELECT code FROM dossiers').split('\n'));
    for (const code of codes) assert.ok(stored.has(code), `acknowledged ${code} is stored`);
    assert.equal(new Set(codes).size, codes.length, 'no code handed out twice');
  });
