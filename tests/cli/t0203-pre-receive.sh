#!/bin/sh
# worklog hook pre-receive and update on a bare "server" repository with
# the hooks installed, pushed to over a local path: every commit a push
# adds is judged against its first parent, by the rules in that commit.
. "$(dirname "$0")/lib.sh"

PATH=$(dirname "$WORKLOG"):$PATH
export PATH

R=$TMP/repo
S=$TMP/server.git

# A work repository with one good commit, and an empty server.
setup() {
	new_repo "$R"
	write "$R/.worklog.yaml" <<-'EOT'
	version: 1
	records: ["records/**/*.md"]
	schemas: [.worklog/schema]
	people:
	  - {id: zhangsan}
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
	  parent: {type: string, x-ref: item}
	x-transitions:
	  status:
	    todo: [doing]
	    doing: [done, todo]
	    done: [doing]
	EOT
	item a I-1 todo
	item b I-2 todo "parent: I-1"
	git -C "$R" add -A
	git -C "$R" commit -qm init
	rm -rf "$S"
	git init -q --bare "$S"
	"$WORKLOG" -C "$S" hooks install --server >/dev/null
}

# item NAME ID STATUS [LINE...]: writes records/NAME.md.
item() {
	f=$R/records/$1.md id=$2 st=$3
	shift 3
	mkdir -p "$R/records"
	{
		printf -- '---\ntype: item\nid: %s\nstatus: %s\n' "$id" "$st"
		for l in "$@"; do
			printf '%s\n' "$l"
		done
		printf -- '---\n'
	} >"$f"
}

# commit MESSAGE: commits everything, skipping the local hooks.
commit() {
	git -C "$R" add -A
	git -C "$R" commit -q --no-verify -m "$1"
}

short() {
	git -C "$R" rev-parse --short=12 "$1"
}

push() {
	git -C "$R" push -q "$S" "$@"
}

test_start "a good first push is accepted"
setup
expect_exit 0 push HEAD:main
expect_err ""
[ "$(git -C "$S" rev-parse main)" = "$(git -C "$R" rev-parse HEAD)" ] ||
	test_fail "main was not updated"
test_done

test_start "a bad commit is rejected even when the tip is good"
setup
push HEAD:main
item a I-1 done
commit "finish too early"
bad=$(short HEAD)
item a I-1 doing
commit "back to doing"
expect_exit 1 push HEAD:main
expect_err "remote: $bad:records/a.md:4:9: error: status: \"todo\" cannot change to \"done\" (allowed: doing) [transition]        
remote: worklog: push rejected: 1 record failed in 1 commit        
To $S
 ! [remote rejected] HEAD -> main (pre-receive hook declined)
error: failed to push some refs to '$S'"
[ "$(git -C "$S" rev-parse main)" = "$(git -C "$R" rev-parse HEAD~2)" ] ||
	test_fail "main moved"
test_done

test_start "each commit is judged by its own rules, against its first parent"
setup
push HEAD:main
sed -i 's/todo, doing, done/todo, doing, done, parked/' "$R/.worklog/schema/item.yaml"
sed -i 's/todo: \[doing\]/todo: [doing, parked]/' "$R/.worklog/schema/item.yaml"
item a I-1 parked
commit "park a, with the schema that allows it"
expect_exit 0 push HEAD:main
expect_err ""
test_done

test_start "deleting a record others reference is rejected at the reference"
setup
push HEAD:main
git -C "$R" rm -q records/a.md
commit "drop a"
expect_exit 1 push HEAD:main
head -2 "$TMP/err" >"$TMP/got"
printf '%s\n' "remote: $(short HEAD):records/b.md:5:9: error: parent: \"I-1\" is not the id of any item record [dangling-ref]        " \
	"remote: worklog: push rejected: 1 record failed in 1 commit        " >"$TMP/want"
expect_file_eq "$TMP/want" "$TMP/got"
test_done

test_start "a good new branch is accepted"
setup
push HEAD:main
git -C "$R" checkout -q -b feature
item c I-3 todo "parent: I-2"
commit "add c"
expect_exit 0 push feature
expect_err ""
test_done

