/*
 * libFuzzer entry point for path globs: the input is a pattern and a
 * path, separated by the first newline. wl_glob_match must answer in
 * (pattern x path) time whatever the stars (libFuzzer's -timeout and
 * the slow-unit report catch a blow-up), and must agree with the
 * straightforward matcher it replaced: recursion over every split of
 * `**`, fnmatch(3) with FNM_PERIOD per segment. That one is exponential,
 * so it is asked only about patterns with a few stars; and it is asked
 * only when each `[` of the pattern opens a bracket expression that
 * closes, plainly (glibc has quirks of its own for the others).
 *
 *   make fuzz && build/fuzz/fuzz_glob tests/fuzz/corpus/fuzz_glob
 */
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glob.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int ref_segment(const char *pat, size_t plen, const char *s,
		       size_t slen)
{
	char *p = wl_xmalloc(plen + 1), *t = wl_xmalloc(slen + 1);
	int ret;

	memcpy(p, pat, plen);
	p[plen] = '\0';
	memcpy(t, s, slen);
	t[slen] = '\0';
	ret = fnmatch(p, t, FNM_PERIOD) == 0;
	free(p);
	free(t);
	return ret;
}

/* The matcher before the linear one (glob.c's history). */
static int ref_match(const char *pat, const char *path)
{
	for (;;) {
		const char *pe = strchr(pat, '/');
		const char *se = strchr(path, '/');
		size_t plen = pe ? (size_t)(pe - pat) : strlen(pat);
		size_t slen = se ? (size_t)(se - path) : strlen(path);

		if (plen == 2 && !memcmp(pat, "**", 2)) {
			if (!pe)
				return 1;
			for (;;) {
				if (ref_match(pe + 1, path))
					return 1;
				se = strchr(path, '/');
				if (!se)
					return 0;
				path = se + 1;
			}
		}
		if (!ref_segment(pat, plen, path, slen))
			return 0;
		if (!pe && !se)
			return 1;
		if (!pe || !se)
			return 0;
		pat = pe + 1;
		path = se + 1;
	}
}

/* Few stars, and every bracket plain and closed. */
static int comparable(const char *p)
{
	size_t i, j, len = strlen(p), stars = 0;

	for (i = 0; i < len; i++) {
		if (p[i] == '*')
			stars++;
		if (p[i] == '\\') {
			i++;
			continue;
		}
		if (p[i] != '[')
			continue;
		j = i + 1;
		if (j < len && (p[j] == '!' || p[j] == '^'))
			j++;
		if (j < len && p[j] == ']')
			j++;
		while (j < len && p[j] != ']') {
			if (p[j] == '\\' || p[j] == '[')
				return 0;
			j++;
		}
		if (j >= len)
			return 0;
		i = j;
	}
	return stars <= 6 && len <= 64;
}

/* As wl_glob_match reads them: without a leading "./". */
static const char *strip_dot(const char *s)
{
	return s[0] == '.' && s[1] == '/' ? s + 2 : s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = wl_xmalloc(size + 1), *path;
	int m;

	memcpy(buf, data, size);
	buf[size] = '\0';
	if (strlen(buf) != size)
		goto done; /* a NUL inside: not a C string */
	path = strchr(buf, '\n');
	if (!path)
		goto done;
	*path++ = '\0';
	m = wl_glob_match(buf, path);
	if (m != 0 && m != 1)
		abort();
	wl_glob_prefix(buf);
	if (comparable(buf) && strlen(path) <= 64 &&
	    m != ref_match(strip_dot(buf), strip_dot(path))) {
		fprintf(stderr, "fuzz_glob: '%s' against '%s': %d, fnmatch says %d\n",
			buf, path, m, !m);
		abort();
	}
done:
	free(buf);
	return 0;
}
