#!/usr/bin/env bash
# test/citus/citus_test.sh: every aggregate (gaussian_fit included) and
# drift_report (embedding columns included) on Citus
# distributed tables, each checked against the same query on a local copy
# of the data: equal for histograms and category maps, within the
# documented rank error for quantile_edges.
#
# A coordinator and two workers, each a throwaway cluster on loopback; the
# tables are distributed by id over 8 shards, and the aggregates run grouped
# by the distribution column, by another column and not at all. Runs where
# Citus is installed for the PostgreSQL under test (KLD_PG_VERSION);
# elsewhere it prints that it was skipped. Citus is not a Debian package:
# see the README's "Citus" section for how it was built by hand.
# Ends with "citus: N passed, N failed".
source "$(dirname "$0")/../lib.sh"
set +e

lib=$("$KLD_PG_BIN/pg_config" --pkglibdir)
share=$("$KLD_PG_BIN/pg_config" --sharedir)
if [ ! -f "$lib/citus.so" ] || [ ! -f "$share/extension/citus.control" ]; then
	echo "citus: skipped, Citus is not installed for PostgreSQL $KLD_PG_VERSION"
	echo "citus: 0 passed, 0 failed"
	exit 0
fi

passed=0
failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1: $2"; failed=$((failed + 1)); }
abort() { not_ok "$1" "$2"; echo "citus: $passed passed, $failed failed"; exit 1; }

ports=(5701 5702 5703)	# coordinator, worker 1, worker 2
dirs=()
for port in "${ports[@]}"; do
	kld_start_cluster "citus-$port" -c listen_addresses=127.0.0.1 -c port="$port" \
		-c shared_preload_libraries=citus -c citus.node_conninfo=sslmode=disable \
		-c max_connections=200 -c max_worker_processes=16 ||
		abort "start the Citus node on port $port" "pg_ctl failed"
	dirs+=("$KLD_CLUSTER_DIR")
done
export PGHOST=127.0.0.1 PGPORT=${ports[0]}
node() {	# node PORT SQL
	psql -X -q -v ON_ERROR_STOP=1 -p "$1" -c "$2" >/dev/null
}
for port in "${ports[@]}"; do
	node "$port" "CREATE EXTENSION citus" || abort "CREATE EXTENSION citus on port $port" "failed"
done
node "${ports[0]}" "SELECT citus_set_coordinator_host('127.0.0.1', ${ports[0]});
	SELECT citus_add_node('127.0.0.1', ${ports[1]}); SELECT citus_add_node('127.0.0.1', ${ports[2]});
	CREATE EXTENSION kl_divergence" || abort "add the workers and create the extension" "failed"
psql -X -A -t -c "SELECT citus_version()" -c "SELECT version()"

# The same rows in a local table and a distributed one. x has 4,001
# distinct values, under quantile_edges' exact limit (6,144); y is
# continuous, for the approximate case.
node "${ports[0]}" "SET citus.shard_count = 8; SELECT setseed(0.42);
	CREATE TABLE local_rows AS
	SELECT g AS id, g % 5 AS grp, CASE WHEN g % 10 < 7 THEN 'reference' ELSE 'current' END AS side,
	       round((random() * 4)::numeric, 3)::float8 - CASE WHEN g % 10 >= 7 THEN 0.5 ELSE 0 END AS x,
	       random() AS y, 1 + (g % 3) AS w,
	       (ARRAY['red', 'green', 'blue', NULL])[1 + (g / 10) % 4] AS colour,
	       ((ARRAY['a', 'b', 'c'])[1 + (g / 10) % 3])::varchar(8) AS letter,
	       g % 3 = 0 AS flag
	FROM generate_series(1, 60000) g;
	ALTER TABLE local_rows ADD COLUMN e float8[];
	UPDATE local_rows SET e = ARRAY[x, y, (id % 7)::float8, (id % 11)::float8 / 3];
	UPDATE local_rows SET letter = 'c' WHERE side = 'current' AND id % 3 = 0;
	CREATE TABLE dist_rows (LIKE local_rows);
	SELECT create_distributed_table('dist_rows', 'id');
	INSERT INTO dist_rows SELECT * FROM local_rows;
	CREATE TABLE local_hists AS
	SELECT grp, day, histogram(x, 0, 4, 16) AS h
	FROM (SELECT *, id % 30 AS day FROM local_rows) r GROUP BY grp, day;
	CREATE TABLE dist_hists (LIKE local_hists);
	SELECT create_distributed_table('dist_hists', 'day');
	INSERT INTO dist_hists SELECT * FROM local_hists;" || abort "load the tables" "failed"

