// imports.test.mjs - issue 13: imports are all or nothing and say which
// line is wrong and why, in Vietnamese.  A dossier for an agency missing
// from the catalogue, and an FAQ row with a missing (or an extra) column,
// refuse the whole file and change nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from './lib/server.mjs';
import { bin, loadAgencies, sql } from './lib/feedback-helpers.mjs';

let srv;
before(async () => {
  srv = await startServer();
  loadAgencies(srv);
});
after(async () => { await srv?.stop(); });

function run(...args) {
  const r = spawnSync(bin(), [...args, '--db', srv.db, '--data-dir', srv.tmpdir],
    { env: { ...process.env, MOTCUA_LOG_ACCESS: '0' }, encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

function dossier(code, agency) {
  return JSON.stringify({
    MaHoSo: code, MaTTHC: '1.001193', MaDonVi: agency, KenhThucHien: 2, TrangThaiHoSo: 10,
    NgayTiepNhan: '2026-02-02T08:00:00+07:00', NgayHenTra: '2026-02-09T08:00:00+07:00',
    NgayKetThucXuLy: '2026-02-05T08:00:00+07:00', NgayTraKetQua: '2026-02-05T09:00:00+07:00',
  });
}

test('a dossier for an agency missing from the catalogue refuses the whole file', () => {
  const file = join(srv.tmpdir, 'dossiers.jsonl');
  writeFileSync(file, [dossier('T20.STP-I0001', 'T20.STP'), dossier('X99-I0002', 'T99.KHONGCO'),
    dossier('T20.STP-I0003', 'T20.STP')].join('\n') + '\n');
  const r = run('import', 'dossiers', file);
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /dòng 2: MaDonVi T99\.KHONGCO không có trong danh mục cơ quan/);
  assert.equal(sql(srv, "SELECT COUNT(*) FROM dossiers WHERE origin = 'import'"), '0');

  writeFileSync(file, [dossier('T20.STP-I0001', 'T20.STP')].join('\n') + '\n');
  const ok = run('import', 'dossiers', file);
  assert.equal(ok.status, 0, ok.out);
  assert.equal(sql(srv, "SELECT COUNT(*) FROM dossiers WHERE origin = 'import'"), '1');
});

test('FAQ rows with a missing or an extra column refuse the whole file', () => {
  const file = join(srv.tmpdir, 'faq.csv');
  const before = sql(srv, 'SELECT COUNT(*) FROM assistant_faq');
  writeFileSync(file, 'question,answer,codes\n'
    + '"Cấp lại căn cước thế nào?","Nộp tại công an xã.",1.001193\n'
    + '"Đăng ký khai sinh ở đâu?","Ủy ban nhân dân xã."\n'
    + '"Phí hộ tịch?","Miễn phí.",1.001193,thừa\n');
  const r = run('import', 'faq', file);
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /dòng 3: có 2 cột trong khi dòng tiêu đề có 3 cột/);
  assert.match(r.out, /dòng 4: có 4 cột trong khi dòng tiêu đề có 3 cột/);
  assert.equal(sql(srv, 'SELECT COUNT(*) FROM assistant_faq'), before);
});
