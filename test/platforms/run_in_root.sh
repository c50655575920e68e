#!/usr/bin/env bash
# test/platforms/run_in_root.sh NAME: the portable phases of the suite
# (test/platforms/inside_root.sh) on another PostgreSQL major or another
# architecture, in a Debian root made from Debian's own packages:
#
#   pg17   Debian 13 trixie's PostgreSQL 17, with TimescaleDB beside us
#   pg18   Debian testing's PostgreSQL 18
#   i386   Debian 12's PostgreSQL 15 on 32-bit x86 (x87 floating point,
#          float8 passed by reference), run natively
#   arm64  Debian 12's PostgreSQL 15 on arm64, under qemu-user-static
#          (the oracle is left out there: scipy under emulation is slow)
#   s390x  the same on big-endian s390x (not in the suite: run by hand)
#
# The root is cached (test/platforms/roots.sh); the project's files are
# copied into it fresh. Needs root (chroot, mount). Ends with
# "NAME: N passed, N failed".
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/roots.sh"
set +e
name=$1

common=(build-essential python3-scipy python3-mpmath python3-gmpy2 python3-psycopg2 python3-statsmodels
	libtap-parser-sourcehandler-pgtap-perl postgresql-common)
case $name in
pg17) suite=trixie arch=amd64 pg=17 extra=(postgresql-17-timescaledb postgresql-17-pgvector) ;;
pg18) suite=testing arch=amd64 pg=18 extra=(postgresql-18-pgvector) ;;
i386) suite=bookworm arch=i386 pg=15 extra=() ;;
arm64 | s390x) suite=bookworm arch=$name pg=15 extra=() common=(build-essential
	libtap-parser-sourcehandler-pgtap-perl postgresql-common) ;;
*) echo "run_in_root.sh: unknown target $name" >&2; exit 2 ;;
esac

fail() { echo "$name: 0 passed, 1 failed"; exit 1; }

root=$(kld_make_root "$suite" "$arch" "${common[@]}" "postgresql-$pg" \
	"postgresql-server-dev-$pg" "postgresql-$pg-pgtap" "${extra[@]}") || fail
trap 'kld_unmount_roots; kld_stop_clusters' EXIT
kld_copy_tree "$root" || fail
kld_mount_root "$root"
chroot "$root" env -i PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin HOME=/root LC_ALL=C.UTF-8 \
	KLD_PG_VERSION="$pg" KLD_ORACLE_CASES="${KLD_ROOT_ORACLE_CASES:-200}" \
	KLD_NO_ORACLE="$([ "$arch" = arm64 ] || [ "$arch" = s390x ] && echo 1)" \
	bash /build/kl_divergence/test/platforms/inside_root.sh "$name"
