-- drift_report(): generated data with known drift. In "current", x_shift's
-- mean moves by one standard deviation, device's mix changes and mood gains
-- a category; x_same, n_same, color and flag keep their distributions.
-- (Errors show without the PL/pgSQL context, whose line numbers move.)
\set SHOW_CONTEXT never
SELECT setseed(0.5);
CREATE TYPE mood AS ENUM ('calm', 'busy', 'frantic');
CREATE DOMAIN short_text AS varchar(10);
CREATE TABLE reference_window AS
SELECT g AS id,
       sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS x_shift,
       random() * 100 AS x_same,
       floor(random() * 6)::int AS n_same,
       (ARRAY['red', 'green', 'blue'])[1 + floor(random() * 3)::int]::short_text AS color,
       (ARRAY['web', 'ios', 'android'])[1 + floor(random() * 3)::int] AS device,
       CASE WHEN random() < 0.2 THEN NULL ELSE random() < 0.5 END AS flag,
       (ARRAY['calm', 'busy'])[1 + floor(random() * 2)::int]::mood AS mood
FROM generate_series(1, 3000) g;
CREATE TABLE current_window AS
SELECT g AS id,
       1 + sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS x_shift,
       random() * 100 AS x_same,
       floor(random() * 6)::int AS n_same,
       (ARRAY['red', 'green', 'blue'])[1 + floor(random() * 3)::int]::short_text AS color,
       (ARRAY['web', 'web', 'web', 'web', 'ios', 'android'])[1 + floor(random() * 6)::int] AS device,
       CASE WHEN random() < 0.2 THEN NULL ELSE random() < 0.5 END AS flag,
       (ARRAY['calm', 'busy', 'frantic'])[1 + floor(random() * 3)::int]::mood AS mood
FROM generate_series(1, 1500) g;

-- One row per column, in the reference query's order; the right ones drifted.
SELECT column_name, kind, reference_rows, current_rows,
       round(reference_null_share::numeric, 2) AS ref_nulls, round(current_null_share::numeric, 2) AS cur_nulls,
       cardinality(reference_histogram) AS bins, drifted
FROM drift_report('SELECT x_shift, x_same, n_same, color, device, flag, mood FROM reference_window',
                  'SELECT x_shift, x_same, n_same, color, device, flag, mood FROM current_window');

-- The numbers behind it: the edges are quantile_edges of the reference,
-- both histograms are histogram(value, edges) and the metrics are the
-- extension's functions on them (current first, reference second).
CREATE TEMP TABLE report AS
SELECT * FROM drift_report('SELECT x_shift, x_same, n_same, color, device, flag, mood FROM reference_window',
                           'SELECT x_shift, x_same, n_same, color, device, flag, mood FROM current_window');
SELECT r.edges = (SELECT quantile_edges(x_shift, 10) FROM reference_window) AS edges_are_deciles,
       r.reference_histogram = (SELECT histogram(x_shift, r.edges) FROM reference_window) AS reference_counts,
       r.current_histogram = (SELECT histogram(x_shift, r.edges) FROM current_window) AS current_counts,
       r.reference_histogram[1] = 0 AND r.reference_histogram[cardinality(r.reference_histogram)] = 0 AS reference_inside_edges,
       r.psi = psi(r.current_histogram, r.reference_histogram, 1e-4) AS psi,
       r.kl_div = kl_div(r.current_histogram, r.reference_histogram, NULL, 1e-4) AS kl_div,
       r.js_distance = js_distance(r.current_histogram, r.reference_histogram) AS js_distance,
       r.tv_distance = tv_distance(r.current_histogram, r.reference_histogram) AS tv_distance,
       r.hellinger = hellinger(r.current_histogram, r.reference_histogram) AS hellinger,
       r.wasserstein = wasserstein(r.current_histogram, r.reference_histogram)
                       / (cardinality(r.reference_histogram) - 1) AS wasserstein_normalized,
       r.smoothing = 1e-4 AS smoothing, r.drift_method = 'psi' AND r.drift_threshold = 0.1 AS defaults
