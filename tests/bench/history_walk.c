/*
 * history-walk — runs the history engine once, for tests/bench/history.sh.
 *
 *   history-walk DIR [--threads N] [--first-parent] [--no-cache]
 *
 * opens the records repository at DIR (its working tree), walks its whole
 * history (wl_history_walk), counts the changes and prints one line of
 * `name=value` pairs: the changes, the walk's statistics and the peak
 * resident memory (getrusage). Exit 0, or 2 with a message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "history.h"
#include "repo.h"
#include "util.h"

static int count(const struct wl_hist_change *c, void *data)
{
	size_t *n = data;

	(*n)++;
	return 0;
}

int main(int argc, char **argv)
{
	struct wl_repo_opts ro = WL_REPO_OPTS_INIT;
	struct wl_history_opts ho = WL_HISTORY_OPTS_INIT;
	struct wl_history_stats st = WL_HISTORY_STATS_INIT;
	struct wl_diags d = WL_DIAGS_INIT;
	struct wl_repo *repo = NULL;
	struct rusage ru;
	size_t changes = 0;
	char *err = NULL;
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: history-walk DIR [--threads N] [--first-parent] [--no-cache]\n");
		return 2;
	}
	ro.dir = argv[1];
	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--threads") && i + 1 < argc)
			ho.threads = (unsigned)atoi(argv[++i]);
		else if (!strcmp(argv[i], "--first-parent"))
			ho.flags |= WL_HISTORY_FIRST_PARENT;
		else if (!strcmp(argv[i], "--no-cache"))
			ho.flags |= WL_HISTORY_NO_CACHE;
		else {
			fprintf(stderr, "history-walk: unknown option '%s'\n",
				argv[i]);
			return 2;
		}
	}
	if (wl_repo_open(&repo, &ro, &d, &err) < 0) {
		fprintf(stderr, "history-walk: %s\n",
			err ? err : "the configuration has errors");
		return 2;
	}
	if (wl_history_walk(&st, NULL, repo, &ho, count, &changes, &err) !=
	    0) {
		fprintf(stderr, "history-walk: %s\n", err ? err : "stopped");
		return 2;
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("changes=%zu commits=%zu blobs=%zu parsed=%zu cache_hits=%zu"
	       " threads=%u walk=%.3f diff=%.3f parse=%.3f compare=%.3f"
	       " total=%.3f maxrss_kb=%ld\n",
	       changes, st.commits, st.blobs, st.parsed, st.cache_hits,
	       st.threads, st.walk_secs, st.diff_secs, st.parse_secs,
	       st.compare_secs, st.total_secs, ru.ru_maxrss);
	wl_repo_free(repo);
	wl_diags_release(&d);
	return 0;
}
