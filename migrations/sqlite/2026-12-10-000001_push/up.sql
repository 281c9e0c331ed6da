-- Web Push (RFC 8030, 8291, 8292). A person's devices subscribe; what the inbox stores and every
-- new chat message queue a push job in the same transaction as their cause (a transactional
-- outbox), and a worker sends the jobs. Keep in step with migrations/postgres.

-- What a browser's `PushSubscription.toJSON()` gives, with the device's label.
CREATE TABLE push_subscriptions (
    id TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL REFERENCES persons (id),
    endpoint TEXT NOT NULL,
    -- The browser's P-256 public key and auth secret, base64url as the browser gives them.
    p256dh TEXT NOT NULL,
    auth TEXT NOT NULL,
    label TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_delivered_at TIMESTAMP,
    UNIQUE (person_id, endpoint)
);

-- What a person wants pushed: the kinds they turned off, and quiet hours in Helsinki time.
CREATE TABLE push_settings (
    person_id TEXT PRIMARY KEY NOT NULL REFERENCES persons (id),
    -- Comma-separated kinds that do not push (none by default).
    muted TEXT NOT NULL,
    -- `HH:MM`; both or neither.
    quiet_from TEXT,
    quiet_until TEXT,
    updated_at TIMESTAMP NOT NULL
);

-- One push to one subscription. `pending` until sent (`sent`), refused for good (`failed`), its
-- subscription gone (`gone`), or not wanted (`skipped`). A worker leases a job while it sends.
CREATE TABLE push_jobs (
    id TEXT PRIMARY KEY NOT NULL,
    subscription_id TEXT NOT NULL,
    person_id TEXT NOT NULL,
    -- The event that caused it (`message.new`, `notification.new`) and its ids.
    event_kind TEXT NOT NULL,
    refs TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    due_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'pending',
    lease_until TIMESTAMP,
    last_status INTEGER,
    last_error TEXT,
    done_at TIMESTAMP
);
CREATE INDEX push_jobs_due ON push_jobs (due_at) WHERE state = 'pending';
CREATE INDEX push_jobs_subscription ON push_jobs (subscription_id);
