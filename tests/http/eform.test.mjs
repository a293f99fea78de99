// eform.test.mjs - issue 12 part 2: the typed e-form of a procedure
// (data/demo/eforms.json loaded with `motcua import eforms`) is checked on
// the server field by field with a Vietnamese reason, keeps what was typed,
// marks and enforces required and conditional documents, counts copies in
// the fee, and the declaration then reaches the officer: labelled on the
// dossier page and the receipt, and searchable in the queue.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, getForm } from './lib/server.mjs';
import {
  addStaff, get, loadAgencies, motcua, pdfBytes, postMultipart, registerCitizen, serverClock,
  sqlRows, staffLogin, submitForm,
} from './lib/dossier-helpers.mjs';
import { unseal } from './lib/feedback-helpers.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NOW = '2026-03-02T09:00:00+07:00';   // a Monday, office hours
const BIRTH = '1.001193';
const COPY = '2.000635';
const COMMUNE = 'X05977.UBND';
let srv;
let citizen;
let officer;

before(async () => {
  srv = await startServer({ env: { MOTCUA_NOW: NOW } });
  loadAgencies(srv);
  motcua(srv, 'import', 'eforms', join(ROOT, 'data/demo/eforms.json'));
  addStaff(srv, 'tn.dongkinh', 'Tô Thị Diệu', 'reception', COMMUNE);
  officer = await staffLogin(srv, 'tn.dongkinh', serverClock(NOW));
  citizen = await registerCitizen(srv, 'Hoàng Thị Lan');
});

after(async () => { await srv?.stop(); });

/** A complete, valid birth registration; override any field with over. */
function birthFields(over = {}) {
  return {
    agency_code: COMMUNE, f_ho_ten_tre: 'Nguyễn Hoàng An', f_ngay_sinh: '2026-02-05',
    f_gioi_tinh: 'Nam', f_noi_sinh: 'Bệnh viện Đa khoa tỉnh Lạng Sơn',
    f_ho_ten_me: 'Hoàng Thị Lan', f_cccd_me: '020190001234', f_ho_ten_cha: '',
    f_quan_he: 'Mẹ', f_noi_cu_tru: 'Số 12 đường Bà Triệu', f_noi_cu_tru__xa: '05977',
    f_dien_thoai: '0912 345 678', f_so_ban_sao: '2', delivery: 'online', ...over,
  };
}

