/*
 * worklog lint: validate plus the team's recording rules. The judging
 * is the rule engine's (lint.h); this file reads the options, lists and
 * explains the rules, writes or shows the fixes, prints the findings
 * and decides the exit code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "date.h"
#include "lint.h"
#include "util.h"

#include "../banned.h"

enum {
	OPT_LIST_RULES = 1,
	OPT_EXPLAIN,
	OPT_FIX,
	OPT_DRY_RUN,
	OPT_FAIL_ON,
	OPT_TODAY,
	OPT_HISTORY,
	OPT_RANGE,
};

static const char *const fail_on_choices[] = { "error", "warning", NULL };

static const struct cli_opt options[] = {
	{ OPT_LIST_RULES, CLI_OPT_FLAG, "list-rules", 0, NULL, NULL, NULL, 0,
	  NULL, "list the rules: id, default severity, what each finds" },
	{ OPT_EXPLAIN, CLI_OPT_VALUE, "explain", 0, "RULE", NULL, NULL, 0,
	  NULL, "show a rule's help, with a bad and a good example" },
	{ OPT_FIX, CLI_OPT_FLAG, "fix", 0, NULL, NULL, NULL, 0, NULL,
	  "apply the safe mechanical fixes to the files" },
	{ OPT_DRY_RUN, CLI_OPT_FLAG, "dry-run", 'n', NULL, NULL, NULL, 0, NULL,
	  "with --fix: print the fixes as a patch and change nothing" },
	{ OPT_FAIL_ON, CLI_OPT_VALUE, "fail-on", 0, "LEVEL", fail_on_choices,
	  NULL, 0, NULL, "the least severity that makes the exit code 1" },
	{ OPT_TODAY, CLI_OPT_VALUE, "today", 0, "DATE", NULL, NULL, 0, NULL,
	  "take DATE (YYYY-MM-DD) as today" },
	{ OPT_HISTORY, CLI_OPT_FLAG, "history", 0, NULL, NULL, NULL, 0, NULL,
	  "judge transition over every committed change too" },
	{ OPT_RANGE, CLI_OPT_VALUE, "range", 0, "REVS", NULL, NULL, 0, NULL,
	  "with --history: the commits (REV or A..B; default: all)" },
	CLI_OPT_END,
};

static const char *const usage[] = {
	"[--fix [--dry-run]] [--fail-on LEVEL] [--today DATE] [OPTIONS] [PATH...]",
	"--history [--range REVS] [--fail-on LEVEL] [OPTIONS] [PATH...]",
	"--list-rules [--format text|json]",
	"--explain RULE [--format text|json]",
	NULL,
};

struct lint_args {
	int list, fix, dry_run;
	const char *explain;
	int fail_warning;
	const char *today;
	int history;
	const char *range;
};

/* ---- --list-rules and --explain ------------------------------------- */

static const char *severity_name(int sev)
{
	return sev ? wl_severity_name((enum wl_severity)sev) : "off";
}

static void json_str(struct wl_buf *b, const char *s)
{
	wl_buf_add_json_string(b, s, strlen(s));
}

static void rule_json(struct wl_buf *b, const struct wl_rule_def *d)
{
	static const char *const needs[] = { "record", "body", "all",
					     "history", "text", "today",
					     "change" };
	const struct wl_rule_option *o;
	size_t k, n = 0;

	wl_buf_addstr(b, "{\"id\": ");
	json_str(b, d->id);
	wl_buf_addf(b, ", \"severity\": \"%s\", \"needs\": [",
		    severity_name(d->severity));
	for (k = 0; k < sizeof(needs) / sizeof(needs[0]); k++)
		if (d->needs & (1u << k))
			wl_buf_addf(b, "%s\"%s\"", n++ ? ", " : "", needs[k]);
	wl_buf_addf(b, "], \"fixable\": %s, \"suppressible\": %s, \"validate\": %s, \"options\": [",
		    d->flags & WL_RULE_FIXABLE ? "true" : "false",
		    d->flags & WL_RULE_UNSUPPRESSIBLE ? "false" : "true",
		    d->flags & WL_RULE_VALIDATE ? "true" : "false");
	for (o = d->options; o && o->name; o++) {
		wl_buf_addstr(b, o == d->options ? "{\"name\": " : ", {\"name\": ");
		json_str(b, o->name);
		wl_buf_addstr(b, ", \"help\": ");
		json_str(b, o->help);
		wl_buf_addch(b, '}');
	}
	wl_buf_addstr(b, "], \"summary\": ");
	json_str(b, d->summary);
	wl_buf_addstr(b, ", \"help\": ");
	json_str(b, d->help);
	wl_buf_addstr(b, ", \"bad\": ");
	json_str(b, d->bad);
	wl_buf_addstr(b, ", \"good\": ");
	json_str(b, d->good);
	wl_buf_addch(b, '}');
}

