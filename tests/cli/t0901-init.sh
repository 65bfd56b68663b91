#!/bin/sh
# worklog init: .worklog.yaml in the language chosen with a roster from
# the commit authors, the record folders, .gitattributes and the hooks;
# it loads cleanly, refuses to overwrite, and asks only a terminal.
. "$(dirname "$0")/lib.sh"

PATH=$(dirname "$WORKLOG"):$PATH
export PATH
unset LC_ALL LC_MESSAGES LANG

# A repository with commits by zhangsan (twice, once in capitals) and
# lisi.
authors() {
	new_repo "$R" &&
	GIT_AUTHOR_NAME=张三 GIT_AUTHOR_EMAIL=zhangsan@example.com \
		git -C "$R" commit -q --allow-empty -m one &&
	GIT_AUTHOR_NAME="Li Si" GIT_AUTHOR_EMAIL=lisi@example.com \
		git -C "$R" commit -q --allow-empty -m two &&
	GIT_AUTHOR_NAME=张三 GIT_AUTHOR_EMAIL=ZhangSan@Example.com \
		git -C "$R" commit -q --allow-empty -m three
}

# What init writes besides the configuration, as it says it.
WROTE_REST='wrote records/analyses/.gitkeep
wrote records/kpis/.gitkeep
wrote records/logs/.gitkeep
wrote records/meetings/.gitkeep
wrote records/playbooks/.gitkeep
wrote records/problems/.gitkeep
wrote records/projects/.gitkeep
wrote records/roles/.gitkeep
wrote records/summaries/.gitkeep
wrote records/tasks/.gitkeep
wrote .worklog/schema/.gitkeep'

# What init says of the diff and merge drivers, as `hooks install` does.
DRIVERS='.gitattributes: added /records/**/*.md diff=worklog merge=worklog
diff.worklog.textconv: set to worklog diff --textconv
merge.worklog.name: set to worklog: records merged field by field
merge.worklog.driver: set to worklog merge %O %A %B %P'

test_expect_success 'init --lang zh writes a Chinese configuration with the authors as the roster' - <<\EOT
	authors &&
	test_exit 0 "$WORKLOG" -C "$R" init --lang zh &&
	test_stdout <<-EOF &&
	wrote .worklog.yaml
	$WROTE_REST
	pre-commit: installed in .git/hooks/pre-commit
	pre-merge-commit: installed in .git/hooks/pre-merge-commit
	$DRIVERS
	EOF
	test_stderr "" &&
	cat >expect <<-\EOF &&
	# worklog 配置：哪些文件是记录、团队成员有谁、记录要遵守哪些规则。
	# `worklog validate` 会检查本文件。
	version: 1

	# 哪些文件是记录：相对本目录的 glob。
	records: ["records/**/*.md"]

	# 团队自定义记录类型（YAML schema）所在目录，可新增类型或覆盖内置类型。
	schemas: [.worklog/schema]

	# 路径匹配 glob 的记录按该类型校验，不看其 `type:` 字段。
	# types:
	#   "records/logs/**": log

	# 时区：决定“今天”以及日、周、月的边界（默认取本机时区）。
	# timezone: Asia/Shanghai

	# 名册：owner 等字段填写这里的 id。以下取自提交历史，请核对姓名和邮箱。
	# 审核人负责审核总结：在某人下面加一行 `reviewer: true`（目前没有审核人）。
	people:
	  - id: lisi
	    name: Li Si
	    email: [lisi@example.com]
	  - id: zhangsan
	    name: 张三
	    email: [ZhangSan@Example.com]

	# lint 规则：off、warning、error，或 {severity, 选项}。
	# rules:
	#   stale: {severity: warning, after: 14d}
	#   cadence:                     # 每人每周一份周报
	#     severity: error
	#     since: YYYY-MM-DD          # 从哪一天开始要求
	#     require:
	#       - {type: log, every: week, grace: 1d, who: all}
	#   review: {severity: warning, types: [summary], within: 7d}

	# 团队刚开始使用时，可让钩子只提示问题、不拒绝提交：
	# hooks:
	#   warn-only: true

	# 新记录的小标题和报告所用语言：zh 或 en。
	reports:
	  lang: zh
	EOF
	test_cmp expect "$R/.worklog.yaml" &&
	echo "/records/**/*.md diff=worklog merge=worklog" >expect &&
	test_cmp expect "$R/.gitattributes" &&
	git -C "$R" config diff.worklog.textconv >config &&
	git -C "$R" config merge.worklog.name >>config &&
	git -C "$R" config merge.worklog.driver >>config &&
	cat >expect <<-\EOF &&
	worklog diff --textconv
	worklog: records merged field by field
	worklog merge %O %A %B %P
	EOF
	test_cmp expect config &&
	test_must_be_empty "$R/records/tasks/.gitkeep" &&
	test_path_is_executable "$R/.git/hooks/pre-commit" &&
	test_exit 0 "$WORKLOG" -C "$R" validate &&
	test_stdout "" &&
	test_stderr "checked 0 records: 0 errors, 0 warnings"
