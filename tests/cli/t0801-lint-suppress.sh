#!/bin/sh
# worklog lint: suppressions in front matter and in body comments, what
# cannot be suppressed, and suppressions that suppress nothing.
. "$(dirname "$0")/lib.sh"

setup() {
	new_repo "$R" &&
	write_config zhangsan=张三 lisi=李四 &&
	write_issue_schema
}

# lint_is CODE: `worklog lint --today 2026-11-26` exits CODE and prints
# the text on stdin.
lint_is() {
	cat >"$TRASH/want" &&
	test_exit "$1" "$WORKLOG" -C "$R" lint -q --today 2026-11-26 &&
	test_cmp "$TRASH/want" "$TRASH/out"
}

test_expect_success 'worklog: {disable: [...]} in front matter silences a rule in the record' - <<\EOT
	setup &&
	write "$R/records/I-1.md" <<-\EOF &&
	---
	type: issue
	id: I-1
	status: open
	owner: zhangsna
	urgent: yes
	worklog: {disable: [truthy, unknown-person]}
	---
	## 描述
	磁盘满。
	EOF
	lint_is 0 </dev/null &&
	test_exit 0 "$WORKLOG" -C "$R" validate -q &&
	test_stdout ""
EOT

test_expect_success 'the worklog: key must have its shape, for validate too' - <<\EOT
	setup &&
	write "$R/records/I-1.md" <<-\EOF &&
	---
	type: issue
	id: I-1
	status: open
	worklog: {disable: truthy, enable: [x]}
	---
	## 描述
	磁盘满。
	EOF
	write "$R/records/I-2.md" <<-\EOF &&
	---
	type: issue
	id: I-2
	status: open
	worklog: {disable: [1, truthy]}
	---
	## 描述
	磁盘满。
	EOF
	sed 's/I-1/I-3/; s/^worklog: .*/worklog: off/' "$R/records/I-1.md" >"$R/records/I-3.md" &&
	lint_is 1 <<-\EOF &&
	records/I-1.md:5:20: error: worklog.disable: must be a list of rule ids [schema]
	records/I-1.md:5:28: error: worklog: unknown key 'enable' (known: disable) [schema]
	records/I-2.md:5:21: error: worklog.disable[0]: must be a rule id [schema]
	records/I-2.md:5:24: warning: no 'truthy' finding to suppress in this record [unused-suppression]
	records/I-3.md:5:10: error: worklog: must be a mapping, such as {disable: [truthy]} [schema]
	EOF
	test_exit 1 "$WORKLOG" -C "$R" validate -q &&
	grep -v unused-suppression "$TRASH/want" >"$TRASH/want.validate" &&
	test_cmp "$TRASH/want.validate" "$TRASH/out"
EOT

test_expect_success 'worklog-disable ... worklog-enable silences the lines between' - <<\EOT
	setup &&
	write "$R/records/I-1.md" <<-\EOF &&
	---
	type: issue
	id: I-1
	status: open
	---
	## 描述
	<!-- worklog-disable unknown-person -->
	- [ ] 扩容 @wangwu
	<!-- worklog-enable unknown-person -->
	- [ ] 复盘 @zhaoliu
	EOF
	lint_is 1 <<-\EOF
	records/I-1.md:10:10: error: task owner @zhaoliu is not in the roster [unknown-person]
	EOF
EOT

test_expect_success 'worklog-disable-next-line silences the next line only' - <<\EOT
	setup &&
	write "$R/records/I-1.md" <<-\EOF &&
	---
	type: issue
	id: I-1
	status: open
	---
	## 描述
	<!-- worklog-disable-next-line overdue -->
	- [ ] 扩容 due:2026-11-01
	- [ ] 复盘 due:2026-11-02
	EOF
	lint_is 0 <<-\EOF
	records/I-1.md:9:10: warning: task "复盘" is not checked and was due 2026-11-02 [overdue]
	EOF
EOT

test_expect_success 'several rules, separated by commas or spaces; none means every rule' - <<\EOT
	setup &&
	write "$R/records/I-1.md" <<-\EOF &&
	---
	type: issue
	id: I-1
	status: open
	---
	## 描述
	<!-- worklog-disable-next-line overdue, unknown-person -->
	- [ ] 扩容 @wangwu due:2026-11-01
	<!-- worklog-disable-next-line overdue unknown-person -- 外包同事，不在名册 -->
	- [ ] 复盘 @wangwu due:2026-11-01
	<!-- worklog-disable -->
	- [ ] 压测 @zhaoliu due:2026-11-01
	EOF
	lint_is 0 </dev/null
