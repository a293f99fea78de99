// at_rest.test.mjs - issue 13, data at rest: the database, its WAL and the
// data folder are the service user's only; TOTP secrets are sealed under a
// key kept outside the database (a copy of the database shows none of
// them); `motcua keys rotate` changes the key, reseals old plaintext
// values, and every account still signs in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, dbRows, getForm, postForm } from './lib/server.mjs';
import { addStaff, loadAgencies, motcua, serverClock, staffLogin, PASSWORD, SECRET }
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

// Issue 13, encryption at rest of personal fields: a citizen's CCCD, phone
// and email are sealed in users, each with a blind index (a keyed hash)
// for what the database compares; rotating the key reseals them and
// recomputes the indexes; tracking by the phone's last digits, which opens
// them, still works.
test('an account\'s CCCD, phone and email are sealed, each with a blind index', async () => {
  const cccd = '001090071234';
  const phone = '0912345678';
  const email = 'an.nguyen@example.vn';
  const jar = {};
  const { csrf } = await getForm(srv.url, '/dang-ky', jar);
  const r = await postForm(srv.url, '/dang-ky', { csrf, kind: 'citizen', dong_y: '1',
    full_name: 'Nguyễn Văn An', cccd, phone, email, password: PASSWORD, password2: PASSWORD },
  jar);
  assert.equal(r.status, 303, r.html?.slice(0, 500));
  const row = () => dbRows(srv.db, 'SELECT cccd, phone, email, cccd_bidx, phone_bidx, email_bidx'
    + ` FROM users WHERE login = '${cccd}'`)[0];
  const before = row();
  for (const k of ['cccd', 'phone', 'email']) {
    assert.match(before[k], /^enc1:[0-9a-f]{8}:/, k);
    assert.match(before[`${k}_bidx`], /^[0-9a-f]{32}$/, `${k}_bidx`);
  }
  assert.equal(dbRows(srv.db, `SELECT COUNT(*) AS n FROM users WHERE cccd = '${cccd}'`
    + ` OR phone = '${phone}' OR email = '${email}'`)[0].n, 0);
  // The same CCCD again is refused (one account per person).
  const jar2 = {};
  const f2 = await getForm(srv.url, '/dang-ky', jar2);
  const again = await postForm(srv.url, '/dang-ky', { csrf: f2.csrf, kind: 'citizen',
    dong_y: '1', full_name: 'Nguyễn Văn Bình', cccd, phone: '0912345679', email: '',
    password: PASSWORD, password2: PASSWORD }, jar2);
  assert.equal(again.status, 409);
  assert.match(again.html, /số CCCD này đã có tài khoản/);
  // A value written before sealing existed is sealed at the next start.
  dbRows(srv.db, `UPDATE users SET phone = '${phone}', phone_bidx = NULL WHERE login = '${cccd}'`);
  await srv.stop();
  srv = await startServer({ env: { MOTCUA_NOW: NOW }, db: srv.db, args: ['--data-dir', dir] });
  const started = row();
  assert.match(started.phone, /^enc1:/);
  assert.equal(started.phone_bidx, before.phone_bidx, 'the same key, the same index');
  // Rotation: new sealed texts, new indexes, the values still open.
  await srv.stop();
  assert.match(motcua({ db: srv.db, tmpdir: dir }, 'keys', 'rotate'), /giá trị được mã hóa lại/);
  const rotated = row();
  for (const k of ['cccd', 'phone', 'email']) {
    assert.match(rotated[k], /^enc1:/, k);
    assert.notEqual(rotated[k], started[k], k);
    assert.notEqual(rotated[`${k}_bidx`], before[`${k}_bidx`], `${k}_bidx`);
  }
  srv = await startServer({ env: { MOTCUA_NOW: NOW }, db: srv.db, args: ['--data-dir', dir] });
  const signIn = {};
  const form = await getForm(srv.url, '/dang-nhap', signIn);
  const wrong = await postForm(srv.url, '/dang-nhap', { csrf: form.csrf, login: cccd,
    password: 'sai-mat-khau-1' }, signIn);
  assert.notEqual(wrong.status, 303);
  assert.equal(dbRows(srv.db, 'SELECT COUNT(*) AS n FROM login_failures'
    + ` WHERE key LIKE '%${cccd}%'`)[0].n, 0, 'failures counted under the blind index');
  assert.ok(dbRows(srv.db, "SELECT COUNT(*) AS n FROM login_failures WHERE key LIKE 'pair:%'")[0]
    .n > 0);
  const again2 = await getForm(srv.url, '/dang-nhap', signIn);
  const res = await postForm(srv.url, '/dang-nhap', { csrf: again2.csrf, login: cccd,
    password: PASSWORD }, signIn);
  assert.equal(res.status, 303, 'the citizen still signs in');
  const contacts = await getForm(srv.url, '/tai-khoan', signIn);
  assert.match(contacts.html, /5678/, 'the account page opens the sealed phone');
});

// What the issue asks in full: no plaintext CCCD, phone or email anywhere
// in the database file or its WAL.  Not met yet: the citizen's login is
// their CCCD, one-time codes and the outbox keep the phone they went to,
// and dossiers copy the applicant's phone and CCCD (docs/security.md).
test('the raw database holds no plaintext CCCD, phone or email',
  { todo: 'logins, codes, the outbox and dossiers still hold them' }, () => {
    const raw = rawDatabase();
    for (const v of ['001090071234', '0912345678', 'an.nguyen@example.vn']) {
      assert.ok(!raw.includes(v), v);
    }
  });
