-- kl_divergence 0.2.0 -> 0.3.0: drift reports and cohort comparison.
\echo Use "ALTER EXTENSION kl_divergence UPDATE TO '0.3.0'" to load this file. \quit

-- ---------------------------------------------------------------------------
-- Categorical distributions: the divergences over jsonb category maps, and
-- category_counts() to build them.
-- ---------------------------------------------------------------------------

-- The divergences over jsonb category maps {"category": weight, ...}: the
-- same functions as over float8[], the two maps aligned on the union of
-- their keys. Not wasserstein and ks_distance, which need ordered bins.
-- Untyped string literals now match both forms: write '{1,2}'::float8[] or
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

-- ---------------------------------------------------------------------------
-- Reference binning: quantile_edges() and rebin().
-- ---------------------------------------------------------------------------

-- ---------------------------------------------------------------------------
-- Per-bin views for psql: kl_div_terms(), compare_histograms(), sparkline().
-- ---------------------------------------------------------------------------

-- ---------------------------------------------------------------------------
-- The drift report.
-- ---------------------------------------------------------------------------
