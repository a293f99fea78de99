// kpi.test.mjs - the targets of Decision 1588 over HTTP and on the command
// line: GET /api/v1/kpi equals `motcua kpi --format json` (17 stable keys,
// values with one decimal or null), ho_so_hoan_toan_truc_tuyen equals the
// 766 ho_so_truc_tuyen ratio, CSV and xlsx formats, the denominators
// import refused whole with line and reason, a missing or zero
// denominator shown as "chưa có dữ liệu", the public subset, the board,
// its drill-down and who may open what.  Data: the demo units and agencies
// plus dossiers imported in the national sync format.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getForm } from './lib/server.mjs';
import { startServer } from './lib/server.mjs';
import { bin } from './lib/feedback-helpers.mjs';
import {
  addStaff, get, loadAgencies, motcua, postMultipart, serverClock, sql, staffLogin,
} from './lib/dossier-helpers.mjs';

// February under way: no 766 month is published yet, every figure is live.
const NOW = '2026-02-25T09:00:00+07:00';
const AGENCIES = ['T20.STP', 'X05977.UBND'];
const DAY = 86400;
const FEB = Date.parse('2026-02-01T00:00:00+07:00') / 1000;

// The 17 keys of issue 14, in its order.
const KEYS = [
  'ho_so_hoan_toan_truc_tuyen', 'ho_so_nop_truc_tuyen', 'nguoi_truong_thanh_su_dung',
  'hai_long_dvctt', 'hai_long_dat_dai_xay_dung_dau_tu', 'y_kien_tiep_thu_cong_khai',
  'tthc_toan_trinh', 'dinh_danh_xac_thuc', 'can_bo_van_hanh_dao_tao', 'to_cnscd_tap_huan',
  'co_quan_dang_tai_huong_dan', 'co_quan_tuyen_truyen_cong_ttdt', 'he_thong_tt_co_so',
  'co_quan_bao_chi', 'can_bo_truyen_thong', 'hoc_sinh_sinh_vien_pho_cap',
  'co_quan_cai_tien_lien_tuc',
];

function iso(sec) {
  return `${new Date((sec + 7 * 3600) * 1000).toISOString().slice(0, 19)}+07:00`;
}

/*
 * Twenty dossiers per agency in February: i odd lodged online (10), of
 * which i % 4 == 1 got an electronic result (5); T20.STP has 20 more
 * counter dossiers (so its shares differ from the commune's).
 */
function dossierLines() {
  const lines = [];
  let seq = 0;
  for (const [k, agency] of AGENCIES.entries()) {
    for (let i = 0; i < 20 + (k === 0 ? 20 : 0); i += 1) {
      seq += 1;
      const received = FEB + ((i % 20) + 1) * DAY + 3600;
      const due = received + 5 * DAY;
      const ended = received + 2 * DAY;
      const online = i < 20 && i % 2 === 1;
      lines.push(JSON.stringify({
        MaHoSo: `${agency}-K${String(seq).padStart(5, '0')}`, MaTTHC: '1.001193',
        MaDonVi: agency, KenhThucHien: online ? 2 : 1, TrangThaiHoSo: 10,
        NgayTiepNhan: iso(received), NgayHenTra: iso(due), NgayKetThucXuLy: iso(ended),
        NgayTraKetQua: iso(ended + 3600), SoLanBoSung: 0, ThoiGianBoSung: 0,
        DuocThanhToanTrucTuyen: 0, CoPhi: 0, CoKetQuaDienTu: online && i % 4 === 1 ? 1 : 0,
        DuocSoHoa: 1, TaiSuDungDuLieu: 0, DanhGia: 1, CoPhanAnh: 0, MaHoSoCongDan: `CD${seq}`,
      }));
    }
  }
  return `${lines.join('\n')}\n`;
}

let srv;
const jars = {};

before(async () => {
  srv = await startServer({ env: { MOTCUA_NOW: NOW } });
  loadAgencies(srv);
  const file = join(srv.tmpdir, 'dossiers.jsonl');
  writeFileSync(file, dossierLines());
  motcua(srv, 'import', 'dossiers', file);
  const clock = serverClock(NOW);
  addStaff(srv, 'cv', 'Trần Văn Minh', 'processing', 'T20.STP');
  addStaff(srv, 'cvxd', 'Đỗ Văn Hùng', 'processing', 'T20.SXD');
  addStaff(srv, 'qtt', 'Vi Văn Quang', 'province_admin', 'T20.VP');
  for (const login of ['cv', 'cvxd', 'qtt']) jars[login] = await staffLogin(srv, login, clock);
});

after(async () => { await srv?.stop(); });

async function page(path, jar = {}) {
  const res = await get(srv, path, jar);
  return { status: res.status, html: await res.text(), res };
}

