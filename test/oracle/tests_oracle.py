#!/usr/bin/python3
"""
tests_oracle.py: the tests of homogeneity, p_adjust and wasserstein(p, q,
edges) against independent references, on random and adversarial cases;
prints TAP and ends with "oracle-tests: N passed, N failed".

  - chi2_test and g_test: the statistic against mpmath at 50 digits on the
    exact 2 x K table (sum of (O - E)^2 / E, and 2 sum O ln(O / E)), the
    p-value against mpmath's regularized upper incomplete gamma at the
    reference statistic, and both against scipy's chi2_contingency
    (correction=False) where scipy's naive sums are accurate enough;
  - ks_test: the statistic against the exact max |CDF_p - CDF_q|, the
    p-value against scipy.stats.kstwo.sf(D, round(n m / (n + m)));
  - psi_test: psi against psi(), the statistic against chi2_test's, the
    p-value against mpmath's noncentral chi-squared sum where it is neither
    near 1 nor below 1e-290 (scipy's ncx2.sf is off by 1e-10 relative at
    noncentrality 3e6), against scipy near 1;
  - the jsonb forms against the float8[] forms on the same counts;
  - p_adjust against statsmodels' multipletests;
  - wasserstein(p, q, edges) against the exact integral of |F_p - F_q| for
    the piecewise-linear CDFs, in mpmath.

Cases: random counts (1 to 2,000 bins, some with 1e5), tiny and huge
counts, weights that are not integers, one non-empty bin, identical and
proportional histograms, nearly equal histograms of millions of rows.
Run against a database with the extension installed (libpq environment):
  /usr/bin/python3 test/oracle/tests_oracle.py [--cases N] [--seed S]
"""
import argparse
import json
import math
import random
import sys

import numpy as np
import psycopg2
import scipy.special
import scipy.stats
from mpmath import mp, mpf
from statsmodels.stats.multitest import multipletests

mp.dps = 50
STAT_REL = 1e-12          # statistics against mpmath
P_REL = 1e-10             # p-values against mpmath or scipy (the bound)
SCIPY_REL = 1e-8          # against scipy's double-precision sums
W_REL, W_ABS = 1e-12, 1e-15
TINY = 2.2250738585072014e-308


class Tap:
    def __init__(self):
        self.count = 0
        self.failed = 0

    def check(self, passed, what, diagnostics=""):
        self.count += 1
        if passed:
            print(f"ok {self.count} - {what}")
        else:
            self.failed += 1
            print(f"not ok {self.count} - {what}")
            if diagnostics:
                print(f"#   {diagnostics}")


def close(got, ref, rel, absolute=0.0):
    if got is None or (isinstance(got, float) and math.isnan(got)):
        return False
    if ref == 0:
        return abs(got) <= absolute
    if abs(ref) < TINY:           # subnormal references: absolute only
        return abs(got - ref) <= 1e-320 + rel * abs(ref)
    return abs(got - ref) <= rel * abs(ref) + absolute


def sql_array(values):
    return "{" + ",".join(repr(float(v)) for v in values) + "}"


# ------------------------------------------------------------------ cases

def random_counts(rng, k, scale):
    kind = rng.random()
    if kind < 0.5:
        p = [rng.randint(0, scale) for _ in range(k)]
    elif kind < 0.8:
        p = [float(rng.expovariate(1.0) * scale) for _ in range(k)]
    else:
        p = [rng.choice([0, 0, rng.randint(1, scale)]) for _ in range(k)]
    if sum(p) == 0:
        p[rng.randrange(k)] = 1
    return p


