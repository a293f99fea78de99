// tests/http/index.test.mjs - the 766 index over HTTP: `motcua import
// dossiers` of a small generated file into the server's database, then
// `motcua index --format json` must equal GET /api/v1/index for the same
// unit and period; the ranking API, the late list and a bad period (400).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './lib/server.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = () => process.env.MOTCUA_BIN || join(root, 'build/dev/motcua');
// The generator writes dossiers from 2025-01-01, 30 s apart (300 in ~2.5 h).
const NOW = '2025-03-10T09:00:00+07:00';
let srv;

const cli = (args) => execFileSync(bin(), [...args, '--db', srv.db,
  '--data-dir', srv.tmpdir], { env: { ...process.env, MOTCUA_NOW: NOW },
  stdio: ['ignore', 'pipe', 'pipe'] }).toString();

const api = async (path) => {
  const res = await fetch(srv.url + path);
  return { status: res.status, body: await res.json() };
};

before(async () => {
  srv = await startServer({ env: { MOTCUA_NOW: NOW } });
  const gen = join(srv.tmpdir, 'gen_dossiers');
  execFileSync('cc', ['-std=c17', '-O2', join(root, 'bench/gen_dossiers.c'), '-o', gen]);
  const data = execFileSync(gen, ['3000', '7'], { maxBuffer: 64 * 1024 * 1024 });
  writeFileSync(join(srv.tmpdir, 'd.jsonl'), data);
  writeFileSync(join(srv.tmpdir, 'units.json'), execFileSync(gen, ['--units']));
  writeFileSync(join(srv.tmpdir, 'agencies.csv'), execFileSync(gen, ['--agencies']));
  cli(['import', 'units', join(srv.tmpdir, 'units.json')]);
  cli(['import', 'agencies', join(srv.tmpdir, 'agencies.csv')]);   // the import checks MaDonVi
  cli(['import', 'dossiers', join(srv.tmpdir, 'd.jsonl')]);
});

after(async () => {
  await srv.stop();
});

for (const [unit, period] of [['', '2025-01'], ['T20.S03', '2025-01'], ['T20.S03', '2025-Q1'],
  ['', '2025-01-01..2025-01-02']]) {
  test(`CLI and API agree: unit "${unit}" period ${period}`, async () => {
    const args = ['index', '--period', period, '--format', 'json'];
    const cliDoc = JSON.parse(cli(unit ? [...args, '--unit', unit] : [...args]));
    const doc = unit ? cliDoc : cliDoc.province;
    const q = `/api/v1/index?period=${encodeURIComponent(period)}` +
      (unit ? `&unit=${encodeURIComponent(unit)}` : '');
    const { status, body } = await api(q);
    assert.equal(status, 200);
    assert.deepEqual(body, doc);
    assert.equal(body.period, period);
    assert.equal(body.unit, unit);
    assert.equal(body.groups.length, 6);
    const keys = body.groups.flatMap((g) => g.indicators.map((i) => i.key));
    assert.equal(keys.length, 21);
    const tienDo = body.groups.find((g) => g.key === 'tien_do').indicators[0];
    assert.ok(tienDo.denominator > 0, 'dossiers counted');
    for (const g of body.groups) {
      for (const i of g.indicators) {
        for (const k of ['key', 'name', 'numerator', 'denominator', 'ratio', 'points', 'max']) {
          assert.ok(k in i, `${i.key} has ${k}`);
        }
      }
    }
    const noData = body.groups.find((g) => g.key === 'cong_khai').indicators[0];
    assert.equal(noData.state, 'chua_co_du_lieu');
    const pakn = body.groups.find((g) => g.key === 'hai_long').indicators[0];
    assert.equal(pakn.points, 6);
  });
}

test('ranking: CLI and API agree, ranks ordered by total', async () => {
  const cliDoc = JSON.parse(cli(['index', '--period', '2025-01', '--kind', 'agencies']));
  const { status, body } = await api('/api/v1/index/ranking?period=2025-01');
  assert.equal(status, 200);
  assert.deepEqual(body, cliDoc);
  assert.equal(body.previous, '2024-12');
  assert.ok(body.units.length > 10);
  for (let i = 1; i < body.units.length; i++) {
    if (body.units[i].rank === null) continue;
    assert.ok(body.units[i - 1].total >= body.units[i].total);
  }
});

test('late list has no citizen data', async () => {
  const { status, body } = await api('/api/v1/index/late?period=2025-01');
  assert.equal(status, 200);
  assert.ok(body.total > 0);
  const text = JSON.stringify(body);
  assert.ok(!text.includes('MaHoSoCongDan') && !/CD\d{9}/.test(text));
  assert.ok(body.dossiers[0].days_late >= body.dossiers.at(-1).days_late);
});

test('bad period: 400 with a Vietnamese message', async () => {
  for (const p of ['2025-13', 'tháng 1', '', '2025-1']) {
    const { status, body } = await api(`/api/v1/index?period=${encodeURIComponent(p)}`);
    assert.equal(status, 400);
    assert.match(body.error.message, /Kỳ đánh giá không hợp lệ/);
  }
  const { status } = await api('/api/v1/index/ranking?period=2025-01&kind=huyen');
  assert.equal(status, 400);
  const unknown = await api('/api/v1/index?period=2025-01&unit=KHONGCO');
  assert.equal(unknown.status, 404);
});
