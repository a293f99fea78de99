// tests/http/lib/feedback-helpers.mjs - shared steps of the feedback and
// survey tests: loading the sample agencies, staff accounts with TOTP,
// signing in at the server's pinned time, and the anonymous sender's
// challenge and emailed code.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getForm, postForm, totp, extractInput, motcuaBin, dbText } from './server.mjs';

export const SECRET = 'JBSWY3DPEHPK3PXP';
/** The password of test accounts: long enough and on no common-password list. */
export const PASSWORD = 'la-xanh-2026';
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export function bin() {
  return motcuaBin();
}

/** Run `motcua ARGS --db <srv db> --data-dir <srv dir>` and return its output. */
export function motcua(srv, ...args) {
  return execFileSync(bin(), [...args, '--db', srv.db, '--data-dir', srv.tmpdir],
    { env: keyEnv(srv, { MOTCUA_LOG_ACCESS: '0' }), stdio: ['ignore', 'pipe', 'pipe'] })
    .toString().trim();
}

/** The environment of a command that seals or opens as srv does (its data key). */
function keyEnv(srv, vars) {
  const env = { ...process.env, ...vars };
  if (srv.dataKeyFile) env.MOTCUA_DATA_KEY_FILE = srv.dataKeyFile;
  return env;
}

/** One SQL statement on the server's database, as text (dbText in server.mjs). */
export function sql(srv, query) {
  return dbText(srv.db, query);
}

/**
 * The plaintext of a field sealed at rest (a CCCD, phone or email in users:
 * "enc1:..."), opened with the server's data key by `motcua debug open`;
 * any other value as it is.
 */
