#!/bin/sh
# lint's stale rule: a record in an open state of its x-lifecycle whose
# last commit is older than `stale.after`, judged from the history; and
# outside git the history rules are skipped with one note.
. "$(dirname "$0")/lib.sh"

# Three issues of zhangsan: I-1 open, I-2 doing, I-3 resolved, all
# committed on 2026-11-02; stale after 14 days.
setup() {
	new_repo "$R" &&
	write_config zhangsan=张三 &&
	printf 'rules:\n  stale: {severity: warning, after: 14d}\n' >>"$R/.worklog.yaml" &&
	write_issue_schema &&
	write_issue records/I-1.md &&
	sed 's/I-1/I-2/; s/^status: open/status: doing/' "$R/records/I-1.md" >"$R/records/I-2.md" &&
	sed 's/I-1/I-3/; s/^status: open/status: resolved/' "$R/records/I-1.md" >"$R/records/I-3.md" &&
	printf '## 解决方案\n扩容。\n' >>"$R/records/I-3.md" &&
	commit_at 2026-11-02 init
}

lint_is() {
	cat >"$TRASH/want" &&
	test_exit "$1" "$WORKLOG" -C "$R" lint -q --today "$2" &&
	test_cmp "$TRASH/want" "$TRASH/out"
}

test_expect_success 'open records unchanged in git for longer than after are stale' - <<\EOT
	setup &&
	lint_is 0 2026-11-26 <<-\EOF
	records/I-1.md:4:9: warning: "open" and unchanged in git for 24 days, since 2026-11-02 (stale after 14d) [stale]
	records/I-2.md:4:9: warning: "doing" and unchanged in git for 24 days, since 2026-11-02 (stale after 14d) [stale]
	EOF
EOT

test_expect_success 'within after, or touched by a later commit, a record is not stale' - <<\EOT
	setup &&
	lint_is 0 2026-11-15 </dev/null &&
	echo 已联系供应商。 >>"$R/records/I-2.md" &&
	commit_at 2026-11-20 progress &&
	lint_is 0 2026-11-26 <<-\EOF
	records/I-1.md:4:9: warning: "open" and unchanged in git for 24 days, since 2026-11-02 (stale after 14d) [stale]
	EOF
EOT

test_expect_success 'a record not committed yet is not stale; one reopened is judged by its last commit' - <<\EOT
	setup &&
	sed 's/I-1/I-4/' "$R/records/I-1.md" >"$R/records/I-4.md" &&
	sed -i 's/^status: resolved/status: doing/' "$R/records/I-3.md" &&
	lint_is 0 2026-11-26 <<-\EOF
	records/I-1.md:4:9: warning: "open" and unchanged in git for 24 days, since 2026-11-02 (stale after 14d) [stale]
	records/I-2.md:4:9: warning: "doing" and unchanged in git for 24 days, since 2026-11-02 (stale after 14d) [stale]
	records/I-3.md:4:9: warning: "doing" and unchanged in git for 24 days, since 2026-11-02 (stale after 14d) [stale]
	EOF
EOT

test_expect_success 'stale is off unless configured, and can be suppressed' - <<\EOT
	setup &&
	sed -i '/^rules:/,$d' "$R/.worklog.yaml" &&
	commit_at 2026-11-02 "no rules" &&
	lint_is 0 2026-11-26 </dev/null &&
	printf 'rules:\n  stale: warning\n' >>"$R/.worklog.yaml" &&
	sed -i 's/^owner: zhangsan/owner: zhangsan\nworklog: {disable: [stale]}/' "$R/records/I-1.md" &&
	lint_is 0 2026-11-26 <<-\EOF
	records/I-2.md:4:9: warning: "doing" and unchanged in git for 24 days, since 2026-11-02 (stale after 14d) [stale]
	EOF
EOT

test_expect_success 'outside git the history rules are skipped, with one note' - <<\EOT
	setup &&
	rm -rf "$R/.git" &&
	test_exit 0 "$WORKLOG" -C "$R" lint --today 2026-11-26 &&
	test_stdout "" &&
	test_stderr <<-\EOF
	worklog: note: not in a git repository: the rules stale, cadence, review and locked are skipped
	checked 3 records: 0 errors, 0 warnings
	EOF
EOT

test_done
