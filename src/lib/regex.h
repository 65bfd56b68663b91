#ifndef WL_REGEX_H
#define WL_REGEX_H

#include <stddef.h>

/*
 * The regular expressions of `pattern` and `patternProperties`: PCRE2 in
 * UTF mode with ECMA-262 flavoured options (`$` matches only at the end,
 * `\u` takes four hex digits, `\p{Letter}` and the other long Unicode
 * General_Category names are understood). Matching is an unanchored
 * search on code points. Only the schema validator uses this.
 *
 * Patterns come from schemas a repository (or a pusher) writes, so the
 * cost of each is bounded. Compiling: at most WL_REGEX_MAX_PATTERN bytes
 * and WL_REGEX_MAX_NESTING nested groups (PCRE2's compiled form is at
 * most 64 KiB). Matching is counted in steps: one step per pattern item
 * tried at a subject position (PCRE2's automatic callouts; one more for
 * each 8 capture groups of the pattern, which every backtracking point
 * copies), plus one per subject character the match moved over since the
 * item before, plus 1 + length / 64 for each search. Unlike PCRE2's own match limit, which
 * starts again at each start position, this bounds a whole search: a
 * backtracking blow-up, a quadratic rescan and a long subject all count.
 * A step costs at most some tens of nanoseconds (JIT or not).
 */
struct wl_regex;

#define WL_REGEX_MAX_PATTERN 4096      /* bytes of one pattern */
#define WL_REGEX_MAX_NESTING 64        /* nested parentheses */
#define WL_REGEX_HEAP_KIB (16 * 1024)  /* backtracking memory of a search */

/* Limits on matching, in steps; 0 takes the default. */
struct wl_regex_limits {
	unsigned long long match_steps;  /* one search */
	unsigned long long total_steps;  /* all searches through one scratch */
};
#define WL_REGEX_MATCH_STEPS 1000000ULL
#define WL_REGEX_TOTAL_STEPS 10000000ULL

/*
 * Match state for one validation (one record); not shared between
 * threads. It counts the steps of its searches against its limits.
 * PCRE2's small blocks come from `mem`, so a validation that lives on
 * the stack does not touch the heap to match (larger blocks fall back to
 * malloc).
 */
struct wl_regex_scratch {
	void *gctx;         /* pcre2_general_context *, made on first use */
	void *match_data;   /* pcre2_match_data * */
	void *mctx;         /* pcre2_match_context * */
	struct wl_regex_limits limits;
	unsigned long long used;    /* steps of every search so far */
	unsigned long long search;  /* steps of the current search */
	size_t start, last;         /* the current attempt, its last position */
	int why;                    /* which limit stopped the search */
	unsigned weight;            /* steps an item of this search costs */
	size_t mem_used;
	union {
		max_align_t align;
		unsigned char bytes[768];
	} mem;
};
#define WL_REGEX_SCRATCH_INIT { 0 }

/* Results of wl_regex_search. */
enum wl_regex_result {
	WL_REGEX_NOMATCH = 0,
	WL_REGEX_MATCH = 1,
	WL_REGEX_TOO_COMPLEX = -1, /* the search passed limits.match_steps */
	WL_REGEX_SPENT = -2,       /* the scratch passed limits.total_steps;
				      every later search returns this too */
	WL_REGEX_ERROR = -3,       /* the subject is not valid UTF-8 */
	WL_REGEX_TOO_DEEP = -4,    /* the search needed more than
				      WL_REGEX_HEAP_KIB of backtracking
				      memory (each capture group makes
				      every backtracking point larger) */
};

enum wl_regex_flags {
	WL_REGEX_JIT = 1 << 0,     /* also compile to machine code */
};

/*
 * Compiles `pattern` (`len` bytes). Returns 0 and sets *out (freed with
 * wl_regex_free), or -1 and sets *msg to a newly allocated description
 * of the problem and *offset to its byte offset in the pattern.
 */
int wl_regex_compile(struct wl_regex **out, const char *pattern, size_t len,
		     unsigned flags, char **msg, size_t *offset);
/* Returns the size in bytes of the compiled pattern (the JIT's cost). */
size_t wl_regex_size(const struct wl_regex *re);
void wl_regex_free(struct wl_regex *re);

/*
 * Sets the limits of the searches through `scratch` (before the first;
 * a scratch without them uses the defaults).
 */
void wl_regex_scratch_limits(struct wl_regex_scratch *scratch,
			     const struct wl_regex_limits *limits);

/* Searches `s` (`len` bytes) for a match. Returns a wl_regex_result. */
int wl_regex_search(const struct wl_regex *re, const char *s, size_t len,
		    struct wl_regex_scratch *scratch);
/* Returns the limit a WL_REGEX_TOO_COMPLEX or WL_REGEX_SPENT passed. */
unsigned long long wl_regex_limit(const struct wl_regex_scratch *scratch,
				  int result);
void wl_regex_scratch_release(struct wl_regex_scratch *scratch);

#endif
