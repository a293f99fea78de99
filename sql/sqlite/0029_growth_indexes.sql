-- 0029: indexes that keep pages flat as the dossiers pile up (bench/growth.sh).
-- See docs/internals/dossier.md ("Lists at province scale").

-- An officer's queue, newest first: the agency's dossiers in id order, so
-- a page (and the next one, by its last id) reads only its own rows.
CREATE INDEX dossiers_agency_id ON dossiers(agency_code, id);

-- The periods of the 766 index: dossiers still open (ended_at NULL) or
-- ended in the period, for the list of late dossiers and the ratings.
CREATE INDEX dossiers_ended ON dossiers(ended_at);

-- The same for what a one-stop desk received for other agencies.
CREATE INDEX dossiers_reception_id ON dossiers(reception_code, id)
    WHERE reception_code IS NOT NULL;
