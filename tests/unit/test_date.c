#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "date.h"
#include "schema.h"
#include "util.h"

/*
 * The zones under tests/unit/zoneinfo are copies of tzdata 2025b's TZif
 * files (public domain), so these tests do not depend on the machine's.
 * The tests run from the top of the source tree, as `make check` runs
 * them.
 */
#define ZONEINFO "tests/unit/zoneinfo"

static long long day_of(const char *s)
{
	long long day;

	if (wl_day_parse(&day, s, strlen(s)) < 0)
		fail_msg("'%s' is not a date", s);
	return day;
}

/* Seconds of a UTC time, from its parts. */
static long long utc(int y, int m, int d, int h, int mi, int s)
{
	return wl_days_from_civil(y, m, d) * 86400 + h * 3600 + mi * 60 + s;
}

static void assert_day(long long day, const char *want)
{
	char s[WL_DATE_MAX];

	wl_day_fmt(s, day);
	assert_string_equal(s, want);
}

static void test_date__day_numbers_round_trip(void **state)
{
	long long d, y;
	int m, dd;

	(void)state;
	assert_int_equal(wl_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(wl_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(wl_days_from_civil(2026, 11, 26), 20783);
	assert_day(-1, "1969-12-31");
	assert_day(wl_days_from_civil(2026, 11, 20), "2026-11-20");
	assert_day(wl_days_from_civil(-1, 12, 31), "-001-12-31");
	assert_day(wl_days_from_civil(12345, 1, 2), "12345-01-02");
	for (d = -1000000; d < 3000000; d += 37) {
		wl_civil_from_days(d, &y, &m, &dd);
		if (!wl_date_valid(y, m, dd) ||
		    wl_days_from_civil(y, m, dd) != d)
			fail_msg("day %lld came back as %lld-%d-%d", d, y, m,
				 dd);
	}
}

static void test_date__leap_days_follow_the_gregorian_rule(void **state)
{
	long long day;

	(void)state;
	assert_int_equal(wl_day_parse(&day, "2024-02-29", 10), 0);
	assert_day(day, "2024-02-29");
	assert_int_equal(wl_day_parse(&day, "2000-02-29", 10), 0);
	assert_int_equal(wl_day_parse(&day, "2100-02-29", 10), -1);
	assert_int_equal(wl_day_parse(&day, "1900-02-29", 10), -1);
	assert_int_equal(wl_day_parse(&day, "2026-02-29", 10), -1);
	assert_int_equal(wl_day_parse(&day, "2026-04-31", 10), -1);
	assert_int_equal(wl_day_parse(&day, "2026-00-10", 10), -1);
	assert_int_equal(wl_day_parse(&day, "2026-1-10", 9), -1);
	assert_int_equal(wl_day_parse(&day, "2026-01-10\0", 11), -1);
	assert_int_equal(wl_days_in_month(2024, 2), 29);
	assert_int_equal(wl_days_in_month(2100, 2), 28);
	assert_int_equal(wl_days_in_month(2026, 13), 0);
	/* 2026-11-26 is a Thursday; 1970-01-01 was one too. */
	assert_int_equal(wl_weekday(day_of("2026-11-26")), 4);
	assert_int_equal(wl_weekday(0), 4);
	assert_int_equal(wl_weekday(-3), 1);
	assert_int_equal(wl_weekday(day_of("2026-11-29")), 7);
}

static void test_date__years_with_53_iso_weeks(void **state)
{
	static const long long long_years[] = { 1976, 2004, 2009, 2015,
						2020, 2026, 2032 };
	static const long long short_years[] = { 1900, 2000, 2021, 2024,
						 2025, 2027, 2100 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(long_years) / sizeof(*long_years); i++)
		assert_int_equal(wl_iso_weeks(long_years[i]), 53);
	for (i = 0; i < sizeof(short_years) / sizeof(*short_years); i++)
		assert_int_equal(wl_iso_weeks(short_years[i]), 52);
}

static void test_date__iso_weeks_at_year_ends(void **state)
{
	static const struct {
		const char *day;
		long long year;
		int week;
	} cases[] = {
		/* Week 1 may start in the previous December... */
		{ "2024-12-30", 2025, 1 },
		{ "2025-12-29", 2026, 1 },
		{ "2026-01-01", 2026, 1 },
		{ "2026-01-04", 2026, 1 },
		{ "2026-01-05", 2026, 2 },
		/* ...and the first days of January be in week 53. */
		{ "2026-12-31", 2026, 53 },
		{ "2027-01-03", 2026, 53 },
		{ "2027-01-04", 2027, 1 },
		{ "2021-01-03", 2020, 53 },
		{ "2033-01-02", 2032, 53 },
		{ "2025-12-28", 2025, 52 },
		{ "2026-11-26", 2026, 48 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		long long y;
		int w;

		wl_iso_week(day_of(cases[i].day), &y, &w);
		if (y != cases[i].year || w != cases[i].week)
			fail_msg("%s is in %lld-W%02d, not %lld-W%02d",
				 cases[i].day, y, w, cases[i].year,
				 cases[i].week);
	}
	assert_day(wl_iso_week_monday(2026, 1), "2025-12-29");
	assert_day(wl_iso_week_monday(2025, 1), "2024-12-30");
	assert_day(wl_iso_week_monday(2026, 53), "2026-12-28");
}

static const struct {
	const char *period;
	enum wl_period_kind kind;
	const char *first, *last;
} periods[] = {
	{ "2026", WL_PERIOD_YEAR, "2026-01-01", "2026-12-31" },
	{ "2026-Q1", WL_PERIOD_QUARTER, "2026-01-01", "2026-03-31" },
	{ "2026-Q2", WL_PERIOD_QUARTER, "2026-04-01", "2026-06-30" },
	{ "2026-Q3", WL_PERIOD_QUARTER, "2026-07-01", "2026-09-30" },
	{ "2026-Q4", WL_PERIOD_QUARTER, "2026-10-01", "2026-12-31" },
	{ "2024-Q1", WL_PERIOD_QUARTER, "2024-01-01", "2024-03-31" },
	{ "2026-02", WL_PERIOD_MONTH, "2026-02-01", "2026-02-28" },
	{ "2028-02", WL_PERIOD_MONTH, "2028-02-01", "2028-02-29" },
	{ "2026-11", WL_PERIOD_MONTH, "2026-11-01", "2026-11-30" },
	{ "2026-W01", WL_PERIOD_WEEK, "2025-12-29", "2026-01-04" },
	{ "2026-W40", WL_PERIOD_WEEK, "2026-09-28", "2026-10-04" },
	{ "2026-W48", WL_PERIOD_WEEK, "2026-11-23", "2026-11-29" },
	{ "2026-W53", WL_PERIOD_WEEK, "2026-12-28", "2027-01-03" },
	{ "2020-W53", WL_PERIOD_WEEK, "2020-12-28", "2021-01-03" },
	{ "2032-W53", WL_PERIOD_WEEK, "2032-12-27", "2033-01-02" },
	{ "2026-11-26", WL_PERIOD_DAY, "2026-11-26", "2026-11-26" },
	{ "2024-02-29", WL_PERIOD_DAY, "2024-02-29", "2024-02-29" },
};

static const char *const not_periods[] = {
	"", "26", "2026-", "2026-Q5", "2026-Q0", "2026-W00", "2026-W54",
	"2025-W53", "2021-W53", "2026-13", "2026-00", "2026-02-30",
	"2100-02-29", "2026-11-26x", "2026-W4", "2026-w48", "2026-q4",
	"2026-H1", "2026/11", "20261",
};

static void test_date__periods_have_a_first_and_a_last_day(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(periods) / sizeof(*periods); i++) {
		struct wl_period p;
		char s[WL_DATE_MAX];
		const char *text = periods[i].period;

		if (wl_period_parse(&p, text, strlen(text)) < 0)
			fail_msg("'%s' not read", text);
		assert_int_equal(p.kind, periods[i].kind);
		assert_day(p.first, periods[i].first);
		assert_day(p.last, periods[i].last);
		wl_period_fmt(s, &p);
		assert_string_equal(s, text);
	}
	for (i = 0; i < sizeof(not_periods) / sizeof(*not_periods); i++) {
		struct wl_period p;

		if (!wl_period_parse(&p, not_periods[i],
				     strlen(not_periods[i])))
			fail_msg("'%s' taken for a period", not_periods[i]);
	}
}

/* `format: period` and the period code are one: they cannot disagree. */
static void test_date__format_period_agrees_with_the_period_code(void **state)
{
	size_t i;

	(void)state;
	assert_int_equal(wl_format_check("period", "2025-W53", 8), 0);
	assert_int_equal(wl_format_check("period", "2026-W53", 8), 1);
	for (i = 0; i < sizeof(periods) / sizeof(*periods); i++)
		assert_int_equal(wl_format_check("period", periods[i].period,
						 strlen(periods[i].period)), 1);
	for (i = 0; i < sizeof(not_periods) / sizeof(*not_periods); i++)
		assert_int_equal(wl_format_check("period", not_periods[i],
						 strlen(not_periods[i])), 0);
}

/* Walks `n` periods from `start` and checks their names. */
static void walk(const char *start, int forward, const char *const *want,
		 size_t n)
{
	struct wl_period p;
	size_t i;

	assert_int_equal(wl_period_parse(&p, start, strlen(start)), 0);
	for (i = 0; i < n; i++) {
		char s[WL_DATE_MAX];

		wl_period_fmt(s, &p);
		if (strcmp(s, want[i]))
			fail_msg("step %zu from %s: %s, not %s", i, start, s,
				 want[i]);
		if (forward)
			wl_period_next(&p);
		else
			wl_period_prev(&p);
	}
}

static void test_date__iterating_periods_crosses_year_ends(void **state)
{
	static const char *const weeks[] = { "2026-W52", "2026-W53",
					     "2027-W01", "2027-W02" };
	static const char *const back[] = { "2027-W01", "2026-W53",
					    "2026-W52" };
	static const char *const weeks25[] = { "2025-W52", "2026-W01" };
	static const char *const months[] = { "2026-11", "2026-12",
					      "2027-01" };
	static const char *const quarters[] = { "2026-Q3", "2026-Q4",
						"2027-Q1" };
	static const char *const years[] = { "2026", "2027" };
	static const char *const days[] = { "2024-02-28", "2024-02-29",
					    "2024-03-01" };
	static const char *const days_back[] = { "2027-01-01",
						 "2026-12-31" };
	struct wl_period p;
	long long n = 0;

	(void)state;
	walk("2026-W52", 1, weeks, 4);
	walk("2027-W01", 0, back, 3);
	walk("2025-W52", 1, weeks25, 2);
	walk("2026-11", 1, months, 3);
	walk("2026-Q3", 1, quarters, 3);
	walk("2026", 1, years, 2);
	walk("2024-02-28", 1, days, 3);
	walk("2027-01-01", 0, days_back, 2);

	/* The loop date.h shows: every week that touches November 2026. */
	for (wl_period_of(&p, WL_PERIOD_WEEK, day_of("2026-11-01"));
	     p.first <= day_of("2026-11-30"); wl_period_next(&p))
		n++;
	assert_int_equal(n, 6);
	wl_period_of(&p, WL_PERIOD_QUARTER, day_of("2026-11-26"));
	assert_int_equal(p.n, 4);
	assert_day(p.first, "2026-10-01");
	wl_period_of(&p, WL_PERIOD_WEEK, day_of("2027-01-02"));
	assert_int_equal(p.year, 2026);
	assert_int_equal(p.n, 53);
}

static void test_date__period_kinds_by_name(void **state)
{
	enum wl_period_kind k;

	(void)state;
	assert_int_equal(wl_period_kind_parse(&k, "week"), 0);
	assert_int_equal(k, WL_PERIOD_WEEK);
	assert_int_equal(wl_period_kind_parse(&k, "quarter"), 0);
	assert_int_equal(k, WL_PERIOD_QUARTER);
	assert_int_equal(wl_period_kind_parse(&k, "fortnight"), -1);
	assert_string_equal(wl_period_kind_name(WL_PERIOD_DAY), "day");
	assert_null(wl_period_kind_name((enum wl_period_kind)0));
}

static const struct {
	const char *text;
	long long rule;     /* seconds, or -1: not a rule duration */
	long long format;   /* seconds, or -1: not `format: duration` */
} durations[] = {
	{ "30d", 30 * 86400, 30 * 86400 },
	{ "2w", 14 * 86400, 14 * 86400 },
	{ "12h", 12 * 3600, 12 * 3600 },
	{ "0h", 0, 0 },
	{ "90m", -1, 90 * 60 },
	{ "1.5d", -1, 129600 },
	{ "0.25h", -1, 900 },
	{ "0.0001m", -1, 0 },
	{ "9999999999d", 9999999999LL * 86400, 9999999999LL * 86400 },
	{ "99999999999999d", -1, LLONG_MAX },
	{ "d", -1, -1 }, { "3", -1, -1 }, { "3dd", -1, -1 },
	{ "-3d", -1, -1 }, { ".5h", -1, -1 }, { "1.h", -1, -1 },
	{ "1.5.5d", -1, -1 }, { "2 h", -1, -1 }, { "1h30m", -1, -1 },
	{ "2H", -1, -1 }, { "1e3m", -1, -1 }, { "", -1, -1 },
	{ "3y", -1, -1 }, { "+3d", -1, -1 },
};

static void test_date__durations_for_rules_and_for_the_format(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(durations) / sizeof(*durations); i++) {
		const char *s = durations[i].text;
		long long secs = -1;

		if (wl_duration_parse(&secs, s, strlen(s), WL_DURATION_RULE) <
		    0)
			secs = -1;
		if (secs != durations[i].rule)
			fail_msg("rule duration '%s' read as %lld", s, secs);
		secs = -1;
		if (wl_duration_parse(&secs, s, strlen(s),
				      WL_DURATION_FORMAT) < 0)
			secs = -1;
		if (secs != durations[i].format)
			fail_msg("format duration '%s' read as %lld", s, secs);
	}
	assert_int_equal(wl_duration_parse(&(long long){ 0 }, "2h\0", 3,
					   WL_DURATION_FORMAT), -1);
}

static const struct {
	const char *text;
	long long secs;
	int offset;
} commit_times[] = {
	{ "@1795735545 +0000", 1795735545LL, 0 },
	{ "1795735545 +0800", 1795735545LL, 480 },
	{ "1795735545 -0130", 1795735545LL, -90 },
	{ "1795735545 -0330", 1795735545LL, -210 },
	{ "@1795735545", 1795735545LL, 0 },
	{ "@1795735545 Z", 1795735545LL, 0 },
	{ "2026-11-20T10:00:00+08:00", 1795140000LL, 480 },
	{ "2026-11-20 10:00:00 +0800", 1795140000LL, 480 },
	{ "2026-11-20T02:00:00Z", 1795140000LL, 0 },
	{ "2026-11-20T02:00:00 +0000", 1795140000LL, 0 },
	{ "2026-11-20T02:00:00", 1795140000LL, 0 },
	{ "2026-11-20 04:30 +0230", 1795140000LL, 150 },
	{ "2026-11-19 22:30:00 -0330", 1795140000LL, -210 },
	{ "2026-11-19T22:30:00-03:30", 1795140000LL, -210 },
	{ "Fri, 20 Nov 2026 10:00:00 +0800", 1795140000LL, 480 },
	{ "20 Nov 2026 01:00:00 -0100", 1795140000LL, -60 },
	{ "Thu, 29 Feb 2024 12:00:00 +0000", 1709208000LL, 0 },
};

static const char *const not_commit_times[] = {
	"", "yesterday", "2026-11-20", "2026-13-01T00:00:00",
	"2026-11-20T25:00", "2026-11-20T10:00:00 +8",
	"Fri, 20 Nuv 2026 10:00:00 +0800", "2026-11-20T10:00:00+08:00 junk",
	"2026-02-30T10:00:00Z", "2100-02-29 10:00:00 +0000",
	"Fri, 31 Nov 2026 10:00:00 +0800", "2026-11-20T10:00:00+0860",
	"@1795735545 +0000 junk", "@",
};

static void test_date__commit_times_as_git_takes_them(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(commit_times) / sizeof(*commit_times); i++) {
		long long secs;
		int off;

		if (wl_commit_time_parse(&secs, &off, commit_times[i].text) < 0)
			fail_msg("'%s' not read", commit_times[i].text);
		if (secs != commit_times[i].secs ||
		    off != commit_times[i].offset)
			fail_msg("'%s' read as %lld %d", commit_times[i].text,
				 secs, off);
	}
	for (i = 0; i < sizeof(not_commit_times) / sizeof(*not_commit_times);
	     i++) {
		long long secs;
		int off;

		if (!wl_commit_time_parse(&secs, &off, not_commit_times[i]))
			fail_msg("'%s' taken for a time", not_commit_times[i]);
	}
}