test_start "a bad new branch is rejected, judged from where it forks"
setup
push HEAD:main
git -C "$R" checkout -q -b feature
item c I-1 todo
commit "a second I-1"
expect_exit 1 push feature
grep -q "^remote: $(short HEAD):records/c.md:3:5: error: id: \"I-1\" is also the id of records/a.md \[duplicate-id\]" "$TMP/err" ||
	test_fail "unexpected: $(cat "$TMP/err")"
test_done

test_start "deleting a branch is accepted: there is nothing to judge"
setup
push HEAD:main
git -C "$R" checkout -q -b feature
item c I-3 bogus
commit "bad, pushed before the hook"
rm "$S/hooks/pre-receive"
push feature
"$WORKLOG" -C "$S" hooks install --server >/dev/null
expect_exit 0 push :feature
expect_err ""
[ -z "$(git -C "$S" rev-parse -q --verify feature)" ] || test_fail "not deleted"
test_done

test_start "a force push of good work is accepted, of bad work rejected"
setup
item c I-3 todo
commit "c"
push HEAD:main
git -C "$R" reset -q --hard HEAD~1
item d I-4 doing
commit "d instead"
expect_exit 0 push -f HEAD:main
expect_err ""
git -C "$R" reset -q --hard HEAD~1
item e I-5 bogus
commit "e instead"
expect_exit 1 push -f HEAD:main
grep -q "^remote: $(short HEAD):records/e.md:4:9: error: status: \"bogus\" is not one of todo, doing, done \[schema\]" "$TMP/err" ||
	test_fail "unexpected: $(cat "$TMP/err")"
test_done

test_start "an annotated tag is peeled to its commit"
setup
push HEAD:main
item a I-1 done
commit "bad"
git -C "$R" tag -a -m "release" v1
git -C "$R" reset -q --hard HEAD~1
expect_exit 1 push v1
grep -q "^remote: $(short v1^{commit}):records/a.md:4:9: error: status: \"todo\" cannot change to \"done\"" "$TMP/err" ||
	test_fail "unexpected: $(cat "$TMP/err")"
git -C "$R" tag -a -m "good" v2 HEAD
expect_exit 0 push v2
git -C "$R" tag -a -m "a tree" v3 "HEAD^{tree}"
expect_exit 0 push v3
test_done

test_start "commits shared by several pushed branches are judged once"
setup
push HEAD:main
item a I-1 done
commit "bad"
git -C "$R" branch one
git -C "$R" branch two
expect_exit 1 push one two
[ "$(grep -c 'cannot change to' "$TMP/err")" -eq 1 ] || test_fail "judged twice"
grep -q "^remote: worklog: push rejected: 1 record failed in 1 commit" "$TMP/err" ||
	test_fail "unexpected: $(cat "$TMP/err")"
test_done

test_start "with GL_ID set, a push rejected despite its own warn-only shows its findings"
setup
push HEAD:main
printf 'hooks: {warn-only: true}\n' >>"$R/.worklog.yaml"
item a I-1 done
commit "bad, and warn-only"
expect_exit 1 env GL_ID=user-1 git -C "$R" push -q "$S" HEAD:main
head -2 "$TMP/err" >"$TMP/got"
printf '%s\n' "remote: GL-HOOK-ERR: $(short HEAD):records/a.md:4:9: error: status: \"todo\" cannot change to \"done\" (allowed: doing) [transition]        " \
	"remote: GL-HOOK-ERR: worklog: push rejected: 1 record failed in 1 commit        " >"$TMP/want"
expect_file_eq "$TMP/want" "$TMP/got"
test_done

test_start "--tip-only judges only the pushed tips"
setup
push HEAD:main
item a I-1 done
commit "bad"
item a I-1 doing
commit "good tip"
printf '%s %s refs/heads/main\n' "$(git -C "$S" rev-parse main)" "$(git -C "$R" rev-parse HEAD)" >"$TMP/in"
# The objects arrive as a push would bring them, with no reference.
git -C "$S" fetch -q "$R" HEAD
expect_exit 0 in_dir "$S" sh -c '"$0" hook pre-receive --tip-only <"$1"' "$WORKLOG" "$TMP/in"
cat "$TMP/out" "$TMP/err" >"$TMP/got"
: >"$TMP/want"
expect_file_eq "$TMP/want" "$TMP/got"
expect_exit 1 in_dir "$S" sh -c '"$0" hook pre-receive <"$1"' "$WORKLOG" "$TMP/in"
cat "$TMP/out" "$TMP/err" >"$TMP/got"
printf '%s\n' "$(short HEAD~1):records/a.md:4:9: error: status: \"todo\" cannot change to \"done\" (allowed: doing) [transition]" \
	"worklog: push rejected: 1 record failed in 1 commit" >"$TMP/want"
