-- An ended guardianship reads as revoked once 'ended' is gone; its history keeps the reference.
UPDATE mandates SET status = 'revoked' WHERE status = 'ended';
ALTER TABLE mandates DROP CONSTRAINT mandates_status_check;
ALTER TABLE mandates ADD CONSTRAINT mandates_status_check
    CHECK (status IN ('pending_approval', 'active', 'rejected', 'declined', 'revoked', 'renounced'));
ALTER TABLE mandate_events DISABLE TRIGGER USER;
UPDATE mandate_events SET event = 'revoked' WHERE event = 'ended';
ALTER TABLE mandate_events ENABLE TRIGGER USER;
ALTER TABLE mandate_events DROP CONSTRAINT mandate_events_event_check;
ALTER TABLE mandate_events ADD CONSTRAINT mandate_events_event_check
    CHECK (event IN ('requested', 'registered', 'approved', 'rejected', 'declined', 'revoked', 'renounced'));
