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

/*
 * Where each node is written, for tools that edit the text rather than
 * re-serialise the tree (`worklog merge` keeps comments and formatting
 * of the lines it does not touch).
 */
enum wl_span_style {
	WL_SPAN_PLAIN,          /* a plain scalar */
	WL_SPAN_QUOTED,         /* a '...' or "..." scalar */
	WL_SPAN_LITERAL,        /* a | or > block scalar */
	WL_SPAN_FLOW,           /* a [...] or {...} collection */
	WL_SPAN_BLOCK,          /* a block collection (indented lines) */
};

struct wl_span {
	const struct wl_node *node;
	/*
	 * Byte offsets in the text parsed: a scalar from its first
	 * character (a quote, the | or >) to just after its last; a flow
	 * collection from its bracket to after the closing one; a block
	 * collection from its first key or `-` to the end of its last
	 * value, comments and blank lines after it excluded.
	 */
	size_t start, end;
	enum wl_span_style style;
};

struct wl_spans {
	struct wl_span *v;      /* sorted by node, for wl_spans_find */
	size_t nr, alloc;
	size_t aliases;         /* alias nodes (*name) in the text */
};
#define WL_SPANS_INIT { NULL, 0, 0, 0 }

/*
 * wl_yaml_parse, also filling `spans` (WL_SPANS_INIT or released) with
 * the span of every node written in the text. A node an alias repeats
 * has the span of its anchored definition; spans->aliases counts the
 * aliases. Returns 0.
 */
int wl_yaml_parse_spans(struct wl_doc *doc, struct wl_spans *spans,
			const char *buf, size_t len, int line0,
			const struct wl_yaml_limits *limits, const char *path,
			struct wl_diags *diags);
/* Returns the span of node `n` (borrowed), or NULL if it has none. */
const struct wl_span *wl_spans_find(const struct wl_spans *spans,
				    const struct wl_node *n);
void wl_spans_release(struct wl_spans *spans);

/*
 * Returns the kind the YAML 1.2 core schema gives the plain (unquoted)
 * scalar `s` of `len` bytes: WL_NODE_STRING unless it reads as a null,
 * a boolean or a number. A writer quotes a string that would not read
 * back as one.
 */
enum wl_node_kind wl_yaml_plain_kind(const char *s, size_t len);

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
