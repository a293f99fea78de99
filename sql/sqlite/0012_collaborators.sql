-- 0012: collaborators (cộng tác viên, Tổ công nghệ số cộng đồng) and the
-- log of citizens they helped.  Times are Unix seconds (UTC).
--
-- SQLite cannot change a CHECK constraint, so user_roles is rebuilt with
-- the longer role list, following the "making other kinds of table schema
-- changes" procedure of https://www.sqlite.org/lang_altertable.html:
--   1-2. db_migrate() runs each migration inside one transaction on a
--        connection with foreign_keys=ON, and PRAGMA foreign_keys cannot
--        change inside a transaction; so instead foreign key enforcement
--        is deferred to COMMIT (defer_foreign_keys resets itself when the
--        transaction ends).  No table references user_roles, so nothing
--        points at the dropped table in between.
--   3.   no indexes, triggers or views use user_roles besides its primary key.
--   4-7. create the new table, copy, drop the old one, rename.
--   8.   recreate indexes: none besides the primary key, which comes with the table.
--   9.   no views refer to user_roles.
--   10.  foreign keys are checked at COMMIT (deferred), which fails the
--        migration if a copied row pointed at a missing user.
--   11-12. db_migrate() commits; foreign_keys stays ON throughout.

PRAGMA defer_foreign_keys = ON;

CREATE TABLE user_roles_new (
    user_id     INTEGER NOT NULL REFERENCES users(id),
    agency_code TEXT NOT NULL DEFAULT '',
    role        TEXT NOT NULL CHECK (role IN ('reception', 'processing', 'approver',
                                              'agency_admin', 'province_admin',
                                              'collaborator')),
    PRIMARY KEY (user_id, agency_code, role)
);
INSERT INTO user_roles_new (user_id, agency_code, role)
    SELECT user_id, agency_code, role FROM user_roles;
DROP TABLE user_roles;
ALTER TABLE user_roles_new RENAME TO user_roles;

-- One row per help given by a collaborator (a door-to-door visit, a
-- session at the commune house).  Feeds the programme's training and
-- outreach indicators: who helped, when, in which commune, what kind of
-- help, how many people.
CREATE TABLE collaborator_help_log (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),   -- the collaborator
    agency_code  TEXT NOT NULL,                           -- the commune's agency
    helped_on    TEXT NOT NULL,                           -- 'YYYY-MM-DD', Vietnam date
    citizen_name TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('huong_dan_nop', 'tao_tai_khoan',
                                               'cai_ung_dung', 'gui_phan_anh',
                                               'tra_cuu', 'thanh_toan', 'khac')),
    count        INTEGER NOT NULL DEFAULT 1 CHECK (count BETWEEN 1 AND 500),
    note         TEXT,
    feedback_code TEXT,                                   -- 'gui_phan_anh': the item filed
    created_at   INTEGER NOT NULL
);
CREATE INDEX collaborator_help_log_user ON collaborator_help_log(user_id, helped_on);
CREATE INDEX collaborator_help_log_agency ON collaborator_help_log(agency_code, helped_on);
