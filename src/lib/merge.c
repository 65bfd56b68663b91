/*
 * The record merge (merge.h). The front matter is merged as trees
 * (base, ours, theirs, parsed with the spans of where each node is
 * written) into a list of edits of ours' YAML text: replace a value,
 * insert or delete a mapping entry or a list item, or wrap an entry in
 * conflict markers. The edits are applied by byte ranges, so ours'
 * untouched lines stay as they were, and a clean result is parsed again
 * and must equal the merged tree; anything else falls back to git's
 * line merge of the whole file.
 */
#include "merge.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compare.h"
#include "node.h"
#include "record.h"
#include "type.h"

#include "../banned.h"

/* One edit of ours' YAML text: [start, end) becomes `text`. */
struct edit {
	size_t start, end;
	char *text;
	size_t seq;             /* insertions at one place keep their order */
};

/* A version of the record: its file, front matter and spans. */
struct side {
	const char *buf;        /* the whole file */
	size_t len;
	struct wl_fm fm;
	const char *yaml;       /* buf + fm.yaml */
	size_t yaml_len;
	struct wl_doc doc;
	struct wl_spans spans;
};

struct ctx {
	struct side b, o, t;
	struct edit *edits;
	size_t nr, alloc, seq;
	struct wl_arena arena;          /* merged nodes */
	struct wl_buf path;             /* of the value being merged */
	struct wl_strlist *conflicts;
	int failed;                     /* an edit this merge cannot make */
	/* Top-level keys whose merged value x-transitions forbids, and why. */
	struct wl_strlist forced, forced_why;
};

/*
 * Where a value sits in ours: the lines of its mapping entry or list
 * item, which a conflict replaces, and the same entry in theirs.
 */
struct where {
	const struct where *up;
	int clean;              /* the entry starts its lines in ours */
	size_t start, end;      /* ours: the entry's lines (end: after the
				   newline); start == end: nothing there */
	size_t indent;          /* ours: its column, in bytes */
	/* theirs: the entry's text, in ours' indentation, or NULL */
	const char *theirs;
};

/* ---- text helpers ---------------------------------------------------- */

static size_t line_begin(const char *t, size_t pos)
{
	while (pos && t[pos - 1] != '\n')
		pos--;
	return pos;
}

/* After the newline of the line holding `pos` (the text's end if none). */
static size_t line_after(const char *t, size_t len, size_t pos)
{
	while (pos < len && t[pos] != '\n')
		pos++;
	return pos < len ? pos + 1 : len;
}

static int only_spaces(const char *t, size_t from, size_t to)
{
	for (; from < to; from++)
		if (t[from] != ' ')
			return 0;
	return 1;
}

static int one_line(const char *t, size_t from, size_t to)
{
	return !memchr(t + from, '\n', to - from);
}

/*
 * Appends the lines `t[from, to)` moved from column `from_col` to
 * column `to_col`: the first line is written at `to_col`, each later
 * line loses up to `from_col` leading spaces and gains `to_col`.
 */
static void reindent(struct wl_buf *out, const char *t, size_t from, size_t to,
		     size_t from_col, size_t to_col)
{
	size_t i = from, k;
	int first = 1;

	while (i < to) {
		size_t end = line_after(t, to, i), skip = 0;

		if (first) {
			while (i < end && t[i] == ' ')
				i++;
		} else {
			while (skip < from_col && i + skip < end &&
			       t[i + skip] == ' ')
				skip++;
			i += skip;
		}
		if (i < end && t[i] != '\n')
			for (k = 0; k < to_col; k++)
				wl_buf_addch(out, ' ');
		wl_buf_add(out, t + i, end - i);
		first = 0;
		i = end;
	}
	if (!out->len || out->buf[out->len - 1] != '\n')
		wl_buf_addch(out, '\n');
}

static const struct wl_span *span(const struct side *s, const struct wl_node *n)
{
	return wl_spans_find(&s->spans, n);
}

/* ---- writing values -------------------------------------------------- */

/* Whether string `s` can be written plain in any context and read back
 * as the same string. */
static int plain_safe(const char *s, size_t len)
{
	size_t i;

	if (!len || strlen(s) != len || s[0] == ' ' || s[len - 1] == ' ' ||
	    strchr("-?:,[]{}#&*!|>'\"%@`", s[0]))
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < ' ' || c == 0x7f || strchr(",[]{}", c) ||
		    (c == ':' && (i + 1 == len || s[i + 1] == ' ')) ||
		    (c == '#' && s[i - 1] == ' '))
			return 0;
	}
	/* Not a null, boolean or number, nor a YAML 1.1 boolean (lint's
	 * truthy rule would flag it). */
	return wl_yaml_plain_kind(s, len) == WL_NODE_STRING &&
	       !(len <= 5 && strchr("yYnNoO", s[0]) &&
		 (!strcmp(s, "y") || !strcmp(s, "Y") || !strcmp(s, "n") ||
		  !strcmp(s, "N") || !strcasecmp(s, "yes") ||
		  !strcasecmp(s, "no") || !strcasecmp(s, "on") ||
		  !strcasecmp(s, "off")));
}

static void write_quoted(struct wl_buf *out, const char *s, size_t len)
{
	size_t i;

	wl_buf_addch(out, '"');
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			wl_buf_addch(out, '\\');
			wl_buf_addch(out, c);
		} else if (c == '\n') {
			wl_buf_addstr(out, "\\n");
		} else if (c == '\t') {
			wl_buf_addstr(out, "\\t");
		} else if (c < ' ' || c == 0x7f) {
			wl_buf_addf(out, "\\x%02x", c);
		} else {
			wl_buf_addch(out, c);
		}
	}
	wl_buf_addch(out, '"');
}

static void write_flow(struct ctx *c, struct wl_buf *out,
		       const struct wl_node *n);

