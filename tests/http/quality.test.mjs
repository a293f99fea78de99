// quality.test.mjs - the service-quality dashboards over HTTP: the public
// page (province, ranking with its change, trend chart and its table,
// ratings, late lists), the drill-down province → agency → indicator with
// the dossiers behind the number for staff only, the exports (xlsx and
// CSV) and the leaders' page with its role checks.  Data: the demo units
// and agencies plus dossiers imported in the national sync format.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, getForm } from './lib/server.mjs';
import { bin } from './lib/feedback-helpers.mjs';
import {
  addStaff, get, loadAgencies, motcua, registerCitizen, serverClock, staffLogin,
} from './lib/dossier-helpers.mjs';

const NOW = '2026-03-10T09:00:00+07:00';          // February is over and published
const AGENCIES = ['T20.STP', 'T20.SXD', 'X05977.UBND', 'X06187.UBND'];
const DAY = 86400;

/** Unix seconds as "YYYY-MM-DDTHH:MM:SS+07:00". */
function iso(sec) {
  return `${new Date((sec + 7 * 3600) * 1000).toISOString().slice(0, 19)}+07:00`;
}

/**
 * Ten returned dossiers per agency and month (national sync format): in
 * month m agency k has `late(k, m)` of them finished after the appointment.
 */
