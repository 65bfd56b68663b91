#include "hook.h"

#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "check.h"
#include "locked.h"
#include "pair.h"
#include "repo.h"
#include "rules.h"
#include "source.h"
#include "util.h"
#include "version.h"

#include "../banned.h"

struct wl_hook {
	struct wl_git *git;
	struct wl_cache *cache;
};

void wl_verdict_release(struct wl_verdict *v)
{
	wl_diags_release(&v->diags);
	memset(v, 0, sizeof(*v));
}

int wl_hook_new(struct wl_hook **out, struct wl_git *git, unsigned flags)
{
	struct wl_hook *h = wl_xcalloc(1, sizeof(*h));

	h->git = git;
	if (flags & WL_HOOK_NO_CACHE) {
		h->cache = wl_cache_open(NULL);
	} else {
		char *path = wl_xprintf("%s/worklog/cache.sqlite",
					wl_git_commondir(git));

		h->cache = wl_cache_open(path);
		free(path);
	}
	*out = h;
	return 0;
}

void wl_hook_free(struct wl_hook *h)
{
	if (!h)
		return;
	wl_cache_free(h->cache);
	free(h);
}

/* What one judgement works with. */
struct judge {
	struct wl_hook *h;
	struct wl_version ver;         /* the version judged, by its rules */
	const struct wl_config *cfg;   /* its configuration */
	struct wl_verdict *out;
	const struct wl_oid *tree;     /* its tree, or NULL for the index */
	const struct wl_oid *base;     /* the previous commit, or NULL */
	struct wl_commit base_commit;
	struct wl_source **others;     /* trees of a merge's other parents */
	size_t others_nr;
	long long now;
	int offset;
	struct wl_changes changes;     /* from the base to the version */
};

/* A record of the version judged in full. */
struct judged {
	char *path;
	struct wl_oid oid;
	struct wl_facts facts;
	struct wl_record rec;           /* kept when it is compared */
	const struct wl_type *type;
	const struct wl_change *change; /* NULL when not in the change */
};

/* The previous version of a record the change modifies or deletes. */
struct old_record {
	const struct wl_change *change;
	struct wl_facts facts;
};

/* The records of one judgement. */
struct records {
	struct judged *v;
	size_t nr, alloc;
	struct old_record *olds;
	size_t olds_nr;
	struct wl_keys removed;        /* ids no record of the version has */
};

static void records_release(struct records *r)
{
	size_t i;

	for (i = 0; i < r->nr; i++) {
		free(r->v[i].path);
		wl_facts_release(&r->v[i].facts);
		wl_record_release(&r->v[i].rec);
	}
	free(r->v);
	for (i = 0; i < r->olds_nr; i++)
		wl_facts_release(&r->olds[i].facts);
	free(r->olds);
	wl_keys_release(&r->removed);
}

static struct judged *add_judged(struct records *r, char *path,
				 const struct wl_oid *oid,
				 const struct wl_change *change)
{
	struct judged *rec;

	WL_ALLOC_GROW(r->v, r->nr + 1, r->alloc);
	rec = &r->v[r->nr++];
	memset(rec, 0, sizeof(*rec));
	rec->path = path;
	rec->oid = *oid;
	rec->change = change;
	return rec;
}

/* Returns 1 if the change touches the configuration or a schema. */
static int rules_changed(struct judge *j)
{
	size_t i, k;

	for (i = 0; i < j->changes.nr; i++) {
		const char *p = j->changes.v[i].path;

		if (!strcmp(p, WL_CONFIG_NAME))
			return 1;
		for (k = 0; k < j->cfg->schemas_nr; k++) {
			size_t n = strlen(j->cfg->schemas[k]);

			if (!strncmp(p, j->cfg->schemas[k], n) &&
			    (p[n] == '/' || !p[n]))
				return 1;
		}
	}
	return 0;
}

/* Returns 1 if a merge's other parent has exactly this version of path. */
static int inherited(struct judge *j, const char *path,
		     const struct wl_oid *oid)
{
	struct wl_oid other;
	size_t i;

	for (i = 0; i < j->others_nr; i++)
		if (!wl_source_oid(j->others[i], path, &other) &&
		    !wl_oid_cmp(&other, oid))
			return 1;
	return 0;
}

