#!/bin/sh
# The five-minute tour of README.md and README.zh.md, step by step, with
# the outputs they show: a change in what worklog prints that makes the
# README wrong fails here.
. "$(dirname "$0")/lib.sh"

# The tour's repository: its configuration and its one task.
setup() {
	new_repo "$R" &&
	git -C "$R" config user.name 张三 &&
	git -C "$R" config user.email zhangsan@example.com &&
	printf 'version: 1\npeople:\n  - {id: zhangsan, name: 张三}\n' >"$R/.worklog.yaml" &&
	write "$R/records/tasks/T-2026-0142.md" <<-\EOF
	---
	type: task
	id: T-2026-0142
	title: 618 活动页面加载速度优化
	owner: zhangsan
	status: finished
	priority: high
	created: 2026-11-02
	due: 2026-11-20
	---
	## 背景
	首页 LCP 超过 4 秒。
	EOF
}

task=records/tasks/T-2026-0142.md

test_expect_success 'both READMEs show the same tour' - <<\EOT
	for f in README.md README.zh.md; do
		sed -n '/^    \$ printf/,/^       # Weekly report/p' \
			"$PROJECT_DIR/$f" | grep '^ *\$\|^ *records/\|^ *checked\|^ *worklog:\|^ *# Weekly' >$f.tour || return 1
	done &&
	test_line_count -gt 12 README.md.tour &&
	test_cmp README.md.tour README.zh.md.tour
EOT

test_expect_success 'validate, lint, aggregate, the hook and report print what the tour shows' - <<\EOT
	setup &&
	cd "$R" &&
	test_exit 1 "$WORKLOG" validate &&
	test_stdout "$task:6:9: error: status: \"finished\" is not one of todo, doing, blocked, done, cancelled [schema]" &&
	test_stderr "checked 1 record: 1 error, 0 warnings" &&
	sed -i 's/status: finished/status: doing/' $task &&
	test_exit 0 "$WORKLOG" validate &&
	test_exit 0 "$WORKLOG" lint --today 2026-11-30 &&
	test_stdout "$task:9:6: warning: due: 2026-11-20 has passed and status is still \"doing\" [overdue]" &&
	test_stderr "checked 1 record: 0 errors, 1 warning" &&
	test_exit 0 "$WORKLOG" aggregate --where "state = 'open'" --group-by owner --count &&
	test_stdout <<-\EOF &&
	owner     count
	--------  -----
	zhangsan      1
	EOF
	test_exit 0 "$WORKLOG" hooks install &&
	test_stdout <<-\EOF &&
	pre-commit: installed in .git/hooks/pre-commit
	pre-merge-commit: installed in .git/hooks/pre-merge-commit
	.gitattributes: added /records/**/*.md diff=worklog merge=worklog
	diff.worklog.textconv: set to worklog diff --textconv
	merge.worklog.name: set to worklog: records merged field by field
	merge.worklog.driver: set to worklog merge %O %A %B %P
	EOF
	PATH=$(dirname "$WORKLOG"):$PATH &&
	git add . &&
	test_exit 0 git commit -q -m T-2026-0142 &&
	sed -i 's/status: doing/status: todo-ish/' $task &&
	test_exit 1 git commit -q -am oops &&
	test_stderr <<-EOF &&
	$task:6:9: error: status: "todo-ish" is not one of todo, doing, blocked, done, cancelled [schema]
	worklog: commit rejected: 1 record failed
	EOF
	test_exit 0 "$WORKLOG" report week --today 2026-11-30 --lang en &&
	head -1 "$TRASH/out" >title &&
	echo "# Weekly report 2026-W49" >expect &&
	test_cmp expect title &&
	test_grep "^| T-2026-0142 | task | 618 活动页面加载速度优化 | zhangsan | In progress | doing |" "$TRASH/out"
EOT

test_done
