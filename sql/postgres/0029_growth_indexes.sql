-- 0029: indexes that keep pages flat as the dossiers pile up (PostgreSQL
-- mirror of sql/sqlite/0029_growth_indexes.sql).

-- An officer's queue, newest first, by agency and id.
CREATE INDEX dossiers_agency_id ON dossiers(agency_code, id);

-- Dossiers still open or ended in a period (766 late list, ratings).
CREATE INDEX dossiers_ended ON dossiers(ended_at);

-- What a one-stop desk received for other agencies, by desk and id.
CREATE INDEX dossiers_reception_id ON dossiers(reception_code, id)
    WHERE reception_code IS NOT NULL;
