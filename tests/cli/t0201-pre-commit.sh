#!/bin/sh
# worklog hook pre-commit under the real git: what is judged is what the
# commit will contain (the index git hands the hook), against HEAD.
. "$(dirname "$0")/lib.sh"

PATH=$(dirname "$WORKLOG"):$PATH
export PATH

# A repository with the item type and the hooks installed, no commit.
setup() {
	new_repo "$R" &&
	write_config zhangsan lisi &&
	write_item_schema owner parent period lifecycle transitions &&
	"$WORKLOG" -C "$R" hooks install --no-git-config >/dev/null
}

git_in() {
	git -C "$R" "$@"
}

# A first commit with two records, the second a child of the first.
initial() {
	setup &&
	write_item records/a.md I-1 todo "owner: zhangsan" &&
	write_item records/b.md I-2 todo "parent: I-1" &&
	git_in add -A &&
	git_in commit -qm init
}

# A first record with a body of 12 lines after its front matter.
with_body() {
	initial &&
	write_item records/a.md I-1 todo "owner: zhangsan" &&
	printf '# About\n\n1\n2\n3\n4\n5\n6\n7\n8\n9\nend\n' >>"$R/records/a.md" &&
	git_in add records/a.md &&
	git_in commit -qm body
}

test_expect_success 'the first commit is judged (there is no HEAD yet)' - <<\EOT
	setup &&
	write_item records/a.md I-1 bogus &&
	git_in add -A &&
	test_exit 1 git_in commit -qm init &&
	test_stdout "" &&
	test_stderr <<-\EOF &&
	records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]
	worklog: commit rejected: 1 record failed
	EOF
	test_exit 1 git_in rev-parse -q --verify HEAD &&
	write_item records/a.md I-1 todo &&
	git_in add -A &&
	test_exit 0 git_in commit -qm init &&
	test_stdout "" &&
	test_stderr ""
EOT

test_expect_success 'a good change passes quietly' - <<\EOT
	initial &&
	write_item records/a.md I-1 doing "owner: lisi" &&
	git_in add -A &&
	test_exit 0 git_in commit -qm start &&
	test_stderr ""
EOT

test_expect_success 'every finding is printed with one line counting the records' - <<\EOT
	initial &&
	write_item records/a.md I-1 bogus "owner: wangwu" &&
	write_item records/c.md I-3 todo "owner: nobody" &&
	git_in add -A &&
	test_exit 1 git_in commit -qm bad &&
	test_stderr <<-\EOF
	records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]
	records/a.md:5:8: error: owner: "wangwu" is not in the roster [unknown-person]
	records/c.md:5:8: error: owner: "nobody" is not in the roster [unknown-person]
	worklog: commit rejected: 2 records failed
	EOF
EOT

test_expect_success 'partial staging: a bad hunk left unstaged does not count' - <<\EOT
	with_body &&
	sed -i 's/^status: todo/status: bogus/; s/^end$/the end/' "$R/records/a.md" &&
	# Stage the body hunk only (the second), as `git add -p` does.
	printf 'n\ny\n' | git_in add -p records/a.md >/dev/null 2>&1 &&
	git_in diff --cached --stat >staged &&
	test_line_count -gt 0 staged &&
	test_exit 0 git_in commit -qm "body only" &&
	test_stderr ""
EOT

test_expect_success 'a record added with intent to add (git add -N) is not in the commit' - <<\EOT
	initial &&
	write_item records/c.md I-3 bogus &&
	git_in add -N records/c.md &&
	write_item records/a.md I-1 doing "owner: lisi" &&
	git_in add records/a.md &&
	test_exit 0 git_in commit -qm start &&
	test_stderr "" &&
	git_in ls-tree --name-only HEAD records/ >tree &&
	test_cmp - tree <<-\EOF &&
	records/a.md
	records/b.md
	EOF
	git_in rm -q --cached records/a.md &&
	git_in add -N records/a.md &&
	test_exit 1 git_in commit -qm "drop a" &&
	test_stderr <<-\EOF
	records/b.md:5:9: error: parent: "I-1" is not the id of any item record [dangling-ref]
	worklog: commit rejected: 1 record failed
	EOF
