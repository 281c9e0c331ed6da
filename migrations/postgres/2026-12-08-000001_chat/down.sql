DROP INDEX role_grants_municipality;
DROP INDEX role_grants_provider;
DROP TABLE event_heads;
DROP TABLE events;
DROP TABLE chat_receipts;
DROP TABLE chat_messages;
DROP TABLE chat_threads;
