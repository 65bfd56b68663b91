/*
 * The sections of a report that follow the records' states through
 * history: summary, completed, open (in progress, overdue, blocked),
 * problems, and the charts' series. A record's state at a moment is the
 * state entry (the store's state_entries, whose spans are status_spans)
 * in force then, so a report of a past period says what was true at its
 * end, and the previous period's figures are comparable.
 */
#include <stdlib.h>
#include <string.h>

#include "report_impl.h"

#include "../banned.h"

static enum wl_state_class class_of(const char *s)
{
	if (!s)
		return WL_STATE_NONE;
	if (!strcmp(s, "open"))
		return WL_STATE_OPEN;
	if (!strcmp(s, "blocked"))
		return WL_STATE_BLOCKED;
	if (!strcmp(s, "done"))
		return WL_STATE_DONE;
	if (!strcmp(s, "cancelled"))
		return WL_STATE_CANCELLED;
	return WL_STATE_NONE;
}

static long long num(const struct wl_table *t, size_t row, size_t col)
{
	return wl_table_cell(t, row, col)->i;
}

struct rrec *report_rec(struct rctx *c, const char *key)
{
	size_t lo = 0, hi = c->recs_nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int k = strcmp(key, c->recs[mid].key);

		if (!k)
			return &c->recs[mid];
		if (k < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* The records of the selection, one per key (a duplicate id keeps its
 * first record, by path). */
static int load_records(struct rctx *c)
{
	struct wl_table *t = &c->recs_t;
	size_t i;

	if (report_query(c, t, 0,
			 "SELECT coalesce(id, path) AS k, id, path, type, title,"
			 " owner, status, due, completed FROM sel"
			 " ORDER BY k, path") < 0)
		return -1;
	c->recs = wl_xcalloc(t->nrows + 1, sizeof(*c->recs));
	for (i = 0; i < t->nrows; i++) {
		struct rrec *r = &c->recs[c->recs_nr];

		r->key = report_cell(t, i, 0);
		if (c->recs_nr && !strcmp(c->recs[c->recs_nr - 1].key, r->key))
			continue;
		r->id = report_cell(t, i, 1);
		r->path = report_cell(t, i, 2);
		r->type = report_cell(t, i, 3);
		r->title = report_cell(t, i, 4);
		r->owner = report_cell(t, i, 5);
		r->status = report_cell(t, i, 6);
		r->due = report_cell(t, i, 7);
		r->completed = report_cell(t, i, 8);
		c->recs_nr++;
	}
	return 0;
}

static int load_entries(struct rctx *c)
{
	struct wl_table *t = &c->entries_t;
	size_t i;

	if (report_query(c, t, 0,
			 "SELECT id, seq, epoch, status, class, started, person,"
			 " change = 'deleted', time FROM state_entries"
			 " WHERE id IN (SELECT coalesce(id, path) FROM sel)"
			 " ORDER BY id, seq") < 0)
		return -1;
	for (i = 0; i < t->nrows; i++) {
		struct rrec *r = report_rec(c, report_cell(t, i, 0));
		struct rent *e;

		if (!r)
			continue;
		WL_ALLOC_GROW(r->e, r->e_nr + 1, r->e_alloc);
		e = &r->e[r->e_nr++];
		e->seq = num(t, i, 1);
		e->epoch = num(t, i, 2);
		e->status = report_cell(t, i, 3);
		e->cls = class_of(report_cell(t, i, 4));
		e->started = num(t, i, 5) != 0;
		e->person = report_cell(t, i, 6);
		e->deleted = num(t, i, 7) != 0;
		e->day = report_time_day(report_cell(t, i, 8));
	}
	return 0;
}

/* The changes of each record's due field (its type's x-lifecycle due),
 * to know what was due at an earlier moment. */
static int load_due_changes(struct rctx *c)
{
	struct wl_table *t = &c->due_t;
	struct wl_buf fields = WL_BUF_INIT;
	const struct wl_schema_set *set = c->repo->schemas;
	size_t i, n = wl_schema_set_type_count(set), any = 0;
	int ret;

	wl_buf_addch(&fields, '{');
	for (i = 0; i < n; i++) {
		const struct wl_type *ty = wl_schema_set_type_at(set, i);

		if (!ty->lifecycle.due)
			continue;
		if (any++)
			wl_buf_addch(&fields, ',');
		wl_buf_add_json_string(&fields, ty->name, strlen(ty->name));
		wl_buf_addch(&fields, ':');
		wl_buf_add_json_string(&fields, ty->lifecycle.due,
				       strlen(ty->lifecycle.due));
	}
	wl_buf_addch(&fields, '}');
	c->params[c->nparams].name = ":due_fields";
	c->params[c->nparams].type = WL_STORE_PARAM_TEXT;
	c->params[c->nparams++].text = wl_buf_cstr(&fields);
	ret = report_query(c, t, 0,
			   "SELECT coalesce(h.id, h.path) AS k, h.seq, h.epoch,"
			   " h.old, h.new FROM history h"
			   " WHERE h.change = 'changed' AND h.field ="
			   "  (SELECT value FROM json_each(:due_fields)"
			   "   WHERE key = h.type)"
			   " AND k IN (SELECT coalesce(id, path) FROM sel)"
			   " ORDER BY k, h.seq");
	c->nparams--;
	wl_buf_release(&fields);
	if (ret < 0)
		return -1;
	for (i = 0; i < t->nrows; i++) {
		struct rrec *r = report_rec(c, report_cell(t, i, 0));
		struct rchange *ch;

		if (!r)
			continue;
		WL_ALLOC_GROW(r->due_changes, r->due_nr + 1, r->due_alloc);
		ch = &r->due_changes[r->due_nr++];
		ch->seq = num(t, i, 1);
		ch->epoch = num(t, i, 2);
		ch->old = report_cell(t, i, 3);
		ch->new = report_cell(t, i, 4);
	}
	return 0;
}

int report_load_states(struct rctx *c)
{
	if (load_records(c) < 0 || load_entries(c) < 0 ||
	    load_due_changes(c) < 0)
		return -1;
	return 0;
}

long report_state_at(const struct rrec *rec, long long t)
{
	long i, at = -1;

	for (i = 0; i < (long)rec->e_nr; i++)
		if (rec->e[i].epoch < t)
			at = i;
	if (at >= 0 && rec->e[at].deleted)
		return -1;
	return at;
}

long report_completion_in(const struct rrec *rec, long long from,
			  long long to)
{
	long i, found = -1;

	for (i = 0; i < (long)rec->e_nr; i++) {
		const struct rent *e = &rec->e[i];

		if (e->cls == WL_STATE_DONE &&
		    (!i || rec->e[i - 1].cls != WL_STATE_DONE) &&
		    e->epoch >= from && e->epoch < to)
			found = i;
	}
	return found;
}

/* The due date in force at time `t`: the value a later change replaced,
 * else the current one. Returns its day, or RV_NO_DAY. */
static long long due_at(const struct rrec *rec, long long t)
{
	const char *due = rec->due;
	long long day;
	size_t i;

	for (i = 0; i < rec->due_nr; i++) {
		if (rec->due_changes[i].epoch >= t) {
			due = rec->due_changes[i].old;
			break;
		}
	}
	if (!due || wl_day_parse(&day, due, strlen(due)) < 0)
		return RV_NO_DAY;
	return day;
}

/* What a record is at time `t`, for the summary and the open section. */
enum work { W_NONE, W_NOT_STARTED, W_IN_PROGRESS, W_BLOCKED, W_DONE,
	    W_CANCELLED };

static enum work work_at(const struct rrec *rec, long long t, long *entry)
{
	long i = report_state_at(rec, t);

	*entry = i;
	if (i < 0)
		return W_NONE;
	switch (rec->e[i].cls) {
	case WL_STATE_OPEN:
		return rec->e[i].started ? W_IN_PROGRESS : W_NOT_STARTED;
	case WL_STATE_BLOCKED:
		return W_BLOCKED;
	case WL_STATE_DONE:
		return W_DONE;
	case WL_STATE_CANCELLED:
		return W_CANCELLED;
	case WL_STATE_NONE:
		break;
	}
	return W_NONE;
}

static int overdue_at(const struct rrec *rec, enum work w, long long t,
		      long long today)
{
	long long due;

	if (w != W_NOT_STARTED && w != W_IN_PROGRESS && w != W_BLOCKED)
		return 0;
	due = due_at(rec, t);
	return due != RV_NO_DAY && due < today;
}

/* The summary's counts over one period ending at `at` (today then:
 * `today`). */
struct counts {
	long long created, completed, in_progress, overdue, blocked;
};

static void count(const struct rctx *c, struct counts *n, long long from,
		  long long to, long long at, long long today)
{
	size_t i;

	memset(n, 0, sizeof(*n));
	for (i = 0; i < c->recs_nr; i++) {
		const struct rrec *rec = &c->recs[i];
		long entry;
		enum work w = work_at(rec, at, &entry);

		if (rec->e_nr && rec->e[0].epoch >= from && rec->e[0].epoch < to)
			n->created++;
		if (report_completion_in(rec, from, to) >= 0)
			n->completed++;
		n->in_progress += w == W_IN_PROGRESS;
		n->blocked += w == W_BLOCKED;
		n->overdue += overdue_at(rec, w, at, today);
	}
}

int report_summary(struct rctx *c, struct wl_rv *out)
{
	static const char *const measures[] = {
		"created", "completed", "in_progress", "overdue", "blocked",
	};
	struct wl_report *r = c->r;
	struct counts cur, prev;
	size_t i;

	count(c, &cur, c->start, c->end, c->at, c->at_day);
	count(c, &prev, c->prev_start, c->prev_end, c->prev_end,
	      c->period.first);
	for (i = 0; i < sizeof(measures) / sizeof(*measures); i++) {
		const long long *a = &cur.created, *b = &prev.created;
		struct wl_rv *row = rv_obj(r);

		rv_set(r, row, "measure", rv_label(r, measures[i]));
		rv_set(r, row, "current", rv_int(r, a[i]));
		rv_set(r, row, "previous", rv_int(r, b[i]));
		rv_set(r, row, "change", rv_int(r, a[i] - b[i]));
		rv_push(r, out, row);
	}
	return 0;
}

static struct wl_rv *days_between(struct wl_report *r, long long from,
				  long long to)
{
	return rv_num(r, (double)(to - from) / 86400, RV_DAYS_DECIMALS);
}

/* The first entry that started the work, before entry `before`. */
static long started_entry(const struct rrec *rec, long before)
{
	long i;

	for (i = 0; i < before; i++)
		if (rec->e[i].started)
			return i;
	return -1;
}

/* A row of `completed` for record `rec`, completed by entry `k`. */
static struct wl_rv *completed_row(struct rctx *c, const struct rrec *rec,
				   long k)
{
	struct wl_report *r = c->r;
	struct wl_rv *row = rv_obj(r);
	const struct rent *e = &rec->e[k];
	long s = started_entry(rec, k);
	long long day = e->day, fm;
	char text[WL_DATE_MAX];

	wl_day_fmt(text, day);
	rv_set(r, row, "id", rv_text(r, rec->key));
	rv_set(r, row, "type", rv_text(r, rec->type));
	rv_set(r, row, "title", rv_text(r, rec->title));
	rv_set(r, row, "owner", rv_text(r, rec->owner));
	rv_set(r, row, "completed", rv_day(r, day));
	rv_set(r, row, "completed_by", rv_text(r, e->person));
	rv_set(r, row, "completed_field", rv_text(r, rec->completed));
	/* The front matter says another day (or something that is no
	 * day): history is what the report believes. */
	rv_set(r, row, "differs",
	       rv_bool(r, rec->completed &&
			       (wl_day_parse(&fm, rec->completed,
					     strlen(rec->completed)) < 0 ||
				fm != day)));
	rv_set(r, row, "started",
	       rv_day(r, s >= 0 ? rec->e[s].day : RV_NO_DAY));
	rv_set(r, row, "days",
	       days_between(r, rec->e[s >= 0 ? s : 0].epoch, e->epoch));
	return row;
}

/* Milestones of projects set done in the period: the commit that made
 * `milestones[i].done` true, or added a milestone already done. */
static int milestones(struct rctx *c, struct wl_rv *out)
{
	struct wl_report *r = c->r;
	struct wl_table t = WL_TABLE_INIT;
	size_t i;

	if (report_query(c, &t, 0,
			 "SELECT coalesce(h.id, h.path), h.epoch, h.person,"
			 " CASE WHEN h.field = 'milestones'"
			 "  THEN json_extract(h.new, '$.name')"
			 "  ELSE json_extract(sel.fm, '$.' || substr(h.field, 1,"
			 "   length(h.field) - 5) || '.name') END, sel.owner,"
			 " h.time"
			 " FROM history h JOIN sel"
			 "  ON coalesce(sel.id, sel.path) = coalesce(h.id, h.path)"
			 " WHERE h.type = 'project' AND h.change = 'changed'"
			 " AND h.epoch >= :start AND h.epoch < :end"
			 " AND ((h.field LIKE 'milestones[%].done'"
			 "   AND h.new = 'true' AND h.old IS NOT 'true')"
			 "  OR (h.field = 'milestones'"
			 "   AND h.field_change = 'item-added'"
			 "   AND json_valid(h.new)"
			 "   AND json_extract(h.new, '$.done') = 1))"
			 " ORDER BY h.seq") < 0)
		return -1;
	for (i = 0; i < t.nrows; i++) {
		struct wl_rv *row = rv_obj(r);

		rv_set(r, row, "id", rv_text(r, report_cell(&t, i, 0)));
		rv_set(r, row, "type", rv_label(r, "milestone"));
		rv_set(r, row, "title", rv_text(r, report_cell(&t, i, 3)));
		rv_set(r, row, "owner", rv_text(r, report_cell(&t, i, 4)));
		rv_set(r, row, "completed",
		       rv_day(r, report_time_day(report_cell(&t, i, 5))));
		rv_set(r, row, "completed_by",
		       rv_text(r, report_cell(&t, i, 2)));
		rv_set(r, row, "completed_field", rv_null(r));
		rv_set(r, row, "differs", rv_bool(r, 0));
		rv_set(r, row, "started", rv_null(r));
		rv_set(r, row, "days", rv_null(r));
		rv_push(r, out, row);
	}
	wl_table_release(&t);
	return 0;
}

/* Orders rows by the day of `key` (rows without one first), then by
 * id. */
static int cmp_by_day(const void *a, const void *b, const char *key)
{
	const struct wl_rv *x = *(struct wl_rv *const *)a;
	const struct wl_rv *y = *(struct wl_rv *const *)b;
	const struct wl_rv *dx = wl_rv_get(x, key), *dy = wl_rv_get(y, key);
	long long ix = dx && dx->kind == WL_RV_DAY ? dx->i : RV_NO_DAY;
	long long iy = dy && dy->kind == WL_RV_DAY ? dy->i : RV_NO_DAY;

	if (ix != iy)
		return ix < iy ? -1 : 1;
	return strcmp(wl_rv_get(x, "id")->s, wl_rv_get(y, "id")->s);
}

static int cmp_completed(const void *a, const void *b)
{
	return cmp_by_day(a, b, "completed");
}

static int cmp_opened(const void *a, const void *b)
{
	return cmp_by_day(a, b, "opened");
}

int report_completed(struct rctx *c, struct wl_rv *out)
{
	size_t i;

	for (i = 0; i < c->recs_nr; i++) {
		const struct rrec *rec = &c->recs[i];
		long k = report_completion_in(rec, c->start, c->end);

		if (k >= 0 && (!rec->type || strcmp(rec->type, "problem")))
			rv_push(c->r, out, completed_row(c, rec, k));
	}
	if (milestones(c, out) < 0)
		return -1;
	if (out->nr > 1)
		qsort(out->v, out->nr, sizeof(*out->v), cmp_completed);
	return 0;
}

static const char *const work_names[] = {
	[W_NONE] = "none", [W_NOT_STARTED] = "not_started",
	[W_IN_PROGRESS] = "in_progress", [W_BLOCKED] = "blocked",
	[W_DONE] = "done", [W_CANCELLED] = "cancelled",
};

static int cmp_open(const void *a, const void *b)
{
	static const int order[] = {
		[W_IN_PROGRESS] = 0, [W_BLOCKED] = 1, [W_NOT_STARTED] = 2,
	};
	const struct wl_rv *x = *(struct wl_rv *const *)a;
	const struct wl_rv *y = *(struct wl_rv *const *)b;
	const struct wl_rv *sx = wl_rv_get(x, "state"), *sy = wl_rv_get(y, "state");
	int ox = 3, oy = 3;
	double dx = wl_rv_get(x, "days")->f, dy = wl_rv_get(y, "days")->f;
	size_t k;

	for (k = W_NOT_STARTED; k <= W_BLOCKED; k++) {
		if (!strcmp(sx->s, work_names[k]))
			ox = order[k];
		if (!strcmp(sy->s, work_names[k]))
			oy = order[k];
	}
	if (ox != oy)
		return ox - oy;
	if (dx != dy)
		return dx > dy ? -1 : 1;
	return strcmp(wl_rv_get(x, "id")->s, wl_rv_get(y, "id")->s);
}

int report_open(struct rctx *c, struct wl_rv *out)
{
	struct wl_report *r = c->r;
	size_t i;

	for (i = 0; i < c->recs_nr; i++) {
		const struct rrec *rec = &c->recs[i];
		long k;
		enum work w = work_at(rec, c->at, &k);
		int late = overdue_at(rec, w, c->at, c->at_day);
		struct wl_rv *row;

		if (w != W_IN_PROGRESS && w != W_BLOCKED && !late)
			continue;
		row = rv_obj(r);
		rv_set(r, row, "id", rv_text(r, rec->key));
		rv_set(r, row, "type", rv_text(r, rec->type));
		rv_set(r, row, "title", rv_text(r, rec->title));
		rv_set(r, row, "owner", rv_text(r, rec->owner));
		rv_set(r, row, "state", rv_label(r, work_names[w]));
		rv_set(r, row, "status", rv_text(r, rec->e[k].status));
		rv_set(r, row, "since",
		       rv_day(r, rec->e[k].day));
		rv_set(r, row, "days", days_between(r, rec->e[k].epoch, c->at));
		rv_set(r, row, "due", rv_day(r, due_at(rec, c->at)));
		rv_set(r, row, "overdue", rv_bool(r, late));
		rv_push(r, out, row);
	}
	if (out->nr > 1)
		qsort(out->v, out->nr, sizeof(*out->v), cmp_open);
	return 0;
}

/* The problem schema's own fields, as written. */
static int problem_fields(struct rctx *c, struct wl_table *t)
{
	return report_query(c, t, 0,
			    "SELECT coalesce(id, path) AS k,"
			    " json_extract(fm, '$.severity'),"
			    " json_extract(fm, '$.reported'),"
			    " json_extract(fm, '$.resolved'),"
			    " json_extract(fm, '$.cause'),"
			    " json_extract(fm, '$.solution'),"
			    " json_extract(fm, '$.effect')"
			    " FROM sel WHERE type = 'problem' ORDER BY k, path");
}

/* A row of `problems` for `rec` (row `i` of the fields `t`), opened or
 * resolved in the period. */
static struct wl_rv *problem_row(struct rctx *c, const struct rrec *rec,
				 const struct wl_table *t, size_t i)
{
	struct wl_report *r = c->r;
	struct wl_rv *row = rv_obj(r);
	long k, at = report_state_at(rec, c->at);
	const char *fm_resolved = report_cell(t, i, 3);
	long long day = RV_NO_DAY, fm;

	/* Resolved: the entry that began its current run of done states. */
	k = at >= 0 && rec->e[at].cls == WL_STATE_DONE ? at : -1;
	while (k > 0 && rec->e[k - 1].cls == WL_STATE_DONE)
		k--;
	if (k >= 0)
		day = rec->e[k].day;
	rv_set(r, row, "id", rv_text(r, rec->key));
	rv_set(r, row, "title", rv_text(r, rec->title));
	rv_set(r, row, "severity", rv_text(r, report_cell(t, i, 1)));
	rv_set(r, row, "owner", rv_text(r, rec->owner));
	rv_set(r, row, "status", rv_text(r, at >= 0 ? rec->e[at].status : NULL));
	rv_set(r, row, "reported", rv_text(r, report_cell(t, i, 2)));
	rv_set(r, row, "opened", rv_day(r, rec->e[0].day));
	rv_set(r, row, "resolved", rv_day(r, day));
	rv_set(r, row, "resolved_field", rv_text(r, fm_resolved));
	rv_set(r, row, "differs",
	       rv_bool(r, day != RV_NO_DAY && fm_resolved &&
			       (wl_day_parse(&fm, fm_resolved,
					     strlen(fm_resolved)) < 0 ||
				fm != day)));
	rv_set(r, row, "days",
	       k >= 0 ? days_between(r, rec->e[0].epoch, rec->e[k].epoch)
		      : rv_null(r));
	rv_set(r, row, "cause", rv_text(r, report_cell(t, i, 4)));
	rv_set(r, row, "solution", rv_text(r, report_cell(t, i, 5)));
	rv_set(r, row, "effect", rv_text(r, report_cell(t, i, 6)));
	return row;
}

int report_problems(struct rctx *c, struct wl_rv *out)
{
	struct wl_table t = WL_TABLE_INIT;
	size_t i;

	if (problem_fields(c, &t) < 0)
		return -1;
	for (i = 0; i < t.nrows; i++) {
		const struct rrec *rec = report_rec(c, report_cell(&t, i, 0));
		int opened;

		if (!rec || !rec->e_nr ||
		    (i && !strcmp(report_cell(&t, i - 1, 0), rec->key)))
			continue;
		opened = rec->e[0].epoch >= c->start && rec->e[0].epoch < c->end;
		if (opened || report_completion_in(rec, c->start, c->end) >= 0)
			rv_push(c->r, out, problem_row(c, rec, &t, i));
	}
	wl_table_release(&t);
	if (out->nr > 1)
		qsort(out->v, out->nr, sizeof(*out->v), cmp_opened);
	return 0;
}

/* Charts: completions in each of the last periods. */
static void chart_completions(struct rctx *c, struct wl_rv *out)
{
	struct wl_report *r = c->r;
	struct wl_period p = c->period;
	char name[WL_DATE_MAX];
	unsigned k;
	size_t i;

	for (k = 1; k < c->trend; k++)
		wl_period_prev(&p);
	for (k = 0; k < c->trend; k++, wl_period_next(&p)) {
		long long from = wl_tz_day_start(c->tz, p.first);
		long long to = wl_tz_day_start(c->tz, p.last + 1);
		long long n = 0;
		struct wl_rv *row = rv_obj(r);

		for (i = 0; i < c->recs_nr; i++)
			n += report_completion_in(&c->recs[i], from, to) >= 0;
		wl_period_fmt(name, &p);
		rv_set(r, row, "period", rv_text(r, name));
		rv_set(r, row, "completed", rv_int(r, n));
		rv_push(r, out, row);
	}
}

/* Charts: the states at the report's moment of the work the period
 * had: records not already finished when it began. */
static void chart_status_mix(struct rctx *c, struct wl_rv *out)
{
	struct wl_report *r = c->r;
	long long n[W_CANCELLED + 1] = { 0 };
	size_t i;
	int w;

	for (i = 0; i < c->recs_nr; i++) {
		long k;
		enum work before = work_at(&c->recs[i], c->start, &k);

		if (before == W_DONE || before == W_CANCELLED)
			continue;
		n[work_at(&c->recs[i], c->at, &k)]++;
	}
	for (w = W_NOT_STARTED; w <= W_CANCELLED; w++) {
		struct wl_rv *row = rv_obj(r);

		rv_set(r, row, "state", rv_label(r, work_names[w]));
		rv_set(r, row, "count", rv_int(r, n[w]));
		rv_push(r, out, row);
	}
}

/* Charts: open tasks (open or blocked) at the end of each day of the
 * period, up to the report's moment. */
static void chart_burndown(struct rctx *c, struct wl_rv *out)
{
	struct wl_report *r = c->r;
	long long d;
	size_t i;

	for (d = c->period.first; d <= c->period.last; d++) {
		long long t = wl_tz_day_start(c->tz, d + 1), n = 0;
		struct wl_rv *row;

		if (c->at < c->end && d > c->at_day)
			break;
		if (t > c->at)
			t = c->at;
		for (i = 0; i < c->recs_nr; i++) {
			long k;
			enum work w;

			if (!c->recs[i].type || strcmp(c->recs[i].type, "task"))
				continue;
			w = work_at(&c->recs[i], t, &k);
			n += w == W_NOT_STARTED || w == W_IN_PROGRESS ||
			     w == W_BLOCKED;
		}
		row = rv_obj(r);
		rv_set(r, row, "date", rv_day(r, d));
		rv_set(r, row, "open", rv_int(r, n));
		rv_push(r, out, row);
	}
}

int report_charts(struct rctx *c, struct wl_rv *out)
{
	struct wl_rv *v;

	v = rv_list(c->r);
	chart_completions(c, v);
	rv_set(c->r, out, "completions", v);
	v = rv_list(c->r);
	chart_status_mix(c, v);
	rv_set(c->r, out, "status_mix", v);
	v = rv_list(c->r);
	chart_burndown(c, v);
	rv_set(c->r, out, "burndown", v);
	return 0;
}
