// layout.test.mjs - every public page and the main signed-in pages of the
// demo, on phones of 360 and 320 px (issue 12): no sideways scrolling,
// axe-core finds no critical or serious violation, no button or link is
// drawn in its background's colour, the focus ring stands out (3:1) from
// what surrounds it, and people read Vietnamese figures (no ISO dates, no
// "8000 đồng", no document names cut with "…").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startServer } from '../http/lib/server.mjs';
import { freshTotp } from '../http/lib/feedback-helpers.mjs';
import { launch } from './lib/browser.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SECRET = 'JBSWY3DPEHPK3PXP';   // the demo's staff TOTP key (DEMO_TOTP_SECRET)
const PASSWORD = 'demo-motcua-2026';   // DEMO_PASSWORD
const WIDTHS = [360, 320];

let srv;
let chrome;
const found = {};   // paths discovered from the demo data

before(async () => {
  srv = await startServer({ command: 'demo', startTimeoutMs: 90000 });
  chrome = await launch();
});

after(async () => {
  await chrome?.close();
  await srv?.stop();
});

/** A new page (own context) of the given width, signed in as login when given. */
async function open(width, login) {
  const page = await chrome.newPage({ viewport: { width, height: 740 }, bypassCSP: true });
  if (!login) return page;
  await page.goto(`${srv.url}/dang-nhap`);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await Promise.all([page.waitForNavigation(),
    page.locator('form:has(input[name="password"]) [type="submit"]').click()]);
  if (await page.locator('input[name="code"]').count()) {
    // Each code is accepted once: a second sign-in within 30 s takes the next one.
    await page.locator('input[name="code"]').fill(await freshTotp(srv, login, undefined, SECRET));
    await Promise.all([page.waitForNavigation(),
      page.locator('form:has(input[name="code"]) [type="submit"]').click()]);
  }
  assert.doesNotMatch(page.url(), /dang-nhap/, `${login} is signed in`);
  return page;
}

/* Runs in the page: colours, contrast, what a person reads. */
function inspect() {
  const rgba = (s) => {
    const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(s);
    return m ? [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]] : null;
  };
  const lum = ([r, g, b]) => {
    const f = (c) => { const v = c / 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => {
    const x = lum(a); const y = lum(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0.5) return c;
    }
    return [255, 255, 255, 1];
  };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none';
  };
  const name = (el) => `${el.tagName.toLowerCase()} "${(el.innerText || el.value || '').trim().slice(0, 40)}"`;
  const invisible = [];
  for (const el of document.querySelectorAll('a[href], button, summary, input[type="submit"]')) {
    if (!visible(el) || !(el.innerText || el.value || '').trim()) continue;
    const fg = rgba(getComputedStyle(el).color);
    const bg = background(el);
    if (fg && ratio(fg, bg) < 1.5) invisible.push(name(el));
  }
  const weakFocus = [];
  const focusable = [...document.querySelectorAll('a[href], button, input:not([type="hidden"]), select, textarea, summary')]
    .filter(visible).slice(0, 40);
  for (const el of focusable) {
    el.focus();
    if (document.activeElement !== el) continue;
    const cs = getComputedStyle(el);
    const bg = background(el.parentElement || el);
    const colours = [];
    if (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) colours.push(rgba(cs.outlineColor));
    for (const m of cs.boxShadow.matchAll(/rgba?\([^)]+\)/g)) colours.push(rgba(m[0]));
    const best = Math.max(0, ...colours.filter(Boolean).map((c) => ratio(c, bg)));
    if (best < 3) weakFocus.push(`${name(el)} ${best.toFixed(2)}:1`);
    el.blur();
  }
  const text = document.querySelector('main')?.innerText || '';
  return {
    scrollWidth: document.documentElement.scrollWidth,
    invisible,
    weakFocus,
    iso: (text.match(/\b\d{4}-\d{2}-\d{2}\b|\b20\d{2}-(0[1-9]|1[0-2])\b/g) || []).slice(0, 3),
    rawMoney: (text.match(/\b\d{4,} đồng/g) || []).slice(0, 3),
    cut: (text.match(/\S…(?!\S)/g) || []).slice(0, 3),
  };
}

async function check(page, path, width, problems) {
  const res = await page.goto(`${srv.url}${path}`);
  assert.ok(res, path);
  if (res.status() >= 400) {
    problems.push(`${path}: HTTP ${res.status()}`);
    return;
  }
  const r = await page.evaluate(inspect);
  const at = `${path} @${width}px`;
  if (r.scrollWidth > width) problems.push(`${at}: page is ${r.scrollWidth}px wide`);
  for (const x of r.invisible) problems.push(`${at}: ${x} is drawn in its background's colour`);
  for (const x of r.weakFocus) problems.push(`${at}: focus ring of ${x}`);
  if (r.iso.length) problems.push(`${at}: ISO dates or months ${r.iso.join(', ')}`);
  if (r.rawMoney.length) problems.push(`${at}: money without dots ${r.rawMoney.join(', ')}`);
  if (r.cut.length) problems.push(`${at}: text cut with … (${r.cut.join(', ')})`);
  if (width === WIDTHS[0]) {
    await page.evaluate(AXE);
    const axe = await page.evaluate(async () => {
      const out = await window.axe.run(document, { resultTypes: ['violations'] });
      return out.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
    });
    for (const v of axe) problems.push(`${at}: axe ${v}`);
  }
}

