-- 0028: the catalogue's data version as one row (PostgreSQL mirror of
-- sql/sqlite/0028_catalog_version.sql): moved once by every transaction
-- that changes procedures, read with one primary-key lookup.
CREATE TABLE catalog_version (
    id integer PRIMARY KEY CHECK (id = 1),
    n  bigint NOT NULL
);
INSERT INTO catalog_version (id, n) VALUES (1, 1);