EOT

test_expect_success 'init --lang en writes an English configuration that loads' - <<\EOT
	authors &&
	test_exit 0 "$WORKLOG" -C "$R" init --lang en --no-hooks &&
	test_stdout <<-EOF &&
	wrote .worklog.yaml
	$WROTE_REST
	$DRIVERS
	EOF
	cat >expect <<-\EOF &&
	# worklog configuration: which files are records, who the team is,
	# and the recording rules. `worklog validate` checks this file.
	version: 1

	# Which files are records: globs relative to this folder.
	records: ["records/**/*.md"]

	# Folders of the team's own record types (YAML schemas), which may
	# add types or replace built-in ones.
	schemas: [.worklog/schema]

	# Records whose path matches a glob take its type, whatever their
	# `type:` field says.
	# types:
	#   "records/logs/**": log

	# The time zone of "today" and of the boundaries of days, weeks and
	# months (default: this machine's).
	# timezone: Asia/Shanghai

	# The roster: owner fields hold these ids. Taken from the commit
	# history: check names and emails. A reviewer signs summaries off: add
	# `reviewer: true` under a person to make them one (nobody is yet).
	people:
	  - id: lisi
	    name: Li Si
	    email: [lisi@example.com]
	  - id: zhangsan
	    name: 张三
	    email: [ZhangSan@Example.com]

	# Lint rules: off, warning, error, or {severity, options}.
	# rules:
	#   stale: {severity: warning, after: 14d}
	#   cadence:                     # a weekly log from everyone
	#     severity: error
	#     since: YYYY-MM-DD          # the first day that counts
	#     require:
	#       - {type: log, every: week, grace: 1d, who: all}
	#   review: {severity: warning, types: [summary], within: 7d}

	# While the team starts, the hooks may print findings without
	# rejecting commits:
	# hooks:
	#   warn-only: true

	# The language of new records' headings and of reports: zh or en.
	reports:
	  lang: en
	EOF
	test_cmp expect "$R/.worklog.yaml" &&
	test_path_is_missing "$R/.git/hooks/pre-commit" &&
	test_exit 0 "$WORKLOG" -C "$R" validate &&
	test_stderr "checked 0 records: 0 errors, 0 warnings"
EOT

test_expect_success 'the language comes from LANG when --lang is not given' - <<\EOT
	new_repo "$R" &&
	LANG=zh_CN.UTF-8 "$WORKLOG" -C "$R" init --no-hooks >/dev/null &&
	test_grep -x "  lang: zh" "$R/.worklog.yaml" &&
	new_repo "$R" &&
	LANG=en_US.UTF-8 "$WORKLOG" -C "$R" init --no-hooks >/dev/null &&
	test_grep -x "  lang: en" "$R/.worklog.yaml" &&
	new_repo "$R" &&
	"$WORKLOG" -C "$R" init --no-hooks >/dev/null &&
	test_grep -x "  lang: en" "$R/.worklog.yaml" &&
	new_repo "$R" &&
	test_exit 2 "$WORKLOG" -C "$R" init --lang fr &&
	test_stderr <<-\EOF &&
	worklog: --lang takes zh or en, not 'fr'
	usage: worklog init [--lang zh|en] [--force] [--no-hooks]
	Run 'worklog help init' for its options.
	EOF
	test_path_is_missing "$R/.worklog.yaml"
EOT

test_expect_success 'a repository without commits gets an empty roster, and loads' - <<\EOT
	new_repo "$R" &&
	test_exit 0 "$WORKLOG" -C "$R" init --lang en --no-hooks &&
	sed -n "/^# The roster/,/^people/p" "$R/.worklog.yaml" >roster &&
	cat >expect <<-\EOF &&
	# The roster: owner fields hold these ids. Add one entry per person;
	# `reviewer: true` makes someone a reviewer who signs summaries off:
	#   - id: zhangsan
	#     name: Zhang San
	#     email: [zhangsan@example.com]
	#     reviewer: true
	people: []
	EOF
	test_cmp expect roster &&
	test_exit 0 "$WORKLOG" -C "$R" validate
EOT