static int list_rules(const struct cli_opts *opts)
{
	const struct wl_rule_def *d;
	struct wl_buf b = WL_BUF_INIT;

	if (opts->format == CLI_FORMAT_JSON) {
		wl_buf_addstr(&b, "{\"rules\": [");
		for (d = wl_rule_defs; d->id; d++) {
			wl_buf_addstr(&b, d == wl_rule_defs ? "\n  " : ",\n  ");
			rule_json(&b, d);
		}
		wl_buf_addstr(&b, "\n]}\n");
	} else {
		for (d = wl_rule_defs; d->id; d++)
			wl_buf_addf(&b, "%-19s %-8s %s%s%s\n", d->id,
				    severity_name(d->severity), d->summary,
				    d->flags & WL_RULE_FIXABLE ? " [fix]" : "",
				    d->needs & (WL_RULE_NEEDS_HISTORY |
						WL_RULE_NEEDS_CHANGE) ?
					    " [history]" : "");
	}
	fwrite(b.buf, 1, b.len, stdout);
	wl_buf_release(&b);
	return CLI_OK;
}

/* Appends `s` wrapped at 72 columns (counted in code points). */
static void wrapped(struct wl_buf *b, const char *s)
{
	size_t col = 0;

	while (*s) {
		size_t n = strcspn(s, " "), cps = 0, i;

		for (i = 0; i < n; i++)
			cps += ((unsigned char)s[i] & 0xC0) != 0x80;
		if (col && col + 1 + cps > 72) {
			wl_buf_addch(b, '\n');
			col = 0;
		} else if (col) {
			wl_buf_addch(b, ' ');
			col++;
		}
		wl_buf_add(b, s, n);
		col += cps;
		s += n;
		s += strspn(s, " ");
	}
	wl_buf_addch(b, '\n');
}

/* Indents each line of `s` by four spaces. */
static void indented(struct wl_buf *b, const char *s)
{
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);

		wl_buf_addf(b, "    %.*s\n", (int)n, s);
		s += n + (nl ? 1 : 0);
	}
}

static int explain(const struct cli_opts *opts, const char *id)
{
	const struct wl_rule_def *d = wl_rule_find(id);
	const struct wl_rule_option *o;
	struct wl_buf b = WL_BUF_INIT;

	if (!d)
		return cli_error("unknown rule '%s'; see 'worklog lint --list-rules'",
				 id);
	if (opts->format == CLI_FORMAT_JSON) {
		rule_json(&b, d);
		wl_buf_addch(&b, '\n');
	} else {
		wl_buf_addf(&b, "%s (%s%s%s)\n%s\n\n", d->id,
			    severity_name(d->severity),
			    d->flags & WL_RULE_FIXABLE ? ", fixable" : "",
			    d->flags & WL_RULE_UNSUPPRESSIBLE ?
				    ", cannot be suppressed" : "",
			    d->summary);
		wrapped(&b, d->help);
		if (d->options)
			wl_buf_addstr(&b, "\nOptions:\n");
		for (o = d->options; o && o->name; o++)
			wl_buf_addf(&b, "    %-8s %s\n", o->name, o->help);
		wl_buf_addstr(&b, "\nBad:\n");
		indented(&b, d->bad);
		wl_buf_addstr(&b, "\nGood:\n");
		indented(&b, d->good);
	}
	fwrite(b.buf, 1, b.len, stdout);
	wl_buf_release(&b);
	return CLI_OK;
}

/* ---- A run ---------------------------------------------------------- */

/* Writes the fixed files, or with --dry-run prints them as a patch. */
static int apply_fixes(const struct wl_lint *l, struct wl_repo *repo,
		       const struct lint_args *a, size_t *findings)
{
	struct wl_buf patch = WL_BUF_INIT;
	size_t i;
	int ret = 0;

	*findings = 0;
	for (i = 0; i < l->fixed_nr; i++) {
		const struct wl_lint_fixed *f = &l->fixed[i];
		char *err = NULL;

		if (a->dry_run) {
			wl_fix_diff(&patch, f->path, f->old, f->old_len,
				    f->new, f->new_len);
		} else if (wl_fix_write(wl_source_root(repo->src), f->path,
					f->new, f->new_len, &err) < 0) {
			cli_error("%s", err);
			free(err);
			ret = -1;
			continue;
		}
		*findings += f->findings;
	}
	if (patch.len)
		fwrite(patch.buf, 1, patch.len, stdout);
	wl_buf_release(&patch);
	return ret;
}

