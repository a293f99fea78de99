// registry.test.mjs - modules register themselves (src/app/modules.c): the
// route table holds every module's routes and keeps the dispatcher's
// 404/405; the menu bar and the staff home are built from the modules'
// entries; each demo staff role's home links every staff area it may open
// (with the counts of what waits) and nothing that answers 403; `motcua
// --help` lists every module's commands.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { getForm } from './lib/server.mjs';
import { bin } from './lib/feedback-helpers.mjs';
import { startDemo } from './lib/demo.mjs';

const ROUTED = 'routed';
let demo;
const jars = {};     // login -> signed-in cookie jar
const homes = {};    // login -> HTML of /quan-tri

before(async () => {
  demo = await startDemo();
  for (const s of demo.staff) {
    jars[s.login] = await demo.signIn(s.login);
    const home = await getForm(demo.url, '/quan-tri', jars[s.login]);
    assert.equal(home.status, 200, `${s.login}: /quan-tri`);
    homes[s.login] = home.html;
  }
});

after(async () => {
  await demo?.stop();
});

/** Status of method path for an anonymous visitor, without following redirects. */
async function statusOf(method, path, body) {
  const init = { method, redirect: 'manual' };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'content-type': 'application/json' };
  }
  const res = await fetch(demo.url + path, init);
  await res.arrayBuffer();
  return res.status;
}

/** The links of a page's <main>, as written in href (entities decoded). */
function mainLinks(html) {
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  return [...main.matchAll(/<a\b[^>]*\bhref="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
}

/** The menu bar's links. */
function navLinks(html) {
  const nav = html.slice(html.indexOf('<nav aria-label="Điều hướng chính"'),
    html.indexOf('</nav>'));
  return [...nav.matchAll(/<a\b[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]);
}

/** The count shown next to the staff home's link to href, or null. */
function countOf(html, href) {
  const esc = href.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/&/g, '&amp;');
  const m = new RegExp(`href="${esc}">[^<]*</a> <span class="count[^"]*">(\\d+) `).exec(html);
  return m ? Number(m[1]) : null;
}

test('every module answers its URLs; unknown paths get 404, wrong methods 405', async () => {
  // [method, path, expected status]: one or more URLs of each module.  ROUTED: any
  // status but 404 and 405 (the handler judges the request; the table found it).
  const cases = [
    ['GET', '/', 200], ['GET', '/healthz', 200], ['GET', '/api/v1/me', 401],   // site
    ['GET', '/dang-ky', 200], ['GET', '/dang-nhap', 200], ['GET', '/tai-khoan', 303],
    ['GET', '/co-quan', 200],                                                      // units
    ['GET', '/thu-tuc', 200], ['GET', '/thu-tuc/1.001193', 200],                  // catalog
    ['GET', '/api/v1/procedures?q=khai+sinh', 200],
    ['GET', '/quan-tri/thu-tuc/1.001193/sua', 303],
    ['GET', '/tra-cuu', 200], ['GET', '/ho-so', 303], ['GET', '/ho-so/nhap', 303],  // dossier
    ['GET', '/nop-ho-so/1.001193', 303], ['GET', '/quan-tri/ho-so', 303],
    ['GET', '/kho-du-lieu', 303],                                                  // vault
    ['POST', '/api/v1/payments/sandbox/callback', ROUTED],                            // payment
    ['GET', '/phan-anh', 200], ['GET', '/hoi-dap', 303], ['GET', '/phan-anh/gui', 200],
    ['GET', '/phan-anh/thong-ke', 200], ['GET', '/api/v1/feedback/public', 200],  // feedback
    ['GET', '/quan-tri/phan-anh', 303],
    ['GET', '/cong-tac-vien', 303],                                                // collaborator
    ['GET', '/chat-luong', 200], ['GET', '/api/v1/index/ranking', ROUTED],          // quality
    ['GET', '/quan-tri/chat-luong', 303],
    ['GET', '/chi-tieu', 200], ['GET', '/api/v1/kpi', 200],                        // kpi
    ['GET', '/quan-tri/chi-tieu', 303],
    ['GET', '/khao-sat', 200], ['GET', '/quan-tri/khao-sat', 303],               // survey
    ['GET', '/tro-ly', 200], ['GET', '/quan-tri/tro-ly', 303],                   // assistant
    ['GET', '/quan-tri/lich', 303],                                                // calendar
    ['GET', '/quan-tri/nhat-ky', 303],                                             // audit
    ['GET', '/khong-co-trang-nay', 404], ['GET', '/thu-tuc/1.001193/khong-co', 404],
    ['DELETE', '/thu-tuc', 405], ['PUT', '/co-quan', 405], ['GET', '/api/v1/feedback', 405],
  ];
  const wrong = [];
  for (const [method, path, want] of cases) {
    const got = await statusOf(method, path);
    if (want === ROUTED ? got === 404 || got === 405 : got !== want) wrong.push(`${method} ${path}: ${got}, expected ${want}`);
  }
  assert.deepEqual(wrong, []);
  const answer = await fetch(`${demo.url}/api/v1/assistant`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message: 'đăng ký khai sinh cần giấy tờ gì' }),
  });
  assert.notEqual(answer.status, 404, 'the assistant API is routed');
  const notAllowed = await fetch(`${demo.url}/api/v1/procedures`, { method: 'DELETE' });
  assert.equal(notAllowed.status, 405);
  assert.match(notAllowed.headers.get('content-type'), /json/, 'API errors stay JSON');
});

