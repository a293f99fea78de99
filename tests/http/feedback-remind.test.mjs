// feedback-remind.test.mjs - đôn đốc with an injectable clock: the same
// database is served again with MOTCUA_NOW moved forward, and the
// reminder task (run by the job runner at start) must send the agency's
// "due tomorrow" reminder, then the overdue one, then the escalation to
// the leader, each once, at the right time, through a real SMTP sink.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startServer, getForm, postForm } from './lib/server.mjs';
import { startSmtpSink } from './lib/smtp-sink.mjs';
import { sql, loadAgencies, addStaff, serverClock, staffLogin } from './lib/feedback-helpers.mjs';

const T0 = '2026-02-13T09:00:00+07:00';   // received; resolve due 13/03/2026 09:00
let sink;
let first;   // the server that created the data; its folder is reused
let code;

async function serveAt(nowIso) {
  return startServer({ env: { MOTCUA_NOW: nowIso, MOTCUA_SMTP_URL: sink.url },
    db: first.db, args: ['--data-dir', first.tmpdir], keepTmp: true });
}

async function remindersAt(nowIso) {
  const srv = await serveAt(nowIso);
  try {
    // The task also runs at start; "Gửi nhắc việc ngay" runs it now, synchronously.
    const jar = await staffLogin(srv, 'tinh', serverClock(nowIso));
    const page = await getForm(srv.url, '/quan-tri/phan-anh', jar);
    const run = await postForm(srv.url, '/quan-tri/phan-anh/nhac-viec', { csrf: page.csrf }, jar);
    assert.equal(run.status, 303);
    return sql(first, "SELECT kind FROM feedback_reminders" +
      " ORDER BY CASE kind WHEN 'before' THEN 1 WHEN 'overdue' THEN 2 ELSE 3 END")
      .split('\n').filter(Boolean).join(',');
  } finally {
    await srv.stop();
  }
}

before(async () => {
  sink = await startSmtpSink();
  first = await startServer({ env: { MOTCUA_NOW: T0, MOTCUA_SMTP_URL: sink.url }, keepTmp: true });
  loadAgencies(first);
  addStaff(first, 'stp.admin', 'Lý Thị Mai', 'agency_admin,approver', 'T20.STP');
  addStaff(first, 'tinh', 'Vi Văn Quang', 'province_admin', 'T20.VP');
  const now = serverClock(T0);
  const tinh = await staffLogin(first, 'tinh', now);
  const page = await getForm(first.url, '/quan-tri/phan-anh/lien-he', tinh);
  const saved = await postForm(first.url, '/quan-tri/phan-anh/lien-he', { csrf: page.csrf,
    agency: 'T20.STP', inbox: 'phananh.stp@langson.gov.vn', leader: 'giamdoc.stp@langson.gov.vn' }, tinh);
  assert.equal(saved.status, 303);
  const bad = await postForm(first.url, '/quan-tri/phan-anh/lien-he', { csrf: page.csrf,
    agency: 'T20.STP', inbox: 'khong-phai-email', leader: '' }, tinh);
  assert.equal(bad.status, 422);
  const form = await getForm(first.url, '/phan-anh/gui', tinh);
  const res = await postForm(first.url, '/phan-anh/gui', { csrf: form.csrf, kind: 'phan_anh',
    category: 'thu_tuc', title: 'Hồ sơ chứng thực bị trả lại', agency: 'T20.STP',
    body: 'Hồ sơ chứng thực của tôi bị trả lại mà không có lý do bằng văn bản.',
    sender_name: 'Phạm Thị Thu', contact: '0912333444', consent: '1' }, tinh);
  assert.equal(res.status, 303, res.html);
  code = /theo-doi\/([^?]+)/.exec(res.location)[1];
  assert.equal(sql(first, 'SELECT CASE WHEN on_behalf_by IS NOT NULL THEN 1 ELSE 0 END' +
    ` FROM feedback WHERE code='${code}'`), '1',
    'filed by the officer on the citizen\'s behalf, recorded as such');
  await first.stop();
});

after(async () => {
  await sink?.close();
  if (first) rmSync(first.tmpdir, { recursive: true, force: true });
});

test('no reminder before the day before the deadline', async () => {
  assert.equal(await remindersAt('2026-03-11T16:00:00+07:00'), '');
  assert.equal(sink.messages.filter((m) => /Nhắc hạn/.test(m.subject)).length, 0);
});

test('the agency is reminded one working day before the deadline, once', async () => {
  assert.equal(await remindersAt('2026-03-12T10:00:00+07:00'), 'before');
  const mail = await sink.waitFor((m) => m.to.includes('phananh.stp@langson.gov.vn'));
  assert.match(mail.subject, /Nhắc hạn trả lời/);
  assert.match(mail.text, new RegExp(code));
  assert.match(mail.text, /09:00 ngày 13\/03\/2026/);
  assert.equal(await remindersAt('2026-03-12T11:00:00+07:00'), 'before', 'not sent twice');
});

test('after the deadline the agency is told it is overdue; the staff list marks it', async () => {
  assert.equal(await remindersAt('2026-03-13T10:00:00+07:00'), 'before,overdue');
  const mail = await sink.waitFor((m) => /quá hạn trả lời/.test(m.text));
  assert.deepEqual(mail.to, ['phananh.stp@langson.gov.vn']);
});

test('three working days late it escalates to the agency leader', async () => {
  assert.equal(await remindersAt('2026-03-17T16:00:00+07:00'), 'before,overdue');
  assert.equal(await remindersAt('2026-03-18T09:30:00+07:00'), 'before,overdue,escalated');
  const mail = await sink.waitFor((m) => m.to.includes('giamdoc.stp@langson.gov.vn'));
  assert.match(mail.subject, /Báo cáo lãnh đạo/);
  assert.equal(sql(first, "SELECT count(*) FROM audit_log WHERE action='feedback.remind'"), '3');
});
