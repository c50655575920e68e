#!/usr/bin/env bash
# test/unit/run_arm64.sh: the C unit tests of the core built for arm64 and
# run under qemu-user, on both kernel sets (scalar and NEON), so the NEON
# kernels are checked bit for bit against the scalar ones on an x86 machine.
# Installs Debian's cross compiler and qemu-user if missing.
source "$(dirname "$0")/../lib.sh"

kld_ensure_packages gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user
cd "$KLD_ROOT"
out=$(mktemp -d)
trap 'rm -rf "$out"; kld_stop_clusters' EXIT
# A private copy of the tree, so the x86 test binaries stay as they are.
git ls-files -z | xargs -0 cp --parents -t "$out" 2>/dev/null || cp -r . "$out"
make -s -C "$out" -f Makefile $(cd "$out" && ls test/unit/test_*.c | sed 's/\.c$//') \
	UNIT_CC=aarch64-linux-gnu-gcc WERROR=-Werror >/dev/null
status=0
for simd in off auto; do
	for t in "$out"/test/unit/test_*; do
		case $t in *.c) continue ;; esac
		KLD_SIMD=$simd qemu-aarch64 -L /usr/aarch64-linux-gnu "$t" | sed "s/^# kernels: /# arm64 kernels: /" || status=1
	done
done
exit $status
