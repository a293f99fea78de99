// accounts.test.mjs - black-box tests of the foundation: health check,
// registration, sign-in, CSRF, throttling, two-factor sign-in for staff,
// role checks, audit rows, bad UTF-8 and oversized bodies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { byLogin } from './lib/feedback-helpers.mjs';
import { startServer, getForm, postForm, totp, cookieHeader, storeCookies, dbText, motcuaBin }
  from './lib/server.mjs';

let srv;

before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

function sql(query) {
  return dbText(srv.db, query);
}

function motcua(...args) {
  return execFileSync(motcuaBin(), [...args, '--db', srv.db, '--data-dir', srv.tmpdir],
    { env: { ...process.env, MOTCUA_LOG_ACCESS: '0' } }).toString().trim();
}

const citizen = {
  kind: 'citizen', dong_y: '1', full_name: 'Nguyễn Văn An', cccd: '001090001234', phone: '0912345678',
  email: '', password: 'la-xanh-2026', password2: 'la-xanh-2026',
};

async function register(fields, jar = {}) {
  const { csrf } = await getForm(srv.url, '/dang-ky', jar);
  const r = await postForm(srv.url, '/dang-ky', { csrf, ...fields }, jar);
  return { res: r.res, jar, html: r.html };
}

async function login(loginName, password, jar = {}) {
  const { csrf } = await getForm(srv.url, '/dang-nhap', jar);
  const r = await postForm(srv.url, '/dang-nhap', { csrf, login: loginName, password }, jar);
  return { res: r.res, jar, html: r.html };
}

async function get(path, jar = {}) {
  const res = await fetch(srv.url + path, { headers: { cookie: cookieHeader(jar) }, redirect: 'manual' });
  storeCookies(jar, res);
  return res;
}

test('GET /healthz says storage answers and which backend; /readyz says ready', async () => {
  const res = await fetch(srv.url + '/healthz');
  assert.equal(res.status, 200);
  const backend = srv.db.startsWith('postgresql://') ? 'postgresql' : 'sqlite';
  assert.deepEqual(await res.json(), { status: 'ok', storage: backend });
  const ready = await fetch(srv.url + '/readyz');
  assert.equal(ready.status, 200);
  assert.deepEqual(await ready.json(), { ready: true });
});

test('pages are Vietnamese, declare lang="vi" and have a skip link', async () => {
  const html = await (await fetch(srv.url + '/')).text();
  assert.match(html, /<html lang="vi">/);
  assert.match(html, /Bỏ qua, đến nội dung chính/);
  assert.match(html, /Đăng nhập/);
});

test('unknown paths give a Vietnamese 404, JSON under /api', async () => {
  const page = await fetch(srv.url + '/khong-co');
  assert.equal(page.status, 404);
  assert.match(await page.text(), /Không tìm thấy trang/);
  const api = await fetch(srv.url + '/api/v1/khong-co');
  assert.equal(api.status, 404);
  const body = await api.json();
  assert.equal(body.error.code, 'not_found');
  assert.match(body.error.message, /Không tìm thấy/);
});

test('a citizen registers, is signed in, and the registration is audited', async () => {
  const { res, jar } = await register(citizen);
  assert.equal(res.status, 303);
  assert.match(res.headers.get('location'), /^\/tai-khoan/);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('mc_sid='));
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  const page = await get('/tai-khoan', jar);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /Nguyễn Văn An/);
  assert.equal(sql(`SELECT count(*) FROM users WHERE ${byLogin(srv, '001090001234')}`), '1');
  assert.equal(sql("SELECT count(*) FROM audit_log WHERE action='account.register'"), '1');
  const me = await (await get('/api/v1/me', jar)).json();
  assert.equal(me.role, 'citizen');
});

test('a duplicate CCCD is refused with a message and no new row', async () => {
  const { res, html } = await register({ ...citizen, full_name: 'Người Khác' });
  assert.equal(res.status, 409);
  assert.match(html, /số CCCD này đã có tài khoản/);
  assert.equal(sql(`SELECT count(*) FROM users WHERE ${byLogin(srv, '001090001234')}`), '1');
});

