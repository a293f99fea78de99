// at_rest.test.mjs - issue 13, data at rest: the database, its WAL and the
// data folder are the service user's only; TOTP secrets are sealed under a
// key kept outside the database (a copy of the database shows none of
// them); `motcua keys rotate` changes the key, reseals old plaintext
// values, and every account still signs in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, dbRows } from './lib/server.mjs';
import { addStaff, loadAgencies, motcua, serverClock, staffLogin, SECRET }
  from './lib/feedback-helpers.mjs';

const NOW = '2026-03-02T09:00:00+07:00';
let srv;
let clock;
let dir;

before(async () => {
  srv = await startServer({ env: { MOTCUA_NOW: NOW }, keepTmp: true });
  dir = srv.tmpdir;
  loadAgencies(srv);
  addStaff(srv, 'cb1', 'Trần Văn Minh', 'reception', 'T20.STP');
  clock = serverClock(NOW);
});
after(async () => {
  await srv?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const mode = (path) => statSync(path).mode & 0o777;

/** The bytes of the database and its WAL, as latin1 text for searching. */
function rawDatabase() {
  const file = join(dir, 't.db');
  return ['', '-wal'].map((s) => (existsSync(file + s) ? readFileSync(file + s, 'latin1') : ''))
    .join('');
}

test('the database, its WAL and the data folder are the service user\'s only', async () => {
  await staffLogin(srv, 'cb1', clock);   // a write: the WAL exists
  if (srv.db.startsWith('sqlite:')) {    // PostgreSQL keeps its files in its own cluster
    const file = join(dir, 't.db');
    assert.equal(mode(file).toString(8), '600');
    assert.ok(existsSync(`${file}-wal`), 'WAL mode');
    assert.equal(mode(`${file}-wal`).toString(8), '600');
  }
  assert.equal(mode(srv.tmpdir).toString(8), '700');
  assert.equal(mode(join(srv.tmpdir, 'data.key')).toString(8), '600');
  assert.equal(mode(join(srv.tmpdir, 'secret.key')).toString(8), '600');
});

test('TOTP secrets are sealed: the database holds no plaintext secret', async () => {
  const [row] = dbRows(srv.db, "SELECT totp_secret FROM users WHERE login = 'cb1'");
  assert.match(row.totp_secret, /^enc1:[0-9a-f]{8}:/);
  assert.ok(!rawDatabase().includes(SECRET), 'no plaintext secret in the file or the WAL');
});

test('keys rotate: a new key, old plaintext sealed, sign-in still works', async () => {
  addStaff(srv, 'cb2', 'Lê Thị Hoa', 'processing', 'T20.STP');
  // A secret written before sealing existed (plaintext) is still read ...
  dbRows(srv.db, `UPDATE users SET totp_secret = '${SECRET}' WHERE login = 'cb2'`);
  assert.ok((await staffLogin(srv, 'cb2', clock)).mc_sid);
  const keyBefore = readFileSync(join(srv.tmpdir, 'data.key')).toString('hex');
  const [before1] = dbRows(srv.db, "SELECT totp_secret FROM users WHERE login = 'cb1'");
  const out = motcua(srv, 'keys', 'rotate');
  assert.match(out, /2 giá trị được mã hóa lại/);
  const keyAfter = readFileSync(join(srv.tmpdir, 'data.key')).toString('hex');
  assert.notEqual(keyAfter, keyBefore);
  assert.ok(!existsSync(join(srv.tmpdir, 'data.key.new')));
  const rows = dbRows(srv.db, "SELECT login, totp_secret FROM users WHERE login IN ('cb1', 'cb2')");
  for (const r of rows) assert.match(r.totp_secret, /^enc1:/, r.login);
  assert.notEqual(rows.find((r) => r.login === 'cb1').totp_secret, before1.totp_secret);
  // The running server loaded the old key: a restarted one reads the new.
  await srv.stop();
  const LATER = '2026-03-02T09:10:00+07:00';   // past the TOTP steps already used
  srv = await startServer({ env: { MOTCUA_NOW: LATER }, db: srv.db, args: ['--data-dir', dir] });
  clock = serverClock(LATER);
  assert.ok((await staffLogin(srv, 'cb1', clock)).mc_sid);
  assert.ok((await staffLogin(srv, 'cb2', clock)).mc_sid);
});
