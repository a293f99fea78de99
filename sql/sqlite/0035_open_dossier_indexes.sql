-- 0035: the dossiers without an end (ended_at NULL) by when they were received
-- and returned, so the 766 late list and the ratings of a period read the
-- open dossiers it concerns, not every dossier that never got an end (a
-- refused or withdrawn one keeps ended_at NULL for good, and they pile up
-- with the years: bench/growth.sh).  See docs/internals/dossier.md.
-- dossiers_ended (0029) now holds only the dossiers that ended, so a
-- dossier without an end is found by the two indexes below and nowhere else.
DROP INDEX dossiers_ended;
CREATE INDEX dossiers_ended ON dossiers(ended_at) WHERE ended_at IS NOT NULL;
CREATE INDEX dossiers_open_received ON dossiers(received_at)
    WHERE ended_at IS NULL AND received_at IS NOT NULL;
CREATE INDEX dossiers_open_returned ON dossiers(returned_at)
    WHERE ended_at IS NULL AND returned_at IS NOT NULL;
