// programme.test.mjs - Đề án 1588 programme (issue 14): the demo's plan and
// tasks, an organisation's workspace and report, the focal agency's
// return with a comment and acceptance, authorisation between
// organisations, task imports refused whole with line and reason, and
// reminders sent once per threshold with the clock pinned.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemo } from './lib/demo.mjs';
import { getForm, postForm, dbRows, cookieHeader, motcuaBin } from './lib/server.mjs';
import { toRecipient } from './lib/feedback-helpers.mjs';

let demo;
let stp;      // Sở Tư pháp's agency admin (an organisation with tasks)
let sxd;      // Sở Xây dựng's agency admin (another organisation)
let vp;       // Văn phòng UBND tỉnh's agency admin: the demo plan's focal agency
let planId;

const one = (db, q) => dbRows(db, q)[0];

before(async () => {
  demo = await startDemo();
  stp = await demo.signIn('quantri.donvi');
  sxd = await demo.signIn('quantri.xaydung');
  vp = await demo.signIn('quantri.vanphong');
  planId = one(demo.db, "SELECT id FROM plans WHERE code = 'langson-mau-2025'").id;
});

after(async () => {
  if (demo) await demo.stop();
});

test('the demo loads a plan whose tasks name organisations, not codes', async () => {
  const home = await getForm(demo.url, '/quan-tri', stp);
  assert.match(home.html, /href="\/quan-tri\/de-an"/);
  const page = await getForm(demo.url, `/quan-tri/de-an/ke-hoach/${planId}`, stp);
  assert.equal(page.status, 200);
  assert.match(page.html, /Sở Tư pháp tỉnh Lạng Sơn/);
  assert.match(page.html, /data-task="1.a" data-leads="T20.STP;T20.SXD"/);
  assert.match(page.html, /Quý III\/2025/);
  assert.match(page.html, /1588\/QĐ-TTg ngày 17\/12\/2024 của Thủ tướng Chính phủ/);
  assert.match(page.html, /Người ký<\/dt><dd>Người ký mẫu, Phó Chủ tịch/);
  const csv = await fetch(`${demo.url}/quan-tri/de-an/ke-hoach/${planId}/nhiem-vu.csv`,
    { headers: { cookie: cookieHeader(stp) } });
  assert.equal(csv.status, 200);
  const text = await csv.text();
  assert.match(text, /^stt,muc,giai_doan,noi_dung/);
  assert.equal(text.trim().split('\n').filter((l) => /^\d\.[a-z],/.test(l)).length, 7);
});