test('the menu bar comes from the modules and depends on who is signed in', async () => {
  const anonymous = navLinks((await getForm(demo.url, '/')).html);
  assert.deepEqual(anonymous, ['/', '/thu-tuc', '/co-quan', '/tra-cuu', '/phan-anh', '/hoi-dap',
    '/chat-luong', '/chi-tieu', '/khao-sat', '/dang-nhap', '/dang-ky']);
  const citizen = await demo.signIn(demo.applicants[0].login);
  const mine = navLinks((await getForm(demo.url, '/', citizen)).html);
  assert.ok(mine.includes('/ho-so') && mine.includes('/tai-khoan'), mine.join(' '));
  assert.ok(!mine.includes('/quan-tri') && !mine.includes('/quan-tri/ho-so'));
  const officer = navLinks((await getForm(demo.url, '/', jars[demo.staff[0].login])).html);
  assert.ok(officer.includes('/quan-tri') && officer.includes('/quan-tri/ho-so'));
  assert.ok(!officer.includes('/ho-so'), 'officers have no "Hồ sơ của tôi"');
});

test('the demo has a staff account for every officer role', () => {
  const roles = demo.staff.map((s) => s.role);
  for (const role of ['Cán bộ một cửa', 'Chuyên viên xử lý', 'Lãnh đạo phê duyệt',
    'Quản trị đơn vị', 'Quản trị cấp tỉnh']) {
    assert.ok(roles.includes(role), `no demo account for ${role}: ${roles.join(', ')}`);
  }
});

test('each staff home names the person, roles and agency, and links only pages that open',
  async () => {
    for (const s of demo.staff) {
      const html = homes[s.login];
      assert.match(html, new RegExp(`Vai trò: [^<]*${s.role}`), `${s.login}: role by name`);
      assert.doesNotMatch(html.slice(html.indexOf('<main')), /cơ quan T20\.|– T20\./,
        `${s.login}: the agency by name, not code`);
      assert.match(html, /(Sở|Trung tâm|Văn phòng|Ủy ban)[^<]*tỉnh Lạng Sơn/,
        `${s.login}: the agency's name`);
      const links = mainLinks(html);
      assert.ok(links.length > 0, `${s.login} has areas of work`);
      for (const href of links) {
        const r = await getForm(demo.url, href, jars[s.login]);
        assert.equal(r.status, 200, `${s.login}: ${href} answers ${r.status}`);
      }
    }
  });

