#!/bin/sh
# lint's cadence rule over repositories built with back-dated commits:
# logs on time, late, missing (reported where x-filename puts them, the
# same path every run), a person added to the roster mid-way, a weekly
# period spanning a month end, deadlines read in the commit's own zone.
. "$(dirname "$0")/lib.sh"

# log PERIOD OWNER [DIR]: DIR/PERIOD-OWNER.md (DIR: records/logs), a
# weekly log.
log() {
	write "$R/${3:-records/logs}/$1-$2.md" <<-EOF
	---
	type: log
	period: $1
	owner: $2
	---
	## 本周完成
	压测。
	EOF
}

# Weekly logs from 2026-10-26 (W44, which ends on 1 November), due the
# Monday after each week, in Asia/Shanghai; the roster of zhangsan and
# lisi committed on 2026-10-20.
setup() {
	new_repo "$R" &&
	write_config zhangsan=张三 lisi=李四 &&
	write "$R/.worklog.yaml.rules" <<-\EOF &&
	timezone: Asia/Shanghai
	rules:
	  cadence:
	    severity: error
	    since: 2026-10-26
	    require:
	      - {type: log, every: week, grace: 1d, who: all}
	EOF
	cat "$R/.worklog.yaml.rules" >>"$R/.worklog.yaml" &&
	rm "$R/.worklog.yaml.rules" &&
	commit_at 2026-10-20T10:00:00+08:00 config
}

lint_is() {
	cat >"$TRASH/want" &&
	test_exit "$1" "$WORKLOG" -C "$R" lint -q --today "$2" &&
	test_cmp "$TRASH/want" "$TRASH/out"
}

test_expect_success 'logs on time, late, and missing at the path x-filename gives' - <<\EOT
	setup &&
	log 2026-W44 zhangsan && log 2026-W44 lisi &&
	commit_at 2026-11-01T18:00:00+08:00 w44 &&
	log 2026-W45 zhangsan &&
	commit_at 2026-11-11T09:00:00+08:00 "w45 late" &&
	log 2026-W45 lisi &&
	commit_at 2026-11-09T23:30:00+08:00 "w45 at the last minute" &&
	lint_is 1 2026-11-12 <<-\EOF &&
	records/logs/2026-W45-zhangsan.md:3:9: error: weekly log of zhangsan for 2026-W45 was first committed 2026-11-11, after its deadline 2026-11-09 [cadence]
	EOF
	lint_is 1 2026-11-17 <<-\EOF
	records/logs/2026-W45-zhangsan.md:3:9: error: weekly log of zhangsan for 2026-W45 was first committed 2026-11-11, after its deadline 2026-11-09 [cadence]
	records/logs/2026-W46-lisi.md:1:1: error: weekly log of lisi for 2026-W46 is missing (due 2026-11-16) [cadence]
	records/logs/2026-W46-zhangsan.md:1:1: error: weekly log of zhangsan for 2026-W46 is missing (due 2026-11-16) [cadence]
	EOF
EOT

test_expect_success 'the deadline is read in the commit'"'"'s zone: 23:30 +08:00 on Monday is on time' - <<\EOT
	setup &&
	log 2026-W44 zhangsan && log 2026-W44 lisi &&
	commit_at 2026-11-02T23:30:00+08:00 "Monday night in Shanghai" &&
	lint_is 0 2026-11-03 </dev/null &&
	log 2026-W45 zhangsan && log 2026-W45 lisi &&
	commit_at 2026-11-10T00:30:00+08:00 "half an hour late" &&
	lint_is 1 2026-11-10 <<-\EOF
	records/logs/2026-W45-lisi.md:3:9: error: weekly log of lisi for 2026-W45 was first committed 2026-11-10, after its deadline 2026-11-09 [cadence]
	records/logs/2026-W45-zhangsan.md:3:9: error: weekly log of zhangsan for 2026-W45 was first committed 2026-11-10, after its deadline 2026-11-09 [cadence]
	EOF
EOT

