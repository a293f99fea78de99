#!/usr/bin/env node
// check.mjs - validates the programme data shipped in data/programme (organisations,
// plans and their tasks, the 1588 template, KPIs and overrides) against the formats
// described in data/programme/README.md.
//
// Usage: node tools/programme-data/check.mjs [DIR] [--json]
//   DIR defaults to data/programme next to this tool.  Exit status 0 when the data
//   is consistent, 1 when it is not (every problem is listed with file and line),
//   2 on a usage error.  --json prints {ok, errors, summary} instead of text.
//
// Also a module: checkDir(dir) and parseTimeFrame(text) are exported for the tests.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------- fixed vocabularies

// The KPI keys of issue 14 part 6, in the order.  The API, CLI, exports and
// tests use them; renaming one is a breaking change, so the list lives here too.
export const KPI_KEYS = [
  'ho_so_hoan_toan_truc_tuyen', 'ho_so_nop_truc_tuyen', 'nguoi_truong_thanh_su_dung',
  'hai_long_dvctt', 'hai_long_dat_dai_xay_dung_dau_tu', 'y_kien_tiep_thu_cong_khai',
  'tthc_toan_trinh', 'dinh_danh_xac_thuc', 'can_bo_van_hanh_dao_tao', 'to_cnscd_tap_huan',
  'co_quan_dang_tai_huong_dan', 'co_quan_tuyen_truyen_cong_ttdt', 'he_thong_tt_co_so',
  'co_quan_bao_chi', 'can_bo_truyen_thong', 'hoc_sinh_sinh_vien_pho_cap',
  'co_quan_cai_tien_lien_tuc',
];
const KPI_SOURCES = ['computed', 'survey', 'reported', 'external-denominator'];
const KPI_PERIODS = ['tháng', 'quý', 'năm'];

// The output kinds issue 14 part 3 names; output-types.csv may add more.
const REQUIRED_OUTPUT_TYPES = ['tin_bai', 'video', 'lop_tap_huan', 'nguoi_tham_du',
  'phat_thanh_co_so', 'an_pham', 'livestream'];

// Every clause of Decision 1588/QĐ-TTg a task may cite (sections and their points).
const L = (prefix, letters) => letters.split(' ').map((x) => `${prefix}.${x}`);
export const CLAUSES_1588 = new Set([
  'I', 'I.1', 'I.2', 'I.3', 'I.4', 'II', 'II.1', 'II.1.a', 'II.1.b', 'II.2', 'II.2.a', 'II.2.b',
  'III', 'III.1', 'III.2', 'III.3', 'III.4', 'III.5', 'III.6',
  'IV', 'IV.1', ...L('IV.1', 'a b c d đ e'), 'IV.2', ...L('IV.2', 'a b c d'),
  'IV.3', ...L('IV.3', 'a b c d đ e g h i k'), 'IV.4', ...L('IV.4', 'a b c'),
  'IV.5', ...L('IV.5', 'a b c d đ e g h i'), 'IV.6', ...L('IV.6', 'a b c d đ e'),
  'V', 'V.1', 'V.2',
  'VI', 'VI.1', ...L('VI.1', 'a b c d đ'), 'VI.2', 'VI.3', 'VI.4', 'VI.5', ...L('VI.5', 'a b c'),
  'VI.6', 'VI.7', 'VI.8', ...L('VI.8', 'a b c d đ'), 'VI.9', ...L('VI.9', 'a b c d đ'),
  'VI.10', ...L('VI.10', 'a b c d đ'),
]);

// What §VI.10 gives every province: the points of §IV listed in §VI.10.c ("điểm b, c,
// d, e khoản 1; khoản 2; điểm a, b, c, d, đ, h, i, k khoản 3; điểm a, b, c, d, đ, e
// khoản 5; điểm b, c, đ, e khoản 6") and its own points a, b, d, đ.
export const TEMPLATE_CLAUSES = [
  ...L('IV.1', 'b c d e'), ...L('IV.2', 'a b c d'), ...L('IV.3', 'a b c d đ h i k'),
  ...L('IV.5', 'a b c d đ e'), ...L('IV.6', 'b c đ e'), ...L('VI.10', 'a b d đ'),
];

const TF_TOKENS = ['hằng năm', 'hằng quý', 'hằng tháng', 'định kỳ', 'thường xuyên',
  'khi có yêu cầu'];
const REPORT_KINDS = ['hang_nam', 'dinh_ky', 'dot_xuat', 'kho_khan'];
const SUCCESSION_KINDS = ['sap_nhap', 'giai_the'];
const LEVELS = ['trung_uong', 'tinh', 'huyen', 'xa', 'khac'];

const ORG_HEADER = ['ma_don_vi', 'ten_don_vi', 'ten_ngan', 'loai', 'ma_dvhc', 'ma_don_vi_cha',
  'thuoc_nhom', 'nhom_gom_loai', 'nhom_dia_ban_cu', 'hieu_luc_tu', 'hieu_luc_den', 'ma_ke_nhiem',
  'hinh_thuc_ke_nhiem', 'ghi_chu', 'nguon'];
const TYPE_HEADER = ['ma_loai', 'ten_loai', 'cap', 'het_hieu_luc', 'mo_ta'];
const TASK_HEADER = ['stt', 'muc', 'giai_doan', 'noi_dung', 'dieu_1588', 'chu_tri', 'phoi_hop',
  'thoi_gian_ghi', 'thoi_gian', 'ket_qua', 'dau_ra', 'ghi_chu', 'nguon'];
const TEMPLATE_HEADER = ['stt', 'muc', 'noi_dung', 'dieu_1588', 'vai_tro_chu_tri',
  'vai_tro_phoi_hop', 'thoi_gian_ghi', 'thoi_gian', 'dau_ra', 'theo_ke_hoach', 'ghi_chu', 'nguon'];
const KPI_HEADER = ['ma', 'ten', 'muc_tieu_2025', 'muc_tieu_2030', 'hang_nam', 'nguon_so_lieu',
  'tu_so', 'mau_so', 'mau_so_ngoai', 'cong_thuc', 'khi_mau_so_bang_0', 'ky', 'cong_khai', 'can_cu',
  'ghi_chu'];
const OVERRIDE_HEADER = ['ma_chi_tieu', 'ma_don_vi', 'nam', 'muc_tieu', 'dinh_nghia', 'can_cu',
  'ghi_chu'];
