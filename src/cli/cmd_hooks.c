/*
 * worklog hooks install [--server] [NAME...]: install the hook shims into
 * a repository (the work is wl_hooks_install's; this file parses and
 * prints).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "install.h"
#include "repo.h"
#include "util.h"

#include "../banned.h"

enum { OPT_SERVER = 1, OPT_NO_GIT_CONFIG };

static const struct cli_opt options[] = {
	{ OPT_SERVER, CLI_OPT_FLAG, "server", 0, NULL, NULL, NULL, 0, NULL,
	  "install the server hook (pre-receive)" },
	{ OPT_NO_GIT_CONFIG, CLI_OPT_FLAG, "no-git-config", 0, NULL, NULL,
	  NULL, 0, NULL,
	  "leave .gitattributes and .git/config alone: no diff and merge drivers" },
	CLI_OPT_END,
};

static const char *const usage[] = {
	"install [--server] [--no-git-config] [OPTIONS] [NAME...]", NULL
};

static const char *action_name(enum wl_install_action a)
{
	switch (a) {
	case WL_INSTALL_NEW:
		return "installed";
	case WL_INSTALL_CHAINED:
		return "chained";
	case WL_INSTALL_UPDATED:
		return "updated";
	case WL_INSTALL_UNCHANGED:
		return "unchanged";
	case WL_INSTALL_FAILED:
		return "failed";
	}
	return "failed";
}

void cli_hooks_print_text(const struct wl_hooks_installed *r)
{
	struct wl_buf shown = WL_BUF_INIT;
	const char *dir;
	size_t i;

	/* The folder comes from core.hooksPath: shown escaped, as any
	 * text worklog did not write. */
	wl_buf_add_printable(&shown, r->shown_dir, strlen(r->shown_dir));
	dir = wl_buf_cstr(&shown);
	for (i = 0; i < r->nr; i++) {
		const struct wl_hook_install *h = &r->v[i];

		switch (h->action) {
		case WL_INSTALL_NEW:
			printf("%s: installed in %s/%s\n", h->name,
			       dir, h->name);
			break;
		case WL_INSTALL_CHAINED:
			printf("%s: installed in %s/%s; the hook that was there is kept as %s.chained and runs first\n",
			       h->name, dir, h->name, h->name);
			break;
		case WL_INSTALL_UPDATED:
			printf("%s: updated %s/%s\n", h->name, dir, h->name);
			break;
		case WL_INSTALL_UNCHANGED:
			printf("%s: already installed in %s/%s\n", h->name,
			       dir, h->name);
			break;
		case WL_INSTALL_FAILED:
			break;
		}
	}
	wl_buf_release(&shown);
}

void cli_drivers_print_text(const struct wl_drivers_installed *d)
{
	struct wl_buf b = WL_BUF_INIT;
	size_t i;

	for (i = 0; i < d->lines_nr; i++) {
		wl_buf_add_printable(&b, d->shown_attributes,
				     strlen(d->shown_attributes));
		wl_buf_addstr(&b, d->lines[i].action == WL_SETUP_ADDED ?
					  ": added " : ": already has ");
		wl_buf_add_printable(&b, d->lines[i].what,
				     strlen(d->lines[i].what));
		wl_buf_addch(&b, '\n');
	}
	for (i = 0; i < d->config_nr; i++)
		wl_buf_addf(&b, "%s: %s %s\n", d->config[i].what,
			    d->config[i].action == WL_SETUP_ADDED ?
				    "set to" :
				    "already set to",
			    d->config[i].value);
	fwrite(b.buf ? b.buf : "", 1, b.len, stdout);
	wl_buf_release(&b);
}

