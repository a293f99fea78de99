// quality.test.mjs - the service-quality dashboard in a browser: anyone
// sees the ranking and the trend chart from the navigation; a leader
// follows province → agency → "Hồ sơ giải quyết trước hạn, đúng hạn" and
// opens a late dossier behind the number.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../http/lib/server.mjs';
import {
  addStaff, loadAgencies, motcua, serverClock,
  freshTotp,
} from '../http/lib/dossier-helpers.mjs';
import { launch } from './lib/browser.mjs';

const NOW = '2026-03-10T09:00:00+07:00';
const AGENCIES = ['T20.STP', 'T20.SXD', 'X05977.UBND'];
const DAY = 86400;
const FEB = Date.parse('2026-02-01T00:00:00+07:00') / 1000;

const iso = (sec) => `${new Date((sec + 7 * 3600) * 1000).toISOString().slice(0, 19)}+07:00`;

/** Eight returned dossiers per agency in February; agency k has k + 1 late. */
function dossierLines() {
  const lines = [];
  let seq = 0;
  for (const [k, agency] of AGENCIES.entries()) {
    for (let i = 0; i < 8; i += 1) {
      seq += 1;
      const received = FEB + (i + 1) * DAY + 3600;
      const due = received + 5 * DAY;
      const ended = i <= k ? due + 2 * DAY : received + DAY;
      lines.push(JSON.stringify({
        MaHoSo: `${agency}-B${String(seq).padStart(4, '0')}`, MaTTHC: '1.001193',
        MaDonVi: agency, KenhThucHien: 2, TrangThaiHoSo: 10, NgayTiepNhan: iso(received),
        NgayHenTra: iso(due), NgayKetThucXuLy: iso(ended), NgayTraKetQua: iso(ended + 3600),
        SoLanBoSung: 0, ThoiGianBoSung: 0, DuocThanhToanTrucTuyen: 0, CoPhi: 0,
        CoKetQuaDienTu: 1, DuocSoHoa: 1, TaiSuDungDuLieu: 0, DanhGia: 1, CoPhanAnh: 0,
        MaHoSoCongDan: `CD${seq}`,
      }));
    }
  }
  return `${lines.join('\n')}\n`;
}

let srv;
let chrome;
let clock;

before(async () => {
  srv = await startServer({ env: { MOTCUA_NOW: NOW } });
  loadAgencies(srv);
  const file = join(srv.tmpdir, 'dossiers.jsonl');
  writeFileSync(file, dossierLines());
  motcua(srv, 'import', 'dossiers', file);
  motcua(srv, 'index', '--publish', '--period', '2026-02');
  addStaff(srv, 'ldxd', 'Đỗ Văn Hùng', 'approver', 'T20.SXD');
  clock = serverClock(NOW);
  chrome = await launch();
});

after(async () => {
  await chrome?.close();
  await srv?.stop();
});

test('anyone sees the ranking and the trend chart', async () => {
  const page = await chrome.newPage();
  await page.goto(`${srv.url}/`);
  await page.getByRole('link', { name: 'Chất lượng phục vụ', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: /Chất lượng phục vụ/ }).waitFor();
  const ranking = page.locator('table[data-test="ranking-agencies"]');
  await ranking.waitFor();
  const first = await ranking.locator('tbody tr').first().innerText();
  assert.match(first, /^1\s/);
  assert.match(first, /Sở Tư pháp/);   // one late dossier only: the best
  const chart = page.getByRole('img', { name: /Điểm chỉ số 12 tháng/ });
  await chart.waitFor();
  const box = await chart.boundingBox();
  assert.ok(box && box.width > 200 && box.height > 50, 'the chart is drawn');
  assert.ok(await page.locator('svg.chart rect.chart-bar').count() >= 1, 'at least one bar');
  await page.context().close();
});

test('on a 360 px phone the indicators keep readable names and the late list is folded', async () => {
  const page = await chrome.newPage({ viewport: { width: 360, height: 800 } });
  await page.goto(`${srv.url}/chat-luong`);
  const name = page.locator('table[data-test="index-table"] th.indent').first();
  const box = await name.boundingBox();
  assert.ok(box && box.width >= 140, `an indicator's name has room (${box?.width} px)`);
  const late = page.locator('details.late-list');
  assert.equal(await late.evaluate((d) => d.open), false, 'the list of late dossiers is folded');
  await late.locator('summary').click();
  await page.locator('table[data-test="late-dossiers"]').waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `no sideways scrolling (${width} px)`);
  await page.context().close();
});

test('a leader drills down to the dossiers behind the on-time indicator', async () => {
  const page = await chrome.newPage();
  await page.goto(`${srv.url}/dang-nhap`);
  await page.locator('input[name="login"]').fill('ldxd');
  await page.locator('input[name="password"]').fill('la-xanh-2026');
  await Promise.all([page.waitForNavigation(),
    page.locator('form:has(input[name="password"]) [type="submit"]').click()]);
  await page.locator('input[name="code"]').fill(await freshTotp(srv, 'ldxd', clock));
  await Promise.all([page.waitForNavigation(),
    page.locator('form:has(input[name="code"]) [type="submit"]').click()]);
  assert.doesNotMatch(page.url(), /dang-nhap/);

  await page.goto(`${srv.url}/chat-luong`);
  await page.locator('table[data-test="ranking-agencies"]')
    .getByRole('link', { name: 'Sở Xây dựng tỉnh Lạng Sơn' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sở Xây dựng tỉnh Lạng Sơn' }).waitFor();
  await page.getByRole('link', { name: 'Hồ sơ giải quyết trước hạn, đúng hạn' }).click();
  await page.getByRole('heading', { level: 1, name: 'Hồ sơ giải quyết trước hạn, đúng hạn' })
    .waitFor();
  assert.equal(await page.locator('[data-test="numerator"]').innerText(), '6');
  assert.equal(await page.locator('[data-test="denominator"]').innerText(), '8');
  const list = page.locator('[data-test="staff-dossiers"]');
  await list.waitFor();
  assert.equal(await list.locator('tbody tr').count(), 8);
  const late = list.locator('tbody tr[data-in-numerator="0"]');
  assert.equal(await late.count(), 2);
  const code = await late.first().locator('a').innerText();
  await late.first().locator('a').click();
  await page.getByRole('heading', { level: 1, name: `Hồ sơ ${code}` }).waitFor();
  await page.context().close();
});
