#ifndef WL_HISTORY_H
#define WL_HISTORY_H

#include <stddef.h>

#include "cache.h"
#include "compare.h"
#include "git.h"
#include "repo.h"
#include "type.h"
#include "util.h"

/*
 * The history engine (DESIGN.md §7): walks the commits of a range and
 * hands out every dated change to the records: created, changed (one
 * change per field, from compare.h), renamed (followed by the type's
 * x-id, so a record moved between folders keeps its history) and
 * deleted. It prints nothing; the store (`history` table), lint's
 * history rules and the reports consume it.
 *
 * What is a record, and of which type, is decided by the configuration
 * and schemas of `repo` (the version the command reads), for every
 * commit: history is read through today's rules. Each record blob is
 * parsed once, ever: its summary (facts.h, with its front matter) is kept
 * in the cache under the git directory, by blob id.
 *
 * Each commit is compared with its first parent (a root commit with the
 * empty tree). Without WL_HISTORY_FIRST_PARENT every commit of the range
 * is walked, as `git log` does; a merge then reports only what it
 * changed itself: the records whose merged version differs from the
 * version of every parent (what `git log -c` shows), as changes against
 * the first parent. With WL_HISTORY_FIRST_PARENT only the first-parent
 * chain is walked, and a merge reports everything it brought in.
 *
 * A version of a path that cannot be read as a record (broken YAML, no
 * front matter, no known type) is invisible: it ends nothing and changes
 * nothing. The next readable version is compared with the last readable
 * one before it, and its changes are dated by the commit that made it
 * readable again; a path that is readable for the first time is
 * created then. A record deleted while unreadable is deleted, with the
 * id and type of its last readable version. When the last readable
 * version is older than the range (a record unreadable where the range
 * starts), the repair reports no field changes.
 */

enum wl_hist_kind {
	WL_HIST_CREATED,
	WL_HIST_CHANGED,
	WL_HIST_RENAMED,
	WL_HIST_DELETED,
};

/*
 * One dated change. Strings are borrowed for the duration of the
 * callback.
 *
 * A record's changes in one commit come together: CREATED, or RENAMED,
 * first, then its CHANGED fields. A renamed record whose content also
 * changed has RENAMED then CHANGED rows, all under the new path.
 */
struct wl_hist_change {
	enum wl_hist_kind kind;
	char commit[WL_OID_HEXSZ + 1];    /* hex id */
	long long time;                   /* committer time, seconds since
					     the epoch */
	int offset;                       /* its zone, minutes east of UTC */
	const char *when;                 /* the same, ISO 8601 with the
					     offset: 2026-11-20T10:00:00+08:00 */
	long long author_time;            /* author time and zone */
	int author_offset;
	const char *author, *email;       /* the commit's author */
	const char *person;               /* the roster id `email` maps to
					     (config people's emails, ASCII
					     case ignored); NULL if none */
	const char *path;                 /* the record's path after the
					     change (before it: DELETED) */
	const char *old_path;             /* RENAMED: where it was; else NULL */
	const char *id;                   /* the x-id value, or NULL */
	const char *type;                 /* the record type */
	/* The value of the type's x-lifecycle state field after the change
	 * (DELETED: before it), NULL when the type has no lifecycle or the
	 * record no such scalar; and its class. A CREATED row thus says the
	 * state a record was born in. */
	const char *state;
	enum wl_state_class state_class;
	/* CHANGED only (else NULL and WL_FIELD_CHANGED): what changed, as
	 * compare.h says: the path ("status", "kpis[1].actual"), how, and
	 * the old and new values as text (scalars as written, lists and
	 * mappings as JSON; NULL where absent). */
	enum wl_field_kind field_kind;
	const char *field;
	const char *old_value, *new_value;
};

/* Returns 0 to go on, anything else to stop the walk (it is returned). */
typedef int (*wl_hist_fn)(const struct wl_hist_change *c, void *data);

/* Returns "created", "changed", "renamed" or "deleted". */
const char *wl_hist_kind_name(enum wl_hist_kind kind);

enum wl_history_flags {
	WL_HISTORY_FIRST_PARENT = 1 << 0,  /* walk the first parents only */
	WL_HISTORY_NO_CACHE = 1 << 1,      /* keep parsed blobs in memory
					      only (tests, measurements) */
	/*
	 * Read no blob: what changed is told by path alone, as cheaply as
	 * `git log --raw`. Each changed record path is handed out as
	 * CREATED (the file was added), CHANGED (modified; no field, so
	 * `field` is NULL), DELETED, or RENAMED when a commit deletes a
	 * file and adds one with the very same content (an exact rename,
	 * paired in path order). `id`, `type` and `state` are NULL and
	 * every version counts, readable or not. For consumers that need
	 * only when each record was committed (lint's history rules).
	 */
	WL_HISTORY_PATHS = 1 << 2,
};

