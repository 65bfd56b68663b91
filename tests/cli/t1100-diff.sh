#!/bin/sh
# worklog diff: records compared between two versions field by field,
# with git diff's choice of versions, in text, --stat, json and
# markdown, and diff(1)'s exit codes.
. "$(dirname "$0")/lib.sh"

# The record type goal (with an x-id, nested KPIs, a Chinese key) and
# note (another type with an id), and page (no x-id).
schemas() {
	write "$R/.worklog/schema/goal.yaml" <<-\EOF &&
	x-type: goal
	x-id: id
	type: object
	properties:
	  type: {const: goal}
	  id: {type: string}
	  title: {type: string}
	  负责人: {type: string}
	  status: {enum: [todo, doing, done]}
	  kpis:
	    type: array
	    items:
	      type: object
	      properties:
	        id: {type: string}
	        target: {type: number}
	        actual: {type: number}
	  tags: {type: array}
	  meta: {type: object}
	  due: {type: string}
	EOF
	write "$R/.worklog/schema/note.yaml" <<-\EOF &&
	x-type: note
	x-id: id
	type: object
	properties:
	  type: {const: note}
	  id: {type: string}
	  title: {type: string}
	EOF
	write "$R/.worklog/schema/page.yaml" <<-\EOF
	x-type: page
	type: object
	EOF
}

# A repository with one commit "one" of goal G-1 and friends.
setup() {
	new_repo "$R" &&
	write_config &&
	schemas &&
	write "$R/records/goals/G-1.md" <<-\EOF &&
	---
	type: goal
	id: G-1
	title: 618 活动
	负责人: 张三
	status: doing
	kpis:
	  - {id: K1, target: 90, actual: 80}
	  - {id: K2, target: 95, actual: 87}
	tags: [web, performance]
	due: 2026-11-30
	---
	## 背景
	页面太慢。

	## 进展
	- 压缩图片

	## 旧笔记
	过时的内容
	EOF
	write "$R/records/goals/G-2.md" <<-\EOF &&
	---
	type: goal
	id: G-2
	title: stays put
	status: todo
	---
	EOF
	write "$R/records/goals/G-3.md" <<-\EOF &&
	---
	type: goal
	id: G-3
	title: goes away
	status: todo
	---
	EOF
	write "$R/records/goals/G-4.md" <<-\EOF &&
	---
	type: goal
	id: G-4
	title: moves and changes
	status: todo
	---
	EOF
	write "$R/records/notes/N-1.md" <<-\EOF &&
	---
	type: goal
	id: N-1
	title: becomes a note
	---
	EOF
	write "$R/records/pages/p.md" <<-\EOF &&
	---
	type: page
	title: a page without an id, long enough for git to see it move
	body: one two three four five six seven eight nine ten
	---
	EOF
	write "$R/records/readme.md" <<-\EOF &&
	Not a record: no front matter.
	EOF
	git -C "$R" add -A &&
	git -C "$R" commit -qm one
}

# The second commit "two": every kind of change.
change() {
	write "$R/records/goals/G-1.md" <<-\EOF &&
	---
	type: goal
	id: G-1
	title: 618 活动
	负责人: 李四
	status: done
	kpis:
	  - {id: K2, target: 95, actual: 93}
	  - {id: K1, target: 90, actual: 80}
	  - {id: K3, target: 1, actual: 1}
	tags: [web, perf]
	meta: {a: {b: 1}}
	---
	## 背景
	页面太慢。

	## 进展
	- 压缩图片
	- 懒加载

	## 复盘
	下次早点开始。
	EOF
	git -C "$R" rm -q records/goals/G-3.md &&
	git -C "$R" mv records/goals/G-2.md records/goals/stays-put.md &&
	git -C "$R" mv records/goals/G-4.md records/goals/G-0004.md &&
	sed -i 's/status: todo/status: doing/' "$R/records/goals/G-0004.md" &&
	sed -i 's/type: goal/type: note/' "$R/records/notes/N-1.md" &&
	git -C "$R" mv records/pages/p.md records/pages/page.md &&
	echo "one more line" >>"$R/records/pages/page.md" &&
	echo "Still no front matter." >>"$R/records/readme.md" &&
	write "$R/records/goals/G-5.md" <<-\EOF &&
	---
	type: goal
	id: G-5
	title: new
	status: todo
	---
	EOF
	git -C "$R" add -A &&
	git -C "$R" commit -qm two
}

