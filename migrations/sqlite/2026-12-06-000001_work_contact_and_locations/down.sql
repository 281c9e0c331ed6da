DROP TRIGGER auth_persons_update;
CREATE TRIGGER auth_persons_update AFTER UPDATE OF id, display_name, language ON persons
BEGIN UPDATE auth_version SET version = version + 1 WHERE id = 1; END;
ALTER TABLE idempotency_keys DROP COLUMN location;
ALTER TABLE persons DROP COLUMN work_email;
ALTER TABLE persons DROP COLUMN work_phone;
