/* Diagnostic output: the compiler form, JSON and GitHub workflow lines. */
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

static void print_text(const struct cli_opts *opts, const struct wl_diags *d)
{
	struct wl_buf path = WL_BUF_INIT;
	size_t i;

	for (i = 0; i < d->nr; i++) {
		const struct wl_diag *g = &d->v[i];
		int err = g->severity == WL_SEV_ERROR;

		/* A file name may hold a newline too. */
		wl_buf_reset(&path);
		wl_buf_add_printable(&path, g->path, strlen(g->path));

		if (opts->color)
			printf(C_BOLD "%s:%d:%d:" C_RESET " %s%s:" C_RESET
			       " %s " C_DIM "[%s]" C_RESET "\n",
			       path.buf, g->line, g->column,
			       err ? C_RED : C_YELLOW,
			       wl_severity_name(g->severity), g->message,
			       g->rule);
		else
			printf("%s:%d:%d: %s: %s [%s]\n", path.buf, g->line,
			       g->column, wl_severity_name(g->severity),
			       g->message, g->rule);
	}
	wl_buf_release(&path);
}

static void print_json(const struct wl_diags *d, size_t records)
{
	struct wl_buf b = WL_BUF_INIT;
	size_t i;

	wl_buf_addf(&b, "{\"records\": %zu, \"errors\": %zu, \"warnings\": %zu, \"diagnostics\": [",
		    records, d->errors, d->warnings);
	for (i = 0; i < d->nr; i++) {
		const struct wl_diag *g = &d->v[i];

		wl_buf_addstr(&b, i ? ",\n  {" : "\n  {");
		wl_buf_addstr(&b, "\"path\": ");
		wl_buf_add_json_string(&b, g->path, strlen(g->path));
		wl_buf_addf(&b, ", \"line\": %d, \"column\": %d, \"severity\": \"%s\", \"rule\": ",
			    g->line, g->column, wl_severity_name(g->severity));
		wl_buf_add_json_string(&b, g->rule, strlen(g->rule));
		wl_buf_addstr(&b, ", \"message\": ");
		wl_buf_add_json_string(&b, g->message, strlen(g->message));
		wl_buf_addch(&b, '}');
	}
	wl_buf_addstr(&b, d->nr ? "\n]}\n" : "]}\n");
	fwrite(b.buf, 1, b.len, stdout);
	wl_buf_release(&b);
}

/* GitHub workflow commands escape %, \r and \n in the message. */
static void github_escape(const char *s, int property)
{
	for (; *s; s++) {
		if (*s == '%')
			fputs("%25", stdout);
		else if (*s == '\r')
			fputs("%0D", stdout);
		else if (*s == '\n')
			fputs("%0A", stdout);
		else if (property && *s == ':')
			fputs("%3A", stdout);
		else if (property && *s == ',')
			fputs("%2C", stdout);
		else
			putchar(*s);
	}
}

static void print_github(const struct wl_diags *d)
{
	size_t i;

	for (i = 0; i < d->nr; i++) {
		const struct wl_diag *g = &d->v[i];

		printf("::%s file=", g->severity == WL_SEV_ERROR ? "error" :
			"warning");
		github_escape(g->path, 1);
		printf(",line=%d,col=%d,title=", g->line, g->column);
		github_escape(g->rule, 1);
		fputs("::", stdout);
		github_escape(g->message, 0);
		putchar('\n');
	}
}

void cli_print_diags(const struct cli_opts *opts, const struct wl_diags *d,
		     size_t records)
{
	switch (opts->format) {
	case CLI_FORMAT_TEXT:
		print_text(opts, d);
		break;
	case CLI_FORMAT_JSON:
		print_json(d, records);
		break;
	case CLI_FORMAT_GITHUB:
		print_github(d);
		break;
	}
	if (!opts->quiet)
		fprintf(stderr, "checked %zu record%s: %zu error%s, %zu warning%s\n",
			records, records == 1 ? "" : "s", d->errors,
			d->errors == 1 ? "" : "s", d->warnings,
			d->warnings == 1 ? "" : "s");
}
