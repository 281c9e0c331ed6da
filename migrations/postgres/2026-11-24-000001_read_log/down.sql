DROP TABLE read_log;
DROP FUNCTION read_log_append_only();
