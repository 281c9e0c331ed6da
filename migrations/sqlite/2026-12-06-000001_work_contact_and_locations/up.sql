-- A caseworker's work contact, so a client can reach the person who decided the voucher: a
-- work phone and a work e-mail, each optional. Personal contact details are never stored.
-- A created thing's address (the `Location` of a 201) is kept with the first answer to a
-- creating POST, so a retry with the same Idempotency-Key answers with it too.
-- Reads keep a person's name and work contact in memory: a change to either bumps the
-- auth version, as a change of name always did.
-- Keep in step with the other backend: same tables, columns and constraints.

ALTER TABLE persons ADD COLUMN work_phone TEXT NULL;
ALTER TABLE persons ADD COLUMN work_email TEXT NULL;
ALTER TABLE idempotency_keys ADD COLUMN location TEXT NULL;

DROP TRIGGER auth_persons_update;
CREATE TRIGGER auth_persons_update
    AFTER UPDATE OF id, display_name, language, work_phone, work_email ON persons
BEGIN UPDATE auth_version SET version = version + 1 WHERE id = 1; END;
