DROP TRIGGER client_agreements ON agreements;
DROP TRIGGER client_visits ON intro_visits;
DROP TRIGGER client_usage ON voucher_usage;
DROP TRIGGER client_vouchers_insert ON vouchers;
