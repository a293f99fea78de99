-- 0017: the targets of Decision 1588 measured from live data (issue 14,
-- docs/internals/kpi.md).  The KPI table itself is data
-- (data/programme/kpis.csv, embedded); stored here are the targets an
-- organisation sets for itself, the denominators entered per unit and
-- year, and frozen snapshots of the board.  Times are Unix seconds (UTC).

-- A target for one KPI, organisation and year, entered on the platform:
-- it overrides 1588's and the shipped plan overrides
-- (data/programme/kpi-overrides-*.csv) for that organisation.  org_code
-- is an agency code, or the province's UBND code for the province.
CREATE TABLE kpi_targets (
    kpi_key    TEXT NOT NULL,
    org_code   TEXT NOT NULL,
    year       INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    target     REAL NOT NULL CHECK (target >= 0 AND target <= 100),
    basis      TEXT NOT NULL DEFAULT '',             -- the decision that sets it
    updated_at INTEGER NOT NULL,
    updated_by INTEGER,                              -- users.id, NULL for the system
    PRIMARY KEY (kpi_key, org_code, year)
);

-- Denominators the platform cannot count, entered per unit and year:
-- kind 'dan_so_truong_thanh' (adults) and 'thanh_vien_to_cnscd'
-- (community digital team members) per commune (units.code),
-- 'can_bo_van_hanh' (operating staff) per agency (agencies.code),
-- 'hoc_sinh_sinh_vien' (pupils and students) per school (its code).
CREATE TABLE kpi_denominators (
    kind       TEXT NOT NULL CHECK (kind IN ('dan_so_truong_thanh', 'thanh_vien_to_cnscd',
                                             'can_bo_van_hanh', 'hoc_sinh_sinh_vien')),
    unit_code  TEXT NOT NULL,
    year       INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    value      INTEGER NOT NULL CHECK (value >= 0),
    updated_at INTEGER NOT NULL,
    updated_by INTEGER,                              -- users.id, NULL for the system
    PRIMARY KEY (kind, unit_code, year)
);
CREATE INDEX kpi_denominators_year ON kpi_denominators(year, kind);

-- Frozen boards: one row per (period, unit, revision), unit '' for the
-- province; a revision is written for every unit at once and never
-- changed.  json is exactly what GET /api/v1/kpi answered then.
CREATE TABLE kpi_snapshots (
    period    TEXT NOT NULL,
    unit      TEXT NOT NULL,
    revision  INTEGER NOT NULL CHECK (revision >= 1),
    json      TEXT NOT NULL,
    frozen_at INTEGER NOT NULL,
    frozen_by INTEGER,                               -- users.id, NULL for the system
    PRIMARY KEY (period, unit, revision)
);

-- Distinct adults with an online dossier: the dossiers of a year by
-- channel, with what identifies the applicant (covering: no table reads).
CREATE INDEX kpi_dossiers_online_people
    ON dossiers(channel, received_at, agency_code, applicant_id, contact_id);
