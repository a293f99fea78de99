-- 0028: the catalogue's data version as one row, moved once by every
-- transaction that changes procedures (catalog.c, with the search counts),
-- so catalog_data_version() is one primary-key read instead of an aggregate
-- over the catalogue on every search and every cached page (it was COUNT,
-- SUM and MAX over procedures).  The search's copy in memory and the page
-- cache compare it on every request.  See docs/internals/catalog.md.
CREATE TABLE catalog_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
);
INSERT INTO catalog_version (id, n) VALUES (1, 1);
