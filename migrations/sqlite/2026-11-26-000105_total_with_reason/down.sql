DELETE FROM voucher_events WHERE kind = 'over_total_allowed';
ALTER TABLE voucher_events ADD COLUMN kind_old TEXT NOT NULL DEFAULT 'issued'
    CHECK (kind_old IN ('issued', 'extended', 'out_of_area_permitted', 'cancelled', 'longer_period_allowed'));
UPDATE voucher_events SET kind_old = kind;
ALTER TABLE voucher_events DROP COLUMN kind;
ALTER TABLE voucher_events RENAME COLUMN kind_old TO kind;

ALTER TABLE rulebook_rules DROP COLUMN total_max_with_reason;
