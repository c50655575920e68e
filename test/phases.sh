# test/phases.sh: counting a test suite's phases, for test/run_tests.sh and
# the suites inside Debian roots (test/platforms/inside_root.sh).
#
# Source it from bash after test/lib.sh. Each phase prints its own line
# "NAME: N passed, N failed"; kld_summary prints the total.

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

# regress_phase NAME: pg_regress (sql/*.sql against expected/*.out) on the
# running cluster.
regress_phase() {
	local out
	out=$(make -s installcheck PG_CONFIG="$KLD_PG_BIN/pg_config" 2>&1)
	printf '%s\n' "$out"
	[ -f regression.diffs ] && cat regression.diffs
	count "$1" "$(grep -cE '\.\.\. ok|^ok [0-9]+ ' <<<"$out")" \
		"$(grep -cE '\.\.\. (FAILED|failed)|^not ok [0-9]+ ' <<<"$out")"
}

# pgtap_phase NAME: test/pgtap/*.sql with pg_prove, in a database of its own.
pgtap_phase() {
	local out tap_total tap_failed
	create_database kld_tap pgtap
	out=$(pg_prove -d kld_tap test/pgtap/*.sql 2>&1)
	printf '%s\n' "$out"
	tap_total=$(grep -oE 'Tests=[0-9]+' <<<"$out" | grep -oE '[0-9]+' || echo 0)
	tap_failed=$(grep -oE 'Failed [0-9]+/[0-9]+ subtests' <<<"$out" |
		awk -F'[ /]' '{s += $2} END {print s + 0}')
	grep -q '^Result: PASS' <<<"$out" || [ "$tap_failed" -gt 0 ] || tap_failed=1
	count "$1" $((tap_total - tap_failed)) "$tap_failed"
}

kld_summary() {	# kld_summary [PREFIX]: the closing line; status 0 if none failed
	echo
	echo "${1:+$1: }$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
