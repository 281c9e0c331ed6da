DROP TABLE idempotency_keys;
DROP TRIGGER mandate_events_no_delete;
DROP TRIGGER mandate_events_no_update;
DROP TABLE mandate_events;
DROP TABLE mandates;
