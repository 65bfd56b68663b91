#include <stdlib.h>
#include <stddef.h>
#include <fnmatch.h>
#include <string.h>

#include "glob.h"
#include "util.h"

#include "../banned.h"

/* Matches one segment (no '/') of pattern against one of path. */
static int segment_match(const char *pat, size_t plen, const char *s,
			 size_t slen)
{
	char pbuf[256], sbuf[256];
	char *pp = pbuf, *sp = sbuf;
	int ret;

	if (plen >= sizeof(pbuf))
		pp = wl_xmalloc(plen + 1);
	if (slen >= sizeof(sbuf))
		sp = wl_xmalloc(slen + 1);
	memcpy(pp, pat, plen);
	pp[plen] = '\0';
	memcpy(sp, s, slen);
	sp[slen] = '\0';
	ret = fnmatch(pp, sp, FNM_PERIOD) == 0;
	if (pp != pbuf)
		free(pp);
	if (sp != sbuf)
		free(sp);
	return ret;
}

static int match_from(const char *pat, const char *path)
{
	for (;;) {
		const char *pe = strchr(pat, '/');
		const char *se = strchr(path, '/');
		size_t plen = pe ? (size_t)(pe - pat) : strlen(pat);
		size_t slen = se ? (size_t)(se - path) : strlen(path);

		if (plen == 2 && !memcmp(pat, "**", 2)) {
			if (!pe)
				return 1; /* trailing ** matches the rest */
			/* Zero segments, or swallow one and try again. */
			for (;;) {
				if (match_from(pe + 1, path))
					return 1;
				se = strchr(path, '/');
				if (!se)
					return 0;
				path = se + 1;
			}
		}
		if (!segment_match(pat, plen, path, slen))
			return 0;
		if (!pe && !se)
			return 1;
		if (!pe || !se)
			return 0;
		pat = pe + 1;
		path = se + 1;
	}
}

int wl_glob_match(const char *pattern, const char *path)
{
	if (pattern[0] == '.' && pattern[1] == '/')
		pattern += 2;
	if (path[0] == '.' && path[1] == '/')
		path += 2;
	return match_from(pattern, path);
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
