#!/bin/sh
# The server hook's cache only ever makes it faster: a rejected push
# leaves it as it was (git deletes the push's objects), and a cache that
# names objects git no longer has, or another repository's, or a damaged
# file, is read around or rebuilt; no push fails for it.
. "$(dirname "$0")/lib.sh"

PATH=$(dirname "$WORKLOG"):$PATH
export PATH

test_lazy_prereq SQLITE3 'command -v sqlite3'

# A work repository $R with three commits on main, pushed to the server
# $S before its hook was installed (so the hook has judged none of them).
setup() {
	new_items_repo parent transitions &&
	write_item records/c.md I-3 todo &&
	commit c &&
	write_item records/d.md I-4 todo &&
	commit d &&
	new_server &&
	mv "$S/hooks/pre-receive" "$S/hooks/off" &&
	push HEAD:main &&
	mv "$S/hooks/off" "$S/hooks/pre-receive"
}

# branch_from NAME REV: a branch NAME from REV adding a good record.
branch_from() {
	git -C "$R" checkout -q -b "$1" "$2" &&
	write_item "records/$1.md" I-9 todo &&
	commit "$1"
}

# A push that the hook rejects: a bad branch from main.
rejected_push() {
	git -C "$R" checkout -q -b bad main &&
	write_item records/a.md I-1 done &&
	commit "a done at once" &&
	test_exit 1 push bad &&
	test_grep "^remote: worklog: push rejected: 1 record failed in 1 commit" "$TRASH/err"
}

test_expect_success 'a rejected push does not break later pushes' - <<\EOT
	setup &&
	rejected_push &&
	branch_from later main~1 &&
	test_exit 0 push later &&
	test_stderr ""
EOT

test_expect_success SQLITE3 'a rejected push leaves the cache as it was' - <<\EOT
	setup &&
	branch_from first main &&
	push first &&
	sqlite3 "$S/worklog/cache.sqlite" "SELECT count(*) FROM trees; SELECT count(*) FROM facts" >before &&
	rejected_push &&
	sqlite3 "$S/worklog/cache.sqlite" "SELECT count(*) FROM trees; SELECT count(*) FROM facts" >after &&
	test_cmp before after
EOT

test_expect_success 'a cache naming trees git has since deleted is read around' - <<\EOT
	setup &&
	branch_from gone main &&
	push gone &&
	push :gone &&
	git -C "$S" gc -q --prune=now &&
	test_exit 1 git -C "$S" cat-file -e "$(git -C "$R" rev-parse "gone^{tree}")" &&
	branch_from later main~1 &&
	test_exit 0 push later &&
	test_stderr ""
EOT

test_expect_success "another repository's cache is read around" - <<\EOT
	setup &&
	branch_from first main &&
	push first &&
	mv "$S" "$TRASH/other.git" &&
	new_server &&
	mv "$S/hooks/pre-receive" "$S/hooks/off" &&
	push main &&
	mv "$S/hooks/off" "$S/hooks/pre-receive" &&
	mkdir -p "$S/worklog" &&
	cp "$TRASH/other.git/worklog/cache.sqlite" "$S/worklog/" &&
	branch_from later main~1 &&
	test_exit 0 push later &&
	test_stderr ""
EOT

test_expect_success 'a damaged cache file is rebuilt' - <<\EOT
	setup &&
	mkdir -p "$S/worklog" &&
	printf 'not a database\n' >"$S/worklog/cache.sqlite" &&
	branch_from later main~1 &&
	test_exit 0 push later &&
	test_stderr "" &&
	rejected_push
EOT

test_done
