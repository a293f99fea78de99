// slow_clients.test.mjs - thousands of slow connections do not cost a
// thread each: with 2,000 connections open from many addresses, each with
// an unfinished request, a normal client still gets its pages, and the
// slow connections are all still open and still answered once they finish.
// (Speed and memory are measured by bench/slow_clients.sh, not here.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import http from 'node:http';
import { startServer } from './lib/server.mjs';

const SLOW = 2000;
const PER_ADDRESS = 50;   // under the per-address limit: that is not what saves the server

let srv;
before(async () => {
  srv = await startServer();
});
after(async () => {
  await srv?.stop();
});

const port = () => Number(new URL(srv.url).port);

/** A socket to the server from localAddress, once connected. */
function connect(localAddress) {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port: port(), localAddress }, () => resolve(s));
    s.once('error', reject);
  });
}

/** GET path with node's client from localAddress; resolves to { status, body }. */
function get(path, localAddress = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: port(), path, localAddress,
      agent: false, timeout: 15000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

/** Threads of the server process now. */
function serverThreads() {
  const m = /^Threads:\s+(\d+)/m.exec(readFileSync(`/proc/${srv.proc.pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

test('2,000 slow connections open: a normal client still gets its page', async () => {
  const slow = [];
  let closedByServer = 0;
  try {
    for (let i = 0; i < SLOW; i++) {
      const a = Math.floor(i / PER_ADDRESS);
      const s = await connect(`127.3.${Math.floor(a / 250)}.${(a % 250) + 1}`);
      s.on('error', () => {});
      s.on('close', () => { closedByServer++; });
      s.write('GET / HTTP/1.1\r\nHost: x\r\nX-Slow: a');   // headers never finished
      slow.push(s);
    }
    for (const s of slow) s.write('a');   // one more byte each: still alive
    const home = await get('/', '127.0.0.2');
    assert.equal(home.status, 200, 'the home page is served');
    assert.match(home.body, /<html/i);
    const list = await get('/thu-tuc', '127.0.0.3');
    assert.equal(list.status, 200, 'the procedure list is served');
    assert.equal(closedByServer, 0, 'every slow connection is still open');
    assert.ok(serverThreads() < 200,
      `connections do not cost a thread each (${serverThreads()} threads)`);
    // A slow client that finally finishes its request is answered.
    const last = slow[slow.length - 1];
    const answer = new Promise((resolve) => {
      let data = '';
      last.on('data', (d) => {
        data += d.toString('latin1');
        if (data.includes('\r\n\r\n')) resolve(data);
      });
    });
    last.write('\r\n\r\n');
    assert.match(await answer, /^HTTP\/1\.1 200 /, 'the slow client gets its answer');
  } finally {
    slow.forEach((s) => s.destroy());
  }
});
