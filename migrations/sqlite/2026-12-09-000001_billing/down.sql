DROP INDEX activity_days_provider_day;
DROP TABLE billing_lines;
DROP TABLE billing_submissions;
