-- Reads keep each client's wallet in memory (vouchers::repo::wallet): the vouchers, what is used
-- of them, their intro visits and agreements. client_version guards it, so it moves on every
-- change to any of those, a new voucher included. Keep in step with migrations/postgres.
CREATE TRIGGER client_vouchers_insert AFTER INSERT ON vouchers
BEGIN UPDATE client_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER client_usage_insert AFTER INSERT ON voucher_usage
BEGIN UPDATE client_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER client_usage_update AFTER UPDATE ON voucher_usage
BEGIN UPDATE client_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER client_usage_delete AFTER DELETE ON voucher_usage
BEGIN UPDATE client_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER client_visits_insert AFTER INSERT ON intro_visits
BEGIN UPDATE client_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER client_visits_update AFTER UPDATE ON intro_visits
BEGIN UPDATE client_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER client_agreements_insert AFTER INSERT ON agreements
BEGIN UPDATE client_version SET version = version + 1 WHERE id = 1; END;
CREATE TRIGGER client_agreements_update AFTER UPDATE ON agreements
BEGIN UPDATE client_version SET version = version + 1 WHERE id = 1; END;
