# Shared helpers for the end-to-end tests. Each tNNNN-*.sh script sources
# this, runs tests that read as sentences, and ends with `finish`.
#
#   test_start NAME            begin a test
#   expect_exit CODE CMD...    run CMD; stdout in $TMP/out, stderr in $TMP/err
#   expect_out TEXT            stdout equals TEXT (a trailing newline added)
#   expect_err TEXT            stderr equals TEXT
#   expect_file_eq EXP ACT     files are equal (diff shown otherwise)
#   test_fail MESSAGE          mark the current test failed
#   test_done                  print ok / not ok for the current test
#   new_repo DIR               a fresh git repository with a fixed identity
#   in_dir DIR CMD...          run CMD in DIR
#   finish                     print the counts; exit 1 if any test failed

set -u

: "${WORKLOG:?set WORKLOG to the worklog binary}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/worklog-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
TESTS_DIR=$(cd "$(dirname "$0")" && pwd)
PROJECT_DIR=$(cd "$TESTS_DIR/../.." && pwd)
export NO_COLOR=1
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY \
	GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_COMMON_DIR 2>/dev/null || true
export GIT_AUTHOR_NAME="A U Thor" GIT_AUTHOR_EMAIL="author@example.com"
export GIT_COMMITTER_NAME="C O Mitter" GIT_COMMITTER_EMAIL="committer@example.com"
export GIT_AUTHOR_DATE="2026-11-20T10:00:00+08:00"
export GIT_COMMITTER_DATE="2026-11-20T10:00:00+08:00"
export GIT_CONFIG_NOSYSTEM=1 HOME="$TMP/home"
mkdir -p "$HOME"
git config --global init.defaultBranch main
git config --global user.name "A U Thor"
git config --global user.email author@example.com

passed=0
failed=0
current=
current_failed=0

test_start() {
	current=$1
	current_failed=0
	rm -f "$TMP/.failed"
}

# The marker file carries a failure out of a ( subshell ) too.
test_fail() {
	current_failed=1
	: >"$TMP/.failed"
	echo "# $current: $*" >&2
}

# Runs a command and checks its exit code exactly. A crash (a signal, or a
# sanitizer's report) is never an expected result.
expect_exit() {
	want=$1
	shift
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		test_fail "expected exit $want, got $got from: $*"
		sed 's/^/#   out: /' "$TMP/out" | head -20 >&2
		sed 's/^/#   err: /' "$TMP/err" | head -20 >&2
	fi
	if grep -q -e 'Sanitizer' -e 'runtime error:' "$TMP/err"; then
		test_fail "sanitizer report from: $*"
		head -30 "$TMP/err" >&2
	fi
	return 0
}

expect_file_eq() {
	if ! diff -u "$1" "$2" >"$TMP/diff" 2>&1; then
		test_fail "output differs from $1"
		sed 's/^/#   /' "$TMP/diff" | head -40 >&2
	fi
}

# An empty TEXT means no output at all.
expect_out() {
	if [ -z "$1" ]; then : >"$TMP/want"; else printf '%s\n' "$1" >"$TMP/want"; fi
	expect_file_eq "$TMP/want" "$TMP/out"
}

expect_err() {
	if [ -z "$1" ]; then : >"$TMP/want"; else printf '%s\n' "$1" >"$TMP/want"; fi
	expect_file_eq "$TMP/want" "$TMP/err"
}

test_done() {
	[ -e "$TMP/.failed" ] && current_failed=1
	if [ "$current_failed" -eq 0 ]; then
		passed=$((passed + 1))
		echo "ok - $current"
	else
		failed=$((failed + 1))
		echo "not ok - $current"
	fi
}

new_repo() {
	rm -rf "$1"
	mkdir -p "$1"
	git -C "$1" init -q
}

# in_dir DIR CMD...: runs CMD in DIR, e.g. expect_exit 0 in_dir "$R" git ...
in_dir() {
	(cd "$1" && shift && exec "$@")
}

# Writes stdin to FILE, creating its folder.
write() {
	mkdir -p "$(dirname "$1")"
	cat >"$1"
}

finish() {
	echo "$(basename "$0" .sh): $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit $?
}
