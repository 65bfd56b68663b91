#ifndef WL_SCHEMA_H
#define WL_SCHEMA_H

#include <stddef.h>

#include "diag.h"
#include "node.h"
#include "type.h"

/*
 * Record types and the JSON Schema (draft 2020-12 subset, DESIGN.md §3)
 * validator. A schema set holds every loaded schema file: the built-in ones
 * and a repository's own, which may add types or replace built-in ones (a
 * later file with the same x-type wins).
 */
struct wl_schema_set;
struct wl_schema;       /* one compiled (sub)schema */

/*
 * What loading and validating may cost: a repository (or a pusher)
 * writes the schemas and the records, so each bound has a diagnostic
 * (rule "schema", severity error) when it is hit, never a silent pass.
 * `limits:` in .worklog.yaml sets them, up to the WL_SCHEMA_MAX_* hard
 * ceilings; SECURITY.md gives the defaults.
 *
 * A step of validation is one subschema applied to one value, one
 * property of an object checked against a subschema, 64 bytes of a
 * string read, or 8 nodes of a value compared with a const or enum
 * value; a diagnostic costs 24 steps and one per 8 bytes of its
 * message. Regular expression steps are regex.h's.
 */
struct wl_schema_limits {
	unsigned long long steps;             /* validating one record */
	unsigned long long regex_steps;       /* its regex searches together */
	unsigned long long regex_match_steps; /* one regex search */
	size_t file_bytes;                    /* one schema file */
	size_t file_nodes;                    /* YAML nodes of one file */
	size_t files;                         /* a set's own (not built-in) */
};
#define WL_SCHEMA_LIMITS_DEFAULT                                               \
	{ 10000000, 10000000, 1000000, 1024 * 1024, 100000, 1000 }
#define WL_SCHEMA_MAX_STEPS 100000000ULL
#define WL_SCHEMA_MAX_REGEX_STEPS 1000000000ULL
#define WL_SCHEMA_MAX_REGEX_MATCH_STEPS 100000000ULL
#define WL_SCHEMA_MAX_FILE_BYTES (64 * 1024 * 1024)
#define WL_SCHEMA_MAX_FILE_NODES 10000000
#define WL_SCHEMA_MAX_FILES 100000

/* Returns a new empty set with the default limits; free with
 * wl_schema_set_free. */
struct wl_schema_set *wl_schema_set_new(void);
void wl_schema_set_free(struct wl_schema_set *set);
/* Sets the limits of the files added from now on and of every
 * validation. */
void wl_schema_set_limits(struct wl_schema_set *set,
			  const struct wl_schema_limits *limits);

/*
 * Parses and adds the schema file `path` (its text in buf/len). Problems
 * (YAML errors, unknown keywords, bad keyword values, a file over the
 * limits) are diagnostics with rule "schema" at their position under
 * `path`. Returns 0, or -1 if the file could not be added (its
 * diagnostics say why).
 */
int wl_schema_set_add(struct wl_schema_set *set, const char *path,
		      const char *buf, size_t len, int builtin,
		      struct wl_diags *diags);

/*
 * Adds an already-parsed schema document under `name`; the set takes
 * ownership of `doc` (and resets it). Returns 0 or -1 as above.
 */
int wl_schema_set_add_doc(struct wl_schema_set *set, const char *name,
			  struct wl_doc *doc, int builtin,
			  struct wl_diags *diags);

/*
 * Adds the schema `root` under `name` without taking ownership: the tree
 * must outlive the set. For schemas embedded in other documents (the
 * conformance suite). Returns 0 or -1 as above.
 */
int wl_schema_set_add_node(struct wl_schema_set *set, const char *name,
			   const struct wl_node *root, int builtin,
			   struct wl_diags *diags);

/*
 * Resolves every $ref once all files are added. Unresolvable references
 * are diagnostics at the $ref, and so is a cycle of references that
 * never descends into the data (`a: {$ref: '#/$defs/a'}`), which is cut.
 * A reference is resolved against the referring file's path (or $id) as
 * a URI; a file not found there is looked up by base name among the
 * built-in ones. Returns 0, or -1 if any reference failed; may be called
 * again after adding more files.
 */
int wl_schema_set_finish(struct wl_schema_set *set, struct wl_diags *diags);

/* Returns the type named `name`, or NULL. */
const struct wl_type *wl_schema_set_type(const struct wl_schema_set *set,
					 const char *name);
/* Returns the number of types; wl_schema_set_type_at(i) is the i-th,
 * in name order. */
size_t wl_schema_set_type_count(const struct wl_schema_set *set);
const struct wl_type *wl_schema_set_type_at(const struct wl_schema_set *set,
					    size_t i);
/* Returns the compiled root schema of the file added as `name`, or NULL. */
const struct wl_schema *wl_schema_set_get(const struct wl_schema_set *set,
					  const char *name);

