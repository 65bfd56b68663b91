#include "facts.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../banned.h"

/*
 * The text form is a run of NUL-terminated fields; each fact starts with
 * a one-letter kind that says how many fields follow:
 *
 *   T type
 *   F length packed-front-matter
 *   I line column field id
 *   S line column field value class     (enum wl_state_class, a number)
 *   Q line column field value           (the period)
 *   D line column field value           (the due date)
 *   R line column field value type
 *   P line column field value
 *
 * in that order (T and F first; I, S, Q and D once each, if the record
 * has them; then the R and P facts). Values cannot hold a NUL (a record
 * with one is not read), so nothing is escaped and the strings are used
 * where they lie. F's field is `length` bytes (a decimal number) of
 * packed front matter, which may hold NULs: readers skip it by its
 * length. An unusable record is the empty text. Changing this form
 * means bumping WL_FACTS_VERSION.
 *
 * The packed front matter is the tree, node by node, depth first:
 *
 *   node   = tag scalar | tag count node... | tag count (node node)...
 *   tag    = one byte: the kind (enum wl_node_kind) + 16 if plain
 *   scalar = count bytes NUL value
 *   value  = nothing (null, string), one byte 0/1 (bool), eight bytes
 *            little-endian (int: two's complement; float: IEEE 754 bits)
 *   count  = unsigned LEB128
 *
 * a list giving its items, a mapping its keys and values in turn. The
 * text of each scalar is kept as written, NUL-terminated where it lies,
 * so that a rebuilt tree points into the text and a change shows the
 * same text whether the blob was just parsed or read from the cache.
 */

static void add_field(struct wl_buf *out, const char *s)
{
	wl_buf_add(out, s, strlen(s) + 1);
}

/* A number and its NUL; by hand, as printf costs more than the rest of
 * a record's facts. */
static void add_number(struct wl_buf *out, int n)
{
	char b[16];
	size_t i = sizeof(b);
	unsigned u = n < 0 ? 0u - (unsigned)n : (unsigned)n;

	b[--i] = '\0';
	do
		b[--i] = (char)('0' + u % 10);
	while (u /= 10);
	if (n < 0)
		b[--i] = '-';
	wl_buf_add(out, b + i, sizeof(b) - i);
}

/* The values written so far: a set of nodes, open addressing. */
/* The values written so far (struct wl_facts_writer's seen): a set of
 * nodes, open addressing. */

static size_t slot_of(const struct wl_node *v, size_t mask)
{
	uintptr_t p = (uintptr_t)v;

	return (size_t)((p >> 4) ^ (p >> 16)) & mask;
}

/* Adds `v` to the set; returns 0 if it was there already. */
static int see(struct wl_facts_writer *d, const struct wl_node *v)
{
	size_t i;

	if (2 * (d->seen_nr + 1) > (d->seen ? d->seen_mask + 1 : 0)) {
		const struct wl_node **old = d->seen;
		size_t k, old_size = old ? d->seen_mask + 1 : 0;
		size_t size = old_size ? 2 * old_size : 64;

		d->seen = wl_xcalloc(size, sizeof(*d->seen));
		d->seen_mask = size - 1;
		for (k = 0; k < old_size; k++) {
			if (!old[k])
				continue;
			for (i = slot_of(old[k], d->seen_mask); d->seen[i];
			     i = (i + 1) & d->seen_mask)
				;
			d->seen[i] = old[k];
		}
		free(old);
	}
	for (i = slot_of(v, d->seen_mask); d->seen[i];
	     i = (i + 1) & d->seen_mask)
		if (d->seen[i] == v)
			return 0;
	d->seen[i] = v;
	d->seen_nr++;
	return 1;
}

static void add_value(struct wl_facts_writer *d, const struct wl_node *v,
		      const char *field, const char *ref_type)
{
	/* A value reached twice (allOf, an alias) is one fact; a list of
	 * many must not cost their square. */
	if (strlen(v->str) != v->len || !see(d, v))
		return;
	add_field(d->out, ref_type ? "R" : "P");
	add_number(d->out, v->line);
	add_number(d->out, v->column);
	add_field(d->out, field);
	add_field(d->out, v->str);
	if (ref_type)
		add_field(d->out, ref_type);
}

static void on_mark(const struct wl_schema_mark *m, void *data)
{
	struct wl_facts_writer *d = data;
	const struct wl_node *v = m->value;
	size_t i;

	if (!m->ref_type && !m->person)
		return;
	if (v->kind == WL_NODE_STRING) {
		add_value(d, v, m->path, m->ref_type);
	} else if (v->kind == WL_NODE_SEQ) {
		/* x-ref or x-person on a list: each string item counts. */
		for (i = 0; i < v->nr; i++) {
			char *field;

			if (v->items[i]->kind != WL_NODE_STRING)
				continue;
			field = wl_xprintf("%s[%zu]", m->path, i);
			add_value(d, v->items[i], field, m->ref_type);
			free(field);
		}
	}
}

