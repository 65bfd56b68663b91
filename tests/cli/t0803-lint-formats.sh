#!/bin/sh
# worklog lint's outputs: json, sarif (checked against the SARIF 2.1.0
# schema by worklog's own validator), github (the default in GitHub
# Actions), gitlab; --fail-on; --list-rules and --explain; the sources.
. "$(dirname "$0")/lib.sh"

# Two issues: I-1 with an error (a stranger as owner) and a warning
# (an unquoted yes); I-2 clean.
setup() {
	new_repo "$R" &&
	write_config zhangsan=张三 lisi=李四 &&
	write_issue_schema &&
	write_issue records/I-1.md &&
	sed -i 's/^owner: zhangsan/owner: wangwu/; /^owner/a urgent: yes' "$R/records/I-1.md" &&
	write_issue records/I-2.md &&
	sed -i 's/I-1/I-2/' "$R/records/I-2.md"
}

test_expect_success 'text: the compiler form, the summary on stderr' - <<\EOT
	setup &&
	test_exit 1 "$WORKLOG" -C "$R" lint --today 2026-11-26 &&
	test_stdout <<-\EOF &&
	records/I-1.md:5:8: error: owner: "wangwu" is not in the roster [unknown-person]
	records/I-1.md:6:9: warning: urgent: yes is true to YAML 1.1 readers; write "yes" for the text or true for the boolean [truthy]
	EOF
	test_stderr "checked 2 records: 1 error, 1 warning"
EOT

test_expect_success JQ 'json: one object with the counts and every diagnostic' - <<\EOT
	setup &&
	test_exit 1 "$WORKLOG" -C "$R" lint --today 2026-11-26 --format json &&
	jq -c '[.records, .errors, .warnings, (.diagnostics | length)]' "$TRASH/out" >"$TRASH/counts" &&
	echo '[2,1,1,2]' >"$TRASH/want" &&
	test_cmp "$TRASH/want" "$TRASH/counts" &&
	jq -r '.diagnostics[] | [.path, .line, .column, .severity, .rule, .message] | @tsv' "$TRASH/out" >"$TRASH/rows" &&
	printf 'records/I-1.md\t5\t8\terror\tunknown-person\towner: "wangwu" is not in the roster\nrecords/I-1.md\t6\t9\twarning\ttruthy\turgent: yes is true to YAML 1.1 readers; write "yes" for the text or true for the boolean\n' >"$TRASH/want" &&
	test_cmp "$TRASH/want" "$TRASH/rows"
EOT

# sarif_is_valid FILE: worklog validates FILE against the SARIF 2.1.0
# schema (tests/sarif). worklog reads JSON Schema 2020-12, the schema is
# draft-04: its root `id` (draft-04's $id) is dropped, and the one
# `format: uri-reference` (a format worklog does not know) is dropped;
# every other keyword is checked as written. The schema becomes the
# record type sarif, and FILE a record of it.
sarif_is_valid() {
	rm -rf "$TRASH/v" &&
	mkdir -p "$TRASH/v/s" "$TRASH/v/records" &&
	printf 'version: 1\nrecords: ["records/*.md"]\nschemas: [s]\n' >"$TRASH/v/.worklog.yaml" &&
	jq '.["x-type"] = "sarif" | .properties.type = {const: "sarif"} | del(.id) |
	    walk(if type == "object" and .format == "uri-reference" then del(.format) else . end)' \
		"$PROJECT_DIR/tests/sarif/sarif-schema-2.1.0.json" >"$TRASH/v/s/sarif.yaml" &&
	{ echo --- && jq '.type = "sarif"' "$1" && echo ---; } >"$TRASH/v/records/log.md" &&
	"$WORKLOG" -C "$TRASH/v" validate -q
}

