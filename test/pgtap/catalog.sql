-- catalog.sql: the extension's functions as the catalog records them:
-- signature, result type, argument names and defaults, volatility,
-- strictness, parallel safety, language and comment.
\unset ECHO
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off
\set ON_ERROR_ROLLBACK 1
\set ON_ERROR_STOP true

BEGIN;
SELECT plan(389);

-- One row per SQL function, as the spec lists them. strict: the functions
-- with a base argument are not STRICT, because a NULL base means nats.
CREATE TEMP TABLE expected_function (
	name name,
	args name[],
	strict boolean,
	arguments text				-- pg_get_function_arguments()
);

INSERT INTO expected_function VALUES
('entropy', '{double precision[],double precision}', false,
 'p double precision[], base double precision DEFAULT NULL::double precision'),
('cross_entropy', '{double precision[],double precision[],double precision}', false,
 'p double precision[], q double precision[], base double precision DEFAULT NULL::double precision'),
('kl_div', '{double precision[],double precision[],double precision,double precision}', false,
 'p double precision[], q double precision[], base double precision DEFAULT NULL::double precision, epsilon double precision DEFAULT 0'),
('jsd', '{double precision[],double precision[],double precision}', false,
 'p double precision[], q double precision[], base double precision DEFAULT NULL::double precision'),
('js_distance', '{double precision[],double precision[],double precision}', false,
 'p double precision[], q double precision[], base double precision DEFAULT NULL::double precision'),
('tv_distance', '{double precision[],double precision[]}', true,
 'p double precision[], q double precision[]'),
('hellinger', '{double precision[],double precision[]}', true,
 'p double precision[], q double precision[]'),
('linf_distance', '{double precision[],double precision[]}', true,
 'p double precision[], q double precision[]'),
('psi', '{double precision[],double precision[],double precision}', true,
 'p double precision[], q double precision[], epsilon double precision DEFAULT 0'),
('chi2_div', '{double precision[],double precision[],double precision}', true,
 'p double precision[], q double precision[], epsilon double precision DEFAULT 0'),
('wasserstein', '{double precision[],double precision[]}', true,
 'p double precision[], q double precision[]'),
-- 0.4.0: in the data's units, given the edges.
('wasserstein', '{double precision[],double precision[],double precision[]}', true,
 'p double precision[], q double precision[], edges double precision[]'),
('ks_distance', '{double precision[],double precision[]}', true,
 'p double precision[], q double precision[]'),
('kl_div_normal', '{double precision,double precision,double precision,double precision}', true,
 'mu1 double precision, sigma1 double precision, mu2 double precision, sigma2 double precision'),
-- 0.4.0: multivariate normals (arrays, and two gaussian_fit results).
('kl_div_normal', '{double precision[],double precision[],double precision[],double precision[],double precision}', true,
 'mu1 double precision[], cov1 double precision[], mu2 double precision[], cov2 double precision[], ridge double precision DEFAULT 0'),
('kl_div_normal', '{gaussian,gaussian,double precision}', true,
 'fit1 gaussian, fit2 gaussian, ridge double precision DEFAULT 0'),
('frechet_distance', '{double precision[],double precision[],double precision[],double precision[]}', true,
 'mu1 double precision[], cov1 double precision[], mu2 double precision[], cov2 double precision[]'),
('frechet_distance', '{gaussian,gaussian}', true, 'fit1 gaussian, fit2 gaussian'),
('mean_cosine_distance', '{gaussian,gaussian}', true, 'fit1 gaussian, fit2 gaussian'),
-- 0.4.0: Renyi divergence and perplexity, over histograms and category maps.
('renyi_div', '{double precision[],double precision[],double precision,double precision}', true,
 'p double precision[], q double precision[], alpha double precision, epsilon double precision DEFAULT 0'),
('renyi_div', '{jsonb,jsonb,double precision,double precision}', true,
 'p jsonb, q jsonb, alpha double precision, epsilon double precision DEFAULT 0'),
('perplexity', '{double precision[]}', true, 'p double precision[]'),
('perplexity', '{jsonb}', true, 'p jsonb'),
-- 0.3.0: the same over jsonb category maps (not wasserstein and ks_distance).
('entropy', '{jsonb,double precision}', false,
 'p jsonb, base double precision DEFAULT NULL::double precision'),
