-- rebin(h, edges, new_edges): a histogram in histogram(value, edges)'s
-- layout moved onto other edges.
\pset null '(null)'
\i sql/error_of.psql

-- Splitting (uniform mass within a bin), merging, uneven overlaps.
SELECT rebin(ARRAY[1,10,20,30,2]::float8[], ARRAY[0,1,2,3]::float8[], ARRAY[0,0.5,1,2,3]::float8[]) AS split;
SELECT rebin(ARRAY[1,10,20,30,2]::float8[], ARRAY[0,1,2,3]::float8[], ARRAY[0,3]::float8[]) AS merged;
SELECT rebin(ARRAY[1,10,20,30,2]::float8[], ARRAY[0,1,2,3]::float8[], ARRAY[0.25,2.5]::float8[]) AS uneven;
-- The same edges give the same histogram, bit for bit.
SELECT rebin(h, e, e) = h AS identity
FROM (SELECT ARRAY[0.1, 1/3.0, 2/7.0, 1e-300, 5e300]::float8[] AS h,
             ARRAY[-1.5, 0.1, 0.1, 2e10]::float8[] AS e) a;
-- Underflow as a point just below the first edge, overflow at the last edge.
SELECT rebin(ARRAY[7,10,20,9]::float8[], ARRAY[0,1,2]::float8[], ARRAY[0.5,1.5]::float8[]) AS shifted,
       rebin(ARRAY[7,10,20,9]::float8[], ARRAY[0,1,2]::float8[], ARRAY[-1,0]::float8[]) AS underflow_below_first_edge,
       rebin(ARRAY[7,10,20,9]::float8[], ARRAY[0,1,2]::float8[], ARRAY[2,3]::float8[]) AS overflow_at_last_edge;
SELECT rebin(ARRAY[7,10,20,9]::float8[], ARRAY[0,1,2]::float8[], ARRAY[-5,-4]::float8[]) AS all_above,
       rebin(ARRAY[7,10,20,9]::float8[], ARRAY[0,1,2]::float8[], ARRAY[10,11]::float8[]) AS all_below;
-- Zero-width bins: a point mass at their edge.
SELECT rebin(ARRAY[0,4,6,8,0]::float8[], ARRAY[0,1,1,2]::float8[], ARRAY[0,1,2]::float8[]) AS onto_bin_at_edge,
       rebin(ARRAY[0,4,6,8,0]::float8[], ARRAY[0,1,1,2]::float8[], ARRAY[0,1,1,1,2]::float8[]) AS onto_zero_width,
       rebin(ARRAY[0,10,0]::float8[], ARRAY[0,2]::float8[], ARRAY[0,1,1,2]::float8[]) AS new_zero_width;
-- Total mass is preserved; an all-zero histogram stays all zero.
SELECT abs((SELECT sum(x) FROM unnest(rebin(h, e, n)) x) - (SELECT sum(x) FROM unnest(h) x)) < 1e-9 AS preserved
FROM (SELECT array_agg(1 + sin(i)) AS h FROM generate_series(1, 101) i) a,
     (SELECT array_agg(i * 0.37 + 0.1 * sin(i)^2 ORDER BY i) AS e FROM generate_series(1, 100) i) b,
     (SELECT array_agg(i * 1.7 ORDER BY i) AS n FROM generate_series(-3, 30) i) c;
SELECT rebin(ARRAY[0,0,0]::float8[], ARRAY[0,1]::float8[], ARRAY[0.5]::float8[]) AS zeros;
-- Merging onto a subset of the edges is histogram() on that subset.
SELECT rebin(histogram(x, ARRAY[0,1,2,3,4]::float8[]), ARRAY[0,1,2,3,4]::float8[], ARRAY[1,3]::float8[])
     = histogram(x, ARRAY[1,3]::float8[]) AS as_histogram
FROM generate_series(-1, 5, 0.25) x;
-- The result starts at subscript 1; NULL in, NULL out.
SELECT array_lower(rebin('[0:2]={1,2,3}'::float8[], ARRAY[0,1]::float8[], ARRAY[0]::float8[]), 1) AS lower_bound,
       rebin(NULL, ARRAY[0]::float8[], ARRAY[0]::float8[]) AS null_h;

-- Errors.
SELECT rebin(ARRAY[1,2,3]::float8[], ARRAY[0,1,2]::float8[], ARRAY[0,1]::float8[]);
SELECT rebin(ARRAY[1,2,3]::float8[], ARRAY[0,1]::float8[], ARRAY[0,2,1]::float8[]);
SELECT pg_temp.error_of($$SELECT rebin(ARRAY[1,2,3]::float8[], ARRAY[1,0]::float8[], ARRAY[0,1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT rebin(ARRAY[1,2,3]::float8[], ARRAY[0,'NaN']::float8[], ARRAY[0,1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT rebin(ARRAY[1,2,3]::float8[], ARRAY[0,1]::float8[], ARRAY['-Infinity',1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT rebin(ARRAY[1]::float8[], '{}'::float8[], ARRAY[0,1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT rebin(ARRAY[1,2,3]::float8[], ARRAY[0,1]::float8[], '{}'::float8[])$$);
SELECT pg_temp.error_of($$SELECT rebin(ARRAY[1,2,3]::float8[], ARRAY[0,1]::float8[], ARRAY[0,NULL]::float8[])$$);
SELECT pg_temp.error_of($$SELECT rebin(ARRAY[1,2,3]::float8[], ARRAY[0,1]::float8[], '{{0,1}}'::float8[])$$);
SELECT pg_temp.error_of($$SELECT rebin('[0:2]={1,-2,3}'::float8[], ARRAY[0,1]::float8[], ARRAY[0,1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT rebin(ARRAY[1,'NaN',3]::float8[], ARRAY[0,1]::float8[], ARRAY[0,1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT rebin(ARRAY[1,NULL,3]::float8[], ARRAY[0,1]::float8[], ARRAY[0,1]::float8[])$$);
SELECT pg_temp.error_of($$SELECT rebin(ARRAY[1.7e308,1.7e308,0]::float8[], ARRAY[0,1]::float8[], ARRAY[5]::float8[])$$);
