#!/usr/bin/env bash
# test/bench/histogram_bench.sh: how fast is histogram(value, lo, hi, nbins)?
#
# From a fresh Debian machine: installs what is missing, builds and installs
# the extension, starts a throwaway cluster, loads 10 million random float8
# values and times, side by side in one run:
#
#   A  count(value), the cost of just reading the rows
#   B  histogram(value, 0, 1, 100)
#   C  the same array in plain SQL (width_bucket, GROUP BY, array_agg)
#   D  B, and A for reference, with 2 parallel workers
#   E, F, G  histogram, the plain-SQL formulation and count per group
#            (100 groups), the way daily histograms are built
#
# Queries run round-robin for several rounds and each reports its median,
# so noise on the machine hits all of them alike. Times are taken inside the
# server (clock_timestamp() around EXECUTE: planning + execution, with JIT at
# its default), not psql's start-up. It prints timings, no verdict.
#
# Environment: KLD_BENCH_ROWS (default 10000000), KLD_BENCH_ROUNDS (default 7).

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

rows=${KLD_BENCH_ROWS:-10000000}
rounds=${KLD_BENCH_ROUNDS:-7}

kld_bench_setup

kld_log "loading $rows rows"
psql -X -q -v ON_ERROR_STOP=1 -v rows="$rows" <<'SQL'
CREATE EXTENSION kl_divergence;
SELECT setseed(0.42) \g /dev/null
CREATE TABLE t AS SELECT random() AS value, i % 100 AS grp FROM generate_series(1, :rows) i;
VACUUM ANALYZE t;
SQL

kld_bench_header "$rows" "$rounds"

kld_log "timing $rounds rounds"
psql -X -q -v ON_ERROR_STOP=1 -v rounds="$rounds" -v timing="$KLD_ROOT/test/bench/timing.sql" <<'SQL'
SELECT set_config('bench.rounds', :'rounds', false) \g /dev/null

CREATE TEMP TABLE query (id int PRIMARY KEY, label text, workers int, sql text);
INSERT INTO query VALUES
	(1, 'A count serial', 0, 'SELECT count(value) FROM t'),
	(2, 'B histogram serial', 0, 'SELECT histogram(value, 0, 1, 100) FROM t'),
	(3, 'C plain SQL serial', 0,
	 'SELECT array_agg(coalesce(h.c, 0)::float8 ORDER BY b.b)
	    FROM generate_series(0, 101) AS b(b)
	    LEFT JOIN (SELECT width_bucket(value, 0, 1, 100) AS b, count(*) AS c
	                 FROM t GROUP BY 1) AS h ON h.b = b.b'),
	(4, 'D histogram 2 workers', 2, 'SELECT histogram(value, 0, 1, 100) FROM t'),
	(5, 'A count 2 workers', 2, 'SELECT count(value) FROM t'),
	(6, 'E histogram per group', 0,
	 'SELECT array_agg(h ORDER BY grp)::text
	    FROM (SELECT grp, histogram(value, 0, 1, 100) AS h FROM t GROUP BY grp) s'),
	(7, 'F plain SQL per group', 0,
	 'SELECT array_agg(h ORDER BY grp)::text
	    FROM (SELECT g.grp, array_agg(coalesce(c.c, 0)::float8 ORDER BY b.b) AS h
	            FROM (SELECT DISTINCT grp FROM t) AS g
	            CROSS JOIN generate_series(0, 101) AS b(b)
	            LEFT JOIN (SELECT grp, width_bucket(value, 0, 1, 100) AS b, count(*) AS c
	                         FROM t GROUP BY 1, 2) AS c ON c.grp = g.grp AND c.b = b.b
	           GROUP BY g.grp) s'),
	(8, 'G count per group', 0,
	 'SELECT array_agg(n ORDER BY grp)::text FROM (SELECT grp, count(value) AS n FROM t GROUP BY grp) s');

\i :timing

-- Correctness first (no timing): C and the parallel plan give B's array,
-- and the parallel queries really get 2 workers. Doubles as a warm-up.
DO $$
DECLARE
	b text;
	c text;
	d text;
	plan text;
	q query;
BEGIN
	SELECT run(query) INTO b FROM query WHERE id = 2;
	SELECT run(query) INTO c FROM query WHERE id = 3;
	SELECT run(query) INTO d FROM query WHERE id = 4;
	IF b IS DISTINCT FROM c THEN
		RAISE EXCEPTION 'plain SQL gives %, histogram() %', c, b;
	END IF;
	IF b IS DISTINCT FROM d THEN
		RAISE EXCEPTION 'parallel histogram() gives %, serial %', d, b;
	END IF;
	SELECT run(query) INTO b FROM query WHERE id = 6;
	SELECT run(query) INTO c FROM query WHERE id = 7;
	IF b IS DISTINCT FROM c THEN
		RAISE EXCEPTION 'plain SQL per group differs from histogram() per group';
	END IF;
	FOR q IN SELECT * FROM query WHERE workers > 0 LOOP
		PERFORM use_workers(q.workers);
		EXECUTE 'EXPLAIN (FORMAT JSON) ' || q.sql INTO plan;
		IF plan NOT LIKE '%"Workers Planned": 2%' THEN
			RAISE EXCEPTION 'no 2-worker plan for %: %', q.label, plan;
		END IF;
	END LOOP;
	PERFORM run(query) FROM query ORDER BY id;
END $$;

CALL time_rounds();

\pset footer off
SELECT * FROM median_table;

WITH m AS (SELECT jsonb_object_agg(id, ms) AS ms FROM median)
SELECT ratio, round(value::numeric, 2) AS value, target
  FROM m, LATERAL (VALUES
	('B/A    histogram / count, serial', (ms->>'2')::float8 / (ms->>'1')::float8, '<= 1.3'),
	('C/B    plain SQL / histogram', (ms->>'3')::float8 / (ms->>'2')::float8, '>= 3'),
	('B/D    histogram serial / 2 workers', (ms->>'2')::float8 / (ms->>'4')::float8, '> 1'),
	('A/A2   count serial / 2 workers', (ms->>'1')::float8 / (ms->>'5')::float8, '(reference)'),
	('E/G    histogram / count, per group', (ms->>'6')::float8 / (ms->>'8')::float8, '(<= 1.3)'),
	('F/E    plain SQL / histogram, per group', (ms->>'7')::float8 / (ms->>'6')::float8, '(>= 3)'),
	('C/A    plain SQL / count: the bound on C/B', (ms->>'3')::float8 / (ms->>'1')::float8, '(reference)')
  ) AS r(ratio, value, target);
SQL
