#!/usr/bin/python3
"""Writes the seed corpus of fuzz_core.c into test/fuzz/corpus/, and its
libFuzzer dictionary, test/fuzz/core.dict.

One small input per entry point, valid and invalid, in the harness's input
layout (see the comment at the top of fuzz_core.c). Rerun after changing
that layout:  /usr/bin/python3 test/fuzz/make_corpus.py
"""
import os
import struct

# Entry points, in the order of enum op in fuzz_core.c.
OPS = ["entropy", "cross_entropy", "kl_div", "jsd", "js_distance", "psi",
       "chi2_div", "tv_distance", "hellinger", "linf_distance", "wasserstein",
       "ks_distance", "kl_div_normal", "status_name", "bins", "decode", "add",
       "merge", "counts_add", "bucket_equal_width", "bucket_edges", "identities",
       "kl_div_terms", "psi_terms", "compare_bins", "sparkline_levels", "rebin",
       "count_add", "qs_state", "qs_rows", "qs_large", "gauss", "fit", "renyi", "pvalues"]

BASE, COMPACT, DIVIDE, FULL, EDGES, EPSILON, SAME_BINS, INIT = (1 << i for i in range(8))
# What some flags mean to one entry point (fuzz_core.c).
SORT, FIT = EDGES, FULL                          # rebin
TIDY, SECOND, BUILT = EDGES, SAME_BINS, INIT     # qs_state
ROUND_ROBIN = DIVIDE                             # qs_rows

# Compact bytes 224..255 (special[] in fuzz_core.c).
NAN, INF, NEG_INF, MINUS_ONE, MINUS_ZERO, HALF = 224, 225, 226, 227, 228, 229
DBL_MAX, DENORM_MIN, TINY, HUGE = 233, 235, 236, 237


def length(n):
    return bytes([n]) if n < 250 else bytes([250]) + struct.pack("<H", n)


class Input:
    def __init__(self, op, flags):
        self.out = bytes([OPS.index(op), flags])
        self.compact = bool(flags & COMPACT)

    def num(self, *xs):
        """Numbers: compact bytes (ints 0..255) or raw doubles."""
        for x in xs:
            self.out += bytes([x]) if self.compact else struct.pack("<d", x)
        return self

    def int(self, n):
        self.out += bytes([n]) if self.compact else struct.pack("<i", n)
        return self

    def byte(self, b):
        self.out += bytes([b])
        return self

    def length(self, n):
        self.out += length(n)
        return self

    def array(self, xs):
        self.out += length(len(xs))
        return self.num(*xs)