test('an organisation records progress, outputs and evidence on its task; others cannot', async () => {
  const task = one(demo.db, "SELECT id FROM plan_tasks WHERE number = '1.a'").id;
  const path = `/quan-tri/de-an/nhiem-vu/${task}/T20.STP`;
  const page = await getForm(demo.url, path, stp);
  assert.equal(page.status, 200);
  const saved = await postForm(demo.url, path, { csrf: page.csrf, trang_thai: 'dang_thuc_hien',
    kinh_phi_du_kien: '30.000.000', kinh_phi_da_chi: '12000000',
    ghi_chu: 'Đã phát hành 3 video hướng dẫn' }, stp);
  assert.equal(saved.status, 303, saved.html);
  const bad = await postForm(demo.url, path, { csrf: page.csrf, trang_thai: 'xong',
    kinh_phi_du_kien: 'ba triệu' }, stp);
  assert.equal(bad.status, 422);
  const out = await postForm(demo.url, `${path}/dau-ra`, { csrf: page.csrf, nam: '2026',
    loai: 'video', so_luong: '3' }, stp);
  assert.equal(out.status, 303);
  const ev = await postForm(demo.url, `${path}/minh-chung`, { csrf: page.csrf,
    tieu_de: 'Video hướng dẫn nộp hồ sơ', duong_dan: 'https://stp.langson.gov.vn/video-1' }, stp);
  assert.equal(ev.status, 303, ev.html);
  // a PDF as evidence, downloaded again by the organisation, refused to another
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
  const fd = new FormData();
  fd.append('csrf', page.csrf);
  fd.append('tieu_de', 'Biên bản nghiệm thu');
  fd.append('tep', new Blob([pdf], { type: 'application/pdf' }), 'bien-ban.pdf');
  const up = await fetch(`${demo.url}${path}/minh-chung`, { method: 'POST', body: fd,
    headers: { cookie: cookieHeader(stp) }, redirect: 'manual' });
  assert.equal(up.status, 303, await up.text());
  const fileId = one(demo.db, "SELECT id FROM task_evidence WHERE file_sha256 IS NOT NULL").id;
  const got = await fetch(`${demo.url}${path}/minh-chung/${fileId}`, { headers: { cookie: cookieHeader(stp) } });
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('content-type'), 'application/pdf');
  assert.deepEqual(Buffer.from(await got.arrayBuffer()), pdf);
  const foreign = await fetch(`${demo.url}${path}/minh-chung/${fileId}`, { headers: { cookie: cookieHeader(sxd) } });
  assert.equal(foreign.status, 403);
  const fake = new FormData();
  fake.append('csrf', page.csrf);
  fake.append('tieu_de', 'Không phải PDF');
  fake.append('tep', new Blob(['<script>alert(1)</script>'], { type: 'application/pdf' }), 'x.pdf');
  const refused = await fetch(`${demo.url}${path}/minh-chung`, { method: 'POST', body: fake,
    headers: { cookie: cookieHeader(stp) }, redirect: 'manual' });
  assert.equal(refused.status, 422);
  const noUrl = await postForm(demo.url, `${path}/minh-chung`, { csrf: page.csrf,
    tieu_de: 'Thiếu đường dẫn', duong_dan: 'javascript:alert(1)' }, stp);
  assert.equal(noUrl.status, 422);
  const after = await getForm(demo.url, path, stp);
  assert.match(after.html, /data-status="dang_thuc_hien">Đang thực hiện/);
  assert.match(after.html, /30\.000\.000 đồng/);
  assert.match(after.html, /Video hướng dẫn nộp hồ sơ/);
  const row = one(demo.db, `SELECT status, budget_spent FROM task_progress WHERE task_id = ${task}` +
    " AND org_code = 'T20.STP'");
  assert.deepEqual(row, { status: 'dang_thuc_hien', budget_spent: 12000000 });
  assert.ok(one(demo.db, "SELECT count(*) AS n FROM audit_log WHERE action = 'programme.progress'").n >= 1);
  // Sở Xây dựng shares the task but not Sở Tư pháp's workspace
  assert.equal((await getForm(demo.url, path, sxd)).status, 403);
  const sxdPage = await getForm(demo.url, `/quan-tri/de-an/nhiem-vu/${task}/T20.SXD`, sxd);
  const forged = await postForm(demo.url, path, { csrf: sxdPage.csrf, trang_thai: 'hoan_thanh' }, sxd);
  assert.equal(forged.status, 403);
  // a task not given to Sở Xây dựng
  const other = one(demo.db, "SELECT id FROM plan_tasks WHERE number = '3.b'").id;
  assert.equal((await getForm(demo.url, `/quan-tri/de-an/nhiem-vu/${other}/T20.SXD`, sxd)).status, 403);
});

