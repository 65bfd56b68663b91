#ifndef WL_CLI_H
#define WL_CLI_H

#include <stdio.h>

#include "diag.h"
#include "opt.h"
#include "repo.h"
#include "util.h"

/* Exit codes: stable, documented in --help. */
enum {
	CLI_OK = 0,        /* nothing at error level */
	CLI_FINDINGS = 1,  /* records have errors */
	CLI_TROUBLE = 2,   /* usage, configuration or I/O error */
};

/*
 * What a command prints, which decides the formats it takes: a format row
 * (output.c) names the kinds it can print, a command the kind it prints.
 */
enum cli_output {
	CLI_OUT_FINDINGS = 1 << 0,  /* diagnostics (validate, hook) */
	CLI_OUT_ACTIONS = 1 << 1,   /* what a command did (hooks install) */
	CLI_OUT_HELP = 1 << 2,      /* help and the option tables (help) */
	CLI_OUT_ROWS = 1 << 3,      /* a result set of rows (aggregate) */
	CLI_OUT_REPORT = 1 << 4,    /* a periodic report (report) */
	CLI_OUT_DIFF = 1 << 5,      /* changes to records (diff) */
	/* A merge driver: its result is the file it writes and its exit
	 * status, its messages go to stderr (merge); text only. */
	CLI_OUT_DRIVER = 1 << 6,
};

/* The output formats (each row of the format table names its own). */
enum cli_format {
	CLI_FORMAT_TEXT,
	CLI_FORMAT_JSON,
	CLI_FORMAT_GITHUB,
	CLI_FORMAT_TABLE,
	CLI_FORMAT_CSV,
	CLI_FORMAT_MARKDOWN,
	CLI_FORMAT_SARIF,
	CLI_FORMAT_GITLAB,
	CLI_FORMAT_HTML,
};

enum cli_color { CLI_COLOR_AUTO, CLI_COLOR_ALWAYS, CLI_COLOR_NEVER };

/* Options every command takes (the common table in common.c). */
struct cli_opts {
	const char *config;        /* --config */
	const char *format_name;   /* --format as given; checked per command */
	enum cli_format format;    /* resolved once the command is known */
	enum cli_color color_when; /* --color, --no-color */
	int color;                 /* resolved: 1 to colour stdout */
	int quiet;                 /* -q: no summary */
	enum wl_source_kind source;
	const char *rev;
	char *cwd;                 /* the current folder, after any -C */
	/* The root of the repository cli_open_repo opened (borrowed from
	 * it), or NULL. */
	const char *root;
};

struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv, struct cli_opts *opts);
	const char *summary;       /* one line for the command list */
	/* Synopsis lines, each after "worklog NAME ", NULL-terminated. */
	const char *const *usage;
	const char *description;   /* help paragraphs, each line ending "\n" */
	const struct cli_opt *options;  /* own options, or NULL */
	unsigned prints;           /* enum cli_output */
	/* Help's exit status paragraph, or NULL for the usual one: 0 no
	 * errors, 1 records have errors, 2 trouble. */
	const char *exit_status;
};

/* Every command, in help order; NULL-terminated (main.c). */
extern const struct cli_command *const cli_commands[];
/* Returns the command called `name`, or NULL. */
const struct cli_command *cli_command_find(const char *name);

/* The options every command takes; ends with CLI_OPT_END (common.c). */
extern const struct cli_opt cli_common_options[];
enum cli_common_id {
	CLI_COMMON_DIR = 1,        /* -C DIR */
	CLI_COMMON_CONFIG,
	CLI_COMMON_STAGED,
	CLI_COMMON_REV,
	CLI_COMMON_FORMAT,
	CLI_COMMON_COLOR,
	CLI_COMMON_QUIET,
	CLI_COMMON_HELP,
	CLI_COMMON_VERSION,
};

/*
 * Parsing: a command runs
 *
 *	cli_parse_init(&p, &cli_cmd_x, opts, argc, argv);
 *	while ((r = cli_parse_next(&p, &o, &value)) > 0)
 *		switch (o->id) { ... its own options ... }
 *	if (r < 0) {
 *		ret = p.status;
 *		goto done;
 *	}
 *
 * and finds its positional arguments in p.args (released by
 * cli_parse_release). Common options are applied to `opts` on the way;
 * --help prints the command's help.
 */
