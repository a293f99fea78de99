// rating.test.mjs - the citizen's rating of a finished dossier over HTTP:
// the invitation on the dossier page and by SMS when it is returned, the
// form at /ho-so/{code}/danh-gia (owner only, ended dossiers only, typed
// values kept on a refusal, no markup in the comment), one rating per
// dossier that may be changed, dossiers.rating set, and the "Đánh giá"
// link on the public tracking page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, getForm, postForm } from './lib/server.mjs';
import {
  AGENCY, act, addStaff, csrfOf, dossierRow, get, loadAgencies, registerCitizen, serverClock,
  sqlRows, staffLogin, submitDossier,
} from './lib/dossier-helpers.mjs';

const NOW = '2026-03-02T09:00:00+07:00';   // a Monday, office hours

let srv;
const staff = {};
let owner;
let other;
let returned;    // code of a dossier taken to Đã trả kết quả
let open;        // code of a dossier still waiting

async function actAs(role, code, action, extra = {}) {
  const row = dossierRow(srv, code);
  const r = await act(srv, staff[role].jar, staff[role].csrf, code,
    { action, version: row.version, ...extra });
  assert.equal(r.status, 303, `${action}: ${r.status} ${r.html.slice(0, 500)}`);
}

before(async () => {
  srv = await startServer({ env: { MOTCUA_NOW: NOW } });
  loadAgencies(srv);
  const clock = serverClock(NOW);
  addStaff(srv, 'tn', 'Nguyễn Thị Hoa', 'reception', AGENCY);
  addStaff(srv, 'cv', 'Trần Văn Minh', 'processing', AGENCY);
  addStaff(srv, 'ld', 'Hoàng Văn Thắng', 'approver', AGENCY);
  for (const [role, login] of [['reception', 'tn'], ['processing', 'cv'], ['approver', 'ld']]) {
    const jar = await staffLogin(srv, login, clock);
    staff[role] = { jar, csrf: await csrfOf(srv, jar) };
  }
  owner = await registerCitizen(srv, 'Hoàng Thị Lan');
  other = await registerCitizen(srv, 'Phạm Văn Bình');
  const s = await submitDossier(srv, owner.jar);
  assert.equal(s.status, 303, s.html.slice(0, 500));
  returned = s.code;
  await actAs('reception', returned, 'accept');
  await actAs('processing', returned, 'start');
  await actAs('processing', returned, 'finish');
  await actAs('approver', returned, 'approve', { note: 'Cấp bản sao trích lục số 12/TL.' });
  await actAs('reception', returned, 'collect_fee', { note: 'Biên lai số 0001' });
  await actAs('reception', returned, 'return');
  const s2 = await submitDossier(srv, owner.jar);
  assert.equal(s2.status, 303);
  open = s2.code;
});

after(async () => { await srv?.stop(); });

test('returning a dossier queues one invitation to rate', () => {
  const rows = sqlRows(srv, `SELECT channel, body FROM notify_outbox
    WHERE kind = 'rating.invite'`);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].channel, 'sms');
  assert.match(rows[0].body, new RegExp(`/ho-so/${returned}/danh-gia`));
  const inv = sqlRows(srv, 'SELECT COUNT(*) AS n FROM rating_invitations');
  assert.equal(inv[0].n, 1);
});

test('the owner sees the invitation on an ended dossier, not on an open one', async () => {
  const page = await getForm(srv.url, `/ho-so/${returned}`, owner.jar);
  assert.equal(page.status, 200);
  assert.match(page.html, /data-test="rating-invite"/);
  assert.match(page.html, new RegExp(`href="/ho-so/${returned}/danh-gia"`));
  const waiting = await getForm(srv.url, `/ho-so/${open}`, owner.jar);
  assert.equal(waiting.status, 200);
  assert.doesNotMatch(waiting.html, /data-test="rating-invite"/);
  const officer = await getForm(srv.url, `/ho-so/${returned}`, staff.reception.jar);
  assert.doesNotMatch(officer.html, /data-test="rating-invite"/);
});

test('only the owner may open the form', async () => {
  const mine = await getForm(srv.url, `/ho-so/${returned}/danh-gia`, owner.jar);
  assert.equal(mine.status, 200);
  assert.match(mine.html, /data-test="rating-form"/);
  for (const name of ['muc_do', 'tc_thoi_gian', 'tc_thai_do', 'tc_truc_tuyen', 'gop_y']) {
    assert.match(mine.html, new RegExp(`name="${name}"`), name);
  }
  assert.equal((await get(srv, `/ho-so/${returned}/danh-gia`, other.jar)).status, 404);
  assert.equal((await get(srv, `/ho-so/${returned}/danh-gia`, staff.approver.jar)).status, 403);
  const anon = await get(srv, `/ho-so/${returned}/danh-gia`);
  assert.equal(anon.status, 303);
  assert.match(anon.headers.get('location'), /^\/dang-nhap/);
});

