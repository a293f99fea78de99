// kpi.test.mjs - the board of the 1588 targets in a browser, at 1280 px
// and on a 360 px phone: the province admin opens it from the staff home,
// reads a value against its target, switches to a commune from the map's
// table, follows the drill-down to the dossiers behind the number; the
// public page shows the public subset.  Every page fits the width (no
// sideways scrolling) and axe-core finds no critical or serious violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { startServer } from '../http/lib/server.mjs';
import { addStaff, freshTotp, loadAgencies, motcua, serverClock } from '../http/lib/dossier-helpers.mjs';
import { launch } from './lib/browser.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const NOW = '2026-02-25T09:00:00+07:00';
const AGENCIES = ['T20.STP', 'X05977.UBND', 'X06187.UBND'];
const DAY = 86400;
const FEB = Date.parse('2026-02-01T00:00:00+07:00') / 1000;

const iso = (sec) => `${new Date((sec + 7 * 3600) * 1000).toISOString().slice(0, 19)}+07:00`;

/** Ten returned dossiers per agency in February; agency k has 2 + 2k lodged online with an e-result. */
function dossierLines() {
  const lines = [];
  let seq = 0;
  for (const [k, agency] of AGENCIES.entries()) {
    for (let i = 0; i < 10; i += 1) {
      seq += 1;
      const received = FEB + (i + 1) * DAY + 3600;
      const online = i < 2 + 2 * k;
      lines.push(JSON.stringify({
        MaHoSo: `${agency}-B${String(seq).padStart(4, '0')}`, MaTTHC: '1.001193',
        MaDonVi: agency, KenhThucHien: online ? 2 : 1, TrangThaiHoSo: 10,
        NgayTiepNhan: iso(received), NgayHenTra: iso(received + 5 * DAY),
        NgayKetThucXuLy: iso(received + DAY), NgayTraKetQua: iso(received + DAY + 3600),
        SoLanBoSung: 0, ThoiGianBoSung: 0, DuocThanhToanTrucTuyen: 0, CoPhi: 0,
        CoKetQuaDienTu: online ? 1 : 0, DuocSoHoa: 1, TaiSuDungDuLieu: 0, DanhGia: 1,
        CoPhanAnh: 0, MaHoSoCongDan: `CD${seq}`,
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
  addStaff(srv, 'qtt', 'Vi Văn Quang', 'province_admin', 'T20.VP');
  clock = serverClock(NOW);
  chrome = await launch();
});

after(async () => {
  await chrome?.close();
  await srv?.stop();
});

async function signIn(width) {
  const page = await chrome.newPage({ viewport: { width, height: 800 }, bypassCSP: true });
  await page.goto(`${srv.url}/dang-nhap`);
  await page.locator('input[name="login"]').fill('qtt');
  await page.locator('input[name="password"]').fill('la-xanh-2026');
  await Promise.all([page.waitForNavigation(),
    page.locator('form:has(input[name="password"]) [type="submit"]').click()]);
  await page.locator('input[name="code"]').fill(await freshTotp(srv, 'qtt', clock));
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
  test(`the province admin reads the board, a commune and the dossiers behind a number at ${width} px`, async () => {
    const page = await signIn(width);
    await page.goto(`${srv.url}/quan-tri`);
    await page.getByRole('link', { name: 'Chỉ tiêu QĐ 1588' }).click();
    await page.getByRole('heading', { level: 1, name: 'Chỉ tiêu QĐ 1588 – Toàn tỉnh' }).waitFor();
    await page.locator('#ky').fill('02/2026');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Xem' }).click()]);
    const row = page.locator('tr[data-kpi="ho_so_hoan_toan_truc_tuyen"]');
    // (2 + 4 + 6) of 30 dossiers.
    assert.equal(await row.locator('[data-test="value"]').innerText(), '40%');
    assert.equal(await row.locator('[data-test="target"]').innerText(), '80%');
    assert.match(await row.locator('[data-test="gap"]').innerText(), /thiếu 40,0 điểm %/);
    const chart = page.getByRole('img', { name: /Tỷ lệ hồ sơ thủ tục hành chính được xử lý hoàn toàn trực tuyến – Toàn tỉnh/ });
    const box = await chart.boundingBox();
    assert.ok(box && box.width > 200 && box.width <= width, 'the trend chart is drawn and fits');
    assert.equal(await page.locator('svg.kpi-map rect.kpi-mid').count(), 2, 'two communes at 50-80 %');
    assert.equal(await page.locator('svg.kpi-map rect.kpi-none').count(), 2, 'two without dossiers');
    await fitsAndPasses(page, width);

    // From the map's table to a commune.
    await Promise.all([page.waitForNavigation(), page.locator('table[data-test="kpi-map-table"]')
      .getByRole('link', { name: 'Phường Kỳ Lừa' }).click()]);
    await page.getByRole('heading', { level: 1, name: /Phường Kỳ Lừa/ }).waitFor();
    assert.equal(await page.locator('tr[data-kpi="ho_so_hoan_toan_truc_tuyen"] [data-test="value"]')
      .innerText(), '60%');

    // The dossiers behind the number.
    await Promise.all([page.waitForNavigation(), page
      .locator('tr[data-kpi="ho_so_hoan_toan_truc_tuyen"]')
      .getByRole('link', { name: 'Hồ sơ, ý kiến tạo nên số liệu' }).click()]);
    await page.getByRole('heading', { level: 1, name: 'Tỷ lệ hồ sơ thủ tục hành chính được xử lý hoàn toàn trực tuyến' }).waitFor();
    assert.equal(await page.locator('[data-test="numerator"]').innerText(), '6');
    assert.equal(await page.locator('[data-test="denominator"]').innerText(), '10');
    assert.equal(await page.locator('tr[data-in-numerator="0"]').count(), 4);
    await fitsAndPasses(page, width);

    await page.goto(`${srv.url}/quan-tri/chi-tieu/mau-so`);
    await page.getByRole('heading', { level: 1, name: 'Mẫu số chỉ tiêu nhập theo năm' }).waitFor();
    await fitsAndPasses(page, width);
    await page.context().close();
  });
}

test('the public page shows the public subset and fits a phone', async () => {
  const page = await chrome.newPage({ viewport: { width: 360, height: 800 }, bypassCSP: true });
  await page.goto(`${srv.url}/`);
  await page.getByRole('link', { name: 'Chỉ tiêu', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Chỉ tiêu chuyển đổi số dịch vụ công trực tuyến' }).waitFor();
  assert.equal(await page.locator('tr[data-kpi]').count(), 8);
  assert.equal(await page.locator('tr[data-kpi="can_bo_van_hanh_dao_tao"]').count(), 0);
  await fitsAndPasses(page, 360);
  await page.context().close();
});
