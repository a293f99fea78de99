// The transactional set beyond the officer's actions, against the stand-in
// eSMS gateway and a real SMTP sink: the acceptance notice (code,
// appointment, receipt link), the reminder of tomorrow's appointment, the
// officer's daily digest of dossiers due soon and overdue and the
// escalation of overdue ones to the agency's leader, each once a day
// however often the job runs.  The same database is served again with
// MOTCUA_NOW moved forward; the job runs at start.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startServer, getForm, postForm } from './lib/server.mjs';
import { startSmtpSink } from './lib/smtp-sink.mjs';
import { startFakeEsms } from './lib/fake-gateways.mjs';
import {
  act, addStaff, AGENCY, csrfOf, dossierRow, loadAgencies, PASSWORD, serverClock, sql, sqlRows,
  staffLogin, submitDossier,
} from './lib/dossier-helpers.mjs';

const T0 = '2026-03-02T09:00:00+07:00';   // a Monday
const VN = 7 * 3600;
let sink;
let sms;
let first;
let citizen;
let codeA;
let codeB;

function env(now) {
  return { MOTCUA_NOW: now, MOTCUA_SMTP_URL: sink.url, MOTCUA_SMS_URL: sms.url,
    MOTCUA_SMS_USER: 'k1', MOTCUA_SMS_PASS: 's1', MOTCUA_SMS_BRANDNAME: 'TINH-TEST',
    MOTCUA_PUBLIC_URL: 'https://dichvucong.tinh.test' };
}

async function serveAt(nowIso) {
  return startServer({ env: env(nowIso), db: first.db, args: ['--data-dir', first.tmpdir],
    keepTmp: true });
}

