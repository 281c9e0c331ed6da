-- Rulebooks are versioned, never edited: a change of terms is a new row with a later
-- in_force_from, and vouchers keep the row they were issued under. The server keeps rulebooks it
-- has read in memory, which is right only because of these triggers.
CREATE TRIGGER services_no_update BEFORE UPDATE ON services
BEGIN
    SELECT RAISE(ABORT, 'services rows are never changed: add a new version');
END;
CREATE TRIGGER services_no_delete BEFORE DELETE ON services
BEGIN
    SELECT RAISE(ABORT, 'services rows are never changed: add a new version');
END;
CREATE TRIGGER rulebooks_no_update BEFORE UPDATE ON rulebooks
BEGIN
    SELECT RAISE(ABORT, 'rulebooks rows are never changed: add a new version');
END;
CREATE TRIGGER rulebooks_no_delete BEFORE DELETE ON rulebooks
BEGIN
    SELECT RAISE(ABORT, 'rulebooks rows are never changed: add a new version');
END;
CREATE TRIGGER rulebook_price_tiers_no_update BEFORE UPDATE ON rulebook_price_tiers
BEGIN
    SELECT RAISE(ABORT, 'rulebook_price_tiers rows are never changed: add a new version');
END;
CREATE TRIGGER rulebook_price_tiers_no_delete BEFORE DELETE ON rulebook_price_tiers
BEGIN
    SELECT RAISE(ABORT, 'rulebook_price_tiers rows are never changed: add a new version');
END;
