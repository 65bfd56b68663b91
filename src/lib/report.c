/*
 * Building a report: the period and "now", the store with the records
 * and their history, the selection, then each section. See report.h;
 * the sections are in report_work.c and report_records.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "history.h"
#include "lint_rules.h"
#include "report.h"
#include "report_impl.h"
#include "source.h"

#include "../banned.h"

void wl_report_free(struct wl_report *r)
{
	if (!r)
		return;
	wl_arena_release(&r->arena);
	free(r);
}

static int fail(struct rctx *c, char *msg)
{
	if (!*c->err)
		*c->err = msg;
	else
		free(msg);
	return -1;
}

/*
 * An owner off the roster would give an empty report that reads as an
 * idle person: a mistyped id is an error. A repository without a
 * roster names people freely, so there any owner goes.
 */
static int check_owner(struct rctx *c)
{
	const struct wl_config *cfg = &c->repo->cfg;
	const char *hint;

	if (!c->owner || !cfg->people_nr || wl_config_person(cfg, c->owner))
		return 0;
	hint = wl_lint_person_hint(cfg, c->owner, strlen(c->owner));
	if (hint)
		return fail(c, wl_xprintf("no person '%s' on the roster of %s; did you mean '%s'?",
					  c->owner, cfg->path, hint));
	return fail(c, wl_xprintf("no person '%s' on the roster of %s",
				  c->owner, cfg->path));
}

/*
 * The projects the selection can find (set_selection): the ids of the
 * project records and the `project` values of the records. Any other
 * --project selects nothing, which is a mistake, not a quiet period.
 */
static int check_project(struct rctx *c)
{
	static const char sql[] =
		"SELECT id FROM records WHERE type = 'project' AND id IS NOT NULL"
		" UNION SELECT project FROM records WHERE project IS NOT NULL";
	struct wl_table t = WL_TABLE_INIT;
	const char **ids = NULL;
	const char *hint;
	char *err = NULL;
	size_t i;
	int ret = -1;

	if (!c->project)
		return 0;
	if (wl_store_query(c->store, sql, &t, &err) < 0)
		return fail(c, err);
	ids = wl_xcalloc(t.nrows + 1, sizeof(*ids));
	for (i = 0; i < t.nrows; i++) {
		ids[i] = report_cell(&t, i, 0);
		if (!strcmp(ids[i], c->project))
			break;
	}
	if (i < t.nrows) {
		ret = 0;
		goto done;
	}
	hint = wl_did_you_mean(c->project, strlen(c->project), ids, t.nrows);
	if (hint)
		fail(c, wl_xprintf("no project '%s' in the records; did you mean '%s'?",
				   c->project, hint));
	else
		fail(c, wl_xprintf("no project '%s' in the records",
				   c->project));
done:
	free(ids);
	wl_table_release(&t);
	return ret;
}

/* The period, the previous one, and "now". */
static int set_period(struct rctx *c)
{
	const struct wl_report_opts *o = c->opts;
	long long now;
	char want[WL_DATE_MAX];

	if (wl_today(&c->today, c->tz, o->today) < 0)
		return fail(c, wl_xprintf("--today takes a date, YYYY-MM-DD, not '%s'",
					  o->today));
	if (o->period) {
		if (wl_period_parse(&c->period, o->period, strlen(o->period)) < 0 ||
		    c->period.kind != o->kind) {
			wl_period_of(&c->period, o->kind, c->today);
			wl_period_fmt(want, &c->period);
			return fail(c, wl_xprintf("'%s' is not a %s (like %s)",
						  o->period,
						  wl_period_kind_name(o->kind),
						  want));
		}
	} else {
		wl_period_of(&c->period, o->kind, c->today);
	}
	c->prev = c->period;
	wl_period_prev(&c->prev);
	c->start = wl_tz_day_start(c->tz, c->period.first);
	c->end = wl_tz_day_start(c->tz, c->period.last + 1);
	c->prev_start = wl_tz_day_start(c->tz, c->prev.first);
	c->prev_end = c->start;
	/* With --today the run is as of the end of that day, so that it
	 * gives the same report whenever it runs. */
	now = o->today ? wl_tz_day_start(c->tz, c->today + 1)
		       : (long long)time(NULL) + 1;
	if (now >= c->end) {
		c->at = c->end;
		c->at_day = c->period.last + 1;
	} else {
		c->at = now;
		c->at_day = c->today;
	}
	return 0;
}

static void param(struct rctx *c, const char *name, const char *text)
{
	struct wl_store_param *p = &c->params[c->nparams++];

	p->name = name;
	p->type = text ? WL_STORE_PARAM_TEXT : WL_STORE_PARAM_NULL;
	p->text = text;
}

