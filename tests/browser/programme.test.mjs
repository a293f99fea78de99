// programme.test.mjs - the Đề án 1588 report cycle in a real browser, with
// only the demo's accounts (issue 14, done-when): Sở Tư pháp records
// evidence (a link and a PDF) and files its yearly report; the focal
// agency (Văn phòng UBND tỉnh) returns it with a comment; Sở Tư pháp fixes
// and resubmits; the focal agency accepts it and generates the
// consolidated report, whose DOCX unzips into valid XML and whose PDF reads
// back with pdftotext.  The programme's pages fit a 360 px phone and pass
// axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, dbRows, motcuaBin } from '../http/lib/server.mjs';
import { freshTotp } from '../http/lib/feedback-helpers.mjs';
import { launch } from './lib/browser.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SECRET = 'JBSWY3DPEHPK3PXP';      // the demo's staff TOTP key (DEMO_TOTP_SECRET)
const PASSWORD = 'demo-motcua-2026';    // DEMO_PASSWORD
const AGENCY = 'quantri.donvi';         // Sở Tư pháp's agency admin
const FOCAL = 'quantri.vanphong';       // Văn phòng UBND tỉnh, the demo plan's focal agency

let srv;
let chrome;
let work;

/** A tiny one-page PDF (the file store takes PDF, JPEG, PNG by content). */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n' +
  '2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
  '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n' +
  'trailer<</Root 1 0 R>>\n%%EOF\n');

before(async () => {
  srv = await startServer({ command: 'demo', startTimeoutMs: 90000 });
  chrome = await launch();
  work = mkdtempSync(join(tmpdir(), 'motcua-programme-'));
});