const OUTPUT_HEADER = ['ma', 'ten', 'don_vi_dem', 'mo_ta', 'tu_dong'];

const CODE_RE = /^[A-Za-z0-9._-]{1,64}$/;
const KEY_RE = /^[a-z][a-z0-9_]*$/;
const STT_RE = /^[0-9A-Za-zđĐ.#]{1,32}$/u;

// ---------------------------------------------------------------- CSV

// Parse RFC 4180 text.  Returns { rows: [{ line, fields }] } or { error, line }.
// Quoted fields may hold commas, "" and line breaks; CR, a BOM and blank lines are
// refused because the shipped files are plain LF text.
export function parseCsv(text) {
  if (text.startsWith('\ufeff'))
    return { error: 'có BOM ở đầu tệp', line: 1 };
  if (text.includes('\r'))
    return { error: 'có ký tự CR (xuống dòng kiểu Windows)', line: text.slice(0, text.indexOf('\r')).split('\n').length };
  if (text.length > 0 && !text.endsWith('\n'))
    return { error: 'dòng cuối không kết thúc bằng ký tự xuống dòng', line: text.split('\n').length };
  const rows = [];
  let i = 0;
  let line = 1;
  while (i < text.length) {
    const start = line;
    const fields = [];
    if (text[i] === '\n')
      return { error: 'dòng trống', line };
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        const open = line;
        i++;
        for (;;) {
          if (i >= text.length)
            return { error: 'dấu ngoặc kép mở ở đây chưa được đóng', line: open };
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n')
            line++;
          value += c;
          i++;
        }
        if (text[i] !== ',' && text[i] !== '\n')
          return { error: 'có ký tự sau dấu ngoặc kép đóng', line };
      } else {
        while (i < text.length && text[i] !== ',' && text[i] !== '\n') {
          if (text[i] === '"')
            return { error: 'dấu ngoặc kép giữa ô không được bao trong ngoặc kép', line };
          value += text[i];
          i++;
        }
      }
      fields.push(value);
      if (text[i] === ',') {
        i++;
        continue;
      }
      i++; // the '\n' ending the record
      line++;
      break;
    }
    rows.push({ line: start, fields });
  }
  return { rows };
}

// ---------------------------------------------------------------- dates and time frames

function daysInMonth(y, m) {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const ymd = (y, m, d) => y * 10000 + m * 100 + d;

// An ISO date (YYYY-MM-DD) as YYYYMMDD, or null when malformed or impossible.
export function parseIsoDate(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m)
    return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo))
    return null;
  return ymd(y, mo, d);
}

function parsePoint(s) {
  let m;
  const yearOk = (y) => y >= 2000 && y <= 2100;
  if ((m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s))) {
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!yearOk(y))
      return { error: `năm ${y} nằm ngoài 2000–2100` };
    if (mo < 1 || mo > 12)
      return { error: `tháng ${m[2]} không có` };
    if (d < 1 || d > daysInMonth(y, mo))
      return { error: `ngày ${s} không có` };
    return { kind: 'date', start: ymd(y, mo, d), end: ymd(y, mo, d) };
  }
  if ((m = /^(\d{2})\/(\d{4})$/.exec(s))) {
    const [mo, y] = [Number(m[1]), Number(m[2])];
    if (!yearOk(y))
      return { error: `năm ${y} nằm ngoài 2000–2100` };
    if (mo < 1 || mo > 12)
      return { error: `tháng ${m[1]} không có` };
    return { kind: 'month', start: ymd(y, mo, 1), end: ymd(y, mo, daysInMonth(y, mo)) };
  }
  if ((m = /^Q(\d)\/(\d{4})$/.exec(s))) {
    const [q, y] = [Number(m[1]), Number(m[2])];
    if (!yearOk(y))
      return { error: `năm ${y} nằm ngoài 2000–2100` };
    if (q < 1 || q > 4)
      return { error: 'quý phải từ 1 đến 4' };
    const last = q * 3;
    return { kind: 'quarter', start: ymd(y, last - 2, 1), end: ymd(y, last, daysInMonth(y, last)) };
  }
  if ((m = /^(\d{4})$/.exec(s))) {
    const y = Number(m[1]);
    if (!yearOk(y))
      return { error: `năm ${y} nằm ngoài 2000–2100` };
    return { kind: 'year', start: ymd(y, 1, 1), end: ymd(y, 12, 31) };
  }
  return { error: 'không phải ngày (DD/MM/YYYY), tháng (MM/YYYY), quý (Qn/YYYY) hay năm (YYYY)' };
}

// Parse a normalised time frame (see README.md).  Returns { kind, start, end } with
// start/end as YYYYMMDD for dated frames, { kind: 'token', token } for the recurring
// or open ones, { kind: 'none' } for the empty string, or { error }.
export function parseTimeFrame(text) {
  if (text === '')
    return { kind: 'none' };
  if (TF_TOKENS.includes(text))
    return { kind: 'token', token: text };
  const parts = text.split('-');
  if (parts.length === 1) {
    const p = parsePoint(text);
    return p.error ? { error: `thời gian "${text}" không hợp lệ: ${p.error}` } : p;
  }
  if (parts.length !== 2)
    return { error: `thời gian "${text}" không hợp lệ: khoảng thời gian chỉ có một dấu "-"` };
  const a = parsePoint(parts[0]);
  const b = parsePoint(parts[1]);
  if (a.error || b.error)
    return { error: `thời gian "${text}" không hợp lệ: ${a.error || b.error}` };
  if (a.start > b.start || a.end > b.end || (a.start === b.start && a.end === b.end))
    return { error: `khoảng thời gian "${text}" không hợp lệ: điểm đầu không trước điểm cuối` };
  return { kind: 'range', start: a.start, end: b.end };
}

// ---------------------------------------------------------------- the checker

class Report {
  constructor() {
    this.errors = [];
  }

  add(file, line, message) {
    this.errors.push({ file, line, message });
  }

  get ok() {
    return this.errors.length === 0;
  }

  sorted() {
    return [...this.errors].sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1
      : (x.line ?? 0) - (y.line ?? 0)));
  }
}

const list = (s) => (s === '' ? [] : s.split(';'));

