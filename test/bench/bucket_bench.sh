#!/usr/bin/env bash
# test/bench/bucket_bench.sh: what asking the server's width_bucket costs.
#
# histogram(value, lo, hi, nbins) computes a value's bucket itself unless
# the value is within a few ulps of a bin edge, where it asks the server
# (README, "Architectures"). Two tables of KLD_BENCH_ROWS rows (default 5M):
# random values, which are never asked about, and values exactly on the
# edges, each of which is; both timed against count(x) of the same table,
# serially and without JIT, medians of KLD_BENCH_ROUNDS rounds (default 7),
# side by side in one run.
source "$(dirname "$0")/setup.sh"
set +e

rows=${KLD_BENCH_ROWS:-5000000}
rounds=${KLD_BENCH_ROUNDS:-7}
kld_bench_setup
kld_bench_header "$rows" "$rounds"
psql -q -X -v ON_ERROR_STOP=1 -c "CREATE EXTENSION kl_divergence" \
	-c "CREATE TABLE random_values AS SELECT random() AS x FROM generate_series(1, $rows)" \
	-c "CREATE TABLE edge_values AS SELECT (g % 100) / 100.0::float8 + 0.01 AS x FROM generate_series(1, $rows) g" \
	-c "VACUUM ANALYZE random_values, edge_values" || exit 1

queries=("SELECT count(x) FROM random_values" "SELECT histogram(x, 0, 1, 100) FROM random_values"
	"SELECT count(x) FROM edge_values" "SELECT histogram(x, 0, 1, 100) FROM edge_values")
declare -A times
for ((round = 1; round <= rounds; round++)); do
	for q in "${queries[@]}"; do
		t=$(psql -X -A -t -c 'SET max_parallel_workers_per_gather = 0' -c 'SET jit = off' \
			-c '\timing on' -c "$q" |
			grep -oE 'Time: [0-9.]+' | awk '{print $2}')
		times[$q]+="$t "
	done
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
printf '%-55s %10s\n' query "median ms"
for q in "${queries[@]}"; do
	printf '%-55s %10s\n' "$q" "$(median "${times[$q]}")"
done
count_random=$(median "${times[${queries[0]}]}")
random_ms=$(median "${times[${queries[1]}]}")
count_edge=$(median "${times[${queries[2]}]}")
edge_ms=$(median "${times[${queries[3]}]}")
awk -v cr="$count_random" -v r="$random_ms" -v ce="$count_edge" -v e="$edge_ms" -v n="$rows" 'BEGIN {
	printf "\nhistogram / count(x): random values %.2f, values on the edges %.2f\n", r / cr, e / ce
	printf "asking the server: %.1f ns a row (what histogram adds to count(x), edges minus random)\n",
		((e - ce) - (r - cr)) * 1e6 / n }'
