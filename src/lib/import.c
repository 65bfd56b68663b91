/*
 * The import engine (import.h): rows made into drafts, all of them
 * checked, and written all or none.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "write.h"

#include "../banned.h"

void wl_import_rows_release(struct wl_import_rows *rows)
{
	size_t i, j;

	for (i = 0; i < rows->nr; i++) {
		struct wl_import_row *r = &rows->v[i];

		for (j = 0; j < r->nr; j++) {
			free(r->cells[j].field);
			free(r->cells[j].text);
			free(r->cells[j].column);
		}
		for (j = 0; j < r->nr_parts; j++) {
			free(r->parts[j].heading);
			free(r->parts[j].text);
		}
		free(r->cells);
		free(r->parts);
		free(r->where);
	}
	free(rows->v);
	wl_strlist_release(&rows->unmapped);
	memset(rows, 0, sizeof(*rows));
}

struct wl_import_row *wl_import_row_add(struct wl_import_rows *rows,
					char *where)
{
	struct wl_import_row *r;

	WL_ALLOC_GROW(rows->v, rows->nr + 1, rows->alloc);
	r = &rows->v[rows->nr++];
	memset(r, 0, sizeof(*r));
	r->where = where;
	return r;
}

void wl_import_cell_add(struct wl_import_row *row, const char *field,
			const char *text, size_t len, const char *column)
{
	struct wl_import_cell *c;

	WL_ALLOC_GROW(row->cells, row->nr + 1, row->alloc);
	c = &row->cells[row->nr++];
	c->field = wl_xstrdup(field);
	c->text = wl_xstrndup(text, len);
	c->column = wl_xstrdup(column);
}

void wl_import_part_add(struct wl_import_row *row, const char *heading,
			const char *text)
{
	WL_ALLOC_GROW(row->parts, row->nr_parts + 1, row->alloc_parts);
	row->parts[row->nr_parts].heading = wl_xstrdup(heading);
	row->parts[row->nr_parts++].text = wl_xstrdup(text);
}

void wl_import_plan_release(struct wl_import_plan *plan)
{
	size_t i;

	for (i = 0; i < plan->nr; i++)
		wl_draft_release(&plan->drafts[i]);
	free(plan->drafts);
	wl_strlist_release(&plan->problems);
	memset(plan, 0, sizeof(*plan));
}

/* Problems, each with the row it belongs to, to be told in row order. */
struct problem {
	size_t row;
	char *text;
};
struct problems {
	struct problem *v;
	size_t nr, alloc;
};

__attribute__((format(printf, 4, 5)))
static void problem(struct problems *p, size_t row, const char *where,
		    const char *fmt, ...)
{
	struct wl_buf b = WL_BUF_INIT;
	va_list ap;

	wl_buf_addf(&b, "%s: ", where);
	va_start(ap, fmt);
	wl_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	WL_ALLOC_GROW(p->v, p->nr + 1, p->alloc);
	p->v[p->nr].row = row;
	p->v[p->nr++].text = wl_buf_detach(&b, NULL);
}

