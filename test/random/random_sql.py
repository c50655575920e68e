#!/usr/bin/python3
"""
random_sql.py: randomized SQL-level robustness test of kl_divergence.

Thousands of random, mostly hostile argument sets against every SQL function
and aggregate of the extension (and the aggregates' support functions, called
directly and with garbage states): NaN, +-Infinity, negative, 1e308, 5e-324,
0, -0, empty, huge (1e6) and multi-dimensional arrays, NULL elements and
arguments, non-default lower bounds, mismatched lengths, bad base, epsilon,
lo, hi, nbins, edges and weights, bins changing within a group.

Each case is one SQL call. It passes when the call EITHER returns a value the
README documents (never NaN, inside the promised range, the expected NULL,
counts that agree with the server's own width_bucket) OR raises an error whose
SQLSTATE README "Errors" documents for that function. Where README says which
problem is reported (check order, NULL handling), the expected outcome is
predicted from the inputs and must match.

Before and after each batch a second, idle connection checks that the server
is alive and pg_postmaster_start_time() is unchanged: a backend crash kills
that connection too, a restart changes the start time.

The support functions also run inside test aggregates (CREATE AGGREGATE with
a garbage INITCOND, rolled back with the case), and the aggregates over a
table kld_rt_data (created here) with forced parallel plans.

0.3.0: the jsonb overloads over random category maps (quoted, escaped,
unicode, empty and duplicate keys; numbers spelled many ways, huge, tiny,
negative, beyond float8; strings, booleans, JSON null, objects, arrays as
values; non-object roots, {}), each equal bit for bit to the float8[] form on
the maps aligned in Python (jsonb's key order) or a predicted SQLSTATE;
category_counts of text/int/bool columns against a Python dict; quantile_edges
of small columns against README's definition; rebin against README's rules in
exact rationals; kl_div_terms and psi_terms against mpmath and their sums
against kl_div and psi; compare_histograms' rows, shares, terms and bars;
sparkline's levels. quantile_edges is described in main's README (commit
c8ac145, "README: quantile_edges"); this branch's README predates it.

Run against a database with the extension installed (libpq environment):
  PGDATABASE=kld_random /usr/bin/python3 test/random/random_sql.py --cases 3000
(3,000 cases take 20-40 s; more cases, or other seeds, for longer runs.)
Reproduce cases: --seed S --only ID[,ID..]   Print a case's SQL: --show ID
The last line is "random_sql: N passed, N failed"; exit status 1 on failure.
"""
import argparse
import bisect
import decimal
import json
import math
import random
import sys
import time
from fractions import Fraction

import psycopg2
from mpmath import mp, mpf

DEFAULT_SEED = 20241121
NAN, INF = float("nan"), float("inf")
DBL_MAX = sys.float_info.max
LN2 = math.log(2.0)
REL, ABS = 1e-12, 1e-15                 # README's accuracy bound
MAX_BINS = 1_000_000                    # README: nbins / edges limit
HUGE = 1_000_000                        # length of the largest arrays

# SQLSTATEs of README "Errors".
SUBSCRIPT = "2202E"      # lengths, empty, multi-dimensional
NULL_ELEM = "22004"      # NULL element, NULL lo/hi/nbins/edges
INVALID = "22023"        # weights, epsilon, sigma, mu, bins changed, bad state
BAD_BASE = "2201E"       # base
BUCKET = "2201G"         # NaN value, lo/hi/nbins/edges
NOT_AGG = "0A000"        # support function called directly
OVERFLOW = "22003"       # histogram counts that outgrow float8

PAIR_CODES = {SUBSCRIPT, NULL_ELEM, INVALID}
DOCUMENTED = {
    **{f: PAIR_CODES | {BAD_BASE} for f in
       ("entropy", "cross_entropy", "kl_div", "jsd", "js_distance")},
    **{f: PAIR_CODES for f in ("tv_distance", "hellinger", "linf_distance",
                               "psi", "chi2_div", "wasserstein", "ks_distance")},
    "kl_div_normal": {INVALID},
    # 0.4.0: multivariate normals, gaussian_fit, renyi_div (README "Errors
    # of the Gaussian functions"): shapes, NULL elements, values, limits.
    "kl_div_normal(arrays)": {SUBSCRIPT, NULL_ELEM, INVALID, "54000"},
    "frechet_distance": {SUBSCRIPT, NULL_ELEM, INVALID, "54000"},
    "mean_cosine_distance": {SUBSCRIPT, NULL_ELEM, INVALID},
    "gaussian_fit": {SUBSCRIPT, NULL_ELEM, INVALID, "54000"},
    "renyi_div": {SUBSCRIPT, NULL_ELEM, INVALID},
    # 0.4.0: tests of homogeneity ("the divergences' errors", and 22023 for
    # min_effect); p_adjust (22003 for a value that is not a p-value, 2202E
    # for 2-D, 22023 for the method); wasserstein with edges (the edges'
    # errors of histogram, 2201G and 2202E, and the length rule, 2202E).
    **{f: PAIR_CODES for f in ("chi2_test", "g_test", "ks_test", "psi_test")},
    "p_adjust": {OVERFLOW, SUBSCRIPT, INVALID},
    "wasserstein(edges)": PAIR_CODES | {BUCKET},
    "histogram": {BUCKET, SUBSCRIPT, NULL_ELEM, INVALID, OVERFLOW},
    "histogram_sum": {SUBSCRIPT, NULL_ELEM, INVALID, OVERFLOW},
    # Called directly: README says 0A000; the argument checks that run
    # before it (NULL bins, edges' shape) keep the aggregate's SQLSTATEs.
    "histogram_transition": {NOT_AGG, NULL_ELEM, SUBSCRIPT},
    "histogram_combine": {NOT_AGG},
    "histogram_sum_transition": {NOT_AGG},
    # A state that is not a histogram state, or not a 1-D array without NULLs.
    "histogram_final": {INVALID, NULL_ELEM, SUBSCRIPT},
    # Support functions inside a test aggregate whose INITCOND is garbage.
    "histogram_transition(state)": {INVALID, BUCKET, NULL_ELEM, SUBSCRIPT, OVERFLOW},
    "histogram_combine(state)": {INVALID, NULL_ELEM, SUBSCRIPT, OVERFLOW},
    "histogram_sum_transition(state)": {INVALID, NULL_ELEM, SUBSCRIPT, OVERFLOW},
    # 0.3.0. Category maps: "same ... errors" as the arrays, plus a JSON null
    # value (22004), not an object or not a number (22023), a number beyond
    # float8 (22003), an empty map (2202E).
    **{f + "(jsonb)": PAIR_CODES | {OVERFLOW, BAD_BASE} for f in
       ("entropy", "cross_entropy", "kl_div", "jsd", "js_distance")},
    **{f + "(jsonb)": PAIR_CODES | {OVERFLOW} for f in
       ("tv_distance", "hellinger", "linf_distance", "psi", "chi2_div")},
    "category_counts": {INVALID, OVERFLOW},
    "quantile_edges": {BUCKET, NULL_ELEM, INVALID},
    "rebin": {SUBSCRIPT, BUCKET, NULL_ELEM, INVALID, OVERFLOW},
    # Per-bin views: "exactly the errors of kl_div and psi".
    "kl_div_terms": PAIR_CODES | {BAD_BASE},
    "psi_terms": PAIR_CODES,
    "compare_histograms": PAIR_CODES,
    "sparkline": PAIR_CODES,
    "support functions 0.3.0": {NOT_AGG},
}

mp.dps = 50

# An expected outcome is (kind, codes): ("error", codes) must raise one of
# codes; ("value", codes) and ("null", codes) must return a value (or NULL),
# but may also raise one of codes (NULL bins on a row the aggregate skips).
VALUE, NULL_ = ("value", frozenset()), ("null", frozenset())


# ------------------------------------------------------------ array models

def elem(x):
    """A float8 as it is written inside an array literal."""
    if x is None:
        return "NULL"
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return repr(x)


def scalar(x, cast="float8"):
    return "NULL::%s" % cast if x is None else "'%s'::%s" % (elem(x), cast)


class Arr:
    """A float8[] argument: its model (values, shape) and its SQL."""

    def __init__(self, kind, values=(), lb=1, rows=0, sql=None):
        self.values = list(values)    # flat; None is a NULL element
        self.kind = "empty" if kind == "1d" and not self.values else kind  # null, empty, 1d, 2d
        self.lb = lb
        self.rows = rows              # 2d: number of rows
        self._sql = sql               # set for server-generated huge arrays

    def sql(self):
        if self._sql:
            return self._sql
        if self.kind == "null":
            return "NULL::float8[]"
        if self.kind == "empty":
            return "'{}'::float8[]"
        return "'%s'::float8[]" % self.text()

    def text(self):
        """Array input syntax (also used for INITCOND)."""
        if self.kind == "empty":
            return "{}"
        if self.kind == "2d":
            cols = len(self.values) // self.rows
            return "{%s}" % ",".join(
                "{%s}" % ",".join(map(elem, self.values[r * cols:(r + 1) * cols]))
                for r in range(self.rows))
        body = "{%s}" % ",".join(map(elem, self.values))
        if self.lb != 1:
            return "[%d:%d]=%s" % (self.lb, self.lb + len(self.values) - 1, body)
        return body

    @property
    def is_null(self):
        return self.kind == "null"

    @property
    def has_null(self):
        return any(x is None for x in self.values)

    def shape_error(self):
        """The code of the error the array's shape earns first (two
        dimensions, then a NULL element), or None."""
        if self.kind == "2d":
            return SUBSCRIPT
        if self.has_null:
            return NULL_ELEM
        return None

    def n(self):
        return len(self.values)


def bad_weight(x):
    return math.isnan(x) or math.isinf(x) or x < 0


def weights_problem(a):
    """README: negative, NaN, infinite weight or no positive weight: 22023."""
    return any(bad_weight(x) for x in a.values) or not any(x > 0 for x in a.values)


# -------------------------------------------------------------- generators

GOOD = [0.0, -0.0, 1.0, 0.5, 3.0, 0.1, 1e-17, 5e-324, 2.2250738585072014e-308,
        1e-300, 1e300, 1e308, DBL_MAX, 123456789.0, 2.0 ** 53]
BAD = [-1.0, -5e-324, -DBL_MAX, -0.5, NAN, INF, -INF]


def weights(rng, n):
    style = rng.randrange(6) if n else 0
    if style == 0:
        return [float(rng.randrange(11)) for _ in range(n)]
    if style == 1:
        return [rng.random() for _ in range(n)]
    if style == 2:
        scale = 10.0 ** rng.uniform(-300, 300)
        return [rng.random() * scale for _ in range(n)]
    if style == 3:                            # sparse
        w = [0.0] * n
        for _ in range(rng.randint(1, 3)):
            w[rng.randrange(n)] = rng.choice([rng.random(), 1.0, 5e-324, 1e308])
        return w
    if style == 4:
        return [rng.choice(GOOD) for _ in range(n)]
    return [10.0 ** rng.uniform(-300, 300) for _ in range(n)]


def length(rng):
    r = rng.random()
    if r < 0.5:
        return rng.randint(1, 5)
    if r < 0.9:
        return rng.randint(1, 50)
    return rng.randint(1, 2000)


def huge_hist(rng, bad=False):
    """About a million elements, made by the server: array_fill || a tail."""
    n = rng.choice([HUGE, HUGE - 7, rng.randint(100_000, HUGE)])
    fill = rng.choice([1.0, 0.0, 5e-324, 1e308, rng.random()])
    tail = weights(rng, rng.randint(0, 3))
    if bad:
        tail.append(rng.choice(BAD + [None]))
    sql = "array_fill(%s, ARRAY[%d])" % (scalar(fill), n)
    if tail:
        sql += " || '%s'::float8[]" % ("{%s}" % ",".join(map(elem, tail)))
    return Arr("1d", [fill] * n + tail, sql="(%s)" % sql)


def hist(rng, n=None, huge_ok=True):
    """A histogram argument, valid most of the time."""
    r = rng.random()
    if r < 0.03:
        return Arr("null")
    if r < 0.06:
        return Arr("empty")
    if r < 0.08:
        rows, cols = rng.randint(1, 3), rng.randint(1, 3)
        vals = weights(rng, rows * cols)
        if rng.random() < 0.3:
            vals[rng.randrange(len(vals))] = None
        return Arr("2d", vals, rows=rows)
    if huge_ok and r < 0.096:
        return huge_hist(rng, bad=rng.random() < 0.3)
    vals = weights(rng, n if n is not None else length(rng))
    m = rng.random()
    if m < 0.05:
        vals[rng.randrange(len(vals))] = None
    elif m < 0.15:
        vals[rng.randrange(len(vals))] = rng.choice(BAD)
    elif m < 0.18:
        vals = [rng.choice([0.0, -0.0]) for _ in vals]
    lb = 1
    if rng.random() < 0.1:
        lb = rng.choice([0, -3, 2, 7, -2147483648, 2147483646 - len(vals) + 1])  # array_in: upper bound < 2^31 - 1
    return Arr("1d", vals, lb=lb)


def same_shape_as(rng, p):
    """q for p: usually the same length; sometimes p itself or 2 p."""
    r = rng.random()
    if p.kind == "1d" and not p._sql and r < 0.1:
        return Arr("1d", p.values, lb=rng.choice([1, p.lb, 0]))
    if p.kind == "1d" and not p._sql and r < 0.15 and not p.has_null and \
            all(not bad_weight(x) and x < 1e307 for x in p.values):
        return Arr("1d", [2.0 * x for x in p.values])   # exact: same distribution
    if p.kind == "1d" and not p._sql and r < 0.85:
        return hist(rng, n=p.n(), huge_ok=False)
    if p._sql and r < 0.8:                            # huge p: huge q as well
        q = huge_hist(rng, bad=rng.random() < 0.2)
        return q
    return hist(rng)


