/*
 * Lint's history rules (lint_history.h): stale, cadence, review and
 * locked, from one walk of the history by path and, for review and
 * locked, one first-parent walk over the few records they concern.
 */
#include "lint_history.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cadence.h"
#include "config.h"
#include "date.h"
#include "git.h"
#include "history.h"
#include "rectimes.h"

#include "../banned.h"

void wl_lint_hist_release(struct wl_lint_hist *h)
{
	free(h->v);
	wl_arena_release(&h->strings);
	memset(h, 0, sizeof(*h));
}

int wl_lint_hist_wanted(const struct wl_rules *rules)
{
	return rules->severity[WL_RULE_STALE] ||
	       rules->severity[WL_RULE_CADENCE] ||
	       rules->severity[WL_RULE_REVIEW] ||
	       rules->severity[WL_RULE_LOCKED];
}

static const char *keep_str(struct wl_lint_hist *h, const char *s, size_t n)
{
	return s ? wl_arena_strndup(&h->strings, s, n) : NULL;
}

static void note_field(struct wl_lint_hist *h, struct wl_lint_hist_field *f,
		       const struct wl_node *fm, const char *key)
{
	const struct wl_node *v = key ? wl_node_get(fm, key) : NULL;

	if (!v || v->kind != WL_NODE_STRING || !v->len)
		return;
	f->value = keep_str(h, v->str, v->len);
	f->line = v->line;
	f->column = v->column;
}

void wl_lint_hist_note(struct wl_lint_hist *h, const char *path,
		       const struct wl_record *r, const struct wl_type *type,
		       int judged)
{
	const struct wl_node *fm = r->doc.root;
	struct wl_lint_hist_rec *e;
	const char *owner;

	WL_ALLOC_GROW(h->v, h->nr + 1, h->alloc);
	e = &h->v[h->nr++];
	memset(e, 0, sizeof(*e));
	e->path = keep_str(h, path, strlen(path));
	e->judged = judged;
	if (!type || !fm || fm->kind != WL_NODE_MAP)
		return;
	e->type = type->name;
	owner = wl_node_get_str(fm, "owner");
	e->owner = owner ? keep_str(h, owner, strlen(owner)) : NULL;
	note_field(h, &e->state, fm, type->lifecycle.field);
	note_field(h, &e->period, fm, "period");
	note_field(h, &e->reviewed_by, fm, "reviewed_by");
	note_field(h, &e->reviewed, fm, "reviewed");
	e->state_class = wl_record_state(type, fm);
}

/* ---- what a run knows ------------------------------------------------ */

struct hist_run {
	struct wl_diags *out;
	struct wl_lint_hist *h;
	struct wl_repo *repo;
	const struct wl_rules *rules;
	long long today, now;
	int every;
	struct wl_history_at at;
	struct wl_rectimes times;
	int states;                 /* times has each commit's state (the
				       walk read the records) */
};

/* The record's commits, or NULL if it was never committed. */
static const struct wl_rectime *times_of(const struct hist_run *run,
					 const struct wl_lint_hist_rec *e)
{
	return wl_rectimes_get(&run->times, e->path);
}

/* The day of commit `c`, in its own zone. */
static void commit_day(char out[WL_DATE_MAX], const struct wl_rec_commit *c)
{
	wl_day_fmt(out, wl_time_day(c->time, 60LL * c->offset));
}

/* ---- stale ---------------------------------------------------------- */

static void check_stale(struct hist_run *run)
{
	const struct wl_duration *after = &run->rules->stale.after;
	int sev = run->rules->severity[WL_RULE_STALE];
	size_t i;

	for (i = 0; i < run->h->nr; i++) {
		const struct wl_lint_hist_rec *e = &run->h->v[i];
		const struct wl_rectime *t;
		const struct wl_rec_commit *last;
		char day[WL_DATE_MAX];

		if (!e->judged || e->state_class != WL_STATE_OPEN ||
		    !e->state.value || !(t = times_of(run, e)))
			continue;
		last = wl_rectime_last(&run->times, t);
		if (run->now - last->time <= after->secs)
			continue;
		commit_day(day, last);
		wl_diags_add(run->out, e->path, e->state.line, e->state.column,
			     sev, "stale",
			     "\"%s\" and unchanged in git for %lld days, since %s (stale after %s)",
			     e->state.value, (run->now - last->time) / 86400, day,
			     after->text);
	}
}