static void param_int(struct rctx *c, const char *name, long long i)
{
	struct wl_store_param *p = &c->params[c->nparams++];

	p->name = name;
	p->type = WL_STORE_PARAM_INT;
	p->i = i;
}

/*
 * The parameters every query of the report may name (docs/report.md):
 * the period's days and times, the previous period's, "now", the
 * filters. The texts live in `days` (static for the report's life).
 */
static void set_params(struct rctx *c, char days[6][WL_DATE_MAX])
{
	wl_period_fmt(days[0], &c->period);
	wl_day_fmt(days[1], c->period.first);
	wl_day_fmt(days[2], c->period.last);
	wl_period_fmt(days[3], &c->prev);
	wl_day_fmt(days[4], c->prev.first);
	wl_day_fmt(days[5], c->at_day);
	param(c, ":period", days[0]);
	param(c, ":from", days[1]);
	param(c, ":to", days[2]);
	param(c, ":prev_period", days[3]);
	param(c, ":prev_from", days[4]);
	param(c, ":today", days[5]);
	param_int(c, ":start", c->start);
	param_int(c, ":end", c->end);
	param_int(c, ":prev_start", c->prev_start);
	param_int(c, ":at", c->at);
	param(c, ":owner", c->owner);
	param(c, ":project", c->project);
}

/*
 * The selection: records of the project (the project itself, and
 * records whose `project` is it), of the owner (a meeting counts for
 * its attendees too), and for which the saved report's `where` holds.
 */
static void set_selection(struct rctx *c)
{
	static const char owner[] =
		" AND (:owner IS NULL OR owner = :owner OR (type = 'meeting'"
		" AND json_type(fm, '$.attendees') = 'array' AND EXISTS (SELECT 1"
		" FROM json_each(fm, '$.attendees') WHERE value = :owner)))";
	static const char project[] =
		" AND (:project IS NULL OR project = :project"
		" OR (type = 'project' AND id = :project))";
	const char *where = c->where ? c->where : "1";

	c->with_sel = wl_xprintf("WITH sel AS (SELECT * FROM records WHERE (%s\n)%s%s) ",
				 where, owner, project);
	c->with_sel_all = wl_xprintf("WITH sel AS (SELECT * FROM records WHERE (%s\n)%s) ",
				     where, project);
}

int report_query(struct rctx *c, struct wl_table *out, int all,
		 const char *sql)
{
	char *full = wl_xprintf("%s%s", all ? c->with_sel_all : c->with_sel,
				sql);
	char *err = NULL;
	int r = wl_store_query_params(c->store, full, c->params, c->nparams,
				      out, &err);

	free(full);
	if (!r)
		return 0;
	/* The SQL is the report's own; only a saved report's `where`
	 * can break it. */
	if (c->where && c->opts->saved && c->opts->saved->where_node)
		return fail(c, wl_xprintf("%s:%d:%d: the where of saved report '%s': %s",
					  c->repo->cfg.path,
					  c->opts->saved->where_node->line,
					  c->opts->saved->where_node->column,
					  c->opts->saved->name, err));
	return fail(c, err);
}

const char *report_cell(const struct wl_table *t, size_t row, size_t col)
{
	const struct wl_cell *cell = wl_table_cell(t, row, col);

	return cell->type == WL_CELL_NULL ? NULL : cell->text;
}

long long report_time_day(const char *time)
{
	long long day;

	if (!time || strlen(time) < 10 || wl_day_parse(&day, time, 10) < 0)
		return RV_NO_DAY;
	return day;
}

/* Loads the records and walks their history into a sealed store. */
static int load(struct rctx *c, struct wl_report_stats *stats,
		struct wl_strlist *warnings)
{
	struct wl_pathlist paths = WL_PATHLIST_INIT;
	struct wl_history_opts ho = WL_HISTORY_OPTS_INIT;
	struct wl_history_stats hs = WL_HISTORY_STATS_INIT;
	struct wl_cache *cache = NULL;
	char *err = NULL;
	double t = wl_monotonic();
	int r, ret = -1;

	/* The load keeps the summaries of the records it parses in the
	 * walk's cache: the walk need not parse them again. */
	if (wl_repo_select(c->repo, c->repo->root, NULL, 0, &paths, &err) < 0 ||
	    wl_store_open(&c->store, WL_STORE_HISTORY, &err) < 0 ||
	    wl_history_cache_open(&cache, c->repo, 0, &err) < 0 ||
	    wl_store_load(c->store, c->repo, &paths, cache, &err) < 0)
		goto done;
	stats->load_secs = wl_monotonic() - t;
	t = wl_monotonic();
	ho.threads = c->opts->threads;
	ho.cache = cache;
	r = wl_history_walk(&hs, warnings, c->repo, &ho, wl_store_hist_fn,
			    c->store, &err);
	if (r > 0)
		err = wl_xstrdup(wl_store_change_error(c->store));
	if (r)
		goto done;
	stats->history_secs = wl_monotonic() - t;
	stats->commits = hs.commits;
	if (wl_store_seal(c->store, &err) < 0 || check_project(c) < 0)
		goto done;
	stats->records = wl_store_stats(c->store)->records;
	stats->history = wl_store_stats(c->store)->history;
	ret = 0;
done:
	if (ret)
		fail(c, err);
	wl_cache_free(cache);
	wl_pathlist_release(&paths);
	return ret;
}