/* Adds fact `kind` for scalar `v` of field `field`, if it is one. */
static void add_value_fact(struct wl_buf *out, const char *kind,
			   const char *field, const struct wl_node *v)
{
	add_field(out, kind);
	add_number(out, v->line);
	add_number(out, v->column);
	add_field(out, field);
	add_field(out, v->str);
}

/* Returns 1 for a scalar other than null whose text holds no NUL. */
static int plain(const struct wl_node *v)
{
	return v && v->kind != WL_NODE_SEQ && v->kind != WL_NODE_MAP &&
	       v->kind != WL_NODE_NULL && v->str && strlen(v->str) == v->len;
}

/* ---- the packed front matter ------------------------------------- */

/* Deeper than any front matter the limits let through (MAX_DEPTH). */
#define PACK_MAX_DEPTH 600

static void pack_count(struct wl_buf *out, size_t n)
{
	do {
		unsigned char b = (unsigned char)(n & 0x7f);

		n >>= 7;
		wl_buf_addch(out, n ? b | 0x80 : b);
	} while (n);
}

static void pack_u64(struct wl_buf *out, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		wl_buf_addch(out, (int)((v >> (8 * i)) & 0xff));
}

static void pack_node(struct wl_buf *out, const struct wl_node *n)
{
	size_t i;
	uint64_t bits;

	wl_buf_addch(out, (int)n->kind + (n->flags & WL_NODE_PLAIN ? 16 : 0));
	switch (n->kind) {
	case WL_NODE_SEQ:
		pack_count(out, n->nr);
		for (i = 0; i < n->nr; i++)
			pack_node(out, n->items[i]);
		return;
	case WL_NODE_MAP:
		pack_count(out, n->nr);
		for (i = 0; i < n->nr; i++) {
			pack_node(out, n->pairs[i].key);
			pack_node(out, n->pairs[i].value);
		}
		return;
	default:
		break;
	}
	pack_count(out, n->len);
	wl_buf_add(out, n->str ? n->str : "", n->str ? n->len : 0);
	wl_buf_add(out, "", 1);
	if (n->kind == WL_NODE_BOOL) {
		wl_buf_addch(out, n->v.b ? 1 : 0);
	} else if (n->kind == WL_NODE_INT) {
		pack_u64(out, (uint64_t)n->v.i);
	} else if (n->kind == WL_NODE_FLOAT) {
		memcpy(&bits, &n->v.f, sizeof(bits));
		pack_u64(out, bits);
	}
}

/* Adds the F fact: the packed front matter and its length. */
static void add_front_matter(struct wl_buf *out, const struct wl_node *fm)
{
	struct wl_buf packed = WL_BUF_INIT;

	pack_node(&packed, fm);
	add_field(out, "F");
	wl_buf_addf(out, "%zu", packed.len);
	wl_buf_add(out, "", 1);
	wl_buf_add(out, packed.buf, packed.len);
	wl_buf_release(&packed);
}

/* Reads packed nodes from [p, end), never past it. */
struct unpack {
	const unsigned char *p, *end;
	struct wl_arena *arena;
};