BASES = [None, 2.0, 10.0, math.e, 0.5, 0.1, 1e308, DBL_MAX, 5e-324, 1e-300,
         1.0 + 2.0 ** -52, 1.0 - 2.0 ** -53, 1.0000001, 0.999, 1.5,
         1.0, 0.0, -0.0, -1.0, -2.0, NAN, INF, -INF]
EPSILONS = [None, 0.0, -0.0, 1e-6, 1e-4, 0.5, 1.0, 5e-324, 1e-300, 1e308,
            DBL_MAX, -1.0, -5e-324, NAN, INF, -INF]


# ------------------------------------------------------ divergence functions

WITH_BASE = ("entropy", "cross_entropy", "kl_div", "jsd", "js_distance")
WITH_EPS = ("kl_div", "psi", "chi2_div")
PAIR_FUNCTIONS = ("cross_entropy", "kl_div", "jsd", "js_distance", "tv_distance",
                  "hellinger", "linf_distance", "psi", "chi2_div",
                  "wasserstein", "ks_distance")


def base_ok(fn, b):
    if not math.isfinite(b) or b <= 0 or b == 1:
        return False
    return b > 1 if fn == "js_distance" else True   # README: sqrt needs b > 1


def case_divergence(rng, fn):
    p = hist(rng)
    q = same_shape_as(rng, p) if fn != "entropy" else None
    base = rng.choice(BASES) if fn in WITH_BASE else None
    eps = rng.choice(EPSILONS) if fn in WITH_EPS else 0.0
    if fn in WITH_EPS and rng.random() < 0.4:
        eps = 0.0
    # Argument list: sometimes positional, sometimes named, defaults omitted.
    args = [p.sql()] + ([q.sql()] if q else [])
    named = rng.random() < 0.3
    use_base = fn in WITH_BASE and (base is not None or rng.random() < 0.5)
    use_eps = fn in WITH_EPS and (eps != 0.0 or rng.random() < 0.5)
    if use_base:
        args.append(("base => " if named else "") + scalar(base))
    if use_eps:
        if not named and fn == "kl_div" and not use_base:
            named = True
        args.append(("epsilon => " if named else "") + scalar(eps))
    sql = "SELECT %s(%s)" % (fn, ", ".join(args))
    expect = predict_divergence(fn, p, q, base, eps)
    return sql, lambda cur, out: check_divergence(fn, p, q, base, eps, expect, out)


def predict_divergence(fn, p, q, base, eps):
    """NULL_ | ("error", codes) | VALUE, from README Semantics/Errors."""
    arrays = [p] + ([q] if q else [])
    if any(a.is_null for a in arrays) or eps is None:
        return NULL_
    # Order: shape and NULL elements, then base and epsilon, then lengths,
    # then p's weights, then q's.
    for a in arrays:
        if a.shape_error():
            return ("error", {a.shape_error()})
    empty = any(a.kind == "empty" for a in arrays)
    if base is not None and not base_ok(fn, base):
        # "empty" is a shape problem or a length problem: README leaves it open.
        return ("error", {BAD_BASE} | ({SUBSCRIPT} if empty else set()))
    if not (math.isfinite(eps) and eps >= 0):
        return ("error", {INVALID} | ({SUBSCRIPT} if empty else set()))
    if empty or (q and p.n() != q.n()):
        return ("error", {SUBSCRIPT})
    if any(weights_problem(a) for a in arrays):
        return ("error", {INVALID})
    return VALUE


def check_divergence(fn, p, q, base, eps, expect, out):
    got = outcome_vs_prediction(fn, expect, out)
    if got is not None:
        return got
    if expect[0] != "value":
        return None
    v = out[1][0][0]
    if v is None:
        return "returned NULL for valid arguments"
    if math.isnan(v):
        return "returned NaN"
    lb = math.log(base) if base is not None else 1.0
    if math.isinf(v):
        if (v > 0) != (lb > 0):
            return "returned %r with base %r (nats would be -Infinity)" % (v, base)
        nats = INF
    elif fn == "js_distance":
        if v < 0:
            return "js_distance %r < 0" % v
        nats = v * v * lb                       # jsd in nats
    else:
        nats = v * lb
    n = p.n()
    tol = lambda bound: bound * (1 + 4 * REL) + ABS
    if nats < -ABS:
        return "%s is negative in nats: %r" % (fn, nats)
    psup = [x > 0 for x in p.values]
    qsup = [x > 0 for x in q.values] if q else None
    p_in_q = q is None or all(qs or not ps for ps, qs in zip(psup, qsup))
    smooth = eps is not None and eps > 0
    # README ranges: entropy <= ln n and jsd <= ln 2 in nats; the distances
    # in [0, 1]; wasserstein in [0, n - 1].
    bounds = {"entropy": (nats, math.log(n)), "jsd": (nats, LN2), "js_distance": (nats, LN2),
              "tv_distance": (v, 1.0), "hellinger": (v, 1.0), "linf_distance": (v, 1.0),
              "ks_distance": (v, 1.0), "wasserstein": (v, n - 1.0)}
    if fn in bounds:
        value, bound = bounds[fn]
        exact = fn in ("tv_distance", "hellinger", "linf_distance", "ks_distance")
        if math.isinf(value) or value > (bound if exact else tol(bound)):
            return "%s = %r above its bound %r" % (fn, v, bound)
    if fn in ("kl_div", "cross_entropy", "psi"):
        infinite = not p_in_q and not smooth
        if fn == "psi" and not smooth:
            infinite = psup != qsup
        if infinite and not math.isinf(nats):
            return "%s finite (%r) where a bin has mass on one side only" % (fn, v)
        if not infinite and math.isinf(nats):
            return "%s = Infinity although every bin with mass has mass on both sides" % fn
    if fn == "chi2_div" and not smooth and not p_in_q and not math.isinf(v):
        return "chi2_div finite (%r) where q has no mass and p has" % v
    if q is not None and same_distribution(p, q) and fn != "cross_entropy":
        size = v * math.sqrt(lb) if fn == "js_distance" else (nats if fn in WITH_BASE else v)
        if not abs(size) <= ABS:
            return "%s(p, p) = %r, not 0 (README: KL(P||P) = 0)" % (fn, v)
    return None


def same_distribution(p, q):
    """q is p, or exactly 2 p."""
    return p.n() == q.n() and (p.values == q.values or
                               all(y == 2.0 * x for x, y in zip(p.values, q.values)))


MUS = [0.0, -0.0, 1.0, -1.0, 1e308, -1e308, DBL_MAX, -DBL_MAX, 5e-324, 1e-300,
       NAN, INF, -INF, None]
SIGMAS = [1.0, 0.5, 1e-300, 5e-324, 1e308, DBL_MAX, 0.0, -0.0, -1.0, NAN, INF, -INF, None]


def case_normal(rng, fn):
    def mu():
        return rng.gauss(0, 1) * 10.0 ** rng.uniform(-5, 5) if rng.random() < 0.5 \
            else rng.choice(MUS)

    def sigma():
        return 10.0 ** rng.uniform(-5, 5) if rng.random() < 0.5 else rng.choice(SIGMAS)

    a = [mu(), sigma(), mu(), sigma()]
    if rng.random() < 0.1:
        a[2], a[3] = a[0], a[1]                  # KL(N || N) = 0
    sql = "SELECT kl_div_normal(%s)" % ", ".join(map(scalar, a))
    if None in a:
        expect = NULL_
    elif not all(math.isfinite(m) for m in a[0::2]) or \
            not all(math.isfinite(s) and s > 0 for s in a[1::2]):
        expect = ("error", {INVALID})
    else:
        expect = VALUE

    def check(cur, out):
        bad = outcome_vs_prediction(fn, expect, out)
        if bad or expect[0] != "value":
            return bad
        v = out[1][0][0]
        if v is None or math.isnan(v) or v < 0:
            return "returned %r" % v
        m1, s1, m2, s2 = map(mpf, a)            # exact conversions
        ref = mp.log(s2 / s1) + (s1 ** 2 + (m1 - m2) ** 2) / (2 * s2 ** 2) - mpf(1) / 2
        if ref < DBL_MAX * (1 - REL) and math.isinf(v):
            return "Infinity, but the value %s fits a float8" % mp.nstr(ref, 10)
        if a[0] == a[2] and a[1] == a[3] and v > ABS:
            return "KL(N || N) = %r, not 0" % v
        return None
    return sql, check


# --------------------------------------------------------------- histograms

GOOD_RANGES = [(0.0, 1.0), (-1.0, 1.0), (0.0, 100.0), (-3.7, 12.1), (1e-300, 2e-300),
               (-DBL_MAX, DBL_MAX), (-1e308, 1e308), (0.0, 5e-324), (5e-324, 1e-323),
               (-0.0, 1.0), (1e15, 1e15 + 2)]
BAD_RANGES = [(1.0, 1.0), (2.0, 1.0), (NAN, 1.0), (0.0, NAN), (-INF, 0.0),
              (0.0, INF), (None, 1.0), (0.0, None), (INF, -INF)]
GOOD_NBINS = [1, 2, 3, 5, 7, 10, 100, 1000]
BAD_NBINS = [0, -1, MAX_BINS + 1, 2147483647, -2147483648, None]


def bins_eqw(rng):
    if rng.random() < 0.85:
        if rng.random() < 0.3:
            lo = rng.uniform(-1e3, 1e3)
            lo, hi = lo, lo + rng.choice([1e-9, 1.0, 1e3, rng.random() * 100 + 1e-6])
        else:
            lo, hi = rng.choice(GOOD_RANGES)
    else:
        lo, hi = rng.choice(BAD_RANGES)
    r = rng.random()
    nb = rng.choice(GOOD_NBINS) if r < 0.8 else rng.randint(1, 50) if r < 0.93 else \
        rng.choice(BAD_NBINS) if r < 0.995 else MAX_BINS
    return ("eqw", lo, hi, nb)


def bins_edges(rng):
    r = rng.random()
    if r < 0.004:                                  # the most edges allowed, or one more
        n = rng.choice([MAX_BINS, MAX_BINS + 1])
        return ("edges", Arr("1d", [float(i) for i in range(1, n + 1)],
                             sql="(SELECT array_agg(i::float8 ORDER BY i) "
                                 "FROM generate_series(1, %d) i)" % n))
    if r < 0.02:
        return ("edges", Arr("null"))
    if r < 0.04:
        return ("edges", Arr("empty"))
    if r < 0.05:
        return ("edges", Arr("2d", [0.0, 1.0, 2.0, 3.0], rows=2))
    m = rng.randint(1, 12)
    pool = [rng.uniform(-10, 10) for _ in range(4)] + [0.0, 1.0, -0.0, 1e308, -1e308, 5e-324]
    edges = sorted(rng.choice(pool) for _ in range(m))       # ties allowed
    x = rng.random()
    if x < 0.04:
        edges[rng.randrange(m)] = None
    elif x < 0.08:
        edges[rng.randrange(m)] = rng.choice([NAN, INF, -INF])
    elif x < 0.12 and m > 1:
        i = rng.randrange(m - 1)
        edges[i], edges[i + 1] = edges[i + 1] + 1.0, edges[i]   # descending pair
    lb = rng.choice([1] * 9 + [0, 5])
    return ("edges", Arr("1d", edges, lb=lb))


def bins_problem(bins):
    """The SQLSTATEs of bad bins (README), or an empty set."""
    if bins[0] == "eqw":
        _, lo, hi, nb = bins
        if lo is None or hi is None or nb is None:
            return {NULL_ELEM}
        if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi and 1 <= nb <= MAX_BINS):
            return {BUCKET}
        return set()
    e = bins[1]
    if e.is_null or e.has_null:
        return {NULL_ELEM}
    if e.kind in ("2d", "empty"):
        return {SUBSCRIPT}
    v = e.values
    if len(v) > MAX_BINS or not all(math.isfinite(x) for x in v) or \
            any(b < a for a, b in zip(v, v[1:])):
        return {BUCKET}
    return set()


def bins_null_or_shape(bins):
    """The problems raised while reading a row's bins, before NULL rows are skipped."""
    p = bins_problem(bins)
    return p & {NULL_ELEM, SUBSCRIPT}


def same_bins(a, b):
    if a[0] != b[0]:
        return False
    if a[0] == "eqw":
        return a[1:] == b[1:]
    return a[1].values == b[1].values


def nbins_of(bins):
    return bins[3] + 2 if bins[0] == "eqw" else bins[1].n() + 1


def value_sample(rng, bins):
    r = rng.random()
    if r < 0.06:
        return None
    if r < 0.08:
        return NAN if rng.random() < 0.5 else rng.choice([INF, -INF])
    if r < 0.2:
        return rng.choice([0.0, -0.0, 5e-324, -5e-324, DBL_MAX, -DBL_MAX, 1e308, 1.0, INF, -INF])
    if bins[0] == "eqw" and bins[1] is not None and bins[2] is not None and \
            math.isfinite(bins[1]) and math.isfinite(bins[2]):
        lo, hi, nb = bins[1], bins[2], bins[3]
        if r < 0.3:
            return rng.choice([lo, hi, math.nextafter(hi, -INF), math.nextafter(lo, -INF)])
        if r < 0.4 and nb is not None and 1 <= nb <= MAX_BINS and math.isfinite(hi - lo):
            # On or next to an inner bin edge, where rounding decides the bin.
            edge = lo + (hi - lo) * rng.randint(1, nb) / nb
            return rng.choice([edge, math.nextafter(edge, -INF), math.nextafter(edge, INF)])
        return lo + (hi - lo) * rng.uniform(-0.2, 1.2) if math.isfinite(hi - lo) \
            else rng.uniform(lo, hi)
    if bins[0] == "edges" and bins[1].kind == "1d" and bins[1].n() < 100 and \
            not bins[1].has_null and r < 0.5:
        return rng.choice(bins[1].values)
    return rng.uniform(-20, 20)


