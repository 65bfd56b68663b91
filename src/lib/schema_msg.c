/*
 * The messages of schema violations: the instance path, the offending
 * value shortened for one line, the names of types and allowed values,
 * and one diagnostic per violation however often it is reached.
 */
#include <stdarg.h>
#include <stdlib.h>

#include "schema_impl.h"

#include "../banned.h"

const struct schema_type_name schema_type_names[SCHEMA_NR_TYPE_NAMES] = {
	/* The order of messages: the common types first, null last. */
	{ "string", "a string", WL_JSON_STRING },
	{ "number", "a number", WL_JSON_NUMBER },
	{ "integer", "an integer", WL_JSON_INTEGER },
	{ "boolean", "a boolean", WL_JSON_BOOLEAN },
	{ "object", "an object", WL_JSON_OBJECT },
	{ "array", "an array", WL_JSON_ARRAY },
	{ "null", "null", WL_JSON_NULL },
};

/* "a string", "a string or null", "an object, an array or null" */
void schema_add_type_list(struct wl_buf *b, unsigned types)
{
	size_t i, n = 0, total = 0;

	if ((types & WL_JSON_NUMBER) && (types & WL_JSON_INTEGER))
		types &= ~WL_JSON_INTEGER;
	for (i = 0; i < SCHEMA_NR_TYPE_NAMES; i++)
		if (types & schema_type_names[i].bit)
			total++;
	for (i = 0; i < SCHEMA_NR_TYPE_NAMES; i++) {
		if (!(types & schema_type_names[i].bit))
			continue;
		if (n)
			wl_buf_addstr(b, n + 1 == total ? " or " : ", ");
		wl_buf_addstr(b, schema_type_names[i].article);
		n++;
	}
}

/* A key prints bare when it cannot be mistaken for path syntax. */
static int plain_key(const struct wl_node *k)
{
	size_t i;

	if (!k->len)
		return 0;
	for (i = 0; i < k->len; i++) {
		unsigned char ch = k->str[i];

		if (ch <= ' ' || ch == '.' || ch == '[' || ch == ']' ||
		    ch == '"' || ch == 0x7f)
			return 0;
	}
	return 1;
}

/* 'name', or a JSON string when quotes or control characters would
 * make it ambiguous. */
void schema_add_name(struct wl_buf *b, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < ' ' || s[i] == '\'' || s[i] == 0x7f)
			break;
	if (i < len) {
		wl_buf_add_json_string(b, s, len);
		return;
	}
	wl_buf_addch(b, '\'');
	wl_buf_add(b, s, len);
	wl_buf_addch(b, '\'');
}