test_expect_success 'ids come from the newest email: lowercased, tidied, unique; one person per name' - <<\EOT
	new_repo "$R" &&
	GIT_AUTHOR_NAME="Wang Wu" GIT_AUTHOR_EMAIL=wang.wu+ops@corp.example \
		git -C "$R" commit -q --allow-empty -m 1 &&
	GIT_AUTHOR_NAME=Bot GIT_AUTHOR_EMAIL=41898282+Octo-Cat@users.noreply.github.com \
		git -C "$R" commit -q --allow-empty -m 2 &&
	GIT_AUTHOR_NAME="Wang Wu" GIT_AUTHOR_EMAIL=wang.wu@home.example \
		git -C "$R" commit -q --allow-empty -m 3 &&
	GIT_AUTHOR_NAME="Other Wang" GIT_AUTHOR_EMAIL=Wang.Wu@other.example \
		git -C "$R" commit -q --allow-empty -m 4 &&
	GIT_AUTHOR_NAME=007 GIT_AUTHOR_EMAIL=9@numbers.example \
		git -C "$R" commit -q --allow-empty -m 5 &&
	"$WORKLOG" -C "$R" init --lang en --no-hooks >/dev/null &&
	sed -n "/^people:/,/^$/p" "$R/.worklog.yaml" >roster &&
	cat >expect <<-\EOF &&
	people:
	  - id: octo-cat
	    name: Bot
	    email: ["41898282+Octo-Cat@users.noreply.github.com"]
	  - id: person
	    name: "007"
	    email: ["9@numbers.example"]
	  - id: wang.wu
	    name: Other Wang
	    email: [Wang.Wu@other.example]
	  - id: wang.wu-2
	    name: Wang Wu
	    email: [wang.wu@home.example, wang.wu+ops@corp.example]

	EOF
	test_cmp expect roster &&
	test_exit 0 "$WORKLOG" -C "$R" validate
EOT

test_expect_success 'an existing configuration is kept unless --force' - <<\EOT
	authors &&
	echo "version: 1" >"$R/.worklog.yaml" &&
	test_exit 2 "$WORKLOG" -C "$R" init &&
	test_stdout "" &&
	test_stderr "worklog: init: .worklog.yaml exists already; --force replaces it" &&
	test_path_is_missing "$R/records" &&
	echo "version: 1" >expect &&
	test_cmp expect "$R/.worklog.yaml" &&
	test_exit 0 "$WORKLOG" -C "$R" init --force --lang en --no-hooks &&
	test_grep -x "replaced .worklog.yaml" "$TRASH/out" &&
	test_grep -x "  - id: zhangsan" "$R/.worklog.yaml" &&
	test_exit 0 "$WORKLOG" -C "$R" init --force --lang en --no-hooks &&
	test_stdout <<-\EOF
	replaced .worklog.yaml
	.gitattributes: already has /records/**/*.md diff=worklog merge=worklog
	diff.worklog.textconv: already set to worklog diff --textconv
	merge.worklog.name: already set to worklog: records merged field by field
	merge.worklog.driver: already set to worklog merge %O %A %B %P
	EOF
EOT

test_expect_success '.gitattributes keeps its lines and gets the drivers once' - <<\EOT
	new_repo "$R" &&
	printf '*.png binary\r\n*.sh text eol=lf' >"$R/.gitattributes" &&
	test_exit 0 "$WORKLOG" -C "$R" init --lang en --no-hooks &&
	test_grep -x ".gitattributes: added /records/\*\*/\*.md diff=worklog merge=worklog" "$TRASH/out" &&
	printf '*.png binary\r\n*.sh text eol=lf\n/records/**/*.md diff=worklog merge=worklog\n' >expect &&
	test_cmp expect "$R/.gitattributes" &&
	"$WORKLOG" -C "$R" init --force --lang en --no-hooks >/dev/null &&
	test_cmp expect "$R/.gitattributes" &&
	test_exit 0 git -C "$R" check-attr diff merge -- records/tasks/T-1.md &&
	test_stdout <<-\EOF
	records/tasks/T-1.md: diff: worklog
	records/tasks/T-1.md: merge: worklog
	EOF
EOT

test_expect_success 'init writes at the top of the working tree, wherever it runs' - <<\EOT
	new_repo "$R" &&
	mkdir -p "$R/sub/dir" &&
	test_exit 0 "$WORKLOG" -C "$R/sub/dir" init --lang en --no-hooks &&
	test_path_is_file "$R/.worklog.yaml" &&
	test_path_is_file "$R/records/logs/.gitkeep" &&
	test_path_is_missing "$R/sub/dir/.worklog.yaml"
