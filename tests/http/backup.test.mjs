// tests/http/backup.test.mjs - backups while serving, restore into a new
// place, the scheduled backup with its retention and /metrics age, and the
// move of a SQLite deployment (the demo) into PostgreSQL.
//
// The backup and restore tests run on every lane (SQLite: the online
// backup API; PostgreSQL: pg_dump and pg_restore).  The move needs a
// PostgreSQL server: it runs on the PostgreSQL lane (MOTCUA_TEST_PG).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, motcuaBin, pgAdmin, dbRows, dbText, dbCheck, getForm }
  from './lib/server.mjs';
import { registerCitizen, submitDossier, loadAgencies } from './lib/dossier-helpers.mjs';
import { bannerAccounts } from './lib/demo.mjs';
import { byLogin } from './lib/feedback-helpers.mjs';

const NOW = '2026-02-13T09:00:00+07:00';
const PG = pgAdmin();
let pgSeq = 0;

/** A new database with no tables (not even migrated): a SQLite path or a PostgreSQL URL. */
function emptyDatabase(dir) {
  if (!PG) return `sqlite:${join(dir, 'restored.db')}`;
  const name = `bk_${process.pid}_${pgSeq++}`;
  execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', PG, '-c',
    `CREATE DATABASE ${name}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  return PG.replace(/\/[^/]*$/, `/${name}`);
}

function dropDatabase(url) {
  const m = /\/(bk_[0-9_]+)$/.exec(url);
  if (!m || !PG) return;
  spawnSync('psql', ['-X', '-q', PG, '-c', `DROP DATABASE IF EXISTS ${m[1]} WITH (FORCE)`]);
}

/** Run motcua with args; resolves to { code, stdout, stderr } without blocking the loop. */
function run(args, env = {}) {
  return new Promise((resolve) => {
    const p = spawn(motcuaBin(), args, { env: { ...process.env, MOTCUA_LOG_ACCESS: '0', ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c) => { stdout += c; });
    p.stderr.on('data', (c) => { stderr += c; });
    p.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const quote = (s) => `'${s.replace(/'/g, "''")}'`;

test('a backup taken while dossiers are submitted restores every dossier acknowledged before it',
  async () => {
    const srv = await startServer({ env: { MOTCUA_NOW: NOW } });
    const work = mkdtempSync(join(tmpdir(), 'motcua-backup-'));
    let target = null;
    try {
      loadAgencies(srv);
      const citizens = [await registerCitizen(srv, 'Trần Văn Sao'),
        await registerCitizen(srv, 'Lê Thị Lưu')];
      const acked = [];   // { code, at }
      let stop = false;
      const worker = async (jar) => {
        while (!stop) {
          const r = await submitDossier(srv, jar);
          assert.equal(r.status, 303, r.html);
          acked.push({ code: r.code, at: Date.now() });
        }
      };
      const workers = citizens.map((c) => worker(c.jar));
      while (acked.length < 4) await new Promise((r) => setTimeout(r, 50));
      const startedAt = Date.now();
      const backup = await run(['backup', '--to', join(work, 'bk'), '--db', srv.db,
        '--data-dir', srv.tmpdir]);
      while (acked.length < acked.filter((a) => a.at <= startedAt).length + 2) {
        await new Promise((r) => setTimeout(r, 50));
      }
      stop = true;
      await Promise.all(workers);
      assert.equal(backup.code, 0, backup.stderr);
      assert.match(backup.stdout, /đã sao lưu cơ sở dữ liệu/);
      const before = acked.filter((a) => a.at <= startedAt).map((a) => a.code);
      assert.ok(before.length >= 4);

      // Restore into a fresh database and data folder.
      target = emptyDatabase(work);
      const dataDir = join(work, 'restored-data');
      const restore = await run(['restore', '--from', join(work, 'bk'), '--db', target,
        '--data-dir', dataDir]);
      assert.equal(restore.code, 0, restore.stderr);
      const codes = new Set(dbRows(target, 'SELECT code FROM dossiers').map((r) => r.code));
      for (const code of before) assert.ok(codes.has(code), `dossier ${code} lost`);
      assert.equal(dbCheck(target), 'ok');
      // Every file a restored row names is in the restored store (or still staged in it).
      const files = dbRows(target, `SELECT f.sha256, f.path FROM dossier_files f
        JOIN dossiers d ON d.id = f.dossier_id
        WHERE d.code IN (${before.map(quote).join(', ')})`);
      assert.ok(files.length >= before.length);
      const staged = new Set(dbRows(target, 'SELECT sha256 FROM staged_files')
        .map((r) => r.sha256));
      for (const f of files) {
        assert.ok(existsSync(join(dataDir, 'files', f.path)) || staged.has(f.sha256),
          `file ${f.path} missing`);
      }

      // A second restore into the same (now used) place is refused and changes nothing.
      const count = dbText(target, 'SELECT count(*) FROM dossiers');
      const again = await run(['restore', '--from', join(work, 'bk'), '--db', target,
        '--data-dir', dataDir]);
      assert.equal(again.code, 3);
      assert.match(again.stderr, /đã có dữ liệu; thêm --replace/);
      assert.equal(dbText(target, 'SELECT count(*) FROM dossiers'), count);
      // With --replace it goes ahead.
      const replaced = await run(['restore', '--from', join(work, 'bk'), '--db', target,
        '--data-dir', dataDir, '--replace']);
      assert.equal(replaced.code, 0, replaced.stderr);
      assert.equal(dbText(target, 'SELECT count(*) FROM dossiers'), count);

      // A backup folder that exists already is refused.
      const clash = await run(['backup', '--to', join(work, 'bk'), '--db', srv.db,
        '--data-dir', srv.tmpdir]);
      assert.equal(clash.code, 1);
      assert.match(clash.stderr, /thư mục sao lưu đã có/);
    } finally {
      await srv.stop();
      if (target) dropDatabase(target);
      rmSync(work, { recursive: true, force: true });
    }
  });

