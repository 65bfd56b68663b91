#ifndef WL_CLI_H
#define WL_CLI_H

#include <stdio.h>

#include "diag.h"
#include "repo.h"

/* Exit codes: stable, documented in --help. */
enum {
	CLI_OK = 0,        /* nothing at error level */
	CLI_FINDINGS = 1,  /* records have errors */
	CLI_TROUBLE = 2,   /* usage, configuration or I/O error */
};

enum cli_format {
	CLI_FORMAT_TEXT,
	CLI_FORMAT_JSON,
	CLI_FORMAT_GITHUB,
};

/* Options every command takes. */
struct cli_opts {
	const char *config;        /* --config */
	enum cli_format format;
	int color;                 /* resolved: 1 to colour stdout */
	int quiet;                 /* -q: no summary */
	enum wl_source_kind source;
	const char *rev;
	char *cwd;                 /* the current folder, after any -C */
};

struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv, struct cli_opts *opts);
	const char *summary;
};

/*
 * Parses one common option at argv[*i] (advancing *i past its value).
 * Returns 1 if it was one, 0 if not, -1 on a usage error (reported).
 */
int cli_common_option(struct cli_opts *opts, int argc, char **argv, int *i);
/* Prints the common options' help lines. */
void cli_common_help(FILE *out);

/* Reports an operational error: "worklog: MESSAGE" on stderr. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Opens the repository for `opts`; configuration problems are printed.
 * Returns 0, or CLI_TROUBLE after printing why.
 */
int cli_open_repo(struct wl_repo **repo, struct cli_opts *opts);

/*
 * Prints `diags` in the chosen format (to stdout) and the summary line
 * (to stderr, unless -q). `records` is how many files were checked.
 */
void cli_print_diags(const struct cli_opts *opts, const struct wl_diags *d,
		     size_t records);

int cmd_validate(int argc, char **argv, struct cli_opts *opts);
int cmd_hook(int argc, char **argv, struct cli_opts *opts);
int cmd_hooks(int argc, char **argv, struct cli_opts *opts);

#endif
