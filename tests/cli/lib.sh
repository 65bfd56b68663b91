# The end-to-end test harness, after git's t/test-lib.sh. A script
# sources it, declares tests that read as sentences, and ends with
# test_done:
#
#	. "$(dirname "$0")/lib.sh"
#
#	test_expect_success 'a clean repository passes' - <<\EOT
#		setup &&
#		test_exit 0 "$WORKLOG" -C "$R" validate &&
#		test_stdout ""
#	EOT
#
#	test_done
#
# A test's body is a chain of steps joined by && (loops end their steps
# with `|| return 1`): the first step that fails fails the test, set-up
# included, and a body whose chain is broken is reported as a bug in the
# test. The body is given as an argument, or as `-` with the body on
# stdin (a quoted here-document, so it may hold any quote). It runs in a
# subshell in its own fresh directory $TRASH (deleted afterwards), with
# $R naming $TRASH/repo for the test's repository.
#
# Script options (run.sh passes them on; `make cli-tests TEST_OPTS=...`):
#	-v, --verbose      show each test's body and its commands' output
#	-x, --trace        trace the commands of each body (set -x)
#	-i, --immediate    stop at the first failing test and keep its $TRASH
#	--run=LIST         run only the tests numbered in LIST, e.g. 1,3-5,9-
#
# Tests:
#	test_expect_success [PREREQ,...] SENTENCE BODY|-
#	test_done                   print the counts; exit 1 if a test failed
# Prerequisites (a test missing one is reported `ok N # skip ... (missing X)`):
#	test_set_prereq NAME        NAME is satisfied
#	test_lazy_prereq NAME BODY  NAME is satisfied if BODY succeeds; run once
#	test_have_prereq NAME,...   all are satisfied (!NAME: NAME is not)
#	Known: SYMLINKS (ln -s works), JQ (jq is installed), SQLITE3 (the
#	sqlite3 shell is installed), CHROMIUM (Debian's chromium is).
# Steps:
#	test_exit CODE CMD...       CMD exits with CODE; a signal, a missing
#	                            command or a sanitizer report fails the step.
#	                            Its stdout is left in $TRASH/out, stderr in
#	                            $TRASH/err
#	test_stdout [TEXT]          $TRASH/out is TEXT and a newline ("" for no
#	                            output; no TEXT: the text is read from stdin)
#	test_stderr [TEXT]          the same for $TRASH/err
#	test_cmp EXPECTED ACTUAL    the files are equal; the diff is shown if not
#	test_grep [!] [OPT...] PATTERN FILE
#	                            a line of FILE matches (with !: none does)
#	test_line_count OP N FILE   FILE has OP N lines (OP: = -gt -lt ...)
#	test_must_be_empty FILE     FILE exists and is empty
#	test_path_is_file PATH, test_path_is_executable PATH,
#	test_path_is_missing PATH
#	new_repo DIR                a fresh git repository
#	in_dir DIR CMD...           run CMD in DIR
#	write FILE                  write stdin to FILE, creating its folder
# and the fixtures of fixtures.sh (the configuration, the item schema,
# item records).

set -u

: "${WORKLOG:?set WORKLOG to the worklog binary}"
TESTS_DIR=$(cd "$(dirname "$0")" && pwd)
PROJECT_DIR=$(cd "$TESTS_DIR/../.." && pwd)
this_test=$(basename "$0" .sh)

verbose=
trace=
immediate=
run_list=
while [ $# -gt 0 ]; do
	case $1 in
	-v | --verbose) verbose=t ;;
	-x | --trace) trace=t ;;
	-i | --immediate) immediate=t ;;
	--run=*) run_list=${1#--run=} ;;
	--run)
		[ $# -gt 1 ] || { echo "$this_test: --run needs a list" >&2; exit 2; }
		run_list=$2
		shift
		;;
	*)
		echo "$this_test: unknown option '$1' (use -v, -x, -i or --run=LIST)" >&2
		exit 2
		;;
	esac
	shift
done
case $run_list in
*[!0-9,-]*)
	echo "$this_test: --run takes test numbers and ranges, such as 1,3-5,9-" >&2
	exit 2
	;;
esac

TEST_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/worklog-$this_test.XXXXXX")
trap 'rm -rf "$TEST_ROOT"' EXIT
export NO_COLOR=1
# In a GitHub Actions job lint would print annotations by default.
unset GITHUB_ACTIONS 2>/dev/null || true
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY \
	GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_COMMON_DIR 2>/dev/null || true
