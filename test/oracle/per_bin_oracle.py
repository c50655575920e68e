#!/usr/bin/python3
"""
per_bin_oracle.py: the per-bin functions of kl_divergence against
independent references, on random cases; prints TAP.

  - kl_div_terms(p, q, base, epsilon) against scipy.special.rel_entr on the
    normalized (and smoothed) inputs, bin by bin, and its sum against
    kl_div(p, q, base, epsilon);
  - psi_terms(p, q, epsilon) against numpy's (p - q) ln(p / q), and its sum
    against psi(p, q, epsilon);
  - rebin(h, edges, new_edges) against a plain Python implementation of the
    documented rules (overlap of intervals, point masses for the underflow,
    the overflow and zero-width bins), summed with math.fsum.

Run against a database with the extension installed (libpq environment):
  /usr/bin/python3 test/oracle/per_bin_oracle.py [--cases N] [--seed S]
The exit status is 1 if any check fails.
"""
import argparse
import bisect
import math
import sys

import numpy as np
import psycopg2
import scipy.special

TERM_REL, TERM_ABS = 1e-9, 1e-15     # double-precision references
SUM_REL, SUM_ABS = 1e-14, 1e-15      # terms against the whole (see test_per_bin.c)
REBIN_REL = 1e-13


class Tap:
    def __init__(self):
        self.count = 0
        self.failed = 0

    def check(self, passed, what, diagnostics=()):
        self.count += 1
        if not passed:
            self.failed += 1
        print("%sok %d - %s" % ("" if passed else "not ", self.count, what))
        if not passed:
            for line in diagnostics[:10]:
                print("#   " + line)

    def done(self):
        print("1..%d" % self.count)
        if self.failed:
            print("# %d of %d checks failed" % (self.failed, self.count))
        return 1 if self.failed else 0


# ------------------------------------------------------------ distributions

def random_weights(rng, n):
    shape = rng.integers(5)
    if shape == 0:
        w = rng.random(n)
    elif shape == 1:                     # counts, often sparse
        w = rng.poisson(10 ** rng.uniform(-0.5, 3), n).astype(float)
    elif shape == 2:                     # wide range of magnitudes
        w = 10.0 ** rng.uniform(-150, 150, n)
    elif shape == 3:                     # one extreme common scale
        w = rng.random(n) * 10.0 ** rng.uniform(-300, 300)
    else:                                # Dirichlet: many tiny bins
        w = rng.dirichlet(np.full(n, 10 ** rng.uniform(-2, 1)))
    if rng.random() < 0.3:
        w[rng.random(n) < 0.3] = 0.0
    if not np.any(w > 0):
        w[rng.integers(n)] = 1.0
    return w


def normalized(w, epsilon):
    """w / sum(w), as the extension does: a correctly rounded total, scaled
    by a power of two so that it neither overflows nor underflows; then the
    additive smoothing."""
    scale = 2.0 ** -math.frexp(float(np.max(w)))[1]
    scaled = w * scale
    total = math.fsum(scaled)
    share = scaled / total
    if epsilon > 0:
        share = (share + epsilon) / (1 + len(w) * epsilon)
    return share


def close(got, ref, rel, abs_):
    if math.isnan(got) or math.isnan(ref):
        return False
    if math.isinf(got) or math.isinf(ref):
        return got == ref
    return abs(got - ref) <= rel * abs(ref) + abs_


def floats(values):
    """Python floats for psycopg2: numpy 2's repr of its floats is not SQL."""
    return [float(v) for v in values]


def check_terms(tap, cur, rng, case):
    n = int(10 ** rng.uniform(0, 3))
    p = random_weights(rng, n)
    if rng.random() < 0.3:               # nearly equal distributions
        q = p * (1 + 10.0 ** rng.choice([-12, -9, -6, -3]) * rng.standard_normal(n))
        q = np.abs(q)
        if not np.any(q > 0):
            q = p.copy()
    else:
        q = random_weights(rng, n)
    base = [None, 2.0, 10.0][rng.integers(3)]
    epsilon = [0.0, 0.0, 1e-6, 0.01, 2.0][rng.integers(5)]

    cur.execute("SELECT kl_div_terms(%s::float8[], %s::float8[], %s, %s), "
                "kl_div(%s::float8[], %s::float8[], %s, %s), "
                "psi_terms(%s::float8[], %s::float8[], %s), "
                "psi(%s::float8[], %s::float8[], %s)",
                (floats(p), floats(q), base, epsilon) * 2 + (floats(p), floats(q), epsilon) * 2)
    kl_terms, kl, psi_terms, psi = cur.fetchone()
    label = "case %d (n %d, base %s, epsilon %g)" % (case, n, base, epsilon)

    ps, qs = normalized(p, epsilon), normalized(q, epsilon)
    log_base = math.log(base) if base else 1.0
    ref = scipy.special.rel_entr(ps, qs) / log_base
    bad = ["bin %d: got %r, rel_entr %r (p %r, q %r)" % (i + 1, g, r, ps[i], qs[i])
           for i, (g, r) in enumerate(zip(kl_terms, ref))
           if not close(g, r, TERM_REL, TERM_ABS)]
    tap.check(len(kl_terms) == n and not bad, "kl_div_terms = rel_entr: " + label, bad)
    tap.check(sum_matches(kl_terms, kl), "sum of kl_div_terms = kl_div: " + label,
              ["sum %r, kl_div %r" % (math.fsum(kl_terms), kl)])

    with np.errstate(divide="ignore", invalid="ignore"):
        ref = np.where((ps == 0) & (qs == 0), 0.0,
                       np.where((ps == 0) | (qs == 0), np.inf, (ps - qs) * np.log(ps / qs)))
    bad = ["bin %d: got %r, numpy %r" % (i + 1, g, r)
           for i, (g, r) in enumerate(zip(psi_terms, ref))
           if not close(g, r, TERM_REL, TERM_ABS)]
    tap.check(len(psi_terms) == n and not bad, "psi_terms = (p - q) ln(p/q): " + label, bad)
    tap.check(sum_matches(psi_terms, psi), "sum of psi_terms = psi: " + label,
              ["sum %r, psi %r" % (math.fsum(psi_terms), psi)])


