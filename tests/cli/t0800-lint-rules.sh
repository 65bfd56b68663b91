#!/bin/sh
# worklog lint: each rule of one commit, tripped and not, with its exact
# findings (rule id, line, column, message), Chinese headings and names
# included.
. "$(dirname "$0")/lib.sh"

# A repository with the type issue (write_issue_schema), a roster of
# 张三 and 李四, and one clean issue, records/I-1.md.
setup() {
	new_repo "$R" &&
	write_config zhangsan=张三 lisi=李四 &&
	write_issue_schema &&
	write_issue records/I-1.md
}

# lint_is CODE: `worklog lint --today 2026-11-26` exits CODE and prints
# the text on stdin.
lint_is() {
	cat >"$TRASH/want" &&
	test_exit "$1" "$WORKLOG" -C "$R" lint -q --today 2026-11-26 &&
	test_cmp "$TRASH/want" "$TRASH/out"
}

test_expect_success 'a clean repository lints clean' - <<\EOT
	setup &&
	test_exit 0 "$WORKLOG" -C "$R" lint --today 2026-11-26 &&
	test_stdout "" &&
	test_stderr "checked 1 record: 0 errors, 0 warnings"
EOT

test_expect_success 'schema: lint reports what validate reports, at the same place' - <<\EOT
	setup &&
	sed -i 's/^status: open/status: finished/' "$R/records/I-1.md" &&
	lint_is 1 <<-\EOF &&
	records/I-1.md:4:9: error: status: "finished" is not one of open, doing, blocked, resolved [schema]
	EOF
	test_exit 1 "$WORKLOG" -C "$R" validate -q &&
	test_cmp "$TRASH/want" "$TRASH/out"
EOT

test_expect_success 'encoding: a byte-order mark, CRLF, mixed line ends and a lone CR' - <<\EOT
	setup &&
	printf '\357\273\277' >"$R/records/I-2.md" &&
	sed 's/I-1/I-2/' "$R/records/I-1.md" >>"$R/records/I-2.md" &&
	sed 's/I-1/I-3/; s/$/\r/' "$R/records/I-1.md" >"$R/records/I-3.md" &&
	sed 's/I-1/I-4/; 3s/$/\r/' "$R/records/I-1.md" >"$R/records/I-4.md" &&
	sed 's/I-1/I-5/; s/接口超时。/接口\r超时。/' "$R/records/I-1.md" >"$R/records/I-5.md" &&
	lint_is 0 <<-\EOF
	records/I-2.md:1:1: warning: the file starts with a byte-order mark; records are UTF-8 without one [encoding]
	records/I-3.md:1:4: warning: lines end in CRLF (\r\n); records use LF (\n) [encoding]
	records/I-4.md:3:8: warning: mixed line ends: this line ends in CRLF, the first in LF; records use LF (\n) [encoding]
	records/I-5.md:10:3: warning: a carriage return (\r) not followed by a line feed [encoding]
	EOF
EOT

test_expect_success 'truthy: unquoted yes/no/on/off/y/n keys and values, in their YAML 1.1 cases' - <<\EOT
	setup &&
	write "$R/records/I-2.md" <<-\EOF &&
	---
	type: issue
	id: I-2
	status: open
	urgent: yes
	meta: {on: 1, list: [No, OFF, y], fine: [yEs, "yes", true, 'no']}
	---
	## 描述
	磁盘满。
	EOF
	lint_is 0 <<-\EOF
	records/I-2.md:5:9: warning: urgent: yes is true to YAML 1.1 readers; write "yes" for the text or true for the boolean [truthy]
	records/I-2.md:6:8: warning: meta.on: the key on is true to YAML 1.1 readers; write "on" [truthy]
	records/I-2.md:6:22: warning: meta.list[0]: No is false to YAML 1.1 readers; write "No" for the text or false for the boolean [truthy]
	records/I-2.md:6:26: warning: meta.list[1]: OFF is false to YAML 1.1 readers; write "OFF" for the text or false for the boolean [truthy]
	records/I-2.md:6:31: warning: meta.list[2]: y is true to YAML 1.1 readers; write "y" for the text or true for the boolean [truthy]
	EOF
EOT

test_expect_success 'duplicate-id: a second record with an id, each pointing at the other' - <<\EOT
	setup &&
	mkdir "$R/records/sub" &&
	cp "$R/records/I-1.md" "$R/records/sub/I-1.md" &&
	lint_is 1 <<-\EOF
	records/I-1.md:3:5: error: id: "I-1" is also the id of records/sub/I-1.md [duplicate-id]
	records/sub/I-1.md:3:5: error: id: "I-1" is also the id of records/I-1.md [duplicate-id]
	EOF