/* ---- cadence -------------------------------------------------------- */

static const char *every_word(enum wl_every e)
{
	switch (e) {
	case WL_EVERY_DAY: return "daily";
	case WL_EVERY_WEEK: return "weekly";
	case WL_EVERY_MONTH: return "monthly";
	case WL_EVERY_QUARTER: return "quarterly";
	}
	return "periodic";
}

/* Reports one period owed that was not met on time. */
static void cadence_finding(struct hist_run *run,
			    const struct wl_cadence_owed *w,
			    const struct wl_lint_hist_rec *e)
{
	const struct wl_cadence_require *q =
		&run->repo->cfg.rules.cadence.require[w->require];
	int sev = run->rules->severity[WL_RULE_CADENCE];
	char due[WL_DATE_MAX], day[WL_DATE_MAX];
	const char *what = every_word(q->every);

	wl_day_fmt(due, w->due);
	if (!e) {
		if (run->every)
			wl_diags_add(run->out, w->path, 1, 1, sev, "cadence",
				     "%s %s of %s for %s is missing (due %s)",
				     what, q->type, w->person, w->period_text,
				     due);
		return;
	}
	if (!e->judged)
		return;
	if (!w->record->first) {
		wl_diags_add(run->out, e->path, e->period.line,
			     e->period.column, sev, "cadence",
			     "%s %s of %s for %s is not committed, and its deadline %s has passed",
			     what, q->type, w->person, w->period_text, due);
		return;
	}
	commit_day(day, w->record->first);
	wl_diags_add(run->out, e->path, e->period.line, e->period.column, sev,
		     "cadence",
		     "%s %s of %s for %s was first committed %s, after its deadline %s",
		     what, q->type, w->person, w->period_text, day, due);
}

static int check_cadence(struct hist_run *run, char **err)
{
	struct wl_cadence_record *recs;
	struct wl_cadence c = WL_CADENCE_INIT;
	struct wl_cadence_input in;
	size_t i;

	memset(&in, 0, sizeof(in));
	if (wl_cadence_members((struct wl_cadence_member **)&in.members,
			       &in.start, run->repo, run->today, err) < 0)
		return -1;
	recs = wl_xcalloc(run->h->nr + 1, sizeof(*recs));
	for (i = 0; i < run->h->nr; i++) {
		const struct wl_lint_hist_rec *e = &run->h->v[i];
		const struct wl_rectime *t = times_of(run, e);

		recs[i].path = e->path;
		recs[i].type = e->type;
		recs[i].owner = e->owner;
		recs[i].period = e->period.value;
		recs[i].line = e->period.line;
		recs[i].column = e->period.column;
		recs[i].first = t ? wl_rectime_first(&run->times, t) : NULL;
	}
	in.repo = run->repo;
	in.records = recs;
	in.nr = run->h->nr;
	in.members_nr = run->repo->cfg.people_nr;
	in.today = run->today;
	in.now = run->now;
	wl_cadence_compute(&c, &in);
	for (i = 0; i < c.nr; i++) {
		const struct wl_cadence_owed *w = &c.v[i];

		if (w->status != WL_CADENCE_LATE &&
		    w->status != WL_CADENCE_MISSING)
			continue;
		cadence_finding(run, w,
				w->record ? &run->h->v[w->record - recs] : NULL);
	}
	wl_cadence_release(&c);
	free((void *)in.members);
	free(recs);
	return 0;
}

/* ---- following records back ----------------------------------------- */

/* A test of one version of a record: does it still count? */
typedef int (*keep_fn)(const struct wl_lint_hist_rec *e,
		       const struct wl_type *t, const struct wl_node *fm);

/* Does the version of `e` at `path` (a git path) in commit `id` pass
 * `keep`? Returns 1, 0 (no: or the path is not there, as after a
 * rename), or -1 with *err set. */
