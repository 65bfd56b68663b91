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
 *   I line column field id
 *   R line column field value type
 *   P line column field value
 *
 * in that order (T first, then I if the record has an id). Values cannot
 * hold a NUL (a record with one is not read), so nothing is escaped and
 * the strings are used where they lie. An unusable record is the empty
 * text.
 */

static void add_field(struct wl_buf *out, const char *s)
{
	wl_buf_add(out, s, strlen(s) + 1);
}

static void add_number(struct wl_buf *out, int n)
{
	wl_buf_addf(out, "%d", n);
	wl_buf_add(out, "", 1);
}

/* The values written so far: a set of nodes, open addressing. */
struct mark_data {
	struct wl_buf *out;
	const struct wl_node **seen;
	size_t seen_nr, seen_mask;
};

static size_t slot_of(const struct wl_node *v, size_t mask)
{
	uintptr_t p = (uintptr_t)v;

	return (size_t)((p >> 4) ^ (p >> 16)) & mask;
}

/* Adds `v` to the set; returns 0 if it was there already. */
static int see(struct mark_data *d, const struct wl_node *v)
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

static void add_value(struct mark_data *d, const struct wl_node *v,
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
	struct mark_data *d = data;
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

void wl_facts_write(struct wl_buf *out, const struct wl_type *type,
		    const struct wl_node *fm)
{
	struct mark_data d = { out, NULL, 0, 0 };
	const struct wl_node *id;

	if (!type || !fm || fm->kind != WL_NODE_MAP)
		return;
	add_field(out, "T");
	add_field(out, type->name);
	if (type->id_field) {
		id = wl_node_get(fm, type->id_field);
		if (id && (id->kind == WL_NODE_STRING ||
			   id->kind == WL_NODE_INT) &&
		    strlen(id->str) == id->len) {
			add_field(out, "I");
			add_number(out, id->line);
			add_number(out, id->column);
			add_field(out, type->id_field);
			add_field(out, id->str);
		}
	}
	wl_schema_marks(type->schema, fm, on_mark, &d);
	free(d.seen);
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
	free(f->v);
	f->v = NULL;
	f->type = f->id = f->id_field = NULL;
	f->nr = 0;
	f->complete = 1;
}

/* The offset just past the T and I facts. */
static size_t head_len(const struct wl_facts *f)
{
	const char *p = f->text, *end = f->text + f->len, *k;

	next(&p, end);
	next(&p, end);
	k = p;
	if (next(&k, end) && !strcmp(p, "I")) {
		int i;

		for (i = 0; i < 4; i++)
			next(&k, end);
		p = k;
	}
	return (size_t)(p - f->text);
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
	if (!kind || strcmp(kind, "T") || !(out->type = next(&p, end)))
		goto bad;
	kind = next(&p, end);
	if (kind && !strcmp(kind, "I")) {
		if (number(next(&p, end), &out->id_line) < 0 ||
		    number(next(&p, end), &out->id_column) < 0 ||
		    !(out->id_field = next(&p, end)) ||
		    !(out->id = next(&p, end)))
			goto bad;
	}
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
	p = f->text + head_len(f);
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
