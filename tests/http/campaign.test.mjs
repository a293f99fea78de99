// Outreach campaigns (/quan-tri/chien-dich) against the stand-in SMS gateway
// (tests/http/lib/fake-gateways.mjs): refusals with nothing stored, the
// audience "counter users of procedures now fully online" and its size,
// the control group held back, approval by a leader before anything is
// sent, messages through the outbox with the campaign and agency, signed
// short links counting unique clicks, conversion against the control
// group, the xlsx export, and a throttle holding messages back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { startServer, dbRows, getForm, postForm, cookieHeader } from './lib/server.mjs';
import { loadAgencies, addStaff, staffLogin, serverClock, unseal }
  from './lib/feedback-helpers.mjs';
import { startFakeEsms } from './lib/fake-gateways.mjs';
import { postMultipart } from './lib/dossier-helpers.mjs';

const NOW = '2026-03-03T10:00:00+07:00';   // outreach is held in quiet hours: start at ten
const PROC = '2.000635';                    // made "toàn trình" below
const OTHER_PROC = '1.001193';              // stays not online
const DAY = 86400;

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(what, fn, ms = 40000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const q = (s) => `'${String(s).replace(/'/g, "''")}'`;

let srv; let sms; let clock; let admin; let leader; let otherLeader; let sentId;
const people = [];   // { id, phone, unit }

function sql(query) {
  return dbRows(srv.db, query);
}

/** A citizen account (phone stored as plain text, which the platform reads as sealed). */
function citizen(n, unit, cccd) {
  const phone = `09130000${String(n).padStart(2, '0')}`;
  sql(`INSERT INTO users (kind, login, full_name, cccd, phone, password_hash, created_at,
    home_unit) VALUES ('citizen', ${q(cccd)}, ${q(`Người dân ${n}`)}, ${q(cccd)},
    ${q(phone)}, 'x', 1, ${q(unit)})`);
  const [{ id }] = sql(`SELECT id FROM users WHERE login = ${q(cccd)}`);
  return { id, phone, unit };
}

let dossierSeq = 0;
function dossier(userId, proc, channel, at) {
  dossierSeq += 1;
  sql(`INSERT INTO dossiers (code, procedure_code, agency_code, applicant_id, channel, status,
    submitted_at, created_at, updated_at) VALUES (${q(`T-${dossierSeq}`)}, ${q(proc)},
    'T20.STP', ${userId}, ${channel}, 10, ${Math.floor(at)}, ${Math.floor(at)},
    ${Math.floor(at)})`);
}

before(async () => {
  sms = await startFakeEsms({ apiKey: 'k1', secretKey: 's1' });
  const port = await freePort();
  srv = await startServer({
    args: ['--port', String(port)],
    env: {
      MOTCUA_NOW: NOW, MOTCUA_PUBLIC_URL: `http://127.0.0.1:${port}`,
      MOTCUA_SMS_URL: sms.url, MOTCUA_SMS_USER: 'k1', MOTCUA_SMS_PASS: 's1',
      MOTCUA_SMS_BRANDNAME: 'TINH-TEST',
    },
  });
  clock = serverClock(NOW);
  loadAgencies(srv);
  addStaff(srv, 'qt.stp', 'Quản trị Sở Tư pháp', 'agency_admin', 'T20.STP');
  addStaff(srv, 'ld.stp', 'Lãnh đạo Sở Tư pháp', 'approver', 'T20.STP');
  addStaff(srv, 'ld.sxd', 'Lãnh đạo Sở Xây dựng', 'approver', 'T20.SXD');
  addStaff(srv, 'qt.tinh', 'Quản trị tỉnh', 'province_admin', 'T20.VP');
  sql(`UPDATE procedures SET online_level = 3 WHERE code = ${q(PROC)}`);
  const now = clock();
  // ten counter users of a procedure now fully online, in two communes,
  // born in 1990 (CCCD digits 4-6 "090") or 2005 ("205")
  for (let i = 1; i <= 10; i += 1) {
    const cccd = i <= 5 ? `00109000${String(1000 + i)}` : `00120500${String(1000 + i)}`;
    const p = citizen(i, i % 2 ? '05977' : '06184', cccd);
    dossier(p.id, PROC, 1, now - 30 * DAY);
    people.push(p);
  }
  // not in the audience: a counter user of a procedure that is not online, one
  // from 13 months ago, one online user, and one who refused outreach
  dossier(citizen(11, '05977', '001090002011').id, OTHER_PROC, 1, now - 30 * DAY);
  dossier(citizen(12, '05977', '001090002012').id, PROC, 1, now - 400 * DAY);
  dossier(citizen(13, '05977', '001090002013').id, PROC, 2, now - 30 * DAY);
  const refused = citizen(14, '05977', '001090002014');
  dossier(refused.id, PROC, 1, now - 30 * DAY);
  sql(`INSERT INTO notify_prefs (user_id, opt_out, updated_at) VALUES (${refused.id}, 1, 1)`);
  admin = await staffLogin(srv, 'qt.stp', clock);
  leader = await staffLogin(srv, 'ld.stp', clock);
  otherLeader = await staffLogin(srv, 'ld.sxd', clock);
});

after(async () => {
  await srv?.stop();
  await sms?.close();
});

const BODY = 'Kinh gui {ho_ten}: thu tuc ban da lam tai mot cua nay nop truc tuyen duoc. ' +
  'Xem: {lien_ket}';

async function create(fields) {
  const page = await getForm(srv.url, '/quan-tri/chien-dich', admin);
  assert.equal(page.status, 200);
  return postForm(srv.url, '/quan-tri/chien-dich', {
    csrf: page.csrf, name: 'Một cửa sang trực tuyến', audience: 'counter_online',
    channel: 'sms', body: BODY, target_path: '/thu-tuc', control_pct: '20',
    window_days: '30', throttle: '0', ...fields,
  }, admin);
}

function campaignCount() {
  return Number(sql('SELECT COUNT(*) AS n FROM campaigns')[0].n);
}

async function action(jar, id, name) {
  const page = await getForm(srv.url, `/quan-tri/chien-dich/${id}`, jar);
  const csrf = page.csrf || (await getForm(srv.url, '/quan-tri/chien-dich', jar)).csrf;
  return postForm(srv.url, `/quan-tri/chien-dich/${id}/thao-tac`, { csrf, action: name }, jar);
}

test('bad campaigns are refused with a Vietnamese reason and store nothing', async () => {
  const before = campaignCount();
  const cases = [
    [{ body: 'Kinh gui {ho_ten}, ma {ma_ho_so}' }, /Tham số \{ma_ho_so\} không có/],
    [{ body: 'Thủ tục trực tuyến '.repeat(40) }, /Tin SMS quá dài/],
    [{ audience: 'list', list: 'dien_thoai,ho_ten\n0913999001,An\n' }, /không có cột dong_y/],
    [{ audience: 'commune', commune: '06211' }, /Không có người nhận nào/],
    [{ audience: 'commune', commune: '' }, /Hãy chọn xã, phường trong danh sách/],
    [{ audience: 'age', age: '30-18' }, /Độ tuổi ghi dạng 18-30/],
    [{ target_path: 'https://lua-dao.example/l' }, /phải dẫn đến một trang của cổng này/],
    [{ target_path: '//lua-dao.example' }, /phải dẫn đến một trang của cổng này/],
    [{ control_pct: '90' }, /nhóm đối chứng là số từ 0 đến 50/],
  ];
  for (const [fields, message] of cases) {
    const r = await create(fields);
    assert.equal(r.status, 422, JSON.stringify(fields));
    assert.match(r.html, message);
  }
  assert.equal(campaignCount(), before);
  assert.equal(Number(sql('SELECT COUNT(*) AS n FROM notify_outbox WHERE campaign_id IS NOT NULL')[0].n), 0);
});

test('a list comes as a CSV file too; a file that is not UTF-8 is refused and stores nothing',
  async () => {
    const send = async (bytes) => {
      const page = await getForm(srv.url, '/quan-tri/chien-dich', admin);
      assert.match(page.html, /enctype="multipart\/form-data"/);
      const form = new FormData();
      const fields = { csrf: page.csrf, name: 'Danh sách từ tệp', audience: 'list',
        channel: 'sms', body: BODY, target_path: '/thu-tuc', control_pct: '0',
        window_days: '30', throttle: '0', list: '' };
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      form.append('list_file', new Blob([bytes], { type: 'text/csv' }), 'danh-sach.csv');
      return postMultipart(srv, '/quan-tri/chien-dich', form, admin);
    };
    const before = campaignCount();
    const consents = () => Number(sql(`SELECT COUNT(*) AS n FROM notify_consent
      WHERE source = 'import' AND granted = 1 AND purpose = 'outreach'`)[0].n);
    const consentsBefore = consents();
    // Windows-1258 bytes, as an older Excel saves them: refused with the way out
    const latin = Buffer.from('dien_thoai,ho_ten,dong_y\n0913999011,Nguy\xeau,c\xf3\n', 'latin1');
    let r = await send(latin);
    assert.equal(r.status, 422);
    assert.match(r.html, /phải là CSV mã hóa UTF-8/);
    assert.equal(campaignCount(), before);
    // UTF-8 with the byte order mark Excel writes, consent in words
    const csv = '\ufeffdien_thoai,ho_ten,dong_y\r\n0913999011,Nguyễn Văn Tệp,Có\r\n' +
      '0913999012,Trần Thị Tệp,không\r\n';
    r = await send(Buffer.from(csv, 'utf8'));
    assert.equal(r.status, 303, r.html.slice(0, 300));
    const id = /\/quan-tri\/chien-dich\/(\d+)/.exec(r.location)[1];
    const row = sql(`SELECT size, skipped FROM campaigns WHERE id = ${id}`)[0];
    assert.deepEqual([Number(row.size), Number(row.skipped)], [1, 1]);
    const to = sql(`SELECT recipient FROM campaign_recipients WHERE campaign_id = ${id}`)
      .map((x) => unseal(srv, x.recipient));
    assert.deepEqual(to, ['0913999011']);
    // the consent the list gave is kept, with its time, for the one who said yes
    assert.equal(consents(), consentsBefore + 1);
    const [c] = sql(`SELECT addr_hash, at FROM notify_consent WHERE source = 'import'
      ORDER BY id DESC LIMIT 1`);
    assert.match(c.addr_hash, /^[0-9a-f]{64}$/);
    assert.ok(Number(c.at) > 0);
  });

test('audiences: a consented list, an age band from the CCCD, a commune, drafts, businesses', async () => {
  const list = 'dien_thoai,ho_ten,dong_y\n0913999001,An,có\n0913999002,Bình,không\n' +
    '0913999003,Chi,1\n0913999004,Dũng,\n0913999005,Giang,CÓ\n0913999006,Hà, Đồng Ý \n';
  let r = await create({ name: 'Danh sách', audience: 'list', list, control_pct: '0' });
  assert.equal(r.status, 303);
  let id = /\/quan-tri\/chien-dich\/(\d+)/.exec(r.location)[1];
  let row = sql(`SELECT size, skipped FROM campaigns WHERE id = ${id}`)[0];
  // yes in any case, with or without accents; "không" and an empty cell are no
  assert.deepEqual([Number(row.size), Number(row.skipped)], [4, 2]);
  r = await create({ name: 'Tuổi', audience: 'age', age: '18-25', control_pct: '0' });
  assert.equal(r.status, 303);
  id = /\/quan-tri\/chien-dich\/(\d+)/.exec(r.location)[1];
  // born 2005 (people 6-10) are 21 in 2026; those born 1990 are 36
  const phones = sql(`SELECT recipient FROM campaign_recipients WHERE campaign_id = ${id}`)
    .map((x) => unseal(srv, x.recipient)).sort();
  assert.deepEqual(phones, people.slice(5).map((p) => p.phone));
  r = await create({ name: 'Xã', audience: 'commune', commune: '06184', control_pct: '0' });
  assert.equal(r.status, 303);
  id = /\/quan-tri\/chien-dich\/(\d+)/.exec(r.location)[1];
  row = sql(`SELECT size FROM campaigns WHERE id = ${id}`)[0];
  assert.equal(Number(row.size), 5);
  // staff read the commune by name, on the form and on the campaign
  let page = await getForm(srv.url, `/quan-tri/chien-dich/${id}`, admin);
  assert.match(page.html, /\(Xã Đồng Đăng\)/);
  assert.doesNotMatch(page.html, /06184/);
  page = await getForm(srv.url, '/quan-tri/chien-dich', admin);
  assert.match(page.html, /<option value="06184">Xã Đồng Đăng<\/option>/);
  // a draft left for ten days counts, one touched yesterday does not
  const now = Math.floor(clock());
  sql(`INSERT INTO dossier_drafts (applicant_id, procedure_code, agency_code, created_at,
    updated_at) VALUES (${people[0].id}, ${q(PROC)}, 'T20.STP', ${now - 10 * DAY},
    ${now - 10 * DAY}), (${people[1].id}, ${q(PROC)}, 'T20.STP', ${now - DAY}, ${now - DAY})`);
  r = await create({ name: 'Nháp', audience: 'drafts', control_pct: '0' });
  assert.equal(r.status, 303);
  id = /\/quan-tri\/chien-dich\/(\d+)/.exec(r.location)[1];
  assert.deepEqual(sql(`SELECT recipient FROM campaign_recipients WHERE campaign_id = ${id}`)
    .map((x) => unseal(srv, x.recipient)), [people[0].phone]);
  sql(`INSERT INTO users (kind, login, full_name, tax_code, phone, password_hash, created_at)
    VALUES ('business', '0101234567', 'Công ty Hoa Mai', '0101234567', '0243999111', 'x', 1)`);
  r = await create({ name: 'Doanh nghiệp', audience: 'business', control_pct: '0' });
  assert.equal(r.status, 303);
  id = /\/quan-tri\/chien-dich\/(\d+)/.exec(r.location)[1];
  assert.deepEqual(sql(`SELECT recipient, name FROM campaign_recipients WHERE campaign_id = ${id}`)
    .map((x) => ({ ...x, recipient: unseal(srv, x.recipient) })),
  [{ recipient: '0243999111', name: 'Công ty Hoa Mai' }]);
});

test('a leader approves before anything is sent; the control group is held back; clicks ' +
  'and conversions are counted', async () => {
  const r = await create({});
  assert.equal(r.status, 303);
  const id = /\/quan-tri\/chien-dich\/(\d+)/.exec(r.location)[1];
  sentId = id;
  let page = await getForm(srv.url, `/quan-tri/chien-dich/${id}`, admin);
  assert.equal(page.status, 200);
  // size shown before sending: ten counter users, two (20%) held back
  assert.match(page.html, /data-size="10"/);
  assert.match(page.html, /data-test="control">2</);
  // nothing sent yet: no share, difference or cost per conversion to show
  assert.match(page.html, /data-test="uplift">chưa có dữ liệu</);
  assert.match(page.html, /\/8 \(chưa có dữ liệu\); nhóm đối chứng/);
  assert.match(page.html, /chưa có chuyển đổi nào\)/);
  const ctl = sql(`SELECT recipient FROM campaign_recipients WHERE campaign_id = ${id}
    AND control = 1`).map((x) => unseal(srv, x.recipient));
  assert.equal(ctl.length, 2);

  // sending before approval is refused, nothing queued
  let res = await action(admin, id, 'gui');
  assert.equal(res.status, 409);
  assert.match(res.html, /chưa được lãnh đạo duyệt/);
  // the author's colleague who is no leader, and another agency's leader, cannot approve
  res = await action(admin, id, 'duyet');
  assert.equal(res.status, 403);
  res = await action(otherLeader, id, 'duyet');
  assert.equal(res.status, 403);
  await new Promise((done) => setTimeout(done, 6000));   // a round of the sending task
  assert.equal(Number(sql(`SELECT COUNT(*) AS n FROM notify_outbox WHERE campaign_id = ${id}`)[0].n), 0);
  assert.equal(sms.requests.length, 0);

  // the leader's staff home counts it and links to what waits for them
  const drafts = Number(sql(`SELECT COUNT(*) AS n FROM campaigns WHERE state = 'draft'
    AND agency_code = 'T20.STP'`)[0].n);
  assert.ok(drafts >= 1);
  const home = await getForm(srv.url, '/quan-tri', leader);
  assert.match(home.html, new RegExp('href="/quan-tri/chien-dich\\?loc=cho-duyet">Chiến dịch ' +
    `chờ duyệt</a> <span class="count[^"]*">${drafts} chiến dịch<`));
  let waiting = await getForm(srv.url, '/quan-tri/chien-dich?loc=cho-duyet', leader);
  assert.match(waiting.html, new RegExp(`data-campaign="${id}"`));
  res = await action(leader, id, 'duyet');
  assert.equal(res.status, 303);
  waiting = await getForm(srv.url, '/quan-tri/chien-dich?loc=cho-duyet', leader);
  assert.doesNotMatch(waiting.html, new RegExp(`data-campaign="${id}"`));
  assert.equal(sql(`SELECT state FROM campaigns WHERE id = ${id}`)[0].state, 'approved');
  const audit = sql(`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'campaign.approve'`);
  assert.equal(Number(audit[0].n), 1);
  res = await action(admin, id, 'gui');
  assert.equal(res.status, 303);

  // eight messages through the outbox, each with the campaign and the agency
  const rows = await waitFor('eight delivered', () => {
    const x = sql(`SELECT recipient, state, agency_code, idem_key FROM notify_outbox
      WHERE campaign_id = ${id}`);
    return x.length === 8 && x.every((m) => m.state === 'delivered') ? x : null;
  });
  assert.ok(rows.every((m) => m.agency_code === 'T20.STP'));
  assert.equal(new Set(rows.map((m) => m.idem_key)).size, 8);
  const sentTo = sms.requests.map((x) => x.Phone);
  for (const phone of ctl) assert.ok(!sentTo.includes(phone), 'control group held back');
  assert.ok(!sentTo.includes('0913000014'), 'opted out');
  assert.equal(new Set(sentTo).size, 8);
  await waitFor('sent', () => sql(`SELECT state FROM campaigns WHERE id = ${id}`)[0].state === 'sent');

  // the link: signed, on our own address, counts a click once per person
  const first = sms.requests[0];
  const m = /(http:\/\/127\.0\.0\.1:\d+)\/l\/([A-Za-z0-9_-]{22})/.exec(first.Content);
  assert.ok(m, first.Content);
  assert.equal(m[1], srv.url);
  const token = m[2];
  for (let i = 0; i < 2; i += 1) {
    const hit = await fetch(`${srv.url}/l/${token}`, { redirect: 'manual' });
    assert.equal(hit.status, 303);
    assert.equal(hit.headers.get('location'), '/thu-tuc');
  }
  const forged = token.slice(0, 21) + (token[21] === 'A' ? 'B' : 'A');
  for (const bad of [forged, 'A'.repeat(22), 'khong-hop-le']) {
    const hit = await fetch(`${srv.url}/l/${bad}`, { redirect: 'manual' });
    assert.equal(hit.status, 404);
  }
  const clicked = sql(`SELECT recipient, clicks FROM campaign_recipients WHERE campaign_id = ${id}
    AND clicked_at IS NOT NULL`);
  assert.equal(clicked.length, 1);
  assert.equal(unseal(srv, clicked[0].recipient), first.Phone);
  assert.equal(Number(clicked[0].clicks), 2);

  // conversion: the clicker and one control person lodge online; a third
  // recipient lodged only at the counter again
  const byPhone = Object.fromEntries(people.map((p) => [p.phone, p]));
  dossier(byPhone[first.Phone].id, PROC, 2, clock() + 60);
  dossier(byPhone[ctl[0]].id, PROC, 2, clock() + 60);
  const third = sentTo.find((p) => p !== first.Phone);
  dossier(byPhone[third].id, PROC, 1, clock() + 60);
  page = await getForm(srv.url, `/quan-tri/chien-dich/${id}`, leader);
  assert.equal(page.status, 200);
  assert.match(page.html, /data-test="sent">8</);
  assert.match(page.html, /data-state="sent">Đã gửi xong</);
  assert.doesNotMatch(page.html, /data-test="waiting"/);
  assert.match(page.html, /data-test="delivered">8</);
  assert.match(page.html, /data-test="clicks">1</);
  assert.match(page.html, /data-test="conv-treated">1</);
  assert.match(page.html, /data-test="conv-control">1</);
  // 1 of 8 (12,5%) against 1 of 2 (50%)
  assert.match(page.html, /12,5%/);
  assert.match(page.html, /data-test="uplift">-37,5 điểm/);
  assert.match(page.html, /Phường Đông Kinh/);

  const x = await fetch(`${srv.url}/quan-tri/chien-dich/${id}/ket-qua.xlsx`,
    { headers: { cookie: cookieHeader(leader) } });
  assert.equal(x.status, 200);
  const bytes = Buffer.from(await x.arrayBuffer());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK');
});