static void test_date__local_day_of_a_commit_time(void **state)
{
	long long secs;
	int off;

	(void)state;
	/* 23:30 in Beijing is still the 19th; in UTC it is 15:30. */
	assert_int_equal(wl_commit_time_parse(&secs, &off,
					      "2026-11-19T23:30:00+08:00"), 0);
	assert_day(wl_time_day(secs, off * 60LL), "2026-11-19");
	assert_day(wl_time_day(secs, 0), "2026-11-19");
	assert_int_equal(wl_commit_time_parse(&secs, &off,
					      "2026-11-20T00:30:00+08:00"), 0);
	assert_day(wl_time_day(secs, off * 60LL), "2026-11-20");
	assert_day(wl_time_day(secs, 0), "2026-11-19");
	/* Before 1970, days still round down. */
	assert_day(wl_time_day(-1, 0), "1969-12-31");
}

static void test_date__rfc3339_date_times(void **state)
{
	long long secs, off;

	(void)state;
	assert_int_equal(wl_rfc3339_parse(&secs, &off,
					  "2026-11-20T10:00:00+08:00", 25), 0);
	assert_int_equal(secs, 1795140000LL);
	assert_int_equal(off, 8 * 3600);
	assert_int_equal(wl_rfc3339_parse(&secs, &off,
					  "2026-11-20t02:00:00.123z", 24), 0);
	assert_int_equal(secs, 1795140000LL);
	/* A leap second only at 23:59:60 UTC; read as the next second. */
	assert_int_equal(wl_rfc3339_parse(&secs, &off,
					  "1998-12-31T23:59:60Z", 20), 0);
	assert_int_equal(secs, 915148800LL);
	assert_int_equal(wl_rfc3339_parse(&secs, &off,
					  "1998-12-31T15:59:60-08:00", 25), 0);
	assert_int_equal(wl_rfc3339_parse(&secs, &off,
					  "1998-12-31T22:59:60Z", 20), -1);
	assert_int_equal(wl_rfc3339_parse(&secs, &off,
					  "2026-11-20 10:00:00Z", 20), -1);
	assert_int_equal(wl_rfc3339_parse(&secs, &off,
					  "2026-11-20T10:00:00", 19), -1);
	assert_int_equal(wl_rfc3339_parse(&secs, &off,
					  "2026-02-29T10:00:00Z", 20), -1);
	assert_int_equal(wl_rfc3339_time_parse(&secs, &off, "10:00:00-03:30",
					       14), 0);
	assert_int_equal(secs, 36000);
	assert_int_equal(off, -(3 * 3600 + 1800));
	assert_int_equal(wl_rfc3339_time_parse(&secs, &off, "24:00:00Z", 9),
			 -1);
}

