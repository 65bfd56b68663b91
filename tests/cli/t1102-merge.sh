#!/bin/sh
# worklog merge as git's merge driver: real `git merge` runs where plain
# git conflicts on neighbouring lines and the driver merges field by
# field, list items from both sides, true conflicts marked around the one
# field, body conflicts, a merged status change x-transitions forbids,
# and ours' comments and key order kept byte for byte.
. "$(dirname "$0")/lib.sh"

BIN=$(dirname "$WORKLOG")
PATH=$BIN:$PATH
export PATH

# A repository on main with the type task (todo -> doing -> done), one
# record, and the driver configured unless $1 is "plain".
setup() {
	new_repo "$R" &&
	write_config &&
	write "$R/.worklog/schema/task.yaml" <<-\EOF &&
	x-type: task
	x-id: id
	type: object
	required: [id, status]
	properties:
	  type: {const: task}
	  id: {type: string}
	  title: {type: string}
	  status: {enum: [todo, doing, done]}
	  owner: {type: string}
	  tags: {type: array}
	  steps: {type: array}
	x-transitions:
	  status:
	    todo: [doing]
	    doing: [done]
	EOF
	write "$R/records/T-1.md" <<-\EOF &&
	---
	# 一个任务
	type: task
	id: T-1
	title: 页面优化   # 标题
	status: todo
	owner: zhangsan
	tags: [web]
	steps:
	  - 压缩
	---
	## 进展
	开始了。
	EOF
	if [ "${1-}" != plain ]; then
		echo "records/**/*.md merge=worklog" >"$R/.gitattributes" &&
		git -C "$R" config merge.worklog.driver "worklog merge %O %A %B %P"
	fi &&
	git -C "$R" add -A &&
	git -C "$R" commit -qm base &&
	git -C "$R" branch side
}

# edit BRANCH SED-SCRIPT MESSAGE: commits an edit of T-1 on BRANCH.
edit() {
	git -C "$R" checkout -q "$1" &&
	sed -i "$2" "$R/records/T-1.md" &&
	git -C "$R" commit -qam "$3"
}

# The three versions of T-1 in the folder m, as git gives them to the
# driver: o the base, a ours (owner changed), b theirs (status changed).
by_hand() {
	mkdir m &&
	git -C "$R" show HEAD:records/T-1.md >m/o &&
	sed 's/^owner: zhangsan/owner: lisi/' m/o >m/a &&
	sed 's/^status: todo/status: doing/' m/o >m/b
}

# Status on main, owner on side: neighbouring lines.
neighbours() {
	edit side 's/^owner: zhangsan/owner: lisi/' "side: owner" &&
	edit main 's/^status: todo/status: doing/' "main: status"
}

test_expect_success 'plain git conflicts on neighbouring field edits' - <<\EOT
	setup plain &&
	neighbours &&
	test_exit 1 git -C "$R" merge -q side &&
	test_grep "^<<<<<<< HEAD" "$R/records/T-1.md"
EOT

test_expect_success 'the driver merges them field by field, ours kept byte for byte' - <<\EOT
	setup &&
	neighbours &&
	test_exit 0 git -C "$R" merge -q --no-edit side &&
	write expect <<-\EOF &&
	---
	# 一个任务
	type: task
	id: T-1
	title: 页面优化   # 标题
	status: doing
	owner: lisi
	tags: [web]
	steps:
	  - 压缩
	---
	## 进展
	开始了。
	EOF
	test_cmp expect "$R/records/T-1.md" &&
	test_exit 0 "$WORKLOG" -C "$R" validate &&
	git -C "$R" log --format=%s -1 >msg &&
	test_grep "^Merge branch 'side'" msg
EOT

