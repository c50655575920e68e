#!/usr/bin/python3
"""
gaussian_oracle.py: the multivariate normal functions, gaussian_fit and
renyi_div of kl_divergence against independent references; prints TAP.

  - kl_div_normal(mu1, cov1, mu2, cov2) against numpy (slogdet, solve) on
    random symmetric positive definite covariances, well conditioned
    (condition number 10) for k = 1 .. 1,024, and against mpmath at 50
    digits for small k, well and badly conditioned (up to 1e12; the error
    measured is printed as a fraction of cond * 1e-16);
  - frechet_distance against numpy's eigh (S1^1/2 S2 S1^1/2) and against
    the usual FID formula with scipy.linalg.sqrtm, and mpmath for small k;
  - identities: the k = 1 form equals the scalar kl_div_normal(mu, sigma,
    ...) with cov = sigma^2, KL(N || N) = 0, Frechet of identical normals
    0 and symmetric;
  - gaussian_fit and gaussian_fit_diagonal equal numpy's mean and
    cov(ddof = 1) on the same rows: serial, under a forced parallel plan,
    and merged from partial states sent through their text form;
  - mean_cosine_distance against 1 - cos computed by mpmath at 50 digits
    (and scipy.spatial.distance.cosine where the angle is not tiny), from
    orthogonal to nearly parallel means (angles down to 1e-9 radians);
  - renyi_div against a direct mpmath sum (50 digits) for alpha from 0 to
    Infinity, including 1 +- 1e-6, and equal to kl_div at alpha = 1;
    perplexity against exp(scipy.stats.entropy).

Run against a database with the extension installed (libpq environment):
  /usr/bin/python3 test/oracle/gaussian_oracle.py [--seed S] [--max-k K]
"""
import argparse
import math
import sys
import time

import mpmath
import numpy as np
import psycopg2
import scipy.linalg
import scipy.spatial.distance
import scipy.stats

WELL_REL = 1e-10          # relative accuracy promised on well-conditioned input


class Tap:
    def __init__(self):
        self.count = 0
        self.failed = 0

    def check(self, passed, what, diagnostics=()):
        self.count += 1
        if not passed:
            self.failed += 1
        print("%sok %d - %s" % ("" if passed else "not ", self.count, what))
        for line in diagnostics:
            print("#   " + line)
        sys.stdout.flush()

    def done(self):
        print("1..%d" % self.count)
        return 1 if self.failed else 0


def literal(a):
    """A float8[] literal of a numpy vector or matrix, shortest exact digits."""
    a = np.asarray(a, dtype=np.float64)
    if a.ndim == 1:
        return "{" + ",".join(repr(float(x)) for x in a) + "}"
    return "{" + ",".join("{" + ",".join(repr(float(x)) for x in row) + "}" for row in a) + "}"


def random_spd(rng, k, cond):
    """A random SPD k x k matrix with eigenvalues log-spaced from 1 down to 1/cond."""
    q, _ = np.linalg.qr(rng.standard_normal((k, k)))
    values = np.logspace(0, -math.log10(cond), k) if k > 1 else np.array([1.0])
    s = (q * values) @ q.T
    return (s + s.T) / 2


def kl_numpy(m1, s1, m2, s2):
    k = len(m1)
    _, ld1 = np.linalg.slogdet(s1)
    _, ld2 = np.linalg.slogdet(s2)
    d = m2 - m1
    return 0.5 * (np.trace(np.linalg.solve(s2, s1)) + d @ np.linalg.solve(s2, d) - k + ld2 - ld1)


def kl_mpmath(m1, s1, m2, s2):
    k = len(m1)
    S1 = mpmath.matrix(s1.tolist())
    S2 = mpmath.matrix(s2.tolist())
    d = mpmath.matrix((m2 - m1).tolist())
    S2inv = S2 ** -1
    tr = sum((S2inv * S1)[i, i] for i in range(k))
    quad = (d.T * S2inv * d)[0, 0]
    return 0.5 * (tr + quad - k + mpmath.log(mpmath.det(S2)) - mpmath.log(mpmath.det(S1)))


