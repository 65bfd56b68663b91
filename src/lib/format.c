/*
 * String formats checked by the `format` keyword (DESIGN.md §3).
 *
 * date, date-time and time follow RFC 3339 §5.6 exactly: four-digit years,
 * two-digit fields, real calendar days (leap years by the Gregorian rule),
 * a time offset that is required (`Z`, `z` or `+hh:mm`/`-hh:mm`), and a
 * leap second (`:60`) only where the time in UTC is 23:59. `T`/`t` separate
 * date and time; a space does not.
 *
 * email is RFC 5321's Mailbox: a dot-atom or quoted-string local part, then
 * a host name or an address literal (`[127.0.0.1]`, `[IPv6:::1]`). ASCII
 * only; internationalised addresses are not accepted.
 *
 * uri is an absolute RFC 3986 URI (a scheme is required; a fragment is
 * allowed), checked character by character against the grammar, ASCII only.
 *
 * period and duration are worklog's own:
 *
 *   period    2026 | 2026-Q4 | 2026-11 | 2026-W48 | 2026-11-26
 *             (ISO weeks: W53 exists only in years that have 53 weeks)
 *   duration  a decimal number and one unit: m (minutes), h, d, w:
 *             90m, 2h, 1.5d, 2w. No sign, no exponent, one unit only.
 */
#include <string.h>

#include "schema.h"

#include "../banned.h"

struct format_entry {
	const char *name;
	int (*check)(const char *s, size_t len);
};

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_hex(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
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

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31 };

	if (m == 2 && is_leap(y))
		return 29;
	return dim[m - 1];
}

/* Day of the week, 0 = Sunday (Sakamoto's method). */
static int weekday(int y, int m, int d)
{
	static const int t[] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };

	if (m < 3)
		y--;
	return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

/* ISO 8601: a year has 53 weeks if it starts on a Thursday, or is a leap
 * year starting on a Wednesday. */
static int iso_weeks(int y)
{
	int jan1 = weekday(y, 1, 1);

	return (jan1 == 4 || (jan1 == 3 && is_leap(y))) ? 53 : 52;
}

