-- 0004: the working calendar's stored part: per-day overrides (extra days
-- off, làm bù, days worked despite a default holiday) and the office
-- hours.  The defaults (Labour Code holidays, nghỉ bù) are computed, not
-- stored.  See docs/internals/calendar.md.

-- One row per date that differs from the default.  kind: 'off' not
-- worked, 'makeup' worked though normally off, 'work' a plain working
-- day (drops a default holiday or nghỉ bù).  note: e.g. the decision.
CREATE TABLE calendar_override (
    date       TEXT PRIMARY KEY
               CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    kind       TEXT NOT NULL CHECK (kind IN ('off', 'makeup', 'work')),
    name       TEXT NOT NULL DEFAULT '' CHECK (length(CAST(name AS BLOB)) < 128),
    note       TEXT NOT NULL DEFAULT '' CHECK (length(CAST(note AS BLOB)) <= 500),
    updated_at INTEGER NOT NULL DEFAULT 0,
    updated_by INTEGER
) STRICT;

-- Office hours, Vietnam local time, minutes after midnight; no rows means
-- the default 07:30-11:30 and 13:30-17:00.
CREATE TABLE calendar_office_hours (
    position  INTEGER PRIMARY KEY CHECK (position BETWEEN 0 AND 3),
    start_min INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1440),
    end_min   INTEGER NOT NULL CHECK (end_min BETWEEN 0 AND 1440)
) STRICT;
