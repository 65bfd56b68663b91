/*
 * worklog init: make a git repository a records repository (the texts
 * are init.h's, the hooks install.h's; this file asks, writes and says
 * what it wrote).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "git.h"
#include "init.h"
#include "install.h"
#include "util.h"
#include "write.h"

#include "../banned.h"

enum { OPT_LANG = 1, OPT_FORCE, OPT_NO_HOOKS };

static const struct cli_opt options[] = {
	{ OPT_LANG, CLI_OPT_VALUE, "lang", 0, "LANG", NULL, NULL, 0, NULL,
	  "zh or en: comments, headings and reports (default: zh when LANG is zh_*, else en)" },
	{ OPT_FORCE, CLI_OPT_FLAG, "force", 'f', NULL, NULL, NULL, 0, NULL,
	  "replace an existing .worklog.yaml" },
	{ OPT_NO_HOOKS, CLI_OPT_FLAG, "no-hooks", 0, NULL, NULL, NULL, 0, NULL,
	  "do not install the git hooks" },
	CLI_OPT_END,
};

static const char *const usage[] = { "[--lang zh|en] [--force] [--no-hooks]",
				     NULL };

/* At most this many commits are read for the roster: the recent ones
 * name the team. */
#define MAX_AUTHOR_COMMITS 10000

/* What was written, in order, for the text and the JSON output. */
struct written {
	struct wl_strlist paths;
	struct wl_strlist actions;     /* wrote, replaced, updated */
};

static void wrote(struct written *w, const char *action, const char *path)
{
	wl_strlist_take(&w->paths, wl_xstrdup(path));
	wl_strlist_take(&w->actions, wl_xstrdup(action));
}

/* Asks on stderr, reads a line from stdin; NULL at the end of input. */
static char *ask(const char *question)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	fputs(question, stderr);
	fflush(stderr);
	n = getline(&line, &cap, stdin);
	if (n < 0) {
		free(line);
		fputc('\n', stderr);
		return NULL;
	}
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
		     line[n - 1] == ' '))
		line[--n] = '\0';
	return line;
}

static enum wl_lang ask_lang(enum wl_lang dflt)
{
	enum wl_lang lang = dflt;
	char *q = wl_xprintf("Language of headings and reports (zh/en) [%s]: ",
			     wl_lang_name(dflt));
	char *a = ask(q);

	while (a && *a && wl_lang_parse(&lang, a) < 0) {
		free(a);
		a = ask("Please answer zh or en: ");
	}
	free(a);
	free(q);
	return lang;
}

static void ask_reviewers(struct wl_init_people *people)
{
	struct wl_buf q = WL_BUF_INIT;
	char *a, *tok, *save = NULL;
	size_t i;

	wl_buf_addstr(&q, "People found in the commit history:");
	for (i = 0; i < people->nr; i++)
		wl_buf_addf(&q, "%s %s", i ? "," : "", people->v[i].id);
	wl_buf_addstr(&q, "\nReviewers (ids separated by spaces; empty for none): ");
	a = ask(q.buf);
	for (tok = a ? strtok_r(a, " ,", &save) : NULL; tok;
	     tok = strtok_r(NULL, " ,", &save)) {
		struct wl_init_person *p = wl_init_person(people, tok);

		if (p)
			p->reviewer = 1;
		else
			fprintf(stderr, "worklog: nobody has the id '%s'; skipped\n",
				tok);
	}
	free(a);
	wl_buf_release(&q);
}

static int write_config(struct written *w, const char *top, const char *text,
			int exists)
{
	if (wl_write_file(top, WL_CONFIG_NAME, text, strlen(text),
			  exists ? WL_WRITE_REPLACE : WL_WRITE_NEW, NULL) < 0)
		return cli_error("init: cannot write '%s': %s", WL_CONFIG_NAME,
				 strerror(errno));
	wrote(w, exists ? "replaced" : "wrote", WL_CONFIG_NAME);
	return 0;
}