async function apiAs(path, jar) {
  const res = await get(srv, path, jar);
  return { status: res.status, body: await res.json() };
}

function cli(...args) {
  return JSON.parse(motcua(srv, 'kpi', ...args));
}

function byKey(doc) {
  return Object.fromEntries(doc.kpis.map((k) => [k.key, k]));
}

test('motcua kpi prints the 17 stable keys in the issue\'s shape, and the API answers the same', async () => {
  const doc = cli('--period', '2026-02');
  assert.deepEqual(Object.keys(doc), ['unit', 'name', 'period', 'kpis']);
  assert.equal(doc.unit, null);
  assert.equal(doc.period, '2026-02');
  assert.deepEqual(doc.kpis.map((k) => k.key), KEYS);
  for (const k of doc.kpis) {
    assert.deepEqual(Object.keys(k),
      ['key', 'name', 'value', 'numerator', 'denominator', 'target', 'source']);
    assert.ok(k.value === null || Math.round(k.value * 10) === k.value * 10, k.key);
    assert.match(k.source, /^(computed|survey|reported|external-denominator)$/);
  }
  const k = byKey(doc);
  // 60 received: 20 lodged online, 10 of them with an electronic result.
  assert.deepEqual([k.ho_so_hoan_toan_truc_tuyen.numerator, k.ho_so_hoan_toan_truc_tuyen.denominator,
    k.ho_so_hoan_toan_truc_tuyen.value, k.ho_so_hoan_toan_truc_tuyen.target], [10, 60, 16.7, 80]);
  assert.deepEqual([k.ho_so_nop_truc_tuyen.numerator, k.ho_so_nop_truc_tuyen.value], [20, 33.3]);
  const api = await apiAs('/api/v1/kpi?period=2026-02', jars.qtt);
  assert.equal(api.status, 200);
  assert.deepEqual(api.body, doc);
  const unit = cli('--period', '2026-02', '--unit', 'T20.STP');
  assert.deepEqual((await apiAs('/api/v1/kpi?period=2026-02&unit=T20.STP', jars.qtt)).body, unit);
  assert.equal(unit.unit, 'T20.STP');
  assert.equal(byKey(unit).ho_so_hoan_toan_truc_tuyen.value, 12.5);   // 5 of 40
});

test('ho_so_hoan_toan_truc_tuyen equals the 766 ho_so_truc_tuyen ratio for the same unit and period', () => {
  for (const unit of [null, 'T20.STP', 'X05977.UBND', '05977']) {
    for (const period of ['2026-02', '2026-Q1', '2026']) {
      const u = unit ? ['--unit', unit] : [];
      const idx = JSON.parse(motcua(srv, 'index', '--period', period, ...u));
      const province = unit ? idx : idx.province;
      const ind = province.groups.flatMap((g) => g.indicators)
        .find((i) => i.key === 'ho_so_truc_tuyen');
      const kpi = byKey(cli('--period', period, ...u)).ho_so_hoan_toan_truc_tuyen;
      assert.equal(kpi.numerator, ind.numerator, `${unit} ${period}`);
      assert.equal(kpi.denominator, ind.denominator, `${unit} ${period}`);
      assert.equal(kpi.value, Math.round(ind.ratio * 1000) / 10, `${unit} ${period}`);
    }
  }
});

test('a zero or missing denominator is null in JSON and "chưa có dữ liệu" on pages, never 0 or 100', async () => {
  const k = byKey(cli('--period', '2025-02'));
  assert.equal(k.ho_so_hoan_toan_truc_tuyen.denominator, 0);
  assert.equal(k.ho_so_hoan_toan_truc_tuyen.value, null);
  const adults = byKey(cli('--period', '2026')).nguoi_truong_thanh_su_dung;
  assert.equal(adults.denominator, null);
  assert.equal(adults.value, null);
  // Modules that do not exist yet: no value even when the denominator is entered.
  assert.equal(byKey(cli('--period', '2026')).can_bo_van_hanh_dao_tao.value, null);
  const p = await page('/quan-tri/chi-tieu?ky=2026', jars.qtt);
  assert.equal(p.status, 200);
  const row = /<tr data-kpi="nguoi_truong_thanh_su_dung"[\s\S]*?<\/tr>/.exec(p.html)[0];
  assert.match(row, /chưa có dữ liệu/);
  assert.doesNotMatch(row, /data-test="value">[^<]*<strong>\d/);
});

