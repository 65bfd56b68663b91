#!/bin/sh
# The man pages say what the binary does: each command has a page whose
# OPTIONS are exactly the rows of its option table (`worklog help
# --options`), worklog(1) lists every command and the common options,
# worklog-lint(1) every rule with its default severity, worklog-config(5)
# every key and rule option the configuration reader knows, and
# worklog-schema(5) every schema keyword and built-in type. Each check
# prints one line per difference, so that a new option, rule or key that
# is not documented fails here with what to add. (`make check` also
# runs mandoc -Tlint on every page.)
. "$(dirname "$0")/lib.sh"

MAN=$PROJECT_DIR/man

# The option names of the .It Fl lines in the OPTIONS section of a page,
# one per line ("--fix", "-n").
page_options() {
	awk '/^\.Sh /{ on = ($2 == "OPTIONS") } on && /^\.It Fl /{
		for (i = 2; i < NF; i++) if ($i == "Fl") print "-" $(i + 1)
	}' "$1" | sort -u
}

# The option names in the table of COMMAND ("worklog": the common
# options), hidden rows left out; common rows only for "worklog".
table_options() {
	"$WORKLOG" help --options | awk -F '\t' -v cmd="$1" '
		$1 != cmd || $8 ~ /(^|,)hidden(,|$)/ { next }
		cmd != "worklog" && $2 == "common" { next }
		{ if ($3 != "-") print $3; if ($4 != "-") print $4 }' | sort -u
}

# What man pages in folder $1 lack or have too many, one line each.
check_options() {
	"$WORKLOG" help --commands >commands &&
	cut -f1 commands >names &&
	for c in worklog $(cat names); do
		page=$1/worklog-$c.1
		[ "$c" = worklog ] && page=$1/worklog.1
		if [ ! -f "$page" ]; then
			echo "no man page man/${page##*/} for the command $c (a draft: sh man/skeleton.sh build/worklog $c >man/${page##*/})"
			continue
		fi
		table_options "$c" >table.$c &&
		page_options "$page" >page.$c &&
		comm -23 table.$c page.$c | sed "s|^|${page##*/}: OPTIONS lacks |" &&
		comm -13 table.$c page.$c | sed "s|^|${page##*/}: OPTIONS has |;s|\$| (not in the table)|" ||
		return 1
	done &&
	for p in "$1"/worklog-*.1; do
		c=${p##*/worklog-}
		c=${c%.1}
		grep -qx "$c" names || echo "${p##*/}: no command $c"
		grep -qx "\.It Cm $c" "$1/worklog.1" ||
			echo "worklog.1: DESCRIPTION lacks .It Cm $c"
		grep -q "^\.Xr worklog-$c 1" "$1/worklog.1" ||
			echo "worklog.1: SEE ALSO lacks worklog-$c(1)"
	done
	# worklog(1) describes every format, each page names the formats
	# its command prints.
	"$WORKLOG" help --options | awk -F '\t' '$1 == "worklog" && $3 == "--format" {
		gsub(/\|/, "\n", $7); print $7 }' | while read -r f; do
		grep -qx "\.It Cm $f" "$1/worklog.1" ||
			echo "worklog.1: --format lacks .It Cm $f"
	done &&
	while IFS='	' read -r c formats summary; do
		[ -f "$1/worklog-$c.1" ] || continue
		for f in $(echo "$formats" | tr '|' ' '); do
			grep -q "^\.Cm $f\( \|\$\)" "$1/worklog-$c.1" ||
				echo "worklog-$c.1: lacks the format $f"
		done
	done <commands
}

# The rules of `lint --list-rules` and their default severities against
# the RULES list of worklog-lint(1): ".It Cm RULE" then "SEVERITY[:;]".
check_rules() {
	"$WORKLOG" lint --list-rules | awk '{ print $1, $2 }' | sort >rules.table &&
	awk '/^\.Sh /{ on = ($2 == "RULES") } on && prev ~ /^\.It Cm / {
		split(prev, a, " "); sev = $1; sub(/[:;]$/, "", sev)
		print a[3], sev } { prev = $0 }' "$1/worklog-lint.1" |
		sort >rules.page &&
	comm -23 rules.table rules.page | sed 's/^/worklog-lint.1: RULES lacks /' &&
	comm -13 rules.table rules.page | sed 's/^/worklog-lint.1: RULES has /'
}

# The keys in the "(known: a, b)" lists of the configuration reader's
# messages for a configuration with an unknown key everywhere, against
# worklog-config(5): each must be an ".It Cm KEY" (a rule's options
# ".It Cm RULE : Cm OPTION").
check_config() {
	"$WORKLOG" lint --list-rules | awk '{ print $1 }' >rule.ids &&
	{
		printf 'version: 1\nbogus: 1\nlimits: {bogus: 1}\n'
		printf 'hooks: {bogus: 1}\npeople: [{id: a, bogus: 1}]\nrules:\n'
		sed 's/.*/  &: {bogus: 1}/' rule.ids
	} >bad.yaml &&
	test_exit 2 "$WORKLOG" --config bad.yaml validate &&
	sed -n "s/.*rule '\([a-z-]*\)': unknown option .*(known: \(.*\)).*/\1 \2/p" err |
		tr -d ',' | while read -r rule opts; do
		for o in $opts; do
			[ "$o" = severity ] && continue
			grep -qx "\.It Cm $rule : Cm $o" "$1/worklog-config.5" ||
				echo "worklog-config.5: lacks the option $o of the rule $rule"
		done
	done &&
	grep -v "rule '" err | sed -n 's/.*(known: \(.*\)).*/\1/p' | tr -d ',' |
		tr ' ' '\n' | sort -u | while read -r k; do
		grep -q "^\.It Cm $k\( \|\$\)" "$1/worklog-config.5" ||
			echo "worklog-config.5: lacks the key $k"
	done
}

