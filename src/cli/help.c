/*
 * Help, written from the tables: the command's usage lines and
 * description, then its options and the common ones grouped as the rows
 * say, then the formats it prints. `worklog --help`, `worklog help CMD`
 * and `worklog CMD --help` all come here.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "util.h"

#include "../banned.h"

/* Where the help text starts after an option's names, and where lines
 * wrap. */
#define HELP_COLUMN 22
#define HELP_WIDTH 79

static const char *const top_usage[] = { "[OPTIONS] COMMAND [ARGS]", NULL };

static const char exit_status[] =
	"Exit status: 0 no errors, 1 records have errors,\n"
	"2 usage, configuration or I/O error.\n";
static const char environment[] =
	"Environment: NO_COLOR (set and not empty) turns colour off unless\n"
	"--color=always.\n";

void cli_join_choices(struct wl_buf *b, const char *const *v, size_t n,
		      int mark_default)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			wl_buf_addstr(b, i + 1 == n ? " or " : ", ");
		wl_buf_addstr(b, v[i]);
		if (!i && mark_default && n > 1)
			wl_buf_addstr(b, " (default)");
	}
}

size_t cli_opt_choices(const char **out, size_t max,
		       const struct cli_command *cmd, const struct cli_opt *o)
{
	const struct cli_format_spec *f;
	size_t n = 0;

	if (o->marks & CLI_OPT_FORMATS) {
		for (f = cli_formats; f->name && n + 1 < max; f++)
			if (!cmd || (f->prints & cmd->prints))
				out[n++] = f->name;
	} else if (o->choices) {
		for (; o->choices[n] && n + 1 < max; n++)
			out[n] = o->choices[n];
	}
	out[n] = NULL;
	return n;
}

/* "-q, --quiet", "-C DIR", "--config FILE", "--color[=WHEN]" */
static void opt_names(struct wl_buf *b, const struct cli_opt *o)
{
	if (o->letter)
		wl_buf_addf(b, "-%c", o->letter);
	if (o->letter && o->name)
		wl_buf_addstr(b, ", ");
	if (o->name)
		wl_buf_addf(b, "--%s", o->name);
	if (o->kind == CLI_OPT_VALUE)
		wl_buf_addf(b, " %s", o->value_name);
	else if (o->kind == CLI_OPT_OPTIONAL)
		wl_buf_addf(b, "[=%s]", o->value_name);
}

/*
 * Prints `names` (may be empty) in the first column and `text` beside it,
 * wrapped at HELP_WIDTH; names too long for the column get a line of
 * their own.
 */
static void print_entry(FILE *out, const char *names, const char *text)
{
	size_t col = strlen(names), n;

	fputs(names, out);
	if (col + 2 > HELP_COLUMN) {
		fputc('\n', out);
		col = 0;
	}
	while (*text) {
		n = strcspn(text, " ");
		if (col > HELP_COLUMN && col + 1 + n > HELP_WIDTH) {
			fputc('\n', out);
			col = 0;
		}
		if (col < HELP_COLUMN) {
			fprintf(out, "%*s", (int)(HELP_COLUMN - col), "");
			col = HELP_COLUMN;
		} else {
			fputc(' ', out);
			col++;
		}
		fwrite(text, 1, n, out);
		col += n;
		text += n;
		text += strspn(text, " ");
	}
	fputc('\n', out);
}

/* One row of help, with the aliases that follow it beside it. Returns
 * the next row to print. */
