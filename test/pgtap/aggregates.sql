-- aggregates.sql: the histogram aggregates as the catalog records them
-- (ready for parallel query and for distributed PostgreSQL), and their
-- invariants on random data.
\unset ECHO
\set QUIET 1
\pset format unaligned
\pset tuples_only true
\pset pager off
\set ON_ERROR_ROLLBACK 1
\set ON_ERROR_STOP true

BEGIN;
SELECT plan(61);

CREATE TEMP TABLE expected_aggregate (name name, args name[]);
INSERT INTO expected_aggregate VALUES
('histogram', '{double precision,double precision,double precision,integer}'),
('histogram', '{double precision,double precision,double precision,double precision,integer}'),
('histogram', '{double precision,double precision[]}'),
('histogram', '{double precision,double precision,double precision[]}'),
('histogram_sum', '{double precision[]}'),
('quantile_edges', '{double precision,integer}');

CREATE TEMP VIEW aggregate_catalog AS
SELECT e.name, e.args, p.oid AS fn, p.proparallel, a.aggcombinefn, a.aggtranstype,
       a.aggserialfn, a.aggfinalmodify
FROM expected_aggregate e
JOIN pg_proc p ON p.proname = e.name
 AND array_to_string(p.proargtypes::regtype[], ',') = array_to_string(e.args, ',')
JOIN pg_aggregate a ON a.aggfnoid = p.oid;

SELECT is_aggregate(name, args, format('%s(%s) is an aggregate', name, array_to_string(args, ', ')))
FROM expected_aggregate;
SELECT function_returns(name, args, 'double precision[]',
                        format('%s(%s) returns float8[]', name, array_to_string(args, ', ')))
FROM expected_aggregate;
SELECT is(proparallel, 's', format('%s(%s) is PARALLEL SAFE', name, array_to_string(args, ', ')))
FROM aggregate_catalog;
SELECT isnt(aggcombinefn, 0::regproc, format('%s(%s) has a combine function', name, array_to_string(args, ', ')))
FROM aggregate_catalog;
SELECT is(aggtranstype, 'float8[]'::regtype::oid,
          format('%s(%s) keeps a float8[] state, not internal', name, array_to_string(args, ', ')))
FROM aggregate_catalog;
SELECT isnt(obj_description(fn, 'pg_proc'), NULL, format('%s(%s) has a comment', name, array_to_string(args, ', ')))
FROM aggregate_catalog;
SELECT is(aggfinalmodify, 'r', format('%s(%s) final function leaves the state read-only', name, array_to_string(args, ', ')))
FROM aggregate_catalog;

-- Invariants on random data, with NULLs, outliers and random groups.
SELECT setseed(0.11);
CREATE TEMP TABLE samples AS
SELECT i % 13 AS g,
       CASE WHEN random() < 0.05 THEN NULL ELSE random() * 140 - 20 END AS v,
       random() * 3 AS w
FROM generate_series(1, 20000) i;

SELECT is((SELECT count(*) FROM (SELECT g, histogram(v, 0, 100, 17) AS h, count(v) AS n
                                 FROM samples GROUP BY g) s
           WHERE (SELECT sum(x) FROM unnest(h) x) <> n),
          0::bigint, 'every non-NULL value lands in exactly one element (equal width)');
SELECT is((SELECT count(*) FROM (SELECT g, histogram(v, ARRAY[-5, 0, 0, 30, 99.5]::float8[]) AS h, count(v) AS n
                                 FROM samples GROUP BY g) s
           WHERE (SELECT sum(x) FROM unnest(h) x) <> n OR cardinality(h) <> 6),
          0::bigint, 'every non-NULL value lands in exactly one element (edges), 6 elements for 5 edges');
SELECT is((SELECT count(*) FROM (SELECT g, histogram(v, 0, 100, 17) AS h FROM samples GROUP BY g) s
           WHERE cardinality(h) <> 19),
          0::bigint, 'nbins + 2 elements');
SELECT ok((SELECT abs((SELECT sum(x) FROM unnest(histogram(v, w, 0, 100, 17)) x) - sum(w) FILTER (WHERE v IS NOT NULL))
                  <= 1e-9 * sum(w) FROM samples),
          'weighted: the elements add up to the total weight');
SELECT is((SELECT histogram_sum(h) FROM (SELECT g, histogram(v, 0, 100, 17) AS h FROM samples GROUP BY g) s),
          (SELECT histogram(v, 0, 100, 17) FROM samples),
          'histogram_sum of per-group histograms = histogram of all rows');