EOT

test_expect_success 'outside a git repository and in a bare one, init refuses' - <<\EOT
	mkdir plain &&
	test_exit 2 "$WORKLOG" -C plain init &&
	test_grep "^worklog: init: not in a git repository (run 'git init' first): " "$TRASH/err" &&
	test_path_is_missing plain/.worklog.yaml &&
	git init -q --bare bare.git &&
	test_exit 2 "$WORKLOG" -C bare.git init &&
	test_stderr "worklog: init: '$TRASH/bare.git' is a bare repository; init needs a working tree" &&
	test_exit 2 "$WORKLOG" -C plain init extra &&
	test_grep "^worklog: init takes no arguments; use -C DIR for another folder" "$TRASH/err" &&
	new_repo "$R" &&
	test_exit 2 "$WORKLOG" -C "$R" --rev HEAD init &&
	test_grep "^worklog: init writes into the working tree; --staged and --rev do not apply" "$TRASH/err"
EOT

test_expect_success 'the folders and files already there are kept' - <<\EOT
	new_repo "$R" &&
	mkdir -p "$R/records/tasks" &&
	echo keep >"$R/records/tasks/.gitkeep" &&
	test_exit 0 "$WORKLOG" -C "$R" init --lang en --no-hooks &&
	test_grep ! "records/tasks/.gitkeep" "$TRASH/out" &&
	echo keep >expect &&
	test_cmp expect "$R/records/tasks/.gitkeep"
EOT

test_expect_success 'with the hooks installed, a good record commits and a bad one is refused' - <<\EOT
	authors &&
	"$WORKLOG" -C "$R" init --lang zh >/dev/null &&
	"$WORKLOG" -C "$R" new task --title 第一个任务 --owner lisi --today 2026-11-26 >path &&
	git -C "$R" add -A &&
	test_exit 0 git -C "$R" commit -qm start &&
	printf -- "---\ntype: task\n---\n" >"$R/records/tasks/bad.md" &&
	git -C "$R" add -A &&
	test_exit 1 git -C "$R" commit -qm bad &&
	test_grep "^records/tasks/bad.md:1:1: error: missing required property 'id' \[schema\]" "$TRASH/err"
EOT

test_expect_success '--format json lists the files and the hooks' - <<\EOT
	new_repo "$R" &&
	test_exit 0 "$WORKLOG" -C "$R" init --lang en --format json &&
	head -3 "$TRASH/out" >head &&
	cat >expect <<-\EOF &&
	{"files": [
	  {"path": ".worklog.yaml", "action": "wrote"},
	  {"path": "records/analyses/.gitkeep", "action": "wrote"},
	EOF
	test_cmp expect head &&
	test_grep '^], "hooks": {"dir": ".git/hooks", "hooks": \[$' "$TRASH/out" &&
	test_grep -x '  {"name": "pre-commit", "path": ".git/hooks/pre-commit", "action": "installed"},' "$TRASH/out" &&
	test_grep -x ' "attributes": {"file": ".gitattributes", "lines": \[{"line": "/records/\*\*/\*.md diff=worklog merge=worklog", "action": "added"}\]},' "$TRASH/out" &&
	test_grep '^ "config": \[{"key": "diff.worklog.textconv", "value": "worklog diff --textconv", "action": "set"}, ' "$TRASH/out"
EOT

test_lazy_prereq TTY 'script -qec true /dev/null'

test_expect_success TTY 'on a terminal, init asks the language and the reviewers' - <<\EOT
	authors &&
	printf 'xx\nzh\nzhangsan nobody\n' >answers &&
	script -qec "\"$WORKLOG\" -C \"$R\" init --no-hooks" /dev/null <answers >typescript &&
	test_grep "Language of headings and reports (zh/en) \[en\]: " typescript &&
	test_grep "Please answer zh or en: " typescript &&
	test_grep "People found in the commit history: lisi, zhangsan" typescript &&
	test_grep "worklog: nobody has the id 'nobody'; skipped" typescript &&
	sed -n "/^people:/,/^$/p" "$R/.worklog.yaml" >roster &&
	cat >expect <<-\EOF &&
	people:
	  - id: lisi
	    name: Li Si
	    email: [lisi@example.com]
	  - id: zhangsan
	    name: 张三
	    email: [ZhangSan@Example.com]
	    reviewer: true

	EOF
	test_cmp expect roster &&
	test_grep -x "  lang: zh" "$R/.worklog.yaml" &&
	test_exit 0 "$WORKLOG" -C "$R" validate
EOT

test_done