test('file a report, return it with a comment, resubmit, accept; then it is locked', async () => {
  const report = one(demo.db, "SELECT r.id FROM programme_reports r WHERE r.org_code = 'T20.STP'").id;
  const cycle = one(demo.db, `SELECT cycle_id FROM programme_reports WHERE id = ${report}`).cycle_id;
  const path = `/quan-tri/de-an/bao-cao/${report}`;
  const form = await getForm(demo.url, path, stp);
  assert.equal(form.status, 200);
  assert.match(form.html, /Sản xuất tin bài, video hướng dẫn/);   // prefilled with its tasks
  // other organisations and non-focal staff cannot read or send it
  assert.equal((await getForm(demo.url, path, sxd)).status, 403);
  assert.equal((await getForm(demo.url, `/quan-tri/de-an/ky-bao-cao/${cycle}`, stp)).status, 403);
  const empty = await postForm(demo.url, path, { csrf: form.csrf, ket_qua: '', gui: '1' }, stp);
  assert.equal(empty.status, 422);
  const sent = await postForm(demo.url, path, { csrf: form.csrf, gui: '1',
    ket_qua: 'Đã thực hiện đủ các nhiệm vụ được giao.',
    kho_khan: '- Thiếu kinh phí sản xuất video\n- Thiếu người làm đồ họa', de_xuat: 'Bổ sung kinh phí',
    kinh_phi: '12 triệu đồng' }, stp);
  assert.equal(sent.status, 303, sent.html);
  assert.equal(one(demo.db, `SELECT state FROM programme_reports WHERE id = ${report}`).state, 'submitted');
  assert.equal(one(demo.db, `SELECT count(*) AS n FROM programme_difficulties WHERE report_id = ${report}`).n, 2);
  // a submitted report cannot be edited
  const again = await postForm(demo.url, path, { csrf: form.csrf, ket_qua: 'Sửa lén' }, stp);
  assert.equal(again.status, 409);
  // the focal agency: the board, a return needs a comment
  const board = await getForm(demo.url, `/quan-tri/de-an/ky-bao-cao/${cycle}`, vp);
  assert.equal(board.status, 200);
  assert.match(board.html, /data-org="T20.STP" data-state="submitted"/);
  assert.match(board.html, /Thiếu kinh phí sản xuất video/);
  const view = await getForm(demo.url, path, vp);
  const noComment = await postForm(demo.url, `${path}/xu-ly`, { csrf: view.csrf, xu_ly: 'tra_lai',
    nhan_xet: '' }, vp);
  assert.equal(noComment.status, 422);
  assert.match(noComment.html, /cần ghi rõ nhận xét/);
  // the organisation cannot accept its own report
  const self = await postForm(demo.url, `${path}/xu-ly`, { csrf: form.csrf, xu_ly: 'tiep_nhan' }, stp);
  assert.equal(self.status, 403);
  const ret = await postForm(demo.url, `${path}/xu-ly`, { csrf: view.csrf, xu_ly: 'tra_lai',
    nhan_xet: 'Đề nghị bổ sung số liệu video đã phát hành' }, vp);
  assert.equal(ret.status, 303);
  const back = await getForm(demo.url, path, stp);
  assert.match(back.html, /Đề nghị bổ sung số liệu video đã phát hành/);
  const resent = await postForm(demo.url, path, { csrf: back.csrf, gui: '1',
    ket_qua: 'Đã thực hiện đủ; phát hành 3 video.', de_xuat: 'Bổ sung kinh phí' }, stp);
  assert.equal(resent.status, 303);
  const acc = await postForm(demo.url, `${path}/xu-ly`, { csrf: view.csrf, xu_ly: 'tiep_nhan' }, vp);
  assert.equal(acc.status, 303);
  assert.equal(one(demo.db, `SELECT state FROM programme_reports WHERE id = ${report}`).state, 'accepted');
  const locked = await postForm(demo.url, path, { csrf: back.csrf, ket_qua: 'Sửa sau khi nhận' }, stp);
  assert.equal(locked.status, 409);
  const twice = await postForm(demo.url, `${path}/xu-ly`, { csrf: view.csrf, xu_ly: 'tra_lai',
    nhan_xet: 'Trả lại sau khi nhận' }, vp);
  assert.equal(twice.status, 409);
  const events = dbRows(demo.db, `SELECT action FROM programme_report_events WHERE report_id = ${report}` +
    ' ORDER BY id').map((r) => r.action);
  assert.deepEqual(events, ['submit', 'return', 'submit', 'accept']);
  // the focal agency answers a difficulty
  const diff = one(demo.db, `SELECT id FROM programme_difficulties WHERE report_id = ${report} ORDER BY id`).id;
  const ans = await postForm(demo.url, `/quan-tri/de-an/kho-khan/${diff}`, { csrf: view.csrf,
    tra_loi: 'Sở Tài chính bố trí kinh phí trong năm tới', han_tra_loi: '2027-01-15', ky: String(cycle) }, vp);
  assert.equal(ans.status, 303);
  assert.equal(one(demo.db, `SELECT answer FROM programme_difficulties WHERE id = ${diff}`).answer,
    'Sở Tài chính bố trí kinh phí trong năm tới');
});

