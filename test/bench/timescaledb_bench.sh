#!/usr/bin/env bash
# test/bench/timescaledb_bench.sh: our histogram(value, lo, hi, nbins) next
# to TimescaleDB's histogram() of the same signature and to count(value),
# in one run on the same rows (issue 13's targets: ours <= 1.0 x
# TimescaleDB's, <= 1.25 x count).
#
# Where TimescaleDB is installed for the PostgreSQL under test (Debian 13's
# postgresql-17-timescaledb, in the PostgreSQL 17 root): starts a
# throwaway cluster with TimescaleDB preloaded, ours in schema stats, loads
# random float8 values and times, round robin (medians):
#   A  count(value)
#   B  stats.histogram(value, 0, 1, 100)          ours
#   T  public.histogram(value, 0, 1, 100)         TimescaleDB's
#   B2, T2, A2  the same with 2 parallel workers
# Environment: KLD_BENCH_ROWS (default 5000000), KLD_BENCH_ROUNDS (default 5).

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

rows=${KLD_BENCH_ROWS:-5000000}
rounds=${KLD_BENCH_ROUNDS:-5}

kld_build_and_install
kld_start_cluster tsbench -c shared_preload_libraries=timescaledb \
	-c timescaledb.telemetry_level=off -c shared_buffers=1GB \
	-c max_worker_processes=8 -c max_parallel_workers=4

psql -X -q -v ON_ERROR_STOP=1 -v rows="$rows" <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION timescaledb;
CREATE SCHEMA stats;
CREATE EXTENSION kl_divergence SCHEMA stats;
SELECT setseed(0.42) \g /dev/null
CREATE TABLE t AS SELECT random() AS value FROM generate_series(1, :rows) i;
VACUUM ANALYZE t;
SQL

kld_bench_header "$rows" "$rounds"
psql -X -A -t -c "SELECT 'timescaledb ' || extversion FROM pg_extension WHERE extname = 'timescaledb'"

psql -X -q -v ON_ERROR_STOP=1 -v rounds="$rounds" -v timing="$KLD_ROOT/test/bench/timing.sql" <<'SQL'
SELECT set_config('bench.rounds', :'rounds', false) \g /dev/null
CREATE TEMP TABLE query (id int PRIMARY KEY, label text, workers int, sql text);
INSERT INTO query VALUES
	(1, 'A count', 0, 'SELECT count(value) FROM t'),
	(2, 'B ours', 0, 'SELECT stats.histogram(value, 0, 1, 100)::text FROM t'),
	(3, 'T TimescaleDB', 0, 'SELECT public.histogram(value, 0, 1, 100)::text FROM t'),
	(4, 'A2 count, 2 workers', 2, 'SELECT count(value) FROM t'),
	(5, 'B2 ours, 2 workers', 2, 'SELECT stats.histogram(value, 0, 1, 100)::text FROM t'),
	(6, 'T2 TimescaleDB, 2 workers', 2, 'SELECT public.histogram(value, 0, 1, 100)::text FROM t');
\i :timing
DO $$
BEGIN
	IF (SELECT run(q) FROM query q WHERE id = 2)::float8[]::int[]::text
	   IS DISTINCT FROM (SELECT run(q) FROM query q WHERE id = 3) THEN
		RAISE EXCEPTION 'the two histograms differ';
	END IF;
	PERFORM run(q) FROM query q ORDER BY id;
END $$;
CALL time_rounds();
\pset footer off
SELECT * FROM median_table;
WITH m AS (SELECT jsonb_object_agg(id, ms) AS ms FROM median)
SELECT ratio, round(value::numeric, 2) AS value, target
  FROM m, LATERAL (VALUES
	('B/T   ours / TimescaleDB', (ms->>'2')::float8 / (ms->>'3')::float8, '<= 1.0'),
	('B/A   ours / count', (ms->>'2')::float8 / (ms->>'1')::float8, '<= 1.25'),
	('T/A   TimescaleDB / count', (ms->>'3')::float8 / (ms->>'1')::float8, '(reference)'),
	('B2/T2 ours / TimescaleDB, 2 workers', (ms->>'5')::float8 / (ms->>'6')::float8, '<= 1.0'),
	('B/B2  ours serial / 2 workers', (ms->>'2')::float8 / (ms->>'5')::float8, '>= 1.7'),
	('A/A2  count serial / 2 workers', (ms->>'1')::float8 / (ms->>'4')::float8, '(reference)')
  ) AS r(ratio, value, target);
SQL
