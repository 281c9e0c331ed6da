DROP TRIGGER client_records_update;
DROP TRIGGER client_records_delete;
DROP TRIGGER client_vouchers_update;
DROP TRIGGER client_vouchers_delete;
DROP TABLE client_version;
