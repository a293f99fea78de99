-- 0031: campaign recipients' addresses are sealed at rest (the program
-- seals the rows written before at start).  The resealer walks the table in
-- the order of one number per row, campaign_id * 1000000000 + seq.
CREATE INDEX campaign_recipients_row ON campaign_recipients((campaign_id * 1000000000 + seq));
