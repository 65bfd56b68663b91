#ifndef WL_GLOB_H
#define WL_GLOB_H

#include <stddef.h>

/*
 * Path globs as in .worklog.yaml: `*` and `?` match within one path
 * segment, `[...]` is a character class, and a segment that is exactly
 * `**` matches any number of segments, none included. Paths are relative
 * and use `/`. Returns 1 on a match, 0 otherwise.
 */
int wl_glob_match(const char *pattern, const char *path);
/* Returns 1 if `path` matches one of the `nr` patterns, 0 otherwise. */
int wl_glob_match_any(const char *const *patterns, size_t nr,
		      const char *path);

/*
 * Returns the length of the pattern's literal leading directory ("records/logs"
 * for "records/logs/x-?.md"), so a walk can start there; 0 if none.
 */
size_t wl_glob_prefix(const char *pattern);

#endif
