/*
 * The options every command takes (DESIGN §5), and what they do: one
 * table, shared by every command's parser, help and the option dump.
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

static const char *const color_choices[] = { "auto", "always", "never",
					     NULL };

#define COMMON(id, kind, name, letter, value, choices, implied, marks, help) \
	{ id, kind, name, letter, value, choices, implied, marks, "common", \
	  help }

const struct cli_opt cli_common_options[] = {
	COMMON(CLI_COMMON_DIR, CLI_OPT_VALUE, NULL, 'C', "DIR", NULL, NULL, 0,
	       "run as if started in DIR"),
	COMMON(CLI_COMMON_CONFIG, CLI_OPT_VALUE, "config", 0, "FILE", NULL,
	       NULL, 0, "read the configuration from FILE"),
	COMMON(CLI_COMMON_STAGED, CLI_OPT_FLAG, "staged", 0, NULL, NULL, NULL,
	       0, "read records from the git index"),
	COMMON(CLI_COMMON_STAGED, CLI_OPT_FLAG, "cached", 0, NULL, NULL, NULL,
	       CLI_OPT_ALIAS, "another name for --staged, as in git"),
	COMMON(CLI_COMMON_REV, CLI_OPT_VALUE, "rev", 0, "REV", NULL, NULL, 0,
	       "read records from the tree of commit REV"),
	COMMON(CLI_COMMON_FORMAT, CLI_OPT_VALUE, "format", 0, "FORMAT", NULL,
	       NULL, CLI_OPT_FORMATS, "how to print"),
	COMMON(CLI_COMMON_COLOR, CLI_OPT_OPTIONAL, "color", 0, "WHEN",
	       color_choices, "always", 0, "colour the output"),
	COMMON(CLI_COMMON_COLOR, CLI_OPT_SWITCH, "no-color", 0, NULL, NULL,
	       "never", 0, "same as --color=never"),
	COMMON(CLI_COMMON_QUIET, CLI_OPT_FLAG, "quiet", 'q', NULL, NULL, NULL,
	       0, "no summary line on stderr"),
	COMMON(CLI_COMMON_HELP, CLI_OPT_FLAG, "help", 'h', NULL, NULL, NULL, 0,
	       "show this help"),
	COMMON(CLI_COMMON_VERSION, CLI_OPT_FLAG, "version", 'V', NULL, NULL,
	       NULL, 0, "print the version of worklog"),
	CLI_OPT_END,
};

/*
 * "worklog: MESSAGE" on stderr, after what stdout holds so far. Messages
 * quote input (file names, revisions, reference names, lines a hook
 * read): escaped, none can forge a line or drive the terminal.
 */
__attribute__((format(printf, 1, 0)))
static void report(const char *fmt, va_list ap)
{
	struct wl_buf raw = WL_BUF_INIT, msg = WL_BUF_INIT;

	wl_buf_vaddf(&raw, fmt, ap);
	wl_buf_addstr(&msg, "worklog: ");
	wl_buf_add_printable(&msg, wl_buf_cstr(&raw), raw.len);
	wl_buf_addch(&msg, '\n');
	fflush(stdout);
	fputs(msg.buf, stderr);
	wl_buf_release(&raw);
	wl_buf_release(&msg);
}

int cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(fmt, ap);
	va_end(ap);
	return CLI_TROUBLE;
}

int cli_usage_error(const struct cli_command *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(fmt, ap);
	va_end(ap);
	cli_usage_hint(stderr, cmd);
	return CLI_TROUBLE;
}