test_expect_success 'no difference exits 0 and prints nothing' - <<\EOT
	setup &&
	test_exit 0 "$WORKLOG" -C "$R" diff &&
	test_stdout "" &&
	test_exit 0 "$WORKLOG" -C "$R" diff HEAD HEAD &&
	test_stdout ""
EOT

test_expect_success 'two revisions: every kind of change, field by field' - <<\EOT
	setup &&
	change &&
	test_exit 1 "$WORKLOG" -C "$R" diff HEAD~1 HEAD &&
	test_stdout <<-\EOF &&
	renamed records/goals/G-4.md → records/goals/G-0004.md (goal G-4)
	    status: todo → doing
	modified records/goals/G-1.md (goal G-1)
	    负责人: 张三 → 李四
	    status: doing → done
	    kpis[0].actual: 87 → 93
	    kpis[+]: {"id":"K3","target":1,"actual":1}
	    tags[-]: performance
	    tags[+]: perf
	    due: - 2026-11-30
	    meta: + {"a":{"b":1}}
	    ## 进展: +1 -0
	    ## 复盘 (added): +2 -0
	    ## 旧笔记 (removed): +0 -2
	removed records/goals/G-3.md (goal G-3)
	added records/goals/G-5.md (goal G-5)
	renamed records/goals/G-2.md → records/goals/stays-put.md (goal G-2)
	modified records/notes/N-1.md (note N-1), type goal → note
	    type: goal → note
	renamed records/pages/p.md → records/pages/page.md (page), 90% similar
	    (text before the first heading) (added): +1 -0
	modified records/readme.md: not a record
	EOF
	test_stderr ""
EOT

test_expect_success 'A..B is the same two revisions' - <<\EOT
	setup &&
	change &&
	test_exit 1 "$WORKLOG" -C "$R" diff HEAD~1 HEAD &&
	cp "$TRASH/out" expect &&
	test_exit 1 "$WORKLOG" -C "$R" diff HEAD~1..HEAD &&
	test_cmp expect "$TRASH/out" &&
	test_exit 1 "$WORKLOG" -C "$R" diff --rev HEAD~1 HEAD &&
	test_cmp expect "$TRASH/out"
EOT

test_expect_success '--stat: one line per file and a summary' - <<\EOT
	setup &&
	change &&
	test_exit 1 "$WORKLOG" -C "$R" diff --stat HEAD~1 HEAD &&
	test_stdout <<-\EOF
	 records/goals/G-4.md => records/goals/G-0004.md    | 1 field change, 0 sections
	 records/goals/G-1.md                               | 8 field changes, 3 sections
	 records/goals/G-3.md                               | removed
	 records/goals/G-5.md                               | added
	 records/goals/G-2.md => records/goals/stays-put.md | renamed
	 records/notes/N-1.md                               | 1 field change, 0 sections
	 records/pages/p.md => records/pages/page.md        | 0 field changes, 1 section
	 records/readme.md                                  | not a record
	 8 files changed: 1 added, 1 removed, 3 renamed, 3 modified
	EOF
EOT