/* A scalar for a flow context: its own text where that is safe there. */
static void write_scalar(struct ctx *c, struct wl_buf *out,
			 const struct wl_node *n)
{
	const struct side *sides[] = { &c->o, &c->t };
	size_t i;

	for (i = 0; i < 2; i++) {
		const struct wl_span *s = span(sides[i], n);
		const char *t = sides[i]->yaml;

		if (s && s->style == WL_SPAN_QUOTED &&
		    one_line(t, s->start, s->end)) {
			wl_buf_add(out, t + s->start, s->end - s->start);
			return;
		}
	}
	switch (n->kind) {
	case WL_NODE_NULL:
		wl_buf_addstr(out, "null");
		break;
	case WL_NODE_BOOL:
		wl_buf_addstr(out, n->v.b ? "true" : "false");
		break;
	case WL_NODE_INT:
	case WL_NODE_FLOAT:
		if ((n->flags & WL_NODE_PLAIN) && plain_safe(n->str, n->len)) {
			wl_buf_add(out, n->str, n->len);
			break;
		}
		/* A number written as written, if it reads back as one. */
		if ((n->flags & WL_NODE_PLAIN) &&
		    wl_yaml_plain_kind(n->str, n->len) == n->kind &&
		    !strpbrk(n->str, ",[]{}# ")) {
			wl_buf_add(out, n->str, n->len);
			break;
		}
		wl_node_to_json(out, n);
		break;
	default:
		if (plain_safe(n->str, n->len))
			wl_buf_add(out, n->str, n->len);
		else
			write_quoted(out, n->str, n->len);
		break;
	}
}

static void write_flow(struct ctx *c, struct wl_buf *out,
		       const struct wl_node *n)
{
	size_t i;

	switch (n->kind) {
	case WL_NODE_SEQ:
		wl_buf_addch(out, '[');
		for (i = 0; i < n->nr; i++) {
			if (i)
				wl_buf_addstr(out, ", ");
			write_flow(c, out, n->items[i]);
		}
		wl_buf_addch(out, ']');
		break;
	case WL_NODE_MAP:
		wl_buf_addch(out, '{');
		for (i = 0; i < n->nr; i++) {
			if (i)
				wl_buf_addstr(out, ", ");
			write_scalar(c, out, n->pairs[i].key);
			wl_buf_addstr(out, ": ");
			write_flow(c, out, n->pairs[i].value);
		}
		wl_buf_addch(out, '}');
		break;
	default:
		write_scalar(c, out, n);
		break;
	}
}

/* ---- edits ----------------------------------------------------------- */

static void edit(struct ctx *c, size_t start, size_t end, char *text)
{
	struct edit *e;

	WL_ALLOC_GROW(c->edits, c->nr + 1, c->alloc);
	e = &c->edits[c->nr++];
	e->start = start;
	e->end = end;
	e->text = text;
	e->seq = c->seq++;
}

static void conflict_note(struct ctx *c, const char *why)
{
	wl_strlist_take(c->conflicts,
			wl_xprintf("%s: %s",
				   c->path.len ? wl_buf_cstr(&c->path) :
						 "front matter",
				   why));
}

/*
 * Writes a conflict over the entry at `w` (or the nearest enclosing one
 * that starts its lines): ours' lines, then theirs' entry.
 */
static void conflict(struct ctx *c, const struct where *w, const char *why)
{
	struct wl_buf b = WL_BUF_INIT;
	size_t i, kept;

	conflict_note(c, why);
	while (w && !w->clean)
		w = w->up;
	if (!w) {
		c->failed = 1;
		return;
	}
	/* What was edited inside the entry is part of the conflict now. */
	for (i = kept = 0; i < c->nr; i++) {
		struct edit *e = &c->edits[i];

		if (w->start < w->end && e->start >= w->start &&
		    e->end <= w->end && !(e->start == w->end && e->end == w->end)) {
			free(e->text);
			continue;
		}
		c->edits[kept++] = *e;
	}
	c->nr = kept;
	wl_buf_addstr(&b, WL_MERGE_MARK_OURS "\n");
	wl_buf_add(&b, c->o.yaml + w->start, w->end - w->start);
	if (b.buf[b.len - 1] != '\n')
		wl_buf_addch(&b, '\n');
	wl_buf_addstr(&b, WL_MERGE_MARK_SEP "\n");
	if (w->theirs)
		wl_buf_addstr(&b, w->theirs);
	wl_buf_addstr(&b, WL_MERGE_MARK_THEIRS "\n");
	edit(c, w->start, w->end, wl_buf_detach(&b, NULL));
}

/* The text to insert at `pos` of ours: on a line of its own. */
static char *at_line(const struct ctx *c, size_t pos, struct wl_buf *b)
{
	if (pos && c->o.yaml[pos - 1] != '\n') {
		struct wl_buf nl = WL_BUF_INIT;

		wl_buf_addch(&nl, '\n');
		wl_buf_add(&nl, b->buf, b->len);
		wl_buf_release(b);
		return wl_buf_detach(&nl, NULL);
	}
	return wl_buf_detach(b, NULL);
}

/* ---- where entries are ----------------------------------------------- */

/* The `-` of a block list item that starts at `pos`, or SIZE_MAX. */
static size_t find_dash(const char *t, size_t pos)
{
	while (pos && (t[pos - 1] == ' ' || t[pos - 1] == '\n'))
		pos--;
	return pos && t[pos - 1] == '-' ? pos - 1 : SIZE_MAX;
}

/* The end of the lines of a value spanning [start, end) after `from`. */
static size_t value_end(const struct side *s, const struct wl_span *v,
			size_t from)
{
	return line_after(s->yaml, s->yaml_len,
			  v->end > v->start ? v->end - 1 : from);
}

/*
 * The text of entry `j` of theirs' mapping `m`, in ours' column
 * `indent`: its lines when the mapping is written in block style, else
 * `key: value` written anew. Kept in the arena.
 */
