/*
 * The body half of the record diff: which sections of a Markdown body
 * were added, removed or changed, and by how many lines.
 *
 * A section here is a heading's own text: its heading line and the
 * lines under it up to the next heading of any level (body.h's sections
 * hold their sub-sections too, which would count a change once per
 * enclosing heading). The text before the first heading is a section
 * without a heading. Sections are matched between the versions by their
 * heading text, the n-th "进展" of one with the n-th of the other, so a
 * heading moved to another level or place is the same section.
 */
#include "diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "body.h"
#include "git.h"
#include "util.h"

#include "../banned.h"

struct section {
	const char *heading;    /* NULL: before the first heading */
	int level;
	size_t nth;             /* sections before it with its heading */
	const char *text;       /* heading line and own text */
	size_t len;
	size_t match;           /* the section of the other version, or
				   SIZE_MAX */
};

struct sections {
	struct section *v;
	size_t nr;
	struct wl_body body;
};

/* The byte offset where each line of `buf` starts; *nr lines. */
static size_t *line_starts(const char *buf, size_t len, size_t *nr)
{
	size_t n = 1, i, k = 0, *v;

	for (i = 0; i < len; i++)
		if (buf[i] == '\n')
			n++;
	v = wl_xcalloc(n + 1, sizeof(*v));
	v[k++] = 0;
	for (i = 0; i < len; i++)
		if (buf[i] == '\n')
			v[k++] = i + 1;
	*nr = n;
	return v;
}

static size_t line_offset(const size_t *starts, size_t nr, int line, int line0,
			  size_t len)
{
	size_t k = line > line0 ? (size_t)(line - line0 - 1) : 0;

	return k < nr ? starts[k] : len;
}

static void split(struct sections *s, const char *buf, size_t len, int line0)
{
	size_t nlines, i, *starts = line_starts(buf, len, &nlines);
	size_t first;

	wl_body_parse(&s->body, buf, len, line0);
	s->v = wl_xcalloc(s->body.headings_nr + 1, sizeof(*s->v));
	first = s->body.headings_nr ?
			line_offset(starts, nlines, s->body.headings[0].line,
				    line0, len) :
			len;
	s->nr = 0;
	/* The text before the first heading, if it holds anything. */
	for (i = 0; i < first; i++)
		if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\n' &&
		    buf[i] != '\r')
			break;
	if (i < first) {
		s->v[s->nr].text = buf;
		s->v[s->nr].len = first;
		s->nr++;
	}
	for (i = 0; i < s->body.headings_nr; i++) {
		const struct wl_body_heading *h = &s->body.headings[i];
		struct section *c = &s->v[s->nr++];
		size_t from = line_offset(starts, nlines, h->line, line0, len);
		size_t to = i + 1 < s->body.headings_nr ?
				    line_offset(starts, nlines,
						s->body.headings[i + 1].line,
						line0, len) :
				    len;

		c->heading = h->text;
		c->level = h->level;
		c->text = buf + from;
		c->len = to > from ? to - from : 0;
	}
	free(starts);
	for (i = 0; i < s->nr; i++)
		s->v[i].match = SIZE_MAX;
}

static int same_heading(const struct section *a, const struct section *b)
{
	if (!a->heading || !b->heading)
		return !a->heading && !b->heading;
	return a->nth == b->nth && !strcmp(a->heading, b->heading);
}

/* qsort has no argument: sections are sorted through pointers. */
static int cmp_heading(const void *pa, const void *pb)
{
	const struct section *a = *(const struct section *const *)pa;
	const struct section *b = *(const struct section *const *)pb;
	int c;

	if (!a->heading || !b->heading)
		c = !b->heading - !a->heading;
	else
		c = strcmp(a->heading, b->heading);
	if (!c)
		c = a->nth < b->nth ? -1 : a->nth > b->nth;
	/* Equal headings keep their order: the n-th is the n-th. */
	return c ? c : a < b ? -1 : a > b;
}

