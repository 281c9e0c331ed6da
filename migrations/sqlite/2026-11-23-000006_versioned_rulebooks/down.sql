DROP TRIGGER services_no_update;
DROP TRIGGER services_no_delete;
DROP TRIGGER rulebooks_no_update;
DROP TRIGGER rulebooks_no_delete;
DROP TRIGGER rulebook_price_tiers_no_update;
DROP TRIGGER rulebook_price_tiers_no_delete;