static const char *theirs_entry(struct ctx *c, const struct wl_node *m,
				size_t j, size_t indent)
{
	const struct wl_span *ms = span(&c->t, m);
	const struct wl_span *ks = span(&c->t, m->pairs[j].key);
	const struct wl_span *vs = span(&c->t, m->pairs[j].value);
	struct wl_buf b = WL_BUF_INIT;
	const char *r;
	size_t k;

	if (ms && ms->style == WL_SPAN_BLOCK && ks && vs) {
		size_t ls = line_begin(c->t.yaml, ks->start);

		reindent(&b, c->t.yaml, ks->start,
			 value_end(&c->t, vs, ks->start), ks->start - ls,
			 indent);
	} else {
		for (k = 0; k < indent; k++)
			wl_buf_addch(&b, ' ');
		write_scalar(c, &b, m->pairs[j].key);
		wl_buf_addstr(&b, ": ");
		write_flow(c, &b, m->pairs[j].value);
		wl_buf_addch(&b, '\n');
	}
	r = wl_arena_strndup(&c->arena, b.buf, b.len);
	wl_buf_release(&b);
	return r;
}

/* The same for item `k` of theirs' list `l`, its `-` at `indent`. */
static const char *theirs_item(struct ctx *c, const struct wl_node *l,
			       size_t k, size_t indent)
{
	const struct wl_span *ls = span(&c->t, l);
	const struct wl_span *is = span(&c->t, l->items[k]);
	struct wl_buf b = WL_BUF_INIT;
	size_t dash = is ? find_dash(c->t.yaml, is->start) : SIZE_MAX, i;
	const char *r;

	if (ls && ls->style == WL_SPAN_BLOCK && dash != SIZE_MAX) {
		reindent(&b, c->t.yaml, dash, value_end(&c->t, is, dash),
			 dash - line_begin(c->t.yaml, dash), indent);
	} else {
		for (i = 0; i < indent; i++)
			wl_buf_addch(&b, ' ');
		wl_buf_addstr(&b, "- ");
		write_flow(c, &b, l->items[k]);
		wl_buf_addch(&b, '\n');
	}
	r = wl_arena_strndup(&c->arena, b.buf, b.len);
	wl_buf_release(&b);
	return r;
}

/* Where entry `i` of ours' block mapping `m` is. */
static int entry_where(struct ctx *c, struct where *w, const struct where *up,
		       const struct wl_node *m, size_t i)
{
	const struct wl_span *ks = span(&c->o, m->pairs[i].key);
	const struct wl_span *vs = span(&c->o, m->pairs[i].value);
	size_t ls;

	memset(w, 0, sizeof(*w));
	w->up = up;
	if (!ks || !vs)
		return -1;
	ls = line_begin(c->o.yaml, ks->start);
	w->clean = only_spaces(c->o.yaml, ls, ks->start);
	w->start = w->clean ? ls : ks->start;
	w->end = value_end(&c->o, vs, ks->start);
	w->indent = ks->start - ls;
	return 0;
}

/* Where item `j` of ours' block list `l` is. */
static int item_where(struct ctx *c, struct where *w, const struct where *up,
		      const struct wl_node *l, size_t j)
{
	const struct wl_span *is = span(&c->o, l->items[j]);
	size_t dash = is ? find_dash(c->o.yaml, is->start) : SIZE_MAX, ls;

	memset(w, 0, sizeof(*w));
	w->up = up;
	if (dash == SIZE_MAX)
		return -1;
	ls = line_begin(c->o.yaml, dash);
	w->clean = only_spaces(c->o.yaml, ls, dash);
	w->start = w->clean ? ls : dash;
	w->end = value_end(&c->o, is, dash);
	w->indent = dash - ls;
	return 0;
}

/* ---- merging --------------------------------------------------------- */

static const struct wl_node *merge_value(struct ctx *c,
					 const struct wl_node *b,
					 const struct wl_node *o,
					 const struct wl_node *t,
					 const struct where *w);

static struct wl_node *new_node(struct ctx *c, enum wl_node_kind kind,
				size_t room)
{
	struct wl_node *n = wl_arena_alloc(&c->arena, sizeof(*n));

	n->kind = kind;
	if (kind == WL_NODE_MAP)
		n->pairs = wl_arena_alloc(&c->arena,
					  (room + 1) * sizeof(*n->pairs));
	else
		n->items = wl_arena_alloc(&c->arena,
					  (room + 1) * sizeof(*n->items));
	return n;
}

static void map_add(struct wl_node *m, struct wl_node *key,
		    const struct wl_node *value)
{
	m->pairs[m->nr].key = key;
	m->pairs[m->nr].value = (struct wl_node *)value;
	m->nr++;
}

static size_t push_key(struct ctx *c, const struct wl_node *key)
{
	size_t at = c->path.len;

	wl_field_path_add_key(&c->path, key->str, key->len);
	return at;
}

static size_t push_index(struct ctx *c, size_t i)
{
	size_t at = c->path.len;

	wl_buf_addf(&c->path, "[%zu]", i);
	return at;
}

static void pop(struct ctx *c, size_t at)
{
	c->path.len = at;
	if (c->path.buf)
		c->path.buf[at] = '\0';
}

/* Ours' value `o` at `w` becomes theirs' `t`. */
static void take_theirs(struct ctx *c, const struct wl_node *o,
			const struct wl_node *t, const struct where *w)
{
	const struct wl_span *os = span(&c->o, o), *ts = span(&c->t, t);
	struct wl_buf b = WL_BUF_INIT;

	if (!os) {
		c->failed = 1;
		return;
	}
	if (os->start == os->end)
		wl_buf_addch(&b, ' ');  /* `key:` with nothing after it */
	if (ts && ts->style != WL_SPAN_LITERAL && ts->style != WL_SPAN_BLOCK &&
	    os->style != WL_SPAN_BLOCK &&
	    one_line(c->t.yaml, ts->start, ts->end)) {
		wl_buf_add(&b, c->t.yaml + ts->start, ts->end - ts->start);
	} else if (w->clean && w->theirs) {
		wl_buf_release(&b);
		edit(c, w->start, w->end, wl_xstrdup(w->theirs));
		return;
	} else {
		write_flow(c, &b, t);
	}
	/* A block scalar's span ends with its line break. */
	if (os->end > os->start && c->o.yaml[os->end - 1] == '\n')
		wl_buf_addch(&b, '\n');
	edit(c, os->start, os->end, wl_buf_detach(&b, NULL));
}