WEIGHTS = [1.0, 0.0, -0.0, 0.5, 2.0, 5e-324, 1e308, None, -1.0, NAN, INF, -INF]


def weight_sample(rng):
    if rng.random() < 0.75:
        return rng.choice([1.0, 2.0, 0.25, 3.0, float(rng.randint(0, 100))])
    return rng.choice(WEIGHTS)


def gen_rows(rng, bins_gen, weighted):
    """Rows (value, weight, bins) of one group; bins rarely change within it."""
    bins = bins_gen(rng)
    rows = []
    for _ in range(rng.choice([0, 1, 2, 3, 5, 10, 25])):
        b = bins_gen(rng) if rng.random() < 0.04 else bins
        rows.append((value_sample(rng, b), weight_sample(rng) if weighted else 1.0, b))
    return bins, rows


def values_sql(rows):
    """A VALUES list (i, v, w, lo, hi, nb) or (i, v, w, e) of the rows."""
    eqw = rows[0][2][0] == "eqw"
    out = []
    for i, (v, w, b) in enumerate(rows):
        cols = [str(i), scalar(v), scalar(w)]
        cols += [scalar(b[1]), scalar(b[2]), scalar(b[3], "int")] if eqw else [b[1].sql()]
        out.append("(%s)" % ", ".join(cols))
    names = "i, v, w, lo, hi, nb" if eqw else "i, v, w, e"
    return "(VALUES %s) AS t(%s)" % (", ".join(out), names)


def predict_histogram(rows, weighted):
    """Row by row, as README describes: NULL_ | ("error", codes) |
    ("value", may) where may are SQLSTATEs a skipped row may also raise."""
    first = None
    may = set()
    for v, w, b in rows:
        if v is None or (weighted and w is None):
            may |= bins_null_or_shape(b)         # NULL bins on a skipped row
            continue
        codes = set(bins_null_or_shape(b))
        if first is None:
            codes |= bins_problem(b)
        else:
            if b[0] == "eqw":
                codes |= bins_problem(b)
            if not same_bins(first, b):
                codes |= {INVALID} | bins_problem(b)
        if v is not None and math.isnan(v):
            codes.add(BUCKET)
        if weighted and bad_weight(w):
            codes.add(INVALID)
        if codes:
            return ("error", codes | may)
        if first is None:
            first = b
    return ("null" if first is None else "value", frozenset(may))


def reference_counts(cur, bins, rows, weighted, src):
    """Per row (bucket index, weight), the bucket from the server's own
    width_bucket (README: a value lands in element width_bucket + 1); None
    where PostgreSQL 15's width_bucket overflows (README's exception)."""
    n = nbins_of(bins)
    if bins[0] == "eqw" and not math.isfinite(bins[2] - bins[1]):
        return None
    call = "width_bucket(v, lo, hi, nb)" if bins[0] == "eqw" else "width_bucket(v, e)"
    cur.execute("SELECT i, %s FROM %s WHERE v IS NOT NULL AND w IS NOT NULL" % (call, src))
    buckets = dict(cur.fetchall())
    per_row = []
    for i, (v, w, b) in enumerate(rows):
        if i not in buckets:
            per_row.append(None)
            continue
        k = buckets[i]
        if bins[0] == "eqw" and math.isfinite(v) and not math.isfinite(bins[3] * (v - bins[1])):
            return None
        if not 0 <= k < n:
            return None
        per_row.append((k, w if weighted else 1.0))
    return per_row


def add_rows(n, per_row):
    counts = [0.0] * n
    for r in per_row:
        if r is not None:
            counts[r[0]] += r[1]
    return counts


def case_histogram(rng, fn):
    weighted = rng.random() < 0.4
    by_edges = rng.random() < 0.4
    bins, rows = gen_rows(rng, bins_edges if by_edges else bins_eqw, weighted)
    if not rows:                                 # no rows at all: NULL
        rows_for_sql = [(1.0, 1.0, bins)]
        where = "false"
    else:
        rows_for_sql, where = rows, "true"
    args = ("v, w, " if weighted else "v, ") + ("e" if by_edges else "lo, hi, nb")
    window = rows and rng.random() < 0.15
    frame = rng.choice(["ORDER BY i", "ORDER BY i ROWS BETWEEN 1 PRECEDING AND CURRENT ROW", ""])
    src = values_sql(rows_for_sql)
    if window:
        sql = "SELECT histogram(%s) OVER (%s) FROM %s ORDER BY i" % (args, frame, src)
    else:
        sql = "SELECT histogram(%s) FROM %s WHERE %s" % (args, src, where)
    expect = predict_histogram(rows, weighted)
    if window:      # each frame is aggregated on its own (no inverse transition)
        expect = per_frame([predict_histogram([rows[i] for i in f], weighted)
                            for f in frames_of(len(rows), frame)])

    def check(cur, out):
        if out[0] == "error" and weighted and out[1] in (INVALID, OVERFLOW) and overflows(rows):
            return None                          # a count may overflow (22003) before a bad weight
        bad = outcome_vs_prediction(fn, expect, out)
        if bad or out[0] == "error" or expect[0] != "value":
            return bad
        results = [r[0] for r in out[1]]
        first = next(b for v, w, b in rows if v is not None and (not weighted or w is not None))
        per_row = reference_counts(cur, first, rows, weighted, src)
        n = nbins_of(first)
        frames = frames_of(len(rows), frame) if window else [range(len(rows))]
        for k, f in enumerate(frames):
            got = results[k]
            if all(rows[i][0] is None or (weighted and rows[i][1] is None) for i in f):
                if got is not None:
                    return "row %d: expected NULL (no rows), got %s" % (k, short(got))
                continue
            live = [per_row[i] for i in f] if per_row else None
            bad = check_counts(got, n, live, [rows[i] for i in f], weighted)
            if bad:
                return ("row %d: " % k if window else "") + bad
        return None
    return sql, check


def per_frame(expects):
    """The outcome of a window query from its frames' predictions: an error
    if any frame fails (one of their codes), else values."""
    errors = [e for e in expects if e[0] == "error"]
    if errors:
        return ("error", frozenset().union(*(e[1] for e in errors)))
    may = frozenset().union(*(e[1] for e in expects)) if expects else frozenset()
    kind = "value" if any(e[0] == "value" for e in expects) else "null"
    return (kind, may)


def overflows(rows):
    return sum(w for v, w, b in rows if v is not None and w is not None and
               not bad_weight(w)) > DBL_MAX / 2


def frames_of(n, frame):
    if frame == "ORDER BY i":
        return [range(0, k + 1) for k in range(n)]
    if frame.startswith("ORDER BY i ROWS"):
        return [range(max(0, k - 1), k + 1) for k in range(n)]
    return [range(n)] * n


def check_counts(got, n, per_row, rows, weighted):
    if got is None:
        return "NULL histogram for a group with rows"
    if len(got) != n:
        return "%d elements, expected %d" % (len(got), n)
    if any(x is None or math.isnan(x) or math.isinf(x) or x < 0 for x in got):
        return "bad count in %s" % short(got)
    total = 0.0
    for v, w, b in rows:
        if v is not None and w is not None:
            total += w if weighted else 1.0
    if abs(sum(got) - total) > REL * total:
        return "counts sum to %r, expected %r" % (sum(got), total)
    if per_row is not None:
        want = add_rows(n, per_row)
        if got != want:
            diff = [i for i in range(n) if got[i] != want[i]][:5]
            return "counts differ from width_bucket at elements %s: got %s, want %s" % (
                [i + 1 for i in diff], [got[i] for i in diff], [want[i] for i in diff])
    return None


def case_histogram_sum(rng, fn):
    n = length(rng) if rng.random() < 0.9 else rng.randint(1, 3)
    hs = []
    for _ in range(rng.choice([0, 1, 2, 3, 5, 8])):
        r = rng.random()
        if r < 0.02:
            hs.append(huge_hist(rng, bad=False))
        elif r < 0.85:
            hs.append(hist(rng, n=n, huge_ok=False) if rng.random() < 0.9 else hist(rng, huge_ok=False))
        else:
            hs.append(rng.choice([Arr("null"), Arr("empty")]))
    if any(h._sql for h in hs):                 # huge: all huge, same expression
        hs = [h for h in hs if h._sql][:1] * rng.randint(1, 3)
    window = hs and rng.random() < 0.2
    frame = rng.choice(["ORDER BY i", "ORDER BY i ROWS BETWEEN 1 PRECEDING AND CURRENT ROW", ""])
    if hs:
        src = "(VALUES %s) AS t(i, h)" % ", ".join(
            "(%d, %s)" % (i, h.sql()) for i, h in enumerate(hs))
    else:
        src = "(SELECT 1 AS i, '{1}'::float8[] AS h WHERE false) AS t"
    if window:
        sql = "SELECT histogram_sum(h) OVER (%s) FROM %s ORDER BY i" % (frame, src)
    else:
        sql = "SELECT histogram_sum(h) FROM %s" % src
    # A window aggregates each frame on its own (no inverse transition), so
    # rows of different lengths fail only when they share a frame.
    frames = frames_of(len(hs), frame) if window else [range(len(hs))]
    cache = {}
    predictions = [cache.setdefault(tuple(f), predict_sum(None, [hs[i] for i in f]))
                   for f in frames]
    expect = per_frame([p[0] for p in predictions]) if window else predictions[0][0]

    def check(cur, out):
        bad = outcome_vs_prediction(fn, expect, out)
        if bad or expect[0] != "value":
            return bad
        results = [r[0] for r in out[1]]
        for k, f in enumerate(frames):
            want = predictions[k][1]
            if not same_floats(results[k], want):
                return "%sgot %s, expected %s" % ("row %d: " % k if window else "",
                                                 short(results[k]), short(want))
        return None
    return sql, check


def predict_sum(state, hs):
    """histogram_sum row by row: (expect, sums). state: an INITCOND or None."""
    s = None if state is None or state.kind == "null" else state
    sums = None if s is None or s.kind != "1d" else list(s.values)
    for h in hs:
        if h.kind in ("null", "empty"):
            continue
        for a in (h, s):
            if a is not None and a.shape_error():
                return ("error", {a.shape_error()}), None
        codes = set()
        if sums is not None and len(sums) != h.n():
            codes.add(SUBSCRIPT)
        if any(bad_weight(x) for x in h.values):
            codes.add(INVALID)
        # A state it did not make is checked too: counts finite and >= 0.
        if sums is not None and any(not (0.0 <= x < math.inf) for x in sums):
            codes.add(INVALID)
        if codes:
            return ("error", codes), None
        if sums is None:
            sums = [0.0] * h.n()
        sums = [a + b for a, b in zip(sums, h.values)]
        if any(math.isinf(x) for x in sums):      # README: 22003, not Infinity
            return ("error", {OVERFLOW}), None
    if sums is None:
        if s is not None and s.kind == "empty":
            return VALUE, []
        if s is not None:                         # a 2-D or NULL-element state, never read
            return VALUE, s
        return NULL_, None
    return VALUE, sums


def same_floats(got, want):
    if isinstance(want, Arr):                     # an untouched INITCOND comes back
        return True
    if got is None or want is None:
        return got is None and want is None
    return len(got) == len(want) and all(
        a == b or (math.isnan(a) and math.isnan(b)) for a, b in zip(got, want))


# ------------------------------------------------ states and support functions

def valid_state(rng):
    if rng.random() < 0.5:
        lo, hi = rng.choice(GOOD_RANGES[:5])
        nb = rng.choice([1, 2, 3, 5])
        return [1.0, lo, hi, float(nb)] + [float(rng.randrange(4)) for _ in range(nb + 2)]
    m = rng.randint(1, 4)
    edges = sorted(rng.choice([0.0, 1.0, 2.0, rng.uniform(-5, 5)]) for _ in range(m))
    return [2.0, float(m)] + edges + [float(rng.randrange(4)) for _ in range(m + 1)]


SPECIAL_STATES = [[], [1.0], [2.0], [1.0, 0.0, 1.0], [1.0, 0.0, 1.0, 1e6], [2.0, 1e6],
                  [2.0, 3.0, 1.0], [2.0, 1.0, 5.0], [1.0, 0.0, 1.0, 1.0, 0.0, 0.0],
                  [2.0, 1.0, 0.0, 0.0, 0.0], [1.0, 0.0, 1.0, 2.0 ** 31, 0.0, 0.0],
                  [2.0, -1.0, 0.0], [NAN, NAN, NAN, NAN], [0.0] * 6,
                  [1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0], [2.0, 0.0, 0.0]]


def garbage_state(rng):
    """A state: valid (about a quarter) or broken in one way."""
    r = rng.random()
    if r < 0.05:
        return Arr("null")
    if r < 0.1:
        return Arr("empty")
    if r < 0.2:
        return Arr("1d", rng.choice(SPECIAL_STATES))
    s = valid_state(rng)
    eqw = s[0] == 1.0
    m = rng.randrange(10)
    if m == 0:
        s = s[:rng.randrange(len(s))]
    elif m == 1:
        s = s + [0.0] * rng.randint(1, 3)
    elif m == 2:
        s[0] = rng.choice([0.0, 3.0, -1.0, 1.5, NAN, INF, 2.0 if eqw else 1.0])
    elif m == 3:
        k = 3 if eqw else 1
        s[k] = rng.choice([0.0, -1.0, 0.5, 1e6, 1e6 + 1, 2.0 ** 31, NAN, INF, 1e300, -0.0,
                           s[k] + 1, s[k] - 1])
    elif m == 4:
        header = 4 if eqw else 2 + int(s[1])
        s[rng.randrange(header, len(s))] = rng.choice([-1.0, NAN, INF, -5e-324, 1e308])
    elif m == 5:
        if eqw:
            s[1], s[2] = rng.choice([(1.0, 1.0), (2.0, 1.0), (NAN, 1.0), (0.0, INF)])
        elif s[1] >= 2:
            s[2], s[3] = s[3] + 1.0, s[2]
        else:
            s[2] = NAN
    elif m == 6:
        s[rng.randrange(len(s))] = None
    elif m == 7:
        if len(s) % 2 == 0:
            return Arr("2d", s, rows=2)
    elif m == 8:
        return Arr("1d", s, lb=rng.choice([0, 5, -7]))
    return Arr("1d", s)                          # m == 9: valid


