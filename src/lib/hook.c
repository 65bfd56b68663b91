#include "hook.h"

#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "check.h"
#include "date.h"
#include "lint.h"
#include "locked.h"
#include "pair.h"
#include "repo.h"
#include "rules.h"
#include "source.h"
#include "util.h"
#include "version.h"

#include "../banned.h"

/*
 * One set of rules: the configuration and schemas of a version, compiled
 * once however many versions they judge.
 */
struct rules {
	struct wl_oid id;          /* wl_repo_rules_id */
	struct wl_repo *repo;      /* NULL if they have errors */
	struct wl_diags errors;    /* then: the errors */
};

/* Rules kept compiled at once, the most recently used: a first push
 * whose every commit brings other schemas must not hold them all. */
#define RULES_KEPT 8

struct wl_hook {
	struct wl_git *git;
	struct wl_cache *cache;
	struct rules *rules[RULES_KEPT]; /* least recently used first */
	size_t rules_nr;
	/* The rules of the commit asked last: a push asks for one branch's
	 * rules once per commit. */
	struct wl_oid last_commit;
	struct rules *last_rules;
	int last_none, have_last;
	struct wl_hook_stats stats;
	int accepted;
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

void wl_hook_accept(struct wl_hook *h)
{
	h->accepted = 1;
}

static void rules_free(struct rules *r)
{
	wl_repo_free(r->repo);
	wl_diags_release(&r->errors);
	free(r);
}

void wl_hook_free(struct wl_hook *h)
{
	size_t i;

	if (!h)
		return;
	if (!h->accepted)
		wl_cache_discard(h->cache);
	wl_cache_free(h->cache);
	for (i = 0; i < h->rules_nr; i++)
		rules_free(h->rules[i]);
	free(h);
}

const struct wl_hook_stats *wl_hook_stats(const struct wl_hook *h)
{
	return &h->stats;
}

/* Makes rules `r` the most recently used, dropping the least when
 * there are too many; `i` is its place, or rules_nr for new rules. */
static void rules_use(struct wl_hook *h, size_t i, struct rules *r)
{
	if (i == h->rules_nr && h->rules_nr == RULES_KEPT) {
		if (h->have_last && h->last_rules == h->rules[0])
			h->have_last = 0;
		rules_free(h->rules[0]);
		i = 0;
	} else if (i == h->rules_nr) {
		h->rules_nr++;
	}
	memmove(h->rules + i, h->rules + i + 1,
		(h->rules_nr - 1 - i) * sizeof(*h->rules));
	h->rules[h->rules_nr - 1] = r;
}

/*
 * The rules `src` holds, compiled on first use. The repository of the
 * rules reads from `src` (taken over) until told otherwise. Returns 0
 * with *out set, 1 if `src` has no .worklog.yaml (then it is freed), -1
 * with *err set.
 */
static int rules_for(struct rules **out, struct wl_hook *h,
		     struct wl_source *src, char **err)
{
	struct rules *r;
	struct wl_oid id;
	size_t i;
	int ret = wl_repo_rules_id(&id, src, err);

