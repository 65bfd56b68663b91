/*
 * --format github: GitHub Actions workflow commands, one annotation per
 * finding: "::error file=PATH,line=L,col=C,title=RULE::MESSAGE". A finding
 * of a pushed commit starts its message with the commit ("1a2b3c4d5e6f:
 * ..."): an annotation has no field for it.
 */
#include <stdio.h>

#include "cli.h"

#include "../banned.h"

/* Workflow commands escape %, \r and \n, and in a property : and , too. */
static void escape(FILE *out, const char *s, int property)
{
	for (; *s; s++) {
		if (*s == '%')
			fputs("%25", out);
		else if (*s == '\r')
			fputs("%0D", out);
		else if (*s == '\n')
			fputs("%0A", out);
		else if (property && *s == ':')
			fputs("%3A", out);
		else if (property && *s == ',')
			fputs("%2C", out);
		else
			putc(*s, out);
	}
}

void cli_findings_github(FILE *out, const struct cli_findings *f)
{
	size_t i, k;

	for (i = 0; i < f->nr; i++) {
		const struct cli_finding_group *grp = &f->groups[i];

		for (k = 0; k < grp->diags->nr; k++) {
			const struct wl_diag *g = &grp->diags->v[k];

			fprintf(out, "::%s file=", g->severity == WL_SEV_ERROR ?
				"error" : "warning");
			escape(out, g->path, 1);
			fprintf(out, ",line=%d,col=%d,title=", g->line,
				g->column);
			escape(out, g->rule, 1);
			fputs("::", out);
			if (grp->commit) {
				escape(out, grp->commit, 0);
				fputs(": ", out);
			}
			escape(out, g->message, 0);
			putc('\n', out);
		}
	}
}
