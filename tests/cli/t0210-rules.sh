#!/bin/sh
# The rules: section is compiled once, through the rule registry, by every
# command: a bad rule name, option or value is a configuration error with
# its position (exit 2) wherever the configuration is read.
. "$(dirname "$0")/lib.sh"

PATH=$(dirname "$WORKLOG"):$PATH
export PATH

# A repository with the item type, one record committed, the hooks
# installed. The rules: section goes on line 6, its first rule on line 7.
setup() {
	new_repo "$R" &&
	write_config zhangsan &&
	write_item_schema owner lifecycle transitions &&
	write_item records/a.md I-1 todo &&
	git -C "$R" add -A &&
	git -C "$R" commit -qm init &&
	"$WORKLOG" -C "$R" hooks install >/dev/null
}

# rules TEXT: replaces the rules: section (kept last) with TEXT.
rules() {
	sed -i '/^rules:/,$d' "$R/.worklog.yaml" &&
	printf 'rules:\n%s\n' "$1" >>"$R/.worklog.yaml"
}

# every_command CODE: each command that reads the configuration (from
# the working tree, the index, HEAD, a commit and a push) exits CODE,
# with the text on stdin on stderr. The configuration is committed.
every_command() {
	cat >"$TRASH/want" &&
	git -C "$R" add -A &&
	git -C "$R" commit -q --no-verify -m rules &&
	test_exit "$1" "$WORKLOG" -C "$R" validate -q &&
	test_cmp "$TRASH/want" "$TRASH/err" &&
	test_exit "$1" "$WORKLOG" -C "$R" validate --staged -q &&
	test_cmp "$TRASH/want" "$TRASH/err" &&
	test_exit "$1" "$WORKLOG" -C "$R" validate --rev HEAD -q &&
	test_cmp "$TRASH/want" "$TRASH/err" &&
	test_exit "$1" in_dir "$R" "$WORKLOG" hook pre-commit &&
	test_cmp "$TRASH/want" "$TRASH/err" &&
	printf '%s %s refs/heads/other\n' "$(git -C "$R" rev-parse HEAD~1)" \
		"$(git -C "$R" rev-parse HEAD)" >"$TRASH/updates" &&
	test_exit "$1" in_dir "$R" sh -c \
		'"$0" hook pre-receive --tip-only <"$1"' "$WORKLOG" \
		"$TRASH/updates" &&
	# A push's lines name the commit they are in.
	hex=$(git -C "$R" rev-parse --short=12 HEAD) &&
	sed "s/^/$hex:/; \$s/^$hex://" "$TRASH/want" >"$TRASH/want.push" &&
	if [ ! -s "$TRASH/want" ]; then : >"$TRASH/want.push"; fi &&
	test_cmp "$TRASH/want.push" "$TRASH/err"
}

test_expect_success 'a misspelled option is a configuration error for every command' - <<\EOT
	setup &&
	rules '  stale: {aftr: 14d}' &&
	every_command 2 <<-\EOF
	.worklog.yaml:7:11: error: rule 'stale': unknown option 'aftr' (known: severity, after) [config]
	worklog: cannot use the configuration: 1 error
	EOF
EOT

test_expect_success 'a bad duration is a configuration error for validate too' - <<\EOT
	setup &&
	rules '  locked: {after: 3x}' &&
	every_command 2 <<-\EOF
	.worklog.yaml:7:19: error: rule 'locked': after: '3x' is not a duration (use Nh, Nd or Nw) [config]
	worklog: cannot use the configuration: 1 error
	EOF
EOT

test_expect_success 'an unknown rule is a configuration error for every command' - <<\EOT
	setup &&
	rules '  stalee: warning' &&
	every_command 2 <<-\EOF
	.worklog.yaml:7:3: error: unknown rule 'stalee'; did you mean 'stale'? [config]
	worklog: cannot use the configuration: 1 error
	EOF
EOT

test_expect_success 'a record type a rule names must exist' - <<\EOT
	setup &&
	rules '  review: {types: [item, sumary]}' &&
	every_command 2 <<-\EOF
	.worklog.yaml:7:26: error: rule 'review': types: unknown record type 'sumary' [config]
	worklog: cannot use the configuration: 1 error
	EOF
EOT

test_expect_success 'a roster id a rule names must be on the roster' - <<\EOT
	setup &&
	rules '  cadence:
    require: [{type: item, every: week, who: [zhangsan, lisi]}]' &&
	every_command 2 <<-\EOF
	.worklog.yaml:8:57: error: rule 'cadence': require[0]: who: 'lisi' is not in people: [config]
	worklog: cannot use the configuration: 1 error
	EOF
EOT

test_expect_success 'the schema rule cannot be turned off' - <<\EOT
	setup &&
	rules '  schema: off' &&
	every_command 2 <<-\EOF
	.worklog.yaml:7:11: error: rule 'schema' is always an error: a record that breaks it cannot be read [config]
	worklog: cannot use the configuration: 1 error
	EOF
EOT

test_expect_success 'good rules of every kind are accepted by every command' - <<\EOT
	setup &&
	rules '  truthy: off
  stale: {severity: warning, after: 14d}
  cadence:
    severity: error
    since: 2026-09-01
    require:
      - {type: item, every: week, grace: 1d, who: all}
  review: {types: [item], within: 7d}
  locked: {after: 30d}' &&
	every_command 0 </dev/null
EOT

test_expect_success 'a rule turned down or off is obeyed by the hook' - <<\EOT
	setup &&
	write_item records/a.md I-1 done &&
	git -C "$R" add -A &&
	test_exit 1 git -C "$R" commit -qm "todo to done" &&
	test_stderr <<-\EOF &&
	records/a.md:4:9: error: status: "todo" cannot change to "done" (allowed: doing) [transition]
	worklog: commit rejected: 1 record failed
	EOF
	rules '  transition: {severity: warning}' &&
	git -C "$R" add -A &&
	test_exit 0 git -C "$R" commit -qm "todo to done, warned" &&
	test_stderr <<-\EOF &&
	records/a.md:4:9: warning: status: "todo" cannot change to "done" (allowed: doing) [transition]
	worklog: 1 warning; commit accepted
	EOF
	write_item records/a.md I-1 todo &&
	rules '  transition: off' &&
	git -C "$R" add -A &&
	test_exit 0 git -C "$R" commit -qm "back to todo" &&
	test_stderr ""
EOT

test_done
