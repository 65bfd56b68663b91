#ifndef WL_SCHEMA_IMPL_H
#define WL_SCHEMA_IMPL_H

/*
 * The schema validator's private parts, shared by its files:
 *
 *   schema_compile.c   the keyword compiler: a schema's YAML into
 *                      struct wl_schema, each keyword's value checked
 *   schema_set.c       the set: files, types, the tables compiling uses
 *   schema_ref.c       $ref: URIs (RFC 3986), JSON pointers, cycles
 *   schema_validate.c  the validator's hot path
 *   schema_msg.c       the messages of violations
 *
 * Functions shared between these files are named schema_*; nothing
 * outside them includes this header (type.c, for x- keywords, aside).
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "regex.h"
#include "schema.h"
#include "util.h"

#define MAX_COMPILE_DEPTH 512
#define MAX_VALIDATE_DEPTH 2000

enum json_type_bits {
	T_NULL = 1 << 0,
	T_BOOLEAN = 1 << 1,
	T_OBJECT = 1 << 2,
	T_ARRAY = 1 << 3,
	T_NUMBER = 1 << 4,
	T_INTEGER = 1 << 5,
	T_STRING = 1 << 6,
};

/* Which groups of keywords a schema has, to skip the rest quickly. */
enum schema_kinds {
	K_OBJECT = 1 << 0,
	K_ARRAY = 1 << 1,
	K_STRING = 1 << 2,
	K_NUMBER = 1 << 3,
	K_APPLY = 1 << 4,
};

struct prop {
	const char *name;
	size_t len;
	struct wl_schema *schema;
};

struct pattern_prop {
	struct wl_regex *re;
	const struct wl_node *pattern;
	struct wl_schema *schema;
};

struct dep_required {
	const char *name;
	size_t len;
	const struct wl_node *list;   /* a sequence of strings */
};

struct wl_schema {
	int always;                   /* 1 true, 0 false, -1 an object */
	unsigned kinds;
	unsigned mark;                /* cycle search */
	const struct wl_node *node;
	const char *file;
	const char *base;

	unsigned types;
	const struct wl_node *enum_values;
	const struct wl_node *const_value;

	struct prop *props;
	size_t nr_props;
	struct pattern_prop *pattern_props;
	size_t nr_pattern_props;
	struct wl_schema *additional;
	struct wl_schema *property_names;
	struct prop *required;
	size_t nr_required;
	long long min_props, max_props;
	struct prop *dep_schemas;
	size_t nr_dep_schemas;
	struct dep_required *dep_required;
	size_t nr_dep_required;

	struct wl_schema **prefix;
	size_t nr_prefix;
	struct wl_schema *items;
	struct wl_schema *contains;
	long long min_contains, max_contains;
	long long min_items, max_items;
	int unique;

	long long min_length, max_length;
	struct wl_regex *pattern;
	const struct wl_node *pattern_node;
	int format;

	const struct wl_node *minimum, *maximum;
	const struct wl_node *exclusive_minimum, *exclusive_maximum;
	const struct wl_node *multiple_of;

	struct wl_schema **all_of, **any_of, **one_of;
	size_t nr_all_of, nr_any_of, nr_one_of;
	struct wl_schema *not_schema;
	struct wl_schema *if_schema, *then_schema, *else_schema;

	const struct wl_node *ref_node;
	const char *ref_uri;          /* resolved against base */
	struct wl_schema *ref;

	const char *x_ref;
	int x_person;
};

/* A schema file, or a document added under a name. */
struct sfile {
	const char *name;
	struct wl_doc doc;            /* owned; empty when borrowed */
	const struct wl_node *root;
	struct wl_schema *schema;
	int builtin;
};

/* Something a $ref can name: a file, or a subschema with an $id. */
struct resource {
	const char *uri;
	const struct wl_node *node;
	const char *file;
	int builtin;
	int is_file;
};

struct memo_entry {
	const struct wl_node *node;
	struct wl_schema *schema;
};

struct wl_schema_set {
	struct wl_arena arena;
	struct sfile **files;
	size_t nr_files, alloc_files;
	struct resource *res;
	size_t nr_res, alloc_res;
	struct memo_entry *memo;
	size_t nr_memo, cap_memo;
	struct wl_schema **all;
	size_t nr_all, alloc_all;
	struct wl_schema **pending;   /* schemas whose $ref is unresolved */
	size_t nr_pending, alloc_pending;
	struct wl_regex **regexes;
	size_t nr_regexes, alloc_regexes;
	struct wl_type **types;       /* sorted by name */
	size_t nr_types, alloc_types;
};

/* ---- small helpers ---------------------------------------------------- */

static inline int node_is(const struct wl_node *n, const char *s)
{
	size_t len = strlen(s);

	return n->len == len && !memcmp(n->str, s, len);
}

static inline const struct wl_node *map_get(const struct wl_node *map,
				     const char *key, size_t len)
{
	size_t i;

	if (!map || map->kind != WL_NODE_MAP)
		return NULL;
	for (i = 0; i < map->nr; i++) {
		const struct wl_node *k = map->pairs[i].key;

		if (k->len == len && !memcmp(k->str, key, len))
			return map->pairs[i].value;
	}
	return NULL;
}

static inline int is_scalar(const struct wl_node *n)
{
	return n->kind != WL_NODE_SEQ && n->kind != WL_NODE_MAP;
}

