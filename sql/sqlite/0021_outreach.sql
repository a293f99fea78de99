-- 0021: honest delivery states for the outbox, delivery receipts, and the
-- choices people make about the messages they get (docs/internals/notify.md).
--
-- A message is queued -> sending -> sent -> delivered, or failed (permanent),
-- retrying (a temporary failure, tried again with backoff) or unknown (sent,
-- and no receipt came in time).  sent_at and failed_at keep their meaning.
ALTER TABLE notify_outbox ADD COLUMN state TEXT NOT NULL DEFAULT 'queued'
    CHECK (state IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'retrying',
                     'unknown'));
ALTER TABLE notify_outbox ADD COLUMN state_at INTEGER NOT NULL DEFAULT 0;
-- Sent to the gateway with every attempt (eSMS RequestId, ZNS tracking_id) so
-- that a resend after a crash is recognised by the gateway.
ALTER TABLE notify_outbox ADD COLUMN idem_key TEXT NOT NULL DEFAULT '';
ALTER TABLE notify_outbox ADD COLUMN provider TEXT NOT NULL DEFAULT '';
ALTER TABLE notify_outbox ADD COLUMN provider_ref TEXT NOT NULL DEFAULT '';
ALTER TABLE notify_outbox ADD COLUMN delivered_at INTEGER;
-- Plain Vietnamese for the officer who triggered the message ('' = nothing to say).
ALTER TABLE notify_outbox ADD COLUMN reason TEXT NOT NULL DEFAULT '';
-- The channels still to try when this one fails for good: "sms:0901234567"
-- or "sms:0901234567|email:a@b.vn" ('' = none).
ALTER TABLE notify_outbox ADD COLUMN fallback TEXT NOT NULL DEFAULT '';
ALTER TABLE notify_outbox ADD COLUMN parent_id INTEGER;   -- the message this one replaces
ALTER TABLE notify_outbox ADD COLUMN user_id INTEGER;     -- users.id of the recipient, if known
ALTER TABLE notify_outbox ADD COLUMN actor_id INTEGER;    -- users.id of the officer, if any
ALTER TABLE notify_outbox ADD COLUMN ref TEXT NOT NULL DEFAULT '';   -- dossier code, ...
ALTER TABLE notify_outbox ADD COLUMN transactional INTEGER NOT NULL DEFAULT 1;
UPDATE notify_outbox SET state = 'sent', state_at = sent_at WHERE sent_at IS NOT NULL;
UPDATE notify_outbox SET state = 'failed', state_at = failed_at WHERE failed_at IS NOT NULL;
UPDATE notify_outbox SET state_at = created_at WHERE state_at = 0;
CREATE INDEX notify_outbox_state ON notify_outbox(state, next_attempt_at);
CREATE INDEX notify_outbox_provider_ref ON notify_outbox(provider, provider_ref);
CREATE INDEX notify_outbox_ref ON notify_outbox(ref);

-- Every delivery receipt taken in, once: a duplicate (same provider, message
-- and status) changes nothing.
CREATE TABLE notify_receipts (
    id           INTEGER PRIMARY KEY,
    provider     TEXT NOT NULL,
    provider_ref TEXT NOT NULL,
    status       TEXT NOT NULL,
    at           INTEGER NOT NULL,
    UNIQUE (provider, provider_ref, status)
);

-- A person's choices (Nghị định 13/2023): preferred channel, non-transactional
-- messages refused, quiet hours (minutes after midnight, local time) and a
-- weekly cap for non-transactional messages.
CREATE TABLE notify_prefs (
    user_id     INTEGER PRIMARY KEY REFERENCES users(id),
    channel     TEXT NOT NULL DEFAULT '' CHECK (channel IN ('', 'zalo', 'sms', 'email')),
    zalo_linked INTEGER NOT NULL DEFAULT 0,
    opt_out     INTEGER NOT NULL DEFAULT 0,
    quiet_start INTEGER NOT NULL DEFAULT 1260 CHECK (quiet_start BETWEEN 0 AND 1439),
    quiet_end   INTEGER NOT NULL DEFAULT 420 CHECK (quiet_end BETWEEN 0 AND 1439),
    weekly_cap  INTEGER NOT NULL DEFAULT 2 CHECK (weekly_cap BETWEEN 0 AND 50),
    updated_at  INTEGER NOT NULL
);

-- Opt-outs by address (an SMS keyword or a link in a message), keyed by a
-- keyed hash of the normalised phone or email so that the address itself is
-- not kept here.
CREATE TABLE notify_optout (
    addr_hash TEXT PRIMARY KEY,
    source    TEXT NOT NULL CHECK (source IN ('web', 'link', 'sms-keyword')),
    at        INTEGER NOT NULL
);

-- Consent given or withdrawn, with its time, source and purpose.
CREATE TABLE notify_consent (
    id       INTEGER PRIMARY KEY,
    user_id  INTEGER,
    addr_hash TEXT NOT NULL DEFAULT '',
    purpose  TEXT NOT NULL,              -- 'outreach'
    granted  INTEGER NOT NULL CHECK (granted IN (0, 1)),
    source   TEXT NOT NULL,              -- 'web', 'link', 'sms-keyword', 'import'
    at       INTEGER NOT NULL
);
CREATE INDEX notify_consent_user ON notify_consent(user_id, at);
