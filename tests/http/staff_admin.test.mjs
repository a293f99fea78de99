// staff_admin.test.mjs - staff accounts on the web and the audit trail:
// the province admin creates an agency's admin, who must replace the
// temporary password and enrol two-factor; an agency admin adds,
// re-roles, disables and resets only their own agency's staff (403
// elsewhere, and never a province admin or the province admin role); a
// disabled account's session dies; the session token changes after the
// second factor and a TOTP code is accepted once; a reception officer
// gives a squatted account back to the CCCD holder at the counter; the
// audit log reads as Vietnamese with names.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, getForm, postForm, totp, cookieHeader, storeCookies }
  from './lib/server.mjs';
import { byLogin, toRecipient } from './lib/feedback-helpers.mjs';
import { sql, loadAgencies, addStaff, staffLogin, accountCode, freshTotp, unseal, PASSWORD }
  from './lib/feedback-helpers.mjs';

let srv;
const jars = {};

before(async () => {
  srv = await startServer();
  loadAgencies(srv);
  addStaff(srv, 'quantri', 'Vi Văn Quang', 'province_admin', 'T20.VP');
  addStaff(srv, 'qt.stp', 'Lý Thị Mai', 'agency_admin', 'T20.STP');
  addStaff(srv, 'qt.sxd', 'Hứa Văn Sơn', 'agency_admin', 'T20.SXD');
  addStaff(srv, 'tn.stp', 'Nguyễn Thị Hoa', 'reception', 'T20.STP');
  addStaff(srv, 'cv.stp', 'Trần Văn Minh', 'processing', 'T20.STP');
  addStaff(srv, 'xl.stp', 'Phan Văn Lợi', 'processing', 'T20.STP');
  for (const login of ['quantri', 'qt.stp', 'qt.sxd', 'tn.stp', 'cv.stp', 'xl.stp']) {
    jars[login] = await staffLogin(srv, login);
  }
});
after(async () => { await srv.stop(); });

async function get(path, jar = {}) {
  const res = await fetch(srv.url + path, { headers: { cookie: cookieHeader(jar) || '' },
    redirect: 'manual' });
  storeCookies(jar, res);
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}

async function post(path, fields, jar) {
  const { csrf } = await getForm(srv.url, '/tai-khoan', jar);
  return postForm(srv.url, path, { csrf, ...fields }, jar);
}

const idOf = (login) => sql(srv, `SELECT id FROM users WHERE ${byLogin(srv, login)}`);
const audits = (action) => Number(sql(srv,
  `SELECT count(*) FROM audit_log WHERE action = '${action}'`));