EOT

test_expect_success 'syntax and duplicate-key cannot be suppressed, and saying so is a finding' - <<\EOT
	setup &&
	write "$R/records/I-1.md" <<-\EOF &&
	---
	type: issue
	id: I-1
	status: open
	status: doing
	---
	## 描述
	<!-- worklog-disable duplicate-key -->
	磁盘满。
	EOF
	lint_is 1 <<-\EOF
	records/I-1.md:5:1: error: duplicate key 'status' (first at line 4) [duplicate-key]
	records/I-1.md:8:22: warning: 'duplicate-key' cannot be suppressed [unused-suppression]
	EOF
EOT

test_expect_success 'a suppression that suppresses nothing is reported, with its reason' - <<\EOT
	setup &&
	write "$R/records/I-1.md" <<-\EOF &&
	---
	type: issue
	id: I-1
	status: open
	worklog: {disable: [overdue, trhuty]}
	---
	## 描述
	<!-- worklog-disable-next-line truthy -->
	磁盘满。
	<!-- worklog-disable empty-section -->
	<!-- worklog-enable date-order -->
	<!-- worklog-disabel truthy -->
	<!-- worklog-disable -->
	EOF
	lint_is 0 <<-\EOF
	records/I-1.md:5:21: warning: no 'overdue' finding to suppress in this record [unused-suppression]
	records/I-1.md:5:30: warning: unknown rule 'trhuty'; did you mean 'truthy'? [unused-suppression]
	records/I-1.md:8:32: warning: no 'truthy' finding to suppress on the next line [unused-suppression]
	records/I-1.md:10:22: warning: no 'empty-section' finding to suppress from here to the end [unused-suppression]
	records/I-1.md:11:21: warning: worklog-enable: 'date-order' is not disabled here [unused-suppression]
	records/I-1.md:12:6: warning: unknown directive 'worklog-disabel'; did you mean 'worklog-disable'? [unused-suppression]
	records/I-1.md:13:6: warning: no finding to suppress from here to the end [unused-suppression]
	EOF
EOT

test_expect_success 'a suppression of a rule that is off is not reported; unused-suppression can be off' - <<\EOT
	setup &&
	write "$R/records/I-1.md" <<-\EOF &&
	---
	type: issue
	id: I-1
	status: open
	worklog: {disable: [truthy, overdue]}
	---
	## 描述
	磁盘满。
	EOF
	printf 'rules:\n  truthy: off\n' >>"$R/.worklog.yaml" &&
	lint_is 0 <<-\EOF &&
	records/I-1.md:5:29: warning: no 'overdue' finding to suppress in this record [unused-suppression]
	EOF
	printf '  unused-suppression: off\n' >>"$R/.worklog.yaml" &&
	lint_is 0 </dev/null
EOT

test_expect_success 'a suppression of unused-suppression keeps an unused one quiet' - <<\EOT
	setup &&
	write "$R/records/I-1.md" <<-\EOF &&
	---
	type: issue
	id: I-1
	status: open
	worklog: {disable: [unused-suppression]}
	---
	## 描述
	<!-- worklog-disable-next-line truthy -->
	磁盘满。
	EOF
	lint_is 0 </dev/null
EOT

test_expect_success 'a suppressed finding is not fixed' - <<\EOT
	setup &&
	write "$R/records/I-1.md" <<-\EOF &&
	---
	type: issue
	id: I-1
	status: open
	urgent: yes
	worklog: {disable: [truthy]}
	---
	## 描述
	磁盘满。
	EOF
	cp "$R/records/I-1.md" "$TRASH/before" &&
	test_exit 0 "$WORKLOG" -C "$R" lint --fix -q --today 2026-11-26 &&
	test_cmp "$TRASH/before" "$R/records/I-1.md"
EOT

test_expect_success 'comments in code blocks are no suppressions' - <<\EOT
	setup &&
	write "$R/records/I-1.md" <<-\EOF &&
	---
	type: issue
	id: I-1
	status: open
	---
	## 描述
	```
	<!-- worklog-disable -->
	```
	- [ ] 扩容 @wangwu
	EOF
	lint_is 1 <<-\EOF
	records/I-1.md:10:10: error: task owner @wangwu is not in the roster [unknown-person]
	EOF
EOT

test_done
