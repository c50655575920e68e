#!/usr/bin/env bash
# test/bench/edges_bench.sh: what does histogram(value, edges) cost with many
# edges, by where the edges come from?
#
# From a fresh Debian machine: installs what is missing, builds and installs
# the extension, starts a throwaway cluster, loads random float8 values and
# one row of 10,001 edges (0, 0.0001, ..., 1: the bins of
# histogram(value, 0, 1, 10000)) stored out of line in the TOAST table, and
# times side by side in one run (medians of round-robin rounds):
#
#   A  count(value)
#   B  histogram(value, 0, 1, 10000)
#   C  histogram(value, e.edges) FROM t CROSS JOIN edges e: a TOASTed column
#   D  histogram(value, (SELECT edges FROM edges)): an init-plan subquery
#   E  histogram(value, '{...}'::float8[]): a literal
#   F  C per group (100 groups), G B per group
#
# The target (issue 13) is C/B <= 2: O(log edges) per row, whatever the
# edges' source. Environment: KLD_BENCH_ROWS (default 5000000),
# KLD_BENCH_ROUNDS (default 5).

source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

rows=${KLD_BENCH_ROWS:-5000000}
rounds=${KLD_BENCH_ROUNDS:-5}

if [ -z "${KLD_BENCH_REUSE_CLUSTER:-}" ]; then
	kld_bench_setup
fi

kld_log "loading $rows rows"
psql -X -q -v ON_ERROR_STOP=1 -v rows="$rows" <<'SQL'
DROP EXTENSION IF EXISTS kl_divergence CASCADE;
DROP TABLE IF EXISTS t, edges;
DROP FUNCTION IF EXISTS use_workers(int);
DROP PROCEDURE IF EXISTS time_rounds();
CREATE EXTENSION kl_divergence;
SELECT setseed(0.42) \g /dev/null
CREATE TABLE t AS SELECT random() AS value, i % 100 AS grp FROM generate_series(1, :rows) i;
CREATE TABLE edges (edges float8[]);
ALTER TABLE edges ALTER COLUMN edges SET STORAGE EXTERNAL;
INSERT INTO edges SELECT array_agg(i / 10000.0 ORDER BY i) FROM generate_series(0, 10000) i;
VACUUM ANALYZE t, edges;
SQL

kld_bench_header "$rows" "$rounds"

literal=$(psql -X -A -t -c "SELECT quote_literal(edges) || '::float8[]' FROM edges")

kld_log "timing $rounds rounds"
psql -X -q -v ON_ERROR_STOP=1 -v rounds="$rounds" -v literal="$literal" \
	-v timing="$KLD_ROOT/test/bench/timing.sql" <<'SQL'
SELECT set_config('bench.rounds', :'rounds', false) \g /dev/null
SELECT pg_relation_size(reltoastrelid) > 80000 AS edges_toasted FROM pg_class WHERE relname = 'edges';

CREATE TEMP TABLE query (id int PRIMARY KEY, label text, workers int, sql text);
INSERT INTO query VALUES
	(1, 'A count', 0, 'SELECT count(value) FROM t'),
	(2, 'B histogram(value, 0, 1, 10000)', 0, 'SELECT histogram(value, 0, 1, 10000)::text FROM t'),
	(3, 'C edges from a TOASTed column', 0,
	 'SELECT histogram(value, e.edges)::text FROM t CROSS JOIN edges e'),
	(4, 'D edges from an init plan', 0,
	 'SELECT histogram(value, (SELECT edges FROM edges))::text FROM t'),
	(5, 'E edges as a literal', 0, 'SELECT histogram(value, ' || :'literal' || ')::text FROM t'),
	(6, 'F C per group', 0,
	 'SELECT md5(array_agg(h ORDER BY grp)::text) FROM (SELECT grp, histogram(value, e.edges) AS h FROM t CROSS JOIN edges e GROUP BY grp) s'),
	(7, 'G B per group', 0,
	 'SELECT md5(array_agg(h ORDER BY grp)::text) FROM (SELECT grp, histogram(value, 0, 1, 10000) AS h FROM t GROUP BY grp) s');

\i :timing

DO $$
DECLARE
	c text;
	d text;
	e text;
BEGIN
	SELECT run(query) INTO c FROM query WHERE id = 3;
	SELECT run(query) INTO d FROM query WHERE id = 4;
	SELECT run(query) INTO e FROM query WHERE id = 5;
	IF c IS DISTINCT FROM d OR c IS DISTINCT FROM e THEN
		RAISE EXCEPTION 'the edges forms disagree';
	END IF;
	PERFORM run(query) FROM query ORDER BY id;
END $$;

CALL time_rounds();

\pset footer off
SELECT * FROM median_table;

WITH m AS (SELECT jsonb_object_agg(id, ms) AS ms FROM median)
SELECT ratio, round(value::numeric, 2) AS value, target
  FROM m, LATERAL (VALUES
	('C/B  TOASTed column edges / lo, hi, nbins', (ms->>'3')::float8 / (ms->>'2')::float8, '<= 2'),
	('D/B  init-plan edges / lo, hi, nbins', (ms->>'4')::float8 / (ms->>'2')::float8, '<= 2'),
	('E/B  literal edges / lo, hi, nbins', (ms->>'5')::float8 / (ms->>'2')::float8, '<= 2'),
	('F/G  per group, column edges / lo, hi, nbins', (ms->>'6')::float8 / (ms->>'7')::float8, '<= 2'),
	('B/A  histogram / count', (ms->>'2')::float8 / (ms->>'1')::float8, '(reference)')
  ) AS r(ratio, value, target);
SQL
