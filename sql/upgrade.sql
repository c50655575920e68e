-- Upgrades: create the oldest version and update through every step.
DROP EXTENSION kl_divergence;
CREATE EXTENSION kl_divergence VERSION '0.1.0';
SELECT extversion FROM pg_extension WHERE extname = 'kl_divergence';
SELECT count(*) AS histogram_aggregates FROM pg_proc WHERE proname = 'histogram';
SELECT round(kl_div(ARRAY[1, 2, 3]::float8[], ARRAY[3, 2, 1]::float8[])::numeric, 12) AS kl;

SELECT * FROM pg_extension_update_paths('kl_divergence')
WHERE source = '0.1.0' AND path IS NOT NULL ORDER BY target;

ALTER EXTENSION kl_divergence UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'kl_divergence';
SELECT count(*) AS histogram_aggregates FROM pg_proc WHERE proname = 'histogram';
SELECT histogram(x, 0, 10, 5) FROM generate_series(-1, 11) x;

-- The updated extension has exactly the objects of a fresh install, which
-- runs the current version's whole script (kl_divergence--0.4.0.sql), not
-- the chain: the same functions and aggregates, and for each the same
-- signature, result, argument names and defaults, language, body,
-- volatility, strictness, parallel safety, settings, comment and, for an
-- aggregate, the same state type, initial value and support functions.
CREATE TEMP VIEW extension_catalog AS
SELECT p.oid::regprocedure::text AS signature, p.prokind, pg_get_function_result(p.oid) AS result,
       pg_get_function_arguments(p.oid) AS arguments, l.lanname, p.prosrc, p.probin,
       p.provolatile, p.proisstrict, p.proparallel, p.prosecdef, p.proconfig,
       obj_description(p.oid, 'pg_proc') AS comment,
       a.aggtranstype::regtype::text AS state_type, a.agginitval,
       a.aggtransfn::regprocedure::text AS transition, a.aggcombinefn::regprocedure::text AS combine,
       a.aggfinalfn::regprocedure::text AS final, a.aggfinalmodify
FROM pg_depend d
JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
JOIN pg_language l ON l.oid = p.prolang
LEFT JOIN pg_aggregate a ON a.aggfnoid = p.oid
WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'kl_divergence') AND d.deptype = 'e';
CREATE TEMP TABLE updated_catalog AS SELECT * FROM extension_catalog;
CREATE TEMP TABLE updated AS
SELECT pg_describe_object(classid, objid, 0) AS object
FROM pg_depend WHERE refobjid = (SELECT oid FROM pg_extension WHERE extname = 'kl_divergence') AND deptype = 'e';
DROP EXTENSION kl_divergence;
CREATE EXTENSION kl_divergence;
-- (Array types are left out of the count: whether the array type of a
-- composite type such as gaussian is a member differs between majors.)
SELECT count(*) FILTER (WHERE object NOT LIKE 'type %[]') AS objects,
       count(*) FILTER (WHERE object NOT IN (SELECT object FROM updated)) AS missing_after_update
FROM (SELECT pg_describe_object(classid, objid, 0) AS object
      FROM pg_depend WHERE refobjid = (SELECT oid FROM pg_extension WHERE extname = 'kl_divergence') AND deptype = 'e') fresh;
SELECT count(*) AS extra_after_update FROM updated
WHERE object NOT IN (SELECT pg_describe_object(classid, objid, 0) FROM pg_depend
                     WHERE refobjid = (SELECT oid FROM pg_extension WHERE extname = 'kl_divergence') AND deptype = 'e');
SELECT count(*) AS functions,
       (SELECT count(*) FROM (TABLE updated_catalog EXCEPT SELECT * FROM extension_catalog) u) AS differ_after_update,
       (SELECT count(*) FROM (SELECT * FROM extension_catalog EXCEPT TABLE updated_catalog) f) AS differ_in_fresh_install
FROM extension_catalog;
-- Any function that differs, by signature, and on which side.
SELECT signature, 'after update' AS side FROM (TABLE updated_catalog EXCEPT SELECT * FROM extension_catalog) u
UNION ALL
SELECT signature, 'fresh install' FROM (SELECT * FROM extension_catalog EXCEPT TABLE updated_catalog) f
ORDER BY 1, 2;
