-- On SQLite, how far the separate file of reads is known to go (see `db::reads::record_mark`).
-- Here read_log is a table of this database and cannot be restored apart from it, so this
-- table stays empty; it exists so that both backends have the same tables.
CREATE TABLE read_log_mark (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_id TEXT NOT NULL,
    marked_at TIMESTAMP NOT NULL
);
