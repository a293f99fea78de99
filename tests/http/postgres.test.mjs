// tests/http/postgres.test.mjs - motcua on PostgreSQL as a deployment sees
// it: a wrong URL stops the start with a clear message; two app servers on
// one database share sessions, forms, rate limits and fresh pages and
// never hand out the same dossier code;
// losing the database server while serving gives a Vietnamese 503 and the
// server recovers when it is back.
//
// The first test runs on every lane; the others on the PostgreSQL lane of
// scripts/test.sh (MOTCUA_TEST_PG).  The outage test starts a private
// cluster of its own (scripts/pg.sh), since it stops and restarts it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, motcuaBin, pgAdmin, dbText, getForm, postForm, formFields }
  from './lib/server.mjs';
import { byLogin } from './lib/feedback-helpers.mjs';
import { registerCitizen, submitDossier, loadAgencies, get, PASSWORD, addStaff, staffLogin,
  serverClock }
  from './lib/dossier-helpers.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PG = pgAdmin();
const NOW = '2026-02-13T09:00:00+07:00';

function builtWithPostgres() {
  const r = spawnSync(motcuaBin(), ['migrate', '--db', 'postgresql://x@127.0.0.1:1/y'],
    { encoding: 'utf8' });
  return !/chưa hỗ trợ/.test(r.stderr);
}