/* full-date = date-fullyear "-" date-month "-" date-mday */
static int check_date(const char *s, size_t len)
{
	int y, m, d;

	if (len != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	y = digits(s, 4);
	m = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (y < 0 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= days_in_month(y, m);
}

/*
 * full-time = partial-time time-offset
 * partial-time = HH ":" MM ":" SS [ "." 1*DIGIT ]
 * time-offset = "Z" / ("+" / "-") HH ":" MM
 */
static int check_time(const char *s, size_t len)
{
	int h, m, sec, oh = 0, om = 0, sign = 0, utc;
	size_t i = 8;

	if (len < 9 || s[2] != ':' || s[5] != ':')
		return 0;
	h = digits(s, 2);
	m = digits(s + 3, 2);
	sec = digits(s + 6, 2);
	if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60)
		return 0;
	if (s[i] == '.') {
		size_t start = ++i;

		while (i < len && is_digit((unsigned char)s[i]))
			i++;
		if (i == start)
			return 0;
	}
	if (i >= len)
		return 0;
	if (s[i] == 'Z' || s[i] == 'z') {
		if (i + 1 != len)
			return 0;
	} else if (s[i] == '+' || s[i] == '-') {
		sign = s[i] == '+' ? 1 : -1;
		if (len - i != 6 || s[i + 3] != ':')
			return 0;
		oh = digits(s + i + 1, 2);
		om = digits(s + i + 4, 2);
		if (oh < 0 || oh > 23 || om < 0 || om > 59)
			return 0;
	} else {
		return 0;
	}
	if (sec == 60) {
		/* A leap second is inserted at 23:59:60 UTC only. */
		utc = h * 60 + m - sign * (oh * 60 + om);
		utc = ((utc % 1440) + 1440) % 1440;
		if (utc != 23 * 60 + 59)
			return 0;
	}
	return 1;
}

/* date-time = full-date "T" full-time */
static int check_date_time(const char *s, size_t len)
{
	if (len < 11 || (s[10] != 'T' && s[10] != 't'))
		return 0;
	return check_date(s, 10) && check_time(s + 11, len - 11);
}

/* dec-octet "." dec-octet "." dec-octet "." dec-octet, no leading zeros */
static int check_ipv4(const char *s, size_t len)
{
	size_t i = 0;
	int part;

	for (part = 0; part < 4; part++) {
		size_t start = i;
		int v = 0;

		if (part) {
			if (i >= len || s[i] != '.')
				return 0;
			start = ++i;
		}
		while (i < len && is_digit((unsigned char)s[i]) &&
		       i - start < 3)
			v = v * 10 + (s[i++] - '0');
		if (i == start || v > 255 || (s[start] == '0' && i - start > 1))
			return 0;
	}
	return i == len;
}

/* RFC 3986 IPv6address: eight groups, one "::", an IPv4 tail. */
static int check_ipv6(const char *s, size_t len)
{
	size_t i = 0;
	int groups = 0, elided = 0;

	if (len >= 2 && s[0] == ':' && s[1] == ':') {
		elided = 1;
		i = 2;
	} else if (len && s[0] == ':') {
		return 0;
	}
	while (i < len) {
		size_t j = i;

		while (j < len && is_hex((unsigned char)s[j]))
			j++;
		if (j < len && s[j] == '.') {
			if (!check_ipv4(s + i, len - i))
				return 0;
			groups += 2;
			break;
		}
		if (j == i || j - i > 4)
			return 0;
		groups++;
		i = j;
		if (i == len)
			break;
		if (s[i++] != ':' || i == len)
			return 0;
		if (s[i] == ':') {
			if (elided)
				return 0;
			elided = 1;
			i++;
		}
	}
	return elided ? groups <= 7 : groups == 8;
}

/* A DNS host name: labels of letters, digits and inner hyphens. */
static int check_hostname(const char *s, size_t len)
{
	size_t i = 0;

	if (!len || len > 253)
		return 0;
	while (i < len) {
		size_t start = i;

		while (i < len && (is_alpha((unsigned char)s[i]) ||
				   is_digit((unsigned char)s[i]) ||
				   s[i] == '-'))
			i++;
		if (i == start || i - start > 63 || s[start] == '-' ||
		    s[i - 1] == '-')
			return 0;
		if (i < len && s[i++] != '.')
			return 0;
		if (i == len && s[len - 1] == '.')
			return 0;
	}
	return 1;
}

static int is_atext(int c)
{
	return is_alpha(c) || is_digit(c) || (c && strchr("!#$%&'*+-/=?^_`{|}~", c));
}

/*
 * Mailbox = Local-part "@" ( Domain / address-literal )   (RFC 5321)
 * Local-part = Dot-string / Quoted-string
 */
static int check_email(const char *s, size_t len)
{
	size_t i = 0, at;

	if (!len)
		return 0;
	if (s[0] == '"') {
		for (i = 1; i < len && s[i] != '"'; i++) {
			unsigned char c = s[i];

			if (c == '\\') {
				if (++i >= len || (unsigned char)s[i] < 0x20 ||
				    (unsigned char)s[i] > 0x7e)
					return 0;
			} else if (c < 0x20 || c > 0x7e) {
				if (c != '\t')
					return 0;
			}
		}
		if (i >= len)
			return 0;
		i++;
	} else {
		for (;;) {
			size_t start = i;

			while (i < len && is_atext((unsigned char)s[i]))
				i++;
			if (i == start)
				return 0;
			if (i < len && s[i] == '.') {
				i++;
				continue;
			}
			break;
		}
	}
	if (i > 64 || i >= len || s[i] != '@')
		return 0;
	at = i + 1;
	s += at;
	len -= at;
	if (len && s[0] == '[') {
		if (len < 2 || s[len - 1] != ']')
			return 0;
		if (len > 7 && !memcmp(s + 1, "IPv6:", 5))
			return check_ipv6(s + 6, len - 7);
		return check_ipv4(s + 1, len - 2);
	}
	return check_hostname(s, len);
}

static int uri_unreserved(int c)
{
	return is_alpha(c) || is_digit(c) || c == '-' || c == '.' ||
	       c == '_' || c == '~';
}

static int uri_sub_delim(int c)
{
	return c && strchr("!$&'()*+,;=", c) != NULL;
}

/*
 * Checks s[*i..end) for characters in the set unreserved / pct-encoded /
 * sub-delims plus `extra`; stops at the first other character.
 * Returns 0 on a malformed %-escape.
 */
static int uri_span(const char *s, size_t *i, size_t end, const char *extra)
{
	while (*i < end) {
		int c = (unsigned char)s[*i];

		if (c == '%') {
			if (*i + 2 >= end ||
			    !is_hex((unsigned char)s[*i + 1]) ||
			    !is_hex((unsigned char)s[*i + 2]))
				return 0;
			*i += 3;
		} else if (uri_unreserved(c) || uri_sub_delim(c) ||
			   (c && strchr(extra, c))) {
			(*i)++;
		} else {
			break;
		}
	}
	return 1;
}

/* IP-literal = "[" ( IPv6address / IPvFuture ) "]" */
static int check_ip_literal(const char *s, size_t len)
{
	size_t i;

	if (len && (s[0] == 'v' || s[0] == 'V')) {
		i = 1;
		while (i < len && is_hex((unsigned char)s[i]))
			i++;
		if (i == 1 || i >= len || s[i] != '.' || ++i == len)
			return 0;
		for (; i < len; i++)
			if (!uri_unreserved((unsigned char)s[i]) &&
			    !uri_sub_delim((unsigned char)s[i]) && s[i] != ':')
				return 0;
		return 1;
	}
	return check_ipv6(s, len);
}

/* authority = [ userinfo "@" ] host [ ":" port ] */
static int check_authority(const char *s, size_t len)
{
	const char *at = memchr(s, '@', len);
	size_t i = 0;

	if (at) {
		size_t end = at - s;

		if (!uri_span(s, &i, end, ":") || i != end)
			return 0;
		i = end + 1;
	}
	if (i < len && s[i] == '[') {
		const char *close = memchr(s + i, ']', len - i);

		if (!close || !check_ip_literal(s + i + 1, close - s - i - 1))
			return 0;
		i = close - s + 1;
	} else if (!uri_span(s, &i, len, "")) {
		return 0;
	}
	if (i < len && s[i] == ':') {
		for (i++; i < len; i++)
			if (!is_digit((unsigned char)s[i]))
				return 0;
	}
	return i == len;
}

/* URI = scheme ":" hier-part [ "?" query ] [ "#" fragment ] */
static int check_uri(const char *s, size_t len)
{
	size_t i = 0, end;

	if (!len || !is_alpha((unsigned char)s[0]))
		return 0;
	while (i < len && (is_alpha((unsigned char)s[i]) ||
			   is_digit((unsigned char)s[i]) ||
			   s[i] == '+' || s[i] == '-' || s[i] == '.'))
		i++;
	if (i >= len || s[i] != ':')
		return 0;
	i++;
	if (len - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
		i += 2;
		end = i;
		while (end < len && s[end] != '/' && s[end] != '?' &&
		       s[end] != '#')
			end++;
		if (!check_authority(s + i, end - i))
			return 0;
		i = end;
	}
	/* The path: segments of pchar separated by "/". */
	if (!uri_span(s, &i, len, ":@/"))
		return 0;
	if (i < len && s[i] == '?') {
		i++;
		if (!uri_span(s, &i, len, ":@/?"))
			return 0;
	}
	if (i < len && s[i] == '#') {
		i++;
		if (!uri_span(s, &i, len, ":@/?"))
			return 0;
	}
	return i == len;
}

/* period = YYYY | YYYY-Qn | YYYY-MM | YYYY-Www | YYYY-MM-DD */
static int check_period(const char *s, size_t len)
{
	int y, n;

	if (len < 4 || (y = digits(s, 4)) < 0)
		return 0;
	if (len == 4)
		return 1;
	if (s[4] != '-')
		return 0;
	if (len == 7 && s[5] == 'Q')
		return s[6] >= '1' && s[6] <= '4';
	if (len == 7) {
		n = digits(s + 5, 2);
		return n >= 1 && n <= 12;
	}
	if (len == 8 && s[5] == 'W') {
		n = digits(s + 6, 2);
		return n >= 1 && n <= iso_weeks(y);
	}
	return check_date(s, len);
}

/* duration = 1*DIGIT [ "." 1*DIGIT ] ( "m" / "h" / "d" / "w" ) */
static int check_duration(const char *s, size_t len)
{
	size_t i = 0, start;

	while (i < len && is_digit((unsigned char)s[i]))
		i++;
	if (!i)
		return 0;
	if (i < len && s[i] == '.') {
		start = ++i;
		while (i < len && is_digit((unsigned char)s[i]))
			i++;
		if (i == start)
			return 0;
	}
	return i + 1 == len && s[i] && strchr("mhdw", s[i]) != NULL;
}

static const struct format_entry formats[] = {
	{ NULL, NULL },
	{ "date", check_date },
	{ "date-time", check_date_time },
	{ "duration", check_duration },
	{ "email", check_email },
	{ "period", check_period },
	{ "time", check_time },
	{ "uri", check_uri },
};

int wl_format_id(const char *name)
{
	size_t i;

	for (i = 1; i < sizeof(formats) / sizeof(*formats); i++)
		if (!strcmp(formats[i].name, name))
			return (int)i;
	return 0;
}

const char *wl_format_name(int id)
{
	if (id < 1 || (size_t)id >= sizeof(formats) / sizeof(*formats))
		return NULL;
	return formats[id].name;
}

int wl_format_check_id(int id, const char *s, size_t len)
{
	if (id < 1 || (size_t)id >= sizeof(formats) / sizeof(*formats))
		return -1;
	return formats[id].check(s, len);
}

int wl_format_check(const char *format, const char *s, size_t len)
{
	return wl_format_check_id(wl_format_id(format), s, len);
}
