/*
 * The history engine (history.h). A walk goes in batches of commits:
 *
 * 1. collect: each commit of the batch is compared with its first
 *    parent (git.c, only the folders the records globs start in), and
 *    the record blobs its changes need are listed, each once;
 * 2. resolve: each needed blob's summary (facts.h: type, id, state and
 *    the packed front matter) comes from memory (the version a path
 *    held at the end of the previous batch), the cache, or is read and
 *    parsed, in parallel (history_parse.c), and kept in the cache;
 * 3. emit: commit by commit, the records are paired (pair.h) and
 *    compared (compare.h), and each change goes to the callback.
 *
 * Memory: a batch holds the summaries of its own blobs; across batches
 * only one summary per path is kept (its last readable version), so a
 * walk grows with the records, not with the commits.
 */
#include "history.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "date.h"
#include "facts.h"
#include "glob.h"
#include "history_impl.h"
#include "pair.h"
#include "version.h"

#include "../banned.h"

/* Room for an ISO 8601 time with its offset, whatever the year. */
#define WHEN_MAX 96

/* A batch ends after this many commits, or this many blobs. */
#define BATCH_COMMITS 512
#define BATCH_BLOBS 4096

const char *wl_hist_kind_name(enum wl_hist_kind kind)
{
	switch (kind) {
	case WL_HIST_CREATED: return "created";
	case WL_HIST_CHANGED: return "changed";
	case WL_HIST_RENAMED: return "renamed";
	case WL_HIST_DELETED: return "deleted";
	}
	return "changed";
}

double wl_hist_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- tracks: what each path held ------------------------------------ */

static uint64_t str_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h ^ (h >> 29);
}

static size_t track_slot(const struct hist *h, const char *path)
{
	size_t i = (size_t)str_hash(path) & h->tracks_mask;

	while (h->tracks[i] && strcmp(h->tracks[i]->path, path))
		i = (i + 1) & h->tracks_mask;
	return i;
}

static struct track *track_find(const struct hist *h, const char *path)
{
	return h->tracks ? h->tracks[track_slot(h, path)] : NULL;
}

static void track_free(struct track *t)
{
	if (!t)
		return;
	free(t->path);
	free(t->good_text);
	free(t);
}

/* Keeps the table at most half full; deletions leave no tombstones, as
 * the table is rebuilt without the removed entry. */
static void tracks_resize(struct hist *h, size_t want)
{
	struct track **old = h->tracks;
	size_t i, old_size = old ? h->tracks_mask + 1 : 0, size = 64;

	while (size < 2 * want)
		size *= 2;
	h->tracks = wl_xcalloc(size, sizeof(*h->tracks));
	h->tracks_mask = size - 1;
	for (i = 0; i < old_size; i++)
		if (old[i])
			h->tracks[track_slot(h, old[i]->path)] = old[i];
	free(old);
}

static struct track *track_get(struct hist *h, const char *path, int *made)
{
	struct track *t = track_find(h, path);

	*made = 0;
	if (t)
		return t;
	if (!h->tracks || 2 * (h->tracks_nr + 1) > h->tracks_mask + 1)
		tracks_resize(h, h->tracks_nr + 1);
	t = wl_xcalloc(1, sizeof(*t));
	t->path = wl_xstrdup(path);
	h->tracks[track_slot(h, path)] = t;
	h->tracks_nr++;
	*made = 1;
	return t;
}

static void track_remove(struct hist *h, const char *path)
{
	size_t i, j, k;

	if (!h->tracks)
		return;
	i = track_slot(h, path);
	if (!h->tracks[i])
		return;
	track_free(h->tracks[i]);
	h->tracks[i] = NULL;
	h->tracks_nr--;
	/* Linear probing: move back what the hole would hide. */
	for (j = (i + 1) & h->tracks_mask; h->tracks[j];
	     j = (j + 1) & h->tracks_mask) {
		k = (size_t)str_hash(h->tracks[j]->path) & h->tracks_mask;
		if ((j > i && (k <= i || k > j)) || (j < i && k <= i && k > j)) {
			h->tracks[i] = h->tracks[j];
			h->tracks[j] = NULL;
			i = j;
		}
	}
}

static void tracks_release(struct hist *h)
{
	size_t i;

	for (i = 0; h->tracks && i <= h->tracks_mask; i++)
		track_free(h->tracks[i]);
	free(h->tracks);
	h->tracks = NULL;
	h->tracks_nr = 0;
}

/* ---- blobs: the summaries a batch needs ------------------------------ */

static uint64_t blob_key(const struct wl_oid *oid)
{
	uint64_t k;

	memcpy(&k, oid->id, sizeof(k));
	return k;
}

