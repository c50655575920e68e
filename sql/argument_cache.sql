-- The caches of constant arguments (src/cached_arg.c): kl_div and its
-- kin keep q checked and summed across rows, histogram(value, edges) keeps
-- its edges and the states it compared with them. Whatever the argument's
-- source, a value that changes between rows must be seen as changed, also
-- at an address where another value was before, and results must be those
-- of the same call without a cache.
\pset null '(null)'

\i sql/error_of.psql

CREATE FUNCTION pg_temp.width_bucket_counts(vals float8[], edges float8[])
RETURNS float8[] LANGUAGE sql AS $$
  SELECT array_agg(coalesce(c.n, 0)::float8 ORDER BY b)
  FROM generate_series(0, cardinality(edges)) b
  LEFT JOIN (SELECT width_bucket(v, edges) AS b, count(*) AS n FROM unnest(vals) v GROUP BY 1) c USING (b)
$$;

SELECT setseed(0.13);

-- q: a literal (a Const, cached for the whole query) against the same q
-- read afresh on every row (text round trip: a new value each row, never
-- cached); the same bits.
CREATE TEMP TABLE hists AS
  SELECT id, ARRAY(SELECT floor(random() * 50) FROM generate_series(1, 300)) AS p
    FROM generate_series(1, 200) id;
CREATE TEMP TABLE ref AS
  SELECT ARRAY(SELECT 1 + floor(random() * 50) FROM generate_series(1, 300)) AS q;
SELECT format($$SELECT bool_and(kl_div(p, %1$s) = kl_div(p, %1$s::text::float8[])
                    AND jsd(p, %1$s) = jsd(p, %1$s::text::float8[])
                    AND js_distance(p, %1$s, 2) = js_distance(p, %1$s::text::float8[], 2)
                    AND psi(p, %1$s, 1e-4) = psi(p, %1$s::text::float8[], 1e-4)
                    AND chi2_div(p, %1$s) = chi2_div(p, %1$s::text::float8[])
                    AND cross_entropy(p, %1$s, 10) = cross_entropy(p, %1$s::text::float8[], 10)
                    AND kl_div(p, %1$s, NULL, 0.5) = kl_div(p, %1$s::text::float8[], NULL, 0.5))
               FROM hists$$, quote_literal(q) || '::float8[]') AS query FROM ref \gset
SELECT :'query' IS NOT NULL AS literal_q;
:query;

-- q TOASTed (cached by its TOAST pointer) and changing between rows, each
-- the same length: two values, each stored more than once, in an order that
-- goes back and forth; and compressed inline values that change.
CREATE TEMP TABLE pairs (id int, p float8[], q float8[]);
ALTER TABLE pairs ALTER COLUMN q SET STORAGE EXTERNAL;
INSERT INTO pairs
  SELECT id, ARRAY(SELECT floor(random() * 50) FROM generate_series(1, 3000)),
         CASE WHEN id % 3 = 0 THEN (SELECT array_agg(1 + (i % 7)) FROM generate_series(1, 3000) i)
              ELSE (SELECT array_agg(1 + (i % 11)) FROM generate_series(1, 3000) i) END
    FROM generate_series(1, 12) id;
SELECT count(DISTINCT q) AS distinct_q, bool_and(pg_column_size(q) > 20000) AS stored_out_of_line FROM pairs;
SELECT bool_and(a = b) AS toasted_q_same_bits
  FROM (SELECT kl_div(p, q) AS a, kl_div(p, q::text::float8[]) AS b FROM pairs ORDER BY id) s;
CREATE TEMP TABLE packed (id int, q float8[]);
INSERT INTO packed
  SELECT id, (SELECT array_agg(CASE WHEN i = id THEN 2 ELSE 1 END) FROM generate_series(1, 1000) i)
    FROM generate_series(1, 6) id;
SELECT bool_and(pg_column_size(q) < 2000) AS compressed_inline FROM packed;
SELECT array_agg(round(kl_div(p.q, packed.q)::numeric, 12) ORDER BY packed.id) AS kl_div_of_changing_q,
       bool_and(kl_div(p.q, packed.q) = kl_div(p.q, packed.q::text::float8[])) AS same_bits
  FROM packed, (SELECT q FROM packed WHERE id = 1) p;
-- q made per row in memory that the next row reuses.
SELECT i, round(kl_div('{1, 2, 3}', q)::numeric, 12) AS kl_div
  FROM (SELECT i, ARRAY[i, 1, 1]::float8[] AS q FROM generate_series(1, 3) i) s;
-- A q that turns bad on a later row is refused there; a bad constant q too.
SELECT pg_temp.error_of($$SELECT kl_div(p, CASE WHEN id < 5 THEN q ELSE array_fill(-1::float8, ARRAY[3000]) END) FROM pairs$$);
SELECT pg_temp.error_of($$SELECT kl_div(p, '{1,-1,1}') FROM (VALUES ('{1,1,1}'::float8[])) v(p)$$);
SELECT pg_temp.error_of($$SELECT kl_div(p, '{1,1}') FROM (VALUES ('{1,1,1}'::float8[])) v(p)$$);

-- histogram(value, edges): edges from every kind of source give the counts
-- of width_bucket, with 40 edges (binary search) and 4,000 (the guide).
CREATE TEMP TABLE vals AS
  SELECT g, round((random() * 12 - 1)::numeric, 3)::float8 AS v
    FROM generate_series(1, 4000) i, generate_series(1, 3) g;
CREATE TEMP TABLE edge_sets (n int, edges float8[]);
ALTER TABLE edge_sets ALTER COLUMN edges SET STORAGE EXTERNAL;
INSERT INTO edge_sets
  SELECT n, ARRAY(SELECT round((k * 10.0 / n)::numeric, 3)::float8 FROM generate_series(0, n - 1) k)
    FROM (VALUES (40), (4000)) AS s(n);
