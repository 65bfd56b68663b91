#ifndef WL_DATE_H
#define WL_DATE_H

#include <stddef.h>

/*
 * Dates, periods, durations, commit times and time zones: the one owner
 * of calendar arithmetic. `format: date|date-time|time|period|duration`,
 * rule options, the hooks, and later lint, report and history all ask
 * this module, so they cannot disagree.
 *
 * A *day* is a day number: days since 1970-01-01 (negative before), in
 * the proleptic Gregorian calendar. A *time* is seconds since
 * 1970-01-01T00:00:00Z, leap seconds not counted. Offsets are seconds
 * east of UTC unless a name says minutes (git's commit offsets).
 *
 * Nothing here allocates, except loading a time zone (date_tz.c).
 */

/* ---- calendar dates ------------------------------------------------- */

/* Returns 1 if `y` is a leap year (Gregorian rule), else 0. */
int wl_is_leap_year(long long y);
/* Returns the number of days in month `m` (1-12) of `y`, 0 if `m` is not
 * a month. */
int wl_days_in_month(long long y, int m);
/* Returns 1 if y-m-d is a real calendar day, else 0. */
int wl_date_valid(long long y, int m, int d);
/* Returns the day number of y-m-d (which must be valid). */
long long wl_days_from_civil(long long y, int m, int d);
/* Sets *y, *m, *d to the calendar date of day number `day`. */
void wl_civil_from_days(long long day, long long *y, int *m, int *d);
/* Returns the ISO weekday of `day`: 1 Monday .. 7 Sunday. */
int wl_weekday(long long day);

/*
 * Parses an RFC 3339 full-date, `YYYY-MM-DD` (exactly `len` bytes, a
 * real day). Returns 0 with *day set, or -1.
 */
int wl_day_parse(long long *day, const char *s, size_t len);

/* Buffer size for wl_day_fmt and wl_period_fmt. */
#define WL_DATE_MAX 16
/*
 * Writes `day` as `YYYY-MM-DD` into `out`, NUL-terminated (a year past
 * 9999 gets more digits; the text is cut to fit). Returns its length.
 */
size_t wl_day_fmt(char out[WL_DATE_MAX], long long day);

/* Returns the local day of time `t` at a fixed offset (seconds east). */
long long wl_time_day(long long t, long long offset);

/* ---- ISO 8601 weeks ------------------------------------------------- */

/*
 * Weeks start on Monday; week 1 of a week-year is the week with the
 * year's first Thursday (so it may start in the previous December, and
 * the last days of December may be in week 1 of the next year).
 */

/* Returns the number of ISO weeks of week-year `y`: 52 or 53. */
int wl_iso_weeks(long long y);
/* Returns the Monday of week `week` (1-53) of week-year `y`. */
long long wl_iso_week_monday(long long y, int week);
/* Sets *y and *week to the ISO week-year and week of `day`. */
void wl_iso_week(long long day, long long *y, int *week);

/* ---- periods ---------------------------------------------------------- */

enum wl_period_kind {
	WL_PERIOD_DAY = 1,      /* 2026-11-26 */
	WL_PERIOD_WEEK,         /* 2026-W48 (ISO week) */
	WL_PERIOD_MONTH,        /* 2026-11 */
	WL_PERIOD_QUARTER,      /* 2026-Q4 */
	WL_PERIOD_YEAR,         /* 2026 */
};

/* A period: what it is and the days it covers. */
struct wl_period {
	enum wl_period_kind kind;
	long long year;         /* the ISO week-year for a week */
	int n;                  /* month 1-12, quarter 1-4, week 1-53;
				   0 for a year or a day */
	long long first, last;  /* day numbers, inclusive */
};

/*
 * Parses a period, exactly `len` bytes: `YYYY`, `YYYY-Qn`, `YYYY-MM`,
 * `YYYY-Www` (week 53 only in years that have one) or `YYYY-MM-DD`.
 * Returns 0 with *p set, or -1.
 */
int wl_period_parse(struct wl_period *p, const char *s, size_t len);
/* Sets *p to the period of `kind` that contains `day`. */
void wl_period_of(struct wl_period *p, enum wl_period_kind kind,
		  long long day);
/*
 * Move *p to the next or the previous period of its kind. Iterating
 * over consecutive periods:
 *
 *     for (wl_period_of(&p, WL_PERIOD_WEEK, since); p.first <= until;
 *          wl_period_next(&p))
 */
void wl_period_next(struct wl_period *p);
void wl_period_prev(struct wl_period *p);
/* Writes the period as it is parsed (`2026-W48`) into `out`,
 * NUL-terminated. Returns the length written. */
size_t wl_period_fmt(char out[WL_DATE_MAX], const struct wl_period *p);
/* Parses a kind's name: day, week, month, quarter, year. Returns 0, or
 * -1 if `name` is none of them. */
int wl_period_kind_parse(enum wl_period_kind *kind, const char *name);
/* Returns the name of `kind` ("week"), or NULL. */
const char *wl_period_kind_name(enum wl_period_kind kind);

/* ---- durations -------------------------------------------------------- */

/*
 * A duration is a whole number and one unit: `h` hours, `d` days, `w`
 * weeks, and with flags `m` minutes and a decimal fraction (`1.5d`).
 * No sign, no exponent, no spaces, one unit only.
 */
enum wl_duration_flags {
	WL_DURATION_MINUTES = 1 << 0,    /* accept `90m` */
	WL_DURATION_FRACTION = 1 << 1,   /* accept `1.5d` */
	WL_DURATION_UNBOUNDED = 1 << 2,  /* any size; *secs saturates */
};
/* What rule options take (`after: 14d`): Nh, Nd, Nw. */
#define WL_DURATION_RULE 0u
/* What `format: duration` takes: 90m, 2h, 1.5d, 2w. */
#define WL_DURATION_FORMAT                                                     \
	(WL_DURATION_MINUTES | WL_DURATION_FRACTION | WL_DURATION_UNBOUNDED)
