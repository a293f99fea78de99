// tests/http/s3.test.mjs - the file store on an S3-compatible bucket
// (MOTCUA_FILES=s3://...), against s3rver (a local S3 imitation, npm):
// an uploaded file is in the bucket as soon as the submission is
// acknowledged, a server whose local folder lost it reads it back from the
// bucket, and (PostgreSQL lane) a file uploaded through one app server
// downloads through another with its own, empty data folder.  A bad
// MOTCUA_FILES stops the start with a clear message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { startServer, motcuaBin, pgAdmin, dbRows } from './lib/server.mjs';
import { registerCitizen, submitDossier, loadAgencies, get } from './lib/dossier-helpers.mjs';

const NOW = '2026-02-13T09:00:00+07:00';
const BUCKET = 'motcua-tep';
const sha = (b) => createHash('sha256').update(b).digest('hex');

let s3;
let s3dir;
let env;
before(async () => {
  s3dir = mkdtempSync(join(tmpdir(), 'motcua-s3rver-'));
  s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3dir,
    configureBuckets: [{ name: BUCKET }] });
  const { port } = await s3.run();
  env = {
    MOTCUA_NOW: NOW,
    MOTCUA_FILES: `s3://${BUCKET}?endpoint=http://127.0.0.1:${port}&region=us-east-1`,
    MOTCUA_S3_ACCESS_KEY: 'S3RVER',
    MOTCUA_S3_SECRET_KEY: 'S3RVER',
  };
});
after(async () => {
  await s3?.close();
  if (s3dir) rmSync(s3dir, { recursive: true, force: true });
});

/** A PDF of about size bytes whose content differs by tag (past the staging limit when large). */
function bigPdf(tag, size) {
  const head = Buffer.from(`%PDF-1.4\n% ${tag}\n`, 'utf8');
  const tail = Buffer.from('\ntrailer << >>\n%%EOF\n', 'utf8');
  return Buffer.concat([head, Buffer.alloc(size, 0x41), tail]);
}

/** Submit one dossier whose only document is bytes; resolves to { code, fileId }. */
async function submitWith(srv, citizen, bytes) {
  const r = await submitDossier(srv, citizen.jar, { files: { doc_0: bytes } });
  assert.equal(r.status, 303, r.html);
  const [row] = dbRows(srv.db, `SELECT f.id, f.sha256, f.path FROM dossier_files f
    JOIN dossiers d ON d.id = f.dossier_id WHERE d.code = '${r.code}' AND f.sha256 = '${sha(bytes)}'`);
  assert.ok(row, 'the file row is there');
  return { code: r.code, fileId: row.id, path: row.path };
}

async function download(srv, jar, code, id) {
  const dl = await get(srv, `/ho-so/${encodeURIComponent(code)}/tep/${id}`, jar);
  assert.equal(dl.status, 200);
  return Buffer.from(await dl.arrayBuffer());
}

test('a bad MOTCUA_FILES stops the start with a clear message', () => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-s3bad-'));
  try {
    const r = spawnSync(motcuaBin(), ['serve', '--port', '0', '--data-dir', dir, '--db',
      join(dir, 't.db')], { encoding: 'utf8', timeout: 20000,
      env: { ...process.env, MOTCUA_FILES: 's3://khong-co-diem-cuoi' } });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /kho tệp: MOTCUA_FILES phải có dạng s3:\/\/BUCKET\?endpoint=/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an uploaded file is in the bucket and comes back from it when the local copy is gone',
  async () => {
    const srv = await startServer({ env });
    try {
      loadAgencies(srv);
      const citizen = await registerCitizen(srv, 'Phạm Văn Xô');
      const bytes = bigPdf('s3-one', 1536 * 1024);   // past the staging limit: on disk at once
      const f = await submitWith(srv, citizen, bytes);
      // The bucket has the object (s3rver answers unsigned reads of its files).
      const local = join(srv.tmpdir, 'files', f.path);
      assert.ok(existsSync(local));
      rmSync(join(srv.tmpdir, 'files'), { recursive: true, force: true });
      assert.equal(sha(await download(srv, citizen.jar, f.code, f.fileId)), sha(bytes));
      assert.ok(existsSync(local), 'fetched back into the local folder');
    } finally {
      await srv.stop();
    }
  });

test('a file uploaded through one app server downloads through the other',
  { skip: !pgAdmin() && 'PostgreSQL lane (two servers share one database)' }, async () => {
    const shared = mkdtempSync(join(tmpdir(), 'motcua-s3secret-'));
    const both = { ...env, MOTCUA_SECRET_FILE: join(shared, 'secret.key'),
      MOTCUA_DATA_KEY_FILE: join(shared, 'data.key') };
    const a = await startServer({ env: both });
    const b = await startServer({ db: a.db, env: both });
    try {
      loadAgencies(a);
      const citizen = await registerCitizen(a, 'Đỗ Thị Hai Nơi');
      const large = bigPdf('s3-two', 1200 * 1024);
      const f = await submitWith(a, citizen, large);
      assert.ok(!existsSync(join(b.tmpdir, 'files', f.path)));
      assert.equal(sha(await download(b, citizen.jar, f.code, f.fileId)), sha(large));
    } finally {
      await b.stop();
      await a.stop();
      rmSync(shared, { recursive: true, force: true });
    }
  });