FROM report r WHERE column_name = 'x_shift';
-- Categorical: categories ordered by reference share plus current share;
-- counts of non-NULL values.
SELECT column_name, categories, reference_histogram, current_histogram, edges IS NULL AS no_edges,
       wasserstein IS NULL AS no_wasserstein
FROM report WHERE kind = 'categorical' ORDER BY column_name;
SELECT column_name, round(psi::numeric, 4) AS psi, round(js_distance::numeric, 4) AS js
FROM report ORDER BY column_name;

-- Every method flags the two drifted columns and only them.
SELECT m.method, string_agg(column_name, ', ' ORDER BY column_name) FILTER (WHERE drifted) AS drifted
FROM unnest(ARRAY['psi', 'js_distance', 'kl_div', 'tv_distance', 'hellinger']) AS m(method),
     LATERAL drift_report('SELECT x_shift, x_same, n_same, color, device FROM reference_window',
                          'SELECT x_shift, x_same, n_same, color, device FROM current_window',
                          method => m.method)
GROUP BY m.method ORDER BY m.method;
-- wasserstein judges numeric columns only.
SELECT column_name, drifted FROM drift_report('SELECT x_shift, x_same, device FROM reference_window',
                                              'SELECT x_shift, x_same, device FROM current_window',
                                              method => 'wasserstein');
-- Tests of homogeneity. Every column gets one (the method if it is a test,
-- else KS for numeric and chi-squared for categorical columns) with its
-- statistic and p-value, those of ks_test and chi2_test on the column's
-- histograms (current first, reference second).
SELECT r.column_name, r.test,
       r.statistic = CASE r.test WHEN 'ks' THEN (ks_test(r.current_histogram, r.reference_histogram)).statistic
                                 ELSE (chi2_test(r.current_histogram, r.reference_histogram)).statistic END AS statistic,
       r.p_value = CASE r.test WHEN 'ks' THEN (ks_test(r.current_histogram, r.reference_histogram)).p_value
                               ELSE (chi2_test(r.current_histogram, r.reference_histogram)).p_value END AS p_value,
       r.p_adjusted = r.p_value AS uncorrected, r.p_value < 1e-6 AS tiny_p
FROM report r ORDER BY r.column_name;
-- The tests flag the drifted columns by p-value, and only them.
SELECT m.method, string_agg(column_name, ', ' ORDER BY column_name) FILTER (WHERE drifted) AS drifted,
       bool_and(test = CASE WHEN m.method = 'ks' AND kind = 'categorical' THEN 'chi2' ELSE m.method END) AS test,
       bool_and(drift_method = test AND drift_threshold = 0.05) AS by_p_value,
       bool_and(drifted = (p_adjusted < 0.05)) AS verdict
FROM unnest(ARRAY['chi2', 'g_test', 'ks', 'psi_test']) AS m(method),
     LATERAL drift_report('SELECT x_shift, x_same, n_same, color, device, flag, mood FROM reference_window',
                          'SELECT x_shift, x_same, n_same, color, device, flag, mood FROM current_window',
                          method => m.method)
GROUP BY m.method ORDER BY m.method;
-- psi_test asks whether the drift is larger than min_effect: a large one
-- flags nothing.
SELECT string_agg(column_name, ', ' ORDER BY column_name) FILTER (WHERE drifted) AS drifted,
       bool_and(statistic = (chi2_test(current_histogram, reference_histogram)).statistic) AS statistic,
       bool_and(p_value = (psi_test(current_histogram, reference_histogram, 5)).p_value) AS p_value
FROM drift_report('SELECT x_shift, x_same, device, mood FROM reference_window',
                  'SELECT x_shift, x_same, device, mood FROM current_window', method => 'psi_test', min_effect => 5);
-- Corrections across the columns: p_adjust of the report's p-values.
SELECT c.correction,
       (SELECT array_agg(p_adjusted ORDER BY column_name) = p_adjust(array_agg(p_value ORDER BY column_name), c.correction)
        FROM drift_report('SELECT x_shift, x_same, n_same, color, device FROM reference_window',
                          'SELECT x_shift, x_same, n_same, color, device FROM current_window',
                          method => 'chi2', correction => c.correction)) AS adjusted
