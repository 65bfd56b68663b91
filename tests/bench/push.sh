#!/bin/sh
# Times the server hook on a push of 2,000 commits to a bare server, and
# counts the rule sets (configuration and schemas) it compiles: one, since
# every commit is judged by the same rules, those of the branch before the
# push (issue 7). The floor is `git log --raw --no-renames` over the pushed
# range: the least any hook must do is learn which blobs each commit
# changes. Times are CPU seconds (user and system), which a busy machine
# does not inflate; wall-clock seconds are shown beside them.
#
# Usage: sh tests/bench/push.sh /abs/path/to/worklog [N]
#   N        records in the repository (default 10000)
#   COMMITS  commits in the push, each editing one record (default 2000)
#   RUNS     timed runs of each command (default 3)
#
# The repository is made by tests/bench/gen.c in build/bench/push-N, the
# COMMITS commits are written with git fast-import on top of it (branch
# `pushed`), and both are reused while gen is unchanged. The records the
# generator makes invalid on purpose are left out. The server
# receives the generated commit through its hook first (every record is
# read once: the cache then knows that tree), and then the objects of the
# push without a reference, as git's quarantine holds them; each timed
# run starts from that cache.
set -eu

WORKLOG=${1:?usage: push.sh /abs/path/to/worklog [N]}
N=${2:-10000}
COMMITS=${COMMITS:-2000}
RUNS=${RUNS:-3}

. "$(dirname "$0")/lib.sh"
git_env

repo="$out/push-$N"
stamp="$repo/.git/worklog-bench-$COMMITS"

# The fast-import stream of $COMMITS commits on top of `base`, each
# editing the title of one task record (cycling when there are fewer
# tasks than commits).
push_stream() {
	ls records/tasks | sed 's|^|records/tasks/|' >"$out/push-files"
	files=$(wc -l <"$out/push-files")
	i=1
	while [ "$i" -le "$COMMITS" ]; do
		f=$(sed -n "$(( (i - 1) % files + 1 ))p" "$out/push-files")
		sed "s/^title: /title: Push $i /" "$f" >"$out/push-blob"
		size=$(wc -c <"$out/push-blob")
		printf 'commit refs/heads/pushed\n'
		printf 'committer Bench <bench@example.com> %d +0800\n' $((1795000000 + i))
		printf 'data 7\npush %02d\n' $((i % 100))
		if [ "$i" -eq 1 ]; then
			printf 'from %s\n' "$(git rev-parse base)"
		fi
		printf 'M 100644 inline %s\ndata %d\n' "$f" "$size"
		cat "$out/push-blob"
		printf '\n'
		i=$((i + 1))
	done
}

if [ ! -f "$stamp" ] || [ -n "$(newer "$gen" "$stamp")" ]; then
	echo "generating $N records and $COMMITS commits in $repo" >&2
	rm -rf "$repo"
	"$gen" "$repo" "$N"
	git -C "$repo" init -q -b main
	git -C "$repo" config core.hooksPath /dev/null
	git -C "$repo" config gc.auto 0
	# The generator plants a schema error in one record in a thousand:
	# those stay out, so the push is accepted.
	(cd "$repo" && "$WORKLOG" validate -q 2>/dev/null |
		sed -n 's/:[0-9]*:[0-9]*: .*//p' | sort -u | xargs -r rm --)
	git -C "$repo" add -A
	git -C "$repo" commit -q -m "generated"
	git -C "$repo" tag base
	(cd "$repo" && push_stream | git fast-import --quiet)
	git -C "$repo" gc -q
	: >"$stamp"
fi
old=$(git -C "$repo" rev-parse base)
new=$(git -C "$repo" rev-parse pushed)
pushed=$(git -C "$repo" rev-list --count base..pushed)

# The server: the generated commit pushed through the hook, then the
# objects of the push with no reference.
server="$out/push-$N.server.git"
rm -rf "$server"
git init -q --bare "$server"
"$WORKLOG" -C "$server" hooks install --server >/dev/null
PATH=$(dirname "$WORKLOG"):$PATH git -C "$repo" push -q "$server" base:refs/heads/main
git -C "$server" fetch -q "$repo" pushed
cp "$server/worklog/cache.sqlite" "$out/push-$N.cache"
printf '%s %s refs/heads/main\n' "$old" "$new" >"$out/push-$N.in"

: >"$out/push-$N.times"
k=0
while [ "$k" -lt "$RUNS" ]; do
	wall=$(cd "$server" && timed git log --raw --no-renames --format=%H "$old..$new")
	echo "floor $wall $(cat "$out/last.cpu")" >>"$out/push-$N.times"
	cp "$out/push-$N.cache" "$server/worklog/cache.sqlite"
	wall=$(cd "$server" && timed "$WORKLOG" hook pre-receive --stats <"$out/push-$N.in")
	echo "hook $wall $(cat "$out/last.cpu")" >>"$out/push-$N.times"
	if [ "$(cat "$out/last.rc")" -ne 0 ]; then
		echo "push.sh: worklog hook pre-receive exited $(cat "$out/last.rc")" >&2
		cat "$out/last.out" >&2
		exit 2
	fi
	k=$((k + 1))
done

# Field $2 of the runs of $1: wall seconds; $3: CPU seconds.
runs() {
	awk -v what="$1" -v f="$2" '$1 == what { print $f }' "$out/push-$N.times" | mean
}

# worklog: stats: 2000 versions judged, 1 rule set compiled, 2000 records validated
stats=$(grep '^worklog: stats: ' "$out/last.out")
compiled=$(echo "$stats" | sed -n 's/.* \([0-9]*\) rule sets* compiled.*/\1/p')
judged=$(echo "$stats" | sed -n 's/^worklog: stats: \([0-9]*\) version.*/\1/p')
floor_wall=$(runs floor 2) floor_cpu=$(runs floor 3)
hook_wall=$(runs hook 2) hook_cpu=$(runs hook 3)
ratio=$(awk -v h="$hook_cpu" -v f="$floor_cpu" 'BEGIN { printf "%.1f", (f > 0 ? h / f : 0) }')
per=$(awk -v h="$hook_cpu" -v n="$pushed" 'BEGIN { printf "%.2f", (n > 0 ? 1000 * h / n : 0) }')
line=$(printf '%s commits on %s records: git log --raw %.3f s CPU (%.3f s wall), hook pre-receive %.3f s CPU (%.3f s wall, %s ms a commit, %s versions judged), ratio %sx; rule sets compiled: %s (bar: 1)' \
	"$pushed" "$N" "$floor_cpu" "$floor_wall" "$hook_cpu" "$hook_wall" "$per" \
	"$judged" "$ratio" "$compiled")
echo "$line" | tee "$out/push-$N.txt"
[ "$compiled" = 1 ] || {
	echo "push.sh: the push compiled its rules $compiled times, not once" >&2
	exit 1
}
