#!/bin/sh
# Times `worklog lint` against `worklog validate` on the same generated
# repositories (10,000 and 100,000 records): lint's rules beyond
# validate's (sections, task items, dates, truthy, encoding, ids,
# references, the roster, suppressions) should cost at most half again
# as much. The history rules are not run there.
#
# Then the history rules, over a generated history of HISTORY_RECORDS
# records (default 5000) and HISTORY_COMMITS commits (default 10000;
# 0: skip), against `git log --raw --no-renames` over the same commits:
# `lint --history` (transition over every committed change, each blob
# parsed once) cold (no cache) and warm at most 3x that floor, and plain
# `lint` with stale, cadence, review and locked on (one walk by path).
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
		c_val=$(json_cpu "$out/lint-time-$n.json" 1)
		c_lint=$(json_cpu "$out/lint-time-$n.json" 2)
	else
		sh -c "$val_cmd" || true
		t_val=$(time_loop "$val_cmd")
		t_lint=$(time_loop "$lint_cmd")
		c_val=0 c_lint=0
	fi
	ratio=$(awk -v a="$t_lint" -v b="$t_val" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
	cpu=$(awk -v a="$c_lint" -v b="$c_val" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
	printf '%s records: validate %.3f s (%.3f s CPU), lint %.3f s (%.3f s CPU), ratio %sx wall, %sx CPU (target <= 1.5x); load %s; %s\n' \
		"$n" "$t_val" "$c_val" "$t_lint" "$c_lint" "$ratio" "$cpu" \
		"$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?)" "$findings"
done

# ---- the history rules ----------------------------------------------

HISTORY_RECORDS=${HISTORY_RECORDS:-5000}
HISTORY_COMMITS=${HISTORY_COMMITS:-10000}
[ "$HISTORY_COMMITS" -gt 0 ] || exit 0
command -v hyperfine >/dev/null 2>&1 || {
	echo "lint.sh: the history part needs hyperfine" >&2
	exit 2
}
export GIT_CONFIG_NOSYSTEM=1 HOME="$out/home"
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY \
	GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_COMMON_DIR 2>/dev/null || true
mkdir -p "$HOME"
bench_history_repo "$HISTORY_RECORDS" "$HISTORY_COMMITS"
cd "$repo"
# The history rules on, in the working tree's configuration only (the
# committed one stays gen's).
git checkout -q -- .worklog.yaml
cat >>.worklog.yaml <<-\END
rules:
  stale: {severity: warning, after: 14d}
  locked: {severity: warning, after: 30d}
  review: {severity: warning, types: [summary], within: 7d}
  cadence:
    severity: warning
    require:
      - {type: log, every: week, grace: 1d, who: all}
END

floor="git log --raw --no-renames main >/dev/null"
hist="'$WORKLOG' lint -q --today $TODAY --history >/dev/null"
rules="'$WORKLOG' lint -q --today $TODAY >/dev/null"
set +e
"$WORKLOG" lint --today $TODAY --history --format json >"$out/lint-history.json" 2>"$out/lint-history.err"
rc=$?
set -e
if [ "$rc" -gt 1 ]; then
	echo "lint.sh: worklog lint --history exited $rc on $repo" >&2
	head -20 "$out/lint-history.err" >&2
	exit 2
fi
sh -c "$floor"
hyperfine --runs "$RUNS" --style basic --ignore-failure \
	--export-json "$out/lint-history-time.json" \
	--prepare true --prepare "rm -rf .git/worklog" --prepare true --prepare true \
	-n git-log "$floor" -n history-cold "$hist" -n history-warm "$hist" \
	-n rules "$rules" >"$out/lint-history-time.txt"
t_git=$(json_mean "$out/lint-history-time.json" 1)
t_cold=$(json_mean "$out/lint-history-time.json" 2)
t_warm=$(json_mean "$out/lint-history-time.json" 3)
t_rules=$(json_mean "$out/lint-history-time.json" 4)
c_git=$(json_cpu "$out/lint-history-time.json" 1)
c_cold=$(json_cpu "$out/lint-history-time.json" 2)
c_warm=$(json_cpu "$out/lint-history-time.json" 3)
c_rules=$(json_cpu "$out/lint-history-time.json" 4)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
set -- $(counts "$out/lint-history.json")
printf '%s records, %s commits: git log --raw %.3f s (%.3f s CPU); lint --history cold %.3f s (%sx wall, %sx CPU), warm %.3f s (%sx wall, %sx CPU) (target <= 3x); lint with stale, cadence, review, locked %.3f s (%sx wall, %sx CPU); load %s; %s errors, %s warnings\n' \
	"$HISTORY_RECORDS" "$HISTORY_COMMITS" "$t_git" "$c_git" "$t_cold" \
	"$(ratio "$t_cold" "$t_git")" "$(ratio "$c_cold" "$c_git")" \
	"$t_warm" "$(ratio "$t_warm" "$t_git")" "$(ratio "$c_warm" "$c_git")" \
	"$t_rules" "$(ratio "$t_rules" "$t_git")" "$(ratio "$c_rules" "$c_git")" \
	"$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?)" "${2:-?}" "${3:-?}"
git checkout -q -- .worklog.yaml
