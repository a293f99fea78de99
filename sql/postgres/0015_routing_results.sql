-- 0015: where a dossier goes and what it ends with (PostgreSQL mirror of
-- sql/sqlite/0015_routing_results.sql): the competent, implementing and
-- receiving agency of each procedure per level, the agencies a one-stop
-- centre receives for, the commune a citizen lives in, the number of a
-- result, the date a supplement is asked by, and the folded text an
-- officer searches dossiers by.  Times are Unix seconds (UTC).

CREATE TABLE procedure_routes (
    procedure_code    text NOT NULL REFERENCES procedures(code),
    level             text NOT NULL CHECK (level IN ('province', 'commune')),
    competent_code    text REFERENCES agencies(code),
    implementing_code text REFERENCES agencies(code),
    reception_code    text REFERENCES agencies(code),
    source            text NOT NULL CHECK (source IN ('import', 'admin')),
    updated_at        bigint NOT NULL,
    PRIMARY KEY (procedure_code, level),
    CHECK ((level = 'province' AND competent_code IS NOT NULL)
           OR (level = 'commune' AND competent_code IS NULL AND implementing_code IS NULL
               AND reception_code IS NULL))
);

CREATE TABLE reception_desks (
    agency_code text PRIMARY KEY REFERENCES agencies(code),
    desk_code   text NOT NULL REFERENCES agencies(code),
    CHECK (agency_code <> desk_code)
);
CREATE INDEX reception_desks_desk ON reception_desks(desk_code);

ALTER TABLE users ADD COLUMN home_unit text;

ALTER TABLE dossiers ADD COLUMN result_number text;
ALTER TABLE dossiers ADD COLUMN supplement_due_at bigint;
ALTER TABLE dossiers ADD COLUMN search_text text NOT NULL DEFAULT '';

CREATE TABLE result_counters (
    agency_code text NOT NULL,
    year        bigint NOT NULL,
    last        bigint NOT NULL,
    PRIMARY KEY (agency_code, year)
);
