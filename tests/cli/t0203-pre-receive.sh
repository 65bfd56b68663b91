#!/bin/sh
# worklog hook pre-receive and update on a bare "server" repository with
# the hooks installed, pushed to over a local path: every commit a push
# adds is judged against its first parent (by the rules of the branch
# before the push: t0300).
. "$(dirname "$0")/lib.sh"

PATH=$(dirname "$WORKLOG"):$PATH
export PATH

# A work repository $R with one good commit, and an empty server $S with
# the server hook installed.
setup() {
	new_items_repo parent transitions &&
	new_server
}

# pre_receive [OPTION...]: runs the hook in $S on the lines of $TRASH/in.
pre_receive() {
	in_dir "$S" "$WORKLOG" hook pre-receive "$@" <"$TRASH/in"
}

test_expect_success 'a good first push is accepted' - <<\EOT
	setup &&
	test_exit 0 push HEAD:main &&
	test_stderr "" &&
	git -C "$R" rev-parse HEAD >expect &&
	git -C "$S" rev-parse main >actual &&
	test_cmp expect actual
EOT

test_expect_success 'a bad commit is rejected even when the tip is good' - <<\EOT
	setup &&
	push HEAD:main &&
	write_item records/a.md I-1 done &&
	commit "finish too early" &&
	bad=$(short HEAD) &&
	write_item records/a.md I-1 doing &&
	commit "back to doing" &&
	test_exit 1 push HEAD:main &&
	test_stderr <<-EOF &&
	remote: $bad:records/a.md:4:9: error: status: "todo" cannot change to "done" (allowed: doing) [transition]        
	remote: worklog: push rejected: 1 record failed in 1 commit        
	To $S
	 ! [remote rejected] HEAD -> main (pre-receive hook declined)
	error: failed to push some refs to '$S'
	EOF
	git -C "$R" rev-parse HEAD~2 >expect &&
	git -C "$S" rev-parse main >actual &&
	test_cmp expect actual
EOT

test_expect_success 'deleting a record others reference is rejected at the reference' - <<\EOT
	setup &&
	push HEAD:main &&
	git -C "$R" rm -q records/a.md &&
	commit "drop a" &&
	test_exit 1 push HEAD:main &&
	head -2 "$TRASH/err" >actual &&
	cat >expect <<-EOF &&
	remote: $(short HEAD):records/b.md:5:9: error: parent: "I-1" is not the id of any item record [dangling-ref]        
	remote: worklog: push rejected: 1 record failed in 1 commit        
	EOF
	test_cmp expect actual
EOT

test_expect_success 'a good new branch is accepted' - <<\EOT
	setup &&
	push HEAD:main &&
	git -C "$R" checkout -q -b feature &&
	write_item records/c.md I-3 todo "parent: I-2" &&
	commit "add c" &&
	test_exit 0 push feature &&
	test_stderr ""
EOT

test_expect_success 'a bad new branch is rejected, judged from where it forks' - <<\EOT
	setup &&
	push HEAD:main &&
	git -C "$R" checkout -q -b feature &&
	write_item records/c.md I-1 todo &&
	commit "a second I-1" &&
	test_exit 1 push feature &&
	test_grep "^remote: $(short HEAD):records/c.md:3:5: error: id: \"I-1\" is also the id of records/a.md \[duplicate-id\]" "$TRASH/err"
EOT

test_expect_success 'deleting a branch is accepted: there is nothing to judge' - <<\EOT
	setup &&
	push HEAD:main &&
	git -C "$R" checkout -q -b feature &&
	write_item records/c.md I-3 bogus &&
	commit "bad, pushed before the hook" &&
	rm "$S/hooks/pre-receive" &&
	push feature &&
	"$WORKLOG" -C "$S" hooks install --server >/dev/null &&
	test_exit 0 push :feature &&
	test_stderr "" &&
	test_exit 1 git -C "$S" rev-parse -q --verify feature
