#!/bin/sh
# Sources: --staged reads the index and --rev a commit's tree, through
# libgit2 and never from the working tree; the configuration and the
# schemas come from the same place as the records.
. "$(dirname "$0")/lib.sh"

# A repository with one good item, records/a.md, committed.
setup() {
	new_repo "$R" &&
	write_config &&
	write_item_schema &&
	write_item records/a.md I-1 todo &&
	git -C "$R" add -A &&
	git -C "$R" commit -qm init
}

test_expect_success '--staged judges the index, not the working tree' - <<\EOT
	setup &&
	write_item records/a.md I-1 bogus &&
	test_exit 0 "$WORKLOG" -C "$R" validate --staged &&
	test_stdout "" &&
	test_stderr "checked 1 record: 0 errors, 0 warnings" &&
	test_exit 1 "$WORKLOG" -C "$R" validate &&
	git -C "$R" add records/a.md &&
	write_item records/a.md I-1 todo &&
	test_exit 1 "$WORKLOG" -C "$R" validate --staged &&
	test_stdout 'records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]' &&
	test_exit 0 "$WORKLOG" -C "$R" validate
EOT

test_expect_success '--cached is another name for --staged' - <<\EOT
	setup &&
	write_item records/a.md I-1 bogus &&
	git -C "$R" add records/a.md &&
	write_item records/a.md I-1 todo &&
	test_exit 1 "$WORKLOG" -C "$R" validate --cached -q &&
	test_stdout 'records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]'
EOT

test_expect_success '--staged reads the schemas from the index' - <<\EOT
	setup &&
	sed -i 's/todo, doing, done/todo, doing, done, parked/' "$R/.worklog/schema/item.yaml" &&
	write_item records/a.md I-1 parked &&
	git -C "$R" add records/a.md &&
	test_exit 1 "$WORKLOG" -C "$R" validate --staged -q &&
	test_stdout 'records/a.md:4:9: error: status: "parked" is not one of todo, doing, done [schema]' &&
	git -C "$R" add .worklog &&
	test_exit 0 "$WORKLOG" -C "$R" validate --staged
EOT

test_expect_success '--staged reads the configuration from the index' - <<\EOT
	setup &&
	echo 'types: {"records/**": item}' >>"$R/.worklog.yaml" &&
	printf -- '---\nid: I-2\nstatus: todo\n---\n' >"$R/records/b.md" &&
	git -C "$R" add records/b.md &&
	test_exit 1 "$WORKLOG" -C "$R" validate --staged -q &&
	test_stdout "records/b.md:1:1: error: missing 'type' field, and no 'types:' glob in .worklog.yaml matches this path [schema]" &&
	git -C "$R" add .worklog.yaml &&
	test_exit 0 "$WORKLOG" -C "$R" validate --staged &&
	test_stderr "checked 2 records: 0 errors, 0 warnings"
EOT

test_expect_success '--staged works with no .worklog.yaml on disk' - <<\EOT
	setup &&
	rm "$R/.worklog.yaml" &&
	test_exit 0 "$WORKLOG" -C "$R" validate --staged &&
	test_stderr "checked 1 record: 0 errors, 0 warnings" &&
	test_exit 2 "$WORKLOG" -C "$R" validate
EOT

test_expect_success '--rev reads the tree of a commit without a checkout' - <<\EOT
	setup &&
	write_item records/a.md I-1 bogus &&
	git -C "$R" commit -qam bad &&
	git -C "$R" tag bad &&
	write_item records/a.md I-1 done &&
	git -C "$R" commit -qam fixed &&
	cp "$R/records/a.md" a.md &&
	test_exit 1 "$WORKLOG" -C "$R" validate --rev HEAD~1 -q &&
	test_stdout 'records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]' &&
	test_exit 1 "$WORKLOG" -C "$R" validate --rev=bad -q &&
	test_exit 0 "$WORKLOG" -C "$R" validate --rev HEAD &&
	test_exit 0 "$WORKLOG" -C "$R" validate --rev "$(git -C "$R" rev-parse HEAD~2)" &&
	test_cmp a.md "$R/records/a.md" &&
	git -C "$R" status --porcelain >status &&
	test_must_be_empty status
EOT

test_expect_success '--rev peels an annotated tag' - <<\EOT
	setup &&
	write_item records/a.md I-1 bogus &&
	git -C "$R" commit -qam bad &&
	git -C "$R" tag -a -m "release" v1 &&
	git -C "$R" reset -q --hard HEAD~1 &&
	test_exit 1 "$WORKLOG" -C "$R" validate --rev v1 -q &&
	test_stdout 'records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]'
EOT

test_expect_success 'an unknown revision is exit 2 and says which' - <<\EOT
	setup &&
	test_exit 2 "$WORKLOG" -C "$R" validate --rev nosuch &&
	test_stdout "" &&
	test_stderr "worklog: unknown revision 'nosuch': revspec 'nosuch' not found"