void cli_drivers_add_json(struct wl_buf *b, const struct wl_drivers_installed *d)
{
	size_t i;

	wl_buf_addstr(b, ",\n \"attributes\": {\"file\": ");
	wl_buf_add_json_string(b, d->shown_attributes,
			       strlen(d->shown_attributes));
	wl_buf_addstr(b, ", \"lines\": [");
	for (i = 0; i < d->lines_nr; i++) {
		wl_buf_addstr(b, i ? ", {\"line\": " : "{\"line\": ");
		wl_buf_add_json_string(b, d->lines[i].what,
				       strlen(d->lines[i].what));
		wl_buf_addf(b, ", \"action\": \"%s\"}",
			    d->lines[i].action == WL_SETUP_ADDED ? "added" :
								  "unchanged");
	}
	wl_buf_addstr(b, "]},\n \"config\": [");
	for (i = 0; i < d->config_nr; i++) {
		wl_buf_addstr(b, i ? ", {\"key\": " : "{\"key\": ");
		wl_buf_add_json_string(b, d->config[i].what,
				       strlen(d->config[i].what));
		wl_buf_addstr(b, ", \"value\": ");
		wl_buf_add_json_string(b, d->config[i].value,
				       strlen(d->config[i].value));
		wl_buf_addf(b, ", \"action\": \"%s\"}",
			    d->config[i].action == WL_SETUP_ADDED ? "set" :
								   "unchanged");
	}
	wl_buf_addch(b, ']');
}

/* {"dir": D, "hooks": [{"name", "path", "action"}], left open for what
 * follows: the hooks that failed are left to stderr. */
static void hooks_json_open(struct wl_buf *b, const struct wl_hooks_installed *r)
{
	size_t i, n = 0;

	wl_buf_addstr(b, "{\"dir\": ");
	wl_buf_add_json_string(b, r->shown_dir, strlen(r->shown_dir));
	wl_buf_addstr(b, ", \"hooks\": [");
	for (i = 0; i < r->nr; i++) {
		const struct wl_hook_install *h = &r->v[i];
		char *path;

		if (h->action == WL_INSTALL_FAILED)
			continue;
		path = wl_xprintf("%s/%s", r->shown_dir, h->name);
		wl_buf_addstr(b, n++ ? ",\n  {\"name\": " : "\n  {\"name\": ");
		wl_buf_add_json_string(b, h->name, strlen(h->name));
		wl_buf_addstr(b, ", \"path\": ");
		wl_buf_add_json_string(b, path, strlen(path));
		wl_buf_addf(b, ", \"action\": \"%s\"}",
			    action_name(h->action));
		free(path);
	}
	wl_buf_addstr(b, n ? "\n]" : "]");
}

void cli_hooks_add_json(struct wl_buf *out, const struct wl_hooks_installed *r)
{
	hooks_json_open(out, r);
	wl_buf_addch(out, '}');
}

/* The hooks' object and, when they were set up, the drivers. */
static void print_json(const struct wl_hooks_installed *r,
		       const struct wl_drivers_installed *d)
{
	struct wl_buf b = WL_BUF_INIT;

	hooks_json_open(&b, r);
	if (d)
		cli_drivers_add_json(&b, d);
	wl_buf_addstr(&b, "}\n");
	fwrite(b.buf, 1, b.len, stdout);
	wl_buf_release(&b);
}

/*
 * The drivers, for the records repository around the current folder:
 * its root and its records globs (the defaults where there is no
 * configuration yet).
 */
static int install_drivers(struct wl_drivers_installed *d, struct wl_git *git,
			   struct cli_opts *opts, char **err)
{
	static const char *const defaults[] = { "records/**/*.md" };
	struct wl_repo_opts ro = WL_REPO_OPTS_INIT;
	struct wl_diags diags = WL_DIAGS_INIT;
	struct wl_repo *repo = NULL;
	char *cwd = getcwd(NULL, 0), *why = NULL;
	int ret;

	ro.dir = cwd;
	ro.config_file = opts->config;
	if (cwd && wl_repo_open(&repo, &ro, &diags, &why) == 0)
		ret = wl_drivers_install(d, git, repo->root,
					 (const char *const *)repo->cfg.records,
					 repo->cfg.records_nr, err);
	else
		ret = wl_drivers_install(d, git, NULL, defaults, 1, err);
	free(why);
	free(cwd);
	wl_diags_release(&diags);
	wl_repo_free(repo);
	return ret;
}