static int version_keeps(struct hist_run *run, const struct wl_lint_hist_rec *e,
			 const char *path, const struct wl_oid *id,
			 keep_fn keep, char **err)
{
	struct wl_commit c = WL_COMMIT_INIT;
	struct wl_git_snap *snap = NULL;
	struct wl_record r = WL_RECORD_INIT;
	struct wl_diags scratch = WL_DIAGS_INIT;
	const struct wl_type *t;
	struct wl_oid blob;
	char *buf;
	size_t len;
	int ret = -1, got;

	if (wl_git_commit(&c, run->at.git, id, err) < 0 ||
	    wl_git_snap_tree(&snap, run->at.git, &c.tree, err) < 0)
		goto done;
	ret = 0;
	if (wl_git_snap_find(snap, path, &blob) != 0)
		goto done;
	got = wl_git_read_blob(run->at.git, &blob,
			       wl_source_max_bytes(run->repo->src), &buf, &len,
			       err);
	if (got == WL_READ_TOO_BIG) {
		free(*err);
		*err = NULL;
		goto done;
	}
	if (got < 0) {
		ret = -1;
		goto done;
	}
	t = wl_repo_parse_record(run->repo, &r, e->path, buf, len, &scratch);
	ret = t && r.doc.root && r.doc.root->kind == WL_NODE_MAP &&
	      keep(e, t, r.doc.root);
done:
	wl_record_release(&r);
	wl_diags_release(&scratch);
	wl_git_snap_free(snap);
	wl_commit_release(&c);
	return ret;
}

/*
 * Since when the committed versions of `e` have passed `keep`: its own
 * commits (rectimes), from the latest back, until a version does not
 * (only those commits are read, never the whole history per record).
 * Returns 1 with *since the oldest commit of that run; 0 if the latest
 * committed version does not pass (or there is none); -1 with *err set.
 */
static int run_since(struct hist_run *run, const struct wl_lint_hist_rec *e,
		     keep_fn keep, const struct wl_rec_commit **since,
		     char **err)
{
	const struct wl_rectime *t = times_of(run, e);
	char *path;
	size_t j;
	int ret = 0;

	*since = NULL;
	if (!t)
		return 0;
	path = wl_xprintf("%s%s", run->at.prefix, e->path);
	for (j = t->nr; j-- > 0;) {
		const struct wl_rec_commit *c =
			&run->times.commits[t->commits[j]];
		int k = version_keeps(run, e, path, &c->id, keep, err);

		if (k < 0)
			ret = -1;
		if (k <= 0)
			break;
		*since = c;
		ret = 1;
	}
	free(path);
	return ret;
}

/* ---- review ---------------------------------------------------------- */

static int is_review_type(const struct wl_rules *rules, const char *type)
{
	size_t i;

	for (i = 0; type && i < rules->review.types_nr; i++)
		if (!strcmp(rules->review.types[i], type))
			return 1;
	return 0;
}

/* keep() of the review walk: reviewed_by as it is now. */
static int same_reviewer(const struct wl_lint_hist_rec *e,
			 const struct wl_type *t, const struct wl_node *fm)
{
	const char *v = wl_node_get_str(fm, "reviewed_by");

	return v && !strcmp(v, e->reviewed_by.value);
}

/* The last second of a review: the period's end plus `within`, in the
 * configuration's zone; and its day. */
static long long review_deadline(const struct hist_run *run,
				 const struct wl_period *p, long long *day)
{
	long long within = run->rules->review.within.secs;
	long long end = wl_tz_day_start(run->repo->cfg.tz, p->last + 1);

	*day = p->last + 1 + (within - 1) / 86400;
	return end + within - 1;
}

/* The reviewed_by of a record judged late or missing; returns 1 if it
 * needs its date from history. */
static int review_now(struct hist_run *run, const struct wl_lint_hist_rec *e,
		      const struct wl_period *p)
{
	const struct wl_person *who;
	int sev = run->rules->severity[WL_RULE_REVIEW];
	char due[WL_DATE_MAX];
	long long dday, rday;

	review_deadline(run, p, &dday);
	wl_day_fmt(due, dday);
	if (!e->reviewed_by.value) {
		wl_diags_add(run->out, e->path, e->period.line,
			     e->period.column, sev, "review",
			     "%s for %s has no reviewed_by; its review was due by %s",
			     e->type, e->period.value, due);
		return 0;
	}
	who = wl_config_person(&run->repo->cfg, e->reviewed_by.value);
	if (!who || !who->reviewer) {
		wl_diags_add(run->out, e->path, e->reviewed_by.line,
			     e->reviewed_by.column, sev, "review",
			     "reviewed_by: %s is not a reviewer of the roster",
			     e->reviewed_by.value);
		return 0;
	}
	if (!e->reviewed.value)
		return 1;
	if (wl_day_parse(&rday, e->reviewed.value, strlen(e->reviewed.value)))
		return 0;   /* the schema's to report */
	if (rday > dday)
		wl_diags_add(run->out, e->path, e->reviewed.line,
			     e->reviewed.column, sev, "review",
			     "reviewed %s, after its deadline %s",
			     e->reviewed.value, due);
	return 0;
}