('cross_entropy', '{jsonb,jsonb,double precision}', false,
 'p jsonb, q jsonb, base double precision DEFAULT NULL::double precision'),
('kl_div', '{jsonb,jsonb,double precision,double precision}', false,
 'p jsonb, q jsonb, base double precision DEFAULT NULL::double precision, epsilon double precision DEFAULT 0'),
('jsd', '{jsonb,jsonb,double precision}', false,
 'p jsonb, q jsonb, base double precision DEFAULT NULL::double precision'),
('js_distance', '{jsonb,jsonb,double precision}', false,
 'p jsonb, q jsonb, base double precision DEFAULT NULL::double precision'),
('tv_distance', '{jsonb,jsonb}', true, 'p jsonb, q jsonb'),
('hellinger', '{jsonb,jsonb}', true, 'p jsonb, q jsonb'),
('linf_distance', '{jsonb,jsonb}', true, 'p jsonb, q jsonb'),
('psi', '{jsonb,jsonb,double precision}', true,
 'p jsonb, q jsonb, epsilon double precision DEFAULT 0'),
('chi2_div', '{jsonb,jsonb,double precision}', true,
 'p jsonb, q jsonb, epsilon double precision DEFAULT 0');

-- The other functions, with what differs from the above.
CREATE TEMP TABLE expected_other (
	name name,
	args name[],
	returns text,
	volatility text,
	strict boolean,
	parallel "char",
	language name
);
INSERT INTO expected_other VALUES
('kl_div_terms', '{double precision[],double precision[],double precision,double precision}',
 'double precision[]', 'immutable', false, 's', 'c'),
('psi_terms', '{double precision[],double precision[],double precision}',
 'double precision[]', 'immutable', true, 's', 'c'),
('compare_histograms', '{double precision[],double precision[],double precision}',
 'setof record', 'immutable', true, 's', 'c'),
('compare_histograms', '{jsonb,jsonb,double precision}', 'setof record', 'immutable', true, 's', 'c'),
('sparkline', '{double precision[]}', 'text', 'immutable', true, 's', 'c'),
('rebin', '{double precision[],double precision[],double precision[]}',
 'double precision[]', 'immutable', true, 's', 'c'),
('drift_report_columns', '{text,text}', 'setof record', 'volatile', true, 'u', 'c'),
('drift_report_column_kind', '{regtype}', 'text', 'stable', true, 's', 'sql'),
('drift_report', '{text,text,integer,text,double precision,double precision,integer,double precision,text,double precision,text,double precision,text}',
 'setof record', 'volatile', false, 'u', 'plpgsql'),
-- 0.4.0: the tests of homogeneity, returning records, and p_adjust.
('chi2_test', '{double precision[],double precision[]}', 'record', 'immutable', true, 's', 'c'),
('chi2_test', '{jsonb,jsonb}', 'record', 'immutable', true, 's', 'c'),
('g_test', '{double precision[],double precision[]}', 'record', 'immutable', true, 's', 'c'),
('g_test', '{jsonb,jsonb}', 'record', 'immutable', true, 's', 'c'),
('ks_test', '{double precision[],double precision[]}', 'record', 'immutable', true, 's', 'c'),
('psi_test', '{double precision[],double precision[],double precision}', 'record', 'immutable', true, 's', 'c'),
('psi_test', '{jsonb,jsonb,double precision}', 'record', 'immutable', true, 's', 'c'),
('p_adjust', '{double precision[],text}', 'double precision[]', 'immutable', true, 's', 'c');

-- The pg_proc row of each expected function (NULL oid if it is missing).
CREATE TEMP VIEW expected_proc AS
SELECT e.*, to_regprocedure(e.name || '(' || array_to_string(e.args, ',') || ')') AS oid
FROM expected_function e;

SELECT has_extension('kl_divergence', 'the extension is installed');

SELECT is((SELECT installed_version FROM pg_available_extensions WHERE name = 'kl_divergence'),
		  (SELECT default_version FROM pg_available_extensions WHERE name = 'kl_divergence'),
		  'the installed version is the default version');

