-- Intro visits, the provider's answer, client–provider agreements, and a person's notifications.
-- Keep in step with migrations/sqlite: same tables, columns and constraints.

-- A time a provider's site receives clients who want to see it, for one service.
CREATE TABLE intro_slots (
    id TEXT PRIMARY KEY NOT NULL,
    provider_id TEXT NOT NULL REFERENCES providers (id),
    site_id TEXT NOT NULL REFERENCES provider_sites (id),
    service_code TEXT NOT NULL REFERENCES services (code),
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 100),
    -- Open bookings. A booking takes a place by a conditional update (booked < capacity), and
    -- this check refuses an overbooking whatever writes it.
    booked INTEGER NOT NULL DEFAULT 0 CHECK (booked >= 0 AND booked <= capacity),
    -- Comma-separated, with a comma at each end, as site_services.languages.
    languages TEXT NOT NULL CHECK (languages <> ','),
    note_fi TEXT NOT NULL DEFAULT '',
    note_sv TEXT NOT NULL DEFAULT '',
    note_en TEXT NOT NULL DEFAULT '',
    withdrawn_at TIMESTAMP NULL,
    withdraw_reason TEXT NULL,
    created_by TEXT NOT NULL REFERENCES persons (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (starts_at < ends_at),
    CHECK ((withdrawn_at IS NULL) = (withdraw_reason IS NULL))
);
CREATE INDEX intro_slots_provider ON intro_slots (provider_id, starts_at);
CREATE INDEX intro_slots_site ON intro_slots (site_id, starts_at);

-- A booked intro visit and what came of it.
CREATE TABLE intro_visits (
    id TEXT PRIMARY KEY NOT NULL,
    slot_id TEXT NOT NULL REFERENCES intro_slots (id),
    voucher_id TEXT NOT NULL REFERENCES vouchers (id),
    client_id TEXT NOT NULL REFERENCES clients (person_id),
    -- The slot's provider, kept here: staff reach a client only through their own bookings.
    provider_id TEXT NOT NULL REFERENCES providers (id),
    status TEXT NOT NULL CHECK (status IN ('booked', 'cancelled', 'held', 'not_held',
        'accepted', 'refused', 'queued', 'queue_accepted', 'queue_declined')),
    -- Booked after the rulebook's deadline: allowed, and shown as late.
    late BOOLEAN NOT NULL DEFAULT FALSE,
    -- Why it was cancelled or not held (a code), and the provider's words where they gave some.
    reason_code TEXT NULL,
    reason TEXT NULL,
    queue_start_on DATE NULL,
    booked_by TEXT NOT NULL REFERENCES persons (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX intro_visits_client ON intro_visits (client_id, id);
CREATE INDEX intro_visits_slot ON intro_visits (slot_id);
CREATE INDEX intro_visits_provider ON intro_visits (provider_id, client_id);
-- One open booking per voucher and provider.
CREATE UNIQUE INDEX intro_visits_one_open ON intro_visits (voucher_id, provider_id)
    WHERE status IN ('booked', 'held', 'queued', 'queue_accepted');

-- Every step of a booking: who, as whom, when, and why.
CREATE TABLE intro_visit_events (
    id TEXT PRIMARY KEY NOT NULL,
    visit_id TEXT NOT NULL REFERENCES intro_visits (id),
    status TEXT NOT NULL,
    actor_id TEXT NOT NULL REFERENCES persons (id),
    acting_as TEXT NOT NULL CHECK (acting_as IN ('self', 'proxy', 'caseworker', 'provider_staff')),
    reason_code TEXT NULL,
    reason TEXT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX intro_visit_events_visit ON intro_visit_events (visit_id, id);
CREATE FUNCTION intro_visit_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'intro_visit_events is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER intro_visit_events_no_change BEFORE UPDATE OR DELETE ON intro_visit_events
    FOR EACH ROW EXECUTE FUNCTION intro_visit_events_append_only();

-- What a client and a provider agreed: the service starts on a day, with these terms.
CREATE TABLE agreements (
    id TEXT PRIMARY KEY NOT NULL,
    voucher_id TEXT NOT NULL REFERENCES vouchers (id),
    client_id TEXT NOT NULL REFERENCES clients (person_id),
    provider_id TEXT NOT NULL REFERENCES providers (id),
    site_id TEXT NOT NULL REFERENCES provider_sites (id),
    visit_id TEXT NULL REFERENCES intro_visits (id),
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    days_per_week INTEGER NULL CHECK (days_per_week IS NULL OR days_per_week BETWEEN 1 AND 7),
    hours_per_day INTEGER NULL CHECK (hours_per_day IS NULL OR hours_per_day BETWEEN 1 AND 24),
    goals TEXT NOT NULL,
    responsible_person TEXT NOT NULL,
    instructor TEXT NOT NULL,
    -- Individual coaching: where the meetings mainly happen, or remote (phone, video).
    meeting_place TEXT NULL,
    meeting_distance_km DOUBLE PRECISION NULL,
    remote BOOLEAN NOT NULL DEFAULT FALSE,
    -- The unit price that applies under this agreement (the tier by the meeting place).
    unit_price_cents BIGINT NOT NULL CHECK (unit_price_cents >= 0),
    created_by TEXT NOT NULL REFERENCES persons (id),
    created_at TIMESTAMP NOT NULL,
    ended_at TIMESTAMP NULL,
    CHECK (starts_on <= ends_on)
);
CREATE INDEX agreements_client ON agreements (client_id, id);
CREATE INDEX agreements_provider ON agreements (provider_id, client_id);
-- One agreement in force per voucher; a new provider or period is a new agreement.
CREATE UNIQUE INDEX agreements_one_active ON agreements (voucher_id) WHERE ended_at IS NULL;

-- A person's inbox: what happened, stored as a kind and its facts, and written in the reader's
-- language when read.
CREATE TABLE notifications (
    id TEXT PRIMARY KEY NOT NULL,
    recipient_id TEXT NOT NULL REFERENCES persons (id),
    kind TEXT NOT NULL,
    -- The facts the text needs, as a JSON object.
    params TEXT NOT NULL,
    -- The booking or agreement it is about.
    subject_id TEXT NULL,
    -- Makes a notification that must come once (a reminder) come once.
    once_key TEXT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP NULL
);
CREATE INDEX notifications_recipient ON notifications (recipient_id, id);
