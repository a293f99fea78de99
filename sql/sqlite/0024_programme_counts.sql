-- 0024: output counts that fill themselves (issue 14 part 3).  Where the
-- platform holds the number an output kind counts (dossiers received,
-- surveys, feedback answered...), an organisation's report shows the live
-- figure and freezes it on submission; a typed count of such a kind is an
-- override and keeps its reason.  See docs/internals/programme.md.

-- Why a typed count replaces a live one ('' for other typed counts).
ALTER TABLE task_outputs ADD COLUMN reason TEXT NOT NULL DEFAULT '';

-- The live figures of a report as they were when it was last submitted
-- (one row per task and output kind; replaced on each submission).
-- source names where the figure came from.
CREATE TABLE report_live_counts (
    report_id   INTEGER NOT NULL REFERENCES programme_reports(id),
    task_id     INTEGER NOT NULL REFERENCES plan_tasks(id),
    kind        TEXT NOT NULL,
    count       INTEGER NOT NULL CHECK (count >= 0),
    source      TEXT NOT NULL,
    computed_at INTEGER NOT NULL,
    PRIMARY KEY (report_id, task_id, kind)
);