test_expect_success '--format json: one object per file, typed values' - <<\EOT
	setup &&
	change &&
	test_exit 1 "$WORKLOG" -C "$R" diff --format json HEAD~1 HEAD -- records/goals/G-1.md records/goals/G-0004.md records/goals/G-4.md &&
	test_stdout <<-\EOF
	[
	 {"path": "records/goals/G-0004.md", "old_path": "records/goals/G-4.md", "id": "G-4", "type": "goal", "old_type": null, "change": "renamed", "similarity": null,
	  "kind": "record", "old_kind": "record", "error": null, "old_error": null,
	  "fields": [
	    {"path": "status", "change": "changed", "old": "todo", "new": "doing"}
	  ], "sections": []},
	 {"path": "records/goals/G-1.md", "old_path": null, "id": "G-1", "type": "goal", "old_type": null, "change": "modified", "similarity": null,
	  "kind": "record", "old_kind": "record", "error": null, "old_error": null,
	  "fields": [
	    {"path": "负责人", "change": "changed", "old": "张三", "new": "李四"},
	    {"path": "status", "change": "changed", "old": "doing", "new": "done"},
	    {"path": "kpis[0].actual", "change": "changed", "old": 87, "new": 93},
	    {"path": "kpis", "change": "item-added", "old": null, "new": {"id":"K3","target":1,"actual":1}},
	    {"path": "tags", "change": "item-removed", "old": "performance", "new": null},
	    {"path": "tags", "change": "item-added", "old": null, "new": "perf"},
	    {"path": "due", "change": "removed", "old": "2026-11-30", "new": null},
	    {"path": "meta", "change": "added", "old": null, "new": {"a":{"b":1}}}
	  ], "sections": [
	    {"heading": "进展", "level": 2, "change": "changed", "added": 1, "removed": 0},
	    {"heading": "复盘", "level": 2, "change": "added", "added": 2, "removed": 0},
	    {"heading": "旧笔记", "level": 2, "change": "removed", "added": 0, "removed": 2}
	  ]}
	]
	EOF
EOT

test_expect_success 'paths limit the diff before renames are paired, as in git' - <<\EOT
	setup &&
	change &&
	test_exit 1 "$WORKLOG" -C "$R" diff HEAD~1 HEAD -- records/notes records/goals/G-3.md &&
	test_stdout <<-\EOF &&
	removed records/goals/G-3.md (goal G-3)
	modified records/notes/N-1.md (note N-1), type goal → note
	    type: goal → note
	EOF
	test_exit 1 in_dir "$R/records/goals" "$WORKLOG" diff --stat HEAD~1 HEAD -- "G-*.md" &&
	test_stdout <<-\EOF &&
	 records/goals/G-4.md => records/goals/G-0004.md | 1 field change, 0 sections
	 records/goals/G-1.md                            | 8 field changes, 3 sections
	 records/goals/G-2.md                            | removed
	 records/goals/G-3.md                            | removed
	 records/goals/G-5.md                            | added
	 5 files changed: 1 added, 2 removed, 1 renamed, 1 modified
	EOF
	test_exit 2 "$WORKLOG" -C "$R" diff HEAD~1 HEAD nowhere.md &&
	test_stderr <<-\EOF
	worklog: diff: 'nowhere.md' is neither a revision nor a path in the working tree
	usage: worklog diff [--staged] [--stat] [OPTIONS] [REV [REV]] [-- PATH...]
	       worklog diff [--stat] [OPTIONS] REV..REV [-- PATH...]
	       worklog diff --textconv FILE
	Run 'worklog help diff' for its options.
	EOF
EOT