static const struct cli_opt *print_opt(FILE *out,
				       const struct cli_command *cmd,
				       const struct cli_opt *o)
{
	struct wl_buf names = WL_BUF_INIT, text = WL_BUF_INIT;
	const struct cli_opt *a;
	const char *choices[16];
	size_t n;

	wl_buf_addstr(&names, "  ");
	opt_names(&names, o);
	for (a = o + 1; !cli_opt_is_end(a) && (a->marks & CLI_OPT_ALIAS); a++) {
		wl_buf_addstr(&names, ", ");
		opt_names(&names, a);
	}
	wl_buf_addstr(&text, o->help);
	n = cli_opt_choices(choices, 16, cmd, o);
	if (n) {
		wl_buf_addstr(&text, ": ");
		cli_join_choices(&text, choices, n, 1);
	}
	if (o->kind == CLI_OPT_OPTIONAL && o->implied)
		wl_buf_addf(&text, "; --%s alone means %s", o->name,
			    o->implied);
	print_entry(out, names.buf, text.buf);
	wl_buf_release(&names);
	wl_buf_release(&text);
	return a;
}

/* Prints the rows of `t` in `group` (NULL: ungrouped) under a heading. */
static void print_group(FILE *out, const struct cli_command *cmd,
			const struct cli_opt *t, const char *group)
{
	const struct cli_opt *o = t;
	int any = 0;

	while (o && !cli_opt_is_end(o)) {
		int same = group ? o->group && !strcmp(o->group, group) :
			   !o->group;

		if (!same || (o->marks & (CLI_OPT_HIDDEN | CLI_OPT_ALIAS))) {
			o++;
			continue;
		}
		if (!any) {
			if (group)
				fprintf(out, "%c%s options:\n",
					toupper((unsigned char)group[0]), group + 1);
			else
				fputs("Options:\n", out);
			any = 1;
		}
		o = print_opt(out, cmd, o);
	}
	if (any)
		fputc('\n', out);
}

/* Every group of a table, in the order groups first appear. */
static void print_table(FILE *out, const struct cli_command *cmd,
			const struct cli_opt *t)
{
	const struct cli_opt *o, *p;

	for (o = t; o && !cli_opt_is_end(o); o++) {
		for (p = t; p < o; p++)
			if ((!p->group && !o->group) ||
			    (p->group && o->group && !strcmp(p->group, o->group)))
				break;
		if (p == o)
			print_group(out, cmd, t, o->group);
	}
}

static void print_usage(FILE *out, const struct cli_command *cmd)
{
	const char *const *u = cmd ? cmd->usage : top_usage;
	size_t i;

	for (i = 0; u[i]; i++)
		fprintf(out, "%s worklog%s%s %s\n", i ? "      " : "usage:",
			cmd ? " " : "", cmd ? cmd->name : "", u[i]);
}

static void print_formats(FILE *out, const struct cli_command *cmd)
{
	const struct cli_format_spec *f;

	struct wl_buf name = WL_BUF_INIT;

	fputs("Formats:\n", out);
	for (f = cli_formats; f->name; f++) {
		if (cmd && !(f->prints & cmd->prints))
			continue;
		wl_buf_reset(&name);
		wl_buf_addf(&name, "  %s", f->name);
		print_entry(out, name.buf, f->help);
	}
	wl_buf_release(&name);
	fputc('\n', out);
}

void cli_help(FILE *out, const struct cli_command *cmd)
{
	const struct cli_command *const *c;

	print_usage(out, cmd);
	fputc('\n', out);
	if (cmd) {
		fprintf(out, "%s\n", cmd->description);
	} else {
		fputs("Commands:\n", out);
		for (c = cli_commands; *c; c++)
			fprintf(out, "  %-12s %s\n", (*c)->name, (*c)->summary);
		fputs("\nRun 'worklog help COMMAND' or 'worklog COMMAND --help' for a command's\noptions.\n\n",
		      out);
	}
	print_table(out, cmd, cmd ? cmd->options : NULL);
	print_table(out, cmd, cli_common_options);
	print_formats(out, cmd);
	fputs(cmd && cmd->exit_status ? cmd->exit_status : exit_status, out);
	fputs(environment, out);
}

void cli_usage_hint(FILE *out, const struct cli_command *cmd)
{
	print_usage(out, cmd);
	if (cmd)
		fprintf(out, "Run 'worklog help %s' for its options.\n",
			cmd->name);
	else
		fputs("Run 'worklog --help' for the commands and options.\n",
		      out);
}
