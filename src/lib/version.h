#ifndef WL_VERSION_H
#define WL_VERSION_H

#include <stddef.h>

#include "cache.h"
#include "check.h"
#include "facts.h"
#include "git.h"
#include "record.h"
#include "repo.h"

/*
 * A version of the records repository read for judging and history: the
 * files of one source (the index, a commit) under the rules of one
 * repository (its configuration and schemas), with the facts (facts.h)
 * of every record blob kept in the cache (cache.h), so each blob is
 * parsed once, ever. Blobs of other versions (the commit before, a merge
 * parent) are read through the same source and rules.
 */
struct wl_version {
	struct wl_repo *repo;       /* borrowed: the rules; repo->src is the
				       version's files */
	struct wl_cache *cache;     /* borrowed */
};

/*
 * Makes `v` read `repo` with `cache`, and selects the cache context the
 * facts depend on: the built-in and the repository's schemas, the parse
 * limits, and the `records` and `types` globs (not the roster or the
 * rules, so editing those keeps the cache).
 */
void wl_version_init(struct wl_version *v, struct wl_repo *repo,
		     struct wl_cache *cache);

/* Returns the type the `types:` globs give `path`, "" when the record's
 * `type:` field decides: with the blob id, what facts are kept by. */
const char *wl_version_glob_type(const struct wl_version *v,
				 const char *path);

/*
 * Parses `buf` (`len` bytes, malloc'd, taken over) as the record at
 * `path` under the rules of `repo`, and appends the text form of its
 * facts to `out`. It only reads `repo`, so several threads may call it
 * at once.
 */
void wl_version_facts_text(struct wl_buf *out, struct wl_repo *repo,
			   const char *path, char *buf, size_t len);

/*
 * Reads and parses blob `oid` as the record at `path`; *type is its
 * record type or NULL. Problems are not reported: the caller validates
 * what it judges. A blob over the source's size limit is not read: it
 * comes back as a record without front matter (wl_record_too_big).
 * Returns 0, or -1 with *err set if the blob cannot be read.
 */
int wl_version_parse(struct wl_record *r, const struct wl_type **type,
		     struct wl_version *v, const char *path,
		     const struct wl_oid *oid, char **err);

/*
 * The facts of blob `oid` at `path`: from the cache, or read, parsed and
 * kept there. Their text is borrowed from the cache until its context
 * changes; release the facts with wl_facts_release. Returns 0, or -1
 * with *err set.
 */
int wl_version_facts(struct wl_facts *out, struct wl_version *v,
		     const char *path, const struct wl_oid *oid, char **err);

/* The facts of record `r` (blob `oid` at `path`, of `type`, NULL when
 * unknown), parsed already; kept in the cache as wl_version_facts's. */
void wl_version_record_facts(struct wl_facts *out, struct wl_version *v,
			     const char *path, const struct wl_oid *oid,
			     const struct wl_type *type,
			     const struct wl_record *r);

/*
 * Makes the record at `path` (blob `oid`, with `facts`) findable by the
 * lookups below. Returns 0, or -1 with *err set.
 */
int wl_version_place(struct wl_version *v, const char *path,
		     const struct wl_oid *oid, struct wl_facts *facts,
		     char **err);

/*
 * Makes tree `tree` complete in the cache: every record in it findable.
 * From the latest complete tree only what differs is read; without one,
 * every record of the tree is (once: the facts of each blob are kept).
 * Returns 0, or -1 with *err set.
 */
int wl_version_complete(struct wl_version *v, const struct wl_oid *tree,
			char **err);

/* Marks tree `tree` complete, once each of its records is placed. */
void wl_version_mark_complete(struct wl_version *v, const struct wl_oid *tree);

/*
 * The checks' lookups (check.h) over the cache, for the version: a place
 * the cache knows counts if the version still has that blob there, as a
 * record of the same `types:` glob type.
 */
void wl_version_lookup(struct wl_check_lookup *out, struct wl_version *v);

/* Returns 1 if the version has a record of type `type` with id `id`, 0 if
 * not, -1 if the cache could not be read. */
int wl_version_has_id(struct wl_version *v, const char *type, const char *id);

#endif
