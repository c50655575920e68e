-- Tests of homogeneity from histograms of counts: chi2_test, g_test,
-- ks_test, psi_test, p_adjust, and wasserstein in the data's units.
-- Reference values are scipy 1.10's (chi2_contingency with
-- correction=False, kstwo.sf, ncx2.sf) and statsmodels' multipletests;
-- results are printed as their relative error against them, so the expected
-- output does not depend on the CPU. test/oracle checks thousands more.

-- Pearson's chi-squared test on the 2 x 5 table.
SELECT dof, abs(statistic - 6.4638809466395672) / 6.4638809466395672 < 1e-13 AS statistic_ok,
       abs(p_value - 0.1670804502210142) / 0.1670804502210142 < 1e-10 AS p_ok
FROM chi2_test('{120,340,280,160,100}'::float8[], '{100,310,300,190,100}'::float8[]);

-- The G test on the same table.
SELECT dof, abs(statistic - 6.4701803604743837) / 6.4701803604743837 < 1e-13 AS statistic_ok,
       abs(p_value - 0.16667898560573335) / 0.16667898560573335 < 1e-10 AS p_ok
FROM g_test('{120,340,280,160,100}'::float8[], '{100,310,300,190,100}'::float8[]);

-- Nearly equal histograms of a million rows: small statistics keep their digits.
SELECT dof, abs(statistic - 0.666444574012377) / 0.666444574012377 < 1e-12 AS statistic_ok,
       abs(p_value - 0.71661088316215293) / 0.71661088316215293 < 1e-10 AS p_ok
FROM chi2_test('{1e6,2e6,3e6}'::float8[], '{1.001e6,2e6,2.999e6}'::float8[]);
SELECT abs(statistic - 0.66644459558631297) / 0.66644459558631297 < 1e-10 AS statistic_ok,
       abs(p_value - 0.71661087543209434) / 0.71661087543209434 < 1e-10 AS p_ok
FROM g_test('{1e6,2e6,3e6}'::float8[], '{1.001e6,2e6,2.999e6}'::float8[]);

-- A p-value of 5e-220 keeps its digits (the survival function, not 1 - cdf).
SELECT dof, abs(p_value - 5.1226508270371376e-220) / 5.1226508270371376e-220 < 1e-10 AS p_ok
FROM chi2_test('{100000,100000}'::float8[], '{90000,110000}'::float8[]);

-- Far beyond: the p-value underflows to 0, never NaN.
SELECT statistic > 9000 AS huge, dof, p_value FROM chi2_test('{5000,0,100}'::float8[], '{100,0,5000}'::float8[]);

-- Extreme weights (found by random_sql): shares that underflow, one side a
-- vanishing share of the rows. Never NaN.
SELECT statistic >= 0 AS statistic_ok, p_value BETWEEN 0 AND 1 AS p_ok
FROM g_test('{9,6,1,1,3}'::float8[], '{1,-0.0,5e-324,0.5,2.2250738585072014e-308}'::float8[]);
SELECT statistic >= 0 AS statistic_ok, p_value BETWEEN 0 AND 1 AS p_ok
FROM g_test('{0.5,1.7976931348623157e+308,0,0.1}'::float8[], '{9.7e-227,1.6e-227,3.5e-227,5.5e-227}'::float8[]);
SELECT p_value BETWEEN 0 AND 1 AS p_ok
FROM psi_test('{0.4,0.03,0.37,0.9}'::float8[], '{7,2,3,4}'::float8[], 5e-324);

-- Weights, not counts: accepted; the sums are the sample sizes.
SELECT dof, abs(statistic - 0.5482151835093011) / 0.5482151835093011 < 1e-13 AS statistic_ok,
       abs(p_value - 0.76025027419942648) / 0.76025027419942648 < 1e-10 AS p_ok
FROM chi2_test('{0.5,1.5,2.25}'::float8[], '{1,1,1}'::float8[]);

-- Bins empty on both sides are left out: dof counts the rest.
SELECT dof, abs(statistic - 24.75) / 24.75 < 1e-15 AS statistic_ok,
       abs(p_value - 6.526880098391132e-07) / 6.526880098391132e-07 < 1e-10 AS p_ok
