#!/bin/sh
# worklog lint --fix: the safe mechanical fixes, byte for byte; --dry-run
# prints them as a patch; never on --staged or --rev.
. "$(dirname "$0")/lib.sh"

setup() {
	new_repo "$R" &&
	write_config zhangsan=张三 lisi=李四 &&
	write_issue_schema
}

# A resolved issue with every fixable problem: a byte-order mark, CRLF
# line ends, an unquoted yes and no Solution section, and one problem
# no fix touches (a stranger as owner).
write_broken() {
	printf '\357\273\277---\r\ntype: issue\r\nid: I-1\r\nstatus: resolved\r\nowner: wangwu\r\nurgent: yes\r\n---\r\n## 描述\r\n磁盘满。\r\n' >"$R/records/I-1.md"
}

test_expect_success '--fix drops the BOM, ends lines in LF, quotes, appends the heading' - <<\EOT
	setup &&
	mkdir -p "$R/records" &&
	write_broken &&
	chmod 640 "$R/records/I-1.md" &&
	test_exit 1 "$WORKLOG" -C "$R" lint --fix --today 2026-11-26 &&
	test_stdout 'records/I-1.md:5:8: error: owner: "wangwu" is not in the roster [unknown-person]' &&
	test_stderr <<-\EOF &&
	checked 1 record: 1 error, 0 warnings
	fixed 4 findings in 1 file
	EOF
	printf -- '---\ntype: issue\nid: I-1\nstatus: resolved\nowner: wangwu\nurgent: "yes"\n---\n## 描述\n磁盘满。\n\n## Solution\n' >"$TRASH/want" &&
	test_cmp "$TRASH/want" "$R/records/I-1.md" &&
	test "$(stat -c %a "$R/records/I-1.md")" = 640 &&
	ls -a "$R/records" >"$TRASH/files" &&
	printf '.\n..\nI-1.md\n' >"$TRASH/want.files" &&
	test_cmp "$TRASH/want.files" "$TRASH/files"
EOT

test_expect_success 'a second --fix finds nothing more to fix, and the heading is to be filled' - <<\EOT
	setup &&
	mkdir -p "$R/records" &&
	write_broken &&
	test_exit 1 "$WORKLOG" -C "$R" lint -q --fix --today 2026-11-26 &&
	cp "$R/records/I-1.md" "$TRASH/once" &&
	test_exit 1 "$WORKLOG" -C "$R" lint --fix --today 2026-11-26 &&
	test_stdout <<-\EOF &&
	records/I-1.md:5:8: error: owner: "wangwu" is not in the roster [unknown-person]
	records/I-1.md:11:1: warning: section "Solution" is empty [empty-section]
	EOF
	test_stderr <<-\EOF &&
	checked 1 record: 1 error, 1 warning
	fixed 0 findings in 0 files
	EOF
	test_cmp "$TRASH/once" "$R/records/I-1.md"
EOT

test_expect_success 'a fix leaves every other byte alone' - <<\EOT
	setup &&
	write "$R/records/I-1.md" <<-\EOF &&
	---
	type: issue
	id:   I-1    # 编号
	status: open
	meta: {list: [ n , "keep" ],   on:   1}
	---
	## 描述
	  磁盘满。   
	
	
	EOF
	test_exit 0 "$WORKLOG" -C "$R" lint -q --fix --today 2026-11-26 &&
	test_stdout "" &&
	printf -- '---\ntype: issue\nid:   I-1    # 编号\nstatus: open\nmeta: {list: [ "n" , "keep" ],   "on":   1}\n---\n## 描述\n  磁盘满。   \n\n\n' >"$TRASH/want" &&
	test_cmp "$TRASH/want" "$R/records/I-1.md"
EOT

test_expect_success 'a heading goes after a line end; none is added where the file has one' - <<\EOT
	setup &&
	mkdir -p "$R/records" &&
	printf -- '---\ntype: issue\nid: I-1\nstatus: open\n---\n前言' >"$R/records/I-1.md" &&
	printf -- '---\ntype: issue\nid: I-2\nstatus: resolved\n---\n' >"$R/records/I-2.md" &&
	test_exit 0 "$WORKLOG" -C "$R" lint -q --fix --today 2026-11-26 &&
	printf -- '---\ntype: issue\nid: I-1\nstatus: open\n---\n前言\n\n## Description\n' >"$TRASH/want1" &&
	printf -- '---\ntype: issue\nid: I-2\nstatus: resolved\n---\n## Description\n\n## Solution\n' >"$TRASH/want2" &&
	test_cmp "$TRASH/want1" "$R/records/I-1.md" &&
	test_cmp "$TRASH/want2" "$R/records/I-2.md"
