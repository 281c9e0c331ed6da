DROP TABLE push_jobs;
DROP TABLE push_settings;
DROP TABLE push_subscriptions;
