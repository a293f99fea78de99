// dossier_pages.test.mjs - the dossier pages over HTTP: online submission
// with attachments (multipart), refusal of a bad file type with nothing
// stored, typed values kept on errors, drafts and review, the idempotent
// token, who may see a dossier, the receipt with its QR code, public
// tracking, the personal vault and the sandbox payment flow, plus the
// officers' queue and counter intake.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  startServer, getForm, postForm, totp, cookieHeader, storeCookies, extractInput,
} from './lib/server.mjs';
import { verifyContact, freshTotp } from './lib/feedback-helpers.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = () => process.env.MOTCUA_BIN || join(root, 'build/dev/motcua');
const SECRET = 'JBSWY3DPEHPK3PXP';
const PROC = '1.001193';           // đăng ký khai sinh (toàn trình)
const AGENCY = 'X05977.UBND';     // UBND phường Đông Kinh: the birth registration's competent agency
const PDF = '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]);
let srv;
const citizen = {};
const other = {};
let staff;

function motcua(...args) {
  return execFileSync(bin(), [...args, '--db', srv.db, '--data-dir', srv.tmpdir],
    { env: { ...process.env, MOTCUA_LOG_ACCESS: '0' } }).toString();
}

async function register(jar, name, cccd, phone) {
  const { csrf } = await getForm(srv.url, '/dang-ky', jar);
  const r = await postForm(srv.url, '/dang-ky', {
    csrf, kind: 'citizen', dong_y: '1', full_name: name, cccd, phone, email: '', password: 'la-xanh-2026',
    password2: 'la-xanh-2026',
  }, jar);
  assert.equal(r.status, 303, r.html);
  await verifyContact(srv, jar, phone);
}

async function staffLogin() {
  const jar = {};
  const { csrf } = await getForm(srv.url, '/dang-nhap', jar);
  await postForm(srv.url, '/dang-nhap', { csrf, login: 'stp', password: 'la-xanh-2026' }, jar);
  const f = await getForm(srv.url, '/dang-nhap/ma-xac-thuc', jar);
  const code = await freshTotp(srv, 'stp', undefined, SECRET);
  const r = await postForm(srv.url, '/dang-nhap/ma-xac-thuc', { csrf: f.csrf, code }, jar);
  assert.equal(r.status, 303);
  return jar;
}

/** POST multipart/form-data: fields is an array of [name, value] or [name, Blob, filename]. */
async function postMultipart(path, fields, jar) {
  const fd = new FormData();
  for (const [name, value, filename] of fields) {
    if (value instanceof Blob) fd.append(name, value, filename);
    else fd.append(name, value);
  }
  const headers = {};
  const cookie = cookieHeader(jar);
  if (cookie) headers.cookie = cookie;
  const res = await fetch(srv.url + path, { method: 'POST', headers, body: fd, redirect: 'manual' });
  storeCookies(jar, res);
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}

const pdf = () => new Blob([PDF], { type: 'application/pdf' });

/** Open the submission form and return its csrf and one-time token. */
async function openForm(jar, query = '') {
  const f = await getForm(srv.url, `/nop-ho-so/${PROC}${query}`, jar);
  assert.equal(f.status, 200, f.html);
  return { csrf: f.csrf, token: extractInput(f.html, 'token'), html: f.html };
}

/** Submit a complete dossier with one PDF; resolves to its code. */
async function submitDossier(jar, text = 'Đăng ký khai sinh cho con') {
  const { csrf, token } = await openForm(jar);
  const r = await postMultipart(`/nop-ho-so/${PROC}`, [
    ['csrf', csrf], ['token', token], ['agency_code', AGENCY], ['f_noi_dung', text],
    ['delivery', 'online'], ['doc_0', pdf(), 'to-khai.pdf'], ['action', 'nop'],
  ], jar);
  assert.equal(r.status, 303, r.html);
  const m = /^\/ho-so\/([A-Za-z0-9.-]+)\?moi=1$/.exec(r.location);
  assert.ok(m, r.location);
  return m[1];
}

function storedFiles() {
  const dir = join(srv.tmpdir, 'files');
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const sub of readdirSync(dir)) {
    if (sub.startsWith('.')) continue;
    n += readdirSync(join(dir, sub)).length;
  }
  return n;
}

