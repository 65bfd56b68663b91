/*
 * New records checked before they are written (template.h): as the
 * files they will be, and against every record of the working tree.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "facts.h"
#include "lint.h"
#include "rules.h"
#include "template.h"

#include "../banned.h"

struct check {
	struct wl_repo *repo;
	struct wl_rules rules;         /* lint's, but for today's date */
	struct wl_recset set;
	struct wl_strlist texts;       /* the facts' text forms */
	size_t existing_nr;            /* set.v[0 .. existing_nr - 1] */
};

/* Adds the facts `text` (taken over) of the record at `path`. */
static struct wl_recset_entry *add_facts(struct check *c, const char *path,
					 struct wl_buf *text)
{
	static const struct wl_oid zero;
	struct wl_recset_entry *e;
	size_t len;
	char *kept = wl_buf_detach(text, &len);

	wl_strlist_take(&c->texts, kept);
	e = wl_recset_add(&c->set, wl_xstrdup(path), &zero);
	if (!wl_facts_parse(&e->facts, kept, len))
		wl_facts_complete(&e->facts);
	return e;
}

/* A record of the working tree (`buf` taken over): only its facts. */
static void add_record(struct check *c, const char *path, char *buf,
		       size_t len)
{
	struct wl_record r = WL_RECORD_INIT;
	struct wl_diags scratch = WL_DIAGS_INIT;
	struct wl_buf facts = WL_BUF_INIT;
	const struct wl_type *t;

	t = wl_repo_parse_record(c->repo, &r, path, buf, len, &scratch);
	wl_facts_write(&facts, t, r.doc.root);
	add_facts(c, path, &facts);
	wl_record_release(&r);
	wl_diags_release(&scratch);
}

/*
 * A draft, judged alone as `worklog lint` would judge the file it will
 * be (the rules of one record and its body); its facts join the set.
 */
static struct wl_recset_entry *add_draft(struct check *c,
					 const struct wl_draft *d,
					 struct wl_diags *diags)
{
	struct wl_lint_record rec = WL_LINT_RECORD_INIT;
	struct wl_lint_opts opts = { .rules = &c->rules };
	struct wl_buf facts = WL_BUF_INIT;
	struct wl_recset_entry *e;

	wl_lint_record(&rec, c->repo, d->path, wl_xstrndup(d->text, d->len),
		       d->len, &opts, diags, &facts);
	e = add_facts(c, d->path, &facts);
	wl_lint_record_release(&rec);
	return e;
}

/* Every record of the working tree; those that cannot be read are
 * validate's to report, not ours. */
static int load_records(struct check *c, char **err)
{
	struct wl_pathlist files = WL_PATHLIST_INIT;
	size_t i;

	if (wl_repo_select(c->repo, c->repo->root, NULL, 0, &files, err) < 0)
		return -1;
	for (i = 0; i < files.nr; i++) {
		char *buf, *why = NULL;
		size_t len;

		if (wl_source_read(c->repo->src, files.v[i], &buf, &len,
				   &why) < 0) {
			free(why);
			continue;
		}
		add_record(c, files.v[i], buf, len);
	}
	c->existing_nr = c->set.nr;
	wl_pathlist_release(&files);
	return 0;
}

/* The x-person value of `field` among the facts, or NULL. */
static const char *person_fact(const struct wl_facts *f, const char *field)
{
	size_t i;

	for (i = 0; i < f->nr; i++)
		if (!f->v[i].ref_type && !strcmp(f->v[i].field, field))
			return f->v[i].value;
	return NULL;
}

/* The existing record a draft repeats: same type, owner and period. */
static const char *repeated(const struct check *c, const struct wl_draft *d,
			    const struct wl_facts *df)
{
	const char *owner = person_fact(df, "owner");
	size_t i;

	if (d->type->id_field || !df->type || !df->period.value || !owner)
		return NULL;
	for (i = 0; i < c->existing_nr; i++) {
		const struct wl_facts *f = &c->set.v[i].facts;
		const char *o;

		if (!f->type || strcmp(f->type, df->type) || !f->period.value ||
		    strcmp(f->period.value, df->period.value))
			continue;
		o = person_fact(f, "owner");
		if (o && !strcmp(o, owner))
			return c->set.v[i].path;
	}
	return NULL;
}

static int path_exists(const struct wl_repo *repo, const char *path)
{
	char *abs = wl_xprintf("%s/%s", repo->root, path);
	struct stat st;
	int r = lstat(abs, &st) == 0 || errno != ENOENT;

	free(abs);
	return r;
}

static int cmp_check_record(const void *a, const void *b)
{
	const struct wl_check_record *x = a, *y = b;

	return strcmp(x->path, y->path);
}

/* Ids, references and people of the drafts, across the working tree. */
static int check_across(struct check *c, const size_t *idx, size_t nr,
			struct wl_diags *diags)
{
	struct wl_check_record *changed = wl_xcalloc(nr + 1, sizeof(*changed));
	struct wl_keys removed = WL_KEYS_INIT;
	struct wl_check_lookup lookup;
	struct wl_rule_set in;
	size_t i;
	int ret;

