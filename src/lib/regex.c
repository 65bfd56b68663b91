#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "regex.h"
#include "util.h"

#include "../banned.h"

struct wl_regex {
	pcre2_code *code;
	unsigned weight;   /* steps an item costs (regex.h) */
};

/* PCRE2 allocates through wl_xmalloc, so running out of memory aborts
 * with a message like everywhere else. */
static void *px_malloc(PCRE2_SIZE n, void *data)
{
	return wl_xmalloc(n ? n : 1);
}

static void px_free(void *p, void *data)
{
	free(p);
}

/* ECMA-262 writes General_Category values long; PCRE2 wants them short. */
static const char *const gc_names[][2] = {
	{ "Cased_Letter", "L&" }, { "Close_Punctuation", "Pe" },
	{ "Connector_Punctuation", "Pc" }, { "Control", "Cc" },
	{ "Currency_Symbol", "Sc" }, { "Dash_Punctuation", "Pd" },
	{ "Decimal_Number", "Nd" }, { "Enclosing_Mark", "Me" },
	{ "Final_Punctuation", "Pf" }, { "Format", "Cf" },
	{ "Initial_Punctuation", "Pi" }, { "Letter", "L" },
	{ "Letter_Number", "Nl" }, { "Line_Separator", "Zl" },
	{ "Lowercase_Letter", "Ll" }, { "Mark", "M" },
	{ "Math_Symbol", "Sm" }, { "Modifier_Letter", "Lm" },
	{ "Modifier_Symbol", "Sk" }, { "Nonspacing_Mark", "Mn" },
	{ "Number", "N" }, { "Open_Punctuation", "Ps" }, { "Other", "C" },
	{ "Other_Letter", "Lo" }, { "Other_Number", "No" },
	{ "Other_Punctuation", "Po" }, { "Other_Symbol", "So" },
	{ "Paragraph_Separator", "Zp" }, { "Private_Use", "Co" },
	{ "Punctuation", "P" }, { "Separator", "Z" },
	{ "Space_Separator", "Zs" }, { "Spacing_Mark", "Mc" },
	{ "Surrogate", "Cs" }, { "Symbol", "S" },
	{ "Titlecase_Letter", "Lt" }, { "Unassigned", "Cn" },
	{ "Uppercase_Letter", "Lu" }, { "digit", "Nd" },
};

static void add_property(struct wl_buf *out, const char *name, size_t len)
{
	const char *eq = memchr(name, '=', len);
	size_t i;

	if (eq) {
		/* gc=Letter, Script=Greek: PCRE2 takes the bare value. */
		len -= eq + 1 - name;
		name = eq + 1;
	}
	for (i = 0; i < sizeof(gc_names) / sizeof(*gc_names); i++) {
		if (strlen(gc_names[i][0]) == len &&
		    !memcmp(gc_names[i][0], name, len)) {
			wl_buf_addstr(out, gc_names[i][1]);
			return;
		}
	}
	wl_buf_add(out, name, len);
}

/* Rewrites \p{Long_Name} to what PCRE2 understands; the rest is kept. */
static void translate(struct wl_buf *out, const char *p, size_t len)
{
	size_t i = 0;

	wl_buf_add(out, "", 0);
	while (i < len) {
		const char *close;

		if (p[i] != '\\' || i + 1 >= len) {
			wl_buf_addch(out, p[i++]);
			continue;
		}
		if ((p[i + 1] != 'p' && p[i + 1] != 'P') || i + 2 >= len ||
		    p[i + 2] != '{' ||
		    !(close = memchr(p + i + 3, '}', len - i - 3))) {
			wl_buf_add(out, p + i, 2);
			i += 2;
			continue;
		}
		wl_buf_add(out, p + i, 3);
		add_property(out, p + i + 3, close - (p + i + 3));
		wl_buf_addch(out, '}');
		i = close - p + 1;
	}
}

/*
 * The compile context of every pattern: nesting and length bounded, so
 * compiling costs little (PCRE2 limits the compiled form to 64 KiB too).
 */
static pcre2_compile_context *compile_context(pcre2_general_context *gc)
{
	pcre2_compile_context *cc = pcre2_compile_context_create(gc);

	pcre2_set_parens_nest_limit(cc, WL_REGEX_MAX_NESTING);
	/* \p{Long_Name} becomes shorter; nothing grows much. */
	pcre2_set_max_pattern_length(cc, 2 * WL_REGEX_MAX_PATTERN);
	return cc;
}