test_expect_success '--format markdown: a change summary for a pull request' - <<\EOT
	setup &&
	change &&
	test_exit 1 "$WORKLOG" -C "$R" diff --format markdown HEAD~1 HEAD -- records/goals records/readme.md &&
	test_stdout <<-\EOF
	### Record changes

	- **renamed** `records/goals/G-4.md` → `records/goals/G-0004.md` (`goal G-4`)
	  - `status`: `todo` → `doing`
	- **modified** `records/goals/G-1.md` (`goal G-1`)
	  - `负责人`: `张三` → `李四`
	  - `status`: `doing` → `done`
	  - `kpis[0].actual`: `87` → `93`
	  - `kpis`: added `{"id":"K3","target":1,"actual":1}`
	  - `tags`: removed `performance`
	  - `tags`: added `perf`
	  - `due` removed (was `2026-11-30`)
	  - `meta` set to `{"a":{"b":1}}`
	  - section `进展` changed (+1 −0)
	  - section `复盘` added (+2 −0)
	  - section `旧笔记` removed (+0 −2)
	- **removed** `records/goals/G-3.md` (`goal G-3`)
	- **added** `records/goals/G-5.md` (`goal G-5`)
	- **renamed** `records/goals/G-2.md` → `records/goals/stays-put.md` (`goal G-2`)
	- **modified** `records/readme.md`: not a record

	6 files changed: 1 added, 1 removed, 2 renamed, 2 modified.
	EOF
EOT

test_expect_success 'markdown and json of no change' - <<\EOT
	setup &&
	test_exit 0 "$WORKLOG" -C "$R" diff --format markdown &&
	test_stdout <<-\EOF &&
	### Record changes

	No record changed.
	EOF
	test_exit 0 "$WORKLOG" -C "$R" diff --format json &&
	test_stdout "[]"
EOT

test_expect_success 'no revision: the index against the working tree' - <<\EOT
	setup &&
	sed -i 's/status: todo/status: done/' "$R/records/goals/G-2.md" &&
	write "$R/records/goals/G-9.md" <<-\EOF &&
	---
	type: goal
	id: G-9
	---
	EOF
	test_exit 1 "$WORKLOG" -C "$R" diff &&
	test_stdout <<-\EOF &&
	modified records/goals/G-2.md (goal G-2)
	    status: todo → done
	added records/goals/G-9.md (goal G-9)
	EOF
	git -C "$R" add records/goals/G-2.md &&
	test_exit 1 "$WORKLOG" -C "$R" diff &&
	test_stdout "added records/goals/G-9.md (goal G-9)"
EOT

test_expect_success '--staged and --cached: HEAD (or REV) against the index' - <<\EOT
	setup &&
	sed -i 's/status: todo/status: done/' "$R/records/goals/G-2.md" &&
	sed -i 's/status: todo/status: doing/' "$R/records/goals/G-3.md" &&
	git -C "$R" add records/goals/G-2.md &&
	test_exit 1 "$WORKLOG" -C "$R" diff --staged &&
	test_stdout <<-\EOF &&
	modified records/goals/G-2.md (goal G-2)
	    status: todo → done
	EOF
	test_exit 1 "$WORKLOG" -C "$R" diff --cached HEAD &&
	test_stdout <<-\EOF &&
	modified records/goals/G-2.md (goal G-2)
	    status: todo → done
	EOF
	test_exit 1 "$WORKLOG" -C "$R" diff HEAD -- records/goals &&
	test_stdout <<-\EOF
	modified records/goals/G-2.md (goal G-2)
	    status: todo → done
	modified records/goals/G-3.md (goal G-3)
	    status: todo → doing
	EOF
EOT

test_expect_success '--staged before the first commit: everything is added' - <<\EOT
	new_repo "$R" &&
	write_config &&
	schemas &&
	write "$R/records/g.md" <<-\EOF &&
	---
	type: goal
	id: G-1
	---
	EOF
	git -C "$R" add -A &&
	test_exit 1 "$WORKLOG" -C "$R" diff --staged &&
	test_stdout "added records/g.md (goal G-1)"
EOT