/* "report": what the report covers. */
static struct wl_rv *meta(struct rctx *c, const char days[6][WL_DATE_MAX])
{
	struct wl_report *r = c->r;
	struct wl_rv *m = rv_obj(r);
	const struct wl_saved_report *s = c->opts->saved;
	struct wl_git *git = wl_source_git(c->repo->src);
	char hex[WL_OID_HEXSZ + 1];
	struct wl_oid oid;
	char *err = NULL;

	rv_set(r, m, "name", s ? rv_text(r, s->name) : rv_null(r));
	rv_set(r, m, "title", rv_text(r, s ? s->title : NULL));
	rv_set(r, m, "kind", rv_label(r, wl_period_kind_name(c->period.kind)));
	rv_set(r, m, "period", rv_text(r, days[0]));
	rv_set(r, m, "from", rv_day(r, c->period.first));
	rv_set(r, m, "to", rv_day(r, c->period.last));
	rv_set(r, m, "previous", rv_text(r, days[3]));
	rv_set(r, m, "as_of", rv_day(r, c->at_day == c->period.last + 1 ?
					       c->period.last : c->at_day));
	rv_set(r, m, "complete", rv_bool(r, c->at == c->end));
	rv_set(r, m, "timezone", rv_text(r, wl_tz_name(c->tz)));
	rv_set(r, m, "owner", rv_text(r, c->owner));
	rv_set(r, m, "project", rv_text(r, c->project));
	if (wl_source_kind(c->repo->src) == WL_SOURCE_REV && git &&
	    !wl_git_resolve(&oid, git, wl_source_name(c->repo->src), &err)) {
		wl_oid_fmt(hex, &oid);
		rv_set(r, m, "commit", rv_text(r, hex));
	} else {
		rv_set(r, m, "commit", rv_null(r));
	}
	free(err);
	return m;
}

/* Turns a result set into rows of an extra section. Columns named
 * twice get a suffix, so that each row is an object. */
static struct wl_rv *table_rows(struct wl_report *r, const struct wl_table *t,
				struct wl_rv *cols)
{
	struct wl_rv *rows = rv_list(r);
	const char **names = wl_arena_alloc(&r->arena,
					    (t->ncols + 1) * sizeof(*names));
	size_t i, k;

	for (i = 0; i < t->ncols; i++) {
		size_t same = 0;

		for (k = 0; k < i; k++)
			same += !strcmp(t->cols[k], t->cols[i]);
		if (same) {
			char *n = wl_xprintf("%s_%zu", t->cols[i], same + 1);

			names[i] = wl_arena_strndup(&r->arena, n, strlen(n));
			free(n);
		} else {
			names[i] = wl_arena_strndup(&r->arena, t->cols[i],
						    strlen(t->cols[i]));
		}
		rv_push(r, cols, rv_text(r, names[i]));
	}
	for (k = 0; k < t->nrows; k++) {
		struct wl_rv *row = rv_obj(r);

		for (i = 0; i < t->ncols; i++) {
			const struct wl_cell *cell = wl_table_cell(t, k, i);
			struct wl_rv *v;

			if (cell->type == WL_CELL_INT)
				v = rv_int(r, cell->i);
			else if (cell->type == WL_CELL_REAL)
				v = rv_num(r, cell->f, -1);
			else if (cell->type == WL_CELL_NULL)
				v = rv_null(r);
			else
				v = rv_text(r, cell->text);
			rv_set(r, row, names[i], v);
		}
		rv_push(r, rows, row);
	}
	return rows;
}

/* "extra": the saved report's queries, each run as written (with the
 * report's parameters) under the store's authorizer. */
