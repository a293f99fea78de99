// limits.test.mjs - the HTTP core holds under the attacks of issue 13:
// slow clients from one address, headers or a body trickled byte by byte,
// a declared length over the limit, a body of tens of thousands of tiny
// parts, bodies sent to routes the sender may not use, and uploads that
// would fill the disk.  Each test talks raw HTTP over a socket so that it
// controls exactly what is sent and when.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import http from 'node:http';
import { startServer, getForm } from './lib/server.mjs';

let srv;
before(async () => {
  srv = await startServer({
    env: {
      MOTCUA_MAX_CONNECTIONS: '40',
      MOTCUA_MAX_PER_ADDRESS: '8',
      MOTCUA_HEADER_TIMEOUT: '2',
      MOTCUA_REQUEST_TIMEOUT: '4',
      MOTCUA_UPLOAD_SPOOL_MB: '2',
    },
  });
});
after(async () => {
  await srv?.stop();
});

const port = () => Number(new URL(srv.url).port);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A socket to the server from localAddress (127.0.0.x), once connected. */
function connect(localAddress = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port: port(), localAddress }, () => resolve(s));
    s.on('error', reject);
  });
}

/** Everything the server sends on s until it closes or limitMs pass. */
function collect(s, limitMs = 20000) {
  return new Promise((resolve) => {
    let data = '';
    let closed = false;
    const timer = setTimeout(() => resolve({ data, closed }), limitMs);
    s.on('data', (d) => { data += d.toString('latin1'); });
    s.on('error', () => {});
    s.on('close', () => {
      closed = true;
      clearTimeout(timer);
      resolve({ data, closed });
    });
  });
}

/** The status line's code of a raw response, or 0. */
function statusOf(raw) {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(raw);
  return m ? Number(m[1]) : 0;
}

