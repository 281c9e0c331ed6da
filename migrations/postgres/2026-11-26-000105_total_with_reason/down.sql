DELETE FROM voucher_events WHERE kind = 'over_total_allowed';
ALTER TABLE voucher_events DROP CONSTRAINT voucher_events_kind_check;
ALTER TABLE voucher_events ADD CONSTRAINT voucher_events_kind_check
    CHECK (kind IN ('issued', 'extended', 'out_of_area_permitted', 'cancelled', 'longer_period_allowed'));

ALTER TABLE rulebook_rules DROP COLUMN total_max_with_reason;
