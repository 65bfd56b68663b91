/*
 * The option parser: reads argv by the running command's table and the
 * common one. Long options take "--name=value" or "--name value", short
 * ones bundle ("-qC DIR", "-CDIR"), "--" ends the options, and a lone
 * "-" is an argument. Names are never abbreviated: a script written
 * today must mean the same when an option is added tomorrow.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "util.h"

#include "../banned.h"

const char *cli_opt_kind_name(enum cli_opt_kind kind)
{
	switch (kind) {
	case CLI_OPT_FLAG:
		return "flag";
	case CLI_OPT_VALUE:
		return "value";
	case CLI_OPT_OPTIONAL:
		return "optional";
	case CLI_OPT_SWITCH:
		return "switch";
	}
	return "flag";
}

void cli_parse_init(struct cli_parse *p, const struct cli_command *cmd,
		    struct cli_opts *opts, int argc, char **argv)
{
	memset(p, 0, sizeof(*p));
	p->cmd = cmd;
	p->opts = opts;
	p->argc = argc;
	p->argv = argv;
	p->i = 1;
	p->args = wl_xcalloc(argc > 0 ? (size_t)argc : 1, sizeof(*p->args));
}

void cli_parse_release(struct cli_parse *p)
{
	free(p->args);
	p->args = NULL;
	p->nargs = 0;
}

/* Finds a row by long name (`n` bytes of `name`) or by letter. */
static const struct cli_opt *find(const struct cli_opt *t, const char *name,
				  size_t n, char letter)
{
	for (; t && !cli_opt_is_end(t); t++) {
		if (name && t->name && strlen(t->name) == n &&
		    !memcmp(t->name, name, n))
			return t;
		if (!name && letter && t->letter == letter)
			return t;
	}
	return NULL;
}

/* The command's own rows first, then the common ones. */
static const struct cli_opt *lookup(const struct cli_parse *p,
				    const char *name, size_t n, char letter,
				    int *common)
{
	const struct cli_opt *o = find(p->cmd ? p->cmd->options : NULL, name,
				       n, letter);

	*common = !o;
	return o ? o : find(cli_common_options, name, n, letter);
}

/* How a row is named in a message: as the user can type it. */
static void opt_label(struct wl_buf *b, const struct cli_opt *o, int shortform)
{
	if (shortform || !o->name)
		wl_buf_addf(b, "-%c", o->letter);
	else
		wl_buf_addf(b, "--%s", o->name);
}

/* Checks `v` against the row's fixed choices; the formats are checked
 * once the command is known (resolve_format). */
static int check_choice(const struct cli_parse *p, const struct cli_opt *o,
			const char *v, int shortform)
{
	const char *const *c;
	struct wl_buf label = WL_BUF_INIT, list = WL_BUF_INIT;
	const char *all[16];
	size_t n;

	if (!v || !o->choices || (o->marks & CLI_OPT_FORMATS))
		return 0;
	for (c = o->choices; *c; c++)
		if (!strcmp(*c, v))
			return 0;
	n = cli_opt_choices(all, 16, p->cmd, o);
	cli_join_choices(&list, all, n, 0);
	opt_label(&label, o, shortform);
	cli_error("option '%s' takes %s, not '%s'", label.buf, list.buf, v);
	wl_buf_release(&label);
	wl_buf_release(&list);
	return -1;
}

/* The next argument as an option's value. */
static int next_value(struct cli_parse *p, const struct cli_opt *o,
		      const char **v, int shortform)
{
	struct wl_buf label = WL_BUF_INIT;

	if (p->i < p->argc) {
		*v = p->argv[p->i++];
		return 0;
	}
	opt_label(&label, o, shortform);
	cli_error("option '%s' needs a value", label.buf);
	wl_buf_release(&label);
	return -1;
}

/* Reads "--name", "--name=VALUE" or "--name VALUE" from `a`. */
static int long_option(struct cli_parse *p, const char *a,
		       const struct cli_opt **o, const char **v, int *common)
{
	const char *name = a + 2, *eq = strchr(name, '=');
	size_t n = eq ? (size_t)(eq - name) : strlen(name);

	*o = lookup(p, name, n, 0, common);
	if (!*o) {
		cli_usage_error(p->cmd, "unknown option '--%.*s'", (int)n,
				name);
		return -1;
	}
	switch ((*o)->kind) {
	case CLI_OPT_FLAG:
	case CLI_OPT_SWITCH:
		if (eq) {
			cli_error("option '--%s' takes no value", (*o)->name);
			return -1;
		}
		*v = (*o)->implied;
		break;
	case CLI_OPT_VALUE:
		if (eq)
			*v = eq + 1;
		else if (next_value(p, *o, v, 0) < 0)
			return -1;
		break;
	case CLI_OPT_OPTIONAL:
		*v = eq ? eq + 1 : (*o)->implied;
		break;
	}
	return check_choice(p, *o, *v, 0);
}

