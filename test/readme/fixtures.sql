-- test/readme/fixtures.sql: the tables the README's SQL examples read,
-- with generated data, for test/readme/readme_examples.sh. Loaded once
-- into a database that has the extension; every example then runs in a
-- copy of it.
--
-- txns(day, amount): October and November 2026, 400 transactions a day,
--   log-normal amounts, most of them in [0, 500).
-- daily_hist(day, h): one histogram(amount, 0, 500, 20) per day of txns,
--   as "Getting started" builds it.
-- reference(h): the histogram of October's txns on the same bins.
-- checkout, events: the tutorial's data (test/tutorial/data.sql).
-- analytics.events: the tutorial's columns on days around today, for the
--   scheduled report, whose queries are relative to current_date.
-- cron.schedule(job_name, schedule, command): a stand-in for pg_cron's,
--   which runs the job's command once, now; test/cron/cron_test.sh runs
--   the same job under the real pg_cron.
SET client_min_messages = warning;
SELECT setseed(0.1377) \g /dev/null

CREATE TABLE txns AS
SELECT d::date AS day,
       round(exp(4.0 + 0.8 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))::numeric, 2)::float8
           AS amount
FROM generate_series(date '2026-10-01', date '2026-11-30', interval '1 day') AS d,
     generate_series(1, 400);

CREATE TABLE daily_hist AS
SELECT day, histogram(amount, 0, 500, 20) AS h FROM txns GROUP BY day;

CREATE TABLE reference AS
SELECT histogram(amount, 0, 500, 20) AS h FROM txns WHERE day < '2026-11-01';

\ir ../tutorial/data.sql

CREATE SCHEMA analytics;
CREATE TABLE analytics.events AS
SELECT d::date AS day,
       round(exp(3.0 + 0.6 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))::numeric, 2)
           AS amount,
       1 + floor(-ln(1 - random()) * 2)::int AS items,
       (ARRAY['FR', 'DE', 'US', 'GB', 'ES'])[1 + floor(random() * 5)::int] AS country,
       (ARRAY['web', 'ios', 'android'])[1 + floor(random() * 3)::int] AS device,
       random() < 0.3 AS is_member
FROM generate_series(date_trunc('month', current_date) - interval '7 days',
                     date_trunc('month', current_date) + interval '40 days', interval '1 day') AS d,
     generate_series(1, 500);

CREATE SCHEMA cron;
CREATE FUNCTION cron.schedule(job_name text, schedule text, command text)
RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE command;
    RETURN 1;
END
$$;

ANALYZE;