static size_t blob_slot(const struct batch *b, const struct wl_oid *oid,
			const char *gtype)
{
	size_t i = (size_t)blob_key(oid) & b->mask;

	for (; b->slots[i]; i = (i + 1) & b->mask) {
		const struct blob *x = &b->blobs[b->slots[i] - 1];

		if (!wl_oid_cmp(&x->oid, oid) && !strcmp(x->gtype, gtype))
			break;
	}
	return i;
}

struct blob *wl_hist_blob_find(const struct batch *b, const struct wl_oid *oid,
			       const char *gtype)
{
	size_t i;

	if (!b->slots)
		return NULL;
	i = blob_slot(b, oid, gtype);
	return b->slots[i] ? &b->blobs[b->slots[i] - 1] : NULL;
}

static void blobs_grow(struct batch *b)
{
	size_t i, size = b->mask ? 2 * (b->mask + 1) : 1024;

	if (b->mask && 2 * (b->nr + 1) <= b->mask + 1)
		return;
	free(b->slots);
	b->slots = wl_xcalloc(size, sizeof(*b->slots));
	b->mask = size - 1;
	for (i = 0; i < b->nr; i++)
		b->slots[blob_slot(b, &b->blobs[i].oid, b->blobs[i].gtype)] =
			i + 1;
}

/*
 * Reads a summary text into `x`: its facts, and whether the front matter
 * they keep reads back (it is rebuilt, and dropped: a batch keeps only
 * texts, the trees are built again where a commit compares them).
 * Returns 0, or -1 if the text is damaged (a cache not to trust).
 */
static int blob_take_text(struct blob *x)
{
	struct wl_doc doc = WL_DOC_INIT;
	int ret;

	if (wl_facts_parse(&x->facts, wl_buf_cstr(&x->text), x->text.len) <
	    0)
		return -1;
	if (!x->facts.type)
		return 0;
	ret = wl_facts_front_matter(&doc, &x->facts);
	wl_doc_release(&doc);
	if (ret < 0) {
		wl_facts_release(&x->facts);
		return -1;
	}
	x->readable = 1;
	return 0;
}

/*
 * Lists blob `oid`, seen at `path`, as needed by the batch, and finds its
 * summary if memory or the cache has it (else it is parsed later).
 */
static void need(struct hist *h, struct batch *b, const struct wl_oid *oid,
		 const char *path, const char *gtype)
{
	struct track *t;
	struct blob *x;

	if (wl_hist_blob_find(b, oid, gtype))
		return;
	blobs_grow(b);
	WL_ALLOC_GROW(b->blobs, b->nr + 1, b->alloc);
	x = &b->blobs[b->nr];
	memset(x, 0, sizeof(*x));
	x->oid = *oid;
	x->gtype = gtype;
	x->path = path;
	b->slots[blob_slot(b, oid, gtype)] = ++b->nr;
	h->stats.blobs++;
	t = track_find(h, path);
	if (t && !wl_oid_cmp(&t->cur, oid)) {
		/* The version the path held: its summary is in memory. */
		if (t->cur_readable)
			wl_buf_add(&x->text, t->good_text, t->good_len);
		if (blob_take_text(x) == 0) {
			x->have = 1;
			return;
		}
		wl_buf_reset(&x->text);
	}
	if (wl_cache_copy(&x->text, h->cache, oid, gtype)) {
		if (blob_take_text(x) == 0) {
			x->have = 1;
			h->stats.cache_hits++;
			return;
		}
		wl_buf_reset(&x->text);
	}
	/* Parsed beside the walk from now on (history_parse.c). */
	wl_hist_parse_queue(h, b, (size_t)(x - b->blobs));
}

/* Keeps the summary `text` of a blob just parsed. Returns 0 or -1. */
int wl_hist_blob_parsed(struct hist *h, struct blob *x)
{
	h->stats.parsed++;
	wl_cache_store(h->cache, &x->oid, x->gtype, wl_buf_cstr(&x->text),
		       x->text.len);
	if (blob_take_text(x) < 0)
		return -1;
	x->have = 1;
	return 0;
}

static void batch_clear(struct batch *b)
{
	size_t i;

	for (i = 0; i < b->nr; i++) {
		wl_buf_release(&b->blobs[i].text);
		wl_facts_release(&b->blobs[i].facts);
	}
	for (i = 0; i < b->changes.nr; i++)
		free(b->changes.v[i].path);
	b->changes.nr = 0;
	for (i = 0; i < b->commits_nr; i++)
		wl_commit_release(&b->commits[i].c);
	b->commits_nr = 0;
	b->nr = 0;
	if (b->slots)
		memset(b->slots, 0, (b->mask + 1) * sizeof(*b->slots));
}

static void batch_release(struct batch *b)
{
	batch_clear(b);
	free(b->blobs);
	free(b->slots);
	free(b->changes.v);
	free(b->commits);
	memset(b, 0, sizeof(*b));
}

