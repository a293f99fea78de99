// assistant.test.mjs - a citizen opens the assistant widget, asks without
// diacritics about a birth registration, gets the documents list and a
// link that opens the right procedure page; the widget fits a small phone,
// works from the keyboard and falls back to a form without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, motcuaBin, newDatabase } from '../http/lib/server.mjs';
import { launch } from './lib/browser.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = motcuaBin();

let srv;
let chrome;
let dir;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'motcua-asst-browser-'));
  const db = newDatabase(dir);
  const opts = { cwd: ROOT, stdio: 'pipe' };
  execFileSync(BIN, ['import', 'procedures', 'data/demo/procedures.jsonl', '--db', db], opts);
  execFileSync(BIN, ['import', 'faq', 'data/demo/faq.csv', '--db', db], opts);
  srv = await startServer({ db });
  chrome = await launch();
});

after(async () => {
  await chrome?.close();
  await srv?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('ask the widget about a birth registration and open the procedure', async () => {
  const page = await chrome.newPage();
  await page.goto(srv.url + '/thu-tuc');
  await page.getByRole('button', { name: 'Trợ lý ảo', exact: true }).click();
  await page.getByLabel('Hỏi trợ lý ảo').fill('lam giay khai sinh can giay to gi');
  await page.getByRole('dialog', { name: 'Trợ lý ảo' })
    .getByRole('button', { name: 'Hỏi', exact: true }).click();
  const answer = page.locator('[data-test="asst-answer"]').first();
  await answer.waitFor();
  assert.equal(await answer.getAttribute('data-intent'), 'documents');
  const text = await answer.innerText();
  assert.match(text, /Hồ sơ cần chuẩn bị/);
  assert.match(text, /Giấy chứng sinh/);
  assert.ok(await answer.locator('li').count() >= 3, 'the documents are a list');
  await answer.getByRole('link', { name: 'Xem chi tiết thủ tục' }).click();
  await page.waitForURL(/\/thu-tuc\/1\.001193$/);
  assert.match(await page.locator('h1').innerText(), /đăng ký khai sinh/i);
  await page.context().close();
});

test('the widget fits a small phone and works from the keyboard', async () => {
  const page = await chrome.newPage({ viewport: { width: 360, height: 640 } });
  await page.goto(srv.url + '/');
  const toggle = page.getByRole('button', { name: 'Trợ lý ảo', exact: true });
  await toggle.focus();
  await page.keyboard.press('Enter');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  const input = page.getByLabel('Hỏi trợ lý ảo');
  assert.ok(await input.evaluate((el) => el === document.activeElement), 'focus moves to the input');
  await page.keyboard.type('le phi dang ky ket hon');
  await page.keyboard.press('Enter');
  await page.locator('[data-test="asst-answer"]').first().waitFor();
  const box = await page.getByRole('dialog', { name: 'Trợ lý ảo' }).boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 360, 'the panel stays on screen');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  await page.keyboard.press('Escape');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.ok(await toggle.evaluate((el) => el === document.activeElement), 'focus returns');
  await page.context().close();
});

test('without JavaScript the widget is a form that opens the answer page', async () => {
  const page = await chrome.newPage({ javaScriptEnabled: false });
  await page.goto(srv.url + '/');
  await page.getByLabel('Hỏi trợ lý ảo').fill('dang ky khai sinh can giay to gi');
  await page.getByRole('button', { name: 'Hỏi', exact: true }).click();
  await page.waitForURL(/\/tro-ly\?q=/);
  const answer = page.locator('[data-test="asst-answer"]');
  assert.match(await answer.innerText(), /Giấy chứng sinh/);
  await page.context().close();
});
