#!/usr/bin/env bash
# test/cron/cron_test.sh: the README's scheduled drift report, end to end.
#
# A throwaway cluster with pg_cron (Debian's postgresql-15-cron, jobs run in
# background workers), the tutorial's data in a schema owned by a role that
# is not a superuser, and two jobs that this role schedules every minute:
# the README's INSERT ... SELECT FROM drift_report(...) into a history
# table, and one whose queries do not match. The history table is made by
# 0.3.0 and migrated after ALTER EXTENSION ... UPDATE with the README's
# one-line ALTER TABLE. Waits for both jobs to run (up to two minutes:
# pg_cron 1.4 schedules by the minute), then checks that the first appended
# the expected rows as that role and that the second failed with
# drift_report's error.
#
# Prints TAP lines, then "cron: N passed, N failed". Assumes the extension
# is built and installed (make install).

source "$(dirname "$0")/../lib.sh"

kld_ensure_packages "postgresql-$KLD_PG_VERSION-cron"
kld_start_cluster cron -c shared_preload_libraries=pg_cron -c cron.database_name=postgres \
	-c cron.use_background_workers=on -c max_worker_processes=16
set +e

passed=0
failed=0
n=0
check() {	# check DESCRIPTION HAVE WANT
	n=$((n + 1))
	if [ "$2" = "$3" ]; then
		passed=$((passed + 1)); echo "ok $n - $1"
	else
		failed=$((failed + 1)); echo "not ok $n - $1"
		printf '#   have: %s\n#   want: %s\n' "$2" "$3"
	fi
}
as_postgres() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
as_analyst() { psql -X -q -At -v ON_ERROR_STOP=1 -U analyst "$@"; }

# The history table dates from 0.3.0: the analyst made it, and appended a
# report, before the extension was updated.
as_postgres <<'SQL'
CREATE EXTENSION pg_cron;
CREATE EXTENSION kl_divergence VERSION '0.3.0';
CREATE ROLE analyst LOGIN;
CREATE SCHEMA analytics AUTHORIZATION analyst;
GRANT USAGE ON SCHEMA cron TO analyst;
SQL
check "set-up as superuser, with kl_divergence 0.3.0" "$?" 0

report_sql=$(cat <<'SQL'
    INSERT INTO analytics.drift_history
    SELECT now(), * FROM drift_report(
        $$SELECT amount, items, country, device, is_member FROM analytics.events
          WHERE day BETWEEN date '2026-11-01' AND date '2026-11-07'$$,
        $$SELECT amount, items, country, device, is_member FROM analytics.events
          WHERE day = date '2026-11-14'$$)
SQL
)
as_analyst -c 'SET search_path = analytics' -f "$KLD_ROOT/test/tutorial/data.sql" &&
as_analyst -c "SET search_path = analytics, public;
	CREATE TABLE drift_history AS SELECT now() AS run_at, * FROM drift_report(NULL, NULL) WITH NO DATA" &&
as_analyst -c "SET search_path = analytics, public; $report_sql"
check "the analyst keeps a history table made by 0.3.0, with one report in it" \
	"$(as_analyst -c "SELECT count(*) || ' rows, ' || count(*) FILTER (WHERE drifted) || ' drifted' FROM analytics.drift_history")" \
	"5 rows, 2 drifted"

as_postgres -c 'ALTER EXTENSION kl_divergence UPDATE' &&
check "the extension is updated to 0.4.0" \
	"$(as_postgres -c "SELECT extversion FROM pg_extension WHERE extname = 'kl_divergence'")" 0.4.0
# 0.4.0 appends four result columns, so the old table no longer fits ...
check "the old table refuses 0.4.0's report" \
	"$(as_analyst -c "SET search_path = analytics, public; $report_sql" 2>&1 | head -n 1)" \
	"ERROR:  INSERT has more expressions than target columns"
# ... until the README's one-line migration.
as_analyst -c "ALTER TABLE analytics.drift_history ADD COLUMN test text, ADD COLUMN statistic float8,
	ADD COLUMN p_value float8, ADD COLUMN p_adjusted float8, ADD COLUMN gaussian_kl float8,
	ADD COLUMN frechet_distance float8, ADD COLUMN mean_cosine_distance float8"