// Read a CSV file whose header must be exactly `header`; returns records as objects
// with a `_line` member, or null after reporting why it cannot be read.
function readTable(dir, file, header, rep) {
  const path = join(dir, file);
  if (!existsSync(path)) {
    rep.add(file, null, 'không có tệp');
    return null;
  }
  const parsed = parseCsv(readFileSync(path, 'utf8'));
  if (parsed.error) {
    rep.add(file, parsed.line, parsed.error);
    return null;
  }
  if (parsed.rows.length === 0) {
    rep.add(file, null, 'tệp rỗng, thiếu dòng tiêu đề');
    return null;
  }
  const got = parsed.rows[0].fields;
  if (got.join(',') !== header.join(',')) {
    const missing = header.filter((h) => !got.includes(h));
    const extra = got.filter((h) => !header.includes(h));
    let why = 'dòng tiêu đề phải là ' + header.join(',');
    if (missing.length)
      why += `; thiếu cột ${missing.join(', ')}`;
    if (extra.length)
      why += `; thừa cột ${extra.join(', ')}`;
    rep.add(file, 1, why);
    return null;
  }
  const out = [];
  for (const row of parsed.rows.slice(1)) {
    if (row.fields.length !== header.length) {
      rep.add(file, row.line, `có ${row.fields.length} ô, cần ${header.length}`);
      continue;
    }
    const rec = { _line: row.line };
    header.forEach((h, i) => {
      rec[h] = row.fields[i];
    });
    for (const h of header) {
      const v = rec[h];
      if (v !== v.trim())
        rep.add(file, row.line, `ô ${h} có khoảng trắng ở đầu hoặc cuối`);
      if (v.normalize('NFC') !== v)
        rep.add(file, row.line, `ô ${h} chưa ở dạng Unicode NFC`);
      if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(v))
        rep.add(file, row.line, `ô ${h} có ký tự điều khiển`);
      if (v.includes('\n') && !['noi_dung', 'ghi_chu', 'mo_ta'].includes(h))
        rep.add(file, row.line, `ô ${h} không được xuống dòng`);
      if (list(v).length && h !== 'noi_dung' && /;;|^;|;$/.test(v) && isListColumn(h))
        rep.add(file, row.line, `ô ${h} có phần tử rỗng trong danh sách`);
    }
    out.push(rec);
  }
  return out;
}

function isListColumn(h) {
  return ['thuoc_nhom', 'nhom_gom_loai', 'ma_ke_nhiem', 'dieu_1588', 'chu_tri', 'phoi_hop',
    'dau_ra', 'vai_tro_chu_tri', 'vai_tro_phoi_hop', 'theo_ke_hoach', 'ky'].includes(h);
}

function readJson(dir, file, rep) {
  try {
    const text = readFileSync(join(dir, file), 'utf8');
    if (text.normalize('NFC') !== text)
      rep.add(file, null, 'nội dung chưa ở dạng Unicode NFC');
    return JSON.parse(text);
  } catch (e) {
    rep.add(file, null, `không đọc được JSON: ${e.message}`);
    return null;
  }
}

function checkDuplicates(items, file, what, rep) {
  const seen = new Set();
  for (const x of items) {
    if (seen.has(x))
      rep.add(file, null, `${what} ${x} lặp lại`);
    seen.add(x);
  }
}

function fmtDate(n) {
  const s = String(n);
  return `${s.slice(6, 8)}/${s.slice(4, 6)}/${s.slice(0, 4)}`;
}

function loadTypes(dir, rep) {
  const file = 'organisation-types.csv';
  const types = new Map();
  for (const r of readTable(dir, file, TYPE_HEADER, rep) ?? []) {
    if (!KEY_RE.test(r.ma_loai))
      rep.add(file, r._line, `mã loại "${r.ma_loai}" chỉ được gồm a-z, 0-9, _`);
    else if (types.has(r.ma_loai))
      rep.add(file, r._line, `mã loại ${r.ma_loai} trùng với dòng ${types.get(r.ma_loai)._line}`);
    else
      types.set(r.ma_loai, r);
    if (!r.ten_loai)
      rep.add(file, r._line, 'thiếu tên loại');
    if (!LEVELS.includes(r.cap))
      rep.add(file, r._line, `cấp "${r.cap}" không thuộc ${LEVELS.join(', ')}`);
    if (r.het_hieu_luc && parseIsoDate(r.het_hieu_luc) === null)
      rep.add(file, r._line, `ngày hết hiệu lực "${r.het_hieu_luc}" không hợp lệ (YYYY-MM-DD)`);
  }
  if (!types.has('nhom'))
    rep.add(file, null, 'thiếu loại nhom (nhóm cơ quan)');
  return types;
}

