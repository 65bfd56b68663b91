#!/bin/sh
# Hostile schemas, records and globs cost bounded work (SECURITY.md,
# "Limits"): a bound that is hit is an error diagnostic at its position,
# never a hang or a silent pass, and valid input under the bounds still
# passes. The limits are set under limits: in .worklog.yaml.
. "$(dirname "$0")/lib.sh"

# A hang is a failure too: bound every run when timeout(1) is there.
RUN=
if command -v timeout >/dev/null 2>&1; then
	RUN="timeout 60"
fi

# note_repo SCHEMA-LINE...: a repository whose records under records/ are
# of type note: an object whose properties are the SCHEMA-LINEs (each
# indented under properties:). Its configuration's limits: go last.
note_repo() {
	new_repo "$R" &&
	write_config &&
	echo 'types: {"records/**": note}' >>"$R/.worklog.yaml" &&
	{
		printf 'x-type: note\ntype: object\nproperties:\n' &&
		for l_; do
			printf '  %s\n' "$l_"
		done
	} | write "$R/.worklog/schema/note.yaml"
}

# limits TEXT: the configuration's limits: (replaced if there).
limits() {
	sed -i '/^limits:/d' "$R/.worklog.yaml" &&
	printf 'limits: {%s}\n' "$1" >>"$R/.worklog.yaml"
}

# note PATH LINE...: a record with these front matter lines.
note() {
	p_=$1
	shift
	{
		printf -- '---\n' &&
		for l_; do
			printf '%s\n' "$l_"
		done &&
		printf -- '---\n'
	} | write "$R/$p_"
}

FORTY=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
TOO_COMPLEX="too complex to match in 1000000 steps (limits: regex-match-steps) [schema]"

# A thousand empty capture groups.
GROUPS=$(awk 'BEGIN { for (i = 0; i < 1000; i++) printf "()" }')

# nested N INNER: N mappings {a: ...} around INNER.
nested() {
	awk -v n="$1" -v inner="$2" 'BEGIN { for (i = 0; i < n; i++) printf "{a: "
		printf "%s", inner; for (i = 0; i < n; i++) printf "}" }'
}

# many_tags N VALUE: records/a.md, whose tags are N times VALUE.
many_tags() {
	mkdir -p "$R/records" &&
	{
		echo "---" &&
		echo "tags:" &&
		awk -v n="$1" -v v="$2" 'BEGIN { for (i = 0; i < n; i++) print "  - " v }' &&
		echo "---"
	} >"$R/records/a.md"
}

# one_of_defs: $defs n, three oneOf alternatives each recursing through
# $ref: exponential in the depth of the data.
one_of_defs() {
	cat >>"$R/.worklog/schema/note.yaml" <<-\EOF
	$defs:
	  n:
	    oneOf:
	      - {type: object, properties: {a: {$ref: '#/$defs/n'}}}
	      - {type: object, properties: {a: {$ref: '#/$defs/n'}}, required: [a]}
	      - {type: object, properties: {a: {$ref: '#/$defs/n'}}, minProperties: 0}
	EOF
}

test_expect_success 'a pattern too complex for a value is an error at the value' - <<\EOT
	note_repo "title: {pattern: '^(a+)+\$'}" &&
	note records/a.md "title: $FORTY!" &&
	note records/b.md "title: aaaa" &&
	test_exit 1 $RUN "$WORKLOG" -C "$R" validate --no-color &&
	test_stdout <<-EOF
	records/a.md:2:8: error: title: "$FORTY!" cannot be checked against pattern '^(a+)+\$': $TOO_COMPLEX
	EOF
EOT

test_expect_success 'a key a patternProperties regex gives up on is an error, not a pass' - <<\EOT
	note_repo "meta: {patternProperties: {'^(a+)+\$': {type: integer}}}" &&
	note records/a.md "meta: {$FORTY!: x}" &&
	test_exit 1 $RUN "$WORKLOG" -C "$R" validate --no-color &&
	test_stdout <<-EOF
	records/a.md:2:8: error: meta: property name "$FORTY!" cannot be checked against patternProperties pattern '^(a+)+\$': $TOO_COMPLEX
	EOF
EOT

test_expect_success 'a pattern too complex inside not is an error, not a pass' - <<\EOT
	note_repo "title: {not: {pattern: '^(a+)+\$'}}" &&
	note records/a.md "title: $FORTY!" &&
	test_exit 1 $RUN "$WORKLOG" -C "$R" validate --no-color &&
	test_stdout <<-EOF
	records/a.md:2:8: error: title: "$FORTY!" cannot be checked against pattern '^(a+)+\$': $TOO_COMPLEX
	EOF
