// survey.test.mjs - khảo sát over HTTP: the builder's validation, publishing,
// answering with required questions and a jump enforced on the server, one
// response per person (browser cookie, app respondent_id), the JSON API,
// results with counts, percentages and filters, the xlsx and CSV exports,
// agency isolation of admins, a free-text answer turned into a feedback
// item, and a closed survey refusing answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, getForm, postForm, cookieHeader } from './lib/server.mjs';
import { sql, loadAgencies, addStaff, serverClock, staffLogin } from './lib/feedback-helpers.mjs';

const NOW = '2026-03-02T09:00:00+07:00';
let srv;
const jars = {};
const state = {};

before(async () => {
  srv = await startServer({ env: { MOTCUA_NOW: NOW } });
  const now = serverClock(NOW);
  loadAgencies(srv);
  addStaff(srv, 'tinh', 'Vi Văn Quang', 'province_admin', 'T20.VP');
  addStaff(srv, 'stp.admin', 'Lý Thị Mai', 'agency_admin', 'T20.STP');
  addStaff(srv, 'sxd.admin', 'Đỗ Văn Hùng', 'agency_admin', 'T20.SXD');
  addStaff(srv, 'stp.cv', 'Trần Văn Minh', 'processing', 'T20.STP');
  for (const login of ['tinh', 'stp.admin', 'sxd.admin', 'stp.cv']) {
    jars[login] = await staffLogin(srv, login, now);
  }
});

after(async () => {
  await srv?.stop();
});

const settings = (extra = {}) => ({ title: 'Bạn đã biết sử dụng dịch vụ công trực tuyến chưa?',
  intro: 'Khảo sát ngắn, 4 câu.', agency: '', opens: '2026-03-01', closes: '2026-03-31',
  one_per_person: '1', ...extra });

async function addQuestion(login, fields) {
  const page = await getForm(srv.url, `/quan-tri/khao-sat/${state.id}`, jars[login]);
  // A checkbox left unticked is not sent at all: drop the fields given as ''.
  const sent = Object.entries({ required: '1', ...fields }).filter(([k, v]) => v !== '' ||
    !['required', 'is_group'].includes(k));
  return postForm(srv.url, `/quan-tri/khao-sat/${state.id}/cau-hoi`,
    [['csrf', page.csrf], ...sent], jars[login]);
}

