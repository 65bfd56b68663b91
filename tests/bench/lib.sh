# Shared by the benchmark scripts: sourced with WORKLOG set to the binary.
# Makes WORKLOG absolute, sets root (the project) and out (build/bench),
# and builds the record generator into $gen when its source changed.

case $WORKLOG in
/*) ;;
*) WORKLOG=$(cd "$(dirname "$WORKLOG")" && pwd)/$(basename "$WORKLOG") ;;
esac
[ -x "$WORKLOG" ] || { echo "$(basename "$0"): '$WORKLOG' is not executable" >&2; exit 2; }

root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/build/bench"
mkdir -p "$out"

# Prints something if file $1 is newer than file $2 (POSIX has no -nt).
newer() {
	find "$1" -newer "$2" 2>/dev/null
}

gen="$out/gen"
if [ ! -x "$gen" ] || [ -n "$(newer "$root/tests/bench/gen.c" "$gen")" ]; then
	${CC:-cc} -std=c11 -O2 -o "$gen" "$root/tests/bench/gen.c"
fi

# bench_repo N: makes (or reuses, while gen is unchanged) the repository
# of N generated records, build/bench/repo-N, and sets repo to it.
bench_repo() {
	repo="$out/repo-$1"
	stamp="$repo/.generated"
	if [ ! -f "$stamp" ] || [ -n "$(newer "$gen" "$stamp")" ]; then
		echo "generating $1 records in $repo" >&2
		rm -rf "$repo"
		"$gen" "$repo" "$1"
		: >"$stamp"
	fi
}

# bench_history_repo N COMMITS: makes (or reuses, while gen is
# unchanged) the repository of N records and COMMITS commits, written by
# `gen --history` through git fast-import into
# build/bench/history-N-COMMITS, and sets repo to it.
bench_history_repo() {
	repo="$out/history-$1-$2"
	stamp="$repo/.git/worklog-bench"
	if [ ! -f "$stamp" ] || [ -n "$(newer "$gen" "$stamp")" ]; then
		echo "generating $1 records and $2 commits in $repo" >&2
		rm -rf "$repo"
		git init -q -b main "$repo"
		"$gen" --history "$1" "$2" | git -C "$repo" fast-import --quiet
		git -C "$repo" reset -q --hard main
		: >"$stamp"
	fi
}

# time_loop CMD: the mean seconds of CMD run $RUNS times, without
# hyperfine.
time_loop() {
	total=0
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		t0=$(date +%s%N)
		sh -c "$1" >/dev/null 2>&1 || true
		t1=$(date +%s%N)
		case $t0$t1 in
		*N*) echo "$(basename "$0"): date has no %N; install hyperfine" >&2
		     exit 2 ;;
		esac
		total=$((total + (t1 - t0) / 1000))
		i=$((i + 1))
	done
	awk -v us="$total" -v n="$RUNS" 'BEGIN { printf "%.4f", us / n / 1e6 }'
}

# json_mean FILE I: the mean of the I-th command of a hyperfine JSON
# export.
json_mean() {
	grep -o '"mean": *[0-9.eE+-]*' "$1" | sed -n "${2}p" |
		sed 's/.*: *//'
}
