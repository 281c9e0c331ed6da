-- How a client's vouchers may follow one another (H §5.1). The basic and the special level are
-- two levels of one activity: a client has one of them at a time. The special level's
-- assessment period is three months; "perustellusti", with the caseworker's reason, it may
-- continue, "mutta enintään kuuteen kuukauteen asti": at most six months, also across vouchers
-- that follow one another.
-- Keep in step with migrations/postgres: same tables, columns and constraints.

-- The rulebooks table holds as many columns as the server's tables may (32); rules added since
-- live beside it, one row per rulebook version, versioned the same way. A rulebook without a row
-- here has none of these rules.
CREATE TABLE rulebook_rules (
    rulebook_id TEXT PRIMARY KEY NOT NULL REFERENCES rulebooks (id),
    -- Vouchers of services whose rulebooks name the same group may not run at the same time.
    same_time_group TEXT NULL,
    -- Vouchers of this service that follow one another (each starting the day after the last
    -- ends) last at most this many months together.
    consecutive_max_months INTEGER NULL CHECK (consecutive_max_months IS NULL OR consecutive_max_months >= 1),
    -- Going past validity_max_months, by an extension or by a voucher that follows, needs the
    -- caseworker's reason, kept in the voucher's history.
    extension_needs_reason BOOLEAN NOT NULL DEFAULT FALSE
);
INSERT INTO rulebook_rules (rulebook_id) SELECT id FROM rulebooks;
UPDATE rulebook_rules SET same_time_group = 'rwa_level'
    WHERE rulebook_id IN (SELECT id FROM rulebooks
                          WHERE municipality_code = 'heinola' AND service_code IN ('rwa_basic', 'rwa_special'));
UPDATE rulebook_rules SET consecutive_max_months = 6, extension_needs_reason = TRUE
    WHERE rulebook_id IN (SELECT id FROM rulebooks
                          WHERE municipality_code = 'heinola' AND service_code = 'rwa_special');
CREATE TRIGGER rulebook_rules_no_update BEFORE UPDATE ON rulebook_rules
BEGIN
    SELECT RAISE(ABORT, 'rulebook_rules rows are never changed: add a new version');
END;
CREATE TRIGGER rulebook_rules_no_delete BEFORE DELETE ON rulebook_rules
BEGIN
    SELECT RAISE(ABORT, 'rulebook_rules rows are never changed: add a new version');
END;

-- The voucher's history keeps each justified step past the usual period, with its reason.
-- SQLite cannot change a column's CHECK: the column is made anew and takes the old one's place.
ALTER TABLE voucher_events ADD COLUMN kind_new TEXT NOT NULL DEFAULT 'issued'
    CHECK (kind_new IN ('issued', 'extended', 'out_of_area_permitted', 'cancelled', 'longer_period_allowed'));
UPDATE voucher_events SET kind_new = kind;
ALTER TABLE voucher_events DROP COLUMN kind;
ALTER TABLE voucher_events RENAME COLUMN kind_new TO kind;
