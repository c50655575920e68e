#!/usr/bin/python3
"""
quantile_oracle.py: quantile_edges() against a Python implementation of its
definition, printing TAP.

  1. Exact cases (at most 6144 distinct values): the edges must equal, bit for
     bit, [min, x[floor(k N / nbins)] for k = 1 .. nbins - 1, edge_above(max)]
     with repeats dropped (x sorted, 0-based), serial and under a forced
     parallel plan.
  2. Compressed cases, 1M rows of several shapes and orders: the rank error
     of every cut, serial and parallel, must be within 0.25% of the rows; the
     edges strictly ascending from min to edge_above(max); binning the same
     rows on them leaves the underflow and overflow elements empty.

The rank error of a cut c for the 0-based rank r is how far r lies from the
ranks c occupies in the sorted rows, [#(x < c), #(x <= c) - 1]. When ties
have merged cuts (fewer edges than nbins + 1), each target rank is matched to
its nearest edge and each edge to its nearest target rank, and the larger
of the two distances counts.

Run against a database with the extension installed (libpq environment):
  /usr/bin/python3 test/oracle/quantile_oracle.py [--seed S] [--rows N]
The exit status is 1 if any test failed.
"""
import argparse
import io
import sys

import numpy as np
import psycopg2

BOUND = 0.0025          # the README's rank-error bound, as a fraction of rows
CAPACITY = 6144         # distinct values kept exactly

PARALLEL = ["SET parallel_setup_cost = 0", "SET parallel_tuple_cost = 0",
            "SET min_parallel_table_scan_size = 0",
            "SET max_parallel_workers_per_gather = 2"]
SERIAL = ["SET max_parallel_workers_per_gather = 0"]

test_number = 0
failures = 0


def tap(passed, what):
    global test_number, failures
    test_number += 1
    if not passed:
        failures += 1
    print(f"{'' if passed else 'not '}ok {test_number} - {what}", flush=True)


def edge_above(top):
    """README: the float8 just above max that is 0 or normal (subnormals and
    -0 skipped); the largest float8 itself, which has nothing above it."""
    up = float(np.nextafter(top, np.inf))
    if np.isinf(up):
        return float(top)
    if abs(up) < sys.float_info.min:
        return sys.float_info.min if up > 0 else 0.0
    return up


