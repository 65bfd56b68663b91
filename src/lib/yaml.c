/*
 * The YAML tree builder: the only file that includes <yaml.h>.
 *
 * It reads libyaml's event stream (not its document API) so that limits on
 * depth and alias expansion are enforced while reading, before any work is
 * spent on hostile input, and so that every node keeps the position it was
 * read at. Scalars are typed by the YAML 1.2 core schema.
 */
#include "node.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "../banned.h"

#define TAG_PREFIX "tag:yaml.org,2002:"

struct frame {
	struct wl_node *node;
	char *anchor;
	size_t start, end;      /* spans: bytes, `end` of the last kid */
	int flow;
	size_t weight;          /* nodes beneath, aliases expanded; a
				   scalar weighs 1 + its length / 16 */
	struct wl_node **kids;  /* seq items, or map keys and values */
	size_t nr, alloc;
};

struct anchor {
	char *name;
	struct wl_node *node;
	size_t weight;
};

struct builder {
	struct wl_doc *doc;
	const char *buf;
	size_t len;
	int line0;
	const struct wl_yaml_limits *lim;
	const char *path;
	struct wl_diags *diags;
	struct frame *stack;
	size_t depth, alloc;
	struct anchor *anchors;
	size_t anchors_nr, anchors_alloc;
	size_t *anchor_slots;   /* index + 1 by name hash; 0: empty */
	size_t anchor_mask;
	size_t expanded;
	size_t nodes;
	int documents;
	int failed;
	/* wl_yaml_parse_spans: where nodes are written. libyaml's marks
	 * count characters; `mark_char`/`mark_byte` is the last mark
	 * converted, so that converting marks in order stays linear. */
	struct wl_spans *spans;
	size_t mark_char, mark_byte;
	size_t last_end;        /* byte end of the node attached last */
};

static void fail(struct builder *b, int line, int column, const char *rule,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Only the first problem is reported: the rest of the text is unread. */
static void fail(struct builder *b, int line, int column, const char *rule,
		 const char *fmt, ...)
{
	va_list ap;

	if (b->failed)
		return;
	b->failed = 1;
	if (!b->diags)
		return;
	va_start(ap, fmt);
	wl_diags_vadd(b->diags, b->path, line, column, WL_SEV_ERROR, rule, fmt,
		      ap);
	va_end(ap);
}

static int mark_line(const struct builder *b, yaml_mark_t m)
{
	return (int)m.line + 1 + b->line0;
}

static int mark_col(yaml_mark_t m)
{
	return (int)m.column + 1;
}

static size_t sat_add(size_t a, size_t b)
{
	return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

/*
 * Counts what an alias repeats; returns -1 once the bound is passed. Nodes
 * written out are bounded by the input size; aliases are what can make a
 * small text expand into a huge tree (the "billion laughs").
 */
/* The byte offset of mark `m` in the text (libyaml counts code points). */
static size_t mark_byte(struct builder *b, yaml_mark_t m)
{
	size_t c = b->mark_char, i = b->mark_byte;

	if (m.index < c)
		c = i = 0;
	while (c < m.index && i < b->len) {
		i++;
		while (i < b->len && ((unsigned char)b->buf[i] & 0xc0) == 0x80)
			i++;
		c++;
	}
	b->mark_char = c;
	b->mark_byte = i;
	return i;
}

static void add_span(struct builder *b, const struct wl_node *n, size_t start,
		     size_t end, enum wl_span_style style)
{
	struct wl_spans *s = b->spans;

	WL_ALLOC_GROW(s->v, s->nr + 1, s->alloc);
	s->v[s->nr].node = n;
	s->v[s->nr].start = start;
	s->v[s->nr].end = end;
	s->v[s->nr].style = style;
	s->nr++;
}

static int count_nodes(struct builder *b, size_t n, yaml_mark_t m)
{
	b->expanded = sat_add(b->expanded, n);
	if (b->expanded > b->lim->max_expansion) {
		char lim[32];

		snprintf(lim, sizeof(lim), "%zu", b->lim->max_expansion);
		fail(b, mark_line(b, m), mark_col(m), "syntax",
		     "alias expansion exceeds %s nodes", lim);
		return -1;
	}
	return 0;
}

/* Counts a node written out; returns -1 once there are too many. */
static int count_written(struct builder *b, yaml_mark_t m)
{
	if (!b->lim->max_nodes || ++b->nodes <= b->lim->max_nodes)
		return 0;
	fail(b, mark_line(b, m), mark_col(m), "syntax",
	     "more than %zu nodes", b->lim->max_nodes);
	return -1;
}

static int is_digits(const char *s, size_t n, int base)
{
	size_t i;

	if (!n)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (base == 8 && !(c >= '0' && c <= '7'))
			return 0;
		if (base == 10 && !(c >= '0' && c <= '9'))
			return 0;
		if (base == 16 && !((c >= '0' && c <= '9') ||
				    (c >= 'a' && c <= 'f') ||
				    (c >= 'A' && c <= 'F')))
			return 0;
	}
	return 1;
}

static int is_one_of(const char *s, size_t n, const char *const *words)
{
	for (; *words; words++)
		if (strlen(*words) == n && !memcmp(s, *words, n))
			return 1;
	return 0;
}

/* [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )? */
static int is_float(const char *s, size_t n)
{
	size_t i = 0, digits = 0;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, digits++;
	}
	if (!digits)
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t exp = 0;

		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, exp++;
		if (!exp)
			return 0;
	}
	return i == n;
}

