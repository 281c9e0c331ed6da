-- What each rulebook's clocks count from, and the dates a caseworker records for a voucher.
--
-- Heinola (H §1.4): the intro visit is arranged within 7 days of the day the client agreed with
-- the caseworker to start at a service place (place_agreed); the service starts within 14 days
-- of the day the activation plan (or multi-professional employment plan) was made (plan_made),
-- "poikkeuksena loma-ajat": holiday periods excepted.
-- Kuopio (K §4): the provider takes a new client within 10 working days of the order (ordered),
-- or from a start agreed separately with the client and the caseworker; a closed group starts on
-- the date the provider announced, and if under 60 % of its largest size a week before, it may
-- be delayed by at most 10 working days; new clients may join until 10 working days after its
-- start.
--
-- Our reading of "poikkeuksena loma-ajat": the days of a holiday period do not count towards the
-- 14 days, so the clock stops in a holiday period and runs on after it. A holiday period is not
-- a public holiday (those count, like weekends: the clock is in days, "vuorokautta"); it is a
-- time when service places close. The rulebook does not list them, so they are rulebook data
-- here, the same every year: 24 December to 6 January (Christmas to Epiphany) and July, the
-- Finnish summer holiday month. A city that reads them otherwise adds a rulebook version.
--
-- Every date a voucher does not record is its decision date. A start agreed separately replaces
-- the counted start deadline.
-- Keep in step with migrations/postgres: same tables, columns and constraints.

-- What the clocks count from: decision, place_agreed, plan_made or ordered.
ALTER TABLE rulebook_rules ADD COLUMN intro_visit_counts_from TEXT NOT NULL DEFAULT 'decision'
    CHECK (intro_visit_counts_from IN ('decision', 'place_agreed', 'plan_made', 'ordered'));
ALTER TABLE rulebook_rules ADD COLUMN start_counts_from TEXT NOT NULL DEFAULT 'decision'
    CHECK (start_counts_from IN ('decision', 'place_agreed', 'plan_made', 'ordered'));
-- The start clock does not count the days of the rulebook's holiday periods.
ALTER TABLE rulebook_rules ADD COLUMN start_skips_holiday_periods BOOLEAN NOT NULL DEFAULT FALSE;
-- A closed group: delayed by at most so many working days, when under this share of its largest
-- size so many days before the announced start; new clients join until so many working days
-- after the start. All four NULL: the rulebook has no closed groups.
ALTER TABLE rulebook_rules ADD COLUMN group_delay_max_working_days INTEGER NULL;
ALTER TABLE rulebook_rules ADD COLUMN group_min_fill_percent INTEGER NULL
    CHECK (group_min_fill_percent IS NULL OR group_min_fill_percent BETWEEN 1 AND 100);
ALTER TABLE rulebook_rules ADD COLUMN group_fill_checked_days_before INTEGER NULL;
ALTER TABLE rulebook_rules ADD COLUMN group_joining_working_days INTEGER NULL;

-- A correction of what the rows meant, before any server reads them (see legal_forms_allowed).
DROP TRIGGER rulebook_rules_no_update;
UPDATE rulebook_rules SET intro_visit_counts_from = 'place_agreed', start_counts_from = 'plan_made',
        start_skips_holiday_periods = TRUE
    WHERE rulebook_id IN (SELECT id FROM rulebooks
                          WHERE municipality_code = 'heinola' AND service_code IN ('rwa_basic', 'rwa_special'));
UPDATE rulebook_rules SET start_counts_from = 'ordered'
    WHERE rulebook_id IN (SELECT id FROM rulebooks WHERE municipality_code = 'kuopio');
UPDATE rulebook_rules SET group_delay_max_working_days = 10, group_min_fill_percent = 60,
        group_fill_checked_days_before = 7, group_joining_working_days = 10
    WHERE rulebook_id IN (SELECT id FROM rulebooks
                          WHERE municipality_code = 'kuopio' AND service_code = 'sr_group');
CREATE TRIGGER rulebook_rules_no_update BEFORE UPDATE ON rulebook_rules
BEGIN
    SELECT RAISE(ABORT, 'rulebook_rules rows are never changed: add a new version');
END;

-- Periods that come back every year, from first_month/first_day to last_month/last_day, both
-- included; a period may run over the new year.
CREATE TABLE rulebook_holiday_periods (
    rulebook_id TEXT NOT NULL REFERENCES rulebooks (id),
    first_month INTEGER NOT NULL CHECK (first_month BETWEEN 1 AND 12),
    first_day INTEGER NOT NULL CHECK (first_day BETWEEN 1 AND 31),
    last_month INTEGER NOT NULL CHECK (last_month BETWEEN 1 AND 12),
    last_day INTEGER NOT NULL CHECK (last_day BETWEEN 1 AND 31),
    PRIMARY KEY (rulebook_id, first_month, first_day)
);
INSERT INTO rulebook_holiday_periods (rulebook_id, first_month, first_day, last_month, last_day)
    SELECT id, 12, 24, 1, 6 FROM rulebooks
    WHERE municipality_code = 'heinola' AND service_code IN ('rwa_basic', 'rwa_special');
INSERT INTO rulebook_holiday_periods (rulebook_id, first_month, first_day, last_month, last_day)
    SELECT id, 7, 1, 7, 31 FROM rulebooks
    WHERE municipality_code = 'heinola' AND service_code IN ('rwa_basic', 'rwa_special');
CREATE TRIGGER rulebook_holiday_periods_no_update BEFORE UPDATE ON rulebook_holiday_periods
BEGIN
    SELECT RAISE(ABORT, 'rulebook_holiday_periods rows are never changed: add a new version');
END;
CREATE TRIGGER rulebook_holiday_periods_no_delete BEFORE DELETE ON rulebook_holiday_periods
BEGIN
    SELECT RAISE(ABORT, 'rulebook_holiday_periods rows are never changed: add a new version');
END;

-- The dates a voucher's clocks count from, as the caseworker records them; NULL: the decision
-- date. start_agreed_on replaces the counted start deadline; group_starts_on is a closed
-- group's announced start.
ALTER TABLE vouchers ADD COLUMN place_agreed_on DATE NULL;
ALTER TABLE vouchers ADD COLUMN plan_made_on DATE NULL;
ALTER TABLE vouchers ADD COLUMN ordered_on DATE NULL;
ALTER TABLE vouchers ADD COLUMN start_agreed_on DATE NULL;
ALTER TABLE vouchers ADD COLUMN group_starts_on DATE NULL;

-- SQLite cannot change a column's CHECK: the column is made anew and takes the old one's place.
ALTER TABLE voucher_events ADD COLUMN kind_new TEXT NOT NULL DEFAULT 'issued'
    CHECK (kind_new IN ('issued', 'extended', 'out_of_area_permitted', 'cancelled', 'longer_period_allowed',
        'over_total_allowed', 'anchors_recorded'));
UPDATE voucher_events SET kind_new = kind;
ALTER TABLE voucher_events DROP COLUMN kind;
ALTER TABLE voucher_events RENAME COLUMN kind_new TO kind;