test_expect_success 'list items added on both sides are all kept' - <<\EOT
	setup &&
	edit side 's/^tags: \[web\]/tags: [web, 性能]/; s/^  - 压缩$/  - 压缩\n  - 缓存   # side/' "side: lists" &&
	edit main 's/^tags: \[web\]/tags: [web, ops]/; s/^  - 压缩$/  - 压缩\n  - 懒加载/' "main: lists" &&
	test_exit 0 git -C "$R" merge -q --no-edit side &&
	write expect <<-\EOF &&
	---
	# 一个任务
	type: task
	id: T-1
	title: 页面优化   # 标题
	status: todo
	owner: zhangsan
	tags: [web, ops, 性能]
	steps:
	  - 压缩
	  - 懒加载
	  - 缓存   # side
	---
	## 进展
	开始了。
	EOF
	test_cmp expect "$R/records/T-1.md"
EOT

test_expect_success 'a field changed on both sides is a conflict around it alone' - <<\EOT
	setup &&
	edit side 's/^status: todo/status: doing/; s/^owner: zhangsan/owner: lisi/' "side" &&
	edit main 's/^status: todo/status: done/; s/^tags: \[web\]/tags: [web, x]/' "main" &&
	test_exit 1 git -C "$R" merge -q side &&
	test_grep "^worklog: merge: conflict in records/T-1.md: status: changed on both sides$" "$TRASH/err" &&
	write expect <<-\EOF &&
	---
	# 一个任务
	type: task
	id: T-1
	title: 页面优化   # 标题
	<<<<<<< ours
	status: done
	=======
	status: doing
	>>>>>>> theirs
	owner: lisi
	tags: [web, x]
	steps:
	  - 压缩
	---
	## 进展
	开始了。
	EOF
	test_cmp expect "$R/records/T-1.md" &&
	git -C "$R" ls-files -u >unmerged &&
	test_line_count = 3 unmerged &&
	test_exit 1 "$WORKLOG" -C "$R" validate &&
	test_stdout "records/T-1.md:6:1: error: unresolved merge conflict (conflict markers on lines 6 to 10) [syntax]"
EOT

test_expect_success 'the hooks refuse a conflict added unresolved' - <<\EOT
	setup &&
	edit side 's/^status: todo/status: doing/' "side" &&
	edit main 's/^status: todo/status: done/' "main" &&
	"$WORKLOG" -C "$R" hooks install --no-git-config >/dev/null &&
	test_exit 1 git -C "$R" merge -q side &&
	git -C "$R" add records/T-1.md &&
	test_exit 1 git -C "$R" commit -q --no-edit &&
	test_grep "unresolved merge conflict" "$TRASH/err"
EOT

test_expect_success 'a body changed on both sides: git markers in the body only' - <<\EOT
	setup &&
	edit side 's/^开始了。/开始了，side。/; s/^owner: zhangsan/owner: lisi/' "side" &&
	edit main 's/^开始了。/开始了，main。/; s/^status: todo/status: doing/' "main" &&
	test_exit 1 git -C "$R" merge -q side &&
	test_grep "^worklog: merge: conflict in records/T-1.md: the body: changed on both sides$" "$TRASH/err" &&
	write expect <<-\EOF &&
	---
	# 一个任务
	type: task
	id: T-1
	title: 页面优化   # 标题
	status: doing
	owner: lisi
	tags: [web]
	steps:
	  - 压缩
	---
	## 进展
	<<<<<<< ours
	开始了，main。
	=======
	开始了，side。
	>>>>>>> theirs
	EOF
	test_cmp expect "$R/records/T-1.md" &&
	test_exit 1 "$WORKLOG" -C "$R" validate &&
	test_stdout "records/T-1.md:13:1: error: unresolved merge conflict (conflict markers on lines 13 to 17) [syntax]"
EOT

test_expect_success 'a merged status change x-transitions forbids stays a conflict' - <<\EOT
	setup &&
	edit side 's/^status: todo/status: doing/' "side: doing" &&
	edit side 's/^status: doing/status: done/' "side: done" &&
	edit main 's/^title: 页面优化 /title: 首页优化 /' "main: title" &&
	test_exit 1 git -C "$R" merge -q side &&
	test_grep "^worklog: merge: conflict in records/T-1.md: status: todo → done is not an allowed transition$" "$TRASH/err" &&
	write expect <<-\EOF &&
	---
	# 一个任务
	type: task
	id: T-1
	title: 首页优化   # 标题
	<<<<<<< ours
	status: todo
	=======
	status: done
	>>>>>>> theirs
	owner: zhangsan
	tags: [web]
	steps:
	  - 压缩
	---
	## 进展
	开始了。
	EOF
	test_cmp expect "$R/records/T-1.md"
