#!/usr/bin/env bash
# test/lifecycle/lifecycle_test.sh: the extension through a database's life.
#
# One throwaway cluster, five groups of checks:
#  1. pg_dump -Fc / pg_restore of databases whose tables, views and
#     materialized views use the functions and the aggregates (extension in
#     public, and in a schema "stats"), category maps, quantile bins, per-bin
#     terms and drift_report() among them: every relation's rows are
#     compared, as text, with the original's, and drift_report() run again
#     on the restored data gives the stored report.
#  2. trusted = true: a database owner who is not a superuser can create and
#     use the extension; a role without CREATE on the database cannot.
#  3. search_path safety: hostile objects planted first must neither capture
#     the aggregates' support functions nor ever run, through CREATE
#     EXTENSION and through ALTER EXTENSION UPDATE from 0.1.0 and 0.2.0;
#     exact copies of a version's support functions make its script fail
#     (42723) instead of being adopted. All members are C except
#     drift_report (plpgsql, on the caller's search_path by design) and
#     drift_report_column_kind (sql, pinned). drift_report() at run time,
#     with hostile functions, aggregates and operators in public and the
#     extension in "stats": right report, no hostile call, the caller's
#     privileges.
#  4. statement_timeout: 200 ms cancels a call on huge stored arrays, and a
#     timeout that fires inside the computation (after the arguments are
#     read) cancels it within a second; the backend survives. Every function
#     of histograms, of category maps and of per-bin views, histogram_sum,
#     rebin, kl_div_normal and frechet_distance of k = 1,024 normals and
#     category_counts' combine and flattening, on the largest
#     inputs each takes.
#  5. an aggregate's memory does not grow with the number of rows per group
#     (histogram, histogram_sum, category_counts, quantile_edges).
#
# Prints TAP lines, then "lifecycle: N passed, N failed"; exits non-zero on
# failure. Assumes the extension is built and installed (make install).
# Takes about 3 minutes on 2 cores and needs ~2.5 GB of memory (check 4). Knobs:
#   KLD_LIFECYCLE_BIG_LOG2  log2 of the huge arrays' length in check 4 (default
#                           and maximum 26: 67 million elements, 512 MiB per
#                           array; smaller is quicker but may only SKIP)
#   KLD_LIFECYCLE_ROWS      rows of the large run in check 5 (default 5000000;
#                           the small run has a fifth of them; more is slower)

source "$(dirname "$0")/../lib.sh"

# Small WAL: checkpoints recycle it, so removing the cluster at the end is quick.
kld_start_cluster lifecycle -c max_wal_size=64MB -c min_wal_size=32MB
set +e	# from here on a failed check is counted, not fatal

work=$KLD_CLUSTER_DIR/work	# removed with the cluster
mkdir -p "$work"
started=$SECONDS

