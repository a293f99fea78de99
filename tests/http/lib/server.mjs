// tests/http/lib/server.mjs - helpers for the black-box HTTP tests.
//
//   import { startServer, getForm, postForm, totp } from './lib/server.mjs';
//
//   const srv = await startServer({ env: { MOTCUA_NOW: '2025-03-03T08:00:00+07:00' } });
//   try {
//     const jar = {};
//     const { csrf } = await getForm(srv.url, '/dang-nhap', jar);
//     const res = await postForm(srv.url, '/dang-nhap', { csrf, user: 'a', pass: 'b' }, jar);
//     assert.equal(res.status, 303);
//   } finally {
//     await srv.stop();        // rejects if the server did not exit cleanly
//   }
//
// Every server gets its own temporary folder (data dir), its own fresh
// database (newDatabase: a SQLite file t.db in that folder) and a port
// picked by the kernel, so test files can run in parallel.  Tests name the
// database by its URL (srv.db) and read it through the program
// (dbRows, dbText: `motcua debug sql`), never by opening a SQLite file, so
// the same tests run on any storage backend.  Their SQL stays portable:
// see docs/testing.md ("Reading the database").
import { execFileSync, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DEFAULT_BIN = fileURLToPath(new URL('../../../build/dev/motcua', import.meta.url));
const START_TIMEOUT_MS = 20000;   // sanitizer builds start slowly on small machines
const STOP_TIMEOUT_MS = 15000;
const OUTPUT_KEEP = 256 * 1024;   // bytes of server output kept for error messages

// A GET or HEAD sent on a kept-alive connection that the server closed
// for idleness while this process was busy (a test blocked in a
// synchronous CLI call longer than the server's idle timeout) fails with
// "other side closed".  Browsers send such an idempotent request again on
// a new connection (RFC 9112, 9.3.1); so do the tests, once, and only for
// that failure: a server that is down still fails the retry.
const plainFetch = globalThis.fetch;
globalThis.fetch = async function fetchRetryingClosedIdle(input, init = {}) {
  const method = (init.method || (input instanceof Request ? input.method : 'GET')).toUpperCase();
  try {
    return await plainFetch(input, init);
  } catch (err) {
    const code = err?.cause?.code;
    if ((method !== 'GET' && method !== 'HEAD') ||
        (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET')) throw err;
    return plainFetch(input, init);
  }
};

const running = new Set();
process.on('exit', () => {
  for (const proc of running) proc.kill('SIGKILL');
});

/** The motcua binary under test: $MOTCUA_BIN, default build/dev/motcua. */
export function motcuaBin() {
  return process.env.MOTCUA_BIN || DEFAULT_BIN;
}

let pgSeq = 0;

/** The PostgreSQL lane's admin URL (scripts/test.sh), or null on SQLite. */
export function pgAdmin() {
  return process.env.MOTCUA_TEST_PG || null;
}

/** Run one SQL command on the PostgreSQL lane's admin database (psql). */
function pgAdminRun(sql) {
  execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', pgAdmin(), '-c', sql],
    { stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * The URL of a new, empty database for a test, for `--db`: a SQLite file
 * t.db in dir (which the caller made and removes), or on the PostgreSQL
 * lane (MOTCUA_TEST_PG) a new database made from the migrated template
 * MOTCUA_TEST_PG_TEMPLATE; dropDatabase() removes it (stop() does).
 */
export function newDatabase(dir) {
  if (!pgAdmin()) return `sqlite:${join(dir, 't.db')}`;
  const name = `h_${process.pid}_${Date.now() % 1e8}_${pgSeq++}`;
  const tpl = process.env.MOTCUA_TEST_PG_TEMPLATE;
  pgAdminRun(`CREATE DATABASE ${name}${tpl ? ` TEMPLATE ${tpl}` : ''}`);
  return pgAdmin().replace(/\/[^/]*$/, `/${name}`);
}

/** Drop a database newDatabase() made on the PostgreSQL lane (nothing for SQLite). */
export function dropDatabase(db) {
  const m = /^postgresql:\/\/.*\/(h_[0-9_]+)$/.exec(db || '');
  if (!m || !pgAdmin()) return;
  try {
    pgAdminRun(`DROP DATABASE IF EXISTS ${m[1]} WITH (FORCE)`);
  } catch {
    // left for the cluster's removal at the end of the lane
  }
}

/**
 * The rows of one SQL statement on the database db (a URL such as srv.db),
 * as objects (column name: value; integers and reals as numbers, NULL as
 * null, bytes as lowercase hex), through `motcua debug sql`.  Throws when
 * the statement fails (a constraint, a syntax error).
 */
export function dbRows(db, query) {
  const out = execFileSync(motcuaBin(), ['debug', 'sql', query, '--db', db], {
    env: { ...process.env, MOTCUA_TEST: '1', MOTCUA_LOG_ACCESS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  }).toString();
  return JSON.parse(out);
}

/**
 * The rows of one SQL statement as text: the values of a row joined by
 * "|" (NULL as ""), rows by newlines ("1", "received T20.STP").
 */
export function dbText(db, query) {
  return dbRows(db, query)
    .map((row) => Object.values(row).map((v) => (v === null ? '' : String(v))).join('|'))
    .join('\n');
}

/**
 * The backend's consistency check of the database db (`motcua debug
 * check`): "ok", or the problems found.
 */
export function dbCheck(db) {
  try {
    return execFileSync(motcuaBin(), ['debug', 'check', '--db', db], {
      env: { ...process.env, MOTCUA_TEST: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
    }).toString().trim();
  } catch (err) {
    return `${err.stdout ?? ''}${err.stderr ?? ''}`.trim() || String(err);
  }
}

/**
 * Start `$MOTCUA_BIN serve` (default build/dev/motcua) on a free port with a
 * fresh database in a new temporary folder.
 *
 * options.env   extra environment (e.g. { MOTCUA_NOW: '...' })
 * options.args  extra command-line arguments after the standard ones
 * options.command  'serve' (default) or 'demo' (loads the demo data first)
 * options.startTimeoutMs  how long to wait for the address (default 20 s)
 * options.db    the database URL to serve (default: newDatabase(tmpdir))
 * options.keepTmp  keep the temporary folder after stop() (also MOTCUA_KEEP_TMP=1)
 *
 * Resolves to { url, db, stop, tmpdir, proc, output, dataKeyFile } where url is
 * "http://127.0.0.1:PORT" (no trailing slash), db the database URL,
 * output() returns what the server printed so far, and stop() sends
 * SIGTERM, waits for the exit and rejects (with the server's output)
 * unless the exit code is 0 — so sanitizer reports and crashes at
 * shutdown fail the test.
 */
export async function startServer(options = {}) {
  const bin = motcuaBin();
  const dir = mkdtempSync(join(tmpdir(), 'motcua-test-'));
  const db = options.db || newDatabase(dir);
  const args = [options.command || 'serve', '--port', '0', '--db', db, '--data-dir', dir,
    ...(options.args || [])];
  const env = { ...process.env, MOTCUA_LOG_ACCESS: '0', ...(options.env || {}) };
  const keepTmp = options.keepTmp || process.env.MOTCUA_KEEP_TMP === '1';

  const proc = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(proc);
  let output = '';
  let exited = null;   // { code, signal } once the process ended
  const exitWaiters = [];
  const cleanup = () => {
    if (keepTmp) return;
    rmSync(dir, { recursive: true, force: true });
    if (!options.db) dropDatabase(db);
  };

  const exitPromise = new Promise((resolve) => {
    proc.on('exit', (code, signal) => {
      exited = { code, signal };
      running.delete(proc);
      resolve(exited);
      for (const w of exitWaiters) w(exited);
    });
  });

  const url = await new Promise((resolve, reject) => {
    let done = false;
    const finish = (err, value) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk) => {
      output += chunk.toString('utf8');
      if (output.length > OUTPUT_KEEP) output = output.slice(-OUTPUT_KEEP);
      const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (m && !done) finish(null, `http://127.0.0.1:${m[1]}`);
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('error', (err) => {
      cleanup();
      finish(new Error(`cannot start ${bin}: ${err.message}`));
    });
    exitWaiters.push(({ code, signal }) => {
      if (done) return;   // a server that exits later (stopped, killed) is cleaned by stop()
      cleanup();
      finish(new Error(`${bin} exited before it was ready (code ${code}, signal ${signal})\n` +
        output));
    });
    const limit = options.startTimeoutMs || START_TIMEOUT_MS;
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      finish(new Error(`${bin} printed no http://127.0.0.1:PORT line within ` +
        `${limit} ms\n${output}`));
    }, limit);
  });

  let stopping = null;
  function stop() {
    if (stopping) return stopping;
    stopping = (async () => {
      if (!exited) {
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exitPromise;
        clearTimeout(timer);
      }
      cleanup();
      const { code, signal } = exited;
      if (code !== 0 || signal) {
        throw new Error(`server did not exit cleanly (code ${code}, signal ${signal})\n` +
          output);
      }
    })();
    return stopping;
  }

  // dataKeyFile: the data key the server seals with when the test gave one
  // (MOTCUA_DATA_KEY_FILE, shared by servers of one database), else the
  // one in its data folder; helpers that seal or open pass it on.
  return { url, db, stop, tmpdir: dir, proc, output: () => output,
    dataKeyFile: options.env?.MOTCUA_DATA_KEY_FILE };
}

// ------------------------------------------------------------------ cookies

/** Set-Cookie header values of a fetch Response, as an array. */
export function setCookies(res) {
  if (typeof res.headers.getSetCookie === 'function') return res.headers.getSetCookie();
  const joined = res.headers.get('set-cookie');
  // Split the folded header at commas that start a new "name=" (not dates).
  return joined ? joined.split(/,(?=\s*[^;,=\s]+=)/).map((s) => s.trim()) : [];
}

/**
 * Store a response's cookies in jar (a plain object name -> value).
 * Cookies deleted by the server (Max-Age <= 0 or Expires in the past) are
 * removed.  Returns the jar.
 */
export function storeCookies(jar, res) {
  for (const line of setCookies(res)) {
    const [pair, ...attrs] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    let expired = false;
    for (const attr of attrs) {
      const [k, v = ''] = attr.split('=');
      const key = k.trim().toLowerCase();
      if (key === 'max-age' && Number(v) <= 0) expired = true;
      if (key === 'expires' && Date.parse(v) < Date.now()) expired = true;
    }
    if (expired) delete jar[name];
    else jar[name] = value;
  }
  return jar;
}

/** The Cookie request header for jar ("a=1; b=2"), or undefined if empty. */
export function cookieHeader(jar) {
  const parts = Object.entries(jar || {}).map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join('; ') : undefined;
}

// ------------------------------------------------------------------ HTML

function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos|#39);/gi, (m, e) => {
    const k = e.toLowerCase();
    if (k.startsWith('#x')) return String.fromCodePoint(parseInt(k.slice(2), 16));
    if (k.startsWith('#')) return String.fromCodePoint(parseInt(k.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[k];
  });
}

/** Attributes of an HTML start tag's text ("<input a="1" b>") as an object. */
function tagAttributes(tag) {
  const attrs = {};
  const re = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  const inner = tag.replace(/^<[a-z0-9]+/i, '').replace(/\/?>$/, '');
  let m;
  while ((m = re.exec(inner)) !== null) {
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    attrs[m[1].toLowerCase()] = decodeEntities(value);
  }
  return attrs;
}

/** Value of the first <input name="NAME"> in html (default "csrf"), or null. */
export function extractInput(html, name = 'csrf') {
  for (const m of html.matchAll(/<input\b[^>]*>/gi)) {
    const attrs = tagAttributes(m[0]);
    if (attrs.name === name) return attrs.value ?? '';
  }
  return null;
}

// ------------------------------------------------------------------ requests

/**
 * The values a form would post as it stands: inputs (checked boxes and
 * radios only), textareas and the selected option of each select.
 */
export function formFields(html) {
  const fields = {};
  for (const m of html.matchAll(/<input\b[^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(m[0])?.[1];
    if (!name) continue;
    const type = /type="([^"]+)"/.exec(m[0])?.[1];
    const value = (/value="([^"]*)"/.exec(m[0])?.[1] ?? '').replace(/&quot;/g, '"').replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'");
    if ((type === 'checkbox' || type === 'radio') && !/ checked/.test(m[0])) continue;
    fields[name] = value;
  }
  for (const m of html.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g))
    fields[m[1]] = m[2].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&quot;/g, '"');
  for (const m of html.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const sel = /<option value="([^"]*)" selected>/.exec(m[2]);
    fields[m[1]] = sel ? sel[1] : '';
  }
  return fields;
}

