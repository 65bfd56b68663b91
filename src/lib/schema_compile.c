/*
 * The schema validator: record types written as JSON Schema (draft 2020-12
 * vocabulary) in YAML, compiled once into struct wl_schema and validated
 * without allocating unless something is wrong.
 *
 * Where worklog differs from JSON Schema 2020-12:
 *
 * - Schemas and instances are YAML (which includes JSON). Scalars are typed
 *   by the YAML 1.2 core schema, so an unquoted `2026-11-02` is a string and
 *   `1.0` an integer (as JSON Schema says). Map keys that are not strings
 *   (`1: x`) are matched by their text.
 * - Unknown keywords are errors, not annotations, and so are the 2020-12
 *   keywords worklog does not implement: `$anchor`, `$dynamicRef`,
 *   `$dynamicAnchor`, `$vocabulary`, `unevaluatedProperties`,
 *   `unevaluatedItems`, `dependencies`, `content*`. Keyword values are
 *   checked at load time (`minLength: -1` is an error).
 * - `format` is an assertion, not an annotation, and only date, date-time,
 *   time, email, uri, period and duration are known; another format name
 *   is an error. period and duration are worklog's own (format.c).
 * - `$ref` takes JSON pointers and relative or absolute URIs. A base URI is
 *   the schema file's path (or the URI it was added under), changed by `$id`
 *   as in RFC 3986; a reference to another file is resolved against the
 *   referring file's directory and, if no file has that path, falls back to
 *   the built-in schema of the same base name. Nothing is fetched from the
 *   network. Anchors (`#foo`) are not supported.
 * - A cycle of `$ref` (through in-place applicators only: allOf, anyOf,
 *   oneOf, not, if/then/else, dependentSchemas) that never descends into
 *   the data is an error at wl_schema_set_finish, not an endless loop.
 * - `pattern` uses PCRE2 in UTF mode, close to but not exactly ECMA-262
 *   (see regex.h).
 * - The x- keywords (x-type, x-id, x-filename, x-ref, x-person, x-sections,
 *   x-transitions, x-lifecycle, x-date-order, x-id-pattern, x-period,
 *   x-template) are worklog's; the type-level ones are allowed only at the
 *   top of a schema file.
 *
 * This file is the keyword compiler: every keyword's value is checked
 * when a schema loads and compiled into struct wl_schema.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>

#include "schema_impl.h"

#include "../banned.h"

void schema_error(struct cctx *cc, const struct wl_node *at,
		     const char *fmt, ...)
{
	struct wl_buf msg = WL_BUF_INIT;
	va_list ap;

	cc->errors++;
	if (!cc->diags)
		return;
	va_start(ap, fmt);
	wl_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	wl_diags_add(cc->diags, cc->file, at ? at->line : 1,
		     at ? at->column : 1, WL_SEV_ERROR, "schema", "%s",
		     wl_buf_cstr(&msg));
	wl_buf_release(&msg);
}

static struct wl_schema *new_schema(struct cctx *cc, const struct wl_node *n,
				    const char *base)
{
	struct wl_schema *s = wl_arena_alloc(&cc->set->arena, sizeof(*s));

	s->always = -1;
	s->node = n;
	s->set = cc->set;
	s->file = cc->file;
	s->base = base;
	s->min_props = s->max_props = -1;
	s->min_contains = s->max_contains = -1;
	s->min_items = s->max_items = -1;
	s->min_length = s->max_length = -1;
	return s;
}

void *schema_arena_array(struct cctx *cc, size_t nr, size_t size)
{
	if (!nr)
		return NULL;
	if (nr > SIZE_MAX / size)
		abort();
	return wl_arena_alloc(&cc->set->arena, nr * size);
}

enum kw_flags {
	KW_ROOT = 1 << 0,     /* only at the top of a schema file */
};

