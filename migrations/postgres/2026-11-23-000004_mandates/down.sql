DROP TABLE idempotency_keys;
DROP TRIGGER mandate_events_no_update ON mandate_events;
DROP FUNCTION mandate_events_append_only();
DROP TABLE mandate_events;
DROP TABLE mandates;
