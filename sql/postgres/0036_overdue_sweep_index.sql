-- 0036: open native dossiers the deadline sweep has not marked overdue yet,
-- by deadline (PostgreSQL mirror of sql/sqlite/0036_overdue_sweep_index.sql):
-- the sweep reads them instead of the whole dossier table.
CREATE INDEX dossiers_overdue_todo ON dossiers(deadline_at)
    WHERE origin = 'native' AND status IN (2, 4, 6) AND overdue_marked = 0;
