#!/bin/sh
# worklog import trello: a board export made into records: lists are
# states, members owners, labels tags, checklists and comments go into
# the body, archived cards are left out; hostile JSON is refused.
. "$(dirname "$0")/lib.sh"

WORKLOG_TEST_RANDOM=1
TZDIR=$PROJECT_DIR/tests/unit/zoneinfo
export WORKLOG_TEST_RANDOM TZDIR
BOARD=$PROJECT_DIR/tests/fixtures/import/trello-board.json

# team LANG [LISI]: a roster of zhangsan (张三) and lisi (named LISI,
# "Li Si" by default, as on the board), in Shanghai's time.
team() {
	new_repo "$R" &&
	write_team "$1" "${2-}" &&
	cp "$BOARD" "$R/board.json"
}

import() {
	"$WORKLOG" -C "$R" import trello "$@" --today 2026-11-26
}

test_expect_success 'a Trello board imports into records that validate' - <<\EOT
	team zh &&
	test_exit 0 import board.json --type task &&
	test_stdout <<-\EOF &&
	records/tasks/T-20261126-5cc1.md
	records/tasks/T-20261126-ec67.md
	records/tasks/T-20261126-555e.md
	EOF
	test_stderr "imported 3 records from board.json; 2 archived cards left out (--include-archived takes them)" &&
	cat >expect <<-\EOF &&
	---
	type: task
	id: T-20261126-5cc1
	title: "618 活动页面加载速度优化"
	owner: zhangsan
	status: doing
	created: 2026-11-02
	due: 2026-11-30
	tags: [Web-perf, 紧急]
	---
	## 背景

	首屏 3.2 秒，目标 1.5 秒。

	## 上线前检查

	- [x] 图片懒加载
	- [ ] 拆分首屏脚本 @lisi due:2026-11-25

	## Rollout

	- [ ] Canary at 5%

	## 评论

	- 2026-11-03 Li Si: 需要先确认 CDN 配置。
	- 2026-11-18 张三: 懒加载已上线，首屏降到 2.1 秒。
	  下一步拆脚本。
	EOF
	test_cmp expect "$R/records/tasks/T-20261126-5cc1.md" &&
	cat >expect <<-\EOF &&
	---
	type: task
	id: T-20261126-ec67
	title: Renew the TLS certificates
	owner: lisi
	status: done
	created: 2026-11-05
	due: 2026-11-16
	completed: 2026-11-12
	tags: [purple]
	---
	## 背景

	## 评论

	- 2026-11-06 Li Si: Certificates expire on the 20th.
	EOF
	test_cmp expect "$R/records/tasks/T-20261126-ec67.md" &&
	cat >expect <<-\EOF &&
	---
	type: task
	id: T-20261126-555e
	title: 客服工单分类规则梳理
	owner: lisi
	status: todo
	created: 2026-11-10
	---
	## 背景
	EOF
	test_cmp expect "$R/records/tasks/T-20261126-555e.md" &&
	test_exit 0 "$WORKLOG" -C "$R" validate &&
	test_stderr "checked 3 records: 0 errors, 0 warnings" &&
	test_exit 0 "$WORKLOG" -C "$R" lint --today 2026-11-26 &&
	test_grep ! " error: " "$TRASH/out"
EOT

test_expect_success 'in English the comments are under Comments' - <<\EOT
	team en &&
	test_exit 0 import board.json --type task &&
	sed -n "/^## /p" "$R/records/tasks/T-20261126-5cc1.md" >headings &&
	cat >expect <<-\EOF &&
	## Background
	## 上线前检查
	## Rollout
	## Comments
	EOF
	test_cmp expect headings &&
	test_exit 0 "$WORKLOG" -C "$R" validate
EOT