/** Perform an action on the dossier page as jar (reads the current version). */
async function act(jar, code, action, extra = {}) {
  const page = await getForm(srv.url, `/ho-so/${code}`, jar);
  assert.equal(page.status, 200);
  const version = /name="version" value="(\d+)"/.exec(page.html)[1];
  return postForm(srv.url, `/ho-so/${code}/thao-tac`,
    { csrf: page.csrf, action, version, ...extra }, jar);
}

before(async () => {
  srv = await startServer({ env: { MOTCUA_PAYMENT_SANDBOX: '1' } });
  motcua('import', 'units', join(root, 'data/demo/units.json'));
  motcua('import', 'agencies', join(root, 'data/demo/agencies.csv'));
  motcua('import', 'procedures', join(root, 'data/demo/procedures.jsonl'));
  const levels = join(srv.tmpdir, 'levels.csv');
  writeFileSync(levels, 'stt,ma_tthc,muc_do_dvc,ten_tthc,linh_vuc,quyet_dinh_cong_bo\n' +
    '1,1.001193.000.00.00.H37,Toàn trình,Đăng ký khai sinh,Hộ tịch,QĐ 1\n');
  motcua('import', 'procedures', levels);
  motcua('user', 'add', '--login', 'stp', '--name', 'Trần Văn Minh', '--password', 'la-xanh-2026',
    '--roles', 'reception,processing,approver', '--agency', AGENCY, '--totp-secret', SECRET);
  await register(citizen, 'Hoàng Thị Lan', '020190001234', '0912345678');
  await register(other, 'Nông Văn Bình', '020185004321', '0987654321');
  staff = await staffLogin();
});
after(async () => { await srv.stop(); });

test('the procedure page links to online submission; anonymous visitors are sent to sign in', async () => {
  const page = await getForm(srv.url, `/thu-tuc/${PROC}`, {});
  assert.match(page.html, new RegExp(`href="/nop-ho-so/${PROC.replace('.', '\\.')}"`));
  const anon = await fetch(`${srv.url}/nop-ho-so/${PROC}`, { redirect: 'manual' });
  assert.equal(anon.status, 303);
  assert.match(anon.headers.get('location'), /^\/dang-nhap\?next=/);
});

test('a citizen submits with a PDF attachment and sees the dossier with its file', async () => {
  const form = await openForm(citizen);
  assert.match(form.html, /name="f_noi_dung"/);
  assert.match(form.html, /name="doc_0"/);
  assert.match(form.html, /name="agency_code"/);
  assert.match(form.html, /value="online"/);
  const code = await submitDossier(citizen);
  assert.match(code, /^X05977\.UBND-\d{6}-\d{4}$/);
  const page = await getForm(srv.url, `/ho-so/${code}?moi=1`, citizen);
  assert.equal(page.status, 200);
  assert.match(page.html, /Đã nộp hồ sơ thành công/);
  assert.match(page.html, /Mới đăng ký/);
  const link = /href="(\/ho-so\/[^"]+\/tep\/\d+)"/.exec(page.html);
  assert.ok(link, 'a download link');
  const dl = await fetch(srv.url + link[1], { headers: { cookie: cookieHeader(citizen) } });
  assert.equal(dl.status, 200);
  assert.equal(dl.headers.get('content-type'), 'application/pdf');
  assert.equal(dl.headers.get('x-content-type-options'), 'nosniff');
  assert.match(dl.headers.get('content-disposition'), /^attachment; filename=/);
  assert.equal(await dl.text(), PDF);
  const mine = await getForm(srv.url, '/ho-so', citizen);
  assert.ok(mine.html.includes(code));
});

