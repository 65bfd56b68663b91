#!/bin/sh
# Times `worklog hook pre-commit` with a few staged records against
# `worklog validate --staged` over the whole index, on a generated git
# repository. The bar (issue 3): the hook takes less than a tenth of the
# CPU time, since it must not parse every record on every commit (wall
# time is shown too; a loaded machine inflates it).
#
# Usage: sh tests/bench/hook.sh /abs/path/to/worklog [N]
#   N        records in the repository (default 100000)
#   RUNS     timed runs of each command (default 5)
#   CHANGED  records edited and staged before each run (default 10)
#
# The repository is made by tests/bench/gen.c in build/bench/hook-N,
# committed once and packed (as a real repository is), and reused while
# gen is unchanged. Each timed hook run is the steady state of a working
# repository: the previous commit was judged by the hook, then CHANGED
# records are edited and staged. The first run after generating (an empty
# cache: every record is read once) is shown too.
set -eu

WORKLOG=${1:?usage: hook.sh /abs/path/to/worklog [N]}
N=${2:-100000}
RUNS=${RUNS:-5}
CHANGED=${CHANGED:-10}

. "$(dirname "$0")/lib.sh"
git_env

repo="$out/hook-$N"
stamp="$repo/.git/worklog-bench"
if [ ! -f "$stamp" ] || [ -n "$(newer "$gen" "$stamp")" ]; then
	echo "generating $N records in $repo" >&2
	rm -rf "$repo"
	"$gen" "$repo" "$N"
	git -C "$repo" init -q -b main
	git -C "$repo" config core.hooksPath /dev/null
	git -C "$repo" config gc.auto 0
	git -C "$repo" add -A
	git -C "$repo" commit -q -m "generated"
	git -C "$repo" tag base
	git -C "$repo" gc -q
	: >"$stamp"
fi
cd "$repo"
git reset -q --hard base
rm -rf .git/worklog

# Edits and stages CHANGED task records, a different set for round $1.
stage_round() {
	first=$(($1 * CHANGED + 1))
	files=$(ls records/tasks | sed -n "${first},$((first + CHANGED - 1))p")
	for f in $files; do
		sed -i "s/^title: /title: Round $1 /" "records/tasks/$f"
	done
	git add records/tasks
	staged=$(git diff --cached --name-only | wc -l)
	if [ "$staged" -ne "$CHANGED" ]; then
		echo "hook.sh: staged $staged records, not $CHANGED" >&2
		exit 2
	fi
}

# The first run: nothing is cached yet.
stage_round 0
t_cold=$(timed "$WORKLOG" hook pre-commit)
git commit -q --no-verify -m "round 0"

: >"$out/hook-$N.times"
round=1
while [ "$round" -le "$RUNS" ]; do
	stage_round "$round"
	if [ "$round" -eq 1 ]; then
		# The same index, validated in full, for the comparison
		# (the first run warms the page cache).
		"$WORKLOG" validate --staged -q >/dev/null 2>&1 || true
		k=0
		while [ "$k" -lt "$RUNS" ]; do
			wall=$(timed "$WORKLOG" validate --staged -q)
			echo "validate $wall $(cat "$out/last.cpu")" \
				>>"$out/hook-$N.times"
			k=$((k + 1))
		done
	fi
	# The hook's one run for this commit: it first makes the new HEAD's
	# tree known from the previous one, then judges the index.
	wall=$(timed "$WORKLOG" hook pre-commit)
	echo "hook $wall $(cat "$out/last.cpu")" >>"$out/hook-$N.times"
	if [ "$(cat "$out/last.rc")" -ne 0 ]; then
		echo "hook.sh: worklog hook pre-commit exited $(cat "$out/last.rc")" >&2
		cat "$out/last.out" >&2
		exit 2
	fi
	git commit -q --no-verify -m "round $round"
	round=$((round + 1))
done

# Field $2 of the runs of $1: wall seconds; $3: CPU seconds (user and
# system, which a busy machine does not inflate).
runs() {
	awk -v what="$1" -v f="$2" '$1 == what { print $f }' "$out/hook-$N.times" | mean
}
t_validate=$(runs validate 2) c_validate=$(runs validate 3)
t_hook=$(runs hook 2) c_hook=$(runs hook 3)
ratio=$(awk -v h="$t_hook" -v v="$t_validate" 'BEGIN { printf "%.3f", (v > 0 ? h / v : 0) }')
cpu_ratio=$(awk -v h="$c_hook" -v v="$c_validate" 'BEGIN { printf "%.3f", (v > 0 ? h / v : 0) }')
line=$(printf '%s records, %s staged: validate --staged %.3f s (%.3f s CPU), hook pre-commit %.3f s (%.3f s CPU; first run, empty cache: %.3f s), ratio %s wall, %s CPU (bar: under 0.1)' \
	"$N" "$CHANGED" "$t_validate" "$c_validate" "$t_hook" "$c_hook" "$t_cold" "$ratio" "$cpu_ratio")
echo "$line" | tee "$out/hook-$N.txt"
awk -v r="$cpu_ratio" 'BEGIN { exit !(r < 0.1) }' || {
	echo "hook.sh: the hook is not under a tenth of validate --staged" >&2
	exit 1
}
