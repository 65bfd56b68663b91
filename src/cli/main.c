/*
 * worklog: the command table and the options every command shares.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "util.h"

#include "../banned.h"

static const struct cli_command commands[] = {
	{ "validate", cmd_validate,
	  "parse and check records against their schemas" },
	{ "hook", cmd_hook, "run as a git hook: pre-commit, pre-receive, update" },
	{ "hooks", cmd_hooks,
	  "install the git hooks: hooks install [--server]" },
	{ NULL, NULL, NULL },
};

enum color_when { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };
static enum color_when color_when = COLOR_AUTO;

int cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("worklog: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CLI_TROUBLE;
}

/* Takes the value of `--name VALUE` or `--name=VALUE`. */
static const char *option_value(const char *name, int argc, char **argv,
				int *i, int *matched)
{
	const char *a = argv[*i];
	size_t n = strlen(name);

	*matched = 0;
	if (strncmp(a, name, n))
		return NULL;
	if (a[n] == '=') {
		*matched = 1;
		return a + n + 1;
	}
	if (a[n])
		return NULL;
	*matched = 1;
	if (*i + 1 >= argc) {
		cli_error("option '%s' needs a value", name);
		return NULL;
	}
	return argv[++*i];
}

int cli_common_option(struct cli_opts *opts, int argc, char **argv, int *i)
{
	const char *a = argv[*i], *v;
	int m;

	if ((v = option_value("-C", argc, argv, i, &m)) || m) {
		if (!v)
			return -1;
		/* As git does: later relative paths are relative to DIR. */
		if (chdir(v) < 0) {
			cli_error("cannot change to '%s': %s", v,
				  strerror(errno));
			return -1;
		}
		return 1;
	}
	if ((v = option_value("--config", argc, argv, i, &m)) || m) {
		if (!v)
			return -1;
		opts->config = v;
		return 1;
	}
	if ((v = option_value("--format", argc, argv, i, &m)) || m) {
		if (!v)
			return -1;
		if (!strcmp(v, "text"))
			opts->format = CLI_FORMAT_TEXT;
		else if (!strcmp(v, "json"))
			opts->format = CLI_FORMAT_JSON;
		else if (!strcmp(v, "github"))
			opts->format = CLI_FORMAT_GITHUB;
		else {
			cli_error("unknown format '%s' (use text, json or github)", v);
			return -1;
		}
		return 1;
	}
	if ((v = option_value("--rev", argc, argv, i, &m)) || m) {
		if (!v)
			return -1;
		opts->source = WL_SOURCE_REV;
		opts->rev = v;
		return 1;
	}
	if (!strcmp(a, "--staged") || !strcmp(a, "--cached")) {
		opts->source = WL_SOURCE_INDEX;
		return 1;
	}
	if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
		opts->quiet = 1;
		return 1;
	}
	if (!strcmp(a, "--no-color")) {
		color_when = COLOR_NEVER;
		return 1;
	}
	if (!strcmp(a, "--color")) {
		color_when = COLOR_ALWAYS;
		return 1;
	}
	if (!strncmp(a, "--color=", 8)) {
		v = a + 8;
		if (!strcmp(v, "auto"))
			color_when = COLOR_AUTO;
		else if (!strcmp(v, "always"))
			color_when = COLOR_ALWAYS;
		else if (!strcmp(v, "never"))
			color_when = COLOR_NEVER;
		else {
			cli_error("--color takes auto, always or never, not '%s'", v);
			return -1;
		}
		return 1;
	}
	return 0;
}

void cli_common_help(FILE *out)
{
	fputs("Common options:\n"
	      "  -C DIR              run as if started in DIR\n"
	      "  --config FILE       read the configuration from FILE\n"
	      "  --staged            read records from the git index\n"
	      "  --rev REV           read records from the tree of commit REV\n"
	      "  --format FORMAT     text (default), json or github\n"
	      "  --color[=WHEN]      auto (default), always or never; NO_COLOR=1 turns it off\n"
	      "  -q, --quiet         no summary line on stderr\n"
	      "  -h, --help          show this help\n"
	      "\n"
	      "Exit status: 0 no errors, 1 records have errors,\n"
	      "2 usage, configuration or I/O error.\n", out);
}

