// feedback.test.mjs - phản ánh, kiến nghị end to end over HTTP: a sender
// without an account verified by an emailed code (through a real SMTP
// sink), working-day deadlines, bad input, routing and agency isolation,
// transfer, answer and publication with the redaction check, the public
// page and API, the sender's rating and the one-time reopen, statistics.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, getForm, postForm, cookieHeader } from './lib/server.mjs';
import { startSmtpSink } from './lib/smtp-sink.mjs';
import {
  sql, loadAgencies, addStaff, serverClock, staffLogin, solveChallenge, codeFromMail,
  postMultipart,
} from './lib/feedback-helpers.mjs';

// Friday 13/2/2026 09:00; Tết takes Mon 16 - Fri 20/2/2026.
const NOW = '2026-02-13T09:00:00+07:00';
let srv;
let sink;
let now;
const jars = {};
const state = {};

before(async () => {
  sink = await startSmtpSink();
  srv = await startServer({ env: { MOTCUA_NOW: NOW, MOTCUA_SMTP_URL: sink.url,
    MOTCUA_MAIL_FROM: 'motcua@langson.gov.vn' } });
  now = serverClock(NOW);
  loadAgencies(srv);
  addStaff(srv, 'stp.admin', 'Lý Thị Mai', 'agency_admin,approver', 'T20.STP');
  addStaff(srv, 'stp.cv', 'Trần Văn Minh', 'processing', 'T20.STP');
  addStaff(srv, 'sxd.admin', 'Đỗ Văn Hùng', 'agency_admin', 'T20.SXD');
  addStaff(srv, 'tinh', 'Vi Văn Quang', 'province_admin', 'T20.VP');
  for (const login of ['stp.admin', 'stp.cv', 'sxd.admin', 'tinh']) {
    jars[login] = await staffLogin(srv, login, now);
  }
});

after(async () => {
  await srv?.stop();
  await sink?.close();
});

const count = () => sql(srv, 'SELECT count(*) FROM feedback');

function baseFields(extra = {}) {
  return {
    kind: 'phan_anh', category: 'thu_tuc', title: 'Chậm cấp bản sao trích lục khai sinh',
    body: 'Tôi nộp hồ sơ xin bản sao trích lục khai sinh đã 20 ngày nhưng chưa nhận được kết quả.',
    agency: 'T20.STP', procedure: '', dossier: '', sender_name: 'Nguyễn Thị Hạnh',
    contact: 'hanh@example.vn', consent: '1', ...extra,
  };
}

/** Anonymous: ask a code, read it from the mail, submit.  Returns the redirect. */
async function anonymousSubmit(fields) {
  const jar = {};
  const page = await getForm(srv.url, '/phan-anh/gui', jar);
  const ask = await postForm(srv.url, '/phan-anh/ma-xac-minh', {
    csrf: page.csrf, ...fields, challenge: solveChallenge(page.html),
    challenge_token: /name="challenge_token" value="([^"]+)"/.exec(page.html)[1],
  }, jar);
  assert.equal(ask.status, 200, ask.html);
  assert.match(ask.html, /Đã gửi mã xác minh/);
  assert.match(ask.html, new RegExp(`value="${fields.title}"`), 'the form keeps what was typed');
  const otp = await codeFromMail(sink, fields.contact);
  const res = await postForm(srv.url, '/phan-anh/gui', { csrf: page.csrf, ...fields, otp }, jar);
  return { res, jar, otp };
}

test('a visitor without an account sends feedback verified by a code sent by email', async () => {
  const { res } = await anonymousSubmit(baseFields());
  assert.equal(res.status, 303, res.html);
  const m = /^\/phan-anh\/theo-doi\/(PA-260213-\d{4})\?t=([A-Za-z0-9_-]+)&moi=1$/.exec(res.location);
  assert.ok(m, res.location);
  state.code = m[1];
  state.token = m[2];
  const mail = await sink.waitFor((x) => x.to.includes('hanh@example.vn') && /Đã nhận/.test(x.subject));
  assert.match(mail.text, new RegExp(state.code));
  assert.match(mail.text, /theo-doi/);
  assert.equal(sql(srv, `SELECT status || ' ' || agency_code FROM feedback WHERE code='${state.code}'`),
    'received T20.STP');
  assert.equal(sql(srv, "SELECT count(*) FROM audit_log WHERE action='feedback.submit'"), '1');
});

