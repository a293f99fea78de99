-- 0019: people's identity number (CCCD), phone and email are sealed at rest
-- (core/seal.h: "enc1:..." text under the data key outside the database).
-- A sealed value is random, so what the database must compare goes through
-- a keyed hash of the value (a blind index, seal_index()) in its own column:
-- one CCCD per account, and lookups by phone or email.  The program seals
-- the rows written before this migration at start, and `motcua keys rotate`
-- reseals them and recomputes the hashes under the new key.
ALTER TABLE users ADD COLUMN cccd_bidx TEXT;
ALTER TABLE users ADD COLUMN phone_bidx TEXT;
ALTER TABLE users ADD COLUMN email_bidx TEXT;
CREATE UNIQUE INDEX users_cccd_bidx ON users(cccd_bidx);
CREATE INDEX users_phone_bidx ON users(phone_bidx);
CREATE INDEX users_email_bidx ON users(email_bidx);
