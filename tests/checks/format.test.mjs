// format.test.mjs - scripts/check-format.sh checks the files listed in
// scripts/formatted.txt (or given) against .clang-format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTree, removeTree, runCheck, REPO } from './lib.mjs';

const FORMATTED = '/* a.c - formatted. */\nint f(int x)\n{\n    return x + 1;\n}\n';
const UNFORMATTED = '/* b.c - not formatted. */\nint g(int x) {\n  return x+1;\n}\n';

test('listed files must be formatted; unlisted ones are not checked', () => {
  const root = makeTree({
    'scripts/formatted.txt': '# list\nfuzz\nsrc/core/a.c\n',
    'fuzz/fuzz_a.c': FORMATTED,
    'src/core/a.c': FORMATTED,
    'src/core/b.c': UNFORMATTED,
  });
  try {
    let r = runCheck('check-format.sh', root);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /format: ok \(2 file\(s\)\)/);
    r = runCheck('check-format.sh', root, ['--all']);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /src\/core\/b\.c: not formatted \(\d+ line\(s\) would change/);
    assert.match(r.out, /format: 1 of 3 file\(s\) not formatted/);
  } finally {
    removeTree(root);
  }
});

test('a listed file that is not formatted fails, and --fix formats it', () => {
  const root = makeTree({ 'scripts/formatted.txt': 'src\n', 'src/core/b.c': UNFORMATTED });
  try {
    let r = runCheck('check-format.sh', root);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /src\/core\/b\.c: not formatted/);
    r = runCheck('check-format.sh', root, ['--fix', 'src/core/b.c']);
    assert.equal(r.code, 0, r.out);
    assert.match(readFileSync(join(root, 'src/core/b.c'), 'utf8'), /int g\(int x\)\n\{\n    return x \+ 1;/);
    r = runCheck('check-format.sh', root);
    assert.equal(r.code, 0, r.out);
  } finally {
    removeTree(root);
  }
});

test('a listed path that does not exist fails', () => {
  const root = makeTree({ 'scripts/formatted.txt': 'src/gone.c\n' });
  try {
    const r = runCheck('check-format.sh', root);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /src\/gone\.c \(from scripts\/formatted\.txt\) does not exist/);
  } finally {
    removeTree(root);
  }
});

test('the repository passes', () => {
  const r = runCheck('check-format.sh', REPO);
  assert.equal(r.code, 0, r.out);
});
