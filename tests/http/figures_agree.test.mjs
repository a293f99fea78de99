// figures_agree.test.mjs - the figures that the 766 dashboard (public
// /chat-luong/{unit} and GET /api/v1/index), the feedback statistics
// (/phan-anh/thong-ke and GET /api/v1/feedback/stats) and the leaders' page
// (/quan-tri/chat-luong) share agree for the same unit and period, on the
// demo's data: the feedback answered on time and the satisfied answers
// (pakn_dung_han, pakn_hai_long), the total score, and every indicator's
// numerator and denominator that the leaders' page lists.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { getForm } from './lib/server.mjs';
import { startDemo } from './lib/demo.mjs';

let demo;
let month;        // "YYYY-MM": the month of the demo's feedback
let stats;        // GET /api/v1/feedback/stats for that month
let province;     // the province admin's cookie jar

before(async () => {
  demo = await startDemo();
  const r = await fetch(`${demo.url}/api/v1/feedback/stats`);
  stats = await r.json();
  month = stats.month;
  province = await demo.signIn('quantri.tinh');
});

after(async () => {
  await demo?.stop();
});

/** GET path as JSON, signed in with jar when given. */
async function json(path, jar) {
  const r = await getForm(demo.url, path, jar);
  assert.equal(r.status, 200, path);
  return JSON.parse(r.html);
}

/** The indicators of a 766 report by key. */
function indicators(report) {
  const out = {};
  for (const g of report.groups) for (const i of g.indicators) out[i.key] = i;
  return out;
}

/** A count as the pages print it (thousands dots) as a number. */
function count(text) {
  return Number(text.trim().replace(/\./g, ''));
}

/** A score as the pages print it ("83,34" or "83.34") as a number. */
function score(text) {
  const t = text.trim();
  return Number(/,/.test(t) ? t.replace(/\./g, '').replace(',', '.') : t);
}

/** [numerator, denominator] of each data-indicator row of a table in html. */
function rows(html, table) {
  const start = html.indexOf(`data-test="${table}"`);
  assert.ok(start >= 0, `table ${table}`);
  const body = html.slice(start, html.indexOf('</table>', start));
  const out = {};
  for (const m of body.matchAll(/<tr data-indicator="([^"]+)">([\s\S]*?)<\/tr>/g)) {
    const cells = [...m[2].matchAll(/<td[^>]*>([^<]*)</g)].map((c) => c[1]);
    out[m[1]] = cells;
  }
  return out;
}

test('the demo has feedback to compare in its month', () => {
  assert.match(month, /^\d{4}-\d{2}$/);
  assert.ok(stats.agencies.length > 0, 'some agency has feedback');
});

test('feedback statistics and the 766 index count the same feedback', async () => {
  const page = await getForm(demo.url, `/phan-anh/thong-ke?month=${month}`);
  assert.equal(page.status, 200);
  for (const a of stats.agencies) {
    const ind = indicators(await json(`/api/v1/index?unit=${a.agency_code}&period=${month}`));
    assert.deepEqual([ind.pakn_dung_han.numerator, ind.pakn_dung_han.denominator],
      [a.on_time, a.judged], `${a.agency_code}: answered on time`);
    assert.deepEqual([ind.pakn_hai_long.numerator, ind.pakn_hai_long.denominator],
      [a.satisfied, a.rated], `${a.agency_code}: satisfied answers`);
    const [y, m] = month.split('-').map(Number);
    const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    const fi = await json(`/api/v1/feedback/indicators?agency=${a.agency_code}`
      + `&from=${month}-01&to=${next}-01`, province);   // for staff
    assert.deepEqual(fi, {
      pakn_dung_han: { num: a.on_time, den: a.judged },
      pakn_hai_long: { num: a.satisfied, den: a.rated },
    }, `${a.agency_code}: the indicators the index reads`);
    const row = new RegExp(`<tr data-agency="${a.agency_code.replace('.', '\\.')}">([\\s\\S]*?)</tr>`)
      .exec(page.html);
    assert.ok(row, `${a.agency_code} on the statistics page`);
    assert.match(row[1], new RegExp(`>${a.on_time}/${a.judged} `));
    assert.match(row[1], new RegExp(`>${a.satisfied}/${a.rated} `));
  }
});

test('the public dashboard shows the index as the API computes it', async () => {
  for (const a of stats.agencies) {
    const report = await json(`/api/v1/index?unit=${a.agency_code}&period=${month}`);
    const ind = indicators(report);
    const page = await getForm(demo.url, `/chat-luong/${a.agency_code}?ky=${month}`);
    assert.equal(page.status, 200);
    const shown = rows(page.html, 'index-table');
    for (const [key, i] of Object.entries(ind)) {
      assert.ok(shown[key], `${key} on the dashboard`);
      if (i.state === 'chua_co_du_lieu') continue;
      assert.deepEqual(shown[key].slice(0, 2).map(count), [i.numerator, i.denominator],
        `${a.agency_code} ${key}`);
    }
    const total = /data-test="score">\s*<strong>([^<]+)<\/strong>/.exec(page.html);
    assert.ok(total, 'the dashboard shows a total');
    assert.equal(score(total[1]), report.total);
  }
});

test("the leaders' page shows the same total and indicators", async () => {
  for (const a of stats.agencies) {
    const report = await json(`/api/v1/index?unit=${a.agency_code}&period=${month}`);
    const ind = indicators(report);
    const page = await getForm(demo.url,
      `/quan-tri/chat-luong?don_vi=${a.agency_code}&ky=${month}`, province);
    assert.equal(page.status, 200);
    const total = /data-test="admin-score">[^<]*<strong>([^<]+)<\/strong>/.exec(page.html);
    assert.ok(total, "the leaders' page shows a total");
    assert.equal(score(total[1]), report.total);
    const weak = rows(page.html, 'weak-indicators');
    assert.ok(Object.keys(weak).length > 0, 'weak indicators listed');
    for (const [key, cells] of Object.entries(weak)) {
      const [num, den] = cells[0].split('/').map(count);
      assert.deepEqual([num, den], [ind[key].numerator, ind[key].denominator], key);
    }
  }
});
