// routing.test.mjs - issue 12 part 1: the catalogue knows who decides and
// receives each procedure, the submission form offers only those places
// (a commune procedure: the communes' People's Committees, defaulting to
// the citizen's commune; a provincial one: its department, received at the
// one-stop centre), a dossier sent elsewhere is refused with nothing
// stored, the centre's reception officer receives for the department it
// serves and others cannot, and the province admin edits both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, getForm, postForm } from './lib/server.mjs';
import {
  act, addStaff, csrfOf, dossierRow, loadAgencies, registerCitizen, serverClock, sqlRows,
  staffLogin, submitDossier, submitForm,
} from './lib/dossier-helpers.mjs';
import { byLogin } from './lib/feedback-helpers.mjs';

const NOW = '2026-03-02T09:00:00+07:00';   // a Monday, office hours
const BIRTH = '1.001193';                  // đăng ký khai sinh: cấp xã
const COPY = '2.000635';                   // bản sao trích lục: Sở Tư pháp or the commune
const RESIDENCE = '1.004222';              // đăng ký thường trú: Công an cấp xã (not guessed)
const COMMUNES = ['X05977.UBND', 'X06187.UBND', 'X06184.UBND', 'X06463.UBND'];
let srv;
let clock;
let citizen;
const jars = {};

/** The options of the agency select: [{ value, selected }]. */
function agencyOptions(html) {
  const select = /<select[^>]*name="agency_code"[^>]*>([\s\S]*?)<\/select>/.exec(html);
  assert.ok(select, 'the form has the agency select');
  return [...select[1].matchAll(/<option value="([^"]*)"( selected)?>/g)]
    .map((m) => ({ value: m[1], selected: Boolean(m[2]) }));
}

before(async () => {
  srv = await startServer({ env: { MOTCUA_NOW: NOW } });
  loadAgencies(srv);
  clock = serverClock(NOW);
  addStaff(srv, 'tn.ttpvhcc', 'Nguyễn Thị Hoa', 'reception', 'T20.TTPVHCC');
  addStaff(srv, 'cv.stp', 'Trần Văn Minh', 'processing', 'T20.STP');
  addStaff(srv, 'tn.sxd', 'Đinh Thị Phương', 'reception', 'T20.SXD');
  addStaff(srv, 'tn.dongkinh', 'Tô Thị Diệu', 'reception', 'X05977.UBND');
  addStaff(srv, 'qtt', 'Vi Văn Quang', 'province_admin', 'T20.VP');
  for (const login of ['tn.ttpvhcc', 'cv.stp', 'tn.sxd', 'tn.dongkinh', 'qtt']) {
    jars[login] = await staffLogin(srv, login, clock);
  }
  citizen = await registerCitizen(srv, 'Hoàng Thị Lan');
});

after(async () => { await srv?.stop(); });

test('the import guesses routes from the catalogue text', () => {
  const routes = sqlRows(srv, `SELECT procedure_code AS p, level, competent_code AS c, source
    FROM procedure_routes ORDER BY procedure_code, level`);
  const of = (p) => routes.filter((r) => r.p === p).map((r) => `${r.level}:${r.c ?? ''}`);
  assert.deepEqual(of(BIRTH), ['commune:']);
  assert.deepEqual(of(COPY), ['commune:', 'province:T20.STP']);
  assert.deepEqual(of('3.000347'), ['province:T20.CA'], 'Công an tỉnh from the implementing text');
  assert.deepEqual(of(RESIDENCE), [], 'Công an cấp xã has no agency in the sample');
  assert.ok(routes.every((r) => r.source === 'import'));
});

test('a commune procedure offers only the communes, and none is chosen for the citizen', async () => {
  const f = await submitForm(srv, citizen.jar, BIRTH);
  const opts = agencyOptions(f.html);
  assert.deepEqual(opts.filter((o) => o.value).map((o) => o.value).sort(), [...COMMUNES].sort());
  assert.equal(opts[0].value, '', 'a "choose" option first');
  assert.ok(!opts.some((o) => o.value && o.selected), 'no commune guessed without an address');
  assert.match(f.html, /chọn xã, phường nơi bạn cư trú/);
});

