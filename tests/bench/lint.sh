#!/bin/sh
# Times `worklog lint` against `worklog validate` on the same generated
# repositories (10,000 and 100,000 records): lint's rules beyond
# validate's (sections, task items, dates, truthy, encoding, ids,
# references, the roster, suppressions) should cost at most half again
# as much. The history rules are not run here.
#
# Usage: sh tests/bench/lint.sh /abs/path/to/worklog [N...]
#
# The repositories are tests/bench/gen.c's, shared with validate.sh in
# build/bench/repo-N. See tests/bench/README.md.
set -eu

WORKLOG=${1:?usage: lint.sh /abs/path/to/worklog [N...]}
shift
SIZES=${*:-10000 100000}
RUNS=${RUNS:-5}
# HYPERFINE= (empty) times with a shell loop instead.
HYPERFINE=${HYPERFINE-hyperfine}
# A fixed today, so that the overdue findings are the same on any day.
TODAY=2026-11-26

. "$(dirname "$0")/lib.sh"

# Prints the records, errors and warnings of a --format json output.
counts() {
	sed -n 's/^{"records": \([0-9]*\), "errors": \([0-9]*\), "warnings": \([0-9]*\).*/\1 \2 \3/p' "$1"
}

for n in $SIZES; do
	bench_repo "$n"
	cd "$repo"

	val_cmd="'$WORKLOG' validate -q > /dev/null"
	lint_cmd="'$WORKLOG' lint -q --today $TODAY > /dev/null"

	# Sanity runs, which also warm the page cache: both see every
	# record, and lint finds at least what validate finds.
	set +e
	"$WORKLOG" validate --format json >"$out/lint-validate-$n.json" 2>/dev/null
	"$WORKLOG" lint --today $TODAY --format json >"$out/lint-$n.json" 2>"$out/lint-$n.err"
	rc=$?
	set -e
	if [ "$rc" -gt 1 ]; then
		echo "lint.sh: worklog lint exited $rc on $repo" >&2
		head -20 "$out/lint-$n.err" >&2
		exit 2
	fi
	set -- $(counts "$out/lint-validate-$n.json") $(counts "$out/lint-$n.json")
	if [ "${1:-}" != "$n" ] || [ "${4:-}" != "$n" ]; then
		echo "lint.sh: validate saw ${1:-?} records, lint ${4:-?}, not $n" >&2
		exit 2
	fi
	if [ "$5" -lt "$2" ]; then
		echo "lint.sh: lint found $5 errors, fewer than validate's $2" >&2
		exit 2
	fi
	findings="validate $2 errors; lint $5 errors, $6 warnings"

	if [ -n "$HYPERFINE" ] && command -v "$HYPERFINE" >/dev/null 2>&1; then
		"$HYPERFINE" --warmup 1 --runs "$RUNS" --ignore-failure --style basic \
			--export-json "$out/lint-time-$n.json" \
			-n validate "$val_cmd" -n lint "$lint_cmd" >"$out/lint-time-$n.txt"
		t_val=$(json_mean "$out/lint-time-$n.json" 1)
		t_lint=$(json_mean "$out/lint-time-$n.json" 2)
	else
		sh -c "$val_cmd" || true
		t_val=$(time_loop "$val_cmd")
		t_lint=$(time_loop "$lint_cmd")
	fi
	ratio=$(awk -v a="$t_lint" -v b="$t_val" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
	printf '%s records: validate %.3f s, lint %.3f s, ratio %sx (target <= 1.5x); %s\n' \
		"$n" "$t_val" "$t_lint" "$ratio" "$findings"
done
