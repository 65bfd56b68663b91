# bash completion for worklog and `git worklog`.
#
# The commands and options are not listed here: they are asked of the
# worklog on PATH (`worklog help --commands`, `worklog help --options`),
# the tables that drive its parsing and --help, so completion cannot
# drift from the binary. Rule ids come from `worklog lint --list-rules`,
# record types from `worklog help --types`, report names from `worklog
# report`, revisions from git.

# The rows of `worklog help --options`, one tab-separated line each.
_worklog_rows()
{
	command worklog help --options 2>/dev/null
}

# Prints the candidates for word CWORD of the words "$@" (the first is
# worklog), one per line; a word ending in "=" or "/" is not finished.
_worklog_candidates()
{
	local cword=$1 cmd= at=0 i w prev cur rows row name kind value choices
	local IFS=$' \t\n'
	shift
	local -a words=("$@")
	cur=${words[cword]}
	rows=$(_worklog_rows)

	# The command: the first word that is neither an option nor the value
	# of an option that takes one (before the command, only the common
	# options, whose values are all given apart or after "=").
	for ((i = 1; i < cword; i++)); do
		w=${words[i]}
		case $w in
		--*=* | -C?*) ;;
		=) ((i++)) ;;
		-C | --config | --rev | --format) ((i++)) ;;
		-*) ;;
		*) cmd=$w; at=$i; break ;;
		esac
	done
	: "${cmd:=worklog}"
	rows=$(printf '%s\n' "$rows" | awk -F '\t' -v c="$cmd" \
		'$1 == c && $8 !~ /(^|,)hidden(,|$)/')

	# The value of an option: --name=V, or V after --name or -X.
	# bash splits "--format=js" into "--format" "=" "js" (= is in
	# COMP_WORDBREAKS); a caller may also pass it whole.
	prev=
	if [[ $cur == --*=* ]]; then
		prev=${cur%%=*}
		cur=${cur#*=}
	elif [[ $cur == = ]] && ((cword > 1)); then
		prev=${words[cword - 1]}
		cur=
	elif ((cword > 2)) && [[ ${words[cword - 1]} == = ]]; then
		prev=${words[cword - 2]}
	elif ((cword > 1)) && [[ ${words[cword - 1]} == -* ]]; then
		prev=${words[cword - 1]}
		row=$(printf '%s\n' "$rows" | awk -F '\t' -v o="$prev" \
			'($3 == o || $4 == o) && $5 == "value"')
		[[ -n $row ]] || prev=
	fi
	if [[ -n $prev ]]; then
		row=$(printf '%s\n' "$rows" | awk -F '\t' -v o="$prev" \
			'$3 == o || $4 == o' | head -n 1)
		IFS=$'\t' read -r _ _ name _ kind value choices _ <<<"$row"
		# The choices, or a value named by them (--lang zh|en).
		[[ $choices == - && $value == *'|'* ]] && choices=$value
		if [[ -n $row && $choices != - ]]; then
			compgen -W "${choices//|/ }" -- "$cur"
		else
			case $value in
			DIR) compgen -d -- "$cur" ;;
			REV) _worklog_revs "$cur" ;;
			RULE) compgen -W "$(command worklog lint --list-rules 2>/dev/null |
				awk '{ print $1 }')" -- "$cur" ;;
			TYPE) compgen -W "$(_worklog_types)" -- "$cur" ;;
			FILE* | *.db) compgen -f -- "$cur" ;;
			esac
		fi
		return
	fi

	if [[ $cur == -* ]]; then
		printf '%s\n' "$rows" | awk -F '\t' '{
			if ($3 != "-") print $3 ($5 == "value" ? "=" : "")
			if ($4 != "-") print $4 }' |
			while read -r w; do
				[[ $w == "$cur"* ]] && printf '%s\n' "$w"
			done
		return
	fi
	case $cmd in
	worklog)
		compgen -W "$(command worklog help --commands 2>/dev/null |
			cut -f1)" -- "$cur" ;;
	help)
		compgen -W "$(command worklog help --commands 2>/dev/null |
			cut -f1)" -- "$cur" ;;
	hook)
		compgen -W "pre-commit pre-merge-commit pre-receive update" -- "$cur" ;;
	hooks)
		if [[ " ${words[*]:1:cword-1} " == *" install "* ]]; then
			compgen -W "pre-commit pre-merge-commit pre-receive update" -- "$cur"
		else
			compgen -W "install" -- "$cur"
		fi ;;
	new)
		# TYPE, new's one argument.
		_worklog_nargs "$at" "$cword" "$rows" "${words[@]}" ||
			compgen -W "$(_worklog_types)" -- "$cur" ;;
	aggregate)
		_worklog_revs "$cur" ;;
	report)
		compgen -W "$(_worklog_reports)" -- "$cur" ;;
	*)
		compgen -f -- "$cur" ;;
	esac
}

# The record types of the repository here (its own and the built-in).
_worklog_types()
{
	command worklog help --types 2>/dev/null | cut -f1
}

# Succeeds when the words "$@" (the first is worklog) have an argument
# between the command's word AT and word CWORD; ROWS are the command's
# options, whose values (given apart) are no arguments.
_worklog_nargs()
{
	local at=$1 cword=$2 rows=$3 i w
	shift 3
	local -a words=("$@")
	for ((i = at + 1; i < cword; i++)); do
		w=${words[i]}
		case $w in
		--*=*) ;;
		-*)
			[[ ${words[i + 1]} == = ]] && ((i++))
			printf '%s\n' "$rows" | awk -F '\t' -v o="$w" \
				'($3 == o || $4 == o) && $5 == "value" { f = 1 }
				END { exit !f }' && ((i++)) ;;
		=) ;;
		*) return 0 ;;
		esac
	done
	return 1
}

# The reports: week, month, quarter and the saved reports of the
# configuration, as worklog names them when asked for one it has not.
_worklog_reports()
{
	local known
	known=$(command worklog report '?' 2>&1 >/dev/null |
		sed -n 's/.*(reports: \(.*\))$/\1/p')
	printf '%s\n' "${known:-week, month, quarter}" | tr -d ','
}

# Branches, tags and remote branches of the repository here, and A..B.
_worklog_revs()
{
	local cur=$1 base=
	if [[ $cur == *..* ]]; then
		base=${cur%..*}..
		cur=${cur##*..}
	fi
	git for-each-ref --format='%(refname:short)' \
		refs/heads refs/tags refs/remotes 2>/dev/null |
		while read -r r; do
			[[ $r == "$cur"* ]] && printf '%s\n' "$base$r"
		done
	[[ HEAD == "$cur"* ]] && printf '%s\n' "${base}HEAD"
}

_worklog()
{
	local IFS=$'\n'
	COMPREPLY=($(_worklog_candidates "$COMP_CWORD" "${COMP_WORDS[@]}"))
	# An unfinished word (--format=, a folder) takes no space after it.
	if ((${#COMPREPLY[@]} == 1)) && [[ ${COMPREPLY[0]} == *[=/] ]]; then
		compopt -o nospace 2>/dev/null
	fi
}

# `git worklog ...`: git's completion calls _git_worklog with the whole
# line; the words from "worklog" on are worklog's.
_git_worklog()
{
	local i IFS=$'\n'
	for ((i = 0; i < COMP_CWORD; i++)); do
		[[ ${COMP_WORDS[i]} == worklog ]] && break
	done
	COMPREPLY=($(_worklog_candidates "$((COMP_CWORD - i))" \
		"${COMP_WORDS[@]:i}"))
}

complete -o default -o bashdefault -F _worklog worklog
