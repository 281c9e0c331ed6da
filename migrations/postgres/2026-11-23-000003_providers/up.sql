-- Providers: the organisation, its approvals per municipality and service, its sites, and what
-- each site offers for each service. Keep in step with migrations/sqlite: same tables, columns
-- and constraints.

-- The organisation. Legal form decides which services a municipality may buy from it (a
-- rulebook's forbidden_legal_forms). Descriptions are plain language in all three languages.
ALTER TABLE providers ADD COLUMN business_id TEXT NULL;
ALTER TABLE providers ADD COLUMN legal_form TEXT NOT NULL DEFAULT 'association'
    CHECK (legal_form IN ('association', 'foundation', 'cooperative', 'company', 'municipality', 'other'));
ALTER TABLE providers ADD COLUMN phone TEXT NULL;
ALTER TABLE providers ADD COLUMN email TEXT NULL;
ALTER TABLE providers ADD COLUMN website TEXT NULL;
ALTER TABLE providers ADD COLUMN description_fi TEXT NOT NULL DEFAULT '';
ALTER TABLE providers ADD COLUMN description_sv TEXT NOT NULL DEFAULT '';
ALTER TABLE providers ADD COLUMN description_en TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX providers_business_id ON providers (business_id);

-- A municipality's decision on a provider for one service. Only 'approved' is ever listed to
-- clients. approved_on: when it was (last) approved; status_since: when the present status began.
CREATE TABLE provider_approvals (
    provider_id TEXT NOT NULL REFERENCES providers (id),
    municipality_code TEXT NOT NULL REFERENCES municipalities (code),
    service_code TEXT NOT NULL REFERENCES services (code),
    status TEXT NOT NULL CHECK (status IN ('approved', 'suspended', 'withdrawn')),
    approved_on DATE NOT NULL,
    status_since DATE NOT NULL,
    reason TEXT NULL,
    changed_by TEXT NOT NULL REFERENCES persons (id),
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (provider_id, municipality_code, service_code),
    CHECK (status = 'approved' OR reason IS NOT NULL)
);

-- Where a provider works.
CREATE TABLE provider_sites (
    id TEXT PRIMARY KEY NOT NULL,
    provider_id TEXT NOT NULL REFERENCES providers (id),
    name TEXT NOT NULL,
    street_address TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    city TEXT NOT NULL,
    lat DOUBLE PRECISION NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon DOUBLE PRECISION NOT NULL CHECK (lon BETWEEN -180 AND 180),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX provider_sites_provider ON provider_sites (provider_id);

-- What a site offers for one service: what clients compare. Lists are comma-separated codes with
-- a comma at each end (',kitchen,cleaning,'), so a filter is an exact LIKE '%,code,%' match.
-- lat and lon repeat the site's (kept equal when a site moves) so that the search's index,
-- (service_code, lat, lon), prefilters by service and bounding box in one range scan: lat is the
-- range, lon is checked inside the index, and the exact distance is computed afterwards.
CREATE TABLE site_services (
    site_id TEXT NOT NULL REFERENCES provider_sites (id),
    service_code TEXT NOT NULL REFERENCES services (code),
    lat DOUBLE PRECISION NOT NULL,
    lon DOUBLE PRECISION NOT NULL,
    form TEXT NOT NULL CHECK (form IN ('individual', 'group')),
    work_tasks TEXT NOT NULL DEFAULT ',',
    group_themes TEXT NOT NULL DEFAULT ',',
    languages TEXT NOT NULL DEFAULT ',fi,',
    step_free BOOLEAN NOT NULL DEFAULT FALSE,
    partial_work_ability BOOLEAN NOT NULL DEFAULT FALSE,
    meal_heating BOOLEAN NOT NULL DEFAULT FALSE,
    hot_meal BOOLEAN NOT NULL DEFAULT FALSE,
    group_size_max INTEGER NULL CHECK (group_size_max IS NULL OR group_size_max >= 1),
    free_places INTEGER NOT NULL DEFAULT 0 CHECK (free_places >= 0),
    queue_length INTEGER NOT NULL DEFAULT 0 CHECK (queue_length >= 0),
    next_start_on DATE NULL,
    responsible_name TEXT NOT NULL,
    responsible_phone TEXT NULL,
    responsible_email TEXT NULL,
    description_fi TEXT NOT NULL,
    description_sv TEXT NOT NULL,
    description_en TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (site_id, service_code)
);
CREATE INDEX site_services_geo ON site_services (service_code, lat, lon);
