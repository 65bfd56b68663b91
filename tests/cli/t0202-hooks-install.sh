#!/bin/sh
# worklog hooks install: the shims of hooks/ go into the hooks folder,
# a hook already there is chained (it still runs), installing twice
# changes nothing; and .pre-commit-hooks.yaml publishes the hook.
. "$(dirname "$0")/lib.sh"

BIN=$(dirname "$WORKLOG")
PATH=$BIN:$PATH
export PATH

# A repository with the built-in types only and one good log record.
setup() {
	new_repo "$R" &&
	echo "version: 1" >"$R/.worklog.yaml" &&
	write "$R/records/2026-W47-zhangsan.md" <<-\EOF
	---
	type: log
	period: 2026-W47
	owner: zhangsan
	---
	EOF
}

bad_record() {
	printf -- '---\ntype: nope\n---\n' >"$R/records/b.md" &&
	git -C "$R" add -A
}

# A bare repository $TRASH/server.git.
server() {
	git init -q --bare "$TRASH/server.git"
}

test_expect_success 'install writes the shims of hooks/, executable' - <<\EOT
	setup &&
	test_exit 0 "$WORKLOG" -C "$R" hooks install &&
	test_stdout <<-\EOF &&
	pre-commit: installed in .git/hooks/pre-commit
	pre-merge-commit: installed in .git/hooks/pre-merge-commit
	.gitattributes: added /records/**/*.md diff=worklog merge=worklog
	diff.worklog.textconv: set to worklog diff --textconv
	merge.worklog.name: set to worklog: records merged field by field
	merge.worklog.driver: set to worklog merge %O %A %B %P
	EOF
	test_cmp "$PROJECT_DIR/hooks/pre-commit" "$R/.git/hooks/pre-commit" &&
	test_cmp "$PROJECT_DIR/hooks/pre-merge-commit" "$R/.git/hooks/pre-merge-commit" &&
	test_path_is_executable "$R/.git/hooks/pre-commit" &&
	bad_record &&
	test_exit 1 git -C "$R" commit -qm bad &&
	test_grep "^records/b.md:2:7: error: type: unknown record type 'nope'" "$TRASH/err"
EOT

test_expect_success 'install sets the diff and merge drivers up, appending to .gitattributes' - <<\EOT
	setup &&
	printf '*.png binary' >"$R/.gitattributes" &&
	test_exit 0 "$WORKLOG" -C "$R" hooks install pre-commit &&
	printf '*.png binary\n/records/**/*.md diff=worklog merge=worklog\n' >expect &&
	test_cmp expect "$R/.gitattributes" &&
	git -C "$R" config --get-regexp "^(diff|merge)\.worklog\." >config &&
	write expect <<-\EOF &&
	diff.worklog.textconv worklog diff --textconv
	merge.worklog.name worklog: records merged field by field
	merge.worklog.driver worklog merge %O %A %B %P
	EOF
	test_cmp expect config &&
	git -C "$R" check-attr diff merge -- records/2026-W47-zhangsan.md README.md >out &&
	write expect <<-\EOF &&
	records/2026-W47-zhangsan.md: diff: worklog
	records/2026-W47-zhangsan.md: merge: worklog
	README.md: diff: unspecified
	README.md: merge: unspecified
	EOF
	test_cmp expect out
EOT

test_expect_success '--no-git-config, --server and a bare repository get no drivers' - <<\EOT
	setup &&
	test_exit 0 "$WORKLOG" -C "$R" hooks install --no-git-config pre-commit &&
	test_stdout "pre-commit: installed in .git/hooks/pre-commit" &&
	test_path_is_missing "$R/.gitattributes" &&
	test_exit 1 git -C "$R" config --get merge.worklog.driver &&
	server &&
	test_exit 0 "$WORKLOG" -C "$TRASH/server.git" hooks install --server &&
	test_exit 1 git -C "$TRASH/server.git" config --get merge.worklog.driver
EOT

test_expect_success 'every shim in hooks/ is what install writes' - <<\EOT
	new_repo "$R" &&
	test_exit 0 "$WORKLOG" -C "$R" hooks install pre-commit pre-merge-commit pre-receive update &&
	for h in pre-commit pre-merge-commit pre-receive update; do
		test_cmp "$PROJECT_DIR/hooks/$h" "$R/.git/hooks/$h" || return 1
	done &&
	ls "$PROJECT_DIR/hooks" | grep -v "\.md$" >shims &&
	test_line_count = 4 shims
EOT

