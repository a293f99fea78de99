-- 0014: accounts that people can manage themselves and that hold under
-- attack: verified contacts, one-time codes (contact verification,
-- password reset, reclaiming an account at the counter), consent to the
-- personal-data notice, single-use TOTP codes, passwords that must be
-- changed, and the events registration is throttled by.
-- Times are Unix seconds (UTC).

-- When the phone or email on the account was last proved by a code.
-- Accounts from before this migration start unverified: their holders
-- verify once before their next online submission.
ALTER TABLE users ADD COLUMN phone_verified_at INTEGER;
ALTER TABLE users ADD COLUMN email_verified_at INTEGER;
-- The RFC 6238 time step (Unix time / 30) of the last accepted TOTP code;
-- a code of this step or an earlier one is refused (single use).
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
-- 1 while the password is a temporary one an administrator issued.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN password_changed_at INTEGER;

-- One-time codes sent to a phone or an email.  Only a hash is kept.
--   contact  proves a phone or email (registration, a new contact);
--            when confirmed, target becomes the account's verified contact
--   reset    sets a new password (forgotten password)
--   reclaim  a reception officer re-binds an account to its real owner's
--            new contact at the counter (issued_by is the officer)
CREATE TABLE account_codes (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    purpose    TEXT NOT NULL CHECK (purpose IN ('contact', 'reset', 'reclaim')),
    channel    TEXT NOT NULL CHECK (channel IN ('phone', 'email')),
    target     TEXT NOT NULL,             -- normalised phone or email the code went to
    code_hash  TEXT NOT NULL,             -- SHA-256 hex of purpose, user, target and code
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,  -- wrong guesses so far
    used_at    INTEGER,
    issued_by  INTEGER REFERENCES users(id),
    full_name  TEXT                       -- reclaim: the name on the card shown at the counter
);
CREATE INDEX account_codes_user ON account_codes(user_id, purpose, created_at);

-- Consent to the personal-data notice (Nghị định 13/2023/NĐ-CP), one row
-- each time it is given, with the version of the notice shown.
CREATE TABLE account_consents (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users(id),
    notice_version TEXT NOT NULL,
    given_at       INTEGER NOT NULL,
    address        TEXT                   -- client address, as in the audit log
);
CREATE INDEX account_consents_user ON account_consents(user_id, given_at);

-- Events counted by rate limits outside sign-in, by key: "reg-addr:<ip>",
-- "reg-all", "code-addr:<ip>", "code-user:<id>".
CREATE TABLE account_events (
    key TEXT NOT NULL,
    at  INTEGER NOT NULL
);
CREATE INDEX account_events_key ON account_events(key, at);
