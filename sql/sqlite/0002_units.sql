-- 0002: administrative units (two tiers since 1/7/2025: 34 provinces and
-- about 3,321 communes/wards), their predecessors, and the agencies that
-- serve them.  Dates are ISO 'YYYY-MM-DD' text; times are Unix seconds.

-- One row per unit.  valid_from is inclusive, valid_to exclusive; a unit
-- still in force has valid_to NULL.  Codes are the official GSO codes:
-- 2 digits for a province, 5 for a commune.
CREATE TABLE units (
    code         TEXT PRIMARY KEY,
    name         TEXT NOT NULL,                 -- "Lạng Sơn"
    full_name    TEXT NOT NULL,                 -- "Tỉnh Lạng Sơn"
    name_en      TEXT NOT NULL DEFAULT '',
    full_name_en TEXT NOT NULL DEFAULT '',
    code_name    TEXT NOT NULL DEFAULT '',      -- "lang_son"
    level        TEXT NOT NULL CHECK (level IN ('province', 'commune')),
    parent_code  TEXT REFERENCES units(code),   -- the province of a commune
    valid_from   TEXT NOT NULL DEFAULT '2025-07-01',
    valid_to     TEXT,
    CHECK ((level = 'province' AND parent_code IS NULL)
           OR (level = 'commune' AND parent_code IS NOT NULL))
);
CREATE INDEX units_level ON units(level, code);
CREATE INDEX units_parent ON units(parent_code, code);

-- What a unit was formed from: old_code/old_name are the pre-merger unit
-- (its code may be reused by a new unit, so it is not a foreign key).
-- kind 'full': the whole old unit went into code; 'partial': only part.
CREATE TABLE unit_predecessors (
    code     TEXT NOT NULL REFERENCES units(code),
    old_code TEXT NOT NULL,
    old_name TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('full', 'partial')),
    PRIMARY KEY (code, old_code)
);
CREATE INDEX unit_predecessors_old ON unit_predecessors(old_code);

-- Agencies (sở, UBND xã, ...): each serves one unit and may sit under a
-- parent agency.  The parent graph has no cycles (checked on import).
CREATE TABLE agencies (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    unit_code   TEXT NOT NULL REFERENCES units(code),
    parent_code TEXT REFERENCES agencies(code),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX agencies_unit ON agencies(unit_code, code);
CREATE INDEX agencies_parent ON agencies(parent_code);
