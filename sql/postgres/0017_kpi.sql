-- 0017: the targets of Decision 1588 measured from live data (PostgreSQL
-- mirror of sql/sqlite/0017_kpi.sql; docs/internals/kpi.md).

CREATE TABLE kpi_targets (
    kpi_key    text NOT NULL,
    org_code   text NOT NULL,
    year       integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    target     double precision NOT NULL CHECK (target >= 0 AND target <= 100),
    basis      text NOT NULL DEFAULT '',
    updated_at bigint NOT NULL,
    updated_by bigint,
    PRIMARY KEY (kpi_key, org_code, year)
);

CREATE TABLE kpi_denominators (
    kind       text NOT NULL CHECK (kind IN ('dan_so_truong_thanh', 'thanh_vien_to_cnscd',
                                             'can_bo_van_hanh', 'hoc_sinh_sinh_vien')),
    unit_code  text NOT NULL,
    year       integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    value      bigint NOT NULL CHECK (value >= 0),
    updated_at bigint NOT NULL,
    updated_by bigint,
    PRIMARY KEY (kind, unit_code, year)
);
CREATE INDEX kpi_denominators_year ON kpi_denominators(year, kind);

CREATE TABLE kpi_snapshots (
    period    text NOT NULL,
    unit      text NOT NULL,
    revision  integer NOT NULL CHECK (revision >= 1),
    json      text NOT NULL,
    frozen_at bigint NOT NULL,
    frozen_by bigint,
    PRIMARY KEY (period, unit, revision)
);

CREATE INDEX kpi_dossiers_online_people
    ON dossiers(channel, received_at, agency_code, applicant_id, contact_id);