/* Judges by history when record `e`'s reviewed_by, as it is now, was
 * committed: no later than the deadline of period `p`. */
static int review_dated(struct hist_run *run, const struct wl_lint_hist_rec *e,
			const struct wl_period *p, char **err)
{
	const struct wl_rec_commit *since;
	int sev = run->rules->severity[WL_RULE_REVIEW];
	char due[WL_DATE_MAX], day[WL_DATE_MAX];
	long long dday, local;
	int k = run_since(run, e, same_reviewer, &since, err);

	if (k < 0)
		return -1;
	review_deadline(run, p, &dday);
	wl_day_fmt(due, dday);
	if (!k) {
		wl_diags_add(run->out, e->path, e->reviewed_by.line,
			     e->reviewed_by.column, sev, "review",
			     "reviewed_by is not committed, and its deadline %s has passed",
			     due);
		return 0;
	}
	/* The deadline's second read in the commit's own zone, as cadence
	 * reads a first commit. */
	local = (p->last + 1) * 86400 + run->rules->review.within.secs - 1;
	if (since->time + 60LL * since->offset <= local)
		return 0;
	commit_day(day, since);
	wl_diags_add(run->out, e->path, e->reviewed_by.line,
		     e->reviewed_by.column, sev, "review",
		     "reviewed_by: %s was committed %s, after its deadline %s",
		     e->reviewed_by.value, day, due);
	return 0;
}

static int check_review(struct hist_run *run, char **err)
{
	size_t i;

	for (i = 0; i < run->h->nr; i++) {
		const struct wl_lint_hist_rec *e = &run->h->v[i];
		struct wl_period p;
		long long day;

		if (!e->judged || !is_review_type(run->rules, e->type) ||
		    !e->period.value ||
		    wl_period_parse(&p, e->period.value,
				    strlen(e->period.value)) ||
		    run->now <= review_deadline(run, &p, &day))
			continue;
		if (review_now(run, e, &p) && review_dated(run, e, &p, err) < 0)
			return -1;
	}
	return 0;
}

/* ---- locked ---------------------------------------------------------- */

/* keep() of the locked walk: is the version done? */
static int still_done(const struct wl_lint_hist_rec *e,
		      const struct wl_type *t, const struct wl_node *fm)
{
	return wl_record_state(t, fm) == WL_STATE_DONE;
}

/*
 * run_since(still_done) from the states the walk noted: the record's
 * commits at its path, from the latest back, while done. Reads nothing.
 */
static int done_since(const struct hist_run *run, const struct wl_rectime *t,
		      const struct wl_rec_commit **since)
{
	size_t j;

	*since = NULL;
	for (j = t->nr; j-- > t->here && t->states[j] == WL_STATE_DONE;)
		*since = &run->times.commits[t->commits[j]];
	return *since != NULL;
}

/*
 * Reports the commits that changed record `e` (commits `t`) after it
 * locked: `after` past the time it closed, `closed`, as `why` says.
 */
static void locked_finding(struct hist_run *run,
			   const struct wl_lint_hist_rec *e,
			   const struct wl_rectime *t, long long closed,
			   const char *why)
{
	const struct wl_duration *after = &run->rules->locked.after;
	const struct wl_rec_commit *first = NULL;
	struct wl_buf more = WL_BUF_INIT;
	char hex[WL_OID_HEXSZ + 1], day[WL_DATE_MAX], locked[WL_DATE_MAX];
	size_t k, later = 0;

	/* The first commit made the record: no change to a closed one. */
	for (k = 1; k < t->nr; k++) {
		const struct wl_rec_commit *c = &run->times.commits[t->commits[k]];

		if (c->time <= closed + after->secs)
			continue;
		if (first)
			later++;
		else
			first = c;
	}
	if (!first)
		return;
	wl_oid_fmt(hex, &first->id);
	commit_day(day, first);
	wl_day_fmt(locked, wl_tz_day(run->repo->cfg.tz, closed + after->secs));
	if (later)
		wl_buf_addf(&more, " and %zu later commit%s", later,
			    later == 1 ? "" : "s");
	wl_diags_add(run->out, e->path, 1, 1,
		     run->rules->severity[WL_RULE_LOCKED], "locked",
		     "changed by commit %.7s on %s%s, though locked since %s (%s; locked after %s)",
		     hex, day, wl_buf_cstr(&more), locked, why, after->text);
	wl_buf_release(&more);
}

