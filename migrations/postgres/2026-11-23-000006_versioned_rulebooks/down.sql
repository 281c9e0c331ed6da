DROP TRIGGER services_versioned ON services;
DROP TRIGGER rulebooks_versioned ON rulebooks;
DROP TRIGGER rulebook_price_tiers_versioned ON rulebook_price_tiers;
DROP FUNCTION rulebook_rows_are_versions();
