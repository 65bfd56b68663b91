/*
 * worklog hooks install [--server] [NAME...]: install the hook shims (the
 * files in hooks/) into a repository's hooks folder, chaining any hook
 * already there.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "git.h"
#include "util.h"

#include "../banned.h"

/* The line that marks a hook as a worklog shim. */
#define SHIM_MARK "# worklog hook shim"

static const char *const hook_names[] = { "pre-commit", "pre-merge-commit",
					  "pre-receive", "update", NULL };

static void help(FILE *out)
{
	fputs("usage: worklog hooks install [--server] [NAME...]\n"
	      "\n"
	      "Installs the hook shims into the repository's hooks folder (or the\n"
	      "folder core.hooksPath names): pre-commit and pre-merge-commit, or\n"
	      "with --server the pre-receive hook of a server repository. NAME\n"
	      "picks hooks by name (pre-commit, pre-merge-commit, pre-receive,\n"
	      "update). A hook that is already there is\n"
	      "kept as NAME.chained and still runs first; installing again only\n"
	      "refreshes the shim.\n"
	      "\n"
	      "Options:\n"
	      "  --server            install the server hook (pre-receive)\n"
	      "\n", out);
	cli_common_help(out);
}

/*
 * The shim for hook `name`: exactly the file hooks/NAME in the worklog
 * sources. pre-receive reads its input once and hands it to both hooks.
 */
static void shim(struct wl_buf *b, const char *name)
{
	int stdin_hook = !strcmp(name, "pre-receive");

	wl_buf_addf(b,
		    "#!/bin/sh\n"
		    SHIM_MARK ": runs 'worklog hook %s'.\n"
		    "# Installed by 'worklog hooks install'. A hook that was here before\n"
		    "# is kept as %s.chained and runs first.\n"
		    "hook=%s\n"
		    "chained=\"$(dirname \"$0\")/$hook.chained\"\n"
		    "if ! command -v worklog >/dev/null 2>&1; then\n"
		    "\techo \"worklog: the $hook hook needs the 'worklog' command, which is not on PATH\" >&2\n"
		    "\techo \"worklog: install worklog (make install), or remove $0\" >&2\n"
		    "\texit 1\n"
		    "fi\n",
		    name, name, name);
	if (stdin_hook)
		wl_buf_addstr(b,
			      "if [ -x \"$chained\" ]; then\n"
			      "\tinput=$(cat)\n"
			      "\tprintf '%s\\n' \"$input\" | \"$chained\" \"$@\" || exit $?\n"
			      "\tprintf '%s\\n' \"$input\" | worklog hook \"$hook\" \"$@\"\n"
			      "\texit $?\n"
			      "fi\n");
	else
		wl_buf_addstr(b,
			      "if [ -x \"$chained\" ]; then\n"
			      "\t\"$chained\" \"$@\" || exit $?\n"
			      "fi\n");
	wl_buf_addstr(b, "exec worklog hook \"$hook\" \"$@\"\n");
}

/* Finds the hooks folder: core.hooksPath (relative to where hooks run:
 * the top of the working tree, or the git directory of a bare
 * repository), else $GIT_COMMON_DIR/hooks. */
static int hooks_dir(char **out, struct wl_git *git)
{
	char *path = NULL;
	int r = wl_git_config_path(&path, git, "core.hooksPath");

	if (r < 0)
		return cli_error("hooks: cannot read core.hooksPath");
	if (r == 1) {
		*out = wl_xprintf("%s/hooks", wl_git_commondir(git));
		return 0;
	}
	if (path[0] == '/') {
		*out = path;
		return 0;
	}
	*out = wl_xprintf("%s/%s", wl_git_workdir(git) ? wl_git_workdir(git) :
			  wl_git_gitdir(git), path);
	free(path);
	return 0;
}

static int mkdirs(const char *dir)
{
	char *p = wl_xstrdup(dir), *s;
	int ret = 0;

	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST)
			ret = -1;
		*s = '/';
	}
	if (mkdir(p, 0777) < 0 && errno != EEXIST)
		ret = -1;
	free(p);
	return ret;
}

static int write_shim(const char *path, const struct wl_buf *text)
{
	char *tmp = wl_xprintf("%s.worklog-new", path);
	FILE *f = fopen(tmp, "w");
	int ret = 0;

	if (!f) {
		ret = cli_error("hooks: cannot write '%s': %s", tmp,
				strerror(errno));
		goto done;
	}
	if (fwrite(text->buf, 1, text->len, f) != text->len) {
		ret = cli_error("hooks: cannot write '%s': %s", tmp,
				strerror(errno));
		fclose(f);
		goto fail;
	}
	if (fclose(f) || chmod(tmp, 0755) < 0 || rename(tmp, path) < 0) {
		ret = cli_error("hooks: cannot install '%s': %s", path,
				strerror(errno));
		goto fail;
	}
	goto done;
fail:
	unlink(tmp);
done:
	free(tmp);
	return ret;
}

