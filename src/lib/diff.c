/*
 * The record diff (diff.h): list what differs between two sources, read
 * each changed version once, pair the records (pair.h, then git's
 * rename detection), and compare each pair's front matter (compare.h)
 * and body (diff_body.c).
 */
#include "diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "glob.h"
#include "pair.h"
#include "type.h"
#include "util.h"

#include "../banned.h"

const char *wl_diff_change_name(enum wl_diff_change c)
{
	switch (c) {
	case WL_DIFF_ADDED: return "added";
	case WL_DIFF_REMOVED: return "removed";
	case WL_DIFF_RENAMED: return "renamed";
	case WL_DIFF_MODIFIED: return "modified";
	}
	return "modified";
}

/* Whether `path` is one the user named: a file, a folder or a glob. */
static int wanted(const struct wl_diff_opts *o, const char *path)
{
	size_t i;

	if (!o || !o->paths_nr)
		return 1;
	for (i = 0; i < o->paths_nr; i++) {
		const char *p = o->paths[i];
		size_t n = strlen(p);

		while (n && p[n - 1] == '/')
			n--;
		if (!n || (!strncmp(path, p, n) &&
			   (!path[n] || path[n] == '/')))
			return 1;
		if (strpbrk(p, "*?[") && wl_glob_match(p, path))
			return 1;
	}
	return 0;
}

static void version_free(struct wl_diff_version *v)
{
	if (!v)
		return;
	wl_record_release(&v->rec);
	wl_diags_release(&v->diags);
	free(v);
}

/* The text of the record's x-id value, or NULL. */
static const char *record_id(const struct wl_type *t, const struct wl_record *r)
{
	const struct wl_node *n;

	if (!t || !t->id_field || !r->doc.root)
		return NULL;
	n = wl_node_get(r->doc.root, t->id_field);
	if (!n || n->kind == WL_NODE_SEQ || n->kind == WL_NODE_MAP ||
	    n->kind == WL_NODE_NULL || strlen(n->str) != n->len)
		return NULL;
	return n->str;
}

/*
 * Reads version `oid` of `path` from `src` (by blob where the source has
 * blobs, else the file) and parses it under `repo`'s rules.
 */
static int read_version(struct wl_diff_version **out, struct wl_repo *repo,
			struct wl_source *src, const char *path,
			const struct wl_oid *oid, char **err)
{
	struct wl_diff_version *v = wl_xcalloc(1, sizeof(*v));
	const struct wl_type *t = NULL;
	struct wl_fm fm;
	char *buf = NULL;
	size_t len = 0;
	int r;

	*out = NULL;
	v->rec = (struct wl_record)WL_RECORD_INIT;
	if (wl_source_git(src) && !wl_oid_is_zero(oid))
		r = wl_source_read_blob(src, oid, &buf, &len, err);
	else
		r = wl_source_read(src, path, &buf, &len, err);
	if (r == WL_READ_TOO_BIG) {
		free(*err);
		*err = NULL;
		wl_record_too_big(&v->rec, path, len, wl_source_max_bytes(src),
				  &v->diags);
		v->form = WL_DIFF_UNPARSABLE;
		v->error = &v->diags.v[0];
		*out = v;
		return 0;
	}
	if (r < 0) {
		version_free(v);
		return -1;
	}
	if (wl_fm_split(&fm, buf, len) == WL_FM_NONE) {
		/* Not a record: kept only to be compared as text. */
		v->form = WL_DIFF_NOT_RECORD;
		v->rec.path = wl_xstrdup(path);
		v->rec.buf = buf;
		v->rec.len = len;
		*out = v;
		return 0;
	}
	t = wl_repo_parse_record(repo, &v->rec, path, buf, len, &v->diags);
	v->has_body = wl_fm_split(&fm, buf, len) == WL_FM_OK;
	if (!v->rec.doc.root) {
		v->form = WL_DIFF_UNPARSABLE;
		v->error = v->diags.nr ? &v->diags.v[0] : NULL;
	} else {
		v->form = WL_DIFF_RECORD;
		v->type = t ? t->name : NULL;
		v->id = record_id(t, &v->rec);
	}
	*out = v;
	return 0;
}