test('the province admin creates an agency admin, who replaces the temporary password', async () => {
  const list = await get('/quan-tri/can-bo', jars.quantri);
  assert.equal(list.status, 200);
  assert.match(list.html, /Sở Tư pháp tỉnh Lạng Sơn/);
  assert.match(list.html, /data-test="staff-tn.stp"/);
  const created = await post('/quan-tri/can-bo', { login: 'qt.nnmt', full_name: 'Đàm Thị Thảo',
    co_quan: 'T20.SNNMT', vai_tro: 'agency_admin' }, jars.quantri);
  assert.equal(created.status, 200);
  const temp = /data-test="temp-password">([^<]+)</.exec(created.html)[1];
  assert.match(temp, /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
  assert.equal(sql(srv, `SELECT must_change_password FROM users WHERE login = 'qt.nnmt'`), '1');
  assert.equal(sql(srv, `SELECT count(*) FROM audit_log WHERE action = 'account.add_staff'
    AND user_id = ${idOf('quantri')} AND object = 'user:${idOf('qt.nnmt')}'`), '1');
  // A taken login is refused with a message.
  const dup = await post('/quan-tri/can-bo', { login: 'qt.nnmt', full_name: 'Người Khác',
    co_quan: 'T20.SNNMT', vai_tro: 'reception' }, jars.quantri);
  assert.equal(dup.status, 409);
  assert.match(dup.html, /đã có người dùng/);

  // First sign-in: enrol two-factor, then change the temporary password.
  const jar = {};
  const f = await getForm(srv.url, '/dang-nhap', jar);
  const signed = await postForm(srv.url, '/dang-nhap',
    { csrf: f.csrf, login: 'qt.nnmt', password: temp }, jar);
  assert.equal(signed.location, '/tai-khoan/xac-thuc-hai-lop');
  const enrol = await getForm(srv.url, '/tai-khoan/xac-thuc-hai-lop', jar);
  const secret = /<code class="secret">([A-Z2-7]+)/.exec(enrol.html)[1];
  const ok = await postForm(srv.url, '/tai-khoan/xac-thuc-hai-lop',
    { csrf: enrol.csrf, code: totp(secret) }, jar);
  assert.equal(ok.status, 303);
  const forced = await get('/quan-tri/can-bo', jar);
  assert.equal(forced.status, 303);
  assert.equal(forced.location, '/tai-khoan/doi-mat-khau?bat-buoc=1');
  const page = await getForm(srv.url, '/tai-khoan/doi-mat-khau?bat-buoc=1', jar);
  assert.match(page.html, /mật khẩu tạm/);
  const changed = await postForm(srv.url, '/tai-khoan/doi-mat-khau', { csrf: page.csrf,
    current_password: temp, password: 'dong-lua-chin-4', password2: 'dong-lua-chin-4' }, jar);
  assert.equal(changed.status, 303);
  assert.equal(changed.location, '/quan-tri');
  const own = await get('/quan-tri/can-bo', jar);
  assert.equal(own.status, 200);
  assert.match(own.html, /Sở Nông nghiệp và Môi trường/);
  assert.doesNotMatch(own.html, /data-test="staff-tn.stp"/);
});

test('an agency admin adds, re-roles, disables and enables their own staff', async () => {
  const created = await post('/quan-tri/can-bo', { login: 'ct.stp', full_name: 'Ninh Văn Quân',
    co_quan: 'T20.STP', vai_tro: 'processing' }, jars['qt.stp']);
  assert.equal(created.status, 200);
  const id = idOf('tn.stp');
  const roles = await post(`/quan-tri/can-bo/${id}/vai-tro`,
    { vai_tro: ['reception', 'processing'] }, jars['qt.stp']);
  assert.equal(roles.status, 303);
  assert.equal(sql(srv, `SELECT role FROM user_roles WHERE user_id = ${id} ORDER BY role`),
    'processing\nreception');
  assert.equal(audits('account.set_roles'), 1);
  // The officer's live session dies when the account is disabled.
  const officer = await staffLogin(srv, 'tn.stp');
  assert.equal((await get('/quan-tri', officer)).status, 200);
  assert.equal((await post(`/quan-tri/can-bo/${id}/khoa`, {}, jars['qt.stp'])).status, 303);
  const dead = await get('/quan-tri', officer);
  assert.equal(dead.status, 303);
  assert.match(dead.location, /^\/dang-nhap/);
  const f = await getForm(srv.url, '/dang-nhap');
  assert.equal((await postForm(srv.url, '/dang-nhap',
    { csrf: f.csrf, login: 'tn.stp', password: PASSWORD }, f.jar)).status, 401);
  assert.match((await get(`/quan-tri/can-bo/${id}`, jars['qt.stp'])).html, /Đã khóa/);
  assert.equal((await post(`/quan-tri/can-bo/${id}/mo-khoa`, {}, jars['qt.stp'])).status, 303);
  assert.equal((await get('/quan-tri', await staffLogin(srv, 'tn.stp'))).status, 200);
  assert.equal(audits('account.disable'), 1);
  assert.equal(audits('account.enable'), 1);
  // Nobody disables themselves.
  const self = await post(`/quan-tri/can-bo/${idOf('qt.stp')}/khoa`, {}, jars['qt.stp']);
  assert.equal(self.status, 422);
});

test('an agency admin cannot touch another agency, a province admin, or grant that role',
  async () => {
    const id = idOf('tn.stp');
    const other = jars['qt.sxd'];
    assert.equal((await get(`/quan-tri/can-bo/${id}`, other)).status, 403);
    for (const action of ['khoa', 'vai-tro', 'dat-lai-xac-thuc', 'mat-khau-tam']) {
      const r = await post(`/quan-tri/can-bo/${id}/${action}`, { vai_tro: 'approver' }, other);
      assert.equal(r.status, 403, action);
    }
    assert.equal(sql(srv, `SELECT disabled FROM users WHERE id = ${id}`), '0');
    assert.equal((await get('/quan-tri/can-bo?co_quan=T20.STP', other)).status, 403);
    assert.doesNotMatch((await get('/quan-tri/can-bo', other)).html, /data-test="staff-tn.stp"/);
    const elsewhere = await post('/quan-tri/can-bo', { login: 'lan.stp', full_name: 'Lan',
      co_quan: 'T20.STP', vai_tro: 'reception' }, other);
    assert.equal(elsewhere.status, 403);
    const grant = await post('/quan-tri/can-bo', { login: 'tinh.sxd', full_name: 'Tỉnh',
      co_quan: 'T20.SXD', vai_tro: 'province_admin' }, other);
    assert.equal(grant.status, 403);
    const promote = await post(`/quan-tri/can-bo/${id}/vai-tro`, { vai_tro: 'province_admin' },
      jars['qt.stp']);
    assert.equal(promote.status, 403);
    assert.equal((await post(`/quan-tri/can-bo/${idOf('quantri')}/khoa`, {}, jars['qt.stp']))
      .status, 403);
    assert.equal(sql(srv, "SELECT count(*) FROM users WHERE login IN ('lan.stp', 'tinh.sxd')"),
      '0');
    // Officers and citizens do not manage staff at all.
    assert.equal((await get('/quan-tri/can-bo', jars['cv.stp'])).status, 403);
  });

test('resetting two-factor and issuing a temporary password log the officer out', async () => {
  const id = idOf('cv.stp');
  const officer = await staffLogin(srv, 'cv.stp');
  assert.equal((await post(`/quan-tri/can-bo/${id}/dat-lai-xac-thuc`, {}, jars['qt.stp'])).status,
    303);
  assert.equal((await get('/quan-tri', officer)).status, 303);
  const jar = {};
  const f = await getForm(srv.url, '/dang-nhap', jar);
  const r = await postForm(srv.url, '/dang-nhap',
    { csrf: f.csrf, login: 'cv.stp', password: PASSWORD }, jar);
  assert.equal(r.location, '/tai-khoan/xac-thuc-hai-lop');
  const temp = await post(`/quan-tri/can-bo/${id}/mat-khau-tam`, {}, jars['qt.stp']);
  assert.equal(temp.status, 200);
  assert.match(temp.html, /data-test="temp-password"/);
  assert.equal(sql(srv, `SELECT must_change_password FROM users WHERE id = ${id}`), '1');
  assert.equal(audits('account.totp_reset'), 1);
  assert.equal(audits('account.password_temp'), 1);
});

test('the session token changes after the second factor; a code is accepted once', async () => {
  const jar = {};
  const f = await getForm(srv.url, '/dang-nhap', jar);
  await postForm(srv.url, '/dang-nhap', { csrf: f.csrf, login: 'qt.sxd', password: PASSWORD }, jar);
  const pending = jar.mc_sid;
  const stolen = { mc_sid: pending };
  const form = await getForm(srv.url, '/dang-nhap/ma-xac-thuc', jar);
  const code = await freshTotp(srv, 'qt.sxd');
  const ok = await postForm(srv.url, '/dang-nhap/ma-xac-thuc', { csrf: form.csrf, code }, jar);
  assert.equal(ok.status, 303);
  assert.notEqual(jar.mc_sid, pending);
  assert.equal((await get('/quan-tri', jar)).status, 200);
  const old = await get('/dang-nhap/ma-xac-thuc', stolen);
  assert.equal(old.status, 303);
  assert.match(old.location, /^\/dang-nhap/);
  // The same code again, at a second sign-in, is refused.
  const again = {};
  const g = await getForm(srv.url, '/dang-nhap', again);
  await postForm(srv.url, '/dang-nhap', { csrf: g.csrf, login: 'qt.sxd', password: PASSWORD },
    again);
  const form2 = await getForm(srv.url, '/dang-nhap/ma-xac-thuc', again);
  const replay = await postForm(srv.url, '/dang-nhap/ma-xac-thuc',
    { csrf: form2.csrf, code }, again);
  assert.equal(replay.status, 409);
  assert.match(replay.html, /vừa được dùng/);
  assert.equal((await get('/quan-tri', again)).status, 303);
});

test('a reception officer gives a squatted account back to the CCCD holder', async () => {
  // Someone registers with another person's CCCD and their own phone.
  const squatter = {};
  const reg = await getForm(srv.url, '/dang-ky', squatter);
  await postForm(srv.url, '/dang-ky', { csrf: reg.csrf, kind: 'citizen', dong_y: '1',
    full_name: 'Kẻ Mạo Danh', cccd: '020185004444', phone: '0977000111', email: '',
    password: PASSWORD, password2: PASSWORD }, squatter);
  const v = await getForm(srv.url, '/tai-khoan/xac-minh', squatter);
  await postForm(srv.url, '/tai-khoan/xac-minh',
    { csrf: v.csrf, kenh: 'phone', code: accountCode(srv, '0977000111') }, squatter);
  // The real owner finds "đã có tài khoản", with a way back.
  const owner = {};
  const r2 = await getForm(srv.url, '/dang-ky', owner);
  const taken = await postForm(srv.url, '/dang-ky', { csrf: r2.csrf, kind: 'citizen',
    dong_y: '1', full_name: 'Hoàng Thị Thu', cccd: '020185004444', phone: '0966000222',
    email: '', password: PASSWORD, password2: PASSWORD }, owner);
  assert.equal(taken.status, 409);
  assert.match(taken.html, /href="\/lay-lai-tai-khoan"/);
  assert.equal((await get('/lay-lai-tai-khoan')).status, 200);

  // At the counter: only reception (or admins), papers checked first.
  assert.equal((await get('/quan-tri/lay-lai-tai-khoan', jars['xl.stp'])).status, 403);
  const officer = jars['tn.stp'] = await staffLogin(srv, 'tn.stp');
  const unchecked = await post('/quan-tri/lay-lai-tai-khoan', { login: '020185004444',
    full_name: 'Hoàng Thị Thu', contact: '0966000222' }, officer);
  assert.equal(unchecked.status, 422);
  assert.equal(Number(sql(srv, `SELECT count(*) FROM notify_outbox WHERE ${toRecipient(srv, '0966000222')}`)),
    0);
  const started = await post('/quan-tri/lay-lai-tai-khoan', { login: '020185004444',
    full_name: 'Hoàng Thị Thu', contact: '0966000222', da_doi_chieu: '1' }, officer);
  assert.equal(started.status, 200);
  const ticket = /name="ticket" value="(\d+)"/.exec(started.html)[1];
  const code = accountCode(srv, '0966000222');
  const wrongCode = code.split('').map((d) => String((Number(d) + 5) % 10)).join('');
  const wrong = await post('/quan-tri/lay-lai-tai-khoan/xac-nhan', { ticket, code: wrongCode },
    officer);
  assert.equal(wrong.status, 401);
  assert.match(wrong.html, /không đúng/);
  // Another officer cannot finish what this one started.
  assert.equal((await post('/quan-tri/lay-lai-tai-khoan/xac-nhan', { ticket, code },
    jars['qt.stp'])).status, 403);
  const done = await post('/quan-tri/lay-lai-tai-khoan/xac-nhan', { ticket, code }, officer);
  assert.equal(done.status, 200);
  assert.match(done.html, /data-test="reclaim-done"/);
  const [holder, sealedPhone, verified] = sql(srv, `SELECT full_name, phone,
    CASE WHEN phone_verified_at IS NOT NULL THEN 1 ELSE 0 END FROM users
    WHERE ${byLogin(srv, '020185004444')}`).split('|');
  assert.deepEqual([holder, unseal(srv, sealedPhone), verified],
    ['Hoàng Thị Thu', '0966000222', '1']);
  // The squatter is out and told; the holder sets a password with a code.
  assert.equal((await get('/tai-khoan', squatter)).status, 303);
  assert.match(sql(srv, `SELECT body FROM notify_outbox WHERE ${toRecipient(srv, '0977000111')}
    ORDER BY id DESC LIMIT 1`), /trả lại cho chủ giấy tờ/);
  assert.equal(sql(srv, `SELECT count(*) FROM audit_log WHERE action = 'account.reclaim'
    AND user_id = ${idOf('tn.stp')} AND object = 'user:${idOf('020185004444')}'`), '1');
  const f = await getForm(srv.url, '/quen-mat-khau');
  await postForm(srv.url, '/quen-mat-khau', { csrf: f.csrf, login: '020185004444' }, f.jar);
  const reset = await postForm(srv.url, '/quen-mat-khau/dat-lai', { csrf: f.csrf,
    login: '020185004444', code: accountCode(srv, '0966000222'), password: 'nha-cua-toi-3',
    password2: 'nha-cua-toi-3' }, f.jar);
  assert.equal(reset.status, 303);
  const g = await getForm(srv.url, '/dang-nhap');
  assert.equal((await postForm(srv.url, '/dang-nhap', { csrf: g.csrf, login: '020185004444',
    password: 'nha-cua-toi-3' }, g.jar)).status, 303);
});

test('the audit log names people, agencies, roles and actions in Vietnamese', async () => {
  const page = await get('/quan-tri/nhat-ky', jars.quantri);
  assert.equal(page.status, 200);
  const html = page.html;
  assert.match(html, /Lý Thị Mai/);
  assert.match(html, /Sở Tư pháp tỉnh Lạng Sơn/);
  assert.match(html, /Khóa tài khoản cán bộ/);
  assert.match(html, /Lấy lại tài khoản tại quầy cho chủ giấy tờ/);
  assert.match(html, /Quản trị đơn vị/);
  assert.match(html, /\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
  assert.doesNotMatch(html, /account\.|province_admin|agency_admin|user:\d/);
  assert.doesNotMatch(html, /\d{4}-\d{2}-\d{2}T/);
  assert.equal((await get('/quan-tri/nhat-ky', jars['qt.stp'])).status, 403);
});
