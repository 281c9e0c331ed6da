DROP TRIGGER auth_persons ON persons;
CREATE TRIGGER auth_persons AFTER UPDATE OF id, display_name, language OR DELETE ON persons
    FOR EACH STATEMENT EXECUTE FUNCTION auth_bump();
ALTER TABLE idempotency_keys DROP COLUMN location;
ALTER TABLE persons DROP COLUMN work_email;
ALTER TABLE persons DROP COLUMN work_phone;
