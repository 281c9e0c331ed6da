-- A read about a client (the search, the wallet) keeps the client's record and vouchers in
-- memory between requests (src/clients/records.rs), and reads this one counter instead of the
-- two rows. Triggers bump it whenever a client's record or a voucher is changed or deleted,
-- whoever writes. A new client or a new voucher needs no bump: nobody has it in memory yet.
-- Keep in step with migrations/postgres: same tables, columns and constraints.

CREATE TABLE client_version (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO client_version (id, version) VALUES (1, 0);

CREATE TRIGGER client_records_update AFTER UPDATE ON clients
BEGIN UPDATE client_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER client_records_delete AFTER DELETE ON clients
BEGIN UPDATE client_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER client_vouchers_update AFTER UPDATE ON vouchers
BEGIN UPDATE client_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER client_vouchers_delete AFTER DELETE ON vouchers
BEGIN UPDATE client_version SET version = version + 1 WHERE id = 1; END;