test('deadlines count working days (Tết 16-20/2/2026 skipped) and are shown to the sender and staff', async () => {
  const follow = await getForm(srv.url, `/phan-anh/theo-doi/${state.code}?t=${state.token}`, {});
  assert.equal(follow.status, 200);
  assert.match(follow.html, /data-due="resolve">09:00 ngày 13\/03\/2026/);
  const staff = await getForm(srv.url, `/quan-tri/phan-anh/${state.code}`, jars['stp.admin']);
  assert.equal(staff.status, 200);
  assert.match(staff.html, /data-due="reject">09:00 ngày 24\/02\/2026/);
  assert.match(staff.html, /data-due="info">09:00 ngày 27\/02\/2026/);
  assert.match(staff.html, /data-due="resolve">09:00 ngày 13\/03\/2026/);
  const api = await (await fetch(`${srv.url}/api/v1/feedback/${state.code}?t=${state.token}`)).json();
  // The pinned clock advances with real time, so compare to the minute.
  assert.equal(api.due_resolve_iso.slice(0, 16), '2026-03-13T09:00');
  assert.equal(api.due_reject_iso.slice(0, 16), '2026-02-24T09:00');
  assert.equal(api.due_info_iso.slice(0, 16), '2026-02-27T09:00');
  const none = await fetch(`${srv.url}/api/v1/feedback/${state.code}?t=wrong`);
  assert.equal(none.status, 404, 'a wrong follow token reveals nothing');
});

test('bad input gets a clear Vietnamese error, keeps what was typed and stores nothing', async () => {
  const before = count();
  const jar = {};
  const page = await getForm(srv.url, '/phan-anh/gui', jar);
  const empty = await postForm(srv.url, '/phan-anh/gui',
    { csrf: page.csrf, ...baseFields({ body: '   ' }), otp: '123456' }, jar);
  assert.equal(empty.status, 422);
  assert.match(empty.html, /vui lòng nhập nội dung/);
  assert.match(empty.html, /value="Chậm cấp bản sao trích lục khai sinh"/);

  const wrong = await postForm(srv.url, '/phan-anh/gui',
    { csrf: page.csrf, ...baseFields({ contact: 'khac@example.vn' }), otp: '000000' }, jar);
  assert.equal(wrong.status, 422);
  assert.match(wrong.html, /mã xác minh không đúng hoặc đã hết hạn/);

  const script = await postForm(srv.url, '/phan-anh/gui', { csrf: page.csrf,
    ...baseFields({ body: 'Xin hỏi <script>alert(1)</script> về thủ tục khai sinh' }), otp: '1' }, jar);
  assert.equal(script.status, 422);
  assert.match(script.html, /không được chứa mã HTML hay mã lệnh/);
  assert.doesNotMatch(script.html, /<script>alert/);
  assert.match(script.html, /&lt;script&gt;alert\(1\)/, 'what was typed comes back escaped');

  const form = new FormData();
  for (const [k, v] of Object.entries({ csrf: page.csrf, ...baseFields(), otp: '123456' })) form.append(k, v);
  const big = new Uint8Array(20 * 1024 * 1024);
  big.set([0x25, 0x50, 0x44, 0x46]);   // "%PDF"
  form.append('attachments', new Blob([big], { type: 'application/pdf' }), 'bien-ban.pdf');
  const large = await postMultipart(srv.url, '/phan-anh/gui', form, jar);
  assert.equal(large.status, 422);
  assert.match(large.html, /tối đa 10 MB/);
  assert.equal(count(), before);
  assert.equal(sql(srv, 'SELECT count(*) FROM feedback_attachments'), '0');
});