int wl_regex_compile(struct wl_regex **out, const char *pattern, size_t len,
		     unsigned flags, char **msg, size_t *offset)
{
	struct wl_buf tr = WL_BUF_INIT;
	pcre2_general_context *gc;
	pcre2_compile_context *cc;
	PCRE2_UCHAR text[256];
	PCRE2_SIZE erroff = 0;
	int errcode = 0;
	uint32_t captures = 0;
	pcre2_code *code;

	*out = NULL;
	*msg = NULL;
	*offset = 0;
	if (len > WL_REGEX_MAX_PATTERN) {
		*msg = wl_xprintf("the pattern is longer than %d bytes",
				  WL_REGEX_MAX_PATTERN);
		*offset = WL_REGEX_MAX_PATTERN;
		return -1;
	}
	translate(&tr, pattern, len);
	gc = pcre2_general_context_create(px_malloc, px_free, NULL);
	cc = compile_context(gc);
	/* Automatic callouts count the steps of a search (regex.h). */
	code = pcre2_compile((PCRE2_SPTR)tr.buf, tr.len,
			     PCRE2_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_ALT_BSUX |
				     PCRE2_AUTO_CALLOUT,
			     &errcode, &erroff, cc);
	pcre2_compile_context_free(cc);
	pcre2_general_context_free(gc);
	wl_buf_release(&tr);
	if (!code) {
		if (pcre2_get_error_message(errcode, text, sizeof(text)) < 0)
			*msg = wl_xprintf("error %d", errcode);
		else
			*msg = wl_xstrdup((const char *)text);
		*offset = erroff;
		return -1;
	}
	/* JIT is an optimisation; without it matching still works. */
	if (flags & WL_REGEX_JIT)
		pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	*out = wl_xmalloc(sizeof(**out));
	(*out)->code = code;
	/*
	 * The interpreter copies the captures set so far into each
	 * backtracking point (16 bytes a group): with a thousand groups an
	 * item costs microseconds, not nanoseconds.
	 */
	pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &captures);
	(*out)->weight = 1 + captures / 8;
	return 0;
}

size_t wl_regex_size(const struct wl_regex *re)
{
	size_t size = 0;

	pcre2_pattern_info(re->code, PCRE2_INFO_SIZE, &size);
	return size;
}

void wl_regex_free(struct wl_regex *re)
{
	if (!re)
		return;
	pcre2_code_free(re->code);
	free(re);
}

static void *scratch_malloc(PCRE2_SIZE n, void *data)
{
	struct wl_regex_scratch *sc = data;
	size_t need = (n + sizeof(max_align_t) - 1) &
		      ~(sizeof(max_align_t) - 1);

	if (need <= sizeof(sc->mem.bytes) - sc->mem_used) {
		void *p = sc->mem.bytes + sc->mem_used;

		sc->mem_used += need;
		return p;
	}
	return wl_xmalloc(n ? n : 1);
}

static void scratch_free(void *p, void *data)
{
	struct wl_regex_scratch *sc = data;
	unsigned char *b = p;

	if (b >= sc->mem.bytes && b < sc->mem.bytes + sizeof(sc->mem.bytes))
		return;
	free(p);
}

/*
 * Counts a step at each pattern item (regex.h): 1, plus how far the
 * match moved in the subject since the item before. A new start position
 * begins where it is. Returning an error abandons the whole search.
 */
static int count_step(pcre2_callout_block *cb, void *data)
{
	struct wl_regex_scratch *sc = data;
	size_t pos = cb->current_position;
	unsigned long long cost = sc->weight;

	if (cb->start_match != sc->start) {
		sc->start = cb->start_match;
		sc->last = cb->start_match;
	}
	cost += pos > sc->last ? pos - sc->last : sc->last - pos;
	sc->last = pos;
	sc->search += cost;
	sc->used += cost;
	if (sc->used > sc->limits.total_steps) {
		sc->why = WL_REGEX_SPENT;
		return PCRE2_ERROR_CALLOUT;
	}
	if (sc->search > sc->limits.match_steps) {
		sc->why = WL_REGEX_TOO_COMPLEX;
		return PCRE2_ERROR_CALLOUT;
	}
	return 0;
}

void wl_regex_scratch_limits(struct wl_regex_scratch *scratch,
			     const struct wl_regex_limits *limits)
{
	scratch->limits = *limits;
}