/** GET path from localAddress with node's client; resolves to the status. */
function getFrom(localAddress, path = '/') {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: port(), path, localAddress,
      agent: false, timeout: 10000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

/** The server's CPU time so far (user + system), in seconds. */
function serverCpu() {
  const f = readFileSync(`/proc/${srv.proc.pid}/stat`, 'utf8');
  const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** An anonymous visitor's cookie and form token (mc_anon). */
async function anonymous() {
  const jar = {};
  const { csrf } = await getForm(srv.url, '/phan-anh/gui', jar);
  assert.ok(jar.mc_anon && csrf, 'the feedback form gives an anonymous cookie and token');
  return { cookie: `mc_anon=${jar.mc_anon}`, csrf };
}

test('slow clients from one address do not stop others', async () => {
  // 40 connections from 127.0.0.1 (the server's whole capacity) each
  // trickling a request line; one address gets only 8 of them.
  const slow = [];
  for (let i = 0; i < 40; i++) {
    try {
      const s = await connect('127.0.0.1');
      s.on('error', () => {});
      s.write('G');
      slow.push(s);
    } catch {
      // refused at once: the limit per address
    }
  }
  const drip = setInterval(() => slow.forEach((s) => s.writable && s.write('E')), 300);
  try {
    await sleep(300);
    assert.equal(await getFrom('127.0.0.2', '/'), 200, 'another address is served');
    assert.equal(await getFrom('127.0.0.3', '/thu-tuc'), 200);
  } finally {
    clearInterval(drip);
    slow.forEach((s) => s.destroy());
  }
});

test('headers trickled a byte at a time meet a deadline no byte renews', async (t) => {
  const s = await connect('127.0.0.4');
  const got = collect(s, 20000);
  s.write('GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ');
  const drip = setInterval(() => s.writable && s.write('a'), 250);
  const started = Date.now();
  const { closed } = await got;
  clearInterval(drip);
  s.destroy();
  assert.ok(closed, 'the server closed a connection that kept sending header bytes');
  t.diagnostic(`header trickle closed after ${Date.now() - started} ms`);
});

test('a body trickled a byte at a time meets the request deadline', async () => {
  const { cookie } = await anonymous();
  const s = await connect('127.0.0.5');
  const got = collect(s, 25000);
  s.write('POST /phan-anh/gui HTTP/1.1\r\nHost: x\r\n' +
    `Cookie: ${cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
    'Content-Length: 4000\r\n\r\n');
  const drip = setInterval(() => s.writable && s.write('a'), 250);
  const { closed } = await got;
  clearInterval(drip);
  s.destroy();
  assert.ok(closed, 'the server closed a request whose body never ended');
});

test('a declared length over the limit is refused before the body is sent', async () => {
  const s = await connect('127.0.0.6');
  const got = collect(s, 10000);
  s.write('POST /phan-anh/gui HTTP/1.1\r\nHost: x\r\n' +
    'Content-Type: multipart/form-data; boundary=b\r\n' +
    'Content-Length: 900000000\r\n\r\n');
  const { data } = await got;
  s.destroy();
  assert.equal(statusOf(data), 413, `no body byte was sent: ${data.slice(0, 80)}`);
});

test('a large body to a page for signed-in users is refused on its headers', async () => {
  const { cookie, csrf } = await anonymous();
  const s = await connect('127.0.0.7');
  const got = collect(s, 10000);
  s.write('POST /kho-du-lieu HTTP/1.1\r\nHost: x\r\n' +
    `Cookie: ${cookie}\r\nX-CSRF-Token: ${csrf}\r\n` +
    'Content-Type: multipart/form-data; boundary=b\r\n' +
    'Content-Length: 50000000\r\n\r\n');
  const { data } = await got;
  s.destroy();
  assert.equal(statusOf(data), 303, 'sent to the sign-in page before any upload byte');
  assert.match(data, /Location: \/dang-nhap/i);
});

test('a large body without the anonymous cookie is refused on its headers', async () => {
  const s = await connect('127.0.0.7');
  const got = collect(s, 10000);
  s.write('POST /phan-anh/gui HTTP/1.1\r\nHost: x\r\n' +
    'Content-Type: multipart/form-data; boundary=b\r\n' +
    'Content-Length: 5000000\r\n\r\n');
  const { data } = await got;
  s.destroy();
  assert.equal(statusOf(data), 403);
});

test('a large body from another site (Origin) is refused on its headers', async () => {
  const { cookie, csrf } = await anonymous();
  const s = await connect('127.0.0.7');
  const got = collect(s, 10000);
  s.write('POST /phan-anh/gui HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
    `Cookie: ${cookie}\r\nOrigin: https://evil.example\r\n` +
    'Content-Type: multipart/form-data; boundary=b\r\n' +
    `Content-Length: 5000000\r\n\r\ncsrf=${csrf}`);
  const { data } = await got;
  s.destroy();
  assert.equal(statusOf(data), 403);
});

/** Send raw on a new socket from localAddress; resolves to the status code answered (0: none). */
async function rawStatus(raw, localAddress) {
  const s = await connect(localAddress);
  const got = collect(s, 10000);
  s.write(raw);
  const { data } = await got;
  s.destroy();
  return statusOf(data);
}

test('request headers: 4 KB of cookies are served, headers past the connection memory get 431',
  async () => {
    // Each connection has 16 KiB of libmicrohttpd memory (HTTP_CONN_MEMORY), which
    // holds the request's headers and, on a POST, a copy of the Cookie header.
    const extra = `_ga=${'a'.repeat(4000)}`;
    assert.equal(await rawStatus('GET /thu-tuc HTTP/1.1\r\nHost: x\r\n' +
      `Cookie: ${extra}\r\nConnection: close\r\n\r\n`, '127.0.0.8'), 200,
    'a page with a browser\'s 4 KB of cookies');
    const { cookie, csrf } = await anonymous();
    const body = `csrf=${csrf}`;
    const status = await rawStatus('POST /phan-anh/gui HTTP/1.1\r\nHost: x\r\n' +
      `Cookie: ${cookie}; ${extra}\r\n` +
      'Content-Type: application/x-www-form-urlencoded\r\n' +
      `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`, '127.0.0.8');
    assert.ok(status >= 200 && status < 500 && status !== 431,
      `a form sent with 4 KB of cookies is read (${status})`);
    assert.equal(await rawStatus('GET /thu-tuc HTTP/1.1\r\nHost: x\r\n' +
      `X-Big: ${'a'.repeat(32000)}\r\n\r\n`, '127.0.0.8'), 431,
    'headers larger than the connection memory');
  });

/** POST body (Buffer) to path with the anonymous cookie; resolves to the status. */
function post(path, body, cookie, boundary, localAddress) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: port(), path, method: 'POST',
      localAddress, agent: false, headers: {
        cookie, 'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': body.length,
      } }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

for (const kind of ['file', 'field']) {
  test(`a body of 40,000 tiny ${kind} parts is refused cheaply`, async (t) => {
    const { cookie, csrf } = await anonymous();
    const b = 'xYz';
    const parts = [`--${b}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n`];
    const disp = kind === 'file' ? 'name="tep"; filename="a.pdf"' : 'name="f"';
    const one = `--${b}\r\nContent-Disposition: form-data; ${disp}\r\n\r\nx\r\n`;
    for (let i = 0; i < 40000; i++) parts.push(one);
    parts.push(`--${b}--\r\n`);
    const body = Buffer.from(parts.join(''));
    const cpu0 = serverCpu();
    const res = await post('/phan-anh/gui', body, cookie, b, '127.0.0.8');
    const cpu = serverCpu() - cpu0;
    t.diagnostic(`${body.length} bytes, 40,000 ${kind} parts: ` +
      `${cpu.toFixed(2)} s of server CPU`);
    assert.equal(res.status, 413);
    assert.match(res.text, /quá nhiều trường hoặc tệp/);
  });
}

test('uploads on disk stay within the server-wide quota', async () => {
  const { cookie, csrf } = await anonymous();
  const b = 'qQq';
  const head = (name) => Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="csrf"` +
    `\r\n\r\n${csrf}\r\n--${b}\r\nContent-Disposition: form-data; name="tep"; ` +
    `filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${b}--\r\n`);
  const file = Buffer.alloc(1536 * 1024, 0x41);
  // A stalled upload holds 1.5 MiB on disk (over 1 MiB spills from memory).
  const stalled = await connect('127.0.0.9');
  stalled.on('error', () => {});
  const whole = head('a.pdf').length + file.length + tail.length;
  stalled.write('POST /phan-anh/gui HTTP/1.1\r\nHost: x\r\n' +
    `Cookie: ${cookie}\r\nContent-Type: multipart/form-data; boundary=${b}\r\n` +
    `Content-Length: ${whole}\r\n\r\n`);
  stalled.write(Buffer.concat([head('a.pdf'), file]));
  await sleep(500);
  try {
    const body = Buffer.concat([head('b.pdf'), file, tail]);
    const res = await post('/phan-anh/gui', body, cookie, b, '127.0.0.10');
    assert.equal(res.status, 503, 'the second upload would pass the quota');
    assert.match(res.text, /quá nhiều tệp/);
  } finally {
    stalled.destroy();
  }
  await sleep(500);
  const body = Buffer.concat([head('c.pdf'), file, tail]);
  const res = await post('/phan-anh/gui', body, cookie, b, '127.0.0.11');
  assert.notEqual(res.status, 503, 'the quota came back when the stalled upload went');
});
