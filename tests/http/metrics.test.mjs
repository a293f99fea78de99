// tests/http/metrics.test.mjs - /metrics in the Prometheus text format:
// requests counted by route pattern (never the typed path) and status,
// latency histograms, pool and outbox gauges; only for the configured
// addresses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { loadAgencies } from './lib/dossier-helpers.mjs';

let srv;
before(async () => {
  srv = await startServer();
  loadAgencies(srv);
});
after(async () => { await srv?.stop(); });

/** The value of the sample named exactly `series` (name and labels), or undefined. */
function sample(text, series) {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test('/metrics counts requests by route pattern and status, with latency histograms',
  async () => {
    for (const code of ['1.004222', '1.001193', 'KHONG-CO']) {
      await (await fetch(`${srv.url}/thu-tuc/${code}`)).arrayBuffer();
    }
    await (await fetch(`${srv.url}/khong-co-trang-nay`)).arrayBuffer();
    const r = await fetch(`${srv.url}/metrics`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
    const text = await r.text();
    assert.match(text, /# TYPE motcua_http_requests_total counter/);
    assert.match(text, /# TYPE motcua_http_request_duration_seconds histogram/);
    const route = 'route="/thu-tuc/{code}",method="GET"';
    assert.equal(sample(text, `motcua_http_requests_total{${route},status="200"}`), 2);
    assert.equal(sample(text, `motcua_http_requests_total{${route},status="404"}`), 1);
    assert.equal(sample(text,
      'motcua_http_requests_total{route="(none)",method="GET",status="404"}'), 1);
    assert.equal(sample(text, `motcua_http_request_duration_seconds_count{${route}}`), 3);
    assert.equal(sample(text,
      `motcua_http_request_duration_seconds_bucket{${route},le="+Inf"}`), 3);
    assert.ok(!text.includes('1.004222'), 'typed paths never become labels');
    assert.ok(sample(text, 'motcua_db_pool_open') >= 1);
    assert.equal(sample(text, 'motcua_storage_up'), 1);
    assert.equal(typeof sample(text, 'motcua_outbox_pending'), 'number');
  });

test('/metrics answers only the addresses of MOTCUA_METRICS_ALLOW', async () => {
  const other = await startServer({ env: { MOTCUA_METRICS_ALLOW: '10.9.9.9, 10.9.9.10' } });
  try {
    const r = await fetch(`${other.url}/metrics`);
    assert.equal(r.status, 404);
    assert.doesNotMatch(await r.text(), /motcua_http/);
  } finally {
    await other.stop();
  }
});
