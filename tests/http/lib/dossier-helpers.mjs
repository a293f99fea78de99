// tests/http/lib/dossier-helpers.mjs - shared steps of the dossier tests
// (dossier_flow, crash, the browser journey): citizens and staff, the
// submission form (/nop-ho-so/{code}), actions (/ho-so/{code}/thao-tac),
// the transition table read from src/domain/dossier/dossier.c, and reading the
// test database (dbRows in server.mjs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getForm, postForm, cookieHeader, storeCookies, extractInput, dbRows }
  from './server.mjs';
import { motcua, sql, loadAgencies, addStaff, staffLogin, serverClock, SECRET, PASSWORD,
  accountCode, verifyContact, freshTotp } from './feedback-helpers.mjs';

export { motcua, sql, loadAgencies, addStaff, staffLogin, serverClock, SECRET, PASSWORD,
  accountCode, verifyContact, freshTotp };

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export const AGENCY = 'T20.STP';          // the dossiers' competent agency
export const OTHER_AGENCY = 'T20.SXD';    // staff who must see nothing
export const PROCEDURE = '2.000635';      // bản sao trích lục hộ tịch (data/demo)

/** A small but real PDF whose bytes contain tag (so each upload differs). */
export function pdfBytes(tag) {
  return Buffer.from(`%PDF-1.4\n% ${tag}\n1 0 obj << /Type /Catalog >> endobj\n` +
    'trailer << /Root 1 0 R >>\n%%EOF\n', 'utf8');
}

/** The rows of one SQL statement on the server's database (dbRows in server.mjs). */
export function sqlRows(srv, query) {
  return dbRows(srv.db, query);
}

/** The stored row of dossier code (status, step, version ...) or undefined. */
export function dossierRow(srv, code) {
  return sqlRows(srv, `SELECT id, code, status, step, version, applicant_id, agency_code
    FROM dossiers WHERE code = '${code.replace(/'/g, "''")}'`)[0];
}

// ------------------------------------------------------------------ accounts

let cccdSeq = 0;

/**
 * Register a new citizen through /dang-ky and prove the phone with the
 * code from the outbox (as a dossier needs); resolves to { jar, cccd,
 * phone, name }.
 */
export async function registerCitizen(srv, name = 'Nguyễn Văn An') {
  cccdSeq += 1;
  const cccd = `0010900${String(70000 + cccdSeq * 7 + (process.pid % 7)).slice(-5)}`;
  const phone = `09123${String(10000 + cccdSeq).slice(-5)}`;
  const jar = {};
  const { csrf } = await getForm(srv.url, '/dang-ky', jar);
  const r = await postForm(srv.url, '/dang-ky', { csrf, kind: 'citizen', dong_y: '1', full_name: name,
    cccd, phone, email: '', password: PASSWORD, password2: PASSWORD }, jar);
  if (r.status !== 303) {
    throw new Error(`registration of ${cccd} failed: ${r.status}\n${r.html.slice(0, 2000)}`);
  }
  await verifyContact(srv, jar, phone);
  return { jar, cccd, phone, name };
}

/** The csrf token of a signed-in jar (any page with a form carries it). */
export async function csrfOf(srv, jar) {
  for (const path of ['/tai-khoan', '/ho-so', '/']) {
    const page = await getForm(srv.url, path, jar);
    if (page.csrf) return page.csrf;
  }
  throw new Error('no csrf token on /tai-khoan, /ho-so or /');
}

// ------------------------------------------------------------------ HTTP

/** GET with the jar's cookies, no redirect following. */
export async function get(srv, path, jar = {}) {
  const headers = {};
  const cookie = cookieHeader(jar);
  if (cookie) headers.cookie = cookie;
  const res = await fetch(srv.url + path, { headers, redirect: 'manual' });
  storeCookies(jar, res);
  return res;
}

/** POST a FormData (multipart) with the jar's cookies, no redirect following. */
export async function postMultipart(srv, path, form, jar = {}) {
  const headers = {};
  const cookie = cookieHeader(jar);
  if (cookie) headers.cookie = cookie;
  const res = await fetch(srv.url + path, { method: 'POST', body: form, headers,
    redirect: 'manual' });
  storeCookies(jar, res);
  return { status: res.status, location: res.headers.get('location'), html: await res.text(),
    res };
}