EOT

test_expect_success 'an appended heading keeps the file CRLF when encoding is off' - <<\EOT
	setup &&
	mkdir -p "$R/records" &&
	printf -- '---\r\ntype: issue\r\nid: I-1\r\nstatus: open\r\n---\r\n# 说明\r\n' >"$R/records/I-1.md" &&
	printf 'rules:\n  encoding: off\n' >>"$R/.worklog.yaml" &&
	test_exit 0 "$WORKLOG" -C "$R" lint -q --fix --today 2026-11-26 &&
	printf -- '---\r\ntype: issue\r\nid: I-1\r\nstatus: open\r\n---\r\n# 说明\r\n\r\n# Description\r\n' >"$TRASH/want" &&
	test_cmp "$TRASH/want" "$R/records/I-1.md"
EOT

test_expect_success '--fix --dry-run prints a patch that git apply takes, and changes nothing' - <<\EOT
	setup &&
	mkdir -p "$R/records" &&
	write_broken &&
	cp "$R/records/I-1.md" "$TRASH/before" &&
	test_exit 1 "$WORKLOG" -C "$R" lint --fix --dry-run --today 2026-11-26 &&
	test_cmp "$TRASH/before" "$R/records/I-1.md" &&
	printf -- '--- a/records/I-1.md\n+++ b/records/I-1.md\n@@ -1,9 +1,11 @@\n-\357\273\277---\r\n-type: issue\r\n-id: I-1\r\n-status: resolved\r\n-owner: wangwu\r\n-urgent: yes\r\n----\r\n-## 描述\r\n-磁盘满。\r\n+---\n+type: issue\n+id: I-1\n+status: resolved\n+owner: wangwu\n+urgent: "yes"\n+---\n+## 描述\n+磁盘满。\n+\n+## Solution\n' >"$TRASH/want" &&
	test_cmp "$TRASH/want" "$TRASH/out" &&
	test_stderr <<-\EOF &&
	records/I-1.md:5:8: error: owner: "wangwu" is not in the roster [unknown-person]
	checked 1 record: 1 error, 0 warnings
	would fix 4 findings in 1 file
	EOF
	cp "$TRASH/out" "$TRASH/patch" &&
	test_exit 0 git -C "$R" apply "$TRASH/patch" &&
	cp "$R/records/I-1.md" "$TRASH/applied" &&
	write_broken &&
	test_exit 1 "$WORKLOG" -C "$R" lint -q --fix --today 2026-11-26 &&
	test_cmp "$TRASH/applied" "$R/records/I-1.md"
EOT

test_expect_success 'a patch has context and separate hunks for far-apart changes' - <<\EOT
	setup &&
	write "$R/records/I-1.md" <<-\EOF &&
	---
	type: issue
	id: I-1
	status: resolved
	urgent: y
	reported: 2026-11-02
	---
	## 描述
	1
	2
	3
	4
	5
	6
	7
	- [ ] 扩容 @张三
	EOF
	printf 'rules:\n  unknown-person: off\n' >>"$R/.worklog.yaml" &&
	test_exit 0 "$WORKLOG" -C "$R" lint -q --fix --dry-run --today 2026-11-26 &&
	test_stdout <<-\EOF
	--- a/records/I-1.md
	+++ b/records/I-1.md
	@@ -2,7 +2,7 @@
	 type: issue
	 id: I-1
	 status: resolved
	-urgent: y
	+urgent: "y"
	 reported: 2026-11-02
	 ---
	 ## 描述
	@@ -14,3 +14,5 @@
	 6
	 7
	 - [ ] 扩容 @张三
	+
	+## Solution
	EOF
EOT

test_expect_success '--fix is refused with --staged and --rev, and --dry-run needs --fix' - <<\EOT
	setup &&
	test_exit 2 "$WORKLOG" -C "$R" lint --fix --staged &&
	test_grep "^worklog: --fix changes the working tree; it cannot be used with --staged or --rev$" "$TRASH/err" &&
	test_exit 2 "$WORKLOG" -C "$R" lint --fix --rev HEAD &&
	test_grep "^worklog: --fix changes the working tree; it cannot be used with --staged or --rev$" "$TRASH/err" &&
	test_exit 2 "$WORKLOG" -C "$R" lint --dry-run &&
	test_grep "^worklog: --dry-run needs --fix$" "$TRASH/err"
EOT

test_done
