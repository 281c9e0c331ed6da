DROP TABLE read_log_recent;
