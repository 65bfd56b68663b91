/*
 * Calendar dates, ISO weeks, periods, durations and times with offsets
 * (date.h). Time zones are in date_tz.c.
 *
 * Day numbers use Howard Hinnant's civil-from-days algorithms, which are
 * exact for every Gregorian date a long long can count.
 */
#include "date.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "../banned.h"

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Reads exactly n ASCII digits at s; returns the value or -1. */
static int digits(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!is_digit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static long long floor_div(long long a, long long b)
{
	long long q = a / b;

	return (a % b && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* ---- calendar dates ------------------------------------------------- */

int wl_is_leap_year(long long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int wl_days_in_month(long long y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31 };

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && wl_is_leap_year(y))
		return 29;
	return dim[m - 1];
}

int wl_date_valid(long long y, int m, int d)
{
	return d >= 1 && d <= wl_days_in_month(y, m);
}

long long wl_days_from_civil(long long y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void wl_civil_from_days(long long day, long long *y, int *m, int *d)
{
	long long z = day + 719468, era, doe, yoe, doy, mp;

	era = floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

int wl_weekday(long long day)
{
	/* 1970-01-01 was a Thursday. */
	return (int)(((day + 3) % 7 + 7) % 7) + 1;
}

/* full-date = date-fullyear "-" date-month "-" date-mday */
int wl_day_parse(long long *day, const char *s, size_t len)
{
	int y, m, d;

	if (len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	y = digits(s, 4);
	m = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0 || !wl_date_valid(y, m, d))
		return -1;
	*day = wl_days_from_civil(y, m, d);
	return 0;
}

/* snprintf into a fixed buffer: the length written, never more. */
static size_t fmt_len(int n)
{
	if (n < 0)
		return 0;
	return (size_t)n < WL_DATE_MAX ? (size_t)n : WL_DATE_MAX - 1;
}

size_t wl_day_fmt(char out[WL_DATE_MAX], long long day)
{
	long long y;
	int m, d;

	wl_civil_from_days(day, &y, &m, &d);
	return fmt_len(snprintf(out, WL_DATE_MAX, "%04lld-%02d-%02d", y, m,
				d));
}

long long wl_time_day(long long t, long long offset)
{
	return floor_div(t + offset, 86400);
}

/* ---- ISO 8601 weeks ------------------------------------------------- */

long long wl_iso_week_monday(long long y, int week)
{
	long long jan4 = wl_days_from_civil(y, 1, 4);

	/* Week 1 holds January 4th (and so the year's first Thursday). */
	return jan4 - (wl_weekday(jan4) - 1) + 7LL * (week - 1);
}

int wl_iso_weeks(long long y)
{
	return (int)((wl_iso_week_monday(y + 1, 1) -
		      wl_iso_week_monday(y, 1)) / 7);
}

void wl_iso_week(long long day, long long *y, int *week)
{
	long long cy, start;
	int m, d;

	wl_civil_from_days(day, &cy, &m, &d);
	if (day >= wl_iso_week_monday(cy + 1, 1))
		cy++;
	else if (day < wl_iso_week_monday(cy, 1))
		cy--;
	start = wl_iso_week_monday(cy, 1);
	*y = cy;
	*week = (int)((day - start) / 7) + 1;
}

/* ---- periods ---------------------------------------------------------- */

static void set_month_span(struct wl_period *p, int first_month, int months)
{
	int last_month = first_month + months - 1;

	p->first = wl_days_from_civil(p->year, first_month, 1);
	p->last = wl_days_from_civil(p->year, last_month,
				     wl_days_in_month(p->year, last_month));
}

/* Fills first and last from kind, year and n. */
static void set_span(struct wl_period *p)
{
	switch (p->kind) {
	case WL_PERIOD_DAY:
		break;
	case WL_PERIOD_WEEK:
		p->first = wl_iso_week_monday(p->year, p->n);
		p->last = p->first + 6;
		break;
	case WL_PERIOD_MONTH:
		set_month_span(p, p->n, 1);
		break;
	case WL_PERIOD_QUARTER:
		set_month_span(p, 3 * p->n - 2, 3);
		break;
	case WL_PERIOD_YEAR:
		set_month_span(p, 1, 12);
		break;
	}
}

/* period = YYYY | YYYY-Qn | YYYY-MM | YYYY-Www | YYYY-MM-DD */
int wl_period_parse(struct wl_period *p, const char *s, size_t len)
{
	struct wl_period r = { WL_PERIOD_YEAR, 0, 0, 0, 0 };
	int y, n;

	if (len < 4 || (y = digits(s, 4)) < 0)
		return -1;
	r.year = y;
	if (len == 10) {
		if (wl_day_parse(&r.first, s, len) < 0)
			return -1;
		r.kind = WL_PERIOD_DAY;
		r.last = r.first;
		*p = r;
		return 0;
	}
	if (len != 4 && s[4] != '-')
		return -1;
	if (len == 7 && s[5] == 'Q') {
		r.kind = WL_PERIOD_QUARTER;
		r.n = s[6] - '0';
		if (r.n < 1 || r.n > 4)
			return -1;
	} else if (len == 7) {
		r.kind = WL_PERIOD_MONTH;
		r.n = n = digits(s + 5, 2);
		if (n < 1 || n > 12)
			return -1;
	} else if (len == 8 && s[5] == 'W') {
		r.kind = WL_PERIOD_WEEK;
		r.n = n = digits(s + 6, 2);
		if (n < 1 || n > wl_iso_weeks(y))
			return -1;
	} else if (len != 4) {
		return -1;
	}
	set_span(&r);
	*p = r;
	return 0;
}

void wl_period_of(struct wl_period *p, enum wl_period_kind kind,
		  long long day)
{
	long long y;
	int m, d;

	p->kind = kind;
	p->n = 0;
	wl_civil_from_days(day, &y, &m, &d);
	p->year = y;
	switch (kind) {
	case WL_PERIOD_DAY:
		p->first = p->last = day;
		return;
	case WL_PERIOD_WEEK:
		wl_iso_week(day, &p->year, &p->n);
		break;
	case WL_PERIOD_MONTH:
		p->n = m;
		break;
	case WL_PERIOD_QUARTER:
		p->n = (m - 1) / 3 + 1;
		break;
	case WL_PERIOD_YEAR:
		break;
	}
	set_span(p);
}

void wl_period_next(struct wl_period *p)
{
	wl_period_of(p, p->kind, p->last + 1);
}

void wl_period_prev(struct wl_period *p)
{
	wl_period_of(p, p->kind, p->first - 1);
}

size_t wl_period_fmt(char out[WL_DATE_MAX], const struct wl_period *p)
{
	switch (p->kind) {
	case WL_PERIOD_DAY:
		return wl_day_fmt(out, p->first);
	case WL_PERIOD_WEEK:
		return fmt_len(snprintf(out, WL_DATE_MAX, "%04lld-W%02d",
					p->year, p->n));
	case WL_PERIOD_MONTH:
		return fmt_len(snprintf(out, WL_DATE_MAX, "%04lld-%02d",
					p->year, p->n));
	case WL_PERIOD_QUARTER:
		return fmt_len(snprintf(out, WL_DATE_MAX, "%04lld-Q%d",
					p->year, p->n));
	case WL_PERIOD_YEAR:
		break;
	}
	return fmt_len(snprintf(out, WL_DATE_MAX, "%04lld", p->year));
}

static const char *const kind_names[] = {
	[WL_PERIOD_DAY] = "day", [WL_PERIOD_WEEK] = "week",
	[WL_PERIOD_MONTH] = "month", [WL_PERIOD_QUARTER] = "quarter",
	[WL_PERIOD_YEAR] = "year",
};

int wl_period_kind_parse(enum wl_period_kind *kind, const char *name)
{
	int k;

	for (k = WL_PERIOD_DAY; k <= WL_PERIOD_YEAR; k++) {
		if (!strcmp(kind_names[k], name)) {
			*kind = (enum wl_period_kind)k;
			return 0;
		}
	}
	return -1;
}

const char *wl_period_kind_name(enum wl_period_kind kind)
{
	if (kind < WL_PERIOD_DAY || kind > WL_PERIOD_YEAR)
		return NULL;
	return kind_names[kind];
}

/* ---- durations -------------------------------------------------------- */

/* duration = 1*DIGIT [ "." 1*DIGIT ] ( "m" / "h" / "d" / "w" ) */
int wl_duration_parse(long long *secs, const char *s, size_t len,
		      unsigned flags)
{
	long long whole = 0, num = 0, den = 1, unit;
	size_t i = 0, start;
	int big = 0;

	for (; i < len && is_digit((unsigned char)s[i]); i++) {
		if (whole > WL_DURATION_MAX_UNITS)
			big = 1;
		else
			whole = whole * 10 + (s[i] - '0');
	}
	if (!i)
		return -1;
	if (i < len && s[i] == '.') {
		if (!(flags & WL_DURATION_FRACTION))
			return -1;
		for (start = ++i; i < len && is_digit((unsigned char)s[i]);
		     i++) {
			/* Digits past the twelfth are below a second. */
			if (den < 1000000000000LL) {
				num = num * 10 + (s[i] - '0');
				den *= 10;
			}
		}
		if (i == start)
			return -1;
	}
	if (i + 1 != len)
		return -1;
	switch (s[i]) {
	case 'm':
		if (!(flags & WL_DURATION_MINUTES))
			return -1;
		unit = 60;
		break;
	case 'h':
		unit = 3600;
		break;
	case 'd':
		unit = 86400;
		break;
	case 'w':
		unit = 7 * 86400;
		break;
	default:
		return -1;
	}
	if (big || whole > WL_DURATION_MAX_UNITS) {
		if (!(flags & WL_DURATION_UNBOUNDED))
			return -1;
		*secs = LLONG_MAX;
		return 0;
	}
	*secs = whole * unit + (num * unit + den / 2) / den;
	return 0;
}

/* ---- times with offsets ----------------------------------------------- */

/*
 * RFC 3339 §5.6:
 *   partial-time = HH ":" MM ":" SS [ "." 1*DIGIT ]
 *   time-offset  = "Z" / ("+" / "-") HH ":" MM
 * A leap second is inserted at 23:59:60 UTC only.
 */
int wl_rfc3339_time_parse(long long *secs, long long *offset, const char *s,
			  size_t len)
{
	int h, m, sec, oh = 0, om = 0, sign = 0;
	size_t i = 8, start;
	long long utc;

	if (len < 9 || s[2] != ':' || s[5] != ':')
		return -1;
	h = digits(s, 2);
	m = digits(s + 3, 2);
	sec = digits(s + 6, 2);
	if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60)
		return -1;
	if (s[i] == '.') {
		for (start = ++i; i < len && is_digit((unsigned char)s[i]);)
			i++;
		if (i == start)
			return -1;
	}
	if (i >= len)
		return -1;
	if (s[i] == 'Z' || s[i] == 'z') {
		if (i + 1 != len)
			return -1;
	} else if (s[i] == '+' || s[i] == '-') {
		sign = s[i] == '+' ? 1 : -1;
		if (len - i != 6 || s[i + 3] != ':')
			return -1;
		oh = digits(s + i + 1, 2);
		om = digits(s + i + 4, 2);
		if (oh < 0 || oh > 23 || om < 0 || om > 59)
			return -1;
	} else {
		return -1;
	}
	*offset = sign * (oh * 3600LL + om * 60);
	*secs = h * 3600LL + m * 60 + sec;
	if (sec == 60) {
		/* The minute in UTC must be 23:59. */
		utc = h * 60 + m - sign * (oh * 60 + om);
		if ((utc % 1440 + 1440) % 1440 != 23 * 60 + 59)
			return -1;
	}
	return 0;
}

/* date-time = full-date "T" full-time */
int wl_rfc3339_parse(long long *secs, long long *offset, const char *s,
		     size_t len)
{
	long long day, tod;

	if (len < 11 || (s[10] != 'T' && s[10] != 't') ||
	    wl_day_parse(&day, s, 10) < 0 ||
	    wl_rfc3339_time_parse(&tod, offset, s + 11, len - 11) < 0)
		return -1;
	*secs = day * 86400 + tod - *offset;
	return 0;
}

/* Reads a zone `+0800`, `+08:00`, `+08`, `Z`; returns 0 or -1. */
static int parse_zone(const char **p, int *offset)
{
	const char *s = *p;
	int sign, h, m = 0;

	while (*s == ' ')
		s++;
	if (*s == 'Z') {
		*offset = 0;
		*p = s + 1;
		return 0;
	}
	if (*s != '+' && *s != '-')
		return -1;
	sign = *s++ == '-' ? -1 : 1;
	if ((h = digits(s, 2)) < 0)
		return -1;
	s += 2;
	if (*s == ':')
		s++;
	if (is_digit((unsigned char)s[0]) && is_digit((unsigned char)s[1])) {
		m = digits(s, 2);
		s += 2;
	}
	if (m > 59)
		return -1;
	*offset = sign * (h * 60 + m);
	*p = s;
	return 0;
}

/* Reads exactly n digits and moves past them. */
static int number(const char **p, size_t n, int *out)
{
	if ((*out = digits(*p, n)) < 0)
		return -1;
	*p += n;
	return 0;
}

static void skip_spaces(const char **p)
{
	while (**p == ' ')
		(*p)++;
}

/* `@SECONDS [ZONE]` or `SECONDS [ZONE]`. */
static int parse_epoch(long long *secs, int *offset, const char *p)
{
	long long v = 0;
	const char *start;

	if (*p == '@')
		p++;
	for (start = p; is_digit((unsigned char)*p); p++) {
		if (v > (LLONG_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (p == start)
		return -1;
	*offset = 0;
	if (*p && parse_zone(&p, offset) < 0)
		return -1;
	skip_spaces(&p);
	if (*p)
		return -1;
	*secs = v;
	return 0;
}

/* RFC 2822: [Day, ]DD Mon YYYY, leaving *p at the time. */
static int parse_rfc2822_date(const char **p, int *y, int *mo, int *d)
{
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
		"May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	const char *s = *p, *comma = strchr(s, ',');
	int i;

	if (comma)
		s = comma + 1;
	skip_spaces(&s);
	for (*d = 0; is_digit((unsigned char)*s) && *d < 100; s++)
		*d = *d * 10 + (*s - '0');
	skip_spaces(&s);
	for (*mo = 0, i = 0; i < 12; i++)
		if (!strncmp(s, months[i], 3))
			*mo = i + 1;
	if (!*mo)
		return -1;
	s += 3;
	skip_spaces(&s);
	if (number(&s, 4, y) < 0)
		return -1;
	skip_spaces(&s);
	*p = s;
	return 0;
}

int wl_commit_time_parse(long long *secs, int *offset_min, const char *s)
{
	const char *p = s;
	int y, mo, d, h, mi, se = 0, off = 0;
	size_t nr_digits;

	skip_spaces(&p);
	nr_digits = strspn(p, "0123456789");
	if (*p == '@' ||
	    (nr_digits >= 9 && (!p[nr_digits] || p[nr_digits] == ' ')))
		return parse_epoch(secs, offset_min, p);
	if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
	    (nr_digits && nr_digits <= 2 && p[nr_digits] == ' ')) {
		if (parse_rfc2822_date(&p, &y, &mo, &d) < 0)
			return -1;
	} else {
		if (number(&p, 4, &y) < 0 || *p++ != '-' ||
		    number(&p, 2, &mo) < 0 || *p++ != '-' ||
		    number(&p, 2, &d) < 0 || (*p != 'T' && *p != ' '))
			return -1;
		p++;
	}
	if (number(&p, 2, &h) < 0 || *p++ != ':' || number(&p, 2, &mi) < 0)
		return -1;
	if (*p == ':') {
		p++;
		if (number(&p, 2, &se) < 0)
			return -1;
	}
	if (*p && parse_zone(&p, &off) < 0)
		return -1;
	skip_spaces(&p);
	if (*p || !wl_date_valid(y, mo, d) || h > 23 || mi > 59 || se > 60)
		return -1;
	*secs = wl_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 +
		se - off * 60LL;
	*offset_min = off;
	return 0;
}
