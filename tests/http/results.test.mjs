// results.test.mjs - issue 12 part 3: an approval needs a real result (a
// signed file, or a decision text that becomes a PDF naming the agency,
// the number, the date and the declared fields); an open fee blocks the
// return until it is collected, paid online or waived with a reason; the
// applicant sees what to supplement and by when; the working-time clock on
// the dossier and tracking pages; a night-time dossier never ends before
// it was received.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, getForm, postForm } from './lib/server.mjs';
import {
  act, addStaff, csrfOf, dossierRow, get, inputValues, loadAgencies, motcua, pdfBytes,
  postMultipart, registerCitizen, serverClock, sqlRows, staffLogin, submitForm,
} from './lib/dossier-helpers.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NOW = '2026-03-02T09:00:00+07:00';   // a Monday, office hours
const BIRTH = '1.001193';
const COMMUNE = 'X05977.UBND';
let srv;
let citizen;
const who = {};

before(async () => {
  srv = await startServer({ env: { MOTCUA_NOW: NOW, MOTCUA_PAYMENT_SANDBOX: '1' } });
  loadAgencies(srv);
  motcua(srv, 'import', 'eforms', join(ROOT, 'data/demo/eforms.json'));
  const clock = serverClock(NOW);
  for (const [login, role] of [['tn', 'reception'], ['cv', 'processing'], ['ld', 'approver']]) {
    addStaff(srv, login, `Cán bộ ${login}`, role, COMMUNE);
    const jar = await staffLogin(srv, login, clock);
    who[role] = { jar, csrf: await csrfOf(srv, jar) };
  }
  citizen = await registerCitizen(srv, 'Hoàng Thị Lan');
  citizen.csrf = await csrfOf(srv, citizen.jar);
});

after(async () => { await srv?.stop(); });

