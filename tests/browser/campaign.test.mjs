// campaign.test.mjs - an outreach campaign in the browser: a leader approves a
// campaign built from "people who used the counter for a procedure that is
// now fully online"; it is sent to the stand-in SMS gateway; a recipient
// follows the link in the SMS and lodges a dossier online; the campaign page
// then shows the delivery, the click and the conversion against the control
// group, at 360 px without sideways scrolling and with no serious axe
// violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { startServer, dbRows, getForm, postForm } from '../http/lib/server.mjs';
import {
  AGENCY, PROCEDURE, PASSWORD, addStaff, loadAgencies, serverClock, staffLogin, freshTotp,
  submitDossier,
} from '../http/lib/dossier-helpers.mjs';
import { startFakeEsms } from '../http/lib/fake-gateways.mjs';
import { launch } from './lib/browser.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const NOW = '2026-03-03T10:00:00+07:00';
let srv; let sms; let chrome; let clock; let admin;
const citizen = { cccd: '001090054321', phone: '0915000001', name: 'Hoàng Thị Lan' };

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
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const sql = (q) => dbRows(srv.db, q);

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
  addStaff(srv, 'quantri', 'Trần Minh Quân', 'agency_admin', AGENCY);
  addStaff(srv, 'lanhdao', 'Hoàng Văn Thắng', 'approver', AGENCY);
  chrome = await launch();

  // The citizen registers and proves the phone with the code the gateway got.
  const jar = {};
  const { csrf } = await getForm(srv.url, '/dang-ky', jar);
  const reg = await postForm(srv.url, '/dang-ky', { csrf, kind: 'citizen', dong_y: '1',
    full_name: citizen.name, cccd: citizen.cccd, phone: citizen.phone, email: '',
    password: PASSWORD, password2: PASSWORD }, jar);
  assert.equal(reg.status, 303);
  const code = await waitFor('the account code', () => {
    const m = sms.requests.find((x) => x.Phone === citizen.phone);
    return m && /(\d{6})/.exec(m.Content)?.[1];
  });
  const form = await getForm(srv.url, '/tai-khoan/xac-minh', jar);
  const ok = await postForm(srv.url, '/tai-khoan/xac-minh', { csrf: form.csrf, kenh: 'phone',
    code }, jar);
  assert.equal(ok.status, 303);
  citizen.jar = jar;
  citizen.id = sql(`SELECT id FROM users WHERE full_name = '${citizen.name}'`)[0].id;

  // A year of counter dossiers: the citizen and nine neighbours lodged the
  // procedure at the one-stop desk; it has since become fully online.
  sql(`UPDATE procedures SET online_level = 3 WHERE code = '${PROCEDURE}'`);
  const at = Math.floor(clock()) - 40 * 86400;
  for (let i = 0; i <= 9; i += 1) {
    let uid = citizen.id;
    if (i > 0) {
      const cccd = `00109000${2000 + i}`;
      sql(`INSERT INTO users (kind, login, full_name, phone, password_hash, created_at,
        home_unit) VALUES ('citizen', '${cccd}', 'Người dân ${i}', '09150001${10 + i}', 'x', 1,
        '${i % 2 ? '05977' : '06184'}')`);
      uid = sql(`SELECT id FROM users WHERE login = '${cccd}'`)[0].id;
    }
    sql(`INSERT INTO dossiers (code, procedure_code, agency_code, applicant_id, channel, status,
      submitted_at, created_at, updated_at) VALUES ('MC-${i}', '${PROCEDURE}', '${AGENCY}',
      ${uid}, 1, 10, ${at}, ${at}, ${at})`);
  }
  admin = await staffLogin(srv, 'quantri', clock);
});

after(async () => {
  await chrome?.close();
  await srv?.stop();
  await sms?.close();
});

async function signIn(login, width) {
  const page = await chrome.newPage({ viewport: { width, height: 800 }, bypassCSP: true });
  await page.goto(`${srv.url}/dang-nhap`);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await Promise.all([page.waitForNavigation(),
    page.locator('form:has(input[name="password"]) [type="submit"]').click()]);
  await page.locator('input[name="code"]').fill(await freshTotp(srv, login, clock));
  await Promise.all([page.waitForNavigation(),
    page.locator('form:has(input[name="code"]) [type="submit"]').click()]);
  assert.doesNotMatch(page.url(), /dang-nhap/);
  return page;
}

