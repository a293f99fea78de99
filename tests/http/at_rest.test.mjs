// at_rest.test.mjs - issue 13, data at rest: the database, its WAL and the
// data folder are the service user's only; TOTP secrets are sealed under a
// key kept outside the database (a copy of the database shows none of
// them); `motcua keys rotate` changes the key, reseals old plaintext
// values, and every account still signs in; a citizen's CCCD, phone and
// email, and what they declare, appear nowhere in the raw database file
// and its WAL (SQLite) or in a plain-text dump (PostgreSQL).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync }
  from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, dbRows, getForm, motcuaBin, postForm } from './lib/server.mjs';
import { addStaff, loadAgencies, motcua, serverClock, staffLogin, PASSWORD, SECRET, byLogin,
  toRecipient, verifyContact, solveChallenge, sql, unseal } from './lib/feedback-helpers.mjs';
import { submitForm, postMultipart, pdfBytes, AGENCY, PROCEDURE }
  from './lib/dossier-helpers.mjs';

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
/** srv with the data folder that holds the key (restarted servers are given dir). */
const keyed = () => ({ ...srv, tmpdir: dir });

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
    + ` FROM users WHERE ${byLogin(keyed(), cccd)}`)[0];
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
  const where = byLogin(keyed(), cccd);
  dbRows(srv.db, `UPDATE users SET phone = '${phone}', phone_bidx = NULL WHERE ${where}`);
  await srv.stop();
  srv = await startServer({ env: { MOTCUA_NOW: NOW }, db: srv.db, args: ['--data-dir', dir] });
  const started = row();
  assert.equal(where, byLogin(keyed(), cccd), 'the login is kept as its blind index');
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

// What the issue asks in full: no plaintext CCCD, phone, email or declared
// value anywhere at rest.  A citizen registers (sign-in keyed by the CCCD),
// proves the phone (a one-time code, an SMS in the outbox), lodges a
// dossier and keeps a draft whose declarations carry all three and a
// sentence of their own, and a visitor sends feedback verified by a code
// sent to a phone; every value stays readable through the application,
// and none is in the raw file, its WAL, or a pg_dump of the database.
const CCCD = '001090081235';
const PHONE = '0987650123';
const EMAIL = 'binh.tran@example.vn';
const VISITOR = '0976540321';
const LISTED = '0913777456';   // a phone on a campaign's consented list
const PRIVATE = 'Thửa đất số 4471 tờ bản đồ 29 thôn Nà Lình';
const HOME = '024 3826 1234';   // a phone written in groups, each short
const DECLARED = `${PRIVATE}, CCCD ${CCCD}, điện thoại ${PHONE}, nhà ${HOME}, thư ${EMAIL}`;

/** The encodings of a value a raw grep must not find: as typed, digits only, +84. */
function encodings(v) {
  const out = new Set([v, JSON.stringify(v).slice(1, -1)]);
  const digits = v.replace(/\D/g, '');
  if (/^[\d .+-]+$/.test(v)) {
    out.add(digits);
    if (digits.startsWith('0')) { out.add(`84${digits.slice(1)}`); out.add(`+84${digits.slice(1)}`); }
  }
  return [...out];
}

/**
 * Everything the database holds, as text: the SQLite file and WAL bytes and
 * `sqlite3 .dump` of a copy of them, or a plain-text pg_dump.
 */
function rawEverything() {
  const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 28 }).toString('latin1');
  if (!srv.db.startsWith('sqlite:')) return run('pg_dump', ['--no-owner', '--data-only', srv.db]);
  const copy = join(dir, 'copy.db');
  for (const s of ['', '-wal']) {
    if (existsSync(join(dir, `t.db${s}`))) copyFileSync(join(dir, `t.db${s}`), copy + s);
  }
  const dump = run('sqlite3', [copy, '.dump']);
  for (const s of ['', '-wal', '-shm']) rmSync(copy + s, { force: true });
  return rawDatabase() + dump;
}

/** latin1 text of the UTF-8 bytes of s, to compare with rawEverything(). */
const bytesOf = (s) => Buffer.from(s, 'utf8').toString('latin1');