function loadOrganisations(dir, files, types, rep) {
  const orgs = new Map();
  for (const file of files) {
    for (const r of readTable(dir, file, ORG_HEADER, rep) ?? []) {
      r._file = file;
      if (!CODE_RE.test(r.ma_don_vi)) {
        rep.add(file, r._line, `mã đơn vị "${r.ma_don_vi}" phải gồm 1–64 ký tự A-Z a-z 0-9 . - _`);
        continue;
      }
      const prev = orgs.get(r.ma_don_vi);
      if (prev) {
        rep.add(file, r._line, `mã đơn vị ${r.ma_don_vi} trùng với ${prev._file} dòng ${prev._line}`);
        continue;
      }
      orgs.set(r.ma_don_vi, r);
    }
  }
  for (const r of orgs.values()) {
    const file = r._file;
    const line = r._line;
    const code = r.ma_don_vi;
    if (!r.ten_don_vi || Buffer.byteLength(r.ten_don_vi) > 500)
      rep.add(file, line, `${code}: tên đơn vị phải có và không quá 500 byte`);
    if (!r.ten_ngan)
      rep.add(file, line, `${code}: thiếu tên ngắn`);
    if (!types.has(r.loai))
      rep.add(file, line, `${code}: loại "${r.loai}" không có trong organisation-types.csv`);
    if (r.loai === 'trung_uong' ? r.ma_dvhc !== '' : !/^\d{2}$/.test(r.ma_dvhc))
      rep.add(file, line, `${code}: mã tỉnh (ma_dvhc) phải gồm 2 chữ số, để trống chỉ với cơ quan trung ương`);
    if (r.ma_don_vi_cha) {
      if (r.ma_don_vi_cha === code)
        rep.add(file, line, `${code}: đơn vị không thể là đơn vị cha của chính nó`);
      else if (!orgs.has(r.ma_don_vi_cha))
        rep.add(file, line, `${code}: mã đơn vị cha ${r.ma_don_vi_cha} không có trong danh sách tổ chức`);
    }
    for (const g of list(r.thuoc_nhom)) {
      const grp = orgs.get(g);
      if (!grp)
        rep.add(file, line, `${code}: nhóm ${g} không có trong danh sách tổ chức`);
      else if (grp.loai !== 'nhom')
        rep.add(file, line, `${code}: ${g} không phải một nhóm (loại nhom)`);
    }
    if (r.loai !== 'nhom' && (r.nhom_gom_loai || r.nhom_dia_ban_cu))
      rep.add(file, line, `${code}: chỉ nhóm mới có nhom_gom_loai và nhom_dia_ban_cu`);
    for (const t of list(r.nhom_gom_loai))
      if (!types.has(t))
        rep.add(file, line, `${code}: loại thành viên "${t}" không có trong organisation-types.csv`);
    if (r.nhom_dia_ban_cu && !/^\d{2}$/.test(r.nhom_dia_ban_cu))
      rep.add(file, line, `${code}: nhom_dia_ban_cu phải là mã tỉnh 2 chữ số`);
    const from = r.hieu_luc_tu ? parseIsoDate(r.hieu_luc_tu) : 0;
    const to = r.hieu_luc_den ? parseIsoDate(r.hieu_luc_den) : 99999999;
    if (from === null)
      rep.add(file, line, `${code}: ngày hiệu lực từ "${r.hieu_luc_tu}" không hợp lệ (YYYY-MM-DD)`);
    if (to === null)
      rep.add(file, line, `${code}: ngày hiệu lực đến "${r.hieu_luc_den}" không hợp lệ (YYYY-MM-DD)`);
    if (from !== null && to !== null && from >= to)
      rep.add(file, line, `${code}: ngày hiệu lực từ phải trước ngày hiệu lực đến`);
    r._from = from ?? 0;
    r._to = to ?? 99999999;
    const succ = list(r.ma_ke_nhiem);
    checkDuplicates(succ, file, `${code}: mã kế nhiệm`, rep);
    if (succ.length && !r.hieu_luc_den)
      rep.add(file, line, `${code}: có đơn vị kế nhiệm thì phải có ngày hiệu lực đến`);
    if (succ.length && !SUCCESSION_KINDS.includes(r.hinh_thuc_ke_nhiem))
      rep.add(file, line, `${code}: hình thức kế nhiệm phải là ${SUCCESSION_KINDS.join(' hoặc ')}`);
    if (!succ.length && r.hinh_thuc_ke_nhiem)
      rep.add(file, line, `${code}: có hình thức kế nhiệm nhưng không có đơn vị kế nhiệm`);
    if (!r.nguon)
      rep.add(file, line, `${code}: thiếu nguồn`);
  }
  // successors must exist, differ and be in force when the predecessor ends
  for (const r of orgs.values()) {
    for (const s of list(r.ma_ke_nhiem)) {
      const succ = orgs.get(s);
      if (s === r.ma_don_vi)
        rep.add(r._file, r._line, `${r.ma_don_vi}: đơn vị không thể kế nhiệm chính nó`);
      else if (!succ)
        rep.add(r._file, r._line, `${r.ma_don_vi}: đơn vị kế nhiệm ${s} không có trong danh sách tổ chức`);
      else if (r.hieu_luc_den && !(succ._from <= r._to && r._to < succ._to))
        rep.add(r._file, r._line,
          `${r.ma_don_vi}: đơn vị kế nhiệm ${s} không còn hiệu lực vào ngày ${fmtDate(r._to)}`);
    }
  }
  findCycles(orgs, (r) => (r.ma_don_vi_cha ? [r.ma_don_vi_cha] : []), 'đơn vị cha', rep);
  findCycles(orgs, (r) => list(r.ma_ke_nhiem), 'đơn vị kế nhiệm', rep);
  return orgs;
}

function findCycles(orgs, next, what, rep) {
  const state = new Map(); // 1 visiting, 2 done
  const reported = new Set();
  const visit = (code, path) => {
    state.set(code, 1);
    for (const n of next(orgs.get(code))) {
      if (!orgs.has(n))
        continue;
      if (state.get(n) === 1) {
        const cycle = [...path.slice(path.indexOf(n)), n];
        const key = [...cycle].sort().join();
        if (!reported.has(key)) {
          reported.add(key);
          const r = orgs.get(n);
          rep.add(r._file, r._line, `${what} tạo thành vòng lặp: ${cycle.join(' → ')}`);
        }
      } else if (!state.get(n)) {
        visit(n, [...path, n]);
      }
    }
    state.set(code, 2);
  };
  for (const code of orgs.keys())
    if (!state.get(code))
      visit(code, [code]);
}

function loadOutputTypes(dir, rep) {
  const file = 'output-types.csv';
  const out = new Set();
  for (const r of readTable(dir, file, OUTPUT_HEADER, rep) ?? []) {
    if (!KEY_RE.test(r.ma))
      rep.add(file, r._line, `mã "${r.ma}" chỉ được gồm a-z, 0-9, _`);
    else if (out.has(r.ma))
      rep.add(file, r._line, `mã ${r.ma} lặp lại`);
    out.add(r.ma);
    if (!r.ten || !r.don_vi_dem)
      rep.add(file, r._line, `${r.ma}: thiếu tên hoặc đơn vị đếm`);
  }
  for (const k of REQUIRED_OUTPUT_TYPES)
    if (!out.has(k))
      rep.add(file, null, `thiếu loại đầu ra ${k}`);
  return out;
}

