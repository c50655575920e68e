-- Per-bin views: kl_div_terms, psi_terms, compare_histograms, sparkline.
-- Floats are rounded or compared as booleans so the expected output does
-- not depend on the libm; the characters are checked in databases of a
-- known encoding at the end.
\pset null '(null)'
\i sql/error_of.psql
-- The largest difference between the sum of an array and a value.
CREATE FUNCTION pg_temp.sum_gap(terms float8[], whole float8) RETURNS float8
LANGUAGE sql AS $$ SELECT abs((SELECT sum(t) FROM unnest(terms) t) - whole) $$;

-- kl_div_terms: p ln(p/q) per bin on the normalized inputs.
-- p = [1/6, 1/3, 1/2, 0], q = [3/7, 2/7, 1/7, 1/7]
SELECT array_agg(round(t::numeric, 12) ORDER BY i) AS terms
FROM unnest(kl_div_terms(ARRAY[1,2,3,0]::float8[], ARRAY[3,2,1,1]::float8[])) WITH ORDINALITY u(t, i);
SELECT round(((1/6.0) * ln((1/6.0) / (3/7.0)))::numeric, 12) AS expected_first,
       round((0.5 * ln(0.5 / (1/7.0)))::numeric, 12) AS expected_third;
-- A term is negative where p < q, 0 where p = 0, Infinity where q = 0 < p.
SELECT (kl_div_terms(ARRAY[1,2,3,0]::float8[], ARRAY[3,2,1,1]::float8[]))[1] < 0 AS negative,
       (kl_div_terms(ARRAY[1,2,3,0]::float8[], ARRAY[3,2,1,1]::float8[]))[4] AS zero,
       (kl_div_terms(ARRAY[1,1,0]::float8[], ARRAY[1,0,0]::float8[]))[2:3] AS infinite_and_zero;
-- The terms sum to kl_div, also in base 2, smoothed, and for many bins.
SELECT pg_temp.sum_gap(kl_div_terms(p, q), kl_div(p, q)) < 1e-15 AS nats,
       pg_temp.sum_gap(kl_div_terms(p, q, 2), kl_div(p, q, 2)) < 1e-15 AS bits,
       pg_temp.sum_gap(kl_div_terms(p, q, epsilon => 0.01), kl_div(p, q, epsilon => 0.01)) < 1e-15 AS smoothed
FROM (SELECT ARRAY[5,0,3,8,1]::float8[] AS p, ARRAY[2,1,4,4,3]::float8[] AS q) a;
SELECT pg_temp.sum_gap(kl_div_terms(p, q), kl_div(p, q)) < 1e-14 AS thousand_bins,
       array_length(kl_div_terms(p, q), 1) AS length
FROM (SELECT array_agg(1 + sin(i)) AS p, array_agg(1 + cos(i)) AS q
      FROM generate_series(1, 1000) i) a;
-- Base 2: each term in bits.
SELECT round((kl_div_terms(ARRAY[1,0]::float8[], ARRAY[1,1]::float8[], base => 2))[1]::numeric, 12) AS one_bit;
-- Smoothing as kl_div's: where q had no mass the term is finite.
-- p = [0.5, 0.5] and q = [1, 0] become [0.5, 0.5] and [1.1, 0.1] / 1.2.
SELECT round(t::numeric, 12) AS smoothed, round(expected::numeric, 12) AS expected
FROM unnest(kl_div_terms(ARRAY[1,1]::float8[], ARRAY[1,0]::float8[], epsilon => 0.1),
            ARRAY[0.5 * ln(0.5 / (1.1 / 1.2)), 0.5 * ln(0.5 / (0.1 / 1.2))]) u(t, expected);
-- Counts or probabilities: the same terms.
SELECT kl_div_terms(ARRAY[10,20,30]::float8[], ARRAY[3,2,1]::float8[])
     = kl_div_terms(ARRAY[1,2,3]::float8[], ARRAY[30,20,10]::float8[]) AS scale_free;
