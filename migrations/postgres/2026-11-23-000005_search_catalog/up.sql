-- The search keeps the approved offers of each municipality and service in memory. This counter
-- tells every server process when the providers' data changed: triggers bump it on any write to
-- the tables the search reads, whoever writes.
-- Keep in step with migrations/sqlite: same tables, columns and constraints.

CREATE TABLE catalog_version (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO catalog_version (id, version) VALUES (1, 0);

CREATE FUNCTION catalog_bump() RETURNS trigger AS $$
BEGIN
    UPDATE catalog_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER catalog_providers AFTER INSERT OR UPDATE OR DELETE ON providers
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_bump();
CREATE TRIGGER catalog_sites AFTER INSERT OR UPDATE OR DELETE ON provider_sites
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_bump();
CREATE TRIGGER catalog_offers AFTER INSERT OR UPDATE OR DELETE ON site_services
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_bump();
CREATE TRIGGER catalog_approvals AFTER INSERT OR UPDATE OR DELETE ON provider_approvals
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_bump();
