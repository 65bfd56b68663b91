/*
 * Time zones (date.h): TZif files (RFC 8536) and POSIX TZ strings, read
 * by worklog itself rather than through setenv("TZ") + localtime(),
 * which would change process-wide state, race with other threads and
 * hold one zone at a time. A zone is a sorted table of transitions, the
 * local time types they switch to, and the POSIX rule (the file's
 * footer) for times after the last transition.
 *
 * Leap-second records ("right/" zones) are skipped: times here are POSIX
 * times, which do not count leap seconds.
 */
#include "date.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#include "../banned.h"

#define TZ_DEFAULT_DIR "/usr/share/zoneinfo"
#define TZ_FILE_MAX (256 * 1024)
#define TZ_NAME_MAX 255
/* No zone is this far from UTC; it bounds the search for a day's start. */
#define MAX_OFFSET (26 * 3600LL)

struct tz_type {
	long long utoff;              /* seconds east of UTC */
	int isdst;
};

/* A POSIX rule date: Jn (1-365, no Feb 29), n (0-365), Mm.w.d. */
struct rule_date {
	char kind;                    /* 'J', 'n' or 'M' */
	int month, week, wday, yday;
	long long time;               /* local seconds after midnight */
};

struct tz_rule {
	long long std_off, dst_off;   /* seconds east */
	int has_dst;
	struct rule_date start, end;
};

struct wl_tz {
	char *name;
	long long *times;             /* transitions, ascending */
	unsigned char *idx;           /* the type from each transition on */
	size_t nr_times;
	struct tz_type *types;
	size_t nr_types;
	struct tz_rule rule;
	int has_rule;
};

static struct wl_tz *tz_new(const char *name)
{
	struct wl_tz *tz = wl_xcalloc(1, sizeof(*tz));

	tz->name = wl_xstrdup(name);
	return tz;
}

void wl_tz_free(struct wl_tz *tz)
{
	if (!tz)
		return;
	free(tz->name);
	free(tz->times);
	free(tz->idx);
	free(tz->types);
	free(tz);
}

const char *wl_tz_name(const struct wl_tz *tz)
{
	return tz ? tz->name : "UTC";
}

/* ---- POSIX TZ strings ------------------------------------------------- */

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Reads a number of at most `max`; returns -1 if there is none. */
static long long read_num(const char **p, long long max)
{
	long long v = 0;
	const char *s = *p;

	if (!is_digit((unsigned char)*s))
		return -1;
	for (; is_digit((unsigned char)*s); s++) {
		v = v * 10 + (*s - '0');
		if (v > max)
			return -1;
	}
	*p = s;
	return v;
}

/* [+-]hh[:mm[:ss]] with hh at most `max_h`; sets seconds. */
static int read_hms(const char **p, long long max_h, long long *out)
{
	long long sign = 1, h, m = 0, s = 0;

	if (**p == '+' || **p == '-')
		sign = *(*p)++ == '-' ? -1 : 1;
	if ((h = read_num(p, max_h)) < 0)
		return -1;
	if (**p == ':') {
		(*p)++;
		if ((m = read_num(p, 59)) < 0)
			return -1;
		if (**p == ':') {
			(*p)++;
			if ((s = read_num(p, 59)) < 0)
				return -1;
		}
	}
	*out = sign * (h * 3600 + m * 60 + s);
	return 0;
}