async function fitsAndPasses(page, problems) {
  const at = new URL(page.url()).pathname;
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > 360) problems.push(`${at}: ${width}px wide`);
  await page.evaluate(AXE);
  const axe = await page.evaluate(async () => {
    const out = await window.axe.run(document, { resultTypes: ['violations'] });
    return out.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  for (const v of axe) problems.push(`${at}: axe ${v}`);
}

test('a leader approves, the SMS goes out, a recipient clicks and lodges online, the page ' +
  'shows it against the control group', async () => {
  const problems = [];
  // the agency admin builds the campaign (the form is covered by the HTTP tests)
  const list = await getForm(srv.url, '/quan-tri/chien-dich?mau=thang-cao-diem', admin);
  const made = await postForm(srv.url, '/quan-tri/chien-dich', { csrf: list.csrf,
    name: 'Tháng cao điểm: từ một cửa sang trực tuyến', event: 'thang-cao-diem',
    audience: 'counter_online', channel: 'sms',
    body: 'Kinh gui {ho_ten}: thu tuc ban da lam tai mot cua nay nop truc tuyen duoc: {lien_ket}',
    target_path: '/thu-tuc', control_pct: '20', window_days: '30', throttle: '0' }, admin);
  assert.equal(made.status, 303, made.html.slice(0, 2000));
  const id = /(\d+)\?/.exec(made.location)[1];
  // the control group is drawn at random: keep this citizen among those sent to
  const mine = sql(`SELECT control FROM campaign_recipients WHERE campaign_id = ${id}
    AND user_id = ${citizen.id}`)[0];
  if (Number(mine.control) === 1) {
    sql(`UPDATE campaign_recipients SET control = 1 WHERE campaign_id = ${id} AND seq =
      (SELECT MIN(seq) FROM campaign_recipients WHERE campaign_id = ${id} AND control = 0)`);
    sql(`UPDATE campaign_recipients SET control = 0 WHERE campaign_id = ${id}
      AND user_id = ${citizen.id}`);
  }
  const control = sql(`SELECT user_id FROM campaign_recipients WHERE campaign_id = ${id}
    AND control = 1`);
  assert.equal(control.length, 2);

  // the leader finds it from the staff home and approves it on a phone-sized screen
  const leader = await signIn('lanhdao', 360);
  await leader.goto(`${srv.url}/quan-tri`);
  await Promise.all([leader.waitForNavigation(),
    leader.getByRole('link', { name: 'Chiến dịch nhắn tin' }).click()]);
  await fitsAndPasses(leader, problems);
  await Promise.all([leader.waitForNavigation(),
    leader.getByRole('link', { name: 'Tháng cao điểm: từ một cửa sang trực tuyến' }).click()]);
  assert.match(await leader.locator('[data-test="size"]').innerText(), /10 người: gửi 8/);
  assert.equal(await leader.getByRole('button', { name: 'Gửi chiến dịch' }).count(), 0);
  await fitsAndPasses(leader, problems);
  await Promise.all([leader.waitForNavigation(),
    leader.getByRole('button', { name: 'Duyệt chiến dịch' }).click()]);
  await leader.getByText('Đã duyệt chiến dịch.').waitFor();
  assert.match(await leader.locator('[data-test="approver"]').innerText(), /Hoàng Văn Thắng/);

  // the admin sends it; the gateway gets eight SMS, the citizen's among them
  const page = await getForm(srv.url, `/quan-tri/chien-dich/${id}`, admin);
  const sent = await postForm(srv.url, `/quan-tri/chien-dich/${id}/thao-tac`,
    { csrf: page.csrf, action: 'gui' }, admin);
  assert.equal(sent.status, 303);
  const sms1 = await waitFor('the campaign SMS', () => sms.requests.find((x) =>
    x.Phone === citizen.phone && /\/l\//.test(x.Content)));
  await waitFor('eight delivered', () => Number(sql(`SELECT COUNT(*) AS n FROM notify_outbox
    WHERE campaign_id = ${id} AND state = 'delivered'`)[0].n) === 8);
  const link = /(http:\/\/\S+\/l\/[A-Za-z0-9_-]{22})/.exec(sms1.Content)[1];

  // the citizen follows the link (signed in) and lodges the procedure online
  const person = await chrome.newPage({ viewport: { width: 360, height: 800 } });
  await person.context().addCookies([{ name: 'mc_sid', value: citizen.jar.mc_sid, url: srv.url }]);
  await person.goto(link);
  assert.equal(new URL(person.url()).pathname, '/thu-tuc');
  const lodged = await submitDossier(srv, citizen.jar);
  assert.equal(lodged.status, 303, lodged.html.slice(0, 1500));

  // the leader's page: delivery, the click, the conversion against the control group
  await leader.reload();
  assert.equal(await leader.locator('[data-test="delivered"]').innerText(), '8');
  assert.equal(await leader.locator('[data-test="clicks"]').innerText(), '1');
  assert.equal(await leader.locator('[data-test="conv-treated"]').innerText(), '1');
  assert.equal(await leader.locator('[data-test="conv-control"]').innerText(), '0');
  assert.match(await leader.locator('[data-test="conversion"]').innerText(),
    /1\/8 \(12,5%\).*0\/2 \(0,0%\)/s);
  assert.match(await leader.locator('[data-test="uplift"]').innerText(), /12,5 điểm phần trăm/);
  await fitsAndPasses(leader, problems);
  assert.deepEqual(problems, [], problems.join('\n'));
});
