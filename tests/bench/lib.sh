# Shared by the benchmark scripts: sourced with WORKLOG set to the binary.
# Makes WORKLOG absolute, sets root (the project) and out (build/bench),
# and builds the record generator into $gen when its source changed.
# Helpers: bench_repo, bench_history_repo, time_loop, json_field, json_mean,
# json_cpu, git_env, now_us, timed, mean.

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

# json_field FILE FIELD I: FIELD (mean, median, user, system, ...) of
# the I-th command of a hyperfine JSON export.
json_field() {
	grep -o "\"$2\": *[0-9.eE+-]*" "$1" | sed -n "${3}p" |
		sed 's/.*: *//'
}

# json_mean FILE I: the mean of the I-th command of a hyperfine JSON
# export.
json_mean() {
	json_field "$1" mean "$2"
}

# json_cpu FILE I: the mean CPU seconds (user and system) of the I-th
# command of a hyperfine JSON export.
json_cpu() {
	awk -v u="$(json_field "$1" user "$2")" -v s="$(json_field "$1" system "$2")" \
		'BEGIN { printf "%.4f", u + s }'
}

# A fixed identity and clock for git, no hooks of the user's, no global
# configuration.
git_env() {
	export GIT_CONFIG_NOSYSTEM=1 HOME="$out/home"
	export GIT_AUTHOR_NAME="Bench" GIT_AUTHOR_EMAIL="bench@example.com"
	export GIT_COMMITTER_NAME="Bench" GIT_COMMITTER_EMAIL="bench@example.com"
	export GIT_AUTHOR_DATE="2026-11-20T10:00:00+08:00"
	export GIT_COMMITTER_DATE="2026-11-20T10:00:00+08:00"
	unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY \
		GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_COMMON_DIR 2>/dev/null || true
	mkdir -p "$HOME"
}

# Microseconds since the epoch.
now_us() {
	t=$(date +%s%N)
	case $t in
	*N*) echo "$(basename "$0"): date has no %N" >&2; exit 2 ;;
	esac
	echo $((t / 1000))
}

# Prints the CPU seconds (user and system) of the finished children in
# `times` output $1.
children_cpu() {
	awk 'NR == 2 {
		s = 0
		for (i = 1; i <= 2; i++) {
			split($i, t, "m"); sub("s", "", t[2]); s += t[1] * 60 + t[2]
		}
		printf "%.4f", s }' "$1"
}

# Runs a command, its output to $out/last.out, its exit code to
# $out/last.rc and its CPU seconds to $out/last.cpu (which a loaded
# machine does not inflate), and prints its seconds.
timed() {
	times >"$out/times.0"
	t0=$(now_us)
	set +e
	"$@" >"$out/last.out" 2>&1
	echo $? >"$out/last.rc"
	set -e
	t1=$(now_us)
	times >"$out/times.1"
	awk -v a="$(children_cpu "$out/times.0")" -v b="$(children_cpu "$out/times.1")" \
		'BEGIN { printf "%.4f\n", b - a }' >"$out/last.cpu"
	awk -v us="$((t1 - t0))" 'BEGIN { printf "%.4f", us / 1e6 }'
}

# The mean of the numbers on stdin, one a line.
mean() {
	awk '{ s += $1; n++ } END { printf "%.4f", n ? s / n : 0 }'
}
