// catalog.test.mjs - the procedure catalogue over HTTP: search that
// ignores diacritics, filters, the API shapes, the procedure page with its
// real numbers, and the province admin's edit form (versioned).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, getForm, postForm, totp, cookieHeader, formFields } from './lib/server.mjs';
import { freshTotp } from './lib/feedback-helpers.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = () => process.env.MOTCUA_BIN || join(root, 'build/dev/motcua');
const SECRET = 'JBSWY3DPEHPK3PXP';
let srv;

function motcua(...args) {
  return execFileSync(bin(), [...args, '--db', srv.db, '--data-dir', srv.tmpdir],
    { env: { ...process.env, MOTCUA_LOG_ACCESS: '0' } }).toString();
}

before(async () => {
  srv = await startServer();
  motcua('import', 'procedures', join(root, 'data/demo/procedures.jsonl'));
  const levels = join(srv.tmpdir, 'levels.csv');
  writeFileSync(levels, 'stt,ma_tthc,muc_do_dvc,ten_tthc,linh_vuc,quyet_dinh_cong_bo\n' +
    '1,1.001193.000.00.00.H37,Toàn trình,Đăng ký khai sinh,Hộ tịch,QĐ 1\n' +
    '2,1.000894.000.00.00.H37,Một phần,Đăng ký kết hôn,Hộ tịch,QĐ 1\n');
  motcua('import', 'procedures', levels);
  motcua('user', 'add', '--login', 'quantri', '--name', 'Vi Văn Quang', '--password', 'la-xanh-2026',
    '--roles', 'province_admin', '--totp-secret', SECRET);
});
after(async () => { await srv.stop(); });

async function api(path) {
  let res;
  try {
    res = await fetch(srv.url + path);
  } catch {
    // A kept-alive connection the server closed while a synchronous import
    // blocked this process (its idle timeout is 30 s): a GET, so ask again.
    res = await fetch(srv.url + path);
  }
  return { status: res.status, body: await res.json() };
}

const codes = (body) => body.items.map((i) => i.code);

test('searching without diacritics finds the same procedures as with them', async () => {
  const pairs = [['Đăng ký khai sinh', 'dang ky khai sinh'], ['kết hôn', 'ket hon'],
    ['ĐĂNG KÝ THƯỜNG TRÚ', 'dang ky thuong tru'], ['giấy phép lái xe', 'giay phep lai xe']];
  for (const [withMarks, without] of pairs) {
    const a = await api('/api/v1/procedures?q=' + encodeURIComponent(withMarks));
    const b = await api('/api/v1/procedures?q=' + encodeURIComponent(without));
    assert.equal(a.status, 200);
    assert.ok(a.body.total > 0, `nothing found for ${withMarks}`);
    assert.deepEqual(codes(a.body), codes(b.body), `${withMarks} vs ${without}`);
  }
});

test('the list API has the documented shape and ranks the name match first', async () => {
  const { body } = await api('/api/v1/procedures?q=khai+sinh');
  assert.equal(body.items[0].code, '1.001193');
  const item = body.items[0];
  assert.deepEqual(Object.keys(item).sort(), ['code', 'field', 'levels', 'name', 'online_level', 'url']);
  assert.equal(item.url, '/thu-tuc/1.001193');
  assert.deepEqual(item.levels, ['xa']);
  assert.equal(item.online_level, 'toan_trinh');
  assert.equal(typeof body.total, 'number');
});

test('a typo still finds the procedure', async () => {
  const { body } = await api('/api/v1/procedures?q=' + encodeURIComponent('khai snh'));
  assert.ok(codes(body).includes('1.001193'));
});

test('filters by field, level and online level', async () => {
  const field = await api('/api/v1/procedures?field=' + encodeURIComponent('Hộ tịch'));
  assert.ok(field.body.total >= 3);
  assert.ok(field.body.items.every((i) => i.field === 'Hộ tịch'));
  const tinh = await api('/api/v1/procedures?level=tinh');
  assert.ok(tinh.body.items.every((i) => i.levels.includes('tinh')));
  assert.ok(tinh.body.total < (await api('/api/v1/procedures')).body.total);
  const online = await api('/api/v1/procedures?online=toan_trinh');
  assert.deepEqual(codes(online.body), ['1.001193']);
});

test('bad filter values get a Vietnamese 400 in the one error shape', async () => {
  for (const q of ['level=huyen', 'online=full', 'page=0', 'page=abc']) {
    const { status, body } = await api('/api/v1/procedures?' + q);
    assert.equal(status, 400, q);
    assert.equal(body.error.code, 'bad_query');
    assert.match(body.error.message, /không hợp lệ/);
  }
});

