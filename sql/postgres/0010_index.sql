-- 0010: the 766 index: live counters per agency and period, each
-- dossier's last applied state, published snapshots (PostgreSQL mirror of
-- sql/sqlite/0010_index.sql; docs/internals/index766.md).

CREATE TABLE index_counters (
    period            text NOT NULL,
    agency_code       text NOT NULL,
    counted           integer NOT NULL DEFAULT 0,
    received          integer NOT NULL DEFAULT 0,
    finished          integer NOT NULL DEFAULT 0,
    on_time           integer NOT NULL DEFAULT 0,
    late              integer NOT NULL DEFAULT 0,
    overdue_pending   integer NOT NULL DEFAULT 0,
    second_supplement integer NOT NULL DEFAULT 0,
    lodged_online     integer NOT NULL DEFAULT 0,
    online            integer NOT NULL DEFAULT 0,
    with_fee          integer NOT NULL DEFAULT 0,
    paid_online       integer NOT NULL DEFAULT 0,
    with_result       integer NOT NULL DEFAULT 0,
    e_result          integer NOT NULL DEFAULT 0,
    digitised         integer NOT NULL DEFAULT 0,
    reused            integer NOT NULL DEFAULT 0,
    complained        integer NOT NULL DEFAULT 0,
    unsatisfied       integer NOT NULL DEFAULT 0,
    satisfied         integer NOT NULL DEFAULT 0,
    PRIMARY KEY (period, agency_code)
);

CREATE TABLE index_dossier_state (
    dossier_id         bigint PRIMARY KEY,
    agency_code        text NOT NULL,
    channel            integer NOT NULL,
    status             integer NOT NULL,
    received_at        bigint NOT NULL,
    due_at             bigint NOT NULL,
    ended_at           bigint NOT NULL,
    returned_at        bigint NOT NULL,
    supplement_count   integer NOT NULL,
    supplement_seconds bigint NOT NULL,
    supplement_since   bigint NOT NULL,
    paid_online        integer NOT NULL,
    has_fee            integer NOT NULL,
    e_result           integer NOT NULL,
    digitised          integer NOT NULL,
    reused_data        integer NOT NULL,
    rating             integer NOT NULL,
    complaint          integer NOT NULL,
    as_of              bigint NOT NULL,
    recheck_at         bigint
);
CREATE INDEX index_dossier_state_recheck ON index_dossier_state(recheck_at)
    WHERE recheck_at IS NOT NULL;

CREATE TABLE index_published (
    period       text NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('province', 'agency', 'commune', 'ranking')),
    unit         text NOT NULL,
    revision     integer NOT NULL CHECK (revision >= 1),
    json         text NOT NULL,
    published_at bigint NOT NULL,
    PRIMARY KEY (period, kind, unit, revision)
);

CREATE TABLE index_publications (
    period       text NOT NULL,
    revision     integer NOT NULL,
    published_at bigint NOT NULL,
    published_by text NOT NULL,
    note         text NOT NULL DEFAULT '',
    PRIMARY KEY (period, revision)
);

CREATE INDEX index_dossiers_agency_proc
    ON dossiers(agency_code, procedure_code, channel, received_at);