test_expect_success JQ 'sarif: valid SARIF 2.1.0, and the check would catch an invalid log' - <<\EOT
	setup &&
	test_exit 1 "$WORKLOG" -C "$R" lint --today 2026-11-26 --format sarif &&
	cp "$TRASH/out" "$TRASH/log.sarif" &&
	sarif_is_valid "$TRASH/log.sarif" &&
	jq '.runs[0].results[0].level = "fatal"' "$TRASH/log.sarif" >"$TRASH/bad.sarif" &&
	! sarif_is_valid "$TRASH/bad.sarif" >"$TRASH/bad.out" 2>&1 &&
	test_grep 'level: "fatal" is not one of' "$TRASH/bad.out"
EOT

test_expect_success JQ 'sarif: the rules with their help and examples, the results pointing into SRCROOT' - <<\EOT
	setup &&
	test_exit 1 "$WORKLOG" -C "$R" lint --today 2026-11-26 --format sarif &&
	jq -r '.runs[0] | .columnKind, .originalUriBaseIds.SRCROOT.uri, (.tool.driver.rules | length),
	    (.tool.driver.rules[4] | .id, .defaultConfiguration.level, .shortDescription.text),
	    ([.results[] | .ruleId == .tool.driver.rules[.ruleIndex].id] | length)' "$TRASH/out" >"$TRASH/got" &&
	printf 'unicodeCodePoints\nfile://%s/\n19\ntruthy\nwarning\nan unquoted yes/no/on/off/y/n\n2\n' "$(cd "$R" && pwd)" >"$TRASH/want" &&
	test_cmp "$TRASH/want" "$TRASH/got" &&
	jq -r '.runs[0] as $r | $r.results[] | [.ruleId, $r.tool.driver.rules[.ruleIndex].id, .level,
	    .locations[0].physicalLocation.artifactLocation.uri, .locations[0].physicalLocation.artifactLocation.uriBaseId,
	    .locations[0].physicalLocation.region.startLine, .locations[0].physicalLocation.region.startColumn] | @tsv' \
		"$TRASH/out" >"$TRASH/got" &&
	printf 'unknown-person\tunknown-person\terror\trecords/I-1.md\tSRCROOT\t5\t8\ntruthy\ttruthy\twarning\trecords/I-1.md\tSRCROOT\t6\t9\n' >"$TRASH/want" &&
	test_cmp "$TRASH/want" "$TRASH/got" &&
	jq -r '.runs[0].tool.driver.rules[4].help.text' "$TRASH/out" >"$TRASH/got" &&
	test_grep '^Bad:$' "$TRASH/got" &&
	test_grep '^approved: yes$' "$TRASH/got"
EOT

test_expect_success JQ 'sarif: fingerprints stay when unrelated lines move, and differ between findings' - <<\EOT
	setup &&
	test_exit 1 "$WORKLOG" -C "$R" lint --today 2026-11-26 --format sarif &&
	jq -r '.runs[0].results[].partialFingerprints["worklogFinding/v1"]' "$TRASH/out" >"$TRASH/before" &&
	test_line_count = 2 "$TRASH/before" &&
	test "$(sort -u "$TRASH/before" | wc -l)" = 2 &&
	sed -i 's/^type: issue/type: issue\n# 一行注释，挪动下面的行/' "$R/records/I-1.md" &&
	test_exit 1 "$WORKLOG" -C "$R" lint --today 2026-11-26 --format sarif &&
	jq -r '.runs[0].results[] | .locations[0].physicalLocation.region.startLine' "$TRASH/out" >"$TRASH/lines" &&
	printf '6\n7\n' >"$TRASH/want" &&
	test_cmp "$TRASH/want" "$TRASH/lines" &&
	jq -r '.runs[0].results[].partialFingerprints["worklogFinding/v1"]' "$TRASH/out" >"$TRASH/after" &&
	test_cmp "$TRASH/before" "$TRASH/after"
EOT

