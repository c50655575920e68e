-- Bad input: every error, with its SQLSTATE and message.
\i sql/error_of.psql

-- Full reports (message, detail, hint) for the common mistakes.
SELECT kl_div(ARRAY[1,2]::float8[], ARRAY[1,2,3]::float8[]);
SELECT kl_div(ARRAY[1,-2]::float8[], ARRAY[1,2]::float8[]);
SELECT kl_div(ARRAY[1,NULL]::float8[], ARRAY[1,2]::float8[]);
SELECT kl_div(ARRAY[0,0]::float8[], ARRAY[1,2]::float8[]);
SELECT kl_div(ARRAY[1,2]::float8[], ARRAY[1,2]::float8[], base => 1);
SELECT kl_div(ARRAY[1,2]::float8[], ARRAY[1,2]::float8[], epsilon => -1);

-- Shapes.
SELECT pg_temp.error_of($$SELECT kl_div('{}'::float8[], ARRAY[1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT kl_div(ARRAY[1]::float8[], '{}'::float8[])$$);
SELECT pg_temp.error_of($$SELECT entropy('{}'::float8[])$$);
SELECT pg_temp.error_of($$SELECT tv_distance(ARRAY[1,2]::float8[], ARRAY[1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT jsd('{{1,2},{3,4}}'::float8[], ARRAY[1,2]::float8[])$$);
SELECT pg_temp.error_of($$SELECT hellinger(ARRAY[1,2]::float8[], '{{1,2}}'::float8[])$$);

-- NULL elements, named by SQL subscript (also with a non-default lower bound).
SELECT pg_temp.error_of($$SELECT psi(ARRAY[1,2,NULL]::float8[], ARRAY[1,2,3]::float8[])$$);
SELECT pg_temp.error_of($$SELECT wasserstein(ARRAY[1,2]::float8[], ARRAY[NULL,2]::float8[])$$);
SELECT pg_temp.error_of($$SELECT entropy('[0:2]={1,NULL,3}'::float8[])$$);

-- Weights: negative, NaN, +-Infinity, all zero.
SELECT pg_temp.error_of($$SELECT kl_div(ARRAY[1,2,3]::float8[], ARRAY[1,-0.5,3]::float8[])$$);
SELECT pg_temp.error_of($$SELECT entropy('[0:2]={1,-1,1}'::float8[])$$);
SELECT pg_temp.error_of($$SELECT cross_entropy(ARRAY['NaN',1]::float8[], ARRAY[1,1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT chi2_div(ARRAY[1,1]::float8[], ARRAY[1,'Infinity']::float8[])$$);
SELECT pg_temp.error_of($$SELECT linf_distance(ARRAY['-Infinity',1]::float8[], ARRAY[1,1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT ks_distance(ARRAY[1,1]::float8[], ARRAY[0,0]::float8[])$$);
SELECT pg_temp.error_of($$SELECT entropy(ARRAY[0]::float8[])$$);

-- The first problem found is reported: p's weights before q's.
SELECT pg_temp.error_of($$SELECT kl_div(ARRAY[-1,1]::float8[], ARRAY['NaN',1]::float8[])$$);

-- base: finite, > 0 and not 1.
SELECT pg_temp.error_of($$SELECT entropy(ARRAY[1,1]::float8[], 0)$$);
SELECT pg_temp.error_of($$SELECT entropy(ARRAY[1,1]::float8[], -2)$$);
SELECT pg_temp.error_of($$SELECT jsd(ARRAY[1,1]::float8[], ARRAY[1,2]::float8[], 'NaN')$$);
SELECT pg_temp.error_of($$SELECT js_distance(ARRAY[1,1]::float8[], ARRAY[1,2]::float8[], 'Infinity')$$);
SELECT pg_temp.error_of($$SELECT cross_entropy(ARRAY[1,1]::float8[], ARRAY[1,2]::float8[], 1)$$);
-- A base below 1 is fine for the divergences (their values turn negative) but
-- not for js_distance, whose square root would not be real.
SELECT round(kl_div(ARRAY[1,0]::float8[], ARRAY[1,1]::float8[], 0.5)::numeric, 12) AS minus_one_bit,
       kl_div(ARRAY[1,1]::float8[], ARRAY[1,0]::float8[], 0.5) AS minus_infinity;
SELECT pg_temp.error_of($$SELECT js_distance(ARRAY[1,2]::float8[], ARRAY[2,1]::float8[], 0.5)$$);

-- epsilon: finite and >= 0.
SELECT pg_temp.error_of($$SELECT psi(ARRAY[1,1]::float8[], ARRAY[1,2]::float8[], -0.1)$$);
SELECT pg_temp.error_of($$SELECT chi2_div(ARRAY[1,1]::float8[], ARRAY[1,2]::float8[], 'NaN')$$);
SELECT pg_temp.error_of($$SELECT kl_div(ARRAY[1,1]::float8[], ARRAY[1,2]::float8[], epsilon => 'Infinity')$$);

-- Normal distributions: sigma finite and > 0, mu finite.
SELECT kl_div_normal(0, 0, 0, 1);
SELECT pg_temp.error_of($$SELECT kl_div_normal(0, 1, 0, -1)$$);
SELECT pg_temp.error_of($$SELECT kl_div_normal(0, 'Infinity', 0, 1)$$);
SELECT pg_temp.error_of($$SELECT kl_div_normal('NaN', 1, 0, 1)$$);
SELECT pg_temp.error_of($$SELECT kl_div_normal(0, 1, '-Infinity', 1)$$);
