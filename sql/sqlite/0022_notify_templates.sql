-- 0022: the texts of the transactional messages, edited by the province
-- admin: every save is a new version (the latest is used; older ones stay
-- for the record).  docs/internals/notify.md ("Templates").
CREATE TABLE notify_templates (
    kind       TEXT NOT NULL,                -- "dossier.supplement", ...
    version    INTEGER NOT NULL CHECK (version >= 1),
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,                -- with {placeholders}
    sms_plain  INTEGER NOT NULL DEFAULT 0 CHECK (sms_plain IN (0, 1)),  -- SMS without diacritics
    created_by INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (kind, version)
);