/* ---- time zones ---------------------------------------------------------- */

static struct wl_tz *load(const char *name)
{
	struct wl_tz *tz = NULL;
	char *err = NULL;

	setenv("TZDIR", ZONEINFO, 1);
	if (wl_tz_load(&tz, name, &err) < 0)
		fail_msg("%s", err);
	return tz;
}

static void test_date__near_midnight_utc_is_tomorrow_in_shanghai(void **state)
{
	struct wl_tz *tz = load("Asia/Shanghai");
	long long t = utc(2026, 11, 25, 16, 30, 0);

	(void)state;
	assert_int_equal(t, 1795624200LL);
	assert_string_equal(wl_tz_name(tz), "Asia/Shanghai");
	assert_int_equal(wl_tz_offset(tz, t), 8 * 3600);
	assert_day(wl_tz_day(tz, t), "2026-11-26");
	assert_day(wl_tz_day(NULL, t), "2026-11-25");
	assert_int_equal(wl_tz_day_start(tz, day_of("2026-11-26")),
			 utc(2026, 11, 25, 16, 0, 0));
	assert_int_equal(wl_tz_day_start(NULL, day_of("2026-11-26")),
			 utc(2026, 11, 26, 0, 0, 0));
	/* China kept summer time in 1986-1991. */
	assert_int_equal(wl_tz_offset(tz, utc(1988, 7, 1, 0, 0, 0)),
			 9 * 3600);
	wl_tz_free(tz);
}

