/*
 * The rule engine's runs (lint.h): each record judged alone, then the
 * records together, then every record's suppressions and fixes.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "facts.h"
#include "lint.h"
#include "lint_history.h"
#include "schema.h"
#include "util.h"

#include "../banned.h"

void wl_lint_record_release(struct wl_lint_record *r)
{
	wl_record_release(&r->rec);
	wl_body_release(&r->body);
	wl_sups_release(&r->sups);
	wl_fixes_release(&r->fixes);
	r->type = NULL;
	r->has_body = 0;
}

/* Returns 1 if a rule that is on in `rules` needs `need`. */
static int needed(const struct wl_rules *rules, unsigned need)
{
	const struct wl_rule_def *d;

	for (d = wl_rule_defs; d->id; d++)
		if (rules->severity[d->rule] && (d->needs & need))
			return 1;
	return 0;
}

/* Returns 1 if a rule across records is on. */
static int across(const struct wl_rules *rules)
{
	const struct wl_rule_def *d;

	for (d = wl_rule_defs; d->id; d++)
		if (rules->severity[d->rule] && d->check_set)
			return 1;
	return 0;
}

/* Might the body hold a suppression comment? Cheaper than reading it:
 * most bodies have no '<' at all. */
static int may_suppress(const char *body, size_t len)
{
	const char *p = body, *end = body + len;

	while ((p = memchr(p, '<', (size_t)(end - p)))) {
		if (end - p >= 4 && !memcmp(p, "<!--", 4))
			return memmem(p, (size_t)(end - p), "worklog-", 8) !=
			       NULL;
		p++;
	}
	return 0;
}

int wl_lint_record(struct wl_lint_record *out, struct wl_repo *repo,
		   const char *path, char *buf, size_t len,
		   const struct wl_lint_opts *opts, struct wl_diags *diags,
		   struct wl_buf *facts)
{
	struct wl_record *r = &out->rec;
	struct wl_facts_writer fw;
	struct wl_rule_record in;
	int ret, marks = 0;

	out->type = wl_repo_parse_record(repo, r, path, buf, len, diags);
	/* The body is read when a rule needs it or a comment in it may
	 * suppress something; a file without a closed front matter has
	 * none. */
	if (r->fm.close_line &&
	    (needed(opts->rules, WL_RULE_NEEDS_BODY) ||
	     may_suppress(r->buf + r->fm.body, r->len - r->fm.body))) {
		wl_body_parse(&out->body, r->buf + r->fm.body,
			      r->len - r->fm.body, r->fm.body_line - 1);
		out->has_body = 1;
	}
	wl_sups_read(&out->sups, r, out->has_body ? &out->body : NULL, diags);
	memset(&in, 0, sizeof(in));
	in.rules = opts->rules;
	in.cfg = &repo->cfg;
	in.path = r->path;
	in.record = r;
	in.type = out->type;
	in.body = out->has_body ? &out->body : NULL;
	in.today = opts->today;
	in.fixes = (opts->flags & WL_LINT_FIX) ? &out->fixes : NULL;
	/* The marked values come from the schema rule's walk, which runs
	 * whenever there is a type (it cannot be turned off). */
	if (facts && wl_facts_begin(&fw, facts, out->type, r->doc.root,
				    WL_FACTS_NO_FRONT_MATTER) &&
	    opts->rules->severity[WL_RULE_SCHEMA]) {
		in.mark = wl_facts_mark;
		in.mark_data = &fw;
		marks = 1;
	}
	ret = wl_rules_run_record(diags, &in);
	if (facts && !marks && out->type && r->doc.root)
		wl_schema_marks(out->type->schema, r->doc.root, wl_facts_mark,
				&fw);
	if (facts)
		wl_facts_end(&fw);
	return ret;
}

/* ---- A run ---------------------------------------------------------- */

/* What a run keeps of each file it judges, once the record is read,
 * besides its suppressions (run->sups, in the same order). */
struct judged {
	const char *path;            /* borrowed from the path list */
	struct wl_fixes fixes;
	char *buf;                   /* kept while it has fixes */
	size_t len;
};

