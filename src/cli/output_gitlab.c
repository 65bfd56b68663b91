/*
 * --format gitlab: a GitLab Code Quality report, a JSON array of
 * {description, check_name, fingerprint, severity, location: {path,
 * lines: {begin}}}. Errors are "major", warnings "minor"; fingerprints
 * are cli_fingerprint's, so a finding keeps its identity from one
 * pipeline to the next. A finding of a pushed commit starts its
 * description with the commit.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "util.h"

#include "../banned.h"

static void issue(struct wl_buf *b, const struct wl_diag *g,
		  const char *commit, size_t occurrence)
{
	struct wl_buf desc = WL_BUF_INIT;
	char fp[33];

	if (commit)
		wl_buf_addf(&desc, "%s: ", commit);
	wl_buf_addstr(&desc, g->message);
	cli_fingerprint(fp, g, occurrence);
	wl_buf_addstr(b, "{\"description\": ");
	wl_buf_add_json_string(b, desc.buf, desc.len);
	wl_buf_addstr(b, ", \"check_name\": ");
	wl_buf_add_json_string(b, g->rule, strlen(g->rule));
	wl_buf_addf(b, ", \"fingerprint\": \"%s\", \"severity\": \"%s\", \"location\": {\"path\": ",
		    fp, g->severity == WL_SEV_ERROR ? "major" : "minor");
	wl_buf_add_json_string(b, g->path, strlen(g->path));
	wl_buf_addf(b, ", \"lines\": {\"begin\": %d}}}",
		    g->line > 0 ? g->line : 1);
	wl_buf_release(&desc);
}

void cli_findings_gitlab(FILE *out, const struct cli_findings *f)
{
	struct wl_buf b = WL_BUF_INIT;
	size_t i, k, n = 0;

	wl_buf_addch(&b, '[');
	for (i = 0; i < f->nr; i++) {
		const struct cli_finding_group *grp = &f->groups[i];

		for (k = 0; k < grp->diags->nr; k++) {
			wl_buf_addstr(&b, n++ ? ",\n  " : "\n  ");
			issue(&b, &grp->diags->v[k], grp->commit,
			      cli_occurrence(grp->diags, k));
		}
	}
	wl_buf_addstr(&b, n ? "\n]\n" : "]\n");
	fwrite(b.buf, 1, b.len, out);
	wl_buf_release(&b);
}