test('the whole record has the real numbers; unknown codes are 404', async () => {
  const { status, body } = await api('/api/v1/procedures/1.004222');
  assert.equal(status, 200);
  assert.equal(body.code, '1.004222');
  const fees = Object.fromEntries(body.channels.map((c) => [c.kind, c.fee_dong]));
  assert.equal(Math.min(...Object.values(fees)), 10000);
  assert.equal(Math.max(...Object.values(fees)), 20000);
  assert.ok(body.documents.length > 0);
  const missing = await api('/api/v1/procedures/9.999999');
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.code, 'not_found');
});

test('the procedure page shows documents, time and fee per channel', async () => {
  const res = await fetch(srv.url + '/thu-tuc/1.004222');
  const html = await res.text();
  assert.equal(res.status, 200);
  assert.match(html, /<h1>Đăng ký thường trú<\/h1>/);
  assert.match(html, /Giấy tờ cần chuẩn bị/);
  assert.match(html, /7 ngày làm việc/);
  assert.match(html, /20\.000 đồng/);
  assert.match(html, /10\.000 đồng/);
  assert.match(html, /Căn cứ pháp lý/);
  const page = await (await fetch(srv.url + '/thu-tuc/1.001193')).text();
  assert.match(page, /nộp được trực tuyến/);
});

test('the directory page searches without JavaScript and pages results', async () => {
  const html = await (await fetch(srv.url + '/thu-tuc?q=dang+ky')).text();
  assert.match(html, /Tìm thấy \d+ thủ tục/);
  assert.match(html, /href="\/thu-tuc\/1\.001193"/);
  const browse = await (await fetch(srv.url + '/thu-tuc')).text();
  assert.match(browse, /Xem theo lĩnh vực/);
  const bad = await fetch(srv.url + '/thu-tuc?level=huyen');
  assert.equal(bad.status, 200);
  assert.match(await bad.text(), /cấp thực hiện không hợp lệ/);
});

test('suggestions come back as names', async () => {
  const { body } = await api('/api/v1/procedure-suggestions?q=thuong+tru');
  assert.ok(body.items.some((i) => i.name === 'Đăng ký thường trú'));
});

async function adminJar() {
  const jar = {};
  const { csrf } = await getForm(srv.url, '/dang-nhap', jar);
  await postForm(srv.url, '/dang-nhap', { csrf, login: 'quantri', password: 'la-xanh-2026' }, jar);
  const f = await getForm(srv.url, '/dang-nhap/ma-xac-thuc', jar);
  const code = await freshTotp(srv, 'quantri', undefined, SECRET);
  const r = await postForm(srv.url, '/dang-nhap/ma-xac-thuc', { csrf: f.csrf, code }, jar);
  assert.equal(r.status, 303);
  return jar;
}


test('the province admin edits a fee: a new version, the page shows it', async () => {
  const jar = await adminJar();
  const form = await getForm(srv.url, '/quan-tri/thu-tuc/1.004222/sua', jar);
  assert.equal(form.status, 200);
  const fields = formFields(form.html);
  assert.equal(fields.ch_truc_tiep_fee, '20000');
  const saved = await postForm(srv.url, '/quan-tri/thu-tuc/1.004222/sua',
    { ...fields, ch_truc_tiep_fee: '25.000' }, jar);
  assert.equal(saved.status, 303);
  const page = await (await fetch(srv.url + '/thu-tuc/1.004222')).text();
  assert.match(page, /25\.000 đồng/);
  assert.equal((await api('/api/v1/procedures/1.004222')).body.version, 2);
});

test('a bad edit keeps what was typed, explains, and saves nothing', async () => {
  const jar = await adminJar();
  const before = (await api('/api/v1/procedures/1.001193')).body.version;
  const form = await getForm(srv.url, '/quan-tri/thu-tuc/1.001193/sua', jar);
  const fields = formFields(form.html);
  const bad = await postForm(srv.url, '/quan-tri/thu-tuc/1.001193/sua',
    { ...fields, name: '', ch_truc_tiep_time: 'bảy ngày', ch_truc_tiep_on: '1' }, jar);
  assert.equal(bad.status, 422);
  assert.match(bad.html, /vui lòng nhập tên thủ tục/);
  assert.match(bad.html, /thời hạn phải là một số/);
  assert.match(bad.html, /value="bảy ngày"/);
  const name = (await api('/api/v1/procedures/1.001193')).body.name;
  assert.ok(bad.html.includes(`<h1>Sửa thông tin thủ tục: ${name}</h1>`),
    'the heading names the procedure as published, not the emptied field');
  assert.equal((await api('/api/v1/procedures/1.001193')).body.version, before);
});

