-- A legal guardian (edunvalvoja) is appointed by a court or the Digital and Population Data
-- Services Agency, not by the client, so the client cannot dismiss one. A caseworker ends a
-- guardian mandate when a decision ends the guardianship, recording the decision's reference
-- (kept as the event's reason): a mandate's new state 'ended', and the event 'ended'.
-- Keep in step with migrations/postgres: same tables, columns and constraints.

-- SQLite cannot change a column's CHECK: the column is made anew and takes the old one's place.
ALTER TABLE mandates ADD COLUMN status_new TEXT NOT NULL DEFAULT 'pending_approval'
    CHECK (status_new IN ('pending_approval', 'active', 'rejected', 'declined', 'revoked', 'renounced', 'ended'));
UPDATE mandates SET status_new = status;
ALTER TABLE mandates DROP COLUMN status;
ALTER TABLE mandates RENAME COLUMN status_new TO status;

-- The history is append-only; its trigger steps aside while the column is made anew.
DROP TRIGGER mandate_events_no_update;
ALTER TABLE mandate_events ADD COLUMN event_new TEXT NOT NULL DEFAULT 'requested'
    CHECK (event_new IN ('requested', 'registered', 'approved', 'rejected', 'declined', 'revoked', 'renounced', 'ended'));
UPDATE mandate_events SET event_new = event;
ALTER TABLE mandate_events DROP COLUMN event;
ALTER TABLE mandate_events RENAME COLUMN event_new TO event;
CREATE TRIGGER mandate_events_no_update BEFORE UPDATE ON mandate_events
BEGIN
    SELECT RAISE(ABORT, 'mandate_events is append-only');
END;
