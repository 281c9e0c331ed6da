-- The periodic clean-up (`db::sweep`) finds what has expired by these, oldest first, a bounded
-- batch at a time, without reading the whole table.
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
CREATE INDEX events_created ON events (created_at);
CREATE INDEX push_jobs_done ON push_jobs (done_at) WHERE state <> 'pending';
