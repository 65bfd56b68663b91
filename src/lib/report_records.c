/*
 * The sections of a report read from the records of the period, with
 * history where it dates something: KPIs with their trend, projects
 * with their phase changes, meetings with their decisions and open
 * actions, people, and the next items of the period's logs. Record
 * text is shown as written.
 */
#include <stdlib.h>
#include <string.h>

#include "body.h"
#include "cadence.h"
#include "record.h"
#include "report_impl.h"
#include "source.h"

#include "../banned.h"

/* A number of the front matter: its cell as SQL returned it. */
static int cell_number(double *out, const struct wl_table *t, size_t row,
		       size_t col)
{
	const struct wl_cell *c = wl_table_cell(t, row, col);

	if (c->type == WL_CELL_INT)
		*out = (double)c->i;
	else if (c->type == WL_CELL_REAL)
		*out = c->f;
	else
		return -1;
	return 0;
}

static struct wl_rv *number_or_null(struct wl_report *r,
				    const struct wl_table *t, size_t row,
				    size_t col)
{
	double f;

	return cell_number(&f, t, row, col) ? rv_null(r) : rv_num(r, f, -1);
}

/* ---- KPIs ------------------------------------------------------------ */

struct kpi {
	size_t row;                 /* in the table */
	struct wl_period p;
	const char *name, *direction;
	int has_target, has_actual;
	double target, actual;
};

