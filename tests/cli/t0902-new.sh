#!/bin/sh
# worklog new TYPE: a record from its type's template, with its required
# fields filled, its required sections as headings in the configured
# language, at the path its type gives; it validates, never overwrites,
# and does not repeat a log.
. "$(dirname "$0")/lib.sh"

# Random parts of ids repeat from run to run; the zones are the tests'.
WORKLOG_TEST_RANDOM=1
TZDIR=$PROJECT_DIR/tests/unit/zoneinfo
export WORKLOG_TEST_RANDOM TZDIR
unset VISUAL EDITOR

# team LANG: a repository whose roster has zhangsan (the committer) and
# lisi, in Shanghai's time, records in LANG.
team() {
	new_repo "$R" &&
	git -C "$R" config user.email zhangsan@example.com &&
	write_team "$1"
}

# every_type: one record of each built-in type, with what each needs.
every_type() {
	"$WORKLOG" -C "$R" new task -t 任务 --today 2026-11-26 &&
	"$WORKLOG" -C "$R" new log --today 2026-11-26 &&
	"$WORKLOG" -C "$R" new project -t 项目 --today 2026-11-26 &&
	"$WORKLOG" -C "$R" new analysis -t 分析 --set "sources=订单表, 流量表" \
		--set conclusion=转化率下降 --today 2026-11-26 &&
	"$WORKLOG" -C "$R" new problem -t 问题 --today 2026-11-26 &&
	"$WORKLOG" -C "$R" new meeting -t 周会 --today 2026-11-26 &&
	"$WORKLOG" -C "$R" new kpi -t GMV --set target=100 --set unit=万元 \
		--today 2026-11-26 &&
	"$WORKLOG" -C "$R" new summary --today 2026-11-26 &&
	"$WORKLOG" -C "$R" new role -t 运维工程师 --set "responsibilities=值班, 巡检" \
		--today 2026-11-26 &&
	"$WORKLOG" -C "$R" new playbook -t 机房断电 --set trigger=市电中断 \
		--set "steps=切换到发电机, 通知值班经理" --today 2026-11-26
}

test_expect_success 'new task writes the template in Chinese and prints its path' - <<\EOT
	team zh &&
	test_exit 0 "$WORKLOG" -C "$R" new task --title "618 活动页面加载速度优化" --today 2026-11-26 &&
	test_stdout "records/tasks/T-20261126-5cc1.md" &&
	test_stderr "" &&
	cat >expect <<-\EOF &&
	---
	type: task
	id: T-20261126-5cc1
	title: "618 活动页面加载速度优化"
	owner: zhangsan
	status: todo
	created: 2026-11-26
	---
	## 背景
	EOF
	test_cmp expect "$R/records/tasks/T-20261126-5cc1.md" &&
	test_exit 0 "$WORKLOG" -C "$R" validate records/tasks/T-20261126-5cc1.md &&
	test_stdout "" &&
	test_stderr "checked 1 record: 0 errors, 0 warnings"
EOT

test_expect_success 'new task writes the template in English' - <<\EOT
	team en &&
	test_exit 0 "$WORKLOG" -C "$R" new task -t "Renew the TLS certificates" \
		--set priority=高 --set "tags=security, ops" --set due=2026/12/1 \
		--today 2026-11-26 &&
	test_stdout "records/tasks/T-20261126-5cc1.md" &&
	cat >expect <<-\EOF &&
	---
	type: task
	id: T-20261126-5cc1
	title: Renew the TLS certificates
	owner: zhangsan
	priority: high
	status: todo
	created: 2026-11-26
	due: 2026-12-01
	tags: [security, ops]
	---
	## Background
	EOF
	test_cmp expect "$R/records/tasks/T-20261126-5cc1.md" &&
	test_exit 0 "$WORKLOG" -C "$R" validate
EOT

