#!/usr/bin/env bash
# test/fdw/fdw_test.sh: the histogram aggregates across two servers.
#
# Starts a "remote" and a "local" cluster. The local one has a table
# readings partitioned by day: days 1-2 are local partitions, days 3-6 are
# postgres_fdw foreign tables on the remote server. The same rows are also
# in a plain local table readings_all, the single-server reference. Every
# check compares the two on the local server, so the only difference is
# PostgreSQL's own machinery: foreign scans, aggregates pushed down to the
# remote server, partitionwise and partial aggregation.
#
# Prints TAP lines, then "fdw: N passed, N failed"; exits non-zero on failure.
# Assumes the extension is built and installed (make install).

source "$(dirname "$0")/../lib.sh"

kld_start_cluster fdw-remote
remote_dir=$KLD_CLUSTER_DIR
kld_start_cluster fdw-local
local_dir=$KLD_CLUSTER_DIR

set +e	# from here on a failed check is counted, not fatal

rsql() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$remote_dir" "$@"; }
lsql() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$local_dir" "$@"; }

passed=0
failed=0
n=0
finish() {
	echo "1..$n"
	echo "fdw: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}
ok() { n=$((n + 1)); passed=$((passed + 1)); echo "ok $n - $1"; }
not_ok() {	# not_ok DESCRIPTION DIAGNOSTIC
	n=$((n + 1)); failed=$((failed + 1))
	echo "not ok $n - $1"
	printf '%s\n' "$2" | head -n 30 | sed 's/^/# /'
}

# check_same DESCRIPTION SQL_A SQL_B: both give the same, non-empty output on
# the local server. float8 text output is the shortest exact form, so equal
# text means equal values.
check_same() {
	local a b ra rb
	a=$(lsql -c "$2" 2>&1); ra=$?
	b=$(lsql -c "$3" 2>&1); rb=$?
	if [ $ra -eq 0 ] && [ $rb -eq 0 ] && [ -n "$a" ] && [ "$a" = "$b" ]; then
		ok "$1"
	else
		not_ok "$1" "$(diff <(printf '%s\n' "$a") <(printf '%s\n' "$b"))"
	fi
}

# ---- set-up -----------------------------------------------------------------

remote_days=(3 4 6 5)	# created out of order: the order of partitions must not matter
setup() {
	local d
	rsql -c 'CREATE EXTENSION kl_divergence' || return
	for d in "${remote_days[@]}"; do
		rsql -c "CREATE TABLE readings_d$d (day int NOT NULL CHECK (day = $d), v float8, w float8)" ||
			return
	done

	lsql <<-EOF || return
	CREATE EXTENSION kl_divergence;
	CREATE EXTENSION postgres_fdw;
	-- extensions: lets postgres_fdw ship kl_divergence's functions and aggregates
	CREATE SERVER remote FOREIGN DATA WRAPPER postgres_fdw
	    OPTIONS (host '$remote_dir', port '5432', dbname 'postgres',
	             extensions 'kl_divergence', batch_size '1000');
	CREATE USER MAPPING FOR postgres SERVER remote OPTIONS (user 'postgres');

	-- The reference: every row in one plain table. v drifts with the day;
	-- one row in 7 sits exactly on a multiple of 5 (bin edges and lo/hi),
	-- some v and w are NULL, weights are multiples of 0.25 (some 0) so their
	-- sums are exact in any order.
	SELECT setseed(0.42) \g /dev/null
	CREATE TABLE readings_all (day int NOT NULL, v float8, w float8);
	INSERT INTO readings_all
	SELECT day,
	       CASE WHEN i % 101 = 0 THEN NULL
	            WHEN i % 7 = 0 THEN 5 * floor(random() * 25) - 10
	            ELSE random() * 110 - 10 + 2 * day
	       END,
	       CASE WHEN i % 53 = 0 THEN NULL ELSE (i % 5) * 0.25 END
	FROM generate_series(1, 6) AS day, generate_series(1, 10000) AS i;

	CREATE TABLE readings (day int NOT NULL, v float8, w float8) PARTITION BY LIST (day);
	CREATE TABLE readings_d1 PARTITION OF readings FOR VALUES IN (1);
	CREATE TABLE readings_d2 PARTITION OF readings FOR VALUES IN (2);
	EOF
	for d in "${remote_days[@]}"; do
		lsql -c "CREATE FOREIGN TABLE readings_d$d PARTITION OF readings FOR VALUES IN ($d)
		         SERVER remote OPTIONS (table_name 'readings_d$d')" || return
	done
	# Tuple routing sends days 3-6 to the remote server, so both sides hold
	# the very same rows (postgres_fdw ships float8 with extra_float_digits 3).
	lsql -c 'INSERT INTO readings SELECT * FROM readings_all' || return
	rsql -c 'ANALYZE' || return
	lsql -c 'ANALYZE readings_all' -c 'ANALYZE readings' || return
}
if ! setup; then
	not_ok "set-up of the two servers" "see the errors above"
	finish
fi

# ---- the checks -------------------------------------------------------------

edges="'{-5,0,2.5,10,20,33.3,50,75,99.5,100,105}'::float8[]"
ew="histogram(v, 0, 100, 20)"
eww="histogram(v, w, 0, 100, 20)"
ed="histogram(v, $edges)"
edw="histogram(v, w, $edges)"
per_day() { echo "SELECT day, $1 FROM $2 GROUP BY day ORDER BY day"; }
pwa="SET enable_partitionwise_aggregate = on;"

# The data really is split: the remote server holds days 3-6, row for row.
rows="md5(string_agg(format('%s %s %s', day, v, w), ',' ORDER BY day, v, w))"
union=$(printf 'SELECT * FROM readings_d%s UNION ALL ' "${remote_days[@]}")
remote_rows=$(rsql -c "SELECT count(*), $rows FROM (${union% UNION ALL }) s")
local_rows=$(lsql -c "SELECT count(*), $rows FROM readings_all WHERE day >= 3")
if [ -n "$remote_rows" ] && [ "$remote_rows" = "$local_rows" ] &&
	[ "$(lsql -c 'SELECT count(*) FROM ONLY readings_d1')" = 10000 ]; then
	ok "remote server holds days 3-6 with the reference rows, local partitions the rest"
else
	not_ok "remote server holds days 3-6 with the reference rows, local partitions the rest" \
		"remote: $remote_rows"$'\n'"local:  $local_rows"
fi

# The reference itself, against width_bucket(): counts (or weights) per
# bucket 0 .. nbuckets-1, as float8[], per day.
by_bucket() {	# by_bucket BUCKET_EXPR NBUCKETS AGG
	echo "SELECT day, array_agg(coalesce(c, 0)::float8 ORDER BY b)
	      FROM (SELECT DISTINCT day FROM readings_all) d
	      CROSS JOIN generate_series(0, $2 - 1) AS b
	      LEFT JOIN (SELECT day, $1 AS b, $3 AS c FROM readings_all
	                 WHERE v IS NOT NULL GROUP BY 1, 2) g USING (day, b)
	      GROUP BY day ORDER BY day"
}
check_same "reference: histogram(v, lo, hi, nbins) per day counts width_bucket(v, lo, hi, nbins)" \
	"$(per_day "$ew" readings_all)" "$(by_bucket 'width_bucket(v, 0, 100, 20)' 22 'count(*)')"
check_same "reference: histogram(v, w, edges) per day sums w by width_bucket(v, edges)" \
	"$(per_day "$edw" readings_all)" "$(by_bucket "width_bucket(v, $edges)" 12 'sum(w)')"

# 1-2. Per day over the partitioned table (local and foreign partitions)
# against the reference, with the default plan (no partitionwise aggregation).
for agg in "$ew" "$ed" "$eww" "$edw"; do
	check_same "per day, mixed partitions: $agg" "$(per_day "$agg" readings)" "$(per_day "$agg" readings_all)"
done

# 3. Rolling the per-day histograms up gives the histogram of all the rows.
for agg in "$ew" "$edw"; do
	check_same "histogram_sum of per-day $agg equals $agg of all rows" \
		"SELECT histogram_sum(h) FROM ($(per_day "$agg AS h" readings)) s" \
		"SELECT $agg FROM readings_all"
done

# 4. Partitionwise aggregation: the per-day aggregate of each foreign
# partition runs on the remote server.
pushed_down() {	# pushed_down DESCRIPTION QUERY: one remote histogram( per foreign partition
	local plan pushed
	plan=$(lsql -c "$pwa EXPLAIN (VERBOSE, COSTS OFF) $2" 2>&1)
	pushed=$(grep -cE '^ *Remote SQL: SELECT .*histogram\(' <<<"$plan")
	if [ "$pushed" -eq ${#remote_days[@]} ] &&
		[ "$(grep -c 'Foreign Scan' <<<"$plan")" -eq ${#remote_days[@]} ]; then
		ok "$1"
		grep -m1 'Remote SQL' <<<"$plan" | sed 's/^ */# e.g. /'
	else
		not_ok "$1" "$pushed of ${#remote_days[@]} remote partitions aggregate remotely; plan:"$'\n'"$plan"
	fi
}
for agg in "$ew" "$edw"; do
	pushed_down "partitionwise: $agg per day is pushed down to the remote server" \
		"$(per_day "$agg" readings)"
	check_same "partitionwise: $agg per day equals the reference" \
		"$pwa $(per_day "$agg" readings)" "$(per_day "$agg" readings_all)"
done

# 5. No GROUP BY: the planner may aggregate partially per partition, then
# combine. Report what it chose, then compare.
for agg in "$ew" "$edw"; do
	plan=$(lsql -c "$pwa EXPLAIN (VERBOSE, COSTS OFF) SELECT $agg FROM readings")
	if grep -qE 'Remote SQL: SELECT .*histogram\(' <<<"$plan"; then
		echo "# plan of whole-table $agg: pushed down (partially) to the remote server"
	elif grep -q 'Partial Aggregate' <<<"$plan"; then
		echo "# plan of whole-table $agg: partial aggregates per partition, rows fetched from the remote server, combined locally"
	else
		echo "# plan of whole-table $agg: one aggregate over the appended partitions"
	fi
	check_same "partitionwise, whole table: $agg equals the reference" \
		"$pwa SELECT $agg FROM readings" "SELECT $agg FROM readings_all"
done

# 6. Drift across servers: PSI of day 3 (remote) against all days.
psi_of() {
	echo "SELECT psi($ed FILTER (WHERE day = 3), (SELECT $ed FROM readings_all)) FROM $1"
}
check_same "psi(day 3 from the remote server, reference) equals the single-server value" \
	"$pwa $(psi_of readings)" "$(psi_of readings_all)"
value=$(lsql -c "$(psi_of readings)")
if [ "$(lsql -c "SELECT '$value'::float8 > 0 AND '$value'::float8 < 'Infinity'" 2>&1)" = t ]; then
	ok "psi of the drifted day 3 is positive and finite ($value)"
else
	not_ok "psi of the drifted day 3 is positive and finite" "psi = $value"
fi

# And per day, with the reference as a literal so the whole psi() can ship.
ref=$(lsql -c "SELECT $ed FROM readings_all")
psi_day="psi($ed, '$ref'::float8[])"
plan=$(lsql -c "$pwa EXPLAIN (VERBOSE, COSTS OFF) $(per_day "$psi_day" readings)")
echo "# plan of per-day psi: $(grep -cE 'Remote SQL: SELECT .*psi\(' <<<"$plan") of ${#remote_days[@]} remote partitions compute psi() remotely"
check_same "partitionwise: per-day psi against a literal reference equals the single-server values" \
	"$pwa $(per_day "$psi_day" readings)" "$(per_day "$psi_day" readings_all)"

finish