static int run(int argc, char **argv, struct cli_opts *opts)
{
	struct wl_git *git = NULL;
	struct wl_hooks_installed r = WL_HOOKS_INSTALLED_INIT;
	struct wl_drivers_installed d = WL_DRIVERS_INSTALLED_INIT;
	int drivers = 1;
	struct cli_parse p;
	const struct cli_opt *o;
	const char *v;
	char *err = NULL;
	unsigned flags = 0;
	size_t i;
	int ret = CLI_OK, k;

	cli_parse_init(&p, &cli_cmd_hooks, opts, argc, argv);
	while ((k = cli_parse_next(&p, &o, &v)) > 0) {
		if (o->id == OPT_SERVER)
			flags |= WL_INSTALL_SERVER;
		else if (o->id == OPT_NO_GIT_CONFIG)
			drivers = 0;
	}
	if (k < 0) {
		ret = p.status;
		goto done;
	}
	if (!p.nargs) {
		cli_help(stderr, &cli_cmd_hooks);
		ret = CLI_TROUBLE;
		goto done;
	}
	if (strcmp(p.args[0], "install")) {
		ret = cli_error("hooks: unknown subcommand '%s' (use 'worklog hooks install')",
				p.args[0]);
		goto done;
	}
	if (wl_git_open(&git, NULL, &err) < 0 ||
	    wl_hooks_install(&r, git, (const char *const *)p.args + 1,
			     p.nargs - 1, flags, &err) < 0) {
		ret = cli_error("hooks: %s", err);
		goto done;
	}
	/* A server merges and diffs nothing: only clients get drivers. */
	if (flags & WL_INSTALL_SERVER || !wl_git_workdir(git))
		drivers = 0;
	if (drivers && install_drivers(&d, git, opts, &err) < 0) {
		ret = cli_error("hooks: %s", err);
		drivers = 0;
	}
	if (opts->format == CLI_FORMAT_JSON) {
		print_json(&r, drivers ? &d : NULL);
	} else {
		cli_hooks_print_text(&r);
		if (drivers)
			cli_drivers_print_text(&d);
	}
	for (i = 0; i < r.nr; i++)
		if (r.v[i].action == WL_INSTALL_FAILED)
			ret = cli_error("hooks: %s", r.v[i].error);
done:
	free(err);
	cli_parse_release(&p);
	wl_hooks_installed_release(&r);
	wl_drivers_installed_release(&d);
	wl_git_free(git);
	return ret;
}

const struct cli_command cli_cmd_hooks = {
	"hooks", run, "install the git hooks: hooks install [--server]", usage,
	"Installs the hook shims into the repository's hooks folder (or the\n"
	"folder core.hooksPath names): pre-commit and pre-merge-commit, or\n"
	"with --server the pre-receive hook of a server repository. NAME\n"
	"picks hooks by name (pre-commit, pre-merge-commit, pre-receive,\n"
	"update). A hook that is already there is kept as NAME.chained and\n"
	"still runs first; installing again only refreshes the shim.\n"
	"\n"
	"On a clone (not with --server, nor --no-git-config) it also sets up\n"
	"git's diff and merge drivers for records: a line GLOB diff=worklog\n"
	"merge=worklog in .gitattributes for each records glob, and in\n"
	".git/config diff.worklog.textconv (git diff, log -p and show show\n"
	"field changes) and merge.worklog.name and merge.worklog.driver (git\n"
	"merge merges records field by field). Only lines and keys that are\n"
	"missing or different are written.\n"
	"\n"
	"With --format json, one object: {\"dir\": DIR, \"hooks\": [{\"name\",\n"
	"\"path\", \"action\"}], \"attributes\": {\"file\", \"lines\": [{\"line\",\n"
	"\"action\"}]}, \"config\": [{\"key\", \"value\", \"action\"}]}, the\n"
	"hooks' action installed, chained, updated or unchanged, the others\n"
	"added or set, or unchanged.\n",
	options, CLI_OUT_ACTIONS,
	"Exit status: 0 when the hooks are in place, 2 when they could not be\n"
	"installed.\n",
};
