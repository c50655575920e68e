#!/usr/bin/env bash
# test/bench/sql_bench.sh: what does kl_div cost per (p, q) pair, in SQL,
# next to reading the arrays, the plain-SQL formulation and scipy?
#
# From a fresh Debian machine: installs what is missing (PL/Python and scipy
# too), builds and installs the extension, starts a throwaway cluster and
# times, side by side in one run, three cases:
#
# 1. inline: 1,000,000 rows x 100 bins (each array stored in its row),
#    against one reference histogram q:
#      A  sum(array_length(h, 1) + array_length(q, 1)): reading the rows and
#         their arrays, the floor for any function of h
#      B  sum(kl_div(h, q)), kl_divergence.simd = auto
#      C  the same with simd = off (the scalar kernels)
#      D  plain SQL: per row, unnest(h, q), divide by each array's sum,
#         sum p ln(p/q)
#      E  PL/Python calling scipy.stats.entropy(p, q)
#      B2 B with q from a scalar subquery, as the README writes it
#      jsd and tv_distance, simd = auto and off
#    D and E run on the first rows only (KLD_BENCH_SLOW_ROWS): they are slow.
# 2. TOASTed: 20,000 rows x 10,000 bins (80 kB per array, out of line in
#    the TOAST table): A to E and B2.
# 3. storage: TOASTed tables stored EXTENDED (pglz, the default), EXTERNAL
#    (no compression) and EXTENDED with lz4, of random float8 counts (which
#    do not compress) and of small integer counts (which do): size, A and B.
#
# The reference q is a constant in the query text (a float8[] literal), so
# the plan holds it as a Const that is already detoasted, and every call
# reads it in place. (B2 is the other way: a scalar subquery's result keeps
# its TOAST pointer, so a TOASTed q is detoasted again by every call.)
#
# Queries run round-robin for several rounds; each reports its median.
# Timing is inside the server around EXECUTE (planning and execution):
# wall time (clock_timestamp()) and the backend's CPU time
# (CLOCK_PROCESS_CPUTIME_ID, read through PL/Python). Figures per pair and
# ratios use CPU time, which other load on the machine inflates much less
# than wall time. The tables are prewarmed into shared_buffers, so we time
# CPU, not the disk; plans are serial; JIT is off by default (its compile
# time is a per-query constant, not the functions' cost). Before timing it
# checks that simd = auto and off give the same sums and that D and E agree
# with kl_div to 1e-9 on a few rows.
#
# Environment (the defaults took 7.5 minutes on 2 busy vCPUs):
#   KLD_BENCH_ROUNDS (5)              rounds of every query
#   KLD_BENCH_INLINE_ROWS (1000000)   rows of case 1 (100 bins each)
#   KLD_BENCH_TOAST_ROWS (20000)      rows of case 2 (10,000 bins each)
#   KLD_BENCH_STORAGE_ROWS (4000)     rows of each of the 6 tables of case 3
#   KLD_BENCH_SLOW_ROWS (20000,500)   rows for D and E in cases 1 and 2
#   KLD_BENCH_SHARED_BUFFERS (2GB)    must hold the largest case's tables
#   KLD_BENCH_JIT (off)               on: the server's default JIT
#   KLD_BENCH_CASES (inline,toast,storage)

source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