/* With --dry-run the patch is stdout: the findings left go to stderr. */
static void print_left(const struct cli_opts *opts, const struct wl_lint *l)
{
	size_t i;

	fflush(stdout);
	for (i = 0; i < l->diags.nr; i++)
		cli_diag_line(stderr, &l->diags.v[i], NULL, NULL, 0);
	if (!opts->quiet)
		fprintf(stderr, "checked %zu record%s: %zu error%s, %zu warning%s\n",
			l->records, l->records == 1 ? "" : "s", l->diags.errors,
			l->diags.errors == 1 ? "" : "s", l->diags.warnings,
			l->diags.warnings == 1 ? "" : "s");
}

static int lint(struct cli_opts *opts, struct cli_parse *p,
		const struct lint_args *a)
{
	struct wl_repo *repo = NULL;
	struct wl_pathlist files = WL_PATHLIST_INIT;
	struct wl_strlist errors = WL_STRLIST_INIT;
	struct wl_lint result = WL_LINT_INIT;
	struct wl_lint_opts lo;
	struct wl_rules rules;
	size_t k, fixed = 0;
	char *err = NULL;
	int ret, trouble = 0;

	ret = cli_open_repo(&repo, opts);
	if (ret)
		goto done;
	memset(&lo, 0, sizeof(lo));
	if (wl_today(&lo.today, repo->cfg.tz, a->today) < 0) {
		ret = cli_usage_error(&cli_cmd_lint,
				      "--today: '%s' is not a date (use YYYY-MM-DD)",
				      a->today);
		goto done;
	}
	if (wl_repo_select(repo, opts->cwd, p->args, p->nargs, &files,
			   &err) < 0) {
		ret = cli_error("%s", err);
		goto done;
	}
	lo.now = wl_now(repo->cfg.tz, lo.today, a->today != NULL);
	/* Every rule lint can give what it needs, the history of each
	 * record included (lint_history.h); locked, which the hooks judge
	 * on a change, lint judges over that history. */
	wl_rules_select(&rules, &repo->cfg.rules,
			WL_RULE_NEEDS_RECORD | WL_RULE_NEEDS_BODY |
			WL_RULE_NEEDS_ALL | WL_RULE_NEEDS_TEXT |
			WL_RULE_NEEDS_TODAY | WL_RULE_NEEDS_HISTORY, 0);
	rules.severity[WL_RULE_LOCKED] =
		repo->cfg.rules.severity[WL_RULE_LOCKED];
	/* transition judges a change: with --history, every committed
	 * one. */
	if (a->history)
		rules.severity[WL_RULE_TRANSITION] =
			repo->cfg.rules.severity[WL_RULE_TRANSITION];
	lo.rules = &rules;
	lo.range = a->range;
	lo.flags = (a->fix ? WL_LINT_FIX : 0) |
		   (a->history ? WL_LINT_HISTORY : 0) |
		   (p->nargs ? 0 : WL_LINT_EVERY_RECORD);
	if (wl_lint_run(&result, repo, &files, &lo, &errors) < 0)
		trouble = 1;
	for (k = 0; k < errors.nr; k++)
		cli_error("%s", errors.v[k]);
	for (k = 0; k < result.notes.nr; k++)
		fprintf(stderr, "worklog: note: %s\n", result.notes.v[k]);
	if (a->fix && apply_fixes(&result, repo, a, &fixed) < 0)
		trouble = 1;
	if (a->dry_run)
		print_left(opts, &result);
	else
		cli_print_diags(opts, &result.diags, result.records);
	if (a->fix && !opts->quiet)
		fprintf(stderr, "%s %zu finding%s in %zu file%s\n",
			a->dry_run ? "would fix" : "fixed", fixed,
			fixed == 1 ? "" : "s", result.fixed_nr,
			result.fixed_nr == 1 ? "" : "s");
	if (trouble)
		ret = CLI_TROUBLE;
	else if (result.diags.errors ||
		 (a->fail_warning && result.diags.warnings))
		ret = CLI_FINDINGS;
	else
		ret = CLI_OK;
done:
	free(err);
	wl_lint_release(&result);
	wl_strlist_release(&errors);
	wl_pathlist_release(&files);
	wl_repo_free(repo);
	return ret;
}

/* The options that only go together; returns 0 or a usage error. */
static int check_args(const struct lint_args *a, const struct cli_opts *opts)
{
	if (a->range && !a->history)
		return cli_usage_error(&cli_cmd_lint, "--range needs --history");
	if (a->dry_run && !a->fix)
		return cli_usage_error(&cli_cmd_lint, "--dry-run needs --fix");
	if (a->fix && opts->source != WL_SOURCE_WORKTREE)
		return cli_usage_error(&cli_cmd_lint,
				       "--fix changes the working tree; it cannot be used with --staged or --rev");
	return 0;
}

