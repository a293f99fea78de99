// dossier_flow.test.mjs - the dossier state machine over HTTP, driven by
// the transition table of src/domain/dossier/dossier.c: for every state a dossier
// can rest in, every action and every kind of person (the owner, another
// citizen, reception, processing, approver, the agency admin, staff of
// another agency, the province admin) the page offers exactly the allowed
// forms, every allowed move works (303 to /ho-so/{code}?xong={action}) and
// every other one is refused without changing anything.  Also: two
// officers racing on one version (one 303, one 409), idempotent
// submission, and that a citizen never reads another's dossier, receipt
// or file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import {
  AGENCY, OTHER_AGENCY, PROCEDURE, STATES, act, addStaff, allowsFrom, csrfOf, dossierRow,
  get, inputValues, loadAgencies, registerCitizen, roleMay, roleReads, serverClock, sqlRows,
  staffLogin, stateOf, submitDossier, submitForm, transitionTable, pdfBytes,
} from './lib/dossier-helpers.mjs';
import { byLogin } from './lib/feedback-helpers.mjs';

const NOW = '2026-03-02T09:00:00+07:00';   // a Monday, office hours
const LATER = '2026-03-20';                // a date after NOW (apology)
const ROLES = ['owner', 'other', 'reception', 'processing', 'approver', 'admin', 'foreign',
  'province'];
// Refusals of an action the table does not allow from the current state
// (MC_ERR_INVALID in the domain) and of a role it does not list.
const STATE_REFUSED = [422];   // MC_ERR_INVALID in the domain
// A person who may not read the dossier: another citizen gets 404 (its
// existence is not revealed); staff of another agency 404 or 403 (the
// pages tell officers "not your agency").
const notReader = (role, status) => (role === 'other' ? status === 404
  : [403, 404].includes(status));

let srv;
const who = {};          // role -> { jar, csrf }
let TABLE;               // rows of the table, without the two that create a dossier

before(async () => {
  srv = await startServer({ env: { MOTCUA_NOW: NOW, MOTCUA_PAYMENT_SANDBOX: '1' } });
  loadAgencies(srv);
  const clock = serverClock(NOW);
  addStaff(srv, 'tn', 'Nguyễn Thị Hoa', 'reception', AGENCY);
  addStaff(srv, 'cv', 'Trần Văn Minh', 'processing', AGENCY);
  addStaff(srv, 'ld', 'Hoàng Văn Thắng', 'approver', AGENCY);
  addStaff(srv, 'qtdv', 'Lý Thị Mai', 'agency_admin', AGENCY);
  addStaff(srv, 'sxd', 'Đỗ Văn Hùng', 'reception,processing,approver,agency_admin',
    OTHER_AGENCY);
  addStaff(srv, 'qtt', 'Vi Văn Quang', 'province_admin', 'T20.VP');
  const logins = { reception: 'tn', processing: 'cv', approver: 'ld', admin: 'qtdv',
    foreign: 'sxd', province: 'qtt' };
  for (const [role, login] of Object.entries(logins)) {
    const jar = await staffLogin(srv, login, clock);
    who[role] = { jar, csrf: await csrfOf(srv, jar) };
  }
  for (const [role, name] of [['owner', 'Hoàng Thị Lan'], ['other', 'Phạm Văn Bình']]) {
    const c = await registerCitizen(srv, name);
    who[role] = { ...c, csrf: await csrfOf(srv, c.jar) };
  }
  TABLE = transitionTable().filter((r) => r.from.length > 0);
});

after(async () => { await srv?.stop(); });

// ------------------------------------------------------------------ fixtures

/** The fields an action needs (note, dates, amount, files). */
function fieldsFor(row, version) {
  const f = { action: row.code, version };
  if (row.needsNote || ['approve', 'supplement'].includes(row.code)) {
    f.note = `Ghi chú cho thao tác ${row.code}`;
  }
  if (row.code === 'apology') f.due_date = LATER;
  if (row.code === 'request_payment') f.amount = 50000;
  if (row.code === 'withdraw') f.xac_nhan = '1';   // past the confirmation step
  if (row.code === 'supplement') f.file = pdfBytes(`bổ sung ${Math.random()}`);
  return f;
}

const byCode = () => Object.fromEntries(transitionTable().map((r) => [r.code, r]));