/** A birth registration with copies (a fee), lodged and brought to state s. */
async function dossier(copies = '2', jar = citizen.jar) {
  const f = await submitForm(srv, jar, BIRTH);
  const fd = new FormData();
  const fields = {
    csrf: f.csrf, token: f.token, agency_code: COMMUNE, f_ho_ten_tre: 'Nguyễn Hoàng An',
    f_ngay_sinh: '05/02/2026', f_gioi_tinh: 'Nam', f_noi_sinh: 'Bệnh viện Đa khoa tỉnh',
    f_ho_ten_me: 'Hoàng Thị Lan', f_quan_he: 'Mẹ', f_noi_cu_tru: 'Số 12 đường Bà Triệu',
    f_noi_cu_tru__xa: '05977', f_dien_thoai: '0912345678', f_so_ban_sao: copies,
    delivery: 'online', action: 'nop',
  };
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  fd.append('doc_1', new Blob([pdfBytes(`cs ${Math.random()}`)], { type: 'application/pdf' }),
    'chung-sinh.pdf');
  const r = await postMultipart(srv, `/nop-ho-so/${BIRTH}`, fd, jar);
  assert.equal(r.status, 303, r.html.slice(0, 500));
  return decodeURIComponent(/^\/ho-so\/([^/?#]+)\?moi=1$/.exec(r.location)[1]);
}

async function step(code, role, fields) {
  const w = role === 'owner' ? citizen : who[role];
  return act(srv, w.jar, w.csrf, code, { version: dossierRow(srv, code).version, ...fields });
}

async function toApproval(code) {
  for (const [role, action] of [['reception', 'accept'], ['processing', 'start'],
    ['processing', 'finish']]) {
    const r = await step(code, role, { action });
    assert.equal(r.status, 303, `${action}: ${r.html.slice(0, 300)}`);
  }
}

/** The text of a PDF through pdftotext (poppler-utils, installed by install-deps). */
function pdfText(bytes) {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-pdf-'));
  try {
    writeFileSync(join(dir, 'r.pdf'), bytes);
    execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'r.pdf'), join(dir, 'r.txt')]);
    return execFileSync('cat', [join(dir, 'r.txt')]).toString();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const state = {};

test('the approver cannot approve without a result; the refusal comes back on the page',
  async () => {
    const code = await dossier();
    await toApproval(code);
    const v = dossierRow(srv, code).version;
    for (const note of ['', 'Đồng ý.']) {
      const r = await step('' + code, 'approver', { action: 'approve', note });
      assert.equal(r.status, 422, `note "${note}"`);
      assert.match(r.html, /<details[^>]*open data-action="approve"/, 'the form is open');
      assert.match(r.html, /Chưa có kết quả: hãy viết nội dung quyết định/);
      if (note) assert.match(r.html, /Đồng ý\.<\/textarea>/, 'what was typed is kept');
    }
    assert.equal(dossierRow(srv, code).version, v, 'nothing changed');
    assert.equal(dossierRow(srv, code).status, 4);
    state.code = code;
  });

test('a written decision becomes a numbered PDF naming the agency, the decision and the fields',
  async () => {
    const code = state.code;
    const decision = 'Đăng ký khai sinh cho cháu Nguyễn Hoàng An, cấp 02 bản sao Giấy khai sinh.';
    const r = await step(code, 'approver', { action: 'approve', note: decision });
    assert.equal(r.status, 303, r.html.slice(0, 400));
    const row = sqlRows(srv, `SELECT status, result_number, result_file_id, e_result
      FROM dossiers WHERE code = '${code}'`)[0];
    assert.equal(row.status, 9);
    assert.equal(row.result_number, '1/2026/KQ');
    assert.equal(row.e_result, 1);
    const res = await get(srv, `/ho-so/${encodeURIComponent(code)}/tep/${row.result_file_id}`,
      citizen.jar);
    assert.equal(res.status, 200);
    const text = pdfText(Buffer.from(await res.arrayBuffer())).replace(/\s+/g, ' ');
    for (const want of ['ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN', 'ỦY BAN NHÂN DÂN PHƯỜNG ĐÔNG KINH',
      'Số: 1/2026/KQ', 'ngày 02 tháng 03 năm 2026', 'Nguyễn Hoàng An', 'cấp 02 bản sao',
      'Ngày, tháng, năm sinh của trẻ: 05/02/2026', 'Giới tính: Nam', 'Cán bộ ld']) {
      assert.ok(text.includes(want), `the result says "${want}"`);
    }
    assert.doesNotMatch(text, /(^|\s)X05977\.UBND(\s|$)/, 'names, not agency codes');
    // The next result of the agency gets the next number.
    const other = await dossier('0');
    await toApproval(other);
    const up = await step(other, 'approver', { action: 'approve',
      file: pdfBytes('ket qua da ky so') });
    assert.equal(up.status, 303);
    assert.equal(dossierRow(srv, other).status, 9);
    assert.equal(sqlRows(srv, `SELECT result_number AS n FROM dossiers WHERE code = '${other}'`)[0]
      .n, '2/2026/KQ');
    state.free = other;
  });

test('an unpaid fee blocks the return until it is collected', async () => {
  const code = state.code;   // 2 copies: 16.000 đồng, unpaid
  assert.equal(sqlRows(srv, `SELECT fee_dong AS f FROM dossiers WHERE code = '${code}'`)[0].f,
    16000);
  const page = await getForm(srv.url, `/ho-so/${encodeURIComponent(code)}`, who.reception.jar);
  assert.match(page.html, /data-test="fee-open"/);
  assert.match(page.html, /16\.000 đồng/);
  assert.ok(!inputValues(page.html, 'action').includes('return'), 'no return form yet');
  const refused = await step(code, 'reception', { action: 'return' });
  assert.equal(refused.status, 422);
  assert.match(refused.html, /còn phí, lệ phí chưa nộp/);
  assert.equal(dossierRow(srv, code).status, 9);
  assert.equal((await step(code, 'reception', { action: 'collect_fee', note: 'Biên lai 0012' }))
    .status, 303);
  assert.equal(sqlRows(srv, `SELECT fee_paid FROM dossiers WHERE code = '${code}'`)[0].fee_paid, 1);
  const ok = await step(code, 'reception', { action: 'return' });
  assert.equal(ok.status, 303);
  assert.equal(dossierRow(srv, code).status, 10);
  // A dossier without a fee returns at once.
  assert.equal((await step(state.free, 'reception', { action: 'return' })).status, 303);
});

test('a fee is waived only with a reason, by the approver, and recorded', async () => {
  const code = await dossier('1');
  await toApproval(code);
  assert.equal((await step(code, 'approver', { action: 'approve',
    note: 'Đăng ký khai sinh cho cháu Nguyễn Hoàng An.' })).status, 303);
  const noReason = await step(code, 'approver', { action: 'waive_fee', note: '' });
  assert.equal(noReason.status, 422);
  const byReception = await step(code, 'reception', { action: 'waive_fee', note: 'Hộ nghèo' });
  assert.equal(byReception.status, 403);
  const ok = await step(code, 'approver', { action: 'waive_fee',
    note: 'Hộ nghèo theo danh sách năm 2026 của phường' });
  assert.equal(ok.status, 303);
  const row = sqlRows(srv, `SELECT has_fee, fee_dong FROM dossiers WHERE code = '${code}'`)[0];
  assert.deepEqual([row.has_fee, row.fee_dong], [0, 0]);
  const ev = sqlRows(srv, `SELECT note FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
    WHERE d.code = '${code}' AND e.action = 'waive_fee'`);
  assert.deepEqual(ev.map((e) => e.note), ['Hộ nghèo theo danh sách năm 2026 của phường']);
  assert.equal(sqlRows(srv, "SELECT count(*) AS n FROM audit_log WHERE action = 'dossier.waive_fee'")[0]
    .n, 1);
  assert.equal((await step(code, 'reception', { action: 'return' })).status, 303);
});

test('the applicant pays an approved dossier\'s fee online, then it can be returned', async () => {
  const code = await dossier('1');
  await toApproval(code);
  assert.equal((await step(code, 'approver', { action: 'approve',
    note: 'Đăng ký khai sinh cho cháu Nguyễn Hoàng An.' })).status, 303);
  const base = `/ho-so/${encodeURIComponent(code)}`;
  const page = await getForm(srv.url, base, citizen.jar);
  assert.match(page.html, /action="\/ho-so\/[^"]+\/thanh-toan"/, 'the applicant may pay now');
  const start = await postForm(srv.url, `${base}/thanh-toan`, { csrf: citizen.csrf },
    citizen.jar);
  assert.equal(start.status, 303, start.html.slice(0, 300));
  const bank = await getForm(srv.url, start.location, citizen.jar);
  const done = await postForm(srv.url, start.location.split('?')[0], { csrf: bank.csrf,
    amount: inputValues(bank.html, 'amount')[0], order: inputValues(bank.html, 'order')[0],
    ket_qua: 'thanh_toan' }, citizen.jar);
  assert.equal(done.status, 303);
  const row = sqlRows(srv, `SELECT status, fee_paid, paid_online FROM dossiers
    WHERE code = '${code}'`)[0];
  assert.deepEqual([row.status, row.fee_paid, row.paid_online], [9, 1, 2]);
  assert.equal((await step(code, 'reception', { action: 'return' })).status, 303);
});

test('the applicant sees what to supplement and by when; the clock pauses and says why',
  async () => {
    const code = await dossier('0');
    for (const [role, action] of [['reception', 'accept'], ['processing', 'start']]) {
      assert.equal((await step(code, role, { action })).status, 303);
    }
    const mine = await getForm(srv.url, `/ho-so/${encodeURIComponent(code)}`, citizen.jar);
    assert.match(mine.html, /data-test="clock"/);
    assert.match(mine.html, /Thời hạn theo quy định: <strong>1 ngày làm việc<\/strong>/);
    assert.match(mine.html, /Còn lại: <strong data-test="clock-left">/);
    const what = 'Bổ sung bản chụp Giấy chứng nhận kết hôn của cha mẹ (rõ, đủ bốn góc).';
    const r = await step(code, 'processing', { action: 'request_supplement', note: what,
      due_date: '2026-03-09' });
    assert.equal(r.status, 303);
    const page = await getForm(srv.url, `/ho-so/${encodeURIComponent(code)}`, citizen.jar);
    const box = /<section class="supplement-box"[\s\S]*?<\/section>/.exec(page.html);
    assert.ok(box, 'the supplement box');
    assert.match(box[0], /Cơ quan yêu cầu bổ sung:/);
    assert.ok(box[0].includes(what.replace(/\(/g, '(')), 'what to add');
    assert.match(box[0], /Hạn nộp bổ sung: <strong>17:00 ngày 09\/03\/2026<\/strong>/);
    assert.match(page.html, /data-test="clock-paused"/);
    assert.match(page.html, /<details[^>]*open data-action="supplement"/, 'the form is open');
    // Staff do not get the applicant's box.
    const staffPage = await getForm(srv.url, `/ho-so/${encodeURIComponent(code)}`,
      who.processing.jar);
    assert.doesNotMatch(staffPage.html, /class="supplement-box"/);
    // Without a date the applicant gets five working days.
    const other = await dossier('0');
    for (const [role, action] of [['reception', 'accept'], ['processing', 'start']]) {
      await step(other, role, { action });
    }
    await step(other, 'processing', { action: 'request_supplement', note: what });
    const due = sqlRows(srv, `SELECT supplement_due_at - supplement_since AS s FROM dossiers
      WHERE code = '${other}'`)[0].s;
    assert.ok(due >= 5 * 86400 && due <= 9 * 86400, `five working days: ${due} s`);
    // The applicant supplements; the clock runs again and the tracking page says why it moved.
    const sup = await step(code, 'owner', { action: 'supplement', note: 'Đã bổ sung',
      file: pdfBytes('giay ket hon') });
    assert.equal(sup.status, 303);
    const phone = citizen.phone.slice(-4);
    const track = await getForm(srv.url,
      `/tra-cuu?ma=${encodeURIComponent(code)}&kiem_tra=${phone}`, {});
    assert.equal(track.status, 200);
    assert.match(track.html, /data-test="clock"/);
    assert.match(track.html, /Cơ quan yêu cầu bổ sung hồ sơ, hạn bổ sung 17:00 ngày 09\/03\/2026/);
    assert.match(track.html, /Đã nộp bổ sung; tiếp tục tính thời gian/);
    assert.ok(!track.html.includes('Giấy chứng nhận kết hôn'), 'no officer notes in public');
  });

test('a dossier lodged at night is received next morning and never ends before that',
  async () => {
    const night = await startServer({ env: { MOTCUA_NOW: '2026-03-06T22:00:00+07:00' } });
    try {
      loadAgencies(night);
      addStaff(night, 'tn', 'Tô Thị Diệu', 'reception', COMMUNE);
      const jar = await staffLogin(night, 'tn', serverClock('2026-03-06T22:00:00+07:00'));
      const csrf = await csrfOf(night, jar);
      const c = await registerCitizen(night, 'Lộc Văn Minh');
      const f = await submitForm(night, c.jar, BIRTH);
      const fd = new FormData();
      for (const [k, v] of Object.entries({ csrf: f.csrf, token: f.token,
        agency_code: COMMUNE, f_noi_dung: 'Đăng ký khai sinh', delivery: 'online',
        action: 'nop' })) fd.append(k, v);
      const sub = await postMultipart(night, `/nop-ho-so/${BIRTH}`, fd, c.jar);
      assert.equal(sub.status, 303, sub.html.slice(0, 300));
      const code = decodeURIComponent(/^\/ho-so\/([^/?#]+)/.exec(sub.location)[1]);
      const v = () => dossierRow(night, code).version;
      assert.equal((await act(night, jar, csrf, code, { action: 'accept', version: v() }))
        .status, 303);
      assert.equal((await act(night, jar, csrf, code, { action: 'refuse', version: v(),
        note: 'Hồ sơ nộp nhầm thủ tục' })).status, 303);
      const row = sqlRows(night, `SELECT submitted_at, received_at, ended_at, due_at
        FROM dossiers WHERE code = '${code}'`)[0];
      const received = new Date(row.received_at * 1000);
      assert.equal(received.toISOString(), '2026-03-09T00:30:00.000Z', 'Monday 07:30');
      assert.ok(row.ended_at >= row.received_at, 'ended no earlier than received');
      assert.ok(row.due_at > row.received_at);
      const page = await getForm(night.url, `/ho-so/${encodeURIComponent(code)}`, jar);
      assert.match(page.html, /<dt>Ngày tiếp nhận<\/dt><dd>07:30 ngày 09\/03\/2026<\/dd>/);
      assert.match(page.html, /<dt>Ngày kết thúc xử lý<\/dt><dd>07:30 ngày 09\/03\/2026<\/dd>/);
    } finally {
      await night.stop();
    }
  });
