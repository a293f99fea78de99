// catalog_drafts.test.mjs - agencies keep their procedures: an agency
// admin edits only the procedures their agency implements (the routing
// table), each edit is a draft that changes nothing public, one pending at
// a time; the province admin returns it with a comment or approves it,
// which writes the new public version and its publication data (the 766
// indicators read them), audited; form files (tờ khai) are PDF only,
// kept by the same people and downloadable from the procedure page; the
// e-form's fields are edited as JSON with a preview that saves nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { getForm, postForm, formFields, startServer } from './lib/server.mjs';
import {
  addStaff, loadAgencies, serverClock, sql, staffLogin,
} from './lib/feedback-helpers.mjs';
import { pdfBytes, postMultipart } from './lib/dossier-helpers.mjs';

// The last days of February: the month the index is read for is still live (the
// first working day of March freezes it, docs/index-766.md).
const NOW = '2026-02-27T09:00:00+07:00';
const COPY = '2.000635';      // bản sao trích lục hộ tịch: routed to T20.STP
const LICENCE = '3.000347';   // đổi giấy phép lái xe: routed to T20.CA
let srv;
const jars = {};

before(async () => {
  srv = await startServer({ env: { MOTCUA_NOW: NOW } });
  loadAgencies(srv);
  const clock = serverClock(NOW);
  addStaff(srv, 'stp.admin', 'Lý Thị Mai', 'agency_admin', 'T20.STP');
  addStaff(srv, 'stp.cv', 'Trần Văn Minh', 'processing', 'T20.STP');
  addStaff(srv, 'tinh', 'Vi Văn Quang', 'province_admin', 'T20.VP');
  for (const login of ['stp.admin', 'stp.cv', 'tinh']) {
    jars[login] = await staffLogin(srv, login, clock);
  }
});

after(async () => { await srv?.stop(); });

const version = (code) => Number(sql(srv, `SELECT current_version FROM procedures WHERE code = '${code}'`));
const drafts = () => Number(sql(srv, 'SELECT count(*) FROM procedure_drafts'));

test('an agency admin lists and may edit only the procedures their agency implements', async () => {
  const list = await getForm(srv.url, '/quan-tri/thu-tuc/ban-sua', jars['stp.admin']);
  assert.equal(list.status, 200);
  assert.match(list.html, new RegExp(`href="/quan-tri/thu-tuc/${COPY}/sua"`));
  assert.doesNotMatch(list.html, new RegExp(`/quan-tri/thu-tuc/${LICENCE}/sua`));
  const page = await getForm(srv.url, `/thu-tuc/${COPY}`, jars['stp.admin']);
  assert.match(page.html, /data-test="propose"/);

  const other = await getForm(srv.url, `/quan-tri/thu-tuc/${LICENCE}/sua`, jars['stp.admin']);
  assert.equal(other.status, 403);
  assert.match(other.html, /không do cơ quan của bạn thực hiện/);
  const mine = await getForm(srv.url, `/quan-tri/thu-tuc/${COPY}/sua`, jars['stp.admin']);
  const posted = await postForm(srv.url, `/quan-tri/thu-tuc/${LICENCE}/sua`,
    { ...formFields(mine.html), name: 'Đổi giấy phép lái xe (sửa)' }, jars['stp.admin']);
  assert.equal(posted.status, 403);
  const officer = await getForm(srv.url, `/quan-tri/thu-tuc/${COPY}/sua`, jars['stp.cv']);
  assert.equal(officer.status, 403, 'a processing officer keeps no procedures');
  assert.equal(drafts(), 0);
});