EOT

# A thousand empty groups make every backtracking point 16 KiB: twenty
# repeats need more backtracking memory than a search may take, in few
# steps (without the bound, gigabytes before the steps run out).
test_expect_success 'a pattern whose backtracking passes 16 MiB of memory is an error at the value' - <<\EOT
	note_repo "title: {pattern: '^(?:a$GROUPS)*\$'}" &&
	note records/a.md "title: aaaaaaaaaaaaaaaaaaaa!" &&
	note records/b.md "title: a" &&
	test_exit 1 $RUN "$WORKLOG" -C "$R" validate --no-color &&
	test_line_count = 1 "$TRASH/out" &&
	test_grep -x "records/a.md:2:8: error: title: \"aaaaaaaaaaaaaaaaaaaa!\" cannot be checked against pattern '^(?:a()()().*': too complex to match in 16 MiB of backtracking memory \[schema\]" "$TRASH/out"
EOT

# Every backtracking point copies the thousand groups: each item costs
# 126 steps, so 2,000 such values (seconds of copying) spend the
# record's regex-steps.
test_expect_success 'steps of a pattern with many groups weigh more, up to regex-steps' - <<\EOT
	note_repo "tags: {items: {pattern: '^(?:a$GROUPS)*\$'}}" &&
	many_tags 2000 aaaaaaaaaaaaaaaaaaaa! &&
	test_exit 1 $RUN "$WORKLOG" -C "$R" validate --no-color &&
	test_grep -x "records/a.md:1:1: error: schema validation stopped: regular expressions took more than 10000000 steps (limits: regex-steps) \[schema\]" "$TRASH/out" &&
	test_line_count -lt 101 "$TRASH/out"
EOT

# A chain of 2,100 $refs in place, without a cycle: deeper than
# validation recurses (2,000), so the value cannot be judged.
test_expect_success 'a $ref chain deeper than validation recurses is an error, inside not too' - <<\EOT
	note_repo "x: {\$ref: '#/\$defs/d0'}" "y: {not: {\$ref: '#/\$defs/d0'}}" &&
	{
		echo '$defs:' &&
		awk 'BEGIN {
			for (i = 0; i < 2100; i++)
				printf "  d%d: {allOf: [{$ref: \"#/$defs/d%d\"}]}\n", i, i + 1
			print "  d2100: {type: integer}"
		}'
	} >>"$R/.worklog/schema/note.yaml" &&
	note records/a.md "x: 1" &&
	note records/b.md "y: 1" &&
	test_exit 1 $RUN "$WORKLOG" -C "$R" validate --no-color &&
	test_stdout <<-\EOF
	records/a.md:2:4: error: x: schema recursion too deep [schema]
	records/b.md:2:4: error: y: schema recursion too deep [schema]
	EOF
EOT

test_expect_success 'a pattern too long or too deeply nested is a configuration error at the pattern' - <<\EOT
	long=$(awk 'BEGIN { for (i = 0; i < 4097; i++) printf "a" }') &&
	nested=$(awk 'BEGIN { for (i = 0; i < 65; i++) printf "("; printf "a"; for (i = 0; i < 65; i++) printf ")" }') &&
	note_repo "x: {pattern: '$long'}" "y: {patternProperties: {'$nested': {}}}" &&
	note records/a.md "x: a" &&
	test_exit 2 $RUN "$WORKLOG" -C "$R" validate --no-color &&
	test_stderr <<-\EOF
	.worklog/schema/note.yaml:4:16: error: invalid regular expression in 'pattern': the pattern is longer than 4096 bytes at offset 4096 [schema]
	.worklog/schema/note.yaml:5:27: error: invalid regular expression in 'patternProperties': parentheses are too deeply nested at offset 65 [schema]
	worklog: cannot use the configuration: 2 errors
	EOF
EOT

test_expect_success 'a schema file nested deeper than 128 levels is a configuration error' - <<\EOT
	note_repo "x: $(nested 130 1)" &&
	note records/a.md "x: a" &&
	test_exit 2 $RUN "$WORKLOG" -C "$R" validate --no-color &&
	test_stderr <<-\EOF
	.worklog/schema/note.yaml:4:510: error: nesting deeper than 128 levels [syntax]
	worklog: cannot use the configuration: 1 error
	EOF
