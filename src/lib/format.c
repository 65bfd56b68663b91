/*
 * String formats checked by the `format` keyword (DESIGN.md §3).
 *
 * date, date-time and time follow RFC 3339 §5.6 exactly, period and
 * duration are worklog's own; all five are date.h's, which the rest of
 * worklog uses too, so `format: period` and the period code cannot
 * disagree.
 *
 * email is RFC 5321's Mailbox: a dot-atom or quoted-string local part, then
 * a host name or an address literal (`[127.0.0.1]`, `[IPv6:::1]`). ASCII
 * only; internationalised addresses are not accepted.
 *
 * uri is an absolute RFC 3986 URI (a scheme is required; a fragment is
 * allowed), checked character by character against the grammar, ASCII only.
 */
#include <string.h>

#include "date.h"
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

/* full-date (RFC 3339) */
static int check_date(const char *s, size_t len)
{
	long long day;

	return !wl_day_parse(&day, s, len);
}

/* full-time (RFC 3339) */
static int check_time(const char *s, size_t len)
{
	long long secs, offset;

	return !wl_rfc3339_time_parse(&secs, &offset, s, len);
}

/* date-time (RFC 3339) */
static int check_date_time(const char *s, size_t len)
{
	long long secs, offset;

	return !wl_rfc3339_parse(&secs, &offset, s, len);
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

/* 2026 | 2026-Q4 | 2026-11 | 2026-W48 | 2026-11-26 */
static int check_period(const char *s, size_t len)
{
	struct wl_period p;

	return !wl_period_parse(&p, s, len);
}

/* 90m | 2h | 1.5d | 2w */
static int check_duration(const char *s, size_t len)
{
	long long secs;

	return !wl_duration_parse(&secs, s, len, WL_DURATION_FORMAT);
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
