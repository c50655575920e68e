-- kl_divergence 0.2.0 -> 0.3.0: drift reports and cohort comparison.
\echo Use "ALTER EXTENSION kl_divergence UPDATE TO '0.3.0'" to load this file. \quit

-- ---------------------------------------------------------------------------
-- Categorical distributions: the divergences over jsonb category maps, and
-- category_counts() to build them.
-- ---------------------------------------------------------------------------

-- ---------------------------------------------------------------------------
-- Reference binning: quantile_edges() and rebin().
-- ---------------------------------------------------------------------------

-- ---------------------------------------------------------------------------
-- Per-bin views for psql: kl_div_terms(), compare_histograms(), sparkline().
-- ---------------------------------------------------------------------------

-- ---------------------------------------------------------------------------
-- The drift report.
-- ---------------------------------------------------------------------------