test('a staff area missing from a home is one that role may not open (403)', async () => {
  const areas = new Set();
  for (const s of demo.staff) {
    for (const href of mainLinks(homes[s.login])) {
      const path = href.split('?')[0];
      if (path.startsWith('/quan-tri/') || path.startsWith('/cong-tac-vien')) areas.add(path);
    }
  }
  for (const area of ['/quan-tri/ho-so', '/quan-tri/ho-so/tiep-nhan', '/quan-tri/phan-anh',
    '/quan-tri/chat-luong', '/quan-tri/khao-sat', '/quan-tri/tro-ly', '/quan-tri/lich',
    '/quan-tri/nhat-ky']) {
    assert.ok(areas.has(area), `some demo role's home links ${area}`);
  }
  for (const s of demo.staff) {
    const own = new Set(mainLinks(homes[s.login]).map((h) => h.split('?')[0]));
    for (const area of areas) {
      if (own.has(area)) continue;
      const r = await getForm(demo.url, area, jars[s.login]);
      assert.equal(r.status, 403, `${s.login} (${s.role}) may open ${area} (${r.status}) ` +
        'but the staff home does not link it');
    }
  }
});

test('the counts on the staff home are the lengths of the queues they link', async () => {
  let seen = 0;
  for (const s of demo.staff) {
    const html = homes[s.login];
    for (const href of mainLinks(html)) {
      const n = countOf(html, href);
      if (n === null) continue;
      seen += 1;
      const page = await getForm(demo.url, href, jars[s.login]);
      const total = /<p>(\d+) (hồ sơ|phản ánh|chiến dịch)[ .]/.exec(page.html);
      assert.ok(total, `${href} shows its total`);
      assert.equal(Number(total[1]), n, `${s.login}: count of ${href}`);
    }
  }
  assert.ok(seen >= 5, 'the homes show counts');
  const reception = demo.staff.find((s) => s.role === 'Cán bộ một cửa');
  assert.ok(countOf(homes[reception.login], '/quan-tri/ho-so?hang=tiep-nhan') > 0,
    'the demo has online dossiers waiting for the reception officer');
});

test('staff are not offered online submission, which would answer 403', async () => {
  const anonymous = await getForm(demo.url, '/thu-tuc/1.001193');
  assert.match(anonymous.html, /href="\/nop-ho-so\/1\.001193"/, 'citizens are offered it');
  for (const s of demo.staff) {
    const page = await getForm(demo.url, '/thu-tuc/1.001193', jars[s.login]);
    assert.doesNotMatch(page.html, /href="\/nop-ho-so\//, `${s.login} sees "Nộp hồ sơ trực tuyến"`);
    const submit = await getForm(demo.url, '/nop-ho-so/1.001193', jars[s.login]);
    assert.equal(submit.status, 403);
  }
});

test('the counter intake is refused to roles that cannot receive, and not linked for them',
  async () => {
    const processing = demo.staff.find((s) => s.role === 'Chuyên viên xử lý');
    const r = await getForm(demo.url, '/quan-tri/ho-so/tiep-nhan', jars[processing.login]);
    assert.equal(r.status, 403);
    const queue = await getForm(demo.url, '/quan-tri/ho-so', jars[processing.login]);
    assert.doesNotMatch(queue.html, /href="\/quan-tri\/ho-so\/tiep-nhan"/);
    const reception = demo.staff.find((s) => s.role === 'Cán bộ một cửa');
    const own = await getForm(demo.url, '/quan-tri/ho-so', jars[reception.login]);
    assert.match(own.html, /href="\/quan-tri\/ho-so\/tiep-nhan"/);
  });

test('motcua --help and import --help list every module\'s commands and kinds', () => {
  const help = execFileSync(bin(), ['--help']).toString();
  for (const cmd of ['serve', 'demo', 'migrate', 'import', 'export', 'user', 'catalog',
    'calendar', 'assistant', 'index']) {
    assert.match(help, new RegExp(`^  ${cmd} +\\S`, 'm'), `--help lists ${cmd}`);
  }
  const imports = execFileSync(bin(), ['import', '--help']).toString();
  for (const kind of ['units', 'agencies', 'procedures', 'dossiers', 'faq']) {
    assert.match(imports, new RegExp(`^  ${kind} +\\S`, 'm'), `import --help lists ${kind}`);
  }
  const exports = execFileSync(bin(), ['export', '--help']).toString();
  assert.match(exports, /^ {2}dossiers +\S/m);
});

