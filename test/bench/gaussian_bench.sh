#!/usr/bin/env bash
# test/bench/gaussian_bench.sh: gaussian_fit's rows per second at k = 384,
# 768 and 1,536 (full and diagonal covariance) against numpy.cov on the same
# rows in memory; kl_div_normal and frechet_distance per call against
# numpy (slogdet, solve) and scipy (linalg.sqrtm, the usual FID formula);
# the state's size; drift_report of the vectors as an embedding column
# against the scan of one diagonal fit. Serial, without JIT; medians of
# KLD_BENCH_ROUNDS rounds (default 3). KLD_BENCH_ROWS_384, _768 and _1536
# set the rows (default 20,000, 5,000 and 2,000).
source "$(dirname "$0")/setup.sh"
set +e

kld_bench_setup
kld_bench_header "${KLD_BENCH_ROWS_384:-20000} (k = 384), ${KLD_BENCH_ROWS_768:-5000} (k = 768), ${KLD_BENCH_ROWS_1536:-2000} (k = 1536)" \
	"${KLD_BENCH_ROUNDS:-3}"
psql -q -X -c "CREATE EXTENSION kl_divergence" || exit 1
"${KLD_PYTHON:-/usr/bin/python3}" - <<'PYTHON'
import os, statistics, time
import numpy as np, psycopg2, scipy.linalg

rounds = int(os.environ.get("KLD_BENCH_ROUNDS", "3"))
conn = psycopg2.connect("")
conn.autocommit = True
cur = conn.cursor()
cur.execute("SET max_parallel_workers_per_gather = 0; SET jit = off; SET extra_float_digits = 3")

def timed(sql, args=()):
    times = []
    for _ in range(rounds):
        t = time.perf_counter(); cur.execute(sql, args); cur.fetchall(); times.append(time.perf_counter() - t)
    return statistics.median(times)

def timed_py(f):
    times = []
    for _ in range(rounds):
        t = time.perf_counter(); f(); times.append(time.perf_counter() - t)
    return statistics.median(times)

print("%-6s %8s %-34s %14s %14s" % ("k", "rows", "what", "ours", "numpy/scipy"))
for k, n in [(384, int(os.environ.get("KLD_BENCH_ROWS_384", "20000"))),
             (768, int(os.environ.get("KLD_BENCH_ROWS_768", "5000"))),
             (1536, int(os.environ.get("KLD_BENCH_ROWS_1536", "2000")))]:
    cur.execute("DROP TABLE IF EXISTS emb")
    cur.execute("CREATE TABLE emb AS SELECT i, array_agg(random() + (i %% 2) * 0.01 ORDER BY j) AS x "
                "FROM generate_series(1, %s) i, generate_series(1, %s) j GROUP BY i", (n, k))
    cur.execute("VACUUM ANALYZE emb")
    cur.execute("SELECT x FROM emb ORDER BY i")
    x = np.array([r[0] for r in cur.fetchall()])
    fit = timed("SELECT pg_column_size(gaussian_fit(x)) FROM emb")
    diag = timed("SELECT pg_column_size(gaussian_fit_diagonal(x)) FROM emb")
    npcov = timed_py(lambda: (x.mean(axis=0), np.cov(x, rowvar=False)))
    npvar = timed_py(lambda: (x.mean(axis=0), x.var(axis=0, ddof=1)))
    print("%-6d %8d %-34s %11.0f/s %11.0f/s" % (k, n, "gaussian_fit rows per second", n / fit, n / npcov))
    print("%-6d %8d %-34s %11.0f/s %11.0f/s" % (k, n, "gaussian_fit_diagonal rows/s", n / diag, n / npvar))
    # drift_report of the column as an embedding, halves against each other:
    # two diagonal fits of n/2 rows, against one fit of all n rows.
    report = timed("SELECT * FROM drift_report('SELECT x FROM emb WHERE mod(i, 2) = 0', "
                   "'SELECT x FROM emb WHERE mod(i, 2) = 1')")
    print("%-6d %8d %-34s %12.1f ms  (%.2fx the diagonal fit's scan)" % (k, n, "drift_report of x (embedding)",
                                                                        report * 1e3, report / diag))
    cur.execute("DROP TABLE IF EXISTS fits")
    cur.execute("CREATE TABLE fits AS SELECT i % 2 AS half, gaussian_fit(x) AS f, gaussian_fit_diagonal(x) AS d FROM emb GROUP BY 1")
    kl = timed("SELECT kl_div_normal(a.f, b.f, ridge => 1e-6) FROM fits a, fits b WHERE a.half = 0 AND b.half = 1")
    fr = timed("SELECT frechet_distance(a.f, b.f) FROM fits a, fits b WHERE a.half = 0 AND b.half = 1")
    kld = timed("SELECT kl_div_normal(a.d, b.d) FROM fits a, fits b WHERE a.half = 0 AND b.half = 1")
    m1, m2 = x[0::2].mean(axis=0), x[1::2].mean(axis=0)
    eye = np.eye(k) * 1e-6      # the same ridge: halves of fewer rows than k are singular
    s1, s2 = np.cov(x[1::2], rowvar=False) + eye, np.cov(x[0::2], rowvar=False) + eye
    def np_kl():
        _, l1 = np.linalg.slogdet(s1); _, l2 = np.linalg.slogdet(s2); d = m2 - m1
        return 0.5 * (np.trace(np.linalg.solve(s2, s1)) + d @ np.linalg.solve(s2, d) - k + l2 - l1)
    def sp_fid():
        c = scipy.linalg.sqrtm(s1 @ s2).real
        return np.sum((m1 - m2) ** 2) + np.trace(s1 + s2 - 2 * c)
    def np_fid_eigh():
        w, v = np.linalg.eigh(s1); r = (v * np.sqrt(np.maximum(w, 0))) @ v.T
        return np.sum((m1 - m2) ** 2) + np.trace(s1) + np.trace(s2) - 2 * np.sum(np.sqrt(np.maximum(np.linalg.eigvalsh(r @ s2 @ r), 0)))
    print("%-6d %8s %-34s %12.1f ms %12.1f ms" % (k, "", "kl_div_normal(fit, fit, 1e-6) per call", kl * 1e3, timed_py(np_kl) * 1e3))
    print("%-6d %8s %-34s %12.1f ms %12.1f ms" % (k, "", "frechet_distance per call (sqrtm)", fr * 1e3, timed_py(sp_fid) * 1e3))
    print("%-6d %8s %-34s %12s %12.1f ms" % (k, "", "  numpy eigh form", "", timed_py(np_fid_eigh) * 1e3))
    print("%-6d %8s %-34s %12.2f ms" % (k, "", "kl_div_normal of diagonal fits", kld * 1e3))
for k in [384, 768, 1536]:
    full = (3 + k + k * (k + 1) // 2) * 8
    diag = (3 + 2 * k) * 8
    print("state of k = %d: full %.2f MB (the k x k result %.2f MB), diagonal %.1f kB" % (k, full / 1e6, k * k * 8 / 1e6, diag / 1e3))
PYTHON
