-- On SQLite the rows of reads are committed first to read_log_recent, which has no index by
-- client, and moved into read_log in batches sorted by client (see `access::journal`): each
-- row written straight into read_log's index by client cost a page of the write-ahead log. Here
-- PostgreSQL logs index entries, not pages, so the rows go straight to read_log and this table
-- stays empty; it exists so that the same queries serve both backends. Same columns and checks
-- as read_log.
CREATE TABLE read_log_recent (LIKE read_log INCLUDING CONSTRAINTS);
ALTER TABLE read_log_recent ADD PRIMARY KEY (id);

-- Never written here; unchangeable, like read_log. (On SQLite rows cannot be changed there
-- either, and leave it only for read_log.)
CREATE TRIGGER read_log_recent_no_change BEFORE UPDATE OR DELETE ON read_log_recent
    FOR EACH ROW EXECUTE FUNCTION read_log_append_only();
