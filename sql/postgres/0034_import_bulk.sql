-- 0034: a bulk import of dossiers builds the secondary indexes of dossiers
-- once instead of row by row (PostgreSQL only; sql/sqlite/0034_import_bulk.sql
-- is empty).  `motcua import dossiers` (src/domain/dossier/dossier_sync.c)
-- calls dossier_import_park(min_rows) after staging its lines and
-- dossier_import_unpark() after the merge, both in its one transaction:
--   park    when the stage holds at least min_rows dossiers the table does
--           not have yet, and at least as many as the table has already
--           (a first load, or one that doubles the table): drops every
--           index of dossiers that is neither unique nor partial, keeping
--           its definition in a temporary table; returns how many;
--   unpark  creates them again from their definitions, then analyses the
--           table (the planner then knows its new size); returns how many.
-- DDL is transactional: a failed import rolls the indexes back with the
-- rows.  While a parked import runs, other sessions wait to read dossiers
-- (the drop holds the table's exclusive lock until the commit).
--
-- The stage gets a primary key on its line: the merge reads the lines in
-- file order from it instead of sorting a million rows on disk.
ALTER TABLE dossier_import_stage ADD PRIMARY KEY (line);

CREATE FUNCTION dossier_import_park(min_rows bigint) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    staged bigint;
    fresh bigint;
    existing bigint;
    r record;
    n integer := 0;
BEGIN
    SELECT count(*) INTO staged FROM dossier_import_stage;
    IF staged < min_rows THEN
        RETURN 0;
    END IF;
    SELECT count(*) INTO existing FROM dossiers;
    IF existing > staged THEN
        RETURN 0;
    END IF;
    IF existing > 0 THEN
        -- A re-run of a file finds its first lines stored: look at the
        -- first 1,000 before counting them all (at least half new).
        SELECT count(*) INTO fresh FROM (SELECT s.code FROM dossier_import_stage s
            ORDER BY s.line LIMIT 1000) s
            WHERE NOT EXISTS (SELECT 1 FROM dossiers d WHERE d.code = s.code);
        IF fresh * 2 < least(staged, 1000) THEN
            RETURN 0;
        END IF;
        SELECT count(*) INTO fresh FROM dossier_import_stage s
            WHERE NOT EXISTS (SELECT 1 FROM dossiers d WHERE d.code = s.code);
        IF fresh < min_rows OR fresh < existing THEN
            RETURN 0;
        END IF;
    END IF;
    CREATE TEMPORARY TABLE IF NOT EXISTS dossier_import_parked (def text NOT NULL)
        ON COMMIT DROP;
    FOR r IN SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
             FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
             WHERE i.indrelid = 'dossiers'::regclass AND NOT i.indisunique
             AND i.indpred IS NULL ORDER BY c.relname LOOP
        INSERT INTO dossier_import_parked (def) VALUES (r.def);
        EXECUTE format('DROP INDEX %I', r.name);
        n := n + 1;
    END LOOP;
    RETURN n;
END
$$;

CREATE FUNCTION dossier_import_unpark() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    r record;
    n integer := 0;
BEGIN
    IF to_regclass('pg_temp.dossier_import_parked') IS NULL THEN
        RETURN 0;
    END IF;
    PERFORM set_config('maintenance_work_mem', '256MB', true);
    FOR r IN SELECT def FROM dossier_import_parked LOOP
        EXECUTE r.def;
        n := n + 1;
    END LOOP;
    DROP TABLE dossier_import_parked;
    IF n > 0 THEN
        ANALYZE dossiers;
    END IF;
    RETURN n;
END
$$;