/** Every <input>/<select>/<textarea> name in html. */
export function fieldNames(html) {
  const names = new Set();
  for (const m of html.matchAll(/<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"/gi)) {
    names.add(m[1]);
  }
  return [...names];
}

/** Values of every <input name="NAME"> in html, in order. */
export function inputValues(html, name) {
  const out = [];
  for (const m of html.matchAll(/<input\b[^>]*>/gi)) {
    const n = /\bname="([^"]*)"/i.exec(m[0]);
    const v = /\bvalue="([^"]*)"/i.exec(m[0]);
    if (n && n[1] === name) out.push(v ? v[1].replace(/&amp;/g, '&') : '');
  }
  return out;
}

/**
 * The submission form of procedure for the citizen in jar: resolves to
 * { csrf, token, eform: [f_* names], docs: [doc_<i> names], html }.
 */
export async function submitForm(srv, jar, procedure = PROCEDURE) {
  const page = await getForm(srv.url, `/nop-ho-so/${procedure}`, jar);
  if (page.status !== 200) {
    throw new Error(`GET /nop-ho-so/${procedure}: ${page.status}\n${page.html.slice(0, 1500)}`);
  }
  const names = fieldNames(page.html);
  return {
    csrf: page.csrf,
    token: extractInput(page.html, 'token'),
    eform: names.filter((n) => n.startsWith('f_')),
    docs: names.filter((n) => /^doc_\d+$/.test(n)),
    vaults: names.filter((n) => /^vault_\d+$/.test(n)),
    html: page.html,
  };
}

/**
 * Lodge a dossier (action nop by default) with one PDF per required
 * document.  opts: { procedure, agency, token, action, files: {doc_0: Buffer},
 * vault: {vault_0: id}, form } (form: a submitForm() result to reuse).
 * Resolves to { status, location, code, html, files: { field: Buffer } }.
 */
export async function submitDossier(srv, jar, opts = {}) {
  const f = opts.form || await submitForm(srv, jar, opts.procedure || PROCEDURE);
  const fd = new FormData();
  fd.append('csrf', f.csrf);
  fd.append('token', opts.token || f.token);
  fd.append('agency_code', opts.agency || AGENCY);
  fd.append('delivery', opts.delivery || 'online');
  const eform = f.eform.length ? f.eform : ['f_noi_dung'];
  for (const name of eform) fd.append(name, opts.text || `Nội dung ${name} của hồ sơ thử`);
  const files = {};
  const docs = f.docs.length ? f.docs : ['doc_0'];
  for (const name of docs) {
    if (opts.vault && opts.vault[name.replace('doc_', 'vault_')]) continue;
    const bytes = (opts.files && opts.files[name]) || pdfBytes(`${name} ${Math.random()}`);
    files[name] = bytes;
    fd.append(name, new Blob([bytes], { type: 'application/pdf' }), `${name}.pdf`);
  }
  for (const [name, id] of Object.entries(opts.vault || {})) fd.append(name, String(id));
  fd.append('action', opts.action || 'nop');
  const r = await postMultipart(srv, `/nop-ho-so/${opts.procedure || PROCEDURE}`, fd, jar);
  const m = r.location && /^\/ho-so\/([^/?#]+)\?moi=1$/.exec(r.location);
  return { ...r, code: m ? decodeURIComponent(m[1]) : null, files, token: opts.token || f.token };
}

/**
 * POST an action on dossier code: fields { action, version, note, due_date,
 * amount, file (Buffer) }.  Resolves to { status, location, html }.
 */
export async function act(srv, jar, csrf, code, fields) {
  const fd = new FormData();
  fd.append('csrf', csrf);
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined || v === null) continue;
    if (Buffer.isBuffer(v)) fd.append(k, new Blob([v], { type: 'application/pdf' }), `${k}.pdf`);
    else fd.append(k, String(v));
  }
  return postMultipart(srv, `/ho-so/${encodeURIComponent(code)}/thao-tac`, fd, jar);
}