test('a test send goes to the author only; prices per channel give the cost', async () => {
  const r = await create({ name: 'Gửi thử' });
  const id = /\/quan-tri\/chien-dich\/(\d+)/.exec(r.location)[1];
  // the leader sees the campaign but does not send it, not even a test
  sql("UPDATE users SET phone = '0913999998' WHERE login = 'ld.stp'");
  let res = await action(leader, id, 'thu');
  assert.equal(res.status, 403);
  assert.match(res.html, /Chỉ quản trị của cơ quan gửi tin được gửi thử/);
  // the author has no phone yet: refused, nothing queued
  res = await action(admin, id, 'thu');
  assert.equal(res.status, 422);
  assert.match(res.html, /chưa có địa chỉ cho kênh này/);
  sql("UPDATE users SET phone = '0913999999' WHERE login = 'qt.stp'");
  res = await action(admin, id, 'thu');
  assert.equal(res.status, 303);
  const rows = sql(`SELECT recipient, transactional, campaign_id FROM notify_outbox
    WHERE kind = 'campaign.test'`);
  assert.equal(rows.length, 1);
  assert.match(rows[0].recipient, /^enc1:/, 'the address is sealed at rest');
  assert.equal(unseal(srv, rows[0].recipient), '0913999999');
  assert.equal(rows[0].campaign_id, null);
  assert.equal(sql(`SELECT state FROM campaigns WHERE id = ${id}`)[0].state, 'draft');

  // only the province admin sets prices; the cost follows the messages sent
  let page = await getForm(srv.url, '/quan-tri/chien-dich', admin);
  res = await postForm(srv.url, '/quan-tri/chien-dich/gia', { csrf: page.csrf, channel: 'sms',
    dong: '500' }, admin);
  assert.equal(res.status, 403);
  const province = await staffLogin(srv, 'qt.tinh', clock);
  page = await getForm(srv.url, '/quan-tri/chien-dich', province);
  res = await postForm(srv.url, '/quan-tri/chien-dich/gia', { csrf: page.csrf, channel: 'sms',
    dong: 'năm trăm' }, province);
  assert.equal(res.status, 422);
  res = await postForm(srv.url, '/quan-tri/chien-dich/gia', { csrf: page.csrf, channel: 'sms',
    dong: '500' }, province);
  assert.equal(res.status, 303);
  page = await getForm(srv.url, `/quan-tri/chien-dich/${sentId}`, province);
  // eight messages at 500 đồng; one conversion among those sent to
  assert.match(page.html, /data-test="cost">4\.000 đồng \(500 đồng mỗi tin; 4\.000 đồng mỗi chuyển đổi\)/);
});

