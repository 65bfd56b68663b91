#!/bin/sh
# Hostile and broken records (DESIGN.md §8): every malformed file gets one
# clear diagnostic at its position, exit code 1, and the run goes on with
# the other files. The files and their expected output live in
# tests/malformed/; a front matter over the size limit is made here so
# that no big file is committed.

. "$(dirname "$0")/lib.sh"

# Globs and the expected path order are byte order.
LC_ALL=C
export LC_ALL

MALFORMED="$PROJECT_DIR/tests/malformed"

# A hang is a failure too: bound every run when timeout(1) is there.
RUN=
if command -v timeout >/dev/null 2>&1; then
	RUN="timeout 60"
fi

# A fresh copy of tests/malformed as a records repository of its own.
repo="$TMP/malformed"
new_repo "$repo"
cp "$MALFORMED"/.worklog.yaml "$MALFORMED"/*.md "$MALFORMED"/*.expected \
	"$repo"/
cd "$repo" || exit 2

count=0
for f in [0-9]*.md; do
	name=${f%.md}
	count=$((count + 1))
	test_start "validate reports $name at its position with exit 1"
	if [ ! -f "$name.expected" ]; then
		test_fail "tests/malformed/$name.expected is missing"
	else
		expect_exit 1 $RUN "$WORKLOG" validate --no-color "$f"
		expect_file_eq "$name.expected" "$TMP/out"
	fi
	test_done
done

test_start "validate of every malformed file at once reports them all in path order"
cat [0-9]*.expected >"$TMP/all.expected"
expect_exit 1 $RUN "$WORKLOG" validate --no-color
expect_file_eq "$TMP/all.expected" "$TMP/out"
test_done

test_start "validate of every malformed file named on the command line goes on to the last"
expect_exit 1 $RUN "$WORKLOG" validate --no-color [0-9]*.md
expect_file_eq "$TMP/all.expected" "$TMP/out"
test_done

test_start "validate --format json counts every malformed record and error"
expect_exit 1 $RUN "$WORKLOG" validate --format json
errors=$(wc -l <"$TMP/all.expected" | tr -d ' ')
if ! grep -q "^{\"records\": $count, \"errors\": $errors, \"warnings\": 0," \
	"$TMP/out"; then
	test_fail "expected $count records and $errors errors in: $(head -1 "$TMP/out")"
fi
test_done

test_start "validate leaves every malformed record untouched"
for f in [0-9]*.md; do
	cmp -s "$f" "$MALFORMED/$f" || test_fail "$f was changed"
done
test_done

# A front matter of about 2 MiB: over the 1 MiB limit, reported at 1:1
# without feeding it to the YAML parser.
big="$TMP/big"
new_repo "$big"
printf 'version: 1\nrecords: ["*.md"]\n' >"$big/.worklog.yaml"
awk 'BEGIN {
	print "---"
	print "type: task"
	for (i = 0; i < 32768; i++)
		printf "k%06d: %s\n", i, \
			"0123456789abcdef0123456789abcdef0123456789abcdef0123456"
	print "---"
	print "body"
}' >"$big/big.md"
cd "$big" || exit 2

test_start "validate rejects a 2 MiB front matter at 1:1 naming the 1048576-byte limit"
expect_exit 1 $RUN "$WORKLOG" validate --no-color big.md
case $(cat "$TMP/out") in
"big.md:1:1: error: "*1048576*" [syntax]")
	;;
*)
	test_fail "unexpected output: $(head -c 300 "$TMP/out")"
	;;
esac
[ "$(wc -l <"$TMP/out")" -eq 1 ] || test_fail "expected exactly one diagnostic"
test_done

test_start "validate goes on past an over-size front matter to the next file"
cp "$MALFORMED/14-duplicate-key.md" "$MALFORMED/14-duplicate-key.expected" .
expect_exit 1 $RUN "$WORKLOG" validate --no-color big.md 14-duplicate-key.md
grep -Fvx -f 14-duplicate-key.expected "$TMP/out" >"$TMP/rest"
[ "$(wc -l <"$TMP/out")" -eq 2 ] || test_fail "expected two diagnostics"
grep -q "^big.md:1:1: error: " "$TMP/rest" || test_fail "big.md was not reported"
grep -Fqx -f 14-duplicate-key.expected "$TMP/out" ||
	test_fail "14-duplicate-key.md was not reported beside big.md"
test_done

finish
