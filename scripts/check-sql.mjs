#!/usr/bin/env node
// scripts/check-sql.mjs - every named statement of src/ prepares on a
// database (run by scripts/test.sh on the PostgreSQL lane).
//
//   node scripts/check-sql.mjs --db URL [--bin build/dev/motcua] [--list]
//
// Finds each `struct db_query` and `struct search_stmt` initializer in the
// preprocessed sources (cc -E, so macros such as FILTERS are expanded),
// takes the text the database's backend would run (sql_pg on PostgreSQL
// when a statement has one, else sql), stands a plain subquery in for the
// search fragments ({match IX ?N} / {rank IX ?N}: only the statement around
// them is checked here; the fragments themselves are tested in
// tests/unit/core/test_search.c), and asks `motcua debug prepare` to
// prepare each one (parse, name resolution, parameter types: a statement
// written in SQLite's dialect only fails here).  --list prints the
// statements instead.  Exits 1 when one fails.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const flag = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const db = flag('--db', process.env.MOTCUA_DB);
const bin = flag('--bin', join(root, 'build/dev/motcua'));
const list = args.includes('--list');
if (!db && !list) {
  console.error('usage: check-sql.mjs --db URL [--bin MOTCUA] [--list]');
  process.exit(2);
}
const pg = /^postgres(ql)?:\/\//.test(db || '');

function sources(dir) {
  const out = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (p.endsWith('.c')) out.push(p);
  }
  return out.sort();
}

const cflags = execFileSync('sh', ['-c',
  'pkg-config --cflags libmicrohttpd sqlite3 jansson libutf8proc libsodium liboath ' +
  'libqrencode zlib libcurl xlsxwriter 2>/dev/null; pkg-config --cflags libpq 2>/dev/null'])
  .toString().trim().split(/\s+/).filter(Boolean);

// C string literals and the tokens between them, from an initializer's text.
function tokens(text) {
  const out = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      let s = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\') {
          const n = text[i + 1];
          const map = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', "'": "'", '0': '\0' };
          s += map[n] ?? n;
          i += 2;
        } else {
          s += text[i++];
        }
      }
      i++;
      const last = out[out.length - 1];
      if (last && last.str !== undefined && last.open) last.str += s;
      else out.push({ str: s, open: true });
    } else if (/\s/.test(ch)) {
      i++;
    } else {
      const last = out[out.length - 1];
      if (last && last.str !== undefined) last.open = false;
      let j = i + 1;
      if (/[A-Za-z_0-9&.]/.test(ch)) while (j < text.length && /[A-Za-z_0-9&.]/.test(text[j])) j++;
      out.push({ tok: text.slice(i, j) });
      i = j;
    }
  }
  return out;
}

// The statements of one preprocessed file.
function statements(file, text) {
  const found = [];
  const re = /struct (db_query|search_stmt)\s+([A-Za-z_][A-Za-z_0-9]*)\s*=\s*\{/g;
  let m;
  while ((m = re.exec(text)) !== null) {
    let depth = 1;
    let i = re.lastIndex;
    let inStr = false;
    for (; i < text.length && depth > 0; i++) {
      const ch = text[i];
      if (inStr) {
        if (ch === '\\') i++;
        else if (ch === '"') inStr = false;
      } else if (ch === '"') inStr = true;
      else if (ch === '{') depth++;
      else if (ch === '}') depth--;
    }
    const body = text.slice(re.lastIndex, i - 1);
    const strs = [];
    for (const t of tokens(body)) {
      if (t.str !== undefined) strs.push(t.str);
      else if (t.tok === 'NULL') strs.push(null);
    }
    if (strs.length < 2 || typeof strs[1] !== 'string') continue;
    found.push({ kind: m[1], file, cname: m[2], name: strs[0], sql: strs[1],
      sql_pg: m[1] === 'db_query' ? strs[2] ?? null : null });
  }
  return found;
}

const all = [];
for (const f of sources(join(root, 'src'))) {
  const text = execFileSync('cc', ['-E', '-P', '-std=c17', '-D_GNU_SOURCE', '-DMC_HAVE_LIBPQ',
    `-I${join(root, 'src')}`, ...cflags, f], { maxBuffer: 64 << 20 }).toString();
  all.push(...statements(f.slice(root.length), text));
}

const seen = new Set();
const lines = [];
for (const s of all) {
  const key = `${s.file}:${s.cname}`;
  if (seen.has(key)) continue;
  seen.add(key);
  let sql = pg && s.sql_pg ? s.sql_pg : s.sql;
  if (s.kind === 'search_stmt') {
    // Fragments stand for a subquery with their columns (id, and r for rank); the
    // index itself may be a scratch one (search_index_create), so it is not named.
    sql = sql.replace(/\{(match|rank) ([a-z0-9_]+) \?(\d+)\}/g, (_, kind, ix, n) =>
      `SELECT CAST(NULL AS BIGINT) AS id${kind === 'rank' ? ', 0.0 AS r' : ''}` +
      ` WHERE CAST(?${n} AS TEXT) <> ''`);
  }
  lines.push(JSON.stringify({ name: `${s.name} (${s.file})`, sql }));
}

if (list) {
  for (const l of lines) console.log(l);
  process.exit(0);
}
const r = spawnSync(bin, ['debug', 'prepare', '--db', db], {
  input: lines.join('\n') + '\n',
  env: { ...process.env, MOTCUA_TEST: '1' },
  encoding: 'utf8',
  maxBuffer: 64 << 20,
});
// Show the failures with the server's reason (the log line before each FAIL).
const out = r.stderr.split('\n');
let failures = 0;
for (let i = 0; i < out.length; i++) {
  if (out[i].startsWith('FAIL ')) {
    failures++;
    const why = out.slice(Math.max(0, i - 3), i).filter((l) => / error /.test(l))
      .map((l) => l.replace(/^\S+ error /, '')).join(' | ');
    console.log(`${out[i].slice(5)}\n    ${why}`);
  }
}
console.log(out.filter((l) => / statements, /.test(l)).join('') || r.stderr);
process.exit(failures > 0 || r.status !== 0 ? 1 : 0);
