/* A result set of typed cells. See table.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"

#include "../banned.h"

void wl_table_add_column(struct wl_table *t, const char *name, size_t len)
{
	WL_ALLOC_GROW(t->cols, t->ncols + 1, t->cols_alloc);
	t->cols[t->ncols++] = wl_xstrndup(name, len);
}

struct wl_cell *wl_table_add_row(struct wl_table *t)
{
	struct wl_cell *row;

	/* A row of no columns still counts (a cell past the end of it never
	 * is read). */
	WL_ALLOC_GROW(t->cells, (t->nrows + 1) * t->ncols + 1, t->rows_alloc);
	row = t->cells + t->nrows * t->ncols;
	memset(row, 0, (t->ncols + 1) * sizeof(*row));
	t->nrows++;
	t->bytes += t->ncols * sizeof(*row);
	return row;
}

void wl_table_set_text(struct wl_table *t, struct wl_cell *c,
		       enum wl_cell_type type, const char *s, size_t len)
{
	c->type = type;
	c->text = wl_arena_strndup(&t->arena, s, len);
	c->len = len;
	t->bytes += len;
}

void wl_table_set_int(struct wl_table *t, struct wl_cell *c, long long v)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%lld", v);

	wl_table_set_text(t, c, WL_CELL_INT, buf, (size_t)n);
	c->i = v;
}

const struct wl_cell *wl_table_cell(const struct wl_table *t, size_t row,
				    size_t col)
{
	return &t->cells[row * t->ncols + col];
}

int wl_table_numeric(const struct wl_table *t, size_t col)
{
	size_t r;
	int any = 0;

	for (r = 0; r < t->nrows; r++) {
		enum wl_cell_type type = wl_table_cell(t, r, col)->type;

		if (type == WL_CELL_NULL)
			continue;
		if (type != WL_CELL_INT && type != WL_CELL_REAL)
			return 0;
		any = 1;
	}
	return any;
}

void wl_table_release(struct wl_table *t)
{
	wl_strv_free(t->cols, t->ncols);
	free(t->cells);
	wl_arena_release(&t->arena);
	memset(t, 0, sizeof(*t));
}
