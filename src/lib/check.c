#include "check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lint_rules.h"
#include "rules.h"
#include "util.h"

#include "../banned.h"

#define NONE SIZE_MAX

void wl_recset_reserve(struct wl_recset *set, size_t n)
{
	WL_ALLOC_GROW(set->v, set->nr + n, set->alloc);
}

struct wl_recset_entry *wl_recset_add(struct wl_recset *set, char *path,
				      const struct wl_oid *oid)
{
	struct wl_recset_entry *e;

	WL_ALLOC_GROW(set->v, set->nr + 1, set->alloc);
	e = &set->v[set->nr++];
	memset(e, 0, sizeof(*e));
	e->path = path;
	e->oid = *oid;
	e->next = NONE;
	return e;
}

static size_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return (size_t)(h ^ (h >> 29));
}

void wl_recset_index(struct wl_recset *set)
{
	size_t i, size = 16;

	while (size < set->nr * 2)
		size *= 2;
	free(set->heads);
	set->heads = wl_xmalloc(size * sizeof(*set->heads));
	for (i = 0; i < size; i++)
		set->heads[i] = NONE;
	set->mask = size - 1;
	/* Backwards, so that each chain lists records in set order. */
	for (i = set->nr; i-- > 0;) {
		struct wl_recset_entry *e = &set->v[i];
		size_t b;

		e->next = NONE;
		if (!e->facts.id)
			continue;
		b = hash_str(e->facts.id) & set->mask;
		e->next = set->heads[b];
		set->heads[b] = i;
	}
}

static const struct wl_recset_entry *chain(const struct wl_recset *set,
					   size_t i, const char *id)
{
	for (; i != NONE; i = set->v[i].next)
		if (!strcmp(set->v[i].facts.id, id))
			return &set->v[i];
	return NULL;
}

const struct wl_recset_entry *wl_recset_find(const struct wl_recset *set,
					     const char *id)
{
	if (!set->heads)
		return NULL;
	return chain(set, set->heads[hash_str(id) & set->mask], id);
}

const struct wl_recset_entry *wl_recset_next(const struct wl_recset *set,
					     const struct wl_recset_entry *e)
{
	return chain(set, e->next, e->facts.id);
}

void wl_recset_release(struct wl_recset *set)
{
	size_t i;

	for (i = 0; i < set->nr; i++) {
		free(set->v[i].path);
		wl_facts_release(&set->v[i].facts);
	}
	free(set->v);
	free(set->heads);
	memset(set, 0, sizeof(*set));
}

void wl_keys_add(struct wl_keys *k, const char *type, const char *id)
{
	WL_ALLOC_GROW(k->v, k->nr + 1, k->alloc);
	k->v[k->nr].type = wl_xstrdup(type);
	k->v[k->nr].id = wl_xstrdup(id);
	k->nr++;
}

void wl_keys_release(struct wl_keys *k)
{
	size_t i;

	for (i = 0; i < k->nr; i++) {
		free(k->v[i].type);
		free(k->v[i].id);
	}
	free(k->v);
	memset(k, 0, sizeof(*k));
}

static int set_ids(void *data, const char *id, wl_check_id_fn fn, void *arg)
{
	struct wl_recset *set = data;
	const struct wl_recset_entry *e;
	int r;

	for (e = wl_recset_find(set, id); e; e = wl_recset_next(set, e))
		if (e->facts.type && (r = fn(arg, e->path, e->facts.type)))
			return r;
	return 0;
}

static int set_refs(void *data, const char *type, const char *id,
		    wl_check_ref_fn fn, void *arg)
{
	struct wl_recset *set = data;
	size_t i, k;
	int r;

	for (i = 0; i < set->nr; i++) {
		struct wl_recset_entry *e = &set->v[i];

		if (!e->facts.type || wl_facts_complete(&e->facts) < 0)
			continue;
		for (k = 0; k < e->facts.nr; k++) {
			const struct wl_fact *f = &e->facts.v[k];

			if (f->ref_type && !strcmp(f->ref_type, type) &&
			    !strcmp(f->value, id) && (r = fn(arg, e->path, f)))
				return r;
		}
	}
	return 0;
}

void wl_recset_lookup(struct wl_check_lookup *out, struct wl_recset *set)
{
	out->ids = set_ids;
	out->refs = set_refs;
	out->data = set;
}

struct dup_data {
	const char *self;
	struct wl_buf others;
	size_t n;
};

static int add_dup(void *arg, const char *path, const char *type)
{
	struct dup_data *d = arg;

	if (!strcmp(path, d->self))
		return 0;
	if (d->n < 3)
		wl_buf_addf(&d->others, "%s%s", d->n ? ", " : "", path);
	d->n++;
	return 0;
}

