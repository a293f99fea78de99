// empty_pages.test.mjs - every page and API read on a database with the
// catalogue but no activity yet (no dossier, feedback, rating, assistant
// log ...), for an anonymous visitor and for an officer with every role.
// No page may fail with 5xx, and the server must survive them all: under
// the sanitizer build (MOTCUA_BIN=build/asan/motcua, as `make test` runs
// it) undefined behaviour such as qsort(NULL, 0, ...) on the empty
// assistant review aborts the process, which this test then reports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, cookieHeader } from './lib/server.mjs';
import { addStaff, loadAgencies, serverClock, staffLogin } from './lib/feedback-helpers.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NOW = '2026-03-02T09:00:00+07:00';
let srv;
let staff;

/**
 * Every GET route of the web layer (the modules' descriptions and the
 * route tables at the end of their resource files), captures filled with "x".
 */
function getRoutes() {
  const out = new Set();
  const web = join(ROOT, 'src/web');
  const files = readdirSync(web, { recursive: true }).filter((f) => f.endsWith('.c'));
  for (const f of files) {
    const text = readFileSync(join(web, f), 'utf8');
    for (const m of text.matchAll(/\{HTTP_GET[^,]*, "([^"]+)"/g)) {
      out.add(m[1].replace(/\{[^}]+\}/g, 'x'));
    }
  }
  return [...out].sort();
}

before(async () => {
  srv = await startServer({ env: { MOTCUA_NOW: NOW } });
  loadAgencies(srv);
  addStaff(srv, 'all', 'Nguyễn Văn Toàn', 'reception,processing,approver,agency_admin,' +
    'province_admin', 'T20.STP');
  staff = await staffLogin(srv, 'all', serverClock(NOW));
});
after(async () => { await srv?.stop(); });

for (const who of ['anonymous', 'officer']) {
  test(`every page answers without a server error (${who})`, async () => {
    const routes = getRoutes();
    assert.ok(routes.length > 50, `routes found: ${routes.length}`);
    const failed = [];
    for (const path of routes) {
      const headers = who === 'officer' ? { cookie: cookieHeader(staff) } : {};
      const res = await fetch(srv.url + path, { headers, redirect: 'manual' });
      await res.arrayBuffer();
      if (res.status >= 500) failed.push(`${path} ${res.status}`);
    }
    assert.deepEqual(failed, []);
    const alive = await fetch(`${srv.url}/`);
    assert.equal(alive.status, 200, 'the server is still running');
  });
}