-- The result has p's subscripts.
SELECT array_lower(kl_div_terms('[0:2]={1,2,3}'::float8[], ARRAY[1,1,1]::float8[]), 1) AS lower_bound,
       array_lower(psi_terms('[-3:-2]={1,2}'::float8[], ARRAY[1,1]::float8[]), 1) AS psi_lower_bound;
-- NULLs as kl_div: NULL histogram or epsilon gives NULL, NULL base means nats.
SELECT kl_div_terms(NULL, ARRAY[1]::float8[]) AS null_p,
       kl_div_terms(ARRAY[1]::float8[], NULL) AS null_q,
       kl_div_terms(ARRAY[1]::float8[], ARRAY[1]::float8[], NULL, NULL) AS null_epsilon,
       kl_div_terms(ARRAY[1,3]::float8[], ARRAY[1,1]::float8[], NULL)
     = kl_div_terms(ARRAY[1,3]::float8[], ARRAY[1,1]::float8[]) AS null_base_is_nats;

-- psi_terms: (p - q) ln(p/q) per bin, >= 0; Infinity where exactly one side is 0.
SELECT array_agg(round(t::numeric, 12) ORDER BY i) AS terms
FROM unnest(psi_terms(ARRAY[3,1,0,0]::float8[], ARRAY[1,1,1,0]::float8[])) WITH ORDINALITY u(t, i);
SELECT pg_temp.sum_gap(psi_terms(p, q), psi(p, q)) < 1e-15 AS sums_to_psi,
       pg_temp.sum_gap(psi_terms(p, q, 0.5), psi(p, q, 0.5)) < 1e-15 AS smoothed
FROM (SELECT ARRAY[5,2,3,8,1]::float8[] AS p, ARRAY[2,1,4,4,3]::float8[] AS q) a;
SELECT psi_terms(NULL, ARRAY[1]::float8[]) AS null_p,
       psi_terms(ARRAY[1]::float8[], ARRAY[1]::float8[], NULL) AS null_epsilon;

