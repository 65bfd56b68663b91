#ifndef WL_REGEX_H
#define WL_REGEX_H

#include <stddef.h>

/*
 * The regular expressions of `pattern` and `patternProperties`: PCRE2 in
 * UTF mode with ECMA-262 flavoured options (`$` matches only at the end,
 * `\u` takes four hex digits, `\p{Letter}` and the other long Unicode
 * General_Category names are understood). Matching is an unanchored
 * search on code points. Only the schema validator uses this.
 */
struct wl_regex;

/*
 * Match state for one validation; not shared between threads. PCRE2's
 * small blocks come from `mem`, so a validation that lives on the stack
 * does not touch the heap to match (larger blocks fall back to malloc).
 */
struct wl_regex_scratch {
	void *gctx;         /* pcre2_general_context *, made on first use */
	void *match_data;   /* pcre2_match_data * */
	size_t used;
	union {
		max_align_t align;
		unsigned char bytes[512];
	} mem;
};
#define WL_REGEX_SCRATCH_INIT { NULL, NULL, 0, { 0 } }

/*
 * Compiles `pattern` (`len` bytes). Returns 0 and sets *out (freed with
 * wl_regex_free), or -1 and sets *msg to a newly allocated description
 * of the problem and *offset to its byte offset in the pattern.
 */
int wl_regex_compile(struct wl_regex **out, const char *pattern, size_t len,
		     char **msg, size_t *offset);
void wl_regex_free(struct wl_regex *re);

/*
 * Searches `s` (`len` bytes) for a match. Returns 1 if found, 0 if not,
 * -1 if the search gave up (PCRE2's match or depth limit, or a subject
 * that is not valid UTF-8).
 */
int wl_regex_search(const struct wl_regex *re, const char *s, size_t len,
		    struct wl_regex_scratch *scratch);
void wl_regex_scratch_release(struct wl_regex_scratch *scratch);

#endif