/* A zone abbreviation: 3+ letters, or <...> of letters, digits, +, -. */
static int read_abbr(const char **p)
{
	const char *s = *p;
	size_t n = 0;

	if (*s == '<') {
		for (s++; *s && *s != '>'; s++, n++)
			if (!strchr("+-", *s) && !is_digit((unsigned char)*s) &&
			    !((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z'))
				return -1;
		if (*s != '>' || n < 3)
			return -1;
		*p = s + 1;
		return 0;
	}
	while ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z')
		s++, n++;
	if (n < 3)
		return -1;
	*p = s;
	return 0;
}

/* date[/time], with time -167..167 hours (RFC 8536 §3.3.1). */
static int read_rule_date(const char **p, struct rule_date *d)
{
	long long v;

	memset(d, 0, sizeof(*d));
	d->time = 2 * 3600;
	if (**p == 'J') {
		(*p)++;
		d->kind = 'J';
		if ((v = read_num(p, 365)) < 1)
			return -1;
		d->yday = (int)v;
	} else if (**p == 'M') {
		(*p)++;
		d->kind = 'M';
		if ((v = read_num(p, 12)) < 1)
			return -1;
		d->month = (int)v;
		if (*(*p)++ != '.' || (v = read_num(p, 5)) < 1)
			return -1;
		d->week = (int)v;
		if (*(*p)++ != '.' || (v = read_num(p, 6)) < 0)
			return -1;
		d->wday = (int)v;
	} else {
		d->kind = 'n';
		if ((v = read_num(p, 365)) < 0)
			return -1;
		d->yday = (int)v;
	}
	if (**p == '/') {
		(*p)++;
		return read_hms(p, 167, &d->time);
	}
	return 0;
}

/* std offset [dst [offset] [,start[/time],end[/time]]] */
static int parse_rule(struct tz_rule *r, const char *s)
{
	long long off;

	memset(r, 0, sizeof(*r));
	if (read_abbr(&s) < 0 || read_hms(&s, 24, &off) < 0)
		return -1;
	/* POSIX offsets are west of UTC. */
	r->std_off = r->dst_off = -off;
	if (!*s)
		return 0;
	if (read_abbr(&s) < 0)
		return -1;
	r->has_dst = 1;
	r->dst_off = r->std_off + 3600;
	if (*s && *s != ',') {
		if (read_hms(&s, 24, &off) < 0)
			return -1;
		r->dst_off = -off;
	}
	if (!*s)
		s = ",M3.2.0,M11.1.0";
	if (*s++ != ',' || read_rule_date(&s, &r->start) < 0 ||
	    *s++ != ',' || read_rule_date(&s, &r->end) < 0 || *s)
		return -1;
	return 0;
}

int wl_tz_parse_posix(struct wl_tz **out, const char *s, char **err)
{
	struct tz_rule r;

	*out = NULL;
	if (parse_rule(&r, s) < 0) {
		*err = wl_xprintf("'%s' is not a POSIX TZ string", s);
		return -1;
	}
	*out = tz_new(s);
	(*out)->rule = r;
	(*out)->has_rule = 1;
	return 0;
}

/* The day in year `y` that a rule date names. */
static long long rule_day(const struct rule_date *d, long long y)
{
	long long jan1 = wl_days_from_civil(y, 1, 1), day;
	int last;

	switch (d->kind) {
	case 'J':
		/* February 29th is never counted. */
		return jan1 + d->yday - 1 +
		       (wl_is_leap_year(y) && d->yday >= 60);
	case 'n':
		return jan1 + d->yday;
	}
	day = wl_days_from_civil(y, d->month, 1);
	last = wl_days_in_month(y, d->month);
	/* wl_weekday: 1 Monday .. 7 Sunday; POSIX d: 0 Sunday .. 6. */
	day += (d->wday - wl_weekday(day) % 7 + 7) % 7 + 7LL * (d->week - 1);
	while (day >= wl_days_from_civil(y, d->month, 1) + last)
		day -= 7;
	return day;
}

static long long rule_offset(const struct tz_rule *r, long long t)
{
	long long y, start, end;
	int m, d, dst;

	if (!r->has_dst)
		return r->std_off;
	wl_civil_from_days(wl_time_day(t, r->std_off), &y, &m, &d);
	/* A start is in standard time, an end in daylight time. */
	start = rule_day(&r->start, y) * 86400 + r->start.time - r->std_off;
	end = rule_day(&r->end, y) * 86400 + r->end.time - r->dst_off;
	if (start < end)
		dst = t >= start && t < end;
	else
		dst = t < end || t >= start;
	return dst ? r->dst_off : r->std_off;
}

/* ---- TZif ------------------------------------------------------------- */

struct tzif_header {
	int version;
	size_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static long long be_time(const unsigned char *p, size_t size)
{
	uint64_t v;

	if (size == 4)
		return (int32_t)be32(p);
	v = (uint64_t)be32(p) << 32 | be32(p + 4);
	return (long long)(int64_t)v;
}

static int read_header(struct tzif_header *h, const unsigned char *buf,
		       size_t len)
{
	if (len < 44 || memcmp(buf, "TZif", 4))
		return -1;
	h->version = buf[4] ? buf[4] - '0' : 1;
	if (h->version < 1 || h->version > 9)
		return -1;
	h->isutcnt = be32(buf + 20);
	h->isstdcnt = be32(buf + 24);
	h->leapcnt = be32(buf + 28);
	h->timecnt = be32(buf + 32);
	h->typecnt = be32(buf + 36);
	h->charcnt = be32(buf + 40);
	if (!h->typecnt || h->typecnt > 256 ||
	    (h->isutcnt && h->isutcnt != h->typecnt) ||
	    (h->isstdcnt && h->isstdcnt != h->typecnt))
		return -1;
	return 0;
}

/* The size of a data block whose times are `tsize` bytes. */
static size_t block_size(const struct tzif_header *h, size_t tsize)
{
	return h->timecnt * (tsize + 1) + h->typecnt * 6 + h->charcnt +
	       h->leapcnt * (tsize + 4) + h->isstdcnt + h->isutcnt;
}

static const char *read_block(struct wl_tz *tz, const struct tzif_header *h,
			      const unsigned char *p, size_t tsize)
{
	size_t i;

	tz->nr_times = h->timecnt;
	tz->nr_types = h->typecnt;
	tz->times = wl_xcalloc(h->timecnt + 1, sizeof(*tz->times));
	tz->idx = wl_xcalloc(h->timecnt + 1, 1);
	tz->types = wl_xcalloc(h->typecnt, sizeof(*tz->types));
	for (i = 0; i < h->timecnt; i++) {
		tz->times[i] = be_time(p + i * tsize, tsize);
		if (i && tz->times[i] <= tz->times[i - 1])
			return "transitions out of order";
	}
	p += h->timecnt * tsize;
	for (i = 0; i < h->timecnt; i++) {
		tz->idx[i] = p[i];
		if (p[i] >= h->typecnt)
			return "a transition to no time type";
	}
	p += h->timecnt;
	for (i = 0; i < h->typecnt; i++, p += 6) {
		tz->types[i].utoff = (int32_t)be32(p);
		tz->types[i].isdst = p[4];
		if (tz->types[i].utoff <= -MAX_OFFSET ||
		    tz->types[i].utoff >= MAX_OFFSET)
			return "an offset from UTC out of range";
	}
	return NULL;
}

/* The footer of version 2+: "\n" POSIX-TZ "\n". */
static const char *read_footer(struct wl_tz *tz, const unsigned char *p,
			       size_t len)
{
	const unsigned char *nl;
	char rule[128];
	size_t n;

	if (!len || p[0] != '\n')
		return "no footer";
	nl = memchr(p + 1, '\n', len - 1);
	if (!nl)
		return "an unterminated footer";
	n = (size_t)(nl - p - 1);
	if (!n)
		return NULL;
	if (n >= sizeof(rule) || memchr(p + 1, '\0', n))
		return "a footer that is not a TZ string";
	memcpy(rule, p + 1, n);
	rule[n] = '\0';
	if (parse_rule(&tz->rule, rule) < 0)
		return "a footer that is not a TZ string";
	tz->has_rule = 1;
	return NULL;
}

int wl_tz_parse(struct wl_tz **out, const char *name,
		const unsigned char *buf, size_t len, char **err)
{
	struct tzif_header h;
	struct wl_tz *tz = tz_new(name);
	const char *why = "not a TZif file";
	size_t size, tsize = 4;

	*out = NULL;
	if (read_header(&h, buf, len) < 0)
		goto fail;
	size = block_size(&h, 4);
	if (h.version >= 2) {
		/* Skip the 32-bit data to the 64-bit header and data. */
		if (len - 44 < size || read_header(&h, buf + 44 + size,
						   len - 44 - size) < 0)
			goto fail;
		buf += 44 + size;
		len -= 44 + size;
		tsize = 8;
		size = block_size(&h, 8);
	}
	why = "a truncated file";
	if (len - 44 < size)
		goto fail;
	why = read_block(tz, &h, buf + 44, tsize);
	if (!why && h.version >= 2)
		why = read_footer(tz, buf + 44 + size, len - 44 - size);
	if (why)
		goto fail;
	*out = tz;
	return 0;
fail:
	*err = wl_xprintf("time zone '%s' is not valid: %s", name, why);
	wl_tz_free(tz);
	return -1;
}

/* ---- loading ------------------------------------------------------------ */

int wl_tz_name_valid(const char *name)
{
	size_t i, run = 0;

	if (strlen(name) > TZ_NAME_MAX)
		return 0;
	for (i = 0; name[i]; i++) {
		char c = name[i];

		if (c == '/') {
			if (!run)
				return 0;
			run = 0;
		} else if (is_digit((unsigned char)c) || c == '_' || c == '+' ||
			   c == '-' || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) {
			run++;
		} else {
			return 0;
		}
	}
	return run > 0;
}

/* Reads a regular file of at most TZ_FILE_MAX bytes. Returns 0, or -1
 * with errno set (EFBIG when it is larger). */
static int read_small_file(unsigned char **out, size_t *len,
			   const char *path)
{
	struct stat st;
	unsigned char *buf = NULL;
	size_t got = 0;
	int fd, saved, ret = -1;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		goto done;
	if (!S_ISREG(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		goto done;
	}
	if (st.st_size > TZ_FILE_MAX) {
		errno = EFBIG;
		goto done;
	}
	buf = wl_xmalloc((size_t)st.st_size + 1);
	while (got <= (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size + 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto done;
		if (!n)
			break;
		got += (size_t)n;
	}
	if (got > (size_t)st.st_size) {
		/* It grew while it was read. */
		errno = EFBIG;
		goto done;
	}
	*out = buf;
	*len = got;
	buf = NULL;
	ret = 0;
done:
	saved = errno;
	free(buf);
	close(fd);
	errno = saved;
	return ret;
}

static int load_file(struct wl_tz **out, const char *name, const char *path,
		     char **err)
{
	unsigned char *buf;
	size_t len;
	int ret;

	if (read_small_file(&buf, &len, path) < 0) {
		*err = wl_xprintf("cannot read time zone '%s': %s", name,
				  strerror(errno));
		return -1;
	}
	ret = wl_tz_parse(out, name, buf, len, err);
	free(buf);
	return ret;
}

static int is_utc_name(const char *name)
{
	return !strcmp(name, "UTC") || !strcmp(name, "Etc/UTC");
}

static int load_named(struct wl_tz **out, const char *name, char **err)
{
	const char *dir = getenv("TZDIR");
	char *path;
	int ret;

	*out = NULL;
	if (!wl_tz_name_valid(name)) {
		*err = wl_xprintf("'%s' is not a time zone name (like Asia/Shanghai)",
				  name);
		return -1;
	}
	path = wl_xprintf("%s/%s", dir && *dir ? dir : TZ_DEFAULT_DIR, name);
	if (access(path, F_OK) < 0 && (errno == ENOENT || errno == ENOTDIR)) {
		free(path);
		if (is_utc_name(name)) {
			*out = tz_new(name);
			return 0;
		}
		*err = wl_xprintf("unknown time zone '%s'", name);
		return -1;
	}
	ret = load_file(out, name, path, err);
	free(path);
	return ret;
}

/* The name /etc/localtime links to, or "localtime". */
static char *localtime_name(void)
{
	char link[512];
	ssize_t n = readlink("/etc/localtime", link, sizeof(link) - 1);
	const char *z;

	if (n <= 0)
		return wl_xstrdup("localtime");
	link[n] = '\0';
	z = strstr(link, "zoneinfo/");
	return wl_xstrdup(z ? z + 9 : link);
}

/* The machine's zone; never fails, UTC when nothing says otherwise. */
static void load_machine(struct wl_tz **out)
{
	const char *env = getenv("TZ");
	char *err = NULL;

	*out = NULL;
	if (env) {
		if (*env == ':')
			env++;
		if (!*env)
			*out = tz_new("UTC");
		else if (*env == '/')
			load_file(out, env, env, &err);
		else if (load_named(out, env, &err) < 0) {
			/* Not a zone name: TZ=CST-8 and the like. */
			free(err);
			err = NULL;
			wl_tz_parse_posix(out, env, &err);
		}
	} else {
		char *name = localtime_name();

		if (load_file(out, name, "/etc/localtime", &err) < 0)
			*out = NULL;
		free(name);
	}
	free(err);
	if (!*out)
		*out = tz_new("UTC");
}

int wl_tz_load(struct wl_tz **out, const char *name, char **err)
{
	if (!name) {
		load_machine(out);
		return 0;
	}
	return load_named(out, name, err);
}

/* ---- asking ------------------------------------------------------------- */

long long wl_tz_offset(const struct wl_tz *tz, long long t)
{
	size_t lo = 0, hi;

	if (!tz)
		return 0;
	if (!tz->nr_times || t >= tz->times[tz->nr_times - 1]) {
		if (tz->has_rule)
			return rule_offset(&tz->rule, t);
		if (!tz->nr_times)
			return tz->nr_types ? tz->types[0].utoff : 0;
	}
	if (t < tz->times[0])
		return tz->types[0].utoff;
	/* The last transition at or before t. */
	hi = tz->nr_times;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (tz->times[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return tz->types[tz->idx[lo]].utoff;
}

long long wl_tz_day(const struct wl_tz *tz, long long t)
{
	return wl_time_day(t, wl_tz_offset(tz, t));
}

long long wl_tz_day_start(const struct wl_tz *tz, long long day)
{
	long long midnight = day * 86400, t, lo, hi;

	t = midnight - wl_tz_offset(tz, midnight);
	t = midnight - wl_tz_offset(tz, t);
	if (wl_tz_day(tz, t) == day && wl_tz_day(tz, t - 1) < day)
		return t;
	/* A gap swallowed midnight: the first second of the day. */
	lo = midnight - MAX_OFFSET - 1;
	hi = midnight + MAX_OFFSET;
	while (hi - lo > 1) {
		long long mid = lo + (hi - lo) / 2;

		if (wl_tz_day(tz, mid) >= day)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}

int wl_today(long long *day, const struct wl_tz *tz, const char *override)
{
	if (override)
		return wl_day_parse(day, override, strlen(override));
	*day = wl_tz_day(tz, (long long)time(NULL));
	return 0;
}

long long wl_now(const struct wl_tz *tz, long long today, int given)
{
	return given ? wl_tz_day_start(tz, today + 1) - 1 : (long long)time(NULL);
}