EOT

test_expect_success 'an allowed merged change merges' - <<\EOT
	setup &&
	edit side 's/^status: todo/status: doing/' "side: doing" &&
	edit main 's/^title: 页面优化 /title: 首页优化 /' "main: title" &&
	test_exit 0 git -C "$R" merge -q --no-edit side &&
	test_grep "^status: doing$" "$R/records/T-1.md"
EOT

test_expect_success 'a file that is not a record is merged by lines, as git would' - <<\EOT
	setup &&
	printf 'one\ntwo\nthree\n' >"$R/records/notes.md" &&
	git -C "$R" add -A && git -C "$R" commit -qm notes &&
	git -C "$R" branch -f side &&
	git -C "$R" checkout -q side &&
	printf 'one\ntwo\nthree\nfour\n' >"$R/records/notes.md" &&
	git -C "$R" commit -qam "side: four" &&
	git -C "$R" checkout -q main &&
	printf 'zero\none\ntwo\nthree\n' >"$R/records/notes.md" &&
	git -C "$R" commit -qam "main: zero" &&
	test_exit 0 git -C "$R" merge -q --no-edit side &&
	test_grep "merge: records/notes.md: merged by lines: a version is not a record" "$TRASH/err" &&
	printf 'zero\none\ntwo\nthree\nfour\n' >expect &&
	test_cmp expect "$R/records/notes.md"
EOT

test_expect_success 'the driver refuses input over the size limit, leaving ours' - <<\EOT
	setup &&
	printf 'a\n' >o && printf 'b\n' >a && awk 'BEGIN { for (i = 0; i < 40; i++) print "xxxxxxxxxx" }' >b &&
	echo "limits: {file-bytes: 100}" >>"$R/.worklog.yaml" &&
	cp o a b "$R/" &&
	test_exit 2 in_dir "$R" "$WORKLOG" merge o a b records/x.md &&
	test_stderr "worklog: merge: 'b' is 440 bytes, more than the limit of 100; not merged" &&
	test_cmp a "$R/a" &&
	test_exit 2 in_dir "$R" "$WORKLOG" merge o a &&
	test_grep "merge: takes BASE OURS THEIRS" "$TRASH/err"
EOT

test_expect_success 'the result replaces ours whole, with its mode; a link is refused' - <<\EOT
	setup &&
	by_hand &&
	chmod 640 m/a &&
	test_exit 0 in_dir m "$WORKLOG" merge o a b T-1.md &&
	sed 's/^owner: zhangsan/owner: lisi/; s/^status: todo/status: doing/' m/o >expect &&
	test_cmp expect m/a &&
	ls -l m/a | cut -c1-10 >mode &&
	echo "-rw-r-----" >expect_mode &&
	test_cmp expect_mode mode &&
	ls m >files &&
	printf 'a\nb\no\n' >expect_files &&
	test_cmp expect_files files &&
	ln -s a m/link &&
	test_exit 2 in_dir m "$WORKLOG" merge o link b T-1.md &&
	test_grep "^worklog: merge: cannot read 'link'" "$TRASH/err" &&
	test_cmp expect m/a
EOT

test_expect_success 'a driver prints no JSON: --format json is a usage error, ours untouched' - <<\EOT
	setup &&
	by_hand &&
	cp m/a expect &&
	test_exit 2 in_dir m "$WORKLOG" merge --format json o a b T-1.md &&
	test_stdout "" &&
	test_grep "^worklog: merge does not print json (use text)" "$TRASH/err" &&
	test_cmp expect m/a &&
	test_exit 0 in_dir m "$WORKLOG" merge --format text o a b T-1.md &&
	test_stdout "" &&
	"$WORKLOG" help --commands >commands &&
	test_grep "^merge	text	" commands
EOT

test_done
