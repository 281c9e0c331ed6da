-- Individual coaching is priced by the distance from the provider's office to where the meetings
-- mainly happen, and "puhelin-/etäohjaus veloitetaan hintaluokan 1 mukaan": phone and remote
-- coaching is always billed at tier 1 (K §3.1). Which tier remote work takes is rulebook data:
-- the tier marked remote (at most one per rulebook).
-- Keep in step with migrations/postgres: same tables, columns and constraints.
ALTER TABLE rulebook_price_tiers ADD COLUMN remote BOOLEAN NOT NULL DEFAULT FALSE;
CREATE UNIQUE INDEX rulebook_price_tiers_remote ON rulebook_price_tiers (rulebook_id) WHERE remote;

-- Tier rows are never changed (versioned_rulebooks). This corrects what the rows always meant,
-- before any server reads them: the trigger steps aside for it. Every tiered rulebook so far
-- bills remote work at its first tier.
DROP TRIGGER rulebook_price_tiers_no_update;
UPDATE rulebook_price_tiers SET remote = TRUE
    WHERE tier = (SELECT MIN(t.tier) FROM rulebook_price_tiers t
                  WHERE t.rulebook_id = rulebook_price_tiers.rulebook_id);
CREATE TRIGGER rulebook_price_tiers_no_update BEFORE UPDATE ON rulebook_price_tiers
BEGIN
    SELECT RAISE(ABORT, 'rulebook_price_tiers rows are never changed: add a new version');
END;
