#ifndef WL_CACHE_H
#define WL_CACHE_H

#include <stddef.h>

#include "facts.h"
#include "git.h"
#include "util.h"

/*
 * The hooks' cache, an SQLite file under the git directory
 * ($GIT_COMMON_DIR/worklog/cache.sqlite). It keeps:
 *
 * - facts: the facts (facts.h) of each record blob, by blob id. A blob
 *   never changes, so its facts only depend on what they were read under:
 *   every entry belongs to a context (a hash of the schemas, the parse
 *   limits, and the `records` and `types` globs), and names the type the
 *   `types:` globs give the path ("" when the record's `type:` decides);
 * - ids and refs: where each blob was seen (its path), indexed by the id
 *   it declares and by the ids its x-ref fields name, so that "which
 *   records have id X" and "which records name X" are lookups;
 * - trees: the trees whose every record is in ids and refs ("complete").
 *
 * A commit then costs one parse per changed record and a few lookups, not
 * one per record in the repository: the previous version's tree is
 * complete (or is made so from a complete tree near it, by a diff), and
 * the changed records are added.
 *
 * When the file cannot be opened or locked, the cache lives in memory for
 * the run (nothing is complete, so every record is read): slower, never
 * different. The file is only ever opened as a regular file in a real
 * folder: a symbolic link at its path (or at its folder, or at SQLite's
 * -wal, -shm or -journal files) is removed and the cache built again, so
 * no database elsewhere is ever written through it; anything else in the
 * way keeps the cache in memory.
 */
struct wl_cache;

/* Opens the cache file `path` (creating it and its folder; see above for
 * links), or a cache in memory when `path` is NULL. Never fails. */
struct wl_cache *wl_cache_open(const char *path);
/* Writes what was added and frees the cache; NULL does nothing. */
void wl_cache_free(struct wl_cache *c);
/* Returns 1 if the cache is kept in a file across runs. */
int wl_cache_persistent(const struct wl_cache *c);
/* Returns 1 if a write failed: what was added since opening is lost and
 * lookups may miss it. */
int wl_cache_broken(const struct wl_cache *c);

/* Selects the context (a string) the next calls work in. */
void wl_cache_context(struct wl_cache *c, const char *ctx);

/* Returns the facts text kept for (oid, gtype), or NULL; borrowed until
 * the context changes or the cache is freed. Sets *len. */
const char *wl_cache_get(struct wl_cache *c, const struct wl_oid *oid,
			 const char *gtype, size_t *len);
/* Keeps a copy of facts text `text` for (oid, gtype) and returns it,
 * borrowed as wl_cache_get's. */
const char *wl_cache_put(struct wl_cache *c, const struct wl_oid *oid,
			 const char *gtype, const char *text, size_t len);

/*
 * As wl_cache_get, but appends the text to `out` instead of keeping it
 * for the run: for a walk that reads each of many blobs once (history),
 * whose memory must not grow with them. Returns 1 if found, else 0.
 */
int wl_cache_copy(struct wl_buf *out, struct wl_cache *c,
		  const struct wl_oid *oid, const char *gtype);
/* As wl_cache_put, without keeping a copy in memory. */
void wl_cache_store(struct wl_cache *c, const struct wl_oid *oid,
		    const char *gtype, const char *text, size_t len);

/*
 * Records that `path` holds blob `oid` (of glob type `gtype`) with these
 * facts: its id and references become findable. Idempotent. Returns 0,
 * or -1 if the cache could not be written.
 */
int wl_cache_place(struct wl_cache *c, const char *path,
		   const struct wl_oid *oid, const char *gtype,
		   struct wl_facts *facts);

/* A place where something was seen: a path and its blob. */
struct wl_cache_hit {
	const char *path;
	struct wl_oid oid;
	const char *gtype;
	const char *type;       /* ids: the record's type; refs: the target */
	const char *field;      /* refs: the x-ref field, line and column */
	int line, column;
};
typedef int (*wl_cache_hit_fn)(const struct wl_cache_hit *hit, void *data);

/* Calls `fn` for each place of a record with id `id` (of any version
 * ever placed: the caller checks the blob is still there). Returns 0,
 * -1 on a cache error, or what `fn` returned if not 0. */
int wl_cache_ids(struct wl_cache *c, const char *id, wl_cache_hit_fn fn,
		 void *data);
/* Calls `fn` for each place of an x-ref value `id` naming type `type`. */
int wl_cache_refs(struct wl_cache *c, const char *type, const char *id,
		  wl_cache_hit_fn fn, void *data);

/* Returns 1 if tree `tree` is complete in the context. */
int wl_cache_complete(struct wl_cache *c, const struct wl_oid *tree);
/* Marks tree `tree` complete. Returns 0 or -1. */
int wl_cache_mark_complete(struct wl_cache *c, const struct wl_oid *tree);
/* Appends up to `max` complete trees of the context, latest first. */
int wl_cache_recent_complete(struct wl_cache *c, struct wl_oids *out,
			     size_t max);

/* Drops what was added since opening or the last flush: nothing more
 * is written to the file (a rejected push's trees name objects git
 * deletes). */
void wl_cache_discard(struct wl_cache *c);

/* Commits what was added so far. Returns 0, or -1 if it could not be
 * written (then the file is left as it was). */
int wl_cache_flush(struct wl_cache *c);

#endif