static int cmp_change_path(const void *key, const void *elem)
{
	return strcmp(key, ((const struct wl_change *)elem)->path);
}

static int cmp_judged(const void *a, const void *b)
{
	return strcmp(((const struct judged *)a)->path,
		      ((const struct judged *)b)->path);
}

/*
 * The records judged in full: those the change adds or modifies; every
 * record when the rules changed. The others are found through the
 * cache, complete for the previous version.
 */
static int list_judged(struct records *r, struct judge *j, char **err)
{
	struct wl_git_entries files = WL_GIT_ENTRIES_INIT;
	size_t i;
	int ret = -1;

	if (rules_changed(j)) {
		if (wl_source_records(&files, j->ver.repo->src, j->cfg->records,
				      j->cfg->records_nr, 0, err) < 0)
			goto done;
		for (i = 0; i < files.nr; i++) {
			add_judged(r, files.v[i].path, &files.v[i].oid,
				   !j->changes.nr ? NULL :
				   bsearch(files.v[i].path, j->changes.v,
					   j->changes.nr,
					   sizeof(*j->changes.v),
					   cmp_change_path));
			files.v[i].path = NULL;
		}
	} else {
		if (j->base && wl_version_complete(&j->ver,
						   &j->base_commit.tree,
						   err) < 0)
			goto done;
		for (i = 0; i < j->changes.nr; i++) {
			const struct wl_change *c = &j->changes.v[i];

			if (c->kind != WL_CHANGE_DELETED &&
			    wl_config_is_record(j->cfg, c->path))
				add_judged(r, wl_xstrdup(c->path), &c->new_oid,
					   c);
		}
	}
	if (r->nr)
		qsort(r->v, r->nr, sizeof(*r->v), cmp_judged);
	ret = 0;
done:
	wl_git_entries_release(&files);
	return ret;
}

/* Validates the record in full and places it. */
static int judge_one(struct judge *j, struct judged *r, char **err)
{
	if (wl_repo_validate_one(j->ver.repo, r->path, &r->rec, &r->type,
				 &j->out->diags, err) < 0)
		return -1;
	j->out->checked++;
	wl_version_record_facts(&r->facts, &j->ver, r->path, &r->oid, r->type,
				&r->rec);
	if (wl_version_place(&j->ver, r->path, &r->oid, &r->facts, err) < 0)
		return -1;
	/* Only the records of the change are compared later. */
	if (!r->change || r->change->kind == WL_CHANGE_DELETED)
		wl_record_release(&r->rec);
	return 0;
}

/*
 * The previous versions of the records the change modifies or deletes,
 * and the ids they held that no record of the version has now.
 */
static int read_olds(struct records *r, struct judge *j, char **err)
{
	size_t i;

	r->olds = wl_xcalloc(j->changes.nr + 1, sizeof(*r->olds));
	for (i = 0; i < j->changes.nr; i++) {
		const struct wl_change *c = &j->changes.v[i];
		struct old_record *o = &r->olds[r->olds_nr];
		int has;

		if (c->kind == WL_CHANGE_ADDED ||
		    !wl_config_is_record(j->cfg, c->path))
			continue;
		o->change = c;
		if (wl_version_facts(&o->facts, &j->ver, c->path, &c->old_oid,
				     err) < 0)
			return -1;
		r->olds_nr++;
		if (!o->facts.type || !o->facts.id)
			continue;
		has = wl_version_has_id(&j->ver, o->facts.type, o->facts.id);
		if (has < 0) {
			*err = wl_xstrdup("cannot read the facts cache");
			return -1;
		}
		if (!has)
			wl_keys_add(&r->removed, o->facts.type, o->facts.id);
	}
	return 0;
}

/* Ids, references and people of the judged records, across the version. */
static int check_across(struct records *r, struct judge *j, char **err)
{
	struct wl_check_record *checked = wl_xcalloc(r->nr + 1,
						     sizeof(*checked));
	struct wl_check_lookup lookup;
	struct wl_rule_set set;
	size_t i;
	int ret;

	for (i = 0; i < r->nr; i++) {
		checked[i].path = r->v[i].path;
		checked[i].facts = &r->v[i].facts;
	}
	wl_version_lookup(&lookup, &j->ver);
	set.rules = &j->cfg->rules;
	set.cfg = j->cfg;
	set.changed = checked;
	set.nr = r->nr;
	set.removed = &r->removed;
	set.lookup = &lookup;
	ret = wl_rules_run_set(&j->out->diags, &set);
	if (ret < 0)
		*err = wl_xstrdup("cannot read the facts cache");
	free(checked);
	return ret;
}