test_expect_success 'a record of every built-in type validates, in Chinese and in English' - <<\EOT
	for lang in zh en; do
		team $lang &&
		every_type >paths &&
		test_line_count = 10 paths &&
		test_exit 0 "$WORKLOG" -C "$R" validate &&
		test_stdout "" &&
		test_stderr "checked 10 records: 0 errors, 0 warnings" || return 1
	done &&
	cat >expect <<-\EOF &&
	records/tasks/T-20261126-5cc1.md
	records/logs/2026-W48-zhangsan.md
	records/projects/P-20261126-5cc1.md
	records/analyses/A-20261126-5cc1.md
	records/problems/PRB-20261126-5cc1.md
	records/meetings/2026-11-26-5cc1.md
	records/kpis/K-20261126-5cc1.md
	records/summaries/2026-11-zhangsan.md
	records/roles/2026-11-26-5cc1.md
	records/playbooks/PB-20261126-5cc1.md
	EOF
	test_cmp expect paths &&
	cat >expect <<-\EOF &&
	---
	type: meeting
	date: 2026-11-26
	title: 周会
	owner: zhangsan
	attendees: [zhangsan]
	---
	## Decisions
	EOF
	test_cmp expect "$R/records/meetings/2026-11-26-5cc1.md" &&
	cat >expect <<-\EOF &&
	---
	type: kpi
	id: K-20261126-5cc1
	name: GMV
	owner: zhangsan
	period: 2026-11
	target: 100
	unit: 万元
	direction: up
	---
	## Definition
	EOF
	test_cmp expect "$R/records/kpis/K-20261126-5cc1.md" &&
	cat >expect <<-\EOF &&
	---
	type: playbook
	id: PB-20261126-5cc1
	title: 机房断电
	owner: zhangsan
	trigger: 市电中断
	steps: [切换到发电机, 通知值班经理]
	---
	## Trigger

	## Steps
	EOF
	test_cmp expect "$R/records/playbooks/PB-20261126-5cc1.md"
EOT

test_expect_success 'new records lint without errors: their empty headings are left to fill in' - <<\EOT
	team zh &&
	every_type >/dev/null &&
	test_exit 0 "$WORKLOG" -C "$R" lint --today 2026-11-26 &&
	test_grep ! " error: " "$TRASH/out" &&
	test_grep -x 'records/tasks/T-20261126-5cc1.md:9:1: warning: section "背景" is empty \[empty-section\]' "$TRASH/out" &&
	echo "进展顺利。" >>"$R/records/tasks/T-20261126-5cc1.md" &&
	test_exit 0 "$WORKLOG" -C "$R" lint --today 2026-11-26 records/tasks &&
	test_stdout ""
EOT

test_expect_success 'a log is for this week; a second one prints the first' - <<\EOT
	team zh &&
	test_exit 0 "$WORKLOG" -C "$R" new log --today 2026-11-26 &&
	test_stdout "records/logs/2026-W48-zhangsan.md" &&
	printf -- "---\ntype: log\nperiod: 2026-W48\nowner: zhangsan\n---\n" >expect &&
	test_cmp expect "$R/records/logs/2026-W48-zhangsan.md" &&
	echo "- 写完周报" >>"$R/records/logs/2026-W48-zhangsan.md" &&
	cp "$R/records/logs/2026-W48-zhangsan.md" expect &&
	test_exit 0 "$WORKLOG" -C "$R" new log --today 2026-11-29 &&
	test_stdout "records/logs/2026-W48-zhangsan.md" &&
	test_stderr "worklog: new: records/logs/2026-W48-zhangsan.md exists already for this owner and period; not making another" &&
	test_cmp expect "$R/records/logs/2026-W48-zhangsan.md" &&
	test_exit 0 "$WORKLOG" -C "$R" new log --today 2026-11-30 &&
	test_stdout "records/logs/2026-W49-zhangsan.md" &&
	test_exit 0 "$WORKLOG" -C "$R" new log --owner lisi --today 2026-11-26 &&
	test_stdout "records/logs/2026-W48-lisi.md"
EOT

test_expect_success 'the log found is the owner and period, wherever it lies' - <<\EOT
	team zh &&
	write "$R/records/2026/old-log.md" <<-\EOF &&
	---
	type: log
	owner: zhangsan
	period: 2026-W48
	---
	EOF
	test_exit 0 "$WORKLOG" -C "$R" new log --today 2026-11-26 &&
	test_stdout "records/2026/old-log.md" &&
	test_path_is_missing "$R/records/logs"
EOT

