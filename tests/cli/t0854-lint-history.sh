#!/bin/sh
# lint --history: transition over every committed change of a field
# that x-transitions names, the commits chosen by --range; renames are
# followed; without --history transition is not judged.
. "$(dirname "$0")/lib.sh"

# Items I-1 and I-2 (todo -> doing -> done or todo, done -> doing):
# I-1 jumps from todo to done in one commit, behind the hooks' back;
# I-2 goes the allowed way; then I-1 moves to another folder.
setup() {
	new_repo "$R" &&
	write_config &&
	write_item_schema transitions &&
	write_item records/I-1.md I-1 todo &&
	write_item records/I-2.md I-2 todo &&
	commit_at 2026-11-02 init &&
	write_item records/I-1.md I-1 done &&
	write_item records/I-2.md I-2 doing &&
	commit_at 2026-11-03 "I-1 done at once" &&
	write_item records/I-2.md I-2 done &&
	commit_at 2026-11-04 "I-2 done" &&
	mkdir "$R/records/old" &&
	git -C "$R" mv records/I-1.md records/old/I-1.md &&
	commit_at 2026-11-05 "move I-1"
}

test_expect_success 'a forbidden change in history, named by its commit, at the record'"'"'s path now' - <<\EOT
	setup &&
	c=$(git -C "$R" rev-parse --short=7 HEAD~2) &&
	test_exit 1 "$WORKLOG" -C "$R" lint -q --history &&
	test_stdout <<-EOF
	records/old/I-1.md:1:1: error: status: "todo" changed to "done" by commit $c on 2026-11-03 (allowed: doing) [transition]
	EOF
EOT

test_expect_success 'without --history transition is not judged; --range needs --history' - <<\EOT
	setup &&
	test_exit 0 "$WORKLOG" -C "$R" lint -q &&
	test_stdout "" &&
	test_exit 2 "$WORKLOG" -C "$R" lint --range HEAD &&
	test_grep "range needs --history" "$TRASH/err"
EOT

test_expect_success '--range: only the commits it names' - <<\EOT
	setup &&
	test_exit 0 "$WORKLOG" -C "$R" lint -q --history --range HEAD~2..HEAD &&
	test_stdout "" &&
	test_exit 1 "$WORKLOG" -C "$R" lint -q --history --range HEAD~3..HEAD~2 &&
	test_grep '"todo" changed to "done"' "$TRASH/out" &&
	test_exit 2 "$WORKLOG" -C "$R" lint -q --history --range nosuch
EOT

test_expect_success 'transition off, or a record not named, is no finding' - <<\EOT
	setup &&
	test_exit 0 "$WORKLOG" -C "$R" lint -q --history records/I-2.md &&
	test_stdout "" &&
	test_exit 1 "$WORKLOG" -C "$R" lint -q --history records/old/I-1.md &&
	test_grep '^records/old/I-1.md:1:1: error: status: "todo" changed to "done"' "$TRASH/out" &&
	printf 'rules:\n  transition: off\n' >>"$R/.worklog.yaml" &&
	test_exit 0 "$WORKLOG" -C "$R" lint -q --history &&
	test_stdout ""
EOT

test_expect_success 'with the history rules on, one walk judges them and transition' - <<\EOT
	setup &&
	write_item_schema transitions lifecycle &&
	write_item records/I-3.md I-3 todo &&
	printf 'rules:\n  stale: warning\n' >>"$R/.worklog.yaml" &&
	commit_at 2026-11-06 "I-3, stale rule" &&
	c=$(git -C "$R" rev-parse --short=7 HEAD~3) &&
	test_exit 1 "$WORKLOG" -C "$R" lint -q --history --today 2026-11-26 &&
	test_stdout <<-EOF &&
	records/I-3.md:4:9: warning: "todo" and unchanged in git for 20 days, since 2026-11-06 (stale after 14d) [stale]
	records/old/I-1.md:1:1: error: status: "todo" changed to "done" by commit $c on 2026-11-03 (allowed: doing) [transition]
	EOF
	test_exit 0 "$WORKLOG" -C "$R" lint -q --history --range HEAD~1..HEAD --today 2026-11-26 &&
	test_stdout <<-EOF
	records/I-3.md:4:9: warning: "todo" and unchanged in git for 20 days, since 2026-11-06 (stale after 14d) [stale]
	EOF
EOT

test_expect_success 'outside git --history is trouble' - <<\EOT
	setup &&
	rm -rf "$R/.git" &&
	test_exit 2 "$WORKLOG" -C "$R" lint -q --history
EOT

test_done
