/*
 * --format markdown: a GitHub-flavoured pipe table. Numbers are
 * right-aligned (`---:`). A cell is escaped so that it stays one cell
 * and shows what the record says: '|' and '\' get a backslash, a line
 * break becomes <br>, '<' and '&' become entities (no HTML from a
 * record reaches a rendered report), other control characters are shown
 * as escapes. A NULL is an empty cell.
 *
 * A report: a title, the line of what it covers, then a heading and a
 * table per part (report_text.c), an empty one saying so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report.h"
#include "table.h"
#include "util.h"

#include "../banned.h"

void cli_markdown_cell(struct wl_buf *b, const char *s, size_t len)
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
		cli_markdown_cell(&b, t->cols[c], strlen(t->cols[c]));
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
				cli_markdown_cell(&b, cell->text, cell->len);
			wl_buf_addstr(&b, " |");
		}
		wl_buf_addch(&b, '\n');
		cli_rows_flush(out, &b, 0);
	}
	cli_rows_flush(out, &b, 1);
	wl_buf_release(&b);
}

/* Right-aligns a column whose values are all numbers. */
static int numeric_col(const struct cli_report_part *p, const char *key)
{
	size_t r;
	int any = 0;

	for (r = 0; r < p->rows->nr; r++) {
		const struct wl_rv *v = wl_rv_get(p->rows->v[r], key);

		if (!v || v->kind == WL_RV_NULL)
			continue;
		if (v->kind != WL_RV_INT && v->kind != WL_RV_NUM)
			return 0;
		any = 1;
	}
	return any;
}

static void report_table(struct wl_buf *b, const struct cli_report *rep,
			 const struct cli_report_part *p)
{
	struct wl_buf cell = WL_BUF_INIT;
	size_t r, c;

	if (!p->rows->nr) {
		wl_buf_addf(b, "_%s_\n\n", cli_report_empty(rep));
		return;
	}
	wl_buf_addch(b, '|');
	for (c = 0; c < p->ncols; c++) {
		const char *l = cli_report_label(rep, p->name,
						 cli_report_col(p, c));

		wl_buf_addch(b, ' ');
		cli_markdown_cell(b, l, strlen(l));
		wl_buf_addstr(b, " |");
	}
	wl_buf_addstr(b, "\n|");
	for (c = 0; c < p->ncols; c++)
		wl_buf_addstr(b, numeric_col(p, cli_report_col(p, c)) ? " ---: |"
								      : " --- |");
	wl_buf_addch(b, '\n');
	for (r = 0; r < p->rows->nr; r++) {
		wl_buf_addch(b, '|');
		for (c = 0; c < p->ncols; c++) {
			const struct wl_rv *v = wl_rv_get(p->rows->v[r],
							  cli_report_col(p, c));

			wl_buf_reset(&cell);
			if (v)
				cli_report_cell(&cell, rep, p->name, v);
			wl_buf_addch(b, ' ');
			cli_markdown_cell(b, wl_buf_cstr(&cell), cell.len);
			wl_buf_addstr(b, " |");
		}
		wl_buf_addch(b, '\n');
	}
	wl_buf_addch(b, '\n');
	wl_buf_release(&cell);
}

void cli_report_markdown(FILE *out, const struct cli_report *rep)
{
	struct wl_buf b = WL_BUF_INIT, t = WL_BUF_INIT;
	struct cli_report_part *parts;
	size_t i, nr;

	cli_report_title(&t, rep);
	wl_buf_addstr(&b, "# ");
	cli_markdown_cell(&b, wl_buf_cstr(&t), t.len);
	wl_buf_reset(&t);
	cli_report_subtitle(&t, rep);
	wl_buf_addstr(&b, "\n\n");
	cli_markdown_cell(&b, wl_buf_cstr(&t), t.len);
	wl_buf_addstr(&b, "\n\n");
	parts = cli_report_parts(rep, &nr);
	for (i = 0; i < nr; i++) {
		wl_buf_addstr(&b, parts[i].level == 3 ? "### " : "## ");
		cli_markdown_cell(&b, parts[i].title, strlen(parts[i].title));
		wl_buf_addstr(&b, "\n\n");
		if (parts[i].rows)
			report_table(&b, rep, &parts[i]);
		cli_rows_flush(out, &b, 0);
	}
	/* No blank line at the end. */
	if (b.len && b.buf[b.len - 1] == '\n')
		b.buf[--b.len] = '\0';
	cli_rows_flush(out, &b, 1);
	free(parts);
	wl_buf_release(&b);
	wl_buf_release(&t);
}
