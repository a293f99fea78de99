// layers.test.mjs - scripts/check-layers.sh on small trees: each rule of
// scripts/layers.txt is enforced, and the repository itself passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTree, removeTree, runCheck, cfile, REPO } from './lib.mjs';

const LAYERS = `# test layers
layer core   0
layer domain 1
layer web    2
layer cli    2
layer jobs   2
layer app    3
domain audit
domain dossier
domain rating
`;

// A tree where every folder exists and every include is allowed.
function baseTree(extra = {}, layers = LAYERS) {
  return {
    'scripts/layers.txt': layers,
    'src/core/buf.h': cfile('int buf(void);\n'),
    'src/core/db.c': cfile('#include "core/buf.h"\n#include "db.h"\n'),
    'src/core/db.h': cfile('#include "core/buf.h"\n'),
    'src/domain/audit/audit.h': cfile('#include "core/db.h"\n'),
    'src/domain/dossier/dossier.h': cfile('#include "domain/audit/audit.h"\n'),
    'src/domain/dossier/dossier.c': cfile('#include "domain/dossier/dossier.h"\n#include <stdio.h>\n'),
    'src/domain/rating/rating.c': cfile('#include "domain/dossier/dossier.h"\n'),
    'src/web/app.h': cfile('#include "domain/dossier/dossier.h"\n'),
    'src/web/dossier/page.c': cfile('#include "web/app.h"\n#include "core/buf.h"\n'),
    'src/web/rating/page.c': cfile('#include "web/app.h"\n#include "web/dossier/view.h"\n'),
    'src/web/dossier/view.h': cfile('#include "web/app.h"\n'),
    'src/cli/cli.h': cfile('#include "core/db.h"\n'),
    'src/cli/demo/demo.c': cfile('#include "cli/cli.h"\n#include "domain/rating/rating.h"\n'),
    'src/domain/rating/rating.h': cfile('#include "domain/audit/audit.h"\n'),
    'src/jobs/jobs.c': cfile('#include "domain/rating/rating.h"\n'),
    'src/app/main.c': cfile('#include "web/app.h"\n#include "cli/cli.h"\n#include "jobs/jobs.h"\n'),
    'src/jobs/jobs.h': cfile('#include "core/db.h"\n'),
    ...extra,
  };
}

function check(files) {
  const root = makeTree(files);
  try {
    return runCheck('check-layers.sh', root);
  } finally {
    removeTree(root);
  }
}

test('a tree that follows the layers passes', () => {
  const r = check(baseTree());
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /layers: ok \(\d+ includes between folders, 0 allowed for now\)/);
});

const BAD = [
  ['core includes the domain', 'src/core/x.c', 'domain/audit/audit.h',
    /src\/core may not include src\/domain \(a higher layer\)/],
  ['the domain includes web', 'src/domain/audit/x.c', 'web/app.h',
    /src\/domain may not include src\/web \(a higher layer\)/],
  ['the domain includes cli', 'src/domain/dossier/x.c', 'cli/cli.h',
    /src\/domain may not include src\/cli/],
  ['a domain module includes one listed after it', 'src/domain/dossier/x.c',
    'domain/rating/rating.h', /domain\/dossier may not include domain\/rating, which comes after it/],
  ['cli includes web', 'src/cli/demo/x.c', 'web/app.h',
    /src\/cli may not include src\/web \(layers of equal rank stay apart\)/],
  ['web includes jobs', 'src/web/dossier/x.c', 'jobs/jobs.h',
    /src\/web may not include src\/jobs/],
  ['jobs includes cli', 'src/jobs/x.c', 'cli/cli.h', /src\/jobs may not include src\/cli/],
];

for (const [what, file, inc, why] of BAD) {
  test(`fails when ${what}`, () => {
    const r = check(baseTree({ [file]: cfile(`#include <stdlib.h>\n#include "${inc}"\n`) }));
    assert.equal(r.code, 1, r.out);
    assert.ok(r.out.includes(`${file}:3: includes "${inc}"`), r.out);
    assert.match(r.out, why);
  });
}

test('app includes every layer', () => {
  const r = check(baseTree({
    'src/app/serve.c': cfile('#include "web/dossier/view.h"\n#include "domain/rating/rating.h"\n'),
  }));
  assert.equal(r.code, 0, r.out);
});

test('an include in a comment or of a missing file is not an edge', () => {
  const r = check(baseTree({
    'src/core/x.c': cfile('/*\n#include "web/app.h"\n */\n#include "gen/assets.h"\n'),
  }));
  assert.equal(r.code, 0, r.out);
});

test('a relative include counts like a rooted one', () => {
  const r = check(baseTree({ 'src/core/y.c': cfile('#include "../web/app.h"\n') }));
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /src\/core\/y\.c:2: includes "\.\.\/web\/app\.h": src\/core may not include src\/web/);
});

test('a domain module missing from the order fails', () => {
  const r = check(baseTree({ 'src/domain/survey/survey.c': cfile('#include "core/db.h"\n') }));
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /src\/domain\/survey is not in the domain order: add "domain survey"/);
});

test('a folder that is no layer fails', () => {
  const r = check(baseTree({ 'src/storage/pg.c': cfile('#include "core/db.h"\n') }));
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /src\/storage is not a layer: declare it/);
});

test('a cycle between folders of one layer fails', () => {
  const r = check(baseTree({ 'src/web/dossier/link.c': cfile('#include "web/rating/rating_view.h"\n'),
    'src/web/rating/rating_view.h': cfile('/* */\n') }));
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /cycle between folders: src\/web\/dossier <-> src\/web\/rating/);
  assert.match(r.out, /src\/web\/dossier\/link\.c:2: src\/web\/dossier -> src\/web\/rating/);
});

test('an allowed include passes; the same edge elsewhere does not', () => {
  const bad = { 'src/domain/dossier/act.c': cfile('#include "domain/rating/rating.h"\n') };
  const allow = 'allow src/domain/dossier/act.c domain/rating/rating.h  dossier calls rating for now\n';
  let r = check(baseTree(bad, LAYERS + allow));
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /1 allowed for now/);
  r = check(baseTree({ ...bad, 'src/domain/dossier/more.c': cfile('#include "domain/rating/rating.h"\n') },
    LAYERS + allow));
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /src\/domain\/dossier\/more\.c:2: includes "domain\/rating\/rating\.h"/);
});

test('an allow line whose include is gone fails until it is deleted', () => {
  const allow = 'allow src/domain/dossier/act.c domain/rating/rating.h  dossier calls rating for now\n';
  const r = check(baseTree({}, LAYERS + allow));
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /scripts\/layers\.txt:11: "allow src\/domain\/dossier\/act\.c domain\/rating\/rating\.h" matches no include any more: delete the line/);
});

test('an unreadable line in layers.txt fails', () => {
  const r = check(baseTree({}, LAYERS + 'allow src/x.c\n'));
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /scripts\/layers\.txt:11: cannot read this line/);
});

test('the repository passes', () => {
  const r = runCheck('check-layers.sh', REPO);
  assert.equal(r.code, 0, r.out);
});