FROM unnest(ARRAY['none', 'bonferroni', 'holm', 'bh']) AS c(correction);
-- auto: up to 1,000 reference rows KS (numeric) and chi-squared
-- (categorical) by p-value; beyond, wasserstein and js_distance by threshold.
SELECT column_name, drift_method, drift_threshold, drifted
FROM drift_report('SELECT x_shift, x_same, device FROM reference_window WHERE id <= 1000',
                  'SELECT x_shift, x_same, device FROM current_window', method => 'auto');
SELECT column_name, drift_method, drift_threshold, drifted
FROM drift_report('SELECT x_shift, x_same, device FROM reference_window',
                  'SELECT x_shift, x_same, device FROM current_window', method => 'auto');
-- A dataset verdict: the share of drifted columns.
SELECT round(avg(drifted::int), 2) AS share_drifted, avg(drifted::int) >= 0.5 AS dataset_drift
FROM drift_report('SELECT x_shift, x_same, n_same, color, device, flag, mood FROM reference_window',
                  'SELECT x_shift, x_same, n_same, color, device, flag, mood FROM current_window',
                  method => 'chi2', correction => 'holm');
-- A threshold above every value flags nothing; nbins sets the bins.
SELECT count(*) FILTER (WHERE drifted) AS drifted
FROM drift_report('TABLE reference_window', 'TABLE current_window', threshold => 100);
SELECT cardinality(edges) AS edges FROM drift_report('SELECT x_same FROM reference_window',
                                                     'SELECT x_same FROM current_window', nbins => 4);
-- Without smoothing, current values beyond the reference's range make psi
-- and kl_div infinite (and drifted), not NaN.
SELECT psi, kl_div, drifted FROM drift_report('SELECT x_same FROM reference_window WHERE x_same < 50',
                                              'SELECT x_same FROM current_window', epsilon => 0);
-- Rare categories beyond max_categories are summed into the NULL category.
SELECT categories, reference_histogram, current_histogram
FROM drift_report('SELECT device FROM reference_window', 'SELECT device FROM current_window',
                  max_categories => 2);
-- No current rows, or no current values in a column: nothing to compare.
SELECT column_name, current_rows, current_null_share, psi IS NULL AS no_psi, drifted
FROM drift_report('SELECT x_same, color FROM reference_window', 'SELECT x_same, color FROM current_window WHERE false');
SELECT column_name, current_null_share, psi IS NULL AS no_psi, drifted, current_histogram
FROM drift_report('SELECT n_same FROM reference_window', 'SELECT NULL::int AS n_same FROM current_window');

-- Queries as people write them: a trailing semicolon, a trailing comment,
-- CTEs, VALUES, and column names that need quoting.
SELECT column_name, drifted FROM drift_report('SELECT x_same FROM reference_window;  ',
                                              'SELECT x_same FROM current_window -- today');
SELECT column_name, drifted FROM drift_report(E'SELECT x_same FROM reference_window; -- the first week\n',
                                              'SELECT x_same FROM current_window; -- today');
-- char(n) and text of the same values are the same categories (value::text).
SELECT categories, psi FROM drift_report($$SELECT 'ab'::char(3) AS x$$, $$SELECT 'ab'::text AS x$$);
SELECT column_name, kind, drifted
FROM drift_report($$WITH r AS (SELECT x_same AS "Order Total", color AS "select" FROM reference_window) TABLE r$$,
                  $$SELECT x_same AS "Order Total", color AS "select" FROM current_window$$);
SELECT column_name, reference_histogram, current_histogram
FROM drift_report($$VALUES ('a'), ('b'), ('b')$$, $$VALUES ('b'), ('c')$$, max_categories => 5);

-- Each query is read a bounded number of times: the reference twice (its
-- edges, then its counts), the current once.
CREATE SEQUENCE reads;
CREATE FUNCTION count_read(name text) RETURNS bool LANGUAGE sql VOLATILE
AS $$ SELECT nextval('reads') > 0 $$;
SELECT count(*) AS columns
FROM drift_report('SELECT x_same, color FROM reference_window, (SELECT count_read(''reference'')) AS r',
                  'SELECT x_same, color FROM current_window, (SELECT count_read(''current'')) AS r');