EOT

test_expect_success 'a path given with --staged is found in the index only' - <<\EOT
	setup &&
	write_item records/b.md I-2 doing &&
	git -C "$R" add records/b.md &&
	rm "$R/records/b.md" &&
	test_exit 0 "$WORKLOG" -C "$R" validate --staged records/b.md &&
	test_stderr "checked 1 record: 0 errors, 0 warnings" &&
	test_exit 2 "$WORKLOG" -C "$R" validate --staged -q records/nosuch.md &&
	test_stdout "" &&
	test_stderr "worklog: cannot read 'records/nosuch.md': not in the index" &&
	test_exit 2 "$WORKLOG" -C "$R" validate --rev HEAD -q records/b.md &&
	test_stdout "" &&
	test_stderr "worklog: cannot read 'records/b.md': not in HEAD"
EOT

test_expect_success 'paths are relative to the current folder, folders included' - <<\EOT
	setup &&
	write_item records/sub/b.md I-2 bogus &&
	git -C "$R" add records/sub/b.md &&
	test_exit 1 in_dir "$R/records" "$WORKLOG" validate --staged -q sub &&
	test_stdout 'records/sub/b.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]' &&
	test_exit 0 in_dir "$R/records/sub" "$WORKLOG" validate --staged ../a.md &&
	test_stderr "checked 1 record: 0 errors, 0 warnings"
EOT

test_expect_success '--staged honours GIT_INDEX_FILE' - <<\EOT
	setup &&
	cp "$R/.git/index" "$TRASH/other-index" &&
	write_item records/a.md I-1 bogus &&
	(cd "$R" && GIT_INDEX_FILE="$TRASH/other-index" git add records/a.md) &&
	test_exit 0 "$WORKLOG" -C "$R" validate --staged &&
	test_exit 1 env GIT_INDEX_FILE="$TRASH/other-index" "$WORKLOG" -C "$R" validate --staged -q &&
	test_stdout 'records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]'
EOT

test_expect_success '--staged works in a linked worktree' - <<\EOT
	setup &&
	git -C "$R" worktree add -q "$TRASH/wt" 2>/dev/null &&
	write_item ../wt/records/a.md I-1 bogus &&
	git -C "$TRASH/wt" add records/a.md &&
	test_exit 1 "$WORKLOG" -C "$TRASH/wt" validate --staged -q &&
	test_stdout 'records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]' &&
	test_exit 0 "$WORKLOG" -C "$R" validate --staged
EOT

test_expect_success '--staged works with GIT_DIR and GIT_WORK_TREE set' - <<\EOT
	setup &&
	write_item records/a.md I-1 bogus &&
	git -C "$R" add records/a.md &&
	write_item records/a.md I-1 todo &&
	test_exit 1 env GIT_DIR="$R/.git" GIT_WORK_TREE="$R" \
		"$WORKLOG" -C "$R" validate --staged -q &&
	test_stdout 'records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]' &&
	test_exit 1 env GIT_DIR="$R/.git" GIT_COMMON_DIR="$R/.git" \
		"$WORKLOG" -C "$R" validate --staged -q &&
	test_stdout 'records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]'
EOT

test_expect_success '--rev works in a bare repository' - <<\EOT
	setup &&
	write_item records/a.md I-1 bogus &&
	git -C "$R" commit -qam bad &&
	git clone -q --bare "$R" "$TRASH/bare.git" &&
	test_exit 1 "$WORKLOG" -C "$TRASH/bare.git" validate --rev HEAD -q &&
	test_stdout 'records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]' &&
	test_exit 2 "$WORKLOG" -C "$TRASH/bare.git" validate --staged &&
	test_stderr "worklog: a bare repository has no index"
EOT

test_expect_success '--staged outside a git repository is exit 2' - <<\EOT
	mkdir -p "$TRASH/plain" &&
	printf 'version: 1\n' >"$TRASH/plain/.worklog.yaml" &&
	test_exit 2 env GIT_CEILING_DIRECTORIES="$TRASH" "$WORKLOG" -C "$TRASH/plain" validate --staged &&
	test_stderr "worklog: not a git repository: '$(cd "$TRASH/plain" && pwd -P)'"
EOT

test_expect_success 'a records repository in a subfolder of a git repository' - <<\EOT
	setup &&
	mkdir -p "$R/team" &&
	git -C "$R" mv .worklog.yaml .worklog records team/ &&
	write_item team/records/a.md I-1 bogus &&
	git -C "$R" add -A &&
	test_exit 1 "$WORKLOG" -C "$R/team" validate --staged -q &&
	test_stdout 'records/a.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]'
EOT

test_done
