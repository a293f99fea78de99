-- 0027: a staging table for the bulk import of dossiers (PostgreSQL
-- mirror of sql/sqlite/0027_import_stage.sql).  UNLOGGED: its rows live
-- only inside the importing transaction, which empties it before it
-- commits, so there is nothing to recover after a crash nor to replicate.
CREATE UNLOGGED TABLE dossier_import_stage (
    line                bigint NOT NULL,
    code                text NOT NULL,
    procedure_code      text NOT NULL,
    agency_code         text NOT NULL,
    applicant_ref       text NOT NULL,
    channel             integer NOT NULL,
    status              integer NOT NULL,
    received_at         bigint NOT NULL,
    due_at              bigint NOT NULL,
    deadline_at         bigint NOT NULL,
    ended_at            bigint NOT NULL,
    returned_at         bigint NOT NULL,
    supplement_count    bigint NOT NULL,
    supplement_seconds  bigint NOT NULL,
    has_fee             integer NOT NULL,
    paid_online         integer NOT NULL,
    e_result            integer NOT NULL,
    digitised           integer NOT NULL,
    reused_data         integer NOT NULL,
    rating              integer NOT NULL,
    complaint           integer NOT NULL,
    import_hash         bigint NOT NULL
);

-- When each background job last ran, whichever app server ran it.
CREATE TABLE job_runs (
    name        text PRIMARY KEY,
    last_run_at bigint NOT NULL
);
