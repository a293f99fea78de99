// bench/growth.mjs - the page latencies of bench/growth.sh, on one server
// per database size at once: signs in a province administrator, a commune
// officer and a citizen on each, then times REQS requests of each page, one
// after another on one connection, each request sent to every server in
// turn (the machine's drift from moment to moment then falls on every size
// alike), and writes one line per page to each server's OUT file:
// "growth-page NAME P50_MS P99_MS STATUS SERVER_P50_MS SERVER_P99_MS" (the
// last two from that server's access log).
//
//   node bench/growth.mjs TARGETS.json REQS
//   node bench/growth.mjs URL register CITIZEN.json
//
// TARGETS.json (written by bench/growth.sh): [{ "url", "info": INFO.json,
// "now": the server's clock at its start (Unix seconds), "log": its access
// log, "deepAgency", "deepProvince": the rows before the deep pages, "out"
// }, ...].  INFO.json: { "admin": login, "officer": login, "secret": base32
// TOTP secret of both, "password": ..., "citizen": { "cccd": ...,
// "password": ... }, "codes": [dossier codes of the officer's agency],
// "tracks": [[code, check], ...] }.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { getForm, postForm, totp, cookieHeader } from '../tests/http/lib/server.mjs';

const args = process.argv.slice(2);

if (args[1] === 'register') {
  const [url, , outPath] = args;
  // node bench/growth.mjs URL register OUT.json: a citizen registers through
  // /dang-ky; OUT.json gets { cccd, password } for the timing runs.
  const cccd = '001090070007';
  const password = 'growth-citizen-2026';
  const jar = {};
  const { csrf } = await getForm(url, '/dang-ky', jar);
  const r = await postForm(url, '/dang-ky', { csrf, kind: 'citizen', dong_y: '1',
    full_name: 'Nguyễn Văn An', cccd, phone: '0912310001', email: '', password,
    password2: password }, jar);
  if (r.status !== 303) throw new Error(`registration: ${r.status}\n${r.html.slice(0, 2000)}`);
  writeFileSync(outPath, JSON.stringify({ cccd, password }));
  process.exit(0);
}

const [targetsPath, reqsArg] = args;
const targets = JSON.parse(readFileSync(targetsPath, 'utf8'));
const REQS = Number(reqsArg) || 200;
/* The two heavy boards: a tenth as many (GROWTH_SLOW_REQS). */
const SLOW_REQS = Number(process.env.GROWTH_SLOW_REQS) || Math.max(3, Math.floor(REQS / 10));
const t0 = Date.now();

for (const t of targets) {
  t.infoData = JSON.parse(readFileSync(t.info, 'utf8'));
  /* The server's clock: its start (now, in Unix seconds) plus the time since. */
  t.serverNow = () => Number(t.now || t0 / 1000) + (Date.now() - t0) / 1000;
  t.lines = [];
}

async function staffSignIn(t, login) {
  const { url, infoData: info } = t;
  const jar = {};
  const { csrf } = await getForm(url, '/dang-nhap', jar);
  const r = await postForm(url, '/dang-nhap', { csrf, login, password: info.password }, jar);
  if (r.status !== 303) throw new Error(`sign-in of ${login}: ${r.status}`);
  const form = await getForm(url, '/dang-nhap/ma-xac-thuc', jar);
  // Each sign-in takes its own 30-second step of the shared secret, on the
  // server's clock.
  const step = Math.floor(t.serverNow() / 30) + (login === info.admin ? 0 : 1);
  const ok = await postForm(url, '/dang-nhap/ma-xac-thuc',
    { csrf: form.csrf, code: totp(info.secret, step * 30) }, jar);
  if (ok.status !== 303) throw new Error(`TOTP of ${login}: ${ok.status}`);
  return jar;
}

async function citizenSignIn(t) {
  const { url, infoData: info } = t;
  const jar = {};
  const { csrf } = await getForm(url, '/dang-nhap', jar);
  const r = await postForm(url, '/dang-nhap',
    { csrf, login: info.citizen.cccd, password: info.citizen.password }, jar);
  if (r.status !== 303) throw new Error(`sign-in of the citizen: ${r.status}`);
  return jar;
}

/* The server's own times (ms) of the requests its access log got since
 * byte `from`, the first (the warm-up) left out. */
async function serverTimes(log, from) {
  const text = readFileSync(log).subarray(from).toString();
  return [...text.matchAll(/ access [A-Z]+ \S+ \d+ \d+ (\d+)us /g)].slice(1)
    .map((m) => Number(m[1]) / 1000);
}

