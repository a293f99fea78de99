-- 0004: the working calendar's stored part (PostgreSQL mirror of
-- sql/sqlite/0004_calendar.sql).  See docs/internals/calendar.md.

CREATE TABLE calendar_override (
    date       text PRIMARY KEY CHECK (date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    kind       text NOT NULL CHECK (kind IN ('off', 'makeup', 'work')),
    name       text NOT NULL DEFAULT '' CHECK (octet_length(name) < 128),
    note       text NOT NULL DEFAULT '' CHECK (octet_length(note) <= 500),
    updated_at bigint NOT NULL DEFAULT 0,
    updated_by bigint
);

CREATE TABLE calendar_office_hours (
    position  integer PRIMARY KEY CHECK (position BETWEEN 0 AND 3),
    start_min integer NOT NULL CHECK (start_min BETWEEN 0 AND 1440),
    end_min   integer NOT NULL CHECK (end_min BETWEEN 0 AND 1440)
);
