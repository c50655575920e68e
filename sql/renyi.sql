-- renyi_div(p, q, alpha, epsilon) and perplexity(p).
\pset null '(null)'
\i sql/error_of.psql

-- alpha = 1 is kl_div exactly; near 1 it tends to it.
SELECT renyi_div(ARRAY[1, 2, 3]::float8[], ARRAY[3, 2, 1]::float8[], 1) = kl_div(ARRAY[1, 2, 3]::float8[], ARRAY[3, 2, 1]::float8[]) AS alpha_one_is_kl;
SELECT abs(renyi_div(ARRAY[1, 2, 3]::float8[], ARRAY[3, 2, 1]::float8[], 1 + 1e-9)
           - kl_div(ARRAY[1, 2, 3]::float8[], ARRAY[3, 2, 1]::float8[])) < 1e-8 AS near_one;
-- alpha = 1/2: -2 ln sum sqrt(p q), the Bhattacharyya form.
SELECT round(renyi_div(ARRAY[1, 3]::float8[], ARRAY[3, 1]::float8[], 0.5)::numeric, 12) AS half,
       round((-2 * ln(2 * sqrt(0.25 * 0.75)))::numeric, 12) AS expected;
-- alpha = 2: ln sum p^2 / q.
SELECT round(renyi_div(ARRAY[1, 3]::float8[], ARRAY[3, 1]::float8[], 2)::numeric, 12) AS two,
       round(ln(0.25 * 0.25 / 0.75 + 0.75 * 0.75 / 0.25)::numeric, 12) AS expected;
-- alpha = 0: -ln Q(p > 0); alpha = Infinity: ln max p/q.
SELECT round(renyi_div(ARRAY[1, 0, 1]::float8[], ARRAY[1, 2, 1]::float8[], 0)::numeric, 12) AS zero, round(ln(2)::numeric, 12) AS expected;
SELECT round(renyi_div(ARRAY[1, 3]::float8[], ARRAY[3, 1]::float8[], 'Infinity')::numeric, 12) AS infinite_order, round(ln(3)::numeric, 12) AS expected;
-- Zero mass: Infinity for alpha >= 1, finite below 1 unless the supports are disjoint.
SELECT renyi_div(ARRAY[1, 1]::float8[], ARRAY[0, 1]::float8[], 2) AS q_zero_alpha_2,
       renyi_div(ARRAY[1, 1]::float8[], ARRAY[0, 1]::float8[], 1) AS q_zero_alpha_1,
       round(renyi_div(ARRAY[1, 1]::float8[], ARRAY[0, 1]::float8[], 0.5)::numeric, 12) AS q_zero_alpha_half,
       renyi_div(ARRAY[1, 0]::float8[], ARRAY[0, 1]::float8[], 0.5) AS disjoint;
SELECT round(renyi_div(ARRAY[1, 1]::float8[], ARRAY[0, 1]::float8[], 2, epsilon => 0.01)::numeric, 10) AS smoothed;
SELECT renyi_div(ARRAY[1, 2]::float8[], ARRAY[1, 2]::float8[], 3) AS self;
SELECT round(renyi_div('{"a": 1, "b": 3}'::jsonb, '{"b": 1, "a": 3}'::jsonb, 0.5)::numeric, 12) AS jsonb_half;
SELECT pg_temp.error_of($$SELECT renyi_div(ARRAY[1]::float8[], ARRAY[1]::float8[], -1)$$);
SELECT pg_temp.error_of($$SELECT renyi_div(ARRAY[1]::float8[], ARRAY[1]::float8[], 'NaN')$$);
SELECT pg_temp.error_of($$SELECT renyi_div(ARRAY[1, 2]::float8[], ARRAY[1]::float8[], 2)$$);
SELECT pg_temp.error_of($$SELECT renyi_div(ARRAY[1, -2]::float8[], ARRAY[1, 1]::float8[], 2)$$);
SELECT renyi_div(ARRAY[1]::float8[], ARRAY[1]::float8[], NULL) AS null_alpha;

-- perplexity = exp(H in nats), whatever base H is measured in.
SELECT round(perplexity(ARRAY[1, 1, 1, 1]::float8[])::numeric, 12) AS uniform_four,
       perplexity(ARRAY[0, 5, 0]::float8[]) AS one_bin,
       round(perplexity(ARRAY[1, 3]::float8[])::numeric, 12) = round(exp(entropy(ARRAY[1, 3]::float8[]))::numeric, 12) AS is_exp_entropy,
       round(perplexity(ARRAY[1, 3]::float8[])::numeric, 12) = round((2 ^ entropy(ARRAY[1, 3]::float8[], 2))::numeric, 12) AS same_in_bits;
SELECT round(perplexity('{"a": 1, "b": 1}'::jsonb)::numeric, 12) AS jsonb_two;
SELECT pg_temp.error_of($$SELECT perplexity(ARRAY[0, 0]::float8[])$$);