	wl_recset_index(&c->set);
	for (i = 0; i < nr; i++) {
		changed[i].path = c->set.v[idx[i]].path;
		changed[i].facts = &c->set.v[idx[i]].facts;
	}
	qsort(changed, nr, sizeof(*changed), cmp_check_record);
	wl_recset_lookup(&lookup, &c->set);
	in.rules = &c->rules;
	in.cfg = &c->repo->cfg;
	in.changed = changed;
	in.nr = nr;
	in.removed = &removed;
	in.lookup = &lookup;
	ret = wl_rules_run_set(diags, &in);
	free(changed);
	return ret;
}

int wl_drafts_taken(const struct wl_diags *diags, const char *path)
{
	size_t i;

	for (i = 0; i < diags->nr; i++)
		if ((!path || !strcmp(diags->v[i].path, path)) &&
		    (!strcmp(diags->v[i].rule, "exists") ||
		     !strcmp(diags->v[i].rule, "duplicate-id")))
			return 1;
	return 0;
}

struct by_path {
	const char *path;
	size_t i;
};

static int cmp_by_path(const void *a, const void *b)
{
	const struct by_path *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	return c ? c : (x->i > y->i) - (x->i < y->i);
}

size_t *wl_drafts_by_path(struct wl_draft *const *drafts, size_t nr)
{
	struct by_path *tmp = wl_xcalloc(nr + 1, sizeof(*tmp));
	size_t *idx = wl_xcalloc(nr + 1, sizeof(*idx)), i;

	for (i = 0; i < nr; i++) {
		tmp[i].path = drafts[i]->path;
		tmp[i].i = i;
	}
	qsort(tmp, nr, sizeof(*tmp), cmp_by_path);
	for (i = 0; i < nr; i++)
		idx[i] = tmp[i].i;
	free(tmp);
	return idx;
}

/*
 * Marks in `twice` (of nr) one draft of each path that several drafts
 * share, the second in their order: its finding is told to them all.
 */
static void mark_shared(struct wl_draft *const *drafts, size_t nr,
			char *twice)
{
	size_t *by = wl_drafts_by_path(drafts, nr), i;

	for (i = 1; i < nr; i++)
		if (!strcmp(drafts[by[i]]->path, drafts[by[i - 1]]->path) &&
		    (i < 2 || strcmp(drafts[by[i]]->path,
				     drafts[by[i - 2]]->path)))
			twice[by[i]] = 1;
	free(by);
}

int wl_drafts_check(struct wl_repo *repo, struct wl_draft *const *drafts,
		    size_t nr, char **existing, struct wl_diags *diags,
		    char **err)
{
	struct check c;
	size_t *idx = wl_xcalloc(nr + 1, sizeof(*idx)), n = 0, i;
	char *twice = wl_xcalloc(nr + 1, 1);
	int ret = -1;

	*err = NULL;
	memset(&c, 0, sizeof(c));
	c.repo = repo;
	/* What lint judges, but what depends on today: a finding there may
	 * come with no change to the record, so it is no reason to refuse
	 * one. */
	wl_rules_select(&c.rules, &repo->cfg.rules,
			WL_RULE_NEEDS_RECORD | WL_RULE_NEEDS_BODY |
				WL_RULE_NEEDS_ALL | WL_RULE_NEEDS_TEXT,
			0);
	if (load_records(&c, err) < 0)
		goto done;
	mark_shared(drafts, nr, twice);
	for (i = 0; i < nr; i++) {
		const struct wl_draft *d = drafts[i];
		const struct wl_recset_entry *e;
		struct wl_diags mine = WL_DIAGS_INIT;
		const char *rep;

		if (existing)
			existing[i] = NULL;
		e = add_draft(&c, d, &mine);
		rep = repeated(&c, d, &e->facts);
		if (rep && existing) {
			existing[i] = wl_xstrdup(rep);
			wl_diags_release(&mine);
			continue;
		}
		if (rep)
			wl_diags_add(&mine, d->path, 1, 1, WL_SEV_ERROR,
				     "exists", "%s has %s's %s for %s already",
				     rep, person_fact(&e->facts, "owner"),
				     d->type->name, e->facts.period.value);
		else if (path_exists(repo, d->path))
			wl_diags_add(&mine, d->path, 1, 1, WL_SEV_ERROR,
				     "exists", "'%s' exists already; new records never overwrite a file",
				     d->path);
		if (twice[i] && !rep)
			wl_diags_add(&mine, d->path, 1, 1, WL_SEV_ERROR,
				     "exists", "two new records would be '%s'",
				     d->path);
		wl_diags_move(diags, &mine);
		wl_diags_release(&mine);
		idx[n++] = c.set.nr - 1;
	}
	if (check_across(&c, idx, n, diags) < 0) {
		*err = wl_xstrdup("cannot check the new records against the others");
		goto done;
	}
	wl_diags_sort(diags);
	ret = 0;
done:
	free(idx);
	free(twice);
	wl_recset_release(&c.set);
	wl_strlist_release(&c.texts);
	return ret;
}
