// assistant.test.mjs - the virtual assistant over HTTP: POST /api/v1/assistant
// for every intent, with and without diacritics; answers carry the
// catalogue's real numbers; unknown questions hand off to a person;
// ratings, CSRF, limits, the page without JavaScript and the widget on
// public pages; real dossier status from a code and its 4-digit check;
// hand-offs that become hỏi–đáp items (signed in at once, otherwise with
// the feedback module's emailed code through an SMTP sink).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, getForm, postForm, totp, cookieHeader, dbRows, motcuaBin, newDatabase }
  from './lib/server.mjs';
import { startSmtpSink } from './lib/smtp-sink.mjs';
import { unseal } from './lib/feedback-helpers.mjs';
import { solveChallenge, codeFromMail } from './lib/feedback-helpers.mjs';
import { registerCitizen, submitDossier, csrfOf } from './lib/dossier-helpers.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = motcuaBin();

let srv;
let sink;
let dir;
let db;     // the database URL

before(async () => {
  // The demo's procedures and FAQ, imported the way an operator would.
  dir = mkdtempSync(join(tmpdir(), 'motcua-asst-'));
  db = newDatabase(dir);
  const opts = { cwd: ROOT, stdio: 'pipe', env: { ...process.env, MOTCUA_LOG_ACCESS: '0' } };
  execFileSync(BIN, ['import', 'procedures', 'data/demo/procedures.jsonl', '--db', db], opts);
  execFileSync(BIN, ['import', 'faq', 'data/demo/faq.csv', '--db', db], opts);
  execFileSync(BIN, ['import', 'units', 'data/demo/units.json', '--db', db], opts);
  execFileSync(BIN, ['import', 'agencies', 'data/demo/agencies.csv', '--db', db], opts);
  sink = await startSmtpSink();
  srv = await startServer({ db, env: { MOTCUA_SMTP_URL: sink.url } });
});

after(async () => {
  await srv?.stop();
  await sink?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function ask(message, extra = {}) {
  const res = await fetch(`${srv.url}/api/v1/assistant`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message, session: 'test-session', ...extra }),
  });
  return { status: res.status, body: await res.json() };
}