test('an unreachable PostgreSQL URL stops the start, naming host, port and database only',
  { skip: !builtWithPostgres() && 'built without libpq' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-pgurl-'));
    try {
      const r = spawnSync(motcuaBin(), ['serve', '--port', '0', '--data-dir', dir, '--db',
        'postgresql://motcua:s3cret@127.0.0.1:1/motcua_x'], { encoding: 'utf8', timeout: 20000 });
      assert.notEqual(r.status, 0);
      const err = r.stderr;
      assert.match(err, /không kết nối được cơ sở dữ liệu/);
      assert.match(err, /máy 127\.0\.0\.1, cổng 1, cơ sở dữ liệu motcua_x/);
      assert.doesNotMatch(err, /s3cret/);
      assert.doesNotMatch(r.stdout, /http:\/\/127\.0\.0\.1/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

// ------------------------------------------------------------------ two app servers

let a;
let b;
let shared;
before(async () => {
  if (!PG) return;
  shared = mkdtempSync(join(tmpdir(), 'motcua-secret-'));
  const env = { MOTCUA_NOW: NOW, MOTCUA_SECRET_FILE: join(shared, 'secret.key') };
  a = await startServer({ env });
  // One data key for both (what a and the commands given its folder seal, b opens).
  b = await startServer({ db: a.db,
    env: { ...env, MOTCUA_DATA_KEY_FILE: join(a.tmpdir, 'data.key') } });
  loadAgencies(a);
});
after(async () => {
  await b?.stop();
  await a?.stop();
  if (shared) rmSync(shared, { recursive: true, force: true });
});

test('each background job runs once over both app servers, not once on each',
  { skip: !PG && 'PostgreSQL lane' }, async () => {
    // Runs of one job (or of all) on one server, from its /metrics.
    const runs = async (srv, job) => {
      const text = await (await get(srv, '/metrics')).text();
      let n = 0;
      for (const m of text.matchAll(/^motcua_job_runs_total\{job="([^"]*)"\} (\d+)$/gm))
        if (!job || m[1] === job) n += Number(m[2]);
      return n;
    };
    // b's job threads are at work (and past their first ticks): a message
    // queued through b has b deliver the outbox at once (a kick runs the job).
    await registerCitizen(b, 'Đỗ Văn Việc Nền');
    for (let i = 0; i < 60 && await runs(b, 'outbox') === 0; i++)
      await new Promise((res) => setTimeout(res, 500));
    assert.ok(await runs(b, 'outbox') > 0, 'the second server runs a kicked job');
    // The daily and five-minute jobs ran at the first start, and only there.
    for (const job of ['filestore-sweep', 'dossier-deadlines', 'feedback-remind']) {
      assert.equal(await runs(a, job) + await runs(b, job), 1, job);
    }
  });

test('a session made on one app server works on the other', { skip: !PG && 'PostgreSQL lane' },
  async () => {
    const citizen = await registerCitizen(a, 'Lê Thị Hai Máy');
    const page = await get(b, '/tai-khoan', citizen.jar);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Lê Thị Hai Máy/);
  });

test('a form served by one app server is accepted by the other (one shared secret)',
  { skip: !PG && 'PostgreSQL lane' }, async () => {
    const jar = {};
    const { csrf } = await getForm(a.url, '/dang-ky', jar);
    const r = await postForm(b.url, '/dang-ky', { csrf, kind: 'citizen', dong_y: '1',
      full_name: 'Phạm Văn Chéo', cccd: '001090071234', phone: '0912300001', email: '',
      password: PASSWORD, password2: PASSWORD }, jar);
    assert.equal(r.status, 303);
    assert.equal(dbText(a.db, `SELECT full_name FROM users WHERE ${byLogin(a, '001090071234')}`),
      'Phạm Văn Chéo');
  });

test('submissions through both app servers at once get distinct daily codes',
  { skip: !PG && 'PostgreSQL lane' }, async () => {
    const people = [];
    // b seals with a's data key: the helpers read sealed rows with it.
    const bKeyed = { ...b, tmpdir: a.tmpdir };
    for (let i = 0; i < 4; i++) {
      people.push(await registerCitizen(i % 2 ? bKeyed : a, `Người ${i}`));
    }
    const results = await Promise.all(people.flatMap((p, i) =>
      [0, 1, 2].map(() => submitDossier(i % 2 ? b : a, p.jar))));
    const codes = results.map((r) => r.code);
    assert.ok(codes.every(Boolean), `every submission acknowledged: ${results.map((r) => r.status)}`);
    assert.equal(new Set(codes).size, codes.length);
    assert.equal(dbText(a.db, 'SELECT COUNT(DISTINCT code) FROM dossiers'), String(codes.length));
  });

test('the tracking limit counts lookups made on both app servers',
  { skip: !PG && 'PostgreSQL lane' }, async () => {
    // 30 lookups a minute per address, 15 on each server: in one server's
    // memory neither would be over; the database counts all 30.  Each
    // lookup names another code, so the limit of wrong checks per code
    // stays out of the way.
    const look = (srv, i = 99) => fetch(`${srv.url}/tra-cuu?ma=T20.STP-990101-${String(i)
      .padStart(4, '0')}&kiem_tra=1234`);
    for (let i = 0; i < 30; i++) {
      const r = await look(i % 2 ? b : a, i + 1);
      assert.notEqual(r.status, 429, `lookup ${i + 1} is allowed`);
      await r.arrayBuffer();
    }
    const over = await look(b);
    assert.equal(over.status, 429);
    assert.match(await over.text(), /quá nhiều lần/);
  });

test('a procedure edited on one app server shows within a second on the other (cached page)',
  { skip: !PG && 'PostgreSQL lane' }, async () => {
    addStaff(a, 'quantri.hai', 'Vi Văn Quang', 'province_admin');
    const page = async (srv) => (await fetch(`${srv.url}/thu-tuc/1.004222`)).text();
    assert.doesNotMatch(await page(b), /27\.000 đồng/);
    await page(b);   // now served from b's page cache
    const jar = await staffLogin(a, 'quantri.hai', serverClock(NOW));
    const form = await getForm(a.url, '/quan-tri/thu-tuc/1.004222/sua', jar);
    const saved = await postForm(a.url, '/quan-tri/thu-tuc/1.004222/sua',
      { ...formFields(form.html), ch_truc_tiep_fee: '27.000' }, jar);
    assert.equal(saved.status, 303);
    // b reads the catalogue's version at most every quarter second
    // (catalog_data_version_recent()): the edit shows there within it.
    const t0 = Date.now();
    let shown = await page(b);
    while (!/27\.000 đồng/.test(shown) && Date.now() - t0 < 1000) {
      await new Promise((r) => setTimeout(r, 50));
      shown = await page(b);
    }
    assert.match(shown, /27\.000 đồng/);
    assert.ok(Date.now() - t0 < 1000, `shown after ${Date.now() - t0} ms`);
  });

// ------------------------------------------------------------------ outage

function pgScript(...args) {
  return execFileSync('sh', [join(ROOT, 'scripts/pg.sh'), ...args],
    { env: { ...process.env, PG_FAST: '1' } }).toString().trim();
}

test('losing PostgreSQL while serving gives a Vietnamese 503; the server recovers',
  { skip: !PG && 'PostgreSQL lane' }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-pgdown-'));
    let srv;
    try {
      const admin = pgScript('start', dir);
      const port = /:(\d+)\//.exec(admin)[1];
      const url = pgScript('createdb', dir, 'down');
      srv = await startServer({ db: url });
      assert.equal((await fetch(`${srv.url}/thu-tuc`)).status, 200);
      pgScript('stop', dir);
      // A public page the server answered a moment ago may still come from
      // its cache for the quarter second it trusts the catalogue's version
      // (catalog_data_version_recent()); past that it asks the database.
      await new Promise((r) => setTimeout(r, 300));
      const down = await fetch(`${srv.url}/thu-tuc`);
      assert.equal(down.status, 503);
      assert.match(await down.text(), /thử lại sau/);
      const api = await fetch(`${srv.url}/api/v1/procedures`);
      assert.equal(api.status, 503);
      assert.equal((await api.json()).error.code, 'unavailable');
      assert.equal((await fetch(`${srv.url}/readyz`)).status, 503);
      pgScript('start', dir, port);
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i++) {
        status = (await fetch(`${srv.url}/thu-tuc`)).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 200));
      }
      assert.equal(status, 200, 'serves again once PostgreSQL is back');
    } finally {
      await srv?.stop();
      try { pgScript('stop', dir); } catch { /* already stopped */ }
      rmSync(dir, { recursive: true, force: true });
    }
  });