SEEDS = {
    # Regression seeds: the fuzzer's own findings, fixed since.
    "normal-huge-sigmas": Input("kl_div_normal", 0).num(1.0, 1.5e308, -1.0, 1e308),
    "add-minus-inf-count": Input("add", COMPACT | SAME_BINS).array([1, 0, 10, 2, 0, NEG_INF, 0, 0]).byte(0).num(1, 1),
    # (the harness's: the entropy bound's slack was not in base b's units)
    "entropy-base-near-one": Input("entropy", COMPACT | BASE | EPSILON).num(249, 251).array([2]),
    "entropy-base2": Input("entropy", COMPACT | BASE).num(2).array([1, 2, 3, 0]),
    "entropy-nan": Input("entropy", COMPACT).array([1, NAN, 2]),
    "cross-entropy-zero-q": Input("cross_entropy", COMPACT).array([1, 1, 2]).array([1, 0, 3]),
    "kl-base10-eps": Input("kl_div", BASE | EPSILON).num(10.0, 1e-3)
    .array([0.2, 0.3, 0.5]).array([0.1, 0.6, 0.3]),
    "kl-extremes": Input("kl_div", 0).array([1e308, 5e-324, 1.0, 0.0])
    .array([1e-300, 1e308, 1e308, 2.0]),
    "kl-mismatch": Input("kl_div", COMPACT).array([1, 2]).array([1, 2, 3]),
    "jsd-disjoint": Input("jsd", COMPACT).array([5, 0, 1]).array([0, 3, 0]),
    "js-distance-base-half": Input("js_distance", BASE).num(0.5)
    .array([1.0, 2.0]).array([2.0, 1.0]),
    "psi-zero-bins": Input("psi", COMPACT | EPSILON).num(0).array([3, 0, 1, 0]).array([0, 2, 1, 0]),
    "chi2-subnormal": Input("chi2_div", 0).array([1.0, 1e-310, 3.0]).array([2.0, 1e-320, 1.0]),
    "tv": Input("tv_distance", COMPACT).array([1, 2, 3, 4]).array([4, 3, 2, 1]),
    "hellinger-negative": Input("hellinger", 0).array([0.5, -0.25]).array([0.5, 0.5]),
    "linf-empty": Input("linf_distance", COMPACT).array([]).array([1]),
    "wasserstein-long": Input("wasserstein", COMPACT).array([i % 7 for i in range(300)])
    .array([(i * 3) % 11 for i in range(300)]),
    "ks-inf": Input("ks_distance", COMPACT).array([1, INF]).array([1, 1]),
    "normal": Input("kl_div_normal", 0).num(0.0, 1.0, 1.0, 2.0),
    "normal-tiny-sigma": Input("kl_div_normal", 0).num(1.0, 1e-300, -1.0, 1e300),
    "status-name": Input("status_name", 0).byte(16),
    "bins-equal-width": Input("bins", COMPACT).num(0, 10).int(5),
    "bins-edges": Input("bins", EDGES).array([-1.5, 0.0, 0.0, 2.25]),
    "bins-descending": Input("bins", COMPACT | EDGES).array([3, 2, 1]),
    "decode-equal-width": Input("decode", COMPACT | FULL).array([1, 0, 10, 3, 0, 1, 2, 0, 5]),
    "decode-edges-short": Input("decode", COMPACT | FULL).array([2, 3, 1, 2, 3, 0, 0]),
    "add-init": Input("add", COMPACT | INIT | SAME_BINS).num(0, 100).int(7)
    .byte(4).num(5, 1, 99, 2, 100, HALF, MINUS_ONE, 1),
    "add-edges": Input("add", EDGES | DIVIDE).array([2.0, 2.0, 1.0, 2.0, 0.0, 0.0, 0.0])
    .array([1.0, 2.0]).byte(2).num(2.0, 1.0, 1.5, 3.0),
    "add-raw-width": Input("add", DIVIDE | SAME_BINS).array([1.0, -3.7, 12.1, 7.0] + [0.0] * 9)
    .byte(3).num(7.585714285714285, 1.0, -3.7, 0.25, 12.1, 1.0),
    "merge": Input("merge", COMPACT | FULL).array([1, 0, 10, 2, 1, 2, 3, 4])
    .array([1, 0, 10, 2, 4, 3, 2, 1]),
    "merge-changed": Input("merge", COMPACT).array([2, 2, 1, 5, 0, 0, 0]).array([2, 2, 1, 6, 1, 1, 1]),
    "counts-add": Input("counts_add", COMPACT).array([1, 2, 0, 7]).num(3, 3, 3, 3),
    "bucket-equal-width": Input("bucket_equal_width", 0)
    .num(7.585714285714285, 12.0999, -3.7, 12.1).int(7),
    "bucket-equal-width-huge": Input("bucket_equal_width", 0)
    .num(-1e308, 1.7e308, -1.7e308, 1.7976931348623157e308).int(1000000),
    "bucket-edges": Input("bucket_edges", 0).num(2.0).array([1.0, 2.0, 2.0, 3.0]),
    "identities": Input("identities", COMPACT).byte(6).num(1, 2, 3, 0, 5, 1).num(2, 2, 2, 1, 1, 1),
    "identities-eps": Input("identities", COMPACT | EPSILON).byte(4).num(1, 0, TINY, HUGE)
    .num(0, 1, 1, 1).num(HALF),
    # Per-bin views.
    "kl-terms": Input("kl_div_terms", COMPACT).array([1, 2, 3, 0]).array([3, 2, 1, 1]),
    "kl-terms-zero-q": Input("kl_div_terms", COMPACT).array([1, 1, 0, 2]).array([1, 0, 0, 2]),
    "kl-terms-base-half-eps": Input("kl_div_terms", BASE | EPSILON).num(0.5, 1e-3)
    .array([0.2, 0.0, 0.5, 1e-310]).array([0.1, 0.6, 0.0, 0.3]),
    "kl-terms-near-equal": Input("kl_div_terms", 0).array([1.0, 1.00001, 0.99999, 1.0])
    .array([1.00001, 1.0, 1.0, 0.99999]),
    "psi-terms-base-ignored": Input("psi_terms", COMPACT | BASE).num(1).array([1, 0, 3]).array([0, 2, 1]),
    "psi-terms-eps": Input("psi_terms", EPSILON).num(0.01).array([1e300, 0.0, 1e-300])
    .array([1.0, 1e308, 0.0]),
    "psi-terms-nan": Input("psi_terms", COMPACT).array([1, NAN]).array([1, 1]),
    "compare": Input("compare_bins", COMPACT).array([50, 18, 32]).array([1, 3, 6]),
    "compare-disjoint-eps": Input("compare_bins", COMPACT | EPSILON).num(HALF).array([1, 0]).array([0, 1]),
    "compare-mismatch": Input("compare_bins", COMPACT).array([1, 2]).array([1]),
    "sparkline": Input("sparkline_levels", COMPACT).array([0, 1, 2, 3, 4, 5, 6, 7, 8]),
    "sparkline-tiny": Input("sparkline_levels", 0).array([1e-300, 1e300, 5e-324, 0.0]),
    "sparkline-bad": Input("sparkline_levels", COMPACT).array([1, MINUS_ZERO, INF]),
    # rebin
    "rebin-finer": Input("rebin", 0).array([0.0, 1.0, 2.0, 3.0]).array([0.0, 0.5, 1.0, 2.0, 3.0])
    .array([1.0, 10.0, 20.0, 30.0, 2.0]),
    "rebin-same-zero-width": Input("rebin", COMPACT | SAME_BINS | FIT).array([0, 1, 1, 1, 2])
    .num(1, 2, 3, 4, MINUS_ZERO, 6),
    "rebin-zero-width-new": Input("rebin", COMPACT | FIT).array([0, 1, 1, 2]).array([1, 1, 1, 1, 3])
    .num(1, 2, 3, 4, 5),
    "rebin-huge-span": Input("rebin", FIT).array([-1e308, 1e308]).array([-1e308, 0.0, 1e308])
    .num(0.0, 10.0, 0.0),
    "rebin-overflow": Input("rebin", FIT).array([0.0, 1.0]).array([5.0])
    .num(1.7976931348623157e308, 1.7976931348623157e308, 0.0),
    "rebin-sorted": Input("rebin", COMPACT | SORT).array([3, 1, 2]).array([2, 0, NAN]).array([1, 1, 1, 1]),
    "rebin-subnormal": Input("rebin", FIT).array([0.0, 3.0]).array([1.0, 2.0]).num(0.0, 5e-324, 0.0),
    # kld_count_add
    "count-add": Input("count_add", COMPACT).num(0).byte(4).num(1).byte(0).num(HALF).byte(1)
    .num(NAN).byte(2).num(MINUS_ONE).byte(3),
    "count-add-overflow": Input("count_add", SAME_BINS).num(1.7e308).byte(1).num(1e308).byte(7),
    # The quantile summary: made-up states (the unit tests' good one, a bad one,
    # and ones built from fields), then rows.
    "qs-state-good": Input("qs_state", COMPACT | FULL)
    .array([3, 2, 2, 3, 1, 1, 1, 0, 5, 2, 0, 9, 1, 0, 0, 0, 0]).byte(3).num(4, 7, MINUS_ZERO),
    "qs-state-not-ascending": Input("qs_state", COMPACT | FULL).array([3, 4, 2, 2, 1, 2, 1, 0, 1, 1, 0])
    .byte(1).num(1),
    "qs-state-huge-count": Input("qs_state", FULL | SECOND)
    .array([3.0, 2.0, 1.0, 1.0, 1.0, 1.0, 2.0 ** 53, 0.0])
    .array([3.0, 2.0, 1.0, 1.0, 1.0, 2.0, 1.0, 0.0]).byte(0),
    "qs-state-built": Input("qs_state", COMPACT | BUILT | TIDY | SECOND)
    .int(3).byte(8).byte(6).byte(4).byte(1).num(2, 3, 0, 1, 1, 0, 5, 2, 1, 9, 1, 2, 4, 1, 0, 0, 2, 0)
    .int(3).byte(4).byte(3).byte(1).byte(1).num(7, 1, 0, 7, 2, 0, 1, 1, 0)
    .byte(20).num(*[(i * 7) % 13 for i in range(20)]),
    "qs-state-built-inexact": Input("qs_state", COMPACT | BUILT | TIDY)
    .int(5).byte(16).byte(10).byte(10).byte(0).num(*[x for i in range(10) for x in (i, 3, i % 4)])
    .byte(40).num(*[(i * 11) % 37 for i in range(40)]),
    "qs-rows": Input("qs_rows", COMPACT).int(4).int(5).array([7, 3, 10, 1, 5, 9, 2, 8, 4, 6]).byte(4),
    "qs-rows-ties": Input("qs_rows", COMPACT | ROUND_ROBIN).int(4).int(4).array([1, 1, 1, 1, 1, 1, 2, 3]).byte(0),
    "qs-rows-specials": Input("qs_rows", COMPACT).int(2).int(0)
    .array([NEG_INF, 4, INF, 6, MINUS_ZERO, 0, NAN, DBL_MAX]).byte(3),
    "qs-rows-long": Input("qs_rows", COMPACT | ROUND_ROBIN).int(200).int(201)
    .array([(i * 37) % 223 for i in range(600)]).byte(0),
    "qs-rows-raw": Input("qs_rows", 0).int(1000).int(1001)
    .array([1.5, -2.25, 1e-310, -0.0, 1e300, 1.7976931348623157e308, -1e308]).byte(2),
    # Large made-up exact states (nbins, a seed, then for each state: summary
    # entries, appended rows, the largest count, the largest step).
    "qs-large-exact": Input("qs_large", COMPACT).int(9).byte(1).byte(2).byte(3).byte(4)
    .byte(5).byte(6).byte(7).byte(8).length(3000).byte(200).byte(3).byte(2)
    .length(2000).byte(100).byte(0).byte(5),
    "qs-large-compressed": Input("qs_large", COMPACT).int(99).byte(8).byte(7).byte(6).byte(5)
    .byte(4).byte(3).byte(2).byte(1).length(4000).byte(255).byte(15).byte(9)
    .length(4000).byte(250).byte(1).byte(200),
    "qs-large-one-side": Input("qs_large", 0).int(999).byte(0).byte(0).byte(0).byte(0)
    .byte(0).byte(0).byte(0).byte(42).length(0).byte(255).byte(0).byte(255)
    .length(4095).byte(0).byte(7).byte(0),
    # multivariate normals (k, shape byte, mean, covariance, ridge), fit states, renyi_div
    "gauss-not-symmetric": Input("gauss", COMPACT | SAME_BINS).byte(3).byte(0)
    .num(1, 2, 3).num(5, 0, 0, 5, 0, 5, 1, 0, 0).num(0),
    "gauss-diagonal-same": Input("gauss", COMPACT | EDGES | SAME_BINS).byte(3).byte(0)
    .num(1, 2, 3).num(5, 2, 7).num(1),
    "gauss-full-pair": Input("gauss", COMPACT).byte(2).byte(0)
    .num(0, 1).num(2, 1, 1, 2).num(0).num(1, 0).num(1, 0, 0, 3),
    "fit-init-rows": Input("fit", COMPACT | INIT).length(0).byte(2).byte(3)
    .byte(1).num(1, 2).byte(1).num(3, 4).byte(1).num(5, 7),
    "fit-made-up-state": Input("fit", COMPACT | FULL).array([1, 1, 2, 3, 4]).byte(0),
    "renyi-negative-alpha": Input("renyi", COMPACT).array([1, 2, 3]).array([3, 2, 1]).num(MINUS_ONE),
    "renyi-half-zero-mass": Input("renyi", COMPACT).array([1, 1]).array([0, 1]).num(HALF),
    # p-values: x, dof, nc, d, n, step.
    "pvalues-central": Input("pvalues", 0).num(3.84, 1.0, 2.5, 0.05, 1000.0, 0.5),
    "pvalues-tails": Input("pvalues", 0).num(1400.0, 3.0, 1e6, 0.3, 1e12, 1e-3),
    "pvalues-compact": Input("pvalues", COMPACT).num(10, 2, 0, 224 + 6, 140, 1),
}


