#!/bin/sh
# Runs every end-to-end test script and prints the total.
# Usage: WORKLOG=/abs/build/worklog sh tests/cli/run.sh [tNNNN-name.sh...]
: "${WORKLOG:?set WORKLOG to the worklog binary}"
dir=$(cd "$(dirname "$0")" && pwd)
cd "$dir/../.." || exit 2
passed=0
failed=0
scripts=$*
[ -n "$scripts" ] || scripts=$(cd "$dir" && ls t[0-9]*.sh)
for s in $scripts; do
	out=$(sh "$dir/$(basename "$s")" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	line=$(printf '%s\n' "$out" | tail -n 1)
	p=$(printf '%s\n' "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(printf '%s\n' "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	if [ -z "$p" ]; then
		echo "not ok - $s did not finish (exit $rc)"
		failed=$((failed + 1))
		continue
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	[ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || failed=$((failed + 1))
done
echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
