-- 0005: dossiers (hồ sơ), their history, files, drafts and codes; the
-- personal document vault; payments.  Times are Unix seconds (UTC), money
-- integer đồng.  See docs/internals/dossier.md, vault.md, payment.md.

-- The daily code sequence of each agency: code <agency>-YYMMDD-NNNN.  The
-- row is bumped in the transaction that creates the dossier, so two
-- submissions never get the same number.
CREATE TABLE dossier_counters (
    agency_code TEXT NOT NULL,
    day         TEXT NOT NULL,                -- YYMMDD, Vietnam date
    last        INTEGER NOT NULL,
    PRIMARY KEY (agency_code, day)
) WITHOUT ROWID;

-- One row per dossier.  status is the national TrangThaiHoSo (1..10),
-- step an internal sub-state of status 4.  Imported dossiers (origin
-- 'import', from `motcua import dossiers`) are history from other systems:
-- their procedure and agency need not exist here and they carry no
-- applicant account.  due_at is the appointment on the receipt (NgayHenTra,
-- never moved); deadline_at is due_at extended by finished supplement
-- waits (in working time), so ThoiGianBoSung = deadline_at - due_at.
CREATE TABLE dossiers (
    id                  INTEGER PRIMARY KEY,
    code                TEXT NOT NULL UNIQUE,       -- MaHoSo
    origin              TEXT NOT NULL DEFAULT 'native' CHECK (origin IN ('native', 'import')),
    procedure_code      TEXT NOT NULL,              -- MaTTHC
    procedure_version   INTEGER,                    -- procedure_versions.version
    procedure_name      TEXT NOT NULL DEFAULT '',
    agency_code         TEXT NOT NULL,              -- MaDonVi: the competent agency
    reception_code      TEXT,                       -- the one-stop desk, NULL = agency_code
    applicant_id        INTEGER REFERENCES users(id),
    applicant_ref       TEXT,                       -- MaHoSoCongDan (opaque)
    contact_name        TEXT NOT NULL DEFAULT '',
    contact_phone       TEXT NOT NULL DEFAULT '',
    contact_id          TEXT NOT NULL DEFAULT '',   -- CCCD or tax code
    channel             INTEGER NOT NULL CHECK (channel BETWEEN 1 AND 3),
    status              INTEGER NOT NULL CHECK (status BETWEEN 1 AND 10),
    step                INTEGER NOT NULL DEFAULT 0 CHECK (step IN (0, 1)),
    assignee_id         INTEGER REFERENCES users(id),
    form_data           TEXT NOT NULL DEFAULT '{}',
    delivery            INTEGER NOT NULL DEFAULT 0 CHECK (delivery BETWEEN 0 AND 2),
    delivery_address    TEXT,
    submitted_at        INTEGER,
    received_at         INTEGER,                    -- NgayTiepNhan
    due_at              INTEGER,                    -- NgayHenTra
    due_unit            INTEGER NOT NULL DEFAULT 0, -- enum calendar_unit of the time
    deadline_at         INTEGER,
    ended_at            INTEGER,                    -- NgayKetThucXuLy
    returned_at         INTEGER,                    -- NgayTraKetQua
    supplement_count    INTEGER NOT NULL DEFAULT 0 CHECK (supplement_count >= 0),
    supplement_seconds  INTEGER NOT NULL DEFAULT 0 CHECK (supplement_seconds >= 0),
    supplement_since    INTEGER,                    -- open wait (status 5)
    fee_dong            INTEGER NOT NULL DEFAULT 0 CHECK (fee_dong >= 0),
    has_fee             INTEGER NOT NULL DEFAULT 0 CHECK (has_fee IN (0, 1)),
    fee_paid            INTEGER NOT NULL DEFAULT 0 CHECK (fee_paid IN (0, 1)),
    paid_online         INTEGER NOT NULL DEFAULT 0 CHECK (paid_online BETWEEN 0 AND 2),
    e_result            INTEGER NOT NULL DEFAULT 0 CHECK (e_result IN (0, 1)),
    digitised           INTEGER NOT NULL DEFAULT 0 CHECK (digitised IN (0, 1)),
    reused_data         INTEGER NOT NULL DEFAULT 0 CHECK (reused_data IN (0, 1)),
    rating              INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 3),
    complaint           INTEGER NOT NULL DEFAULT 0 CHECK (complaint IN (0, 1)),
    result_file_id      INTEGER,                    -- dossier_files.id of the result
    result_vault_item_id INTEGER,                   -- vault_items.id it was pushed to
    apology_due_at      INTEGER,                    -- Mẫu 04 new date (not for the index)
    apology_count       INTEGER NOT NULL DEFAULT 0,
    due_soon_marked     INTEGER NOT NULL DEFAULT 0,
    overdue_marked      INTEGER NOT NULL DEFAULT 0,
    idempotency_key     TEXT,
    import_hash         INTEGER,                    -- imported: hash of the synced fields
    version             INTEGER NOT NULL DEFAULT 1, -- optimistic concurrency
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
CREATE INDEX dossiers_agency ON dossiers(agency_code, status, id);
CREATE INDEX dossiers_reception ON dossiers(reception_code, status, id)
    WHERE reception_code IS NOT NULL;