export GIT_AUTHOR_NAME="A U Thor" GIT_AUTHOR_EMAIL="author@example.com"
export GIT_COMMITTER_NAME="C O Mitter" GIT_COMMITTER_EMAIL="committer@example.com"
export GIT_AUTHOR_DATE="2026-11-20T10:00:00+08:00"
export GIT_COMMITTER_DATE="2026-11-20T10:00:00+08:00"
export GIT_CONFIG_NOSYSTEM=1 HOME="$TEST_ROOT/home"
# A test that misses its repository must not find the one around $TMPDIR.
GIT_CEILING_DIRECTORIES=$(dirname "$TEST_ROOT")
export GIT_CEILING_DIRECTORIES
mkdir -p "$HOME"
git config --global init.defaultBranch main
git config --global user.name "A U Thor"
git config --global user.email author@example.com

test_count=0
test_passed=0
test_failed=0
test_skipped=0
satisfied_prereq=" "
lazy_prereq=" "
lazy_prereq_tested=" "

# A mistake in a test script, not a failing test: the script stops.
test_bug_() {
	echo "BUG in $this_test: $*" >&2
	exit 2
}

# --- prerequisites ---------------------------------------------------

test_set_prereq() {
	satisfied_prereq="$satisfied_prereq$1 "
}

test_lazy_prereq() {
	lazy_prereq="$lazy_prereq$1 "
	eval "lazy_prereq_body_$1=\$2"
}

# Runs the body of lazy prerequisite $1 once, in a scratch folder.
test_try_lazy_prereq_() {
	case $lazy_prereq in *" $1 "*) ;; *) return 0 ;; esac
	case $lazy_prereq_tested in *" $1 "*) return 0 ;; esac
	lazy_prereq_tested="$lazy_prereq_tested$1 "
	eval "lazy_body_=\$lazy_prereq_body_$1"
	mkdir -p "$TEST_ROOT/prereq-$1"
	if (cd "$TEST_ROOT/prereq-$1" && eval "$lazy_body_") >/dev/null 2>&1 </dev/null; then
		test_set_prereq "$1"
	fi
	rm -rf "$TEST_ROOT/prereq-$1"
}

# Sets missing_prereq to the first one not satisfied.
test_have_prereq() {
	missing_prereq=
	old_ifs_=$IFS
	IFS=,
	set -- $*
	IFS=$old_ifs_
	for p_; do
		want_=t
		case $p_ in !*) want_='' p_=${p_#!} ;; esac
		test_try_lazy_prereq_ "$p_"
		case $satisfied_prereq in
		*" $p_ "*) have_=t ;;
		*) have_= ;;
		esac
		if [ "$have_" != "$want_" ]; then
			if [ -n "$want_" ]; then missing_prereq=$p_; else missing_prereq="!$p_"; fi
			return 1
		fi
	done
	return 0
}

test_lazy_prereq SYMLINKS 'ln -s target link && test -h link'
test_lazy_prereq JQ 'command -v jq'
test_lazy_prereq SQLITE3 'command -v sqlite3'
test_lazy_prereq CHROMIUM 'command -v chromium'

# --- running tests ---------------------------------------------------

# Is test number $1 in --run's list?
test_selected_() {
	[ -n "$run_list" ] || return 0
	old_ifs_=$IFS
	IFS=,
	set -- "$1" $run_list
	IFS=$old_ifs_
	n_=$1
	shift
	for r_; do
		case $r_ in
		"") continue ;;
		*-*)
			lo_=${r_%%-*} hi_=${r_#*-}
			[ -n "$lo_" ] || lo_=1
			[ -n "$hi_" ] || hi_=$n_
			[ "$n_" -ge "$lo_" ] && [ "$n_" -le "$hi_" ] && return 0
			;;
		*) [ "$n_" -eq "$r_" ] && return 0 ;;
		esac
	done
	return 1
}

# Its own function so that `return` in a body ends the body.
test_eval_() {
	eval "$1"
}

test_fail_117_() {
	return 117
}

# Prints "# " and then lines of file $1, indented.
test_show_() {
	sed 's/^/#	/' "$1"
}