test_expect_success 'a record that became unparsable is reported with why' - <<\EOT
	setup &&
	write "$R/records/goals/G-2.md" <<-\EOF &&
	---
	type: goal
	id: [G-2
	---
	text
	EOF
	test_exit 1 "$WORKLOG" -C "$R" diff &&
	test_stdout <<-\EOF &&
	modified records/goals/G-2.md (goal G-2): cannot be read as a record
	    records/goals/G-2.md:4:1: error: did not find expected ',' or ']' while parsing a flow sequence started at line 3 [syntax]
	    (text before the first heading) (added): +1 -0
	EOF
	test_exit 1 "$WORKLOG" -C "$R" diff --format json &&
	test_stdout <<-\EOF &&
	[
	 {"path": "records/goals/G-2.md", "old_path": null, "id": "G-2", "type": "goal", "old_type": null, "change": "modified", "similarity": null,
	  "kind": "unparsable", "old_kind": "record", "error": {"path": "records/goals/G-2.md", "line": 4, "column": 1, "rule": "syntax", "message": "did not find expected ',' or ']' while parsing a flow sequence started at line 3"}, "old_error": null,
	  "fields": [], "sections": [
	    {"heading": null, "level": 0, "change": "added", "added": 1, "removed": 0}
	  ]}
	]
	EOF
	git -C "$R" commit -qam broken &&
	sed -i 's/\[G-2/G-2/' "$R/records/goals/G-2.md" &&
	test_exit 1 "$WORKLOG" -C "$R" diff &&
	test_stdout <<-\EOF
	modified records/goals/G-2.md (goal G-2): readable again
	    was: records/goals/G-2.md:4:1: error: did not find expected ',' or ']' while parsing a flow sequence started at line 3 [syntax]
	EOF
EOT

test_expect_success 'a file that stops being a record, and one too big to read' - <<\EOT
	setup &&
	echo "limits: {file-bytes: 300}" >>"$R/.worklog.yaml" &&
	git -C "$R" commit -qam limits &&
	echo "plain text now" >"$R/records/goals/G-2.md" &&
	awk 'BEGIN { print "---"; print "type: goal"; for (i = 0; i < 30; i++) print "title: xxxxxxxxxx"; print "---" }' \
		>"$R/records/goals/G-3.md" &&
	test_exit 1 "$WORKLOG" -C "$R" diff &&
	test_stdout <<-\EOF
	modified records/goals/G-2.md (goal G-2): not a record
	modified records/goals/G-3.md (goal G-3): cannot be read as a record
	    records/goals/G-3.md:1:1: error: file is 559 bytes, more than the limit of 300 (limits: file-bytes) [syntax]
	EOF
EOT

test_expect_success 'colour: old values red, new green, when asked' - <<\EOT
	setup &&
	sed -i 's/status: todo/status: done/' "$R/records/goals/G-2.md" &&
	test_exit 1 "$WORKLOG" -C "$R" diff --color=always &&
	printf '\033[1mmodified records/goals/G-2.md\033[0m (goal G-2)\n    status: \033[31mtodo\033[0m → \033[32mdone\033[0m\n' >expect &&
	test_cmp expect "$TRASH/out" &&
	test_exit 1 "$WORKLOG" -C "$R" diff &&
	test_stdout <<-\EOF
	modified records/goals/G-2.md (goal G-2)
	    status: todo → done
	EOF
EOT

test_expect_success 'trouble exits 2' - <<\EOT
	setup &&
	test_exit 2 "$WORKLOG" -C "$R" diff --stat --format json &&
	test_grep "diff: --stat is a text format" "$TRASH/err" &&
	test_exit 2 "$WORKLOG" -C "$R" diff HEAD HEAD HEAD &&
	test_grep "neither a revision nor a path" "$TRASH/err" &&
	test_exit 2 "$WORKLOG" -C "$R" diff nope..HEAD &&
	test_grep "^worklog: diff: " "$TRASH/err" &&
	test_exit 2 "$WORKLOG" -C "$R" diff --staged HEAD HEAD~0 &&
	test_grep "diff: --staged takes at most one revision" "$TRASH/err" &&
	test_exit 2 "$WORKLOG" -C "$R" diff HEAD -- ../outside &&
	test_grep "outside the repository" "$TRASH/err"
EOT

test_done