def sum_matches(terms, whole):
    if any(math.isinf(t) for t in terms) or math.isinf(whole):
        return math.fsum(terms) == whole if not any(math.isnan(t) for t in terms) else False
    magnitude = math.fsum(abs(t) for t in terms)
    return abs(math.fsum(terms) - whole) <= SUM_REL * magnitude + SUM_ABS


# -------------------------------------------------------------------- rebin

def reference_rebin(h, edges, new_edges):
    """The documented rules, written plainly: every old bin against every
    new bin, point masses placed with bisect."""
    m, k = len(edges), len(new_edges)
    pieces = [[] for _ in range(k + 1)]
    pieces[bisect.bisect_left(new_edges, edges[0])].append(h[0])
    pieces[bisect.bisect_right(new_edges, edges[-1])].append(h[m])
    for j in range(1, m):
        a, b, w = edges[j - 1], edges[j], h[j]
        if w == 0:
            continue
        if a == b:
            s = j - edges.index(a)               # the s-th zero-width bin at a
            below = bisect.bisect_left(new_edges, a)
            at_or_below = bisect.bisect_right(new_edges, a)
            if at_or_below - below >= 2:
                pieces[min(below + s, at_or_below - 1)].append(w)
            else:
                pieces[at_or_below].append(w)
            continue
        for t in range(k + 1):
            lo = new_edges[t - 1] if t > 0 else -math.inf
            hi = new_edges[t] if t < k else math.inf
            overlap = min(b, hi) - max(a, lo)
            if overlap > 0:
                pieces[t].append(w * (overlap / (b - a)))
    return [math.fsum(p) for p in pieces]


def random_edges(rng, count, lo, hi):
    e = np.sort(rng.uniform(lo, hi, count))
    if count > 1 and rng.random() < 0.3:     # some equal neighbours
        i = rng.integers(1, count)
        e[i] = e[i - 1]
    if rng.random() < 0.3:                   # round to a grid: shared edges
        e = np.round(e, 1)
    return [float(x) for x in e]


def check_rebin(tap, cur, rng, case):
    m = int(rng.integers(1, 60))
    k = int(rng.integers(1, 60))
    edges = random_edges(rng, m, -10, 10)
    style = rng.integers(4)
    if style == 0:
        new_edges = random_edges(rng, k, -12, 12)
    elif style == 1:                         # a subset of the old edges
        new_edges = sorted(set(edges[i] for i in rng.integers(0, m, k)))
    elif style == 2:                         # finer: old edges plus others
        new_edges = sorted(edges + random_edges(rng, k, -10, 10))
    else:
        new_edges = list(edges)
    h = list(random_weights(rng, m + 1) * 10 ** rng.uniform(-5, 5))

    cur.execute("SELECT rebin(%s::float8[], %s::float8[], %s::float8[])",
                (floats(h), floats(edges), floats(new_edges)))
    got = cur.fetchone()[0]
    ref = reference_rebin(h, edges, new_edges)
    total = math.fsum(h)
    bad = ["bin %d: got %r, reference %r" % (i + 1, g, r)
           for i, (g, r) in enumerate(zip(got, ref))
           if not abs(g - r) <= REBIN_REL * max(abs(r), 1e-300) + 1e-15 * total]
    label = "case %d (%d edges onto %d, %s)" % (
        case, m, len(new_edges), ["random", "subset", "finer", "same"][style])
    tap.check(len(got) == len(new_edges) + 1 and not bad, "rebin = reference: " + label, bad)
    tap.check(abs(math.fsum(got) - total) <= 1e-14 * total, "rebin keeps the mass: " + label,
              ["total %r became %r" % (total, math.fsum(got))])
    if style == 3:
        tap.check(got == h, "rebin onto the same edges is the identity: " + label)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20240701)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    tap = Tap()
    print("# seed %d" % args.seed)
    with psycopg2.connect("") as connection:    # libpq environment variables
        cur = connection.cursor()
        for simd in ("auto", "off"):
            cur.execute("SET kl_divergence.simd = " + simd)
            print("# kl_divergence.simd = " + simd)
            for case in range(args.cases):
                check_terms(tap, cur, rng, case)
        for case in range(args.cases):
            check_rebin(tap, cur, rng, case)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