-- Errors: the same as kl_div's and psi's.
SELECT kl_div_terms(ARRAY[1,2]::float8[], ARRAY[1,2,3]::float8[]);
SELECT psi_terms(ARRAY[1,NULL]::float8[], ARRAY[1,2]::float8[]);
SELECT pg_temp.error_of($$SELECT kl_div_terms('{}'::float8[], ARRAY[1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT kl_div_terms('[0:1]={1,-1}'::float8[], ARRAY[1,1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT kl_div_terms(ARRAY[1,1]::float8[], ARRAY['NaN',1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT psi_terms(ARRAY[1,1]::float8[], ARRAY[1,'Infinity']::float8[])$$);
SELECT pg_temp.error_of($$SELECT psi_terms(ARRAY[0,0]::float8[], ARRAY[1,1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT kl_div_terms('{{1,2}}'::float8[], ARRAY[1,2]::float8[])$$);
SELECT pg_temp.error_of($$SELECT kl_div_terms(ARRAY[1]::float8[], ARRAY[1]::float8[], base => 1)$$);
SELECT pg_temp.error_of($$SELECT kl_div_terms(ARRAY[1]::float8[], ARRAY[1]::float8[], epsilon => -1)$$);
SELECT pg_temp.error_of($$SELECT psi_terms(ARRAY[1]::float8[], ARRAY[1]::float8[], 'NaN')$$);

-- compare_histograms: one row per bin, shares unsmoothed, terms as above.
SELECT bin, round(p_share::numeric, 4) AS p_share, round(q_share::numeric, 4) AS q_share,
       round(kl_div_term::numeric, 6) AS kl_div_term, round(psi_term::numeric, 6) AS psi_term
FROM compare_histograms(ARRAY[50,18,32,0]::float8[], ARRAY[10,30,52,8]::float8[]);
-- Its terms are kl_div_terms' and psi_terms', and sum to kl_div and psi.
SELECT bool_and(c.kl_div_term = k.t AND c.psi_term = s.t) AS same_terms,
       abs(sum(c.kl_div_term) - kl_div(p, q, epsilon => 0.1)) < 1e-15 AS kl_sum,
       abs(sum(c.psi_term) - psi(p, q, 0.1)) < 1e-15 AS psi_sum
FROM (SELECT ARRAY[5,0,3,8,1]::float8[] AS p, ARRAY[2,1,4,4,0]::float8[] AS q) a,
     compare_histograms(p, q, 0.1) c
JOIN unnest(kl_div_terms(p, q, epsilon => 0.1)) WITH ORDINALITY k(t, i) ON k.i = c.bin
JOIN unnest(psi_terms(p, q, 0.1)) WITH ORDINALITY s(t, i) ON s.i = c.bin
GROUP BY p, q;
-- Smoothing changes the terms, not the shares.
SELECT bin, p_share, q_share, kl_div_term > 0 AND kl_div_term < 'Infinity' AS finite_term
FROM compare_histograms(ARRAY[1,0]::float8[], ARRAY[0,1]::float8[], 0.5);
-- bin is p's subscript; a NULL argument gives no rows.
SELECT bin FROM compare_histograms('[-1:1]={1,2,3}'::float8[], ARRAY[3,2,1]::float8[]);
SELECT count(*) AS rows_for_null FROM compare_histograms(NULL, ARRAY[1]::float8[]);
-- The bar: 21 characters, '|' in the middle.
SELECT bool_and(length(bar) = 21 AND substr(bar, 11, 1) = '|') AS aligned
FROM compare_histograms(ARRAY[50,18,32,0]::float8[], ARRAY[10,30,52,8]::float8[]);
SELECT pg_temp.error_of($$SELECT * FROM compare_histograms(ARRAY[1,2]::float8[], ARRAY[1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT * FROM compare_histograms(ARRAY[1,2]::float8[], ARRAY[-1,1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT * FROM compare_histograms(ARRAY[1,2]::float8[], ARRAY[1,2]::float8[], -0.5)$$);

-- sparkline: lengths, NULL, errors (the characters are at the end).
SELECT length(sparkline(ARRAY[0,1,2,3]::float8[])) AS four, sparkline('{}'::float8[]) = '' AS empty,
       sparkline(NULL) AS null_h;
SELECT sparkline(ARRAY[1,-1]::float8[]);
SELECT sparkline(ARRAY[1,NULL]::float8[]);
SELECT pg_temp.error_of($$SELECT sparkline(ARRAY[1,'NaN']::float8[])$$);
SELECT pg_temp.error_of($$SELECT sparkline('[0:1]={1,Infinity}'::float8[])$$);
SELECT pg_temp.error_of($$SELECT sparkline('{{1,2},{3,4}}'::float8[])$$);

-- The characters, in a UTF8 database and in a LATIN1 one (ASCII fallback).
SELECT current_database() AS regression_database \gset
CREATE DATABASE kld_per_bin_utf8 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
CREATE DATABASE kld_per_bin_latin1 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
\c kld_per_bin_utf8
CREATE EXTENSION kl_divergence;
SELECT sparkline(ARRAY[0,1,2,3,4,5,6,7,8]::float8[]) AS levels,
       sparkline(ARRAY[1e-300,1e300,0]::float8[]) AS tiny_is_visible,
       sparkline(ARRAY[0,0,0]::float8[]) = '   ' AS all_zero_is_blank;
SELECT sparkline(ARRAY[1.001,7.999,8.001,16]::float8[]) AS rounds_up;
SELECT bin, bar FROM compare_histograms(ARRAY[50,18,32,0]::float8[], ARRAY[10,30,52,8]::float8[]);
SELECT bar FROM compare_histograms(ARRAY[1,2,3]::float8[], ARRAY[2,4,6]::float8[]);
\c kld_per_bin_latin1
CREATE EXTENSION kl_divergence;
SELECT sparkline(ARRAY[0,1,2,3,4,5,6,7,8]::float8[]) AS levels,
       sparkline(ARRAY[1e-300,1e300,0]::float8[]) AS tiny_is_visible;
SELECT bin, bar FROM compare_histograms(ARRAY[50,18,32,0]::float8[], ARRAY[10,30,52,8]::float8[]);
\c :regression_database
DROP DATABASE kld_per_bin_utf8;
DROP DATABASE kld_per_bin_latin1;
