-- kl_divergence 0.1.0 -> 0.2.0: aggregates that build and merge histograms.
\echo Use "ALTER EXTENSION kl_divergence UPDATE TO '0.2.0'" to load this file. \quit

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