# test_run_ TITLE BODY: runs the body in a fresh $TRASH and reports it.
test_run_() {
	TRASH=$TEST_ROOT/$test_count
	R=$TRASH/repo
	rm -rf "$TRASH"
	mkdir -p "$TRASH"
	# The body without the blank lines around it, for the report.
	printf '%s\n' "$2" | awk 'NF { for (; blank > 0; blank--) print ""; print; seen = 1; next }
		seen { blank++ }' >"$TEST_ROOT/body"
	# A body whose steps are not all chained with && would go on past a
	# failing step. Prefixed with a step that fails with 117, the chain
	# must end there; this run is thrown away with its folder.
	(cd "$TRASH" && test_eval_ "test_fail_117_ && $2") >/dev/null 2>&1 </dev/null
	if [ $? -ne 117 ]; then
		echo "not ok $test_count - $1"
		echo "#	BUG: the steps of this test are not all joined by && (loops need || return 1):"
		test_show_ "$TEST_ROOT/body"
		test_failed=$((test_failed + 1))
		test_stop_if_immediate_
		return
	fi
	rm -rf "$TRASH"
	mkdir -p "$TRASH"
	if [ -n "$verbose" ]; then
		echo "# expecting success of $test_count - $1:"
		test_show_ "$TEST_ROOT/body"
		exec 3>&1 4>&2
	else
		exec 3>"$TEST_ROOT/log" 4>&3
	fi
	(
		cd "$TRASH" || exit 1
		[ -z "$trace" ] || set -x
		test_eval_ "$2"
	) </dev/null >&3 2>&4
	ret_=$?
	exec 3>&- 4>&-
	if [ "$ret_" -eq 0 ]; then
		test_passed=$((test_passed + 1))
		echo "ok $test_count - $1"
		rm -rf "$TRASH"
		return
	fi
	test_failed=$((test_failed + 1))
	echo "not ok $test_count - $1"
	if [ -z "$verbose" ]; then
		test_show_ "$TEST_ROOT/body"
		if [ -s "$TEST_ROOT/log" ]; then
			echo "# what it printed:"
			test_show_ "$TEST_ROOT/log"
		else
			echo "# it printed nothing: run the script with -x to see the failing step"
		fi
	fi
	test_stop_if_immediate_
	rm -rf "$TRASH"
}

test_stop_if_immediate_() {
	[ -n "$immediate" ] || return 0
	echo "# stopped at the first failure (-i); its folder is kept: $TRASH"
	trap - EXIT
	test_done
}

