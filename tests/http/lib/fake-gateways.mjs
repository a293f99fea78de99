// tests/http/lib/fake-gateways.mjs - stand-ins for the SMS and Zalo gateways,
// real HTTP servers speaking their request and answer formats:
//
//   eSMS  POST / (SendMultipleMessage_V4_post_json): JSON {ApiKey, SecretKey,
//         Brandname, SmsType, Content, Phone, IsUnicode, RequestId, CallbackUrl}
//         -> {"CodeResult":"100","SMSID":"..."}; a RequestId seen before -> 124;
//         then a receipt by HTTP GET on CallbackUrl with SMSID, SendStatus,
//         SendSuccess, SendFailed (like eSMS: its sample callbacks).
//         GET /GetSendStatus?RefId=SMSID&ApiKey=..&SecretKey=.. (the status
//         query) -> {"CodeResponse":"100","SMSID":..,"SendStatus":5,
//         "SendSuccess":1,"SendFailed":0,...}; 2 while still on its way.
//   Zalo  POST /message/template with header access_token: {phone, template_id,
//         template_data, tracking_id} -> {"error":0,"data":{"msg_id":..}} or
//         {"error":-118} (no Zalo account) / -124 (token invalid); then a
//         user_received_message event POSTed to the OA webhook, signed
//         X-ZEvent-Signature: mac=sha256(app_id + body + timestamp + OA secret).
//         POST /v4/oa/access_token (header secret_key; refresh_token, app_id,
//         grant_type=refresh_token) -> a new access token and refresh token.
//
//   const sms = await startFakeEsms({ apiKey: 'k', secretKey: 's' });
//   sms.mode = 'ok' | 'down' (HTTP 503) | 'slow' (answers after 12 s) | 'refuse' (103)
//   sms.phoneFails.add('0900000004')      // accepted, then a failure receipt
//   sms.phoneBad.add('0900000005')        // answered 108 (bad number)
//   sms.duplicateReceipts = true          // every receipt is sent twice
//   sms.delayMs = 300                     // takes each message at once, answers later
//                                         // (the window a crash leaves unrecorded)
//   sms.sent, sms.duplicates              // messages taken ({phone, requestId, smsid});
//                                         // resends it recognised by RequestId (124)
//   sms.statusPending.add('0900000006')   // the status query says "on its way" (2)
//   sms.requests, sms.receipts            // what it got, what it sent back
//   sms.statusQueries                     // the status queries it answered
//   const zalo = await startFakeZalo({ appId, appSecret, oaSecret, token, refreshToken });
//   zalo.webhook = `${srv.url}/api/notify/zalo`; zalo.noZalo.add('0900000002');
//   zalo.expireToken()                    // the current access token is refused (-124)
import { createServer } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';

function readBody(req) {
  return new Promise((resolve) => {
    let raw = '';
    req.on('data', (c) => { raw += c; });
    req.on('end', () => resolve(raw));
  });
}

