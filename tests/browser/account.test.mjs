// account.test.mjs - a citizen opens the home page, registers, signs out
// and signs in again, in a real browser; the page also works on a small
// phone and from the keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../http/lib/server.mjs';
import { launch } from './lib/browser.mjs';

let srv;
let chrome;

before(async () => {
  srv = await startServer();
  chrome = await launch();
});

after(async () => {
  await chrome?.close();
  await srv?.stop();
});

test('a citizen registers, signs out and signs in again', async () => {
  const page = await chrome.newPage();
  await page.goto(srv.url + '/');
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  await page.getByRole('link', { name: 'Đăng ký tài khoản' }).click();
  await page.getByLabel('Họ và tên').fill('Đặng Thị Hồng');
  await page.getByLabel('Số căn cước công dân (12 chữ số)').fill('020190005555');
  await page.getByLabel('Số điện thoại di động').fill('0912000111');
  await page.getByLabel('Mật khẩu (ít nhất 8 ký tự)').fill('la-xanh-2026');
  await page.getByLabel('Nhập lại mật khẩu').fill('la-xanh-2025');
  await page.getByLabel(/Tôi đã đọc và đồng ý/).check();
  await page.getByRole('button', { name: 'Đăng ký' }).click();

  // The mismatch is explained and what was typed is kept.
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').innerText(), /mật khẩu nhập lại không khớp/i);
  assert.equal(await page.getByLabel('Họ và tên').inputValue(), 'Đặng Thị Hồng');
  assert.equal(await page.getByLabel('Số căn cước công dân (12 chữ số)').inputValue(), '020190005555');
  assert.ok(await page.getByLabel(/Tôi đã đọc và đồng ý/).isChecked(), 'consent is kept');

  await page.getByLabel('Mật khẩu (ít nhất 8 ký tự)').fill('la-xanh-2026');
  await page.getByLabel('Nhập lại mật khẩu').fill('la-xanh-2026');
  await page.getByRole('button', { name: 'Đăng ký' }).click();
  await page.getByRole('heading', { name: 'Tài khoản của tôi' }).waitFor();
  assert.match(await page.locator('main').innerText(), /Đăng ký thành công/);
  assert.match(await page.locator('main').innerText(), /Đặng Thị Hồng/);

  await page.getByRole('button', { name: 'Đăng xuất', exact: true }).click();
  await page.getByRole('link', { name: 'Đăng nhập', exact: true }).first().click();
  await page.getByLabel('Số CCCD, mã số thuế hoặc tên đăng nhập cán bộ').fill('020190005555');
  await page.getByLabel('Mật khẩu').fill('la-xanh-2026');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: 'Tài khoản của tôi' }).waitFor();
  await page.context().close();
});

test('the home page fits a small phone and starts with a skip link', async () => {
  const page = await chrome.newPage({ viewport: { width: 360, height: 640 } });
  await page.goto(srv.url + '/');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement.textContent.trim());
  assert.equal(focused, 'Bỏ qua, đến nội dung chính');
  await page.context().close();
});
