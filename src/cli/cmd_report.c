/*
 * worklog report: a weekly, monthly or quarterly report (or a saved one)
 * from the records and their history. The library builds the report's
 * model (report.h); this file parses, picks the language and the part
 * to print, and writes the format to stdout or, atomically, to a file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report.h"
#include "util.h"

#include "../banned.h"

enum {
	OPT_PERIOD = 1,
	OPT_OWNER,
	OPT_PROJECT,
	OPT_TODAY,
	OPT_LANG,
	OPT_SECTION,
	OPT_OUTPUT,
	OPT_STATS,
};

#define ROW(id, kind, name, letter, value, help) \
	{ id, kind, name, letter, value, NULL, NULL, 0, NULL, help }

static const struct cli_opt options[] = {
	ROW(OPT_PERIOD, CLI_OPT_VALUE, "period", 0, "P",
	    "the period: 2026-W48, 2026-11 or 2026-Q4 (default: the current one)"),
	ROW(OPT_OWNER, CLI_OPT_VALUE, "owner", 0, "ID",
	    "only the work of this person (a meeting counts for its attendees)"),
	ROW(OPT_PROJECT, CLI_OPT_VALUE, "project", 0, "ID",
	    "only this project and the records that name it"),
	ROW(OPT_TODAY, CLI_OPT_VALUE, "today", 0, "DATE",
	    "take DATE (YYYY-MM-DD) as today; the report is as of its end"),
	ROW(OPT_LANG, CLI_OPT_VALUE, "lang", 0, "zh|en",
	    "the language of headings and labels (default: reports.lang, else from LANG)"),
	ROW(OPT_SECTION, CLI_OPT_VALUE, "section", 0, "NAME",
	    "only this section, table or saved query (csv needs one)"),
	ROW(OPT_OUTPUT, CLI_OPT_VALUE, "output", 'o', "FILE",
	    "write to FILE (replaced atomically) instead of stdout"),
	ROW(OPT_STATS, CLI_OPT_FLAG, "stats", 0, NULL,
	    "print what was loaded and the time of each phase on stderr"),
	CLI_OPT_END,
};

static const char *const usage[] = {
	"week|month|quarter [--period P] [--owner ID] [--project ID] [OPTIONS]",
	"NAME [--period P] [OPTIONS]",
	NULL,
};

struct args {
	struct wl_report_opts ro;
	const char *lang, *section, *output;
	int stats;
};

static int take(struct args *a, const struct cli_opt *o, const char *v)
{
	switch (o->id) {
	case OPT_PERIOD:
		a->ro.period = v;
		break;
	case OPT_OWNER:
		a->ro.owner = v;
		break;
	case OPT_PROJECT:
		a->ro.project = v;
		break;
	case OPT_TODAY:
		a->ro.today = v;
		break;
	case OPT_LANG:
		if (strcmp(v, "zh") && strcmp(v, "en"))
			return cli_usage_error(&cli_cmd_report,
					       "--lang takes zh or en, not '%s'",
					       v);
		a->lang = v;
		break;
	case OPT_SECTION:
		a->section = v;
		break;
	case OPT_OUTPUT:
		a->output = v;
		break;
	case OPT_STATS:
		a->stats = 1;
		break;
	}
	return 0;
}

/* English unless the locale says Chinese: LC_ALL, LC_MESSAGES, LANG,
 * the first that is set. */
static int lang_from_env(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	size_t i;

	for (i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return !strncmp(v, "zh", 2);
	}
	return 0;
}

static int is_zh(const struct args *a, const struct wl_repo *repo)
{
	const struct wl_saved_report *s = a->ro.saved;

	if (a->lang)
		return !strcmp(a->lang, "zh");
	if (s && s->lang)
		return !strcmp(s->lang, "zh");
	if (repo->cfg.reports.lang)
		return !strcmp(repo->cfg.reports.lang, "zh");
	return lang_from_env();
}