async function waitFor(what, fn, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Wait until the job named job ran (at least once more than before) on srv. */
async function jobRan(srv, job, before = 0) {
  const re = new RegExp(`motcua_job_runs_total\\{job="${job}"\\} (\\d+)`);
  const fails = new RegExp(`motcua_job_failures_total\\{job="${job}"\\} (\\d+)`);
  await waitFor(`job ${job}`, async () => {
    const text = await (await fetch(`${srv.url}/metrics`)).text();
    const m = re.exec(text);
    if (m && Number(m[1]) > before) {
      assert.equal(Number(fails.exec(text)[1]), 0, `job ${job} failed:\n${srv.output()}`);
      return true;
    }
    return false;
  });
}

/** dd/mm/yyyy of Unix seconds t in Vietnam. */
function vnDate(t) {
  const d = new Date((t + VN) * 1000);
  const p = (n) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** ISO time of local (UTC+7) midnight of Unix seconds t, plus hours. */
function localDayAt(t, hours) {
  const midnight = t - ((t + VN) % 86400);
  return new Date((midnight + hours * 3600) * 1000).toISOString();
}

function outbox(where) {
  return sqlRows(first, `SELECT id, channel, recipient, subject, kind, state, ref FROM notify_outbox
    WHERE ${where} ORDER BY id`);
}

/**
 * Register a citizen with a phone and prove it with the code the stand-in
 * gateway received (the outbox drops a sent message's text).
 */
async function registerCitizen(srv, name) {
  const cccd = `00109007${String(process.pid % 10000).padStart(4, '0')}`;
  const phone = `0912${String(process.pid % 1000000).padStart(6, '0')}`;
  const jar = {};
  const { csrf } = await getForm(srv.url, '/dang-ky', jar);
  const r = await postForm(srv.url, '/dang-ky', { csrf, kind: 'citizen', dong_y: '1',
    full_name: name, cccd, phone, email: '', password: PASSWORD, password2: PASSWORD }, jar);
  assert.equal(r.status, 303, r.html?.slice(0, 500));
  const req = await waitFor('the account code', () => sms.requests.find((q) =>
    q.Phone === phone && /\b\d{6}\b/.test(q.Content)));
  const page = await getForm(srv.url, '/tai-khoan/xac-minh', jar);
  const v = await postForm(srv.url, '/tai-khoan/xac-minh',
    { csrf: page.csrf, kenh: 'phone', code: /\b(\d{6})\b/.exec(req.Content)[1] }, jar);
  assert.equal(v.status, 303);
  return { jar, cccd, phone, name };
}

before(async () => {
  sink = await startSmtpSink();
  sms = await startFakeEsms({ apiKey: 'k1', secretKey: 's1' });
  first = await startServer({ env: env(T0), keepTmp: true });
  loadAgencies(first);
  addStaff(first, 'stp', 'Trần Văn Minh', 'reception,processing', AGENCY);
  addStaff(first, 'ld.stp', 'Lý Thị Mai', 'approver', AGENCY);
  // staff contacts as an account holder proves them (plain text is read like a sealed one)
  sql(first, "UPDATE users SET email = 'minh.stp@tinh.test' WHERE login = 'stp'");
  sql(first, "UPDATE users SET email = 'mai.stp@tinh.test' WHERE login = 'ld.stp'");
  const jar = await staffLogin(first, 'stp', serverClock(T0));
  const csrf = await csrfOf(first, jar);
  citizen = await registerCitizen(first, 'Hoàng Thị Lan');
  const codes = [];
  for (let i = 0; i < 2; i++) {
    const sub = await submitDossier(first, citizen.jar);
    assert.equal(sub.status, 303);
    for (const action of ['accept', 'start']) {
      const r = await act(first, jar, csrf, sub.code,
        { action, version: dossierRow(first, sub.code).version });
      assert.equal(r.status, 303, r.html?.slice(0, 300));
    }
    codes.push(sub.code);
  }
  [codeA, codeB] = codes;
});

after(async () => {
  try {
    await first?.stop();
  } finally {
    await sms?.close();
    await sink?.close();
    if (first) rmSync(first.tmpdir, { recursive: true, force: true });
  }
});

test('an accepted dossier tells the applicant its code, appointment and receipt link', async () => {
  const { due_at: due } = sqlRows(first, `SELECT due_at FROM dossiers WHERE code = '${codeA}'`)[0];
  const req = await waitFor('the acceptance SMS', () => sms.requests.find((r) =>
    r.Phone === citizen.phone && r.Content.includes(codeA) && /tiếp nhận/.test(r.Content)));
  assert.ok(new RegExp(`Ngày hẹn trả kết quả: \\d\\d:\\d\\d ngày ${vnDate(due)}`)
    .test(req.Content), req.Content);
  assert.ok(req.Content.includes(`https://dichvucong.tinh.test/ho-so/${codeA}/bien-nhan`),
    req.Content);
  const [row] = outbox(`kind = 'dossier.accepted' AND ref = '${codeA}'`);
  assert.equal(row.channel, 'sms');
  await waitFor('sent', () => outbox(`id = ${row.id}`)[0].state === 'sent');
});

test('the day before the appointment the applicant is reminded, once', async () => {
  await first.stop();
  const { due_at: due } = sqlRows(first, `SELECT due_at FROM dossiers WHERE code = '${codeA}'`)[0];
  const eve = due - 86400;
  const srv = await serveAt(localDayAt(eve, 8));
  try {
    await jobRan(srv, 'dossier-reminders');
    const req = await waitFor('the reminder SMS', () => sms.requests.find((r) =>
      r.Phone === citizen.phone && r.Content.includes(codeA) && /ngày mai/.test(r.Content)));
    assert.ok(req.Content.includes(vnDate(due)), req.Content);
    assert.match(req.Content, /Sở Tư pháp|tại /);
  } finally {
    await srv.stop();
  }
  // the job again the same day (another tick, another server): nothing new
  const again = await serveAt(localDayAt(eve, 15));
  try {
    await jobRan(again, 'dossier-reminders');
    assert.equal(outbox(`kind = 'dossier.tomorrow' AND ref = '${codeA}'`).length, 1);
  } finally {
    await again.stop();
  }
});

test('officers get one digest a day; overdue dossiers escalate to the leader', async () => {
  // A is overdue by a day, B falls due in three hours, at T1
  const T1 = Date.parse('2026-03-10T09:00:00+07:00') / 1000;   // a Tuesday
  sql(first, `UPDATE dossiers SET deadline_at = ${T1 - 86400} WHERE code = '${codeA}'`);
  sql(first, `UPDATE dossiers SET deadline_at = ${T1 + 3 * 3600} WHERE code = '${codeB}'`);
  const since = sink.messages.length;   // earlier days' mails are not today's
  const staffRows = () => outbox("kind IN ('officer.digest', 'officer.escalation')").length;
  const base = staffRows();
  const srv = await serveAt(new Date(T1 * 1000).toISOString());
  try {
    await jobRan(srv, 'dossier-reminders');
    const fresh = (pred) => waitFor('a mail', () => sink.messages.slice(since).find(pred));
    // (the digest queued the day before may only now reach the sink)
    const digest = await fresh((m) => m.to.includes('minh.stp@tinh.test')
      && /sắp đến hạn và quá hạn/.test(m.subject) && m.text.includes('quá hạn từ'));
    assert.match(digest.text, /Kính gửi Trần Văn Minh: ông\/bà đang có 1 hồ sơ quá hạn và 1 hồ sơ sắp đến hạn/);
    assert.ok(digest.text.includes(`- ${codeA} (`) && digest.text.includes(`- ${codeB} (`),
      digest.text);
    assert.match(digest.text, new RegExp(`${codeA} \\([^)]*\\): quá hạn từ`));
    assert.ok(digest.text.includes('https://dichvucong.tinh.test/quan-tri/ho-so'));
    const esc = await fresh((m) => m.to.includes('mai.stp@tinh.test'));
    assert.match(esc.subject, /Báo cáo lãnh đạo: hồ sơ quá hạn/);
    assert.match(esc.text, /Kính gửi Lý Thị Mai: Sở Tư pháp[^:\n]* có 1 hồ sơ quá hạn xử lý/);
    assert.ok(esc.text.includes(`${codeA} (`) && esc.text.includes('Trần Văn Minh'), esc.text);
    assert.ok(!esc.text.includes(codeB), 'only overdue dossiers escalate');
  } finally {
    await srv.stop();
  }
  // later the same day: no second digest or escalation
  const later = await serveAt(new Date((T1 + 5 * 3600) * 1000).toISOString());
  try {
    await jobRan(later, 'dossier-reminders');
  } finally {
    await later.stop();
  }
  assert.equal(staffRows() - base, 2);
  // the next day: one more of each
  const next = await serveAt(new Date((T1 + 86400) * 1000).toISOString());
  try {
    await jobRan(next, 'dossier-reminders');
    await waitFor('the next digests', () => staffRows() - base === 4);
  } finally {
    await next.stop();
  }
});
