-- kl_divergence 0.4.0: the whole definition of the current version.
--
-- CREATE EXTENSION kl_divergence runs this file alone. Earlier versions are
-- kl_divergence--0.1.0.sql plus one upgrade script per step; an upgraded
-- database ends with exactly the objects this file makes (the upgrade
-- regression test compares the two catalogs).
\echo Use "CREATE EXTENSION kl_divergence" to load this file. \quit


-- ---------------------------------------------------------------------------
-- Divergences and distances between two histograms (float8[]).
-- ---------------------------------------------------------------------------

-- Functions of one or two histograms (float8[] of non-negative weights, each
-- normalized by its own sum). The ones taking base are not STRICT, because a
-- NULL base means natural logarithms; they return NULL for a NULL histogram.

CREATE FUNCTION entropy(p float8[], base float8 DEFAULT NULL)
RETURNS float8
AS 'MODULE_PATHNAME', 'entropy_float8arr'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION entropy(float8[], float8) IS
'Shannon entropy H(P) = -sum p ln p of the normalized histogram p, in nats (base NULL) or in the given base';

CREATE FUNCTION cross_entropy(p float8[], q float8[], base float8 DEFAULT NULL)
RETURNS float8
AS 'MODULE_PATHNAME', 'cross_entropy_float8arr'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION cross_entropy(float8[], float8[], float8) IS
'Cross-entropy H(P,Q) = -sum p ln q = H(P) + KL(P||Q); Infinity where q has no mass and p has';

CREATE FUNCTION kl_div(p float8[], q float8[], base float8 DEFAULT NULL,
                       epsilon float8 DEFAULT 0)
RETURNS float8
AS 'MODULE_PATHNAME', 'kl_div_float8arr'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION kl_div(float8[], float8[], float8, float8) IS
'Kullback-Leibler divergence KL(P||Q) = sum p ln(p/q) >= 0; Infinity where q has no mass and p has; epsilon > 0 adds explicit additive smoothing';

CREATE FUNCTION jsd(p float8[], q float8[], base float8 DEFAULT NULL)
RETURNS float8
AS 'MODULE_PATHNAME', 'jsd_float8arr'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION jsd(float8[], float8[], float8) IS
'Jensen-Shannon divergence (KL(P||M) + KL(Q||M))/2 with M = (P+Q)/2, in [0, ln 2] nats (at most 1 bit)';

CREATE FUNCTION js_distance(p float8[], q float8[], base float8 DEFAULT NULL)
RETURNS float8
AS 'MODULE_PATHNAME', 'js_distance_float8arr'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION js_distance(float8[], float8[], float8) IS
'Jensen-Shannon distance sqrt(jsd(p, q, base)), a metric (scipy.spatial.distance.jensenshannon)';

