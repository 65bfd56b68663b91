#!/bin/sh
# Sources: --staged reads the index and --rev a commit's tree, through
# libgit2 and never from the working tree; the configuration and the
# schemas come from the same place as the records.
. "$(dirname "$0")/lib.sh"

R=$TMP/repo
setup() {
	new_repo "$R"
	write "$R/.worklog.yaml" <<-'EOT'
	version: 1
	records: ["records/**/*.md"]
	schemas: [.worklog/schema]
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
	EOT
	write "$R/records/a.md" <<-'EOT'
	---
	type: item
	id: I-1
	status: todo
	---
	EOT
	(cd "$R" && git add -A && git commit -qm init)
}

# Writes a record with the given status to records/a.md.
status_of_a() {
	printf -- '---\ntype: item\nid: I-1\nstatus: %s\n---\n' "$1" >"$R/records/a.md"
}

test_start "--staged judges the index, not the working tree"
setup
status_of_a bogus
expect_exit 0 "$WORKLOG" -C "$R" validate --staged
expect_out ""
expect_err "checked 1 record: 0 errors, 0 warnings"
expect_exit 1 "$WORKLOG" -C "$R" validate
(cd "$R" && git add records/a.md)
status_of_a todo
expect_exit 1 "$WORKLOG" -C "$R" validate --staged
expect_out 'records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]'
expect_exit 0 "$WORKLOG" -C "$R" validate
test_done

test_start "--cached is another name for --staged"
setup
status_of_a bogus
(cd "$R" && git add records/a.md)
status_of_a todo
expect_exit 1 "$WORKLOG" -C "$R" validate --cached -q
expect_out 'records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]'
test_done

test_start "--staged reads the schemas from the index"
setup
sed -i 's/todo, doing, done/todo, doing, done, parked/' "$R/.worklog/schema/item.yaml"
status_of_a parked
(cd "$R" && git add records/a.md)
expect_exit 1 "$WORKLOG" -C "$R" validate --staged -q
expect_out 'records/a.md:4:9: error: status: "parked" is not one of todo, doing, done [schema]'
(cd "$R" && git add .worklog)
expect_exit 0 "$WORKLOG" -C "$R" validate --staged
test_done

test_start "--staged reads the configuration from the index"
setup
cat >>"$R/.worklog.yaml" <<-'EOT'
types: {"records/**": item}
EOT
printf -- '---\nid: I-2\nstatus: todo\n---\n' >"$R/records/b.md"
(cd "$R" && git add records/b.md)
expect_exit 1 "$WORKLOG" -C "$R" validate --staged -q
expect_out "records/b.md:1:1: error: missing 'type' field, and no 'types:' glob in .worklog.yaml matches this path [schema]"
(cd "$R" && git add .worklog.yaml)
expect_exit 0 "$WORKLOG" -C "$R" validate --staged
expect_err "checked 2 records: 0 errors, 0 warnings"
test_done

test_start "--staged works with no .worklog.yaml on disk"
setup
rm "$R/.worklog.yaml"
expect_exit 0 "$WORKLOG" -C "$R" validate --staged
expect_err "checked 1 record: 0 errors, 0 warnings"
expect_exit 2 "$WORKLOG" -C "$R" validate
test_done

test_start "--rev reads the tree of a commit without a checkout"
setup
status_of_a bogus
(cd "$R" && git commit -qam bad && git tag bad)
status_of_a done
(cd "$R" && git commit -qam fixed)
expect_exit 1 "$WORKLOG" -C "$R" validate --rev HEAD~1 -q
expect_out 'records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]'
expect_exit 1 "$WORKLOG" -C "$R" validate --rev=bad -q
expect_exit 0 "$WORKLOG" -C "$R" validate --rev HEAD
expect_exit 0 "$WORKLOG" -C "$R" validate --rev "$(git -C "$R" rev-parse HEAD~2)"
[ "$(cat "$R/records/a.md")" = "$(printf -- '---\ntype: item\nid: I-1\nstatus: done\n---')" ] ||
	test_fail "the working tree changed"
[ -z "$(git -C "$R" status --porcelain)" ] || test_fail "git status not clean"
test_done

test_start "--rev peels an annotated tag"
setup
status_of_a bogus
(cd "$R" && git commit -qam bad && git tag -a -m "release" v1)
(cd "$R" && git reset -q --hard HEAD~1)
expect_exit 1 "$WORKLOG" -C "$R" validate --rev v1 -q
expect_out 'records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]'
test_done