/* ---- collect: what each commit changed ------------------------------- */

/* Returns 1 if `path` (repository-relative) has the state `c` gave it in
 * the tree of merge parent `parent`: the same blob, or none. */
static int parent_has(struct hist *h, const struct wl_oid *parent,
		      const char *path, const struct wl_change *c, int *err)
{
	struct wl_commit pc = WL_COMMIT_INIT;
	struct wl_git_snap *snap = NULL;
	struct wl_oid oid;
	char *msg = NULL;
	int found, ret = 0;

	if (wl_git_commit(&pc, h->git, parent, &msg) < 0 ||
	    wl_git_snap_tree(&snap, h->git, &pc.tree, &msg) < 0) {
		free(msg);
		*err = 1;
		goto done;
	}
	found = wl_git_snap_find(snap, path, &oid) == 0;
	if (c->kind == WL_CHANGE_DELETED)
		ret = !found;
	else
		ret = found && !wl_oid_cmp(&oid, &c->new_oid);
done:
	wl_git_snap_free(snap);
	wl_commit_release(&pc);
	return ret;
}

/*
 * Keeps the changes of `all` (repository-relative) that concern records
 * under the root, relative to it, into the batch. A merge walked with its
 * side branches keeps only what it changed itself.
 */
static int keep_changes(struct hist *h, struct batch *b,
			const struct wl_commit *c, struct wl_changes *all,
			char **err)
{
	size_t i, k, plen = strlen(h->prefix);
	int merge = c->parents_nr > 1 && !(h->flags & WL_HISTORY_FIRST_PARENT);
	int bad = 0;

	for (i = 0; i < all->nr; i++) {
		struct wl_change *ch = &all->v[i];
		const char *rel = ch->path + plen;

		if (strncmp(ch->path, h->prefix, plen) ||
		    !wl_config_is_record(&h->repo->cfg, rel))
			continue;
		for (k = 1; merge && k < c->parents_nr; k++)
			if (parent_has(h, &c->parents[k], ch->path, ch, &bad))
				break;
		if (bad) {
			*err = wl_xstrdup("cannot read the parents of a merge");
			return -1;
		}
		if (merge && k < c->parents_nr)
			continue;
		WL_ALLOC_GROW(b->changes.v, b->changes.nr + 1,
			      b->changes.alloc);
		b->changes.v[b->changes.nr] = *ch;
		b->changes.v[b->changes.nr++].path = wl_xstrdup(rel);
	}
	return 0;
}

/* Whether commit time `t` lies in the range of --since and --until. */
static int in_range(const struct hist *h, long long t)
{
	return (!h->has_since || t >= h->since) &&
	       (!h->has_until || t <= h->until);
}

/* Reads commit `id` into the batch with its changes and their blobs. */
static int collect(struct hist *h, struct batch *b, const struct wl_oid *id,
		   char **err)
{
	struct wl_changes all = WL_CHANGES_INIT;
	struct bcommit *bc;
	struct wl_commit parent = WL_COMMIT_INIT;
	struct wl_oid parent_tree;
	size_t i;
	double t0;
	int last_was_parent, ret = -1;

	WL_ALLOC_GROW(b->commits, b->commits_nr + 1, b->commits_alloc);
	bc = &b->commits[b->commits_nr++];
	memset(bc, 0, sizeof(*bc));
	if (wl_git_commit(&bc->c, h->git, id, err) < 0)
		return -1;
	h->stats.commits++;
	bc->first = b->changes.nr;
	/* The parent is most often the commit walked just before; a commit
	 * out of the range needs no parent. */
	parent_tree = h->last_tree;
	last_was_parent = bc->c.parents_nr &&
			  !wl_oid_cmp(&bc->c.parents[0], &h->last);
	h->last = bc->c.id;
	h->last_tree = bc->c.tree;
	if (!in_range(h, bc->c.time))
		return 0;
	h->stats.commits_in_range++;
	t0 = wl_hist_now();
	if (bc->c.parents_nr && !last_was_parent) {
		if (wl_git_commit(&parent, h->git, &bc->c.parents[0], err) < 0)
			goto done;
		parent_tree = parent.tree;
	}
	if (wl_git_diff_trees(&all, h->git,
			      bc->c.parents_nr ? &parent_tree : NULL,
			      &bc->c.tree, (const char *const *)h->dirs,
			      h->dirs_nr, err) < 0 ||
	    keep_changes(h, b, &bc->c, &all, err) < 0)
		goto done;
	bc->nr = b->changes.nr - bc->first;
	h->stats.diff_secs += wl_hist_now() - t0;
	ret = 0;
	if (h->flags & WL_HISTORY_PATHS)
		goto done;    /* no blob is read */
	t0 = wl_hist_now();
	for (i = bc->first; i < b->changes.nr; i++) {
		struct wl_change *ch = &b->changes.v[i];
		const char *gtype = wl_version_glob_type(&h->ver, ch->path);

		if (ch->kind != WL_CHANGE_ADDED)
			need(h, b, &ch->old_oid, ch->path, gtype);
		if (ch->kind != WL_CHANGE_DELETED)
			need(h, b, &ch->new_oid, ch->path, gtype);
	}
	h->stats.parse_secs += wl_hist_now() - t0;
done:
	wl_commit_release(&parent);
	wl_changes_release(&all);
	return ret;
}

