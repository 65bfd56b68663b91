#!/bin/sh
# The server hook judges every pushed commit by the configuration and
# schemas of the branch before the push: a push cannot switch off, narrow
# or replace the rules it is judged by, and the rules it brings apply from
# the next push. A new branch takes the rules of the default branch (the
# server's HEAD); a first push to an empty server, its own.
. "$(dirname "$0")/lib.sh"

PATH=$(dirname "$WORKLOG"):$PATH
export PATH

# A work repository $R whose main is on the server $S: items a (I-1) and
# b (I-2, a child of a), both todo, under x-transitions.
setup() {
	new_items_repo parent transitions &&
	new_server &&
	push HEAD:main
}

# rejected_for COMMIT [PATH]: the push was refused for PATH (records/a.md)
# going from todo straight to done in COMMIT, and nothing else.
rejected_for() {
	grep '^remote: ' "$TRASH/err" >remote &&
	{
		echo "remote: $(short "$1"):${2:-records/a.md}:4:9: error: status: \"todo\" cannot change to \"done\" (allowed: doing) [transition]        " &&
		echo "remote: worklog: push rejected: 1 record failed in 1 commit        "
	} >expect &&
	test_cmp expect remote
}

# A copy of the item schema without x-transitions, as its own folder.
write_loose_schema() {
	mkdir -p "$R/.loose" &&
	sed '/^x-transitions:/,$d' "$R/.worklog/schema/item.yaml" >"$R/.loose/$1.yaml" &&
	sed -i "s/^x-type: item/x-type: $2/" "$R/.loose/$1.yaml"
}

test_expect_success 'a push cannot switch off the transition rule it is judged by' - <<\EOT
	setup &&
	printf 'rules:\n  transition: off\n' >>"$R/.worklog.yaml" &&
	write_item records/a.md I-1 done &&
	commit "no more transitions, and done at once" &&
	test_exit 1 push HEAD:main &&
	rejected_for HEAD
EOT

test_expect_success 'a push deleting .worklog.yaml is judged by the one it deletes' - <<\EOT
	setup &&
	git -C "$R" rm -q .worklog.yaml &&
	write_item records/a.md I-1 done &&
	commit "no more rules" &&
	test_exit 1 push HEAD:main &&
	rejected_for HEAD
EOT

test_expect_success 'a push narrowing records: is judged by the records before' - <<\EOT
	setup &&
	sed -i 's|^records: .*|records: ["nothing/*.md"]|' "$R/.worklog.yaml" &&
	write_item records/a.md I-1 done &&
	commit "no more records" &&
	test_exit 1 push HEAD:main &&
	rejected_for HEAD
EOT

test_expect_success 'a push cannot replace a schema through a new schema folder' - <<\EOT
	setup &&
	write_loose_schema item item &&
	sed -i 's|^schemas: .*|schemas: [.loose]|' "$R/.worklog.yaml" &&
	write_item records/a.md I-1 done &&
	commit "an item without transitions" &&
	test_exit 1 push HEAD:main &&
	rejected_for HEAD
EOT

test_expect_success 'a push cannot retype a record with a types: glob of its own' - <<\EOT
	setup &&
	write_loose_schema loose loose-item &&
	sed -i 's/^  type: {const: item}/  type: {type: string}/' "$R/.loose/loose.yaml" &&
	sed -i 's|^schemas: .*|schemas: [.worklog/schema, .loose]|' "$R/.worklog.yaml" &&
	printf 'types:\n  "records/b.md": loose-item\n' >>"$R/.worklog.yaml" &&
	write_item records/b.md I-2 done "parent: I-1" &&
	commit "b is a loose item now" &&
	test_exit 1 push HEAD:main &&
	rejected_for HEAD records/b.md
EOT

test_expect_success 'a push cannot raise the limits: it is judged by' - <<\EOT
	setup &&
	printf 'limits:\n  front-matter-bytes: 100\n' >>"$R/.worklog.yaml" &&
	commit "small records" &&
	push HEAD:main &&
	sed -i 's/front-matter-bytes: 100/front-matter-bytes: 100000/' "$R/.worklog.yaml" &&
	write_item records/c.md I-3 todo "parent: I-2" "owner: a long line that takes this record past one hundred bytes" &&
	commit "a big record, and room for it" &&
	test_exit 1 push HEAD:main &&
	test_grep "^remote: $(short HEAD):records/c.md:[0-9]*:[0-9]*: error: .*100 bytes" "$TRASH/err" &&
	test_grep "^remote: worklog: push rejected: 1 record failed in 1 commit" "$TRASH/err"
EOT

test_expect_success 'hooks: {warn-only: true} in the push does not soften it' - <<\EOT
	setup &&
	printf 'hooks: {warn-only: true}\n' >>"$R/.worklog.yaml" &&
	write_item records/a.md I-1 done &&
	commit "soft, and done at once" &&
	test_exit 1 push HEAD:main &&
	rejected_for HEAD