static int cmp_problem(const void *a, const void *b)
{
	const struct problem *x = a, *y = b;

	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* Items of `add` not in `seq` yet, appended to it (a new list). */
static struct wl_node *merge_lists(struct wl_draft *d, struct wl_node *seq,
				   const struct wl_node *add)
{
	struct wl_node *out;
	size_t i, j, n = 0;

	if (!seq)
		return (struct wl_node *)add;
	out = wl_arena_alloc(&d->arena, sizeof(*out));
	*out = *seq;
	out->items = wl_arena_alloc(&d->arena,
				    (seq->nr + add->nr + 1) * sizeof(*out->items));
	for (i = 0; i < seq->nr; i++)
		out->items[n++] = seq->items[i];
	for (i = 0; i < add->nr; i++) {
		for (j = 0; j < n; j++)
			if (wl_node_equal(out->items[j], add->items[i]))
				break;
		if (j == n)
			out->items[n++] = add->items[i];
	}
	out->nr = n;
	return out;
}

/*
 * The cells of field `name`: a list takes the items of all of them; a
 * single value the first that is a value of the field. Returns 1 if a
 * problem was told, else 0.
 */
static int apply_field(struct wl_draft *d, const struct wl_import_row *row,
		       const char *name, const struct wl_import_opts *o,
		       struct problems *p, size_t ri)
{
	const char *names[256], *own = NULL;
	size_t nr = wl_type_field_names(names, 256, d->type), i;
	struct wl_node *list = NULL, *v;
	const struct wl_import_cell *bad = NULL;
	char *why = NULL, *first = NULL;
	struct wl_field f;
	int set = 0;

	for (i = 0; i < nr && !own; i++)
		if (!strcmp(names[i], name))
			own = names[i];
	if (!own || wl_type_field(&f, d->type, own) < 0)
		return 0;
	for (i = 0; i < row->nr; i++) {
		const struct wl_import_cell *c = &row->cells[i];
		int r;

		if (strcmp(c->field, name) || (set && !list))
			continue;
		r = wl_value_from_text(&v, &d->arena, &f, &o->ctx, c->text,
				       &why);
		if (r < 0 && !bad) {
			bad = c;
			first = why;
			why = NULL;
		}
		free(why);
		why = NULL;
		if (r <= 0)
			continue;
		if (v->kind == WL_NODE_SEQ)
			list = merge_lists(d, list, v);
		else
			wl_draft_put(d, own, v);
		set = 1;
	}
	if (list)
		wl_draft_put(d, own, list);
	if (bad && (!set || list) && (f.shape.enum_values || f.item.enum_values))
		problem(p, ri, row->where,
			"%s: %s (say what it means with --map-value '%s:%s=VALUE')",
			bad->column, first, name,
			strlen(bad->text) <= 40 && !strpbrk(bad->text, "\r\n'") ?
				bad->text : "TEXT");
	else if (bad && (!set || list))
		problem(p, ri, row->where, "%s: %s", bad->column, first);
	free(first);
	return bad && (!set || list);
}

static void told_about(struct wl_strlist *l, const char *field)
{
	wl_strlist_take(l, wl_xstrdup(field));
}

static int listed(const struct wl_strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (!strcmp(l->v[i], s))
			return 1;
	return 0;
}

/* The draft of one row; returns 0 if it could be made. */
static int make_draft(struct wl_draft *d, const struct wl_import_row *row,
		      size_t ri, const struct wl_import_opts *o,
		      struct wl_rng *rng, const struct wl_config *cfg,
		      struct problems *p)
{
	const char **missing = NULL;
	struct wl_strlist told = WL_STRLIST_INIT;
	size_t nr_missing = 0, before = p->nr, i, j;
	char *why = NULL;

	for (i = 0; i < o->nr_sets; i++) {
		const char *eq = strchr(o->sets[i], '=');
		char *field = wl_xstrndup(o->sets[i], eq - o->sets[i]);

		if (wl_draft_set_text(d, &o->ctx, field, eq + 1, &why) < 0)
			problem(p, ri, row->where, "--set %s: %s", field, why);
		free(field);
		free(why);
		why = NULL;
	}
	for (i = 0; i < row->nr; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(row->cells[j].field, row->cells[i].field))
				break;
		if (j < i)
			continue;
		if (!strcmp(row->cells[i].field, "body")) {
			for (j = i; j < row->nr; j++)
				if (!strcmp(row->cells[j].field, "body"))
					wl_draft_add_text(d, NULL, NULL,
							  row->cells[j].text,
							  strlen(row->cells[j].text));
			continue;
		}
		if (apply_field(d, row, row->cells[i].field, o, p, ri))
			told_about(&told, row->cells[i].field);
	}
	for (i = 0; i < row->nr_parts; i++)
		wl_draft_add_text(d, NULL, row->parts[i].heading,
				  row->parts[i].text, strlen(row->parts[i].text));
	if (wl_draft_fill(d, &o->ctx, rng, &missing, &nr_missing, &why) < 0)
		problem(p, ri, row->where, "%s", why);
	/* A field whose cell was wrong is missing too: told once. */
	for (i = 0; i < nr_missing; i++)
		if (!listed(&told, missing[i]))
			problem(p, ri, row->where,
				"no %s: map a column to it (--map COLUMN=%s) or give --set %s=VALUE",
				missing[i], missing[i], missing[i]);
	free(missing);
	wl_strlist_release(&told);
	free(why);
	why = NULL;
	if (p->nr == before && wl_draft_place(d, cfg, &o->ctx, rng, &why) < 0)
		problem(p, ri, row->where, "%s", why);
	free(why);
	if (p->nr > before)
		return -1;
	wl_draft_render(d);
	/* A draft's values live in an arena of its own: 100,000 of them
	 * held until the end cost gigabytes, where the texts cost tens of
	 * megabytes. */
	wl_draft_keep_text(d);
	return 0;
}

