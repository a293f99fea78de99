// demo_journey.test.mjs - issue 12, the first "done when" line: the natural
// journey of a birth registration through the demo, with the demo accounts
// only.  The citizen submits (the form offers only the competent commune
// and defaults to hers, refuses a missing required document and an
// impossible date); the commune's reception officer receives it and sees
// every declared field; the processing officer asks for a supplement that
// the citizen reads and answers on a 360 px phone; the approver cannot
// approve without a result, then writes one; the citizen pays the fee
// online; reception returns the result; the citizen downloads a result
// whose text names the agency and the decision.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, totp } from '../http/lib/server.mjs';
import { pdfBytes, sqlRows } from '../http/lib/dossier-helpers.mjs';
import { DEMO_PASSWORD as PASSWORD } from '../http/lib/demo.mjs';
import { launch } from './lib/browser.mjs';

const SECRET = 'JBSWY3DPEHPK3PXP';   // the demo's staff TOTP key (DEMO_TOTP_SECRET)
const CITIZEN = '020190001234';      // Hoàng Thị Lan, who lives in phường Đông Kinh
const NOW = '2026-03-02T09:00:00+07:00';
const DECISION = 'Đăng ký khai sinh cho cháu Nguyễn Hoàng An, sinh ngày 05/02/2026; '
  + 'cấp 01 bản sao Giấy khai sinh.';
let srv;
let chrome;
const t0 = Date.now();
const clock = () => Date.parse(NOW) / 1000 + (Date.now() - t0) / 1000;

before(async () => {
  srv = await startServer({ command: 'demo', startTimeoutMs: 120000,
    env: { MOTCUA_NOW: NOW } });
  chrome = await launch();
});

after(async () => {
  await chrome?.close();
  await srv?.stop();
});

/** A signed-in page of the given width (staff answer the TOTP step). */
async function signIn(login, width = 1280) {
  const page = await chrome.newPage({ viewport: { width, height: 900 } });
  await page.goto(`${srv.url}/dang-nhap`);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await Promise.all([page.waitForNavigation(),
    page.locator('form:has(input[name="password"]) [type="submit"]').click()]);
  if (await page.locator('input[name="code"]').count()) {
    await page.locator('input[name="code"]').fill(totp(SECRET, clock()));
    await Promise.all([page.waitForNavigation(),
      page.locator('form:has(input[name="code"]) [type="submit"]').click()]);
  }
  assert.doesNotMatch(page.url(), /dang-nhap/, `${login} is signed in`);
  return page;
}

/** Open the form of action on the dossier page (a closed <details>), fill it and post. */
async function doAction(page, code, action, fields = {}, file = null, expectOk = true) {
  await page.goto(`${srv.url}/ho-so/${encodeURIComponent(code)}`);
  const form = page.locator(`form:has(input[name="action"][value="${action}"])`);
  await form.waitFor({ state: 'attached' });
  if (!(await form.isVisible())) {
    await page.locator(`details[data-action="${action}"] > summary`).click();
  }
  for (const [k, v] of Object.entries(fields)) await form.locator(`[name="${k}"]`).fill(v);
  if (file) {
    await form.locator('input[type="file"]').first().setInputFiles({ name: file.name,
      mimeType: 'application/pdf', buffer: file.buffer });
  }
  await Promise.all([page.waitForNavigation(), form.locator('[type="submit"]').first().click()]);
  if (expectOk) assert.match(page.url(), new RegExp(`xong=${action}`), `${action} done`);
}

const row = (code) => sqlRows(srv, `SELECT status, step, fee_dong, fee_paid, result_file_id
  FROM dossiers WHERE code = '${code}'`)[0];

