#!/bin/sh
# worklog import csv: a spreadsheet's or Asana's CSV export made into
# records that validate; rows that cannot be mapped are told with their
# row numbers and nothing is written; bad files are refused whole.
. "$(dirname "$0")/lib.sh"

WORKLOG_TEST_RANDOM=1
TZDIR=$PROJECT_DIR/tests/unit/zoneinfo
export WORKLOG_TEST_RANDOM TZDIR
FIXTURES=$PROJECT_DIR/tests/fixtures/import

# team LANG: a repository whose roster has zhangsan and lisi, in
# Shanghai's time, records in LANG; the fixtures are copied into it.
team() {
	new_repo "$R" &&
	write_team "$1" &&
	cp "$FIXTURES"/*.csv "$R"
}

# import ARGS...: worklog import csv in the repository, today fixed.
import() {
	"$WORKLOG" -C "$R" import csv "$@" --today 2026-11-26
}

test_expect_success 'a Chinese spreadsheet (BOM, CRLF, quotes, an empty row) imports into records that validate' - <<\EOT
	team zh &&
	test_exit 0 import sheet-zh.csv --type task &&
	test_stdout <<-\EOF &&
	records/tasks/T-20261126-5cc1.md
	records/tasks/T-20261126-ec67.md
	records/tasks/T-20261126-555e.md
	EOF
	test_stderr "imported 3 records from sheet-zh.csv" &&
	cat >expect <<-\EOF &&
	---
	type: task
	id: T-20261126-5cc1
	title: "618 活动页面加载速度优化"
	owner: zhangsan
	priority: high
	status: doing
	created: 2026-11-02
	due: 2026-11-30
	tags: [web, performance]
	---
	## 背景

	首屏 3.2 秒，目标 1.5 秒。
	先做图片懒加载，再拆分脚本。
	EOF
	test_cmp expect "$R/records/tasks/T-20261126-5cc1.md" &&
	cat >expect <<-\EOF &&
	---
	type: task
	id: T-20261126-ec67
	title: "双十一复盘报告, 第一版"
	owner: lisi
	priority: medium
	status: done
	created: 2026-11-12
	due: 2026-11-20
	completed: 2026-11-19
	tags: [复盘]
	---
	## 背景
	EOF
	test_cmp expect "$R/records/tasks/T-20261126-ec67.md" &&
	cat >expect <<-\EOF &&
	---
	type: task
	id: T-20261126-555e
	title: 客服工单分类规则梳理
	owner: zhangsan
	priority: low
	status: todo
	created: 2026-11-20
	---
	## 背景

	把 "退款" 类工单单独归类
	EOF
	test_cmp expect "$R/records/tasks/T-20261126-555e.md" &&
	test_exit 0 "$WORKLOG" -C "$R" validate &&
	test_stderr "checked 3 records: 0 errors, 0 warnings" &&
	test_exit 0 "$WORKLOG" -C "$R" lint --today 2026-11-26 &&
	test_grep ! " error: " "$TRASH/out"
EOT

test_expect_success '--dry-run prints each record and writes nothing' - <<\EOT
	team zh &&
	test_exit 0 import sheet-zh.csv --type task --dry-run &&
	head -14 "$TRASH/out" >head &&
	cat >expect <<-\EOF &&
	==> records/tasks/T-20261126-5cc1.md <==
	---
	type: task
	id: T-20261126-5cc1
	title: "618 活动页面加载速度优化"
	owner: zhangsan
	priority: high
	status: doing
	created: 2026-11-02
	due: 2026-11-30
	tags: [web, performance]
	---
	## 背景

	EOF
	test_cmp expect head &&
	test_grep -x "==> records/tasks/T-20261126-555e.md <==" "$TRASH/out" &&
	test_line_count = 45 "$TRASH/out" &&
	test_stderr "would import 3 records from sheet-zh.csv; nothing written" &&
	test_path_is_missing "$R/records"
EOT

test_expect_success "Asana's export imports in English: sections are states, emails find people" - <<\EOT
	team en &&
	test_exit 0 import asana.csv --type task &&
	test_stdout <<-\EOF &&
	records/tasks/T-20261126-5cc1.md
	records/tasks/T-20261126-ec67.md
	records/tasks/T-20261126-555e.md
	EOF
	test_stderr <<-\EOF &&
	worklog: import: columns left out: 'Task ID', 'Last Modified', 'Start Date', 'Projects', 'Blocking (Dependencies)' (--map COLUMN=FIELD takes one in, COLUMN=- leaves it out quietly)
	imported 3 records from asana.csv
	EOF
	cat >expect <<-\EOF &&
	---
	type: task
	id: T-20261126-5cc1
	title: Migrate the billing dashboard
	owner: zhangsan
	status: doing
	created: 2026-11-02
	due: 2026-12-05
	tags: [dashboard, billing]
	---
	## Background

	Move the dashboard to the new warehouse, then retire the old job.
	EOF
	test_cmp expect "$R/records/tasks/T-20261126-5cc1.md" &&
	cat >expect <<-\EOF &&
	---
	type: task
	id: T-20261126-ec67
	title: Renew the TLS certificates
	owner: lisi
	status: done
	created: 2026-11-03
	due: 2026-11-15
	completed: 2026-11-10
	tags: [security]
	---
	## Background
	EOF
	test_cmp expect "$R/records/tasks/T-20261126-ec67.md" &&
	test_exit 0 "$WORKLOG" -C "$R" validate
EOT

test_expect_success 'rows that cannot be mapped are told by row, and nothing is written' - <<\EOT
	team zh &&
	test_exit 1 import bad-rows.csv --type task &&
	test_stdout <<-\EOF &&
	bad-rows.csv:2: 状态: '搁置' is not one of todo, doing, blocked, done or cancelled (say what it means with --map-value 'status:搁置=VALUE')
	bad-rows.csv:3: 负责人: '王五' is not in the roster (not an id, an email or a name of people:)
	bad-rows.csv:4: 截止日期: '下周一' is not a date (write 2026-11-30)
	bad-rows.csv:5: no title: map a column to it (--map COLUMN=title) or give --set title=VALUE
	bad-rows.csv:7: missing required property 'completed'
	EOF
	test_stderr "worklog: import: nothing written: 5 of 6 rows cannot be imported" &&
	test_path_is_missing "$R/records"
EOT

test_expect_success '--map-value, --set and --map say what the table means' - <<\EOT
	team zh &&
	head -2 "$R/bad-rows.csv" >"$R/one.csv" &&
	sed -n 7p "$R/bad-rows.csv" >>"$R/one.csv" &&
	test_exit 0 import one.csv --type task --map-value status:搁置=blocked \
		--map 创建日期=completed --set created=2026-11-01 &&
	test_stdout <<-\EOF &&
	records/tasks/T-20261126-5cc1.md
	records/tasks/T-20261126-ec67.md
	EOF
	cat >expect <<-\EOF &&
	---
	type: task
	id: T-20261126-ec67
	title: 备份恢复演练
	owner: lisi
	status: done
	created: 2026-11-01
	completed: 2026-11-20
	---
	## 背景
	EOF
	test_cmp expect "$R/records/tasks/T-20261126-ec67.md" &&
	test_grep -x "status: blocked" "$R/records/tasks/T-20261126-5cc1.md" &&
	test_exit 0 "$WORKLOG" -C "$R" validate
EOT

test_expect_success '--map takes a column to a field, to the body, or out' - <<\EOT
	team en &&
	write "$R/t.csv" <<-\EOF &&
	Task,Who,Remark,Noise
	Check the backups,zhangsan,Every Monday.,x
	EOF
	test_exit 0 import t.csv --type task --map Who=owner --map remark=body --map Noise=- &&
	test_stderr "imported 1 record from t.csv" &&
	cat >expect <<-\EOF &&
	---
	type: task
	id: T-20261126-5cc1
	title: Check the backups
	owner: zhangsan
	status: todo
	created: 2026-11-26
	---
	## Background

	Every Monday.
	EOF
	test_cmp expect "$R/records/tasks/T-20261126-5cc1.md" &&
	test_exit 2 import t.csv --type task --map Whom=owner &&
	test_stderr "worklog: import: --map: t.csv has no column 'Whom'" &&
	test_exit 2 import t.csv --type task --map Who=ownr &&
	test_stderr "worklog: import: --map: task has no field 'ownr'" &&
	test_exit 2 import t.csv --type task --map Who &&
	test_grep "^worklog: --map takes COLUMN=FIELD, not 'Who'" "$TRASH/err" &&
	test_exit 2 import t.csv --type task --map-value status=x &&
	test_grep "^worklog: --map-value takes FIELD:FROM=TO, not 'status=x'" "$TRASH/err"
EOT

test_expect_success 'imports never overwrite: a given id that is taken is a problem' - <<\EOT
	team zh &&
	write "$R/records/tasks/T-7.md" <<-\EOF &&
	---
	type: task
	id: T-7
	title: 已有
	owner: lisi
	status: todo
	created: 2026-11-20
	---
	EOF
	cp "$R/records/tasks/T-7.md" expect &&
	sed "s/T-7/T-9/" expect >"$R/records/tasks/legacy.md" &&
	write "$R/ids.csv" <<-\EOF &&
	编号,标题,负责人
	T-8,新的,zhangsan
	T-7,重复,zhangsan
	T-8,又一个,lisi
	T-9,旧的,lisi
	T-8,第三个,lisi
	EOF
	test_exit 1 import ids.csv --type task &&
	test_stdout <<-\EOF &&
	ids.csv:2: two new records would be 'records/tasks/T-8.md'
	ids.csv:3: 'records/tasks/T-7.md' exists already; new records never overwrite a file
	ids.csv:4: two new records would be 'records/tasks/T-8.md'
	ids.csv:5: id: "T-9" is also the id of records/tasks/legacy.md
	ids.csv:6: two new records would be 'records/tasks/T-8.md'
	EOF
	test_cmp expect "$R/records/tasks/T-7.md" &&
	test_path_is_missing "$R/records/tasks/T-8.md"
EOT

test_expect_success 'generated ids that are taken get other random parts' - <<\EOT
	team zh &&
	import sheet-zh.csv --type task >/dev/null &&
	test_exit 0 import sheet-zh.csv --type task &&
	test_stdout <<-\EOF &&
	records/tasks/T-20261126-c90b.md
	records/tasks/T-20261126-b5b9.md
	records/tasks/T-20261126-0280.md
	EOF
	test_exit 0 "$WORKLOG" -C "$R" validate &&
	test_stderr "checked 6 records: 0 errors, 0 warnings"
EOT

test_expect_success 'two rows given one random part: the later row gets another' - <<\EOT
	team zh &&
	WORKLOG_TEST_RANDOM=32252 test_exit 0 import sheet-zh.csv --type task &&
	test_stdout <<-\EOF
	records/tasks/T-20261126-f667.md
	records/tasks/T-20261126-378c.md
	records/tasks/T-20261126-aace.md
	EOF
EOT

test_expect_success 'a row lint would find an error in is a problem: dates out of order' - <<\EOT
	team zh &&
	printf '标题,负责人,创建日期,截止日期\n倒序,zhangsan,2026-11-20,2026-11-01\n' >"$R/order.csv" &&
	test_exit 1 import order.csv --type task &&
	test_stdout "order.csv:2: due: 2026-11-01 is before created (2026-11-20)" &&
	test_path_is_missing "$R/records"
EOT

test_expect_success 'a log of an owner and period that exists is a problem' - <<\EOT
	team zh &&
	write "$R/records/logs/2026-W48-zhangsan.md" <<-\EOF &&
	---
	type: log
	period: 2026-W48
	owner: zhangsan
	---
	EOF
	write "$R/logs.csv" <<-\EOF &&
	周期,负责人
	2026-W48,zhangsan
	2026-W48,lisi
	EOF
	test_exit 1 import logs.csv --type log &&
	test_stdout "logs.csv:2: records/logs/2026-W48-zhangsan.md has zhangsan's log for 2026-W48 already" &&
	test_path_is_missing "$R/records/logs/2026-W48-lisi.md"
EOT

test_expect_success SYMLINKS 'when a record cannot be written, those written are removed' - <<\EOT
	team zh &&
	write "$R/.worklog/schema/change.yaml" <<-\EOF &&
	x-type: change
	x-id: id
	x-filename: "{owner}/{id}.md"
	type: object
	required: [type, id, title, owner]
	properties:
	  type: {const: change}
	  id: {type: string}
	  title: {type: string}
	  owner: {type: string, x-person: true}
	EOF
	mkdir -p elsewhere "$R/records/changes" &&
	ln -s "$TRASH/elsewhere" "$R/records/changes/lisi" &&
	printf 'title,owner\nfirst,zhangsan\nsecond,lisi\n' >"$R/ch.csv" &&
	test_exit 2 import ch.csv --type change &&
	test_stdout "" &&
	test_stderr "worklog: import: cannot write 'records/changes/lisi/CHANGE-20261126-ec67.md': Not a directory; nothing was imported" &&
	test_path_is_missing "$R/records/changes/zhangsan" &&
	ls elsewhere >listed &&
	test_must_be_empty listed
EOT

# rows N: a CSV of N tasks of zhangsan's, all made today.
rows() {
	awk -v n="$1" 'BEGIN {
		print "标题,负责人,状态"
		for (i = 1; i <= n; i++)
			printf "任务 %d,张三,待办\n", i
	}'
}

test_expect_success 'ids stay short for a few rows and apart for the most a CSV may have' - <<\EOT
	team zh &&
	rows 1000 >"$R/some.csv" &&
	test_exit 0 import some.csv --type task --dry-run &&
	sed -n "s/^==> \(.*\) <==$/\1/p" "$TRASH/out" >paths &&
	test_line_count = 1000 paths &&
	grep -c "^records/tasks/T-20261126-[0-9a-f]\{4\}\.md$" paths >n &&
	echo 1000 >expect &&
	test_cmp expect n &&
	rows 99999 >"$R/all.csv" &&
	test_exit 0 import all.csv --type task --dry-run -q &&
	sed -n "s/^==> \(.*\) <==$/\1/p" "$TRASH/out" >paths &&
	grep -c "^records/tasks/T-20261126-[0-9a-f]\{6\}\.md$" paths >n &&
	echo 99999 >expect &&
	test_cmp expect n &&
	grep "^id: " "$TRASH/out" | sort -u | wc -l | tr -d " " >n &&
	test_cmp expect n
EOT

# bad_file NAME MESSAGE: importing $R/NAME is exit 2 with MESSAGE, and
# writes nothing.
bad_file() {
	test_exit 2 import "$1" --type task &&
	test_stdout "" &&
	test_stderr "$2" &&
	test_path_is_missing "$R/records"
}

test_expect_success 'a malformed CSV is refused with its row, line and column' - <<\EOT
	team zh &&
	printf '标题,负责人\n"x,zhangsan\n' >"$R/a.csv" &&
	bad_file a.csv "worklog: import: a.csv:2: a quoted field is not closed: its quote opens here and no quote ends it (line 2, column 1)" &&
	printf '标题,负责人\r\n"a\r\nb"c,zhangsan\r\n' >"$R/b.csv" &&
	bad_file b.csv "worklog: import: b.csv:2: text after the closing quote of a field; quote the whole field and double the quotes in it (line 3, column 3)" &&
	printf '标题,负责人\nok,zhangsan\n5" 屏幕,zhangsan\n' >"$R/c.csv" &&
	bad_file c.csv "worklog: import: c.csv:3: a quote in the middle of a field; quote the whole field and double the quotes in it (line 3, column 2)" &&
	printf '标题,负责人\nx,zhangsan,多余\n' >"$R/d.csv" &&
	bad_file d.csv "worklog: import: d.csv:2: the row has a value in field 3, but the header has 2 columns" &&
	: >"$R/e.csv" &&
	bad_file e.csv "worklog: import: e.csv is empty: it needs a header row"
EOT

test_expect_success 'non-UTF-8, UTF-16, NUL bytes and huge files are refused' - <<\EOT
	team zh &&
	printf '标题,负责人\nok,zhangsan\n\325\305\310\375,zhangsan\n' >"$R/gbk.csv" &&
	bad_file gbk.csv "worklog: import: gbk.csv:3: not UTF-8: save the file as \"CSV UTF-8\", or convert it with iconv -f GBK -t UTF-8 (line 3, column 1)" &&
	printf '\377\376t\000i\000' >"$R/u16.csv" &&
	bad_file u16.csv "worklog: import: u16.csv: UTF-16 text: save the file as \"CSV UTF-8\" instead" &&
	printf 'a,b\nx\000,y\n' >"$R/nul.csv" &&
	bad_file nul.csv "worklog: import: nul.csv:2: a NUL byte: this is no text file (line 2, column 2)" &&
	truncate -s 65M "$R/big.csv" &&
	bad_file big.csv "worklog: import: 'big.csv' is larger than 64 MiB; split it" &&
	bad_file nosuch.csv "worklog: import: cannot read 'nosuch.csv': No such file or directory"
EOT

test_expect_success 'the arguments are checked before anything is read' - <<\EOT
	team zh &&
	test_exit 2 import sheet-zh.csv &&
	test_grep "^worklog: import needs --type TYPE: the record type of the rows" "$TRASH/err" &&
	test_exit 2 import sheet-zh.csv --type taks &&
	test_stderr "worklog: import: unknown record type 'taks'; did you mean 'task'?" &&
	test_exit 2 "$WORKLOG" -C "$R" import xls sheet-zh.csv --type task &&
	test_grep "^worklog: import reads csv or trello, not 'xls'" "$TRASH/err" &&
	test_exit 2 import sheet-zh.csv --type task --include-archived &&
	test_grep "^worklog: --include-archived is for trello" "$TRASH/err" &&
	test_exit 2 "$WORKLOG" -C "$R" import csv --type task &&
	test_grep "^worklog: import csv takes one FILE" "$TRASH/err"
EOT

test_expect_success '--format json lists the records, or the problems' - <<\EOT
	team zh &&
	test_exit 0 import sheet-zh.csv --type task --format json &&
	test_stdout <<-\EOF &&
	{"dry_run": false, "records": [
	  {"path": "records/tasks/T-20261126-5cc1.md", "from": "sheet-zh.csv:2"},
	  {"path": "records/tasks/T-20261126-ec67.md", "from": "sheet-zh.csv:3"},
	  {"path": "records/tasks/T-20261126-555e.md", "from": "sheet-zh.csv:6"}
	]}
	EOF
	test_exit 1 import bad-rows.csv --type task --format json &&
	head -2 "$TRASH/out" >head &&
	cat >expect <<-\EOF &&
	{"problems": [
	  "bad-rows.csv:2: 状态: '搁置' is not one of todo, doing, blocked, done or cancelled (say what it means with --map-value 'status:搁置=VALUE')",
	EOF
	test_cmp expect head
EOT

test_done
