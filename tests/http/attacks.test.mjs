// attacks.test.mjs - issue 13's defects that need a real dossier:
// - fees could be marked paid without paying, because the sandbox gateway
//   was always installed and its confirmation needed only the reference
//   the applicant holds.  `serve` without a real provider offers no
//   online payment: the sandbox's pages and callback do not exist, the
//   dossier asks for payment at the counter and stays unpaid;
// - the 4-digit tracking check was found by trying them all from
//   addresses that shared a slot of the per-address table; now wrong
//   checks are limited per code too, so alternating source addresses on
//   127.0.0.0/8 find nothing.
import { test, before, after } from 'node:test';
import http from 'node:http';
import assert from 'node:assert/strict';
import { startServer, getForm, postForm } from './lib/server.mjs';
import {
  act, addStaff, csrfOf, dossierRow, loadAgencies, registerCitizen, serverClock, staffLogin,
  submitDossier, AGENCY,
} from './lib/dossier-helpers.mjs';

const NOW = '2026-03-02T09:00:00+07:00';
let srv;
let citizen;
let staff;

before(async () => {
  srv = await startServer({ env: { MOTCUA_NOW: NOW } });
  loadAgencies(srv);
  addStaff(srv, 'stp', 'Trần Văn Minh', 'reception,processing,approver', AGENCY);
  const jar = await staffLogin(srv, 'stp', serverClock(NOW));
  staff = { jar, csrf: await csrfOf(srv, jar) };
  citizen = await registerCitizen(srv, 'Hoàng Thị Lan');
  citizen.csrf = await csrfOf(srv, citizen.jar);
});
after(async () => { await srv?.stop(); });

async function step(code, fields) {
  const version = dossierRow(srv, code).version;
  const r = await act(srv, staff.jar, staff.csrf, code, { version, ...fields });
  assert.equal(r.status, 303, r.html?.slice(0, 300));
}

test('without a real provider no online payment exists; the fee stays unpaid', async () => {
  const sub = await submitDossier(srv, citizen.jar);
  assert.equal(sub.status, 303);
  const { code } = sub;
  await step(code, { action: 'accept' });
  await step(code, { action: 'start' });
  await step(code, { action: 'request_payment', amount: '50.000', note: 'Lệ phí' });
  assert.equal(dossierRow(srv, code).status, 6);
  const page = await getForm(srv.url, `/ho-so/${encodeURIComponent(code)}`, citizen.jar);
  assert.doesNotMatch(page.html, /Thanh toán trực tuyến/);
  assert.match(page.html, /nộp tại bộ phận một cửa/);
  const start = await postForm(srv.url, `/ho-so/${encodeURIComponent(code)}/thanh-toan`,
    { csrf: citizen.csrf }, citizen.jar);
  assert.equal(start.status, 409);
  assert.match(start.html, /Chưa có cổng thanh toán trực tuyến/);
  const bank = await getForm(srv.url, `/thanh-toan-thu/SBX1?amount=50000&order=${code}`,
    citizen.jar);
  assert.equal(bank.status, 404);
  const confirm = await postForm(srv.url, '/thanh-toan-thu/SBX1', {
    csrf: citizen.csrf, amount: '50000', order: code, ket_qua: 'thanh_toan' }, citizen.jar);
  assert.equal(confirm.status, 404);
  const callback = await fetch(`${srv.url}/api/v1/payments/sandbox/callback`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ref: 'SBX1', amount: '50000', status: 'paid', signature: '0' }),
  });
  assert.equal(callback.status, 404);
  const row = dossierRow(srv, code);
  assert.equal(row.status, 6, 'still waiting for the fee');
});

/** GET path from localAddress (127.x.y.z); resolves to { status, text }. */
function getFrom(localAddress, path) {
  const { port } = new URL(srv.url);
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, localAddress, agent: false },
      (res) => {
        let text = '';
        res.on('data', (d) => { text += d; });
        res.on('end', () => resolve({ status: res.statusCode, text }));
      });
    req.on('error', reject);
  });
}

test('alternating source addresses cannot brute-force a tracking check', async () => {
  const sub = await submitDossier(srv, citizen.jar);
  const { code } = sub;
  await step(code, { action: 'accept' });
  const right = citizen.phone.slice(-4);
  const path = (check) => `/tra-cuu?ma=${encodeURIComponent(code)}&kiem_tra=${check}`;
  const ok = await getFrom('127.0.0.2', path(right));
  assert.equal(ok.status, 200, 'the right check works before the attack');
  let found = false;
  let refused = 0;
  // The check is the last 4 digits of the phone or of the CCCD: guess neither.
  const rights = [right, citizen.cccd.slice(-4)];
  for (let i = 0; i < 200; i++) {
    const guess = String(5000 + i).padStart(4, '0');
    if (rights.includes(guess)) continue;
    const from = `127.${1 + (i % 200)}.${i % 7}.${2 + (i % 250)}`;
    const r = await getFrom(from, path(guess));
    if (r.status === 200) found = true;
    if (r.status === 429) refused += 1;
  }
  assert.equal(found, false);
  assert.ok(refused >= 150, `wrong checks for one code are refused after ten (${refused})`);
  const after = await getFrom('127.9.9.9', path(right));
  assert.equal(after.status, 429, 'even the right check waits: the guesser learns nothing');
  assert.doesNotMatch(after.text, /Đang xử lý|Đã tiếp nhận/);
  const other = await submitDossier(srv, citizen.jar);
  await step(other.code, { action: 'accept' });
  const fine = await getFrom('127.9.9.9',
    `/tra-cuu?ma=${encodeURIComponent(other.code)}&kiem_tra=${right}`);
  assert.equal(fine.status, 200, 'other dossiers are still tracked');
});
