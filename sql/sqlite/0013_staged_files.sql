-- 0013: uploads staged in the database until they are moved into the file
-- store (vault/filestore.h, "Staging").  An upload's bytes are written
-- here in a transaction whose commit does not sync; the commit of the row
-- that names the file syncs the log and so makes both durable together.
-- A background task writes staged files into DATA_DIR/files, syncs the
-- file system once for the batch, then deletes the rows.
-- No index on sha256, on purpose: a random key dirties another index page
-- for every upload, which is most of what staging costs in a batch of
-- submissions.  Lookups by hash (a download or a supplement before the
-- move) scan the few thousand rows waiting; the same bytes staged twice
-- are two rows, and the move stores them once.
-- Times are Unix seconds (UTC).
CREATE TABLE staged_files (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL,                 -- lower-case hex of the bytes
    size INTEGER NOT NULL CHECK (size > 0),
    content_type TEXT NOT NULL,           -- sniffed: application/pdf, image/jpeg, image/png
    bytes BLOB NOT NULL,
    staged_at INTEGER NOT NULL
);
