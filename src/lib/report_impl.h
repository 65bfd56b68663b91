#ifndef WL_REPORT_IMPL_H
#define WL_REPORT_IMPL_H

/*
 * The insides of a report, shared by report.c (the driver), report_value.c
 * (the model's values), report_work.c (sections from the records' states:
 * summary, completed, open, problems, charts) and report_records.c
 * (sections read from the records: KPIs, projects, meetings, people,
 * next). Nothing else includes this.
 */
#include <limits.h>

#include "report.h"
#include "store.h"
#include "table.h"
#include "type.h"

/* A day that is none (rv_day gives NULL). */
#define RV_NO_DAY LLONG_MIN

/* Building values; each lives in r's arena. Strings of rv_text are
 * copied (NULL gives a null), those of rv_label and keys are not. */
struct wl_rv *rv_null(struct wl_report *r);
struct wl_rv *rv_obj(struct wl_report *r);
struct wl_rv *rv_list(struct wl_report *r);
struct wl_rv *rv_bool(struct wl_report *r, int b);
struct wl_rv *rv_int(struct wl_report *r, long long i);
/* A non-finite number gives a null. */
struct wl_rv *rv_num(struct wl_report *r, double f, int decimals);
struct wl_rv *rv_day(struct wl_report *r, long long day);
struct wl_rv *rv_text(struct wl_report *r, const char *s);
struct wl_rv *rv_label(struct wl_report *r, const char *s);
void rv_push(struct wl_report *r, struct wl_rv *list, struct wl_rv *v);
void rv_set(struct wl_report *r, struct wl_rv *obj, const char *key,
	    struct wl_rv *v);

/* Durations are shown in days with one decimal. Attainment takes two:
 * with one, 99.93 against a target of 99.95 would read 100.0 beside
 * "not met". */
#define RV_DAYS_DECIMALS 1
#define RV_PCT_DECIMALS 2

/* One state entry of a record (the store's state_entries). */
struct rent {
	long long seq, epoch;
	long long day;              /* of the commit, in its own zone */
	int deleted;                /* the record was deleted */
	const char *status;         /* NULL: deleted, or no lifecycle */
	enum wl_state_class cls;
	int started;
	const char *person;
};

/* One dated change of a field (history rows). */
struct rchange {
	long long seq, epoch;
	const char *old, *new;
	const char *person;
};

/* A record of the report's selection, with its history. Strings are
 * borrowed from the tables of struct rctx. */
struct rrec {
	const char *key;            /* its id, or its path without one */
	const char *id, *path, *type, *title, *owner, *status, *due;
	const char *completed;      /* the front matter's `completed` */
	struct rent *e;             /* its state entries, oldest first */
	size_t e_nr, e_alloc;
	struct rchange *due_changes;    /* of its lifecycle's due field */
	size_t due_nr, due_alloc;
};

struct rctx {
	struct wl_report *r;
	struct wl_repo *repo;
	struct wl_store *store;
	const struct wl_report_opts *opts;
	const struct wl_tz *tz;
	unsigned sections;
	unsigned trend;
	const char *owner, *project, *where;
	struct wl_period period, prev;
	long long start, end;       /* the period: [start, end), times */
	long long prev_start, prev_end;
	/* "Now" for the report: the end of the period once it is over,
	 * else the current time (the end of --today's day). States are
	 * those of the entries before `at`; at_day is "today" then, for
	 * what is overdue. */
	long long at, at_day;
	long long today;
	struct wl_store_param params[16];
	size_t nparams;
	/* The selection: the records the filters keep, as CTEs to put
	 * before a query: "WITH sel AS (...)" (owner included) and
	 * "WITH sel AS (...)" without the owner filter. */
	char *with_sel, *with_sel_all;
	/* The records of the selection and their histories. */
	struct wl_table recs_t, entries_t, due_t;
	struct rrec *recs;          /* sorted by key */
	size_t recs_nr;
	char **err;
};

/*
 * Runs `sql` (its text after the selection's WITH: "sel" is defined,
 * and `all` picks the CTE without the owner filter) with the report's
 * parameters into `out`. Returns 0, or -1 with *c->err set.
 */
int report_query(struct rctx *c, struct wl_table *out, int all,
		 const char *sql);

/* Returns the record whose key is `key`, or NULL. */
struct rrec *report_rec(struct rctx *c, const char *key);
/* The text of a cell, or NULL for a NULL cell; borrowed. */
const char *report_cell(const struct wl_table *t, size_t row, size_t col);
/* The day of a history time (2026-11-20T10:00:00+08:00): the date in
 * the commit's own zone, as DESIGN §2 compares dates; RV_NO_DAY if it
 * is none. */
long long report_time_day(const char *time);
/* Index of the entry in force just before time `t` (the last one, in
 * history's order, committed before it), or -1: not yet created, or
 * deleted. */
long report_state_at(const struct rrec *rec, long long t);

/* Index of the entry by which the record was last completed within
 * [from, to) (it entered a done state from another), or -1. */
long report_completion_in(const struct rrec *rec, long long from,
			  long long to);

/* Sections (report_work.c). Each returns 0 or -1 with *c->err set. */
int report_load_states(struct rctx *c);
int report_summary(struct rctx *c, struct wl_rv *out);
int report_completed(struct rctx *c, struct wl_rv *out);
int report_open(struct rctx *c, struct wl_rv *out);
int report_problems(struct rctx *c, struct wl_rv *out);
int report_charts(struct rctx *c, struct wl_rv *out);

/* Sections (report_records.c). */
int report_kpis(struct rctx *c, struct wl_rv *out);
int report_projects(struct rctx *c, struct wl_rv *out);
int report_meetings(struct rctx *c, struct wl_rv *out);
int report_people(struct rctx *c, struct wl_rv *out);
int report_next(struct rctx *c, struct wl_rv *out);

#endif