enum kw_id {
	KW_ANNOTATION_STRING, KW_ANNOTATION_BOOL, KW_ANNOTATION_ANY,
	KW_EXAMPLES, KW_ID, KW_DEFS, KW_TYPE, KW_ENUM, KW_CONST,
	KW_PROPERTIES, KW_PATTERN_PROPERTIES, KW_ADDITIONAL_PROPERTIES,
	KW_PROPERTY_NAMES, KW_REQUIRED, KW_MIN_PROPERTIES, KW_MAX_PROPERTIES,
	KW_DEPENDENT_SCHEMAS, KW_DEPENDENT_REQUIRED, KW_PREFIX_ITEMS,
	KW_ITEMS, KW_CONTAINS, KW_MIN_CONTAINS, KW_MAX_CONTAINS,
	KW_MIN_ITEMS, KW_MAX_ITEMS, KW_UNIQUE_ITEMS, KW_MIN_LENGTH,
	KW_MAX_LENGTH, KW_PATTERN, KW_FORMAT, KW_MINIMUM, KW_MAXIMUM,
	KW_EXCLUSIVE_MINIMUM, KW_EXCLUSIVE_MAXIMUM, KW_MULTIPLE_OF,
	KW_ALL_OF, KW_ANY_OF, KW_ONE_OF, KW_NOT, KW_IF, KW_THEN, KW_ELSE,
	KW_REF, KW_X_TYPE, KW_X_ID, KW_X_FILENAME, KW_X_REF, KW_X_PERSON,
	KW_X_SECTIONS, KW_X_TRANSITIONS, KW_X_LIFECYCLE, KW_X_DATE_ORDER,
	KW_X_ID_PATTERN, KW_X_PERIOD, KW_X_TEMPLATE,
};

struct keyword {
	const char *name;
	enum kw_id id;
	unsigned flags;
};

/* Sorted by name (strcmp order) for bsearch. */
static const struct keyword keywords[] = {
	{ "$comment", KW_ANNOTATION_STRING, 0 },
	{ "$defs", KW_DEFS, 0 },
	{ "$id", KW_ID, 0 },
	{ "$ref", KW_REF, 0 },
	{ "$schema", KW_ANNOTATION_STRING, 0 },
	{ "additionalProperties", KW_ADDITIONAL_PROPERTIES, 0 },
	{ "allOf", KW_ALL_OF, 0 },
	{ "anyOf", KW_ANY_OF, 0 },
	{ "const", KW_CONST, 0 },
	{ "contains", KW_CONTAINS, 0 },
	{ "default", KW_ANNOTATION_ANY, 0 },
	{ "definitions", KW_DEFS, 0 },
	{ "dependentRequired", KW_DEPENDENT_REQUIRED, 0 },
	{ "dependentSchemas", KW_DEPENDENT_SCHEMAS, 0 },
	{ "deprecated", KW_ANNOTATION_BOOL, 0 },
	{ "description", KW_ANNOTATION_STRING, 0 },
	{ "else", KW_ELSE, 0 },
	{ "enum", KW_ENUM, 0 },
	{ "examples", KW_EXAMPLES, 0 },
	{ "exclusiveMaximum", KW_EXCLUSIVE_MAXIMUM, 0 },
	{ "exclusiveMinimum", KW_EXCLUSIVE_MINIMUM, 0 },
	{ "format", KW_FORMAT, 0 },
	{ "if", KW_IF, 0 },
	{ "items", KW_ITEMS, 0 },
	{ "maxContains", KW_MAX_CONTAINS, 0 },
	{ "maxItems", KW_MAX_ITEMS, 0 },
	{ "maxLength", KW_MAX_LENGTH, 0 },
	{ "maxProperties", KW_MAX_PROPERTIES, 0 },
	{ "maximum", KW_MAXIMUM, 0 },
	{ "minContains", KW_MIN_CONTAINS, 0 },
	{ "minItems", KW_MIN_ITEMS, 0 },
	{ "minLength", KW_MIN_LENGTH, 0 },
	{ "minProperties", KW_MIN_PROPERTIES, 0 },
	{ "minimum", KW_MINIMUM, 0 },
	{ "multipleOf", KW_MULTIPLE_OF, 0 },
	{ "not", KW_NOT, 0 },
	{ "oneOf", KW_ONE_OF, 0 },
	{ "pattern", KW_PATTERN, 0 },
	{ "patternProperties", KW_PATTERN_PROPERTIES, 0 },
	{ "prefixItems", KW_PREFIX_ITEMS, 0 },
	{ "properties", KW_PROPERTIES, 0 },
	{ "propertyNames", KW_PROPERTY_NAMES, 0 },
	{ "readOnly", KW_ANNOTATION_BOOL, 0 },
	{ "required", KW_REQUIRED, 0 },
	{ "then", KW_THEN, 0 },
	{ "title", KW_ANNOTATION_STRING, 0 },
	{ "type", KW_TYPE, 0 },
	{ "uniqueItems", KW_UNIQUE_ITEMS, 0 },
	{ "writeOnly", KW_ANNOTATION_BOOL, 0 },
	{ "x-date-order", KW_X_DATE_ORDER, KW_ROOT },
	{ "x-filename", KW_X_FILENAME, KW_ROOT },
	{ "x-id", KW_X_ID, KW_ROOT },
	{ "x-id-pattern", KW_X_ID_PATTERN, KW_ROOT },
	{ "x-lifecycle", KW_X_LIFECYCLE, KW_ROOT },
	{ "x-period", KW_X_PERIOD, KW_ROOT },
	{ "x-person", KW_X_PERSON, 0 },
	{ "x-ref", KW_X_REF, 0 },
	{ "x-sections", KW_X_SECTIONS, KW_ROOT },
	{ "x-template", KW_X_TEMPLATE, KW_ROOT },
	{ "x-transitions", KW_X_TRANSITIONS, KW_ROOT },
	{ "x-type", KW_X_TYPE, KW_ROOT },
};

