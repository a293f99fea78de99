// account_password.test.mjs - on a 360 px phone: a citizen registers
// (reading and accepting the personal-data notice), proves the phone with
// the code it received, changes the password, signs out, forgets it and
// sets a new one with a code, then signs in.  Codes are read from the
// outbox as the SMS would carry them.  No page scrolls sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../http/lib/server.mjs';
import { accountCode } from '../http/lib/feedback-helpers.mjs';
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

async function fits(page, what) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${what} is ${overflow}px wider than the screen`);
}

async function submit(page, name) {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
}

test('change the password, then reset it with a code, on a 360 px phone', async () => {
  const page = await chrome.newPage({ viewport: { width: 360, height: 740 } });
  const cccd = '020191003333';
  const phone = '0915003333';

  await page.goto(`${srv.url}/dang-ky`);
  await fits(page, 'the registration page');
  await page.getByLabel('Họ và tên').fill('Lương Thị Hạnh');
  await page.getByLabel('Số căn cước công dân (12 chữ số)').fill(cccd);
  await page.getByLabel('Số điện thoại di động').fill(phone);
  await page.getByLabel('Mật khẩu (ít nhất 8 ký tự)').fill('hoa-ban-trang-5');
  await page.getByLabel('Nhập lại mật khẩu').fill('hoa-ban-trang-5');
  // Without consent the form comes back explaining why.
  await submit(page, 'Đăng ký');
  assert.match(await page.getByRole('alert').innerText(), /đồng ý/);
  await page.getByLabel('Mật khẩu (ít nhất 8 ký tự)').fill('hoa-ban-trang-5');
  await page.getByLabel('Nhập lại mật khẩu').fill('hoa-ban-trang-5');
  await page.getByLabel(/Tôi đã đọc và đồng ý/).check();
  await submit(page, 'Đăng ký');
  await page.getByRole('heading', { name: 'Tài khoản của tôi' }).waitFor();
  await fits(page, 'the account page');

  // Prove the phone with the code it received.
  await page.getByRole('link', { name: 'Nhập mã xác minh' }).click();
  await page.getByLabel(/Mã xác minh đã gửi đến 09\*+33/).fill(accountCode(srv, phone));
  await fits(page, 'the verification page');
  await submit(page, 'Xác minh');
  assert.match(await page.locator('main').innerText(), /Đã xác minh/);

  // Change the password.
  await page.goto(`${srv.url}/tai-khoan`);
  await page.getByRole('link', { name: 'Đổi mật khẩu' }).click();
  await fits(page, 'the password page');
  await page.getByLabel('Mật khẩu hiện tại').fill('hoa-ban-trang-5');
  await page.getByLabel('Mật khẩu mới (ít nhất 8 ký tự)').fill('123456789');
  await page.getByLabel('Nhập lại mật khẩu mới').fill('123456789');
  await submit(page, 'Đổi mật khẩu');
  assert.match(await page.locator('main').innerText(), /quá phổ biến/);
  await page.getByLabel('Mật khẩu hiện tại').fill('hoa-ban-trang-5');
  await page.getByLabel('Mật khẩu mới (ít nhất 8 ký tự)').fill('suoi-mo-ban-gioc-8');
  await page.getByLabel('Nhập lại mật khẩu mới').fill('suoi-mo-ban-gioc-8');
  await submit(page, 'Đổi mật khẩu');
  assert.match(await page.locator('main').innerText(), /Đã đổi mật khẩu/);

  // Sign out, then forget it.
  await submit(page, 'Đăng xuất');
  await page.goto(`${srv.url}/dang-nhap`);
  await page.getByRole('link', { name: 'Quên mật khẩu?' }).click();
  await fits(page, 'the forgotten-password page');
  await page.getByLabel('Số CCCD hoặc mã số thuế').fill(cccd);
  await submit(page, 'Gửi mã');
  assert.match(await page.getByRole('status').innerText(), /vừa gửi mã/);
  await fits(page, 'the reset page');
  await page.getByLabel('Mã đặt lại mật khẩu (6 chữ số)').fill(accountCode(srv, phone));
  await page.getByLabel('Mật khẩu mới (ít nhất 8 ký tự)').fill('deo-ma-phuc-9');
  await page.getByLabel('Nhập lại mật khẩu mới').fill('deo-ma-phuc-9');
  await submit(page, 'Đặt mật khẩu mới');
  assert.match(await page.getByRole('status').innerText(), /Đã đặt mật khẩu mới/);

  // The new password signs in; the old ones do not.
  await page.getByLabel('Số CCCD, mã số thuế hoặc tên đăng nhập cán bộ').fill(cccd);
  await page.getByLabel('Mật khẩu').fill('suoi-mo-ban-gioc-8');
  await submit(page, 'Đăng nhập');
  assert.match(await page.getByRole('alert').innerText(), /không đúng/);
  await page.getByLabel('Mật khẩu').fill('deo-ma-phuc-9');
  await submit(page, 'Đăng nhập');
  await page.getByRole('heading', { name: 'Tài khoản của tôi' }).waitFor();
  await fits(page, 'the account page after sign-in');
  await page.context().close();
});
