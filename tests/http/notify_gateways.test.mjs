// The outbox against stand-in gateways (tests/http/lib/fake-gateways.mjs):
// honest states, receipts by signed callback, duplicates, retries,
// failover between SMS gateways, fallback from Zalo to SMS to email with
// the reason in plain Vietnamese, outreach held in quiet hours and refused
// after an opt-out by SMS keyword or by the link in the message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, dbRows, motcuaBin, getForm, postForm } from './lib/server.mjs';
import { loadAgencies, addStaff, staffLogin, PASSWORD } from './lib/feedback-helpers.mjs';
import { startFakeEsms, startFakeZalo, zaloSignature } from './lib/fake-gateways.mjs';
import { startSmtpSink } from './lib/smtp-sink.mjs';

const ZALO = { appId: 'app-1', appSecret: 'app-secret', oaSecret: 'oa-secret',
  token: 'at-first', refreshToken: 'rt-first' };
const MO_TOKEN = 'mo-token-123';

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function send(srv, args, env = {}) {
  execFileSync(motcuaBin(), ['notify', 'send', ...args, '--db', srv.db, '--data-dir', srv.tmpdir],
    { env: { ...process.env, MOTCUA_TEST: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

function rows(srv, where) {
  return dbRows(srv.db, 'SELECT id, channel, recipient, state, provider, provider_ref, ' +
    `reason, attempts, parent_id, next_attempt_at, last_error FROM notify_outbox WHERE ${where} ` +
    'ORDER BY id');
}

async function waitFor(what, fn, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function gatewayServer(env = {}) {
  const sms = await startFakeEsms({ apiKey: 'k1', secretKey: 's1' });
  const sms2 = await startFakeEsms({ apiKey: 'k2', secretKey: 's2' });
  const zalo = await startFakeZalo(ZALO);
  const sink = await startSmtpSink();
  const port = await freePort();
  const srv = await startServer({
    args: ['--port', String(port)],
    env: {
      MOTCUA_PUBLIC_URL: `http://127.0.0.1:${port}`,
      MOTCUA_SMTP_URL: sink.url,
      MOTCUA_SMS_URL: sms.url, MOTCUA_SMS_USER: 'k1', MOTCUA_SMS_PASS: 's1',
      MOTCUA_SMS_URL_2: sms2.url, MOTCUA_SMS_USER_2: 'k2', MOTCUA_SMS_PASS_2: 's2',
      MOTCUA_SMS_BRANDNAME: 'TINH-TEST', MOTCUA_SMS_MO_TOKEN: MO_TOKEN,
      MOTCUA_ZALO_ZNS_URL: `${zalo.url}/message/template`,
      MOTCUA_ZALO_OAUTH_URL: `${zalo.url}/v4/oa/access_token`,
      MOTCUA_ZALO_OA_TOKEN: ZALO.token, MOTCUA_ZALO_REFRESH_TOKEN: ZALO.refreshToken,
      MOTCUA_ZALO_APP_ID: ZALO.appId, MOTCUA_ZALO_APP_SECRET: ZALO.appSecret,
      MOTCUA_ZALO_OA_SECRET: ZALO.oaSecret,
      MOTCUA_ZALO_TEMPLATES: 'notify.test=300001,dossier.notice=300002',
      ...env,
    },
  });
  zalo.webhook = `${srv.url}/api/notify/zalo`;
  const close = async () => {
    await srv.stop();
    await Promise.all([sms.close(), sms2.close(), zalo.close(), sink.close()]);
  };
  return { srv, sms, sms2, zalo, sink, close };
}

let g;
before(async () => { g = await gatewayServer(); });
after(async () => { await g?.close(); });
// Outreach waits out quiet hours (21:00-07:00 in Vietnam): the tests that need
// it sent at once run on a server whose clock starts at ten in the morning, so
// they pass at any hour.  (Zalo webhooks need the real clock: they stay on g.)
const DAY = { MOTCUA_NOW: '2026-03-03T10:00:00+07:00' };
let day;
before(async () => { day = await gatewayServer(DAY); });
after(async () => { await day?.close(); });

test('an SMS is sent, then delivered by a signed receipt; a duplicate receipt changes nothing',
  async () => {
    g.sms.duplicateReceipts = true;
    send(g.srv, ['--channel', 'sms', '--to', '0900000001', '--body', 'Ho so da duoc tiep nhan',
      '--ref', 'HS-1']);
    const [m] = await waitFor('delivered', () => {
      const r = rows(g.srv, "ref = 'HS-1'");
      return r.length && r[0].state === 'delivered' ? r : null;
    });
    assert.equal(m.provider, 'esms');
    assert.ok(m.provider_ref.length > 0);
    const req = g.sms.requests.find((r) => r.Phone === '0900000001');
    assert.equal(req.Brandname, 'TINH-TEST');
    assert.equal(req.SmsType, '2');
    assert.equal(req.IsUnicode, '0');
    assert.match(req.RequestId, /^[0-9a-f]{32}$/);
    assert.match(req.CallbackUrl, /\/api\/notify\/esms\?k=[0-9a-f]{32}&t=[0-9a-f]{64}$/);
    const receipts = await waitFor('both receipts', () => {
      const r = g.sms.receipts.filter((x) => x.smsid === m.provider_ref);
      return r.length === 2 ? r : null;
    });
    assert.deepEqual(receipts.map((r) => r.status), [200, 200]);
    assert.match(receipts[1].body, /"duplicate":\s*true/);
    const stored = dbRows(g.srv.db, 'SELECT COUNT(*) AS n FROM notify_receipts ' +
      `WHERE provider_ref = '${m.provider_ref}'`);
    assert.equal(stored[0].n, 1);
    g.sms.duplicateReceipts = false;
  });

test('a forged or altered receipt is refused and changes nothing', async () => {
  send(g.srv, ['--channel', 'sms', '--to', '0900000011', '--body', 'Tin thu', '--ref', 'HS-11']);
  const [m] = await waitFor('delivered', () => {
    const r = rows(g.srv, "ref = 'HS-11'");
    return r.length && r[0].state === 'delivered' ? r : null;
  });
  const req = g.sms.requests.find((r) => r.Phone === '0900000011');
  const cb = new URL(req.CallbackUrl);
  // a failure receipt with a made-up signature
  const forged = new URL(cb);
  forged.searchParams.set('t', 'f'.repeat(64));
  for (const [k, v] of Object.entries({ SMSID: m.provider_ref, SendStatus: '4',
    SendSuccess: '0', SendFailed: '1' })) forged.searchParams.set(k, v);
  let res = await fetch(forged);
  assert.equal(res.status, 403);
  // a genuine signature with another message's key
  const other = new URL(forged);
  other.searchParams.set('t', cb.searchParams.get('t'));
  other.searchParams.set('k', '0'.repeat(32));
  res = await fetch(other);
  assert.equal(res.status, 403);
  const [after] = rows(g.srv, `id = ${m.id}`);
  assert.equal(after.state, 'delivered');
  assert.equal(rows(g.srv, `parent_id = ${m.id}`).length, 0, 'no fallback was queued');
});

test('Zalo: no account for the number, so the SMS goes instead and the officer reads why',
  async () => {
    g.zalo.noZalo.add('0900000002');
    send(g.srv, ['--channel', 'zalo', '--to', '0900000002', '--body', 'Hồ sơ đã có kết quả',
      '--fallback', 'sms:0900000002|email:nguoidan@example.vn', '--ref', 'HS-2',
      '--actor', '7']);
    const list = await waitFor('fallback delivered', () => {
      const r = rows(g.srv, "ref = 'HS-2'");
      return r.length === 2 && r[1].state === 'delivered' ? r : null;
    });
    assert.equal(list[0].channel, 'zalo');
    assert.equal(list[0].state, 'failed');
    assert.equal(list[0].reason,
      'Số điện thoại không nhận được tin Zalo; đã gửi SMS thay thế.');
    assert.equal(list[1].channel, 'sms');
    assert.equal(list[1].parent_id, list[0].id);
    const req = g.sms.requests.find((r) => r.Phone === '0900000002');
    assert.equal(req.IsUnicode, '1', 'Vietnamese with diacritics goes as UCS-2');
    assert.equal(g.sink.messages.length, 0, 'the email fallback was not needed');
  });

test('Zalo: an accepted message is delivered on the signed webhook; forged and old events are refused',
  async () => {
    send(g.srv, ['--channel', 'zalo', '--to', '0900000003', '--body', 'Lịch hẹn ngày mai',
      '--ref', 'HS-3']);
    const [m] = await waitFor('delivered', () => {
      const r = rows(g.srv, "ref = 'HS-3'");
      return r.length && r[0].state === 'delivered' ? r : null;
    });
    assert.equal(m.provider, 'zns');
    const zr = g.zalo.requests.find((r) => r.body.phone === '84900000003');
    assert.equal(zr.body.template_id, '300001');
    assert.equal(zr.body.template_data.noi_dung, 'Lịch hẹn ngày mai');
    assert.match(zr.body.tracking_id, /^[0-9a-f]{32}$/);
    const event = (ts, msgId) => JSON.stringify({ app_id: ZALO.appId,
      event_name: 'user_received_message', timestamp: String(ts), message: { msg_id: msgId } });
    // wrong secret
    let body = event(Date.now(), m.provider_ref);
    let res = await fetch(g.zalo.webhook, { method: 'POST', body, headers: {
      'content-type': 'application/json',
      'X-ZEvent-Signature': zaloSignature(ZALO.appId, body, Date.now(), 'wrong') } });
    assert.equal(res.status, 403);
    // a correctly signed event from an hour ago (a replay)
    const old = Date.now() - 3600 * 1000;
    body = event(old, m.provider_ref);
    res = await fetch(g.zalo.webhook, { method: 'POST', body, headers: {
      'content-type': 'application/json',
      'X-ZEvent-Signature': zaloSignature(ZALO.appId, body, old, ZALO.oaSecret) } });
    assert.equal(res.status, 403);
    // the same receipt again, fresh and signed: accepted as a duplicate
    const now = Date.now();
    body = event(now, m.provider_ref);
    res = await fetch(g.zalo.webhook, { method: 'POST', body, headers: {
      'content-type': 'application/json',
      'X-ZEvent-Signature': zaloSignature(ZALO.appId, body, now, ZALO.oaSecret) } });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).duplicate, true);
  });

test('Zalo: an expired access token is refreshed and the new refresh token kept', async () => {
  g.zalo.expireToken();
  send(g.srv, ['--channel', 'zalo', '--to', '0900000013', '--body', 'Tin sau khi đổi mã',
    '--ref', 'HS-13']);
  await waitFor('sent', () => {
    const r = rows(g.srv, "ref = 'HS-13'");
    return r.length && ['sent', 'delivered'].includes(r[0].state) ? r : null;
  });
  assert.equal(g.zalo.refreshes, 1);
  const kept = join(g.srv.tmpdir, 'zalo-token.json');
  assert.ok(existsSync(kept));
  assert.equal(JSON.parse(readFileSync(kept, 'utf8')).refresh_token, g.zalo.refreshToken);
  assert.doesNotMatch(g.srv.output(), new RegExp(`${g.zalo.token}|${ZALO.appSecret}|s1\\b`));
});

test('a failure receipt for an SMS sends the email instead', async () => {
  g.sms.phoneFails.add('0900000004');
  send(g.srv, ['--channel', 'sms', '--to', '0900000004', '--body', 'Mời bổ sung hồ sơ',
    '--subject', 'Bổ sung hồ sơ', '--fallback', 'email:bosung@example.vn', '--ref', 'HS-4']);
  const list = await waitFor('email sent', () => {
    const r = rows(g.srv, "ref = 'HS-4'");
    return r.length === 2 && r[1].state === 'sent' ? r : null;
  });
  assert.equal(list[0].state, 'failed');
  assert.equal(list[0].reason, 'Nhà mạng báo tin nhắn SMS không đến được số điện thoại này; ' +
    'đã gửi thư điện tử thay thế.');
  const mail = await g.sink.waitFor((x) => x.to.includes('bosung@example.vn'));
  assert.match(mail.text, /Mời bổ sung hồ sơ/);
});

test('a bad number fails for good at once, with no channel left, in plain words', async () => {
  g.sms.phoneBad.add('0900000005');
  send(g.srv, ['--channel', 'sms', '--to', '0900000005', '--body', 'Tin', '--ref', 'HS-5']);
  const [m] = await waitFor('failed', () => {
    const r = rows(g.srv, "ref = 'HS-5'");
    return r.length && r[0].state === 'failed' ? r : null;
  });
  assert.equal(m.attempts, 1);
  assert.equal(m.reason, 'Số điện thoại không đúng định dạng; không còn kênh nào khác để gửi.');
});

test('the first SMS gateway down: the second takes the message (failover)', async () => {
  g.sms.mode = 'down';
  try {
    send(g.srv, ['--channel', 'sms', '--to', '0900000006', '--body', 'Tin', '--ref', 'HS-6']);
    const [m] = await waitFor('delivered', () => {
      const r = rows(g.srv, "ref = 'HS-6'");
      return r.length && r[0].state === 'delivered' ? r : null;
    });
    assert.equal(m.provider, 'esms-2');
    assert.equal(g.sms2.requests.filter((r) => r.Phone === '0900000006').length, 1);
  } finally {
    g.sms.mode = 'ok';
  }
});

test('both SMS gateways refusing: the message waits to be retried, never "sent"', async () => {
  g.sms.mode = 'refuse';
  g.sms2.mode = 'down';
  try {
    send(g.srv, ['--channel', 'sms', '--to', '0900000007', '--body', 'Tin', '--ref', 'HS-7']);
    const [m] = await waitFor('retrying', () => {
      const r = rows(g.srv, "ref = 'HS-7'");
      return r.length && r[0].state === 'retrying' ? r : null;
    });
    assert.equal(m.attempts, 1);
    assert.match(m.last_error, /esms-2: HTTP 503|CodeResult 103/);
    assert.ok(m.next_attempt_at > Date.now() / 1000 + 30, 'retried after a wait');
    assert.equal(m.provider, '');
  } finally {
    g.sms.mode = 'ok';
    g.sms2.mode = 'ok';
  }
});

test('a resend after a crash carries the same RequestId, so the gateway does not send twice',
  async () => {
    send(g.srv, ['--channel', 'sms', '--to', '0900000008', '--body', 'Tin', '--ref', 'HS-8']);
    const [m] = await waitFor('delivered', () => {
      const r = rows(g.srv, "ref = 'HS-8'");
      return r.length && r[0].state === 'delivered' ? r : null;
    });
    const req = g.sms.requests.find((r) => r.Phone === '0900000008');
    // the same request again, as after kill -9 between sending and recording
    const res = await fetch(g.sms.url, { method: 'POST', body: JSON.stringify(req) });
    const ans = await res.json();
    assert.equal(ans.CodeResult, '124');
    assert.equal(ans.SMSID, m.provider_ref);
  });

test('outreach: an SMS keyword opts the number out; bad tokens are refused', async () => {
  let res = await fetch(`${day.srv.url}/api/notify/sms-mo?token=wrong&Phone=84900000009&Content=TC`);
  assert.equal(res.status, 403);
  res = await fetch(`${day.srv.url}/api/notify/sms-mo?token=${MO_TOKEN}&Phone=84900000009` +
    '&Content=%20tc%20');
  assert.equal(res.status, 200);
  assert.equal((await res.json()).opted_out, true);
  send(day.srv, ['--channel', 'sms', '--to', '0900000009', '--body', 'Moi dung dich vu cong',
    '--ref', 'CD-9', '--outreach'], DAY);
  send(day.srv, ['--channel', 'sms', '--to', '0900000009', '--body', 'Ho so da tiep nhan',
    '--ref', 'HS-9'], DAY);
  const out = await waitFor('refused', () => {
    const r = rows(day.srv, "ref = 'CD-9'");
    return r.length && r[0].state === 'failed' ? r : null;
  });
  assert.equal(out[0].reason, 'Người nhận đã từ chối nhận tin');
  await waitFor('transactional still sent', () => {
    const r = rows(day.srv, "ref = 'HS-9'");
    return r.length && ['sent', 'delivered'].includes(r[0].state);
  });
  assert.equal(day.sms.requests.filter((r) => r.Content.includes('Moi dung')).length, 0);
  const consent = dbRows(day.srv.db, "SELECT granted, source FROM notify_consent WHERE source = 'sms-keyword'");
  assert.deepEqual(consent, [{ granted: 0, source: 'sms-keyword' }]);
});

test('outreach carries an opt-out link; following it (and confirming) stops the next one',
  async () => {
    send(day.srv, ['--channel', 'sms', '--to', '0900000010', '--body', 'Nop ho so truc tuyen',
      '--ref', 'CD-10', '--outreach'], DAY);
    await waitFor('sent', () => {
      const r = rows(day.srv, "ref = 'CD-10'");
      return r.length && ['sent', 'delivered'].includes(r[0].state);
    });
    const req = day.sms.requests.find((r) => r.Phone === '0900000010');
    const link = /(http:\S+\/tu-choi-tin\?a=[0-9a-f]{64}&t=[0-9a-f]{64})/.exec(req.Content);
    assert.ok(link, req.Content);
    let res = await fetch(link[1]);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /Không nhận tin giới thiệu nữa/);
    const u = new URL(link[1]);
    // an altered link is refused
    res = await fetch(`${day.srv.url}/tu-choi-tin?a=${u.searchParams.get('a')}&t=${'0'.repeat(64)}`);
    assert.equal(res.status, 404);
    res = await fetch(`${day.srv.url}/tu-choi-tin`, { method: 'POST',
      body: new URLSearchParams({ a: u.searchParams.get('a'), t: u.searchParams.get('t') }) });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /không nhận thêm tin giới thiệu/);
    send(day.srv, ['--channel', 'sms', '--to', '84900000010', '--body', 'Lan hai',
      '--ref', 'CD-10b', '--outreach'], DAY);
    const [m] = await waitFor('refused', () => {
      const r = rows(day.srv, "ref = 'CD-10b'");
      return r.length && r[0].state === 'failed' ? r : null;
    });
    assert.equal(m.reason, 'Người nhận đã từ chối nhận tin');
  });

test('quiet hours: at 22:00 outreach waits until 07:00, transactional goes at once', async () => {
  const night = { MOTCUA_NOW: '2026-03-03T22:00:00+07:00' };
  const q = await gatewayServer(night);
  try {
    send(q.srv, ['--channel', 'sms', '--to', '0900000012', '--body', 'Gioi thieu',
      '--ref', 'CD-12', '--outreach'], night);
    send(q.srv, ['--channel', 'sms', '--to', '0900000012', '--body', 'Ket qua',
      '--ref', 'HS-12'], night);
    await waitFor('transactional sent', () => {
      const r = rows(q.srv, "ref = 'HS-12'");
      return r.length && ['sent', 'delivered'].includes(r[0].state);
    });
    const [m] = await waitFor('held', () => {
      const r = rows(q.srv, "ref = 'CD-12'");
      return r.length && r[0].next_attempt_at > Date.parse('2026-03-03T23:00:00+07:00') / 1000
        ? r : null;
    });
    assert.equal(m.state, 'queued');
    assert.equal(m.next_attempt_at, Date.parse('2026-03-04T07:00:00+07:00') / 1000);
    assert.equal(q.sms.requests.filter((r) => r.Content.startsWith('Gioi thieu')).length, 0);
  } finally {
    await q.close();
  }
});

test('weekly cap: the third outreach in a week to one number is refused, news still goes',
  async () => {
    for (const ref of ['CD-13a', 'CD-13b']) {
      send(day.srv, ['--channel', 'sms', '--to', '0900000013', '--body', `Gioi thieu ${ref}`,
        '--ref', ref, '--outreach'], DAY);
      await waitFor(`${ref} sent`, () => {
        const r = rows(day.srv, `ref = '${ref}'`);
        return r.length && ['sent', 'delivered'].includes(r[0].state);
      });
    }
    send(day.srv, ['--channel', 'sms', '--to', '0900000013', '--body', 'Gioi thieu CD-13c',
      '--ref', 'CD-13c', '--outreach'], DAY);
    send(day.srv, ['--channel', 'sms', '--to', '0900000013', '--body', 'Ho so HS-13',
      '--ref', 'HS-13'], DAY);
    const [m] = await waitFor('capped', () => {
      const r = rows(day.srv, "ref = 'CD-13c'");
      return r.length && r[0].state === 'failed' ? r : null;
    });
    assert.equal(m.reason, 'Người nhận đã nhận đủ số tin trong tuần');
    assert.equal(m.last_error, 'weekly cap');
    await waitFor('transactional sent', () => {
      const r = rows(day.srv, "ref = 'HS-13'");
      return r.length && ['sent', 'delivered'].includes(r[0].state);
    });
    assert.equal(day.sms.requests.filter((r) => r.Content.startsWith('Gioi thieu CD-13c')).length,
      0);
  });

test('a person chooses Zalo and refuses outreach on /tai-khoan/nhan-tin; consent is recorded',
  async () => {
    const phone = '0912399001';
    const jar = {};
    const reg = await getForm(g.srv.url, '/dang-ky', jar);
    const r = await postForm(g.srv.url, '/dang-ky', { csrf: reg.csrf, kind: 'citizen', dong_y: '1',
      full_name: 'Đinh Thị Mai', cccd: '001090099001', phone, email: '',
      password: PASSWORD, password2: PASSWORD }, jar);
    assert.equal(r.status, 303, r.html?.slice(0, 500));
    const account = await getForm(g.srv.url, '/tai-khoan', jar);
    assert.match(account.html, /href="\/tai-khoan\/nhan-tin"/);

    let page = await getForm(g.srv.url, '/tai-khoan/nhan-tin', jar);
    assert.equal(page.status, 200);
    assert.match(page.html, /name="quiet_start" type="time" value="21:00"/);
    assert.match(page.html, /name="quiet_end" type="time" value="07:00"/);
    const base = { csrf: page.csrf, quiet_start: '21:30', quiet_end: '06:30', weekly_cap: '1' };
    // Zalo without saying the number uses Zalo: refused, nothing saved
    let res = await postForm(g.srv.url, '/tai-khoan/nhan-tin', { ...base, channel: 'zalo' }, jar);
    assert.equal(res.status, 422);
    assert.match(res.html, /xác nhận số điện thoại của bạn có dùng Zalo/);
    res = await postForm(g.srv.url, '/tai-khoan/nhan-tin',
      { ...base, channel: 'zalo', quiet_start: '25:00' }, jar);
    assert.equal(res.status, 422);
    // a refused time or cap comes back as typed, next to the reason
    res = await postForm(g.srv.url, '/tai-khoan/nhan-tin',
      { ...base, channel: 'zalo', zalo_linked: '1', quiet_start: '25:00', weekly_cap: 'ba' }, jar);
    assert.equal(res.status, 422);
    assert.match(res.html, /Giờ yên tĩnh viết dạng giờ:phút/);
    assert.match(res.html, /name="quiet_start" type="time" value="25:00"/);
    assert.match(res.html, /name="quiet_end" type="time" value="06:30"/);
    assert.match(res.html, /name="weekly_cap" type="number" min="0" max="50" value="ba"/);
    assert.equal(dbRows(g.srv.db, 'SELECT COUNT(*) AS n FROM notify_prefs')[0].n, 0);
    // Zalo, linked, outreach box left unticked
    res = await postForm(g.srv.url, '/tai-khoan/nhan-tin',
      { ...base, channel: 'zalo', zalo_linked: '1' }, jar);
    assert.equal(res.status, 303);
    page = await getForm(g.srv.url, '/tai-khoan/nhan-tin?da-luu=1', jar);
    assert.match(page.html, /data-test="prefs-saved"/);
    assert.match(page.html, /value="zalo" checked/);
    assert.match(page.html, /value="21:30"/);
    assert.doesNotMatch(page.html, /name="outreach" value="1" checked/);
    const [prefs] = dbRows(g.srv.db, 'SELECT p.channel, p.zalo_linked, p.opt_out, p.quiet_start,' +
      ' p.quiet_end, p.weekly_cap FROM notify_prefs p');
    assert.deepEqual(prefs, { channel: 'zalo', zalo_linked: 1, opt_out: 1, quiet_start: 1290,
      quiet_end: 390, weekly_cap: 1 });
    const consent = dbRows(g.srv.db,
      "SELECT granted, source, purpose FROM notify_consent WHERE source = 'web'");
    assert.deepEqual(consent, [{ granted: 0, source: 'web', purpose: 'outreach' }]);
    assert.equal(dbRows(g.srv.db,
      "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'notify.prefs'")[0].n, 1);
    // outreach to this account is refused by its own choice
    const uid = dbRows(g.srv.db, 'SELECT user_id FROM notify_prefs')[0].user_id;
    send(g.srv, ['--channel', 'sms', '--to', '0900000099', '--body', 'Gioi thieu', '--ref', 'CD-99',
      '--outreach', '--user', String(uid)]);
    const [m] = await waitFor('refused', () => {
      const x = rows(g.srv, "ref = 'CD-99'");
      return x.length && x[0].state === 'failed' ? x : null;
    });
    assert.equal(m.reason, 'Người nhận đã từ chối nhận tin');
  });

test('the officer reads, in plain words, which of their messages did not arrive and why',
  async () => {
    loadAgencies(g.srv);
    addStaff(g.srv, 'tn', 'Nguyễn Thị Hoa', 'reception', 'T20.STP');
    const jar = await staffLogin(g.srv, 'tn');
    const id = dbRows(g.srv.db, "SELECT id FROM users WHERE login = 'tn'")[0].id;
    g.zalo.noZalo.add('0900000020');
    send(g.srv, ['--channel', 'zalo', '--to', '0900000020', '--body', 'Hồ sơ cần bổ sung',
      '--fallback', 'sms:0900000020', '--ref', 'HS-20', '--actor', String(id)]);
    await waitFor('fallback sent', () => {
      const x = rows(g.srv, "ref = 'HS-20'");
      return x.length === 2 && ['sent', 'delivered'].includes(x[1].state);
    });
    const home = await getForm(g.srv.url, '/quan-tri', jar);
    assert.match(home.html, /href="\/quan-tri\/tin-da-gui"/);
    const page = await getForm(g.srv.url, '/quan-tri/tin-da-gui', jar);
    assert.equal(page.status, 200);
    assert.match(page.html, /Số điện thoại không nhận được tin Zalo; đã gửi SMS thay thế\./);
    assert.match(page.html, /HS-20/);
    assert.match(page.html, /090\*\*\*\*\*20/);
    assert.doesNotMatch(page.html, /0900000020/);
    assert.doesNotMatch(page.html, /Hồ sơ cần bổ sung/);
    // a citizen cannot open it
    const anon = await fetch(`${g.srv.url}/quan-tri/tin-da-gui`, { redirect: 'manual' });
    assert.notEqual(anon.status, 200);
  });
