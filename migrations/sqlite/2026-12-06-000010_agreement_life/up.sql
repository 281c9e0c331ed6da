-- The agreement's life after the acceptance: the client confirms its terms, either side proposes
-- ending it and the caseworker consents or declines (H §5.5), the city ends it (H §1.7), staff
-- record the interruptions (K §4) and the documents the rulebook asks of them (H §1.7, §2;
-- K §7), each due as the rulebook's duties say. Keep in step with migrations/postgres.

-- When the client (or their helper) confirmed the terms: until then the agreement is not in
-- force (H §5.3: the agreement is between the client and the provider). How it ended: on a day,
-- for a reason. An agreement's last day passing ends it without a row changing.
ALTER TABLE agreements ADD COLUMN confirmed_at TIMESTAMP NULL;
ALTER TABLE agreements ADD COLUMN ended_on DATE NULL;
ALTER TABLE agreements ADD COLUMN end_reason TEXT NULL
    CHECK (end_reason IS NULL OR end_reason IN ('voucher_cancelled', 'terminated', 'city_ended', 'replaced',
        'group_cancelled'));
-- Agreements made before confirmation existed were in force as made; an ended one was replaced.
UPDATE agreements SET confirmed_at = created_at;
UPDATE agreements SET ended_on = DATE(ended_at), end_reason = 'replaced' WHERE ended_at IS NOT NULL;

-- A proposal to end an agreement before its last day, by the client's or the provider's side,
-- and the caseworker's decision on it. One open at a time.
CREATE TABLE agreement_endings (
    id TEXT PRIMARY KEY NOT NULL,
    agreement_id TEXT NOT NULL REFERENCES agreements (id),
    side TEXT NOT NULL CHECK (side IN ('client', 'provider')),
    reason_code TEXT NOT NULL,
    explanation TEXT NOT NULL,
    last_day DATE NOT NULL,
    proposed_by TEXT NOT NULL REFERENCES persons (id),
    proposed_at TIMESTAMP NOT NULL,
    decision TEXT NULL CHECK (decision IS NULL OR decision IN ('consented', 'declined')),
    decided_by TEXT NULL REFERENCES persons (id),
    decided_at TIMESTAMP NULL,
    decision_reason TEXT NULL,
    CHECK ((decision IS NULL) = (decided_at IS NULL))
);
CREATE INDEX agreement_endings_agreement ON agreement_endings (agreement_id, id);
CREATE UNIQUE INDEX agreement_endings_one_open ON agreement_endings (agreement_id)
    WHERE decision IS NULL;

-- What happened to an agreement, in order: the history the client reads.
CREATE TABLE agreement_events (
    id TEXT PRIMARY KEY NOT NULL,
    agreement_id TEXT NOT NULL REFERENCES agreements (id),
    kind TEXT NOT NULL CHECK (kind IN ('made', 'confirmed', 'ending_proposed', 'ending_consented',
        'ending_declined', 'ended', 'interrupted', 'document', 'group_delayed')),
    -- The day it concerns: the last day, the day of the interruption, the document's date.
    on_date DATE NULL,
    reason_code TEXT NULL,
    reason TEXT NULL,
    actor_id TEXT NOT NULL REFERENCES persons (id),
    acting_as TEXT NOT NULL CHECK (acting_as IN ('self', 'proxy', 'caseworker', 'provider_staff')),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX agreement_events_agreement ON agreement_events (agreement_id, id);
CREATE TRIGGER agreement_events_no_update BEFORE UPDATE ON agreement_events
BEGIN
    SELECT RAISE(ABORT, 'agreement_events is append-only');
END;
CREATE TRIGGER agreement_events_no_delete BEFORE DELETE ON agreement_events
BEGIN
    SELECT RAISE(ABORT, 'agreement_events is append-only');
END;

-- A document staff write about the client's service: an assessment, a summary, a report.
CREATE TABLE agreement_documents (
    id TEXT PRIMARY KEY NOT NULL,
    agreement_id TEXT NOT NULL REFERENCES agreements (id),
    duty TEXT NOT NULL CHECK (duty IN ('interim_assessment', 'final_assessment', 'summary',
        'final_report', 'other')),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    written_on DATE NOT NULL,
    recorded_by TEXT NOT NULL REFERENCES persons (id),
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX agreement_documents_agreement ON agreement_documents (agreement_id, id);

-- The provider's duties as rulebook data: which document is due when.
--   every_months: every `months` months from the start, while the agreement runs;
--   before_end:   `days` days before the last day at the latest, `preferred_days` preferably;
--   after_end:    within `days` days after the last day.
-- Heinola (H §1.7, §2): an interim assessment every 3 months; the final assessment with a
-- follow-up plan proposal at least 2 weeks, preferably 3, before the end.
-- Kuopio (K §7, appendix 1): a written summary at the end of each 4-month period while the
-- service continues; the final report within 2 weeks after the end.
CREATE TABLE rulebook_duties (
    rulebook_id TEXT NOT NULL REFERENCES rulebooks (id),
    duty TEXT NOT NULL CHECK (duty IN ('interim_assessment', 'final_assessment', 'summary', 'final_report')),
    schedule TEXT NOT NULL CHECK (schedule IN ('every_months', 'before_end', 'after_end')),
    months INTEGER NULL CHECK (months IS NULL OR months BETWEEN 1 AND 24),
    days INTEGER NULL CHECK (days IS NULL OR days BETWEEN 0 AND 90),
    preferred_days INTEGER NULL CHECK (preferred_days IS NULL OR preferred_days BETWEEN 0 AND 90),
    PRIMARY KEY (rulebook_id, duty),
    CHECK ((schedule = 'every_months') = (months IS NOT NULL)),
    CHECK ((schedule = 'every_months') = (days IS NULL))
);
INSERT INTO rulebook_duties (rulebook_id, duty, schedule, months, days, preferred_days)
    SELECT id, 'interim_assessment', 'every_months', 3, NULL, NULL FROM rulebooks
    WHERE municipality_code = 'heinola';
INSERT INTO rulebook_duties (rulebook_id, duty, schedule, months, days, preferred_days)
    SELECT id, 'final_assessment', 'before_end', NULL, 14, 21 FROM rulebooks
    WHERE municipality_code = 'heinola';
INSERT INTO rulebook_duties (rulebook_id, duty, schedule, months, days, preferred_days)
    SELECT id, 'summary', 'every_months', 4, NULL, NULL FROM rulebooks
    WHERE municipality_code = 'kuopio';
INSERT INTO rulebook_duties (rulebook_id, duty, schedule, months, days, preferred_days)
    SELECT id, 'final_report', 'after_end', NULL, 14, NULL FROM rulebooks
    WHERE municipality_code = 'kuopio';
