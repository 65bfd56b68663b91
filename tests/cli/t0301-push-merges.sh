#!/bin/sh
# A merge takes a record as it is from another parent only when that side
# changed it since the merge base and the first parent did not: a fake
# merge with an old ancestor or an orphan, a merge of a branch judged by
# looser rules, and a force push that rewinds a branch cannot bring an
# old version of a record back past x-transitions or `locked`.
. "$(dirname "$0")/lib.sh"

PATH=$(dirname "$WORKLOG"):$PATH
export PATH

# A work repository $R whose main is on the server $S: item a (I-1) went
# todo -> doing -> done in three commits; b (I-2) is todo.
setup() {
	new_items_repo parent transitions &&
	write_item records/a.md I-1 doing &&
	commit "a starts" &&
	write_item records/a.md I-1 done &&
	commit "a is done" &&
	new_server &&
	push HEAD:main
}

# rejected_for COMMIT: the push was refused for a.md going from done back
# to todo in COMMIT, and nothing else.
rejected_for() {
	grep '^remote: ' "$TRASH/err" >remote &&
	cat >expect <<-EOF &&
	remote: $(short "$1"):records/a.md:4:9: error: status: "done" cannot change to "todo" (allowed: doing) [transition]        
	remote: worklog: push rejected: 1 record failed in 1 commit        
	EOF
	test_cmp expect remote
}

test_expect_success 'a merge with an old ancestor cannot bring back an old version' - <<\EOT
	setup &&
	fake=$(git -C "$R" commit-tree -p HEAD -p HEAD~2 -m "merge the past" "HEAD~2^{tree}") &&
	git -C "$R" reset -q --hard "$fake" &&
	test_exit 1 push HEAD:main &&
	rejected_for HEAD
EOT

test_expect_success 'a merge with an orphan cannot bring back an old version' - <<\EOT
	setup &&
	orphan=$(git -C "$R" commit-tree -m "a history of its own" "HEAD~2^{tree}") &&
	fake=$(git -C "$R" commit-tree -p HEAD -p "$orphan" -m "merge it" "HEAD~2^{tree}") &&
	git -C "$R" reset -q --hard "$fake" &&
	test_exit 1 push HEAD:main &&
	rejected_for HEAD
EOT

test_expect_success 'a merge keeps the old version that its first parent kept' - <<\EOT
	setup &&
	git -C "$R" checkout -q -b side HEAD~2 &&
	write_item records/c.md I-3 todo &&
	commit "c, from the past" &&
	git -C "$R" checkout -q main &&
	git -C "$R" merge -q --no-edit side &&
	test_exit 0 push HEAD:main &&
	test_stderr ""
EOT

test_expect_success 'a merge takes what the other branch changed step by step' - <<\EOT
	setup &&
	git -C "$R" checkout -q -b feature &&
	write_item records/b.md I-2 doing "parent: I-1" &&
	commit "b starts" &&
	write_item records/b.md I-2 done "parent: I-1" &&
	commit "b is done" &&
	push feature &&
	git -C "$R" checkout -q main &&
	write_item records/c.md I-3 todo &&
	commit c &&
	git -C "$R" merge -q --no-edit feature &&
	test_exit 0 push HEAD:main &&
	test_stderr ""
EOT

test_expect_success 'a merge resolved for the other side is compared where both changed' - <<\EOT
	setup &&
	git -C "$R" checkout -q -b other HEAD~2 &&
	write_item records/a.md I-1 todo "parent: I-2" &&
	commit "a gets a parent" &&
	git -C "$R" checkout -q main &&
	test_exit 1 git -C "$R" merge -q --no-edit other &&
	git -C "$R" checkout -q --theirs records/a.md &&
	git -C "$R" add records/a.md &&
	git -C "$R" commit -q --no-verify --no-edit &&
	test_exit 1 push HEAD:main &&
	rejected_for HEAD
EOT

test_expect_success 'a branch judged by looser rules is judged again when merged' - <<\EOT
	setup &&
	git -C "$R" checkout -q -b lax &&
	printf 'rules:\n  transition: off\n' >>"$R/.worklog.yaml" &&
	commit "lax rules" &&
	push lax &&
	write_item records/a.md I-1 todo &&
	commit "a again" &&
	test_exit 0 push lax &&
	git -C "$R" checkout -q main &&
	write_item records/c.md I-3 todo &&
	commit c &&
	git -C "$R" merge -q --no-edit lax &&
	test_exit 1 push HEAD:main &&
	rejected_for lax
EOT

test_expect_success 'a force push cannot rewind a record to an old version' - <<\EOT
	setup &&
	test_exit 1 push -f HEAD~2:main &&
	rejected_for HEAD~2 &&
	git -C "$R" checkout -q -b redo HEAD~2 &&
	write_item records/b.md I-2 doing "parent: I-1" &&
	commit "another history" &&
	test_exit 1 push -f redo:main &&
	rejected_for redo
EOT

test_expect_success 'a force push of a rebased branch is judged by its commits' - <<\EOT
	setup &&
	git -C "$R" checkout -q -b feature HEAD~2 &&
	write_item records/b.md I-2 doing "parent: I-1" &&
	commit "b starts" &&
	write_item records/b.md I-2 done "parent: I-1" &&
	commit "b is done" &&
	push feature &&
	git -C "$R" rebase -q main &&
	test_exit 0 push -f feature &&
	test_stderr ""
EOT

# pre-commit judges a merge the same way.
setup_local() {
	setup &&
	"$WORKLOG" -C "$R" hooks install --no-git-config >/dev/null
}

test_expect_success 'pre-commit: a merge with an unrelated history is compared' - <<\EOT
	setup_local &&
	git -C "$R" checkout -q --orphan past HEAD~2 &&
	git -C "$R" commit -q --no-verify -m "a history of its own" &&
	git -C "$R" checkout -q main &&
	test_exit 1 git -C "$R" merge -q --no-edit --allow-unrelated-histories -X theirs past &&
	test_stderr <<-\EOF
	records/a.md:4:9: error: status: "done" cannot change to "todo" (allowed: doing) [transition]
	worklog: commit rejected: 1 record failed
	Not committing merge; use 'git commit' to complete the merge.
	EOF
EOT

test_expect_success 'pre-commit: a merge finished by hand is compared where the first parent changed' - <<\EOT
	setup_local &&
	git -C "$R" checkout -q -b other HEAD~2 &&
	write_item records/a.md I-1 todo "parent: I-2" &&
	git -C "$R" commit -q --no-verify -am "a gets a parent" &&
	git -C "$R" checkout -q main &&
	test_exit 1 git -C "$R" merge -q --no-edit other &&
	git -C "$R" checkout -q --theirs records/a.md &&
	git -C "$R" add records/a.md &&
	test_exit 1 git -C "$R" commit -q --no-edit &&
	test_stderr <<-\EOF
	records/a.md:4:9: error: status: "done" cannot change to "todo" (allowed: doing) [transition]
	worklog: commit rejected: 1 record failed
	EOF
EOT

test_done
