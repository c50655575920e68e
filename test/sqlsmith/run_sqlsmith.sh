#!/usr/bin/env bash
# test/sqlsmith/run_sqlsmith.sh: random queries from sqlsmith against the
# extension on a throwaway cluster; the server must not crash.
#
# sqlsmith builds random queries from the catalog: every function and
# aggregate it can find arguments for, over the tables it sees. It draws
# functions from pg_proc, which holds about 3,000 built-ins, so on its own it
# would rarely pick ours. It reads pg_proc by its unqualified name, so the
# role it connects as has a search_path that puts a view named pg_proc,
# in schema smith, ahead of pg_catalog: the view keeps the extension's
# functions and aggregates plus the built-ins of float8, float8[] and int4
# that can build their arguments. Tables of histograms (float8[] columns of
# several lengths, valid and broken) and float8 columns give it arguments.
#
# Checks (TAP lines, then "sqlsmith: N passed, N failed"):
#   sqlsmith ran its queries; the server did not crash or restart (postmaster
#   start time, server log) and still answers; our functions were called
#   (pg_stat_user_functions with track_functions = all, and the queries that
#   name them); every error one of our functions raised in those queries
#   carries the SQLSTATE README documents for its message; no internal error
#   (XX000) in a query that calls our functions.
#
# Options: --max-queries N (default 5000, about a minute), --seed S (default 1),
# --time-limit SECONDS (default 150: sqlsmith is stopped there, not failed),
# --keep DIR (copy sqlsmith's output, its queries and the server log there).
# Assumes the extension is built and installed (make install).

source "$(dirname "$0")/../lib.sh"

max_queries=5000
seed=1
time_limit=150
keep=
while [ $# -gt 0 ]; do
	case $1 in
	--max-queries) max_queries=$2; shift 2 ;;
	--max-queries=*) max_queries=${1#*=}; shift ;;
	--seed) seed=$2; shift 2 ;;
	--seed=*) seed=${1#*=}; shift ;;
	--time-limit) time_limit=$2; shift 2 ;;
	--time-limit=*) time_limit=${1#*=}; shift ;;
	--keep) keep=$2; shift 2 ;;
	--keep=*) keep=${1#*=}; shift ;;
	*) echo "usage: $0 [--max-queries N] [--seed S] [--time-limit SECONDS] [--keep DIR]" >&2
		exit 2 ;;
	esac
done

kld_ensure_packages sqlsmith
# Every error is logged with its SQLSTATE, and the statement after it.
kld_start_cluster sqlsmith -c track_functions=all -c "log_line_prefix='@@ %e '" \
	-c log_min_error_statement=error
work=$KLD_CLUSTER_DIR/sqlsmith
mkdir -p "$work"

set +e	# from here on a failed check is counted, not fatal

passed=0
failed=0
n=0
ok() { n=$((n + 1)); passed=$((passed + 1)); echo "ok $n - $1"; }
not_ok() {	# not_ok DESCRIPTION DIAGNOSTIC
	n=$((n + 1)); failed=$((failed + 1))
	echo "not ok $n - $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | head -n 30 | sed 's/^/# /'
}
check() {	# check DESCRIPTION CONDITION-COMMAND... (diagnostic from $diag)
	local what=$1
	shift
	if "$@"; then ok "$what"; else not_ok "$what" "${diag:-}"; fi
	diag=
}
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d kld_smith "$@"; }

psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE DATABASE kld_smith' >/dev/null || exit 1
q <<'SQL' || { echo "sqlsmith: 0 passed, 1 failed"; exit 1; }
CREATE ROLE smith LOGIN;
CREATE EXTENSION kl_divergence;