struct cli_parse {
	const struct cli_command *cmd;  /* NULL: before any command */
	struct cli_opts *opts;
	int argc;
	char **argv;
	int i;                     /* next argv index */
	const char *bundle;        /* rest of a "-abc" group */
	int dashdash;              /* after "--": only arguments */
	size_t dashdash_at;        /* with dashdash: the arguments before it */
	int help;                  /* before any command: --help was given */
	char **args;               /* positional arguments, borrowed */
	size_t nargs;
	int status;                /* exit code once next returned -1 */
};

/*
 * Starts parsing argv[1..argc-1] (argv[0] is the command's name) for
 * `cmd`. With `cmd` NULL, parses the options before the command and
 * stops at the first argument (p.i indexes it).
 */
void cli_parse_init(struct cli_parse *p, const struct cli_command *cmd,
		    struct cli_opts *opts, int argc, char **argv);
/*
 * Returns 1 with *opt (a row of the command's table) and *value (NULL
 * for a flag) for each of the command's own options, 0 when all are
 * read (then --format is resolved for the command), or -1 when the run
 * must stop: --help or --version was answered (p.status 0) or a usage
 * error was reported (p.status CLI_TROUBLE).
 */
int cli_parse_next(struct cli_parse *p, const struct cli_opt **opt,
		   const char **value);
void cli_parse_release(struct cli_parse *p);

/*
 * Reports a usage error: "worklog: MESSAGE" and the command's usage hint
 * on stderr. Returns CLI_TROUBLE.
 */