expect_file_eq "$TMP/want" "$TMP/got"
test_done

test_start "the update hook judges one reference"
setup
rm "$S/hooks/pre-receive"
"$WORKLOG" -C "$S" hooks install update >/dev/null
push HEAD:main
item a I-1 done
commit "bad"
expect_exit 1 push HEAD:main
expect_err "remote: $(short HEAD):records/a.md:4:9: error: status: \"todo\" cannot change to \"done\" (allowed: doing) [transition]        
remote: worklog: push rejected: 1 record failed in 1 commit        
remote: error: hook declined to update refs/heads/main        
To $S
 ! [remote rejected] HEAD -> main (hook declined)
error: failed to push some refs to '$S'"
test_done

test_start "with GL_ID set, the lines GitLab shows start with GL-HOOK-ERR:"
setup
push HEAD:main
item a I-1 done
commit "bad"
expect_exit 1 env GL_ID=user-1 GL_REPOSITORY=project-1 git -C "$R" push -q "$S" HEAD:main
head -2 "$TMP/err" >"$TMP/got"
printf '%s\n' "remote: GL-HOOK-ERR: $(short HEAD):records/a.md:4:9: error: status: \"todo\" cannot change to \"done\" (allowed: doing) [transition]        " \
	"remote: GL-HOOK-ERR: worklog: push rejected: 1 record failed in 1 commit        " >"$TMP/want"
expect_file_eq "$TMP/want" "$TMP/got"
test_done

test_start "warn-only on the branch prints the findings and accepts the push"
setup
printf 'hooks: {warn-only: true}\n' >>"$R/.worklog.yaml"
commit "roll the rules out softly"
push HEAD:main
item a I-1 done
commit "bad"
expect_exit 0 push HEAD:main
expect_err "remote: $(short HEAD):records/a.md:4:9: error: status: \"todo\" cannot change to \"done\" (allowed: doing) [transition]        
remote: worklog: 1 record failed in 1 commit; push accepted (hooks: warn-only)        "
test_done

test_start "a push cannot turn warn-only on for itself"
setup
push HEAD:main
printf 'hooks: {warn-only: true}\n' >>"$R/.worklog.yaml"
item a I-1 done
commit "bad, and warn-only"
expect_exit 1 push HEAD:main
grep -q "^remote: worklog: push rejected: 1 record failed in 1 commit" "$TMP/err" ||
	test_fail "unexpected: $(cat "$TMP/err")"
test_done

test_start "a commit without .worklog.yaml is not judged"
setup
git -C "$R" rm -q .worklog.yaml
item a I-1 bogus
commit "no more rules"
expect_exit 0 push HEAD:main
expect_err ""
test_done

test_start "a file name cannot forge a line of the output"
setup
push HEAD:main
item a I-1 todo
printf -- '---\ntype: item\nid: I-9\nstatus: bogus\n---\n' \
	>"$R/records/x
GL-HOOK-ERR: all good.md"
commit "a newline in a name"
expect_exit 1 env GL_ID=user-1 git -C "$R" push -q "$S" HEAD:main
grep -v "^remote: GL-HOOK-ERR: " "$TMP/err" | grep -q "^remote: " &&
	test_fail "a line escaped the prefix: $(cat "$TMP/err")"
grep -q '^remote: GL-HOOK-ERR: [0-9a-f]*:records/x\\nGL-HOOK-ERR: all good.md:4:9: error: ' "$TMP/err" ||
	test_fail "unexpected: $(cat "$TMP/err")"
test_done

