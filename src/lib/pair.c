#include "pair.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#include "../banned.h"

/* qsort has no argument: the items being sorted, by index. */
struct by_index {
	size_t i;
	const struct wl_pair_item *item;
};

static int cmp_path(const void *a, const void *b)
{
	return strcmp(((const struct by_index *)a)->item->path,
		      ((const struct by_index *)b)->item->path);
}

/* By type, then id, then path: records of one key lie together. */
static int cmp_key(const void *a, const void *b)
{
	const struct wl_pair_item *x = ((const struct by_index *)a)->item;
	const struct wl_pair_item *y = ((const struct by_index *)b)->item;
	int c = strcmp(x->type, y->type);

	if (!c)
		c = strcmp(x->id, y->id);
	return c ? c : strcmp(x->path, y->path);
}

static struct by_index *sorted(const struct wl_pair_item *v, size_t nr)
{
	struct by_index *s = wl_xcalloc(nr ? nr : 1, sizeof(*s));
	size_t i;

	for (i = 0; i < nr; i++) {
		s[i].i = i;
		s[i].item = &v[i];
	}
	qsort(s, nr, sizeof(*s), cmp_path);
	return s;
}

static void add(struct wl_record_pairs *out, enum wl_pair_kind kind, size_t from,
		size_t to)
{
	WL_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	out->v[out->nr].kind = kind;
	out->v[out->nr].from = from;
	out->v[out->nr].to = to;
	out->nr++;
}

static int keyed(const struct wl_pair_item *it)
{
	return it->type && it->id;
}

/* Compares the key (type, id) of `x` with that of `it`. */
static int cmp_item_key(const struct wl_pair_item *x,
			const struct wl_pair_item *it)
{
	int c = strcmp(x->type, it->type);

	return c ? c : strcmp(x->id, it->id);
}

/*
 * The old record a new one `it` moved from: among the old records left
 * over (`cand`, by key, `taken` marking those paired), one of its type
 * and id, with its content if there is one. Returns its place in `cand`,
 * or WL_PAIR_NONE.
 */
static size_t moved_from(const struct by_index *cand, size_t nr,
			 const char *taken, const struct wl_pair_item *it)
{
	size_t lo = 0, hi = nr, k, first = WL_PAIR_NONE;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_item_key(cand[mid].item, it) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (k = lo; k < nr && !cmp_item_key(cand[k].item, it); k++) {
		if (taken[k])
			continue;
		if (!wl_oid_cmp(&cand[k].item->oid, &it->oid))
			return k;
		if (first == WL_PAIR_NONE)
			first = k;
	}
	return first;
}

int wl_record_pairs_make(struct wl_record_pairs *out, const struct wl_pair_item *from,
		  size_t from_nr, const struct wl_pair_item *to, size_t to_nr)
{
	struct by_index *olds = sorted(from, from_nr), *news = sorted(to, to_nr);
	struct by_index *cand = wl_xcalloc(from_nr + 1, sizeof(*cand));
	size_t *match = wl_xmalloc((to_nr + 1) * sizeof(*match));
	char *paired = wl_xcalloc(from_nr + 1, 1);  /* by index in `from` */
	char *taken = wl_xcalloc(from_nr + 1, 1);   /* by place in `cand` */
	size_t i, k, ncand = 0;

	/* By path: a merge of the two sorted lists. */
	for (i = 0, k = 0; i < to_nr; i++) {
		int c = 1;

		while (k < from_nr &&
		       (c = strcmp(olds[k].item->path, news[i].item->path)) < 0)
			k++;
		match[i] = WL_PAIR_NONE;
		if (k < from_nr && !c) {
			match[i] = olds[k].i;
			paired[olds[k].i] = 1;
		}
	}
	/* By type and id, among the old records left over. */
	for (k = 0; k < from_nr; k++)
		if (!paired[olds[k].i] && keyed(olds[k].item))
			cand[ncand++] = olds[k];
	qsort(cand, ncand, sizeof(*cand), cmp_key);
	for (i = 0; i < to_nr; i++) {
		const struct wl_pair_item *it = news[i].item;
		size_t c;

		if (match[i] != WL_PAIR_NONE) {
			add(out, wl_oid_cmp(&from[match[i]].oid, &it->oid) ?
				 WL_PAIR_MODIFIED : WL_PAIR_UNCHANGED,
			    match[i], news[i].i);
			continue;
		}
		c = keyed(it) ? moved_from(cand, ncand, taken, it) :
				WL_PAIR_NONE;
		if (c == WL_PAIR_NONE) {
			add(out, WL_PAIR_ADDED, WL_PAIR_NONE, news[i].i);
			continue;
		}
		taken[c] = 1;
		paired[cand[c].i] = 1;
		add(out, WL_PAIR_RENAMED, cand[c].i, news[i].i);
	}
	/* What is left of the old version was removed. */
	for (k = 0; k < from_nr; k++)
		if (!paired[olds[k].i])
			add(out, WL_PAIR_REMOVED, olds[k].i, WL_PAIR_NONE);
	free(olds);
	free(news);
	free(cand);
	free(match);
	free(paired);
	free(taken);
	return 0;
}

void wl_record_pairs_release(struct wl_record_pairs *p)
{
	free(p->v);
	memset(p, 0, sizeof(*p));
}

const char *wl_pair_kind_name(enum wl_pair_kind kind)
{
	static const char *const names[] = {
		[WL_PAIR_UNCHANGED] = "unchanged",
		[WL_PAIR_MODIFIED] = "modified",
		[WL_PAIR_RENAMED] = "renamed",
		[WL_PAIR_ADDED] = "added",
		[WL_PAIR_REMOVED] = "removed",
	};

	return names[kind];
}
