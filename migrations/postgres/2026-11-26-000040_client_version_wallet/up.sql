-- Reads keep each client's wallet in memory (vouchers::repo::wallet): the vouchers, what is used
-- of them, their intro visits and agreements. client_version guards it, so it moves on every
-- change to any of those, a new voucher included. Keep in step with migrations/sqlite.
CREATE TRIGGER client_vouchers_insert AFTER INSERT ON vouchers
    FOR EACH STATEMENT EXECUTE FUNCTION client_bump();
CREATE TRIGGER client_usage AFTER INSERT OR UPDATE OR DELETE ON voucher_usage
    FOR EACH STATEMENT EXECUTE FUNCTION client_bump();
CREATE TRIGGER client_visits AFTER INSERT OR UPDATE ON intro_visits
    FOR EACH STATEMENT EXECUTE FUNCTION client_bump();
CREATE TRIGGER client_agreements AFTER INSERT OR UPDATE ON agreements
    FOR EACH STATEMENT EXECUTE FUNCTION client_bump();
