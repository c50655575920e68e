#!/usr/bin/env bash
# test/fuzz/run_fuzz.sh [SECONDS]: builds the libFuzzer harness of the core
# (fuzz_core.c, clang with ASan and UBSan, no PostgreSQL), runs it over the
# seed corpus, then fuzzes for SECONDS (default 60, or $KLD_FUZZ_SECONDS).
#
# Fuzzes a copy of test/fuzz/corpus (seeds written by make_corpus.py, with
# the dictionary core.dict) in a temporary directory, so the committed
# seeds never grow. Prints TAP lines, then
# "fuzz: N passed, N failed". On a finding it prints the input as hex and
# decoded, keeps it in the temporary directory, and exits non-zero; replay
# it with  KLD_FUZZ_VERBOSE=1 test/fuzz/fuzz_core FILE.
#
# CI runs the default 60 s (about 70 s in all, building included); for a
# longer local hunt: test/fuzz/run_fuzz.sh 3600.

source "$(dirname "$0")/../lib.sh"
set +e

seconds=${1:-${KLD_FUZZ_SECONDS:-60}}
kld_ensure_packages clang-14 libclang-rt-14-dev || exit 1
cd "$KLD_ROOT" || exit 1

passed=0
failed=0
n=0
ok() { n=$((n + 1)); passed=$((passed + 1)); echo "ok $n - $1"; }
not_ok() {	# not_ok DESCRIPTION [DIAGNOSTIC]
	n=$((n + 1)); failed=$((failed + 1))
	echo "not ok $n - $1"
	[ -z "${2:-}" ] || printf '%s\n' "$2" | head -n 60 | sed 's/^/# /'
}
finish() {
	echo "1..$n"
	echo "fuzz: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

work=$(mktemp -d /tmp/kl_divergence-fuzz.XXXXXX)
harness=test/fuzz/fuzz_core		# git-ignored

# 1. Build: the core's sources as they are, with the Makefile's FP flags,
# and the AVX2 / AVX-512 kernels with the instruction-set flags the Makefile
# gives them (kernel_flags there), so the harness can run every set
# (NEON needs no flags on arm64).
# shellcheck disable=SC2054 # the commas are inside one flag
cc=(clang-14 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -g -O1
	-std=gnu99 -Wall -Wextra -Werror -ffp-contract=off -Isrc)
kernel_flags() {
	case "$(clang-14 -dumpmachine):$1" in
		x86_64*:*kernels_avx512.c) echo -mavx512f -mavx512dq -mavx2 -mfma ;;
		x86_64*:*kernels_avx2.c) echo -mavx2 -mfma ;;
	esac
}
build() {
	local src objs=()
	for src in src/core/*.c test/fuzz/fuzz_core.c; do
		# shellcheck disable=SC2046 # the flags are words
		"${cc[@]}" $(kernel_flags "$src") -c -o "$work/$(basename "$src" .c).o" "$src" ||
			return 1
		objs+=("$work/$(basename "$src" .c).o")
	done
	"${cc[@]}" -o "$harness" "${objs[@]}" -lm
}
out=$(build 2>&1)
if [ $? -eq 0 ]; then
	ok "harness builds"
else
	not_ok "harness builds" "$out"
	rm -rf "$work"
	finish
fi

export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# A finding: the input as hex, what it decodes to, and what broke.
report() {	# report DESCRIPTION LOG
	local artifact
	artifact=$(ls -t "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* \
		2>/dev/null | head -n 1)
	not_ok "$1" "$(
		grep -A1 -E '^FINDING|ERROR: |runtime error' "$2" | grep -vE '^(    #|--)' | head -n 20
		if [ -n "$artifact" ]; then
			echo "input ($artifact), hex:"
			od -An -tx1 -v "$artifact"
			echo "decoded:"
			KLD_FUZZ_VERBOSE=1 "$harness" "$artifact" 2>&1 |
				grep -vE '^(INFO|Running|Executed|\*\*\*|MERGE|NOTE|SUMMARY|    #|==)' | head -n 25
		fi
	)"
}

# 2. Every seed, once: the committed corpus doubles as a regression suite.
# libFuzzer works on a copy, which it may add to.
mkdir "$work/corpus"
cp test/fuzz/corpus/* "$work/corpus/"
"$harness" -runs=0 -artifact_prefix="$work/" "$work/corpus" >"$work/seeds.log" 2>&1
if [ $? -eq 0 ]; then
	ok "seed corpus ($(ls test/fuzz/corpus | wc -l) inputs) runs clean"
else
	report "seed corpus runs clean" "$work/seeds.log"
	finish		# the temporary directory is kept, with the input
fi

# 3. Fuzz. The dictionary holds the doubles at the edges of the range.
"$harness" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
	-dict=test/fuzz/core.dict -print_final_stats=1 -artifact_prefix="$work/" \
	"$work/corpus" >"$work/fuzz.log" 2>&1
status=$?
runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$work/fuzz.log" | grep -oE '[0-9]+$')
if [ $status -eq 0 ]; then
	ok "no crash or finding in $seconds s of fuzzing (${runs:-?} inputs)"
	rm -rf "$work"
else
	report "no crash or finding in $seconds s of fuzzing" "$work/fuzz.log"
fi
finish
