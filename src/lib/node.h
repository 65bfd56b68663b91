#ifndef WL_NODE_H
#define WL_NODE_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "util.h"

/*
 * A YAML document as a tree of typed nodes. Scalars are typed by the YAML
 * 1.2 core schema; quoted scalars are always strings. Every node carries its
 * 1-based line and column in the file it came from. Trees are read-only
 * once built: an alias shares the node it names, so a tree may be a DAG.
 */
enum wl_node_kind {
	WL_NODE_NULL,
	WL_NODE_BOOL,
	WL_NODE_INT,    /* fits in long long */
	WL_NODE_FLOAT,  /* any other number, including integers too big */
	WL_NODE_STRING,
	WL_NODE_SEQ,
	WL_NODE_MAP,
};

enum wl_node_flags {
	WL_NODE_PLAIN = 1 << 0,  /* scalar was written unquoted */
	WL_NODE_ALIAS = 1 << 1,  /* reached through an alias (*name) */
};

struct wl_node;

struct wl_pair {
	struct wl_node *key;    /* always a scalar; key->str is its text */
	struct wl_node *value;
};

struct wl_node {
	enum wl_node_kind kind;
	unsigned flags;
	int line, column;
	/* Scalars: the text as written (NUL-terminated; may contain NULs). */
	const char *str;
	size_t len;
	union {
		int b;
		long long i;
		double f;
	} v;
	/* WL_NODE_SEQ: items; WL_NODE_MAP: pairs in document order. */
	size_t nr;
	struct wl_node **items;
	struct wl_pair *pairs;
};

/* A parsed document: its nodes live in the arena. */
struct wl_doc {
	struct wl_arena arena;
	struct wl_node *root;   /* NULL for an empty document */
};
#define WL_DOC_INIT { WL_ARENA_INIT, NULL }

void wl_doc_release(struct wl_doc *doc);

/* Limits that keep hostile input cheap; checked while reading events. */
struct wl_yaml_limits {
	size_t max_bytes;       /* input larger than this is rejected */
	unsigned max_depth;     /* collections nested deeper are rejected */
	size_t max_expansion;   /* nodes that aliases may repeat (a scalar
				   counts 1 + its length / 16) */
	size_t max_nodes;       /* nodes written out; 0: only max_bytes
				   bounds them */
};
#define WL_YAML_LIMITS_DEFAULT { 1024 * 1024, 64, 100000, 0 }

/*
 * Parses one YAML document of `len` bytes. `line0` is the file line of the
 * buffer's first line minus one (the front matter of a record starts on
 * line 2, so its line0 is 1); columns are unchanged. Problems are appended
 * to `diags` under `path` with rule "syntax" or "duplicate-key", and then
 * doc->root is NULL. Returns 0 (findings are not failures).
 */
int wl_yaml_parse(struct wl_doc *doc, const char *buf, size_t len,
		  int line0, const struct wl_yaml_limits *limits,
		  const char *path, struct wl_diags *diags);

/* Lookup helpers; return borrowed nodes or NULL. */
struct wl_node *wl_node_get(const struct wl_node *map, const char *key);
/* Returns the scalar text of map[key] if it is a string, else NULL. */
const char *wl_node_get_str(const struct wl_node *map, const char *key);

/* Returns 1 if the node is a number (int or float). */
int wl_node_is_number(const struct wl_node *n);
/* Returns the numeric value as a double. */
double wl_node_number(const struct wl_node *n);
/* JSON equality: 1 == 1.0, maps compare regardless of key order; a NaN
 * (`.nan`) equals a NaN. */
int wl_node_equal(const struct wl_node *a, const struct wl_node *b);
/* A hash consistent with wl_node_equal: equal nodes hash alike. */
uint64_t wl_node_hash(const struct wl_node *n);
/* Returns "null", "boolean", "number", "string", "list" or "mapping":
 * what a value is called in messages about YAML. */
const char *wl_node_kind_name(const struct wl_node *n);
/* Returns "null", "boolean", "integer", "number", "string", "array" or
 * "object" (JSON Schema names; 1.0 is an "integer"). */
const char *wl_node_json_type(const struct wl_node *n);
/* Appends the node as compact JSON. */
void wl_node_to_json(struct wl_buf *out, const struct wl_node *n);
/*
 * Appends roughly the first `max` bytes of the node's JSON (possibly
 * invalid JSON, cut anywhere): cheap however large the value, for messages.
 */
void wl_node_to_json_prefix(struct wl_buf *out, const struct wl_node *n,
			    size_t max);

#endif
