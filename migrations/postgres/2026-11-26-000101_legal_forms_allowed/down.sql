ALTER TABLE rulebooks ADD COLUMN forbidden_legal_forms TEXT NOT NULL DEFAULT '';
ALTER TABLE rulebooks DISABLE TRIGGER rulebooks_versioned;
UPDATE rulebooks SET forbidden_legal_forms = 'company' WHERE service_code IN ('rwa_basic', 'rwa_special');
ALTER TABLE rulebooks ENABLE TRIGGER rulebooks_versioned;
ALTER TABLE rulebooks DROP COLUMN allowed_legal_forms;

UPDATE providers SET legal_form = 'other'
    WHERE legal_form IN ('joint_municipal_authority', 'state_agency', 'religious_community');
ALTER TABLE providers DROP CONSTRAINT providers_legal_form_check;
ALTER TABLE providers ADD CONSTRAINT providers_legal_form_check
    CHECK (legal_form IN ('association', 'foundation', 'cooperative', 'company', 'municipality', 'other'));
