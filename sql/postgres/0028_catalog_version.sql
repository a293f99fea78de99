-- 0028: the catalogue's data version as one row (PostgreSQL mirror of
-- sql/sqlite/0028_catalog_version.sql): moved by every statement that
-- changes procedures, read with one primary-key lookup.
CREATE TABLE catalog_version (
    id integer PRIMARY KEY CHECK (id = 1),
    n  bigint NOT NULL
);
INSERT INTO catalog_version (id, n) VALUES (1, 1);

CREATE FUNCTION catalog_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE catalog_version SET n = n + 1 WHERE id = 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER procedures_version AFTER INSERT OR UPDATE OR DELETE ON procedures
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_version_bump();