static void resolve_color(struct cli_opts *opts)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	switch (color_when) {
	case COLOR_ALWAYS:
		opts->color = 1;
		break;
	case COLOR_NEVER:
		opts->color = 0;
		break;
	case COLOR_AUTO:
		opts->color = isatty(STDOUT_FILENO) && !(nc && *nc) &&
			      !(term && !strcmp(term, "dumb"));
		break;
	}
	if (opts->format != CLI_FORMAT_TEXT)
		opts->color = 0;
}

int cli_open_repo(struct wl_repo **repo, struct cli_opts *opts)
{
	struct wl_repo_opts ro = WL_REPO_OPTS_INIT;
	struct wl_diags diags = WL_DIAGS_INIT;
	char *err = NULL;

	resolve_color(opts);
	free(opts->cwd);
	opts->cwd = getcwd(NULL, 0);
	if (!opts->cwd)
		return cli_error("cannot get the current folder: %s",
				 strerror(errno));
	ro.dir = opts->cwd;
	ro.config_file = opts->config;
	ro.kind = opts->source;
	ro.rev = opts->rev;
	if (wl_repo_open(repo, &ro, &diags, &err) < 0) {
		/* Configuration problems print in the compiler form on
		 * stderr, whatever the format: they are not findings. */
		fflush(stdout);
		if (diags.nr) {
			size_t i;

			for (i = 0; i < diags.nr; i++)
				fprintf(stderr, "%s:%d:%d: %s: %s [%s]\n",
					diags.v[i].path, diags.v[i].line,
					diags.v[i].column,
					wl_severity_name(diags.v[i].severity),
					diags.v[i].message, diags.v[i].rule);
		}
		if (err)
			cli_error("%s", err);
		else
			cli_error("cannot use the configuration: %zu error%s",
				  diags.errors, diags.errors == 1 ? "" : "s");
		free(err);
		wl_diags_release(&diags);
		return CLI_TROUBLE;
	}
	wl_diags_release(&diags);
	return 0;
}

static void usage(FILE *out)
{
	const struct cli_command *c;

	fputs("usage: worklog [-C DIR] [--config FILE] COMMAND [OPTIONS] [ARGS]\n"
	      "\n"
	      "Commands:\n", out);
	for (c = commands; c->name; c++)
		fprintf(out, "  %-12s %s\n", c->name, c->summary);
	fputs("\nRun 'worklog COMMAND --help' for a command's options.\n\n",
	      out);
	cli_common_help(out);
}

/* Flushes stdout and fails loudly if the output could not be written. */
static int finish(int ret)
{
	if (fflush(stdout) || ferror(stdout)) {
		cli_error("cannot write the output: %s", strerror(errno));
		return CLI_TROUBLE;
	}
	return ret;
}

int main(int argc, char **argv)
{
	struct cli_opts opts = { 0 };
	const struct cli_command *c;
	int i, ret;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		int r;

		if (!strcmp(a, "--version") || !strcmp(a, "-V")) {
			printf("worklog %s\n", WL_VERSION);
			return finish(CLI_OK);
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h") ||
		    !strcmp(a, "help")) {
			if (!strcmp(a, "help") && i + 1 < argc) {
				/* `worklog help validate` = `validate --help` */
				char *hargv[] = { argv[i + 1], (char *)"--help",
						  NULL };

				for (c = commands; c->name; c++)
					if (!strcmp(c->name, argv[i + 1]))
						return finish(c->run(2, hargv,
								     &opts));
				return cli_error("'%s' is not a worklog command",
						 argv[i + 1]);
			}
			usage(stdout);
			return finish(CLI_OK);
		}
		r = cli_common_option(&opts, argc, argv, &i);
		if (r < 0)
			return CLI_TROUBLE;
		if (r)
			continue;
		if (a[0] == '-') {
			cli_error("unknown option '%s'", a);
			usage(stderr);
			return CLI_TROUBLE;
		}
		break;
	}
	if (i >= argc) {
		usage(stderr);
		return CLI_TROUBLE;
	}
	for (c = commands; c->name; c++)
		if (!strcmp(c->name, argv[i]))
			break;
	if (!c->name) {
		cli_error("'%s' is not a worklog command; see 'worklog --help'",
			  argv[i]);
		return CLI_TROUBLE;
	}
	ret = c->run(argc - i, argv + i, &opts);
	free(opts.cwd);
	return finish(ret);
}
