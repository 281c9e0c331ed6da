-- The organisation a provider's staff member acted for, so that the client reads "staff of
-- Provider X". Empty for everyone else, and for rows written before it was kept. (The rows of
-- reads get the same column in the file of reads: migrations/sqlite_reads/0002_organisation.)
ALTER TABLE access_log ADD COLUMN organisation_id TEXT NULL;