/* ---- emit: pairing, comparing, handing out --------------------------- */

/* A version of a record as the pairing sees it: its summary, borrowed
 * from a blob of the batch or from a track. Its front matter is rebuilt
 * only to be compared, and dropped then: the first commit of a big
 * repository creates thousands of records at once. */
struct side {
	const struct wl_oid *oid;
	struct wl_facts facts;
	size_t change;              /* index in the commit's changes */
};

/* The side of blob `x`. */
static void side_of_blob(struct side *s, const struct blob *x, size_t change)
{
	memset(s, 0, sizeof(*s));
	s->oid = &x->oid;
	s->facts = x->facts;
	s->facts.v = NULL;
	s->facts.nr = 0;
	s->facts.complete = 0;
	s->change = change;
}

/* The side of the last readable version a track keeps. Returns 0, or -1
 * if it has none. */
static int side_of_track(struct side *s, const struct track *t, size_t change)
{
	memset(s, 0, sizeof(*s));
	if (!t || !t->has_good ||
	    wl_facts_parse(&s->facts, t->good_text, t->good_len) < 0 ||
	    !s->facts.type)
		return -1;
	s->oid = &t->good;
	s->change = change;
	return 0;
}

/* What the callback of one record's changes needs. */
struct emit {
	struct hist *h;
	struct wl_hist_change *c;
};

static int on_field(const struct wl_field_change *f, void *data)
{
	struct emit *e = data;

	e->c->field_kind = f->kind;
	e->c->field = f->path;
	e->c->old_value = f->old_value;
	e->c->new_value = f->new_value;
	e->h->stats.changes++;
	return e->h->fn(e->c, e->h->data);
}

/* Hands out a change of kind `kind` of record `s` (its state after the
 * change, or before it when deleted). */
static int hand_out(struct hist *h, struct wl_hist_change *c,
		    enum wl_hist_kind kind, const struct side *s)
{
	c->kind = kind;
	c->id = s->facts.id;
	c->type = s->facts.type;
	c->state = s->facts.state.field ? s->facts.state.value : NULL;
	c->state_class = s->facts.state_class;
	c->field_kind = WL_FIELD_CHANGED;
	c->field = c->old_value = c->new_value = NULL;
	h->stats.changes++;
	return h->fn(c, h->data);
}

static int hand_out_fields(struct hist *h, struct wl_hist_change *c,
			   const struct side *from, const struct side *to)
{
	struct emit e = { h, c };
	struct wl_doc a = WL_DOC_INIT, b = WL_DOC_INIT;
	int ret;

	c->kind = WL_HIST_CHANGED;
	c->id = to->facts.id;
	c->type = to->facts.type;
	c->state = to->facts.state.field ? to->facts.state.value : NULL;
	c->state_class = to->facts.state_class;
	/* Both read back when their summaries were taken. */
	wl_facts_front_matter(&a, &from->facts);
	wl_facts_front_matter(&b, &to->facts);
	ret = wl_compare_each(a.root, b.root, on_field, &e);
	wl_doc_release(&a);
	wl_doc_release(&b);
	return ret;
}

/* Fills what every change of commit `bc` shares. */
static void commit_fields(struct hist *h, struct wl_hist_change *c,
			  const struct bcommit *bc, char when[WHEN_MAX])
{
	const struct wl_config *cfg = &h->repo->cfg;
	long long local = bc->c.time + 60LL * bc->c.offset, y;
	long long day = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
	long long sec = local - day * 86400;
	int m, d, off = bc->c.offset < 0 ? -bc->c.offset : bc->c.offset;
	size_t i, k;

	memset(c, 0, sizeof(*c));
	wl_oid_fmt(c->commit, &bc->c.id);
	c->time = bc->c.time;
	c->offset = bc->c.offset;
	wl_civil_from_days(day, &y, &m, &d);
	snprintf(when, WHEN_MAX, "%04lld-%02d-%02dT%02lld:%02lld:%02lld%c%02d:%02d",
		 y, m, d, sec / 3600, sec / 60 % 60, sec % 60,
		 bc->c.offset < 0 ? '-' : '+', off / 60, off % 60);
	c->when = when;
	c->author_time = bc->c.author_time;
	c->author_offset = bc->c.author_offset;
	c->author = bc->c.author;
	c->email = bc->c.email;
	for (i = 0; i < cfg->people_nr && !c->person; i++)
		for (k = 0; k < cfg->people[i].emails_nr; k++)
			if (*c->email &&
			    !strcasecmp(cfg->people[i].emails[k], c->email))
				c->person = cfg->people[i].id;
}