EOT

test_expect_success 'a force push of good work is accepted, of bad work rejected' - <<\EOT
	setup &&
	write_item records/c.md I-3 todo &&
	commit "c" &&
	push HEAD:main &&
	git -C "$R" reset -q --hard HEAD~1 &&
	write_item records/d.md I-4 doing &&
	commit "d instead" &&
	test_exit 0 push -f HEAD:main &&
	test_stderr "" &&
	git -C "$R" reset -q --hard HEAD~1 &&
	write_item records/e.md I-5 bogus &&
	commit "e instead" &&
	test_exit 1 push -f HEAD:main &&
	test_grep "^remote: $(short HEAD):records/e.md:4:9: error: status: \"bogus\" is not one of todo, doing, done \[schema\]" "$TRASH/err"
EOT

test_expect_success 'an annotated tag is peeled to its commit' - <<\EOT
	setup &&
	push HEAD:main &&
	write_item records/a.md I-1 done &&
	commit "bad" &&
	git -C "$R" tag -a -m "release" v1 &&
	git -C "$R" reset -q --hard HEAD~1 &&
	test_exit 1 push v1 &&
	test_grep "^remote: $(short "v1^{commit}"):records/a.md:4:9: error: status: \"todo\" cannot change to \"done\"" "$TRASH/err" &&
	git -C "$R" tag -a -m "good" v2 HEAD &&
	test_exit 0 push v2 &&
	git -C "$R" tag -a -m "a tree" v3 "HEAD^{tree}" &&
	test_exit 0 push v3
EOT

test_expect_success 'commits shared by several pushed branches are judged once' - <<\EOT
	setup &&
	push HEAD:main &&
	write_item records/a.md I-1 done &&
	commit "bad" &&
	git -C "$R" branch one &&
	git -C "$R" branch two &&
	test_exit 1 push one two &&
	grep "cannot change to" "$TRASH/err" >judged &&
	test_line_count = 1 judged &&
	test_grep "^remote: worklog: push rejected: 1 record failed in 1 commit" "$TRASH/err"
EOT

test_expect_success 'with GL_ID set, a push rejected despite its own warn-only shows its findings' - <<\EOT
	setup &&
	push HEAD:main &&
	printf 'hooks: {warn-only: true}\n' >>"$R/.worklog.yaml" &&
	write_item records/a.md I-1 done &&
	commit "bad, and warn-only" &&
	test_exit 1 env GL_ID=user-1 git -C "$R" push -q "$S" HEAD:main &&
	head -2 "$TRASH/err" >actual &&
	cat >expect <<-EOF &&
	remote: GL-HOOK-ERR: $(short HEAD):records/a.md:4:9: error: status: "todo" cannot change to "done" (allowed: doing) [transition]        
	remote: GL-HOOK-ERR: worklog: push rejected: 1 record failed in 1 commit        
	EOF
	test_cmp expect actual
EOT

test_expect_success '--tip-only judges only the pushed tips' - <<\EOT
	setup &&
	push HEAD:main &&
	write_item records/a.md I-1 done &&
	commit "bad" &&
	write_item records/a.md I-1 doing &&
	commit "good tip" &&
	printf '%s %s refs/heads/main\n' "$(git -C "$S" rev-parse main)" "$(git -C "$R" rev-parse HEAD)" >in &&
	# The objects arrive as a push would bring them, with no reference.
	git -C "$S" fetch -q "$R" HEAD &&
	test_exit 0 pre_receive --tip-only &&
	test_stdout "" &&
	test_stderr "" &&
	test_exit 1 pre_receive &&
	cat "$TRASH/out" "$TRASH/err" >actual &&
	cat >expect <<-EOF &&
	$(short HEAD~1):records/a.md:4:9: error: status: "todo" cannot change to "done" (allowed: doing) [transition]
	worklog: push rejected: 1 record failed in 1 commit
	EOF
	test_cmp expect actual
