// assistant_llm.test.mjs - the assistant's optional rephrasing layer
// against a fake OpenAI-compatible endpoint (lib/fake-llm.mjs): a faithful
// rewording is used; one that drops a number, an error or a timeout leaves
// the original answer; guidance answers are never sent; off by default.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, motcuaBin, newDatabase } from './lib/server.mjs';
import { startFakeLlm } from './lib/fake-llm.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = motcuaBin();
const TIMEOUT_MS = 600;

let srv;
let plain;
let llm;
let dir;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'motcua-asst-llm-'));
  const db = newDatabase(dir);
  const opts = { cwd: ROOT, stdio: 'pipe', env: { ...process.env, MOTCUA_LOG_ACCESS: '0' } };
  execFileSync(BIN, ['import', 'procedures', 'data/demo/procedures.jsonl', '--db', db], opts);
  execFileSync(BIN, ['import', 'faq', 'data/demo/faq.csv', '--db', db], opts);
  llm = await startFakeLlm();
  srv = await startServer({ db, env: { MOTCUA_LLM_URL: `${llm.url}/`,
    MOTCUA_LLM_MODEL: 'qwen-test', MOTCUA_LLM_TIMEOUT_MS: String(TIMEOUT_MS) } });
  plain = await startServer({ db, env: { MOTCUA_LLM_URL: '' } });
});

after(async () => {
  await srv?.stop();
  await plain?.stop();
  await llm?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function ask(base, message) {
  const res = await fetch(`${base}/api/v1/assistant`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message, session: 'llm-session' }),
  });
  assert.equal(res.status, 200);
  return res.json();
}

const FEE = 'doi bang lai xe het bao nhieu tien';

test('off by default: the answer is the composed one', async () => {
  const before = llm.requests.length;
  const body = await ask(plain.url, FEE);
  assert.equal(body.rephrased, false);
  assert.match(body.answer, /135\.000 đồng/);
  assert.equal(llm.requests.length, before, 'no request without MOTCUA_LLM_URL');
});

test('a faithful rewording replaces the answer; the request is a chat completion', async () => {
  llm.setMode('faithful');
  const original = await ask(plain.url, FEE);
  const body = await ask(srv.url, FEE);
  assert.equal(body.rephrased, true);
  assert.match(body.answer, /^Dạ, xin trả lời bạn như sau:/);
  assert.match(body.answer, /135\.000 đồng/);
  assert.deepEqual(body.actions, original.actions, 'links are never touched');
  const req = llm.requests.at(-1);
  assert.equal(req.path, '/v1/chat/completions');
  assert.equal(req.body.model, 'qwen-test');
  assert.equal(req.body.messages[0].role, 'system');
  assert.match(req.body.messages[0].content, /giữ nguyên mọi con số/);
  assert.equal(req.body.messages[1].content.trim(), original.answer.trim());
});

test('a rewording that drops a number is refused: the original stands', async () => {
  llm.setMode('drop');
  const original = await ask(plain.url, FEE);
  const body = await ask(srv.url, FEE);
  assert.equal(body.rephrased, false);
  assert.equal(body.answer, original.answer);
});

test('an endpoint error leaves the original answer', async () => {
  llm.setMode('error');
  const body = await ask(srv.url, FEE);
  assert.equal(body.rephrased, false);
  assert.match(body.answer, /135\.000 đồng/);
});

test('a slow endpoint times out and the original answer comes in time', async () => {
  llm.setMode('slow');
  const t0 = Date.now();
  const body = await ask(srv.url, FEE);
  const took = Date.now() - t0;
  assert.equal(body.rephrased, false);
  assert.match(body.answer, /135\.000 đồng/);
  assert.ok(took >= TIMEOUT_MS - 50, `waited for the endpoint (${took} ms)`);
  assert.ok(took < 4000, `gave up at the timeout (${took} ms)`);
});

test('guidance (safety, status) is never sent to the model', async () => {
  llm.setMode('faithful');
  const before = llm.requests.length;
  const safety = await ask(srv.url, 'co nguoi goi dien doi ma otp');
  assert.equal(safety.outcome, 'info');
  assert.equal(safety.rephrased, false);
  const status = await ask(srv.url, 'ho so cua toi den dau roi');
  assert.equal(status.rephrased, false);
  assert.equal(llm.requests.length, before);
});

test('the page without JavaScript shows the rewording too', async () => {
  llm.setMode('faithful');
  const res = await fetch(`${srv.url}/tro-ly?q=${encodeURIComponent(FEE)}`);
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /Dạ, xin trả lời bạn như sau:/);
  assert.match(html, /135\.000 đồng/);
});
