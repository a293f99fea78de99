-- 0033: the outbox's indexes, as its queries use them.  The address is
-- sealed at rest (0023), so an index on it orders ciphertext and serves no
-- query; the weekly cap looks people up by recipient_bidx.  The index on
-- (sent_at, failed_at, next_attempt_at) predates the state column, which the
-- sending task now reads.  A delivery receipt that names the message by its
-- idempotency key looks it up by that key.
DROP INDEX notify_outbox_recipient;
DROP INDEX notify_outbox_due;
CREATE INDEX notify_outbox_idem ON notify_outbox(idem_key);