#define NR_KEYWORDS (sizeof(keywords) / sizeof(*keywords))

/* JSON Schema keywords worklog knows but does not implement. */
static const char *const unsupported[] = {
	"$anchor", "$dynamicAnchor", "$dynamicRef", "$recursiveAnchor",
	"$recursiveRef", "$vocabulary", "contentEncoding", "contentMediaType",
	"contentSchema", "dependencies", "unevaluatedItems",
	"unevaluatedProperties",
};

static const struct keyword *find_keyword(const struct wl_node *key)
{
	size_t lo = 0, hi = NR_KEYWORDS;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *name = keywords[mid].name;
		size_t nlen = strlen(name);
		int c = memcmp(key->str, name,
			       key->len < nlen ? key->len : nlen);

		if (!c)
			c = key->len < nlen ? -1 : key->len > nlen;
		if (!c)
			return &keywords[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static void unknown_keyword(struct cctx *cc, const struct wl_node *key)
{
	const char *names[NR_KEYWORDS];
	const char *best;
	size_t i;

	for (i = 0; i < sizeof(unsupported) / sizeof(*unsupported); i++) {
		if (node_is(key, unsupported[i])) {
			schema_error(cc, key, "unsupported keyword '%s'",
				 unsupported[i]);
			return;
		}
	}
	for (i = 0; i < NR_KEYWORDS; i++)
		names[i] = keywords[i].name;
	best = wl_did_you_mean(key->str, key->len, names, NR_KEYWORDS);
	if (best)
		schema_error(cc, key, "unknown keyword '%s'; did you mean '%s'?",
			 key->str, best);
	else
		schema_error(cc, key, "unknown keyword '%s'", key->str);
}

int schema_expect_string(struct cctx *cc, const struct wl_node *v,
			 const char *kw)
{
	if (v->kind == WL_NODE_STRING)
		return 0;
	schema_error(cc, v, "'%s' must be a string", kw);
	return -1;
}

int schema_expect_bool(struct cctx *cc, const struct wl_node *v,
		       const char *kw)
{
	if (v->kind == WL_NODE_BOOL)
		return 0;
	schema_error(cc, v, "'%s' must be true or false", kw);
	return -1;
}

/* A list of strings, each at most once; found by hash, so a long list
 * costs its length, not its square. */
int schema_expect_string_list(struct cctx *cc, const struct wl_node *v,
			      const char *kw, int unique)
{
	struct hindex seen = { NULL, 0, 0 };
	size_t i, j, pos;
	int ret = 0;

	if (v->kind != WL_NODE_SEQ) {
		schema_error(cc, v, "'%s' must be a list of strings", kw);
		return -1;
	}
	for (i = 0; i < v->nr; i++) {
		const struct wl_node *it = v->items[i];
		uint64_t h;

		if (it->kind != WL_NODE_STRING) {
			schema_error(cc, it, "'%s' must be a list of strings", kw);
			ret = -1;
			continue;
		}
		if (!unique)
			continue;
		h = schema_str_hash(it->str, it->len);
		pos = 0;
		while ((j = schema_hindex_next(&seen, h, &pos)) &&
		       !wl_node_equal(v->items[j - 1], it))
			;
		if (j) {
			schema_error(cc, it, "'%s' lists '%s' twice", kw,
				     it->str);
			ret = -1;
			continue;
		}
		schema_hindex_put(&seen, h, i);
	}
	schema_hindex_release(&seen);
	return ret;
}

/*
 * Indexes an enum's values: the validator finds a scalar by its hash
 * and compares arrays and objects one by one (their nodes counted, as
 * the steps they cost).
 */
static struct enum_index *index_enum(struct cctx *cc, const struct wl_node *v)
{
	struct enum_index *ix = wl_arena_alloc(&cc->set->arena, sizeof(*ix));
	size_t i, n = 0;

	for (i = 0; i < v->nr; i++)
		if (!is_scalar(v->items[i]))
			n++;
	ix->containers = schema_arena_array(cc, n, sizeof(*ix->containers));
	for (i = 0; i < v->nr; i++) {
		const struct wl_node *it = v->items[i];

		if (is_scalar(it)) {
			schema_hindex_put(&ix->scalars, wl_node_hash(it), i);
			continue;
		}
		ix->containers[ix->nr_containers++] = i;
		ix->container_nodes += schema_node_count(it);
	}
	/* The table lives as long as the set: its memory is the arena's. */
	if (ix->scalars.slots) {
		size_t size = (ix->scalars.mask + 1) * sizeof(struct hslot);
		struct hslot *slots = wl_arena_alloc(&cc->set->arena, size);

		memcpy(slots, ix->scalars.slots, size);
		free(ix->scalars.slots);
		ix->scalars.slots = slots;
	}
	return ix;
}

/* A list of scalars (states of a field). */
int schema_expect_scalar_list(struct cctx *cc, const struct wl_node *v,
			      const char *kw)
{
	size_t i;

	if (v->kind != WL_NODE_SEQ) {
		schema_error(cc, v, "'%s' must be a list of values", kw);
		return -1;
	}
	for (i = 0; i < v->nr; i++) {
		if (!is_scalar(v->items[i])) {
			schema_error(cc, v->items[i],
				 "'%s' must be a list of values", kw);
			return -1;
		}
	}
	return 0;
}

static int get_count(struct cctx *cc, const struct wl_node *v,
		     const char *kw, long long *out)
{
	if (v->kind == WL_NODE_INT && v->v.i >= 0) {
		*out = v->v.i;
		return 0;
	}
	if (v->kind == WL_NODE_FLOAT && isfinite(v->v.f) && v->v.f >= 0 &&
	    v->v.f == floor(v->v.f)) {
		*out = v->v.f >= 9.2e18 ? LLONG_MAX : (long long)v->v.f;
		return 0;
	}
	schema_error(cc, v, "'%s' must be a non-negative integer", kw);
	return -1;
}

static struct wl_schema **compile_list(struct cctx *cc,
				       const struct wl_node *v,
				       const char *kw, const char *base,
				       size_t *nr)
{
	struct wl_schema **list;
	size_t i;

	if (v->kind != WL_NODE_SEQ || !v->nr) {
		schema_error(cc, v, "'%s' must be a non-empty list of schemas", kw);
		return NULL;
	}
	list = schema_arena_array(cc, v->nr, sizeof(*list));
	for (i = 0; i < v->nr; i++)
		list[i] = schema_compile(cc, v->items[i], base, 0);
	*nr = v->nr;
	return list;
}

static int cmp_prop(const void *a, const void *b)
{
	const struct prop *x = a, *y = b;
	int c = memcmp(x->name, y->name, x->len < y->len ? x->len : y->len);

	if (c)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

static struct prop *compile_map(struct cctx *cc, const struct wl_node *v,
				const char *kw, const char *base, size_t *nr,
				int sorted)
{
	struct prop *p;
	size_t i;

	if (v->kind != WL_NODE_MAP) {
		schema_error(cc, v, "'%s' must be a mapping of names to schemas",
			 kw);
		return NULL;
	}
	p = schema_arena_array(cc, v->nr, sizeof(*p));
	for (i = 0; i < v->nr; i++) {
		p[i].name = v->pairs[i].key->str;
		p[i].len = v->pairs[i].key->len;
		p[i].schema = schema_compile(cc, v->pairs[i].value, base, 0);
	}
	if (sorted && v->nr > 1)
		qsort(p, v->nr, sizeof(*p), cmp_prop);
	*nr = v->nr;
	return p;
}

static void compile_type(struct cctx *cc, struct wl_schema *s,
			 const struct wl_node *v)
{
	const struct wl_node *one = v;
	size_t i = 0, n = 1, j;

	if (v->kind == WL_NODE_SEQ) {
		if (!v->nr) {
			schema_error(cc, v, "'type' must not be an empty list");
			return;
		}
		n = v->nr;
	}
	for (i = 0; i < n; i++) {
		const char *names[SCHEMA_NR_TYPE_NAMES];
		const char *best;
		unsigned bit = 0;

		if (v->kind == WL_NODE_SEQ)
			one = v->items[i];
		if (one->kind != WL_NODE_STRING) {
			schema_error(cc, one,
				 "'type' must be a type name or a list of them");
			continue;
		}
		for (j = 0; j < SCHEMA_NR_TYPE_NAMES; j++) {
			names[j] = schema_type_names[j].name;
			if (node_is(one, schema_type_names[j].name))
				bit = schema_type_names[j].bit;
		}
		if (!bit) {
			best = wl_did_you_mean(one->str, one->len, names,
				       SCHEMA_NR_TYPE_NAMES);
			if (best)
				schema_error(cc, one,
					 "unknown type '%s'; did you mean '%s'?",
					 one->str, best);
			else
				schema_error(cc, one,
					 "unknown type '%s' (expected string, number, integer, boolean, object, array or null)",
					 one->str);
			continue;
		}
		if (s->types & bit)
			schema_error(cc, one, "'type' lists '%s' twice", one->str);
		s->types |= bit;
	}
}

static void compile_required(struct cctx *cc, struct wl_schema *s,
			     const struct wl_node *v)
{
	size_t i;

	if (schema_expect_string_list(cc, v, "required", 1) < 0)
		return;
	s->required = schema_arena_array(cc, v->nr, sizeof(*s->required));
	for (i = 0; i < v->nr; i++) {
		s->required[i].name = v->items[i]->str;
		s->required[i].len = v->items[i]->len;
	}
	s->nr_required = v->nr;
}

static void compile_dep_required(struct cctx *cc, struct wl_schema *s,
				 const struct wl_node *v)
{
	size_t i;

	if (v->kind != WL_NODE_MAP) {
		schema_error(cc, v,
			 "'dependentRequired' must be a mapping of names to lists of names");
		return;
	}
	s->dep_required = schema_arena_array(cc, v->nr, sizeof(*s->dep_required));
	for (i = 0; i < v->nr; i++) {
		if (schema_expect_string_list(cc, v->pairs[i].value,
				       "dependentRequired", 1) < 0)
			continue;
		s->dep_required[s->nr_dep_required].name = v->pairs[i].key->str;
		s->dep_required[s->nr_dep_required].len = v->pairs[i].key->len;
		s->dep_required[s->nr_dep_required].list = v->pairs[i].value;
		s->nr_dep_required++;
	}
}

static void compile_pattern_props(struct cctx *cc, struct wl_schema *s,
				  const struct wl_node *v)
{
	size_t i;

	if (v->kind != WL_NODE_MAP) {
		schema_error(cc, v,
			 "'patternProperties' must be a mapping of patterns to schemas");
		return;
	}
	s->pattern_props = schema_arena_array(cc, v->nr, sizeof(*s->pattern_props));
	for (i = 0; i < v->nr; i++) {
		struct pattern_prop *p = &s->pattern_props[i];

		p->pattern = v->pairs[i].key;
		p->re = schema_regex(cc, p->pattern, "patternProperties");
		p->schema = schema_compile(cc, v->pairs[i].value, s->base, 0);
	}
	s->nr_pattern_props = v->nr;
}

static const struct wl_node *number_value(struct cctx *cc,
					  const struct wl_node *v,
					  const char *kw)
{
	if (wl_node_is_number(v))
		return v;
	schema_error(cc, v, "'%s' must be a number", kw);
	return NULL;
}

static void compile_keyword(struct cctx *cc, struct wl_schema *s,
			    const struct keyword *kw,
			    const struct wl_node *key,
			    const struct wl_node *v)
{
	const char *name = kw->name;
	long long *count = NULL;

	switch (kw->id) {
	case KW_ANNOTATION_STRING:
		schema_expect_string(cc, v, name);
		break;
	case KW_ANNOTATION_BOOL:
		schema_expect_bool(cc, v, name);
		break;
	case KW_ANNOTATION_ANY:
		break;
	case KW_EXAMPLES:
		if (v->kind != WL_NODE_SEQ)
			schema_error(cc, v, "'examples' must be a list");
		break;
	case KW_ID:
		/* Read before the other keywords, in schema_compile(). */
		break;
	case KW_DEFS: {
		size_t nr;

		compile_map(cc, v, name, s->base, &nr, 0);
		break;
	}
	case KW_TYPE:
		compile_type(cc, s, v);
		break;
	case KW_ENUM:
		if (v->kind != WL_NODE_SEQ) {
			schema_error(cc, v, "'enum' must be a list of values");
		} else {
			s->enum_values = v;
			s->enum_index = index_enum(cc, v);
		}
		break;
	case KW_CONST:
		s->const_value = v;
		s->const_nodes = schema_node_count(v);
		break;
	case KW_PROPERTIES:
		s->props = compile_map(cc, v, name, s->base, &s->nr_props, 1);
		break;
	case KW_PATTERN_PROPERTIES:
		compile_pattern_props(cc, s, v);
		break;
	case KW_ADDITIONAL_PROPERTIES:
		s->additional = schema_compile(cc, v, s->base, 0);
		break;
	case KW_PROPERTY_NAMES:
		s->property_names = schema_compile(cc, v, s->base, 0);
		break;
	case KW_REQUIRED:
		compile_required(cc, s, v);
		break;
	case KW_MIN_PROPERTIES:
		count = &s->min_props;
		break;
	case KW_MAX_PROPERTIES:
		count = &s->max_props;
		break;
	case KW_DEPENDENT_SCHEMAS:
		s->dep_schemas = compile_map(cc, v, name, s->base,
					     &s->nr_dep_schemas, 0);
		break;
	case KW_DEPENDENT_REQUIRED:
		compile_dep_required(cc, s, v);
		break;
	case KW_PREFIX_ITEMS:
		s->prefix = compile_list(cc, v, name, s->base, &s->nr_prefix);
		break;
	case KW_ITEMS:
		s->items = schema_compile(cc, v, s->base, 0);
		break;
	case KW_CONTAINS:
		s->contains = schema_compile(cc, v, s->base, 0);
		break;
	case KW_MIN_CONTAINS:
		count = &s->min_contains;
		break;
	case KW_MAX_CONTAINS:
		count = &s->max_contains;
		break;
	case KW_MIN_ITEMS:
		count = &s->min_items;
		break;
	case KW_MAX_ITEMS:
		count = &s->max_items;
		break;
	case KW_UNIQUE_ITEMS:
		if (!schema_expect_bool(cc, v, name))
			s->unique = v->v.b;
		break;
	case KW_MIN_LENGTH:
		count = &s->min_length;
		break;
	case KW_MAX_LENGTH:
		count = &s->max_length;
		break;
	case KW_PATTERN:
		if (!schema_expect_string(cc, v, name)) {
			s->pattern = schema_regex(cc, v, name);
			s->pattern_node = v;
		}
		break;
	case KW_FORMAT:
		if (schema_expect_string(cc, v, name))
			break;
		s->format = wl_format_id(v->str);
		if (!s->format)
			schema_error(cc, v,
				 "unknown format '%s' (expected date, date-time, time, email, uri, period or duration)",
				 v->str);
		break;
	case KW_MINIMUM:
		s->minimum = number_value(cc, v, name);
		break;
	case KW_MAXIMUM:
		s->maximum = number_value(cc, v, name);
		break;
	case KW_EXCLUSIVE_MINIMUM:
		s->exclusive_minimum = number_value(cc, v, name);
		break;
	case KW_EXCLUSIVE_MAXIMUM:
		s->exclusive_maximum = number_value(cc, v, name);
		break;
	case KW_MULTIPLE_OF:
		if (wl_node_is_number(v) && wl_node_number(v) > 0)
			s->multiple_of = v;
		else
			schema_error(cc, v, "'multipleOf' must be a number greater than 0");
		break;
	case KW_ALL_OF:
		s->all_of = compile_list(cc, v, name, s->base, &s->nr_all_of);
		break;
	case KW_ANY_OF:
		s->any_of = compile_list(cc, v, name, s->base, &s->nr_any_of);
		break;
	case KW_ONE_OF:
		s->one_of = compile_list(cc, v, name, s->base, &s->nr_one_of);
		break;
	case KW_NOT:
		s->not_schema = schema_compile(cc, v, s->base, 0);
		break;
	case KW_IF:
		s->if_schema = schema_compile(cc, v, s->base, 0);
		break;
	case KW_THEN:
		s->then_schema = schema_compile(cc, v, s->base, 0);
		break;
	case KW_ELSE:
		s->else_schema = schema_compile(cc, v, s->base, 0);
		break;
	case KW_REF:
		if (schema_expect_string(cc, v, name))
			break;
		s->ref_node = v;
		s->ref_uri = schema_uri_resolve(cc->set, v->str, s->base);
		WL_ALLOC_GROW(cc->set->pending, cc->set->nr_pending + 1,
			      cc->set->alloc_pending);
		cc->set->pending[cc->set->nr_pending++] = s;
		break;
	case KW_X_TYPE:
		if (schema_expect_string(cc, v, name))
			break;
		if (!v->len || v->len != strcspn(v->str, " \t\r\n/"))
			schema_error(cc, v,
				 "'x-type' must be a name without spaces or slashes");
		else if (cc->type)
			cc->type->name = v->str;
		break;
	case KW_X_ID:
		if (!schema_expect_string(cc, v, name) && cc->type)
			cc->type->id_field = v->str;
		break;
	case KW_X_FILENAME:
		if (!schema_expect_string(cc, v, name))
			schema_type_filename(cc, v);
		break;
	case KW_X_REF:
		if (!schema_expect_string(cc, v, name))
			s->x_ref = v->str;
		break;
	case KW_X_PERSON:
		if (!schema_expect_bool(cc, v, name))
			s->x_person = v->v.b;
		break;
	case KW_X_SECTIONS:
		schema_type_sections(cc, v);
		break;
	case KW_X_TRANSITIONS:
		schema_type_transitions(cc, v);
		break;
	case KW_X_LIFECYCLE:
		schema_type_lifecycle(cc, v);
		break;
	case KW_X_DATE_ORDER:
		schema_type_date_order(cc, v);
		break;
	case KW_X_ID_PATTERN:
		if (!schema_expect_string(cc, v, name))
			schema_type_id_pattern(cc, s, v);
		break;
	case KW_X_PERIOD:
		schema_type_period(cc, v);
		break;
	case KW_X_TEMPLATE:
		schema_type_template(cc, v);
		break;
	}
	if (count)
		get_count(cc, v, name, count);
	(void)key;
}

static unsigned schema_kinds(const struct wl_schema *s)
{
	unsigned k = 0;

	if (s->nr_props || s->nr_pattern_props || s->additional ||
	    s->property_names || s->nr_required || s->min_props >= 0 ||
	    s->max_props >= 0 || s->nr_dep_schemas || s->nr_dep_required)
		k |= K_OBJECT;
	if (s->nr_prefix || s->items || s->contains || s->min_items >= 0 ||
	    s->max_items >= 0 || s->unique)
		k |= K_ARRAY;
	if (s->min_length >= 0 || s->max_length >= 0 || s->pattern ||
	    s->format)
		k |= K_STRING;
	if (s->minimum || s->maximum || s->exclusive_minimum ||
	    s->exclusive_maximum || s->multiple_of)
		k |= K_NUMBER;
	if (s->nr_all_of || s->nr_any_of || s->nr_one_of || s->not_schema ||
	    s->if_schema)
		k |= K_APPLY;
	return k;
}

struct wl_schema *schema_compile(struct cctx *cc, const struct wl_node *n,
				 const char *base, int root)
{
	struct wl_schema *s = schema_memo_get(cc->set, n);
	const struct wl_node *id;
	size_t i;

	if (s)
		return s;
	s = new_schema(cc, n, base);
	schema_memo_put(cc->set, n, s);
	WL_ALLOC_GROW(cc->set->all, cc->set->nr_all + 1, cc->set->alloc_all);
	cc->set->all[cc->set->nr_all++] = s;

	if (n->kind == WL_NODE_BOOL) {
		s->always = n->v.b;
		return s;
	}
	if (n->kind != WL_NODE_MAP) {
		schema_error(cc, n, "a schema must be a mapping or true or false");
		s->always = 1;
		return s;
	}
	if (cc->depth >= MAX_COMPILE_DEPTH) {
		schema_error(cc, n, "schema nested too deeply");
		s->always = 1;
		return s;
	}
	cc->depth++;

	id = map_get(n, "$id", 3);
	if (id && !schema_expect_string(cc, id, "$id")) {
		const char *hash = memchr(id->str, '#', id->len);

		if (hash && hash[1])
			schema_error(cc, id, "'$id' must not have a fragment");
		else if (memchr(id->str, '\0', id->len))
			schema_error(cc, id, "'$id' must not contain NUL");
		else {
			const char *uri = schema_uri_resolve(cc->set, id->str, base);
			char *h = strchr(uri, '#');

			if (h)
				*h = '\0';
			s->base = uri;
			schema_add_resource(cc->set, uri, n, cc->file, cc->builtin, 0);
		}
	}

	for (i = 0; i < n->nr; i++) {
		const struct wl_node *key = n->pairs[i].key;
		const struct keyword *kw = find_keyword(key);

		if (!kw)
			unknown_keyword(cc, key);
		else if ((kw->flags & KW_ROOT) && !root)
			schema_error(cc, key,
				 "'%s' is only allowed at the top of a schema file",
				 kw->name);
		else
			compile_keyword(cc, s, kw, key, n->pairs[i].value);
	}
	if (s->min_contains >= 0 || s->max_contains >= 0) {
		/* minContains and maxContains only qualify contains. */
		if (!s->contains)
			s->min_contains = s->max_contains = -1;
	}
	s->kinds = schema_kinds(s);
	cc->depth--;
	return s;
}
