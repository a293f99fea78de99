// programme_live.test.mjs - Đề án 1588 (issue 14): figures the platform
// already holds. Output counts fill themselves in an organisation's report
// (dossiers from the 766 counters, named with their source), freeze when
// the report is submitted, and are overridden only with a reason, which the
// consolidated report shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemo } from './lib/demo.mjs';
import { getForm, postForm, dbRows, cookieHeader, motcuaBin } from './lib/server.mjs';

let demo;
let stp;      // Sở Tư pháp's agency admin: its tasks include 3.a (dossier counts)
let vp;       // Văn phòng UBND tỉnh's agency admin: the focal agency
let sxd;      // Sở Xây dựng: another organisation

const one = (db, q) => dbRows(db, q)[0];

before(async () => {
  demo = await startDemo();
  stp = await demo.signIn('quantri.donvi');
  vp = await demo.signIn('quantri.vanphong');
  sxd = await demo.signIn('quantri.xaydung');
});

after(async () => {
  if (demo) await demo.stop();
});

/** `motcua kpi` for unit and year as JSON. */
function kpi(unit, year) {
  return JSON.parse(execFileSync(motcuaBin(), ['kpi', '--period', String(year), '--unit', unit,
    '--format', 'json', '--db', demo.db, '--data-dir', demo.tmpdir]).toString());
}

const dots = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

/** The report-counts rows of a report page: kind -> { count, typed, reason }. */
function countsOf(html, task) {
  const out = new Map();
  const re = /<tr data-kind="([a-z_]+)" data-task="([^"]+)">(.*?)<\/tr>/gs;
  for (const m of html.matchAll(re)) {
    if (m[2] !== task) continue;
    const count = /data-test="count">([^<]*)</.exec(m[3])[1];
    const typed = /data-test="typed">([^<]*)</.exec(m[3]);
    const reason = /data-test="reason">([^<]*)</.exec(m[3]);
    out.set(m[1], { count, typed: typed?.[1], reason: reason?.[1], row: m[3] });
  }
  return out;
}

