#!/usr/bin/env bash
# test/bench/parallel_bench.sh: what a 2-worker plan costs above a serial
# one, in CPU, for count and the aggregates (issue 13: 2 workers >= 1.7 x
# serial), where wall-clock ratios are not to be trusted: other jobs share
# the CPUs, and a 2-worker plan runs 3 processes (the leader takes part).
#
# Loads 3M rows (a float8 and a text column of 10 categories) and runs each
# query serially and with 2 workers, round robin, timing the wall clock (as
# timing.sql does) and counting the CPU time of the query's processes: the
# backend's own (/proc/self/stat) and that of its exited workers, children
# of the postmaster (its cutime and cstime), in ticks of 10 ms, after a
# pause that lets the postmaster reap them; also their minor page faults.
# Prints per query the mean CPU ms, the wall median and minimum, the faults,
# and per aggregate the parallel plan's CPU over the serial one's and the
# ratio that would follow on 2 otherwise idle CPUs, 2 S / P (S serial CPU,
# P the parallel plan's, spread over both CPUs).
# Environment: KLD_BENCH_ROWS (default 3000000), KLD_BENCH_ROUNDS (default 9).

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

rows=${KLD_BENCH_ROWS:-3000000}
rounds=${KLD_BENCH_ROUNDS:-9}

kld_ensure_packages "${KLD_BUILD_PACKAGES[@]}"
kld_build_and_install
kld_start_cluster parallel -c shared_buffers=1GB -c max_worker_processes=8 \
	-c max_parallel_workers=4 -c autovacuum=off

psql -X -q -v ON_ERROR_STOP=1 -v rows="$rows" <<'SQL'
CREATE EXTENSION kl_divergence;
SELECT setseed(0.42) \g /dev/null
CREATE TABLE t AS SELECT random() AS value, 'c' || floor(random() * 10)::int AS category
  FROM generate_series(1, :rows) i;
VACUUM ANALYZE t;
SQL

kld_bench_header "$rows" "$rounds"

psql -X -q -v ON_ERROR_STOP=1 -v rounds="$rounds" -v timing="$KLD_ROOT/test/bench/timing.sql" <<'SQL'
SELECT set_config('bench.rounds', :'rounds', false) \g /dev/null
CREATE TEMP TABLE query (id int PRIMARY KEY, label text, workers int, sql text);
INSERT INTO query VALUES
	(1, 'count(value) serial', 0, 'SELECT count(value) FROM t'),
	(2, 'count(value) 2 workers', 2, 'SELECT count(value) FROM t'),
	(3, 'histogram serial', 0, 'SELECT histogram(value, 0, 1, 100) FROM t'),
	(4, 'histogram 2 workers', 2, 'SELECT histogram(value, 0, 1, 100) FROM t'),
	(5, 'count(category) serial', 0, 'SELECT count(category) FROM t'),
	(6, 'count(category) 2 workers', 2, 'SELECT count(category) FROM t'),
	(7, 'category_counts serial', 0, 'SELECT category_counts(category) FROM t'),
	(8, 'category_counts 2 workers', 2, 'SELECT category_counts(category) FROM t'),
	(9, 'quantile_edges serial', 0, 'SELECT quantile_edges(value, 10) FROM t'),
	(10, 'quantile_edges 2 workers', 2, 'SELECT quantile_edges(value, 10) FROM t');
\i :timing

-- Field n of a process's /proc stat line (1-based, as proc(5) numbers them).
CREATE FUNCTION stat_field(path text, n int) RETURNS bigint LANGUAGE sql AS $$
	SELECT (regexp_split_to_array(split_part(pg_read_file(path), ') ', 2), ' '))[n - 2]::bigint $$;
CREATE FUNCTION postmaster_stat() RETURNS text LANGUAGE sql AS $$
	SELECT '/proc/' || split_part(pg_read_file('postmaster.pid'), E'\n', 1) || '/stat' $$;
-- CPU ticks and minor faults of this backend and of the postmaster's exited children.
CREATE FUNCTION ticks() RETURNS bigint LANGUAGE sql AS $$
	SELECT stat_field('/proc/self/stat', 14) + stat_field('/proc/self/stat', 15)
	     + stat_field(postmaster_stat(), 16) + stat_field(postmaster_stat(), 17) $$;
CREATE FUNCTION faults() RETURNS bigint LANGUAGE sql AS $$
	SELECT stat_field('/proc/self/stat', 10) + stat_field(postmaster_stat(), 11) $$;
CREATE TEMP TABLE cpu (id int, ticks bigint, faults bigint);

-- Correctness and warm-up: the 2-worker plans are used and agree (but
-- quantile_edges, whose summaries merge in another order beyond 6144
-- distinct values, within the same rank bound).
DO $$
DECLARE q query; plan text;
BEGIN
	FOR q IN SELECT * FROM query WHERE workers > 0 LOOP
		PERFORM use_workers(q.workers);
		EXECUTE 'EXPLAIN (FORMAT JSON) ' || q.sql INTO plan;
		IF plan NOT LIKE '%"Workers Planned": 2%' THEN
			RAISE EXCEPTION 'no 2-worker plan for %', q.label;
		END IF;
		IF q.label NOT LIKE 'quantile%' AND
		   run(q) IS DISTINCT FROM (SELECT run(s) FROM query s WHERE s.id = q.id - 1) THEN
			RAISE EXCEPTION '% differs from its serial plan', q.label;
		END IF;
	END LOOP;
END $$;

DO $$
DECLARE q query; t0 bigint; f0 bigint; ms float8;
BEGIN
	FOR r IN 1 .. current_setting('bench.rounds')::int LOOP
		FOR q IN SELECT * FROM query ORDER BY (id + r) % 10 LOOP
			PERFORM pg_sleep(0.1);
			f0 := faults();
			t0 := ticks();
			ms := time_ms(q);
			PERFORM pg_sleep(0.1);
			INSERT INTO cpu VALUES (q.id, ticks() - t0, faults() - f0);
			INSERT INTO timing VALUES (q.id, r, ms);
		END LOOP;
	END LOOP;
END $$;

\pset footer off
SELECT q.label AS query, round(avg(c.ticks) * 10) AS cpu_ms, m.median_ms AS wall_median_ms,
       m.min_ms AS wall_min_ms, round(avg(c.faults)) AS minor_faults
  FROM cpu c JOIN query q USING (id) JOIN median_table m ON m.query = q.label
 GROUP BY q.id, q.label, m.median_ms, m.min_ms ORDER BY q.id;

WITH c AS (SELECT id, avg(ticks) * 10 AS cpu FROM cpu GROUP BY id),
     w AS (SELECT id, ms, min_ms FROM median)
SELECT v.what, round((cp.cpu - cs.cpu)::numeric) AS parallel_extra_cpu_ms,
       round((cp.cpu / cs.cpu)::numeric, 2) AS parallel_cpu_over_serial,
       round((2 * cs.cpu / cp.cpu)::numeric, 2) AS serial_over_2_workers_on_2_idle_cpus,
       round((ws.ms / wp.ms)::numeric, 2) AS wall_ratio_medians,
       round((ws.min_ms / wp.min_ms)::numeric, 2) AS wall_ratio_minima
  FROM (VALUES ('count(value)', 1), ('histogram', 3), ('count(category)', 5),
               ('category_counts', 7), ('quantile_edges', 9)) v(what, s)
  JOIN c cs ON cs.id = v.s JOIN c cp ON cp.id = v.s + 1
  JOIN w ws ON ws.id = v.s JOIN w wp ON wp.id = v.s + 1
 ORDER BY v.s;
SQL
