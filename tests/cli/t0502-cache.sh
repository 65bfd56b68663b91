#!/bin/sh
# The hooks' cache ($GIT_COMMON_DIR/worklog/cache.sqlite) is only ever
# opened as a regular file: a symbolic link at its path is removed, never
# followed, so the database it names stays as it was, and the hook goes
# on as if there had been no cache.
. "$(dirname "$0")/lib.sh"

PATH=$(dirname "$WORKLOG"):$PATH
export PATH

# A repository with the item type and the pre-commit hook, one commit.
setup() {
	new_repo "$R" &&
	write_config &&
	write_item_schema &&
	write_item records/a.md I-1 todo &&
	"$WORKLOG" -C "$R" hooks install pre-commit >/dev/null &&
	git -C "$R" add -A &&
	git -C "$R" commit -qm init
}

# $TRASH/other.sqlite: another SQLite database (another repository's
# cache), and a copy of it to compare with.
other_database() {
	new_repo "$TRASH/other" &&
	cp "$R/.worklog.yaml" "$TRASH/other/" &&
	cp -R "$R/.worklog" "$R/records" "$TRASH/other/" &&
	git -C "$TRASH/other" add -A &&
	"$WORKLOG" -C "$TRASH/other" hook pre-commit &&
	mv "$TRASH/other/.git/worklog/cache.sqlite" "$TRASH/other.sqlite" &&
	cp "$TRASH/other.sqlite" "$TRASH/other.copy"
}

test_expect_success SYMLINKS 'a link at the cache is replaced; the database it names is untouched' - <<\EOT
	setup &&
	other_database &&
	rm -f "$R/.git/worklog/cache.sqlite"* &&
	ln -s "$TRASH/other.sqlite" "$R/.git/worklog/cache.sqlite" &&
	write_item records/b.md I-2 todo &&
	git -C "$R" add -A &&
	test_exit 0 git -C "$R" commit -qm second &&
	test_stderr "" &&
	cmp "$TRASH/other.sqlite" "$TRASH/other.copy" &&
	test_path_is_missing "$TRASH/other.sqlite-wal" &&
	test ! -h "$R/.git/worklog/cache.sqlite" &&
	test_path_is_file "$R/.git/worklog/cache.sqlite"
EOT

test_expect_success SYMLINKS 'a link at the cache'"'"'s folder is replaced too' - <<\EOT
	setup &&
	other_database &&
	mkdir "$TRASH/elsewhere" &&
	cp "$TRASH/other.sqlite" "$TRASH/elsewhere/cache.sqlite" &&
	rm -r "$R/.git/worklog" &&
	ln -s "$TRASH/elsewhere" "$R/.git/worklog" &&
	write_item records/b.md I-2 bogus &&
	git -C "$R" add -A &&
	test_exit 1 git -C "$R" commit -qm second &&
	test_stderr <<-\EOF &&
	records/b.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]
	worklog: commit rejected: 1 record failed
	EOF
	cmp "$TRASH/elsewhere/cache.sqlite" "$TRASH/other.copy" &&
	test_path_is_missing "$TRASH/elsewhere/cache.sqlite-wal" &&
	test ! -h "$R/.git/worklog"
EOT

test_expect_success 'something else at the cache'"'"'s path leaves the cache in memory' - <<\EOT
	setup &&
	rm -f "$R/.git/worklog/cache.sqlite"* &&
	mkdir "$R/.git/worklog/cache.sqlite" &&
	write_item records/b.md I-2 todo &&
	git -C "$R" add -A &&
	test_exit 0 git -C "$R" commit -qm second &&
	test_stderr ""
EOT

test_done
