// compression.test.mjs - public pages, the search API and static files in every coding:
// gzip and brotli variants chosen by Accept-Encoding with Vary, a strong
// ETag per coding and 304 on If-None-Match, a new page after an edit, and
// signed-in pages never compressed (BREACH).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { startServer, getForm, postForm, cookieHeader } from './lib/server.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = () => process.env.MOTCUA_BIN || join(root, 'build/dev/motcua');
let srv;

function motcua(...args) {
  return execFileSync(bin(), [...args, '--db', srv.db, '--data-dir', srv.tmpdir],
    { env: { ...process.env, MOTCUA_LOG_ACCESS: '0' } }).toString();
}

before(async () => {
  srv = await startServer();
  motcua('import', 'procedures', join(root, 'data/demo/procedures.jsonl'));
});
after(async () => { await srv.stop(); });

// A raw GET (no automatic decompression): status, headers and the bytes as sent.
function get(path, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(srv.url + path, { headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers,
        body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
}

function decode(r) {
  const enc = r.headers['content-encoding'];
  if (enc === 'gzip') return zlib.gunzipSync(r.body);
  if (enc === 'br') return zlib.brotliDecompressSync(r.body);
  assert.equal(enc, undefined, `unexpected coding ${enc}`);
  return r.body;
}

async function allCodings(path) {
  const plain = await get(path);
  const gz = await get(path, { 'accept-encoding': 'gzip' });
  const br = await get(path, { 'accept-encoding': 'gzip, deflate, br' });
  return { plain, gz, br };
}

test('the procedure page comes in identity, gzip and brotli, the same page in each', async () => {
  const { plain, gz, br } = await allCodings('/thu-tuc/1.001193');
  for (const r of [plain, gz, br]) {
    assert.equal(r.status, 200);
    assert.equal(r.headers.vary, 'Accept-Encoding');
    assert.match(r.headers.etag, /^"[0-9a-f]{16}(-gz|-br)?"$/);
    assert.equal(r.headers['cache-control'], 'no-cache');
    assert.match(r.headers['content-security-policy'], /default-src 'self'/);
    assert.equal(r.headers['set-cookie'], undefined);
  }
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(br.headers['content-encoding'], 'br');
  assert.match(plain.body.toString(), /Thủ tục đăng ký khai sinh/);
  assert.deepEqual(decode(gz), plain.body);
  assert.deepEqual(decode(br), plain.body);
  assert.ok(gz.body.length < plain.body.length / 2, `gzip ${gz.body.length} of ${plain.body.length}`);
  assert.ok(br.body.length < gz.body.length, `brotli ${br.body.length}, gzip ${gz.body.length}`);
  assert.equal(new Set([plain.headers.etag, gz.headers.etag, br.headers.etag]).size, 3);
  // Asked twice, the same bytes and the same tag.
  const again = await get('/thu-tuc/1.001193', { 'accept-encoding': 'br' });
  assert.equal(again.headers.etag, br.headers.etag);
  assert.deepEqual(again.body, br.body);
});

test('Accept-Encoding q-values decide; a refused coding is never sent', async () => {
  const cases = [['gzip;q=0, br;q=0', undefined], ['br;q=0.5, gzip;q=0.8', 'gzip'],
    ['*', 'br'], ['*;q=0, identity', undefined], ['GZIP', 'gzip'], ['identity;q=0', undefined],
    ['br;q=1.0, gzip', 'br'], ['x-gzip', 'gzip'], ['compress, deflate', undefined],
    ['br;q=garbage, gzip', 'gzip']];
  for (const [accept, want] of cases) {
    const r = await get('/thu-tuc/1.001193', { 'accept-encoding': accept });
    assert.equal(r.status, 200, accept);
    assert.equal(r.headers['content-encoding'], want, accept);
    assert.match(decode(r).toString(), /Thủ tục đăng ký khai sinh/, accept);
  }
});

test('If-None-Match with the current tag of the coding gives 304 without a body', async () => {
  const { plain, gz, br } = await allCodings('/thu-tuc/1.001193');
  const hit = await get('/thu-tuc/1.001193', { 'accept-encoding': 'gzip',
    'if-none-match': gz.headers.etag });
  assert.equal(hit.status, 304);
  assert.equal(hit.body.length, 0);
  assert.equal(hit.headers.etag, gz.headers.etag);
  assert.equal(hit.headers.vary, 'Accept-Encoding');
  const weak = await get('/thu-tuc/1.001193', { 'accept-encoding': 'br',
    'if-none-match': `"nothing", W/${br.headers.etag}` });
  assert.equal(weak.status, 304);
  // Another coding's tag names other bytes: the page is sent.
  const other = await get('/thu-tuc/1.001193', { 'if-none-match': gz.headers.etag });
  assert.equal(other.status, 200);
  assert.deepEqual(other.body, plain.body);
  const star = await get('/thu-tuc/1.001193', { 'if-none-match': '*' });
  assert.equal(star.status, 304);
  const junk = await get('/thu-tuc/1.001193', { 'if-none-match': 'not-a-tag' });
  assert.equal(junk.status, 200);
});

test('an import from another process gives a new page and tag within a quarter second, in the procedure page and the list', async () => {
  const first = await get('/thu-tuc/1.001193', { 'accept-encoding': 'br' });
  const listBefore = decode(await get('/thu-tuc?q=khai+sinh', { 'accept-encoding': 'gzip' }));
  const apiBefore = await get('/api/v1/procedures?q=khai+sinh', { 'accept-encoding': 'br' });
  assert.equal(apiBefore.headers['content-encoding'], 'br');
  assert.equal(apiBefore.headers.vary, 'Accept-Encoding');
  assert.match(apiBefore.headers['content-type'], /application\/json/);
  const apiHit = await get('/api/v1/procedures?q=khai+sinh', { 'accept-encoding': 'br',
    'if-none-match': apiBefore.headers.etag });
  assert.equal(apiHit.status, 304);
  assert.doesNotMatch(listBefore.toString(), /Khai sinh lưu động ở bản/);
  const line = readFileSync(join(root, 'data/demo/procedures.jsonl'), 'utf8').split('\n')
    .find((l) => l.includes('"1.001193"'));
  const rec = JSON.parse(line);
  rec.ten_thu_tuc = 'Khai sinh lưu động ở bản';
  const file = join(srv.tmpdir, 'edit.jsonl');
  writeFileSync(file, JSON.stringify(rec) + '\n');
  motcua('import', 'procedures', file);
  // The server reads the catalogue's version at most every 250 ms when it
  // made no change itself (catalog_data_version_recent()).
  await new Promise((r) => setTimeout(r, 300));
  const after = await get('/thu-tuc/1.001193', { 'accept-encoding': 'br',
    'if-none-match': first.headers.etag });
  assert.equal(after.status, 200);
  assert.notEqual(after.headers.etag, first.headers.etag);
  assert.match(decode(after).toString(), /Khai sinh lưu động ở bản/);
  const listAfter = decode(await get('/thu-tuc?q=khai+sinh', { 'accept-encoding': 'gzip' }));
  assert.match(listAfter.toString(), /Khai sinh lưu động ở bản/);
  const apiAfter = await get('/api/v1/procedures?q=khai+sinh', { 'accept-encoding': 'br',
    'if-none-match': apiBefore.headers.etag });
  assert.equal(apiAfter.status, 200);
  const names = JSON.parse(decode(apiAfter).toString()).items.map((i) => i.name);
  assert.ok(names.includes('Khai sinh lưu động ở bản'), names.join('; '));
});

test('static files are sent compressed as built, with their own tags', async () => {
  const { plain, gz, br } = await allCodings('/static/site.css');
  assert.equal(plain.status, 200);
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(br.headers.vary, 'Accept-Encoding');
  assert.match(br.headers['content-type'], /text\/css/);
  assert.deepEqual(decode(gz), plain.body);
  assert.deepEqual(decode(br), plain.body);
  const hit = await get('/static/site.css', { 'accept-encoding': 'br',
    'if-none-match': br.headers.etag });
  assert.equal(hit.status, 304);
});

test('signed-in pages are neither cached nor compressed', async () => {
  const jar = {};
  const r = await getForm(srv.url, '/dang-ky', jar);
  const res = await postForm(srv.url, '/dang-ky', { csrf: r.csrf, kind: 'citizen', dong_y: '1',
    full_name: 'Lò Thị Mai', cccd: '020190007777', phone: '0912000222', password: 'la-xanh-2026',
    password2: 'la-xanh-2026' }, jar);
  assert.equal(res.status, 303);
  const page = await get('/thu-tuc/1.001193', { 'accept-encoding': 'gzip, br',
    cookie: cookieHeader(jar) });
  assert.equal(page.status, 200);
  assert.equal(page.headers['content-encoding'], undefined);
  assert.equal(page.headers.etag, undefined);
  assert.equal(page.headers['cache-control'], 'no-store');
  assert.match(page.body.toString(), /Lò Thị Mai/);
});

test('other public pages are compressed as sent, pages with a CSRF key are not', async () => {
  const q = await get('/phan-anh', { 'accept-encoding': 'gzip, br' });
  assert.equal(q.status, 200);
  assert.equal(q.headers['content-encoding'], 'br');
  assert.equal(q.headers.vary, 'Accept-Encoding');
  assert.equal(q.headers['cache-control'], 'no-store');
  const plain = await get('/phan-anh');
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.match(decode(q).toString(), /Phản ánh/);
  const gz = await get('/phan-anh', { 'accept-encoding': 'gzip' });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.match(decode(gz).toString(), /Phản ánh/);
  // The sign-in form carries the visitor's CSRF key: never compressed.
  const login = await get('/dang-nhap', { 'accept-encoding': 'gzip, br' });
  assert.equal(login.status, 200);
  assert.match(login.body.toString(), /name="csrf" value="[0-9a-f]+"/);
  assert.equal(login.headers['content-encoding'], undefined);
});
