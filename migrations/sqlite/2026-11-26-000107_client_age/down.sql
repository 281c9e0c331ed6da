ALTER TABLE rulebook_rules DROP COLUMN client_age_min;
ALTER TABLE rulebook_rules DROP COLUMN client_age_max;
