#ifndef WL_REPORT_H
#define WL_REPORT_H

#include <stddef.h>

#include "date.h"
#include "repo.h"
#include "report_def.h"
#include "util.h"

/*
 * `worklog report`: a weekly, monthly or quarterly report written from
 * the records and their history (issue 10, docs/report.md). This module
 * builds the report's model from the store (store.h) with SQL under its
 * authorizer, and the history engine (history.h) for the dates of
 * changes; it prints nothing. The command line renders the model as
 * Markdown, HTML, JSON or CSV (src/cli/report_*.c), all from the same
 * values and the same formatting of numbers and dates (wl_rv_fmt).
 *
 * The model is a small tree of values, shaped as the JSON output is:
 * an object with the key "report" (what the report covers), one key
 * per section (docs/report.md has every field), "extra" for the
 * sections of a saved report's queries and "charts" for the series the
 * HTML charts draw. A section is a list of row objects (meetings: an
 * object of two such lists), so every renderer can show any section as
 * tables.
 */

enum wl_rv_kind {
	WL_RV_NULL,
	WL_RV_BOOL,
	WL_RV_INT,
	WL_RV_NUM,      /* a number with a fixed count of decimals */
	WL_RV_DAY,      /* a calendar day: YYYY-MM-DD */
	WL_RV_TEXT,     /* text from the records, shown as written */
	WL_RV_LABEL,    /* a word of the report itself ("in_progress",
			   "up"), which renderers may translate */
	WL_RV_LIST,
	WL_RV_OBJ,
};

struct wl_rv {
	enum wl_rv_kind kind;
	long long i;            /* BOOL (0 or 1), INT, DAY (day number) */
	double f;               /* NUM */
	int decimals;           /* NUM: digits after the point; -1: as
				   many as the value needs (15 significant) */
	const char *s;          /* TEXT, LABEL */
	/* LIST: items; OBJ: values, with their keys (in insertion
	 * order). */
	struct wl_rv **v;
	const char **keys;
	size_t nr, alloc;
};

/* A built report: its values live in its arena. */
struct wl_report {
	struct wl_arena arena;
	struct wl_rv *root;     /* WL_RV_OBJ */
};

/*
 * Appends the text of a scalar: an integer's digits, a number with its
 * decimals (rounded half away from zero, never "-0.0"), a day as
 * YYYY-MM-DD, a text or a label as it is, a boolean as "true" or
 * "false", nothing for NULL. The one place numbers and dates of a
 * report are written, whatever the format. Lists and objects append
 * nothing.
 */
void wl_rv_fmt(struct wl_buf *b, const struct wl_rv *v);
/* Returns the value of `key` in an object, or NULL. */
const struct wl_rv *wl_rv_get(const struct wl_rv *obj, const char *key);

/*
 * What to report. Strings are borrowed for the call.
 */
struct wl_report_opts {
	enum wl_period_kind kind;   /* WL_PERIOD_WEEK, _MONTH or _QUARTER */
	const char *period;         /* "2026-W48"; NULL: the one holding
				       today */
	const char *today;          /* --today YYYY-MM-DD, or NULL */
	const char *owner;          /* only this person's work, or NULL */
	const char *project;        /* only this project's, or NULL */
	/* A saved report, or NULL: its title, `where`, owner and project
	 * (overridden by the two above), sections and queries. */
	const struct wl_saved_report *saved;
	unsigned sections;          /* bits (1 << enum wl_report_section);
				       0: the saved report's, else all */
	unsigned trend;             /* periods in trends and charts;
				       0: WL_REPORT_TREND */
	unsigned threads;           /* history parsing threads; 0: cores */
};
#define WL_REPORT_OPTS_INIT { 0, NULL, NULL, NULL, NULL, NULL, 0, 0, 0 }

/* Periods a KPI trend and the completions chart cover by default. */
#define WL_REPORT_TREND 6

/* What building a report cost (`report --stats`). */
struct wl_report_stats {
	size_t records, history;    /* rows loaded into the store */
	size_t commits;             /* commits walked */
	double load_secs, history_secs, sections_secs;
};
#define WL_REPORT_STATS_INIT { 0 }

/*
 * Builds the report of `opts` over `repo` (opened on the version the
 * report reads; its history is the history of that version): loads the
 * records into a store, walks the history into it, and computes the
 * sections. `stats` may be NULL. Warnings (a shallow clone) go to
 * `warnings` (may be NULL).
 *
 * Returns 0 with *out (free with wl_report_free); -1 with a message in
 * *err (caller frees): a period that is not one of `opts->kind`, no git
 * history, a git or I/O error; or a query of a saved report that fails
 * or is refused by the store's authorizer, the message then starting
 * with the position of its SQL in the configuration
 * (".worklog.yaml:12:10: ...").
 */
int wl_report_build(struct wl_report **out, struct wl_report_stats *stats,
		    struct wl_strlist *warnings, struct wl_repo *repo,
		    const struct wl_report_opts *opts, char **err);
void wl_report_free(struct wl_report *r);

/*
 * Attainment of a KPI in percent: actual / target for `up` (higher is
 * better), target / actual for `down` (lower is better: half the
 * target's value is 200%), 100 for `down` with an actual of 0. Returns
 * 0 with *pct, or -1 where it is not defined: a negative value, a
 * target of 0 for `up`, an unknown direction.
 */
int wl_report_attainment(double *pct, double target, double actual,
			 const char *direction);

#endif
