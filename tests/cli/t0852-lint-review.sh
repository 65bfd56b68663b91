#!/bin/sh
# lint's review rule: a record of review.types whose period ended more
# than `within` ago carries a reviewed_by who is a roster reviewer, set
# in time: by its `reviewed` date, or without one by the commit that set
# reviewed_by (dated from history, in the commit's own zone).
. "$(dirname "$0")/lib.sh"

# summary PERIOD OWNER [LINE...]: records/summaries/PERIOD-OWNER.md, the
# LINEs added to its front matter.
summary() {
	p_=$1 o_=$2 &&
	shift 2 &&
	{
		printf -- '---\ntype: summary\nperiod: %s\nowner: %s\n' "$p_" "$o_" &&
		for l_; do echo "$l_"; done &&
		printf -- '---\n## 成果\n上线。\n## 计划\n复盘。\n'
	} | write "$R/records/summaries/$p_-$o_.md"
}

# A roster of zhangsan (a reviewer) and lisi; summaries and logs are
# reviewed within 7 days of their period's end.
setup() {
	new_repo "$R" &&
	write "$R/.worklog.yaml" <<-\EOF &&
	version: 1
	records: ["records/**/*.md"]
	timezone: Asia/Shanghai
	people:
	  - {id: zhangsan, name: 张三, reviewer: true}
	  - {id: lisi, name: 李四}
	rules:
	  review: {severity: warning, types: [summary, log], within: 7d}
	EOF
	commit_at 2026-10-01T10:00:00+08:00 config
}

# log_w44: records/logs/2026-W44-lisi.md, a weekly log not reviewed.
log_w44() {
	printf -- '---\ntype: log\nperiod: 2026-W44\nowner: lisi\n---\n' |
	write "$R/records/logs/2026-W44-lisi.md"
}

lint_is() {
	cat >"$TRASH/want" &&
	test_exit "$1" "$WORKLOG" -C "$R" lint -q --today "$2" &&
	test_cmp "$TRASH/want" "$TRASH/out"
}

test_expect_success 'reviewed in time, not reviewed, by a non-reviewer, too late' - <<\EOT
	setup &&
	summary 2026-10 zhangsan "reviewed_by: zhangsan" "reviewed: 2026-11-07" &&
	summary 2026-10 lisi &&
	summary 2026-09 lisi "reviewed_by: lisi" "reviewed: 2026-10-02" &&
	summary 2026-08 lisi "reviewed_by: zhangsan" "reviewed: 2026-09-09" &&
	commit_at 2026-11-01T10:00:00+08:00 summaries &&
	lint_is 0 2026-11-07 <<-\EOF &&
	records/summaries/2026-08-lisi.md:6:11: warning: reviewed 2026-09-09, after its deadline 2026-09-07 [review]
	records/summaries/2026-09-lisi.md:5:14: warning: reviewed_by: lisi is not a reviewer of the roster [review]
	EOF
	lint_is 0 2026-11-08 <<-\EOF
	records/summaries/2026-08-lisi.md:6:11: warning: reviewed 2026-09-09, after its deadline 2026-09-07 [review]
	records/summaries/2026-09-lisi.md:5:14: warning: reviewed_by: lisi is not a reviewer of the roster [review]
	records/summaries/2026-10-lisi.md:3:9: warning: summary for 2026-10 has no reviewed_by; its review was due by 2026-11-07 [review]
	EOF
EOT

test_expect_success 'without a reviewed date, the commit that set reviewed_by dates the review' - <<\EOT
	setup &&
	log_w44 &&
	sed 's/W44/W45/' "$R/records/logs/2026-W44-lisi.md" >"$R/records/logs/2026-W45-lisi.md" &&
	commit_at 2026-11-02T10:00:00+08:00 logs &&
	sed -i 's/^owner: lisi/&\nreviewed_by: zhangsan/' "$R/records/logs/2026-W44-lisi.md" &&
	commit_at 2026-11-08T23:30:00+08:00 "W44 reviewed on the last evening" &&
	sed -i 's/^owner: lisi/&\nreviewed_by: zhangsan/' "$R/records/logs/2026-W45-lisi.md" &&
	commit_at 2026-11-23T09:00:00+08:00 "W45 reviewed late" &&
	echo 补充。 >>"$R/records/logs/2026-W45-lisi.md" &&
	commit_at 2026-11-24T09:00:00+08:00 "a later edit keeps the review's date" &&
	lint_is 0 2026-11-25 <<-\EOF
	records/logs/2026-W45-lisi.md:5:14: warning: reviewed_by: zhangsan was committed 2026-11-23, after its deadline 2026-11-15 [review]
	EOF
EOT

test_expect_success 'a reviewed_by not committed yet is dated now' - <<\EOT
	setup &&
	log_w44 &&
	commit_at 2026-11-02T10:00:00+08:00 log &&
	sed -i 's/^owner: lisi/&\nreviewed_by: zhangsan/' "$R/records/logs/2026-W44-lisi.md" &&
	lint_is 0 2026-11-08 </dev/null &&
	lint_is 0 2026-11-09 <<-\EOF
	records/logs/2026-W44-lisi.md:5:14: warning: reviewed_by is not committed, and its deadline 2026-11-08 has passed [review]
	EOF
EOT

test_done