function loadKpis(dir, rep) {
  const file = 'kpis.csv';
  const rows = readTable(dir, file, KPI_HEADER, rep);
  const keys = new Map();
  if (!rows)
    return keys;
  const pct = (s) => s === '' || (/^\d{1,3}(\.\d+)?$/.test(s) && Number(s) <= 100);
  for (const r of rows) {
    if (keys.has(r.ma))
      rep.add(file, r._line, `chỉ tiêu ${r.ma} trùng với dòng ${keys.get(r.ma)._line}`);
    keys.set(r.ma, r);
    if (!KPI_KEYS.includes(r.ma))
      rep.add(file, r._line, `mã chỉ tiêu ${r.ma} không có trong danh sách của issue 14`);
    for (const h of ['ten', 'tu_so', 'mau_so', 'cong_thuc', 'khi_mau_so_bang_0', 'can_cu'])
      if (!r[h])
        rep.add(file, r._line, `${r.ma}: thiếu ${h}`);
    for (const h of ['muc_tieu_2025', 'muc_tieu_2030'])
      if (!pct(r[h]))
        rep.add(file, r._line, `${r.ma}: ${h} "${r[h]}" phải là số từ 0 đến 100 hoặc để trống`);
    for (const h of ['hang_nam', 'cong_khai'])
      if (r[h] !== '0' && r[h] !== '1')
        rep.add(file, r._line, `${r.ma}: ${h} phải là 0 hoặc 1`);
    if (!KPI_SOURCES.includes(r.nguon_so_lieu))
      rep.add(file, r._line, `${r.ma}: nguồn số liệu "${r.nguon_so_lieu}" không thuộc ${KPI_SOURCES.join(', ')}`);
    if ((r.nguon_so_lieu === 'external-denominator') !== (r.mau_so_ngoai !== ''))
      rep.add(file, r._line, `${r.ma}: mau_so_ngoai phải có khi và chỉ khi nguồn là external-denominator`);
    if (r.mau_so_ngoai && !KEY_RE.test(r.mau_so_ngoai))
      rep.add(file, r._line, `${r.ma}: mau_so_ngoai "${r.mau_so_ngoai}" chỉ được gồm a-z, 0-9, _`);
    if (/[0-9%]/.test(r.khi_mau_so_bang_0))
      rep.add(file, r._line, `${r.ma}: khi mẫu số bằng 0 phải hiện chữ, không hiện số hay phần trăm`);
    if (r.nguon_so_lieu === 'external-denominator' && r.khi_mau_so_bang_0 !== 'chưa có dữ liệu')
      rep.add(file, r._line, `${r.ma}: mẫu số nhập ngoài khi thiếu phải hiện "chưa có dữ liệu"`);
    const periods = list(r.ky);
    if (!periods.length || periods.some((p) => !KPI_PERIODS.includes(p)))
      rep.add(file, r._line, `${r.ma}: kỳ "${r.ky}" phải là danh sách trong ${KPI_PERIODS.join(', ')}`);
  }
  const got = rows.map((r) => r.ma);
  if (got.join() !== KPI_KEYS.join()) {
    const missing = KPI_KEYS.filter((k) => !got.includes(k));
    if (missing.length)
      rep.add(file, null, `thiếu chỉ tiêu ${missing.join(', ')}`);
    else if (got.length === KPI_KEYS.length)
      rep.add(file, null, 'các chỉ tiêu phải theo thứ tự của issue 14');
  }
  return keys;
}

// Organisations a plan may cite: those of its own organisation files.
function planOrgs(header, orgs) {
  const files = new Set(header.to_chuc ?? []);
  const out = new Map();
  for (const [code, r] of orgs)
    if (files.has(r._file))
      out.set(code, r);
  return out;
}

function checkOrgRef(code, scope, when, file, line, what, rep) {
  const r = scope.get(code);
  if (!r) {
    rep.add(file, line, `mã ${what} ${code} không có trong các tệp tổ chức của kế hoạch`);
    return;
  }
  if (when && !(r._from <= when && when < r._to))
    rep.add(file, line, `mã ${what} ${code} không còn hiệu lực vào ngày ban hành ${fmtDate(when)}`);
}

