// programme_data.test.mjs - the programme data in data/programme (organisations, the four
// provincial plans, the 1588 template, KPIs) stays consistent: runs the checker in
// tools/programme-data on the shipped files, pins the facts the import relies on, and
// shows the checker refuses broken copies with file, line and reason.  No server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDir, parseCsv, parseTimeFrame, formatError } from '../../tools/programme-data/check.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DATA = join(ROOT, 'data', 'programme');
const CHECKER = join(ROOT, 'tools', 'programme-data', 'check.mjs');

function table(file) {
  const { rows, error } = parseCsv(readFileSync(join(DATA, file), 'utf8'));
  assert.equal(error, undefined, `${file} parses`);
  const [head, ...body] = rows;
  return body.map((r) => Object.fromEntries(head.fields.map((h, i) => [h, r.fields[i]])));
}

const byKey = (rows, key) => new Map(rows.map((r) => [r[key], r]));

// Run the checker on a copy of the data after edit(dir) changed it; return the messages.
function brokenCopy(edit) {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-programme-'));
  try {
    cpSync(DATA, dir, { recursive: true });
    edit(dir);
    const res = checkDir(dir);
    assert.equal(res.ok, false, 'the checker refuses the broken copy');
    return res.errors.map(formatError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function replaceIn(dir, file, from, to) {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  assert.ok(text.includes(from), `${file} contains ${JSON.stringify(from)}`);
  writeFileSync(path, text.replace(from, to));
}

test('the shipped programme data passes the checker', () => {
  const run = spawnSync(process.execPath, [CHECKER, DATA], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /dữ liệu chương trình hợp lệ/);
  const res = checkDir(DATA);
  assert.deepEqual(res.errors, []);
  assert.deepEqual(Object.keys(res.summary.plans).sort(),
    ['bariavungtau', 'hanoi', 'sonla', 'thaibinh']);
});

test('Sơn La: exactly the 25 tasks of the annex, with leads, co-agencies and time frames', () => {
  const tasks = table('plan-sonla.csv');
  assert.deepEqual(tasks.map((t) => t.stt), [
    '1.a', '1.b', '1.c', '1.d', '2.a', '2.b', '2.c',
    '3.a', '3.b', '3.c', '3.d', '3.đ', '3.e', '3.g', '3.h',
    '4.a', '4.b', '4.c', '4.d', '4.đ', '4.e', '5.a', '5.b', '5.c', '5.d']);
  const t = byKey(tasks, 'stt');
  assert.equal(t.get('3.d').chu_tri, 'T14.SKHCN');
  assert.equal(t.get('3.d').phoi_hop, 'T14.NHOM.VIENTHONG');
  assert.equal(t.get('3.a').chu_tri, 'T14.SVHTTDL');
  assert.equal(t.get('3.h').chu_tri, 'T14.SNV');
  assert.equal(t.get('2.b').phoi_hop, 'T14.SVHTTDL;T14.SKHCN');
  assert.equal(t.get('1.b').thoi_gian_ghi, 'Quý II/2025');
  assert.equal(t.get('1.b').thoi_gian, 'Q2/2025');
  assert.equal(t.get('3.đ').thoi_gian, 'Q2/2025-2030');
  assert.equal(t.get('4.c').thoi_gian, '2025');
  assert.equal(tasks.filter((x) => x.thoi_gian === '2025-2030').length, 22);
  assert.equal(t.get('3.e').dieu_1588, 'IV.3.h');
  assert.match(t.get('3.e').noi_dung, /chatbot/);
  const plan = JSON.parse(readFileSync(join(DATA, 'plan-sonla.json'), 'utf8'));
  assert.equal(plan.so_ky_hieu, '110/KH-UBND');
  assert.equal(plan.co_quan_dau_moi, 'T14.SKHCN');
  const due = Object.fromEntries(plan.bao_cao.filter((b) => b.han).map((b) => [b.ma, b.han]));
  assert.deepEqual(due, { 'nam-co-quan': '01/12', 'nam-dau-moi': '15/12' });
  const ministry = plan.bao_cao.find((b) => b.ma === 'nam-dau-moi');
  assert.deepEqual(ministry.noi_nhan, ['T14.UBND', 'TW.BKHCN']);
});

test('Thái Bình, Bà Rịa - Vũng Tàu and Hà Nội load with their own structure', () => {
  const tb = table('plan-thaibinh.csv');
  assert.equal(tb.length, 21);
  assert.equal(byKey(tb, 'stt').get('3.6').phoi_hop, 'T34.BUUDIEN;T34.NHOM.HUYEN');
  assert.equal(table('plan-bariavungtau.csv').length, 39);
  const br = JSON.parse(readFileSync(join(DATA, 'plan-bariavungtau.json'), 'utf8'));
  assert.equal(br.thay_the.so_ky_hieu, '67/KH-UBND');
  assert.equal(br.bao_cao[0].han, '30/11');
  assert.equal(br.bao_cao[0].qua, 'T77.SVHTTDL');
  const hn = JSON.parse(readFileSync(join(DATA, 'plan-hanoi.json'), 'utf8'));
  assert.deepEqual(hn.giai_doan.map((p) => [p.ma, p.tu_ngay, p.den_ngay]), [
    ['GĐ1', '2025-02-01', '2025-03-31'],
    ['GĐ2', '2025-04-01', '2025-10-31'],
    ['GĐ3', '2025-11-01', '2025-12-31'],
  ]);
  const phases = table('plan-hanoi.csv').filter((t) => t.giai_doan);
  assert.deepEqual(phases.map((t) => t.giai_doan).join(), 'GĐ1,GĐ1,GĐ1,GĐ2,GĐ2,GĐ2,GĐ3,GĐ3,GĐ3,GĐ3');
});

test('the 2025 reforms: districts hand over to communes, Sở TT&TT to Sở KH&CN, provinces merge', () => {
  const orgs = byKey(['sonla', 'hanoi', 'thaibinh', 'bariavungtau', 'national']
    .flatMap((p) => table(`organisations-${p}.csv`)), 'ma_don_vi');
  for (const [code, succ] of [['T14.NHOM.HUYEN', 'T14.NHOM.XA'], ['T01.NHOM.HUYEN', 'T01.NHOM.XA'],
    ['T34.NHOM.HUYEN', 'T33.NHOM.XA_TB'], ['T77.NHOM.HUYEN', 'T79.NHOM.XA_BRVT']]) {
    const o = orgs.get(code);
    assert.equal(o.hieu_luc_den, '2025-07-01', code);
    assert.equal(o.ma_ke_nhiem, succ, code);
    assert.equal(o.hinh_thuc_ke_nhiem, 'giai_the', code);
  }
  assert.equal(orgs.get('T34.STTTT').ma_ke_nhiem.split(';')[0], 'T34.SKHCN');
  assert.equal(orgs.get('T01.STTTT').ma_ke_nhiem.split(';')[0], 'T01.SKHCN');
  assert.equal(orgs.get('TW.BTTTT').ma_ke_nhiem, 'TW.BKHCN');
  assert.equal(orgs.get('T34.SKHCN').ma_ke_nhiem, 'T33.SKHCN');
  assert.equal(orgs.get('T77.UBND').ma_ke_nhiem, 'T79.UBND');
  assert.equal(orgs.get('T34.UBND').ma_ke_nhiem, 'T33.UBND');
});

test('the KPI table carries the keys of issue 14 with the 1588 targets', () => {
  const kpis = table('kpis.csv');
  assert.deepEqual(kpis.map((k) => k.ma), [
    'ho_so_hoan_toan_truc_tuyen', 'ho_so_nop_truc_tuyen', 'nguoi_truong_thanh_su_dung',
    'hai_long_dvctt', 'hai_long_dat_dai_xay_dung_dau_tu', 'y_kien_tiep_thu_cong_khai',
    'tthc_toan_trinh', 'dinh_danh_xac_thuc', 'can_bo_van_hanh_dao_tao', 'to_cnscd_tap_huan',
    'co_quan_dang_tai_huong_dan', 'co_quan_tuyen_truyen_cong_ttdt', 'he_thong_tt_co_so',
    'co_quan_bao_chi', 'can_bo_truyen_thong', 'hoc_sinh_sinh_vien_pho_cap',
    'co_quan_cai_tien_lien_tuc']);
  const k = byKey(kpis, 'ma');
  const targets = (key) => [k.get(key).muc_tieu_2025, k.get(key).muc_tieu_2030];
  assert.deepEqual(targets('ho_so_hoan_toan_truc_tuyen'), ['80', '']);
  assert.deepEqual(targets('nguoi_truong_thanh_su_dung'), ['50', '70']);
  assert.deepEqual(targets('hai_long_dvctt'), ['90', '']);
  assert.deepEqual(targets('hai_long_dat_dai_xay_dung_dau_tu'), ['85', '']);
  assert.deepEqual(targets('hoc_sinh_sinh_vien_pho_cap'), ['80', '100']);
  assert.deepEqual(targets('co_quan_cai_tien_lien_tuc'), ['', '100']);
  for (const key of ['co_quan_tuyen_truyen_cong_ttdt', 'he_thong_tt_co_so', 'co_quan_bao_chi',
    'can_bo_truyen_thong'])
    assert.equal(k.get(key).nguon_so_lieu, 'reported', key);
  for (const r of kpis.filter((x) => x.nguon_so_lieu === 'external-denominator'))
    assert.equal(r.khi_mau_so_bang_0, 'chưa có dữ liệu', r.ma);
  const sl = table('kpi-overrides-sonla.csv');
  assert.deepEqual(sl.filter((o) => o.ma_chi_tieu === 'ho_so_hoan_toan_truc_tuyen')
    .map((o) => [o.ma_don_vi, o.nam, o.muc_tieu]), [['T14.UBND', '2025', '70']]);
});

test('the 1588 template covers every point §VI.10 gives a province', () => {
  const rows = table('template-1588.csv');
  assert.equal(rows.length, 30);
  const t = byKey(rows, 'stt');
  assert.ok(!t.has('IV.1.a') && !t.has('IV.4.a') && !t.has('IV.5.g'), 'ministry-only points left out');
  assert.match(t.get('IV.3.d').theo_ke_hoach, /sonla:3\.d/);
  assert.equal(t.get('IV.3.d').vai_tro_phoi_hop, 'vien_thong');
});

test('time frames: the forms the plans use parse, impossible ones do not', () => {
  for (const ok of ['2025', '2025-2030', 'Q2/2025', 'Q2/2025-2030', '02/2025-03/2025',
    '30/06/2025', '01/01/2025-31/12/2025', 'hằng năm', 'thường xuyên', 'khi có yêu cầu', ''])
    assert.equal(parseTimeFrame(ok).error, undefined, ok);
  assert.deepEqual(parseTimeFrame('Q2/2025-2030'), { kind: 'range', start: 20250401, end: 20301231 });
  assert.deepEqual(parseTimeFrame('02/2025-03/2025'), { kind: 'range', start: 20250201, end: 20250331 });
  for (const bad of ['Q5/2025', '31/02/2025', '29/02/2025', '13/2025', '2030-2025',
    'Q3/2025-Q2/2025', '2025-2025', 'Quý II/2025', '2025-2026-2027', 'sau năm 2025', '1999'])
    assert.ok(parseTimeFrame(bad).error, bad);
  assert.equal(parseTimeFrame('29/02/2028').error, undefined, 'leap day');
});

test('a duplicate task number is refused with file and line', () => {
  const errors = brokenCopy((dir) => replaceIn(dir, 'plan-sonla.csv', '\n1.b,1,', '\n1.a,1,'));
  assert.ok(errors.some((e) => /^plan-sonla\.csv dòng 3: số thứ tự 1\.a trùng với dòng 2$/.test(e)),
    errors.join('\n'));
});

test('an unknown lead or co-organisation is refused', () => {
  const errors = brokenCopy((dir) => {
    replaceIn(dir, 'plan-sonla.csv', ',T14.SNV,', ',T14.SNVX,');
    replaceIn(dir, 'plan-thaibinh.csv', 'T34.BUUDIEN;', 'T14.BAO;');
  });
  assert.ok(errors.some((e) => /plan-sonla\.csv dòng \d+: mã cơ quan chủ trì T14\.SNVX không có/.test(e)),
    errors.join('\n'));
  // an organisation of another province is not part of Thái Bình's plan
  assert.ok(errors.some((e) => /plan-thaibinh\.csv dòng \d+: mã cơ quan phối hợp T14\.BAO không có/.test(e)),
    errors.join('\n'));
});

test('an impossible time frame is refused', () => {
  const errors = brokenCopy((dir) => {
    replaceIn(dir, 'plan-sonla.csv', 'Quý II/2025,Q2/2025', 'Quý II/2025,Q5/2025');
    replaceIn(dir, 'plan-sonla.csv', '2025,2025,,', '2025,31/02/2025,,');
    replaceIn(dir, 'plan-bariavungtau.csv', 'Hằng năm,hằng năm', 'Hằng năm,2031');
  });
  assert.ok(errors.some((e) => /plan-sonla\.csv dòng 3: .*quý phải từ 1 đến 4/.test(e)), errors.join('\n'));
  assert.ok(errors.some((e) => /plan-sonla\.csv dòng \d+: .*ngày 31\/02\/2025 không có/.test(e)),
    errors.join('\n'));
  assert.ok(errors.some((e) => /plan-bariavungtau\.csv dòng \d+: thời gian "2031" nằm ngoài kỳ/.test(e)),
    errors.join('\n'));
});

test('KPI keys must match the issue', () => {
  const errors = brokenCopy((dir) => replaceIn(dir, 'kpis.csv', '\nhai_long_dvctt,', '\nhai_long,'));
  assert.ok(errors.includes('kpis.csv: thiếu chỉ tiêu hai_long_dvctt'), errors.join('\n'));
  assert.ok(errors.some((e) => /kpis\.csv dòng \d+: mã chỉ tiêu hai_long không có/.test(e)));
});

test('a KPI may not show a number when its denominator is missing', () => {
  const errors = brokenCopy((dir) => replaceIn(dir, 'kpis.csv', 'không phát sinh ý kiến', '100%'));
  assert.ok(errors.some((e) => /y_kien_tiep_thu_cong_khai: khi mẫu số bằng 0 phải hiện chữ/.test(e)));
});

test('successors and parents must exist and not loop', () => {
  const errors = brokenCopy((dir) => {
    replaceIn(dir, 'organisations-thaibinh.csv', 'T33.NHOM.XA_TB,giai_the', 'T33.NHOM.XA_THAIBINH,giai_the');
    replaceIn(dir, 'organisations-sonla.csv', 'T14.UBND,Ủy ban nhân dân tỉnh Sơn La,UBND tỉnh,ubnd_tinh,14,,',
      'T14.UBND,Ủy ban nhân dân tỉnh Sơn La,UBND tỉnh,ubnd_tinh,14,T14.VP,');
  });
  assert.ok(errors.some((e) => /T34\.NHOM\.HUYEN: đơn vị kế nhiệm T33\.NHOM\.XA_THAIBINH không có/.test(e)),
    errors.join('\n'));
  assert.ok(errors.some((e) => /vòng lặp: T14\.(UBND|VP) → T14\.(UBND|VP) → T14\.(UBND|VP)/.test(e)),
    errors.join('\n'));
});

test('a plan may only cite organisations in force on its date', () => {
  // end the district group before Sơn La's plan was issued (23/04/2025)
  const errors = brokenCopy((dir) => replaceIn(dir, 'organisations-sonla.csv',
    ',2025-07-01,T14.NHOM.XA,giai_the,', ',2025-04-01,T14.NHOM.XA,giai_the,'));
  assert.ok(errors.some((e) => /^plan-sonla\.csv dòng \d+: mã cơ quan (chủ trì|phối hợp) T14\.NHOM\.HUYEN không còn hiệu lực vào ngày ban hành 23\/04\/2025$/.test(e)),
    errors.join('\n'));
});

test('the template must keep every §VI.10 point and its cross-references', () => {
  const errors = brokenCopy((dir) => {
    const path = join(dir, 'template-1588.csv');
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n');
    writeFileSync(path, lines.filter((l) => !l.startsWith('IV.3.d,')).join('\n'));
  });
  assert.ok(errors.includes('template-1588.csv: thiếu điểm IV.3.d mà §VI.10 giao cho tỉnh'), errors.join('\n'));
});