test('the builder refuses a survey without a title or with the dates reversed, keeping the form', async () => {
  const page = await getForm(srv.url, '/quan-tri/khao-sat', jars.tinh);
  assert.equal(page.status, 200);
  const bad = await postForm(srv.url, '/quan-tri/khao-sat', { csrf: page.csrf,
    ...settings({ title: '  ', closes: '2026-02-01' }) }, jars.tinh);
  assert.equal(bad.status, 422);
  assert.match(bad.html, /vui lòng nhập tên khảo sát/);
  assert.match(bad.html, /ngày kết thúc phải từ ngày bắt đầu trở đi/);
  assert.match(bad.html, /Khảo sát ngắn, 4 câu\./, 'what was typed is kept');
  assert.equal(sql(srv, 'SELECT count(*) FROM surveys'), '0');
  const impossible = await postForm(srv.url, '/quan-tri/khao-sat', { csrf: page.csrf,
    ...settings({ opens: '31/02/2026' }) }, jars.tinh);
  assert.equal(impossible.status, 422);
  assert.match(impossible.html, /vui lòng nhập ngày bắt đầu \(ngày\/tháng\/năm/);
  assert.equal(sql(srv, 'SELECT count(*) FROM surveys'), '0');
  // dates typed day/month/year, as people write them where the browser shows a text field
  const ok = await postForm(srv.url, '/quan-tri/khao-sat', { csrf: page.csrf,
    ...settings({ opens: '1/3/2026', closes: '31/03/2026' }) }, jars.tinh);
  assert.equal(ok.status, 303);
  state.id = /^\/quan-tri\/khao-sat\/(\d+)/.exec(ok.location)[1];
  assert.equal(sql(srv, `SELECT opens_at FROM surveys WHERE id=${state.id}`),
    String(Date.parse('2026-03-01T00:00:00+07:00') / 1000));
  assert.equal(sql(srv, `SELECT closes_at FROM surveys WHERE id=${state.id}`),
    String(Date.parse('2026-04-01T00:00:00+07:00') / 1000));
  assert.equal(sql(srv, `SELECT status FROM surveys WHERE id=${state.id}`), 'draft');
  assert.equal(sql(srv, "SELECT count(*) FROM audit_log WHERE action='survey.create'"), '1');
});

test('questions are validated: choices, jumps only forward and only on single choice', async () => {
  const one = await addQuestion('tinh', { kind: 'single', text: 'Bạn là', options: 'Người dân' });
  assert.equal(one.status, 422);
  assert.match(one.html, /cần ít nhất hai phương án/);
  assert.match(one.html, />Bạn là</, 'the question typed is kept');
  const multiJump = await addQuestion('tinh', { kind: 'multiple', text: 'Việc gì?',
    options: 'Khai sinh -> 3\nKết hôn' });
  assert.equal(multiJump.status, 422);
  assert.match(multiJump.html, /chỉ câu hỏi chọn một phương án mới có thể chuyển câu/);
  const scaleOpts = await addQuestion('tinh', { kind: 'scale', text: 'Điểm?', options: 'a\nb' });
  assert.equal(scaleOpts.status, 422);
  const empty = await addQuestion('tinh', { kind: 'text', text: '' });
  assert.equal(empty.status, 422);
  assert.match(empty.html, /vui lòng nhập nội dung câu hỏi/);
  const early = await getForm(srv.url, `/quan-tri/khao-sat/${state.id}`, jars.tinh);
  const publishEmpty = await postForm(srv.url, `/quan-tri/khao-sat/${state.id}/trang-thai`,
    { csrf: early.csrf, action: 'cong-bo' }, jars.tinh);
  assert.equal(publishEmpty.status, 422);
  assert.match(publishEmpty.html, /cần ít nhất một câu hỏi/);

  for (const q of [
    { kind: 'single', text: 'Bạn là', options: 'Người dân\nDoanh nghiệp', is_group: '1' },
    { kind: 'single', text: 'Bạn đã biết sử dụng dịch vụ công trực tuyến chưa?',
      options: 'Rồi\nChưa -> 4' },
    { kind: 'scale', text: 'Bạn hài lòng thế nào?', options: '' },
    { kind: 'text', text: 'Góp ý của bạn', options: '', required: '' },
  ]) {
    const res = await addQuestion('tinh', q);
    assert.equal(res.status, 303, res.html);
  }
  assert.equal(sql(srv, `SELECT count(*) FROM survey_questions WHERE survey_id=${state.id}`), '4');
  assert.equal(sql(srv, "SELECT skip_to FROM survey_options WHERE label='Chưa'"), '4');
});

test('publishing opens the survey with a link and a QR code; questions are then frozen', async () => {
  const page = await getForm(srv.url, `/quan-tri/khao-sat/${state.id}`, jars.tinh);
  const pub = await postForm(srv.url, `/quan-tri/khao-sat/${state.id}/trang-thai`,
    { csrf: page.csrf, action: 'cong-bo' }, jars.tinh);
  assert.equal(pub.status, 303);
  const after = await getForm(srv.url, `/quan-tri/khao-sat/${state.id}`, jars.tinh);
  assert.match(after.html, /data-test="qr"[\s\S]*<svg/);
  assert.match(after.html, new RegExp(`/khao-sat/${state.id}`));
  const qid = sql(srv, `SELECT id FROM survey_questions WHERE survey_id=${state.id} AND position=4`);
  const edit = await postForm(srv.url, `/quan-tri/khao-sat/${state.id}/cau-hoi/${qid}`,
    { csrf: after.csrf, kind: 'text', text: 'Sửa', action: 'luu' }, jars.tinh);
  assert.equal(edit.status, 409);
  const api = await (await fetch(`${srv.url}/api/v1/surveys/${state.id}`)).json();
  assert.equal(api.state, 'open');
  assert.equal(api.questions.length, 4);
  assert.deepEqual(api.questions.map((q) => q.kind), ['single', 'single', 'scale', 'text']);
  const chua = api.questions[1].options.find((o) => o.label === 'Chưa');
  assert.equal(chua.skip_to, 4);
  state.q = api.questions.map((q) => q.id);
  state.opt = Object.fromEntries(api.questions.flatMap((q) => q.options.map((o) => [o.label, o.id])));
});

test('the public page shows every question with its "bỏ qua nếu" hint', async () => {
  const page = await getForm(srv.url, `/khao-sat/${state.id}`, {});
  assert.equal(page.status, 200);
  assert.match(page.html, /Bỏ qua nếu ở câu 2 bạn chọn “Chưa”/);
  assert.match(page.html, /data-question="4"/);
  assert.ok(page.csrf);
  const draft = await getForm(srv.url, '/khao-sat/99999', {});
  assert.equal(draft.status, 404);
});

test('required answers are enforced and the form keeps what was chosen', async () => {
  const jar = {};
  const page = await getForm(srv.url, `/khao-sat/${state.id}`, jar);
  const [q1, q2, q3, q4] = state.q;
  const missing = await postForm(srv.url, `/khao-sat/${state.id}`,
    [['csrf', page.csrf], [`q${q2}`, String(state.opt['Rồi'])], [`q${q4}`, 'Tốt']], jar);
  assert.equal(missing.status, 422);
  assert.match(missing.html, /vui lòng trả lời câu hỏi này/);
  assert.match(missing.html, new RegExp(`href="#q${q1}"`));
  assert.match(missing.html, new RegExp(`href="#q${q3}"`), 'Q3 is required when Q2 is "Rồi"');
  assert.match(missing.html, new RegExp(`value="${state.opt['Rồi']}" checked`));
  assert.match(missing.html, />Tốt</);
  const badScale = await postForm(srv.url, `/khao-sat/${state.id}`,
    [['csrf', page.csrf], [`q${q1}`, String(state.opt['Người dân'])],
      [`q${q2}`, String(state.opt['Rồi'])], [`q${q3}`, '9']], jar);
  assert.equal(badScale.status, 422);
  assert.match(badScale.html, /điểm từ 1 đến 5/);
  const wrongOption = await postForm(srv.url, `/khao-sat/${state.id}`,
    [['csrf', page.csrf], [`q${q1}`, String(state.opt['Rồi'])], [`q${q2}`, String(state.opt['Rồi'])],
      [`q${q3}`, '4']], jar);
  assert.equal(wrongOption.status, 422, 'an option of another question is refused');
  assert.equal(sql(srv, 'SELECT count(*) FROM survey_responses'), '0');
});

test('the jump is enforced on the server: a skipped question is neither required nor stored', async () => {
  const jar = {};
  const page = await getForm(srv.url, `/khao-sat/${state.id}`, jar);
  assert.ok(jar.mc_ks, 'the browser gets a respondent cookie');
  const [q1, q2, q3, q4] = state.q;
  const res = await postForm(srv.url, `/khao-sat/${state.id}`,
    [['csrf', page.csrf], [`q${q1}`, String(state.opt['Người dân'])],
      [`q${q2}`, String(state.opt['Chưa'])], [`q${q3}`, '1'], [`q${q4}`, 'Cần hướng dẫn']], jar);
  assert.equal(res.status, 303, res.html);
  assert.equal(res.location, `/khao-sat/${state.id}/cam-on`);
  assert.equal(sql(srv, `SELECT count(*) FROM survey_answers WHERE question_id=${q3}`), '0');
  assert.equal(sql(srv, `SELECT text FROM survey_answers WHERE question_id=${q4}`), 'Cần hướng dẫn');
  const thanks = await getForm(srv.url, res.location, jar);
  assert.match(thanks.html, /Cảm ơn bạn đã trả lời khảo sát/);
  state.jar = jar;
  state.csrf = page.csrf;
});

test('one response per person: the same browser is refused, another one is not', async () => {
  const [q1, q2, q3] = state.q;
  const page = await getForm(srv.url, `/khao-sat/${state.id}`, state.jar);
  assert.match(page.html, /data-state="done"/);
  const again = await postForm(srv.url, `/khao-sat/${state.id}`,
    [['csrf', state.csrf], [`q${q1}`, String(state.opt['Người dân'])],
      [`q${q2}`, String(state.opt['Chưa'])]], state.jar);
  assert.equal(again.status, 409);
  assert.match(again.html, /bạn đã trả lời khảo sát này/);
  const jar = {};
  const other = await getForm(srv.url, `/khao-sat/${state.id}?co-quan=T20.STP`, jar);
  const res = await postForm(srv.url, `/khao-sat/${state.id}`,
    [['csrf', other.csrf], ['co-quan', 'T20.STP'], [`q${q1}`, String(state.opt['Doanh nghiệp'])],
      [`q${q2}`, String(state.opt['Rồi'])], [`q${q3}`, '4']], jar);
  assert.equal(res.status, 303, res.html);
  assert.equal(sql(srv, 'SELECT count(*) FROM survey_responses'), '2');
  assert.equal(sql(srv, "SELECT count(*) FROM survey_responses WHERE agency_code='T20.STP'"), '1');
});

test('the JSON API answers for a mobile app, once per respondent_id', async () => {
  const [q1, q2, q3, q4] = state.q;
  const post = (body) => fetch(`${srv.url}/api/v1/surveys/${state.id}/responses`, { method: 'POST',
    headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const body = { respondent_id: 'app-device-0001', answers: [
    { question: q1, option: state.opt['Người dân'] }, { question: q2, option: state.opt['Rồi'] },
    { question: q3, value: 5 }, { question: q4, text: 'Ứng dụng dễ dùng' }] };
  const bad = await post({ ...body, answers: body.answers.slice(1) });
  assert.equal(bad.status, 422);
  const err = await bad.json();
  assert.ok(err.error.fields.some((f) => f.field === `q${q1}`));
  const ok = await post(body);
  assert.equal(ok.status, 201);
  assert.ok((await ok.json()).id > 0);
  const twice = await post(body);
  assert.equal(twice.status, 409);
  const unknown = await post({ respondent_id: 'x2', answers: [{ question: 999999, value: 1 }] });
  assert.equal(unknown.status, 422);
});

test('results show counts, percentages and charts, filtered by agency and respondent group', async () => {
  const res = await getForm(srv.url, `/quan-tri/khao-sat/${state.id}/ket-qua`, jars.tinh);
  assert.equal(res.status, 200);
  assert.match(res.html, /data-test="responses"><strong>3<\/strong>/);
  assert.match(res.html, /<svg class="survey-chart"[^>]*role="img"/);
  assert.match(res.html, /<th scope="row">Người dân<\/th><td data-count="2">2<\/td><td data-percent="66,7%">/);
  assert.match(res.html, /<th scope="row">Doanh nghiệp<\/th><td data-count="1">1<\/td><td data-percent="33,3%">/);
  assert.match(res.html, /data-test="mean">4,5</, 'scale mean over the two who were asked');
  assert.match(res.html, /2 \(66,7%\)<\/text>/, 'the chart writes count and share as text');
  assert.match(res.html, /Cần hướng dẫn/);
  const byAgency = await getForm(srv.url, `/quan-tri/khao-sat/${state.id}/ket-qua?co-quan=T20.STP`, jars.tinh);
  assert.match(byAgency.html, /data-test="responses"><strong>1<\/strong>/);
  const group = await getForm(srv.url,
    `/quan-tri/khao-sat/${state.id}/ket-qua?nhom=${state.opt['Người dân']}`, jars.tinh);
  assert.match(group.html, /data-test="responses"><strong>2<\/strong>/);
  const notGroup = await getForm(srv.url,
    `/quan-tri/khao-sat/${state.id}/ket-qua?nhom=${state.opt['Rồi']}`, jars.tinh);
  assert.equal(notGroup.status, 400, 'only options of a group question filter');
});

test('a survey admin turns a free-text answer into a feedback item, once', async () => {
  const res = await getForm(srv.url, `/quan-tri/khao-sat/${state.id}/ket-qua`, jars.tinh);
  const answer = sql(srv, "SELECT id FROM survey_answers WHERE text = 'Cần hướng dẫn'");
  assert.match(res.html, new RegExp(`action="/quan-tri/khao-sat/${state.id}/y-kien/${answer}"`));
  const linked = sql(srv, `SELECT COALESCE(r.agency_code, '') FROM survey_answers a
    JOIN survey_responses r ON r.id = a.response_id WHERE a.id = ${answer}`);
  const other = await postForm(srv.url, `/quan-tri/khao-sat/${state.id}/y-kien/${answer}`,
    { csrf: res.csrf }, jars['stp.admin']);
  assert.equal(other.status, 403, 'an agency admin cannot act on a province survey');
  const r = await postForm(srv.url, `/quan-tri/khao-sat/${state.id}/y-kien/${answer}`,
    { csrf: res.csrf, agency: 'T20.STP' }, jars.tinh);
  assert.equal(r.status, 303, r.html);
  const code = /\/quan-tri\/phan-anh\/([^?]+)/.exec(r.location)[1];
  const row = (col) => sql(srv, `SELECT ${col} FROM feedback WHERE code = '${code}'`);
  assert.equal(row('source'), 'survey');
  assert.equal(row('source_ref'), `answer:${answer}`);
  assert.equal(row('status'), 'received');
  assert.equal(row('agency_code'), linked || 'T20.STP');
  assert.match(row('body'), /Cần hướng dẫn/);
  assert.match(row('body'), /Góp ý của bạn/);
  const again = await postForm(srv.url, `/quan-tri/khao-sat/${state.id}/y-kien/${answer}`,
    { csrf: res.csrf }, jars.tinh);
  assert.equal(again.status, 303);
  assert.match(again.location, new RegExp(code));
  assert.equal(sql(srv, "SELECT count(*) FROM feedback WHERE source = 'survey'"), '1');
  const missing = await postForm(srv.url, `/quan-tri/khao-sat/${state.id}/y-kien/999999`,
    { csrf: res.csrf }, jars.tinh);
  assert.equal(missing.status, 404);
});

test('exports: xlsx is a zip file and CSV has the header and one row per response', async () => {
  const headers = { cookie: cookieHeader(jars.tinh) };
  const x = await fetch(`${srv.url}/quan-tri/khao-sat/${state.id}/ket-qua.xlsx`, { headers });
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  const bytes = Buffer.from(await x.arrayBuffer());
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK');
  const c = await fetch(`${srv.url}/quan-tri/khao-sat/${state.id}/ket-qua.csv`, { headers });
  assert.equal(c.status, 200);
  const text = (await c.text()).replace(/^\uFEFF/, '');
  const lines = text.trim().split('\r\n');
  assert.equal(lines[0], 'STT,Thời gian,Cơ quan,Kênh,Câu 1. Bạn là,' +
    'Câu 2. Bạn đã biết sử dụng dịch vụ công trực tuyến chưa?,Câu 3. Bạn hài lòng thế nào?,' +
    'Câu 4. Góp ý của bạn');
  assert.equal(lines.length, 4);
  assert.match(lines[1], /Người dân,Chưa,,Cần hướng dẫn$/);
  assert.match(lines[3], /Ứng dụng,Người dân,Rồi,5,Ứng dụng dễ dùng$/);
  const filtered = await (await fetch(
    `${srv.url}/quan-tri/khao-sat/${state.id}/ket-qua.csv?co-quan=T20.STP`, { headers })).text();
  assert.equal(filtered.trim().split('\r\n').length, 2);
});

test('an agency admin manages only their agency\'s surveys', async () => {
  const page = await getForm(srv.url, '/quan-tri/khao-sat', jars['sxd.admin']);
  const res = await postForm(srv.url, '/quan-tri/khao-sat', { csrf: page.csrf,
    ...settings({ title: 'Khảo sát cấp phép xây dựng', agency: 'T20.STP' }) }, jars['sxd.admin']);
  assert.equal(res.status, 303);
  const sxd = /(\d+)$/.exec(res.location)[1];
  assert.equal(sql(srv, `SELECT agency_code FROM surveys WHERE id=${sxd}`), 'T20.SXD',
    'an agency admin cannot create for another agency');
  for (const path of [`/quan-tri/khao-sat/${sxd}`, `/quan-tri/khao-sat/${sxd}/ket-qua`,
    `/quan-tri/khao-sat/${sxd}/ket-qua.xlsx`, `/quan-tri/khao-sat/${sxd}/ket-qua.csv`,
    `/quan-tri/khao-sat/${state.id}`]) {
    const r = await getForm(srv.url, path, jars['stp.admin']);
    assert.equal(r.status, 403, path);
  }
  const list = await getForm(srv.url, '/quan-tri/khao-sat', jars['stp.admin']);
  assert.equal(list.status, 200);
  assert.doesNotMatch(list.html, new RegExp(`data-survey="${sxd}"`));
  const stpPage = await getForm(srv.url, '/quan-tri/khao-sat', jars['stp.admin']);
  const post = await postForm(srv.url, `/quan-tri/khao-sat/${sxd}/trang-thai`,
    { csrf: stpPage.csrf, action: 'cong-bo' }, jars['stp.admin']);
  assert.equal(post.status, 403);
  const officer = await getForm(srv.url, '/quan-tri/khao-sat', jars['stp.cv']);
  assert.equal(officer.status, 403, 'a processing officer manages no surveys');
  const all = await getForm(srv.url, '/quan-tri/khao-sat', jars.tinh);
  assert.match(all.html, new RegExp(`data-survey="${sxd}"`), 'the province admin sees every survey');
});

test('a closed survey refuses answers on the page and through the API', async () => {
  const jar = {};
  const before = await getForm(srv.url, `/khao-sat/${state.id}`, jar);
  const page = await getForm(srv.url, `/quan-tri/khao-sat/${state.id}`, jars.tinh);
  const close = await postForm(srv.url, `/quan-tri/khao-sat/${state.id}/trang-thai`,
    { csrf: page.csrf, action: 'dong' }, jars.tinh);
  assert.equal(close.status, 303);
  assert.equal(sql(srv, `SELECT status FROM surveys WHERE id=${state.id}`), 'closed');
  const pub = await getForm(srv.url, `/khao-sat/${state.id}`, jar);
  assert.match(pub.html, /data-state="ended"/);
  assert.doesNotMatch(pub.html, /Gửi câu trả lời/);
  const [q1, q2] = state.q;
  const res = await postForm(srv.url, `/khao-sat/${state.id}`,
    [['csrf', before.csrf], [`q${q1}`, String(state.opt['Người dân'])],
      [`q${q2}`, String(state.opt['Chưa'])]], jar);
  assert.equal(res.status, 409, res.html);
  const api = await fetch(`${srv.url}/api/v1/surveys/${state.id}/responses`, { method: 'POST',
    headers: { 'content-type': 'application/json' }, body: JSON.stringify({ respondent_id: 'late',
      answers: [{ question: q1, option: state.opt['Người dân'] },
        { question: q2, option: state.opt['Chưa'] }] }) });
  assert.equal(api.status, 409);
  assert.equal(sql(srv, 'SELECT count(*) FROM survey_responses'), '3');
});

test('the CSV export neutralises answers a spreadsheet would run as formulas', async () => {
  const headers = { cookie: cookieHeader(jars.tinh) };
  const page = await getForm(srv.url, '/quan-tri/khao-sat', jars.tinh);
  const made = await postForm(srv.url, '/quan-tri/khao-sat', { csrf: page.csrf,
    ...settings({ title: 'Góp ý tự do' }) }, jars.tinh);
  assert.equal(made.status, 303);
  const id = /^\/quan-tri\/khao-sat\/(\d+)/.exec(made.location)[1];
  const builder = await getForm(srv.url, `/quan-tri/khao-sat/${id}`, jars.tinh);
  const q = await postForm(srv.url, `/quan-tri/khao-sat/${id}/cau-hoi`,
    [['csrf', builder.csrf], ['kind', 'text'], ['text', 'Góp ý'], ['required', '1']], jars.tinh);
  assert.equal(q.status, 303, q.html);
  const pub = await postForm(srv.url, `/quan-tri/khao-sat/${id}/trang-thai`,
    { csrf: builder.csrf, action: 'cong-bo' }, jars.tinh);
  assert.equal(pub.status, 303);
  const qid = (await (await fetch(`${srv.url}/api/v1/surveys/${id}`)).json()).questions[0].id;
  const texts = ['=1+1', '+84 912 345 678', '-5 điểm', '@SUM(A1:A9)', 'bình thường'];
  for (const [i, text] of texts.entries()) {
    const r = await fetch(`${srv.url}/api/v1/surveys/${id}/responses`, { method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ respondent_id: `csv-${i}`, answers: [{ question: qid, text }] }) });
    assert.equal(r.status, 201);
  }
  const csv = await (await fetch(`${srv.url}/quan-tri/khao-sat/${id}/ket-qua.csv`,
    { headers })).text();
  const rows = csv.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1);
  assert.deepEqual(rows.map((l) => l.slice(l.lastIndexOf(',') + 1)),
    ["'=1+1", "'+84 912 345 678", "'-5 điểm", "'@SUM(A1:A9)", 'bình thường']);
  assert.deepEqual(rows.map((l) => l.split(',')[0]), ['1', '2', '3', '4', '5'],
    'the row number stays a number');
});
