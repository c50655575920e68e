-- kl_divergence 0.2.0 -> 0.3.0: drift reports and cohort comparison.
\echo Use "ALTER EXTENSION kl_divergence UPDATE TO '0.3.0'" to load this file. \quit

-- ---------------------------------------------------------------------------
-- Categorical distributions: the divergences over jsonb category maps, and
-- category_counts() to build them.
-- ---------------------------------------------------------------------------

-- ---------------------------------------------------------------------------
-- Reference binning: quantile_edges() and rebin().
-- ---------------------------------------------------------------------------

-- rebin(h, edges, new_edges): a histogram laid out as histogram(value, edges)
-- returns it, moved onto other edges (rules in src/core/rebin.c).
CREATE FUNCTION rebin(h float8[], edges float8[], new_edges float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'rebin_float8arr'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION rebin(float8[], float8[], float8[]) IS
'Moves h, laid out as histogram(value, edges) returns it (underflow, inner bins, overflow), onto new_edges: inner bins spread uniformly and split by overlap, the underflow as a point just below the first edge, the overflow at the last edge, a zero-width bin at its edge; total mass preserved';

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

CREATE FUNCTION sparkline(h float8[])
RETURNS text
AS 'MODULE_PATHNAME', 'sparkline_float8arr'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION sparkline(float8[]) IS
'One character per bin of h, level ceil(8 w / max w) as one of the blocks U+2581..U+2588, a space for an empty bin; in a database encoding other than UTF8 the digits 1..8, and 0 for an empty bin';

-- ---------------------------------------------------------------------------
-- The drift report.
-- ---------------------------------------------------------------------------
