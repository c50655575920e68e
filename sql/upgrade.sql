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

-- The updated extension has exactly the objects of a fresh install.
CREATE TEMP TABLE updated AS
SELECT pg_describe_object(classid, objid, 0) AS object
FROM pg_depend WHERE refobjid = (SELECT oid FROM pg_extension WHERE extname = 'kl_divergence') AND deptype = 'e';
DROP EXTENSION kl_divergence;
CREATE EXTENSION kl_divergence;
SELECT count(*) AS objects,
       count(*) FILTER (WHERE object NOT IN (SELECT object FROM updated)) AS missing_after_update
FROM (SELECT pg_describe_object(classid, objid, 0) AS object
      FROM pg_depend WHERE refobjid = (SELECT oid FROM pg_extension WHERE extname = 'kl_divergence') AND deptype = 'e') fresh;
SELECT count(*) AS extra_after_update FROM updated
WHERE object NOT IN (SELECT pg_describe_object(classid, objid, 0) FROM pg_depend
                     WHERE refobjid = (SELECT oid FROM pg_extension WHERE extname = 'kl_divergence') AND deptype = 'e');