test('a citizen signed in sends feedback with a small PDF attachment', async () => {
  const jar = {};
  const reg = await getForm(srv.url, '/dang-ky', jar);
  const r = await postForm(srv.url, '/dang-ky', { csrf: reg.csrf, kind: 'citizen', dong_y: '1',
    full_name: 'Hoàng Văn Nam', cccd: '020190004321', phone: '0912000222', email: 'nam@example.vn',
    password: 'la-xanh-2026', password2: 'la-xanh-2026' }, jar);
  assert.equal(r.status, 303);
  jars.citizen = jar;
  const page = await getForm(srv.url, '/phan-anh/gui', jar);
  assert.doesNotMatch(page.html, /Mã xác minh/, 'no code is needed when signed in');
  const form = new FormData();
  for (const [k, v] of Object.entries({ csrf: page.csrf, ...baseFields({ agency: 'T20.SXD',
    category: 'thai_do', title: 'Cán bộ Sở Xây dựng hẹn nhiều lần', contact: '' }) })) form.append(k, v);
  form.append('attachments', new Blob(['%PDF-1.4 giấy hẹn'], { type: 'application/pdf' }), 'giay-hen.pdf');
  const res = await postMultipart(srv.url, '/phan-anh/gui', form, jar);
  assert.equal(res.status, 303, res.html);
  state.sxdCode = /theo-doi\/([^?]+)/.exec(res.location)[1];
  state.sxdToken = /t=([^&]+)/.exec(res.location)[1];
  assert.equal(sql(srv, 'SELECT count(*) FROM feedback_attachments'), '1');
});

test('an officer of agency A cannot see or answer agency B\'s items', async () => {
  const list = await getForm(srv.url, '/quan-tri/phan-anh', jars['sxd.admin']);
  assert.equal(list.status, 200);
  assert.doesNotMatch(list.html, new RegExp(state.code));
  assert.match(list.html, new RegExp(state.sxdCode));
  const page = await getForm(srv.url, `/quan-tri/phan-anh/${state.code}`, jars['sxd.admin']);
  assert.equal(page.status, 403);
  assert.match(page.html, /thuộc cơ quan khác/);
  const answer = await postForm(srv.url, `/quan-tri/phan-anh/${state.code}/duyet`,
    { csrf: list.csrf, text: 'Trả lời không đúng thẩm quyền' }, jars['sxd.admin']);
  assert.equal(answer.status, 403);
  assert.equal(sql(srv, `SELECT status FROM feedback WHERE code='${state.code}'`), 'received');
  const citizen = await getForm(srv.url, `/quan-tri/phan-anh/${state.code}`, jars.citizen);
  assert.equal(citizen.status, 403);
});

test('an item without an agency waits in triage; the province admin routes it', async () => {
  const { res } = await anonymousSubmit(baseFields({ agency: '', contact: 'binh@example.vn',
    title: 'Không biết hỏi cơ quan nào về đất đai', category: 'khac' }));
  assert.equal(res.status, 303);
  const code = /theo-doi\/([^?]+)/.exec(res.location)[1];
  assert.equal(sql(srv, `SELECT status FROM feedback WHERE code='${code}'`), 'triage');
  const queue = await getForm(srv.url, '/quan-tri/phan-anh?status=triage', jars.tinh);
  assert.match(queue.html, new RegExp(code));
  const routed = await postForm(srv.url, `/quan-tri/phan-anh/${code}/chuyen`,
    { csrf: queue.csrf, agency: 'T20.SNNMT', text: 'Thuộc lĩnh vực đất đai' }, jars.tinh);
  assert.equal(routed.status, 303);
  assert.equal(sql(srv, `SELECT status || ' ' || agency_code FROM feedback WHERE code='${code}'`),
    'received T20.SNNMT');
});

test('an agency transfers an item with a reason; the deadlines stay', async () => {
  const page = await getForm(srv.url, `/quan-tri/phan-anh/${state.sxdCode}`, jars['sxd.admin']);
  const before = sql(srv, `SELECT due_resolve FROM feedback WHERE code='${state.sxdCode}'`);
  const noReason = await postForm(srv.url, `/quan-tri/phan-anh/${state.sxdCode}/chuyen`,
    { csrf: page.csrf, agency: 'T20.STP', text: '' }, jars['sxd.admin']);
  assert.equal(noReason.status, 422);
  assert.match(noReason.html, /vui lòng nêu lý do chuyển/);
  const ok = await postForm(srv.url, `/quan-tri/phan-anh/${state.sxdCode}/chuyen`,
    { csrf: page.csrf, agency: 'T20.STP', text: 'Nội dung thuộc thẩm quyền Sở Tư pháp' }, jars['sxd.admin']);
  assert.equal(ok.status, 303);
  assert.equal(sql(srv, `SELECT agency_code FROM feedback WHERE code='${state.sxdCode}'`), 'T20.STP');
  assert.equal(sql(srv, `SELECT due_resolve FROM feedback WHERE code='${state.sxdCode}'`), before);
  assert.equal(sql(srv, `SELECT note FROM feedback_events WHERE kind='transferred' AND ` +
    `feedback_id=(SELECT id FROM feedback WHERE code='${state.sxdCode}')`),
  'Nội dung thuộc thẩm quyền Sở Tư pháp');
  const gone = await getForm(srv.url, `/quan-tri/phan-anh/${state.sxdCode}`, jars['sxd.admin']);
  assert.equal(gone.status, 403);
  const seen = await getForm(srv.url, `/quan-tri/phan-anh/${state.sxdCode}`, jars['stp.admin']);
  assert.equal(seen.status, 200);
  assert.match(seen.html, /Chuyển cơ quan/);
});

