-- Each server process keeps the signed-in sessions it has checked in memory (src/auth/cache.rs),
-- and reads this one counter per request instead of the session, its person and their roles.
-- Triggers bump it on every change that could end a session or change what its person may do,
-- whoever writes: a session ended or deleted, a person's name or language changed or the person
-- deleted, a role granted, changed or taken away. A new session needs no bump: nobody has it in
-- memory yet; nor does a sign-in's `last_sign_in_at`, which a session in memory does not hold.
-- What the cache keeps of a person must be named in the persons trigger.
-- Keep in step with migrations/sqlite: same tables, columns and constraints.

CREATE TABLE auth_version (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO auth_version (id, version) VALUES (1, 0);

CREATE FUNCTION auth_bump() RETURNS trigger AS $$
BEGIN
    UPDATE auth_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER auth_sessions AFTER UPDATE OR DELETE ON sessions
    FOR EACH STATEMENT EXECUTE FUNCTION auth_bump();
CREATE TRIGGER auth_persons AFTER UPDATE OF id, display_name, language OR DELETE ON persons
    FOR EACH STATEMENT EXECUTE FUNCTION auth_bump();
CREATE TRIGGER auth_roles AFTER INSERT OR UPDATE OR DELETE ON role_grants
    FOR EACH STATEMENT EXECUTE FUNCTION auth_bump();
