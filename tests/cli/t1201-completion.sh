#!/bin/sh
# Shell completion: completion/worklog.bash and completion/_worklog load in
# bash and zsh and complete commands, options, option values, rule ids,
# report names and revisions, all asked of the binary on PATH (so they
# follow its option tables).
. "$(dirname "$0")/lib.sh"

COMPLETION=$PROJECT_DIR/completion
BINDIR=$(dirname "$WORKLOG")
# The completion runs `worklog`: the binary under test must be it.
test_lazy_prereq WORKLOG_NAMED '[ "$(basename "$WORKLOG")" = worklog ]'
test_lazy_prereq ZSH 'command -v zsh'

# One completion per line: "WORDS... -> CANDIDATES", the last word being
# the one completed; bash as the shell calls it (COMP_WORDS, COMP_CWORD,
# _worklog, COMPREPLY).
bash_complete() {
	bash --norc --noprofile -c '
		PATH=$1:$PATH
		. "$2/worklog.bash" || exit 1
		shift 2
		while IFS= read -r line; do
			eval "COMP_WORDS=($line)"
			COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
			COMPREPLY=()
			_worklog
			echo "$line -> ${COMPREPLY[*]}"
		done' bash "$BINDIR" "$COMPLETION"
}

# The same in zsh, through _worklog_candidates: the candidates (without
# their descriptions), or what to complete instead in parentheses.
zsh_complete() {
	zsh -f -c '
		PATH=$1:$PATH
		compdef() { :; }
		. "$2/_worklog" || exit 1
		while IFS= read -r line; do
			eval "w=($line)"
			_worklog_candidates ${#w} "${w[@]}"
			print -r -- "$line -> ${(j: :)${(@)reply%%:*}}${REPLY:+($REPLY)}"
		done' zsh "$BINDIR" "$COMPLETION"
}

# A repository with a saved report, a branch and a tag.
setup() {
	new_repo "$R" &&
	printf 'version: 1\nreports:\n  ops-weekly: {period: week}\n' >"$R/.worklog.yaml" &&
	git -C "$R" add .worklog.yaml &&
	git -C "$R" commit -q -m one &&
	git -C "$R" tag v1 &&
	git -C "$R" branch topic
}

test_expect_success WORKLOG_NAMED 'bash completes commands, options and their values' - <<\EOT
	setup &&
	cd "$R" &&
	bash_complete >actual <<-\EOF &&
	worklog li
	worklog he
	worklog lint --fa
	worklog lint --format ""
	worklog lint --format = j
	worklog lint --explain unu
	worklog -C . agg
	worklog aggregate --color=al
	worklog aggregate --rev t
	worklog aggregate v
	worklog hook pre-r
	worklog hooks ""
	worklog help a
	worklog report ""
	worklog report o
	worklog report week --lang ""
	EOF
	cat >expect <<-\EOF &&
	worklog li -> lint
	worklog he -> help
	worklog lint --fa -> --fail-on=
	worklog lint --format "" -> text json github sarif gitlab
	worklog lint --format = j -> json
	worklog lint --explain unu -> unused-suppression
	worklog -C . agg -> aggregate
	worklog aggregate --color=al -> always
	worklog aggregate --rev t -> topic
	worklog aggregate v -> v1
	worklog hook pre-r -> pre-receive
	worklog hooks "" -> install
	worklog help a -> aggregate
	worklog report "" -> week month quarter ops-weekly
	worklog report o -> ops-weekly
	worklog report week --lang "" -> zh en
	EOF
	test_cmp expect actual
EOT

test_expect_success WORKLOG_NAMED 'bash completes every option of a command, from its table' - <<\EOT
	bash_complete >actual <<-\EOF &&
	worklog hooks -
	EOF
	echo "worklog hooks - -> --server --no-git-config -C --config= --staged --cached --rev= --format= --color --no-color --quiet -q --help -h --version -V" >expect &&
	test_cmp expect actual
EOT

test_expect_success WORKLOG_NAMED 'git worklog completes as worklog does' - <<\EOT
	bash --norc --noprofile -c '
		PATH=$1:$PATH
		. "$2/worklog.bash" || exit 1
		COMP_WORDS=(git worklog lint --fa)
		COMP_CWORD=3
		_git_worklog
		echo "${COMPREPLY[*]}"' bash "$BINDIR" "$COMPLETION" >actual &&
	echo "--fail-on=" >expect &&
	test_cmp expect actual
EOT

test_expect_success WORKLOG_NAMED,ZSH 'zsh loads the completion with compinit' - <<\EOT
	zsh -f -c '
		autoload -Uz compinit && compinit -u -D &&
		. "$1/_worklog" &&
		print -r -- $_comps[worklog] $_comps[git-worklog]' zsh "$COMPLETION" >actual &&
	echo "_worklog _worklog" >expect &&
	test_cmp expect actual
EOT

test_expect_success WORKLOG_NAMED,ZSH 'zsh completes commands, options and their values' - <<\EOT
	setup &&
	cd "$R" &&
	zsh_complete >actual <<-\EOF &&
	worklog ""
	worklog hooks -
	worklog lint --format ""
	worklog lint --format=
	worklog lint --explain ""
	worklog --color=
	worklog -C . hook ""
	worklog aggregate --rev ""
	worklog validate ""
	worklog lint --today ""
	worklog report ""
	worklog report week --lang ""
	EOF
	echo "worklog \"\" -> $("$WORKLOG" help --commands | cut -f1 | tr '\n' ' ')" |
		sed 's/ $//' >expect &&
	cat >>expect <<-\EOF &&
	worklog hooks - -> --server --no-git-config -C --config --staged --cached --rev --format --color --no-color --quiet -q --help -h --version -V
	worklog lint --format "" -> text json github sarif gitlab
	worklog lint --format= -> text json github sarif gitlab
	EOF
	echo "worklog lint --explain \"\" -> $("$WORKLOG" lint --list-rules | awk '{ print $1 }' | tr '\n' ' ')" |
		sed 's/ $//' >>expect &&
	cat >>expect <<-\EOF &&
	worklog --color= -> auto always never
	worklog -C . hook "" -> pre-commit pre-merge-commit pre-receive update
	worklog aggregate --rev "" -> (revs)
	worklog validate "" -> (files)
	worklog lint --today "" -> (none)
	worklog report "" -> week month quarter ops-weekly
	worklog report week --lang "" -> zh en
	EOF
	test_cmp expect actual
EOT

# A records repository with a type of its own, "change", beside the
# built-in ones.
own_type() {
	new_repo "$R" &&
	printf 'version: 1\nschemas: [.worklog/schema]\n' >"$R/.worklog.yaml" &&
	write "$R/.worklog/schema/change.yaml" <<-\EOF
	x-type: change
	type: object
	properties:
	  type: {const: change}
	EOF
}

test_expect_success WORKLOG_NAMED 'help --types lists the types of the repository here' - <<\EOT
	own_type &&
	(cd "$R" && "$WORKLOG" help --types) >actual &&
	printf 'analysis\tschema/analysis.yaml\nchange\t.worklog/schema/change.yaml\n' >expect &&
	head -2 actual >head &&
	test_cmp expect head &&
	test_line_count = 11 actual &&
	mkdir plain &&
	(cd plain && "$WORKLOG" help --types) >actual &&
	test_line_count = 10 actual &&
	test_grep ! change actual
EOT

test_expect_success WORKLOG_NAMED 'bash completes record types for new and --type' - <<\EOT
	own_type &&
	cd "$R" &&
	bash_complete >actual <<-\EOF &&
	worklog new ""
	worklog new ch
	worklog new --title "a b" t
	worklog new --title = x p
	worklog new task ""
	worklog new --edit task ""
	worklog import csv a.csv --type ""
	worklog import csv a.csv --type = c
	worklog import trello b.json -t l
	EOF
	cat >expect <<-\EOF &&
	worklog new "" -> analysis change kpi log meeting playbook problem project role summary task
	worklog new ch -> change
	worklog new --title "a b" t -> task
	worklog new --title = x p -> playbook problem project
	worklog new task "" -> 
	worklog new --edit task "" -> 
	worklog import csv a.csv --type "" -> analysis change kpi log meeting playbook problem project role summary task
	worklog import csv a.csv --type = c -> change
	worklog import trello b.json -t l -> log
	EOF
	test_cmp expect actual
EOT

test_expect_success WORKLOG_NAMED,ZSH 'zsh completes record types for new and --type' - <<\EOT
	own_type &&
	cd "$R" &&
	zsh_complete >actual <<-\EOF &&
	worklog new ""
	worklog new --title x ""
	worklog new task ""
	worklog import csv a.csv --type ""
	worklog import csv a.csv --type=
	EOF
	cat >expect <<-\EOF &&
	worklog new "" -> analysis change kpi log meeting playbook problem project role summary task
	worklog new --title x "" -> analysis change kpi log meeting playbook problem project role summary task
	worklog new task "" -> (none)
	worklog import csv a.csv --type "" -> analysis change kpi log meeting playbook problem project role summary task
	worklog import csv a.csv --type= -> analysis change kpi log meeting playbook problem project role summary task
	EOF
	test_cmp expect actual
EOT

test_done