static int check_locked(struct hist_run *run, char **err)
{
	long long after = run->rules->locked.after.secs;
	size_t i;

	for (i = 0; i < run->h->nr; i++) {
		const struct wl_lint_hist_rec *e = &run->h->v[i];
		const struct wl_rectime *t = times_of(run, e);
		const struct wl_rec_commit *since;
		char day[WL_DATE_MAX], *why;
		int k;

		/* A run of done versions starts at a commit of the record:
		 * none can be later than `after` past the first commit
		 * unless the last is. */
		if (!e->judged || e->state_class != WL_STATE_DONE || !t ||
		    wl_rectime_last(&run->times, t)->time -
				    wl_rectime_first(&run->times, t)->time <=
			    after)
			continue;
		k = run->states ? done_since(run, t, &since)
				: run_since(run, e, still_done, &since, err);
		if (k < 0)
			return -1;
		if (!k)
			continue;   /* done only in the working tree */
		commit_day(day, since);
		why = wl_xprintf("%s since %s", e->state.value, day);
		locked_finding(run, e, t, since->time, why);
		free(why);
	}
	/* A record past the end of its period, done or not. */
	for (i = 0; i < run->h->nr; i++) {
		const struct wl_lint_hist_rec *e = &run->h->v[i];
		const struct wl_rectime *t;
		struct wl_period p;
		char end[WL_DATE_MAX], *why;

		if (!e->judged || !e->period.value || !(t = times_of(run, e)) ||
		    wl_period_parse(&p, e->period.value,
				    strlen(e->period.value)))
			continue;
		wl_day_fmt(end, p.last);
		why = wl_xprintf("its period %s ended %s", e->period.value, end);
		locked_finding(run, e, t,
			       wl_tz_day_start(run->repo->cfg.tz, p.last + 1),
			       why);
		free(why);
	}
	return 0;
}

/* ---- transition, over every committed change ------------------------ */

/* A finding of the walk, or a rename (`message` NULL) that moves the
 * findings before it. */
struct trans_item {
	char *path, *to;
	char *message;
};

struct trans_walk {
	struct wl_repo *repo;
	struct trans_item *v;
	size_t nr, alloc;
};

static void trans_add(struct trans_walk *w, const char *path, char *to,
		      char *message)
{
	WL_ALLOC_GROW(w->v, w->nr + 1, w->alloc);
	w->v[w->nr].path = wl_xstrdup(path);
	w->v[w->nr].to = to;
	w->v[w->nr++].message = message;
}

static int trans_fn(const struct wl_hist_change *c, void *data)
{
	struct trans_walk *w = data;
	const struct wl_type *type;
	const struct wl_transitions *tr;
	const struct wl_transition *from;
	struct wl_buf list = WL_BUF_INIT;
	size_t k;

	if (c->kind == WL_HIST_RENAMED)
		trans_add(w, c->old_path, wl_xstrdup(c->path), NULL);
	if (c->kind != WL_HIST_CHANGED || !c->field || !c->old_value ||
	    !c->new_value || !c->type ||
	    !(type = wl_schema_set_type(w->repo->schemas, c->type)) ||
	    !(tr = wl_type_transitions(type, c->field)) ||
	    wl_transition_allowed(tr, c->old_value, c->new_value) != 0)
		return 0;
	from = wl_transitions_from(tr, c->old_value);
	for (k = 0; k < from->nr_to; k++)
		wl_buf_addf(&list, "%s%s", list.len ? ", " : "", from->to[k]);
	trans_add(w, c->path, NULL,
		  wl_xprintf("%s: \"%s\" changed to \"%s\" by commit %.7s on %.10s (allowed: %s)",
			     c->field, c->old_value, c->new_value, c->commit,
			     c->when, list.len ? list.buf : "none"));
	wl_buf_release(&list);
	return 0;
}