/* Whether top-level key `k` is one x-transitions sends to a conflict;
 * returns why, or NULL. */
static const char *forced(const struct ctx *c, const struct wl_node *k)
{
	size_t i;

	for (i = 0; i < c->forced.nr; i++)
		if (strlen(c->forced.v[i]) == k->len &&
		    !memcmp(c->forced.v[i], k->str, k->len))
			return c->forced_why.v[i];
	return NULL;
}

static int cmp_keys(const struct wl_node *x, const struct wl_node *y)
{
	int r = memcmp(x->str, y->str, x->len < y->len ? x->len : y->len);

	return r ? r : x->len < y->len ? -1 : x->len > y->len;
}

static int cmp_pair(const void *a, const void *b)
{
	return cmp_keys((*(const struct wl_pair *const *)a)->key,
			(*(const struct wl_pair *const *)b)->key);
}

/* A mapping's entries sorted by key: lookups stay cheap however many
 * keys a mapping has. */
struct keys {
	const struct wl_node *m;
	const struct wl_pair **v;
	size_t nr;
};

static void keys_init(struct keys *k, const struct wl_node *m)
{
	size_t i;

	k->m = m && m->kind == WL_NODE_MAP ? m : NULL;
	k->nr = k->m ? m->nr : 0;
	k->v = wl_xcalloc(k->nr + 1, sizeof(*k->v));
	for (i = 0; i < k->nr; i++)
		k->v[i] = &m->pairs[i];
	qsort(k->v, k->nr, sizeof(*k->v), cmp_pair);
}

/* The index of the entry with `key`, or SIZE_MAX. */
static size_t keys_find(const struct keys *k, const struct wl_node *key)
{
	size_t lo = 0, hi = k->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = cmp_keys(k->v[mid]->key, key);

		if (!r)
			return (size_t)(k->v[mid] - k->m->pairs);
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SIZE_MAX;
}

static const struct wl_node *keys_get(const struct keys *k,
				      const struct wl_node *key)
{
	size_t i = keys_find(k, key);

	return i == SIZE_MAX ? NULL : k->m->pairs[i].value;
}

static void delete_entry(struct ctx *c, const struct where *w,
			 const struct wl_node *o, size_t i)
{
	const struct wl_span *next;

	if (w->clean) {
		edit(c, w->start, w->end, wl_xstrdup(""));
		return;
	}
	/* `- id: K1` losing `id`: the next key takes its place. */
	next = i + 1 < o->nr ? span(&c->o, o->pairs[i + 1].key) : NULL;
	if (!next) {
		c->failed = 1;
		return;
	}
	edit(c, w->start, next->start, wl_xstrdup(""));
}

/*
 * What theirs adds goes after an entry of ours: for each of ours'
 * entries, the list of theirs' entries (or items) to insert after it,
 * in theirs' order.
 */
struct anchors {
	size_t *first, *last, *next;
};

static void anchors_init(struct anchors *a, size_t ours, size_t theirs)
{
	size_t i;

	a->first = wl_xcalloc(ours + 1, sizeof(*a->first));
	a->last = wl_xcalloc(ours + 1, sizeof(*a->last));
	a->next = wl_xcalloc(theirs + 1, sizeof(*a->next));
	for (i = 0; i <= ours; i++)
		a->first[i] = a->last[i] = SIZE_MAX;
}

static void anchors_add(struct anchors *a, size_t after, size_t j)
{
	if (after == SIZE_MAX)
		return;
	a->next[j] = SIZE_MAX;
	if (a->first[after] == SIZE_MAX)
		a->first[after] = j;
	else
		a->next[a->last[after]] = j;
	a->last[after] = j;
}

static void anchors_release(struct anchors *a)
{
	free(a->first);
	free(a->last);
	free(a->next);
}

/* The mapping merge's state: the three mappings, indexed. */
struct map_merge {
	const struct wl_node *b, *o, *t;
	struct keys kb, ko, kt;
	struct wl_node *m;              /* merged */
	const struct where *w;          /* ours' mapping, NULL: no edits */
	int top;                        /* the front matter itself */
	size_t deleted;
	int bad;
};

/* Entry `i` of ours; `ew` is filled with where it is. */
static void map_entry(struct ctx *c, struct map_merge *mm, size_t i,
		      struct where *ew)
{
	struct wl_node *k = mm->o->pairs[i].key;
	const struct wl_node *ov = mm->o->pairs[i].value, *r;
	size_t j = keys_find(&mm->kt, k), at = push_key(c, k);
	const struct wl_node *tv = j == SIZE_MAX ? NULL : mm->t->pairs[j].value;
	const struct wl_node *bv = keys_get(&mm->kb, k);
	const char *why = mm->top ? forced(c, k) : NULL;

	if (mm->w) {
		if (entry_where(c, ew, mm->w, mm->o, i) < 0)
			c->failed = 1;
		ew->theirs = tv ? theirs_entry(c, mm->t, j, ew->indent) : NULL;
	}
	if (why) {
		mm->bad = 1;
		if (mm->w)
			conflict(c, ew, why);
	} else if (tv) {
		r = merge_value(c, bv, ov, tv, mm->w ? ew : NULL);
		if (r)
			map_add(mm->m, k, r);
		else
			mm->bad = 1;
	} else if (!bv) {
		map_add(mm->m, k, ov);          /* ours added it */
	} else if (wl_node_equal(bv, ov)) {
		mm->deleted++;                  /* theirs deleted it */
		if (mm->w)
			delete_entry(c, ew, mm->o, i);
	} else {
		mm->bad = 1;
		if (mm->w)
			conflict(c, ew, "changed on one side, deleted on the other");
	}
	pop(c, at);
}