test('an edit is a draft: nothing public changes, one pending at a time', async () => {
  const before = version(COPY);
  const form = await getForm(srv.url, `/quan-tri/thu-tuc/${COPY}/sua`, jars['stp.admin']);
  assert.equal(form.status, 200);
  assert.match(form.html, /data-test="draft-note"/);
  const fields = formFields(form.html);
  const bad = await postForm(srv.url, `/quan-tri/thu-tuc/${COPY}/sua`,
    { ...fields, pub_decision: '15/02/2026' }, jars['stp.admin']);
  assert.equal(bad.status, 422);
  assert.match(bad.html, /ngày phải có dạng NNNN-TT-NN/);
  assert.equal(drafts(), 0);

  // A browser sends a textarea's line ends as CR LF: text left as it was is no change.
  const asBrowser = Object.fromEntries(Object.entries(fields)
    .map(([k, v]) => [k, String(v).replace(/\r?\n/g, '\r\n')]));
  assert.ok(Object.values(asBrowser).some((v) => v.includes('\r\n')), 'a field has several lines');
  const sent = await postForm(srv.url, `/quan-tri/thu-tuc/${COPY}/sua`, {
    ...asBrowser, name: 'Cấp bản sao Trích lục hộ tịch (Sở Tư pháp)',
    pub_decision: '2026-02-02', pub_effective: '2026-02-20', pub_public: '2026-02-03',
    flag_eligible: '1', flag_fee: '1', flag_integrated: '1',
    note: 'Sửa tên thủ tục theo Quyết định công bố mới.',
  }, jars['stp.admin']);
  assert.equal(sent.status, 303, sent.html.slice(0, 800));
  assert.match(sent.location, /^\/quan-tri\/thu-tuc\/ban-sua\/\d+\?da_gui=1$/);
  assert.equal(version(COPY), before, 'no public version yet');
  assert.equal(sql(srv, `SELECT count(*) FROM procedure_publication
    WHERE procedure_code = '${COPY}' AND decision_date IS NOT NULL`), '0');
  const pub = await (await fetch(`${srv.url}/thu-tuc/${COPY}`)).text();
  assert.doesNotMatch(pub, /Sở Tư pháp\)<\/h1>/);
  const view = await getForm(srv.url, sent.location, jars['stp.admin']);
  assert.match(view.html, /data-status="pending"/);
  assert.match(view.html, /Cấp bản sao Trích lục hộ tịch \(Sở Tư pháp\)/);
  const changed = [...(/data-test="changes">([\s\S]*?)<\/dl>/.exec(view.html)[1]
    .matchAll(/<dt>([^<]*)<\/dt>/g))].map((m) => m[1]);
  assert.deepEqual(changed, ['Tên thủ tục'], 'only the name was changed');
  assert.doesNotMatch(view.html, /Duyệt và công khai/, 'the agency does not approve itself');

  const again = await postForm(srv.url, `/quan-tri/thu-tuc/${COPY}/sua`, fields, jars['stp.admin']);
  assert.equal(again.status, 409);
  assert.match(again.html, /đang có một bản sửa chờ/);
  assert.equal(drafts(), 1);
  const id = /(\d+)\?/.exec(sent.location)[1];
  const self = await postForm(srv.url, `/quan-tri/thu-tuc/ban-sua/${id}`,
    { csrf: view.csrf, action: 'duyet' }, jars['stp.admin']);
  assert.equal(self.status, 403);
});

test('the province admin returns with a comment, then approves the next draft', async () => {
  const list = await getForm(srv.url, '/quan-tri/thu-tuc/ban-sua', jars.tinh);
  assert.equal(list.status, 200);
  const id = /href="\/quan-tri\/thu-tuc\/ban-sua\/(\d+)"/.exec(list.html)[1];
  const page = await getForm(srv.url, `/quan-tri/thu-tuc/ban-sua/${id}`, jars.tinh);
  assert.match(page.html, /Duyệt và công khai/);
  assert.match(page.html, /Sửa tên thủ tục theo Quyết định công bố mới/);
  const noReason = await postForm(srv.url, `/quan-tri/thu-tuc/ban-sua/${id}`,
    { csrf: page.csrf, action: 'tra-lai', comment: '' }, jars.tinh);
  assert.equal(noReason.status, 422);
  assert.match(noReason.html, /ghi rõ điều cơ quan cần sửa/);
  const back = await postForm(srv.url, `/quan-tri/thu-tuc/ban-sua/${id}`,
    { csrf: page.csrf, action: 'tra-lai', comment: 'Ngày công khai phải sau ngày ký.' }, jars.tinh);
  assert.equal(back.status, 303);
  assert.equal(sql(srv, `SELECT status FROM procedure_drafts WHERE id = ${id}`), 'returned');
  const seen = await getForm(srv.url, `/quan-tri/thu-tuc/ban-sua/${id}`, jars['stp.admin']);
  assert.match(seen.html, /data-test="review-comment">Ngày công khai phải sau ngày ký/);

  const before = version(COPY);
  const form = await getForm(srv.url, `/quan-tri/thu-tuc/${COPY}/sua`, jars['stp.admin']);
  const sent = await postForm(srv.url, `/quan-tri/thu-tuc/${COPY}/sua`, {
    ...formFields(form.html), name: 'Cấp bản sao Trích lục hộ tịch (Sở Tư pháp)',
    pub_decision: '2026-02-02', pub_effective: '2026-02-20', pub_public: '2026-02-04',
    flag_eligible: '1', flag_fee: '1', flag_integrated: '1', note: 'Sửa theo ý kiến.',
  }, jars['stp.admin']);
  assert.equal(sent.status, 303, sent.html.slice(0, 800));
  const next = /(\d+)\?/.exec(sent.location)[1];
  const review = await getForm(srv.url, `/quan-tri/thu-tuc/ban-sua/${next}`, jars.tinh);
  const ok = await postForm(srv.url, `/quan-tri/thu-tuc/ban-sua/${next}`,
    { csrf: review.csrf, action: 'duyet', comment: '' }, jars.tinh);
  assert.equal(ok.status, 303, ok.html.slice(0, 800));
  assert.equal(version(COPY), before + 1);
  assert.equal(sql(srv, `SELECT status FROM procedure_drafts WHERE id = ${next}`), 'approved');
  assert.equal(Number(sql(srv, `SELECT version FROM procedure_drafts WHERE id = ${next}`)),
    before + 1);
  assert.equal(sql(srv, `SELECT eligible_full + fee_bearing + payment_integrated
    FROM procedure_publication WHERE procedure_code = '${COPY}'`), '3');
  const pub = await (await fetch(`${srv.url}/thu-tuc/${COPY}`)).text();
  assert.match(pub, /Cấp bản sao Trích lục hộ tịch \(Sở Tư pháp\)/);
  for (const action of ['catalog.draft', 'catalog.draft_return', 'catalog.draft_approve']) {
    assert.notEqual(sql(srv, `SELECT count(*) FROM audit_log WHERE action = '${action}'`), '0', action);
  }
  // The approved publication data feeds the index: decided 2 Feb, effective 20 Feb
  // (13 working days), public 4 Feb (2 working days later) -> both on time.
  const idx = await (await fetch(`${srv.url}/api/v1/index?period=2026-02&unit=T20.STP`)).json();
  const byKey = Object.fromEntries(idx.groups.flatMap((g) => g.indicators).map((i) => [i.key, i]));
  assert.deepEqual([byKey.cong_bo_dung_han.numerator, byKey.cong_bo_dung_han.denominator], [1, 1]);
  assert.deepEqual([byKey.cong_khai_dung_han.numerator, byKey.cong_khai_dung_han.denominator], [1, 1]);
  assert.deepEqual([byKey.tthc_tich_hop_tttt.numerator, byKey.tthc_tich_hop_tttt.denominator], [1, 1]);
});

