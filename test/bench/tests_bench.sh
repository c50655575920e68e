#!/usr/bin/env bash
# test/bench/tests_bench.sh: what the tests of homogeneity cost next to
# kl_div on the same stored histograms, side by side in one run.
#
# A table of KLD_BENCH_ROWS (200,000) pairs of KLD_BENCH_BINS (100) bins of
# counts; each query sums one function over every pair, serially,
# round-robin for KLD_BENCH_ROUNDS (7) rounds (test/bench/timing.sql). It
# prints each query's median milliseconds, nanoseconds a pair and ratio to
# sum(kl_div(p, q)). The floor is reading the pairs (the sum of their
# lengths). The issue's target: chi2_test at most 1.5x kl_div.

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

psql -X -q -v ON_ERROR_STOP=1 -v rounds="$rounds" -v rows="$rows" \
	-v timing="$KLD_ROOT/test/bench/timing.sql" <<'SQL'
SELECT set_config('bench.rounds', :'rounds', false) \g /dev/null
SET jit = off;
CREATE TEMP TABLE query (id int PRIMARY KEY, label text, workers int, sql text);
INSERT INTO query VALUES
	(1, 'reading the pairs', 0, 'SELECT sum(array_length(p, 1) + array_length(q, 1)) FROM pairs'),
	(2, 'kl_div(p, q)', 0, 'SELECT sum(kl_div(p, q)) FROM pairs'),
	(3, 'chi2_test(p, q)', 0, 'SELECT sum((chi2_test(p, q)).p_value) FROM pairs'),
	(4, 'g_test(p, q)', 0, 'SELECT sum((g_test(p, q)).p_value) FROM pairs'),
	(5, 'ks_test(p, q)', 0, 'SELECT sum((ks_test(p, q)).p_value) FROM pairs'),
	(6, 'psi_test(p, q, 0.1)', 0, 'SELECT sum((psi_test(p, q, 0.1)).p_value) FROM pairs'),
	(7, 'wasserstein(p, q)', 0, 'SELECT sum(wasserstein(p, q)) FROM pairs');

\i :timing

CALL time_rounds();

\pset footer off
SELECT t.*, round((m.ms * 1e6 / :rows)::numeric) AS ns_a_pair,
       round((m.ms / (SELECT ms FROM median WHERE id = 2))::numeric, 2) AS over_kl_div
  FROM median_table t JOIN query q ON q.label = t.query JOIN median m ON m.id = q.id ORDER BY q.id;
SQL
