-- 0020: what the 766 index needs from the catalogue, procedures kept by
-- their agencies, and what became of what citizens said.
--   * procedure_publication: per procedure, the announcing decision's date,
--     the date its legal basis takes effect, the date it was made public
--     on the portal, the checklist of published parts, and the eligibility
--     and payment flags (docs/index-766.md, docs/internals/catalog.md);
--   * procedure_drafts: a version proposed by an agency admin, public only
--     once the province admin approves it;
--   * procedure_forms: downloadable form files (tờ khai) per procedure;
--   * feedback: where an item came from (a rating, a survey answer) and
--     what was taken up ("đã tiếp thu").
-- Dates are Unix seconds at local midnight (Asia/Ho_Chi_Minh), times Unix
-- seconds (UTC); NULL = not known.

CREATE TABLE procedure_publication (
    procedure_code     TEXT PRIMARY KEY REFERENCES procedures(code),
    decision_date      INTEGER,                 -- the announcing decision was signed
    effective_date     INTEGER,                 -- its legal basis takes effect
    public_date        INTEGER,                 -- made public on the portal
    parts              INTEGER NOT NULL DEFAULT 0,   -- bits of enum catalog_part
    eligible_full      INTEGER NOT NULL DEFAULT 0 CHECK (eligible_full IN (0, 1)),
    fee_bearing        INTEGER NOT NULL DEFAULT 0 CHECK (fee_bearing IN (0, 1)),
    payment_online     INTEGER NOT NULL DEFAULT 0 CHECK (payment_online IN (0, 1)),
    payment_integrated INTEGER NOT NULL DEFAULT 0 CHECK (payment_integrated IN (0, 1)),
    updated_at         INTEGER NOT NULL
);

CREATE TABLE procedure_drafts (
    id             INTEGER PRIMARY KEY,
    procedure_code TEXT NOT NULL REFERENCES procedures(code),
    agency_code    TEXT NOT NULL REFERENCES agencies(code),
    base_version   INTEGER NOT NULL,           -- the public version it was edited from
    data           TEXT NOT NULL,              -- canonical JSON of the proposed procedure
    publication    TEXT NOT NULL DEFAULT '{}', -- proposed publication data and flags (JSON)
    note           TEXT NOT NULL DEFAULT '',   -- what the agency changed, in its words
    status         TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'returned')),
    author_id      INTEGER NOT NULL REFERENCES users(id),
    created_at     INTEGER NOT NULL,
    reviewer_id    INTEGER REFERENCES users(id),
    reviewed_at    INTEGER,
    review_comment TEXT,
    version        INTEGER                     -- the public version an approval made
);
CREATE INDEX procedure_drafts_status ON procedure_drafts(status, created_at);
CREATE INDEX procedure_drafts_code ON procedure_drafts(procedure_code, id);

CREATE TABLE procedure_forms (
    id             INTEGER PRIMARY KEY,
    procedure_code TEXT NOT NULL REFERENCES procedures(code),
    title          TEXT NOT NULL,
    file_name      TEXT NOT NULL,
    sha256         TEXT NOT NULL,
    size           INTEGER NOT NULL,
    content_type   TEXT NOT NULL,
    added_by       INTEGER REFERENCES users(id),
    added_at       INTEGER NOT NULL
);
CREATE INDEX procedure_forms_code ON procedure_forms(procedure_code, id);
CREATE INDEX procedure_forms_sha ON procedure_forms(sha256);

ALTER TABLE feedback ADD COLUMN source TEXT NOT NULL DEFAULT 'sender';  -- 'rating', 'survey'
ALTER TABLE feedback ADD COLUMN source_ref TEXT;          -- dossier code, survey answer id
ALTER TABLE feedback ADD COLUMN taken_up_change TEXT;     -- what was changed as a result
ALTER TABLE feedback ADD COLUMN taken_up_at INTEGER;      -- the day it was changed
ALTER TABLE feedback ADD COLUMN taken_up_by INTEGER REFERENCES users(id);
CREATE INDEX feedback_source ON feedback(source, source_ref);