/* Entry `j` of theirs that ours lacks, to go after `after` in ours. */
static void map_insert(struct ctx *c, struct map_merge *mm, size_t j,
		       const struct where *after)
{
	struct wl_node *k = mm->t->pairs[j].key;
	const struct wl_node *tv = mm->t->pairs[j].value;
	const struct wl_node *bv = keys_get(&mm->kb, k);
	struct where iw;
	struct wl_buf b = WL_BUF_INIT;
	size_t at = push_key(c, k);

	memset(&iw, 0, sizeof(iw));
	if (mm->w) {
		iw.up = mm->w;
		iw.clean = 1;
		iw.start = iw.end = after->end;
		iw.indent = after->indent;
		iw.theirs = theirs_entry(c, mm->t, j, iw.indent);
	}
	if (!bv) {
		map_add(mm->m, k, tv);          /* theirs added it */
		if (mm->w) {
			wl_buf_addstr(&b, iw.theirs);
			edit(c, iw.start, iw.start, at_line(c, iw.start, &b));
		}
	} else if (!wl_node_equal(bv, tv)) {
		mm->bad = 1;
		if (mm->w)
			conflict(c, &iw, "deleted on one side, changed on the other");
	}
	pop(c, at);
}

/*
 * Merges mappings key by key. With `w` (ours is a block mapping at `w`)
 * it edits ours entry by entry; without, it only computes. Theirs' new
 * keys go after the ours entry of the key before them in theirs, or at
 * the end. Returns the merged mapping, or NULL if a key conflicts.
 */
static const struct wl_node *merge_map(struct ctx *c, const struct wl_node *b,
				       const struct wl_node *o,
				       const struct wl_node *t,
				       const struct where *w, int top)
{
	struct map_merge mm;
	struct where ew;
	struct anchors an;
	size_t i, j, prev = SIZE_MAX;

	memset(&mm, 0, sizeof(mm));
	mm.b = b;
	mm.o = o;
	mm.t = t;
	mm.w = w;
	mm.top = top;
	keys_init(&mm.kb, b);
	keys_init(&mm.ko, o);
	keys_init(&mm.kt, t);
	mm.m = new_node(c, WL_NODE_MAP, o->nr + t->nr);
	anchors_init(&an, o->nr, t->nr);
	for (j = 0; j < t->nr; j++) {
		size_t oi = keys_find(&mm.ko, t->pairs[j].key);

		if (oi == SIZE_MAX) {
			anchors_add(&an, prev == SIZE_MAX ? o->nr - 1 : prev, j);
			continue;
		}
		/* Where both added keys at one place, ours' come first. */
		for (prev = oi; prev + 1 < o->nr &&
				!keys_get(&mm.kb, o->pairs[prev + 1].key) &&
				keys_find(&mm.kt, o->pairs[prev + 1].key) ==
					SIZE_MAX;
		     prev++)
			;
	}
	memset(&ew, 0, sizeof(ew));
	for (i = 0; i < o->nr; i++) {
		map_entry(c, &mm, i, &ew);
		for (j = an.first[i]; j != SIZE_MAX; j = an.next[j])
			map_insert(c, &mm, j, &ew);
	}
	for (j = 0; !o->nr && j < t->nr; j++)
		map_insert(c, &mm, j, &ew);
	if (w && o->nr && mm.deleted == o->nr && mm.m->nr == 0)
		c->failed = 1;  /* a block mapping cannot become empty */
	anchors_release(&an);
	free(mm.kb.v);
	free(mm.ko.v);
	free(mm.kt.v);
	return mm.bad ? NULL : mm.m;
}

/* The list merge's state: how the items of the three lists pair. */
struct seq_merge {
	const struct wl_node *b, *o, *t;
	size_t *ob, *tb;        /* ours' and theirs' items: base index */
	size_t *ot, *to;        /* ours' item: theirs' index; and back */
	size_t *bo;             /* base item: ours' index */
	struct wl_node *m;      /* merged */
	const struct where *w;  /* ours' list, NULL: no edits */
	size_t deleted;
	int bad;
};

static size_t *invert(const size_t *to, size_t nr, size_t out_nr)
{
	size_t *v = wl_xcalloc(out_nr + 1, sizeof(*v)), i;

	for (i = 0; i < out_nr; i++)
		v[i] = SIZE_MAX;
	for (i = 0; i < nr; i++)
		if (to[i] != SIZE_MAX)
			v[to[i]] = i;
	return v;
}

/*
 * Pairs the items as compare.h does: ours' and theirs' with the base's,
 * then the items both added with each other (the same item added on
 * both sides is one item).
 */
