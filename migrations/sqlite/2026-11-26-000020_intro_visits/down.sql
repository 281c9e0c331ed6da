DROP TABLE notifications;
DROP TABLE agreements;
DROP TABLE intro_visit_events;
DROP TABLE intro_visits;
DROP TABLE intro_slots;