static void scratch_setup(struct wl_regex_scratch *sc)
{
	pcre2_match_context *mc;
	uint32_t step_limit;

	if (!sc->limits.match_steps)
		sc->limits.match_steps = WL_REGEX_MATCH_STEPS;
	if (!sc->limits.total_steps)
		sc->limits.total_steps = WL_REGEX_TOTAL_STEPS;
	sc->gctx = pcre2_general_context_create(scratch_malloc, scratch_free,
						sc);
	/*
	 * One ovector pair is enough to learn whether there is a match, so
	 * one match block serves every pattern of a validation.
	 */
	sc->match_data = pcre2_match_data_create(1, sc->gctx);
	mc = pcre2_match_context_create(sc->gctx);
	pcre2_set_callout(mc, count_step, sc);
	step_limit = sc->limits.match_steps > UINT32_MAX ?
			     UINT32_MAX :
			     (uint32_t)sc->limits.match_steps;
	/*
	 * PCRE2's own limits, per start position, are a second guard: the
	 * JIT honours the match limit only (its stack is its own, 32 KiB,
	 * and running out of it sends the search to the interpreter); the
	 * interpreter honours all three, the heap limit bounding its
	 * backtracking memory.
	 */
	pcre2_set_match_limit(mc, step_limit);
	pcre2_set_depth_limit(mc, step_limit);
	pcre2_set_heap_limit(mc, WL_REGEX_HEAP_KIB);
	sc->mctx = mc;
}

static int run(const struct wl_regex *re, const char *s, size_t len,
	       struct wl_regex_scratch *sc, uint32_t options)
{
	sc->start = (size_t)-1;
	return pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, options,
			   sc->match_data, sc->mctx);
}

int wl_regex_search(const struct wl_regex *re, const char *s, size_t len,
		    struct wl_regex_scratch *sc)
{
	unsigned long long setup = 1 + len / 64;
	int rc;

	if (!sc->mctx)
		scratch_setup(sc);
	if (sc->why == WL_REGEX_SPENT)
		return WL_REGEX_SPENT;
	/* What a search costs before any item: finding where to start. */
	sc->why = 0;
	sc->search = setup;
	sc->used += setup;
	if (sc->used > sc->limits.total_steps) {
		sc->why = WL_REGEX_SPENT;
		return WL_REGEX_SPENT;
	}
	sc->weight = re->weight;
	rc = run(re, s, len, sc, 0);
	/* The JIT's stack is small and fixed; the interpreter's heap is
	 * bounded instead. */
	if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
		rc = run(re, s, len, sc, PCRE2_NO_JIT);
	/* rc == 0: matched, but the ovector was too small to hold groups. */
	if (rc >= 0)
		return WL_REGEX_MATCH;
	switch (rc) {
	case PCRE2_ERROR_NOMATCH:
		return WL_REGEX_NOMATCH;
	case PCRE2_ERROR_CALLOUT:
		if (sc->why)
			return sc->why;
		return WL_REGEX_TOO_COMPLEX;
	case PCRE2_ERROR_HEAPLIMIT:
	case PCRE2_ERROR_NOMEMORY:
		return WL_REGEX_TOO_DEEP;
	case PCRE2_ERROR_MATCHLIMIT:
	case PCRE2_ERROR_DEPTHLIMIT:
	case PCRE2_ERROR_JIT_STACKLIMIT:
		return WL_REGEX_TOO_COMPLEX;
	default:
		return WL_REGEX_ERROR;
	}
}

unsigned long long wl_regex_limit(const struct wl_regex_scratch *scratch,
				  int result)
{
	if (result == WL_REGEX_SPENT)
		return scratch->limits.total_steps ? scratch->limits.total_steps :
						     WL_REGEX_TOTAL_STEPS;
	return scratch->limits.match_steps ? scratch->limits.match_steps :
					     WL_REGEX_MATCH_STEPS;
}

void wl_regex_scratch_release(struct wl_regex_scratch *scratch)
{
	pcre2_match_context_free(scratch->mctx);
	pcre2_match_data_free(scratch->match_data);
	pcre2_general_context_free(scratch->gctx);
	scratch->mctx = NULL;
	scratch->match_data = NULL;
	scratch->gctx = NULL;
	scratch->mem_used = 0;
	scratch->used = 0;
	scratch->why = 0;
}