static void seq_pair(struct seq_merge *sm)
{
	const struct wl_node *b = sm->b, *o = sm->o, *t = sm->t;
	struct wl_node oa = { WL_NODE_SEQ }, ta = { WL_NODE_SEQ };
	size_t *bt, *oai, *tai, *pairs, j, k;

	sm->ob = wl_xcalloc(o->nr + 1, sizeof(*sm->ob));
	sm->tb = wl_xcalloc(t->nr + 1, sizeof(*sm->tb));
	wl_compare_pair_items(sm->ob, b, o);
	wl_compare_pair_items(sm->tb, b, t);
	sm->bo = invert(sm->ob, o->nr, b->nr);
	bt = invert(sm->tb, t->nr, b->nr);
	sm->ot = wl_xcalloc(o->nr + 1, sizeof(*sm->ot));
	sm->to = wl_xcalloc(t->nr + 1, sizeof(*sm->to));
	oa.items = wl_xcalloc(o->nr + 1, sizeof(*oa.items));
	ta.items = wl_xcalloc(t->nr + 1, sizeof(*ta.items));
	oai = wl_xcalloc(o->nr + 1, sizeof(*oai));
	tai = wl_xcalloc(t->nr + 1, sizeof(*tai));
	for (k = 0; k < t->nr; k++) {
		sm->to[k] = SIZE_MAX;
		if (sm->tb[k] == SIZE_MAX) {
			tai[ta.nr] = k;
			ta.items[ta.nr++] = t->items[k];
		}
	}
	for (j = 0; j < o->nr; j++) {
		sm->ot[j] = sm->ob[j] == SIZE_MAX ? SIZE_MAX : bt[sm->ob[j]];
		if (sm->ot[j] != SIZE_MAX)
			sm->to[sm->ot[j]] = j;
		if (sm->ob[j] == SIZE_MAX) {
			oai[oa.nr] = j;
			oa.items[oa.nr++] = o->items[j];
		}
	}
	pairs = wl_xcalloc(ta.nr + 1, sizeof(*pairs));
	wl_compare_pair_items(pairs, &oa, &ta);
	for (k = 0; k < ta.nr; k++) {
		if (pairs[k] == SIZE_MAX)
			continue;
		sm->ot[oai[pairs[k]]] = tai[k];
		sm->to[tai[k]] = oai[pairs[k]];
	}
	free(pairs);
	free(oa.items);
	free(ta.items);
	free(oai);
	free(tai);
	free(bt);
}

/* Item `j` of ours; `iw` is filled with where it is. */
static void seq_item(struct ctx *c, struct seq_merge *sm, size_t j,
		     struct where *iw)
{
	const struct wl_node *ov = sm->o->items[j], *r;
	size_t i = sm->ob[j], k = sm->ot[j], at = push_index(c, j);

	if (sm->w) {
		if (item_where(c, iw, sm->w, sm->o, j) < 0)
			c->failed = 1;
		iw->theirs = k == SIZE_MAX ? NULL :
			     theirs_item(c, sm->t, k, iw->indent);
	}
	if (k != SIZE_MAX) {
		r = merge_value(c, i == SIZE_MAX ? NULL : sm->b->items[i], ov,
				sm->t->items[k], sm->w ? iw : NULL);
		if (r)
			sm->m->items[sm->m->nr++] = (struct wl_node *)r;
		else
			sm->bad = 1;
	} else if (i == SIZE_MAX) {
		sm->m->items[sm->m->nr++] = (struct wl_node *)ov;
	} else if (wl_node_equal(sm->b->items[i], ov)) {
		sm->deleted++;                  /* theirs removed it */
		if (sm->w && iw->clean)
			edit(c, iw->start, iw->end, wl_xstrdup(""));
		else if (sm->w)
			c->failed = 1;
	} else {
		sm->bad = 1;
		if (sm->w)
			conflict(c, iw, "changed on one side, removed on the other");
	}
	pop(c, at);
}

/* Item `k` of theirs that pairs with none of ours, after `after`. */
static void seq_insert(struct ctx *c, struct seq_merge *sm, size_t k,
		       const struct where *after)
{
	size_t i = sm->tb[k], at = push_index(c, k);
	struct where iw;
	struct wl_buf b = WL_BUF_INIT;

	memset(&iw, 0, sizeof(iw));
	if (sm->w) {
		iw.up = sm->w;
		iw.clean = 1;
		iw.start = iw.end = after->end;
		iw.indent = after->indent;
		iw.theirs = theirs_item(c, sm->t, k, iw.indent);
	}
	if (i == SIZE_MAX) {
		sm->m->items[sm->m->nr++] = sm->t->items[k];   /* added */
		if (sm->w) {
			wl_buf_addstr(&b, iw.theirs);
			edit(c, iw.start, iw.start, at_line(c, iw.start, &b));
		}
	} else if (!wl_node_equal(sm->b->items[i], sm->t->items[k])) {
		sm->bad = 1;            /* ours removed what theirs changed */
		if (sm->w)
			conflict(c, &iw, "removed on one side, changed on the other");
	}
	pop(c, at);
}

/*
 * Merges lists item by item, as merge_map does mappings: theirs' new
 * items go after ours' item that pairs with the item before them in
 * theirs, or at the end.
 */
static const struct wl_node *merge_seq(struct ctx *c, const struct wl_node *b,
				       const struct wl_node *o,
				       const struct wl_node *t,
				       const struct where *w)
{
	static const struct wl_node empty = { WL_NODE_SEQ };
	struct seq_merge sm;
	struct where iw;
	struct anchors an;
	size_t j, k, prev = SIZE_MAX;

	memset(&sm, 0, sizeof(sm));
	sm.b = b && b->kind == WL_NODE_SEQ ? b : &empty;
	sm.o = o;
	sm.t = t;
	sm.w = w;
	sm.m = new_node(c, WL_NODE_SEQ, o->nr + t->nr);
	seq_pair(&sm);
	anchors_init(&an, o->nr, t->nr);
	for (k = 0; k < t->nr; k++) {
		if (sm.to[k] == SIZE_MAX) {
			anchors_add(&an, prev == SIZE_MAX ? o->nr - 1 : prev, k);
			continue;
		}
		/* Where both added items at one place, ours' come first. */
		for (prev = sm.to[k]; prev + 1 < o->nr &&
				      sm.ob[prev + 1] == SIZE_MAX &&
				      sm.ot[prev + 1] == SIZE_MAX;
		     prev++)
			;
	}
	memset(&iw, 0, sizeof(iw));
	for (j = 0; j < o->nr; j++) {
		seq_item(c, &sm, j, &iw);
		for (k = an.first[j]; k != SIZE_MAX; k = an.next[k])
			seq_insert(c, &sm, k, &iw);
	}
	for (k = 0; !o->nr && k < t->nr; k++)
		seq_insert(c, &sm, k, &iw);
	if (w && o->nr && sm.deleted == o->nr && sm.m->nr == 0)
		c->failed = 1;  /* a block list cannot become empty */
	anchors_release(&an);
	free(sm.ob);
	free(sm.tb);
	free(sm.ot);
	free(sm.to);
	free(sm.bo);
	return sm.bad ? NULL : sm.m;
}

