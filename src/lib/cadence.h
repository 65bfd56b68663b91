#ifndef WL_CADENCE_H
#define WL_CADENCE_H

#include <stddef.h>

#include "date.h"
#include "rectimes.h"
#include "repo.h"
#include "rules.h"

/*
 * The cadence figures (DESIGN.md §2, `rules: cadence: require`): for
 * every person a requirement names and every complete period it covers,
 * whether the record it asks for came in on time, late, or not at all.
 * The `cadence` lint rule reports the late and missing ones; reports
 * count them per person.
 *
 * Which periods are owed. For requirement {type, every, grace, who}: the
 * periods of `every` (`day`: Monday to Friday only; `week`: ISO weeks;
 * `month`; `quarter`) that start on or after `since` and ended before
 * today (their last day is before it). Today and the boundaries of days
 * are those of the configuration's `timezone`. `who: all` is every
 * roster person, in roster order.
 *
 * A person added to the roster later owes only the periods that start
 * on or after the day the commit that added them was made (in the
 * configuration's zone): the roster has no join dates, so the history
 * of .worklog.yaml gives them (wl_cadence_members). People listed since
 * the configuration's first committed version owe every period since
 * `since`; without `since`, periods are owed from the day of that first
 * version.
 *
 * Which record meets it: one of the requirement's type whose `owner` is
 * the person and whose `period` is that period (compared as periods:
 * 2026-W48 is 2026-W48), the earliest first committed if several do.
 *
 * On time or late. The deadline is the end of the period's last day plus
 * `grace`: with `grace: 1d`, a week's log is on time until Monday
 * 23:59:59. A committed record is on time if its first commit is no
 * later than that second, the day read in the commit's own time zone (a
 * commit at 23:30 +08:00 on Monday is on time, although it is Monday
 * 15:30 in UTC). A period with no record, or with one not committed
 * yet, is pending until the deadline has passed in the configuration's
 * zone, and then missing, or late.
 */

enum wl_cadence_status {
	WL_CADENCE_ON_TIME,
	WL_CADENCE_LATE,        /* first committed after the deadline; or
				   not committed and the deadline passed */
	WL_CADENCE_MISSING,     /* no record, and the deadline passed */
	WL_CADENCE_PENDING,     /* no committed record, deadline to come */
};

/* Returns "on time", "late", "missing" or "pending". */
const char *wl_cadence_status_name(enum wl_cadence_status s);

/* A record that may meet a requirement. Strings are borrowed. */
struct wl_cadence_record {
	const char *path;
	const char *type;           /* its record type */
	const char *owner;          /* NULL: none */
	const char *period;         /* as written; NULL: none */
	int line, column;           /* of its period value; 0: unknown */
	/* Its first commit (rectimes.h), or NULL if it is not committed. */
	const struct wl_rec_commit *first;
};

/* Since when a roster person owes periods. */
struct wl_cadence_member {
	const char *id;             /* roster id, borrowed */
	/* Periods starting before this day are not owed (LLONG_MIN: every
	 * period since `since`). */
	long long from;
};

/* One period a person owes under one requirement. */
struct wl_cadence_owed {
	size_t require;             /* index in cadence.require */
	const char *person;         /* roster id, borrowed */
	struct wl_period period;
	char period_text[WL_DATE_MAX];  /* 2026-W48 */
	long long due;              /* the deadline's day */
	enum wl_cadence_status status;
	const struct wl_cadence_record *record;     /* NULL: none */
	/* The record's path; for a missing one, where it is expected: the
	 * type's x-filename with {period} and {owner} filled in, in the
	 * folder where most records of the type are (else the `types:`
	 * glob's folder for it, else the first records glob's), so that it
	 * stays the same from run to run. Owned. */
	char *path;
};

/* Per person: counts of the periods owed (pending ones among them). */
struct wl_cadence_person {
	const char *person;         /* roster id, borrowed */
	size_t required, on_time, late, missing, pending;
};

struct wl_cadence {
	struct wl_cadence_owed *v;  /* by requirement, person, period */
	size_t nr, alloc;
	struct wl_cadence_person *people;   /* roster order, those owing */
	size_t people_nr;
};
#define WL_CADENCE_INIT { NULL, 0, 0, NULL, 0 }
void wl_cadence_release(struct wl_cadence *c);

struct wl_cadence_input {
	/* The configuration (roster, time zone, `rules: cadence`) and the
	 * record types (x-filename), borrowed. */
	struct wl_repo *repo;
	const struct wl_cadence_record *records;
	size_t nr;
	/* When each person joined (wl_cadence_members), or NULL: everyone
	 * owes every period since `since`. */
	const struct wl_cadence_member *members;
	size_t members_nr;
	/* Without `since`: the first day owed (the configuration's first
	 * commit); LLONG_MIN when unknown, and then nothing is owed. */
	long long start;
	long long today;            /* a day number */
	long long now;              /* the time deadlines are judged at */
	/* With `window`, only the periods whose last day is in [from, to]
	 * (a report's period). */
	int window;
	long long from, to;
};

/*
 * Works out every period owed under the configuration's cadence rule
 * (whatever its severity) into `out` (WL_CADENCE_INIT). Returns 0.
 */
int wl_cadence_compute(struct wl_cadence *out,
		       const struct wl_cadence_input *in);

/*
 * Since when each roster person of `repo`'s configuration owes periods:
 * from the history of .worklog.yaml in the revision `repo` reads (HEAD
 * for the working tree and the index), walked back along first parents
 * once for everyone. *out gets one entry per roster person (roster
 * order; caller frees the array) and *start the day of the
 * configuration's first committed version (LLONG_MIN: none). A
 * configuration that is not committed (or read from --config) has no
 * history: everyone owes every period, *start is today. Returns 0, or -1
 * with *err set (caller frees).
 */
int wl_cadence_members(struct wl_cadence_member **out, long long *start,
		       struct wl_repo *repo, long long today, char **err);

/*
 * Everything above for a report: reads every record of `repo`'s
 * version, walks the history once for their first commits (rectimes.h)
 * and the roster's, and computes the figures for the periods whose last
 * day is in [from, to] (`window` 0: all). Returns 0, or -1 with *err set
 * (not a git repository, a record that cannot be read).
 */
int wl_cadence_collect(struct wl_cadence *out, struct wl_repo *repo,
		       long long today, long long now, int window,
		       long long from, long long to, char **err);

#endif