const char *schema_plural(long long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* `a.b[2].c`; the first `upto` segments. */
void schema_add_path(struct wl_buf *b, const struct vctx *c, size_t upto)
{
	size_t i;

	for (i = 0; i < upto; i++) {
		const struct seg *s = &c->segs[i];

		if (!s->key) {
			wl_buf_addf(b, "[%zu]", s->index);
		} else if (plain_key(s->key)) {
			if (i)
				wl_buf_addch(b, '.');
			wl_buf_add(b, s->key->str, s->key->len);
		} else {
			wl_buf_addch(b, '[');
			wl_buf_add_json_string(b, s->key->str, s->key->len);
			wl_buf_addch(b, ']');
		}
	}
}

/* Appends a value for a message: JSON, shortened. */
void schema_add_value(struct wl_buf *b, const struct wl_node *v)
{
	size_t start = b->len, max = 60;

	switch (v->kind) {
	case WL_NODE_STRING: {
		size_t n = v->len, cps = 0, i;

		/* Cut at a code point after `max` of them. */
		for (i = 0; i < v->len; i++) {
			if (((unsigned char)v->str[i] & 0xc0) != 0x80 &&
			    ++cps > max) {
				n = i;
				break;
			}
		}
		wl_buf_add_json_string(b, v->str, n);
		if (n < v->len) {
			b->len--;
			wl_buf_addstr(b, "...\"");
		}
		return;
	}
	case WL_NODE_INT:
	case WL_NODE_FLOAT:
		if (v->str && v->len && v->len < 40) {
			wl_buf_add(b, v->str, v->len);
			return;
		}
		break;
	default:
		break;
	}
	wl_node_to_json_prefix(b, v, max + 21);
	if (b->len - start > max + 20) {
		b->len = start + max;
		/* Do not split a UTF-8 sequence. */
		while (b->len > start &&
		       ((unsigned char)b->buf[b->len] & 0xc0) == 0x80)
			b->len--;
		b->buf[b->len] = '\0';
		wl_buf_addstr(b, "...");
	}
}

/* A list element: plain when a string reads unambiguously. */
void schema_add_list_value(struct wl_buf *b, const struct wl_node *v)
{
	if (v->kind == WL_NODE_STRING && v->len && plain_key(v) &&
	    !memchr(v->str, ',', v->len) && v->len < 60)
		wl_buf_add(b, v->str, v->len);
	else
		schema_add_value(b, v);
}

void schema_add_enum_list(struct wl_buf *b, const struct wl_node *list)
{
	size_t i;

	for (i = 0; i < list->nr; i++) {
		if (i)
			wl_buf_addstr(b, ", ");
		if (i == 20) {
			wl_buf_addstr(b, "...");
			break;
		}
		schema_add_list_value(b, list->items[i]);
	}
}

static uint64_t diag_hash(int line, int column, const char *msg)
{
	uint64_t h = 1469598103934665603ULL;

	h = (h ^ (uint64_t)(unsigned)line) * 1099511628211ULL;
	h = (h ^ (uint64_t)(unsigned)column) * 1099511628211ULL;
	for (; *msg; msg++)
		h = (h ^ (unsigned char)*msg) * 1099511628211ULL;
	return h ^ (h >> 29);
}

void schema_report_at(struct vctx *c, const struct wl_node *at, int whole,
		      const struct wl_buf *msg)
{
	struct wl_buf full = WL_BUF_INIT;
	int line = at->line, column = at->column;
	uint64_t hash;
	size_t i, pos = 0;

	/*
	 * Writing a diagnostic is work too, some hundred steps' worth of
	 * time and memory by the time it is printed: a flood of them stops.
	 */
	if (c->stopped || schema_charge(c, 24 + msg->len / 8))
		return;
	if (c->nr_segs) {
		schema_add_path(&full, c, c->nr_segs);
		wl_buf_addstr(&full, ": ");
	}
	wl_buf_add(&full, msg->buf, msg->len);
	if (whole && at == c->root && c->line > 0) {
		line = c->line;
		column = 1;
	}
	/* Two ways to the same violation (allOf: [false, false], a schema
	 * reached twice) still make one diagnostic. They are found by a
	 * hash: a record with many violations must not cost their square. */
	hash = diag_hash(line, column, wl_buf_cstr(&full));
	while ((i = schema_hindex_next(&c->seen, hash, &pos))) {
		const struct wl_diag *d = &c->diags->v[i - 1];

		if (d->line == line && d->column == column &&
		    !strcmp(d->message, wl_buf_cstr(&full)))
			goto done;
	}
	wl_diags_add(c->diags, c->path, line, column, WL_SEV_ERROR, "schema",
		     "%s", wl_buf_cstr(&full));
	schema_hindex_put(&c->seen, hash, c->diags->nr - 1);
done:
	wl_buf_release(&full);
}

void schema_report(struct vctx *c, const struct wl_node *at, int whole,
		   const char *fmt, ...)
{
	struct wl_buf msg = WL_BUF_INIT;
	va_list ap;

	if (!c->diags || c->quiet)
		return;
	va_start(ap, fmt);
	wl_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	schema_report_at(c, at, whole, &msg);
	wl_buf_release(&msg);
}

void schema_report_value(struct vctx *c, const struct wl_node *v,
			 const char *fmt, ...)
{
	struct wl_buf msg = WL_BUF_INIT;
	va_list ap;

	if (!c->diags || c->quiet)
		return;
	if (c->in_name)
		wl_buf_addstr(&msg, "property name ");
	schema_add_value(&msg, v);
	wl_buf_addch(&msg, ' ');
	va_start(ap, fmt);
	wl_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	schema_report_at(c, v, 0, &msg);
	wl_buf_release(&msg);
}

void schema_report_hard(struct vctx *c, const struct wl_node *at,
			const struct wl_buf *msg)
{
	int quiet = c->quiet;

	c->hard_failed = 1;
	if (!c->diags)
		return;
	c->quiet = 0;
	schema_report_at(c, at, 0, msg);
	c->quiet = quiet;
}

void schema_stop(struct vctx *c, const char *fmt, ...)
{
	struct wl_buf msg = WL_BUF_INIT;
	va_list ap;
	int line = c->root->line, column = c->root->column;

	if (c->stopped)
		return;
	c->stopped = 1;
	if (!c->diags)
		return;
	if (c->line > 0) {
		line = c->line;
		column = 1;
	}
	va_start(ap, fmt);
	wl_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	wl_diags_add(c->diags, c->path, line, column, WL_SEV_ERROR, "schema",
		     "%s", wl_buf_cstr(&msg));
	wl_buf_release(&msg);
}

int schema_charge(struct vctx *c, unsigned long long n)
{
	if (c->stopped)
		return 1;
	c->steps += n;
	if (c->steps <= c->max_steps)
		return 0;
	schema_stop(c, "schema validation stopped: more than %llu steps (limits: schema-steps)",
		    c->max_steps);
	return 1;
}

/* A pattern for a message: at most 60 code points of it. */
void schema_add_pattern(struct wl_buf *b, const struct wl_node *pattern)
{
	size_t i, cps = 0, n = pattern->len;

	for (i = 0; i < pattern->len; i++) {
		if (((unsigned char)pattern->str[i] & 0xc0) != 0x80 &&
		    ++cps > 60) {
			n = i;
			break;
		}
	}
	schema_add_name(b, pattern->str, n);
	if (n < pattern->len) {
		/* '...' or "..." after the cut, inside the quotes. */
		char q = b->buf[b->len - 1];

		b->len--;
		wl_buf_addstr(b, "...");
		wl_buf_addch(b, q);
	}
}
