-- 0018: the access log citizens read (PostgreSQL mirror of
-- sql/sqlite/0018_access_log.sql).  Ids are given by the application from
-- access_log_head, whose row lock serialises appends, so id is a plain
-- bigint key rather than an identity.
CREATE TABLE access_log (
    id          bigint PRIMARY KEY,
    at          bigint NOT NULL,
    subject_id  bigint NOT NULL,
    actor_id    bigint NOT NULL,
    actor_name  text NOT NULL,
    agency_name text NOT NULL,
    action      text NOT NULL,
    object_kind text NOT NULL CHECK (object_kind IN ('dossier', 'vault', 'feedback')),
    object_ref  text NOT NULL,
    prev_hash   text NOT NULL,
    hash        text NOT NULL
);
CREATE INDEX access_log_subject ON access_log(subject_id, id);

CREATE TABLE access_log_head (
    id        integer PRIMARY KEY CHECK (id = 1),
    last_id   bigint NOT NULL,
    last_hash text NOT NULL
);
INSERT INTO access_log_head (id, last_id, last_hash) VALUES (1, 0, '');
