#!/bin/sh
# The command line: one option table per command drives parsing, --help
# and the `help --options` dump; every command takes the common options
# and --format; output that cannot be written is an error.
. "$(dirname "$0")/lib.sh"
# Nothing here may run in the repository of the tests themselves.
cd "$TMP" || exit 1

R=$TMP/repo
setup() {
	new_repo "$R"
	write "$R/.worklog.yaml" <<-'EOT'
	version: 1
	records: ["records/**/*.md"]
	schemas: [.worklog/schema]
	EOT
	write "$R/.worklog/schema/note.yaml" <<-'EOT'
	x-type: note
	type: object
	required: [type, status]
	properties:
	  type: {const: note}
	  status: {enum: [open, closed]}
	EOT
	write "$R/records/a.md" <<-'EOT'
	---
	type: note
	status: open
	---
	EOT
}

# bad_record [FILE]: a note whose status is not in the enum (3:9).
bad_record() {
	printf -- '---\ntype: note\nstatus: done\n---\n' >"$R/${1:-records/b.md}"
}
BAD='records/b.md:3:9: error: status: "done" is not one of open, closed [schema]'

# The option names a help text shows in its option lists, one a line.
help_names() {
	awk '/^  -/ {
		line = substr($0, 3); sub(/  .*/, "", line)
		n = split(line, names, ", ")
		for (i = 1; i <= n; i++) {
			name = names[i]; sub(/[ [].*/, "", name); print name
		}
	}' "$1" | sort
}

# The names of command $1's rows in the dump $2, hidden ones left out.
table_names() {
	awk -F '	' -v c="$1" '$1 == c && $8 !~ /hidden/ {
		if ($3 != "-") print $3; if ($4 != "-") print $4
	}' "$2" | sort
}

# Every command, in the order of `worklog help --commands`.
COMMANDS="validate hook hooks help"

test_start "every command's --help lists exactly the options of its table"
"$WORKLOG" help --options >"$TMP/dump" || test_fail "no dump"
"$WORKLOG" help --commands | cut -f 1 >"$TMP/commands"
printf '%s\n' $COMMANDS >"$TMP/want"
expect_file_eq "$TMP/want" "$TMP/commands"
for c in worklog $COMMANDS; do
	if [ "$c" = worklog ]; then
		expect_exit 0 "$WORKLOG" --help
	else
		expect_exit 0 "$WORKLOG" "$c" --help
	fi
	help_names "$TMP/out" >"$TMP/shown"
	table_names "$c" "$TMP/dump" >"$TMP/table"
	[ -s "$TMP/table" ] || test_fail "$c: no options in the dump"
	expect_file_eq "$TMP/table" "$TMP/shown"
done
test_done

test_start "--help, help CMD, CMD --help, CMD -h and --help CMD agree"
expect_exit 0 "$WORKLOG" --help
cp "$TMP/out" "$TMP/top"
for a in help -h; do
	expect_exit 0 "$WORKLOG" $a
	expect_file_eq "$TMP/top" "$TMP/out"
done
for c in $COMMANDS; do
	grep -q "^  $c  *[a-z]" "$TMP/top" || test_fail "$c is not in worklog --help"
	expect_exit 0 "$WORKLOG" help "$c"
	cp "$TMP/out" "$TMP/help-$c"
	grep -q "^usage: worklog $c " "$TMP/help-$c" || test_fail "$c: no usage line"
	for form in "$c --help" "$c -h" "--help $c"; do
		expect_exit 0 "$WORKLOG" $form
		expect_file_eq "$TMP/help-$c" "$TMP/out"
		expect_err ""
	done
done
test_done

test_start "--cached, --no-color and -V are documented, and work"
expect_exit 0 "$WORKLOG" validate --help
grep -q '^  --staged, --cached  read records from the git index$' "$TMP/out" ||
	test_fail "--cached is not documented"
grep -q '^  --no-color          same as --color=never$' "$TMP/out" ||
	test_fail "--no-color is not documented"
grep -q '^  -V, --version       print the version of worklog$' "$TMP/out" ||
	test_fail "-V is not documented"
