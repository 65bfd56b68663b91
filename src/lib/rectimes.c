/*
 * When each record was committed (rectimes.h): the changes of a history
 * walk folded into one list of commits per record.
 */
#include "rectimes.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../banned.h"

/* A slot whose record moved away: lookups go past it. */
static struct wl_rectime moved;

static size_t path_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return (size_t)(h ^ (h >> 31));
}

/* The slot of `path`: where it is, or the empty slot ending its probe. */
static size_t slot_of(const struct wl_rectimes *t, const char *path)
{
	size_t i = path_hash(path) & t->mask;

	while (t->slots[i] &&
	       (t->slots[i] == &moved || strcmp(t->slots[i]->path, path)))
		i = (i + 1) & t->mask;
	return i;
}

/* Grows (and clears of moved slots) the table for one more record. The
 * slots in use, moved ones included, stay under half the table. */
static void make_room(struct wl_rectimes *t)
{
	struct wl_rectime **old = t->slots;
	size_t i, old_size = old ? t->mask + 1 : 0, size = 64;

	/* Counted, not looked for: a walk places a record per creation. */
	if (old && 2 * (t->used + 1) <= old_size)
		return;
	while (size < 4 * (t->nr + 1))
		size *= 2;
	t->slots = wl_xcalloc(size, sizeof(*t->slots));
	t->mask = size - 1;
	t->used = 0;
	for (i = 0; i < old_size; i++)
		if (old[i] && old[i] != &moved) {
			t->slots[slot_of(t, old[i]->path)] = old[i];
			t->used++;
		}
	free(old);
}

/* Takes the record at `path` out of the table (to `gone` if `keep`). */
static struct wl_rectime *take(struct wl_rectimes *t, const char *path)
{
	struct wl_rectime *r;
	size_t i;

	if (!t->slots)
		return NULL;
	i = slot_of(t, path);
	r = t->slots[i];
	if (r) {
		t->slots[i] = &moved;
		t->nr--;
	}
	return r;
}

static void put_gone(struct wl_rectimes *t, struct wl_rectime *r)
{
	WL_ALLOC_GROW(t->gone, t->gone_nr + 1, t->gone_alloc);
	t->gone[t->gone_nr++] = r;
}

/* Puts `r` at its path; a record that was there is gone. */
static void place(struct wl_rectimes *t, struct wl_rectime *r)
{
	struct wl_rectime *old = take(t, r->path);

	if (old)
		put_gone(t, old);
	make_room(t);
	t->slots[slot_of(t, r->path)] = r;
	t->nr++;
	t->used++;
}

/* The index of the commit of change `c`: the last one seen, or new. */
static size_t commit_of(struct wl_rectimes *t, const struct wl_hist_change *c)
{
	struct wl_rec_commit *k;
	struct wl_oid id;

	if (wl_oid_parse(&id, c->commit) < 0)
		memset(&id, 0, sizeof(id));
	if (t->commits_nr &&
	    !wl_oid_cmp(&t->commits[t->commits_nr - 1].id, &id))
		return t->commits_nr - 1;
	WL_ALLOC_GROW(t->commits, t->commits_nr + 1, t->commits_alloc);
	k = &t->commits[t->commits_nr];
	k->id = id;
	k->time = c->time;
	k->offset = c->offset;
	k->person = c->person;
	return t->commits_nr++;
}

static struct wl_rectime *record_new(const char *path)
{
	struct wl_rectime *r = wl_xcalloc(1, sizeof(*r));

	r->path = wl_xstrdup(path);
	return r;
}

struct wl_rectime *wl_rectimes_add(struct wl_rectimes *t,
				   const struct wl_hist_change *c)
{
	size_t k = commit_of(t, c);
	struct wl_rectime *r = NULL;

	switch (c->kind) {
	case WL_HIST_CREATED:
		r = record_new(c->path);
		place(t, r);
		break;
	case WL_HIST_RENAMED:
		r = take(t, c->old_path);
		if (r) {
			free(r->path);
			r->path = wl_xstrdup(c->path);
		} else {
			r = record_new(c->path);
		}
		place(t, r);
		/* Its commits from this one on were made at c->path. */
		r->here = r->nr && r->commits[r->nr - 1] == k ? r->nr - 1
							      : r->nr;
		break;
	case WL_HIST_CHANGED:
		r = t->slots ? t->slots[slot_of(t, c->path)] : NULL;
		if (!r) {
			/* A record older than the walk (a range, a shallow
			 * clone): its history starts here. */
			r = record_new(c->path);
			place(t, r);
		}
		break;
	case WL_HIST_DELETED:
		r = take(t, c->path);
		if (!r)
			r = record_new(c->path);
		r->deleted = 1;
		put_gone(t, r);
		break;
	}
	if (!r->nr || r->commits[r->nr - 1] != k) {
		size_t alloc = r->alloc;

		WL_ALLOC_GROW(r->commits, r->nr + 1, r->alloc);
		if (r->alloc != alloc)
			r->states = wl_xrealloc(r->states, r->alloc);
		r->commits[r->nr++] = k;
	}
	/* Every change of one commit says the state after the commit. */
	r->states[r->nr - 1] = (unsigned char)c->state_class;
	return r;
}

int wl_rectimes_fn(const struct wl_hist_change *c, void *data)
{
	wl_rectimes_add(data, c);
	return 0;
}

int wl_rectimes_walk(struct wl_rectimes *t, struct wl_history_stats *stats,
		     struct wl_strlist *warnings, struct wl_repo *repo,
		     char **err)
{
	struct wl_history_opts o = WL_HISTORY_OPTS_INIT;

	o.flags = WL_HISTORY_PATHS;
	return wl_history_walk(stats, warnings, repo, &o, wl_rectimes_fn, t,
			       err) < 0 ? -1 : 0;
}

const struct wl_rectime *wl_rectimes_get(const struct wl_rectimes *t,
					 const char *path)
{
	return t->slots ? t->slots[slot_of(t, path)] : NULL;
}

const struct wl_rectime *wl_rectimes_slot(const struct wl_rectimes *t,
					  size_t i)
{
	if (!t->slots || i > t->mask || t->slots[i] == &moved)
		return NULL;
	return t->slots[i];
}

const struct wl_rec_commit *wl_rectime_first(const struct wl_rectimes *t,
					     const struct wl_rectime *r)
{
	return &t->commits[r->commits[0]];
}

const struct wl_rec_commit *wl_rectime_last(const struct wl_rectimes *t,
					    const struct wl_rectime *r)
{
	return &t->commits[r->commits[r->nr - 1]];
}

static void record_free(struct wl_rectime *r)
{
	if (!r || r == &moved)
		return;
	free(r->path);
	free(r->commits);
	free(r->states);
	free(r);
}

void wl_rectimes_release(struct wl_rectimes *t)
{
	size_t i;

	for (i = 0; t->slots && i <= t->mask; i++)
		record_free(t->slots[i]);
	for (i = 0; i < t->gone_nr; i++)
		record_free(t->gone[i]);
	free(t->slots);
	free(t->gone);
	free(t->commits);
	memset(t, 0, sizeof(*t));
}