test('CSV and xlsx formats of motcua kpi', () => {
  const csv = motcua(srv, 'kpi', '--period', '2026-02', '--format', 'csv');
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
  assert.equal(lines.length, 18);
  assert.match(lines[0], /^STT,Mã,Chỉ tiêu,Giá trị \(%\),Tử số,Mẫu số,Mục tiêu \(%\)/);
  assert.match(lines[1], /^1,ho_so_hoan_toan_truc_tuyen,.*,16\.7,10,60,80\.0,-63\.3,/);
  assert.match(lines[3], /^3,nguoi_truong_thanh_su_dung,.*,,,,50\.0,,.*,chỉ tính theo năm$/);
  const out = join(srv.tmpdir, 'k.xlsx');
  motcua(srv, 'kpi', '--period', '2026-02', '--format', 'xlsx', '--output', out);
  assert.equal(readFileSync(out).subarray(0, 2).toString(), 'PK');
  assert.throws(() => motcua(srv, 'kpi', '--period', '2026-02-01..2026-02-03'),
    (e) => e.status === 2 && /kỳ không hợp lệ/.test(e.stderr.toString()));
  assert.throws(() => motcua(srv, 'kpi', '--period', '2026', '--unit', 'KHONG.CO'),
    (e) => e.status === 2 && /không có cơ quan/.test(e.stderr.toString()));
});

test('a denominators import with a bad line is refused whole, naming line and reason', async () => {
  const bad = 'ma_mau_so,ma_don_vi,nam,gia_tri\n'
    + 'dan_so_truong_thanh,05977,2026,12000\n'
    + 'dan_so_truong_thanh,99999,2026,5000\n'
    + 'dan_so_ca_nhan,05977,2026,1\n'
    + 'dan_so_truong_thanh,05977,2026,13000\n'
    + 'can_bo_van_hanh,T20.STP,1999,10\n'
    + 'can_bo_van_hanh,T20.STP,2026,muoi\n';
  const form = new FormData();
  form.set('csrf', (await getForm(srv.url, '/quan-tri/chi-tieu/mau-so', jars.qtt)).csrf);
  form.set('tep', new Blob([bad], { type: 'text/csv' }), 'mau-so.csv');
  const r = await postMultipart(srv, '/quan-tri/chi-tieu/mau-so/nhap', form, jars.qtt);
  assert.equal(r.status, 422);
  assert.match(r.html, /Không nhập dòng nào/);
  assert.match(r.html, /dòng 3: không có xã, phường mang mã này/);
  assert.match(r.html, /dòng 4: loại mẫu số không có/);
  assert.match(r.html, /dòng 5: trùng loại mẫu số, mã đơn vị và năm/);
  assert.match(r.html, /dòng 6: năm phải từ 2000 đến 2100/);
  assert.match(r.html, /dòng 7: năm hoặc giá trị không phải số nguyên/);
  assert.doesNotMatch(r.html, /dòng 2:/);
  assert.equal(sql(srv, 'SELECT COUNT(*) FROM kpi_denominators'), '0');

  // The same from the command line: refused, exit code 1, nothing written.
  const file = join(srv.tmpdir, 'bad.csv');
  writeFileSync(file, bad);
  assert.throws(() => motcua(srv, 'import', 'kpi-denominators', file),
    (e) => e.status === 1 && /dòng 3: không có xã, phường/.test(e.stderr.toString()));
  assert.equal(sql(srv, 'SELECT COUNT(*) FROM kpi_denominators'), '0');
});

test('entered denominators make the adults and staff KPIs count; the province needs every commune', async () => {
  const csrf = (await getForm(srv.url, '/quan-tri/chi-tieu/mau-so', jars.qtt)).csrf;
  const one = await postMultipart(srv, '/quan-tri/chi-tieu/mau-so', (() => {
    const f = new FormData();
    for (const [k, v] of Object.entries({ csrf, loai: 'dan_so_truong_thanh', ma_don_vi: '05977',
      nam: '2026', gia_tri: '12000' })) f.set(k, v);
    return f;
  })(), jars.qtt);
  assert.equal(one.status, 200);
  assert.match(one.html, /Đã lưu mẫu số/);
  assert.equal(sql(srv, "SELECT value FROM kpi_denominators WHERE unit_code = '05977'"), '12000');
  assert.equal(sql(srv, "SELECT COUNT(*) FROM audit_log WHERE action = 'kpi.denominators'"), '1');
  const commune = byKey(cli('--period', '2026', '--unit', '05977')).nguoi_truong_thanh_su_dung;
  assert.equal(commune.denominator, 12000);
  assert.equal(commune.value, 0);
  // The other communes with an agency have entered nothing: no province figure.
  assert.equal(byKey(cli('--period', '2026')).nguoi_truong_thanh_su_dung.value, null);
  const p = await page('/quan-tri/chi-tieu?ky=2026', jars.qtt);
  assert.match(/<tr data-kpi="nguoi_truong_thanh_su_dung"[\s\S]*?<\/tr>/.exec(p.html)[0],
    /chưa có dữ liệu: 1\/\d+ xã, phường đã nhập mẫu số/);
  // Bad input on the form changes nothing.
  const bad = new FormData();
  for (const [k, v] of Object.entries({ csrf, loai: 'dan_so_truong_thanh', ma_don_vi: '05977',
    nam: '2026', gia_tri: '-5' })) bad.set(k, v);
  const r = await postMultipart(srv, '/quan-tri/chi-tieu/mau-so', bad, jars.qtt);
  assert.equal(r.status, 422);
  assert.match(r.html, /giá trị phải là số nguyên/);
  assert.equal(sql(srv, "SELECT value FROM kpi_denominators WHERE unit_code = '05977'"), '12000');
  // Only the province admin enters denominators.
  assert.equal((await page('/quan-tri/chi-tieu/mau-so', jars.cv)).status, 403);
});