# The keywords of the schema compiler's table and the built-in types with
# their required fields, against worklog-schema(5).
check_schema() {
	grep -o '^	{ "[^"]*", KW_' "$PROJECT_DIR/src/lib/schema_compile.c" |
		sed 's/^	{ "//;s/", KW_//' >keywords &&
	test_line_count -gt 40 keywords &&
	while read -r k; do
		case $k in
		x-*) grep -q "^\.It Cm $k\( \|\$\)" "$1/worklog-schema.5" ||
			echo "worklog-schema.5: Extensions lack $k" ;;
		*) grep -q "^\.Cm .*[ ]$k\( ,\| \.\|\$\)\|^\.Cm $k " "$1/worklog-schema.5" ||
			echo "worklog-schema.5: JSON Schema lacks $k" ;;
		esac
	done <keywords &&
	for f in "$PROJECT_DIR"/schema/*.yaml; do
		t=$(sed -n 's/^x-type: *//p' "$f")
		[ -n "$t" ] || continue
		req=$(sed -n 's/^required: *\[\(.*\)\]/\1/p' "$f")
		awk -v t="$t" '/^\.It Cm /{ on = ($3 == t) } on' \
			"$1/worklog-schema.5" >type.$t
		grep -q . type.$t ||
			echo "worklog-schema.5: BUILT-IN TYPES lacks $t"
		grep -qx "Required: $req\." type.$t ||
			echo "worklog-schema.5: $t: not 'Required: $req.'"
	done
}

test_expect_success 'every command has a page with exactly its options' - <<\EOT
	check_options "$MAN" >problems &&
	test_must_be_empty problems
EOT

test_expect_success 'a page that lacks an option, or has a stale one, is caught' - <<\EOT
	cp -R "$MAN" man &&
	sed '/^\.It Fl -fail-on/s/fail-on/fail-soon/' "$MAN/worklog-lint.1" >man/worklog-lint.1 &&
	sed '/^\.It Cm sarif$/d' "$MAN/worklog.1" >man/worklog.1 &&
	rm man/worklog-help.1 &&
	check_options man >problems &&
	cat >expect <<-\EOF &&
	worklog-lint.1: OPTIONS lacks --fail-on
	worklog-lint.1: OPTIONS has --fail-soon (not in the table)
	no man page man/worklog-help.1 for the command help (a draft: sh man/skeleton.sh build/worklog help >man/worklog-help.1)
	worklog.1: --format lacks .It Cm sarif
	EOF
	test_cmp expect problems
EOT

test_expect_success 'man/skeleton.sh drafts a page that lints clean and matches the table' - <<\EOT
	cp -R "$MAN" man &&
	for c in $("$WORKLOG" help --commands | cut -f1); do
		sh "$MAN/skeleton.sh" "$WORKLOG" $c >man/worklog-$c.1 &&
		mandoc -Tlint -Wwarning man/worklog-$c.1 || return 1
	done &&
	test_grep "^\.It Fl n , Fl -dry-run$" man/worklog-lint.1 &&
	check_options man >problems &&
	test_must_be_empty problems &&
	test_exit 2 sh "$MAN/skeleton.sh" "$WORKLOG" no-such-command &&
	test_stderr "skeleton: 'no-such-command' is not a command of $WORKLOG"
EOT

test_expect_success 'worklog-lint(1) lists every rule with its default severity' - <<\EOT
	check_rules "$MAN" >problems &&
	test_must_be_empty problems &&
	cp -R "$MAN" man &&
	sed '/^\.It Cm stale$/{n;s/^off/warning/}' "$MAN/worklog-lint.1" >man/worklog-lint.1 &&
	check_rules man >problems &&
	cat >expect <<-\EOF &&
	worklog-lint.1: RULES lacks stale off
	worklog-lint.1: RULES has stale warning
	EOF
	test_cmp expect problems
EOT

test_expect_success 'worklog-config(5) has every key and rule option' - <<\EOT
	check_config "$MAN" >problems &&
	test_must_be_empty problems &&
	cp -R "$MAN" man &&
	sed '/^\.It Cm alias-nodes$/d;/^\.It Cm review : Cm within$/d' \
		"$MAN/worklog-config.5" >man/worklog-config.5 &&
	check_config man >problems &&
	cat >expect <<-\EOF &&
	worklog-config.5: lacks the option within of the rule review
	worklog-config.5: lacks the key alias-nodes
	EOF
	test_cmp expect problems
EOT

test_expect_success 'worklog-schema(5) has every keyword and built-in type' - <<\EOT
	check_schema "$MAN" >problems &&
	test_must_be_empty problems &&
	cp -R "$MAN" man &&
	sed '/^\.It Cm x-ref/d;s/^Required: id, title, owner, status, created\.$/Required: id./' \
		"$MAN/worklog-schema.5" >man/worklog-schema.5 &&
	check_schema man >problems &&
	cat >expect <<-\EOF &&
	worklog-schema.5: Extensions lack x-ref
	worklog-schema.5: task: not 'Required: id, title, owner, status, created.'
	EOF
	test_cmp expect problems
EOT

test_done