EOT

test_expect_success 'a record with a very long list of people is judged' - <<\EOT
	initial &&
	printf '  - {id: a}\n' >>"$R/.worklog.yaml" &&
	git_in commit -qam roster &&
	{
		printf -- '---\ntype: meeting\ndate: 2026-11-02\ntitle: t\nowner: a\nattendees:\n' &&
		awk 'BEGIN { for (i = 0; i < 250000; i++) print "- a" }' &&
		printf -- '---\n'
	} >"$R/records/m.md" &&
	git_in add records/m.md &&
	test_exit 1 in_dir "$R" "$WORKLOG" hook pre-commit &&
	test_line_count = 101 "$TRASH/out" &&
	sed -n 1p "$TRASH/out" >first &&
	# 249,999 duplicates and the missing Decisions section, less the
	# 100 shown: as lint counts them.
	echo 'records/m.md:1:1: error: 249900 more problems in this record are not shown [schema]' >expect &&
	test_cmp expect first &&
	test_stderr "worklog: commit rejected: 1 record failed"
EOT

test_expect_success 'partial staging: a bad hunk staged is judged even if the file is fixed' - <<\EOT
	with_body &&
	sed -i 's/^status: todo/status: bogus/; s/^end$/the end/' "$R/records/a.md" &&
	printf 'y\nn\n' | git_in add -p records/a.md >/dev/null 2>&1 &&
	sed -i 's/^status: bogus/status: todo/' "$R/records/a.md" &&
	test_exit 1 git_in commit -qm "status only" &&
	test_stderr <<-\EOF
	records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]
	worklog: commit rejected: 1 record failed
	EOF
EOT

test_expect_success 'commit -a judges the changes it is about to stage' - <<\EOT
	initial &&
	write_item records/a.md I-1 bogus &&
	test_exit 1 git_in commit -qam bad &&
	test_stderr <<-\EOF &&
	records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]
	worklog: commit rejected: 1 record failed
	EOF
	test_exit 0 "$WORKLOG" -C "$R" validate --staged -q
EOT

test_expect_success "commit PATH judges that path from the working tree, with HEAD's others" - <<\EOT
	initial &&
	write_item records/b.md I-2 bogus &&
	git_in add records/b.md &&
	write_item records/a.md I-1 doing &&
	test_exit 0 git_in commit -qm "a only" records/a.md &&
	test_stderr "" &&
	write_item records/a.md I-1 bogus &&
	test_exit 1 git_in commit -qm "a again" records/a.md &&
	test_stderr <<-\EOF
	records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]
	worklog: commit rejected: 1 record failed
	EOF
EOT

test_expect_success '--amend judges the amended content' - <<\EOT
	initial &&
	write_item records/a.md I-1 doing &&
	git_in commit -qam start &&
	write_item records/a.md I-1 bogus &&
	git_in add -A &&
	test_exit 1 git_in commit -q --amend --no-edit &&
	test_stderr <<-\EOF &&
	records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]
	worklog: commit rejected: 1 record failed
	EOF
	write_item records/a.md I-1 doing "owner: lisi" &&
	git_in add -A &&
	test_exit 0 git_in commit -q --amend --no-edit &&
	test_stderr ""
EOT

test_expect_success 'deleting a record that others reference is caught at the reference' - <<\EOT
	initial &&
	git_in rm -q records/a.md &&
	test_exit 1 git_in commit -qm "drop a" &&
	test_stderr <<-\EOF
	records/b.md:5:9: error: parent: "I-1" is not the id of any item record [dangling-ref]
	worklog: commit rejected: 1 record failed
	EOF
EOT

