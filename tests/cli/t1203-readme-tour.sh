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

# section FILE HEADING: the transcript of section HEADING of FILE, its
# lines indented by four spaces, unindented.
section() {
	awk -v h="$2" '$0 == h { f = 1; next } /^## / { f = 0 }
		f && /^    / { print substr($0, 5) }' "$PROJECT_DIR/$1"
}

# tour_script: turns a transcript on stdin into a shell script that
# prints the same transcript as its commands really run: each command
# line ("$ " first), then what it prints on stdout and stderr; `cat >
# FILE` takes the lines after it as its input, and shows them as typed.
tour_script() {
	awk '
	function q(s) { gsub(/'\''/, "'\''\\'\'''\''", s); return "'\''" s "'\''" }
	function end_input() {
		if (input) { print "WORKLOG_TOUR_EOF"; print "cat " file; input = 0 }
	}
	/^\$ / {
		end_input()
		cmd = substr($0, 3)
		print "printf '\''%s\\n'\'' " q($0)
		if (cmd ~ /^cat > [^ ]+$/) {
			file = substr(cmd, 7)
			print "cat > " file " <<'\''WORKLOG_TOUR_EOF'\''"
			input = 1
		} else {
			print "{ " cmd; print "} 2>&1"
		}
		next
	}
	input { print }
	END { end_input() }'
}

# start_tour FILE HEADING: runs the transcript of the "start a
# repository" section in a fresh folder as a newcomer would, as 张三
# (zhangsan@example.com), and compares what it prints with what the
# README shows, today's dates read as the day the README was written.
start_tour() {
	section "$1" "$2" >expect &&
	test_line_count -gt 30 expect &&
	tour_script <expect >tour.sh &&
	mkdir newcomer home &&
	HOME=$TRASH/home &&
	export HOME &&
	git config --global init.defaultBranch main &&
	git config --global user.name 张三 &&
	git config --global user.email zhangsan@example.com &&
	(
		# A newcomer's commits: their own, made now.
		unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_AUTHOR_DATE \
			GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL GIT_COMMITTER_DATE &&
		cd newcomer &&
		PATH=$(dirname "$WORKLOG"):$PATH WORKLOG_TEST_RANDOM=1 sh ../tour.sh
	) >ran &&
	sed -e "s/$(date +%Y%m%d)/20261130/g" -e "s/$(date +%F)/2026-11-30/g" \
		-e "s/$(date +%G-W%V)/2026-W49/g" ran >actual &&
	test_cmp expect actual
}

test_expect_success 'both READMEs start a repository with the same commands' - <<\EOT
	section README.md "## Start a repository" | grep '^\$ ' >en &&
	section README.zh.md "## 从零建一个记录仓库" | grep '^\$ ' |
		sed 's/--lang zh/--lang en/' >zh &&
	test_line_count -gt 12 en &&
	test_cmp en zh &&
	for step in "worklog init" "worklog new task" "worklog new log" \
		"worklog validate" "worklog lint" "git commit" "worklog import csv" \
		"worklog report week"; do
		grep -q "^\\\$ .*$step" en || { echo "no step $step" && return 1; }
	done
EOT

test_expect_success 'a newcomer starts a repository as README.md shows, in English' - <<\EOT
	start_tour README.md "## Start a repository" &&
	test_grep "^# Weekly report " actual
EOT

test_expect_success 'and as README.zh.md shows, in Chinese' - <<\EOT
	start_tour README.zh.md "## 从零建一个记录仓库" &&
	test_grep "^# 周报 " actual &&
	test_grep -x "  lang: zh" newcomer/team/.worklog.yaml
EOT

test_done