passed=0
failed=0
skipped=0
n=0
ok() { n=$((n + 1)); passed=$((passed + 1)); echo "ok $n - $1"; }
not_ok() {	# not_ok DESCRIPTION DIAGNOSTIC
	n=$((n + 1)); failed=$((failed + 1))
	echo "not ok $n - $1"
	printf '%s\n' "$2" | head -n 40 | sed 's/^/# /'
}
skip() { n=$((n + 1)); skipped=$((skipped + 1)); echo "ok $n # SKIP $1"; }
check() {	# check DESCRIPTION DIAGNOSTIC CONDITION...: ok if the command succeeds
	local description=$1 diagnostic=$2
	shift 2
	if "$@"; then ok "$description"; else not_ok "$description" "$diagnostic"; fi
}
sections=""
section_start=$SECONDS
section() {	# section [NAME]: ends the current section (for the timings), starts NAME
	[ -n "${section_name:-}" ] && sections+="${sections:+, }$section_name $((SECONDS - section_start)) s"
	section_name=${1:-}
	section_start=$SECONDS
}
finish() {
	echo "1..$n"
	section
	echo "# runtime: $((SECONDS - started)) s ($sections); $skipped skipped"
	echo "lifecycle: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

# q DB ROLE [psql args]: unaligned, tuples only, stop at the first error.
q() {
	local db=$1 role=$2
	shift 2
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" -U "$role" "$@"
}

# sqlstate_of DB ROLE SQL: the SQLSTATE the statement fails with, or 00000.
sqlstate_of() {
	local out code
	out=$(psql -X -q -At -v VERBOSITY=verbose -v ON_ERROR_STOP=1 -d "$1" -U "$2" -c "$3" 2>&1 >/dev/null)
	code=$(grep -oE '^ERROR:  [0-9A-Z]{5}' <<<"$out" | head -n 1 | awk '{print $2}')
	echo "${code:-00000}"
}

postmaster_started=$(q postgres postgres -c 'SELECT pg_postmaster_start_time()')

# ---- 1. pg_dump / pg_restore ----------------------------------------------------
section dump

# A database with the extension in public: raw rows, stored histograms with
# a CHECK constraint, a generated column and an expression index that call the
# functions, views and materialized views over both.
setup_dump_public() {
	q postgres postgres -c 'CREATE DATABASE kld_dump_public' || return
	q kld_dump_public postgres <<-'EOF'
	CREATE EXTENSION kl_divergence;
	SELECT setseed(0.25) \g /dev/null
	-- 14 days; amounts drift with the day, every 11th sits on a bin edge,
	-- some amounts and weights are NULL; the channel mix changes in the
	-- second week (a pos channel appears) and some channels are NULL.
	CREATE TABLE txns (id int PRIMARY KEY, day date NOT NULL, amount float8, w float8, channel text);
	INSERT INTO txns
	SELECT i, date '2026-11-01' + i % 14,
	       CASE WHEN i % 97 = 0 THEN NULL
	            WHEN i % 11 = 0 THEN 25 * (i % 23)
	            ELSE random() * 520 - 10 + 3 * (i % 14) END,
	       CASE WHEN i % 89 = 0 THEN NULL ELSE (i % 4) * 0.5 END,
	       CASE WHEN i % 101 = 0 THEN NULL
	            WHEN i % 14 < 7 THEN (ARRAY['web', 'ios', 'android'])[1 + i % 3]
	            ELSE (ARRAY['web', 'web', 'ios', 'android', 'pos'])[1 + i % 5] END
	FROM generate_series(1, 20000) AS i;

	CREATE TABLE daily_hist (
	    day date PRIMARY KEY,
	    h float8[] NOT NULL CHECK (entropy(h) >= 0),
	    bits float8 GENERATED ALWAYS AS (entropy(h, 2)) STORED);
	CREATE INDEX daily_hist_entropy ON daily_hist (entropy(h));
	INSERT INTO daily_hist (day, h)
	SELECT day, histogram(amount, 0, 500, 20) FROM txns GROUP BY day;

	CREATE VIEW reference AS
	SELECT histogram(amount, 0, 500, 20) AS h,
	       histogram(amount, '{10,25,50,100,250}'::float8[]) AS he
	FROM txns WHERE day < date '2026-11-04';

	-- Per day: the histogram and every divergence against the reference,
	-- with defaults, positional and named arguments.
	CREATE VIEW daily_drift AS
	SELECT day, h,
	       psi(h, r, epsilon => 1e-6) AS psi,
	       kl_div(h, r) AS kl,
	       kl_div(h, r, base => 2, epsilon => 1e-6) AS kl_bits,
	       cross_entropy(h, r, 10) AS cross_entropy,
	       entropy(h) AS entropy,
	       jsd(h, r, 2) AS jsd_bits,
	       js_distance(h, r) AS js,
	       tv_distance(h, r) AS tv,
	       hellinger(h, r) AS hellinger,
	       linf_distance(h, r) AS linf,
	       chi2_div(h, r, 1e-6) AS chi2,
	       wasserstein(h, r) AS emd,
	       ks_distance(h, r) AS ks
	FROM (SELECT day, histogram(amount, 0, 500, 20) AS h,
	             (SELECT h FROM reference) AS r
	      FROM txns GROUP BY day) d;

	CREATE VIEW daily_edges AS
	SELECT day,
	       histogram(amount, '{10,25,50,100,250}'::float8[]) AS h_edges,
	       histogram(amount, w, 0, 500, 10) AS h_weighted,
	       histogram(amount, w, '{10,25,50,100,250}'::float8[]) FILTER (WHERE w > 0) AS h_weighted_edges,
	       psi(histogram(amount, '{10,25,50,100,250}'::float8[]), (SELECT he FROM reference), 1e-6) AS psi_edges
	FROM txns GROUP BY day;

	-- Window aggregates: running and moving roll-ups.
	CREATE VIEW running AS
	SELECT day,
	       histogram_sum(h) OVER (ORDER BY day) AS cumulative,
	       histogram_sum(h) OVER (ORDER BY day ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS last3,
	       kl_div(h, histogram_sum(h) OVER (ORDER BY day ROWS BETWEEN 6 PRECEDING AND 1 PRECEDING),
	              epsilon => 1e-6) AS kl_vs_previous_days
	FROM daily_hist;

	CREATE MATERIALIZED VIEW weekly AS
	SELECT date_trunc('week', day)::date AS week, histogram_sum(h) AS h,
	       entropy(histogram_sum(h)) AS entropy
	FROM daily_hist GROUP BY 1;
	CREATE UNIQUE INDEX weekly_week ON weekly (week);

	CREATE MATERIALIZED VIEW drift_mv AS
	SELECT day, psi, kl_bits, jsd_bits, emd FROM daily_drift;

	CREATE MATERIALIZED VIEW normal_mv AS
	SELECT day, kl_div_normal(avg(amount), stddev(amount),
	                          (SELECT avg(amount) FROM txns), (SELECT stddev(amount) FROM txns)) AS kl
	FROM txns GROUP BY day;

	-- 0.3.0: category maps and their divergences (jsonb), equal-frequency
	-- bins of the reference, rebinning, per-bin terms and the drift report.
	CREATE VIEW daily_channels AS
	SELECT day, category_counts(channel) AS counts,
	       category_counts(channel, w) AS weighted,
	       kl_div(category_counts(channel), (SELECT category_counts(channel) FROM txns
	                                         WHERE day < date '2026-11-04'), epsilon => 1e-6) AS kl,
	       psi(category_counts(channel), (SELECT category_counts(channel) FROM txns
	                                      WHERE day < date '2026-11-04'), 1e-6) AS psi,
	       jsd(category_counts(channel), '{"web": 2, "ios": 1, "android": 1}'::jsonb, 2) AS jsd_bits
	FROM txns GROUP BY day;

	CREATE VIEW reference_edges AS
	SELECT quantile_edges(amount, 8) AS edges FROM txns WHERE day < date '2026-11-04';

	CREATE VIEW daily_quantile_bins AS
	SELECT d.day, d.h,
	       rebin(d.h, e.edges, '{0,100,200,300,400,500}') AS h_coarse,
	       kl_div_terms(d.h, r.h, 2, 1e-6) AS kl_terms,
	       psi_terms(d.h, r.h, 1e-6) AS psi_terms,
	       sparkline(d.h) AS spark
	FROM (SELECT day, histogram(amount, (SELECT edges FROM reference_edges)) AS h
	      FROM txns GROUP BY day) d,
	     reference_edges e,
	     (SELECT histogram(amount, (SELECT edges FROM reference_edges)) AS h
	      FROM txns WHERE day < date '2026-11-04') r;

	CREATE VIEW last_day_bins AS
	SELECT c.* FROM (SELECT h FROM daily_quantile_bins ORDER BY day DESC LIMIT 1) d,
	     (SELECT h FROM daily_quantile_bins ORDER BY day LIMIT 1) r,
	     compare_histograms(d.h, r.h, 1e-6) c;

	CREATE MATERIALIZED VIEW channels_mv AS
	SELECT day, counts, weighted, kl, psi FROM daily_channels;
	CREATE UNIQUE INDEX channels_mv_day ON channels_mv (day);

	CREATE MATERIALIZED VIEW quantile_bins_mv AS
	SELECT day, h, h_coarse, kl_terms, (SELECT edges FROM reference_edges) AS edges
	FROM daily_quantile_bins;
	CREATE UNIQUE INDEX quantile_bins_mv_day ON quantile_bins_mv (day);

	-- A stored report: the first three days against the last three.
	CREATE TABLE drift_snapshot AS
	SELECT * FROM drift_report(
	    'SELECT amount, channel FROM txns WHERE day < date ''2026-11-04''',
	    'SELECT amount, channel FROM txns WHERE day >= date ''2026-11-12''');
	EOF
}

# The extension in a schema of its own: qualified calls, unqualified calls
# resolved through search_path when the view was made, and a SQL-standard
# function body, in views and a materialized view of roll-ups.
setup_dump_stats() {
	q postgres postgres -c 'CREATE DATABASE kld_dump_stats' || return
	q kld_dump_stats postgres <<-'EOF'
	CREATE SCHEMA stats;
	CREATE EXTENSION kl_divergence SCHEMA stats;
	SELECT setseed(0.5) \g /dev/null
	CREATE TABLE readings (day date NOT NULL, sensor int NOT NULL, v float8);
	INSERT INTO readings
	SELECT date '2026-10-26' + i % 21, i % 4, random() ^ (1 + (i % 4) * 0.2 + (i % 21) * 0.01)
	FROM generate_series(1, 30000) AS i;

	CREATE VIEW sensor_hist AS
	SELECT sensor, day, stats.histogram(v, 0, 1, 10) AS h,
	       stats.histogram(v, '{0.1,0.2,0.5,0.9}'::float8[]) AS he
	FROM readings GROUP BY sensor, day;

	SET search_path = public, stats;
	CREATE VIEW sensor_drift AS
	SELECT s.sensor, s.day, psi(s.h, r.h, epsilon => 1e-6) AS psi, jsd(s.h, r.h) AS jsd,
	       kl_div(s.he, r.he, 2) AS kl_edges_bits
	FROM sensor_hist s
	JOIN (SELECT sensor, histogram_sum(h) AS h, histogram_sum(he) AS he
	      FROM sensor_hist GROUP BY sensor) r USING (sensor);
	RESET search_path;

	CREATE FUNCTION drift_bits(h float8[], r float8[]) RETURNS float8
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	BEGIN ATOMIC SELECT stats.kl_div(h, r, 2, 1e-6); END;

	CREATE MATERIALIZED VIEW sensor_weekly AS
	SELECT sensor, date_trunc('week', day)::date AS week, stats.histogram_sum(h) AS h,
	       drift_bits(stats.histogram_sum(h), (SELECT stats.histogram_sum(h) FROM sensor_hist)) AS bits
	FROM sensor_hist GROUP BY 1, 2;
	CREATE UNIQUE INDEX sensor_weekly_key ON sensor_weekly (sensor, week);

	-- 0.3.0: sensor mix as a category map (resolved through search_path
	-- when the view was made), and drift_report(), which finds its own
	-- schema when it runs: in a view whose query text names the table as
	-- the caller's search_path finds it, and in a matview whose query text
	-- is qualified, refreshed by pg_restore under an empty search_path.
	SET search_path = public, stats;
	CREATE VIEW sensor_mix AS
	SELECT day, category_counts(sensor) AS mix,
	       tv_distance(category_counts(sensor), (SELECT category_counts(sensor) FROM readings)) AS tv
	FROM readings GROUP BY day;
	RESET search_path;

	CREATE VIEW sensor_report AS
	SELECT column_name, kind, edges, categories, reference_histogram, current_histogram, psi, drifted
	FROM stats.drift_report('SELECT v, sensor::text AS sensor FROM readings WHERE day < date ''2026-11-02''',
	                        'SELECT v, sensor::text AS sensor FROM readings WHERE day >= date ''2026-11-09''',
	                        nbins => 5);

	CREATE MATERIALIZED VIEW sensor_report_mv AS
	SELECT column_name, kind, edges, reference_histogram, current_histogram, psi, js_distance, drifted
	FROM stats.drift_report('SELECT v, sensor FROM public.readings WHERE day < date ''2026-11-02''',
	                        'SELECT v, sensor FROM public.readings WHERE day >= date ''2026-11-09''',
	                        method => 'js_distance', threshold => 0.05);
	CREATE UNIQUE INDEX sensor_report_mv_key ON sensor_report_mv (column_name);
	EOF
}

# relations DB: the user's tables, views and materialized views.
relations() {
	q "$1" postgres -c "SELECT format('%I.%I', n.nspname, c.relname)
	    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	    WHERE c.relkind IN ('r', 'v', 'm')
	      AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
	    ORDER BY 1"
}

# rows DB RELATION: every row as text (float8 prints its shortest exact form).
rows() { q "$1" postgres -c "SELECT r::text FROM $2 r ORDER BY 1"; }

# compare_relations ORIGINAL RESTORED WHEN: one check per relation.
compare_relations() {
	local rel a b
	for rel in $(relations "$1"); do
		a=$(rows "$1" "$rel" 2>&1)
		b=$(rows "$2" "$rel" 2>&1)
		if [ -n "$a" ] && [ "$a" = "$b" ]; then
			ok "$1: $rel $3 equals the original ($(wc -l <<<"$a") rows)"
		else
			not_ok "$1: $rel $3 equals the original" "$(diff <(printf '%s\n' "$a") <(printf '%s\n' "$b"))"
		fi
	done
}

dump_and_restore() {	# dump_and_restore DB SCHEMA_OF_EXTENSION
	local db=$1 schema=$2 restored=${1}_restored out listing
	local status expected
	pg_dump -Fc -U postgres -d "$db" -f "$work/$db.dump" 2>"$work/$db.dump.err" &&
		q postgres postgres -c "CREATE DATABASE $restored" &&
		pg_restore --exit-on-error --single-transaction -U postgres -d "$restored" \
			"$work/$db.dump" 2>"$work/$db.restore.err"
	status=$?
	out=$(cat "$work/$db.dump.err" "$work/$db.restore.err" 2>&1)
	if [ $status -eq 0 ] && [ -z "$out" ] && [ -n "$(relations "$restored")" ]; then
		ok "$db: pg_dump -Fc and pg_restore into a fresh database, without errors or warnings"
	else
		not_ok "$db: pg_dump -Fc and pg_restore into a fresh database, without errors or warnings" "$out"
		return 1
	fi

	# The dump holds CREATE EXTENSION, not the extension's objects.
	listing=$(pg_restore -l "$work/$db.dump")
	if grep -qE " EXTENSION - kl_divergence( |$)" <<<"$listing" &&
		! grep -qE 'FUNCTION .*(histogram_transition|kl_div|quantile_edges|category_counts|drift_report)|AGGREGATE .*(histogram|category_counts|quantile_edges)' <<<"$listing"; then
		ok "$db: the dump creates the extension and does not copy its members"
	else
		not_ok "$db: the dump creates the extension and does not copy its members" "$listing"
	fi
	out=$(q "$restored" postgres -c "SELECT e.extversion, n.nspname,
	        (SELECT count(*) FROM pg_depend d WHERE d.refobjid = e.oid AND d.deptype = 'e')
	    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'kl_divergence'")
	expected=$(q "$db" postgres -c "SELECT e.extversion, n.nspname,
	        (SELECT count(*) FROM pg_depend d WHERE d.refobjid = e.oid AND d.deptype = 'e')
	    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'kl_divergence'")
	if [ -n "$out" ] && [ "$out" = "$expected" ] && [ "$(cut -d'|' -f2 <<<"$out")" = "$schema" ]; then
		ok "$db: restored extension has the original's version, schema $schema and member count ($out)"
	else
		not_ok "$db: restored extension has the original's version, schema $schema and member count" \
			"restored: $out, original: $expected"
	fi

	compare_relations "$db" "$restored" "as restored"
	out=$(q "$restored" postgres -c "SELECT format('REFRESH MATERIALIZED VIEW %I.%I;', schemaname, matviewname)
	    FROM pg_matviews WHERE schemaname NOT IN ('pg_catalog', 'information_schema')" |
		q "$restored" postgres 2>&1)
	check "$db: REFRESH MATERIALIZED VIEW of every restored matview" "$out" [ -z "$out" ]
	# Every matview here has a unique index: CONCURRENTLY diffs old and new
	# rows by row equality, which would see any non-identical float8[].
	out=$(q "$restored" postgres -c "SELECT format('REFRESH MATERIALIZED VIEW CONCURRENTLY %I.%I;', schemaname, matviewname)
	    FROM pg_matviews m WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
	      AND EXISTS (SELECT FROM pg_indexes i WHERE i.schemaname = m.schemaname AND i.tablename = m.matviewname)" |
		q "$restored" postgres 2>&1)
	check "$db: REFRESH MATERIALIZED VIEW CONCURRENTLY where a unique index allows it" "$out" [ -z "$out" ]
	compare_relations "$db" "$restored" "after REFRESH"
}

if setup_dump_public && setup_dump_stats; then
	# The views are not trivial: the drift is positive and finite, and the
	# last running sum is the histogram of every row (independent roll-up).
	out=$(q kld_dump_public postgres -c "SELECT count(*) = 14 AND bool_and(psi > 0 AND psi < 'Infinity'
	          AND tv > 0 AND jsd_bits <= 1 AND kl_bits < 'Infinity') FROM daily_drift" 2>&1)
	check "kld_dump_public: daily_drift has 14 days of positive, finite drift" "$out" [ "$out" = t ]
	out=$(q kld_dump_public postgres -c "SELECT (SELECT cumulative FROM running ORDER BY day DESC LIMIT 1)::text
	          = (SELECT histogram(amount, 0, 500, 20) FROM txns)::text" 2>&1)
	check "kld_dump_public: the window roll-up of the last day equals histogram() of all rows" "$out" [ "$out" = t ]
	out=$(q kld_dump_stats postgres -c "SELECT count(*) > 0 AND bool_and(bits > 0 AND bits < 'Infinity')
	          FROM sensor_weekly" 2>&1)
	check "kld_dump_stats: sensor_weekly has positive, finite drift" "$out" [ "$out" = t ]
	# The 0.3.0 objects, against results computed without them: a day's
	# category map is its GROUP BY count; the channel mix is the same in the
	# first week and changes in the second; every day's histogram on the
	# reference's quantile edges, and its rebinned copy, hold that day's
	# non-NULL amounts; the report flags the channel.
	out=$(q kld_dump_public postgres 2>&1 <<-'EOF'
	SELECT (SELECT counts FROM daily_channels WHERE day = date '2026-11-05')
	     = (SELECT jsonb_object_agg(channel, n) FROM (SELECT channel, count(*) AS n FROM txns
	        WHERE day = date '2026-11-05' AND channel IS NOT NULL GROUP BY channel) s);
	SELECT count(*) = 14 AND bool_and(kl < 0.001) FILTER (WHERE day < date '2026-11-08')
	       AND bool_and(kl > 0.1 AND kl < 'Infinity' AND psi > 0.1) FILTER (WHERE day >= date '2026-11-08')
	FROM daily_channels;
	SELECT count(*) = 14 AND bool_and(
	           (SELECT sum(x) FROM unnest(b.h) x) = (SELECT count(amount) FROM txns t WHERE t.day = b.day)
	       AND abs((SELECT sum(x) FROM unnest(b.h_coarse) x) - (SELECT count(amount) FROM txns t WHERE t.day = b.day)) < 1e-6
	       AND cardinality(b.h) = 10 AND cardinality(b.kl_terms) = 10 AND cardinality(b.h_coarse) = 7)
	FROM daily_quantile_bins b;
	SELECT count(*) = 10 FROM last_day_bins;
	SELECT string_agg(column_name || ':' || kind || ':' || coalesce(drifted::text, 'NULL'), ' ' ORDER BY column_name)
	FROM drift_snapshot;
	EOF
	)
	check "kld_dump_public: category maps, quantile bins, rebin, per-bin terms and the stored drift report are right" \
		"$out" [ "$out" = $'t\nt\nt\nt\namount:numeric:false channel:categorical:true' ]
	out=$(q kld_dump_stats postgres -c "SELECT (SELECT count(*) FROM sensor_mix) = 21
	          AND (SELECT string_agg(column_name || ':' || kind, ' ' ORDER BY column_name) FROM sensor_report)
	              = 'sensor:categorical v:numeric'
	          AND (SELECT string_agg(column_name || ':' || kind, ' ' ORDER BY column_name) FROM sensor_report_mv)
	              = 'sensor:numeric v:numeric'" 2>&1)
	check "kld_dump_stats: sensor_mix and the drift_report view and matview have their rows" "$out" [ "$out" = t ]

	dump_and_restore kld_dump_public public
	dump_and_restore kld_dump_stats stats

	# The restored data gives the stored report again (rows compared as text).
	out=$(q kld_dump_public_restored postgres -c "SELECT (SELECT string_agg(r::text, E'\n' ORDER BY r::text) FROM drift_report(
	          'SELECT amount, channel FROM txns WHERE day < date ''2026-11-04''',
	          'SELECT amount, channel FROM txns WHERE day >= date ''2026-11-12''') r)
	        = (SELECT string_agg(s::text, E'\n' ORDER BY s::text) FROM drift_snapshot s)" 2>&1)
	check "kld_dump_public_restored: drift_report() on the restored rows equals the stored drift_snapshot" \
		"$out" [ "$out" = t ]
else
	not_ok "set-up of the databases to dump" "see the errors above"
fi

# ---- 2. trusted extension ---------------------------------------------------------
section trusted

q postgres postgres <<-'EOF'
CREATE ROLE app LOGIN;
CREATE ROLE bob LOGIN;
CREATE ROLE carol LOGIN;
CREATE ROLE mallory LOGIN;
CREATE DATABASE appdb OWNER app;
CREATE DATABASE otherdb OWNER app;
GRANT CREATE ON DATABASE otherdb TO carol;
EOF

# Results that do not come from the extension's own output: KL of these two
# is ln(3)/3; -1 .. 10 in 5 bins of [0, 10) are 1 below, 2 per bin, 1 above;
# edges {0,5} split them 1 | 5 | 6; a, b, a, NULL count a twice and b once;
# 1 .. 100 in 4 equal-frequency bins are cut at the values of (0-based) rank
# 25, 50 and 75 (26, 51, 76), after the minimum 1; a column whose current
# values all lie above the reference's has drifted, a constant one has not.
usage_sql() {	# usage_sql SCHEMA: t if the functions and aggregates give known results
	echo "SELECT abs($1.kl_div(ARRAY[10,20,30]::float8[], ARRAY[30,20,10]::float8[]) - ln(3) / 3) < 1e-15
	   AND (SELECT $1.histogram(g::float8, 0::float8, 10::float8, 5)::text
	        FROM generate_series(-1, 10) g) = '{1,2,2,2,2,2,1}'
	   AND (SELECT $1.histogram(g::float8, 2::float8, ARRAY[0,5]::float8[])::text
	        FROM generate_series(-1, 10) g) = '{2,10,12}'
	   AND (SELECT $1.histogram_sum(h)::text
	        FROM (VALUES (ARRAY[1,2]::float8[]), (ARRAY[3,4]::float8[])) t(h)) = '{4,6}'
	   AND (SELECT $1.category_counts(c) FROM unnest(ARRAY['a', 'b', 'a', NULL]) c) = '{\"a\": 2, \"b\": 1}'::jsonb
	   AND (SELECT ($1.quantile_edges(g::float8, 4))[1:4]::text FROM generate_series(1, 100) g) = '{1,26,51,76}'
	   AND (SELECT string_agg(column_name || ':' || drifted::text, ' ' ORDER BY column_name)
	        FROM $1.drift_report('SELECT g AS n, ''x''::text AS s FROM generate_series(1, 100) g',
	                             'SELECT g + 100 AS n, ''x''::text AS s FROM generate_series(1, 50) g')) = 'n:true s:false'"
}

out=$(q postgres postgres -c "SELECT rolsuper OR rolcreatedb OR rolcreaterole FROM pg_roles WHERE rolname = 'app'")
check "app is an ordinary role (no superuser, createdb or createrole)" "$out" [ "$out" = f ]
out=$(q appdb app -c 'CREATE EXTENSION kl_divergence' 2>&1)
check "trusted: app, owner of appdb, can CREATE EXTENSION kl_divergence" "$out" [ $? -eq 0 ]
out=$(q appdb app -c "SELECT pg_get_userbyid(extowner) FROM pg_extension WHERE extname = 'kl_divergence'" 2>&1)
check "trusted: the extension is owned by app" "$out" [ "$out" = app ]
# The members belong to the bootstrap superuser, so app cannot redefine them.
out=$(q appdb app -c "SELECT count(*), count(*) FILTER (WHERE pg_get_userbyid(p.proowner) <> 'postgres')
    FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
    WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'kl_divergence')" 2>&1)
check "trusted: the 94 member functions and aggregates are owned by the bootstrap superuser" "$out" [ "$out" = "94|0" ]
out=$(q appdb app -c "$(usage_sql public)" 2>&1)
check "trusted: app can use the functions and aggregates" "$out" [ "$out" = t ]
out=$(q appdb app 2>&1 <<-'EOF'
	CREATE TABLE obs (day int, v float8);
	INSERT INTO obs SELECT i % 3, i / 100.0 FROM generate_series(0, 999) i;
	CREATE VIEW obs_drift AS
	SELECT day, psi(histogram(v, 0, 10, 10), (SELECT histogram(v, 0, 10, 10) FROM obs), 1e-6) AS psi FROM obs GROUP BY day;
	CREATE MATERIALIZED VIEW obs_weekly AS SELECT histogram_sum(h) AS h
	FROM (SELECT histogram(v, 0, 10, 10) AS h FROM obs GROUP BY day) d;
	SELECT count(*) = 3 AND bool_and(psi >= 0 AND psi < 'Infinity') FROM obs_drift;
	SELECT h::text = '{0,100,100,100,100,100,100,100,100,100,100,0}' FROM obs_weekly;
	EOF
)
check "trusted: app can build views and materialized views on them" "$out" [ "$out" = $'t\nt' ]
state=$(sqlstate_of appdb app 'ALTER FUNCTION kl_div(float8[], float8[], float8, float8) SECURITY DEFINER')
check "trusted: app cannot alter a member function (42501)" "got $state" [ "$state" = 42501 ]
state=$(sqlstate_of appdb app "CREATE OR REPLACE FUNCTION kl_div(float8[], float8[], float8 DEFAULT NULL, float8 DEFAULT 0)
    RETURNS float8 LANGUAGE sql AS 'SELECT 0::float8'")
check "trusted: app cannot replace a member function (42501)" "got $state" [ "$state" = 42501 ]

out=$(q postgres postgres -c "SELECT has_database_privilege('bob', 'otherdb', 'CREATE')")
check "bob has no CREATE privilege on otherdb and does not own it" "$out" [ "$out" = f ]
state=$(sqlstate_of otherdb bob 'CREATE EXTENSION kl_divergence')
check "trusted: bob, neither owner nor holder of CREATE, cannot CREATE EXTENSION (42501)" "got $state" \
	[ "$state" = 42501 ]
out=$(q otherdb postgres -c "SELECT count(*) FROM pg_extension WHERE extname = 'kl_divergence'")
check "trusted: otherdb has no kl_divergence after bob's attempts" "$out" [ "$out" = 0 ]
out=$(q appdb bob -c "$(usage_sql public)" 2>&1)
check "trusted: bob can use the extension app installed in appdb" "$out" [ "$out" = t ]
state=$(sqlstate_of appdb bob 'DROP EXTENSION kl_divergence')
check "trusted: bob cannot drop app's extension (42501)" "got $state" [ "$state" = 42501 ]
out=$(q otherdb carol -c 'CREATE SCHEMA carol_stats' -c 'CREATE EXTENSION kl_divergence SCHEMA carol_stats' \
	-c "$(usage_sql carol_stats)" 2>&1)
check "trusted: carol, granted CREATE on otherdb, can create and use it in her schema" "$out" [ "$out" = t ]
out=$(q appdb app -c 'SET client_min_messages = warning' -c 'DROP EXTENSION kl_divergence CASCADE' -c 'CREATE SCHEMA app_stats' \
	-c 'CREATE EXTENSION kl_divergence SCHEMA app_stats' -c "$(usage_sql app_stats)" 2>&1)
check "trusted: app can drop it and create it again in a schema of its own" "$out" [ "$out" = t ]

# ---- 3. search_path safety of the install scripts -----------------------------------
section search_path

scripts=("$KLD_ROOT"/sql/kl_divergence--*.sql)
# Nothing in the scripts may reuse an object that someone else created first
# (the CVE-2022-2625 pattern), and nothing may be SECURITY DEFINER. The one
# exception: an upgrade script may CREATE OR REPLACE a function an earlier
# version's script created, that is its own member (PostgreSQL refuses to
# replace one that is not, since that CVE's fix), as a function that views
# depend on cannot be dropped and created again.
out=$(sed 's/--.*//' "${scripts[@]}" | grep -inE 'OR REPLACE|IF NOT EXISTS|SECURITY DEFINER' |
	grep -vE '^[0-9]+:CREATE OR REPLACE FUNCTION drift_report\($')
replaced=$(grep -hE '^CREATE OR REPLACE FUNCTION' "${scripts[@]}" | sed -E 's/^CREATE OR REPLACE FUNCTION ([a-z_]+)\(.*/\1/' |
	while read -r f; do grep -lE "^CREATE FUNCTION $f\(" "${scripts[@]}" >/dev/null || echo "$f"; done)
check "install scripts: no CREATE OR REPLACE (but of an earlier script's drift_report), IF NOT EXISTS or SECURITY DEFINER" \
	"$out$replaced" [ -z "$out$replaced" ]

# hostile_loose_sql SCHEMA: for mallory to run: functions, operators,
# aggregates and types with the names the scripts use (and some array
# helpers), none with the exact signature of an extension object. Every
# function records its calls (and the role it ran as) in public.hostile_calls.
hostile_fn() {	# hostile_fn SCHEMA NAME(ARGS) RETURNS
	echo "CREATE FUNCTION $1.$2 RETURNS $3 LANGUAGE plpgsql AS
	      \$\$BEGIN PERFORM public.hostile_log('$1.$2'); RETURN NULL; END\$\$;"
}
hostile_log_sql="
	CREATE TABLE IF NOT EXISTS public.hostile_calls (fn text, caller name);
	GRANT SELECT, INSERT ON public.hostile_calls TO PUBLIC;
	CREATE OR REPLACE FUNCTION public.hostile_log(fn text) RETURNS void LANGUAGE sql
	AS 'INSERT INTO public.hostile_calls VALUES (fn, current_user)';"
hostile_loose_sql() {
	local s=$1
	echo "$hostile_log_sql"
	hostile_fn "$s" 'histogram_transition(float8[], float8, float8, float8, bigint)' 'float8[]'
	hostile_fn "$s" 'histogram_transition(float8[], float8, numeric, numeric, integer)' 'float8[]'
	hostile_fn "$s" 'histogram_transition(float8[], numeric, numeric, numeric, integer)' 'float8[]'
	hostile_fn "$s" 'histogram_transition(anyarray, float8, float8, float8, anyelement)' 'anyarray'
	hostile_fn "$s" 'histogram_transition(float8[], float8, numeric[])' 'float8[]'
	hostile_fn "$s" 'histogram_transition(float8[], float8, float8, numeric[])' 'float8[]'
	hostile_fn "$s" 'histogram_transition(anycompatiblearray, anycompatible, anycompatiblearray)' 'anycompatiblearray'
	hostile_fn "$s" 'histogram_combine(anyarray, anyarray)' 'anyarray'
	hostile_fn "$s" 'histogram_combine(float8[], numeric[])' 'float8[]'
	hostile_fn "$s" 'histogram_final(anyarray)' 'anyarray'
	hostile_fn "$s" 'histogram_final(anycompatiblearray)' 'anycompatiblearray'
	hostile_fn "$s" 'histogram_final(numeric[])' 'float8[]'
	hostile_fn "$s" 'histogram_sum_transition(anyarray, anyarray)' 'anyarray'
	hostile_fn "$s" 'histogram_sum_transition(float8[], numeric[])' 'float8[]'
	hostile_fn "$s" 'kl_div(float8[], float8[], numeric, numeric)' 'float8'
	hostile_fn "$s" 'entropy(anyarray)' 'float8'
	hostile_fn "$s" 'array_length(float8[], integer)' 'integer'
	hostile_fn "$s" 'array_ndims(float8[])' 'integer'
	hostile_fn "$s" 'width_bucket(float8, float8, float8, bigint)' 'integer'
	hostile_fn "$s" 'width_bucket(float8, float8[])' 'integer'
	hostile_fn "$s" 'float8(integer)' 'float8'
	hostile_fn "$s" 'float8(numeric)' 'float8'
	# 0.3.0's support functions, near misses.
	hostile_fn "$s" 'category_counts_transition(jsonb, varchar)' 'jsonb'
	hostile_fn "$s" 'category_counts_transition(jsonb, text, numeric)' 'jsonb'
	hostile_fn "$s" 'category_counts_transition(jsonb, name)' 'jsonb'
	hostile_fn "$s" 'category_counts_transition(jsonb, anynonarray)' 'jsonb'
	hostile_fn "$s" 'category_counts_transition(jsonb, anycompatible)' 'jsonb'
	hostile_fn "$s" 'category_counts_transition(jsonb, anyelement, numeric)' 'jsonb'
	hostile_fn "$s" 'category_counts_transition(json, anyelement)' 'jsonb'
	hostile_fn "$s" 'category_counts_combine(jsonb, json)' 'jsonb'
	hostile_fn "$s" 'category_counts_combine(anyelement, anyelement)' 'anyelement'
	hostile_fn "$s" 'quantile_edges_transition(float8[], float8, bigint)' 'float8[]'
	hostile_fn "$s" 'quantile_edges_transition(float8[], numeric, integer)' 'float8[]'
	hostile_fn "$s" 'quantile_edges_transition(anyarray, anyelement, integer)' 'anyarray'
	hostile_fn "$s" 'quantile_edges_combine(anyarray, anyarray)' 'anyarray'
	hostile_fn "$s" 'quantile_edges_final(anyarray)' 'anyarray'
	hostile_fn "$s" 'quantile_edges_final(numeric[])' 'float8[]'
	hostile_fn "$s" 'kl_div(jsonb, jsonb, numeric, numeric)' 'float8'
	# 0.4.0's, near misses.
	hostile_fn "$s" 'drift_report_query(text, varchar)' 'text'
	hostile_fn "$s" 'drift_report_query(varchar, text)' 'text'
	hostile_fn "$s" 'drift_report_statement(text, varchar)' 'text'
	hostile_fn "$s" 'drift_report_statement(text, name)' 'text'
	hostile_fn "$s" 'jsonb_each(json)' 'jsonb'
	hostile_fn "$s" 'hostile_eq(float8[], float8[])' 'boolean'
	hostile_fn "$s" 'hostile_cat(float8[], float8[])' 'float8[]'
	echo "CREATE OPERATOR $s.= (LEFTARG = float8[], RIGHTARG = float8[], FUNCTION = $s.hostile_eq);
	      CREATE OPERATOR $s.|| (LEFTARG = float8[], RIGHTARG = float8[], FUNCTION = $s.hostile_cat);
	      CREATE OPERATOR $s.+ (LEFTARG = float8[], RIGHTARG = float8[], FUNCTION = $s.hostile_cat);
	      CREATE AGGREGATE $s.histogram(float8, numeric, numeric, integer)
	          (SFUNC = $s.histogram_transition, STYPE = float8[]);
	      CREATE AGGREGATE $s.histogram_sum(numeric[])
	          (SFUNC = $s.histogram_combine, STYPE = float8[]);
	      CREATE AGGREGATE $s.quantile_edges(float8, bigint)
	          (SFUNC = $s.quantile_edges_transition, STYPE = float8[]);
	      CREATE DOMAIN $s.float8 AS numeric;
	      CREATE DOMAIN $s.int4 AS bigint;
	      CREATE DOMAIN $s.jsonb AS json;
	      CREATE DOMAIN $s.regtype AS oid;"
}
# The exact signatures of the extension's support functions: 0.2.0's, then
# 0.3.0's ("NAME(ARGS)|RETURNS").
exact_support_020=(
	'histogram_transition(float8[], float8, float8, float8, integer)|float8[]'
	'histogram_transition(float8[], float8, float8, float8, float8, integer)|float8[]'
	'histogram_transition(float8[], float8, float8[])|float8[]'
	'histogram_transition(float8[], float8, float8, float8[])|float8[]'
	'histogram_combine(float8[], float8[])|float8[]'
	'histogram_final(float8[])|float8[]'
	'histogram_sum_transition(float8[], float8[])|float8[]')
exact_support_030=(
	'category_counts_transition(jsonb, anyelement)|jsonb'
	'category_counts_transition(jsonb, anyelement, float8)|jsonb'
	'category_counts_combine(jsonb, jsonb)|jsonb'
	'quantile_edges_transition(float8[], float8, integer)|float8[]'
	'quantile_edges_combine(float8[], float8[])|float8[]'
	'quantile_edges_final(float8[])|float8[]')
exact_support_040=(
	'category_counts_transition(jsonb, text)|jsonb'
	'category_counts_transition(jsonb, text, float8)|jsonb')
# hostile_exact_sql SCHEMA [WHICH]: exact copies of every support function
# and kl_div (WHICH empty), every support function only (support-only), or
# 0.3.0's support functions only (0.3.0).
hostile_exact_sql() {
	local s=$1 f list
	echo "$hostile_log_sql"
	if [ "${2:-}" = 0.3.0 ]; then
		list=("${exact_support_030[@]}")
	else
		list=("${exact_support_020[@]}" "${exact_support_030[@]}" "${exact_support_040[@]}")
	fi
	for f in "${list[@]}"; do
		hostile_fn "$s" "${f%|*}" "${f#*|}"
	done
	[ -n "${2:-}" ] || hostile_fn "$s" 'kl_div(float8[], float8[], float8, float8)' 'float8'
}

# The extension's functions (class pg_proc, deptype 'e').
members="SELECT d.objid FROM pg_catalog.pg_depend d
         WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.deptype = 'e'
           AND d.refobjid = (SELECT oid FROM pg_catalog.pg_extension WHERE extname = 'kl_divergence')"

# verify_install DB LABEL SCHEMA ROLE: after CREATE EXTENSION or an upgrade
# next to hostile objects.
verify_install() {
	local db=$1 label=$2 schema=$3 role=$4 out
	# The catalog queries themselves must not meet the planted operators.
	local pin='SET search_path = pg_catalog, pg_temp;'
	out=$(q "$db" postgres -c "$pin SELECT extversion || ' in ' || extnamespace::regnamespace
	    FROM pg_extension WHERE extname = 'kl_divergence'" 2>&1)
	check "$label: kl_divergence 0.4.0 installed in $schema" "$out" [ "$out" = "0.4.0 in $schema" ]
	out=$(q "$db" postgres -c "$pin SELECT count(*) || '|' || count(*) FILTER (WHERE prokind = 'a')
	    FROM pg_proc WHERE oid IN ($members)" 2>&1)
	check "$label: 94 member functions and aggregates, 14 of them aggregates" "$out" [ "$out" = "94|14" ]

	out=$(q "$db" postgres -c "$pin SELECT count(*), count(*) FILTER (WHERE
	          a.aggtransfn::oid NOT IN ($members)
	       OR (a.aggcombinefn <> 0 AND a.aggcombinefn::oid NOT IN ($members))
	       OR (a.aggfinalfn <> 0 AND a.aggfinalfn::oid NOT IN ($members))
	       OR a.aggserialfn <> 0 OR a.aggdeserialfn <> 0 OR a.aggmtransfn <> 0)
	    FROM pg_aggregate a WHERE a.aggfnoid::oid IN ($members)" 2>&1)
	check "$label: the 14 aggregates' transition, combine and final functions are the extension's own" \
		"$out; $(q "$db" postgres -c "$pin SELECT a.aggfnoid::regprocedure || ': ' || a.aggtransfn::regprocedure
		    || ', ' || a.aggcombinefn::regprocedure || ', ' || a.aggfinalfn::regprocedure
		    FROM pg_aggregate a WHERE a.aggfnoid::oid IN ($members)")" [ "$out" = "14|0" ]

	# All C, all in our library, typed with built-in types only (or the
	# extension's own composite type gaussian); except
	# drift_report and its steps, in plpgsql or sql, and
	# drift_report_column_kind in sql. (Listed: every function that breaks
	# the rule, and the non-C ones.)
	local sig="p.proname || '(' || pg_catalog.oidvectortypes(p.proargtypes) || ')'"
	local not_c="drift_report(text, text, integer, text, double precision, double precision, integer, double precision, text, double precision, text, double precision, text) plpgsql, \
drift_report_check(text, text, integer, text, double precision, double precision, integer, double precision, text, double precision, text, double precision, text, text[], text[], integer) plpgsql, \
drift_report_column_kind(regtype) sql, \
drift_report_embedding_metrics(text, $schema.gaussian, $schema.gaussian) plpgsql, \
drift_report_fold(jsonb, jsonb, double precision, double precision, integer) sql, \
drift_report_metrics(text, double precision[], double precision[], double precision, boolean, double precision) plpgsql, \
drift_report_plan(text, text, text) plpgsql, \
drift_report_read_sql(text, text, text[], text[], integer, integer[], integer[], text) plpgsql"
	out=$(q "$db" postgres -c "$pin SELECT coalesce(string_agg($sig || ' ' || l.lanname, ', ' ORDER BY $sig COLLATE \"C\")
	          FILTER (WHERE NOT (l.lanname = 'c' AND p.probin = '\$libdir/kl_divergence'
	                             OR position($sig || ' ' || l.lanname IN '$not_c') > 0 AND l.lanname <> 'c')
	                     OR EXISTS (SELECT FROM pg_type t WHERE t.oid = ANY (p.proargtypes::oid[] || p.prorettype)
	                                AND t.typnamespace <> 'pg_catalog'::regnamespace
	                                AND NOT EXISTS (SELECT FROM pg_depend e WHERE e.classid = 'pg_type'::regclass
	                                                AND e.objid = t.oid AND e.deptype = 'e'
	                                                AND e.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'kl_divergence')))), '-')
	        || ' | ' || string_agg($sig || ' ' || l.lanname, ', ' ORDER BY $sig COLLATE \"C\") FILTER (WHERE l.lanname <> 'c')
	    FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
	    WHERE p.oid IN ($members) AND p.prokind = 'f'" 2>&1)
	check "$label: every member function is C in \$libdir/kl_divergence over pg_catalog types and its own gaussian, but drift_report and its steps (plpgsql, sql) and drift_report_column_kind (sql)" \
		"$out" [ "$out" = "- | $not_c" ]
	# drift_report, and drift_report_plan which prepares the caller's
	# queries, keep the caller's search_path by design (README, "The drift
	# report"); every other SQL or PL/pgSQL member pins it.
	out=$(q "$db" postgres -c "$pin SELECT count(*) FILTER (WHERE prosecdef) || '|' || coalesce(string_agg(p.oid::regprocedure::text, ', '
	          ORDER BY p.oid::regprocedure::text COLLATE \"C\")
	          FILTER (WHERE prolang IN (SELECT oid FROM pg_language WHERE lanname IN ('sql', 'plpgsql'))
	                  AND NOT coalesce('search_path=pg_catalog, pg_temp' = ANY (proconfig), false)), '-')
	    FROM pg_proc p WHERE oid IN ($members)" 2>&1)
	check "$label: no SECURITY DEFINER member; no SQL member without search_path = pg_catalog, pg_temp but drift_report and drift_report_plan" \
		"$out" [ "$out" = "0|$schema.drift_report(text,text,integer,text,double precision,double precision,integer,double precision,text,double precision,text,double precision,text), $schema.drift_report_plan(text,text,text)" ]

	out=$(q "$db" "$role" -c "$pin $(usage_sql "$schema")" 2>&1)
	check "$label: the aggregates and functions work" "$out" [ "$out" = t ]
	out=$(q "$db" postgres -c "$pin SELECT string_agg(fn || ' by ' || caller, ', ') FROM public.hostile_calls" 2>&1)
	check "$label: no hostile function was ever called" "$out" [ -z "$out" ]
}

plant() {	# plant DB SQL: run as mallory
	local out
	out=$(q "$1" mallory -c "$2" 2>&1) || not_ok "set-up: mallory plants hostile objects in $1" "$out"
}

# 3a. The database owner installs into public, where mallory may create.
q postgres postgres -c 'CREATE DATABASE sp_owner OWNER app' -c 'CREATE DATABASE sp_super' \
	-c 'CREATE DATABASE sp_path OWNER app' -c 'CREATE DATABASE sp_update OWNER app' \
	-c 'CREATE DATABASE sp_collide OWNER app' -c 'CREATE DATABASE sp_update_020 OWNER app' \
	-c 'CREATE DATABASE sp_update_collide OWNER app' -c 'CREATE DATABASE sp_update_collide_030 OWNER app' \
	-c 'CREATE DATABASE sp_collide_030 OWNER app'
for db in sp_owner sp_super sp_path sp_update sp_collide sp_update_020 sp_update_collide \
	sp_update_collide_030 sp_collide_030; do
	q "$db" postgres -c 'GRANT CREATE ON SCHEMA public TO mallory'
done
plant sp_owner "$(hostile_loose_sql public)"
out=$(q sp_owner app -c 'CREATE EXTENSION kl_divergence' 2>&1)
check "owner, hostile overloads in public: CREATE EXTENSION succeeds" "$out" [ $? -eq 0 ]
verify_install sp_owner "owner, hostile overloads in public" public app

# 3b. The same as superuser.
plant sp_super "$(hostile_loose_sql public)"
out=$(q sp_super postgres -c 'CREATE EXTENSION kl_divergence' 2>&1)
check "superuser, hostile overloads in public: CREATE EXTENSION succeeds" "$out" [ $? -eq 0 ]
verify_install sp_super "superuser, hostile overloads in public" public postgres

# 3c. Exact copies of the support functions in a schema that comes first in
# the installing session's search_path.
q sp_path postgres -c 'CREATE SCHEMA early AUTHORIZATION mallory'
plant sp_path "$(hostile_exact_sql early; hostile_loose_sql early) GRANT USAGE ON SCHEMA early TO PUBLIC;"
out=$(q sp_path app -c 'SET search_path = early, public' -c 'CREATE EXTENSION kl_divergence SCHEMA public' 2>&1)
check "owner, exact copies in a schema earlier in search_path: CREATE EXTENSION succeeds" "$out" [ $? -eq 0 ]
verify_install sp_path "owner, exact copies earlier in search_path" public app
out=$(q sp_super postgres -c 'CREATE SCHEMA early AUTHORIZATION mallory' 2>&1)
plant sp_super "$(hostile_exact_sql early) GRANT USAGE ON SCHEMA early TO PUBLIC;"
out=$(q sp_super postgres -c 'DROP EXTENSION kl_divergence' -c 'SET search_path = early, public' \
	-c 'CREATE EXTENSION kl_divergence SCHEMA public' 2>&1)
check "superuser, exact copies in a schema earlier in search_path: CREATE EXTENSION succeeds" "$out" [ $? -eq 0 ]
verify_install sp_super "superuser, exact copies earlier in search_path" public postgres

# 3d. Upgrades. 0.1.0 installed first, hostile objects planted, then the
# owner runs the 0.1.0--0.2.0 script (the histogram aggregates) and, with
# more planted, the 0.2.0--0.3.0 script (the category_counts and
# quantile_edges aggregates, drift_report); and 0.2.0 installed first,
# hostile objects planted, then the update to the default version.
out=$(q sp_update app -c "CREATE EXTENSION kl_divergence VERSION '0.1.0'" 2>&1)
plant sp_update "$(hostile_loose_sql public)"
out=$(q sp_update app -c "ALTER EXTENSION kl_divergence UPDATE TO '0.2.0'" 2>&1)
check "owner, hostile overloads planted before ALTER EXTENSION UPDATE TO '0.2.0': the update succeeds" "$out" [ $? -eq 0 ]
plant sp_update "$(hostile_fn public 'drift_report_column_kind(oid)' text
	hostile_fn public 'drift_report_columns(text, varchar)' text
	hostile_fn public 'rebin(float8[], float8[], numeric[])' 'float8[]')"
out=$(q sp_update app -c "ALTER EXTENSION kl_divergence UPDATE" 2>&1)
check "owner, hostile overloads planted before ALTER EXTENSION UPDATE from 0.2.0: the update succeeds" "$out" [ $? -eq 0 ]
verify_install sp_update "upgrade 0.1.0 -> 0.2.0 -> 0.4.0 next to hostile overloads" public app

out=$(q sp_update_020 app -c "CREATE EXTENSION kl_divergence VERSION '0.2.0'" 2>&1)
plant sp_update_020 "$(hostile_loose_sql public)"
out=$(q sp_update_020 app -c 'ALTER EXTENSION kl_divergence UPDATE' 2>&1)
check "owner, 0.2.0, hostile overloads planted before ALTER EXTENSION UPDATE: the update succeeds" "$out" [ $? -eq 0 ]
verify_install sp_update_020 "upgrade 0.2.0 -> 0.4.0 next to hostile overloads" public app

# update_refused DB SQLSTATE VERSION DESCRIPTION: the update failed with
# 42723, the extension stays at VERSION and no planted function ran.
update_refused() {
	local out
	out=$(q "$1" postgres -c "SELECT (SELECT extversion FROM pg_extension WHERE extname = 'kl_divergence')
	          || '|' || (SELECT count(*) FROM public.hostile_calls)" 2>&1)
	check "$4" "got $2; version|hostile calls: $out" [ "$2" = 42723 -a "$out" = "$3|0" ]
}

# And exact copies of the support functions planted before the update: the
# update must fail rather than adopt them.
out=$(q sp_update_collide app -c "CREATE EXTENSION kl_divergence VERSION '0.1.0'" 2>&1)
plant sp_update_collide "$(hostile_exact_sql public support-only)"
state=$(sqlstate_of sp_update_collide app "ALTER EXTENSION kl_divergence UPDATE TO '0.2.0'")
update_refused sp_update_collide "$state" 0.1.0 \
	"owner, exact copies of the support functions planted before the update to 0.2.0: it fails (42723), 0.1.0 stays"
# 0.2.0 -> 0.3.0: an exact copy of any one of 0.3.0's support functions
# makes the update fail; once mallory has dropped them all, it succeeds.
out=$(q sp_update_collide_030 app -c "CREATE EXTENSION kl_divergence VERSION '0.2.0'" 2>&1)
for f in "${exact_support_030[@]}"; do
	plant sp_update_collide_030 "$hostile_log_sql $(hostile_fn public "${f%|*}" "${f#*|}")"
	state=$(sqlstate_of sp_update_collide_030 app 'ALTER EXTENSION kl_divergence UPDATE')
	update_refused sp_update_collide_030 "$state" 0.2.0 \
		"owner, an exact copy of ${f%|*} planted before the update to 0.3.0: it fails (42723), 0.2.0 stays"
	q sp_update_collide_030 mallory -c "DROP FUNCTION public.${f%|*}"
done
out=$(q sp_update_collide_030 app -c 'ALTER EXTENSION kl_divergence UPDATE' 2>&1)
check "owner, the exact copies dropped again: the update to 0.4.0 succeeds" "$out" [ $? -eq 0 ]
verify_install sp_update_collide_030 "upgrade 0.2.0 -> 0.4.0 after failed attempts" public app

# 3e. Exact copies in the target schema itself: the install must fail rather
# than adopt them.
plant sp_collide "$(hostile_exact_sql public)"
state=$(sqlstate_of sp_collide app 'CREATE EXTENSION kl_divergence')
check "owner, exact copies in the target schema: CREATE EXTENSION fails (42723) instead of adopting them" \
	"got $state" [ "$state" = 42723 ]
q sp_collide mallory -c 'DROP FUNCTION public.kl_div(float8[], float8[], float8, float8)'
state=$(sqlstate_of sp_collide app 'CREATE EXTENSION kl_divergence')
check "owner, exact copies of the support functions only: CREATE EXTENSION fails (42723)" \
	"got $state" [ "$state" = 42723 ]
out=$(q sp_collide postgres -c "SELECT (SELECT count(*) FROM pg_extension WHERE extname = 'kl_divergence')
                                     || '|' || (SELECT count(*) FROM public.hostile_calls)" 2>&1)
check "owner, exact copies in the target schema: nothing installed, no hostile call" "$out" [ "$out" = "0|0" ]
# Only 0.3.0's: the chain of scripts stops at its last step, and rolls back.
plant sp_collide_030 "$(hostile_exact_sql public 0.3.0)"
state=$(sqlstate_of sp_collide_030 app 'CREATE EXTENSION kl_divergence')
out=$(q sp_collide_030 postgres -c "SELECT (SELECT count(*) FROM pg_extension WHERE extname = 'kl_divergence')
                                         || '|' || (SELECT count(*) FROM public.hostile_calls)" 2>&1)
if [ "$state" = 42723 ] && [ "$out" = "0|0" ]; then
	ok "owner, exact copies of 0.3.0's support functions in the target schema: CREATE EXTENSION fails (42723), nothing installed"
else
	not_ok "owner, exact copies of 0.3.0's support functions in the target schema: CREATE EXTENSION fails (42723), nothing installed" \
		"got $state; extensions|hostile calls: $out"
fi

# 3f. drift_report() at run time. It runs the caller's query text under the
# caller's search_path (by design, so it is not pinned), so everything it
# calls itself must resolve to the extension's schema or pg_catalog whatever
# lies earlier or later on that path. The extension is in "stats"; mallory
# plants in public, which bob's search_path holds before or after stats:
#  - sp_report: aggregates and functions with the names drift_report uses
#    (count, sum, min, array_agg, row_number, array_append, array_cat,
#    array_fill, format, quote_ident, regexp_replace, cardinality,
#    jsonb_each), exact copies of the extension's (quantile_edges,
#    category_counts, histogram, psi, kl_div, js_distance, tv_distance,
#    hellinger, wasserstein, drift_report_columns, drift_report_column_kind)
#    and near misses, and operators on arrays and text such as ||(text[], text);
#  - sp_report_ops: every operator + - * / = <> < <= > >= || on every pair
#    of the types drift_report computes with (int2, int4, int8, float8,
#    numeric, text, name, bool, jsonb, regtype, oid and arrays), so any
#    expression of its own that pg_catalog has no operator for, exactly,
#    would be caught.
# format(text, VARIADIC "any") cannot be planted: neither PL/pgSQL nor SQL
# functions take "any"; format(text, VARIADIC text[]) stands in for it.
hostile_agg() {	# hostile_agg NAME(ARGTYPE) STYPE: an aggregate whose transition logs
	local name=${1%%(*} arg=${1#*(}
	arg=${arg%)}
	hostile_fn public "hostile_sfunc_${name}_${arg//[^a-z0-9]/_}($2, $arg)" "$2"
	echo "CREATE AGGREGATE public.$1 (SFUNC = public.hostile_sfunc_${name}_${arg//[^a-z0-9]/_}, STYPE = $2);"
}
hostile_op() {	# hostile_op OP LEFT RIGHT RETURNS NAME
	hostile_fn public "$5($2, $3)" "$4"
	echo "CREATE OPERATOR public.$1 (LEFTARG = $2, RIGHTARG = $3, FUNCTION = public.$5);"
}
hostile_report_sql() {
	local f
	echo "$hostile_log_sql"
	hostile_agg 'count(numeric)' bigint
	hostile_agg 'count(double precision)' bigint
	hostile_agg 'count(text)' bigint
	hostile_agg 'count(integer)' bigint
	hostile_agg 'sum(double precision)' 'double precision'
	hostile_agg 'min(bigint)' bigint
	hostile_agg 'array_agg(text)' 'text[]'
	hostile_agg 'array_agg(double precision)' 'double precision[]'
	hostile_agg 'quantile_edges(double precision, integer)' 'double precision[]'
	hostile_agg 'quantile_edges(double precision, bigint)' 'double precision[]'
	hostile_agg 'category_counts(anyelement)' jsonb
	hostile_agg 'category_counts(text)' jsonb
	hostile_agg 'category_counts(integer)' jsonb
	hostile_agg 'histogram(double precision, double precision[])' 'double precision[]'
	hostile_agg 'histogram(double precision, numeric[])' 'double precision[]'
	for f in 'row_number()|bigint' 'array_append(text[], text)|text[]' \
		'array_cat(double precision[], double precision[])|double precision[]' \
		'array_fill(bigint, integer[])|bigint[]' 'array_fill(integer, integer[])|integer[]' \
		'array_fill(double precision, integer[])|double precision[]' 'array_fill(jsonb, integer[])|jsonb[]' \
		'format(text, VARIADIC text[])|text' 'format(text)|text' 'quote_ident(name)|text' \
		'regexp_replace(text, text, text)|text' \
		'cardinality(anyarray)|integer' 'cardinality(text[])|integer' 'cardinality(double precision[])|integer' \
		'psi(double precision[], double precision[], double precision)|double precision' \
		'psi(double precision[], double precision[], numeric)|double precision' \
		'kl_div(double precision[], double precision[], double precision, double precision)|double precision' \
		'js_distance(double precision[], double precision[], double precision)|double precision' \
		'js_distance(double precision[], double precision[])|double precision' \
		'tv_distance(double precision[], double precision[])|double precision' \
		'hellinger(double precision[], double precision[])|double precision' \
		'wasserstein(double precision[], double precision[])|double precision' \
		'drift_report_column_kind(regtype)|text' 'drift_report_column_kind(oid)|text'; do
		hostile_fn public "${f%|*}" "${f#*|}"
	done
	echo "CREATE FUNCTION public.jsonb_each(jsonb, OUT key text, OUT value jsonb) RETURNS SETOF record
	      LANGUAGE plpgsql AS \$\$BEGIN PERFORM public.hostile_log('public.jsonb_each(jsonb)'); END\$\$;
	      CREATE FUNCTION public.drift_report_columns(query text, argument text DEFAULT 'query',
	          OUT ordinal int, OUT column_name text, OUT column_type regtype) RETURNS SETOF record
	      LANGUAGE plpgsql AS \$\$BEGIN PERFORM public.hostile_log('public.drift_report_columns(text, text)'); END\$\$;"
	hostile_op '||' 'text[]' text text[] hostile_tcat
	hostile_op '||' text 'text[]' text[] hostile_ttcat
	hostile_op '||' 'double precision[]' 'double precision[]' 'double precision[]' hostile_fcat
	hostile_op '||' text text text hostile_scat
	hostile_op '=' text text boolean hostile_teq
	hostile_op '=' jsonb jsonb boolean hostile_jeq
	hostile_op '=' 'text[]' text boolean hostile_taeq
}
hostile_operator_grid_sql="$hostile_log_sql
DO \$do\$
DECLARE
    types text[] := ARRAY['smallint', 'integer', 'bigint', 'double precision', 'numeric', 'text', 'name',
                          'boolean', 'jsonb', 'regtype', 'oid', 'text[]', 'double precision[]',
                          'integer[]', 'bigint[]', 'jsonb[]'];
    l text; r text; o text; k int := 0;
BEGIN
    FOREACH l IN ARRAY types LOOP
        FOREACH r IN ARRAY types LOOP
            FOREACH o IN ARRAY ARRAY['+', '-', '*', '/', '=', '<>', '<', '<=', '>', '>=', '||'] LOOP
                k := k + 1;
                EXECUTE format(\$f\$CREATE FUNCTION public.hostile_op_%s(%s, %s) RETURNS %s LANGUAGE plpgsql
                                  AS \$b\$BEGIN PERFORM public.hostile_log(%L); RETURN NULL; END\$b\$\$f\$,
                               k, l, r, CASE WHEN o IN ('+', '-', '*', '/', '||') THEN l ELSE 'boolean' END,
                               format('public.%s(%s, %s)', o, l, r));
                EXECUTE format('CREATE OPERATOR public.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = public.hostile_op_%s)',
                               o, l, r, k);
            END LOOP;
        END LOOP;
    END LOOP;
END
\$do\$;"

# Known drift: x moves up by 30 of its 100 values (a quarter of it NULL
# now), c goes from thirds of a, b, c to 60/20/20 %; y and d (a fifth of it
# NULL in the reference) keep their distributions exactly.
report_setup() {	# report_setup DB
	q postgres postgres -c "CREATE DATABASE $1 OWNER app" &&
		q "$1" postgres -c 'GRANT CREATE ON SCHEMA public TO mallory' &&
		q "$1" app <<-'EOF'
	CREATE SCHEMA stats;
	CREATE EXTENSION kl_divergence SCHEMA stats;
	GRANT USAGE ON SCHEMA stats TO PUBLIC;
	CREATE TABLE t_ref AS
	SELECT i % 100 AS x, i % 50 AS y, (ARRAY['a', 'b', 'c'])[1 + i % 3] AS c,
	       CASE WHEN i % 5 = 0 THEN NULL ELSE (ARRAY['u', 'v'])[1 + i % 2] END AS d
	FROM generate_series(1, 3000) i;
	CREATE TABLE t_cur AS
	SELECT CASE WHEN i % 4 = 0 THEN NULL ELSE i % 100 + 30 END AS x, i % 50 AS y,
	       (ARRAY['a', 'a', 'a', 'b', 'c'])[1 + i % 5] AS c, (ARRAY['u', 'v'])[1 + i % 2] AS d
	FROM generate_series(1, 1000) i;
	GRANT SELECT ON t_ref, t_cur TO bob;
	GRANT SELECT ON t_cur TO carol;
	EOF
}

# report_check DB LABEL SEARCH_PATH: bob runs the report under SEARCH_PATH,
# then checks it with search_path = pg_catalog, pg_temp against values
# computed without the extension: the columns' kinds, row counts, NULL
# shares and flags; x's edges (the deciles 0, 10, .. 90 of 0 .. 99, then
# just above 99) and both its histograms (counted with width_bucket); psi 0
# for y and d; c's psi against its closed form (smoothing moves it < 1e-3).
report_check() {
	local db=$1 label=$2 path=$3 out expected
	out=$(q "$db" bob 2>&1 <<-EOF
	SET search_path = $path;
	CREATE TEMP TABLE rep AS
	SELECT * FROM stats.drift_report('SELECT x, y, c, d FROM t_ref', 'SELECT x, y, c, d FROM t_cur') WITH ORDINALITY;
	CREATE TEMP TABLE who AS
	SELECT * FROM stats.drift_report('SELECT current_user::text AS who FROM t_ref', 'SELECT current_user::text AS who');
	SET search_path = pg_catalog, pg_temp;
	SELECT string_agg(format('%s %s %s %s %s %s %s', column_name, kind, reference_rows, current_rows,
	                         round(reference_null_share::numeric, 6), round(current_null_share::numeric, 6), drifted),
	                  ' | ' ORDER BY ordinality) FROM rep;
	SELECT r.edges[1:10] = '{0,10,20,30,40,50,60,70,80,90}' AND r.edges[11] > 99 AND r.edges[11] < 99.001
	   AND r.reference_histogram = '{0,300,300,300,300,300,300,300,300,300,300,0}'
	   AND r.current_histogram = (SELECT array_agg(coalesce(n, 0)::float8 ORDER BY b)
	                             FROM generate_series(0, 11) b
	                             LEFT JOIN (SELECT width_bucket(x::float8, r.edges) AS b, count(*) AS n
	                                        FROM public.t_cur WHERE x IS NOT NULL GROUP BY 1) c USING (b))
	FROM rep r WHERE column_name = 'x';
	SELECT bool_and(psi = 0) FROM rep WHERE column_name IN ('y', 'd');
	SELECT abs(psi - ((0.6 - 1 / 3.0) * ln(1.8) + 2 * (0.2 - 1 / 3.0) * ln(0.6))) < 1e-3
	       AND categories = '{a,b,c}' AND reference_histogram = '{1000,1000,1000}'
	       AND current_histogram = '{600,200,200}'
	FROM rep WHERE column_name = 'c';
	SELECT categories::text FROM who;
	EOF
	)
	expected='x numeric 3000 1000 0.000000 0.250000 t | y numeric 3000 1000 0.000000 0.000000 f'
	expected+=' | c categorical 3000 1000 0.000000 0.000000 t | d categorical 3000 1000 0.200000 0.000000 f'
	check "$label, search_path = $path: bob's drift_report is right (flags, counts, NULL shares, edges, histograms, psi)" \
		"$out" [ "$out" = "$expected"$'\nt\nt\nt\n{bob}' ]
	out=$(q "$db" postgres -c "SET search_path = pg_catalog, pg_temp" \
		-c "SELECT string_agg(DISTINCT fn || ' by ' || caller, ', ') FROM public.hostile_calls" 2>&1)
	check "$label, search_path = $path: no hostile function or operator was called" "$out" [ -z "$out" ]
}

if report_setup sp_report && report_setup sp_report_ops; then
	plant sp_report "$(hostile_report_sql)"
	plant sp_report_ops "$hostile_operator_grid_sql"
	out=$(q sp_report postgres -c 'SET search_path = pg_catalog, pg_temp' \
		-c "SELECT (SELECT count(*) FROM pg_proc WHERE pronamespace = 'public'::regnamespace)
		    || '|' || (SELECT count(*) FROM pg_operator WHERE oprnamespace = 'public'::regnamespace)" 2>&1)
	out+=" $(q sp_report_ops postgres -c 'SET search_path = pg_catalog, pg_temp' \
		-c "SELECT count(*) FROM pg_operator WHERE oprnamespace = 'public'::regnamespace" 2>&1)"
	echo "# planted in public: $out (sp_report functions|operators, sp_report_ops operators)"
	for path in 'public, stats' 'stats, public'; do
		report_check sp_report "drift_report next to hostile functions and aggregates" "$path"
		report_check sp_report_ops "drift_report next to hostile operators on every type pair" "$path"
	done

	out=$(q sp_report postgres -c "SELECT prosecdef::text || '|' || coalesce(proconfig::text, 'none')
	    FROM pg_proc WHERE oid = 'stats.drift_report(text, text, int, text, float8, float8, int, float8, text, float8, text, float8, text)'::regprocedure" 2>&1)
	check "drift_report is not SECURITY DEFINER and sets nothing (it runs as the caller, on the caller's search_path)" \
		"$out" [ "$out" = "false|none" ]
	state=$(sqlstate_of sp_report carol "SELECT * FROM stats.drift_report('SELECT x FROM t_ref', 'SELECT x FROM t_cur')")
	check "drift_report runs the queries as the caller: carol, without SELECT on the reference table, gets 42501" \
		"got $state" [ "$state" = 42501 ]
	out=$(q sp_report carol -c "SELECT column_name, drifted FROM stats.drift_report('SELECT x FROM t_cur', 'SELECT x FROM t_cur')" 2>&1)
	check "drift_report: carol can compare the table she may read with itself" "$out" [ "$out" = 'x|f' ]
else
	not_ok "set-up of the drift_report databases" "see the errors above"
fi

# ---- 4. statement_timeout inside one long call --------------------------------------
section timeout

# Two stored arrays of 2^big_log2 elements: 4096 random values doubled in
# place, so the values are irregular but lz4 compresses the repetition and the
# table stays small (~2 MB per array).
#
# Reading (detoasting) these takes about a second, so a 200 ms timeout lands
# there whatever the function does, and the cancel comes at PostgreSQL's next
# check for interrupts, in the reading or at the start of the function's
# loops: that is checked first, as a user would see it (cancelled, not hung;
# how soon depends on the reading, which varies a lot on a busy machine). To
# test the functions' own loops, the view m reads both arrays once
# (|| '{}' detoasts them) and each check sums 2 to 8 calls on them (enough
# to outlast the timeout), so nothing checks for interrupts between the
# calls. The timeout is set to 1.5 times the measured reading time plus
# 100 ms, so that it fires during the computation, and each statement reports
# when its reading ended (read_done(), a NOTICE, evaluated before the calls).
# The cancel must land within a second of the timeout. A run cancelled before
# that NOTICE tested nothing of the computation and is repeated with a longer
# timeout. A control shows that the method catches a loop that does not check
# for interrupts. The same method then runs rebin on its largest arguments
# and the functions of category maps on maps of a million keys (views mr and
# mj, each with its own reading time and timeout).
big_log2=${KLD_LIFECYCLE_BIG_LOG2:-26}
setup_big() {
	local k
	q postgres postgres -c 'CREATE DATABASE kld_timeout' || return
	q kld_timeout postgres -c 'CREATE EXTENSION kl_divergence' \
		-c 'CREATE UNLOGGED TABLE big (name text PRIMARY KEY, a float8[] COMPRESSION lz4)' \
		-c "INSERT INTO big SELECT n, array_agg(random()) FROM (VALUES ('p'), ('q')) v(n),
		        generate_series(1, 4096) GROUP BY n" \
		-c "CREATE VIEW m AS SELECT p.a || '{}'::float8[] AS p, q.a || '{}'::float8[] AS q
		    FROM big p, big q WHERE p.name = 'p' AND q.name = 'q' OFFSET 0" \
		-c "CREATE FUNCTION read_done() RETURNS float8 VOLATILE LANGUAGE plpgsql AS \$\$
		    BEGIN
		        RAISE NOTICE 'read_done_ms=%',
		            round(extract(epoch FROM clock_timestamp() - statement_timestamp()) * 1000);
		        RETURN 0;
		    END \$\$" || return
	for ((k = big_log2 - 12; k > 0; k -= 2)); do
		if [ "$k" -ge 2 ]; then
			q kld_timeout postgres -c 'UPDATE big SET a = a || a || a || a' || return
		else
			q kld_timeout postgres -c 'UPDATE big SET a = a || a' || return
		fi
	done
}

# timed TIMEOUT SETTINGS SQL: runs SQL in one session under statement_timeout
# and prints "<ms> <SQLSTATE> <backend pid before> <backend pid after>
# <read_done_ms>", a - for any that did not show. A watchdog cancels the
# statement after 20 s, should a call ever run on.
timed() {
	local out watchdog field
	{ sleep 20 && psql -X -q -At -U postgres -c "SELECT pg_cancel_backend(pid) FROM pg_stat_activity
	      WHERE application_name = 'kld_lifecycle_timeout' AND state = 'active'"; } >/dev/null 2>&1 &
	watchdog=$!	# (detached from our output, or $(timed ...) would wait for its sleep)
	out=$(PGAPPNAME=kld_lifecycle_timeout psql -X -At -v ON_ERROR_STOP=0 -d kld_timeout -U postgres 2>&1 <<-EOF
	SELECT 'pid=' || pg_backend_pid();
	$2
	SET statement_timeout = '$1';
	\timing on
	$3
	\timing off
	\echo sqlstate=:SQLSTATE
	RESET statement_timeout;
	SELECT 'pid=' || pg_backend_pid();
	EOF
	)
	kill "$watchdog" 2>/dev/null
	printf '%s\n' "-- timeout $1: $3" "$out" >>"$work/timeout.log"
	for field in \
		"$(grep -oE '^Time: [0-9]+' <<<"$out" | tail -n 1 | awk '{print $2}')" \
		"$(grep -oE '^sqlstate=[0-9A-Z]+' <<<"$out" | cut -d= -f2)" \
		"$(grep -oE '^pid=[0-9]+' <<<"$out" | sed -n 1p | cut -d= -f2)" \
		"$(grep -oE '^pid=[0-9]+' <<<"$out" | sed -n 2p | cut -d= -f2)" \
		"$(grep -oE 'read_done_ms=[0-9]+' <<<"$out" | tail -n 1 | cut -d= -f2)"; do
		printf '%s ' "${field:--}"
	done
	echo
}

# timed_past_reading DESCRIPTION TIMEOUT_MS SETTINGS SQL: timed, into the
# variables ms state pid_before pid_after read_done timeout. A run cancelled
# before read_done() reported the end of its reading tested nothing of the
# computation: it is run again (up to four runs in all) with the timeout
# raised just past the time that run took, as the computation takes longer
# than the reading. After a NOTICE the timeout had not fired yet (PL/pgSQL
# checks for interrupts before RAISE), so the computation ran when it did.
timed_past_reading() {
	local attempt
	timeout=$2
	for attempt in 1 2 3 4; do
		read -r ms state pid_before pid_after read_done <<<"$(timed "${timeout}ms" "$3" "$4")"
		[ "$state" != 57014 ] || [ "$read_done" != - ] || [ "$attempt" = 4 ] && return
		echo "# $1: the reading outlasted the timeout (cancelled after $ms ms); again with $((ms + 100)) ms"
		timeout=$((ms + 100))
	done
}

# timeout_check DESCRIPTION TIMEOUT_MS SETTINGS SQL: SQL must be cancelled
# (57014) within a second of the timeout, and the backend must survive.
timeout_check() {
	local late
	timed_past_reading "$@"
	if [ "$state" = 00000 ]; then
		skip "$1: finished in $ms ms, before the timeout (raise KLD_LIFECYCLE_BIG_LOG2)"
	elif [ "$state" = 57014 ] && [ "$read_done" = - ]; then
		skip "$1: the reading outlasted the timeout on four runs (the last cancelled after $ms ms)"
	elif [ "$state" != 57014 ] || [ "$ms" = - ]; then
		not_ok "$1: cancelled (57014) within a second of the timeout" \
			"SQLSTATE $state after $ms ms with a $timeout ms timeout"
	elif late=$((ms - timeout)) && [ "$late" -le 1000 ]; then
		ok "$1: cancelled (57014) $late ms after the timeout ($timeout ms; reading done at $read_done ms)"
	else
		not_ok "$1: cancelled (57014) within a second of the timeout" \
			"cancelled $late ms after it ($ms ms in all; reading done at $read_done ms): the computation does not check for interrupts"
	fi
	if [ "$pid_before" != - ] && [ "$pid_before" = "$pid_after" ]; then
		ok "$1: the same backend answers afterwards"
	else
		not_ok "$1: the same backend answers afterwards" "pid $pid_before before, $pid_after after"
	fi
}

# sum_of N CALL [FROM]: N calls in one expression, after read_done(), over
# the view m (or FROM).
sum_of() {
	local sql="SELECT read_done()" i
	for ((i = 0; i < $1; i++)); do sql+=" + $2"; done
	echo "$sql FROM ${3:-m};"
}

# timeout_for SQL: 1.5 times the longer of two runs of SQL (the reading of
# the arguments) plus 100 ms, so that a timeout fires after the reading.
timeout_for() {
	local i longest=0
	for i in 1 2; do
		read -r ms _ <<<"$(timed 0 '' "$1")"
		[ "${ms:-0}" -gt "$longest" ] && longest=$ms
	done
	echo "$longest $((longest * 3 / 2 + 100))"
}

# timeout_checks TIMEOUT FROM N|CALL...: timeout_check of N calls of each
# CALL over FROM. N calls take at least a few times the timeout.
timeout_checks() {
	local timeout=$1 from=$2 entry
	shift 2
	for entry in "$@"; do
		timeout_check "statement_timeout ${timeout}ms, ${entry%%|*} x ${entry#*|}${from:+ over $from}" \
			"$timeout" '' "$(sum_of "${entry%%|*}" "${entry#*|}" "${from:-m}")"
	done
}

if [ "$big_log2" -gt 26 ] || [ "$big_log2" -lt 14 ]; then
	not_ok "KLD_LIFECYCLE_BIG_LOG2=$big_log2 is outside 14 .. 26" ""
elif ! setup_big; then
	not_ok "set-up of the huge arrays" "see the errors above"
else
	# A hang would end at the watchdog's cancel, after 20 s.
	description="statement_timeout 200ms, kl_div on stored arrays of 2^$big_log2 elements"
	read -r ms state pid_before pid_after _ <<<"$(timed 200ms '' \
		"SELECT kl_div(p.a, q.a) FROM big p, big q WHERE p.name = 'p' AND q.name = 'q';")"
	check "$description: cancelled (57014) after $ms ms" "SQLSTATE $state after $ms ms" \
		test "$state" = 57014 -a "$ms" != - -a "${ms/-/999999}" -lt 15000
	check "$description: the same backend answers afterwards" "pid $pid_before before, $pid_after after" \
		test "$pid_before" != - -a "$pid_before" = "$pid_after"

	read -r read_ms after <<<"$(timeout_for 'SELECT array_ndims(p) + array_ndims(q) FROM m;')"
	echo "# arrays of 2^$big_log2 elements; reading both takes $read_ms ms; timeout ${after}ms"

	# Control: comparing an array with itself runs through every element in
	# PostgreSQL's array_cmp, which does not check for interrupts.
	description="control: four array comparisons, which do not check for interrupts, overrun the limit"
	timed_past_reading "$description" "$after" '' \
		'SELECT read_done() + (p < p)::int + (p <= p)::int + (p >= p)::int + (p > p)::int FROM m;'
	if [ "$state" = 00000 ] && [ "${ms:-0}" -gt "$timeout" ]; then
		ok "$description (finished after $ms ms, past the $timeout ms timeout)"
	elif [ "$state" = 57014 ] && [ "$read_done" != - ] && [ $((ms - timeout)) -gt 1000 ]; then
		ok "$description (cancelled $((ms - timeout)) ms after the timeout)"
	else
		not_ok "$description" "SQLSTATE $state after $ms ms, timeout $timeout ms, reading done at $read_done ms"
	fi

	# Every function of two histograms, and the per-bin views. Each result
	# of kl_div_terms, psi_terms and sparkline takes 200 to 512 MiB, so
	# two calls, which take a few seconds each.
	timeout_checks "$after" '' '4|kl_div(p, q)' '4|cross_entropy(p, q)' '4|jsd(p, q, 2)' \
		'4|js_distance(p, q)' '4|psi(p, q, 1e-6)' '4|chi2_div(p, q, 1e-6)' '8|tv_distance(p, q)' \
		'4|hellinger(p, q)' '8|linf_distance(p, q)' '4|wasserstein(p, q)' '4|ks_distance(p, q)' \
		'4|(entropy(p) + entropy(q))' '2|cardinality(kl_div_terms(p, q, epsilon => 1e-6))' \
		'2|cardinality(psi_terms(p, q, 1e-6))' '2|octet_length(sparkline(p))'
	# compare_histograms stores a row per bin (2^21 rows: 1.5 s a call),
	# which its caller then reads (and PostgreSQL checks for interrupts
	# there). histogram_sum adds up 12 rows of 2^big_log2 bins, read_done()
	# reporting between the reading and the first of them. A NULL row comes
	# first: PostgreSQL copies an aggregate's first input row whole, without
	# checking for interrupts (about a second for 512 MiB here), which would
	# be measured as ours. It copies the first state the transition function
	# returns too, and that copy is measured.
	compared_log2=$((big_log2 < 21 ? big_log2 : 21))
	timeout_check "statement_timeout ${after}ms, 3 x compare_histograms of 2^$compared_log2 bins" \
		"$after" '' "$(sum_of 3 '(SELECT count(*) FROM compare_histograms(s.p, s.q, 1e-6))' \
			"(SELECT p[1:$((1 << compared_log2))] AS p, q[1:$((1 << compared_log2))] AS q FROM m OFFSET 0) s")"
	timeout_check "statement_timeout ${after}ms, histogram_sum of 12 rows" "$after" '' \
		"SELECT cardinality(histogram_sum(h)) FROM (SELECT p, q FROM m WHERE read_done() = 0 OFFSET 0) s,
		     LATERAL (VALUES (NULL)$(printf ', (s.p), (s.q)%.0s' 1 2 3 4 5 6)) v(h);"
	# The scalar kernels, where the build has a switch for them.
	if [ -n "$(q kld_timeout postgres -c "SELECT entropy('{1}'::float8[])" \
		-c "SELECT current_setting('kl_divergence.simd', true)")" ]; then
		for call in 'kl_div(p, q)' 'hellinger(p, q)'; do
			timeout_check "statement_timeout ${after}ms, kl_divergence.simd = off, 4 x $call" "$after" \
				'SET kl_divergence.simd = off;' "$(sum_of 4 "$call")"
		done
	fi

	# rebin at its limit: 1,000,000 edges onto 1,000,000 others, 0.1 s a
	# call. Stored uncompressed, so they are quick to read.
	if q kld_timeout postgres \
		-c 'CREATE UNLOGGED TABLE rebin_args (h float8[], edges float8[], new_edges float8[])' \
		-c 'ALTER TABLE rebin_args ALTER h SET STORAGE EXTERNAL, ALTER edges SET STORAGE EXTERNAL,
		        ALTER new_edges SET STORAGE EXTERNAL' \
		-c "INSERT INTO rebin_args SELECT array_agg(random() ORDER BY i) || 1.0::float8,
		        array_agg(i::float8 ORDER BY i), array_agg(i * 0.999 ORDER BY i)
		    FROM generate_series(1, 1000000) i" \
		-c "CREATE VIEW mr AS SELECT h || '{}'::float8[] AS h, edges || '{}'::float8[] AS edges,
		        new_edges || '{}'::float8[] AS new_edges FROM rebin_args OFFSET 0"; then
		read -r read_ms timeout_r <<<"$(timeout_for \
			'SELECT array_ndims(h) + array_ndims(edges) + array_ndims(new_edges) FROM mr;')"
		echo "# rebin of 1,000,000 edges; reading its arguments takes $read_ms ms; timeout ${timeout_r}ms"
		timeout_checks "$timeout_r" mr '8|cardinality(rebin(h, edges, new_edges))'
	else
		not_ok "set-up of rebin's arguments" "see the errors above"
	fi

	# Multivariate normals of k = 1,024: kl_div_normal (two Cholesky
	# factorizations and a triangular solve, about 0.5 s a call) and
	# frechet_distance (a factorization, two products and a
	# tridiagonalization, seconds a call) check for cancel once a row.
	if q kld_timeout postgres \
		-c 'CREATE UNLOGGED TABLE normal_args (mu1 float8[], cov1 float8[], mu2 float8[], cov2 float8[])' \
		-c "INSERT INTO normal_args
		    SELECT m.mu1, c.cov1, m.mu2, c.cov2
		    FROM (SELECT array_agg(r1 ORDER BY i) AS cov1, array_agg(r2 ORDER BY i) AS cov2
		          FROM (SELECT i, array_agg(CASE WHEN i = j THEN 1024.0 ELSE 0.5 * sin(least(i, j) * 7919.0 + greatest(i, j)) END ORDER BY j) AS r1,
		                       array_agg(CASE WHEN i = j THEN 1000.0 ELSE 0.5 * cos(least(i, j) * 7919.0 + greatest(i, j)) END ORDER BY j) AS r2
		                FROM generate_series(1, 1024) i, generate_series(1, 1024) j GROUP BY i) r) c,
		         (SELECT array_agg(sin(i::float8) ORDER BY i) AS mu1, array_agg(cos(i::float8) ORDER BY i) AS mu2
		          FROM generate_series(1, 1024) i) m" \
		-c "CREATE VIEW mg AS SELECT mu1 || '{}'::float8[] AS mu1, cov1 || '{}'::float8[] AS cov1,
		        mu2 || '{}'::float8[] AS mu2, cov2 || '{}'::float8[] AS cov2 FROM normal_args OFFSET 0"; then
		read -r read_ms timeout_g <<<"$(timeout_for \
			'SELECT array_ndims(mu1) + array_ndims(cov1) + array_ndims(mu2) + array_ndims(cov2) FROM mg;')"
		echo "# multivariate normals of k = 1,024; reading them takes $read_ms ms; timeout ${timeout_g}ms"
		timeout_checks "$timeout_g" mg '8|kl_div_normal(mu1, cov1, mu2, cov2)' \
			'2|frechet_distance(mu1, cov1, mu2, cov2)'
	else
		not_ok "set-up of the multivariate normals" "see the errors above"
	fi

	# Category maps of 1,000,000 keys (as many as category_counts keeps; fewer
	# with a smaller KLD_LIFECYCLE_BIG_LOG2), the same keys in both: every
	# function of two maps, compare_histograms, and category_counts' combine
	# function merging the two (as the transition of an aggregate) with the
	# flattening of its result.
	map_keys=$((big_log2 >= 26 ? 1000000 : 1 << (big_log2 - 6)))
	if q kld_timeout postgres \
		-c 'CREATE UNLOGGED TABLE big_maps (name text PRIMARY KEY, map jsonb COMPRESSION lz4)' \
		-c "INSERT INTO big_maps SELECT n, jsonb_object_agg('k' || i, random())
		    FROM (VALUES ('p'), ('q')) v(n), generate_series(1, $map_keys) i GROUP BY n" \
		-c "CREATE VIEW mj AS SELECT p.map || '{}'::jsonb AS p, q.map || '{}'::jsonb AS q
		    FROM big_maps p, big_maps q WHERE p.name = 'p' AND q.name = 'q' OFFSET 0" \
		-c 'CREATE AGGREGATE merged_counts(jsonb) (SFUNC = category_counts_combine, STYPE = jsonb)'; then
		read -r read_ms timeout_j <<<"$(timeout_for 'SELECT jsonb_typeof(p) || jsonb_typeof(q) FROM mj;')"
		echo "# category maps of $map_keys keys; reading both takes $read_ms ms; timeout ${timeout_j}ms"
		timeout_checks "$timeout_j" mj '4|(entropy(p) + entropy(q))' '4|cross_entropy(p, q)' \
			'4|kl_div(p, q)' '4|jsd(p, q)' '4|js_distance(p, q)' '4|psi(p, q, 1e-6)' \
			'4|chi2_div(p, q, 1e-6)' '4|tv_distance(p, q)' '4|hellinger(p, q)' '4|linf_distance(p, q)' \
			'2|(SELECT count(*) FROM compare_histograms(mj.p, mj.q, 1e-6))'
		timeout_check "statement_timeout ${timeout_j}ms, category_counts_combine of the two maps, flattened" \
			"$timeout_j" '' \
			'SELECT jsonb_typeof(merged_counts(map)) FROM (SELECT p, q FROM mj WHERE read_done() = 0 OFFSET 0) s,
			     LATERAL (VALUES (s.p), (s.q)) v(map);'
	else
		not_ok "set-up of the category maps" "see the errors above"
	fi
	q postgres postgres -c 'DROP DATABASE kld_timeout'
fi

# ---- 5. constant memory per group ------------------------------------------------------
section memory

# Method: the peak resident set size of the backend (VmHWM in
# /proc/self/status, read with pg_read_file, less the shared memory it has
# touched) before and after one query, in a
# fresh session that has already run the same query on 1,000 rows (library,
# catalog caches and plan loaded). The small and the large run scan the same
# whole table (so the shared buffers they touch are the same) and feed the
# aggregate 1/5 or all of its rows. JIT is off (LLVM alone adds ~60 MB of
# mappings) and so is parallelism (workers are other processes). A leak of
# even 1 byte per row would add 4 MB between the two; a positive control with
# array_agg shows that the method sees growth. EXPLAIN ANALYZE also gives
# HashAggregate's own "Batches" and "Memory Usage" (its hash table and the
# transition states): with work_mem = 64kB the group states must fit in
# memory and not grow.
rows_large=${KLD_LIFECYCLE_ROWS:-5000000}
rows_small=$((rows_large / 5))
q postgres postgres -c 'CREATE DATABASE kld_memory' &&
	q kld_memory postgres -c 'CREATE EXTENSION kl_divergence' \
		-c "CREATE UNLOGGED TABLE obs AS SELECT i AS id, i % 3 AS g, random() AS v, (i % 4) * 0.5 AS w
		    FROM generate_series(1, $rows_large) i" \
		-c 'VACUUM ANALYZE obs'
memory_setup=$?

# The backend's peak RSS less the shared memory it has touched (which stays
# mapped, so RssShmem now is at least what it was at the peak): shared buffers
# are not the aggregate's memory, and the ring of buffers a scan uses varies.
private="(SELECT m[1]::int - m[2]::int FROM regexp_match(pg_read_file('/proc/self/status'),
          'VmHWM:\s*(\d+).*RssShmem:\s*(\d+)') m)"

# peak_growth SELECT-LIST GROUP-BY ROWS: prints "<peak growth kB> <batches> <memory kB>".
peak_growth() {
	local out
	out=$(q kld_memory postgres 2>&1 <<-EOF
	SET jit = off;
	SET max_parallel_workers_per_gather = 0;
	SET work_mem = '64kB';
	SELECT count(*) FROM (SELECT $1 FROM obs WHERE id <= 1000 $2) s \g /dev/null
	SELECT 'before=' || $private;
	EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF, SUMMARY OFF) SELECT $1 FROM obs WHERE id <= $3 $2;
	SELECT 'after=' || $private;
	EOF
	)
	local before after
	before=$(grep -oE '^before=[0-9]+' <<<"$out" | cut -d= -f2)
	after=$(grep -oE '^after=[0-9]+' <<<"$out" | cut -d= -f2)
	if [ -z "$before" ] || [ -z "$after" ]; then
		echo "error: $out" >&2
		return 1
	fi
	printf '%s %s %s\n' "$((after - before))" \
		"$(grep -oE 'Batches: [0-9]+' <<<"$out" | head -n 1 | awk '{print $2}')" \
		"$(grep -oE 'Memory Usage: [0-9]+kB' <<<"$out" | head -n 1 | grep -oE '[0-9]+')"
}

memory_check() {	# memory_check DESCRIPTION SELECT-LIST GROUP-BY
	local small large err
	small=$(peak_growth "$2" "$3" "$rows_small" 2>"$work/mem.err")
	large=$(peak_growth "$2" "$3" "$rows_large" 2>>"$work/mem.err")
	err=$(cat "$work/mem.err")
	read -r grow_s batches_s mem_s <<<"$small"
	read -r grow_l batches_l mem_l <<<"$large"
	local what="$1: peak memory for $rows_large rows about that for $rows_small"
	if [ -n "$err" ] || [ -z "$grow_l" ]; then
		not_ok "$what" "$err"
	elif [ $((grow_l - grow_s)) -le 1024 ]; then
		ok "$what (grew by $grow_s kB and $grow_l kB)"
	else
		not_ok "$what" "the backend's peak grew by $grow_s kB for $rows_small rows, $grow_l kB for $rows_large"
	fi
	if [ -n "$3" ] && [ -z "$err" ]; then
		if [ "$batches_l" = 1 ] && [ -n "$mem_l" ] && [ "$mem_l" -le $((mem_s + 8)) ]; then
			ok "$1: HashAggregate stays in 1 batch of ${mem_l} kB with work_mem 64kB (${mem_s} kB for $rows_small rows)"
		else
			not_ok "$1: HashAggregate stays in 1 batch with work_mem 64kB, its memory not growing" \
				"$rows_small rows: $batches_s batches, $mem_s kB; $rows_large rows: $batches_l batches, $mem_l kB"
		fi
	fi
}

if [ "$memory_setup" -ne 0 ]; then
	not_ok "set-up of the memory test table" "see the errors above"
else
	memory_check "histogram(v, 0, 1, 100) GROUP BY g" 'g, histogram(v, 0, 1, 100)' 'GROUP BY g'
	memory_check "histogram(v, w, edges) GROUP BY g" \
		"g, histogram(v, w, '{0.1,0.2,0.3,0.5,0.8,0.9}'::float8[])" 'GROUP BY g'
	memory_check "histogram_sum(float8[]) GROUP BY g" 'g, histogram_sum(ARRAY[v, 1 - v, w])' 'GROUP BY g'
	memory_check "histogram(v, 0, 1, 1000) without GROUP BY" 'histogram(v, 0, 1, 1000)' ''
	# category_counts: 21 categories per group (its jsonb state is expanded
	# in place, not rebuilt per row); quantile_edges: a summary of bounded
	# size over millions of distinct values.
	memory_check "category_counts((v * 20)::int) GROUP BY g" 'g, category_counts((v * 20)::int)' 'GROUP BY g'
	memory_check "category_counts(w, v) GROUP BY g" 'g, category_counts(w, v)' 'GROUP BY g'
	memory_check "quantile_edges(v, 10) GROUP BY g" 'g, quantile_edges(v, 10)' 'GROUP BY g'
	memory_check "quantile_edges(v, 100) without GROUP BY" 'quantile_edges(v, 100)' ''

	# Positive control: array_agg keeps every row, so the method must see it.
	small=$(peak_growth 'g, array_agg(v)' 'GROUP BY g' "$rows_small")
	large=$(peak_growth 'g, array_agg(v)' 'GROUP BY g' "$rows_large")
	grow_s=${small%% *}
	grow_l=${large%% *}
	if [ -n "$grow_l" ] && [ -n "$grow_s" ] &&
		[ $((grow_l - grow_s)) -ge $(((rows_large - rows_small) * 8 / 1024 / 2)) ]; then
		ok "control: the same measure sees array_agg grow ($grow_s kB, then $grow_l kB)"
	else
		not_ok "control: the same measure sees array_agg grow" "grew by '$grow_s' kB, then '$grow_l' kB"
	fi
	q postgres postgres -c 'DROP DATABASE kld_memory'
fi

# ---- the server survived it all --------------------------------------------------------
section

out=$(q postgres postgres -c 'SELECT pg_postmaster_start_time()' 2>&1)
crashes=$(grep -E 'terminated by signal|was terminated|PANIC|server process .* exited with exit code [^0]' \
	"$KLD_CLUSTER_DIR/server.log")
if [ "$out" = "$postmaster_started" ] && [ -z "$crashes" ]; then
	ok "no backend crashed and the server never restarted"
else
	not_ok "no backend crashed and the server never restarted" "started $postmaster_started, now $out"$'\n'"$crashes"
fi

finish
