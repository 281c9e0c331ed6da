-- Activity days: the client checks in, the provider confirms, corrects or rejects; absences and
-- no-shows are days too. Only confirmed days are paid (H §5.2, §5.4), so the wallet counts them
-- and nothing else. Keep in step with migrations/sqlite.

-- The meetings of an hour-based service (K §4): staff add and move them; a meeting the provider
-- cancels owes a replacement (a later meeting that names it).
CREATE TABLE agreement_meetings (
    id TEXT PRIMARY KEY NOT NULL,
    agreement_id TEXT NOT NULL REFERENCES agreements (id),
    starts_at TIMESTAMP NOT NULL,
    -- The day in Helsinki the meeting is on.
    day DATE NOT NULL,
    place TEXT NULL,
    remote BOOLEAN NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('scheduled', 'cancelled_by_provider', 'cancelled_by_client')),
    cancel_reason TEXT NULL,
    cancelled_at TIMESTAMP NULL,
    replaces_id TEXT NULL REFERENCES agreement_meetings (id),
    created_by TEXT NOT NULL REFERENCES persons (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK ((status = 'scheduled') = (cancelled_at IS NULL))
);
-- One meeting a day for an agreement, so a day's check-in names one meeting.
CREATE UNIQUE INDEX agreement_meetings_one_a_day ON agreement_meetings (agreement_id, day)
    WHERE status = 'scheduled';
CREATE UNIQUE INDEX agreement_meetings_one_replacement ON agreement_meetings (replaces_id)
    WHERE replaces_id IS NOT NULL;
CREATE INDEX agreement_meetings_agreement ON agreement_meetings (agreement_id, starts_at);

-- A check-in finds the voucher's agreements; the partial index of the one open does not serve it.
CREATE INDEX agreements_voucher ON agreements (voucher_id, id);

-- One row per voucher and day, whatever happened on it: a check-in waiting for the provider
-- (pending), confirmed, corrected, rejected, an absence, or a missed meeting (no_show).
CREATE TABLE activity_days (
    id TEXT PRIMARY KEY NOT NULL,
    voucher_id TEXT NOT NULL REFERENCES vouchers (id),
    agreement_id TEXT NOT NULL REFERENCES agreements (id),
    client_id TEXT NOT NULL REFERENCES persons (id),
    provider_id TEXT NOT NULL REFERENCES providers (id),
    site_id TEXT NOT NULL REFERENCES provider_sites (id),
    meeting_id TEXT NULL REFERENCES agreement_meetings (id),
    day DATE NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'corrected', 'rejected', 'absent',
        'no_show')),
    -- What the client said: when they arrived, the hours, whether the session was remote.
    arrived_at TIMESTAMP NULL,
    claimed_hours INTEGER NULL CHECK (claimed_hours IS NULL OR claimed_hours BETWEEN 1 AND 24),
    remote BOOLEAN NOT NULL,
    -- Checked in with the site's code (at the site), and the code's time step: a code counts
    -- once per client.
    verified BOOLEAN NOT NULL,
    code_step BIGINT NULL,
    -- Sent after the day itself (offline, up to a week later).
    late BOOLEAN NOT NULL,
    -- The units the day counts: a pending day what it claims, a decided day what staff
    -- confirmed; an absence none; a no-show the billable units (K §4).
    units INTEGER NOT NULL CHECK (units >= 0),
    -- Individual guidance given on the day, in hours (H §5.1).
    guidance_hours INTEGER NULL CHECK (guidance_hours IS NULL OR guidance_hours BETWEEN 0 AND 24),
    absence TEXT NULL CHECK (absence IS NULL OR absence IN ('reported', 'authorised', 'unauthorised',
        'sent_home')),
    reason_code TEXT NULL,
    reason TEXT NULL,
    recorded_by TEXT NOT NULL REFERENCES persons (id),
    recorded_as TEXT NOT NULL CHECK (recorded_as IN ('self', 'proxy', 'caseworker', 'provider_staff')),
    created_at TIMESTAMP NOT NULL,
    decided_by TEXT NULL REFERENCES persons (id),
    decided_at TIMESTAMP NULL,
    CHECK ((status = 'absent') = (absence IS NOT NULL))
);
-- A day counts once: two check-ins for one voucher and day are one (a meeting is on one day).
CREATE UNIQUE INDEX activity_days_once ON activity_days (voucher_id, day);
CREATE UNIQUE INDEX activity_days_code_once ON activity_days (client_id, site_id, code_step)
    WHERE code_step IS NOT NULL;
CREATE INDEX activity_days_provider ON activity_days (provider_id, status, day);
CREATE INDEX activity_days_agreement ON activity_days (agreement_id, day);
CREATE UNIQUE INDEX activity_days_meeting ON activity_days (meeting_id) WHERE meeting_id IS NOT NULL;

-- Each site's secret for its rotating presence code (RFC 6238), sealed with the server's key:
-- the database alone does not give the codes.
CREATE TABLE site_code_secrets (
    site_id TEXT PRIMARY KEY NOT NULL REFERENCES provider_sites (id),
    sealed TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- Individual guidance the provider owes (H §5.1: at least 6 hours in each 3-month period, at the
-- basic level), as rulebook data; staff record it with each day.
ALTER TABLE rulebook_rules ADD COLUMN guidance_hours_min INTEGER NULL;
ALTER TABLE rulebook_rules ADD COLUMN guidance_period_months INTEGER NULL;
-- A correction of what the rows meant, before any server reads them (see legal_forms_allowed).
ALTER TABLE rulebook_rules DISABLE TRIGGER rulebook_rules_versioned;
UPDATE rulebook_rules SET guidance_hours_min = 6, guidance_period_months = 3
    WHERE rulebook_id IN (SELECT id FROM rulebooks
                          WHERE municipality_code = 'heinola' AND service_code = 'rwa_basic');
ALTER TABLE rulebook_rules ENABLE TRIGGER rulebook_rules_versioned;

-- The wallet's used units come from the days now; the hand-written usage goes.
DROP TABLE voucher_usage;
CREATE TRIGGER client_days AFTER INSERT OR UPDATE ON activity_days
    FOR EACH STATEMENT EXECUTE FUNCTION client_bump();
