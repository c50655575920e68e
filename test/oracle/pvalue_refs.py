#!/usr/bin/python3
"""
pvalue_refs.py: writes test/unit/pvalue_refs.h, the reference values that
test/unit/test_pvalues.c checks kld_chi2_sf, kld_ncx2_sf and kld_kstwo_sf
against (the unit test needs no Python when it runs).

  - chi-square: mpmath's regularized upper incomplete gamma at 50 digits;
  - noncentral chi-square: the Poisson(nc/2) mixture of chi-square tails at
    40 digits, summed upward from 13 standard deviations below the Poisson
    mode with the exact recurrence Q(b+1, y) = Q(b, y) + y^b e^-y/Gamma(b+1),
    until the terms fall below 1e-37 of the sum;
  - Kolmogorov-Smirnov: scipy.stats.kstwo.sf (the same regions and
    approximations as src/core/kstwo.c), except where scipy gives 0 for a
    value that is not: there the exact two-sided tail 2 P[D_n+ >= d] (exact
    for d >= 1/2, the method scipy itself picks below) summed in mpmath;
    and where scipy gives NaN (n past 2^31 where it calls
    scipy.special.smirnov, whose n is a C int): there its own formula for
    n > 1e6 in mpmath.

Each x is chosen in double precision (a target p-value through scipy's isf,
or a grid point), then the reference is computed at that very double, so
the rounding of x is no part of the error. Values are written as hex
floats, rounded once from the high-precision result.

  /usr/bin/python3 test/oracle/pvalue_refs.py > test/unit/pvalue_refs.h
"""
import math
import sys

import mpmath as mp
import numpy as np
from scipy import stats

mp.mp.dps = 50
DBL_MIN = 2.2250738585072014e-308


def chi2_ref(x, dof):
    return mp.re(mp.gammainc(mp.mpf(dof) / 2, mp.mpf(x) / 2, mp.inf,
                             regularized=True))


def upper_gamma(b, y):
    """Q(b, y); where mpmath's gammainc gives up (b ~ y, both large), as
    1 - P(b, y) with P = y^b e^-y / Gamma(b+1) 1F1(1; b+1; y), at enough
    digits that the subtraction keeps the working precision."""
    try:
        return mp.gammainc(b, y, mp.inf, regularized=True)
    except mp.libmp.libhyper.NoConvergence:
        pass
    extra = 20
    if y > b:
        extra += int(float((y - b) ** 2 / (2 * b) / mp.log(10)) * 1.3)
    with mp.workdps(mp.mp.dps + extra):
        p = mp.exp(b * mp.log(y) - y - mp.loggamma(b + 1)) * \
            mp.hyp1f1(1, b + 1, y, maxterms=10 ** 8)
        return +(1 - p)


def ncx2_ref(x, dof, nc, dps=40):
    with mp.workdps(dps):
        x, k, lam = mp.mpf(x), mp.mpf(dof), mp.mpf(nc)
        if lam == 0:
            return chi2_ref(x, dof)
        mu, y, a = lam / 2, x / 2, k / 2
        j = max(0, int(mu - 13 * mp.sqrt(mu) - 10))
        b = a + j
        q = upper_gamma(b, y)
        e = mp.exp(b * mp.log(y) - y - mp.loggamma(b + 1))
        w = mp.exp(-mu + j * mp.log(mu) - mp.loggamma(j + 1))
        total = mp.mpf(0)
        tol = mp.mpf(10) ** (-dps + 3)
        while True:
            t = w * q
            total += t
            # past the mode, and the ratio of terms (bounded by mu/(j+1) *
            # (1 + e/q), which only falls) below 1/2: the rest is below t
            if j > mu and (t == 0 or t < tol * total) and mu / (j + 1) * (1 + e / q) < 0.5:
                break
            q += e
            e *= y / (b + 1)
            w *= mu / (j + 1)
            j += 1
            b += 1
        return total


def smirnov_exact(n, d):
    """P[D_n+ >= d] by the Birnbaum-Tingey sum, in mpmath."""
    n = int(n)
    d = mp.mpf(d)
    total = mp.mpf(0)
    v = 0
    while True:
        p = d + mp.mpf(v) / n
        if p >= 1:
            break
        total += mp.binomial(n, v) * p ** (v - 1) * (1 - p) ** (n - v)
        v += 1
    return d * total


def isf_or_none(fn, p, *args):
    try:
        with np.errstate(all='ignore'):
            x = float(fn(p, *args))
    except Exception:
        return None
    return x if math.isfinite(x) and x > 0 else None


def chi2_cases():
    cases = []
    dofs = [1e-5, 0.01, 0.3, 1, 2, 3, 5, 9.5, 10, 17, 30, 100, 999, 1000,
            12345, 1e5, 1e6, 1e7]
    targets = [1 - 1e-9, 0.9, 0.5, 0.05, 1e-10, 1e-50, 1e-100, 1e-200,
               1e-300, 1e-306]
    for dof in dofs:
        xs = set()
        for p in targets:
            x = isf_or_none(stats.chi2.isf, p, dof)
            if x is not None:
                xs.add(x)
        mean, sd = dof, math.sqrt(2 * dof)
        for z in (-8, -3, -1, 0, 0.5, 1, 3, 6, 10, 37, 38.5):
            if mean + z * sd > 0:
                xs.add(mean + z * sd)
        for x in (1e-300, 1e-8, 0.5, 1.5, 1400, 1480, 1490):
            xs.add(x)
        for x in sorted(xs):
            cases.append((x, dof))
    return cases


