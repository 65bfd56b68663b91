#!/bin/sh
# Data is never rewritten (SECURITY.md, "Data"): a record typed by a
# `types:` glob keeps its own `type:` field, which is validated as
# written; the worklog type is the record's metadata. The built-in types
# do not require a `type:` field, and check it when it is there.
. "$(dirname "$0")/lib.sh"

PATH=$(dirname "$WORKLOG"):$PATH
export PATH

# An adopted Backlog.md corpus: its tasks' `type:` is bug, feature or
# chore, and the glob backlog/** gives them the worklog type
# backlog-task; work logs under logs/ are typed `log` by a glob too.
setup() {
	new_repo "$R" &&
	write "$R/.worklog.yaml" <<-\EOF &&
	version: 1
	records: ["backlog/**/*.md", "logs/*.md"]
	schemas: [schema]
	types: {"backlog/**": backlog-task, "logs/*.md": log}
	people: [{id: zhangsan}]
	EOF
	write "$R/schema/backlog-task.yaml" <<-\EOF &&
	x-type: backlog-task
	x-id: id
	type: object
	required: [id, title, type]
	properties:
	  id: {type: string}
	  title: {type: string}
	  type: {enum: [bug, feature, chore]}
	  status: {enum: [To Do, In Progress, Done]}
	EOF
	write "$R/backlog/tasks/task-1.md" <<-\EOF
	---
	id: task-1
	title: Fix the login page
	type: bug
	status: To Do
	---
	EOF
}

test_expect_success 'a corpus whose own type: means something else passes its own schema' - <<\EOT
	setup &&
	cp "$R/backlog/tasks/task-1.md" expect &&
	test_exit 0 "$WORKLOG" -C "$R" validate &&
	test_stdout "" &&
	test_stderr "checked 1 record: 0 errors, 0 warnings" &&
	test_cmp expect "$R/backlog/tasks/task-1.md"
EOT

test_expect_success 'its type: is validated as written, at its own position' - <<\EOT
	setup &&
	write "$R/backlog/tasks/task-2.md" <<-\EOF &&
	---
	id: task-2
	title: Plan the next release
	status: Done
	type: epic
	---
	EOF
	test_exit 1 "$WORKLOG" -C "$R" validate &&
	test_stdout 'backlog/tasks/task-2.md:5:7: error: type: "epic" is not one of bug, feature, chore [schema]'
EOT

test_expect_success 'the hooks judge the record as written too' - <<\EOT
	setup &&
	git -C "$R" add -A &&
	test_exit 0 "$WORKLOG" -C "$R" hook pre-commit &&
	test_stdout "" &&
	test_exit 0 "$WORKLOG" -C "$R" validate --staged &&
	test_stderr "checked 1 record: 0 errors, 0 warnings"
EOT

test_expect_success 'a built-in type needs no type: field, and checks one that is there' - <<\EOT
	setup &&
	write "$R/logs/2026-W47-zhangsan.md" <<-\EOF &&
	---
	period: 2026-W47
	owner: zhangsan
	---
	## 本周完成
	- 整理上线清单
	EOF
	test_exit 0 "$WORKLOG" -C "$R" validate logs &&
	test_stderr "checked 1 record: 0 errors, 0 warnings" &&
	write "$R/logs/2026-W48-zhangsan.md" <<-\EOF &&
	---
	type: daily
	period: 2026-W48
	owner: zhangsan
	---
	EOF
	test_exit 1 "$WORKLOG" -C "$R" validate logs &&
	test_stdout 'logs/2026-W48-zhangsan.md:2:7: error: type: "daily" must be "log" [schema]'
EOT

test_done