FROM chi2_test('{10,0,30,0}'::float8[], '{15,0,0,0}'::float8[]);
SELECT chi2_test('{10,0,30,0}'::float8[], '{15,0,0,0}'::float8[]) = chi2_test('{10,30}'::float8[], '{15,0}'::float8[]) AS same;
-- One bin with counts: nothing can differ, dof 0 and p-value 1.
SELECT * FROM chi2_test('{10,0,0}'::float8[], '{15,0,0}'::float8[]);
SELECT * FROM g_test('{7}'::float8[], '{3}'::float8[]);
SELECT * FROM psi_test('{7}'::float8[], '{3}'::float8[], 0.1);
-- Proportional histograms: statistic 0, p-value 1.
SELECT * FROM chi2_test('{1,2,3}'::float8[], '{2,4,6}'::float8[]);
SELECT * FROM g_test('{1,2,3}'::float8[], '{2,4,6}'::float8[]);
SELECT * FROM ks_test('{1,2,3}'::float8[], '{2,4,6}'::float8[]);

-- The two-sample Kolmogorov-Smirnov test: D = ks_distance, p from 500 observations.
SELECT statistic = ks_distance('{120,340,280,160,100}'::float8[], '{100,310,300,190,100}'::float8[]) AS d_ok,
       abs(p_value - 0.15866260223815332) / 0.15866260223815332 < 1e-10 AS p_ok
FROM ks_test('{120,340,280,160,100}'::float8[], '{100,310,300,190,100}'::float8[]);
-- Fewer than one effective observation (weights): no evidence, p = 1.
SELECT * FROM ks_test('{0.2,0.1}'::float8[], '{0.1,0.2}'::float8[]);

-- psi_test: min_effect 0 is the chi-squared test; a larger min_effect asks
-- for a larger drift and gives a larger p-value.
SELECT t.statistic = c.statistic AND t.dof = c.dof AND t.p_value = c.p_value AS same_as_chi2,
       abs(t.psi - psi('{120,340,280,160,100}'::float8[], '{100,310,300,190,100}'::float8[])) < 1e-15 AS psi_ok
FROM psi_test('{120,340,280,160,100}'::float8[], '{100,310,300,190,100}'::float8[]) t,
     chi2_test('{120,340,280,160,100}'::float8[], '{100,310,300,190,100}'::float8[]) c;
SELECT abs(p_value - 0.63287294620097512) / 0.63287294620097512 < 1e-10 AS p_ok_001,
       abs((psi_test('{120,340,280,160,100}'::float8[], '{100,310,300,190,100}'::float8[], 0.1)).p_value
           - 0.99999944677809804) < 1e-10 AS p_ok_01
FROM psi_test('{120,340,280,160,100}'::float8[], '{100,310,300,190,100}'::float8[], 0.01);
-- A bin empty on exactly one side: psi is Infinity, the statistic finite.
SELECT psi, statistic < 'Infinity' AS finite, dof FROM psi_test('{5,0,5}'::float8[], '{5,5,0}'::float8[]);

-- Category maps: aligned on the union of keys, the same test.
SELECT chi2_test('{"a": 120, "b": 340, "c": 280}'::jsonb, '{"c": 300, "a": 100, "b": 310}'::jsonb)
     = chi2_test('{120,340,280}'::float8[], '{100,310,300}'::float8[]) AS same;
SELECT g_test('{"a": 10, "b": 20}'::jsonb, '{"b": 15, "c": 15}'::jsonb)
     = g_test('{10,20,0}'::float8[], '{0,15,15}'::float8[]) AS same;
SELECT psi_test('{"a": 10, "b": 20}'::jsonb, '{"a": 12, "b": 18}'::jsonb, 0.05)
     = psi_test('{10,20}'::float8[], '{12,18}'::float8[], 0.05) AS same;

-- NULL in, NULL out (the functions are strict).
SELECT chi2_test(NULL::float8[], '{1}'::float8[]) IS NULL AS null_p, psi_test('{1}'::float8[], '{1}'::float8[], NULL) IS NULL AS null_min_effect;

-- Bad input: the divergences' errors.
SELECT * FROM chi2_test('{1,-2}'::float8[], '{1,2}'::float8[]);
SELECT * FROM g_test('{1,2}'::float8[], '{1,NaN}'::float8[]);
SELECT * FROM ks_test('{1,Infinity}'::float8[], '{1,2}'::float8[]);
SELECT * FROM psi_test('{1,2}'::float8[], '{1,2,3}'::float8[]);
SELECT * FROM chi2_test('{0,0}'::float8[], '{1,2}'::float8[]);
SELECT * FROM chi2_test('{}'::float8[], '{1,2}'::float8[]);
SELECT * FROM chi2_test('{1,NULL}'::float8[], '{1,2}'::float8[]);
SELECT * FROM g_test('{{1,2}}'::float8[], '{1,2}'::float8[]);
SELECT * FROM chi2_test('{"a": "x"}'::jsonb, '{"a": 1}'::jsonb);
SELECT * FROM psi_test('{1,2}'::float8[], '{2,1}'::float8[], -0.1);
SELECT * FROM psi_test('{1,2}'::float8[], '{2,1}'::float8[], 'NaN');
SELECT * FROM psi_test('{1,2}'::float8[], '{2,1}'::float8[], 'Infinity');
-- Categories have no order: no ks_test over category maps.
SELECT * FROM ks_test('{"a": 1}'::jsonb, '{"a": 1}'::jsonb);