/*
 * Validates `instance` against `schema`. Each violation is one diagnostic
 * (rule "schema", severity error) under `path`, at the position of the
 * offending value; whole-object problems (a missing required key) are at
 * the object's own node, or at (`line`, 1) when the instance is the
 * record's front matter root and `line` > 0. Messages name the value's
 * path in the instance: `status: "finished" is not one of todo, doing`.
 * Returns 1 if valid, 0 if not. `diags` may be NULL to only ask.
 *
 * The work is bounded by the set's limits. A value a regular expression
 * cannot be checked against in its steps is a violation at the value
 * (wherever the regex is, a `not` or an `anyOf` branch included); when
 * the record's steps or regex steps run out, validation stops with one
 * diagnostic at the record, (`line`, 1) or the instance's own position.
 * Either way the answer is 0, never a pass.
 *
 * Validation only reads the set: once wl_schema_set_finish has run,
 * several threads may validate against it at once. A valid instance
 * costs no heap allocation.
 */
int wl_schema_validate(const struct wl_schema *schema,
		       const struct wl_node *instance, const char *path,
		       int line, struct wl_diags *diags);

/*
 * The values of an instance that carry `x-ref` or `x-person` in the
 * schema, found along the schema's applicators (properties, items, $ref,
 * and the anyOf/oneOf/if branch that matched). Borrowed for the call.
 */
struct wl_schema_mark {
	const struct wl_node *value;
	const char *path;          /* in the instance: "actions[0].owner" */
	const char *ref_type;      /* x-ref, or NULL */
	int person;                /* x-person: true */
};
typedef void (*wl_schema_mark_fn)(const struct wl_schema_mark *mark,
				  void *data);

/*
 * Calls `fn` for each marked value of `instance` (whether the instance is
 * valid or not). Returns 0.
 */
int wl_schema_marks(const struct wl_schema *schema,
		    const struct wl_node *instance, wl_schema_mark_fn fn,
		    void *data);

/* The JSON types of a value, as bits (struct wl_field_shape, and the
 * validator's own `type` keyword). */
enum wl_json_types {
	WL_JSON_NULL = 1 << 0,
	WL_JSON_BOOLEAN = 1 << 1,
	WL_JSON_OBJECT = 1 << 2,
	WL_JSON_ARRAY = 1 << 3,
	WL_JSON_NUMBER = 1 << 4,
	WL_JSON_INTEGER = 1 << 5,
	WL_JSON_STRING = 1 << 6,
};

/*
 * What a schema says of a value, gathered along `$ref` and `allOf`
 * (the first keyword found wins; `type`s are intersected). Branches of
 * anyOf, oneOf and if are not followed: a value there may take any
 * shape. Borrowed from the schema set.
 */
struct wl_field_shape {
	const struct wl_schema *schema;    /* validates a value; NULL: any */
	unsigned types;                    /* enum wl_json_types; 0: any */
	const struct wl_node *enum_values; /* a sequence, or NULL */
	const struct wl_node *const_value;
	const struct wl_node *default_value;
	const struct wl_node *examples;    /* a sequence, or NULL */
	int format;                        /* wl_format_id(), 0 for none */
	const char *ref_type;              /* x-ref, or NULL */
	int person;                        /* x-person */
};

/*
 * One front matter field of a record type, as a template for a new
 * record (`worklog new`, imports) needs it.
 */
struct wl_field {
	const char *name;
	int required;                      /* in the root's `required` */
	struct wl_field_shape shape;
	struct wl_field_shape item;        /* an array's `items`; else empty */
};

/*
 * Describes property `name` of `type`'s root schema (its `properties`,
 * also through `$ref` and `allOf`). Returns 0 with *out filled, or -1
 * if the schema names no such property.
 */
int wl_type_field(struct wl_field *out, const struct wl_type *type,
		  const char *name);
/*
 * Stores the names of the properties of `type`'s root schema, in the
 * order the schema file writes them (then those of its $ref and allOf),
 * each once, into `names`: at most `max`, borrowed from the set. Returns
 * how many it stored.
 */
size_t wl_type_field_names(const char **names, size_t max,
			   const struct wl_type *type);

/*
 * wl_schema_validate and wl_schema_marks in one walk: the findings go
 * to `diags` (may be NULL), the marked values to `fn` (may be NULL), as
 * each alone would give them. Returns 1 if valid, 0 if not.
 */
int wl_schema_validate_marks(const struct wl_schema *schema,
			     const struct wl_node *instance, const char *path,
			     int line, struct wl_diags *diags,
			     wl_schema_mark_fn fn, void *data);

/*
 * Checks a string against a named format: date, date-time, time, email,
 * uri, period, duration. Returns 1 if it conforms, 0 if not, -1 if the
 * format is unknown.
 */
int wl_format_check(const char *format, const char *s, size_t len);

/* Returns the id (> 0) of a named format, or 0 if it is unknown. */
int wl_format_id(const char *name);
/* Returns the name of format `id`, or NULL. */
const char *wl_format_name(int id);
/* wl_format_check by id: 1 conforms, 0 not, -1 unknown id. */
int wl_format_check_id(int id, const char *s, size_t len);

#endif