CREATE INDEX dossiers_applicant ON dossiers(applicant_id, id) WHERE applicant_id IS NOT NULL;
CREATE UNIQUE INDEX dossiers_idempotency ON dossiers(applicant_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE INDEX dossiers_deadline ON dossiers(deadline_at)
    WHERE origin = 'native' AND status IN (2, 4, 6);
CREATE INDEX dossiers_received ON dossiers(received_at);

-- The history: one row per state change or mark, written in the same
-- transaction as the change.  attachments is a JSON array of
-- dossier_files ids added with the event.
CREATE TABLE dossier_events (
    id           INTEGER PRIMARY KEY,
    dossier_id   INTEGER NOT NULL REFERENCES dossiers(id),
    at           INTEGER NOT NULL,
    actor_id     INTEGER,                           -- NULL for the system
    actor_role   TEXT NOT NULL,
    from_status  INTEGER,                           -- NULL when created
    to_status    INTEGER NOT NULL,
    action       TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    attachments  TEXT NOT NULL DEFAULT '[]',
    due_at       INTEGER                            -- accept/intake: appointment; apology: new date
);
CREATE INDEX dossier_events_dossier ON dossier_events(dossier_id, id);

-- The personal document vault (kho dữ liệu điện tử).
CREATE TABLE vault_items (
    id                INTEGER PRIMARY KEY,
    owner_id          INTEGER NOT NULL REFERENCES users(id),
    kind              TEXT NOT NULL CHECK (kind IN ('identity', 'certificate', 'document',
                                                    'result')),
    title             TEXT NOT NULL,
    issued_on         TEXT,                         -- YYYY-MM-DD
    valid_until       TEXT,                         -- YYYY-MM-DD, NULL = no end
    sha256            TEXT NOT NULL,
    size              INTEGER NOT NULL,
    content_type      TEXT NOT NULL,
    path              TEXT NOT NULL,                -- under data_dir/files
    source_dossier_id INTEGER REFERENCES dossiers(id),
    reuse_count       INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL
);
CREATE INDEX vault_items_owner ON vault_items(owner_id, id);
CREATE INDEX vault_items_sha ON vault_items(sha256);

-- Files of a dossier: components lodged (attachment), scans made at the
-- counter (scan) and the result.  The bytes live in the content-addressed
-- store under path; vault_item_id is set when taken from the vault.
CREATE TABLE dossier_files (
    id            INTEGER PRIMARY KEY,
    dossier_id    INTEGER NOT NULL REFERENCES dossiers(id),
    kind          TEXT NOT NULL CHECK (kind IN ('attachment', 'scan', 'result')),
    name          TEXT NOT NULL,
    vault_item_id INTEGER REFERENCES vault_items(id),
    sha256        TEXT NOT NULL,
    size          INTEGER NOT NULL,
    content_type  TEXT NOT NULL,
    path          TEXT NOT NULL,
    digitised     INTEGER NOT NULL DEFAULT 0 CHECK (digitised IN (0, 1)),
    added_at      INTEGER NOT NULL,
    added_by      INTEGER
);
CREATE INDEX dossier_files_dossier ON dossier_files(dossier_id, id);
CREATE INDEX dossier_files_sha ON dossier_files(sha256);

-- Unfinished submissions a citizen saved to finish later.
CREATE TABLE dossier_drafts (
    id             INTEGER PRIMARY KEY,
    applicant_id   INTEGER NOT NULL REFERENCES users(id),
    procedure_code TEXT NOT NULL,
    agency_code    TEXT NOT NULL DEFAULT '',
    form_data      TEXT NOT NULL DEFAULT '{}',
    files          TEXT NOT NULL DEFAULT '[]',     -- JSON array of file references
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX dossier_drafts_applicant ON dossier_drafts(applicant_id, updated_at);

-- Online payments of dossier fees.  provider_ref is the provider's
-- transaction reference: unique, so a replayed callback changes nothing.
CREATE TABLE payments (
    id           INTEGER PRIMARY KEY,
    dossier_id   INTEGER NOT NULL REFERENCES dossiers(id),
    provider     TEXT NOT NULL,
    amount       INTEGER NOT NULL CHECK (amount > 0),
    status       TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'failed')),
    provider_ref TEXT NOT NULL UNIQUE,
    created_by   INTEGER REFERENCES users(id),
    created_at   INTEGER NOT NULL,
    confirmed_at INTEGER
);
CREATE INDEX payments_dossier ON payments(dossier_id, id);