static int cmp_kpi_period(const void *a, const void *b)
{
	const struct kpi *x = a, *y = b;

	if (x->p.last != y->p.last)
		return x->p.last < y->p.last ? -1 : 1;
	if (x->p.first != y->p.first)
		return x->p.first < y->p.first ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

static struct wl_rv *attainment(struct wl_report *r, const struct kpi *k)
{
	double pct;

	if (!k->has_target || !k->has_actual ||
	    wl_report_attainment(&pct, k->target, k->actual, k->direction) < 0)
		return rv_null(r);
	return rv_num(r, pct, RV_PCT_DECIMALS);
}

static struct wl_rv *met(struct wl_report *r, const struct kpi *k)
{
	if (!k->has_target || !k->has_actual || !k->direction)
		return rv_null(r);
	if (!strcmp(k->direction, "up"))
		return rv_bool(r, k->actual >= k->target);
	if (!strcmp(k->direction, "down"))
		return rv_bool(r, k->actual <= k->target);
	return rv_null(r);
}

static int same_text(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* The trend of KPI `k`: the indicators of the same name and direction
 * whose periods end no later than its own, the last `trend` of them
 * (`v` is sorted by period). */
static struct wl_rv *trend(struct rctx *c, const struct wl_table *t,
			   const struct kpi *v, size_t nr, const struct kpi *k)
{
	struct wl_report *r = c->r;
	struct wl_rv *list = rv_list(r);
	size_t i, n = 0, skip;

	for (i = 0; i < nr; i++)
		n += same_text(v[i].name, k->name) &&
		     same_text(v[i].direction, k->direction) &&
		     v[i].p.last <= k->p.last;
	skip = n > c->trend ? n - c->trend : 0;
	for (i = 0; i < nr; i++) {
		struct wl_rv *pt;

		if (!same_text(v[i].name, k->name) ||
		    !same_text(v[i].direction, k->direction) ||
		    v[i].p.last > k->p.last)
			continue;
		if (skip) {
			skip--;
			continue;
		}
		pt = rv_obj(r);
		rv_set(r, pt, "period", rv_text(r, report_cell(t, v[i].row, 3)));
		rv_set(r, pt, "actual", number_or_null(r, t, v[i].row, 5));
		rv_set(r, pt, "attainment", attainment(r, &v[i]));
		rv_push(r, list, pt);
	}
	return list;
}

static struct wl_rv *kpi_row(struct rctx *c, const struct wl_table *t,
			     const struct kpi *v, size_t nr,
			     const struct kpi *k)
{
	struct wl_report *r = c->r;
	struct wl_rv *row = rv_obj(r);
	size_t i = k->row;

	rv_set(r, row, "id", rv_text(r, report_cell(t, i, 0)));
	rv_set(r, row, "name", rv_text(r, k->name));
	rv_set(r, row, "owner", rv_text(r, report_cell(t, i, 2)));
	rv_set(r, row, "period", rv_text(r, report_cell(t, i, 3)));
	rv_set(r, row, "target", number_or_null(r, t, i, 4));
	rv_set(r, row, "actual", number_or_null(r, t, i, 5));
	rv_set(r, row, "unit", rv_text(r, report_cell(t, i, 6)));
	rv_set(r, row, "direction",
	       same_text(k->direction, "up") ? rv_label(r, "up")
	       : same_text(k->direction, "down") ? rv_label(r, "down")
						 : rv_text(r, k->direction));
	rv_set(r, row, "attainment", attainment(r, k));
	rv_set(r, row, "met", met(r, k));
	rv_set(r, row, "trend", trend(c, t, v, nr, k));
	return row;
}

int report_kpis(struct rctx *c, struct wl_rv *out)
{
	struct wl_table t = WL_TABLE_INIT;
	struct kpi *v;
	size_t i, nr = 0;

	if (report_query(c, &t, 0,
			 "SELECT coalesce(id, path) AS k, json_extract(fm, '$.name'),"
			 " owner, period, json_extract(fm, '$.target'),"
			 " json_extract(fm, '$.actual'), json_extract(fm, '$.unit'),"
			 " json_extract(fm, '$.direction')"
			 " FROM sel WHERE type = 'kpi' ORDER BY k, path") < 0)
		return -1;
	v = wl_xcalloc(t.nrows + 1, sizeof(*v));
	for (i = 0; i < t.nrows; i++) {
		struct kpi *k = &v[nr];
		const char *p = report_cell(&t, i, 3);

		if (!p || wl_period_parse(&k->p, p, strlen(p)) < 0)
			continue;
		k->row = i;
		k->name = report_cell(&t, i, 1);
		k->direction = report_cell(&t, i, 7);
		k->has_target = !cell_number(&k->target, &t, i, 4);
		k->has_actual = !cell_number(&k->actual, &t, i, 5);
		nr++;
	}
	qsort(v, nr, sizeof(*v), cmp_kpi_period);
	for (i = 0; i < nr; i++)
		if (v[i].p.first <= c->period.last &&
		    v[i].p.last >= c->period.first)
			rv_push(c->r, out, kpi_row(c, &t, v, nr, &v[i]));
	free(v);
	wl_table_release(&t);
	return 0;
}

/* ---- projects -------------------------------------------------------- */

/* The phase at time `at`: the value the first later change replaced,
 * else the current one. Rows of `ch` from `from` on are this project's
 * changes, in history's order. */
static const char *phase_at(const struct wl_table *ch, size_t from,
			    const char *key, const char *now, long long at)
{
	size_t i;

	for (i = from; i < ch->nrows && !strcmp(report_cell(ch, i, 0), key);
	     i++)
		if (wl_table_cell(ch, i, 1)->i >= at)
			return report_cell(ch, i, 2);
	return now;
}

static struct wl_rv *project_row(struct rctx *c, const struct rrec *rec,
				 const struct wl_table *t, size_t i,
				 const struct wl_table *ch, size_t from)
{
	struct wl_report *r = c->r;
	struct wl_rv *row = rv_obj(r), *changes = rv_list(r);
	long k = report_state_at(rec, c->at);
	size_t j;

	for (j = from; j < ch->nrows && !strcmp(report_cell(ch, j, 0), rec->key);
	     j++) {
		long long when = wl_table_cell(ch, j, 1)->i;
		struct wl_rv *x;

		if (when < c->start || when >= c->end)
			continue;
		x = rv_obj(r);
		rv_set(r, x, "date",
		       rv_day(r, report_time_day(report_cell(ch, j, 4))));
		rv_set(r, x, "from", rv_text(r, report_cell(ch, j, 2)));
		rv_set(r, x, "to", rv_text(r, report_cell(ch, j, 3)));
		rv_push(r, changes, x);
	}
	rv_set(r, row, "id", rv_text(r, rec->key));
	rv_set(r, row, "title", rv_text(r, rec->title));
	rv_set(r, row, "owner", rv_text(r, rec->owner));
	rv_set(r, row, "phase",
	       rv_text(r, phase_at(ch, from, rec->key, report_cell(t, i, 1),
				   c->at)));
	rv_set(r, row, "status", rv_text(r, rec->e[k].status));
	rv_set(r, row, "health", rv_text(r, report_cell(t, i, 2)));
	rv_set(r, row, "due", rv_text(r, rec->due));
	rv_set(r, row, "changes", changes);
	return row;
}

int report_projects(struct rctx *c, struct wl_rv *out)
{
	struct wl_table t = WL_TABLE_INIT, ch = WL_TABLE_INIT;
	size_t i, j = 0;
	int ret = -1;

	if (report_query(c, &t, 0,
			 "SELECT coalesce(id, path) AS k, json_extract(fm, '$.phase'),"
			 " json_extract(fm, '$.health') FROM sel"
			 " WHERE type = 'project' ORDER BY k, path") < 0 ||
	    report_query(c, &ch, 0,
			 "SELECT coalesce(id, path) AS k, epoch, old, new, time"
			 " FROM history WHERE type = 'project'"
			 " AND change = 'changed' AND field = 'phase'"
			 " AND k IN (SELECT coalesce(id, path) FROM sel"
			 "  WHERE type = 'project')"
			 " ORDER BY k, seq") < 0)
		goto done;
	for (i = 0; i < t.nrows; i++) {
		const char *key = report_cell(&t, i, 0);
		const struct rrec *rec = report_rec(c, key);
		long k, before;
		int changed = 0;
		size_t m;

		while (j < ch.nrows && strcmp(report_cell(&ch, j, 0), key) < 0)
			j++;
		for (m = j; m < ch.nrows && !strcmp(report_cell(&ch, m, 0), key);
		     m++) {
			long long when = wl_table_cell(&ch, m, 1)->i;

			changed |= when >= c->start && when < c->end;
		}
		if (!rec || (i && !strcmp(report_cell(&t, i - 1, 0), key)))
			continue;
		k = report_state_at(rec, c->at);
		before = report_state_at(rec, c->start);
		/* Gone by then, or closed before the period and left so. */
		if (k < 0 || (!changed && before >= 0 &&
			      (rec->e[before].cls == WL_STATE_DONE ||
			       rec->e[before].cls == WL_STATE_CANCELLED)))
			continue;
		rv_push(c->r, out, project_row(c, rec, &t, i, &ch, j));
	}
	ret = 0;
done:
	wl_table_release(&t);
	wl_table_release(&ch);
	return ret;
}

/* ---- meetings -------------------------------------------------------- */

static struct wl_rv *date_or_text(struct wl_report *r, const char *s)
{
	long long day;

	if (s && !wl_day_parse(&day, s, strlen(s)))
		return rv_day(r, day);
	return rv_text(r, s);
}

/* The meetings of the period, with their attendees and decisions. */
static int meetings(struct rctx *c, struct wl_rv *out)
{
	struct wl_report *r = c->r;
	struct wl_table t = WL_TABLE_INIT, li = WL_TABLE_INIT;
	size_t i, j = 0;
	int ret = -1;

	if (report_query(c, &t, 0,
			 "SELECT path, date, title, owner FROM sel"
			 " WHERE type = 'meeting' AND date >= :from AND date <= :to"
			 " ORDER BY path") < 0 ||
	    report_query(c, &li, 0,
			 "SELECT i.path, i.field, i.text FROM items i"
			 " WHERE i.kind = 'list'"
			 " AND i.field IN ('attendees', 'decisions')"
			 " AND i.path IN (SELECT path FROM sel WHERE type = 'meeting'"
			 "  AND date >= :from AND date <= :to)"
			 " ORDER BY i.path, i.field, i.position") < 0)
		goto done;
	for (i = 0; i < t.nrows; i++) {
		struct wl_rv *row = rv_obj(r), *att = rv_list(r), *dec = rv_list(r);
		const char *path = report_cell(&t, i, 0);

		for (; j < li.nrows && strcmp(report_cell(&li, j, 0), path) <= 0;
		     j++) {
			if (strcmp(report_cell(&li, j, 0), path))
				continue;
			rv_push(r, !strcmp(report_cell(&li, j, 1), "attendees")
					   ? att : dec,
				rv_text(r, report_cell(&li, j, 2)));
		}
		rv_set(r, row, "date", date_or_text(r, report_cell(&t, i, 1)));
		rv_set(r, row, "title", rv_text(r, report_cell(&t, i, 2)));
		rv_set(r, row, "owner", rv_text(r, report_cell(&t, i, 3)));
		rv_set(r, row, "attendees", att);
		rv_set(r, row, "decisions", dec);
		rv_push(r, out, row);
	}
	ret = 0;
done:
	wl_table_release(&t);
	wl_table_release(&li);
	return ret;
}

/* Action items still open, of the meetings up to the period's end: the
 * `actions` of the front matter not marked done, and the unticked task
 * items of their bodies. --owner picks the actions' owner here. */
static int actions(struct rctx *c, struct wl_rv *out)
{
	struct wl_report *r = c->r;
	struct wl_table t = WL_TABLE_INIT;
	size_t i;

	if (report_query(c, &t, 1,
			 "SELECT CASE WHEN i.kind = 'list' AND json_valid(i.text)"
			 "  AND json_type(i.text) = 'object'"
			 "  THEN json_extract(i.text, '$.what') ELSE i.text END,"
			 " i.owner, i.due, sel.title, sel.date"
			 " FROM items i JOIN sel ON sel.path = i.path"
			 " WHERE sel.type = 'meeting' AND sel.date <= :to"
			 " AND ((i.kind = 'list' AND i.field = 'actions')"
			 "  OR i.kind = 'task')"
			 " AND coalesce(i.done, 0) = 0"
			 " AND (:owner IS NULL OR i.owner = :owner)"
			 " ORDER BY i.due IS NULL, i.due, sel.date, i.path, i.line") < 0)
		return -1;
	for (i = 0; i < t.nrows; i++) {
		struct wl_rv *row = rv_obj(r);
		const char *due = report_cell(&t, i, 2);
		long long day;

		rv_set(r, row, "what", rv_text(r, report_cell(&t, i, 0)));
		rv_set(r, row, "owner", rv_text(r, report_cell(&t, i, 1)));
		rv_set(r, row, "due", date_or_text(r, due));
		rv_set(r, row, "overdue",
		       rv_bool(r, due && !wl_day_parse(&day, due, strlen(due)) &&
					  day < c->at_day));
		rv_set(r, row, "meeting", rv_text(r, report_cell(&t, i, 3)));
		rv_set(r, row, "date", date_or_text(r, report_cell(&t, i, 4)));
		rv_push(r, out, row);
	}
	wl_table_release(&t);
	return 0;
}

int report_meetings(struct rctx *c, struct wl_rv *out)
{
	struct wl_rv *m = rv_list(c->r), *a = rv_list(c->r);

	if (meetings(c, m) < 0 || actions(c, a) < 0)
		return -1;
	rv_set(c->r, out, "meetings", m);
	rv_set(c->r, out, "actions", a);
	return 0;
}

/* ---- logs: people and next ------------------------------------------- */

/*
 * The logs of the period: those whose own period (a day or a week)
 * ends within it, as the cadence rule counts them. Rows: path, owner,
 * period, hours; *in[i] says whether row i is one.
 */
static int period_logs(struct rctx *c, struct wl_table *t, char **in)
{
	size_t i;

	if (report_query(c, t, 0,
			 "SELECT path, owner, period, json_extract(fm, '$.hours')"
			 " FROM sel WHERE type = 'log'"
			 " ORDER BY owner, period, path") < 0)
		return -1;
	*in = wl_xcalloc(t->nrows + 1, 1);
	for (i = 0; i < t->nrows; i++) {
		const char *p = report_cell(t, i, 2);
		struct wl_period lp;

		(*in)[i] = p && !wl_period_parse(&lp, p, strlen(p)) &&
			   lp.last >= c->period.first &&
			   lp.last <= c->period.last;
	}
	return 0;
}

/*
 * The cadence rule's figures (cadence.h) for the report's period: the
 * periods owed whose last day is in it, judged at the report's moment,
 * so a past period's figures are those it had at its end.
 */
static int cadence(struct rctx *c, struct wl_cadence *cad)
{
	char *err = NULL;

	if (!c->repo->cfg.rules.cadence.require_nr)
		return 0;
	if (wl_cadence_collect(cad, c->repo, c->at_day, c->at, 1,
			       c->period.first, c->period.last, &err) < 0) {
		free(*c->err);
		*c->err = err;
		return -1;
	}
	return 0;
}

/* The cadence figures of `person`: null when no requirement names them. */
static void cadence_row(struct rctx *c, struct wl_rv *row,
			const struct wl_cadence *cad, const char *person)
{
	static const char *const keys[] = {
		"logs_required", "logs_on_time", "logs_late", "logs_missing",
		"logs_pending",
	};
	const struct wl_cadence_person *p = NULL;
	size_t i;

	for (i = 0; i < cad->people_nr && !p; i++)
		if (!strcmp(cad->people[i].person, person))
			p = &cad->people[i];
	for (i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
		const size_t v[] = {
			p ? p->required : 0, p ? p->on_time : 0,
			p ? p->late : 0, p ? p->missing : 0,
			p ? p->pending : 0,
		};

		rv_set(c->r, row, keys[i],
		       p ? rv_int(c->r, (long long)v[i]) : rv_null(c->r));
	}
}

int report_people(struct rctx *c, struct wl_rv *out)
{
	struct wl_report *r = c->r;
	const struct wl_config *cfg = &c->repo->cfg;
	struct wl_table logs = WL_TABLE_INIT;
	struct wl_cadence cad = WL_CADENCE_INIT;
	char *in = NULL;
	size_t i, k;
	int ret = -1;

	if (period_logs(c, &logs, &in) < 0 || cadence(c, &cad) < 0)
		goto done;
	for (i = 0; i < cfg->people_nr; i++) {
		const struct wl_person *p = &cfg->people[i];
		struct wl_rv *row;
		long long done = 0, nlogs = 0;
		double hours = 0, h;

		if (c->owner && strcmp(c->owner, p->id))
			continue;
		for (k = 0; k < c->recs_nr; k++)
			done += same_text(c->recs[k].owner, p->id) &&
				report_completion_in(&c->recs[k], c->start,
						     c->end) >= 0;
		for (k = 0; k < logs.nrows; k++) {
			if (!in[k] || !same_text(report_cell(&logs, k, 1), p->id))
				continue;
			nlogs++;
			if (!cell_number(&h, &logs, k, 3))
				hours += h;
		}
		row = rv_obj(r);
		rv_set(r, row, "person", rv_text(r, p->id));
		rv_set(r, row, "name", rv_text(r, p->name));
		rv_set(r, row, "completed", rv_int(r, done));
		rv_set(r, row, "logs", rv_int(r, nlogs));
		rv_set(r, row, "hours", rv_num(r, hours, -1));
		cadence_row(c, row, &cad, p->id);
		rv_push(r, out, row);
	}
	ret = 0;
done:
	free(in);
	wl_table_release(&logs);
	wl_cadence_release(&cad);
	return ret;
}

/* The heading `h` of `b` or one under it is the Next section of the
 * log type (its x-sections entry named Next, or an alias). */
static int in_next(const struct wl_type *type, const struct wl_body *b,
		   int h)
{
	for (; h >= 0; h = b->headings[h].parent) {
		const char *text = b->headings[h].text;
		const struct wl_section *s =
			wl_type_section(type, text, strlen(text));

		if (s && !strcmp(s->name, "Next"))
			return 1;
	}
	return 0;
}

/* The items of a log's Next section, read from its body. */
static int body_next(struct rctx *c, const struct wl_type *type,
		     const char *path, struct wl_rv *items)
{
	struct wl_body b = WL_BODY_INIT;
	struct wl_fm fm;
	char *buf = NULL, *err = NULL;
	size_t len, i;

	if (wl_source_read_max(c->repo->src, path, c->repo->cfg.file_bytes,
			       &buf, &len, &err)) {
		free(*c->err);
		*c->err = err;
		return -1;
	}
	if (wl_fm_split(&fm, buf, len) == WL_FM_OK) {
		wl_body_parse_flags(&b, buf + fm.body, len - fm.body,
				    fm.body_line - 1, WL_BODY_LIST_ITEMS);
		for (i = 0; i < b.entries_nr; i++)
			if (!b.entries[i].depth &&
			    in_next(type, &b, b.entries[i].section))
				rv_push(c->r, items,
					rv_text(c->r, b.entries[i].text));
	}
	wl_body_release(&b);
	free(buf);
	return 0;
}

int report_next(struct rctx *c, struct wl_rv *out)
{
	struct wl_report *r = c->r;
	const struct wl_type *type = wl_schema_set_type(c->repo->schemas, "log");
	struct wl_table logs = WL_TABLE_INIT, fm = WL_TABLE_INIT;
	char *in = NULL;
	size_t i, j = 0, k;
	int ret = -1;

	if (period_logs(c, &logs, &in) < 0 ||
	    report_query(c, &fm, 0,
			 "SELECT path, text FROM items WHERE kind = 'list'"
			 " AND field = 'next' AND path IN"
			 " (SELECT path FROM sel WHERE type = 'log')"
			 " ORDER BY path, position") < 0)
		goto done;
	for (i = 0; i < logs.nrows; i++) {
		const char *path = report_cell(&logs, i, 0);
		struct wl_rv *items = rv_list(r);

		if (!in[i])
			continue;
		for (j = 0; j < fm.nrows; j++)
			if (!strcmp(report_cell(&fm, j, 0), path))
				rv_push(r, items, rv_text(r, report_cell(&fm, j, 1)));
		if (type && body_next(c, type, path, items) < 0)
			goto done;
		for (k = 0; k < items->nr; k++) {
			struct wl_rv *row = rv_obj(r);

			rv_set(r, row, "owner",
			       rv_text(r, report_cell(&logs, i, 1)));
			rv_set(r, row, "period",
			       rv_text(r, report_cell(&logs, i, 2)));
			rv_set(r, row, "item", items->v[k]);
			rv_push(r, out, row);
		}
	}
	ret = 0;
done:
	free(in);
	wl_table_release(&logs);
	wl_table_release(&fm);
	return ret;
}
