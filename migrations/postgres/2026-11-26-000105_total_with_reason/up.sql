-- "Pääsääntöisesti maksimiaika kuntouttavalle työtoiminnalle on kaksi vuotta" (H §5.5): two years
-- is the rule, not a wall. Past total_max_months a voucher needs the caseworker's recorded reason,
-- kept in its history, where the rulebook says so.
-- Keep in step with migrations/sqlite: same tables, columns and constraints.
ALTER TABLE rulebook_rules ADD COLUMN total_max_with_reason BOOLEAN NOT NULL DEFAULT FALSE;

-- A correction of what the rows meant, before any server reads them (see legal_forms_allowed).
ALTER TABLE rulebook_rules DISABLE TRIGGER rulebook_rules_versioned;
UPDATE rulebook_rules SET total_max_with_reason = TRUE
    WHERE rulebook_id IN (SELECT id FROM rulebooks
                          WHERE municipality_code = 'heinola' AND total_max_months IS NOT NULL);
ALTER TABLE rulebook_rules ENABLE TRIGGER rulebook_rules_versioned;

ALTER TABLE voucher_events DROP CONSTRAINT voucher_events_kind_check;
ALTER TABLE voucher_events ADD CONSTRAINT voucher_events_kind_check
    CHECK (kind IN ('issued', 'extended', 'out_of_area_permitted', 'cancelled', 'longer_period_allowed',
        'over_total_allowed'));