static int install(const char *dir, const char *name, const char *shown)
{
	struct wl_buf text = WL_BUF_INIT;
	char *path = wl_xprintf("%s/%s", dir, name);
	char *chained = wl_xprintf("%s.chained", path);
	char *old = NULL;
	size_t len;
	struct stat st;
	int ret = 0;

	shim(&text, name);
	if (lstat(path, &st) == 0) {
		if (S_ISREG(st.st_mode) && !wl_read_file(&old, &len, path) &&
		    strstr(old, SHIM_MARK)) {
			if (len == text.len && !memcmp(old, text.buf, len) &&
			    (st.st_mode & 0111)) {
				printf("%s: already installed in %s/%s\n", name,
				       shown, name);
				goto done;
			}
			ret = write_shim(path, &text);
			if (!ret)
				printf("%s: updated %s/%s\n", name, shown,
				       name);
			goto done;
		}
		if (lstat(chained, &st) == 0) {
			ret = cli_error("hooks: cannot chain the %s hook already in %s: '%s.chained' exists too",
					name, shown, name);
			goto done;
		}
		if (rename(path, chained) < 0) {
			ret = cli_error("hooks: cannot move '%s' aside: %s",
					path, strerror(errno));
			goto done;
		}
		ret = write_shim(path, &text);
		if (ret)
			rename(chained, path);
		else
			printf("%s: installed in %s/%s; the hook that was there is kept as %s.chained and runs first\n",
			       name, shown, name, name);
		goto done;
	}
	ret = write_shim(path, &text);
	if (!ret)
		printf("%s: installed in %s/%s\n", name, shown, name);
done:
	free(old);
	free(path);
	free(chained);
	wl_buf_release(&text);
	return ret;
}

/* Shows `dir` relative to the top of the working tree when inside it. */
static const char *shown_dir(const char *dir, struct wl_git *git)
{
	const char *top = wl_git_workdir(git);
	size_t n = top ? strlen(top) : 0;

	if (top && !strncmp(dir, top, n) && dir[n] == '/')
		return dir + n + 1;
	return dir;
}

int cmd_hooks(int argc, char **argv, struct cli_opts *opts)
{
	struct wl_git *git = NULL;
	const char *names[5];
	size_t nnames = 0, k;
	char *dir = NULL, *err = NULL;
	int i, server = 0, ret = CLI_OK, install_cmd = 0;

	for (i = 1; i < argc; i++) {
		int r;

		if (argv[i][0] != '-') {
			if (!install_cmd && !strcmp(argv[i], "install")) {
				install_cmd = 1;
				continue;
			}
			if (!install_cmd)
				return cli_error("hooks: unknown subcommand '%s' (use 'worklog hooks install')",
						 argv[i]);
			for (k = 0; hook_names[k]; k++)
				if (!strcmp(hook_names[k], argv[i]))
					break;
			if (!hook_names[k])
				return cli_error("hooks: unknown hook '%s' (known: pre-commit, pre-merge-commit, pre-receive, update)",
						 argv[i]);
			if (nnames < 4)
				names[nnames++] = hook_names[k];
			continue;
		}
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			help(stdout);
			return CLI_OK;
		}
		if (!strcmp(argv[i], "--server")) {
			server = 1;
			continue;
		}
		r = cli_common_option(opts, argc, argv, &i);
		if (r < 0)
			return CLI_TROUBLE;
		if (!r) {
			cli_error("hooks: unknown option '%s'", argv[i]);
			help(stderr);
			return CLI_TROUBLE;
		}
	}
	if (!install_cmd) {
		help(stderr);
		return CLI_TROUBLE;
	}
	if (!nnames && server) {
		names[nnames++] = "pre-receive";
	} else if (!nnames) {
		names[nnames++] = "pre-commit";
		names[nnames++] = "pre-merge-commit";
	}
	if (wl_git_open(&git, NULL, &err) < 0) {
		ret = cli_error("hooks: %s", err);
		goto done;
	}
	ret = hooks_dir(&dir, git);
	if (ret)
		goto done;
	if (mkdirs(dir) < 0) {
		ret = cli_error("hooks: cannot create '%s': %s", dir,
				strerror(errno));
		goto done;
	}
	for (k = 0; k < nnames; k++) {
		for (i = 0; (size_t)i < k; i++)
			if (!strcmp(names[i], names[k]))
				break;
		if ((size_t)i < k)
			continue;
		if (install(dir, names[k], shown_dir(dir, git)))
			ret = CLI_TROUBLE;
	}
done:
	free(dir);
	free(err);
	wl_git_free(git);
	return ret;
}