/* The record folders and the schema folder, each with a .gitkeep. */
static int write_folders(struct written *w, const char *top)
{
	struct wl_strlist dirs = WL_STRLIST_INIT;
	size_t i;
	int ret = 0;

	if (wl_init_folders(&dirs) < 0) {
		wl_strlist_release(&dirs);
		return cli_error("init: the built-in record types do not load");
	}
	wl_strlist_take(&dirs, wl_xstrdup(".worklog/schema"));
	for (i = 0; i < dirs.nr && !ret; i++) {
		char *keep = wl_xprintf("%s/.gitkeep", dirs.v[i]);

		if (!wl_write_file(top, keep, "", 0, WL_WRITE_NEW, NULL))
			wrote(w, "wrote", keep);
		else if (errno != EEXIST)
			ret = cli_error("init: cannot write '%s': %s", keep,
					strerror(errno));
		free(keep);
	}
	wl_strlist_release(&dirs);
	return ret;
}

/* .gitattributes and the git configuration of the diff and merge
 * drivers, as `hooks install` sets them up. */
static int install_drivers(struct wl_drivers_installed *d, struct wl_git *git)
{
	static const char *const globs[] = { WL_INIT_RECORDS };
	char *err = NULL;
	int ret = 0;

	if (wl_drivers_install(d, git, NULL, globs, 1, &err) < 0)
		ret = cli_error("init: %s", err);
	free(err);
	return ret;
}

static void print_result(const struct cli_opts *opts, const struct written *w,
			 const struct wl_hooks_installed *hooks,
			 const struct wl_drivers_installed *drivers)
{
	struct wl_buf b = WL_BUF_INIT;
	size_t i;

	if (opts->format != CLI_FORMAT_JSON) {
		for (i = 0; i < w->paths.nr; i++)
			printf("%s %s\n", w->actions.v[i], w->paths.v[i]);
		if (hooks)
			cli_hooks_print_text(hooks);
		cli_drivers_print_text(drivers);
		return;
	}
	wl_buf_addstr(&b, "{\"files\": [");
	for (i = 0; i < w->paths.nr; i++) {
		wl_buf_addstr(&b, i ? ",\n  {\"path\": " : "\n  {\"path\": ");
		wl_buf_add_json_string(&b, w->paths.v[i], strlen(w->paths.v[i]));
		wl_buf_addf(&b, ", \"action\": \"%s\"}", w->actions.v[i]);
	}
	wl_buf_addstr(&b, w->paths.nr ? "\n], \"hooks\": " : "], \"hooks\": ");
	if (hooks)
		cli_hooks_add_json(&b, hooks);
	else
		wl_buf_addstr(&b, "null");
	cli_drivers_add_json(&b, drivers);
	wl_buf_addstr(&b, "}\n");
	fwrite(b.buf, 1, b.len, stdout);
	wl_buf_release(&b);
}

struct init_args {
	const char *lang;
	int force, no_hooks;
};

static int init(struct cli_opts *opts, struct wl_git *git,
		const struct init_args *a)
{
	struct wl_git_authors authors = WL_GIT_AUTHORS_INIT;
	struct wl_init_people people = WL_INIT_PEOPLE_INIT;
	struct wl_hooks_installed hooks = WL_HOOKS_INSTALLED_INIT;
	struct wl_drivers_installed drivers = WL_DRIVERS_INSTALLED_INIT;
	struct written w = { WL_STRLIST_INIT, WL_STRLIST_INIT };
	const char *top = wl_git_workdir(git);
	char *path = wl_xprintf("%s/" WL_CONFIG_NAME, top), *text = NULL,
	     *err = NULL;
	int interactive = isatty(STDIN_FILENO), exists, ret = 0;
	enum wl_lang lang = wl_lang_from_env();
	size_t i;

	exists = access(path, F_OK) == 0;
	if (exists && !a->force) {
		ret = cli_error("init: %s exists already; --force replaces it",
				WL_CONFIG_NAME);
		goto done;
	}
	if (a->lang && wl_lang_parse(&lang, a->lang) < 0) {
		ret = cli_usage_error(&cli_cmd_init,
				      "--lang takes zh or en, not '%s'", a->lang);
		goto done;
	}
	if (!a->lang && interactive)
		lang = ask_lang(lang);
	if (wl_git_authors(&authors, git, MAX_AUTHOR_COMMITS, &err) < 0) {
		ret = cli_error("init: %s", err);
		goto done;
	}
	wl_init_roster(&people, &authors);
	if (interactive && people.nr)
		ask_reviewers(&people);
	text = wl_init_config(&people, lang);
	if ((ret = write_config(&w, top, text, exists)) ||
	    (ret = write_folders(&w, top)) ||
	    (ret = install_drivers(&drivers, git)))
		goto done;
	if (!a->no_hooks &&
	    wl_hooks_install(&hooks, git, NULL, 0, 0, &err) < 0) {
		print_result(opts, &w, NULL, &drivers);
		ret = cli_error("init: %s", err);
		goto done;
	}
	print_result(opts, &w, a->no_hooks ? NULL : &hooks, &drivers);
	for (i = 0; i < hooks.nr; i++)
		if (hooks.v[i].action == WL_INSTALL_FAILED)
			ret = cli_error("init: %s", hooks.v[i].error);
done:
	free(path);
	free(text);
	free(err);
	wl_strlist_release(&w.paths);
	wl_strlist_release(&w.actions);
	wl_hooks_installed_release(&hooks);
	wl_drivers_installed_release(&drivers);
	wl_init_people_release(&people);
	wl_git_authors_release(&authors);
	return ret;
}

