#!/bin/sh
# Times loading the store: `worklog aggregate --count` reads, parses and
# validates every record as `validate` does, then loads it, its list and
# task items and its sections into SQLite. Prints both times, the load's
# phases (--stats) and the peak memory, on generated repositories of
# 100,000 records (or the sizes given).
#
# Usage: sh tests/bench/aggregate.sh /abs/path/to/worklog [N...]
set -eu

WORKLOG=${1:?usage: aggregate.sh /abs/path/to/worklog [N...]}
shift
SIZES=${*:-100000}

. "$(dirname "$0")/lib.sh"

# Seconds (user + system) and peak kilobytes of a command, by GNU time.
measure() {
	/usr/bin/time -f '%U %S %M' -o "$out/time.txt" "$@" >/dev/null 2>"$out/stats.txt" || true
	# A failing command adds a line before the figures.
	tail -n 1 "$out/time.txt" |
		awk '{ printf "%.2f s CPU, %d MB peak", $1 + $2, $3 / 1024 }'
}

if [ ! -x /usr/bin/time ]; then
	echo "aggregate.sh: needs GNU time as /usr/bin/time (Debian: time)" >&2
	exit 2
fi
for n in $SIZES; do
	bench_repo "$n"
	cd "$repo"
	# Warm the page cache.
	"$WORKLOG" validate -q >/dev/null 2>&1 || true
	v=$(measure "$WORKLOG" validate -q)
	a=$(measure "$WORKLOG" aggregate --count --stats)
	printf '%s records: validate %s; aggregate --count %s\n' "$n" "$v" "$a"
	sed 's/^/  /' "$out/stats.txt"
done