/* The largest whole number of units without WL_DURATION_UNBOUNDED. */
#define WL_DURATION_MAX_UNITS 9999999999LL

/*
 * Parses a duration of exactly `len` bytes. Returns 0 with *secs (a
 * fraction rounded to the nearest second; LLONG_MAX when an unbounded
 * duration does not fit), or -1 if `s` is not one under `flags`.
 */
int wl_duration_parse(long long *secs, const char *s, size_t len,
		      unsigned flags);

/* ---- times with offsets ----------------------------------------------- */

/*
 * Parses a commit time as git takes GIT_COMMITTER_DATE: `@SECONDS
 * OFFSET`, `SECONDS OFFSET` (nine digits or more), ISO 8601
 * (`2026-11-20T10:00:00+08:00`, `2026-11-20 10:00:00 +0800`, `...Z`,
 * no zone = UTC) or RFC 2822 (`Fri, 20 Nov 2026 10:00:00 +0800`).
 * Offsets are `+hhmm`, `+hh:mm`, `+hh` or `Z`. Returns 0 with *secs and
 * *offset_min (minutes east of UTC, as git and libgit2 keep it), or -1.
 */
int wl_commit_time_parse(long long *secs, int *offset_min, const char *s);

/*
 * Parses an RFC 3339 date-time (§5.6) of exactly `len` bytes:
 * `2026-11-20T10:00:00.5+08:00`; `T` or `t`, an offset required (`Z`,
 * `z`, `+hh:mm`), a leap second only where the time in UTC is 23:59:60
 * (it is read as the next second). Returns 0 with *secs and *offset
 * (seconds east), or -1.
 */
int wl_rfc3339_parse(long long *secs, long long *offset, const char *s,
		     size_t len);
/*
 * Parses an RFC 3339 full-time of exactly `len` bytes: `10:00:00Z`,
 * `23:59:60-08:00`. Returns 0 with *secs (seconds since local midnight)
 * and *offset (seconds east), or -1.
 */
int wl_rfc3339_time_parse(long long *secs, long long *offset, const char *s,
			  size_t len);

/* ---- time zones (date_tz.c) ------------------------------------------ */

/*
 * A time zone, for "today" and the boundaries of days, weeks and months
 * (`timezone:` in .worklog.yaml, DESIGN.md §2). Zones are read from the
 * TZif files of the system's tz database ($TZDIR, else
 * /usr/share/zoneinfo) by this module, not through setenv("TZ") and
 * localtime(): that would change process-wide state, is not safe to
 * call from several threads, and cannot hold two zones at once. A NULL
 * zone is UTC in every function below.
 */
struct wl_tz;

/*
 * Returns 1 if `name` is a well-formed zone name: components of
 * `[A-Za-z0-9_+-]` joined by single slashes (`Asia/Shanghai`,
 * `Etc/GMT+8`), at most 255 bytes. Such a name cannot leave the zone
 * folder.
 */
int wl_tz_name_valid(const char *name);

/*
 * Loads zone `name` (an IANA name), or with NULL the machine's: $TZ
 * (`:NAME`, `NAME`, an absolute path or a POSIX TZ string such as
 * `CST-8`), else /etc/localtime, else UTC. `UTC` and `Etc/UTC` work
 * without a tz database. Files over 256 KiB are refused. Returns 0 with
 * *out (free with wl_tz_free), or -1 with *err set (caller frees):
 * "unknown time zone 'Mars/Olympus'".
 */
int wl_tz_load(struct wl_tz **out, const char *name, char **err);

/*
 * Reads a zone from the TZif data (RFC 8536, versions 1 to 4) in
 * buf/len, named `name`. No I/O. Returns 0 with *out, or -1 with *err.
 */
int wl_tz_parse(struct wl_tz **out, const char *name,
		const unsigned char *buf, size_t len, char **err);

/*
 * Reads a zone from a POSIX TZ string (`CST-8`,
 * `EST5EDT,M3.2.0,M11.1.0`, `<+0330>-3:30`). Returns 0 with *out, or
 * -1 with *err.
 */
int wl_tz_parse_posix(struct wl_tz **out, const char *s, char **err);

void wl_tz_free(struct wl_tz *tz);

/* Returns the zone's name as it was loaded ("UTC" for NULL); borrowed. */
const char *wl_tz_name(const struct wl_tz *tz);
/* Returns the zone's offset from UTC at time `t`, in seconds east. */
long long wl_tz_offset(const struct wl_tz *tz, long long t);
/* Returns the local day in which time `t` falls. */
long long wl_tz_day(const struct wl_tz *tz, long long t);
/*
 * Returns the first time whose local day is `day`: the day's local
 * midnight, or the end of a daylight-saving gap that swallows it. A
 * period runs from wl_tz_day_start(first) to wl_tz_day_start(last + 1).
 */
long long wl_tz_day_start(const struct wl_tz *tz, long long day);

/*
 * Sets *day to "today": the date `override` names (`YYYY-MM-DD`, as
 * `--today` gives it) when it is not NULL, else the local day of the
 * current time in `tz`. Returns 0, or -1 if `override` is not a date.
 */
int wl_today(long long *day, const struct wl_tz *tz, const char *override);

/*
 * Returns "now" for a run whose today is `today` (wl_today's): with
 * `given` (today came from --today) the last second of that day in
 * `tz`, so that a run reproduces whatever the clock says; else the
 * current time. Deadlines that have passed are those before it.
 */
long long wl_now(const struct wl_tz *tz, long long today, int given);

#endif