static void test_date__daylight_saving_in_new_york(void **state)
{
	struct wl_tz *tz = load("America/New_York");
	long long start = utc(2026, 3, 8, 7, 0, 0);

	(void)state;
	/* 2026-03-08 02:00 EST becomes 03:00 EDT. */
	assert_int_equal(wl_tz_offset(tz, start - 1), -5 * 3600);
	assert_int_equal(wl_tz_offset(tz, start), -4 * 3600);
	/* 2026-11-01 02:00 EDT becomes 01:00 EST. */
	assert_int_equal(wl_tz_offset(tz, utc(2026, 11, 1, 5, 59, 59)),
			 -4 * 3600);
	assert_int_equal(wl_tz_offset(tz, utc(2026, 11, 1, 6, 0, 0)),
			 -5 * 3600);
	/* That day is 25 hours long. */
	assert_int_equal(wl_tz_day_start(tz, day_of("2026-11-01")),
			 utc(2026, 11, 1, 4, 0, 0));
	assert_int_equal(wl_tz_day_start(tz, day_of("2026-11-02")),
			 utc(2026, 11, 2, 5, 0, 0));
	/* Past the file's last transition, its footer rule. */
	assert_int_equal(wl_tz_offset(tz, utc(2040, 7, 1, 12, 0, 0)),
			 -4 * 3600);
	assert_int_equal(wl_tz_offset(tz, utc(2040, 1, 15, 12, 0, 0)),
			 -5 * 3600);
	assert_day(wl_tz_day(tz, utc(2026, 11, 26, 3, 0, 0)), "2026-11-25");
	wl_tz_free(tz);
}

