DROP TABLE read_log_mark;
