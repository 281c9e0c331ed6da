DROP TRIGGER catalog_providers ON providers;
DROP TRIGGER catalog_sites ON provider_sites;
DROP TRIGGER catalog_offers ON site_services;
DROP TRIGGER catalog_approvals ON provider_approvals;
DROP FUNCTION catalog_bump();
DROP TABLE catalog_version;
