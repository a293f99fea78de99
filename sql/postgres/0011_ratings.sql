-- 0011: citizens' ratings of finished dossiers (PostgreSQL mirror of
-- sql/sqlite/0011_ratings.sql; docs/quality.md).

CREATE TABLE dossier_ratings (
    dossier_id          bigint PRIMARY KEY REFERENCES dossiers(id),
    rater_id            bigint NOT NULL REFERENCES users(id),
    overall             integer NOT NULL CHECK (overall BETWEEN 1 AND 3),
    c_thoi_gian         integer NOT NULL DEFAULT 0,
    c_thoi_gian_co_quan integer NOT NULL DEFAULT 0,
    c_so_lan_lien_he    integer NOT NULL DEFAULT 0,
    c_so_co_quan        integer NOT NULL DEFAULT 0,
    c_mot_cua           integer NOT NULL DEFAULT 0,
    c_cong_khai         integer NOT NULL DEFAULT 0,
    c_thai_do           integer NOT NULL DEFAULT 0,
    c_phan_anh          integer NOT NULL DEFAULT 0,
    c_truc_tuyen        integer NOT NULL DEFAULT 0,
    comment             text NOT NULL DEFAULT '',
    agency_code         text NOT NULL,
    procedure_code      text NOT NULL,
    field               text NOT NULL DEFAULT '',
    created_at          bigint NOT NULL,
    updated_at          bigint NOT NULL
);
CREATE INDEX dossier_ratings_agency ON dossier_ratings(agency_code, created_at);
CREATE INDEX dossier_ratings_created ON dossier_ratings(created_at);

CREATE TABLE rating_invitations (
    dossier_id bigint PRIMARY KEY REFERENCES dossiers(id),
    channel    text NOT NULL,                       -- 'email' or 'sms'
    sent_at    bigint NOT NULL
);