SELECT n, (SELECT histogram(v, e.edges) FROM vals) = pg_temp.width_bucket_counts((SELECT array_agg(v) FROM vals), e.edges) AS correlated_param,
       (SELECT histogram(v, e2.edges) FROM vals, edge_sets e2 WHERE e2.n = e.n) = pg_temp.width_bucket_counts((SELECT array_agg(v) FROM vals), e.edges) AS toasted_column
  FROM edge_sets e ORDER BY n;
SELECT histogram(v, (SELECT edges FROM edge_sets WHERE n = 4000))
       = pg_temp.width_bucket_counts((SELECT array_agg(v) FROM vals), (SELECT edges FROM edge_sets WHERE n = 4000)) AS init_plan
  FROM vals;
SELECT format('SELECT histogram(v, %s::float8[]) = pg_temp.width_bucket_counts((SELECT array_agg(v) FROM vals), %1$s::float8[]) AS literal FROM vals',
              quote_literal(edges)) AS query FROM edge_sets WHERE n = 4000 \gset
:query;
-- A parameter in a generic plan: two executions, two sets of edges.
PREPARE by_edges(float8[]) AS SELECT histogram(v, $1) FROM vals;
SET plan_cache_mode = force_generic_plan;
EXECUTE by_edges('{0, 5, 10}');
EXECUTE by_edges('{2, 4, 6}');
RESET plan_cache_mode;
DEALLOCATE by_edges;

-- Edges from an outer query, one array per outer row, each made in memory
-- that the next row reuses (the same address, another value): each row
-- gets its own edges.
SELECT i, (SELECT histogram(x, e) FROM generate_series(0, 10) x) AS h
  FROM (SELECT i, ARRAY[i, i + 1, i + 2]::float8[] AS e FROM generate_series(1, 4) i) s;
SELECT i, (SELECT histogram(x, 0.5, e) FROM generate_series(0, 10) x) AS h
  FROM (SELECT i, ARRAY[i, i + 1, i + 2]::float8[] AS e FROM generate_series(1, 4) i) s;

-- Edges that change between groups are allowed, in sorted and in hashed
-- grouping, with groups interleaved; within a group they are refused, also
-- when the group's state was compared with the edges before, and when the
-- edges change back to the first ones after.
CREATE TEMP TABLE group_edges (g int, edges float8[]);
INSERT INTO group_edges VALUES (1, '{0, 5, 10}'), (2, '{1, 2, 3}'), (3, '{0, 5, 10}');
SET enable_hashagg = off;
SELECT vals.g, histogram(v, edges) = pg_temp.width_bucket_counts(array_agg(v), edges) AS sorted_same
  FROM vals JOIN group_edges USING (g) GROUP BY vals.g, edges ORDER BY 1;
RESET enable_hashagg;
SET enable_sort = off;
SELECT vals.g, histogram(v, edges) = pg_temp.width_bucket_counts(array_agg(v), edges) AS hashed_same
  FROM vals JOIN group_edges USING (g) GROUP BY vals.g, edges ORDER BY 1;
RESET enable_sort;
SELECT pg_temp.error_of($$SELECT histogram(x, CASE WHEN x < 5 THEN '{0, 5, 10}' ELSE '{0, 5, 11}' END::float8[]) FROM generate_series(0, 10) x$$);
SELECT pg_temp.error_of($$SELECT histogram(x, CASE WHEN x = 7 THEN '{1, 2, 3}' ELSE '{0, 5, 10}' END::float8[]) FROM generate_series(0, 10) x$$);
SELECT pg_temp.error_of($$SELECT g, histogram(x, CASE WHEN g = 2 AND x = 9 THEN '{1, 2}' ELSE '{0, 5, 10}' END::float8[]) FROM generate_series(0, 10) x, generate_series(1, 3) g GROUP BY g$$);
SELECT pg_temp.error_of($$SELECT histogram(x, edges) FROM (SELECT x, e.edges FROM generate_series(0, 10) x JOIN edge_sets e ON e.n = CASE WHEN x < 8 THEN 4000 ELSE 40 END ORDER BY x) s$$);

-- As a window function (no state is trusted by its address there).
SELECT x, histogram(x, '{2, 4}'::float8[]) OVER (ORDER BY x) FROM generate_series(1, 5) x;
-- A user's aggregate with an INITCOND on the same transition function: its
-- states are not ours, so each group's is compared with the edges.
CREATE AGGREGATE pg_temp.histogram_from(float8, float8[]) (
    SFUNC = histogram_transition, STYPE = float8[], FINALFUNC = histogram_final,
    INITCOND = '{2, 2, 0, 5, 0, 0, 0}');
SELECT g, pg_temp.histogram_from(x, '{0, 5}') FROM generate_series(0, 10) x, generate_series(1, 2) g GROUP BY g ORDER BY g;
SELECT pg_temp.error_of($$SELECT pg_temp.histogram_from(x, '{0, 6}') FROM generate_series(0, 10) x$$);

-- Grouping sets: rows alternate between the sets' aggregate contexts, and
-- every set's histograms are those of the literal edges.
SELECT g IS NULL AS total, histogram(v, (SELECT array_agg(k * 0.1) FROM generate_series(0, 10) k))
     = histogram(v, '{0,0.1,0.2,0.30000000000000004,0.4,0.5,0.6000000000000001,0.7000000000000001,0.8,0.9,1}'::float8[]) AS same
FROM (SELECT g, (g * 7 + x) % 10 / 10.0 + 0.05 AS v FROM generate_series(1, 3) g, generate_series(1, 50) x) s
GROUP BY ROLLUP (g) ORDER BY g;