/* The report asked for: a kind, or a saved report of the configuration. */
static int which(struct args *a, const struct wl_repo *repo, const char *what)
{
	enum wl_period_kind k;
	struct wl_buf names = WL_BUF_INIT;
	size_t i;
	int ret;

	if (!wl_period_kind_parse(&k, what) &&
	    (k == WL_PERIOD_WEEK || k == WL_PERIOD_MONTH ||
	     k == WL_PERIOD_QUARTER)) {
		a->ro.kind = k;
		return 0;
	}
	a->ro.saved = wl_report_settings_find(&repo->cfg.reports, what);
	if (a->ro.saved) {
		a->ro.kind = a->ro.saved->kind;
		return 0;
	}
	wl_buf_addstr(&names, "week, month, quarter");
	for (i = 0; i < repo->cfg.reports.saved_nr; i++)
		wl_buf_addf(&names, ", %s", repo->cfg.reports.saved[i].name);
	ret = cli_usage_error(&cli_cmd_report,
			      "no report '%s' (reports: %s)", what,
			      wl_buf_cstr(&names));
	wl_buf_release(&names);
	return ret;
}

/* --section names a section, the actions table, or a saved query. */
static int check_section(const struct args *a, const struct cli_opts *opts)
{
	const struct wl_saved_report *s = a->ro.saved;
	enum wl_report_section sec;
	struct wl_buf names = WL_BUF_INIT;
	size_t i;
	int ret;

	if (!a->section)
		return opts->format == CLI_FORMAT_CSV
			       ? cli_usage_error(&cli_cmd_report,
						 "--format csv prints one table: name it with --section")
			       : 0;
	if (!strcmp(a->section, "actions") ||
	    !wl_report_section_parse(&sec, a->section))
		return 0;
	for (i = 0; s && i < s->queries_nr; i++)
		if (!strcmp(s->queries[i].name, a->section))
			return 0;
	for (i = 0; i < WL_REPORT_SECTIONS_NR; i++)
		wl_buf_addf(&names, "%s%s", i ? ", " : "",
			    wl_report_section_name(i));
	wl_buf_addstr(&names, ", actions");
	for (i = 0; s && i < s->queries_nr; i++)
		wl_buf_addf(&names, ", %s", s->queries[i].name);
	ret = cli_usage_error(&cli_cmd_report, "no section '%s' (sections: %s)",
			      a->section, wl_buf_cstr(&names));
	wl_buf_release(&names);
	return ret;
}

/* Prints the report to stdout or to --output. Returns an exit code. */
static int print(const struct args *a, const struct cli_opts *opts,
		 const struct cli_report *rep)
{
	const struct cli_format_spec *f;
	struct wl_atomic_file out = WL_ATOMIC_FILE_INIT;
	char *err = NULL;
	int ret;

	for (f = cli_formats; f->name; f++)
		if (f->id == opts->format && f->report)
			break;
	if (!f->name)
		return cli_error("no report printer for this format");
	if (!a->output) {
		f->report(stdout, rep);
		return CLI_OK;
	}
	if (wl_atomic_file_open(&out, a->output, &err) < 0) {
		ret = cli_error("%s", err);
		free(err);
		return ret;
	}
	f->report(out.f, rep);
	if (wl_atomic_file_commit(&out, &err) < 0) {
		ret = cli_error("%s", err);
		free(err);
		return ret;
	}
	return CLI_OK;
}

static void print_stats(const struct wl_report_stats *st)
{
	fprintf(stderr,
		"report: %zu records, %zu history rows from %zu commits; "
		"load %.3fs, history %.3fs, sections %.3fs\n",
		st->records, st->history, st->commits, st->load_secs,
		st->history_secs, st->sections_secs);
}

/* Builds the report over an open repository and prints it. */
static int report(struct args *a, struct cli_opts *opts,
		  struct wl_repo *repo, const char *what)
{
	struct wl_report_stats st = WL_REPORT_STATS_INIT;
	struct wl_strlist warnings = WL_STRLIST_INIT;
	struct wl_report *model = NULL;
	struct cli_report rep = { NULL, 0, NULL };
	char *err = NULL;
	size_t i;
	int ret;

