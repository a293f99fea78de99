// serve_port.test.mjs - a second server on a port that is already in use
// refuses to start, says so in Vietnamese naming the port, and touches
// nothing (issue 12: with SO_REUSEPORT it started silently and requests
// alternated between two databases).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './lib/server.mjs';

const BIN = process.env.MOTCUA_BIN
  || fileURLToPath(new URL('../../build/dev/motcua', import.meta.url));

let srv;
let other;
before(async () => {
  srv = await startServer();
  other = mkdtempSync(join(tmpdir(), 'motcua-port-'));
});
after(async () => {
  rmSync(other, { recursive: true, force: true });
  await srv?.stop();
});

function run(command) {
  const port = new URL(srv.url).port;
  return spawnSync(BIN, [command, '--port', port, '--db', join(other, `${command}.db`),
    '--data-dir', join(other, command)], {
    env: { ...process.env, MOTCUA_LOG_ACCESS: '0' }, encoding: 'utf8', timeout: 60000,
  });
}

test('a second serve on a busy port exits with an error naming the port', () => {
  const port = new URL(srv.url).port;
  const res = run('serve');
  assert.notEqual(res.status, 0, 'the second server must not run');
  assert.equal(res.signal, null, `ended by a signal: ${res.stderr}`);
  assert.match(res.stderr, new RegExp(`cổng ${port} đang được một chương trình khác dùng`));
  assert.doesNotMatch(res.stdout, /motcua đang chạy tại/);
  assert.equal(existsSync(join(other, 'serve.db')), false, 'no database was created');
});

test('the demo on a busy port says so before loading anything', () => {
  const port = new URL(srv.url).port;
  const res = run('demo');
  assert.notEqual(res.status, 0);
  assert.match(res.stderr, new RegExp(`cổng ${port} đang được một chương trình khác dùng`));
  assert.doesNotMatch(res.stdout, /Tài khoản thử/);
  assert.equal(existsSync(join(other, 'demo.db')), false, 'no database was created');
});

test('the first server still answers, alone on its port', async () => {
  const res = await fetch(`${srv.url}/healthz`);
  assert.equal(res.status, 200);
});
