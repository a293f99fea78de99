// access_log.test.mjs - issue 13, in a real browser: an officer opens a
// citizen's dossier and the vault document attached to it; the citizen
// then sees both views on the dossier page, with the officer's name, on a
// 360 px phone without sideways scrolling; altering a row of the log makes
// `motcua audit verify` fail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, getForm, cookieHeader, dbRows, motcuaBin } from '../http/lib/server.mjs';
import {
  addStaff, loadAgencies, registerCitizen, serverClock, staffLogin, submitDossier, AGENCY,
} from '../http/lib/dossier-helpers.mjs';
import { launch } from './lib/browser.mjs';

const NOW = '2026-03-02T09:00:00+07:00';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
let srv;
let chrome;
let citizen;
let officer;
let code;

before(async () => {
  srv = await startServer({ env: { MOTCUA_NOW: NOW } });
  chrome = await launch();
  loadAgencies(srv);
  addStaff(srv, 'tn', 'Nguyễn Thị Hoa', 'reception', AGENCY);
  officer = await staffLogin(srv, 'tn', serverClock(NOW));
  citizen = await registerCitizen(srv, 'Hoàng Thị Lan');
  const v = await getForm(srv.url, '/kho-du-lieu', citizen.jar);
  const fd = new FormData();
  fd.append('csrf', v.csrf);
  fd.append('title', 'Căn cước công dân');
  fd.append('kind', 'identity');
  fd.append('file', new Blob([PNG], { type: 'image/png' }), 'cccd.png');
  const add = await fetch(`${srv.url}/kho-du-lieu`, { method: 'POST', body: fd,
    redirect: 'manual', headers: { cookie: cookieHeader(citizen.jar) } });
  assert.equal(add.status, 303);
  const id = dbRows(srv.db, 'SELECT id FROM vault_items')[0].id;
  code = (await submitDossier(srv, citizen.jar, { vault: { vault_0: id } })).code;
  assert.ok(code);
});
after(async () => {
  await chrome?.close();
  await srv?.stop();
});

test('an officer\'s views appear on the citizen\'s dossier page; verify catches an edit',
  async () => {
    const staff = await chrome.newPage();
    await staff.context().addCookies([{ name: 'mc_sid', value: officer.mc_sid, url: srv.url }]);
    await staff.goto(`${srv.url}/ho-so/${encodeURIComponent(code)}`);
    const link = staff.locator('a[href*="/tep/"]').first();
    const [download] = await Promise.all([staff.waitForEvent('download').catch(() => null),
      link.click()]);
    if (download) await download.cancel();
    await staff.context().close();

    const page = await chrome.newPage({ viewport: { width: 360, height: 640 } });
    await page.context().addCookies([{ name: 'mc_sid', value: citizen.jar.mc_sid,
      url: srv.url }]);
    await page.goto(`${srv.url}/ho-so/${encodeURIComponent(code)}`);
    const log = page.locator('[data-test="access-log"]');
    await log.waitFor();
    const text = await log.innerText();
    assert.match(text, /Nguyễn Thị Hoa \(Sở Tư pháp[^)]*\) – Xem hồ sơ/);
    assert.match(text, /Nguyễn Thị Hoa \(Sở Tư pháp[^)]*\) – Mở giấy tờ lấy từ Kho dữ liệu/);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 360, `the page is ${wide}px wide at 360px`);
    await page.getByRole('link', { name: 'Xem toàn bộ nhật ký truy cập dữ liệu của bạn' }).click();
    await page.getByRole('heading', { name: 'Nhật ký truy cập dữ liệu của tôi' }).waitFor();
    assert.match(await page.locator('main').innerText(), /Nguyễn Thị Hoa/);
    await page.context().close();

    const run = () => spawnSync(motcuaBin(), ['audit', 'verify', '--db', srv.db,
      '--data-dir', srv.tmpdir], { encoding: 'utf8' });
    assert.equal(run().status, 0);
    dbRows(srv.db, "UPDATE access_log SET at = at - 3600 WHERE id = 1");
    const broken = run();
    assert.equal(broken.status, 1);
    assert.match(broken.stdout, /KHÔNG nguyên vẹn/);
  });
