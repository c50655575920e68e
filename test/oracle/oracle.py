#!/usr/bin/python3
"""
oracle.py: random and adversarial cases for every SQL function of
kl_divergence, checked against two independent references.

  1. mpmath at 40 significant digits, on the exactly normalized inputs (each
     double is converted to mpf exactly, and normalization and smoothing are
     done in mpmath). Bound: |got - ref| <= 1e-12 |ref| + 1e-15; Infinity must
     be Infinity, and NaN is never right.
  2. scipy / numpy in double precision, with the looser tolerance that their
     naive sums need.

A check is one (case, function) pair: it passes when both references agree
with the extension (or the scipy one is skipped, see scipy_reference).

Run against a database with the extension installed (libpq environment):
  PGDATABASE=kld_oracle /usr/bin/python3 test/oracle/oracle.py --cases 1000
Reproduce one case:   --seed S --only ID     Print its SQL:   --show ID
The last line is "oracle: N passed, N failed"; the exit status is 1 on failure.
"""
import argparse
import struct
import math
import multiprocessing
import sys
import time
import traceback

import numpy as np
import psycopg2
import scipy.spatial.distance
import scipy.special
import scipy.stats
from mpmath import mp, mpf

FUNCTIONS = ("entropy", "cross_entropy", "kl_div", "jsd", "js_distance",
             "tv_distance", "hellinger", "linf_distance", "psi", "chi2_div",
             "wasserstein", "ks_distance", "kl_div_normal")

# One query per case: the arrays are sent once, as float8[] text (float8in
# reads the shortest repr exactly), and shared by every call.
QUERY = """
SELECT entropy(p, b), cross_entropy(p, q, b), kl_div(p, q, b, e), jsd(p, q, b),
       js_distance(p, q, b), tv_distance(p, q), hellinger(p, q),
       linf_distance(p, q), psi(p, q, e), chi2_div(p, q, e), wasserstein(p, q),
       ks_distance(p, q), kl_div_normal(%s, %s, %s, %s)
FROM (SELECT %s::float8[] AS p, %s::float8[] AS q, %s::float8 AS b,
             %s::float8 AS e) AS args
"""

REL_BOUND, ABS_BOUND = 1e-12, 1e-15          # the spec's accuracy target
SCIPY_REL, SCIPY_ABS = 1e-9, 1e-12           # double-precision naive sums
DBL_MAX = sys.float_info.max
DEFAULT_SEED = 20240611
MAX_FAILURE_LINES = 30

mp.dps = 40


# ---------------------------------------------------------------- the cases

def pick_length(rng, case_id):
    """Log-uniform lengths, mostly short so 1000 cases stay fast in mpmath."""
    if case_id % 200 == 199:
        return 100_000                        # a handful at the maximum
    if case_id % 50 == 3:
        return 1                              # single-bin arrays
    if rng.random() < 0.9:
        return int(round(10 ** rng.uniform(0, math.log10(2000))))
    return int(round(10 ** rng.uniform(math.log10(2000), math.log10(20000))))


SHAPES = ("uniform", "dirichlet", "counts", "poisson", "decay", "gauss",
          "spike", "wide", "wide150", "scaled", "huge", "subnormal", "bigint")


def make_weights(rng, n, shape):
    """Non-negative finite weights of one shape (not yet known to be > 0)."""
    if shape == "uniform":
        w = rng.random(n)
    elif shape == "dirichlet":                # small alpha: many tiny bins
        w = rng.dirichlet(np.full(n, 10 ** rng.uniform(-2, 1)))
    elif shape == "counts":                   # integers; sparse if total < n
        total = int(10 ** rng.uniform(0, 7))
        w = rng.multinomial(total, np.full(n, 1.0 / n)).astype(float)
    elif shape == "poisson":
        w = rng.poisson(10 ** rng.uniform(-1, 4), n).astype(float)
    elif shape == "decay":                    # down to 1e-300 of the peak
        w = 10.0 ** (-rng.uniform(0, 300) * np.arange(n) / max(n - 1, 1))
    elif shape == "gauss":
        width = max(n * 10 ** rng.uniform(-3, 0), 0.1)
        w = np.exp(-0.5 * ((np.arange(n) - rng.uniform(0, n)) / width) ** 2)
    elif shape == "spike":
        w = np.zeros(n)
        w[rng.integers(0, n, rng.integers(1, 4))] = rng.uniform(0.1, 10)
    elif shape == "wide":                     # 1e-300 .. 1e300 in one array
        w = 10.0 ** rng.uniform(-300, 300, n)
    elif shape == "wide150":                  # wide, yet no underflow
        w = 10.0 ** rng.uniform(-150, 150, n)
    elif shape == "scaled":                   # one extreme common scale
        w = rng.random(n) * 10.0 ** rng.uniform(-300, 300)
    elif shape == "huge":                     # several near 1e308: sum overflows
        w = rng.random(n) * 10.0 ** rng.uniform(0, 307)
        w[rng.integers(0, n, rng.integers(2, 6))] = rng.uniform(0.5, 1.0, 1) * DBL_MAX
    elif shape == "subnormal":                # counts of the smallest double
        w = rng.integers(0, 1000, n) * 5e-324
    elif shape == "bigint":                   # integer counts up to 2^53
        w = rng.integers(0, 2 ** 53, n).astype(float)
    else:
        raise ValueError(shape)
    return np.asarray(w, dtype=float)


