-- A legal guardian (edunvalvoja) is appointed by a court or the Digital and Population Data
-- Services Agency, not by the client, so the client cannot dismiss one. A caseworker ends a
-- guardian mandate when a decision ends the guardianship, recording the decision's reference
-- (kept as the event's reason): a mandate's new state 'ended', and the event 'ended'.
-- Keep in step with migrations/sqlite: same tables, columns and constraints.
ALTER TABLE mandates DROP CONSTRAINT mandates_status_check;
ALTER TABLE mandates ADD CONSTRAINT mandates_status_check
    CHECK (status IN ('pending_approval', 'active', 'rejected', 'declined', 'revoked', 'renounced', 'ended'));
ALTER TABLE mandate_events DROP CONSTRAINT mandate_events_event_check;
ALTER TABLE mandate_events ADD CONSTRAINT mandate_events_event_check
    CHECK (event IN ('requested', 'registered', 'approved', 'rejected', 'declined', 'revoked', 'renounced', 'ended'));
