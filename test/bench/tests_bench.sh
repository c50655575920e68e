#!/usr/bin/env bash
# test/bench/tests_bench.sh: what the tests of homogeneity cost next to
# kl_div on the same stored histograms, side by side in one run.
#
# A table of KLD_BENCH_ROWS (200,000) pairs of KLD_BENCH_BINS (100) bins of
# counts; each query sums one function over every pair, serially, round-robin
# for KLD_BENCH_ROUNDS (7) rounds; the table prints each query's median
# milliseconds and its ratio to sum(kl_div(p, q)). The floor is reading the
# pairs (sum of their lengths). The issue's target: chi2_test at most 1.5x
# kl_div.

source "$(dirname "$0")/setup.sh"
set +e

rows=${KLD_BENCH_ROWS:-200000}
bins=${KLD_BENCH_BINS:-100}
rounds=${KLD_BENCH_ROUNDS:-7}
kld_bench_setup
kld_bench_header "$rows pairs of $bins bins" "$rounds"
psql -q -X -v ON_ERROR_STOP=1 -c "CREATE EXTENSION kl_divergence" \
	-c "CREATE TABLE pairs AS SELECT i,
	        (SELECT array_agg(floor(random() * 1000)::float8) FROM generate_series(1, $bins) WHERE i > 0) AS p,
	        (SELECT array_agg(floor(random() * 1000)::float8) FROM generate_series(1, $bins) WHERE i > 0) AS q
	    FROM generate_series(1, $rows) i" \
	-c "VACUUM ANALYZE pairs" || exit 1

queries=("SELECT sum(array_length(p, 1) + array_length(q, 1)) FROM pairs"
	"SELECT sum(kl_div(p, q)) FROM pairs"
	"SELECT sum((chi2_test(p, q)).p_value) FROM pairs"
	"SELECT sum((g_test(p, q)).p_value) FROM pairs"
	"SELECT sum((ks_test(p, q)).p_value) FROM pairs"
	"SELECT sum((psi_test(p, q, 0.1)).p_value) FROM pairs"
	"SELECT sum(wasserstein(p, q)) FROM pairs")
declare -A times
for ((round = 1; round <= rounds; round++)); do
	for q in "${queries[@]}"; do
		t=$(psql -X -A -t -c 'SET max_parallel_workers_per_gather = 0' -c 'SET jit = off' \
			-c '\timing on' -c "$q" | grep -oE 'Time: [0-9.]+' | awk '{print $2}')
		times[$q]+="$t "
	done
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
kl=$(median "${times[${queries[1]}]}")
printf '%-60s %10s %12s %12s\n' query "median ms" "ns a pair" "/ kl_div"
for q in "${queries[@]}"; do
	m=$(median "${times[$q]}")
	awk -v q="$q" -v m="$m" -v kl="$kl" -v n="$rows" 'BEGIN {
		printf "%-60s %10.1f %12.0f %12.2f\n", q, m, m * 1e6 / n, m / kl }'
done
