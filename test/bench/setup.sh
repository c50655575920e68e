# test/bench/setup.sh: what the SQL benchmarks share (sourced; it sources
# test/lib.sh): a fresh machine made ready, and the lines that say where the
# numbers come from.

source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

# kld_bench_setup: installs what is missing, builds and installs the
# extension and starts a throwaway cluster. The tables stay in memory, so the
# benchmarks time CPU, not disk; a table over a quarter of shared_buffers is
# read through a small ring of buffers from the kernel's page cache, as a big
# table would be.
kld_bench_setup() {
	kld_ensure_packages "${KLD_BUILD_PACKAGES[@]}"
	kld_build_and_install
	kld_start_cluster bench -c shared_buffers=1GB -c max_worker_processes=8 \
		-c max_parallel_workers=4
}

# kld_bench_header ROWS ROUNDS: the machine, the server and the run's size.
kld_bench_header() {
	echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
	psql -X -A -t -c "SELECT version()" \
		-c "SELECT 'jit: ' || current_setting('jit') || ', available: ' || pg_jit_available()"
	echo "rows: $1, rounds: $2"
	echo
}
