// dossier_journey.test.mjs - the whole life of an online dossier in the
// browser: a citizen lodges it with an attachment; reception receives it;
// the processing officer asks for a supplement; the citizen supplements;
// the officer finishes; the approver signs by uploading the result;
// reception returns it; the citizen downloads the result, finds it in the
// vault (Kho dữ liệu) and reuses it in a second dossier.  Staff sign in
// with their password and TOTP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer } from '../http/lib/server.mjs';
import {
  AGENCY, PROCEDURE, addStaff, loadAgencies, pdfBytes, registerCitizen, serverClock,
  sqlRows,
  freshTotp,
} from '../http/lib/dossier-helpers.mjs';
import { launch } from './lib/browser.mjs';

const NOW = '2026-03-02T09:00:00+07:00';
const SUBMIT_BUTTON = 'button[name="action"][value="nop"]';   // "Nộp hồ sơ"
let srv;
let chrome;
let clock;
let citizen;

before(async () => {
  srv = await startServer({ env: { MOTCUA_NOW: NOW } });
  loadAgencies(srv);
  clock = serverClock(NOW);
  addStaff(srv, 'tiepnhan', 'Nguyễn Thị Hoa', 'reception', AGENCY);
  addStaff(srv, 'chuyenvien', 'Trần Văn Minh', 'processing', AGENCY);
  addStaff(srv, 'lanhdao', 'Hoàng Văn Thắng', 'approver', AGENCY);
  citizen = await registerCitizen(srv, 'Hoàng Thị Lan');
  chrome = await launch();
});

after(async () => {
  await chrome?.close();
  await srv?.stop();
});

const sha = (b) => createHash('sha256').update(b).digest('hex');

/** A signed-in page: password, then (staff) the TOTP code at the server's time. */
async function signIn(login, staff) {
  const page = await chrome.newPage();
  await page.goto(`${srv.url}/dang-nhap`);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('la-xanh-2026');
  await Promise.all([page.waitForNavigation(),
    page.locator('form:has(input[name="password"]) [type="submit"]').click()]);
  if (staff) {
    await page.locator('input[name="code"]').fill(await freshTotp(srv, login, clock));
    await Promise.all([page.waitForNavigation(),
      page.locator('form:has(input[name="code"]) [type="submit"]').click()]);
  }
  assert.doesNotMatch(page.url(), /dang-nhap/, `${login} is signed in`);
  return page;
}

/** The form of one action on the dossier page. */
function actionForm(page, action) {
  return page.locator(`form:has(input[name="action"][value="${action}"])`);
}

/** Fill and post the form of action (fields: note, due_date, amount; file: {name, buffer}). */
async function doAction(page, code, action, fields = {}, file = null) {
  await page.goto(`${srv.url}/ho-so/${encodeURIComponent(code)}`);
  const form = actionForm(page, action);
  await form.waitFor({ state: 'attached' });
  // Each action sits in a closed <details>: open it by its summary, as a person does.
  const details = page.locator('details', { has: form });
  if (await details.count() && !(await form.isVisible())) {
    await details.first().locator('summary').click();
  }
  await form.waitFor();
  for (const [k, v] of Object.entries(fields)) await form.locator(`[name="${k}"]`).fill(String(v));
  if (file) {
    await form.locator('input[type="file"]').first().setInputFiles({ name: file.name,
      mimeType: 'application/pdf', buffer: file.buffer });
  }
  await Promise.all([page.waitForURL(new RegExp(`xong=${action}`)),
    form.locator('[type="submit"]').first().click()]);
}

function row(code) {
  return sqlRows(srv, `SELECT id, status, step FROM dossiers WHERE code = '${code}'`)[0];
}

/** Fill the e-form of the submission page with plausible text. */
async function fillEform(page) {
  for (const el of await page.locator('[name^="f_"]').all()) {
    const tag = await el.evaluate((e) => e.tagName.toLowerCase());
    const type = await el.getAttribute('type');
    if (tag === 'select') await el.selectOption({ index: 1 }).catch(() => {});
    else if (type === 'date') await el.fill('2026-02-20');
    else if (type === 'number') await el.fill('1');
    else if (type !== 'hidden' && type !== 'checkbox' && type !== 'radio') {
      await el.fill('Cấp bản sao trích lục khai sinh');
    }
  }
}

