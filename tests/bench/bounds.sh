#!/bin/sh
# Times `worklog validate` on hostile records, schemas and globs, with
# its peak memory, against the bound SECURITY.md promises: any single
# record or schema costs at most 1 s and 100 MB beyond its size, under
# the configured limits.
#
# Usage: sh tests/bench/bounds.sh /abs/path/to/worklog [CASE...]
#        OLD=/path/to/older/worklog sh tests/bench/bounds.sh ...
#
# Each case is a small repository made in build/bench/bounds/CASE. With
# OLD, the older binary runs each case too (killed after OLD_TIMEOUT
# seconds, 60 by default), to show what the bounds changed. See
# tests/bench/README.md.
set -eu

WORKLOG=${1:?usage: bounds.sh /abs/path/to/worklog [CASE...]}
shift
CASES=${*:-regex-values regex-positions regex-record regex-memory oneof-ref defs-110k \
	defs-110k-default enum-100k const-map glob-stars anchors \
	max-front-matter diagnostics schema-objects patterns}
OLD=${OLD:-}
OLD_TIMEOUT=${OLD_TIMEOUT:-60}

. "$(dirname "$0")/lib.sh"

TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bounds.sh: needs GNU time at $TIME" >&2; exit 2; }

base="$out/bounds"
mkdir -p "$base"

# repo CASE: a fresh repository for CASE, which becomes the current
# folder: records under records/ are notes (schema s/note.yaml).
repo() {
	r="$base/$1"
	rm -rf "$r"
	mkdir -p "$r/records" "$r/s"
	cd "$r"
	git init -q
	printf 'version: 1\nrecords: ["records/**/*.md"]\nschemas: [s]\ntypes: {"records/**": note}\n' >.worklog.yaml
}

# note_schema: s/note.yaml, x-type note, its properties from stdin.
note_schema() {
	{ printf 'x-type: note\ntype: object\nproperties:\n'; sed 's/^/  /'; } >s/note.yaml
}

# record NAME: records/NAME.md, its front matter from stdin.
record() {
	{ echo ---; cat; echo ---; } >"records/$1.md"
}

# measure BINARY: runs `BINARY validate` in the current repository and
# sets cpu (user + system seconds: what the run cost, whatever else the
# machine is doing), wall, kb (peak resident), rc and first (its first
# line of output).
measure() {
	set +e
	if [ "$1" = "$WORKLOG" ]; then
		$TIME -f '%e %U %S %M' -o "$base/time" "$1" validate --no-color \
			>"$base/stdout" 2>"$base/stderr"
	else
		# An older binary knows no schema limits: it runs without.
		cp .worklog.yaml "$base/config"
		sed -i '/^limits:/d' .worklog.yaml
		$TIME -f '%e %U %S %M' -o "$base/time" timeout "$OLD_TIMEOUT" \
			"$1" validate --no-color >"$base/stdout" 2>"$base/stderr"
	fi
	rc=$?
	[ "$1" = "$WORKLOG" ] || cp "$base/config" .worklog.yaml
	set -e
	read -r wall user sys kb <<-EOF
	$(tail -1 "$base/time")
	EOF
	cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
	first=$(cat "$base/stdout" "$base/stderr" | grep -v '^checked ' | head -1 | cut -c1-100)
}

# The peak memory of validating one empty note: what any run costs.
repo baseline
echo 'title: {type: string}' | note_schema
echo 'title: t' | record a
measure "$WORKLOG"
base_kb=$kb

# setup_CASE: makes the case's repository (the current folder).

setup_regex_values() {
	# A catastrophic pattern against 2,000 values it cannot settle.
	echo "tags: {items: {pattern: '^(a+)+\$'}}" | note_schema
	awk 'BEGIN { print "tags:"; for (i = 0; i < 2000; i++)
		print "  - aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!" }' | record a
}