test('a wrong CCCD keeps what was typed, explains, and stores nothing', async () => {
  const before = sql('SELECT count(*) FROM users');
  const { res, html } = await register({ ...citizen, cccd: '003090001234', full_name: 'Trần Thị Bình' });
  assert.equal(res.status, 422);
  assert.match(html, /mã tỉnh/);
  assert.match(html, /value="Trần Thị Bình"/);
  assert.match(html, /value="003090001234"/);
  assert.doesNotMatch(html, /la-xanh-2026/);
  assert.equal(sql('SELECT count(*) FROM users'), before);
});

test('a business registers with a valid tax code; a bad check digit is refused', async () => {
  const good = await register({ kind: 'business', dong_y: '1', full_name: 'Công ty TNHH Ánh Dương', tax_code: '0100109106',
    email: 'lienhe@anhduong.vn', password: 'la-xanh-2026', password2: 'la-xanh-2026' });
  assert.equal(good.res.status, 303);
  const bad = await register({ kind: 'business', dong_y: '1', full_name: 'Công ty Sai Số', tax_code: '0100109107',
    email: 'a@b.vn', password: 'la-xanh-2026', password2: 'la-xanh-2026' });
  assert.equal(bad.res.status, 422);
  assert.equal(sql(`SELECT count(*) FROM users WHERE ${byLogin(srv, '0100109107')}`), '0');
});

test('a form posted without the CSRF token is refused and changes nothing', async () => {
  const before = sql('SELECT count(*) FROM users');
  const jar = {};
  await getForm(srv.url, '/dang-ky', jar);
  const res = await postForm(srv.url, '/dang-ky', { ...citizen, cccd: '001090005678' }, jar);
  assert.equal(res.status, 403);
  assert.match(res.html, /Biểu mẫu đã hết hạn/);
  const wrong = await postForm(srv.url, '/dang-ky', { ...citizen, cccd: '001090005678', csrf: 'a'.repeat(64) }, jar);
  assert.equal(wrong.status, 403);
  assert.equal(sql('SELECT count(*) FROM users'), before);
});

test('invalid UTF-8 is a 400 and is never stored', async () => {
  const jar = {};
  const { csrf } = await getForm(srv.url, '/dang-ky', jar);
  const body = Buffer.concat([Buffer.from(`csrf=${csrf}&kind=citizen&cccd=001090009999&phone=0912345678` +
    '&password=la-xanh-2026&password2=la-xanh-2026&full_name='), Buffer.from([0xc3, 0x28, 0xff])]);
  const res = await fetch(srv.url + '/dang-ky', { method: 'POST', body, redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar) } });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /UTF-8/);
  assert.equal(sql(`SELECT count(*) FROM users WHERE ${byLogin(srv, '001090009999')}`), '0');
});

