-- 0010: the 766 index (docs/internals/index.md): live counters per agency
-- and period, each dossier's last applied state, published snapshots.

-- Counters of one agency (dossiers.agency_code) for one period: a month
-- '2026-10', a quarter '2026-Q4' or a year '2026'.  One column per field
-- of struct idx_dossier_counts (index/dossier_rules.h), same names, same
-- order.  Kept equal to the sum of every dossier's contribution, in the
-- transaction of each dossier change (index_on_dossier_change).
CREATE TABLE index_counters (
    period            TEXT NOT NULL,
    agency_code       TEXT NOT NULL,
    counted           INTEGER NOT NULL DEFAULT 0,
    received          INTEGER NOT NULL DEFAULT 0,
    finished          INTEGER NOT NULL DEFAULT 0,
    on_time           INTEGER NOT NULL DEFAULT 0,
    late              INTEGER NOT NULL DEFAULT 0,
    overdue_pending   INTEGER NOT NULL DEFAULT 0,
    second_supplement INTEGER NOT NULL DEFAULT 0,
    lodged_online     INTEGER NOT NULL DEFAULT 0,
    online            INTEGER NOT NULL DEFAULT 0,
    with_fee          INTEGER NOT NULL DEFAULT 0,
    paid_online       INTEGER NOT NULL DEFAULT 0,
    with_result       INTEGER NOT NULL DEFAULT 0,
    e_result          INTEGER NOT NULL DEFAULT 0,
    digitised         INTEGER NOT NULL DEFAULT 0,
    reused            INTEGER NOT NULL DEFAULT 0,
    complained        INTEGER NOT NULL DEFAULT 0,
    unsatisfied       INTEGER NOT NULL DEFAULT 0,
    satisfied         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (period, agency_code)
) WITHOUT ROWID;

-- Each dossier's contribution as last applied to index_counters, kept as
-- its inputs: the national fields (as dossier_to_idx gives them), its
-- agency and the instant (as_of) it was judged at.  The contribution to
-- any period is idx_dossier_classify(these fields, period, as_of), a pure
-- function, so "old contribution" is recomputed exactly from this row.
-- recheck_at: when the classification changes with no change to the
-- dossier (appointment passed, a new month began); NULL = never.
CREATE TABLE index_dossier_state (
    dossier_id         INTEGER PRIMARY KEY,
    agency_code        TEXT NOT NULL,
    channel            INTEGER NOT NULL,
    status             INTEGER NOT NULL,
    received_at        INTEGER NOT NULL,
    due_at             INTEGER NOT NULL,
    ended_at           INTEGER NOT NULL,
    returned_at        INTEGER NOT NULL,
    supplement_count   INTEGER NOT NULL,
    supplement_seconds INTEGER NOT NULL,
    supplement_since   INTEGER NOT NULL,
    paid_online        INTEGER NOT NULL,
    has_fee            INTEGER NOT NULL,
    e_result           INTEGER NOT NULL,
    digitised          INTEGER NOT NULL,
    reused_data        INTEGER NOT NULL,
    rating             INTEGER NOT NULL,
    complaint          INTEGER NOT NULL,
    as_of              INTEGER NOT NULL,
    recheck_at         INTEGER
);
CREATE INDEX index_dossier_state_recheck ON index_dossier_state(recheck_at)
    WHERE recheck_at IS NOT NULL;

-- Frozen results.  One row per (period, kind, unit, revision); a revision
-- is written for every unit at once and never changed.  kind 'province'
-- (unit ''), 'agency', 'commune', or 'ranking' (unit 'agencies' or
-- 'communes').  json is exactly what the API and CLI print.
CREATE TABLE index_published (
    period       TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('province', 'agency', 'commune', 'ranking')),
    unit         TEXT NOT NULL,
    revision     INTEGER NOT NULL CHECK (revision >= 1),
    json         TEXT NOT NULL,
    published_at INTEGER NOT NULL,
    PRIMARY KEY (period, kind, unit, revision)
) WITHOUT ROWID;

-- One row per published revision of a period: who, when, why.
CREATE TABLE index_publications (
    period       TEXT NOT NULL,
    revision     INTEGER NOT NULL,
    published_at INTEGER NOT NULL,
    published_by TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (period, revision)
) WITHOUT ROWID;

-- The catalogue indicators ask which procedures have dossiers at an
-- agency and which had an online one in a period: covered by this index.
CREATE INDEX index_dossiers_agency_proc
    ON dossiers(agency_code, procedure_code, channel, received_at);