def frechet_numpy(m1, s1, m2, s2):
    w, v = np.linalg.eigh(s1)
    root = (v * np.sqrt(np.maximum(w, 0))) @ v.T
    m = root @ s2 @ root
    ev = np.linalg.eigvalsh((m + m.T) / 2)
    return float(np.sum((m1 - m2) ** 2) + np.trace(s1) + np.trace(s2) - 2 * np.sum(np.sqrt(np.maximum(ev, 0))))


def frechet_sqrtm(m1, s1, m2, s2):
    covmean = scipy.linalg.sqrtm(s1 @ s2)
    if np.iscomplexobj(covmean):
        covmean = covmean.real
    return float(np.sum((m1 - m2) ** 2) + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))


def frechet_mpmath(m1, s1, m2, s2):
    k = len(m1)
    S1 = mpmath.matrix(s1.tolist())
    S2 = mpmath.matrix(s2.tolist())
    E, Q = mpmath.eigsy(S1)
    R = Q * mpmath.diag([mpmath.sqrt(max(e, 0)) for e in E]) * Q.T
    M = R * S2 * R
    M = (M + M.T) / 2
    ev, _ = mpmath.eigsy(M)
    total = sum((mpmath.mpf(float(a)) - mpmath.mpf(float(b))) ** 2 for a, b in zip(m1, m2))
    total += sum(S1[i, i] + S2[i, i] for i in range(k))
    return total - 2 * sum(mpmath.sqrt(max(e, 0)) for e in ev)


