// rating_feedback.test.mjs - dissatisfaction becomes work: a "Không hài
// lòng" rating with a comment lands in the agency's feedback queue with the
// feedback deadlines (15 working days to answer), only that agency's staff
// see it, a changed rating keeps the one item, and once answered and
// published it counts in the KPI y_kien_tiep_thu_cong_khai; what was taken
// up ("đã tiếp thu") is recorded, checked and counted per agency and month.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, getForm, postForm } from './lib/server.mjs';
import {
  AGENCY, OTHER_AGENCY, act, addStaff, csrfOf, dossierRow, get, loadAgencies, motcua,
  registerCitizen, serverClock, sqlRows, staffLogin, submitDossier,
} from './lib/dossier-helpers.mjs';

const NOW = '2026-03-02T09:00:00+07:00';   // a Monday, office hours

let srv;
const staff = {};
let owner;
let returned;
let item;

async function actAs(role, code, action, extra = {}) {
  const row = dossierRow(srv, code);
  const r = await act(srv, staff[role].jar, staff[role].csrf, code,
    { action, version: row.version, ...extra });
  assert.equal(r.status, 303, `${action}: ${r.status} ${r.html.slice(0, 500)}`);
}

function kpi(unit) {
  const doc = JSON.parse(motcua(srv, 'kpi', '--period', '2026-03', '--unit', unit));
  return doc.kpis.find((k) => k.key === 'y_kien_tiep_thu_cong_khai');
}

before(async () => {
  srv = await startServer({ env: { MOTCUA_NOW: NOW } });
  loadAgencies(srv);
  const clock = serverClock(NOW);
  addStaff(srv, 'tn', 'Nguyễn Thị Hoa', 'reception', AGENCY);
  addStaff(srv, 'cv', 'Trần Văn Minh', 'processing', AGENCY);
  addStaff(srv, 'ld', 'Hoàng Văn Thắng', 'approver,agency_admin', AGENCY);
  addStaff(srv, 'khac', 'Đỗ Văn Hùng', 'agency_admin', OTHER_AGENCY);
  for (const [role, login] of [['reception', 'tn'], ['processing', 'cv'], ['approver', 'ld'],
    ['other', 'khac']]) {
    const jar = await staffLogin(srv, login, clock);
    staff[role] = { jar, csrf: await csrfOf(srv, jar) };
  }
  owner = await registerCitizen(srv, 'Hoàng Thị Lan');
  const s = await submitDossier(srv, owner.jar);
  assert.equal(s.status, 303, s.html.slice(0, 500));
  returned = s.code;
  await actAs('reception', returned, 'accept');
  await actAs('processing', returned, 'start');
  await actAs('processing', returned, 'finish');
  await actAs('approver', returned, 'approve', { note: 'Cấp bản sao trích lục số 12/TL.' });
  await actAs('reception', returned, 'collect_fee', { note: 'Biên lai số 0001' });
  await actAs('reception', returned, 'return');
});

after(async () => { await srv?.stop(); });

test('a satisfied rating without a request files nothing', async () => {
  const csrf = await csrfOf(srv, owner.jar);
  const r = await postForm(srv.url, `/ho-so/${returned}/danh-gia`,
    { csrf, muc_do: '2', gop_y: 'Cán bộ nhiệt tình.' }, owner.jar);
  assert.equal(r.status, 303, r.html.slice(0, 500));
  assert.equal(sqlRows(srv, 'SELECT COUNT(*) AS n FROM feedback')[0].n, 0);
});

test('a dissatisfied rating with a comment lands in the agency queue with its deadline', async () => {
  const form = await getForm(srv.url, `/ho-so/${returned}/danh-gia`, owner.jar);
  assert.match(form.html, /được chuyển thành phản ánh gửi cơ quan/);
  const r = await postForm(srv.url, `/ho-so/${returned}/danh-gia`, {
    csrf: form.csrf, muc_do: '3', tc_thoi_gian: '3',
    gop_y: 'Đề nghị rút ngắn thời gian chờ, tôi phải đi lại hai lần.',
  }, owner.jar);
  assert.equal(r.status, 303, r.html.slice(0, 500));
  const rows = sqlRows(srv, `SELECT code, status, agency_code, source, source_ref, dossier_code,
    body, due_resolve - received_at AS span FROM feedback`);
  assert.equal(rows.length, 1);
  item = rows[0];
  assert.equal(item.status, 'received');
  assert.equal(item.agency_code, AGENCY);
  assert.equal(item.source, 'rating');
  assert.equal(item.source_ref, returned);
  assert.equal(item.dossier_code, returned);
  assert.match(item.body, /Không hài lòng/);
  assert.match(item.body, /đi lại hai lần/);
  // 15 working days from Monday 2 March: Monday 23 March (no holiday between).
  assert.equal(item.span, 21 * 86400);

  const list = await getForm(srv.url, '/quan-tri/phan-anh', staff.approver.jar);
  assert.equal(list.status, 200);
  assert.match(list.html, new RegExp(item.code));
  const page = await getForm(srv.url, `/quan-tri/phan-anh/${item.code}`, staff.approver.jar);
  assert.equal(page.status, 200);
  assert.match(page.html, /data-due="resolve">[^<]*ngày 23\/03\/2026/);
  assert.match(page.html, /data-test="source">Đánh giá không hài lòng/);
  assert.match(page.html, /tạo từ đánh giá không hài lòng về hồ sơ/);
  // Another agency's admin sees neither the item nor it in the queue.
  assert.equal((await get(srv, `/quan-tri/phan-anh/${item.code}`, staff.other.jar)).status, 403);
  const theirs = await getForm(srv.url, '/quan-tri/phan-anh', staff.other.jar);
  assert.doesNotMatch(theirs.html, new RegExp(item.code));
});

