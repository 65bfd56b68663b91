#!/bin/sh
# worklog hook pre-commit under the real git: what is judged is what the
# commit will contain (the index git hands the hook), against HEAD.
. "$(dirname "$0")/lib.sh"

PATH=$(dirname "$WORKLOG"):$PATH
export PATH

R=$TMP/repo
setup() {
	new_repo "$R"
	write "$R/.worklog.yaml" <<-'EOT'
	version: 1
	records: ["records/**/*.md"]
	schemas: [.worklog/schema]
	people:
	  - {id: zhangsan}
	  - {id: lisi}
	EOT
	write "$R/.worklog/schema/item.yaml" <<-'EOT'
	x-type: item
	x-id: id
	type: object
	required: [type, id, status]
	properties:
	  type: {const: item}
	  id: {type: string, pattern: "^I-\\d+$"}
	  status: {enum: [todo, doing, done]}
	  owner: {type: string, x-person: true}
	  parent: {type: string, x-ref: item}
	  period: {type: string, format: period}
	x-lifecycle: {field: status, open: [todo, doing], done: [done]}
	x-transitions:
	  status:
	    todo: [doing]
	    doing: [done, todo]
	    done: [doing]
	EOT
	"$WORKLOG" -C "$R" hooks install >/dev/null
}

# item PATH ID STATUS [LINE...]: writes a record of type item.
item() {
	f=$R/$1 id=$2 st=$3
	shift 3
	mkdir -p "$(dirname "$f")"
	{
		printf -- '---\ntype: item\nid: %s\nstatus: %s\n' "$id" "$st"
		for l in "$@"; do
			printf '%s\n' "$l"
		done
		printf -- '---\n'
	} >"$f"
}

git_in() {
	git -C "$R" "$@"
}

# A first commit with two records, the second a child of the first.
initial() {
	setup
	item records/a.md I-1 todo "owner: zhangsan"
	item records/b.md I-2 todo "parent: I-1"
	git_in add -A
	git_in commit -qm init
}

test_start "the first commit is judged (there is no HEAD yet)"
setup
item records/a.md I-1 bogus
git_in add -A
expect_exit 1 git_in commit -qm init
expect_out ""
expect_err 'records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]
worklog: commit rejected: 1 record failed'
[ -z "$(git_in rev-parse -q --verify HEAD)" ] || test_fail "a commit was made"
item records/a.md I-1 todo
git_in add -A
expect_exit 0 git_in commit -qm init
expect_out ""
expect_err ""
test_done

test_start "a good change passes quietly"
initial
item records/a.md I-1 doing "owner: lisi"
git_in add -A
expect_exit 0 git_in commit -qm start
expect_err ""
test_done

test_start "every finding is printed with one line counting the records"
initial
item records/a.md I-1 bogus "owner: wangwu"
item records/c.md I-3 todo "owner: nobody"
git_in add -A
expect_exit 1 git_in commit -qm bad
expect_err 'records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]
records/a.md:5:8: error: owner: "wangwu" is not in the roster [unknown-person]
records/c.md:5:8: error: owner: "nobody" is not in the roster [unknown-person]
worklog: commit rejected: 2 records failed'
test_done

test_start "partial staging: a bad hunk left unstaged does not count"
initial
item records/a.md I-1 todo "owner: zhangsan"
printf '# About\n\n1\n2\n3\n4\n5\n6\n7\n8\n9\nend\n' >>"$R/records/a.md"
git_in add records/a.md
git_in commit -qm body
sed -i 's/^status: todo/status: bogus/; s/^end$/the end/' "$R/records/a.md"
# Stage the body hunk only (the second), as `git add -p` does.
printf 'n\ny\n' | git_in add -p records/a.md >/dev/null 2>&1
[ "$(git_in diff --cached --stat | wc -l)" -gt 0 ] || test_fail "nothing was staged"
expect_exit 0 git_in commit -qm "body only"
expect_err ""
test_done

