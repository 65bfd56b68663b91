/*
 * --format markdown: a GitHub-flavoured pipe table. Numbers are
 * right-aligned (`---:`). A cell is escaped so that it stays one cell
 * and shows what the record says: '|' and '\' get a backslash, a line
 * break becomes <br>, '<' and '&' become entities (no HTML from a
 * record reaches a rendered report), other control characters are shown
 * as escapes. A NULL is an empty cell.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "table.h"
#include "util.h"

#include "../banned.h"

static void cell_text(struct wl_buf *b, const char *s, size_t len)
{
	size_t i, run = 0;

	for (i = 0; i < len; i++) {
		const char *esc;

		switch (s[i]) {
		case '|':
			esc = "\\|";
			break;
		case '\\':
			esc = "\\\\";
			break;
		case '<':
			esc = "&lt;";
			break;
		case '&':
			esc = "&amp;";
			break;
		case '\n':
			esc = "<br>";
			break;
		case '\r':
			esc = "";
			break;
		default:
			continue;
		}
		wl_buf_add_printable(b, s + run, i - run);
		wl_buf_addstr(b, esc);
		run = i + 1;
	}
	wl_buf_add_printable(b, s + run, len - run);
}

void cli_rows_markdown(FILE *out, const struct wl_table *t)
{
	struct wl_buf b = WL_BUF_INIT;
	size_t r, c;

	wl_buf_addch(&b, '|');
	for (c = 0; c < t->ncols; c++) {
		wl_buf_addch(&b, ' ');
		cell_text(&b, t->cols[c], strlen(t->cols[c]));
		wl_buf_addstr(&b, " |");
	}
	wl_buf_addstr(&b, "\n|");
	for (c = 0; c < t->ncols; c++)
		wl_buf_addstr(&b, wl_table_numeric(t, c) ? " ---: |" : " --- |");
	wl_buf_addch(&b, '\n');
	for (r = 0; r < t->nrows; r++) {
		wl_buf_addch(&b, '|');
		for (c = 0; c < t->ncols; c++) {
			const struct wl_cell *cell = wl_table_cell(t, r, c);

			wl_buf_addch(&b, ' ');
			if (cell->type != WL_CELL_NULL)
				cell_text(&b, cell->text, cell->len);
			wl_buf_addstr(&b, " |");
		}
		wl_buf_addch(&b, '\n');
		cli_rows_flush(out, &b, 0);
	}
	cli_rows_flush(out, &b, 1);
	wl_buf_release(&b);
}