def sparsify(rng, w):
    """Zero most bins, sometimes."""
    if len(w) > 1 and rng.random() < 0.35:
        w = w.copy()
        w[rng.random(len(w)) < rng.uniform(0.5, 0.999)] = 0.0
    return w


def ensure_positive(rng, w):
    if not np.any(w > 0):
        w = w.copy()
        w[rng.integers(0, len(w))] = 1.0
    return w


def unit_normalized(w):
    """w / sum(w) in doubles, safe from overflow (for sampling only)."""
    w = w / w.max()
    return w / w.sum()


RELATIONS = ("independent", "near", "equal", "scaled", "sample", "drop_q",
             "drop_p", "shift", "permute")


def make_q(rng, p, relation):
    """q from p, or p changed, by one relation; returns (p, q, label)."""
    n = len(p)
    label = relation
    if relation == "independent":
        shape = SHAPES[rng.integers(len(SHAPES))]
        q = sparsify(rng, make_weights(rng, n, shape))
        label = "indep:" + shape
    elif relation == "near":                  # q = p (1 + s noise)
        s = 10.0 ** rng.choice([-15, -12, -9, -9, -6, -3])
        q = p * (1 + s * rng.standard_normal(n))
        label = "near:%g" % s
    elif relation == "equal":
        q = p.copy()
    elif relation == "scaled":                # same distribution, other raw scale
        c = 10 ** rng.uniform(-5, 5)
        with np.errstate(over="ignore"):
            q = p * c if np.all(np.isfinite(p * c)) else p / c
        label = "scaled:%.3g" % c
    elif relation == "sample":                # counts drawn from p
        q = rng.poisson(10 ** rng.uniform(0, 6) * unit_normalized(p)).astype(float)
    elif relation in ("drop_q", "drop_p"):    # zeros on one side only
        q = p.copy()
        target = q if relation == "drop_q" else p
        positive = np.flatnonzero(target > 0)
        if len(positive) > 1:
            k = rng.integers(1, len(positive))
            target[rng.choice(positive, k, replace=False)] = 0.0
        elif n > 1:                           # move the only bin elsewhere
            target[positive] = 0.0
            target[(positive[0] + 1) % n] = 1.0
    elif relation == "shift":
        q = np.roll(p, rng.integers(-max(n // 10, 1), max(n // 10, 1) + 1))
    elif relation == "permute":
        q = rng.permutation(p)
    else:
        raise ValueError(relation)
    # Finite and non-negative whatever the relation did (p * c near 1e308).
    q = np.clip(np.nan_to_num(q, nan=0.0, posinf=DBL_MAX), 0.0, DBL_MAX)
    return p, q, label


def make_normal(rng):
    """(mu1, sigma1, mu2, sigma2) and a label."""
    kind = rng.choice(["random", "random", "near", "equal", "ratio",
                       "extreme", "root_max"])
    mu1 = rng.standard_normal() * 10 ** rng.uniform(-3, 6)
    s1 = 10 ** rng.uniform(-6, 6)
    if kind == "random":
        mu2 = rng.standard_normal() * 10 ** rng.uniform(-3, 6)
        s2 = 10 ** rng.uniform(-6, 6)
    elif kind == "near":                      # KL tiny, must not cancel to 0
        d = 10.0 ** rng.uniform(-16, -3)
        s2 = s1 * (1 + d * rng.standard_normal())
        mu2 = mu1 + s1 * d * rng.standard_normal() * rng.choice([0, 1])
    elif kind == "equal":
        mu2, s2 = mu1, s1
    elif kind == "ratio":                     # sigma ratios 1e10 and 1e-10
        s2 = s1 * rng.choice([1e10, 1e-10])
        mu2 = mu1 + rng.standard_normal() * s1
    elif kind == "extreme":                   # may overflow to Infinity
        mu1 = rng.choice([-1, 1]) * 10 ** rng.uniform(-300, 300)
        mu2 = rng.choice([-1, 1]) * 10 ** rng.uniform(-300, 300)
        s1 = 10 ** rng.uniform(-300, 300)
        s2 = 10 ** rng.uniform(-300, 300)
    else:                                     # r or t near sqrt(DBL_MAX): r^2
        s2 = 10 ** rng.uniform(-100, 100)     # overflows, the result need not
        big = 10 ** rng.uniform(153.5, 154.3) * s2
        if rng.random() < 0.5:
            s1, mu2 = big, mu1
        else:
            s1, mu1, mu2 = s2, big, 0.0
    return (float(mu1), float(s1), float(mu2), float(s2)), "normal:" + kind


def make_case(seed, case_id):
    """Everything about one case, from (seed, case_id) alone."""
    rng = np.random.default_rng([seed, case_id])
    n = pick_length(rng, case_id)
    shape = SHAPES[rng.integers(len(SHAPES))]
    p = sparsify(rng, make_weights(rng, n, shape))
    p, q, relation = make_q(rng, ensure_positive(rng, p),
                            RELATIONS[rng.integers(len(RELATIONS))])
    p, q = ensure_positive(rng, p), ensure_positive(rng, q)
    base = [None, None, None, 2.0, 2.0, 10.0, math.e, 16.0][rng.integers(8)]
    u = rng.random()
    if u < 0.6:
        eps = 0.0
    elif u < 0.95:
        eps = float(10 ** rng.uniform(-15, -1))
    else:
        eps = float(rng.choice([5e-324, 1e-300, 0.5, 1.0]))
    normal, normal_label = make_normal(rng)
    label = "n=%d p=%s q=%s base=%s eps=%g %s" % (
        n, shape, relation, base, eps, normal_label)
    return dict(id=case_id, p=p, q=q, base=base, eps=eps, normal=normal,
                label=label)


# ------------------------------------------------------- mpmath reference

def normalized(w):
    xs = [mpf(float(x)) for x in w]           # exact: 53 bits fit in mp.prec
    total = mp.fsum(xs)
    return [x / total for x in xs]


def mp_reference(case):
    """The 13 exact values (mpf, maybe +inf), on exactly normalized inputs."""
    P, Q = normalized(case["p"]), normalized(case["q"])
    n = len(P)
    ln2 = mp.ln2
    lnb = mp.log(mpf(case["base"])) if case["base"] else mpf(1)
    inf = mp.inf
    # One logarithm per element, reused below.
    lnP = [mp.log(x) if x else None for x in P]
    lnQ = [mp.log(y) if y else None for y in Q]
    both = list(zip(P, Q, lnP, lnQ))

    entropy = -mp.fsum(x * lx for x, _, lx, _ in both if x)
    if any(x and not y for x, y in zip(P, Q)):
        cross = inf
    else:
        cross = -mp.fsum(x * ly for x, _, _, ly in both if x)

    jsd_terms = []
    for x, y, lx, ly in both:
        if x and y:
            ls = mp.log(x + y)
            jsd_terms.append(x * (ln2 + lx - ls) + y * (ln2 + ly - ls))
        elif x or y:                           # m = x/2: x ln(x/m) = x ln 2
            jsd_terms.append((x + y) * ln2)
    # Absolute error ~1e-38 at 40 digits, so even sqrt(jsd) is off by far
    # less than the 1e-15 the bound allows. Rounding can go below 0.
    jsd = max(mp.fsum(jsd_terms) / 2, mpf(0))

    # Smoothing, exactly: p'_i = (p_i + eps) / (1 + n eps) with eps the double.
    if case["eps"] > 0:
        eps = mpf(case["eps"])
        denominator = 1 + n * eps
        Ps = [(x + eps) / denominator for x in P]
        Qs = [(y + eps) / denominator for y in Q]
        smoothed = [(x, y, mp.log(x), mp.log(y)) for x, y in zip(Ps, Qs)]
    else:
        smoothed = both
    kl = psi = chi2 = mpf(0)
    kl_terms, psi_terms, chi2_terms = [], [], []
    for x, y, lx, ly in smoothed:
        if x and y:
            kl_terms.append(x * (lx - ly))
            psi_terms.append((x - y) * (lx - ly))
            chi2_terms.append((x - y) ** 2 / y)
        elif x:                                # q = 0 < p
            kl = psi = chi2 = inf
        elif y:                                # p = 0 < q: chi2 term is q
            psi = inf
            chi2_terms.append(y)
    kl = kl + mp.fsum(kl_terms)
    psi = psi + mp.fsum(psi_terms)
    chi2 = chi2 + mp.fsum(chi2_terms)

    tv = mp.fsum(abs(x - y) for x, y in zip(P, Q)) / 2
    hellinger = mp.sqrt(mp.fsum((mp.sqrt(x) - mp.sqrt(y)) ** 2
                                for x, y in zip(P, Q)) / 2)
    linf = max(abs(x - y) for x, y in zip(P, Q))

    # CDF gaps over bins 0 .. n-2 (the last gap is 1 - 1 = 0).
    gap, gaps = mpf(0), []
    for x, y in zip(P[:-1], Q[:-1]):
        gap += x - y
        gaps.append(abs(gap))
    wasserstein = mp.fsum(gaps)
    ks = max(gaps, default=mpf(0))

    return [entropy / lnb, cross / lnb, kl / lnb, jsd / lnb,
            mp.sqrt(jsd / lnb), tv, hellinger, linf, psi, chi2,
            wasserstein, ks, normal_reference(*case["normal"])]


def normal_reference(mu1, s1, mu2, s2):
    """KL(N1 || N2) = ln(s2/s1) + (s1^2 + (mu1-mu2)^2)/(2 s2^2) - 1/2."""
    with mp.workdps(80):                       # near-equal sigmas cancel ~32 digits
        mu1, s1, mu2, s2 = mpf(mu1), mpf(s1), mpf(mu2), mpf(s2)
        kl = mp.log(s2 / s1) + (s1 ** 2 + (mu1 - mu2) ** 2) / (2 * s2 ** 2) - mpf(1) / 2
    return +kl                                 # rounded back to mp.dps


# -------------------------------------------------------- scipy reference

def scipy_reference(case):
    """The 13 values from scipy / numpy in doubles; None where skipped."""
    p, q, base, eps = case["p"], case["q"], case["base"], case["eps"]
    n = len(p)
    # Skipped: scipy normalizes by a plain double sum, which is Infinity when
    # the weights' sum overflows float8, and everything after is NaN.
    with np.errstate(all="ignore"):
        if not (np.isfinite(p.sum()) and np.isfinite(q.sum())):
            return [None] * len(FUNCTIONS)
        lnb = math.log(base) if base else 1.0
        pn, qn = p / p.sum(), q / q.sum()
        ps, qs = (pn + eps) / (1 + n * eps), (qn + eps) / (1 + n * eps)
        entropy = scipy.stats.entropy(p, base=base)
        cross = -np.sum(scipy.special.xlogy(pn, qn)) / lnb
        kl = np.sum(scipy.special.rel_entr(ps, qs)) / lnb
        js = scipy.spatial.distance.jensenshannon(p, q, base=base)
        tv = 0.5 * np.sum(np.abs(pn - qn))
        hellinger = math.sqrt(0.5 * np.sum((np.sqrt(pn) - np.sqrt(qn)) ** 2))
        linf = scipy.spatial.distance.chebyshev(pn, qn)
        one_zero = (ps == 0) != (qs == 0)
        live = (ps > 0) & (qs > 0)
        psi = (math.inf if one_zero.any() else
               np.sum((ps[live] - qs[live]) * np.log(ps[live] / qs[live])))
        chi2 = (math.inf if np.any((qs == 0) & (ps > 0)) else
                np.sum((ps[qs > 0] - qs[qs > 0]) ** 2 / qs[qs > 0]))
        bins = np.arange(n)
        wasserstein = scipy.stats.wasserstein_distance(bins, bins, p, q)
        ks = np.max(np.abs(np.cumsum(pn) - np.cumsum(qn)))
    # jensenshannon is sqrt(sum / 2) of a sum that may round below zero
    # (NaN) for near-identical inputs: skip it then (run_case compares its
    # square, as a jsd).
    jsd = js * js if not math.isnan(js) else None
    values = [entropy, cross, kl, jsd, js if jsd is not None else None, tv,
              hellinger, linf, psi, chi2, wasserstein, ks,
              None]                            # kl_div_normal: no scipy function
    # Skipped: a positive weight whose probability in scipy's plain p / sum
    # is subnormal (lost relative precision) or 0 (underflow, where the
    # exact value is positive) has logarithms and ratios that are off, or
    # Infinity (q = 0 < p; p / q overflowing; m = (p + q) / 2 rounding to 0).
    # Sums of |p - q| and CDFs only see the absolute error, which is tiny.
    plain_lossy = lossy(p, pn) or lossy(q, qn)
    if plain_lossy:
        values[1] = values[3] = values[4] = None    # cross_entropy, jsd, js
    if lossy(ps, ps) or lossy(qs, qs) or (eps == 0 and plain_lossy):
        values[2] = values[8] = values[9] = None    # kl_div, psi, chi2_div
    return [None if v is None else float(v) for v in values]


def lossy(weights, probabilities):
    """Some positive weight has a subnormal or zero probability."""
    return bool(np.any((weights > 0) & (probabilities < sys.float_info.min)))


def scipy_abs_tolerance(function, n):
    """Naive cumulative sums of n doubles drift by up to ~n ulps per CDF."""
    if function == "wasserstein":
        return SCIPY_ABS + n * 1e-14
    if function == "ks_distance":
        return SCIPY_ABS + n * 1e-16
    return SCIPY_ABS


# -------------------------------------------------------------- comparing

def compare(got, ref, rel, absolute):
    """(ok, error, bound): error and bound are floats (inf/nan if apt)."""
    if got is None or math.isnan(got):
        return False, math.nan, math.nan
    ref_is_inf = mp.isinf(ref) if isinstance(ref, mpf) else math.isinf(ref)
    if ref_is_inf:
        return got == float(ref), (0.0 if got == float(ref) else math.inf), 0.0
    bound = rel * abs(ref) + absolute
    if math.isinf(got):
        # Right only if the exact value rounds to +-Infinity in float8.
        ok = abs(ref) * (1 - rel) > DBL_MAX and (got > 0) == (ref > 0)
        return ok, (0.0 if ok else math.inf), float(bound)
    error = abs(mpf(got) - ref)
    return error <= bound, float(error), float(bound)


def ratio(error, bound):
    if math.isnan(error):
        return math.inf
    if error == 0:
        return 0.0
    return error / bound if bound > 0 else math.inf


# ------------------------------------------------------------ the workers

_connection = None


def connect():
    connection = psycopg2.connect("")          # libpq environment variables
    connection.autocommit = True
    with connection.cursor() as cur:
        cur.execute("SET extra_float_digits = 3")   # shortest-exact output
    return connection


def connection():
    # Opened on first use, not in a Pool initializer: a Pool respawns a
    # worker whose initializer fails, forever.
    global _connection
    if _connection is None:
        _connection = connect()
    return _connection


def same_bits(a, b):
    if a is None or b is None:
        return a is b
    return struct.pack("<d", a) == struct.pack("<d", b)


def array_text(w):
    return "{" + ",".join(repr(float(x)) for x in w) + "}"


def query_args(case):
    return list(case["normal"]) + [array_text(case["p"]), array_text(case["q"]),
                                   case["base"], case["eps"]]


def run_case(task):
    """Query one case and check it; returns (id, label, [check rows])."""
    seed, case_id = task
    case = make_case(seed, case_id)
    try:
        with connection().cursor() as cur:
            cur.execute(QUERY, query_args(case))
            got = list(cur.fetchone())
            # The scalar kernels must give the same bits as the SIMD ones.
            cur.execute("SET kl_divergence.simd = off")
            cur.execute(QUERY, query_args(case))
            got_scalar = list(cur.fetchone())
            cur.execute("SET kl_divergence.simd = auto")
    except psycopg2.Error as e:
        message = str(e).strip().splitlines()[0]
        return case_id, case["label"], [
            (f, False, None, None, "SQL error: " + message, math.inf, None)
            for f in FUNCTIONS]
    refs = mp_reference(case)
    scipy_values = scipy_reference(case)
    rows = []
    for f, g, ref, sc in zip(FUNCTIONS, got, refs, scipy_values):
        ok, error, bound = compare(g, ref, REL_BOUND, ABS_BOUND)
        why = "" if ok else "vs mpmath: error %.3g > bound %.3g" % (error, bound)
        g_scalar = got_scalar[FUNCTIONS.index(f)]
        if not same_bits(g, g_scalar):
            why += ("; " if why else "") + "simd = off gives %r" % g_scalar
        scipy_ratio = None
        if sc is not None:
            atol = scipy_abs_tolerance(f, len(case["p"]))
            if f == "js_distance" and g is not None:
                # sqrt magnifies scipy's rounding of a tiny jsd: compare squares.
                sc_ok, sc_error, sc_bound = compare(g * g, sc * sc, SCIPY_REL, atol)
            else:
                sc_ok, sc_error, sc_bound = compare(g, sc, SCIPY_REL, atol)
            scipy_ratio = ratio(sc_error, sc_bound)
            if not sc_ok:
                why += ("; " if why else "") + "vs scipy %r: error %.3g > bound %.3g" % (
                    sc, sc_error, sc_bound)
        rows.append((f, ok and not why, g, mp.nstr(ref, 17), why,
                     ratio(error, bound), scipy_ratio))
    return case_id, case["label"], rows


# --------------------------------------------------------------- the main

def show_case(seed, case_id):
    """Print the SQL of one case, to reproduce it in psql."""
    case = make_case(seed, case_id)
    m1, s1, m2, s2, p, q, b, e = query_args(case)
    print("-- case %d (seed %d): %s" % (case_id, seed, case["label"]))
    sql = QUERY % (repr(m1), repr(s1), repr(m2), repr(s2), "'%s'" % p,
                   "'%s'" % q, "NULL" if b is None else repr(b), repr(e))
    print(sql.strip() + ";")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", help="comma-separated case ids to run")
    parser.add_argument("--show", type=int, help="print the SQL of one case")
    parser.add_argument("--failures", type=int, default=MAX_FAILURE_LINES,
                        help="how many failure lines to print")
    args = parser.parse_args()

    if args.show is not None:
        show_case(args.seed, args.show)
        return 0
    ids = ([int(x) for x in args.only.split(",")] if args.only
           else list(range(args.cases)))
    print("oracle: seed %d, %d cases, %d checks each" % (args.seed, len(ids),
                                                         len(FUNCTIONS)))
    connect().close()                          # fail early: no server
    start = time.time()
    stats = {f: dict(count=0, failed=0, worst=0.0, worst_case=None,
                     scipy=0, scipy_worst=0.0, infinite=0) for f in FUNCTIONS}
    failures = []
    tasks = [(args.seed, i) for i in ids]
    with multiprocessing.Pool(args.jobs) as pool:
        results = sorted(pool.imap_unordered(run_case, tasks))
    for case_id, label, rows in results:
        for f, ok, got, ref, why, err_ratio, scipy_ratio in rows:
            s = stats[f]
            s["count"] += 1
            s["infinite"] += got is not None and math.isinf(got)
            if err_ratio > s["worst"] or s["worst_case"] is None:
                s["worst"], s["worst_case"] = err_ratio, case_id
            if scipy_ratio is not None:
                s["scipy"] += 1
                s["scipy_worst"] = max(s["scipy_worst"], scipy_ratio)
            if not ok:
                s["failed"] += 1
                failures.append((case_id, f, got, ref, why, label))
    elapsed = time.time() - start

    print("%-14s %6s %6s %5s %14s %14s" % ("function", "checks", "failed", "inf",
                                           "worst/bound", "scipy/tol"))
    for f in FUNCTIONS:
        s = stats[f]
        print("%-14s %6d %6d %5d %9.3g (#%-4s %9.3g (%d)" % (
            f, s["count"], s["failed"], s["infinite"], s["worst"],
            str(s["worst_case"]) + ")", s["scipy_worst"], s["scipy"]))
    print("worst/bound: largest |got - mpmath| / (1e-12 |ref| + 1e-15), with its case;")
    print("scipy/tol: the same against scipy (1e-9 rel), with the number of scipy checks")
    for case_id, f, got, ref, why, label in failures[:args.failures]:
        print("FAIL case %d %s: got %r expected %s (%s) [%s]" % (
            case_id, f, got, ref, why, label))
    if len(failures) > args.failures:
        print("... and %d more failures" % (len(failures) - args.failures))
    if failures:
        print("reproduce: --seed %d --only %d   (SQL: --show %d)" % (
            args.seed, failures[0][0], failures[0][0]))
    print("elapsed %.1f s" % elapsed)
    failed = len(failures)
    passed = sum(s["count"] for s in stats.values()) - failed
    print("oracle: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as e:                     # no database, etc.: still a verdict
        traceback.print_exc()
        print("oracle: error: %s: %s" % (type(e).__name__, e))
        print("oracle: 0 passed, 1 failed")
        sys.exit(1)
