// account_self_service.test.mjs - what account holders do for themselves
// and how accounts hold under guessing: the personal-data notice and
// consent, proving a phone before any dossier, codes that are wrong,
// reused, expired or locked, password change and reset by code, weak and
// common passwords, contact changes, signing out everywhere, back-off that
// never locks the owner out, throttled registration, and the dummy hash
// behind unknown logins.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, getForm, postForm, cookieHeader, storeCookies } from './lib/server.mjs';
import { sql, loadAgencies, accountCode, unseal, PASSWORD, byLogin, toRecipient }
  from './lib/feedback-helpers.mjs';
import { getFrom, postFrom, loginFrom } from './lib/account-helpers.mjs';

let srv;
let seq = 0;
const PROC = '1.001193';   // đăng ký khai sinh, online

before(async () => {
  srv = await startServer({ env: { MOTCUA_LOG: 'debug' } });
  loadAgencies(srv);
});
after(async () => { await srv.stop(); });

/** A fresh citizen's fields: a valid CCCD and a phone no other test uses. */
function person(name = 'Nguyễn Thị Hồng') {
  seq += 1;
  const n = String(10000 + seq * 37 + (process.pid % 37)).slice(-5);
  return { kind: 'citizen', full_name: name, cccd: `0201900${n}`, phone: `09134${n}`, email: '',
    password: PASSWORD, password2: PASSWORD, dong_y: '1' };
}

async function register(fields, jar = {}) {
  const { csrf } = await getForm(srv.url, '/dang-ky', jar);
  const r = await postForm(srv.url, '/dang-ky', { csrf, ...fields }, jar);
  return { ...r, jar };
}

async function get(path, jar = {}) {
  const res = await fetch(srv.url + path, { headers: { cookie: cookieHeader(jar) || '' },
    redirect: 'manual' });
  storeCookies(jar, res);
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}

async function login(loginName, password, jar = {}) {
  const { csrf } = await getForm(srv.url, '/dang-nhap', jar);
  const r = await postForm(srv.url, '/dang-nhap', { csrf, login: loginName, password }, jar);
  return { ...r, jar };
}

async function csrfOf(jar, path = '/tai-khoan') {
  return (await getForm(srv.url, path, jar)).csrf;
}

async function verifyCode(jar, code, extra = {}) {
  return postForm(srv.url, '/tai-khoan/xac-minh',
    { csrf: await csrfOf(jar, '/tai-khoan/xac-minh'), kenh: 'phone', code, ...extra }, jar);
}

function userRow(cccd) {
  const row = sql(srv, `SELECT id, COALESCE(phone, ''), phone_verified_at IS NOT NULL, full_name
    FROM users WHERE ${byLogin(srv, cccd)}`).split('|');
  row[1] = unseal(srv, row[1]);   // sealed at rest
  return row;
}

function outboxCount(recipient) {
  return Number(sql(srv,
    `SELECT count(*) FROM notify_outbox WHERE ${toRecipient(srv, recipient)}`));
}

/** A code that differs from code in every digit, so it is surely wrong. */
function wrongCode(code) {
  return code.split('').map((d) => String((Number(d) + 5) % 10)).join('');
}

test('registration shows the personal-data notice, needs consent and records it', async () => {
  const page = await getForm(srv.url, '/dang-ky');
  assert.match(page.html, /Nghị định 13\/2023/);
  assert.match(page.html, /href="\/bao-ve-du-lieu-ca-nhan"/);
  assert.match(page.html, /name="dong_y"/);
  const notice = await get('/bao-ve-du-lieu-ca-nhan');
  assert.equal(notice.status, 200);
  for (const part of [/Mục đích xử lý/, /Dữ liệu được xử lý/, /Quyền của bạn/, /rút lại sự đồng ý/]) {
    assert.match(notice.html, part);
  }
  const p = person();
  const refused = await register({ ...p, dong_y: '' });
  assert.equal(refused.status, 422);
  assert.match(refused.html, /đánh dấu ô đồng ý/);
  assert.equal(sql(srv, `SELECT count(*) FROM users WHERE ${byLogin(srv, p.cccd)}`), '0');
  const ok = await register(p);
  assert.equal(ok.status, 303);
  assert.equal(sql(srv, `SELECT c.notice_version FROM account_consents c JOIN users u
    ON u.id = c.user_id WHERE ${byLogin(srv, p.cccd, 'u.login')}`), '2026.1');
  const account = await get('/tai-khoan', ok.jar);
  assert.match(account.html, /Đồng ý xử lý dữ liệu cá nhân/);
});

