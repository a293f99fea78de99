// scan.test.mjs - issue 13: uploads were checked by magic bytes only and
// never scanned.  With MOTCUA_CLAMD set, every uploaded file goes to
// clamd (here a stand-in speaking clamd's INSTREAM protocol) before any
// handler sees it: the EICAR test file is refused with a clear message
// and nothing is stored; a clean file is scanned and kept; when clamd
// cannot be reached the upload is refused, never kept unscanned.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, getForm, cookieHeader, storeCookies, dbRows } from './lib/server.mjs';
import { registerCitizen, pdfBytes } from './lib/dossier-helpers.mjs';
import { startFakeClamd, EICAR } from './lib/fake-clamd.mjs';

let srv;
let clamd;
let dir;
let citizen;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'motcua-clamd-'));
  clamd = await startFakeClamd(dir);
  srv = await startServer({ env: { MOTCUA_CLAMD: clamd.address } });
  citizen = await registerCitizen(srv, 'Hoàng Thị Lan');
});
after(async () => {
  await srv?.stop();
  await clamd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Add a vault item with file bytes; resolves to { status, html }. */
async function addToVault(bytes, name, title) {
  const page = await getForm(srv.url, '/kho-du-lieu', citizen.jar);
  const fd = new FormData();
  fd.append('csrf', page.csrf);
  fd.append('title', title);
  fd.append('kind', 'identity');
  fd.append('file', new Blob([bytes], { type: 'application/pdf' }), name);
  const res = await fetch(`${srv.url}/kho-du-lieu`, { method: 'POST', body: fd,
    redirect: 'manual', headers: { cookie: cookieHeader(citizen.jar) } });
  storeCookies(citizen.jar, res);
  return { status: res.status, html: await res.text() };
}

const vaultCount = () => dbRows(srv.db, 'SELECT COUNT(*) AS n FROM vault_items')[0].n;

test('the EICAR test file is refused with a clear message and nothing is kept', async () => {
  const before = vaultCount();
  const scanned = clamd.scans.length;
  const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(EICAR)]);
  const res = await addToVault(bytes, 'giay-to.pdf', 'Giấy tờ nhiễm mã độc');
  assert.equal(res.status, 422);
  assert.match(res.html, /Tệp “giay-to\.pdf” có mã độc \(Eicar-Test-Signature\)/);
  assert.equal(clamd.scans.length, scanned + 1);
  assert.equal(vaultCount(), before);
});

test('a clean file is scanned, then kept', async () => {
  const scanned = clamd.scans.length;
  const bytes = pdfBytes('sạch');
  const res = await addToVault(bytes, 'cccd.pdf', 'Căn cước công dân');
  assert.equal(res.status, 303, res.html.slice(0, 300));
  assert.equal(clamd.scans.length, scanned + 1);
  assert.deepEqual(clamd.scans.at(-1), bytes, 'clamd saw the whole file');
});

test('when clamd cannot be reached the upload is refused, not kept unscanned', async () => {
  await clamd.stop();
  const before = vaultCount();
  const res = await addToVault(pdfBytes('chưa quét'), 'ho-khau.pdf', 'Sổ hộ khẩu');
  assert.equal(res.status, 503);
  assert.match(res.html, /Chưa kiểm tra được tệp/);
  assert.equal(vaultCount(), before);
  clamd = await startFakeClamd(dir);
});
