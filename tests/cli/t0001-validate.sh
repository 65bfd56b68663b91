#!/bin/sh
# worklog validate on fresh repositories: findings, formats, paths, exit codes.
. "$(dirname "$0")/lib.sh"

# A repository with the type note and two good notes.
setup() {
	new_repo "$R" &&
	write_config "zhangsan=张三" &&
	write "$R/.worklog/schema/note.yaml" <<-\EOF &&
	x-type: note
	x-id: id
	type: object
	required: [id, status]
	properties:
	  type: {const: note}
	  id: {type: string, pattern: "^N-\\d+$"}
	  status: {enum: [open, working, closed]}
	  due: {type: string, format: date}
	  tags: {type: array, items: {type: string}, uniqueItems: true}
	EOF
	write "$R/records/a.md" <<-\EOF &&
	---
	type: note
	id: N-1
	status: open
	---
	Body.
	EOF
	write "$R/records/sub/b.md" <<-\EOF
	---
	type: note
	id: N-2
	status: closed
	due: 2026-11-30
	---
	EOF
}

# A note whose status is not in the enum: one schema error at 4:9.
write_finished() {
	printf -- '---\ntype: note\nid: N-3\nstatus: finished\n---\n' >"$1"
}

# The paths and checksums of the files of $R outside .git.
snapshot() {
	(cd "$R" && find . -path ./.git -prune -o -type f -print | sort | xargs md5sum)
}

test_expect_success 'a clean repository passes with exit 0 and a summary' - <<\EOT
	setup &&
	test_exit 0 "$WORKLOG" -C "$R" validate &&
	test_stdout "" &&
	test_stderr "checked 2 records: 0 errors, 0 warnings"
EOT

test_expect_success 'an enum violation points at the value' - <<\EOT
	setup &&
	write_finished "$R/records/c.md" &&
	test_exit 1 "$WORKLOG" -C "$R" validate &&
	test_stdout 'records/c.md:4:9: error: status: "finished" is not one of open, working, closed [schema]' &&
	test_stderr "checked 3 records: 1 error, 0 warnings"
EOT

test_expect_success 'a missing required key is reported at the opening line' - <<\EOT
	setup &&
	write "$R/records/c.md" <<-\EOF &&
	---
	type: note
	id: N-3
	---
	EOF
	test_exit 1 "$WORKLOG" -C "$R" validate records/c.md &&
	test_stdout "records/c.md:1:1: error: missing required property 'status' [schema]" &&
	test_stderr "checked 1 record: 1 error, 0 warnings"
EOT

test_expect_success 'every bad file is reported: the run goes on' - <<\EOT
	setup &&
	printf -- '---\ntype: note\nid: N-4\nstatus: open\nstatus: closed\n---\n' >"$R/records/d.md" &&
	printf -- '---\ntype: note\nid: [\n---\n' >"$R/records/e.md" &&
	printf -- '---\ntype: note\nid: N-6\nstatus: open\ndue: 2026-02-30\n---\n' >"$R/records/f.md" &&
	printf '# no front matter\n' >"$R/records/g.md" &&
	test_exit 1 "$WORKLOG" -C "$R" validate &&
	test_stdout <<-\EOF &&
	records/d.md:5:1: error: duplicate key 'status' (first at line 4) [duplicate-key]
	records/e.md:4:1: error: did not find expected node content while parsing a flow node [syntax]
	records/f.md:5:6: error: due: "2026-02-30" is not a valid date [schema]
	records/g.md:1:1: error: missing front matter: the first line must be '---' [syntax]
	EOF
	test_stderr "checked 6 records: 4 errors, 0 warnings"
EOT

test_expect_success '--format json prints one object with relative paths' - <<\EOT
	setup &&
	write "$R/records/c.md" <<-\EOF &&
	---
	type: note
	id: bad
	status: open
	---
	EOF
	test_exit 1 "$WORKLOG" -C "$R" validate --format json &&
	test_stdout <<-\EOF &&
	{"records": 3, "errors": 1, "warnings": 0, "diagnostics": [
	  {"path": "records/c.md", "line": 3, "column": 5, "severity": "error", "rule": "schema", "message": "id: \"bad\" does not match pattern '^N-\\d+$'"}
	]}
	EOF
	if test_have_prereq JQ; then
		jq -e '.diagnostics[0].rule == "schema"' "$TRASH/out"
	fi
EOT

