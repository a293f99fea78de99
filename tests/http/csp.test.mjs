// csp.test.mjs - every HTML answer carries a Content-Security-Policy that
// allows scripts and styles from the site's own files only (no inline
// script, event handler or style attribute), forbids framing, and comes
// with X-Content-Type-Options, Referrer-Policy and X-Frame-Options; the
// templates and static files hold nothing such a policy would block.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from './lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

function checkHeaders(res, what) {
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, /default-src 'self'/, what);
  assert.match(csp, /script-src 'self'(;|$)/, what);
  assert.match(csp, /style-src 'self'(;|$)/, what);
  assert.match(csp, /frame-ancestors 'none'/, what);
  assert.match(csp, /object-src 'none'/, what);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, what);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff', what);
  assert.equal(res.headers.get('referrer-policy'), 'same-origin', what);
  assert.equal(res.headers.get('x-frame-options'), 'DENY', what);
}

test('pages, error pages and forms carry the policy and the other headers', async () => {
  for (const path of ['/', '/dang-nhap', '/dang-ky', '/tra-cuu', '/thu-tuc',
    '/khong-co-trang-nay', '/quan-tri']) {
    const res = await fetch(srv.url + path, { redirect: 'manual' });
    if (res.status >= 300 && res.status < 400) continue;   /* redirects have no body */
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/, path);
    checkHeaders(res, path);
    await res.text();
  }
  const missing = await fetch(`${srv.url}/khong-co-trang-nay`);
  assert.equal(missing.status, 404);
  checkHeaders(missing, 'the 404 page');
});

test('JSON and static files need no page policy but are never sniffed', async () => {
  const res = await fetch(`${srv.url}/static/site.css`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
});

function files(dir, ext) {
  return readdirSync(dir).filter((f) => f.endsWith(ext)).map((f) => join(dir, f));
}

test('templates hold no inline script, event handler or style attribute', () => {
  const offenders = [];
  for (const f of files('templates', '.html')) {
    const text = readFileSync(f, 'utf8');
    if (/<script(?![^>]*\ssrc=)[^>]*>/i.test(text)) offenders.push(`${f}: inline <script>`);
    if (/<style[\s>]/i.test(text)) offenders.push(`${f}: <style> element`);
    if (/\sstyle\s*=/i.test(text)) offenders.push(`${f}: style attribute`);
    if (/\son[a-z]+\s*=/i.test(text)) offenders.push(`${f}: event handler attribute`);
    if (/(href|src|action)\s*=\s*["']?\s*javascript:/i.test(text)) {
      offenders.push(`${f}: javascript: URL`);
    }
  }
  for (const f of files('static', '.js')) {
    const text = readFileSync(f, 'utf8');
    if (/\beval\s*\(|new Function\s*\(|setAttribute\(\s*['"](style|on)/.test(text)) {
      offenders.push(`${f}: code the policy blocks`);
    }
    if (/innerHTML[^;]*(style=|on[a-z]+=)/.test(text)) offenders.push(`${f}: inline markup`);
  }
  assert.deepEqual(offenders, []);
});
