#!/bin/sh
# The hooks judge with lint's rules: those one commit decides, at the
# severities of `rules:` and `hooks: {rules: ...}`, honouring the
# records' suppressions, except those no suppression may hide.
. "$(dirname "$0")/lib.sh"

PATH=$(dirname "$WORKLOG"):$PATH
export PATH

# A repository with the issue type, one clean issue committed, the
# hooks installed.
setup() {
	new_repo "$R" &&
	write_config zhangsan=张三 lisi=李四 &&
	write_issue_schema &&
	write_issue records/I-1.md &&
	git -C "$R" add -A &&
	git -C "$R" commit -qm init &&
	"$WORKLOG" -C "$R" hooks install >/dev/null
}

# commit_is CODE: committing what is in the working tree exits CODE,
# with the text on stdin on stderr.
commit_is() {
	cat >"$TRASH/want" &&
	git -C "$R" add -A &&
	test_exit "$1" git -C "$R" commit -qm change &&
	test_cmp "$TRASH/want" "$TRASH/err"
}

test_expect_success 'pre-commit rejects what lint calls an error, accepts its warnings' - <<\EOT
	setup &&
	sed -i 's/^status: open/status: resolved/; s/^owner: zhangsan/owner: zhangsan\nurgent: yes/' "$R/records/I-1.md" &&
	commit_is 1 <<-\EOF &&
	records/I-1.md:6:9: warning: urgent: yes is true to YAML 1.1 readers; write "yes" for the text or true for the boolean [truthy]
	records/I-1.md:9:1: error: missing section "Solution" (or 解决方案); required when status is resolved [missing-section]
	worklog: commit rejected: 1 record failed
	EOF
	printf '## 解决方案\n扩容。\n' >>"$R/records/I-1.md" &&
	commit_is 0 <<-\EOF
	records/I-1.md:6:9: warning: urgent: yes is true to YAML 1.1 readers; write "yes" for the text or true for the boolean [truthy]
	worklog: 1 warning; commit accepted
	EOF
EOT

test_expect_success 'a record that suppresses a rule is not rejected by it' - <<\EOT
	setup &&
	cat >>"$R/records/I-1.md" <<-\EOF &&
	<!-- worklog-disable-next-line unknown-person -- 外包同事 -->
	- [ ] 扩容 @wangwu
	- [ ] 复盘 @zhaoliu
	EOF
	commit_is 1 <<-\EOF &&
	records/I-1.md:13:10: error: task owner @zhaoliu is not in the roster [unknown-person]
	worklog: commit rejected: 1 record failed
	EOF
	sed -i '$d' "$R/records/I-1.md" &&
	commit_is 0 </dev/null
EOT

test_expect_success 'hooks: rules: turns rules up, down or off for the hooks only' - <<\EOT
	setup &&
	sed -i 's/^owner: zhangsan/owner: zhangsan\nurgent: yes/' "$R/records/I-1.md" &&
	printf 'hooks:\n  rules: {truthy: error}\n' >>"$R/.worklog.yaml" &&
	commit_is 1 <<-\EOF &&
	records/I-1.md:6:9: error: urgent: yes is true to YAML 1.1 readers; write "yes" for the text or true for the boolean [truthy]
	worklog: commit rejected: 1 record failed
	EOF
	test_exit 0 "$WORKLOG" -C "$R" lint -q --today 2026-11-26 &&
	test_grep 'warning: urgent: yes' "$TRASH/out" &&
	sed -i 's/truthy: error/truthy: off/' "$R/.worklog.yaml" &&
	commit_is 0 </dev/null
EOT

test_expect_success 'overdue is no commit'"'"'s doing, unless hooks: rules: asks: then today is the commit'"'"'s date' - <<\EOT
	setup &&
	sed -i 's/^due: .*/due: 2026-11-19/' "$R/records/I-1.md" &&
	commit_is 0 </dev/null &&
	sed -i 's/^due: .*/due: 2026-11-18/' "$R/records/I-1.md" &&
	printf 'hooks:\n  rules: {overdue: warning}\n' >>"$R/.worklog.yaml" &&
	commit_is 0 <<-\EOF &&
	records/I-1.md:7:6: warning: due: 2026-11-18 has passed and status is still "open" [overdue]
	worklog: 1 warning; commit accepted
	EOF
	sed -i 's/^due: .*/due: 2026-11-20/' "$R/records/I-1.md" &&
	commit_is 0 </dev/null
EOT

test_expect_success 'a rule of many commits cannot run in the hooks' - <<\EOT
	setup &&
	printf 'hooks:\n  rules:\n    cadence: error\n' >>"$R/.worklog.yaml" &&
	commit_is 1 <<-\EOF
	.worklog.yaml:9:5: error: hooks: rule 'cadence' cannot run in the hooks: it needs the history of many commits [config]
	worklog: cannot use the configuration: 1 error
	EOF
EOT

test_expect_success 'a record the change does not touch keeps its own suppressions' - <<\EOT
	setup &&
	for n in 2 3; do
		sed "s/^id: I-1/id: I-$n\nparent: I-1/" "$R/records/I-1.md" >"$R/records/I-$n.md" || return 1
	done &&
	sed -i 's/^id: I-2/id: I-2\nworklog: {disable: [dangling-ref]}/' "$R/records/I-2.md" &&
	commit_is 0 <<-\EOF &&
	records/I-2.md:4:21: warning: no 'dangling-ref' finding to suppress in this record [unused-suppression]
	worklog: 1 warning; commit accepted
	EOF
	rm "$R/records/I-1.md" &&
	commit_is 1 <<-\EOF
	records/I-3.md:4:9: error: parent: "I-1" is not the id of any issue record [dangling-ref]
	worklog: commit rejected: 1 record failed
	EOF
EOT

test_expect_success 'a change cannot suppress the rule that judges it' - <<\EOT
	new_repo "$R" &&
	write_config zhangsan &&
	write_item_schema lifecycle transitions &&
	write_item records/a.md I-1 todo &&
	git -C "$R" add -A &&
	git -C "$R" commit -qm init &&
	"$WORKLOG" -C "$R" hooks install >/dev/null &&
	write_item records/a.md I-1 done "worklog: {disable: [transition]}" &&
	commit_is 1 <<-\EOF
	records/a.md:4:9: error: status: "todo" cannot change to "done" (allowed: doing) [transition]
	records/a.md:5:21: warning: 'transition' cannot be suppressed [unused-suppression]
	worklog: commit rejected: 1 record failed
	EOF
EOT

test_expect_success 'the server hook judges a push with the same rules' - <<\EOT
	setup &&
	git init -q --bare "$TRASH/server.git" &&
	"$WORKLOG" -C "$TRASH/server.git" hooks install --server >/dev/null &&
	git -C "$R" push -q "$TRASH/server.git" HEAD:refs/heads/main &&
	sed -i 's/^status: open/status: resolved/' "$R/records/I-1.md" &&
	git -C "$R" commit -qam resolved --no-verify &&
	test_exit 1 git -C "$R" push -q "$TRASH/server.git" HEAD:refs/heads/main &&
	test_grep 'records/I-1.md:8:1: error: missing section "Solution" (or 解决方案); required when status is resolved \[missing-section\]' "$TRASH/err"
EOT

test_done
