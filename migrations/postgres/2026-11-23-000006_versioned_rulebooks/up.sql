-- Rulebooks are versioned, never edited: a change of terms is a new row with a later
-- in_force_from, and vouchers keep the row they were issued under. The server keeps rulebooks it
-- has read in memory, which is right only because of these triggers.
CREATE FUNCTION rulebook_rows_are_versions() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% rows are never changed: add a new version', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER services_versioned BEFORE UPDATE OR DELETE ON services
    FOR EACH ROW EXECUTE FUNCTION rulebook_rows_are_versions();
CREATE TRIGGER rulebooks_versioned BEFORE UPDATE OR DELETE ON rulebooks
    FOR EACH ROW EXECUTE FUNCTION rulebook_rows_are_versions();
CREATE TRIGGER rulebook_price_tiers_versioned BEFORE UPDATE OR DELETE ON rulebook_price_tiers
    FOR EACH ROW EXECUTE FUNCTION rulebook_rows_are_versions();