test_start "an unknown revision is exit 2 and says which"
setup
expect_exit 2 "$WORKLOG" -C "$R" validate --rev nosuch
expect_out ""
expect_err "worklog: unknown revision 'nosuch': revspec 'nosuch' not found"
test_done

test_start "a path given with --staged is found in the index only"
setup
printf -- '---\ntype: item\nid: I-2\nstatus: doing\n---\n' >"$R/records/b.md"
(cd "$R" && git add records/b.md && rm records/b.md)
expect_exit 0 "$WORKLOG" -C "$R" validate --staged records/b.md
expect_err "checked 1 record: 0 errors, 0 warnings"
expect_exit 2 "$WORKLOG" -C "$R" validate --staged records/nosuch.md
expect_out "records/nosuch.md:1:1: error: cannot read 'records/nosuch.md': not in the index [io]"
expect_exit 2 "$WORKLOG" -C "$R" validate --rev HEAD records/b.md
expect_out "records/b.md:1:1: error: cannot read 'records/b.md': not in HEAD [io]"
test_done

test_start "paths are relative to the current folder, folders included"
setup
mkdir -p "$R/records/sub"
printf -- '---\ntype: item\nid: I-2\nstatus: bogus\n---\n' >"$R/records/sub/b.md"
(cd "$R" && git add records/sub/b.md)
expect_exit 1 in_dir "$R/records" "$WORKLOG" validate --staged -q sub
expect_out 'records/sub/b.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]'
expect_exit 0 in_dir "$R/records/sub" "$WORKLOG" validate --staged ../a.md
expect_err "checked 1 record: 0 errors, 0 warnings"
test_done

test_start "--staged honours GIT_INDEX_FILE"
setup
cp "$R/.git/index" "$TMP/other-index"
status_of_a bogus
(cd "$R" && GIT_INDEX_FILE="$TMP/other-index" git add records/a.md)
expect_exit 0 "$WORKLOG" -C "$R" validate --staged
expect_exit 1 env GIT_INDEX_FILE="$TMP/other-index" "$WORKLOG" -C "$R" validate --staged -q
expect_out 'records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]'
test_done

test_start "--staged works in a linked worktree"
setup
git -C "$R" worktree add -q "$TMP/wt" 2>/dev/null
printf -- '---\ntype: item\nid: I-1\nstatus: bogus\n---\n' >"$TMP/wt/records/a.md"
(cd "$TMP/wt" && git add records/a.md)
expect_exit 1 "$WORKLOG" -C "$TMP/wt" validate --staged -q
expect_out 'records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]'
expect_exit 0 "$WORKLOG" -C "$R" validate --staged
git -C "$R" worktree remove --force "$TMP/wt"
test_done

test_start "--staged works with GIT_DIR and GIT_WORK_TREE set"
setup
status_of_a bogus
(cd "$R" && git add records/a.md)
status_of_a todo
expect_exit 1 env GIT_DIR="$R/.git" GIT_WORK_TREE="$R" \
	"$WORKLOG" -C "$R" validate --staged -q
expect_out 'records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]'
expect_exit 1 env GIT_DIR="$R/.git" GIT_COMMON_DIR="$R/.git" \
	"$WORKLOG" -C "$R" validate --staged -q
expect_out 'records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]'
test_done

test_start "--rev works in a bare repository"
setup
status_of_a bogus
(cd "$R" && git commit -qam bad)
git clone -q --bare "$R" "$TMP/bare.git"
expect_exit 1 "$WORKLOG" -C "$TMP/bare.git" validate --rev HEAD -q
expect_out 'records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]'
expect_exit 2 "$WORKLOG" -C "$TMP/bare.git" validate --staged
expect_err "worklog: a bare repository has no index"
rm -rf "$TMP/bare.git"
test_done

test_start "--staged outside a git repository is exit 2"
mkdir -p "$TMP/plain"
printf 'version: 1\n' >"$TMP/plain/.worklog.yaml"
expect_exit 2 env GIT_CEILING_DIRECTORIES="$TMP" "$WORKLOG" -C "$TMP/plain" validate --staged
expect_err "worklog: not a git repository: '$(cd "$TMP/plain" && pwd -P)'"
test_done

test_start "a records repository in a subfolder of a git repository"
setup
mkdir -p "$R/team"
git -C "$R" mv .worklog.yaml .worklog records team/
printf -- '---\ntype: item\nid: I-1\nstatus: bogus\n---\n' >"$R/team/records/a.md"
(cd "$R" && git add -A)
expect_exit 1 "$WORKLOG" -C "$R/team" validate --staged -q
expect_out 'records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]'
test_done

finish