function checkHeader(dir, file, h, orgs, rep) {
  const ctx = { file, isTemplate: h?.loai === 'mau' };
  if (!h || typeof h !== 'object')
    return null;
  const need = ['ma_ke_hoach', 'so_ky_hieu', 'ngay_ban_hanh', 'co_quan_ban_hanh', 'nguoi_ky',
    'trich_yeu', 'can_cu', 'ky', 'giai_doan', 'thay_the', 'co_quan_dau_moi', 'tep_dinh_kem',
    'to_chuc', 'nhiem_vu', 'chi_tieu_rieng', 'muc', 'bao_cao', 'nguon'];
  for (const k of need)
    if (!(k in h))
      rep.add(file, null, `thiếu trường ${k}`);
  if (typeof h.ma_ke_hoach !== 'string' || !/^[a-z0-9-]+$/.test(h.ma_ke_hoach))
    rep.add(file, null, 'ma_ke_hoach phải gồm a-z, 0-9 và -');
  if (h.so_ky_hieu !== null && (typeof h.so_ky_hieu !== 'string' || !h.so_ky_hieu))
    rep.add(file, null, 'so_ky_hieu phải là chuỗi hoặc null');
  let when = 0;
  if (h.ngay_ban_hanh !== null) {
    when = parseIsoDate(String(h.ngay_ban_hanh));
    if (when === null) {
      rep.add(file, null, `ngày ban hành "${h.ngay_ban_hanh}" không hợp lệ (YYYY-MM-DD)`);
      when = 0;
    }
  }
  if (!Array.isArray(h.to_chuc) || !h.to_chuc.length) {
    rep.add(file, null, 'to_chuc phải là danh sách tệp tổ chức');
    h.to_chuc = [];
  }
  for (const f of h.to_chuc)
    if (!existsSync(join(dir, f)) || !/^organisations-[a-z-]+\.csv$/.test(f))
      rep.add(file, null, `tệp tổ chức ${f} không có`);
  const scope = planOrgs(h, orgs);
  ctx.scope = scope;
  ctx.when = when;
  if (h.co_quan_ban_hanh)
    checkOrgRef(h.co_quan_ban_hanh, scope, when, file, null, 'cơ quan ban hành', rep);
  if (h.co_quan_dau_moi)
    checkOrgRef(h.co_quan_dau_moi, scope, when, file, null, 'cơ quan đầu mối', rep);
  else if (!ctx.isTemplate)
    rep.add(file, null, 'thiếu cơ quan đầu mối');
  if (h.nguoi_ky !== null && (typeof h.nguoi_ky?.ho_ten !== 'string' || !h.nguoi_ky.chuc_vu))
    rep.add(file, null, 'nguoi_ky phải có ho_ten và chuc_vu, hoặc là null');
  if (!h.trich_yeu)
    rep.add(file, null, 'thiếu trích yếu');
  for (const c of h.can_cu ?? [])
    if (!c.so_ky_hieu || parseIsoDate(String(c.ngay)) === null || !c.co_quan || !c.trich_yeu)
      rep.add(file, null, `căn cứ ${c.so_ky_hieu ?? '?'}: cần so_ky_hieu, ngay (YYYY-MM-DD), co_quan, trich_yeu`);
  if (h.thay_the !== null && (!h.thay_the?.so_ky_hieu || parseIsoDate(String(h.thay_the?.ngay)) === null))
    rep.add(file, null, 'thay_the phải có so_ky_hieu và ngay (YYYY-MM-DD), hoặc là null');
  const period = parseTimeFrame(String(h.ky?.thoi_gian ?? ''));
  if (period.error || !['year', 'range', 'date'].includes(period.kind))
    rep.add(file, null, `kỳ của kế hoạch: ${period.error ?? 'phải là một năm hoặc một khoảng thời gian'}`);
  else
    ctx.period = period;
  ctx.muc = new Set();
  for (const m of h.muc ?? []) {
    if (!m.so || !m.ten)
      rep.add(file, null, 'mỗi mục cần so và ten');
    if (ctx.muc.has(m.so))
      rep.add(file, null, `mục ${m.so} lặp lại`);
    ctx.muc.add(m.so);
  }
  ctx.phases = new Map();
  let prevEnd = 0;
  for (const p of h.giai_doan ?? []) {
    const where = `giai đoạn ${p.ma ?? '?'}`;
    if (typeof p.ma !== 'string' || !/^GĐ\d+$/.test(p.ma))
      rep.add(file, null, `${where}: mã phải có dạng GĐ1, GĐ2...`);
    if (ctx.phases.has(p.ma))
      rep.add(file, null, `${where}: lặp lại`);
    const tf = parseTimeFrame(String(p.thoi_gian ?? ''));
    const from = parseIsoDate(String(p.tu_ngay));
    const to = parseIsoDate(String(p.den_ngay));
    if (tf.error || !['range', 'month', 'quarter', 'year', 'date'].includes(tf.kind))
      rep.add(file, null, `${where}: ${tf.error ?? 'thời gian phải là ngày, tháng, quý, năm hoặc khoảng'}`);
    else if (from !== tf.start || to !== tf.end)
      rep.add(file, null, `${where}: tu_ngay/den_ngay không khớp thời gian ${p.thoi_gian}`);
    else if (ctx.period && (tf.start < ctx.period.start || tf.end > ctx.period.end))
      rep.add(file, null, `${where}: nằm ngoài kỳ của kế hoạch`);
    else if (tf.start <= prevEnd)
      rep.add(file, null, `${where}: chồng lên hoặc đứng trước giai đoạn trước`);
    if (!tf.error)
      prevEnd = tf.end;
    if (!p.ten || !p.thoi_gian_ghi)
      rep.add(file, null, `${where}: thiếu tên hoặc thời gian như kế hoạch ghi`);
    for (const c of p.don_vi_thuc_hien ?? [])
      checkOrgRef(c, scope, when, file, null, `đơn vị thực hiện ${where}`, rep);
    ctx.phases.set(p.ma, tf);
  }
  ctx.roles = new Set((h.vai_tro ?? []).map((r) => r.ma));
  const seen = new Set();
  for (const b of h.bao_cao ?? []) {
    const where = `báo cáo ${b.ma ?? '?'}`;
    if (!b.ma || seen.has(b.ma))
      rep.add(file, null, `${where}: mã trống hoặc lặp lại`);
    seen.add(b.ma);
    if (!REPORT_KINDS.includes(b.loai))
      rep.add(file, null, `${where}: loại "${b.loai}" không thuộc ${REPORT_KINDS.join(', ')}`);
    if (b.han) {
      const m = /^(\d{2})\/(\d{2})$/.exec(b.han);
      if (!m || Number(m[2]) < 1 || Number(m[2]) > 12 || Number(m[1]) < 1
          || Number(m[1]) > daysInMonth(2001, Number(m[2])))
        rep.add(file, null, `${where}: hạn "${b.han}" phải là ngày/tháng có thật (DD/MM)`);
      if (b.loai !== 'hang_nam')
        rep.add(file, null, `${where}: chỉ báo cáo hằng năm mới có hạn cố định`);
    }
    if (!b.cach_ghi || !b.noi_dung || !b.nguon)
      rep.add(file, null, `${where}: cần cach_ghi, noi_dung, nguon`);
    const reporters = Array.isArray(b.don_vi_bao_cao) ? b.don_vi_bao_cao : [];
    if (!reporters.length)
      rep.add(file, null, `${where}: thiếu đơn vị báo cáo`);
    for (const c of reporters) {
      if (c === '*')
        continue;
      if (c.startsWith('@')) {
        if (!ctx.roles.has(c.slice(1)))
          rep.add(file, null, `${where}: vai trò ${c} không có trong vai_tro`);
        continue;
      }
      checkOrgRef(c, scope, when, file, null, `đơn vị báo cáo (${where})`, rep);
    }
    const recipients = Array.isArray(b.noi_nhan) ? b.noi_nhan : [];
    if (!recipients.length)
      rep.add(file, null, `${where}: thiếu nơi nhận`);
    for (const c of recipients)
      checkOrgRef(c, scope, when, file, null, `nơi nhận (${where})`, rep);
    if (b.qua)
      checkOrgRef(b.qua, scope, when, file, null, `cơ quan tổng hợp (${where})`, rep);
  }
  return ctx;
}

function checkTimeColumns(r, file, ctx, rep) {
  const tf = parseTimeFrame(r.thoi_gian);
  if ((r.thoi_gian === '') !== (r.thoi_gian_ghi === ''))
    rep.add(file, r._line, 'thoi_gian và thoi_gian_ghi phải cùng có hoặc cùng trống');
  if (tf.error) {
    rep.add(file, r._line, tf.error);
    return tf;
  }
  if (tf.start && ctx.period && (tf.start < ctx.period.start || tf.end > ctx.period.end))
    rep.add(file, r._line, `thời gian "${r.thoi_gian}" nằm ngoài kỳ của kế hoạch (${ctx.period_text})`);
  return tf;
}