def decode_state(a):
    """(bins, counts) of a valid state (layout: spec / README), else None."""
    if a.kind != "1d" or a.has_null:
        return None
    s = a.values
    ok_count = lambda x: 1 <= x <= MAX_BINS and x == math.floor(x)
    if len(s) >= 4 and s[0] == 1.0:
        if not ok_count(s[3]) or len(s) != 4 + int(s[3]) + 2:
            return None
        lo, hi = s[1], s[2]
        if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
            return None
        bins, header = ("eqw", lo, hi, int(s[3])), 4
    elif len(s) >= 2 and s[0] == 2.0:
        if not ok_count(s[1]) or len(s) != 2 + 2 * int(s[1]) + 1:
            return None
        m = int(s[1])
        edges = s[2:2 + m]
        if not all(math.isfinite(x) for x in edges) or any(b < a for a, b in zip(edges, edges[1:])):
            return None
        bins, header = ("edges", Arr("1d", edges)), 2 + m
    else:
        return None
    counts = s[header:]
    if any(bad_weight(x) for x in counts):
        return None
    return bins, counts


def state_error_codes(a):
    return {a.shape_error() or INVALID}


def case_final(rng, fn):
    st = garbage_state(rng)
    sql = "SELECT histogram_final(%s)" % st.sql()
    decoded = decode_state(st)
    if st.kind in ("null", "empty"):
        expect = NULL_
    elif decoded is None:
        expect = ("error", state_error_codes(st))
    else:
        expect = VALUE

    def check(cur, out):
        bad = outcome_vs_prediction(fn, expect, out)
        if bad or expect[0] != "value":
            return bad
        got = out[1][0][0]
        return None if got == decoded[1] else "got %s, expected the counts %s" % (
            short(got), short(decoded[1]))
    return sql, check


def case_direct(rng, fn):
    """A support function outside an aggregate: README says 0A000."""
    st, other = garbage_state(rng), garbage_state(rng)
    if fn == "histogram_combine":
        sql = "SELECT histogram_combine(%s, %s)" % (st.sql(), other.sql())
        codes = {NOT_AGG}
    elif fn == "histogram_sum_transition":
        sql = "SELECT histogram_sum_transition(%s, %s)" % (st.sql(), hist(rng, huge_ok=False).sql())
        codes = {NOT_AGG}
    else:
        bins = bins_eqw(rng) if rng.random() < 0.5 else bins_edges(rng)
        args = [st.sql(), scalar(value_sample(rng, bins))]
        if rng.random() < 0.5:
            args.append(scalar(weight_sample(rng)))
        if bins[0] == "eqw":
            args += [scalar(bins[1]), scalar(bins[2]), scalar(bins[3], "int")]
        else:
            args.append(bins[1].sql())
        sql = "SELECT histogram_transition(%s)" % ", ".join(args)
        codes = {NOT_AGG} | bins_null_or_shape(bins)
    expect = ("error", codes)
    return sql, lambda cur, out: outcome_vs_prediction(fn, expect, out)


def initcond(state):
    return "" if state.kind == "null" else ", INITCOND = '%s'" % state.text()


def case_garbage_transition(rng, fn):
    """histogram's transition function in a test aggregate that starts from a
    garbage (or valid) INITCOND state."""
    st = garbage_state(rng)
    decoded = decode_state(st)
    weighted = rng.random() < 0.3
    if decoded and rng.random() < 0.7:
        bins_gen = lambda r: decoded[0]           # the state's own bins
    else:
        bins_gen = bins_eqw if rng.random() < 0.5 else bins_edges
    bins, rows = gen_rows(rng, bins_gen, weighted)
    rows = rows or [(None, 1.0, bins)]
    eqw = rows[0][2][0] == "eqw"
    types = ("float8, " if weighted else "") + ("float8, float8, int" if eqw else "float8[]")
    setup = ["CREATE AGGREGATE kld_rt_agg(float8, %s) (SFUNC = histogram_transition, "
             "STYPE = float8[], FINALFUNC = histogram_final%s)" % (types, initcond(st))]
    args = ("v, w, " if weighted else "v, ") + ("lo, hi, nb" if eqw else "e")
    sql = "SELECT kld_rt_agg(%s) FROM %s" % (args, values_sql(rows))
    live = [r for r in rows if r[0] is not None and (not weighted or r[1] is not None)]
    plain = predict_histogram(rows, weighted)    # what histogram() itself does
    problems = set(plain[1]) if plain[0] == "error" else set()
    if st.kind == "null":
        expect = plain
    else:
        if decoded is None and (live or st.kind != "empty"):
            problems |= state_error_codes(st) | {INVALID}
        elif decoded and live and not same_bins(decoded[0], live[0][2]):
            problems.add(INVALID)
        kind = "error" if problems else "null" if decoded is None else "value"
        expect = (kind, frozenset(problems | plain[1]))

    def check(cur, out):
        if out[0] == "error" and weighted and out[1] in (INVALID, OVERFLOW) and overflows(rows):
            return None
        bad = outcome_vs_prediction("histogram_transition(state)", expect, out)
        if bad or out[0] == "error" or expect[0] != "value" or st.kind == "null":
            return bad
        got = out[1][0][0]
        total = sum(decoded[1]) + sum(r[1] if weighted else 1.0 for r in live)
        if got is None or len(got) != len(decoded[1]) or \
                any(math.isnan(x) or x < 0 for x in got) or \
                abs(sum(got) - total) > REL * total:
            return "got %s from state %s plus %d rows" % (short(got), short(st.values), len(live))
        return None
    return sql, check, setup


def case_garbage_combine(rng, fn):
    """histogram_combine as the transition function of a test aggregate over
    rows of states: every state that comes in is checked, bins must match."""
    st = garbage_state(rng) if rng.random() < 0.5 else Arr("null")
    base = decode_state(st) or decode_state(Arr("1d", valid_state(rng)))
    others = []
    for _ in range(rng.choice([0, 1, 2, 4])):
        if rng.random() < 0.6:                    # a state with the same bins
            b, counts = base
            head = [1.0, b[1], b[2], float(b[3])] if b[0] == "eqw" else \
                [2.0, float(b[1].n())] + b[1].values
            others.append(Arr("1d", head + [float(rng.randrange(5)) for _ in counts]))
        else:
            others.append(garbage_state(rng))
    setup = ["CREATE AGGREGATE kld_rt_agg(float8[]) (SFUNC = histogram_combine, "
             "STYPE = float8[], FINALFUNC = histogram_final%s)" % initcond(st)]
    src = "(VALUES %s) AS t(i, s)" % ", ".join(
        "(%d, %s)" % (i, o.sql()) for i, o in enumerate(others)) if others else \
        "(SELECT 1 AS i, NULL::float8[] AS s WHERE false) AS t"
    sql = "SELECT kld_rt_agg(s ORDER BY i) FROM %s" % src
    # Empty and NULL states are skipped; every other one must decode, with one set of bins.
    states = [x for x in [st] + others if x.kind not in ("null", "empty")]
    decoded = [decode_state(x) for x in states]
    if not states:
        expect, want = NULL_, None
    elif any(d is None for d in decoded):
        expect = ("error", set().union(*(state_error_codes(x) for x, d in zip(states, decoded)
                                         if d is None)) | {INVALID})
        want = None
    elif any(not same_bins(decoded[0][0], d[0]) for d in decoded):
        expect, want = ("error", {INVALID}), None
    else:
        expect = VALUE
        want = [0.0] * len(decoded[0][1])
        for d in decoded:
            want = [a + b for a, b in zip(want, d[1])]

    def check(cur, out):
        bad = outcome_vs_prediction("histogram_combine(state)", expect, out)
        if bad or expect[0] != "value":
            return bad
        got = out[1][0][0]
        return None if got == want else "got %s, expected %s" % (short(got), short(want))
    return sql, check, setup


def case_garbage_sum(rng, fn):
    """histogram_sum's transition function in a test aggregate with a garbage INITCOND."""
    st = garbage_state(rng) if rng.random() < 0.7 else hist(rng, huge_ok=False)
    n = st.n() if st.kind == "1d" and st.n() and rng.random() < 0.7 else length(rng)
    hs = [hist(rng, n=n, huge_ok=False) for _ in range(rng.choice([0, 1, 2, 3]))]
    setup = ["CREATE AGGREGATE kld_rt_agg(float8[]) (SFUNC = histogram_sum_transition, "
             "STYPE = float8[]%s)" % initcond(st)]
    src = "(VALUES %s) AS t(i, h)" % ", ".join(
        "(%d, %s)" % (i, h.sql()) for i, h in enumerate(hs)) if hs else \
        "(SELECT 1 AS i, NULL::float8[] AS h WHERE false) AS t"
    sql = "SELECT kld_rt_agg(h ORDER BY i) FROM %s" % src
    expect, want = predict_sum(st, hs)

    def check(cur, out):
        bad = outcome_vs_prediction("histogram_sum_transition(state)", expect, out)
        if bad or expect[0] != "value":
            return bad
        got = out[1][0][0]
        # A state holding a bad count is refused at the first row; one that
        # is never added to comes back as it was.
        return None if same_floats(got, want) else "got %s, expected %s" % (short(got), short(want))
    return sql, check, setup


# ------------------------------------------------------- 0.3.0: category maps

JSON_FUNCTIONS = ("entropy", "cross_entropy", "kl_div", "jsd", "js_distance",
                  "tv_distance", "hellinger", "linf_distance", "psi", "chi2_div")
STRICT_JSON = ("tv_distance", "hellinger", "linf_distance", "psi", "chi2_div")

# Keys: plain, needing SQL or JSON quoting, unicode (BMP and astral), empty.
KEYS = ["a", "b", "c", "red", "blue", "", " ", "it's", 'quo"te', "back\\slash",
        "é", "e\u0301", "日本", "😀", "null", "1", "01", "true", "a b", "tab\there",
        "new\nline", "ÿ", "Ａ", "x" * 40, "''", "{}", "-0", "ß", "→"]


def random_key(rng):
    if rng.random() < 0.75:
        return rng.choice(KEYS)
    alphabet = "ab'\"\\ é日😀\t"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 4)))


def json_key(rng, key):
    """key as a JSON string, escaped one way or another."""
    # \u escapes of non-ASCII characters need a UTF8 database.
    return json.dumps(key, ensure_ascii=rng.random() < 0.4 and ENCODING["utf8"])


def number_spelling(rng, x):
    """A JSON spelling of the finite float x (exact or correctly rounded back)."""
    if x == math.floor(x) and abs(x) < 1e15 and rng.random() < 0.6:
        i = int(x)
        return rng.choice(["%d" % i, "%d.0" % i, "%de0" % i, "%dE+0" % i] +
                          (["%d0e-1" % i] if i else []))
    s = repr(x)
    if "e" in s and rng.random() < 0.3:
        s = s.replace("e", "E")
    return s


# Numbers whose float8 value Python's float() (correctly rounded, as strtod)
# gives: beyond the range, rounding to 0 though nonzero, or barely fitting.
EDGE_NUMBERS = ["1e400", "-1e400", "1e-400", "-1e-400", "2e-324", "-2e-324",
                "3e-324", "5e-324", "1.7976931348623157e308", "1.7976931348623159e308",
                "1" + "0" * 320, "0." + "0" * 330 + "1", "0e-400", "-0", "-0.0",
                "1e308", "2.2250738585072014e-308", "0.1", "1e-300", "1e300"]


def json_value(rng):
    """(spelling, model): model ("num", float) | ("range",) | ("null",) | ("nan",)."""
    r = rng.random()
    if r < 0.62:
        x = weights(rng, 1)[0] if rng.random() < 0.8 else rng.choice(GOOD)
        return number_spelling(rng, x), ("num", x)
    if r < 0.74:
        s = rng.choice(EDGE_NUMBERS)
        return s, number_model(s)
    if r < 0.80:                                  # negative
        x = -rng.choice([1.0, 0.5, 5e-324, 1e308, rng.random()])
        return repr(x), ("num", x)
    if r < 0.84:
        return "null", ("null",)
    return rng.choice(['"x"', '"1"', '""', "true", "false", '{"a": 1}', "[1]", "[]",
                       "{}"]), ("nan",)


def number_model(s):
    x = float(s)
    if math.isinf(x) or (x == 0 and decimal.Decimal(s) != 0):
        return ("range",)
    return ("num", x)


def jsonb_order(key):
    """jsonb's order of object keys: shorter first (in bytes), then bytewise."""
    b = key.encode("utf-8")
    return (len(b), b)


