-- Foundation: municipalities, persons and their roles, clients, sign-in sessions, the access log.
-- Keep in step with migrations/sqlite: same tables, columns and constraints.

CREATE TABLE municipalities (
    code TEXT PRIMARY KEY NOT NULL,
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL,
    name_en TEXT NOT NULL
);

INSERT INTO municipalities (code, name_fi, name_sv, name_en) VALUES
    ('heinola', 'Heinola', 'Heinola', 'Heinola'),
    ('kuopio', 'Kuopio', 'Kuopio', 'Kuopio');

CREATE TABLE persons (
    id TEXT PRIMARY KEY NOT NULL,
    personal_id TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    language TEXT NULL CHECK (language IN ('fi', 'sv', 'en')),
    created_at TIMESTAMP NOT NULL,
    last_sign_in_at TIMESTAMP NULL
);

CREATE TABLE providers (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE role_grants (
    id TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL REFERENCES persons (id),
    role TEXT NOT NULL CHECK (role IN ('client', 'proxy', 'provider_staff', 'caseworker')),
    municipality_code TEXT NULL REFERENCES municipalities (code),
    provider_id TEXT NULL REFERENCES providers (id),
    created_at TIMESTAMP NOT NULL,
    CHECK (role <> 'caseworker' OR municipality_code IS NOT NULL),
    CHECK (role <> 'provider_staff' OR provider_id IS NOT NULL)
);
CREATE UNIQUE INDEX role_grants_unique
    ON role_grants (person_id, role, COALESCE(municipality_code, ''), COALESCE(provider_id, ''));

CREATE TABLE clients (
    person_id TEXT PRIMARY KEY NOT NULL REFERENCES persons (id),
    municipality_code TEXT NOT NULL REFERENCES municipalities (code),
    home_address TEXT NULL,
    home_lat DOUBLE PRECISION NULL,
    home_lon DOUBLE PRECISION NULL,
    created_at TIMESTAMP NOT NULL,
    CHECK ((home_lat IS NULL) = (home_lon IS NULL))
);
CREATE INDEX clients_municipality ON clients (municipality_code);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL REFERENCES persons (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP NULL,
    revoked_reason TEXT NULL
);
CREATE INDEX sessions_person ON sessions (person_id);

CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES sessions (id),
    created_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP NULL
);
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

CREATE TABLE demo_personas (
    slug TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL UNIQUE REFERENCES persons (id),
    sort_order INTEGER NOT NULL
);

CREATE TABLE access_log (
    id TEXT PRIMARY KEY NOT NULL,
    client_id TEXT NOT NULL REFERENCES persons (id),
    actor_id TEXT NOT NULL REFERENCES persons (id),
    acting_as TEXT NOT NULL CHECK (acting_as IN ('self', 'proxy', 'caseworker', 'provider_staff')),
    action TEXT NOT NULL,
    resource TEXT NOT NULL,
    request_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX access_log_client ON access_log (client_id, id);

-- The access log is append-only: no row can be changed or removed.
CREATE FUNCTION access_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'access_log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER access_log_no_update BEFORE UPDATE OR DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION access_log_append_only();