function checkTasks(dir, file, ctx, outputTypes, rep) {
  const rows = readTable(dir, file, TASK_HEADER, rep) ?? [];
  const seen = new Map();
  for (const r of rows) {
    if (!STT_RE.test(r.stt))
      rep.add(file, r._line, `số thứ tự "${r.stt}" không hợp lệ`);
    else if (seen.has(r.stt))
      rep.add(file, r._line, `số thứ tự ${r.stt} trùng với dòng ${seen.get(r.stt)}`);
    else
      seen.set(r.stt, r._line);
    if (!ctx.muc.has(r.muc))
      rep.add(file, r._line, `mục "${r.muc}" không có trong danh sách mục của kế hoạch`);
    if (!r.noi_dung)
      rep.add(file, r._line, 'thiếu nội dung nhiệm vụ');
    for (const c of list(r.dieu_1588))
      if (!CLAUSES_1588.has(c))
        rep.add(file, r._line, `điều khoản "${c}" không có trong QĐ 1588`);
    const lead = list(r.chu_tri);
    const co = list(r.phoi_hop);
    if (!lead.length)
      rep.add(file, r._line, 'thiếu cơ quan chủ trì');
    checkDuplicates(lead, file, `dòng ${r._line}: cơ quan chủ trì`, rep);
    checkDuplicates(co, file, `dòng ${r._line}: cơ quan phối hợp`, rep);
    for (const c of lead)
      checkOrgRef(c, ctx.scope, ctx.when, file, r._line, 'cơ quan chủ trì', rep);
    for (const c of co) {
      checkOrgRef(c, ctx.scope, ctx.when, file, r._line, 'cơ quan phối hợp', rep);
      if (lead.includes(c))
        rep.add(file, r._line, `${c} vừa chủ trì vừa phối hợp`);
    }
    const tf = checkTimeColumns(r, file, ctx, rep);
    if (r.giai_doan) {
      const p = ctx.phases.get(r.giai_doan);
      if (!p)
        rep.add(file, r._line, `giai đoạn "${r.giai_doan}" không có trong kế hoạch`);
      else if (tf.start && p.start && (tf.start < p.start || tf.end > p.end))
        rep.add(file, r._line, `thời gian "${r.thoi_gian}" nằm ngoài giai đoạn ${r.giai_doan}`);
    }
    for (const k of list(r.dau_ra))
      if (!outputTypes.has(k))
        rep.add(file, r._line, `loại đầu ra "${k}" không có trong output-types.csv`);
    if (!r.nguon)
      rep.add(file, r._line, 'thiếu nguồn');
  }
  return rows;
}

function checkTemplate(dir, file, ctx, outputTypes, plans, rep) {
  const rows = readTable(dir, file, TEMPLATE_HEADER, rep) ?? [];
  const seen = new Map();
  for (const r of rows) {
    if (seen.has(r.stt))
      rep.add(file, r._line, `số thứ tự ${r.stt} trùng với dòng ${seen.get(r.stt)}`);
    seen.set(r.stt, r._line);
    if (r.dieu_1588 !== r.stt)
      rep.add(file, r._line, 'mỗi dòng của mẫu ứng với đúng một điểm: dieu_1588 phải bằng stt');
    if (!TEMPLATE_CLAUSES.includes(r.stt))
      rep.add(file, r._line, `${r.stt} không thuộc các điểm §VI.10 giao cho tỉnh`);
    if (!ctx.muc.has(r.muc))
      rep.add(file, r._line, `mục "${r.muc}" không có trong danh sách mục của mẫu`);
    if (!r.noi_dung || !r.nguon)
      rep.add(file, r._line, 'thiếu nội dung hoặc nguồn');
    const lead = list(r.vai_tro_chu_tri);
    if (!lead.length)
      rep.add(file, r._line, 'thiếu vai trò chủ trì');
    for (const v of [...lead, ...list(r.vai_tro_phoi_hop)])
      if (!ctx.roles.has(v))
        rep.add(file, r._line, `vai trò "${v}" không có trong vai_tro của template-1588.json`);
    checkTimeColumns(r, file, ctx, rep);
    for (const k of list(r.dau_ra))
      if (!outputTypes.has(k))
        rep.add(file, r._line, `loại đầu ra "${k}" không có trong output-types.csv`);
    // theo_ke_hoach lists exactly the provincial tasks that cite this clause
    const expected = [];
    for (const [name, p] of plans)
      for (const t of p.tasks)
        if (list(t.dieu_1588).includes(r.stt))
          expected.push(`${name}:${t.stt}`);
    const got = list(r.theo_ke_hoach);
    for (const ref of got)
      if (!expected.includes(ref))
        rep.add(file, r._line, `theo_ke_hoach: ${ref} không có hoặc không dẫn ${r.stt}`);
    for (const ref of expected)
      if (!got.includes(ref))
        rep.add(file, r._line, `theo_ke_hoach thiếu ${ref} (nhiệm vụ này dẫn ${r.stt})`);
  }
  for (const c of TEMPLATE_CLAUSES)
    if (!seen.has(c))
      rep.add(file, null, `thiếu điểm ${c} mà §VI.10 giao cho tỉnh`);
  return rows;
}

function checkOverrides(dir, file, ctx, kpis, rep) {
  const rows = readTable(dir, file, OVERRIDE_HEADER, rep) ?? [];
  const seen = new Map();
  for (const r of rows) {
    if (!kpis.has(r.ma_chi_tieu))
      rep.add(file, r._line, `chỉ tiêu ${r.ma_chi_tieu} không có trong kpis.csv`);
    if (!ctx.scope.has(r.ma_don_vi))
      rep.add(file, r._line, `mã đơn vị ${r.ma_don_vi} không có trong các tệp tổ chức của kế hoạch`);
    if (!/^\d{4}$/.test(r.nam) || Number(r.nam) < 2025 || Number(r.nam) > 2030)
      rep.add(file, r._line, `năm "${r.nam}" phải từ 2025 đến 2030`);
    if (r.muc_tieu !== '' && !(/^\d{1,3}(\.\d+)?$/.test(r.muc_tieu) && Number(r.muc_tieu) <= 100))
      rep.add(file, r._line, `mục tiêu "${r.muc_tieu}" phải là số từ 0 đến 100`);
    if (r.muc_tieu === '' && r.dinh_nghia === '')
      rep.add(file, r._line, 'cần mục tiêu hoặc định nghĩa riêng');
    if (!r.can_cu)
      rep.add(file, r._line, 'thiếu căn cứ');
    const key = `${r.ma_chi_tieu}|${r.ma_don_vi}|${r.nam}`;
    if (seen.has(key))
      rep.add(file, r._line, `trùng với dòng ${seen.get(key)}`);
    seen.set(key, r._line);
  }
  return rows;
}