-- The functions sqlsmith may call: ours, and the float8 / int4 built-ins
-- it can nest inside their arguments (no set-returning or side-effect
-- functions). Built-ins that take a float8[] are left out: they are the
-- support functions of avg, corr and friends, which raise internal errors
-- (XX000) on arrays that are not their states.
CREATE SCHEMA smith;
CREATE VIEW smith.pg_proc AS
SELECT * FROM pg_catalog.pg_proc p
WHERE p.oid IN (SELECT objid FROM pg_depend
                WHERE classid = 'pg_proc'::regclass
                  AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'kl_divergence'))
   OR (p.pronamespace = 'pg_catalog'::regnamespace
       AND p.prorettype IN ('float8'::regtype, 'float8[]'::regtype, 'int4'::regtype)
       AND p.proargtypes::oid[] <@ ARRAY['float8'::regtype, 'int4'::regtype]::oid[]);
GRANT USAGE ON SCHEMA smith TO smith;
GRANT SELECT ON smith.pg_proc TO smith;
ALTER ROLE smith IN DATABASE kld_smith SET search_path = smith, pg_catalog, public;

-- Histograms: lengths 1, 3, 5 and 12, mostly valid; some with zeros, NULL,
-- NaN, Infinity or negative elements, empty, 2-D, or a lower bound of 0.
CREATE TABLE hists (id int, h float8[], ref float8[], base float8, eps float8);
INSERT INTO hists
SELECT i,
       CASE i % 17 WHEN 3 THEN '{1,NULL,2}' WHEN 5 THEN '{1,NaN,2}'
            WHEN 7 THEN '{Infinity,1,1}' WHEN 11 THEN '{}' WHEN 13 THEN '{{1,2},{3,4}}'
            WHEN 14 THEN '[0:2]={3,0,1}' WHEN 15 THEN NULL WHEN 16 THEN '{0,0,0}'
            ELSE ARRAY[i % 4, (i * 7) % 5, 1 + i % 2]::float8[] END,
       CASE i % 13 WHEN 4 THEN '{1,-0.5,2}' WHEN 6 THEN '{1,2}' WHEN 8 THEN '{0,1,0}'
            WHEN 9 THEN '{1e308,1.7976931348623157e308,5e-324}' WHEN 12 THEN NULL
            ELSE ARRAY[1 + i % 3, 2, (i * 3) % 4]::float8[] END,
       (ARRAY[NULL, 2, 10, 2.718281828459045, 0.5, 1, 0, -1, 'NaN'])[1 + i % 9]::float8,
       (ARRAY[0, 1e-6, 0.01, NULL, -1, 'Infinity', 5e-324])[1 + i % 7]::float8
FROM generate_series(1, 1200) i;

CREATE TABLE wide (id int, p float8[], q float8[]);
INSERT INTO wide
SELECT i, array_agg(((i * j) % 7)::float8 ORDER BY j), array_agg(((i + j) % 5)::float8 ORDER BY j)
FROM generate_series(1, 400) i, generate_series(1, 12) j GROUP BY i;
INSERT INTO wide VALUES (401, '{1}', '{1}'), (402, '{5e-324,1}', '{1,5e-324}'),
       (403, '{0.2,0.3,0.5,0,0}', '{0,0,0.5,0.3,0.2}');

-- Raw values for the aggregates: bins, edges and weights.
CREATE TABLE readings (id int, v float8, w float8, lo float8, hi float8, nbins int4, edges float8[]);
INSERT INTO readings
SELECT i,
       CASE WHEN i % 41 = 0 THEN 'NaN'::float8 WHEN i % 37 = 0 THEN 'Infinity'
            WHEN i % 31 = 0 THEN NULL ELSE ((i * 0.37) % 10 - 1)::float8 END,
       CASE WHEN i % 29 = 0 THEN -1 WHEN i % 23 = 0 THEN NULL ELSE i % 4 END::float8,
       CASE WHEN i % 53 = 0 THEN 'NaN'::float8 ELSE 0 END,
       CASE WHEN i % 47 = 0 THEN 0 ELSE 8 END::float8,
       CASE WHEN i % 43 = 0 THEN 0 ELSE 4 END,
       CASE WHEN i % 59 = 0 THEN '{3,1}' ELSE '{0,1,1,5}' END::float8[]
FROM generate_series(1, 3000) i;

