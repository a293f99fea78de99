// calendar_admin.test.mjs - the province admin edits the working-day
// calendar at /quan-tri/lich: the year's defaults and overrides, adding a
// làm bù Saturday and a day off, deleting one, office hours, typed values
// kept on 422, who may use the page, CSRF, and that the running server
// (an accepted dossier's appointment date) and `motcua calendar due --db`
// follow the change at once, without a restart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, getForm, postForm } from './lib/server.mjs';
import {
  loadAgencies, addStaff, staffLogin, serverClock, registerCitizen, submitDossier,
  sqlRows, AGENCY,
} from './lib/dossier-helpers.mjs';
import { bin } from './lib/feedback-helpers.mjs';

// Friday 6/3/2026 08:00: one working day later is normally Monday 9/3.
const NOW = '2026-03-06T08:00:00+07:00';
const MAKEUP = '2026-03-07';   // Saturday, made a working day (làm bù)
const OFF = '2026-03-09';      // Monday, made a day off
let srv, admin, reception, citizen, clock;

before(async () => {
  srv = await startServer({ env: { MOTCUA_NOW: NOW } });
  clock = serverClock(NOW);
  loadAgencies(srv);
  addStaff(srv, 'qtt', 'Vi Văn Quang', 'province_admin', 'T20.VP');
  addStaff(srv, 'tn', 'Nguyễn Thị Hoa', 'reception', AGENCY);
  admin = await staffLogin(srv, 'qtt', clock);
  reception = await staffLogin(srv, 'tn', clock);
  citizen = await registerCitizen(srv, 'Phạm Thị Lan');
});
after(async () => { await srv.stop(); });

