-- 0026: messages sent at most once a day (PostgreSQL mirror of
-- sql/sqlite/0026_notify_once.sql).
CREATE TABLE notify_once (
    topic   text NOT NULL,
    day     text NOT NULL,
    who     text NOT NULL,
    sent_at bigint NOT NULL,
    PRIMARY KEY (topic, day, who)
);
CREATE INDEX notify_once_sent ON notify_once(sent_at);
