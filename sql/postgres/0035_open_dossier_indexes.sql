-- 0035: dossiers without an end by reception and return (PostgreSQL mirror
-- of sql/sqlite/0035_open_dossier_indexes.sql): the 766 late list and the
-- ratings read the open dossiers of a period, not every one never ended.
-- dossiers_ended (0029) now holds only the dossiers that ended, so a
-- dossier without an end is found by the two indexes below and nowhere else.
DROP INDEX dossiers_ended;
CREATE INDEX dossiers_ended ON dossiers(ended_at) WHERE ended_at IS NOT NULL;
CREATE INDEX dossiers_open_received ON dossiers(received_at)
    WHERE ended_at IS NULL AND received_at IS NOT NULL;
CREATE INDEX dossiers_open_returned ON dossiers(returned_at)
    WHERE ended_at IS NULL AND returned_at IS NOT NULL;
