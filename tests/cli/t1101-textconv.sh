#!/bin/sh
# worklog diff --textconv: a record rendered one value a line, keys in
# its schema's order, so that git diff, git log -p and git show show
# field-level changes through diff.worklog.textconv.
. "$(dirname "$0")/lib.sh"

BIN=$(dirname "$WORKLOG")
PATH=$BIN:$PATH
export PATH

setup() {
	new_repo "$R" &&
	write_config &&
	write "$R/.worklog/schema/goal.yaml" <<-\EOF &&
	x-type: goal
	x-id: id
	type: object
	properties:
	  type: {const: goal}
	  id: {type: string}
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
	EOF
	write "$R/records/G-1.md" <<-\EOF &&
	---
	tags: [web, 性能]
	status: doing
	id: G-1
	type: goal
	备注: |
	  第一行
	  second line
	kpis:
	  - {actual: 87, id: K1, target: 90}
	empty: []
	none: {}
	nothing: null
	---
	## 进展
	- 压缩图片
	EOF
	echo "*.md diff=worklog" >"$R/.gitattributes" &&
	git -C "$R" config diff.worklog.textconv "worklog diff --textconv" &&
	git -C "$R" add -A &&
	git -C "$R" commit -qm one
}

test_expect_success 'a record: one value a line, in schema order, then the body' - <<\EOT
	setup &&
	test_exit 0 in_dir "$R" "$WORKLOG" diff --textconv records/G-1.md &&
	test_stdout <<-\EOF
	---
	type: goal
	id: G-1
	status: doing
	kpis[0].id: K1
	kpis[0].target: 90
	kpis[0].actual: 87
	tags[0]: web
	tags[1]: 性能
	备注: |
	  第一行
	  second line
	empty: []
	none: {}
	nothing: null
	---
	## 进展
	- 压缩图片
	EOF
EOT

test_expect_success 'without a worklog repository: the order of the file' - <<\EOT
	setup &&
	cp "$R/records/G-1.md" g.md &&
	printf -- '---\nb: 1\na: {y: 2, x: 3}\n---\nbody\n' >plain.md &&
	test_exit 0 "$WORKLOG" diff --textconv plain.md &&
	test_stdout <<-\EOF
	---
	b: 1
	a.y: 2
	a.x: 3
	---
	body
	EOF
EOT

test_expect_success 'a file that is not a record, or is broken, comes out as it is' - <<\EOT
	setup &&
	printf 'no front matter\n' >"$R/notes.md" &&
	printf -- '---\nid: [x\n---\nbody\n' >"$R/broken.md" &&
	test_exit 0 in_dir "$R" "$WORKLOG" diff --textconv notes.md &&
	test_cmp "$R/notes.md" "$TRASH/out" &&
	test_exit 0 in_dir "$R" "$WORKLOG" diff --textconv broken.md &&
	test_cmp "$R/broken.md" "$TRASH/out" &&
	test_exit 2 in_dir "$R" "$WORKLOG" diff --textconv missing.md &&
	test_stderr "worklog: diff: cannot read 'missing.md': No such file or directory" &&
	test_exit 2 in_dir "$R" "$WORKLOG" diff --textconv &&
	test_grep "^worklog: diff: --textconv takes exactly one FILE" "$TRASH/err"
EOT

test_expect_success 'git diff shows the fields that changed' - <<\EOT
	setup &&
	sed -i 's/status: doing/status: done/; s/actual: 87/actual: 93/' "$R/records/G-1.md" &&
	test_exit 0 git -C "$R" diff &&
	sed -n '/^@@/,$p' "$TRASH/out" >changes &&
	write expect <<-\EOF &&
	@@ -1,10 +1,10 @@
	 ---
	 type: goal
	 id: G-1
	-status: doing
	+status: done
	 kpis[0].id: K1
	 kpis[0].target: 90
	-kpis[0].actual: 87
	+kpis[0].actual: 93
	 tags[0]: web
	 tags[1]: 性能
	 备注: |
	EOF
	test_cmp expect changes
EOT

test_expect_success 'git log -p and git show read through it too' - <<\EOT
	setup &&
	sed -i 's/^tags: \[web, 性能\]/tags: [web, 性能, 提速]/' "$R/records/G-1.md" &&
	git -C "$R" commit -qam "tag it" &&
	test_exit 0 git -C "$R" log -p -1 --format=%s &&
	test_grep "^+tags\[2\]: 提速$" "$TRASH/out" &&
	test_grep ! "^+tags: " "$TRASH/out" &&
	test_exit 0 git -C "$R" show --format=%s HEAD &&
	sed -n '/^@@/,$p' "$TRASH/out" >changes &&
	write expect <<-\EOF &&
	@@ -7,6 +7,7 @@ kpis[0].target: 90
	 kpis[0].actual: 87
	 tags[0]: web
	 tags[1]: 性能
	+tags[2]: 提速
	 备注: |
	   第一行
	   second line
	EOF
	test_cmp expect changes
EOT

test_expect_success 'a file over file-bytes, or not a regular file, is refused, not read' - <<\EOT
	setup &&
	echo "limits: {file-bytes: 100}" >>"$R/.worklog.yaml" &&
	awk 'BEGIN { for (i = 0; i < 20; i++) print "no front matter, line " i }' >"$R/big.md" &&
	test_exit 2 in_dir "$R" "$WORKLOG" diff --textconv big.md &&
	test_stdout "" &&
	test_stderr "worklog: diff: 'big.md' is 490 bytes, more than the limit of 100 (limits: file-bytes); not converted" &&
	head -c 100 "$R/big.md" >"$R/fits.md" &&
	test_exit 0 in_dir "$R" "$WORKLOG" diff --textconv fits.md &&
	test_cmp "$R/fits.md" "$TRASH/out" &&
	mkfifo "$R/pipe.md" &&
	test_exit 2 timeout 10 sh -c 'cd "$1" && exec "$2" diff --textconv pipe.md' - "$R" "$WORKLOG" &&
	test_stderr "worklog: diff: cannot read 'pipe.md': it is a FIFO, not a regular file"
EOT

test_done
