-- Chat between a client and a provider's staff, or the caseworkers of the client's municipality,
-- with one receipt per recipient; and the log of events each person's apps follow.

CREATE TABLE chat_threads (
    id TEXT PRIMARY KEY NOT NULL,
    client_id TEXT NOT NULL REFERENCES persons (id),
    -- Exactly one of the two: the provider, or the municipality whose caseworkers answer.
    provider_id TEXT NULL REFERENCES providers (id),
    municipality_code TEXT NULL REFERENCES municipalities (code),
    created_at TIMESTAMP NOT NULL,
    -- The thread's id, then its last message's: ids grow with time, so threads sort by it.
    activity TEXT NOT NULL,
    CHECK ((provider_id IS NULL) <> (municipality_code IS NULL))
);
CREATE UNIQUE INDEX chat_threads_with_provider ON chat_threads (client_id, provider_id);
CREATE UNIQUE INDEX chat_threads_with_city ON chat_threads (client_id, municipality_code);
CREATE INDEX chat_threads_provider ON chat_threads (provider_id, activity);
CREATE INDEX chat_threads_municipality ON chat_threads (municipality_code, activity);
CREATE INDEX chat_threads_client ON chat_threads (client_id, activity);

CREATE TABLE chat_messages (
    id TEXT PRIMARY KEY NOT NULL,
    thread_id TEXT NOT NULL REFERENCES chat_threads (id),
    sender_id TEXT NOT NULL REFERENCES persons (id),
    -- client, provider or city
    side TEXT NOT NULL,
    -- The client a helper wrote for.
    on_behalf_of TEXT NULL REFERENCES persons (id),
    body TEXT NOT NULL,
    sent_at TIMESTAMP NOT NULL
);
CREATE INDEX chat_messages_thread ON chat_messages (thread_id, id);

CREATE TABLE chat_receipts (
    message_id TEXT NOT NULL REFERENCES chat_messages (id),
    recipient_id TEXT NOT NULL REFERENCES persons (id),
    thread_id TEXT NOT NULL REFERENCES chat_threads (id),
    read_at TIMESTAMP NULL,
    PRIMARY KEY (message_id, recipient_id)
);
CREATE INDEX chat_receipts_unread ON chat_receipts (recipient_id, thread_id) WHERE read_at IS NULL;

-- Each person's events, numbered 1, 2, 3, … in the order their transactions committed.
CREATE TABLE events (
    recipient_id TEXT NOT NULL REFERENCES persons (id),
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL,
    -- The ids the event is about, as a JSON object: never a text a person wrote.
    refs TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (recipient_id, seq)
);

-- The last number given to each person's events. Its row is locked while a transaction adds
-- events for the person, so their numbers commit in order.
CREATE TABLE event_heads (
    person_id TEXT PRIMARY KEY NOT NULL REFERENCES persons (id),
    last_seq BIGINT NOT NULL
);

-- A message's recipients are a provider's staff or a municipality's caseworkers: read by index.
CREATE INDEX role_grants_provider ON role_grants (provider_id);
CREATE INDEX role_grants_municipality ON role_grants (municipality_code);