struct run {
	struct wl_lint *out;
	struct wl_repo *repo;
	const struct wl_lint_opts *opts;
	struct judged *v;
	struct wl_lint_sups *sups;
	size_t nr;
	int across;                  /* rules across records are on */
	int hist;                    /* history rules are on */
	struct wl_lint_hist notes;   /* what they need of each record */
	const struct wl_pathlist *paths;     /* judged */
	struct wl_recset set;
	struct wl_strlist texts;     /* the facts' text forms */
};

static void run_release(struct run *run)
{
	size_t i;

	for (i = 0; i < run->nr; i++) {
		wl_sups_release(&run->sups[i].sups);
		wl_fixes_release(&run->v[i].fixes);
		free(run->v[i].buf);
	}
	free(run->v);
	free(run->sups);
	wl_recset_release(&run->set);
	wl_strlist_release(&run->texts);
	wl_lint_hist_release(&run->notes);
}

/* Puts a record into the record set, with its facts (text, taken over). */
static struct wl_recset_entry *add_facts(struct run *run, const char *path,
					 struct wl_buf *text)
{
	static const struct wl_oid zero;
	struct wl_recset_entry *e;
	size_t len;
	char *kept = wl_buf_detach(text, &len);

	wl_strlist_take(&run->texts, kept);
	e = wl_recset_add(&run->set, wl_xstrdup(path), &zero);
	wl_facts_parse(&e->facts, kept, len);
	return e;
}

int wl_lint_read(struct wl_lint_record *out, struct wl_repo *repo,
		 const char *path, const struct wl_lint_opts *opts,
		 struct wl_diags *diags, struct wl_buf *facts, char **err)
{
	char *buf;
	size_t len;
	int ret = wl_source_read(repo->src, path, &buf, &len, err);

	if (ret == WL_READ_TOO_BIG) {
		/* A finding, as validate has it: nothing of the file is read,
		 * so no other rule judges it. */
		free(*err);
		*err = NULL;
		wl_record_too_big(&out->rec, path, len,
				  wl_source_max_bytes(repo->src), diags);
		return 0;
	}
	if (ret < 0)
		return -1;
	return wl_lint_record(out, repo, path, buf, len, opts, diags, facts);
}

/* Reads and judges one file of the run. */
static int judge(struct run *run, size_t i, struct wl_strlist *errors)
{
	struct wl_lint_record rec = WL_LINT_RECORD_INIT;
	struct wl_buf facts = WL_BUF_INIT;
	struct judged *j = &run->v[i];
	char *err = NULL;

	if (wl_lint_read(&rec, run->repo, j->path, run->opts,
			 &run->out->diags, run->across ? &facts : NULL,
			 &err) < 0) {
		wl_lint_record_release(&rec);
		wl_buf_release(&facts);
		wl_strlist_take(errors, err ? err :
				wl_xprintf("cannot judge '%s'", j->path));
		return -1;
	}
	run->out->records++;
	if (run->across && rec.type)
		add_facts(run, j->path, &facts)->changed = 1;
	if (run->hist)
		wl_lint_hist_note(&run->notes, j->path, &rec.rec, rec.type, 1);
	wl_buf_release(&facts);
	run->sups[i].path = j->path;
	run->sups[i].sups = rec.sups;
	rec.sups = (struct wl_sups)WL_SUPS_INIT;
	if (rec.fixes.nr) {
		j->fixes = rec.fixes;
		rec.fixes = (struct wl_fixes)WL_FIXES_INIT;
		j->buf = rec.rec.buf;
		j->len = rec.rec.len;
		rec.rec.buf = NULL;
	}
	wl_lint_record_release(&rec);
	return 0;
}

static int cmp_path(const void *key, const void *elem)
{
	return strcmp(key, *(char *const *)elem);
}

/*
 * The records of the version that the run does not judge: read only
 * for their facts, so that ids and references are checked against the
 * whole version. Their own findings are not the run's.
 */
