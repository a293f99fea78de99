-- 0030: the order of an answer's questions and links is a column, not the
-- storage order of rows (ctid is no promise).  Rows written before keep the
-- order they were read in until now.
ALTER TABLE assistant_faq_questions ADD COLUMN position bigint NOT NULL DEFAULT 0;
ALTER TABLE assistant_faq_links ADD COLUMN position bigint NOT NULL DEFAULT 0;
UPDATE assistant_faq_questions q SET position = o.n
  FROM (SELECT ctid AS c, row_number() OVER (PARTITION BY faq_id ORDER BY ctid) AS n
          FROM assistant_faq_questions) o
 WHERE q.ctid = o.c;
UPDATE assistant_faq_links l SET position = o.n
  FROM (SELECT ctid AS c, row_number() OVER (PARTITION BY faq_id ORDER BY ctid) AS n
          FROM assistant_faq_links) o
 WHERE l.ctid = o.c;