static void test_date__posix_rules_north_south_and_at_midnight(void **state)
{
	struct wl_tz *tz = NULL;
	char *err = NULL;

	(void)state;
	assert_int_equal(wl_tz_parse_posix(&tz, "EST5EDT,M3.2.0,M11.1.0",
					   &err), 0);
	assert_int_equal(wl_tz_offset(tz, utc(2026, 3, 8, 6, 59, 59)),
			 -5 * 3600);
	assert_int_equal(wl_tz_offset(tz, utc(2026, 3, 8, 7, 0, 0)),
			 -4 * 3600);
	wl_tz_free(tz);

	/* Sydney: summer time from October to April. */
	assert_int_equal(wl_tz_parse_posix(&tz, "AEST-10AEDT,M10.1.0,M4.1.0/3",
					   &err), 0);
	assert_int_equal(wl_tz_offset(tz, utc(2026, 1, 15, 0, 0, 0)),
			 11 * 3600);
	assert_int_equal(wl_tz_offset(tz, utc(2026, 7, 15, 0, 0, 0)),
			 10 * 3600);
	wl_tz_free(tz);

	/* Summer time at midnight: 2026-10-04 starts at 01:00. */
	assert_int_equal(wl_tz_parse_posix(&tz, "<-03>3<-02>,M10.1.0/0,M2.3.0/0",
					   &err), 0);
	assert_int_equal(wl_tz_day_start(tz, day_of("2026-10-04")),
			 utc(2026, 10, 4, 3, 0, 0));
	assert_day(wl_tz_day(tz, utc(2026, 10, 4, 2, 59, 59)), "2026-10-03");
	wl_tz_free(tz);

	assert_int_equal(wl_tz_parse_posix(&tz, "<+0330>-3:30", &err), 0);
	assert_int_equal(wl_tz_offset(tz, 0), 3 * 3600 + 1800);
	wl_tz_free(tz);

	assert_int_equal(wl_tz_parse_posix(&tz, "EST5EDT,M13.1.0,M1.1.0",
					   &err), -1);
	assert_string_equal(err, "'EST5EDT,M13.1.0,M1.1.0' is not a POSIX TZ string");
	free(err);
	assert_null(tz);
}

