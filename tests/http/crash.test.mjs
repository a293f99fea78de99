// crash.test.mjs - no acknowledged submission is lost when the server is
// killed (kill -9) in the middle of a burst of submissions from several
// parallel clients (DESIGN.md §7).  After a restart on the same database
// and data folder: every submission answered with a 303 to
// /ho-so/{code}?moi=1 exists with all its files (downloaded and compared
// byte for byte), and nothing is half-written: no dossier without its
// first event, no dossier_files row without its file on disk (checked
// in the database and the file store), and the database passes the
// backend's consistency check.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, dbRows, dbCheck } from './lib/server.mjs';
import { get, loadAgencies, pdfBytes, registerCitizen, submitDossier }
  from './lib/dossier-helpers.mjs';

const NOW = '2026-03-02T09:00:00+07:00';
const CLIENTS = 4;             // parallel citizens submitting
const ACKED_BEFORE_KILL = 12;  // acknowledged submissions per round before the kill
const ROUNDS = 2;

let dir = null;                // the data folder kept across restarts
let db = null;                 // and the database
let live = null;               // the running server

after(async () => {
  await live?.stop().catch(() => {});
  if (dir && process.env.MOTCUA_KEEP_TMP !== '1') rmSync(dir, { recursive: true, force: true });
});

const sha = (b) => createHash('sha256').update(b).digest('hex');

const sqlJson = (query) => dbRows(db, query);

/** Start (or restart) the server on the kept folder. */
async function boot() {
  if (!dir) {
    const srv = await startServer({ keepTmp: true, env: { MOTCUA_NOW: NOW } });
    dir = srv.tmpdir;
    db = srv.db;
    return srv;
  }
  return startServer({ db, env: { MOTCUA_NOW: NOW }, args: ['--data-dir', dir] });
}

/**
 * Each citizen submits in a loop (two files each) until stop() is called
 * or the server goes away; acknowledged submissions are pushed to acked.
 */
let cutOff = 0;                // requests the kill cut off (not acknowledged)

function burst(srv, citizens, acked) {
  let stopped = false;
  const loops = citizens.map(async (c, k) => {
    for (let i = 0; !stopped; i++) {
      const files = { doc_0: pdfBytes(`c${k} n${i} a ${Math.random()}`),
        doc_1: pdfBytes(`c${k} n${i} b ${Math.random()}`) };
      try {
        const r = await submitDossier(srv, c.jar, { files });
        if (r.status === 303 && r.code) acked.push({ code: r.code, owner: c, files: r.files });
        else if (r.status >= 500) return;
      } catch {
        cutOff++;   // the server was killed mid-request: not acknowledged
        return;
      }
    }
  });
  return { done: Promise.all(loops), stop: () => { stopped = true; } };
}

