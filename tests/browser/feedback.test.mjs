// feedback.test.mjs - phản ánh in a real browser: a citizen without an
// account sends feedback verified by the code read from the SMTP sink, an
// officer of the agency answers and publishes it, and the answer appears
// on the public page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../http/lib/server.mjs';
import { startSmtpSink } from '../http/lib/smtp-sink.mjs';
import {
  loadAgencies, addStaff, serverClock, staffLogin, solveChallenge, codeFromMail,
} from '../http/lib/feedback-helpers.mjs';
import { launch } from './lib/browser.mjs';

const NOW = '2026-03-02T09:00:00+07:00';
let srv;
let sink;
let chrome;
let officer;
const state = {};

before(async () => {
  sink = await startSmtpSink();
  srv = await startServer({ env: { MOTCUA_NOW: NOW, MOTCUA_SMTP_URL: sink.url,
    MOTCUA_MAIL_FROM: 'motcua@langson.gov.vn' } });
  chrome = await launch();
  loadAgencies(srv);
  addStaff(srv, 'stp.admin', 'Lý Thị Mai', 'agency_admin,approver', 'T20.STP');
  officer = await staffLogin(srv, 'stp.admin', serverClock(NOW));
});

after(async () => {
  await chrome?.close();
  await srv?.stop();
  await sink?.close();
});

test('a citizen without an account sends feedback verified by an emailed code', async () => {
  const page = await chrome.newPage();
  await page.goto(srv.url + '/');
  await page.getByRole('link', { name: 'Phản ánh, kiến nghị' }).first().click();
  await page.goto(srv.url + '/phan-anh/gui');
  await page.getByLabel('Nhóm nội dung').selectOption('thu_tuc');
  await page.getByLabel('Tiêu đề').fill('Chưa nhận được bản sao trích lục khai sinh');
  await page.getByLabel('Nội dung', { exact: true }).fill(
    'Tôi nộp hồ sơ xin bản sao trích lục khai sinh trực tuyến đã 20 ngày nhưng chưa có kết quả.');
  await page.getByLabel('Cơ quan liên quan (nếu biết)').selectOption('T20.STP');
  await page.getByLabel('Họ và tên').fill('Nguyễn Thị Hạnh');
  await page.getByLabel('Thư điện tử hoặc số điện thoại di động').fill('hanh@example.vn');
  await page.locator('#challenge').fill(solveChallenge(await page.content()));
  await page.getByRole('button', { name: 'Gửi mã xác minh' }).click();
  await page.getByText('Đã gửi mã xác minh đến hanh@example.vn').waitFor();
  assert.equal(await page.getByLabel('Tiêu đề').inputValue(),
    'Chưa nhận được bản sao trích lục khai sinh', 'the form keeps what was typed');

  const code = await codeFromMail(sink, 'hanh@example.vn');
  await page.locator('#otp').fill(code);
  await page.getByRole('button', { name: 'Gửi phản ánh' }).click();
  await page.waitForURL(/\/phan-anh\/theo-doi\/PA-\d{6}-\d{4}\?t=/);
  state.code = /theo-doi\/([^?]+)/.exec(page.url())[1];
  assert.match(await page.locator('main').innerText(), new RegExp(state.code));
  await page.context().close();
});

test('an officer answers and publishes; the answer appears on the public page', async () => {
  const page = await chrome.newPage();
  await page.context().addCookies([{ name: 'mc_sid', value: officer.mc_sid, url: srv.url }]);
  await page.goto(`${srv.url}/quan-tri/phan-anh`);
  await page.getByRole('link', { name: state.code }).click();
  const answer = 'Sở Tư pháp đã kiểm tra: bản sao trích lục của bà đã có, mời bà nhận tại Bộ phận một cửa.';
  await page.getByLabel('Nội dung trả lời / lý do / thông tin cần bổ sung').fill(answer);
  await page.getByRole('button', { name: 'Duyệt và gửi trả lời' }).click();
  await page.getByText('Đã lưu thay đổi.').waitFor();
  assert.equal(await page.locator('[data-test="status"]').getAttribute('data-status'), 'answered');
  assert.equal(await page.getByLabel('Nội dung trả lời công khai').inputValue(), answer);
  await page.getByRole('button', { name: 'Công khai', exact: true }).click();
  await page.locator('[data-test="status"][data-status="published"]').waitFor();
  await page.context().close();

  const pub = await chrome.newPage();
  await pub.goto(`${srv.url}/phan-anh?q=trich+luc`);
  await pub.locator(`[data-code="${state.code}"] a`).first().click();
  await pub.getByRole('heading', { name: 'Chưa nhận được bản sao trích lục khai sinh' }).waitFor();
  assert.match(await pub.locator('main').innerText(), /bản sao trích lục của bà đã có/);
  assert.match(await pub.locator('main').innerText(), /Sở Tư pháp tỉnh Lạng Sơn/);
  await pub.context().close();
});
