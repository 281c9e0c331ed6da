ALTER TABLE idempotency_keys DROP COLUMN location;
ALTER TABLE persons DROP COLUMN work_email;
ALTER TABLE persons DROP COLUMN work_phone;
