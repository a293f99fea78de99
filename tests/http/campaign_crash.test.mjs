// campaign_crash.test.mjs - kill -9 while a campaign is being sent: after a
// restart on the same database and data folder every recipient gets the
// message exactly once (the stand-in gateway sees one idempotency key per
// recipient; a resend after the crash carries the same key and is taken as
// a duplicate) and nobody is skipped.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { startServer, dbRows, getForm, postForm } from './lib/server.mjs';
import { loadAgencies, addStaff, staffLogin, serverClock } from './lib/feedback-helpers.mjs';
import { startFakeEsms } from './lib/fake-gateways.mjs';

const START = Date.parse('2026-03-03T10:00:00+07:00');
const PEOPLE = 60;
const KILL_AT = 5;          // the server dies while the gateway answers this request
let dir = null;
let live = null;
let sms = null;

after(async () => {
  await live?.stop().catch(() => {});
  await sms?.close();
  if (dir && process.env.MOTCUA_KEEP_TMP !== '1') rmSync(dir, { recursive: true, force: true });
});

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(what, fn, ms = 60000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('kill -9 during a campaign send neither repeats nor skips a recipient', async () => {
  sms = await startFakeEsms({ apiKey: 'k1', secretKey: 's1' });
  const port = await freePort();
  const t0 = Date.now();
  const env = (shift) => ({
    MOTCUA_NOW: new Date(START + (Date.now() - t0) + shift * 1000).toISOString(),
    MOTCUA_PUBLIC_URL: `http://127.0.0.1:${port}`,
    MOTCUA_SMS_URL: sms.url, MOTCUA_SMS_USER: 'k1', MOTCUA_SMS_PASS: 's1',
    MOTCUA_SMS_BRANDNAME: 'TINH-TEST',
  });
  const first = env(0);
  let srv = await startServer({ keepTmp: true, args: ['--port', String(port)], env: first });
  dir = srv.tmpdir;
  live = srv;
  const db = srv.db;
  const sql = (q) => dbRows(db, q);
  loadAgencies(srv);
  addStaff(srv, 'qt.stp', 'Quản trị Sở Tư pháp', 'agency_admin', 'T20.STP');
  addStaff(srv, 'ld.stp', 'Lãnh đạo Sở Tư pháp', 'approver', 'T20.STP');
  for (let i = 1; i <= PEOPLE; i += 1) {
    const cccd = `0010900${String(10000 + i)}`;
    sql(`INSERT INTO users (kind, login, full_name, phone, password_hash, created_at, home_unit)
      VALUES ('citizen', '${cccd}', 'Người dân ${i}', '0914${String(100000 + i)}', 'x', 1,
      '05977')`);
  }
  const clock = serverClock(first.MOTCUA_NOW);
  const admin = await staffLogin(srv, 'qt.stp', clock);
  const leader = await staffLogin(srv, 'ld.stp', clock);
  let page = await getForm(srv.url, '/quan-tri/chien-dich', admin);
  let r = await postForm(srv.url, '/quan-tri/chien-dich', {
    csrf: page.csrf, name: 'Phường Đông Kinh', audience: 'commune', commune: '05977',
    channel: 'sms', body: 'Kinh gui {ho_ten}: nop ho so truc tuyen tai {lien_ket}',
    target_path: '/thu-tuc', control_pct: '0', window_days: '30', throttle: '0',
  }, admin);
  assert.equal(r.status, 303, r.html.slice(0, 3000));
  const id = /\/quan-tri\/chien-dich\/(\d+)/.exec(r.location)[1];
  for (const [jar, action] of [[leader, 'duyet'], [admin, 'gui']]) {
    page = await getForm(srv.url, `/quan-tri/chien-dich/${id}`, jar);
    r = await postForm(srv.url, `/quan-tri/chien-dich/${id}/thao-tac`,
      { csrf: page.csrf, action }, jar);
    assert.equal(r.status, 303, `${action}: ${r.status}`);
  }

  // kill -9 while the gateway holds request KILL_AT: taken by the gateway, not
  // yet recorded.  Its delivery receipt is withheld (no callback address), so
  // the restarted server cannot learn that the message went through and must
  // send it again: only the same key tells the gateway it is a duplicate.
  let cut = null;
  const push = sms.requests.push.bind(sms.requests);
  sms.requests.push = (x) => {
    const n = push(x);
    if (n === KILL_AT) {
      cut = { phone: x.Phone, key: x.RequestId };
      x.CallbackUrl = '';
      srv.proc.kill('SIGKILL');
    }
    return n;
  };
  await waitFor('the kill', () => cut);
  await srv.stop().catch(() => {});   // exits by signal: not clean, as meant
  assert.ok(sms.requests.length < PEOPLE, 'killed in the middle of the send');
  const held = sql(`SELECT state FROM notify_outbox WHERE campaign_id = ${id}
    AND idem_key = '${cut.key}'`);
  assert.deepEqual(held.map((m) => m.state), ['sending'],
    'the message cut off was left between send and record');

  // restart on the same folder, the clock past the outbox's lease (2 minutes)
  srv = await startServer({ db, args: ['--port', String(port), '--data-dir', dir],
    env: env(300) });
  live = srv;
  const rows = await waitFor('every message sent', () => {
    const x = sql(`SELECT recipient, state, idem_key FROM notify_outbox
      WHERE campaign_id = ${id}`);
    return x.length === PEOPLE && x.every((m) => m.state === 'sent' || m.state === 'delivered')
      ? x : null;
  });
  assert.equal(new Set(rows.map((m) => m.recipient)).size, PEOPLE);
  // the gateway: one key per phone, every phone reached, resends carry the same key
  const keys = new Map();
  for (const q of sms.requests) {
    if (!keys.has(q.Phone)) keys.set(q.Phone, new Set());
    keys.get(q.Phone).add(q.RequestId);
  }
  assert.equal(keys.size, PEOPLE, 'nobody skipped');
  const again = sms.requests.filter((x) => x.RequestId === cut.key);
  assert.ok(again.length >= 2, 'the message cut off was sent again, with its key');
  assert.ok(again.every((x) => x.Phone === cut.phone));
  assert.ok(sms.duplicates.some((d) => d.requestId === cut.key), 'taken as a duplicate');
  for (const [phone, set] of keys) assert.equal(set.size, 1, `${phone} got one message`);
  const recipients = sql(`SELECT COUNT(*) AS n FROM campaign_recipients WHERE campaign_id = ${id}
    AND outbox_id IS NULL`);
  assert.equal(Number(recipients[0].n), 0);
  await waitFor('campaign sent', () =>
    sql(`SELECT state FROM campaigns WHERE id = ${id}`)[0].state === 'sent');
});