SELECT is((SELECT histogram(v, 0, 100, 17) FROM samples WHERE g = 3),
          (SELECT array_agg(coalesce(c, 0)::float8 ORDER BY b)
           FROM generate_series(0, 18) b
           LEFT JOIN (SELECT width_bucket(v, 0, 100, 17) AS b, count(*) AS c
                      FROM samples WHERE g = 3 AND v IS NOT NULL GROUP BY 1) x USING (b)),
          'equals the width_bucket + GROUP BY + array_agg formulation');
SELECT ok((SELECT kl_div(histogram(v, 0, 100, 17), histogram(v, 0, 100, 17), epsilon => 1e-9) = 0 FROM samples),
          'a histogram fed to kl_div against itself gives 0');

-- category_counts: a jsonb state (a real type, not internal), parallel safe.
SELECT is(array_agg(DISTINCT p.proparallel), '{s}'::"char"[], 'category_counts (both forms) is PARALLEL SAFE')
FROM pg_proc p WHERE p.proname = 'category_counts';
SELECT is(array_agg(DISTINCT a.aggtranstype::regtype::text), '{jsonb}', 'category_counts keeps a jsonb state')
FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid WHERE p.proname = 'category_counts';
SELECT is(count(*) FILTER (WHERE a.aggcombinefn <> 0), 4::bigint,
          'every form of category_counts (anyelement, text; with and without weight) has a combine function')
FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid WHERE p.proname = 'category_counts';
-- The text forms, which Citus can distribute: text, varchar and unknown
-- literals resolve to them, and they give the keys value::text gives.
CREATE TEMP VIEW category_calls AS
SELECT category_counts(g::varchar) AS a, category_counts('x') AS b, category_counts(g::text, 2) AS c FROM samples;
SELECT is(array_agg(DISTINCT d.refobjid::regprocedure::text ORDER BY d.refobjid::regprocedure::text),
          '{"category_counts(text)","category_counts(text,double precision)"}',
          'category_counts of varchar, text and an unknown literal resolves to the text forms')
FROM pg_depend d JOIN pg_rewrite r ON d.objid = r.oid
WHERE r.ev_class = 'category_calls'::regclass AND d.refclassid = 'pg_proc'::regclass
  AND d.refobjid::regprocedure::text LIKE 'category_counts%';
SELECT is((SELECT category_counts(g::text) FROM samples), (SELECT category_counts(g) FROM samples),
          'category_counts(value::text) equals category_counts(value)');
SELECT is((SELECT category_counts(g) FROM samples),
          (SELECT jsonb_object_agg(g::text, n) FROM (SELECT g, count(*) AS n FROM samples GROUP BY g) c),
          'category_counts equals the GROUP BY + jsonb_object_agg formulation');
SELECT ok((SELECT abs((SELECT sum(value::float8) FROM jsonb_each(category_counts(g, w))) - sum(w)) <= 1e-9 * sum(w)
           FROM samples), 'weighted category_counts add up to the total weight');

-- quantile_edges: histogram on the edges over the same rows fills each
-- bin with about a tenth of them (exactly, up to ties, in the exact regime).
SELECT is((SELECT count(*) FROM (SELECT g, quantile_edges(v, 10) AS e FROM samples GROUP BY g) q
           WHERE (SELECT histogram(v, q.e) FROM samples s WHERE s.g = q.g)[1] <> 0
              OR (SELECT histogram(v, q.e) FROM samples s WHERE s.g = q.g)[cardinality(q.e) + 1] <> 0),
          0::bigint, 'quantile_edges: the rows binned on their own edges have no underflow or overflow');
SELECT ok((SELECT bool_and(x BETWEEN 0.09 AND 0.11)
           FROM (SELECT unnest(h[2:cardinality(h) - 1]) / sum_h AS x
                 FROM (SELECT h, (SELECT sum(y) FROM unnest(h) y) AS sum_h
                       FROM (SELECT histogram(v, (SELECT quantile_edges(v, 10) FROM samples)) AS h FROM samples) a) b) c),
          'quantile_edges: each of the 10 bins holds a tenth of the rows (within 1%)');
SELECT ok((SELECT psi(a.h, b.h, 1e-6) > 0.1
           FROM (SELECT histogram(v, 0, 100, 17) AS h FROM samples) a,
                (SELECT histogram(v * 0.7, 0, 100, 17) AS h FROM samples) b),
          'a shifted population shows up in psi of the histograms');
SELECT is((SELECT histogram(v, 0, 100, 17) FROM samples WHERE false), NULL, 'no rows give NULL');
SELECT is((SELECT histogram_sum(NULL::float8[]) FROM samples WHERE g = 0), NULL, 'only NULL histograms give NULL');

SELECT * FROM finish();
ROLLBACK;
