-- 0036: the dossiers the deadline sweep still has to mark overdue (open
-- native dossiers not yet marked), by deadline.  Without it the sweep's
-- "ORDER BY id LIMIT" walked the whole dossier table every five minutes:
-- 1.9 s at 10,000,000 dossiers (bench/growth.sh), on the CPU that serves
-- the pages.  See docs/internals/dossier.md.
CREATE INDEX dossiers_overdue_todo ON dossiers(deadline_at)
    WHERE origin = 'native' AND status IN (2, 4, 6) AND overdue_marked = 0;
