-- Vouchers: the service catalogue, rulebooks as data, issued vouchers and their history.
-- Keep in step with migrations/sqlite: same tables, columns and constraints.
-- Every number below comes from ../shared/domain.md (Heinola H §x, Kuopio K §x). A new
-- municipality or a price change is new rows: a price change is a new rulebook version with a
-- later in_force_from, and a voucher keeps the rulebook it was issued under.

CREATE TABLE services (
    code TEXT PRIMARY KEY NOT NULL,
    -- Services of one family count together towards a total duration (e.g. 'rwa').
    family TEXT NOT NULL,
    unit TEXT NOT NULL CHECK (unit IN ('day', 'hour')),
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL,
    name_en TEXT NOT NULL,
    description_fi TEXT NOT NULL,
    description_sv TEXT NOT NULL,
    description_en TEXT NOT NULL
);

CREATE TABLE rulebooks (
    id TEXT PRIMARY KEY NOT NULL,
    municipality_code TEXT NOT NULL REFERENCES municipalities (code),
    service_code TEXT NOT NULL REFERENCES services (code),
    in_force_from DATE NOT NULL,
    unit_price_cents BIGINT NOT NULL CHECK (unit_price_cents > 0),
    validity_min_months INTEGER NOT NULL CHECK (validity_min_months >= 1),
    validity_max_months INTEGER NOT NULL CHECK (validity_max_months >= validity_min_months),
    extended_max_months INTEGER NOT NULL CHECK (extended_max_months >= validity_max_months),
    units_cap INTEGER NULL,
    units_cap_exception INTEGER NULL,
    cap_period_months INTEGER NULL,
    per_week_min INTEGER NULL,
    per_week_max INTEGER NULL,
    per_week_max_exception INTEGER NULL,
    hours_per_day_min INTEGER NULL,
    hours_per_day_max INTEGER NULL,
    hours_per_session BOOLEAN NOT NULL DEFAULT FALSE,
    sessions_per_week_min INTEGER NULL,
    group_size_max INTEGER NULL,
    remote_share_max_percent INTEGER NULL,
    intro_visit_within_days INTEGER NULL,
    start_within_days INTEGER NULL,
    start_within_working_days INTEGER NULL,
    billing_report_day INTEGER NOT NULL CHECK (billing_report_day BETWEEN 1 AND 28),
    no_show_units_per_month INTEGER NOT NULL DEFAULT 0,
    forbidden_legal_forms TEXT NOT NULL DEFAULT '',
    min_work_tasks INTEGER NULL,
    search_radius_km INTEGER NOT NULL DEFAULT 20,
    -- Long durations (H §5.1, §5.5): past this many months of the same family, at least this
    -- many days a week; never more than total_max_months of the family in all.
    long_term_after_months INTEGER NULL,
    long_term_per_week_min INTEGER NULL,
    total_max_months INTEGER NULL,
    UNIQUE (municipality_code, service_code, in_force_from),
    CHECK ((units_cap IS NULL) = (cap_period_months IS NULL)),
    CHECK (units_cap_exception IS NULL OR units_cap_exception > units_cap),
    CHECK (per_week_max_exception IS NULL OR per_week_max_exception > per_week_max),
    CHECK (start_within_days IS NULL OR start_within_working_days IS NULL)
);

-- Distance tiers of the unit price (K §3.1): the first tier whose up_to_km covers the distance
-- applies; the last tier has no upper bound.
CREATE TABLE rulebook_price_tiers (
    rulebook_id TEXT NOT NULL REFERENCES rulebooks (id),
    tier INTEGER NOT NULL,
    up_to_km INTEGER NULL,
    unit_price_cents BIGINT NOT NULL CHECK (unit_price_cents > 0),
    PRIMARY KEY (rulebook_id, tier)
);

INSERT INTO services (code, family, unit, name_fi, name_sv, name_en, description_fi, description_sv, description_en) VALUES
    ('rwa_basic', 'rwa', 'day',
     'Kuntouttava työtoiminta, perustaso', 'Arbetsverksamhet i rehabiliteringssyfte, grundnivå', 'Rehabilitative work activity, basic level',
     'Teet työtä ja harjoittelet työtaitoja omaan tahtiin.', 'Du arbetar och övar arbetsfärdigheter i din egen takt.', 'You work and practise work skills at your own pace.'),
    ('rwa_special', 'rwa', 'day',
     'Kuntouttava työtoiminta, erityistaso', 'Arbetsverksamhet i rehabiliteringssyfte, särskild nivå', 'Rehabilitative work activity, special level',
     'Teet työtä, ja työkykyäsi arvioidaan samalla.', 'Du arbetar, och din arbetsförmåga bedöms samtidigt.', 'You work, and your ability to work is assessed at the same time.'),
    ('sr_individual', 'sr', 'hour',
     'Yksilövalmennus', 'Individuell coachning', 'Individual coaching',
     'Valmentaja tapaa sinua kahden kesken.', 'En coach träffar dig ensam.', 'A coach meets you one to one.'),
    ('sr_group', 'sr', 'hour',
     'Ryhmävalmennus', 'Gruppcoachning', 'Group coaching',
     'Tapaat muita ihmisiä ryhmässä valmentajan kanssa.', 'Du träffar andra i en grupp med en coach.', 'You meet other people in a group with a coach.'),
    ('sr_supported_work', 'sr', 'day',
     'Tuettu työtoimintavalmennus', 'Stödd coachning i arbetsverksamhet', 'Supported work activity coaching',
     'Teet työtehtäviä, ja ohjaaja tukee sinua.', 'Du gör arbetsuppgifter, och en handledare stöder dig.', 'You do work tasks, and an instructor supports you.'),
    ('sr_participation', 'sr', 'day',
     'Osallisuustoiminta', 'Delaktighetsverksamhet', 'Participation activity',
     'Osallistut toimintaan, joka tuo päivään sisältöä.', 'Du deltar i verksamhet som ger dagen innehåll.', 'You take part in activities that give your day a rhythm.');