test('only the province admin may edit, and only with the CSRF token', async () => {
  const citizen = {};
  const r = await getForm(srv.url, '/dang-ky', citizen);
  await postForm(srv.url, '/dang-ky', { csrf: r.csrf, kind: 'citizen', dong_y: '1', full_name: 'Lò Thị Mai',
    cccd: '020190007777', phone: '0912000222', password: 'la-xanh-2026', password2: 'la-xanh-2026' }, citizen);
  const res = await fetch(srv.url + '/quan-tri/thu-tuc/1.004222/sua', { headers: { cookie: cookieHeader(citizen) }, redirect: 'manual' });
  assert.equal(res.status, 403);
  const jar = await adminJar();
  const nocsrf = await postForm(srv.url, '/quan-tri/thu-tuc/1.004222/sua', { name: 'X' }, jar);
  assert.equal(nocsrf.status, 403);
});

test('a renamed procedure is searched by its new words at once, no longer by its old ones',
  async () => {
    // The search ranks from a copy of the indexes in memory (catalog_mem.c),
    // made again by the first search after the catalogue changes: the
    // edit's answer is back before the next search, which must see it.
    const jar = await adminJar();
    const path = '/quan-tri/thu-tuc/1.004222/sua';
    const rename = async (name) => {
      const form = await getForm(srv.url, path, jar);
      assert.equal(form.status, 200);
      const saved = await postForm(srv.url, path, { ...formFields(form.html), name }, jar);
      assert.equal(saved.status, 303);
    };
    const search = async (q) => {
      const every = await api('/api/v1/procedures?q=' + encodeURIComponent(q));
      const typed = await api('/api/v1/procedure-suggestions?q=' + encodeURIComponent(q));
      assert.equal(every.status, 200);
      return { every: codes(every.body), typed: codes(typed.body) };
    };
    const original = formFields((await getForm(srv.url, path, jar)).html).name;
    assert.deepEqual((await search('xylophonium')).every, []);
    await rename(`${original} xylophonium`);
    let found = await search('Xylophonium');
    assert.deepEqual(found.every, ['1.004222']);
    assert.equal(found.typed[0], '1.004222');
    await rename(`${original} quazarit`);
    found = await search('quazarit');
    assert.deepEqual(found.every, ['1.004222']);
    assert.equal(found.typed[0], '1.004222');
    const gone = await search('xylophonium');
    assert.deepEqual(gone.every, []);
    assert.ok(!gone.typed.includes('1.004222'), 'the old word no longer finds it');
    await rename(original);
  });

const NATIONAL = join(root, '../shared/data/thu_tuc_hanh_chinh/dvc_tthc_6_bo_nganh_2642.jsonl.gz');

test('the national catalogue: 2,642 procedures, searchable without diacritics',
  { skip: !existsSync(NATIONAL) && 'reference data not present' }, async () => {
    const out = motcua('import', 'procedures', NATIONAL);
    assert.match(out, /2642/);
    const again = motcua('import', 'procedures', NATIONAL);
    assert.match(again, /thêm mới 0, cập nhật 0/);
    // The imports ran synchronously; let the client's timers drop the keep-alive
    // connections that idled meanwhile (the server closes them after 30 s) before
    // reusing one, or a slow machine gets "other side closed".
    await new Promise((resolve) => { setTimeout(resolve, 50); });
    const all = await api('/api/v1/procedures');
    assert.ok(all.body.total >= 2642);
    for (const [a, b] of [['Đăng ký khai sinh', 'dang ky khai sinh'], ['cấp lại thẻ căn cước', 'cap lai the can cuoc']]) {
      const x = await api('/api/v1/procedures?q=' + encodeURIComponent(a));
      const y = await api('/api/v1/procedures?q=' + encodeURIComponent(b));
      assert.deepEqual(codes(x.body), codes(y.body));
    }
  });

test('public pages without forms set no cookie; pages with forms do', async () => {
  const proc = await fetch(srv.url + '/thu-tuc/1.001193');
  assert.equal(proc.headers.getSetCookie().length, 0);
  const again = await fetch(srv.url + '/thu-tuc/1.001193');
  assert.equal(await again.text(), await (await fetch(srv.url + '/thu-tuc/1.001193')).text());
  const form = await fetch(srv.url + '/dang-nhap');
  assert.ok(form.headers.getSetCookie().some((c) => c.startsWith('mc_anon=')));
});

