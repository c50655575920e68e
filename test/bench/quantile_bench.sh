#!/usr/bin/env bash
# test/bench/quantile_bench.sh: quantile_edges(value, 10) next to tdigest's
# tdigest_percentile(value, 100, the 9 deciles) (Debian's
# postgresql-NN-tdigest) on the same rows, in one run: time (medians of
# round-robin rounds), serial and with 2 parallel workers, and each tool's
# rank error at the 9 deciles, side by side (issue 13: quantile_edges
# faster than tdigest, its worst rank error within its 0.25% bound).
#
# The rank error of a cut e at decile k is |#{rows < e} - floor(k N / 10)| / N,
# counted exactly in one scan over the cuts of both tools.
# Environment: KLD_BENCH_ROWS (default 5000000), KLD_BENCH_ROUNDS (default 5),
# KLD_BENCH_REUSE_CLUSTER (set: use the cluster PG* point at, installed).

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

rows=${KLD_BENCH_ROWS:-5000000}
rounds=${KLD_BENCH_ROUNDS:-5}

if [ -z "${KLD_BENCH_REUSE_CLUSTER:-}" ]; then
	kld_ensure_packages "postgresql-$("$KLD_PG_BIN/pg_config" --version | sed -E 's/[^0-9]*([0-9]+).*/\1/')-tdigest"
	kld_bench_setup
fi

kld_log "loading $rows rows"
psql -X -q -v ON_ERROR_STOP=1 -v rows="$rows" <<'SQL'
SET client_min_messages = warning;
DROP EXTENSION IF EXISTS kl_divergence CASCADE;
DROP EXTENSION IF EXISTS tdigest CASCADE;
DROP TABLE IF EXISTS t;
DROP FUNCTION IF EXISTS use_workers(int);
DROP PROCEDURE IF EXISTS time_rounds();
CREATE EXTENSION kl_divergence;
CREATE EXTENSION tdigest;
SELECT setseed(0.42) \g /dev/null
-- Uniform values, and a lognormal column (a long tail).
CREATE TABLE t AS
  SELECT random() AS value,
         exp(sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())) AS skewed
    FROM generate_series(1, :rows) i;
VACUUM ANALYZE t;
SQL

kld_bench_header "$rows" "$rounds"

psql -X -q -v ON_ERROR_STOP=1 -v rounds="$rounds" -v timing="$KLD_ROOT/test/bench/timing.sql" <<'SQL'
SELECT set_config('bench.rounds', :'rounds', false) \g /dev/null
CREATE TEMP TABLE query (id int PRIMARY KEY, label text, workers int, sql text);
INSERT INTO query VALUES
	(1, 'A count', 0, 'SELECT count(value) FROM t'),
	(2, 'Q quantile_edges(value, 10)', 0, 'SELECT quantile_edges(value, 10)::text FROM t'),
	(3, 'T tdigest_percentile(value, 100, deciles)', 0,
	 'SELECT tdigest_percentile(value, 100, ARRAY[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9])::text FROM t'),
	(4, 'Q2 quantile_edges, 2 workers', 2, 'SELECT quantile_edges(value, 10)::text FROM t'),
	(5, 'T2 tdigest, 2 workers', 2,
	 'SELECT tdigest_percentile(value, 100, ARRAY[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9])::text FROM t'),
	(6, 'Q skewed column', 0, 'SELECT quantile_edges(skewed, 10)::text FROM t'),
	(7, 'T skewed column', 0,
	 'SELECT tdigest_percentile(skewed, 100, ARRAY[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9])::text FROM t');
\i :timing
SELECT run(q) IS NOT NULL AS warm FROM query q ORDER BY id \g /dev/null
CALL time_rounds();
\pset footer off
SELECT * FROM median_table;
WITH m AS (SELECT jsonb_object_agg(id, ms) AS ms FROM median)
SELECT ratio, round(value::numeric, 2) AS value, target
  FROM m, LATERAL (VALUES
	('Q/T   quantile_edges / tdigest', (ms->>'2')::float8 / (ms->>'3')::float8, '< 1'),
	('Q2/T2 the same, 2 workers', (ms->>'4')::float8 / (ms->>'5')::float8, '< 1'),
	('Q/T   skewed column', (ms->>'6')::float8 / (ms->>'7')::float8, '< 1'),
	('Q/Q2  quantile_edges serial / 2 workers', (ms->>'2')::float8 / (ms->>'4')::float8, '>= 1.7'),
	('Q/A   quantile_edges / count', (ms->>'2')::float8 / (ms->>'1')::float8, '(reference)')
  ) AS r(ratio, value, target);

-- Rank errors at the deciles, serial and parallel, both tools, both columns.
CREATE FUNCTION pg_temp.rank_errors(col text, workers int) RETURNS TABLE (tool text, decile int, cut float8, error_pct float8)
LANGUAGE plpgsql AS $$
DECLARE
	q float8[];
	d float8[];
	n bigint;
BEGIN
	PERFORM use_workers(workers);
	EXECUTE format('SELECT quantile_edges(%I, 10), tdigest_percentile(%1$I, 100, ARRAY[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9]), count(%1$I) FROM t', col)
	   INTO q, d, n;
	PERFORM use_workers(0);
	RETURN QUERY EXECUTE format($q$
		WITH cuts AS (
		  SELECT 'quantile_edges' AS tool, k, $1[k + 1] AS cut FROM generate_series(1, 9) k
		  UNION ALL SELECT 'tdigest', k, $2[k] FROM generate_series(1, 9) k),
		sorted AS (SELECT array_agg(cut ORDER BY cut) AS e FROM cuts),
		buckets AS (SELECT width_bucket(%I, (SELECT e FROM sorted)) AS b, count(*) AS c FROM t GROUP BY 1),
		below AS (SELECT cuts.tool, cuts.k, cuts.cut,
		                 (SELECT coalesce(sum(c), 0) FROM buckets WHERE b < j.j) AS rows_below
		            FROM cuts, LATERAL (SELECT min(i) AS j FROM generate_series(1, 18) i WHERE (SELECT e FROM sorted)[i] = cuts.cut) j)
		SELECT tool, k, cut, (100.0 * abs(rows_below - floor(k * $3 / 10.0)) / $3)::float8 FROM below ORDER BY tool, k$q$, col)
	  USING q, d, n;
END $$;
SELECT col, workers, tool, round(max(error_pct)::numeric, 4) AS worst_rank_error_pct,
       round(avg(error_pct)::numeric, 4) AS mean_rank_error_pct
  FROM (VALUES ('value'), ('skewed')) c(col), (VALUES (0), (2)) w(workers),
       LATERAL pg_temp.rank_errors(col, workers)
 GROUP BY 1, 2, 3 ORDER BY 1 DESC, 2, 3;
SQL
