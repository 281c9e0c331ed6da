ALTER TABLE site_services ADD COLUMN lat DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE site_services ADD COLUMN lon DOUBLE PRECISION NOT NULL DEFAULT 0;
UPDATE site_services SET lat = s.lat, lon = s.lon FROM provider_sites s WHERE s.id = site_services.site_id;
CREATE INDEX site_services_geo ON site_services (service_code, lat, lon);
