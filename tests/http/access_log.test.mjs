// access_log.test.mjs - issue 13: citizens see who touched their data.
// An officer opens a citizen's dossier and a document the citizen reused
// from the vault; the citizen's dossier page and account list both, with
// the officer's name and agency; `motcua audit verify` accepts the chain,
// and refuses it once a row is altered or the last one removed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, getForm, cookieHeader, dbRows, motcuaBin } from './lib/server.mjs';
import {
  addStaff, loadAgencies, registerCitizen, serverClock, staffLogin, submitDossier, AGENCY,
} from './lib/dossier-helpers.mjs';

const NOW = '2026-03-02T09:00:00+07:00';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
let srv;
let citizen;
let officer;
let code;

function verify() {
  const r = spawnSync(motcuaBin(), ['audit', 'verify', '--db', srv.db, '--data-dir', srv.tmpdir],
    { env: { ...process.env, MOTCUA_LOG_ACCESS: '0' }, encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

before(async () => {
  srv = await startServer({ env: { MOTCUA_NOW: NOW } });
  loadAgencies(srv);
  addStaff(srv, 'tn', 'Nguyễn Thị Hoa', 'reception', AGENCY);
  officer = await staffLogin(srv, 'tn', serverClock(NOW));
  citizen = await registerCitizen(srv, 'Hoàng Thị Lan');
  const v = await getForm(srv.url, '/kho-du-lieu', citizen.jar);
  const fd = new FormData();
  fd.append('csrf', v.csrf);
  fd.append('title', 'Căn cước công dân');
  fd.append('kind', 'identity');
  fd.append('file', new Blob([PNG], { type: 'image/png' }), 'cccd.png');
  const add = await fetch(`${srv.url}/kho-du-lieu`, { method: 'POST', body: fd,
    redirect: 'manual', headers: { cookie: cookieHeader(citizen.jar) } });
  assert.equal(add.status, 303);
  const id = dbRows(srv.db, 'SELECT id FROM vault_items')[0].id;
  const sub = await submitDossier(srv, citizen.jar, { vault: { vault_0: id } });
  assert.equal(sub.status, 303, sub.html?.slice(0, 300));
  code = sub.code;
});
after(async () => { await srv?.stop(); });

test('the citizen sees the officer\'s views of the dossier and the vault document', async () => {
  const before = await getForm(srv.url, `/ho-so/${encodeURIComponent(code)}`, citizen.jar);
  assert.match(before.html, /Chưa có cán bộ nào mở hồ sơ này/);
  const page = await getForm(srv.url, `/ho-so/${encodeURIComponent(code)}`, officer);
  assert.equal(page.status, 200);
  const file = /href="(\/ho-so\/[^"]+\/tep\/\d+)"/.exec(page.html)[1];
  const dl = await fetch(srv.url + file, { headers: { cookie: cookieHeader(officer) } });
  assert.equal(dl.status, 200);
  const mine = await getForm(srv.url, `/ho-so/${encodeURIComponent(code)}`, citizen.jar);
  const log = mine.html.slice(mine.html.indexOf('data-test="access-log"'));
  assert.match(log, /Nguyễn Thị Hoa<\/strong> \(Sở Tư pháp[^)]*\) – Xem hồ sơ/);
  assert.match(log, /Nguyễn Thị Hoa<\/strong> \(Sở Tư pháp[^)]*\) – Mở giấy tờ lấy từ Kho dữ liệu/);
  const account = await getForm(srv.url, '/tai-khoan/nhat-ky-truy-cap', citizen.jar);
  assert.equal(account.status, 200);
  assert.equal((account.html.match(/Nguyễn Thị Hoa/g) || []).length, 2);
  // The citizen's own views are not news to them: nothing more was logged.
  assert.equal(dbRows(srv.db, 'SELECT COUNT(*) AS n FROM access_log')[0].n, 2);
  const rows = dbRows(srv.db, 'SELECT object_kind, action FROM access_log ORDER BY id');
  assert.deepEqual(rows.map((r) => `${r.object_kind}:${r.action}`),
    ['dossier:view', 'vault:download']);
});

test('audit verify accepts the chain and finds an altered or removed row', () => {
  const ok = verify();
  assert.equal(ok.status, 0, ok.out);
  assert.match(ok.out, /nguyên vẹn: 2 dòng/);
  dbRows(srv.db, "UPDATE access_log SET actor_name = 'Người khác' WHERE id = 1");
  const altered = verify();
  assert.equal(altered.status, 1);
  assert.match(altered.out, /dòng 1: nội dung đã bị sửa/);
  dbRows(srv.db, "UPDATE access_log SET actor_name = 'Nguyễn Thị Hoa' WHERE id = 1");
  assert.equal(verify().status, 0);
  dbRows(srv.db, 'DELETE FROM access_log WHERE id = 2');
  const removed = verify();
  assert.equal(removed.status, 1);
  assert.match(removed.out, /có dòng bị xóa/);
});
