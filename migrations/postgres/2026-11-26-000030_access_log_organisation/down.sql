ALTER TABLE read_log_recent DROP COLUMN organisation_id;
ALTER TABLE read_log DROP COLUMN organisation_id;
ALTER TABLE access_log DROP COLUMN organisation_id;