test_expect_success '--period takes a period or the current one of a kind' - <<\EOT
	team zh &&
	test_exit 0 "$WORKLOG" -C "$R" new log --period day --today 2026-11-26 &&
	test_stdout "records/logs/2026-11-26-zhangsan.md" &&
	test_exit 0 "$WORKLOG" -C "$R" new log --period 2026-W47 &&
	test_stdout "records/logs/2026-W47-zhangsan.md" &&
	test_exit 0 "$WORKLOG" -C "$R" new summary --period quarter --today 2026-11-26 &&
	test_stdout "records/summaries/2026-Q4-zhangsan.md" &&
	test_exit 0 "$WORKLOG" -C "$R" validate &&
	test_exit 2 "$WORKLOG" -C "$R" new log --period 2026-W60 &&
	test_stderr "worklog: new: '2026-W60' is not a period (2026-W48, 2026-11, 2026-Q4, 2026, 2026-11-26) nor day, week, month, quarter or year" &&
	test_exit 2 "$WORKLOG" -C "$R" new summary --period week --today 2026-11-26 &&
	test_stderr <<-\EOF
	worklog: new: records/summaries/2026-W48-zhangsan.md would not be valid, so it is not written:
	records/summaries/2026-W48-zhangsan.md:3:9: error: period: "2026-W48" does not match pattern '^\d{4}(-Q[1-4]|-\d{2})?$' [schema]
	EOF
EOT

test_expect_success 'the owner is the committer, through the roster, or --owner' - <<\EOT
	team zh &&
	test_exit 0 "$WORKLOG" -C "$R" new task -t x --owner "Li Si" --today 2026-11-26 &&
	test_grep -x "owner: lisi" "$R/$(cat "$TRASH/out")" &&
	test_exit 2 "$WORKLOG" -C "$R" new task -t x --owner wangwu &&
	test_stderr "worklog: new: 'wangwu' is not in the roster of .worklog.yaml" &&
	git -C "$R" config user.email nobody@example.com &&
	test_exit 2 "$WORKLOG" -C "$R" new task -t x &&
	test_stderr "worklog: new: your email 'nobody@example.com' is not in the roster of .worklog.yaml: give --owner ID, or add the email to your person there" &&
	test_exit 0 "$WORKLOG" -C "$R" new role -t 值班员 --set responsibilities=值班 &&
	printf 'version: 1\n' >"$R/.worklog.yaml" &&
	test_exit 2 "$WORKLOG" -C "$R" new task -t x &&
	test_stderr "worklog: new: the roster of .worklog.yaml has no people, so the owner is not known: give --owner ID" &&
	test_exit 0 "$WORKLOG" -C "$R" new task -t x --owner someone --today 2026-11-26 &&
	test_grep -x "owner: someone" "$R/$(cat "$TRASH/out")"
EOT

test_expect_success 'bad values and fields are named, and nothing is written' - <<\EOT
	team zh &&
	test_exit 2 "$WORKLOG" -C "$R" new task --set titel=x &&
	test_stderr "worklog: new: task has no field 'titel'; did you mean 'title'?" &&
	test_exit 2 "$WORKLOG" -C "$R" new task -t x --set due=明天 &&
	test_stderr "worklog: new: due: '明天' is not a date (write 2026-11-30)" &&
	test_exit 2 "$WORKLOG" -C "$R" new task -t x --set priority=P9 &&
	test_stderr "worklog: new: priority: 'P9' is not one of low, medium, high or urgent" &&
	test_exit 2 "$WORKLOG" -C "$R" new task -t x --set estimate=2 --today 2026-11-26 &&
	test_stderr <<-\EOF &&
	worklog: new: records/tasks/T-20261126-5cc1.md would not be valid, so it is not written:
	records/tasks/T-20261126-5cc1.md:8:11: error: estimate: "2" is not a valid duration [schema]
	EOF
	test_exit 2 "$WORKLOG" -C "$R" new task -t x --set nope &&
	test_grep "^worklog: --set takes FIELD=VALUE, not 'nope'" "$TRASH/err" &&
	test_exit 2 "$WORKLOG" -C "$R" new analysis &&
	test_stderr "worklog: new: analysis needs a value for title, sources, conclusion: give them with --set FIELD=VALUE (or --title TEXT)" &&
	test_exit 2 "$WORKLOG" -C "$R" new log -t x &&
	test_stderr "worklog: new: --title: a log record has no title" &&
	test_exit 2 "$WORKLOG" -C "$R" new taks &&
	test_stderr "worklog: new: unknown record type 'taks'; did you mean 'task'?" &&
	test_exit 2 "$WORKLOG" -C "$R" new task -t x --today 2026-13-01 &&
	test_grep "^worklog: --today takes a date, YYYY-MM-DD, not '2026-13-01'" "$TRASH/err" &&
	test_exit 2 "$WORKLOG" -C "$R" new &&
	test_grep "^worklog: new needs a record type (task, log, ...)" "$TRASH/err" &&
	test_exit 2 "$WORKLOG" -C "$R" --staged new task -t x &&
	test_grep "^worklog: new writes into the working tree; --staged and --rev do not apply" "$TRASH/err" &&
	test_path_is_missing "$R/records"
