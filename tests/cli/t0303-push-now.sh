#!/bin/sh
# On a push, `locked` reads "now" from the server's clock, never from the
# pushed commit's date, which the pusher writes. The tests set the clock
# with WORKLOG_TEST_NOW.
. "$(dirname "$0")/lib.sh"

PATH=$(dirname "$WORKLOG"):$PATH
export PATH

# A server $S whose main has item a (I-1) done since 2026-09-01, under
# `locked: {after: 30d}`.
setup() {
	new_repo "$R" &&
	write_config zhangsan &&
	printf 'rules:\n  locked: {after: 30d}\n' >>"$R/.worklog.yaml" &&
	write_item_schema owner lifecycle transitions &&
	write_item records/a.md I-1 doing &&
	commit init &&
	write_item records/a.md I-1 done &&
	GIT_COMMITTER_DATE="2026-09-01T10:00:00+08:00" commit "a is done" &&
	new_server &&
	push HEAD:main &&
	write_item records/a.md I-1 done "owner: zhangsan"
}

test_expect_success 'a back-dated commit cannot change a locked record' - <<\EOT
	setup &&
	GIT_COMMITTER_DATE="2026-09-05T10:00:00+08:00" commit "a, as if in September" &&
	test_exit 1 env WORKLOG_TEST_NOW="2026-11-20T10:00:00+08:00" git -C "$R" push -q "$S" HEAD:main &&
	grep "^remote: " "$TRASH/err" >remote &&
	cat >expect <<-EOF &&
	remote: $(short HEAD):records/a.md:1:1: error: record is locked: done since 2026-09-01, more than 30d ago; it may not change [locked]        
	remote: worklog: push rejected: 1 record failed in 1 commit        
	EOF
	test_cmp expect remote
EOT

test_expect_success 'a forward-dated commit does not lock a record early' - <<\EOT
	setup &&
	GIT_COMMITTER_DATE="2026-12-31T10:00:00+08:00" commit "a, as if at the end of the year" &&
	test_exit 0 env WORKLOG_TEST_NOW="2026-09-20T10:00:00+08:00" git -C "$R" push -q "$S" HEAD:main &&
	test_stderr ""
EOT

test_expect_success "a period ends in the rules' time zone, not in the pushed commit's" - <<\EOT
	new_repo "$R" &&
	write_config zhangsan &&
	printf 'timezone: Asia/Shanghai\nrules:\n  locked: {after: 2w}\n' >>"$R/.worklog.yaml" &&
	write_item_schema period &&
	write_item records/w46.md I-46 todo "period: 2026-W46" &&
	commit "week 46" &&
	new_server &&
	push HEAD:main &&
	write_item records/w46.md I-46 doing "period: 2026-W46" &&
	GIT_COMMITTER_DATE="2026-11-29T08:00:00-12:00" commit "late, from the far west" &&
	# W46 ended at midnight in Shanghai, 16:00 UTC on 2026-11-15: 14 days
	# and 4 hours before; at midnight UTC-12 it would be 13 days and 8.
	test_exit 1 env WORKLOG_TEST_NOW="2026-11-29T20:00:00Z" git -C "$R" push -q "$S" HEAD:main &&
	test_grep "^remote: $(short HEAD):records/w46.md:1:1: error: record is locked: its period 2026-W46 ended on 2026-11-15, more than 2w ago; it may not change \[locked\]" "$TRASH/err"
EOT

test_expect_success 'pre-commit still judges at the time of the commit' - <<\EOT
	setup &&
	"$WORKLOG" -C "$R" hooks install >/dev/null &&
	git -C "$R" add -A &&
	test_exit 0 env GIT_COMMITTER_DATE="2026-09-20T10:00:00+08:00" \
		WORKLOG_TEST_NOW="2026-11-20T10:00:00+08:00" git -C "$R" commit -qm "within 30 days" &&
	test_stderr ""
EOT

test_expect_success 'WORKLOG_TEST_NOW that is not a time is exit 2' - <<\EOT
	setup &&
	commit "a" &&
	printf '%s %s refs/heads/main\n' "$(git -C "$S" rev-parse main)" "$(git -C "$R" rev-parse HEAD)" >in &&
	git -C "$S" fetch -q "$R" HEAD &&
	WORKLOG_TEST_NOW=tomorrow && export WORKLOG_TEST_NOW &&
	test_exit 2 in_dir "$S" "$WORKLOG" hook pre-receive <in &&
	test_stderr "worklog: WORKLOG_TEST_NOW: not a time: 'tomorrow'"
EOT

test_done
