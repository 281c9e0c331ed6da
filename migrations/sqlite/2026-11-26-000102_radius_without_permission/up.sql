-- The search radius is two numbers (K §3; H §1.10, §5.4). search_radius_km is where a search
-- starts, so the first screen stays local; max_radius_without_permission_km is how far a client
-- may widen it without the caseworker's permission recorded on the voucher. Kuopio's clients
-- choose "primarily" within 0–20 km and beyond only with a permission (K §3). Heinola sets no
-- distance: services must be "within good transport links" (H §1.10) and a client may refuse a
-- place whose daily journey averages over 3 hours (H §5.4), so a Heinola client widens freely
-- (NULL: no maximum). Rows of any other municipality keep their present meaning: the radius was
-- the maximum.
-- Keep in step with migrations/postgres: same tables, columns and constraints.
ALTER TABLE rulebooks ADD COLUMN max_radius_without_permission_km INTEGER NULL
    CHECK (max_radius_without_permission_km IS NULL OR max_radius_without_permission_km >= search_radius_km);

-- A correction of what the rows meant, before any server reads them (see legal_forms_allowed).
DROP TRIGGER rulebooks_no_update;
UPDATE rulebooks SET max_radius_without_permission_km = search_radius_km
    WHERE municipality_code <> 'heinola';
CREATE TRIGGER rulebooks_no_update BEFORE UPDATE ON rulebooks
BEGIN
    SELECT RAISE(ABORT, 'rulebooks rows are never changed: add a new version');
END;
