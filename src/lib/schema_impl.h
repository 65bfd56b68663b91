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
 *   schema_query.c     what a type says of its fields, for templates
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

/*
 * A hash table of indexes into an array the user keeps: slots hold a
 * hash and index + 1 (0: empty); the user compares the keys. For what
 * is looked up among many: $ref targets, enum values, patterns.
 */
struct hindex {
	struct hslot {
		uint64_t hash;
		size_t index;
	} *slots;
	size_t mask, nr;
};

/* Adds `index` under `hash` (a key may be added more than once). */
void schema_hindex_put(struct hindex *t, uint64_t hash, size_t index);
/*
 * The indexes added under `hash`, one per call: *pos starts at 0;
 * returns index + 1, or 0 after the last.
 */
size_t schema_hindex_next(const struct hindex *t, uint64_t hash,
			  size_t *pos);
void schema_hindex_release(struct hindex *t);
/* A hash of `len` bytes (FNV-1a, mixed). */
uint64_t schema_str_hash(const void *s, size_t len);

/* An enum's values: scalars found by hash, arrays and objects listed. */
struct enum_index {
	struct hindex scalars;        /* into the enum's items */
	size_t *containers;           /* their item numbers */
	size_t nr_containers;
	size_t container_nodes;       /* nodes of all of them */
};

struct wl_schema {
	int always;                   /* 1 true, 0 false, -1 an object */
	unsigned kinds;
	unsigned mark;                /* cycle search */
	const struct wl_node *node;
	const char *file;
	const char *base;
	const struct wl_schema_set *set;

	unsigned types;
	const struct wl_node *enum_values;
	struct enum_index *enum_index;
	const struct wl_node *const_value;
	size_t const_nodes;

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

/* A compiled pattern, shared by every schema of the set that has it. */
struct set_regex {
	const char *pattern;
	size_t len;
	struct wl_regex *re;
};

/* A key of a mapping a JSON pointer steps through (schema_ref.c). */
struct keyed {
	const struct wl_node *map;
	const struct wl_pair *pair;
};

struct wl_schema_set {
	struct wl_arena arena;
	struct wl_schema_limits limits;
	struct sfile **files;
	size_t nr_files, alloc_files, nr_own_files;
	struct resource *res;
	size_t nr_res, alloc_res;
	struct hindex res_index;      /* res by uri; built by finish */
	int res_indexed;
	struct keyed *keys;           /* large mappings' keys, by pointer */
	size_t nr_keys, alloc_keys;
	struct hindex key_index;
	struct hindex indexed_maps;   /* into keys: each map's first key */
	struct memo_entry *memo;
	size_t nr_memo, cap_memo;
	struct wl_schema **all;
	size_t nr_all, alloc_all;
	struct wl_schema **pending;   /* schemas whose $ref is unresolved */
	size_t nr_pending, alloc_pending;
	struct set_regex *regexes;
	size_t nr_regexes, alloc_regexes;
	struct hindex regex_index;    /* by pattern text */
	size_t jit_bytes;             /* compiled patterns given to the JIT */
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
		return WL_JSON_NULL;
	case WL_NODE_BOOL:
		return WL_JSON_BOOLEAN;
	case WL_NODE_INT:
		return WL_JSON_NUMBER | WL_JSON_INTEGER;
	case WL_NODE_FLOAT:
		if (isfinite(v->v.f) && v->v.f == floor(v->v.f))
			return WL_JSON_NUMBER | WL_JSON_INTEGER;
		return WL_JSON_NUMBER;
	case WL_NODE_STRING:
		return WL_JSON_STRING;
	case WL_NODE_SEQ:
		return WL_JSON_ARRAY;
	case WL_NODE_MAP:
		return WL_JSON_OBJECT;
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

/* The nodes of a value, aliases counted each time. */
size_t schema_node_count(const struct wl_node *n);

/* The set's table of compiled nodes, and the resources $ref can name. */
struct wl_schema *schema_memo_get(const struct wl_schema_set *set,
				  const struct wl_node *n);
void schema_memo_put(struct wl_schema_set *set, const struct wl_node *n,
		     struct wl_schema *s);
void schema_add_resource(struct wl_schema_set *set, const char *uri,
			 const struct wl_node *node, const char *file,
			 int builtin, int is_file);
/* Forgets resources from `nr` on (a file that failed to compile). */
void schema_drop_resources(struct wl_schema_set *set, size_t nr);
/* The compiled pattern `pat` (once per set), or NULL after reporting
 * why it does not compile. */
struct wl_regex *schema_regex(struct cctx *cc, const struct wl_node *pat,
			      const char *kw);
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
/* `s` is the file's root schema, for keywords that need another. */
void schema_type_id_pattern(struct cctx *cc, const struct wl_schema *s,
			    const struct wl_node *v);
void schema_type_period(struct cctx *cc, const struct wl_node *v);
void schema_type_template(struct cctx *cc, const struct wl_node *v);
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
	unsigned long long steps, max_steps;
	int stopped;                  /* a record's budget ran out */
	int hard_failed;              /* a violation no branch may hide */
	struct hindex seen;           /* its diagnostics' numbers in
					 diags, by hash */
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
/*
 * A violation that must be reported even while a branch is only being
 * tried (a value a regex could not be checked against): `at` `msg`, as
 * schema_report_value says it; the validation then fails.
 */
void schema_report_hard(struct vctx *c, const struct wl_node *at,
			const struct wl_buf *msg);
/* Stops the validation with `msg` at the record (see wl_schema_validate),
 * once; everything fails from then on. */
void schema_stop(struct vctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Adds `n` steps; returns 1 (and stops the validation) once they pass
 * the record's budget. */
int schema_charge(struct vctx *c, unsigned long long n);
/* A pattern for a message: shortened. */
void schema_add_pattern(struct wl_buf *b, const struct wl_node *pattern);

#endif