test('the agency assigns, drafts and approves; the sender is told by email', async () => {
  const page = await getForm(srv.url, `/quan-tri/phan-anh/${state.code}`, jars['stp.admin']);
  const cv = sql(srv, "SELECT id FROM users WHERE login='stp.cv'");
  const assign = await postForm(srv.url, `/quan-tri/phan-anh/${state.code}/phan-cong`,
    { csrf: page.csrf, assignee: cv }, jars['stp.admin']);
  assert.equal(assign.status, 303);
  const cvPage = await getForm(srv.url, `/quan-tri/phan-anh/${state.code}`, jars['stp.cv']);
  const draft = await postForm(srv.url, `/quan-tri/phan-anh/${state.code}/du-thao`,
    { csrf: cvPage.csrf, text: 'Dự thảo: Sở Tư pháp đã kiểm tra hồ sơ.' }, jars['stp.cv']);
  assert.equal(draft.status, 303);
  const cvApprove = await postForm(srv.url, `/quan-tri/phan-anh/${state.code}/duyet`,
    { csrf: cvPage.csrf, text: 'x' }, jars['stp.cv']);
  assert.equal(cvApprove.status, 403, 'a processing officer cannot approve');
  const answer = 'Sở Tư pháp đã kiểm tra: hồ sơ của bà đã có kết quả <b>ngày 12/02/2026</b>. ' +
    'Bà liên hệ bộ phận một cửa để nhận.';
  const ok = await postForm(srv.url, `/quan-tri/phan-anh/${state.code}/duyet`,
    { csrf: page.csrf, text: answer }, jars['stp.admin']);
  assert.equal(ok.status, 303);
  assert.equal(sql(srv, `SELECT status FROM feedback WHERE code='${state.code}'`), 'answered');
  const mail = await sink.waitFor((m) => m.to.includes('hanh@example.vn') && /Đã có câu trả lời/.test(m.subject));
  assert.match(mail.text, /đã có kết quả/);
  assert.match(mail.text, /theo-doi/);
});

test('publishing refuses a CCCD or a phone number, then publishes escaped text', async () => {
  const page = await getForm(srv.url, `/quan-tri/phan-anh/${state.code}`, jars['stp.admin']);
  const fields = { csrf: page.csrf, public_title: 'Chậm cấp bản sao trích lục khai sinh',
    public_question: 'Công dân nộp hồ sơ bản sao trích lục khai sinh đã lâu chưa có kết quả.',
    public_answer: '' };
  const cccd = await postForm(srv.url, `/quan-tri/phan-anh/${state.code}/cong-khai`,
    { ...fields, public_question: 'Bà Hạnh (CCCD 001190012345) hỏi về hồ sơ.' }, jars['stp.admin']);
  assert.equal(cccd.status, 422);
  assert.match(cccd.html, /số căn cước công dân/);
  assert.match(cccd.html, /001190012345/, 'the typed text is kept for correction');
  const phone = await postForm(srv.url, `/quan-tri/phan-anh/${state.code}/cong-khai`,
    { ...fields, public_answer: 'Liên hệ bà Hạnh qua số 0912 345 678.' }, jars['stp.admin']);
  assert.equal(phone.status, 422);
  assert.match(phone.html, /số điện thoại/);
  const email = await postForm(srv.url, `/quan-tri/phan-anh/${state.code}/cong-khai`,
    { ...fields, public_question: 'Người gửi hanh@example.vn hỏi.' }, jars['stp.admin']);
  assert.equal(email.status, 422);
  assert.match(email.html, /thư điện tử/);
  assert.equal(sql(srv, `SELECT status FROM feedback WHERE code='${state.code}'`), 'answered');

  const ok = await postForm(srv.url, `/quan-tri/phan-anh/${state.code}/cong-khai`, fields, jars['stp.admin']);
  assert.equal(ok.status, 303, ok.html);
  const pub = await getForm(srv.url, `/phan-anh/${state.code}`, {});
  assert.equal(pub.status, 200);
  assert.match(pub.html, /Trả lời của Sở Tư pháp tỉnh Lạng Sơn/);
  assert.match(pub.html, /&lt;b&gt;ngày 12\/02\/2026&lt;\/b&gt;/, 'published text is escaped');
  assert.doesNotMatch(pub.html, /<b>ngày/);
});