test('a file that is not PDF/JPEG/PNG is refused with a message and nothing is stored', async () => {
  const before = storedFiles();
  const listBefore = (await getForm(srv.url, '/ho-so', citizen)).html.match(/href="\/ho-so\/T20/g)?.length ?? 0;
  const { csrf, token } = await openForm(citizen);
  const r = await postMultipart(`/nop-ho-so/${PROC}`, [
    ['csrf', csrf], ['token', token], ['agency_code', AGENCY], ['f_noi_dung', 'Nội dung đã gõ'],
    ['delivery', 'online'], ['doc_0', new Blob(['MZ not a pdf'], { type: 'application/pdf' }), 'virus.pdf'],
    ['action', 'nop'],
  ], citizen);
  assert.equal(r.status, 422);
  assert.match(r.html, /Chỉ nhận tệp PDF, JPEG hoặc PNG/);
  assert.match(r.html, /Nội dung đã gõ/);
  assert.equal(storedFiles(), before);
  const listAfter = (await getForm(srv.url, '/ho-so', citizen)).html.match(/href="\/ho-so\/T20/g)?.length ?? 0;
  assert.equal(listAfter, listBefore);
});

test('a missing required field gives 422 and keeps what was typed', async () => {
  const { csrf, token } = await openForm(citizen);
  const r = await postForm(srv.url, `/nop-ho-so/${PROC}`, {
    csrf, token, agency_code: AGENCY, f_noi_dung: '', delivery: 'post',
    delivery_address: '12 đường Lê Lợi, phường Đông Kinh', action: 'nop',
  }, citizen);
  assert.equal(r.status, 422);
  assert.match(r.html, /Nội dung yêu cầu/);
  assert.match(r.html, /value="12 đường Lê Lợi, phường Đông Kinh"/);
  assert.match(r.html, /value="post" checked/);
  assert.equal(extractInput(r.html, 'token'), token);
  const r2 = await postForm(srv.url, `/nop-ho-so/${PROC}`, {
    csrf, token, agency_code: AGENCY, f_noi_dung: 'Xin đăng ký khai sinh', delivery: 'post',
    delivery_address: '', action: 'nop',
  }, citizen);
  assert.equal(r2.status, 422);
  assert.match(r2.html, /địa chỉ nhận kết quả/);
  assert.match(r2.html, /Xin đăng ký khai sinh<\/textarea>/);
});

test('a draft is saved, listed, resumed prefilled, reviewed and then submitted once', async () => {
  const { csrf, token } = await openForm(citizen);
  const saved = await postMultipart(`/nop-ho-so/${PROC}`, [
    ['csrf', csrf], ['token', token], ['agency_code', AGENCY], ['f_noi_dung', 'Bản nháp của tôi'],
    ['delivery', 'online'], ['doc_0', pdf(), 'giay-chung-sinh.pdf'], ['action', 'luu'],
  ], citizen);
  assert.equal(saved.status, 303, saved.html);
  assert.equal(saved.location, '/ho-so/nhap');
  const drafts = await getForm(srv.url, '/ho-so/nhap', citizen);
  const m = new RegExp(`href="/nop-ho-so/${PROC.replace('.', '\\.')}\\?nhap=(\\d+)"`).exec(drafts.html);
  assert.ok(m, drafts.html);
  const draftId = m[1];
  const resumed = await openForm(citizen, `?nhap=${draftId}`);
  assert.match(resumed.html, /Bản nháp của tôi<\/textarea>/);
  assert.match(resumed.html, /giay-chung-sinh\.pdf/);
  assert.equal(extractInput(resumed.html, 'draft_id'), draftId);
  // Review: saves the draft and shows a summary with a "nộp" button.
  const review = await postForm(srv.url, `/nop-ho-so/${PROC}`, {
    csrf: resumed.csrf, token: resumed.token, draft_id: draftId, action: 'xem_lai',
  }, citizen);
  assert.equal(review.status, 200, review.html);
  assert.match(review.html, /Xem lại hồ sơ trước khi nộp/);
  assert.match(review.html, /Bản nháp của tôi/);
  assert.match(review.html, /giay-chung-sinh\.pdf/);
  assert.equal(extractInput(review.html, 'draft_id'), draftId);
  const send = { csrf: resumed.csrf, token: extractInput(review.html, 'token'), draft_id: draftId, action: 'nop' };
  const done = await postForm(srv.url, `/nop-ho-so/${PROC}`, send, citizen);
  assert.equal(done.status, 303, done.html);
  assert.match(done.location, /^\/ho-so\/X05977\.UBND-.*\?moi=1$/);
  // A second click after the draft is gone still gives the same dossier.
  const again = await postForm(srv.url, `/nop-ho-so/${PROC}`, send, citizen);
  assert.equal(again.status, 303);
  assert.equal(again.location, done.location);
  const after = await getForm(srv.url, '/ho-so/nhap', citizen);
  assert.ok(!after.html.includes(`nhap=${draftId}`));
  const code = /\/ho-so\/([^?]+)/.exec(done.location)[1];
  const page = await getForm(srv.url, `/ho-so/${code}`, citizen);
  assert.match(page.html, /giay-chung-sinh\.pdf|Giấy tờ/);
});

test('the same token twice gives the same dossier, never two', async () => {
  const { csrf, token } = await openForm(citizen);
  const fields = () => [
    ['csrf', csrf], ['token', token], ['agency_code', AGENCY], ['f_noi_dung', 'Gửi hai lần'],
    ['delivery', 'online'], ['doc_0', pdf(), 'a.pdf'], ['action', 'nop'],
  ];
  const [a, b] = await Promise.all([postMultipart(`/nop-ho-so/${PROC}`, fields(), citizen),
    postMultipart(`/nop-ho-so/${PROC}`, fields(), citizen)]);
  assert.equal(a.status, 303);
  assert.equal(b.status, 303);
  assert.equal(a.location, b.location);
  const c = await postMultipart(`/nop-ho-so/${PROC}`, fields(), citizen);
  assert.equal(c.location, a.location);
  const code = /\/ho-so\/([^?]+)/.exec(a.location)[1];
  const mine = await getForm(srv.url, '/ho-so', citizen);
  assert.equal(mine.html.split(`href="/ho-so/${code}"`).length - 1, 1);
});

test('the dossier page is for the owner and the agency; others get 404', async () => {
  const code = await submitDossier(citizen);
  assert.equal((await getForm(srv.url, `/ho-so/${code}`, other)).status, 404);
  assert.equal((await getForm(srv.url, `/ho-so/${code}/bien-nhan`, other)).status, 404);
  assert.equal((await getForm(srv.url, `/ho-so/${code}`, staff)).status, 200);
  const anon = await fetch(`${srv.url}/ho-so/${code}`, { redirect: 'manual' });
  assert.equal(anon.status, 303);
  assert.equal((await getForm(srv.url, '/ho-so/T20.STP-000000-9999', citizen)).status, 404);
});

test('staff accept from the queue; the receipt has the code and a QR; a stale version is 409', async () => {
  const code = await submitDossier(citizen);
  const queue = await getForm(srv.url, '/quan-tri/ho-so?hang=tiep-nhan', staff);
  assert.equal(queue.status, 200);
  assert.ok(queue.html.includes(`/ho-so/${code}`));
  const page = await getForm(srv.url, `/ho-so/${code}`, staff);
  assert.match(page.html, /name="action" value="accept"/);
  const version = /name="version" value="(\d+)"/.exec(page.html)[1];
  const ok = await postForm(srv.url, `/ho-so/${code}/thao-tac`,
    { csrf: page.csrf, action: 'accept', version }, staff);
  assert.equal(ok.status, 303, ok.html);
  assert.equal(ok.location, `/ho-so/${code}?xong=accept`);
  const stale = await postForm(srv.url, `/ho-so/${code}/thao-tac`,
    { csrf: page.csrf, action: 'refuse', version, note: 'Thiếu giấy tờ' }, staff);
  assert.equal(stale.status, 409);
  assert.match(stale.html, /người khác cập nhật/);
  const receipt = await getForm(srv.url, `/ho-so/${code}/bien-nhan`, citizen);
  assert.equal(receipt.status, 200);
  assert.match(receipt.html, /Giấy tiếp nhận hồ sơ và hẹn trả kết quả/);
  assert.ok(receipt.html.includes(code));
  assert.match(receipt.html, /<svg[^>]*role="img"/);
  assert.match(receipt.html, /tra-cuu\?ma=/);
  const refuse = await act(staff, code, 'refuse', { note: '' });
  assert.equal(refuse.status, 422);
});

test('the queue filters by procedure name and by dates typed day/month/year', async () => {
  const code = await submitDossier(citizen);
  const queue = await getForm(srv.url, '/quan-tri/ho-so', staff);
  const select = /<select id="thu_tuc" name="thu_tuc">([\s\S]*?)<\/select>/.exec(queue.html);
  assert.ok(select, 'agency staff choose the procedure from a list');
  const option = new RegExp(`<option value="${PROC.replace('.', '\\.')}">([^<]+)</option>`)
    .exec(select[1]);
  assert.ok(option && !/^\d/.test(option[1]), 'the option shows the name, not the code');
  const byName = await getForm(srv.url, `/quan-tri/ho-so?thu_tuc=${PROC}&tu=01/01/2020`, staff);
  assert.equal(byName.status, 200);
  assert.ok(byName.html.includes(`/ho-so/${code}`));
  assert.match(byName.html, new RegExp(`<option value="${PROC.replace('.', '\\.')}" selected>`));
  // a code the agency does not implement (a kept link): the filter it
  // applies stays visible in a code field, not hidden behind "Tất cả"
  const other = await getForm(srv.url, '/quan-tri/ho-so?thu_tuc=X.KHAC', staff);
  assert.equal(other.status, 200);
  assert.ok(!/<select id="thu_tuc"/.test(other.html), 'no list that would show "Tất cả"');
  assert.match(other.html, /<input id="thu_tuc" name="thu_tuc" value="X\.KHAC">/);
  assert.ok(!other.html.includes(`/ho-so/${code}`));
  const bad = await getForm(srv.url, '/quan-tri/ho-so?tu=31/02/2025', staff);
  assert.equal(bad.status, 422);
  assert.match(bad.html, /Ngày bắt đầu không hợp lệ \(ngày\/tháng\/năm/);
  assert.match(bad.html, /value="31\/02\/2025"/, 'what was typed stays');
});

test('public tracking with the right check shows the status; a wrong check looks like an unknown code', async () => {
  const code = await submitDossier(citizen);
  const right = await getForm(srv.url, `/tra-cuu?ma=${code}&kiem_tra=5678`, {});
  assert.equal(right.status, 200);
  assert.match(right.html, /Mới đăng ký/);
  assert.ok(!right.html.includes('Hoàng Thị Lan'));
  assert.ok(!right.html.includes('0912345678'));
  const wrong = await getForm(srv.url, `/tra-cuu?ma=${code}&kiem_tra=0000`, {});
  const unknown = await getForm(srv.url, '/tra-cuu?ma=T20.STP-990101-0001&kiem_tra=5678', {});
  assert.equal(wrong.status, 404);
  assert.equal(unknown.status, 404);
  const msg = (h) => /<div class="alert"[^>]*>([\s\S]*?)<\/div>/.exec(h)[1];
  assert.equal(msg(wrong.html), msg(unknown.html));
  assert.match(msg(wrong.html), /Không tìm thấy/);
});

test('tracking ignores case and the spaces pasted around a code (issue 12)', async () => {
  const code = await submitDossier(citizen);
  const typed = ` ${code.toLowerCase()} `;
  const res = await getForm(srv.url,
    `/tra-cuu?ma=${encodeURIComponent(typed)}&kiem_tra=${encodeURIComponent(' 5678 ')}`, {});
  assert.equal(res.status, 200, res.html.slice(0, 300));
  assert.match(res.html, /Mới đăng ký/);
  assert.ok(res.html.includes(code));
});

test('the vault: upload, list, download by the owner only, reuse in a submission', async () => {
  const v = await getForm(srv.url, '/kho-du-lieu', citizen);
  assert.equal(v.status, 200);
  const bad = await postMultipart('/kho-du-lieu', [
    ['csrf', v.csrf], ['title', 'Giữ lại tên này'], ['kind', 'identity'],
    ['file', new Blob(['plain text']), 'x.txt'],
  ], citizen);
  assert.equal(bad.status, 422);
  assert.match(bad.html, /value="Giữ lại tên này"/);
  const add = await postMultipart('/kho-du-lieu', [
    ['csrf', v.csrf], ['title', 'Căn cước công dân'], ['kind', 'identity'],
    ['issued_on', '2021-05-01'], ['valid_until', '2036-05-01'],
    ['file', new Blob([PNG], { type: 'image/png' }), 'cccd.png'],
  ], citizen);
  assert.equal(add.status, 303, add.html);
  const list = await getForm(srv.url, '/kho-du-lieu', citizen);
  assert.match(list.html, /Căn cước công dân/);
  const id = /href="\/kho-du-lieu\/(\d+)\/tai-ve"/.exec(list.html)[1];
  const dl = await fetch(`${srv.url}/kho-du-lieu/${id}/tai-ve`, { headers: { cookie: cookieHeader(citizen) } });
  assert.equal(dl.status, 200);
  assert.equal(dl.headers.get('content-type'), 'image/png');
  assert.deepEqual(Buffer.from(await dl.arrayBuffer()), PNG);
  const theirs = await fetch(`${srv.url}/kho-du-lieu/${id}/tai-ve`, { headers: { cookie: cookieHeader(other) } });
  assert.equal(theirs.status, 404);
  // Reuse: the form offers the item; choosing it attaches it without an upload.
  const { csrf, token, html } = await openForm(citizen);
  assert.match(html, new RegExp(`<option value="${id}"`));
  const r = await postForm(srv.url, `/nop-ho-so/${PROC}`, {
    csrf, token, agency_code: AGENCY, f_noi_dung: 'Dùng lại giấy tờ', delivery: 'online',
    vault_0: id, action: 'nop',
  }, citizen);
  assert.equal(r.status, 303, r.html);
  const page = await getForm(srv.url, r.location.replace('?moi=1', ''), citizen);
  assert.match(page.html, /lấy từ Kho dữ liệu/);
  const after = await getForm(srv.url, '/kho-du-lieu', citizen);
  assert.match(after.html, /đã dùng lại 1 lần/);
});

test('payment: fee requested, paid in the sandbox, the dossier goes back to processing', async () => {
  const code = await submitDossier(citizen);
  assert.equal((await act(staff, code, 'accept')).status, 303);
  assert.equal((await act(staff, code, 'start')).status, 303);
  const req = await act(staff, code, 'request_payment', { amount: '50.000', note: 'Lệ phí' });
  assert.equal(req.status, 303, req.html);
  const page = await getForm(srv.url, `/ho-so/${code}`, citizen);
  assert.match(page.html, /Yêu cầu thực hiện nghĩa vụ tài chính|nghĩa vụ tài chính/);
  assert.match(page.html, /Thanh toán trực tuyến/);
  const start = await postForm(srv.url, `/ho-so/${code}/thanh-toan`, { csrf: page.csrf }, citizen);
  assert.equal(start.status, 303, start.html);
  const m = /^\/thanh-toan-thu\/([A-Za-z0-9._-]+)\?/.exec(start.location);
  assert.ok(m, start.location);
  const bank = await getForm(srv.url, start.location, citizen);
  assert.equal(bank.status, 200);
  assert.match(bank.html, /Cổng thanh toán thử nghiệm/);
  assert.match(bank.html, /50000/);
  // A forged callback is refused.
  const forged = await fetch(`${srv.url}/api/v1/payments/sandbox/callback`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ref: m[1], amount: '50000', status: 'paid', signature: '00'.repeat(32) }),
  });
  assert.equal(forged.status, 401);
  const pay = await postForm(srv.url, `/thanh-toan-thu/${m[1]}`, {
    csrf: bank.csrf, amount: extractInput(bank.html, 'amount'), order: extractInput(bank.html, 'order'),
    ket_qua: 'thanh_toan',
  }, citizen);
  assert.equal(pay.status, 303, pay.html);
  assert.equal(pay.location, `/ho-so/${code}?da_thanh_toan=1`);
  const after = await getForm(srv.url, pay.location, citizen);
  assert.match(after.html, /Đang xử lý/);
  assert.match(after.html, /đã nộp trực tuyến/);
  // The browser's return after the gateway's own call changes nothing.
  const replay = await postForm(srv.url, `/thanh-toan-thu/${m[1]}`, {
    csrf: bank.csrf, amount: '50000', order: code, ket_qua: 'thanh_toan',
  }, citizen);
  assert.equal(replay.status, 303);
});