/** Download path with jar into a fresh folder; returns { dir, file, type }. */
async function download(path, jar, name) {
  const res = await fetch(demo.url + path, { headers: { cookie: cookieHeader(jar) } });
  assert.equal(res.status, 200, path);
  const dir = mkdtempSync(join(tmpdir(), 'motcua-tonghop-'));
  const file = join(dir, name);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return { dir, file, type: res.headers.get('content-type') };
}

test('the focal agency freezes numbered consolidated reports as DOCX, PDF and xlsx', async () => {
  const cycle = one(demo.db, "SELECT cycle_id FROM programme_reports WHERE org_code = 'T20.STP'" +
    ' ORDER BY id LIMIT 1').cycle_id;
  const board = await getForm(demo.url, `/quan-tri/de-an/ky-bao-cao/${cycle}`, vp);
  const made = await postForm(demo.url, `/quan-tri/de-an/ky-bao-cao/${cycle}/tong-hop`,
    { csrf: board.csrf }, vp);
  assert.equal(made.status, 303, made.html);
  const denied = await postForm(demo.url, `/quan-tri/de-an/ky-bao-cao/${cycle}/tong-hop`,
    { csrf: board.csrf }, stp);
  assert.equal(denied.status, 403);
  const base = `/quan-tri/de-an/ky-bao-cao/${cycle}/tong-hop/1`;
  const docx = await download(`${base}/bao-cao.docx`, vp, 'r.docx');
  try {
    assert.match(docx.type, /wordprocessingml/);
    execFileSync('unzip', ['-q', '-o', docx.file, '-d', join(docx.dir, 'x')]);
    const parts = ['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/styles.xml',
      'docProps/core.xml', 'word/_rels/document.xml.rels'];
    for (const part of parts) execFileSync('xmllint', ['--noout', join(docx.dir, 'x', part)]);
    const xml = readFileSync(join(docx.dir, 'x', 'word/document.xml'), 'utf8');
    assert.match(xml, /Kế hoạch số 01\/KH-MAU/);
    assert.match(xml, /Sở Tư pháp tỉnh Lạng Sơn/);
    assert.match(xml, /Thiếu kinh phí sản xuất video/);           // difficulties
    assert.match(xml, /Bổ sung kinh phí/);                         // proposals
    assert.match(xml, /phiên bản 1/);
    // The KPI table is `motcua kpi` for the province and the cycle's year.
    const year = one(demo.db, `SELECT year FROM report_cycles WHERE id = ${cycle}`).year;
    const kpi = JSON.parse(execFileSync(motcuaBin(), ['kpi', '--period', String(year),
      '--format', 'json', '--db', demo.db, '--data-dir', demo.tmpdir]).toString());
    const dots = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
    const text = xml.replace(/<[^>]+>/g, '\n');
    assert.ok(kpi.kpis.length >= 15, 'every KPI');
    for (const k of kpi.kpis) {
      assert.ok(text.includes(k.name), `the report names ${k.key}`);
      for (const n of [k.numerator, k.denominator]) {
        if (n !== null) assert.ok(text.includes(`\n${dots(n)}\n`), `${k.key}: ${n}`);
      }
    }
  } finally {
    rmSync(docx.dir, { recursive: true, force: true });
  }
  const pdf = await download(`${base}/bao-cao.pdf`, vp, 'r.pdf');
  try {
    execFileSync('pdftotext', ['-enc', 'UTF-8', pdf.file, join(pdf.dir, 'r.txt')]);
    const text = readFileSync(join(pdf.dir, 'r.txt'), 'utf8');
    assert.match(text, /BÁO CÁO/);
    assert.match(text, /Tình hình thực hiện nhiệm vụ/);
    assert.match(text, /Sở Tư pháp tỉnh Lạng Sơn/);
  } finally {
    rmSync(pdf.dir, { recursive: true, force: true });
  }
  const xlsx = await download(`${base}/phu-luc.xlsx`, vp, 'r.xlsx');
  try {
    execFileSync('unzip', ['-q', '-o', xlsx.file, '-d', join(xlsx.dir, 'x')]);
    const sheets = readdirSync(join(xlsx.dir, 'x', 'xl', 'worksheets')).filter((f) => f.endsWith('.xml'));
    assert.equal(sheets.length, 6);   // tasks, KPIs, reports, difficulties, proposals, counts
  } finally {
    rmSync(xlsx.dir, { recursive: true, force: true });
  }
  // a second generation is revision 2; revision 1 keeps its figures
  const second = await postForm(demo.url, `/quan-tri/de-an/ky-bao-cao/${cycle}/tong-hop`,
    { csrf: board.csrf }, vp);
  assert.equal(second.status, 303);
  assert.deepEqual(dbRows(demo.db, `SELECT revision FROM programme_consolidations WHERE cycle_id = ${cycle}` +
    ' ORDER BY revision').map((r) => r.revision), [1, 2]);
  const page = await getForm(demo.url, `/quan-tri/de-an/ky-bao-cao/${cycle}`, vp);
  assert.match(page.html, /data-revision="2"/);
  // a reader outside the focal agency cannot download it
  const res = await fetch(`${demo.url}${base}/bao-cao.docx`, { headers: { cookie: cookieHeader(sxd) } });
  assert.equal(res.status, 403);
});

