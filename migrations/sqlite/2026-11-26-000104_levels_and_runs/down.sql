DELETE FROM voucher_events WHERE kind = 'longer_period_allowed';
ALTER TABLE voucher_events ADD COLUMN kind_old TEXT NOT NULL DEFAULT 'issued'
    CHECK (kind_old IN ('issued', 'extended', 'out_of_area_permitted', 'cancelled'));
UPDATE voucher_events SET kind_old = kind;
ALTER TABLE voucher_events DROP COLUMN kind;
ALTER TABLE voucher_events RENAME COLUMN kind_old TO kind;

DROP TRIGGER rulebook_rules_no_update;
DROP TRIGGER rulebook_rules_no_delete;
DROP TABLE rulebook_rules;