test_expect_success 'installing again changes nothing' - <<\EOT
	setup &&
	"$WORKLOG" -C "$R" hooks install >/dev/null &&
	cp "$R/.git/hooks/pre-commit" before &&
	test_exit 0 "$WORKLOG" -C "$R" hooks install &&
	test_stdout <<-\EOF &&
	pre-commit: already installed in .git/hooks/pre-commit
	pre-merge-commit: already installed in .git/hooks/pre-merge-commit
	.gitattributes: already has /records/**/*.md diff=worklog merge=worklog
	diff.worklog.textconv: already set to worklog diff --textconv
	merge.worklog.name: already set to worklog: records merged field by field
	merge.worklog.driver: already set to worklog merge %O %A %B %P
	EOF
	test_cmp before "$R/.git/hooks/pre-commit" &&
	test_path_is_missing "$R/.git/hooks/pre-commit.chained"
EOT

test_expect_success 'an old shim is refreshed' - <<\EOT
	setup &&
	"$WORKLOG" -C "$R" hooks install >/dev/null &&
	printf '#!/bin/sh\n# worklog hook shim: an old one\nexec worklog hook pre-commit\n' \
		>"$R/.git/hooks/pre-commit" &&
	test_exit 0 "$WORKLOG" -C "$R" hooks install --no-git-config pre-commit &&
	test_stdout "pre-commit: updated .git/hooks/pre-commit" &&
	test_cmp "$PROJECT_DIR/hooks/pre-commit" "$R/.git/hooks/pre-commit"
EOT

test_expect_success 'a hook already there is chained and still runs first' - <<\EOT
	setup &&
	write "$R/.git/hooks/pre-commit" <<-\EOF &&
	#!/bin/sh
	echo "the old hook ran with $# arguments" >&2
	[ ! -e "$(git rev-parse --git-dir)/block" ]
	EOF
	chmod +x "$R/.git/hooks/pre-commit" &&
	cp "$R/.git/hooks/pre-commit" old &&
	test_exit 0 "$WORKLOG" -C "$R" hooks install --no-git-config pre-commit &&
	test_stdout "pre-commit: installed in .git/hooks/pre-commit; the hook that was there is kept as pre-commit.chained and runs first" &&
	test_cmp old "$R/.git/hooks/pre-commit.chained" &&
	git -C "$R" add -A &&
	test_exit 0 git -C "$R" commit -qm good &&
	test_stderr "the old hook ran with 0 arguments" &&
	touch "$R/.git/block" &&
	printf -- '---\ntype: log\nperiod: 2026-W48\nowner: lisi\n---\n' >"$R/records/2026-W48-lisi.md" &&
	git -C "$R" add -A &&
	test_exit 1 git -C "$R" commit -qm blocked &&
	test_stderr "the old hook ran with 0 arguments" &&
	rm "$R/.git/block" &&
	bad_record &&
	test_exit 1 git -C "$R" commit -qm bad &&
	test_grep "^the old hook ran" "$TRASH/err" &&
	test_grep "^worklog: commit rejected: 1 record failed$" "$TRASH/err" &&
	test_exit 0 "$WORKLOG" -C "$R" hooks install --no-git-config pre-commit &&
	test_stdout "pre-commit: already installed in .git/hooks/pre-commit" &&
	test_cmp old "$R/.git/hooks/pre-commit.chained"
EOT

test_expect_success 'a hook cannot be chained over an earlier chained one' - <<\EOT
	setup &&
	printf '#!/bin/sh\n' >"$R/.git/hooks/pre-commit" &&
	printf '#!/bin/sh\n' >"$R/.git/hooks/pre-commit.chained" &&
	test_exit 2 "$WORKLOG" -C "$R" hooks install pre-commit &&
	test_stderr "worklog: hooks: cannot chain the pre-commit hook already in .git/hooks: 'pre-commit.chained' exists too"
EOT

test_expect_success 'core.hooksPath is respected, relative to the top of the working tree' - <<\EOT
	setup &&
	git -C "$R" config core.hooksPath .githooks &&
	mkdir -p "$R/sub" &&
	test_exit 0 in_dir "$R/sub" "$WORKLOG" hooks install --no-git-config pre-commit &&
	test_stdout "pre-commit: installed in .githooks/pre-commit" &&
	test_path_is_executable "$R/.githooks/pre-commit" &&
	test_path_is_missing "$R/.git/hooks/pre-commit" &&
	bad_record &&
	test_exit 1 git -C "$R" commit -qm bad
EOT