-- The extension owns the 32 functions (it owns more: the aggregates and
-- their support functions, and the others below).
SELECT set_has(
	$$SELECT p.oid::regprocedure::text
	  FROM pg_depend d JOIN pg_proc p ON p.oid = d.objid
	  JOIN pg_extension x ON x.oid = d.refobjid
	  WHERE d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
		AND x.extname = 'kl_divergence'$$,
	$$SELECT oid::regprocedure::text FROM expected_proc$$,
	'the extension owns the 32 specified functions');

-- No other overloads of these names: one would make calls that rely on
-- defaults (kl_div(p, q)) ambiguous. (Untyped literals are ambiguous between
-- the float8[] and jsonb forms, as the README says.)
SELECT set_eq(
	$$SELECT oid::regprocedure::text FROM pg_proc
	  WHERE proname IN (SELECT name FROM expected_function)$$,
	$$SELECT oid::regprocedure::text FROM expected_proc$$,
	'no other functions share the 16 names');

SELECT has_function(name, args, format('%s(%s) exists', name, array_to_string(args, ', ')))
FROM expected_other ORDER BY name;
SELECT function_returns(name, args, returns, format('%s returns %s', name, returns))
FROM expected_other ORDER BY name;
SELECT volatility_is(name, args, volatility, format('%s is %s', name, upper(volatility)))
FROM expected_other ORDER BY name;
SELECT CASE WHEN strict
			THEN is_strict(name, args, format('%s is STRICT', name))
			ELSE isnt_strict(name, args, format('%s is not STRICT', name)) END
FROM expected_other ORDER BY name;
SELECT is((SELECT proparallel FROM pg_proc WHERE oid = to_regprocedure(name || '(' || array_to_string(args, ',') || ')')),
		  parallel, format('%s is PARALLEL %s', name, CASE parallel WHEN 's' THEN 'SAFE' ELSE 'UNSAFE' END))
FROM expected_other ORDER BY name;
SELECT function_lang_is(name, args, language, format('%s is LANGUAGE %s', name, language))
FROM expected_other ORDER BY name;
SELECT ok(coalesce(length(obj_description(to_regprocedure(name || '(' || array_to_string(args, ',') || ')'), 'pg_proc')), 0) > 0,
		  format('%s has a COMMENT', name))
FROM expected_other ORDER BY name;
-- The SQL-language members: drift_report_column_kind pins search_path;
-- drift_report cannot (it runs the caller's queries) and qualifies its calls.
SELECT is((SELECT proconfig FROM pg_proc WHERE oid = 'drift_report_column_kind(regtype)'::regprocedure),
		  '{"search_path=pg_catalog, pg_temp"}'::text[], 'drift_report_column_kind pins search_path');
SELECT is((SELECT count(*) FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
		   AND d.deptype = 'e' JOIN pg_extension x ON x.oid = d.refobjid AND x.extname = 'kl_divergence'
		   WHERE p.prosecdef), 0::bigint, 'no member is SECURITY DEFINER');

SELECT has_function(name, args, format('%s(%s) exists', name, array_to_string(args, ', ')))
FROM expected_function ORDER BY name;

SELECT function_returns(name, args, 'double precision', format('%s returns float8', name))
FROM expected_function ORDER BY name;

SELECT is(pg_get_function_arguments(oid), arguments,
		  format('%s has the specified argument names and defaults', name))
FROM expected_proc ORDER BY name;

SELECT volatility_is(name, args, 'immutable', format('%s is IMMUTABLE', name))
FROM expected_function ORDER BY name;

SELECT CASE WHEN strict
			THEN is_strict(name, args, format('%s is STRICT', name))
			ELSE isnt_strict(name, args, format('%s is not STRICT', name)) END
FROM expected_function ORDER BY name;

SELECT is((SELECT proparallel FROM pg_proc WHERE pg_proc.oid = e.oid), 's'::"char",
		  format('%s is PARALLEL SAFE', name))
FROM expected_proc e ORDER BY name;

SELECT function_lang_is(name, args, 'c', format('%s is LANGUAGE c', name))
FROM expected_function ORDER BY name;

SELECT ok(coalesce(length(obj_description(oid, 'pg_proc')), 0) > 0,
		  format('%s has a COMMENT', name))
FROM expected_proc ORDER BY name;

SELECT * FROM finish();
ROLLBACK;