test('the scheduled backup keeps the newest MOTCUA_BACKUP_KEEP and /metrics tells its age',
  async () => {
    const root = mkdtempSync(join(tmpdir(), 'motcua-backups-'));
    const old = (name, created) => {
      mkdirSync(join(root, name));
      writeFileSync(join(root, name, 'MANIFEST'), `motcua-backup 1\nbackend sqlite\n` +
        `database database.sqlite\ncreated ${created}\nfiles 0\n`);
    };
    const now = Math.floor(Date.parse(NOW) / 1000);
    old('motcua-20260210-010000', now - 3 * 86400);
    old('motcua-20260211-010000', now - 2 * 86400);
    old('motcua-20260212-010000', now - 86400 - 60);
    mkdirSync(join(root, 'motcua-20260212-020000.partial'));   // an interrupted run
    const srv = await startServer({ env: { MOTCUA_NOW: NOW, MOTCUA_BACKUP_DIR: root,
      MOTCUA_BACKUP_KEEP: '2' } });
    try {
      // The server's clock starts at MOTCUA_NOW (02:00 UTC) and runs on: the new backup is
      // named after the moment the job ran, a few seconds later on a loaded machine.
      let names = [];
      let made;
      for (let i = 0; i < 300 && !(made && names.length === 2); i++) {
        if (i) await new Promise((r) => setTimeout(r, 100));
        names = readdirSync(root).sort();   // the old ones go right after the new one is made
        made = names.find((n) => /^motcua-20260213-02\d{4}$/.test(n));
      }
      assert.ok(made, `no new backup in ${names}`);
      assert.deepEqual(names, ['motcua-20260212-010000', made]);
      assert.ok(existsSync(join(root, made, 'MANIFEST')));
      assert.ok(existsSync(join(root, made, 'database.sqlite'))
        || existsSync(join(root, made, 'database.pgdump')));
      const metrics = await fetch(`${srv.url}/metrics`);
      const text = await metrics.text();
      // The server's clock starts at MOTCUA_NOW and runs on: the backup is minutes old at most.
      const age = /^motcua_backup_age_seconds (\d+)$/m.exec(text);
      assert.ok(age, text);
      assert.ok(Number(age[1]) < 600, age[0]);
    } finally {
      await srv.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });

test('the demo database moves into PostgreSQL, resumes after an interruption and serves',
  { skip: !PG && 'PostgreSQL lane' }, async () => {
    const work = mkdtempSync(join(tmpdir(), 'motcua-move-'));
    const sqlite = `sqlite:${join(work, 'demo.db')}`;
    let target = null;
    let pgSrv = null;
    try {
      const demo = await startServer({ command: 'demo', db: sqlite, env: { MOTCUA_NOW: NOW },
        keepTmp: true, startTimeoutMs: 120000 });
      const applicant = bannerAccounts(demo.output()).applicants
        .find((a) => a.login.length === 12);
      const demoData = demo.tmpdir;
      await demo.stop();
      const [known] = dbRows(sqlite, `SELECT d.code, d.status FROM dossiers d
        JOIN users u ON u.id = d.applicant_id WHERE ${byLogin({ tmpdir: demoData },
    applicant.login, 'u.login')}
        ORDER BY d.id LIMIT 1`);
      assert.ok(known, 'the demo applicant has a dossier');
      const total = dbText(sqlite, 'SELECT count(*) FROM dossiers');

      target = emptyDatabase(work);
      const part = await run(['migrate-to-postgres', '--from', sqlite, '--to', target,
        '--max-tables', '5']);
      assert.notEqual(part.code, 3, part.stderr);
      assert.match(part.stdout, /để sau/);
      const rest = await run(['migrate-to-postgres', '--from', sqlite, '--to', target]);
      assert.equal(rest.code, 0, rest.stderr);
      assert.match(rest.stdout, /đã có sẵn +users/);
      assert.match(rest.stdout, /đã chép +dossiers +\d+ dòng, mã kiểm tra [0-9a-f]{16}/);
      assert.match(rest.stdout, /^xong: /m);
      assert.equal(dbText(target, 'SELECT count(*) FROM dossiers'), total);

      // Serve it with the demo's data folder (its keys and files).
      const dataDir = join(work, 'data');
      mkdirSync(dataDir);
      for (const f of ['data.key', 'secret.key']) {
        copyFileSync(join(demoData, f), join(dataDir, f));
      }
      pgSrv = await startServer({ db: target, args: ['--data-dir', dataDir],
        env: { MOTCUA_NOW: NOW } });
      const page = await getForm(pgSrv.url,
        `/tra-cuu?ma=${encodeURIComponent(known.code)}&kiem_tra=${applicant.login.slice(-4)}`);
      assert.equal(page.status, 200);
      assert.ok(page.html.includes(known.code));
      assert.doesNotMatch(page.html, /Không tìm thấy hồ sơ/);
      rmSync(demoData, { recursive: true, force: true });

      // Once the target has data of its own, the move refuses and writes nothing.
      execFileSync(motcuaBin(), ['user', 'add', '--login', 'moi.them', '--name', 'Cán bộ Mới',
        '--password', 'mat-khau-du-dai-2026', '--roles', 'reception', '--agency', 'T20.STP',
        '--db', target, '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
      const users = dbText(target, 'SELECT count(*) FROM users');
      const refused = await run(['migrate-to-postgres', '--from', sqlite, '--to', target]);
      assert.equal(refused.code, 3);
      assert.match(refused.stderr, /bảng users ở nơi đích đã có dữ liệu khác/);
      assert.equal(dbText(target, 'SELECT count(*) FROM users'), users);
    } finally {
      await pgSrv?.stop();
      if (target) dropDatabase(target);
      rmSync(work, { recursive: true, force: true });
    }
  });

test('a restore whose file copy fails leaves no short file for the next restore to keep',
  { timeout: 120000 }, async () => {
    const work = mkdtempSync(join(tmpdir(), 'motcua-bk-part-'));
    const srv = await startServer();
    let target = null;
    try {
      const bk = join(work, 'bk');
      const made = await run(['backup', '--to', bk, '--db', srv.db, '--data-dir', srv.tmpdir]);
      assert.equal(made.code, 0, made.stderr);
      // A store entry that cannot be read as a file makes the copy fail after it began.
      const name = 'cdef0123456789';
      mkdirSync(join(bk, 'files', 'ab', name), { recursive: true });
      target = emptyDatabase(work);
      const dataDir = join(work, 'restored-data');
      const failed = await run(['restore', '--from', bk, '--db', target, '--data-dir', dataDir]);
      assert.notEqual(failed.code, 0);
      assert.match(failed.stderr, /không chép lại được kho tệp/);
      assert.equal(existsSync(join(dataDir, 'files', 'ab', name)), false);
      // Mended, the backup restores the whole file.
      rmSync(join(bk, 'files', 'ab', name), { recursive: true });
      writeFileSync(join(bk, 'files', 'ab', name), 'nội dung tệp');
      const again = await run(['restore', '--from', bk, '--db', target, '--data-dir', dataDir,
        '--replace']);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(readFileSync(join(dataDir, 'files', 'ab', name), 'utf8'), 'nội dung tệp');
      assert.deepEqual(readdirSync(join(dataDir, 'files', 'ab')), [name]);
    } finally {
      await srv.stop();
      if (target) dropDatabase(target);
      rmSync(work, { recursive: true, force: true });
    }
  });
