// The province admin edits the texts of the transactional messages at
// /quan-tri/mau-tin: unknown placeholders and over-long SMS are refused in
// Vietnamese, a preview shows the SMS's parts with and without diacritics,
// every save is a new version, and the next notice uses it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, getForm, postForm } from './lib/server.mjs';
import {
  AGENCY, act, addStaff, csrfOf, dossierRow, loadAgencies, registerCitizen, serverClock,
  sqlRows, staffLogin, submitDossier,
} from './lib/dossier-helpers.mjs';

const NOW = '2026-03-02T09:00:00+07:00';
let srv;
let admin;
let reception;

before(async () => {
  srv = await startServer({ env: { MOTCUA_NOW: NOW } });
  loadAgencies(srv);
  addStaff(srv, 'qtt', 'Vi Văn Quang', 'province_admin', 'T20.VP');
  addStaff(srv, 'tn', 'Nguyễn Thị Hoa', 'reception', AGENCY);
  admin = await staffLogin(srv, 'qtt', serverClock(NOW));
  reception = await staffLogin(srv, 'tn', serverClock(NOW));
});

after(async () => { await srv?.stop(); });

const PATH = '/quan-tri/mau-tin/dossier.refused';

test('the list names every kind; only the province admin may open it', async () => {
  const list = await getForm(srv.url, '/quan-tri/mau-tin', admin);
  assert.equal(list.status, 200);
  assert.match(list.html, /Hồ sơ không được tiếp nhận<\/a> – nội dung mặc định/);
  const home = await getForm(srv.url, '/quan-tri', admin);
  assert.match(home.html, /href="\/quan-tri\/mau-tin"/);
  const other = await getForm(srv.url, '/quan-tri/mau-tin', reception);
  assert.equal(other.status, 403);
  const none = await getForm(srv.url, '/quan-tri/mau-tin/khong-co', admin);
  assert.equal(none.status, 404);
});

test('unknown placeholders and over-long SMS are refused and nothing is saved', async () => {
  const page = await getForm(srv.url, PATH, admin);
  assert.match(page.html, /\{ma_ho_so\}/);
  let res = await postForm(srv.url, PATH, { csrf: page.csrf, subject: 'Tiêu đề',
    body: 'Hồ sơ {ma_hs} không được tiếp nhận', luu: '1' }, admin);
  assert.equal(res.status, 422);
  assert.match(res.html, /Tham số \{ma_hs\} không có trong mẫu tin này\./);
  res = await postForm(srv.url, PATH, { csrf: page.csrf, subject: 'Tiêu đề',
    body: 'Hồ sơ bị từ chối. '.repeat(20), luu: '1' }, admin);
  assert.equal(res.status, 422);
  assert.match(res.html, /Tin SMS quá dài: \d+ phần, tối đa 4 phần/);
  assert.equal(sqlRows(srv, 'SELECT COUNT(*) AS n FROM notify_templates')[0].n, 0);
});

test('a preview shows the sample text and its SMS parts with and without diacritics',
  async () => {
    const page = await getForm(srv.url, PATH, admin);
    const res = await postForm(srv.url, PATH, { csrf: page.csrf, subject: 'Hồ sơ bị từ chối',
      body: 'Hồ sơ {ma_ho_so} không được tiếp nhận. Lý do: {ghi_chu}', 'xem-truoc': '1' },
    admin);
    assert.equal(res.status, 200);
    assert.match(res.html, /Hồ sơ T20\.STP-260303-0001 không được tiếp nhận\. Lý do: Thiếu bản sao CCCD/);
    assert.match(res.html, /data-test="sms-figures">Tin SMS có dấu: UCS-2 \(có dấu\), 73 ký tự, 2 phần tin/);
    assert.match(res.html, /Ho so T20\.STP-260303-0001 khong duoc tiep nhan\. Ly do: Thieu ban sao CCCD/);
    assert.match(res.html, /data-test="sms-plain-figures">Tin SMS không dấu: GSM-7, 73 ký tự, 1 phần tin/);
    assert.equal(sqlRows(srv, 'SELECT COUNT(*) AS n FROM notify_templates')[0].n, 0);
  });

test('saving makes version 1, then 2; the next notice uses the latest, without diacritics by SMS',
  async () => {
    let page = await getForm(srv.url, PATH, admin);
    let res = await postForm(srv.url, PATH, { csrf: page.csrf, subject: 'Hồ sơ bị từ chối',
      body: 'Phiên bản một {ma_ho_so}', luu: '1' }, admin);
    assert.equal(res.status, 303);
    page = await getForm(srv.url, PATH, admin);
    res = await postForm(srv.url, PATH, { csrf: page.csrf, subject: 'Hồ sơ bị từ chối',
      body: 'Hồ sơ {ma_ho_so} không được tiếp nhận. Lý do: {ghi_chu}', sms_plain: '1',
      luu: '1' }, admin);
    assert.equal(res.status, 303);
    const versions = sqlRows(srv, "SELECT version, sms_plain FROM notify_templates " +
      "WHERE kind = 'dossier.refused' ORDER BY version");
    assert.deepEqual(versions, [{ version: 1, sms_plain: 0 }, { version: 2, sms_plain: 1 }]);
    assert.equal(sqlRows(srv,
      "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'notify.template'")[0].n, 2);
    const list = await getForm(srv.url, '/quan-tri/mau-tin', admin);
    assert.match(list.html, /Hồ sơ không được tiếp nhận<\/a> – phiên bản 2/);

    const citizen = await registerCitizen(srv, 'Hoàng Thị Lan');
    const sub = await submitDossier(srv, citizen.jar);
    assert.equal(sub.status, 303);
    const code = decodeURIComponent(/\/ho-so\/([^/?]+)/.exec(sub.location)[1]);
    const d = dossierRow(srv, code);
    const csrf = await csrfOf(srv, reception);
    const r = await act(srv, reception, csrf, code,
      { action: 'refuse', version: d.version, note: 'Thiếu bản sao CCCD' });
    assert.ok([200, 303].includes(r.status), `refuse: ${r.status}`);
    const [m] = sqlRows(srv, `SELECT channel, subject, body, ref FROM notify_outbox
      WHERE kind = 'dossier.notice' AND ref = '${code}'`);
    assert.equal(m.channel, 'sms');
    assert.equal(m.subject, 'Hồ sơ bị từ chối');
    assert.equal(m.body, `Ho so ${code} khong duoc tiep nhan. Ly do: Thieu ban sao CCCD`);
  });
