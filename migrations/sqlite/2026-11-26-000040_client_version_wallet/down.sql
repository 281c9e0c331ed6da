DROP TRIGGER client_agreements_update;
DROP TRIGGER client_agreements_insert;
DROP TRIGGER client_visits_update;
DROP TRIGGER client_visits_insert;
DROP TRIGGER client_usage_delete;
DROP TRIGGER client_usage_update;
DROP TRIGGER client_usage_insert;
DROP TRIGGER client_vouchers_insert;
