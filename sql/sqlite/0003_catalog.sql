-- 0003: the procedure catalogue (thủ tục hành chính), versioned, with a
-- full-text index over diacritic-folded text.  See docs/internals/catalog.md.
-- Times are Unix seconds (UTC).

-- One row per procedure: the current version's number and the columns
-- lists and filters need.  id is the rowid of procedure_fts.
CREATE TABLE procedures (
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,           -- ma_thu_tuc, "1.001193"
    current_version  INTEGER NOT NULL,               -- procedure_versions.version
    name             TEXT NOT NULL,
    field            TEXT NOT NULL DEFAULT '',       -- linh_vuc
    levels           INTEGER NOT NULL DEFAULT 0,     -- enum proc_level bits
    online_level     INTEGER NOT NULL DEFAULT 0,     -- enum proc_online_level
    competent_agency TEXT NOT NULL DEFAULT '',
    agency_folded    TEXT NOT NULL DEFAULT '',       -- text_fold(competent + implementing)
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX procedures_field ON procedures(field, code);

-- Every version of every procedure, never changed once written: data is
-- the canonical JSON of the whole struct procedure (sorted keys, compact),
-- so a dossier lodged under version N can always read version N.
CREATE TABLE procedure_versions (
    code       TEXT NOT NULL REFERENCES procedures(code),
    version    INTEGER NOT NULL,
    data       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (code, version)
);

-- Search index over text_fold() output (lower case, no diacritics, đ -> d),
-- rowid = procedures.id.  Columns in bm25 weight order.
CREATE VIRTUAL TABLE procedure_fts USING fts5(
    name, field, agency, documents, steps,
    tokenize = 'unicode61'
);

-- The index's vocabulary (term, doc, cnt): exact-term checks and the typo
-- fallback.
CREATE VIRTUAL TABLE procedure_terms USING fts5vocab(procedure_fts, 'row');