setup_regex_positions() {
	# Unanchored: 2^16 steps at each of thousands of start positions,
	# under PCRE2's per-position limit every time.
	echo "tags: {items: {pattern: '(a+)+\\\\d'}}" | note_schema
	awk 'BEGIN { print "tags:"; for (i = 0; i < 50; i++) { printf "  - ";
		for (j = 0; j < 1000; j++) printf "aaaaaaaaaaaaaaaa-"; print "" } }' | record a
}

setup_regex_record() {
	# Each value is cheap enough alone; 20,000 of them are not.
	echo "tags: {items: {pattern: '^(?!(a|aa)+\$)'}}" | note_schema
	awk 'BEGIN { print "tags:"; for (i = 0; i < 20000; i++)
		print "  - aaaaaaaaaaaaaaaaaaa!" }' | record a
}

setup_regex_memory() {
	# A thousand capture groups make each backtracking point 16 KiB:
	# 2,000 short values, each past the backtracking memory in a few
	# thousand steps (without that bound, 330 MB for one of them).
	groups=$(awk 'BEGIN { for (i = 0; i < 1000; i++) printf "()" }')
	echo "tags: {items: {pattern: '^(?:a$groups)*\$'}}" | note_schema
	awk 'BEGIN { print "tags:"; for (i = 0; i < 2000; i++)
		print "  - aaaaaaaaaaaaaaaaaaaa!" }' | record a
}

setup_oneof_ref() {
	# Three alternatives recursing through $ref: 3^60 on 60-deep data.
	echo "x: {\$ref: '#/\$defs/n'}" | note_schema
	cat >>s/note.yaml <<-\EOF
	$defs:
	  n:
	    oneOf:
	      - {type: object, properties: {a: {$ref: '#/$defs/n'}}}
	      - {type: object, properties: {a: {$ref: '#/$defs/n'}}, required: [a]}
	      - {type: object, properties: {a: {$ref: '#/$defs/n'}}, minProperties: 0}
	EOF
	awk 'BEGIN { printf "x: "; for (i = 0; i < 60; i++) printf "{a: ";
		printf "{}"; for (i = 0; i < 60; i++) printf "}"; print "" }' | record a
}

defs_schema() {
	awk 'BEGIN {
		print "x-type: note"; print "type: object"; printf "allOf: ["
		for (i = 0; i < 100000; i++)
			printf "%s{$ref: \"#/$defs/d%d\"}", i ? ", " : "", i
		print "]"
		print "properties: {p: {$ref: \"#/$defs/d109999\"}}"
		print "$defs:"
		for (i = 0; i < 109999; i++)
			printf "  d%d: {}\n", i
		print "  d109999: {type: integer}"
	}' >s/note.yaml
	printf 'p: x\n' | record a
}

setup_defs_110k() {
	# 110,000 $defs, 100,000 of them referred to (4 MB), with the limits
	# raised to let it in: the bound is for the default limits, so this
	# case is only informational.
	raised=1
	defs_schema
	echo 'limits: {schema-bytes: 4194304, schema-nodes: 1000000}' >>.worklog.yaml
}

setup_defs_110k_default() {
	# The same under the default limits: refused, unread.
	defs_schema
}

setup_enum_100k() {
	# 50,000 values looked up in an enum of 100,000 (which needs
	# schema-nodes doubled).
	echo 'limits: {schema-nodes: 200000}' >>.worklog.yaml
	awk 'BEGIN { printf "tags: {items: {enum: ["
		for (i = 0; i < 100000; i++) printf "%sk%d", i ? ", " : "", i
		print "]}}" }' | note_schema
	awk 'BEGIN { print "tags:"; for (i = 0; i < 50000; i++)
		print "  - k" (i * 2) }' | record a
}

setup_const_map() {
	# A const mapping of 30,000 keys against a record's, keys reversed.
	awk 'BEGIN { printf "m: {const: {"
		for (i = 0; i < 30000; i++) printf "%sk%d: %d", i ? ", " : "", i, i
		print "}}" }' | note_schema
	awk 'BEGIN { print "m:"; for (i = 29999; i >= 0; i--)
		print "  k" i ": " i }' | record a
}

