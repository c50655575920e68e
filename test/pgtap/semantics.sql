-- semantics.sql: what the functions return on chosen inputs (NULLs,
-- Infinity, zero bins, smoothing, counts, extreme weights), against values
-- worked out by hand, and every error with its SQLSTATE and message.
\unset ECHO
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off
\set ON_ERROR_ROLLBACK 1
\set ON_ERROR_STOP true

BEGIN;
SELECT plan(350);

-- a ~ b within the spec's accuracy target (1e-12 relative + 1e-15), or both
-- the same infinity. NaN is never close (PostgreSQL's NaN = NaN is true).
CREATE FUNCTION pg_temp.close(a float8, b float8)
RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
	SELECT a <> 'NaN' AND b <> 'NaN'
		AND (a = b OR abs(a - b) <= 1e-12 * greatest(abs(a), abs(b)) + 1e-15)
$$;

-- is() with that tolerance, showing both values on failure.
CREATE FUNCTION pg_temp.is_close(have float8, want float8, description text)
RETURNS text LANGUAGE sql AS $$
	SELECT CASE WHEN pg_temp.close(have, want) THEN ok(true, description)
				ELSE ok(false, description)
					 || E'\n' || diag(format('        have: %s', have))
					 || E'\n' || diag(format('        want: %s', want)) END
$$;

-- pg_temp.f(name, p, q): each function by name.
\ir functions_by_name.psql

CREATE TEMP TABLE pair_function (fn text, ord int);
INSERT INTO pair_function
SELECT fn, ord FROM unnest(ARRAY['cross_entropy', 'kl_div', 'jsd', 'js_distance', 'tv_distance',
								 'hellinger', 'linf_distance', 'psi', 'chi2_div', 'wasserstein',
								 'ks_distance']) WITH ORDINALITY AS u(fn, ord);
-- kl_div_normal aside, the twelve pair functions are these eleven plus
-- entropy, which takes one histogram.

---------------------------------------------------------------------------
-- NULL handling.

SELECT ok(entropy(NULL::float8[]) IS NULL AND entropy(NULL::float8[], 2) IS NULL AND entropy(NULL::float8[], NULL) IS NULL,
		  'entropy: NULL p gives NULL');

SELECT ok(pg_temp.f(fn, NULL, '{1,2}'::float8[]) IS NULL AND pg_temp.f(fn, '{1,2}'::float8[], NULL) IS NULL
		  AND pg_temp.f(fn, NULL, NULL) IS NULL,
		  format('%s: NULL p or q gives NULL', fn))
FROM pair_function ORDER BY ord;

SELECT ok(cross_entropy(NULL::float8[], '{1,2}'::float8[], 2) IS NULL AND kl_div('{1,2}'::float8[], NULL, 2, 0.1) IS NULL
		  AND jsd(NULL, '{1,2}'::float8[], NULL) IS NULL AND js_distance('{1,2}'::float8[], NULL, 2) IS NULL
		  AND psi(NULL, '{1,2}'::float8[], 0.1) IS NULL AND chi2_div('{1,2}'::float8[], NULL, 0.1) IS NULL,
		  'NULL histogram gives NULL with base and epsilon given too');

-- As for the STRICT functions, a NULL histogram wins over a bad base.
SELECT ok(entropy(NULL::float8[], 1) IS NULL AND kl_div(NULL, '{1,2}'::float8[], -1) IS NULL
		  AND jsd('{1,2}'::float8[], NULL, 0) IS NULL,
		  'NULL histogram gives NULL even with an invalid base');

SELECT ok(kl_div('{1,2}'::float8[], '{2,1}'::float8[], NULL, NULL) IS NULL AND kl_div('{1,2}'::float8[], '{2,1}'::float8[], 2, NULL) IS NULL
		  AND psi('{1,2}'::float8[], '{2,1}'::float8[], NULL) IS NULL AND chi2_div('{1,2}'::float8[], '{2,1}'::float8[], NULL) IS NULL,
		  'NULL epsilon gives NULL (kl_div, psi, chi2_div)');

SELECT ok(kl_div_normal(NULL, 1, 0, 1) IS NULL AND kl_div_normal(0, NULL, 0, 1) IS NULL
		  AND kl_div_normal(0, 1, NULL, 1) IS NULL AND kl_div_normal(0, 1, 0, NULL) IS NULL,
		  'kl_div_normal: any NULL argument gives NULL');

SELECT pg_temp.is_close(entropy('{1,1}'::float8[], NULL), ln(2), 'entropy: base NULL is natural log');
SELECT pg_temp.is_close(cross_entropy('{1,1}'::float8[], '{1,3}'::float8[], NULL), -(0.5 * ln(0.25) + 0.5 * ln(0.75)),
						'cross_entropy: base NULL is natural log');
SELECT pg_temp.is_close(kl_div('{1,0}'::float8[], '{1,1}'::float8[], NULL), ln(2), 'kl_div: base NULL is natural log');
SELECT pg_temp.is_close(jsd('{1,0}'::float8[], '{0,1}'::float8[], NULL), ln(2), 'jsd: base NULL is natural log');
SELECT pg_temp.is_close(js_distance('{1,0}'::float8[], '{0,1}'::float8[], NULL), sqrt(ln(2)),
						'js_distance: base NULL is natural log');

---------------------------------------------------------------------------
-- Values worked out by hand.

SELECT pg_temp.is_close(entropy('{1,1,1,1}'::float8[]), ln(4), 'entropy of 4 equal bins = ln 4');
SELECT pg_temp.is_close(entropy('{1,1,1,1}'::float8[], 2), 2, 'entropy of 4 equal bins = 2 bits');
SELECT pg_temp.is_close(entropy('{1,3}'::float8[]), -(0.25 * ln(0.25) + 0.75 * ln(0.75)), 'entropy of (1/4, 3/4)');
SELECT pg_temp.is_close(cross_entropy('{1,1}'::float8[], '{1,3}'::float8[], 2), 1 + 0.5 * log(2, 4.0 / 3),
						'cross_entropy((1/2,1/2), (1/4,3/4)) in bits');
SELECT pg_temp.is_close(kl_div('{1,3}'::float8[], '{1,1}'::float8[]), 0.25 * ln(0.5) + 0.75 * ln(1.5),
						'kl_div((1/4,3/4) || (1/2,1/2))');
SELECT pg_temp.is_close(jsd('{1,0}'::float8[], '{1,1}'::float8[]), 0.75 * ln(4.0 / 3), 'jsd((1,0), (1/2,1/2)) = 3/4 ln(4/3)');
SELECT pg_temp.is_close(tv_distance('{1,0}'::float8[], '{1,1}'::float8[]), 0.5, 'tv_distance((1,0), (1/2,1/2)) = 1/2');
SELECT pg_temp.is_close(hellinger('{1,0}'::float8[], '{1,1}'::float8[]), sqrt(1 - sqrt(0.5)),
						'hellinger((1,0), (1/2,1/2)) = sqrt(1 - sqrt(1/2))');
SELECT pg_temp.is_close(linf_distance('{1,0,3}'::float8[], '{1,1,2}'::float8[]), 0.25, 'linf_distance((1/4,0,3/4), (1/4,1/4,1/2)) = 1/4');
SELECT pg_temp.is_close(psi('{1,3}'::float8[], '{1,1}'::float8[]), (0.25 - 0.5) * ln(0.5) + (0.75 - 0.5) * ln(1.5),
						'psi((1/4,3/4), (1/2,1/2))');
SELECT pg_temp.is_close(chi2_div('{1,0}'::float8[], '{1,1}'::float8[]), 1, 'chi2_div((1,0), (1/2,1/2)) = 1');
SELECT pg_temp.is_close(wasserstein('{0.5,0.5,0}'::float8[], '{0,0.5,0.5}'::float8[]), 1, 'wasserstein: shifting all mass one bin = 1');
SELECT pg_temp.is_close(wasserstein('{1,0,0}'::float8[], '{0,0,1}'::float8[]), 2, 'wasserstein: moving all mass two bins = 2');
SELECT pg_temp.is_close(ks_distance('{1,1,0,0}'::float8[], '{0,0,1,1}'::float8[]), 1, 'ks_distance of disjoint ordered supports = 1');
SELECT pg_temp.is_close(ks_distance('{2,1,1}'::float8[], '{1,1,2}'::float8[]), 0.25, 'ks_distance((1/2,1/4,1/4), (1/4,1/4,1/2)) = 1/4');

-- Disjoint supports: the bounded ones reach their maxima, finitely.
SELECT ok(pg_temp.close(jsd('{1,0}'::float8[], '{0,1}'::float8[]), ln(2)) AND pg_temp.close(jsd('{1,0}'::float8[], '{0,1}'::float8[], 2), 1)
		  AND pg_temp.close(js_distance('{1,0}'::float8[], '{0,1}'::float8[], 2), 1)
		  AND pg_temp.close(tv_distance('{1,0}'::float8[], '{0,1}'::float8[]), 1) AND pg_temp.close(hellinger('{1,0}'::float8[], '{0,1}'::float8[]), 1)
		  AND pg_temp.close(linf_distance('{1,0}'::float8[], '{0,1}'::float8[]), 1) AND pg_temp.close(ks_distance('{1,0}'::float8[], '{0,1}'::float8[]), 1),
		  'disjoint supports: jsd = ln 2 (1 bit), js_distance 1 bit, tv = hellinger = linf = ks = 1');

-- Two nearly equal distributions: P = (1/2, 1/2) and Q = (1/2 + d, 1/2 - d)
-- from the weights (1 + 2d, 1 - 2d), which are exact in binary and sum to
-- exactly 2; d = 4503599627 * 2^-53, about 5e-7, has many significant bits.
-- Series, exact to far below 1e-12 relative:
--   KL(P||Q) = -ln(1 - 4d^2)/2 = 2d^2 + 4d^4 + ...,  psi = 2 KL(P||Q),
--   chi2 = 4d^2 / (1 - 4d^2) = 4d^2 + 16d^4 + ...,  JSD = d^2/2 + 7d^4/12 + ...,
--   hellinger^2 = 1 - (sqrt(1 + 2d) + sqrt(1 - 2d))/2 = d^2/2 + 5d^4/8 + ...
CREATE TEMP TABLE near AS
SELECT '{1,1}'::float8[] AS p, ARRAY[1 + 2 * d, 1 - 2 * d] AS q, d
FROM (SELECT 4503599627 * 2^(-53) AS d) AS c;

SELECT pg_temp.is_close(kl_div(p, q), 2 * d^2 + 4 * d^4, 'kl_div of nearly equal distributions') FROM near;
SELECT pg_temp.is_close(psi(p, q), 4 * d^2 + 8 * d^4, 'psi of nearly equal distributions') FROM near;
SELECT pg_temp.is_close(chi2_div(p, q), 4 * d^2 + 16 * d^4, 'chi2_div of nearly equal distributions') FROM near;
SELECT pg_temp.is_close(jsd(p, q), d^2 / 2 + 7 * d^4 / 12, 'jsd of nearly equal distributions') FROM near;
SELECT pg_temp.is_close(js_distance(p, q), sqrt(d^2 / 2 + 7 * d^4 / 12),
						'js_distance of nearly equal distributions: sqrt(d^2/2 + 7d^4/12)') FROM near;
SELECT pg_temp.is_close(hellinger(p, q), sqrt(d^2 / 2 + 5 * d^4 / 8),
						'hellinger of nearly equal distributions: sqrt(d^2/2 + 5d^4/8)') FROM near;
SELECT pg_temp.is_close(tv_distance(p, q), d, 'tv_distance of nearly equal distributions = d') FROM near;

-- A single bin is the same distribution whatever its weight.
SELECT is((SELECT count(*) FROM pair_function WHERE NOT pg_temp.close(pg_temp.f(fn, '{3}'::float8[], '{5}'::float8[]), 0))
		  + (NOT pg_temp.close(entropy('{7}'::float8[]), 0))::int,
		  0::bigint, 'single bin: every function is 0');

---------------------------------------------------------------------------
-- Infinity, and never NaN.

SELECT is(kl_div('{1,1}'::float8[], '{1,0}'::float8[]), 'Infinity'::float8, 'kl_div: p > 0 = q gives Infinity');
SELECT is(kl_div('{1,1}'::float8[], '{1,0}'::float8[], 2), 'Infinity'::float8, 'kl_div: Infinity in bits too');
SELECT is(cross_entropy('{1,1}'::float8[], '{1,0}'::float8[]), 'Infinity'::float8, 'cross_entropy: p > 0 = q gives Infinity');
SELECT is(psi('{1,1}'::float8[], '{1,0}'::float8[]), 'Infinity'::float8, 'psi: p > 0 = q gives Infinity');
SELECT is(psi('{1,0}'::float8[], '{1,1}'::float8[]), 'Infinity'::float8, 'psi: p = 0 < q gives Infinity');
SELECT is(chi2_div('{1,1}'::float8[], '{1,0}'::float8[]), 'Infinity'::float8, 'chi2_div: p > 0 = q gives Infinity');
-- nats / ln(b) with ln(b) < 0 is negative, Infinity included.
SELECT is(kl_div('{1,1}'::float8[], '{1,0}'::float8[], 0.5), '-Infinity'::float8,
		  'kl_div in base 1/2 = -(bits), so -Infinity where KL is Infinity');
SELECT pg_temp.is_close(kl_div('{1,0}'::float8[], '{1,1}'::float8[], 0.5), -1, 'kl_div in base 1/2 = -(bits) when finite');

SELECT ok(pg_temp.close(kl_div('{1,0}'::float8[], '{1,1}'::float8[]), ln(2)) AND pg_temp.close(cross_entropy('{1,0}'::float8[], '{1,1}'::float8[]), ln(2))
		  AND pg_temp.close(chi2_div('{1,0}'::float8[], '{1,1}'::float8[]), 1),
		  'p = 0 < q is finite for kl_div, cross_entropy and chi2_div');

SELECT ok(pg_temp.close(kl_div('{1,0}'::float8[], '{1,0}'::float8[]), 0) AND pg_temp.close(psi('{1,0}'::float8[], '{1,0}'::float8[]), 0)
		  AND pg_temp.close(chi2_div('{1,0}'::float8[], '{1,0}'::float8[]), 0) AND pg_temp.close(cross_entropy('{1,0}'::float8[], '{1,0}'::float8[]), 0),
		  'p = q = 0 bins are skipped: kl_div, psi, chi2_div, cross_entropy of ((1,0), (1,0)) = 0');

SELECT ok(kl_div('{1,1}'::float8[], '{1,0}'::float8[], NULL, 1e-9) < 'Infinity' AND psi('{1,0}'::float8[], '{1,1}'::float8[], 1e-9) < 'Infinity'
		  AND chi2_div('{1,1}'::float8[], '{1,0}'::float8[], 1e-9) < 'Infinity',
		  'epsilon > 0 makes kl_div, psi and chi2_div finite');

-- Edge pairs: zeros, disjoint supports, huge, tiny and denormal weights.
CREATE TEMP TABLE edge (p float8[], q float8[]);
INSERT INTO edge VALUES
('{1,0}'::float8[], '{0,1}'::float8[]), ('{1,0}'::float8[], '{1,0}'::float8[]), ('{0,1}'::float8[], '{1,1}'::float8[]), ('{1}'::float8[], '{1}'::float8[]),
('{0,0,1}'::float8[], '{1,0,0}'::float8[]), ('{1e308,1e308}'::float8[], '{1,0}'::float8[]), ('{5e-324,0}'::float8[], '{0,5e-324}'::float8[]),
('{5e-324,1}'::float8[], '{1,5e-324}'::float8[]), ('{1e-300,1}'::float8[], '{1,1e-300}'::float8[]),
('{1.7976931348623157e308,5e-324}'::float8[], '{5e-324,1.7976931348623157e308}'::float8[]),
('{1.7976931348623157e308,1.7976931348623157e308}'::float8[], '{1,1}'::float8[]),
('{1e-320,1e-320,0}'::float8[], '{0,1e-320,1e-320}'::float8[]), ('{1,1e-17}'::float8[], '{1,0}'::float8[]), ('{1,0}'::float8[], '{1,1e-17}'::float8[]);

SELECT is((SELECT count(*) FROM edge, pair_function
		   WHERE pg_temp.f(fn, p, q) = 'NaN' OR pg_temp.f(fn, q, p) = 'NaN'
			  OR entropy(p) = 'NaN' OR entropy(p, 2) = 'NaN'
			  OR kl_div(p, q, 2) = 'NaN' OR jsd(p, q, 2) = 'NaN' OR js_distance(p, q, 2) = 'NaN'
			  OR cross_entropy(p, q, 0.5) = 'NaN' OR kl_div(p, q, 0.5) = 'NaN'
			  OR kl_div(p, q, NULL, 1e-300) = 'NaN' OR kl_div(p, q, NULL, 1e300) = 'NaN'
			  OR psi(p, q, 1e-300) = 'NaN' OR psi(p, q, 1e300) = 'NaN'
			  OR chi2_div(p, q, 1e-300) = 'NaN' OR chi2_div(p, q, 1e300) = 'NaN'),
		  0::bigint, 'never NaN on edge pairs (zeros, disjoint, huge, tiny, denormal; bases; epsilons)');

---------------------------------------------------------------------------
-- Bins with p = 0 contribute 0.

SELECT pg_temp.is_close(entropy('{1,1,0}'::float8[]), ln(2), 'entropy: a zero bin contributes 0');
SELECT pg_temp.is_close(kl_div('{1,1,0}'::float8[], '{1,1,1}'::float8[]), ln(1.5), 'kl_div: a p = 0 bin contributes 0');
SELECT pg_temp.is_close(cross_entropy('{1,1,0}'::float8[], '{1,1,2}'::float8[]), ln(4), 'cross_entropy: a p = 0 bin contributes 0');

SELECT is((SELECT count(*) FROM pair_function, (VALUES ('{1,2,3}'::float8[], '{3,1,1}'::float8[]),
																('{0,1,4}'::float8[], '{1,0,4}'::float8[]), ('{1,0}'::float8[], '{0,1}'::float8[])) AS c(p, q)
		   WHERE NOT pg_temp.close(pg_temp.f(fn, p || 0::float8, q || 0::float8), pg_temp.f(fn, p, q))
			  OR NOT pg_temp.close(pg_temp.f(fn, 0::float8 || p, 0::float8 || q), pg_temp.f(fn, p, q))),
		  0::bigint, 'a bin that is 0 in both p and q changes nothing, appended or prepended');

---------------------------------------------------------------------------
-- Smoothing: p'_i = (p_i + eps) / (1 + n eps) on the NORMALIZED inputs.
-- (1,0) and (0,1), eps = 0.1: P' = (11/12, 1/12), Q' = (1/12, 11/12).
SELECT pg_temp.is_close(kl_div('{1,0}'::float8[], '{0,1}'::float8[], NULL, 0.1), 5.0 / 6 * ln(11), 'kl_div, epsilon 0.1: (5/6) ln 11');
SELECT pg_temp.is_close(kl_div('{1,0}'::float8[], '{0,1}'::float8[], 2, 0.1), 5.0 / 6 * log(2, 11), 'kl_div, epsilon 0.1, base 2: (5/6) log2 11');
SELECT pg_temp.is_close(psi('{1,0}'::float8[], '{0,1}'::float8[], 0.1), 5.0 / 3 * ln(11), 'psi, epsilon 0.1: (5/3) ln 11');
SELECT pg_temp.is_close(chi2_div('{1,0}'::float8[], '{0,1}'::float8[], 0.1), 100.0 / 11, 'chi2_div, epsilon 0.1: 100/11');
-- Counts (2,0,2) and (1,1,2), eps = 0.5: normalized (1/2,0,1/2) and
-- (1/4,1/4,1/2), smoothed P' = (0.4,0.2,0.4), Q' = (0.3,0.3,0.4). Smoothing
-- the raw counts instead would give other values.
SELECT pg_temp.is_close(kl_div('{2,0,2}'::float8[], '{1,1,2}'::float8[], NULL, 0.5), 0.4 * ln(4.0 / 3) + 0.2 * ln(2.0 / 3),
						'kl_div smooths the normalized counts, not the counts');
SELECT pg_temp.is_close(psi('{2,0,2}'::float8[], '{1,1,2}'::float8[], 0.5), 0.1 * ln(2), 'psi smooths the normalized counts: 0.1 ln 2');
SELECT pg_temp.is_close(chi2_div('{2,0,2}'::float8[], '{1,1,2}'::float8[], 0.5), 1.0 / 15, 'chi2_div smooths the normalized counts: 1/15');
SELECT ok(kl_div('{1,3}'::float8[], '{2,1}'::float8[], NULL, 0) = kl_div('{1,3}'::float8[], '{2,1}'::float8[]) AND psi('{1,3}'::float8[], '{2,1}'::float8[], 0) = psi('{1,3}'::float8[], '{2,1}'::float8[])
		  AND chi2_div('{1,3}'::float8[], '{2,1}'::float8[], 0) = chi2_div('{1,3}'::float8[], '{2,1}'::float8[]),
		  'epsilon 0 is the default: no smoothing');

---------------------------------------------------------------------------
-- Normalization: counts, probabilities, integer arrays, extreme scales.

SELECT is((SELECT count(*) FROM pair_function
		   WHERE NOT pg_temp.close(pg_temp.f(fn, '{2,6,2}'::float8[], '{5,3,2}'::float8[]), pg_temp.f(fn, '{0.2,0.6,0.2}'::float8[], '{0.5,0.3,0.2}'::float8[]))
			  OR NOT pg_temp.close(pg_temp.f(fn, '{2e6,6e6,2e6}'::float8[], '{5,3,2}'::float8[]), pg_temp.f(fn, '{0.2,0.6,0.2}'::float8[], '{0.5,0.3,0.2}'::float8[]))),
		  0::bigint, 'counts and probabilities give the same results');

SELECT pg_temp.is_close(kl_div(ARRAY[1, 3], ARRAY[1, 1]), 0.25 * ln(0.5) + 0.75 * ln(1.5),
						'integer[] arguments are accepted (implicit cast to float8[])');

-- Sums that overflow float8 are scaled, not an error.
SELECT is((SELECT count(*) FROM pair_function
		   WHERE NOT pg_temp.close(pg_temp.f(fn, '{1e308,1e308,5e307}'::float8[], '{1,2,3}'::float8[]), pg_temp.f(fn, '{2,2,1}'::float8[], '{1,2,3}'::float8[]))
			  OR NOT pg_temp.close(pg_temp.f(fn, '{1,2,3}'::float8[], '{1e308,1e308,5e307}'::float8[]), pg_temp.f(fn, '{1,2,3}'::float8[], '{2,2,1}'::float8[]))),
		  0::bigint, 'weights whose sum overflows float8 give the same results as (2,2,1)');
SELECT pg_temp.is_close(entropy('{1.7976931348623157e308,1.7976931348623157e308,1.7976931348623157e308}'::float8[]), ln(3),
						'entropy of three DBL_MAX weights = ln 3');
-- 5e-324 and 1e-323 are 1 and 2 times the smallest denormal.
SELECT is((SELECT count(*) FROM pair_function
		   WHERE NOT pg_temp.close(pg_temp.f(fn, '{5e-324,1e-323}'::float8[], '{2,3}'::float8[]), pg_temp.f(fn, '{1,2}'::float8[], '{2,3}'::float8[]))
			  OR NOT pg_temp.close(pg_temp.f(fn, '{2,3}'::float8[], '{5e-324,1e-323}'::float8[]), pg_temp.f(fn, '{2,3}'::float8[], '{1,2}'::float8[]))),
		  0::bigint, 'denormal weights (1 and 2 times 2^(-1074)) give the same results as (1,2)');

SELECT ok(kl_div('[0:2]={1,2,3}', '{3,2,1}'::float8[]) = kl_div('{1,2,3}'::float8[], '{3,2,1}'::float8[])
		  AND wasserstein('[5:7]={1,2,3}', '[-1:1]={3,2,1}') = wasserstein('{1,2,3}'::float8[], '{3,2,1}'::float8[])
		  AND entropy('[-3:-1]={1,2,3}'::float8[]) = entropy('{1,2,3}'::float8[]),
		  'array lower bounds do not matter, only the order of the bins');

SELECT ok(pg_temp.close(entropy('{-0,1}'::float8[]), 0) AND pg_temp.close(kl_div('{-0,1}'::float8[], '{1,1}'::float8[]), ln(2)),
		  '-0 is a zero weight, not a negative one');

---------------------------------------------------------------------------
-- Errors of the functions of two histograms, each function in turn.
CREATE TEMP TABLE pair_error (ord int, p text, q text, code char(5), message text);
INSERT INTO pair_error VALUES
(1, '{1,2,3}'::float8[], '{1,2,3,4}'::float8[], '2202E', 'p and q have different lengths 3 and 4'),
(2, '{}'::float8[], '{}'::float8[], '2202E', 'p is empty'),
(3, '{1}'::float8[], '{}'::float8[], '2202E', 'q is empty'),
(4, '{{1,2},{3,4}}', '{1,2,3,4}'::float8[], '2202E', 'p has 2 dimensions'),
(5, '{1,2}'::float8[], '{{{1}},{{2}}}', '2202E', 'q has 3 dimensions'),
(6, '{1,NULL,3}'::float8[], '{1,2,3}'::float8[], '22004', 'p[2] is null'),
(7, '{1,2,3}'::float8[], '{1,2,-0.5}'::float8[], '22023', 'q[3] is negative: -0.5'),
(8, '{1,NaN,3}'::float8[], '{1,2,3}'::float8[], '22023', 'p[2] is NaN'),
(9, '{Infinity,1}'::float8[], '{1,1}'::float8[], '22023', 'p[1] is infinite: Infinity'),
(10, '{1,1}'::float8[], '{-Infinity,1}'::float8[], '22023', 'q[1] is infinite: -Infinity'),
(11, '{0,0}'::float8[], '{1,1}'::float8[], '22023', 'p has no positive weight'),
(12, '{1,1}'::float8[], '{0,-0}'::float8[], '22023', 'q has no positive weight'),
(13, '[0:2]={1,-1,1}', '{1,1,1}'::float8[], '22023', 'p[1] is negative: -1'),
(14, '{1,1,1}'::float8[], '[0:2]={1,1,NULL}', '22004', 'q[2] is null'),
(15, '[-5:-4]={1,NaN}', '{1,1}'::float8[], '22023', 'p[-4] is NaN'),
(16, '{1,1}'::float8[], '[2147483645:2147483646]={1,-1e-300}', '22023', 'q[2147483646] is negative: -1e-300');

SELECT throws_ok(format('SELECT %s(%L::float8[], %L::float8[])', fn, e.p, e.q), e.code, e.message,
				 format('%s(%s, %s) raises %s: %s', fn, e.p, e.q, e.code, e.message))
FROM pair_error e, pair_function ORDER BY e.ord, pair_function.ord;

-- entropy's errors.
SELECT throws_ok(format('SELECT entropy(%L::float8[])', e.p), e.code, e.message,
				 format('entropy(%s) raises %s: %s', e.p, e.code, e.message))
FROM (VALUES (1, '{}'::float8[], '2202E'::char(5), 'p is empty'),
			 (2, '{{1,2},{3,4}}', '2202E', 'p has 2 dimensions'),
			 (3, '{1,NULL}'::float8[], '22004', 'p[2] is null'),
			 (4, '{1,2,-3}'::float8[], '22023', 'p[3] is negative: -3'),
			 (5, '{NaN}'::float8[], '22023', 'p[1] is NaN'),
			 (6, '{1,-Infinity}'::float8[], '22023', 'p[2] is infinite: -Infinity'),
			 (7, '{0,0,0}'::float8[], '22023', 'p has no positive weight'),
			 (8, '[0:2]={1,-1,1}', '22023', 'p[1] is negative: -1')) AS e(ord, p, code, message)
ORDER BY e.ord;

-- Invalid bases, for each function that takes one.
SELECT throws_ok(format('SELECT %s', call), '2201E', 'invalid base: ' || shown,
				 format('%s raises 2201E: invalid base: %s', call, shown))
FROM (VALUES (1, '1'), (2, '0'), (3, '-2'), (4, '-0'), (5, 'NaN'), (6, 'Infinity'), (7, '-Infinity')) AS b(ord, shown),
	 LATERAL (VALUES (1, format('entropy(''{1,2}''::float8[], %L)', shown)),
					 (2, format('cross_entropy(''{1,2}''::float8[], ''{2,1}''::float8[], %L)', shown)),
					 (3, format('kl_div(''{1,2}''::float8[], ''{2,1}''::float8[], %L)', shown)),
					 (4, format('jsd(''{1,2}''::float8[], ''{2,1}''::float8[], %L)', shown)),
					 (5, format('js_distance(''{1,2}''::float8[], ''{2,1}''::float8[], %L)', shown))) AS c(ord, call)
ORDER BY b.ord, c.ord;

-- Invalid epsilons, for each function that takes one.
SELECT throws_ok(format('SELECT %s', call), '22023', 'invalid epsilon: ' || shown,
				 format('%s raises 22023: invalid epsilon: %s', call, shown))
FROM (VALUES (1, '-1'), (2, '-1e-300'), (3, 'NaN'), (4, 'Infinity'), (5, '-Infinity')) AS b(ord, shown),
	 LATERAL (VALUES (1, format('kl_div(''{1,2}''::float8[], ''{2,1}''::float8[], NULL, %L)', shown)),
					 (2, format('psi(''{1,2}''::float8[], ''{2,1}''::float8[], %L)', shown)),
					 (3, format('chi2_div(''{1,2}''::float8[], ''{2,1}''::float8[], %L)', shown))) AS c(ord, call)
ORDER BY b.ord, c.ord;

-- The order of the checks: array shape and NULL elements, then base and
-- epsilon, then lengths, then p's weights, then q's.
SELECT throws_ok($$SELECT kl_div('{1,NULL}'::float8[], '{1,1}'::float8[], 1)$$, '22004', 'p[2] is null',
				 'a NULL element is reported before an invalid base');
SELECT throws_ok($$SELECT entropy('{{1},{1}}'::float8[], 'NaN')$$, '2202E', 'p has 2 dimensions',
				 'a 2-D array is reported before an invalid base');
SELECT throws_ok($$SELECT kl_div('{-1,1}'::float8[], '{1,NULL}'::float8[])$$, '22004', 'q[2] is null',
				 'a NULL element of q is reported before a negative weight of p');
SELECT throws_ok($$SELECT kl_div('{1,1}'::float8[], '{1,1,1}'::float8[], 1)$$, '2201E', 'invalid base: 1',
				 'an invalid base is reported before different lengths');
SELECT throws_ok($$SELECT entropy('{-1,1}'::float8[], 0)$$, '2201E', 'invalid base: 0',
				 'entropy: an invalid base is reported before a negative weight');
SELECT throws_ok($$SELECT psi('{1,1}'::float8[], '{1,1,1}'::float8[], -1)$$, '22023', 'invalid epsilon: -1',
				 'an invalid epsilon is reported before different lengths');
SELECT throws_ok($$SELECT kl_div('{-1,1}'::float8[], '{1,1,1}'::float8[])$$, '2202E', 'p and q have different lengths 2 and 3',
				 'different lengths are reported before a negative weight');
SELECT throws_ok($$SELECT tv_distance('{NaN,1}'::float8[], '{1,1,1}'::float8[])$$, '2202E', 'p and q have different lengths 2 and 3',
				 'tv_distance: different lengths are reported before a NaN weight');
SELECT throws_ok($$SELECT kl_div('{1,-1}'::float8[], '{-1,1}'::float8[])$$, '22023', 'p[2] is negative: -1',
				 'p''s weights are checked before q''s');
SELECT throws_ok($$SELECT jsd('{0,0}'::float8[], '{-1,1}'::float8[])$$, '22023', 'p has no positive weight',
				 'an all-zero p is reported before a negative weight of q');
SELECT throws_ok($$SELECT kl_div('{1,-1,NaN}'::float8[], '{1,1,1}'::float8[])$$, '22023', 'p[2] is negative: -1',
				 'the first bad weight is the one reported');

---------------------------------------------------------------------------
-- kl_div_normal: KL = ln(s2/s1) + (s1^2 + (m1 - m2)^2) / (2 s2^2) - 1/2.

SELECT pg_temp.is_close(kl_div_normal(0, 1, 0, 1), 0, 'kl_div_normal of identical normals = 0');
SELECT pg_temp.is_close(kl_div_normal(-3.5, 1e-3, -3.5, 1e-3), 0, 'kl_div_normal of identical narrow normals = 0');
SELECT pg_temp.is_close(kl_div_normal(0, 1, 1, 1), 0.5, 'kl_div_normal: unit mean shift = 1/2');
SELECT pg_temp.is_close(kl_div_normal(0, 1, 0, 2), ln(2) - 0.375, 'kl_div_normal(0,1 || 0,2) = ln 2 - 3/8');
SELECT pg_temp.is_close(kl_div_normal(0, 2, 0, 1), 1.5 - ln(2), 'kl_div_normal(0,2 || 0,1) = 3/2 - ln 2');
SELECT pg_temp.is_close(kl_div_normal(1, 2, -1, 1), 3.5 - ln(2), 'kl_div_normal(1,2 || -1,1) = 7/2 - ln 2');
SELECT pg_temp.is_close(kl_div_normal(0, power(2::float8, 996), 0, power(2::float8, 997)), ln(2) - 0.375,
						'kl_div_normal with sigmas near 1e300 does not overflow');
SELECT pg_temp.is_close(kl_div_normal(0, power(2::float8, -1000), 0, power(2::float8, -999)), ln(2) - 0.375,
						'kl_div_normal with sigmas near 1e-301');
SELECT pg_temp.is_close(kl_div_normal(0, 5e-324, 0, 1e-323), ln(2) - 0.375,
						'kl_div_normal with denormal sigmas');
SELECT pg_temp.is_close(kl_div_normal(0, 1e-200, 0, 1e200), 400 * ln(10) - 0.5,
						'kl_div_normal with sigma ratio 1e-400 = 400 ln 10 - 1/2');
SELECT pg_temp.is_close(kl_div_normal(1e300, 1e300, -1e300, 1e300), 2, 'kl_div_normal with means near 1e300');
SELECT pg_temp.is_close(kl_div_normal(1.5e308, 1e308, -1.5e308, 1e308), 4.5,
						'kl_div_normal when mu1 - mu2 overflows float8');
SELECT pg_temp.is_close(kl_div_normal(7, 2, 5, 4), kl_div_normal(0.7, 0.2, 0.5, 0.4),
						'kl_div_normal is invariant under scaling both normals');
SELECT pg_temp.is_close(kl_div_normal(7, 2, 5, 4), kl_div_normal(107, 2, 105, 4),
						'kl_div_normal is invariant under shifting both normals');

-- Against the formula in numeric arithmetic (60 digits), on a grid of exact
-- binary inputs, including sigmas within 2^(-10) and 2^(-20) of each other
-- where the logarithm and the variance ratio nearly cancel.
SELECT is((SELECT count(*)
		   FROM (VALUES (-3::numeric), (0), (0.5), (0.000000007450580596923828125), (1000)) AS m1(m1),
				(VALUES (0::numeric), (0.5)) AS m2(m2),
				(VALUES (0.0009765625::numeric), (0.5), (1), (1.0009765625), (1.00000095367431640625),
						(0.99951171875), (3), (1000)) AS s1(s1),
				(VALUES (1::numeric), (3)) AS s2(s2),
				LATERAL (SELECT s1::numeric(200, 60) AS a, s2::numeric(200, 60) AS b) AS x
		   WHERE NOT pg_temp.close(kl_div_normal(m1::float8, s1::float8, m2::float8, s2::float8),
								   (ln(x.b / x.a) + (x.a * x.a + (m1 - m2) ^ 2) / (2 * x.b * x.b) - 0.5)::float8)),
		  0::bigint, 'kl_div_normal = the closed form in 60-digit numeric on a grid of 160 cases');

SELECT pg_temp.is_close(kl_div_normal(0, 1 + 2^(-10), 0, 1),
						(SELECT 2^(-20) + sum((-1) ^ k * (2^(-10)) ^ k / k) FROM generate_series(3, 12) AS k),
						'kl_div_normal with sigma1 = 1 + d, d = 2^(-10): d^2 - d^3/3 + d^4/4 - ...');

SELECT throws_ok(format('SELECT kl_div_normal(%s)', args), '22023', message,
				 format('kl_div_normal(%s) raises 22023: %s', args, message))
FROM (VALUES (1, '0, 0, 0, 1', 'invalid sigma1: 0'),
			 (2, '0, -1, 0, 1', 'invalid sigma1: -1'),
			 (3, $$0, '-0', 0, 1$$, 'invalid sigma1: -0'),
			 (4, $$0, 'NaN', 0, 1$$, 'invalid sigma1: NaN'),
			 (5, $$0, 'Infinity', 0, 1$$, 'invalid sigma1: Infinity'),
			 (6, '0, 1, 0, 0', 'invalid sigma2: 0'),
			 (7, '0, 1, 0, -2.5', 'invalid sigma2: -2.5'),
			 (8, $$0, 1, 0, 'NaN'$$, 'invalid sigma2: NaN'),
			 (9, $$0, 1, 0, '-Infinity'$$, 'invalid sigma2: -Infinity'),
			 (10, $$'NaN', 1, 0, 1$$, 'invalid mu1: NaN'),
			 (11, $$'Infinity', 1, 0, 1$$, 'invalid mu1: Infinity'),
			 (12, $$0, 1, '-Infinity', 1$$, 'invalid mu2: -Infinity'),
			 (13, $$0, 1, 'NaN', 1$$, 'invalid mu2: NaN')) AS e(ord, args, message)
ORDER BY e.ord;

SELECT * FROM finish();
ROLLBACK;