INSERT INTO rulebooks (id, municipality_code, service_code, in_force_from, unit_price_cents,
    validity_min_months, validity_max_months, extended_max_months,
    units_cap, units_cap_exception, cap_period_months,
    per_week_min, per_week_max, per_week_max_exception,
    hours_per_day_min, hours_per_day_max, hours_per_session, sessions_per_week_min, group_size_max,
    remote_share_max_percent, intro_visit_within_days, start_within_days, start_within_working_days,
    billing_report_day, no_show_units_per_month, forbidden_legal_forms, min_work_tasks, search_radius_km,
    long_term_after_months, long_term_per_week_min, total_max_months) VALUES
    ('heinola-rwa_basic-2022-06-01', 'heinola', 'rwa_basic', '2022-06-01', 4000,
     3, 12, 12,  NULL, NULL, NULL,  1, 4, NULL,  4, 8, FALSE, NULL, NULL,
     NULL, 7, 14, NULL,  4, 0, 'company', 2, 20,  12, 3, 24),
    ('heinola-rwa_special-2022-06-01', 'heinola', 'rwa_special', '2022-06-01', 4800,
     3, 3, 6,  NULL, NULL, NULL,  1, 4, NULL,  4, 8, FALSE, NULL, NULL,
     NULL, 7, 14, NULL,  4, 0, 'company', NULL, 20,  12, 3, 24),
    ('kuopio-sr_individual-2020-01-01', 'kuopio', 'sr_individual', '2020-01-01', 4600,
     1, 4, 4,  40, NULL, 4,  NULL, NULL, NULL,  NULL, NULL, FALSE, NULL, NULL,
     10, NULL, NULL, 10,  8, 1, '', NULL, 20,  NULL, NULL, NULL),
    ('kuopio-sr_group-2020-01-01', 'kuopio', 'sr_group', '2020-01-01', 1500,
     1, 4, 4,  80, NULL, 4,  1, 5, NULL,  1, 3, TRUE, 1, 12,
     NULL, NULL, NULL, 10,  8, 1, '', NULL, 20,  NULL, NULL, NULL),
    ('kuopio-sr_supported_work-2020-01-01', 'kuopio', 'sr_supported_work', '2020-01-01', 5600,
     1, 4, 4,  54, 72, 4,  1, 3, 4,  3, 4, FALSE, NULL, NULL,
     NULL, NULL, NULL, 10,  8, 1, '', NULL, 20,  NULL, NULL, NULL),
    ('kuopio-sr_participation-2020-01-01', 'kuopio', 'sr_participation', '2020-01-01', 2200,
     1, 6, 6,  78, NULL, 6,  1, 3, NULL,  3, 4, FALSE, NULL, NULL,
     NULL, NULL, NULL, 10,  8, 1, '', NULL, 20,  NULL, NULL, NULL);

INSERT INTO rulebook_price_tiers (rulebook_id, tier, up_to_km, unit_price_cents) VALUES
    ('kuopio-sr_individual-2020-01-01', 1, 20, 4600),
    ('kuopio-sr_individual-2020-01-01', 2, 50, 8100),
    ('kuopio-sr_individual-2020-01-01', 3, NULL, 11600);

CREATE TABLE vouchers (
    id TEXT PRIMARY KEY NOT NULL,
    number TEXT NOT NULL UNIQUE,
    client_id TEXT NOT NULL REFERENCES clients (person_id),
    rulebook_id TEXT NOT NULL REFERENCES rulebooks (id),
    caseworker_id TEXT NOT NULL REFERENCES persons (id),
    decision_date DATE NOT NULL,
    valid_from DATE NOT NULL,
    valid_until DATE NOT NULL,
    granted_units INTEGER NOT NULL CHECK (granted_units > 0),
    per_week INTEGER NULL,
    hours_per_day INTEGER NULL,
    exception_reason TEXT NULL,
    out_of_area_allowed BOOLEAN NOT NULL DEFAULT FALSE,
    out_of_area_reason TEXT NULL,
    cancelled_at TIMESTAMP NULL,
    cancel_reason TEXT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (valid_until >= valid_from),
    CHECK (out_of_area_allowed = FALSE OR out_of_area_reason IS NOT NULL),
    CHECK ((cancelled_at IS NULL) = (cancel_reason IS NULL))
);
CREATE INDEX vouchers_client ON vouchers (client_id, id);

-- Every change of a voucher, with who and when: the voucher's history.
CREATE TABLE voucher_events (
    id TEXT PRIMARY KEY NOT NULL,
    voucher_id TEXT NOT NULL REFERENCES vouchers (id),
    kind TEXT NOT NULL CHECK (kind IN ('issued', 'extended', 'out_of_area_permitted', 'cancelled')),
    actor_id TEXT NOT NULL REFERENCES persons (id),
    valid_until DATE NULL,
    granted_units INTEGER NULL,
    reason TEXT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX voucher_events_voucher ON voucher_events (voucher_id, id);

-- What has been used of a voucher: attendance writes confirmed activity days or hours (and
-- billable no-shows) here; the wallet sums the confirmed rows.
CREATE TABLE voucher_usage (
    id TEXT PRIMARY KEY NOT NULL,
    voucher_id TEXT NOT NULL REFERENCES vouchers (id),
    occurred_on DATE NOT NULL,
    units INTEGER NOT NULL CHECK (units > 0),
    status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'rejected')),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX voucher_usage_voucher ON voucher_usage (voucher_id, status);
