#!/usr/bin/env bash
# test/static/run_static.sh: static analysis of src/ with cppcheck and
# clang-tidy, one TAP line per tool and file, then "static: N passed, N failed".
#
# The numeric core (src/core) is plain C and is checked on its own; the SQL
# glue (src/*.c) is checked against the PostgreSQL server headers
# (pg_config --includedir-server), whose own findings are not ours and are
# left out. Exits non-zero if any file has a finding.
#
# cppcheck: --enable=warning,performance,portability (style is left out: it
#   is about taste, and the compiler's -Wall -Wextra -Werror covers the rest).
#   Suppressed, glue only: invalidPointerCast, which flags reading a float8[]
#   through (double *) ARR_DATA_PTR(...). PostgreSQL stores float8 array
#   elements as native, MAXALIGNed doubles, so this is the documented way to
#   read them (PostgreSQL's own code does the same).
#
# clang-tidy: bugprone-*, clang-analyzer-*, cert-*, except
#   bugprone-easily-swappable-parameters: the API takes (p, q), (lo, hi),
#     (mu1, sigma1, mu2, sigma2) side by side by design; the unit tests and the
#     fuzzer's expected-fault oracle check the order instead.
#   and with _PG_init allowed as an identifier (bugprone-reserved-identifier,
#   cert-dcl37-c, cert-dcl51-cpp): PostgreSQL requires that name.
# Known false positives are listed in TIDY_KNOWN below, by file and check
# (not line), each with the reason; they pass, with a "# known false
# positive" comment line under the test.
#
# Environment: PG_CONFIG (default: the PostgreSQL 15 pg_config).

source "$(dirname "$0")/../lib.sh"
set +e

kld_ensure_packages cppcheck clang-tidy-14 "postgresql-server-dev-$KLD_PG_VERSION" || exit 1
cd "$KLD_ROOT" || exit 1

PG_CONFIG=${PG_CONFIG:-$KLD_PG_BIN/pg_config}
PG_INCLUDE=$("$PG_CONFIG" --includedir-server)
# The flags the Makefile compiles with (no optimisation flags: they do not
# change what the tools see), and the SIMD kernels' instruction-set flags
# (kernel_flags in the Makefile), so clang-tidy sees what is compiled.
CFLAGS=(-std=gnu99 -ffp-contract=off -Isrc)
kernel_flags() {
	case "$(clang-14 -dumpmachine 2>/dev/null || uname -m):$1" in
		x86_64*:*kernels_avx512.c) echo -mavx512f -mavx512dq -mavx2 -mfma ;;
		x86_64*:*kernels_avx2.c) echo -mavx2 -mfma ;;
	esac
}

TIDY_CHECKS='-*,bugprone-*,clang-analyzer-*,cert-*,-bugprone-easily-swappable-parameters'
TIDY_CONFIG="{CheckOptions: [
  {key: bugprone-reserved-identifier.AllowedIdentifiers, value: _PG_init},
  {key: cert-dcl37-c.AllowedIdentifiers, value: _PG_init},
  {key: cert-dcl51-cpp.AllowedIdentifiers, value: _PG_init}]}"

# file:check pairs that are false positives.
TIDY_KNOWN=(
	# kld_hist_add_row reads hist only when kld_hist_decode returned KLD_OK;
	# the analyzer cannot see that bad_state() never returns KLD_OK, because
	# kld_fail() (which returns its status argument) is in another file.
	"src/core/histogram_state.c:clang-analyzer-core.uninitialized.Branch"
)

passed=0
failed=0
n=0
ok() {	# ok DESCRIPTION [NOTE]
	n=$((n + 1)); passed=$((passed + 1))
	echo "ok $n - $1"
	[ -z "${2:-}" ] || echo "# $2"
}
not_ok() {	# not_ok DESCRIPTION OUTPUT
	n=$((n + 1)); failed=$((failed + 1))
	echo "not ok $n - $1"
	printf '%s\n' "$2" | head -n 60 | sed 's/^/# /'
}

# ---- cppcheck -----------------------------------------------------------------

cppcheck_file() {	# cppcheck_file FILE EXTRA_ARGS...
	local file=$1 out
	shift
	out=$(cppcheck --enable=warning,performance,portability --std=c99 --quiet \
		--max-configs=1 --suppress=toomanyconfigs --suppress=missingIncludeSystem \
		--error-exitcode=1 -Isrc "$@" "$file" 2>&1)
	if [ $? -eq 0 ] && [ -z "$out" ]; then
		ok "cppcheck $file"
	else
		not_ok "cppcheck $file" "$out"
	fi
}

for file in src/core/*.c; do
	cppcheck_file "$file"
done
for file in src/*.c; do
	cppcheck_file "$file" -I"$PG_INCLUDE" "--suppress=*:$PG_INCLUDE/*" \
		--suppress=invalidPointerCast
done

# ---- clang-tidy ---------------------------------------------------------------

tidy_file() {	# tidy_file FILE EXTRA_COMPILER_ARGS...
	local file=$1 out findings known=() line check entry unknown=0
	shift
	# Findings in PostgreSQL's headers are not shown (system headers).
	out=$(clang-tidy-14 --quiet --checks="$TIDY_CHECKS" --config="$TIDY_CONFIG" \
		"$file" -- "${CFLAGS[@]}" "$@" 2>&1)
	findings=$(grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' <<<"$out")
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		check=$(grep -oE '\[[^]]+\]$' <<<"$line" | tr -d '[]')
		entry="$file:$check"
		if printf '%s\n' "${TIDY_KNOWN[@]}" | grep -qxF "$entry"; then
			known+=("$(cut -d: -f1-3 <<<"$line") $check")
		else
			unknown=1
		fi
	done <<<"$findings"
	if [ "$unknown" -eq 0 ] && ! grep -qE 'error:' <<<"$out"; then
		ok "clang-tidy $file" "${known[*]:+known false positive: ${known[*]}}"
	else
		not_ok "clang-tidy $file" "$out"
	fi
}

for file in src/core/*.c; do
	# shellcheck disable=SC2046 # the flags are words
	tidy_file "$file" $(kernel_flags "$file")
done
for file in src/*.c; do
	tidy_file "$file" -isystem "$PG_INCLUDE"
done

echo "1..$n"
echo "static: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
