-- "Sosiaalisen kuntoutuksen palvelut on tarkoitettu 18-64 -vuotiaille kuopiolaisille" (K §2):
-- Kuopio's vouchers are for clients aged 18 to 64 on the voucher's first day, the age counted
-- from the birth date in the identity code. NULL: no limit.
-- Keep in step with migrations/postgres: same tables, columns and constraints.
ALTER TABLE rulebook_rules ADD COLUMN client_age_min INTEGER NULL;
ALTER TABLE rulebook_rules ADD COLUMN client_age_max INTEGER NULL;

-- A correction of what the rows meant, before any server reads them (see legal_forms_allowed).
DROP TRIGGER rulebook_rules_no_update;
UPDATE rulebook_rules SET client_age_min = 18, client_age_max = 64
    WHERE rulebook_id IN (SELECT id FROM rulebooks WHERE municipality_code = 'kuopio');
CREATE TRIGGER rulebook_rules_no_update BEFORE UPDATE ON rulebook_rules
BEGIN
    SELECT RAISE(ABORT, 'rulebook_rules rows are never changed: add a new version');
END;