test('a new account proves its phone before any dossier; the submission page explains', async () => {
  const p = person('Lộc Văn Bảo');
  const { jar } = await register(p);
  const account = await get('/tai-khoan', jar);
  assert.match(account.html, /data-test="verify-box"/);
  const form = await get(`/nop-ho-so/${PROC}`, jar);
  assert.equal(form.status, 403);
  assert.match(form.html, /Cần xác minh số điện thoại/);
  assert.match(form.html, new RegExp(`href="/tai-khoan/xac-minh\\?tiep=/nop-ho-so/${PROC}"`));
  const before = sql(srv, 'SELECT count(*) FROM dossiers');
  const post = await postForm(srv.url, `/nop-ho-so/${PROC}`,
    { csrf: await csrfOf(jar), action: 'nop' }, jar);
  assert.equal(post.status, 403);
  assert.equal(sql(srv, 'SELECT count(*) FROM dossiers'), before);

  const code = accountCode(srv, p.phone);
  const bad = await verifyCode(jar, wrongCode(code));
  assert.equal(bad.status, 401);
  assert.match(bad.html, /mã xác minh không đúng/);
  assert.equal(userRow(p.cccd)[2], '0');
  const ok = await verifyCode(jar, code, { tiep: `/nop-ho-so/${PROC}` });
  assert.equal(ok.status, 303);
  assert.equal(ok.location, `/nop-ho-so/${PROC}`);
  assert.equal(userRow(p.cccd)[2], '1');
  assert.equal((await get(`/nop-ho-so/${PROC}`, jar)).status, 200);
  // The same code a second time is refused as used.
  const again = await verifyCode(jar, code);
  assert.equal(again.status, 422);
  assert.match(again.html, /đã được dùng/);
});

test('an expired code is refused, five wrong guesses lock a code, a new code works', async () => {
  const p = person('Hà Thị Minh');
  const { jar } = await register(p);
  const first = accountCode(srv, p.phone);
  sql(srv, `UPDATE account_codes SET expires_at = created_at
    WHERE user_id = (SELECT id FROM users WHERE ${byLogin(srv, p.cccd)})`);
  const expired = await verifyCode(jar, first);
  assert.equal(expired.status, 422);
  assert.match(expired.html, /hết hạn/);

  const sent = await postForm(srv.url, '/tai-khoan/xac-minh/gui-ma',
    { csrf: await csrfOf(jar, '/tai-khoan/xac-minh'), kenh: 'phone' }, jar);
  assert.equal(sent.status, 303);
  const second = accountCode(srv, p.phone);
  for (let i = 0; i < 5; i++) assert.equal((await verifyCode(jar, wrongCode(second))).status, 401);
  const locked = await verifyCode(jar, second);
  assert.equal(locked.status, 422);
  assert.match(locked.html, /nhập sai quá nhiều lần/);
  assert.equal(userRow(p.cccd)[2], '0');

  await postForm(srv.url, '/tai-khoan/xac-minh/gui-ma',
    { csrf: await csrfOf(jar, '/tai-khoan/xac-minh'), kenh: 'phone' }, jar);
  const third = accountCode(srv, p.phone);
  assert.equal((await verifyCode(jar, third)).status, 303);
  assert.equal(userRow(p.cccd)[2], '1');
  // Only hashes are stored.
  assert.equal(sql(srv, `SELECT count(*) FROM account_codes WHERE code_hash LIKE '%${third}%'`), '0');
});

test('common, short and personal passwords are refused at registration', async () => {
  const p = person('Lăng Văn Tú');
  for (const [password, why] of [['123456789', /quá phổ biến/], ['iloveyou', /quá phổ biến/],
    ['matkhau2026', /từ phổ biến thêm chữ số/], ['P@ssw0rd', /quá phổ biến/],
    ['ngắn', /ít nhất 8 ký tự/], ['25081987', /ngày tháng năm/], ['12121212', /khác nhau/],
    [`mk${p.cccd}`, /không được chứa số CCCD/]]) {
    const r = await register({ ...p, password, password2: password });
    assert.equal(r.status, 422, password);
    assert.match(r.html, why, password);
  }
  assert.equal(sql(srv, `SELECT count(*) FROM users WHERE ${byLogin(srv, p.cccd)}`), '0');
});