test('submit, receive, supplement, process, approve, return, download, reuse', async () => {
  const attachment = pdfBytes('to khai trich luc');
  const result = pdfBytes('ket qua: ban sao trich luc khai sinh');

  // 1. The citizen lodges the dossier online with an attachment.
  const home = await signIn(citizen.cccd, false);
  await home.goto(`${srv.url}/nop-ho-so/${PROCEDURE}`);
  const agency = home.locator('[name="agency_code"]');
  if (await agency.evaluate((e) => e.tagName.toLowerCase()) === 'select') {
    await agency.selectOption(AGENCY);
  }
  await fillEform(home);
  await home.locator('input[type="file"][name^="doc_"]').first().setInputFiles(
    { name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: attachment });
  const online = home.locator('input[name="delivery"][value="online"]');
  if (await online.count()) await online.check();
  await Promise.all([home.waitForURL(/\/ho-so\/[^/?]+\?moi=1$/),
    home.locator(SUBMIT_BUTTON).first().click()]);
  const code = decodeURIComponent(/\/ho-so\/([^/?]+)\?moi=1$/.exec(home.url())[1]);
  assert.equal(row(code).status, 1);
  assert.match(await home.locator('body').innerText(), new RegExp(code.replace(/\./g, '\\.')));
  // The receipt (Mẫu 01) opens with a QR code.
  await home.goto(`${srv.url}/ho-so/${encodeURIComponent(code)}/bien-nhan`);
  assert.ok(await home.locator('svg, img').count() > 0, 'the receipt shows a QR code');

  // 2. Reception receives it from the queue.
  const reception = await signIn('tiepnhan', true);
  await reception.goto(`${srv.url}/quan-tri/ho-so?hang=tiep-nhan`);
  await reception.getByText(code).first().waitFor();
  await doAction(reception, code, 'accept');
  assert.equal(row(code).status, 2);

  // 3. The processing officer starts and asks for a supplement.
  const officer = await signIn('chuyenvien', true);
  await officer.goto(`${srv.url}/quan-tri/ho-so?hang=xu-ly`);
  await officer.getByText(code).first().waitFor();
  await doAction(officer, code, 'start');
  await doAction(officer, code, 'request_supplement',
    { note: 'Bổ sung văn bản ủy quyền có chữ ký của người ủy quyền.' });
  assert.equal(row(code).status, 5);

  // 4. The citizen sees the request and supplements.
  await home.goto(`${srv.url}/ho-so/${encodeURIComponent(code)}`);
  assert.match(await home.locator('body').innerText(), /văn bản ủy quyền/);
  await doAction(home, code, 'supplement', { note: 'Đã bổ sung văn bản ủy quyền.' },
    { name: 'uy-quyen.pdf', buffer: pdfBytes('van ban uy quyen') });
  assert.equal(row(code).status, 4);

  // 5. The officer finishes; the approver signs with the result file.
  await doAction(officer, code, 'finish');
  const approver = await signIn('lanhdao', true);
  await approver.goto(`${srv.url}/quan-tri/ho-so?hang=phe-duyet`);
  await approver.getByText(code).first().waitFor();
  await doAction(approver, code, 'approve', { note: 'Đồng ý cấp bản sao trích lục.' },
    { name: 'ket-qua.pdf', buffer: result });
  assert.equal(row(code).status, 9);

  // 6. Reception takes the fee at the counter (an unpaid fee blocks the
  //    return), then returns it (online delivery: into the citizen's vault).
  await doAction(reception, code, 'collect_fee', { note: 'Biên lai số 0001' });
  await doAction(reception, code, 'return');
  assert.equal(row(code).status, 10);

  // 7. The citizen downloads the result from the dossier page.
  await home.goto(`${srv.url}/ho-so/${encodeURIComponent(code)}`);
  const resultId = sqlRows(srv,
    `SELECT result_file_id AS id FROM dossiers WHERE code = '${code}'`)[0].id;
  const link = home.locator(`a[href$="/tep/${resultId}"]`).first();
  await link.waitFor();
  // The link's target in the citizen's session (a download or an inline PDF).
  const res = await home.request.get(new URL(await link.getAttribute('href'), home.url()).href);
  assert.equal(res.status(), 200);
  const bytes = Buffer.from(await res.body());
  assert.equal(sha(bytes), sha(result), 'the downloaded result is the signed file');

  // 8. It is in the vault (Kho dữ liệu).
  await home.goto(`${srv.url}/kho-du-lieu`);
  const vault = sqlRows(srv,
    `SELECT id, title FROM vault_items WHERE source_dossier_id = ${row(code).id}`);
  assert.equal(vault.length, 1, 'the result went into the vault');
  assert.match(await home.locator('body').innerText(), new RegExp(vault[0].title.slice(0, 20)
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));

  // 9. A second dossier reuses it instead of uploading again.
  await home.goto(`${srv.url}/nop-ho-so/${PROCEDURE}`);
  if (await agency.evaluate((e) => e.tagName.toLowerCase()) === 'select') {
    await agency.selectOption(AGENCY);
  }
  await fillEform(home);
  const pickVault = home.locator('[name="vault_0"]');
  const tag = await pickVault.first().evaluate((e) => e.tagName.toLowerCase());
  if (tag === 'select') await pickVault.selectOption(String(vault[0].id));
  else await home.locator(`[name="vault_0"][value="${vault[0].id}"]`).check();
  await Promise.all([home.waitForURL(/\/ho-so\/[^/?]+\?moi=1$/),
    home.locator(SUBMIT_BUTTON).first().click()]);
  const code2 = decodeURIComponent(/\/ho-so\/([^/?]+)\?moi=1$/.exec(home.url())[1]);
  assert.notEqual(code2, code);
  const reused = sqlRows(srv, `SELECT f.vault_item_id AS v FROM dossier_files f JOIN dossiers d
    ON d.id = f.dossier_id WHERE d.code = '${code2}' AND f.vault_item_id IS NOT NULL`);
  assert.deepEqual(reused.map((r) => r.v), [vault[0].id], 'the vault item is attached');
  assert.equal(sqlRows(srv,
    `SELECT reuse_count AS n FROM vault_items WHERE id = ${vault[0].id}`)[0].n, 1);
  for (const p of [home, reception, officer, approver]) await p.context().close();
});
