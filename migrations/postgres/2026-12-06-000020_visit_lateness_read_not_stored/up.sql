-- Whether a booking came late is computed where it is read, from the booking day and the
-- voucher's dates in force: a stored mark went stale when the caseworker recorded a date later.
ALTER TABLE intro_visits DROP COLUMN late;
