/* worklog validate: parse records and check them against their types. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "lint.h"
#include "util.h"

#include "../banned.h"

static const char *const usage[] = { "[OPTIONS] [PATH...]", NULL };

static int run(int argc, char **argv, struct cli_opts *opts)
{
	struct wl_repo *repo = NULL;
	struct wl_pathlist files = WL_PATHLIST_INIT;
	struct wl_lint result = WL_LINT_INIT;
	struct wl_lint_opts lo;
	struct wl_rules rules;
	struct cli_parse p;
	const struct cli_opt *o;
	const char *v;
	struct wl_strlist errors = WL_STRLIST_INIT;
	size_t k;
	char *err = NULL;
	int r, ret;

	cli_parse_init(&p, &cli_cmd_validate, opts, argc, argv);
	/* validate has only the common options */
	while ((r = cli_parse_next(&p, &o, &v)) > 0)
		;
	if (r < 0) {
		ret = p.status;
		goto done;
	}
	ret = cli_open_repo(&repo, opts);
	if (ret)
		goto done;
	if (wl_repo_select(repo, opts->cwd, p.args, p.nargs, &files,
			   &err) < 0) {
		ret = cli_error("%s", err);
		goto done;
	}
	/* validate is the rule engine with validate's rules: the same
	 * code as lint's, so the two never disagree on a record. A file
	 * that cannot be read is trouble, not a finding; the others are
	 * still checked and reported. */
	wl_rules_select(&rules, &repo->cfg.rules, ~0u, WL_RULE_VALIDATE);
	memset(&lo, 0, sizeof(lo));
	lo.rules = &rules;
	if (wl_lint_run(&result, repo, &files, &lo, &errors) < 0) {
		for (k = 0; k < errors.nr; k++)
			cli_error("%s", errors.v[k]);
	}
	cli_print_diags(opts, &result.diags, result.records);
	if (errors.nr)
		ret = CLI_TROUBLE;
	else
		ret = result.diags.errors ? CLI_FINDINGS : CLI_OK;
done:
	free(err);
	cli_parse_release(&p);
	wl_strlist_release(&errors);
	wl_lint_release(&result);
	wl_pathlist_release(&files);
	wl_repo_free(repo);
	return ret;
}

const struct cli_command cli_cmd_validate = {
	"validate", run, "parse and check records against their schemas", usage,
	"Parses each record's front matter and checks it against the schema\n"
	"of its record type. With no PATH, every file that matches the\n"
	"'records' globs of .worklog.yaml is checked; a PATH may be a file,\n"
	"or a folder meaning the records beneath it. Every file is checked:\n"
	"one bad record never stops the run.\n"
	"\n"
	"validate is lint (see 'worklog help lint') with only the syntax,\n"
	"duplicate-key, schema and filename rules, by the same code: the two\n"
	"never disagree on a record, and a record's suppressions apply alike.\n",
	NULL, CLI_OUT_FINDINGS,
};
