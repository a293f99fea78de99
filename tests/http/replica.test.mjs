// tests/http/replica.test.mjs - a streaming replica and the failover
// runbook of docs/scaling.md: public read-only pages read the replica
// (MOTCUA_DB_REPLICA); a replica that lags more than the bound (its replay
// paused while the primary writes) or that is down (stopped) leaves them
// to the primary, and it serves them again once it catches up or comes
// back; the primary is stopped, the replica promoted, and the app server,
// whose URL lists both hosts with target_session_attrs=read-write,
// reconnects to the new primary and accepts submissions again; no
// acknowledged dossier is lost.
//
// It makes its own primary (scripts/pg.sh start) and replica (scripts/pg.sh
// replica: pg_basebackup), since it stops one of them; it runs on the
// PostgreSQL lane (MOTCUA_TEST_PG), where the server programs are known to
// be there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, pgAdmin, dbRows } from './lib/server.mjs';
import { registerCitizen, submitDossier, loadAgencies, get } from './lib/dossier-helpers.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NOW = '2026-02-13T09:00:00+07:00';

function pg(...args) {
  return execFileSync('sh', [join(ROOT, 'scripts/pg.sh'), ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim();
}

const portOf = (url) => /:(\d+)\//.exec(url)[1];

test('public pages read the replica; after the primary stops and the replica is promoted the' +
  ' server accepts submissions again and loses no acknowledged dossier',
{ skip: !pgAdmin() && 'PostgreSQL lane', timeout: 300000 }, async () => {
  // Two folders of their own: pg.sh hands each to the cluster's user.
  const primaryDir = mkdtempSync(join(tmpdir(), 'motcua-primary-'));
  const replicaDir = mkdtempSync(join(tmpdir(), 'motcua-replica-'));
  let srv = null;
  try {
    const admin = pg('start', primaryDir);
    const primary = pg('createdb', primaryDir, 'motcua');
    const replicaAdmin = pg('replica', replicaDir, primaryDir);
    const replica = replicaAdmin.replace(/\/[^/]*$/, '/motcua');
    const both = `postgresql://postgres@127.0.0.1:${portOf(admin)},127.0.0.1:` +
      `${portOf(replicaAdmin)}/motcua?target_session_attrs=read-write&connect_timeout=5`;
    srv = await startServer({ db: both, env: { MOTCUA_NOW: NOW, MOTCUA_DB_REPLICA: replica,
      MOTCUA_REPLICA_MAX_LAG: '5' } });
    loadAgencies(srv);
    const citizen = await registerCitizen(srv, 'Vũ Thị Dự Phòng');
    const acked = [];
    for (let i = 0; i < 3; i++) {
      const r = await submitDossier(srv, citizen.jar);
      assert.equal(r.status, 303, r.html);
      acked.push(r.code);
    }

    // The procedure page and the catalogue API are read from the replica.
    const clients = () => Number(dbRows(replica, `SELECT count(*) AS n FROM pg_stat_activity
      WHERE datname = 'motcua' AND backend_type = 'client backend'`)[0].n);
    const before = clients();
    for (const path of ['/thu-tuc/2.000635', '/thu-tuc', '/api/v1/procedures?q=h%E1%BB%99+t%E1%BB%8Bch',
      '/api/v1/feedback/public', '/chat-luong']) {
      const page = await get(srv, path);
      assert.equal(page.status, 200, path);
    }
    assert.ok(clients() > before, 'the app server has connections to the replica');
    const page = await get(srv, '/thu-tuc/2.000635');
    assert.match(await page.text(), /trích lục/i);

    // Which server runs the public pages: the replica's client backends
    // (not ours, not the server's lag check) that ran a statement since t.
    const replicaNow = () => dbRows(replica, 'SELECT now()::text AS t')[0].t;
    const replicaRan = (t) => Number(dbRows(replica, `SELECT count(*) AS n FROM pg_stat_activity
      WHERE datname = 'motcua' AND backend_type = 'client backend' AND pid <> pg_backend_pid()
      AND state_change > '${t}'::timestamptz AND query NOT LIKE '%pg_is_in_recovery%'`)[0].n);
    const publicPages = async () => {
      for (const path of ['/thu-tuc/2.000635', '/thu-tuc', '/api/v1/procedures?q=h%E1%BB%99+t%E1%BB%8Bch']) {
        const r = await get(srv, path);
        assert.equal(r.status, 200, path);
        if (path === '/thu-tuc/2.000635') assert.match(await r.text(), /trích lục/i);
      }
    };
    // Until pages are served the way wanted (the server asks the replica's
    // lag at most once a second), for at most 60 s.
    const servedBy = async (onReplica) => {
      for (let i = 0; i < 60; i++) {
        const t = replicaNow();
        await publicPages();
        if ((replicaRan(t) > 0) === onReplica) return true;
        await new Promise((res) => setTimeout(res, 1000));
      }
      return false;
    };
    assert.ok(await servedBy(true), 'a caught-up replica serves the public pages');

    // Lagging: replay paused while the primary writes; past the bound
    // (MOTCUA_REPLICA_MAX_LAG) the primary serves them; resumed, the replica again.
    dbRows(replica, 'SELECT pg_wal_replay_pause()');
    const lagged = await submitDossier(srv, citizen.jar);
    assert.equal(lagged.status, 303, lagged.html);
    acked.push(lagged.code);
    assert.ok(await servedBy(false), 'a replica lagging past the bound is left alone');
    assert.equal(dbRows(replica, `SELECT count(*) AS n FROM dossiers WHERE code = '${lagged.code}'`)[0].n,
      0, 'the replica has not replayed the new dossier');
    dbRows(replica, 'SELECT pg_wal_replay_resume()');
    assert.ok(await servedBy(true), 'the replica serves again once it caught up');

    // Down: the replica stopped, the pages are served by the primary (no 503).
    pg('stop', replicaDir);
    for (let i = 0; i < 3; i++) {
      await publicPages();
      await new Promise((res) => setTimeout(res, 600));
    }
    const whileDown = await submitDossier(srv, citizen.jar);
    assert.equal(whileDown.status, 303, whileDown.html);
    acked.push(whileDown.code);
    // Back on the same port: it catches up and serves the public pages again.
    pg('replica', replicaDir, primaryDir, portOf(replicaAdmin));
    assert.ok(await servedBy(true), 'the restarted replica serves again');

    // The runbook: stop the primary, promote the replica.
    pg('stop', primaryDir);
    pg('promote', replicaDir);

    // The server reconnects to the new primary by itself (503 meanwhile, never a crash).
    let after = null;
    for (let i = 0; i < 60 && !after; i++) {
      const r = await submitDossier(srv, citizen.jar).catch(() => null);
      if (r && r.status === 303) after = r.code;
      else await new Promise((res) => setTimeout(res, 500));
    }
    assert.ok(after, 'a submission is accepted after the failover');
    acked.push(after);
    for (let i = 0; i < 2; i++) {
      const r = await submitDossier(srv, citizen.jar);
      assert.equal(r.status, 303, r.html);
      acked.push(r.code);
    }
    const stored = new Set(dbRows(replica, 'SELECT code FROM dossiers').map((r) => r.code));
    for (const code of acked) assert.ok(stored.has(code), `dossier ${code} lost`);
    assert.equal((await get(srv, '/thu-tuc/2.000635')).status, 200);
    assert.ok(primary);
  } finally {
    await srv?.stop();
    try { pg('stop', replicaDir); } catch { /* not started */ }
    try { pg('stop', primaryDir); } catch { /* stopped above */ }
    rmSync(primaryDir, { recursive: true, force: true });
    rmSync(replicaDir, { recursive: true, force: true });
  }
});
