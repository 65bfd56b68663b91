#!/bin/sh
# lint's locked rule over the history: a record done, or past the end of
# its period, for longer than `locked.after`, changed by a later commit.
# The hooks judge it on each commit (t0201); lint finds what got past.
. "$(dirname "$0")/lib.sh"

# I-1 resolved on 2026-09-01, I-2 on 2026-10-01, a weekly log of
# 2026-W40 (28 September to 4 October), and one of 2026-W20 written
# long after its week (writing it is no change); locked after 30 days.
setup() {
	new_repo "$R" &&
	write_config zhangsan=张三 &&
	printf 'rules:\n  locked: {after: 30d}\n' >>"$R/.worklog.yaml" &&
	write_issue_schema &&
	write_issue records/I-1.md &&
	sed 's/I-1/I-2/' "$R/records/I-1.md" >"$R/records/I-2.md" &&
	write "$R/records/logs/2026-W40-zhangsan.md" <<-\EOF &&
	---
	type: log
	period: 2026-W40
	owner: zhangsan
	---
	EOF
	sed 's/W40/W20/' "$R/records/logs/2026-W40-zhangsan.md" >"$R/records/logs/2026-W20-zhangsan.md" &&
	commit_at 2026-08-20 init &&
	sed -i 's/^status: open/status: resolved/' "$R/records/I-1.md" &&
	printf '## 解决方案\n扩容。\n' >>"$R/records/I-1.md" &&
	commit_at 2026-09-01 "I-1 resolved" &&
	sed -i 's/^status: open/status: resolved/' "$R/records/I-2.md" &&
	printf '## 解决方案\n重启。\n' >>"$R/records/I-2.md" &&
	commit_at 2026-10-01 "I-2 resolved"
}

lint_is() {
	cat >"$TRASH/want" &&
	test_exit "$1" "$WORKLOG" -C "$R" lint -q --today 2026-11-26 &&
	test_cmp "$TRASH/want" "$TRASH/out"
}

test_expect_success 'nothing changed after it locked: clean' - <<\EOT
	setup &&
	lint_is 0 </dev/null
EOT

test_expect_success 'a commit changing a record done for longer than after' - <<\EOT
	setup &&
	echo 补记。 >>"$R/records/I-1.md" &&
	echo 补记。 >>"$R/records/I-2.md" &&
	commit_at 2026-10-15 "late edits" &&
	echo 再补。 >>"$R/records/I-1.md" &&
	commit_at 2026-10-20 "another" &&
	c=$(git -C "$R" rev-parse --short=7 HEAD~1) &&
	lint_is 1 <<-EOF
	records/I-1.md:1:1: error: changed by commit $c on 2026-10-15 and 1 later commit, though locked since 2026-10-01 (resolved since 2026-09-01; locked after 30d) [locked]
	EOF
EOT

test_expect_success 'a record past the end of its period, done or not' - <<\EOT
	setup &&
	echo 补记。 >>"$R/records/logs/2026-W40-zhangsan.md" &&
	commit_at 2026-11-20 "edit an old log" &&
	echo 再补。 >>"$R/records/I-2.md" &&
	commit_at 2026-10-21 "I-2 within its 30 days" &&
	c=$(git -C "$R" rev-parse --short=7 HEAD~1) &&
	lint_is 1 <<-EOF
	records/logs/2026-W40-zhangsan.md:1:1: error: changed by commit $c on 2026-11-20, though locked since 2026-11-04 (its period 2026-W40 ended 2026-10-04; locked after 30d) [locked]
	EOF
EOT

test_expect_success 'locked cannot be suppressed' - <<\EOT
	setup &&
	printf '<!-- worklog-disable locked -->\n' >>"$R/records/I-1.md" &&
	commit_at 2026-11-20 "hide it" &&
	c=$(git -C "$R" rev-parse --short=7 HEAD) &&
	lint_is 1 <<-EOF
	records/I-1.md:1:1: error: changed by commit $c on 2026-11-20, though locked since 2026-10-01 (resolved since 2026-09-01; locked after 30d) [locked]
	records/I-1.md:13:22: warning: 'locked' cannot be suppressed [unused-suppression]
	EOF
EOT

test_done
