/*
 * What a record type's compiled schema says of its fields, for the code
 * that makes new records (template.h): which properties there are, in
 * the order the file writes them, which are required, and what shape a
 * value of each takes. Asked of the compiled form, never of the YAML.
 */
#include <stdlib.h>

#include "schema_impl.h"

#include "../banned.h"

/* A schema reaches its properties through $ref and allOf this deep. */
#define QUERY_MAX_DEPTH 16

static const struct wl_schema *find_prop(const struct wl_schema *s,
					 const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < s->nr_props; i++)
		if (s->props[i].len == len &&
		    !memcmp(s->props[i].name, name, len))
			return s->props[i].schema;
	return NULL;
}

static void gather(struct wl_field_shape *sh, const struct wl_schema *s,
		   int depth);

/* The shape of an array's items, from the first `items` on the way. */
static const struct wl_schema *find_items(const struct wl_schema *s,
					  int depth)
{
	const struct wl_schema *r;
	size_t i;

	if (!s || depth > QUERY_MAX_DEPTH || s->always >= 0)
		return NULL;
	if (s->items)
		return s->items;
	if ((r = find_items(s->ref, depth + 1)))
		return r;
	for (i = 0; i < s->nr_all_of; i++)
		if ((r = find_items(s->all_of[i], depth + 1)))
			return r;
	return NULL;
}

static void gather(struct wl_field_shape *sh, const struct wl_schema *s,
		   int depth)
{
	const struct wl_node *n;
	size_t i;

	if (!s || depth > QUERY_MAX_DEPTH || s->always >= 0)
		return;
	if (!sh->schema)
		sh->schema = s;
	if (s->types)
		sh->types = sh->types ? sh->types & s->types : s->types;
	if (!sh->enum_values)
		sh->enum_values = s->enum_values;
	if (!sh->const_value)
		sh->const_value = s->const_value;
	if (!sh->format)
		sh->format = s->format;
	if (!sh->ref_type)
		sh->ref_type = s->x_ref;
	if (s->x_person)
		sh->person = 1;
	if (!sh->default_value && (n = map_get(s->node, "default", 7)))
		sh->default_value = n;
	if (!sh->examples && (n = map_get(s->node, "examples", 8)) &&
	    n->kind == WL_NODE_SEQ && n->nr)
		sh->examples = n;
	gather(sh, s->ref, depth + 1);
	for (i = 0; i < s->nr_all_of; i++)
		gather(sh, s->all_of[i], depth + 1);
}

/* Finds `name` among the properties and required names of `s`, its
 * $ref and its allOf, gathering the shape of each schema found. */
static void visit_root(struct wl_field *f, const struct wl_schema *s,
		       const char *name, size_t len, int depth, int *found)
{
	const struct wl_schema *p;
	size_t i;

	if (!s || depth > QUERY_MAX_DEPTH || s->always >= 0)
		return;
	if ((p = find_prop(s, name, len))) {
		*found = 1;
		gather(&f->shape, p, 0);
		gather(&f->item, find_items(p, 0), 0);
	}
	for (i = 0; i < s->nr_required; i++)
		if (s->required[i].len == len &&
		    !memcmp(s->required[i].name, name, len))
			f->required = 1;
	visit_root(f, s->ref, name, len, depth + 1, found);
	for (i = 0; i < s->nr_all_of; i++)
		visit_root(f, s->all_of[i], name, len, depth + 1, found);
}

int wl_type_field(struct wl_field *out, const struct wl_type *type,
		  const char *name)
{
	int found = 0;

	memset(out, 0, sizeof(*out));
	out->name = name;
	if (type && type->schema)
		visit_root(out, type->schema, name, strlen(name), 0, &found);
	if (!found) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	/* An enum or a const says what type its values are. */
	if (!out->shape.types && out->shape.const_value &&
	    out->shape.const_value->kind == WL_NODE_STRING)
		out->shape.types = WL_JSON_STRING;
	return 0;
}

static size_t add_names(const char **names, size_t max, size_t nr,
			const struct wl_schema *s, int depth)
{
	const struct wl_node *props;
	size_t i, j;

	if (!s || depth > QUERY_MAX_DEPTH || s->always >= 0)
		return nr;
	props = map_get(s->node, "properties", 10);
	for (i = 0; props && props->kind == WL_NODE_MAP && i < props->nr;
	     i++) {
		const char *name = props->pairs[i].key->str;

		for (j = 0; j < nr; j++)
			if (!strcmp(names[j], name))
				break;
		if (j < nr)
			continue;
		if (nr == max)
			return nr;
		names[nr++] = name;
	}
	nr = add_names(names, max, nr, s->ref, depth + 1);
	for (i = 0; i < s->nr_all_of; i++)
		nr = add_names(names, max, nr, s->all_of[i], depth + 1);
	return nr;
}

size_t wl_type_field_names(const char **names, size_t max,
			   const struct wl_type *type)
{
	if (!type || !type->schema)
		return 0;
	return add_names(names, max, 0, type->schema, 0);
}