test_expect_success 'a reference to a record that does not exist is caught' - <<\EOT
	initial &&
	write_item records/c.md I-3 todo "parent: I-9" &&
	git_in add -A &&
	test_exit 1 git_in commit -qm c &&
	test_stderr <<-\EOF &&
	records/c.md:5:9: error: parent: "I-9" is not the id of any item record [dangling-ref]
	worklog: commit rejected: 1 record failed
	EOF
	write_item records/c.md I-3 todo "parent: I-2" &&
	git_in add -A &&
	test_exit 0 git_in commit -qm c
EOT

test_expect_success 'a second record with an id is caught against the whole index' - <<\EOT
	initial &&
	write_item records/sub/c.md I-1 todo &&
	git_in add -A &&
	test_exit 1 git_in commit -qm dup &&
	test_stderr <<-\EOF
	records/sub/c.md:3:5: error: id: "I-1" is also the id of records/a.md [duplicate-id]
	worklog: commit rejected: 1 record failed
	EOF
EOT

test_expect_success 'a change x-transitions forbids is a transition error' - <<\EOT
	initial &&
	write_item records/a.md I-1 done "owner: zhangsan" &&
	test_exit 1 git_in commit -qam finish &&
	test_stderr <<-\EOF &&
	records/a.md:4:9: error: status: "todo" cannot change to "done" (allowed: doing) [transition]
	worklog: commit rejected: 1 record failed
	EOF
	write_item records/a.md I-1 doing "owner: zhangsan" &&
	test_exit 0 git_in commit -qam start &&
	write_item records/a.md I-1 done "owner: zhangsan" &&
	test_exit 0 git_in commit -qam finish
EOT

test_expect_success 'a moved record is compared with its old version, matched by id' - <<\EOT
	initial &&
	mkdir -p "$R/records/done" &&
	git_in mv records/a.md records/done/a.md &&
	write_item records/done/a.md I-1 done "owner: zhangsan" &&
	git_in add -A &&
	test_exit 1 git_in commit -qm move &&
	test_stderr <<-\EOF
	records/done/a.md:4:9: error: status: "todo" cannot change to "done" (allowed: doing) [transition]
	worklog: commit rejected: 1 record failed
	EOF
EOT

test_expect_success 'a merge is judged, and what it takes from the other branch is not re-compared' - <<\EOT
	initial &&
	git_in checkout -q -b feature &&
	write_item records/a.md I-1 doing "owner: zhangsan" &&
	git_in commit -qam start &&
	write_item records/a.md I-1 done "owner: zhangsan" &&
	git_in commit -qam finish &&
	git_in checkout -q main &&
	write_item records/c.md I-3 todo &&
	git_in add -A &&
	git_in commit -qm c &&
	# todo -> done against HEAD, but the feature branch made it step by step.
	test_exit 0 git_in merge -q --no-edit feature &&
	test_stderr "" &&
	git_in rev-parse -q --verify "HEAD^2"
EOT

test_expect_success 'a merge that brings two records with one id is rejected' - <<\EOT
	initial &&
	git_in checkout -q -b feature &&
	write_item records/f.md I-7 todo &&
	git_in add -A &&
	git_in commit -qm f &&
	git_in checkout -q main &&
	write_item records/m.md I-7 todo &&
	git_in add -A &&
	git_in commit -qm m &&
	test_exit 1 git_in merge -q --no-edit feature &&
	test_stderr <<-\EOF
	records/f.md:3:5: error: id: "I-7" is also the id of records/m.md [duplicate-id]
	worklog: commit rejected: 1 record failed
	Not committing merge; use 'git commit' to complete the merge.
	EOF
EOT

