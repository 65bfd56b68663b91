#ifndef WL_PAIR_H
#define WL_PAIR_H

#include <stddef.h>

#include "git.h"

/*
 * Record pairing between two versions of the repository: which record
 * of the old version each record of the new one continues. The hooks
 * pair the records a change touches, and history and `worklog diff` pair
 * the records of two commits, all through here.
 *
 * A record continues the one at the same path (unchanged or modified);
 * a record at a path the old version did not have continues an old
 * record, gone from its path, of the same type and id: it moved
 * (renamed, with or without a change to its content). The rest are added
 * or removed.
 */

/* A record of one version. Strings are borrowed. */
struct wl_pair_item {
	const char *path;       /* unique within its version */
	struct wl_oid oid;      /* its blob */
	const char *type;       /* NULL: not a usable record */
	const char *id;         /* its x-id value, or NULL */
};

enum wl_pair_kind {
	WL_PAIR_UNCHANGED,      /* same path, same blob */
	WL_PAIR_MODIFIED,       /* same path, another blob */
	WL_PAIR_RENAMED,        /* another path, same type and id */
	WL_PAIR_ADDED,          /* only in the new version */
	WL_PAIR_REMOVED,        /* only in the old version */
};

#define WL_PAIR_NONE ((size_t)-1)

struct wl_record_pair {
	enum wl_pair_kind kind;
	size_t from;            /* index of the old record, or WL_PAIR_NONE */
	size_t to;              /* index of the new record, or WL_PAIR_NONE */
};

struct wl_record_pairs {
	struct wl_record_pair *v;
	size_t nr, alloc;
};
#define WL_RECORD_PAIRS_INIT { NULL, 0, 0 }

/*
 * Pairs the `from_nr` records of the old version with the `to_nr` of the
 * new (either list in any order). Appends one pair per record of the new
 * version, in path order, then one per old record left over (removed),
 * in path order. When several old records share the type and id of a new
 * one (an id collision), it takes the one with its exact content, else
 * the first by path; new records sharing one id take old ones in path
 * order. Returns 0.
 */
int wl_record_pairs_make(struct wl_record_pairs *out, const struct wl_pair_item *from,
		  size_t from_nr, const struct wl_pair_item *to, size_t to_nr);
void wl_record_pairs_release(struct wl_record_pairs *p);

/* Returns "unchanged", "modified", "renamed", "added" or "removed". */
const char *wl_pair_kind_name(enum wl_pair_kind kind);

#endif
