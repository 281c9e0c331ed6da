-- The file of reads (SQLite only): the access-log rows of reads, in a file of their own beside
-- the database, attached to every connection as `reads` (see `db::reads`). Its migrations run
-- on such a connection, so every name they make is qualified with `reads.`; inside a trigger
-- or an index the table is named bare, and is the one of the same file.
--
-- These are the tables the server made with CREATE IF NOT EXISTS before the file had versions;
-- a file made then, with no version table, is taken to be at this version.

-- Every row lands here first, committed by the access-log writer (`access::journal`) before its
-- read is answered. No index by client: each row would change a page of it of its own.
CREATE TABLE reads.read_log_recent (
    id TEXT PRIMARY KEY NOT NULL,
    client_id TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    acting_as TEXT NOT NULL
        CHECK (acting_as IN ('self', 'proxy', 'caseworker', 'provider_staff')),
    action TEXT NOT NULL,
    resource TEXT NOT NULL,
    request_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- About once a second the writer moves the waiting rows here, sorted by client, in one
-- transaction that also empties read_log_recent. The same columns.
CREATE TABLE reads.read_log (
    id TEXT PRIMARY KEY NOT NULL,
    client_id TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    acting_as TEXT NOT NULL
        CHECK (acting_as IN ('self', 'proxy', 'caseworker', 'provider_staff')),
    action TEXT NOT NULL,
    resource TEXT NOT NULL,
    request_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX reads.read_log_client ON read_log (client_id, id);

-- Rows of reads are never changed. Those waiting may only leave for read_log (the move deletes
-- them in the transaction that copies them; a delete trigger would make SQLite delete row by
-- row instead of page by page); those in read_log never leave.
CREATE TRIGGER reads.read_log_recent_no_update BEFORE UPDATE ON read_log_recent
BEGIN
    SELECT RAISE(ABORT, 'rows of read_log_recent cannot be changed');
END;
CREATE TRIGGER reads.read_log_no_update BEFORE UPDATE ON read_log
BEGIN
    SELECT RAISE(ABORT, 'read_log is append-only');
END;
CREATE TRIGGER reads.read_log_no_delete BEFORE DELETE ON read_log
BEGIN
    SELECT RAISE(ABORT, 'read_log is append-only');
END;
