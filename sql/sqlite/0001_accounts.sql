-- 0001: accounts, roles, sessions, login throttling and the audit log.
-- Times are Unix seconds (UTC).

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('citizen', 'business', 'staff')),
    login         TEXT NOT NULL UNIQUE,      -- CCCD, tax code, or staff user name
    full_name     TEXT NOT NULL,
    cccd          TEXT UNIQUE,
    tax_code      TEXT UNIQUE,
    phone         TEXT,
    email         TEXT,
    password_hash TEXT NOT NULL,             -- argon2id, libsodium string format
    totp_secret   TEXT,                      -- base32; pending until totp_enabled
    totp_enabled  INTEGER NOT NULL DEFAULT 0,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);

-- A staff member's roles; agency_code is NULL for province-wide roles.
CREATE TABLE user_roles (
    user_id     INTEGER NOT NULL REFERENCES users(id),
    agency_code TEXT NOT NULL DEFAULT '',
    role        TEXT NOT NULL CHECK (role IN ('reception', 'processing', 'approver',
                                              'agency_admin', 'province_admin')),
    PRIMARY KEY (user_id, agency_code, role)
);

CREATE TABLE sessions (
    token_hash    TEXT PRIMARY KEY,          -- SHA-256 of the cookie token, hex
    user_id       INTEGER NOT NULL REFERENCES users(id),
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    second_factor INTEGER NOT NULL DEFAULT 0, -- 1 once TOTP was checked
    revoked_at    INTEGER
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Failed sign-ins, by key ("acct:<login>" or "addr:<ip>"), for throttling.
CREATE TABLE login_failures (
    key TEXT NOT NULL,
    at  INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);

-- Every state change: who, in which role, did what to which object, when, from where.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    user_id   INTEGER,
    role      TEXT,
    action    TEXT NOT NULL,
    object    TEXT,
    detail    TEXT,
    address   TEXT
);
CREATE INDEX audit_log_at ON audit_log(at);
