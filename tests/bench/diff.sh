#!/bin/sh
# Times `worklog diff A B` (and `--stat`) against `git diff --stat A B`
# on the same two revisions of a generated repository: RECORDS records,
# B = main and A = main~DISTANCE. The bar (issue 11): at most 2x git
# diff --stat plus the parsing of the changed blobs, and no other blob
# read: worklog reads exactly the versions `git diff --raw` names.
#
# Usage: sh tests/bench/diff.sh /abs/path/to/worklog [RECORDS [DISTANCE]]
#   RECORDS   records of the first commit (default 100000)
#   DISTANCE  commits between the two revisions (default 1000)
#   RUNS      timed runs of each command (default 5)
#
# The repository is history.sh's (`gen --history RECORDS DISTANCE+1`
# through git fast-import: a first commit with every record, then
# commits editing one to three records, every 50th moving a task, every
# 100th deleting one record and adding another), in
# build/bench/history-RECORDS-COMMITS, reused while gen is unchanged.
set -eu

WORKLOG=${1:?usage: diff.sh /abs/path/to/worklog [RECORDS [DISTANCE]]}
N=${2:-100000}
DISTANCE=${3:-1000}
RUNS=${RUNS:-5}

. "$(dirname "$0")/lib.sh"

command -v hyperfine >/dev/null 2>&1 || { echo "diff.sh: needs hyperfine" >&2; exit 2; }
git_env

bench_history_repo "$N" $((DISTANCE + 1))
cd "$repo"
A=main~$DISTANCE
B=main

# The versions worklog may read: both sides of every record git says
# changed (no rename detection: a moved file is a deletion and an
# addition, each read once).
versions=$(git diff --raw --no-renames --no-abbrev "$A" "$B" -- records |
	awk '{ n += ($3 !~ /^0+$/) + ($4 !~ /^0+$/) } END { print n + 0 }')

# A sanity run of each, which also warms the page cache: worklog must
# find differences (exit 1) and say what it read.
git diff --stat "$A" "$B" >/dev/null
rc=0
"$WORKLOG" diff --stats "$A" "$B" >"$out/diff.txt" 2>"$out/diff-stats.txt" || rc=$?
if [ "$rc" -ne 1 ]; then
	echo "diff.sh: worklog diff exited $rc, not 1:" >&2
	cat "$out/diff-stats.txt" >&2
	exit 1
fi
read_v=$(sed -n 's/.*files differ, \([0-9]*\) versions read.*/\1/p' "$out/diff-stats.txt")
parse=$(sed -n 's/.*read and parse \([0-9.]*\)s.*/\1/p' "$out/diff-stats.txt")

load=$(uptime | sed 's/.*load average: *//')
hyperfine --runs "$RUNS" --warmup 1 --style basic \
	--export-json "$out/diff-bench.json" \
	-n git-diff-stat -n worklog-diff -n worklog-diff-stat \
	"git diff --stat $A $B >/dev/null" \
	"'$WORKLOG' diff $A $B >/dev/null || [ \$? -eq 1 ]" \
	"'$WORKLOG' diff --stat $A $B >/dev/null || [ \$? -eq 1 ]" \
	>"$out/diff-bench.txt"
load_after=$(uptime | sed 's/.*load average: *//')

t_git=$(json_field "$out/diff-bench.json" median 1)
t_diff=$(json_field "$out/diff-bench.json" median 2)
t_stat=$(json_field "$out/diff-bench.json" median 3)
c_git=$(json_cpu "$out/diff-bench.json" 1)
c_diff=$(json_cpu "$out/diff-bench.json" 2)
c_stat=$(json_cpu "$out/diff-bench.json" 3)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

{
	printf '%s records, %s..%s (%s commits apart): %s record versions changed, %s read by worklog\n' \
		"$N" "$A" "$B" "$DISTANCE" "$versions" "$read_v"
	printf '  git diff --stat     %.3f s wall, %.3f s CPU\n' "$t_git" "$c_git"
	printf '  worklog diff        %.3f s wall (%sx), %.3f s CPU (%sx)\n' \
		"$t_diff" "$(ratio "$t_diff" "$t_git")" "$c_diff" "$(ratio "$c_diff" "$c_git")"
	printf '  worklog diff --stat %.3f s wall (%sx), %.3f s CPU (%sx)\n' \
		"$t_stat" "$(ratio "$t_stat" "$t_git")" "$c_stat" "$(ratio "$c_stat" "$c_git")"
	printf '  of which reading and parsing the changed blobs: %.3f s wall (--stats)\n' "$parse"
	printf '  load average: %s before, %s after\n' "$load" "$load_after"
} | tee "$out/diff-$N-$DISTANCE.txt"

# The bar, in CPU time (which other work on the machine does not
# inflate): worklog <= 2 x git diff --stat + the parsing of the changed
# blobs; and not one version more than git diff --raw names.
fail=0
if [ "$read_v" != "$versions" ]; then
	echo "diff.sh: worklog read $read_v versions; the changed ones are $versions" >&2
	fail=1
fi
for c in "$c_diff" "$c_stat"; do
	awk -v w="$c" -v g="$c_git" -v p="$parse" 'BEGIN { exit !(w <= 2 * g + p) }' || {
		echo "diff.sh: worklog diff took $c s CPU, more than 2 x $c_git + $parse" >&2
		fail=1
	}
done
exit "$fail"