export function dossierLines(months, late) {
  const lines = [];
  let seq = 0;
  for (const [m, start] of months.entries()) {
    for (const [k, agency] of AGENCIES.entries()) {
      for (let i = 0; i < 10; i += 1) {
        seq += 1;
        const received = start + (i + 1) * DAY + 3600;
        const due = received + 5 * DAY;
        const ended = i < late(k, m) ? due + 2 * DAY : received + 2 * DAY;
        lines.push(JSON.stringify({
          MaHoSo: `${agency}-Q${String(seq).padStart(5, '0')}`, MaTTHC: '1.001193',
          MaDonVi: agency, KenhThucHien: 1 + (i % 2), TrangThaiHoSo: 10,
          NgayTiepNhan: iso(received), NgayHenTra: iso(due), NgayKetThucXuLy: iso(ended),
          NgayTraKetQua: iso(ended + 3600), SoLanBoSung: 0, ThoiGianBoSung: 0,
          DuocThanhToanTrucTuyen: 0, CoPhi: 0, CoKetQuaDienTu: i % 2, DuocSoHoa: 1,
          TaiSuDungDuLieu: 0, DanhGia: i === 9 ? 3 : 1, CoPhanAnh: 0,
          MaHoSoCongDan: `CD${seq}`,
        }));
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

const JAN = Date.parse('2026-01-01T00:00:00+07:00') / 1000;
const FEB = Date.parse('2026-02-01T00:00:00+07:00') / 1000;

let srv;
const jars = {};

before(async () => {
  srv = await startServer({ env: { MOTCUA_NOW: NOW } });
  loadAgencies(srv);
  const file = join(srv.tmpdir, 'dossiers.jsonl');
  // January: agency k has 3 - k late; February: k late (so ranks change).
  writeFileSync(file, dossierLines([JAN, FEB], (k, m) => (m === 0 ? 3 - k : k)));
  motcua(srv, 'import', 'dossiers', file);
  motcua(srv, 'index', '--publish', '--period', '2026-02', '--note', 'kiểm thử');
  const clock = serverClock(NOW);
  addStaff(srv, 'ld', 'Hoàng Văn Thắng', 'approver', 'T20.STP');
  addStaff(srv, 'cv', 'Trần Văn Minh', 'processing', 'T20.STP');
  addStaff(srv, 'ldxd', 'Đỗ Văn Hùng', 'approver', 'T20.SXD');
  addStaff(srv, 'qtt', 'Vi Văn Quang', 'province_admin', 'T20.VP');
  for (const login of ['ld', 'cv', 'ldxd', 'qtt']) jars[login] = await staffLogin(srv, login, clock);
  jars.citizen = (await registerCitizen(srv, 'Hoàng Thị Lan')).jar;
});

after(async () => { await srv?.stop(); });

async function page(path, jar = {}) {
  const res = await get(srv, path, jar);
  return { status: res.status, html: await res.text(), res };
}

async function api(path) {
  const res = await fetch(srv.url + path);
  assert.equal(res.status, 200, path);
  return res.json();
}

test('the public page shows the province, the ranking with its change and a chart', async () => {
  const p = await page('/chat-luong');
  assert.equal(p.status, 200);
  assert.match(p.res.headers.get('content-security-policy'), /default-src 'self'/);
  assert.match(p.html, /data-test="period" data-period="2026-02">tháng 02\/2026</);   // last published
  assert.match(p.html, /đã công bố/);
  for (const a of AGENCIES) assert.match(p.html, new RegExp(`data-unit="${a.replace('.', '\\.')}"`));
  assert.match(p.html, /data-test="ranking-agencies"/);
  assert.match(p.html, /data-test="ranking-communes"/);
  // Change from January in words, not colour alone.
  assert.match(p.html, /tăng \d+ bậc/);
  assert.match(p.html, /giảm \d+ bậc/);
  assert.match(p.html, /<svg class="chart"[^>]*role="img"/);
  assert.match(p.html, /data-test="trend-table"/);
  assert.match(p.html, /<td>02\/2026<\/td><td>\d+,\d\d<\/td>/);
  assert.match(p.html, /data-test="ratings-field"/);
  assert.match(p.html, /data-test="late-by-agency"/);
  assert.match(p.html, /data-test="late-by-officer"/);
  assert.doesNotMatch(p.html, /<script(?![^>]*\bsrc=)/i);   // no inline script
  assert.doesNotMatch(p.html, /\bstyle=/);
  // The ranking agrees with the API (T20.STP has no late dossier in February: rank 1).
  const rk = await api('/api/v1/index/ranking?period=2026-02');
  assert.equal(rk.units[0].unit, 'T20.STP');
  const row = /<tr data-unit="T20\.STP"><td>(\d+)<\/td>/.exec(p.html);
  assert.equal(Number(row[1]), rk.units[0].rank);
});

test('anonymous visitors get a dashboard from memory for up to a minute; staff see it live', async () => {
  const first = await page('/chat-luong?ky=2026-01');
  assert.equal(first.status, 200);
  assert.match(first.html, /data-test="as-of">Số liệu lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4}\.</);
  const tag = first.res.headers.get('etag');
  assert.ok(tag, 'an anonymous dashboard is kept, with a tag');
  // The same page again, also with an argument the page does not read
  // (which would otherwise let a crawler force a new reading each time).
  const again = await page('/chat-luong?ky=2026-01&trang=7');
  assert.equal(again.res.headers.get('etag'), tag);
  assert.equal(again.html, first.html);
  const hit = await fetch(`${srv.url}/chat-luong?ky=2026-01`, { headers: { 'if-none-match': tag } });
  assert.equal(hit.status, 304);
  const unit = await page('/chat-luong/T20.STP?ky=2026-01');
  assert.ok(unit.res.headers.get('etag'));
  assert.match(unit.html, /data-test="as-of"/);
  // Staff get it read for them, never a copy shared with others.
  const staff = await page('/chat-luong?ky=2026-01', jars.ld);
  assert.equal(staff.status, 200);
  assert.equal(staff.res.headers.get('etag'), null);
  assert.match(staff.html, /data-test="as-of"/);
});

test('the current month is provisional; bad periods are refused', async () => {
  const p = await page('/chat-luong?ky=2026-03');
  assert.equal(p.status, 200);
  assert.match(p.html, /tạm tính/);
  const bad = await page('/chat-luong?ky=2026-13');
  assert.equal(bad.status, 400);
  assert.match(bad.html, /data-test="period-problem">Không hiểu kỳ “2026-13”/);
  assert.equal((await page('/chat-luong/KHONG.CO')).status, 404);
  assert.equal((await page('/chat-luong/T20.STP/khong_co_chi_so')).status, 404);
});

test('drill-down: province, agency, indicator with numerator and denominator', async () => {
  const prov = await page('/chat-luong/tinh?ky=2026-02');
  assert.equal(prov.status, 200);
  assert.match(prov.html, /href="\/chat-luong\/tinh\/giai_quyet_dung_han\?ky=2026-02"/);
  const ag = await page('/chat-luong/T20.SXD?ky=2026-02');
  assert.equal(ag.status, 200);
  assert.match(ag.html, /Sở Xây dựng/);
  assert.match(ag.html, /href="\/chat-luong\/T20\.SXD\/giai_quyet_dung_han\?ky=2026-02"/);
  const doc = await api('/api/v1/index?period=2026-02&unit=T20.SXD');
  const ind = doc.groups.flatMap((g) => g.indicators).find((i) => i.key === 'giai_quyet_dung_han');
  const p = await page('/chat-luong/T20.SXD/giai_quyet_dung_han?ky=2026-02');
  assert.equal(p.status, 200);
  assert.match(p.html, new RegExp(`data-test="numerator">${ind.numerator}<`));
  assert.match(p.html, new RegExp(`data-test="denominator">${ind.denominator}<`));
  assert.equal(ind.denominator, 10);
  assert.equal(ind.numerator, 9);
  // Public: no dossier list.
  assert.doesNotMatch(p.html, /data-test="staff-dossiers"/);
  assert.match(p.html, /data-test="staff-only-note"/);
  assert.doesNotMatch(p.html, /href="\/ho-so\//);
  const c = await page('/chat-luong/T20.SXD/giai_quyet_dung_han?ky=2026-02', jars.citizen);
  assert.doesNotMatch(c.html, /data-test="staff-dossiers"/);
});

test('staff see the dossiers behind the number, of their own agency', async () => {
  const path = '/chat-luong/T20.SXD/giai_quyet_dung_han?ky=2026-02';
  const own = await page(path, jars.ldxd);
  assert.equal(own.status, 200);
  assert.match(own.html, /data-test="staff-dossiers"/);
  const links = [...own.html.matchAll(/<a href="\/ho-so\/(T20\.SXD-Q\d+)">/g)];
  assert.equal(links.length, 10);
  assert.equal((own.html.match(/data-in-numerator="1"/g) || []).length, 9);
  assert.equal((own.html.match(/data-in-numerator="0"/g) || []).length, 1);
  // An officer of another agency sees none of them; a province admin sees all.
  const foreign = await page(path, jars.ld);
  assert.equal([...foreign.html.matchAll(/<a href="\/ho-so\//g)].length, 0);
  const prov = await page('/chat-luong/tinh/giai_quyet_dung_han?ky=2026-02', jars.qtt);
  assert.equal([...prov.html.matchAll(/<a href="\/ho-so\//g)].length, 40);
  // Satisfaction: the dossier rated Không hài lòng is not in the numerator.
  const sat = await page('/chat-luong/T20.STP/hai_long_tthc?ky=2026-02', jars.ld);
  assert.equal((sat.html.match(/data-in-numerator="0"/g) || []).length, 1);
});

test('exports: xlsx (a zip) and CSV with the ranking', async () => {
  const x = await fetch(`${srv.url}/chat-luong/xuat.xlsx?ky=2026-02`);
  assert.equal(x.status, 200);
  assert.equal(x.headers.get('content-type'),
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.match(x.headers.get('content-disposition'), /attachment; filename="chi-so-766-2026-02\.xlsx"/);
  const bytes = Buffer.from(await x.arrayBuffer());
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK');
  const c = await fetch(`${srv.url}/chat-luong/xuat.csv?ky=2026-02`);
  assert.equal(c.status, 200);
  assert.match(c.headers.get('content-type'), /^text\/csv/);
  const text = await c.text();
  assert.match(text, /giai_quyet_dung_han/);
  assert.match(text, /Xếp hạng cơ quan/);
  assert.match(text, /"T20\.STP","Sở Tư pháp tỉnh Lạng Sơn"/);
  const def = await fetch(`${srv.url}/chat-luong/xuat.csv`);
  assert.equal(def.status, 200);
  assert.equal((await fetch(`${srv.url}/chat-luong/xuat.xlsx?ky=x`)).status, 400);
});

test('the leaders\' page: roles checked, weak indicators and costly dossiers', async () => {
  const anon = await get(srv, '/quan-tri/chat-luong');
  assert.equal(anon.status, 303);
  assert.equal((await page('/quan-tri/chat-luong', jars.citizen)).status, 403);
  assert.equal((await page('/quan-tri/chat-luong', jars.cv)).status, 403);
  const ld = await page('/quan-tri/chat-luong?ky=2026-02', jars.ldxd);
  assert.equal(ld.status, 200);
  assert.match(ld.html, /Sở Xây dựng/);
  assert.match(ld.html, /data-test="weak-indicators"/);
  assert.match(ld.html, /data-indicator="giai_quyet_dung_han"/);
  assert.match(ld.html, /data-test="late-cost"[\s\S]*href="\/ho-so\/T20\.SXD-Q/);
  assert.match(ld.html, /data-test="due-soon"/);
  assert.match(ld.html, /data-test="overdue"/);
  assert.match(ld.html, /data-test="officer-ratings"/);
  // A leader sees their own agency, whatever don_vi says.
  const other = await page('/quan-tri/chat-luong?ky=2026-02&don_vi=T20.STP', jars.ldxd);
  assert.match(other.html, /Sở Xây dựng/);
  const prov = await page('/quan-tri/chat-luong?ky=2026-02&don_vi=T20.STP', jars.qtt);
  assert.equal(prov.status, 200);
  assert.match(prov.html, /Sở Tư pháp/);
  // The province admin picks a unit by name, never by typing its code.
  assert.match(prov.html, /<option value="T20\.STP" selected>Sở Tư pháp tỉnh Lạng Sơn<\/option>/);
  assert.match(prov.html, /<option value="">Toàn tỉnh<\/option>/);
  assert.doesNotMatch(prov.html, /<input id="don_vi"/);
  const form = await getForm(srv.url, '/quan-tri/chat-luong', jars.qtt);
  assert.equal(form.status, 200);
});

// ---- issue 12: the dashboard does not contradict itself ----

const strip = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ');

test('a period is typed as 02/2026 or 2026-02 on every dashboard, with the same figures', async () => {
  for (const path of ['/chat-luong', '/chat-luong/T20.SXD', '/chat-luong/T20.SXD/giai_quyet_dung_han']) {
    const iso = await page(`${path}?ky=2026-02`);
    const vn = await page(`${path}?ky=${encodeURIComponent(' 02/2026 ')}`);
    assert.equal(vn.status, 200, path);
    assert.match(vn.html, /data-period="2026-02"/, path);
    assert.doesNotMatch(vn.html, /period-problem/, path);
    const score = (h) => /data-test="score">([\s\S]*?)<\/p>/.exec(h)?.[1];
    assert.equal(score(vn.html), score(iso.html), path);
  }
  const ld = await page(`/quan-tri/chat-luong?ky=${encodeURIComponent('02/2026')}`, jars.ldxd);
  assert.equal(ld.status, 200);
  assert.match(ld.html, /data-period="2026-02"/);
  const q = await page(`/chat-luong?ky=${encodeURIComponent('Q1/2026')}`);
  assert.match(q.html, /data-period="2026-Q1">quý 1\/2026</);
  const fb = await page(`/phan-anh/thong-ke?month=${encodeURIComponent('02/2026')}`);
  assert.equal(fb.status, 200);
  assert.match(fb.html, /data-test="month">02\/2026</);
});

test('a future period is refused on the same page, with the form, not scored', async () => {
  for (const path of ['/chat-luong', '/chat-luong/T20.STP', '/chat-luong/tinh/giai_quyet_dung_han']) {
    const p = await page(`${path}?ky=2030-01`);
    assert.equal(p.status, 400, path);
    assert.match(p.html, /data-test="period-problem">Kỳ tháng 01\/2030 chưa bắt đầu/, path);
    assert.match(p.html, /<form method="get" class="inline-form period-form has-error"/, path);
    assert.match(p.html, /<input id="ky" name="ky" value="2030-01"/, path);
    assert.doesNotMatch(p.html, /data-period="2030-01"/, path);   // no score for 2030
    assert.match(p.html, /Đang hiển thị tháng/, path);
  }
  const ld = await page('/quan-tri/chat-luong?ky=2030-01', jars.qtt);
  assert.equal(ld.status, 400);
  assert.match(ld.html, /chưa bắt đầu/);
  assert.match(ld.html, /data-period="2026-03"/);   // the leader's default: this month
  const garbled = await page('/chat-luong?ky=th%C3%A1ng+hai');
  assert.equal(garbled.status, 400);
  assert.match(garbled.html, /Không hiểu kỳ “tháng hai”/);
  assert.match(garbled.html, /data-test="ranking-agencies"/);   // still the whole dashboard
});

test('late lists name agencies; shares of nothing say "chưa có dữ liệu"', async () => {
  const p = await page('/chat-luong?ky=2026-02');
  const late = /data-test="late-dossiers"[\s\S]*?<\/table>/.exec(p.html)[0];
  assert.match(late, /Sở Xây dựng tỉnh Lạng Sơn/);
  assert.doesNotMatch(late, /<td>(T20\.\w+|X\d+\.UBND)<\/td>/);
  // No feedback in February: pakn_* get full points, but no 100%.
  const row = /<tr data-indicator="pakn_dung_han">[\s\S]*?<\/tr>/.exec(p.html)[0];
  assert.match(strip(row), /chưa có dữ liệu/);
  assert.doesNotMatch(row, /100/);
  assert.match(strip(row), /6,00 \(không phát sinh: tính đủ điểm\)/);
  const ind = await page('/chat-luong/tinh/pakn_hai_long?ky=2026-02');
  assert.match(ind.html, /data-test="ratio">chưa có dữ liệu</);
  // A month without ratings: no 0% and no 100% either.
  const jan = await page('/chat-luong?ky=2025-06');
  assert.match(jan.html, /data-test="ratings-pct">chưa có dữ liệu</);
  const fb = await page('/phan-anh/thong-ke?month=2026-02');
  assert.doesNotMatch(strip(fb.html), /\(100%\)|\(0%\)/);
});

test('ratings agree with the index: imported DanhGia values are counted', async () => {
  const p = await page('/chat-luong?ky=2026-02');
  // 4 agencies x 10 February dossiers, each rated (one "Không hài lòng" each).
  assert.match(p.html, /data-test="ratings-rated">40</);
  assert.match(p.html, /data-test="ratings-pct">90%</);
  const doc = await api('/api/v1/index?period=2026-02');
  const sat = doc.groups.flatMap((g) => g.indicators).find((i) => i.key === 'hai_long_tthc');
  assert.equal(sat.denominator, 40);
  // The leaders' page and the public drill-down show the same figures for the period.
  const ld = await page('/quan-tri/chat-luong?ky=2026-02', jars.qtt);
  const weak = /<tr data-indicator="hai_long_tthc">([\s\S]*?)<\/tr>/.exec(ld.html)[1];
  assert.match(strip(weak), new RegExp(`${sat.numerator} / ${sat.denominator}`));
  const drill = await page('/chat-luong/tinh/hai_long_tthc?ky=2026-02');
  assert.match(drill.html, new RegExp(`data-test="numerator">${sat.numerator}<`));
  const share = /data-test="ratio">([^<]+)</.exec(drill.html)[1];
  assert.ok(strip(weak).includes(share), `${share} in ${strip(weak)}`);
});

test('the CSV export neutralises names a spreadsheet would run as formulas; numbers stay numbers', async () => {
  const file = join(srv.tmpdir, 'formula-agencies.csv');
  writeFileSync(file, 'ma_don_vi,ten_don_vi,ma_dvhc,ma_don_vi_cha\n'
    + 'T20.CT1,=1+1,20,T20.UBND\nT20.CT2,+84 Sở thử,20,T20.UBND\n'
    + 'T20.CT3,-Sở thử,20,T20.UBND\nT20.CT4,@SUM(A1),20,T20.UBND\n');
  motcua(srv, 'import', 'agencies', file);
  const text = await (await fetch(`${srv.url}/chat-luong/xuat.csv?ky=2026-03`)).text();
  for (const name of ['=1+1', '+84 Sở thử', '-Sở thử', '@SUM(A1)']) {
    assert.ok(text.includes(`,"'${name}",`), `${name} is written as text`);
    assert.ok(!text.includes(`,"${name}",`), `${name} is never written as it was`);
  }
  const feb = await (await fetch(`${srv.url}/chat-luong/xuat.csv?ky=2026-02`)).text();
  assert.match(feb, /,-\d+\r\n/, 'a rank that fell is a negative number, not text');
});

test('motcua index --format csv neutralises them too; numbers stay numbers', () => {
  const index = (...args) => execFileSync(bin(), ['index', ...args, '--format', 'csv',
    '--db', srv.db, '--data-dir', srv.tmpdir],
  { env: { ...process.env, MOTCUA_NOW: NOW }, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  const march = index('--period', '2026-03', '--kind', 'agencies');
  assert.match(march, /^"hang","ma","ten",/);
  for (const name of ['=1+1', '+84 Sở thử', '-Sở thử', '@SUM(A1)']) {
    assert.ok(march.includes(`,"'${name}",`), `${name} is written as text`);
    assert.ok(!march.includes(`,"${name}",`), `${name} is never written as it was`);
  }
  assert.match(index('--period', '2026-02', '--kind', 'agencies'), /,-\d+\n/,
    'a rank that fell is a negative number, not text');
});
