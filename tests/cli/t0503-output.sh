#!/bin/sh
# Output that cannot be forged or broken (SECURITY.md, "Output"): file
# names holding a newline, a byte that is not UTF-8, the characters
# GitHub's workflow commands reserve, a bidirectional override, a C1
# control and an escape sequence come out escaped in every format, the
# JSON stays valid UTF-8 JSON, and the messages on stderr escape the
# input they quote.
. "$(dirname "$0")/lib.sh"

# Paths in byte order.
LC_ALL=C
export LC_ALL

test_lazy_prereq ICONV 'printf x | iconv -f UTF-8 -t UTF-8'

# A repository with a bogus item under each of the hostile names.
setup() {
	new_repo "$R" &&
	write_config &&
	write_item_schema &&
	for name in 'a%,:' "$(printf 'b\nc')" "$(printf 'd\377')" \
		"$(printf 'e\342\200\256g')" "$(printf 'h\302\233i')" \
		"$(printf 'j\033[2J')"; do
		write_item "records/$name.md" I-1 bogus || return 1
	done
}

test_expect_success 'text output escapes controls, bidi overrides and bytes that are not UTF-8' - <<\EOT
	setup &&
	test_exit 1 "$WORKLOG" -C "$R" validate &&
	test_stdout <<-\EOF &&
	records/a%,:.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]
	records/b\nc.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]
	records/d\xFF.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]
	records/e\u202Eg.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]
	records/h\u009Bi.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]
	records/j\x1B[2J.md:4:9: error: status: "bogus" is not one of todo, doing, done [schema]
	EOF
	test_stderr "checked 6 records: 6 errors, 0 warnings"
EOT

test_expect_success 'JSON output is valid UTF-8 JSON whatever the names hold' - <<\EOT
	setup &&
	test_exit 1 "$WORKLOG" -C "$R" validate --format json -q &&
	sed 's/, "line".*//' "$TRASH/out" >paths &&
	cat >expect <<-\EOF &&
	{"records": 6, "errors": 6, "warnings": 0, "diagnostics": [
	  {"path": "records/a%,:.md"
	  {"path": "records/b\nc.md"
	  {"path": "records/d\ufffd.md"
	  {"path": "records/e\u202eg.md"
	  {"path": "records/h\u009bi.md"
	  {"path": "records/j\u001b[2J.md"
	]}
	EOF
	test_cmp expect paths &&
	if test_have_prereq ICONV; then
		iconv -f UTF-8 -t UTF-8 "$TRASH/out" >/dev/null
	fi &&
	if test_have_prereq JQ; then
		jq -e '.diagnostics | length == 6' "$TRASH/out" &&
		jq -j '.diagnostics[1].path' "$TRASH/out" >name &&
		printf 'records/b\nc.md' >expect &&
		test_cmp expect name
	fi
EOT

test_expect_success 'GitHub annotations escape what workflow commands reserve, and the rest as text does' - <<\EOT
	setup &&
	test_exit 1 "$WORKLOG" -C "$R" validate --format github -q &&
	test_stdout <<-\EOF
	::error file=records/a%25%2C%3A.md,line=4,col=9,title=schema::status: "bogus" is not one of todo, doing, done
	::error file=records/b%0Ac.md,line=4,col=9,title=schema::status: "bogus" is not one of todo, doing, done
	::error file=records/d\xFF.md,line=4,col=9,title=schema::status: "bogus" is not one of todo, doing, done
	::error file=records/e\u202Eg.md,line=4,col=9,title=schema::status: "bogus" is not one of todo, doing, done
	::error file=records/h\u009Bi.md,line=4,col=9,title=schema::status: "bogus" is not one of todo, doing, done
	::error file=records/j\x1B[2J.md,line=4,col=9,title=schema::status: "bogus" is not one of todo, doing, done
	EOF
EOT

test_expect_success 'a value quoted in a message is escaped too' - <<\EOT
	new_repo "$R" &&
	write_config &&
	write_item_schema &&
	write_item records/a.md I-1 "$(printf '"x\342\200\256y\342\201\246z\342\200\217"')" &&
	test_exit 1 "$WORKLOG" -C "$R" validate &&
	test_stdout 'records/a.md:4:9: error: status: "x\u202ey\u2066z\u200f" is not one of todo, doing, done [schema]' &&
	test_exit 1 "$WORKLOG" -C "$R" validate --format json -q &&
	test_grep -F '"message": "status: \"x\\u202ey\\u2066z\\u200f\" is not one of todo, doing, done"' "$TRASH/out"
EOT

test_expect_success 'messages on stderr escape the revision, the file name and the hook input they quote' - <<\EOT
	setup &&
	git -C "$R" commit -q --allow-empty -m init &&
	test_exit 2 "$WORKLOG" -C "$R" validate --rev "$(printf 'x\033]0;t\007\342\200\256')" &&
	test_stderr "worklog: unknown revision 'x\\x1B]0;t\\x07\\u202E': failed to parse revision specifier - Invalid pattern 'x\\x1B]0;t\\x07\\u202E'" &&
	test_exit 2 "$WORKLOG" -C "$R" validate "$(printf 'records/none\033[2J.md')" &&
	test_stderr <<-\EOF &&
	worklog: cannot read 'records/none\x1B[2J.md': No such file or directory
	checked 0 records: 0 errors, 0 warnings
	EOF
	git init -q --bare "$TRASH/server.git" &&
	printf 'junk\033[2J \302\233line\n' >in &&
	test_exit 2 in_dir "$TRASH/server.git" "$WORKLOG" hook pre-receive <in &&
	test_stderr "worklog: pre-receive: not a reference update: 'junk\\x1B[2J \\u009Bline'"
EOT

test_expect_success 'hooks install shows a hooks folder from the git configuration escaped' - <<\EOT
	new_repo "$R" &&
	write_config &&
	git -C "$R" config core.hooksPath "$(printf 'ho\033[2Jks')" &&
	test_exit 0 "$WORKLOG" -C "$R" hooks install --no-git-config pre-commit &&
	test_stdout 'pre-commit: installed in ho\x1B[2Jks/pre-commit'
EOT

test_done