EOT

test_expect_success 'the update hook judges one reference' - <<\EOT
	setup &&
	rm "$S/hooks/pre-receive" &&
	"$WORKLOG" -C "$S" hooks install update >/dev/null &&
	push HEAD:main &&
	write_item records/a.md I-1 done &&
	commit "bad" &&
	test_exit 1 push HEAD:main &&
	test_stderr <<-EOF
	remote: $(short HEAD):records/a.md:4:9: error: status: "todo" cannot change to "done" (allowed: doing) [transition]        
	remote: worklog: push rejected: 1 record failed in 1 commit        
	remote: error: hook declined to update refs/heads/main        
	To $S
	 ! [remote rejected] HEAD -> main (hook declined)
	error: failed to push some refs to '$S'
	EOF
EOT

test_expect_success 'with GL_ID set, the lines GitLab shows start with GL-HOOK-ERR:' - <<\EOT
	setup &&
	push HEAD:main &&
	write_item records/a.md I-1 done &&
	commit "bad" &&
	test_exit 1 env GL_ID=user-1 GL_REPOSITORY=project-1 git -C "$R" push -q "$S" HEAD:main &&
	head -2 "$TRASH/err" >actual &&
	cat >expect <<-EOF &&
	remote: GL-HOOK-ERR: $(short HEAD):records/a.md:4:9: error: status: "todo" cannot change to "done" (allowed: doing) [transition]        
	remote: GL-HOOK-ERR: worklog: push rejected: 1 record failed in 1 commit        
	EOF
	test_cmp expect actual
EOT

test_expect_success 'warn-only on the branch prints the findings and accepts the push' - <<\EOT
	setup &&
	printf 'hooks: {warn-only: true}\n' >>"$R/.worklog.yaml" &&
	commit "roll the rules out softly" &&
	push HEAD:main &&
	write_item records/a.md I-1 done &&
	commit "bad" &&
	test_exit 0 push HEAD:main &&
	test_stderr <<-EOF
	remote: $(short HEAD):records/a.md:4:9: error: status: "todo" cannot change to "done" (allowed: doing) [transition]        
	remote: worklog: 1 record failed in 1 commit; push accepted (hooks: warn-only)        
	EOF
EOT

test_expect_success 'a push cannot turn warn-only on for itself' - <<\EOT
	setup &&
	push HEAD:main &&
	printf 'hooks: {warn-only: true}\n' >>"$R/.worklog.yaml" &&
	write_item records/a.md I-1 done &&
	commit "bad, and warn-only" &&
	test_exit 1 push HEAD:main &&
	test_grep "^remote: worklog: push rejected: 1 record failed in 1 commit" "$TRASH/err"
EOT

test_expect_success 'a commit without .worklog.yaml is not judged' - <<\EOT
	setup &&
	git -C "$R" rm -q .worklog.yaml &&
	write_item records/a.md I-1 bogus &&
	commit "no more rules" &&
	test_exit 0 push HEAD:main &&
	test_stderr ""
EOT

test_expect_success 'a file name cannot forge a line of the output' - <<\EOT
	setup &&
	push HEAD:main &&
	write_item records/a.md I-1 todo &&
	write_item "records/x
GL-HOOK-ERR: all good.md" I-9 bogus &&
	commit "a newline in a name" &&
	test_exit 1 env GL_ID=user-1 git -C "$R" push -q "$S" HEAD:main &&
	grep "^remote: " "$TRASH/err" >remote &&
	test_grep ! -v "^remote: GL-HOOK-ERR: " remote &&
	test_grep '^remote: GL-HOOK-ERR: [0-9a-f]*:records/x\\nGL-HOOK-ERR: all good.md:4:9: error: ' "$TRASH/err"
EOT

