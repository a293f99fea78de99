-- 0030: the order of an answer's questions and links is a column, not the
-- storage order of rows (PostgreSQL has no rowid, and ctid is no promise).
ALTER TABLE assistant_faq_questions ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
ALTER TABLE assistant_faq_links ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
UPDATE assistant_faq_questions SET position = rowid;
UPDATE assistant_faq_links SET position = rowid;
