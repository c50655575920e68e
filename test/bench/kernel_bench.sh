#!/usr/bin/env bash
# test/bench/kernel_bench.sh: nanoseconds per (p, q) pair of every core
# function, on the scalar and the SIMD kernel set, at n = 1e3, 1e5, 1e7,
# against a memory baseline (sum of p * q) and, for kl_div and jsd, the
# same sums over glibc's vector log (libmvec) as the limit probe. Plain C, no PostgreSQL: it links
# the core's objects as the unit tests build them.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
make -s test/unit/test_kernels >/dev/null	# builds the core's objects
# The libmvec limit probes (x86-64 only): glibc's vector log, -lmvec.
mvec=
case $(${CC:-cc} -dumpmachine) in x86_64*) mvec=-lmvec ;; esac
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
${CC:-cc} -O2 -std=gnu99 -ffp-contract=off -Isrc test/bench/kernel_bench.c \
	test/unit/core/"$(${CC:-cc} -dumpmachine)"/*.o $mvec -lm -o "$out/kernel_bench"
echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
"$out/kernel_bench"
