// feedback_extra.test.mjs - the feedback pieces around the main flow:
// collaborators (cộng tác viên) filing for a citizen with verbal consent,
// their help log and their exclusion from officer pages; a citizen's
// "Phản ánh, câu hỏi của tôi"; staff downloading an item's attachments.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, getForm, postForm, cookieHeader } from './lib/server.mjs';
import { unseal } from './lib/feedback-helpers.mjs';
import {
  sql, loadAgencies, addStaff, serverClock, staffLogin, postMultipart, bin,
} from './lib/feedback-helpers.mjs';

const NOW = '2026-03-10T09:00:00+07:00';
let srv;
let now;
const jars = {};
const state = {};

async function register(name, cccd, phone) {
  const jar = {};
  const reg = await getForm(srv.url, '/dang-ky', jar);
  const r = await postForm(srv.url, '/dang-ky', { csrf: reg.csrf, kind: 'citizen', dong_y: '1',
    full_name: name, cccd, phone, email: '', password: 'la-xanh-2026',
    password2: 'la-xanh-2026' }, jar);
  assert.equal(r.status, 303, r.html);
  return jar;
}

before(async () => {
  srv = await startServer({ env: { MOTCUA_NOW: NOW } });
  now = serverClock(NOW);
  loadAgencies(srv);
  addStaff(srv, 'ctv.dongdang', 'Hoàng Thị Lan', 'collaborator', 'X06184.UBND');
  addStaff(srv, 'stp.admin', 'Lý Thị Mai', 'agency_admin,approver', 'T20.STP');
  addStaff(srv, 'sxd.admin', 'Đỗ Văn Hùng', 'agency_admin', 'T20.SXD');
  addStaff(srv, 'tinh', 'Vi Văn Quang', 'province_admin', 'T20.VP');
  for (const login of ['ctv.dongdang', 'stp.admin', 'sxd.admin', 'tinh']) {
    jars[login] = await staffLogin(srv, login, now);
  }
  jars.an = await register('Nguyễn Văn An', '020190001111', '0912000111');
  jars.binh = await register('Trần Thị Bình', '020190002222', '0912000222');
});

after(async () => {
  await srv?.stop();
});

test('the collaborator role is stored by the migrated user_roles and needs an agency', () => {
  assert.equal(sql(srv, "SELECT role || ' ' || agency_code FROM user_roles r JOIN users u"
    + " ON u.id = r.user_id WHERE u.login = 'ctv.dongdang'"), 'collaborator X06184.UBND');
  assert.equal(sql(srv, "SELECT kind FROM users WHERE login = 'ctv.dongdang'"), 'staff');
  assert.throws(() => execFileSync(bin(), ['user', 'add', '--login', 'ctv.x', '--name', 'X',
    '--password', 'la-xanh-2026', '--roles', 'collaborator', '--db', srv.db,
    '--data-dir', srv.tmpdir], { stdio: 'pipe' }), /--agency/);
  assert.throws(() => sql(srv, "INSERT INTO user_roles (user_id, role) VALUES (1, 'chief')"),
    'the CHECK still refuses unknown roles');
});

test('a collaborator signs in with TOTP and lands on the collaborator page', async () => {
  const page = await getForm(srv.url, '/cong-tac-vien', jars['ctv.dongdang']);
  assert.equal(page.status, 200);
  assert.match(page.html, /Cộng tác viên: hỗ trợ người dân/);
  assert.match(page.html, /href="\/cong-tac-vien"/, 'the menu links the collaborator page');
  assert.doesNotMatch(page.html, /href="\/quan-tri\/ho-so"/, 'no officer links in the menu');
  const me = await (await fetch(`${srv.url}/api/v1/me`,
    { headers: { cookie: cookieHeader(jars['ctv.dongdang']) } })).json();
  assert.equal(me.role ?? me.user?.role, 'collaborator');
});

