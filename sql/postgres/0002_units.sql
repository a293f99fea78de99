-- 0002: administrative units, their predecessors and the agencies that
-- serve them (PostgreSQL mirror of sql/sqlite/0002_units.sql).  Dates are
-- ISO 'YYYY-MM-DD' text; times are Unix seconds.

CREATE TABLE units (
    code         text PRIMARY KEY,
    name         text NOT NULL,                 -- "Lạng Sơn"
    full_name    text NOT NULL,                 -- "Tỉnh Lạng Sơn"
    name_en      text NOT NULL DEFAULT '',
    full_name_en text NOT NULL DEFAULT '',
    code_name    text NOT NULL DEFAULT '',      -- "lang_son"
    level        text NOT NULL CHECK (level IN ('province', 'commune')),
    parent_code  text REFERENCES units(code),   -- the province of a commune
    valid_from   text NOT NULL DEFAULT '2025-07-01',
    valid_to     text,
    CHECK ((level = 'province' AND parent_code IS NULL)
           OR (level = 'commune' AND parent_code IS NOT NULL))
);
CREATE INDEX units_level ON units(level, code);
CREATE INDEX units_parent ON units(parent_code, code);

CREATE TABLE unit_predecessors (
    code     text NOT NULL REFERENCES units(code),
    old_code text NOT NULL,
    old_name text NOT NULL,
    kind     text NOT NULL CHECK (kind IN ('full', 'partial')),
    PRIMARY KEY (code, old_code)
);
CREATE INDEX unit_predecessors_old ON unit_predecessors(old_code);

CREATE TABLE agencies (
    code        text PRIMARY KEY,
    name        text NOT NULL,
    unit_code   text NOT NULL REFERENCES units(code),
    parent_code text REFERENCES agencies(code),
    created_at  bigint NOT NULL,
    updated_at  bigint NOT NULL
);
CREATE INDEX agencies_unit ON agencies(unit_code, code);
CREATE INDEX agencies_parent ON agencies(parent_code);
