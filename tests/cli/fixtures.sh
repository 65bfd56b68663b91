# The records repository the tests share, written into the test's
# repository $R (sourced by lib.sh). Positions in the expected outputs
# depend on these exact lines: add an option rather than change a line.
#
#	write_config [PERSON...]         $R/.worklog.yaml
#	write_item_schema [FEATURE...]   $R/.worklog/schema/item.yaml
#	write_item PATH ID STATUS [LINE...]
#	                                 $R/PATH, a record of type item
#	write_issue_schema               $R/.worklog/schema/issue.yaml
#	write_issue PATH                 $R/PATH, a clean record of type issue
#	write_team [LANG] [NAME]         $R/.worklog.yaml of a team of two
#
# and, for the server hooks' tests, a bare "server" $S with the server
# hook installed, pushed to from $R over a local path:
#
#	new_items_repo [FEATURE...]      $R with items a and b, committed
#	new_server                       $S, empty
#	commit MESSAGE                   commits all of $R, no local hooks
#	push ARG...                      git push -q from $R to $S
#	short REV                        REV of $R as findings name commits

# write_config [PERSON...]: version 1, the records records/**/*.md, the
# schemas in .worklog/schema, and a roster of the PERSONs when given
# (ID, or ID=NAME), one a line from line 5.
write_config() {
	{
		echo "version: 1" &&
		echo 'records: ["records/**/*.md"]' &&
		echo "schemas: [.worklog/schema]" &&
		if [ $# -gt 0 ]; then
			echo "people:" &&
			for p_; do
				case $p_ in
				*=*) echo "  - {id: ${p_%%=*}, name: ${p_#*=}}" ;;
				*) echo "  - {id: $p_}" ;;
				esac
			done
		fi
	} | write "$R/.worklog.yaml"
}

# write_item_schema [FEATURE...]: the record type item: an id I-N, a
# status of todo, doing or done, all three required. FEATUREs add, in
# this order:
#	owner        an optional person (x-person)
#	parent       an optional reference to another item (x-ref)
#	period       an optional period (format: period)
#	lifecycle    todo and doing are open, done is done (x-lifecycle)
#	transitions  todo -> doing -> done or todo, done -> doing
#	             (x-transitions)
write_item_schema() {
	for f_; do
		case $f_ in
		owner | parent | period | lifecycle | transitions) ;;
		*) test_bug_ "write_item_schema: unknown feature '$f_'" ;;
		esac
	done
	features_=" $* "
	{
		cat <<-\EOF &&
		x-type: item
		x-id: id
		type: object
		required: [id, status]
		properties:
		  type: {const: item}
		  id: {type: string, pattern: "^I-\\d+$"}
		  status: {enum: [todo, doing, done]}
		EOF
		if fixture_has_ owner; then echo "  owner: {type: string, x-person: true}"; fi &&
		if fixture_has_ parent; then echo "  parent: {type: string, x-ref: item}"; fi &&
		if fixture_has_ period; then echo "  period: {type: string, format: period}"; fi &&
		if fixture_has_ lifecycle; then
			echo "x-lifecycle: {field: status, open: [todo, doing], done: [done]}"
		fi &&
		if fixture_has_ transitions; then
			cat <<-\EOF
			x-transitions:
			  status:
			    todo: [doing]
			    doing: [done, todo]
			    done: [doing]
			EOF
		fi
	} | write "$R/.worklog/schema/item.yaml"
}

# Is $1 among the features of write_item_schema?
fixture_has_() {
	case $features_ in *" $1 "*) return 0 ;; esac
	return 1
}

# write_item PATH ID STATUS [LINE...]: $R/PATH is a record of type item
# with that id and status, then each LINE in the front matter.
write_item() {
	path_=$1 id_=$2 status_=$3
	shift 3
	{
		printf -- '---\ntype: item\nid: %s\nstatus: %s\n' "$id_" "$status_" &&
		for l_; do
			printf '%s\n' "$l_"
		done &&
		printf -- '---\n'
	} | write "$R/$path_"
}

# write_issue_schema: $R/.worklog/schema/issue.yaml, the record type
# issue that lint's tests judge: sections with Chinese aliases and a
# `when`, a date order, a lifecycle with a due date, a person, a
# reference and a file name pattern.
write_issue_schema() {
	write "$R/.worklog/schema/issue.yaml" <<-\EOF
	x-type: issue
	x-id: id
	x-filename: "{id}.md"
	type: object
	required: [type, id, status]
	properties:
	  type: {const: issue}
	  id: {type: string}
	  status: {enum: [open, doing, blocked, resolved]}
	  owner: {type: string, x-person: true}
	  parent: {type: string, x-ref: issue}
	  reported: {type: string, format: date}
	  resolved: {type: string, format: date}
	  due: {type: string, format: date}
	  urgent: {}
	  meta: {type: object}
	additionalProperties: false
	x-lifecycle: {field: status, due: due, open: [open, doing], blocked: [blocked], done: [resolved]}
	x-date-order: [[reported, resolved], [reported, due]]
	x-sections:
	  - {name: Description, aliases: [问题描述, 描述], required: true, nonempty: true}
	  - {name: Cause, aliases: [原因], nonempty: true}
	  - {name: Solution, aliases: [解决方案], required: true, nonempty: true, when: {status: resolved}}
	EOF
}

# write_issue PATH: $R/PATH is a clean open issue I-1 of zhangsan, due
# 2026-11-30, its front matter on lines 1 to 8 and its description on
# lines 9 and 10.
write_issue() {
	write "$R/$1" <<-\EOF
	---
	type: issue
	id: I-1
	status: open
	owner: zhangsan
	reported: 2026-11-02
	due: 2026-11-30
	---
	## 问题描述
	接口超时。
	EOF
}

# new_items_repo [FEATURE...]: a new $R with the configuration (a roster
# of zhangsan), the item schema with FEATUREs (parent at least), and
# items a (I-1) and b (I-2, a child of a), both todo, committed as
# "init".
new_items_repo() {
	new_repo "$R" &&
	write_config zhangsan &&
	write_item_schema "$@" &&
	write_item records/a.md I-1 todo &&
	write_item records/b.md I-2 todo "parent: I-1" &&
	commit init
}

# new_server: an empty bare repository $S ($TRASH/server.git) whose
# pre-receive hook is worklog's.
new_server() {
	S=$TRASH/server.git &&
	git init -q --bare "$S" &&
	"$WORKLOG" -C "$S" hooks install --server >/dev/null
}

# commit MESSAGE: commits everything in $R, skipping the local hooks.
commit() {
	git -C "$R" add -A &&
	git -C "$R" commit -q --no-verify -m "$1"
}

# push ARG...: pushes from $R to $S.
push() {
	git -C "$R" push -q "$S" "$@"
}

# short REV: the first 12 hex digits of commit REV of $R.
short() {
	git -C "$R" rev-parse --short=12 "$1"
}

# write_team [LANG] [NAME]: $R/.worklog.yaml for the commands that make
# records: records/**/*.md, schemas in .worklog/schema, Shanghai's time,
# a roster of zhangsan (张三, zhangsan@example.com) and lisi (NAME, by
# default Li Si; lisi@example.com), reports in LANG (default zh).
write_team() {
	write "$R/.worklog.yaml" <<-EOF
	version: 1
	records: ["records/**/*.md"]
	schemas: [.worklog/schema]
	timezone: Asia/Shanghai
	people:
	  - {id: zhangsan, name: 张三, email: [zhangsan@example.com]}
	  - {id: lisi, name: ${2:-Li Si}, email: [lisi@example.com]}
	reports:
	  lang: ${1:-zh}
	EOF
}