test('a refused rating keeps what was typed', async () => {
  const csrf = await csrfOf(srv, owner.jar);
  const r = await postForm(srv.url, `/ho-so/${returned}/danh-gia`,
    { csrf, tc_thai_do: '1', gop_y: 'Cán bộ rất nhiệt tình' }, owner.jar);
  assert.equal(r.status, 422);
  assert.match(r.html, /data-test="rating-error"/);
  assert.match(r.html, /Cán bộ rất nhiệt tình/);
  assert.match(r.html, /name="tc_thai_do" value="1" checked/);
  const bad = await postForm(srv.url, `/ho-so/${returned}/danh-gia`,
    { csrf, muc_do: '1', gop_y: '<script>alert(1)</script>' }, owner.jar);
  assert.equal(bad.status, 422);
  assert.doesNotMatch(bad.html, /<script>alert/);
  assert.equal(dossierRow(srv, returned).status, 10);
  assert.equal(sqlRows(srv, 'SELECT COUNT(*) AS n FROM dossier_ratings')[0].n, 0);
});

test('an open dossier cannot be rated', async () => {
  const csrf = await csrfOf(srv, owner.jar);
  const page = await getForm(srv.url, `/ho-so/${open}/danh-gia`, owner.jar);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.html, /data-test="rating-form"/);
  assert.match(page.html, /chưa kết thúc/);
  const r = await postForm(srv.url, `/ho-so/${open}/danh-gia`, { csrf, muc_do: '1' }, owner.jar);
  assert.equal(r.status, 422);
});

test('rating sets dossiers.rating; one rating, changed in place', async () => {
  const csrf = await csrfOf(srv, owner.jar);
  const r = await postForm(srv.url, `/ho-so/${returned}/danh-gia`, {
    csrf, muc_do: '3', tc_thoi_gian: '3', tc_thai_do: '2', gop_y: 'Phải đi lại hai lần.',
  }, owner.jar);
  assert.equal(r.status, 303, r.html.slice(0, 500));
  assert.equal(r.location, `/ho-so/${returned}/danh-gia?da_luu=1`);
  const rating = () => sqlRows(srv, `SELECT d.rating, r.overall, r.c_thoi_gian, r.comment,
    r.created_at FROM dossiers d JOIN dossier_ratings r ON r.dossier_id = d.id
    WHERE d.code = '${returned}'`);
  let rows = rating();
  assert.equal(rows.length, 1);
  assert.equal(rows[0].rating, 3);
  assert.equal(rows[0].c_thoi_gian, 3);
  const first = rows[0].created_at;
  const again = await postForm(srv.url, `/ho-so/${returned}/danh-gia`,
    { csrf, muc_do: '1' }, owner.jar);
  assert.equal(again.status, 303);
  rows = rating();
  assert.equal(rows.length, 1);
  assert.equal(rows[0].rating, 1);
  assert.equal(rows[0].created_at, first);
  const page = await getForm(srv.url, `/ho-so/${returned}/danh-gia?da_luu=1`, owner.jar);
  assert.match(page.html, /data-test="rating-current"/);
  assert.match(page.html, /Rất hài lòng/);
  assert.match(page.html, /name="muc_do" value="1" checked/);
  const other2 = await postForm(srv.url, `/ho-so/${returned}/danh-gia`,
    { csrf: await csrfOf(srv, other.jar), muc_do: '3' }, other.jar);
  assert.equal(other2.status, 404);
  assert.equal(rating()[0].rating, 1);
  const audit = sqlRows(srv, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'rating.save'");
  assert.equal(audit[0].n, 2);
});

test('the tracking page links a signed-in citizen to the rating', async () => {
  const check = owner.phone.slice(-4);
  const res = await get(srv, `/tra-cuu?ma=${returned}&kiem_tra=${check}`, owner.jar);
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /data-test="track-rate"/);
  const anon = await get(srv, `/tra-cuu?ma=${returned}&kiem_tra=${check}`);
  assert.doesNotMatch(await anon.text(), /data-test="track-rate"/);
});