test_expect_success 'a bad input line is exit 2' - <<\EOT
	setup &&
	printf 'garbage\n' >in &&
	test_exit 2 pre_receive &&
	test_stderr "worklog: pre-receive: not a reference update: 'garbage'" &&
	printf 'x y refs/heads/main\n' >in &&
	test_exit 2 pre_receive &&
	test_stderr "worklog: pre-receive: not a reference update: 'x y refs/heads/main'" &&
	printf 'x\ty\n' >in &&
	test_exit 2 pre_receive &&
	test_stderr "worklog: pre-receive: not a reference update: 'x\\ty'"
EOT

test_expect_success 'a long push is judged commit by commit, reading only what changed' - <<\EOT
	setup &&
	push HEAD:main &&
	n=3 &&
	while [ "$n" -le 12 ]; do
		write_item "records/c$n.md" "I-$n" todo "parent: I-$((n - 1))" &&
		commit "c$n" &&
		n=$((n + 1)) || return 1
	done &&
	write_item records/c7.md I-7 done &&
	commit "bad" &&
	test_exit 1 push HEAD:main &&
	grep "^remote: [0-9a-f]*:records/" "$TRASH/err" >judged &&
	test_line_count = 1 judged
EOT

# push_two_bad: two commits that each break a transition, fetched into
# the server as a push would bring them; $TRASH/in holds the hook's input.
push_two_bad() {
	setup &&
	push HEAD:main &&
	write_item records/a.md I-1 done &&
	commit "bad a" &&
	write_item records/b.md I-2 done "parent: I-1" &&
	commit "bad b" &&
	printf '%s %s refs/heads/main\n' "$(git -C "$S" rev-parse main)" \
		"$(git -C "$R" rev-parse HEAD)" >"$TRASH/in" &&
	git -C "$S" fetch -q "$R" HEAD
}

test_expect_success 'pre-receive --format json prints one object, each finding with its commit' - <<\EOT
	push_two_bad &&
	test_exit 1 pre_receive --format json &&
	test_stdout <<-EOF &&
	{"records": 2, "errors": 2, "warnings": 0, "diagnostics": [
	  {"commit": "$(short HEAD~1)", "path": "records/a.md", "line": 4, "column": 9, "severity": "error", "rule": "transition", "message": "status: \\"todo\\" cannot change to \\"done\\" (allowed: doing)"},
	  {"commit": "$(short HEAD)", "path": "records/b.md", "line": 4, "column": 9, "severity": "error", "rule": "transition", "message": "status: \\"todo\\" cannot change to \\"done\\" (allowed: doing)"}
	]}
	EOF
	test_stderr "worklog: push rejected: 2 records failed in 2 commits" &&
	# Under GitLab too the object is plain JSON.
	(GL_ID=user-1 && export GL_ID && test_exit 1 pre_receive --format=json) &&
	test_grep ! GL-HOOK-ERR "$TRASH/out" &&
	test_grep '^{"records": 2, "errors": 2,' "$TRASH/out"
EOT

test_expect_success "pre-receive --format github starts each annotation's message with the commit" - <<\EOT
	push_two_bad &&
	test_exit 1 pre_receive --format github &&
	test_stdout <<-EOF &&
	::error file=records/a.md,line=4,col=9,title=transition::$(short HEAD~1): status: "todo" cannot change to "done" (allowed: doing)
	::error file=records/b.md,line=4,col=9,title=transition::$(short HEAD): status: "todo" cannot change to "done" (allowed: doing)
	EOF
	test_stderr "worklog: push rejected: 2 records failed in 2 commits"
EOT

test_expect_success 'update --format json judges the same way' - <<\EOT
	push_two_bad &&
	test_exit 1 in_dir "$S" "$WORKLOG" hook update --format json refs/heads/main \
		"$(git -C "$S" rev-parse main)" "$(git -C "$R" rev-parse HEAD)" &&
	grep '"commit": ' "$TRASH/out" >commits &&
	test_line_count = 2 commits
EOT

test_done
