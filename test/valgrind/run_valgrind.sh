#!/usr/bin/env bash
# test/valgrind/run_valgrind.sh: the pg_regress suite against a server run
# under Valgrind memcheck (every backend, --trace-children=yes), then a
# count of the errors Valgrind reports with kl_divergence.so in their stack.
# PostgreSQL's own known reports (uninitialised padding written to files and
# sockets, which its source tree suppresses in valgrind.supp) are not ours
# and are only counted, not judged. About two minutes; test/run_tests.sh
# runs it last. (Valgrind emulates no AVX-512, so the AVX2 kernels run.)
source "$(dirname "$0")/../lib.sh"

kld_ensure_packages "${KLD_BUILD_PACKAGES[@]}" valgrind
kld_build_and_install
cd "$KLD_ROOT"

dir=$(mktemp -d /tmp/kl_divergence-valgrind.XXXXXX)
chmod 755 "$dir"
chown "$(kld_cluster_user)" "$dir"
KLD_CLUSTERS+=("$dir")
kld_as_cluster_user "$KLD_PG_BIN/initdb" -D "$dir/data" -U postgres -A trust --no-sync >/dev/null
kld_as_cluster_user bash -c "valgrind --quiet --trace-children=yes --track-origins=yes \
	--error-limit=no --num-callers=30 --log-file='$dir/valgrind.%p.log' \
	'$KLD_PG_BIN/postgres' -D '$dir/data' -c listen_addresses='' -k '$dir' -p 5432 \
	-c fsync=off -c max_worker_processes=16 >'$dir/server.log' 2>&1 &"
export PGHOST=$dir PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
for _ in $(seq 1 120); do
	"$KLD_PG_BIN/pg_isready" -q && break
	sleep 1
done

make -s installcheck PG_CONFIG="$KLD_PG_BIN/pg_config" || true
kld_as_cluster_user "$KLD_PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 300 stop >/dev/null || true

# Each error block starts with "==PID== <kind>" and ends at a blank "==PID==";
# it is ours if a frame is in our library or names one of our source files.
ours_pattern="kl_divergence\\.so|\\(($(cd src && ls *.c core/*.c | xargs -n1 basename | sed 's/\.c$//' | paste -sd'|'))\\.c:"
ours=0
others=0
for log in "$dir"/valgrind.*.log; do
	read -r o t < <(OURS=$ours_pattern awk '
		/^==[0-9]+== [A-Z]/ && !/^==[0-9]+== (HEAP|LEAK|ERROR SUMMARY|All heap|Memcheck|Copyright|Using|Command)/ { inblock = 1; mine = 0; next }
		inblock && $0 ~ ENVIRON["OURS"] { mine = 1 }
		inblock && /^==[0-9]+== $/ { if (mine) o++; else t++; inblock = 0 }
		END { print o + 0, t + 0 }' "$log")
	ours=$((ours + o))
	others=$((others + t))
done
# Keep the logs of the last run for a look at the reports that are not ours.
rm -rf /tmp/kl_divergence-valgrind-last
mkdir -p /tmp/kl_divergence-valgrind-last
cp "$dir"/valgrind.*.log /tmp/kl_divergence-valgrind-last/
echo "valgrind: $(ls "$dir"/valgrind.*.log | wc -l) processes, $ours errors in kl_divergence code, $others elsewhere"
if [ "$ours" -gt 0 ]; then
	grep -l 'kl_divergence\.so' "$dir"/valgrind.*.log | head -n 3 | xargs cat
	echo "valgrind: 0 passed, 1 failed"
	exit 1
fi
echo "valgrind: 1 passed, 0 failed"