test_expect_success JQ 'sarif: the same finding twice in a file gets two fingerprints' - <<\EOT
	setup &&
	printf -- '- [ ] a @wangwu\n- [ ] b @wangwu\n' >>"$R/records/I-2.md" &&
	test_exit 1 "$WORKLOG" -C "$R" lint --today 2026-11-26 --format sarif records/I-2.md &&
	jq -r '.runs[0].results[].partialFingerprints["worklogFinding/v1"]' "$TRASH/out" >"$TRASH/fp" &&
	test_line_count = 2 "$TRASH/fp" &&
	test "$(sort -u "$TRASH/fp" | wc -l)" = 2
EOT

test_expect_success 'github: workflow commands, the default when GITHUB_ACTIONS=true' - <<\EOT
	setup &&
	test_exit 1 env GITHUB_ACTIONS=true "$WORKLOG" -C "$R" lint -q --today 2026-11-26 &&
	test_stdout <<-\EOF &&
	::error file=records/I-1.md,line=5,col=8,title=unknown-person::owner: "wangwu" is not in the roster
	::warning file=records/I-1.md,line=6,col=9,title=truthy::urgent: yes is true to YAML 1.1 readers; write "yes" for the text or true for the boolean
	EOF
	test_exit 1 env GITHUB_ACTIONS=true "$WORKLOG" -C "$R" lint -q --today 2026-11-26 --format text &&
	test_grep '^records/I-1.md:5:8: error: ' "$TRASH/out" &&
	test_exit 1 env GITHUB_ACTIONS=false "$WORKLOG" -C "$R" lint -q --today 2026-11-26 &&
	test_grep '^records/I-1.md:5:8: error: ' "$TRASH/out"
EOT

test_expect_success JQ 'gitlab: a Code Quality report with the SARIF fingerprints' - <<\EOT
	setup &&
	test_exit 1 "$WORKLOG" -C "$R" lint -q --today 2026-11-26 --format gitlab &&
	jq -r '.[] | [.check_name, .severity, .location.path, .location.lines.begin, .description] | @tsv' "$TRASH/out" >"$TRASH/got" &&
	printf 'unknown-person\tmajor\trecords/I-1.md\t5\towner: "wangwu" is not in the roster\ntruthy\tminor\trecords/I-1.md\t6\turgent: yes is true to YAML 1.1 readers; write "yes" for the text or true for the boolean\n' >"$TRASH/want" &&
	test_cmp "$TRASH/want" "$TRASH/got" &&
	jq -r '.[].fingerprint' "$TRASH/out" >"$TRASH/gitlab.fp" &&
	test_exit 1 "$WORKLOG" -C "$R" lint -q --today 2026-11-26 --format sarif &&
	jq -r '.runs[0].results[].partialFingerprints["worklogFinding/v1"]' "$TRASH/out" >"$TRASH/sarif.fp" &&
	test_cmp "$TRASH/sarif.fp" "$TRASH/gitlab.fp" &&
	test_exit 0 "$WORKLOG" -C "$R" lint -q --today 2026-11-26 --format gitlab records/I-2.md &&
	test_stdout "[]"
EOT

test_expect_success '--fail-on warning makes a warning exit 1; errors always do' - <<\EOT
	setup &&
	sed -i 's/^owner: wangwu/owner: lisi/' "$R/records/I-1.md" &&
	test_exit 0 "$WORKLOG" -C "$R" lint -q --today 2026-11-26 &&
	test_exit 1 "$WORKLOG" -C "$R" lint -q --today 2026-11-26 --fail-on warning &&
	test_exit 0 "$WORKLOG" -C "$R" lint -q --today 2026-11-26 --fail-on error &&
	test_exit 2 "$WORKLOG" -C "$R" lint -q --fail-on notice &&
	test_stderr "worklog: option '--fail-on' takes error or warning, not 'notice'"
EOT