CREATE FUNCTION tv_distance(p float8[], q float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'tv_distance_float8arr'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION tv_distance(float8[], float8[]) IS
'Total variation distance sum |p - q| / 2 between the normalized histograms, in [0, 1]';

CREATE FUNCTION hellinger(p float8[], q float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'hellinger_float8arr'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION hellinger(float8[], float8[]) IS
'Hellinger distance sqrt(sum (sqrt p - sqrt q)^2 / 2) between the normalized histograms, in [0, 1]';

CREATE FUNCTION linf_distance(p float8[], q float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'linf_distance_float8arr'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION linf_distance(float8[], float8[]) IS
'L-infinity distance max |p - q| between the normalized histograms, in [0, 1]';

CREATE FUNCTION psi(p float8[], q float8[], epsilon float8 DEFAULT 0)
RETURNS float8
AS 'MODULE_PATHNAME', 'psi_float8arr'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION psi(float8[], float8[], float8) IS
'Population stability index sum (p - q) ln(p/q) = KL(P||Q) + KL(Q||P); Infinity where exactly one side has no mass in a bin; epsilon > 0 adds explicit additive smoothing';

CREATE FUNCTION chi2_div(p float8[], q float8[], epsilon float8 DEFAULT 0)
RETURNS float8
AS 'MODULE_PATHNAME', 'chi2_div_float8arr'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION chi2_div(float8[], float8[], float8) IS
'Pearson chi-squared divergence sum (p - q)^2 / q; Infinity where q has no mass and p has; epsilon > 0 adds explicit additive smoothing';

CREATE FUNCTION wasserstein(p float8[], q float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'wasserstein_float8arr'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION wasserstein(float8[], float8[]) IS
'1-D earth mover''s (Wasserstein-1) distance over the same ordered bins, in bin widths: sum |CDF_p - CDF_q|';

CREATE FUNCTION ks_distance(p float8[], q float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'ks_distance_float8arr'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION ks_distance(float8[], float8[]) IS
'Kolmogorov-Smirnov distance max |CDF_p - CDF_q| over the ordered bins, in [0, 1]';

CREATE FUNCTION wasserstein(p float8[], q float8[], edges float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'wasserstein_edges_float8arr'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION wasserstein(float8[], float8[], float8[]) IS
'Earth mover''s (Wasserstein-1) distance in the data''s units between histograms laid out as histogram(value, edges) returns them: mass uniform within each bin, the underflow at the first edge, the overflow at the last';

CREATE FUNCTION kl_div_normal(mu1 float8, sigma1 float8, mu2 float8, sigma2 float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'kl_div_normal'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION kl_div_normal(float8, float8, float8, float8) IS
'Closed-form KL(N(mu1, sigma1^2) || N(mu2, sigma2^2)) in nats; sigmas must be finite and > 0';

-- ---------------------------------------------------------------------------
-- The same over category maps (jsonb).
-- ---------------------------------------------------------------------------

-- The divergences over jsonb category maps {"category": weight, ...}: the
-- same functions as over float8[], the two maps aligned on the union of
-- their keys. Not wasserstein and ks_distance, which need ordered bins.
-- Untyped string literals match both forms: write '{1,2}'::float8[] or
-- '{"a": 1}'::jsonb.

CREATE FUNCTION entropy(p jsonb, base float8 DEFAULT NULL)
RETURNS float8
AS 'MODULE_PATHNAME', 'entropy_jsonb'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION entropy(jsonb, float8) IS
'Shannon entropy of the category map p (jsonb {"category": weight}), in nats (base NULL) or in the given base';

CREATE FUNCTION cross_entropy(p jsonb, q jsonb, base float8 DEFAULT NULL)
RETURNS float8
AS 'MODULE_PATHNAME', 'cross_entropy_jsonb'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION cross_entropy(jsonb, jsonb, float8) IS
'Cross-entropy H(P,Q) of two category maps aligned on the union of their keys (a missing key weighs 0); Infinity where q has no mass and p has';

CREATE FUNCTION kl_div(p jsonb, q jsonb, base float8 DEFAULT NULL, epsilon float8 DEFAULT 0)
RETURNS float8
AS 'MODULE_PATHNAME', 'kl_div_jsonb'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION kl_div(jsonb, jsonb, float8, float8) IS
'KL(P||Q) of two category maps aligned on the union of their keys (a missing key weighs 0); Infinity where q has no mass and p has; epsilon > 0 smooths';

CREATE FUNCTION jsd(p jsonb, q jsonb, base float8 DEFAULT NULL)
RETURNS float8
AS 'MODULE_PATHNAME', 'jsd_jsonb'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION jsd(jsonb, jsonb, float8) IS
'Jensen-Shannon divergence of two category maps aligned on the union of their keys, in [0, ln 2] nats';

CREATE FUNCTION js_distance(p jsonb, q jsonb, base float8 DEFAULT NULL)
RETURNS float8
AS 'MODULE_PATHNAME', 'js_distance_jsonb'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION js_distance(jsonb, jsonb, float8) IS
'Jensen-Shannon distance sqrt(jsd) of two category maps aligned on the union of their keys';

CREATE FUNCTION tv_distance(p jsonb, q jsonb)
RETURNS float8
AS 'MODULE_PATHNAME', 'tv_distance_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION tv_distance(jsonb, jsonb) IS
'Total variation distance of two category maps aligned on the union of their keys, in [0, 1]';

CREATE FUNCTION hellinger(p jsonb, q jsonb)
RETURNS float8
AS 'MODULE_PATHNAME', 'hellinger_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION hellinger(jsonb, jsonb) IS
'Hellinger distance of two category maps aligned on the union of their keys, in [0, 1]';

CREATE FUNCTION linf_distance(p jsonb, q jsonb)
RETURNS float8
AS 'MODULE_PATHNAME', 'linf_distance_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION linf_distance(jsonb, jsonb) IS
'L-infinity distance (largest share difference of one category) of two category maps, in [0, 1]';

CREATE FUNCTION psi(p jsonb, q jsonb, epsilon float8 DEFAULT 0)
RETURNS float8
AS 'MODULE_PATHNAME', 'psi_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION psi(jsonb, jsonb, float8) IS
'Population stability index of two category maps aligned on the union of their keys; Infinity where exactly one side has no mass in a category; epsilon > 0 smooths';

CREATE FUNCTION chi2_div(p jsonb, q jsonb, epsilon float8 DEFAULT 0)
RETURNS float8
AS 'MODULE_PATHNAME', 'chi2_div_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION chi2_div(jsonb, jsonb, float8) IS
'Pearson chi-squared divergence of two category maps aligned on the union of their keys; epsilon > 0 smooths';

-- ---------------------------------------------------------------------------
-- Tests of homogeneity with p-values, from histograms of counts (float8[])
-- and category maps (jsonb); their sums are the sample sizes.
-- ---------------------------------------------------------------------------

-- Each returns a record. Bins empty on both sides are left out of the table,
-- and dof is the number of bins left, minus 1. The weights are those of the
-- divergences (finite, non-negative, not all zero).

CREATE FUNCTION chi2_test(p float8[], q float8[],
                          OUT statistic float8, OUT dof integer, OUT p_value float8)
RETURNS record
AS 'MODULE_PATHNAME', 'chi2_test_float8arr'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION chi2_test(float8[], float8[]) IS
'Pearson''s chi-squared test of homogeneity on the 2 x K table of counts p and q (no continuity correction): statistic, dof, p_value';

CREATE FUNCTION chi2_test(p jsonb, q jsonb,
                          OUT statistic float8, OUT dof integer, OUT p_value float8)
RETURNS record
AS 'MODULE_PATHNAME', 'chi2_test_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION chi2_test(jsonb, jsonb) IS
'Pearson''s chi-squared test of homogeneity of two category maps of counts, aligned on the union of their keys: statistic, dof, p_value';

CREATE FUNCTION g_test(p float8[], q float8[],
                       OUT statistic float8, OUT dof integer, OUT p_value float8)
RETURNS record
AS 'MODULE_PATHNAME', 'g_test_float8arr'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION g_test(float8[], float8[]) IS
'Likelihood-ratio (G) test of homogeneity on the 2 x K table of counts p and q, G = 2 sum O ln(O/E): statistic, dof, p_value';

CREATE FUNCTION g_test(p jsonb, q jsonb,
                       OUT statistic float8, OUT dof integer, OUT p_value float8)
RETURNS record
AS 'MODULE_PATHNAME', 'g_test_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION g_test(jsonb, jsonb) IS
'Likelihood-ratio (G) test of homogeneity of two category maps of counts, aligned on the union of their keys: statistic, dof, p_value';

CREATE FUNCTION ks_test(p float8[], q float8[], OUT statistic float8, OUT p_value float8)
RETURNS record
AS 'MODULE_PATHNAME', 'ks_test_float8arr'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION ks_test(float8[], float8[]) IS
'Two-sample Kolmogorov-Smirnov test over the same ordered bins of counts: statistic = ks_distance(p, q), p_value from the asymptotic distribution at round(n m / (n + m)) observations (conservative on binned data)';

CREATE FUNCTION psi_test(p float8[], q float8[], min_effect float8 DEFAULT 0,
                         OUT psi float8, OUT statistic float8, OUT dof integer, OUT p_value float8)
RETURNS record
AS 'MODULE_PATHNAME', 'psi_test_float8arr'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION psi_test(float8[], float8[], float8) IS
'Material-drift test: is the PSI between counts p and q larger than min_effect? psi (unsmoothed), Pearson''s statistic, dof and the p-value of the noncentral chi-squared bound';

CREATE FUNCTION psi_test(p jsonb, q jsonb, min_effect float8 DEFAULT 0,
                         OUT psi float8, OUT statistic float8, OUT dof integer, OUT p_value float8)
RETURNS record
AS 'MODULE_PATHNAME', 'psi_test_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION psi_test(jsonb, jsonb, float8) IS
'Material-drift test of two category maps of counts: is their PSI larger than min_effect? psi, statistic, dof, p_value';

CREATE FUNCTION p_adjust(p_values float8[], method text DEFAULT 'holm')
RETURNS float8[]
AS 'MODULE_PATHNAME', 'p_adjust'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION p_adjust(float8[], text) IS
'p-values corrected for testing them all: method none, bonferroni, holm or bh (Benjamini-Hochberg); NULL elements stay NULL and do not count';

-- ---------------------------------------------------------------------------
-- Per-bin views for psql: kl_div_terms(), compare_histograms(), sparkline().
-- ---------------------------------------------------------------------------

-- The terms of kl_div and psi one bin at a time, and a table of both with
-- the shares and a bar, for reading a drift in psql. Arguments, NULLs and
-- errors as for kl_div and psi.
CREATE FUNCTION kl_div_terms(p float8[], q float8[], base float8 DEFAULT NULL,
                             epsilon float8 DEFAULT 0)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'kl_div_terms_float8arr'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION kl_div_terms(float8[], float8[], float8, float8) IS
'Per-bin terms p ln(p/q) of kl_div(p, q, base, epsilon), with p''s subscripts; they sum to kl_div; 0 where p = 0, Infinity where q = 0 < p, negative where p < q';

CREATE FUNCTION psi_terms(p float8[], q float8[], epsilon float8 DEFAULT 0)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'psi_terms_float8arr'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION psi_terms(float8[], float8[], float8) IS
'Per-bin terms (p - q) ln(p/q) of psi(p, q, epsilon), with p''s subscripts; they sum to psi; Infinity where exactly one side has no mass';

CREATE FUNCTION compare_histograms(p float8[], q float8[], epsilon float8 DEFAULT 0)
RETURNS TABLE (bin int, p_share float8, q_share float8, kl_div_term float8,
               psi_term float8, bar text)
AS 'MODULE_PATHNAME', 'compare_histograms_float8arr'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 20;

COMMENT ON FUNCTION compare_histograms(float8[], float8[], float8) IS
'One row per bin (p''s subscript): the normalized shares of p and q, the kl_div and psi terms (smoothed with epsilon), and a bar of p_share - q_share, left of | where q is above p, right where p is above q, 10 blocks for the largest move';

CREATE FUNCTION compare_histograms(p jsonb, q jsonb, epsilon float8 DEFAULT 0)
RETURNS TABLE (category text, p_share float8, q_share float8, kl_div_term float8,
               psi_term float8, bar text)
AS 'MODULE_PATHNAME', 'compare_histograms_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 20;

COMMENT ON FUNCTION compare_histograms(jsonb, jsonb, float8) IS
'One row per category of two category maps (the union of their keys): the shares of p and q, the kl_div and psi terms (smoothed with epsilon), and a bar of p_share - q_share';

CREATE FUNCTION sparkline(h float8[])
RETURNS text
AS 'MODULE_PATHNAME', 'sparkline_float8arr'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION sparkline(float8[]) IS
'One character per bin of h, level ceil(8 w / max w) as one of the blocks U+2581..U+2588, a space for an empty bin; in a database encoding other than UTF8 the digits 1..8, and 0 for an empty bin';

-- ---------------------------------------------------------------------------
-- Histograms from rows: histogram() and histogram_sum().
-- ---------------------------------------------------------------------------

-- The state of histogram() is a float8[] that carries the bins and the
-- counts (layout in src/core/histogram.h), so partial states can travel
-- between parallel workers and servers as a real type. The transition
-- functions are not STRICT: they skip NULL values themselves.

CREATE FUNCTION histogram_transition(state float8[], value float8, lo float8, hi float8, nbins int)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'histogram_equal_width_transition'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION histogram_transition(float8[], float8, float8, float8, int) IS
'Transition function of histogram(value, lo, hi, nbins); updates its state in place';

CREATE FUNCTION histogram_transition(state float8[], value float8, weight float8, lo float8, hi float8, nbins int)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'histogram_equal_width_weighted_transition'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION histogram_transition(float8[], float8, float8, float8, float8, int) IS
'Transition function of histogram(value, weight, lo, hi, nbins); updates its state in place';

CREATE FUNCTION histogram_transition(state float8[], value float8, edges float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'histogram_edges_transition'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION histogram_transition(float8[], float8, float8[]) IS
'Transition function of histogram(value, edges); updates its state in place';

CREATE FUNCTION histogram_transition(state float8[], value float8, weight float8, edges float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'histogram_edges_weighted_transition'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION histogram_transition(float8[], float8, float8, float8[]) IS
'Transition function of histogram(value, weight, edges); updates its state in place';

CREATE FUNCTION histogram_combine(state float8[], other float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'histogram_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION histogram_combine(float8[], float8[]) IS
'Combine function of histogram(): adds two partial states built on the same bins';

CREATE FUNCTION histogram_final(state float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'histogram_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION histogram_final(float8[]) IS
'Final function of histogram(): the counts of a state, underflow bin first and overflow bin last';

CREATE AGGREGATE histogram(value float8, lo float8, hi float8, nbins int) (
    SFUNC = histogram_transition,
    STYPE = float8[],
    FINALFUNC = histogram_final,
    COMBINEFUNC = histogram_combine,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE histogram(float8, float8, float8, int) IS
'Counts per bin: element 1 counts value < lo, elements 2 .. nbins+1 the equal-width bins of [lo, hi), the last value >= hi; element width_bucket(value, lo, hi, nbins) + 1';

CREATE AGGREGATE histogram(value float8, weight float8, lo float8, hi float8, nbins int) (
    SFUNC = histogram_transition,
    STYPE = float8[],
    FINALFUNC = histogram_final,
    COMBINEFUNC = histogram_combine,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE histogram(float8, float8, float8, float8, int) IS
'Sum of weight per bin, with the bins of histogram(value, lo, hi, nbins)';

CREATE AGGREGATE histogram(value float8, edges float8[]) (
    SFUNC = histogram_transition,
    STYPE = float8[],
    FINALFUNC = histogram_final,
    COMBINEFUNC = histogram_combine,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE histogram(float8, float8[]) IS
'Counts per bin of ascending edges: array_length(edges, 1) + 1 elements, a value in element width_bucket(value, edges) + 1';

CREATE AGGREGATE histogram(value float8, weight float8, edges float8[]) (
    SFUNC = histogram_transition,
    STYPE = float8[],
    FINALFUNC = histogram_final,
    COMBINEFUNC = histogram_combine,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE histogram(float8, float8, float8[]) IS
'Sum of weight per bin, with the bins of histogram(value, edges)';

CREATE FUNCTION histogram_sum_transition(state float8[], h float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'histogram_sum_transition'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION histogram_sum_transition(float8[], float8[]) IS
'Transition and combine function of histogram_sum(h); adds h into its state in place';

CREATE AGGREGATE histogram_sum(h float8[]) (
    SFUNC = histogram_sum_transition,
    STYPE = float8[],
    COMBINEFUNC = histogram_sum_transition,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE histogram_sum(float8[]) IS
'Element-wise sum of histograms of one length, for roll-ups (daily into weekly); NULL and empty histograms are skipped';

-- ---------------------------------------------------------------------------
-- Category maps from rows: category_counts().
-- ---------------------------------------------------------------------------

-- category_counts(value): the category map of a column of any type, keyed
-- by value::text. The state is a jsonb (a real type, for parallel workers
-- and other servers); the functions are STABLE because a type's text form
-- can depend on settings (DateStyle, TimeZone).

CREATE FUNCTION category_counts_transition(state jsonb, value anyelement)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'category_counts_transition'
LANGUAGE C STABLE PARALLEL SAFE;

COMMENT ON FUNCTION category_counts_transition(jsonb, anyelement) IS
'Transition function of category_counts(value); updates its state in place';

CREATE FUNCTION category_counts_transition(state jsonb, value anyelement, weight float8)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'category_counts_weighted_transition'
LANGUAGE C STABLE PARALLEL SAFE;

COMMENT ON FUNCTION category_counts_transition(jsonb, anyelement, float8) IS
'Transition function of category_counts(value, weight); updates its state in place';

CREATE FUNCTION category_counts_combine(state jsonb, other jsonb)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'category_counts_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION category_counts_combine(jsonb, jsonb) IS
'Combine function of category_counts(): adds two partial category maps';

CREATE AGGREGATE category_counts(value anyelement) (
    SFUNC = category_counts_transition,
    STYPE = jsonb,
    COMBINEFUNC = category_counts_combine,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE category_counts(anyelement) IS
'Category map {"value": count, ...} of the non-NULL values, keyed by value::text; NULL for no rows';

CREATE AGGREGATE category_counts(value anyelement, weight float8) (
    SFUNC = category_counts_transition,
    STYPE = jsonb,
    COMBINEFUNC = category_counts_combine,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE category_counts(anyelement, float8) IS
'Category map {"value": sum of weight, ...}, keyed by value::text; rows with a NULL value or weight are skipped';

-- category_counts over text: an aggregate whose argument type is not
-- polymorphic, so that Citus can run it on the shards and merge the states
-- (it splits only aggregates whose declared argument types it can check).
-- text, varchar and unknown literals resolve to these; other types keep
-- the anyelement forms, or count value::text. Same C functions, same keys.

CREATE FUNCTION category_counts_transition(state jsonb, value text)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'category_counts_transition'
LANGUAGE C STABLE PARALLEL SAFE;

COMMENT ON FUNCTION category_counts_transition(jsonb, text) IS
'Transition function of category_counts(text); updates its state in place';

CREATE FUNCTION category_counts_transition(state jsonb, value text, weight float8)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'category_counts_weighted_transition'
LANGUAGE C STABLE PARALLEL SAFE;

COMMENT ON FUNCTION category_counts_transition(jsonb, text, float8) IS
'Transition function of category_counts(text, weight); updates its state in place';

CREATE AGGREGATE category_counts(value text) (
    SFUNC = category_counts_transition,
    STYPE = jsonb,
    COMBINEFUNC = category_counts_combine,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE category_counts(text) IS
'Category map {"value": count, ...} of the non-NULL values; NULL for no rows';

CREATE AGGREGATE category_counts(value text, weight float8) (
    SFUNC = category_counts_transition,
    STYPE = jsonb,
    COMBINEFUNC = category_counts_combine,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE category_counts(text, float8) IS
'Category map {"value": sum of weight, ...}; rows with a NULL value or weight are skipped';

-- ---------------------------------------------------------------------------
-- Reference binning: quantile_edges() and rebin().
-- ---------------------------------------------------------------------------

-- quantile_edges(value, nbins): equal-frequency edges for histogram(value,
-- edges). Its state is a float8[] summary of bounded size (layout in
-- src/core/quantile_sketch.h). The transition function is not STRICT: it
-- skips NULL values itself.

CREATE FUNCTION quantile_edges_transition(state float8[], value float8, nbins int)
RETURNS float8[]
AS 'MODULE_PATHNAME', 'quantile_edges_transition'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION quantile_edges_transition(float8[], float8, int) IS
'Transition function of quantile_edges(value, nbins); updates its state in place';

CREATE FUNCTION quantile_edges_combine(state float8[], other float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'quantile_edges_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION quantile_edges_combine(float8[], float8[]) IS
'Combine function of quantile_edges(): merges two partial summaries of the same nbins';

CREATE FUNCTION quantile_edges_final(state float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'quantile_edges_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION quantile_edges_final(float8[]) IS
'Final function of quantile_edges(): the edges of a summary, or NULL if it counted no finite value';

CREATE AGGREGATE quantile_edges(value float8, nbins int) (
    SFUNC = quantile_edges_transition,
    STYPE = float8[],
    FINALFUNC = quantile_edges_final,
    COMBINEFUNC = quantile_edges_combine,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE quantile_edges(float8, int) IS
'Equal-frequency edges [min, cut_1 .. cut_{nbins-1}, just above max], repeats dropped, for histogram(value, edges); cut_k is the value of rank floor(k N / nbins), exact up to 6144 distinct values, within 0.25% of the rows beyond';

-- rebin(h, edges, new_edges): a histogram laid out as histogram(value, edges)
-- returns it, moved onto other edges (rules in src/core/rebin.c).
CREATE FUNCTION rebin(h float8[], edges float8[], new_edges float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'rebin_float8arr'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION rebin(float8[], float8[], float8[]) IS
'Moves h, laid out as histogram(value, edges) returns it (underflow, inner bins, overflow), onto new_edges: inner bins spread uniformly and split by overlap, the underflow as a point just below the first edge, the overflow at the last edge, a zero-width bin at its edge; total mass preserved';

-- ---------------------------------------------------------------------------
-- Multivariate normals and Renyi: kl_div_normal(mu, cov, ...),
-- frechet_distance(), gaussian_fit(), renyi_div(), perplexity().
-- ---------------------------------------------------------------------------

-- A normal distribution is a mean float8[] of k elements and a covariance:
-- a k x k float8[] (two dimensions), or a one-dimensional float8[] of the k
-- variances of a diagonal covariance. gaussian_fit() estimates one from rows
-- of vectors; its state is a float8[] (n, mean, co-moments; layout in
-- src/core/gaussian.h) that round-trips as text, so parallel workers and
-- other servers can merge partial fits.

CREATE TYPE gaussian AS (n bigint, mean float8[], cov float8[]);

COMMENT ON TYPE gaussian IS
'A normal distribution fitted by gaussian_fit: n rows, the mean, and the sample covariance (k x k, or the k variances for gaussian_fit_diagonal; NULL for a single row)';

CREATE FUNCTION kl_div_normal(mu1 float8[], cov1 float8[], mu2 float8[], cov2 float8[],
                              ridge float8 DEFAULT 0)
RETURNS float8
AS 'MODULE_PATHNAME', 'kl_div_normal_mvn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION kl_div_normal(float8[], float8[], float8[], float8[], float8) IS
'KL(N(mu1, cov1) || N(mu2, cov2)) in nats, via Cholesky factors; covariances k x k symmetric positive definite, or one-dimensional variances; ridge is added to every variance first';

CREATE FUNCTION kl_div_normal(fit1 gaussian, fit2 gaussian, ridge float8 DEFAULT 0)
RETURNS float8
AS 'MODULE_PATHNAME', 'kl_div_normal_fit'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION kl_div_normal(gaussian, gaussian, float8) IS
'KL(N(fit1) || N(fit2)) in nats between two gaussian_fit results; NULL if a fit has no covariance (one row)';

CREATE FUNCTION frechet_distance(mu1 float8[], cov1 float8[], mu2 float8[], cov2 float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'frechet_distance_mvn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION frechet_distance(float8[], float8[], float8[], float8[]) IS
'Squared Frechet (2-Wasserstein) distance |mu1 - mu2|^2 + tr(cov1 + cov2 - 2 (cov1^1/2 cov2 cov1^1/2)^1/2) between two normals (FID); its square root is a metric';

CREATE FUNCTION frechet_distance(fit1 gaussian, fit2 gaussian)
RETURNS float8
AS 'MODULE_PATHNAME', 'frechet_distance_fit'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION frechet_distance(gaussian, gaussian) IS
'Squared Frechet distance between two gaussian_fit results; NULL if a fit has no covariance (one row)';

CREATE FUNCTION mean_cosine_distance(fit1 gaussian, fit2 gaussian)
RETURNS float8
AS 'MODULE_PATHNAME', 'mean_cosine_distance'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION mean_cosine_distance(gaussian, gaussian) IS
'Cosine distance 1 - cos(angle) between the means of two gaussian_fit results, in [0, 2] (covariances are not read); NULL if a mean is the zero vector';

CREATE FUNCTION gaussian_fit_transition(state float8[], x float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'gaussian_fit_transition'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION gaussian_fit_transition(float8[], float8[]) IS
'Transition function of gaussian_fit(x float8[]); updates its state in place';

CREATE FUNCTION gaussian_fit_transition(state float8[], x real[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'gaussian_fit_transition'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION gaussian_fit_transition(float8[], real[]) IS
'Transition function of gaussian_fit(x real[]); updates its state in place';

CREATE FUNCTION gaussian_fit_diagonal_transition(state float8[], x float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'gaussian_fit_diagonal_transition'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION gaussian_fit_diagonal_transition(float8[], float8[]) IS
'Transition function of gaussian_fit_diagonal(x float8[]); updates its state in place';

CREATE FUNCTION gaussian_fit_diagonal_transition(state float8[], x real[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'gaussian_fit_diagonal_transition'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION gaussian_fit_diagonal_transition(float8[], real[]) IS
'Transition function of gaussian_fit_diagonal(x real[]); updates its state in place';

CREATE FUNCTION gaussian_fit_combine(state float8[], other float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'gaussian_fit_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION gaussian_fit_combine(float8[], float8[]) IS
'Combine function of gaussian_fit and gaussian_fit_diagonal: merges two partial states (pairwise co-moment update)';

CREATE FUNCTION gaussian_fit_final(state float8[])
RETURNS gaussian
AS 'MODULE_PATHNAME', 'gaussian_fit_final'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION gaussian_fit_final(float8[]) IS
'Final function of gaussian_fit and gaussian_fit_diagonal: (n, mean, sample covariance) of a state';

CREATE AGGREGATE gaussian_fit(x float8[]) (
    SFUNC = gaussian_fit_transition,
    STYPE = float8[],
    FINALFUNC = gaussian_fit_final,
    COMBINEFUNC = gaussian_fit_combine,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE gaussian_fit(float8[]) IS
'Normal distribution of the vectors x: n, mean and sample covariance (divisor n - 1, numpy.cov''s default) as a k x k matrix; NULL rows skipped';

CREATE AGGREGATE gaussian_fit(x real[]) (
    SFUNC = gaussian_fit_transition,
    STYPE = float8[],
    FINALFUNC = gaussian_fit_final,
    COMBINEFUNC = gaussian_fit_combine,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE gaussian_fit(real[]) IS
'Normal distribution of the real[] vectors x, computed in float8: n, mean and sample covariance (k x k); NULL rows skipped';

CREATE AGGREGATE gaussian_fit_diagonal(x float8[]) (
    SFUNC = gaussian_fit_diagonal_transition,
    STYPE = float8[],
    FINALFUNC = gaussian_fit_final,
    COMBINEFUNC = gaussian_fit_combine,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE gaussian_fit_diagonal(float8[]) IS
'Normal distribution of the vectors x with a diagonal covariance: n, mean and the k sample variances (divisor n - 1); O(k) state for wide vectors';

CREATE AGGREGATE gaussian_fit_diagonal(x real[]) (
    SFUNC = gaussian_fit_diagonal_transition,
    STYPE = float8[],
    FINALFUNC = gaussian_fit_final,
    COMBINEFUNC = gaussian_fit_combine,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE gaussian_fit_diagonal(real[]) IS
'Normal distribution of the real[] vectors x with a diagonal covariance: n, mean and the k sample variances';

CREATE FUNCTION renyi_div(p float8[], q float8[], alpha float8, epsilon float8 DEFAULT 0)
RETURNS float8
AS 'MODULE_PATHNAME', 'renyi_div_float8arr'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION renyi_div(float8[], float8[], float8, float8) IS
'Renyi divergence of order alpha >= 0, ln(sum p^alpha q^(1-alpha)) / (alpha - 1) in nats; kl_div at alpha = 1, ln max p/q at alpha = Infinity; epsilon as in kl_div';

CREATE FUNCTION renyi_div(p jsonb, q jsonb, alpha float8, epsilon float8 DEFAULT 0)
RETURNS float8
AS 'MODULE_PATHNAME', 'renyi_div_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION renyi_div(jsonb, jsonb, float8, float8) IS
'Renyi divergence of order alpha between two category maps, aligned on the union of their keys';

CREATE FUNCTION perplexity(p float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'perplexity_float8arr'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION perplexity(float8[]) IS
'Perplexity exp(H(P)) of the normalized histogram p, H in nats (the same as 2^H in bits): the effective number of bins, in [1, n]';

CREATE FUNCTION perplexity(p jsonb)
RETURNS float8
AS 'MODULE_PATHNAME', 'perplexity_jsonb'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION perplexity(jsonb) IS
'Perplexity exp(H(P)) of a category map: the effective number of categories';


-- ---------------------------------------------------------------------------
-- The drift report.
-- ---------------------------------------------------------------------------

-- drift_report_columns(query, argument): the columns a query returns, from
-- its parse analysis alone (no row is read); argument names the query in
-- errors. drift_report() uses it.
CREATE FUNCTION drift_report_columns(query text, argument text DEFAULT 'query')
RETURNS TABLE (ordinal int, column_name text, column_type regtype)
AS 'MODULE_PATHNAME', 'drift_report_columns'
LANGUAGE C VOLATILE STRICT;

COMMENT ON FUNCTION drift_report_columns(text, text) IS
'The columns (position, name, type) that a query returns, found without running it; used by drift_report()';

-- drift_report_column_kind(type): how drift_report() treats a column of
-- this type (a domain as its base type): 'numeric', 'categorical',
-- 'embedding' (real[], float8[], or a type with an implicit cast to real[],
-- such as pgvector's vector, which gaussian_fit then takes) or NULL for a
-- type it does not support.
CREATE FUNCTION drift_report_column_kind(column_type regtype)
RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH RECURSIVE base(oid, typtype, typbasetype, typcategory) AS (
        SELECT oid, typtype, typbasetype, typcategory FROM pg_type WHERE oid = column_type
        UNION ALL
        SELECT t.oid, t.typtype, t.typbasetype, t.typcategory
        FROM pg_type t JOIN base b ON t.oid = b.typbasetype WHERE b.typtype = 'd')
    SELECT CASE WHEN oid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype,
                             'float4'::regtype, 'float8'::regtype, 'numeric'::regtype) THEN 'numeric'
                WHEN typcategory IN ('S', 'B', 'E') THEN 'categorical'
                WHEN oid IN ('float4[]'::regtype, 'float8[]'::regtype)
                  OR EXISTS (SELECT FROM pg_cast c
                             WHERE c.castsource = base.oid AND c.casttarget = 'float4[]'::regtype
                               AND c.castcontext = 'i') THEN 'embedding' END
    FROM base WHERE typtype <> 'd'
$$;

COMMENT ON FUNCTION drift_report_column_kind(regtype) IS
'How drift_report() treats a column of this type: numeric (binned on quantile edges), categorical (counted), embedding (real[], float8[] or a type with an implicit cast to real[], fitted by gaussian_fit), or NULL (unsupported)';

-- drift_report's query texts, read by the server's own parser: the caller's
-- query without a trailing semicolon (quote- and comment-aware), and a check
-- that a text to run is exactly one SELECT, made right before each EXECUTE.

CREATE FUNCTION drift_report_query(query text, argument text DEFAULT 'query')
RETURNS text
AS 'MODULE_PATHNAME', 'drift_report_query'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION drift_report_query(text, text) IS
'The one SELECT of a query text, without a trailing semicolon and what follows it; used by drift_report()';

CREATE FUNCTION drift_report_statement(sql text, argument text DEFAULT 'query')
RETURNS text
AS 'MODULE_PATHNAME', 'drift_report_statement'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION drift_report_statement(text, text) IS
'sql itself if it is exactly one SELECT as the parser reads it now, else an error; drift_report() checks each text it runs with it';

-- quantile_edges_max_bins(): the most bins quantile_edges() takes, the C
-- limit drift_report() checks its nbins against.
CREATE FUNCTION quantile_edges_max_bins()
RETURNS int
AS 'MODULE_PATHNAME', 'quantile_edges_max_bins'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION quantile_edges_max_bins() IS
'The largest nbins quantile_edges() accepts; drift_report() checks its own nbins against it';

-- drift_report() is written as named steps, each a function of its own:
--   drift_report_metrics      the methods and their values (the one list of them)
--   drift_report_embedding_metrics   the same for embedding columns
--   drift_report_check        the arguments
--   drift_report_plan         the columns: matched by name, kinds, errors
--   drift_report_read_sql     the text of one read of a query
--   drift_report_fold         a categorical column's categories, rare ones folded
-- drift_report() runs them in order. Each is called through the extension's
-- schema, found at run time (the extension is relocatable), and calls only
-- pg_catalog's functions and operators for exactly their operand types, so
-- that objects on the caller's search_path cannot capture a call.

-- drift_report_metrics(ext, p, q, epsilon, ordered, min_effect): every
-- method drift_report knows, with its value for current histogram p against
-- reference q and, for the tests, the p-value (their value is the test
-- statistic); the one place that lists them. wasserstein and ks are NULL
-- for unordered bins (categories). A new method is a row here, a result
-- column of drift_report and its assignment there.
CREATE FUNCTION drift_report_metrics(ext text, p float8[], q float8[], epsilon float8, ordered boolean,
                                     min_effect float8)
RETURNS TABLE (method text, value float8, p_value float8)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $function$
BEGIN
    RETURN QUERY EXECUTE pg_catalog.format($q$
        SELECT m.method, m.value, m.p_value
        FROM (SELECT %1$s.chi2_test($1, $2) AS chi2, %1$s.g_test($1, $2) AS g,
                     %1$s.ks_test($1, $2) AS ks, %1$s.psi_test($1, $2, $5) AS psi) AS t,
        LATERAL (VALUES
            (1, 'psi'::pg_catalog.text, %1$s.psi($1, $2, $3), NULL::pg_catalog.float8),
            (2, 'js_distance', %1$s.js_distance($1, $2), NULL),
            (3, 'kl_div', %1$s.kl_div($1, $2, NULL, $3), NULL),
            (4, 'tv_distance', %1$s.tv_distance($1, $2), NULL),
            (5, 'hellinger', %1$s.hellinger($1, $2), NULL),
            (6, 'wasserstein', CASE WHEN $4 THEN %1$s.wasserstein($1, $2)
                                   / (pg_catalog.cardinality($1) - 1)::pg_catalog.float8 END, NULL),
            (7, 'chi2', (t.chi2).statistic, (t.chi2).p_value),
            (8, 'g_test', (t.g).statistic, (t.g).p_value),
            (9, 'ks', CASE WHEN $4 THEN (t.ks).statistic END, CASE WHEN $4 THEN (t.ks).p_value END),
            (10, 'psi_test', (t.psi).statistic, (t.psi).p_value))
            AS m(ord, method, value, p_value)
        ORDER BY m.ord$q$, ext)
        USING p, q, epsilon, ordered, min_effect;
END
$function$;

COMMENT ON FUNCTION drift_report_metrics(text, float8[], float8[], float8, boolean, float8) IS
'Every drift_report() method with its value (and p-value, for the tests) for current histogram p against reference q (the one list of methods); ext is the extension''s schema, quoted';

-- drift_report_embedding_metrics(ext, current_fit, reference_fit): every
-- method for embedding columns, with its value for the current fit against
-- the reference fit (NULL where a fit has too few rows): the Gaussian KL
-- KL(current || reference), with a ridge of 1e-6 times the reference's mean
-- variance (at least the smallest normal double, so that a constant
-- column gives 0, or about 1e307 against another constant, not an error),
-- the squared Frechet distance and the cosine distance of the means.
CREATE FUNCTION drift_report_embedding_metrics(ext text, current_fit gaussian, reference_fit gaussian)
RETURNS TABLE (method text, value float8)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    mean_variance pg_catalog.float8;
BEGIN
    SELECT pg_catalog.avg(CASE WHEN pg_catalog.array_ndims(reference_fit.cov) = 2
                               THEN reference_fit.cov[i][i] ELSE reference_fit.cov[i] END)
    INTO mean_variance
    FROM pg_catalog.generate_series(1, pg_catalog.cardinality(reference_fit.mean)) AS i;
    RETURN QUERY EXECUTE pg_catalog.format($q$
        SELECT m.method, m.value
        FROM (VALUES
            (1, 'gaussian_kl'::pg_catalog.text, %1$s.kl_div_normal($1, $2, $3)),
            (2, 'frechet_distance', %1$s.frechet_distance($1, $2)),
            (3, 'mean_cosine_distance', %1$s.mean_cosine_distance($1, $2)))
            AS m(ord, method, value)
        ORDER BY m.ord$q$, ext)
        USING current_fit, reference_fit,
              GREATEST(1e-6::pg_catalog.float8 * mean_variance, 2.2250738585072014e-308::pg_catalog.float8);
END
$function$;

COMMENT ON FUNCTION drift_report_embedding_metrics(text, gaussian, gaussian) IS
'Every drift_report() method for embedding columns with its value for the current fit against the reference fit: gaussian_kl (ridge 1e-6 times the reference''s mean variance), frechet_distance, mean_cosine_distance';

-- drift_report_check(...): raises the error for the first bad argument.
CREATE FUNCTION drift_report_check(reference_query text, current_query text, nbins int, method text,
                                   threshold float8, epsilon float8, max_categories int,
                                   alpha float8, correction text, min_effect float8,
                                   embedding_method text, embedding_threshold float8,
                                   embedding_covariance text,
                                   methods text[], embedding_methods text[], max_bins int)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $function$
BEGIN
    IF reference_query IS NULL THEN
        RAISE EXCEPTION 'reference_query is null'
            USING ERRCODE = 'null_value_not_allowed', DETAIL = 'A drift report compares the rows of two queries.';
    END IF;
    IF current_query IS NULL THEN
        RAISE EXCEPTION 'current_query is null'
            USING ERRCODE = 'null_value_not_allowed', DETAIL = 'A drift report compares the rows of two queries.';
    END IF;
    IF nbins IS NULL OR nbins < 1 OR nbins > max_bins THEN
        RAISE EXCEPTION 'invalid nbins: %', coalesce(nbins::pg_catalog.text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('A drift report bins numeric columns on from 1 to %s quantile bins.', max_bins);
    END IF;
    IF method IS NULL OR NOT (method = ANY (methods)) THEN
        -- Quoted as the C functions quote values: cut to 64 characters.
        RAISE EXCEPTION 'invalid method: %', coalesce(pg_catalog.left(method, 64)
            || CASE WHEN pg_catalog.length(method) <= 64 THEN ''
                    WHEN pg_catalog.getdatabaseencoding() = 'UTF8' THEN pg_catalog.chr(8230)
                    ELSE '...' END, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = pg_catalog.format('Use %s or %s.',
                      pg_catalog.array_to_string(methods[1 : pg_catalog.cardinality(methods) - 1], ', '),
                      methods[pg_catalog.cardinality(methods)]);
    END IF;
    IF threshold IS NULL OR NOT (threshold >= 0::pg_catalog.float8 AND threshold < 'Infinity') THEN
        RAISE EXCEPTION 'invalid threshold: %', coalesce(threshold::pg_catalog.text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A column drifted when its method''s value exceeds the threshold, a finite number of at least 0.';
    END IF;
    IF epsilon IS NULL OR NOT (epsilon >= 0::pg_catalog.float8 AND epsilon < 'Infinity') THEN
        RAISE EXCEPTION 'invalid epsilon: %', coalesce(epsilon::pg_catalog.text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The smoothing epsilon of psi and kl_div must be finite and at least 0.';
    END IF;
    IF max_categories IS NULL OR max_categories < 2 THEN
        RAISE EXCEPTION 'invalid max_categories: %', coalesce(max_categories::pg_catalog.text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A categorical column keeps at least one category and the other bin.';
    END IF;
    IF alpha IS NULL OR NOT (alpha > 0::pg_catalog.float8 AND alpha < 1::pg_catalog.float8) THEN
        RAISE EXCEPTION 'invalid alpha: %', coalesce(alpha::pg_catalog.text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A test finds drift when its corrected p-value is below alpha, a number between 0 and 1.';
    END IF;
    IF correction IS NULL OR NOT (correction = ANY ('{none,bonferroni,holm,bh}'::pg_catalog.text[])) THEN
        RAISE EXCEPTION 'invalid correction: %', coalesce(pg_catalog.quote_literal(pg_catalog.left(correction, 64)), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use none, bonferroni, holm or bh (Benjamini-Hochberg).';
    END IF;
    IF min_effect IS NULL OR NOT (min_effect >= 0::pg_catalog.float8 AND min_effect < 'Infinity') THEN
        RAISE EXCEPTION 'invalid min_effect: %', coalesce(min_effect::pg_catalog.text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The smallest drift that matters to psi_test, min_effect, is a PSI: finite and at least 0.';
    END IF;
    IF embedding_method IS NULL OR NOT (embedding_method = ANY (embedding_methods)) THEN
        RAISE EXCEPTION 'invalid embedding_method: %', coalesce(pg_catalog.quote_literal(pg_catalog.left(embedding_method, 64)), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = pg_catalog.format('Use %s or %s.',
                      pg_catalog.array_to_string(embedding_methods[1 : pg_catalog.cardinality(embedding_methods) - 1], ', '),
                      embedding_methods[pg_catalog.cardinality(embedding_methods)]);
    END IF;
    IF embedding_threshold IS NULL OR NOT (embedding_threshold >= 0::pg_catalog.float8 AND embedding_threshold < 'Infinity') THEN
        RAISE EXCEPTION 'invalid embedding_threshold: %', coalesce(embedding_threshold::pg_catalog.text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'An embedding column drifted when its embedding_method''s value exceeds embedding_threshold, a finite number of at least 0.';
    END IF;
    IF embedding_covariance IS NULL OR NOT (embedding_covariance = ANY ('{diagonal,full}'::pg_catalog.text[])) THEN
        RAISE EXCEPTION 'invalid embedding_covariance: %', coalesce(pg_catalog.quote_literal(pg_catalog.left(embedding_covariance, 64)), 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use diagonal (gaussian_fit_diagonal, any width) or full (gaussian_fit, up to 4096 dimensions).';
    END IF;
END
$function$;

COMMENT ON FUNCTION drift_report_check(text, text, int, text, float8, float8, int, float8, text, float8, text, float8, text, text[], text[], int) IS
'drift_report()''s argument checks: raises the error for the first bad argument';

-- drift_report_plan(ext, reference_sql, current_sql): the columns of the two
-- queries matched by name, in the reference query's order, with their kind
-- ('numeric', 'categorical' or 'embedding'); an error for a column on one side only, a
-- name used twice, an unsupported type or kinds that differ.
CREATE FUNCTION drift_report_plan(ext text, reference_sql text, current_sql text)
RETURNS TABLE (name text, kind text)
LANGUAGE plpgsql VOLATILE
AS $function$
DECLARE
    col record;
    found int := 0;
BEGIN
    FOR col IN EXECUTE pg_catalog.format($q$
        SELECT coalesce(r.column_name, c.column_name) AS name, r.column_type AS rtype, c.column_type AS ctype,
               %1$s.drift_report_column_kind(r.column_type) AS rkind,
               %1$s.drift_report_column_kind(c.column_type) AS ckind,
               pg_catalog.count(*) OVER (PARTITION BY r.column_name) AS rdup,
               pg_catalog.count(*) OVER (PARTITION BY c.column_name) AS cdup
        FROM %1$s.drift_report_columns($1, 'reference_query') r
        FULL JOIN %1$s.drift_report_columns($2, 'current_query') c
          ON r.column_name = c.column_name
        ORDER BY r.ordinal NULLS LAST, c.ordinal$q$, ext)
        USING reference_sql, current_sql
    LOOP
        IF col.rtype IS NULL THEN
            RAISE EXCEPTION 'column "%" of current_query is not in reference_query', col.name
                USING ERRCODE = 'undefined_column', HINT = 'Select the same columns, by the same names, in both queries.';
        ELSIF col.ctype IS NULL THEN
            RAISE EXCEPTION 'column "%" of reference_query is not in current_query', col.name
                USING ERRCODE = 'undefined_column', HINT = 'Select the same columns, by the same names, in both queries.';
        ELSIF col.rdup > 1 OR col.cdup > 1 THEN
            RAISE EXCEPTION 'column name "%" appears more than once', col.name
                USING ERRCODE = 'ambiguous_column', HINT = 'Give every column its own name, for example with AS.';
        ELSIF col.rkind IS NULL OR col.ckind IS NULL THEN
            RAISE EXCEPTION 'column "%" has unsupported type %', col.name,
                    CASE WHEN col.rkind IS NULL THEN col.rtype ELSE col.ctype END
                USING ERRCODE = 'datatype_mismatch',
                      DETAIL = 'A drift report bins numeric columns (smallint, integer, bigint, real, double precision, numeric), counts categorical ones (text, varchar, char, name, boolean, enums) and fits embeddings (real[], double precision[], pgvector''s vector).',
                      HINT = pg_catalog.format(CASE WHEN EXISTS (
                                 SELECT FROM pg_catalog.pg_type t
                                 WHERE t.oid = CASE WHEN col.rkind IS NULL THEN col.rtype ELSE col.ctype END
                                   AND t.typcategory = 'A'::pg_catalog."char")
                             THEN 'Cast the column in the query, for example %I::float8[] to compare it as an embedding, or leave it out.'
                             ELSE 'Cast the column in the query, for example %I::text, or leave it out.' END, col.name);
        ELSIF col.rkind <> col.ckind THEN
            RAISE EXCEPTION 'column "%" is % in reference_query but % in current_query', col.name, col.rtype, col.ctype
                USING ERRCODE = 'datatype_mismatch', HINT = 'Cast the column to the same kind of type in both queries.';
        END IF;
        name := col.name;
        kind := col.rkind;
        found := found + 1;
        RETURN NEXT;
    END LOOP;
    IF found = 0 THEN
        RAISE EXCEPTION 'reference_query returns no columns'
            USING ERRCODE = 'invalid_parameter_value', DETAIL = 'A drift report compares the columns the two queries return.';
    END IF;
END
$function$;

COMMENT ON FUNCTION drift_report_plan(text, text, text) IS
'drift_report()''s columns: those of the two queries matched by name, with their kind, or the error that stops the report';

-- drift_report_read_sql(ext, query, names, kinds, pass, edge_start,
-- edge_count, covariance): the text of one read, an aggregate query that
-- returns one row (so that PostgreSQL may run it with parallel workers).
-- Pass 1 reads the reference: rows, non-NULL values, the numeric columns'
-- quantile edges ($2 bins), the category counts and the embeddings' fits
-- (gaussian_fit_diagonal, or gaussian_fit if covariance is 'full'); pass 2
-- the current query: the same counts and fits and the numeric columns'
-- histograms on the edges ($1 holds every column's edges, edge_start and
-- edge_count slice it); pass 3 the reference again, for its histograms.
-- The row: the row count, an array of non-NULL counts, one of category maps
-- (an element per column), the lengths of the numeric columns' edges or
-- histograms and those, one after another, and an array of the fits'
-- text forms.
CREATE FUNCTION drift_report_read_sql(ext text, query text, names text[], kinds text[], pass int,
                                      edge_start int[], edge_count int[], covariance text)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $function$
DECLARE
    select_list pg_catalog.text := 'pg_catalog.count(*) AS total';
    nonnull_list pg_catalog.text := '';
    maps_list pg_catalog.text := '';
    lengths_list pg_catalog.text := '';
    numbers_list pg_catalog.text := '';
    fits_list pg_catalog.text := '';
    sep pg_catalog.text;
BEGIN
    FOR i IN 1 .. pg_catalog.cardinality(names) LOOP
        sep := CASE WHEN i > 1 THEN ', ' ELSE '' END;
        select_list := select_list || pg_catalog.format(', pg_catalog.count(t.%I) AS n%s', names[i], i);
        nonnull_list := nonnull_list || pg_catalog.format('%sa.n%s', sep, i);
        IF kinds[i] = 'embedding' AND pass < 3 THEN
            -- gaussian_fit takes real[] and float8[], and a vector through
            -- its implicit cast to real[].
            select_list := select_list || pg_catalog.format(', %s.%s(t.%I) AS s%s', ext,
                CASE covariance WHEN 'full' THEN 'gaussian_fit' ELSE 'gaussian_fit_diagonal' END, names[i], i);
            -- As text, which the caller can hold without naming the
            -- extension's schema.
            fits_list := fits_list || pg_catalog.format('%sa.s%s::pg_catalog.text', sep, i);
        ELSE
            fits_list := fits_list || sep || 'NULL::pg_catalog.text';
        END IF;
        IF kinds[i] = 'embedding' THEN
            maps_list := maps_list || sep || 'NULL::pg_catalog.jsonb';
            lengths_list := lengths_list || sep || '0';
        ELSIF kinds[i] = 'categorical' THEN
            -- Counted as value::text, the keys category_counts gives any type,
            -- through its text form, which Citus can distribute.
            IF pass < 3 THEN
                select_list := select_list || pg_catalog.format(', %s.category_counts(t.%I::pg_catalog.text) AS s%s',
                                                                ext, names[i], i);
                maps_list := maps_list || pg_catalog.format('%sa.s%s', sep, i);
            ELSE
                maps_list := maps_list || sep || 'NULL::pg_catalog.jsonb';
            END IF;
            lengths_list := lengths_list || sep || '0';
        ELSE
            -- A side with no values in the column has no histogram: zeros.
            select_list := select_list || pg_catalog.format(', %s AS s%s',
                CASE WHEN pass = 1 THEN
                         pg_catalog.format('%s.quantile_edges(t.%I::pg_catalog.float8, $2)', ext, names[i])
                     ELSE pg_catalog.format('COALESCE(%s.histogram(t.%I::pg_catalog.float8, $1[%s:%s]), '
                                            'pg_catalog.array_fill(0::pg_catalog.float8, ARRAY[%s]))',
                                            ext, names[i], edge_start[i], edge_start[i] + edge_count[i] - 1,
                                            edge_count[i] + 1) END,
                i);
            maps_list := maps_list || sep || 'NULL::pg_catalog.jsonb';
            lengths_list := lengths_list ||
                pg_catalog.format('%sCOALESCE(pg_catalog.cardinality(a.s%s), 0)', sep, i);
            numbers_list := numbers_list || pg_catalog.format('%s(%s, a.s%s)',
                CASE WHEN numbers_list <> '' THEN ', ' ELSE '' END, i, i);
        END IF;
    END LOOP;
    -- (The query's last line may be a comment: a line break ends it.)
    RETURN pg_catalog.format(E'SELECT a.total, ARRAY[%s], ARRAY[%s], ARRAY[%s], '
                             '(SELECT pg_catalog.array_agg(e.x ORDER BY v.i, e.o) '
                             'FROM (VALUES %s) AS v(i, numbers), '
                             'pg_catalog.unnest(v.numbers) WITH ORDINALITY AS e(x, o)), '
                             'ARRAY[%s] '
                             'FROM (SELECT %s FROM (%s\n) AS t) AS a',
                             nonnull_list, maps_list, lengths_list,
                             CASE WHEN numbers_list = '' THEN '(0, NULL::pg_catalog.float8[])'
                                  ELSE numbers_list END,
                             fits_list, select_list, query);
END
$function$;

COMMENT ON FUNCTION drift_report_read_sql(text, text, text[], text[], int, int[], int[], text) IS
'The text of one of drift_report()''s reads of a query: one aggregate query returning one row';

-- drift_report_fold(reference_map, current_map, reference_values,
-- current_values, max_categories): a categorical column's bins: the union
-- of categories, the most common (by reference share plus current share)
-- first; beyond max_categories the rest are summed into one last bin, the
-- NULL category.
CREATE FUNCTION drift_report_fold(reference_map jsonb, current_map jsonb, reference_values float8,
                                  current_values float8, max_categories int,
                                  OUT categories text[], OUT reference_histogram float8[],
                                  OUT current_histogram float8[])
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH c AS (
        SELECT k, coalesce(rv, 0) AS rv, coalesce(cv, 0) AS cv,
               row_number() OVER (
                   ORDER BY coalesce(rv, 0) / reference_values +
                            coalesce(cv, 0) / GREATEST(current_values, 1) DESC, k) AS rank
        FROM (SELECT key AS k, value::float8 AS rv FROM jsonb_each(reference_map)) r
        FULL JOIN (SELECT key AS k, value::float8 AS cv FROM jsonb_each(current_map)) c USING (k)),
    folded AS (
        SELECT CASE WHEN (SELECT count(*) FROM c) <= max_categories
                      OR rank < max_categories THEN k END AS k,
               min(rank) AS rank, sum(rv) AS rv, sum(cv) AS cv
        FROM c GROUP BY 1)
    SELECT array_agg(k ORDER BY rank), array_agg(rv ORDER BY rank), array_agg(cv ORDER BY rank)
    FROM folded
$$;

COMMENT ON FUNCTION drift_report_fold(jsonb, jsonb, float8, float8, int) IS
'A categorical column''s categories and counts for drift_report(): the most common first, the rest beyond max_categories folded into the NULL category';

-- drift_report(): one row per column of the two queries, with the histograms
-- of each side on the reference's bins, the divergences between them, a
-- test of homogeneity with its p-value (corrected across the columns) and a
-- drifted flag; for an embedding column, the distances between Gaussian fits
-- of the two sides instead. Its steps are the functions above.
--
-- It runs with the caller's privileges (not SECURITY DEFINER) and leaves
-- search_path alone, so the queries see the caller's tables as the caller
-- would. So that objects on that search_path cannot capture its own calls,
-- every function it calls is schema-qualified (its own by the extension's
-- schema, found when it runs, as the extension is relocatable) and its
-- operators are ones pg_catalog has for exactly those types (no
-- polymorphic ones such as ||). The reference query is read twice (edges,
-- then counts; once if it has no numeric column) and the current query once.
CREATE FUNCTION drift_report(
    reference_query text,
    current_query text,
    nbins int DEFAULT 10,
    method text DEFAULT 'psi',
    threshold float8 DEFAULT 0.1,
    epsilon float8 DEFAULT 0.0001,
    max_categories int DEFAULT 20,
    alpha float8 DEFAULT 0.05,
    correction text DEFAULT 'none',
    min_effect float8 DEFAULT 0.1,
    embedding_method text DEFAULT 'gaussian_kl',
    embedding_threshold float8 DEFAULT 0.1,
    embedding_covariance text DEFAULT 'diagonal')
RETURNS TABLE (
    column_name text,
    kind text,
    reference_rows bigint,
    current_rows bigint,
    reference_null_share float8,
    current_null_share float8,
    edges float8[],
    categories text[],
    reference_histogram float8[],
    current_histogram float8[],
    psi float8,
    js_distance float8,
    kl_div float8,
    smoothing float8,
    tv_distance float8,
    hellinger float8,
    wasserstein float8,
    drift_method text,
    drift_threshold float8,
    drifted boolean,
    test text,
    statistic float8,
    p_value float8,
    p_adjusted float8,
    gaussian_kl float8,
    frechet_distance float8,
    mean_cosine_distance float8)
LANGUAGE plpgsql VOLATILE
AS $function$
#variable_conflict use_variable
DECLARE
    ext pg_catalog.text;                 -- the extension's schema, quoted
    methods pg_catalog.text[];           -- drift_report_metrics' methods, and 'auto'
    embedding_methods pg_catalog.text[]; -- drift_report_embedding_metrics' methods
    tests pg_catalog.text[] := '{chi2,g_test,ks,psi_test}';
    -- The queries without a trailing semicolon (and what follows it), to
    -- go in parentheses.
    ref_sql pg_catalog.text;
    cur_sql pg_catalog.text;
    read_sql pg_catalog.text;            -- a read's text, checked right before it runs
    names pg_catalog.text[];             -- the columns, in the reference query's order
    kinds pg_catalog.text[];             -- 'numeric', 'categorical' or 'embedding'
    ncol int;
    ref_total bigint;
    cur_total bigint;
    ref_nonnull bigint[];
    cur_nonnull bigint[];
    ref_edges pg_catalog.float8[] := '{}'; -- every numeric column's edges, one after another
    edge_start int[];                    -- where column i's edges start in ref_edges
    edge_count int[];
    ref_maps pg_catalog.jsonb[];
    cur_maps pg_catalog.jsonb[];
    ref_fits pg_catalog.text[];          -- the embeddings' gaussian fits, as text
    cur_fits pg_catalog.text[];
    -- Every column's bins, one after another: column i's start at
    -- hist_start[i] in the histograms (and, if categorical, in cat_names).
    hist_start int[];
    hist_count int[];
    ref_hists pg_catalog.float8[] := '{}';
    cur_hists pg_catalog.float8[] := '{}';
    cat_names pg_catalog.text[] := '{}';
    hist_length int := 0;
    edges_seen int := 0;
    total bigint;                        -- a read's result
    nonnull bigint[];
    maps pg_catalog.jsonb[];
    lengths int[];
    numbers pg_catalog.float8[];
    fits pg_catalog.text[];
    folded pg_catalog.text[];            -- a categorical column's categories and counts
    ref_counts pg_catalog.float8[];
    cur_counts pg_catalog.float8[];
    metric_values pg_catalog.float8[];   -- every column's metrics, in the order of methods
    embedding_values pg_catalog.float8[]; -- every column's, in the order of embedding_methods
    fit_numbers pg_catalog.float8[];     -- a column's
    ne int;
    ref_dims int;                        -- an embedding column's vector lengths
    cur_dims int;
    metric_p pg_catalog.float8[];        -- a column's metrics' p-values
    tested pg_catalog.text[];            -- each column's test, its statistic and p-value
    statistics pg_catalog.float8[];
    p_values pg_catalog.float8[];
    adjusted pg_catalog.float8[];
    decided_by pg_catalog.text;          -- the method that decides drifted for a column
    nm int;
BEGIN
    SELECT pg_catalog.quote_ident(n.nspname) INTO ext
    FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'kl_divergence';

    -- 1. The arguments.
    EXECUTE pg_catalog.format('SELECT pg_catalog.array_append(pg_catalog.array_agg(m.method ORDER BY m.ord), ''auto'') '
                              'FROM %s.drift_report_metrics($1, $2, $2, $3, true, $3) WITH ORDINALITY AS m(method, value, p_value, ord)',
                              ext)
        INTO methods USING ext, '{1,1}'::pg_catalog.float8[], 0::pg_catalog.float8;
    nm := pg_catalog.cardinality(methods) - 1;
    EXECUTE pg_catalog.format('SELECT pg_catalog.array_agg(m.method ORDER BY m.ord) '
                              'FROM %s.drift_report_embedding_metrics($1, NULL, NULL) WITH ORDINALITY AS m(method, value, ord)',
                              ext)
        INTO embedding_methods USING ext;
    ne := pg_catalog.cardinality(embedding_methods);
    EXECUTE pg_catalog.format('SELECT %1$s.drift_report_check($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, '
                              '$13, $14, $15, %1$s.quantile_edges_max_bins())', ext)
        USING reference_query, current_query, nbins, method, threshold, epsilon, max_categories,
              alpha, correction, min_effect, embedding_method, embedding_threshold, embedding_covariance,
              methods, embedding_methods;

    -- 2. The plan: the queries' texts and their columns.
    EXECUTE pg_catalog.format('SELECT %1$s.drift_report_query($1, $3), %1$s.drift_report_query($2, $4)', ext)
        INTO ref_sql, cur_sql
        USING reference_query, current_query, 'reference_query'::pg_catalog.text, 'current_query'::pg_catalog.text;
    EXECUTE pg_catalog.format('SELECT pg_catalog.array_agg(p.name), pg_catalog.array_agg(p.kind) '
                              'FROM %s.drift_report_plan($1, $2, $3) p', ext)
        INTO names, kinds USING ext, ref_sql, cur_sql;
    ncol := pg_catalog.cardinality(names);

    -- 3. The reads: the reference (edges, counts, fits), the current query
    -- (counts, histograms, fits), the reference again for its histograms
    -- if there is a numeric column.
    edge_start := pg_catalog.array_fill(0, ARRAY[ncol]);
    edge_count := pg_catalog.array_fill(0, ARRAY[ncol]);
    hist_start := pg_catalog.array_fill(0, ARRAY[ncol]);
    hist_count := pg_catalog.array_fill(0, ARRAY[ncol]);
    FOR pass IN 1 .. 3 LOOP
        CONTINUE WHEN pass = 3 AND NOT ('numeric' = ANY (kinds));
        EXECUTE pg_catalog.format('SELECT %s.drift_report_read_sql($1, $2, $3, $4, $5, $6, $7, $8)', ext)
            INTO read_sql
            USING ext, CASE pass WHEN 2 THEN cur_sql ELSE ref_sql END, names, kinds, pass, edge_start, edge_count,
                  embedding_covariance;
        -- Parsed again right before it runs: an earlier read may have changed
        -- how text is lexed (standard_conforming_strings), and what runs must
        -- still be one SELECT. Nothing of the caller's runs in between.
        EXECUTE pg_catalog.format('SELECT %s.drift_report_statement($1, $2)', ext)
            INTO read_sql
            USING read_sql, (CASE pass WHEN 2 THEN 'current_query' ELSE 'reference_query' END)::pg_catalog.text;
        EXECUTE read_sql
            INTO total, nonnull, maps, lengths, numbers, fits
            USING ref_edges, nbins;
        IF pass = 1 THEN
            ref_total := total;
            ref_nonnull := nonnull;
            ref_maps := maps;
            ref_fits := fits;
            ref_edges := coalesce(numbers, '{}');
            FOR i IN 1 .. ncol LOOP
                CONTINUE WHEN lengths[i] = 0;
                edge_start[i] := edges_seen + 1;
                edge_count[i] := lengths[i];
                edges_seen := edges_seen + lengths[i];
                hist_start[i] := hist_length + 1;
                hist_count[i] := lengths[i] + 1;
                hist_length := hist_length + lengths[i] + 1;
            END LOOP;
        ELSIF pass = 2 THEN
            cur_total := total;
            cur_nonnull := nonnull;
            cur_maps := maps;
            cur_fits := fits;
            cur_hists := coalesce(numbers, '{}');
        ELSE
            ref_hists := numbers;
        END IF;

        CONTINUE WHEN pass > 1;
        IF ref_total = 0 THEN
            RAISE EXCEPTION 'reference_query returned no rows'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'A drift report compares the current data with reference data, which must not be empty.';
        END IF;
        FOR i IN 1 .. ncol LOOP
            IF ref_nonnull[i] = 0 OR (kinds[i] = 'numeric' AND edge_count[i] = 0) THEN
                RAISE EXCEPTION 'column "%" has no reference values', names[i]
                    USING ERRCODE = 'invalid_parameter_value',
                          DETAIL = CASE WHEN kinds[i] = 'numeric'
                              THEN 'No row of reference_query has a finite value in it.'
                              ELSE 'No row of reference_query has a non-NULL value in it.' END,
                          HINT = 'Leave the column out of both queries, or choose a reference window where it is filled.';
            END IF;
        END LOOP;
    END LOOP;

    -- 4. The categorical columns' bins, after the numeric ones'.
    cat_names := pg_catalog.array_fill(NULL::pg_catalog.text, ARRAY[hist_length]);
    FOR i IN 1 .. ncol LOOP
        CONTINUE WHEN kinds[i] <> 'categorical';
        EXECUTE pg_catalog.format('SELECT f.categories, f.reference_histogram, f.current_histogram '
                                  'FROM %s.drift_report_fold($1, $2, $3, $4, $5) f', ext)
            INTO folded, ref_counts, cur_counts
            USING ref_maps[i], coalesce(cur_maps[i], '{}'::pg_catalog.jsonb), ref_nonnull[i]::pg_catalog.float8,
                  cur_nonnull[i]::pg_catalog.float8, max_categories;
        hist_start[i] := hist_length + 1;
        hist_count[i] := pg_catalog.cardinality(folded);
        hist_length := hist_length + hist_count[i];
        cat_names := pg_catalog.array_cat(cat_names, folded);
        ref_hists := pg_catalog.array_cat(ref_hists, ref_counts);
        cur_hists := pg_catalog.array_cat(cur_hists, cur_counts);
    END LOOP;

    -- 5. Every column's metrics, and its test: the method if it is one,
    -- else KS for numeric and chi-squared for categorical columns; an
    -- embedding column's distances between fits (it has no test).
    metric_values := pg_catalog.array_fill(NULL::pg_catalog.float8, ARRAY[ncol * nm]);
    embedding_values := pg_catalog.array_fill(NULL::pg_catalog.float8, ARRAY[ncol * ne]);
    tested := pg_catalog.array_fill(NULL::pg_catalog.text, ARRAY[ncol]);
    statistics := pg_catalog.array_fill(NULL::pg_catalog.float8, ARRAY[ncol]);
    p_values := pg_catalog.array_fill(NULL::pg_catalog.float8, ARRAY[ncol]);
    FOR i IN 1 .. ncol LOOP
        CONTINUE WHEN kinds[i] <> 'embedding' OR cur_nonnull[i] = 0;
        EXECUTE pg_catalog.format('SELECT pg_catalog.cardinality(($1::%1$s.gaussian).mean), '
                                  'pg_catalog.cardinality(($2::%1$s.gaussian).mean)', ext)
            INTO ref_dims, cur_dims USING ref_fits[i], cur_fits[i];
        IF ref_dims <> cur_dims THEN
            RAISE EXCEPTION 'column "%" has % dimensions in reference_query but % in current_query',
                    names[i], ref_dims, cur_dims
                USING ERRCODE = 'array_subscript_error',
                      DETAIL = 'An embedding column is compared as vectors of one length on both sides.';
        END IF;
        EXECUTE pg_catalog.format('SELECT pg_catalog.array_agg(m.value ORDER BY m.ord) '
                                  'FROM %1$s.drift_report_embedding_metrics($1, $2::%1$s.gaussian, $3::%1$s.gaussian) '
                                  'WITH ORDINALITY AS m(method, value, ord)', ext)
            INTO numbers USING ext, cur_fits[i], ref_fits[i];
        FOR j IN 1 .. ne LOOP
            embedding_values[(i - 1) * ne + j] := numbers[j];
        END LOOP;
    END LOOP;
    FOR i IN 1 .. ncol LOOP
        CONTINUE WHEN kinds[i] = 'embedding';
        tested[i] := CASE WHEN method = ANY (tests) AND NOT (method = 'ks' AND kinds[i] = 'categorical') THEN method
                          WHEN kinds[i] = 'numeric' THEN 'ks' ELSE 'chi2' END;
        CONTINUE WHEN cur_nonnull[i] = 0;   -- no current values: nothing to compare
        EXECUTE pg_catalog.format('SELECT pg_catalog.array_agg(m.value ORDER BY m.ord), pg_catalog.array_agg(m.p_value ORDER BY m.ord) '
                                  'FROM %s.drift_report_metrics($1, $2, $3, $4, $5, $6) WITH ORDINALITY AS m(method, value, p_value, ord)',
                                  ext)
            INTO numbers, metric_p
            USING ext, cur_hists[hist_start[i] : hist_start[i] + hist_count[i] - 1],
                  ref_hists[hist_start[i] : hist_start[i] + hist_count[i] - 1],
                  epsilon, kinds[i] = 'numeric', min_effect;
        FOR j IN 1 .. nm LOOP
            metric_values[(i - 1) * nm + j] := numbers[j];
        END LOOP;
        statistics[i] := numbers[pg_catalog.array_position(methods, tested[i])];
        p_values[i] := metric_p[pg_catalog.array_position(methods, tested[i])];
    END LOOP;
    EXECUTE pg_catalog.format('SELECT %s.p_adjust($1, $2)', ext) INTO adjusted USING p_values, correction;

    -- 6. One report row per column: its bins, its metrics and the verdict,
    -- by p-value for a test (auto: up to 1,000 reference rows), else by
    -- the method's value against the threshold (for an embedding,
    -- embedding_method's against embedding_threshold).
    FOR i IN 1 .. ncol LOOP
        column_name := names[i];
        kind := kinds[i];
        reference_rows := ref_total;
        current_rows := cur_total;
        reference_null_share := 1::pg_catalog.float8 - ref_nonnull[i]::pg_catalog.float8 / ref_total::pg_catalog.float8;
        current_null_share := CASE WHEN cur_total > 0
            THEN 1::pg_catalog.float8 - cur_nonnull[i]::pg_catalog.float8 / cur_total::pg_catalog.float8 END;
        edges := CASE WHEN kinds[i] = 'numeric' THEN ref_edges[edge_start[i] : edge_start[i] + edge_count[i] - 1] END;
        categories := CASE WHEN kinds[i] = 'categorical'
                           THEN cat_names[hist_start[i] : hist_start[i] + hist_count[i] - 1] END;
        reference_histogram := CASE WHEN kinds[i] <> 'embedding'
                                    THEN ref_hists[hist_start[i] : hist_start[i] + hist_count[i] - 1] END;
        current_histogram := CASE WHEN kinds[i] <> 'embedding'
                                  THEN cur_hists[hist_start[i] : hist_start[i] + hist_count[i] - 1] END;
        numbers := metric_values[(i - 1) * nm + 1 : i * nm];
        psi := numbers[pg_catalog.array_position(methods, 'psi')];
        js_distance := numbers[pg_catalog.array_position(methods, 'js_distance')];
        kl_div := numbers[pg_catalog.array_position(methods, 'kl_div')];
        smoothing := CASE WHEN kinds[i] <> 'embedding' THEN epsilon END;
        tv_distance := numbers[pg_catalog.array_position(methods, 'tv_distance')];
        hellinger := numbers[pg_catalog.array_position(methods, 'hellinger')];
        wasserstein := numbers[pg_catalog.array_position(methods, 'wasserstein')];
        test := tested[i];
        statistic := statistics[i];
        p_value := p_values[i];
        p_adjusted := adjusted[i];
        fit_numbers := embedding_values[(i - 1) * ne + 1 : i * ne];
        gaussian_kl := fit_numbers[pg_catalog.array_position(embedding_methods, 'gaussian_kl')];
        frechet_distance := fit_numbers[pg_catalog.array_position(embedding_methods, 'frechet_distance')];
        mean_cosine_distance := fit_numbers[pg_catalog.array_position(embedding_methods, 'mean_cosine_distance')];
        IF kinds[i] = 'embedding' THEN
            drift_method := embedding_method;
            drift_threshold := embedding_threshold;
            drifted := fit_numbers[pg_catalog.array_position(embedding_methods, embedding_method)]
                       > embedding_threshold;
        ELSE
            decided_by := CASE WHEN method = 'auto' THEN
                                   CASE WHEN ref_total <= 1000 THEN tested[i]
                                        WHEN kinds[i] = 'numeric' THEN 'wasserstein' ELSE 'js_distance' END
                               WHEN method = ANY (tests) THEN tested[i]
                               ELSE method END;
            drift_method := decided_by;
            IF decided_by = ANY (tests) THEN
                drift_threshold := alpha;
                drifted := p_adjusted < alpha;
            ELSE
                drift_threshold := threshold;
                drifted := numbers[pg_catalog.array_position(methods, decided_by)] > threshold;
            END IF;
        END IF;
        RETURN NEXT;
    END LOOP;
END
$function$;

COMMENT ON FUNCTION drift_report(text, text, int, text, float8, float8, int, float8, text, float8, text, float8, text) IS
'Drift of every column between a reference query and a current query: histograms on the reference''s quantile bins (numeric) or categories, psi, js_distance, kl_div, tv_distance, hellinger, wasserstein, a test (chi2, g_test, ks or psi_test) with its p-value corrected across the columns; for embedding columns (real[], float8[], vector) the Gaussian KL, Frechet and mean cosine distances between fits; and a drifted flag (by p-value for tests, by threshold for distances)';