EOT

test_expect_success 'dangling-ref: a reference to no record of the type, and one that resolves' - <<\EOT
	setup &&
	sed 's/I-1/I-2/; /^owner/a parent: I-9' "$R/records/I-1.md" >"$R/records/I-2.md" &&
	sed 's/I-1/I-3/; /^owner/a parent: I-1' "$R/records/I-1.md" >"$R/records/I-3.md" &&
	lint_is 1 <<-\EOF
	records/I-2.md:6:9: error: parent: "I-9" is not the id of any issue record [dangling-ref]
	EOF
EOT

test_expect_success 'dangling-ref: judging one file still sees every record' - <<\EOT
	setup &&
	sed 's/I-1/I-3/; /^owner/a parent: I-1' "$R/records/I-1.md" >"$R/records/I-3.md" &&
	test_exit 0 "$WORKLOG" -C "$R" lint --today 2026-11-26 records/I-3.md &&
	test_stdout "" &&
	test_stderr "checked 1 record: 0 errors, 0 warnings"
EOT

test_expect_success 'unknown-person: a near roster id, a name written for the id, a stranger' - <<\EOT
	setup &&
	sed -i 's/^owner: zhangsan/owner: zhangsna/' "$R/records/I-1.md" &&
	cat >>"$R/records/I-1.md" <<-\EOF &&
	
	- [ ] 扩容 @张三 due:2026-12-01
	- [x] 排查 @lisi @wangwu
	- [ ] 复盘 @李四
	EOF
	lint_is 1 <<-\EOF
	records/I-1.md:5:8: error: owner: "zhangsna" is not in the roster; did you mean "zhangsan"? [unknown-person]
	records/I-1.md:12:10: error: task owner @张三 is not in the roster; did you mean @zhangsan? [unknown-person]
	records/I-1.md:13:16: error: task owner @wangwu is not in the roster [unknown-person]
	records/I-1.md:14:10: error: task owner @李四 is not in the roster; did you mean @lisi? [unknown-person]
	EOF
EOT

test_expect_success 'missing-section: a required section, and one that a condition requires' - <<\EOT
	setup &&
	write "$R/records/I-2.md" <<-\EOF &&
	---
	type: issue
	id: I-2
	status: resolved
	---
	## 原因
	连接池太小。
	EOF
	lint_is 1 <<-\EOF
	records/I-2.md:5:1: error: missing section "Description" (or 问题描述, 描述) [missing-section]
	records/I-2.md:5:1: error: missing section "Solution" (or 解决方案); required when status is resolved [missing-section]
	EOF
EOT

test_expect_success 'sections match in any case, with spaces and a full-width colon' - <<\EOT
	setup &&
	write "$R/records/I-2.md" <<-\EOF &&
	---
	type: issue
	id: I-2
	status: resolved
	---
	#   DESCRIPTION:
	Disk full.
	### 解决方案：
	清理日志。
	EOF
	lint_is 0 </dev/null
EOT

test_expect_success 'empty-section: a heading with nothing but blank lines and a comment' - <<\EOT
	setup &&
	cat >>"$R/records/I-1.md" <<-\EOF &&
	## 原因
	
	<!-- 待补充 -->
	
	## Notes
	EOF
	lint_is 0 <<-\EOF
	records/I-1.md:11:1: warning: section "原因" is empty [empty-section]
	EOF
EOT

test_expect_success 'filename: the path does not match x-filename' - <<\EOT
	setup &&
	sed 's/I-1/I-2/' "$R/records/I-1.md" >"$R/records/issue-2.md" &&
	lint_is 1 <<-\EOF
	records/issue-2.md:1:1: error: file name does not match x-filename '{id}.md': expected a path ending in 'I-2.md' [filename]
	EOF
EOT

test_expect_success 'date-order: a date before the one it must follow; the same day is in order' - <<\EOT
	setup &&
	sed -i 's/^due: .*/due: 2026-11-01/' "$R/records/I-1.md" &&
	sed 's/I-1/I-2/; s/^status: open/status: resolved/; /^due/d; /^reported/a resolved: 2026-11-02' \
		"$R/records/I-1.md" >"$R/records/I-2.md" &&
	printf '## 解决方案\n重启。\n' >>"$R/records/I-2.md" &&
	lint_is 1 <<-\EOF
	records/I-1.md:7:6: error: due: 2026-11-01 is before reported (2026-11-02) [date-order]
	records/I-1.md:7:6: warning: due: 2026-11-01 has passed and status is still "open" [overdue]
	EOF