static void test_date__zone_names_stay_in_the_zone_folder(void **state)
{
	static const char *const bad[] = {
		"", "/etc/passwd", "../etc/passwd", "Asia/../../etc/passwd",
		"Asia//Shanghai", "Asia/", "./UTC", "Asia/Shang hai",
		"Asia\\Shanghai", "A.B",
	};
	struct wl_tz *tz = NULL;
	char *err = NULL;
	size_t i;

	(void)state;
	assert_true(wl_tz_name_valid("Asia/Shanghai"));
	assert_true(wl_tz_name_valid("Etc/GMT+8"));
	assert_true(wl_tz_name_valid("America/Port-au-Prince"));
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		assert_false(wl_tz_name_valid(bad[i]));
		assert_int_equal(wl_tz_load(&tz, bad[i], &err), -1);
		assert_non_null(strstr(err, "is not a time zone name"));
		free(err);
		err = NULL;
	}
	setenv("TZDIR", ZONEINFO, 1);
	assert_int_equal(wl_tz_load(&tz, "Mars/Olympus", &err), -1);
	assert_string_equal(err, "unknown time zone 'Mars/Olympus'");
	free(err);
	err = NULL;
	assert_int_equal(wl_tz_load(&tz, "Asia", &err), -1);
	assert_string_equal(err, "cannot read time zone 'Asia': Is a directory");
	free(err);
	/* UTC needs no tz database. */
	assert_int_equal(wl_tz_load(&tz, "UTC", &err), 0);
	assert_int_equal(wl_tz_offset(tz, 1795624200LL), 0);
	wl_tz_free(tz);
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/*
 * A version 1 TZif file of two transitions (at `t0` and `t1`, to types
 * `i0` and `i1`) and one type of offset `utoff`, abbreviation "CST".
 */