test_expect_success '--list-rules: every rule, its default severity and what it finds' - <<\EOT
	test_exit 0 "$WORKLOG" lint --list-rules &&
	test_stdout <<-\EOF
	syntax              error    the front matter cannot be read
	duplicate-key       error    a key twice in one mapping
	schema              error    a value breaks the record type's schema, or the type is unknown
	encoding            warning  a byte-order mark, CRLF or mixed line ends [fix]
	truthy              warning  an unquoted yes/no/on/off/y/n [fix]
	duplicate-id        error    two records with the same id
	dangling-ref        error    an x-ref value names no record of its type
	unknown-person      error    an x-person value or a task item's @owner is not in the roster
	missing-section     error    a body heading x-sections requires is missing [fix]
	empty-section       warning  a section x-sections marks nonempty is empty
	filename            error    the path does not match x-filename
	date-order          error    dates out of the order x-date-order gives
	overdue             warning  an open record or task item past its due date
	stale               off      an open record unchanged in git for too long [history]
	cadence             off      a required periodic record is missing or late [history]
	review              off      a record not reviewed in time [history]
	locked              off      a change to a record that the rules have closed [history]
	transition          error    a field change x-transitions does not allow [history]
	unused-suppression  warning  a disable comment that suppresses nothing
	EOF
EOT

test_expect_success JQ '--list-rules --format json: every rule with its help and examples' - <<\EOT
	test_exit 0 "$WORKLOG" lint --list-rules --format json &&
	jq -r '.rules | length, ([.[] | select(.help != "" and .bad != "" and .good != "")] | length),
	    (.[] | select(.id == "cadence") | [.severity, (.needs | join(",")), (.options | map(.name) | join(","))] | @tsv),
	    (.[] | select(.id == "syntax") | [.suppressible, .validate, .fixable] | @tsv)' "$TRASH/out" >"$TRASH/got" &&
	printf '19\n19\noff\tall,history,today\tsince,require\nfalse\ttrue\tfalse\n' >"$TRASH/want" &&
	test_cmp "$TRASH/want" "$TRASH/got"
EOT

test_expect_success '--explain RULE: the help, a bad and a good example' - <<\EOT
	test_exit 0 "$WORKLOG" lint --explain truthy &&
	test_stdout <<-\EOF &&
	truthy (warning, fixable)
	an unquoted yes/no/on/off/y/n
	
	worklog reads YAML 1.2, where these are strings, but YAML 1.1 readers
	(PyYAML, many editors and tools) take them for booleans. Keys and
	values, in every case variant YAML 1.1 knows (yes, Yes, YES). `--fix`
	quotes them.
	
	Bad:
	    approved: yes
	
	Good:
	    approved: "yes"    # or true, if a boolean is meant
	EOF
	test_exit 2 "$WORKLOG" lint --explain truthyy &&
	test_stderr "worklog: unknown rule 'truthyy'; see 'worklog lint --list-rules'" &&
	test_exit 2 "$WORKLOG" lint --list-rules --format sarif &&
	test_grep "^worklog: --list-rules and --explain print text or json$" "$TRASH/err"
EOT

test_expect_success 'the sources: --staged reads the index, --rev a commit' - <<\EOT
	setup &&
	git -C "$R" add -A &&
	git -C "$R" commit -qm issues &&
	sed -i 's/^owner: wangwu/owner: lisi/' "$R/records/I-1.md" &&
	git -C "$R" add -A &&
	sed -i 's/^urgent: yes/urgent: "yes"/' "$R/records/I-1.md" &&
	test_exit 0 "$WORKLOG" -C "$R" lint -q --today 2026-11-26 &&
	test_stdout "" &&
	test_exit 0 "$WORKLOG" -C "$R" lint -q --today 2026-11-26 --staged &&
	test_stdout 'records/I-1.md:6:9: warning: urgent: yes is true to YAML 1.1 readers; write "yes" for the text or true for the boolean [truthy]' &&
	test_exit 1 "$WORKLOG" -C "$R" lint -q --today 2026-11-26 --rev HEAD &&
	test_stdout <<-\EOF
	records/I-1.md:5:8: error: owner: "wangwu" is not in the roster [unknown-person]
	records/I-1.md:6:9: warning: urgent: yes is true to YAML 1.1 readers; write "yes" for the text or true for the boolean [truthy]
	EOF
EOT

test_done
