#!/bin/sh
# Times `worklog report quarter` over the generated history of
# history.sh (RECORDS records, COMMITS commits half an hour apart from
# 2026-01-05) against `git log --raw --no-renames` over the same commits,
# the least a walk that looks at every commit's changes costs. The bar
# (issue 10): a cold run (no cache) at most 2.5x the floor, a warm run
# (the history's blob summaries cached) faster than the cold one.
#
# Usage: sh tests/bench/report.sh /abs/path/to/worklog [RECORDS [COMMITS]]
#   RECORDS  records of the first commit (default 5000)
#   COMMITS  commits (default 10000)
#   RUNS     timed runs of each command (default 5)
#   PERIOD   the quarter reported (default 2026-Q2, inside the history)
set -eu

WORKLOG=${1:?usage: report.sh /abs/path/to/worklog [RECORDS [COMMITS]]}
N=${2:-5000}
COMMITS=${3:-10000}
RUNS=${RUNS:-5}
PERIOD=${PERIOD:-2026-Q2}

. "$(dirname "$0")/lib.sh"

command -v hyperfine >/dev/null 2>&1 || { echo "report.sh: needs hyperfine" >&2; exit 2; }

export GIT_CONFIG_NOSYSTEM=1 HOME="$out/home"
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY \
	GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_COMMON_DIR 2>/dev/null || true
mkdir -p "$HOME"

# The repository history.sh makes, made the same way when it is missing.
repo="$out/history-$N-$COMMITS"
stamp="$repo/.git/worklog-bench"
if [ ! -f "$stamp" ] || [ -n "$(newer "$gen" "$stamp")" ]; then
	echo "generating $N records and $COMMITS commits in $repo" >&2
	rm -rf "$repo"
	git init -q -b main "$repo"
	"$gen" --history "$N" "$COMMITS" | git -C "$repo" fast-import --quiet
	git -C "$repo" reset -q --hard main
	: >"$stamp"
fi
cd "$repo"

report="'$WORKLOG' report quarter --period $PERIOD --today 2026-12-31 --format json"
# A sanity run of each, which also warms the page cache; the report must
# be written.
git log --raw --no-renames main >/dev/null
rm -rf .git/worklog
sh -c "$report --stats" >"$out/report.json" 2>"$out/report-stats.txt" || {
	echo "report.sh: the report failed:" >&2
	cat "$out/report-stats.txt" >&2
	exit 1
}

hyperfine --runs "$RUNS" --style basic --export-json "$out/report-bench.json" \
	--prepare true --prepare "rm -rf .git/worklog" --prepare true \
	-n git-log -n report-cold -n report-warm \
	"git log --raw --no-renames main >/dev/null" \
	"$report >/dev/null" "$report >/dev/null" >"$out/report-bench.txt"

nth() {
	grep -o "\"$1\": *[0-9.eE+-]*" "$out/report-bench.json" | sed -n "${2}p" |
		sed 's/.*: *//'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
# The i-th mean of user + system seconds, which a loaded machine
# inflates less than the wall clock.
cpu() { awk -v u="$(nth user "$1")" -v s="$(nth system "$1")" 'BEGIN { printf "%.3f", u + s }'; }

t_git=$(nth median 1) t_cold=$(nth median 2) t_warm=$(nth median 3)
c_git=$(cpu 1) c_cold=$(cpu 2) c_warm=$(cpu 3)
r_cold=$(ratio "$t_cold" "$t_git") r_warm=$(ratio "$t_warm" "$t_git")
{
	printf '%s records, %s commits, report quarter %s: git log --raw %.3f s; report cold %.3f s (%sx), warm %.3f s (%sx)\n' \
		"$N" "$COMMITS" "$PERIOD" "$t_git" "$t_cold" "$r_cold" "$t_warm" "$r_warm"
	printf '  cpu (user+sys): git log %s s, cold %s s (%sx), warm %s s (%sx); load average %s\n' \
		"$c_git" "$c_cold" "$(ratio "$c_cold" "$c_git")" "$c_warm" \
		"$(ratio "$c_warm" "$c_git")" "$(uptime | sed 's/.*load average: //')"
	sed 's/^/  /' "$out/report-stats.txt"
} | tee "$out/report-$N-$COMMITS.txt"

fail=0
awk -v r="$r_cold" 'BEGIN { exit !(r <= 2.5) }' ||
	{ echo "report.sh: a cold report takes more than 2.5 times git log" >&2; fail=1; }
awk -v c="$t_cold" -v w="$t_warm" 'BEGIN { exit !(w < c) }' ||
	{ echo "report.sh: a warm report is not faster than a cold one" >&2; fail=1; }
exit "$fail"
