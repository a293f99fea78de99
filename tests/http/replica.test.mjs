// tests/http/replica.test.mjs - a streaming replica and the failover
// runbook of docs/scaling.md: public read-only pages read the replica
// (MOTCUA_DB_REPLICA); the primary is stopped, the replica promoted, and
// the app server, whose URL lists both hosts with
// target_session_attrs=read-write, reconnects to the new primary and
// accepts submissions again; no acknowledged dossier is lost.
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
