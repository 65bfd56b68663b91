/*
 * --format json: one object, {"records": N, "errors": E, "warnings": W,
 * "diagnostics": [{"path", "line", "column", "severity", "rule",
 * "message"}]}, each diagnostic of a pushed commit with a "commit" member
 * first. A result set (aggregate) is an array of row objects whose
 * values keep their SQL types: integers and reals as numbers, text as
 * strings, NULL as null, a blob as a string of hex digits.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "table.h"
#include "util.h"

#include "../banned.h"

static void diag(struct wl_buf *b, const struct wl_diag *g, const char *commit)
{
	wl_buf_addch(b, '{');
	if (commit) {
		wl_buf_addstr(b, "\"commit\": ");
		wl_buf_add_json_string(b, commit, strlen(commit));
		wl_buf_addstr(b, ", ");
	}
	wl_buf_addstr(b, "\"path\": ");
	wl_buf_add_json_string(b, g->path, strlen(g->path));
	wl_buf_addf(b, ", \"line\": %d, \"column\": %d, \"severity\": \"%s\", \"rule\": ",
		    g->line, g->column, wl_severity_name(g->severity));
	wl_buf_add_json_string(b, g->rule, strlen(g->rule));
	wl_buf_addstr(b, ", \"message\": ");
	wl_buf_add_json_string(b, g->message, strlen(g->message));
	wl_buf_addch(b, '}');
}

void cli_findings_json(FILE *out, const struct cli_findings *f)
{
	struct wl_buf b = WL_BUF_INIT;
	size_t i, k, n = 0;

	wl_buf_addf(&b, "{\"records\": %zu, \"errors\": %zu, \"warnings\": %zu, \"diagnostics\": [",
		    f->records, f->errors, f->warnings);
	for (i = 0; i < f->nr; i++) {
		const struct cli_finding_group *g = &f->groups[i];

		for (k = 0; k < g->diags->nr; k++) {
			wl_buf_addstr(&b, n++ ? ",\n  " : "\n  ");
			diag(&b, &g->diags->v[k], g->commit);
		}
	}
	wl_buf_addstr(&b, n ? "\n]}\n" : "]}\n");
	fwrite(b.buf, 1, b.len, out);
	wl_buf_release(&b);
}

/* A REAL as JSON: SQLite writes infinities as Inf, which JSON lacks. */
static void real(struct wl_buf *b, const struct wl_cell *cell)
{
	if (memchr(cell->text, 'I', cell->len) || memchr(cell->text, 'N', cell->len))
		wl_buf_addstr(b, "null");
	else
		wl_buf_add(b, cell->text, cell->len);
}

void cli_rows_json(FILE *out, const struct wl_table *t)
{
	struct wl_buf b = WL_BUF_INIT;
	size_t r, c;

	wl_buf_addch(&b, '[');
	for (r = 0; r < t->nrows; r++) {
		wl_buf_addstr(&b, r ? ",\n  {" : "\n  {");
		for (c = 0; c < t->ncols; c++) {
			const struct wl_cell *cell = wl_table_cell(t, r, c);

			if (c)
				wl_buf_addstr(&b, ", ");
			wl_buf_add_json_string(&b, t->cols[c],
					       strlen(t->cols[c]));
			wl_buf_addstr(&b, ": ");
			if (cell->type == WL_CELL_NULL)
				wl_buf_addstr(&b, "null");
			else if (cell->type == WL_CELL_INT)
				wl_buf_add(&b, cell->text, cell->len);
			else if (cell->type == WL_CELL_REAL)
				real(&b, cell);
			else
				wl_buf_add_json_string(&b, cell->text,
						       cell->len);
		}
		wl_buf_addch(&b, '}');
		cli_rows_flush(out, &b, 0);
	}
	wl_buf_addstr(&b, t->nrows ? "\n]\n" : "]\n");
	cli_rows_flush(out, &b, 1);
	wl_buf_release(&b);
}
