// bench/growth.mjs - the page latencies of bench/growth.sh for one database:
// signs in a province administrator, a commune officer and a citizen, then
// times REQS requests of each page, one after another on one connection,
// and prints one line per page: "growth-page NAME P50_MS P99_MS STATUS
// SERVER_P50_MS SERVER_P99_MS" (the last two from the server's access log,
// GROWTH_SERVER_LOG; 0 without it).
//
//   node bench/growth.mjs URL REQS INFO.json
//   node bench/growth.mjs URL register CITIZEN.json
//
// INFO.json (written by bench/growth.sh): { "admin": login, "officer":
// login, "secret": base32 TOTP secret of both, "password": ...,
// "citizen": { "cccd": ..., "password": ... }, "codes": [dossier codes of
// the officer's agency], "tracks": [[code, check], ...] }.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { getForm, postForm, totp, cookieHeader } from '../tests/http/lib/server.mjs';

const [url, reqsArg, infoPath] = process.argv.slice(2);

if (reqsArg === 'register') {
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
  writeFileSync(infoPath, JSON.stringify({ cccd, password }));
  process.exit(0);
}

const REQS = Number(reqsArg) || 200;
/* The two heavy boards: a tenth as many (GROWTH_SLOW_REQS). */
const SLOW_REQS = Number(process.env.GROWTH_SLOW_REQS) || Math.max(3, Math.floor(REQS / 10));
const info = JSON.parse(readFileSync(infoPath, 'utf8'));

const t0 = Date.now();
const serverNow = () => Number(process.env.GROWTH_NOW || t0 / 1000) + (Date.now() - t0) / 1000;

async function staffSignIn(login) {
  const jar = {};
  const { csrf } = await getForm(url, '/dang-nhap', jar);
  const r = await postForm(url, '/dang-nhap', { csrf, login, password: info.password }, jar);
  if (r.status !== 303) throw new Error(`sign-in of ${login}: ${r.status}`);
  const form = await getForm(url, '/dang-nhap/ma-xac-thuc', jar);
  // Each sign-in takes its own 30-second step of the shared secret, on the
  // server's clock (GROWTH_NOW: its start, in Unix seconds).
  const step = Math.floor(serverNow() / 30) + (login === info.admin ? 0 : 1);
  const ok = await postForm(url, '/dang-nhap/ma-xac-thuc',
    { csrf: form.csrf, code: totp(info.secret, step * 30) }, jar);
  if (ok.status !== 303) throw new Error(`TOTP of ${login}: ${ok.status}`);
  return jar;
}

async function citizenSignIn() {
  const jar = {};
  const { csrf } = await getForm(url, '/dang-nhap', jar);
  const r = await postForm(url, '/dang-nhap',
    { csrf, login: info.citizen.cccd, password: info.citizen.password }, jar);
  if (r.status !== 303) throw new Error(`sign-in of the citizen: ${r.status}`);
  return jar;
}

/* The server's own time of the requests its access log got since byte
 * `from` (GROWTH_SERVER_LOG, written with MOTCUA_LOG_ACCESS=1), in ms, the
 * first (the warm-up) left out; [] without the log. */
async function serverTimes(from) {
  const log = process.env.GROWTH_SERVER_LOG;
  if (!log) return [];
  await new Promise((r) => setTimeout(r, 100));   // written once each answer is sent
  const text = readFileSync(log).subarray(from).toString();
  return [...text.matchAll(/ access [A-Z]+ \S+ \d+ \d+ (\d+)us /g)].slice(1)
    .map((m) => Number(m[1]) / 1000);
}

const logSize = () => (process.env.GROWTH_SERVER_LOG
  ? statSync(process.env.GROWTH_SERVER_LOG).size : 0);

function quantiles(ms) {
  ms.sort((a, b) => a - b);
  const at = (q) => (ms.length ? ms[Math.min(ms.length - 1, Math.floor(ms.length * q))] : 0);
  return [at(0.5), at(0.99)];
}

/* Time REQS GETs of paths(i); the bodies are read whole.  Prints the
 * client's p50/p99 (node's fetch on the other CPU, its pauses included)
 * and the server's own, from its access log. */
async function timePage(name, jar, paths, reqs = REQS, headers = () => ({})) {
  const ms = [];
  let bad = 0;
  const cookie = jar ? cookieHeader(jar) : '';
  const from = logSize();
  for (let i = -1; i < reqs; i++) {   // one warm-up request
    const h = { ...headers(i) };
    if (cookie) h.cookie = cookie;
    const t0 = process.hrtime.bigint();
    const res = await fetch(url + paths(Math.max(i, 0)), { headers: h, redirect: 'manual' });
    await res.arrayBuffer();
    const t1 = process.hrtime.bigint();
    if (res.status !== 200) bad++;
    if (i >= 0) ms.push(Number(t1 - t0) / 1e6);
  }
  const [c50, c99] = quantiles(ms);
  const [s50, s99] = quantiles(await serverTimes(from));
  console.log(`growth-page ${name} ${c50.toFixed(2)} ${c99.toFixed(2)} ${bad ? `${bad}-not-200` : 'ok'}`
    + ` ${s50.toFixed(2)} ${s99.toFixed(2)}`);
}

const admin = await staffSignIn(info.admin);
const officer = await staffSignIn(info.officer);
const citizen = await citizenSignIn();
const codes = info.codes;
const tracks = info.tracks;
const pick = (a, i) => a[i % a.length];

await timePage('queue-first', officer, () => '/quan-tri/ho-so');
await timePage('queue-filtered', officer,
  (i) => `/quan-tri/ho-so?hang=xu-ly&kenh=${1 + (i % 3)}`);
await timePage('queue-deep', officer,
  () => `/quan-tri/ho-so?sau=${process.env.DEEP_AGENCY}&trang=100`);
await timePage('queue-province', admin, () => '/quan-tri/ho-so');
await timePage('queue-prov-deep', admin,
  () => `/quan-tri/ho-so?sau=${process.env.DEEP_PROVINCE}&trang=1000`);
await timePage('citizen-list', citizen, () => '/ho-so');
await timePage('tracking', null,
  (i) => `/tra-cuu?ma=${encodeURIComponent(pick(tracks, i)[0])}&kiem_tra=${pick(tracks, i)[1]}`,
  REQS, (i) => ({ 'x-forwarded-for': `10.9.${(i + 3) >> 4 & 255}.${(i + 3) & 15}` }));
await timePage('dossier-page', officer, (i) => `/ho-so/${encodeURIComponent(pick(codes, i))}`);
// The boards of the last complete month before the server's clock (Vietnam
// time), as a working province shows them once it has published it: each
// size's history ends on another day of the month (the 15th at 1,000,000,
// the 6th at 10,000,000), so "this month" would hold a different number of
// days at each size, while a complete month holds the same at both.
const lastMonth = (() => {
  const vn = new Date((serverNow() + 7 * 3600) * 1000);
  const m = vn.getUTCMonth();   // this month, 0-based: the previous one 1-based
  return m === 0 ? `${vn.getUTCFullYear() - 1}-12` : `${vn.getUTCFullYear()}-${String(m).padStart(2, '0')}`;
})();
await timePage('dashboard-766', admin, () => `/chat-luong?ky=${lastMonth}`, SLOW_REQS);
await timePage('dashboard-public', null, () => `/chat-luong?ky=${lastMonth}`);   // from memory
await timePage('kpi-board', admin, () => `/quan-tri/chi-tieu?ky=${lastMonth}`, SLOW_REQS);