static int run(int argc, char **argv, struct cli_opts *opts)
{
	struct lint_args a;
	struct cli_parse p;
	const struct cli_opt *o;
	const char *v;
	const char *gha = getenv("GITHUB_ACTIONS");
	int r, ret;

	memset(&a, 0, sizeof(a));
	cli_parse_init(&p, &cli_cmd_lint, opts, argc, argv);
	while ((r = cli_parse_next(&p, &o, &v)) > 0) {
		switch (o->id) {
		case OPT_LIST_RULES:
			a.list = 1;
			break;
		case OPT_EXPLAIN:
			a.explain = v;
			break;
		case OPT_FIX:
			a.fix = 1;
			break;
		case OPT_DRY_RUN:
			a.dry_run = 1;
			break;
		case OPT_FAIL_ON:
			a.fail_warning = !strcmp(v, "warning");
			break;
		case OPT_TODAY:
			a.today = v;
			break;
		case OPT_HISTORY:
			a.history = 1;
			break;
		case OPT_RANGE:
			a.range = v;
			break;
		}
	}
	if (r < 0) {
		ret = p.status;
		goto done;
	}
	if ((a.list || a.explain) && opts->format != CLI_FORMAT_TEXT &&
	    opts->format != CLI_FORMAT_JSON) {
		ret = cli_usage_error(&cli_cmd_lint,
				      "--list-rules and --explain print text or json");
		goto done;
	}
	if (a.list) {
		ret = list_rules(opts);
		goto done;
	}
	if (a.explain) {
		ret = explain(opts, a.explain);
		goto done;
	}
	ret = check_args(&a, opts);
	if (ret)
		goto done;
	/* In a GitHub Actions job, findings become annotations unless a
	 * format is asked for. */
	if (!opts->format_name && gha && !strcmp(gha, "true"))
		opts->format = CLI_FORMAT_GITHUB;
	ret = lint(opts, &p, &a);
done:
	cli_parse_release(&p);
	return ret;
}

const struct cli_command cli_cmd_lint = {
	"lint", run, "validate plus the team's recording rules", usage,
	"Judges records by validate's checks and by the rules of the\n"
	"repository (rules: in .worklog.yaml; see --list-rules and --explain\n"
	"RULE): references, the roster, sections, dates, overdue work. With\n"
	"no PATH, every record is judged; with PATHs, those records, against\n"
	"every record of the repository.\n"
	"\n"
	"A record may silence a rule: worklog: {disable: [RULE]} in its front\n"
	"matter, or <!-- worklog-disable RULE -->, <!-- worklog-enable RULE -->\n"
	"and <!-- worklog-disable-next-line RULE --> in its body. A\n"
	"suppression that suppresses nothing is itself reported\n"
	"(unused-suppression).\n"
	"\n"
	"Today's date (for overdue) is --today when given, else the current\n"
	"date in the configuration's timezone: (the machine's zone when it\n"
	"has none), so a record due today is not overdue until tomorrow\n"
	"there. Give --today in scripts and tests, for the same findings on\n"
	"any day: deadlines are then judged at the last second of that day.\n"
	"\n"
	"In a git repository, the rules stale, cadence, review and locked\n"
	"read when each record was committed from its history (one walk for\n"
	"all records). Commit times are read in the commit's own time zone;\n"
	"today and the boundaries of days, weeks and months in the\n"
	"configuration's. Outside git they are skipped, with a note.\n"
	"\n"
	"--history also judges transition over every committed change of a\n"
	"field that x-transitions names (the hooks judge each new commit;\n"
	"this finds what got in before them, or past them), in the commits of\n"
	"--range (REV: what it reaches; A..B: what B reaches and A does not;\n"
	"default: everything). Each record version is parsed once, ever: the\n"
	"history cache under .git keeps what was read.\n"
	"\n"
	"--fix applies the safe mechanical fixes only (encoding: the\n"
	"byte-order mark and CRLF; truthy: quotes; missing-section: the\n"
	"heading), rewriting each file atomically and leaving every other\n"
	"byte alone; the findings it fixed are not shown. --fix --dry-run\n"
	"prints the patch instead (the findings left go to stderr). --fix\n"
	"reads and writes the working tree only.\n"
	"\n"
	"The exit code is 1 when a finding is an error, or with --fail-on\n"
	"warning a warning. --format github is the default when\n"
	"GITHUB_ACTIONS=true.\n",
	options, CLI_OUT_FINDINGS,
};
