/*
 * --format github: GitHub Actions workflow commands, one annotation per
 * finding: "::error file=PATH,line=L,col=C,title=RULE::MESSAGE". A finding
 * of a pushed commit starts its message with the commit ("1a2b3c4d5e6f:
 * ..."): an annotation has no field for it.
 */
#include <stdio.h>

#include "cli.h"
#include "util.h"

#include "../banned.h"

/*
 * Workflow commands escape %, \r and \n, and in a property : and , too
 * (the runner turns %25, %0D, %0A, %3A and %2C back). Whatever else a
 * terminal or a reader must not see as it is (other controls, bidi
 * overrides, bytes that are not UTF-8) is escaped as text output does.
 */
static void escape(FILE *out, const char *s, int property)
{
	struct wl_buf b = WL_BUF_INIT;
	const char *run = s;

	for (; *s; s++) {
		const char *code = *s == '%' ? "%25" : *s == '\r' ? "%0D" :
				   *s == '\n' ? "%0A" :
				   property && *s == ':' ? "%3A" :
				   property && *s == ',' ? "%2C" : NULL;

		if (!code)
			continue;
		wl_buf_add_printable(&b, run, (size_t)(s - run));
		wl_buf_addstr(&b, code);
		run = s + 1;
	}
	wl_buf_add_printable(&b, run, (size_t)(s - run));
	fputs(wl_buf_cstr(&b), out);
	wl_buf_release(&b);
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