static int cmp_path(const void *key, const void *elem)
{
	return strcmp(key, *(char *const *)elem);
}

/* Reports each finding at the path its record has at the end of the
 * walk (the renames after it, followed in order) into `out` (NULL:
 * none, the walk failed), and frees them. */
static void trans_report(struct wl_diags *out, struct trans_walk *w, int sev,
			 const struct wl_pathlist *only)
{
	size_t i, k;

	for (i = 0; i < w->nr; i++) {
		const char *path = w->v[i].path;

		if (!out || !w->v[i].message)
			continue;
		for (k = i + 1; k < w->nr; k++)
			if (!w->v[k].message && !strcmp(w->v[k].path, path))
				path = w->v[k].to;
		if (!only || bsearch(path, only->v, only->nr,
				     sizeof(*only->v), cmp_path))
			wl_diags_add(out, path, 1, 1, sev, "transition", "%s",
				     w->v[i].message);
	}
	for (i = 0; i < w->nr; i++) {
		free(w->v[i].path);
		free(w->v[i].to);
		free(w->v[i].message);
	}
	free(w->v);
}

int wl_lint_hist_transitions(struct wl_diags *out, struct wl_repo *repo,
			     const char *range, int sev,
			     const struct wl_pathlist *only, char **err)
{
	struct wl_history_opts o = WL_HISTORY_OPTS_INIT;
	struct trans_walk w = { repo, NULL, 0, 0 };
	int ret;

	o.range = range;
	ret = wl_history_walk(NULL, NULL, repo, &o, trans_fn, &w, err);
	trans_report(ret < 0 ? NULL : out, &w, sev, only);
	return ret < 0 ? ret : 0;
}

/* ---- a run ------------------------------------------------------------ */

/* A walk that fills the record times and judges transitions at once. */
struct both_walk {
	struct wl_rectimes *times;
	struct trans_walk w;
};

static int both_fn(const struct wl_hist_change *c, void *data)
{
	struct both_walk *b = data;

	wl_rectimes_add(b->times, c);
	return trans_fn(c, &b->w);
}

/*
 * The record times of the whole history: by path alone, or, when
 * `trans` asks for transition over the same commits (no range), by the
 * one full walk that judges it too.
 */
static int walk_times(struct hist_run *run, struct wl_lint_hist_trans *trans,
		      char **err)
{
	struct wl_history_opts o = WL_HISTORY_OPTS_INIT;
	struct both_walk b = { &run->times, { run->repo, NULL, 0, 0 } };
	int ret;

	if (!trans || trans->range)
		return wl_rectimes_walk(&run->times, NULL, NULL, run->repo,
					err);
	ret = wl_history_walk(NULL, NULL, run->repo, &o, both_fn, &b, err);
	trans_report(ret < 0 ? NULL : run->out, &b.w, trans->sev, trans->only);
	trans->done = ret >= 0;
	run->states = ret >= 0;
	return ret < 0 ? -1 : 0;
}

int wl_lint_hist_check(struct wl_diags *out, struct wl_lint_hist *h,
		       struct wl_repo *repo, const struct wl_rules *rules,
		       long long today, long long now, int every,
		       struct wl_lint_hist_trans *trans, char **err)
{
	struct hist_run run;
	int ret;

	memset(&run, 0, sizeof(run));
	run.out = out;
	run.h = h;
	run.repo = repo;
	run.rules = rules;
	run.today = today;
	run.now = now;
	run.every = every;
	ret = wl_history_at_open(&run.at, repo, err);
	if (ret)
		goto done;
	if (run.at.has_tip && (ret = walk_times(&run, trans, err)) < 0)
		goto done;
	if (rules->severity[WL_RULE_STALE])
		check_stale(&run);
	if (rules->severity[WL_RULE_CADENCE] &&
	    (ret = check_cadence(&run, err)) < 0)
		goto done;
	if (rules->severity[WL_RULE_REVIEW] &&
	    (ret = check_review(&run, err)) < 0)
		goto done;
	if (rules->severity[WL_RULE_LOCKED])
		ret = check_locked(&run, err);
done:
	wl_rectimes_release(&run.times);
	wl_history_at_release(&run.at);
	return ret;
}