# same NAME QUERY: QUERY over {t} gives the same rows with {t} the local
# table and with {t} the distributed one; {h} likewise for the histograms.
same() {
	local name=$1 sql=$2 local_sql dist_sql out
	local_sql=${sql//\{t\}/local_rows}
	local_sql=${local_sql//\{h\}/local_hists}
	dist_sql=${sql//\{t\}/dist_rows}
	dist_sql=${dist_sql//\{h\}/dist_hists}
	out=$(psql -X -A -t -v ON_ERROR_STOP=1 -c "
		SELECT (SELECT count(*) FROM (($local_sql) EXCEPT ALL ($dist_sql)) a) || '|' ||
		       (SELECT count(*) FROM (($dist_sql) EXCEPT ALL ($local_sql)) b) || '|' ||
		       (SELECT count(*) FROM ($local_sql) c)" 2>&1)
	case $out in
	0\|0\|0) not_ok "$name" "no rows to compare" ;;
	0\|0\|*) ok "$name (${out##*|} rows)" ;;
	*) not_ok "$name" "rows only local|only distributed|local rows: $out" ;;
	esac
}

# Each aggregate not grouped, grouped by the distribution column (id) and
# by another column (grp). Arrays and jsonb compare exactly (the weights
# are integers: sums of fractional weights depend on the order of adding).
for agg in "histogram(x, 0, 4, 16)" "histogram(x, w, 0, 4, 16)" \
	"histogram(x, '{0,0.5,1,2,3.5}'::float8[])" "histogram(x, w, '{0,0.5,1,2,3.5}'::float8[])" \
	"category_counts(colour)" "category_counts(colour, w)" "category_counts(letter)" \
	"category_counts(flag::text)" "category_counts(x::text, w)" "quantile_edges(x, 10)"; do
	same "$agg" "SELECT $agg FROM {t}"
	same "$agg GROUP BY id (distribution column)" "SELECT id, $agg FROM {t} GROUP BY id"
	same "$agg GROUP BY grp" "SELECT grp, $agg FROM {t} GROUP BY grp"
done
same "histogram_sum(h)" "SELECT histogram_sum(h) FROM {h}"
same "histogram_sum(h) GROUP BY day (distribution column)" "SELECT day, histogram_sum(h) FROM {h} GROUP BY day"
same "histogram_sum(h) GROUP BY grp" "SELECT grp, histogram_sum(h) FROM {h} GROUP BY grp"
same "divergences over distributed stored histograms" \
	"SELECT a.grp, a.day, kl_div(a.h, b.h, epsilon => 1e-9), psi(a.h, b.h, 1e-4), js_distance(a.h, b.h)
	 FROM {h} a JOIN {h} b ON a.day = b.day AND b.grp = 0"

# The shards really computed partial states (Citus pushed the aggregates
# down and merged them), not the coordinator over pulled rows.
plan=$(psql -X -A -t -c "EXPLAIN (VERBOSE) SELECT grp, category_counts(colour), histogram(x, 0, 4, 16),
	quantile_edges(y, 10) FROM dist_rows GROUP BY grp" 2>&1)
if grep -q "Task Count: 8" <<<"$plan" && grep -q "worker_partial_agg" <<<"$plan" &&
	grep -q "coord_combine_agg" <<<"$plan"; then
	ok "the aggregates run as partial aggregates on the 8 shards, merged on the coordinator"
else
	not_ok "the aggregates run as partial aggregates on the 8 shards, merged on the coordinator" "$plan"
fi

# quantile_edges beyond the exact limit: y has 60,000 distinct values. Each
# inner edge of the distributed result is within 0.25% of the rows of its
# rank in the whole table.
out=$(psql -X -A -t -v ON_ERROR_STOP=1 -c "
	WITH e AS (SELECT quantile_edges(y, 10) AS edges FROM dist_rows),
	     r AS (SELECT k, (SELECT count(*) FROM local_rows WHERE y < e.edges[k + 1])::float8
	                     / (SELECT count(*) FROM local_rows) AS rank
	           FROM e, generate_series(1, 9) k)
	SELECT round((max(abs(rank - k / 10.0)) * 100)::numeric, 4) || '|' || (max(abs(rank - k / 10.0)) <= 0.0025)
	FROM r" 2>&1)
if [ "${out#*|}" = true ]; then
	ok "quantile_edges(y, 10) of 60,000 distinct values: worst rank error ${out%|*}% (bound 0.25%)"
else
	not_ok "quantile_edges(y, 10) of 60,000 distinct values within 0.25% of the rows" "$out"
fi

# drift_report on distributed tables, numeric and categorical columns.
for method in psi js_distance; do
	same "drift_report(method => '$method')" \
		"SELECT * FROM drift_report('SELECT x, colour, letter, flag FROM {t} WHERE side = ''reference''',
		                            'SELECT x, colour, letter, flag FROM {t} WHERE side = ''current''',
		                            method => '$method')"
done
out=$(psql -X -A -t -v ON_ERROR_STOP=1 -c "
	SELECT string_agg(column_name || '=' || drifted, ',' ORDER BY column_name)
	FROM drift_report('SELECT x, y, colour, letter, flag FROM dist_rows WHERE side = ''reference''',
	                  'SELECT x, y, colour, letter, flag FROM dist_rows WHERE side = ''current''')" 2>&1)
if [ "$out" = "colour=false,flag=false,letter=true,x=true,y=false" ]; then
	ok "drift_report on a distributed table flags x (shifted) and letter (remixed), not the others"
else
	not_ok "drift_report on a distributed table flags x (shifted) and letter (remixed), not the others" "$out"
fi

# gaussian_fit over a distributed table: the shards' partial states, merged
# on the coordinator, equal the local fit up to the rounding of the merge
# (the sums are added in another order), grouped or not.
for agg in gaussian_fit gaussian_fit_diagonal; do
	for group in "" grp; do
		out=$(psql -X -A -t -v ON_ERROR_STOP=1 -c "
			WITH l AS (SELECT ${group:-1} AS g, $agg(e) AS f FROM local_rows GROUP BY 1),
			     d AS (SELECT ${group:-1} AS g, $agg(e) AS f FROM dist_rows GROUP BY 1)
			SELECT count(*) || '|' || bool_and((l.f).n = (d.f).n
			       AND (SELECT bool_and(abs(a - b) <= 1e-10 * (1 + abs(a))) FROM unnest((l.f).mean, (d.f).mean) u(a, b))
			       AND (SELECT bool_and(abs(a - b) <= 1e-10 * (1 + abs(a))) FROM unnest((l.f).cov, (d.f).cov) u(a, b)))
			FROM l JOIN d USING (g)" 2>&1)
		if [ "${out#*|}" = true ]; then
			ok "$agg(e)${group:+ GROUP BY $group}: distributed = local within 1e-10 (${out%|*} groups)"
		else
			not_ok "$agg(e)${group:+ GROUP BY $group}: distributed = local within 1e-10" "$out"
		fi
	done
done
plan=$(psql -X -A -t -c "EXPLAIN (VERBOSE) SELECT grp, gaussian_fit(e) FROM dist_rows GROUP BY grp" 2>&1)
if grep -q "worker_partial_agg" <<<"$plan" && grep -q "coord_combine_agg" <<<"$plan"; then
	ok "gaussian_fit runs as a partial aggregate on the shards, merged on the coordinator"
else
	not_ok "gaussian_fit runs as a partial aggregate on the shards, merged on the coordinator" "$plan"
fi
# drift_report's embedding column on the distributed table: the same
# verdict and, within rounding, the same distances as on the local copy.
# (x's shift by half a unit, about 0.43 standard deviations, is a Gaussian
# KL of about 0.09.)
out=$(psql -X -A -t -v ON_ERROR_STOP=1 -c "
	SELECT d.kind || '|' || d.drifted || '|' || (d.drifted = l.drifted
	       AND abs(d.gaussian_kl - l.gaussian_kl) <= 1e-9 * l.gaussian_kl
	       AND abs(d.frechet_distance - l.frechet_distance) <= 1e-9 * l.frechet_distance
	       AND abs(d.mean_cosine_distance - l.mean_cosine_distance) <= 1e-9 * l.mean_cosine_distance)
	FROM drift_report('SELECT e FROM dist_rows WHERE side = ''reference''',
	                  'SELECT e FROM dist_rows WHERE side = ''current''', embedding_threshold => 0.05) d,
	     drift_report('SELECT e FROM local_rows WHERE side = ''reference''',
	                  'SELECT e FROM local_rows WHERE side = ''current''', embedding_threshold => 0.05) l" 2>&1)
if [ "$out" = "embedding|true|true" ]; then
	ok "drift_report flags the embedding e (x shifted) on the distributed table, as on the local one"
else
	not_ok "drift_report flags the embedding e (x shifted) on the distributed table, as on the local one" "$out"
fi

# Other types take the anyelement form, which Citus cannot split; what it
# says is recorded here, and the README says to count value::text.
out=$(psql -X -A -t -c "SELECT category_counts(flag) FROM dist_rows" 2>&1)
echo "# category_counts(boolean) on a distributed table: $(head -n 1 <<<"$out")"

echo "citus: $passed passed, $failed failed"
