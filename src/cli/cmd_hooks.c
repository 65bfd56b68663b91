/*
 * worklog hooks install [--server] [NAME...]: install the hook shims into
 * a repository (the work is wl_hooks_install's; this file parses and
 * prints).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "install.h"
#include "util.h"

#include "../banned.h"

enum { OPT_SERVER = 1 };

static const struct cli_opt options[] = {
	{ OPT_SERVER, CLI_OPT_FLAG, "server", 0, NULL, NULL, NULL, 0, NULL,
	  "install the server hook (pre-receive)" },
	CLI_OPT_END,
};

static const char *const usage[] = { "install [--server] [OPTIONS] [NAME...]",
				     NULL };

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

static void print_text(const struct wl_hooks_installed *r)
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

/* {"dir": D, "hooks": [{"name", "path", "action"}]}: the hooks that
 * failed are left to stderr. */
static void print_json(const struct wl_hooks_installed *r)
{
	struct wl_buf b = WL_BUF_INIT;
	size_t i, n = 0;

	wl_buf_addstr(&b, "{\"dir\": ");
	wl_buf_add_json_string(&b, r->shown_dir, strlen(r->shown_dir));
	wl_buf_addstr(&b, ", \"hooks\": [");
	for (i = 0; i < r->nr; i++) {
		const struct wl_hook_install *h = &r->v[i];
		char *path;

		if (h->action == WL_INSTALL_FAILED)
			continue;
		path = wl_xprintf("%s/%s", r->shown_dir, h->name);
		wl_buf_addstr(&b, n++ ? ",\n  {\"name\": " : "\n  {\"name\": ");
		wl_buf_add_json_string(&b, h->name, strlen(h->name));
		wl_buf_addstr(&b, ", \"path\": ");
		wl_buf_add_json_string(&b, path, strlen(path));
		wl_buf_addf(&b, ", \"action\": \"%s\"}",
			    action_name(h->action));
		free(path);
	}
	wl_buf_addstr(&b, n ? "\n]}\n" : "]}\n");
	fwrite(b.buf, 1, b.len, stdout);
	wl_buf_release(&b);
}

static int run(int argc, char **argv, struct cli_opts *opts)
{
	struct wl_git *git = NULL;
	struct wl_hooks_installed r = WL_HOOKS_INSTALLED_INIT;
	struct cli_parse p;
	const struct cli_opt *o;
	const char *v;
	char *err = NULL;
	unsigned flags = 0;
	size_t i;
	int ret = CLI_OK, k;

	cli_parse_init(&p, &cli_cmd_hooks, opts, argc, argv);
	while ((k = cli_parse_next(&p, &o, &v)) > 0)
		if (o->id == OPT_SERVER)
			flags |= WL_INSTALL_SERVER;
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
	if (opts->format == CLI_FORMAT_JSON)
		print_json(&r);
	else
		print_text(&r);
	for (i = 0; i < r.nr; i++)
		if (r.v[i].action == WL_INSTALL_FAILED)
			ret = cli_error("hooks: %s", r.v[i].error);
done:
	free(err);
	cli_parse_release(&p);
	wl_hooks_installed_release(&r);
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
	"still runs first; installing again only refreshes the shim. With\n"
	"--format json, one object: {\"dir\": DIR, \"hooks\": [{\"name\", \"path\",\n"
	"\"action\"}]}, the action installed, chained, updated or unchanged.\n",
	options, CLI_OUT_ACTIONS,
};
