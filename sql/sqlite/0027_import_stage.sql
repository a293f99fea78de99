-- 0027: a staging table for the bulk import of dossiers (`motcua import
-- dossiers`, docs/internals/dossier.md "Import").  The import loads every
-- checked line here in its transaction (db_copy_*: COPY on PostgreSQL),
-- merges the rows into dossiers with one statement and empties the table
-- before it commits, so no committed transaction ever leaves rows in it.
CREATE TABLE dossier_import_stage (
    line                INTEGER NOT NULL,   -- the line of the file
    code                TEXT NOT NULL,      -- MaHoSo
    procedure_code      TEXT NOT NULL,
    agency_code         TEXT NOT NULL,
    applicant_ref       TEXT NOT NULL,      -- '' when none
    channel             INTEGER NOT NULL,
    status              INTEGER NOT NULL,
    received_at         INTEGER NOT NULL,   -- 0 when none, as the line's fields
    due_at              INTEGER NOT NULL,
    deadline_at         INTEGER NOT NULL,
    ended_at            INTEGER NOT NULL,
    returned_at         INTEGER NOT NULL,
    supplement_count    INTEGER NOT NULL,
    supplement_seconds  INTEGER NOT NULL,
    has_fee             INTEGER NOT NULL,
    paid_online         INTEGER NOT NULL,
    e_result            INTEGER NOT NULL,
    digitised           INTEGER NOT NULL,
    reused_data         INTEGER NOT NULL,
    rating              INTEGER NOT NULL,
    complaint           INTEGER NOT NULL,
    import_hash         INTEGER NOT NULL
);

-- When each background job last ran, whichever app server ran it
-- (src/jobs/jobs.c): under its lease, a server skips a job another server
-- ran less than an interval ago, so with several servers a job runs once
-- per interval, not once per server.  Unix seconds of the platform clock.
CREATE TABLE job_runs (
    name        TEXT PRIMARY KEY,
    last_run_at INTEGER NOT NULL
);
