-- The search keeps the approved offers of each municipality and service in memory. This counter
-- tells every server process when the providers' data changed: triggers bump it on any write to
-- the tables the search reads, whoever writes.
-- Keep in step with migrations/postgres: same tables, columns and constraints.

CREATE TABLE catalog_version (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO catalog_version (id, version) VALUES (1, 0);

CREATE TRIGGER catalog_providers_insert AFTER INSERT ON providers
BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER catalog_providers_update AFTER UPDATE ON providers
BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER catalog_providers_delete AFTER DELETE ON providers
BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER catalog_sites_insert AFTER INSERT ON provider_sites
BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER catalog_sites_update AFTER UPDATE ON provider_sites
BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER catalog_sites_delete AFTER DELETE ON provider_sites
BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER catalog_offers_insert AFTER INSERT ON site_services
BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER catalog_offers_update AFTER UPDATE ON site_services
BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER catalog_offers_delete AFTER DELETE ON site_services
BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER catalog_approvals_insert AFTER INSERT ON provider_approvals
BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER catalog_approvals_update AFTER UPDATE ON provider_approvals
BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER catalog_approvals_delete AFTER DELETE ON provider_approvals
BEGIN UPDATE catalog_version SET version = version + 1 WHERE id = 1; END;