test('the public page and the anonymous API show the public subset only', async () => {
  const p = await page('/chi-tieu?ky=2026-02');
  assert.equal(p.status, 200);
  const shown = [...p.html.matchAll(/data-kpi="([a-z_0-9]+)"/g)].map((m) => m[1]);
  const pub = readFileSync(join(process.cwd(), 'data/programme/kpis.csv'), 'utf8');
  assert.ok(pub.length > 0);
  assert.deepEqual(shown, KEYS.slice(0, 8));
  assert.match(p.html, /16,7%/);
  const anon = await fetch(`${srv.url}/api/v1/kpi?period=2026-02`).then((r) => r.json());
  assert.deepEqual(anon.kpis.map((k) => k.key), KEYS.slice(0, 8));
  const res = await fetch(`${srv.url}/api/v1/kpi?period=hôm-qua`);
  assert.equal(res.status, 422);
  assert.match((await res.json()).error.message, /Kỳ không hợp lệ/);
});

test('the board: table, trend against the target, commune map, exports; the drill-down lists the dossiers', async () => {
  assert.equal((await page('/quan-tri/chi-tieu')).status, 303);
  const b = await page('/quan-tri/chi-tieu?ky=2026-02', jars.cv);
  assert.equal(b.status, 200);
  assert.match(b.html, /data-test="period" data-period="2026-02">tháng 02\/2026/);
  assert.match(b.html, /<tr data-kpi="ho_so_hoan_toan_truc_tuyen"[\s\S]*?<strong>16,7%<\/strong>[\s\S]*?10 \/ 60[\s\S]*?80%[\s\S]*?thiếu 63,3 điểm %/);
  assert.match(b.html, /data-test="kpi-trend"><svg class="chart"/);
  assert.match(b.html, /class="kpi-target"/);
  assert.match(b.html, /data-test="kpi-map"><svg class="kpi-map"/);
  assert.match(b.html, /<tr data-commune="05977"><th scope="row"><a [^>]*>Phường Đông Kinh<\/a><\/th><td>25%<\/td>/);
  const x = await get(srv, '/quan-tri/chi-tieu/xuat.xlsx?ky=2026-02', jars.cv);
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-disposition'), /chi-tieu-2026-02\.xlsx/);
  assert.equal(Buffer.from(await x.arrayBuffer()).subarray(0, 2).toString(), 'PK');
  const c = await get(srv, '/quan-tri/chi-tieu/xuat.csv?ky=2026-02&don_vi=T20.STP', jars.cv);
  assert.match(await c.text(), /ho_so_hoan_toan_truc_tuyen,.*,12\.5,5,40,/);

  const path = '/quan-tri/chi-tieu/ho_so_hoan_toan_truc_tuyen?ky=2026-02&don_vi=T20.STP';
  const own = await page(path, jars.cv);
  assert.equal(own.status, 200);
  assert.equal([...own.html.matchAll(/data-in-numerator="1"/g)].length, 5);
  assert.equal([...own.html.matchAll(/data-in-numerator="0"/g)].length, 35);
  assert.equal((await page(path, jars.cvxd)).status, 403);   // another agency's dossiers
  const prov = await page('/quan-tri/chi-tieu/ho_so_nop_truc_tuyen?ky=2026-02', jars.qtt);
  assert.equal([...prov.html.matchAll(/data-in-numerator="1"/g)].length, 20);
  assert.equal((await page('/quan-tri/chi-tieu/khong_co?ky=2026-02', jars.qtt)).status, 404);
});

test('freezing a period keeps a numbered revision equal to the live figures', () => {
  const out = execFileSync(bin(), ['kpi', '--freeze', '--period', '2026-02', '--db', srv.db,
    '--data-dir', srv.tmpdir]).toString();
  assert.match(out, /phiên bản 1/);
  const frozen = JSON.parse(sql(srv,
    "SELECT json FROM kpi_snapshots WHERE period = '2026-02' AND unit = '' AND revision = 1"));
  assert.deepEqual(frozen, cli('--period', '2026-02'));
  assert.equal(sql(srv, "SELECT COUNT(*) > 1 FROM kpi_snapshots WHERE revision = 1"), '1');
});