/* is_done() of the locked walk: is this version of a record done? */
static int blob_is_done(void *arg, const char *path, const struct wl_oid *blob,
			int *done, char **err)
{
	struct judge *j = arg;
	struct wl_facts f = WL_FACTS_INIT;

	if (wl_version_facts(&f, &j->ver, path, blob, err) < 0)
		return -1;
	*done = f.state_class == WL_STATE_DONE;
	wl_facts_release(&f);
	return 0;
}

/* The change rules' view of the records a change touches. */
struct compare {
	struct wl_record_pairs pairs;
	struct wl_pair_item *from, *to;
	size_t from_nr, to_nr;
	size_t *to_rec;                 /* `to` item -> judged record */
	struct wl_locked_query *q;      /* per pair: when it became done */
};

static void compare_release(struct compare *c)
{
	wl_record_pairs_release(&c->pairs);
	free(c->from);
	free(c->to);
	free(c->to_rec);
	free(c->q);
}

/* Pairs the previous versions with the records that replace them. */
static void pair_records(struct compare *c, struct records *r)
{
	size_t i;

	c->from = wl_xcalloc(r->olds_nr + 1, sizeof(*c->from));
	c->to = wl_xcalloc(r->nr + 1, sizeof(*c->to));
	c->to_rec = wl_xcalloc(r->nr + 1, sizeof(*c->to_rec));
	for (i = 0; i < r->olds_nr; i++) {
		const struct old_record *o = &r->olds[i];

		c->from[i].path = o->change->path;
		c->from[i].oid = o->change->old_oid;
		c->from[i].type = o->facts.type;
		c->from[i].id = o->facts.id;
	}
	c->from_nr = r->olds_nr;
	for (i = 0; i < r->nr; i++) {
		const struct judged *n = &r->v[i];
		struct wl_pair_item *it = &c->to[c->to_nr];

		if (!n->change || n->change->kind == WL_CHANGE_DELETED)
			continue;
		it->path = n->path;
		it->oid = n->oid;
		it->type = n->facts.type;
		it->id = n->facts.id;
		c->to_rec[c->to_nr++] = i;
	}
	wl_record_pairs_make(&c->pairs, c->from, c->from_nr, c->to, c->to_nr);
}

/* The judged record a pair continues to, or NULL (removed or added). */
static struct judged *pair_new(struct compare *c, struct records *r,
			       const struct wl_record_pair *p)
{
	return p->to == WL_PAIR_NONE ? NULL : &r->v[c->to_rec[p->to]];
}

/* Returns 1 if the pair is judged against its previous version: a
 * record a merge takes unchanged from another parent is not. */
static int compared(struct judge *j, struct compare *c, struct records *r,
		    const struct wl_record_pair *p)
{
	const struct judged *n = pair_new(c, r, p);

	return p->kind != WL_PAIR_ADDED && (!n || !inherited(j, n->path,
							      &n->oid));
}

/* When each compared record's done state began: one walk of history for
 * all of them. */
static int walk_done(struct compare *c, struct judge *j, struct records *r,
		     char **err)
{
	struct wl_locked_query *q;
	size_t *pair_of, i, nq = 0;
	int ret;

	c->q = wl_xcalloc(c->pairs.nr + 1, sizeof(*c->q));
	if (!j->base || !j->cfg->rules.severity[WL_RULE_LOCKED])
		return 0;
	q = wl_xcalloc(c->pairs.nr + 1, sizeof(*q));
	pair_of = wl_xcalloc(c->pairs.nr + 1, sizeof(*pair_of));
	for (i = 0; i < c->pairs.nr; i++) {
		const struct wl_record_pair *p = &c->pairs.v[i];

		if (!compared(j, c, r, p) ||
		    r->olds[p->from].facts.state_class != WL_STATE_DONE)
			continue;
		q[nq].path = c->from[p->from].path;
		pair_of[nq++] = i;
	}
	ret = wl_locked_since(q, nq, j->h->git, j->base, blob_is_done, j, err);
	for (i = 0; i < nq && !ret; i++)
		c->q[pair_of[i]] = q[i];
	free(q);
	free(pair_of);
	return ret;
}

