// index_demo.test.mjs - the demo's 766 index is computed from data: for a
// demo agency, every indicator except the four that need national
// integrations (dossier sync, e-certification, the population database)
// has data for last month, publication and payment included; the
// home page lists the most-used procedures and a tracking card.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo } from './lib/demo.mjs';

// The indicators no platform data can feed (docs/index-766.md §3).
const NATIONAL = ['dong_bo_ho_so', 'chung_thuc_dien_tu', 'ho_so_dung_csdl_dan_cu',
  'tthc_ket_noi_csdl_dan_cu'];

let demo;

before(async () => { demo = await startDemo(); });
after(async () => { await demo?.stop(); });

function lastMonth() {
  const now = new Date(Date.now() + 7 * 3600 * 1000);   // Vietnam time
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();   // 0-based: this month - 1 = last month (1-based)
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
}

async function index(unit) {
  const res = await fetch(`${demo.url}/api/v1/index?period=${lastMonth()}&unit=${unit}`);
  assert.equal(res.status, 200);
  return res.json();
}

test('for a demo agency every indicator but the national ones is computed from data', async () => {
  for (const unit of ['T20.CA', 'T20.STP']) {
    const doc = await index(unit);
    const all = doc.groups.flatMap((g) => g.indicators);
    assert.equal(all.length, 21);
    const noData = all.filter((i) => i.state === 'chua_co_du_lieu').map((i) => i.key);
    assert.deepEqual(noData.sort(), [...NATIONAL].sort(), `${unit}: ${noData.join(', ')}`);
    for (const key of ['cong_bo_dung_han', 'cong_khai_dung_han', 'cong_khai_day_du',
      'tthc_co_giao_dich_tttt', 'tthc_tich_hop_tttt', 'kho_du_lieu_ca_nhan']) {
      const i = all.find((x) => x.key === key);
      assert.ok(i.denominator > 0, `${unit} ${key} has a denominator`);
      assert.ok(i.numerator <= i.denominator, `${unit} ${key}`);
    }
  }
});

test('the province board shows the publication and payment figures', async () => {
  const doc = await index('');
  const all = doc.groups.flatMap((g) => g.indicators);
  const byKey = Object.fromEntries(all.map((i) => [i.key, i]));
  // Last month: the six procedures decided then, one announced too late.
  assert.equal(byKey.cong_bo_dung_han.denominator, 6);
  assert.equal(byKey.cong_bo_dung_han.numerator, 5);
  // Fee-bearing demo procedures: 7, five integrated with online payment.
  assert.equal(byKey.tthc_tich_hop_tttt.denominator, 7);
  assert.equal(byKey.tthc_tich_hop_tttt.numerator, 5);
});

test('the home page shows the most-used procedures and a tracking card', async () => {
  const html = await (await fetch(`${demo.url}/`)).text();
  const list = /data-test="most-used">([\s\S]*?)<\/ul>/.exec(html);
  assert.ok(list, 'the most-used list is shown');
  const links = [...list[1].matchAll(/href="\/thu-tuc\/([^"]+)"/g)].map((m) => m[1]);
  assert.equal(links.length, 6);
  // khai sinh and chứng thực are the demo's busiest procedures.
  assert.ok(links.includes('1.001193') && links.includes('2.000815'), links.join(', '));
  assert.match(html, /data-test="tracking-card"[\s\S]*?action="\/tra-cuu"[\s\S]*?name="kiem_tra"/);
});
