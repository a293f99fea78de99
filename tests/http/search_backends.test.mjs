// tests/http/search_backends.test.mjs - the catalogue search finds the same
// procedures in the same order on SQLite (FTS5) and on PostgreSQL
// (search_pg.c): the same catalogue imported into one database of each,
// then `motcua catalog search` for the catalogue's test queries, with and
// without diacritics, typos, prefixes and long questions; the top 3 codes
// must be equal, and so must the scores (both rank with bm25).
//
// Runs on the PostgreSQL lane (MOTCUA_TEST_PG).  The demo catalogue by
// default; the 2,642-procedure national catalogue when
// SEARCH_COMPARE_NATIONAL=1 (and ../shared/data is there): a longer run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { motcuaBin, newDatabase, dropDatabase, pgAdmin } from './lib/server.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NATIONAL = join(ROOT, '../shared/data/thu_tuc_hanh_chinh/dvc_tthc_6_bo_nganh_2642.jsonl.gz');
const national = process.env.SEARCH_COMPARE_NATIONAL === '1' && existsSync(NATIONAL);

const QUERIES = [
  'Đăng ký khai sinh', 'dang ky khai sinh', 'kết hôn', 'ket hon', 'ĐĂNG KÝ THƯỜNG TRÚ',
  'dang ky thuong tru', 'giấy phép lái xe', 'giay phep lai xe', 'cấp lại thẻ căn cước',
  'cap lai the can cuoc', 'khai snh', 'trích lục', 'trich luc ho tich', 'khai tu',
  'xin cấp giấy phép xây dựng nhà ở riêng lẻ', 'hộ tịch', 'ho tich', 'chứng thực bản sao',
  'tôi muốn đăng ký kết hôn với người nước ngoài thì cần giấy tờ gì',
  'làm lại giấy khai sinh bị mất ở đâu', 'đăng ký tạm trú', 'con dấu', 'hộ chiếu',
  'cấp phiếu lý lịch tư pháp', 'ly lich tu phap', 'đất đai', 'thuế', 'bảo hiểm xã hội',
];

function motcua(args, db) {
  return execFileSync(motcuaBin(), [...args, '--db', db], {
    env: { ...process.env, MOTCUA_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 16 << 20,
  }).toString();
}

/** The top 3 of `motcua catalog search` as [code, score] pairs. */
function top3(db, q) {
  const out = motcua(['catalog', 'search', q, '--limit', '3'], db);
  return out.split('\n').filter((l) => /^\S+\s+[0-9.]+\s/.test(l))
    .map((l) => l.trim().split(/\s+/).slice(0, 2));
}

test('the catalogue search ranks alike on SQLite and PostgreSQL',
  { skip: !pgAdmin() && 'PostgreSQL lane', timeout: 30 * 60 * 1000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-search-'));
    const lite = `sqlite:${join(dir, 's.db')}`;
    const pg = newDatabase(dir);
    try {
      const file = national ? NATIONAL : join(ROOT, 'data/demo/procedures.jsonl');
      motcua(['import', 'procedures', file], lite);
      motcua(['import', 'procedures', file], pg);
      let found = 0;
      for (const q of QUERIES) {
        const a = top3(lite, q);
        const b = top3(pg, q);
        found += a.length > 0;
        assert.deepEqual(b.map((x) => x[0]), a.map((x) => x[0]), `top 3 for "${q}"`);
        for (let i = 0; i < a.length; i++) {
          assert.ok(Math.abs(Number(a[i][1]) - Number(b[i][1])) <= 0.011,
            `score ${i + 1} for "${q}": ${a[i][1]} vs ${b[i][1]}`);
        }
      }
      assert.ok(found >= 5, `the queries find something (${found})`);
    } finally {
      dropDatabase(pg);
      rmSync(dir, { recursive: true, force: true });
    }
  });
