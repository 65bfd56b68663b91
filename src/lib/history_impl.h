#ifndef WL_HISTORY_IMPL_H
#define WL_HISTORY_IMPL_H

/*
 * The history engine's parts, shared by history.c (the walk, pairing
 * and comparing) and history_parse.c (reading and parsing blobs, in
 * parallel). Not for other modules: history.h is the interface.
 */
#include <stddef.h>

#include "cache.h"
#include "facts.h"
#include "git.h"
#include "history.h"
#include "node.h"
#include "repo.h"
#include "util.h"
#include "version.h"

/* What a path held, across batches. */
struct track {
	char *path;
	struct wl_oid cur;          /* the version at the path now */
	int cur_readable;
	int has_good;               /* a readable version was seen */
	struct wl_oid good;         /* the last one */
	char *good_text;            /* its summary (facts text) */
	size_t good_len;
	int born;                   /* the file was added within the walk */
};

/* A blob a batch needs: its summary, by (oid, gtype). */
struct blob {
	struct wl_oid oid;
	const char *gtype;          /* the glob type of its path (version.h) */
	const char *path;           /* a path it is at, to parse it as */
	struct wl_buf text;         /* its summary (facts text) */
	int have;                   /* text holds the summary */
	int readable;               /* it is a record: a type, and its
				       front matter reads back */
	struct wl_facts facts;      /* read from text */
};

/* A commit of a batch and its changes (batch.changes[first, first+nr)). */
struct bcommit {
	struct wl_commit c;
	size_t first, nr;
};

struct batch {
	struct bcommit *commits;
	size_t commits_nr, commits_alloc;
	struct wl_changes changes;  /* paths relative to the root */
	struct blob *blobs;
	size_t nr, alloc;
	size_t *slots;              /* blob index + 1, by (oid, gtype) */
	size_t mask;
};

/* The parsing threads: each has its own repository (libgit2 objects are
 * not shared between threads). */
struct hist_workers;

struct hist {
	struct wl_repo *repo;
	struct wl_git *git;
	int own_git;
	char *prefix;               /* the root's folder in the repository */
	struct wl_cache *cache;
	int own_cache;
	struct wl_version ver;
	unsigned flags;
	char **dirs;                /* repository folders the diffs read */
	size_t dirs_nr;
	long long since, until;
	int has_since, has_until;
	wl_hist_fn fn;
	void *data;
	struct wl_history_stats stats;
	struct wl_oid last;         /* the commit walked last, and its tree */
	struct wl_oid last_tree;
	struct track **tracks;      /* by path; open addressing */
	size_t tracks_mask, tracks_nr;
	unsigned threads_wanted, threads_used;
	struct hist_workers *workers;
};

/* Seconds on a monotonic clock. */
double wl_hist_now(void);

/* Returns the blob (oid, gtype) of the batch, or NULL. */
struct blob *wl_hist_blob_find(const struct batch *b, const struct wl_oid *oid,
			       const char *gtype);

/*
 * Keeps the summary just written into x->text: in the cache, and read
 * into x. Returns 0, or -1 if it cannot be read back (then x is not a
 * record).
 */
int wl_hist_blob_parsed(struct hist *h, struct blob *x);

/*
 * Queues blob `blob` of the batch, whose summary is missing, to be read
 * and parsed beside the walk (history_parse.c): by worker threads once
 * the walk has enough, else at the end of the batch.
 */
void wl_hist_parse_queue(struct hist *h, struct batch *b, size_t blob);

/*
 * Ends the batch's parsing: parses what no worker has started, waits for
 * the rest, and keeps every summary (wl_hist_blob_parsed). Returns 0, or
 * -1 with *err set if a blob cannot be read.
 */
int wl_hist_parse_finish(struct hist *h, struct batch *b, char **err);

/* Stops the workers and frees what they hold; jobs left are dropped. */
void wl_hist_parse_release(struct hist *h);

#endif
