#!/bin/sh
# Times `worklog validate` against the floor of reading the same files with
# cat, on generated repositories of 10,000 and 100,000 records.
#
# Usage: sh tests/bench/validate.sh /abs/path/to/worklog [N...]
#
# The repositories are made by tests/bench/gen.c in build/bench/repo-N and
# reused while gen is unchanged. See tests/bench/README.md.
set -eu

WORKLOG=${1:?usage: validate.sh /abs/path/to/worklog [N...]}
shift
SIZES=${*:-10000 100000}
RUNS=${RUNS:-5}
# HYPERFINE= (empty) times with a shell loop instead.
HYPERFINE=${HYPERFINE-hyperfine}

. "$(dirname "$0")/lib.sh"

# Prints N / seconds as "123k" records per second.
rate() {
	awk -v n="$1" -v s="$2" 'BEGIN {
		r = s > 0 ? n / s : 0
		if (r >= 10000) printf "%.0fk", r / 1000
		else printf "%.0f", r }'
}

for n in $SIZES; do
	bench_repo "$n"
	cd "$repo"

	cat_cmd="find records -name '*.md' -print0 | xargs -0 cat > /dev/null"
	wl_cmd="'$WORKLOG' validate -q > /dev/null"

	# A sanity run, which also warms the page cache: the generated
	# records have findings (exit 1), anything else is a failure.
	set +e
	"$WORKLOG" validate --format json >"$out/check-$n.json" 2>"$out/check-$n.err"
	rc=$?
	set -e
	if [ "$rc" -ne 1 ]; then
		echo "validate.sh: worklog validate exited $rc on $repo (expected 1: findings)" >&2
		head -20 "$out/check-$n.err" >&2
		exit 2
	fi
	seen=$(sed -n 's/^{"records": \([0-9]*\), "errors": \([0-9]*\).*/\1 \2/p' \
		"$out/check-$n.json")
	set -- $seen
	if [ "${1:-}" != "$n" ]; then
		echo "validate.sh: worklog checked ${1:-?} records, not $n" >&2
		exit 2
	fi
	errors=$2
	sh -c "$cat_cmd"

	if [ -n "$HYPERFINE" ] && command -v "$HYPERFINE" >/dev/null 2>&1; then
		"$HYPERFINE" --warmup 1 --runs "$RUNS" --ignore-failure --style basic \
			--export-json "$out/validate-$n.json" \
			-n cat "$cat_cmd" -n worklog "$wl_cmd" >"$out/validate-$n.txt"
		t_cat=$(json_mean "$out/validate-$n.json" 1)
		t_wl=$(json_mean "$out/validate-$n.json" 2)
	else
		sh -c "$wl_cmd" || true
		t_cat=$(time_loop "$cat_cmd")
		t_wl=$(time_loop "$wl_cmd")
	fi
	ratio=$(awk -v a="$t_wl" -v b="$t_cat" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')
	printf '%s records: cat %.3f s (%s records/s), worklog %.3f s (%s records/s), ratio %sx; %s errors found\n' \
		"$n" "$t_cat" "$(rate "$n" "$t_cat")" "$t_wl" \
		"$(rate "$n" "$t_wl")" "$ratio" "$errors"
done
