DELETE FROM voucher_events WHERE kind = 'anchors_recorded';
ALTER TABLE voucher_events DROP CONSTRAINT voucher_events_kind_check;
ALTER TABLE voucher_events ADD CONSTRAINT voucher_events_kind_check
    CHECK (kind IN ('issued', 'extended', 'out_of_area_permitted', 'cancelled', 'longer_period_allowed',
        'over_total_allowed'));

ALTER TABLE vouchers DROP COLUMN place_agreed_on;
ALTER TABLE vouchers DROP COLUMN plan_made_on;
ALTER TABLE vouchers DROP COLUMN ordered_on;
ALTER TABLE vouchers DROP COLUMN start_agreed_on;
ALTER TABLE vouchers DROP COLUMN group_starts_on;

DROP TRIGGER rulebook_holiday_periods_versioned ON rulebook_holiday_periods;
DROP TABLE rulebook_holiday_periods;

ALTER TABLE rulebook_rules DROP COLUMN intro_visit_counts_from;
ALTER TABLE rulebook_rules DROP COLUMN start_counts_from;
ALTER TABLE rulebook_rules DROP COLUMN start_skips_holiday_periods;
ALTER TABLE rulebook_rules DROP COLUMN group_delay_max_working_days;
ALTER TABLE rulebook_rules DROP COLUMN group_min_fill_percent;
ALTER TABLE rulebook_rules DROP COLUMN group_fill_checked_days_before;
ALTER TABLE rulebook_rules DROP COLUMN group_joining_working_days;
