/*
 * worklog: the command table, the options before the command, and the
 * exit status.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#include "../banned.h"

const struct cli_command *const cli_commands[] = {
	&cli_cmd_validate,
	&cli_cmd_lint,
	&cli_cmd_aggregate,
	&cli_cmd_report,
	&cli_cmd_diff,
	&cli_cmd_merge,
	&cli_cmd_hook,
	&cli_cmd_hooks,
	&cli_cmd_new,
	&cli_cmd_import,
	&cli_cmd_init,
	&cli_cmd_help,
	NULL,
};

const struct cli_command *cli_command_find(const char *name)
{
	const struct cli_command *const *c;

	for (c = cli_commands; *c; c++)
		if (!strcmp((*c)->name, name))
			return *c;
	return NULL;
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
	struct cli_parse p;
	const struct cli_command *c;
	const struct cli_opt *o;
	const char *v;
	char *help_argv[] = { (char *)"help", NULL, NULL };
	int r, ret;

	cli_parse_init(&p, NULL, &opts, argc, argv);
	/* Before the command there are only the common options. */
	while ((r = cli_parse_next(&p, &o, &v)) > 0)
		;
	cli_parse_release(&p);
	if (r < 0)
		return finish(p.status);
	if (p.help) {
		/* `worklog --help [CMD]` is `worklog help [CMD]`. */
		help_argv[1] = p.i < argc ? argv[p.i] : NULL;
		return finish(cli_cmd_help.run(help_argv[1] ? 2 : 1, help_argv,
					       &opts));
	}
	if (p.i >= argc) {
		cli_help(stderr, NULL);
		return CLI_TROUBLE;
	}
	c = cli_command_find(argv[p.i]);
	if (!c)
		return cli_error("'%s' is not a worklog command; see 'worklog --help'",
				 argv[p.i]);
	ret = c->run(argc - p.i, argv + p.i, &opts);
	free(opts.cwd);
	return finish(ret);
}
