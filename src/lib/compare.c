#include "compare.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../banned.h"

/* What one comparison carries down the trees. */
struct walk {
	struct wl_buf path;     /* of the value being compared */
	struct wl_buf old_text, new_text;
	wl_field_change_fn fn;
	void *data;
};

static int compare_value(struct walk *w, const struct wl_node *a,
			 const struct wl_node *b);

const char *wl_field_kind_name(enum wl_field_kind kind)
{
	switch (kind) {
	case WL_FIELD_CHANGED: return "changed";
	case WL_FIELD_ADDED: return "added";
	case WL_FIELD_REMOVED: return "removed";
	case WL_FIELD_ITEM_ADDED: return "item-added";
	case WL_FIELD_ITEM_REMOVED: return "item-removed";
	}
	return "changed";
}

void wl_field_value_text(struct wl_buf *out, const struct wl_node *n)
{
	switch (n->kind) {
	case WL_NODE_NULL:
		wl_buf_addstr(out, "null");
		break;
	case WL_NODE_SEQ:
	case WL_NODE_MAP:
		wl_node_to_json(out, n);
		break;
	default:
		/* A string holding a NUL cannot be C text: JSON keeps it
		 * whole. */
		if (strlen(n->str) != n->len)
			wl_node_to_json(out, n);
		else
			wl_buf_add(out, n->str, n->len);
		break;
	}
}

static int emit(struct walk *w, enum wl_field_kind kind,
		const struct wl_node *a, const struct wl_node *b)
{
	struct wl_field_change c;

	wl_buf_reset(&w->old_text);
	wl_buf_reset(&w->new_text);
	c.kind = kind;
	c.path = wl_buf_cstr(&w->path);
	c.old_node = a;
	c.new_node = b;
	c.old_value = c.new_value = NULL;
	if (a) {
		wl_field_value_text(&w->old_text, a);
		c.old_value = wl_buf_cstr(&w->old_text);
	}
	if (b) {
		wl_field_value_text(&w->new_text, b);
		c.new_value = wl_buf_cstr(&w->new_text);
	}
	return w->fn(&c, w->data);
}

/* Whether key `k` can be written bare in a path. */
static int bare_key(const char *k, size_t len)
{
	size_t i;

	if (!len)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)k[i];

		if (c <= ' ' || c == 0x7f || c == '.' || c == '[' || c == ']' ||
		    c == '"')
			return 0;
	}
	return 1;
}

void wl_field_path_add_key(struct wl_buf *path, const char *key, size_t len)
{
	if (path->len)
		wl_buf_addch(path, '.');
	if (bare_key(key, len))
		wl_buf_add(path, key, len);
	else
		wl_buf_add_json_string(path, key, len);
}

/* Appends `.key` (no dot at the top) to the path; returns the old length. */
static size_t push_key(struct walk *w, const struct wl_node *key)
{
	size_t at = w->path.len;

	wl_field_path_add_key(&w->path, key->str, key->len);
	return at;
}

static void pop(struct walk *w, size_t at)
{
	w->path.len = at;
	if (w->path.buf)
		w->path.buf[at] = '\0';
}

/*
 * A mapping's keys by hash, for lookups that stay cheap however many keys
 * a hostile mapping has: `idx` holds the pair indices sorted by hash.
 */
struct key_index {
	uint64_t *hash;
	size_t *idx;
	size_t nr;
};

