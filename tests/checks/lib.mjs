// lib.mjs - helpers for the tests of the checkers in scripts/: build a
// throwaway source tree and run one checker on it (CHECK_ROOT).
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, copyFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

// Write { 'src/core/a.c': 'text', ... } into a new folder; returns its path.
// The repository's .clang-format is copied in so check-format.sh sees it.
export function makeTree(files) {
  const root = mkdtempSync(join(tmpdir(), 'motcua-checks-'));
  copyFileSync(join(REPO, '.clang-format'), join(root, '.clang-format'));
  addFiles(root, files);
  return root;
}

export function addFiles(root, files) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

export function removeTree(root) {
  rmSync(root, { recursive: true, force: true });
}

// Run scripts/<name> of the repository on root; { code, out } (stdout + stderr).
export function runCheck(name, root, args = [], env = {}) {
  const r = spawnSync('sh', [join(REPO, 'scripts', name), ...args], {
    env: { ...process.env, ...env, CHECK_ROOT: root },
    encoding: 'utf8',
  });
  return { code: r.status, out: (r.stdout ?? '') + (r.stderr ?? '') };
}

// A C source file: the opening comment every file needs, then body.
export function cfile(body, what = 'fixture') {
  return `/* ${what} - a file of a test tree. */\n${body}`;
}

// A function of exactly n lines (n >= 4), from its name line to its closing brace.
export function fnOfLines(name, n) {
  const body = [];
  for (let i = 0; i < n - 4; i++) body.push(`    x += ${i};`);
  return [`int ${name}(int x)`, '{', ...body, '    return x;', '}', ''].join('\n');
}