test_expect_success 'archived cards come with --include-archived; an unknown list is told' - <<\EOT
	team zh &&
	test_exit 1 import board.json --type task --include-archived &&
	test_stdout "board.json: card 5 '日志平台扩容评估': list: 'Icebox' is not one of todo, doing, blocked, done or cancelled (say what it means with --map-value 'status:Icebox=VALUE')" &&
	test_stderr "worklog: import: nothing written: 1 of 5 rows cannot be imported" &&
	test_path_is_missing "$R/records" &&
	test_exit 0 import board.json --type task --include-archived --map-value status:icebox=todo &&
	test_line_count = 5 "$TRASH/out" &&
	test_stderr "imported 5 records from board.json" &&
	cat >expect <<-\EOF &&
	---
	type: task
	id: T-20261126-c90b
	title: 旧监控下线
	owner: zhangsan
	status: done
	created: 2026-11-10
	completed: 2026-11-10
	---
	## 背景

	已被新监控取代。
	EOF
	test_cmp expect "$R/records/tasks/T-20261126-c90b.md" &&
	test_exit 0 "$WORKLOG" -C "$R" validate
EOT

test_expect_success 'a card whose members the roster does not know is told' - <<\EOT
	team zh 李四 &&
	test_exit 1 import board.json --type task &&
	test_stdout <<-\EOF &&
	board.json: card 2 'Renew the TLS certificates': member: 'lisi_ops' is not in the roster (not an id, an email or a name of people:)
	board.json: card 3 '客服工单分类规则梳理': member: 'wangwu' is not in the roster (not an id, an email or a name of people:)
	EOF
	test_exit 0 import board.json --type task --map-value "owner:Li Si=lisi" &&
	test_grep -x "owner: lisi" "$R/records/tasks/T-20261126-555e.md" &&
	test_grep -x -- "- \[ \] 拆分首屏脚本 due:2026-11-25" "$R/records/tasks/T-20261126-5cc1.md"
EOT

# bad_board NAME MESSAGE: importing $R/NAME is exit 2 with MESSAGE.
bad_board() {
	test_exit 2 import "$1" --type task &&
	test_stdout "" &&
	test_stderr "$2" &&
	test_path_is_missing "$R/records"
}

test_expect_success 'broken, hostile and huge JSON is refused with its position' - <<\EOT
	team zh &&
	printf '{"cards": [\n  {"name": "x",}\n]}' >"$R/a.json" &&
	bad_board a.json "worklog: import: a.json:2:16: not JSON: string or '}' expected near '}'" &&
	printf '{"cards": [], "cards": []}' >"$R/b.json" &&
	bad_board b.json "worklog: import: b.json:1:21: not JSON: duplicate object key near '\"cards\"'" &&
	printf '{"cards": [{"name": "\325\305"}]}' >"$R/c.json" &&
	bad_board c.json "worklog: import: c.json:1:21: not JSON: unable to decode byte 0xd5 near '\"'" &&
	printf '{"name": "board"}' >"$R/d.json" &&
	bad_board d.json "worklog: import: d.json is not a Trello board export: it has no \"cards\" list" &&
	{ printf '{"cards": ' && printf '%070d' 0 | tr 0 '[' && printf '%070d' 0 | tr 0 ']' && printf '}'; } >"$R/e.json" &&
	bad_board e.json "worklog: import: e.json:1:74: the JSON nests deeper than 64 levels; it is no Trello export" &&
	{ printf '{"cards": [' && yes 0, | head -n 4000001 | tr -d '\n' && printf '0]}'; } >"$R/f.json" &&
	bad_board f.json "worklog: import: f.json:1:8000007: more than 4000000 JSON values" &&
	truncate -s 65M "$R/g.json" &&
	bad_board g.json "worklog: import: 'g.json' is larger than 64 MiB; split it"
EOT

test_expect_success '--map is for CSV only' - <<\EOT
	team zh &&
	test_exit 2 import board.json --type task --map name=title &&
	test_grep "^worklog: --map is for csv; a Trello card's parts go to fixed fields" "$TRASH/err"
EOT

test_done