/** Perform action code on dossier as role; asserts the 303. */
async function step(code, action, role) {
  const row = byCode()[action];
  const d = dossierRow(srv, code);
  const r = await act(srv, who[role].jar, who[role].csrf, code, fieldsFor(row, d.version));
  assert.equal(r.status, 303,
    `${action} by ${role} on ${code}: ${r.status} ${r.html.slice(0, 500)}`);
  return r;
}

/** The moves from a new dossier to each state (by the natural role). */
const PATHS = {
  1: [],
  2: [['accept', 'reception']],
  3: [['refuse', 'reception']],
  4: [['accept', 'reception'], ['start', 'processing']],
  '4a': [['accept', 'reception'], ['start', 'processing'], ['finish', 'processing']],
  5: [['accept', 'reception'], ['start', 'processing'], ['request_supplement', 'processing']],
  6: [['accept', 'reception'], ['start', 'processing'], ['request_payment', 'processing']],
  7: [['withdraw', 'owner']],
  8: [['accept', 'reception'], ['start', 'processing'], ['stop', 'processing']],
  // The procedure's online fee is taken at the counter before the result is
  // returned (a dossier with an open fee cannot be returned).
  9: [['accept', 'reception'], ['start', 'processing'], ['finish', 'processing'],
    ['approve', 'approver'], ['collect_fee', 'reception']],
  10: [['accept', 'reception'], ['start', 'processing'], ['finish', 'processing'],
    ['approve', 'approver'], ['collect_fee', 'reception'], ['return', 'reception']],
};

/*
 * What the fee allows besides the table: the fixtures' fee (the online fee
 * of the procedure) is open until it is collected on the way to state 9;
 * an open fee blocks return, and only an open fee can be collected or
 * waived (dossier.h, dossier_fee_open()).
 */
function feeAllows(row, s) {
  const open = !['9', '10'].includes(s);
  if (row.code === 'return') return !open;
  if (['collect_fee', 'waive_fee'].includes(row.code)) return open;
  return true;
}
const allowedIn = (row, s) => allowsFrom(row, s) && feeAllows(row, s);

/** A new dossier of the owner brought to state s; resolves to its code. */
async function dossierIn(s) {
  const sub = await submitDossier(srv, who.owner.jar);
  assert.equal(sub.status, 303, `submission: ${sub.status} ${sub.html.slice(0, 800)}`);
  assert.ok(sub.code, `303 to /ho-so/{code}?moi=1, got ${sub.location}`);
  for (const [action, role] of PATHS[s]) await step(sub.code, action, role);
  const d = dossierRow(srv, sub.code);
  assert.equal(stateOf(d.status, d.step), String(s), `fixture for state ${s}`);
  return sub.code;
}

function eventCount(id) {
  return Number(sqlRows(srv,
    `SELECT count(*) AS n FROM dossier_events WHERE dossier_id = ${id}`)[0].n);
}

/** Run fns with at most n in flight. */
async function pool(fns, n = 6) {
  const out = [];
  let i = 0;
  const worker = async () => {
    while (i < fns.length) {
      const k = i++;
      out[k] = await fns[k]();
    }
  };
  await Promise.all(Array.from({ length: n }, worker));
  return out;
}

// ------------------------------------------------------------------ tests

test('the transition table parsed from dossier.c has every action', () => {
  const codes = transitionTable().map((r) => r.code);
  for (const c of ['submit', 'intake', 'accept', 'refuse', 'start', 'request_supplement',
    'supplement', 'request_payment', 'confirm_payment', 'withdraw', 'stop', 'finish',
    'send_back', 'approve', 'return', 'apology', 'collect_fee', 'waive_fee']) {
    assert.ok(codes.includes(c), `action ${c} in the table`);
  }
});

const fixtures = {};   // state -> code, shared by the read-only tests below

test('a dossier can be brought into every state', async () => {
  for (const s of STATES) fixtures[s] = await dossierIn(s);
});