static int read_others(struct run *run, const struct wl_pathlist *paths,
		       struct wl_strlist *errors)
{
	struct wl_git_entries all = WL_GIT_ENTRIES_INIT;
	const struct wl_config *cfg = &run->repo->cfg;
	char *err = NULL;
	size_t i;
	int ret = 0;

	if (wl_source_records(&all, run->repo->src, cfg->records,
			      cfg->records_nr, 0, &err) < 0) {
		wl_strlist_take(errors, err);
		return -1;
	}
	for (i = 0; i < all.nr; i++) {
		struct wl_record r = WL_RECORD_INIT;
		struct wl_diags scratch = WL_DIAGS_INIT;
		struct wl_buf text = WL_BUF_INIT;
		struct wl_facts_writer fw;
		const struct wl_type *t;
		char *buf;
		size_t len;
		int got;

		if (bsearch(all.v[i].path, paths->v, paths->nr,
			    sizeof(*paths->v), cmp_path))
			continue;
		got = wl_source_read(run->repo->src, all.v[i].path, &buf, &len,
				    &err);
		if (got == WL_READ_TOO_BIG) {
			/* Not judged here, and no record of the set. */
			free(err);
			continue;
		}
		if (got < 0) {
			wl_strlist_take(errors, err);
			ret = -1;
			continue;
		}
		t = wl_repo_parse_record(run->repo, &r, all.v[i].path, buf,
					 len, &scratch);
		if (run->hist)
			wl_lint_hist_note(&run->notes, all.v[i].path, &r, t, 0);
		if (!run->across)
			goto next;
		if (wl_facts_begin(&fw, &text, t, r.doc.root,
				   WL_FACTS_NO_FRONT_MATTER))
			wl_schema_marks(t->schema, r.doc.root, wl_facts_mark,
					&fw);
		wl_facts_end(&fw);
		add_facts(run, all.v[i].path, &text);
next:
		wl_record_release(&r);
		wl_diags_release(&scratch);
	}
	wl_git_entries_release(&all);
	return ret;
}

static int cmp_recset_path(const void *a, const void *b)
{
	return strcmp(((const struct wl_check_record *)a)->path,
		      ((const struct wl_check_record *)b)->path);
}

/* The rules across records, for the judged records. */
static int check_across(struct run *run)
{
	struct wl_check_record *changed;
	struct wl_check_lookup lookup;
	struct wl_rule_set in;
	size_t i, n = 0;
	int ret;

	wl_recset_index(&run->set);
	changed = wl_xcalloc(run->set.nr + 1, sizeof(*changed));
	for (i = 0; i < run->set.nr; i++) {
		if (!run->set.v[i].changed)
			continue;
		changed[n].path = run->set.v[i].path;
		changed[n++].facts = &run->set.v[i].facts;
	}
	qsort(changed, n, sizeof(*changed), cmp_recset_path);
	wl_recset_lookup(&lookup, &run->set);
	memset(&in, 0, sizeof(in));
	in.rules = run->opts->rules;
	in.cfg = &run->repo->cfg;
	in.changed = changed;
	in.nr = n;
	in.lookup = &lookup;
	ret = wl_rules_run_set(&run->out->diags, &in);
	free(changed);
	return ret;
}

/* The history rules, over every record noted (outside git, a note);
 * with WL_LINT_HISTORY, transition over every committed change. */
static int judge_history(struct run *run, struct wl_strlist *errors)
{
	const struct wl_lint_opts *o = run->opts;
	int every = !!(o->flags & WL_LINT_EVERY_RECORD);
	struct wl_lint_hist_trans trans = { o->range, 0, NULL, 0 };
	char *err = NULL;
	int ret = 0;

	if (o->flags & WL_LINT_HISTORY)
		trans.sev = o->rules->severity[WL_RULE_TRANSITION];
	trans.only = every ? NULL : run->paths;
	if (run->hist)
		ret = wl_lint_hist_check(&run->out->diags, &run->notes,
					 run->repo, o->rules, o->today, o->now,
					 every, trans.sev ? &trans : NULL, &err);
	if (ret == WL_GIT_NO_REPO) {
		free(err);
		err = NULL;
		ret = 0;
		wl_strlist_take(&run->out->notes,
				wl_xstrdup("not in a git repository: the rules stale, cadence, review and locked are skipped"));
	}
	if (!ret && trans.sev && !trans.done)
		ret = wl_lint_hist_transitions(&run->out->diags, run->repo,
					       o->range, trans.sev, trans.only,
					       &err);
	if (ret < 0) {
		wl_strlist_take(errors, err);
		return -1;
	}
	return 0;
}

