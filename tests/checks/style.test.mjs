// style.test.mjs - scripts/check-style.sh: every rule it claims finds its
// problem at the right line, legal look-alikes pass, the repository passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, removeTree, runCheck, cfile, REPO } from './lib.mjs';

function check(files) {
  const root = makeTree(files);
  try {
    return runCheck('check-style.sh', root);
  } finally {
    removeTree(root);
  }
}

test('a clean file passes, with the allowed look-alikes', () => {
  const r = check({
    'src/core/ok.c': cfile([
      '#include <string.h>',
      '/* strcpy(a, b); // not code */',
      'static const struct { const char *k; int v; } map[] = {{"a; b; // x", 1}};',
      '#define SWAP(a, b) do { int t = a; a = b; b = t; } while (0)',
      'int f(int x)',
      '{',
      '    for (int i = 0; i < x; i++)',
      '        x += (int)sizeof(map) + (int)sizeof(int);',
      '    switch (x) {',
      '    case 1: x = 2; break;',
      '    case 2: return 3;',
      '    default: break;',
      '    }',
      '    for (int i = 0;',
      '         i < 3; i++)',
      '        x++;',
      '    return x;',
      '}',
      '',
    ].join('\n')),
    'src/core/ok.h': cfile('enum mc_status ok_do(int x,\n                  int y) MC_WARN_UNUSED;\n' +
      'typedef enum mc_status (*ok_fn)(void *ctx);\n'),
  });
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /style: ok/);
});

const BAD = [
  ['a tab', 'src/core/a.c', 'int x;\n\tint y;\n', 3, /tab/],
  ['a long line', 'src/core/a.c', `int x = ${'1 + '.repeat(30)}1;\n`, 2, /\d+ columns \(max 100\)/],
  ['a // comment', 'tests/unit/core/a.c', 'int x; // why\n', 2, /\/\/ comment/],
  ['a banned call', 'src/core/a.c', 'void f(char *d) { strcpy(d, "x"); }\n', 2, /banned call strcpy\(\)/],
  ['sizeof without parentheses', 'src/core/a.c', 'int n = sizeof n;\n', 2, /sizeof without parentheses/],
  ['two statements on a line', 'src/core/a.c', 'void f(int *a)\n{\n    a[0] = 1; a[1] = 2;\n}\n', 4,
    /more than one statement on the line/],
  ['a case line with two statements', 'src/core/a.c',
    'void f(int *a)\n{\n    switch (a[0]) {\n    case 1: a[1] = 1; a[2] = 2; break;\n    }\n}\n', 5,
    /more than one statement on the line/],
  ['a typedef struct', 'src/core/a.h', 'typedef struct thing { int a; } thing;\n', 2,
    /typedef of a struct/],
  ['a status declaration without MC_WARN_UNUSED', 'src/core/a.h',
    'int fine(void);\nenum mc_status a_do(int x,\n                int y);\n', 3,
    /enum mc_status declaration without MC_WARN_UNUSED/],
  ['the SQLite API outside core', 'src/domain/x/a.c', 'void f(sqlite3 *db);\n', 2,
    /SQLite API \(sqlite3\) outside src\/core\//],
  ['SQL in a handler', 'src/web/x/a.c', 'static const struct db_query q = {0};\n', 2,
    /SQL in a handler \(struct db_query\)/],
];

for (const [what, file, body, line, why] of BAD) {
  test(`finds ${what}`, () => {
    const r = check({ [file]: cfile(body) });
    assert.equal(r.code, 1, r.out);
    const hit = r.out.split('\n').find((l) => l.startsWith(`${file}:${line}: `) && why.test(l));
    assert.ok(hit, `expected ${file}:${line}: ${why} in\n${r.out}`);
  });
}

test('finds a file without its opening comment', () => {
  const r = check({ 'src/core/a.c': 'int x;\n' });
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /src\/core\/a\.c:1: file does not open with a \/\* comment/);
});

test('the SQLite API is allowed in src/core', () => {
  const r = check({ 'src/core/db_sqlite.c': cfile('#include <sqlite3.h>\nvoid f(sqlite3 *db);\n') });
  assert.equal(r.code, 0, r.out);
});

test('the repository passes', () => {
  const r = runCheck('check-style.sh', REPO);
  assert.equal(r.code, 0, r.out);
});