/*
 * Merges one value. `w` is where ours' value sits (its entry), or NULL
 * inside a flow value that the caller rewrites whole. Returns the merged
 * value, or NULL on a conflict (written at `w` when there is one).
 */
static const struct wl_node *merge_value(struct ctx *c,
					 const struct wl_node *b,
					 const struct wl_node *o,
					 const struct wl_node *t,
					 const struct where *w)
{
	const struct wl_span *os;
	const struct wl_node *m = NULL;
	int block;

	if (wl_node_equal(o, t) || (b && wl_node_equal(b, t)))
		return o;
	if (b && wl_node_equal(b, o)) {
		if (w)
			take_theirs(c, o, t, w);
		return t;
	}
	os = w ? span(&c->o, o) : NULL;
	if (w && !os) {
		c->failed = 1;
		return NULL;
	}
	block = os && os->style == WL_SPAN_BLOCK;
	if (o->kind == WL_NODE_MAP && t->kind == WL_NODE_MAP &&
	    (!b || b->kind == WL_NODE_MAP)) {
		m = merge_map(c, b, o, t, block ? w : NULL, 0);
	} else if (o->kind == WL_NODE_SEQ && t->kind == WL_NODE_SEQ &&
		   (!b || b->kind == WL_NODE_SEQ)) {
		m = merge_seq(c, b, o, t, block ? w : NULL);
	} else {
		if (w)
			conflict(c, w, b ? "changed on both sides" :
					   "added on both sides, differently");
		return NULL;
	}
	if (block || !w)
		return m;
	/* A flow collection is written anew, or is the conflict. */
	if (!m) {
		conflict(c, w, "changed on both sides");
	} else {
		struct wl_buf out = WL_BUF_INIT;

		write_flow(c, &out, m);
		edit(c, os->start, os->end, wl_buf_detach(&out, NULL));
	}
	return m;
}

/* ---- the file -------------------------------------------------------- */

/*
 * Reads a version: its front matter with spans. Returns NULL, or why it
 * cannot be merged field by field (static). An empty base is a file new
 * on both sides: no front matter, no body.
 */
static const char *read_side(struct side *s, const struct wl_git_text *in,
			     const struct wl_yaml_limits *lim, const char *path,
			     int base)
{
	struct wl_diags diags = WL_DIAGS_INIT;
	const char *why;
	size_t bad;

	s->buf = in->buf;
	s->len = in->len;
	if (base && !in->len) {
		s->fm.body = 0;
		return NULL;
	}
	if (wl_fm_split(&s->fm, in->buf, in->len) != WL_FM_OK)
		return "a version is not a record";
	if (s->fm.flags & WL_FM_CRLF)
		return "a version's front matter has \\r\\n line ends";
	s->yaml = in->buf + s->fm.yaml;
	s->yaml_len = s->fm.yaml_len;
	if (!wl_utf8_check(s->yaml, s->yaml_len, &bad, &why))
		return "a version's front matter is not UTF-8";
	wl_yaml_parse_spans(&s->doc, &s->spans, s->yaml, s->yaml_len,
			    s->fm.yaml_line - 1, lim, path, &diags);
	wl_diags_release(&diags);
	if (!s->doc.root || s->doc.root->kind != WL_NODE_MAP)
		return "a version's front matter cannot be read";
	if (s->spans.aliases)
		return "a version's front matter has aliases";
	return NULL;
}

static void side_release(struct side *s)
{
	wl_doc_release(&s->doc);
	wl_spans_release(&s->spans);
}

/* The record type of ours, by the repository's rules, or NULL. */
static const struct wl_type *type_of(struct ctx *c, struct wl_repo *repo,
				     const char *path)
{
	struct wl_record r = WL_RECORD_INIT;
	struct wl_diags diags = WL_DIAGS_INIT;
	const struct wl_type *t;

	if (!repo)
		return NULL;
	r.path = (char *)path;
	r.fm = c->o.fm;
	r.doc.root = c->o.doc.root;
	t = wl_repo_record_type(repo, &r, &diags);
	wl_diags_release(&diags);
	return t;
}

/*
 * x-transitions judge the merged change of each state field, from the
 * base value to the merged one: one a branch made in steps may be a
 * step the machine does not allow. Such a field becomes a conflict.
 */
static void judge_transitions(struct ctx *c, const struct wl_type *type)
{
	const struct wl_node *b = c->b.doc.root, *o = c->o.doc.root;
	const struct wl_node *t = c->t.doc.root;
	size_t i;

	for (i = 0; b && i < type->nr_transitions; i++) {
		const struct wl_transitions *tr = &type->transitions[i];
		const struct wl_node *bv = wl_node_get(b, tr->field);
		const struct wl_node *ov = wl_node_get(o, tr->field);
		const struct wl_node *tv = wl_node_get(t, tr->field);
		const struct wl_node *m;

		if (!bv || !ov || !tv || bv->kind >= WL_NODE_SEQ ||
		    bv->kind == WL_NODE_NULL)
			continue;
		m = merge_value(c, bv, ov, tv, NULL);
		if (!m || m->kind >= WL_NODE_SEQ || m->kind == WL_NODE_NULL ||
		    !strcmp(bv->str, m->str) ||
		    wl_transition_allowed(tr, bv->str, m->str) != 0)
			continue;
		wl_strlist_take(&c->forced, wl_xstrdup(tr->field));
		wl_strlist_take(&c->forced_why,
				wl_xprintf("%s → %s is not an allowed transition",
					   bv->str, m->str));
	}
}

