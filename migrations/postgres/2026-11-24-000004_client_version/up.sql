-- A read about a client (the search, the wallet) keeps the client's record and vouchers in
-- memory between requests (src/clients/records.rs), and reads this one counter instead of the
-- two rows. Triggers bump it whenever a client's record or a voucher is changed or deleted,
-- whoever writes. A new client or a new voucher needs no bump: nobody has it in memory yet.
-- Keep in step with migrations/sqlite: same tables, columns and constraints.

CREATE TABLE client_version (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO client_version (id, version) VALUES (1, 0);

CREATE FUNCTION client_bump() RETURNS trigger AS $$
BEGIN
    UPDATE client_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER client_records AFTER UPDATE OR DELETE ON clients
    FOR EACH STATEMENT EXECUTE FUNCTION client_bump();
CREATE TRIGGER client_vouchers AFTER UPDATE OR DELETE ON vouchers
    FOR EACH STATEMENT EXECUTE FUNCTION client_bump();
