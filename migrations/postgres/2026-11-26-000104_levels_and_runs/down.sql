DELETE FROM voucher_events WHERE kind = 'longer_period_allowed';
ALTER TABLE voucher_events DROP CONSTRAINT voucher_events_kind_check;
ALTER TABLE voucher_events ADD CONSTRAINT voucher_events_kind_check
    CHECK (kind IN ('issued', 'extended', 'out_of_area_permitted', 'cancelled'));

DROP TRIGGER rulebook_rules_versioned ON rulebook_rules;
DROP TABLE rulebook_rules;