/* Runs the change rules over one pair. */
static int compare_pair(struct judge *j, const struct old_record *o,
			const struct judged *n,
			const struct wl_locked_query *since, char **err)
{
	struct wl_record old = WL_RECORD_INIT;
	struct wl_rule_change c;
	int ret;

	if (wl_version_parse(&old, &c.old_type, &j->ver, o->change->path,
			     &o->change->old_oid, err) < 0)
		return -1;
	c.rules = &j->cfg->rules;
	c.path = n ? n->path : o->change->path;
	c.type = n ? n->type : NULL;
	c.fm = n ? n->rec.doc.root : NULL;
	c.old_fm = old.doc.root;
	c.now = j->now;
	c.offset = j->offset;
	c.done_since = since->since;
	c.has_done_since = since->known;
	ret = wl_rules_run_change(&j->out->diags, &c);
	wl_record_release(&old);
	return ret;
}

/*
 * Each record the change touches against its previous version: found
 * by path, or by id when it moved (x-transitions, the locked rule).
 */
static int compare_changes(struct records *r, struct judge *j, char **err)
{
	struct compare c;
	size_t i;
	int ret = -1;

	memset(&c, 0, sizeof(c));
	pair_records(&c, r);
	if (walk_done(&c, j, r, err) < 0)
		goto done;
	for (i = 0; i < c.pairs.nr; i++) {
		const struct wl_record_pair *p = &c.pairs.v[i];

		if (compared(j, &c, r, p) &&
		    compare_pair(j, &r->olds[p->from], pair_new(&c, r, p),
				 &c.q[i], err) < 0)
			goto done;
	}
	ret = 0;
done:
	compare_release(&c);
	return ret;
}

/* The judgement once the version's configuration is read. */
static int judge_records(struct judge *j, char **err)
{
	struct records r;
	size_t i;
	int ret = -1;

	memset(&r, 0, sizeof(r));
	if (list_judged(&r, j, err) < 0)
		goto done;
	for (i = 0; i < r.nr; i++)
		if (judge_one(j, &r.v[i], err) < 0)
			goto done;
	if (read_olds(&r, j, err) < 0 || check_across(&r, j, err) < 0 ||
	    compare_changes(&r, j, err) < 0)
		goto done;
	/* The base was complete and every change is placed: a commit's
	 * tree is complete. (The index's becomes one on the next commit,
	 * from this base, by a diff.) */
	if (j->tree)
		wl_version_mark_complete(&j->ver, j->tree);
	ret = 0;
done:
	records_release(&r);
	return ret;
}

/* Counts the paths with an error; `d` is sorted by path. */
static size_t count_failed(const struct wl_diags *d)
{
	const char *last = NULL;
	size_t i, n = 0;

	for (i = 0; i < d->nr; i++) {
		if (d->v[i].severity != WL_SEV_ERROR)
			continue;
		if (last && !strcmp(last, d->v[i].path))
			continue;
		last = d->v[i].path;
		n++;
	}
	return n;
}

/* Opens the trees of a merge's other parents. */
static int open_others(struct judge *j, const struct wl_oid *others,
		       size_t nr, char **err)
{
	struct wl_commit oc = WL_COMMIT_INIT;
	size_t i;
	int ret = 0;

	j->others = wl_xcalloc(nr + 1, sizeof(*j->others));
	for (i = 0; i < nr && !ret; i++) {
		char hex[WL_OID_HEXSZ + 1];

		wl_oid_fmt(hex, &others[i]);
		ret = wl_git_commit(&oc, j->h->git, &others[i], err);
		if (!ret)
			ret = wl_source_open_tree(&j->others[j->others_nr],
						  j->h->git, &oc.tree, hex,
						  err);
		if (!ret)
			j->others_nr++;
		wl_commit_release(&oc);
	}
	return ret;
}

/*
 * Judges version `src` (taken over) against commit `base` (NULL: none)
 * with the trees of `others`, at time `now`.
 */
