// catalog.test.mjs - a citizen searches "khai sinh" without diacritics,
// opens the procedure and sees the documents, the time and the fee.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../http/lib/server.mjs';
import { launch } from './lib/browser.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
let srv;
let chrome;

before(async () => {
  srv = await startServer();
  execFileSync(process.env.MOTCUA_BIN || join(root, 'build/dev/motcua'),
    ['import', 'procedures', join(root, 'data/demo/procedures.jsonl'),
      '--db', srv.db, '--data-dir', srv.tmpdir]);
  chrome = await launch();
});

after(async () => {
  await chrome?.close();
  await srv?.stop();
});

test('search without diacritics, open the procedure, read documents, time and fee', async () => {
  const page = await chrome.newPage({ viewport: { width: 390, height: 800 } });
  await page.goto(srv.url + '/');
  await page.getByRole('link', { name: 'Thủ tục', exact: true }).click();
  await page.getByLabel('Bạn cần làm thủ tục gì?').fill('dang ky khai sinh');
  await page.getByRole('button', { name: 'Tìm thủ tục' }).click();
  await page.getByRole('heading', { name: /Tìm thấy \d+ thủ tục/ }).waitFor();
  await page.getByRole('link', { name: 'Thủ tục đăng ký khai sinh' }).click();

  await page.getByRole('heading', { level: 1, name: 'Thủ tục đăng ký khai sinh' }).waitFor();
  await page.getByRole('heading', { name: 'Giấy tờ cần chuẩn bị' }).waitFor();
  const checklist = await page.locator('.checklist li').allInnerTexts();
  assert.ok(checklist.length >= 2, 'documents are listed');
  assert.ok(checklist.some((t) => /Tờ khai/i.test(t)));
  const table = await page.getByRole('table').innerText();
  assert.match(table, /Trực tiếp/);
  assert.match(table, /ngày làm việc/);
  assert.match(table, /Miễn phí|đồng/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
  await page.context().close();
});