function quantiles(ms) {
  ms.sort((a, b) => a - b);
  const at = (q) => (ms.length ? ms[Math.min(ms.length - 1, Math.floor(ms.length * q))] : 0);
  return [at(0.5), at(0.99)];
}

/* Time `reqs` GETs of paths(t, i) on every target, one request each in
 * turn; the bodies are read whole.  Adds to each target one line: the
 * client's p50/p99 (node's fetch on the other CPU, its pauses included)
 * and the server's own, from its access log. */
async function timePage(name, jarOf, paths, reqs = REQS, headers = () => ({})) {
  for (const t of targets) {
    t.ms = [];
    t.bad = 0;
    t.from = statSync(t.log).size;
  }
  for (let i = -1; i < reqs; i++) {   // one warm-up request each
    for (const t of targets) {
      const h = { ...headers(i) };
      const jar = jarOf(t);
      if (jar) h.cookie = cookieHeader(jar);
      const a = process.hrtime.bigint();
      const res = await fetch(t.url + paths(t, Math.max(i, 0)), { headers: h, redirect: 'manual' });
      await res.arrayBuffer();
      const b = process.hrtime.bigint();
      if (res.status !== 200) t.bad++;
      if (i >= 0) t.ms.push(Number(b - a) / 1e6);
    }
  }
  await new Promise((r) => setTimeout(r, 100));   // each log line is written once its answer is sent
  for (const t of targets) {
    const [c50, c99] = quantiles(t.ms);
    const [s50, s99] = quantiles(await serverTimes(t.log, t.from));
    t.lines.push(`growth-page ${name} ${c50.toFixed(2)} ${c99.toFixed(2)}`
      + ` ${t.bad ? `${t.bad}-not-200` : 'ok'} ${s50.toFixed(2)} ${s99.toFixed(2)}`);
  }
}

for (const t of targets) {
  t.admin = await staffSignIn(t, t.infoData.admin);
  t.officer = await staffSignIn(t, t.infoData.officer);
  t.citizen = await citizenSignIn(t);
  // The boards of the last complete month before the server's clock
  // (Vietnam time), as a working province shows them once it has published
  // it: each size's history ends on another day of the month (the 15th at
  // 1,000,000, the 6th at 10,000,000), so "this month" would hold a
  // different number of days at each size, while a complete month holds
  // the same at both.
  const vn = new Date((t.serverNow() + 7 * 3600) * 1000);
  const m = vn.getUTCMonth();   // this month, 0-based: the previous one 1-based
  t.lastMonth = m === 0 ? `${vn.getUTCFullYear() - 1}-12`
    : `${vn.getUTCFullYear()}-${String(m).padStart(2, '0')}`;
}
const pick = (a, i) => a[i % a.length];
const officer = (t) => t.officer;
const admin = (t) => t.admin;
const nobody = () => null;

await timePage('queue-first', officer, () => '/quan-tri/ho-so');
await timePage('queue-filtered', officer,
  (t, i) => `/quan-tri/ho-so?hang=xu-ly&kenh=${1 + (i % 3)}`);
await timePage('queue-deep', officer, (t) => `/quan-tri/ho-so?sau=${t.deepAgency}&trang=100`);
await timePage('queue-province', admin, () => '/quan-tri/ho-so');
await timePage('queue-prov-deep', admin,
  (t) => `/quan-tri/ho-so?sau=${t.deepProvince}&trang=1000`);
await timePage('citizen-list', (t) => t.citizen, () => '/ho-so');
await timePage('tracking', nobody, (t, i) => {
  const [code, check] = pick(t.infoData.tracks, i);
  return `/tra-cuu?ma=${encodeURIComponent(code)}&kiem_tra=${check}`;
}, REQS, (i) => ({ 'x-forwarded-for': `10.9.${(i + 3) >> 4 & 255}.${(i + 3) & 15}` }));
await timePage('dossier-page', officer,
  (t, i) => `/ho-so/${encodeURIComponent(pick(t.infoData.codes, i))}`);
await timePage('dashboard-766', admin, (t) => `/chat-luong?ky=${t.lastMonth}`, SLOW_REQS);
await timePage('dashboard-public', nobody, (t) => `/chat-luong?ky=${t.lastMonth}`);   // from memory
await timePage('kpi-board', admin, (t) => `/quan-tri/chi-tieu?ky=${t.lastMonth}`, SLOW_REQS);

for (const t of targets) writeFileSync(t.out, t.lines.join('\n') + '\n');