SELECT currval('reads') AS query_reads;

-- Its reads may run with parallel workers. With the leader kept out of the
-- scans, the columns reader and reader_name hold only the workers' pids, so
-- the leader's own pid is none of the reference's edges (read 1) and none of
-- the categories of both sides (reads 1 and 2); in serial reads it would be
-- all of them.
CREATE FUNCTION reader_pid() RETURNS int LANGUAGE plpgsql PARALLEL SAFE
AS $$ BEGIN RETURN pg_backend_pid(); END $$;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
SELECT bool_or(pg_backend_pid() = ANY (edges)) AS leader_read_edges,
       bool_or(pg_backend_pid()::text = ANY (categories)) AS leader_read_categories,
       count(*) AS columns
FROM drift_report('SELECT reader_pid() AS reader, reader_pid()::text AS reader_name FROM reference_window',
                  'SELECT reader_pid() AS reader, reader_pid()::text AS reader_name FROM current_window');
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;

-- Past 6,144 distinct reference values the edges are approximate, and
-- serial reads (the README's recipe for reproducible reports) give the same
-- report on every run.
CREATE TABLE many_values AS SELECT g AS id, random() AS x FROM generate_series(1, 40000) g;
SET max_parallel_workers_per_gather = 0;
SET synchronize_seqscans = off;
CREATE TEMP TABLE report_runs AS
SELECT run, r.*    -- (run in the query text, so that each run reads again)
FROM generate_series(1, 2) AS run,
     LATERAL drift_report(format('SELECT x FROM many_values WHERE id <= 20000 AND %s > 0', run),
                          'SELECT x FROM many_values WHERE id > 20000') AS r;
SELECT count(DISTINCT (edges, reference_histogram, current_histogram, psi, js_distance, kl_div,
                       tv_distance, hellinger, wasserstein)) AS distinct_reports,
       min(cardinality(edges)) AS edges
FROM report_runs;
RESET max_parallel_workers_per_gather;
RESET synchronize_seqscans;

-- It runs with the caller's privileges.
CREATE ROLE drift_reader;
GRANT SELECT ON current_window TO drift_reader;
SET ROLE drift_reader;
SELECT * FROM drift_report('SELECT x_same FROM reference_window', 'SELECT x_same FROM current_window');
RESET ROLE;
REVOKE SELECT ON current_window FROM drift_reader;
DROP ROLE drift_reader;
SELECT prosecdef AS security_definer, proconfig AS settings
FROM pg_proc WHERE oid = 'drift_report'::regproc;

-- Bad input.
SELECT * FROM drift_report(NULL, 'SELECT 1');
SELECT * FROM drift_report('SELECT 1', NULL);
SELECT * FROM drift_report('SELECT x_same, id FROM reference_window', 'SELECT x_same FROM current_window');
SELECT * FROM drift_report('SELECT x_same FROM reference_window', 'SELECT x_same, id FROM current_window');
SELECT * FROM drift_report('SELECT x_same, x_same FROM reference_window', 'SELECT x_same, x_same FROM current_window');
SELECT * FROM drift_report('SELECT now() AS t', 'SELECT now() AS t');
SELECT * FROM drift_report('SELECT x_same FROM reference_window', 'SELECT x_same::text FROM current_window');
SELECT * FROM drift_report('SELECT x_same FROM reference_window WHERE false', 'SELECT x_same FROM current_window');
SELECT * FROM drift_report('SELECT NULL::float8 AS x FROM reference_window', 'SELECT 1.0::float8 AS x');
SELECT * FROM drift_report($$SELECT 'Infinity'::float8 AS x$$, 'SELECT 1.0::float8 AS x');
SELECT * FROM drift_report($$SELECT 'NaN'::float8 AS x$$, 'SELECT 1.0::float8 AS x');
SELECT * FROM drift_report('SELECT 1 AS x; SELECT 2 AS x', 'SELECT 1 AS x');
SELECT * FROM drift_report('DELETE FROM reference_window RETURNING x_same', 'SELECT 1.0::float8 AS x_same');
SELECT * FROM drift_report('SELECT x_same FROM no_such_table', 'SELECT 1 AS x_same');
SELECT * FROM drift_report('SELECT', 'SELECT');
SELECT * FROM drift_report('TABLE reference_window', 'TABLE current_window', nbins => 0);
SELECT * FROM drift_report('TABLE reference_window', 'TABLE current_window', method => 'median');
SELECT * FROM drift_report('TABLE reference_window', 'TABLE current_window', threshold => -1);
SELECT * FROM drift_report('TABLE reference_window', 'TABLE current_window', epsilon => 'NaN');
SELECT * FROM drift_report('TABLE reference_window', 'TABLE current_window', max_categories => 1);
-- The SQLSTATE of each of those errors.
\i sql/error_of.psql
SELECT pg_temp.error_of(q) FROM (VALUES
  ($$SELECT * FROM drift_report(NULL, 'SELECT 1')$$),
  ($$SELECT * FROM drift_report('SELECT x_same, id FROM reference_window', 'SELECT x_same FROM current_window')$$),
  ($$SELECT * FROM drift_report('SELECT x_same, x_same FROM reference_window', 'SELECT x_same, x_same FROM current_window')$$),
  ($$SELECT * FROM drift_report('SELECT now() AS t', 'SELECT now() AS t')$$),
  ($$SELECT * FROM drift_report('SELECT x_same FROM reference_window', 'SELECT x_same::text FROM current_window')$$),
  ($$SELECT * FROM drift_report('SELECT x_same FROM reference_window WHERE false', 'SELECT x_same FROM current_window')$$),
  ($$SELECT * FROM drift_report('SELECT NULL::float8 AS x FROM reference_window', 'SELECT 1.0::float8 AS x')$$),
  ($$SELECT * FROM drift_report('SELECT ''NaN''::float8 AS x', 'SELECT 1.0::float8 AS x')$$),
  ($$SELECT * FROM drift_report('SELECT 1 AS x; SELECT 2 AS x', 'SELECT 1 AS x')$$),
  ($$SELECT * FROM drift_report('DELETE FROM reference_window RETURNING x_same', 'SELECT 1.0::float8 AS x_same')$$),
  ($$SELECT * FROM drift_report('SELECT', 'SELECT')$$),
  ($$SELECT * FROM drift_report('TABLE reference_window', 'TABLE current_window', nbins => 0)$$),
  ($$SELECT * FROM drift_report('TABLE reference_window', 'TABLE current_window', method => 'median')$$),
  ($$SELECT * FROM drift_report('TABLE reference_window', 'TABLE current_window', threshold => -1)$$),
  ($$SELECT * FROM drift_report('TABLE reference_window', 'TABLE current_window', epsilon => 'NaN')$$),
  ($$SELECT * FROM drift_report('TABLE reference_window', 'TABLE current_window', max_categories => 1)$$)) AS c(q);

-- What runs is exactly what was checked. A query that turns
-- standard_conforming_strings off while it is read changes how later reads
-- lex: this current query is one SELECT of two string literals as the check
-- at the start sees it, but three statements, a DELETE among them, as a
-- later read would lex it. Each read is checked again right before it runs,
-- so the report fails and the DELETE never runs (its trigger would say so).
CREATE TABLE victim (id int);
INSERT INTO victim VALUES (1);
CREATE FUNCTION victim_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE NOTICE 'a row of victim was deleted'; RETURN OLD; END $$;
CREATE TRIGGER victim_deleted BEFORE DELETE ON victim FOR EACH ROW EXECUTE FUNCTION victim_deleted();
CREATE FUNCTION lexing_off() RETURNS text LANGUAGE sql AS
$$ SELECT set_config('standard_conforming_strings', 'off', true) $$;
CREATE TABLE payload (name text, query text);
INSERT INTO payload VALUES
  ('the categories', $q$SELECT 'x\' AS c, ' AS c, 1 AS d) AS t) AS a; DELETE FROM victim; SELECT * FROM (SELECT * FROM (SELECT 1 AS c, ' AS d FROM reference_window --'$q$),
  ('the numbers', $q$SELECT 'x\' AS c, ' AS c, 1 AS d, 0.5::float8 AS n) AS t) AS a; DELETE FROM victim; SELECT * FROM (SELECT * FROM (SELECT 1 AS c, ' AS d, x_same AS n FROM reference_window --'$q$);
-- The setting flipped by the reference query's first read, by a function
-- it calls, and by the current query (read before the reference's second,
-- numeric read).
SELECT pg_temp.error_of(format('SELECT * FROM drift_report(%L, %L)',
         $q$SELECT set_config('standard_conforming_strings', 'off', true) AS c, 'y' AS d FROM reference_window$q$,
         (SELECT query FROM payload WHERE name = 'the categories'))) AS flipped_by_the_reference;
SELECT pg_temp.error_of(format('SELECT * FROM drift_report(%L, %L)',
         $q$SELECT lexing_off() AS c, 'y' AS d FROM reference_window$q$,
         (SELECT query FROM payload WHERE name = 'the categories'))) AS flipped_by_a_function;
SELECT pg_temp.error_of(format('SELECT * FROM drift_report(%L, %L)',
         (SELECT query FROM payload WHERE name = 'the numbers'),
         $q$SELECT lexing_off() AS c, 'y' AS d, x_same AS n FROM current_window$q$)) AS flipped_by_the_current;
SELECT count(*) AS victim_rows FROM victim;
SHOW standard_conforming_strings;
DROP TABLE victim, payload;
DROP FUNCTION victim_deleted(), lexing_off();

-- Trailing semicolons and comments as the server's lexer reads them: inside
-- a string literal or a quoted identifier ;-- is text, and a block comment
-- may follow the semicolon.
SELECT column_name, drifted FROM drift_report($$SELECT x_same FROM reference_window WHERE 'a;--' <> ''$$,
                                              $$SELECT x_same FROM current_window WHERE 'a;--' <> ''; -- today$$);
SELECT column_name, drifted FROM drift_report($$SELECT x_same AS "x;--" FROM reference_window; /* week 1 */$$,
                                              $$SELECT x_same AS "x;--" FROM current_window /* today */ ;;$$);
SELECT drift_report_query($$SELECT 'a;' AS "b;--";  -- c$$), drift_report_query('SELECT 1 /* c */');
SELECT pg_temp.error_of($$SELECT drift_report_query('SELECT 1; SELECT 2', 'reference_query')$$);
SELECT pg_temp.error_of($$SELECT drift_report_statement('SELECT 1; DELETE FROM reference_window', 'current_query')$$);
SELECT pg_temp.error_of($$SELECT drift_report_statement('WITH d AS (DELETE FROM reference_window RETURNING 1) DELETE FROM current_window', 'current_query')$$);

-- drift_report_columns on its own.
SELECT * FROM drift_report_columns('SELECT 1 AS a, ''x''::text AS b, NULL::mood AS c');
SELECT drift_report_column_kind(t) FROM unnest(ARRAY['int2', 'numeric', 'short_text', 'mood', 'bool', 'name',
                                                    'timestamptz', 'jsonb', 'float8[]']::regtype[]) t;

DROP TABLE reference_window, current_window, report;
DROP SEQUENCE reads;
DROP FUNCTION count_read(text);
DROP DOMAIN short_text;
DROP TYPE mood;

-- Bad test arguments, and their SQLSTATEs.
SELECT * FROM drift_report('TABLE reference_window', 'TABLE current_window', alpha => 0);
SELECT * FROM drift_report('TABLE reference_window', 'TABLE current_window', alpha => NULL);
SELECT * FROM drift_report('TABLE reference_window', 'TABLE current_window', correction => 'fdr');
SELECT * FROM drift_report('TABLE reference_window', 'TABLE current_window', min_effect => 'NaN');
SELECT pg_temp.error_of(q) FROM (VALUES
  ($$SELECT * FROM drift_report('TABLE reference_window', 'TABLE current_window', alpha => 1)$$),
  ($$SELECT * FROM drift_report('TABLE reference_window', 'TABLE current_window', correction => NULL)$$),
  ($$SELECT * FROM drift_report('TABLE reference_window', 'TABLE current_window', min_effect => -1)$$)) AS c(q);
