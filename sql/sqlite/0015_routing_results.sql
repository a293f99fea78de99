-- 0014: where a dossier goes and what it ends with.  The competent and
-- implementing agency of each procedure per level and where it is
-- received (docs/internals/routing.md); the agencies a one-stop centre
-- receives for; the commune a citizen lives in (the default of a commune
-- procedure); the number of a result, the date a supplement is asked by,
-- and the folded text an officer searches dossiers by.
-- Times are Unix seconds (UTC).

-- One row per procedure and level.  At province level the competent
-- agency is named (implementing NULL = the competent agency; reception
-- NULL = the one-stop desk that receives for the implementing agency, else
-- the agency itself).  At commune level every code is NULL: the dossier
-- goes to the People's Committee of the applicant's commune, received at
-- its own one-stop desk.  source 'import' rows are guessed from the
-- national catalogue's text and replaced by the next import; 'admin' rows
-- were set by the province admin and are kept.
CREATE TABLE procedure_routes (
    procedure_code    TEXT NOT NULL REFERENCES procedures(code),
    level             TEXT NOT NULL CHECK (level IN ('province', 'commune')),
    competent_code    TEXT REFERENCES agencies(code),
    implementing_code TEXT REFERENCES agencies(code),
    reception_code    TEXT REFERENCES agencies(code),
    source            TEXT NOT NULL CHECK (source IN ('import', 'admin')),
    updated_at        INTEGER NOT NULL,
    PRIMARY KEY (procedure_code, level),
    CHECK ((level = 'province' AND competent_code IS NOT NULL)
           OR (level = 'commune' AND competent_code IS NULL AND implementing_code IS NULL
               AND reception_code IS NULL))
);

-- The agencies a one-stop centre (Trung tâm Phục vụ hành chính công)
-- receives dossiers for: desk_code receives, agency_code processes.
CREATE TABLE reception_desks (
    agency_code TEXT PRIMARY KEY REFERENCES agencies(code),
    desk_code   TEXT NOT NULL REFERENCES agencies(code),
    CHECK (agency_code <> desk_code)
);
CREATE INDEX reception_desks_desk ON reception_desks(desk_code);

-- The commune (units.code) of the account holder's residence, if known.
ALTER TABLE users ADD COLUMN home_unit TEXT;

-- The number of the generated or uploaded result ("12/2026/KQ"), per
-- agency and year from result_counters.
ALTER TABLE dossiers ADD COLUMN result_number TEXT;
-- The date the applicant is asked to supplement by (status 5), if given.
ALTER TABLE dossiers ADD COLUMN supplement_due_at INTEGER;
-- text_fold() of the code, the applicant's name and the declared values,
-- for the officers' search.
ALTER TABLE dossiers ADD COLUMN search_text TEXT NOT NULL DEFAULT '';

CREATE TABLE result_counters (
    agency_code TEXT NOT NULL,
    year        INTEGER NOT NULL,
    last        INTEGER NOT NULL,
    PRIMARY KEY (agency_code, year)
) WITHOUT ROWID;
