DROP TRIGGER client_records ON clients;
DROP TRIGGER client_vouchers ON vouchers;
DROP FUNCTION client_bump();
DROP TABLE client_version;
