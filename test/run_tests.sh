#!/usr/bin/env bash
# test/run_tests.sh: the whole test suite, from a fresh Debian 12 machine.
#
# Installs what it needs, builds with -Werror, runs the C unit tests of the
# core (also built for arm64, under qemu-user), the fuzzer and static
# analysis of the core, then against throwaway clusters: pg_regress, pgTAP,
# the postgres_fdw test across two servers, the scipy/mpmath oracle, the
# scheduled drift report under pg_cron, the lifecycle test (dump/restore, trusted install, search_path, cancel,
# memory), random SQL, sqlsmith, and the regression suite under Valgrind.
# Ends with one line "N passed, N failed".
#
# Environment: KLD_ORACLE_CASES (default 1000), KLD_RANDOM_CASES (3000),
# KLD_SQLSMITH_QUERIES (5000) and KLD_FUZZ_SECONDS (60) set the sizes of
# those phases.

source "$(dirname "$0")/lib.sh"
set +e

kld_ensure_packages "${KLD_BUILD_PACKAGES[@]}" "postgresql-$KLD_PG_VERSION-pgtap" \
	libtap-parser-sourcehandler-pgtap-perl python3-scipy python3-mpmath python3-gmpy2 \
	python3-psycopg2 sqlsmith valgrind clang-14 libclang-rt-14-dev cppcheck clang-tidy-14 \
	"postgresql-$KLD_PG_VERSION-cron" || exit 1

passed=0
failed=0
count() {	# count PHASE PASSED FAILED
	printf '%s: %d passed, %d failed\n' "$1" "$2" "$3"
	passed=$((passed + $2))
	failed=$((failed + $3))
}

# tap_phase NAME COMMAND...: a phase that prints TAP; its ok and not ok
# lines are counted, and so is a build that failed.
tap_phase() {
	local name=$1 out
	shift
	out=$("$@" 2>&1)
	printf '%s\n' "$out" | grep -vE '^ok '
	count "$name" "$(grep -c '^ok ' <<<"$out")" \
		"$(( $(grep -c '^not ok ' <<<"$out") + $(grep -cE '^make: \*\*\*|^[^ ]+:[0-9]+:([0-9]+:)? (fatal )?error:' <<<"$out") ))"
}

# summary_phase NAME COMMAND...: a phase that ends with its own line
# "NAME: N passed, N failed"; without that line it counts as one failure.
summary_phase() {
	local name=$1 out summary
	shift
	out=$("$@" 2>&1)
	printf '%s\n' "$out" | grep -vE '^ok ' | tail -n 60
	summary=$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed\$" <<<"$out" | tail -n 1)
	if [ -n "$summary" ]; then
		count "$name" "$(awk '{print $2}' <<<"$summary")" "$(awk '{print $4}' <<<"$summary")"
	else
		count "$name" 0 1
	fi
}

# A database with the extension (and more extensions, if named).
create_database() {
	local db=$1
	shift
	psql -q -X -c "CREATE DATABASE $db" >/dev/null &&
		for extension in "$@" kl_divergence; do
			psql -q -X -d "$db" -c "CREATE EXTENSION $extension" >/dev/null
		done
}

cd "$KLD_ROOT" || exit 1
kld_build_and_install || { echo "0 passed, 1 failed"; exit 1; }

# The core on its own: unit tests on every kernel set, the same built for
# arm64 under qemu-user (NEON), libFuzzer (ASan, UBSan), cppcheck and
# clang-tidy.
tap_phase unit make -s unit WERROR=-Werror
tap_phase unit-arm64 bash test/unit/run_arm64.sh
summary_phase fuzz bash test/fuzz/run_fuzz.sh "${KLD_FUZZ_SECONDS:-60}"
summary_phase static bash test/static/run_static.sh

kld_start_cluster test -c max_worker_processes=16 || { echo "0 passed, 1 failed"; exit 1; }

# pg_regress: sql/*.sql against expected/*.out.
out=$(make -s installcheck PG_CONFIG="$KLD_PG_BIN/pg_config" 2>&1)
printf '%s\n' "$out"
[ -f regression.diffs ] && cat regression.diffs
count "pg_regress" "$(grep -cE '\.\.\. ok' <<<"$out")" \
	"$(grep -cE '\.\.\. (FAILED|failed)' <<<"$out")"

# pgTAP, with pg_prove.
create_database kld_tap pgtap
out=$(pg_prove -d kld_tap test/pgtap/*.sql 2>&1)
printf '%s\n' "$out"
tap_total=$(grep -oE 'Tests=[0-9]+' <<<"$out" | grep -oE '[0-9]+' || echo 0)
tap_failed=$(grep -oE 'Failed [0-9]+/[0-9]+ subtests' <<<"$out" |
	awk -F'[ /]' '{s += $2} END {print s + 0}')
grep -q '^Result: PASS' <<<"$out" || [ "$tap_failed" -gt 0 ] || tap_failed=1
count "pgTAP" $((tap_total - tap_failed)) "$tap_failed"

# Across servers: postgres_fdw partitions on a second throwaway cluster.
summary_phase fdw bash test/fdw/fdw_test.sh

# The oracle: scipy and mpmath against the SQL functions, SIMD on and off.
create_database kld_oracle
summary_phase oracle env PGDATABASE=kld_oracle "$KLD_PYTHON" test/oracle/oracle.py \
	--cases "${KLD_ORACLE_CASES:-1000}"
# The per-bin terms against scipy's rel_entr, rebin against plain Python;
# quantile_edges against its definition, and its rank error on 1M rows.
tap_phase oracle-per-bin env PGDATABASE=kld_oracle "$KLD_PYTHON" test/oracle/per_bin_oracle.py
tap_phase oracle-quantile env PGDATABASE=kld_oracle "$KLD_PYTHON" test/oracle/quantile_oracle.py

# The README's scheduled drift report, run by pg_cron on its own cluster.
summary_phase cron bash test/cron/cron_test.sh

# Lifecycle: dump/restore, trusted install, search_path safety of the
# scripts, statement_timeout inside long calls, memory per group.
summary_phase lifecycle bash test/lifecycle/lifecycle_test.sh

# Random SQL: thousands of hostile argument sets against every function;
# sqlsmith: random queries that call the extension. The server must not crash.
create_database kld_random
summary_phase random_sql env PGDATABASE=kld_random "$KLD_PYTHON" test/random/random_sql.py \
	--cases "${KLD_RANDOM_CASES:-3000}"
summary_phase sqlsmith bash test/sqlsmith/run_sqlsmith.sh \
	--max-queries "${KLD_SQLSMITH_QUERIES:-5000}"

# The regression suite against a server under Valgrind memcheck.
summary_phase valgrind bash test/valgrind/run_valgrind.sh

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