/* Reads a count of things that take at least `unit` bytes each. */
static int unpack_count(struct unpack *u, size_t *out, size_t unit)
{
	size_t n = 0;
	unsigned shift = 0;

	for (;;) {
		unsigned char b;

		if (u->p >= u->end || shift > 56)
			return -1;
		b = *u->p++;
		n |= (size_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			break;
		shift += 7;
	}
	/* A count beyond what is left is damage, not a reason to
	 * allocate. */
	if (n > (size_t)(u->end - u->p) / unit)
		return -1;
	*out = n;
	return 0;
}

static int unpack_u64(struct unpack *u, uint64_t *out)
{
	int i;

	if (u->end - u->p < 8)
		return -1;
	*out = 0;
	for (i = 0; i < 8; i++)
		*out |= (uint64_t)u->p[i] << (8 * i);
	u->p += 8;
	return 0;
}

static int unpack_scalar(struct unpack *u, struct wl_node *n)
{
	uint64_t bits;
	size_t len;

	if (unpack_count(u, &len, 1) < 0 || (size_t)(u->end - u->p) <= len ||
	    u->p[len] != '\0')
		return -1;
	n->str = (const char *)u->p;
	n->len = len;
	u->p += len + 1;
	switch (n->kind) {
	case WL_NODE_BOOL:
		if (u->p >= u->end || *u->p > 1)
			return -1;
		n->v.b = *u->p++;
		return 0;
	case WL_NODE_INT:
		if (unpack_u64(u, &bits) < 0)
			return -1;
		n->v.i = (long long)bits;
		return 0;
	case WL_NODE_FLOAT:
		if (unpack_u64(u, &bits) < 0)
			return -1;
		memcpy(&n->v.f, &bits, sizeof(bits));
		return 0;
	default:
		return 0;
	}
}

static struct wl_node *unpack_node(struct unpack *u, unsigned depth)
{
	struct wl_node *n;
	size_t i;
	unsigned tag;

	if (u->p >= u->end || depth > PACK_MAX_DEPTH)
		return NULL;
	tag = *u->p++;
	if ((tag & 15) > WL_NODE_MAP || tag > 31)
		return NULL;
	n = wl_arena_alloc(u->arena, sizeof(*n));
	n->kind = (enum wl_node_kind)(tag & 15);
	n->flags = tag & 16 ? WL_NODE_PLAIN : 0;
	if (n->kind != WL_NODE_SEQ && n->kind != WL_NODE_MAP)
		return unpack_scalar(u, n) < 0 ? NULL : n;
	n->str = "";
	/* A node takes two bytes at least (an empty list: tag, count), a
	 * key three (tag, length, NUL). */
	if (unpack_count(u, &n->nr, n->kind == WL_NODE_MAP ? 5 : 2) < 0)
		return NULL;
	if (n->kind == WL_NODE_SEQ) {
		n->items = wl_arena_alloc(u->arena,
					  (n->nr + 1) * sizeof(*n->items));
		for (i = 0; i < n->nr; i++)
			if (!(n->items[i] = unpack_node(u, depth + 1)))
				return NULL;
		return n;
	}
	n->pairs = wl_arena_alloc(u->arena, (n->nr + 1) * sizeof(*n->pairs));
	for (i = 0; i < n->nr; i++) {
		struct wl_pair *pr = &n->pairs[i];

		pr->key = unpack_node(u, depth + 1);
		if (!pr->key || pr->key->kind == WL_NODE_SEQ ||
		    pr->key->kind == WL_NODE_MAP ||
		    !(pr->value = unpack_node(u, depth + 1)))
			return NULL;
	}
	return n;
}

int wl_facts_front_matter(struct wl_doc *doc, const struct wl_facts *f)
{
	struct unpack u;
	struct wl_node *root;

	wl_doc_release(doc);
	if (!f->fm)
		return -1;
	u.p = (const unsigned char *)f->fm;
	u.end = u.p + f->fm_len;
	u.arena = &doc->arena;
	root = unpack_node(&u, 0);
	if (!root || root->kind != WL_NODE_MAP || u.p != u.end) {
		wl_doc_release(doc);
		return -1;
	}
	doc->root = root;
	return 0;
}

int wl_facts_begin(struct wl_facts_writer *w, struct wl_buf *out,
		   const struct wl_type *type, const struct wl_node *fm,
		   unsigned flags)
{
	const struct wl_lifecycle *lc;
	const struct wl_node *v;

	memset(w, 0, sizeof(*w));
	w->out = out;
	if (!type || !fm || fm->kind != WL_NODE_MAP)
		return 0;
	add_field(out, "T");
	add_field(out, type->name);
	if (!(flags & WL_FACTS_NO_FRONT_MATTER))
		add_front_matter(out, fm);
	if (type->id_field) {
		v = wl_node_get(fm, type->id_field);
		if (plain(v) && (v->kind == WL_NODE_STRING ||
				 v->kind == WL_NODE_INT))
			add_value_fact(out, "I", type->id_field, v);
	}
	lc = &type->lifecycle;
	v = lc->field ? wl_node_get(fm, lc->field) : NULL;
	if (plain(v)) {
		add_value_fact(out, "S", lc->field, v);
		add_number(out, (int)wl_type_state_class(type, v->str));
	}
	v = wl_node_get(fm, "period");
	if (plain(v) && v->kind == WL_NODE_STRING)
		add_value_fact(out, "Q", "period", v);
	v = lc->due ? wl_node_get(fm, lc->due) : NULL;
	if (plain(v))
		add_value_fact(out, "D", lc->due, v);
	return 1;
}

void wl_facts_mark(const struct wl_schema_mark *m, void *writer)
{
	on_mark(m, writer);
}

void wl_facts_end(struct wl_facts_writer *w)
{
	free(w->seen);
	memset(w, 0, sizeof(*w));
}

void wl_facts_write(struct wl_buf *out, const struct wl_type *type,
		    const struct wl_node *fm)
{
	struct wl_facts_writer w;

	if (wl_facts_begin(&w, out, type, fm, 0))
		wl_schema_marks(type->schema, fm, wl_facts_mark, &w);
	wl_facts_end(&w);
}

/* Reads the next field; returns NULL past the end. */
static const char *next(const char **p, const char *end)
{
	const char *s = *p, *nul;

	if (s >= end)
		return NULL;
	nul = memchr(s, '\0', (size_t)(end - s));
	if (!nul)
		return NULL;
	*p = nul + 1;
	return s;
}

static int number(const char *s, int *out)
{
	char *e;
	long v;

	if (!s)
		return -1;
	v = strtol(s, &e, 10);
	if (e == s || *e || v < 0 || v > 1000000000L)
		return -1;
	*out = (int)v;
	return 0;
}

static void unusable(struct wl_facts *f)
{
	const char *text = f->text;
	size_t len = f->len;

	free(f->v);
	memset(f, 0, sizeof(*f));
	f->text = text;
	f->len = len;
	f->complete = 1;
}

/* Reads "line column field value" into *out; returns 0 or -1. */
static int read_value(struct wl_fact_value *out, const char **p,
		      const char *end)
{
	return number(next(p, end), &out->line) < 0 ||
	       number(next(p, end), &out->column) < 0 ||
	       !(out->field = next(p, end)) || !(out->value = next(p, end)) ?
	       -1 : 0;
}

/*
 * Reads the facts that come once (I, S, Q, D, in that order, each
 * optional) from *p on; leaves *p at the first R or P fact. Returns 0,
 * or -1 if the text is not in the form.
 */
static int read_head(struct wl_facts *f, const char **p, const char *end)
{
	static const char order[] = "ISQD";
	const char *k = *p, *kind;
	struct wl_fact_value id;
	size_t at = 0;

	while ((kind = next(&k, end)) && kind[0] && !kind[1]) {
		const char *slot = strchr(order + at, kind[0]);

		if (!slot)
			break;
		at = (size_t)(slot - order) + 1;
		if (kind[0] == 'I') {
			if (read_value(&id, &k, end) < 0)
				return -1;
			f->id = id.value;
			f->id_field = id.field;
			f->id_line = id.line;
			f->id_column = id.column;
		} else if (kind[0] == 'S') {
			int cls;

			if (read_value(&f->state, &k, end) < 0 ||
			    number(next(&k, end), &cls) < 0 ||
			    cls > WL_STATE_CANCELLED)
				return -1;
			f->state_class = (enum wl_state_class)cls;
		} else if (read_value(kind[0] == 'Q' ? &f->period : &f->due,
				      &k, end) < 0) {
			return -1;
		}
		*p = k;
	}
	return 0;
}

/* Reads the F fact, "F length bytes", if it is next. Returns 0 or -1. */
static int read_front_matter(struct wl_facts *f, const char **p,
			     const char *end)
{
	const char *k = *p, *kind = next(&k, end), *num;
	char *e;
	unsigned long long n;

	if (!kind || strcmp(kind, "F"))
		return 0;
	num = next(&k, end);
	if (!num || *num < '0' || *num > '9')
		return -1;
	n = strtoull(num, &e, 10);
	if (*e || n > (unsigned long long)(end - k))
		return -1;
	f->fm = k;
	f->fm_len = (size_t)n;
	*p = k + n;
	return 0;
}

int wl_facts_parse(struct wl_facts *out, const char *text, size_t len)
{
	const char *p = text, *end = text + len, *kind;

	memset(out, 0, sizeof(*out));
	out->text = text;
	out->len = len;
	if (!len) {
		out->complete = 1;
		return 0;
	}
	kind = next(&p, end);
	if (!kind || strcmp(kind, "T") || !(out->type = next(&p, end)) ||
	    read_front_matter(out, &p, end) < 0 || read_head(out, &p, end) < 0)
		goto bad;
	out->head = (size_t)(p - text);
	return 0;
bad:
	unusable(out);
	return -1;
}

int wl_facts_complete(struct wl_facts *f)
{
	const char *p, *end = f->text + f->len, *kind;
	size_t n = 0;

	if (f->complete)
		return 0;
	f->complete = 1;
	for (p = f->text; p < end; p++)
		n += *p == '\0';
	f->v = wl_xcalloc(n / 5 + 1, sizeof(*f->v));
	p = f->text + f->head;
	while ((kind = next(&p, end))) {
		struct wl_fact *x = &f->v[f->nr];

		if (strcmp(kind, "R") && strcmp(kind, "P"))
			goto bad;
		if (number(next(&p, end), &x->line) < 0 ||
		    number(next(&p, end), &x->column) < 0 ||
		    !(x->field = next(&p, end)) || !(x->value = next(&p, end)))
			goto bad;
		if (*kind == 'R' && !(x->ref_type = next(&p, end)))
			goto bad;
		f->nr++;
	}
	return 0;
bad:
	unusable(f);
	return -1;
}

void wl_facts_release(struct wl_facts *f)
{
	free(f->v);
	memset(f, 0, sizeof(*f));
}
