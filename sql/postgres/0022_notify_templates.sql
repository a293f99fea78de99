-- 0022 (PostgreSQL mirror of sql/sqlite/0022_notify_templates.sql): the
-- texts of the transactional messages, versioned.
CREATE TABLE notify_templates (
    kind       text NOT NULL,
    version    bigint NOT NULL CHECK (version >= 1),
    subject    text NOT NULL,
    body       text NOT NULL,
    sms_plain  bigint NOT NULL DEFAULT 0 CHECK (sms_plain IN (0, 1)),
    created_by bigint NOT NULL,
    created_at bigint NOT NULL,
    PRIMARY KEY (kind, version)
);
