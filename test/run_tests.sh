#!/usr/bin/env bash
# test/run_tests.sh: the whole test suite, from a fresh Debian 12 machine.
#
# Installs what it needs, builds with -Werror, runs the C unit tests of the
# core (also built for arm64, under qemu-user), pg_regress, pgTAP, the
# postgres_fdw test across two servers, the scipy/mpmath oracle, the
# lifecycle test (dump/restore, trusted install, search_path, cancel,
# memory), random SQL and sqlsmith against throwaway clusters, and ends with
# one line "N passed, N failed".
#
# Environment: KLD_ORACLE_CASES (default 1000), KLD_RANDOM_CASES (3000),
# KLD_SQLSMITH_QUERIES (5000) and KLD_FUZZ_SECONDS (60) set the sizes of
# those phases.

source "$(dirname "$0")/lib.sh"
set +e

kld_ensure_packages "${KLD_BUILD_PACKAGES[@]}" "postgresql-$KLD_PG_VERSION-pgtap" \
	libtap-parser-sourcehandler-pgtap-perl python3-scipy python3-mpmath python3-gmpy2 \
	python3-psycopg2 sqlsmith valgrind clang-14 libclang-rt-14-dev cppcheck clang-tidy-14 || exit 1

passed=0
failed=0
count() {	# count PHASE PASSED FAILED
	printf '%s: %d passed, %d failed\n' "$1" "$2" "$3"
	passed=$((passed + $2))
	failed=$((failed + $3))
}

cd "$KLD_ROOT" || exit 1
kld_build_and_install || { echo "0 passed, 1 failed"; exit 1; }

# 1. C unit tests of the core, on every kernel set: each binary prints TAP.
out=$(make -s unit WERROR=-Werror 2>&1)
printf '%s\n' "$out" | grep -vE '^ok '
count "unit" "$(grep -c '^ok ' <<<"$out")" \
	"$(( $(grep -c '^not ok ' <<<"$out") + $(grep -cE '^make: \*\*\*|error:' <<<"$out") ))"

# 1b. The same unit tests built for arm64 and run under qemu-user (NEON).
out=$(bash test/unit/run_arm64.sh 2>&1)
printf '%s\n' "$out" | grep -vE '^ok '
count "unit-arm64" "$(grep -c '^ok ' <<<"$out")" \
	"$(( $(grep -c '^not ok ' <<<"$out") + $(grep -cE '^make: \*\*\*|error:' <<<"$out") ))"

# 1c. libFuzzer over the core (ASan, UBSan, every kernel set), and static
# analysis of src/ (cppcheck, clang-tidy). Neither needs a server.
for phase in "fuzz test/fuzz/run_fuzz.sh ${KLD_FUZZ_SECONDS:-60}" "static test/static/run_static.sh"; do
	read -r name script args <<<"$phase"
	out=$(bash "$script" $args 2>&1)
	printf '%s\n' "$out" | grep -vE '^ok '
	summary=$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed\$" <<<"$out" | tail -n 1)
	if [ -n "$summary" ]; then
		count "$name" "$(awk '{print $2}' <<<"$summary")" "$(awk '{print $4}' <<<"$summary")"
	else
		count "$name" 0 1
	fi
done

kld_start_cluster test -c max_worker_processes=16 || { echo "0 passed, 1 failed"; exit 1; }

# 2. pg_regress: sql/*.sql against expected/*.out.
out=$(make -s installcheck PG_CONFIG="$KLD_PG_BIN/pg_config" 2>&1)
printf '%s\n' "$out"
[ -f regression.diffs ] && cat regression.diffs
count "pg_regress" "$(grep -cE '\.\.\. ok' <<<"$out")" \
	"$(grep -cE '\.\.\. (FAILED|failed)' <<<"$out")"

