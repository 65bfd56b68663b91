#!/bin/sh
# worklog validate on fresh repositories: findings, formats, paths, exit codes.
. "$(dirname "$0")/lib.sh"

R=$TMP/repo
setup() {
	new_repo "$R"
	write "$R/.worklog.yaml" <<-'EOT'
	version: 1
	records: ["records/**/*.md"]
	schemas: [.worklog/schema]
	people:
	  - {id: zhangsan, name: 张三}
	EOT
	write "$R/.worklog/schema/note.yaml" <<-'EOT'
	x-type: note
	x-id: id
	type: object
	required: [type, id, status]
	properties:
	  type: {const: note}
	  id: {type: string, pattern: "^N-\\d+$"}
	  status: {enum: [open, working, closed]}
	  due: {type: string, format: date}
	  tags: {type: array, items: {type: string}, uniqueItems: true}
	EOT
	write "$R/records/a.md" <<-'EOT'
	---
	type: note
	id: N-1
	status: open
	---
	Body.
	EOT
	write "$R/records/sub/b.md" <<-'EOT'
	---
	type: note
	id: N-2
	status: closed
	due: 2026-11-30
	---
	EOT
}

# A note whose status is not in the enum: one schema error at 4:9.
write_finished() {
	printf -- '---\ntype: note\nid: N-3\nstatus: finished\n---\n' >"$1"
}

test_start "a clean repository passes with exit 0 and a summary"
setup
expect_exit 0 "$WORKLOG" -C "$R" validate
expect_out ""
expect_err "checked 2 records: 0 errors, 0 warnings"
test_done

test_start "an enum violation points at the value"
setup
write_finished "$R/records/c.md"
expect_exit 1 "$WORKLOG" -C "$R" validate
expect_out 'records/c.md:4:9: error: status: "finished" is not one of open, working, closed [schema]'
expect_err "checked 3 records: 1 error, 0 warnings"
test_done

test_start "a missing required key is reported at the opening line"
setup
write "$R/records/c.md" <<-'EOT'
---
type: note
id: N-3
---
EOT
expect_exit 1 "$WORKLOG" -C "$R" validate records/c.md
expect_out "records/c.md:1:1: error: missing required property 'status' [schema]"
expect_err "checked 1 record: 1 error, 0 warnings"
test_done

test_start "every bad file is reported: the run goes on"
setup
printf -- '---\ntype: note\nid: N-4\nstatus: open\nstatus: closed\n---\n' >"$R/records/d.md"
printf -- '---\ntype: note\nid: [\n---\n' >"$R/records/e.md"
printf -- '---\ntype: note\nid: N-6\nstatus: open\ndue: 2026-02-30\n---\n' >"$R/records/f.md"
printf '# no front matter\n' >"$R/records/g.md"
expect_exit 1 "$WORKLOG" -C "$R" validate
cat >"$TMP/want" <<'EOT'
records/d.md:5:1: error: duplicate key 'status' (first at line 4) [duplicate-key]
records/e.md:4:1: error: did not find expected node content while parsing a flow node [syntax]
records/f.md:5:6: error: due: "2026-02-30" is not a valid date [schema]
records/g.md:1:1: error: missing front matter: the first line must be '---' [syntax]
EOT
expect_file_eq "$TMP/want" "$TMP/out"
expect_err "checked 6 records: 4 errors, 0 warnings"
test_done

test_start "--format json prints one object with relative paths"
setup
write "$R/records/c.md" <<-'EOT'
---
type: note
id: bad
status: open
---
EOT
expect_exit 1 "$WORKLOG" -C "$R" validate --format json
cat >"$TMP/want" <<'EOT'
{"records": 3, "errors": 1, "warnings": 0, "diagnostics": [
  {"path": "records/c.md", "line": 3, "column": 5, "severity": "error", "rule": "schema", "message": "id: \"bad\" does not match pattern '^N-\\d+$'"}
]}
EOT
expect_file_eq "$TMP/want" "$TMP/out"
if command -v jq >/dev/null 2>&1; then
	jq -e '.diagnostics[0].rule == "schema"' "$TMP/out" >/dev/null ||
		test_fail "jq cannot read the JSON output"
