#!/usr/bin/env bash
# test/run_tests.sh: the whole test suite, from a fresh Debian 12 machine.
#
# Installs what it needs, builds with -Werror, runs the C unit tests of the
# core (also built for arm64, under qemu-user), the fuzzer and static
# analysis of the core, then against throwaway clusters: pg_regress, pgTAP,
# the README's SQL examples, the postgres_fdw test across two servers, the
# scipy/mpmath oracle, the scheduled drift report under pg_cron, the
# lifecycle test (dump/restore, trusted install, search_path, cancel,
# memory), random SQL, sqlsmith, Citus (where installed), the portable
# phases on PostgreSQL 17 and 18 and on i386 and arm64 in Debian roots
# (test/platforms/), and the regression suite under Valgrind.
# Ends with one line "N passed, N failed".
#
# Environment: KLD_ORACLE_CASES (default 1000), KLD_RANDOM_CASES (3000),
# KLD_SQLSMITH_QUERIES (5000) and KLD_FUZZ_SECONDS (60) set the sizes of
# those phases.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/phases.sh"
set +e

kld_ensure_packages "${KLD_BUILD_PACKAGES[@]}" "postgresql-$KLD_PG_VERSION-pgtap" \
	libtap-parser-sourcehandler-pgtap-perl python3-scipy python3-mpmath python3-gmpy2 python3-statsmodels \
	python3-psycopg2 sqlsmith valgrind clang-14 libclang-rt-14-dev cppcheck clang-tidy-14 \
	"postgresql-$KLD_PG_VERSION-cron" || exit 1

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

# pg_regress: sql/*.sql against expected/*.out; pgTAP, with pg_prove.
regress_phase pg_regress
pgtap_phase pgTAP
# Every SQL example of the README, on fixtures, so none goes stale.
summary_phase readme bash test/readme/readme_examples.sh

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
# The tests of homogeneity and their p-values against mpmath and scipy,
# p_adjust against statsmodels, wasserstein with edges against its integral.
summary_phase oracle-tests env PGDATABASE=kld_oracle "$KLD_PYTHON" test/oracle/tests_oracle.py \
	--cases "${KLD_ORACLE_TESTS_CASES:-300}"
# Multivariate normals (k up to 1,024), gaussian_fit and renyi_div against
# numpy, scipy and mpmath.
tap_phase oracle-gaussian env PGDATABASE=kld_oracle "$KLD_PYTHON" test/oracle/gaussian_oracle.py

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

# Citus: every aggregate and drift_report on distributed tables, where
# Citus is installed for this PostgreSQL (it is not a Debian package).
summary_phase citus bash test/citus/citus_test.sh

# Other PostgreSQL majors, each in a Debian root of its own: 17 (Debian 13,
# with TimescaleDB beside us) and 18 (Debian testing).
summary_phase pg17 bash test/platforms/run_in_root.sh pg17
summary_phase pg18 bash test/platforms/run_in_root.sh pg18
# Other architectures, Debian 12's PostgreSQL 15 in a root of each: i386
# (32-bit, float8 by reference, an x87 server) natively, arm64 under qemu.
summary_phase i386 bash test/platforms/run_in_root.sh i386
summary_phase arm64 bash test/platforms/run_in_root.sh arm64

# The regression suite against a server under Valgrind memcheck.
summary_phase valgrind bash test/valgrind/run_valgrind.sh

kld_summary
