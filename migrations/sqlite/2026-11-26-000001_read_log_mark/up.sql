-- How far the file of reads is known to go: the id of the newest row in read_log when the
-- access-log writer last moved rows there (see `db::reads::record_mark`). A database opens only
-- beside a file of reads that holds this row, so a file of reads restored from an older copy
-- than the database, which lacks reads already answered, is refused instead of silently
-- missing them. One row at most.
CREATE TABLE read_log_mark (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    last_id TEXT NOT NULL,
    marked_at TIMESTAMP NOT NULL
);