test('changing the rating keeps the one item', async () => {
  const csrf = await csrfOf(srv, owner.jar);
  const r = await postForm(srv.url, `/ho-so/${returned}/danh-gia`,
    { csrf, muc_do: '3', gop_y: 'Vẫn đề nghị cơ quan xem xét lại quy trình.' }, owner.jar);
  assert.equal(r.status, 303, r.html.slice(0, 500));
  assert.equal(sqlRows(srv, 'SELECT COUNT(*) AS n FROM feedback')[0].n, 1);
});

test('answered and published, the item counts in y_kien_tiep_thu_cong_khai', async () => {
  const before = kpi(AGENCY);
  assert.equal(before.numerator, 0);
  assert.equal(before.denominator, 1);
  const page = await getForm(srv.url, `/quan-tri/phan-anh/${item.code}`, staff.approver.jar);
  assert.doesNotMatch(page.html, /\/tiep-thu"/, 'nothing to take up before an answer');
  const early = await postForm(srv.url, `/quan-tri/phan-anh/${item.code}/tiep-thu`,
    { csrf: page.csrf, taken_up_change: 'Rút ngắn thời gian trả kết quả.', taken_up_date: '2026-03-02' },
    staff.approver.jar);
  assert.equal(early.status, 409);
  const ok = await postForm(srv.url, `/quan-tri/phan-anh/${item.code}/duyet`, {
    csrf: page.csrf,
    text: 'Sở Tư pháp xin lỗi bà vì phải đi lại; từ tháng 3 bộ phận một cửa trả kết quả qua bưu chính.',
  }, staff.approver.jar);
  assert.equal(ok.status, 303, ok.html.slice(0, 500));
  const pub = await postForm(srv.url, `/quan-tri/phan-anh/${item.code}/cong-khai`, {
    csrf: page.csrf, public_title: 'Phải đi lại hai lần để nhận kết quả',
    public_question: 'Người dân phải đi lại hai lần để nhận bản sao trích lục.',
    public_answer: 'Từ tháng 3 bộ phận một cửa trả kết quả qua bưu chính.',
  }, staff.approver.jar);
  assert.equal(pub.status, 303, pub.html.slice(0, 500));
  const after = kpi(AGENCY);
  assert.equal(after.numerator, 1);
  assert.equal(after.denominator, 1);
  assert.equal(after.value, 100);
  assert.equal(kpi(OTHER_AGENCY).numerator, 0);
});

test('what was taken up is recorded, checked, and counted per agency and month', async () => {
  const page = await getForm(srv.url, `/quan-tri/phan-anh/${item.code}`, staff.approver.jar);
  assert.match(page.html, /\/tiep-thu"/);
  const bad = await postForm(srv.url, `/quan-tri/phan-anh/${item.code}/tiep-thu`,
    { csrf: page.csrf, taken_up_change: 'Gọi bà Lan số 0912 345 678 để trả kết quả.',
      taken_up_date: '2099-01-01' }, staff.approver.jar);
  assert.equal(bad.status, 422);
  assert.match(bad.html, /số điện thoại/);
  assert.match(bad.html, /không được sau hôm nay/);
  assert.equal(sqlRows(srv, `SELECT taken_up_at FROM feedback WHERE code = '${item.code}'`)[0]
    .taken_up_at, null);
  const other = await postForm(srv.url, `/quan-tri/phan-anh/${item.code}/tiep-thu`,
    { csrf: staff.other.csrf, taken_up_change: 'Trả kết quả qua bưu chính công ích.',
      taken_up_date: '2026-03-02' }, staff.other.jar);
  assert.equal(other.status, 403);
  const ok = await postForm(srv.url, `/quan-tri/phan-anh/${item.code}/tiep-thu`,
    { csrf: page.csrf, taken_up_change: 'Trả kết quả qua bưu chính công ích cho mọi hồ sơ.',
      taken_up_date: '2026-03-02' }, staff.approver.jar);
  assert.equal(ok.status, 303, ok.html.slice(0, 500));
  const shown = await getForm(srv.url, `/quan-tri/phan-anh/${item.code}`, staff.approver.jar);
  assert.match(shown.html, /data-test="taken-up">02\/03\/2026: Trả kết quả qua bưu chính/);
  assert.equal(sqlRows(srv, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'feedback.take_up'")[0].n, 1);
  const stats = await getForm(srv.url, '/phan-anh/thong-ke?month=2026-03', {});
  const row = stats.html.match(new RegExp(`<tr data-agency="${AGENCY}">.*?</tr>`))[0];
  assert.match(row, /data-test="published">1</);
  assert.match(row, /data-test="taken-up">1</);
  const api = await fetch(`${srv.url}/api/v1/feedback/stats?month=2026-03`).then((r) => r.json());
  const mine = api.agencies.find((a) => a.agency_code === AGENCY);
  assert.deepEqual([mine.received, mine.answered, mine.published, mine.taken_up], [1, 1, 1, 1]);
});