EOT

test_expect_success 'hooks: {rules: {transition: off}} in the push does not switch it off' - <<\EOT
	setup &&
	printf 'hooks:\n  rules: {transition: off}\n' >>"$R/.worklog.yaml" &&
	write_item records/a.md I-1 done &&
	commit "the hooks skip transitions, and done at once" &&
	test_exit 1 push HEAD:main &&
	rejected_for HEAD
EOT

test_expect_success 'hooks: {rules: {transition: warning}} on the branch judges the next push' - <<\EOT
	setup &&
	printf 'hooks:\n  rules: {transition: warning}\n' >>"$R/.worklog.yaml" &&
	commit "transitions only warn in the hooks" &&
	test_exit 0 push HEAD:main &&
	test_stderr "" &&
	write_item records/a.md I-1 done &&
	commit "done at once" &&
	test_exit 0 push HEAD:main &&
	grep "^remote: " "$TRASH/err" >remote &&
	cat >expect <<-EOF &&
	remote: $(short HEAD):records/a.md:4:9: warning: status: "todo" cannot change to "done" (allowed: doing) [transition]        
	EOF
	test_cmp expect remote
EOT

test_expect_success "a record's own disable comments do not suppress the hook" - <<\EOT
	setup &&
	write_item records/a.md I-1 done "worklog: {disable: [transition]}" &&
	printf '<!-- worklog-disable transition -->\n' >>"$R/records/a.md" &&
	commit "done at once, and say nothing" &&
	test_exit 1 push HEAD:main &&
	grep '^remote: ' "$TRASH/err" >remote &&
	c=$(short HEAD) &&
	cat >expect <<-EOF &&
	remote: $c:records/a.md:4:9: error: status: "todo" cannot change to "done" (allowed: doing) [transition]        
	remote: $c:records/a.md:5:21: warning: 'transition' cannot be suppressed [unused-suppression]        
	remote: $c:records/a.md:7:22: warning: 'transition' cannot be suppressed [unused-suppression]        
	remote: worklog: push rejected: 1 record failed in 1 commit        
	EOF
	test_cmp expect remote
EOT

test_expect_success 'the rules a push brings apply from the next push' - <<\EOT
	setup &&
	sed -i 's/todo, doing, done/todo, doing, done, parked/' "$R/.worklog/schema/item.yaml" &&
	sed -i 's/todo: \[doing\]/todo: [doing, parked]/' "$R/.worklog/schema/item.yaml" &&
	commit "items may be parked" &&
	write_item records/a.md I-1 parked &&
	commit "park a" &&
	test_exit 1 push HEAD:main &&
	test_grep "^remote: $(short HEAD):records/a.md:4:9: error: status: \"parked\" is not one of todo, doing, done \[schema\]" "$TRASH/err" &&
	test_exit 0 push HEAD~1:main &&
	test_stderr "" &&
	test_exit 0 push HEAD:main &&
	test_stderr ""
EOT

test_expect_success 'a push that tightens the rules is held to them at its tip' - <<\EOT
	setup &&
	sed -i 's/^required: \[id, status\]/required: [id, status, parent]/' "$R/.worklog/schema/item.yaml" &&
	commit "every item has a parent" &&
	test_exit 1 push HEAD:main &&
	test_grep "^remote: $(short HEAD):records/a.md:1:1: error: .*parent" "$TRASH/err" &&
	test_grep "^remote: worklog: push rejected: 1 record failed in 1 commit" "$TRASH/err" &&
	write_item records/a.md I-1 todo "parent: I-2" &&
	commit "a has a parent too" &&
	test_exit 0 push HEAD:main &&
	test_stderr ""
EOT

test_expect_success 'a push bringing rules with errors is refused, naming its tip' - <<\EOT
	setup &&
	printf 'rules:\n  transition: sometimes\n' >>"$R/.worklog.yaml" &&
	commit "a broken rule" &&
	test_exit 1 push HEAD:main &&
	grep "^remote: " "$TRASH/err" >remote &&
	cat >expect <<-EOF &&
	remote: $(short HEAD):.worklog.yaml:7:15: error: rule 'transition': severity must be off, warning or error [config]        
	remote: worklog: cannot use the configuration: 1 error        
	EOF
	test_cmp expect remote
EOT

test_expect_success 'a tag of a commit the server has is not judged again' - <<\EOT
	setup &&
	write_item records/c.md I-3 bogus &&
	commit "bad, pushed before the hook" &&
	mv "$S/hooks/pre-receive" "$S/hooks/off" &&
	push HEAD:main &&
	mv "$S/hooks/off" "$S/hooks/pre-receive" &&
	git -C "$R" rm -q records/c.md &&
	sed -i 's/todo, doing, done/todo, doing, done, parked/' "$R/.worklog/schema/item.yaml" &&
	commit "c goes, and items may be parked" &&
	test_exit 0 push HEAD:main &&
	git -C "$R" tag before HEAD~1 &&
	test_exit 0 push before &&
	test_stderr ""