test('the raw database holds no plaintext CCCD, phone, email or declared value', async () => {
  // Register, prove the phone with the code the outbox holds (sealed).
  const jar = {};
  const reg = await getForm(srv.url, '/dang-ky', jar);
  const r = await postForm(srv.url, '/dang-ky', { csrf: reg.csrf, kind: 'citizen', dong_y: '1',
    full_name: 'Trần Thị Bình', cccd: CCCD, phone: PHONE, email: EMAIL, password: PASSWORD,
    password2: PASSWORD }, jar);
  assert.equal(r.status, 303, r.html?.slice(0, 500));
  await verifyContact(keyed(), jar, PHONE);
  // A dossier and a draft declaring the three and a private sentence.
  for (const action of ['luu', 'nop']) {
    const f = await submitForm(srv, jar, PROCEDURE);
    const fd = new FormData();
    fd.append('csrf', f.csrf);
    fd.append('token', f.token);
    fd.append('agency_code', AGENCY);
    fd.append('delivery', 'online');
    for (const name of f.eform.length ? f.eform : ['f_noi_dung']) fd.append(name, DECLARED);
    for (const name of f.docs.length ? f.docs : ['doc_0']) {
      fd.append(name, new Blob([pdfBytes(name)], { type: 'application/pdf' }), `${name}.pdf`);
    }
    fd.append('action', action);
    const res = await postMultipart(srv, `/nop-ho-so/${PROCEDURE}`, fd, jar);
    assert.equal(res.status, 303, `${action}: ${res.html.slice(0, 800)}`);
  }
  const [d] = dbRows(srv.db, 'SELECT code, contact_phone, contact_id, form_data, contact_id_bidx'
    + ' FROM dossiers ORDER BY id DESC LIMIT 1');
  for (const k of ['contact_phone', 'contact_id', 'form_data']) assert.match(d[k], /^enc1:/, k);
  assert.equal(unseal(keyed(), d.contact_phone), PHONE);
  assert.ok(unseal(keyed(), d.form_data).includes(PRIVATE), 'the declaration opens');
  assert.match(sql(srv, 'SELECT form_data FROM dossier_drafts'), /^enc1:/);
  // The citizen reads the dossier; tracking by the phone's last digits still works.
  const page = await getForm(srv.url, `/ho-so/${encodeURIComponent(d.code)}`, jar);
  assert.equal(page.status, 200);
  assert.match(page.html, /Trần Thị Bình/);
  const track = await getForm(srv.url, `/tra-cuu?ma=${encodeURIComponent(d.code)}`
    + `&kiem_tra=${PHONE.slice(-4)}`, {});
  assert.equal(track.status, 200);
  // Search keeps the words but not the numbers and the address.
  const [s] = dbRows(srv.db, `SELECT search_text FROM dossiers WHERE code = '${d.code}'`);
  assert.match(s.search_text, /na linh/);
  for (const v of [CCCD, PHONE, EMAIL]) assert.ok(!s.search_text.includes(v), v);
  // Nor their folded forms: the groups of a spaced number, the words of an email.
  for (const v of ['3826 1234', 'example vn', 'binh tran']) {
    assert.ok(!s.search_text.includes(v), `${v} in ${s.search_text}`);
  }
  assert.match(s.search_text, /thua dat so 4471 to ban do 29/);
  // Anonymous feedback whose sender proved a phone with a code sent by SMS.
  const fjar = {};
  const fb = await getForm(srv.url, '/phan-anh/gui', fjar);
  const fields = { kind: 'phan_anh', category: 'thu_tuc', title: 'Chậm trả kết quả',
    body: 'Hồ sơ của tôi đã quá hạn mà chưa có kết quả.', agency: AGENCY, procedure: '',
    dossier: '', sender_name: 'Lý Văn Sáu', contact: VISITOR, consent: '1' };
  const ask = await postForm(srv.url, '/phan-anh/ma-xac-minh', { csrf: fb.csrf, ...fields,
    challenge: solveChallenge(fb.html),
    challenge_token: /name="challenge_token" value="([^"]+)"/.exec(fb.html)[1] }, fjar);
  assert.equal(ask.status, 200, ask.html.slice(0, 500));
  const body = sql(srv, `SELECT body FROM notify_outbox WHERE ${toRecipient(keyed(), VISITOR)}`
    + ' ORDER BY id DESC LIMIT 1');
  const otp = /(\d{6})/.exec(body)[1];
  const sent = await postForm(srv.url, '/phan-anh/gui', { csrf: fb.csrf, ...fields, otp }, fjar);
  assert.equal(sent.status, 303, sent.html?.slice(0, 500));
  const [item] = dbRows(srv.db, 'SELECT sender_phone FROM feedback ORDER BY id DESC LIMIT 1');
  assert.equal(unseal(keyed(), item.sender_phone), VISITOR);
  // Messages wait in the outbox (no gateway here): their addresses are sealed.
  const queued = dbRows(srv.db, "SELECT recipient FROM notify_outbox WHERE state = 'queued'");
  assert.ok(queued.length > 0, 'an SMS is queued');
  for (const q of queued) assert.match(q.recipient, /^enc1:/);
  // An outreach campaign from a consented list: its audience's addresses are sealed.
  addStaff(keyed(), 'qt.cd', 'Phan Văn Quý', 'agency_admin', 'T20.STP');
  // (the server last started at NOW, a few seconds ago: within the code's window)
  const admin = await staffLogin(keyed(), 'qt.cd', serverClock(NOW));
  const cp = await getForm(srv.url, '/quan-tri/chien-dich', admin);
  const made = await postForm(srv.url, '/quan-tri/chien-dich', { csrf: cp.csrf,
    name: 'Giới thiệu dịch vụ công', audience: 'list', channel: 'sms', control_pct: '0',
    list: `dien_thoai,ho_ten,dong_y\n${LISTED},Mai,có\n`, target_path: '/thu-tuc',
    body: 'Kinh gui {ho_ten}: nop ho so truc tuyen tai {lien_ket}', window_days: '30',
    throttle: '0' }, admin);
  assert.equal(made.status, 303, made.html?.slice(0, 500));
  const listed = dbRows(srv.db, 'SELECT recipient FROM campaign_recipients');
  assert.equal(listed.length, 1);
  assert.match(listed[0].recipient, /^enc1:/);
  assert.equal(unseal(keyed(), listed[0].recipient), LISTED);
  // Nothing in clear at rest, in any of the usual encodings.
  const raw = rawEverything();
  assert.ok(raw.includes(bytesOf('Trần Thị Bình')), 'the search sees the rows (names are kept)');
  for (const v of [CCCD, PHONE, EMAIL, VISITOR, LISTED, PRIVATE, '001090071234',
    'an.nguyen@example.vn']) {
    for (const e of encodings(v)) assert.ok(!raw.includes(bytesOf(e)), `${v} as ${e}`);
  }
  // A list address written in clear (before sealing) is sealed by keys rotate, under the new key.
  dbRows(srv.db, `UPDATE campaign_recipients SET recipient = '${LISTED}'`);
  motcua(keyed(), 'keys', 'rotate');
  const [again] = dbRows(srv.db, 'SELECT recipient FROM campaign_recipients');
  assert.match(again.recipient, /^enc1:/);
  assert.equal(unseal(keyed(), again.recipient), LISTED);
});

