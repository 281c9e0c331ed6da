-- Monthly billing: a provider submits a month's report for each municipality it served, and the
-- report is frozen then (H §5.2: by the 4th; K §7: by the 8th). A day that changes afterwards is
-- billed by a correction line in the next open month, never by changing a submitted one. Keep in
-- step with migrations/postgres.

CREATE TABLE billing_submissions (
    id TEXT PRIMARY KEY NOT NULL,
    provider_id TEXT NOT NULL REFERENCES providers (id),
    municipality_code TEXT NOT NULL REFERENCES municipalities (code),
    -- The month reported, `YYYY-MM`.
    month TEXT NOT NULL,
    -- The rulebook's report day for the month, in Helsinki.
    due_on DATE NOT NULL,
    submitted_by TEXT NOT NULL REFERENCES persons (id),
    submitted_at TIMESTAMP NOT NULL,
    late BOOLEAN NOT NULL,
    total_cents BIGINT NOT NULL,
    UNIQUE (provider_id, municipality_code, month)
);
CREATE INDEX billing_submissions_municipality ON billing_submissions (municipality_code, month);

-- Each listed day of a submitted report, as it was billed: a billed day, a day at zero (an
-- absence, a rejection, a check-in still waiting, a meeting the provider cancelled), or a
-- correction of a day of an earlier submitted month (signed units).
CREATE TABLE billing_lines (
    id TEXT PRIMARY KEY NOT NULL,
    submission_id TEXT NOT NULL REFERENCES billing_submissions (id),
    voucher_id TEXT NOT NULL REFERENCES vouchers (id),
    agreement_id TEXT NOT NULL REFERENCES agreements (id),
    client_id TEXT NOT NULL REFERENCES persons (id),
    day_id TEXT NULL REFERENCES activity_days (id),
    meeting_id TEXT NULL REFERENCES agreement_meetings (id),
    day DATE NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('day', 'no_show', 'pending', 'absence', 'rejected', 'cancelled', 'correction')),
    units INTEGER NOT NULL,
    unit_price_cents BIGINT NOT NULL,
    amount_cents BIGINT NOT NULL,
    reason_code TEXT NULL,
    -- The reason as it was given (a correction's, a rejection's, a cancelled meeting's).
    reason TEXT NULL,
    CHECK (amount_cents = units * unit_price_cents),
    CHECK (kind IN ('day', 'no_show', 'correction') OR units = 0)
);
-- A day is listed at most once in a report: billed once in its month, corrected at most once a
-- later month.
CREATE UNIQUE INDEX billing_lines_day_once ON billing_lines (day_id, submission_id);
CREATE INDEX billing_lines_submission ON billing_lines (submission_id);
CREATE INDEX billing_lines_voucher ON billing_lines (voucher_id);
CREATE INDEX activity_days_provider_day ON activity_days (provider_id, day);