test('counter intake by a reception officer goes straight to the receipt', async () => {
  const form = await getForm(srv.url, `/quan-tri/ho-so/tiep-nhan?thu_tuc=${PROC}`, staff);
  assert.equal(form.status, 200);
  assert.match(form.html, /name="doc_0"/);
  const r = await postMultipart('/quan-tri/ho-so/tiep-nhan', [
    ['csrf', form.csrf], ['thu_tuc', PROC], ['agency_code', AGENCY], ['kenh', '1'],
    ['ho_ten', 'Lương Văn Tùng'], ['dien_thoai', '0911222333'], ['so_giay_to', ''],
    ['f_noi_dung', 'Đăng ký khai sinh tại quầy'], ['delivery', 'counter'],
    ['doc_0', pdf(), 'ban-quet.pdf'], ['token', extractInput(form.html, 'token')],
  ], staff);
  assert.equal(r.status, 303, r.html);
  assert.match(r.location, /^\/ho-so\/X05977\.UBND-\d{6}-\d{4}\/bien-nhan$/);
  const receipt = await getForm(srv.url, r.location, staff);
  assert.equal(receipt.status, 200);
  assert.match(receipt.html, /Lương Văn Tùng/);
  assert.match(receipt.html, /Bộ phận Một cửa/);
  const code = /\/ho-so\/([^/]+)\//.exec(r.location)[1];
  const track = await getForm(srv.url, `/tra-cuu?ma=${code}&kiem_tra=2333`, {});
  assert.match(track.html, /Được tiếp nhận/);
});