def rel_error(got, ref):
    ref = float(ref)
    if ref == 0:
        return abs(got)
    return abs(got - ref) / abs(ref)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--max-k", type=int, default=1024)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    mpmath.mp.dps = 50
    tap = Tap()
    conn = psycopg2.connect("")
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("SET extra_float_digits = 3")

    def sql_kl(m1, s1, m2, s2, ridge=0.0):
        cur.execute("SELECT kl_div_normal(%s::float8[], %s::float8[], %s::float8[], %s::float8[], %s)",
                    (literal(m1), literal(s1), literal(m2), literal(s2), ridge))
        return cur.fetchone()[0]

    def sql_frechet(m1, s1, m2, s2):
        cur.execute("SELECT frechet_distance(%s::float8[], %s::float8[], %s::float8[], %s::float8[])",
                    (literal(m1), literal(s1), literal(m2), literal(s2)))
        return cur.fetchone()[0]

    # --- KL and Frechet, well conditioned, k = 1 .. max_k, against numpy.
    for k in [1, 2, 3, 5, 8, 16, 50, 128, 256, 512, 1024]:
        if k > args.max_k:
            continue
        m1, m2 = rng.standard_normal(k), rng.standard_normal(k)
        s1, s2 = random_spd(rng, k, 10.0), random_spd(rng, k, 10.0)
        t0 = time.time()
        got = sql_kl(m1, s1, m2, s2)
        t_kl = time.time() - t0
        ref = kl_numpy(m1, s1, m2, s2)
        err = rel_error(got, ref)
        tap.check(err <= WELL_REL, "kl_div_normal k=%d cond 10 vs numpy: rel %.2g (%.3f s)" % (k, err, t_kl))
        t0 = time.time()
        got = sql_frechet(m1, s1, m2, s2)
        t_fr = time.time() - t0
        ref = frechet_numpy(m1, s1, m2, s2)
        err = rel_error(got, ref)
        tap.check(err <= WELL_REL, "frechet_distance k=%d cond 10 vs numpy eigh: rel %.2g (%.3f s)" % (k, err, t_fr))
        if k <= 512:
            ref2 = frechet_sqrtm(m1, s1, m2, s2)
            err2 = rel_error(got, ref2)
            tap.check(err2 <= 1e-8, "frechet_distance k=%d vs scipy.linalg.sqrtm FID formula: rel %.2g" % (k, err2))
        # Identities on the same inputs.
        tap.check(sql_kl(m1, s1, m1, s1) == 0.0, "KL(N || N) = 0 at k=%d" % k)
        tap.check(sql_frechet(m1, s1, m1, s1) == 0.0, "Frechet(N, N) = 0 at k=%d" % k)
        back = sql_frechet(m2, s2, m1, s1)
        tap.check(rel_error(back, got) <= WELL_REL, "Frechet symmetric at k=%d: rel %.2g" % (k, rel_error(back, got)))
        # Diagonal form against the matrix form.
        v1, v2 = np.diag(s1).copy(), np.diag(s2).copy()
        cur.execute("SELECT kl_div_normal(%s::float8[], %s::float8[], %s::float8[], %s::float8[])",
                    (literal(m1), literal(v1), literal(m2), literal(v2)))
        got_d = cur.fetchone()[0]
        ref_d = kl_numpy(m1, np.diag(v1), m2, np.diag(v2))
        tap.check(rel_error(got_d, ref_d) <= 1e-12, "diagonal KL k=%d vs numpy: rel %.2g" % (k, rel_error(got_d, ref_d)))

    # --- Small k against mpmath, well and badly conditioned: measured bound.
    worst_by_cond = {}
    for cond in [10.0, 1e4, 1e8, 1e12]:
        for k in [2, 4, 8, 16]:
            m1, m2 = rng.standard_normal(k), rng.standard_normal(k)
            s1, s2 = random_spd(rng, k, cond), random_spd(rng, k, cond)
            got = sql_kl(m1, s1, m2, s2)
            ref = kl_mpmath(m1, s1, m2, s2)
            err = rel_error(got, ref)
            scaled = err / (cond * 1e-16)
            worst_by_cond[cond] = max(worst_by_cond.get(cond, 0.0), err)
            bound = WELL_REL if cond <= 10 else 1e-13 * cond
            tap.check(err <= bound, "kl_div_normal k=%d cond %.0e vs mpmath: rel %.2g (= %.2g x cond*1e-16)" % (k, cond, err, scaled))
            got = sql_frechet(m1, s1, m2, s2)
            ref = frechet_mpmath(m1, s1, m2, s2)
            err = rel_error(got, ref)
            tap.check(err <= (WELL_REL if cond <= 10 else 1e-13 * cond),
                      "frechet_distance k=%d cond %.0e vs mpmath: rel %.2g" % (k, cond, err))
    print("# worst KL relative error by condition number: " +
          ", ".join("%.0e: %.2g" % (c, e) for c, e in sorted(worst_by_cond.items())))

    # --- k = 1 equals the scalar form.
    for _ in range(20):
        mu1, mu2 = rng.standard_normal(2) * 10
        sg1, sg2 = np.exp(rng.standard_normal(2) * 2)
        cur.execute("SELECT kl_div_normal(ARRAY[%s]::float8[], ARRAY[[%s]]::float8[], ARRAY[%s]::float8[], ARRAY[[%s]]::float8[]), "
                    "kl_div_normal(%s::float8, %s::float8, %s::float8, %s::float8)",
                    (float(mu1), float(sg1 * sg1), float(mu2), float(sg2 * sg2), float(mu1), float(sg1), float(mu2), float(sg2)))
        a, b = cur.fetchone()
        tap.check(rel_error(a, b) <= 1e-13, "k=1 form = scalar kl_div_normal(%.3g, %.3g, %.3g, %.3g): rel %.2g" % (mu1, sg1, mu2, sg2, rel_error(a, b)))

    # --- gaussian_fit against numpy on the same rows.
    cur.execute("CREATE AGGREGATE pg_temp.fit_state(float8[]) (SFUNC = gaussian_fit_transition, STYPE = float8[])")
    cur.execute("CREATE AGGREGATE pg_temp.fit_state_diagonal(float8[]) (SFUNC = gaussian_fit_diagonal_transition, STYPE = float8[])")
    cur.execute("CREATE AGGREGATE pg_temp.fit_merge(float8[]) (SFUNC = gaussian_fit_combine, STYPE = float8[], FINALFUNC = gaussian_fit_final)")
    for k, n in [(1, 500), (8, 3000), (64, 2000)]:
        x = rng.standard_normal((n, k)) @ rng.standard_normal((k, k)) + 1000.0 * rng.standard_normal(k)
        cur.execute("DROP TABLE IF EXISTS fit_rows")
        cur.execute("CREATE TABLE fit_rows (g int, x float8[])")
        cur.execute("INSERT INTO fit_rows SELECT (i %% 7), (%s::float8[][])[i:i][:] FROM generate_series(1, %s) i",
                    (literal(x), n))
        # (x[i:i][:] is 2-D; flatten through unnest)
        cur.execute("UPDATE fit_rows SET x = ARRAY(SELECT unnest(x))")
        cur.execute("ANALYZE fit_rows")
        mean, cov = x.mean(axis=0), np.atleast_2d(np.cov(x, rowvar=False, ddof=1))
        scale = np.max(np.abs(cov))

        def compare(row, label, diagonal=False):
            nn, m, c = row
            c = np.array(c, dtype=float)
            want = np.diag(cov) if diagonal else cov
            e_mean = np.max(np.abs(np.array(m) - mean) / np.maximum(np.abs(mean), 1e-300))
            e_cov = np.max(np.abs(c - want)) / scale
            tap.check(nn == n and e_mean <= 1e-12 and e_cov <= 1e-11,
                      "%s k=%d n=%d: mean rel %.2g, cov err/max %.2g" % (label, k, n, e_mean, e_cov))

        cur.execute("SET max_parallel_workers_per_gather = 0")
        cur.execute("SELECT (f).n, (f).mean, (f).cov FROM (SELECT gaussian_fit(x) AS f FROM fit_rows) s")
        compare(cur.fetchone(), "gaussian_fit serial")
        cur.execute("SELECT (f).n, (f).mean, (f).cov FROM (SELECT gaussian_fit_diagonal(x) AS f FROM fit_rows) s")
        compare(cur.fetchone(), "gaussian_fit_diagonal serial", diagonal=True)
        cur.execute("SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; "
                    "SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2")
        cur.execute("EXPLAIN (COSTS OFF) SELECT gaussian_fit(x) FROM fit_rows")
        plan = "\n".join(r[0] for r in cur.fetchall())
        cur.execute("SELECT (f).n, (f).mean, (f).cov FROM (SELECT gaussian_fit(x) AS f FROM fit_rows) s")
        compare(cur.fetchone(), "gaussian_fit parallel (%s)" % ("Partial Aggregate" if "Partial Aggregate" in plan else "no partial plan"))
        cur.execute("RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size; "
                    "RESET max_parallel_workers_per_gather")
        cur.execute("SELECT g, pg_temp.fit_state(x)::text FROM fit_rows GROUP BY g")
        states = [s for _, s in cur.fetchall()]
        cur.execute("SELECT (f).n, (f).mean, (f).cov FROM (SELECT pg_temp.fit_merge(s::float8[]) AS f FROM unnest(%s::text[]) s) t",
                    (states,))
        compare(cur.fetchone(), "gaussian_fit merged from %d text states" % len(states))
        cur.execute("SELECT g, pg_temp.fit_state_diagonal(x)::text FROM fit_rows GROUP BY g")
        states = [s for _, s in cur.fetchall()]
        cur.execute("SELECT (f).n, (f).mean, (f).cov FROM (SELECT pg_temp.fit_merge(s::float8[]) AS f FROM unnest(%s::text[]) s) t",
                    (states,))
        compare(cur.fetchone(), "gaussian_fit_diagonal merged from text states", diagonal=True)
    cur.execute("DROP TABLE IF EXISTS fit_rows")

    # --- renyi_div against a direct mpmath sum.
    alphas = [0.0, 0.1, 0.5, 0.9, 1.0 - 1e-6, 1.0, 1.0 + 1e-6, 1.5, 2.0, 5.0, 50.0, math.inf]
    for case in range(30):
        n = int(rng.integers(1, 40))
        p = rng.random(n) * (rng.random(n) > (0.2 if case % 3 == 0 else 0.0))
        q = rng.random(n) * (rng.random(n) > (0.2 if case % 3 == 1 else 0.0))
        if p.sum() == 0:
            p[0] = 1.0
        if q.sum() == 0:
            q[-1] = 1.0
        if case % 5 == 4:
            q = p * (1 + 1e-7 * rng.standard_normal(n)) + (p == 0) * 0.1   # near-identical
        P = [mpmath.mpf(float(v)) for v in p]
        Q = [mpmath.mpf(float(v)) for v in q]
        sp, sq = sum(P), sum(Q)
        P = [v / sp for v in P]
        Q = [v / sq for v in Q]
        for alpha in alphas:
            cur.execute("SELECT renyi_div(%s::float8[], %s::float8[], %s::float8), kl_div(%s::float8[], %s::float8[])",
                        (literal(p), literal(q), alpha, literal(p), literal(q)))
            got, kl = cur.fetchone()
            if alpha == 1.0:
                tap.check(got == kl, "case %d: renyi_div at alpha 1 is kl_div exactly" % case)
                continue
            if math.isinf(alpha):
                ratios = [pi / qi if qi > 0 else mpmath.inf for pi, qi in zip(P, Q) if pi > 0]
                ref = mpmath.log(max(ratios))
            else:
                a = mpmath.mpf(alpha)
                s = mpmath.mpf(0)
                infinite = False
                for pi, qi in zip(P, Q):
                    if pi == 0:
                        continue
                    if qi == 0:
                        if alpha > 1:
                            infinite = True
                        continue
                    s += pi ** a * qi ** (1 - a)
                ref = mpmath.inf if infinite or s == 0 else mpmath.log(s) / (a - 1)
            if ref == mpmath.inf:
                ok = got == math.inf
                err = 0.0 if ok else math.inf
            else:
                ref = max(ref, 0)
                err = abs(got - float(ref))
                ok = err <= 1e-12 * abs(float(ref)) + 1e-15
            tap.check(ok, "case %d n=%d alpha=%g: renyi_div %r vs mpmath %s (err %.2g)" % (case, n, alpha, got, mpmath.nstr(ref, 17), err))
        cur.execute("SELECT perplexity(%s::float8[])", (literal(p),))
        got = cur.fetchone()[0]
        ref = math.exp(scipy.stats.entropy(p))
        tap.check(rel_error(got, ref) <= 1e-12, "case %d: perplexity vs exp(scipy entropy): rel %.2g" % (case, rel_error(got, ref)))

    # --- mean_cosine_distance: the means of two fits (covariances unread).
    # Nearly parallel means lose digits in 1 - cos; the bound promised is
    # 1e-12 relative, or 2 ulps of sqrt(k d) absolute where d is tiny.
    for k in [1, 2, 3, 16, 384, 1536]:
        for spread in [None, 1e-3, 1e-6, 1e-9]:
            if k == 1 and spread is not None:
                continue
            a = rng.standard_normal(k) * 10.0 ** rng.uniform(-5, 5)
            b = rng.standard_normal(k) if spread is None else a * (1 + spread * rng.standard_normal(k))
            b = b * 10.0 ** rng.uniform(-5, 5)
            cur.execute("SELECT mean_cosine_distance(ROW(1, %s::float8[], NULL)::gaussian, "
                        "ROW(1, %s::float8[], NULL)::gaussian)", (literal(a), literal(b)))
            got = cur.fetchone()[0]
            A = [mpmath.mpf(float(x)) for x in a]
            B = [mpmath.mpf(float(x)) for x in b]
            dot = mpmath.fsum(x * y for x, y in zip(A, B))
            ref = 1 - dot / (mpmath.sqrt(mpmath.fsum(x * x for x in A)) * mpmath.sqrt(mpmath.fsum(y * y for y in B)))
            err = abs(got - float(ref))
            bound = max(1e-12 * float(ref), 4.4e-16 * math.sqrt(float(ref) * k))
            tap.check(err <= bound, "mean_cosine_distance k=%d spread %s: %.17g vs mpmath %s (err %.2g, bound %.2g)"
                      % (k, spread, got, mpmath.nstr(ref, 17), err, bound))
            if spread is None:
                sp = scipy.spatial.distance.cosine(a, b)
                tap.check(rel_error(got, sp) <= 1e-12, "mean_cosine_distance k=%d vs scipy cosine: rel %.2g"
                          % (k, rel_error(got, sp)))
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
