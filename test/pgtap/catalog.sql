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
SELECT plan(108);

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
('ks_distance', '{double precision[],double precision[]}', true,
 'p double precision[], q double precision[]'),
('kl_div_normal', '{double precision,double precision,double precision,double precision}', true,
 'mu1 double precision, sigma1 double precision, mu2 double precision, sigma2 double precision');

-- The pg_proc row of each expected function (NULL oid if it is missing).
CREATE TEMP VIEW expected_proc AS
SELECT e.*, to_regprocedure(e.name || '(' || array_to_string(e.args, ',') || ')') AS oid
FROM expected_function e;

SELECT has_extension('kl_divergence', 'the extension is installed');

SELECT is((SELECT installed_version FROM pg_available_extensions WHERE name = 'kl_divergence'),
		  (SELECT default_version FROM pg_available_extensions WHERE name = 'kl_divergence'),
		  'the installed version is the default version');

-- The extension owns the 13 functions (it may own more, such as later
-- versions' aggregates).
SELECT set_has(
	$$SELECT p.oid::regprocedure::text
	  FROM pg_depend d JOIN pg_proc p ON p.oid = d.objid
	  JOIN pg_extension x ON x.oid = d.refobjid
	  WHERE d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
		AND x.extname = 'kl_divergence'$$,
	$$SELECT oid::regprocedure::text FROM expected_proc$$,
	'the extension owns the 13 specified functions');

-- No other overloads of these names: one would make calls that rely on
-- defaults (kl_div(p, q)) or on untyped literals ambiguous.
SELECT set_eq(
	$$SELECT oid::regprocedure::text FROM pg_proc
	  WHERE proname IN (SELECT name FROM expected_function)$$,
	$$SELECT oid::regprocedure::text FROM expected_proc$$,
	'no other functions share the 13 names');

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
