ALTER TABLE rulebooks DROP COLUMN max_radius_without_permission_km;