test_start "a record added with intent to add (git add -N) is not in the commit"
initial
item records/c.md I-3 bogus
git_in add -N records/c.md
item records/a.md I-1 doing "owner: lisi"
git_in add records/a.md
expect_exit 0 git_in commit -qm start
expect_err ""
[ "$(git_in ls-tree --name-only HEAD records/)" = "records/a.md
records/b.md" ] || test_fail "unexpected tree: $(git_in ls-tree --name-only HEAD records/)"
git_in rm -q --cached records/a.md
git_in add -N records/a.md
expect_exit 1 git_in commit -qm "drop a"
expect_err 'records/b.md:5:9: error: parent: "I-1" is not the id of any item record [dangling-ref]
worklog: commit rejected: 1 record failed'
test_done

test_start "a record with a very long list of people is judged"
initial
printf '  - {id: a}\n' >>"$R/.worklog.yaml"
git_in commit -qam roster
{
	printf -- '---\ntype: meeting\ndate: 2026-11-02\ntitle: t\nowner: a\nattendees:\n'
	awk 'BEGIN { for (i = 0; i < 250000; i++) print "- a" }'
	printf -- '---\n'
} >"$R/records/m.md"
git_in add records/m.md
expect_exit 1 in_dir "$R" "$WORKLOG" hook pre-commit
[ "$(wc -l <"$TMP/out")" -eq 101 ] || test_fail "expected 101 lines, got $(wc -l <"$TMP/out")"
[ "$(sed -n 1p "$TMP/out")" = 'records/m.md:1:1: error: 249899 more problems in this record are not shown [schema]' ] ||
	test_fail "first line: $(sed -n 1p "$TMP/out")"
expect_err "worklog: commit rejected: 1 record failed"
test_done

test_start "partial staging: a bad hunk staged is judged even if the file is fixed"
initial
item records/a.md I-1 todo "owner: zhangsan"
printf '# About\n\n1\n2\n3\n4\n5\n6\n7\n8\n9\nend\n' >>"$R/records/a.md"
git_in add records/a.md
git_in commit -qm body
sed -i 's/^status: todo/status: bogus/; s/^end$/the end/' "$R/records/a.md"
printf 'y\nn\n' | git_in add -p records/a.md >/dev/null 2>&1
sed -i 's/^status: bogus/status: todo/' "$R/records/a.md"
expect_exit 1 git_in commit -qm "status only"
expect_err 'records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]
worklog: commit rejected: 1 record failed'
test_done

test_start "commit -a judges the changes it is about to stage"
initial
item records/a.md I-1 bogus
expect_exit 1 git_in commit -qam bad
expect_err 'records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]
worklog: commit rejected: 1 record failed'
expect_exit 0 "$WORKLOG" -C "$R" validate --staged -q
test_done

test_start "commit PATH judges that path from the working tree, with HEAD's others"
initial
item records/b.md I-2 bogus
git_in add records/b.md
item records/a.md I-1 doing
expect_exit 0 git_in commit -qm "a only" records/a.md
expect_err ""
item records/a.md I-1 bogus
expect_exit 1 git_in commit -qm "a again" records/a.md
expect_err 'records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]
worklog: commit rejected: 1 record failed'
test_done

test_start "--amend judges the amended content"
initial
item records/a.md I-1 doing
git_in commit -qam start
item records/a.md I-1 bogus
git_in add -A
expect_exit 1 git_in commit -q --amend --no-edit
expect_err 'records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]
worklog: commit rejected: 1 record failed'
item records/a.md I-1 doing "owner: lisi"
git_in add -A
expect_exit 0 git_in commit -q --amend --no-edit
expect_err ""
test_done

test_start "deleting a record that others reference is caught at the reference"
initial
git_in rm -q records/a.md
expect_exit 1 git_in commit -qm "drop a"
expect_err 'records/b.md:5:9: error: parent: "I-1" is not the id of any item record [dangling-ref]
worklog: commit rejected: 1 record failed'
test_done

test_start "a reference to a record that does not exist is caught"
initial
item records/c.md I-3 todo "parent: I-9"
git_in add -A
expect_exit 1 git_in commit -qm c
expect_err 'records/c.md:5:9: error: parent: "I-9" is not the id of any item record [dangling-ref]
worklog: commit rejected: 1 record failed'
item records/c.md I-3 todo "parent: I-2"
git_in add -A
expect_exit 0 git_in commit -qm c
test_done

test_start "a second record with an id is caught against the whole index"
initial
item records/sub/c.md I-1 todo
git_in add -A
expect_exit 1 git_in commit -qm dup
expect_err 'records/sub/c.md:3:5: error: id: "I-1" is also the id of records/a.md [duplicate-id]
worklog: commit rejected: 1 record failed'
test_done

test_start "a change x-transitions forbids is a transition error"
initial
item records/a.md I-1 done "owner: zhangsan"
expect_exit 1 git_in commit -qam finish
expect_err 'records/a.md:4:9: error: status: "todo" cannot change to "done" (allowed: doing) [transition]
worklog: commit rejected: 1 record failed'
item records/a.md I-1 doing "owner: zhangsan"
expect_exit 0 git_in commit -qam start
item records/a.md I-1 done "owner: zhangsan"
expect_exit 0 git_in commit -qam finish
test_done

test_start "a moved record is compared with its old version, matched by id"
initial
mkdir -p "$R/records/done"
git_in mv records/a.md records/done/a.md
item records/done/a.md I-1 done "owner: zhangsan"
git_in add -A
expect_exit 1 git_in commit -qm move
expect_err 'records/done/a.md:4:9: error: status: "todo" cannot change to "done" (allowed: doing) [transition]
worklog: commit rejected: 1 record failed'
test_done

test_start "a merge is judged, and what it takes from the other branch is not re-compared"
initial
git_in checkout -q -b feature
item records/a.md I-1 doing "owner: zhangsan"
git_in commit -qam start
item records/a.md I-1 done "owner: zhangsan"
git_in commit -qam finish
git_in checkout -q main
item records/c.md I-3 todo
git_in add -A
git_in commit -qm c
# todo -> done against HEAD, but the feature branch made it step by step.
expect_exit 0 git_in merge -q --no-edit feature
expect_err ""
[ "$(git_in rev-list --count HEAD^@)" -gt 1 ] || test_fail "no merge commit"
test_done

test_start "a merge that brings two records with one id is rejected"
initial
git_in checkout -q -b feature
item records/f.md I-7 todo
git_in add -A
git_in commit -qm f
git_in checkout -q main
item records/m.md I-7 todo
git_in add -A
git_in commit -qm m
expect_exit 1 git_in merge -q --no-edit feature
expect_err 'records/f.md:3:5: error: id: "I-7" is also the id of records/m.md [duplicate-id]
worklog: commit rejected: 1 record failed
Not committing merge; use '"'"'git commit'"'"' to complete the merge.'
test_done

test_start "a conflicted merge is judged when it is committed"
initial
git_in checkout -q -b feature
item records/a.md I-1 doing "owner: lisi"
git_in commit -qam lisi
git_in checkout -q main
item records/a.md I-1 doing "owner: zhangsan"
git_in commit -qam zhangsan
git_in merge -q feature >/dev/null 2>&1
item records/a.md I-1 doing "owner: wangwu"
git_in add records/a.md
expect_exit 1 git_in commit -q --no-edit
expect_err 'records/a.md:5:8: error: owner: "wangwu" is not in the roster [unknown-person]
worklog: commit rejected: 1 record failed'
item records/a.md I-1 doing "owner: lisi"
git_in add records/a.md
expect_exit 0 git_in commit -q --no-edit
test_done

test_start "a record done for longer than locked.after may not change"
initial
printf 'rules:\n  locked: {after: 30d}\n' >>"$R/.worklog.yaml"
item records/a.md I-1 doing
git_in commit -qam start
item records/a.md I-1 done
git_in add -A
GIT_COMMITTER_DATE="2026-09-01T10:00:00+08:00" git_in commit -qm finish
item records/a.md I-1 done "owner: lisi"
expect_exit 0 env GIT_COMMITTER_DATE="2026-09-20T10:00:00+08:00" \
	git -C "$R" commit -qam "within 30 days"
item records/a.md I-1 done "owner: zhangsan"
expect_exit 1 git_in commit -qam "too late"
expect_err 'records/a.md:1:1: error: record is locked: done since 2026-09-01, more than 30d ago; it may not change [locked]
worklog: commit rejected: 1 record failed'
git_in rm -qf records/a.md
expect_exit 1 git_in commit -qm "delete it"
expect_err 'records/a.md:1:1: error: record is locked: done since 2026-09-01, more than 30d ago; it may not be deleted [locked]
records/b.md:5:9: error: parent: "I-1" is not the id of any item record [dangling-ref]
worklog: commit rejected: 2 records failed'
test_done

test_start "a record past the end of its period for longer than locked.after may not change"
initial
printf 'rules:\n  locked: {severity: warning, after: 2w}\n' >>"$R/.worklog.yaml"
item records/w40.md I-40 todo "period: 2026-W40"
item records/w46.md I-46 todo "period: 2026-W46"
git_in add -A
git_in commit -qm weeks
item records/w40.md I-40 doing "period: 2026-W40"
item records/w46.md I-46 doing "period: 2026-W46"
expect_exit 0 git_in commit -qam late
expect_err 'records/w40.md:1:1: warning: record is locked: its period 2026-W40 ended on 2026-10-04, more than 2w ago; it may not change [locked]
worklog: 1 warning; commit accepted'
test_done

test_start "hooks: {warn-only: true} prints the findings and accepts the commit"
initial
printf 'hooks: {warn-only: true}\n' >>"$R/.worklog.yaml"
item records/a.md I-1 bogus
expect_exit 0 git_in commit -qam "warn only"
expect_err 'records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]
worklog: 1 record failed; commit accepted (hooks: warn-only)'
test_done

test_start "an unknown key under hooks: is a configuration error"
initial
printf 'hooks: {warn-onyl: true}\n' >>"$R/.worklog.yaml"
expect_exit 1 git_in commit -qam typo
expect_err ".worklog.yaml:7:9: error: unknown key 'warn-onyl' in hooks (known: warn-only) [config]
worklog: commit rejected: 1 record failed"
test_done

test_start "hooks and locked settings of the wrong kind are configuration errors"
initial
printf 'hooks: {warn-only: 1}\nrules:\n  locked: {after: 3x}\n' >>"$R/.worklog.yaml"
expect_exit 1 git_in commit -qam kinds
expect_err ".worklog.yaml:7:20: error: hooks: warn-only must be true or false [config]
.worklog.yaml:9:19: error: rule 'locked': after: '3x' is not a duration (use Nh, Nd or Nw) [config]
worklog: commit rejected: 1 record failed"
test_done

test_start "the rules of the commit count: a schema change applies to every record"
initial
sed -i 's/todo, doing, done/todo, doing, done, parked/' "$R/.worklog/schema/item.yaml"
item records/a.md I-1 parked
git_in add records/a.md
expect_exit 1 git_in commit -qm parked
expect_err 'records/a.md:4:9: error: status: "parked" is not one of todo, doing, done [schema]
worklog: commit rejected: 1 record failed'
git_in add .worklog
expect_exit 0 git_in commit -qm parked
sed -i 's/required: \[type, id, status\]/required: [type, id, status, owner]/' \
	"$R/.worklog/schema/item.yaml"
git_in add .worklog
expect_exit 1 git_in commit -qm "owner required"
expect_err "records/a.md:1:1: error: missing required property 'owner' [schema]
records/b.md:1:1: error: missing required property 'owner' [schema]
worklog: commit rejected: 2 records failed"
test_done

test_start "a broken configuration in the commit is reported, not ignored"
initial
printf 'version: 1\nrecods: [x]\n' >"$R/.worklog.yaml"
expect_exit 1 git_in commit -qam broken
expect_err ".worklog.yaml:2:1: error: unknown key 'recods' (known: version, records, schemas, types, people, rules, reports, hooks, limits, timezone) [config]
worklog: commit rejected: 1 record failed"
test_done

test_start "a repository without .worklog.yaml is not judged"
new_repo "$R"
"$WORKLOG" -C "$R" hooks install >/dev/null
item records/a.md I-1 whatever
git_in add -A
expect_exit 0 git_in commit -qm plain
expect_err ""
test_done

test_start "files outside the records globs are not records"
initial
printf -- '---\nstatus: bogus\n---\n' >"$R/notes.md"
git_in add -A
expect_exit 0 git_in commit -qm notes
expect_out ""
expect_err ""
test_done

test_start "a commit in a linked worktree is judged by its own index"
initial
git_in worktree add -q "$TMP/wt" -b side 2>/dev/null
item records/a.md I-1 bogus
git_in add -A
printf -- '---\ntype: item\nid: I-1\nstatus: done\n---\n' >"$TMP/wt/records/a.md"
expect_exit 1 in_dir "$TMP/wt" git commit -qam "in the worktree"
expect_err 'records/a.md:4:9: error: status: "todo" cannot change to "done" (allowed: doing) [transition]
worklog: commit rejected: 1 record failed'
git_in worktree remove --force "$TMP/wt"
test_done

test_start "the cache: later commits read it, and a damaged one is rebuilt"
initial
[ -f "$R/.git/worklog/cache.sqlite" ] || test_fail "no cache file"
item records/c.md I-3 todo "parent: I-2"
git_in add -A
expect_exit 0 git_in commit -qm c
printf 'not a database' >"$R/.git/worklog/cache.sqlite"
rm -f "$R/.git/worklog/cache.sqlite-wal" "$R/.git/worklog/cache.sqlite-shm"
git_in rm -q records/b.md
expect_exit 1 git_in commit -qm "drop b"
expect_err 'records/c.md:5:9: error: parent: "I-2" is not the id of any item record [dangling-ref]
worklog: commit rejected: 1 record failed'
expect_exit 1 in_dir "$R" "$WORKLOG" hook pre-commit --no-cache
expect_out 'records/c.md:5:9: error: parent: "I-2" is not the id of any item record [dangling-ref]'
expect_err "worklog: commit rejected: 1 record failed"
test_done

test_start "--format json prints the findings as one object"
initial
item records/a.md I-1 bogus
git_in add -A
expect_exit 1 in_dir "$R" "$WORKLOG" hook pre-commit --format json
expect_out '{"records": 1, "errors": 1, "warnings": 0, "diagnostics": [
  {"path": "records/a.md", "line": 4, "column": 9, "severity": "error", "rule": "schema", "message": "status: \"bogus\" is not one of todo, doing, done"}
]}'
test_done

test_start "usage errors are exit 2"
expect_exit 2 "$WORKLOG" hook
expect_exit 2 "$WORKLOG" hook post-commit
expect_err "worklog: hook: unknown hook 'post-commit' (known: pre-commit, pre-merge-commit, pre-receive, update)"
expect_exit 2 "$WORKLOG" hook pre-commit extra
expect_err "worklog: hook: pre-commit takes no arguments"
expect_exit 2 "$WORKLOG" hook update refs/heads/main
expect_err "worklog: hook: update takes REF OLD NEW"
expect_exit 0 "$WORKLOG" hook --help
grep -q '^usage: worklog hook pre-commit' "$TMP/out" || test_fail "no usage"
test_done

finish