int cli_common_apply(struct cli_opts *opts, const struct cli_opt *o,
		     const char *v)
{
	switch ((enum cli_common_id)o->id) {
	case CLI_COMMON_DIR:
		/* As git does: later relative paths are relative to DIR. */
		if (chdir(v) < 0) {
			cli_error("cannot change to '%s': %s", v,
				  strerror(errno));
			return -1;
		}
		break;
	case CLI_COMMON_CONFIG:
		opts->config = v;
		break;
	case CLI_COMMON_STAGED:
		opts->source = WL_SOURCE_INDEX;
		break;
	case CLI_COMMON_REV:
		opts->source = WL_SOURCE_REV;
		opts->rev = v;
		break;
	case CLI_COMMON_FORMAT:
		opts->format_name = v;
		break;
	case CLI_COMMON_COLOR:
		opts->color_when = !strcmp(v, "always") ? CLI_COLOR_ALWAYS :
				   !strcmp(v, "never") ? CLI_COLOR_NEVER :
				   CLI_COLOR_AUTO;
		break;
	case CLI_COMMON_QUIET:
		opts->quiet = 1;
		break;
	case CLI_COMMON_HELP:
		break;
	case CLI_COMMON_VERSION:
		printf("worklog %s\n", WL_VERSION);
		return 1;
	}
	return 0;
}

static void resolve_color(struct cli_opts *opts)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	switch (opts->color_when) {
	case CLI_COLOR_ALWAYS:
		opts->color = 1;
		break;
	case CLI_COLOR_NEVER:
		opts->color = 0;
		break;
	case CLI_COLOR_AUTO:
		opts->color = isatty(STDOUT_FILENO) && !(nc && *nc) &&
			      !(term && !strcmp(term, "dumb"));
		break;
	}
	if (opts->format != CLI_FORMAT_TEXT)
		opts->color = 0;
}

int cli_config_failed(const struct wl_diags *d, const char *prefix,
		      const char *commit)
{
	size_t i;

	fflush(stdout);
	for (i = 0; i < d->nr; i++)
		cli_diag_line(stderr, &d->v[i], prefix, commit, 0);
	return cli_error("cannot use the configuration: %zu error%s",
			 d->errors, d->errors == 1 ? "" : "s");
}

int cli_open_repo(struct wl_repo **repo, struct cli_opts *opts)
{
	struct wl_repo_opts ro = WL_REPO_OPTS_INIT;
	struct wl_diags diags = WL_DIAGS_INIT;
	char *err = NULL;
	size_t i;

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
		if (err) {
			fflush(stdout);
			for (i = 0; i < diags.nr; i++)
				cli_diag_line(stderr, &diags.v[i], NULL, NULL,
					      0);
			cli_error("%s", err);
		} else {
			cli_config_failed(&diags, NULL, NULL);
		}
		free(err);
		wl_diags_release(&diags);
		return CLI_TROUBLE;
	}
	opts->root = wl_source_root((*repo)->src);
	wl_diags_release(&diags);
	return 0;
}

int cli_need_config(const struct wl_repo *repo, const struct cli_opts *opts,
		    const char *cmd)
{
	if (!repo->config_missing)
		return 0;
	if (opts->source == WL_SOURCE_INDEX)
		return cli_error("%s: the index of '%s' has no %s (stage one, or drop --staged)",
				 cmd, repo->root, WL_CONFIG_NAME);
	return cli_error("%s: %s in '%s' has no %s (%s reads the committed configuration: commit it, or name another --rev)",
			 cmd, opts->rev ? opts->rev : "HEAD", repo->root,
			 WL_CONFIG_NAME, cmd);
}

int cli_unknown_type(const struct wl_repo *repo, const char *cmd,
		     const char *name)
{
	size_t n = wl_schema_set_type_count(repo->schemas), i;
	const char **names = wl_xcalloc(n + 1, sizeof(*names));
	struct wl_buf b = WL_BUF_INIT;
	const char *best;

	for (i = 0; i < n; i++)
		names[i] = wl_schema_set_type_at(repo->schemas, i)->name;
	best = wl_did_you_mean(name, strlen(name), names, n);
	cli_join_choices(&b, names, n, 0);
	if (best)
		cli_error("%s: unknown record type '%s'; did you mean '%s'?",
			  cmd, name, best);
	else
		cli_error("%s: unknown record type '%s' (known: %s)", cmd, name,
			  b.buf);
	wl_buf_release(&b);
	free(names);
	return CLI_TROUBLE;
}
