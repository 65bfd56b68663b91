#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../banned.h"
#include "node.h"
#include "util.h"

void wl_diags_vadd(struct wl_diags *d, const char *path, int line, int column,
		   enum wl_severity sev, const char *rule, const char *fmt,
		   va_list ap)
{
	struct wl_buf raw = WL_BUF_INIT, msg = WL_BUF_INIT;
	struct wl_diag *g;

	wl_buf_vaddf(&raw, fmt, ap);
	/* Messages quote input: keep each on one line, free of escapes. */
	wl_buf_add_printable(&msg, wl_buf_cstr(&raw), raw.len);
	wl_buf_release(&raw);

	WL_ALLOC_GROW(d->v, d->nr + 1, d->alloc);
	g = &d->v[d->nr++];
	g->path = wl_xstrdup(path ? path : "");
	g->line = line > 0 ? line : 1;
	g->column = column > 0 ? column : 1;
	g->severity = sev;
	g->rule = rule;
	g->message = wl_buf_detach(&msg, NULL);
	if (sev == WL_SEV_ERROR)
		d->errors++;
	else
		d->warnings++;
}

void wl_diags_add(struct wl_diags *d, const char *path, int line, int column,
		  enum wl_severity sev, const char *rule, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	wl_diags_vadd(d, path, line, column, sev, rule, fmt, ap);
	va_end(ap);
}

void wl_diags_at(struct wl_diags *d, const char *path,
		 const struct wl_node *at, enum wl_severity sev,
		 const char *rule, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	wl_diags_vadd(d, path, at ? at->line : 1, at ? at->column : 1, sev,
		      rule, fmt, ap);
	va_end(ap);
}

void wl_diags_move(struct wl_diags *to, struct wl_diags *from)
{
	if (!from->nr)
		return;
	WL_ALLOC_GROW(to->v, to->nr + from->nr, to->alloc);
	memcpy(to->v + to->nr, from->v, from->nr * sizeof(*from->v));
	to->nr += from->nr;
	to->errors += from->errors;
	to->warnings += from->warnings;
	free(from->v);
	from->v = NULL;
	from->nr = from->alloc = 0;
	from->errors = from->warnings = 0;
}

struct sort_item {
	struct wl_diag d;
	size_t seq;
};

static int cmp_diag(const void *a, const void *b)
{
	const struct sort_item *x = a, *y = b;
	int c = strcmp(x->d.path, y->d.path);

	if (c)
		return c;
	if (x->d.line != y->d.line)
		return x->d.line < y->d.line ? -1 : 1;
	if (x->d.column != y->d.column)
		return x->d.column < y->d.column ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void wl_diags_sort(struct wl_diags *d)
{
	struct sort_item *tmp;
	size_t i;

	if (d->nr < 2)
		return;
	tmp = wl_xmalloc(d->nr * sizeof(*tmp));
	for (i = 0; i < d->nr; i++) {
		tmp[i].d = d->v[i];
		tmp[i].seq = i;
	}
	qsort(tmp, d->nr, sizeof(*tmp), cmp_diag);
	for (i = 0; i < d->nr; i++)
		d->v[i] = tmp[i].d;
	free(tmp);
}

/* Frees diagnostic `g` of `d` and takes it out of the counts. */
static void drop(struct wl_diags *d, struct wl_diag *g)
{
	if (g->severity == WL_SEV_ERROR)
		d->errors--;
	else
		d->warnings--;
	free(g->path);
	free(g->message);
}

/* Returns 1 if `g` equals one of the first `n` diagnostics of `d` at its
 * place (they are sorted: those at its place come last). */
static int seen(const struct wl_diags *d, size_t n, const struct wl_diag *g)
{
	while (n-- > 0) {
		const struct wl_diag *o = &d->v[n];

		if (o->line != g->line || o->column != g->column ||
		    strcmp(o->path, g->path))
			return 0;
		if (o->severity == g->severity && !strcmp(o->rule, g->rule) &&
		    !strcmp(o->message, g->message))
			return 1;
	}
	return 0;
}

void wl_diags_unique(struct wl_diags *d)
{
	size_t i, kept = 0;

	for (i = 0; i < d->nr; i++) {
		struct wl_diag *g = &d->v[i];

		if (seen(d, kept, g))
			drop(d, g);
		else
			d->v[kept++] = *g;
	}
	d->nr = kept;
}

void wl_diags_truncate(struct wl_diags *d, size_t nr)
{
	while (d->nr > nr)
		drop(d, &d->v[--d->nr]);
}

void wl_diags_filter(struct wl_diags *d,
		     int (*keep)(const struct wl_diag *g, void *arg), void *arg)
{
	size_t i, k = 0;

	for (i = 0; i < d->nr; i++) {
		struct wl_diag *g = &d->v[i];

		if (keep(g, arg))
			d->v[k++] = *g;
		else
			drop(d, g);
	}
	d->nr = k;
}

void wl_diags_release(struct wl_diags *d)
{
	size_t i;

	for (i = 0; i < d->nr; i++) {
		free(d->v[i].path);
		free(d->v[i].message);
	}
	free(d->v);
	d->v = NULL;
	d->nr = d->alloc = 0;
	d->errors = d->warnings = 0;
}

const char *wl_severity_name(enum wl_severity sev)
{
	return sev == WL_SEV_ERROR ? "error" : "warning";
}