/*
 * The record versions commit `bc` compares: `from` gets the old side of
 * each change that ends or replaces a readable record, `to` the new side
 * of each that leaves one. A version that cannot be read stands for
 * nothing; the last readable version of its path stands in for it.
 */
static void sides(struct hist *h, struct batch *b, const struct bcommit *bc,
		  struct side *from, size_t *from_nr, struct side *to,
		  size_t *to_nr)
{
	size_t k;

	*from_nr = *to_nr = 0;
	for (k = 0; k < bc->nr; k++) {
		const struct wl_change *ch = &b->changes.v[bc->first + k];
		const char *gtype = wl_version_glob_type(&h->ver, ch->path);
		const struct blob *nb = NULL, *ob;

		if (ch->kind != WL_CHANGE_DELETED) {
			nb = wl_hist_blob_find(b, &ch->new_oid, gtype);
			if (nb->readable)
				side_of_blob(&to[(*to_nr)++], nb, k);
			else
				continue;  /* broken now: it ends nothing */
		}
		if (ch->kind == WL_CHANGE_ADDED)
			continue;
		ob = wl_hist_blob_find(b, &ch->old_oid, gtype);
		if (ob->readable)
			side_of_blob(&from[*from_nr], ob, k);
		else if (side_of_track(&from[*from_nr],
				       track_find(h, ch->path), k) < 0)
			continue;
		(*from_nr)++;
	}
}

/* A record readable for the first time at `path` in a modified file:
 * created if the walk saw the file come, else of unknown past. */
static int first_readable(const struct hist *h, const struct wl_change *ch)
{
	const struct track *t;

	if (ch->kind == WL_CHANGE_ADDED)
		return 1;
	t = track_find(h, ch->path);
	return t && t->born && !t->has_good;
}

/* Hands out the changes of pair `p`. */
static int hand_out_pair(struct hist *h, struct wl_hist_change *c,
			 const struct wl_record_pair *p, struct side *from,
			 struct side *to, const struct wl_change *changes)
{
	const struct side *f = p->from != WL_PAIR_NONE ? &from[p->from] : NULL;
	const struct side *t = p->to != WL_PAIR_NONE ? &to[p->to] : NULL;
	int ret;

	c->path = changes[(t ? t : f)->change].path;
	c->old_path = NULL;
	switch (p->kind) {
	case WL_PAIR_UNCHANGED:
		return 0;
	case WL_PAIR_MODIFIED:
		return hand_out_fields(h, c, f, t);
	case WL_PAIR_RENAMED:
		c->old_path = changes[f->change].path;
		ret = hand_out(h, c, WL_HIST_RENAMED, t);
		c->old_path = NULL;
		return ret ? ret : hand_out_fields(h, c, f, t);
	case WL_PAIR_ADDED:
		if (!first_readable(h, &changes[t->change]))
			return 0;
		return hand_out(h, c, WL_HIST_CREATED, t);
	case WL_PAIR_REMOVED:
		/* Only a file that is gone deletes its record. */
		if (changes[f->change].kind != WL_CHANGE_DELETED)
			return 0;
		return hand_out(h, c, WL_HIST_DELETED, f);
	}
	return 0;
}

/* Remembers what each path of commit `bc` holds now. */
static void update_tracks(struct hist *h, struct batch *b,
			  const struct bcommit *bc)
{
	size_t k;
	int made;

	for (k = 0; k < bc->nr; k++) {
		const struct wl_change *ch = &b->changes.v[bc->first + k];
		const struct blob *x;
		struct track *t;

		if (ch->kind == WL_CHANGE_DELETED) {
			track_remove(h, ch->path);
			continue;
		}
		x = wl_hist_blob_find(b, &ch->new_oid,
				      wl_version_glob_type(&h->ver, ch->path));
		t = track_get(h, ch->path, &made);
		if (made)
			t->born = ch->kind == WL_CHANGE_ADDED;
		t->cur = ch->new_oid;
		t->cur_readable = x->readable;
		if (!x->readable)
			continue;
		t->has_good = 1;
		t->good = ch->new_oid;
		free(t->good_text);
		t->good_text = wl_xmalloc(x->text.len + 1);
		memcpy(t->good_text, wl_buf_cstr(&x->text), x->text.len + 1);
		t->good_len = x->text.len;
	}
}