function listen(server) {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`));
  });
}

function closer(server, timers) {
  return () => new Promise((resolve) => {
    for (const t of timers) clearTimeout(t);
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}

function answer(res, status, obj) {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(obj));
}

const norm = (p) => String(p || '').replace(/^\+?84/, '0');

export async function startFakeEsms(opts = {}) {
  const timers = new Set();
  const seen = new Map();   // RequestId -> SMSID
  const gw = {
    mode: 'ok', phoneFails: new Set(), phoneBad: new Set(), duplicateReceipts: false,
    statusPending: new Set(), requests: [], receipts: [], statusQueries: [], url: '',
    delayMs: 0, sent: [], duplicates: [],
  };
  const messages = new Map();   // SMSID -> phone
  const later = (ms, fn) => {
    const t = setTimeout(() => { timers.delete(t); fn(); }, ms);
    timers.add(t);
  };
  const sendReceipt = async (cbUrl, smsid, ok) => {
    if (!cbUrl) return;
    const u = new URL(cbUrl);
    const q = { SMSID: smsid, SendStatus: ok ? '5' : '4', SendSuccess: ok ? '1' : '0',
      SendFailed: ok ? '0' : '1', TotalPrice: ok ? '600.0000' : '0.0000', TotalReceiver: '1',
      TotalSent: '1', RequestId: '', TypeId: '2', telcoid: '1' };
    for (const [k, v] of Object.entries(q)) u.searchParams.set(k, v);
    const times = gw.duplicateReceipts ? 2 : 1;
    for (let i = 0; i < times; i++) {
      try {
        const r = await fetch(u);
        gw.receipts.push({ smsid, ok, status: r.status, body: await r.text() });
      } catch (e) {
        gw.receipts.push({ smsid, ok, status: 0, body: String(e) });
      }
    }
  };
  const statusQuery = (req, res) => {
    const q = new URL(req.url, 'http://x').searchParams;
    const smsid = q.get('RefId');
    gw.statusQueries.push({ smsid, apiKey: q.get('ApiKey') });
    if (q.get('ApiKey') !== opts.apiKey || q.get('SecretKey') !== opts.secretKey) {
      return answer(res, 200, { CodeResponse: '101', ErrorMessage: 'Authorize Failed' });
    }
    if (!messages.has(smsid)) return answer(res, 200, { CodeResponse: '99' });
    const phone = messages.get(smsid);
    const ok = !gw.phoneFails.has(phone);
    const done = !gw.statusPending.has(phone);
    return answer(res, 200, { CodeResponse: '100', SMSID: smsid, SendStatus: done ? 5 : 2,
      SendSuccess: done && ok ? 1 : 0, SendFailed: done && !ok ? 1 : 0,
      TotalPrice: ok ? 600 : 0, TotalReceiver: 1, TotalSent: 1 });
  };
  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    if (req.method === 'GET' && req.url.includes('GetSendStatus')) return statusQuery(req, res);
    let body = {};
    try { body = JSON.parse(raw); } catch { /* kept empty */ }
    gw.requests.push(body);
    if (gw.mode === 'down') return answer(res, 503, { error: 'Service Unavailable' });
    const reply = () => {
      if (body.ApiKey !== opts.apiKey || body.SecretKey !== opts.secretKey) {
        return answer(res, 200, { CodeResult: '101', ErrorMessage: 'Authorize Failed' });
      }
      if (gw.mode === 'refuse') {
        return answer(res, 200, { CodeResult: '103', ErrorMessage: 'Balance not enough' });
      }
      if (gw.phoneBad.has(norm(body.Phone))) {
        return answer(res, 200, { CodeResult: '108', ErrorMessage: 'Phone not valid' });
      }
      if (seen.has(body.RequestId)) {
        gw.duplicates.push({ phone: norm(body.Phone), requestId: body.RequestId });
        return answer(res, 200, { CodeResult: '124', ErrorMessage: 'Request exist 1',
          SMSID: seen.get(body.RequestId) });
      }
      const smsid = randomBytes(16).toString('hex');
      seen.set(body.RequestId, smsid);
      messages.set(smsid, norm(body.Phone));
      gw.sent.push({ phone: norm(body.Phone), requestId: body.RequestId, smsid });
      const ok200 = { CodeResult: '100', CountRegenerate: 0, SMSID: smsid };
      if (gw.delayMs) later(gw.delayMs, () => answer(res, 200, ok200));
      else answer(res, 200, ok200);
      const ok = !gw.phoneFails.has(norm(body.Phone));
      later(150, () => sendReceipt(body.CallbackUrl, smsid, ok));
      return undefined;
    };
    if (gw.mode === 'slow') later(12000, reply);
    else reply();
    return undefined;
  });
  gw.url = await listen(server);
  gw.close = closer(server, timers);
  return gw;
}

export function zaloSignature(appId, body, timestamp, oaSecret) {
  return 'mac=' + createHash('sha256').update(appId + body + timestamp + oaSecret).digest('hex');
}

export async function startFakeZalo(opts) {
  const timers = new Set();
  const byTracking = new Map();
  const gw = {
    webhook: '', noZalo: new Set(), requests: [], events: [], refreshes: 0, url: '',
    token: opts.token, refreshToken: opts.refreshToken,
  };
  gw.expireToken = () => { gw.token = `expired-${randomBytes(4).toString('hex')}`; };
  const later = (ms, fn) => {
    const t = setTimeout(() => { timers.delete(t); fn(); }, ms);
    timers.add(t);
  };
  const sendEvent = async (msgId, phone) => {
    if (!gw.webhook) return;
    const timestamp = String(Date.now());
    const body = JSON.stringify({
      app_id: opts.appId, event_name: 'user_received_message', timestamp,
      sender: { id: 'oa' }, recipient: { user_id: `u${phone}` },
      message: { msg_id: msgId, delivery_time: timestamp },
    });
    const r = await fetch(gw.webhook, { method: 'POST', body, headers: {
      'content-type': 'application/json',
      'X-ZEvent-Signature': zaloSignature(opts.appId, body, timestamp, opts.oaSecret) } });
    gw.events.push({ msgId, status: r.status });
  };
  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    if (req.url.startsWith('/v4/oa/access_token')) {
      const form = new URLSearchParams(raw);
      if (req.headers.secret_key !== opts.appSecret || form.get('app_id') !== opts.appId ||
          form.get('refresh_token') !== gw.refreshToken ||
          form.get('grant_type') !== 'refresh_token') {
        return answer(res, 200, { error: -14014, message: 'Invalid refresh token' });
      }
      gw.refreshes++;
      gw.token = `at-${randomBytes(8).toString('hex')}`;
      gw.refreshToken = `rt-${randomBytes(8).toString('hex')}`;
      return answer(res, 200, { access_token: gw.token, refresh_token: gw.refreshToken,
        expires_in: '90000' });
    }
    let body = {};
    try { body = JSON.parse(raw); } catch { /* kept empty */ }
    gw.requests.push({ token: req.headers.access_token, body });
    if (req.headers.access_token !== gw.token) {
      return answer(res, 200, { error: -124, message: 'Access token is invalid' });
    }
    const phone = norm(body.phone);
    if (gw.noZalo.has(phone)) {
      return answer(res, 200, { error: -118, message: 'Zalo account not existed' });
    }
    let msgId = byTracking.get(body.tracking_id);
    if (!msgId) {
      msgId = randomBytes(10).toString('hex');
      byTracking.set(body.tracking_id, msgId);
      later(150, () => sendEvent(msgId, phone).catch(() => {}));
    }
    return answer(res, 200, { error: 0, message: 'Success',
      data: { msg_id: msgId, sent_time: String(Date.now()), quota: { dailyQuota: '500' } } });
  });
  gw.url = await listen(server);
  gw.close = closer(server, timers);
  return gw;
}