static int duplicates(struct wl_diags *diags, const struct wl_check_record *r,
		      const struct wl_check_lookup *lookup, int sev)
{
	struct dup_data d = { r->path, WL_BUF_INIT, 0 };
	int ret = lookup->ids(lookup->data, r->facts->id, add_dup, &d);

	if (d.n > 3)
		wl_buf_addf(&d.others, " and %zu more", d.n - 3);
	if (!ret && d.n)
		wl_diags_add(diags, r->path, r->facts->id_line,
			     r->facts->id_column, sev, "duplicate-id",
			     "%s: \"%s\" is also the id of %s",
			     r->facts->id_field, r->facts->id,
			     wl_buf_cstr(&d.others));
	wl_buf_release(&d.others);
	return ret < 0 ? -1 : 0;
}

static int is_type(void *arg, const char *path, const char *type)
{
	return !strcmp(type, arg);
}

static void dangling(struct wl_diags *diags, const char *path,
		     const struct wl_fact *f, int sev)
{
	wl_diags_add(diags, path, f->line, f->column, sev, "dangling-ref",
		     "%s: \"%s\" is not the id of any %s record", f->field,
		     f->value, f->ref_type);
}

struct removed_data {
	struct wl_diags *diags;
	struct wl_check_record *changed;
	size_t nr;
	int sev;
};

static int cmp_record(const void *key, const void *elem)
{
	return strcmp(key, ((const struct wl_check_record *)elem)->path);
}

static int report_removed(void *arg, const char *path, const struct wl_fact *f)
{
	struct removed_data *d = arg;

	/* A changed record's references were checked with it. */
	if (!bsearch(path, d->changed, d->nr, sizeof(*d->changed), cmp_record))
		dangling(d->diags, path, f, d->sev);
	return 0;
}

int wl_check_duplicate_id(struct wl_diags *diags, const struct wl_rule_set *in,
			  int sev)
{
	size_t i;

	for (i = 0; i < in->nr; i++) {
		const struct wl_check_record *rec = &in->changed[i];

		if (rec->facts->type && rec->facts->id &&
		    duplicates(diags, rec, in->lookup, sev) < 0)
			return -1;
	}
	return 0;
}

int wl_check_dangling_ref(struct wl_diags *diags, const struct wl_rule_set *in,
			  int sev)
{
	struct removed_data rd = { diags, in->changed, in->nr, sev };
	const struct wl_check_lookup *lookup = in->lookup;
	size_t i, k;
	int r;

	for (i = 0; i < in->nr; i++) {
		struct wl_facts *facts = in->changed[i].facts;

		if (!facts->type || wl_facts_complete(facts) < 0)
			continue;
		for (k = 0; k < facts->nr; k++) {
			const struct wl_fact *f = &facts->v[k];

			if (!f->ref_type)
				continue;
			r = lookup->ids(lookup->data, f->value, is_type,
					(void *)f->ref_type);
			if (r < 0)
				return -1;
			if (!r)
				dangling(diags, in->changed[i].path, f, sev);
		}
	}
	for (i = 0; in->removed && i < in->removed->nr; i++)
		if (lookup->refs(lookup->data, in->removed->v[i].type,
				 in->removed->v[i].id, report_removed, &rd) < 0)
			return -1;
	return 0;
}

static void unknown_person(struct wl_diags *diags,
			   const struct wl_rule_set *in, const char *path,
			   const struct wl_fact *f, int sev)
{
	const char *hint = wl_lint_person_hint(in->cfg, f->value,
					       strlen(f->value));

	if (hint)
		wl_diags_add(diags, path, f->line, f->column, sev,
			     "unknown-person",
			     "%s: \"%s\" is not in the roster; did you mean \"%s\"?",
			     f->field, f->value, hint);
	else
		wl_diags_add(diags, path, f->line, f->column, sev,
			     "unknown-person", "%s: \"%s\" is not in the roster",
			     f->field, f->value);
}

int wl_check_unknown_person(struct wl_diags *diags,
			    const struct wl_rule_set *in, int sev)
{
	size_t i, k;

	if (!in->cfg->people_nr)
		return 0;
	for (i = 0; i < in->nr; i++) {
		struct wl_facts *facts = in->changed[i].facts;

		if (!facts->type || wl_facts_complete(facts) < 0)
			continue;
		for (k = 0; k < facts->nr; k++) {
			const struct wl_fact *f = &facts->v[k];

			if (!f->ref_type && !wl_config_person(in->cfg, f->value))
				unknown_person(diags, in, in->changed[i].path,
					       f, sev);
		}
	}
	return 0;
}
