-- The access-log rows of reads. On SQLite this table lives in a file of its own (see
-- `db::reads`), so that the commits of reads leave the main file's page caches alone;
-- here it is an ordinary table with the same columns, so the same queries serve both. Rows of
-- changes stay in access_log, in the transaction of the change.
CREATE TABLE read_log (
    id TEXT PRIMARY KEY NOT NULL,
    client_id TEXT NOT NULL REFERENCES persons (id),
    actor_id TEXT NOT NULL REFERENCES persons (id),
    acting_as TEXT NOT NULL CHECK (acting_as IN ('self', 'proxy', 'caseworker', 'provider_staff')),
    action TEXT NOT NULL,
    resource TEXT NOT NULL,
    request_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX read_log_client ON read_log (client_id, id);

-- Append-only, like access_log.
CREATE FUNCTION read_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'read_log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER read_log_no_update BEFORE UPDATE OR DELETE ON read_log
    FOR EACH ROW EXECUTE FUNCTION read_log_append_only();