test_expect_success '--format json on a clean repository has an empty list' - <<\EOT
	setup &&
	test_exit 0 "$WORKLOG" -C "$R" validate --format=json -q &&
	test_stdout '{"records": 2, "errors": 0, "warnings": 0, "diagnostics": []}' &&
	test_stderr ""
EOT

test_expect_success '--format github prints workflow commands' - <<\EOT
	setup &&
	write_finished "$R/records/c.md" &&
	test_exit 1 "$WORKLOG" -C "$R" validate --format github -q records/c.md &&
	test_stdout '::error file=records/c.md,line=4,col=9,title=schema::status: "finished" is not one of open, working, closed'
EOT

test_expect_success 'paths are relative to the current folder and may be folders' - <<\EOT
	setup &&
	write_finished "$R/records/sub/c.md" &&
	test_exit 1 in_dir "$R/records" "$WORKLOG" validate sub &&
	test_stdout 'records/sub/c.md:4:9: error: status: "finished" is not one of open, working, closed [schema]' &&
	test_stderr "checked 2 records: 1 error, 0 warnings" &&
	test_exit 0 in_dir "$R/records/sub" "$WORKLOG" validate ../a.md &&
	test_stderr "checked 1 record: 0 errors, 0 warnings"
EOT

test_expect_success 'a path outside the repository is a usage error' - <<\EOT
	setup &&
	test_exit 2 "$WORKLOG" -C "$R" validate /etc/passwd &&
	test_stderr "worklog: '/etc/passwd' is outside the repository '$(cd "$R" && pwd -P)'"
EOT

test_expect_success 'a file that cannot be read is exit 2 and the others are checked' - <<\EOT
	setup &&
	write_finished "$R/records/c.md" &&
	test_exit 2 "$WORKLOG" -C "$R" validate records/missing.md records/c.md &&
	test_stdout 'records/c.md:4:9: error: status: "finished" is not one of open, working, closed [schema]' &&
	test_stderr <<-\EOF &&
	worklog: cannot read 'records/missing.md': No such file or directory
	checked 1 record: 1 error, 0 warnings
	EOF
	test_exit 2 "$WORKLOG" -C "$R" validate --format json records/missing.md &&
	test_stdout '{"records": 0, "errors": 0, "warnings": 0, "diagnostics": []}' &&
	test_stderr <<-\EOF
	worklog: cannot read 'records/missing.md': No such file or directory
	checked 0 records: 0 errors, 0 warnings
	EOF
EOT

test_expect_success 'an unknown type names the known ones' - <<\EOT
	setup &&
	write "$R/records/c.md" <<-\EOF &&
	---
	type: nope
	---
	EOF
	test_exit 1 "$WORKLOG" -C "$R" validate records/c.md &&
	test_grep -x "records/c.md:2:7: error: type: unknown record type 'nope' (known: .*note.*) \[schema\]" "$TRASH/out"
EOT

test_expect_success 'a record without a type field is reported' - <<\EOT
	setup &&
	printf -- '---\nid: N-9\n---\n' >"$R/records/c.md" &&
	test_exit 1 "$WORKLOG" -C "$R" validate records/c.md &&
	test_stdout "records/c.md:1:1: error: missing 'type' field, and no 'types:' glob in .worklog.yaml matches this path [schema]"
EOT

test_expect_success 'a types: glob gives records their type' - <<\EOT
	setup &&
	cat >>"$R/.worklog.yaml" <<-\EOF &&
	types: {"legacy/**": note}
	records: ["records/**/*.md", "legacy/*.md"]
	EOF
	sed -i '2d' "$R/.worklog.yaml" &&
	mkdir -p "$R/legacy" &&
	printf -- '---\nid: N-10\nstatus: nope\n---\n' >"$R/legacy/x.md" &&
	test_exit 1 "$WORKLOG" -C "$R" validate legacy &&
	test_stdout 'legacy/x.md:3:9: error: status: "nope" is not one of open, working, closed [schema]'
EOT

test_expect_success 'a bad configuration is exit 2 with its position' - <<\EOT
	setup &&
	printf 'version: 1\nrecods: [x]\n' >"$R/.worklog.yaml" &&
	test_exit 2 "$WORKLOG" -C "$R" validate &&
	test_stdout "" &&
	test_stderr <<-\EOF
	.worklog.yaml:2:1: error: unknown key 'recods' (known: version, records, schemas, types, people, rules, reports, hooks, limits, timezone) [config]
	worklog: cannot use the configuration: 1 error
	EOF
