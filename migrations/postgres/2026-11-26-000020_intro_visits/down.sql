DROP TABLE notifications;
DROP TABLE agreements;
DROP TABLE intro_visit_events;
DROP FUNCTION intro_visit_events_append_only();
DROP TABLE intro_visits;
DROP TABLE intro_slots;