after(async () => {
  await chrome?.close();
  await srv?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A new page (own context) of width px, signed in as login. */
async function open(login, width = 1280) {
  const page = await chrome.newPage({ viewport: { width, height: 800 }, bypassCSP: true,
    acceptDownloads: true });
  await page.goto(`${srv.url}/dang-nhap`);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await Promise.all([page.waitForNavigation(),
    page.locator('form:has(input[name="password"]) [type="submit"]').click()]);
  await page.locator('input[name="code"]').fill(await freshTotp(srv, login, undefined, SECRET));
  await Promise.all([page.waitForNavigation(),
    page.locator('form:has(input[name="code"]) [type="submit"]').click()]);
  assert.doesNotMatch(page.url(), /dang-nhap/, `${login} is signed in`);
  return page;
}

/** A whole number as the documents print it ("12.500"), "" for null. */
const count = (n) => (n === null ? '' : String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.'));

/** A percentage as the documents print it: one decimal with a comma, none when whole. */
const percent = (v) => {
  const tenths = Math.round(v * 10);
  return `${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1).replace('.', ',')}%`;
};

/** The rows of the DOCX's KPI table (section II), each as its cells' texts, header left out. */
function kpiTable(xml) {
  const from = xml.indexOf('II. Kết quả các chỉ tiêu');
  const table = xml.slice(from, xml.indexOf('</w:tbl>', from));
  const text = (s) => [...s.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')
    .replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'");
  return [...table.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].slice(1)
    .map((r) => [...r[1].matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => text(c[1])));
}

/** Click and wait for the page it leads to. */
async function go(page, locator) {
  await Promise.all([page.waitForNavigation(), locator.click()]);
}

/** No sideways scrolling and no serious axe violation on the page shown. */
async function fitsAndPasses(page, problems) {
  const at = new URL(page.url()).pathname;
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > 360) problems.push(`${at}: ${width}px wide`);
  await page.evaluate(AXE);
  const axe = await page.evaluate(async () => {
    const out = await window.axe.run(document, { resultTypes: ['violations'] });
    return out.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  for (const v of axe) problems.push(`${at}: axe ${v}`);
}

test('file a report with evidence, return it, resubmit, accept, generate the DOCX', async () => {
  // Sở Tư pháp: from the staff home to its task, evidence as a link and a file
  const agency = await open(AGENCY);
  await agency.goto(`${srv.url}/quan-tri`);
  await go(agency, agency.getByRole('link', { name: 'Nhiệm vụ và báo cáo của đơn vị' }));
  await go(agency, agency.locator('[data-org="T20.STP"] [data-test="tasks"] a').first());
  await agency.getByRole('heading', { level: 1, name: /Nhiệm vụ 1\.a/ }).waitFor();
  await agency.getByLabel('Trạng thái').selectOption('hoan_thanh');
  await agency.getByLabel('Kinh phí đã chi (đồng)').fill('15.000.000');
  await agency.getByLabel('Ghi chú tiến độ (không bắt buộc)').fill('Đã phát hành 4 video hướng dẫn.');
  await go(agency, agency.getByRole('button', { name: 'Lưu tiến độ' }));
  assert.match(await agency.locator('[data-test="status"]').innerText(), /Hoàn thành/);
  await agency.getByLabel('Tên minh chứng').fill('Video hướng dẫn trên trang của Sở');
  await agency.getByLabel(/Đường dẫn/).fill('https://stp.langson.gov.vn/video-huong-dan');
  await go(agency, agency.getByRole('button', { name: 'Thêm minh chứng' }));
  const pdf = join(work, 'bien-ban.pdf');
  writeFileSync(pdf, PDF);
  await agency.getByLabel('Tên minh chứng').fill('Biên bản nghiệm thu video');
  await agency.getByLabel(/Hoặc tệp PDF/).setInputFiles(pdf);
  await go(agency, agency.getByRole('button', { name: 'Thêm minh chứng' }));
  const evidence = await agency.locator('[data-test="evidence"]').innerText();
  assert.match(evidence, /Video hướng dẫn trên trang của Sở/);
  assert.match(evidence, /Biên bản nghiệm thu video \(tệp đính kèm\)/);

  // its yearly report, prefilled with the task and the evidence
  await agency.goto(`${srv.url}/quan-tri/de-an`);
  await go(agency, agency.locator('[data-org="T20.STP"] [data-test="reports"] a').first());
  assert.match(await agency.locator('[data-test="report-tasks"]').innerText(), /Biên bản nghiệm thu video/);
  await agency.getByLabel('Kết quả thực hiện').fill('Hoàn thành nhiệm vụ 1.a: 4 video hướng dẫn.');
  await agency.getByLabel(/Khó khăn, vướng mắc/).fill('Thiếu thiết bị quay phim');
  await agency.getByLabel('Đề xuất, kiến nghị').fill('Trang bị máy quay cho các sở');
  await go(agency, agency.getByRole('button', { name: 'Gửi báo cáo' }));
  assert.equal(await agency.locator('[data-test="state"]').getAttribute('data-state'), 'submitted');
  const reportUrl = agency.url().replace(/\?.*$/, '');

  // the focal agency: its follow-up, the board, the report; a return needs a comment
  const focal = await open(FOCAL);
  await focal.goto(`${srv.url}/quan-tri/de-an`);
  await go(focal, focal.locator('[data-test="cycles"] a').first());
  assert.equal(await focal.locator('[data-test="board"] tr[data-org="T20.STP"]').getAttribute('data-state'),
    'submitted');
  await go(focal, focal.locator('[data-test="board"] tr[data-org="T20.STP"] a'));
  await go(focal, focal.getByRole('button', { name: 'Trả lại để bổ sung' }));
  assert.match(await focal.getByRole('alert').innerText(), /cần ghi rõ nhận xét/);
  await focal.getByLabel(/Nhận xét/).fill('Đề nghị nêu số lượt xem các video');
  await go(focal, focal.getByRole('button', { name: 'Trả lại để bổ sung' }));
  assert.equal(await focal.locator('[data-test="state"]').getAttribute('data-state'), 'returned');

  // Sở Tư pháp reads the comment, fixes and resubmits
  await agency.goto(reportUrl);
  assert.match(await agency.locator('[data-test="return-comment"]').innerText(),
    /Đề nghị nêu số lượt xem các video/);
  await agency.getByLabel('Kết quả thực hiện')
    .fill('Hoàn thành nhiệm vụ 1.a: 4 video hướng dẫn, 12.500 lượt xem.');
  await go(agency, agency.getByRole('button', { name: 'Gửi báo cáo' }));
  assert.equal(await agency.locator('[data-test="state"]').getAttribute('data-state'), 'submitted');

  // the focal agency accepts; the report is locked
  await focal.goto(reportUrl);
  await go(focal, focal.getByRole('button', { name: 'Tiếp nhận báo cáo' }));
  assert.equal(await focal.locator('[data-test="state"]').getAttribute('data-state'), 'accepted');
  await agency.goto(reportUrl);
  assert.equal(await agency.getByRole('button', { name: 'Gửi báo cáo' }).count(), 0);
  assert.match(await agency.locator('[data-test="results"]').innerText(), /12\.500 lượt xem/);

  // the consolidated report: a numbered revision, DOCX and PDF
  await go(focal, focal.getByRole('link', { name: 'Về bảng theo dõi kỳ báo cáo' }));
  await go(focal, focal.getByRole('button', { name: 'Lập báo cáo tổng hợp' }));
  const rev = focal.locator('[data-test="revisions"] li[data-revision="1"]');
  await rev.waitFor();
  const [docxDownload] = await Promise.all([focal.waitForEvent('download'),
    rev.getByRole('link', { name: 'báo cáo (Word)' }).click()]);
  const docx = join(work, 'bao-cao.docx');
  await docxDownload.saveAs(docx);
  execFileSync('unzip', ['-q', '-o', docx, '-d', join(work, 'docx')]);
  for (const part of ['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/styles.xml']) {
    execFileSync('xmllint', ['--noout', join(work, 'docx', part)]);
  }
  const xml = readFileSync(join(work, 'docx', 'word/document.xml'), 'utf8');
  assert.match(xml, /Sở Tư pháp tỉnh Lạng Sơn/);
  assert.match(xml, /Đã tiếp nhận/);
  assert.match(xml, /Thiếu thiết bị quay phim/);
  assert.match(xml, /Trang bị máy quay cho các sở/);
  // its KPI table is `motcua kpi` for the province and the cycle's year, row by row
  const year = dbRows(srv.db, 'SELECT c.year FROM programme_consolidations p' +
    ' JOIN report_cycles c ON c.id = p.cycle_id WHERE p.revision = 1')[0].year;
  const kpi = JSON.parse(execFileSync(motcuaBin(), ['kpi', '--period', String(year),
    '--format', 'json', '--db', srv.db, '--data-dir', srv.tmpdir]).toString());
  assert.deepEqual(kpiTable(xml), kpi.kpis.map((k) => [k.name,
    k.value === null ? 'chưa có dữ liệu' : percent(k.value), count(k.numerator),
    count(k.denominator), k.target === null ? '' : percent(k.target)]));
  const [pdfDownload] = await Promise.all([focal.waitForEvent('download'),
    rev.getByRole('link', { name: 'báo cáo (PDF)' }).click()]);
  const out = join(work, 'bao-cao.pdf');
  await pdfDownload.saveAs(out);
  execFileSync('pdftotext', ['-enc', 'UTF-8', out, join(work, 'bao-cao.txt')]);
  const text = readFileSync(join(work, 'bao-cao.txt'), 'utf8');
  assert.match(text, /BÁO CÁO/);
  assert.match(text, /Thiếu thiết bị quay phim/);
  // the figures of revision 1 are the ones frozen in the database
  const frozen = JSON.parse(dbRows(srv.db, 'SELECT summary FROM programme_consolidations' +
    ' WHERE revision = 1')[0].summary);
  assert.equal(frozen.nsubmitted >= 1, true);
  assert.match(xml, new RegExp(`Tổng số ${frozen.ntasks} nhiệm vụ: hoàn thành ${frozen.done}`));
  await agency.context().close();
  await focal.context().close();
});

test('the programme pages fit a 360 px phone and pass axe', async () => {
  const problems = [];
  const plan = dbRows(srv.db, "SELECT id FROM plans WHERE code = 'langson-mau-2025'")[0].id;
  const task = dbRows(srv.db, "SELECT id FROM plan_tasks WHERE number = '1.a'")[0].id;
  const report = dbRows(srv.db, "SELECT id FROM programme_reports WHERE org_code = 'T20.STP'")[0].id;
  const cycle = dbRows(srv.db, `SELECT cycle_id FROM programme_reports WHERE id = ${report}`)[0].cycle_id;
  const agency = await open(AGENCY, 360);
  for (const path of ['/quan-tri/de-an', `/quan-tri/de-an/ke-hoach/${plan}`,
    `/quan-tri/de-an/nhiem-vu/${task}/T20.STP`, `/quan-tri/de-an/bao-cao/${report}`]) {
    await agency.goto(srv.url + path);
    await fitsAndPasses(agency, problems);
  }
  const focal = await open(FOCAL, 360);
  for (const path of ['/quan-tri/de-an', '/quan-tri/de-an/theo-doi', `/quan-tri/de-an/ke-hoach/${plan}`,
    `/quan-tri/de-an/ky-bao-cao/${cycle}`, `/quan-tri/de-an/ke-hoach/${plan}/khen-thuong`]) {
    await focal.goto(srv.url + path);
    await fitsAndPasses(focal, problems);
  }
  assert.deepEqual(problems, [], problems.join('\n'));
  await agency.context().close();
  await focal.context().close();
});