EOT

test_expect_success 'an unknown timezone is exit 2 with its position' - <<\EOT
	setup &&
	printf 'version: 1\ntimezone: Mars/Olympus\n' >"$R/.worklog.yaml" &&
	test_exit 2 "$WORKLOG" -C "$R" validate &&
	test_stdout "" &&
	test_stderr <<-\EOF
	.worklog.yaml:2:11: error: timezone: unknown time zone 'Mars/Olympus' [config]
	worklog: cannot use the configuration: 1 error
	EOF
EOT

test_expect_success 'a records glob that leaves the repository is exit 2 and reads nothing' - <<\EOT
	setup &&
	mkdir -p "$TRASH/outside" &&
	write_finished "$TRASH/outside/secret.md" &&
	printf 'version: 1\nrecords: ["../outside/*.md"]\n' >"$R/.worklog.yaml" &&
	test_exit 2 "$WORKLOG" -C "$R" validate &&
	test_stdout "" &&
	test_stderr <<-\EOF
	.worklog.yaml:2:11: error: records glob '../outside/*.md' is outside the repository [config]
	worklog: cannot use the configuration: 1 error
	EOF
EOT

test_expect_success 'many equal items in a unique list are reported, then counted' - <<\EOT
	setup &&
	{
		printf -- '---\ntype: note\nid: N-9\nstatus: open\ntags:\n' &&
		awk 'BEGIN { for (i = 0; i < 200000; i++) print "- t" }' &&
		printf -- '---\n'
	} >"$R/records/c.md" &&
	test_exit 1 "$WORKLOG" -C "$R" validate -q records/c.md &&
	test_line_count = 101 "$TRASH/out" &&
	sed -n 101p "$TRASH/out" >last &&
	echo 'records/c.md:1:1: error: 199899 more problems in this record are not shown [schema]' >expect &&
	test_cmp expect last
EOT

test_expect_success 'a typo in a schema keyword is exit 2 with its position' - <<\EOT
	setup &&
	printf 'x-type: note\ntype: object\nrequried: [id]\n' >"$R/.worklog/schema/note.yaml" &&
	test_exit 2 "$WORKLOG" -C "$R" validate &&
	test_grep "^.worklog/schema/note.yaml:3:1: error: unknown keyword 'requried'" "$TRASH/err"
EOT

test_expect_success 'no configuration anywhere is exit 2' - <<\EOT
	mkdir -p "$TRASH/empty" &&
	test_exit 2 "$WORKLOG" -C "$TRASH/empty" validate &&
	test_stderr "worklog: not a worklog repository: no .worklog.yaml in '$TRASH/empty' or any folder above it"
EOT

test_expect_success '--config names the configuration file' - <<\EOT
	setup &&
	mv "$R/.worklog.yaml" "$TRASH/other.yaml" &&
	test_exit 0 "$WORKLOG" -C "$R" --config "$TRASH/other.yaml" validate &&
	test_stderr "checked 2 records: 0 errors, 0 warnings"
EOT

test_expect_success 'colour only when asked, never with NO_COLOR on a pipe' - <<\EOT
	setup &&
	write_finished "$R/records/c.md" &&
	test_exit 1 "$WORKLOG" -C "$R" validate --color=always -q records/c.md &&
	printf '\033[1mrecords/c.md:4:9:\033[0m \033[1;31merror:\033[0m status: "finished" is not one of open, working, closed \033[2m[schema]\033[0m\n' >expect &&
	test_cmp expect "$TRASH/out" &&
	test_exit 1 "$WORKLOG" -C "$R" validate -q records/c.md &&
	test_stdout 'records/c.md:4:9: error: status: "finished" is not one of open, working, closed [schema]'
EOT

test_expect_success '--help, --version and usage errors' - <<\EOT
	test_exit 0 "$WORKLOG" validate --help &&
	test_grep '^usage: worklog validate' "$TRASH/out" &&
	test_exit 0 "$WORKLOG" --version &&
	test_grep '^worklog [0-9]' "$TRASH/out" &&
	test_exit 2 "$WORKLOG" validate --bogus &&
	test_stderr <<-\EOF &&
	worklog: unknown option '--bogus'
	usage: worklog validate [OPTIONS] [PATH...]
	Run 'worklog help validate' for its options.
	EOF
	test_exit 2 "$WORKLOG" frobnicate &&
	test_stderr "worklog: 'frobnicate' is not a worklog command; see 'worklog --help'" &&
	test_exit 2 "$WORKLOG" validate --format yaml &&
	test_stderr "worklog: unknown format 'yaml' (use text, json, github, sarif or gitlab)"