/* The changed files and their versions. */
struct side {
	struct wl_pair_item *items;
	struct wl_diff_version **v;
	size_t nr;
};

static void side_add(struct side *s, const char *path, const struct wl_oid *oid,
		     struct wl_diff_version *v)
{
	struct wl_pair_item *it = &s->items[s->nr];

	it->path = path;
	it->oid = *oid;
	/* Only a record of a known type with an id can move by its id. */
	it->type = v->form == WL_DIFF_RECORD ? v->type : NULL;
	it->id = v->form == WL_DIFF_RECORD ? v->id : NULL;
	s->v[s->nr++] = v;
}

static void side_release(struct side *s)
{
	size_t i;

	for (i = 0; i < s->nr; i++)
		version_free(s->v[i]);
	free(s->v);
	free(s->items);
}

static struct wl_diff_entry *new_entry(struct wl_diff *d,
				       enum wl_diff_change change)
{
	struct wl_diff_entry *e;

	WL_ALLOC_GROW(d->v, d->nr + 1, d->alloc);
	e = &d->v[d->nr++];
	memset(e, 0, sizeof(*e));
	e->change = change;
	e->fields = (struct wl_field_changes)WL_FIELD_CHANGES_INIT;
	return e;
}

/* Whether a version could have moved by its id (pair.h's key). */
static int keyed(const struct wl_diff_version *v)
{
	return v->form == WL_DIFF_RECORD && v->type && v->id;
}

/*
 * One round of git's rename detection between the removed and added
 * entries from `first` on that `pick` accepts (0 for the removed side,
 * 1 for the added): each pair found turns the added entry into a rename
 * and leaves the removed one without its version, to be dropped.
 * Versions that could not be read (too big) take no part.
 */
static int rename_round(struct wl_diff *d, size_t first,
			int (*pick)(const struct wl_diff_version *v, int added),
			char **err)
{
	size_t n = d->nr - first + 1, i, no = 0, nn = 0;
	struct wl_git_text *olds = wl_xcalloc(n, sizeof(*olds));
	struct wl_git_text *news = wl_xcalloc(n, sizeof(*news));
	size_t *oi = wl_xcalloc(n, sizeof(*oi)), *ni = wl_xcalloc(n, sizeof(*ni));
	size_t *from = wl_xcalloc(n, sizeof(*from));
	int *sim = wl_xcalloc(n, sizeof(*sim)), ret;

	for (i = first; i < d->nr; i++) {
		const struct wl_diff_entry *e = &d->v[i];

		if (e->change == WL_DIFF_REMOVED && e->old_v &&
		    e->old_v->rec.buf && pick(e->old_v, 0)) {
			olds[no].buf = e->old_v->rec.buf;
			olds[no].len = e->old_v->rec.len;
			oi[no++] = i;
		} else if (e->change == WL_DIFF_ADDED && e->new_v->rec.buf &&
			   pick(e->new_v, 1)) {
			news[nn].buf = e->new_v->rec.buf;
			news[nn].len = e->new_v->rec.len;
			ni[nn++] = i;
		}
	}
	ret = wl_git_find_renames(from, sim, olds, no, news, nn, err);
	for (i = 0; i < nn && !ret; i++) {
		struct wl_diff_entry *a, *r;

		if (from[i] == SIZE_MAX)
			continue;
		a = &d->v[ni[i]];
		r = &d->v[oi[from[i]]];
		a->change = WL_DIFF_RENAMED;
		a->old_path = r->path;
		a->old_v = r->old_v;
		a->similarity = sim[i] ? sim[i] : 1;
		r->old_v = NULL;
		d->stats.renames_by_content++;
	}
	free(olds);
	free(news);
	free(oi);
	free(ni);
	free(from);
	free(sim);
	return ret;
}

/* Round one: what went away without an id, to anything that came. */
static int unkeyed_removed(const struct wl_diff_version *v, int added)
{
	return added || !keyed(v);
}

/* Round two: anything left that went away, to what came without one. */
static int unkeyed_added(const struct wl_diff_version *v, int added)
{
	return !added || !keyed(v);
}