/* Finds the suppressions of `path` in `v` (sorted by path); `*cur` is
 * the last found, as diagnostics come sorted. */
static struct wl_lint_sups *find_sups(struct wl_lint_sups *v, size_t nr,
				      struct wl_lint_sups **cur,
				      const char *path)
{
	size_t lo = 0, hi = nr;

	if (*cur && !strcmp((*cur)->path, path))
		return *cur;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(path, v[mid].path);

		if (!c)
			return *cur = &v[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

struct settle {
	struct wl_lint_sups *v, *cur;
	size_t nr;
};

static int keep_unsuppressed(const struct wl_diag *g, void *arg)
{
	struct settle *st = arg;
	struct wl_lint_sups *s = find_sups(st->v, st->nr, &st->cur, g->path);

	return !s || !wl_sups_filter(&s->sups, g);
}

/* A fixed finding: a fix applied at its place, for its rule. */
static int keep_unfixed(const struct wl_diag *g, void *arg)
{
	struct run *run = arg;
	struct wl_lint_sups *cur = NULL, *s;
	struct judged *j;
	size_t i;

	s = find_sups(run->sups, run->nr, &cur, g->path);
	j = s ? &run->v[s - run->sups] : NULL;

	for (i = 0; j && i < j->fixes.nr; i++) {
		struct wl_fix *f = &j->fixes.v[i];

		if (f->applied && f->line == g->line &&
		    f->column == g->column &&
		    !strcmp(wl_rule_def(f->rule)->id, g->rule)) {
			f->applied = 0;     /* one finding per fix */
			return 0;
		}
	}
	return 1;
}

/* Moves diagnostic `g` to the end of `to`. */
static void move_diag(struct wl_diags *to, struct wl_diag *g)
{
	WL_ALLOC_GROW(to->v, to->nr + 1, to->alloc);
	to->v[to->nr++] = *g;
	if (g->severity == WL_SEV_ERROR)
		to->errors++;
	else
		to->warnings++;
}

/* At most WL_MAX_RECORD_DIAGS findings per record, as validate has
 * always shown them: one broken record must not bury the others. */
static void cap(struct wl_diags *d)
{
	struct wl_diags kept = WL_DIAGS_INIT;
	size_t i = 0, k, n, over = 0;

	for (i = 0; i + WL_MAX_RECORD_DIAGS < d->nr && !over; i++)
		over = !strcmp(d->v[i].path,
			       d->v[i + WL_MAX_RECORD_DIAGS].path);
	if (!over)
		return;
	for (i = 0; i < d->nr; i += n) {
		for (n = 1; i + n < d->nr &&
			    !strcmp(d->v[i + n].path, d->v[i].path); n++)
			;
		for (k = 0; k < n; k++) {
			struct wl_diag *g = &d->v[i + k];

			if (k < WL_MAX_RECORD_DIAGS) {
				move_diag(&kept, g);
				continue;
			}
			free(g->path);
			free(g->message);
		}
		if (n > WL_MAX_RECORD_DIAGS)
			wl_diags_add(&kept, kept.v[kept.nr - 1].path, 1, 1,
				     WL_SEV_ERROR, "schema",
				     "%zu more problems in this record are not shown",
				     n - WL_MAX_RECORD_DIAGS);
	}
	free(d->v);
	*d = kept;
}

/* The fixes of one file that no suppression hides, applied. */
static void fix_file(struct run *run, struct judged *j, struct wl_sups *sups)
{
	struct wl_fixes use = WL_FIXES_INIT;
	struct wl_lint *out = run->out;
	struct wl_lint_fixed *f;
	char *fixed;
	size_t i, len, n;

	for (i = 0; i < j->fixes.nr; i++) {
		struct wl_fix *x = &j->fixes.v[i];

		if (wl_sups_match(sups, x->rule, x->line))
			continue;
		wl_fixes_add(&use, x->kind, x->rule, x->line, x->column,
			     x->off, x->len, x->text);
	}
	n = wl_fix_apply(&fixed, &len, j->buf, j->len, &use);
	wl_fixes_release(&j->fixes);
	j->fixes = use;
	if (!n || (len == j->len && !memcmp(fixed, j->buf, len))) {
		free(fixed);
		return;
	}
	WL_ALLOC_GROW(out->fixed, out->fixed_nr + 1, out->fixed_alloc);
	f = &out->fixed[out->fixed_nr++];
	f->path = wl_xstrdup(j->path);
	f->old = j->buf;
	f->old_len = j->len;
	f->new = fixed;
	f->new_len = len;
	f->findings = n;
	j->buf = NULL;
}

void wl_lint_settle(struct wl_diags *d, struct wl_lint_sups *v, size_t nr,
		    const struct wl_rules *rules)
{
	struct settle st = { v, NULL, nr };
	size_t i;

	wl_diags_sort(d);
	wl_diags_filter(d, keep_unsuppressed, &st);
	for (i = 0; i < nr; i++)
		if (v[i].sups.nr)
			wl_sups_report(&v[i].sups, rules, v[i].path, d);
	wl_diags_sort(d);
	cap(d);
}

/* Suppressions, the per-record cap and the fixes, over every finding. */
static void finish(struct run *run)
{
	size_t i;

	wl_lint_settle(&run->out->diags, run->sups, run->nr, run->opts->rules);
	if (!(run->opts->flags & WL_LINT_FIX))
		return;
	for (i = 0; i < run->nr; i++)
		if (run->v[i].fixes.nr)
			fix_file(run, &run->v[i], &run->sups[i].sups);
	wl_diags_filter(&run->out->diags, keep_unfixed, run);
}

int wl_lint_run(struct wl_lint *out, struct wl_repo *repo,
		const struct wl_pathlist *paths,
		const struct wl_lint_opts *opts, struct wl_strlist *errors)
{
	struct run run;
	size_t i;
	int ret = 0;

	memset(&run, 0, sizeof(run));
	run.out = out;
	run.repo = repo;
	run.opts = opts;
	run.across = across(opts->rules);
	run.hist = wl_lint_hist_wanted(opts->rules);
	run.paths = paths;
	run.v = wl_xcalloc(paths->nr + 1, sizeof(*run.v));
	run.sups = wl_xcalloc(paths->nr + 1, sizeof(*run.sups));
	run.nr = paths->nr;
	if (run.across)
		wl_recset_reserve(&run.set, paths->nr);
	for (i = 0; i < paths->nr; i++) {
		run.v[i].path = run.sups[i].path = paths->v[i];
		if (judge(&run, i, errors) < 0)
			ret = -1;
	}
	if ((run.across || run.hist) &&
	    !(opts->flags & WL_LINT_EVERY_RECORD) &&
	    read_others(&run, paths, errors) < 0)
		ret = -1;
	if (run.across) {
		if (check_across(&run) < 0) {
			wl_strlist_take(errors,
					wl_xstrdup("cannot check the records against each other"));
			ret = -1;
		}
	}
	if ((run.hist || (opts->flags & WL_LINT_HISTORY)) &&
	    judge_history(&run, errors) < 0)
		ret = -1;
	finish(&run);
	run_release(&run);
	return ret;
}

void wl_lint_release(struct wl_lint *l)
{
	size_t i;

	wl_diags_release(&l->diags);
	wl_strlist_release(&l->notes);
	for (i = 0; i < l->fixed_nr; i++) {
		free(l->fixed[i].path);
		free(l->fixed[i].old);
		free(l->fixed[i].new);
	}
	free(l->fixed);
	memset(l, 0, sizeof(*l));
}