EOT

test_expect_success 'a record never overwrites a file: a taken id gets another random part' - <<\EOT
	team zh &&
	write "$R/records/tasks/T-20261126-5cc1.md" <<-\EOF &&
	---
	type: task
	id: T-20261126-5cc1
	title: 已有
	owner: lisi
	status: todo
	created: 2026-11-20
	---
	EOF
	cp "$R/records/tasks/T-20261126-5cc1.md" expect &&
	test_exit 0 "$WORKLOG" -C "$R" new task -t 新的 --today 2026-11-26 &&
	test_stdout "records/tasks/T-20261126-ec67.md" &&
	test_cmp expect "$R/records/tasks/T-20261126-5cc1.md" &&
	test_exit 2 "$WORKLOG" -C "$R" new task -t 新的 --set id=T-20261126-5cc1 &&
	test_stderr <<-\EOF &&
	worklog: new: records/tasks/T-20261126-5cc1.md would not be valid, so it is not written:
	records/tasks/T-20261126-5cc1.md:1:1: error: 'records/tasks/T-20261126-5cc1.md' exists already; new records never overwrite a file [exists]
	EOF
	test_cmp expect "$R/records/tasks/T-20261126-5cc1.md"
EOT

test_expect_success "a team's own type gets new for free: pattern, template, defaults" - <<\EOT
	team zh &&
	write "$R/.worklog/schema/change.yaml" <<-\EOF &&
	x-type: change
	x-id: id
	x-id-pattern: "CHG-{year}{month}-{owner}-{random}"
	type: object
	required: [type, id, title, owner, risk, window, approved]
	properties:
	  type: {const: change}
	  id: {type: string, pattern: "^CHG-\\d{6}-[a-z]+-[0-9a-f]{4}$"}
	  title: {type: string, minLength: 1}
	  owner: {type: string, x-person: true}
	  risk: {enum: [low, medium, high], default: medium}
	  window: {type: string, format: date}
	  approved: {type: boolean, default: false}
	  reviewers: {type: array, items: {type: string, x-person: true}}
	x-template:
	  zh: "## 变更内容\n\n## 回滚方案\n"
	  en: "## What changes\n\n## Rollback\n"
	EOF
	test_exit 0 "$WORKLOG" -C "$R" new change -t 数据库扩容 --set "reviewers=lisi, 张三" --today 2026-11-26 &&
	test_stdout "records/changes/CHG-202611-zhangsan-5cc1.md" &&
	cat >expect <<-\EOF &&
	---
	type: change
	id: CHG-202611-zhangsan-5cc1
	title: 数据库扩容
	owner: zhangsan
	risk: medium
	window: 2026-11-26
	approved: false
	reviewers: [lisi, zhangsan]
	---
	## 变更内容

	## 回滚方案
	EOF
	test_cmp expect "$R/records/changes/CHG-202611-zhangsan-5cc1.md" &&
	test_exit 0 "$WORKLOG" -C "$R" validate
EOT

test_expect_success 'the folder comes from a types: glob, else from the records glob' - <<\EOT
	team zh &&
	cat >>"$R/.worklog.yaml" <<-\EOF &&
	types:
	  "work/todo/**": task
	EOF
	sed -i 's|^records:.*|records: ["records/**/*.md", "work/**/*.md"]|' "$R/.worklog.yaml" &&
	test_exit 0 "$WORKLOG" -C "$R" new task -t x --today 2026-11-26 &&
	test_stdout "work/todo/T-20261126-5cc1.md" &&
	test_grep ! "^type:" "$R/work/todo/T-20261126-5cc1.md" &&
	test_grep -x "id: T-20261126-5cc1" "$R/work/todo/T-20261126-5cc1.md" &&
	test_exit 0 "$WORKLOG" -C "$R" new problem -t x --today 2026-11-26 &&
	test_stdout "records/problems/PRB-20261126-5cc1.md" &&
	test_grep -x "type: problem" "$R/records/problems/PRB-20261126-5cc1.md" &&
	sed -i 's|^records:.*|records: ["notes/*.md"]|' "$R/.worklog.yaml" &&
	test_exit 0 "$WORKLOG" -C "$R" new problem -t y --today 2026-11-26 &&
	test_stdout "notes/PRB-20261126-5cc1.md" &&
	test_exit 0 "$WORKLOG" -C "$R" validate &&
	sed -i 's|^records:.*|records: ["notes/*.txt"]|' "$R/.worklog.yaml" &&
	test_exit 2 "$WORKLOG" -C "$R" new problem -t y --today 2026-11-26 &&
	test_stderr "worklog: new: no folder takes a new problem record named 'PRB-20261126-5cc1.md': the 'records' globs of .worklog.yaml match none (add a types: glob for problem)"