// ------------------------------------------------------------------ the table

/**
 * The state machine as src/domain/dossier/dossier.c declares it (the one static
 * table): [{ action, code, from: [statuses], fromStep, toStatus, toStep,
 * actors: Set of 'reception'|'processing'|'approver'|'applicant'|'system',
 * needsNote }].  Parsed from the source so the tests follow the table.
 */
export function transitionTable() {
  const src = readFileSync(join(ROOT, 'src/domain/dossier/dossier.c'), 'utf8');
  const body = /transitions\[\]\s*=\s*\{([\s\S]*?)\n\};/.exec(src)[1];
  // Statuses are the national codes (src/domain/codes/codes.h).
  const consts = { NAT_ST_NEW: 1, NAT_ST_RECEIVED: 2, NAT_ST_REFUSED: 3,
    NAT_ST_PROCESSING: 4, NAT_ST_SUPPLEMENT: 5, NAT_ST_PAYMENT: 6, NAT_ST_WITHDRAWN: 7,
    NAT_ST_STOPPED: 8, NAT_ST_DONE: 9, NAT_ST_RETURNED: 10, DOSSIER_STEP_NONE: 0,
    DOSSIER_STEP_AWAITING_APPROVAL: 1 };
  const val = (s) => (s.trim() in consts ? consts[s.trim()] : Number(s.trim()));
  const rows = [];
  const re = new RegExp('\\{(DOSSIER_ACT_\\w+),\\s*"(\\w+)",\\s*"[^"]*",' +
    '\\s*([^,]+),\\s*([^,]+),\\s*([^,]+),\\s*([^,]+),\\s*([^,]+?),\\s*(true|false)\\}', 'g');
  for (const m of body.matchAll(re)) {
    const from = [...m[3].matchAll(/S\((\d+)\)/g)].map((x) => Number(x[1]));
    const actors = new Set();
    if (/ROLE_RECEPTION/.test(m[7])) actors.add('reception');
    if (/ROLE_PROCESSING/.test(m[7])) actors.add('processing');
    if (/ROLE_APPROVER/.test(m[7])) actors.add('approver');
    if (/DOSSIER_BY_APPLICANT/.test(m[7])) actors.add('applicant');
    if (/DOSSIER_BY_SYSTEM/.test(m[7])) actors.add('system');
    rows.push({ action: m[1], code: m[2], from, fromStep: val(m[4]), toStatus: val(m[5]),
      toStep: val(m[6]), actors, needsNote: m[8] === 'true' });
  }
  if (rows.length < 10) throw new Error(`parsed only ${rows.length} rows of the table`);
  return rows;
}

/** States a dossier can rest in: "1", "2", "4" (processing), "4a" (awaiting approval) ... */
export const STATES = ['1', '2', '3', '4', '4a', '5', '6', '7', '8', '9', '10'];

export function stateOf(status, step) {
  return status === 4 && step === 1 ? '4a' : String(status);
}

/** Does row allow acting from state s (status and step)? */
export function allowsFrom(row, s) {
  const status = s === '4a' ? 4 : Number(s);
  const step = s === '4a' ? 1 : 0;
  return row.from.includes(status) && (row.fromStep < 0 || row.fromStep === step);
}

/**
 * May a person of kind role act with row (ignoring the state)?  role is
 * one of owner, other, reception, processing, approver, admin, foreign,
 * province (dossier.h: the applicant acts on their own; an officer of the
 * agency with a listed role; agency_admin every officer action of its
 * agency; province admins and other agencies never).
 */
export function roleMay(row, role) {
  const officer = ['reception', 'processing', 'approver'].some((r) => row.actors.has(r));
  switch (role) {
    case 'owner': return row.actors.has('applicant');
    case 'reception': case 'processing': case 'approver': return row.actors.has(role);
    case 'admin': return officer;
    default: return false;
  }
}

/** May role read the dossier at all (else the answer is 404)? */
export function roleReads(role) {
  return !['other', 'foreign'].includes(role);
}
