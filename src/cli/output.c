/*
 * The output formats, one row each: its name, what it prints, which kinds
 * of output it can print (a command takes --format NAME when the row
 * prints what the command prints), and its printer of findings.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

#include "../banned.h"

const struct cli_format_spec cli_formats[] = {
	{ CLI_FORMAT_TEXT, "text",
	  "plain lines; findings in the compiler form",
	  CLI_OUT_FINDINGS | CLI_OUT_ACTIONS | CLI_OUT_HELP | CLI_OUT_DIFF |
		  CLI_OUT_DRIVER,
	  cli_findings_text, NULL, NULL },
	/* Before json: the first format a command prints is its default. */
	{ CLI_FORMAT_TABLE, "table",
	  "rows in columns aligned by display width (wide characters count 2)",
	  CLI_OUT_ROWS, NULL, cli_rows_table, NULL },
	{ CLI_FORMAT_JSON, "json",
	  "one JSON object; rows: an array of row objects, SQL types kept",
	  CLI_OUT_FINDINGS | CLI_OUT_ACTIONS | CLI_OUT_HELP | CLI_OUT_ROWS |
		  CLI_OUT_REPORT | CLI_OUT_DIFF,
	  cli_findings_json, cli_rows_json, cli_report_json },
	{ CLI_FORMAT_GITHUB, "github",
	  "GitHub Actions workflow commands, one annotation per finding",
	  CLI_OUT_FINDINGS, cli_findings_github, NULL, NULL },
	{ CLI_FORMAT_SARIF, "sarif",
	  "SARIF 2.1.0, with rule metadata and stable fingerprints",
	  CLI_OUT_FINDINGS, cli_findings_sarif, NULL, NULL },
	{ CLI_FORMAT_GITLAB, "gitlab",
	  "a GitLab Code Quality report",
	  CLI_OUT_FINDINGS, cli_findings_gitlab, NULL, NULL },
	{ CLI_FORMAT_CSV, "csv",
	  "comma-separated values with a header line (RFC 4180); a report's one --section",
	  CLI_OUT_ROWS | CLI_OUT_REPORT, NULL, cli_rows_csv, cli_report_csv },
	{ CLI_FORMAT_MARKDOWN, "markdown",
	  "a Markdown pipe table; a report ready for a wiki or a summary record; diffs: a change summary",
	  CLI_OUT_ROWS | CLI_OUT_REPORT | CLI_OUT_DIFF, NULL, cli_rows_markdown,
	  cli_report_markdown },
	{ CLI_FORMAT_HTML, "html",
	  "one self-contained HTML page with inline SVG charts",
	  CLI_OUT_REPORT, NULL, NULL, cli_report_html },
	{ 0, NULL, NULL, 0, NULL, NULL, NULL },
};

const struct cli_format_spec *cli_format_find(const char *name)
{
	const struct cli_format_spec *f;

	for (f = cli_formats; f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

void cli_print_findings(const struct cli_opts *opts,
			const struct cli_findings *f)
{
	const struct cli_format_spec *s;

	/* The parser lets a command take only the formats that print what
	 * it prints; text is the fallback of a command that prints more. */
	for (s = cli_formats; s->name; s++)
		if (s->id == opts->format && s->findings)
			break;
	if (!f->root && opts->root) {
		struct cli_findings with_root = *f;

		with_root.root = opts->root;
		(s->name ? s->findings : cli_findings_text)(stdout, &with_root);
	} else {
		(s->name ? s->findings : cli_findings_text)(stdout, f);
	}
	/* The summary comes after the findings, also where both streams
	 * go to one pipe. */
	fflush(stdout);
	if (!opts->quiet)
		fprintf(stderr, "checked %zu record%s: %zu error%s, %zu warning%s\n",
			f->records, f->records == 1 ? "" : "s", f->errors,
			f->errors == 1 ? "" : "s", f->warnings,
			f->warnings == 1 ? "" : "s");
}

void cli_print_diags(const struct cli_opts *opts, const struct wl_diags *d,
		     size_t records)
{
	struct cli_finding_group g = { NULL, NULL, d };
	struct cli_findings f = { &g, 1, records, d->errors, d->warnings,
				  opts->color, NULL };

	cli_print_findings(opts, &f);
}

void cli_print_rows(const struct cli_opts *opts, const struct wl_table *t)
{
	const struct cli_format_spec *s;

	for (s = cli_formats; s->name; s++)
		if (s->id == opts->format && s->rows)
			break;
	(s->name ? s->rows : cli_rows_table)(stdout, t);
}

void cli_rows_flush(FILE *out, struct wl_buf *b, int all)
{
	if (!all && b->len < 65536)
		return;
	fwrite(wl_buf_cstr(b), 1, b->len, out);
	wl_buf_reset(b);
}

/* FNV-1a, 64 bits, over `s` and a separator, from `h`. */
static uint64_t fnv(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	h ^= 0xff;
	return h * 1099511628211ULL;
}

void cli_fingerprint(char out[33], const struct wl_diag *g,
		     size_t occurrence)
{
	char n[32];
	uint64_t a = 14695981039346656037ULL, b = 0x9e3779b97f4a7c15ULL;

	snprintf(n, sizeof(n), "%zu", occurrence);
	/* Two differently seeded passes: 128 bits, so that fingerprints
	 * of different findings do not meet in practice. */
	a = fnv(fnv(fnv(fnv(a, g->rule), g->path), g->message), n);
	b = fnv(fnv(fnv(fnv(b, n), g->message), g->path), g->rule);
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)a,
		 (unsigned long long)b);
}

size_t cli_occurrence(const struct wl_diags *d, size_t i)
{
	const struct wl_diag *g = &d->v[i];
	size_t k, n = 0;

	/* Findings come grouped by path: look back while the path holds. */
	for (k = i; k-- > 0 && !strcmp(d->v[k].path, g->path);)
		if (!strcmp(d->v[k].rule, g->rule) &&
		    !strcmp(d->v[k].message, g->message))
			n++;
	return n;
}
