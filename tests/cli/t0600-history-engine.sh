#!/bin/sh
# The history engine seen through `aggregate --history`: each record blob
# is parsed once, its summary kept in the cache under the git directory
# (shared by linked worktrees); the records the store loads are not
# parsed again by the walk; a damaged or foreign cache is built again,
# never believed; a shallow clone is a warning.
. "$(dirname "$0")/lib.sh"

# commit_on DAY MESSAGE: commits everything on 2026-11-DAY 10:00 +08:00.
commit_on() {
	git -C "$R" add -A &&
	GIT_AUTHOR_DATE="2026-11-$1T10:00:00+08:00" \
	GIT_COMMITTER_DATE="2026-11-$1T10:00:00+08:00" \
		git -C "$R" commit -qm "$2"
}

# I-1 todo -> doing -> done, I-2 created on day 3: 4 record blobs.
setup() {
	new_repo "$R" &&
	write_config &&
	write_item_schema lifecycle &&
	write_item records/1.md I-1 todo &&
	commit_on 02 one &&
	write_item records/1.md I-1 doing &&
	write_item records/2.md I-2 todo &&
	commit_on 03 two &&
	write_item records/1.md I-1 done &&
	commit_on 04 three
}

rows="SELECT time, id, change, field, old, new FROM history ORDER BY seq"

# The history of setup, as CSV.
expect_rows() {
	cat >expect <<-\EOF
	time,id,change,field,old,new
	2026-11-02T10:00:00+08:00,I-1,created,,,
	2026-11-03T10:00:00+08:00,I-1,changed,status,todo,doing
	2026-11-03T10:00:00+08:00,I-2,created,,,
	2026-11-04T10:00:00+08:00,I-1,changed,status,doing,done
	EOF
}

# parsed P HITS: --stats in err said P blobs parsed and HITS cache hits,
# of 4.
parsed() {
	test_grep "^history: 3 commits walked (3 in range), 4 changes; 4 blobs: $1 parsed, $2 cache hits; [0-9] threads*$" err
}

test_expect_success 'a second run parses nothing: the cache under the git directory has it' - <<\EOT
	setup &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --history --stats --format csv --sql "$rows" &&
	tr -d '\r' <out >got && expect_rows && test_cmp expect got &&
	parsed 2 2 &&
	test_path_is_file "$R/.git/worklog/cache.sqlite" &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --history --stats --format csv --sql "$rows" &&
	tr -d '\r' <out >got && expect_rows && test_cmp expect got &&
	parsed 0 4 &&
	git -C "$R" worktree add -q "$TRASH/wt" HEAD &&
	test_exit 0 "$WORKLOG" -C "$TRASH/wt" aggregate --history --stats --count &&
	parsed 0 4 &&
	test_path_is_missing "$TRASH/wt/.git/worklog"
EOT

test_expect_success 'the walk does not parse again what the store loaded' - <<\EOT
	setup &&
	write_item records/2.md I-2 doing &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --history --stats --format csv --sql "$rows" &&
	tr -d '\r' <out >got && expect_rows && test_cmp expect got &&
	parsed 3 1 &&
	git -C "$R" checkout -q records/2.md &&
	rm -r "$R/.git/worklog" &&
	test_exit 0 "$WORKLOG" -C "$R" report month --period 2026-11 \
		--today 2026-11-30 --format json &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --history --stats --count &&
	parsed 0 4
EOT

test_expect_success 'a damaged cache is built again, not believed' - <<\EOT
	setup &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --history --count &&
	printf 'SQLite format 3\000 but nothing after it' >"$R/.git/worklog/cache.sqlite" &&
	rm -f "$R/.git/worklog/cache.sqlite-wal" "$R/.git/worklog/cache.sqlite-shm" &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --history --stats --format csv --sql "$rows" &&
	tr -d '\r' <out >got && expect_rows && test_cmp expect got &&
	parsed 2 2 &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --history --stats --count &&
	parsed 0 4
EOT

test_expect_success SQLITE3 'a foreign database in its place is built again' - <<\EOT
	setup &&
	mkdir -p "$R/.git/worklog" &&
	sqlite3 "$R/.git/worklog/cache.sqlite" \
		"PRAGMA user_version = 5; CREATE TABLE facts (name TEXT); INSERT INTO facts VALUES ('mine')" &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --history --stats --format csv --sql "$rows" &&
	tr -d '\r' <out >got && expect_rows && test_cmp expect got &&
	parsed 2 2 &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --history --stats --count &&
	parsed 0 4
EOT

test_expect_success 'a shallow clone warns that history before its graft is unknown' - <<\EOT
	setup &&
	git clone -q --depth 1 "file://$R" "$TRASH/shallow" &&
	test_exit 0 "$WORKLOG" -C "$TRASH/shallow" aggregate --history --format csv \
		--sql "SELECT time, id, change FROM history ORDER BY seq" &&
	test_stderr <<-\EOF &&
	worklog: warning: the repository is a shallow clone: history before its oldest commits is unknown
	EOF
	tr -d '\r' <out >got &&
	cat >expect <<-\EOF &&
	time,id,change
	2026-11-04T10:00:00+08:00,I-1,created
	2026-11-04T10:00:00+08:00,I-2,created
	EOF
	test_cmp expect got &&
	test_exit 0 "$WORKLOG" -C "$TRASH/shallow" aggregate -q --history --count &&
	test_must_be_empty err &&
	test_exit 0 "$WORKLOG" -C "$R" aggregate --history --count &&
	test_must_be_empty err
EOT

test_done
