-- 0009: faster catalogue search for long questions (PostgreSQL mirror of
-- sql/sqlite/0009_catalog_search.sql).  See docs/internals/catalog.md.
-- A fresh PostgreSQL database has no procedures yet when this runs, so
-- nothing is copied (a SQLite deployment moves with migrate-to-postgres).

-- The vocabulary of procedure_fts: term, procedures containing it,
-- occurrences (refilled by search_refresh from procedure_fts_terms).
-- Terms compare bytewise: the catalogue scans ranges of them.
CREATE TABLE procedure_term_counts (
    term text COLLATE "C" PRIMARY KEY,
    doc  bigint NOT NULL,
    cnt  bigint NOT NULL
);
-- Typo candidates by trigram similarity (pg_trgm).
CREATE INDEX procedure_term_counts_trgm ON procedure_term_counts USING gin (term gin_trgm_ops);

-- The adjacent word pairs of each column as single tokens ("khai_sinh").
SELECT search_create_index('procedure_pairs', ARRAY['name', 'field', 'agency', 'documents', 'steps'],
                           '_');

CREATE TABLE procedure_pair_counts (
    term text COLLATE "C" PRIMARY KEY,   -- a pair token of procedure_pairs, "khai_sinh"
    doc  bigint NOT NULL
);