/* Pairs and compares the records commit `bc` changed, handing out each
 * change. Returns 0, or what the callback returned. */
static int emit_commit(struct hist *h, struct batch *b,
		       const struct bcommit *bc)
{
	struct side *from = wl_xcalloc(bc->nr + 1, sizeof(*from));
	struct side *to = wl_xcalloc(bc->nr + 1, sizeof(*to));
	struct wl_pair_item *fi = wl_xcalloc(bc->nr + 1, sizeof(*fi));
	struct wl_pair_item *ti = wl_xcalloc(bc->nr + 1, sizeof(*ti));
	struct wl_record_pairs pairs = WL_RECORD_PAIRS_INIT;
	const struct wl_change *changes = &b->changes.v[bc->first];
	struct wl_hist_change c;
	char when[WHEN_MAX];
	size_t from_nr, to_nr, i;
	int ret = 0;

	sides(h, b, bc, from, &from_nr, to, &to_nr);
	for (i = 0; i < from_nr; i++) {
		fi[i].path = changes[from[i].change].path;
		fi[i].oid = *from[i].oid;
		fi[i].type = from[i].facts.type;
		fi[i].id = from[i].facts.id;
	}
	for (i = 0; i < to_nr; i++) {
		ti[i].path = changes[to[i].change].path;
		ti[i].oid = *to[i].oid;
		ti[i].type = to[i].facts.type;
		ti[i].id = to[i].facts.id;
	}
	wl_record_pairs_make(&pairs, fi, from_nr, ti, to_nr);
	commit_fields(h, &c, bc, when);
	for (i = 0; i < pairs.nr && !ret; i++)
		ret = hand_out_pair(h, &c, &pairs.v[i], from, to, changes);
	update_tracks(h, b, bc);
	wl_record_pairs_release(&pairs);
	free(from);
	free(to);
	free(fi);
	free(ti);
	return ret;
}

/* ---- paths only (WL_HISTORY_PATHS) ----------------------------------- */

/* Hands out one path change of a commit read by path alone. */
static int hand_out_path(struct hist *h, struct wl_hist_change *c,
			 enum wl_hist_kind kind, const char *path,
			 const char *old_path)
{
	c->kind = kind;
	c->path = path;
	c->old_path = old_path;
	h->stats.changes++;
	return h->fn(c, h->data);
}

/* A deleted file of a commit: its content and its change. */
struct gone {
	struct wl_oid oid;
	size_t change;
};

/* By content, then by path (the changes' order). */
static int cmp_gone(const void *a, const void *b)
{
	const struct gone *x = a, *y = b;
	int c = wl_oid_cmp(&x->oid, &y->oid);

	return c ? c : (x->change > y->change) - (x->change < y->change);
}

/* The first deletion in `gone` (sorted) of content `oid` not yet paired,
 * or (size_t)-1. */
static size_t rename_source(const struct gone *gone, size_t nr,
			    const unsigned char *paired,
			    const struct wl_oid *oid)
{
	size_t lo = 0, hi = nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (wl_oid_cmp(&gone[mid].oid, oid) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < nr && !wl_oid_cmp(&gone[lo].oid, oid); lo++)
		if (!paired[gone[lo].change])
			return gone[lo].change;
	return (size_t)-1;
}

/*
 * The changes of commit `bc` by path: an added file with the content of
 * a deleted one (the first such, in path order) is that file renamed;
 * every other change is what the diff says. The added and modified
 * paths go first, in path order, then the deletions.
 */
static int emit_paths(struct hist *h, struct batch *b, const struct bcommit *bc)
{
	const struct wl_change *ch = &b->changes.v[bc->first];
	unsigned char *paired = wl_xcalloc(bc->nr + 1, 1);
	struct gone *gone = wl_xcalloc(bc->nr + 1, sizeof(*gone));
	struct wl_hist_change c;
	char when[WHEN_MAX];
	size_t i, k, gone_nr = 0;
	int ret = 0;

	for (i = 0; i < bc->nr; i++) {
		if (ch[i].kind != WL_CHANGE_DELETED)
			continue;
		gone[gone_nr].oid = ch[i].old_oid;
		gone[gone_nr++].change = i;
	}
	qsort(gone, gone_nr, sizeof(*gone), cmp_gone);
	commit_fields(h, &c, bc, when);
	for (i = 0; i < bc->nr && !ret; i++) {
		const char *old_path = NULL;

		if (ch[i].kind == WL_CHANGE_DELETED)
			continue;
		k = ch[i].kind == WL_CHANGE_ADDED && gone_nr ?
			    rename_source(gone, gone_nr, paired,
					  &ch[i].new_oid) : (size_t)-1;
		if (k != (size_t)-1) {
			paired[k] = 1;
			old_path = ch[k].path;
		}
		ret = hand_out_path(h, &c, old_path ? WL_HIST_RENAMED :
				    ch[i].kind == WL_CHANGE_ADDED ?
					    WL_HIST_CREATED : WL_HIST_CHANGED,
				    ch[i].path, old_path);
	}
	for (i = 0; i < bc->nr && !ret; i++)
		if (ch[i].kind == WL_CHANGE_DELETED && !paired[i])
			ret = hand_out_path(h, &c, WL_HIST_DELETED, ch[i].path,
					    NULL);
	free(paired);
	free(gone);
	return ret;
}

