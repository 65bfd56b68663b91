#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdlib.h>
#include <string.h>

#include "regex.h"
#include "util.h"

#include "../banned.h"

struct wl_regex {
	pcre2_code *code;
	pcre2_general_context *gctx;
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

int wl_regex_compile(struct wl_regex **out, const char *pattern, size_t len,
		     char **msg, size_t *offset)
{
	struct wl_buf tr = WL_BUF_INIT;
	PCRE2_UCHAR text[256];
	PCRE2_SIZE erroff = 0;
	int errcode = 0;
	pcre2_code *code;

	*out = NULL;
	*msg = NULL;
	*offset = 0;
	translate(&tr, pattern, len);
	code = pcre2_compile((PCRE2_SPTR)tr.buf, tr.len,
			     PCRE2_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_ALT_BSUX,
			     &errcode, &erroff, NULL);
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
	pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	*out = wl_xmalloc(sizeof(**out));
	(*out)->code = code;
	(*out)->gctx = pcre2_general_context_create(px_malloc, px_free, NULL);
	return 0;
}

void wl_regex_free(struct wl_regex *re)
{
	if (!re)
		return;
	pcre2_code_free(re->code);
	pcre2_general_context_free(re->gctx);
	free(re);
}

static void *scratch_malloc(PCRE2_SIZE n, void *data)
{
	struct wl_regex_scratch *sc = data;
	size_t need = (n + sizeof(max_align_t) - 1) &
		      ~(sizeof(max_align_t) - 1);

	if (need <= sizeof(sc->mem.bytes) - sc->used) {
		void *p = sc->mem.bytes + sc->used;

		sc->used += need;
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

int wl_regex_search(const struct wl_regex *re, const char *s, size_t len,
		    struct wl_regex_scratch *scratch)
{
	int rc;

	/*
	 * One ovector pair is enough to learn whether there is a match, so
	 * one match block serves every pattern of a validation.
	 */
	if (!scratch->match_data) {
		scratch->gctx = pcre2_general_context_create(
			scratch_malloc, scratch_free, scratch);
		scratch->match_data = pcre2_match_data_create(1, scratch->gctx);
	}
	rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, 0,
			 scratch->match_data, NULL);
	/* rc == 0: matched, but the ovector was too small to hold groups. */
	if (rc >= 0)
		return 1;
	return rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

void wl_regex_scratch_release(struct wl_regex_scratch *scratch)
{
	pcre2_match_data_free(scratch->match_data);
	pcre2_general_context_free(scratch->gctx);
	scratch->match_data = NULL;
	scratch->gctx = NULL;
	scratch->used = 0;
}