test('each person sees exactly the forms of the actions they may take', async () => {
  for (const s of STATES) {
    const code = fixtures[s];
    for (const role of ROLES) {
      const res = await get(srv, `/ho-so/${encodeURIComponent(code)}`, who[role].jar);
      if (!roleReads(role)) {
        assert.ok(notReader(role, res.status),
          `${role} must not read a dossier in state ${s}: ${res.status}`);
        assert.deepEqual(inputValues(await res.text(), 'action'), [], 'and sees no action');
        continue;
      }
      assert.equal(res.status, 200, `${role} reads the dossier in state ${s}`);
      const html = await res.text();
      const shown = new Set(inputValues(html, 'action'));
      const expected = new Set(TABLE.filter((r) => allowedIn(r, s) && roleMay(r, role))
        .map((r) => r.code));
      assert.deepEqual([...shown].filter((a) => byCode()[a]).sort(), [...expected].sort(),
        `forms shown to ${role} in state ${s}`);
      if (expected.size) {
        const versions = inputValues(html, 'version');
        assert.ok(versions.every((v) => v === String(dossierRow(srv, code).version)),
          'every action form carries the current version');
      }
    }
  }
});

test('every forbidden transition is refused and changes nothing', async () => {
  let checked = 0;
  for (const s of STATES) {
    const code = fixtures[s];
    const d0 = dossierRow(srv, code);
    const events0 = eventCount(d0.id);
    const attempts = [];
    for (const row of TABLE) {
      for (const role of ROLES) {
        const stateOk = allowedIn(row, s);
        if (stateOk && roleMay(row, role)) continue;   // allowed: the next test
        attempts.push(async () => {
          const r = await act(srv, who[role].jar, who[role].csrf, code,
            fieldsFor(row, d0.version));
          const what = `${row.code} by ${role} in state ${s}`;
          if (!roleReads(role)) assert.ok(notReader(role, r.status), `${what}: ${r.status}`);
          else if (stateOk) assert.equal(r.status, 403, what);
          else assert.ok(STATE_REFUSED.includes(r.status), `${what}: ${r.status}`);
          checked++;
        });
      }
    }
    await pool(attempts);
    const d1 = dossierRow(srv, code);
    assert.deepEqual([d1.status, d1.step, d1.version], [d0.status, d0.step, d0.version],
      `nothing changed in state ${s}`);
    assert.equal(eventCount(d0.id), events0, `no event was added in state ${s}`);
  }
  assert.ok(checked > 500, `${checked} refusals checked`);
});

test('every allowed transition works for every role the table lists', async () => {
  const cases = [];
  for (const row of TABLE) {
    for (const s of STATES) {
      if (!allowedIn(row, s)) continue;
      for (const role of ROLES) if (roleMay(row, role)) cases.push({ row, s, role });
    }
  }
  assert.ok(cases.length >= 40, `${cases.length} allowed moves`);
  await pool(cases.map(({ row, s, role }) => async () => {
    const code = await dossierIn(s);
    const d0 = dossierRow(srv, code);
    const r = await act(srv, who[role].jar, who[role].csrf, code, fieldsFor(row, d0.version));
    const what = `${row.code} by ${role} from state ${s}`;
    assert.equal(r.status, 303, `${what}: ${r.status} ${r.html.slice(0, 500)}`);
    assert.equal(r.location, `/ho-so/${encodeURIComponent(code)}?xong=${row.code}`, what);
    const d1 = dossierRow(srv, code);
    assert.equal(d1.status, row.toStatus || d0.status, `${what}: status`);
    assert.equal(d1.step, row.toStep >= 0 ? row.toStep : d0.step, `${what}: step`);
    assert.equal(d1.version, d0.version + 1, `${what}: version`);
    const last = sqlRows(srv, `SELECT action FROM dossier_events WHERE dossier_id = ${d1.id}
      ORDER BY id DESC LIMIT 1`)[0];
    assert.equal(last.action, row.code, `${what}: event`);
  }), 4);
});

test('withdrawing asks for confirmation first (issue 12) and changes nothing until then', async () => {
  const code = await dossierIn(1);
  const d0 = dossierRow(srv, code);
  const ask = await act(srv, who.owner.jar, who.owner.csrf, code,
    { action: 'withdraw', version: d0.version, note: 'Nộp nhầm thủ tục' });
  assert.equal(ask.status, 200);
  assert.match(ask.html, /data-test="withdraw-warning"/);
  assert.match(ask.html, /không thể khôi phục/);
  assert.match(ask.html, /name="xac_nhan" value="1"/);
  assert.match(ask.html, /name="note" value="Nộp nhầm thủ tục"/);
  assert.match(ask.html, new RegExp(`href="/ho-so/${code.replace(/\./g, '\\.')}">Không, quay lại`));
  const d1 = dossierRow(srv, code);
  assert.deepEqual([d1.status, d1.version], [d0.status, d0.version]);
  const done = await act(srv, who.owner.jar, who.owner.csrf, code,
    { action: 'withdraw', version: d0.version, note: 'Nộp nhầm thủ tục', xac_nhan: '1' });
  assert.equal(done.status, 303);
  assert.equal(dossierRow(srv, code).status, 7);
});