/*
 * Pairs what pair.h left added and removed by git's rename detection,
 * except two records that both have an id: pair.h has said already
 * that they are different records. Two rounds keep such pairs out.
 */
static int content_renames(struct wl_diff *d, size_t first, char **err)
{
	size_t i, kept;

	if (rename_round(d, first, unkeyed_removed, err) < 0 ||
	    rename_round(d, first, unkeyed_added, err) < 0)
		return -1;
	/* Drop the removed entries that became renames. */
	for (i = kept = first; i < d->nr; i++) {
		if (d->v[i].change == WL_DIFF_REMOVED && !d->v[i].old_v)
			continue;
		d->v[kept++] = d->v[i];
	}
	d->nr = kept;
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct wl_diff_entry *x = a, *y = b;

	return strcmp(x->path, y->path);
}

/*
 * A one-pair mapping {worklog: settings}: the per-record settings that
 * wl_repo_parse_record takes out of the front matter are compared under
 * the path `worklog` as if they had stayed in it.
 */
struct settings_map {
	struct wl_node map, key;
	struct wl_pair pair;
};

static const struct wl_node *settings_map(struct settings_map *m,
					  const struct wl_node *settings)
{
	memset(m, 0, sizeof(*m));
	m->map.kind = WL_NODE_MAP;
	if (!settings)
		return &m->map;
	m->key.kind = WL_NODE_STRING;
	m->key.str = "worklog";
	m->key.len = strlen("worklog");
	m->pair.key = &m->key;
	m->pair.value = (struct wl_node *)settings;
	m->map.nr = 1;
	m->map.pairs = &m->pair;
	return &m->map;
}

/* Fills the fields and sections of a modified or renamed entry. */
static int compare_entry(struct wl_diff *d, struct wl_diff_entry *e,
			 char **err)
{
	const struct wl_diff_version *a = e->old_v, *b = e->new_v;

	if (a->form == WL_DIFF_RECORD && b->form == WL_DIFF_RECORD) {
		struct settings_map sa, sb;

		wl_compare(&e->fields, a->rec.doc.root, b->rec.doc.root);
		wl_compare(&e->fields, settings_map(&sa, a->rec.settings),
			   settings_map(&sb, b->rec.settings));
	}
	if (!a->has_body || !b->has_body)
		return 0;
	return wl_diff_bodies(e, &d->arena, a->rec.buf + a->rec.fm.body,
			      a->rec.len - a->rec.fm.body,
			      a->rec.fm.body_line - 1,
			      b->rec.buf + b->rec.fm.body,
			      b->rec.len - b->rec.fm.body,
			      b->rec.fm.body_line - 1, err);
}

/* Reads the versions of the changed files into `from` and `to`. */
static int read_sides(struct side *from, struct side *to, struct wl_diff *d,
		      struct wl_repo *repo, struct wl_source *src_from,
		      struct wl_source *src_to, const struct wl_changes *ch,
		      char **err)
{
	size_t i;

	from->items = wl_xcalloc(ch->nr + 1, sizeof(*from->items));
	from->v = wl_xcalloc(ch->nr + 1, sizeof(*from->v));
	to->items = wl_xcalloc(ch->nr + 1, sizeof(*to->items));
	to->v = wl_xcalloc(ch->nr + 1, sizeof(*to->v));
	for (i = 0; i < ch->nr; i++) {
		const struct wl_change *c = &ch->v[i];
		struct wl_diff_version *v;

		if (c->kind != WL_CHANGE_ADDED) {
			if (read_version(&v, repo, src_from, c->path,
					 &c->old_oid, err) < 0)
				return -1;
			side_add(from, c->path, &c->old_oid, v);
			d->stats.blobs++;
		}
		if (c->kind != WL_CHANGE_DELETED) {
			if (read_version(&v, repo, src_to, c->path,
					 &c->new_oid, err) < 0)
				return -1;
			side_add(to, c->path, &c->new_oid, v);
			d->stats.blobs++;
		}
	}
	return 0;
}

