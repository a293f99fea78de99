// Delivery receipts by polling and one spelling of a phone number, against
// the stand-in eSMS gateway (tests/http/lib/fake-gateways.mjs), which
// answers eSMS's status query (GetSendStatus).  Without a public address
// no callback is asked for, so only polling can tell what became of a
// message: the same database is served again ten minutes later and the
// outbox-poll job (run at start) asks about each message still "sent".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { startServer, dbRows, motcuaBin } from './lib/server.mjs';
import { startFakeEsms } from './lib/fake-gateways.mjs';
import { startSmtpSink } from './lib/smtp-sink.mjs';
import { unseal } from './lib/feedback-helpers.mjs';

const T0 = '2026-03-03T10:00:00+07:00';
const T1 = '2026-03-03T10:10:00+07:00';   // past the 5-minute delay before asking
let sms;
let sink;
let first;

function env(now) {
  return { MOTCUA_NOW: now, MOTCUA_SMTP_URL: sink.url, MOTCUA_SMS_URL: sms.url,
    MOTCUA_SMS_USER: 'k1', MOTCUA_SMS_PASS: 's1', MOTCUA_SMS_BRANDNAME: 'TINH-TEST',
    MOTCUA_SMS_STATUS_URL: `${sms.url}/MainService.svc/json/GetSendStatus` };
}

/** `motcua notify send` on srv's database, sealing with the data key in dir. */
function send(srv, args, now, dir = first.tmpdir) {
  execFileSync(motcuaBin(), ['notify', 'send', ...args, '--db', srv.db, '--data-dir', dir],
    { env: { ...process.env, MOTCUA_TEST: '1', MOTCUA_NOW: now },
      stdio: ['ignore', 'pipe', 'pipe'] });
}

function rows(srv, where) {
  return dbRows(srv.db, 'SELECT id, channel, recipient, state, reason, parent_id, ' +
    `next_attempt_at, last_error FROM notify_outbox WHERE ${where} ORDER BY id`);
}

