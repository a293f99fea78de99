-- 0018: the access log citizens read: every staff view of and action on a
-- citizen's dossier, vault document or feedback item, each row chained to
-- the previous one by a SHA-256 hash (src/domain/audit/access_log.h), the
-- head of the chain in one row that every append updates (appends are
-- serialised by it), and anchors in audit_log.
CREATE TABLE access_log (
    id          INTEGER PRIMARY KEY,          -- 1, 2, 3 ... without gaps
    at          INTEGER NOT NULL,             -- Unix seconds, UTC
    subject_id  INTEGER NOT NULL,             -- users.id of the citizen whose data it is
    actor_id    INTEGER NOT NULL,             -- users.id of the officer
    actor_name  TEXT NOT NULL,                -- as shown to the citizen, kept as it was
    agency_name TEXT NOT NULL,                -- the officer's agency, '' when none
    action      TEXT NOT NULL,                -- 'view', 'download', 'act:<action>'
    object_kind TEXT NOT NULL CHECK (object_kind IN ('dossier', 'vault', 'feedback')),
    object_ref  TEXT NOT NULL,                -- dossier code, vault item id, feedback code
    prev_hash   TEXT NOT NULL,                -- hash of row id - 1 ('' for the first)
    hash        TEXT NOT NULL                 -- hex SHA-256 over prev_hash and the row
);
CREATE INDEX access_log_subject ON access_log(subject_id, id);

CREATE TABLE access_log_head (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    last_id   INTEGER NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO access_log_head (id, last_id, last_hash) VALUES (1, 0, '');