static int judge(struct wl_verdict *out, struct wl_hook *h,
		 struct wl_source *src, const struct wl_oid *tree,
		 const struct wl_oid *base, const struct wl_oid *others,
		 size_t others_nr, long long now, int offset, char **err)
{
	struct judge j;
	struct wl_repo *repo = NULL;
	struct wl_diags cfgd = WL_DIAGS_INIT;
	struct wl_oid oid;
	size_t i;
	int ret = -1;

	memset(&j, 0, sizeof(j));
	j.h = h;
	j.out = out;
	j.tree = tree;
	j.base = base;
	j.now = now;
	j.offset = offset;
	*err = NULL;
	if (wl_source_oid(src, WL_CONFIG_NAME, &oid) < 0) {
		out->skipped = 1;
		wl_source_free(src);
		return 0;
	}
	if (wl_repo_open_source(&repo, src, &cfgd, err) < 0) {
		/* A configuration or schema the version cannot be judged by
		 * is trouble, not a finding of its records. */
		if (!cfgd.nr)
			return -1;
		free(*err);
		*err = NULL;
		wl_diags_move(&out->diags, &cfgd);
		out->config_failed = 1;
		ret = 0;
		goto done;
	}
	j.cfg = &repo->cfg;
	out->warn_only = j.cfg->hooks.warn_only;
	wl_version_init(&j.ver, repo, h->cache);
	if (open_others(&j, others, others_nr, err) < 0 ||
	    (base && wl_git_commit(&j.base_commit, h->git, base, err) < 0) ||
	    wl_source_diff(&j.changes, repo->src,
			   base ? &j.base_commit.tree : NULL, err) < 0)
		goto done;
	ret = judge_records(&j, err);
done:
	wl_diags_sort(&out->diags);
	out->failed = count_failed(&out->diags);
	for (i = 0; i < j.others_nr; i++)
		wl_source_free(j.others[i]);
	free(j.others);
	wl_commit_release(&j.base_commit);
	wl_changes_release(&j.changes);
	wl_repo_free(repo);
	wl_diags_release(&cfgd);
	return ret;
}

/*
 * When the cache file fails under a judgement, the judgement is made
 * again with a cache in memory: the cache only ever makes it faster.
 */
static int retry_in_memory(struct wl_verdict *out, struct wl_hook *h,
			   char **err)
{
	if (!wl_cache_broken(h->cache))
		return 0;
	wl_cache_free(h->cache);
	h->cache = wl_cache_open(NULL);
	wl_verdict_release(out);
	free(*err);
	*err = NULL;
	return !wl_cache_broken(h->cache);
}

static int judge_index(struct wl_verdict *out, struct wl_hook *h,
		       const struct wl_oids *merging, long long now,
		       int offset, char **err);
static int judge_commit(struct wl_verdict *out, struct wl_hook *h,
			const struct wl_oid *id, char **err);

int wl_hook_judge_index(struct wl_verdict *out, struct wl_hook *h,
			const struct wl_oids *merging, long long now,
			int offset, char **err)
{
	int r = judge_index(out, h, merging, now, offset, err);

	if (r < 0 && retry_in_memory(out, h, err))
		r = judge_index(out, h, merging, now, offset, err);
	return r;
}

int wl_hook_judge_commit(struct wl_verdict *out, struct wl_hook *h,
			 const struct wl_oid *id, char **err)
{
	int r = judge_commit(out, h, id, err);

	if (r < 0 && retry_in_memory(out, h, err))
		r = judge_commit(out, h, id, err);
	return r;
}

static int judge_index(struct wl_verdict *out, struct wl_hook *h,
		       const struct wl_oids *merging, long long now,
		       int offset, char **err)
{
	struct wl_source *src = NULL;
	struct wl_oids merges = WL_OIDS_INIT;
	struct wl_oid head;
	size_t i;
	int r, ret;

	r = wl_git_head(&head, h->git, err);
	if (r < 0)
		return -1;
	if (wl_git_merge_heads(&merges, h->git, err) < 0)
		return -1;
	for (i = 0; merging && i < merging->nr; i++)
		wl_oids_add(&merges, &merging->v[i]);
	if (wl_source_open_index(&src, h->git, err) < 0) {
		wl_oids_release(&merges);
		return -1;
	}
	ret = judge(out, h, src, NULL, r ? NULL : &head, merges.v, merges.nr,
		    now, offset, err);
	wl_oids_release(&merges);
	return ret;
}