EOT

# lint judges front matter with the same compiled schemas, and
# aggregate's valid column too: the same budgets, the same verdict.
test_expect_success 'lint and aggregate judge a record under the same budgets' - <<\EOT
	note_repo "title: {pattern: '^(a+)+\$'}" "x: {\$ref: '#/\$defs/n'}" &&
	one_of_defs &&
	deep=$(nested 50 {}) &&
	note records/a.md "title: $FORTY!" &&
	note records/b.md "x: $deep" &&
	note records/c.md "title: aaaa" &&
	git -C "$R" add . &&
	git -C "$R" commit -q -m records &&
	test_exit 1 $RUN "$WORKLOG" -C "$R" lint --no-color &&
	test_stdout <<-EOF &&
	records/a.md:2:8: error: title: "$FORTY!" cannot be checked against pattern '^(a+)+\$': $TOO_COMPLEX
	records/b.md:1:1: error: schema validation stopped: more than 10000000 steps (limits: schema-steps) [schema]
	EOF
	test_exit 0 $RUN "$WORKLOG" -C "$R" aggregate --format json \
		--sql "SELECT path, valid FROM records ORDER BY path" &&
	test_stdout <<-\EOF
	[
	  {"path": "records/a.md", "valid": 0},
	  {"path": "records/b.md", "valid": 0},
	  {"path": "records/c.md", "valid": 1}
	]
	EOF
EOT

# Each value costs a few thousand steps; 2000 of them pass the default
# ten million.
many_values() {
	many_tags 2000 aaaaaaaaaaaaaaaaaaa!
}

test_expect_success 'a record whose values together pass regex-steps stops at the record' - <<\EOT
	note_repo "tags: {items: {pattern: '^(?!(a|aa)+\$)'}}" &&
	many_values &&
	test_exit 1 $RUN "$WORKLOG" -C "$R" validate --no-color &&
	test_stdout <<-\EOF
	records/a.md:1:1: error: schema validation stopped: regular expressions took more than 10000000 steps (limits: regex-steps) [schema]
	EOF
EOT

test_expect_success 'limits: regex-steps gives a record more regex steps' - <<\EOT
	note_repo "tags: {items: {pattern: '^(?!(a|aa)+\$)'}}" &&
	many_values &&
	limits "regex-steps: 1000000000" &&
	test_exit 0 $RUN "$WORKLOG" -C "$R" validate -q &&
	limits "regex-match-steps: 1000" &&
	test_exit 1 $RUN "$WORKLOG" -C "$R" validate --no-color &&
	test_line_count = 101 "$TRASH/out" &&
	test_grep -x "records/a.md:1:1: error: 1900 more problems in this record are not shown \[schema\]" "$TRASH/out" &&
	test_grep -x 'records/a.md:4:5: error: tags\[1\]: "aaaaaaaaaaaaaaaaaaa!" cannot be checked against pattern .*in 1000 steps (limits: regex-match-steps) \[schema\]' "$TRASH/out"
EOT

test_expect_success 'oneOf through $ref on deep data stops at schema-steps, at the record' - <<\EOT
	note_repo "x: {\$ref: '#/\$defs/n'}" &&
	one_of_defs &&
	deep=$(nested 50 {}) &&
	note records/a.md "x: $deep" &&
	test_exit 1 $RUN "$WORKLOG" -C "$R" validate --no-color &&
	test_stdout <<-\EOF &&
	records/a.md:1:1: error: schema validation stopped: more than 10000000 steps (limits: schema-steps) [schema]
	EOF
	limits "schema-steps: 1000" &&
	test_exit 1 $RUN "$WORKLOG" -C "$R" validate --no-color &&
	test_stdout <<-\EOF
	records/a.md:1:1: error: schema validation stopped: more than 1000 steps (limits: schema-steps) [schema]
	EOF
EOT

# big_schemas: a $defs of 110,000 entries, each referred to once, and an
# enum of 100,000 values: about 4 MB of schema.
big_schemas() {
	awk 'BEGIN {
		print "x-type: note"
		print "type: object"
		print "properties:"
		print "  kind:"
		printf "    enum: ["
		for (i = 0; i < 100000; i++)
			printf "%sk%d", i ? ", " : "", i
		print "]"
		for (i = 0; i < 110000; i++)
			printf "  p%d: {$ref: \"#/$defs/d%d\"}\n", i, i
		print "$defs:"
		for (i = 0; i < 110000; i++)
			printf "  d%d: {type: integer, minimum: %d}\n", i, i
	}' >"$R/.worklog/schema/note.yaml"
}

