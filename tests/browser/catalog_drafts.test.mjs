// catalog_drafts.test.mjs - agencies keep their procedures, in a browser at
// 1280 px and on a 360 px phone: the agency admin opens "Thủ tục do cơ quan
// cập nhật" from the staff home, edits a procedure of their agency with its
// publication dates and sends the draft; the province admin opens it from
// the same entry, reads the change and approves it; the public page shows
// the new version.  Every page fits the width (no sideways scrolling) and
// axe-core finds no critical or serious violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startServer } from '../http/lib/server.mjs';
import { addStaff, freshTotp, loadAgencies, serverClock } from '../http/lib/dossier-helpers.mjs';
import { launch } from './lib/browser.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const NOW = '2026-03-02T09:00:00+07:00';
const COPY = '2.000635';   // routed to Sở Tư pháp

let srv;
let chrome;
let clock;

before(async () => {
  srv = await startServer({ env: { MOTCUA_NOW: NOW } });
  loadAgencies(srv);
  addStaff(srv, 'stp.admin', 'Lý Thị Mai', 'agency_admin', 'T20.STP');
  addStaff(srv, 'qtt', 'Vi Văn Quang', 'province_admin', 'T20.VP');
  clock = serverClock(NOW);
  chrome = await launch();
});

after(async () => {
  await chrome?.close();
  await srv?.stop();
});

async function signIn(login, width) {
  const page = await chrome.newPage({ viewport: { width, height: 800 }, bypassCSP: true });
  await page.goto(`${srv.url}/dang-nhap`);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('la-xanh-2026');
  await Promise.all([page.waitForNavigation(),
    page.locator('form:has(input[name="password"]) [type="submit"]').click()]);
  await page.locator('input[name="code"]').fill(await freshTotp(srv, login, clock));
  await Promise.all([page.waitForNavigation(),
    page.locator('form:has(input[name="code"]) [type="submit"]').click()]);
  assert.doesNotMatch(page.url(), /dang-nhap/);
  return page;
}

/** The page fits width and axe-core finds nothing critical or serious. */
async function fitsAndPasses(page, width) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= width, `${page.url()} is ${wide}px wide at ${width}px`);
  await page.evaluate(AXE);
  const bad = await page.evaluate(async () => {
    const out = await window.axe.run(document, { resultTypes: ['violations'] });
    return out.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  assert.deepEqual(bad, [], `${page.url()} @${width}px\n${bad.join('\n')}`);
}

for (const width of [1280, 360]) {
  test(`an agency edits its procedure and the province approves it at ${width} px`, async () => {
    const name = `Cấp bản sao Trích lục hộ tịch (bản ${width})`;
    const agency = await signIn('stp.admin', width);
    await agency.goto(`${srv.url}/quan-tri`);
    await Promise.all([agency.waitForNavigation(),
      agency.getByRole('link', { name: 'Thủ tục do cơ quan cập nhật' }).click()]);
    await agency.getByRole('heading', { level: 1, name: 'Thủ tục của cơ quan' }).waitFor();
    await fitsAndPasses(agency, width);
    await Promise.all([agency.waitForNavigation(),
      agency.locator(`[data-test="edit-${COPY}"]`).click()]);
    await agency.locator('[data-test="draft-note"]').waitFor();
    await fitsAndPasses(agency, width);
    await agency.locator('#name').fill(name);
    await agency.locator('#pub_decision').fill('2026-02-02');
    await agency.locator('#pub_effective').fill('2026-02-20');
    await agency.locator('#pub_public').fill('2026-02-03');
    await agency.getByLabel('Đủ điều kiện cung cấp dịch vụ công trực tuyến toàn trình').check();
    await agency.locator('#note').fill('Cập nhật tên và ngày công bố theo quyết định mới.');
    await Promise.all([agency.waitForNavigation(),
      agency.getByRole('button', { name: 'Gửi bản sửa để duyệt' }).click()]);
    assert.equal(await agency.locator('[data-test="draft-status"]').getAttribute('data-status'),
      'pending');
    await fitsAndPasses(agency, width);
    await agency.context().close();

    const province = await signIn('qtt', width);
    await province.goto(`${srv.url}/quan-tri`);
    await Promise.all([province.waitForNavigation(),
      province.getByRole('link', { name: 'Thủ tục do cơ quan cập nhật' }).click()]);
    await province.getByRole('heading', { level: 1, name: 'Duyệt bản sửa thủ tục của các cơ quan' })
      .waitFor();
    await fitsAndPasses(province, width);
    await Promise.all([province.waitForNavigation(),
      province.locator('table[data-test="pending"]').getByRole('link').first().click()]);
    assert.match(await province.locator('[data-test="changes"]').innerText(), new RegExp(`bản ${width}`));
    await fitsAndPasses(province, width);
    await Promise.all([province.waitForNavigation(),
      province.getByRole('button', { name: 'Duyệt và công khai' }).click()]);
    assert.equal(await province.locator('[data-test="draft-status"]').getAttribute('data-status'),
      'approved');
    await province.goto(`${srv.url}/thu-tuc/${COPY}`);
    await province.getByRole('heading', { level: 1, name }).waitFor();
    await province.context().close();
  });
}