/*
 * Types a plain scalar by the YAML 1.2 core schema. `yes`, `no`, `on` and
 * `off` stay strings, and so does `2026-11-26`.
 */
static void resolve_plain(struct wl_node *n)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL",
					     NULL };
	static const char *const trues[] = { "true", "True", "TRUE", NULL };
	static const char *const falses[] = { "false", "False", "FALSE",
					      NULL };
	static const char *const infs[] = { ".inf", ".Inf", ".INF", NULL };
	static const char *const nans[] = { ".nan", ".NaN", ".NAN", NULL };
	const char *s = n->str;
	size_t len = n->len, sign = 0;

	n->kind = WL_NODE_STRING;
	if (is_one_of(s, len, nulls)) {
		n->kind = WL_NODE_NULL;
		return;
	}
	if (is_one_of(s, len, trues) || is_one_of(s, len, falses)) {
		n->kind = WL_NODE_BOOL;
		n->v.b = s[0] == 't' || s[0] == 'T';
		return;
	}
	if (len > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
		int base = s[1] == 'o' ? 8 : 16;
		unsigned long long u;

		if (!is_digits(s + 2, len - 2, base))
			return;
		errno = 0;
		u = strtoull(s + 2, NULL, base);
		if (errno || u > LLONG_MAX) {
			n->kind = WL_NODE_FLOAT;
			n->v.f = (double)u;
			if (errno)
				n->v.f = HUGE_VAL;
			return;
		}
		n->kind = WL_NODE_INT;
		n->v.i = (long long)u;
		return;
	}
	if (len && (s[0] == '-' || s[0] == '+'))
		sign = 1;
	if (is_digits(s + sign, len - sign, 10)) {
		errno = 0;
		n->v.i = strtoll(s, NULL, 10);
		if (errno == ERANGE) {
			n->kind = WL_NODE_FLOAT;
			n->v.f = strtod(s, NULL);
		} else {
			n->kind = WL_NODE_INT;
		}
		return;
	}
	if (is_one_of(s + sign, len - sign, infs)) {
		n->kind = WL_NODE_FLOAT;
		n->v.f = s[0] == '-' ? -INFINITY : INFINITY;
		return;
	}
	if (is_one_of(s, len, nans)) {
		n->kind = WL_NODE_FLOAT;
		n->v.f = NAN;
		return;
	}
	if (is_float(s, len)) {
		n->kind = WL_NODE_FLOAT;
		n->v.f = strtod(s, NULL);
	}
}

/* Shows a resolved tag the way it was most likely written. */
static const char *short_tag(const char *tag)
{
	static char buf[256];

	if (!strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX))) {
		snprintf(buf, sizeof(buf), "!!%s", tag + strlen(TAG_PREFIX));
		return buf;
	}
	return tag;
}

/*
 * Applies an explicit tag to a scalar. Only the core schema's tags are
 * allowed, and the text must be a value of that tag.
 */
static int apply_scalar_tag(struct builder *b, struct wl_node *n,
			    const char *tag, yaml_mark_t m)
{
	const char *t;

	if (!strcmp(tag, "!") || !strcmp(tag, TAG_PREFIX "str")) {
		n->kind = WL_NODE_STRING;
		return 0;
	}
	if (strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX)))
		goto unsupported;
	t = tag + strlen(TAG_PREFIX);
	if (strcmp(t, "int") && strcmp(t, "float") && strcmp(t, "bool") &&
	    strcmp(t, "null"))
		goto unsupported;
	resolve_plain(n);
	if ((!strcmp(t, "int") && n->kind == WL_NODE_INT) ||
	    (!strcmp(t, "float") &&
	     (n->kind == WL_NODE_FLOAT || n->kind == WL_NODE_INT)) ||
	    (!strcmp(t, "bool") && n->kind == WL_NODE_BOOL) ||
	    (!strcmp(t, "null") && n->kind == WL_NODE_NULL)) {
		if (!strcmp(t, "float") && n->kind == WL_NODE_INT) {
			n->kind = WL_NODE_FLOAT;
			n->v.f = (double)n->v.i;
		}
		return 0;
	}
	fail(b, mark_line(b, m), mark_col(m), "syntax",
	     "'%s' is not a valid %s", n->str, short_tag(tag));
	return -1;