test_expect_success 'a 110k-entry $defs and a 100k-value enum are refused under the default limits' - <<\EOT
	note_repo &&
	big_schemas &&
	note records/a.md "kind: k5" &&
	test_exit 2 $RUN "$WORKLOG" -C "$R" validate --no-color &&
	test_stderr <<-\EOF
	.worklog/schema/note.yaml:1:1: error: file is 9254514 bytes, more than the limit of 1048576 (limits: schema-bytes) [schema]
	worklog: cannot use the configuration: 1 error
	EOF
EOT

test_expect_success 'with the limits raised they load, and the records are judged' - <<\EOT
	note_repo &&
	big_schemas &&
	limits "schema-bytes: 16777216, schema-nodes: 2000000" &&
	note records/a.md "kind: k99999" "p109999: 109999" "p0: 5" &&
	note records/b.md "kind: k100000" "p54321: 54320" &&
	test_exit 1 $RUN "$WORKLOG" -C "$R" validate --no-color &&
	test_stdout <<-\EOF
	records/b.md:2:7: error: kind: "k100000" is not one of k0, k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11, k12, k13, k14, k15, k16, k17, k18, k19, ... [schema]
	records/b.md:3:9: error: p54321: 54320 is less than the minimum 54321 [schema]
	EOF
EOT

test_expect_success 'schema files over schema-nodes or schema-files are refused' - <<\EOT
	note_repo "a: {type: string}" "b: {type: string}" &&
	printf 'x-type: other\n' >"$R/.worklog/schema/other.yaml" &&
	limits "schema-nodes: 8" &&
	test_exit 2 $RUN "$WORKLOG" -C "$R" validate --no-color &&
	test_stderr <<-\EOF &&
	.worklog/schema/note.yaml:4:6: error: more than 8 nodes [syntax]
	worklog: cannot use the configuration: 1 error
	EOF
	limits "schema-files: 1" &&
	test_exit 2 $RUN "$WORKLOG" -C "$R" validate --no-color &&
	test_stderr <<-\EOF
	.worklog/schema/other.yaml:1:1: error: schema file not loaded: more than 1 schema files (limits: schema-files) [schema]
	worklog: cannot use the configuration: 1 error
	EOF
EOT

test_expect_success 'limits beyond their ceilings are configuration errors' - <<\EOT
	note_repo &&
	limits "schema-steps: 0, regex-match-steps: 1000000000" &&
	test_exit 2 $RUN "$WORKLOG" -C "$R" validate --no-color &&
	test_stderr <<-\EOF
	.worklog.yaml:5:24: error: schema-steps must be a whole number from 1 to 100000000 [config]
	.worklog.yaml:5:46: error: regex-match-steps must be a whole number from 1 to 100000000 [config]
	worklog: cannot use the configuration: 2 errors
	EOF
EOT

test_expect_success 'a records glob of many ** against a deep path answers at once' - <<\EOT
	note_repo "title: {type: string}" &&
	stars=$(awk 'BEGIN { for (i = 0; i < 40; i++) printf "**/" }') &&
	sed -i "s|^records:.*|records: [\"${stars}x/*.md\", \"${stars}z/*.md\"]|" "$R/.worklog.yaml" &&
	deep=$(awk 'BEGIN { for (i = 0; i < 200; i++) printf "records/a/" }' | sed 's|/$||') &&
	note "$deep/x/t.md" "title: 1" &&
	note "$deep/y/t.md" "title: 2" &&
	test_exit 1 $RUN "$WORKLOG" -C "$R" validate --no-color &&
	test_stdout <<-EOF
	$deep/x/t.md:2:8: error: title: 1 is not a string [schema]
	EOF
EOT

test_expect_success 'a front matter of nearly the maximum size passes under the default limits' - <<\EOT
	note_repo "tags: {type: array, uniqueItems: true, items: {type: string, pattern: '^t[0-9]+\$'}}" "id: {enum: [a, b]}" &&
	mkdir -p "$R/records" &&
	{
		echo "---" &&
		echo "id: a" &&
		echo "tags:" &&
		awk 'BEGIN { for (i = 0; i < 90000; i++) print "  - t" i }' &&
		echo "---"
	} >"$R/records/a.md" &&
	test_exit 0 $RUN "$WORKLOG" -C "$R" validate -q
EOT

test_done
