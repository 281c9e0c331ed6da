DROP TABLE event_heads;
DROP TABLE events;
DROP TABLE chat_receipts;
DROP TABLE chat_messages;
DROP TABLE chat_threads;