test('the commendation shortlist ranks organisations with the evidence for each', async () => {
  const year = one(demo.db, "SELECT year FROM report_cycles ORDER BY id LIMIT 1").year;
  const page = await getForm(demo.url, `/quan-tri/de-an/ke-hoach/${planId}/khen-thuong?nam=${year}`, vp);
  assert.equal(page.status, 200);
  assert.match(page.html, /Danh sách đề nghị khen thưởng năm/);
  const stpRow = /<tr data-org="T20.STP">([\s\S]*?)<\/tr>/.exec(page.html);
  assert.ok(stpRow, 'Sở Tư pháp is on the list');
  assert.match(stpRow[1], /Sở Tư pháp tỉnh Lạng Sơn/);
  assert.match(stpRow[1], /Báo cáo năm: gửi đúng hạn/);
  assert.match(stpRow[1], /Chỉ số phục vụ \(766\)/);
  assert.match(stpRow[1], /minh chứng: 2/);   // the link and the PDF
  assert.doesNotMatch(page.html, /data-org="T20.BAO"/);        // no agency, no account: not listed
  assert.equal((await getForm(demo.url, `/quan-tri/de-an/ke-hoach/${planId}/khen-thuong`, stp)).status, 403);
  assert.equal((await getForm(demo.url, `/quan-tri/de-an/ke-hoach/${planId}/khen-thuong?nam=1800`, vp)).status, 422);
});