fi
test_done

test_start "--format json on a clean repository has an empty list"
setup
expect_exit 0 "$WORKLOG" -C "$R" validate --format=json -q
expect_out '{"records": 2, "errors": 0, "warnings": 0, "diagnostics": []}'
expect_err ""
test_done

test_start "--format github prints workflow commands"
setup
write_finished "$R/records/c.md"
expect_exit 1 "$WORKLOG" -C "$R" validate --format github -q records/c.md
expect_out '::error file=records/c.md,line=4,col=9,title=schema::status: "finished" is not one of open, working, closed'
test_done

test_start "paths are relative to the current folder and may be folders"
setup
write_finished "$R/records/sub/c.md"
(cd "$R/records" && expect_exit 1 "$WORKLOG" validate sub)
expect_out 'records/sub/c.md:4:9: error: status: "finished" is not one of open, working, closed [schema]'
expect_err "checked 2 records: 1 error, 0 warnings"
(cd "$R/records/sub" && expect_exit 0 "$WORKLOG" validate ../a.md)
expect_err "checked 1 record: 0 errors, 0 warnings"
test_done

test_start "a path outside the repository is a usage error"
setup
expect_exit 2 "$WORKLOG" -C "$R" validate /etc/passwd
expect_err "worklog: '/etc/passwd' is outside the repository '$(cd "$R" && pwd -P)'"
test_done

test_start "a file that cannot be read is exit 2 and the others are checked"
setup
expect_exit 2 "$WORKLOG" -C "$R" validate records/missing.md records/a.md
expect_out "records/missing.md:1:1: error: cannot read 'records/missing.md': No such file or directory [io]"
test_done

test_start "an unknown type names the known ones"
setup
write "$R/records/c.md" <<-'EOT'
---
type: nope
---
EOT
expect_exit 1 "$WORKLOG" -C "$R" validate records/c.md
grep -q "^records/c.md:2:7: error: type: unknown record type 'nope' (known: .*note.*) \[schema\]$" "$TMP/out" ||
	test_fail "unexpected: $(cat "$TMP/out")"
test_done

test_start "a record without a type field is reported"
setup
printf -- '---\nid: N-9\n---\n' >"$R/records/c.md"
expect_exit 1 "$WORKLOG" -C "$R" validate records/c.md
expect_out "records/c.md:1:1: error: missing 'type' field, and no 'types:' glob in .worklog.yaml matches this path [schema]"
test_done

test_start "a types: glob gives records their type"
setup
cat >>"$R/.worklog.yaml" <<-'EOT'
types: {"legacy/**": note}
records: ["records/**/*.md", "legacy/*.md"]
EOT
sed -i '2d' "$R/.worklog.yaml"
mkdir -p "$R/legacy"
printf -- '---\nid: N-10\nstatus: nope\n---\n' >"$R/legacy/x.md"
expect_exit 1 "$WORKLOG" -C "$R" validate legacy
expect_out 'legacy/x.md:3:9: error: status: "nope" is not one of open, working, closed [schema]'
test_done

test_start "a bad configuration is exit 2 with its position"
setup
printf 'version: 1\nrecods: [x]\n' >"$R/.worklog.yaml"
expect_exit 2 "$WORKLOG" -C "$R" validate
expect_out ""
cat >"$TMP/want" <<'EOT'
.worklog.yaml:2:1: error: unknown key 'recods' (known: version, records, schemas, types, people, rules, reports, hooks, limits, timezone) [config]
worklog: cannot use the configuration: 1 error
EOT
expect_file_eq "$TMP/want" "$TMP/err"
test_done

test_start "an unknown timezone is exit 2 with its position"
setup
printf 'version: 1\ntimezone: Mars/Olympus\n' >"$R/.worklog.yaml"
expect_exit 2 "$WORKLOG" -C "$R" validate
expect_out ""
cat >"$TMP/want" <<'EOT'
.worklog.yaml:2:11: error: timezone: unknown time zone 'Mars/Olympus' [config]
worklog: cannot use the configuration: 1 error
EOT
expect_file_eq "$TMP/want" "$TMP/err"
test_done