setup_glob_stars() {
	# 40 ** in each records glob; 100 records 200 folders deep.
	stars=$(awk 'BEGIN { for (i = 0; i < 40; i++) printf "**/" }')
	sed -i "s|^records:.*|records: [\"${stars}x/*.md\", \"${stars}y/z/*.md\"]|" .worklog.yaml
	echo 'title: {type: string}' | note_schema
	deep=$(awk 'BEGIN { for (i = 0; i < 200; i++) printf "records/a/" }')
	mkdir -p "$deep/x" "$deep/w"
	i=0
	while [ $i -lt 100 ]; do
		printf -- '---\ntitle: t\n---\n' >"$deep/x/$i.md"
		printf -- '---\ntitle: t\n---\n' >"$deep/w/$i.md"
		i=$((i + 1))
	done
}

setup_anchors() {
	# A 1 MiB front matter of 32,000 anchors and as many aliases.
	echo 'title: {type: string}' | note_schema
	awk 'BEGIN { for (i = 0; i < 32000; i++) printf "a%d: &x%d 1\n", i, i
		for (i = 0; i < 32000; i++) printf "b%d: *x%d\n", i, i }' | record a
}

setup_max_front_matter() {
	# A valid front matter just under 1 MiB: 90,000 unique tags, each
	# checked against a pattern.
	echo "tags: {type: array, uniqueItems: true, items: {type: string, pattern: '^t[0-9]+\$'}}" | note_schema
	awk 'BEGIN { print "tags:"; for (i = 0; i < 90000; i++) print "  - t" i }' | record a
}

setup_diagnostics() {
	# 200,000 duplicates (1 MiB): a diagnostic each, until the steps
	# run out.
	echo 'tags: {uniqueItems: true}' | note_schema
	awk 'BEGIN { print "tags:"; for (i = 0; i < 200000; i++) print "- a" }' | record a
}

setup_schema_objects() {
	# As many subschemas as the default schema-nodes allows, each
	# applied to the record: what a schema's size can cost in memory.
	awk 'BEGIN { print "x-type: note"; printf "allOf: [{}"
		for (i = 1; i < 99990; i++) printf ", {}"; print "]" }' >s/note.yaml
	echo 'a: 1' | record a
}

setup_patterns() {
	# A schema of 20,000 distinct patterns (1 MiB): compiled once each.
	awk 'BEGIN { for (i = 0; i < 20000; i++)
		printf "p%d: {pattern: \"^x%d[a-z]+(-[0-9]{2,4})?$\"}\n", i, i }' | note_schema
	printf 'p5: x5abc-12\np7: nope\n' | record a
}

printf '%-18s %6s %6s %5s %5s  %s\n' case cpu-s wall-s MB over "first finding"
verdict=0
for c in $CASES; do
	fn=setup_$(echo "$c" | tr - _)
	raised=
	repo "$c"
	$fn
	size_kb=$(du -sk records s | awk '{ s += $1 } END { print s }')
	measure "$WORKLOG"
	over=$(( (kb - base_kb - size_kb) / 1024 ))
	[ "$over" -ge 0 ] || over=0
	ok=ok
	if awk -v s="$cpu" 'BEGIN { exit !(s > 1.0) }' || [ "$over" -gt 100 ]; then
		ok="OVER THE BOUND"
		[ -n "$raised" ] && ok="limits raised: not bound"
		[ -n "$raised" ] || verdict=1
	fi
	case $rc in 0 | 1 | 2) ;; *) ok="exit $rc"; verdict=1 ;; esac
	printf '%-18s %6s %6s %5s %5s  %s  [%s]\n' "$c" "$cpu" "$wall" \
		$((kb / 1024)) "$over" "$first" "$ok"
	if [ -n "$OLD" ]; then
		measure "$OLD"
		[ "$rc" -eq 124 ] && first="(killed after ${OLD_TIMEOUT} s)"
		printf '%-18s %6s %6s %5s %5s  %s\n' "  before" "$cpu" "$wall" \
			$((kb / 1024)) "" "$first"
	fi
done
echo "bound: 1 s of CPU and 100 MB over the baseline ($((base_kb / 1024)) MB) and the input's size"
exit $verdict