test('a command told only the database makes no data key of its own', () => {
  // Run from another folder with --db and no --data-dir: the default data folder would be
  // ./var, and a key made there would seal what the server (whose key is in dir) cannot open.
  const cwd = mkdtempSync(join(tmpdir(), 'motcua-cwd-'));
  const env = { ...process.env, MOTCUA_TEST: '1', MOTCUA_LOG_ACCESS: '0' };
  delete env.MOTCUA_DATA_DIR;
  delete env.MOTCUA_DATA_KEY_FILE;
  const run = (args) => {
    try {
      execFileSync(motcuaBin(), args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      return { code: 0, err: '' };
    } catch (e) {
      return { code: e.status, err: e.stderr.toString() };
    }
  };
  try {
    const queued = () => dbRows(srv.db, 'SELECT count(*) AS n FROM notify_outbox')[0].n;
    const before = queued();
    const sent = run(['notify', 'send', '--channel', 'sms', '--to', '0912000111', '--body',
      'Thu', '--db', srv.db]);
    assert.equal(sent.code, 1);
    assert.match(sent.err, /không có khóa dữ liệu .*--data-dir/);
    assert.ok(!existsSync(join(cwd, 'var', 'data.key')), 'no key made in the current folder');
    assert.equal(queued(), before, 'nothing queued');
    // A staff login of twelve digits is kept as its blind index: with no key, no account.
    const added = run(['user', 'add', '--login', '001090071299', '--name', 'Lê Văn Số',
      '--password', 'la-xanh-2026', '--roles', 'reception', '--agency', 'T20.STP',
      '--db', srv.db]);
    assert.equal(added.code, 1);
    assert.equal(dbRows(srv.db, "SELECT count(*) AS n FROM users WHERE login LIKE 'bi:?%'"
      + " OR full_name = 'Lê Văn Số'")[0].n, 0);
    // The index of a value under no key at all is refused, and makes no key either.
    const index = run(['debug', 'index', 'cccd', '001090071234', '--data-dir', cwd]);
    assert.equal(index.code, 1);
    assert.ok(!existsSync(join(cwd, 'data.key')), 'debug index makes no key');
    // Told the server's data folder, the same command seals with the server's key.
    assert.equal(run(['notify', 'send', '--channel', 'sms', '--to', '0912000111', '--body',
      'Thu', '--db', srv.db, '--data-dir', dir]).code, 0);
    assert.equal(queued(), before + 1);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});