async function checkAll(login, paths) {
  const problems = [];
  for (const width of WIDTHS) {
    const page = await open(width, login);
    for (const path of paths) await check(page, path, width, problems);
    await page.context().close();
  }
  assert.deepEqual(problems, [], problems.join('\n'));
}

test('public pages fit a phone and pass axe', async () => {
  const page = await open(360);
  await page.goto(`${srv.url}/khao-sat`);
  found.survey = await page.locator('main a[href^="/khao-sat/"]').first().getAttribute('href');
  await page.context().close();
  await checkAll(null, [
    '/', '/thu-tuc', '/thu-tuc?q=khai+sinh', '/thu-tuc/1.001193', '/co-quan', '/tra-cuu',
    '/phan-anh', '/phan-anh/gui', '/phan-anh/thong-ke', '/hoi-dap', '/chat-luong',
    '/chat-luong/tinh', '/chat-luong/T20.STP', '/chat-luong/T20.STP/giai_quyet_dung_han',
    '/khao-sat', found.survey, '/tro-ly?q=lam+lai+can+cuoc', '/dang-nhap', '/dang-ky',
    '/quan-tri/hop-thu-demo', '/thanh-toan-thu/TT-DEMO-1?amount=8000&order=T20.STP-261124-0005',
    '/quen-mat-khau', '/quen-mat-khau/dat-lai', '/lay-lai-tai-khoan', '/bao-ve-du-lieu-ca-nhan',
  ].filter(Boolean));
});

test('a citizen\'s pages, a draft and the receipt fit a phone and pass axe', async () => {
  const page = await open(360, '020190001234');
  await page.goto(`${srv.url}/ho-so`);
  const hrefs = await page.locator('main a[href^="/ho-so/"]').evaluateAll(
    (as) => as.map((x) => x.getAttribute('href')));
  found.dossier = hrefs.find((h) => /^\/ho-so\/[A-Z0-9.]+-\d{6}-\d{4}$/.test(h));
  // A draft, so that "Xóa bản nháp" is on the page.
  await page.goto(`${srv.url}/nop-ho-so/1.001193`);
  await page.locator('main input[type="text"], main input:not([type])').first().fill('Lò Thị Mai');
  await Promise.all([page.waitForNavigation(),
    page.getByRole('button', { name: 'Lưu nháp' }).click()]);
  await page.context().close();
  assert.ok(found.dossier, 'the demo citizen has dossiers');
  await checkAll('020190001234', [
    '/tai-khoan', '/tai-khoan/nhat-ky-truy-cap', '/ho-so', found.dossier,
    `${found.dossier}/bien-nhan`, '/nop-ho-so/1.001193',
    '/ho-so/nhap', '/kho-du-lieu', '/phan-anh/cua-toi', '/tai-khoan/doi-mat-khau',
    '/tai-khoan/lien-he', '/tai-khoan/xac-minh', '/tai-khoan/nhan-tin',
  ]);
});

test('staff pages fit a phone and pass axe', async () => {
  await checkAll('quantri.tinh', [
    '/quan-tri', '/quan-tri/ho-so', '/quan-tri/phan-anh',
    '/quan-tri/khao-sat', '/quan-tri/chat-luong', '/quan-tri/tro-ly', '/quan-tri/lich',
    '/quan-tri/thu-tuc/1.001193/sua', found.dossier || '/quan-tri/ho-so?hang=tat-ca',
    '/quan-tri/can-bo', '/quan-tri/can-bo?co_quan=T20.STP', '/quan-tri/nhat-ky',
    '/quan-tri/lay-lai-tai-khoan', '/quan-tri/tin-da-gui', '/quan-tri/mau-tin',
    '/quan-tri/mau-tin/dossier.refused',
  ]);
  // Counter intake is the reception officer's (others get 403).
  await checkAll('tiepnhan', ['/quan-tri', '/quan-tri/ho-so', '/quan-tri/ho-so/tiep-nhan',
    '/thu-tuc/1.001193']);
});

test('the submission form and the receipt show document names whole', async () => {
  const page = await open(1280, '020190001234');
  await page.goto(`${srv.url}/nop-ho-so/1.001193`);
  const labels = await page.locator('.doc-slot').allInnerTexts();
  assert.ok(labels.some((l) => l.includes('em ruột của người ủy quyền')), labels.join('\n'));
  for (const l of labels) assert.doesNotMatch(l, /…/);
  await page.context().close();
});

test('staff are not offered the citizens\' submit button', async () => {
  const page = await open(1280, 'tiepnhan');
  await page.goto(`${srv.url}/thu-tuc/1.001193`);
  assert.equal(await page.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).count(), 0);
  await page.locator('[data-test="staff-no-submit"]').waitFor();
  await page.context().close();
  const citizen = await open(1280, '020190001234');
  await citizen.goto(`${srv.url}/thu-tuc/1.001193`);
  assert.equal(await citizen.getByRole('link', { name: 'Nộp hồ sơ trực tuyến' }).count(), 1);
  await citizen.context().close();
});

test('the favicon is served and the home title is said once', async () => {
  const page = await open(360);
  await page.goto(`${srv.url}/`);
  const icon = await page.locator('link[rel="icon"]').getAttribute('href');
  const res = await page.request.get(`${srv.url}${icon}`);
  assert.equal(res.status(), 200);
  assert.match(res.headers()['content-type'], /image\/svg\+xml/);
  const title = await page.title();
  assert.equal(title.split('Cổng dịch vụ công một cửa').length - 1, 1, title);
  await page.context().close();
});
