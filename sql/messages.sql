-- Values quoted in messages are cut to 64 characters, "…" appended (three
-- dots in a database whose encoding is not UTF8), whatever their size or
-- nesting: jsonb values, category names, numbers, argument names. Each case
-- prints the message and its length in characters; a message too long to
-- print (as before the cut) shows as its start and its end.
SELECT current_database() AS regression_database \gset
CREATE DATABASE kld_messages_utf8 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
CREATE DATABASE kld_messages_latin1 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
\c kld_messages_utf8
CREATE EXTENSION kl_divergence;
CREATE FUNCTION pg_temp.message_of(query text, OUT code text, OUT chars int, OUT message text)
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE query;
  code := 'no error';
EXCEPTION WHEN OTHERS THEN
  code := SQLSTATE;
  chars := length(SQLERRM);
  message := CASE WHEN chars <= 300 THEN SQLERRM
                  ELSE left(SQLERRM, 60) || ' [...] ' || right(SQLERRM, 20) END;
END
$$;

-- A value that is a million-element array: 7 MB of text, never rendered.
SELECT * FROM pg_temp.message_of($$
  SELECT kl_div(jsonb_build_object('a', (SELECT jsonb_agg(g) FROM generate_series(1, 1000000) g)),
                '{"a": 1}'::jsonb)$$);
-- A megabyte string, and one of escapes (cut in the escaped text).
SELECT * FROM pg_temp.message_of($$
  SELECT kl_div('{"a": 1}'::jsonb, jsonb_build_object('a', repeat('x', 1000000)))$$);
SELECT * FROM pg_temp.message_of($$
  SELECT entropy(jsonb_build_object('a', repeat(E'\n', 100)))$$);
-- Deep nesting, a long key inside an object, a long string inside an array.
SELECT * FROM pg_temp.message_of($$
  SELECT entropy(jsonb_build_object('a', (repeat('[', 1000) || '1' || repeat(']', 1000))::jsonb))$$);
SELECT * FROM pg_temp.message_of($$
  SELECT entropy(jsonb_build_object('a', jsonb_build_object(repeat('k', 100000), 1, 'b', 2)))$$);
SELECT * FROM pg_temp.message_of($$
  SELECT entropy(jsonb_build_object('a', jsonb_build_array(1, repeat('s', 100000), 3)))$$);
-- Short values are quoted whole, as jsonb writes them.
SELECT * FROM pg_temp.message_of($$
  SELECT entropy('{"a": [1, [2, "x"], {"k": null, "l": {}}, [], true]}'::jsonb)$$);

-- Category names: 64 characters are quoted whole, 65 are cut.
SELECT * FROM pg_temp.message_of($$
  SELECT entropy(jsonb_build_object(repeat('k', 64), 'x'))$$);
SELECT * FROM pg_temp.message_of($$
  SELECT entropy(jsonb_build_object(repeat('k', 65), 'x'))$$);
SELECT * FROM pg_temp.message_of($$
  SELECT entropy(jsonb_build_object(repeat('k', 1000000), 'x'))$$);
-- Multibyte names are cut between characters (2, 3 and 4 bytes here), never
-- inside one: 64 characters and the ellipsis, as for the ASCII name above.
SELECT * FROM pg_temp.message_of($$
  SELECT entropy(jsonb_build_object(repeat('é日😀', 40), 'x'))$$);
-- A quote in a name is doubled after the cut, so the literal stays whole.
SELECT * FROM pg_temp.message_of($$
  SELECT entropy(jsonb_build_object(repeat('''', 100), 'x'))$$);
-- Every message that names a category cuts it.
SELECT * FROM pg_temp.message_of($$
  SELECT entropy(jsonb_build_object(repeat('n', 100), null))$$);
SELECT * FROM pg_temp.message_of($$
  SELECT entropy(jsonb_build_object(repeat('n', 100), 1e400::numeric))$$);
SELECT * FROM pg_temp.message_of($$
  SELECT kl_div(jsonb_build_object(repeat('n', 100), -2), '{"a": 1}'::jsonb)$$);
SELECT * FROM pg_temp.message_of($$
  SELECT category_counts(c, 1e308) FROM (VALUES (repeat('c', 100)), (repeat('c', 100))) t(c)$$);
SELECT * FROM pg_temp.message_of($$
  SELECT * FROM compare_histograms(jsonb_build_object(repeat('n', 100), -1), '{"a": 1}'::jsonb)$$);
-- drift_report_columns' argument name.
SELECT * FROM pg_temp.message_of($$
  SELECT * FROM drift_report_columns('SELECT 1; SELECT 2', repeat('q', 1000))$$);
SELECT * FROM pg_temp.message_of($$
  SELECT * FROM drift_report_columns('VALUES (1); VALUES (2)', repeat('日', 1000))$$);

-- In a database of another encoding, three dots.
-- drift_report's method, checked in PL/pgSQL.
SELECT * FROM pg_temp.message_of($$
  SELECT * FROM drift_report('SELECT 1 AS x', 'SELECT 1 AS x', method => repeat('m', 100000))$$);

\c kld_messages_latin1
CREATE EXTENSION kl_divergence;
CREATE FUNCTION pg_temp.message_of(query text, OUT code text, OUT chars int, OUT message text)
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE query;
  code := 'no error';
EXCEPTION WHEN OTHERS THEN
  code := SQLSTATE;
  chars := length(SQLERRM);
  message := CASE WHEN chars <= 300 THEN SQLERRM
                  ELSE left(SQLERRM, 60) || ' [...] ' || right(SQLERRM, 20) END;
END
$$;
SELECT * FROM pg_temp.message_of($$
  SELECT kl_div(jsonb_build_object('a', (SELECT jsonb_agg(g) FROM generate_series(1, 1000000) g)),
                '{"a": 1}'::jsonb)$$);
SELECT * FROM pg_temp.message_of($$
  SELECT entropy(jsonb_build_object(repeat('k', 100), 'x'))$$);

\c :regression_database
DROP DATABASE kld_messages_utf8;
DROP DATABASE kld_messages_latin1;