test('an overseer reads every report and board but changes nothing', async () => {
  execFileSync(motcuaBin(), ['programme', 'overseer', 'lanhdao.xaydung', '--org', 'T20.MTTQ',
    '--db', demo.db, '--data-dir', demo.tmpdir], { env: { ...process.env, MOTCUA_LOG_ACCESS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'] });
  const watcher = await demo.signIn('lanhdao.xaydung');
  const report = one(demo.db, "SELECT id, cycle_id FROM programme_reports WHERE org_code = 'T20.STP'" +
    ' ORDER BY id LIMIT 1');
  const board = await getForm(demo.url, `/quan-tri/de-an/ky-bao-cao/${report.cycle_id}`, watcher);
  assert.equal(board.status, 200);
  assert.doesNotMatch(board.html, /Nhắc ngay/);
  const view = await getForm(demo.url, `/quan-tri/de-an/bao-cao/${report.id}`, watcher);
  assert.equal(view.status, 200);
  assert.doesNotMatch(view.html, /Tiếp nhận báo cáo/);
  const task = one(demo.db, "SELECT id FROM plan_tasks WHERE number = '1.a'").id;
  const ws = await getForm(demo.url, `/quan-tri/de-an/nhiem-vu/${task}/T20.STP`, watcher);
  assert.equal(ws.status, 200);
  assert.doesNotMatch(ws.html, /Lưu tiến độ/);
  for (const [path, fields] of [
    [`/quan-tri/de-an/nhiem-vu/${task}/T20.STP`, { trang_thai: 'cham' }],
    [`/quan-tri/de-an/bao-cao/${report.id}/xu-ly`, { xu_ly: 'tra_lai', nhan_xet: 'Giám sát' }],
    [`/quan-tri/de-an/ky-bao-cao/${report.cycle_id}/nhac`, { to_chuc: 'T20.SXD' }],
    [`/quan-tri/de-an/ky-bao-cao/${report.cycle_id}/tong-hop`, {}],
  ]) {
    const r = await postForm(demo.url, path, { csrf: view.csrf, ...fields }, watcher);
    assert.equal(r.status, 403, path);
  }
  assert.equal(one(demo.db, "SELECT count(*) AS n FROM audit_log WHERE action = 'programme.overseer'").n, 1);
});

test('a task import with an unknown organisation, an impossible frame or a duplicate is refused whole', async () => {
  const before = one(demo.db, `SELECT count(*) AS n FROM plan_tasks WHERE plan_id = ${planId}`).n;
  const page = await getForm(demo.url, `/quan-tri/de-an/ke-hoach/${planId}`, vp);
  const csv = 'stt,noi_dung,chu_tri,phoi_hop,thoi_gian_ghi,thoi_gian\n' +
    '4.a,Nhiệm vụ hợp lệ,T20.STP,,Năm 2026,2026\n' +
    '4.b,Cơ quan không có,T20.KHONGCO,,Năm 2026,2026\n' +
    '4.c,Ngày không có thật,T20.STP,,31/02/2026,31/02/2026\n' +
    '4.a,Trùng số,T20.STP,,Năm 2026,2026\n';
  const post = async (jar, csrf, body) => {
    const fd = new FormData();
    fd.append('csrf', csrf);
    fd.append('tep', new Blob([body], { type: 'text/csv' }), 'nhiem-vu.csv');
    const res = await fetch(`${demo.url}/quan-tri/de-an/ke-hoach/${planId}/nhap`,
      { method: 'POST', body: fd, headers: { cookie: cookieHeader(jar) }, redirect: 'manual' });
    return { status: res.status, html: await res.text() };
  };
  const refused = await post(vp, page.csrf, csv);
  assert.equal(refused.status, 422);
  assert.match(refused.html, /dòng 3: cơ quan chủ trì T20.KHONGCO không có trong danh sách tổ chức/);
  assert.match(refused.html, /dòng 4: thời gian &quot;31\/02\/2026&quot; không hợp lệ/);
  assert.match(refused.html, /dòng 5: nhiệm vụ số 4.a trùng với dòng 2/);
  assert.equal(one(demo.db, `SELECT count(*) AS n FROM plan_tasks WHERE plan_id = ${planId}`).n, before);
  // only the focal agency imports
  const stpPage = await getForm(demo.url, `/quan-tri/de-an/ke-hoach/${planId}`, stp);
  assert.equal((await post(stp, stpPage.csrf, csv)).status, 403);
  // the Excel export imports again unchanged
  const xlsx = await fetch(`${demo.url}/quan-tri/de-an/ke-hoach/${planId}/nhiem-vu.xlsx`,
    { headers: { cookie: cookieHeader(vp) } });
  assert.equal(xlsx.status, 200);
  const bytes = Buffer.from(await xlsx.arrayBuffer());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK');
  const fd = new FormData();
  fd.append('csrf', page.csrf);
  fd.append('tep', new Blob([bytes]), 'nhiem-vu.xlsx');
  const again = await fetch(`${demo.url}/quan-tri/de-an/ke-hoach/${planId}/nhap`,
    { method: 'POST', body: fd, headers: { cookie: cookieHeader(vp) }, redirect: 'manual' });
  assert.equal(again.status, 303, await again.text());
  assert.equal(one(demo.db, `SELECT count(*) AS n FROM plan_tasks WHERE plan_id = ${planId}`).n, before);
  const ok = await post(vp, page.csrf, 'stt,noi_dung,chu_tri,phoi_hop,thoi_gian_ghi,thoi_gian\n' +
    '4.a,Nhiệm vụ hợp lệ,T20.STP,T20.NHOM.XA,Năm 2026,2026\n');
  assert.equal(ok.status, 303);
  assert.equal(one(demo.db, `SELECT count(*) AS n FROM plan_tasks WHERE plan_id = ${planId}`).n, before + 1);
});

test('reminders fire once per threshold and escalate to the leaders after the due day', async () => {
  // a cycle due on 30/11/2030, created by the focal agency
  const page = await getForm(demo.url, `/quan-tri/de-an/ke-hoach/${planId}`, vp);
  const made = await postForm(demo.url, `/quan-tri/de-an/ke-hoach/${planId}/ky-bao-cao`, {
    csrf: page.csrf, tieu_de: 'Báo cáo năm 2030', nam: '2030', loai: 'hang_nam', han: '2030-11-30' }, vp);
  assert.equal(made.status, 303, made.html);
  const cycle = Number(/ky-bao-cao\/(\d+)/.exec(made.location)[1]);
  const past = await postForm(demo.url, `/quan-tri/de-an/ke-hoach/${planId}/ky-bao-cao`, {
    csrf: page.csrf, tieu_de: 'Kỳ đã qua', nam: '2020', loai: 'hang_nam', han: '2020-11-30' }, vp);
  assert.equal(past.status, 422);
  dbRows(demo.db, "UPDATE users SET email = 'quantri.tuphap@langson.gov.vn' WHERE login = 'quantri.donvi'");
  dbRows(demo.db, "UPDATE users SET email = 'giamdoc.tuphap@langson.gov.vn' WHERE login = 'lanhdao'");
  const remindAt = (iso) => execFileSync(motcuaBin(), ['programme', 'remind', '--db', demo.db,
    '--data-dir', demo.tmpdir], { env: { ...process.env, MOTCUA_NOW: iso, MOTCUA_LOG_ACCESS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  const sent = () => dbRows(demo.db, `SELECT threshold FROM report_reminders WHERE cycle_id = ${cycle}` +
    " AND org_code = 'T20.STP' ORDER BY id").map((r) => r.threshold);
  const mails = (to) => one(demo.db, `SELECT count(*) AS n FROM notify_outbox
    WHERE ${toRecipient(demo, to)} AND kind = 'programme.remind'`).n;
  remindAt('2030-11-20T08:00:00+07:00');            // T-10: nothing yet
  assert.deepEqual(sent(), []);
  remindAt('2030-11-23T08:00:00+07:00');            // T-7
  remindAt('2030-11-23T16:00:00+07:00');            // same day again: once
  assert.deepEqual(sent(), ['t7']);
  remindAt('2030-11-27T08:00:00+07:00');            // T-3
  remindAt('2030-11-29T08:00:00+07:00');            // T-1
  remindAt('2030-11-30T08:00:00+07:00');            // the day
  remindAt('2030-11-30T20:00:00+07:00');
  assert.deepEqual(sent(), ['t7', 't3', 't1', 'ngay']);
  assert.equal(mails('quantri.tuphap@langson.gov.vn'), 4);
  assert.equal(mails('giamdoc.tuphap@langson.gov.vn'), 0);
  remindAt('2030-12-01T08:00:00+07:00');            // overdue: the leader
  remindAt('2030-12-05T08:00:00+07:00');
  assert.deepEqual(sent(), ['t7', 't3', 't1', 'ngay', 'qua_han']);
  assert.equal(mails('giamdoc.tuphap@langson.gov.vn'), 1);
  // "nhắc ngay" from the board, as often as the focal agency wants
  const board = await getForm(demo.url, `/quan-tri/de-an/ky-bao-cao/${cycle}`, vp);
  const now = await postForm(demo.url, `/quan-tri/de-an/ky-bao-cao/${cycle}/nhac`,
    { csrf: board.csrf, to_chuc: 'T20.STP' }, vp);
  assert.equal(now.status, 303);
  assert.equal(mails('quantri.tuphap@langson.gov.vn'), 5);
  const notFocal = await postForm(demo.url, `/quan-tri/de-an/ky-bao-cao/${cycle}/nhac`,
    { csrf: (await getForm(demo.url, '/quan-tri/de-an', sxd)).csrf, to_chuc: 'T20.STP' }, sxd);
  assert.equal(notFocal.status, 403);
});
