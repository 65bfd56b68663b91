/* --format text: findings in the compiler form editors and CI read. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "util.h"

#include "../banned.h"

#define C_BOLD "\033[1m"
#define C_RED "\033[1;31m"
#define C_YELLOW "\033[1;33m"
#define C_DIM "\033[2m"
#define C_RESET "\033[0m"

void cli_diag_line(FILE *out, const struct wl_diag *g, const char *prefix,
		   const char *commit, int color)
{
	struct wl_buf path = WL_BUF_INIT;
	int err = g->severity == WL_SEV_ERROR;

	/* A file name may hold a newline too: it must not forge a line.
	 * Messages are printable already (wl_diags_add). */
	wl_buf_add_printable(&path, g->path, strlen(g->path));
	fprintf(out, "%s%s%s%s%s:%d:%d:%s %s%s:%s %s %s[%s]%s\n",
		prefix ? prefix : "", commit ? commit : "", commit ? ":" : "",
		color ? C_BOLD : "", wl_buf_cstr(&path), g->line, g->column,
		color ? C_RESET : "", color ? (err ? C_RED : C_YELLOW) : "",
		wl_severity_name(g->severity), color ? C_RESET : "",
		g->message, color ? C_DIM : "", g->rule, color ? C_RESET : "");
	wl_buf_release(&path);
}

void cli_findings_text(FILE *out, const struct cli_findings *f)
{
	size_t i, k;

	for (i = 0; i < f->nr; i++) {
		const struct cli_finding_group *g = &f->groups[i];

		for (k = 0; k < g->diags->nr; k++)
			cli_diag_line(out, &g->diags->v[k], g->prefix,
				      g->commit, f->color);
	}
}