static int run(int argc, char **argv, struct cli_opts *opts)
{
	struct init_args a = { NULL, 0, 0 };
	struct wl_git *git = NULL;
	struct cli_parse p;
	const struct cli_opt *o;
	const char *v;
	char *err = NULL;
	int r, ret;

	cli_parse_init(&p, &cli_cmd_init, opts, argc, argv);
	while ((r = cli_parse_next(&p, &o, &v)) > 0) {
		if (o->id == OPT_LANG)
			a.lang = v;
		else if (o->id == OPT_FORCE)
			a.force = 1;
		else if (o->id == OPT_NO_HOOKS)
			a.no_hooks = 1;
	}
	if (r < 0) {
		ret = p.status;
		goto done;
	}
	if (p.nargs) {
		ret = cli_usage_error(&cli_cmd_init,
				      "init takes no arguments; use -C DIR for another folder");
		goto done;
	}
	if (opts->source != WL_SOURCE_WORKTREE) {
		ret = cli_usage_error(&cli_cmd_init,
				      "init writes into the working tree; --staged and --rev do not apply");
		goto done;
	}
	if (wl_git_open(&git, NULL, &err) < 0) {
		ret = cli_error("init: not in a git repository (run 'git init' first): %s",
				err);
		goto done;
	}
	if (!wl_git_workdir(git)) {
		ret = cli_error("init: '%s' is a bare repository; init needs a working tree",
				wl_git_gitdir(git));
		goto done;
	}
	ret = init(opts, git, &a);
done:
	free(err);
	cli_parse_release(&p);
	wl_git_free(git);
	return ret;
}

const struct cli_command cli_cmd_init = {
	"init", run, "make this git repository a records repository", usage,
	"Writes .worklog.yaml at the top of the working tree, commented in the\n"
	"language chosen, with a roster made from the commit authors (ids from\n"
	"their email addresses; nobody is a reviewer until `reviewer: true` is\n"
	"added), a folder under records/ for each built-in record type and\n"
	".worklog/schema for the team's own, each with a .gitkeep; then it\n"
	"sets git's diff and merge drivers up and installs the git hooks, as\n"
	"`worklog hooks install` does: the line `/records/**/*.md\n"
	"diff=worklog merge=worklog` in .gitattributes, diff.worklog.textconv,\n"
	"merge.worklog.name and merge.worklog.driver in .git/config, and the\n"
	"pre-commit and pre-merge-commit hooks (not with --no-hooks). It\n"
	"prints one line per file it wrote, then what it set up. An existing .worklog.yaml is kept unless --force;\n"
	"folders and files already there are kept. When stdin is a terminal\n"
	"it asks for the language (unless --lang) and the reviewers; else it\n"
	"asks nothing. A repository without commits gets an empty roster.\n",
	options, CLI_OUT_ACTIONS,
	"Exit status: 0 when everything was written; 2 for a usage error,\n"
	"outside a git repository or in a bare one, for an existing\n"
	".worklog.yaml without --force, or a file or hook not written.\n",
};