unsupported:
	fail(b, mark_line(b, m), mark_col(m), "syntax",
	     "unsupported tag '%s'", short_tag(tag));
	return -1;
}

static int check_collection_tag(struct builder *b, const char *tag,
				const char *want, yaml_mark_t m)
{
	if (!tag || !strcmp(tag, "!") || !strcmp(tag, want))
		return 0;
	fail(b, mark_line(b, m), mark_col(m), "syntax",
	     "unsupported tag '%s'", short_tag(tag));
	return -1;
}

static void frame_push_kid(struct frame *f, struct wl_node *n)
{
	WL_ALLOC_GROW(f->kids, f->nr + 1, f->alloc);
	f->kids[f->nr++] = n;
}

static size_t name_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return (size_t)(h ^ (h >> 29));
}

/*
 * The anchor named `name`, or NULL. Anchors are found by hash: a front
 * matter of thirty thousand anchors and as many aliases must not cost
 * their product.
 */
static struct anchor *find_anchor(const struct builder *b, const char *name)
{
	size_t i;

	if (!b->anchor_slots)
		return NULL;
	for (i = name_hash(name) & b->anchor_mask; b->anchor_slots[i];
	     i = (i + 1) & b->anchor_mask) {
		struct anchor *a = &b->anchors[b->anchor_slots[i] - 1];

		if (!strcmp(a->name, name))
			return a;
	}
	return NULL;
}

static void place_anchor(size_t *slots, size_t mask, const char *name,
			 size_t index)
{
	size_t i = name_hash(name) & mask;

	while (slots[i])
		i = (i + 1) & mask;
	slots[i] = index + 1;
}

static int add_anchor(struct builder *b, char *name, struct wl_node *n,
		      size_t weight)
{
	struct anchor *a = find_anchor(b, name);
	size_t i;

	/* A later anchor of the same name wins, as YAML says. */
	if (a) {
		free(a->name);
		a->name = name;
		a->node = n;
		a->weight = weight;
		return 0;
	}
	if (2 * (b->anchors_nr + 1) > (b->anchor_slots ? b->anchor_mask + 1 : 0)) {
		size_t size = b->anchor_slots ? 2 * (b->anchor_mask + 1) : 64;

		free(b->anchor_slots);
		b->anchor_slots = wl_xcalloc(size, sizeof(*b->anchor_slots));
		b->anchor_mask = size - 1;
		for (i = 0; i < b->anchors_nr; i++)
			place_anchor(b->anchor_slots, b->anchor_mask,
				     b->anchors[i].name, i);
	}
	WL_ALLOC_GROW(b->anchors, b->anchors_nr + 1, b->anchors_alloc);
	b->anchors[b->anchors_nr].name = name;
	b->anchors[b->anchors_nr].node = n;
	b->anchors[b->anchors_nr].weight = weight;
	place_anchor(b->anchor_slots, b->anchor_mask, name, b->anchors_nr++);
	return 0;
}

/*
 * Hands a finished node to its parent (or makes it the root). A mapping
 * key must be a scalar.
 */
static int attach(struct builder *b, struct wl_node *n, size_t weight)
{
	struct frame *parent;

	if (!b->depth) {
		b->doc->root = n;
		return 0;
	}
	parent = &b->stack[b->depth - 1];
	if (parent->node->kind == WL_NODE_MAP && parent->nr % 2 == 0 &&
	    n->kind >= WL_NODE_SEQ) {
		fail(b, n->line, n->column, "syntax",
		     "mapping keys must be scalars, not a %s",
		     n->kind == WL_NODE_SEQ ? "sequence" : "mapping");
		return -1;
	}
	/* A block collection ends where its last value does. */
	parent->end = b->last_end;
	frame_push_kid(parent, n);
	parent->weight = sat_add(parent->weight, weight);
	return 0;
}

struct keyref {
	const struct wl_node *key;
	size_t index;
};

