DROP TRIGGER auth_sessions_update;
DROP TRIGGER auth_sessions_delete;
DROP TRIGGER auth_persons_update;
DROP TRIGGER auth_persons_delete;
DROP TRIGGER auth_roles_insert;
DROP TRIGGER auth_roles_update;
DROP TRIGGER auth_roles_delete;
DROP TABLE auth_version;