test('a collaborator cannot open officer queues, dossiers or admin pages (403)', async () => {
  for (const path of ['/quan-tri', '/quan-tri/ho-so', '/quan-tri/phan-anh', '/quan-tri/ho-so/tiep-nhan',
    '/quan-tri/khao-sat', '/quan-tri/chat-luong', '/ho-so', '/kho-du-lieu', '/phan-anh/cua-toi']) {
    const r = await getForm(srv.url, path, jars['ctv.dongdang']);
    assert.equal(r.status, 403, `${path} must be refused`);
  }
  const api = await fetch(`${srv.url}/api/v1/feedback/indicators`,
    { headers: { cookie: cookieHeader(jars['ctv.dongdang']) } });
  assert.equal(api.status, 403);
  const page = await getForm(srv.url, '/cong-tac-vien', jars['ctv.dongdang']);
  const post = await postForm(srv.url, '/quan-tri/ho-so/tiep-nhan', { csrf: page.csrf },
    jars['ctv.dongdang']);
  assert.equal(post.status, 403);
  // Officers keep their pages, and cannot use the collaborator's.
  assert.equal((await getForm(srv.url, '/quan-tri/phan-anh', jars['stp.admin'])).status, 200);
  assert.equal((await getForm(srv.url, '/cong-tac-vien/gui-phan-anh', jars['stp.admin'])).status,
    403);
  assert.equal((await getForm(srv.url, '/cong-tac-vien', jars.an)).status, 403);
});