test_expect_success 'a conflicted merge is judged when it is committed' - <<\EOT
	initial &&
	git_in checkout -q -b feature &&
	write_item records/a.md I-1 doing "owner: lisi" &&
	git_in commit -qam lisi &&
	git_in checkout -q main &&
	write_item records/a.md I-1 doing "owner: zhangsan" &&
	git_in commit -qam zhangsan &&
	test_exit 1 git_in merge -q feature &&
	write_item records/a.md I-1 doing "owner: wangwu" &&
	git_in add records/a.md &&
	test_exit 1 git_in commit -q --no-edit &&
	test_stderr <<-\EOF &&
	records/a.md:5:8: error: owner: "wangwu" is not in the roster [unknown-person]
	worklog: commit rejected: 1 record failed
	EOF
	write_item records/a.md I-1 doing "owner: lisi" &&
	git_in add records/a.md &&
	test_exit 0 git_in commit -q --no-edit
EOT

test_expect_success 'a record done for longer than locked.after may not change' - <<\EOT
	initial &&
	printf 'rules:\n  locked: {after: 30d}\n' >>"$R/.worklog.yaml" &&
	write_item records/a.md I-1 doing &&
	git_in commit -qam start &&
	write_item records/a.md I-1 done &&
	git_in add -A &&
	GIT_COMMITTER_DATE="2026-09-01T10:00:00+08:00" git_in commit -qm finish &&
	write_item records/a.md I-1 done "owner: lisi" &&
	test_exit 0 env GIT_COMMITTER_DATE="2026-09-20T10:00:00+08:00" \
		git -C "$R" commit -qam "within 30 days" &&
	write_item records/a.md I-1 done "owner: zhangsan" &&
	test_exit 1 git_in commit -qam "too late" &&
	test_stderr <<-\EOF &&
	records/a.md:1:1: error: record is locked: done since 2026-09-01, more than 30d ago; it may not change [locked]
	worklog: commit rejected: 1 record failed
	EOF
	git_in rm -qf records/a.md &&
	test_exit 1 git_in commit -qm "delete it" &&
	test_stderr <<-\EOF
	records/a.md:1:1: error: record is locked: done since 2026-09-01, more than 30d ago; it may not be deleted [locked]
	records/b.md:5:9: error: parent: "I-1" is not the id of any item record [dangling-ref]
	worklog: commit rejected: 2 records failed
	EOF
EOT

test_expect_success 'each locked record of one commit is dated, moved ones too' - <<\EOT
	initial &&
	printf 'rules:\n  locked: {after: 30d}\n' >>"$R/.worklog.yaml" &&
	write_item records/a.md I-1 doing &&
	write_item records/b.md I-2 doing "parent: I-1" &&
	git_in commit -qam start &&
	write_item records/a.md I-1 done &&
	GIT_COMMITTER_DATE="2026-09-01T10:00:00+08:00" git_in commit -qam "a done" &&
	write_item records/b.md I-2 done "parent: I-1" &&
	GIT_COMMITTER_DATE="2026-10-01T10:00:00+08:00" git_in commit -qam "b done" &&
	write_item records/a.md I-1 done "owner: lisi" &&
	GIT_COMMITTER_DATE="2026-09-20T10:00:00+08:00" git_in commit -qam "a edited" &&
	write_item records/a.md I-1 done "owner: zhangsan" &&
	mkdir -p "$R/records/old" &&
	git_in mv records/b.md records/old/b.md &&
	write_item records/old/b.md I-2 done "parent: I-1" "owner: lisi" &&
	git_in add -A &&
	test_exit 1 env GIT_COMMITTER_DATE="2026-11-01T12:00:00+08:00" \
		git -C "$R" commit -qm "both" &&
	test_stderr <<-\EOF
	records/a.md:1:1: error: record is locked: done since 2026-09-01, more than 30d ago; it may not change [locked]
	records/old/b.md:1:1: error: record is locked: done since 2026-10-01, more than 30d ago; it may not change [locked]
	worklog: commit rejected: 2 records failed
	EOF
EOT