EOT

# An editor that logs its arguments and adds the line $EDIT_LINE to the
# record, or with $EDIT_SED edits it with sed.
editor() {
	write "$TRASH/ed.sh" <<-\EOF &&
	#!/bin/sh
	printf '%s\n' "$@" >"$TRASH/args"
	for last; do :; done
	if [ -n "${EDIT_SED-}" ]; then
		sed -i "$EDIT_SED" "$last"
	else
		printf '%s\n' "$EDIT_LINE" >>"$last"
	fi
	EOF
	chmod +x "$TRASH/ed.sh"
}

test_expect_success '--edit runs $EDITOR with the path as its argument, then checks the record' - <<\EOT
	team zh &&
	editor &&
	EDIT_LINE="进展顺利" EDITOR="$TRASH/ed.sh --wait" TRASH=$TRASH \
		test_exit 0 "$WORKLOG" -C "$R" new task -t x --edit --today 2026-11-26 &&
	test_stdout "records/tasks/T-20261126-5cc1.md" &&
	test_stderr "" &&
	printf -- '--wait\n%s\n' "$R/records/tasks/T-20261126-5cc1.md" >expect &&
	test_cmp expect "$TRASH/args" &&
	test_grep -x "进展顺利" "$R/records/tasks/T-20261126-5cc1.md" &&
	EDIT_SED="s/^owner: .*/&\\nhours: 200/" VISUAL="$TRASH/ed.sh" EDITOR=false TRASH=$TRASH \
		test_exit 1 "$WORKLOG" -C "$R" new log --edit --today 2026-11-26 &&
	test_stdout <<-\EOF &&
	records/logs/2026-W48-zhangsan.md
	records/logs/2026-W48-zhangsan.md:5:8: error: hours: 200 is greater than the maximum 168 [schema]
	EOF
	test_stderr "checked 1 record: 1 error, 0 warnings" &&
	EDIT_LINE="x" EDITOR=false test_exit 2 "$WORKLOG" -C "$R" new log --edit --today 2026-11-26 &&
	test_stdout "records/logs/2026-W48-zhangsan.md" &&
	test_stderr <<-EOF
	worklog: new: records/logs/2026-W48-zhangsan.md exists already for this owner and period; not making another
	worklog: the editor 'false' failed; '$R/records/logs/2026-W48-zhangsan.md' is kept
	EOF
EOT

test_expect_success 'a path with shell characters reaches the editor untouched' - <<\EOT
	R="$TRASH/a b;\$(touch pwned)" &&
	team zh &&
	editor &&
	EDIT_LINE="" EDITOR="$TRASH/ed.sh" TRASH=$TRASH \
		test_exit 0 "$WORKLOG" -C "$R" new task -t x --edit --today 2026-11-26 &&
	printf '%s\n' "$R/records/tasks/T-20261126-5cc1.md" >expect &&
	test_cmp expect "$TRASH/args" &&
	test_path_is_missing pwned &&
	test_path_is_missing "$R/pwned"
EOT

test_expect_success '--format json gives the path and whether it was made' - <<\EOT
	team zh &&
	test_exit 0 "$WORKLOG" -C "$R" new log --today 2026-11-26 --format json &&
	test_stdout '{"path": "records/logs/2026-W48-zhangsan.md", "created": true}' &&
	test_exit 0 "$WORKLOG" -C "$R" new log --today 2026-11-26 --format json &&
	test_stdout '{"path": "records/logs/2026-W48-zhangsan.md", "created": false}'
EOT

test_done
