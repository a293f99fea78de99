// payment_gateway.test.mjs - issue 13: fees could be marked paid without
// paying, because the sandbox gateway was always installed and its
// confirmation needed only the reference the applicant holds.  `serve`
// without a real provider offers no online payment: the sandbox's pages
// and callback do not exist, the dossier asks for payment at the counter,
// and the dossier stays in status 6 unpaid whatever is posted.
import { test, before, after } from 'node:test';
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