/* Insertions before the replacements that start where they go. */
static int cmp_edit(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if ((x->start == x->end) != (y->start == y->end))
		return x->start == x->end ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Ours' YAML text with the edits made. Returns 0, or -1 if two edits
 * overlap. */
static int apply(struct ctx *c, struct wl_buf *out)
{
	size_t i, pos = 0;

	if (c->nr)
		qsort(c->edits, c->nr, sizeof(*c->edits), cmp_edit);
	for (i = 0; i < c->nr; i++) {
		const struct edit *e = &c->edits[i];

		if (e->start < pos)
			return -1;
		wl_buf_add(out, c->o.yaml + pos, e->start - pos);
		wl_buf_addstr(out, e->text);
		pos = e->end;
	}
	wl_buf_add(out, c->o.yaml + pos, c->o.yaml_len - pos);
	return 0;
}

/* Whether `yaml` reads back as the merged front matter `m`. */
static int reads_as(const struct wl_buf *yaml, const struct wl_node *m,
		    const struct wl_yaml_limits *lim)
{
	struct wl_doc doc = WL_DOC_INIT;
	struct wl_diags diags = WL_DIAGS_INIT;
	int ok;

	wl_yaml_parse(&doc, yaml->buf ? yaml->buf : "", yaml->len, 0, lim,
		      "merge", &diags);
	ok = doc.root && !diags.nr && wl_node_equal(doc.root, m);
	wl_doc_release(&doc);
	wl_diags_release(&diags);
	return ok;
}

/*
 * Merges the front matters into `yaml`. Returns NULL, or why they cannot
 * be merged field by field.
 */
static const char *merge_front(struct ctx *c, struct wl_buf *yaml,
			       const struct wl_type *type,
			       const struct wl_yaml_limits *lim)
{
	const struct wl_span *rs = span(&c->o, c->o.doc.root);
	struct where root;
	struct wl_buf all = WL_BUF_INIT;
	const struct wl_node *m;
	size_t before = c->conflicts->nr;

	if (!rs || rs->style != WL_SPAN_BLOCK)
		return "ours' front matter is not a block mapping";
	if (type)
		judge_transitions(c, type);
	memset(&root, 0, sizeof(root));
	root.clean = 1;
	root.end = c->o.yaml_len;
	reindent(&all, c->t.yaml, 0, c->t.yaml_len, 0, 0);
	root.theirs = wl_arena_strndup(&c->arena, all.buf, all.len);
	wl_buf_release(&all);
	m = merge_map(c, c->b.doc.root, c->o.doc.root, c->t.doc.root, &root,
		      1);
	if (c->failed || apply(c, yaml) < 0)
		return "an edit of ours' front matter was not possible";
	if (c->conflicts->nr == before && (!m || !reads_as(yaml, m, lim)))
		return "the merged front matter did not read back as merged";
	return NULL;
}

static const char *const labels[3] = { "base", "ours", "theirs" };

/* The body of a version: after its front matter (empty base: none). */
static struct wl_git_text body_of(const struct side *s)
{
	struct wl_git_text t;

	t.buf = s->buf + (s->len ? s->fm.body : 0);
	t.len = s->len ? s->len - s->fm.body : 0;
	return t;
}

int wl_merge(struct wl_merge_result *out, const struct wl_git_text *base,
	     const struct wl_git_text *ours, const struct wl_git_text *theirs,
	     struct wl_repo *repo, const char *path, char **err)
{
	static const struct wl_yaml_limits defaults = WL_YAML_LIMITS_DEFAULT;
	const struct wl_yaml_limits *lim = repo ? &repo->cfg.limits : &defaults;
	struct ctx c;
	struct wl_buf yaml = WL_BUF_INIT;
	struct wl_git_text bb, ob, tb;
	const char *why;
	size_t i;
	int clean, ret = -1;

	memset(&c, 0, sizeof(c));
	c.conflicts = &out->conflicts;
	why = read_side(&c.o, ours, lim, path, 0);
	if (!why)
		why = read_side(&c.t, theirs, lim, path, 0);
	if (!why)
		why = read_side(&c.b, base, lim, path, 1);
	if (!why)
		why = merge_front(&c, &yaml, type_of(&c, repo, path), lim);
	if (why) {
		/* As git would have merged it. */
		wl_strlist_release(&out->conflicts);
		out->by_lines = 1;
		out->why_lines = why;
		if (wl_git_merge_text(&out->text, &clean, base, ours, theirs,
				      labels, err) < 0)
			goto done;
		if (!clean)
			wl_strlist_take(&out->conflicts,
					wl_xstrdup("the file: changed on both sides (merged by lines)"));
		ret = 0;
		goto done;
	}
	bb = body_of(&c.b);
	ob = body_of(&c.o);
	tb = body_of(&c.t);
	wl_buf_add(&out->text, ours->buf, c.o.fm.yaml);
	wl_buf_add(&out->text, yaml.buf ? yaml.buf : "", yaml.len);
	wl_buf_add(&out->text, ours->buf + c.o.fm.yaml + c.o.fm.yaml_len,
		   c.o.fm.body - c.o.fm.yaml - c.o.fm.yaml_len);
	if (wl_git_merge_text(&out->text, &clean, &bb, &ob, &tb, labels,
			      err) < 0)
		goto done;
	if (!clean)
		wl_strlist_take(&out->conflicts,
				wl_xstrdup("the body: changed on both sides"));
	ret = 0;
done:
	for (i = 0; i < c.nr; i++)
		free(c.edits[i].text);
	free(c.edits);
	wl_arena_release(&c.arena);
	wl_buf_release(&c.path);
	wl_strlist_release(&c.forced);
	wl_strlist_release(&c.forced_why);
	wl_buf_release(&yaml);
	side_release(&c.b);
	side_release(&c.o);
	side_release(&c.t);
	return ret;
}

void wl_merge_result_release(struct wl_merge_result *r)
{
	wl_buf_release(&r->text);
	wl_strlist_release(&r->conflicts);
	r->by_lines = 0;
	r->why_lines = NULL;
}
