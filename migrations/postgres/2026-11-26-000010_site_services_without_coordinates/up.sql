-- site_services repeated each site's coordinates for a search index, (service_code, lat, lon).
-- The search has read its offers from memory since the catalog (search_catalog) and locates sites
-- by provider_sites; the copies and their index were only kept in step. Keep in step with
-- migrations/sqlite.
DROP INDEX site_services_geo;
ALTER TABLE site_services DROP COLUMN lat;
ALTER TABLE site_services DROP COLUMN lon;