test_expect_success 'an absolute core.hooksPath is used as it is' - <<\EOT
	setup &&
	git -C "$R" config core.hooksPath "$TRASH/shared-hooks" &&
	test_exit 0 "$WORKLOG" -C "$R" hooks install --no-git-config pre-commit &&
	test_stdout "pre-commit: installed in $TRASH/shared-hooks/pre-commit" &&
	test_path_is_executable "$TRASH/shared-hooks/pre-commit"
EOT

test_expect_success '--server installs pre-receive in a bare repository' - <<\EOT
	server &&
	test_exit 0 "$WORKLOG" -C "$TRASH/server.git" hooks install --server &&
	test_stdout "pre-receive: installed in $(cd "$TRASH/server.git" && pwd -P)/hooks/pre-receive" &&
	test_cmp "$PROJECT_DIR/hooks/pre-receive" "$TRASH/server.git/hooks/pre-receive"
EOT

test_expect_success 'a linked worktree installs into the common hooks folder' - <<\EOT
	setup &&
	git -C "$R" add -A &&
	git -C "$R" commit -qm init &&
	git -C "$R" worktree add -q "$TRASH/wt" -b side 2>/dev/null &&
	test_exit 0 "$WORKLOG" -C "$TRASH/wt" hooks install pre-commit &&
	test_path_is_executable "$R/.git/hooks/pre-commit"
EOT

test_expect_success SYMLINKS 'without worklog on PATH the shim says so and blocks the commit' - <<\EOT
	setup &&
	"$WORKLOG" -C "$R" hooks install pre-commit >/dev/null &&
	git -C "$R" add -A &&
	mkdir -p "$TRASH/nobin" &&
	for t in git sh dirname cat; do
		ln -sf "$(command -v $t)" "$TRASH/nobin/$t" || return 1
	done &&
	test_exit 1 env PATH="$TRASH/nobin" git -C "$R" commit -qm init &&
	test_stderr <<-\EOF
	worklog: the pre-commit hook needs the 'worklog' command, which is not on PATH
	worklog: install worklog (make install), or remove .git/hooks/pre-commit
	EOF
EOT

test_expect_success 'the pre-receive shim hands its input to the chained hook and to worklog' - <<\EOT
	server &&
	write "$TRASH/server.git/hooks/pre-receive" <<-\EOF &&
	#!/bin/sh
	while read old new ref; do echo "old hook saw $ref" >&2; done
	EOF
	chmod +x "$TRASH/server.git/hooks/pre-receive" &&
	"$WORKLOG" -C "$TRASH/server.git" hooks install --server >/dev/null &&
	setup &&
	git -C "$R" add -A &&
	git -C "$R" commit -qm init --no-verify &&
	test_exit 0 git -C "$R" push -q "$TRASH/server.git" HEAD:main &&
	test_stderr "remote: old hook saw refs/heads/main        " &&
	bad_record &&
	git -C "$R" commit -qm bad --no-verify &&
	test_exit 1 git -C "$R" push -q "$TRASH/server.git" HEAD:main &&
	test_grep "^remote: old hook saw refs/heads/main" "$TRASH/err" &&
	test_grep "^remote: worklog: push rejected: 1 record failed in 1 commit" "$TRASH/err"
EOT

test_expect_success '.pre-commit-hooks.yaml publishes the hook for the pre-commit framework' - <<\EOT
	f=$PROJECT_DIR/.pre-commit-hooks.yaml &&
	test_path_is_file "$f" &&
	test_grep '^- id: worklog$' "$f" &&
	test_grep '^  entry: worklog hook pre-commit$' "$f" &&
	test_grep '^  language: system$' "$f" &&
	test_grep '^  pass_filenames: false$' "$f" &&
	# It is YAML worklog itself reads: as a configuration it parses, and
	# fails only on its keys.
	test_exit 2 "$WORKLOG" -C "$TRASH" --config "$f" validate &&
	test_grep "the configuration must be a mapping, not a list" "$TRASH/err"
EOT

test_expect_success 'usage errors are exit 2' - <<\EOT
	setup &&
	test_exit 2 "$WORKLOG" hooks &&
	test_exit 2 "$WORKLOG" hooks remove &&
	test_stderr "worklog: hooks: unknown subcommand 'remove' (use 'worklog hooks install')" &&
	test_exit 2 "$WORKLOG" -C "$R" hooks install post-commit &&
	test_stderr "worklog: hooks: unknown hook 'post-commit' (known: pre-commit, pre-merge-commit, pre-receive, update)" &&
	test_exit 0 "$WORKLOG" hooks --help &&
	test_grep '^usage: worklog hooks install' "$TRASH/out"
EOT

test_done
