/*
 * --format table: a result set in columns, aligned by display width so
 * that Chinese and other wide characters (two columns each in a
 * terminal) line up; libutf8proc knows each character's width. Numbers
 * are right-aligned, text left-aligned; a NULL is blank. Cells are made
 * printable first: a control character from a record shows as an escape
 * and can never break the table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "cli.h"
#include "table.h"
#include "util.h"

#include "../banned.h"

/* Columns a string takes in a terminal; a byte that is not UTF-8 takes
 * one, as terminals show a replacement character. */
size_t cli_display_width(const char *s, size_t len)
{
	size_t i = 0, w = 0;

	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(
			(const utf8proc_uint8_t *)s + i,
			(utf8proc_ssize_t)(len - i), &cp);

		if (n <= 0) {
			w++;
			i++;
			continue;
		}
		w += (size_t)utf8proc_charwidth(cp);
		i += (size_t)n;
	}
	return w;
}

struct shown {
	char *text;
	size_t width;
};

/* The printable text of each header and cell, and its width. */
static struct shown *prepare(const struct wl_table *t, size_t *widths)
{
	size_t n = (t->nrows + 1) * t->ncols, r, c;
	struct shown *v = wl_xcalloc(n ? n : 1, sizeof(*v));
	struct wl_buf b = WL_BUF_INIT;

	for (r = 0; r <= t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			struct shown *sh = &v[r * t->ncols + c];
			const struct wl_cell *cell =
				r ? wl_table_cell(t, r - 1, c) : NULL;

			wl_buf_reset(&b);
			if (!r)
				wl_buf_add_printable(&b, t->cols[c],
						     strlen(t->cols[c]));
			else if (cell->type != WL_CELL_NULL)
				wl_buf_add_printable(&b, cell->text, cell->len);
			sh->text = wl_xstrdup(wl_buf_cstr(&b));
			sh->width = cli_display_width(b.buf ? b.buf : "", b.len);
			if (sh->width > widths[c])
				widths[c] = sh->width;
		}
	}
	wl_buf_release(&b);
	return v;
}

static void pad(struct wl_buf *b, size_t n)
{
	while (n--)
		wl_buf_addch(b, ' ');
}

/* One line: cells separated by two spaces, no trailing blanks. */
static void line(struct wl_buf *b, const struct shown *row, size_t ncols,
		 const size_t *widths, const int *numeric)
{
	size_t c, spaces = 0;

	for (c = 0; c < ncols; c++) {
		size_t fill = widths[c] - row[c].width;

		if (c)
			spaces += 2;
		if (numeric[c]) {
			pad(b, spaces + fill);
			spaces = 0;
		} else if (*row[c].text) {
			pad(b, spaces);
			spaces = fill;
		} else {
			spaces += fill;
			continue;
		}
		wl_buf_addstr(b, row[c].text);
	}
	wl_buf_addch(b, '\n');
}

void cli_rows_table(FILE *out, const struct wl_table *t)
{
	size_t *widths = wl_xcalloc(t->ncols + 1, sizeof(*widths));
	int *numeric = wl_xcalloc(t->ncols + 1, sizeof(*numeric));
	struct shown *v = prepare(t, widths);
	struct wl_buf b = WL_BUF_INIT;
	size_t r, c, k;

	for (c = 0; c < t->ncols; c++)
		numeric[c] = wl_table_numeric(t, c);
	line(&b, v, t->ncols, widths, numeric);
	for (c = 0; c < t->ncols; c++) {
		if (c)
			wl_buf_addstr(&b, "  ");
		for (k = 0; k < widths[c]; k++)
			wl_buf_addch(&b, '-');
	}
	wl_buf_addch(&b, '\n');
	for (r = 1; r <= t->nrows; r++) {
		line(&b, v + r * t->ncols, t->ncols, widths, numeric);
		cli_rows_flush(out, &b, 0);
	}
	cli_rows_flush(out, &b, 1);
	for (k = 0; k < (t->nrows + 1) * t->ncols; k++)
		free(v[k].text);
	free(v);
	free(widths);
	free(numeric);
	wl_buf_release(&b);
}
