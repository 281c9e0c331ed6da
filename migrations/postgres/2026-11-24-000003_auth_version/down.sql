DROP TRIGGER auth_sessions ON sessions;
DROP TRIGGER auth_persons ON persons;
DROP TRIGGER auth_roles ON role_grants;
DROP FUNCTION auth_bump();
DROP TABLE auth_version;