expect_exit 0 "$WORKLOG" --version
cp "$TMP/out" "$TMP/version"
grep -q '^worklog [0-9][0-9.]*$' "$TMP/version" || test_fail "no version"
for form in -V "validate -V" "hooks --version"; do
	expect_exit 0 "$WORKLOG" $form
	expect_file_eq "$TMP/version" "$TMP/out"
done
setup
bad_record
expect_exit 1 "$WORKLOG" -C "$R" validate -q --color=always --no-color records/b.md
expect_out "$BAD"
expect_exit 1 "$WORKLOG" -C "$R" validate -q --no-color --color records/b.md
grep -q "$(printf '\033')" "$TMP/out" || test_fail "the last of --no-color --color did not win"
test_done

test_start "an unknown option is exit 2 with a usage hint"
expect_exit 2 "$WORKLOG" validate --bogus=1
expect_out ""
expect_err "worklog: unknown option '--bogus'
usage: worklog validate [OPTIONS] [PATH...]
Run 'worklog help validate' for its options."
expect_exit 2 "$WORKLOG" --bogus validate
expect_err "worklog: unknown option '--bogus'
usage: worklog [OPTIONS] COMMAND [ARGS]
Run 'worklog --help' for the commands and options."
expect_exit 2 "$WORKLOG" hook -qz pre-commit
expect_err "worklog: unknown option '-z'
usage: worklog hook pre-commit|pre-merge-commit [OPTIONS]
       worklog hook pre-receive [--tip-only] [OPTIONS] < OLD NEW REF lines
       worklog hook update [--tip-only] [OPTIONS] REF OLD NEW
Run 'worklog help hook' for its options."
# Names are never abbreviated.
expect_exit 2 "$WORKLOG" validate --stag
head -1 "$TMP/err" >"$TMP/got"
echo "worklog: unknown option '--stag'" >"$TMP/want"
expect_file_eq "$TMP/want" "$TMP/got"
# An option of another command is unknown here.
expect_exit 2 "$WORKLOG" validate --tip-only
head -1 "$TMP/err" >"$TMP/got"
echo "worklog: unknown option '--tip-only'" >"$TMP/want"
expect_file_eq "$TMP/want" "$TMP/got"
test_done

test_start "a flag takes no value, a value option needs one, a choice is checked"
expect_exit 2 "$WORKLOG" validate --staged=yes
expect_err "worklog: option '--staged' takes no value"
expect_exit 2 "$WORKLOG" validate --config
expect_err "worklog: option '--config' needs a value"
expect_exit 2 "$WORKLOG" -C
expect_err "worklog: option '-C' needs a value"
expect_exit 2 "$WORKLOG" validate --color=sometimes
expect_err "worklog: option '--color' takes auto, always or never, not 'sometimes'"
expect_exit 2 "$WORKLOG" -C "$R" hooks install --format github
expect_err "worklog: hooks does not print github (use text or json)"
expect_exit 2 "$WORKLOG" --format=sarif validate
expect_err "worklog: unknown format 'sarif' (use text, json or github)"
test_done

test_start "values follow = or a space, short options bundle, -- ends the options"
setup
bad_record
cp "$R/.worklog.yaml" "$TMP/other.yaml"
for form in "-C $R validate --config $TMP/other.yaml" \
	"-C$R validate --config=$TMP/other.yaml" \
	"validate -qC $R" "validate -qC$R --format text" \
	"--format=text -C $R validate" "-qC $R --no-color validate"; do
	expect_exit 1 "$WORKLOG" $form -q
	expect_out "$BAD"
	expect_err ""
done
bad_record -x.md
expect_exit 1 in_dir "$R" "$WORKLOG" validate -q -- -x.md
expect_out '-x.md:3:9: error: status: "done" is not one of open, closed [schema]'
test_done

