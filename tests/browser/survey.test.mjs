// survey.test.mjs - a citizen answers a survey in a real browser (a
// required question is pointed out, the jump of question 2 lets them skip
// question 3), and the admin sees the result as a chart with its table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, getForm, postForm } from '../http/lib/server.mjs';
import { loadAgencies, addStaff, serverClock, staffLogin } from '../http/lib/feedback-helpers.mjs';
import { launch } from './lib/browser.mjs';

const NOW = '2026-03-02T09:00:00+07:00';
let srv;
let chrome;
let admin;
let surveyId;

before(async () => {
  srv = await startServer({ env: { MOTCUA_NOW: NOW } });
  chrome = await launch();
  loadAgencies(srv);
  addStaff(srv, 'tinh', 'Vi Văn Quang', 'province_admin', 'T20.VP');
  admin = await staffLogin(srv, 'tinh', serverClock(NOW));
  // The admin builds and publishes the survey (the builder is covered by the HTTP tests).
  const list = await getForm(srv.url, '/quan-tri/khao-sat', admin);
  const made = await postForm(srv.url, '/quan-tri/khao-sat', { csrf: list.csrf,
    title: 'Bạn đã biết sử dụng dịch vụ công trực tuyến chưa?', intro: '', agency: '',
    opens: '2026-03-01', closes: '2026-03-31', one_per_person: '1' }, admin);
  surveyId = /(\d+)$/.exec(made.location)[1];
  for (const q of [
    { kind: 'single', text: 'Bạn là', options: 'Người dân\nDoanh nghiệp', required: '1', is_group: '1' },
    { kind: 'single', text: 'Bạn đã nộp hồ sơ trực tuyến lần nào chưa?', options: 'Rồi\nChưa -> 4',
      required: '1' },
    { kind: 'scale', text: 'Bạn hài lòng thế nào?', options: '', required: '1' },
    { kind: 'text', text: 'Góp ý của bạn', options: '' },
  ]) {
    const r = await postForm(srv.url, `/quan-tri/khao-sat/${surveyId}/cau-hoi`, { csrf: list.csrf, ...q }, admin);
    assert.equal(r.status, 303, r.html);
  }
  const pub = await postForm(srv.url, `/quan-tri/khao-sat/${surveyId}/trang-thai`,
    { csrf: list.csrf, action: 'cong-bo' }, admin);
  assert.equal(pub.status, 303);
});

after(async () => {
  await chrome?.close();
  await srv?.stop();
});

test('a citizen answers the survey, skipping the question the jump leaves out', async () => {
  const page = await chrome.newPage();
  await page.goto(srv.url + '/');
  await page.getByRole('link', { name: 'Khảo sát', exact: true }).click();
  await page.getByRole('link', { name: 'Bạn đã biết sử dụng dịch vụ công trực tuyến chưa?' }).click();
  await page.getByRole('heading', { level: 1, name: 'Bạn đã biết sử dụng dịch vụ công trực tuyến chưa?' }).waitFor();
  assert.match(await page.locator('[data-question="3"]').innerText(), /Bỏ qua nếu ở câu 2 bạn chọn “Chưa”/);

  // Forgetting the required first question is explained, and the choice made is kept.
  await page.getByLabel(/Chưa \(chuyển/).check();
  await page.getByRole('button', { name: 'Gửi câu trả lời' }).click();
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').innerText(), /vui lòng trả lời câu hỏi này/i);
  assert.equal(await page.getByLabel(/Chưa \(chuyển/).isChecked(), true);

  await page.getByLabel('Người dân').check();
  await page.getByLabel('Góp ý của bạn').fill('Mong có người hướng dẫn tận nhà.');
  await page.getByRole('button', { name: 'Gửi câu trả lời' }).click();
  await page.getByRole('heading', { name: 'Cảm ơn bạn đã trả lời khảo sát' }).waitFor();

  // The same browser is told it already answered.
  await page.goto(`${srv.url}/khao-sat/${surveyId}`);
  assert.match(await page.locator('main').innerText(), /Bạn đã trả lời khảo sát này/);
  await page.context().close();
});

test('the admin sees the answer as a chart with a data table', async () => {
  const page = await chrome.newPage();
  await page.context().addCookies([{ name: 'mc_sid', value: admin.mc_sid, url: srv.url }]);
  await page.goto(`${srv.url}/quan-tri/khao-sat/${surveyId}/ket-qua`);
  const chart = page.getByRole('img', { name: /Biểu đồ câu 1: Bạn là/ });
  await chart.waitFor();
  assert.ok(await chart.isVisible());
  assert.match(await chart.textContent(), /Người dân/);
  assert.match(await chart.textContent(), /1 \(100%\)/);
  const row = page.getByRole('row', { name: /Người dân/ }).first();
  assert.match(await row.innerText(), /1\s+100%/);
  assert.match(await page.locator('[data-question="3"]').innerText(), /0 người trả lời/,
    'the skipped question is not counted');
  assert.match(await page.locator('main').innerText(), /Mong có người hướng dẫn tận nhà\./);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Excel (.xlsx)' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^khao-sat-\d+\.xlsx$/);
  await page.context().close();
});