/* ---- the walk --------------------------------------------------------- */

/* Runs one batch: resolves its blobs, then hands out its commits. */
static int run_batch(struct hist *h, struct batch *b, char **err)
{
	double t0 = wl_hist_now();
	size_t i;
	int ret;

	if (wl_hist_parse_finish(h, b, err) < 0)
		return -1;
	h->stats.parse_secs += wl_hist_now() - t0;
	t0 = wl_hist_now();
	for (i = 0, ret = 0; i < b->commits_nr && !ret; i++)
		if (b->commits[i].nr)
			ret = h->flags & WL_HISTORY_PATHS ?
				      emit_paths(h, b, &b->commits[i]) :
				      emit_commit(h, b, &b->commits[i]);
	h->stats.compare_secs += wl_hist_now() - t0;
	batch_clear(b);
	return ret;
}

/* Parses a --since or --until value; `end` takes the end of a day. */
static int parse_bound(long long *out, const struct wl_config *cfg,
		       const char *s, int end, char **err)
{
	long long day, offset;

	if (wl_day_parse(&day, s, strlen(s)) == 0) {
		*out = wl_tz_day_start(cfg->tz, day + (end ? 1 : 0)) -
		       (end ? 1 : 0);
		return 0;
	}
	if (wl_rfc3339_parse(out, &offset, s, strlen(s)) == 0)
		return 0;
	*err = wl_xprintf("'%s' is not a date (YYYY-MM-DD) or a date-time (2026-11-20T10:00:00+08:00)",
			  s);
	return -1;
}

/* The folders of the repository the records globs start in. */
static void record_dirs(struct hist *h)
{
	const struct wl_config *cfg = &h->repo->cfg;
	size_t i;

	h->dirs = wl_xcalloc(cfg->records_nr + 1, sizeof(*h->dirs));
	for (i = 0; i < cfg->records_nr; i++) {
		const char *g = cfg->records[i];
		size_t pre = wl_glob_prefix(g);
		char *d;

		if (!strncmp(g, "./", 2))
			g += 2, pre = pre >= 2 ? pre - 2 : 0;
		d = wl_xprintf("%s%.*s", h->prefix, (int)pre, g);
		/* "dir/" names the folder "dir"; "" the whole tree. */
		if (*d && d[strlen(d) - 1] == '/')
			d[strlen(d) - 1] = '\0';
		h->dirs[h->dirs_nr++] = d;
	}
}

/* The git repository of `repo` (*own: opened here) and the folder of
 * its root in it. Returns 0, or wl_git_open's failure. */
static int git_at(struct wl_git **git, int *own, char **prefix,
		  struct wl_repo *repo, char **err)
{
	int r;

	*git = wl_source_git(repo->src);
	*own = 0;
	if (*git) {
		*prefix = wl_xstrdup(wl_source_prefix(repo->src));
		return 0;
	}
	if ((r = wl_git_open(git, repo->root, err)) < 0)
		return r;
	*own = 1;
	*prefix = wl_git_workdir(*git) ?
		wl_source_inner_prefix(wl_git_workdir(*git), repo->root) : NULL;
	if (!*prefix)
		*prefix = wl_xstrdup("");
	return 0;
}

int wl_history_at_open(struct wl_history_at *at, struct wl_repo *repo,
		       char **err)
{
	int r;

	memset(at, 0, sizeof(*at));
	if ((r = git_at(&at->git, &at->own_git, &at->prefix, repo, err)) < 0)
		return r;
	if (wl_source_kind(repo->src) == WL_SOURCE_REV)
		r = wl_git_resolve(&at->tip, at->git, wl_source_name(repo->src),
				   err);
	else
		r = wl_git_head(&at->tip, at->git, err);
	if (r < 0) {
		wl_history_at_release(at);
		return -1;
	}
	at->has_tip = r == 0;
	return 0;
}

void wl_history_at_release(struct wl_history_at *at)
{
	if (at->own_git)
		wl_git_free(at->git);
	free(at->prefix);
	memset(at, 0, sizeof(*at));
}