test('form files: PDF only, by the agency that implements it, downloadable by anyone', async () => {
  const edit = await getForm(srv.url, `/quan-tri/thu-tuc/${COPY}/sua`, jars['stp.admin']);
  const upload = (code, title, bytes, name) => {
    const form = new FormData();
    form.append('csrf', edit.csrf);
    form.append('title', title);
    form.append('file', new Blob([bytes]), name);
    return postMultipart(srv, `/quan-tri/thu-tuc/${code}/mau`, form, jars['stp.admin']);
  };
  const text = await upload(COPY, 'Tờ khai', Buffer.from('không phải PDF'), 'to-khai.docx');
  assert.equal(text.status, 422);
  assert.match(text.html, /PDF/);
  const other = await upload(LICENCE, 'Tờ khai đổi giấy phép', pdfBytes('gplx'), 'gplx.pdf');
  assert.equal(other.status, 403);
  const ok = await upload(COPY, 'Tờ khai cấp bản sao trích lục hộ tịch', pdfBytes('to-khai'),
    'to-khai-trich-luc.pdf');
  assert.equal(ok.status, 303, ok.html.slice(0, 500));
  assert.equal(sql(srv, 'SELECT count(*) FROM procedure_forms'), '1');
  const page = await (await fetch(`${srv.url}/thu-tuc/${COPY}`)).text();
  const href = /href="(\/thu-tuc\/[^"]+\/mau\/\d+)"/.exec(page)[1];
  assert.match(page, /Tờ khai cấp bản sao trích lục hộ tịch/);
  const file = await fetch(`${srv.url}${href}`);
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('content-type'), 'application/pdf');
  assert.match(Buffer.from(await file.arrayBuffer()).toString('latin1'), /% to-khai/);
  const id = /(\d+)$/.exec(href)[1];
  const gone = await postForm(srv.url, `/quan-tri/thu-tuc/${COPY}/mau/${id}/xoa`,
    { csrf: edit.csrf }, jars['stp.admin']);
  assert.equal(gone.status, 303);
  assert.equal((await fetch(`${srv.url}${href}`)).status, 404);
  const after = await (await fetch(`${srv.url}/thu-tuc/${COPY}`)).text();
  assert.doesNotMatch(after, /Tờ khai cấp bản sao trích lục hộ tịch/, 'the cached page follows');
});

test('the e-form is edited with a preview that saves nothing', async () => {
  const before = version(COPY);
  const form = await getForm(srv.url, `/quan-tri/thu-tuc/${COPY}/sua`, jars['stp.admin']);
  const spec = JSON.stringify({ fields: [
    { key: 'ho_ten', label: 'Họ và tên người yêu cầu', required: true },
    { key: 'so_ban', label: 'Số bản sao cần cấp', required: true, type: 'number', min: 1, max: 10 },
  ] });
  const bad = await postForm(srv.url, `/quan-tri/thu-tuc/${COPY}/sua`,
    { ...formFields(form.html), eform: '{"fields": [', preview: '1' }, jars['stp.admin']);
  assert.equal(bad.status, 422);
  assert.match(bad.html, /không phải JSON hợp lệ/);
  const shown = await postForm(srv.url, `/quan-tri/thu-tuc/${COPY}/sua`,
    { ...formFields(form.html), eform: spec, preview: '1' }, jars['stp.admin']);
  assert.equal(shown.status, 200, shown.html.slice(0, 500));
  const preview = /data-test="eform-preview"[\s\S]*?<\/section>/.exec(shown.html)[0];
  assert.match(preview, /Họ và tên người yêu cầu/);
  assert.match(preview, /name="f_so_ban"/);
  assert.equal(version(COPY), before);
  assert.equal(drafts(), 2, 'a preview files no draft');
});