	if (ret) {
		wl_source_free(src);
		return ret;
	}
	for (i = 0; i < h->rules_nr; i++) {
		if (wl_oid_cmp(&h->rules[i]->id, &id))
			continue;
		*out = h->rules[i];
		rules_use(h, i, *out);
		if ((*out)->repo)
			wl_repo_set_source((*out)->repo, src);
		else
			wl_source_free(src);
		return 0;
	}
	r = wl_xcalloc(1, sizeof(*r));
	r->id = id;
	h->stats.compiled++;
	if (wl_repo_open_source(&r->repo, src, &r->errors, err) < 0 &&
	    !r->errors.nr) {
		/* Not a finding of the rules: trouble reading them. */
		free(r);
		return -1;
	}
	free(*err);
	*err = NULL;
	rules_use(h, h->rules_nr, r);
	*out = r;
	return 0;
}

/* The rules of commit `id`, as rules_for; they read from its tree. */
static int rules_of_commit(struct rules **out, struct wl_hook *h,
			   const struct wl_oid *id, char **err)
{
	struct wl_source *src = NULL;
	int ret;

	if (h->have_last && !wl_oid_cmp(&h->last_commit, id)) {
		*out = h->last_rules;
		return h->last_none;
	}
	if (wl_source_open_commit(&src, h->git, id, err) < 0)
		return -1;
	ret = rules_for(out, h, src, err);
	if (ret >= 0) {
		h->have_last = 1;
		h->last_commit = *id;
		h->last_rules = ret ? NULL : *out;
		h->last_none = ret;
	}
	return ret;
}

/* A merge's other parent, and what it shares with the first. */
struct other {
	struct wl_source *tree;        /* the parent's tree */
	struct wl_source *base;        /* the merge base's, NULL if none */
};

/* What one judgement works with. */
struct judge {
	struct wl_hook *h;
	struct wl_version ver;         /* the version judged, by its rules */
	const struct wl_config *cfg;   /* the rules' configuration */
	struct wl_verdict *out;
	const struct wl_oid *tree;     /* its tree, or NULL for the index */
	const struct wl_oid *base;     /* the previous commit, or NULL */
	struct wl_commit base_commit;
	struct other *others;          /* a merge's other parents */
	size_t others_nr;
	long long now;
	int offset;
	int own;                       /* the rules are the version's own */
	struct wl_changes changes;     /* from the base to the version */
	/* The findings of this judgement, before the records' suppressions
	 * are applied: then they go to the verdict. */
	struct wl_diags diags;
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
	struct wl_lint_sups *sups;     /* each judged record's, in order */
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
	for (i = 0; r->sups && i < r->nr; i++)
		wl_sups_release(&r->sups[i].sups);
	free(r->sups);
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

/* Returns 1 if `src` (may be NULL) has exactly this version of path. */
static int has_version(struct wl_source *src, const char *path,
		       const struct wl_oid *oid)
{
	struct wl_oid o;

	return src && !wl_source_oid(src, path, &o) && !wl_oid_cmp(&o, oid);
}

/*
 * Returns 1 if a merge takes the record as it is from another parent,
 * which changed it in its own history since the merge base while the
 * first parent did not (`from` is the first parent's version, `to` the
 * merge's). Then the change was judged on the other side, step by step.
 * A version the first parent replaced since the merge base (a fake merge
 * with an old ancestor), or one from a history with no merge base (an
 * orphan), is not taken as it is: it is compared.
 */
static int taken_as_is(struct judge *j, const struct wl_pair_item *from,
		       const struct wl_pair_item *to)
{
	size_t i;

	for (i = 0; i < j->others_nr; i++)
		if (has_version(j->others[i].tree, to->path, &to->oid) &&
		    has_version(j->others[i].base, from->path, &from->oid))
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

	if (j->own && rules_changed(j)) {
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

/*
 * Judges the record in full by lint's rules of one commit (the
 * configuration's `hooks: rules`), keeping its suppressions in `sups`,
 * and places it.
 */
static int judge_one(struct judge *j, struct judged *r,
		     struct wl_lint_sups *sups, char **err)
{
	struct wl_lint_record rec = WL_LINT_RECORD_INIT;
	struct wl_lint_opts opts;

	memset(&opts, 0, sizeof(opts));
	opts.rules = &j->cfg->hooks.rules;
	/* The rules of today (overdue), when the hooks are told to judge
	 * them, judge by the date of the commit. */
	opts.today = wl_time_day(j->now, (long long)j->offset * 60);
	opts.now = j->now;
	if (wl_lint_read(&rec, j->ver.repo, r->path, &opts, &j->diags,
			 NULL, err) < 0) {
		wl_lint_record_release(&rec);
		return -1;
	}
	r->rec = rec.rec;
	r->type = rec.type;
	rec.rec = (struct wl_record)WL_RECORD_INIT;
	sups->path = r->path;
	sups->sups = rec.sups;
	rec.sups = (struct wl_sups)WL_SUPS_INIT;
	wl_lint_record_release(&rec);
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
	set.rules = &j->cfg->hooks.rules;
	set.cfg = j->cfg;
	set.changed = checked;
	set.nr = r->nr;
	set.removed = &r->removed;
	set.lookup = &lookup;
	ret = wl_rules_run_set(&j->diags, &set);
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

/* Returns 1 if the pair is judged against its previous version: not
 * one a merge takes as it is from another parent. */
static int compared(struct judge *j, struct compare *c,
		    const struct wl_record_pair *p)
{
	return p->kind != WL_PAIR_ADDED &&
	       (p->to == WL_PAIR_NONE ||
		!taken_as_is(j, &c->from[p->from], &c->to[p->to]));
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
	if (!j->base || !j->cfg->hooks.rules.severity[WL_RULE_LOCKED])
		return 0;
	q = wl_xcalloc(c->pairs.nr + 1, sizeof(*q));
	pair_of = wl_xcalloc(c->pairs.nr + 1, sizeof(*pair_of));
	for (i = 0; i < c->pairs.nr; i++) {
		const struct wl_record_pair *p = &c->pairs.v[i];

		if (!compared(j, c, p) ||
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
	c.rules = &j->cfg->hooks.rules;
	c.path = n ? n->path : o->change->path;
	c.type = n ? n->type : NULL;
	c.fm = n ? n->rec.doc.root : NULL;
	c.old_fm = old.doc.root;
	c.now = j->now;
	c.offset = j->offset;
	c.done_since = since->since;
	c.has_done_since = since->known;
	ret = wl_rules_run_change(&j->diags, &c);
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

		if (compared(j, &c, p) &&
		    compare_pair(j, &r->olds[p->from], pair_new(&c, r, p),
				 &c.q[i], err) < 0)
			goto done;
	}
	ret = 0;
done:
	compare_release(&c);
	return ret;
}

static int cmp_judged_path(const void *key, const void *elem)
{
	return strcmp(key, ((const struct judged *)elem)->path);
}

static int cmp_sups_path(const void *key, const void *elem)
{
	return strcmp(key, ((const struct wl_lint_sups *)elem)->path);
}

/* The suppressions of records the judgement did not read in full. */
struct unjudged {
	struct wl_lint_sups *v;        /* sorted by path, which they own */
	size_t nr, alloc;
};

static int keep_unsuppressed(const struct wl_diag *g, void *arg)
{
	struct unjudged *o = arg;
	struct wl_lint_sups *s = bsearch(g->path, o->v, o->nr, sizeof(*o->v),
					 cmp_sups_path);

	return !s || !wl_sups_filter(&s->sups, g);
}

/*
 * Findings on records of the version that the change does not touch (a
 * reference into a record it deleted) are hidden by those records' own
 * suppressions, as lint hides them. Their suppressions are not reported
 * as unused: their other rules were not judged.
 */
static int hide_in_others(struct records *r, struct judge *j, char **err)
{
	struct unjudged o = { NULL, 0, 0 };
	struct wl_lint_opts opts;
	struct wl_rules none;
	const char *last = NULL;
	struct wl_oid oid;
	size_t i;
	int ret = 0;

	/* Only the suppressions are wanted: no rule judges the record. */
	memset(&none, 0, sizeof(none));
	memset(&opts, 0, sizeof(opts));
	opts.rules = &none;
	wl_diags_sort(&j->diags);
	for (i = 0; i < j->diags.nr && !ret; i++) {
		const char *path = j->diags.v[i].path;
		struct wl_lint_record rec = WL_LINT_RECORD_INIT;
		struct wl_diags scratch = WL_DIAGS_INIT;

		if (last && !strcmp(last, path))
			continue;
		last = path;
		/* A change of deletions only judges no record in full. */
		if ((r->nr && bsearch(path, r->v, r->nr, sizeof(*r->v),
				      cmp_judged_path)) ||
		    !wl_config_is_record(j->cfg, path) ||
		    wl_source_oid(j->ver.repo->src, path, &oid) < 0)
			continue;
		ret = wl_lint_read(&rec, j->ver.repo, path, &opts, &scratch,
				   NULL, err);
		if (!ret && rec.sups.nr) {
			WL_ALLOC_GROW(o.v, o.nr + 1, o.alloc);
			o.v[o.nr].path = wl_xstrdup(path);
			o.v[o.nr++].sups = rec.sups;
			rec.sups = (struct wl_sups)WL_SUPS_INIT;
		}
		wl_lint_record_release(&rec);
		wl_diags_release(&scratch);
	}
	if (!ret && o.nr)
		wl_diags_filter(&j->diags, keep_unsuppressed, &o);
	for (i = 0; i < o.nr; i++) {
		free((char *)o.v[i].path);
		wl_sups_release(&o.v[i].sups);
	}
	free(o.v);
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
	r.sups = wl_xcalloc(r.nr + 1, sizeof(*r.sups));
	for (i = 0; i < r.nr; i++)
		if (judge_one(j, &r.v[i], &r.sups[i], err) < 0)
			goto done;
	if (read_olds(&r, j, err) < 0 || check_across(&r, j, err) < 0 ||
	    compare_changes(&r, j, err) < 0 || hide_in_others(&r, j, err) < 0)
		goto done;
	/* The records' suppressions, as lint applies them (the rules of
	 * a change, transition and locked, cannot be suppressed: the
	 * change could add the suppression). */
	wl_lint_settle(&j->diags, r.sups, r.nr, &j->cfg->hooks.rules);
	wl_diags_move(&j->out->diags, &j->diags);
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

/* Opens the trees of a merge's other parents, and of the merge base each
 * has with the first parent (`first`, NULL for none: no base). */
static int open_others(struct judge *j, const struct wl_oid *first,
		       const struct wl_oid *others, size_t nr, char **err)
{
	size_t i;

	j->others = wl_xcalloc(nr + 1, sizeof(*j->others));
	for (i = 0; i < nr; i++) {
		struct other *o = &j->others[j->others_nr];
		struct wl_oid base;
		int r = 1;

		if (wl_source_open_commit(&o->tree, j->h->git, &others[i], err) < 0)
			return -1;
		j->others_nr++;
		if (first)
			r = wl_git_merge_base(&base, j->h->git, first,
					      &others[i], err);
		if (r < 0 || (!r && wl_source_open_commit(&o->base, j->h->git,
							  &base, err) < 0))
			return -1;
	}
	return 0;
}

static void release_others(struct judge *j)
{
	size_t i;

	for (i = 0; i < j->others_nr; i++) {
		wl_source_free(j->others[i].tree);
		wl_source_free(j->others[i].base);
	}
	free(j->others);
}

/* A version to judge, and what against. */
struct version_in {
	struct wl_source *src;         /* its files, taken over */
	const struct wl_oid *tree;     /* its tree; NULL for the index */
	const struct wl_oid *base;     /* the commit before; NULL: none */
	const struct wl_oid *others;   /* a merge's other parents */
	size_t others_nr;
	long long now;                 /* the time of the judgement */
	int offset;
};

/* The verdict of rules with errors (in commit `in`, NULL for the
 * index): their errors, copied (a push may ask again before it stops). */
static void rules_failed(struct wl_verdict *out, const struct rules *r,
			 const struct wl_oid *in)
{
	size_t i;

	for (i = 0; i < r->errors.nr; i++) {
		const struct wl_diag *d = &r->errors.v[i];

		wl_diags_add(&out->diags, d->path, d->line, d->column,
			     d->severity, d->rule, "%s", d->message);
	}
	out->config_failed = 1;
	if (in)
		out->config_commit = *in;
}

/*
 * Judges version `in` by `rules` (own: the version's own), adding to
 * `out`. Returns 0, or -1 with *err set.
 */
static int judge(struct wl_verdict *out, struct wl_hook *h,
		 struct rules *rules, int own, struct version_in *in,
		 char **err)
{
	struct judge j;
	size_t checked = out->checked;
	int ret = -1;

	memset(&j, 0, sizeof(j));
	j.h = h;
	j.out = out;
	j.tree = in->tree;
	j.base = in->base;
	j.now = in->now;
	j.offset = in->offset;
	j.own = own;
	j.cfg = &rules->repo->cfg;
	wl_repo_set_source(rules->repo, in->src);
	h->stats.judged++;
	wl_version_init(&j.ver, rules->repo, h->cache);
	if ((in->base && wl_git_commit(&j.base_commit, h->git, in->base,
				       err) < 0) ||
	    open_others(&j, in->base, in->others, in->others_nr, err) < 0 ||
	    wl_source_diff(&j.changes, rules->repo->src,
			   in->base ? &j.base_commit.tree : NULL, err) < 0)
		goto done;
	ret = judge_records(&j, err);
	h->stats.checked += out->checked - checked;
done:
	release_others(&j);
	wl_diags_release(&j.diags);
	wl_commit_release(&j.base_commit);
	wl_changes_release(&j.changes);
	return ret;
}

/* Sorts the findings of the judgements made into `out`, once each. */
static void finish(struct wl_verdict *out)
{
	wl_diags_sort(&out->diags);
	wl_diags_unique(&out->diags);
	out->failed = count_failed(&out->diags);
}

/*
 * When a judgement fails with the cache file (a write failed, or the file
 * names what git no longer has), it is made again with a cache in memory:
 * the cache only ever makes it faster. Returns 1 to try again.
 */
static int retry_in_memory(struct wl_verdict *out, struct wl_hook *h,
			   char **err)
{
	if (!wl_cache_persistent(h->cache) && !wl_cache_broken(h->cache))
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
static int judge_push(struct wl_verdict *out, struct wl_hook *h,
		      const struct wl_push_job *job, long long now,
		      char **err);

int wl_hook_judge_index(struct wl_verdict *out, struct wl_hook *h,
			const struct wl_oids *merging, long long now,
			int offset, char **err)
{
	int r = judge_index(out, h, merging, now, offset, err);

	if (r < 0 && retry_in_memory(out, h, err))
		r = judge_index(out, h, merging, now, offset, err);
	return r;
}

int wl_hook_judge_push(struct wl_verdict *out, struct wl_hook *h,
		       const struct wl_push_job *job, long long now,
		       char **err)
{
	int r = judge_push(out, h, job, now, err);

	if (r < 0 && retry_in_memory(out, h, err))
		r = judge_push(out, h, job, now, err);
	return r;
}

static int judge_index(struct wl_verdict *out, struct wl_hook *h,
		       const struct wl_oids *merging, long long now,
		       int offset, char **err)
{
	struct version_in in = { NULL, NULL, NULL, NULL, 0, now, offset };
	struct wl_source *src = NULL;
	struct wl_oids merges = WL_OIDS_INIT;
	struct rules *rules = NULL;
	struct wl_oid head;
	size_t i;
	int r, ret = -1;

	*err = NULL;
	r = wl_git_head(&head, h->git, err);
	if (r < 0)
		return -1;
	if (wl_git_merge_heads(&merges, h->git, err) < 0)
		return -1;
	for (i = 0; merging && i < merging->nr; i++)
		wl_oids_add(&merges, &merging->v[i]);
	if (wl_source_open_index(&src, h->git, err) < 0)
		goto done;
	/* The index is judged by its own rules: they read from it. */
	ret = rules_for(&rules, h, src, err);
	if (ret) {
		out->skipped = ret > 0;
		ret = ret > 0 ? 0 : -1;
		goto done;
	}
	if (!rules->repo) {
		rules_failed(out, rules, NULL);
		goto done;
	}
	out->warn_only = rules->repo->cfg.hooks.warn_only;
	in.src = rules->repo->src;
	in.base = r ? NULL : &head;
	in.others = merges.v;
	in.others_nr = merges.nr;
	ret = judge(out, h, rules, 1, &in, err);
done:
	finish(out);
	wl_oids_release(&merges);
	return ret;
}

/* Opens the tree of commit `c` as the version `in` judges. */
static int open_version(struct version_in *in, struct wl_hook *h,
			const struct wl_commit *c, char **err)
{
	char hex[WL_OID_HEXSZ + 1];

	wl_oid_fmt(hex, &c->id);
	in->tree = &c->tree;
	return wl_source_open_tree(&in->src, h->git, &c->tree, hex, err);
}

/*
 * Judges every record of commit `c` by its own rules, comparing none: a
 * pushed tip whose rules are not the branch's. Returns 0, or -1 with
 * *err set.
 */
static int judge_own_rules(struct wl_verdict *out, struct wl_hook *h,
			   const struct wl_commit *c, long long now, char **err)
{
	struct version_in in = { NULL, NULL, NULL, NULL, 0, now, 0 };
	struct rules *rules = NULL;
	int r;

	if (open_version(&in, h, c, err) < 0)
		return -1;
	/* They read from the commit: rules_for takes the source over. */
	r = rules_for(&rules, h, in.src, err);
	if (r)
		return r > 0 ? 0 : -1;
	if (!rules->repo) {
		rules_failed(out, rules, &c->id);
		return 0;
	}
	out->skipped = 0;
	in.src = rules->repo->src;
	in.offset = (int)(wl_tz_offset(rules->repo->cfg.tz, now) / 60);
	return judge(out, h, rules, 1, &in, err);
}

/*
 * The judgements of a push's job, made into one verdict (a commit's
 * findings once each):
 *
 * - WL_PUSH_CHANGE: the commit against its first parent;
 * - WL_PUSH_REWIND: the new tip of a non-fast-forward against the tip it
 *   replaces, as a merge of the two would be: a record brought back to
 *   another version than the old tip's is compared with it, unless the
 *   old side had not changed it since the merge base (then the new
 *   commits changed it, and they are judged one by one);
 * - WL_PUSH_OWN_RULES: every record by the commit's own rules as well.
 *
 * The branch's rules say whether findings only warn.
 */
static int judge_push(struct wl_verdict *out, struct wl_hook *h,
		      const struct wl_push_job *job, long long now,
		      char **err)
{
	struct wl_commit c = WL_COMMIT_INIT;
	struct version_in in = { NULL, NULL, NULL, NULL, 0, now, 0 };
	struct rules *rules = NULL;
	int own = !wl_oid_cmp(&job->rules, &job->commit);
	int r, ret = -1;

	*err = NULL;
	if (wl_git_commit(&c, h->git, &job->commit, err) < 0)
		return -1;
	r = rules_of_commit(&rules, h, &job->rules, err);
	if (r < 0)
		goto done;
	ret = 0;
	out->skipped = r > 0;
	if (!r && !rules->repo) {
		rules_failed(out, rules, &job->rules);
		goto done;
	}
	if (!r) {
		out->warn_only = rules->repo->cfg.hooks.warn_only;
		/* Periods end in the zone of the rules (`timezone:`, else
		 * the server's), never in a pushed commit's. */
		in.offset = (int)(wl_tz_offset(rules->repo->cfg.tz, now) / 60);
	}
	if (!r && (job->what & WL_PUSH_CHANGE)) {
		in.base = c.parents_nr ? &c.parents[0] : NULL;
		in.others = c.parents_nr > 1 ? c.parents + 1 : NULL;
		in.others_nr = c.parents_nr > 1 ? c.parents_nr - 1 : 0;
		ret = open_version(&in, h, &c, err);
		if (!ret)
			ret = judge(out, h, rules, own, &in, err);
	}
	if (!r && !ret && (job->what & WL_PUSH_REWIND)) {
		in.base = &job->rewound;
		in.others = &job->commit;
		in.others_nr = 1;
		ret = open_version(&in, h, &c, err);
		if (!ret)
			ret = judge(out, h, rules, 0, &in, err);
	}
	if (!ret && (job->what & WL_PUSH_OWN_RULES))
		ret = judge_own_rules(out, h, &c, now, err);
done:
	finish(out);
	wl_commit_release(&c);
	return ret;
}