struct wl_history_opts {
	/*
	 * The commits: "REV" (what it reaches), "A..B" (what B reaches and
	 * A does not; an empty side is HEAD), or NULL: the revision `repo`
	 * reads (--rev), else HEAD.
	 */
	const char *range;
	/*
	 * Only commits whose committer time lies in [since, until] are
	 * reported (the others are walked through, as `git log --since`).
	 * Each is a date `YYYY-MM-DD` (since: the start of that day, until:
	 * its end, in the configuration's time zone) or an RFC 3339
	 * date-time; NULL: unbounded.
	 */
	const char *since, *until;
	unsigned flags;                    /* enum wl_history_flags */
	unsigned threads;                  /* parsing threads; 0: one per core */
	struct wl_cache *cache;            /* NULL: the repository's cache
					      file (or memory, with
					      WL_HISTORY_NO_CACHE) */
};
#define WL_HISTORY_OPTS_INIT { NULL, NULL, NULL, 0, 0, NULL }

/* What a walk cost; `aggregate --stats` prints it. */
struct wl_history_stats {
	size_t commits;         /* walked */
	size_t commits_in_range;/* within since/until, their changes read */
	size_t changes;         /* changes handed out */
	size_t blobs;           /* record blobs whose summary was needed */
	size_t parsed;          /* of them, read and parsed */
	size_t cache_hits;      /* of them, found in the cache */
	unsigned threads;       /* threads that parsed, the walk's own
				   included; 0 when nothing was parsed */
	int shallow;            /* the repository is a shallow clone */
	/* Seconds the walk spent in each phase (wall clock). Blobs are read
	 * and parsed by worker threads while the walk compares trees:
	 * parse_secs is the walk's own share (cache lookups, and what the
	 * workers had not finished when a batch ended). */
	double walk_secs;       /* listing the commits */
	double diff_secs;       /* comparing trees */
	double parse_secs;      /* finding, reading and parsing blobs */
	double compare_secs;    /* pairing, comparing, handing out */
	double total_secs;
};
#define WL_HISTORY_STATS_INIT { 0 }

/*
 * Where the history of `repo` is: the git repository it was opened in,
 * the folder of its root within that repository ("" at the top,
 * "team/" below it: git paths are that folder plus the record paths),
 * and the commit its history ends at: the revision `repo` reads
 * (--rev), else HEAD (none while HEAD is unborn).
 */
struct wl_history_at {
	struct wl_git *git;         /* borrowed from repo's source, or owned */
	int own_git;
	char *prefix;               /* owned */
	int has_tip;
	struct wl_oid tip;
};
#define WL_HISTORY_AT_INIT { NULL, 0, NULL, 0, { { 0 } } }

/*
 * Finds where the history of `repo` is. Returns 0; WL_GIT_NO_REPO when
 * `repo` is in no git repository; or -1 (a git error, an unknown
 * revision); with *err set on failure (caller frees).
 */
int wl_history_at_open(struct wl_history_at *at, struct wl_repo *repo,
		       char **err);
void wl_history_at_release(struct wl_history_at *at);

/*
 * Walks the history of the repository `repo` was opened in (a git
 * repository; `repo` may read the working tree, the index or a
 * revision) over `opts` (NULL: the defaults), calling `fn` for every
 * change, oldest commit first (parents before children, the older of
 * two commits first), within a commit by the records' new paths, then
 * the deleted records by path.
 *
 * `stats` (may be NULL) receives what the walk cost. Warnings (the
 * clone is shallow: history before its graft is unknown) are appended to
 * `warnings` (may be NULL), one message each.
 *
 * Returns 0; what `fn` returned when it stopped the walk; or -1 with a
 * message in *err (caller frees): no git repository, an unknown
 * revision, a bad date, a git or I/O error.
 */
int wl_history_walk(struct wl_history_stats *stats,
		    struct wl_strlist *warnings, struct wl_repo *repo,
		    const struct wl_history_opts *opts, wl_hist_fn fn,
		    void *data, char **err);

/*
 * Opens the cache a walk of `repo` with `flags` would open itself (the
 * file under the git directory; in memory with WL_HISTORY_NO_CACHE),
 * for a caller that shares it between wl_store_load and the walk
 * (wl_history_opts.cache), so the walk finds the records the load
 * parsed. Returns 0 and the cache in *out (free it with wl_cache_free,
 * which writes it), or -1 with *err set: not a git repository.
 */
int wl_history_cache_open(struct wl_cache **out, struct wl_repo *repo,
			  unsigned flags, char **err);

#endif
