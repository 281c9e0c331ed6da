DROP INDEX rulebook_price_tiers_remote;
ALTER TABLE rulebook_price_tiers DROP COLUMN remote;