/*
 * Numbers the sections that share a heading (nth) and returns them
 * sorted by heading and number: sorting keeps a body of many headings
 * as cheap as a small one.
 */
static struct section **by_heading(struct sections *s)
{
	struct section **v = wl_xcalloc(s->nr + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < s->nr; i++)
		v[i] = &s->v[i];
	qsort(v, s->nr, sizeof(*v), cmp_heading);
	for (i = 1; i < s->nr; i++)
		if (v[i]->heading && v[i - 1]->heading &&
		    !strcmp(v[i]->heading, v[i - 1]->heading))
			v[i]->nth = v[i - 1]->nth + 1;
	return v;
}

/* Pairs the sections of `x` and `y` with the same heading and number. */
static void match(struct sections *x, struct sections *y)
{
	struct section **a = by_heading(x), **b = by_heading(y);
	size_t i = 0, j = 0;

	while (i < x->nr && j < y->nr) {
		int c = cmp_heading(&a[i], &b[j]);

		if (same_heading(a[i], b[j])) {
			a[i]->match = (size_t)(b[j] - y->v);
			b[j]->match = (size_t)(a[i] - x->v);
			i++;
			j++;
		} else if (c < 0) {
			i++;
		} else {
			j++;
		}
	}
	free(a);
	free(b);
}

static size_t count_lines(const char *s, size_t len)
{
	size_t n = 0, i;

	for (i = 0; i < len; i++)
		if (s[i] == '\n')
			n++;
	return n + (len && s[len - 1] != '\n');
}

static void add(struct wl_diff_entry *e, struct wl_arena *arena,
		enum wl_section_change change, const struct section *s,
		size_t added, size_t removed)
{
	struct wl_diff_section *d;

	WL_ALLOC_GROW(e->sections, e->sections_nr + 1, e->sections_alloc);
	d = &e->sections[e->sections_nr++];
	d->change = change;
	d->heading = s->heading ? wl_arena_strndup(arena, s->heading,
						   strlen(s->heading)) :
				  NULL;
	d->level = s->level;
	d->added = added;
	d->removed = removed;
}

int wl_diff_bodies(struct wl_diff_entry *e, struct wl_arena *arena,
		   const char *a, size_t alen, int aline0, const char *b,
		   size_t blen, int bline0, char **err)
{
	struct sections x = { NULL, 0, WL_BODY_INIT };
	struct sections y = { NULL, 0, WL_BODY_INIT };
	size_t i, j, added, removed;
	int ret = -1;

	if (alen == blen && !memcmp(a, b, alen))
		return 0;
	split(&x, a, alen, aline0);
	split(&y, b, blen, bline0);
	match(&x, &y);
	for (j = 0; j < y.nr; j++) {
		const struct section *n = &y.v[j], *o;

		if (n->match == SIZE_MAX) {
			add(e, arena, WL_SECTION_ADDED, n,
			    count_lines(n->text, n->len), 0);
			continue;
		}
		o = &x.v[n->match];
		if (o->len == n->len && !memcmp(o->text, n->text, n->len))
			continue;
		if (wl_git_line_stats(&added, &removed, o->text, o->len,
				      n->text, n->len, err) < 0)
			goto done;
		add(e, arena, WL_SECTION_CHANGED, n, added, removed);
	}
	for (i = 0; i < x.nr; i++)
		if (x.v[i].match == SIZE_MAX)
			add(e, arena, WL_SECTION_REMOVED, &x.v[i], 0,
			    count_lines(x.v[i].text, x.v[i].len));
	ret = 0;
done:
	free(x.v);
	free(y.v);
	wl_body_release(&x.body);
	wl_body_release(&y.body);
	return ret;
}

const char *wl_section_change_name(enum wl_section_change c)
{
	switch (c) {
	case WL_SECTION_ADDED: return "added";
	case WL_SECTION_REMOVED: return "removed";
	case WL_SECTION_CHANGED: return "changed";
	}
	return "changed";
}
