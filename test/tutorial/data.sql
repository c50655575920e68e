-- test/tutorial/data.sql: the generated data of the README's tutorial.
--
-- checkout: two cohorts of checkout amounts, A (last month) and B (this
-- month, spending a little more, with a longer tail).
-- events: a daily table, 2,000 rows a day from 2026-11-01 to 2026-11-14.
-- From 2026-11-12 on, amounts grow by about 30% and most new sessions come
-- from the web; items, country and is_member keep their distributions.
-- Amounts are log-normal, drawn with the Box-Muller transform.
SELECT setseed(0.2026) \g /dev/null

CREATE TABLE checkout AS
SELECT cohort,
       exp(CASE cohort WHEN 'A' THEN 3.0 ELSE 3.15 END
           + CASE cohort WHEN 'A' THEN 0.6 ELSE 0.7 END
             * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())) AS amount
FROM unnest(ARRAY['A', 'B']) AS cohort, generate_series(1, 20000);

CREATE TABLE events AS
SELECT day,
       n AS session_id,
       CASE WHEN random() < 0.01 THEN NULL ELSE
           round(exp(3.0 + CASE WHEN day >= date '2026-11-12' THEN 0.25 ELSE 0 END
                     + 0.6 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))::numeric, 2)
       END AS amount,
       1 + floor(-ln(1 - random()) * 2)::int AS items,
       (ARRAY['FR', 'DE', 'US', 'GB', 'ES'])[1 + floor(random() * 5)::int] AS country,
       CASE WHEN day >= date '2026-11-12'
            THEN (ARRAY['web', 'web', 'web', 'ios', 'android'])[1 + floor(random() * 5)::int]
            ELSE (ARRAY['web', 'ios', 'android'])[1 + floor(random() * 3)::int] END AS device,
       random() < 0.3 AS is_member
FROM generate_series(date '2026-11-01', date '2026-11-14', interval '1 day') AS g(midnight),
     LATERAL (SELECT g.midnight::date AS day) AS d,
     generate_series(1, 2000) AS n;
ANALYZE checkout;
ANALYZE events;
