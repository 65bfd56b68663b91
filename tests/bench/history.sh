#!/bin/sh
# Times the history engine over a generated repository of RECORDS records
# and COMMITS commits against `git log --raw --no-renames` over the same
# commits, the least a walk that looks at every commit's changes costs.
# The bar (issue 8): a cold run (no cache) at most 2x the floor, a warm
# run (every blob summary cached) faster than the cold one, peak memory
# under 200 MB, and no blob parsed twice.
#
# Usage: sh tests/bench/history.sh /abs/path/to/worklog [RECORDS [COMMITS]]
#   RECORDS  records of the first commit (default 5000)
#   COMMITS  commits (default 10000)
#   RUNS     timed runs of each command (default 5)
#   WALK     the engine's driver (default build/bench/history-walk, made
#            by `make bench`)
#
# The repository is written by `gen --history` (tests/bench/gen.c) through
# git fast-import into build/bench/history-RECORDS-COMMITS, packed as
# fast-import leaves it, and reused while gen is unchanged. When the
# binary has `aggregate`, `worklog aggregate --history --sql 'select
# count(*) from history'` is timed too (cold and warm).
set -eu

WORKLOG=${1:?usage: history.sh /abs/path/to/worklog [RECORDS [COMMITS]]}
N=${2:-5000}
COMMITS=${3:-10000}
RUNS=${RUNS:-5}

. "$(dirname "$0")/lib.sh"

WALK=${WALK:-$root/build/bench/history-walk}
[ -x "$WALK" ] || { echo "history.sh: no driver '$WALK' (make build/bench/history-walk)" >&2; exit 2; }
command -v hyperfine >/dev/null 2>&1 || { echo "history.sh: needs hyperfine" >&2; exit 2; }

export GIT_CONFIG_NOSYSTEM=1 HOME="$out/home"
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY \
	GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_COMMON_DIR 2>/dev/null || true
mkdir -p "$HOME"

bench_history_repo "$N" "$COMMITS"
cd "$repo"

# Every distinct record blob the range changes: what may be parsed, once.
changed=$(git log --raw --no-renames --no-abbrev --format= main -- records |
	awk '{ print $3; print $4 }' | grep -v '^0*$' | sort -u | wc -l)

# A sanity run of each, which also warms the page cache.
git log --raw --no-renames main >/dev/null
rm -rf .git/worklog
cold_line=$(/usr/bin/time -f 'maxrss_kb=%M' "$WALK" . 2>"$out/history-cold.mem")
warm_line=$(/usr/bin/time -f 'maxrss_kb=%M' "$WALK" . 2>"$out/history-warm.mem")
field() {
	echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}
parsed=$(field "$cold_line" parsed)
warm_parsed=$(field "$warm_line" parsed)
mem_cold=$(sed -n 's/^maxrss_kb=//p' "$out/history-cold.mem")
mem_warm=$(sed -n 's/^maxrss_kb=//p' "$out/history-warm.mem")

has_aggregate=
if "$WORKLOG" aggregate --help >/dev/null 2>&1; then
	has_aggregate=1
fi
agg="'$WORKLOG' aggregate --history --sql 'select count(*) from history' >/dev/null"

# hyperfine takes the --prepare options in the order of the commands
# (one given alone would prepare them all): only the cold runs start
# without a cache.
set -- --prepare true --prepare "rm -rf .git/worklog" --prepare true
names="git-log cold warm"
cmds="git log --raw --no-renames main >/dev/null|'$WALK' . >/dev/null|'$WALK' . >/dev/null"
if [ -n "$has_aggregate" ]; then
	set -- "$@" --prepare "rm -rf .git/worklog" --prepare "$agg"
	names="$names aggregate-cold aggregate-warm"
	cmds="$cmds|$agg|$agg"
fi
for name in $names; do
	set -- "$@" -n "$name"
done
IFS='|'
for cmd in $cmds; do
	set -- "$@" "$cmd"
done
unset IFS
hyperfine --runs "$RUNS" --style basic --export-json "$out/history.json" \
	"$@" >"$out/history.txt"

# The i-th median, and the i-th mean of user + system seconds.
nth() {
	grep -o "\"$1\": *[0-9.eE+-]*" "$out/history.json" | sed -n "${2}p" |
		sed 's/.*: *//'
}
median() { nth median "$1"; }
cpu() { awk -v u="$(nth user "$1")" -v s="$(nth system "$1")" 'BEGIN { printf "%.3f", u + s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

t_git=$(median 1) t_cold=$(median 2) t_warm=$(median 3)
c_git=$(cpu 1) c_cold=$(cpu 2) c_warm=$(cpu 3)
r_cold=$(ratio "$t_cold" "$t_git") r_warm=$(ratio "$t_warm" "$t_git")
{
	printf '%s records, %s commits: git log --raw %.3f s; history cold %.3f s (%sx), warm %.3f s (%sx)\n' \
		"$N" "$COMMITS" "$t_git" "$t_cold" "$r_cold" "$t_warm" "$r_warm"
	printf '  cpu (user+sys): git log %s s, cold %s s (%sx), warm %s s (%sx)\n' \
		"$c_git" "$c_cold" "$(ratio "$c_cold" "$c_git")" "$c_warm" \
		"$(ratio "$c_warm" "$c_git")"
	printf '  peak memory: cold %s MB, warm %s MB; blobs parsed: %s cold, %s warm, of %s changed\n' \
		"$((mem_cold / 1024))" "$((mem_warm / 1024))" "$parsed" \
		"$warm_parsed" "$changed"
	printf '  cold: %s\n  warm: %s\n' "$cold_line" "$warm_line"
	if [ -n "$has_aggregate" ]; then
		t_acold=$(median 4) t_awarm=$(median 5)
		printf '  aggregate --history: cold %.3f s (%sx), warm %.3f s (%sx)\n' \
			"$t_acold" "$(ratio "$t_acold" "$t_git")" "$t_awarm" \
			"$(ratio "$t_awarm" "$t_git")"
	fi
} | tee "$out/history-$N-$COMMITS.txt"

fail=0
awk -v r="$r_cold" 'BEGIN { exit !(r <= 2.0) }' ||
	{ echo "history.sh: a cold walk takes more than twice git log" >&2; fail=1; }
awk -v c="$t_cold" -v w="$t_warm" 'BEGIN { exit !(w < c) }' ||
	{ echo "history.sh: a warm walk is not faster than a cold one" >&2; fail=1; }
[ "$mem_cold" -lt 204800 ] && [ "$mem_warm" -lt 204800 ] ||
	{ echo "history.sh: peak memory over 200 MB" >&2; fail=1; }
[ "$parsed" -le "$changed" ] && [ "$warm_parsed" -eq 0 ] ||
	{ echo "history.sh: a blob was parsed twice, or again when warm" >&2; fail=1; }
exit "$fail"