static int judge_commit(struct wl_verdict *out, struct wl_hook *h,
			const struct wl_oid *id, char **err)
{
	struct wl_commit c = WL_COMMIT_INIT;
	struct wl_source *src = NULL;
	char hex[WL_OID_HEXSZ + 1];
	int ret = -1;

	if (wl_git_commit(&c, h->git, id, err) < 0)
		return -1;
	wl_oid_fmt(hex, id);
	if (wl_source_open_tree(&src, h->git, &c.tree, hex, err) < 0)
		goto done;
	ret = judge(out, h, src, &c.tree, c.parents_nr ? &c.parents[0] : NULL,
		    c.parents_nr > 1 ? c.parents + 1 : NULL,
		    c.parents_nr > 1 ? c.parents_nr - 1 : 0, c.time, c.offset,
		    err);
done:
	wl_commit_release(&c);
	return ret;
}

int wl_hook_warn_only(struct wl_hook *h, const struct wl_oid *id)
{
	struct wl_commit c = WL_COMMIT_INIT;
	struct wl_source *src = NULL;
	struct wl_config cfg = WL_CONFIG_INIT;
	struct wl_diags diags = WL_DIAGS_INIT;
	char *text = NULL, *err = NULL;
	size_t len;
	int ret = 0;

	if (wl_git_commit(&c, h->git, id, &err) < 0 ||
	    wl_source_open_tree(&src, h->git, &c.tree, "HEAD", &err) < 0 ||
	    wl_source_read(src, WL_CONFIG_NAME, &text, &len, &err) < 0)
		goto done;
	if (wl_config_parse(&cfg, WL_CONFIG_NAME, text, len, &diags) == 0)
		ret = cfg.hooks.warn_only;
	text = NULL; /* the configuration owns it */
done:
	free(text);
	free(err);
	wl_config_release(&cfg);
	wl_diags_release(&diags);
	wl_source_free(src);
	wl_commit_release(&c);
	return ret;
}

int wl_ref_updates_add(struct wl_ref_updates *u, const char *old_hex,
		       const char *new_hex, const char *ref, char **err)
{
	struct wl_ref_update r;

	if (wl_oid_parse(&r.old_oid, old_hex) < 0 ||
	    wl_oid_parse(&r.new_oid, new_hex) < 0 || !*ref) {
		*err = wl_xprintf("not a reference update: '%s %s %s'",
				  old_hex, new_hex, ref);
		return -1;
	}
	r.ref = wl_xstrdup(ref);
	WL_ALLOC_GROW(u->v, u->nr + 1, u->alloc);
	u->v[u->nr++] = r;
	return 0;
}

void wl_ref_updates_release(struct wl_ref_updates *u)
{
	size_t i;

	for (i = 0; i < u->nr; i++)
		free(u->v[i].ref);
	free(u->v);
	memset(u, 0, sizeof(*u));
}

int wl_hook_push_commits(struct wl_oids *out, struct wl_hook *h,
			 const struct wl_ref_updates *u, int tip_only,
			 char **err)
{
	struct wl_oids tips = WL_OIDS_INIT;
	size_t i, k;
	int ret = -1;

	for (i = 0; i < u->nr; i++) {
		struct wl_oid c;
		int r;

		if (wl_oid_is_zero(&u->v[i].new_oid))
			continue;
		r = wl_git_peel(&c, h->git, &u->v[i].new_oid, err);
		if (r < 0)
			goto done;
		if (r)
			continue;
		for (k = 0; k < tips.nr; k++)
			if (!wl_oid_cmp(&tips.v[k], &c))
				break;
		if (k == tips.nr)
			wl_oids_add(&tips, &c);
	}
	if (tip_only) {
		for (i = 0; i < tips.nr; i++)
			wl_oids_add(out, &tips.v[i]);
		ret = 0;
	} else if (tips.nr) {
		ret = wl_git_new_commits(out, h->git, &tips, err);
	} else {
		ret = 0;
	}
done:
	wl_oids_release(&tips);
	return ret;
}