static size_t tzif_v1(unsigned char *buf, uint32_t t0, uint32_t t1,
		      unsigned char i0, unsigned char i1, uint32_t utoff)
{
	unsigned char *p = buf + 44;

	memset(buf, 0, 44);
	memcpy(buf, "TZif", 4);
	put32(buf + 32, 2);       /* timecnt */
	put32(buf + 36, 1);       /* typecnt */
	put32(buf + 40, 4);       /* charcnt */
	put32(p, t0);
	put32(p + 4, t1);
	p[8] = i0;
	p[9] = i1;
	put32(p + 10, utoff);
	p[14] = 0;
	p[15] = 0;
	memcpy(p + 16, "CST", 4);
	return 44 + 20;
}

static void test_date__broken_tzif_files_are_refused(void **state)
{
	unsigned char small[64];
	char *text, *err = NULL;
	size_t len, n;
	struct wl_tz *tz = NULL;

	(void)state;
	assert_int_equal(wl_read_file(&text, &len,
				      ZONEINFO "/America/New_York"), 0);
	assert_int_equal(wl_tz_parse(&tz, "x", (unsigned char *)text, len,
				     &err), 0);
	wl_tz_free(tz);
	/* Every shorter prefix is refused, none read out of bounds. */
	for (n = 0; n < len; n++) {
		if (wl_tz_parse(&tz, "x", (unsigned char *)text, n, &err) == 0)
			fail_msg("a file cut at %zu bytes was read", n);
		free(err);
	}
	free(text);

	n = tzif_v1(small, 100, 200, 0, 0, 8 * 3600);
	assert_int_equal(wl_tz_parse(&tz, "v1", small, n, &err), 0);
	assert_int_equal(wl_tz_offset(tz, 150), 8 * 3600);
	wl_tz_free(tz);
	n = tzif_v1(small, 100, 200, 0, 1, 8 * 3600);
	assert_int_equal(wl_tz_parse(&tz, "v1", small, n, &err), -1);
	assert_string_equal(err, "time zone 'v1' is not valid: a transition to no time type");
	free(err);
	n = tzif_v1(small, 200, 100, 0, 0, 8 * 3600);
	assert_int_equal(wl_tz_parse(&tz, "v1", small, n, &err), -1);
	assert_string_equal(err, "time zone 'v1' is not valid: transitions out of order");
	free(err);
	n = tzif_v1(small, 100, 200, 0, 0, 27 * 3600);
	assert_int_equal(wl_tz_parse(&tz, "v1", small, n, &err), -1);
	assert_string_equal(err, "time zone 'v1' is not valid: an offset from UTC out of range");
	free(err);
	assert_int_equal(wl_tz_parse(&tz, "v1", (const unsigned char *)"TZif", 4,
				     &err), -1);
	assert_string_equal(err, "time zone 'v1' is not valid: not a TZif file");
	free(err);
	assert_null(tz);
}