EOT

test_expect_success 'the built-in types are available with no schema folder' - <<\EOT
	setup &&
	write "$R/records/t.md" <<-\EOF &&
	---
	type: task
	id: T-2026-0001
	title: 整理 CDN 配置
	owner: zhangsan
	status: doing
	priority: urgent
	category: routine
	created: 2026-11-02
	---
	EOF
	test_exit 0 "$WORKLOG" -C "$R" validate records/t.md &&
	test_stdout ""
EOT

test_expect_success 'validate never writes to the repository' - <<\EOT
	setup &&
	git -C "$R" add -A &&
	git -C "$R" commit -qm init &&
	snapshot >before &&
	test_exit 0 "$WORKLOG" -C "$R" validate &&
	snapshot >after &&
	test_cmp before after &&
	git -C "$R" status --porcelain >status &&
	test_must_be_empty status
EOT

test_expect_success "one record's findings stop at 100, with a count of the rest" - <<\EOT
	setup &&
	{
		printf -- '---\ntype: note\nid: N-7\nstatus: open\ntags:\n' &&
		awk 'BEGIN { for (i = 0; i < 150; i++) print "  - same" }' &&
		printf -- '---\n'
	} >"$R/records/c.md" &&
	test_exit 1 "$WORKLOG" -C "$R" validate records/c.md &&
	test_line_count = 101 "$TRASH/out" &&
	sed -n '1p; 101p' "$TRASH/out" >ends &&
	test_cmp - ends <<-\EOF &&
	records/c.md:7:5: error: tags[1]: "same" is a duplicate of tags[0] [schema]
	records/c.md:1:1: error: 49 more problems in this record are not shown [schema]
	EOF
	test_stderr "checked 1 record: 101 errors, 0 warnings"
EOT

test_expect_success 'duplicates in a long list are found wherever they are' - <<\EOT
	setup &&
	{
		printf -- '---\ntype: note\nid: N-8\nstatus: open\ntags:\n' &&
		awk 'BEGIN { for (i = 0; i < 5000; i++) print "  - t" i }' &&
		echo "  - t17" &&
		printf -- '---\n'
	} >"$R/records/c.md" &&
	test_exit 1 "$WORKLOG" -C "$R" validate -q records/c.md &&
	test_stdout 'records/c.md:5006:5: error: tags[5000]: "t17" is a duplicate of tags[17] [schema]'
EOT

test_expect_success 'text from a record cannot forge an output line or a terminal escape' - <<\EOT
	setup &&
	printf -- '---\ntype: note\n"a\\nfake.md:1:1: error: x\\e[2J": 1\n"a\\nfake.md:1:1: error: x\\e[2J": 2\n---\n' >"$R/records/c.md" &&
	test_exit 1 "$WORKLOG" -C "$R" validate -q records/c.md &&
	test_stdout "records/c.md:4:1: error: duplicate key 'a\\nfake.md:1:1: error: x\\x1B[2J' (first at line 3) [duplicate-key]"
EOT

test_expect_success SYMLINKS 'symbolic links in the working tree are not followed out of it' - <<\EOT
	setup &&
	mkdir -p "$TRASH/outside" &&
	printf -- '---\ntype: note\nid: N-99\nstatus: secret\n---\n' >"$TRASH/outside/s.md" &&
	printf 'x-type: note\nrequried: [x]\n' >"$TRASH/outside/evil.yaml" &&
	ln -s "$TRASH/outside/s.md" "$R/records/link.md" &&
	ln -s "$TRASH/outside" "$R/records/linkdir" &&
	sed -i 's|^schemas: .*|schemas: [.worklog/schema, linked-schemas]|' "$R/.worklog.yaml" &&
	ln -s "$TRASH/outside" "$R/linked-schemas" &&
	test_exit 0 "$WORKLOG" -C "$R" validate &&
	test_stdout "" &&
	test_stderr "checked 2 records: 0 errors, 0 warnings" &&
	test_exit 2 "$WORKLOG" -C "$R" validate records/link.md &&
	test_stdout "" &&
	test_stderr <<-\EOF
	worklog: cannot read 'records/link.md': it is a symbolic link, which worklog does not follow
	checked 0 records: 0 errors, 0 warnings
	EOF
EOT

test_done