-- p_adjust: statsmodels' multipletests on the same p-values.
SELECT p_adjust('{0.01,0.04,0.03,0.005,0.5}'::float8[], 'bonferroni');
SELECT p_adjust('{0.01,0.04,0.03,0.005,0.5}'::float8[], 'holm');
SELECT p_adjust('{0.01,0.04,0.03,0.005,0.5}'::float8[]) = p_adjust('{0.01,0.04,0.03,0.005,0.5}'::float8[], 'holm') AS holm_default;
SELECT (SELECT bool_and(abs(a - r) <= 1e-16) FROM unnest(p_adjust('{0.01,0.04,0.03,0.005,0.5}'::float8[], 'bh'),
        '{0.024999999999999998,0.049999999999999996,0.049999999999999996,0.024999999999999998,0.5}'::float8[]) AS u(a, r)) AS bh_ok;
SELECT p_adjust('{0.01,0.04,0.03}'::float8[], 'none');
-- NULL elements stay NULL and do not count; the subscripts are kept.
SELECT p_adjust('[0:3]={0.01,NULL,0.04,0.03}'::float8[], 'bonferroni');
SELECT p_adjust('{}'::float8[], 'bh'), p_adjust('{NULL}'::float8[], 'holm');
SELECT p_adjust('{0.01,1.5}'::float8[], 'holm');
SELECT p_adjust('{NULL,NaN}'::float8[], 'holm');
SELECT p_adjust('{-0.1}'::float8[], 'bh');
SELECT p_adjust('{0.1}'::float8[], 'fdr');
SELECT p_adjust('{{0.1}}'::float8[], 'holm');

-- wasserstein in the data's units: p = a quarter at 0 (underflow), half
-- uniform on [0, 1), a quarter uniform on [1, 3); q = a quarter on [0, 1),
-- half on [1, 3), a quarter at 3 (overflow). Exactly 9/8.
SELECT wasserstein('{1,2,1,0}'::float8[], '{0,1,2,1}'::float8[], '{0,1,3}'::float8[]);
-- Uniform on [0, 1] against uniform on [1, 3]: the means differ by 1.5.
SELECT wasserstein('{0,1,0,0}'::float8[], '{0,0,1,0}'::float8[], '{0,1,3}'::float8[]);
-- Symmetric, 0 for equal shares, scales with the edges.
SELECT wasserstein('{1,2,1,0}'::float8[], '{0,1,2,1}'::float8[], '{0,1,3}'::float8[])
     = wasserstein('{0,1,2,1}'::float8[], '{1,2,1,0}'::float8[], '{0,1,3}'::float8[]) AS symmetric,
       wasserstein('{1,2,3,4}'::float8[], '{2,4,6,8}'::float8[], '{0,1,3}'::float8[]) AS equal_shares,
       wasserstein('{1,2,1,0}'::float8[], '{0,1,2,1}'::float8[], '{0,1000,3000}'::float8[]) AS scaled;
-- Zero-width bins hold point masses; one edge leaves no width at all.
SELECT wasserstein('{0,1,0,0}'::float8[], '{0,0,0,1}'::float8[], '{0,2,2}'::float8[]) AS point_masses,
       wasserstein('{1,0}'::float8[], '{0,1}'::float8[], '{5}'::float8[]) AS one_edge;
-- Edges near the largest double do not overflow.
SELECT wasserstein('{0,1,0,0}'::float8[], '{0,0,1,0}'::float8[], '{-1e308,0,1e308}'::float8[]);
SELECT wasserstein('{1,2,1}'::float8[], '{0,1,2,1}'::float8[], '{0,1,3}'::float8[]);
SELECT wasserstein('{1,2,1}'::float8[], '{0,1,2}'::float8[], '{0,1,3}'::float8[]);
SELECT wasserstein('{1,2,1}'::float8[], '{0,1,2}'::float8[], '{0,3,1}'::float8[]);
SELECT wasserstein('{1,2,1}'::float8[], '{0,1,2}'::float8[], '{0,NaN}'::float8[]);
SELECT wasserstein('{1,2,1}'::float8[], '{0,-1,2}'::float8[], '{0,1}'::float8[]);
SELECT wasserstein('{1}'::float8[], '{1}'::float8[], '{}'::float8[]);
