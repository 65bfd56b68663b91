/* worklog validate: parse records and check them against their types. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "util.h"

#include "../banned.h"

static void help(FILE *out)
{
	fputs("usage: worklog validate [OPTIONS] [PATH...]\n"
	      "\n"
	      "Parses each record's front matter and checks it against the schema\n"
	      "of its record type. With no PATH, every file that matches the\n"
	      "'records' globs of .worklog.yaml is checked; a PATH may be a file,\n"
	      "or a folder meaning the records beneath it. Every file is checked:\n"
	      "one bad record never stops the run.\n"
	      "\n", out);
	cli_common_help(out);
}

int cmd_validate(int argc, char **argv, struct cli_opts *opts)
{
	struct wl_repo *repo = NULL;
	struct wl_pathlist files = WL_PATHLIST_INIT;
	struct wl_diags diags = WL_DIAGS_INIT;
	char **paths = wl_xcalloc((size_t)argc, sizeof(*paths));
	size_t npaths = 0, failed = 0;
	char *err = NULL;
	int i, ret, dashdash = 0;

	for (i = 1; i < argc; i++) {
		int r;

		if (dashdash || argv[i][0] != '-' || !argv[i][1]) {
			paths[npaths++] = argv[i];
			continue;
		}
		if (!strcmp(argv[i], "--")) {
			dashdash = 1;
			continue;
		}
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			help(stdout);
			ret = CLI_OK;
			goto done;
		}
		r = cli_common_option(opts, argc, argv, &i);
		if (r < 0) {
			ret = CLI_TROUBLE;
			goto done;
		}
		if (!r) {
			cli_error("validate: unknown option '%s'", argv[i]);
			help(stderr);
			ret = CLI_TROUBLE;
			goto done;
		}
	}
	ret = cli_open_repo(&repo, opts);
	if (ret)
		goto done;
	if (wl_repo_select(repo, opts->cwd, paths, npaths, &files, &err) < 0) {
		ret = cli_error("%s", err);
		goto done;
	}
	wl_repo_validate(repo, &files, &diags, &failed);
	cli_print_diags(opts, &diags, files.nr);
	if (failed)
		ret = CLI_TROUBLE;
	else
		ret = diags.errors ? CLI_FINDINGS : CLI_OK;
done:
	free(err);
	free(paths);
	wl_diags_release(&diags);
	wl_pathlist_release(&files);
	wl_repo_free(repo);
	return ret;
}