def make_cases(rng, n):
    cases = [
        ([120, 340, 280, 160, 100], [100, 310, 300, 190, 100]),
        ([1e6, 2e6, 3e6], [1.001e6, 2e6, 2.999e6]),
        ([10, 0, 0], [15, 0, 0]),                      # one non-empty bin
        ([1, 2, 3], [2, 4, 6]),                        # proportional
        ([5, 5], [5, 5]),                              # identical
        ([0.5, 1.5, 2.25], [1, 1, 1]),                 # weights
        ([1e-300, 2e-300], [3e-300, 1e-300]),          # tiny weights
        ([1e300, 3e300], [2e300, 1e300]),              # huge weights
        ([100000, 100000], [90000, 110000]),           # p ~ 1e-220
        ([5000, 0, 100], [100, 0, 5000]),              # p underflows
        ([7], [3]),
        ([1, 0], [0, 1]),
    ]
    # nearly equal histograms of millions of rows
    for _ in range(4):
        k = rng.randint(2, 50)
        base = [rng.randint(10**5, 10**7) for _ in range(k)]
        cases.append((base, [b + rng.randint(-50, 50) for b in base]))
    # two wide ones
    for k in (20000, 100000):
        cases.append(([rng.randint(0, 1000) for _ in range(k)], [rng.randint(0, 1000) for _ in range(k)]))
    while len(cases) < n:
        k = rng.choice([2, 3, 5, 10, 20, 100, 1000, 2000])
        scale = rng.choice([1, 5, 100, 10**4, 10**7])
        p = random_counts(rng, k, scale)
        if rng.random() < 0.3:   # drifted copy of p
            q = [max(0, x + rng.randint(-scale // 10 - 1, scale // 10 + 1)) if isinstance(x, int)
                 else x * rng.uniform(0.8, 1.2) for x in p]
            if sum(q) == 0:
                q[0] = 1
        else:
            q = random_counts(rng, k, rng.choice([1, 5, 100, 10**4, 10**7]))
        cases.append((p, q))
    return cases


# ------------------------------------------------------------- references

def mp_table(p, q):
    P = [mpf(float(x)) for x in p]
    Q = [mpf(float(x)) for x in q]
    n, m = sum(P), sum(Q)
    rows = []
    for a, b in zip(P, Q):
        if a == 0 and b == 0:
            continue
        t = a + b
        rows.append((a, b, n * t / (n + m), m * t / (n + m)))
    return rows, n, m


def mp_pearson(rows):
    return sum((a - ea) ** 2 / ea + (b - eb) ** 2 / eb for a, b, ea, eb in rows)


def mp_g(rows):
    s = mpf(0)
    for a, b, ea, eb in rows:
        if a > 0:
            s += a * mp.log(a / ea)
        if b > 0:
            s += b * mp.log(b / eb)
    return 2 * s


def mp_chi2_sf(x, dof):
    if dof == 0:
        return mpf(1)
    return mp.gammainc(mpf(dof) / 2, mpf(x) / 2, mp.inf, regularized=True)


def mp_ncx2_sf(x, dof, nc):
    """Sum over j of Poisson(j; nc/2) Q(dof/2 + j, x/2), from the mode outward,
    Q stepped by its recurrence Q(a + 1, y) = Q(a, y) + y^a e^-y / Gamma(a + 1)."""
    if nc == 0:
        return mp_chi2_sf(x, dof)
    half, y = mpf(nc) / 2, mpf(x) / 2
    mode = int(half)
    a0 = mpf(dof) / 2 + mode
    q0 = mp.gammainc(a0, y, mp.inf, regularized=True)
    logw0 = -half + mode * mp.log(half) - mp.loggamma(mode + 1)
    total = mp.exp(logw0) * q0
    for direction in (1, -1):
        q, logw, a, j = q0, logw0, a0, mode
        for step in range(10**6):
            if direction == 1:
                q += mp.exp(a * mp.log(y) - y - mp.loggamma(a + 1))
                a += 1
                j += 1
                logw += mp.log(half) - mp.log(j)
            else:
                if j == 0:
                    break
                a -= 1
                q -= mp.exp(a * mp.log(y) - y - mp.loggamma(a + 1))
                logw -= mp.log(half) - mp.log(j)
                j -= 1
            t = mp.exp(logw) * q
            total += t
            if t < total * mpf(10) ** -30 and step > 20:
                break
    return total


def mp_wasserstein(p, q, edges):
    P = [mpf(float(x)) for x in p]
    Q = [mpf(float(x)) for x in q]
    sp, sq = sum(P), sum(Q)
    gap = P[0] / sp - Q[0] / sq
    area = mpf(0)
    for j in range(1, len(edges)):
        w = mpf(edges[j]) - mpf(edges[j - 1])
        d0 = gap
        gap += P[j] / sp - Q[j] / sq
        d1 = gap
        if d0 * d1 >= 0:
            area += w * (abs(d0) + abs(d1)) / 2
        else:
            area += w * (d0 * d0 + d1 * d1) / (2 * (abs(d0) + abs(d1)))
    return area


# ------------------------------------------------------------------ checks

def run(cur, tap, cases, rng):
    for i, (p, q) in enumerate(cases):
        pa, qa = sql_array(p), sql_array(q)
        min_effect = rng.choice([0.0, 0.01, 0.1, 0.5])
        cur.execute("""SELECT (c).statistic, (c).dof, (c).p_value, (g).statistic, (g).dof, (g).p_value,
                              (k).statistic, (k).p_value, (t).psi, (t).statistic, (t).dof, (t).p_value,
                              psi(%s::float8[], %s::float8[])
                       FROM (SELECT chi2_test(%s::float8[], %s::float8[]) AS c, g_test(%s::float8[], %s::float8[]) AS g,
                                    ks_test(%s::float8[], %s::float8[]) AS k,
                                    psi_test(%s::float8[], %s::float8[], %s) AS t) AS r""",
                    (pa, qa, pa, qa, pa, qa, pa, qa, pa, qa, min_effect))
        (c_stat, c_dof, c_p, g_stat, g_dof, g_p, k_stat, k_p, t_psi, t_stat, t_dof, t_p, psi) = cur.fetchone()
        label = f"case {i} ({len(p)} bins)"
        rows, n, m = mp_table(p, q)
        dof = max(len(rows) - 1, 0)
        values = [c_stat, c_p, g_stat, g_p, k_stat, k_p, t_stat, t_p]
        tap.check(all(v is not None and not math.isnan(v) for v in values)
                  and all(0.0 <= v <= 1.0 for v in (c_p, g_p, k_p, t_p)),
                  f"{label}: no NaN, p-values in [0, 1]", repr(values))

        x_ref = mp_pearson(rows) if dof > 0 else mpf(0)
        g_ref = mp_g(rows) if dof > 0 else mpf(0)
        tap.check(c_dof == dof and g_dof == dof and t_dof == dof, f"{label}: dof {dof}", f"{c_dof} {g_dof} {t_dof}")
        tap.check(close(c_stat, float(x_ref), STAT_REL, 1e-300), f"{label}: chi2_test statistic",
                  f"got {c_stat!r} want {float(x_ref)!r}")
        tap.check(close(g_stat, float(g_ref), 1e-11, 1e-300), f"{label}: g_test statistic",
                  f"got {g_stat!r} want {float(g_ref)!r}")
        tap.check(close(c_p, float(mp_chi2_sf(x_ref, dof)), P_REL), f"{label}: chi2_test p-value",
                  f"got {c_p!r} want {float(mp_chi2_sf(x_ref, dof))!r} (statistic {float(x_ref)!r}, dof {dof})")
        tap.check(close(g_p, float(mp_chi2_sf(g_ref, dof)), P_REL), f"{label}: g_test p-value",
                  f"got {g_p!r} want {float(mp_chi2_sf(g_ref, dof))!r}")

        # scipy, on integer tables that its naive sums handle
        if dof > 0 and all(float(x).is_integer() for x in p + q) and max(p + q) < 1e12 and len(p) <= 2000:
            table = np.array([p, q], dtype=float)
            table = table[:, table.sum(axis=0) > 0]
            sc = scipy.stats.chi2_contingency(table, correction=False)
            sg = scipy.stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")
            # Where scipy's naive sum is itself off from mpmath (nearly equal
            # histograms of many rows), mpmath judges alone (checked above).
            for name, got_stat, got_p, ref_stat, theirs in (("chi2_test", c_stat, c_p, x_ref, sc),
                                                             ("g_test", g_stat, g_p, g_ref, sg)):
                scipy_accurate = close(theirs[0], float(ref_stat), SCIPY_REL, 1e-9)
                tap.check(not scipy_accurate
                          or (close(got_stat, theirs[0], SCIPY_REL, 1e-9)
                              and (theirs[1] < 1e-290 or close(got_p, theirs[1], SCIPY_REL, 1e-300))),
                          f"{label}: {name} against scipy", f"{got_stat!r} {got_p!r} vs {theirs[0]!r} {theirs[1]!r}")

        # KS: the exact largest CDF gap, and kstwo at round(n m / (n + m))
        P = [mpf(float(x)) for x in p]
        Q = [mpf(float(x)) for x in q]
        cp = cq = mpf(0)
        d_ref = mpf(0)
        for a, b in zip(P[:-1], Q[:-1]):
            cp += a
            cq += b
            d_ref = max(d_ref, abs(cp / n - cq / m))
        tap.check(close(k_stat, float(d_ref), 1e-14, 1e-16), f"{label}: ks_test statistic",
                  f"got {k_stat!r} want {float(d_ref)!r}")
        en = float(n * m / (n + m))
        if np.round(en) < 1:
            k_want = 1.0
        elif en > 1e15:          # beyond kstwo's integers: Kolmogorov's limit
            k_want = float(scipy.special.kolmogorov(math.sqrt(np.round(en)) * k_stat))
        else:
            k_want = float(scipy.stats.kstwo.sf(k_stat, np.round(en)))
        tap.check(close(k_p, k_want, P_REL, 1e-300), f"{label}: ks_test p-value",
                  f"got {k_p!r} want {k_want!r} (D {k_stat!r}, n {np.round(en)})")

        # psi_test
        tap.check((t_psi == psi or (math.isinf(t_psi) and math.isinf(psi))) and t_stat == c_stat,
                  f"{label}: psi_test psi and statistic", f"{t_psi!r} {psi!r} {t_stat!r} {c_stat!r}")
        nc = min_effect * float(n * m / (n + m))
        if dof == 0:
            t_want = 1.0
        elif nc == 0:
            t_want = float(mp_chi2_sf(mpf(c_stat), dof))
        elif nc > 1e12 or c_stat > 1e12:
            # beyond scipy (its boost ncx2 aborts on noncentralities near
            # 1e299): the range check above only
            t_want = t_p
        else:
            t_want = float(scipy.stats.ncx2.sf(c_stat, dof, nc))
            if 1e-290 < t_want < 0.999 and nc <= 1e7:
                # scipy is off by 1e-10 relative at noncentrality 3e6: mpmath
                t_want = float(mp_ncx2_sf(mpf(c_stat), dof, nc))
            elif math.isnan(t_want) or t_want <= 1e-290:
                # beyond scipy (statistics near 1e300) or underflowing: the
                # range check above, and a tail that is as small
                t_want = t_p if t_p <= 1e-280 else t_want
        tap.check(close(t_p, t_want, P_REL, 1e-300) or (t_want > 1 - 1e-12 and t_p > 1 - 1e-12),
                  f"{label}: psi_test p-value (min_effect {min_effect})",
                  f"got {t_p!r} want {t_want!r} (X2 {c_stat!r}, dof {dof}, nc {nc!r})")

        # jsonb forms on the same counts (keys of the non-zero bins only)
        if len(p) <= 2000:
            pm = json.dumps({f"k{j}": x for j, x in enumerate(p) if x != 0})
            qm = json.dumps({f"k{j}": x for j, x in enumerate(q) if x != 0})
            cur.execute("""SELECT chi2_test(%s::jsonb, %s::jsonb) = chi2_test(%s::float8[], %s::float8[]),
                                  g_test(%s::jsonb, %s::jsonb) = g_test(%s::float8[], %s::float8[]),
                                  psi_test(%s::jsonb, %s::jsonb, %s) = psi_test(%s::float8[], %s::float8[], %s)""",
                        (pm, qm, pa, qa, pm, qm, pa, qa, pm, qm, min_effect, pa, qa, min_effect))
            tap.check(all(cur.fetchone()), f"{label}: jsonb forms give the same results")

        # wasserstein on random ascending edges (some equal neighbours)
        if len(p) >= 2 and len(p) <= 2000:
            spread = rng.choice([1.0, 1e-6, 1e6, 1e300])
            steps = [rng.choice([0.0, rng.random()]) if rng.random() < 0.1 else rng.random() for _ in range(len(p) - 1)]
            edges = [rng.uniform(-1, 1) * spread]
            for s in steps[1:]:
                edges.append(edges[-1] + s * spread)
            if any(not math.isfinite(e) for e in edges):
                continue
            cur.execute("SELECT wasserstein(%s::float8[], %s::float8[], %s::float8[])", (pa, qa, sql_array(edges)))
            w = cur.fetchone()[0]
            w_ref = float(mp_wasserstein(p, q, edges))
            tap.check(close(w, w_ref, W_REL, W_ABS * spread), f"{label}: wasserstein with edges",
                      f"got {w!r} want {w_ref!r}")


def run_p_adjust(cur, tap, rng, n):
    for i in range(n):
        k = rng.choice([1, 2, 5, 20, 200])
        ps = [rng.choice([rng.random(), rng.random() ** 8, 0.0, 1.0, 1e-300]) for _ in range(k)]
        with_nulls = [None if rng.random() < 0.1 else x for x in ps]
        kept = [x for x in with_nulls if x is not None]
        for method, sm in (("none", None), ("bonferroni", "bonferroni"), ("holm", "holm"), ("bh", "fdr_bh")):
            cur.execute("SELECT p_adjust(%s::float8[], %s)", (with_nulls, method))
            got = cur.fetchone()[0]
            want = list(kept) if sm is None or not kept else list(multipletests(kept, method=sm)[1])
            got_kept = [x for x in got if x is not None]
            nulls_ok = [x is None for x in got] == [x is None for x in with_nulls]
            tap.check(nulls_ok and len(got_kept) == len(want)
                      and all(abs(a - b) <= 1e-15 * max(1.0, abs(b)) for a, b in zip(got_kept, want)),
                      f"p_adjust case {i} ({k} p-values, {method})", f"got {got} want {want}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--seed", type=int, default=20261207)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    tap = Tap()
    conn = psycopg2.connect("")
    conn.autocommit = True
    cur = conn.cursor()
    run(cur, tap, make_cases(rng, args.cases), rng)
    run_p_adjust(cur, tap, rng, max(20, args.cases // 10))
    print(f"oracle-tests: {tap.count - tap.failed} passed, {tap.failed} failed")
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
