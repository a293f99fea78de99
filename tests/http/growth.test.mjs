// tests/http/growth.test.mjs - the officers' queue pages at province scale:
// the pages reached by their "next" and "previous" links (keyset: the rows
// below or above a dossier id) show the same rows, in the same order, as
// the numbered pages of before (offset), for an agency officer (the
// agency's own dossiers and those its desk received for others) and for
// the province; the total stops counting at 1,000; and on SQLite the hot
// statements of the queue, the 766 late list and the ratings are answered
// by an index, not by reading the whole dossier table (EXPLAIN QUERY PLAN
// through `motcua debug sql`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, getForm, dbRows, pgAdmin } from './lib/server.mjs';
import { motcua, sql, addStaff, staffLogin, serverClock } from './lib/feedback-helpers.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NOW = '2025-02-10T09:00:00+07:00';
const N = 1500;
const clock = serverClock(NOW);

/** The dossier codes of a queue page, in the order shown. */
function codesOf(html) {
  return [...html.matchAll(/<td><a href="\/ho-so\/([^"]+)">/g)].map((m) => decodeURIComponent(m[1]));
}

/** The href of the pager link whose text starts with label, or null. */
function linkOf(html, label) {
  const m = new RegExp(`<a href="([^"]+)">${label}`).exec(html);
  return m ? m[1].replace(/&amp;/g, '&') : null;
}

async function withProvince(fn) {
  const srv = await startServer({ env: { MOTCUA_NOW: NOW } });
  try {
    const gen = join(srv.tmpdir, 'gen_dossiers');
    execFileSync('cc', ['-std=c17', '-O2', join(ROOT, 'bench/gen_dossiers.c'), '-o', gen]);
    writeFileSync(join(srv.tmpdir, 'units.json'), execFileSync(gen, ['--units']));
    writeFileSync(join(srv.tmpdir, 'agencies.csv'), execFileSync(gen, ['--agencies']));
    writeFileSync(join(srv.tmpdir, 'in.jsonl'), execFileSync(gen, [String(N)]));
    motcua(srv, 'import', 'units', join(srv.tmpdir, 'units.json'));
    motcua(srv, 'import', 'agencies', join(srv.tmpdir, 'agencies.csv'));
    motcua(srv, 'import', 'dossiers', join(srv.tmpdir, 'in.jsonl'));
    // One agency with enough dossiers for several pages, some of them
    // received at its desk for other agencies.
    sql(srv, "UPDATE dossiers SET agency_code = 'T20.S00' WHERE id % 5 = 0");
    sql(srv, "UPDATE dossiers SET reception_code = 'T20.S00' WHERE id % 11 = 3");
    addStaff(srv, 'tinh.qt', 'Quản Trị Tỉnh', 'province_admin', 'T20.UBND');
    addStaff(srv, 'so.cv', 'Chuyên Viên Sở', 'processing', 'T20.S00');
    await fn(srv);
  } finally {
    await srv.stop();
  }
}

/**
 * Walk a queue both ways and compare with the numbered pages: returns the
 * codes of the first `pages` pages.
 */
async function walk(srv, jar, query, pages) {
  const byOffset = [];
  for (let p = 1; p <= pages; p++) {
    const r = await getForm(srv.url, `/quan-tri/ho-so?${query}${p > 1 ? `&trang=${p}` : ''}`, jar);
    assert.equal(r.status, 200);
    byOffset.push(codesOf(r.html));
  }
  // Forward by the "next" links.
  let r = await getForm(srv.url, `/quan-tri/ho-so?${query}`, jar);
  const links = [null];
  for (let p = 1; p <= pages; p++) {
    assert.deepEqual(codesOf(r.html), byOffset[p - 1], `page ${p} by its "next" link`);
    assert.match(r.html, new RegExp(`Trang ${p}\\b`));
    const next = linkOf(r.html, 'Trang sau');
    if (p < pages) {
      assert.ok(next, `a "next" link on page ${p}`);
      assert.match(next, /[?&]sau=\d+&trang=\d+$/);
      assert.ok(!/[?&]trang=\d+.*[?&]trang=/.test(next), 'one page number in the link');
      links.push(next);
      r = await getForm(srv.url, next, jar);
    }
  }
  // Back by the "previous" links, from the last page walked.
  for (let p = pages; p > 1; p--) {
    const prev = linkOf(r.html, '‹ Trang trước');
    assert.ok(prev, `a "previous" link on page ${p}`);
    r = await getForm(srv.url, prev, jar);
    assert.equal(r.status, 200);
    assert.deepEqual(codesOf(r.html), byOffset[p - 2], `page ${p - 1} by its "previous" link`);
  }
  assert.equal(linkOf(r.html, '‹ Trang trước'), null, 'no "previous" link on page 1');
  return byOffset.flat();
}

