#!/usr/bin/env bash
# test/platforms/timescaledb_test.sh: TimescaleDB's histogram() and ours in
# one database, TimescaleDB preloaded as its users run it, ours in its own
# schema. Each answers its own calls; on the same data and bins the counts
# are equal (theirs int[], ours float8[]). They differ on NULL values:
# TimescaleDB 2.19 counts a NULL as 0.0, ours skips it (as count(x) does),
# so the comparisons read the non-NULL rows. Ends with
# "timescaledb: N passed, N failed".
source "$(dirname "$0")/../lib.sh"
set +e

kld_start_cluster timescaledb -c shared_preload_libraries=timescaledb \
	-c timescaledb.telemetry_level=off || { echo "timescaledb: 0 passed, 1 failed"; exit 1; }
psql -q -X -v ON_ERROR_STOP=1 <<'SQL' >/dev/null || { echo "timescaledb: 0 passed, 1 failed"; exit 1; }
SET client_min_messages = warning;
CREATE EXTENSION timescaledb;
CREATE SCHEMA stats;
CREATE EXTENSION kl_divergence SCHEMA stats;
SELECT setseed(0.5);
CREATE TABLE samples AS
SELECT g AS id, g % 7 AS grp,
       CASE WHEN g % 11 = 0 THEN (g % 13)::float8 / 10 ELSE random() * 1.4 - 0.2 END AS x
FROM generate_series(1, 50000) g;
INSERT INTO samples VALUES (-1, 1, 'Infinity'), (-2, 2, '-Infinity');
CREATE TABLE with_nulls AS SELECT * FROM samples UNION ALL SELECT 0, 0, NULL;
SQL

passed=0
failed=0

kld_check_true "TimescaleDB's histogram is in public, returns integer[]" \
	"SELECT pg_typeof(histogram(x, 0, 1, 10))::text = 'integer[]' FROM samples LIMIT 1"
kld_check_true "ours answers through its schema, returns float8[]" \
	"SELECT pg_typeof(stats.histogram(x, 0, 1, 10))::text = 'double precision[]' FROM samples LIMIT 1"
for bins in "0, 1, 10" "-0.2, 1.2, 7" "0.1, 0.7, 3" "0, 1, 1000" "-1e308, 1e308, 100"; do
	kld_check_true "same counts for histogram(x, $bins)" \
		"SELECT public.histogram(x, $bins) = stats.histogram(x, $bins)::int[] FROM samples"
	kld_check_true "same counts per group for histogram(x, $bins)" \
		"SELECT bool_and(theirs = ours::int[]) AND count(*) = 7 FROM (
		   SELECT grp, public.histogram(x, $bins) AS theirs, stats.histogram(x, $bins) AS ours
		   FROM samples GROUP BY grp) g"
done
kld_check_true "same counts under a parallel plan" \
	"SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
	 SELECT public.histogram(x, 0, 1, 20) = stats.histogram(x, 0, 1, 20)::int[] FROM samples"
kld_check_true "the rest of ours resolves next to TimescaleDB" \
	"SELECT stats.kl_div(stats.histogram(x, 0, 1, 10), public.histogram(x, 0, 1, 10)::float8[]) = 0 FROM samples"
kld_check_true "our histogram first on the search path" \
	"SET search_path = stats, public; SELECT pg_typeof(histogram(x, 0, 1, 10))::text = 'double precision[]' FROM samples LIMIT 1"
kld_check_true "ours skips a NULL value, which TimescaleDB counts as 0.0" \
	"SELECT stats.histogram(x, 0, 1, 10) = (SELECT stats.histogram(x, 0, 1, 10) FROM samples)
	        AND public.histogram(x, 0, 1, 10) <> (SELECT public.histogram(x, 0, 1, 10) FROM samples)
	 FROM with_nulls"
psql -X -A -t -c "SELECT 'timescaledb ' || extversion FROM pg_extension WHERE extname = 'timescaledb'"
echo "timescaledb: $passed passed, $failed failed"