test('a password change needs the current one, refuses a common one, ends other sessions', async () => {
  const p = person('Triệu Văn Nam');
  const { jar } = await register(p);
  assert.equal((await verifyCode(jar, accountCode(srv, p.phone))).status, 303);
  const other = (await login(p.cccd, PASSWORD)).jar;
  assert.equal((await get('/tai-khoan', other)).status, 200);

  const change = async (fields) => postForm(srv.url, '/tai-khoan/doi-mat-khau',
    { csrf: await csrfOf(jar, '/tai-khoan/doi-mat-khau'), ...fields }, jar);
  const wrong = await change({ current_password: 'khong-phai-mat-khau', password: 'song-ky-cung-9',
    password2: 'song-ky-cung-9' });
  assert.equal(wrong.status, 422);
  assert.match(wrong.html, /mật khẩu hiện tại không đúng/);
  const common = await change({ current_password: PASSWORD, password: 'anhyeuem123',
    password2: 'anhyeuem123' });
  assert.equal(common.status, 422);
  assert.match(common.html, /phổ biến/);
  const sessionBefore = jar.mc_sid;
  const ok = await change({ current_password: PASSWORD, password: 'song-ky-cung-9',
    password2: 'song-ky-cung-9' });
  assert.equal(ok.status, 303);
  assert.equal(ok.location, '/tai-khoan?da-doi=1');
  assert.notEqual(jar.mc_sid, sessionBefore);
  assert.equal((await get('/tai-khoan', jar)).status, 200);
  const dead = await get('/tai-khoan', other);
  assert.equal(dead.status, 303);
  assert.match(dead.location, /^\/dang-nhap/);
  assert.match(sql(srv, `SELECT body FROM notify_outbox WHERE ${toRecipient(srv, p.phone)}
    AND kind = 'account.notice' ORDER BY id DESC LIMIT 1`), /vừa được thay đổi/);
  assert.equal((await login(p.cccd, PASSWORD)).status, 401);
  assert.equal((await login(p.cccd, 'song-ky-cung-9')).status, 303);
  assert.equal(sql(srv, "SELECT count(*) FROM audit_log WHERE action = 'account.password_change'"),
    '1');
});

