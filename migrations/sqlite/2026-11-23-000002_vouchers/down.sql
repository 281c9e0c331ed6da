DROP TABLE voucher_usage;
DROP TABLE voucher_events;
DROP TABLE vouchers;
DROP TABLE rulebook_price_tiers;
DROP TABLE rulebooks;
DROP TABLE services;