/** `motcua calendar due --from FROM --days N [--db <the server's db>]`: the date. */
function due(from, days, stored = true) {
  const args = ['calendar', 'due', '--from', from, '--days', String(days)];
  if (stored) args.push('--db', srv.db);
  return execFileSync(bin(), args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString().slice(0, 10);
}

const page = (year = 2026, jar = admin) => getForm(srv.url, `/quan-tri/lich?nam=${year}`, jar);

function rowOf(html, date) {
  const m = new RegExp(`<tr data-date="${date}"[^>]*>([\\s\\S]*?)</tr>`).exec(html);
  return m ? m[0] : null;
}

/** Submit a dossier and accept it at the counter; its stored row. */
async function acceptedDossier() {
  const sub = await submitDossier(srv, citizen.jar);
  assert.equal(sub.status, 303, sub.html.slice(0, 1500));
  const p = await getForm(srv.url, `/ho-so/${sub.code}`, reception);
  const version = /name="version" value="(\d+)"/.exec(p.html)[1];
  const r = await postForm(srv.url, `/ho-so/${sub.code}/thao-tac`,
    { csrf: p.csrf, action: 'accept', version }, reception);
  assert.equal(r.status, 303, r.html.slice(0, 1500));
  return sqlRows(srv, `SELECT received_at, due_at FROM dossiers WHERE code = '${sub.code}'`)[0];
}

const vnDate = (t) => new Date((t + 7 * 3600) * 1000).toISOString().slice(0, 10);
const iso = (t) => new Date((t + 7 * 3600) * 1000).toISOString().slice(0, 19);

test('the year shows the Labour Code defaults with Vietnamese names', async () => {
  const p = await page();
  assert.equal(p.status, 200);
  const tet = rowOf(p.html, '2026-02-17');
  assert.ok(tet, 'Tết Nguyên đán 2026 (17/2) is listed');
  assert.match(tet, /Tết Nguyên đán/);
  assert.match(tet, /data-source="default"/);
  assert.match(rowOf(p.html, '2026-09-02'), /Quốc khánh/);
  assert.match(p.html, /07:30–11:30, 13:30–17:00/);
  assert.ok(!rowOf(p.html, MAKEUP));
});

test('the admin start page links the calendar for the province admin', async () => {
  const r = await getForm(srv.url, '/quan-tri', admin);
  assert.match(r.html, /href="\/quan-tri\/lich"/);
  const other = await getForm(srv.url, '/quan-tri', reception);
  assert.doesNotMatch(other.html, /href="\/quan-tri\/lich"/);
});

test('a làm bù Saturday and a day off apply at once to deadlines and the CLI', async () => {
  const before = await acceptedDossier();
  assert.equal(vnDate(before.due_at), '2026-03-09', 'default: Friday + 1 = Monday');

  let p = await page();
  let r = await postForm(srv.url, '/quan-tri/lich', { csrf: p.csrf, nam: '2026', ngay: MAKEUP,
    loai: 'makeup', ten: 'Làm bù cho ngày 2/1', ghi_chu: 'Quyết định 123/QĐ-UBND' }, admin);
  assert.equal(r.status, 303, r.html.slice(0, 1500));
  assert.equal(r.location, '/quan-tri/lich?nam=2026&da_luu=1');
  p = await page();
  r = await postForm(srv.url, '/quan-tri/lich', { csrf: p.csrf, nam: '2026', ngay: '09/03/2026',
    loai: 'off', ten: '', ghi_chu: 'Quyết định 123/QĐ-UBND' }, admin);
  assert.equal(r.status, 303, r.html.slice(0, 1500));

  p = await page();
  const mk = rowOf(p.html, MAKEUP);
  assert.ok(mk, 'the làm bù Saturday is listed');
  assert.match(mk, /data-source="override"/);
  assert.match(mk, /Làm bù cho ngày 2\/1/);
  assert.match(mk, /Thứ Bảy/);
  const off = rowOf(p.html, OFF);
  assert.match(off, /Ngày nghỉ/);
  assert.match(off, /data-source="override"/);
  assert.match(p.html, /data-override="2026-03-07" data-kind="makeup"/);
  assert.match(p.html, /Quyết định 123\/QĐ-UBND/);

  // The running server: Friday + 1 working day is now the làm bù Saturday.
  const after = await acceptedDossier();
  assert.equal(vnDate(after.due_at), MAKEUP);
  // The CLI with the stored calendar agrees; without it, the default.
  const from = iso(after.received_at);
  assert.equal(due(from, 1), MAKEUP);
  assert.equal(due(from, 1, false), '2026-03-09');
  assert.equal(due('2026-03-07T08:00', 1), '2026-03-10', 'Saturday + 1 skips the Monday off');

  // Audited.
  const audit = sqlRows(srv, "SELECT action, object FROM audit_log WHERE action LIKE 'calendar.%'");
  assert.ok(audit.some((a) => a.action === 'calendar.override' && a.object === `calendar:${OFF}`));
});

test('bad input is 422 with clear errors and the typed values kept', async () => {
  let p = await page();
  let r = await postForm(srv.url, '/quan-tri/lich', { csrf: p.csrf, nam: '2026',
    ngay: '2026-02-30', loai: 'off', ten: 'Nghỉ thêm', ghi_chu: 'QĐ 9' }, admin);
  assert.equal(r.status, 422);
  assert.match(r.html, /ngày không hợp lệ/);
  assert.match(r.html, /value="2026-02-30"/);
  assert.match(r.html, /value="Nghỉ thêm"/);
  assert.match(r.html, /value="QĐ 9"/);
  assert.match(r.html, /value="off" checked/);

  p = await page();
  r = await postForm(srv.url, '/quan-tri/lich', { csrf: p.csrf, nam: '2026', ngay: MAKEUP,
    loai: 'off', ten: 'Trùng', ghi_chu: '' }, admin);
  assert.equal(r.status, 422, 'a second override of the same day');
  assert.match(r.html, /đã có điều chỉnh/);
  assert.match(r.html, /value="Trùng"/);

  r = await postForm(srv.url, '/quan-tri/lich', { csrf: p.csrf, nam: '2026', ngay: '2026-03-11',
    loai: 'makeup', ten: '', ghi_chu: '' }, admin);
  assert.equal(r.status, 422, 'làm bù on a Wednesday');
  assert.match(r.html, /vốn là ngày làm việc/);

  r = await postForm(srv.url, '/quan-tri/lich/gio-lam-viec', { csrf: p.csrf, nam: '2026',
    sang_bat_dau: '07:30', sang_ket_thuc: '12:00', chieu_bat_dau: '11:30',
    chieu_ket_thuc: '25:00' }, admin);
  assert.equal(r.status, 422);
  assert.match(r.html, /00:00 đến 24:00/);
  assert.match(r.html, /value="25:00"/);
  assert.match(r.html, /value="11:30"/);

  r = await postForm(srv.url, '/quan-tri/lich/gio-lam-viec', { csrf: p.csrf, nam: '2026',
    sang_bat_dau: '07:30', sang_ket_thuc: '12:00', chieu_bat_dau: '11:30',
    chieu_ket_thuc: '17:00' }, admin);
  assert.equal(r.status, 422);
  assert.match(r.html, /không được chồng lên nhau/);

  r = await postForm(srv.url, '/quan-tri/lich/gio-lam-viec', { csrf: p.csrf, nam: '2026',
    sang_bat_dau: '7h', sang_ket_thuc: '11:30', chieu_bat_dau: '', chieu_ket_thuc: '' }, admin);
  assert.equal(r.status, 422);
  assert.match(r.html, /dạng giờ:phút/);

  assert.equal((await getForm(srv.url, '/quan-tri/lich?nam=abc', admin)).status, 400);
});

test('office hours are saved and shown; deleting an override restores the default', async () => {
  let p = await page();
  let r = await postForm(srv.url, '/quan-tri/lich/gio-lam-viec', { csrf: p.csrf, nam: '2026',
    sang_bat_dau: '08:00', sang_ket_thuc: '12:00', chieu_bat_dau: '13:00',
    chieu_ket_thuc: '17:00' }, admin);
  assert.equal(r.status, 303, r.html.slice(0, 1500));
  p = await page();
  assert.match(p.html, /08:00–12:00, 13:00–17:00/);
  assert.match(p.html, /name="sang_bat_dau" value="08:00"/);

  r = await postForm(srv.url, '/quan-tri/lich/xoa', { csrf: p.csrf, ngay: OFF }, admin);
  assert.equal(r.status, 303);
  p = await page();
  assert.equal(rowOf(p.html, OFF), null);
  assert.doesNotMatch(p.html, /data-override="2026-03-09"/);
  r = await postForm(srv.url, '/quan-tri/lich/xoa', { csrf: p.csrf, ngay: OFF }, admin);
  assert.equal(r.status, 404);
  assert.equal(due('2026-03-07T08:00', 1), '2026-03-09');
});

test('only the province admin may use the page; posts need the CSRF token', async () => {
  assert.equal((await page(2026, reception)).status, 403);
  const anon = await fetch(`${srv.url}/quan-tri/lich`, { redirect: 'manual' });
  assert.notEqual(anon.status, 200);
  const p = await page(2026, reception);
  const r = await postForm(srv.url, '/quan-tri/lich', { csrf: p.csrf || 'x', ngay: '2026-03-14',
    loai: 'makeup' }, reception);
  assert.equal(r.status, 403);
  const bad = await postForm(srv.url, '/quan-tri/lich', { csrf: 'sai', ngay: '2026-03-14',
    loai: 'makeup', ten: '', ghi_chu: '' }, admin);
  assert.equal(bad.status, 403);
  const none = sqlRows(srv, "SELECT date FROM calendar_override WHERE date = '2026-03-14'");
  assert.equal(none.length, 0);
});
