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
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report.h"
#include "table.h"
#include "util.h"

#include "../banned.h"

void cli_csv_field(struct wl_buf *b, const char *s, size_t len)
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
		cli_csv_field(&b, t->cols[c], strlen(t->cols[c]));
	}
	wl_buf_addstr(&b, "\r\n");
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const struct wl_cell *cell = wl_table_cell(t, r, c);

			if (c)
				wl_buf_addch(&b, ',');
			if (cell->type != WL_CELL_NULL)
				cli_csv_field(&b, cell->text, cell->len);
		}
		wl_buf_addstr(&b, "\r\n");
		cli_rows_flush(out, &b, 0);
	}
	cli_rows_flush(out, &b, 1);
	wl_buf_release(&b);
}

/*
 * A report: the one table --section names, its header in the report's
 * language, cells as every format shows them (lists joined by "; ").
 * It starts with a UTF-8 byte order mark, which Excel needs to read
 * UTF-8 (without it Chinese text turns to mojibake) and Google Sheets,
 * LibreOffice and Python's utf-8-sig ignore.
 */
void cli_report_csv(FILE *out, const struct cli_report *rep)
{
	struct wl_buf b = WL_BUF_INIT, cell = WL_BUF_INIT;
	struct cli_report_part *parts;
	size_t nr, i, r, c;

	parts = cli_report_parts(rep, &nr);
	wl_buf_addstr(&b, "\xef\xbb\xbf");
	for (i = 0; i < nr; i++) {
		const struct cli_report_part *p = &parts[i];

		if (!p->rows)
			continue;
		for (c = 0; c < p->ncols; c++) {
			const char *l = cli_report_label(rep, p->name,
							 cli_report_col(p, c));

			if (c)
				wl_buf_addch(&b, ',');
			cli_csv_field(&b, l, strlen(l));
		}
		wl_buf_addstr(&b, "\r\n");
		for (r = 0; r < p->rows->nr; r++) {
			for (c = 0; c < p->ncols; c++) {
				const struct wl_rv *v = wl_rv_get(
					p->rows->v[r], cli_report_col(p, c));

				if (c)
					wl_buf_addch(&b, ',');
				wl_buf_reset(&cell);
				if (v)
					cli_report_cell(&cell, rep, p->name, v);
				cli_csv_field(&b, wl_buf_cstr(&cell), cell.len);
			}
			wl_buf_addstr(&b, "\r\n");
			cli_rows_flush(out, &b, 0);
		}
		break;
	}
	cli_rows_flush(out, &b, 1);
	free(parts);
	wl_buf_release(&b);
	wl_buf_release(&cell);
}
