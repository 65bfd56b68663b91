#ifndef WL_RECTIMES_H
#define WL_RECTIMES_H

#include <stddef.h>

#include "git.h"
#include "history.h"
#include "repo.h"
#include "util.h"

/*
 * When each record was committed: for every record the history engine
 * (history.h) reports, the commits that changed it, oldest first, so
 * that its first commit (cadence: was it on time?) and its last (stale:
 * how long untouched?) and everything between (locked: what changed it
 * after it closed?) are at hand after one walk for all records.
 *
 * A record is followed as the engine follows it: across its renames, to
 * where it is at the end of the walk. A deleted record is kept apart
 * (wl_rectimes_gone); a record created again later at the same path is
 * a new one. Memory grows with the records and with the changes to
 * them, one small index per change, never with commits times records.
 */

/* A commit that changed a record. */
struct wl_rec_commit {
	struct wl_oid id;
	long long time;             /* committer time */
	int offset;                 /* its zone, minutes east of UTC */
	const char *person;         /* the roster id of its author, or NULL;
				       borrowed from the configuration */
};

/* One record's commits. */
struct wl_rectime {
	char *path;                 /* where it is now (deleted: was) */
	size_t *commits;            /* indexes into wl_rectimes.commits,
				       oldest first, each commit once */
	/* Per commit (same index): the class of the record's state after
	 * it (enum wl_state_class), as the walk's changes said. Only a walk
	 * that reads the records fills it: a WL_HISTORY_PATHS one leaves
	 * WL_STATE_NONE throughout. */
	unsigned char *states;
	size_t nr, alloc;
	/* The first of `commits` made at `path`: the one that renamed the
	 * record there (0: it was always there). */
	size_t here;
	int deleted;
};

struct wl_rectimes {
	struct wl_rec_commit *commits;  /* every commit seen, in walk order */
	size_t commits_nr, commits_alloc;
	struct wl_rectime **slots;      /* the records there now, by path */
	size_t mask, nr;
	size_t used;                    /* slots taken, moved ones too */
	struct wl_rectime **gone;       /* deleted or replaced ones */
	size_t gone_nr, gone_alloc;
};
#define WL_RECTIMES_INIT { NULL, 0, 0, NULL, 0, 0, 0, NULL, 0, 0 }
void wl_rectimes_release(struct wl_rectimes *t);

/*
 * Takes one change of a walk (oldest commit first, as the engine hands
 * them out) into `t`. Returns the record it concerns (owned by `t`,
 * valid until `t` is released; its `path` follows later renames), never
 * NULL.
 */
struct wl_rectime *wl_rectimes_add(struct wl_rectimes *t,
				   const struct wl_hist_change *c);

/* A wl_hist_fn for a walk that only fills the wl_rectimes `data`. */
int wl_rectimes_fn(const struct wl_hist_change *c, void *data);

/*
 * Walks the history of the revision `repo` reads (HEAD for the working
 * tree and the index) by path alone (WL_HISTORY_PATHS: as cheap as
 * `git log --raw`) into `t`. `stats` and `warnings` may be NULL.
 * Returns 0, or -1 with *err set (caller frees).
 */
int wl_rectimes_walk(struct wl_rectimes *t, struct wl_history_stats *stats,
		     struct wl_strlist *warnings, struct wl_repo *repo,
		     char **err);

/* Returns the record at `path` now, or NULL if the history has none. */
const struct wl_rectime *wl_rectimes_get(const struct wl_rectimes *t,
					 const char *path);

/*
 * For going through the records there now: returns the one in slot `i`
 * of the table (0 to `mask`, in no order), or NULL for an empty slot.
 */
const struct wl_rectime *wl_rectimes_slot(const struct wl_rectimes *t,
					  size_t i);

/* Returns the first or the last commit of record `r` (which has one);
 * borrowed from `t`. */
const struct wl_rec_commit *wl_rectime_first(const struct wl_rectimes *t,
					     const struct wl_rectime *r);
const struct wl_rec_commit *wl_rectime_last(const struct wl_rectimes *t,
					    const struct wl_rectime *r);

#endif
