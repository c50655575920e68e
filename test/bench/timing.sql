-- test/bench/timing.sql: the timing harness of the SQL benchmarks, for psql.
--
-- The including script first creates
--   CREATE TEMP TABLE query (id int PRIMARY KEY, label text, workers int, sql text);
-- and sets bench.rounds. This file adds run(q) (a query's one-row result as
-- text), time_ms(q) (milliseconds inside the server: planning + execution,
-- clock_timestamp() around EXECUTE, so not psql's start-up),
-- time_rounds() (every query, round-robin, bench.rounds times, into
-- timing), the view median (per query: median, min and max ms) and the view
-- median_table, what the benchmarks print. Queries
-- run serially, or with `workers` parallel workers and free parallelism, so
-- the planner always uses them.

CREATE TEMP TABLE timing (id int, round int, ms float8);

CREATE FUNCTION use_workers(workers int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	PERFORM set_config('max_parallel_workers_per_gather', workers::text, false);
	PERFORM set_config('parallel_setup_cost', CASE WHEN workers > 0 THEN '0' ELSE '1000' END, false);
	PERFORM set_config('parallel_tuple_cost', CASE WHEN workers > 0 THEN '0' ELSE '0.1' END, false);
END $$;

CREATE FUNCTION run(q query) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	result text;
BEGIN
	PERFORM use_workers(q.workers);
	EXECUTE q.sql INTO result;
	RETURN result;
END $$;

-- Milliseconds for one query; the result (one small row) stays in the server.
CREATE FUNCTION time_ms(q query) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE
	result record;
	started timestamptz;
BEGIN
	PERFORM use_workers(q.workers);
	started := clock_timestamp();
	EXECUTE q.sql INTO result;
	RETURN 1000 * extract(epoch FROM clock_timestamp() - started);
END $$;

-- Round-robin, starting each round one query further on, so no query
-- always runs right after the same neighbour.
CREATE PROCEDURE time_rounds() LANGUAGE plpgsql AS $$
DECLARE
	rounds int := current_setting('bench.rounds')::int;
	n int := (SELECT count(*) FROM query);
	q query;
BEGIN
	FOR r IN 1 .. rounds LOOP
		FOR i IN 0 .. n - 1 LOOP
			SELECT * INTO q FROM query ORDER BY id OFFSET (r + i) % n LIMIT 1;
			INSERT INTO timing VALUES (q.id, r, time_ms(q));
		END LOOP;
	END LOOP;
END $$;

CREATE TEMP VIEW median AS
	SELECT id, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS ms,
	       min(ms) AS min_ms, max(ms) AS max_ms
	  FROM timing GROUP BY id;

-- The table every benchmark prints: each query's median, min and max ms.
CREATE TEMP VIEW median_table AS
	SELECT q.label AS query, round(m.ms::numeric, 1) AS median_ms,
	       round(m.min_ms::numeric, 1) AS min_ms, round(m.max_ms::numeric, 1) AS max_ms
	  FROM query q JOIN median m USING (id) ORDER BY id;