# 3. pgTAP, with pg_prove.
psql -q -X -c 'CREATE DATABASE kld_tap' >/dev/null
psql -q -X -d kld_tap -c 'CREATE EXTENSION pgtap; CREATE EXTENSION kl_divergence' >/dev/null
out=$(pg_prove -d kld_tap test/pgtap/*.sql 2>&1)
printf '%s\n' "$out"
tap_total=$(grep -oE 'Tests=[0-9]+' <<<"$out" | grep -oE '[0-9]+' || echo 0)
tap_failed=$(grep -oE 'Failed [0-9]+/[0-9]+ subtests' <<<"$out" |
	awk -F'[ /]' '{s += $2} END {print s + 0}')
grep -q '^Result: PASS' <<<"$out" || [ "$tap_failed" -gt 0 ] || tap_failed=1
count "pgTAP" $((tap_total - tap_failed)) "$tap_failed"

# 4. Across servers: postgres_fdw partitions on a second throwaway cluster.
out=$(bash test/fdw/fdw_test.sh 2>&1)
printf '%s\n' "$out" | grep -vE '^ok '
summary=$(grep -E '^fdw: [0-9]+ passed, [0-9]+ failed$' <<<"$out" | tail -n 1)
if [ -n "$summary" ]; then
	count "fdw" "$(awk '{print $2}' <<<"$summary")" "$(awk '{print $4}' <<<"$summary")"
else
	count "fdw" 0 1
fi

# 5. The oracle: scipy and mpmath against the SQL functions.
psql -q -X -c 'CREATE DATABASE kld_oracle' >/dev/null
psql -q -X -d kld_oracle -c 'CREATE EXTENSION kl_divergence' >/dev/null
out=$(PGDATABASE=kld_oracle "$KLD_PYTHON" test/oracle/oracle.py \
	--cases "${KLD_ORACLE_CASES:-1000}" 2>&1)
printf '%s\n' "$out" | tail -n 40
summary=$(grep -E '^oracle: [0-9]+ passed, [0-9]+ failed$' <<<"$out" | tail -n 1)
if [ -n "$summary" ]; then
	count "oracle" "$(awk '{print $2}' <<<"$summary")" "$(awk '{print $4}' <<<"$summary")"
else
	count "oracle" 0 1
fi

# 6. Lifecycle: dump/restore, trusted install, search_path safety of the
# scripts, statement_timeout inside long calls, memory per group.
out=$(bash test/lifecycle/lifecycle_test.sh 2>&1)
printf '%s\n' "$out" | grep -vE '^ok '
summary=$(grep -E '^lifecycle: [0-9]+ passed, [0-9]+ failed$' <<<"$out" | tail -n 1)
if [ -n "$summary" ]; then
	count "lifecycle" "$(awk '{print $2}' <<<"$summary")" "$(awk '{print $4}' <<<"$summary")"
else
	count "lifecycle" 0 1
fi

# 7. Random SQL: thousands of hostile argument sets against every function.
psql -q -X -c 'CREATE DATABASE kld_random' >/dev/null
psql -q -X -d kld_random -c 'CREATE EXTENSION kl_divergence' >/dev/null
out=$(PGDATABASE=kld_random "$KLD_PYTHON" test/random/random_sql.py \
	--cases "${KLD_RANDOM_CASES:-3000}" 2>&1)
printf '%s\n' "$out" | grep -vE '^ok ' | tail -n 40
summary=$(grep -E '^random_sql: [0-9]+ passed, [0-9]+ failed$' <<<"$out" | tail -n 1)
if [ -n "$summary" ]; then
	count "random_sql" "$(awk '{print $2}' <<<"$summary")" "$(awk '{print $4}' <<<"$summary")"
else
	count "random_sql" 0 1
fi

# 8. sqlsmith: random queries that call the extension; the server must not crash.
out=$(bash test/sqlsmith/run_sqlsmith.sh --max-queries "${KLD_SQLSMITH_QUERIES:-5000}" 2>&1)
printf '%s\n' "$out" | grep -vE '^ok ' | tail -n 40
summary=$(grep -E '^sqlsmith: [0-9]+ passed, [0-9]+ failed$' <<<"$out" | tail -n 1)
if [ -n "$summary" ]; then
	count "sqlsmith" "$(awk '{print $2}' <<<"$summary")" "$(awk '{print $4}' <<<"$summary")"
else
	count "sqlsmith" 0 1
fi

# 9. The regression suite against a server under Valgrind memcheck.
out=$(bash test/valgrind/run_valgrind.sh 2>&1)
printf '%s\n' "$out" | grep -E '^valgrind:|FAILED'
summary=$(grep -E '^valgrind: [0-9]+ passed, [0-9]+ failed$' <<<"$out" | tail -n 1)
if [ -n "$summary" ]; then
	count "valgrind" "$(awk '{print $2}' <<<"$summary")" "$(awk '{print $4}' <<<"$summary")"
else
	count "valgrind" 0 1
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