/* The first place in `by` (of wl_drafts_by_path) of a draft at `path`,
 * or where one would be. */
static size_t first_at(struct wl_draft *const *made, const size_t *by,
		       size_t nr, const char *path)
{
	size_t lo = 0, hi = nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(made[by[mid]]->path, path) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The findings of the check, told for the rows whose drafts they are. */
static void tell_findings(struct problems *p, const struct wl_diags *diags,
			  struct wl_draft **made, const size_t *rows,
			  size_t nr, const struct wl_import_rows *in)
{
	size_t *by = wl_drafts_by_path(made, nr), i, k;

	for (i = 0; i < diags->nr; i++) {
		const struct wl_diag *g = &diags->v[i];

		if (g->severity != WL_SEV_ERROR)
			continue;
		for (k = first_at(made, by, nr, g->path);
		     k < nr && !strcmp(made[by[k]]->path, g->path); k++)
			problem(p, rows[by[k]], in->v[rows[by[k]]].where, "%s",
				g->message);
	}
	free(by);
}

/*
 * Marks in `again` the drafts with a made id that share their path with
 * another draft: all of a path but one (one whose id was given, if
 * any). Returns how many it marked.
 */
static size_t mark_repeats(struct wl_draft **made, size_t nr, char *again)
{
	size_t *by = wl_drafts_by_path(made, nr), i, j, k, count = 0;

	for (i = 0; i < nr; i = j) {
		size_t keep = i;

		for (j = i + 1; j < nr && !strcmp(made[by[j]]->path,
						  made[by[i]]->path); j++)
			;
		for (k = i; k < j; k++)
			if (!made[by[k]]->id_made) {
				keep = k;
				break;
			}
		for (k = i; k < j; k++)
			if (k != keep && made[by[k]]->id_made) {
				again[by[k]] = 1;
				count++;
			}
	}
	free(by);
	return count;
}

/* Marks in `again` the drafts with a made id whose path or id the check
 * found taken (wl_drafts_taken). Returns how many it marked. */
static size_t mark_taken(struct wl_draft **made, size_t nr,
			 const struct wl_diags *diags, char *again)
{
	size_t *by = wl_drafts_by_path(made, nr), i, k, count = 0;

	for (i = 0; i < diags->nr; i++) {
		const struct wl_diag *g = &diags->v[i];

		if (strcmp(g->rule, "exists") && strcmp(g->rule, "duplicate-id"))
			continue;
		for (k = first_at(made, by, nr, g->path);
		     k < nr && !strcmp(made[by[k]]->path, g->path); k++)
			if (made[by[k]]->id_made && !again[by[k]]) {
				again[by[k]] = 1;
				count++;
			}
	}
	free(by);
	return count;
}

/* At most this many random parts are tried for a row whose id is taken;
 * every WIDEN_EVERY tries they get a digit longer, so that ids crowded
 * by the records already there still come apart. */
#define MAX_TRIES 16
#define WIDEN_EVERY 4

int wl_import_prepare(struct wl_import_plan *plan, struct wl_repo *repo,
		      const struct wl_import_rows *rows,
		      const struct wl_import_opts *opts, char **err)
{
	struct problems p = { NULL, 0, 0 };
	struct wl_draft **made = wl_xcalloc(rows->nr + 1, sizeof(*made));
	size_t *which = wl_xcalloc(rows->nr + 1, sizeof(*which)), n = 0, i;
	char *again = wl_xcalloc(rows->nr + 1, 1);
	struct wl_diags diags = WL_DIAGS_INIT;
	struct wl_rng rng;
	int ret = -1, tries;

	*err = NULL;
	wl_rng_init(&rng);
	wl_rng_size(&rng, rows->nr);
	plan->drafts = wl_xcalloc(rows->nr + 1, sizeof(*plan->drafts));
	plan->nr = rows->nr;
	for (i = 0; i < rows->nr; i++) {
		wl_draft_init(&plan->drafts[i], opts->type, opts->lang);
		if (make_draft(&plan->drafts[i], &rows->v[i], i, opts, &rng,
			       &repo->cfg, &p) < 0)
			continue;
		made[n] = &plan->drafts[i];
		which[n++] = i;
	}
	/* An id made here that another row has too, or that the check
	 * finds taken by a record, gets another random part. Rows are
	 * kept apart first, cheaply, so that the whole check (every
	 * record of the tree) runs again only for a clash with a record. */
	for (tries = 1;; tries++) {
		size_t nr_again = 0;

		memset(again, 0, n);
		if (tries < MAX_TRIES)
			nr_again = mark_repeats(made, n, again);
		if (!nr_again) {
			if (wl_drafts_check(repo, made, n, NULL, &diags, err) < 0)
				goto done;
			if (tries < MAX_TRIES)
				nr_again = mark_taken(made, n, &diags, again);
			if (!nr_again)
				break;
			wl_diags_release(&diags);
		}
		if (tries % WIDEN_EVERY == 0 && rng.digits < WL_RNG_MAX_DIGITS)
			rng.digits++;
		for (i = 0; i < n; i++) {
			if (!again[i])
				continue;
			wl_draft_release(made[i]);
			wl_draft_init(made[i], opts->type, opts->lang);
			make_draft(made[i], &rows->v[which[i]], which[i], opts,
				   &rng, &repo->cfg, &p);
		}
	}
	tell_findings(&p, &diags, made, which, n, rows);
	if (p.nr > 1)
		qsort(p.v, p.nr, sizeof(*p.v), cmp_problem);
	for (i = 0; i < p.nr; i++) {
		if (!i || p.v[i].row != p.v[i - 1].row)
			plan->bad_rows++;
		wl_strlist_take(&plan->problems, p.v[i].text);
		p.v[i].text = NULL;
	}
	ret = 0;
done:
	for (i = 0; i < p.nr; i++)
		free(p.v[i].text);
	free(p.v);
	free(made);
	free(which);
	free(again);
	wl_diags_release(&diags);
	return ret;
}

int wl_import_write(const struct wl_import_plan *plan, const char *root,
		    char **err)
{
	struct wl_strlist files = WL_STRLIST_INIT, made = WL_STRLIST_INIT;
	size_t i;
	int ret = 0;

	*err = NULL;
	for (i = 0; i < plan->nr; i++) {
		const struct wl_draft *d = &plan->drafts[i];

		if (wl_write_file(root, d->path, d->text, d->len, WL_WRITE_NEW,
				  &made) < 0) {
			*err = wl_xprintf("cannot write '%s': %s; nothing was imported",
					  d->path, strerror(errno));
			wl_write_undo(root, &files, &made);
			ret = -1;
			break;
		}
		wl_strlist_take(&files, wl_xstrdup(d->path));
	}
	wl_strlist_release(&files);
	wl_strlist_release(&made);
	return ret;
}