test('output counts the platform holds fill the report, named with their source, and freeze on submission', async () => {
  const report = one(demo.db, "SELECT id, cycle_id FROM programme_reports WHERE org_code = 'T20.STP'");
  const year = one(demo.db, `SELECT year FROM report_cycles WHERE id = ${report.cycle_id}`).year;
  const task = one(demo.db, "SELECT id FROM plan_tasks WHERE number = '3.a'").id;
  const path = `/quan-tri/de-an/bao-cao/${report.id}`;
  const k = kpi('T20.STP', year).kpis.find((x) => x.key === 'ho_so_nop_truc_tuyen');
  assert.ok(k.denominator > 0, 'the demo has dossiers at Sở Tư pháp in the cycle\'s year');

  const form = await getForm(demo.url, path, stp);
  assert.equal(form.status, 200);
  let rows = countsOf(form.html, '3.a');
  assert.equal(rows.get('ho_so_tiep_nhan').count, dots(k.denominator));
  assert.equal(rows.get('ho_so_truc_tuyen').count, dots(k.numerator));
  assert.ok(rows.has('ho_so_dung_han'));
  assert.ok(!rows.has('van_ban'), 'typed kinds are not filled');
  assert.match(rows.get('ho_so_tiep_nhan').row, /Hồ sơ trên Cổng \(bộ đếm chỉ số 766/);
  assert.match(form.html, /được chốt khi gửi báo cáo/);

  // an override needs a reason; the typed figure stands beside the platform's
  const taskPath = `/quan-tri/de-an/nhiem-vu/${task}/T20.STP`;
  const tp = await getForm(demo.url, taskPath, stp);
  assert.equal(tp.status, 200);
  // the task's page shows the platform's figures of this year before any override
  const liveYear = /Số liệu Cổng tự tính năm (\d{4})/.exec(tp.html)[1];
  const kNow = kpi('T20.STP', liveYear).kpis.find((x) => x.key === 'ho_so_nop_truc_tuyen');
  assert.match(tp.html, new RegExp(`<li data-kind="ho_so_tiep_nhan">[^<]+: <strong>${
    kNow.denominator === null ? 'chưa có dữ liệu' : dots(kNow.denominator)}</strong> \\(nguồn: Hồ sơ trên Cổng`));
  const silent = await postForm(demo.url, `${taskPath}/dau-ra`, { csrf: tp.csrf, nam: String(year),
    loai: 'ho_so_tiep_nhan', so_luong: '5' }, stp);
  assert.equal(silent.status, 422);
  assert.match(silent.html, /hãy nêu lý do/);
  assert.equal(one(demo.db, `SELECT count(*) AS n FROM task_outputs WHERE task_id = ${task}` +
    " AND kind = 'ho_so_tiep_nhan'").n, 0);
  const reason = 'Cộng thêm hồ sơ giấy tiếp nhận tại xã trước khi có Cổng';
  const typed = await postForm(demo.url, `${taskPath}/dau-ra`, { csrf: tp.csrf, nam: String(year),
    loai: 'ho_so_tiep_nhan', so_luong: String(k.denominator + 7), ly_do: reason }, stp);
  assert.equal(typed.status, 303, typed.html);
  assert.deepEqual(one(demo.db, `SELECT count, reason FROM task_outputs WHERE task_id = ${task}` +
    " AND org_code = 'T20.STP' AND kind = 'ho_so_tiep_nhan'"), { count: k.denominator + 7, reason });
  // a typed kind still needs no reason
  const plain = await postForm(demo.url, `${taskPath}/dau-ra`, { csrf: tp.csrf, nam: String(year),
    loai: 'van_ban', so_luong: '2' }, stp);
  assert.equal(plain.status, 303);
  // another organisation cannot override Sở Tư pháp's figure
  const foreign = await postForm(demo.url, `${taskPath}/dau-ra`, { csrf: (await getForm(demo.url,
    '/quan-tri/de-an', sxd)).csrf, nam: String(year), loai: 'ho_so_tiep_nhan', so_luong: '1',
    ly_do: 'thử' }, sxd);
  assert.equal(foreign.status, 403);

  rows = countsOf((await getForm(demo.url, path, stp)).html, '3.a');
  assert.equal(rows.get('ho_so_tiep_nhan').count, dots(k.denominator));
  assert.equal(rows.get('ho_so_tiep_nhan').typed, dots(k.denominator + 7));
  assert.equal(rows.get('ho_so_tiep_nhan').reason, reason);

  // submission freezes the platform's figures
  const sent = await postForm(demo.url, path, { csrf: form.csrf, gui: '1',
    ket_qua: 'Đã rà soát danh mục thủ tục toàn trình.' }, stp);
  assert.equal(sent.status, 303, sent.html);
  const frozen = dbRows(demo.db, `SELECT kind, count, source FROM report_live_counts` +
    ` WHERE report_id = ${report.id} AND task_id = ${task} ORDER BY kind`);
  assert.deepEqual(frozen.map((r) => r.kind), ['ho_so_dung_han', 'ho_so_tiep_nhan', 'ho_so_truc_tuyen']);
  assert.equal(frozen.find((r) => r.kind === 'ho_so_tiep_nhan').count, k.denominator);
  assert.match(frozen[0].source, /chỉ số 766/);
  const after = await getForm(demo.url, path, stp);
  assert.match(after.html, /Số liệu chốt khi đơn vị gửi báo cáo/);
  assert.equal(countsOf(after.html, '3.a').get('ho_so_truc_tuyen').count, dots(k.numerator));

  // the consolidated report names the source and shows the override with its reason
  const board = await getForm(demo.url, `/quan-tri/de-an/ky-bao-cao/${report.cycle_id}`, vp);
  const made = await postForm(demo.url, `/quan-tri/de-an/ky-bao-cao/${report.cycle_id}/tong-hop`,
    { csrf: board.csrf }, vp);
  assert.equal(made.status, 303, made.html);
  const res = await fetch(`${demo.url}/quan-tri/de-an/ky-bao-cao/${report.cycle_id}/tong-hop/1/bao-cao.docx`,
    { headers: { cookie: cookieHeader(vp) } });
  assert.equal(res.status, 200);
  const dir = mkdtempSync(join(tmpdir(), 'motcua-solieu-'));
  try {
    writeFileSync(join(dir, 'r.docx'), Buffer.from(await res.arrayBuffer()));
    execFileSync('unzip', ['-q', '-o', join(dir, 'r.docx'), '-d', join(dir, 'x')]);
    execFileSync('xmllint', ['--noout', join(dir, 'x', 'word/document.xml')]);
    const xml = readFileSync(join(dir, 'x', 'word/document.xml'), 'utf8');
    assert.match(xml, /Số liệu lấy từ Cổng/);
    assert.ok(xml.includes(`Hồ sơ thủ tục hành chính tiếp nhận ${dots(k.denominator)} (nguồn: Hồ sơ trên Cổng`));
    assert.ok(xml.includes(`đơn vị ghi ${dots(k.denominator + 7)}, lý do: ${reason}`));
    // the xlsx annex has the same rows on its sheet "Số liệu Cổng"
    const annex = await fetch(`${demo.url}/quan-tri/de-an/ky-bao-cao/${report.cycle_id}/tong-hop/1/phu-luc.xlsx`,
      { headers: { cookie: cookieHeader(vp) } });
    assert.equal(annex.status, 200);
    writeFileSync(join(dir, 'r.xlsx'), Buffer.from(await annex.arrayBuffer()));
    execFileSync('unzip', ['-q', '-o', join(dir, 'r.xlsx'), '-d', join(dir, 'a')]);
    assert.match(readFileSync(join(dir, 'a', 'xl', 'workbook.xml'), 'utf8'), /name="Số liệu Cổng"/);
    assert.ok(readFileSync(join(dir, 'a', 'xl', 'sharedStrings.xml'), 'utf8').includes(reason));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.ok(one(demo.db, "SELECT count(*) AS n FROM audit_log WHERE action = 'programme.output'" +
    " AND detail LIKE '%override%'").n >= 1);
});

test('the focal agency edits a plan and attaches its document (PDF, checked by content); staff who read the plan download it', async () => {
  const plan = one(demo.db, "SELECT id FROM plans WHERE code = 'langson-mau-2025'").id;
  const path = `/quan-tri/de-an/ke-hoach/${plan}`;
  const page = await getForm(demo.url, path, vp);
  assert.equal(page.status, 200);
  assert.match(page.html, /action="\/quan-tri\/de-an\/ke-hoach\/\d+\/sua"/);
  const send = (jar, csrf, fields, file) => {
    const fd = new FormData();
    fd.append('csrf', csrf);
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    if (file) fd.append('van_ban', new Blob([file.bytes]), file.name);
    return fetch(`${demo.url}${path}/sua`, { method: 'POST', body: fd,
      headers: { cookie: cookieHeader(jar) }, redirect: 'manual' });
  };
  const fields = { so_ky_hieu: '01/KH-UBND', ngay_ban_hanh: '2025-05-06',
    trich_yeu: 'Kế hoạch triển khai Đề án 1588 trên địa bàn tỉnh' };
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
  // a file that only claims to be a PDF, an impossible day: refused, nothing changes
  const before = one(demo.db, `SELECT number, title, file_sha256 FROM plans WHERE id = ${plan}`);
  const fake = await send(vp, page.csrf, fields, { bytes: 'PK\x03\x04 không phải PDF', name: 'ke-hoach.pdf' });
  assert.equal(fake.status, 422);
  assert.match(await fake.text(), /phải là tệp PDF/);
  const badDay = await send(vp, page.csrf, { ...fields, ngay_ban_hanh: '2025-02-30' },
    { bytes: pdf, name: 'ke-hoach.pdf' });
  assert.equal(badDay.status, 422);
  assert.match(await badDay.text(), /Ngày ban hành không có thật/);
  assert.deepEqual(one(demo.db, `SELECT number, title, file_sha256 FROM plans WHERE id = ${plan}`), before);
  // an organisation that is not the focal agency cannot edit
  const stpPage = await getForm(demo.url, path, stp);
  assert.doesNotMatch(stpPage.html, /\/sua"/);
  assert.equal((await send(stp, stpPage.csrf, fields, { bytes: pdf, name: 'x.pdf' })).status, 403);

  const ok = await send(vp, page.csrf, fields, { bytes: pdf, name: 'Kế hoạch 01.pdf' });
  assert.equal(ok.status, 303, await ok.text());
  const row = one(demo.db, `SELECT number, issued_on, title, file_name, file_sha256 FROM plans WHERE id = ${plan}`);
  assert.equal(row.number, '01/KH-UBND');
  assert.equal(row.issued_on, '2025-05-06');
  assert.equal(row.file_name, 'Kế hoạch 01.pdf');
  assert.match(row.file_sha256, /^[0-9a-f]{64}$/);
  assert.ok(one(demo.db, "SELECT count(*) AS n FROM audit_log WHERE action = 'programme.plan_edit'").n >= 1);
  // editing again without a file keeps the document
  const again = await send(vp, page.csrf, { ...fields, trich_yeu: 'Kế hoạch (sửa lần 2)' });
  assert.equal(again.status, 303);
  assert.equal(one(demo.db, `SELECT file_sha256 FROM plans WHERE id = ${plan}`).file_sha256, row.file_sha256);

  // staff of an organisation with tasks read the plan and download its document
  const shown = await getForm(demo.url, path, stp);
  assert.match(shown.html, /data-test="plan-file">Kế hoạch 01\.pdf</);
  const got = await fetch(`${demo.url}${path}/van-ban`, { headers: { cookie: cookieHeader(stp) } });
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('content-type'), 'application/pdf');
  // the uploader's Vietnamese name travels percent-encoded, the header stays ASCII
  const disp = got.headers.get('content-disposition');
  assert.match(disp, /^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
  assert.equal(decodeURIComponent(/filename\*=UTF-8''(\S+)/.exec(disp)[1]), 'Kế hoạch 01.pdf');
  assert.deepEqual(Buffer.from(await got.arrayBuffer()), pdf);
  const anon = await fetch(`${demo.url}${path}/van-ban`, { redirect: 'manual' });
  assert.notEqual(anon.status, 200);
});

test('the commendation shortlist weighs KPI attainment from the KPI module, weights shown on the page', async () => {
  const plan = one(demo.db, "SELECT id FROM plans WHERE code = 'langson-mau-2025'").id;
  const year = one(demo.db, 'SELECT year FROM report_cycles ORDER BY id LIMIT 1').year;
  const page = await getForm(demo.url, `/quan-tri/de-an/ke-hoach/${plan}/khen-thuong?nam=${year}`, vp);
  assert.equal(page.status, 200);
  const weights = [...page.html.matchAll(/<li data-weight="(\d+)">([^<]+)<\/li>/g)];
  assert.equal(weights.reduce((s, m) => s + Number(m[1]), 0), 100);
  assert.ok(weights.some((m) => /chỉ tiêu QĐ 1588 đạt mục tiêu: 20%/.test(m[2])));
  // Sở Tư pháp's evidence quotes its KPIs on target, as `motcua kpi` computes them
  const k = kpi('T20.STP', year).kpis.filter((x) => x.value !== null && x.target !== null);
  const on = k.filter((x) => x.value >= x.target).length;
  const row = /<tr data-org="T20.STP">([\s\S]*?)<\/tr>/.exec(page.html)[1];
  assert.ok(k.length > 0, 'the demo measures some of Sở Tư pháp\'s KPIs');
  assert.match(row, new RegExp(`Chỉ tiêu QĐ 1588 đạt mục tiêu: ${on}/${k.length} chỉ tiêu có số liệu`));
  // an organisation without any measured KPI gets the words, not a share
  assert.match(page.html, /Chỉ tiêu QĐ 1588(: chưa có dữ liệu| đạt mục tiêu)/);
});

test('a province admin creates a plan with its document; bad input is refused whole with its reasons', async () => {
  const admin = await demo.signIn('quantri.tinh');
  const home = await getForm(demo.url, '/quan-tri/de-an', admin);
  assert.equal(home.status, 200);
  assert.match(home.html, /action="\/quan-tri\/de-an\/ke-hoach" enctype="multipart\/form-data"/);
  assert.doesNotMatch((await getForm(demo.url, '/quan-tri/de-an', vp)).html, /Thêm kế hoạch/);
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
  const send = (jar, csrf, fields, file) => {
    const fd = new FormData();
    fd.append('csrf', csrf);
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    if (file) fd.append('van_ban', new Blob([file]), 'ke-hoach-2026.pdf');
    return fetch(`${demo.url}/quan-tri/de-an/ke-hoach`, { method: 'POST', body: fd,
      headers: { cookie: cookieHeader(jar) }, redirect: 'manual' });
  };
  const fields = { ma_ke_hoach: 'langson-12-2026', so_ky_hieu: '12/KH-UBND', ngay_ban_hanh: '2026-01-15',
    trich_yeu: 'Kế hoạch thực hiện Đề án 1588 năm 2026', thoi_ky: '2026', dau_moi: 'T20.VP' };
  const plans = () => one(demo.db, 'SELECT count(*) AS n FROM plans').n;
  const before = plans();
  const bad = await send(admin, home.csrf, { ...fields, thoi_ky: '2030-2026', dau_moi: 'T20.KHONGCO' }, pdf);
  assert.equal(bad.status, 422);
  const text = await bad.text();
  assert.match(text, /thời kỳ &quot;2030-2026&quot; không hợp lệ/);
  assert.match(text, /T20\.KHONGCO không có trong danh sách tổ chức/);
  const dup = await send(admin, home.csrf, { ...fields, ma_ke_hoach: 'langson-mau-2025' });
  assert.equal(dup.status, 422);
  assert.match(await dup.text(), /mã kế hoạch langson-mau-2025 đã có/);
  assert.equal((await send(vp, (await getForm(demo.url, '/quan-tri/de-an', vp)).csrf, fields, pdf)).status, 403);
  assert.equal(plans(), before);

  const ok = await send(admin, home.csrf, fields, pdf);
  assert.equal(ok.status, 303, await ok.text());
  const row = one(demo.db, "SELECT id, number, issued_on, focal_code, province_code, file_name FROM plans" +
    " WHERE code = 'langson-12-2026'");
  assert.deepEqual({ ...row, id: undefined }, { id: undefined, number: '12/KH-UBND', issued_on: '2026-01-15',
    focal_code: 'T20.VP', province_code: '20', file_name: 'ke-hoach-2026.pdf' });
  assert.match(ok.headers.get('location'), new RegExp(`/quan-tri/de-an/ke-hoach/${row.id}\\b`));
  const got = await fetch(`${demo.url}/quan-tri/de-an/ke-hoach/${row.id}/van-ban`,
    { headers: { cookie: cookieHeader(admin) } });
  assert.equal(got.status, 200);
  assert.deepEqual(Buffer.from(await got.arrayBuffer()), pdf);
});
