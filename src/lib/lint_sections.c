/*
 * The section rules: x-sections against the body's headings. A heading
 * is a section when its text matches the section's name or an alias as
 * body.h's wl_body_heading_matches says (any case, no surrounding space,
 * no trailing colon, `## 解决方案：` included), at any level.
 *
 * A missing section has no line of its own; it is reported at the
 * front matter's closing line, where the body starts, so that a SARIF
 * fingerprint stays put while the body grows. Its fix appends the
 * heading, under the section's configured name, at the end of the file.
 */
#include <stdlib.h>
#include <string.h>

#include "body.h"
#include "lint_rules.h"
#include "record.h"
#include "type.h"
#include "util.h"

#include "../banned.h"

/* Returns 1 if heading `h` is section `s`. */
static int is_section(const struct wl_body_heading *h,
		      const struct wl_section *s)
{
	size_t i;

	if (s->name && wl_body_heading_matches(h->text, s->name))
		return 1;
	for (i = 0; i < s->nr_aliases; i++)
		if (wl_body_heading_matches(h->text, s->aliases[i]))
			return 1;
	return 0;
}

static int has_section(const struct wl_body *b, const struct wl_section *s)
{
	size_t i;

	for (i = 0; i < b->headings_nr; i++)
		if (is_section(&b->headings[i], s))
			return 1;
	return 0;
}

/* "; required when status is resolved or closed" */
static void add_when(struct wl_buf *m, const struct wl_section *s)
{
	size_t i, k;

	for (i = 0; i < s->nr_when; i++) {
		const struct wl_section_when *w = &s->when[i];

		wl_buf_addstr(m, i ? " and " : "; required when ");
		wl_buf_addf(m, "%s is ", w->field);
		for (k = 0; k < w->nr_values; k++)
			wl_buf_addf(m, "%s%s",
				    !k ? "" : k + 1 < w->nr_values ? ", " :
								    " or ",
				    w->values[k]);
	}
}

/*
 * What goes before the first appended heading: a line end if the file
 * does not end in one, and a blank line unless it ends in one already.
 * `eol` is the file's own line end, so that only the encoding rule
 * changes line ends.
 */
static void separator(struct wl_buf *out, const struct wl_record *r,
		      const char *eol)
{
	const char *s = r->buf;
	size_t n = r->len;

	if (n && s[n - 1] != '\n') {
		wl_buf_addstr(out, eol);
		wl_buf_addstr(out, eol);
		return;
	}
	/* The last line is blank if a line end comes right before the
	 * final one; the front matter's closing line is no text to
	 * separate from. */
	if (r->fm.body == n)
		return;
	if (n >= 2 && s[n - 2] == '\n')
		return;
	if (n >= 3 && s[n - 2] == '\r' && s[n - 3] == '\n')
		return;
	wl_buf_addstr(out, eol);
}

/* The level of the body's first heading, else 2. */
static int heading_level(const struct wl_body *b)
{
	return b->headings_nr ? b->headings[0].level : 2;
}

int wl_lint_missing_section(struct wl_diags *out,
			    const struct wl_rule_record *in, int sev)
{
	const struct wl_record *r = in->record;
	const struct wl_type *t = in->type;
	const char *eol = r->len >= 2 && r->buf[r->len - 1] == '\n' &&
				  r->buf[r->len - 2] == '\r' ? "\r\n" : "\n";
	struct wl_buf m = WL_BUF_INIT, fix = WL_BUF_INIT;
	size_t i, k, added = 0;

	for (i = 0; i < t->nr_sections; i++) {
		const struct wl_section *s = &t->sections[i];

		if (!s->required || !wl_section_applies(s, r->doc.root) ||
		    has_section(in->body, s))
			continue;
		wl_buf_reset(&m);
		wl_buf_addf(&m, "missing section \"%s\"", s->name);
		for (k = 0; k < s->nr_aliases; k++)
			wl_buf_addf(&m, "%s%s", k ? ", " : " (or ",
				    s->aliases[k]);
		if (s->nr_aliases)
			wl_buf_addch(&m, ')');
		add_when(&m, s);
		wl_diags_add(out, in->path, r->fm.close_line, 1, sev,
			     "missing-section", "%s", wl_buf_cstr(&m));
		if (!in->fixes)
			continue;
		wl_buf_reset(&fix);
		if (!added++)
			separator(&fix, r, eol);
		else
			wl_buf_addstr(&fix, eol);
		for (k = 0; k < (size_t)heading_level(in->body); k++)
			wl_buf_addch(&fix, '#');
		wl_buf_addf(&fix, " %s%s", s->name, eol);
		wl_fixes_add(in->fixes, WL_FIX_EDIT, WL_RULE_MISSING_SECTION,
			     r->fm.close_line, 1, r->len, 0,
			     wl_buf_cstr(&fix));
	}
	wl_buf_release(&m);
	wl_buf_release(&fix);
	return 0;
}

int wl_lint_empty_section(struct wl_diags *out,
			  const struct wl_rule_record *in, int sev)
{
	const struct wl_body *b = in->body;
	size_t i, k;

	for (i = 0; i < b->headings_nr; i++) {
		const struct wl_body_heading *h = &b->headings[i];

		if (h->chars)
			continue;
		for (k = 0; k < in->type->nr_sections; k++) {
			const struct wl_section *s = &in->type->sections[k];

			if (!s->nonempty || !is_section(h, s) ||
			    !wl_section_applies(s, in->record->doc.root))
				continue;
			wl_diags_add(out, in->path, h->line, h->column, sev,
				     "empty-section",
				     "section \"%s\" is empty", h->text);
			break;
		}
	}
	return 0;
}