test_start "a records glob that leaves the repository is exit 2 and reads nothing"
setup
mkdir -p "$TMP/outside"
write_finished "$TMP/outside/secret.md"
printf 'version: 1\nrecords: ["../outside/*.md"]\n' >"$R/.worklog.yaml"
expect_exit 2 "$WORKLOG" -C "$R" validate
expect_out ""
cat >"$TMP/want" <<'EOT'
.worklog.yaml:2:11: error: records glob '../outside/*.md' is outside the repository [config]
worklog: cannot use the configuration: 1 error
EOT
expect_file_eq "$TMP/want" "$TMP/err"
test_done

test_start "many equal items in a unique list are reported, then counted"
setup
{
	printf -- '---\ntype: note\nid: N-9\nstatus: open\ntags:\n'
	awk 'BEGIN { for (i = 0; i < 200000; i++) print "- t" }'
	printf -- '---\n'
} >"$R/records/c.md"
expect_exit 1 "$WORKLOG" -C "$R" validate -q records/c.md
[ "$(wc -l <"$TMP/out")" -eq 101 ] || test_fail "expected 101 lines, got $(wc -l <"$TMP/out")"
[ "$(sed -n 101p "$TMP/out")" = 'records/c.md:1:1: error: 199899 more problems in this record are not shown [schema]' ] ||
	test_fail "last line: $(sed -n 101p "$TMP/out")"
test_done

test_start "a typo in a schema keyword is exit 2 with its position"
setup
printf 'x-type: note\ntype: object\nrequried: [id]\n' >"$R/.worklog/schema/note.yaml"
expect_exit 2 "$WORKLOG" -C "$R" validate
grep -q "^.worklog/schema/note.yaml:3:1: error: unknown keyword 'requried'" "$TMP/err" ||
	test_fail "unexpected: $(cat "$TMP/err")"
test_done

test_start "no configuration anywhere is exit 2"
mkdir -p "$TMP/empty"
expect_exit 2 "$WORKLOG" -C "$TMP/empty" validate
expect_err "worklog: not a worklog repository: no .worklog.yaml in '$TMP/empty' or any folder above it"
test_done

test_start "--config names the configuration file"
setup
cp "$R/.worklog.yaml" "$TMP/other.yaml"
rm "$R/.worklog.yaml"
expect_exit 0 "$WORKLOG" -C "$R" --config "$TMP/other.yaml" validate
expect_err "checked 2 records: 0 errors, 0 warnings"
test_done

test_start "colour only when asked, never with NO_COLOR on a pipe"
setup
write_finished "$R/records/c.md"
expect_exit 1 "$WORKLOG" -C "$R" validate --color=always -q records/c.md
printf '\033[1mrecords/c.md:4:9:\033[0m \033[1;31merror:\033[0m status: "finished" is not one of open, working, closed \033[2m[schema]\033[0m\n' >"$TMP/want"
expect_file_eq "$TMP/want" "$TMP/out"
expect_exit 1 "$WORKLOG" -C "$R" validate -q records/c.md
expect_out 'records/c.md:4:9: error: status: "finished" is not one of open, working, closed [schema]'
test_done

test_start "--help, --version and usage errors"
expect_exit 0 "$WORKLOG" validate --help
grep -q '^usage: worklog validate' "$TMP/out" || test_fail "no usage line"
expect_exit 0 "$WORKLOG" --version
grep -q '^worklog [0-9]' "$TMP/out" || test_fail "no version"
expect_exit 2 "$WORKLOG" validate --bogus
expect_err "worklog: unknown option '--bogus'
usage: worklog validate [OPTIONS] [PATH...]
Run 'worklog help validate' for its options."
expect_exit 2 "$WORKLOG" frobnicate
expect_err "worklog: 'frobnicate' is not a worklog command; see 'worklog --help'"
expect_exit 2 "$WORKLOG" validate --format yaml
expect_err "worklog: unknown format 'yaml' (use text, json or github)"
test_done