EOT

test_expect_success 'overdue: open and blocked records and unchecked items past due, by --today' - <<\EOT
	setup &&
	sed -i 's/^due: .*/due: 2026-11-25/' "$R/records/I-1.md" &&
	sed 's/I-1/I-2/; s/^status: open/status: blocked/' "$R/records/I-1.md" >"$R/records/I-2.md" &&
	sed 's/I-1/I-3/; s/^status: open/status: resolved/' "$R/records/I-1.md" >"$R/records/I-3.md" &&
	printf '## 解决方案\n重启。\n' >>"$R/records/I-3.md" &&
	cat >>"$R/records/I-1.md" <<-\EOF &&
	
	- [ ] 扩容 @zhangsan due:2026-11-20
	- [x] 排查 @lisi due:2026-11-20
	- [ ] 复盘 due:2026-11-26
	- [ ] 周报 due:2026-13-01
	EOF
	lint_is 0 <<-\EOF &&
	records/I-1.md:7:6: warning: due: 2026-11-25 has passed and status is still "open" [overdue]
	records/I-1.md:12:20: warning: task "扩容" is not checked and was due 2026-11-20 [overdue]
	records/I-1.md:15:10: warning: task "周报": due:2026-13-01 is not a date (use due:YYYY-MM-DD) [overdue]
	records/I-2.md:7:6: warning: due: 2026-11-25 has passed and status is still "blocked" [overdue]
	EOF
	test_exit 0 "$WORKLOG" -C "$R" lint -q --today 2026-11-25 &&
	test_stdout 'records/I-1.md:12:20: warning: task "扩容" is not checked and was due 2026-11-20 [overdue]
records/I-1.md:15:10: warning: task "周报": due:2026-13-01 is not a date (use due:YYYY-MM-DD) [overdue]'
EOT

test_expect_success 'overdue: today is the date in the configured time zone' - <<\EOT
	setup &&
	sed -i 's/^due: .*/due: 2026-11-25/' "$R/records/I-1.md" &&
	echo "timezone: Etc/GMT-14" >>"$R/.worklog.yaml" &&
	test_exit 0 env TZ=UTC "$WORKLOG" -C "$R" lint -q &&
	test_grep 'due: 2026-11-25 has passed' "$TRASH/out"
EOT

test_expect_success 'a bad --today is a usage error' - <<\EOT
	setup &&
	test_exit 2 "$WORKLOG" -C "$R" lint --today 2026-11-31 &&
	test_grep "^worklog: --today: '2026-11-31' is not a date (use YYYY-MM-DD)$" "$TRASH/err"
EOT

test_expect_success 'rules: set to off, warning or error, are obeyed' - <<\EOT
	setup &&
	sed -i 's/^owner: zhangsan/owner: zhangsna/; s/^due: .*/due: 2026-11-01/' "$R/records/I-1.md" &&
	printf 'rules:\n  unknown-person: warning\n  date-order: off\n  overdue: error\n' >>"$R/.worklog.yaml" &&
	lint_is 1 <<-\EOF
	records/I-1.md:5:8: warning: owner: "zhangsna" is not in the roster; did you mean "zhangsan"? [unknown-person]
	records/I-1.md:7:6: error: due: 2026-11-01 has passed and status is still "open" [overdue]
	EOF
EOT

test_expect_success 'a file over the size limit is one syntax finding, as for validate' - <<\EOT
	setup &&
	printf 'limits: {file-bytes: 100}\n' >>"$R/.worklog.yaml" &&
	printf '\r\n%.0s' $(seq 60) >>"$R/records/I-1.md" &&
	lint_is 1 <<-\EOF &&
	records/I-1.md:1:1: error: file is 246 bytes, more than the limit of 100 (limits: file-bytes) [syntax]
	EOF
	test_exit 1 "$WORKLOG" -C "$R" validate -q &&
	test_cmp "$TRASH/want" "$TRASH/out"
EOT

test_expect_success 'validate judges only its rules: lint findings are not its' - <<\EOT
	setup &&
	sed -i 's/^owner: zhangsan/owner: zhangsna/' "$R/records/I-1.md" &&
	test_exit 0 "$WORKLOG" -C "$R" validate -q &&
	test_stdout ""
EOT

test_done
