-- 0013: uploads staged in the database until they are moved into the file
-- store (vault/filestore.h, "Staging").  An upload's bytes are written
-- here in a transaction whose commit does not sync; the commit of the row
-- that names the file syncs the log and so makes both durable together.
-- A background task writes staged files into DATA_DIR/files, syncs the
-- file system once for the batch, then deletes the rows.
-- Times are Unix seconds (UTC).
CREATE TABLE staged_files (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,          -- lower-case hex of the bytes
    size INTEGER NOT NULL CHECK (size > 0),
    content_type TEXT NOT NULL,           -- sniffed: application/pdf, image/jpeg, image/png
    bytes BLOB NOT NULL,
    staged_at INTEGER NOT NULL
);