test_start "the built-in types are available with no schema folder"
setup
write "$R/records/t.md" <<-'EOT'
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
EOT
expect_exit 0 "$WORKLOG" -C "$R" validate records/t.md
expect_out ""
test_done

test_start "validate never writes to the repository"
setup
(cd "$R" && git add -A && git commit -qm init)
before=$(cd "$R" && find . -path ./.git -prune -o -type f -print | sort | xargs md5sum)
expect_exit 0 "$WORKLOG" -C "$R" validate
after=$(cd "$R" && find . -path ./.git -prune -o -type f -print | sort | xargs md5sum)
[ "$before" = "$after" ] || test_fail "files changed"
[ -z "$(git -C "$R" status --porcelain)" ] || test_fail "git status not clean"
test_done

test_start "one record's findings stop at 100, with a count of the rest"
setup
{
	printf -- '---\ntype: note\nid: N-7\nstatus: open\ntags:\n'
	i=0
	while [ $i -lt 150 ]; do echo "  - same"; i=$((i + 1)); done
	printf -- '---\n'
} >"$R/records/c.md"
expect_exit 1 "$WORKLOG" -C "$R" validate records/c.md
[ "$(wc -l <"$TMP/out")" -eq 101 ] || test_fail "expected 101 lines, got $(wc -l <"$TMP/out")"
[ "$(sed -n 1p "$TMP/out")" = 'records/c.md:7:5: error: tags[1]: "same" is a duplicate of tags[0] [schema]' ] ||
	test_fail "first line: $(sed -n 1p "$TMP/out")"
[ "$(sed -n 101p "$TMP/out")" = 'records/c.md:1:1: error: 49 more problems in this record are not shown [schema]' ] ||
	test_fail "last line: $(sed -n 101p "$TMP/out")"
expect_err "checked 1 record: 101 errors, 0 warnings"
test_done

test_start "duplicates in a long list are found wherever they are"
setup
{
	printf -- '---\ntype: note\nid: N-8\nstatus: open\ntags:\n'
	i=0
	while [ $i -lt 5000 ]; do echo "  - t$i"; i=$((i + 1)); done
	echo "  - t17"
	printf -- '---\n'
} >"$R/records/c.md"
expect_exit 1 "$WORKLOG" -C "$R" validate -q records/c.md
expect_out 'records/c.md:5006:5: error: tags[5000]: "t17" is a duplicate of tags[17] [schema]'
test_done

test_start "text from a record cannot forge an output line or a terminal escape"
setup
printf -- '---\ntype: note\n"a\\nfake.md:1:1: error: x\\e[2J": 1\n"a\\nfake.md:1:1: error: x\\e[2J": 2\n---\n' >"$R/records/c.md"
expect_exit 1 "$WORKLOG" -C "$R" validate -q records/c.md
expect_out "records/c.md:4:1: error: duplicate key 'a\\nfake.md:1:1: error: x\\x1B[2J' (first at line 3) [duplicate-key]"
test_done

test_start "symbolic links in the working tree are not followed out of it"
setup
mkdir -p "$TMP/outside"
printf -- '---\ntype: note\nid: N-99\nstatus: secret\n---\n' >"$TMP/outside/s.md"
printf 'x-type: note\nrequried: [x]\n' >"$TMP/outside/evil.yaml"
ln -s "$TMP/outside/s.md" "$R/records/link.md"
ln -s "$TMP/outside" "$R/records/linkdir"
sed -i 's|^schemas: .*|schemas: [.worklog/schema, linked-schemas]|' "$R/.worklog.yaml"
ln -s "$TMP/outside" "$R/linked-schemas"
expect_exit 0 "$WORKLOG" -C "$R" validate
expect_out ""
expect_err "checked 2 records: 0 errors, 0 warnings"
expect_exit 2 "$WORKLOG" -C "$R" validate records/link.md
expect_out "records/link.md:1:1: error: cannot read 'records/link.md': it is a symbolic link, which worklog does not follow [io]"
test_done

finish