test('a forgotten password is reset with a code; wrong, reused and expired codes are refused',
  async () => {
    const p = person('Bế Thị Ngân');
    const { jar } = await register(p);
    assert.equal((await verifyCode(jar, accountCode(srv, p.phone))).status, 303);
    const total = () => Number(sql(srv, 'SELECT count(*) FROM notify_outbox'));

    // An unknown login gets the same answer and nothing is sent.
    const before = total();
    const form = await getForm(srv.url, '/quen-mat-khau');
    const unknown = await postForm(srv.url, '/quen-mat-khau',
      { csrf: form.csrf, login: '079303009999' }, form.jar);
    assert.equal(unknown.status, 200);
    assert.match(unknown.html, /Nếu số giấy tờ đúng/);
    assert.equal(total(), before);

    const asked = await postForm(srv.url, '/quen-mat-khau', { csrf: form.csrf, login: p.cccd },
      form.jar);
    assert.equal(asked.status, 200);
    assert.equal(asked.html.replace(/value="[^"]*"/g, ''),
      unknown.html.replace(/value="[^"]*"/g, ''));
    const code = accountCode(srv, p.phone);
    assert.match(sql(srv, `SELECT body FROM notify_outbox WHERE ${toRecipient(srv, p.phone)}
      ORDER BY id DESC LIMIT 1`), /đặt lại mật khẩu/);

    const reset = (fields) => postForm(srv.url, '/quen-mat-khau/dat-lai',
      { csrf: form.csrf, login: p.cccd, ...fields }, form.jar);
    const bad = await reset({ code: wrongCode(code), password: 'mua-xuan-den-7',
      password2: 'mua-xuan-den-7' });
    assert.equal(bad.status, 401);
    assert.match(bad.html, /không đúng/);
    const weak = await reset({ code, password: '123456789', password2: '123456789' });
    assert.equal(weak.status, 422);
    assert.match(weak.html, /phổ biến/);
    const ok = await reset({ code, password: 'mua-xuan-den-7', password2: 'mua-xuan-den-7' });
    assert.equal(ok.status, 303);
    assert.equal(ok.location, '/dang-nhap?da-dat-lai=1');
    // The old session is gone, the new password works, the owner was told.
    assert.equal((await get('/tai-khoan', jar)).status, 303);
    assert.equal((await login(p.cccd, 'mua-xuan-den-7')).status, 303);
    assert.match(sql(srv, `SELECT body FROM notify_outbox WHERE ${toRecipient(srv, p.phone)}
      AND kind = 'account.notice' ORDER BY id DESC LIMIT 1`), /đặt lại/);

    const reused = await reset({ code, password: 'mua-thu-sang-8', password2: 'mua-thu-sang-8' });
    assert.equal(reused.status, 401);
    assert.match(reused.html, /đã được dùng/);

    await postForm(srv.url, '/quen-mat-khau', { csrf: form.csrf, login: p.cccd }, form.jar);
    const late = accountCode(srv, p.phone);
    sql(srv, `UPDATE account_codes SET expires_at = created_at WHERE purpose = 'reset'
      AND user_id = (SELECT id FROM users WHERE ${byLogin(srv, p.cccd)})`);
    const expired = await reset({ code: late, password: 'mua-thu-sang-8',
      password2: 'mua-thu-sang-8' });
    assert.equal(expired.status, 401);
    assert.match(expired.html, /hết hạn/);
    assert.equal((await login(p.cccd, 'mua-xuan-den-7')).status, 303);

    // Without a verified contact nothing can be sent: the page points to the counter.
    const q = person('Mã Văn Đông');
    await register(q);
    const count = total();
    await postForm(srv.url, '/quen-mat-khau', { csrf: form.csrf, login: q.cccd }, form.jar);
    assert.equal(total(), count);
    assert.match((await get('/quen-mat-khau')).html, /href="\/lay-lai-tai-khoan"/);
  });

test('failures from one address never lock the owner out elsewhere, nor after a reset', async () => {
  const p = person('Chu Thị Lan');
  const { jar } = await register(p);
  assert.equal((await verifyCode(jar, accountCode(srv, p.phone))).status, 303);
  const attacker = '127.0.0.5';
  for (let i = 0; i < 4; i++) {
    assert.equal((await loginFrom(srv, attacker, p.cccd, `doan-sai-${i}-x`)).res.status, 401);
  }
  const held = await loginFrom(srv, attacker, p.cccd, PASSWORD);
  assert.equal(held.res.status, 429);
  assert.match(held.res.html, /thử lại sau/);
  assert.ok(Number(held.res.headers['retry-after']) > 0);
  // The owner from another address.
  assert.equal((await loginFrom(srv, '127.0.0.6', p.cccd, PASSWORD)).res.status, 303);
  // A reset by code clears the waits for every address.
  const anon = {};
  const form = await getFrom(srv, attacker, '/quen-mat-khau', anon);
  await postFrom(srv, attacker, '/quen-mat-khau', { csrf: form.csrf, login: p.cccd }, anon);
  const code = accountCode(srv, p.phone);
  const done = await postFrom(srv, attacker, '/quen-mat-khau/dat-lai', { csrf: form.csrf,
    login: p.cccd, code, password: 'cau-vong-xa-5', password2: 'cau-vong-xa-5' }, anon);
  assert.equal(done.status, 303);
  assert.equal((await loginFrom(srv, attacker, p.cccd, 'cau-vong-xa-5')).res.status, 303);
});

test('an unknown login costs the same password hash as a known one', async () => {
  const checks = () => [...srv.output().matchAll(/argon2id check (\d+) against (the dummy hash|the account's hash)/g)];
  const p = person('Vy Văn Khải');
  await register(p);
  const start = checks().length;
  assert.equal((await login('079303008888', 'bat-ky-mat-khau-1')).status, 401);
  assert.equal((await login(p.cccd, 'bat-ky-mat-khau-1')).status, 401);
  const seen = checks().slice(start);
  assert.equal(seen.length, 2);
  assert.equal(seen[0][2], 'the dummy hash');
  assert.equal(seen[1][2], "the account's hash");
  assert.equal(Number(seen[1][1]), Number(seen[0][1]) + 1);
});

test('a new phone needs the password and a code to it; the old phone is told', async () => {
  const p = person('Nông Văn Thái');
  const { jar } = await register(p);
  assert.equal((await verifyCode(jar, accountCode(srv, p.phone))).status, 303);
  const newPhone = `0388${p.phone.slice(-6)}`;
  const page = await getForm(srv.url, '/tai-khoan/lien-he', jar);
  assert.equal(page.status, 200);
  const wrong = await postForm(srv.url, '/tai-khoan/lien-he',
    { csrf: page.csrf, kenh: 'phone', phone: newPhone, password: 'khong-dung-roi' }, jar);
  assert.equal(wrong.status, 422);
  assert.match(wrong.html, /mật khẩu không đúng/);
  assert.equal(outboxCount(newPhone), 0);
  const bad = await postForm(srv.url, '/tai-khoan/lien-he',
    { csrf: page.csrf, kenh: 'phone', phone: '12345', password: PASSWORD }, jar);
  assert.equal(bad.status, 422);
  const ok = await postForm(srv.url, '/tai-khoan/lien-he',
    { csrf: page.csrf, kenh: 'phone', phone: newPhone, password: PASSWORD }, jar);
  assert.equal(ok.status, 303);
  assert.equal(ok.location, '/tai-khoan/xac-minh?da-gui=phone');
  assert.equal(userRow(p.cccd)[1], p.phone);   // unchanged until the code comes back
  const verify = await get('/tai-khoan/xac-minh', jar);
  assert.match(verify.html, new RegExp(`Mã xác minh đã gửi đến ${newPhone.slice(0, 2)}\\*+${newPhone.slice(-2)}`));
  assert.equal((await verifyCode(jar, accountCode(srv, newPhone))).status, 303);
  const row = userRow(p.cccd);
  assert.equal(row[1], newPhone);
  assert.equal(row[2], '1');
  assert.match(sql(srv, `SELECT body FROM notify_outbox WHERE ${toRecipient(srv, p.phone)}
    ORDER BY id DESC LIMIT 1`), /đã được đổi/);
});

test('signing out everywhere ends every session of the account', async () => {
  const p = person('Lục Thị Vân');
  const { jar } = await register(p);
  const other = (await login(p.cccd, PASSWORD)).jar;
  const out = await postForm(srv.url, '/tai-khoan/dang-xuat-moi-noi',
    { csrf: await csrfOf(jar) }, jar);
  assert.equal(out.status, 303);
  assert.equal((await get('/tai-khoan', other)).status, 303);
  assert.equal((await get('/tai-khoan', jar)).status, 303);
  assert.equal(sql(srv, `SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE ${byLogin(srv, p.cccd, 'u.login')} AND s.revoked_at IS NULL`), '0');
});

test('registration is throttled per address; another address still registers', async () => {
  const from = '127.0.0.7';
  for (let i = 0; i < 10; i++) {
    const jar = {};
    const form = await getFrom(srv, from, '/dang-ky', jar);
    const r = await postFrom(srv, from, '/dang-ky', { csrf: form.csrf, ...person(`Người ${i}`) }, jar);
    assert.equal(r.status, 303, `registration ${i + 1}`);
  }
  const jar = {};
  const form = await getFrom(srv, from, '/dang-ky', jar);
  const p = person('Người thứ mười một');
  const refused = await postFrom(srv, from, '/dang-ky', { csrf: form.csrf, ...p }, jar);
  assert.equal(refused.status, 429);
  assert.match(refused.html, /quá nhiều tài khoản/);
  assert.equal(sql(srv, `SELECT count(*) FROM users WHERE ${byLogin(srv, p.cccd)}`), '0');
  const elsewhere = {};
  const f2 = await getFrom(srv, '127.0.0.8', '/dang-ky', elsewhere);
  assert.equal((await postFrom(srv, '127.0.0.8', '/dang-ky', { csrf: f2.csrf, ...p },
    elsewhere)).status, 303);
});

test('sign-in goes back only to a path on this site, whatever control characters hide', async () => {
  const p = person('Hoàng Văn Lực');
  // Registered from an address of its own: this file's other tests used up 127.0.0.1's hour.
  const anon = {};
  const form = await getFrom(srv, '127.0.0.9', '/dang-ky', anon);
  assert.equal((await postFrom(srv, '127.0.0.9', '/dang-ky', { csrf: form.csrf, ...p }, anon)).status,
    303);
  for (const next of ['/\t/evil.example', '/\n/evil.example', '//evil.example', '/\\evil.example',
    'https://evil.example', '/x:y']) {
    const jar = {};
    const { csrf } = await getForm(srv.url, '/dang-nhap', jar);
    const r = await postForm(srv.url, '/dang-nhap', { csrf, login: p.cccd, password: PASSWORD, next },
      jar);
    assert.equal(r.status, 303);
    assert.equal(r.location, '/tai-khoan', JSON.stringify(next));
  }
  const jar = {};
  const { csrf } = await getForm(srv.url, '/dang-nhap', jar);
  const ok = await postForm(srv.url, '/dang-nhap',
    { csrf, login: p.cccd, password: PASSWORD, next: '/ho-so' }, jar);
  assert.equal(ok.location, '/ho-so');
});
