-- Proxy powers of attorney (mandates), their history, and stored first responses of retried POSTs.
-- Keep in step with migrations/postgres: same tables, columns and constraints.

CREATE TABLE mandates (
    id TEXT PRIMARY KEY NOT NULL,
    client_id TEXT NOT NULL REFERENCES clients (person_id),
    -- The proxy as the client named them. The person is linked when known, or on first sign-in.
    proxy_personal_id TEXT NOT NULL,
    proxy_name TEXT NOT NULL,
    proxy_person_id TEXT NULL REFERENCES persons (id),
    -- Comma-separated, from: view, book_visits, message, report_absence.
    scopes TEXT NOT NULL CHECK (scopes <> ''),
    valid_from DATE NOT NULL,
    valid_until DATE NOT NULL,
    basis TEXT NOT NULL CHECK (basis IN ('client', 'paper', 'guardian')),
    status TEXT NOT NULL CHECK (status IN ('pending_approval', 'active', 'rejected', 'declined', 'revoked', 'renounced')),
    created_by TEXT NOT NULL REFERENCES persons (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (valid_from <= valid_until),
    CHECK (proxy_person_id IS NULL OR proxy_person_id <> client_id)
);
CREATE INDEX mandates_client ON mandates (client_id, id);
CREATE INDEX mandates_proxy_person ON mandates (proxy_person_id, id);
CREATE INDEX mandates_proxy_personal_id ON mandates (proxy_personal_id);

CREATE TABLE mandate_events (
    id TEXT PRIMARY KEY NOT NULL,
    mandate_id TEXT NOT NULL REFERENCES mandates (id),
    event TEXT NOT NULL CHECK (event IN ('requested', 'registered', 'approved', 'rejected', 'declined', 'revoked', 'renounced')),
    actor_id TEXT NOT NULL REFERENCES persons (id),
    acting_as TEXT NOT NULL CHECK (acting_as IN ('self', 'proxy', 'caseworker')),
    reason TEXT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX mandate_events_mandate ON mandate_events (mandate_id, id);

-- The history of a mandate is append-only.
CREATE TRIGGER mandate_events_no_update BEFORE UPDATE ON mandate_events
BEGIN
    SELECT RAISE(ABORT, 'mandate_events is append-only');
END;
CREATE TRIGGER mandate_events_no_delete BEFORE DELETE ON mandate_events
BEGIN
    SELECT RAISE(ABORT, 'mandate_events is append-only');
END;

-- The first response to a creating POST, per person and Idempotency-Key.
CREATE TABLE idempotency_keys (
    person_id TEXT NOT NULL REFERENCES persons (id),
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (person_id, idempotency_key)
);
