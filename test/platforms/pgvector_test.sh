#!/usr/bin/env bash
# test/platforms/pgvector_test.sh: drift_report and gaussian_fit over
# pgvector's vector columns, with pgvector (Debian's package) in public and
# ours in its own schema. A vector reaches gaussian_fit through pgvector's
# implicit cast to real[]; the results must equal those of the same column
# cast to real[] by hand, pgvector's own functions must keep resolving,
# and our cosine of the means must agree with pgvector's (which computes in
# float4). Ends with "pgvector: N passed, N failed".
source "$(dirname "$0")/../lib.sh"
set +e

kld_start_cluster pgvector || { echo "pgvector: 0 passed, 1 failed"; exit 1; }
psql -q -X -v ON_ERROR_STOP=1 <<'SQL' >/dev/null || { echo "pgvector: 0 passed, 1 failed"; exit 1; }
SET client_min_messages = warning;
CREATE EXTENSION vector;
CREATE SCHEMA stats;
CREATE EXTENSION kl_divergence SCHEMA stats;
SELECT setseed(0.5);
-- 16 dimensions; "shifted" moves the first four by half a standard deviation.
CREATE TABLE items AS
SELECT g AS id, side,
       ARRAY(SELECT CASE WHEN side = 'shifted' AND j <= 4 THEN 0.5 ELSE 0 END + 1
                    + sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())
             FROM generate_series(1, 16) j WHERE g > 0)::vector(16) AS embedding
FROM generate_series(1, 12000) g,
     LATERAL (SELECT CASE WHEN g <= 6000 THEN 'reference' WHEN g <= 9000 THEN 'same' ELSE 'shifted' END) s(side);
SQL

passed=0
failed=0

report() {	# report SIDE EXPRESSION [ARGS]: drift_report of one column e
	echo "stats.drift_report('SELECT $2 AS e FROM items WHERE side = ''reference''',
	                         'SELECT $2 AS e FROM items WHERE side = ''$1''' ${3:-})"
}

kld_check_true "vector is an embedding to drift_report" \
	"SELECT stats.drift_report_column_kind('vector') = 'embedding'"
kld_check_true "halfvec and sparsevec are not (no implicit cast to real[])" \
	"SELECT stats.drift_report_column_kind('halfvec') IS NULL AND stats.drift_report_column_kind('sparsevec') IS NULL"
kld_check_true "a halfvec cast to real[] in the query is, and reports as the vector does (within half precision)" \
	"SELECT abs(a.gaussian_kl - b.gaussian_kl) < 1e-3 * b.gaussian_kl
	 FROM $(report shifted 'embedding::halfvec::real[]') a, $(report shifted embedding) b"
kld_check_true "gaussian_fit_diagonal(vector) = gaussian_fit_diagonal(vector::real[])" \
	"SELECT stats.gaussian_fit_diagonal(embedding)::text = stats.gaussian_fit_diagonal(embedding::real[])::text FROM items"
kld_check_true "gaussian_fit(vector) = gaussian_fit(vector::real[])" \
	"SELECT stats.gaussian_fit(embedding)::text = stats.gaussian_fit(embedding::real[])::text FROM items"
kld_check_true "the shifted window drifted, by the Gaussian KL" \
	"SELECT kind = 'embedding' AND drifted AND drift_method = 'gaussian_kl' FROM $(report shifted embedding)"
kld_check_true "the window without a shift did not" \
	"SELECT kind = 'embedding' AND NOT drifted FROM $(report same embedding)"
for method_threshold in frechet_distance:0.2 mean_cosine_distance:0.001; do
	kld_check_true "the same verdicts by ${method_threshold%:*} > ${method_threshold#*:}" \
		"SELECT bool_and(drifted = (w = 'shifted')) FROM unnest(ARRAY['same', 'shifted']) w,
		   stats.drift_report('SELECT embedding AS e FROM items WHERE side = ''reference''',
		                      format('SELECT embedding AS e FROM items WHERE side = %L', w),
		                      embedding_method => '${method_threshold%:*}',
		                      embedding_threshold => ${method_threshold#*:})"
done
kld_check_true "a vector column reports the numbers of the same column as real[]" \
	"SELECT (a.gaussian_kl, a.frechet_distance, a.mean_cosine_distance) = (b.gaussian_kl, b.frechet_distance, b.mean_cosine_distance)
	 FROM $(report shifted embedding) a, $(report shifted 'embedding::real[]') b"
kld_check_true "full covariance: the same numbers as the real[] column" \
	"SELECT (a.gaussian_kl, a.frechet_distance) = (b.gaussian_kl, b.frechet_distance)
	 FROM $(report shifted embedding ", embedding_covariance => 'full'") a,
	      $(report shifted 'embedding::real[]' ", embedding_covariance => 'full'") b"
kld_check_true "under a parallel plan: the same fit (within rounding of the merge)" \
	"SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
	 SET max_parallel_workers_per_gather = 2;
	 SELECT abs(gaussian_kl - (SELECT gaussian_kl FROM $(report shifted embedding))) < 1e-12 * gaussian_kl
	 FROM $(report shifted embedding)"
kld_check_true "mean_cosine_distance agrees with pgvector's cosine_distance of avg(vector) (float4)" \
	"SELECT abs(stats.mean_cosine_distance(
	              stats.gaussian_fit_diagonal(embedding) FILTER (WHERE side = 'shifted'),
	              stats.gaussian_fit_diagonal(embedding) FILTER (WHERE side = 'reference'))
	          - public.cosine_distance(avg(embedding) FILTER (WHERE side = 'shifted'),
	                                   avg(embedding) FILTER (WHERE side = 'reference'))) < 1e-6
	 FROM items"
kld_check_true "pgvector's own functions still resolve unqualified next to ours" \
	"SET search_path = stats, public;
	 SELECT cosine_distance('[1,0]'::vector, '[0,1]'::vector) = 1 AND l2_distance('[0,0]'::vector, '[3,4]'::vector) = 5"
kld_check_true "different dimensions on the two sides are our error, naming the column" \
	"DO \$\$ BEGIN
	   PERFORM * FROM stats.drift_report('SELECT embedding AS e FROM items', 'SELECT subvector(embedding, 1, 8) AS e FROM items');
	 EXCEPTION WHEN array_subscript_error THEN
	   IF SQLERRM <> 'column \"e\" has 16 dimensions in reference_query but 8 in current_query' THEN RAISE; END IF;
	 END \$\$; SELECT true"
psql -X -A -t -c "SELECT 'pgvector ' || extversion FROM pg_extension WHERE extname = 'vector'"
echo "pgvector: $passed passed, $failed failed"
