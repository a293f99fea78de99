-- 0024: output counts that fill themselves (PostgreSQL mirror of
-- sql/sqlite/0024_programme_counts.sql).

-- Why a typed count replaces a live one ('' for other typed counts).
ALTER TABLE task_outputs ADD COLUMN reason text NOT NULL DEFAULT '';

-- The live figures of a report as they were when it was last submitted.
CREATE TABLE report_live_counts (
    report_id   bigint NOT NULL REFERENCES programme_reports(id),
    task_id     bigint NOT NULL REFERENCES plan_tasks(id),
    kind        text NOT NULL,
    count       bigint NOT NULL CHECK (count >= 0),
    source      text NOT NULL,
    computed_at bigint NOT NULL,
    PRIMARY KEY (report_id, task_id, kind)
);
