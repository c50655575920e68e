-- kl_divergence 0.2.0 -> 0.3.0: drift reports and cohort comparison.
\echo Use "ALTER EXTENSION kl_divergence UPDATE TO '0.3.0'" to load this file. \quit

-- ---------------------------------------------------------------------------
-- Categorical distributions: the divergences over jsonb category maps, and
-- category_counts() to build them.
-- ---------------------------------------------------------------------------

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

-- ---------------------------------------------------------------------------
-- Per-bin views for psql: kl_div_terms(), compare_histograms(), sparkline().
-- ---------------------------------------------------------------------------

-- ---------------------------------------------------------------------------
-- The drift report.
-- ---------------------------------------------------------------------------