test('a collaborator files feedback for a citizen: verbal consent required, recorded as on behalf', async () => {
  const jar = jars['ctv.dongdang'];
  const form = await getForm(srv.url, '/cong-tac-vien/gui-phan-anh', jar);
  assert.equal(form.status, 200);
  assert.match(form.html, /<option value="X06184.UBND" selected>/, 'defaults to the commune');
  const fields = { csrf: form.csrf, kind: 'phan_anh', category: 'thu_tuc',
    title: 'Chưa được hướng dẫn đổi giấy phép lái xe',
    body: 'Bà Lộc Thị Hoa ở thôn Pò Mã chưa biết cách nộp hồ sơ đổi giấy phép lái xe trực tuyến.',
    agency: 'T20.STP', procedure: '', dossier: '', sender_name: 'Lộc Thị Hoa',
    contact: '0987654321', consent: '1' };
  const before = sql(srv, 'SELECT count(*) FROM feedback');
  const refused = await postForm(srv.url, '/cong-tac-vien/gui-phan-anh', fields, jar);
  assert.equal(refused.status, 422);
  assert.match(refused.html, /đã đồng ý để bạn gửi thay/);
  assert.match(refused.html, /value="Chưa được hướng dẫn đổi giấy phép lái xe"/, 'keeps typed values');
  assert.match(refused.html, /value="0987654321"/);
  const noContact = await postForm(srv.url, '/cong-tac-vien/gui-phan-anh',
    { ...fields, contact: '', consent_verbal: '1' }, jar);
  assert.equal(noContact.status, 422);
  assert.match(noContact.html, /số điện thoại\s+của người dân/);
  assert.equal(sql(srv, 'SELECT count(*) FROM feedback'), before, 'nothing stored');

  const ok = await postForm(srv.url, '/cong-tac-vien/gui-phan-anh',
    { ...fields, consent_verbal: '1' }, jar);
  assert.equal(ok.status, 303, ok.html);
  const m = /^\/cong-tac-vien\?da_gui=(PA-\d{6}-\d{4})&t=[A-Za-z0-9_-]+$/.exec(ok.location);
  assert.ok(m, ok.location);
  state.collabCode = m[1];
  const ctvId = sql(srv, "SELECT id FROM users WHERE login = 'ctv.dongdang'");
  const row = sql(srv, `SELECT on_behalf_by, sender_user_id, sender_name, sender_phone
    FROM feedback WHERE code = '${state.collabCode}'`);
  const cut = row.lastIndexOf('|'); // the sealed phone is base64: no '|'
  const [who, phone] = [row.slice(0, cut), row.slice(cut + 1)];
  assert.equal(who, `${ctvId}||Lộc Thị Hoa`);
  assert.equal(unseal(srv, phone), '0987654321', 'sealed at rest');
  assert.equal(sql(srv, `SELECT e.kind || '|' || e.note FROM feedback_events e JOIN feedback f
    ON f.id = e.feedback_id WHERE f.code = '${state.collabCode}' AND e.kind = 'submitted_for'`),
  'submitted_for|người dân đã đồng ý bằng lời để được gửi thay');
  assert.equal(sql(srv, `SELECT user_id || '|' || role || '|' || detail FROM audit_log
    WHERE action = 'feedback.submit' AND object = 'feedback:${state.collabCode}'`),
  `${ctvId}|collaborator|on_behalf,verbal_consent`);
  const landing = await getForm(srv.url, ok.location, jar);
  assert.match(landing.html, new RegExp(`Đã gửi phản ánh mã <strong>${state.collabCode}`));
  assert.match(landing.html, /Gửi phản ánh, kiến nghị \(PA-/, 'the filing is in the help log');
  // The agency sees it as filed on behalf.
  const staff = await getForm(srv.url, `/quan-tri/phan-anh/${state.collabCode}`, jars['stp.admin']);
  assert.equal(staff.status, 200);
  assert.match(staff.html, /gửi thay người dân/);
  assert.match(staff.html, /Cán bộ, cộng tác viên gửi thay/);
});

test('a collaborator logs help given and sees only their own log', async () => {
  const jar = jars['ctv.dongdang'];
  const page = await getForm(srv.url, '/cong-tac-vien', jar);
  const bad = await postForm(srv.url, '/cong-tac-vien/nhat-ky', { csrf: page.csrf,
    helped_on: '2026-03-11', citizen_name: 'Vy Văn Tài', kind: 'cai_ung_dung', count: '0',
    note: '' }, jar);
  assert.equal(bad.status, 422);
  assert.match(bad.html, /không được sau hôm nay/);
  assert.match(bad.html, /số người được hỗ trợ là số từ 1 đến 500/);
  assert.match(bad.html, /value="Vy Văn Tài"/, 'keeps typed values');
  assert.match(bad.html, /<option value="cai_ung_dung" selected>/);
  const ok = await postForm(srv.url, '/cong-tac-vien/nhat-ky', { csrf: page.csrf,
    helped_on: '9/3/2026', citizen_name: 'Vy Văn Tài', kind: 'cai_ung_dung', count: '3',
    note: 'Cài VNeID cho cả gia đình' }, jar);
  assert.equal(ok.status, 303, ok.html);
  const today = await postForm(srv.url, '/cong-tac-vien/nhat-ky', { csrf: page.csrf,
    helped_on: '', citizen_name: 'Hà Thị Mơ', kind: 'huong_dan_nop', count: '', note: '' }, jar);
  assert.equal(today.status, 303, today.html);
  assert.equal(ok.location, '/cong-tac-vien?da_ghi=1');
  const list = await getForm(srv.url, ok.location, jar);
  assert.match(list.html, /Đã ghi vào nhật ký hỗ trợ/);
  assert.match(list.html, /3 lần hỗ trợ, 5 lượt người dân/);
  assert.match(list.html, /<td>09\/03\/2026<\/td><td>Vy Văn Tài<\/td><td>Cài ứng dụng trên điện thoại<\/td><td>3<\/td>/);
  assert.match(list.html, /<td>10\/03\/2026<\/td><td>Hà Thị Mơ<\/td><td>Hướng dẫn nộp hồ sơ trực tuyến<\/td>/);
  assert.equal(sql(srv, "SELECT agency_code || '|' || kind || '|' || count || '|' || helped_on"
    + " FROM collaborator_help_log WHERE citizen_name = 'Vy Văn Tài'"),
  'X06184.UBND|cai_ung_dung|3|2026-03-09', 'a typed date is stored as YYYY-MM-DD');
  assert.equal(sql(srv, "SELECT count(*) FROM audit_log WHERE action = 'collaborator.help'"
    + " AND detail NOT LIKE '%Tài%'"), '3');
});

test('"my feedback" lists only the signed-in citizen\'s own items with status and deadline', async () => {
  const send = async (jar, title) => {
    const page = await getForm(srv.url, '/phan-anh/gui', jar);
    const r = await postForm(srv.url, '/phan-anh/gui', { csrf: page.csrf, kind: 'hoi_dap',
      category: 'thu_tuc', title, body: 'Xin hỏi thủ tục này cần những giấy tờ gì và nộp ở đâu?',
      agency: 'T20.SXD', procedure: '', dossier: '', consent: '1' }, jar);
    assert.equal(r.status, 303, r.html);
    return /theo-doi\/([^?]+)/.exec(r.location)[1];
  };
  const a = await send(jars.an, 'Câu hỏi của anh An về giấy phép xây dựng');
  const b = await send(jars.binh, 'Câu hỏi của chị Bình về cấp phép');
  const mine = await getForm(srv.url, '/phan-anh/cua-toi', jars.an);
  assert.equal(mine.status, 200);
  assert.match(mine.html, new RegExp(`<a href="/phan-anh/theo-doi/${a}">`));
  assert.match(mine.html, /Câu hỏi của anh An/);
  assert.match(mine.html, /data-status="received">Đã tiếp nhận|data-status="received">/);
  assert.match(mine.html, /\d{2}:\d{2} ngày \d{2}\/\d{2}\/2026/, 'shows the deadline');
  assert.doesNotMatch(mine.html, new RegExp(b));
  assert.doesNotMatch(mine.html, /chị Bình/);
  assert.doesNotMatch(mine.html, new RegExp(state.collabCode));
  const follow = await getForm(srv.url, `/phan-anh/theo-doi/${a}`, jars.an);
  assert.equal(follow.status, 200, 'the link works for the signed-in sender without a token');
  const other = await getForm(srv.url, `/phan-anh/theo-doi/${a}`, jars.binh);
  assert.equal(other.status, 404);
  const anon = await getForm(srv.url, '/phan-anh/cua-toi', {});
  assert.equal(anon.status, 303);
  assert.match(anon.res.headers.get('location'), /^\/dang-nhap\?next=/);
});

test('staff of the item\'s agency or the province admin download attachments; others cannot', async () => {
  const page = await getForm(srv.url, '/phan-anh/gui', jars.an);
  const form = new FormData();
  for (const [k, v] of Object.entries({ csrf: page.csrf, kind: 'phan_anh', category: 'thai_do',
    title: 'Giấy hẹn bị ghi sai ngày', body: 'Giấy hẹn trả kết quả ghi sai ngày, tôi gửi kèm ảnh.',
    agency: 'T20.STP', procedure: '', dossier: '', consent: '' })) form.append(k, v);
  const pdf = '%PDF-1.4 giấy hẹn bản chụp';
  form.append('attachments', new Blob([pdf], { type: 'application/pdf' }), 'giấy hẹn.pdf');
  const res = await postMultipart(srv.url, '/phan-anh/gui', form, jars.an);
  assert.equal(res.status, 303, res.html);
  const code = /theo-doi\/([^?]+)/.exec(res.location)[1];
  const id = sql(srv, `SELECT a.id FROM feedback_attachments a JOIN feedback f ON f.id = a.feedback_id
    WHERE f.code = '${code}'`);
  const item = await getForm(srv.url, `/quan-tri/phan-anh/${code}`, jars['stp.admin']);
  assert.match(item.html, new RegExp(`href="/quan-tri/phan-anh/${code}/tep/${id}">giấy hẹn.pdf`));
  const path = `/quan-tri/phan-anh/${code}/tep/${id}`;
  for (const who of ['stp.admin', 'tinh']) {
    const r = await fetch(srv.url + path, { headers: { cookie: cookieHeader(jars[who]) } });
    assert.equal(r.status, 200, who);
    assert.equal(r.headers.get('content-type'), 'application/pdf');
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.match(r.headers.get('content-disposition'),
      /^attachment; filename="gi___y_h___n\.pdf"; filename\*=UTF-8''gi%E1%BA%A5y%20h%E1%BA%B9n\.pdf$/);
    assert.equal(await r.text(), pdf);
  }
  const other = await fetch(srv.url + path, { headers: { cookie: cookieHeader(jars['sxd.admin']) } });
  assert.equal(other.status, 403, 'another agency');
  const ctv = await fetch(srv.url + path, { headers: { cookie: cookieHeader(jars['ctv.dongdang']) } });
  assert.equal(ctv.status, 403, 'a collaborator');
  const citizen = await fetch(srv.url + path, { headers: { cookie: cookieHeader(jars.an) } });
  assert.equal(citizen.status, 403, 'even the sender, on the staff address');
  const anon = await fetch(srv.url + path, { redirect: 'manual' });
  assert.equal(anon.status, 303);
  const wrongItem = await fetch(`${srv.url}/quan-tri/phan-anh/${state.collabCode}/tep/${id}`,
    { headers: { cookie: cookieHeader(jars['stp.admin']) } });
  assert.equal(wrongItem.status, 404, 'a file of another item');
  const junk = await fetch(`${srv.url}/quan-tri/phan-anh/${code}/tep/abc`,
    { headers: { cookie: cookieHeader(jars['stp.admin']) } });
  assert.equal(junk.status, 404);
});

test('an attachment name that is not UTF-8 is stored safely and still listed for staff', async () => {
  // Issue 13: the name was stored as sent; invalid UTF-8 made the attachment vanish.
  const page = await getForm(srv.url, '/phan-anh/gui', jars.an);
  const b = 'motcuaBoundary13';
  const fields = { csrf: page.csrf, kind: 'phan_anh', category: 'thai_do',
    title: 'Tên tệp lạ', body: 'Tệp đính kèm có tên không phải UTF-8.', agency: 'T20.STP',
    procedure: '', dossier: '', consent: '' };
  const parts = Object.entries(fields).map(([k, v]) => Buffer.from(
    `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.concat([
    Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="attachments"; filename="`),
    Buffer.from([0x62, 0xff, 0xfe, 0x2f, 0x01, 0x61]), Buffer.from('.pdf"\r\n'),
    Buffer.from('Content-Type: application/pdf\r\n\r\n%PDF-1.4 tệp lạ\r\n'),
  ]));
  parts.push(Buffer.from(`--${b}--\r\n`));
  const res = await fetch(`${srv.url}/phan-anh/gui`, { method: 'POST', redirect: 'manual',
    body: Buffer.concat(parts), headers: { cookie: cookieHeader(jars.an),
      'content-type': `multipart/form-data; boundary=${b}` } });
  assert.equal(res.status, 303, await res.text());
  const code = /theo-doi\/([^?]+)/.exec(res.headers.get('location'))[1];
  const name = sql(srv, `SELECT a.name FROM feedback_attachments a JOIN feedback f
    ON f.id = a.feedback_id WHERE f.code = '${code}'`);
  assert.equal(name, 'b____a.pdf');
  const item = await getForm(srv.url, `/quan-tri/phan-anh/${code}`, jars['stp.admin']);
  assert.match(item.html, /<a href="\/quan-tri\/phan-anh\/[^"]+\/tep\/\d+">b____a\.pdf<\/a>/);
});