/** Post the birth registration form; files: { doc_1: Buffer } (the birth certificate). */
async function lodge(fields, files = { doc_1: pdfBytes(`chung sinh ${Math.random()}`) },
  procedure = BIRTH) {
  const f = await submitForm(srv, citizen.jar, procedure);
  const fd = new FormData();
  fd.append('csrf', f.csrf);
  fd.append('token', f.token);
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const [k, v] of Object.entries(files)) {
    fd.append(k, new Blob([v], { type: 'application/pdf' }), `${k}.pdf`);
  }
  fd.append('action', 'nop');
  const r = await postMultipart(srv, `/nop-ho-so/${procedure}`, fd, citizen.jar);
  const m = r.location && /^\/ho-so\/([^/?#]+)\?moi=1$/.exec(r.location);
  return { ...r, code: m ? decodeURIComponent(m[1]) : null };
}

const count = () => sqlRows(srv, 'SELECT count(*) AS n FROM dossiers')[0].n;

/** The error paragraph next to input name, or null. */
function errorOf(html, name) {
  const m = new RegExp(`<p class="error" id="err-${name}">([^<]*)</p>`).exec(html);
  return m ? m[1] : null;
}

test('the form shows typed inputs and marks each document', async () => {
  const { html } = await submitForm(srv, citizen.jar, BIRTH);
  assert.match(html, /<select id="f_gioi_tinh" name="f_gioi_tinh">/);
  assert.match(html, /<option value="Nữ">Nữ<\/option>/);
  assert.match(html, /id="f_ngay_sinh"[^>]*placeholder="ngày\/tháng\/năm"/);
  assert.match(html, /<input id="f_dien_thoai" name="f_dien_thoai" value="" type="tel"/);
  assert.match(html, /<select id="f_noi_cu_tru__xa"[^>]*>[\s\S]*<option value="05977">Phường Đông Kinh/);
  assert.match(html, /Giấy chứng sinh[^<]*<span class="muted">\(bắt buộc\)<\/span>/);
  assert.match(html, /Văn bản ủy quyền[^<]*<span class="muted">\(bắt buộc khi Quan hệ của người đi đăng ký với trẻ là “Người được ủy quyền”\)/);
});

test('each bad value is refused next to its field, with what was typed kept', async () => {
  const before = count();
  const cases = [
    ['f_ngay_sinh', 'hôm qua', /dạng ngày\/tháng\/năm/],
    ['f_ngay_sinh', '31/02/2026', /không có trên lịch/],
    ['f_ngay_sinh', '05/03/2027', /không được sau ngày hôm nay/],
    ['f_so_ban_sao', 'hai', /Chỉ nhập chữ số/],
    ['f_so_ban_sao', '50', /ngoài khoảng cho phép/],
    ['f_gioi_tinh', 'Khác', /chọn một giá trị trong danh sách/],
    ['f_cccd_me', '12345', /12 chữ số|căn cước/i],
    ['f_dien_thoai', '12345', /điện thoại/i],
    ['f_ho_ten_tre', '', /Cần nhập thông tin này/],
    ['f_noi_cu_tru__xa', '', /Chọn xã, phường/],
  ];
  for (const [name, value, why] of cases) {
    const r = await lodge(birthFields({ [name]: value }));
    assert.equal(r.status, 422, `${name}=${value}: ${r.status}`);
    const field = name === 'f_noi_cu_tru__xa' ? 'f_noi_cu_tru' : name;
    assert.match(errorOf(r.html, field) || '', why, `${name}=${value}`);
    // What was typed is still there, this value and the others.
    if (value && name !== 'f_gioi_tinh' && name !== 'f_noi_cu_tru__xa') {
      assert.ok(r.html.includes(`value="${value}"`), `${name} keeps ${value}`);
    }
    assert.match(r.html, /value="Nguyễn Hoàng An"|name="f_ho_ten_tre" value=""/);
    assert.match(r.html, /value="Bệnh viện Đa khoa tỉnh Lạng Sơn"/);
  }
  assert.equal(count(), before, 'nothing was stored');
});

test('a missing required document is refused; a conditional one only when its condition holds',
  async () => {
    const before = count();
    const none = await lodge(birthFields(), {});
    assert.equal(none.status, 422);
    assert.match(errorOf(none.html, 'doc_1') || '', /Cần tải lên giấy tờ này/);
    const proxy = await lodge(birthFields({ f_quan_he: 'Người được ủy quyền' }));
    assert.equal(proxy.status, 422);
    assert.match(errorOf(proxy.html, 'doc_2') || '', /Cần tải lên giấy tờ này/);
    assert.equal(errorOf(proxy.html, 'doc_1'), null, 'the birth certificate was given');
    assert.equal(count(), before);
    const ok = await lodge(birthFields({ f_quan_he: 'Người được ủy quyền' }),
      { doc_1: pdfBytes('chung sinh'), doc_2: pdfBytes('uy quyen') });
    assert.equal(ok.status, 303, ok.html.slice(0, 400));
  });

test('a valid declaration is stored normalised, with the fee per copy', async () => {
  const r = await lodge(birthFields());
  assert.equal(r.status, 303, r.html.slice(0, 600));
  const row = sqlRows(srv, `SELECT form_data, fee_dong, has_fee FROM dossiers
    WHERE code = '${r.code}'`)[0];
  assert.match(row.form_data, /^enc1:/, 'the declaration is sealed at rest');
  const form = JSON.parse(unseal(srv, row.form_data));
  assert.equal(form.ngay_sinh, '05/02/2026', 'ISO date written as dd/mm/yyyy');
  assert.equal(form.dien_thoai, '0912345678');
  assert.equal(form.noi_cu_tru, 'Số 12 đường Bà Triệu, Phường Đông Kinh, Tỉnh Lạng Sơn');
  assert.equal(form.noi_cu_tru__xa, '05977');
  assert.equal(form.ho_ten_cha, undefined, 'empty optional fields are not stored');
  assert.equal(row.fee_dong, 16000, '2 copies x 8.000 đồng');
  assert.equal(row.has_fee, 1);
  // A procedure whose channel fee is per copy: 3 x 8.000.
  const copy = await lodge({ agency_code: COMMUNE, f_loai_trich_luc: 'Giấy khai sinh',
    f_ho_ten_nguoi_duoc_cap: 'Hoàng Thị Lan', f_so_ban: '3', f_uy_quyen: 'Không',
    delivery: 'online' }, {}, COPY);
  assert.equal(copy.status, 303, copy.html.slice(0, 600));
  assert.equal(sqlRows(srv, `SELECT fee_dong FROM dossiers WHERE code = '${copy.code}'`)[0]
    .fee_dong, 24000);
  state.code = r.code;
});

const state = {};

test('the officer sees every declared field with its label, the receipt the ones it prints',
  async () => {
    const page = await getForm(srv.url, `/ho-so/${encodeURIComponent(state.code)}`, officer);
    assert.equal(page.status, 200);
    const decl = /<section aria-labelledby="to-khai"[\s\S]*?<\/section>/.exec(page.html)[0];
    for (const [label, value] of [
      ['Họ, chữ đệm và tên của trẻ', 'Nguyễn Hoàng An'],
      ['Ngày, tháng, năm sinh của trẻ', '05/02/2026'], ['Giới tính', 'Nam'],
      ['Họ, chữ đệm và tên của mẹ', 'Hoàng Thị Lan'],
      ['Quan hệ của người đi đăng ký với trẻ', 'Mẹ'],
      ['Nơi cư trú của người đi đăng ký', 'Số 12 đường Bà Triệu, Phường Đông Kinh, Tỉnh Lạng Sơn'],
      ['Số bản sao Giấy khai sinh cần cấp thêm', '2']]) {
      assert.match(decl, new RegExp(`<dt>${label}</dt><dd[^>]*>${value}</dd>`), label);
    }
    assert.doesNotMatch(decl, /noi_cu_tru__xa|05977/, 'no raw keys or codes');
    const receipt = await getForm(srv.url, `/ho-so/${encodeURIComponent(state.code)}/bien-nhan`,
      officer);
    assert.match(receipt.html, /Họ, chữ đệm và tên của trẻ: <strong>Nguyễn Hoàng An<\/strong>/);
    assert.doesNotMatch(receipt.html, /Giới tính:/, 'the receipt prints only its fields');
  });

test('the officer finds the dossier by a declared value, with or without diacritics', async () => {
  for (const q of ['Nguyễn Hoàng An', 'nguyen hoang an', 'BENH VIEN DA KHOA']) {
    const res = await get(srv, `/quan-tri/ho-so?q=${encodeURIComponent(q)}`, officer);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.ok(html.includes(state.code), `found by ${q}`);
  }
  const res = await get(srv, `/quan-tri/ho-so?q=${encodeURIComponent('Trần Văn Khác')}`, officer);
  assert.ok(!(await res.text()).includes(state.code));
});