static int cmp_keyref(const void *a, const void *b)
{
	const struct keyref *x = a, *y = b;
	size_t n = x->key->len < y->key->len ? x->key->len : y->key->len;
	int c = memcmp(x->key->str, y->key->str, n);

	if (c)
		return c;
	if (x->key->len != y->key->len)
		return x->key->len < y->key->len ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static int same_key(const struct wl_node *a, const struct wl_node *b)
{
	return a->len == b->len && !memcmp(a->str, b->str, a->len);
}

static void report_duplicate(struct builder *b, const struct wl_node *first,
			     const struct wl_node *dup)
{
	char where[32];

	if (b->failed)
		return;
	b->failed = 1;
	snprintf(where, sizeof(where), "%d", first->line);
	if (b->diags)
		wl_diags_add(b->diags, b->path, dup->line, dup->column,
			     WL_SEV_ERROR, "duplicate-key",
			     "duplicate key '%s' (first at line %s)",
			     dup->str, where);
}

/*
 * Rejects a key given twice. Small mappings (front matter) are scanned
 * directly; large ones are sorted so hostile input stays O(n log n). The
 * later occurrence is reported, pointing back at the first.
 */
static int check_duplicates(struct builder *b, struct wl_node *map)
{
	struct keyref *refs;
	const struct wl_node *first = NULL, *dup = NULL;
	size_t i, j, dup_index = 0;

	if (map->nr <= 32) {
		for (i = 1; i < map->nr; i++)
			for (j = 0; j < i; j++)
				if (same_key(map->pairs[i].key,
					     map->pairs[j].key)) {
					report_duplicate(b, map->pairs[j].key,
							 map->pairs[i].key);
					return -1;
				}
		return 0;
	}
	refs = wl_xmalloc(map->nr * sizeof(*refs));
	for (i = 0; i < map->nr; i++) {
		refs[i].key = map->pairs[i].key;
		refs[i].index = i;
	}
	qsort(refs, map->nr, sizeof(*refs), cmp_keyref);
	/* Equal keys sort by position: report the earliest second use. */
	for (i = 1; i < map->nr; i++) {
		if (!same_key(refs[i - 1].key, refs[i].key))
			continue;
		if (i >= 2 && same_key(refs[i - 2].key, refs[i].key))
			continue;
		if (!dup || refs[i].index < dup_index) {
			first = refs[i - 1].key;
			dup = refs[i].key;
			dup_index = refs[i].index;
		}
	}
	free(refs);
	if (dup) {
		report_duplicate(b, first, dup);
		return -1;
	}
	return 0;
}

static struct wl_node *new_node(struct builder *b, enum wl_node_kind kind,
				yaml_mark_t m)
{
	struct wl_node *n = wl_arena_alloc(&b->doc->arena, sizeof(*n));

	n->kind = kind;
	n->line = mark_line(b, m);
	n->column = mark_col(m);
	return n;
}

static int on_scalar(struct builder *b, yaml_event_t *e)
{
	struct wl_node *n;
	const char *tag = (const char *)e->data.scalar.tag;
	size_t weight;

	if (count_written(b, e->start_mark) < 0)
		return -1;
	n = new_node(b, WL_NODE_STRING, e->start_mark);
	n->len = e->data.scalar.length;
	n->str = wl_arena_strndup(&b->doc->arena,
				  (const char *)e->data.scalar.value, n->len);
	if (e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
		n->flags |= WL_NODE_PLAIN;
	if (tag) {
		if (apply_scalar_tag(b, n, tag, e->start_mark) < 0)
			return -1;
	} else if (e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
		resolve_plain(n);
	}
	if (b->spans) {
		size_t start = mark_byte(b, e->start_mark);

		b->last_end = mark_byte(b, e->end_mark);
		add_span(b, n, start, b->last_end,
			 e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ?
				 WL_SPAN_PLAIN :
			 e->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
					 e->data.scalar.style ==
						 YAML_FOLDED_SCALAR_STYLE ?
				 WL_SPAN_LITERAL :
				 WL_SPAN_QUOTED);
	}
	/* Long strings weigh more: what an alias repeats costs its size. */
	weight = 1 + n->len / 16;
	if (e->data.scalar.anchor)
		add_anchor(b, wl_xstrdup((const char *)e->data.scalar.anchor),
			   n, weight);
	return attach(b, n, weight);
}

static int on_start(struct builder *b, yaml_event_t *e, enum wl_node_kind kind)
{
	const char *tag, *anchor;
	struct frame *f;

	if (kind == WL_NODE_SEQ) {
		tag = (const char *)e->data.sequence_start.tag;
		anchor = (const char *)e->data.sequence_start.anchor;
		if (check_collection_tag(b, tag, TAG_PREFIX "seq",
					 e->start_mark) < 0)
			return -1;
	} else {
		tag = (const char *)e->data.mapping_start.tag;
		anchor = (const char *)e->data.mapping_start.anchor;
		if (check_collection_tag(b, tag, TAG_PREFIX "map",
					 e->start_mark) < 0)
			return -1;
	}
	if (count_written(b, e->start_mark) < 0)
		return -1;
	if (b->depth >= b->lim->max_depth) {
		char lim[32];

		snprintf(lim, sizeof(lim), "%u", b->lim->max_depth);
		fail(b, mark_line(b, e->start_mark), mark_col(e->start_mark),
		     "syntax", "nesting deeper than %s levels", lim);
		return -1;
	}
	WL_ALLOC_GROW(b->stack, b->depth + 1, b->alloc);
	f = &b->stack[b->depth++];
	memset(f, 0, sizeof(*f));
	f->node = new_node(b, kind, e->start_mark);
	f->anchor = anchor ? wl_xstrdup(anchor) : NULL;
	f->weight = 1;
	if (b->spans) {
		f->start = mark_byte(b, e->start_mark);
		f->flow = kind == WL_NODE_SEQ ?
				  e->data.sequence_start.style ==
					  YAML_FLOW_SEQUENCE_STYLE :
				  e->data.mapping_start.style ==
					  YAML_FLOW_MAPPING_STYLE;
	}
	return 0;
}

static int on_end(struct builder *b, yaml_event_t *e)
{
	struct frame f = b->stack[--b->depth];
	struct wl_node *n = f.node;
	size_t i;
	int ret = 0;

	if (n->kind == WL_NODE_SEQ) {
		n->nr = f.nr;
		n->items = wl_arena_alloc(&b->doc->arena,
					  f.nr * sizeof(*n->items));
		if (f.nr)
			memcpy(n->items, f.kids, f.nr * sizeof(*n->items));
	} else {
		n->nr = f.nr / 2;
		n->pairs = wl_arena_alloc(&b->doc->arena,
					  n->nr * sizeof(*n->pairs));
		for (i = 0; i < n->nr; i++) {
			n->pairs[i].key = f.kids[2 * i];
			n->pairs[i].value = f.kids[2 * i + 1];
		}
		ret = check_duplicates(b, n);
	}
	free(f.kids);
	if (ret < 0) {
		free(f.anchor);
		return -1;
	}
	if (b->spans) {
		/* A flow collection ends after its bracket; a block one at
		 * its last value, before the comments that follow it. */
		b->last_end = f.flow ? mark_byte(b, e->end_mark) :
				       f.nr ? f.end : f.start;
		add_span(b, n, f.start, b->last_end,
			 f.flow ? WL_SPAN_FLOW : WL_SPAN_BLOCK);
	}
	if (f.anchor)
		add_anchor(b, f.anchor, n, f.weight);
	return attach(b, n, f.weight);
}

static int on_alias(struct builder *b, yaml_event_t *e)
{
	const char *name = (const char *)e->data.alias.anchor;
	struct anchor *a;
	size_t i;

	for (i = 0; i < b->depth; i++) {
		if (b->stack[i].anchor && !strcmp(b->stack[i].anchor, name)) {
			fail(b, mark_line(b, e->start_mark),
			     mark_col(e->start_mark), "syntax",
			     "alias '*%s' refers to a node that contains it",
			     name);
			return -1;
		}
	}
	a = find_anchor(b, name);
	if (a) {
		if (count_nodes(b, a->weight, e->start_mark) < 0)
			return -1;
		if (b->spans) {
			b->spans->aliases++;
			b->last_end = mark_byte(b, e->end_mark);
		}
		if (b->depth &&
		    b->stack[b->depth - 1].node->kind == WL_NODE_MAP &&
		    b->stack[b->depth - 1].nr % 2 == 0 &&
		    a->node->kind >= WL_NODE_SEQ) {
			fail(b, mark_line(b, e->start_mark),
			     mark_col(e->start_mark), "syntax",
			     "mapping keys must be scalars, not alias '*%s'",
			     name);
			return -1;
		}
		return attach(b, a->node, a->weight);
	}
	fail(b, mark_line(b, e->start_mark), mark_col(e->start_mark),
	     "syntax", "undefined alias '*%s'", name);
	return -1;
}

/* Returns the byte at 0-based line and column (in code points), or -1. */
static int char_at(const char *s, size_t len, size_t line, size_t column)
{
	size_t i = 0;

	while (line && i < len) {
		const char *nl = memchr(s + i, '\n', len - i);

		if (!nl)
			return -1;
		i = (size_t)(nl - s) + 1;
		line--;
	}
	for (; i < len && s[i] != '\n'; i++) {
		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;
		if (!column--)
			return (unsigned char)s[i];
	}
	return -1;
}

/*
 * Turns libyaml's error into a diagnostic. Reader errors (bad UTF-8,
 * control characters) carry only a byte offset, which is converted to a
 * line and column here.
 */
static void parser_error(struct builder *b, yaml_parser_t *p)
{
	int line, col;
	const char *problem = p->problem ? p->problem : "invalid YAML";

	if (p->error == YAML_READER_ERROR) {
		wl_offset_to_pos(b->buf, b->len, p->problem_offset, &line,
				 &col);
		line += b->line0;
		if (p->problem_value != -1 && !strcmp(problem,
					      "control characters are not allowed")) {
			char what[64];

			snprintf(what, sizeof(what), "control character 0x%02X",
				 (unsigned)p->problem_value);
			fail(b, line, col, "syntax", "%s is not allowed",
			     what);
			return;
		}
		fail(b, line, col, "syntax", "%s", problem);
		return;
	}
	line = mark_line(b, p->problem_mark);
	col = mark_col(p->problem_mark);
	if (p->problem && !strcmp(p->problem,
				  "found character that cannot start any token") &&
	    char_at(b->buf, b->len, p->problem_mark.line,
		    p->problem_mark.column) == '\t') {
		fail(b, line, col, "syntax",
		     "a tab character cannot indent YAML; use spaces");
		return;
	}
	if (p->context) {
		char ctx[160];

		if (p->context_mark.line != p->problem_mark.line)
			snprintf(ctx, sizeof(ctx), " %s started at line %d", p->context,
				 mark_line(b, p->context_mark));
		else
			snprintf(ctx, sizeof(ctx), " %s", p->context);
		fail(b, line, col, "syntax", "%s%s", problem, ctx);
	} else {
		fail(b, line, col, "syntax", "%s", problem);
	}
}

static int parse(struct wl_doc *doc, struct wl_spans *spans, const char *buf,
		 size_t len, int line0, const struct wl_yaml_limits *limits,
		 const char *path, struct wl_diags *diags)
{
	static const struct wl_yaml_limits defaults = WL_YAML_LIMITS_DEFAULT;
	struct builder b = { 0 };
	yaml_parser_t parser;
	yaml_event_t event;
	size_t i;
	int done = 0;

	b.spans = spans;
	b.doc = doc;
	b.buf = buf;
	b.len = len;
	b.line0 = line0;
	b.lim = limits ? limits : &defaults;
	b.path = path;
	b.diags = diags;
	doc->root = NULL;

	if (len > b.lim->max_bytes) {
		char lim[32];

		snprintf(lim, sizeof(lim), "%zu", b.lim->max_bytes);
		fail(&b, line0 + 1, 1, "syntax",
		     "YAML text is larger than %s bytes", lim);
		return 0;
	}
	if (!yaml_parser_initialize(&parser)) {
		fail(&b, line0 + 1, 1, "syntax", "cannot start the YAML parser");
		return 0;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

	while (!done && !b.failed) {
		if (!yaml_parser_parse(&parser, &event)) {
			parser_error(&b, &parser);
			break;
		}
		switch (event.type) {
		case YAML_DOCUMENT_START_EVENT:
			if (++b.documents > 1)
				fail(&b, mark_line(&b, event.start_mark),
				     mark_col(event.start_mark), "syntax",
				     "more than one YAML document");
			break;
		case YAML_SCALAR_EVENT:
			on_scalar(&b, &event);
			break;
		case YAML_SEQUENCE_START_EVENT:
			on_start(&b, &event, WL_NODE_SEQ);
			break;
		case YAML_MAPPING_START_EVENT:
			on_start(&b, &event, WL_NODE_MAP);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			on_end(&b, &event);
			break;
		case YAML_ALIAS_EVENT:
			on_alias(&b, &event);
			break;
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		default:
			break;
		}
		yaml_event_delete(&event);
	}
	yaml_parser_delete(&parser);

	for (i = 0; i < b.depth; i++) {
		free(b.stack[i].kids);
		free(b.stack[i].anchor);
	}
	free(b.stack);
	for (i = 0; i < b.anchors_nr; i++)
		free(b.anchors[i].name);
	free(b.anchors);
	free(b.anchor_slots);
	if (b.failed) {
		wl_arena_release(&doc->arena);
		doc->root = NULL;
		if (spans)
			spans->nr = 0;
	}
	return 0;
}

int wl_yaml_parse(struct wl_doc *doc, const char *buf, size_t len,
		  int line0, const struct wl_yaml_limits *limits,
		  const char *path, struct wl_diags *diags)
{
	return parse(doc, NULL, buf, len, line0, limits, path, diags);
}

static int cmp_span(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct wl_span *)a)->node;
	uintptr_t y = (uintptr_t)((const struct wl_span *)b)->node;

	return x < y ? -1 : x > y;
}

int wl_yaml_parse_spans(struct wl_doc *doc, struct wl_spans *spans,
			const char *buf, size_t len, int line0,
			const struct wl_yaml_limits *limits, const char *path,
			struct wl_diags *diags)
{
	spans->nr = 0;
	spans->aliases = 0;
	parse(doc, spans, buf, len, line0, limits, path, diags);
	if (spans->nr)
		qsort(spans->v, spans->nr, sizeof(*spans->v), cmp_span);
	return 0;
}

const struct wl_span *wl_spans_find(const struct wl_spans *spans,
				    const struct wl_node *n)
{
	size_t lo = 0, hi = spans->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uintptr_t m = (uintptr_t)spans->v[mid].node;

		if (m == (uintptr_t)n)
			return &spans->v[mid];
		if (m < (uintptr_t)n)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void wl_spans_release(struct wl_spans *spans)
{
	free(spans->v);
	memset(spans, 0, sizeof(*spans));
}

enum wl_node_kind wl_yaml_plain_kind(const char *s, size_t len)
{
	struct wl_node n;
	char *copy = wl_xstrndup(s, len);  /* the number readers need a NUL */

	memset(&n, 0, sizeof(n));
	n.str = copy;
	n.len = len;
	resolve_plain(&n);
	free(copy);
	return n.kind;
}

void wl_doc_release(struct wl_doc *doc)
{
	wl_arena_release(&doc->arena);
	doc->root = NULL;
}

struct wl_node *wl_node_get(const struct wl_node *map, const char *key)
{
	size_t i, n;

	if (!map || map->kind != WL_NODE_MAP)
		return NULL;
	n = strlen(key);
	for (i = 0; i < map->nr; i++) {
		const struct wl_node *k = map->pairs[i].key;

		if (k->len == n && !memcmp(k->str, key, n))
			return map->pairs[i].value;
	}
	return NULL;
}

const char *wl_node_get_str(const struct wl_node *map, const char *key)
{
	const struct wl_node *v = wl_node_get(map, key);

	return v && v->kind == WL_NODE_STRING ? v->str : NULL;
}

int wl_node_is_number(const struct wl_node *n)
{
	return n && (n->kind == WL_NODE_INT || n->kind == WL_NODE_FLOAT);
}

double wl_node_number(const struct wl_node *n)
{
	if (n->kind == WL_NODE_INT)
		return (double)n->v.i;
	if (n->kind == WL_NODE_FLOAT)
		return n->v.f;
	return 0;
}

static const struct wl_node *find_key(const struct wl_node *map,
				      const struct wl_node *key)
{
	size_t i;

	for (i = 0; i < map->nr; i++)
		if (same_key(map->pairs[i].key, key))
			return map->pairs[i].value;
	return NULL;
}

static int cmp_pair_key(const void *a, const void *b)
{
	const struct wl_node *x = (*(const struct wl_pair *const *)a)->key;
	const struct wl_node *y = (*(const struct wl_pair *const *)b)->key;
	int c = memcmp(x->str, y->str, x->len < y->len ? x->len : y->len);

	if (c)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

/*
 * Two large mappings of as many keys: both sorted by key and walked side
 * by side, so comparing them costs n log n, not n squared (their keys
 * are unique: the parser rejects duplicates).
 */
static int equal_large_maps(const struct wl_node *a, const struct wl_node *b)
{
	const struct wl_pair **x = wl_xmalloc(2 * a->nr * sizeof(*x));
	const struct wl_pair **y = x + a->nr;
	size_t i;
	int eq = 1;

	for (i = 0; i < a->nr; i++) {
		x[i] = &a->pairs[i];
		y[i] = &b->pairs[i];
	}
	qsort(x, a->nr, sizeof(*x), cmp_pair_key);
	qsort(y, b->nr, sizeof(*y), cmp_pair_key);
	for (i = 0; eq && i < a->nr; i++)
		eq = same_key(x[i]->key, y[i]->key) &&
		     wl_node_equal(x[i]->value, y[i]->value);
	free(x);
	return eq;
}

int wl_node_equal(const struct wl_node *a, const struct wl_node *b)
{
	size_t i;

	if (a == b)
		return 1;
	if (!a || !b)
		return 0;
	if (wl_node_is_number(a) && wl_node_is_number(b)) {
		if (a->kind == WL_NODE_INT && b->kind == WL_NODE_INT)
			return a->v.i == b->v.i;
		/* `.nan` is the same value as `.nan`: a record compared
		 * with itself has no change, a list of two has a duplicate. */
		if (isnan(wl_node_number(a)) && isnan(wl_node_number(b)))
			return 1;
		return wl_node_number(a) == wl_node_number(b);
	}
	if (a->kind != b->kind)
		return 0;
	switch (a->kind) {
	case WL_NODE_NULL:
		return 1;
	case WL_NODE_BOOL:
		return a->v.b == b->v.b;
	case WL_NODE_STRING:
		return a->len == b->len && !memcmp(a->str, b->str, a->len);
	case WL_NODE_SEQ:
		if (a->nr != b->nr)
			return 0;
		for (i = 0; i < a->nr; i++)
			if (!wl_node_equal(a->items[i], b->items[i]))
				return 0;
		return 1;
	case WL_NODE_MAP:
		if (a->nr != b->nr)
			return 0;
		if (a->nr > 32)
			return equal_large_maps(a, b);
		for (i = 0; i < a->nr; i++) {
			const struct wl_node *v = find_key(b, a->pairs[i].key);

			if (!v || !wl_node_equal(a->pairs[i].value, v))
				return 0;
		}
		return 1;
	default:
		return 0;
	}
}

static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

uint64_t wl_node_hash(const struct wl_node *n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	switch (n->kind) {
	case WL_NODE_NULL:
		return 1;
	case WL_NODE_BOOL:
		return n->v.b ? 2 : 3;
	case WL_NODE_INT:
	case WL_NODE_FLOAT: {
		/* 1 and 1.0 are equal, so hash the value as a double. */
		double d = wl_node_number(n);
		uint64_t bits;

		if (d == 0)
			d = 0; /* -0.0 equals 0.0 */
		if (isnan(d))
			d = NAN; /* and every NaN equals NaN */
		memcpy(&bits, &d, sizeof(bits));
		return mix(bits ^ 4);
	}
	case WL_NODE_STRING:
		for (i = 0; i < n->len; i++) {
			h ^= (unsigned char)n->str[i];
			h *= 0x100000001b3ULL;
		}
		return mix(h ^ 5);
	case WL_NODE_SEQ:
		h = 6;
		for (i = 0; i < n->nr; i++)
			h = mix(h * 31 + wl_node_hash(n->items[i]));
		return h;
	case WL_NODE_MAP:
		/* Key order does not matter: combine pairs commutatively. */
		h = 7;
		for (i = 0; i < n->nr; i++) {
			struct wl_node key = *n->pairs[i].key;

			key.kind = WL_NODE_STRING;
			h += mix(wl_node_hash(&key) * 31 +
				 wl_node_hash(n->pairs[i].value));
		}
		return mix(h);
	}
	return 0;
}

const char *wl_node_kind_name(const struct wl_node *n)
{
	switch (n->kind) {
	case WL_NODE_NULL: return "null";
	case WL_NODE_BOOL: return "boolean";
	case WL_NODE_INT:
	case WL_NODE_FLOAT: return "number";
	case WL_NODE_STRING: return "string";
	case WL_NODE_SEQ: return "list";
	case WL_NODE_MAP: return "mapping";
	}
	return "value";
}

const char *wl_node_json_type(const struct wl_node *n)
{
	switch (n->kind) {
	case WL_NODE_NULL: return "null";
	case WL_NODE_BOOL: return "boolean";
	case WL_NODE_INT: return "integer";
	case WL_NODE_FLOAT:
		return isfinite(n->v.f) && n->v.f == floor(n->v.f) ?
			       "integer" : "number";
	case WL_NODE_STRING: return "string";
	case WL_NODE_SEQ: return "array";
	case WL_NODE_MAP: return "object";
	}
	return "null";
}

/* Renders `n`, stopping once `out` has grown to `stop` bytes. */
static void to_json(struct wl_buf *out, const struct wl_node *n, size_t stop)
{
	size_t i;

	if (out->len >= stop)
		return;
	switch (n->kind) {
	case WL_NODE_NULL:
		wl_buf_addstr(out, "null");
		break;
	case WL_NODE_BOOL:
		wl_buf_addstr(out, n->v.b ? "true" : "false");
		break;
	case WL_NODE_INT:
		wl_buf_addf(out, "%lld", n->v.i);
		break;
	case WL_NODE_FLOAT:
		/* JSON has no infinities or NaN. */
		if (isfinite(n->v.f)) {
			char num[40];

			/* The shortest form that reads back the same. */
			snprintf(num, sizeof(num), "%.15g", n->v.f);
			if (strtod(num, NULL) != n->v.f)
				snprintf(num, sizeof(num), "%.17g", n->v.f);
			wl_buf_addstr(out, num);
		} else {
			wl_buf_addstr(out, "null");
		}
		break;
	case WL_NODE_STRING:
		wl_buf_add_json_string(out, n->str,
				       n->len < stop - out->len ?
					       n->len : stop - out->len);
		break;
	case WL_NODE_SEQ:
		wl_buf_addch(out, '[');
		for (i = 0; i < n->nr && out->len < stop; i++) {
			if (i)
				wl_buf_addch(out, ',');
			to_json(out, n->items[i], stop);
		}
		wl_buf_addch(out, ']');
		break;
	case WL_NODE_MAP:
		wl_buf_addch(out, '{');
		for (i = 0; i < n->nr && out->len < stop; i++) {
			if (i)
				wl_buf_addch(out, ',');
			wl_buf_add_json_string(out, n->pairs[i].key->str,
					       n->pairs[i].key->len);
			wl_buf_addch(out, ':');
			to_json(out, n->pairs[i].value, stop);
		}
		wl_buf_addch(out, '}');
		break;
	}
}

void wl_node_to_json(struct wl_buf *out, const struct wl_node *n)
{
	to_json(out, n, SIZE_MAX);
}

void wl_node_to_json_prefix(struct wl_buf *out, const struct wl_node *n,
			    size_t max)
{
	size_t start = out->len;

	to_json(out, n, start + max > start ? start + max : SIZE_MAX);
}
