-- 0033: the outbox's indexes, as its queries use them.  The address is
-- sealed at rest (0023), so an index on it orders ciphertext and serves no
-- query: the weekly cap looks people up by recipient_bidx.  The index on
-- (sent_at, failed_at, next_attempt_at) predates the state column, which the
-- sending task reads.  Idempotency keys are unique in the whole outbox (random,
-- or keyed by campaign and recipient), and a delivery receipt that names the
-- message by its key looks it up by that key: one index serves both, and the
-- campaign's own unique index goes.
DROP INDEX notify_outbox_recipient;
DROP INDEX notify_outbox_due;
DROP INDEX notify_outbox_campaign;
CREATE UNIQUE INDEX notify_outbox_idem ON notify_outbox(idem_key) WHERE idem_key <> '';
-- The sending task reads due rows kind by kind (transactional first: a
-- one-time code never waits behind a campaign) and state by state, each a
-- range of this index in the order they are due.
CREATE INDEX notify_outbox_due ON notify_outbox(transactional, state, next_attempt_at, id);