test('oversized bodies and uploads get 413 and leave no file behind', async () => {
  const big = 'x'.repeat(200 * 1024);
  const res = await fetch(srv.url + '/dang-ky', { method: 'POST', body: `full_name=${big}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(res.status, 413);
  assert.match(await res.text(), /vượt quá dung lượng/);
  const jar = {};
  const { csrf } = await getForm(srv.url, '/dang-ky', jar);
  const form = new FormData();
  form.append('csrf', csrf);
  form.append('tep', new Blob([Buffer.alloc(300 * 1024, 1)]), 'giay-to.pdf');
  const up = await fetch(srv.url + '/dang-ky', { method: 'POST', body: form, headers: { cookie: cookieHeader(jar) } });
  assert.equal(up.status, 413);
  const small = new FormData();
  small.append('csrf', csrf);
  small.append('tep', new Blob([Buffer.alloc(1024, 1)]), 'nho.pdf');
  const ok = await fetch(srv.url + '/dang-ky', { method: 'POST', body: small, headers: { cookie: cookieHeader(jar) } });
  assert.equal(ok.status, 422);   // the form is incomplete, but the upload was read
  assert.deepEqual(readdirSync(join(srv.tmpdir, 'tmp')), []);
});

test('wrong passwords from one address make that address wait; the owner elsewhere gets in', async () => {
  await register({ ...citizen, cccd: '079185001111', full_name: 'Phạm Thị Chi', phone: '0987654321' });
  // Three mistakes are free; the fourth starts a back-off for this login and address.
  for (let i = 0; i < 4; i++) {
    const { res, html } = await login('079185001111', 'saimatkhau');
    assert.equal(res.status, 401);
    assert.match(html, /không đúng/);
  }
  const { res, html } = await login('079185001111', 'la-xanh-2026');
  assert.equal(res.status, 429);
  assert.match(html, /nhập sai nhiều lần/);
  assert.ok(Number(res.headers.get('retry-after')) > 0);
  assert.ok(Number(sql("SELECT count(*) FROM audit_log WHERE action='account.login_failed'")) >= 4);
});

test('sign-out revokes the session on the server', async () => {
  const { res, jar } = await login('001090001234', 'la-xanh-2026');
  assert.equal(res.status, 303);
  const stolen = { ...jar };
  const { csrf } = await getForm(srv.url, '/tai-khoan', jar);
  const out = await postForm(srv.url, '/dang-xuat', { csrf }, jar);
  assert.equal(out.status, 303);
  const again = await get('/tai-khoan', stolen);
  assert.equal(again.status, 303);
  assert.match(again.headers.get('location'), /^\/dang-nhap/);
});

test('staff must enrol TOTP, then pass it at every sign-in; roles are enforced', async () => {
  motcua('user', 'add', '--login', 'tiepnhan', '--name', 'Lê Văn Dũng', '--password', 'la-xanh-2026',
    '--roles', 'reception', '--agency', 'STP');
  const first = await login('tiepnhan', 'la-xanh-2026');
  assert.equal(first.res.headers.get('location'), '/tai-khoan/xac-thuc-hai-lop');
  const blocked = await get('/quan-tri', first.jar);
  assert.equal(blocked.status, 303);
  const enrol = await get('/tai-khoan/xac-thuc-hai-lop', first.jar);
  const html = await enrol.text();
  assert.match(html, /<svg[^>]+role="img"/);
  const secret = /<code class="secret">([A-Z2-7]+)/.exec(html)[1];
  const csrf = /name="csrf" value="([0-9a-f]{64})"/.exec(html)[1];
  const wrong = await postForm(srv.url, '/tai-khoan/xac-thuc-hai-lop', { csrf, code: '000000' }, first.jar);
  assert.equal(wrong.status, 401);
  const ok = await postForm(srv.url, '/tai-khoan/xac-thuc-hai-lop', { csrf, code: totp(secret) }, first.jar);
  assert.equal(ok.status, 303);
  assert.equal((await get('/quan-tri', first.jar)).status, 200);
  assert.equal((await get('/quan-tri/nhat-ky', first.jar)).status, 403);

  const second = await login('tiepnhan', 'la-xanh-2026');
  assert.equal(second.res.headers.get('location'), '/dang-nhap/ma-xac-thuc');
  const form = await getForm(srv.url, '/dang-nhap/ma-xac-thuc', second.jar);
  // Each code is accepted once: the next sign-in uses the next 30-second code.
  const next = totp(secret, Date.now() / 1000 + 30);
  const passed = await postForm(srv.url, '/dang-nhap/ma-xac-thuc', { csrf: form.csrf, code: next }, second.jar);
  assert.equal(passed.status, 303);
  assert.equal((await get('/quan-tri', second.jar)).status, 200);
  assert.equal(sql("SELECT count(*) FROM audit_log WHERE action='account.totp_enabled'"), '1');
});

test('a citizen cannot open staff pages; the API says 401 without a session', async () => {
  const { jar } = await login('001090001234', 'la-xanh-2026');
  assert.equal((await get('/quan-tri', jar)).status, 403);
  const api = await fetch(srv.url + '/api/v1/me');
  assert.equal(api.status, 401);
  assert.equal((await api.json()).error.code, 'unauthorized');
});

test('the province admin reads the audit log', async () => {
  motcua('user', 'add', '--login', 'quantri', '--name', 'Hoàng Thị Em', '--password', 'la-xanh-2026',
    '--roles', 'province_admin', '--totp-secret', 'JBSWY3DPEHPK3PXP');
  const { jar } = await login('quantri', 'la-xanh-2026');
  const form = await getForm(srv.url, '/dang-nhap/ma-xac-thuc', jar);
  await postForm(srv.url, '/dang-nhap/ma-xac-thuc', { csrf: form.csrf, code: totp('JBSWY3DPEHPK3PXP') }, jar);
  const res = await get('/quan-tri/nhat-ky', jar);
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /Đăng ký tài khoản/);
  assert.match(html, /Nguyễn Văn An/);
  assert.doesNotMatch(html, /account\.register|province_admin/);
  assert.doesNotMatch(html, /001090001234/);
});
