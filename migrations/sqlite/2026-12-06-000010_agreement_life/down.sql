DROP TABLE rulebook_duties;
DROP TABLE agreement_documents;
DROP TABLE agreement_events;
DROP TABLE agreement_endings;
ALTER TABLE agreements DROP COLUMN end_reason;
ALTER TABLE agreements DROP COLUMN ended_on;
ALTER TABLE agreements DROP COLUMN confirmed_at;