static int extra(struct rctx *c, struct wl_rv *out)
{
	const struct wl_saved_report *s = c->opts->saved;
	size_t i;

	for (i = 0; s && i < s->queries_nr; i++) {
		const struct wl_report_query *q = &s->queries[i];
		struct wl_table t = WL_TABLE_INIT;
		struct wl_rv *sec = rv_obj(c->r), *cols = rv_list(c->r);
		char *err = NULL;
		int rc = wl_store_query_params(c->store, q->sql, c->params,
					       c->nparams, &t, &err);

		if (rc) {
			const char *what = rc == WL_STORE_REFUSED ? "refused"
					   : rc == WL_STORE_TOO_LONG ? "stopped"
					   : "failed";

			fail(c, wl_xprintf("%s:%d:%d: query '%s' of saved report '%s' %s: %s",
					   c->repo->cfg.path, q->node->line,
					   q->node->column, q->name, s->name,
					   what, err));
			free(err);
			return -1;
		}
		rv_set(c->r, sec, "title", rv_text(c->r, q->title ? q->title
								  : q->name));
		rv_set(c->r, sec, "columns", cols);
		rv_set(c->r, sec, "rows", table_rows(c->r, &t, cols));
		rv_set(c->r, out, q->name, sec);
		wl_table_release(&t);
	}
	return 0;
}

typedef int (*section_fn)(struct rctx *c, struct wl_rv *out);

static const section_fn section_fns[WL_REPORT_SECTIONS_NR] = {
	[WL_REPORT_SUMMARY] = report_summary,
	[WL_REPORT_COMPLETED] = report_completed,
	[WL_REPORT_OPEN] = report_open,
	[WL_REPORT_PROBLEMS] = report_problems,
	[WL_REPORT_KPIS] = report_kpis,
	[WL_REPORT_PROJECTS] = report_projects,
	[WL_REPORT_MEETINGS] = report_meetings,
	[WL_REPORT_PEOPLE] = report_people,
	[WL_REPORT_NEXT] = report_next,
};

/* Every section asked for, in order, then the extras and the charts. */
static int sections(struct rctx *c, const char days[6][WL_DATE_MAX])
{
	struct wl_report *r = c->r;
	struct wl_rv *extras = rv_obj(r), *charts = rv_obj(r);
	unsigned i;

	rv_set(r, r->root, "report", meta(c, days));
	if (report_load_states(c) < 0)
		return -1;
	for (i = 0; i < WL_REPORT_SECTIONS_NR; i++) {
		struct wl_rv *v = i == WL_REPORT_MEETINGS ? rv_obj(r)
							  : rv_list(r);

		if (!(c->sections & (1u << i)))
			continue;
		if (section_fns[i](c, v) < 0)
			return -1;
		rv_set(r, r->root, wl_report_section_name(i), v);
	}
	if (extra(c, extras) < 0)
		return -1;
	if (extras->nr)
		rv_set(r, r->root, "extra", extras);
	if (report_charts(c, charts) < 0)
		return -1;
	rv_set(r, r->root, "charts", charts);
	return 0;
}

static void release(struct rctx *c)
{
	size_t i;

	for (i = 0; i < c->recs_nr; i++) {
		free(c->recs[i].e);
		free(c->recs[i].due_changes);
	}
	free(c->recs);
	wl_table_release(&c->recs_t);
	wl_table_release(&c->entries_t);
	wl_table_release(&c->due_t);
	free(c->with_sel);
	free(c->with_sel_all);
	wl_store_free(c->store);
}

int wl_report_build(struct wl_report **out, struct wl_report_stats *stats,
		    struct wl_strlist *warnings, struct wl_repo *repo,
		    const struct wl_report_opts *opts, char **err)
{
	struct wl_report_stats st = WL_REPORT_STATS_INIT;
	const struct wl_saved_report *s = opts->saved;
	struct rctx c;
	char days[6][WL_DATE_MAX];
	double t;
	int ret = -1;

	memset(&c, 0, sizeof(c));
	*out = NULL;
	*err = NULL;
	c.repo = repo;
	c.opts = opts;
	c.err = err;
	c.tz = repo->cfg.tz;
	c.owner = opts->owner ? opts->owner : s ? s->owner : NULL;
	c.project = opts->project ? opts->project : s ? s->project : NULL;
	c.where = s ? s->where : NULL;
	c.sections = opts->sections ? opts->sections
				    : s ? s->sections : WL_REPORT_ALL;
	c.trend = opts->trend ? opts->trend : WL_REPORT_TREND;
	if (check_owner(&c) < 0 || set_period(&c) < 0 ||
	    load(&c, &st, warnings) < 0)
		goto done;
	set_params(&c, days);
	set_selection(&c);
	c.r = wl_xcalloc(1, sizeof(*c.r));
	c.r->root = rv_obj(c.r);
	t = wl_monotonic();
	if (sections(&c, days) < 0)
		goto done;
	st.sections_secs = wl_monotonic() - t;
	*out = c.r;
	c.r = NULL;
	ret = 0;
done:
	wl_report_free(c.r);
	release(&c);
	if (stats)
		*stats = st;
	return ret;
}