test_expect_success 'a record past the end of its period for longer than locked.after may not change' - <<\EOT
	initial &&
	printf 'rules:\n  locked: {severity: warning, after: 2w}\n' >>"$R/.worklog.yaml" &&
	write_item records/w40.md I-40 todo "period: 2026-W40" &&
	write_item records/w46.md I-46 todo "period: 2026-W46" &&
	git_in add -A &&
	git_in commit -qm weeks &&
	write_item records/w40.md I-40 doing "period: 2026-W40" &&
	write_item records/w46.md I-46 doing "period: 2026-W46" &&
	test_exit 0 git_in commit -qam late &&
	test_stderr <<-\EOF
	records/w40.md:1:1: warning: record is locked: its period 2026-W40 ended on 2026-10-04, more than 2w ago; it may not change [locked]
	worklog: 1 warning; commit accepted
	EOF
EOT

test_expect_success 'hooks: {warn-only: true} prints the findings and accepts the commit' - <<\EOT
	initial &&
	printf 'hooks: {warn-only: true}\n' >>"$R/.worklog.yaml" &&
	write_item records/a.md I-1 bogus &&
	test_exit 0 git_in commit -qam "warn only" &&
	test_stderr <<-\EOF
	records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]
	worklog: 1 record failed; commit accepted (hooks: warn-only)
	EOF
EOT

test_expect_success 'an unknown key under hooks: is a configuration error, exit 2' - <<\EOT
	initial &&
	printf 'hooks: {warn-onyl: true}\n' >>"$R/.worklog.yaml" &&
	test_exit 1 git_in commit -qam typo &&
	test_stderr <<-\EOF &&
	.worklog.yaml:7:9: error: unknown key 'warn-onyl' in hooks (known: warn-only, rules) [config]
	worklog: cannot use the configuration: 1 error
	EOF
	git_in add .worklog.yaml &&
	test_exit 2 in_dir "$R" "$WORKLOG" hook pre-commit &&
	test_stdout "" &&
	test_stderr <<-\EOF
	.worklog.yaml:7:9: error: unknown key 'warn-onyl' in hooks (known: warn-only, rules) [config]
	worklog: cannot use the configuration: 1 error
	EOF
EOT

test_expect_success 'hooks and locked settings of the wrong kind are configuration errors' - <<\EOT
	initial &&
	printf 'hooks: {warn-only: 1}\nrules:\n  locked: {after: 3x}\n' >>"$R/.worklog.yaml" &&
	test_exit 1 git_in commit -qam kinds &&
	test_stderr <<-\EOF
	.worklog.yaml:7:20: error: hooks: warn-only must be true or false [config]
	.worklog.yaml:9:19: error: rule 'locked': after: '3x' is not a duration (use Nh, Nd or Nw) [config]
	worklog: cannot use the configuration: 2 errors
	EOF
EOT

test_expect_success 'the rules of the commit count: a schema change applies to every record' - <<\EOT
	initial &&
	sed -i 's/todo, doing, done/todo, doing, done, parked/' "$R/.worklog/schema/item.yaml" &&
	write_item records/a.md I-1 parked &&
	git_in add records/a.md &&
	test_exit 1 git_in commit -qm parked &&
	test_stderr <<-\EOF &&
	records/a.md:4:9: error: status: "parked" is not one of todo, doing, done [schema]
	worklog: commit rejected: 1 record failed
	EOF
	git_in add .worklog &&
	test_exit 0 git_in commit -qm parked &&
	sed -i 's/required: \[id, status\]/required: [id, status, owner]/' \
		"$R/.worklog/schema/item.yaml" &&
	git_in add .worklog &&
	test_exit 1 git_in commit -qm "owner required" &&
	test_stderr <<-\EOF
	records/a.md:1:1: error: missing required property 'owner' [schema]
	records/b.md:1:1: error: missing required property 'owner' [schema]
	worklog: commit rejected: 2 records failed
	EOF
EOT

test_expect_success 'a broken configuration in the commit is reported, not ignored' - <<\EOT
	initial &&
	printf 'version: 1\nrecods: [x]\n' >"$R/.worklog.yaml" &&
	test_exit 1 git_in commit -qam broken &&
	test_stderr <<-\EOF
	.worklog.yaml:2:1: error: unknown key 'recods' (known: version, records, schemas, types, people, rules, reports, hooks, limits, timezone) [config]
	worklog: cannot use the configuration: 1 error
	EOF