/** POST JSON to path (no cookies unless headers carry them). */
async function postJson(path, body, headers = {}) {
  const res = await fetch(`${srv.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** Rows of the test database. */
function rows(query) {
  return dbRows(db, query);
}

// [intent, outcome, with diacritics, without, expected code or null, text the answer holds]
const CASES = [
  ['documents', 'answer', 'Làm giấy khai sinh cần giấy tờ gì?', 'lam giay khai sinh can giay to gi',
    '1.001193', /Giấy chứng sinh/],
  ['fee', 'answer', 'Xin cấp bản sao giấy khai sinh hết bao nhiêu tiền?',
    'xin cap ban sao giay khai sinh het bao nhieu tien', '2.000635', /8\.000 đồng/],
  ['time', 'answer', 'Đổi giấy phép lái xe mất mấy ngày?', 'doi giay phep lai xe mat may ngay',
    '3.000347', /5 ngày làm việc/],
  ['where', 'answer', 'Đăng ký kết hôn nộp ở đâu?', 'dang ky ket hon nop o dau', '1.000894',
    /Ủy ban nhân dân cấp xã/],
  ['online', 'answer', 'Đăng ký tạm trú nộp trực tuyến được không?',
    'dang ky tam tru nop truc tuyen duoc khong', '1.004194', /trực tuyến/],
  ['procedure', 'answer', 'Thủ tục đăng ký khai tử như thế nào?', 'thu tuc dang ky khai tu nhu the nao',
    '1.000656', /Hồ sơ cần chuẩn bị/],
  ['status', 'info', 'Hồ sơ của tôi đến đâu rồi?', 'ho so cua toi den dau roi', null,
    /mã hồ sơ/],
  ['account', 'info', 'Tôi quên mật khẩu đăng nhập', 'toi quen mat khau dang nhap', null,
    /Đăng nhập/],
  ['safety', 'info', 'Có người gọi điện đòi mã OTP, có phải lừa đảo không?',
    'co nguoi goi dien doi ma otp co phai lua dao khong', null, /OTP/],
  ['human', 'info', 'Tôi muốn gặp cán bộ', 'toi muon gap can bo', null, /cán bộ/],
  ['greeting', 'info', 'Xin chào', 'xin chao', null, /trợ lý ảo/],
];

for (const [intent, outcome, withMarks, without, code, text] of CASES) {
  for (const message of [withMarks, without]) {
    test(`intent ${intent}: "${message}"`, async () => {
      const { status, body } = await ask(message);
      assert.equal(status, 200);
      assert.equal(body.intent, intent);
      assert.equal(body.outcome, outcome);
      assert.match(body.answer, text);
      assert.ok(body.log_id > 0, 'the exchange is logged');
      if (code) {
        assert.equal(body.procedures[0].code, code);
        const link = body.actions.find((a) => a.type === 'link');
        assert.equal(link.url, `/thu-tuc/${code}`);
      }
    });
  }
}

test('the issue\'s own phrasings are understood', async () => {
  let r = await ask('đkks cho con');
  assert.equal(r.body.procedures[0].code, '1.001193');
  r = await ask('giấy khai sinh bị mất thì làm sao');
  assert.equal(r.body.procedures[0].code, '2.000635');
  assert.equal(r.body.outcome, 'faq');
  r = await ask('lay vo thi lam thu tuc gi');
  assert.equal(r.body.procedures[0].code, '1.000894');
});

test('the fee answer has the catalogue amount in đồng and a submit button', async () => {
  const { body } = await ask('doi bang lai xe het bao nhieu tien');
  assert.equal(body.intent, 'fee');
  assert.match(body.answer, /135\.000 đồng/);
  assert.ok(body.actions.some((a) => a.type === 'submit' && a.url === '/nop-ho-so/3.000347' &&
    a.label === 'Nộp trực tuyến'));
});

test('a follow-up reuses the procedure of the conversation', async () => {
  const session = 'follow-up-session';
  let r = await ask('Đổi giấy phép lái xe', { session });
  assert.equal(r.body.procedures[0].code, '3.000347');
  r = await ask('thế lệ phí bao nhiêu?', { session });
  assert.equal(r.body.intent, 'fee');
  assert.equal(r.body.outcome, 'answer');
  assert.match(r.body.answer, /Đổi giấy phép lái xe/);
});

test('an anonymous hand-off needs a contact, the sum and the emailed code', async () => {
  const session = 'handoff-session';
  await ask('lam ban sao giay khai sinh het bao nhieu tien', { session });
  const r = await ask('con cá vàng nhà tôi ăn gì, gọi tôi 0912345678', { session });
  assert.equal(r.body.outcome, 'handoff');
  assert.ok(r.body.actions.some((a) => a.type === 'handoff'));

  // Accepting without a contact: 422 asking for one, with the anti-spam sum.
  let res = await postJson('/api/v1/assistant/handoff', { session });
  assert.equal(res.status, 422);
  assert.ok(res.body.error.fields.some((f) => f.field === 'contact'));
  const { question, token } = res.body.challenge;
  const answer = solveChallenge(`Kiểm tra chống thư rác: ${question}`);
  const who = { session, sender_name: 'Trần Thị Bình', contact: 'binh@example.vn' };

  res = await postJson('/api/v1/assistant/handoff',
    { ...who, challenge: String(Number(answer) + 1), challenge_token: token });
  assert.equal(res.status, 422, 'a wrong sum sends no code');
  assert.ok(res.body.error.fields.some((f) => f.field === 'challenge'));

  res = await postJson('/api/v1/assistant/handoff',
    { ...who, challenge: answer, challenge_token: token });
  assert.equal(res.status, 202);
  assert.equal(res.body.step, 'code');
  const otp = await codeFromMail(sink, 'binh@example.vn');

  res = await postJson('/api/v1/assistant/handoff',
    { ...who, otp: otp === '000000' ? '111111' : '000000' });
  assert.equal(res.status, 422);
  assert.ok(res.body.error.fields.some((f) => f.field === 'otp'));

  res = await postJson('/api/v1/assistant/handoff', { ...who, otp, consent_publish: true });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.match(res.body.code, /^HD-\d{6}-\d{4}$/);
  assert.ok(res.body.url.startsWith(`/phan-anh/theo-doi/${res.body.code}?t=`));
  assert.match(res.body.message, /Đã chuyển/);
  assert.ok(res.body.id > 0);

  const [item] = rows(`SELECT kind, category, status, procedure_code, title, body, sender_email
    FROM feedback WHERE code = '${res.body.code}'`);
  assert.equal(item.kind, 'hoi_dap');
  assert.equal(item.category, 'thu_tuc', 'the session was about a procedure');
  assert.equal(item.procedure_code, '2.000635');
  assert.match(item.title, /^Câu hỏi từ trợ lý ảo: con cá vàng/);
  assert.match(item.body, /ban sao giay khai sinh/);
  assert.ok(!item.body.includes('0912345678'), 'numbers are masked');
  assert.match(item.body, /\*\*\*/);
  assert.match(item.sender_email, /^enc1:/, 'sealed at rest');
  assert.equal(unseal(srv, item.sender_email), 'binh@example.vn');
  const [log] = rows(`SELECT status FROM assistant_handoffs WHERE id = ${res.body.id}`);
  assert.equal(log.status, 'forwarded');
  const page = await fetch(`${srv.url}${res.body.url}`);
  assert.equal(page.status, 200, 'the follow link works');
});

test('a signed-in citizen hands off in one step; no procedure means category khác', async () => {
  const citizen = await registerCitizen(srv, 'Lê Văn Cường');
  const csrf = await csrfOf(srv, citizen.jar);
  const headers = { cookie: cookieHeader(citizen.jar), 'x-csrf-token': csrf };
  const session = 'signed-in-handoff';
  let res = await postJson('/api/v1/assistant', { message: 'con mèo nhà tôi bị lạc', session },
    headers);
  assert.equal(res.status, 200);
  res = await postJson('/api/v1/assistant/handoff', { session }, headers);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const [item] = rows(`SELECT kind, category, status, sender_user_id, agency_code
    FROM feedback WHERE code = '${res.body.code}'`);
  assert.equal(item.kind, 'hoi_dap');
  assert.equal(item.category, 'khac');
  assert.equal(item.status, 'triage', 'no procedure: the triage queue');
  assert.ok(item.sender_user_id > 0);
});

test('a dossier code without its check asks for it and links the tracking page', async () => {
  const { body } = await ask('tra cứu hồ sơ STP-250303-0001', { session: 'code-only' });
  assert.equal(body.intent, 'status');
  assert.match(body.answer, /4 chữ số cuối/);
  assert.ok(body.actions.some((a) => a.url === '/tra-cuu?ma=STP-250303-0001'));
  const general = await ask('hồ sơ của tôi đến đâu rồi', { session: 'no-code' });
  assert.ok(general.body.actions.some((a) => a.url === '/tra-cuu'));
  assert.ok(!JSON.stringify([body, general.body]).includes('tra-cuu-ho-so'));
});

test('dossier status: code and check in one message or two; wrong check = unknown code', async () => {
  const citizen = await registerCitizen(srv, 'Phạm Thị Dung');
  const lodged = await submitDossier(srv, citizen.jar);
  assert.ok(lodged.code, `submitted: ${lodged.status} ${lodged.html?.slice(0, 300)}`);
  const code = lodged.code;
  const check = citizen.phone.slice(-4);

  let r = await ask(`hồ sơ ${code} đến đâu rồi, 4 số cuối ${check}`, { session: 'st-1' });
  assert.equal(r.body.intent, 'status');
  assert.ok(r.body.answer.includes(`Hồ sơ ${code}`), r.body.answer);
  assert.match(r.body.answer, /Tình trạng: Mới đăng ký/);
  assert.match(r.body.answer, /Thủ tục: /);
  assert.match(r.body.answer, /Cơ quan giải quyết: /);
  assert.ok(!r.body.answer.includes('Phạm Thị Dung') && !r.body.answer.includes(citizen.phone),
    'no personal data');
  assert.ok(r.body.actions.some((a) => a.url === `/tra-cuu?ma=${code}`));

  r = await ask(`tra cứu hồ sơ ${code}`, { session: 'st-2' });
  assert.match(r.body.answer, /4 chữ số cuối/);
  r = await ask(`4 số cuối là ${check}`, { session: 'st-2' });
  assert.equal(r.body.intent, 'status');
  assert.match(r.body.answer, /Tình trạng: Mới đăng ký/);

  const wrong = await ask(`hồ sơ ${code} kiểm tra ${check === '0000' ? '1111' : '0000'}`,
    { session: 'st-3' });
  const unknown = await ask(`hồ sơ T20.STP-990101-0001 kiểm tra ${check}`, { session: 'st-4' });
  assert.match(wrong.body.answer, /Không tìm thấy hồ sơ/);
  assert.equal(wrong.body.answer, unknown.body.answer, 'the same neutral answer');

  const logged = rows("SELECT message FROM assistant_log WHERE intent = 'status'")
    .map((x) => x.message).join('\n');
  assert.ok(!logged.includes(code) && !logged.includes(check), 'codes and checks are masked');
});

test('rating an answer: yes, and an unknown id is 404', async () => {
  const { body } = await ask('dang ky thuong tru can giay to gi');
  let res = await fetch(`${srv.url}/api/v1/assistant/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ log_id: body.log_id, session: 'test-session', helpful: true }),
  });
  assert.equal(res.status, 200);
  res = await fetch(`${srv.url}/api/v1/assistant/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ log_id: body.log_id, session: 'someone-else', helpful: false }),
  });
  assert.equal(res.status, 404);
});

test('bad requests are refused with a Vietnamese message', async () => {
  let res = await fetch(`${srv.url}/api/v1/assistant`, { method: 'POST', body: 'not json' });
  assert.equal(res.status, 400);
  assert.match((await res.json()).error.message, /JSON/);
  let r = await ask('');
  assert.equal(r.status, 400);
  r = await ask('a'.repeat(2001));
  assert.equal(r.status, 400);
  res = await fetch(`${srv.url}/api/v1/assistant`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message: 'x'.repeat(9000) }),
  });
  assert.equal(res.status, 413);
});

test('with cookies the API needs the page\'s CSRF token', async () => {
  const jar = {};
  const page = await getForm(srv.url, '/tro-ly', jar);
  const csrf = /data-csrf="([0-9a-f]{64})"/.exec(page.html)[1];
  const cookie = Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');
  const send = (headers) => fetch(`${srv.url}/api/v1/assistant`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, ...headers },
    body: JSON.stringify({ message: 'xin chao' }),
  });
  assert.equal((await send({})).status, 403);
  assert.equal((await send({ 'x-csrf-token': csrf })).status, 200);
});

test('without JavaScript: the widget is a form to /tro-ly, which answers', async () => {
  const home = await getForm(srv.url, '/');
  assert.match(home.html, /<form method="get" action="\/tro-ly"/);
  assert.match(home.html, /src="\/static\/assistant.js"/);
  const res = await fetch(`${srv.url}/tro-ly?q=${encodeURIComponent('lam giay khai sinh can gi')}`);
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /data-test="asst-answer" data-intent="documents"/);
  assert.match(html, /href="\/thu-tuc\/1.001193"/);
  assert.doesNotMatch(html, /<script>/, 'no inline script (CSP)');
});

test('without JavaScript: hand-off and rating forms work', async () => {
  const jar = {};
  const page = await getForm(srv.url, '/tro-ly?q=' + encodeURIComponent('con ca vang an gi'), jar);
  assert.ok(page.csrf);
  const s = /name="s" value="([0-9a-f]{32})"/.exec(page.html)[1];
  let res = await postForm(srv.url, '/tro-ly/chuyen-can-bo',
    { csrf: page.csrf, q: 'con ca vang an gi', s }, jar);
  assert.equal(res.status, 200);
  assert.match(res.html, /data-test="asst-handoff-form"/);
  assert.match(res.html, /name="contact"/);
  res = await postForm(srv.url, '/tro-ly/chuyen-can-bo', {
    csrf: page.csrf, q: 'con ca vang an gi', s, sender_name: 'Vũ Văn Giang',
    contact: 'giang@example.vn', challenge: solveChallenge(res.html),
    challenge_token: /name="challenge_token" value="([^"]+)"/.exec(res.html)[1],
  }, jar);
  assert.equal(res.status, 200, res.html);
  assert.match(res.html, /name="otp"/);
  const otp = await codeFromMail(sink, 'giang@example.vn');
  res = await postForm(srv.url, '/tro-ly/chuyen-can-bo', { csrf: page.csrf,
    q: 'con ca vang an gi', s, sender_name: 'Vũ Văn Giang', contact: 'giang@example.vn', otp },
  jar);
  assert.equal(res.status, 200, res.html);
  assert.match(res.html, /data-test="asst-handoff-done"/);
  assert.match(res.html, /HD-\d{6}-\d{4}/);
  const logId = /name="log_id" value="(\d+)"/.exec(page.html)[1];
  const rated = await postForm(srv.url, '/tro-ly/danh-gia',
    { csrf: page.csrf, log_id: logId, helpful: '0', s }, jar);
  assert.equal(rated.status, 200);
});

test('the admin review needs a province admin', async () => {
  const res = await fetch(`${srv.url}/quan-tri/tro-ly`, { redirect: 'manual' });
  assert.equal(res.status, 303);
  assert.match(res.headers.get('location'), /dang-nhap/);
});

test('a province admin turns an unanswered question into a FAQ entry', async () => {
  // The server's data folder: the TOTP secret is sealed with the key kept there.
  execFileSync(BIN, ['user', 'add', '--login', 'quantri', '--name', 'Hoàng Thị Em',
    '--password', 'la-xanh-2026', '--roles', 'province_admin',
    '--totp-secret', 'JBSWY3DPEHPK3PXP', '--db', db, '--data-dir', srv.tmpdir], { stdio: 'pipe' });
  const question = 'thủ tục xin trợ cấp nuôi ong mật';
  assert.equal((await ask(question, { session: 'admin-flow' })).body.outcome, 'handoff');
  await ask('thu tuc xin tro cap nuoi ong mat', { session: 'admin-flow' });

  const jar = {};
  const { csrf } = await getForm(srv.url, '/dang-nhap', jar);
  await postForm(srv.url, '/dang-nhap', { csrf, login: 'quantri', password: 'la-xanh-2026' }, jar);
  const form = await getForm(srv.url, '/dang-nhap/ma-xac-thuc', jar);
  await postForm(srv.url, '/dang-nhap/ma-xac-thuc',
    { csrf: form.csrf, code: totp('JBSWY3DPEHPK3PXP') }, jar);
  const review = await getForm(srv.url, '/quan-tri/tro-ly', jar);
  assert.equal(review.status, 200);
  assert.match(review.html, /data-test="asst-stats"/);
  const group = /<article class="card asst-group"[\s\S]*?<\/article>/.exec(review.html)[0];
  assert.match(group, /nuoi ong mat|nuôi ong mật/);
  assert.match(group, /2 câu hỏi tương tự/);
  const logId = /name="log_id" value="(\d+)"/.exec(group)[1];

  const saved = await postForm(srv.url, '/quan-tri/tro-ly/hoi-dap', {
    csrf: review.csrf, log_id: logId, question,
    answer: 'Thủ tục này do Ủy ban nhân dân cấp xã hướng dẫn.', codes: '',
  }, jar);
  assert.equal(saved.status, 303);
  assert.equal(saved.location, '/quan-tri/tro-ly?ok=faq');
  const again = await ask('thu tuc xin tro cap nuoi ong mat');
  assert.equal(again.body.outcome, 'faq');
  assert.match(again.body.answer, /Ủy ban nhân dân cấp xã hướng dẫn/);
  const after = await getForm(srv.url, '/quan-tri/tro-ly', jar);
  assert.doesNotMatch(after.html, /nuoi ong mat|nuôi ong mật/);
});