/* Turns the pairs into entries, taking the versions they name. */
static void make_entries(struct wl_diff *d, const struct wl_record_pairs *p,
			 struct side *from, struct side *to)
{
	size_t i;

	for (i = 0; i < p->nr; i++) {
		const struct wl_record_pair *r = &p->v[i];
		static const enum wl_diff_change kinds[] = {
			[WL_PAIR_MODIFIED] = WL_DIFF_MODIFIED,
			[WL_PAIR_RENAMED] = WL_DIFF_RENAMED,
			[WL_PAIR_ADDED] = WL_DIFF_ADDED,
			[WL_PAIR_REMOVED] = WL_DIFF_REMOVED,
		};
		struct wl_diff_entry *e;
		const char *path;

		if (r->kind == WL_PAIR_UNCHANGED)
			continue;
		e = new_entry(d, kinds[r->kind]);
		if (r->from != WL_PAIR_NONE) {
			e->old_v = from->v[r->from];
			from->v[r->from] = NULL;
		}
		if (r->to != WL_PAIR_NONE) {
			e->new_v = to->v[r->to];
			to->v[r->to] = NULL;
		}
		path = e->new_v ? to->items[r->to].path :
				  from->items[r->from].path;
		e->path = wl_arena_strndup(&d->arena, path, strlen(path));
		if (r->kind == WL_PAIR_RENAMED) {
			path = from->items[r->from].path;
			e->old_path = wl_arena_strndup(&d->arena, path,
						       strlen(path));
			d->stats.renames_by_id++;
		}
	}
}

int wl_diff_sources(struct wl_diff *out, struct wl_repo *repo,
		    struct wl_source *from, struct wl_source *to,
		    const struct wl_diff_opts *opts, char **err)
{
	struct wl_changes all = WL_CHANGES_INIT, ch = WL_CHANGES_INIT;
	struct side a = { NULL, NULL, 0 }, b = { NULL, NULL, 0 };
	struct wl_record_pairs pairs = WL_RECORD_PAIRS_INIT;
	size_t i, first = out->nr;
	double t0 = wl_monotonic();
	int ret = -1;

	if (wl_source_changes(&all, from, to,
			      (const char *const *)repo->cfg.records,
			      repo->cfg.records_nr, err) < 0)
		goto done;
	for (i = 0; i < all.nr; i++) {
		if (!wanted(opts, all.v[i].path))
			continue;
		WL_ALLOC_GROW(ch.v, ch.nr + 1, ch.alloc);
		ch.v[ch.nr++] = all.v[i];
		all.v[i].path = NULL;
	}
	out->stats.files += ch.nr;
	out->stats.list_secs += wl_monotonic() - t0;
	t0 = wl_monotonic();
	if (read_sides(&a, &b, out, repo, from, to, &ch, err) < 0)
		goto done;
	out->stats.parse_secs += wl_monotonic() - t0;
	t0 = wl_monotonic();
	wl_record_pairs_make(&pairs, a.items, a.nr, b.items, b.nr);
	make_entries(out, &pairs, &a, &b);
	if (content_renames(out, first, err) < 0)
		goto done;
	for (i = first; i < out->nr; i++) {
		struct wl_diff_entry *e = &out->v[i];

		if (e->old_v && e->new_v && compare_entry(out, e, err) < 0)
			goto done;
	}
	if (out->nr > first)
		qsort(out->v + first, out->nr - first, sizeof(*out->v),
		      cmp_entry);
	out->stats.compare_secs += wl_monotonic() - t0;
	ret = 0;
done:
	wl_record_pairs_release(&pairs);
	side_release(&a);
	side_release(&b);
	wl_changes_release(&all);
	wl_changes_release(&ch);
	return ret;
}

void wl_diff_release(struct wl_diff *d)
{
	size_t i;

	for (i = 0; i < d->nr; i++) {
		struct wl_diff_entry *e = &d->v[i];

		version_free(e->old_v);
		version_free(e->new_v);
		wl_field_changes_release(&e->fields);
		free(e->sections);
	}
	free(d->v);
	wl_arena_release(&d->arena);
	memset(d, 0, sizeof(*d));
}
