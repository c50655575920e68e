#!/usr/bin/env bash
# test/bench/drift_bench.sh: what do the 0.3.0 aggregates and the drift
# report cost, next to reading the rows?
#
# From a fresh Debian machine: installs what is missing, builds and installs
# the extension, starts a throwaway cluster, loads a table of 2 million rows
# (two float8 columns, three text columns of 5 to 20 categories) and times,
# side by side in one run (round-robin, medians; test/bench/timing.sql):
#
#   A  count(value), the cost of reading the rows
#   B  histogram(value, 0, 1, 100)
#   C  quantile_edges(value, 10), serial; D the same with 2 workers
#   E  count(category)
#   F  category_counts(category), serial; G the same with 2 workers
#   H  the GROUP BY + jsonb_object_agg formulation of F
#   I  drift_report of the five columns, the first half of the rows as
#      reference and the second as current
#   J  one scan counting the same five columns over the whole table, which
#      is the data the report must read at least once
#   K  I with 2 workers
#
# It prints timings and ratios, no verdict.
# Environment: KLD_BENCH_ROWS (default 2000000), KLD_BENCH_ROUNDS (default 7).

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

rows=${KLD_BENCH_ROWS:-2000000}
rounds=${KLD_BENCH_ROUNDS:-7}

kld_bench_setup

kld_log "loading $rows rows"
psql -X -q -v ON_ERROR_STOP=1 -v rows="$rows" <<'SQL'
CREATE EXTENSION kl_divergence;
SELECT setseed(0.42) \g /dev/null
CREATE TABLE t AS
SELECT i AS id, random() AS value, exp(random() * 3) AS amount,
       'c' || floor(random() * 10)::int AS category,
       (ARRAY['web', 'ios', 'android', 'tv', 'other'])[1 + floor(random() * 5)::int] AS device,
       'country' || floor(random() * 20)::int AS country
FROM generate_series(1, :rows) i;
VACUUM ANALYZE t;
SQL

kld_bench_header "$rows" "$rounds"

kld_log "timing $rounds rounds"
psql -X -q -v ON_ERROR_STOP=1 -v rounds="$rounds" -v timing="$KLD_ROOT/test/bench/timing.sql" \
	-v half=$((rows / 2)) <<'SQL'
SELECT set_config('bench.rounds', :'rounds', false) \g /dev/null

CREATE TEMP TABLE query (id int PRIMARY KEY, label text, workers int, sql text);
INSERT INTO query VALUES
	(1, 'A count(value)', 0, 'SELECT count(value) FROM t'),
	(2, 'B histogram(value, 0, 1, 100)', 0, 'SELECT histogram(value, 0, 1, 100) FROM t'),
	(3, 'C quantile_edges(value, 10)', 0, 'SELECT quantile_edges(value, 10) FROM t'),
	(4, 'D quantile_edges, 2 workers', 2, 'SELECT quantile_edges(value, 10) FROM t'),
	(5, 'E count(category)', 0, 'SELECT count(category) FROM t'),
	(6, 'F category_counts(category)', 0, 'SELECT category_counts(category) FROM t'),
	(7, 'G category_counts, 2 workers', 2, 'SELECT category_counts(category) FROM t'),
	(8, 'H GROUP BY + jsonb_object_agg', 0,
	 'SELECT jsonb_object_agg(category, n) FROM (SELECT category, count(*) AS n FROM t GROUP BY category) c'),
	(9, 'I drift_report, 5 columns', 0,
	 format($$SELECT count(*) FILTER (WHERE drifted) FROM drift_report(
	     'SELECT value, amount, category, device, country FROM t WHERE id <= %s',
	     'SELECT value, amount, category, device, country FROM t WHERE id > %s')$$, :'half', :'half')),
	(10, 'J count of the 5 columns', 0,
	 'SELECT count(value) + count(amount) + count(category) + count(device) + count(country) FROM t');
INSERT INTO query SELECT 11, 'K drift_report, 2 workers', 2, sql FROM query WHERE id = 9;

\i :timing

-- Correctness first (no timing), and a warm-up: parallel and serial give
-- the same map; the formulation H gives F's; nothing drifted (both halves
-- come from the same distributions).
CREATE FUNCTION result_of(query_id int) RETURNS text LANGUAGE sql
AS $$ SELECT run(query) FROM query WHERE id = query_id $$;
DO $$
BEGIN
	IF result_of(6) IS DISTINCT FROM result_of(7) OR result_of(6) IS DISTINCT FROM result_of(8) THEN
		RAISE EXCEPTION 'category_counts: serial %, parallel %, GROUP BY %',
			result_of(6), result_of(7), result_of(8);
	END IF;
	IF result_of(9) <> '0' OR result_of(11) <> '0' THEN
		RAISE EXCEPTION 'drift_report flags % columns (% with 2 workers) of two halves of one distribution',
			result_of(9), result_of(11);
	END IF;
	PERFORM run(query) FROM query ORDER BY id;
END $$;

CALL time_rounds();

\pset footer off
SELECT * FROM median_table;

WITH m AS (SELECT jsonb_object_agg(id, ms) AS ms FROM median)
SELECT ratio, round(value::numeric, 2) AS value
  FROM m, LATERAL (VALUES
	('B/A  histogram / count', (ms->>'2')::float8 / (ms->>'1')::float8),
	('C/A  quantile_edges / count', (ms->>'3')::float8 / (ms->>'1')::float8),
	('C/B  quantile_edges / histogram', (ms->>'3')::float8 / (ms->>'2')::float8),
	('C/D  quantile_edges serial / 2 workers', (ms->>'3')::float8 / (ms->>'4')::float8),
	('F/E  category_counts / count', (ms->>'6')::float8 / (ms->>'5')::float8),
	('F/G  category_counts serial / 2 workers', (ms->>'6')::float8 / (ms->>'7')::float8),
	('H/F  GROUP BY + jsonb_object_agg / category_counts', (ms->>'8')::float8 / (ms->>'6')::float8),
	('I/J  drift_report / one count scan of its columns', (ms->>'9')::float8 / (ms->>'10')::float8),
	('I/K  drift_report serial / 2 workers', (ms->>'9')::float8 / (ms->>'11')::float8)
  ) AS r(ratio, value);
SQL
