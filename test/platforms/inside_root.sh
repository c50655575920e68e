#!/usr/bin/env bash
# test/platforms/inside_root.sh PREFIX: the suite's portable phases, run
# inside a Debian root (test/platforms/run_in_root.sh puts it there) for
# the PostgreSQL major KLD_PG_VERSION: the build with -Werror, pg_regress
# (the upgrade chain included), pgTAP, the scipy/mpmath oracles on fewer
# cases (unless KLD_NO_ORACLE is set), and TimescaleDB next to us where the
# root has it. Ends with
# "PREFIX: N passed, N failed".
source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../phases.sh"
set +e
prefix=$1

cd "$KLD_ROOT" || exit 1
build=$(kld_build_and_install 2>&1)
status=$?
printf '%s\n' "$build"
if [ $status -ne 0 ]; then
	count build 0 1
	kld_summary "$prefix"
	exit 1
fi
count build 1 0
"$KLD_PG_BIN/postgres" --version

kld_start_cluster test -c max_worker_processes=16 || { count cluster 0 1; kld_summary "$prefix"; exit 1; }
regress_phase pg_regress
pgtap_phase pgTAP
if [ -n "${KLD_NO_ORACLE:-}" ]; then
	echo "oracle: skipped in this root (scipy under emulation is too slow)"
else
	create_database kld_oracle
	summary_phase oracle env PGDATABASE=kld_oracle "$KLD_PYTHON" test/oracle/oracle.py \
		--cases "${KLD_ORACLE_CASES:-200}"
	summary_phase oracle-tests env PGDATABASE=kld_oracle "$KLD_PYTHON" test/oracle/tests_oracle.py \
		--cases "$(( ${KLD_ORACLE_CASES:-200} / 2 ))"
	# The Gaussian functions up to k = 256 (the full 1,024 runs on the host).
	tap_phase oracle-gaussian env PGDATABASE=kld_oracle "$KLD_PYTHON" test/oracle/gaussian_oracle.py \
		--max-k 256
fi
if [ -x "$KLD_PG_BIN/../lib/timescaledb.so" ] || [ -f "/usr/lib/postgresql/$KLD_PG_VERSION/lib/timescaledb.so" ]; then
	summary_phase timescaledb bash test/platforms/timescaledb_test.sh
else
	echo "timescaledb: skipped, not installed for PostgreSQL $KLD_PG_VERSION"
fi
if [ -f "/usr/share/postgresql/$KLD_PG_VERSION/extension/vector.control" ]; then
	summary_phase pgvector bash test/platforms/pgvector_test.sh
else
	echo "pgvector: skipped, not installed for PostgreSQL $KLD_PG_VERSION"
fi
kld_stop_clusters
kld_summary "$prefix"