check "the README's migration adds the four columns" "$?" 0

# The analyst schedules the README's job and a broken one.
as_analyst <<SQL
SET search_path = analytics, public;
SELECT cron.schedule('drift-report', '* * * * *', \$job\$ $report_sql \$job\$) \g /dev/null
SELECT cron.schedule('drift-report-broken', '* * * * *', \$job\$
    SELECT * FROM drift_report('SELECT amount FROM analytics.events',
                               'SELECT amount, items FROM analytics.events')
\$job\$) \g /dev/null
SQL
check "the analyst schedules two jobs" "$?" 0

# Wait for both jobs to finish a run.
runs=0
for _ in $(seq 1 150); do
	runs=$(as_postgres -c "SELECT count(DISTINCT jobid) FROM cron.job_run_details
	                       WHERE status IN ('succeeded', 'failed')")
	[ "$runs" = 2 ] && break
	sleep 1
done
check "both jobs ran within two and a half minutes" "$runs" 2

check "the report job succeeded" \
	"$(as_postgres -c "SELECT d.status FROM cron.job_run_details d JOIN cron.job j USING (jobid)
	                   WHERE j.jobname = 'drift-report' ORDER BY d.start_time LIMIT 1")" succeeded
check "it ran as the analyst, not as a superuser" \
	"$(as_postgres -c "SELECT username FROM cron.job WHERE jobname = 'drift-report'")" analyst
first_run="(SELECT min(run_at) FROM analytics.drift_history WHERE test IS NOT NULL)"
check "it appended one row per column" \
	"$(as_analyst -c "SELECT count(*) FROM analytics.drift_history WHERE run_at = $first_run")" 5
check "amount and device drifted; items, country and is_member did not" \
	"$(as_analyst -c "SELECT string_agg(column_name || '=' || drifted, ' ' ORDER BY column_name)
	                  FROM analytics.drift_history WHERE run_at = $first_run")" \
	"amount=true country=false device=true is_member=false items=false"
check "the new rows carry each column's test and p-value" \
	"$(as_analyst -c "SELECT string_agg(column_name || ':' || test || ':' || (p_value BETWEEN 0 AND 1)
	                      || ':' || (p_adjusted = p_value), ' ' ORDER BY column_name)
	                  FROM analytics.drift_history WHERE run_at = $first_run")" \
	"amount:ks:true:true country:chi2:true:true device:chi2:true:true is_member:chi2:true:true items:ks:true:true"
check "0.3.0's rows keep their values, with no test" \
	"$(as_analyst -c "SELECT count(*) || ' rows, ' || count(*) FILTER (WHERE drifted) || ' drifted, '
	                      || count(test) || ' tests' FROM analytics.drift_history
	                  WHERE run_at < $first_run")" \
	"5 rows, 2 drifted, 0 tests"
check "the history rows say how drift was judged" \
	"$(as_analyst -c "SELECT DISTINCT drift_method || ' > ' || drift_threshold || ', epsilon ' || smoothing FROM analytics.drift_history")" \
	"psi > 0.1, epsilon 0.0001"
check "the broken job failed" \
	"$(as_postgres -c "SELECT d.status FROM cron.job_run_details d JOIN cron.job j USING (jobid)
	                   WHERE j.jobname = 'drift-report-broken' ORDER BY d.start_time LIMIT 1")" failed
check "with drift_report's error in the run log" \
	"$(as_postgres -c "SELECT return_message FROM cron.job_run_details d JOIN cron.job j USING (jobid)
	                   WHERE j.jobname = 'drift-report-broken' ORDER BY d.start_time LIMIT 1" | head -n 1)" \
	'ERROR: column "items" of current_query is not in reference_query'

as_analyst -c "SELECT cron.unschedule('drift-report'), cron.unschedule('drift-report-broken')" >/dev/null
check "the analyst unschedules the jobs" "$(as_postgres -c 'SELECT count(*) FROM cron.job')" 0

echo "cron: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
