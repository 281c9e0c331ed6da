DROP INDEX push_jobs_done;
DROP INDEX events_created;
DROP INDEX idempotency_keys_created;
