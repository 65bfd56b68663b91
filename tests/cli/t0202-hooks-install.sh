#!/bin/sh
# worklog hooks install: the shims of hooks/ go into the hooks folder,
# a hook already there is chained (it still runs), installing twice
# changes nothing; and .pre-commit-hooks.yaml publishes the hook.
. "$(dirname "$0")/lib.sh"

BIN=$(dirname "$WORKLOG")
PATH=$BIN:$PATH
export PATH

R=$TMP/repo
setup() {
	new_repo "$R"
	write "$R/.worklog.yaml" <<-'EOT'
	version: 1
	EOT
	write "$R/records/2026-W47-zhangsan.md" <<-'EOT'
	---
	type: log
	period: 2026-W47
	owner: zhangsan
	---
	EOT
}

bad_record() {
	printf -- '---\ntype: nope\n---\n' >"$R/records/b.md"
	git -C "$R" add -A
}

test_start "install writes the shims of hooks/, executable"
setup
expect_exit 0 "$WORKLOG" -C "$R" hooks install
expect_out "pre-commit: installed in .git/hooks/pre-commit
pre-merge-commit: installed in .git/hooks/pre-merge-commit"
expect_file_eq "$PROJECT_DIR/hooks/pre-commit" "$R/.git/hooks/pre-commit"
expect_file_eq "$PROJECT_DIR/hooks/pre-merge-commit" "$R/.git/hooks/pre-merge-commit"
[ -x "$R/.git/hooks/pre-commit" ] || test_fail "pre-commit is not executable"
bad_record
expect_exit 1 git -C "$R" commit -qm bad
grep -q "^records/b.md:2:7: error: type: unknown record type 'nope'" "$TMP/err" ||
	test_fail "the hook did not run: $(cat "$TMP/err")"
test_done

test_start "every shim in hooks/ is what install writes"
new_repo "$R"
expect_exit 0 "$WORKLOG" -C "$R" hooks install pre-commit pre-merge-commit pre-receive update
for h in pre-commit pre-merge-commit pre-receive update; do
	expect_file_eq "$PROJECT_DIR/hooks/$h" "$R/.git/hooks/$h"
done
[ "$(ls "$PROJECT_DIR/hooks" | grep -cv "\.md$")" -eq 4 ] || test_fail "hooks/ has other shims"
test_done

test_start "installing again changes nothing"
setup
"$WORKLOG" -C "$R" hooks install >/dev/null
cp "$R/.git/hooks/pre-commit" "$TMP/before"
expect_exit 0 "$WORKLOG" -C "$R" hooks install
expect_out "pre-commit: already installed in .git/hooks/pre-commit
pre-merge-commit: already installed in .git/hooks/pre-merge-commit"
expect_file_eq "$TMP/before" "$R/.git/hooks/pre-commit"
[ ! -e "$R/.git/hooks/pre-commit.chained" ] || test_fail "chained itself"
test_done

test_start "an old shim is refreshed"
setup
"$WORKLOG" -C "$R" hooks install >/dev/null
printf '#!/bin/sh\n# worklog hook shim: an old one\nexec worklog hook pre-commit\n' \
	>"$R/.git/hooks/pre-commit"
expect_exit 0 "$WORKLOG" -C "$R" hooks install pre-commit
expect_out "pre-commit: updated .git/hooks/pre-commit"
expect_file_eq "$PROJECT_DIR/hooks/pre-commit" "$R/.git/hooks/pre-commit"
test_done

test_start "a hook already there is chained and still runs first"
setup
write "$R/.git/hooks/pre-commit" <<-'EOT'
#!/bin/sh
echo "the old hook ran with $# arguments" >&2
[ ! -e "$(git rev-parse --git-dir)/block" ]
EOT
chmod +x "$R/.git/hooks/pre-commit"
cp "$R/.git/hooks/pre-commit" "$TMP/old"
expect_exit 0 "$WORKLOG" -C "$R" hooks install pre-commit
expect_out "pre-commit: installed in .git/hooks/pre-commit; the hook that was there is kept as pre-commit.chained and runs first"
expect_file_eq "$TMP/old" "$R/.git/hooks/pre-commit.chained"
git -C "$R" add -A
expect_exit 0 git -C "$R" commit -qm good
expect_err "the old hook ran with 0 arguments"
touch "$R/.git/block"
printf -- '---\ntype: log\nperiod: 2026-W48\nowner: lisi\n---\n' >"$R/records/2026-W48-lisi.md"
git -C "$R" add -A
expect_exit 1 git -C "$R" commit -qm blocked
expect_err "the old hook ran with 0 arguments"
rm "$R/.git/block"
bad_record
expect_exit 1 git -C "$R" commit -qm bad
grep -q "^the old hook ran" "$TMP/err" || test_fail "the old hook did not run"
grep -q "^worklog: commit rejected: 1 record failed$" "$TMP/err" ||
	test_fail "worklog did not run"
expect_exit 0 "$WORKLOG" -C "$R" hooks install pre-commit
expect_out "pre-commit: already installed in .git/hooks/pre-commit"
expect_file_eq "$TMP/old" "$R/.git/hooks/pre-commit.chained"
test_done

test_start "a hook cannot be chained over an earlier chained one"
setup
printf '#!/bin/sh\n' >"$R/.git/hooks/pre-commit"
printf '#!/bin/sh\n' >"$R/.git/hooks/pre-commit.chained"
expect_exit 2 "$WORKLOG" -C "$R" hooks install pre-commit
expect_err "worklog: hooks: cannot chain the pre-commit hook already in .git/hooks: 'pre-commit.chained' exists too"
test_done