def reference_edges(x, nbins):
    """The definition, on the finite values of x."""
    x = np.sort(x[np.isfinite(x)])
    n = len(x)
    if n == 0:
        return None
    q = [x[0]] + [x[k * n // nbins] for k in range(1, nbins)]
    q.append(edge_above(x[-1]))
    edges = [q[0]]
    for v in q[1:]:
        if v != edges[-1]:
            edges.append(v)
    return [float(v) for v in edges]


def load(cur, x):
    """x into a fresh table t(v), in this order."""
    cur.execute("DROP TABLE IF EXISTS oracle_quantile")
    cur.execute("CREATE TABLE oracle_quantile (v float8)")
    buf = io.StringIO("".join(f"{float(v)!r}\n".replace("inf", "Infinity") for v in x))
    cur.copy_expert("COPY oracle_quantile FROM STDIN", buf)
    cur.execute("ANALYZE oracle_quantile")


def edges_of(cur, nbins, settings):
    for s in settings:
        cur.execute(s)
    cur.execute("SELECT quantile_edges(v, %s) FROM oracle_quantile", (nbins,))
    edges = cur.fetchone()[0]
    cur.execute("RESET ALL")
    return edges


def plan_is_parallel(cur, nbins):
    for s in PARALLEL:
        cur.execute(s)
    cur.execute("EXPLAIN (COSTS OFF) SELECT quantile_edges(v, %s) FROM oracle_quantile", (nbins,))
    plan = "\n".join(r[0] for r in cur.fetchall())
    cur.execute("RESET ALL")
    return "Partial Aggregate" in plan


def exact_values(rng, case):
    """A random input whose distinct values fit the summary exactly."""
    n = int(rng.integers(1, 30000))
    shape = case % 5
    if shape == 0:                                  # few values, heavy ties
        x = rng.integers(0, 7, n).astype(float)
    elif shape == 1:                                # full-precision doubles
        x = rng.normal(0, 1e3, min(n, CAPACITY))
    elif shape == 2:                                # 6144 distinct, many rows
        x = rng.choice(rng.uniform(-1, 1, CAPACITY), n)
    elif shape == 3:                                # tiny and huge, both signs
        x = rng.choice([-1.0, 1.0], min(n, 4000)) * 10.0 ** rng.uniform(-300, 300, min(n, 4000))
    else:                                           # infinities and -0 among integers
        x = rng.integers(-20, 20, n).astype(float)
        x[rng.random(n) < 0.05] = np.inf
        x[rng.random(n) < 0.05] = -np.inf
        x[rng.random(n) < 0.05] = -0.0
    return x


def rank_error(sorted_x, edges, nbins):
    n = len(sorted_x)
    cuts = np.array(edges[:-1]) if len(edges) > 1 else np.array(edges)
    lo = np.searchsorted(sorted_x, cuts, side="left")        # #(x < c)
    hi = np.searchsorted(sorted_x, cuts, side="right") - 1   # #(x <= c) - 1
    ranks = np.array([k * n // nbins for k in range(1, nbins)])

    def dist(r, i):
        return np.maximum(0, np.maximum(lo[i] - r, r - hi[i]))

    if len(edges) == nbins + 1:
        return int(np.max(dist(ranks, np.arange(1, nbins)))) if nbins > 1 else 0
    # Ties merged some cuts (into the minimum too): nearest edge per rank,
    # nearest rank per edge.
    d = np.maximum(0, np.maximum(lo[None, :] - ranks[:, None], ranks[:, None] - hi[None, :]))
    if d.size == 0:
        return 0
    return int(max(d.min(axis=1).max(), d.min(axis=0).max()))


def compressed_values(rng, shape, n):
    u = rng.random(n)
    if shape == "uniform":
        return u
    if shape == "normal":
        return rng.normal(0, 1, n)
    if shape == "lognormal":
        return np.exp(rng.normal(0, 2, n))
    if shape == "tied discrete":
        return np.floor(1e5 * u * u)
    if shape == "sorted":
        return np.sort(u)
    if shape == "reverse sorted":
        return np.sort(u)[::-1].copy()
    # 1000 sorted streams dealt round-robin
    i = np.arange(n)
    return (i % 1000) * 1e6 + i // 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=20240611)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--exact-cases", type=int, default=40)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)

    conn = psycopg2.connect("")
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("CREATE EXTENSION IF NOT EXISTS kl_divergence")

    # 1. Exact cases.
    for case in range(args.exact_cases):
        x = exact_values(rng, case)
        nbins = int(rng.choice([1, 2, 3, 10, 100, 1000, int(rng.integers(1, 1001))]))
        load(cur, x)
        want = reference_edges(x, nbins)
        serial = edges_of(cur, nbins, SERIAL)
        parallel = edges_of(cur, nbins, PARALLEL)
        ok = serial == want and parallel == want
        tap(ok, f"exact case {case}: {len(x)} rows, {len(np.unique(x[np.isfinite(x)]))} distinct, "
                f"nbins {nbins}: serial and parallel edges equal the definition")
        if not ok:
            print(f"#   want     {want[:8] if want else want}...\n#   serial   {serial[:8] if serial else serial}..."
                  f"\n#   parallel {parallel[:8] if parallel else parallel}...")

    # 2. Compressed cases.
    worst = 0.0
    for shape in ("uniform", "normal", "lognormal", "tied discrete", "sorted",
                  "reverse sorted", "interleaved sorted streams"):
        x = compressed_values(rng, shape, args.rows)
        sorted_x = np.sort(x)
        load(cur, x)
        tap(plan_is_parallel(cur, 1000), f"{shape}: the parallel plan has a Partial Aggregate")
        for nbins in (10, 1000):
            for mode, settings in (("serial", SERIAL), ("parallel", PARALLEL)):
                edges = edges_of(cur, nbins, settings)
                err = rank_error(sorted_x, edges, nbins)
                worst = max(worst, err / len(x))
                top = edge_above(sorted_x[-1])
                shape_ok = (edges[0] == sorted_x[0] and edges[-1] == top and
                            all(b > a for a, b in zip(edges, edges[1:])) and
                            len(edges) <= nbins + 1)
                tap(shape_ok and err <= BOUND * len(x),
                    f"{shape}, {len(x)} rows, nbins {nbins}, {mode}: {len(edges)} edges from min to "
                    f"max+ulp, worst rank error {err} rows = {100 * err / len(x):.4f}% (bound 0.25%)")
        cur.execute("SELECT h[1], h[cardinality(h)], cardinality(h) FROM "
                    "(SELECT histogram(v, (SELECT quantile_edges(v, 100) FROM oracle_quantile)) AS h "
                    "FROM oracle_quantile) t")
        under, over, length = cur.fetchone()
        tap(under == 0 and over == 0, f"{shape}: histogram on its own edges has no underflow ({under}) "
                                      f"or overflow ({over}), {length - 2} bins")
    cur.execute("DROP TABLE IF EXISTS oracle_quantile")
    print(f"# worst rank error: {100 * worst:.4f}% of the rows")
    print(f"1..{test_number}")
    if failures:
        print(f"# {failures} of {test_number} tests failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
