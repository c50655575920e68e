#!/usr/bin/env bash
# test/readme/readme_examples.sh: every ```sql block of README.md, run, so
# that no example goes stale.
#
# Loads test/readme/fixtures.sql (the tables the examples read) into a
# template database with the extension, then runs each block in a fresh
# copy of it, in one psql session with ON_ERROR_STOP: a block that raises an
# error fails. Blocks build on each other within a "## " section (the
# tutorial's temporary table, say), so each block runs after the earlier
# blocks of its section, whose output and errors are not its own. The
# examples' outputs shown in the README are not compared.
#
# Examples run with search_path = readme_scratch, public: the tables they
# create go into the empty schema readme_scratch, ahead of the fixtures in
# public, so an example may create a table the fixtures also hold
# ("Getting started" builds daily_hist).
#
# A marker on the last non-blank line before a block changes how it runs:
#   <!-- readme-test: skip (reason) -->               not run; the reason is printed
#   <!-- readme-test: without extension (reason) -->  run after DROP EXTENSION
#                                                     (for examples that create it)
# Any other readme-test marker is a failure.
#
# Then checks that every internal link of README.md and CHANGELOG.md names a
# heading, and that the README's contents list is its headings' list
# (test/readme/check_anchors.py --toc prints it).
#
# Prints TAP lines "ok N - README example at line L" (L: the line of the
# opening fence), then "readme: N passed, N failed". Assumes the extension
# is built and installed (make install).

source "$(dirname "$0")/../lib.sh"
set +e

readme=${KLD_README:-$KLD_ROOT/README.md}	# KLD_README: another file, to test this test
work=$(mktemp -d /tmp/kl_divergence-readme.XXXXXX)
chmod 755 "$work"
trap 'rm -rf "$work"; kld_stop_clusters' EXIT

# Split README.md into one file per ```sql block, and a list of the blocks:
# "index line section marker" (marker: the text of a readme-test marker, or -).
awk -v dir="$work" '
	/^```/ && !in_block {
		if ($0 == "```sql") {
			n++; in_block = 1; in_sql = 1
			file = sprintf("%s/block_%03d.sql", dir, n)
			printf "" > file
			m = (last ~ /^<!-- readme-test:.*-->$/) ? last : "-"
			sub(/^<!-- readme-test: */, "", m); sub(/ *-->$/, "", m)
			printf "%d\t%d\t%d\t%s\n", n, NR, section, m
		} else {
			in_block = 1; in_sql = 0
		}
		next
	}
	/^```/ && in_block { in_block = 0; if (in_sql) close(file); in_sql = 0; last = ""; next }
	in_block { if (in_sql) print > file; next }
	/^## / { section++ }
	/[^ \t]/ { last = $0 }
' "$readme" >"$work/blocks.tsv"

kld_start_cluster readme
psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE DATABASE readme_template' >/dev/null &&
psql -X -q -v ON_ERROR_STOP=1 -d readme_template \
	-c 'CREATE EXTENSION kl_divergence SCHEMA public' \
	-c 'CREATE SCHEMA readme_scratch' \
	-f "$KLD_ROOT/test/readme/fixtures.sql" >"$work/fixtures.log" 2>&1
fixtures=$?
if [ "$fixtures" -ne 0 ] || [ ! -s "$work/blocks.tsv" ]; then
	echo "not ok 1 - fixtures load and README.md has sql blocks"
	sed 's/^/#   /' "$work/fixtures.log"
	echo "readme: 0 passed, 1 failed"
	exit 1
fi
export PGOPTIONS="-c search_path=readme_scratch,public"

passed=0
failed=0
skipped=0
n=0
while IFS=$'\t' read -r index line section marker; do
	case $marker in
	-) mode=plain ;;
	skip*) mode=skip ;;
	"without extension"*)
		mode=without_extension
		reason=${marker#without extension}
		reason=${reason# }; reason=${reason#(}; reason=${reason%)}
		echo "# README example at line $line runs without the extension: ${reason:-no reason given}" ;;
	*) mode=unknown ;;
	esac
	if [ "$mode" = skip ]; then
		skipped=$((skipped + 1))
		reason=${marker#skip}
		reason=${reason# }; reason=${reason#(}; reason=${reason%)}
		echo "# skipped README example at line $line: ${reason:-no reason given}"
		continue
	fi
	n=$((n + 1))
	if [ "$mode" = unknown ]; then
		failed=$((failed + 1))
		echo "not ok $n - README example at line $line"
		echo "#   unknown marker: <!-- readme-test: $marker -->"
		continue
	fi

	# The session: the earlier blocks of this section, quietly, then this one.
	script=$work/run_$index.sql
	{
		echo '\set ON_ERROR_STOP 0'
		[ "$mode" = without_extension ] && echo 'DROP EXTENSION kl_divergence;'
		echo '\o /dev/null'
		while IFS=$'\t' read -r i _ s m; do
			[ "$i" -lt "$index" ] && [ "$s" = "$section" ] && [ "${m%% *}" != skip ] &&
				cat "$work/$(printf 'block_%03d.sql' "$i")"
		done <"$work/blocks.tsv"
		echo '\o'
		echo '\set ON_ERROR_STOP 1'
		cat "$work/$(printf 'block_%03d.sql' "$index")"
		echo
		echo '\echo @@readme-example-ok@@'
	} >"$script"

	psql -X -q -v ON_ERROR_STOP=1 -c 'CREATE DATABASE readme_example TEMPLATE readme_template' \
		>/dev/null 2>&1
	psql -X -q -d readme_example -f "$script" >"$work/out_$index" 2>"$work/err_$index"
	if grep -qx '@@readme-example-ok@@' "$work/out_$index"; then
		passed=$((passed + 1))
		echo "ok $n - README example at line $line"
	else
		failed=$((failed + 1))
		echo "not ok $n - README example at line $line"
		tail -n 6 "$work/err_$index" | sed 's/^/#   /'
	fi
	psql -X -q -c 'DROP DATABASE readme_example' >/dev/null 2>&1
done <"$work/blocks.tsv"

# The links: every ](#anchor) names a heading, and the contents list is the
# headings' own.
if [ -x "$KLD_PYTHON" ]; then
	n=$((n + 1))
	anchors=$("$KLD_PYTHON" "$KLD_ROOT/test/readme/check_anchors.py" "$readme" "$KLD_ROOT/CHANGELOG.md" 2>&1)
	if [ $? -eq 0 ]; then
		passed=$((passed + 1)); echo "ok $n - README and CHANGELOG links resolve"
	else
		failed=$((failed + 1)); echo "not ok $n - README and CHANGELOG links resolve"
		sed 's/^/#   /' <<<"$anchors"
	fi
	n=$((n + 1))
	if diff <("$KLD_PYTHON" "$KLD_ROOT/test/readme/check_anchors.py" --toc "$readme") \
		<(awk '/^## Contents$/ { on = 1; next } /^## / { on = 0 } on && NF' "$readme") \
		>"$work/toc.diff"; then
		passed=$((passed + 1)); echo "ok $n - README contents list matches its headings"
	else
		failed=$((failed + 1)); echo "not ok $n - README contents list matches its headings"
		sed 's/^/#   /' "$work/toc.diff"
	fi
else
	echo "# links not checked: no $KLD_PYTHON"
fi

echo "# readme: $skipped skipped"
echo "readme: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