	if ((ret = which(a, repo, what)) || (ret = check_section(a, opts)))
		return ret;
	if (wl_report_build(&model, &st, &warnings, repo, &a->ro, &err) < 0) {
		ret = cli_error("%s", err);
		goto done;
	}
	for (i = 0; i < warnings.nr && !opts->quiet; i++)
		cli_error("warning: %s", warnings.v[i]);
	rep.model = model;
	rep.zh = is_zh(a, repo);
	rep.only = a->section;
	if (a->section && !cli_report_has_part(model, a->section)) {
		ret = cli_usage_error(&cli_cmd_report,
				      "section '%s' is not in report '%s' (its sections: say so in .worklog.yaml)",
				      a->section, what);
		goto done;
	}
	ret = print(a, opts, &rep);
	if (a->stats)
		print_stats(&st);
done:
	free(err);
	wl_strlist_release(&warnings);
	wl_report_free(model);
	return ret;
}

static int run(int argc, char **argv, struct cli_opts *opts)
{
	struct args a;
	struct cli_parse p;
	const struct cli_opt *o;
	const char *v;
	struct wl_repo *repo = NULL;
	int r, ret = CLI_OK;

	memset(&a, 0, sizeof(a));
	a.ro = (struct wl_report_opts)WL_REPORT_OPTS_INIT;
	cli_parse_init(&p, &cli_cmd_report, opts, argc, argv);
	while ((r = cli_parse_next(&p, &o, &v)) > 0)
		if ((ret = take(&a, o, v)))
			goto done;
	if (r < 0) {
		ret = p.status;
		goto done;
	}
	if (p.nargs != 1) {
		ret = cli_usage_error(&cli_cmd_report,
				      p.nargs ? "report takes one report, not '%s'"
					      : "report needs a report: week, month, quarter or a saved one%s",
				      p.nargs ? p.args[1] : "");
		goto done;
	}
	if (opts->source == WL_SOURCE_INDEX) {
		ret = cli_usage_error(&cli_cmd_report,
				      "a report reads committed history; --staged has none (use --rev)");
		goto done;
	}
	/* A report is of what is committed: HEAD unless --rev says. */
	if (opts->source == WL_SOURCE_WORKTREE) {
		opts->source = WL_SOURCE_REV;
		opts->rev = "HEAD";
	}
	if ((ret = cli_open_repo(&repo, opts)) ||
	    (ret = cli_need_config(repo, opts, "report")))
		goto done;
	ret = report(&a, opts, repo, p.args[0]);
done:
	wl_repo_free(repo);
	cli_parse_release(&p);
	return ret;
}

const struct cli_command cli_cmd_report = {
	"report", run, "a weekly, monthly or quarterly report from the records and their history", usage,
	"Writes the report of a week, a month or a quarter (the current one, or\n"
	"--period's) from the committed records and their history: a summary\n"
	"against the previous period; what was completed, dated by the commit\n"
	"that set it done (a front-matter `completed:` that says otherwise is\n"
	"flagged); what is in progress, overdue or blocked and for how long;\n"
	"problems opened and resolved, with cause, solution and effect; KPIs,\n"
	"target against actual with their attainment and trend; projects and\n"
	"their phase changes; meetings, decisions and open action items; per\n"
	"person figures with the cadence rule's on-time logs; and the next\n"
	"items of the period's logs. An empty section says so.\n"
	"\n"
	"It reads HEAD (or --rev) and its history, never uncommitted changes,\n"
	"so the same commit always gives the same report. A past period is\n"
	"reported as it stood at its end. NAME runs a saved report of\n"
	"`reports:` in .worklog.yaml, whose SQL runs under the store's\n"
	"read-only authorizer. docs/report.md describes every field.\n"
	"\n"
	"Formats: markdown (default), html (one self-contained page with\n"
	"charts), json (one key per section), csv (one --section, for a\n"
	"spreadsheet).\n",
	options, CLI_OUT_REPORT,
	"Exit status: 0 when the report was written, 2 when it could not be\n"
	"(a bad option or period, a configuration, git or I/O error, a saved\n"
	"report's query that fails or is refused).\n",
};
