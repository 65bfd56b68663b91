#!/bin/sh
# The command line: one option table per command drives parsing, --help
# and the `help --options` dump; every command takes the common options
# and --format; output that cannot be written is an error.
. "$(dirname "$0")/lib.sh"

# A repository with the type note and one good note.
setup() {
	new_repo "$R" &&
	write "$R/.worklog.yaml" <<-\EOF &&
	version: 1
	records: ["records/**/*.md"]
	schemas: [.worklog/schema]
	EOF
	write "$R/.worklog/schema/note.yaml" <<-\EOF &&
	x-type: note
	type: object
	required: [status]
	properties:
	  type: {const: note}
	  status: {enum: [open, closed]}
	EOF
	write "$R/records/a.md" <<-\EOF
	---
	type: note
	status: open
	---
	EOF
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
COMMANDS="validate lint aggregate report diff merge hook hooks new import init help"

test_lazy_prereq DEVFULL 'test -w /dev/full'

test_expect_success "every command's --help lists exactly the options of its table" - <<\EOT
	"$WORKLOG" help --options >dump &&
	"$WORKLOG" help --commands | cut -f 1 >commands &&
	printf '%s\n' $COMMANDS >expect &&
	test_cmp expect commands &&
	for c in worklog $COMMANDS; do
		if [ "$c" = worklog ]; then
			test_exit 0 "$WORKLOG" --help || return 1
		else
			test_exit 0 "$WORKLOG" "$c" --help || return 1
		fi
		help_names "$TRASH/out" >shown &&
		table_names "$c" dump >table &&
		test_line_count -gt 0 table &&
		test_cmp table shown || return 1
	done
EOT

test_expect_success '--help, help CMD, CMD --help, CMD -h and --help CMD agree' - <<\EOT
	test_exit 0 "$WORKLOG" --help &&
	cp "$TRASH/out" top &&
	for a in help -h; do
		test_exit 0 "$WORKLOG" $a &&
		test_cmp top "$TRASH/out" || return 1
	done &&
	for c in $COMMANDS; do
		test_grep "^  $c  *[a-z]" top &&
		test_exit 0 "$WORKLOG" help "$c" &&
		cp "$TRASH/out" "help-$c" &&
		test_grep "^usage: worklog $c " "help-$c" || return 1
		for form in "$c --help" "$c -h" "--help $c"; do
			test_exit 0 "$WORKLOG" $form &&
			test_cmp "help-$c" "$TRASH/out" &&
			test_stderr "" || return 1
		done
	done
EOT

test_expect_success 'help ends with the exit status the command has' - <<\EOT
	printf '%s\n' "Exit status: 0 no errors, 1 records have errors," \
		"2 usage, configuration or I/O error." \
		"Environment: NO_COLOR (set and not empty) turns colour off unless" \
		"--color=always." >want-validate &&
	printf '%s\n' "Exit status as diff(1): 0 when nothing differs, 1 when something" \
		"does, 2 on trouble." >want-diff &&
	tail -n 2 want-validate >>want-diff &&
	for c in validate diff; do
		test_exit 0 "$WORKLOG" $c --help &&
		tail -n 4 "$TRASH/out" >tail &&
		test_cmp want-$c tail || return 1
	done &&
	for c in aggregate merge report init new hooks help; do
		test_exit 0 "$WORKLOG" $c --help &&
		test_grep ! "records have errors" "$TRASH/out" &&
		test_grep "^Exit status: " "$TRASH/out" || return 1
	done
EOT

test_expect_success '--cached, --no-color and -V are documented, and work' - <<\EOT
	test_exit 0 "$WORKLOG" validate --help &&
	test_grep '^  --staged, --cached  read records from the git index$' "$TRASH/out" &&
	test_grep '^  --no-color          same as --color=never$' "$TRASH/out" &&
	test_grep '^  -V, --version       print the version of worklog$' "$TRASH/out" &&
	test_exit 0 "$WORKLOG" --version &&
	cp "$TRASH/out" version &&
	test_grep '^worklog [0-9][0-9.]*$' version &&
	for form in -V "validate -V" "hooks --version"; do
		test_exit 0 "$WORKLOG" $form &&
		test_cmp version "$TRASH/out" || return 1
	done &&
	setup &&
	bad_record &&
	test_exit 1 "$WORKLOG" -C "$R" validate -q --color=always --no-color records/b.md &&
	test_stdout "$BAD" &&
	test_exit 1 "$WORKLOG" -C "$R" validate -q --no-color --color records/b.md &&
	test_grep "$(printf '\033')" "$TRASH/out"
EOT

test_expect_success 'an unknown option is exit 2 with a usage hint' - <<\EOT
	test_exit 2 "$WORKLOG" validate --bogus=1 &&
	test_stdout "" &&
	test_stderr <<-\EOF &&
	worklog: unknown option '--bogus'
	usage: worklog validate [OPTIONS] [PATH...]
	Run 'worklog help validate' for its options.
	EOF
	test_exit 2 "$WORKLOG" --bogus validate &&
	test_stderr <<-\EOF &&
	worklog: unknown option '--bogus'
	usage: worklog [OPTIONS] COMMAND [ARGS]
	Run 'worklog --help' for the commands and options.
	EOF
	test_exit 2 "$WORKLOG" hook -qz pre-commit &&
	test_stderr <<-\EOF &&
	worklog: unknown option '-z'
	usage: worklog hook pre-commit|pre-merge-commit [OPTIONS]
	       worklog hook pre-receive [--tip-only] [OPTIONS] < OLD NEW REF lines
	       worklog hook update [--tip-only] [OPTIONS] REF OLD NEW
	Run 'worklog help hook' for its options.
	EOF
	# Names are never abbreviated.
	test_exit 2 "$WORKLOG" validate --stag &&
	head -1 "$TRASH/err" >actual &&
	echo "worklog: unknown option '--stag'" >expect &&
	test_cmp expect actual &&
	# An option of another command is unknown here.
	test_exit 2 "$WORKLOG" validate --tip-only &&
	head -1 "$TRASH/err" >actual &&
	echo "worklog: unknown option '--tip-only'" >expect &&
	test_cmp expect actual
EOT

test_expect_success 'a flag takes no value, a value option needs one, a choice is checked' - <<\EOT
	setup &&
	test_exit 2 "$WORKLOG" validate --staged=yes &&
	test_stderr "worklog: option '--staged' takes no value" &&
	test_exit 2 "$WORKLOG" validate --config &&
	test_stderr "worklog: option '--config' needs a value" &&
	test_exit 2 "$WORKLOG" -C &&
	test_stderr "worklog: option '-C' needs a value" &&
	test_exit 2 "$WORKLOG" validate --color=sometimes &&
	test_stderr "worklog: option '--color' takes auto, always or never, not 'sometimes'" &&
	test_exit 2 "$WORKLOG" -C "$R" hooks install --format github &&
	test_stderr "worklog: hooks does not print github (use text or json)" &&
	test_exit 2 "$WORKLOG" --format=sarf validate &&
	test_stderr "worklog: unknown format 'sarf' (use text, json, github, sarif or gitlab)"
EOT

test_expect_success 'values follow = or a space, short options bundle, -- ends the options' - <<\EOT
	setup &&
	bad_record &&
	cp "$R/.worklog.yaml" "$TRASH/other.yaml" &&
	for form in "-C $R validate --config $TRASH/other.yaml" \
		"-C$R validate --config=$TRASH/other.yaml" \
		"validate -qC $R" "validate -qC$R --format text" \
		"--format=text -C $R validate" "-qC $R --no-color validate"; do
		test_exit 1 "$WORKLOG" $form -q &&
		test_stdout "$BAD" &&
		test_stderr "" || return 1
	done &&
	bad_record -x.md &&
	test_exit 1 in_dir "$R" "$WORKLOG" validate -q -- -x.md &&
	test_stdout '-x.md:3:9: error: status: "done" is not one of open, closed [schema]'
EOT

test_expect_success 'help --options prints nine tab-separated fields a row' - <<\EOT
	"$WORKLOG" help --options >dump &&
	awk -F '	' 'NF != 9 { print NR": "$0 }' dump >bad &&
	test_must_be_empty bad &&
	grep -E '^(hooks|validate)	common	--(format|cached|no-color|color)	' dump >actual &&
	test_cmp - actual <<-\EOF &&
	validate	common	--cached	-	flag	-	-	alias-of=--staged	another name for --staged, as in git
	validate	common	--format	-	value	FORMAT	text|json|github|sarif|gitlab	-	how to print
	validate	common	--color	-	optional	WHEN	auto|always|never	alone=always	colour the output
	validate	common	--no-color	-	switch	-	-	same-as=--color=never	same as --color=never
	hooks	common	--cached	-	flag	-	-	alias-of=--staged	another name for --staged, as in git
	hooks	common	--format	-	value	FORMAT	text|json	-	how to print
	hooks	common	--color	-	optional	WHEN	auto|always|never	alone=always	colour the output
	hooks	common	--no-color	-	switch	-	-	same-as=--color=never	same as --color=never
	EOF
	grep '^hook	-	' dump >actual &&
	test_cmp - actual <<-\EOF &&
	hook	-	--tip-only	-	flag	-	-	-	judge only the pushed tips, not every new commit
	hook	-	--no-cache	-	flag	-	-	-	do not use the facts cache ($GIT_DIR/worklog/cache.sqlite)
	hook	-	--stats	-	flag	-	-	-	say on stderr how many versions were judged, rule sets compiled and records validated
	EOF
	test_exit 0 "$WORKLOG" help --options hooks &&
	test_grep ! -v '^hooks	' "$TRASH/out"
EOT

test_expect_success 'help --options --format json holds the same rows' - <<\EOT
	"$WORKLOG" help --options >dump &&
	test_exit 0 "$WORKLOG" help --options --format json &&
	grep -c '{"long": ' "$TRASH/out" >actual &&
	wc -l <dump | tr -d ' ' >expect &&
	test_cmp expect actual &&
	test_grep '^    {"long": "--cached", "short": null, "kind": "flag", "value": null, "choices": \[\], "group": "common", "hidden": false, "alias_of": "--staged", "same_as": null, "alone": null, "help": "another name for --staged, as in git"}' "$TRASH/out" &&
	if test_have_prereq JQ; then
		jq -r '.commands[] | .name as $c | .options[] | [$c, .long // "-"] | @tsv' \
			<"$TRASH/out" >actual &&
		awk -F '	' '$1 != "worklog" { print $1 "\t" $3 }' dump >expect &&
		test_cmp expect actual
	fi
EOT

test_expect_success 'hooks install --format json says what it did' - <<\EOT
	setup &&
	test_exit 0 "$WORKLOG" -C "$R" hooks install --format json &&
	test_stdout <<-\EOF &&
	{"dir": ".git/hooks", "hooks": [
	  {"name": "pre-commit", "path": ".git/hooks/pre-commit", "action": "installed"},
	  {"name": "pre-merge-commit", "path": ".git/hooks/pre-merge-commit", "action": "installed"}
	],
	 "attributes": {"file": ".gitattributes", "lines": [{"line": "/records/**/*.md diff=worklog merge=worklog", "action": "added"}]},
	 "config": [{"key": "diff.worklog.textconv", "value": "worklog diff --textconv", "action": "set"}, {"key": "merge.worklog.name", "value": "worklog: records merged field by field", "action": "set"}, {"key": "merge.worklog.driver", "value": "worklog merge %O %A %B %P", "action": "set"}]}
	EOF
	test_exit 0 "$WORKLOG" -C "$R" hooks install --format json --no-git-config pre-commit &&
	test_stdout <<-\EOF
	{"dir": ".git/hooks", "hooks": [
	  {"name": "pre-commit", "path": ".git/hooks/pre-commit", "action": "unchanged"}
	]}
	EOF
EOT

test_expect_success 'hook pre-commit --format json and github print the findings' - <<\EOT
	setup &&
	bad_record &&
	git -C "$R" add -A &&
	test_exit 1 in_dir "$R" "$WORKLOG" hook pre-commit --format json &&
	test_stdout <<-\EOF &&
	{"records": 2, "errors": 1, "warnings": 0, "diagnostics": [
	  {"path": "records/b.md", "line": 3, "column": 9, "severity": "error", "rule": "schema", "message": "status: \"done\" is not one of open, closed"}
	]}
	EOF
	test_stderr "worklog: commit rejected: 1 record failed" &&
	test_exit 1 in_dir "$R" "$WORKLOG" hook pre-commit --format github &&
	test_stdout '::error file=records/b.md,line=3,col=9,title=schema::status: "done" is not one of open, closed'
EOT

test_expect_success DEVFULL 'output that cannot be written is exit 2, not success' - <<\EOT
	setup &&
	bad_record &&
	for form in "--version" "help" "validate --help" "-C $R validate" \
		"-C $R validate --format json" "-C $R hooks install"; do
		test_exit 2 eval '"$WORKLOG" $form >/dev/full' &&
		test_grep "^worklog: cannot write the output: No space left on device$" "$TRASH/err" ||
			return 1
	done
EOT

test_done
