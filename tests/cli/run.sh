#!/bin/sh
# Runs end-to-end test scripts and prints the total on the last line.
# Usage: WORKLOG=/abs/build/worklog sh tests/cli/run.sh [OPTION...] [SCRIPT...]
# A SCRIPT is named by its file, its name, or the start of it (t0201);
# none means every tNNNN-*.sh. The OPTIONs (-v, -x, -i, --run=LIST; see
# lib.sh) go to every script. `make cli-tests T=t0201 TEST_OPTS=-v` runs
# this with T as the scripts and TEST_OPTS as the options.
: "${WORKLOG:?set WORKLOG to the worklog binary}"
dir=$(cd "$(dirname "$0")" && pwd)
cd "$dir/../.." || exit 2

opts=
names=
while [ $# -gt 0 ]; do
	case $1 in
	--run) opts="$opts --run=${2-}"; shift ;;
	-*) opts="$opts $1" ;;
	*) names="$names $1" ;;
	esac
	shift
done

scripts=
if [ -z "$names" ]; then
	scripts=$(cd "$dir" && ls t[0-9]*.sh)
else
	for n in $names; do
		n=$(basename "$n" .sh)
		found=$(cd "$dir" && ls "$n".sh "$n"-*.sh 2>/dev/null)
		if [ -z "$found" ]; then
			echo "run.sh: no test script '$n' in tests/cli" >&2
			exit 2
		fi
		scripts="$scripts $found"
	done
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/worklog-run.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
skipped=0
summary='.*: \([0-9]*\) passed, \([0-9]*\) failed\(, \([0-9]*\) skipped\)\{0,1\}$'
for s in $scripts; do
	# Shown as it runs; the options are words without spaces, split on
	# purpose.
	# shellcheck disable=SC2086
	{ sh "$dir/$s" $opts 2>&1; echo $? >"$tmp/rc"; } | tee "$tmp/out"
	rc=$(cat "$tmp/rc")
	line=$(tail -n 1 "$tmp/out")
	p=$(printf '%s\n' "$line" | sed -n "s/$summary/\\1/p")
	f=$(printf '%s\n' "$line" | sed -n "s/$summary/\\2/p")
	k=$(printf '%s\n' "$line" | sed -n "s/$summary/\\4/p")
	if [ -z "$p" ]; then
		echo "not ok - $s did not finish (exit $rc)"
		failed=$((failed + 1))
		continue
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + ${k:-0}))
	[ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || failed=$((failed + 1))
done
if [ "$skipped" -gt 0 ]; then
	echo "cli: $passed passed, $failed failed, $skipped skipped"
else
	echo "cli: $passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
