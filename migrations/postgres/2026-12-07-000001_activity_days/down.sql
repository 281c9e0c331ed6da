DROP TABLE site_code_secrets;
DROP TABLE activity_days;
DROP TABLE agreement_meetings;
DROP INDEX agreements_voucher;
CREATE TABLE voucher_usage (
    id TEXT PRIMARY KEY NOT NULL,
    voucher_id TEXT NOT NULL REFERENCES vouchers (id),
    occurred_on DATE NOT NULL,
    units INTEGER NOT NULL CHECK (units > 0),
    status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'rejected')),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX voucher_usage_voucher ON voucher_usage (voucher_id, status);
CREATE TRIGGER client_usage AFTER INSERT OR UPDATE OR DELETE ON voucher_usage
    FOR EACH STATEMENT EXECUTE FUNCTION client_bump();
ALTER TABLE rulebook_rules DROP COLUMN guidance_period_months;
ALTER TABLE rulebook_rules DROP COLUMN guidance_hours_min;