test('the public page and API find answers without diacritics, by agency and category', async () => {
  const list = await getForm(srv.url, '/phan-anh?q=ban+sao+trich+luc', {});
  assert.match(list.html, new RegExp(`data-code="${state.code}"`));
  const none = await getForm(srv.url, '/phan-anh?q=ban+sao&agency=T20.SXD', {});
  assert.doesNotMatch(none.html, new RegExp(`data-code="${state.code}"`));
  const api = await (await fetch(`${srv.url}/api/v1/feedback/public?q=khai%20sinh&agency=T20.STP&page=1`)).json();
  assert.equal(api.total, 1);
  const it = api.items[0];
  assert.deepEqual(Object.keys(it).filter((k) => ['code', 'title', 'question', 'answer', 'agency',
    'answered_at'].includes(k)).sort(), ['agency', 'answer', 'answered_at', 'code', 'question', 'title']);
  assert.equal(it.code, state.code);
  assert.equal(it.agency, 'Sở Tư pháp tỉnh Lạng Sơn');
  assert.match(it.answered_at, /^2026-02-13T/);
  const byCat = await (await fetch(`${srv.url}/api/v1/feedback/public?category=thai_do`)).json();
  assert.equal(byCat.total, 0);
});

test('a dislike reopens the item once; the second dislike only counts', async () => {
  const follow = await getForm(srv.url, `/phan-anh/theo-doi/${state.code}?t=${state.token}`, {});
  assert.match(follow.html, /Bạn có hài lòng với câu trả lời/);
  const jar = {};
  const f = await getForm(srv.url, `/phan-anh/theo-doi/${state.code}?t=${state.token}`, jar);
  const dislike = await postForm(srv.url, `/phan-anh/theo-doi/${state.code}/danh-gia`,
    { csrf: f.csrf, t: state.token, satisfied: '0', comment: 'Tôi chưa nhận được kết quả' }, jar);
  assert.equal(dislike.status, 200);
  assert.match(dislike.html, /mở lại/);
  assert.equal(sql(srv, `SELECT status || ' ' || reopened FROM feedback WHERE code='${state.code}'`),
    'assigned 1');
  const again = await postForm(srv.url, `/phan-anh/theo-doi/${state.code}/danh-gia`,
    { csrf: f.csrf, t: state.token, satisfied: '0' }, jar);
  assert.equal(again.status, 409, 'no answer to rate until the agency answers again');

  const page = await getForm(srv.url, `/quan-tri/phan-anh/${state.code}`, jars['stp.admin']);
  assert.match(page.html, /đã mở lại/);
  const re = await postForm(srv.url, `/quan-tri/phan-anh/${state.code}/duyet`,
    { csrf: page.csrf, text: 'Sở đã gửi kết quả qua bưu điện ngày 14/02/2026.' }, jars['stp.admin']);
  assert.equal(re.status, 303);
  const second = await postForm(srv.url, `/phan-anh/theo-doi/${state.code}/danh-gia`,
    { csrf: f.csrf, t: state.token, satisfied: '0' }, jar);
  assert.equal(second.status, 200);
  assert.doesNotMatch(second.html, /mở lại/);
  assert.equal(sql(srv, `SELECT status || ' ' || rating FROM feedback WHERE code='${state.code}'`),
    'answered -1');
  assert.equal(sql(srv, "SELECT count(*) FROM audit_log WHERE action='feedback.reopen'"), '1');
});

