-- 0011: citizens' ratings of finished dossiers (đánh giá mức độ hài lòng,
-- DESIGN.md §2 ratings; docs/quality.md).  One row per dossier, written
-- by its applicant, editable for 7 days after it was first given; the
-- overall value is copied into dossiers.rating (DanhGia) in the same
-- transaction.  Times are Unix seconds (UTC).

-- overall: 1 Rất hài lòng, 2 Hài lòng, 3 Không hài lòng.  c_*: the nine
-- criteria of the evaluation table, each an option number of its scale
-- (src/rating/rating.c), 0 = not answered.  agency_code, procedure_code
-- and field are copied from the dossier and the catalogue when the
-- rating is given, so aggregates need no join.
CREATE TABLE dossier_ratings (
    dossier_id          INTEGER PRIMARY KEY REFERENCES dossiers(id),
    rater_id            INTEGER NOT NULL REFERENCES users(id),
    overall             INTEGER NOT NULL CHECK (overall BETWEEN 1 AND 3),
    c_thoi_gian         INTEGER NOT NULL DEFAULT 0,
    c_thoi_gian_co_quan INTEGER NOT NULL DEFAULT 0,
    c_so_lan_lien_he    INTEGER NOT NULL DEFAULT 0,
    c_so_co_quan        INTEGER NOT NULL DEFAULT 0,
    c_mot_cua           INTEGER NOT NULL DEFAULT 0,
    c_cong_khai         INTEGER NOT NULL DEFAULT 0,
    c_thai_do           INTEGER NOT NULL DEFAULT 0,
    c_phan_anh          INTEGER NOT NULL DEFAULT 0,
    c_truc_tuyen        INTEGER NOT NULL DEFAULT 0,
    comment             TEXT NOT NULL DEFAULT '',
    agency_code         TEXT NOT NULL,
    procedure_code      TEXT NOT NULL,
    field               TEXT NOT NULL DEFAULT '',   -- procedures.field (lĩnh vực), '' unknown
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
CREATE INDEX dossier_ratings_agency ON dossier_ratings(agency_code, created_at);
CREATE INDEX dossier_ratings_created ON dossier_ratings(created_at);

-- Invitations to rate, one per dossier at most (sent when it is returned).
CREATE TABLE rating_invitations (
    dossier_id INTEGER PRIMARY KEY REFERENCES dossiers(id),
    channel    TEXT NOT NULL,                       -- 'email' or 'sms'
    sent_at    INTEGER NOT NULL
);