static inline unsigned instance_type(const struct wl_node *v)
{
	switch (v->kind) {
	case WL_NODE_NULL:
		return T_NULL;
	case WL_NODE_BOOL:
		return T_BOOLEAN;
	case WL_NODE_INT:
		return T_NUMBER | T_INTEGER;
	case WL_NODE_FLOAT:
		if (isfinite(v->v.f) && v->v.f == floor(v->v.f))
			return T_NUMBER | T_INTEGER;
		return T_NUMBER;
	case WL_NODE_STRING:
		return T_STRING;
	case WL_NODE_SEQ:
		return T_ARRAY;
	case WL_NODE_MAP:
		return T_OBJECT;
	}
	return 0;
}

/* ---- compiling (schema_compile.c, schema_set.c, schema_ref.c) --------- */

struct cctx {
	struct wl_schema_set *set;
	const char *file;
	int builtin;
	struct wl_diags *diags;
	int errors;
	int depth;
	struct wl_type *type;         /* the file's type, at its root */
};

/* Reports a problem in the schema at `at` (rule "schema") and counts it. */
void schema_error(struct cctx *cc, const struct wl_node *at, const char *fmt,
		  ...) __attribute__((format(printf, 3, 4)));
/* Arena memory for `nr` elements of `size` (NULL for none). */
void *schema_arena_array(struct cctx *cc, size_t nr, size_t size);
/* Check a keyword's value; each reports and returns -1 if it is not a
 * string, true or false, a list of strings (each once if `unique`), a
 * list of scalars. */
int schema_expect_string(struct cctx *cc, const struct wl_node *v,
			 const char *kw);
int schema_expect_bool(struct cctx *cc, const struct wl_node *v,
		       const char *kw);
int schema_expect_string_list(struct cctx *cc, const struct wl_node *v,
			      const char *kw, int unique);
int schema_expect_scalar_list(struct cctx *cc, const struct wl_node *v,
			      const char *kw);
/* Compiles the schema at `n` (once: the set remembers each node's),
 * with base URI `base`; `root` at the top of a file. */
struct wl_schema *schema_compile(struct cctx *cc, const struct wl_node *n,
				 const char *base, int root);

/* The set's table of compiled nodes, and the resources $ref can name. */
struct wl_schema *schema_memo_get(const struct wl_schema_set *set,
				  const struct wl_node *n);
void schema_memo_put(struct wl_schema_set *set, const struct wl_node *n,
		     struct wl_schema *s);
void schema_add_resource(struct wl_schema_set *set, const char *uri,
			 const struct wl_node *node, const char *file,
			 int builtin, int is_file);
/* Resolves `ref` against `base` (RFC 3986 §5.2.2); the result is in the
 * set's arena. */
const char *schema_uri_resolve(struct wl_schema_set *set, const char *ref,
			       const char *base);

/* ---- record types (type.c) -------------------------------------------- */

/* The type-level x- keywords of a file's root: each checks its value
 * and, when it is right, fills cc->type. */
void schema_type_filename(struct cctx *cc, const struct wl_node *v);
void schema_type_sections(struct cctx *cc, const struct wl_node *v);
void schema_type_transitions(struct cctx *cc, const struct wl_node *v);
void schema_type_lifecycle(struct cctx *cc, const struct wl_node *v);
void schema_type_date_order(struct cctx *cc, const struct wl_node *v);
/* Sets t->refs: the places t's schema marks with x-ref or x-person;
 * once its $refs are resolved. */
void schema_type_refs(struct wl_schema_set *set, struct wl_type *t);

/* ---- validating (schema_validate.c, schema_msg.c) ------------------- */

struct seg {
	const struct wl_node *key;    /* NULL: an array index */
	size_t index;
};

struct vctx {
	const char *path;
	int line;
	const struct wl_node *root;
	struct wl_diags *diags;
	int quiet;                    /* only the answer matters */
	unsigned depth;
	struct seg inline_segs[32];
	struct seg *segs;
	size_t nr_segs, alloc_segs;
	struct wl_regex_scratch rx;
	wl_schema_mark_fn mark;
	void *mark_data;
	int too_deep;
	int in_name;                  /* validating a property name */
	struct seen_diag *seen;       /* its diagnostics, by hash */
	size_t seen_mask, seen_nr;
};

/* A diagnostic this validation made: its number in diags. */
struct seen_diag {
	uint64_t hash;
	size_t index;                 /* + 1; 0 for an empty slot */
};

struct schema_type_name {
	const char *name;
	const char *article;
	unsigned bit;
};
/* The JSON types, in the order messages list them. */
extern const struct schema_type_name schema_type_names[];
#define SCHEMA_NR_TYPE_NAMES 7

/* "a string", "a string or null", "an object, an array or null" */
void schema_add_type_list(struct wl_buf *b, unsigned types);
/* 'name', or a JSON string when quotes or control characters would
 * make it ambiguous. */
void schema_add_name(struct wl_buf *b, const char *s, size_t len);
const char *schema_plural(long long n, const char *one, const char *many);
/* `a.b[2].c`; the first `upto` segments of the instance path. */
void schema_add_path(struct wl_buf *b, const struct vctx *c, size_t upto);
/* Appends a value for a message: JSON, shortened. */
void schema_add_value(struct wl_buf *b, const struct wl_node *v);
/* A list element: plain when a string reads unambiguously. */
void schema_add_list_value(struct wl_buf *b, const struct wl_node *v);
void schema_add_enum_list(struct wl_buf *b, const struct wl_node *list);

/*
 * Adds the violation `msg` at `at` (or at the front matter's line when
 * `whole` and `at` is the root), prefixed with the instance path; the
 * same violation reached twice is reported once.
 */
void schema_report_at(struct vctx *c, const struct wl_node *at, int whole,
		      const struct wl_buf *msg);
void schema_report(struct vctx *c, const struct wl_node *at, int whole,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* "<value> <tail>": the offending value first. */
void schema_report_value(struct vctx *c, const struct wl_node *v,
			 const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
