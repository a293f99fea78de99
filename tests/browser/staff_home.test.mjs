// staff_home.test.mjs - `make demo` as each demo staff role would try it:
// sign in with the password and the two-factor code (printed by `motcua
// user totp-code`, as the demo banner says), land on the staff home, and
// follow every link on it - the menu bar and every area of work - with no
// 403 and no 404.  Each home also fits a 360 px phone.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, DEMO_PASSWORD } from '../http/lib/demo.mjs';
import { launch } from './lib/browser.mjs';

const demo = await startDemo();
const chrome = await launch();

after(async () => {
  await chrome?.close();
  await demo?.stop();
});

/** Sign in through the forms; resolves when the page after the TOTP step is shown. */
async function signIn(page, login) {
  await page.goto(`${demo.url}/dang-nhap`);
  await page.getByLabel('Số CCCD, mã số thuế hoặc tên đăng nhập cán bộ').fill(login);
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await Promise.all([page.waitForNavigation(),
    page.getByRole('button', { name: 'Đăng nhập' }).click()]);
  await page.getByLabel('Mã xác thực').fill(demo.totpCode(login));
  await Promise.all([page.waitForNavigation(),
    page.getByRole('button', { name: 'Xác nhận' }).click()]);
}

/** Every link of the page (menu bar, main, footer) except in-page anchors, in order. */
async function pageLinks(page) {
  const hrefs = await page.locator('a[href]').evaluateAll(
    (as) => as.map((a) => a.getAttribute('href')));
  return [...new Set(hrefs.filter((h) => !h.startsWith('#')))];
}

assert.ok(demo.staff.length >= 5, 'the demo banner lists its staff accounts');

for (const { login, role } of demo.staff) {
  test(`${role} (${login}) follows every link of the staff home`, async () => {
    const page = await chrome.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, login);
    await page.goto(`${demo.url}/quan-tri`);
    await page.getByRole('heading', { level: 1, name: 'Trang làm việc của cán bộ' }).waitFor();
    assert.match(await page.locator('[data-test="roles"]').innerText(), new RegExp(role));
    const work = await page.locator('main a[href]').count();
    assert.ok(work > 0, 'the home lists areas of work');

    const links = await pageLinks(page);
    const broken = [];
    for (const href of links) {
      await page.goto(`${demo.url}/quan-tri`);
      const link = page.locator(`a[href="${href}"]`).first();
      let response;
      if (await link.isVisible()) {
        [response] = await Promise.all([page.waitForNavigation(), link.click()]);
      } else {
        response = await page.goto(new URL(href, `${demo.url}/quan-tri`).href);
      }
      const status = response ? response.status() : 0;
      if (status === 403 || status === 404 || status >= 500 || status === 0) {
        broken.push(`${href}: ${status}`);
      }
    }
    assert.deepEqual(broken, [], `${login}: links that do not open`);

    // The same home on a small phone: no sideways scrolling.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${demo.url}/quan-tri`);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${login}: the staff home is ${overflow}px wider than 360 px`);
    await page.context().close();
  });
}
