/*
 * --format csv: RFC 4180. A header line of the column names, then one
 * line per row, each ending in CRLF; a field holding a comma, a double
 * quote, CR or LF is quoted, its double quotes doubled. A NULL is an
 * empty field and numbers are written as SQLite writes them. Text is
 * written as it is, but for what could drive a terminal showing the file
 * or hide text from a reader: other control characters, bidirectional
 * controls and bytes that are not UTF-8 are escaped as the text format
 * escapes them (wl_buf_add_printable); tabs, CR and LF stay.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "table.h"
#include "util.h"

#include "../banned.h"

static void field(struct wl_buf *b, const char *s, size_t len)
{
	size_t i, run = 0;
	int quote = 0;

	for (i = 0; i < len; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			quote = 1;
	if (quote)
		wl_buf_addch(b, '"');
	for (i = 0; i < len; i++) {
		if (s[i] != '"' && s[i] != '\r' && s[i] != '\n' && s[i] != '\t')
			continue;
		wl_buf_add_printable(b, s + run, i - run);
		if (s[i] == '"')
			wl_buf_addch(b, '"');
		wl_buf_addch(b, s[i]);
		run = i + 1;
	}
	wl_buf_add_printable(b, s + run, len - run);
	if (quote)
		wl_buf_addch(b, '"');
}

void cli_rows_csv(FILE *out, const struct wl_table *t)
{
	struct wl_buf b = WL_BUF_INIT;
	size_t r, c;

	for (c = 0; c < t->ncols; c++) {
		if (c)
			wl_buf_addch(&b, ',');
		field(&b, t->cols[c], strlen(t->cols[c]));
	}
	wl_buf_addstr(&b, "\r\n");
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const struct wl_cell *cell = wl_table_cell(t, r, c);

			if (c)
				wl_buf_addch(&b, ',');
			if (cell->type != WL_CELL_NULL)
				field(&b, cell->text, cell->len);
		}
		wl_buf_addstr(&b, "\r\n");
		cli_rows_flush(out, &b, 0);
	}
	cli_rows_flush(out, &b, 1);
	wl_buf_release(&b);
}