int cli_usage_error(const struct cli_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Applies one common option (a row of cli_common_options) to `opts`.
 * Returns 0, or 1 after answering --version, or -1 after reporting a bad
 * value.
 */
int cli_common_apply(struct cli_opts *opts, const struct cli_opt *o,
		     const char *value);

/* Help (help.c). `cmd` NULL means worklog itself. */
void cli_help(FILE *out, const struct cli_command *cmd);
/* The usage lines and where to read more. */
void cli_usage_hint(FILE *out, const struct cli_command *cmd);
/*
 * Writes the choices of option `o` for command `cmd` into `out` (at most
 * `max`, NULL-terminated). Returns how many.
 */
size_t cli_opt_choices(const char **out, size_t max,
		       const struct cli_command *cmd, const struct cli_opt *o);

/*
 * Appends "a, b or c" to `b`; with `mark_default`, the first is marked
 * "(default)".
 */
void cli_join_choices(struct wl_buf *b, const char *const *v, size_t n,
		      int mark_default);

/*
 * Reports that the repository has no record type `name`: "worklog: CMD:
 * unknown record type 'x'", with the nearest name or the known ones.
 * Returns CLI_TROUBLE.
 */
int cli_unknown_type(const struct wl_repo *repo, const char *cmd,
		     const char *name);

/* Reports an operational error: "worklog: MESSAGE" on stderr. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Prints the problems of a configuration (or its schemas) `d` in the
 * compiler form on stderr (`prefix` and `commit`, both may be NULL, as
 * cli_diag_line takes them), then "worklog: cannot use the
 * configuration: N errors". They are not findings: whatever the
 * format, they go to stderr. Returns CLI_TROUBLE.
 */
int cli_config_failed(const struct wl_diags *d, const char *prefix,
		      const char *commit);

/*
 * Opens the repository for `opts`; configuration problems are printed.
 * Returns 0, or CLI_TROUBLE after printing why.
 */
int cli_open_repo(struct wl_repo **repo, struct cli_opts *opts);

/*
 * For a command that needs the repository's own configuration (report,
 * aggregate): when the commit or index read has no .worklog.yaml (the
 * library then reads it under the defaults), says so, naming the
 * version and the repository. Returns 0, or CLI_TROUBLE after printing.
 */
int cli_need_config(const struct wl_repo *repo, const struct cli_opts *opts,
		    const char *cmd);

/*
 * Output formats: one row each (output.c). Adding a format is one file
 * with its printers and one row here.
 */
struct cli_findings;
struct cli_report;
struct wl_table;
struct cli_format_spec {
	enum cli_format id;
	const char *name;
	const char *help;          /* what it prints */
	unsigned prints;           /* enum cli_output it can print */
	/* Prints findings; NULL unless it prints CLI_OUT_FINDINGS. */
	void (*findings)(FILE *out, const struct cli_findings *f);
	/* Prints a result set; NULL unless it prints CLI_OUT_ROWS. */
	void (*rows)(FILE *out, const struct wl_table *t);
	/* Prints a report; NULL unless it prints CLI_OUT_REPORT. */
	void (*report)(FILE *out, const struct cli_report *rep);
};
/* Ends with a row whose name is NULL. */
extern const struct cli_format_spec cli_formats[];
/* Returns the row called `name`, or NULL. */
const struct cli_format_spec *cli_format_find(const char *name);

/*
 * Findings to print: groups of diagnostics, each from one version (a
 * pushed commit) or from the only one.
 */
struct cli_finding_group {
	const char *commit;        /* short id of the commit, or NULL */
	const char *prefix;        /* before each text line, or NULL */
	const struct wl_diags *diags;
};
struct cli_findings {
	const struct cli_finding_group *groups;
	size_t nr;
	size_t records;            /* how many records were checked */
	size_t errors, warnings;   /* over every group */
	int color;
	/* The absolute folder the paths are relative to (SARIF's
	 * SRCROOT), or NULL: then cli_print_findings takes opts->root. */
	const char *root;
};

/*
 * Prints one diagnostic in the compiler form,
 * "[PREFIX][COMMIT:]PATH:LINE:COL: SEVERITY: MESSAGE [RULE]", with the
 * path made printable; the only place that form is written.
 */
void cli_diag_line(FILE *out, const struct wl_diag *g, const char *prefix,
		   const char *commit, int color);

/*
 * Prints `f` in the command's format (to stdout) and, unless -q, the
 * summary line (to stderr).
 */
void cli_print_findings(const struct cli_opts *opts,
			const struct cli_findings *f);
/* The same for one group of diagnostics; `records` is how many files
 * were checked. */
void cli_print_diags(const struct cli_opts *opts, const struct wl_diags *d,
		     size_t records);

/* Writes what a row printer has in `b` to `out`, and empties it: when
 * it holds 64 KiB or more (a result may be large), or always if `all`. */
void cli_rows_flush(FILE *out, struct wl_buf *b, int all);
/* Prints a result set in the command's format, to stdout. */
void cli_print_rows(const struct cli_opts *opts, const struct wl_table *t);

/*
 * A finding's stable fingerprint, for SARIF and GitLab: 32 hex digits
 * hashing its rule, path and message with `occurrence`, the number of
 * findings of the group before it with the same three. Messages name
 * what is wrong, not where, so the fingerprint survives unrelated lines
 * moving.
 */
void cli_fingerprint(char out[33], const struct wl_diag *g,
		     size_t occurrence);
/* The occurrence of diagnostic `i` of `d` as cli_fingerprint takes it. */
size_t cli_occurrence(const struct wl_diags *d, size_t i);

/* Printers of the format rows (output_*.c). */
void cli_findings_text(FILE *out, const struct cli_findings *f);
void cli_findings_json(FILE *out, const struct cli_findings *f);
void cli_findings_github(FILE *out, const struct cli_findings *f);
void cli_findings_sarif(FILE *out, const struct cli_findings *f);
void cli_findings_gitlab(FILE *out, const struct cli_findings *f);
/* Result sets: columns aligned by display width (output_table.c); CSV
 * per RFC 4180 (output_csv.c); a JSON array of row objects keeping the
 * SQL types (output_json.c); a Markdown pipe table (output_markdown.c). */
void cli_rows_table(FILE *out, const struct wl_table *t);
void cli_rows_csv(FILE *out, const struct wl_table *t);
void cli_rows_json(FILE *out, const struct wl_table *t);
void cli_rows_markdown(FILE *out, const struct wl_table *t);

/* Cell escapes shared by the row and report printers: a CSV field
 * (RFC 4180, quoted when it must be) and the text of a Markdown table
 * cell. */
void cli_csv_field(struct wl_buf *b, const char *s, size_t len);
void cli_markdown_cell(struct wl_buf *b, const char *s, size_t len);

/*
 * A report to print (report_text.c has what every format shares): the
 * model (report.h), the language of headings and labels, and the one
 * section (or table, or saved query) --section asked for.
 */
struct wl_report;
struct wl_rv;
struct cli_report {
	const struct wl_report *model;
	int zh;                    /* Chinese headings and labels */
	const char *only;          /* a part's name, or NULL: all */
};

/*
 * A part of a report as the text formats show it: a section's heading
 * (`rows` NULL: its tables follow), or a table: a section, one of the
 * two tables of `meetings` ("meetings", "actions"), or a saved report's
 * query.
 */
struct cli_report_part {
	const char *name;          /* "summary", "actions", a query's name */
	const char *title;         /* its heading, in the report's language */
	int level;                 /* 2 for a section, 3 for a table in one */
	const struct wl_rv *rows;  /* a list of row objects, or NULL */
	/* The columns, in order: `ncols` keys of the rows, in `cols` or,
	 * for a query, the texts of the list `colv`. cli_report_col says
	 * which. */
	const char *const *cols;
	const struct wl_rv *colv;
	size_t ncols;
};
/* Returns the key of column `i` of `p`. */
const char *cli_report_col(const struct cli_report_part *p, size_t i);

/*
 * The parts to print, in order (only rep->only's when set); *nr gets
 * how many. Returns an array the caller frees.
 */
struct cli_report_part *cli_report_parts(const struct cli_report *rep,
					 size_t *nr);
/* Returns 1 if `name` names a part of the report (for --section). */
int cli_report_has_part(const struct wl_report *model, const char *name);
/* Returns the heading or label of `key` in the report's language
 * (a section's, a column's, a word of the model's), the column of a
 * part first ("people.completed"); the key itself when it has none. */
const char *cli_report_label(const struct cli_report *rep, const char *part,
			     const char *key);
/*
 * Appends what a cell shows: a scalar as wl_rv_fmt writes it, but a
 * label or a boolean in the report's language; a list's items joined by
 * "; "; an object's values joined by spaces ("from → to" for a change).
 */
void cli_report_cell(struct wl_buf *b, const struct cli_report *rep,
		     const char *part, const struct wl_rv *v);
/* Appends the report's title ("周报 2026-W47") and the line under it
 * (the days, "as of", the commit, the filters). */
void cli_report_title(struct wl_buf *b, const struct cli_report *rep);
void cli_report_subtitle(struct wl_buf *b, const struct cli_report *rep);
/* What an empty table says. */
const char *cli_report_empty(const struct cli_report *rep);

/* Report printers (output_markdown.c, output_html.c, output_json.c,
 * output_csv.c). */
void cli_report_markdown(FILE *out, const struct cli_report *rep);
void cli_report_html(FILE *out, const struct cli_report *rep);
void cli_report_json(FILE *out, const struct cli_report *rep);
void cli_report_csv(FILE *out, const struct cli_report *rep);
/* Columns `len` bytes of `s` take in a terminal: wide characters count
 * two (output_table.c). */
size_t cli_display_width(const char *s, size_t len);

/*
 * Record diffs (output_diff.c): text (with --stat the summary instead),
 * a JSON array, or Markdown for a pull-request description.
 */
struct wl_diff;
void cli_diff_text(FILE *out, const struct wl_diff *d, int color, int stat);
void cli_diff_json(FILE *out, const struct wl_diff *d);
void cli_diff_markdown(FILE *out, const struct wl_diff *d);

/* What `hooks install` did, as it prints it (cmd_hooks.c; init too):
 * one line per hook, or one JSON object appended to `out`. */
struct wl_hooks_installed;
void cli_hooks_print_text(const struct wl_hooks_installed *r);
void cli_hooks_add_json(struct wl_buf *out, const struct wl_hooks_installed *r);

/* What setting the diff and merge drivers up did (cmd_hooks.c; init
 * too): one line per .gitattributes line and git configuration key, or
 * `, "attributes": {"file", "lines": [{"line", "action"}]}, "config":
 * [{"key", "value", "action"}]` appended to `out` (inside an object). */
struct wl_drivers_installed;
void cli_drivers_print_text(const struct wl_drivers_installed *d);
void cli_drivers_add_json(struct wl_buf *out,
			  const struct wl_drivers_installed *d);

/* The commands (cmd_*.c). */
extern const struct cli_command cli_cmd_validate;
extern const struct cli_command cli_cmd_lint;
extern const struct cli_command cli_cmd_aggregate;
extern const struct cli_command cli_cmd_report;
extern const struct cli_command cli_cmd_hook;
extern const struct cli_command cli_cmd_hooks;
extern const struct cli_command cli_cmd_diff;
extern const struct cli_command cli_cmd_merge;
extern const struct cli_command cli_cmd_help;
extern const struct cli_command cli_cmd_init;
extern const struct cli_command cli_cmd_new;
extern const struct cli_command cli_cmd_import;

#endif
