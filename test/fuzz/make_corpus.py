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
       "merge", "counts_add", "bucket_equal_width", "bucket_edges", "identities"]

BASE, COMPACT, DIVIDE, FULL, EDGES, EPSILON, SAME_BINS, INIT = (1 << i for i in range(8))

# Compact bytes 224..255 (special[] in fuzz_core.c).
NAN, INF, NEG_INF, MINUS_ONE, MINUS_ZERO, HALF = 224, 225, 226, 227, 228, 229
DENORM_MIN, TINY, HUGE = 235, 236, 237


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

    def array(self, xs):
        self.out += length(len(xs))
        return self.num(*xs)


SEEDS = {
    # Regression seeds: the fuzzer's own findings, fixed since.
    "normal-huge-sigmas": Input("kl_div_normal", 0).num(1.0, 1.5e308, -1.0, 1e308),
    "add-minus-inf-count": Input("add", COMPACT | SAME_BINS).array([1, 0, 10, 2, 0, NEG_INF, 0, 0]).byte(0).num(1, 1),
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
}


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


if __name__ == "__main__":
    main()