test_start "a bad input line is exit 2"
setup
printf 'garbage\n' >"$TMP/in"
expect_exit 2 in_dir "$S" sh -c '"$0" hook pre-receive <"$1"' "$WORKLOG" "$TMP/in"
expect_err "worklog: pre-receive: not a reference update: 'garbage'"
printf 'x y refs/heads/main\n' >"$TMP/in"
expect_exit 2 in_dir "$S" sh -c '"$0" hook pre-receive <"$1"' "$WORKLOG" "$TMP/in"
expect_err "worklog: pre-receive: not a reference update: 'x y refs/heads/main'"
printf 'x\ty\n' >"$TMP/in"
expect_exit 2 in_dir "$S" sh -c '"$0" hook pre-receive <"$1"' "$WORKLOG" "$TMP/in"
expect_err "worklog: pre-receive: not a reference update: 'x	y'"
test_done

test_start "a long push is judged commit by commit, reading only what changed"
setup
push HEAD:main
n=3
while [ "$n" -le 12 ]; do
	item "c$n" "I-$n" todo "parent: I-$((n - 1))"
	commit "c$n"
	n=$((n + 1))
done
item c7 I-7 done
commit "bad"
expect_exit 1 push HEAD:main
[ "$(grep -c '^remote: [0-9a-f]*:records/' "$TMP/err")" -eq 1 ] ||
	test_fail "unexpected: $(cat "$TMP/err")"
test_done

# push_two_bad: two commits that each break a transition, fetched into
# the server as a push would bring them; $TMP/in holds the hook's input.
push_two_bad() {
	setup
	push HEAD:main
	item a I-1 done
	commit "bad a"
	item b I-2 done "parent: I-1"
	commit "bad b"
	printf '%s %s refs/heads/main\n' "$(git -C "$S" rev-parse main)" \
		"$(git -C "$R" rev-parse HEAD)" >"$TMP/in"
	git -C "$S" fetch -q "$R" HEAD
}

test_start "pre-receive --format json prints one object, each finding with its commit"
push_two_bad
expect_exit 1 in_dir "$S" sh -c '"$0" hook pre-receive --format json <"$1"' "$WORKLOG" "$TMP/in"
expect_out "{\"records\": 2, \"errors\": 2, \"warnings\": 0, \"diagnostics\": [
  {\"commit\": \"$(short HEAD~1)\", \"path\": \"records/a.md\", \"line\": 4, \"column\": 9, \"severity\": \"error\", \"rule\": \"transition\", \"message\": \"status: \\\"todo\\\" cannot change to \\\"done\\\" (allowed: doing)\"},
  {\"commit\": \"$(short HEAD)\", \"path\": \"records/b.md\", \"line\": 4, \"column\": 9, \"severity\": \"error\", \"rule\": \"transition\", \"message\": \"status: \\\"todo\\\" cannot change to \\\"done\\\" (allowed: doing)\"}
]}"
expect_err "worklog: push rejected: 2 records failed in 2 commits"
# Under GitLab too the object is plain JSON.
expect_exit 1 in_dir "$S" env GL_ID=user-1 sh -c '"$0" hook pre-receive --format=json <"$1"' "$WORKLOG" "$TMP/in"
grep -q GL-HOOK-ERR "$TMP/out" && test_fail "GitLab's prefix in JSON"
grep -q '^{"records": 2, "errors": 2,' "$TMP/out" || test_fail "no object: $(cat "$TMP/out")"
test_done

test_start "pre-receive --format github starts each annotation's message with the commit"
push_two_bad
expect_exit 1 in_dir "$S" sh -c '"$0" hook pre-receive --format github <"$1"' "$WORKLOG" "$TMP/in"
expect_out "::error file=records/a.md,line=4,col=9,title=transition::$(short HEAD~1): status: \"todo\" cannot change to \"done\" (allowed: doing)
::error file=records/b.md,line=4,col=9,title=transition::$(short HEAD): status: \"todo\" cannot change to \"done\" (allowed: doing)"
expect_err "worklog: push rejected: 2 records failed in 2 commits"
test_done

test_start "update --format json judges the same way"
push_two_bad
expect_exit 1 in_dir "$S" "$WORKLOG" hook update --format json refs/heads/main \
	"$(git -C "$S" rev-parse main)" "$(git -C "$R" rev-parse HEAD)"
grep -c '"commit": ' "$TMP/out" >"$TMP/got"
echo 2 >"$TMP/want"
expect_file_eq "$TMP/want" "$TMP/got"
test_done

finish
