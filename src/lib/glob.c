/*
 * Path globs in linear time. Both levels, the characters of a segment
 * and the segments of a path, are matched with the classic two-pointer
 * wildcard algorithm: on a mismatch only the latest star is retried with
 * one more element, never an earlier one, since whatever an earlier star
 * could swallow the latest one can too. So a match costs at most
 * (pattern length) x (path length) steps whatever the pattern, where
 * trying every split of every `*` and `**` (as fnmatch and the recursive
 * matcher before this one did) is exponential in the number of stars.
 *
 * Segments follow fnmatch(3) with FNM_PERIOD in the C locale: bytes, `*`,
 * `?`, bracket expressions with ranges, `!` or `^`, and `[:class:]`,
 * `[.c.]`, `[=c=]`; a backslash quotes the next byte; a segment's leading
 * `.` is matched only by a `.` in the pattern.
 */
#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include "glob.h"

#include "../banned.h"

/* A pattern or path segment: bytes up to '/' or the end. */
struct span {
	const char *s;
	size_t len;
};

static const struct {
	const char *name;
	int (*is)(int);
} classes[] = {
	{ "alnum", isalnum }, { "alpha", isalpha }, { "blank", isblank },
	{ "cntrl", iscntrl }, { "digit", isdigit }, { "graph", isgraph },
	{ "lower", islower }, { "print", isprint }, { "punct", ispunct },
	{ "space", isspace }, { "upper", isupper }, { "xdigit", isxdigit },
};

/*
 * The length of the special element at p[i] of a bracket expression:
 * `[:name:]` (a name of letters a to y, as glibc reads it), `[.c.]` or
 * `[=c=]`; 0 if there is none, and then `[` is an ordinary member.
 */
static size_t special_len(const char *p, size_t len, size_t i)
{
	size_t j;

	if (p[i] != '[' || i + 1 >= len)
		return 0;
	if (p[i + 1] == '.' || p[i + 1] == '=')
		return i + 4 < len && p[i + 3] == p[i + 1] &&
		       p[i + 4] == ']' ? 5 : 0;
	if (p[i + 1] != ':')
		return 0;
	for (j = i + 2; j < len && p[j] >= 'a' && p[j] < 'z'; j++)
		;
	return j + 1 < len && p[j] == ':' && p[j + 1] == ']' ? j + 2 - i : 0;
}

/*
 * Reads one element of the bracket expression p[..end) at p[*i]: a
 * byte, a quoted byte, `[.c.]` or `[=c=]` (the byte c), or a class
 * `[:name:]` (*cls set). Returns -1 for an unknown class name or a
 * malformed `[.`, which makes the whole segment match nothing, as with
 * fnmatch.
 */
static int bracket_elem(const char *p, size_t end, size_t *i,
			unsigned char *c, int (**cls)(int))
{
	size_t n = special_len(p, end, *i), k;

	*cls = NULL;
	if (n == 5) {
		*c = (unsigned char)p[*i + 2];
		*i += n;
		return 0;
	}
	if (n) {
		for (k = 0; k < sizeof(classes) / sizeof(*classes); k++)
			if (strlen(classes[k].name) == n - 4 &&
			    !memcmp(classes[k].name, p + *i + 2, n - 4)) {
				*cls = classes[k].is;
				*i += n;
				return 0;
			}
		return -1;
	}
	/* glibc takes `[.` for a collating symbol, even a broken one. */
	if (p[*i] == '[' && *i + 1 < end && p[*i + 1] == '.')
		return -1;
	if (p[*i] == '\\' && *i + 1 < end)
		(*i)++;
	*c = (unsigned char)p[(*i)++];
	return 0;
}

/*
 * The bracket expression starting at pat[at] == '[': returns the index
 * just past its `]`, or 0 if there is none (the `[` is then an ordinary
 * byte). `]` right after `[`, `[!` or `[^` is a member, and a `]` inside
 * `[:...:]` and the like does not close.
 */
static size_t bracket_end(const char *p, size_t len, size_t at)
{
	size_t i = at + 1, n;

	if (i < len && (p[i] == '!' || p[i] == '^'))
		i++;
	if (i < len && p[i] == ']')
		i++;
	while (i < len && p[i] != ']') {
		if (p[i] == '\\' && i + 1 < len)
			i += 2;
		else if ((n = special_len(p, len, i)))
			i += n;
		else
			i++;
	}
	return i < len ? i + 1 : 0;
}

/*
 * Is byte `c` in the bracket expression p[at] == '[' whose closing `]`
 * is p[end]? A malformed element makes it match nothing.
 */
static int bracket_match(const char *p, size_t at, size_t end,
			 unsigned char c)
{
	size_t i = at + 1, first;
	int in = 0, negate;

	negate = p[i] == '!' || p[i] == '^';
	i += negate;
	first = i;
	/* A `]` first is a member; it may start a range like any other. */
	while (i < end) {
		unsigned char lo, hi;
		int (*cls)(int), (*hcls)(int);

		if (i == first && p[i] == ']')
			lo = ']', cls = NULL, i++;
		else if (bracket_elem(p, end, &i, &lo, &cls) < 0)
			return 0;
		if (cls) {
			in |= cls(c) != 0;
			continue;
		}
		if (i + 1 < end && p[i] == '-') {
			i++;
			if (bracket_elem(p, end, &i, &hi, &hcls) < 0 || hcls)
				return 0;
			in |= lo <= c && c <= hi;
			continue;
		}
		in |= c == lo;
	}
	return in != negate;
}