// Check every file of a programme data folder.  Returns { ok, errors, summary }.
export function checkDir(dir) {
  const rep = new Report();
  const files = readdirSync(dir).sort();
  const known = /^(README\.md|organisation-types\.csv|output-types\.csv|kpis\.csv|template-1588\.(csv|json)|organisations-[a-z-]+\.csv|plan-[a-z-]+\.(csv|json)|kpi-overrides-[a-z-]+\.csv)$/;
  for (const f of files)
    if (!known.test(f))
      rep.add(f, null, 'tệp không thuộc định dạng nào trong README.md');
  const types = loadTypes(dir, rep);
  const orgFiles = files.filter((f) => /^organisations-[a-z-]+\.csv$/.test(f));
  const orgs = loadOrganisations(dir, orgFiles, types, rep);
  const outputTypes = loadOutputTypes(dir, rep);
  const kpis = loadKpis(dir, rep);

  const plans = new Map();
  const used = new Set();
  const planIds = new Map();
  for (const f of files.filter((x) => /^plan-[a-z-]+\.json$/.test(x))) {
    const name = f.slice(5, -5);
    const h = readJson(dir, f, rep);
    const ctx = checkHeader(dir, f, h, orgs, rep);
    if (!ctx)
      continue;
    ctx.period_text = h.ky?.thoi_gian;
    if (planIds.has(h.ma_ke_hoach))
      rep.add(f, null, `ma_ke_hoach ${h.ma_ke_hoach} trùng với ${planIds.get(h.ma_ke_hoach)}`);
    planIds.set(h.ma_ke_hoach, f);
    (h.to_chuc ?? []).forEach((x) => used.add(x));
    if (h.nhiem_vu !== `plan-${name}.csv`)
      rep.add(f, null, `nhiem_vu phải là plan-${name}.csv`);
    const tasks = checkTasks(dir, `plan-${name}.csv`, ctx, outputTypes, rep);
    used.add(`plan-${name}.csv`);
    let overrides = [];
    if (h.chi_tieu_rieng) {
      if (h.chi_tieu_rieng !== `kpi-overrides-${name}.csv`)
        rep.add(f, null, `chi_tieu_rieng phải là kpi-overrides-${name}.csv hoặc null`);
      else
        overrides = checkOverrides(dir, h.chi_tieu_rieng, ctx, kpis, rep);
      used.add(h.chi_tieu_rieng);
    }
    if (ctx.roles.size)
      rep.add(f, null, 'chỉ mẫu (template-1588.json) mới có vai_tro');
    plans.set(name, { header: h, tasks, overrides });
  }
  let templateTasks = [];
  const th = existsSync(join(dir, 'template-1588.json'))
    ? readJson(dir, 'template-1588.json', rep) : null;
  if (!th) {
    rep.add('template-1588.json', null, 'không có tệp');
  } else {
    const ctx = checkHeader(dir, 'template-1588.json', th, orgs, rep);
    if (ctx) {
      ctx.period_text = th.ky?.thoi_gian;
      if (th.loai !== 'mau')
        rep.add('template-1588.json', null, 'loai phải là "mau"');
      if (!ctx.roles.size)
        rep.add('template-1588.json', null, 'thiếu danh sách vai_tro');
      (th.to_chuc ?? []).forEach((x) => used.add(x));
      templateTasks = checkTemplate(dir, 'template-1588.csv', ctx, outputTypes, plans, rep);
    }
  }
  used.add('template-1588.csv');
  for (const f of files)
    if (/^(organisations-.*|plan-.*|kpi-overrides-.*)\.csv$/.test(f) && !used.has(f))
      rep.add(f, null, 'không kế hoạch nào dùng tệp này');

  const summary = {
    organisations: orgs.size,
    organisation_files: orgFiles.length,
    plans: Object.fromEntries([...plans].map(([n, p]) => [n, {
      ma_ke_hoach: p.header.ma_ke_hoach, tasks: p.tasks.length, overrides: p.overrides.length,
    }])),
    template_tasks: templateTasks.length,
    kpis: kpis.size,
  };
  return { ok: rep.ok, errors: rep.sorted(), summary };
}

export function formatError(e) {
  return e.line ? `${e.file} dòng ${e.line}: ${e.message}` : `${e.file}: ${e.message}`;
}

function main(argv) {
  const args = argv.filter((a) => a !== '--json');
  const json = argv.includes('--json');
  if (args.length > 1 || args.some((a) => a.startsWith('-'))) {
    process.stderr.write('cách dùng: node tools/programme-data/check.mjs [THƯ_MỤC] [--json]\n');
    return 2;
  }
  const here = dirname(fileURLToPath(import.meta.url));
  const dir = resolve(args[0] ?? join(here, '..', '..', 'data', 'programme'));
  if (!existsSync(dir)) {
    process.stderr.write(`không có thư mục ${dir}\n`);
    return 2;
  }
  const res = checkDir(dir);
  if (json) {
    process.stdout.write(JSON.stringify(res, null, 2) + '\n');
  } else if (res.ok) {
    const s = res.summary;
    const tasks = Object.values(s.plans).reduce((n, p) => n + p.tasks, 0);
    process.stdout.write(`dữ liệu chương trình hợp lệ: ${s.organisations} tổ chức trong `
      + `${s.organisation_files} tệp, ${Object.keys(s.plans).length} kế hoạch với ${tasks} `
      + `nhiệm vụ, mẫu 1588 ${s.template_tasks} nhiệm vụ, ${s.kpis} chỉ tiêu\n`);
  } else {
    for (const e of res.errors)
      process.stderr.write(formatError(e) + '\n');
    process.stderr.write(`${res.errors.length} lỗi\n`);
  }
  return res.ok ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  process.exitCode = main(process.argv.slice(2));
