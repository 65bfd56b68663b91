#ifndef WL_COMPARE_H
#define WL_COMPARE_H

#include <stddef.h>

#include "node.h"
#include "util.h"

/*
 * Record comparison: what changed between two front matters, field by
 * field. The one comparison of worklog: history (history.h) turns its
 * changes into dated rows, `worklog diff` prints them and `worklog
 * merge` applies two of them to a common base.
 *
 * Values compare as JSON does (wl_node_equal: 1 equals 1.0, mappings
 * regardless of key order), so rewriting a value without changing it
 * (`1.0` for `1`, quoting a string, reordering keys) is no change.
 *
 * Paths name the value that changed, as an SQLite JSON path without its
 * leading `$.`: `status`, `kpis[1].actual`, `a.b`; a key that is empty or
 * holds one of `.[]"`, a space or a control character is quoted as a
 * JSON string, `"a.b".c`, so `json_extract(fm, '$.' || path)` finds it.
 * Other keys, Chinese ones included, are written as they are.
 *
 * Lists are compared as collections, not as whole values:
 * - a list whose items are mappings pairs the old and new items by their
 *   `id` key, or where they have none by their `name` key (scalars,
 *   compared as values; items sharing one key pair in order); items
 *   without such a key pair with an equal item; paired items are
 *   compared field by field, under the path of the new item
 *   (`kpis[1].actual`);
 * - any other list is a multiset: items pair with equal items;
 * - what is left over is an item removed (the old value) or an item
 *   added (the new value), with the path of the list itself.
 * A value that changes kind (a list to a mapping, a scalar to a list) is
 * one WL_FIELD_CHANGED of the whole value.
 *
 * Order: for a mapping, the keys of the old mapping in its order (a
 * removed key where it was), then the keys only the new one has, in its
 * order; for a list, its paired items in the new list's order, then the
 * items removed in the old order, then the items added in the new order.
 * The same two trees always give the same changes.
 */

enum wl_field_kind {
	WL_FIELD_CHANGED,       /* a value replaced: old and new */
	WL_FIELD_ADDED,         /* a key the old mapping lacked: new only */
	WL_FIELD_REMOVED,       /* a key the new mapping lacks: old only */
	WL_FIELD_ITEM_ADDED,    /* an item added to the list at path: new */
	WL_FIELD_ITEM_REMOVED,  /* an item removed from the list at path: old */
};

/*
 * One change. The nodes are borrowed from the trees compared; the texts
 * from the changes' arena. A scalar's text is as written in the file
 * (`done`, `2026-11-30`, `12.5`; a null is `null`); a list or a mapping
 * is compact JSON (wl_node_to_json).
 */
struct wl_field_change {
	enum wl_field_kind kind;
	const char *path;
	const struct wl_node *old_node;   /* NULL for ADDED, ITEM_ADDED */
	const struct wl_node *new_node;   /* NULL for REMOVED, ITEM_REMOVED */
	const char *old_value;            /* NULL when old_node is */
	const char *new_value;            /* NULL when new_node is */
};

struct wl_field_changes {
	struct wl_field_change *v;
	size_t nr, alloc;
	struct wl_arena arena;            /* the paths and the texts */
};
#define WL_FIELD_CHANGES_INIT { NULL, 0, 0, WL_ARENA_INIT }

/*
 * Appends to `out` the changes that turn front matter `old_fm` into
 * `new_fm` (each a mapping; NULL or any other node counts as an empty
 * mapping). Both trees must outlive `out`, which borrows their nodes.
 * Returns 0.
 */
int wl_compare(struct wl_field_changes *out, const struct wl_node *old_fm,
	       const struct wl_node *new_fm);

/*
 * The same, calling `fn` once per change, in the same order, instead of
 * keeping them; the change and its texts live until `fn` returns.
 * Returns 0, or what `fn` returned when it was not 0 (which stops the
 * comparison).
 */
typedef int (*wl_field_change_fn)(const struct wl_field_change *c,
				  void *data);
int wl_compare_each(const struct wl_node *old_fm, const struct wl_node *new_fm,
		    wl_field_change_fn fn, void *data);

void wl_field_changes_release(struct wl_field_changes *l);

/*
 * Pairs the items of list `b` with those of list `a` as the comparison
 * does (above: by their `id` or `name` key, then equal items with equal
 * items): to[j] is the index in `a` of the item paired with item j of
 * `b`, or SIZE_MAX for an item added. `to` has room for b->nr entries;
 * each item of `a` is paired at most once. `worklog merge` pairs the
 * items of three versions of a list with it.
 */
void wl_compare_pair_items(size_t *to, const struct wl_node *a,
			   const struct wl_node *b);

/*
 * Appends key `key` (`len` bytes) to the change path in `path` as a
 * change names it: `.key`, without the dot when `path` is empty, quoted
 * as a JSON string when it must be (see above).
 */
void wl_field_path_add_key(struct wl_buf *path, const char *key, size_t len);

/* Returns "changed", "added", "removed", "item-added" or "item-removed". */
const char *wl_field_kind_name(enum wl_field_kind kind);

/*
 * Appends the text a change shows for value `n` (see struct
 * wl_field_change): a scalar as written, `null`, or compact JSON.
 */
void wl_field_value_text(struct wl_buf *out, const struct wl_node *n);

#endif