test_start "core.hooksPath is respected, relative to the top of the working tree"
setup
git -C "$R" config core.hooksPath .githooks
mkdir -p "$R/sub"
expect_exit 0 in_dir "$R/sub" "$WORKLOG" hooks install pre-commit
expect_out "pre-commit: installed in .githooks/pre-commit"
[ -x "$R/.githooks/pre-commit" ] || test_fail "not in .githooks"
[ ! -e "$R/.git/hooks/pre-commit" ] || test_fail "installed in .git/hooks too"
bad_record
expect_exit 1 git -C "$R" commit -qm bad
test_done

test_start "an absolute core.hooksPath is used as it is"
setup
git -C "$R" config core.hooksPath "$TMP/shared-hooks"
expect_exit 0 "$WORKLOG" -C "$R" hooks install pre-commit
expect_out "pre-commit: installed in $TMP/shared-hooks/pre-commit"
[ -x "$TMP/shared-hooks/pre-commit" ] || test_fail "not installed"
rm -rf "$TMP/shared-hooks"
test_done

test_start "--server installs pre-receive in a bare repository"
rm -rf "$TMP/server.git"
git init -q --bare "$TMP/server.git"
expect_exit 0 "$WORKLOG" -C "$TMP/server.git" hooks install --server
expect_out "pre-receive: installed in $(cd "$TMP/server.git" && pwd -P)/hooks/pre-receive"
expect_file_eq "$PROJECT_DIR/hooks/pre-receive" "$TMP/server.git/hooks/pre-receive"
rm -rf "$TMP/server.git"
test_done

test_start "a linked worktree installs into the common hooks folder"
setup
git -C "$R" add -A
git -C "$R" commit -qm init
git -C "$R" worktree add -q "$TMP/wt" -b side 2>/dev/null
expect_exit 0 "$WORKLOG" -C "$TMP/wt" hooks install pre-commit
[ -x "$R/.git/hooks/pre-commit" ] || test_fail "not in the common hooks folder"
git -C "$R" worktree remove --force "$TMP/wt"
test_done

test_start "without worklog on PATH the shim says so and blocks the commit"
setup
"$WORKLOG" -C "$R" hooks install pre-commit >/dev/null
git -C "$R" add -A
mkdir -p "$TMP/nobin"
ln -sf "$(command -v git)" "$TMP/nobin/git"
for t in sh dirname cat; do ln -sf "$(command -v $t)" "$TMP/nobin/$t"; done
expect_exit 1 env PATH="$TMP/nobin" git -C "$R" commit -qm init
expect_err "worklog: the pre-commit hook needs the 'worklog' command, which is not on PATH
worklog: install worklog (make install), or remove .git/hooks/pre-commit"
test_done

test_start "the pre-receive shim hands its input to the chained hook and to worklog"
rm -rf "$TMP/server.git"
git init -q --bare "$TMP/server.git"
write "$TMP/server.git/hooks/pre-receive" <<-'EOT'
#!/bin/sh
while read old new ref; do echo "old hook saw $ref" >&2; done
EOT
chmod +x "$TMP/server.git/hooks/pre-receive"
"$WORKLOG" -C "$TMP/server.git" hooks install --server >/dev/null
setup
git -C "$R" add -A
git -C "$R" commit -qm init --no-verify
expect_exit 0 git -C "$R" push -q "$TMP/server.git" HEAD:main
expect_err "remote: old hook saw refs/heads/main        "
bad_record
git -C "$R" commit -qm bad --no-verify
expect_exit 1 git -C "$R" push -q "$TMP/server.git" HEAD:main
grep -q "^remote: old hook saw refs/heads/main" "$TMP/err" || test_fail "old hook"
grep -q "^remote: worklog: push rejected: 1 record failed in 1 commit" "$TMP/err" ||
	test_fail "worklog did not judge: $(cat "$TMP/err")"
rm -rf "$TMP/server.git"
test_done

test_start ".pre-commit-hooks.yaml publishes the hook for the pre-commit framework"
f=$PROJECT_DIR/.pre-commit-hooks.yaml
[ -f "$f" ] || test_fail "no .pre-commit-hooks.yaml"
grep -q '^- id: worklog$' "$f" || test_fail "no id"
grep -q '^  entry: worklog hook pre-commit$' "$f" || test_fail "no entry"
grep -q '^  language: system$' "$f" || test_fail "not language: system"
grep -q '^  pass_filenames: false$' "$f" || test_fail "file names passed"
# It is YAML worklog itself reads: as a configuration it parses, and
# fails only on its keys.
expect_exit 2 "$WORKLOG" -C "$TMP" --config "$f" validate
grep -q "the configuration must be a mapping, not a list" "$TMP/err" ||
	test_fail "unexpected: $(cat "$TMP/err")"
test_done

test_start "usage errors are exit 2"
expect_exit 2 "$WORKLOG" hooks
expect_exit 2 "$WORKLOG" hooks remove
expect_err "worklog: hooks: unknown subcommand 'remove' (use 'worklog hooks install')"
expect_exit 2 "$WORKLOG" -C "$R" hooks install post-commit
expect_err "worklog: hooks: unknown hook 'post-commit' (known: pre-commit, pre-merge-commit, pre-receive, update)"
expect_exit 0 "$WORKLOG" hooks --help
grep -q '^usage: worklog hooks install' "$TMP/out" || test_fail "no usage"
test_done

finish
