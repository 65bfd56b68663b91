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

# tests/malformed as a records repository, made once: each test copies it.
MALFORMED_REPO=$TEST_ROOT/malformed
new_repo "$MALFORMED_REPO" &&
cp "$MALFORMED"/.worklog.yaml "$MALFORMED"/*.md "$MALFORMED"/*.expected \
	"$MALFORMED_REPO"/ ||
	test_bug_ "cannot copy tests/malformed"

# A fresh copy of that repository, which becomes the current folder;
# all.expected is every expected line.
malformed_repo() {
	cp -R "$MALFORMED_REPO" "$R" &&
	cd "$R" &&
	cat [0-9]*.expected >"$TRASH/all.expected"
}

# A front matter of about 2 MiB: over the 1 MiB limit, reported at 1:1
# without feeding it to the YAML parser. The repository becomes the
# current folder.
big_repo() {
	new_repo "$R" &&
	printf 'version: 1\nrecords: ["*.md"]\n' >"$R/.worklog.yaml" &&
	awk 'BEGIN {
		print "---"
		print "type: task"
		for (i = 0; i < 32768; i++)
			printf "k%06d: %s\n", i, \
				"0123456789abcdef0123456789abcdef0123456789abcdef0123456"
		print "---"
		print "body"
	}' >"$R/big.md" &&
	cd "$R"
}

count=0
for f in "$MALFORMED"/[0-9]*.md; do
	f=${f##*/}
	name=${f%.md}
	count=$((count + 1))
	test_expect_success "validate reports $name at its position with exit 1" - <<\EOT
	malformed_repo &&
	test_path_is_file "$name.expected" &&
	test_exit 1 $RUN "$WORKLOG" validate --no-color "$f" &&
	test_cmp "$name.expected" "$TRASH/out"
EOT
done

test_expect_success 'validate of every malformed file at once reports them all in path order' - <<\EOT
	malformed_repo &&
	test_exit 1 $RUN "$WORKLOG" validate --no-color &&
	test_cmp "$TRASH/all.expected" "$TRASH/out"
EOT

test_expect_success 'validate of every malformed file named on the command line goes on to the last' - <<\EOT
	malformed_repo &&
	test_exit 1 $RUN "$WORKLOG" validate --no-color [0-9]*.md &&
	test_cmp "$TRASH/all.expected" "$TRASH/out"
EOT

test_expect_success 'validate --format json counts every malformed record and error' - <<\EOT
	malformed_repo &&
	test_exit 1 $RUN "$WORKLOG" validate --format json &&
	errors=$(wc -l <"$TRASH/all.expected" | tr -d " ") &&
	test_grep "^{\"records\": $count, \"errors\": $errors, \"warnings\": 0," "$TRASH/out"
EOT

test_expect_success 'validate leaves every malformed record untouched' - <<\EOT
	malformed_repo &&
	test_exit 1 $RUN "$WORKLOG" validate --no-color &&
	test_exit 1 $RUN "$WORKLOG" validate --no-color [0-9]*.md &&
	test_exit 1 $RUN "$WORKLOG" validate --format json &&
	for f in [0-9]*.md; do
		test_cmp "$MALFORMED/$f" "$f" || return 1
	done
EOT

test_expect_success 'validate rejects a 2 MiB front matter at 1:1 naming the 1048576-byte limit' - <<\EOT
	big_repo &&
	test_exit 1 $RUN "$WORKLOG" validate --no-color big.md &&
	test_line_count = 1 "$TRASH/out" &&
	test_grep -x "big.md:1:1: error: .*1048576.* \[syntax\]" "$TRASH/out"
EOT

test_expect_success 'validate goes on past an over-size front matter to the next file' - <<\EOT
	big_repo &&
	cp "$MALFORMED/14-duplicate-key.md" "$MALFORMED/14-duplicate-key.expected" . &&
	test_exit 1 $RUN "$WORKLOG" validate --no-color big.md 14-duplicate-key.md &&
	test_line_count = 2 "$TRASH/out" &&
	test_grep "^big.md:1:1: error: " "$TRASH/out" &&
	test_grep -Fx -f 14-duplicate-key.expected "$TRASH/out"
EOT

test_done
