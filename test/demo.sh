#!/usr/bin/env bash
# test/demo.sh: the main job. Installs what is missing, builds and installs
# the extension, starts a throwaway cluster and runs the README's tutorial
# (test/tutorial/tutorial.sql) on generated data: two cohorts compared, and a
# drift report of a daily table, printed. Leaves nothing behind.
source "$(dirname "$0")/lib.sh"

kld_ensure_packages "${KLD_BUILD_PACKAGES[@]}"
kld_build_and_install
kld_start_cluster demo
psql -X -q -c 'CREATE EXTENSION kl_divergence'
psql -X -q -v ON_ERROR_STOP=1 -f "$KLD_ROOT/test/tutorial/tutorial.sql"
