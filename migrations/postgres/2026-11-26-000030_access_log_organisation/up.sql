-- The organisation a provider's staff member acted for, so that the client reads "staff of
-- Provider X". Empty for everyone else, and for rows written before it was kept.
ALTER TABLE access_log ADD COLUMN organisation_id TEXT NULL;
ALTER TABLE read_log ADD COLUMN organisation_id TEXT NULL;
ALTER TABLE read_log_recent ADD COLUMN organisation_id TEXT NULL;
