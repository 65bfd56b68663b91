/*
 * --format json: one object, {"records": N, "errors": E, "warnings": W,
 * "diagnostics": [{"path", "line", "column", "severity", "rule",
 * "message"}]}, each diagnostic of a pushed commit with a "commit" member
 * first. A result set (aggregate) is an array of row objects whose
 * values keep their SQL types: integers and reals as numbers, text as
 * strings, NULL as null, a blob as a string of hex digits.
 *
 * A report is its model as it is (docs/report.md): objects, lists,
 * numbers with the decimals of wl_rv_fmt, days as "YYYY-MM-DD" strings,
 * labels as their keys, two spaces of indentation.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "report.h"
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

/* A value of a report's model, indented by `depth` levels. */
static void report_value(struct wl_buf *b, const struct wl_rv *v, int depth)
{
	size_t i;

	switch (v->kind) {
	case WL_RV_NULL:
		wl_buf_addstr(b, "null");
		break;
	case WL_RV_BOOL:
	case WL_RV_INT:
	case WL_RV_NUM:
		wl_rv_fmt(b, v);
		break;
	case WL_RV_DAY:
		wl_buf_addch(b, '"');
		wl_rv_fmt(b, v);
		wl_buf_addch(b, '"');
		break;
	case WL_RV_TEXT:
	case WL_RV_LABEL:
		wl_buf_add_json_string(b, v->s, strlen(v->s));
		break;
	case WL_RV_LIST:
	case WL_RV_OBJ:
		wl_buf_addch(b, v->kind == WL_RV_LIST ? '[' : '{');
		for (i = 0; i < v->nr; i++) {
			wl_buf_addf(b, "%s\n%*s", i ? "," : "", 2 * (depth + 1),
				    "");
			if (v->kind == WL_RV_OBJ) {
				wl_buf_add_json_string(b, v->keys[i],
						       strlen(v->keys[i]));
				wl_buf_addstr(b, ": ");
			}
			report_value(b, v->v[i], depth + 1);
		}
		if (v->nr)
			wl_buf_addf(b, "\n%*s", 2 * depth, "");
		wl_buf_addch(b, v->kind == WL_RV_LIST ? ']' : '}');
		break;
	}
}

void cli_report_json(FILE *out, const struct cli_report *rep)
{
	const struct wl_rv *root = rep->model->root;
	const struct wl_rv *extra = wl_rv_get(root, "extra");
	struct wl_rv only = { WL_RV_OBJ, 0, 0, 0, NULL, NULL, NULL, 0, 0 };
	struct wl_rv query = only, *v[2], *qv[1];
	const char *keys[2], *qkeys[1];
	struct wl_buf b = WL_BUF_INIT;

	/* --section: "report" and that part alone; a query's under
	 * "extra", the actions of meetings as "actions". */
	if (rep->only) {
		keys[0] = "report";
		v[0] = (struct wl_rv *)wl_rv_get(root, "report");
		keys[1] = rep->only;
		v[1] = (struct wl_rv *)wl_rv_get(root, rep->only);
		if (!v[1] && !strcmp(rep->only, "actions"))
			v[1] = (struct wl_rv *)wl_rv_get(
				wl_rv_get(root, "meetings"), "actions");
		if (!v[1] && wl_rv_get(extra, rep->only)) {
			qkeys[0] = rep->only;
			qv[0] = (struct wl_rv *)wl_rv_get(extra, rep->only);
			query.keys = qkeys;
			query.v = qv;
			query.nr = 1;
			keys[1] = "extra";
			v[1] = &query;
		}
		only.keys = keys;
		only.v = v;
		only.nr = v[1] ? 2 : 1;
		root = &only;
	}
	report_value(&b, root, 0);
	wl_buf_addch(&b, '\n');
	fwrite(b.buf, 1, b.len, out);
	wl_buf_release(&b);
}