rounds=${KLD_BENCH_ROUNDS:-5}
inline_rows=${KLD_BENCH_INLINE_ROWS:-1000000}
toast_rows=${KLD_BENCH_TOAST_ROWS:-20000}
storage_rows=${KLD_BENCH_STORAGE_ROWS:-4000}
slow_rows=${KLD_BENCH_SLOW_ROWS:-20000,500}
shared_buffers=${KLD_BENCH_SHARED_BUFFERS:-2GB}
jit=${KLD_BENCH_JIT:-off}
cases=${KLD_BENCH_CASES:-inline,toast,storage}
inline_slow=${slow_rows%,*}
toast_slow=${slow_rows#*,}

kld_ensure_packages "${KLD_BUILD_PACKAGES[@]}" "postgresql-plpython3-$KLD_PG_VERSION" python3-scipy
kld_build_and_install
# Scans start at the first block (no synchronized scans of big tables), so
# twins sum their rows in the same order and LIMIT takes the same rows.
kld_start_cluster sqlbench -c shared_buffers="$shared_buffers" \
	-c max_parallel_workers_per_gather=0 -c jit="$jit" -c synchronize_seqscans=off

bench_psql() {
	psql -X -q -v ON_ERROR_STOP=1 -v rounds="$rounds" "$@"
}

# The harness: queries, timings, checks and reports, shared by the cases.
bench_psql <<'SQL'
CREATE EXTENSION kl_divergence;
CREATE EXTENSION plpython3u;
CREATE EXTENSION pg_prewarm;

-- E: scipy, the way an analyst would call it from the database.
CREATE FUNCTION kl_scipy(p float8[], q float8[]) RETURNS float8
LANGUAGE plpython3u IMMUTABLE STRICT AS $$
if 'entropy' not in GD:
    from scipy.stats import entropy
    GD['entropy'] = entropy
return float(GD['entropy'](p, q))
$$;

-- The CPU time this backend has used, in nanoseconds.
CREATE FUNCTION cpu_ns() RETURNS bigint LANGUAGE plpython3u AS $$
import time
return time.process_time_ns()
$$;

-- The reference histogram of each data set.
CREATE TABLE ref (kind text PRIMARY KEY, q float8[]);

-- One timed query. pairs: the (p, q) pairs it computes (rows x bins);
-- twin: queries with the same twin must give the same result, bit for bit.
CREATE TABLE query (id serial PRIMARY KEY, bench text, label text,
	simd text, pairs float8, twin text, sql text);
CREATE TABLE timing (id int, round int, wall_ms float8, cpu_ms float8);

-- D's per-row expression: normalize h and q by their sums, then
-- sum p ln(p/q) over the bins where p > 0.
CREATE TABLE template (name text PRIMARY KEY, sql text);
INSERT INTO template VALUES ('plain_kl',
	'(SELECT sum(u.a / s.sa * ln((u.a / s.sa) / (u.b / s.sb)))
	    FROM (SELECT sum(a) AS sa, sum(b) AS sb FROM unnest(h, {q}) AS x(a, b)) AS s,
	         unnest(h, {q}) AS u(a, b)
	   WHERE u.a > 0)');

-- A query's text: {d} is D's expression, {t} the table, {n} a row count,
-- {k} the data set and {q} its reference histogram as a literal, which
-- the planner turns into an already detoasted Const.
CREATE FUNCTION expand(template text, tbl text, kind text, n bigint) RETURNS text
LANGUAGE sql AS $$
	SELECT replace(replace(replace(replace(replace(template,
		'{d}', (SELECT sql FROM template WHERE name = 'plain_kl')),
		'{t}', tbl), '{n}', n::text), '{k}', kind),
		'{q}', (SELECT quote_literal(q) || '::float8[]' FROM ref WHERE ref.kind = expand.kind))
$$;

CREATE FUNCTION add_query(bench text, label text, simd text, tbl text, kind text,
	nrows bigint, bins int, twin text, template text) RETURNS void
LANGUAGE sql AS $$
	INSERT INTO query (bench, label, simd, pairs, twin, sql)
	VALUES (bench, label, simd, nrows::float8 * bins, twin, expand(template, tbl, kind, nrows))
$$;

CREATE FUNCTION run(q query) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	result text;
BEGIN
	PERFORM set_config('kl_divergence.simd', q.simd, false);
	EXECUTE q.sql INTO result;
	RETURN result;
END $$;

-- Times one query; its result (one number) stays in the server.
CREATE FUNCTION time_query(q query, r int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	result record;
	started timestamptz;
	cpu_started bigint;
	cpu bigint;
BEGIN
	PERFORM set_config('kl_divergence.simd', q.simd, false);
	started := clock_timestamp();
	cpu_started := cpu_ns();
	EXECUTE q.sql INTO result;
	cpu := cpu_ns() - cpu_started;
	INSERT INTO timing VALUES (q.id, r, 1000 * extract(epoch FROM clock_timestamp() - started), cpu / 1e6);
END $$;

-- The table, its TOAST table and the TOAST index into shared_buffers.
CREATE FUNCTION prewarm(tbl regclass) RETURNS bigint LANGUAGE sql AS $$
	SELECT sum(pg_prewarm(r))
	  FROM (SELECT tbl AS r
	        UNION ALL SELECT reltoastrelid::regclass FROM pg_class WHERE oid = tbl AND reltoastrelid <> 0
	        UNION ALL SELECT i.indexrelid::regclass FROM pg_class c JOIN pg_index i ON i.indrelid = c.reltoastrelid
	                   WHERE c.oid = tbl) s
$$;

-- Before timing, every query runs once (the warm-up): twins must agree bit
-- for bit, and simd = off must really run the scalar kernels.
CREATE FUNCTION check_bench(b text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	r record;
	kernels text;
BEGIN
	CREATE TEMP TABLE result ON COMMIT DROP AS
		SELECT id, label, twin, run(query) AS value FROM query WHERE bench = b ORDER BY id;
	FOR r IN SELECT twin, array_agg(value ORDER BY id) AS results, array_agg(label ORDER BY id) AS labels
	           FROM result WHERE twin IS NOT NULL GROUP BY twin LOOP
		IF (SELECT count(DISTINCT x) FROM unnest(r.results) x) <> 1 THEN
			RAISE EXCEPTION 'queries % differ: %', r.labels, r.results;
		END IF;
	END LOOP;
	PERFORM set_config('kl_divergence.simd', 'off', false);
	kernels := current_setting('kl_divergence.simd_kernels');
	IF kernels <> 'scalar' THEN
		RAISE EXCEPTION 'simd = off runs the % kernels', kernels;
	END IF;
	PERFORM set_config('kl_divergence.simd', 'auto', false);
	IF current_setting('kl_divergence.simd_kernels') = 'scalar' THEN
		RAISE WARNING 'this CPU has no SIMD kernels: simd = auto and off both run scalar';
	END IF;
END $$;

-- D and E against kl_div on the first rows of a table without zero bins.
CREATE FUNCTION check_rows(tbl text, kind text, nrows int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	r record;
BEGIN
	FOR r IN EXECUTE expand('SELECT kl_div(h, {q}) AS k, {d} AS d, kl_scipy(h, {q}) AS e
	                           FROM (SELECT h FROM {t} LIMIT {n}) s', tbl, kind, nrows) LOOP
		IF NOT abs(r.d - r.k) <= 1e-9 * abs(r.k) THEN
			RAISE EXCEPTION 'plain SQL gives %, kl_div %', r.d, r.k;
		END IF;
		IF NOT abs(r.e - r.k) <= 1e-9 * abs(r.k) THEN
			RAISE EXCEPTION 'scipy gives %, kl_div %', r.e, r.k;
		END IF;
	END LOOP;
END $$;

-- Round-robin, starting each round one query further on, so no query
-- always runs right after the same neighbour.
CREATE FUNCTION time_bench(b text, rounds int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	ids int[] := ARRAY(SELECT id FROM query WHERE bench = b ORDER BY id);
	n int := cardinality(ids);
	q query;
BEGIN
	FOR r IN 1 .. rounds LOOP
		FOR i IN 0 .. n - 1 LOOP
			SELECT * INTO q FROM query WHERE id = ids[1 + (r + i) % n];
			PERFORM time_query(q, r);
		END LOOP;
	END LOOP;
END $$;

CREATE VIEW median AS
	SELECT q.id, q.bench, q.label, q.pairs,
	       percentile_cont(0.5) WITHIN GROUP (ORDER BY t.wall_ms) AS wall_ms,
	       percentile_cont(0.5) WITHIN GROUP (ORDER BY t.cpu_ms) AS cpu_ms,
	       min(t.cpu_ms) AS min_cpu_ms, max(t.cpu_ms) AS max_cpu_ms
	  FROM query q JOIN timing t USING (id) GROUP BY q.id;

-- CPU nanoseconds per pair of a query (median), by bench and label.
CREATE FUNCTION ns(b text, l text) RETURNS float8 LANGUAGE sql AS $$
	SELECT 1e6 * cpu_ms / pairs FROM median WHERE bench = b AND label = l
$$;

-- The same from wall time.
CREATE FUNCTION wall_ns(b text, l text) RETURNS float8 LANGUAGE sql AS $$
	SELECT 1e6 * wall_ms / pairs FROM median WHERE bench = b AND label = l
$$;

CREATE FUNCTION report(b text) RETURNS TABLE (query text, pairs text, wall_ms numeric,
	cpu_ms numeric, cpu_min numeric, cpu_max numeric, ns_per_pair numeric) LANGUAGE sql AS $$
	SELECT label, to_char(pairs, 'FM9,999,999,999'), round(wall_ms::numeric, 1),
	       round(cpu_ms::numeric, 1), round(min_cpu_ms::numeric, 1), round(max_cpu_ms::numeric, 1),
	       round((1e6 * cpu_ms / pairs)::numeric, 2)
	  FROM median WHERE bench = b ORDER BY id
$$;

-- The ratios of cases 1 and 2, from nanoseconds per pair (CPU, and wall).
CREATE FUNCTION ratios(b text) RETURNS TABLE (ratio text, cpu numeric, wall numeric, target text)
LANGUAGE sql AS $$
	SELECT r.ratio, round((ns(b, r.x) / ns(b, r.y))::numeric, 2),
	       round((wall_ns(b, r.x) / wall_ns(b, r.y))::numeric, 2), r.target
	  FROM (VALUES
		('B/A   kl_div / detoast only', 'B kl_div', 'A detoast only', '<= 1.3'),
		('D/B   plain SQL / kl_div', 'D plain SQL', 'B kl_div', '>= 20'),
		('E/B   scipy in PL/Python / kl_div', 'E scipy (PL/Python)', 'B kl_div', '(comparison)'),
		('C/B   kl_div scalar / SIMD', 'C kl_div simd=off', 'B kl_div', '(SIMD gain)'),
		('jsd   scalar / SIMD', 'jsd simd=off', 'jsd', '(SIMD gain)'),
		('tv    scalar / SIMD', 'tv_distance simd=off', 'tv_distance', '(SIMD gain)'),
		('B2/B  q from a subquery / q a constant', 'B2 kl_div, q a subquery', 'B kl_div', '(reference)')
	  ) AS r(ratio, x, y, target)
	 WHERE ns(b, r.x) IS NOT NULL
$$;

-- The queries of cases 1 and 2; jsd and tv_distance if kernels.
CREATE FUNCTION add_divergence_queries(b text, tbl text, nrows bigint, bins int,
	slow_rows bigint, kernels boolean) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	PERFORM add_query(b, 'A detoast only', 'auto', tbl, tbl, nrows, bins, NULL,
		'SELECT sum(array_length(h, 1) + array_length({q}, 1)) FROM {t}');
	PERFORM add_query(b, 'B kl_div', 'auto', tbl, tbl, nrows, bins, 'kl_div',
		'SELECT sum(kl_div(h, {q})) FROM {t}');
	PERFORM add_query(b, 'C kl_div simd=off', 'off', tbl, tbl, nrows, bins, 'kl_div',
		'SELECT sum(kl_div(h, {q})) FROM {t}');
	PERFORM add_query(b, 'D plain SQL', 'auto', tbl, tbl, slow_rows, bins, NULL,
		'SELECT sum({d}) FROM (SELECT h FROM {t} LIMIT {n}) s');
	PERFORM add_query(b, 'E scipy (PL/Python)', 'auto', tbl, tbl, slow_rows, bins, NULL,
		'SELECT sum(kl_scipy(h, {q})) FROM (SELECT h FROM {t} LIMIT {n}) s');
	PERFORM add_query(b, 'B2 kl_div, q a subquery', 'auto', tbl, tbl, nrows, bins, 'kl_div',
		'SELECT sum(kl_div(h, (SELECT q FROM ref WHERE kind = ''{k}''))) FROM {t}');
	IF kernels THEN
		PERFORM add_query(b, 'jsd', 'auto', tbl, tbl, nrows, bins, 'jsd',
			'SELECT sum(jsd(h, {q})) FROM {t}');
		PERFORM add_query(b, 'jsd simd=off', 'off', tbl, tbl, nrows, bins, 'jsd',
			'SELECT sum(jsd(h, {q})) FROM {t}');
		PERFORM add_query(b, 'tv_distance', 'auto', tbl, tbl, nrows, bins, 'tv',
			'SELECT sum(tv_distance(h, {q})) FROM {t}');
		PERFORM add_query(b, 'tv_distance simd=off', 'off', tbl, tbl, nrows, bins, 'tv',
			'SELECT sum(tv_distance(h, {q})) FROM {t}');
	END IF;
END $$;

-- Case 3's table: per data set and storage, size and A and B per pair.
CREATE FUNCTION storage_row(k text, s text) RETURNS TABLE (
	data text, storage text, compressed text, bytes_per_row numeric, total text,
	a_ns numeric, b_ns numeric, b_over_a numeric, b_over_external_b numeric)
LANGUAGE plpgsql AS $$
DECLARE
	tbl text := format('s_%s_%s', k, s);
	a float8 := ns('storage', format('%s %s A', k, s));
	b float8 := ns('storage', format('%s %s B', k, s));
	ext_b float8 := ns('storage', format('%s external B', k));
BEGIN
	RETURN QUERY EXECUTE format(
		'SELECT %L, %L, string_agg(DISTINCT coalesce(pg_column_compression(h), ''none''), '',''),
		        round(pg_total_relation_size(%L) / count(*)::numeric),
		        pg_size_pretty(pg_total_relation_size(%L)), $1, $2, $3, $4
		   FROM %I',
		k, CASE s WHEN 'pglz' THEN 'EXTENDED pglz (default)' WHEN 'lz4' THEN 'EXTENDED lz4'
		   ELSE 'EXTERNAL' END, tbl, tbl, tbl)
		USING round(a::numeric, 2), round(b::numeric, 2), round((b / a)::numeric, 2),
		      round((b / ext_b)::numeric, 2);
END $$;
SQL

echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo "CPU flags: $(grep -o -w -E 'avx2|fma|avx512f|avx512dq' /proc/cpuinfo | sort -u | tr '\n' ' ')"
echo "load average before the run: $(cut -d ' ' -f 1-3 /proc/loadavg)"
psql -X -q -A -t -c "SELECT version()" \
	-c "DO \$\$ BEGIN PERFORM kl_div(ARRAY[1]::float8[], ARRAY[1]::float8[]); END \$\$" \
	-c "SELECT 'kl_divergence.simd_kernels: ' || current_setting('kl_divergence.simd_kernels')
	        || ', jit: ' || current_setting('jit')
	        || ', shared_buffers: ' || current_setting('shared_buffers')
	        || ', max_parallel_workers_per_gather: ' || current_setting('max_parallel_workers_per_gather')"
echo "rounds: $rounds"

# A table of nrows histograms of bins random float8 counts in [0, 1000),
# or small integer counts 1..16 (kind small), stored EXTERNAL (uncompressed)
# if external is true; and the reference q of the kind.
# "WHERE i > 0" makes the array subquery depend on the row: a new array each.
create_histograms() {
	local tbl=$1 kind=$2 nrows=$3 bins=$4 external=${5:-false}
	bench_psql -v tbl="$tbl" -v kind="$kind" -v nrows="$nrows" -v bins="$bins" \
		-v external="$external" <<'SQL'
SELECT setseed(CASE :'kind' WHEN 'small' THEN 0.17 ELSE 0.42 END) \g /dev/null
CREATE TABLE :tbl (id int, h float8[]);
\if :external
ALTER TABLE :tbl ALTER COLUMN h SET STORAGE EXTERNAL;
\endif
INSERT INTO :tbl
SELECT i, ARRAY(SELECT CASE :'kind' WHEN 'small' THEN 1 + floor(16 * random()) ELSE 1000 * random() END
                  FROM generate_series(1, :bins) WHERE i > 0)
  FROM generate_series(1, :nrows) i;
INSERT INTO ref
SELECT :'kind', ARRAY(SELECT CASE :'kind' WHEN 'small' THEN 1 + floor(16 * random()) ELSE 1000 * random() END
                        FROM generate_series(1, :bins))
    ON CONFLICT (kind) DO NOTHING;
VACUUM ANALYZE :tbl;
SQL
}

# Cases 1 and 2: load, check, time, report, drop.
divergence_case() {
	local bench=$1 nrows=$2 bins=$3 slow=$4 kernels=$5
	echo
	kld_log "$bench: loading $nrows rows x $bins bins"
	create_histograms "$bench" "$bench" "$nrows" "$bins"
	kld_log "$bench: checking, warming up, timing $rounds rounds"
	bench_psql -v bench="$bench" -v nrows="$nrows" -v bins="$bins" -v slow="$slow" \
		-v kernels="$kernels" <<'SQL'
SELECT add_divergence_queries(:'bench', :'bench', :nrows, :bins, :slow, :kernels) \g /dev/null
SELECT prewarm(:'bench') \g /dev/null
SELECT check_rows(:'bench', :'bench', 5) \g /dev/null
SELECT check_bench(:'bench') \g /dev/null
SELECT time_bench(:'bench', :rounds) \g /dev/null
\pset footer off
SELECT format('%s: %s rows x %s bins, table %s, TOAST table %s; D and E on the first %s rows',
	:'bench', :nrows, :bins, pg_size_pretty(pg_total_relation_size(:'bench')),
	pg_size_pretty(pg_relation_size(reltoastrelid)), :slow) AS line
  FROM pg_class WHERE oid = :'bench'::regclass \gset
\echo :line
SELECT * FROM report(:'bench');
SELECT * FROM ratios(:'bench');
SELECT format('B - A = %s ns per pair above the detoast floor; C - A = %s with the scalar kernels',
	round((ns(:'bench', 'B kl_div') - ns(:'bench', 'A detoast only'))::numeric, 2),
	round((ns(:'bench', 'C kl_div simd=off') - ns(:'bench', 'A detoast only'))::numeric, 2)) AS line \gset
\echo :line
DROP TABLE :bench;
SQL
}

# Case 3: the same data under three storage settings, for two kinds of
# data. The source is stored EXTERNAL (out of line, uncompressed); the
# copies read it and compress afresh with their column's method. (A value
# that is already compressed keeps its compression when copied, or
# rewritten by VACUUM FULL, whatever the column now says.)
storage_case() {
	local kind
	echo
	for kind in random small; do
		kld_log "storage: loading $storage_rows rows x 10000 bins of $kind counts"
		create_histograms "s_${kind}_external" "$kind" "$storage_rows" 10000 true
		bench_psql -v kind="$kind" <<'SQL'
\set ext s_ :kind _external
\set pglz s_ :kind _pglz
\set lz4 s_ :kind _lz4
CREATE TABLE :pglz (LIKE :ext);
INSERT INTO :pglz SELECT * FROM :ext;
CREATE TABLE :lz4 (LIKE :ext);
ALTER TABLE :lz4 ALTER COLUMN h SET COMPRESSION lz4;
INSERT INTO :lz4 SELECT * FROM :ext;
VACUUM ANALYZE :pglz, :lz4;
SQL
	done
	kld_log "storage: checking, warming up, timing $rounds rounds"
	bench_psql -v nrows="$storage_rows" <<'SQL'
-- All three storages of a data set hold the same values: B is a twin.
SELECT add_query('storage', format('%s %s %s', kind, storage, query), 'auto',
		format('s_%s_%s', kind, storage), kind, :nrows, 10000,
		CASE query WHEN 'B' THEN kind END, t)
  FROM unnest(ARRAY['random', 'small']) AS kind,
       unnest(ARRAY['pglz', 'external', 'lz4']) AS storage,
       (VALUES ('A', 'SELECT sum(array_length(h, 1) + array_length({q}, 1)) FROM {t}'),
               ('B', 'SELECT sum(kl_div(h, {q})) FROM {t}')) AS x(query, t)
 ORDER BY kind, storage DESC, query \g /dev/null
SELECT prewarm(format('s_%s_%s', kind, storage)::regclass)
  FROM unnest(ARRAY['random', 'small']) AS kind,
       unnest(ARRAY['pglz', 'external', 'lz4']) AS storage \g /dev/null
SELECT check_bench('storage') \g /dev/null
SELECT time_bench('storage', :rounds) \g /dev/null
\pset footer off
\echo storage: :nrows rows x 10000 bins per table; A and B in CPU ns per pair
SELECT s.* FROM unnest(ARRAY['random', 'small']) AS kind,
       unnest(ARRAY['pglz', 'external', 'lz4']) AS storage,
       LATERAL storage_row(kind, storage) s;
SQL
}

IFS=, read -r -a case_list <<<"$cases"
for c in "${case_list[@]}"; do
	case $c in
	inline) divergence_case inline "$inline_rows" 100 "$inline_slow" true ;;
	toast) divergence_case toast "$toast_rows" 10000 "$toast_slow" false ;;
	storage) storage_case ;;
	*) echo "unknown case: $c" >&2; exit 2 ;;
	esac
done