class JMap:
    """A jsonb argument: its JSON text and the model of what jsonb keeps."""

    def __init__(self, text, root, items=()):
        self.text = text            # None: SQL NULL
        self.root = root            # null (SQL), object, array, number, string, boolean, jnull
        self.items = dict(items)    # key -> model, the last of duplicate keys

    def sql(self):
        if self.text is None:
            return "NULL::jsonb"
        return "'%s'::jsonb" % self.text.replace("'", "''")

    def problems(self):
        """Codes of what reading the map finds: not an object, a JSON null,
        not a number, out of float8's range, empty."""
        if self.root != "object":
            return {INVALID}
        codes = set()
        for m in self.items.values():
            codes |= {"null": {NULL_ELEM}, "nan": {INVALID}, "range": {OVERFLOW}}.get(m[0], set())
        if not self.items:
            codes.add(SUBSCRIPT)
        return codes

    def weights(self, keys):
        return [self.items[k][1] if k in self.items else 0.0 for k in keys]


def jmap(rng):
    r = rng.random()
    if r < 0.03:
        return JMap(None, "null")
    if r < 0.08:
        text, root = rng.choice([("[1, 2]", "array"), ("3", "number"), ('"a"', "string"),
                                 ("true", "boolean"), ("null", "jnull"), ("[]", "array"),
                                 ('[{"a": 1}]', "array")])
        return JMap(text, root)
    if r < 0.11:
        return JMap(rng.choice(["{}", "{ }", " {}"]), "object")
    n = rng.randint(1, 5) if rng.random() < 0.8 else rng.randint(1, 60)
    pairs = []
    sane = rng.random() < 0.75                    # mostly numbers
    for _ in range(n):
        key = random_key(rng)
        if sane and rng.random() < 0.9:
            x = weights(rng, 1)[0]
            spelling, model = number_spelling(rng, x), ("num", x)
        else:
            spelling, model = json_value(rng)
        pairs.append((key, spelling, model))
    if rng.random() < 0.1 and pairs:              # a duplicate key: jsonb keeps the last
        k = rng.choice(pairs)[0]
        spelling, model = json_value(rng)
        pairs.append((k, spelling, model))
    sep = rng.choice([", ", ",", " ,\n "])
    colon = rng.choice([": ", ":", " : "])
    text = "{" + sep.join(json_key(rng, k) + colon + s for k, s, _ in pairs) + "}"
    return JMap(text, "object", [(k, m) for k, _, m in pairs])


def q_map_for(rng, p):
    """q: often over some of p's keys, sometimes p itself or an unrelated map."""
    r = rng.random()
    if p.root == "object" and p.items and r < 0.5:
        keys = list(p.items)
        rng.shuffle(keys)
        keys = keys[:rng.randint(1, len(keys))] + [random_key(rng) for _ in range(rng.choice([0, 0, 1, 2]))]
        pairs = []
        for k in keys:
            x = weights(rng, 1)[0] if rng.random() < 0.97 else None
            if x is None:
                spelling, model = json_value(rng)
            else:
                spelling, model = number_spelling(rng, x), ("num", x)
            pairs.append((k, spelling, model))
        text = "{" + ", ".join(json_key(rng, k) + ": " + s for k, s, _ in pairs) + "}"
        return JMap(text, "object", [(k, m) for k, _, m in pairs])
    if r < 0.6:
        return p
    return jmap(rng)


def map_weights_problem(m, keys):
    return weights_problem(Arr("1d", m.weights(keys)))


def case_json(rng, fn):
    name = fn.split("(")[0]
    p = jmap(rng)
    q = q_map_for(rng, p) if name != "entropy" else None
    base = rng.choice(BASES) if name in WITH_BASE and rng.random() < 0.6 else None
    eps = rng.choice(EPSILONS) if name in WITH_EPS else 0.0
    if name in WITH_EPS and rng.random() < 0.5:
        eps = 0.0
    named = rng.random() < 0.3
    args = [p.sql()] + ([q.sql()] if q else [])
    extra = []
    use_base = name in WITH_BASE and (base is not None or rng.random() < 0.5)
    use_eps = name in WITH_EPS and (eps != 0.0 or rng.random() < 0.5)
    if use_base:
        extra.append(("base => " if named else "") + scalar(base))
    if use_eps:
        if not named and name == "kl_div" and not use_base:
            named = True
        extra.append(("epsilon => " if named else "") + scalar(eps))
    maps = [p] + ([q] if q else [])
    keys = sorted(set().union(*(m.items for m in maps)), key=jsonb_order) \
        if all(m.root == "object" for m in maps) else []
    expect = predict_json(name, maps, keys, base, eps)
    call = "%s(%s)" % (name, ", ".join(args + extra))
    if expect[0] == "value":
        arrays = [Arr("1d", m.weights(keys)) for m in maps]
        twin = "%s(%s)" % (name, ", ".join([a.sql() for a in arrays] + extra))
        sql = "SELECT %s, %s" % (call, twin)
    else:
        arrays = None
        sql = "SELECT %s" % call

    def check(cur, out):
        bad = outcome_vs_prediction(fn, expect, out)
        if bad or expect[0] != "value":
            return bad
        got, want = out[1][0]
        if not (got == want or (got is not None and want is not None and
                                math.isnan(got) and math.isnan(want))):
            return "%r, but %r over the aligned arrays %s" % (got, want,
                                                              short([a.values for a in arrays]))
        if got is not None and math.copysign(1, got) != math.copysign(1, want):
            return "%r, but %r over the aligned arrays" % (got, want)
        # The float8[] form's properties, on the aligned arrays.
        return check_divergence(name, arrays[0], arrays[1] if q else None, base, eps,
                                VALUE, ("ok", [(got,)]))
    return sql, check


def predict_json(name, maps, keys, base, eps):
    if any(m.text is None for m in maps) or (eps is None):
        return NULL_
    found = set().union(*(m.problems() for m in maps))
    reading = found - {SUBSCRIPT}                 # not an object, null, not a number, range
    base_bad = base is not None and not base_ok(name, base)
    eps_bad = not (math.isfinite(eps) and eps >= 0)
    options = ({BAD_BASE} if base_bad else set()) | ({INVALID} if eps_bad else set())
    if reading:
        # README orders shape and NULL elements before base and epsilon, but
        # does not place "not a number" or "out of range" (weights?) in that
        # order: with several problems, any of them.
        return ("error", found | options)
    if options:
        # An empty map is a shape or a length problem: README leaves it open.
        return ("error", ({BAD_BASE} if base_bad else {INVALID}) | (found & {SUBSCRIPT}))
    if found:
        return ("error", {SUBSCRIPT})
    if any(map_weights_problem(m, list(m.items)) for m in maps):
        return ("error", {INVALID})
    return VALUE


# ----------------------------------------------------------- category_counts

TEXT_VALUES = ["a", "b", "red", "", " ", "it's", 'say "hi"', "back\\slash", "é", "日本",
               "😀", "NULL", "null", "1", "true", "x" * 30, "a\tb", "{1,2}", "-0"]


def case_category_counts(rng, fn):
    kind = rng.choice(["text", "text", "int", "bool"])
    n = rng.choice([0, 1, 2, 3, 5, 10, 30, 100])
    values = []
    for _ in range(n):
        if rng.random() < 0.12:
            values.append(None)
        elif kind == "text":
            values.append(rng.choice(TEXT_VALUES) if rng.random() < 0.8 else random_key(rng))
        elif kind == "int":
            values.append(rng.choice([rng.randint(-3, 3), rng.randint(-3, 3), 2147483647,
                                      -2147483648, rng.randint(-10 ** 6, 10 ** 6)]))
        else:
            values.append(rng.random() < 0.6)
    weighted = rng.random() < 0.5
    ws = [weight_sample(rng) if rng.random() < 0.9 else
          rng.choice([1e308, DBL_MAX, 0.1, 1e-300, 5e-324]) for _ in values]
    lit = {"text": lambda v: "'%s'" % v.replace("'", "''"), "int": str,
           "bool": lambda v: "true" if v else "false"}[kind]
    vals_sql = "ARRAY[%s]::%s[]" % (", ".join("NULL" if v is None else lit(v) for v in values), kind)
    ws_sql = "ARRAY[%s]::float8[]" % ", ".join(scalar(w) for w in ws)
    order = " ORDER BY i" if rng.random() < 0.3 else ""
    agg = "category_counts(v%s%s)" % (", w" if weighted else "", order)

    def key(v):
        return v if kind == "text" else str(v) if kind == "int" else ("true" if v else "false")

    counts, expect = {}, None
    for v, w in zip(values, ws):
        if v is None or (weighted and w is None):
            continue
        w = w if weighted else 1.0
        if bad_weight(w):
            expect = ("error", {INVALID})
            break
        k = key(v)
        counts[k] = counts.get(k, 0.0) + w
        if math.isinf(counts[k]):
            expect = ("error", {OVERFLOW})
            break
    if expect is None:
        expect = VALUE if counts else NULL_
    # Sometimes straight into a jsonb divergence, as README suggests.
    through = expect == VALUE and any(c > 0 for c in counts.values()) and rng.random() < 0.2
    sql = "SELECT %s%s FROM unnest(%s, %s) WITH ORDINALITY AS t(v, w, i)" % (
        agg, ", entropy(%s)" % agg if through else "", vals_sql, ws_sql)

    def check(cur, out):
        bad = outcome_vs_prediction(fn, expect, out)
        if bad or expect[0] != "value":
            return bad
        got = out[1][0][0]
        if not isinstance(got, dict):
            return "not a map: %s" % short(got)
        if set(got) != set(counts) or any(float(got[k]) != counts[k] for k in counts):
            return "got %s, expected %s" % (short(got), short(counts))
        if through:
            h = out[1][0][1]
            if h is None or math.isnan(h) or h < 0 or h > math.log(len(counts)) * (1 + 4 * REL) + ABS:
                return "entropy of the map is %r, outside [0, ln %d]" % (h, len(counts))
        return None
    return sql, check


# ------------------------------------------------------------ quantile_edges

MAX_QBINS = 1000


def q_values(rng, n):
    style = rng.randrange(5)
    out = []
    for _ in range(n):
        r = rng.random()
        if r < 0.05:
            out.append(None)
        elif r < 0.1:
            out.append(rng.choice([INF, -INF, 0.0, -0.0, 5e-324, -5e-324, DBL_MAX, -DBL_MAX,
                                   1e300, -1e-300]))
        elif style == 0:
            out.append(float(rng.randint(0, 5)))                    # heavy ties
        elif style == 1:
            out.append(rng.uniform(-100, 100))
        elif style == 2:
            out.append(round(rng.gauss(0, 10), rng.choice([0, 1, 2])))
        elif style == 3:
            out.append(10.0 ** rng.uniform(-300, 300) * rng.choice([1, -1]))
        else:
            out.append(rng.choice([1.0, 2.0, 2.0, 3.0, 1e-9, -7.5]))
    if rng.random() < 0.05 and out:
        out[rng.randrange(len(out))] = NAN
    return out


def qedge_above(top):
    """README: the float8 just above max that is 0 or normal (subnormals and
    -0 skipped); the largest float8 as maximum stays the last edge."""
    if top == DBL_MAX:
        return top
    up = math.nextafter(top, INF)
    if abs(up) < sys.float_info.min:
        return sys.float_info.min if up > 0 else 0.0
    return up