EOT

test_expect_success 'a new branch is judged by the rules of the default branch' - <<\EOT
	setup &&
	git -C "$R" checkout -q -b lax &&
	printf 'rules:\n  transition: off\n' >>"$R/.worklog.yaml" &&
	write_item records/a.md I-1 done &&
	commit "a branch of its own rules" &&
	test_exit 1 push lax &&
	rejected_for HEAD
EOT

test_expect_success 'a commit pushed to two branches is judged by the rules of each' - <<\EOT
	setup &&
	git -C "$R" checkout -q -b lax &&
	printf 'rules:\n  transition: off\n' >>"$R/.worklog.yaml" &&
	commit "lax rules" &&
	push lax &&
	write_item records/a.md I-1 done &&
	commit "done at once" &&
	test_exit 1 push HEAD:lax HEAD:main &&
	rejected_for HEAD &&
	test_exit 0 push HEAD:lax &&
	test_stderr ""
EOT

test_expect_success 'a push of the loosening and of a new branch using it is judged by the old rules' - <<\EOT
	setup &&
	printf 'rules:\n  transition: off\n' >>"$R/.worklog.yaml" &&
	commit "no more transitions" &&
	write_item records/a.md I-1 done &&
	commit "done at once" &&
	test_exit 1 push HEAD~1:main HEAD:feature &&
	rejected_for HEAD
EOT

test_expect_success 'a first push to an empty server is judged by the rules it brings' - <<\EOT
	setup &&
	sed -i 's/todo, doing, done/todo, doing, done, parked/' "$R/.worklog/schema/item.yaml" &&
	write_item records/c.md I-3 parked &&
	commit "c is parked" &&
	rm -rf "$S" &&
	new_server &&
	test_exit 0 push HEAD:main &&
	test_stderr "" &&
	write_item records/c.md I-3 bogus &&
	commit "bad" &&
	rm -rf "$S" &&
	new_server &&
	test_exit 1 push HEAD:main &&
	test_grep "^remote: $(short HEAD):records/c.md:4:9: error: status: \"bogus\" is not one of todo, doing, done, parked \[schema\]" "$TRASH/err"
EOT

test_expect_success 'a first push whose every commit brings other rules is judged by each' - <<\EOT
	new_items_repo parent &&
	n=3 &&
	while [ "$n" -le 12 ]; do
		sed -i "s/todo, doing, done/todo, doing, done, s$n/" "$R/.worklog/schema/item.yaml" &&
		write_item "records/c$n.md" "I-$n" "s$n" &&
		commit "c$n, in a status of its own" &&
		n=$((n + 1)) || return 1
	done &&
	write_item records/c3.md I-3 s2 &&
	commit "a status no commit knew" &&
	new_server &&
	test_exit 1 push HEAD:main &&
	grep "^remote: " "$TRASH/err" >remote &&
	cat >expect <<-EOF &&
	remote: $(short HEAD):records/c3.md:4:9: error: status: "s2" is not one of todo, doing, done, s12, s11, s10, s9, s8, s7, s6, s5, s4, s3 [schema]        
	remote: worklog: push rejected: 1 record failed in 1 commit        
	EOF
	test_cmp expect remote &&
	git -C "$R" reset -q --hard HEAD~1 &&
	test_exit 0 push HEAD:main
EOT

test_expect_success 'a new branch on a server whose HEAD names no commit is judged by its own rules' - <<\EOT
	setup &&
	git -C "$S" symbolic-ref HEAD refs/heads/trunk &&
	git -C "$R" checkout -q -b lax &&
	printf 'rules:\n  transition: off\n' >>"$R/.worklog.yaml" &&
	write_item records/a.md I-1 done &&
	commit "a branch of its own rules" &&
	test_exit 0 push lax &&
	test_stderr ""
EOT

test_expect_success 'rules with errors on the branch reject the push, naming the commit they are in' - <<\EOT
	setup &&
	printf 'rules:\n  transition: sometimes\n' >>"$R/.worklog.yaml" &&
	commit "a broken rule" &&
	mv "$S/hooks/pre-receive" "$S/hooks/off" &&
	push HEAD:main &&
	mv "$S/hooks/off" "$S/hooks/pre-receive" &&
	broken=$(short HEAD) &&
	sed -i '/rules:/d; /transition: sometimes/d' "$R/.worklog.yaml" &&
	commit "mended" &&
	test_exit 1 push HEAD:main &&
	grep "^remote: " "$TRASH/err" >remote &&
	cat >expect <<-EOF &&
	remote: $broken:.worklog.yaml:7:15: error: rule 'transition': severity must be off, warning or error [config]        
	remote: worklog: cannot use the configuration: 1 error        
	EOF
	test_cmp expect remote
EOT

test_done
