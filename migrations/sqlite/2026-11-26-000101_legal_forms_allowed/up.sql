-- Legal forms as an allow-list (H §1.1; the Act on rehabilitative work 189/2001, 2 §).
-- Heinola may buy rehabilitative work only from another municipality or a joint municipal
-- authority, a registered association, a registered foundation, a state agency or a registered
-- religious community: "ei saa hankkia yritykseltä". The rows said only "no companies", so a
-- cooperative or an "other" organisation could be approved. A rulebook now lists the forms it
-- allows; NULL allows any form.
-- Keep in step with migrations/postgres: same tables, columns and constraints.

-- Three forms the law names were missing from the providers' vocabulary. SQLite cannot change a
-- column's CHECK, so the column is made anew beside the old one and takes its place.
ALTER TABLE providers ADD COLUMN legal_form_new TEXT NOT NULL DEFAULT 'association'
    CHECK (legal_form_new IN ('association', 'foundation', 'cooperative', 'company', 'municipality',
        'joint_municipal_authority', 'state_agency', 'religious_community', 'other'));
UPDATE providers SET legal_form_new = legal_form;
ALTER TABLE providers DROP COLUMN legal_form;
ALTER TABLE providers RENAME COLUMN legal_form_new TO legal_form;

-- Stored like the offers' lists: sorted codes with a comma at each end.
ALTER TABLE rulebooks ADD COLUMN allowed_legal_forms TEXT NULL;

-- Rulebook rows are never changed (versioned_rulebooks). This corrects what the rows always
-- meant, before any server reads them: the no-update trigger steps aside for it.
DROP TRIGGER rulebooks_no_update;
-- Rehabilitative work is bought only from the forms the law lists, whoever the municipality.
UPDATE rulebooks SET allowed_legal_forms =
    ',association,foundation,joint_municipal_authority,municipality,religious_community,state_agency,'
    WHERE service_code IN ('rwa_basic', 'rwa_special');
-- Any other row that forbade forms keeps its meaning: every form but those.
UPDATE rulebooks SET allowed_legal_forms = ',' ||
    (CASE WHEN instr(',' || replace(forbidden_legal_forms, ' ', '') || ',', ',association,') = 0 THEN 'association,' ELSE '' END) ||
    (CASE WHEN instr(',' || replace(forbidden_legal_forms, ' ', '') || ',', ',company,') = 0 THEN 'company,' ELSE '' END) ||
    (CASE WHEN instr(',' || replace(forbidden_legal_forms, ' ', '') || ',', ',cooperative,') = 0 THEN 'cooperative,' ELSE '' END) ||
    (CASE WHEN instr(',' || replace(forbidden_legal_forms, ' ', '') || ',', ',foundation,') = 0 THEN 'foundation,' ELSE '' END) ||
    (CASE WHEN instr(',' || replace(forbidden_legal_forms, ' ', '') || ',', ',joint_municipal_authority,') = 0 THEN 'joint_municipal_authority,' ELSE '' END) ||
    (CASE WHEN instr(',' || replace(forbidden_legal_forms, ' ', '') || ',', ',municipality,') = 0 THEN 'municipality,' ELSE '' END) ||
    (CASE WHEN instr(',' || replace(forbidden_legal_forms, ' ', '') || ',', ',other,') = 0 THEN 'other,' ELSE '' END) ||
    (CASE WHEN instr(',' || replace(forbidden_legal_forms, ' ', '') || ',', ',religious_community,') = 0 THEN 'religious_community,' ELSE '' END) ||
    (CASE WHEN instr(',' || replace(forbidden_legal_forms, ' ', '') || ',', ',state_agency,') = 0 THEN 'state_agency,' ELSE '' END)
    WHERE service_code NOT IN ('rwa_basic', 'rwa_special') AND trim(forbidden_legal_forms) <> '';
CREATE TRIGGER rulebooks_no_update BEFORE UPDATE ON rulebooks
BEGIN
    SELECT RAISE(ABORT, 'rulebooks rows are never changed: add a new version');
END;
ALTER TABLE rulebooks DROP COLUMN forbidden_legal_forms;

-- Approvals that the allow-list now refuses are not changed here: the server names each one in
-- its log at start (providers::repo::approvals_outside_allowed_forms), the search stops listing
-- them, and a caseworker decides them again.
