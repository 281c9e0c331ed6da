-- An ended guardianship reads as revoked once 'ended' is gone; its history keeps the reference.
ALTER TABLE mandates ADD COLUMN status_old TEXT NOT NULL DEFAULT 'pending_approval'
    CHECK (status_old IN ('pending_approval', 'active', 'rejected', 'declined', 'revoked', 'renounced'));
UPDATE mandates SET status_old = CASE WHEN status = 'ended' THEN 'revoked' ELSE status END;
ALTER TABLE mandates DROP COLUMN status;
ALTER TABLE mandates RENAME COLUMN status_old TO status;

DROP TRIGGER mandate_events_no_update;
ALTER TABLE mandate_events ADD COLUMN event_old TEXT NOT NULL DEFAULT 'requested'
    CHECK (event_old IN ('requested', 'registered', 'approved', 'rejected', 'declined', 'revoked', 'renounced'));
UPDATE mandate_events SET event_old = CASE WHEN event = 'ended' THEN 'revoked' ELSE event END;
ALTER TABLE mandate_events DROP COLUMN event;
ALTER TABLE mandate_events RENAME COLUMN event_old TO event;
CREATE TRIGGER mandate_events_no_update BEFORE UPDATE ON mandate_events
BEGIN
    SELECT RAISE(ABORT, 'mandate_events is append-only');
END;
