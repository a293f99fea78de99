// length.test.mjs - scripts/check-length.sh: the 125-line ceiling and the
// list of older offenders that may only shrink.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, removeTree, runCheck, cfile, fnOfLines, REPO } from './lib.mjs';

const LIST = 'scripts/long-functions.txt';

function check(files) {
  const root = makeTree(files);
  try {
    return runCheck('check-length.sh', root);
  } finally {
    removeTree(root);
  }
}

test('a function of 125 lines passes, 126 fails naming it', () => {
  let r = check({ 'src/core/a.c': cfile(fnOfLines('ok_fn', 125)), [LIST]: '' });
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /length: ok \(1 functions/);
  r = check({ 'src/core/a.c': cfile(fnOfLines('long_fn', 126)), [LIST]: '' });
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /src\/core\/a\.c: long_fn\(\) is 126 lines \(ceiling 125\)/);
});

test('tests/unit is measured too', () => {
  const r = check({ 'tests/unit/core/test_a.c': cfile(fnOfLines('test_long', 130)), [LIST]: '' });
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /test_long\(\) is 130 lines/);
});

test('the length runs from the name line to the closing brace', () => {
  // Return type on its own line, parameters over two lines, braces and
  // comment markers inside literals and comments, a struct initialiser and
  // a preprocessor block must not shift the count.
  const body = [];
  for (let i = 0; i < 120; i++) body.push(`    x += ${i};`);
  const text = cfile([
    'static const struct pair { int a; int b; } pairs[] = {',
    '    {1, 2},',
    '};',
    '#define BRACE "{"',
    '#if 0',
    '#endif',
    'static enum mc_status',
    'measured(int x,',            // 1: name line
    '         int y)',            // 2
    '{',                          // 3
    '    const char *s = "}{ /* not a comment";', // 4
    "    char c = '{';",          // 5
    '    /* } a comment with a brace',  // 6
    '       { over two lines */', // 7
    ...body,                      // 8..127
    '    return x + y + s[0] + c;', // 128
    '}',                          // 129
    '',
  ].join('\n'));
  const r = check({ 'src/core/a.c': text, [LIST]: '' });
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /measured\(\) is 129 lines/);
  assert.doesNotMatch(r.out, /pairs/);
});

test('a listed function may stay as it is', () => {
  const r = check({ 'src/core/a.c': cfile(fnOfLines('old_fn', 140)), [LIST]: '140 src/core/a.c old_fn\n' });
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /1 listed over it/);
});

test('a listed function may not grow', () => {
  const r = check({ 'src/core/a.c': cfile(fnOfLines('old_fn', 141)), [LIST]: '140 src/core/a.c old_fn\n' });
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /old_fn\(\) grew to 141 lines \(listed at 140/);
});

test('a listed function that shrank must be written down at its new length', () => {
  const r = check({ 'src/core/a.c': cfile(fnOfLines('old_fn', 130)), [LIST]: '140 src/core/a.c old_fn\n' });
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /old_fn\(\) shrank to 130 lines: write "130 src\/core\/a\.c old_fn"/);
});

test('a listed function under the ceiling leaves the list', () => {
  const r = check({ 'src/core/a.c': cfile(fnOfLines('old_fn', 90)), [LIST]: '140 src/core/a.c old_fn\n' });
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /old_fn\(\) is 90 lines, under the ceiling: delete its line/);
});

test('a listed function that is gone leaves the list', () => {
  const r = check({ 'src/core/a.c': cfile(fnOfLines('other', 10)), [LIST]: '# comment\n140 src/core/a.c old_fn\n' });
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /"140 src\/core\/a\.c old_fn" names no function: delete the line/);
});

test('the repository passes', () => {
  const r = runCheck('check-length.sh', REPO);
  assert.equal(r.code, 0, r.out);
});