/*
 * Matches the pattern element at pat[*pi] against byte c, and moves *pi
 * past it. The element is not `*`. A `[` that never closes is an
 * ordinary byte (where glibc's fnmatch has quirks of its own).
 */
static int elem_match(struct span pat, size_t *pi, unsigned char c)
{
	const char *p = pat.s;
	size_t i = *pi, end;

	if (p[i] == '?') {
		*pi = i + 1;
		return 1;
	}
	if (p[i] == '[' && (end = bracket_end(p, pat.len, i))) {
		*pi = end;
		return bracket_match(p, i, end - 1, c);
	}
	if (p[i] == '\\' && i + 1 < pat.len)
		i++;
	*pi = i + 1;
	return (unsigned char)p[i] == c;
}

/*
 * One pattern segment against one path segment. A trailing lone
 * backslash never matches (fnmatch calls the pattern invalid).
 */
static int segment_match(struct span pat, struct span str)
{
	size_t pi = 0, si = 0, star_p = 0, star_s = 0;
	int star = 0;

	if (pat.len && pat.s[pat.len - 1] == '\\') {
		size_t n = 0;

		while (n < pat.len && pat.s[pat.len - 1 - n] == '\\')
			n++;
		if (n % 2)
			return 0;
	}
	/* FNM_PERIOD: only an explicit `.` matches a leading one. */
	if (str.len && str.s[0] == '.') {
		size_t at = pat.len && pat.s[0] == '\\' ? 1 : 0;

		if (at >= pat.len || pat.s[at] != '.')
			return 0;
		pi = at + 1;
		si = 1;
	}
	while (si < str.len) {
		size_t next = pi;

		if (pi < pat.len && pat.s[pi] == '*') {
			star = 1;
			star_p = ++pi;
			star_s = si;
			continue;
		}
		if (pi < pat.len &&
		    elem_match(pat, &next, (unsigned char)str.s[si])) {
			pi = next;
			si++;
			continue;
		}
		if (!star)
			return 0;
		/* The latest star takes one more byte; retry after it. */
		pi = star_p;
		si = ++star_s;
	}
	while (pi < pat.len && pat.s[pi] == '*')
		pi++;
	return pi == pat.len;
}

/* The segment of `s` starting at `at`; *next is past its '/', or past
 * the end when it is the last. */
static struct span segment_at(const char *s, size_t at, size_t *next)
{
	struct span sp;
	const char *slash = strchr(s + at, '/');

	sp.s = s + at;
	sp.len = slash ? (size_t)(slash - sp.s) : strlen(sp.s);
	*next = slash ? (size_t)(slash - s) + 1 : at + sp.len + 1;
	return sp;
}

static int is_double_star(struct span sp)
{
	return sp.len == 2 && sp.s[0] == '*' && sp.s[1] == '*';
}

/*
 * The segments of the path against those of the pattern: a pattern
 * segment matches one path segment, a `**` segment any number of them,
 * none included, but a trailing `**` at least one (so "records" itself
 * is not under "records" followed by a `**`). The classic algorithm
 * again, on segments: the latest `**` is the only one ever retried.
 */
int wl_glob_match(const char *pattern, const char *path)
{
	size_t plen, slen, pi = 0, si = 0, star_p = 0, star_s = 0;
	int star = 0;

	if (pattern[0] == '.' && pattern[1] == '/')
		pattern += 2;
	if (path[0] == '.' && path[1] == '/')
		path += 2;
	plen = strlen(pattern);
	slen = strlen(path);
	while (si <= slen) {
		size_t pnext, snext;
		struct span ps, ss = segment_at(path, si, &snext);

		if (pi <= plen) {
			ps = segment_at(pattern, pi, &pnext);
			if (is_double_star(ps) && pnext <= plen) {
				star = 1;
				star_p = pi = pnext;
				star_s = si;
				continue;
			}
			/* A trailing `**` takes this segment and the rest. */
			if (is_double_star(ps))
				return 1;
			if (segment_match(ps, ss)) {
				pi = pnext;
				si = snext;
				continue;
			}
		}
		if (!star)
			return 0;
		pi = star_p;
		si = star_s;
		segment_at(path, si, &star_s);
		si = star_s;
	}
	return pi > plen;
}

size_t wl_glob_prefix(const char *pattern)
{
	size_t last = 0, i;

	for (i = 0; pattern[i]; i++) {
		if (strchr("*?[\\", pattern[i]))
			return last;
		if (pattern[i] == '/')
			last = i;
	}
	return last;
}

int wl_glob_match_any(const char *const *patterns, size_t nr,
		      const char *path)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (wl_glob_match(patterns[i], path))
			return 1;
	return 0;
}