test_start "help --options prints nine tab-separated fields a row"
awk -F '	' 'NF != 9 { print NR": "$0 }' "$TMP/dump" >"$TMP/bad"
expect_file_eq /dev/null "$TMP/bad"
grep -E '^(hooks|validate)	common	--(format|cached|no-color|color)	' "$TMP/dump" >"$TMP/got"
cat >"$TMP/want" <<-'EOT'
validate	common	--cached	-	flag	-	-	alias-of=--staged	another name for --staged, as in git
validate	common	--format	-	value	FORMAT	text|json|github	-	how to print
validate	common	--color	-	optional	WHEN	auto|always|never	alone=always	colour the output
validate	common	--no-color	-	switch	-	-	same-as=--color=never	same as --color=never
hooks	common	--cached	-	flag	-	-	alias-of=--staged	another name for --staged, as in git
hooks	common	--format	-	value	FORMAT	text|json	-	how to print
hooks	common	--color	-	optional	WHEN	auto|always|never	alone=always	colour the output
hooks	common	--no-color	-	switch	-	-	same-as=--color=never	same as --color=never
EOT
expect_file_eq "$TMP/want" "$TMP/got"
grep '^hook	-	' "$TMP/dump" >"$TMP/got"
cat >"$TMP/want" <<-'EOT'
hook	-	--tip-only	-	flag	-	-	-	judge only the pushed tips, not every new commit
hook	-	--no-cache	-	flag	-	-	-	do not use the facts cache ($GIT_DIR/worklog/cache.sqlite)
EOT
expect_file_eq "$TMP/want" "$TMP/got"
expect_exit 0 "$WORKLOG" help --options hooks
grep -v '^hooks	' "$TMP/out" >"$TMP/got"
expect_file_eq /dev/null "$TMP/got"
test_done

test_start "help --options --format json holds the same rows"
expect_exit 0 "$WORKLOG" help --options --format json
grep -c '{"long": ' "$TMP/out" >"$TMP/got"
wc -l <"$TMP/dump" | tr -d ' ' >"$TMP/want"
expect_file_eq "$TMP/want" "$TMP/got"
grep -q '^    {"long": "--cached", "short": null, "kind": "flag", "value": null, "choices": \[\], "group": "common", "hidden": false, "alias_of": "--staged", "same_as": null, "alone": null, "help": "another name for --staged, as in git"}' "$TMP/out" ||
	test_fail "no --cached row"
if command -v jq >/dev/null 2>&1; then
	jq -r '.commands[] | .name as $c | .options[] | [$c, .long // "-"] | @tsv' \
		<"$TMP/out" >"$TMP/got" || test_fail "not JSON"
	awk -F '	' '$1 != "worklog" { print $1 "\t" $3 }' "$TMP/dump" >"$TMP/want"
	expect_file_eq "$TMP/want" "$TMP/got"
fi
test_done

test_start "hooks install --format json says what it did"
setup
expect_exit 0 "$WORKLOG" -C "$R" hooks install --format json
expect_out '{"dir": ".git/hooks", "hooks": [
  {"name": "pre-commit", "path": ".git/hooks/pre-commit", "action": "installed"},
  {"name": "pre-merge-commit", "path": ".git/hooks/pre-merge-commit", "action": "installed"}
]}'
expect_exit 0 "$WORKLOG" -C "$R" hooks install --format json pre-commit
expect_out '{"dir": ".git/hooks", "hooks": [
  {"name": "pre-commit", "path": ".git/hooks/pre-commit", "action": "unchanged"}
]}'
test_done

test_start "hook pre-commit --format json and github print the findings"
setup
bad_record
git -C "$R" add -A
expect_exit 1 in_dir "$R" "$WORKLOG" hook pre-commit --format json
expect_out '{"records": 2, "errors": 1, "warnings": 0, "diagnostics": [
  {"path": "records/b.md", "line": 3, "column": 9, "severity": "error", "rule": "schema", "message": "status: \"done\" is not one of open, closed"}
]}'
expect_err "worklog: commit rejected: 1 record failed"
expect_exit 1 in_dir "$R" "$WORKLOG" hook pre-commit --format github
expect_out '::error file=records/b.md,line=3,col=9,title=schema::status: "done" is not one of open, closed'
test_done

test_start "output that cannot be written is exit 2, not success"
if [ -w /dev/full ]; then
	setup
	bad_record
	for form in "--version" "help" "validate --help" "-C $R validate" \
		"-C $R validate --format json" "-C $R hooks install"; do
		"$WORKLOG" $form >/dev/full 2>"$TMP/err"
		rc=$?
		[ "$rc" -eq 2 ] || test_fail "$form: exit $rc"
		grep -q "^worklog: cannot write the output: No space left on device$" "$TMP/err" ||
			test_fail "$form: $(cat "$TMP/err")"
	done
else
	echo "# skipped: no /dev/full"
fi
test_done

finish