async function waitFor(what, fn, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

before(async () => {
  sms = await startFakeEsms({ apiKey: 'k1', secretKey: 's1' });
  sink = await startSmtpSink();
  first = await startServer({ env: env(T0), keepTmp: true });
});

after(async () => {
  try {
    await first?.stop();
  } finally {
    await sms?.close();
    await sink?.close();
    if (first) rmSync(first.tmpdir, { recursive: true, force: true });
  }
});

test('a message still "sent" is asked about after a delay and takes the latest status',
  async () => {
    sms.phoneFails.add('0900000022');
    sms.statusPending.add('0900000023');
    send(first, ['--channel', 'sms', '--to', '0900000021', '--body', 'Tin 21', '--ref', 'P-21'], T0);
    send(first, ['--channel', 'sms', '--to', '0900000022', '--body', 'Tin 22', '--ref', 'P-22',
      '--fallback', 'email:nguoidan22@example.vn'], T0);
    send(first, ['--channel', 'sms', '--to', '0900000023', '--body', 'Tin 23', '--ref', 'P-23'], T0);
    await waitFor('all sent', () => rows(first, "ref LIKE 'P-%'")
      .filter((r) => r.state === 'sent').length === 3);
    assert.equal(sms.requests.filter((r) => r.Phone.startsWith('09000000')).every(
      (r) => r.CallbackUrl === ''), true, 'no public address: no callback asked for');
    assert.equal(sms.statusQueries.length, 0, 'nobody asks before the delay');
    await first.stop();

    const srv = await startServer({ env: env(T1), db: first.db,
      args: ['--data-dir', first.tmpdir], keepTmp: true });
    try {
      const [ok] = await waitFor('delivered by poll', () => {
        const r = rows(srv, "ref = 'P-21'");
        return r[0].state === 'delivered' ? r : null;
      });
      assert.equal(ok.channel, 'sms');
      const [bad, mail] = await waitFor('failed by poll, email queued', () => {
        const r = rows(srv, "ref = 'P-22'");
        return r.length === 2 ? r : null;
      });
      assert.equal(bad.state, 'failed');
      assert.equal(bad.reason, 'Nhà mạng báo tin nhắn SMS không đến được số điện thoại này; ' +
        'đã gửi thư điện tử thay thế.');
      assert.equal(mail.channel, 'email');
      assert.equal(mail.parent_id, bad.id);
      await sink.waitFor((m) => m.to.join(',').includes('nguoidan22@example.vn'));
      // still on its way: stays "sent" and is asked again later, not at every tick
      const [pending] = rows(srv, "ref = 'P-23'");
      assert.equal(pending.state, 'sent');
      assert.ok(pending.next_attempt_at >= Date.parse(T1) / 1000 + 900 - 5,
        `next question at ${pending.next_attempt_at}`);
      const asked = sms.statusQueries.map((q) => q.apiKey);
      assert.equal(asked.length, 3);
      assert.ok(asked.every((k) => k === 'k1'));
      // the status of each message was recorded once, like a callback receipt
      const receipts = dbRows(srv.db, 'SELECT status, COUNT(*) AS n FROM notify_receipts ' +
        'GROUP BY status ORDER BY status');
      assert.deepEqual(receipts.map((r) => `${r.status}:${r.n}`),
        ['delivered:1', 'failed:1', 'pending:1']);
    } finally {
      await srv.stop();
    }
  });

test('one number, three spellings: stored once as 0…, so the weekly cap counts them together',
  async () => {
    const srv = await startServer({ env: env(T1), db: first.db,
      args: ['--data-dir', first.tmpdir], keepTmp: true });
    try {
      const spellings = ['+84 900 000 031', '84900000031', '0900.000.031'];
      for (const [i, to] of spellings.entries()) {
        send(srv, ['--channel', 'sms', '--to', to, '--body', `Gioi thieu ${i}`,
          '--ref', `CD-31-${i}`, '--outreach'], T1);
        if (i < 2) {
          await waitFor(`outreach ${i} sent`, () =>
            ['sent', 'delivered'].includes(rows(srv, `ref = 'CD-31-${i}'`)[0]?.state));
        }
      }
      const [capped] = await waitFor('capped', () => {
        const r = rows(srv, "ref = 'CD-31-2'");
        return r[0]?.state === 'failed' ? r : null;
      });
      assert.equal(capped.last_error, 'weekly cap');
      assert.deepEqual([...new Set(rows(srv, "ref LIKE 'CD-31-%'").map((r) => unseal(first, r.recipient)))],
        ['0900000031']);
      assert.deepEqual(sms.requests.filter((r) => /Gioi thieu/.test(r.Content))
        .map((r) => r.Phone), ['0900000031', '0900000031']);
    } finally {
      await srv.stop();
    }
  });

test('kill -9 while the outbox delivers a batch: after restart none is sent twice, none skipped',
  async () => {
    const K0 = '2026-03-04T10:00:00+07:00';
    const K1 = '2026-03-04T10:10:00+07:00';   // past the lease of a row left "sending"
    const srv = await startServer({ env: env(K0), keepTmp: true });
    const phones = Array.from({ length: 30 }, (_, i) => `09710000${String(i).padStart(2, '0')}`);
    const taken = () => sms.sent.filter((m) => phones.includes(m.phone));
    let again = null;
    try {
      // the gateway takes each message at once and answers 300 ms later
      sms.delayMs = 300;
      for (const [i, to] of phones.entries()) {
        send(srv, ['--channel', 'sms', '--to', to, '--body', `Lo ${i}`, '--ref', `K-${i}`], K0,
          srv.tmpdir);
      }
      await waitFor('a batch under way', () => taken().length >= 5, 60000);
      srv.proc.kill('SIGKILL');   // one message taken by the gateway, its answer not recorded
      if (srv.proc.exitCode === null && srv.proc.signalCode === null) {
        await new Promise((r) => srv.proc.once('exit', r));
      }
      const before = taken().length;
      assert.ok(before < phones.length, 'the kill came before the batch ended');
      assert.ok(rows(srv, "ref LIKE 'K-%' AND state = 'sending'").length >= 1,
        'a row was left "sending"');
      sms.delayMs = 0;
      again = await startServer({ env: env(K1), db: srv.db, args: ['--data-dir', srv.tmpdir] });
      await waitFor('every message sent', () =>
        rows(again, "ref LIKE 'K-%' AND state IN ('sent', 'delivered')").length === phones.length,
        60000)
        .catch((e) => {
          throw new Error(`${e.message}: ${JSON.stringify(rows(again, "ref LIKE 'K-%'")
            .map((r) => [r.state, r.last_error]))}\n${again.output()}`);
        });
      // each number got exactly one message; the resend was recognised by its RequestId
      const perPhone = new Map();
      for (const m of taken()) perPhone.set(m.phone, (perPhone.get(m.phone) || 0) + 1);
      assert.equal(perPhone.size, phones.length, 'none skipped');
      assert.ok([...perPhone.values()].every((n) => n === 1), 'none sent twice');
      const dups = sms.duplicates.filter((d) => phones.includes(d.phone));
      assert.ok(dups.length >= 1, 'the crashed send was repeated with the same RequestId');
    } finally {
      sms.delayMs = 0;
      if (!again) srv.proc.kill('SIGKILL');
      await again?.stop();
      rmSync(srv.tmpdir, { recursive: true, force: true });
    }
  });