/**
 * GET base + path with jar's cookies; stores the Set-Cookie values in jar
 * and extracts the hidden csrf field.  Redirects are not followed.
 * Resolves to { status, res, html, csrf, jar } (csrf is null if absent).
 */
export async function getForm(base, path, jar = {}) {
  const headers = {};
  const cookie = cookieHeader(jar);
  if (cookie) headers.cookie = cookie;
  const res = await fetch(base + path, { headers, redirect: 'manual' });
  storeCookies(jar, res);
  const html = await res.text();
  return { status: res.status, res, html, csrf: extractInput(html, 'csrf'), jar };
}

/**
 * POST fields (object, array of [name, value] pairs, or URLSearchParams) as
 * application/x-www-form-urlencoded to base + path with jar's cookies,
 * without following redirects; stores Set-Cookie values in jar.
 * Resolves to { status, location, res, html, jar }.
 */
export async function postForm(base, path, fields, jar = {}) {
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  const cookie = cookieHeader(jar);
  if (cookie) headers.cookie = cookie;
  const body = new URLSearchParams(fields).toString();
  const res = await fetch(base + path, { method: 'POST', headers, body, redirect: 'manual' });
  storeCookies(jar, res);
  const html = await res.text();
  return { status: res.status, location: res.headers.get('location'), res, html, jar };
}

// ------------------------------------------------------------------ TOTP

/** Decode RFC 4648 base32 (case-insensitive; spaces and '=' ignored). */
export function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = text.toUpperCase().replace(/[\s=]/g, '');
  const out = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const v = alphabet.indexOf(ch);
    if (v < 0) throw new Error(`invalid base32 character ${JSON.stringify(ch)}`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** RFC 4226 HOTP over key (Buffer) and counter, SHA-1. */
export function hotp(key, counter, digits = 6) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const off = mac[mac.length - 1] & 0x0f;
  const bin = ((mac[off] & 0x7f) << 24) | (mac[off + 1] << 16) | (mac[off + 2] << 8) |
    mac[off + 3];
  return String(bin % 10 ** digits).padStart(digits, '0');
}

/**
 * RFC 6238 TOTP: SHA-1, 30-second steps, 6 digits by default.
 * timeSeconds defaults to now; pass the server's MOTCUA_NOW to match it.
 */
export function totp(secretBase32, timeSeconds = Date.now() / 1000, digits = 6) {
  return hotp(base32Decode(secretBase32), Math.floor(timeSeconds / 30), digits);
}