def qedges_reference(values, nbins):
    """README: [x_0, x_(floor(kN/nbins)) for k = 1 .. nbins-1, just above x_(N-1)],
    repeats dropped."""
    xs = sorted(0.0 if x == 0 else x for x in values if math.isfinite(x))
    n = len(xs)
    if not n:
        return None
    edges = [xs[0]] + [xs[k * n // nbins] for k in range(1, nbins)]
    edges.append(qedge_above(xs[-1]))
    out = []
    for e in edges:
        if not out or e != out[-1]:
            out.append(e)
    return out


def case_quantile_edges(rng, fn):
    n = rng.choice([0, 1, 2, 3, 5, 10, 50, 200, rng.randint(1, 100), rng.randint(1000, 3000)])
    values = q_values(rng, n)
    r = rng.random()
    nb = rng.choice([1, 2, 3, 4, 5, 7, 10, 100, MAX_QBINS]) if r < 0.6 else \
        rng.randint(1, 60) if r < 0.85 else rng.choice([0, -1, MAX_QBINS + 1, 2147483647, None])
    nbs = [nb] * n
    if n and rng.random() < 0.1:                # nbins changes within the group
        nbs[rng.randrange(n)] = rng.choice([nb + 1 if nb and nb < 2147483647 else 1, 1, None])
    if rng.random() < 0.1:                      # rows README skips carry hostile nbins
        nbs = [rng.choice([None, 0, -1, 1001, 3]) if v is None else k for v, k in zip(values, nbs)]
    vals_sql = "'{%s}'::float8[]" % ",".join(map(elem, values))
    if len(set(nbs)) <= 1 and rng.random() < 0.5:
        one = nbs[0] if nbs else nb
        sql = "SELECT quantile_edges(v, %s) FROM unnest(%s) AS t(v)" % (
            "NULL::int" if one is None else str(one), vals_sql)
    else:
        sql = "SELECT quantile_edges(v, nb) FROM unnest(%s, '{%s}'::int[]) AS t(v, nb)" % (
            vals_sql, ",".join("NULL" if x is None else str(x) for x in nbs))
    expect, first = None, None
    for v, k in zip(values, nbs):
        if v is None:                            # README: NULL values are skipped
            continue
        codes = set()
        if k is None:
            codes.add(NULL_ELEM)
        elif not 1 <= k <= MAX_QBINS:
            codes.add(BUCKET)
        elif first is not None and k != first:
            codes.add(INVALID)
        if math.isnan(v):
            codes.add(BUCKET)
        if codes:
            expect = ("error", codes)
            break
        if first is None:
            first = k
    want = None
    if expect is None:
        want = qedges_reference([v for v in values if v is not None], first) if first else None
        expect = VALUE if want else NULL_

    def check(cur, out):
        bad = outcome_vs_prediction(fn, expect, out)
        if bad or expect[0] != "value":
            return bad
        got = out[1][0][0]
        if got != want or any(math.copysign(1, a) != math.copysign(1, b) for a, b in zip(got, want)):
            return "got %s, README's definition gives %s" % (short(got), short(want))
        return None
    return sql, check


# --------------------------------------------------------------------- rebin

def rebin_reference(h, e, f):
    """README's rules, exactly (Fractions): the pieces each new bin receives."""
    m, k = len(e), len(f)
    out = [[] for _ in range(k + 1)]
    source = [Fraction(0)] * (k + 1)       # the mass of the old bins each new one draws on
    out[bisect.bisect_left(f, e[0])].append(Fraction(h[0]))      # just below edges[1]
    out[bisect.bisect_right(f, e[-1])].append(Fraction(h[m]))    # at edges[m]
    source[bisect.bisect_left(f, e[0])] += Fraction(h[0])
    source[bisect.bisect_right(f, e[-1])] += Fraction(h[m])
    zero_new = {}
    for j in range(1, k):
        if f[j - 1] == f[j]:
            zero_new.setdefault(f[j], []).append(j)
    seen = {}
    for i in range(1, m):
        a, b, w = e[i - 1], e[i], Fraction(h[i])
        if a == b:
            s = seen.get(a, 0)
            seen[a] = s + 1
            j = zero_new[a][min(s, len(zero_new[a]) - 1)] if a in zero_new else \
                bisect.bisect_right(f, a)
            out[j].append(w)
            source[j] += w
            continue
        A, B = Fraction(a), Fraction(b)
        for j in range(bisect.bisect_right(f, a), min(bisect.bisect_left(f, b), k) + 1):
            lo = Fraction(f[j - 1]) if j > 0 else A
            hi = Fraction(f[j]) if j < k else B
            ov = min(B, hi) - max(A, lo)
            if ov > 0 and w:
                out[j].append(w * ov / (B - A))
                source[j] += w
    return [sum(p, Fraction(0)) for p in out], source


def rebin_edges(rng, base=None):
    """new_edges: related to the old edges most of the time."""
    if base is None or base.kind != "1d" or base.has_null or base._sql or rng.random() < 0.3:
        return bins_edges(rng)[1]
    e = list(base.values)
    r = rng.random()
    if r < 0.2:
        return Arr("1d", e, lb=rng.choice([1, 1, 0, 3]))                  # the same edges
    if r < 0.4:
        sub = sorted(rng.sample(range(len(e)), rng.randint(1, len(e))))
        return Arr("1d", [e[i] for i in sub])                            # a subset
    if r < 0.6:                                                          # finer, with ties
        extra = []
        fin = [x for x in e if math.isfinite(x)]
        for _ in range(rng.randint(1, 6)):
            if len(fin) >= 2 and rng.random() < 0.7:
                i = rng.randrange(len(fin) - 1)
                t = rng.random()
                extra.append(fin[i] + (fin[i + 1] - fin[i]) * t if math.isfinite(fin[i + 1] - fin[i])
                             else fin[i] * (1 - t) + fin[i + 1] * t)
            else:
                extra.append(rng.choice(fin + [rng.uniform(-20, 20)]) if fin else 0.0)
        return Arr("1d", sorted(e + extra))
    if r < 0.8:                                                          # shifted
        d = rng.choice([0.5, -1.0, 1e-9, 100.0])
        return Arr("1d", [x + d for x in e])
    return bins_edges(rng)[1]


def small_edges(rng, edges):
    """Million-element edges only where they are one too many (an error)."""
    if edges._sql and edges.n() <= MAX_BINS:
        return bins_edges(rng)[1] if rng.random() < 0.5 else Arr("1d", [0.0, 1.0])
    return edges


def case_rebin(rng, fn):
    e = small_edges(rng, bins_edges(rng)[1])
    f = small_edges(rng, rebin_edges(rng, e))
    m = e.n() if e.kind == "1d" and not e._sql else rng.randint(1, 5)
    r = rng.random()
    if r < 0.75:
        h = hist(rng, n=m + 1, huge_ok=False)
    elif r < 0.85:
        h = hist(rng, n=max(1, m + rng.choice([-1, 1, 2])), huge_ok=False)
    elif r < 0.92:
        h = Arr("1d", [rng.choice([0.0, -0.0]) for _ in range(m + 1)], lb=rng.choice([1, 0, -5]))
    else:
        h = Arr("1d", [rng.choice([1e308, DBL_MAX, 1.7e308]) for _ in range(m + 1)])
    sql = "SELECT array_lower(r, 1), r[array_lower(r, 1):array_upper(r, 1)] FROM rebin(%s, %s, %s) AS r" % (
        h.sql(), e.sql(), f.sql())
    expect, want = predict_rebin(h, e, f)

    def check(cur, out):
        bad = outcome_vs_prediction(fn, expect, out)
        if bad or expect[0] != "value" or out[1][0][1] is None:
            return bad
        lower, got = out[1][0]
        if lower != 1 or len(got) != f.n() + 1:
            return "lower bound %r and %d elements, expected 1 and %d" % (lower, len(got), f.n() + 1)
        if any(math.isnan(x) or math.isinf(x) or x < 0 for x in got):
            return "bad element in %s" % short(got)
        total, mass = sum(map(Fraction, got)), sum(map(Fraction, h.values))
        if not abs(total - mass) <= mass * Fraction(1, 10 ** 12) + Fraction(1, 10 ** 320):
            return "total mass %r, h has %r" % (float(total / 2 ** 64) * 2.0 ** 64,
                                                float(mass / 2 ** 64) * 2.0 ** 64)
        if f.values == e.values:
            if got != [x + 0.0 for x in h.values] or any(math.copysign(1, x) < 0 for x in got):
                return "same edges, but %s is not h %s bit for bit" % (short(got), short(h.values))
            return None
        # Rounding: relative to the mass of the old bins a new bin draws on (a
        # sliver of a huge bin may round to 0), and the total is preserved.
        exact, source = want
        for j, (g, w) in enumerate(zip(got, exact)):
            if abs(Fraction(g) - w) > source[j] * Fraction(1, 10 ** 12) + Fraction(1, 10 ** 320):
                return "element %d is %r, README's rules give %r: %s vs %s" % (
                    j + 1, g, float(w), short(got), short([float(x) for x in exact]))
        return None
    return sql, check


def predict_rebin(h, e, f):
    if h.is_null or e.is_null or f.is_null:
        return NULL_, None
    codes = bins_problem(("edges", e)) | bins_problem(("edges", f))
    if h.shape_error():
        codes.add(h.shape_error())
    if h.kind != "2d" and e.kind == "1d" and h.n() != e.n() + 1:
        codes.add(SUBSCRIPT)
    if h.kind == "empty":
        codes.add(SUBSCRIPT)
    if h.kind == "1d" and any(x is not None and bad_weight(x) for x in h.values):
        codes.add(INVALID)
    if codes:
        return ("error", codes), None
    want = rebin_reference(h.values, e.values, f.values)
    limit = Fraction(DBL_MAX)
    if any(w > limit * (1 + Fraction(1, 10 ** 12)) for w in want[0]):
        return ("error", {OVERFLOW}), None
    if any(w > limit * (1 - Fraction(1, 10 ** 12)) for w in want[0]):
        return ("value", frozenset({OVERFLOW})), want     # at the edge of the range
    return VALUE, want


# ----------------------------------------------------------- per-bin views

def terms_reference(p, q, eps, fn):
    """Each bin's term in nats, mpmath on the exactly normalized (smoothed) inputs."""
    n = p.n()
    sp, sq = mp.fsum(map(mpf, p.values)), mp.fsum(map(mpf, q.values))
    out = []
    for w, v in zip(p.values, q.values):
        a, b = mpf(w) / sp, mpf(v) / sq
        if eps:
            a, b = (a + mpf(eps)) / (1 + n * mpf(eps)), (b + mpf(eps)) / (1 + n * mpf(eps))
        if fn == "kl_div_terms":
            out.append(mpf(0) if a == 0 else mp.inf if b == 0 else a * mp.log(a / b))
        else:
            out.append(mpf(0) if a == b else mp.inf if a == 0 or b == 0 else (a - b) * mp.log(a / b))
    return out


def case_terms(rng, fn):
    p = hist(rng, huge_ok=False)
    q = same_shape_as(rng, p)
    base = rng.choice(BASES) if fn == "kl_div_terms" else None
    eps = rng.choice(EPSILONS) if rng.random() < 0.5 else 0.0
    whole = "kl_div" if fn == "kl_div_terms" else "psi"
    args = [p.sql(), q.sql()]
    with_eps = eps != 0.0 or rng.random() < 0.5
    if fn == "kl_div_terms" and (base is not None or with_eps or rng.random() < 0.5):
        args.append(scalar(base))                 # positional: base before epsilon
    if with_eps:
        args.append(scalar(eps))
    sql = ("SELECT array_lower(t, 1), t[array_lower(t, 1):array_upper(t, 1)], %s(%s) "
           "FROM %s(%s) AS t" % (whole, ", ".join(args), fn, ", ".join(args)))
    expect = predict_divergence(whole, p, q, base, eps)

    def check(cur, out):
        bad = outcome_vs_prediction(fn, expect, out)
        if bad or expect[0] != "value":
            return bad
        lower, got, total = out[1][0]
        if got is None:
            return "NULL for valid arguments"
        n = p.n()
        if lower != p.lb or len(got) != n:
            return "lower bound %r, %d terms; p has lower bound %d and %d bins" % (
                lower, len(got), p.lb, n)
        if any(math.isnan(t) for t in got):
            return "a NaN term: %s" % short(got)
        lb = math.log(base) if base is not None else 1.0
        smooth = eps > 0
        for i, (w, v, t) in enumerate(zip(p.values, q.values, got)):
            sub = p.lb + i
            if fn == "kl_div_terms" and not smooth:
                if w == 0 and t != 0:
                    return "term [%d] = %r where p = 0" % (sub, t)
                if v == 0 < w and not (math.isinf(t) and (t > 0) == (lb > 0)):
                    return "term [%d] = %r where q = 0 < p" % (sub, t)
            if fn == "psi_terms":
                if t < 0:
                    return "psi term [%d] = %r < 0" % (sub, t)
                if not smooth and (w == 0) != (v == 0) and not math.isinf(t):
                    return "psi term [%d] = %r where one side is 0" % (sub, t)
                if not smooth and w == 0 and v == 0 and t != 0:
                    return "psi term [%d] = %r where both are 0" % (sub, t)
        # The terms sum to the function (README: about 1e-14 of the sum of
        # their magnitudes plus 1e-15).
        inf = [t for t in got if math.isinf(t)]
        if inf or math.isinf(total):
            if not (inf and math.isinf(total) and all(t == total for t in inf)):
                return "terms with %s but %s = %r" % (short(inf), whole, total)
        else:
            s, mag = math.fsum(got), math.fsum(abs(t) for t in got)
            if not abs(s - total) <= 1e-14 * mag + 1e-15:
                return "terms sum to %r, %s = %r (gap %.3g, allowed %.3g)" % (
                    s, whole, total, abs(s - total), 1e-14 * mag + 1e-15)
        if n <= 300:
            ref = terms_reference(p, q, eps, fn)
            for i, (t, r) in enumerate(zip(got, ref)):
                if mp.isinf(r) or math.isinf(t):
                    continue
                nats = mpf(t) * mpf(lb)
                if not abs(nats - r) <= REL * abs(r) + ABS:
                    return "term [%d] = %r (%s nats), mpmath %s" % (
                        p.lb + i, t, mp.nstr(nats, 17), mp.nstr(r, 17))
        return None
    return sql, check


def case_compare(rng, fn):
    p = hist(rng, huge_ok=False)
    q = same_shape_as(rng, p)
    eps = rng.choice(EPSILONS) if rng.random() < 0.4 else 0.0
    args = [p.sql(), q.sql()] + ([scalar(eps)] if eps != 0.0 or rng.random() < 0.5 else [])
    sql = "SELECT bin, p_share, q_share, kl_div_term, psi_term, bar FROM compare_histograms(%s)" % (
        ", ".join(args))
    expect = predict_divergence("kl_div", p, q, None, eps)
    block = "\u2588" if ENCODING["utf8"] else "#"

    def check(cur, out):
        bad = outcome_vs_prediction(fn, expect, out)
        if bad:
            return bad
        rows = out[1]
        if expect[0] == "null":                   # STRICT: no rows
            return None if not rows else "%d rows for a NULL argument" % len(rows)
        if expect[0] != "value":
            return None
        n = p.n()
        if [r[0] for r in rows] != list(range(p.lb, p.lb + n)):
            return "bins %s, expected p's subscripts %d..%d" % (
                short([r[0] for r in rows]), p.lb, p.lb + n - 1)
        cur.execute("SELECT kl_div_terms(%s, %s, NULL, %s), psi_terms(%s, %s, %s)" % (
            p.sql(), q.sql(), scalar(eps), p.sql(), q.sql(), scalar(eps)))
        kt, pt = cur.fetchone()
        for name, col, terms in (("kl_div_term", 3, kt), ("psi_term", 4, pt)):
            if [r[col] for r in rows] != terms:
                return "%s differs from %s" % (name, "kl_div_terms" if col == 3 else "psi_terms")
        for col, a in ((1, p), (2, q)):
            shares = [r[col] for r in rows]
            if any(s is None or math.isnan(s) or not 0 <= s <= 1 for s in shares):
                return "share outside [0, 1]: %s" % short(shares)
            if not abs(math.fsum(shares) - 1) <= 1e-12 + n * 2.3e-16:
                return "shares sum to %r" % math.fsum(shares)
            total = sum(Fraction(x) for x in a.values)
            for s, w in zip(shares, a.values):
                if w == 0 and s != 0:
                    return "share %r of an empty bin" % s
                if abs(Fraction(s) - Fraction(w) / total) > Fraction(w) / total * Fraction(1, 10 ** 15) \
                        + Fraction(1, 10 ** 320):
                    return "share %r, exactly %r" % (s, float(Fraction(w) / total))
        d = [r[1] - r[2] for r in rows]
        largest = max(abs(x) for x in d)
        for r, x in zip(rows, d):
            bar = r[5]
            if len(bar) != 21 or bar[10] != "|":
                return "bar %r is not 21 characters around a centre |" % bar
            left, right = bar[:10], bar[11:]
            nl, nr = left.count(block), right.count(block)
            if left != " " * (10 - nl) + block * nl or right != block * nr + " " * (10 - nr):
                return "bar %r: blocks not next to the centre" % bar
            size = 10 * abs(x) / largest if largest > 0 else 0.0
            k = nr if x > 0 else nl
            if (nl and x >= 0) or (nr and x <= 0) or abs(k - size) > 0.5 + 1e-9:
                return "bar %r for p_share - q_share = %r (largest %r)" % (bar, x, largest)
        return None
    return sql, check


def case_sparkline(rng, fn):
    r = rng.random()
    if r < 0.15:                                   # levels on the k/8 boundaries
        top = rng.choice([8.0, 1.0, 1e300, 5e-324 * 8, 16.0])
        h = Arr("1d", [top * rng.randint(0, 8) / 8 for _ in range(rng.randint(1, 12))] + [top])
        rng.shuffle(h.values)
    elif r < 0.2:
        h = Arr("1d", [0.0] * rng.randint(1, 5))
    else:
        h = hist(rng, huge_ok=False)
    sql = "SELECT sparkline(%s)" % h.sql()
    if h.is_null:
        expect = NULL_
    elif h.shape_error():
        expect = ("error", {h.shape_error()})
    elif any(bad_weight(x) for x in h.values):
        expect = ("error", {INVALID})
    else:
        expect = VALUE

    def check(cur, out):
        bad = outcome_vs_prediction(fn, expect, out)
        if bad or expect[0] != "value":
            return bad
        got = out[1][0][0]
        if got is None or len(got) != h.n():
            return "%r for %d bins" % (got, h.n())
        top = max(h.values, default=0.0)
        for i, (w, c) in enumerate(zip(h.values, got)):
            if w == 0:
                ok = {" " if ENCODING["utf8"] else "0"}
            else:
                exact = math.ceil(Fraction(8) * Fraction(w) / Fraction(top))
                rounded = max(1, math.ceil(8 * (w / top)))   # the ratio rounded to float8
                ok = {chr(0x2580 + k) if ENCODING["utf8"] else str(k) for k in (exact, rounded)}
            if c not in ok:
                return "bin %d (weight %r, largest %r) shows %r, expected %s" % (
                    i + h.lb, w, top, c, " or ".join(sorted(map(repr, ok))))
        return None
    return sql, check


def case_direct_030(rng, fn):
    """The 0.3.0 aggregates' support functions outside an aggregate: 0A000."""
    calls = {"quantile_edges_transition": "quantile_edges_transition(%s, %s, %s)" % (
                 rng.choice(["NULL", "'{3,2,0,1,1,7,1,0}'::float8[]", "'{}'::float8[]"]),
                 scalar(rng.choice([1.0, NAN, None])), rng.choice(["2", "0", "NULL::int"])),
             "quantile_edges_combine": "quantile_edges_combine(%s, %s)" % (
                 rng.choice(["NULL::float8[]", "'{3,2,0,1,1,7,1,0}'::float8[]"]),
                 rng.choice(["NULL::float8[]", "'{1}'::float8[]"])),
             "category_counts_transition": "category_counts_transition(%s, %s%s)" % (
                 rng.choice(["NULL::jsonb", "'{\"a\": 1}'::jsonb", "'[1]'::jsonb"]),
                 rng.choice(["'a'::text", "1", "NULL::text", "true"]),
                 rng.choice(["", ", 1::float8", ", 'NaN'::float8", ", NULL::float8"])),
             "category_counts_combine": "category_counts_combine(%s, %s)" % (
                 rng.choice(["NULL::jsonb", "'{\"a\": 1}'::jsonb"]),
                 rng.choice(["NULL::jsonb", "'{\"a\": -1}'::jsonb", "'3'::jsonb"]))}
    name = rng.choice(sorted(calls))
    sql = "SELECT %s" % calls[name]
    return sql, lambda cur, out: outcome_vs_prediction(fn, ("error", {NOT_AGG}), out)


ENCODING = {"utf8": True}


# ---------------------------------------------------- parallel aggregation

PARALLEL_ON = ("SET LOCAL parallel_setup_cost = 0; SET LOCAL parallel_tuple_cost = 0; "
               "SET LOCAL min_parallel_table_scan_size = 0; "
               "SET LOCAL max_parallel_workers_per_gather = 4; "
               "SET LOCAL parallel_leader_participation = %s")
PARALLEL_OFF = "SET LOCAL max_parallel_workers_per_gather = 0"


def case_parallel(rng, fn):
    """The aggregates over a real table with a forced parallel plan (partial
    states through histogram_combine / histogram_sum_transition,
    category_counts_combine, quantile_edges_combine) against a serial plan.
    Counts and weights are small binary fractions: sums exact."""
    choice = rng.randrange(5)
    if choice == 0:
        lo, hi = rng.choice([(0.0, 1.0), (-0.5, 1.5), (0.25, 0.75)])
        agg = "histogram(v, %s%s, %s, %d)" % ("w, " if rng.random() < 0.5 else "",
                                               scalar(lo), scalar(hi), rng.choice([1, 7, 100]))
    elif choice == 1:
        agg = "histogram(v, %s'{0, 0.1, 0.1, 0.5, 0.9}'::float8[])" % (
            "w, " if rng.random() < 0.5 else "")
    elif choice == 2:
        agg = "histogram_sum(h)"
    elif choice == 3:       # the weights are binary fractions: sums exact in any order
        agg = rng.choice(["category_counts(c)", "category_counts(c, w)", "category_counts(g)",
                          "category_counts(v)", "category_counts(v > 0.5, w)"])
    else:                   # at most 1,000 distinct values: exact, the same in any plan
        agg = "quantile_edges(v, %d)" % rng.choice([1, 4, 10, 100, 1000])
    group = rng.choice(["", "g"])
    sql = "SELECT %s%s FROM kld_rt_data %s ORDER BY 1" % (
        group + ", " if group else "", agg, "GROUP BY g" if group else "")
    setup = [PARALLEL_ON % rng.choice(["on", "off"])]

    def check(cur, out):
        if out[0] == "error":
            return "error %s (%s) on valid data" % (out[1], first_line(out[2]))
        cur.execute(PARALLEL_OFF)
        cur.execute(sql)
        serial = cur.fetchall()
        if out[1] != serial:
            return "parallel result differs from the serial one"
        return None
    return sql, check, setup


def create_data(conn):
    with conn.cursor() as cur:
        cur.execute("""
            DROP TABLE IF EXISTS kld_rt_data;
            CREATE TABLE kld_rt_data AS
            SELECT i % 5 AS g,
                   CASE WHEN i % 97 = 0 THEN NULL WHEN i % 101 = 0 THEN 'Infinity'
                        ELSE ((i * 7919) % 1000) / 1000.0 END::float8 AS v,
                   ((i % 7) / 4.0)::float8 AS w,
                   ARRAY[i % 3, (i % 11) / 8.0, 1]::float8[] AS h,
                   CASE WHEN i % 13 = 0 THEN NULL
                        ELSE (ARRAY['red', 'green', 'blue', 'it''s', '', 'é'])[1 + i % 6] END AS c
            FROM generate_series(1, 60000) i;
            ANALYZE kld_rt_data;""")
    conn.commit()


# ------------------------------------------------------------ the harness

def first_line(msg):
    return (msg or "").strip().splitlines()[0] if msg else ""


def short(x, limit=160):
    s = repr(x)
    return s if len(s) <= limit else s[:limit] + "..."


# ------------------------------------------------------------ 0.4.0: normals

GAUSS_VALUES = [0.0, -0.0, 1.0, -1.0, 0.5, 1e308, -1e308, DBL_MAX, 5e-324, 1e-300,
                NAN, INF, -INF, None]


def gauss_value(rng):
    return rng.gauss(0, 1) * 10.0 ** rng.uniform(-3, 3) if rng.random() < 0.85 \
        else rng.choice(GAUSS_VALUES)


def matrix_literal(rows):
    """A float8[] literal of a list (1-D) or a list of lists (2-D)."""
    def one(v):
        return "NULL" if v is None else elem(v)
    if rows and isinstance(rows[0], list):
        return "'{%s}'::float8[]" % ",".join("{" + ",".join(map(one, r)) + "}" for r in rows)
    return "'{%s}'::float8[]" % ",".join(map(one, rows))


def random_normal(rng, k):
    """A mean and a covariance of k dimensions, most of them valid."""
    mean = [rng.gauss(0, 3) if rng.random() < 0.9 else gauss_value(rng) for _ in range(k)]
    shape = rng.random()
    if shape < 0.3:                              # diagonal
        cov = [abs(rng.gauss(1, 1)) if rng.random() < 0.9 else gauss_value(rng) for _ in range(k)]
    else:
        b = [[rng.gauss(0, 1) for _ in range(k)] for _ in range(k)]
        cov = [[sum(b[i][m] * b[j][m] for m in range(k)) + (1.0 if i == j else 0.0)
                for j in range(k)] for i in range(k)]
        if rng.random() < 0.3 and k > 0:          # hostile elements
            for _ in range(rng.randint(1, 3)):
                cov[rng.randrange(k)][rng.randrange(k)] = gauss_value(rng)
        if rng.random() < 0.1 and k > 1:          # not square
            cov = [r + [1.0] for r in cov]
    if rng.random() < 0.05:
        mean = mean[:-1]                          # wrong size (maybe empty)
    return mean, cov


def gauss_value_check(fn, out):
    """Shared check: a documented error, NULL, or a value >= 0 that is not NaN."""
    if out[0] == "error":
        return outcome_vs_prediction(fn, ("error", DOCUMENTED[fn]), out)
    for row in out[1]:
        for v in row:
            if isinstance(v, float) and (math.isnan(v) or v < 0):
                return "returned %r" % v
    return None


def case_gaussian(rng, fn):
    k = rng.choice([1, 2, 3, 4, 8]) if rng.random() < 0.95 else rng.choice([0, 40])
    (m1, c1), (m2, c2) = random_normal(rng, k), random_normal(rng, k)
    if rng.random() < 0.1:
        m2, c2 = m1, c1
    args = [matrix_literal(m1), matrix_literal(c1), matrix_literal(m2), matrix_literal(c2)]
    if rng.random() < 0.05:
        args[rng.randrange(4)] = "NULL::float8[]"
    if fn == "kl_div_normal(arrays)":
        ridge = rng.choice([0.0, 1e-9, 1.0, -1.0, NAN, INF, None]) if rng.random() < 0.5 else 0.0
        sql = "SELECT kl_div_normal(%s, %s)" % (", ".join(args), scalar(ridge))
    elif fn == "mean_cosine_distance":
        # Means only (a one-row fit has no covariance); some all zero.
        if rng.random() < 0.1:
            args[0] = matrix_literal([0.0] * len(m1))
        sql = ("SELECT mean_cosine_distance(ROW(1, %s, NULL)::gaussian, ROW(1, %s, NULL)::gaussian)"
               % (args[0], args[2]))
    else:
        sql = "SELECT frechet_distance(%s)" % ", ".join(args)

    def check(cur, out):
        return gauss_value_check(fn, out)
    return sql, check


def case_gaussian_fit(rng, fn):
    k = rng.choice([1, 2, 3, 5])
    rows = []
    for _ in range(rng.randint(0, 12)):
        if rng.random() < 0.1:
            rows.append("NULL::float8[]")
            continue
        n = k if rng.random() < 0.95 else rng.choice([0, k + 1])
        rows.append(matrix_literal([rng.gauss(0, 1) * 10.0 ** rng.uniform(-3, 3)
                                    if rng.random() < 0.95 else gauss_value(rng) for _ in range(n)]))
    agg = rng.choice(["gaussian_fit", "gaussian_fit_diagonal"])
    values = ", ".join("(%s)" % r for r in rows) if rows else "(NULL::float8[])"
    sql = "SELECT (f).n, (f).mean, (f).cov FROM (SELECT %s(x) AS f FROM (VALUES %s) v(x)) s" % (agg, values)

    def check(cur, out):
        if out[0] == "error":
            return outcome_vs_prediction(fn, ("error", DOCUMENTED[fn]), out)
        n, mean, cov = out[1][0]
        flat = []
        for part in (mean or [], cov or []):
            for v in part:
                flat.extend(v if isinstance(v, list) else [v])
        if any(v is None or math.isnan(v) for v in flat):
            return "a NULL or NaN in the fit: %s" % short(out[1][0])
        return None
    return sql, check


def case_renyi(rng, fn):
    n = rng.randint(1, 6)
    def weight():
        v = gauss_value(rng)
        return abs(v) if v is not None and rng.random() < 0.9 else v
    p = [weight() for _ in range(n)]
    q = [weight() for _ in range(n if rng.random() < 0.95 else n + 1)]
    alpha = rng.choice([0.0, 0.5, 1.0, 1.0 + 1e-9, 2.0, 50.0, 1e308, INF, NAN, -1.0, None, rng.uniform(0, 5)])
    eps = rng.choice([0.0, 0.0, 1e-6, -1.0, NAN])
    sql = "SELECT renyi_div(%s, %s, %s, %s)" % (matrix_literal(p), matrix_literal(q), scalar(alpha), scalar(eps))

    def check(cur, out):
        return gauss_value_check(fn, out)
    return sql, check


MIN_EFFECTS = [0.0, 0.0, 0.1, 0.5, 5e-324, 1e308, -0.1, NAN, INF, None]


def case_test(rng, fn):
    """A test of homogeneity: predicted as a divergence of p and q (min_effect
    as epsilon); a value must be a record of no NaN, statistic >= 0 and a
    p-value in [0, 1]."""
    p = hist(rng, huge_ok=False)
    q = same_shape_as(rng, p)
    eff = rng.choice(MIN_EFFECTS) if fn == "psi_test" else 0.0
    extra = ", %s" % scalar(eff) if fn == "psi_test" else ""
    sql = "SELECT (r).statistic, (r).p_value FROM (SELECT %s(%s, %s%s) AS r) AS t" % (
        fn, p.sql(), q.sql(), extra)
    expect = predict_divergence("tv_distance", p, q, None, eff)

    def check(cur, out):
        got = outcome_vs_prediction(fn, expect, out)
        if got is not None or expect[0] != "value":
            return got
        statistic, p_value = out[1][0]
        if statistic is None or p_value is None:
            return "returned NULL for valid arguments"
        if math.isnan(statistic) or math.isnan(p_value):
            return "returned NaN: %r, %r" % (statistic, p_value)
        if not (statistic >= 0 and 0 <= p_value <= 1):
            return "statistic %r or p-value %r out of range" % (statistic, p_value)
        return None
    return sql, check


def case_p_adjust(rng, fn):
    n = rng.choice([0, 1, 2, 5, 50])
    vals = [rng.choice([rng.random(), 0.0, 1.0, 1e-300, None, None, -1e-9, 1.5, NAN, INF])
            if rng.random() < 0.2 else rng.random() for _ in range(n)]
    two_d = rng.random() < 0.05 and n > 0
    method = rng.choice(["none", "bonferroni", "holm", "bh", "bh", "fdr", ""])
    lit = "'{{%s}}'" % ",".join(elem(x) for x in vals) if two_d else \
        "'{%s}'" % ",".join(elem(x) for x in vals)
    sql = "SELECT p_adjust(%s::float8[], '%s')" % (lit, method)
    if method not in ("none", "bonferroni", "holm", "bh"):
        expect = ("error", {INVALID})
    elif two_d:
        expect = ("error", {SUBSCRIPT})
    elif any(x is not None and not (0 <= x <= 1) for x in vals):
        expect = ("error", {OVERFLOW})
    else:
        expect = VALUE

    def check(cur, out):
        got = outcome_vs_prediction(fn, expect, out)
        if got is not None or expect[0] != "value":
            return got
        adjusted = out[1][0][0]
        if len(adjusted) != n or any((a is None) != (v is None) for a, v in zip(adjusted, vals)):
            return "NULLs or length not kept: %s for %s" % (short([adjusted]), vals)
        if any(a is not None and not (v <= a <= 1 or (method == "bh" and a <= 1)) for a, v in zip(adjusted, vals)):
            return "adjusted p-values out of [p, 1]: %s" % short([adjusted])
        return None
    return sql, check


def case_wasserstein_edges(rng, fn):
    """Edges good or bad, histograms of their length or not: an error must be
    one of the documented ones, a value finite (or Infinity) and >= 0."""
    k = rng.randint(1, 6)
    edges = sorted(rng.uniform(-10, 10) for _ in range(k))
    if rng.random() < 0.2:
        edges[rng.randrange(k)] = rng.choice([NAN, INF, None, 1e308])
    if rng.random() < 0.1:
        edges.reverse()
    n = k + 1 if rng.random() < 0.8 else rng.randint(0, k + 3)
    p = hist(rng, n=n, huge_ok=False) if n > 0 else hist(rng, huge_ok=False)
    q = same_shape_as(rng, p)
    sql = "SELECT wasserstein(%s, %s, '{%s}'::float8[])" % (p.sql(), q.sql(), ",".join(elem(x) for x in edges))
    null = p.is_null or q.is_null

    def check(cur, out):
        documented = DOCUMENTED[fn]
        if out[0] == "error":
            return None if out[1] in documented else "SQLSTATE %s (%s) is not documented" % (
                out[1], first_line(out[2]))
        v = out[1][0][0]
        if v is None:
            return None if null else "returned NULL for non-NULL arguments"
        if math.isnan(v) or v < 0:
            return "returned %r" % v
        return None
    return sql, check


def outcome_vs_prediction(fn, expect, out):
    """Failure text, or None when the outcome matches expect and README."""
    documented = DOCUMENTED[fn]
    kind, codes = expect
    if out[0] == "error":
        code = out[1]
        if code not in documented:
            return "SQLSTATE %s (%s) is not documented for %s (documented: %s)" % (
                code, first_line(out[2]), fn, ", ".join(sorted(documented)))
        if code in codes:
            return None
        if kind == "error":
            return "SQLSTATE %s (%s), expected %s" % (code, first_line(out[2]),
                                                     " or ".join(sorted(codes)))
        return "error %s (%s), expected %s" % (code, first_line(out[2]),
                                               "NULL" if kind == "null" else "a value")
    results = [r[0] for r in out[1]]
    if kind == "error":
        return "returned %s, expected an error %s" % (short(results), " or ".join(sorted(codes)))
    if kind == "null" and any(r is not None for r in results):
        return "returned %s, expected NULL" % short(results)
    return None


CASE_KINDS = (
    [(f, case_divergence, 10) for f in ("entropy",) + PAIR_FUNCTIONS] +
    [("kl_div_normal", case_normal, 8),
     ("histogram", case_histogram, 60),
     ("histogram_sum", case_histogram_sum, 25),
     ("histogram_final", case_final, 6),
     ("histogram_transition", case_direct, 3),
     ("histogram_combine", case_direct, 2),
     ("histogram_sum_transition", case_direct, 2),
     ("histogram_transition(state)", case_garbage_transition, 10),
     ("histogram_combine(state)", case_garbage_combine, 8),
     ("histogram_sum_transition(state)", case_garbage_sum, 6),
     ("parallel", case_parallel, 3)] +
    [(f + "(jsonb)", case_json, 5) for f in JSON_FUNCTIONS] +
    [("category_counts", case_category_counts, 14),
     ("quantile_edges", case_quantile_edges, 16),
     ("rebin", case_rebin, 16),
     ("kl_div_terms", case_terms, 9),
     ("psi_terms", case_terms, 6),
     ("compare_histograms", case_compare, 9),
     ("sparkline", case_sparkline, 8),
     ("support functions 0.3.0", case_direct_030, 2),
     ("kl_div_normal(arrays)", case_gaussian, 8),
     ("frechet_distance", case_gaussian, 6),
     ("mean_cosine_distance", case_gaussian, 4),
     ("gaussian_fit", case_gaussian_fit, 8),
     ("renyi_div", case_renyi, 8),
     ("chi2_test", case_test, 6),
     ("g_test", case_test, 5),
     ("ks_test", case_test, 5),
     ("psi_test", case_test, 6),
     ("p_adjust", case_p_adjust, 5),
     ("wasserstein(edges)", case_wasserstein_edges, 6)])


def make_case(seed, case_id):
    """(function, setup statements, SQL, check) of one case, reproducible."""
    rng = random.Random("%d:%d" % (seed, case_id))
    total = sum(w for _, _, w in CASE_KINDS)
    x = rng.uniform(0, total)
    for fn, maker, weight in CASE_KINDS:
        x -= weight
        if x <= 0:
            break
    made = maker(rng, fn)
    sql, check = made[0], made[1]
    setup = made[2] if len(made) > 2 else []
    return fn, setup, sql, check


def reproduction(setup, sql, limit=1500):
    text = "BEGIN;\n" + "".join(s + ";\n" for s in setup) + sql + ";\nROLLBACK;"
    return text if len(text) <= limit else text[:limit] + " ... (--show prints it all)"


def connect():
    conn = psycopg2.connect("")                  # libpq environment variables
    with conn.cursor() as cur:
        cur.execute("SET statement_timeout = '120s'")
    conn.commit()
    return conn


def reconnect(deadline=60):
    """After a crash the server needs a moment for recovery."""
    until = time.time() + deadline
    while True:
        try:
            return connect()
        except psycopg2.OperationalError:
            if time.time() > until:
                raise
            time.sleep(1)


def server_state(canary):
    """(alive, start time) seen through the idle canary connection."""
    try:
        with canary.cursor() as cur:
            cur.execute("SELECT pg_postmaster_start_time()")
            start = cur.fetchone()[0]
        canary.rollback()
        return True, start
    except psycopg2.Error:
        return False, None


OUTCOMES = {"value": 0, "null": 0, "error": 0}
PER_FN = {}                 # function -> [values, NULLs, errors]


def run_case(conn, fn, setup, sql, check):
    """Returns (failure or None, connection lost?)."""
    try:
        return run_checked(conn, fn, setup, sql, check), False
    except (psycopg2.OperationalError, psycopg2.InterfaceError) as e:
        if conn.closed or e.pgcode is None:
            return "connection lost (server crash?): %s" % first_line(str(e)), True
        raise


def run_checked(conn, fn, setup, sql, check):
    cur = conn.cursor()
    try:
        for s in setup:
            cur.execute(s)
        cur.execute(sql)
        out = ("ok", cur.fetchall())
    except psycopg2.Error as e:
        if e.pgcode is None or conn.closed:
            raise
        conn.rollback()
        if e.pgcode == "57014":
            return "statement timeout"
        out = ("error", e.pgcode, e.pgerror)
        cur = conn.cursor()
    kind = out[0] if out[0] == "error" else \
        "null" if all(r[0] is None for r in out[1]) else "value"
    OUTCOMES[kind] += 1
    PER_FN.setdefault(fn, [0, 0, 0])[("value", "null", "error").index(kind)] += 1
    try:
        why = check(cur, out)
    except psycopg2.Error as e:
        if e.pgcode is None or conn.closed:
            raise
        why = "reference query failed: %s" % first_line(str(e))
    conn.rollback()
    return why


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--batch", type=int, default=250)
    parser.add_argument("--only", help="comma-separated case ids to run")
    parser.add_argument("--show", type=int, help="print the SQL of one case")
    parser.add_argument("--timing", action="store_true",
                        help="print the time spent per function")
    parser.add_argument("--failures", type=int, default=10,
                        help="how many reproductions to print")
    args = parser.parse_args()

    if args.show is not None:
        fn, setup, sql, _ = make_case(args.seed, args.show)
        print("-- case %d: %s\n%s" % (args.show, fn, reproduction(setup, sql, limit=10 ** 9)))
        return 0
    ids = [int(x) for x in args.only.split(",")] if args.only else list(range(args.cases))
    print("# random_sql: seed %d, %d cases" % (args.seed, len(ids)))
    start = time.time()
    conn, canary = connect(), connect()
    create_data(conn)
    with conn.cursor() as cur:
        cur.execute("SHOW server_encoding")
        ENCODING["utf8"] = cur.fetchone()[0] == "UTF8"
    conn.rollback()
    alive, start_time = server_state(canary)
    passed = failed = 0
    failures = []
    per_fn, seconds = {}, {}
    batches = [ids[i:i + args.batch] for i in range(0, len(ids), args.batch)]
    for number, batch in enumerate(batches, 1):
        batch_failed = 0
        for case_id in batch:
            began = time.time()
            fn, setup, sql, check = make_case(args.seed, case_id)
            try:
                why, lost = run_case(conn, fn, setup, sql, check)
            except Exception as e:               # a bug of this script: still a failure
                why, lost = "harness error: %r" % e, False
                try:
                    conn.rollback()
                except psycopg2.Error:
                    lost = True
            per_fn[fn] = per_fn.get(fn, 0) + 1
            seconds[fn] = seconds.get(fn, 0.0) + time.time() - began
            if why:
                failed += 1
                batch_failed += 1
                failures.append((case_id, fn, why, setup, sql))
            else:
                passed += 1
            if lost:
                conn = reconnect()
        now_alive, now_start = server_state(canary)
        if not now_alive or now_start != start_time:
            failed += 1
            batch_failed += 1
            failures.append((batch[-1], "server", "server crashed or restarted during batch %d "
                             "(canary alive: %s, start time %s -> %s)"
                             % (number, now_alive, start_time, now_start), [], ""))
            canary = reconnect()
            _, start_time = server_state(canary)
        print("%s %d - cases %d..%d%s" % ("not ok" if batch_failed else "ok", number,
                                          batch[0], batch[-1],
                                          " (%d failed)" % batch_failed if batch_failed else ""))
        sys.stdout.flush()
    print("1..%d" % len(batches))
    print("# calls per function: " + ", ".join("%s %d" % kv for kv in sorted(per_fn.items())))
    print("# outcomes: %(value)d values, %(null)d NULLs, %(error)d errors" % OUTCOMES)
    if args.timing:
        print("# seconds per function: " + ", ".join(
            "%s %.2f" % kv for kv in sorted(seconds.items(), key=lambda kv: -kv[1])))
    print("# values/NULLs/errors per function: " + ", ".join(
        "%s %d/%d/%d" % (f, *c) for f, c in sorted(PER_FN.items())))
    for case_id, fn, why, setup, sql in failures[:args.failures]:
        print("# FAIL case %d (%s): %s" % (case_id, fn, why))
        if sql:
            print("\n".join("#   " + line for line in reproduction(setup, sql).splitlines()))
    if len(failures) > args.failures:
        print("# ... %d more failures" % (len(failures) - args.failures))
    print("# %.1f s" % (time.time() - start))
    print("random_sql: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
