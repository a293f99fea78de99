-- 0007: feedback (phản ánh, kiến nghị and hỏi–đáp), its history, attachments,
-- one-time contact codes, rate limits, reminders, and the notification outbox.
-- Times are Unix seconds (UTC).  See docs/internals/feedback.md.

-- One row per item.  agency_code is NULL while the item waits in the
-- province admin's triage queue.  The due_* columns are working-day
-- deadlines (DESIGN.md §3) computed when the item is received.
CREATE TABLE feedback (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,              -- "PA-260213-0001"
    kind            TEXT NOT NULL CHECK (kind IN ('phan_anh', 'hoi_dap')),
    category        TEXT NOT NULL CHECK (category IN ('thu_tuc', 'thai_do', 'he_thong',
                                                      'gop_y', 'khac')),
    status          TEXT NOT NULL CHECK (status IN ('triage', 'received', 'assigned',
                                                    'need_info', 'drafted', 'answered',
                                                    'published', 'rejected')),
    title           TEXT NOT NULL,
    body            TEXT NOT NULL,
    procedure_code  TEXT,
    dossier_code    TEXT,
    agency_code     TEXT REFERENCES agencies(code),
    sender_user_id  INTEGER REFERENCES users(id),
    sender_name     TEXT NOT NULL,
    sender_email    TEXT,
    sender_phone    TEXT,
    on_behalf_by    INTEGER REFERENCES users(id),      -- staff or collaborator who filed it
    consent_publish INTEGER NOT NULL DEFAULT 0,
    assignee_id     INTEGER REFERENCES users(id),
    submitted_at    INTEGER NOT NULL,
    received_at     INTEGER NOT NULL,                  -- next office time after submitted_at
    due_reject      INTEGER NOT NULL,
    due_info        INTEGER NOT NULL,
    due_resolve     INTEGER NOT NULL,
    due_publish     INTEGER,                           -- set when answered
    remind_at       INTEGER NOT NULL,                  -- one working day before due_resolve
    info_request    TEXT,                              -- what the agency asked for
    info_asked_at   INTEGER,
    draft           TEXT,
    answer          TEXT,
    answered_at     INTEGER,
    answered_by     INTEGER REFERENCES users(id),
    public_title    TEXT,                              -- redacted by the officer
    public_question TEXT,
    public_answer   TEXT,
    published_at    INTEGER,
    reject_reason   TEXT,
    rejected_at     INTEGER,
    rating          INTEGER CHECK (rating IN (-1, 1)), -- 1 satisfied, -1 not
    rating_comment  TEXT,
    rated_at        INTEGER,
    reopened        INTEGER NOT NULL DEFAULT 0,        -- a dislike reopens once
    updated_at      INTEGER NOT NULL
);
CREATE INDEX feedback_agency ON feedback(agency_code, status, due_resolve);
CREATE INDEX feedback_status ON feedback(status, due_resolve);
CREATE INDEX feedback_published ON feedback(published_at);

-- What happened to an item, in order: submitted, transferred (with the
-- reason), assigned, info requested, answered, published, rated, reopened.
CREATE TABLE feedback_events (
    id          INTEGER PRIMARY KEY,
    feedback_id INTEGER NOT NULL REFERENCES feedback(id),
    at          INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    actor_id    INTEGER,
    from_agency TEXT,
    to_agency   TEXT,
    note        TEXT
);
CREATE INDEX feedback_events_item ON feedback_events(feedback_id, id);

-- Follow tokens: the sender's link to see, complete and rate an item
-- without an account.  Only the SHA-256 is stored; a new one is made for
-- each message that carries a link.
CREATE TABLE feedback_follow (
    token_hash  TEXT PRIMARY KEY,
    feedback_id INTEGER NOT NULL REFERENCES feedback(id),
    created_at  INTEGER NOT NULL
);

-- Files sent with an item; the bytes live in data_dir/files/<sha256>.
CREATE TABLE feedback_attachments (
    id           INTEGER PRIMARY KEY,
    feedback_id  INTEGER NOT NULL REFERENCES feedback(id),
    sha256       TEXT NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL
);
CREATE INDEX feedback_attachments_item ON feedback_attachments(feedback_id);

-- Public search over text_fold() output of the published text.
CREATE VIRTUAL TABLE feedback_fts USING fts5(title, question, answer, tokenize = 'unicode61');

-- One-time codes that verify an anonymous sender's email or phone.
CREATE TABLE contact_codes (
    id         INTEGER PRIMARY KEY,
    contact    TEXT NOT NULL,             -- normalised email or phone
    code_hash  TEXT NOT NULL,             -- SHA-256 of contact and code
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    used_at    INTEGER
);
CREATE INDEX contact_codes_contact ON contact_codes(contact, created_at);

-- Events counted for rate limits, by key ("fb-addr:<ip>", "code:<contact>").
CREATE TABLE rate_events (
    key TEXT NOT NULL,
    at  INTEGER NOT NULL
);
CREATE INDEX rate_events_key ON rate_events(key, at);

-- Reminders already sent, so each is sent once: kind is 'before' (one
-- working day before due_resolve), 'overdue' (to the agency) or
-- 'escalated' (to its leader, three working days late).
CREATE TABLE feedback_reminders (
    feedback_id INTEGER NOT NULL REFERENCES feedback(id),
    kind        TEXT NOT NULL CHECK (kind IN ('before', 'overdue', 'escalated')),
    sent_at     INTEGER NOT NULL,
    PRIMARY KEY (feedback_id, kind)
);

-- Where an agency receives feedback mail: its inbox and its leader.
CREATE TABLE feedback_contacts (
    agency_code  TEXT PRIMARY KEY REFERENCES agencies(code),
    inbox_email  TEXT,
    leader_email TEXT,
    updated_at   INTEGER NOT NULL
);

-- Messages waiting to go out (email, sms, zalo), written in the same
-- transaction as the change they announce and delivered by a job.
CREATE TABLE notify_outbox (
    id              INTEGER PRIMARY KEY,
    channel         TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'zalo')),
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    kind            TEXT NOT NULL,           -- "feedback.code", "feedback.reminder", ...
    created_at      INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    sent_at         INTEGER,
    failed_at       INTEGER,                 -- gave up
    last_error      TEXT
);
CREATE INDEX notify_outbox_due ON notify_outbox(sent_at, failed_at, next_attempt_at);