static void test_date__the_machine_zone_comes_from_tz(void **state)
{
	struct wl_tz *tz = NULL;

	(void)state;
	setenv("TZDIR", ZONEINFO, 1);
	setenv("TZ", "CST-8", 1);
	assert_int_equal(wl_tz_load(&tz, NULL, NULL), 0);
	assert_int_equal(wl_tz_offset(tz, 0), 8 * 3600);
	wl_tz_free(tz);
	setenv("TZ", ":America/New_York", 1);
	assert_int_equal(wl_tz_load(&tz, NULL, NULL), 0);
	assert_string_equal(wl_tz_name(tz), "America/New_York");
	assert_int_equal(wl_tz_offset(tz, utc(2026, 1, 1, 0, 0, 0)),
			 -5 * 3600);
	wl_tz_free(tz);
	setenv("TZ", "", 1);
	assert_int_equal(wl_tz_load(&tz, NULL, NULL), 0);
	assert_int_equal(wl_tz_offset(tz, 0), 0);
	wl_tz_free(tz);
	unsetenv("TZ");
}

static void test_date__today_may_be_given(void **state)
{
	long long day;

	(void)state;
	assert_int_equal(wl_today(&day, NULL, "2026-11-26"), 0);
	assert_day(day, "2026-11-26");
	assert_int_equal(wl_today(&day, NULL, "2026-11-31"), -1);
	assert_int_equal(wl_today(&day, NULL, "tomorrow"), -1);
	assert_int_equal(wl_today(&day, NULL, NULL), 0);
}

static void test_date__now_is_the_end_of_a_given_today(void **state)
{
	struct wl_tz *tz = NULL;
	char *err = NULL;
	long long day, before = (long long)time(NULL);

	(void)state;
	assert_int_equal(wl_tz_parse_posix(&tz, "CST-8", &err), 0);
	assert_int_equal(wl_day_parse(&day, "2026-11-26", 10), 0);
	/* 2026-11-26T23:59:59+08:00 */
	assert_int_equal(wl_now(tz, day, 1), 1795708799LL);
	assert_int_equal(wl_now(NULL, day, 1), 1795737599LL);
	assert_true(wl_now(tz, day, 0) >= before);
	wl_tz_free(tz);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date__day_numbers_round_trip),
		cmocka_unit_test(test_date__leap_days_follow_the_gregorian_rule),
		cmocka_unit_test(test_date__years_with_53_iso_weeks),
		cmocka_unit_test(test_date__iso_weeks_at_year_ends),
		cmocka_unit_test(test_date__periods_have_a_first_and_a_last_day),
		cmocka_unit_test(test_date__format_period_agrees_with_the_period_code),
		cmocka_unit_test(test_date__iterating_periods_crosses_year_ends),
		cmocka_unit_test(test_date__period_kinds_by_name),
		cmocka_unit_test(test_date__durations_for_rules_and_for_the_format),
		cmocka_unit_test(test_date__commit_times_as_git_takes_them),
		cmocka_unit_test(test_date__local_day_of_a_commit_time),
		cmocka_unit_test(test_date__rfc3339_date_times),
		cmocka_unit_test(test_date__near_midnight_utc_is_tomorrow_in_shanghai),
		cmocka_unit_test(test_date__daylight_saving_in_new_york),
		cmocka_unit_test(test_date__posix_rules_north_south_and_at_midnight),
		cmocka_unit_test(test_date__zone_names_stay_in_the_zone_folder),
		cmocka_unit_test(test_date__broken_tzif_files_are_refused),
		cmocka_unit_test(test_date__the_machine_zone_comes_from_tz),
		cmocka_unit_test(test_date__today_may_be_given),
		cmocka_unit_test(test_date__now_is_the_end_of_a_given_today),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
