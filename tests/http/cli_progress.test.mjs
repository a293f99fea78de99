// cli_progress.test.mjs - long commands show their progress on a terminal
// (rows done, rate, time left, redrawn in place on stderr) and print
// nothing of it when their output goes to a pipe or a file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bin } from './lib/feedback-helpers.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEMO = join(ROOT, 'data/demo');
let dir;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'motcua-progress-'));
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

const common = () => ['--db', join(dir, 't.db'), '--data-dir', dir];
const env = () => ({ ...process.env, MOTCUA_LOG_ACCESS: '0' });

/** Run motcua with every stream a pipe: { status, stdout, stderr }. */
function piped(...args) {
  const r = spawnSync(bin(), [...args, ...common()], { env: env(), encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Marks of a progress line: the carriage return, "erase line", a rate or "xong". */
function hasProgress(text) {
  return /\r|\x1b\[K|\/giây|: xong /.test(text);
}

/** A few dossiers in the national sync format, for the dossier import. */
function dossiers() {
  const lines = [];
  for (let i = 1; i <= 3; i += 1) {
    lines.push(JSON.stringify({
      MaHoSo: `T20.STP-P${String(i).padStart(4, '0')}`, MaTTHC: '1.001193', MaDonVi: 'T20.STP',
      KenhThucHien: 2, TrangThaiHoSo: 10, NgayTiepNhan: '2026-02-02T08:00:00+07:00',
      NgayHenTra: '2026-02-09T08:00:00+07:00', NgayKetThucXuLy: '2026-02-05T08:00:00+07:00',
      NgayTraKetQua: '2026-02-05T09:00:00+07:00', SoLanBoSung: 0, ThoiGianBoSung: 0,
      DuocThanhToanTrucTuyen: 0, CoPhi: 0, CoKetQuaDienTu: 1, DuocSoHoa: 1, TaiSuDungDuLieu: 0,
      DanhGia: 1, CoPhanAnh: 0, MaHoSoCongDan: `CD${i}`,
    }));
  }
  return `${lines.join('\n')}\n`;
}

test('imports, the export and the index rebuild print no progress into a pipe', () => {
  writeFileSync(join(dir, 'dossiers.jsonl'), dossiers());
  const runs = [
    ['import', 'units', join(DEMO, 'units.json')],
    ['import', 'agencies', join(DEMO, 'agencies.csv')],
    ['import', 'procedures', join(DEMO, 'procedures.jsonl')],
    ['import', 'dossiers', join(dir, 'dossiers.jsonl')],
    ['import', 'faq', join(DEMO, 'faq.csv')],
    ['export', 'dossiers'],
    ['index', '--rebuild'],
  ];
  for (const args of runs) {
    const r = piped(...args);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.ok(!hasProgress(r.stderr), `${args.join(' ')} wrote progress to a pipe:\n${r.stderr}`);
    assert.ok(!hasProgress(r.stdout), `${args.join(' ')} wrote progress to stdout`);
  }
  const exported = piped('export', 'dossiers').stdout.trim().split('\n');
  assert.equal(exported.length, 3, 'the export writes its rows, only them, to stdout');
  assert.ok(exported.every((l) => l.startsWith('{"MaHoSo":"T20.STP-P')));
});

// `script` (util-linux) runs a command on a pseudo-terminal, as a person would.
const hasScript = spawnSync('script', ['--version']).status === 0;

test('on a terminal the import shows rows, then what it wrote', { skip: !hasScript }, () => {
  const cmd = [bin(), 'import', 'procedures', join(DEMO, 'procedures.jsonl'), ...common()]
    .map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const out = execFileSync('script', ['-qec', cmd, '/dev/null'], { env: env() }).toString();
  assert.match(out, /\rNhập thủ tục hành chính – đọc tệp: 1 dòng/);
  assert.match(out, /\rNhập thủ tục hành chính – ghi: 1\/\d+ thủ tục \(\d+,\d%\)/);
  assert.match(out, /\rNhập thủ tục hành chính – ghi: xong \d+ thủ tục trong \d+,\d giây/);
  assert.match(out, /\x1b\[K/, 'each redraw erases the rest of the line');
});