test('a stale version is a 409 and a missing reason a 422; nothing changes', async () => {
  const code = await dossierIn('1');
  const d0 = dossierRow(srv, code);
  const stale = await act(srv, who.reception.jar, who.reception.csrf, code,
    { action: 'accept', version: d0.version + 5 });
  assert.equal(stale.status, 409);
  assert.match(stale.html, /vừa được người khác cập nhật/);
  const noNote = await act(srv, who.reception.jar, who.reception.csrf, code,
    { action: 'refuse', version: d0.version, note: '' });
  assert.equal(noNote.status, 422);
  const badAction = await act(srv, who.reception.jar, who.reception.csrf, code,
    { action: 'khong-co', version: d0.version });
  assert.ok([404, 422].includes(badAction.status), `unknown action: ${badAction.status}`);
  const d1 = dossierRow(srv, code);
  assert.deepEqual([d1.status, d1.version], [d0.status, d0.version]);
  const apology = await dossierIn('4');
  const v = dossierRow(srv, apology).version;
  const badDate = await act(srv, who.processing.jar, who.processing.csrf, apology,
    { action: 'apology', version: v, note: 'Cần xác minh', due_date: '2026-13-45' });
  assert.equal(badDate.status, 422);
  assert.equal(dossierRow(srv, apology).version, v);
});

test('an action without the csrf token is refused', async () => {
  const code = fixtures['1'];
  const d0 = dossierRow(srv, code);
  const r = await act(srv, who.reception.jar, 'a'.repeat(64), code,
    { action: 'accept', version: d0.version });
  assert.equal(r.status, 403);
  assert.equal(dossierRow(srv, code).version, d0.version);
});

test('two officers posting the same action on the same version: one 303, one 409', async () => {
  for (const [s, action, a, b] of [['2', 'start', 'processing', 'admin'],
    ['1', 'accept', 'reception', 'admin'], ['4a', 'approve', 'approver', 'admin']]) {
    const code = await dossierIn(s);
    const d0 = dossierRow(srv, code);
    const row = byCode()[action];
    const [ra, rb] = await Promise.all([
      act(srv, who[a].jar, who[a].csrf, code, fieldsFor(row, d0.version)),
      act(srv, who[b].jar, who[b].csrf, code, fieldsFor(row, d0.version)),
    ]);
    assert.deepEqual([ra.status, rb.status].sort(), [303, 409], `${action} race`);
    const d1 = dossierRow(srv, code);
    assert.equal(d1.version, d0.version + 1, 'exactly one change');
    const n = sqlRows(srv, `SELECT count(*) AS n FROM dossier_events WHERE dossier_id = ${d1.id}
      AND action = '${action}'`)[0].n;
    assert.equal(Number(n), 1, 'exactly one event');
  }
});

test('the same token twice (one after the other, and at once) gives one dossier', async () => {
  const count = () => Number(sqlRows(srv, `SELECT count(*) AS n FROM dossiers d JOIN users u
    ON u.id = d.applicant_id WHERE ${byLogin(srv, who.owner.cccd, 'u.login')}`)[0].n);
  const before = count();
  const form = await submitForm(srv, who.owner.jar);
  const first = await submitDossier(srv, who.owner.jar, { form });
  const again = await submitDossier(srv, who.owner.jar, { form });
  assert.equal(first.status, 303);
  assert.equal(again.status, 303);
  assert.equal(again.location, first.location);
  assert.equal(count(), before + 1);
  const form2 = await submitForm(srv, who.owner.jar);
  assert.notEqual(form2.token, form.token, 'each form gets a fresh token');
  const both = await Promise.all([submitDossier(srv, who.owner.jar, { form: form2 }),
    submitDossier(srv, who.owner.jar, { form: form2 })]);
  assert.deepEqual(both.map((r) => r.status), [303, 303]);
  assert.equal(both[0].location, both[1].location);
  assert.equal(count(), before + 2);
});