EOT

test_expect_success 'a repository without .worklog.yaml is not judged' - <<\EOT
	new_repo "$R" &&
	"$WORKLOG" -C "$R" hooks install >/dev/null &&
	write_item records/a.md I-1 whatever &&
	git_in add -A &&
	test_exit 0 git_in commit -qm plain &&
	test_stderr ""
EOT

test_expect_success 'files outside the records globs are not records' - <<\EOT
	initial &&
	printf -- '---\nstatus: bogus\n---\n' >"$R/notes.md" &&
	git_in add -A &&
	test_exit 0 git_in commit -qm notes &&
	test_stdout "" &&
	test_stderr ""
EOT

test_expect_success 'a commit in a linked worktree is judged by its own index' - <<\EOT
	initial &&
	git_in worktree add -q "$TRASH/wt" -b side 2>/dev/null &&
	write_item records/a.md I-1 bogus &&
	git_in add -A &&
	write_item ../wt/records/a.md I-1 done &&
	test_exit 1 in_dir "$TRASH/wt" git commit -qam "in the worktree" &&
	test_stderr <<-\EOF
	records/a.md:4:9: error: status: "todo" cannot change to "done" (allowed: doing) [transition]
	worklog: commit rejected: 1 record failed
	EOF
EOT

test_expect_success 'the cache: later commits read it, and a damaged one is rebuilt' - <<\EOT
	initial &&
	test_path_is_file "$R/.git/worklog/cache.sqlite" &&
	write_item records/c.md I-3 todo "parent: I-2" &&
	git_in add -A &&
	test_exit 0 git_in commit -qm c &&
	printf 'not a database' >"$R/.git/worklog/cache.sqlite" &&
	rm -f "$R/.git/worklog/cache.sqlite-wal" "$R/.git/worklog/cache.sqlite-shm" &&
	git_in rm -q records/b.md &&
	test_exit 1 git_in commit -qm "drop b" &&
	test_stderr <<-\EOF &&
	records/c.md:5:9: error: parent: "I-2" is not the id of any item record [dangling-ref]
	worklog: commit rejected: 1 record failed
	EOF
	test_exit 1 in_dir "$R" "$WORKLOG" hook pre-commit --no-cache &&
	test_stdout 'records/c.md:5:9: error: parent: "I-2" is not the id of any item record [dangling-ref]' &&
	test_stderr "worklog: commit rejected: 1 record failed"
EOT

test_expect_success '--format json prints the findings as one object' - <<\EOT
	initial &&
	write_item records/a.md I-1 bogus &&
	git_in add -A &&
	test_exit 1 in_dir "$R" "$WORKLOG" hook pre-commit --format json &&
	test_stdout <<-\EOF
	{"records": 1, "errors": 1, "warnings": 0, "diagnostics": [
	  {"path": "records/a.md", "line": 4, "column": 9, "severity": "error", "rule": "schema", "message": "status: \"bogus\" is not one of todo, doing, done"}
	]}
	EOF
EOT

test_expect_success 'usage errors are exit 2' - <<\EOT
	test_exit 2 "$WORKLOG" hook &&
	test_exit 2 "$WORKLOG" hook post-commit &&
	test_stderr "worklog: hook: unknown hook 'post-commit' (known: pre-commit, pre-merge-commit, pre-receive, update)" &&
	test_exit 2 "$WORKLOG" hook pre-commit extra &&
	test_stderr "worklog: hook: pre-commit takes no arguments" &&
	test_exit 2 "$WORKLOG" hook update refs/heads/main &&
	test_stderr "worklog: hook: update takes REF OLD NEW" &&
	test_exit 0 "$WORKLOG" hook --help &&
	test_grep '^usage: worklog hook pre-commit' "$TRASH/out"
EOT

test_done
