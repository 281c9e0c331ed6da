-- "Pääsääntöisesti maksimiaika kuntouttavalle työtoiminnalle on kaksi vuotta" (H §5.5): two years
-- is the rule, not a wall. Past total_max_months a voucher needs the caseworker's recorded reason,
-- kept in its history, where the rulebook says so.
-- Keep in step with migrations/postgres: same tables, columns and constraints.
ALTER TABLE rulebook_rules ADD COLUMN total_max_with_reason BOOLEAN NOT NULL DEFAULT FALSE;

-- A correction of what the rows meant, before any server reads them (see legal_forms_allowed).
DROP TRIGGER rulebook_rules_no_update;
UPDATE rulebook_rules SET total_max_with_reason = TRUE
    WHERE rulebook_id IN (SELECT id FROM rulebooks
                          WHERE municipality_code = 'heinola' AND total_max_months IS NOT NULL);
CREATE TRIGGER rulebook_rules_no_update BEFORE UPDATE ON rulebook_rules
BEGIN
    SELECT RAISE(ABORT, 'rulebook_rules rows are never changed: add a new version');
END;

-- SQLite cannot change a column's CHECK: the column is made anew and takes the old one's place.
ALTER TABLE voucher_events ADD COLUMN kind_new TEXT NOT NULL DEFAULT 'issued'
    CHECK (kind_new IN ('issued', 'extended', 'out_of_area_permitted', 'cancelled', 'longer_period_allowed',
        'over_total_allowed'));
UPDATE voucher_events SET kind_new = kind;
ALTER TABLE voucher_events DROP COLUMN kind;
ALTER TABLE voucher_events RENAME COLUMN kind_new TO kind;