async function waitFor(pred, ms) {
  const end = Date.now() + ms;
  while (!pred() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return pred();
}

test('kill -9 during a burst of submissions loses no acknowledged dossier', async () => {
  let srv = await boot();
  live = srv;
  loadAgencies(srv);   // the CLI writes the same database
  const citizens = [];
  for (let i = 0; i < CLIENTS; i++) citizens.push(await registerCitizen(srv, `Công dân ${i + 1}`));
  const acked = [];

  for (let round = 0; round < ROUNDS; round++) {
    const start = acked.length;
    const b = burst(srv, citizens, acked);
    const reached = await waitFor(() => acked.length - start >= ACKED_BEFORE_KILL, 120000);
    assert.ok(reached, `round ${round}: ${acked.length - start} acknowledged before the kill`);
    srv.proc.kill('SIGKILL');               // requests are in flight on every client
    if (srv.proc.exitCode === null && srv.proc.signalCode === null) {
      await new Promise((r) => srv.proc.once('exit', r));
    }
    if (srv.tmpdir !== dir) rmSync(srv.tmpdir, { recursive: true, force: true });
    b.stop();
    await b.done;
    srv = await boot();                      // same database, same data folder
    live = srv;
  }

  // Every acknowledged submission is there, with every file, byte for byte.
  assert.ok(acked.length >= ROUNDS * ACKED_BEFORE_KILL);
  assert.ok(cutOff >= 1, 'the kills hit submissions in flight');
  for (const a of acked) {
    const page = await get(srv, `/ho-so/${encodeURIComponent(a.code)}`, a.owner.jar);
    assert.equal(page.status, 200, `${a.code} readable by its owner after the restart`);
    const rows = sqlJson(`SELECT f.id, f.sha256 FROM dossier_files f JOIN dossiers d
      ON d.id = f.dossier_id WHERE d.code = '${a.code}' ORDER BY f.id`);
    const want = Object.values(a.files).map(sha).sort();
    assert.deepEqual(rows.map((r) => r.sha256).sort(), want, `${a.code}: its files`);
    for (const r of rows) {
      const dl = await get(srv, `/ho-so/${encodeURIComponent(a.code)}/tep/${r.id}`, a.owner.jar);
      assert.equal(dl.status, 200, `${a.code}: file ${r.id} downloads`);
      assert.equal(sha(Buffer.from(await dl.arrayBuffer())), r.sha256, `${a.code}: bytes`);
    }
  }

  // Nothing half-written, acknowledged or not.
  const headless = sqlJson(`SELECT code FROM dossiers d WHERE origin = 'native' AND NOT EXISTS
    (SELECT 1 FROM dossier_events e WHERE e.dossier_id = d.id AND e.from_status IS NULL
     AND e.action IN ('submit', 'intake'))`);
  assert.deepEqual(headless, [], 'every dossier has its first event');
  // Each file row names bytes that are there: in the file store, or still
  // staged in the database (uploads are moved to disk in a quiet moment).
  const files = sqlJson('SELECT id, sha256, path FROM dossier_files');
  assert.ok(files.length >= 2 * acked.length);
  const staged = new Map(sqlJson('SELECT sha256, bytes FROM staged_files')
    .map((r) => [r.sha256, Buffer.from(r.bytes, 'hex')]));
  for (const f of files) {
    const p = join(dir, 'files', f.path);
    const bytes = existsSync(p) ? readFileSync(p) : staged.get(f.sha256);
    assert.ok(bytes, `dossier_files ${f.id}: ${f.path} on disk or staged`);
    assert.equal(sha(bytes), f.sha256, `dossier_files ${f.id}: content`);
  }
  // Then the background task moves every staged upload to disk.
  const waiting = () => Number(sqlJson('SELECT count(*) AS n FROM staged_files')[0].n);
  const moved = await waitFor(() => waiting() === 0, 60000);
  assert.ok(moved, 'staged uploads moved to the file store');
  for (const f of files) {
    const p = join(dir, 'files', f.path);
    assert.ok(existsSync(p), `dossier_files ${f.id}: ${f.path} exists after the move`);
    assert.equal(sha(readFileSync(p)), f.sha256, `dossier_files ${f.id}: content on disk`);
  }
  const orphanRows = sqlJson(`SELECT f.id FROM dossier_files f LEFT JOIN dossiers d
    ON d.id = f.dossier_id WHERE d.id IS NULL`);
  assert.deepEqual(orphanRows, [], 'no file row without its dossier');
  const noFiles = sqlJson(`SELECT code FROM dossiers d WHERE origin = 'native' AND NOT EXISTS
    (SELECT 1 FROM dossier_files f WHERE f.dossier_id = d.id)`);
  assert.deepEqual(noFiles, [], 'every dossier (all were lodged with files) has its files');
  assert.equal(dbCheck(db), 'ok');
  // The same idempotency key never made two dossiers.
  const dup = sqlJson(`SELECT applicant_id, idempotency_key, count(*) AS n FROM dossiers
    WHERE origin = 'native' GROUP BY applicant_id, idempotency_key HAVING count(*) > 1`);
  assert.deepEqual(dup, []);
  await srv.stop();
  live = null;
});