-- Aggregate states, valid and broken, for histogram_final and histogram_combine.
CREATE TABLE states (id int, s float8[]);
INSERT INTO states VALUES
  (1, '{1,0,8,4,1,2,3,4,5,6}'), (2, '{2,3,0,1,5,1,1,1,1}'), (3, '{1,0,8,4,0,0}'),
  (4, '{3,1,2}'), (5, '{1,0,1,1000000}'), (6, '{2,1000000}'), (7, '{1,0,8,4,1,2,3,4,5,NaN}'),
  (8, '{}'), (9, NULL), (10, '{1,8,0,4,1,2,3,4,5,6}');
INSERT INTO states SELECT id + 10 * k, s FROM states, generate_series(1, 100) k;

GRANT SELECT, INSERT, UPDATE, DELETE ON hists, wide, readings, states TO smith;
ANALYZE;
SQL

start_time=$(q -c 'SELECT pg_postmaster_start_time()')
log=$KLD_CLUSTER_DIR/server.log
log_lines_before=$(wc -l <"$log")

began=$(date +%s)
timeout "$time_limit" sqlsmith \
	--target="host=$PGHOST port=$PGPORT dbname=kld_smith user=smith" \
	--max-queries="$max_queries" --seed="$seed" --exclude-catalog --verbose \
	--dump-all-queries >"$work/queries.sql" 2>"$work/sqlsmith.err"
status=$?
elapsed=$(($(date +%s) - began))

# One progress character per query in sqlsmith's verbose output.
ran=$(grep -E '^queries: [0-9]+' "$work/sqlsmith.err" | tail -n 1 | awk '{print $2}')
if [ -z "$ran" ]; then
	ran=$(grep -vE '^(Loading|Generating|SQLsmith)' "$work/sqlsmith.err" |
		tr -cd '.eStC' | wc -c)
fi
echo "# sqlsmith: $ran queries in ${elapsed}s, exit status $status (seed $seed)"
diag=$(tail -n 5 "$work/sqlsmith.err")
if [ "$status" -eq 124 ]; then
	echo "# stopped at the time limit of ${time_limit}s"
	check "sqlsmith ran $ran queries (stopped at the time limit)" test "$ran" -gt 0
else
	check "sqlsmith ran $ran queries and exited normally" \
		test "$status" -eq 0 -a "${ran:-0}" -gt 0
fi

# The server: same postmaster, no backend killed by a signal, still answering.
now_start=$(q -c 'SELECT pg_postmaster_start_time()' 2>&1)
diag="start time $start_time, now $now_start"
check "the postmaster was not restarted" test "$now_start" = "$start_time"
# (A backend crash makes the postmaster reinitialize, not restart: the start
# time stays, the log tells, with the query that was running.)
crashes=$(tail -n +"$log_lines_before" "$log" |
	grep -E -A2 'terminated by signal|was terminated by exception|all server processes terminated')
diag=$crashes
check "no server process crashed (server log)" test -z "$crashes"
answer=$(q -c "SELECT kl_div('{1,2,3}'::float8[], '{1,2,3}'::float8[]), histogram_sum(h) FROM (VALUES ('{1,2}'::float8[]), ('{3,4}')) t(h)" 2>&1)
diag=$answer
check "the server still answers: kl_div(p, p) = 0, histogram_sum" test "$answer" = "0|{4,6}"

# Our functions, called: successful calls of the scalar functions (aggregate
# transition calls are not counted there), and the queries that name any.
calls=$(q -c "SELECT coalesce(sum(calls), 0) FROM pg_stat_user_functions WHERE schemaname = 'public'")
q -c "SELECT '#   ' || funcname || ': ' || sum(calls) FROM pg_stat_user_functions
      WHERE schemaname = 'public' GROUP BY funcname ORDER BY sum(calls) DESC"