test('a draft (luu) and the review page (xem_lai, then nop) create one dossier', async () => {
  const saved = await submitDossier(srv, who.owner.jar, { action: 'luu' });
  assert.equal(saved.status, 303);
  assert.equal(saved.location, '/ho-so/nhap');
  const review = await submitDossier(srv, who.owner.jar, { action: 'xem_lai' });
  assert.equal(review.status, 200, `review page: ${review.status}`);
  const draftId = inputValues(review.html, 'draft_id')[0];
  const token = inputValues(review.html, 'token')[0];
  const csrf = inputValues(review.html, 'csrf')[0];
  assert.ok(draftId && token && csrf, 'the review form carries draft_id, token and csrf');
  const fd = new FormData();
  for (const [k, v] of Object.entries({ csrf, draft_id: draftId, token, action: 'nop' })) {
    fd.append(k, v);
  }
  const { postMultipart } = await import('./lib/dossier-helpers.mjs');
  const r = await postMultipart(srv, `/nop-ho-so/${PROCEDURE}`, fd, who.owner.jar);
  assert.equal(r.status, 303, r.html.slice(0, 500));
  assert.match(r.location, /^\/ho-so\/[^/?]+\?moi=1$/);
  const code = decodeURIComponent(/^\/ho-so\/([^?]+)/.exec(r.location)[1]);
  const files = sqlRows(srv, `SELECT count(*) AS n FROM dossier_files f JOIN dossiers d
    ON d.id = f.dossier_id WHERE d.code = '${code}'`)[0].n;
  assert.ok(Number(files) >= 1, 'the files saved with the draft are attached');
});

test('a citizen never reads another citizen\'s dossier, receipt or file', async () => {
  const mine = await submitDossier(srv, who.owner.jar);
  const theirs = await submitDossier(srv, who.other.jar);
  assert.equal(mine.status, 303);
  assert.equal(theirs.status, 303);
  const fileOf = (code) => sqlRows(srv, `SELECT f.id FROM dossier_files f JOIN dossiers d
    ON d.id = f.dossier_id WHERE d.code = '${code}' ORDER BY f.id LIMIT 1`)[0].id;
  const myFile = fileOf(mine.code);
  const base = `/ho-so/${encodeURIComponent(mine.code)}`;
  // The owner reads all three, and the file's bytes are the upload's.
  assert.equal((await get(srv, base, who.owner.jar)).status, 200);
  assert.equal((await get(srv, `${base}/bien-nhan`, who.owner.jar)).status, 200);
  const dl = await get(srv, `${base}/tep/${myFile}`, who.owner.jar);
  assert.equal(dl.status, 200);
  const uploaded = Object.values(mine.files)[0];
  assert.ok(Buffer.from(await dl.arrayBuffer()).equals(uploaded), 'downloaded bytes');
  for (const role of ['other', 'foreign']) {
    for (const path of [base, `${base}/bien-nhan`, `${base}/tep/${myFile}`,
      `/ho-so/${encodeURIComponent(theirs.code)}/tep/${myFile}`]) {
      if (role === 'foreign' && path.includes(theirs.code)) continue;
      const res = await get(srv, path, who[role].jar);
      assert.ok(notReader(role, res.status), `${role} GET ${path}: ${res.status}`);
      const body = await res.text();
      assert.ok(!body.includes('%PDF'), 'no file bytes leak');
    }
  }
  // Not in the other citizen's list either.
  const list = await (await get(srv, '/ho-so', who.other.jar)).text();
  assert.ok(!list.includes(mine.code), 'another citizen\'s list does not show it');
  assert.ok(list.includes(theirs.code), 'their own list shows their dossier');
  // Signed out: no dossier page either.
  const anon = await get(srv, base, {});
  assert.ok([303, 401, 404].includes(anon.status), `anonymous: ${anon.status}`);
});

test('staff queues list the dossiers of their agency only', async () => {
  const code = await dossierIn('1');
  const q = await get(srv, '/quan-tri/ho-so?hang=tiep-nhan', who.reception.jar);
  assert.equal(q.status, 200);
  assert.ok((await q.text()).includes(code), 'reception queue shows the new dossier');
  const foreign = await get(srv, '/quan-tri/ho-so?hang=tiep-nhan', who.foreign.jar);
  assert.ok(!(await foreign.text()).includes(code), 'another agency does not see it');
  const citizen = await get(srv, '/quan-tri/ho-so?hang=tiep-nhan', who.owner.jar);
  assert.ok([303, 403, 404].includes(citizen.status), `citizen on staff queue: ${citizen.status}`);
});