test('queue pages by keyset give the rows of the numbered pages', async () => {
  await withProvince(async (srv) => {
    const officer = await staffLogin(srv, 'so.cv', clock);
    const expected = dbRows(srv.db, "SELECT code FROM dossiers WHERE agency_code = 'T20.S00'"
      + " OR reception_code = 'T20.S00' ORDER BY id DESC").map((r) => r.code);
    assert.ok(expected.length > 100, `${expected.length} dossiers for the officer`);
    const pages = Math.ceil(expected.length / 25);
    const all = await walk(srv, officer, 'hang=tat-ca', pages);
    assert.deepEqual(all, expected, 'every dossier of the agency and its desk, newest first');
    const first = await getForm(srv.url, '/quan-tri/ho-so', officer);
    assert.match(first.html, new RegExp(`<p>${expected.length} hồ sơ\\.</p>`));
    assert.match(first.html, new RegExp(`Trang 1/${pages}`));

    // A filter is kept along the links.
    const online = dbRows(srv.db, "SELECT code FROM dossiers WHERE (agency_code = 'T20.S00'"
      + " OR reception_code = 'T20.S00') AND channel = 2 ORDER BY id DESC").map((r) => r.code);
    const some = await walk(srv, officer, 'hang=tat-ca&kenh=2', 3);
    assert.deepEqual(some, online.slice(0, 75));

    // The province: more than 1,000 dossiers, so the total stops counting.
    const admin = await staffLogin(srv, 'tinh.qt', clock);
    const province = dbRows(srv.db, 'SELECT code FROM dossiers ORDER BY id DESC LIMIT 100')
      .map((r) => r.code);
    assert.deepEqual(await walk(srv, admin, 'hang=tat-ca', 4), province);
    const top = await getForm(srv.url, '/quan-tri/ho-so', admin);
    assert.match(top.html, /<p>Hơn 1000 hồ sơ\.<\/p>/);
    assert.ok(!/Trang 1\//.test(top.html), 'no page count when the total is not known');

    // A page reached by an id no longer in the list still answers.
    const stale = await getForm(srv.url, '/quan-tri/ho-so?sau=1&trang=99', admin);
    assert.equal(stale.status, 200);
    assert.deepEqual(codesOf(stale.html), []);
    assert.equal(linkOf(stale.html, 'Trang sau'), null);

    // The staff home counts no further than the list does.
    const home = await getForm(srv.url, '/quan-tri', admin);
    assert.equal(home.status, 200);
  });
});

/** The SQL text of named statements, from the preprocessed sources. */
function statementsOf(files) {
  const out = {};
  for (const f of files) {
    const text = execFileSync('cc', ['-E', '-P', '-std=c17', '-D_GNU_SOURCE',
      `-I${join(ROOT, 'src')}`, ...execFileSync('pkg-config', ['--cflags', 'jansson', 'sqlite3'])
        .toString().trim().split(/\s+/).filter(Boolean), join(ROOT, f)],
    { maxBuffer: 64 << 20 }).toString();
    const re = /struct db_query\s+\w+\s*=\s*\{\s*"([^"]+)",((?:\s*"(?:[^"\\]|\\.)*")+)/g;
    let m;
    while ((m = re.exec(text)) !== null) {
      out[m[1]] = [...m[2].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((x) => x[1]).join('')
        .replace(/\\"/g, '"');
    }
  }
  return out;
}

test('the hot list statements read an index, not the whole dossier table',
  { skip: pgAdmin() ? 'EXPLAIN QUERY PLAN is SQLite\'s' : false }, async () => {
    const srv = await startServer();
    try {
      const q = statementsOf(['src/domain/dossier/dossier_list.c',
        'src/domain/index766/index766_pub.c', 'src/domain/rating/rating.c',
        'src/domain/kpi/kpi_compute.c', 'src/domain/kpi/kpi_data.c']);
      const expect = {
        'dossier.list_agency': /SEARCH d USING INDEX dossiers_agency_id \(agency_code=\? AND id>\? AND id<\?\)/,
        // A queue's count reads the rows of its statuses, not the agency's history.
        'dossier.count_agency': new RegExp('SEARCH d USING INDEX dossiers_agency '
          + '\\(agency_code=\\? AND status=\\?[^]*SEARCH d USING INDEX dossiers_reception '
          + '\\(reception_code=\\? AND status=\\?'),
        'dossier.list_agency_up': /SEARCH d USING INDEX dossiers_agency_id/,
        // A queue of open statuses reads them by status, whatever the agency's history.
        'dossier.list_agency_open': new RegExp('SEARCH d USING INDEX dossiers_agency '
          + '\\(agency_code=\\? AND status=\\?\\)[^]*SEARCH d USING INDEX dossiers_reception '
          + '\\(reception_code=\\? AND status=\\?'),
        'dossier.list_agency_open_up': /SEARCH d USING INDEX dossiers_agency \(agency_code=\? AND status=\?\)/,
        'dossier.list_scan': /SEARCH d USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/,
        'dossier.list_mine': /SEARCH d USING INDEX dossiers_applicant \(applicant_id=\?\)/,
        'dossier.count_mine': /SEARCH d USING INDEX dossiers_applicant \(applicant_id=\?\)/,
        'dossier.list_deadline': /SEARCH d USING INDEX dossiers_deadline/,
        // Open dossiers by reception, ended ones by their end: never every dossier
        // that has no end (refused and withdrawn ones pile up with the years).
        'index.late': new RegExp('SEARCH d USING INDEX dossiers_open_received \\(received_at<\\?\\)'
          + '[^]*SEARCH d USING INDEX dossiers_ended \\(ended_at>\\?\\)'),
        'rating.agg_agency': new RegExp('SEARCH d USING INDEX dossiers_ended \\(ended_at>\\? AND '
          + 'ended_at<\\?\\)[^]*SEARCH d USING INDEX dossiers_open_returned'),
        'rating.agg_field': new RegExp('SEARCH d USING INDEX dossiers_ended \\(ended_at>\\? AND '
          + 'ended_at<\\?\\)[^]*SEARCH d USING INDEX dossiers_open_returned'),
        // The deadline sweep (every five minutes) reads the dossiers it still
        // has to mark, not the whole table in id order.
        'dossier.overdue_ids': /SEARCH dossiers USING INDEX dossiers_overdue_todo \(deadline_at<\?\)/,
        // The KPI board's ratings: the period's ratings probe their dossiers,
        // never every online dossier ever lodged.
        'kpi.ratings': /SEARCH r USING INDEX dossier_ratings_created \(created_at>\? AND created_at<\?\)/,
        'kpi.rated': /SEARCH r USING INDEX dossier_ratings_created \(created_at>\? AND created_at<\?\)/,
      };
      for (const [name, re] of Object.entries(expect)) {
        assert.ok(q[name], `statement ${name} found`);
        const plan = dbRows(srv.db, `EXPLAIN QUERY PLAN ${q[name]}`).map((r) => r.detail)
          .join('\n');
        assert.match(plan, re, `${name}:\n${plan}`);
        assert.ok(!/\bSCAN (d|dossiers)\b/.test(plan), `${name} reads the whole table:\n${plan}`);
      }
    } finally {
      await srv.stop();
    }
  });