test_expect_success 'a period whose deadline has not passed is pending: no finding yet' - <<\EOT
	setup &&
	log 2026-W44 zhangsan && log 2026-W44 lisi &&
	commit_at 2026-11-01T18:00:00+08:00 w44 &&
	lint_is 0 2026-11-09 </dev/null &&
	log 2026-W45 lisi &&
	lint_is 1 2026-11-10 <<-\EOF
	records/logs/2026-W45-lisi.md:3:9: error: weekly log of lisi for 2026-W45 is not committed, and its deadline 2026-11-09 has passed [cadence]
	records/logs/2026-W45-zhangsan.md:1:1: error: weekly log of zhangsan for 2026-W45 is missing (due 2026-11-09) [cadence]
	EOF
EOT

test_expect_success 'a person added to the roster mid-way owes the periods after' - <<\EOT
	setup &&
	log 2026-W44 zhangsan && log 2026-W44 lisi &&
	commit_at 2026-11-01T18:00:00+08:00 w44 &&
	sed -i 's/^  - {id: lisi, name: 李四}/&\n  - {id: wangwu, name: 王五}/' "$R/.worklog.yaml" &&
	commit_at 2026-11-03T10:00:00+08:00 "wangwu joins" &&
	log 2026-W45 zhangsan && log 2026-W45 lisi &&
	commit_at 2026-11-08T18:00:00+08:00 w45 &&
	lint_is 1 2026-11-17 <<-\EOF
	records/logs/2026-W46-lisi.md:1:1: error: weekly log of lisi for 2026-W46 is missing (due 2026-11-16) [cadence]
	records/logs/2026-W46-wangwu.md:1:1: error: weekly log of wangwu for 2026-W46 is missing (due 2026-11-16) [cadence]
	records/logs/2026-W46-zhangsan.md:1:1: error: weekly log of zhangsan for 2026-W46 is missing (due 2026-11-16) [cadence]
	EOF
EOT

test_expect_success 'a missing log is placed where most logs are; SARIF fingerprints stay put' - <<\EOT
	setup &&
	log 2026-W44 zhangsan records/team/logs &&
	log 2026-W44 lisi records/team/logs &&
	commit_at 2026-11-01T18:00:00+08:00 w44 &&
	log 2026-W45 lisi records/team/logs &&
	log 2026-W45 lisi records/old &&
	commit_at 2026-11-08T18:00:00+08:00 w45 &&
	lint_is 1 2026-11-10 <<-\EOF &&
	records/team/logs/2026-W45-zhangsan.md:1:1: error: weekly log of zhangsan for 2026-W45 is missing (due 2026-11-09) [cadence]
	EOF
	test_exit 1 "$WORKLOG" -C "$R" lint --today 2026-11-10 --format sarif &&
	grep -A3 partialFingerprints "$TRASH/out" >"$TRASH/fp1" &&
	test_exit 1 "$WORKLOG" -C "$R" lint --today 2026-11-12 --format sarif &&
	grep -A3 partialFingerprints "$TRASH/out" >"$TRASH/fp2" &&
	test_cmp "$TRASH/fp1" "$TRASH/fp2" &&
	test_line_count -gt 1 "$TRASH/fp1"
EOT

test_expect_success 'who: a list; only those people owe; a late log may be suppressed' - <<\EOT
	setup &&
	sed -i 's/who: all/who: [lisi]/' "$R/.worklog.yaml" &&
	log 2026-W44 lisi &&
	commit_at 2026-11-04T10:00:00+08:00 "w44 late" &&
	lint_is 1 2026-11-05 <<-\EOF &&
	records/logs/2026-W44-lisi.md:3:9: error: weekly log of lisi for 2026-W44 was first committed 2026-11-04, after its deadline 2026-11-02 [cadence]
	EOF
	sed -i 's/^owner: lisi/&\nworklog: {disable: [cadence]}/' "$R/records/logs/2026-W44-lisi.md" &&
	lint_is 0 2026-11-05 </dev/null
EOT

test_expect_success 'with PATHs a missing log is not reported; the late ones named are' - <<\EOT
	setup &&
	log 2026-W44 lisi &&
	commit_at 2026-11-04T10:00:00+08:00 "w44 late" &&
	test_exit 1 "$WORKLOG" -C "$R" lint -q --today 2026-11-05 records/logs/2026-W44-lisi.md &&
	test_stdout <<-\EOF
	records/logs/2026-W44-lisi.md:3:9: error: weekly log of lisi for 2026-W44 was first committed 2026-11-04, after its deadline 2026-11-02 [cadence]
	EOF
EOT

test_done
