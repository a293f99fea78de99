-- 0009: faster catalogue search for long questions.  See
-- docs/internals/catalog.md ("Search").

-- The search vocabulary as a plain table, so that search reads a word's
-- document count with one index seek instead of walking its doclist
-- through the fts5vocab table procedure_terms.  A copy of procedure_terms,
-- refilled by the catalogue's writers (catalog.c refresh_terms) in the
-- transaction of every save or import that changes a procedure.
CREATE TABLE procedure_term_counts (
    term TEXT PRIMARY KEY,               -- a folded word of procedure_fts
    doc  INTEGER NOT NULL,               -- procedures containing it
    cnt  INTEGER NOT NULL                -- its occurrences in all columns
) WITHOUT ROWID;

INSERT INTO procedure_term_counts (term, doc, cnt) SELECT term, doc, cnt FROM procedure_terms;

-- The adjacent word pairs of each column of procedure_fts as single tokens
-- ("dang ky khai sinh" -> "dang_ky ky_khai khai_sinh"), rowid =
-- procedures.id, written by catalog.c save_one() next to procedure_fts.
-- A question's pairs are OR-ed as terms here instead of as phrases over
-- procedure_fts: same matches and (up to document lengths) the same bm25,
-- without merging the position lists of frequent words.
CREATE VIRTUAL TABLE procedure_pairs USING fts5(
    name, field, agency, documents, steps,
    tokenize = "unicode61 tokenchars '_'"
);

-- The pairs of the procedures already stored: each column split on its
-- spaces (folded text has no quote or backslash, so it makes a JSON array
-- of words), every word joined to the next (the rule of pair_words()).
INSERT INTO procedure_pairs (rowid, name, field, agency, documents, steps)
SELECT f.rowid,
    (SELECT coalesce(group_concat(w || '_' || nx, ' '), '')
     FROM (SELECT value AS w, lead(value) OVER (ORDER BY key) AS nx
           FROM json_each('["' || replace(f.name, ' ', '","') || '"]'))
     WHERE w != '' AND nx != ''),
    (SELECT coalesce(group_concat(w || '_' || nx, ' '), '')
     FROM (SELECT value AS w, lead(value) OVER (ORDER BY key) AS nx
           FROM json_each('["' || replace(f.field, ' ', '","') || '"]'))
     WHERE w != '' AND nx != ''),
    (SELECT coalesce(group_concat(w || '_' || nx, ' '), '')
     FROM (SELECT value AS w, lead(value) OVER (ORDER BY key) AS nx
           FROM json_each('["' || replace(f.agency, ' ', '","') || '"]'))
     WHERE w != '' AND nx != ''),
    (SELECT coalesce(group_concat(w || '_' || nx, ' '), '')
     FROM (SELECT value AS w, lead(value) OVER (ORDER BY key) AS nx
           FROM json_each('["' || replace(f.documents, ' ', '","') || '"]'))
     WHERE w != '' AND nx != ''),
    (SELECT coalesce(group_concat(w || '_' || nx, ' '), '')
     FROM (SELECT value AS w, lead(value) OVER (ORDER BY key) AS nx
           FROM json_each('["' || replace(f.steps, ' ', '","') || '"]'))
     WHERE w != '' AND nx != '')
FROM procedure_fts f;

-- The pairs' vocabulary, and its document counts as a plain table (as
-- procedure_term_counts, refilled by refresh_terms): search leaves out
-- the pairs no procedure has and, in a question with rarer pairs, those
-- found in many procedures.
CREATE VIRTUAL TABLE procedure_pair_terms USING fts5vocab(procedure_pairs, 'row');

CREATE TABLE procedure_pair_counts (
    term TEXT PRIMARY KEY,               -- a pair token of procedure_pairs, "khai_sinh"
    doc  INTEGER NOT NULL                -- procedures containing it
) WITHOUT ROWID;

INSERT INTO procedure_pair_counts (term, doc) SELECT term, doc FROM procedure_pair_terms;