test('the citizen\'s commune is the default once it is known', async () => {
  const id = sqlRows(srv, `SELECT id FROM users WHERE ${byLogin(srv, citizen.cccd)}`)[0].id;
  sqlRows(srv, `UPDATE users SET home_unit = '06184' WHERE id = ${id}`);
  const opts = agencyOptions((await submitForm(srv, citizen.jar, BIRTH)).html);
  assert.deepEqual(opts.filter((o) => o.selected).map((o) => o.value), ['X06184.UBND']);
});

test('lodging at an agency the routes do not offer is refused and stores nothing', async () => {
  const before = sqlRows(srv, 'SELECT count(*) AS n FROM dossiers')[0].n;
  for (const agency of ['T20.CA', 'T20.STP', 'KHONG.CO']) {
    const r = await submitDossier(srv, citizen.jar, { procedure: BIRTH, agency });
    assert.equal(r.status, 422, `${agency}: ${r.status}`);
    assert.match(r.html, /không giải quyết thủ tục này|chọn nơi nộp/);
  }
  assert.equal(sqlRows(srv, 'SELECT count(*) AS n FROM dossiers')[0].n, before);
  const r = await submitDossier(srv, citizen.jar, { procedure: RESIDENCE, agency: 'T20.CA' });
  assert.equal(r.status, 422);
  assert.match(r.html, /chưa được giao cho cơ quan nào/);
});

test('a commune dossier is received by that commune\'s reception officer', async () => {
  const r = await submitDossier(srv, citizen.jar, { procedure: BIRTH, agency: 'X05977.UBND' });
  assert.equal(r.status, 303, r.html.slice(0, 500));
  const d = dossierRow(srv, r.code);
  assert.equal(d.agency_code, 'X05977.UBND');
  const queue = await getForm(srv.url, '/quan-tri/ho-so?hang=tiep-nhan', jars['tn.dongkinh']);
  assert.match(queue.html, new RegExp(r.code.replace(/\./g, '\\.')));
  const acc = await act(srv, jars['tn.dongkinh'], await csrfOf(srv, jars['tn.dongkinh']), r.code,
    { action: 'accept', version: d.version });
  assert.equal(acc.status, 303, acc.html.slice(0, 300));
});