export function unseal(srv, value) {
  if (typeof value !== 'string' || !value.startsWith('enc1:')) return value;
  return execFileSync(bin(), ['debug', 'open', value, '--data-dir', srv.tmpdir],
    { env: keyEnv(srv, { MOTCUA_TEST: '1', MOTCUA_LOG_ACCESS: '0' }),
      stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim();
}

/**
 * The blind index of value of kind ("recipient", "login", "contact_id",
 * "cccd", "phone", "email", "contact") under the server's data key: what
 * the database compares instead of a sealed value (`motcua debug index`).
 */
export function blindIndex(srv, kind, value) {
  return execFileSync(bin(), ['debug', 'index', kind, value, '--data-dir', srv.tmpdir],
    { env: keyEnv(srv, { MOTCUA_TEST: '1', MOTCUA_LOG_ACCESS: '0' }),
      stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim();
}

/** WHERE text for outbox rows to recipient (sealed; compared by its blind index). */
export function toRecipient(srv, recipient) {
  return `recipient_bidx = '${blindIndex(srv, 'recipient', recipient)}'`;
}

/** WHERE text for the account whose login (a CCCD: kept as its blind index) is login. */
export function byLogin(srv, login, column = 'login') {
  const stored = /^\d{12}$/.test(login) ? `bi:${blindIndex(srv, 'login', login)}` : login;
  return `${column} = '${stored.replace(/'/g, "''")}'`;
}

/** Load the sample province, agencies and procedures of data/demo. */
export function loadAgencies(srv) {
  motcua(srv, 'import', 'units', join(ROOT, 'data/demo/units.json'));
  motcua(srv, 'import', 'agencies', join(ROOT, 'data/demo/agencies.csv'));
  motcua(srv, 'import', 'procedures', join(ROOT, 'data/demo/procedures.jsonl'));
}

/** Create a staff account with the shared TOTP secret. */
export function addStaff(srv, login, name, roles, agency) {
  const args = ['user', 'add', '--login', login, '--name', name, '--password', PASSWORD,
    '--roles', roles, '--totp-secret', SECRET];
  if (agency) args.push('--agency', agency);
  motcua(srv, ...args);
}

/**
 * A clock that follows the server's: MOTCUA_NOW plus the real time since
 * the server started (clock_set advancing), in Unix seconds.
 */
export function serverClock(nowIso) {
  const start = Date.parse(nowIso) / 1000;
  const t0 = Date.now();
  return () => start + (Date.now() - t0) / 1000;
}

const usedSteps = new Map();   // "<server url>|<login>" -> last TOTP step used

/**
 * A TOTP code for login that the server has not accepted yet: the server
 * takes each 30-second step once (and one step either side of its clock),
 * so a second sign-in within the same step uses the next step's code,
 * and a third waits for the clock.  secret defaults to SECRET.
 */
export async function freshTotp(srv, login, now, secret = SECRET) {
  const key = `${srv.url}|${login}`;
  const clock = () => (now ? now() : Date.now() / 1000);
  let step = Math.floor(clock() / 30);
  const last = usedSteps.get(key) ?? -Infinity;
  while (last > step) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    step = Math.floor(clock() / 30);
  }
  if (step <= last) step = last + 1;
  usedSteps.set(key, step);
  return totp(secret, step * 30);
}

/** Sign a staff member in (password then TOTP); returns the cookie jar. */
export async function staffLogin(srv, login, now) {
  const jar = {};
  const { csrf } = await getForm(srv.url, '/dang-nhap', jar);
  const r = await postForm(srv.url, '/dang-nhap', { csrf, login, password: PASSWORD }, jar);
  if (r.status !== 303) throw new Error(`sign-in of ${login} failed: ${r.status}`);
  const form = await getForm(srv.url, '/dang-nhap/ma-xac-thuc', jar);
  const code = await freshTotp(srv, login, now);
  const ok = await postForm(srv.url, '/dang-nhap/ma-xac-thuc', { csrf: form.csrf, code }, jar);
  if (ok.status !== 303) throw new Error(`TOTP of ${login} failed: ${ok.status}`);
  return jar;
}

const WORDS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];

/** Solve the "Năm cộng ba bằng mấy?" challenge found in html. */
export function solveChallenge(html) {
  const m = /Kiểm tra chống thư rác: (\S+) cộng (\S+) bằng mấy/i.exec(html);
  if (!m) throw new Error('no challenge on the page');
  return String(WORDS.indexOf(m[1].toLowerCase()) + WORDS.indexOf(m[2].toLowerCase()));
}

/**
 * The 6-digit code in the newest account message (verification, reset,
 * reclaim) to recipient (a phone or an email), read from the outbox.
 */
export function accountCode(srv, recipient) {
  const body = sql(srv, `SELECT body FROM notify_outbox WHERE kind = 'account.code'
    AND ${toRecipient(srv, recipient)} ORDER BY id DESC LIMIT 1`);
  const m = /(\d{6})/.exec(body);
  if (!m) throw new Error(`no account code sent to ${recipient}`);
  return m[1];
}

/** Prove the phone (or email, with kenh 'email') of the signed-in jar with its code. */
export async function verifyContact(srv, jar, recipient, kenh = 'phone') {
  const page = await getForm(srv.url, '/tai-khoan/xac-minh', jar);
  const r = await postForm(srv.url, '/tai-khoan/xac-minh',
    { csrf: page.csrf, kenh, code: accountCode(srv, recipient) }, jar);
  if (r.status !== 303) throw new Error(`verification of ${recipient} failed: ${r.status}`);
  return r;
}

/** The 6-digit code in the newest mail to address. */
export async function codeFromMail(sink, address) {
  const mail = await sink.waitFor((m) => m.to.includes(address) && /Mã xác minh/.test(m.subject));
  const code = /là (\d{6})/.exec(mail.text);
  if (!code) throw new Error(`no code in: ${mail.text}`);
  return code[1];
}

/** POST a multipart form (FormData) with the jar's cookies; no redirect following. */
export async function postMultipart(base, path, form, jar) {
  const { cookieHeader, storeCookies } = await import('./server.mjs');
  const headers = {};
  const cookie = cookieHeader(jar);
  if (cookie) headers.cookie = cookie;
  const res = await fetch(base + path, { method: 'POST', body: form, headers, redirect: 'manual' });
  storeCookies(jar, res);
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}

export { extractInput };