def ncx2_cases():
    cases = []
    for dof in (0.5, 1, 2, 7, 100, 1000):
        for nc in (1e-300, 1e-9, 0.01, 1, 10, 150, 4000, 1e5):
            mean, sd = dof + nc, math.sqrt(2 * (dof + 2 * nc))
            xs = set()
            for z in (-6, -2, -0.5, 0, 0.5, 2, 6, 15, 30):
                if mean + z * sd > 0:
                    xs.add(mean + z * sd)
            for x in (1e-6, 0.3, 1200):
                xs.add(x)
            for x in sorted(xs):
                cases.append((x, dof, nc))
    # a few of the very large ones the tests may meet
    for dof, nc in ((1, 1e6), (1e6, 1e6), (3, 1e7)):
        mean, sd = dof + nc, math.sqrt(2 * (dof + 2 * nc))
        for z in (-3, 0, 4, 20):
            cases.append((mean + z * sd, dof, nc))
    return cases


def kstwo_cases():
    cases = []
    ns = [1, 2, 3, 5, 10, 50, 100, 139, 140, 141, 500, 1000, 10 ** 4,
          10 ** 5, 10 ** 5 + 1, 10 ** 6, 10 ** 6 + 1, 10 ** 9, 10 ** 12]
    for n in ns:
        ds = set()
        for d in (1e-300, 0.3 / n, 0.51 / n, 0.75 / n, 1.0 / n, 1.7 / n,
                  0.25, 0.45, 0.5, 0.55, 0.7, 0.9, 1 - 1.5 / n, 1 - 0.7 / n,
                  1 - 1e-12):
            if 0 < d < 1:
                ds.add(d)
        for z in (0.02, 0.1, 0.3, 0.5, 0.7, 0.86, 0.9, 1.0, 1.2, 1.47, 1.5,
                  1.8, 2.0, 2.5, 3, 4, 5, 7, 10, 13, 17, 18.8, 19.2):
            d = z / math.sqrt(n)
            if 0 < d < 1:
                ds.add(d)
        for d in sorted(ds):
            cases.append((d, n))
    return cases


def kstwo_ref(d, n):
    s = float(stats.kstwo.sf(d, n))
    if math.isnan(s):
        # scipy.special.smirnov takes n as a C int: NaN past 2^31. Its own
        # choice for n > 1e6, 2 exp(-(6nd + 1)^2 / (18n)), in mpmath.
        nn, dd = mp.mpf(n), mp.mpf(d)
        return 2 * mp.exp(-(6 * nn * dd + 1) ** 2 / (18 * nn)), "mpmath, scipy's n > 1e6 formula"
    if s == 0.0 and n <= 5000 and n * d * d < 400:
        # scipy cuts to 0 here; the one-sided sum is still representable
        return 2 * smirnov_exact(n, d), "mpmath 2 smirnov"
    return mp.mpf(s), "scipy"


def hexf(v):
    return float(v).hex()


def main():
    out = sys.stdout
    out.write("/*\n * pvalue_refs.h: reference values for test_pvalues.c, written by\n"
              " * test/oracle/pvalue_refs.py (do not edit): chi-square from mpmath at 50\n"
              " * digits, noncentral chi-square from the Poisson mixture at 40 digits,\n"
              " * Kolmogorov-Smirnov from scipy.stats.kstwo.sf (mpmath where scipy gives 0\n"
              " * for a value that is not).\n */\n")
    out.write("#ifndef KLD_PVALUE_REFS_H\n#define KLD_PVALUE_REFS_H\n\n")
    out.write("typedef struct pv_ref\n{\n\tdouble\t\ta,\n\t\t\t\tb,\n\t\t\t\tc;\n"
              "\tdouble\t\texpected;\n} pv_ref;\n\n")

    out.write("/* {x, dof, 0, P[chi2(dof) > x]} */\nstatic const pv_ref pv_chi2_refs[] = {\n")
    for x, dof in chi2_cases():
        v = chi2_ref(x, dof)
        out.write("\t{%s, %s, 0, %s},\t/* %.6g */\n" % (hexf(x), hexf(dof), hexf(v), float(v)))
    out.write("};\n\n")

    out.write("/* {x, dof, nc, P[ncx2(dof, nc) > x]} */\nstatic const pv_ref pv_ncx2_refs[] = {\n")
    for x, dof, nc in ncx2_cases():
        v = ncx2_ref(x, dof, nc)
        out.write("\t{%s, %s, %s, %s},\t/* %.6g */\n" % (hexf(x), hexf(dof), hexf(nc), hexf(v), float(v)))
    out.write("};\n\n")

    out.write("/* {d, n, 0, P[D_n > d]} */\nstatic const pv_ref pv_kstwo_refs[] = {\n")
    for d, n in kstwo_cases():
        v, src = kstwo_ref(d, n)
        out.write("\t{%s, %s, 0, %s},\t/* %.6g, %s */\n" % (hexf(d), hexf(float(n)), hexf(v), float(v), src))
    out.write("};\n\n#endif\t\t\t\t\t\t\t/* KLD_PVALUE_REFS_H */\n")


if __name__ == "__main__":
    main()