test('the one-stop centre receives for the departments the province admin lists', async () => {
  const page = await getForm(srv.url, '/quan-tri/mot-cua?noi=T20.TTPVHCC', jars.qtt);
  assert.equal(page.status, 200);
  const idx = /name="(co_quan_\d+)" value="T20\.STP"/.exec(page.html)[1];
  const save = await postForm(srv.url, '/quan-tri/mot-cua',
    { csrf: page.csrf, noi: 'T20.TTPVHCC', [idx]: 'T20.STP' }, jars.qtt);
  assert.equal(save.status, 303);
  assert.deepEqual(sqlRows(srv, 'SELECT agency_code AS a, desk_code AS d FROM reception_desks'),
    [{ a: 'T20.STP', d: 'T20.TTPVHCC' }]);
  // Staff other than the province admin may not change it.
  const csrf = await csrfOf(srv, jars['tn.ttpvhcc']);
  const refused = await postForm(srv.url, '/quan-tri/mot-cua',
    { csrf, noi: 'T20.TTPVHCC' }, jars['tn.ttpvhcc']);
  assert.equal(refused.status, 403);
  assert.equal(sqlRows(srv, 'SELECT count(*) AS n FROM reception_desks')[0].n, 1);

  // The form now offers the department, received at the centre, preselected
  // for a citizen whose commune is not known... and the commune option stays.
  const other = await registerCitizen(srv, 'Phạm Văn Bình');
  const f = await submitForm(srv, other.jar, COPY);
  const opts = agencyOptions(f.html);
  assert.deepEqual(opts.filter((o) => o.selected).map((o) => o.value), ['T20.STP']);
  assert.ok(opts.some((o) => o.value === 'X05977.UBND'));
  assert.match(f.html, /Sở Tư pháp tỉnh Lạng Sơn – nộp tại Trung tâm Phục vụ hành chính công/);

  const r = await submitDossier(srv, other.jar, { procedure: COPY, agency: 'T20.STP' });
  assert.equal(r.status, 303, r.html.slice(0, 500));
  assert.equal(sqlRows(srv,
    `SELECT reception_code AS r FROM dossiers WHERE code = '${r.code}'`)[0].r, 'T20.TTPVHCC');
  const d = dossierRow(srv, r.code);
  // The building department's reception officer may not receive it ...
  const sxd = await act(srv, jars['tn.sxd'], await csrfOf(srv, jars['tn.sxd']), r.code,
    { action: 'accept', version: d.version });
  assert.ok([403, 404].includes(sxd.status), `other agency: ${sxd.status}`);
  // ... the centre's can, from its queue; then the department processes it.
  const queue = await getForm(srv.url, '/quan-tri/ho-so?hang=tiep-nhan', jars['tn.ttpvhcc']);
  assert.match(queue.html, new RegExp(r.code.replace(/\./g, '\\.')));
  const ok = await act(srv, jars['tn.ttpvhcc'], csrf, r.code, { action: 'accept',
    version: d.version });
  assert.equal(ok.status, 303, ok.html.slice(0, 300));
  const start = await act(srv, jars['cv.stp'], await csrfOf(srv, jars['cv.stp']), r.code,
    { action: 'start', version: dossierRow(srv, r.code).version });
  assert.equal(start.status, 303);
});

test('the province admin routes a procedure the guess left, and it becomes lodgeable', async () => {
  const page = await getForm(srv.url, `/quan-tri/thu-tuc/${RESIDENCE}/co-quan`, jars.qtt);
  assert.equal(page.status, 200);
  assert.match(page.html, /Công an cấp xã/, 'the catalogue text is shown');
  const bad = await postForm(srv.url, `/quan-tri/thu-tuc/${RESIDENCE}/co-quan`,
    { csrf: page.csrf, province_competent: 'KHONG.CO' }, jars.qtt);
  assert.equal(bad.status, 422);
  assert.match(bad.html, /Không có cơ quan với mã này/);
  const noComp = await postForm(srv.url, `/quan-tri/thu-tuc/${RESIDENCE}/co-quan`,
    { csrf: page.csrf, province_reception: 'T20.TTPVHCC' }, jars.qtt);
  assert.equal(noComp.status, 422);
  assert.equal(sqlRows(srv,
    `SELECT count(*) AS n FROM procedure_routes WHERE procedure_code = '${RESIDENCE}'`)[0].n, 0);
  const ok = await postForm(srv.url, `/quan-tri/thu-tuc/${RESIDENCE}/co-quan`,
    { csrf: page.csrf, province_competent: 'T20.CA' }, jars.qtt);
  assert.equal(ok.status, 303);
  assert.deepEqual(sqlRows(srv, `SELECT level, competent_code AS c, source FROM procedure_routes
    WHERE procedure_code = '${RESIDENCE}'`), [{ level: 'province', c: 'T20.CA', source: 'admin' }]);
  assert.equal(sqlRows(srv,
    "SELECT count(*) AS n FROM audit_log WHERE action = 'routing.set'")[0].n, 1);
  const opts = agencyOptions((await submitForm(srv, citizen.jar, RESIDENCE)).html);
  assert.deepEqual(opts.map((o) => o.value), ['T20.CA']);
  // A staff member who is not the province admin cannot.
  const csrf = await csrfOf(srv, jars['cv.stp']);
  const refused = await postForm(srv.url, `/quan-tri/thu-tuc/${RESIDENCE}/co-quan`,
    { csrf, province_competent: 'T20.STP' }, jars['cv.stp']);
  assert.equal(refused.status, 403);
});