/* Reads the next letter of a "-abc" group; a value may follow it in the
 * same word ("-CDIR") or in the next one. */
static int short_option(struct cli_parse *p, const struct cli_opt **o,
			const char **v, int *common)
{
	char letter = *p->bundle++;

	*o = lookup(p, NULL, 0, letter, common);
	if (!*o) {
		cli_usage_error(p->cmd, "unknown option '-%c'", letter);
		return -1;
	}
	switch ((*o)->kind) {
	case CLI_OPT_FLAG:
	case CLI_OPT_SWITCH:
		*v = (*o)->implied;
		break;
	case CLI_OPT_VALUE:
	case CLI_OPT_OPTIONAL:
		if (*p->bundle) {
			*v = p->bundle;
			p->bundle = NULL;
		} else if ((*o)->kind == CLI_OPT_OPTIONAL) {
			*v = (*o)->implied;
		} else if (next_value(p, *o, v, 1) < 0) {
			return -1;
		}
		break;
	}
	return check_choice(p, *o, *v, 1);
}

/* Once the command is known: is --format one it prints? */
static int resolve_format(struct cli_parse *p)
{
	const char *name = p->opts->format_name, *all[16];
	const struct cli_format_spec *f;
	const struct cli_opt *o;
	struct wl_buf list = WL_BUF_INIT;
	size_t n;

	/* Without --format: the first format that prints what the command
	 * prints (text, or table for a command printing rows); a report is
	 * read by people first, and pasted into wikis: Markdown. */
	p->opts->format = CLI_FORMAT_TEXT;
	if (p->cmd->prints & CLI_OUT_REPORT)
		p->opts->format = CLI_FORMAT_MARKDOWN;
	else
		for (f = cli_formats; f->name; f++) {
			if (f->prints & p->cmd->prints) {
				p->opts->format = f->id;
				break;
			}
		}
	if (!name)
		return 0;
	f = cli_format_find(name);
	if (f && (f->prints & p->cmd->prints)) {
		p->opts->format = f->id;
		return 0;
	}
	for (o = cli_common_options; !(o->marks & CLI_OPT_FORMATS); o++)
		;
	n = cli_opt_choices(all, 16, p->cmd, o);
	cli_join_choices(&list, all, n, 0);
	if (f)
		cli_error("%s does not print %s (use %s)", p->cmd->name, name,
			  list.buf);
	else
		cli_error("unknown format '%s' (use %s)", name, list.buf);
	wl_buf_release(&list);
	return -1;
}

static int stop(struct cli_parse *p, int status)
{
	p->status = status;
	return -1;
}

/* The common options: --help is the parser's, the rest common.c's. */
static int common_option(struct cli_parse *p, const struct cli_opt *o,
			 const char *v)
{
	int r;

	if (o->id == CLI_COMMON_HELP) {
		if (!p->cmd) {
			p->help = 1;
			return 0;
		}
		cli_help(stdout, p->cmd);
		return stop(p, CLI_OK);
	}
	r = cli_common_apply(p->opts, o, v);
	if (r)
		return stop(p, r > 0 ? CLI_OK : CLI_TROUBLE);
	return 0;
}

int cli_parse_next(struct cli_parse *p, const struct cli_opt **opt,
		   const char **value)
{
	for (;;) {
		const struct cli_opt *o = NULL;
		const char *a, *v = NULL;
		int common = 0, r;

		if (p->bundle && *p->bundle) {
			r = short_option(p, &o, &v, &common);
		} else {
			p->bundle = NULL;
			if (p->i >= p->argc)
				return !p->cmd || !resolve_format(p) ? 0 :
					stop(p, CLI_TROUBLE);
			a = p->argv[p->i];
			if (p->dashdash || a[0] != '-' || !a[1]) {
				if (!p->cmd)
					return 0;
				p->args[p->nargs++] = p->argv[p->i++];
				continue;
			}
			p->i++;
			if (!strcmp(a, "--")) {
				p->dashdash = 1;
				p->dashdash_at = p->nargs;
				continue;
			}
			if (a[1] == '-') {
				r = long_option(p, a, &o, &v, &common);
			} else {
				p->bundle = a + 1;
				r = short_option(p, &o, &v, &common);
			}
		}
		if (r < 0)
			return stop(p, CLI_TROUBLE);
		if (!common) {
			*opt = o;
			*value = v;
			return 1;
		}
		if (common_option(p, o, v) < 0)
			return -1;
	}
}