test('online payment through the sandbox: 6 -> 4 once, by the system', async () => {
  const code = await dossierIn('6');
  const base = `/ho-so/${encodeURIComponent(code)}`;
  const { postForm, getForm } = await import('./lib/server.mjs');
  const stranger = await postForm(srv.url, `${base}/thanh-toan`, { csrf: who.other.csrf },
    who.other.jar);
  assert.equal(stranger.status, 404, 'another citizen cannot pay (or see) it');
  const start = await postForm(srv.url, `${base}/thanh-toan`, { csrf: who.owner.csrf },
    who.owner.jar);
  assert.equal(start.status, 303, start.html.slice(0, 300));
  assert.match(start.location, /^\/thanh-toan-thu\//);
  const bank = await getForm(srv.url, start.location, who.owner.jar);
  assert.equal(bank.status, 200);
  const field = (n) => inputValues(bank.html, n)[0];
  const pay = { csrf: bank.csrf, amount: field('amount'), order: field('order'),
    ket_qua: 'thanh_toan' };
  const path = start.location.split('?')[0];
  const done = await postForm(srv.url, path, pay, who.owner.jar);
  assert.equal(done.status, 303);
  assert.equal(done.location, `${base}?da_thanh_toan=1`);
  const paid = sqlRows(srv, `SELECT status, step, fee_paid, paid_online, version FROM dossiers
    WHERE code = '${code}'`)[0];
  assert.deepEqual([paid.status, paid.step, paid.fee_paid, paid.paid_online], [4, 0, 1, 2]);
  const ev = sqlRows(srv, `SELECT actor_id FROM dossier_events e JOIN dossiers d
    ON d.id = e.dossier_id WHERE d.code = '${code}' AND e.action = 'confirm_payment'`);
  assert.equal(ev.length, 1);
  assert.equal(ev[0].actor_id, null, 'confirmed by the system, not an officer');
  const replay = await postForm(srv.url, path, pay, who.owner.jar);
  assert.ok([303, 200].includes(replay.status), `replay: ${replay.status}`);
  assert.equal(dossierRow(srv, code).version, paid.version, 'a replay changes nothing');
});

test('counter intake: reception creates a received dossier; processing may not', async () => {
  const { getForm } = await import('./lib/server.mjs');
  const { postMultipart } = await import('./lib/dossier-helpers.mjs');
  const count = () => Number(sqlRows(srv, 'SELECT count(*) AS n FROM dossiers')[0].n);
  const intake = async (role) => {
    const page = await getForm(srv.url, `/quan-tri/ho-so/tiep-nhan?thu_tuc=${PROCEDURE}`,
      who[role].jar);
    if (page.status !== 200) return { status: page.status };
    const fd = new FormData();
    fd.append('csrf', page.csrf);
    fd.append('token', inputValues(page.html, 'token')[0] || `t-${Math.random()}`);
    fd.append('thu_tuc', PROCEDURE);
    fd.append('agency_code', AGENCY);
    fd.append('kenh', '1');
    fd.append('ho_ten', 'Lường Văn Sơn');
    fd.append('dien_thoai', '0987001122');
    fd.append('so_giay_to', '020090001122');
    fd.append('delivery', 'counter');
    for (const m of page.html.matchAll(/\bname="(f_[^"]+)"/g)) fd.append(m[1], 'Nội dung');
    fd.append('doc_0', new Blob([pdfBytes(`scan ${Math.random()}`)], { type: 'application/pdf' }),
      'scan.pdf');
    return postMultipart(srv, '/quan-tri/ho-so/tiep-nhan', fd, who[role].jar);
  };
  const before = count();
  const denied = await intake('processing');
  assert.equal(denied.status, 403, 'a processing officer cannot receive at the counter');
  assert.equal(count(), before);
  const ok = await intake('reception');
  assert.equal(ok.status, 303, ok.html?.slice(0, 500));
  const code = decodeURIComponent(/^\/ho-so\/([^/?]+)/.exec(ok.location)[1]);
  const d = sqlRows(srv,
    `SELECT status, channel FROM dossiers WHERE code = '${code}'`)[0];
  assert.deepEqual([d.status, d.channel], [2, 1]);
  assert.equal(count(), before + 1);
});
