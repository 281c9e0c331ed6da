ALTER TABLE rulebooks ADD COLUMN forbidden_legal_forms TEXT NOT NULL DEFAULT '';
DROP TRIGGER rulebooks_no_update;
UPDATE rulebooks SET forbidden_legal_forms = 'company' WHERE service_code IN ('rwa_basic', 'rwa_special');
CREATE TRIGGER rulebooks_no_update BEFORE UPDATE ON rulebooks
BEGIN
    SELECT RAISE(ABORT, 'rulebooks rows are never changed: add a new version');
END;
ALTER TABLE rulebooks DROP COLUMN allowed_legal_forms;

ALTER TABLE providers ADD COLUMN legal_form_old TEXT NOT NULL DEFAULT 'association'
    CHECK (legal_form_old IN ('association', 'foundation', 'cooperative', 'company', 'municipality', 'other'));
UPDATE providers SET legal_form_old = CASE
    WHEN legal_form IN ('joint_municipal_authority', 'state_agency', 'religious_community') THEN 'other'
    ELSE legal_form END;
ALTER TABLE providers DROP COLUMN legal_form;
ALTER TABLE providers RENAME COLUMN legal_form_old TO legal_form;