test_expect_success() {
	prereq_=
	if [ $# -eq 3 ]; then
		prereq_=$1
		shift
	fi
	[ $# -eq 2 ] || test_bug_ "test_expect_success takes [PREREQ] SENTENCE BODY, not: $*"
	test_count=$((test_count + 1))
	if [ "$2" = - ]; then
		body_=$(cat)
	else
		body_=$2
	fi
	if ! test_selected_ "$test_count"; then
		test_skipped=$((test_skipped + 1))
		echo "ok $test_count # skip $1 (--run)"
	elif [ -n "$prereq_" ] && ! test_have_prereq "$prereq_"; then
		test_skipped=$((test_skipped + 1))
		echo "ok $test_count # skip $1 (missing $missing_prereq)"
	else
		test_run_ "$1" "$body_"
	fi
}

# The last line is what run.sh reads.
test_done() {
	if [ "$test_skipped" -gt 0 ]; then
		echo "$this_test: $test_passed passed, $test_failed failed, $test_skipped skipped"
	else
		echo "$this_test: $test_passed passed, $test_failed failed"
	fi
	[ "$test_failed" -eq 0 ]
	exit $?
}

# --- steps -----------------------------------------------------------
# Each returns 0 or says what is wrong on stderr and returns 1.

test_exit() {
	[ $# -ge 2 ] || test_bug_ "test_exit takes CODE CMD..."
	want_=$1
	shift
	"$@" >"$TRASH/out" 2>"$TRASH/err"
	got_=$?
	if [ -n "$verbose" ]; then
		cat "$TRASH/out"
		cat "$TRASH/err" >&2
	fi
	why_=
	if [ "$got_" -gt 128 ]; then
		why_="it died of signal $((got_ - 128))"
	elif [ "$got_" -eq 127 ] || [ "$got_" -eq 126 ]; then
		why_="it could not be run (exit $got_)"
	elif grep -q -e 'Sanitizer' -e 'runtime error:' "$TRASH/err"; then
		why_="a sanitizer reported an error"
	elif [ "$got_" -ne "$want_" ]; then
		why_="expected exit $want_, got $got_"
	fi
	[ -n "$why_" ] || return 0
	{
		echo "test_exit: $why_ from: $*"
		sed 's/^/  out: /' "$TRASH/out" | head -20
		sed 's/^/  err: /' "$TRASH/err" | head -30
	} >&2
	return 1
}

test_cmp() {
	[ $# -eq 2 ] || test_bug_ "test_cmp takes EXPECTED ACTUAL"
	test_diff_ "$1" "$2" "$1" "$2"
}

# test_diff_ EXPECTED ACTUAL LABEL-EXPECTED LABEL-ACTUAL
test_diff_() {
	diff -u -L "$3" -L "$4" "$1" "$2" >"$TRASH/.diff" 2>&1 && return 0
	n_=$(wc -l <"$TRASH/.diff")
	{
		echo "$4 is not as expected:"
		head -60 "$TRASH/.diff"
		[ "$n_" -le 60 ] || echo "(and $((n_ - 60)) more lines of diff)"
	} >&2
	return 1
}

# test_text_ FILE WHAT [TEXT]
test_text_() {
	if [ $# -eq 2 ]; then
		cat >"$TRASH/.expect"
	elif [ -z "$3" ]; then
		: >"$TRASH/.expect"
	else
		printf '%s\n' "$3" >"$TRASH/.expect"
	fi
	test_diff_ "$TRASH/.expect" "$1" "expected $2" "$2"
}

test_stdout() {
	[ $# -le 1 ] || test_bug_ "test_stdout takes one TEXT (or stdin)"
	test_text_ "$TRASH/out" stdout "$@"
}

test_stderr() {
	[ $# -le 1 ] || test_bug_ "test_stderr takes one TEXT (or stdin)"
	test_text_ "$TRASH/err" stderr "$@"
}

test_grep() {
	not_=
	if [ "${1-}" = "!" ]; then
		not_=t
		shift
	fi
	[ $# -ge 2 ] || test_bug_ "test_grep takes [!] [OPTION...] PATTERN FILE"
	eval "file_=\${$#}"
	if [ ! -f "$file_" ]; then
		echo "test_grep: no file '$file_'" >&2
		return 1
	fi
	if grep "$@" >/dev/null; then
		[ -z "$not_" ] && return 0
		echo "test_grep: a line matches, and none should: grep $*" >&2
	else
		[ -n "$not_" ] && return 0
		echo "test_grep: no line matches: grep $*" >&2
	fi
	echo "the file has:" >&2
	head -40 "$file_" | sed 's/^/  /' >&2
	return 1
}

test_line_count() {
	[ $# -eq 3 ] || test_bug_ "test_line_count takes OP N FILE"
	n_=$(wc -l <"$3") || return 1
	test "$n_" "$1" "$2" && return 0
	echo "test_line_count: $3 has $n_ lines, not $1 $2; it starts:" >&2
	head -10 "$3" | sed 's/^/  /' >&2
	return 1
}

test_must_be_empty() {
	[ $# -eq 1 ] || test_bug_ "test_must_be_empty takes FILE"
	if [ ! -f "$1" ]; then
		echo "test_must_be_empty: no file '$1'" >&2
		return 1
	fi
	[ -s "$1" ] || return 0
	echo "test_must_be_empty: '$1' is not empty; it starts:" >&2
	head -10 "$1" | sed 's/^/  /' >&2
	return 1
}

test_path_is_file() {
	[ -f "$1" ] && return 0
	echo "test_path_is_file: no file '$1'" >&2
	return 1
}

test_path_is_executable() {
	[ -f "$1" ] && [ -x "$1" ] && return 0
	echo "test_path_is_executable: '$1' is not an executable file" >&2
	return 1
}

test_path_is_missing() {
	[ ! -e "$1" ] && [ ! -h "$1" ] && return 0
	echo "test_path_is_missing: '$1' exists" >&2
	return 1
}

new_repo() {
	rm -rf "$1" &&
	mkdir -p "$1" &&
	git -C "$1" init -q
}

# commit_at WHEN MSG: commits everything in $R as of WHEN, a date and
# time with its zone (2026-11-09T23:30:00+08:00) or a day (10:00 +08:00).
commit_at() {
	case $1 in
	*T*) when_=$1 ;;
	*) when_=$1T10:00:00+08:00 ;;
	esac &&
	git -C "$R" add -A &&
	GIT_COMMITTER_DATE=$when_ GIT_AUTHOR_DATE=$when_ git -C "$R" commit -qm "$2"
}

# in_dir DIR CMD...: runs CMD in DIR, e.g. test_exit 0 in_dir "$R" git ...
in_dir() {
	(cd "$1" && shift && exec "$@")
}

write() {
	mkdir -p "$(dirname "$1")" &&
	cat >"$1"
}

. "$TESTS_DIR/fixtures.sh"