test('a throttle queues at most its number of messages in a minute', async () => {
  const r = await create({ name: 'Gửi chậm', control_pct: '0', throttle: '4' });
  assert.equal(r.status, 303);
  const id = /\/quan-tri\/chien-dich\/(\d+)/.exec(r.location)[1];
  assert.equal((await action(leader, id, 'duyet')).status, 303);
  assert.equal((await action(admin, id, 'gui')).status, 303);
  const queued = () => Number(sql(`SELECT COUNT(*) AS n FROM notify_outbox
    WHERE campaign_id = ${id}`)[0].n);
  await waitFor('the first four queued', () => queued() >= 4);
  await new Promise((done) => setTimeout(done, 6000));   // a later round of the sending task
  assert.equal(queued(), 4);
  assert.equal(Number(sql(`SELECT COUNT(*) AS n FROM campaign_recipients WHERE campaign_id = ${id}
    AND outbox_id IS NOT NULL`)[0].n), 4);
  assert.equal(sql(`SELECT state FROM campaigns WHERE id = ${id}`)[0].state, 'sending');
  // the page says it is still sending, and why messages wait
  const page = await getForm(srv.url, `/quan-tri/chien-dich/${id}`, admin);
  assert.match(page.html, /data-state="sending">Đang gửi</);
  assert.match(page.html, /data-test="waiting">Còn tin đang chờ gửi/);
});
