ALTER TABLE access_log DROP COLUMN organisation_id;
