-- The extension in its own schema, next to another histogram() with the same
-- signature in public, as TimescaleDB's histogram(double precision, double
-- precision, double precision, integer) would be.
DROP EXTENSION kl_divergence;
CREATE SCHEMA stats;
CREATE EXTENSION kl_divergence SCHEMA stats;

-- A stand-in for the other extension's aggregate: integer counts, nbins + 2.
CREATE FUNCTION public.other_histogram_step(state int[], v float8, lo float8, hi float8, n int)
RETURNS int[] LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN v IS NULL THEN state ELSE
    (SELECT array_agg(coalesce(s, 0) + (i = width_bucket(v, lo, hi, n))::int ORDER BY i)
     FROM generate_series(0, n + 1) i LEFT JOIN unnest(state) WITH ORDINALITY u(s, o) ON o = i + 1)
  END
$$;
CREATE AGGREGATE public.histogram(float8, float8, float8, int) (
  SFUNC = public.other_histogram_step, STYPE = int[], INITCOND = '{}');

-- Both answer, each by its schema.
SELECT public.histogram(x, 0, 10, 5) AS other, stats.histogram(x, 0, 10, 5) AS ours
FROM generate_series(-1, 11) x;

-- With public first on the search path, histogram() is the other one;
-- the rest of ours still resolves through the schema.
SET search_path = public, stats;
SELECT pg_typeof(histogram(x, 0, 10, 5)) AS resolves_to FROM generate_series(1, 3) x;
SELECT round(kl_div(stats.histogram(x, 0, 10, 5), ARRAY[1, 2, 2, 2, 2, 2, 1]::float8[])::numeric, 12) AS kl
FROM generate_series(-1, 11) x;
SET search_path = stats, public;
SELECT pg_typeof(histogram(x, 0, 10, 5)) AS resolves_to FROM generate_series(1, 3) x;
RESET search_path;

-- Every object of the extension lives in its schema.
SELECT DISTINCT n.nspname
FROM pg_depend d JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'kl_divergence') AND d.deptype = 'e';

DROP AGGREGATE public.histogram(float8, float8, float8, int);
DROP FUNCTION public.other_histogram_step(int[], float8, float8, float8, int);
DROP EXTENSION kl_divergence;
DROP SCHEMA stats;
CREATE EXTENSION kl_divergence;