/* The cache of the repository `git`, or one in memory. */
static struct wl_cache *cache_open(struct wl_git *git, unsigned flags)
{
	char *path = NULL;
	struct wl_cache *c;

	if (!(flags & WL_HISTORY_NO_CACHE))
		path = wl_xprintf("%s/worklog/cache.sqlite",
				  wl_git_commondir(git));
	c = wl_cache_open(path);
	free(path);
	return c;
}

int wl_history_cache_open(struct wl_cache **out, struct wl_repo *repo,
			  unsigned flags, char **err)
{
	struct wl_git *git;
	char *prefix;
	int own;

	*out = NULL;
	if (git_at(&git, &own, &prefix, repo, err) < 0)
		return -1;
	*out = cache_open(git, flags);
	free(prefix);
	if (own)
		wl_git_free(git);
	return 0;
}

/* Opens what the walk reads: the repository, its cache, the bounds. */
static int hist_open(struct hist *h, struct wl_repo *repo,
		     const struct wl_history_opts *opts, char **err)
{
	h->repo = repo;
	h->flags = opts->flags;
	if (git_at(&h->git, &h->own_git, &h->prefix, repo, err) < 0)
		return -1;
	if ((opts->since && parse_bound(&h->since, &repo->cfg, opts->since, 0,
					err) < 0) ||
	    (opts->until && parse_bound(&h->until, &repo->cfg, opts->until, 1,
					err) < 0))
		return -1;
	h->has_since = opts->since != NULL;
	h->has_until = opts->until != NULL;
	h->cache = opts->cache;
	if (!h->cache) {
		h->cache = cache_open(h->git, opts->flags);
		h->own_cache = 1;
	}
	wl_version_init(&h->ver, repo, h->cache);
	record_dirs(h);
	return 0;
}

static void hist_close(struct hist *h)
{
	size_t i;

	wl_hist_parse_release(h);
	tracks_release(h);
	for (i = 0; i < h->dirs_nr; i++)
		free(h->dirs[i]);
	free(h->dirs);
	if (h->own_cache)
		wl_cache_free(h->cache);
	if (h->own_git)
		wl_git_free(h->git);
	free(h->prefix);
}

/* The commits to walk: the range, or the revision the source reads. */
static int list_commits(struct hist *h, struct wl_oids *commits,
			const struct wl_history_opts *opts, char **err)
{
	const char *range = opts->range;

	if (!range && wl_source_kind(h->repo->src) == WL_SOURCE_REV)
		range = wl_source_name(h->repo->src);
	return wl_git_walk(commits, h->git, range,
			   opts->flags & WL_HISTORY_FIRST_PARENT ?
				   WL_GIT_WALK_FIRST_PARENT : 0,
			   err);
}

int wl_history_walk(struct wl_history_stats *stats,
		    struct wl_strlist *warnings, struct wl_repo *repo,
		    const struct wl_history_opts *opts, wl_hist_fn fn,
		    void *data, char **err)
{
	static const struct wl_history_opts defaults = WL_HISTORY_OPTS_INIT;
	struct hist h;
	struct batch b;
	struct wl_oids commits = WL_OIDS_INIT;
	double start = wl_hist_now(), t0;
	size_t i;
	int ret = -1;

	memset(&h, 0, sizeof(h));
	memset(&b, 0, sizeof(b));
	if (!opts)
		opts = &defaults;
	h.fn = fn;
	h.data = data;
	h.threads_wanted = opts->threads;
	if (hist_open(&h, repo, opts, err) < 0)
		goto done;
	if (wl_git_is_shallow(h.git)) {
		h.stats.shallow = 1;
		if (warnings)
			wl_strlist_take(warnings, wl_xstrdup(
				"the repository is a shallow clone: history before its oldest commits is unknown"));
	}
	t0 = wl_hist_now();
	if (list_commits(&h, &commits, opts, err) < 0)
		goto done;
	h.stats.walk_secs = wl_hist_now() - t0;
	for (i = 0, ret = 0; i < commits.nr && !ret; i++) {
		if (collect(&h, &b, &commits.v[i], err) < 0) {
			ret = -1;
			break;
		}
		if (b.commits_nr >= BATCH_COMMITS || b.nr >= BATCH_BLOBS ||
		    i + 1 == commits.nr)
			ret = run_batch(&h, &b, err);
	}
	if (ret < 0)
		goto done;
	if (h.own_cache)
		wl_cache_flush(h.cache);
done:
	/* The workers first: their jobs point into the batch. */
	wl_hist_parse_release(&h);
	batch_release(&b);
	wl_oids_release(&commits);
	h.stats.threads = h.threads_used;
	hist_close(&h);
	h.stats.total_secs = wl_hist_now() - start;
	if (stats)
		*stats = h.stats;
	return ret;
}
