-- 0023: the rest of the personal data at rest is sealed under the data key
-- (core/seal.h; docs/security.md, "Encryption at rest"): dossiers' contact
-- phone, identity number, declaration (form_data) and delivery address,
-- drafts' declarations, feedback senders' email and phone, one-time codes'
-- targets, and the outbox's recipients and fallback addresses.  A
-- citizen's login (their CCCD) is kept as its blind index, and feedback
-- contact codes name their contact by its blind index.  The columns stay
-- TEXT; what the database must compare gets a blind index (a keyed hash,
-- seal_index()) here.  The program seals rows written before this
-- migration at start; `motcua keys rotate` reseals them and recomputes the
-- indexes under the new key.
ALTER TABLE dossiers ADD COLUMN contact_id_bidx TEXT;
ALTER TABLE notify_outbox ADD COLUMN recipient_bidx TEXT;
CREATE INDEX notify_outbox_recipient_bidx ON notify_outbox(recipient_bidx, sent_at);