static uint64_t key_hash(const struct wl_node *k)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < k->len; i++) {
		h ^= (unsigned char)k->str[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/*
 * Sorts `idx` (indices into `hash`, ascending) by hash, keeping the order
 * of equal hashes: the first of equal items pairs first. No qsort: its
 * comparison has no argument to find `hash` by, and a static one would
 * not let two threads compare at once.
 */
static void sort_indices(size_t *idx, size_t nr, const uint64_t *hash)
{
	size_t *tmp, width, lo, i, j;

	if (nr < 32) {
		/* Insertion sort: small lists are the rule. */
		for (i = 1; i < nr; i++) {
			size_t v = idx[i];

			for (j = i; j > 0 && hash[idx[j - 1]] > hash[v]; j--)
				idx[j] = idx[j - 1];
			idx[j] = v;
		}
		return;
	}
	tmp = wl_xcalloc(nr, sizeof(*tmp));
	for (width = 1; width < nr; width *= 2) {
		for (lo = 0; lo < nr; lo += 2 * width) {
			size_t mid = lo + width < nr ? lo + width : nr;
			size_t hi = lo + 2 * width < nr ? lo + 2 * width : nr;
			size_t a = lo, b = mid, k = lo;

			while (a < mid && b < hi)
				tmp[k++] = hash[idx[b]] < hash[idx[a]] ?
						   idx[b++] : idx[a++];
			while (a < mid)
				tmp[k++] = idx[a++];
			while (b < hi)
				tmp[k++] = idx[b++];
		}
		memcpy(idx, tmp, nr * sizeof(*idx));
	}
	free(tmp);
}

/* The first index in sorted `idx` whose hash is at least `h`. */
static size_t lower_bound(const size_t *idx, size_t nr, const uint64_t *hash,
			  uint64_t h)
{
	size_t lo = 0, hi = nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (hash[idx[mid]] < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void key_index_init(struct key_index *ix, const struct wl_node *map)
{
	size_t i;

	ix->nr = map->nr;
	ix->hash = wl_xcalloc(map->nr + 1, sizeof(*ix->hash));
	ix->idx = wl_xcalloc(map->nr + 1, sizeof(*ix->idx));
	for (i = 0; i < map->nr; i++) {
		ix->hash[i] = key_hash(map->pairs[i].key);
		ix->idx[i] = i;
	}
	sort_indices(ix->idx, ix->nr, ix->hash);
}

static void key_index_release(struct key_index *ix)
{
	free(ix->hash);
	free(ix->idx);
}

static int same_key(const struct wl_node *a, const struct wl_node *b)
{
	return a->len == b->len && !memcmp(a->str, b->str, a->len);
}

/* The value of key `key` in `map` (indexed by `ix`), or NULL. */
static const struct wl_node *lookup(const struct wl_node *map,
				    const struct key_index *ix,
				    const struct wl_node *key)
{
	uint64_t h = key_hash(key);
	size_t k;

	for (k = lower_bound(ix->idx, ix->nr, ix->hash, h);
	     k < ix->nr && ix->hash[ix->idx[k]] == h; k++)
		if (same_key(map->pairs[ix->idx[k]].key, key))
			return map->pairs[ix->idx[k]].value;
	return NULL;
}

static int compare_map(struct walk *w, const struct wl_node *a,
		       const struct wl_node *b)
{
	struct key_index ia, ib;
	size_t i, at;
	int ret = 0;

	key_index_init(&ia, a);
	key_index_init(&ib, b);
	for (i = 0; i < a->nr && !ret; i++) {
		const struct wl_node *v = lookup(b, &ib, a->pairs[i].key);

		at = push_key(w, a->pairs[i].key);
		if (!v)
			ret = emit(w, WL_FIELD_REMOVED, a->pairs[i].value, NULL);
		else
			ret = compare_value(w, a->pairs[i].value, v);
		pop(w, at);
	}
	for (i = 0; i < b->nr && !ret; i++) {
		if (lookup(a, &ia, b->pairs[i].key))
			continue;
		at = push_key(w, b->pairs[i].key);
		ret = emit(w, WL_FIELD_ADDED, NULL, b->pairs[i].value);
		pop(w, at);
	}
	key_index_release(&ia);
	key_index_release(&ib);
	return ret;
}

/* The scalar an item is paired by (its `key` value), or NULL. */
static const struct wl_node *item_key(const struct wl_node *item,
				      const char *key)
{
	const struct wl_node *v;

	if (!key || item->kind != WL_NODE_MAP)
		return NULL;
	v = wl_node_get(item, key);
	return v && v->kind != WL_NODE_SEQ && v->kind != WL_NODE_MAP ? v :
								       NULL;
}

/* `id` if some mapping item of either list has a scalar id, else `name`
 * if one has a name, else NULL. */
static const char *pairing_key(const struct wl_node *a, const struct wl_node *b)
{
	static const char *const keys[] = { "id", "name" };
	size_t k, i;

	for (k = 0; k < 2; k++) {
		for (i = 0; i < a->nr; i++)
			if (item_key(a->items[i], keys[k]))
				return keys[k];
		for (i = 0; i < b->nr; i++)
			if (item_key(b->items[i], keys[k]))
				return keys[k];
	}
	return NULL;
}

/*
 * Pairs the items of `b` with unpaired items of `a` that `what` says are
 * the same: their key values (key != NULL) or the whole items. to[j] is
 * the old index paired with new item j, or SIZE_MAX; taken[i] marks old
 * item i paired.
 */
static void pair_items(size_t *to, char *taken, const struct wl_node *a,
		       const struct wl_node *b, const char *key)
{
	uint64_t *hash = wl_xcalloc(a->nr + 1, sizeof(*hash));
	size_t *idx = wl_xcalloc(a->nr + 1, sizeof(*idx));
	size_t i, j, n = 0, k;

	for (i = 0; i < a->nr; i++) {
		const struct wl_node *v = key ? item_key(a->items[i], key) :
						a->items[i];

		if (taken[i] || !v)
			continue;
		hash[i] = wl_node_hash(v);
		idx[n++] = i;
	}
	sort_indices(idx, n, hash);
	for (j = 0; j < b->nr; j++) {
		const struct wl_node *v = key ? item_key(b->items[j], key) :
						b->items[j];
		uint64_t h;

		if (to[j] != SIZE_MAX || !v)
			continue;
		h = wl_node_hash(v);
		for (k = lower_bound(idx, n, hash, h);
		     k < n && hash[idx[k]] == h; k++) {
			const struct wl_node *u;

			i = idx[k];
			u = key ? item_key(a->items[i], key) : a->items[i];
			if (!taken[i] && wl_node_equal(u, v)) {
				taken[i] = 1;
				to[j] = i;
				break;
			}
		}
	}
	free(hash);
	free(idx);
}

void wl_compare_pair_items(size_t *to, const struct wl_node *a,
			   const struct wl_node *b)
{
	const char *key = pairing_key(a, b);
	char *taken = wl_xcalloc(a->nr + 1, 1);
	size_t j;

	for (j = 0; j < b->nr; j++)
		to[j] = SIZE_MAX;
	if (key)
		pair_items(to, taken, a, b, key);
	pair_items(to, taken, a, b, NULL);
	free(taken);
}

static int compare_seq(struct walk *w, const struct wl_node *a,
		       const struct wl_node *b)
{
	size_t *to = wl_xcalloc(b->nr + 1, sizeof(*to));
	char *taken = wl_xcalloc(a->nr + 1, 1);
	size_t i, j, at;
	int ret = 0;

	wl_compare_pair_items(to, a, b);
	for (j = 0; j < b->nr; j++)
		if (to[j] != SIZE_MAX)
			taken[to[j]] = 1;
	for (j = 0; j < b->nr && !ret; j++) {
		if (to[j] == SIZE_MAX)
			continue;
		at = w->path.len;
		wl_buf_addf(&w->path, "[%zu]", j);
		ret = compare_value(w, a->items[to[j]], b->items[j]);
		pop(w, at);
	}
	for (i = 0; i < a->nr && !ret; i++)
		if (!taken[i])
			ret = emit(w, WL_FIELD_ITEM_REMOVED, a->items[i], NULL);
	for (j = 0; j < b->nr && !ret; j++)
		if (to[j] == SIZE_MAX)
			ret = emit(w, WL_FIELD_ITEM_ADDED, NULL, b->items[j]);
	free(to);
	free(taken);
	return ret;
}

static int compare_value(struct walk *w, const struct wl_node *a,
			 const struct wl_node *b)
{
	if (wl_node_equal(a, b))
		return 0;
	if (a->kind == WL_NODE_MAP && b->kind == WL_NODE_MAP)
		return compare_map(w, a, b);
	if (a->kind == WL_NODE_SEQ && b->kind == WL_NODE_SEQ)
		return compare_seq(w, a, b);
	return emit(w, WL_FIELD_CHANGED, a, b);
}

int wl_compare_each(const struct wl_node *old_fm, const struct wl_node *new_fm,
		    wl_field_change_fn fn, void *data)
{
	static const struct wl_node empty = { WL_NODE_MAP };
	struct walk w = { WL_BUF_INIT, WL_BUF_INIT, WL_BUF_INIT, fn, data };
	int ret;

	if (!old_fm || old_fm->kind != WL_NODE_MAP)
		old_fm = &empty;
	if (!new_fm || new_fm->kind != WL_NODE_MAP)
		new_fm = &empty;
	/* The path is "" at the top, never NULL. */
	wl_buf_addstr(&w.path, "");
	ret = compare_value(&w, old_fm, new_fm);
	wl_buf_release(&w.path);
	wl_buf_release(&w.old_text);
	wl_buf_release(&w.new_text);
	return ret;
}

static const char *keep(struct wl_arena *arena, const char *s)
{
	return s ? wl_arena_strndup(arena, s, strlen(s)) : NULL;
}

static int collect(const struct wl_field_change *c, void *data)
{
	struct wl_field_changes *out = data;
	struct wl_field_change *k;

	WL_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	k = &out->v[out->nr++];
	*k = *c;
	k->path = keep(&out->arena, c->path);
	k->old_value = keep(&out->arena, c->old_value);
	k->new_value = keep(&out->arena, c->new_value);
	return 0;
}

int wl_compare(struct wl_field_changes *out, const struct wl_node *old_fm,
	       const struct wl_node *new_fm)
{
	return wl_compare_each(old_fm, new_fm, collect, out);
}

void wl_field_changes_release(struct wl_field_changes *l)
{
	free(l->v);
	wl_arena_release(&l->arena);
	l->v = NULL;
	l->nr = l->alloc = 0;
}
