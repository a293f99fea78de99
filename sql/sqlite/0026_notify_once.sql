-- 0026: messages sent at most once a day (issue 15, the transactional set).
-- The daily jobs (appointment tomorrow, the officers' digest, the leaders'
-- escalation) claim (topic, day, who) in the transaction that queues the
-- message, so a run repeated on the same day, or on another app server,
-- queues nothing twice.  Rows older than 60 days are deleted by the job.
-- See docs/internals/notify.md.
CREATE TABLE notify_once (
    topic   TEXT NOT NULL,      -- 'dossier.tomorrow', 'officer.digest', 'officer.escalation'
    day     TEXT NOT NULL,      -- local date (UTC+7), 'YYYY-MM-DD'
    who     TEXT NOT NULL,      -- a dossier code, or 'u' and a users.id
    sent_at INTEGER NOT NULL,
    PRIMARY KEY (topic, day, who)
);
CREATE INDEX notify_once_sent ON notify_once(sent_at);
