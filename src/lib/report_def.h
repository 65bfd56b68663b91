#ifndef WL_REPORT_DEF_H
#define WL_REPORT_DEF_H

#include <stddef.h>

#include "date.h"
#include "diag.h"
#include "node.h"

/*
 * What a report is made of, and the saved reports of `reports:` in
 * .worklog.yaml (DESIGN.md §2), compiled when the configuration loads,
 * so that an unknown key, a bad period or a section that does not exist
 * is a configuration error with its position for every command, not a
 * surprise when the report runs. The report itself is report.h.
 */

/* The sections of a report, in their order (docs/report.md). */
enum wl_report_section {
	WL_REPORT_SUMMARY,      /* counts against the previous period */
	WL_REPORT_COMPLETED,    /* finished, dated by history */
	WL_REPORT_OPEN,         /* in progress, overdue, blocked */
	WL_REPORT_PROBLEMS,     /* opened and resolved */
	WL_REPORT_KPIS,         /* target against actual, with trend */
	WL_REPORT_PROJECTS,     /* phase and phase changes */
	WL_REPORT_MEETINGS,     /* meetings, decisions, open actions */
	WL_REPORT_PEOPLE,       /* per person */
	WL_REPORT_NEXT,         /* the next items of the period's logs */
	WL_REPORT_SECTIONS_NR,
};

/* Every section, as a bit set. */
#define WL_REPORT_ALL ((1u << WL_REPORT_SECTIONS_NR) - 1)

/* Returns a section's name ("summary", "open", ...): its key in JSON,
 * its name for --section and in `sections:`. */
const char *wl_report_section_name(enum wl_report_section s);
/* Parses a section's name. Returns 0 with *s, or -1. */
int wl_report_section_parse(enum wl_report_section *s, const char *name);

/* Bounds on what a (possibly untrusted) configuration may ask of a
 * report: SECURITY.md. */
#define WL_REPORT_MAX_QUERIES 32
#define WL_REPORT_MAX_SQL (64 * 1024)
#define WL_REPORT_MAX_TITLE 200
#define WL_REPORT_MAX_NAME 64

/* An extra section of a saved report: the result of one query. */
struct wl_report_query {
	const char *name;       /* [a-z0-9_-], not a built-in section's */
	const char *title;      /* its heading; NULL: the name */
	const char *sql;        /* one SELECT over the store */
	const struct wl_node *node;     /* the `sql` value, for positions */
};

/*
 * A saved report, `reports: {NAME: {...}}`. Strings are borrowed from
 * the configuration's tree.
 */
struct wl_saved_report {
	const char *name;
	const struct wl_node *node;     /* its mapping */
	enum wl_period_kind kind;       /* `period:` week, month or quarter */
	const char *title;              /* `title:`, or NULL */
	const char *where;              /* `where:`, an SQL expression over
					   `records`, or NULL */
	const struct wl_node *where_node;
	const char *owner, *project;    /* `owner:`, `project:`, or NULL */
	const char *lang;               /* `lang:` zh or en, or NULL */
	unsigned sections;              /* `sections:` as bits (1 << enum
					   wl_report_section); all if not
					   given */
	struct wl_report_query *queries;        /* `queries:`, owned */
	size_t queries_nr;
};

/* `reports:`. */
struct wl_report_settings {
	const char *lang;           /* "zh", "en", or NULL when not given */
	struct wl_saved_report *saved;  /* owned */
	size_t saved_nr;
};

/*
 * Compiles `reports:` (the mapping `n` of the file `path`) into `out`:
 * `lang`, and every other key a saved report. Problems are "config"
 * errors at their position in `diags`; the report that has one is left
 * out. Returns 0.
 */
int wl_report_settings_compile(struct wl_report_settings *out,
			       const struct wl_node *n, const char *path,
			       struct wl_diags *diags);
void wl_report_settings_release(struct wl_report_settings *r);

/* Returns the saved report called `name`, or NULL. */
const struct wl_saved_report *wl_report_settings_find(
	const struct wl_report_settings *r, const char *name);

#endif