function pdfText(bytes) {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-journey-'));
  try {
    writeFileSync(join(dir, 'r.pdf'), bytes);
    execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'r.pdf'), join(dir, 'r.txt')]);
    return readFileSync(join(dir, 'r.txt'), 'utf8').replace(/\s+/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a birth registration from the citizen\'s form to the downloaded result', async () => {
  // 1. The citizen finds the procedure and opens the online form.
  const home = await signIn(CITIZEN);
  await home.goto(`${srv.url}/thu-tuc/1.001193`);
  await Promise.all([home.waitForNavigation(),
    home.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).first().click()]);
  assert.match(home.url(), /\/nop-ho-so\/1\.001193$/);

  // The form offers only the competent agencies (the communes' People's
  // Committees), with hers chosen.
  const agency = home.locator('select[name="agency_code"]');
  const offered = await agency.locator('option').evaluateAll((os) => os.map((o) => o.value));
  assert.ok(offered.length >= 2, offered.join());
  assert.ok(offered.every((v) => /^X\d{5}\.UBND$/.test(v)), `only communes: ${offered}`);
  assert.equal(await agency.inputValue(), 'X05977.UBND', 'her commune, Đông Kinh');

  // 2. She types the declaration with an impossible date and forgets the
  //    birth certificate: both are refused next to their fields.
  const fill = async (date) => {
    await home.locator('#f_ho_ten_tre').fill('Nguyễn Hoàng An');
    await home.locator('#f_ngay_sinh').fill(date);
    await home.locator('#f_gioi_tinh').selectOption('Nam');
    await home.locator('#f_noi_sinh').fill('Bệnh viện Đa khoa tỉnh Lạng Sơn');
    await home.locator('#f_ho_ten_me').fill('Hoàng Thị Lan');
    await home.locator('#f_cccd_me').fill(CITIZEN);
    await home.locator('#f_ho_ten_cha').fill('Nguyễn Văn Hùng');
    await home.locator('#f_quan_he').selectOption('Mẹ');
    await home.locator('#f_noi_cu_tru').fill('Số 12 đường Bà Triệu');
    await home.locator('#f_noi_cu_tru__xa').selectOption('05977');
    await home.locator('#f_dien_thoai').fill('0912345678');
    await home.locator('#f_so_ban_sao').fill('1');
  };
  await fill('31/02/2026');
  await Promise.all([home.waitForNavigation(),
    home.locator('button[name="action"][value="nop"]').click()]);
  assert.match(await home.locator('#err-f_ngay_sinh').innerText(), /không có trên lịch/);
  assert.match(await home.locator('#err-doc_1').innerText(), /Cần tải lên giấy tờ này/);
  assert.equal(await home.locator('#f_ho_ten_tre').inputValue(), 'Nguyễn Hoàng An',
    'what she typed is kept');
  assert.equal(await home.locator('#f_ngay_sinh').inputValue(), '31/02/2026');

  // 3. She corrects the date, attaches the birth certificate and submits.
  await home.locator('#f_ngay_sinh').fill('05/02/2026');
  await home.locator('input[name="doc_1"]').setInputFiles({ name: 'giay-chung-sinh.pdf',
    mimeType: 'application/pdf', buffer: pdfBytes('giay chung sinh') });
  await Promise.all([home.waitForURL(/\/ho-so\/[^/?]+\?moi=1$/),
    home.locator('button[name="action"][value="nop"]').click()]);
  const code = decodeURIComponent(/\/ho-so\/([^/?]+)\?moi=1$/.exec(home.url())[1]);
  assert.match(code, /^X05977\.UBND-\d{6}-\d{4}$/);
  assert.equal(row(code).status, 1);
  assert.equal(row(code).fee_dong, 8000, 'one copy of the birth certificate');

  // 4. Đông Kinh's reception officer finds it in her queue, reads every
  //    declared field and receives it.
  const reception = await signIn('tiepnhan.dongkinh');
  await reception.goto(`${srv.url}/quan-tri/ho-so?hang=tiep-nhan`);
  await reception.getByRole('link', { name: code }).click();
  const declaration = await reception.locator('[data-test="declaration"]').innerText();
  for (const want of ['Họ, chữ đệm và tên của trẻ', 'Nguyễn Hoàng An',
    'Ngày, tháng, năm sinh của trẻ', '05/02/2026', 'Giới tính', 'Nam',
    'Bệnh viện Đa khoa tỉnh Lạng Sơn', 'Hoàng Thị Lan', CITIZEN, 'Nguyễn Văn Hùng',
    'Quan hệ của người đi đăng ký với trẻ', 'Mẹ',
    'Số 12 đường Bà Triệu, Phường Đông Kinh, Tỉnh Lạng Sơn', '0912345678']) {
    assert.ok(declaration.includes(want), `the officer reads "${want}"`);
  }
  await doAction(reception, code, 'accept');
  assert.equal(row(code).status, 2);

  // 5. The processing officer starts and asks for a supplement, with a date.
  const officer = await signIn('chuyenvien.dongkinh');
  await doAction(officer, code, 'start');
  const missing = 'Bổ sung bản chụp Giấy chứng nhận kết hôn của cha mẹ, ảnh rõ đủ bốn góc.';
  await doAction(officer, code, 'request_supplement', { note: missing,
    due_date: '2026-03-09' });
  assert.equal(row(code).status, 5);

  // 6. On her phone (360 px) the citizen sees the request and answers it.
  const phone = await signIn(CITIZEN, 360);
  await phone.goto(`${srv.url}/ho-so/${encodeURIComponent(code)}`);
  const box = phone.locator('[data-test="supplement-box"]');
  await box.waitFor();
  const boxText = await box.innerText();
  assert.match(boxText, /Cơ quan yêu cầu bổ sung:/);
  assert.ok(boxText.includes(missing), 'what to add');
  assert.match(boxText, /Hạn nộp bổ sung: 17:00 ngày 09\/03\/2026/);
  const rect = await box.boundingBox();
  assert.ok(rect.x >= 0 && rect.x + rect.width <= 360, `the box fits: ${JSON.stringify(rect)}`);
  assert.ok(rect.y < 900 * 2, 'near the top of the page');
  assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth) <= 360,
    'no sideways scrolling at 360 px');
  assert.match(await phone.locator('[data-test="clock-paused"]').innerText(), /tạm dừng/);
  await doAction(phone, code, 'supplement', { note: 'Đã bổ sung Giấy chứng nhận kết hôn.' },
    { name: 'ket-hon.pdf', buffer: pdfBytes('giay chung nhan ket hon') });
  assert.equal(row(code).status, 4);

  // 7. The officer finishes; the approver cannot approve without a result.
  await doAction(officer, code, 'finish');
  const approver = await signIn('lanhdao.dongkinh');
  await doAction(approver, code, 'approve', { note: 'Đồng ý.' }, null, false);
  assert.match(await approver.locator('#err-action-approve').innerText(),
    /Chưa có kết quả: hãy viết nội dung quyết định/);
  assert.equal(row(code).status, 4, 'not approved');
  // 8. She writes the decision; the result is generated.
  await doAction(approver, code, 'approve', { note: DECISION });
  assert.equal(row(code).status, 9);

  // 9. The fee: reception may not return yet; the citizen pays online.
  await reception.goto(`${srv.url}/ho-so/${encodeURIComponent(code)}`);
  await reception.locator('[data-test="fee-open"]').waitFor();
  await home.goto(`${srv.url}/ho-so/${encodeURIComponent(code)}`);
  await Promise.all([home.waitForNavigation(),
    home.getByRole('button', { name: 'Thanh toán trực tuyến' }).click()]);
  await Promise.all([home.waitForNavigation(),
    home.getByRole('button', { name: 'Thanh toán', exact: true }).click()]);
  assert.match(home.url(), /da_thanh_toan=1/);
  assert.equal(row(code).fee_paid, 1);

  // 10. Reception returns the result online.
  await doAction(reception, code, 'return');
  assert.equal(row(code).status, 10);

  // 11. The citizen downloads the result: it names the agency and the decision.
  await home.goto(`${srv.url}/ho-so/${encodeURIComponent(code)}`);
  const link = home.locator(`a[href$="/tep/${row(code).result_file_id}"]`).first();
  await link.waitFor();
  const res = await home.request.get(new URL(await link.getAttribute('href'), home.url()).href);
  assert.equal(res.status(), 200);
  const text = pdfText(Buffer.from(await res.body()));
  for (const want of ['ỦY BAN NHÂN DÂN PHƯỜNG ĐÔNG KINH', 'ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN',
    'Đăng ký khai sinh cho cháu Nguyễn Hoàng An', 'Ngày, tháng, năm sinh của trẻ: 05/02/2026',
    '/2026/KQ', 'Vi Thị Hương Giang']) {
    assert.ok(text.includes(want), `the result says "${want}": ${text.slice(0, 400)}`);
  }
  for (const p of [home, reception, officer, phone, approver]) await p.context().close();
});