ours='public\.(entropy|cross_entropy|kl_div|jsd|js_distance|tv_distance|hellinger|linf_distance|psi|chi2_div|wasserstein|ks_distance|kl_div_normal|histogram|histogram_sum|histogram_transition|histogram_combine|histogram_final|histogram_sum_transition)\('
naming=$(pat=$ours awk -v RS=';\n' '$0 ~ ENVIRON["pat"] {n++} END {print n + 0}' "$work/queries.sql")
echo "# $naming of $ran queries name our functions; $calls successful calls of them"
diag="pg_stat_user_functions: $calls calls; queries naming them: $naming"
check "sqlsmith called our functions ($calls calls in $naming queries)" \
	test "$calls" -gt 0 -a "$naming" -gt 0

# The errors of the run, from the server log: "@@ SQLSTATE ERROR:  message",
# then "@@ SQLSTATE STATEMENT:  query" (continued on lines without prefix).
# Prints: SQLSTATE <tab> uses-our-functions <tab> message.
errors=$(tail -n +"$log_lines_before" "$log" | pat=$ours awk '
	function flush() { if (msg != "") print code "\t" (stmt ~ ENVIRON["pat"]) "\t" msg; msg = ""; stmt = "" }
	/^@@ / {
		if ($3 == "ERROR:") { flush(); code = $2; msg = $0; sub(/^@@ [0-9A-Z]+ ERROR: +/, "", msg); in_stmt = 0 }
		else if ($3 == "STATEMENT:") { stmt = $0; in_stmt = 1 }
		else in_stmt = 0
		next
	}
	in_stmt { stmt = stmt " " $0 }
	END { flush() }')

# README "Errors": the SQLSTATE of each of our messages.
documented_code() {
	case $1 in
	"value is NaN"* | "invalid lo:"* | "invalid hi:"* | "invalid nbins:"* | \
		*" is not less than hi "* | "edges["*"] is not finite:"* | \
		*" is less than the edge before it:"* | "edges has too many elements"*) echo 2201G ;;
	"invalid base:"*) echo 2201E ;;
	*" can only be called as part of an aggregate") echo 0A000 ;;
	*"] is null" | "lo is null" | "hi is null" | "nbins is null" | "edges is null") echo 22004 ;;
	*" have different lengths "* | *" is empty" | *" dimensions" | \
		"h has "*" bins, but the histograms before it have "*) echo 2202E ;;
	*" is negative: "* | *" is NaN" | *" is infinite: "* | *" has no positive weight" | \
		"invalid epsilon:"* | "invalid sigma"* | "invalid mu"* | *" changed within a group: "* | \
		"invalid histogram state at element "*) echo 22023 ;;
	*) echo "" ;;
	esac
}
ours_total=0
wrong=""
while IFS=$'\t' read -r code uses msg; do
	[ -n "$code" ] || continue
	want=$(documented_code "$msg")
	[ -n "$want" ] || continue
	ours_total=$((ours_total + 1))
	[ "$code" = "$want" ] || wrong+="$code (README: $want): $msg"$'\n'
done <<<"$errors"
echo "# errors raised by our functions, by SQLSTATE:"
while IFS=$'\t' read -r code uses msg; do
	[ -n "$(documented_code "$msg")" ] && echo "$code"
done <<<"$errors" | sort | uniq -c | sed 's/^/#   /'
diag=$(printf '%s' "$wrong" | sort | uniq -c)
check "the $ours_total errors raised by our functions carry README's SQLSTATEs" test -z "$wrong"

internal=$(awk -F'\t' '$1 == "XX000" && $2 == 1 {print $3}' <<<"$errors" | sort | uniq -c)
diag=$internal
check "no internal error (XX000) in a query that calls our functions" test -z "$internal"
echo "# all errors of the run, by SQLSTATE: $(cut -f1 <<<"$errors" | grep . | sort | uniq -c |
	sort -rn | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1}')"

[ "$failed" -gt 0 ] && [ -z "$keep" ] && keep=$(mktemp -d /tmp/kl_divergence-sqlsmith-failed.XXXXXX)
if [ -n "$keep" ]; then
	echo "# sqlsmith's output, its queries and the server log are in $keep"
	mkdir -p "$keep" && cp "$work/queries.sql" "$work/sqlsmith.err" "$log" "$keep/"
fi
echo "1..$n"
echo "sqlsmith: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
