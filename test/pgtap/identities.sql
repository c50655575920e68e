-- identities.sql: mathematical identities and bounds, each asserted in one
-- test over 200 random histogram pairs generated here with a fixed seed.
--
-- Tolerances follow the spec's accuracy target (error <= 1e-12*|value| +
-- 1e-15 per function value): an identity between several computed values is
-- checked to within the sum of their allowed errors, see pg_temp.close().
\unset ECHO
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off
\set ON_ERROR_ROLLBACK 1
\set ON_ERROR_STOP true

BEGIN;
SELECT plan(75);

-- a ~ b: equal (also both +-Infinity), or within 1e-12 relative to the
-- larger plus 1e-15 per computed term. NaN is never close to anything
-- (PostgreSQL's NaN = NaN is true, so it needs saying).
CREATE FUNCTION pg_temp.close(a float8, b float8, terms int DEFAULT 2)
RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
	SELECT a <> 'NaN' AND b <> 'NaN'
		AND (a = b OR abs(a - b) <= 1e-12 * greatest(abs(a), abs(b)) + terms * 1e-15)
$$;

-- a <= b up to the same rounding allowance.
CREATE FUNCTION pg_temp.at_most(a float8, b float8, terms int DEFAULT 2)
RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
	SELECT a <> 'NaN' AND b <> 'NaN'
		AND (a <= b OR a - b <= 1e-12 * greatest(abs(a), abs(b)) + terms * 1e-15)
$$;

-- pg_temp.f(name, p, q): each function by name, so invariances can be
-- checked function by function.
\ir functions_by_name.psql

-- Each element times k, in order.
CREATE FUNCTION pg_temp.times(a float8[], k float8)
RETURNS float8[] LANGUAGE sql IMMUTABLE AS $$
	SELECT array_agg(x * k ORDER BY i) FROM unnest(a) WITH ORDINALITY AS u(x, i)
$$;

CREATE FUNCTION pg_temp.reversed(a float8[])
RETURNS float8[] LANGUAGE sql IMMUTABLE AS $$
	SELECT array_agg(x ORDER BY i DESC) FROM unnest(a) WITH ORDINALITY AS u(x, i)
$$;

-- The additively smoothed distribution of the spec, built by hand:
-- x_i / sum(x) + eps (the functions renormalize by the new sum, 1 + n*eps).
CREATE FUNCTION pg_temp.smoothed(a float8[], eps float8)
RETURNS float8[] LANGUAGE sql IMMUTABLE AS $$
	SELECT array_agg(x / (SELECT sum(y) FROM unnest(a) AS y) + eps ORDER BY i)
	FROM unnest(a) WITH ORDINALITY AS u(x, i)
$$;

---------------------------------------------------------------------------
-- Random data. Styles of weights: 0 uniform, 1 integer counts of varied
-- magnitude, 2 skewed (random()^8, wide dynamic range), 3 a Gaussian bump
-- (down to 1e-298, then scaled into denormals). Zeros are
-- injected at a per-pair rate, except in one bin per histogram so none is
-- all zero. A "near" pair has q a tiny perturbation of p with the same zeros
-- (small divergences, where cancellation would show); otherwise q is drawn
-- independently. Non-count histograms get a random overall scale.
SELECT setseed(0.42);

CREATE TEMP TABLE shape AS
SELECT s.*,
	   1 + floor(random() * s.n)::int AS kp,		-- bins kept positive
	   1 + floor(random() * s.n)::int AS kq,
	   1 + random() * (s.n - 1) AS pc,				-- Gaussian centres
	   1 + random() * (s.n - 1) AS qc,
	   0.3 * power(100, random()) AS width		-- 0.3 .. 30, log-uniform
FROM (
	SELECT id,
		   CASE WHEN id <= 3 THEN id ELSE 1 + floor(random() * 500)::int END AS n,
		   floor(random() * 4)::int AS style,
		   (ARRAY[0, 0, 0.03, 0.4])[1 + floor(random() * 4)::int]::float8 AS zero_rate,
		   random() < 0.3 AS near,
		   power(10::float8, 1 + floor(random() * 9)) AS magnitude,
		   power(10::float8, floor(random() * 13) - 6) AS p_scale,
		   power(10::float8, floor(random() * 13) - 6) AS q_scale,
		   power(10::float8, -1 - floor(random() * 9)) AS epsilon
	FROM generate_series(1, 200) AS id
) s;

CREATE TEMP TABLE bin AS
SELECT s.id, i,
	   CASE WHEN i <> s.kp AND random() < s.zero_rate THEN 0
			ELSE CASE s.style
				WHEN 0 THEN random()
				WHEN 1 THEN 1 + floor(random() * s.magnitude)
				WHEN 2 THEN power(random(), 8)
				ELSE CASE WHEN abs(i - s.pc) / s.width > 37 THEN 0
						  ELSE exp(-0.5 * power((i - s.pc) / s.width, 2)) END
			END
	   END AS pw,
	   CASE WHEN i <> s.kq AND random() < s.zero_rate THEN 0
			ELSE CASE s.style
				WHEN 0 THEN random()
				WHEN 1 THEN 1 + floor(random() * s.magnitude)
				WHEN 2 THEN power(random(), 8)
				ELSE CASE WHEN abs(i - s.qc) / s.width > 37 THEN 0
						  ELSE exp(-0.5 * power((i - s.qc) / s.width, 2)) END
			END
	   END AS qw_independent,
	   random() - 0.5 AS jitter
FROM shape s, generate_series(1, s.n) AS i;

CREATE TEMP TABLE pair AS
SELECT s.id, s.n, s.style, s.near, s.epsilon,
	   array_agg(b.pw * scale.p ORDER BY b.i) AS p,
	   array_agg(CASE WHEN NOT s.near THEN b.qw_independent * scale.q
					  WHEN s.style = 1 AND b.pw > 0 THEN greatest(1, b.pw + round(2 * b.jitter))
					  WHEN s.style = 1 THEN 0
					  ELSE b.pw * (1 + 1e-6 * b.jitter) * scale.q END
				 ORDER BY b.i) AS q
FROM shape s
JOIN bin b USING (id)
CROSS JOIN LATERAL (
	-- counts stay integers, so exact references can be computed below;
	-- Gaussian bumps are scaled down so that their tails are denormal
	SELECT CASE s.style WHEN 1 THEN 1 WHEN 3 THEN s.p_scale * 1e-12 ELSE s.p_scale END AS p,
		   CASE s.style WHEN 1 THEN 1 WHEN 3 THEN s.q_scale * 1e-12 ELSE s.q_scale END AS q
) scale
GROUP BY s.id, s.n, s.style, s.near, s.epsilon;

-- Every function value the identities below need, one row per pair.
CREATE TEMP TABLE r AS
SELECT id, n, near, epsilon, p, q,
	   entropy(p) AS h_p,
	   cross_entropy(p, q) AS h_pq,
	   kl_div(p, q) AS kl,
	   kl_div(q, p) AS kl_qp,
	   kl_div(p, p) AS kl_pp,
	   jsd(p, q) AS jsd,
	   js_distance(p, q) AS js_dist,
	   tv_distance(p, q) AS tv,
	   hellinger(p, q) AS hellinger,
	   linf_distance(p, q) AS linf,
	   psi(p, q) AS psi,
	   chi2_div(p, q) AS chi2,
	   wasserstein(p, q) AS wasserstein,
	   ks_distance(p, q) AS ks,
	   entropy(p, 2) AS h_p_bits,
	   cross_entropy(p, q, 2) AS h_pq_bits,
	   kl_div(p, q, 2) AS kl_bits,
	   jsd(p, q, 2) AS jsd_bits,
	   js_distance(p, q, 2) AS js_dist_bits
FROM pair;

-- The same functions by name, on transformed arguments.
CREATE TEMP TABLE v AS
SELECT id, fn,
	   pg_temp.f(fn, p, q) AS value,
	   pg_temp.f(fn, pg_temp.times(p, 10), q) AS p_times_10,
	   pg_temp.f(fn, p, pg_temp.times(q, 10)) AS q_times_10,
	   pg_temp.f(fn, pg_temp.reversed(p), pg_temp.reversed(q)) AS bins_reversed,
	   pg_temp.f(fn, q, p) AS swapped
FROM pair,
	 unnest(ARRAY['entropy', 'cross_entropy', 'kl_div', 'jsd', 'js_distance',
				  'tv_distance', 'hellinger', 'linf_distance', 'psi', 'chi2_div',
				  'wasserstein', 'ks_distance']) AS fn;

---------------------------------------------------------------------------
-- The data is what it claims to be, so the identities below mean something.
SELECT ok((SELECT count(*) = 200 AND min(n) = 1 AND max(n) > 450
				  AND count(*) FILTER (WHERE near) > 20
				  AND count(*) FILTER (WHERE 0 = ANY (p)) > 20
				  AND count(*) FILTER (WHERE kl = 'Infinity') > 20
				  AND count(*) FILTER (WHERE kl < 'Infinity') > 80
				  AND count(*) FILTER (WHERE kl < 1e-9) > 20
				  AND count(*) FILTER (WHERE EXISTS (SELECT FROM unnest(p) x
													  WHERE x > 0 AND x < 2.2250738585072014e-308)) > 2
			FROM r),
		  'random data: 200 pairs, lengths 1..500, zeros, near pairs, infinite and finite KL, denormal weights');

SELECT is((SELECT count(*) FROM v WHERE 'NaN' IN (value, p_times_10, q_times_10,
												  bins_reversed, swapped)),
		  0::bigint, 'no function returns NaN on any random pair or its transforms');

-- Self-divergence.
SELECT is((SELECT count(*) FROM r WHERE NOT (kl_pp >= 0 AND kl_pp <= 1e-15)),
		  0::bigint, 'KL(P||P) = 0 (<= 1e-15)');

SELECT is((SELECT count(*) FROM pair
		   WHERE NOT (jsd(p, p) BETWEEN 0 AND 1e-15 AND js_distance(p, p) BETWEEN 0 AND 1e-7
					  AND tv_distance(p, p) BETWEEN 0 AND 1e-15
					  AND hellinger(p, p) BETWEEN 0 AND 1e-7
					  AND linf_distance(p, p) BETWEEN 0 AND 1e-15
					  AND psi(p, p) BETWEEN 0 AND 1e-15 AND chi2_div(p, p) BETWEEN 0 AND 1e-15
					  AND wasserstein(p, p) BETWEEN 0 AND 1e-15
					  AND ks_distance(p, p) BETWEEN 0 AND 1e-15
					  AND pg_temp.close(cross_entropy(p, p), entropy(p)))),
		  0::bigint, 'every divergence and distance of P from itself is 0 (sqrt ones <= 1e-7), H(P,P) = H(P)');

-- Signs and ranges.
SELECT is((SELECT count(*) FROM r WHERE NOT (kl >= 0 AND kl_qp >= 0)), 0::bigint, 'KL >= 0');

SELECT is((SELECT count(*) FROM r
		   WHERE NOT (psi >= 0 AND chi2 >= 0 AND jsd >= 0 AND js_dist >= 0
					  AND h_pq >= 0 AND wasserstein >= 0)),
		  0::bigint, 'psi, chi2_div, jsd, js_distance, cross_entropy, wasserstein >= 0');

SELECT is((SELECT count(*) FROM r WHERE NOT (h_p >= 0 AND pg_temp.at_most(h_p, ln(n)))),
		  0::bigint, '0 <= H(P) <= ln n');

SELECT is((SELECT count(*) FROM r WHERE NOT (jsd <= ln(2) AND jsd_bits <= 1)),
		  0::bigint, 'jsd <= ln 2 nats and <= 1 bit, exactly (clamped)');

SELECT is((SELECT count(*) FROM r WHERE NOT (js_dist_bits >= 0 AND js_dist_bits <= 1)),
		  0::bigint, 'js_distance in base 2 is in [0, 1]');

SELECT is((SELECT count(*) FROM r WHERE NOT (tv >= 0 AND tv <= 1)), 0::bigint, 'tv_distance in [0, 1]');
SELECT is((SELECT count(*) FROM r WHERE NOT (hellinger >= 0 AND hellinger <= 1)), 0::bigint, 'hellinger in [0, 1]');
SELECT is((SELECT count(*) FROM r WHERE NOT (linf >= 0 AND linf <= 1)), 0::bigint, 'linf_distance in [0, 1]');
SELECT is((SELECT count(*) FROM r WHERE NOT (ks >= 0 AND ks <= 1)), 0::bigint, 'ks_distance in [0, 1]');

SELECT is((SELECT count(*) FROM r WHERE NOT pg_temp.at_most(wasserstein, n - 1)),
		  0::bigint, 'wasserstein <= n - 1 bin widths');

-- Identities between functions.
SELECT is((SELECT count(*) FROM r WHERE NOT pg_temp.close(h_pq, h_p + kl, 3)),
		  0::bigint, 'H(P,Q) = H(P) + KL(P||Q) (relative 1e-12)');

SELECT is((SELECT count(*) FROM r WHERE NOT pg_temp.close(js_dist, sqrt(jsd))
									 OR NOT pg_temp.close(js_dist_bits, sqrt(jsd_bits))),
		  0::bigint, 'js_distance = sqrt(jsd), in nats and in bits');

SELECT is((SELECT count(*) FROM r WHERE kl < 'Infinity' AND kl_qp < 'Infinity'
									AND NOT pg_temp.close(psi, kl + kl_qp, 3)),
		  0::bigint, 'psi(p, q) = KL(P||Q) + KL(Q||P) where finite (relative 1e-12)');

SELECT is((SELECT count(*) FROM r WHERE (psi = 'Infinity') <> (kl = 'Infinity' OR kl_qp = 'Infinity')),
		  0::bigint, 'psi is Infinity exactly when KL(P||Q) or KL(Q||P) is');

SELECT is((SELECT count(*) FROM r WHERE (kl = 'Infinity') <> (h_pq = 'Infinity')
									 OR (kl = 'Infinity') <> (chi2 = 'Infinity')),
		  0::bigint, 'KL(P||Q), H(P,Q) and chi2_div are Infinity for the same pairs');

-- Squared, so the allowance is KL's own (a square root would magnify it).
SELECT is((SELECT count(*) FROM r WHERE NOT pg_temp.at_most(2 * tv * tv, kl)),
		  0::bigint, 'Pinsker: tv <= sqrt(KL/2)');

SELECT is((SELECT count(*) FROM r WHERE NOT pg_temp.at_most(kl, ln(1 + chi2))),
		  0::bigint, 'KL <= ln(1 + chi2_div)');

SELECT is((SELECT count(*) FROM r WHERE NOT (pg_temp.at_most(hellinger * hellinger, tv)
											 AND pg_temp.at_most(tv, sqrt(2) * hellinger))),
		  0::bigint, 'hellinger^2 <= tv <= sqrt(2) hellinger');

SELECT is((SELECT count(*) FROM r WHERE NOT (pg_temp.at_most(linf, tv) AND pg_temp.at_most(ks, tv))),
		  0::bigint, 'linf_distance <= tv and ks_distance <= tv');

SELECT is((SELECT count(*) FROM r WHERE NOT pg_temp.at_most(ks, wasserstein)),
		  0::bigint, 'ks_distance <= wasserstein');

SELECT is((SELECT count(*) FROM r WHERE NOT pg_temp.at_most(tv, wasserstein)),
		  0::bigint, 'tv <= wasserstein (mass that moves travels at least one bin)');

-- Bits = nats / ln 2, and other bases.
SELECT is((SELECT count(*) FROM r WHERE NOT pg_temp.close(h_p_bits, h_p / ln(2))),
		  0::bigint, 'entropy: bits = nats / ln 2');
SELECT is((SELECT count(*) FROM r WHERE NOT pg_temp.close(kl_bits, kl / ln(2))),
		  0::bigint, 'kl_div: bits = nats / ln 2');
SELECT is((SELECT count(*) FROM r WHERE NOT pg_temp.close(jsd_bits, jsd / ln(2))),
		  0::bigint, 'jsd: bits = nats / ln 2');
SELECT is((SELECT count(*) FROM r WHERE NOT pg_temp.close(h_pq_bits, h_pq / ln(2))),
		  0::bigint, 'cross_entropy: bits = nats / ln 2');

SELECT is((SELECT count(*) FROM r, unnest(ARRAY[10, exp(1), 0.5, 1e-3, 1.5, 1e300]::float8[]) AS b
		   WHERE NOT (pg_temp.close(entropy(p, b), h_p / ln(b))
					  AND pg_temp.close(cross_entropy(p, q, b), h_pq / ln(b))
					  AND pg_temp.close(kl_div(p, q, b), kl / ln(b))
					  AND pg_temp.close(jsd(p, q, b), jsd / ln(b)))),
		  0::bigint, 'base b = nats / ln b for b in 10, e, 0.5, 1e-3, 1.5, 1e300');

SELECT is((SELECT count(*) FROM r, unnest(ARRAY[10, 1.5, 1e300]::float8[]) AS b
		   WHERE NOT pg_temp.close(js_distance(p, q, b), sqrt(jsd / ln(b)))),
		  0::bigint, 'js_distance in base b = sqrt(jsd nats / ln b)');

SELECT is((SELECT count(*) FROM r
		   WHERE NOT (entropy(p, NULL) = h_p AND kl_div(p, q, NULL) = kl
					  AND cross_entropy(p, q, NULL) = h_pq AND jsd(p, q, NULL) = jsd
					  AND js_distance(p, q, NULL) = js_dist)),
		  0::bigint, 'base NULL is natural log (same value as the default)');

-- Smoothing: epsilon in [1e-9, 1e-1], per pair.
SELECT is((SELECT count(*) FROM r
		   WHERE NOT pg_temp.close(kl_div(p, q, NULL, epsilon),
								   kl_div(pg_temp.smoothed(p, epsilon), pg_temp.smoothed(q, epsilon)))),
		  0::bigint, 'kl_div with epsilon = kl_div of the hand-smoothed distributions');

SELECT is((SELECT count(*) FROM r
		   WHERE NOT pg_temp.close(psi(p, q, epsilon),
								   psi(pg_temp.smoothed(p, epsilon), pg_temp.smoothed(q, epsilon)))),
		  0::bigint, 'psi with epsilon = psi of the hand-smoothed distributions');

SELECT is((SELECT count(*) FROM r
		   WHERE NOT pg_temp.close(chi2_div(p, q, epsilon),
								   chi2_div(pg_temp.smoothed(p, epsilon), pg_temp.smoothed(q, epsilon)))),
		  0::bigint, 'chi2_div with epsilon = chi2_div of the hand-smoothed distributions');

SELECT is((SELECT count(*) FROM r
		   WHERE NOT (kl_div(p, q, NULL, epsilon) < 'Infinity'
					  AND psi(p, q, epsilon) < 'Infinity'
					  AND chi2_div(p, q, epsilon) < 'Infinity')),
		  0::bigint, 'with epsilon > 0, kl_div, psi and chi2_div are finite');

SELECT is((SELECT count(*) FROM r
		   WHERE NOT (kl_div(p, q, NULL, 0) = kl AND psi(p, q, 0) = psi AND chi2_div(p, q, 0) = chi2)),
		  0::bigint, 'epsilon 0 is no smoothing (same value as the default)');

-- Symmetric functions.
SELECT is((SELECT count(*) FROM v WHERE fn = 'jsd' AND NOT pg_temp.close(value, swapped)),
		  0::bigint, 'jsd is symmetric');
SELECT is((SELECT count(*) FROM v WHERE fn = 'js_distance' AND NOT pg_temp.close(value, swapped)),
		  0::bigint, 'js_distance is symmetric');
SELECT is((SELECT count(*) FROM v WHERE fn = 'tv_distance' AND NOT pg_temp.close(value, swapped)),
		  0::bigint, 'tv_distance is symmetric');
SELECT is((SELECT count(*) FROM v WHERE fn = 'hellinger' AND NOT pg_temp.close(value, swapped)),
		  0::bigint, 'hellinger is symmetric');
SELECT is((SELECT count(*) FROM v WHERE fn = 'linf_distance' AND NOT pg_temp.close(value, swapped)),
		  0::bigint, 'linf_distance is symmetric');
SELECT is((SELECT count(*) FROM v WHERE fn = 'wasserstein' AND NOT pg_temp.close(value, swapped)),
		  0::bigint, 'wasserstein is symmetric');
SELECT is((SELECT count(*) FROM v WHERE fn = 'ks_distance' AND NOT pg_temp.close(value, swapped)),
		  0::bigint, 'ks_distance is symmetric');
SELECT is((SELECT count(*) FROM v WHERE fn = 'psi' AND NOT pg_temp.close(value, swapped)),
		  0::bigint, 'psi is symmetric');

SELECT ok((SELECT count(*) FROM v WHERE fn = 'kl_div' AND NOT pg_temp.close(value, swapped)) > 20,
		  'kl_div is not symmetric (the swap checks above can fail)');

-- Scale invariance, f(10 p, q) = f(p, q) = f(p, 10 q): each input is
-- normalized by its own sum. One test per function.
SELECT is(count(*) FILTER (WHERE NOT (pg_temp.close(value, p_times_10)
									  AND pg_temp.close(value, q_times_10))),
		  0::bigint, format('%s is scale invariant: f(10 p, q) = f(p, 10 q) = f(p, q)', fn))
FROM v GROUP BY fn ORDER BY fn;

-- Reversing the bins of both inputs changes nothing (for wasserstein and
-- ks_distance the CDFs become 1 - CDF, with the same gaps).
SELECT is(count(*) FILTER (WHERE NOT pg_temp.close(value, bins_reversed)),
		  0::bigint, format('%s is unchanged by reversing the bins of both inputs', fn))
FROM v GROUP BY fn ORDER BY fn;

-- Exact references on the integer-count pairs (exactly representable in
-- numeric): tv, linf, wasserstein and ks_distance from their definitions,
-- with rational arithmetic (CDF_p - CDF_q = (Cp*Tq - Cq*Tp) / (Tp*Tq)).
CREATE TEMP TABLE exact AS
WITH b AS (
	SELECT id, i, pw::numeric AS pw, qw::numeric AS qw
	FROM pair, unnest(p, q) WITH ORDINALITY AS u(pw, qw, i)
	WHERE style = 1
), c AS (
	SELECT id, i, pw, qw,
		   sum(pw) OVER w AS cp, sum(qw) OVER w AS cq,
		   sum(pw) OVER (PARTITION BY id) AS tp, sum(qw) OVER (PARTITION BY id) AS tq,
		   count(*) OVER (PARTITION BY id) AS n
	FROM b WINDOW w AS (PARTITION BY id ORDER BY i)
)
SELECT id,
	   (sum(abs(pw * tq - qw * tp)) / (2 * min(tp) * min(tq)))::float8 AS tv,
	   (max(abs(pw * tq - qw * tp)) / (min(tp) * min(tq)))::float8 AS linf,
	   coalesce(sum(abs(cp * tq - cq * tp)) FILTER (WHERE i < n) / (min(tp) * min(tq)), 0)::float8
		   AS wasserstein,
	   coalesce(max(abs(cp * tq - cq * tp)) FILTER (WHERE i < n) / (min(tp) * min(tq)), 0)::float8
		   AS ks
FROM c GROUP BY id;

SELECT ok((SELECT count(*) FROM exact) > 20, 'more than 20 integer-count pairs for exact references');

SELECT is((SELECT count(*) FROM r JOIN exact e USING (id) WHERE NOT pg_temp.close(r.tv, e.tv, 1)),
		  0::bigint, 'tv_distance = exact 0.5 sum |p - q| on count pairs');
SELECT is((SELECT count(*) FROM r JOIN exact e USING (id) WHERE NOT pg_temp.close(r.linf, e.linf, 1)),
		  0::bigint, 'linf_distance = exact max |p - q| on count pairs');
SELECT is((SELECT count(*) FROM r JOIN exact e USING (id)
		   WHERE NOT pg_temp.close(r.wasserstein, e.wasserstein, 1)),
		  0::bigint, 'wasserstein = exact sum |CDF_p - CDF_q| on count pairs');
SELECT is((SELECT count(*) FROM r JOIN exact e USING (id) WHERE NOT pg_temp.close(r.ks, e.ks, 1)),
		  0::bigint, 'ks_distance = exact max |CDF_p - CDF_q| on count pairs');

SELECT * FROM finish();
ROLLBACK;
