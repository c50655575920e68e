-- kl_divergence 0.1.0: divergences and distances between histograms.
\echo Use "CREATE EXTENSION kl_divergence" to load this file. \quit

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

CREATE FUNCTION kl_div_normal(mu1 float8, sigma1 float8, mu2 float8, sigma2 float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'kl_div_normal'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION kl_div_normal(float8, float8, float8, float8) IS
'Closed-form KL(N(mu1, sigma1^2) || N(mu2, sigma2^2)) in nats; sigmas must be finite and > 0';
