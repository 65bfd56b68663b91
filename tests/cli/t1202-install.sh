#!/bin/sh
# make install and make uninstall: the binary, git-worklog, the man pages,
# the completion scripts and the hook shims go under DESTDIR$PREFIX, work
# from there (`git worklog`, `man -l`, the shims as core.hooksPath), and
# uninstall leaves no file behind.
. "$(dirname "$0")/lib.sh"

test_lazy_prereq MAN 'command -v man'

# make in the project, installing the binary under test (never building:
# INSTALL_BIN names an existing file), outside any make that runs us.
project_make() {
	MAKEFLAGS= MAKELEVEL= make -s -C "$PROJECT_DIR" INSTALL_BIN="$WORKLOG" \
		DESTDIR="$TRASH/dest" PREFIX=/opt/wl "$@"
}

# Every file and link under DESTDIR, sorted.
installed() {
	(cd "$TRASH/dest" && find . ! -type d | sort)
}

test_expect_success 'install puts every file in place' - <<\EOT
	project_make install >out &&
	test_must_be_empty out &&
	installed >actual &&
	{
		echo ./opt/wl/bin/git-worklog &&
		echo ./opt/wl/bin/worklog &&
		echo ./opt/wl/share/bash-completion/completions/worklog &&
		(cd "$PROJECT_DIR/man" && ls *.1) | sed 's|^|./opt/wl/share/man/man1/|' &&
		(cd "$PROJECT_DIR/man" && ls *.5) | sed 's|^|./opt/wl/share/man/man5/|' &&
		(cd "$PROJECT_DIR/hooks" && ls | grep -v '\.md$') |
			sed 's|^|./opt/wl/share/worklog/hooks/|' &&
		echo ./opt/wl/share/zsh/site-functions/_worklog
	} | sort >expect &&
	test_cmp expect actual &&
	test_line_count -gt 10 actual &&
	cmp "$WORKLOG" "$TRASH/dest/opt/wl/bin/worklog" &&
	cmp "$PROJECT_DIR/man/worklog-lint.1" "$TRASH/dest/opt/wl/share/man/man1/worklog-lint.1" &&
	cmp "$PROJECT_DIR/hooks/pre-commit" "$TRASH/dest/opt/wl/share/worklog/hooks/pre-commit" &&
	test_path_is_executable "$TRASH/dest/opt/wl/share/worklog/hooks/pre-commit" &&
	test "$(readlink "$TRASH/dest/opt/wl/bin/git-worklog")" = worklog
EOT

test_expect_success 'the installed binary runs, as worklog and as git worklog' - <<\EOT
	project_make install &&
	PATH=$TRASH/dest/opt/wl/bin:$PATH &&
	test_exit 0 worklog --version &&
	cp out version &&
	new_repo "$R" &&
	test_exit 0 in_dir "$R" git worklog --version &&
	test_cmp version out &&
	test_exit 0 in_dir "$R" git worklog help --commands &&
	test_grep "^validate	" out
EOT

test_expect_success MAN 'man -l renders the installed pages' - <<\EOT
	project_make install &&
	for p in "$TRASH"/dest/opt/wl/share/man/man*/*; do
		MANPAGER=cat MANWIDTH=80 man -l "$p" >page 2>err &&
		test_must_be_empty err &&
		test_grep "^NAME" page &&
		test_grep "^SEE ALSO" page || return 1
	done &&
	MANPAGER=cat MANWIDTH=80 man -l "$TRASH/dest/opt/wl/share/man/man1/worklog-lint.1" >page &&
	test_grep "^ *--fail-on LEVEL" page
EOT

test_expect_success 'the installed shims work as a shared core.hooksPath' - <<\EOT
	project_make install &&
	PATH=$TRASH/dest/opt/wl/bin:$PATH &&
	new_repo "$R" &&
	write_config &&
	write_item_schema &&
	write_item records/a.md I-1 todo &&
	git -C "$R" config core.hooksPath "$TRASH/dest/opt/wl/share/worklog/hooks" &&
	git -C "$R" add . &&
	test_exit 0 git -C "$R" commit -q -m good &&
	write_item records/b.md I-2 finished &&
	git -C "$R" add . &&
	test_exit 1 git -C "$R" commit -q -m bad &&
	test_grep "records/b.md:4:9: error: status" err
EOT

test_expect_success 'uninstall removes every file it installed' - <<\EOT
	project_make install &&
	project_make uninstall >out &&
	test_must_be_empty out &&
	installed >actual &&
	test_must_be_empty actual &&
	test_path_is_missing "$TRASH/dest/opt/wl/share/worklog"
EOT

test_done