test('the sender is asked for more information and replies; the deadline moves by the wait', async () => {
  const page = await getForm(srv.url, `/quan-tri/phan-anh/${state.sxdCode}`, jars['stp.admin']);
  const ask = await postForm(srv.url, `/quan-tri/phan-anh/${state.sxdCode}/bo-sung`,
    { csrf: page.csrf, text: 'Đề nghị cho biết ngày hẹn ghi trên giấy hẹn.' }, jars['stp.admin']);
  assert.equal(ask.status, 303);
  const jar = jars.citizen;
  const f = await getForm(srv.url, `/phan-anh/theo-doi/${state.sxdCode}`, jar);
  assert.match(f.html, /Cơ quan đề nghị bổ sung thông tin/);
  const reply = await postForm(srv.url, `/phan-anh/theo-doi/${state.sxdCode}/bo-sung`,
    { csrf: f.csrf, text: 'Giấy hẹn ghi ngày 10/02/2026.' }, jar);
  assert.equal(reply.status, 200);
  assert.equal(sql(srv, `SELECT status FROM feedback WHERE code='${state.sxdCode}'`), 'received');
});

test('statistics per agency, the league table and the 766 indicators', async () => {
  const stats = await (await fetch(`${srv.url}/api/v1/feedback/stats?month=2026-02`)).json();
  const stp = stats.agencies.find((a) => a.agency_code === 'T20.STP');
  assert.ok(stp);
  assert.equal(stp.received, 2);
  assert.equal(stp.answered, 1);
  assert.equal(stp.on_time, 1);
  const page = await getForm(srv.url, '/phan-anh/thong-ke?month=2026-02', {});
  assert.match(page.html, /data-agency="T20.STP"/);
  const denied = await fetch(`${srv.url}/api/v1/feedback/indicators?agency=T20.STP&from=2026-02-01&to=2026-03-01`);
  assert.equal(denied.status, 401);
  const res = await fetch(`${srv.url}/api/v1/feedback/indicators?agency=T20.STP&from=2026-02-01&to=2026-03-01`,
    { headers: { cookie: cookieHeader(jars.tinh) } });
  assert.equal(res.status, 200);
  const ind = await res.json();
  assert.deepEqual(ind.pakn_dung_han, { num: 1, den: 1 });
  assert.deepEqual(ind.pakn_hai_long, { num: 0, den: 1 });
});

test('the JSON API submits with a challenge and an emailed code', async () => {
  const ch = await (await fetch(`${srv.url}/api/v1/feedback/challenge`)).json();
  const m = /^(\S+) cộng (\S+)/i.exec(ch.question);
  const words = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];
  const answer = String(words.indexOf(m[1].toLowerCase()) + words.indexOf(m[2].toLowerCase()));
  const post = (path, body) => fetch(srv.url + path, { method: 'POST',
    headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const bad = await post('/api/v1/feedback/codes', { contact: 'app@example.vn', challenge: '99',
    challenge_token: ch.token });
  assert.equal(bad.status, 422);
  const sent = await post('/api/v1/feedback/codes', { contact: 'app@example.vn', challenge: answer,
    challenge_token: ch.token });
  assert.equal(sent.status, 202);
  const otp = await codeFromMail(sink, 'app@example.vn');
  const res = await post('/api/v1/feedback', { kind: 'hoi_dap', category: 'he_thong',
    title: 'Không đăng nhập được ứng dụng', body: 'Ứng dụng báo lỗi khi tôi đăng nhập bằng căn cước.',
    sender_name: 'Lê Văn Tư', contact: 'app@example.vn', otp, consent_publish: true });
  assert.equal(res.status, 201);
  const body = await res.json();
  assert.match(body.code, /^HD-260213-\d{4}$/);
  const invalid = await post('/api/v1/feedback', { kind: 'hoi_dap', category: 'he_thong',
    title: '', body: 'ngắn', contact: 'app@example.vn', otp });
  assert.equal(invalid.status, 422);
  const err = await invalid.json();
  assert.ok(err.error.fields.some((f) => f.field === 'title'));
});