# Doubles for libFuzzer's dictionary (raw numbers): the edges of the double
# range, where sums and squares overflow or probabilities underflow, which
# random bytes rarely hit.
DICT_DOUBLES = {
    "dbl_max": 1.7976931348623157e308, "three_quarters_max": 1.348269851146737e308,
    "half_max": 2.0 ** 1023, "e308": 1e308, "dbl_min": 2.2250738585072014e-308,
    "denorm_min": 5e-324, "subnormal": 1e-310, "one": 1.0, "half": 0.5,
    "one_plus_ulp": 1.0000000000000002, "minus_zero": -0.0, "minus_one": -1.0,
    "inf": float("inf"), "minus_inf": float("-inf"), "nan": float("nan"),
    "two_pow_600": 2.0 ** 600, "two_pow_minus_600": 2.0 ** -600,
    "quantile_tag": 3.0, "two_pow_53": 2.0 ** 53,
}

# int32s (raw nbins): quantile_edges' limits.
DICT_INTS = {"nbins_1000": 1000, "nbins_1001": 1001}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    corpus = os.path.join(here, "corpus")
    os.makedirs(corpus, exist_ok=True)
    for name, seed in SEEDS.items():
        with open(os.path.join(corpus, name), "wb") as f:
            f.write(seed.out)
    with open(os.path.join(here, "core.dict"), "w") as f:
        f.write("# libFuzzer dictionary for fuzz_core.c, written by make_corpus.py\n")
        for name, x in DICT_DOUBLES.items():
            raw = "".join("\\x%02x" % b for b in struct.pack("<d", x))
            f.write('%s="%s"\n' % (name, raw))
        for name, n in DICT_INTS.items():
            raw = "".join("\\x%02x" % b for b in struct.pack("<i", n))
            f.write('%s="%s"\n' % (name, raw))


if __name__ == "__main__":
    main()
