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
 *   x-transitions, x-lifecycle, x-date-order) are worklog's; the type-level
 *   ones are allowed only at the top of a schema file.
 */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "regex.h"
#include "schema.h"
#include "util.h"

#include "../banned.h"

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

static int node_is(const struct wl_node *n, const char *s)
{
	size_t len = strlen(s);

	return n->len == len && !memcmp(n->str, s, len);
}

static const struct wl_node *map_get(const struct wl_node *map,
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

static int is_scalar(const struct wl_node *n)
{
	return n->kind != WL_NODE_SEQ && n->kind != WL_NODE_MAP;
}

static size_t utf8_length(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

static unsigned instance_type(const struct wl_node *v)
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

static const struct {
	const char *name;
	const char *article;
	unsigned bit;
} type_names[] = {
	/* The order of messages: the common types first, null last. */
	{ "string", "a string", T_STRING },
	{ "number", "a number", T_NUMBER },
	{ "integer", "an integer", T_INTEGER },
	{ "boolean", "a boolean", T_BOOLEAN },
	{ "object", "an object", T_OBJECT },
	{ "array", "an array", T_ARRAY },
	{ "null", "null", T_NULL },
};
#define NR_TYPE_NAMES (sizeof(type_names) / sizeof(*type_names))

/* "a string", "a string or null", "an object, an array or null" */
static void add_type_list(struct wl_buf *b, unsigned types)
{
	size_t i, n = 0, total = 0;

	if ((types & T_NUMBER) && (types & T_INTEGER))
		types &= ~T_INTEGER;
	for (i = 0; i < NR_TYPE_NAMES; i++)
		if (types & type_names[i].bit)
			total++;
	for (i = 0; i < NR_TYPE_NAMES; i++) {
		if (!(types & type_names[i].bit))
			continue;
		if (n)
			wl_buf_addstr(b, n + 1 == total ? " or " : ", ");
		wl_buf_addstr(b, type_names[i].article);
		n++;
	}
}

/* Edit distance counting a swap of neighbours as one edit (optimal
 * string alignment), for "did you mean"; short strings only. */
static size_t edit_distance(const char *a, size_t la, const char *b,
			    size_t lb)
{
	unsigned char d[32][32];
	size_t i, j;

	if (la >= 32 || lb >= 32)
		return 99;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			unsigned best = d[i - 1][j] + 1;
			unsigned sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

			if (d[i][j - 1] + 1u < best)
				best = d[i][j - 1] + 1;
			if (sub < best)
				best = sub;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1u < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[la][lb];
}

/* Returns the closest of `words` within distance 2, or NULL. */
static const char *closest(const char *s, size_t len,
			   const char *const *words, size_t nr)
{
	const char *best = NULL;
	size_t i, best_d = 3;

	for (i = 0; i < nr; i++) {
		size_t d = edit_distance(s, len, words[i], strlen(words[i]));

		if (d < best_d && d < len) {
			best = words[i];
			best_d = d;
		}
	}
	return best;
}

/* ---- URIs (RFC 3986 §5) ----------------------------------------------- */

struct uri {
	const char *scheme, *auth, *path, *query, *frag;
	size_t scheme_len, auth_len, path_len, query_len, frag_len;
	int has_scheme, has_auth, has_query, has_frag;
};

/* ^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))? */
static void uri_split(struct uri *u, const char *s)
{
	size_t i = strcspn(s, ":/?#");

	memset(u, 0, sizeof(*u));
	if (i && s[i] == ':') {
		u->has_scheme = 1;
		u->scheme = s;
		u->scheme_len = i;
		s += i + 1;
	}
	if (s[0] == '/' && s[1] == '/') {
		u->has_auth = 1;
		u->auth = s + 2;
		u->auth_len = strcspn(u->auth, "/?#");
		s = u->auth + u->auth_len;
	}
	u->path = s;
	u->path_len = strcspn(s, "?#");
	s += u->path_len;
	if (*s == '?') {
		u->has_query = 1;
		u->query = ++s;
		u->query_len = strcspn(s, "#");
		s += u->query_len;
	}
	if (*s == '#') {
		u->has_frag = 1;
		u->frag = s + 1;
		u->frag_len = strlen(u->frag);
	}
}

/* RFC 3986 §5.2.4, appending the result to `out`. */
static void remove_dot_segments(struct wl_buf *out, const char *in,
				size_t len)
{
	size_t start = out->len;

	wl_buf_add(out, "", 0);
	while (len) {
		if (len >= 3 && !memcmp(in, "../", 3)) {
			in += 3, len -= 3;
		} else if (len >= 2 && !memcmp(in, "./", 2)) {
			in += 2, len -= 2;
		} else if (len >= 3 && !memcmp(in, "/./", 3)) {
			in += 2, len -= 2;
		} else if (len == 2 && !memcmp(in, "/.", 2)) {
			in = "/", len = 1;
		} else if ((len >= 4 && !memcmp(in, "/../", 4)) ||
			   (len == 3 && !memcmp(in, "/..", 3))) {
			if (len == 3)
				in = "/", len = 1;
			else
				in += 3, len -= 3;
			while (out->len > start &&
			       out->buf[out->len - 1] != '/')
				out->len--;
			if (out->len > start)
				out->len--;
			out->buf[out->len] = '\0';
		} else if ((len == 1 && in[0] == '.') ||
			   (len == 2 && !memcmp(in, "..", 2))) {
			len = 0;
		} else {
			size_t n = in[0] == '/' ? 1 : 0;

			while (n < len && in[n] != '/')
				n++;
			wl_buf_add(out, in, n);
			in += n, len -= n;
		}
	}
}

/* Resolves `ref` against `base` (RFC 3986 §5.2.2); the result is in the
 * set's arena. A base without a scheme works as a relative path. */
static const char *uri_resolve(struct wl_schema_set *set, const char *ref,
			       const char *base)
{
	struct uri r, b;
	struct wl_buf out = WL_BUF_INIT;
	const char *res;

	uri_split(&r, ref);
	uri_split(&b, base ? base : "");
	if (r.has_scheme) {
		wl_buf_add(&out, r.scheme, r.scheme_len + 1);
		if (r.has_auth) {
			wl_buf_addstr(&out, "//");
			wl_buf_add(&out, r.auth, r.auth_len);
		}
		remove_dot_segments(&out, r.path, r.path_len);
		if (r.has_query) {
			wl_buf_addch(&out, '?');
			wl_buf_add(&out, r.query, r.query_len);
		}
	} else {
		if (b.has_scheme)
			wl_buf_add(&out, b.scheme, b.scheme_len + 1);
		if (r.has_auth) {
			wl_buf_addstr(&out, "//");
			wl_buf_add(&out, r.auth, r.auth_len);
			remove_dot_segments(&out, r.path, r.path_len);
		} else {
			if (b.has_auth) {
				wl_buf_addstr(&out, "//");
				wl_buf_add(&out, b.auth, b.auth_len);
			}
			if (!r.path_len) {
				wl_buf_add(&out, b.path, b.path_len);
				if (!r.has_query && b.has_query) {
					wl_buf_addch(&out, '?');
					wl_buf_add(&out, b.query, b.query_len);
				}
			} else if (r.path[0] == '/') {
				remove_dot_segments(&out, r.path, r.path_len);
			} else {
				struct wl_buf merged = WL_BUF_INIT;
				const char *slash = NULL;
				size_t i;

				for (i = 0; i < b.path_len; i++)
					if (b.path[i] == '/')
						slash = b.path + i;
				if (b.has_auth && !b.path_len)
					wl_buf_addch(&merged, '/');
				else if (slash)
					wl_buf_add(&merged, b.path,
						   slash - b.path + 1);
				wl_buf_add(&merged, r.path, r.path_len);
				remove_dot_segments(&out, merged.buf,
						    merged.len);
				wl_buf_release(&merged);
			}
		}
		if (r.has_query) {
			wl_buf_addch(&out, '?');
			wl_buf_add(&out, r.query, r.query_len);
		}
	}
	if (r.has_frag) {
		wl_buf_addch(&out, '#');
		wl_buf_add(&out, r.frag, r.frag_len);
	}
	res = wl_arena_strndup(&set->arena, wl_buf_cstr(&out), out.len);
	wl_buf_release(&out);
	return res;
}

/* ---- the set's tables ------------------------------------------------- */

static size_t memo_hash(const struct wl_node *n, size_t cap)
{
	uint64_t h = (uint64_t)(uintptr_t)n;

	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ULL;
	return (size_t)(h >> 20) & (cap - 1);
}

static struct wl_schema *memo_get(const struct wl_schema_set *set,
				  const struct wl_node *n)
{
	size_t i;

	if (!set->cap_memo)
		return NULL;
	for (i = memo_hash(n, set->cap_memo); set->memo[i].node;
	     i = (i + 1) & (set->cap_memo - 1))
		if (set->memo[i].node == n)
			return set->memo[i].schema;
	return NULL;
}

static void memo_put(struct wl_schema_set *set, const struct wl_node *n,
		     struct wl_schema *s)
{
	size_t i;

	if ((set->nr_memo + 1) * 2 > set->cap_memo) {
		struct memo_entry *old = set->memo;
		size_t j, old_cap = set->cap_memo;

		set->cap_memo = old_cap ? old_cap * 2 : 64;
		set->memo = wl_xcalloc(set->cap_memo, sizeof(*set->memo));
		for (j = 0; j < old_cap; j++) {
			if (!old[j].node)
				continue;
			i = memo_hash(old[j].node, set->cap_memo);
			while (set->memo[i].node)
				i = (i + 1) & (set->cap_memo - 1);
			set->memo[i] = old[j];
		}
		free(old);
	}
	i = memo_hash(n, set->cap_memo);
	while (set->memo[i].node)
		i = (i + 1) & (set->cap_memo - 1);
	set->memo[i].node = n;
	set->memo[i].schema = s;
	set->nr_memo++;
}

static void add_resource(struct wl_schema_set *set, const char *uri,
			 const struct wl_node *node, const char *file,
			 int builtin, int is_file)
{
	struct resource *r;

	WL_ALLOC_GROW(set->res, set->nr_res + 1, set->alloc_res);
	r = &set->res[set->nr_res++];
	r->uri = uri;
	r->node = node;
	r->file = file;
	r->builtin = builtin;
	r->is_file = is_file;
}

/* ---- compiling -------------------------------------------------------- */

struct cctx {
	struct wl_schema_set *set;
	const char *file;
	int builtin;
	struct wl_diags *diags;
	int errors;
	int depth;
};

static void cc_error(struct cctx *cc, const struct wl_node *at,
		     const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void cc_error(struct cctx *cc, const struct wl_node *at,
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

static struct wl_schema *compile(struct cctx *cc, const struct wl_node *n,
				 const char *base, int root);

static struct wl_schema *new_schema(struct cctx *cc, const struct wl_node *n,
				    const char *base)
{
	struct wl_schema *s = wl_arena_alloc(&cc->set->arena, sizeof(*s));

	s->always = -1;
	s->node = n;
	s->file = cc->file;
	s->base = base;
	s->min_props = s->max_props = -1;
	s->min_contains = s->max_contains = -1;
	s->min_items = s->max_items = -1;
	s->min_length = s->max_length = -1;
	return s;
}

static void *arena_array(struct cctx *cc, size_t nr, size_t size)
{
	if (!nr)
		return NULL;
	if (nr > SIZE_MAX / size)
		abort();
	return wl_arena_alloc(&cc->set->arena, nr * size);
}

static struct wl_regex *compile_regex(struct cctx *cc,
				      const struct wl_node *pat,
				      const char *kw)
{
	struct wl_schema_set *set = cc->set;
	struct wl_regex *re = NULL;
	char *msg = NULL;
	size_t off;

	if (wl_regex_compile(&re, pat->str, pat->len, &msg, &off) < 0) {
		cc_error(cc, pat,
			 "invalid regular expression in '%s': %s at offset %zu",
			 kw, msg, off);
		free(msg);
		return NULL;
	}
	WL_ALLOC_GROW(set->regexes, set->nr_regexes + 1, set->alloc_regexes);
	set->regexes[set->nr_regexes++] = re;
	return re;
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
	{ "x-lifecycle", KW_X_LIFECYCLE, KW_ROOT },
	{ "x-person", KW_X_PERSON, 0 },
	{ "x-ref", KW_X_REF, 0 },
	{ "x-sections", KW_X_SECTIONS, KW_ROOT },
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
			cc_error(cc, key, "unsupported keyword '%s'",
				 unsupported[i]);
			return;
		}
	}
	for (i = 0; i < NR_KEYWORDS; i++)
		names[i] = keywords[i].name;
	best = closest(key->str, key->len, names, NR_KEYWORDS);
	if (best)
		cc_error(cc, key, "unknown keyword '%s'; did you mean '%s'?",
			 key->str, best);
	else
		cc_error(cc, key, "unknown keyword '%s'", key->str);
}

static int expect_string(struct cctx *cc, const struct wl_node *v,
			 const char *kw)
{
	if (v->kind == WL_NODE_STRING)
		return 0;
	cc_error(cc, v, "'%s' must be a string", kw);
	return -1;
}

static int expect_bool(struct cctx *cc, const struct wl_node *v,
		       const char *kw)
{
	if (v->kind == WL_NODE_BOOL)
		return 0;
	cc_error(cc, v, "'%s' must be true or false", kw);
	return -1;
}

/* A list of strings, each at most once. */
static int expect_string_list(struct cctx *cc, const struct wl_node *v,
			      const char *kw, int unique)
{
	size_t i, j;
	int ret = 0;

	if (v->kind != WL_NODE_SEQ) {
		cc_error(cc, v, "'%s' must be a list of strings", kw);
		return -1;
	}
	for (i = 0; i < v->nr; i++) {
		const struct wl_node *it = v->items[i];

		if (it->kind != WL_NODE_STRING) {
			cc_error(cc, it, "'%s' must be a list of strings", kw);
			ret = -1;
			continue;
		}
		for (j = 0; unique && j < i; j++) {
			if (wl_node_equal(v->items[j], it)) {
				cc_error(cc, it, "'%s' lists '%s' twice", kw,
					 it->str);
				ret = -1;
				break;
			}
		}
	}
	return ret;
}

/* A list of scalars (states of a field). */
static int expect_scalar_list(struct cctx *cc, const struct wl_node *v,
			      const char *kw)
{
	size_t i;

	if (v->kind != WL_NODE_SEQ) {
		cc_error(cc, v, "'%s' must be a list of values", kw);
		return -1;
	}
	for (i = 0; i < v->nr; i++) {
		if (!is_scalar(v->items[i])) {
			cc_error(cc, v->items[i],
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
	cc_error(cc, v, "'%s' must be a non-negative integer", kw);
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
		cc_error(cc, v, "'%s' must be a non-empty list of schemas", kw);
		return NULL;
	}
	list = arena_array(cc, v->nr, sizeof(*list));
	for (i = 0; i < v->nr; i++)
		list[i] = compile(cc, v->items[i], base, 0);
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
		cc_error(cc, v, "'%s' must be a mapping of names to schemas",
			 kw);
		return NULL;
	}
	p = arena_array(cc, v->nr, sizeof(*p));
	for (i = 0; i < v->nr; i++) {
		p[i].name = v->pairs[i].key->str;
		p[i].len = v->pairs[i].key->len;
		p[i].schema = compile(cc, v->pairs[i].value, base, 0);
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
			cc_error(cc, v, "'type' must not be an empty list");
			return;
		}
		n = v->nr;
	}
	for (i = 0; i < n; i++) {
		const char *names[NR_TYPE_NAMES];
		const char *best;
		unsigned bit = 0;

		if (v->kind == WL_NODE_SEQ)
			one = v->items[i];
		if (one->kind != WL_NODE_STRING) {
			cc_error(cc, one,
				 "'type' must be a type name or a list of them");
			continue;
		}
		for (j = 0; j < NR_TYPE_NAMES; j++) {
			names[j] = type_names[j].name;
			if (node_is(one, type_names[j].name))
				bit = type_names[j].bit;
		}
		if (!bit) {
			best = closest(one->str, one->len, names,
				       NR_TYPE_NAMES);
			if (best)
				cc_error(cc, one,
					 "unknown type '%s'; did you mean '%s'?",
					 one->str, best);
			else
				cc_error(cc, one,
					 "unknown type '%s' (expected string, number, integer, boolean, object, array or null)",
					 one->str);
			continue;
		}
		if (s->types & bit)
			cc_error(cc, one, "'type' lists '%s' twice", one->str);
		s->types |= bit;
	}
}

static void compile_required(struct cctx *cc, struct wl_schema *s,
			     const struct wl_node *v)
{
	size_t i;

	if (expect_string_list(cc, v, "required", 1) < 0)
		return;
	s->required = arena_array(cc, v->nr, sizeof(*s->required));
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
		cc_error(cc, v,
			 "'dependentRequired' must be a mapping of names to lists of names");
		return;
	}
	s->dep_required = arena_array(cc, v->nr, sizeof(*s->dep_required));
	for (i = 0; i < v->nr; i++) {
		if (expect_string_list(cc, v->pairs[i].value,
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
		cc_error(cc, v,
			 "'patternProperties' must be a mapping of patterns to schemas");
		return;
	}
	s->pattern_props = arena_array(cc, v->nr, sizeof(*s->pattern_props));
	for (i = 0; i < v->nr; i++) {
		struct pattern_prop *p = &s->pattern_props[i];

		p->pattern = v->pairs[i].key;
		p->re = compile_regex(cc, p->pattern, "patternProperties");
		p->schema = compile(cc, v->pairs[i].value, s->base, 0);
	}
	s->nr_pattern_props = v->nr;
}

static const struct wl_node *number_value(struct cctx *cc,
					  const struct wl_node *v,
					  const char *kw)
{
	if (wl_node_is_number(v))
		return v;
	cc_error(cc, v, "'%s' must be a number", kw);
	return NULL;
}

/* x-filename: text with {field} placeholders. */
static void check_filename_pattern(struct cctx *cc, const struct wl_node *v)
{
	const char *s = v->str, *end = v->str + v->len;

	for (; s < end; s++) {
		const char *close;

		if (*s != '{')
			continue;
		close = memchr(s, '}', end - s);
		if (!close || close == s + 1) {
			cc_error(cc, v,
				 "'x-filename' has an unfinished placeholder; write {field}");
			return;
		}
		s = close;
	}
}

static const char *const section_keys[] = {
	"aliases", "name", "nonempty", "required", "when",
};

static void check_sections(struct cctx *cc, const struct wl_node *v)
{
	size_t i, j;

	if (v->kind != WL_NODE_SEQ) {
		cc_error(cc, v, "'x-sections' must be a list of sections");
		return;
	}
	for (i = 0; i < v->nr; i++) {
		const struct wl_node *sec = v->items[i];

		if (sec->kind != WL_NODE_MAP) {
			cc_error(cc, sec,
				 "a section in 'x-sections' must be a mapping with a 'name'");
			continue;
		}
		if (!map_get(sec, "name", 4))
			cc_error(cc, sec, "a section in 'x-sections' needs a 'name'");
		for (j = 0; j < sec->nr; j++) {
			const struct wl_node *k = sec->pairs[j].key;
			const struct wl_node *val = sec->pairs[j].value;
			const char *best;

			if (node_is(k, "name")) {
				expect_string(cc, val, "name");
			} else if (node_is(k, "aliases")) {
				expect_string_list(cc, val, "aliases", 0);
			} else if (node_is(k, "required") ||
				   node_is(k, "nonempty")) {
				expect_bool(cc, val, k->str);
			} else if (node_is(k, "when")) {
				size_t w;

				if (val->kind != WL_NODE_MAP) {
					cc_error(cc, val,
						 "'when' must be a mapping of fields to values");
					continue;
				}
				for (w = 0; w < val->nr; w++) {
					const struct wl_node *c =
						val->pairs[w].value;

					if (!is_scalar(c))
						expect_scalar_list(cc, c,
								   "when");
				}
			} else {
				best = closest(k->str, k->len, section_keys,
					       sizeof(section_keys) /
						       sizeof(*section_keys));
				if (best)
					cc_error(cc, k,
						 "unknown key '%s' in 'x-sections'; did you mean '%s'?",
						 k->str, best);
				else
					cc_error(cc, k,
						 "unknown key '%s' in 'x-sections'",
						 k->str);
			}
		}
	}
}

static void check_transitions(struct cctx *cc, const struct wl_node *v)
{
	size_t i, j;

	if (v->kind != WL_NODE_MAP) {
		cc_error(cc, v,
			 "'x-transitions' must map a field to its allowed changes");
		return;
	}
	for (i = 0; i < v->nr; i++) {
		const struct wl_node *states = v->pairs[i].value;

		if (states->kind != WL_NODE_MAP) {
			cc_error(cc, states,
				 "'x-transitions' of '%s' must map each state to a list of next states",
				 v->pairs[i].key->str);
			continue;
		}
		for (j = 0; j < states->nr; j++)
			expect_scalar_list(cc, states->pairs[j].value,
					   "x-transitions");
	}
}

static const char *const lifecycle_keys[] = {
	"blocked", "cancelled", "done", "due", "field", "open",
};

static void check_lifecycle(struct cctx *cc, const struct wl_node *v)
{
	size_t i;

	if (v->kind != WL_NODE_MAP) {
		cc_error(cc, v,
			 "'x-lifecycle' must be a mapping: {field, due, open, blocked, done, cancelled}");
		return;
	}
	if (!map_get(v, "field", 5))
		cc_error(cc, v, "'x-lifecycle' needs a 'field'");
	for (i = 0; i < v->nr; i++) {
		const struct wl_node *k = v->pairs[i].key;
		const struct wl_node *val = v->pairs[i].value;
		const char *best;

		if (node_is(k, "field") || node_is(k, "due")) {
			expect_string(cc, val, k->str);
		} else if (node_is(k, "open") || node_is(k, "blocked") ||
			   node_is(k, "done") || node_is(k, "cancelled")) {
			expect_scalar_list(cc, val, k->str);
		} else {
			best = closest(k->str, k->len, lifecycle_keys,
				       sizeof(lifecycle_keys) /
					       sizeof(*lifecycle_keys));
			if (best)
				cc_error(cc, k,
					 "unknown key '%s' in 'x-lifecycle'; did you mean '%s'?",
					 k->str, best);
			else
				cc_error(cc, k, "unknown key '%s' in 'x-lifecycle'",
					 k->str);
		}
	}
}

static void check_date_order(struct cctx *cc, const struct wl_node *v)
{
	size_t i;

	if (v->kind != WL_NODE_SEQ) {
		cc_error(cc, v,
			 "'x-date-order' must be a list of [earlier, later] field pairs");
		return;
	}
	for (i = 0; i < v->nr; i++) {
		const struct wl_node *p = v->items[i];

		if (p->kind != WL_NODE_SEQ || p->nr != 2 ||
		    p->items[0]->kind != WL_NODE_STRING ||
		    p->items[1]->kind != WL_NODE_STRING)
			cc_error(cc, p,
				 "'x-date-order' must be a list of [earlier, later] field pairs");
	}
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
		expect_string(cc, v, name);
		break;
	case KW_ANNOTATION_BOOL:
		expect_bool(cc, v, name);
		break;
	case KW_ANNOTATION_ANY:
		break;
	case KW_EXAMPLES:
		if (v->kind != WL_NODE_SEQ)
			cc_error(cc, v, "'examples' must be a list");
		break;
	case KW_ID:
		/* Read before the other keywords, in compile(). */
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
		if (v->kind != WL_NODE_SEQ)
			cc_error(cc, v, "'enum' must be a list of values");
		else
			s->enum_values = v;
		break;
	case KW_CONST:
		s->const_value = v;
		break;
	case KW_PROPERTIES:
		s->props = compile_map(cc, v, name, s->base, &s->nr_props, 1);
		break;
	case KW_PATTERN_PROPERTIES:
		compile_pattern_props(cc, s, v);
		break;
	case KW_ADDITIONAL_PROPERTIES:
		s->additional = compile(cc, v, s->base, 0);
		break;
	case KW_PROPERTY_NAMES:
		s->property_names = compile(cc, v, s->base, 0);
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
		s->items = compile(cc, v, s->base, 0);
		break;
	case KW_CONTAINS:
		s->contains = compile(cc, v, s->base, 0);
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
		if (!expect_bool(cc, v, name))
			s->unique = v->v.b;
		break;
	case KW_MIN_LENGTH:
		count = &s->min_length;
		break;
	case KW_MAX_LENGTH:
		count = &s->max_length;
		break;
	case KW_PATTERN:
		if (!expect_string(cc, v, name)) {
			s->pattern = compile_regex(cc, v, name);
			s->pattern_node = v;
		}
		break;
	case KW_FORMAT:
		if (expect_string(cc, v, name))
			break;
		s->format = wl_format_id(v->str);
		if (!s->format)
			cc_error(cc, v,
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
			cc_error(cc, v, "'multipleOf' must be a number greater than 0");
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
		s->not_schema = compile(cc, v, s->base, 0);
		break;
	case KW_IF:
		s->if_schema = compile(cc, v, s->base, 0);
		break;
	case KW_THEN:
		s->then_schema = compile(cc, v, s->base, 0);
		break;
	case KW_ELSE:
		s->else_schema = compile(cc, v, s->base, 0);
		break;
	case KW_REF:
		if (expect_string(cc, v, name))
			break;
		s->ref_node = v;
		s->ref_uri = uri_resolve(cc->set, v->str, s->base);
		WL_ALLOC_GROW(cc->set->pending, cc->set->nr_pending + 1,
			      cc->set->alloc_pending);
		cc->set->pending[cc->set->nr_pending++] = s;
		break;
	case KW_X_TYPE:
		if (!expect_string(cc, v, name) &&
		    (!v->len || v->len != strcspn(v->str, " \t\r\n/")))
			cc_error(cc, v,
				 "'x-type' must be a name without spaces or slashes");
		break;
	case KW_X_ID:
		expect_string(cc, v, name);
		break;
	case KW_X_FILENAME:
		if (!expect_string(cc, v, name))
			check_filename_pattern(cc, v);
		break;
	case KW_X_REF:
		if (!expect_string(cc, v, name))
			s->x_ref = v->str;
		break;
	case KW_X_PERSON:
		if (!expect_bool(cc, v, name))
			s->x_person = v->v.b;
		break;
	case KW_X_SECTIONS:
		check_sections(cc, v);
		break;
	case KW_X_TRANSITIONS:
		check_transitions(cc, v);
		break;
	case KW_X_LIFECYCLE:
		check_lifecycle(cc, v);
		break;
	case KW_X_DATE_ORDER:
		check_date_order(cc, v);
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

static struct wl_schema *compile(struct cctx *cc, const struct wl_node *n,
				 const char *base, int root)
{
	struct wl_schema *s = memo_get(cc->set, n);
	const struct wl_node *id;
	size_t i;

	if (s)
		return s;
	s = new_schema(cc, n, base);
	memo_put(cc->set, n, s);
	WL_ALLOC_GROW(cc->set->all, cc->set->nr_all + 1, cc->set->alloc_all);
	cc->set->all[cc->set->nr_all++] = s;

	if (n->kind == WL_NODE_BOOL) {
		s->always = n->v.b;
		return s;
	}
	if (n->kind != WL_NODE_MAP) {
		cc_error(cc, n, "a schema must be a mapping or true or false");
		s->always = 1;
		return s;
	}
	if (cc->depth >= MAX_COMPILE_DEPTH) {
		cc_error(cc, n, "schema nested too deeply");
		s->always = 1;
		return s;
	}
	cc->depth++;

	id = map_get(n, "$id", 3);
	if (id && !expect_string(cc, id, "$id")) {
		const char *hash = memchr(id->str, '#', id->len);

		if (hash && hash[1])
			cc_error(cc, id, "'$id' must not have a fragment");
		else if (memchr(id->str, '\0', id->len))
			cc_error(cc, id, "'$id' must not contain NUL");
		else {
			const char *uri = uri_resolve(cc->set, id->str, base);
			char *h = strchr(uri, '#');

			if (h)
				*h = '\0';
			s->base = uri;
			add_resource(cc->set, uri, n, cc->file, cc->builtin, 0);
		}
	}

	for (i = 0; i < n->nr; i++) {
		const struct wl_node *key = n->pairs[i].key;
		const struct keyword *kw = find_keyword(key);

		if (!kw)
			unknown_keyword(cc, key);
		else if ((kw->flags & KW_ROOT) && !root)
			cc_error(cc, key,
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

/* ---- the set ---------------------------------------------------------- */

struct wl_schema_set *wl_schema_set_new(void)
{
	struct wl_schema_set *set = wl_xcalloc(1, sizeof(*set));

	return set;
}

void wl_schema_set_free(struct wl_schema_set *set)
{
	size_t i;

	if (!set)
		return;
	for (i = 0; i < set->nr_files; i++)
		wl_doc_release(&set->files[i]->doc);
	for (i = 0; i < set->nr_regexes; i++)
		wl_regex_free(set->regexes[i]);
	free(set->files);
	free(set->res);
	free(set->memo);
	free(set->all);
	free(set->pending);
	free(set->regexes);
	free(set->types);
	wl_arena_release(&set->arena);
	free(set);
}

static int cmp_type_name(const char *name, const struct wl_type *t)
{
	return strcmp(name, t->name);
}

/* Returns the index where a type named `name` is or would go. */
static size_t type_pos(const struct wl_schema_set *set, const char *name,
		       int *found)
{
	size_t lo = 0, hi = set->nr_types;

	*found = 0;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = cmp_type_name(name, set->types[mid]);

		if (!c) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static void register_type(struct wl_schema_set *set, struct sfile *f)
{
	const struct wl_node *xt = map_get(f->root, "x-type", 6);
	const struct wl_node *v;
	struct wl_type *t;
	size_t pos;
	int found;

	if (!xt || xt->kind != WL_NODE_STRING)
		return;
	t = wl_arena_alloc(&set->arena, sizeof(*t));
	t->name = xt->str;
	t->file = f->name;
	v = map_get(f->root, "x-id", 4);
	t->id_field = v ? v->str : NULL;
	v = map_get(f->root, "x-filename", 10);
	t->filename = v ? v->str : NULL;
	t->root = f->root;
	t->schema = f->schema;
	t->builtin = f->builtin;
	pos = type_pos(set, t->name, &found);
	if (found) {
		/* A later file of the same type replaces the earlier one. */
		set->types[pos] = t;
		return;
	}
	WL_ALLOC_GROW(set->types, set->nr_types + 1, set->alloc_types);
	memmove(set->types + pos + 1, set->types + pos,
		(set->nr_types - pos) * sizeof(*set->types));
	set->types[pos] = t;
	set->nr_types++;
}

static int add_root(struct wl_schema_set *set, const char *name,
		    struct wl_doc *owned, const struct wl_node *root,
		    int builtin, struct wl_diags *diags)
{
	struct cctx cc = { set, NULL, builtin, diags, 0, 0 };
	size_t nr_res = set->nr_res, nr_pending = set->nr_pending;
	struct sfile *f;

	f = wl_arena_alloc(&set->arena, sizeof(*f));
	f->name = wl_arena_strndup(&set->arena, name, strlen(name));
	f->root = root;
	f->builtin = builtin;
	if (owned) {
		f->doc = *owned;
		owned->arena.head = NULL;
		owned->arena.used = 0;
		owned->root = NULL;
	}
	/* Kept even on failure: compiled schemas point into the tree. */
	WL_ALLOC_GROW(set->files, set->nr_files + 1, set->alloc_files);
	set->files[set->nr_files++] = f;

	cc.file = f->name;
	if (!root) {
		cc_error(&cc, NULL, "schema file is empty");
		return -1;
	}
	if (root->kind != WL_NODE_MAP && root->kind != WL_NODE_BOOL) {
		cc_error(&cc, root, "a schema must be a mapping or true or false");
		return -1;
	}
	add_resource(set, f->name, root, f->name, builtin, 1);
	f->schema = compile(&cc, root, f->name, 1);
	if (cc.errors) {
		/* Nothing of a broken file may be found by $ref. */
		set->nr_res = nr_res;
		set->nr_pending = nr_pending;
		f->schema = NULL;
		return -1;
	}
	register_type(set, f);
	return 0;
}

int wl_schema_set_add(struct wl_schema_set *set, const char *path,
		      const char *buf, size_t len, int builtin,
		      struct wl_diags *diags)
{
	struct wl_yaml_limits limits = { 4 * 1024 * 1024, 128, 1000000 };
	struct wl_diags local = WL_DIAGS_INIT;
	struct wl_doc doc = WL_DOC_INIT;
	int ret;

	wl_yaml_parse(&doc, buf, len, 0, &limits, path, &local);
	if (local.errors) {
		if (diags)
			wl_diags_move(diags, &local);
		wl_diags_release(&local);
		wl_doc_release(&doc);
		return -1;
	}
	if (diags)
		wl_diags_move(diags, &local);
	wl_diags_release(&local);
	ret = add_root(set, path, &doc, doc.root, builtin, diags);
	wl_doc_release(&doc);
	return ret;
}

int wl_schema_set_add_doc(struct wl_schema_set *set, const char *name,
			  struct wl_doc *doc, int builtin,
			  struct wl_diags *diags)
{
	return add_root(set, name, doc, doc->root, builtin, diags);
}

int wl_schema_set_add_node(struct wl_schema_set *set, const char *name,
			   const struct wl_node *root, int builtin,
			   struct wl_diags *diags)
{
	return add_root(set, name, NULL, root, builtin, diags);
}

static const char *base_name(const char *s, size_t len, size_t *out_len)
{
	size_t i = len;

	while (i && s[i - 1] != '/')
		i--;
	*out_len = len - i;
	return s + i;
}

static const struct resource *find_resource(const struct wl_schema_set *set,
					    const char *uri, size_t len)
{
	const char *bn;
	size_t i, bn_len;

	for (i = set->nr_res; i--;) {
		const struct resource *r = &set->res[i];

		if (strlen(r->uri) == len && !memcmp(r->uri, uri, len))
			return r;
	}
	/* A file missing next to its referrer may be a built-in one. */
	bn = base_name(uri, len, &bn_len);
	if (!bn_len || memchr(uri, ':', len))
		return NULL;
	for (i = set->nr_res; i--;) {
		const struct resource *r = &set->res[i];
		const char *rb;
		size_t rb_len;

		if (!r->builtin || !r->is_file)
			continue;
		rb = base_name(r->uri, strlen(r->uri), &rb_len);
		if (rb_len == bn_len && !memcmp(rb, bn, bn_len))
			return r;
	}
	return NULL;
}

/*
 * Follows the JSON pointer `ptr` (already %-decoded, `len` bytes) from
 * `node`. Returns the node, or NULL if a token names nothing.
 */
static const struct wl_node *follow_pointer(const struct wl_node *node,
					    const char *ptr, size_t len)
{
	struct wl_buf tok = WL_BUF_INIT;
	size_t i = 0;

	if (len && ptr[0] != '/')
		return NULL;
	while (node && i < len) {
		size_t j;

		wl_buf_reset(&tok);
		wl_buf_add(&tok, "", 0);
		for (j = i + 1; j < len && ptr[j] != '/'; j++) {
			if (ptr[j] == '~' && j + 1 < len &&
			    (ptr[j + 1] == '0' || ptr[j + 1] == '1')) {
				wl_buf_addch(&tok,
					     ptr[j + 1] == '0' ? '~' : '/');
				j++;
			} else {
				wl_buf_addch(&tok, ptr[j]);
			}
		}
		i = j;
		if (node->kind == WL_NODE_MAP) {
			node = map_get(node, tok.buf, tok.len);
		} else if (node->kind == WL_NODE_SEQ) {
			size_t idx = 0, k;

			if (!tok.len || (tok.len > 1 && tok.buf[0] == '0'))
				node = NULL;
			for (k = 0; node && k < tok.len; k++) {
				if (tok.buf[k] < '0' || tok.buf[k] > '9' ||
				    idx > SIZE_MAX / 10 - 1)
					node = NULL;
				else
					idx = idx * 10 + (tok.buf[k] - '0');
			}
			if (node)
				node = idx < node->nr ? node->items[idx] : NULL;
		} else {
			node = NULL;
		}
	}
	wl_buf_release(&tok);
	return node;
}

static int resolve_ref(struct wl_schema_set *set, struct wl_schema *s,
		       struct wl_diags *diags)
{
	struct cctx cc = { set, s->file, 0, diags, 0, 0 };
	const char *uri = s->ref_uri, *hash = strchr(uri, '#');
	size_t doc_len = hash ? (size_t)(hash - uri) : strlen(uri);
	const struct resource *r = find_resource(set, uri, doc_len);
	const struct wl_node *target;
	struct wl_buf frag = WL_BUF_INIT;
	const char *f;
	int ret = -1;

	if (!r) {
		cc_error(&cc, s->ref_node,
			 "cannot resolve $ref '%s': no schema '%.*s'",
			 s->ref_node->str, (int)doc_len, uri);
		goto done;
	}
	/* The fragment is %-decoded before it is read as a JSON pointer. */
	for (f = hash ? hash + 1 : ""; *f; f++) {
		if (*f == '%' && wl_hex_digit(f[1]) >= 0 && wl_hex_digit(f[2]) >= 0) {
			wl_buf_addch(&frag, wl_hex_digit(f[1]) * 16 +
						    wl_hex_digit(f[2]));
			f += 2;
		} else {
			wl_buf_addch(&frag, *f);
		}
	}
	if (frag.len && frag.buf[0] != '/') {
		cc_error(&cc, s->ref_node,
			 "cannot resolve $ref '%s': anchors are not supported; use a JSON pointer like '#/$defs/name'",
			 s->ref_node->str);
		goto done;
	}
	target = follow_pointer(r->node, frag.buf, frag.len);
	if (!target) {
		cc_error(&cc, s->ref_node,
			 "cannot resolve $ref '%s': '%s' has no '%s'",
			 s->ref_node->str, r->uri, wl_buf_cstr(&frag));
		goto done;
	}
	cc.file = r->file;
	cc.builtin = r->builtin;
	s->ref = compile(&cc, target, r->uri, 0);
	if (cc.errors) {
		s->ref = NULL;
		goto done;
	}
	ret = 0;
done:
	wl_buf_release(&frag);
	return ret;
}

/*
 * The schemas applied to the same instance as `s` (its in-place
 * applicators). Returns 0 past the last one; *out may be NULL.
 */
static int inplace_edge(const struct wl_schema *s, size_t e,
			struct wl_schema **out)
{
	if (e == 0) {
		*out = s->ref;
		return 1;
	}
	e--;
	if (e < s->nr_all_of) {
		*out = s->all_of[e];
		return 1;
	}
	e -= s->nr_all_of;
	if (e < s->nr_any_of) {
		*out = s->any_of[e];
		return 1;
	}
	e -= s->nr_any_of;
	if (e < s->nr_one_of) {
		*out = s->one_of[e];
		return 1;
	}
	e -= s->nr_one_of;
	if (e < s->nr_dep_schemas) {
		*out = s->dep_schemas[e].schema;
		return 1;
	}
	e -= s->nr_dep_schemas;
	switch (e) {
	case 0: *out = s->not_schema; return 1;
	case 1: *out = s->if_schema; return 1;
	case 2: *out = s->then_schema; return 1;
	case 3: *out = s->else_schema; return 1;
	}
	return 0;
}

struct dfs_frame {
	struct wl_schema *s;
	size_t e;
};

/*
 * Finds $ref cycles that never descend into the data
 * (`a: {$ref: '#/$defs/a'}`): validating anything against them would
 * never end. Each one is an
 * error at a $ref on the cycle, and that $ref is cut.
 */
static int check_cycles(struct wl_schema_set *set, struct wl_diags *diags)
{
	struct dfs_frame *stack = NULL;
	size_t nr = 0, alloc = 0, i;
	int ret = 0;

	for (i = 0; i < set->nr_all; i++)
		set->all[i]->mark = 0;
	for (i = 0; i < set->nr_all; i++) {
		if (set->all[i]->mark)
			continue;
		WL_ALLOC_GROW(stack, nr + 1, alloc);
		stack[nr].s = set->all[i];
		stack[nr++].e = 0;
		set->all[i]->mark = 1;
		while (nr) {
			struct dfs_frame *f = &stack[nr - 1];
			struct wl_schema *child;
			size_t k;

			if (!inplace_edge(f->s, f->e++, &child)) {
				f->s->mark = 2;
				nr--;
				continue;
			}
			if (!child || child->always >= 0 || child->mark == 2)
				continue;
			if (child->mark == 0) {
				child->mark = 1;
				WL_ALLOC_GROW(stack, nr + 1, alloc);
				stack[nr].s = child;
				stack[nr++].e = 0;
				continue;
			}
			/* A back edge: the cycle is the stack above child. */
			for (k = nr; k--;) {
				struct wl_schema *on = stack[k].s;

				if (stack[k].e == 1 && on->ref) {
					struct cctx cc = { set, on->file, 0,
							   diags, 0, 0 };

					cc_error(&cc, on->ref_node,
						 "$ref '%s' leads back to itself without descending into the data",
						 on->ref_node->str);
					on->ref = NULL;
					ret = -1;
					break;
				}
				if (on == child)
					break;
			}
		}
	}
	free(stack);
	return ret;
}

int wl_schema_set_finish(struct wl_schema_set *set, struct wl_diags *diags)
{
	size_t i;
	int ret = 0;

	/* Resolving may compile new targets and so queue more refs. */
	for (i = 0; i < set->nr_pending; i++)
		if (resolve_ref(set, set->pending[i], diags) < 0)
			ret = -1;
	set->nr_pending = 0;
	if (check_cycles(set, diags) < 0)
		ret = -1;
	return ret;
}

const struct wl_type *wl_schema_set_type(const struct wl_schema_set *set,
					 const char *name)
{
	int found;
	size_t pos = type_pos(set, name, &found);

	return found ? set->types[pos] : NULL;
}

size_t wl_schema_set_type_count(const struct wl_schema_set *set)
{
	return set->nr_types;
}

const struct wl_type *wl_schema_set_type_at(const struct wl_schema_set *set,
					    size_t i)
{
	return i < set->nr_types ? set->types[i] : NULL;
}

const struct wl_schema *wl_schema_set_get(const struct wl_schema_set *set,
					  const char *name)
{
	size_t i;

	/* The latest file of that name that loaded. */
	for (i = set->nr_files; i--;)
		if (set->files[i]->schema && !strcmp(set->files[i]->name, name))
			return set->files[i]->schema;
	return NULL;
}

/* ---- validating ------------------------------------------------------- */

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

static void vctx_init(struct vctx *c, const char *path, int line,
		      const struct wl_node *root, struct wl_diags *diags)
{
	memset(c, 0, sizeof(*c));
	c->path = path;
	c->line = line;
	c->root = root;
	c->diags = diags;
	c->segs = c->inline_segs;
	c->alloc_segs = sizeof(c->inline_segs) / sizeof(*c->inline_segs);
}

static void vctx_release(struct vctx *c)
{
	if (c->segs != c->inline_segs)
		free(c->segs);
	free(c->seen);
	wl_regex_scratch_release(&c->rx);
}

static void push(struct vctx *c, const struct wl_node *key, size_t index)
{
	if (c->nr_segs == c->alloc_segs) {
		size_t n = c->alloc_segs * 2;
		struct seg *s = wl_xmalloc(n * sizeof(*s));

		memcpy(s, c->segs, c->nr_segs * sizeof(*s));
		if (c->segs != c->inline_segs)
			free(c->segs);
		c->segs = s;
		c->alloc_segs = n;
	}
	c->segs[c->nr_segs].key = key;
	c->segs[c->nr_segs++].index = index;
}

static void pop(struct vctx *c)
{
	c->nr_segs--;
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
static void add_name(struct wl_buf *b, const char *s, size_t len)
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

static const char *plural(long long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* `a.b[2].c`; the first `upto` segments. */
static void add_path(struct wl_buf *b, const struct vctx *c, size_t upto)
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
static void add_value(struct wl_buf *b, const struct wl_node *v)
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
static void add_list_value(struct wl_buf *b, const struct wl_node *v)
{
	if (v->kind == WL_NODE_STRING && v->len && plain_key(v) &&
	    !memchr(v->str, ',', v->len) && v->len < 60)
		wl_buf_add(b, v->str, v->len);
	else
		add_value(b, v);
}

static void add_enum_list(struct wl_buf *b, const struct wl_node *list)
{
	size_t i;

	for (i = 0; i < list->nr; i++) {
		if (i)
			wl_buf_addstr(b, ", ");
		if (i == 20) {
			wl_buf_addstr(b, "...");
			break;
		}
		add_list_value(b, list->items[i]);
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

static void place_diag(struct seen_diag *t, size_t mask, uint64_t hash,
		       size_t index)
{
	size_t i = hash & mask;

	while (t[i].index)
		i = (i + 1) & mask;
	t[i].hash = hash;
	t[i].index = index;
}

/* Remembers diagnostic number `n`, keeping the table half empty. */
static void remember_diag(struct vctx *c, uint64_t hash, size_t n)
{
	if (2 * (c->seen_nr + 1) > (c->seen ? c->seen_mask + 1 : 0)) {
		struct seen_diag *old = c->seen;
		size_t i, old_size = old ? c->seen_mask + 1 : 0;
		size_t size = old_size ? 2 * old_size : 64;

		c->seen = wl_xcalloc(size, sizeof(*c->seen));
		c->seen_mask = size - 1;
		for (i = 0; i < old_size; i++)
			if (old[i].index)
				place_diag(c->seen, c->seen_mask, old[i].hash,
					   old[i].index);
		free(old);
	}
	place_diag(c->seen, c->seen_mask, hash, n + 1);
	c->seen_nr++;
}

static void report_at(struct vctx *c, const struct wl_node *at, int whole,
		      const struct wl_buf *msg)
{
	struct wl_buf full = WL_BUF_INIT;
	int line = at->line, column = at->column;
	uint64_t hash;
	size_t i;

	if (c->nr_segs) {
		add_path(&full, c, c->nr_segs);
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
	for (i = hash & c->seen_mask; c->seen && c->seen[i].index;
	     i = (i + 1) & c->seen_mask) {
		const struct wl_diag *d = &c->diags->v[c->seen[i].index - 1];

		if (c->seen[i].hash == hash && d->line == line &&
		    d->column == column &&
		    !strcmp(d->message, wl_buf_cstr(&full)))
			goto done;
	}
	wl_diags_add(c->diags, c->path, line, column, WL_SEV_ERROR, "schema",
		     "%s", wl_buf_cstr(&full));
	remember_diag(c, hash, c->diags->nr - 1);
done:
	wl_buf_release(&full);
}

static void report(struct vctx *c, const struct wl_node *at, int whole,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void report(struct vctx *c, const struct wl_node *at, int whole,
		   const char *fmt, ...)
{
	struct wl_buf msg = WL_BUF_INIT;
	va_list ap;

	if (!c->diags || c->quiet)
		return;
	va_start(ap, fmt);
	wl_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	report_at(c, at, whole, &msg);
	wl_buf_release(&msg);
}

/* "<value> <tail>": the offending value first. */
static void report_value(struct vctx *c, const struct wl_node *v,
			 const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report_value(struct vctx *c, const struct wl_node *v,
			 const char *fmt, ...)
{
	struct wl_buf msg = WL_BUF_INIT;
	va_list ap;

	if (!c->diags || c->quiet)
		return;
	if (c->in_name)
		wl_buf_addstr(&msg, "property name ");
	add_value(&msg, v);
	wl_buf_addch(&msg, ' ');
	va_start(ap, fmt);
	wl_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	report_at(c, v, 0, &msg);
	wl_buf_release(&msg);
}

static int validate(struct vctx *c, const struct wl_schema *s,
		    const struct wl_node *v);

/* Validates without reporting: is `v` valid against `s`? */
static int test(struct vctx *c, const struct wl_schema *s,
		const struct wl_node *v)
{
	int quiet = c->quiet, ok;

	c->quiet = 1;
	ok = validate(c, s, v);
	c->quiet = quiet;
	return ok;
}

#define FAIL()                                                                 \
	do {                                                                   \
		ok = 0;                                                        \
		if (c->quiet)                                                  \
			goto done;                                             \
	} while (0)

static int has_key(const struct wl_node *obj, const char *name, size_t len)
{
	return map_get(obj, name, len) != NULL;
}

static const struct wl_node *map_key(const struct wl_node *map,
				     const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < map->nr; i++) {
		const struct wl_node *k = map->pairs[i].key;

		if (k->len == len && !memcmp(k->str, name, len))
			return k;
	}
	return NULL;
}

static const struct prop *find_prop(const struct wl_schema *s,
				    const char *name, size_t len)
{
	size_t lo = 0, hi = s->nr_props;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct prop *p = &s->props[mid];
		int cmp = memcmp(name, p->name, len < p->len ? len : p->len);

		if (!cmp)
			cmp = len < p->len ? -1 : len > p->len;
		if (!cmp)
			return p;
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static int check_object(struct vctx *c, const struct wl_schema *s,
			const struct wl_node *v)
{
	size_t i, j;
	int ok = 1;

	for (i = 0; i < v->nr; i++) {
		const struct wl_node *key = v->pairs[i].key;
		const struct wl_node *val = v->pairs[i].value;
		const struct prop *p = s->nr_props ?
			find_prop(s, key->str, key->len) : NULL;
		int matched = p != NULL;

		if (p) {
			push(c, key, 0);
			if (!validate(c, p->schema, val)) {
				pop(c);
				FAIL();
			} else {
				pop(c);
			}
		}
		for (j = 0; j < s->nr_pattern_props; j++) {
			const struct pattern_prop *pp = &s->pattern_props[j];

			if (!pp->re || wl_regex_search(pp->re, key->str,
						       key->len, &c->rx) != 1)
				continue;
			matched = 1;
			push(c, key, 0);
			if (!validate(c, pp->schema, val)) {
				pop(c);
				FAIL();
			} else {
				pop(c);
			}
		}
		if (!matched && s->additional) {
			if (s->additional->always == 0) {
				if (c->diags && !c->quiet) {
					struct wl_buf m = WL_BUF_INIT;

					wl_buf_addstr(&m, "additional property ");
					add_name(&m, key->str, key->len);
					wl_buf_addstr(&m, " is not allowed");
					report_at(c, key, 0, &m);
					wl_buf_release(&m);
				}
				FAIL();
			} else {
				push(c, key, 0);
				if (!validate(c, s->additional, val)) {
					pop(c);
					FAIL();
				} else {
					pop(c);
				}
			}
		}
		if (s->property_names) {
			c->in_name++;
			if (!validate(c, s->property_names, key)) {
				c->in_name--;
				FAIL();
			}
			c->in_name--;
		}
	}
	for (i = 0; i < s->nr_required; i++) {
		const struct prop *r = &s->required[i];

		if (!has_key(v, r->name, r->len)) {
			if (c->diags && !c->quiet) {
				struct wl_buf m = WL_BUF_INIT;

				wl_buf_addstr(&m, "missing required property ");
				add_name(&m, r->name, r->len);
				report_at(c, v, 1, &m);
				wl_buf_release(&m);
			}
			FAIL();
		}
	}
	if (s->min_props >= 0 && v->nr < (unsigned long long)s->min_props) {
		report(c, v, 1, "has %zu %s, fewer than the minimum %lld",
		       v->nr, plural(v->nr, "property", "properties"),
		       s->min_props);
		FAIL();
	}
	if (s->max_props >= 0 && v->nr > (unsigned long long)s->max_props) {
		report(c, v, 1, "has %zu %s, more than the maximum %lld", v->nr,
		       plural(v->nr, "property", "properties"), s->max_props);
		FAIL();
	}
	for (i = 0; i < s->nr_dep_required; i++) {
		const struct dep_required *d = &s->dep_required[i];

		if (!has_key(v, d->name, d->len))
			continue;
		for (j = 0; j < d->list->nr; j++) {
			const struct wl_node *need = d->list->items[j];

			if (has_key(v, need->str, need->len))
				continue;
			if (c->diags && !c->quiet) {
				struct wl_buf m = WL_BUF_INIT;

				wl_buf_addstr(&m, "missing property ");
				add_name(&m, need->str, need->len);
				wl_buf_addstr(&m, ", required when ");
				add_name(&m, d->name, d->len);
				wl_buf_addstr(&m, " is present");
				report_at(c, v, 1, &m);
				wl_buf_release(&m);
			}
			FAIL();
		}
	}
	for (i = 0; i < s->nr_dep_schemas; i++) {
		const struct prop *d = &s->dep_schemas[i];

		if (has_key(v, d->name, d->len) && !validate(c, d->schema, v))
			FAIL();
	}
done:
	return ok;
}

struct hashed {
	uint64_t hash;
	size_t index;
};

static int cmp_hashed(const void *a, const void *b)
{
	const struct hashed *x = a, *y = b;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/*
 * For uniqueItems: returns NULL if the items are unique, else an array
 * (caller frees) giving for each item the index of the first item equal
 * to it. Small arrays are compared pairwise; large ones are sorted by a
 * hash consistent with wl_node_equal, so hostile input stays O(n log n).
 */
static size_t *find_duplicates(const struct wl_node *v)
{
	struct hashed *h;
	size_t *first = NULL, *reps, i, j, run, nreps;

	if (v->nr < 2)
		return NULL;
	if (v->nr <= 16) {
		for (i = 1; i < v->nr; i++) {
			for (j = 0; j < i; j++)
				if (wl_node_equal(v->items[j], v->items[i]))
					break;
			if (j == i)
				continue;
			if (!first) {
				first = wl_xmalloc(v->nr * sizeof(*first));
				for (run = 0; run < v->nr; run++)
					first[run] = run;
			}
			first[i] = first[j];
		}
		return first;
	}
	h = wl_xmalloc(v->nr * sizeof(*h));
	reps = wl_xmalloc(v->nr * sizeof(*reps));
	for (i = 0; i < v->nr; i++) {
		h[i].hash = wl_node_hash(v->items[i]);
		h[i].index = i;
	}
	qsort(h, v->nr, sizeof(*h), cmp_hashed);
	for (run = 0; run < v->nr; run = i) {
		for (i = run + 1; i < v->nr && h[i].hash == h[run].hash; i++)
			;
		/*
		 * Within a run of equal hashes, in file order. Each item is
		 * compared with the first items of the values seen so far
		 * only, so a run of equal items costs one comparison each.
		 */
		nreps = 0;
		reps[nreps++] = run;
		for (j = run + 1; j < i; j++) {
			size_t k, r;

			for (r = 0; r < nreps; r++)
				if (wl_node_equal(v->items[h[reps[r]].index],
						  v->items[h[j].index]))
					break;
			if (r == nreps) {
				reps[nreps++] = j;
				continue;
			}
			k = reps[r];
			if (!first) {
				size_t m;

				first = wl_xmalloc(v->nr * sizeof(*first));
				for (m = 0; m < v->nr; m++)
					first[m] = m;
			}
			first[h[j].index] = h[k].index;
		}
	}
	free(reps);
	free(h);
	return first;
}

static int check_array(struct vctx *c, const struct wl_schema *s,
		       const struct wl_node *v)
{
	size_t i, j;
	int ok = 1;

	for (i = 0; i < v->nr && i < s->nr_prefix; i++) {
		push(c, NULL, i);
		if (!validate(c, s->prefix[i], v->items[i])) {
			pop(c);
			FAIL();
		} else {
			pop(c);
		}
	}
	if (s->items && s->items->always == 0 && v->nr > s->nr_prefix) {
		push(c, NULL, s->nr_prefix);
		if (s->nr_prefix)
			report(c, v->items[s->nr_prefix], 0,
			       "unexpected item; at most %zu %s allowed",
			       s->nr_prefix,
			       s->nr_prefix == 1 ? "item is" : "items are");
		else
			report(c, v->items[0], 0, "unexpected item; the list must be empty");
		pop(c);
		FAIL();
	} else if (s->items) {
		for (i = s->nr_prefix; i < v->nr; i++) {
			push(c, NULL, i);
			if (!validate(c, s->items, v->items[i])) {
				pop(c);
				FAIL();
			} else {
				pop(c);
			}
		}
	}
	if (s->contains) {
		long long min = s->min_contains >= 0 ? s->min_contains : 1;
		long long max = s->max_contains, n = 0;

		for (i = 0; i < v->nr; i++) {
			push(c, NULL, i);
			n += test(c, s->contains, v->items[i]);
			pop(c);
			if (max < 0 && n >= min)
				break;
		}
		if (n < min) {
			if (min == 1)
				report(c, v, 1, "has no item that matches 'contains'");
			else
				report(c, v, 1,
				       "has %lld %s 'contains', fewer than the minimum %lld",
				       n, plural(n, "item that matches",
						 "items that match"), min);
			FAIL();
		}
		if (max >= 0 && n > max) {
			report(c, v, 1,
			       "has %lld %s 'contains', more than the maximum %lld",
			       n, plural(n, "item that matches", "items that match"),
			       max);
			FAIL();
		}
	}
	if (s->min_items >= 0 && v->nr < (unsigned long long)s->min_items) {
		report(c, v, 1, "has %zu %s, fewer than the minimum %lld", v->nr,
		       plural(v->nr, "item", "items"), s->min_items);
		FAIL();
	}
	if (s->max_items >= 0 && v->nr > (unsigned long long)s->max_items) {
		report(c, v, 1, "has %zu %s, more than the maximum %lld", v->nr,
		       plural(v->nr, "item", "items"), s->max_items);
		FAIL();
	}
	if (s->unique) {
		size_t *first = find_duplicates(v);

		for (i = 0; first && i < v->nr; i++) {
			if (first[i] == i)
				continue;
			j = first[i];
			if (c->diags && !c->quiet) {
				struct wl_buf prev = WL_BUF_INIT;

				add_path(&prev, c, c->nr_segs);
				wl_buf_addf(&prev, "[%zu]", j);
				push(c, NULL, i);
				report_value(c, v->items[i],
					     "is a duplicate of %s", prev.buf);
				pop(c);
				wl_buf_release(&prev);
			}
			ok = 0;
			if (c->quiet)
				break;
		}
		free(first);
		if (!ok && c->quiet)
			goto done;
	}
done:
	return ok;
}

static int check_string(struct vctx *c, const struct wl_schema *s,
			const struct wl_node *v)
{
	int ok = 1;

	if (s->min_length >= 0 || s->max_length >= 0) {
		size_t n = utf8_length(v->str, v->len);

		if (s->min_length >= 0 &&
		    n < (unsigned long long)s->min_length) {
			report_value(c, v, "is shorter than %lld %s",
				     s->min_length,
				     s->min_length == 1 ? "character" :
							  "characters");
			FAIL();
		}
		if (s->max_length >= 0 &&
		    n > (unsigned long long)s->max_length) {
			report_value(c, v, "is longer than %lld %s",
				     s->max_length,
				     s->max_length == 1 ? "character" :
							  "characters");
			FAIL();
		}
	}
	if (s->pattern) {
		int m = wl_regex_search(s->pattern, v->str, v->len, &c->rx);

		if (m < 0) {
			report_value(c, v,
				     "cannot be checked against pattern '%s' (too complex to match)",
				     s->pattern_node->str);
			FAIL();
		} else if (!m) {
			report_value(c, v, "does not match pattern '%s'",
				     s->pattern_node->str);
			FAIL();
		}
	}
	if (s->format && !wl_format_check_id(s->format, v->str, v->len)) {
		const char *name = wl_format_name(s->format);

		report_value(c, v, "is not a valid %s", name);
		FAIL();
	}
done:
	return ok;
}

/* Compares two numbers: <0, 0, >0. NaN compares equal to everything. */
static int num_cmp(const struct wl_node *a, const struct wl_node *b)
{
	double x, y;

	if (a->kind == WL_NODE_INT && b->kind == WL_NODE_INT)
		return a->v.i < b->v.i ? -1 : a->v.i > b->v.i;
	x = wl_node_number(a);
	y = wl_node_number(b);
	return x < y ? -1 : x > y;
}

static int is_multiple(const struct wl_node *v, const struct wl_node *m)
{
	double q, r;

	if (v->kind == WL_NODE_INT && m->kind == WL_NODE_INT)
		return v->v.i % m->v.i == 0;
	q = wl_node_number(v) / wl_node_number(m);
	if (!isfinite(q))
		return 0;
	r = nearbyint(q);
	return fabs(q - r) <= 1e-9 * (fabs(q) > 1 ? fabs(q) : 1);
}

static int check_number(struct vctx *c, const struct wl_schema *s,
			const struct wl_node *v)
{
	int ok = 1;

	if (s->minimum && num_cmp(v, s->minimum) < 0) {
		report_value(c, v, "is less than the minimum %s",
			     s->minimum->str);
		FAIL();
	}
	if (s->maximum && num_cmp(v, s->maximum) > 0) {
		report_value(c, v, "is greater than the maximum %s",
			     s->maximum->str);
		FAIL();
	}
	if (s->exclusive_minimum && num_cmp(v, s->exclusive_minimum) <= 0) {
		report_value(c, v, "is not greater than %s",
			     s->exclusive_minimum->str);
		FAIL();
	}
	if (s->exclusive_maximum && num_cmp(v, s->exclusive_maximum) >= 0) {
		report_value(c, v, "is not less than %s",
			     s->exclusive_maximum->str);
		FAIL();
	}
	if (s->multiple_of && !is_multiple(v, s->multiple_of)) {
		report_value(c, v, "is not a multiple of %s",
			     s->multiple_of->str);
		FAIL();
	}
done:
	return ok;
}

/* The schema a branch's type and shape are read from: through bare $refs. */
static const struct wl_schema *branch_core(const struct wl_schema *b)
{
	int hops = 0;

	while (b && b->always < 0 && !b->types && !b->kinds && b->ref &&
	       hops++ < 16)
		b = b->ref;
	return b;
}

/*
 * Does the branch reject `v` on a discriminating property: an object
 * whose property `*prop` fails the branch's const or enum for it?
 */
static const struct wl_node *discriminator(const struct wl_schema *b,
					   const struct wl_node *v,
					   const struct prop **prop)
{
	size_t i;

	if (v->kind != WL_NODE_MAP)
		return NULL;
	for (i = 0; i < b->nr_props; i++) {
		const struct wl_schema *ps = branch_core(b->props[i].schema);
		const struct wl_node *val;
		size_t k;
		int in = 0;

		if (!ps || ps->always >= 0 ||
		    (!ps->const_value && !ps->enum_values))
			continue;
		val = map_get(v, b->props[i].name, b->props[i].len);
		if (!val)
			continue;
		if (ps->const_value)
			in = wl_node_equal(ps->const_value, val);
		for (k = 0; ps->enum_values && k < ps->enum_values->nr; k++)
			in |= wl_node_equal(ps->enum_values->items[k], val);
		if (!in) {
			*prop = &b->props[i];
			return val;
		}
	}
	return NULL;
}

/*
 * anyOf / oneOf with no matching branch: one diagnostic. If every branch
 * but one is ruled out by its type or a discriminating const/enum, the
 * remaining branch's own problems are the useful ones; if all are ruled
 * out the same way, say what was expected.
 */
static void report_no_match(struct vctx *c, struct wl_schema *const *list,
			    size_t nr, const struct wl_node *v)
{
	const struct wl_schema *close = NULL;
	const struct prop *disc_prop = NULL;
	const struct wl_node *disc_val = NULL;
	unsigned types = 0, vt = instance_type(v);
	size_t i, nr_close = 0, nr_type = 0, nr_disc = 0;
	int same_disc = 1;

	for (i = 0; i < nr; i++) {
		const struct wl_schema *b = branch_core(list[i]);
		const struct prop *p = NULL;
		const struct wl_node *dv;

		if (!b || b->always == 0)
			continue;
		if (b->types && !(b->types & vt)) {
			types |= b->types;
			nr_type++;
			continue;
		}
		dv = discriminator(b, v, &p);
		if (dv) {
			if (disc_prop && (disc_prop->len != p->len ||
					  memcmp(disc_prop->name, p->name,
						 p->len)))
				same_disc = 0;
			disc_prop = p;
			disc_val = dv;
			nr_disc++;
			continue;
		}
		close = list[i];
		nr_close++;
	}
	if (nr_close == 1) {
		validate(c, close, v);
		return;
	}
	if (!nr_close && nr_type && !nr_disc) {
		struct wl_buf t = WL_BUF_INIT;

		add_type_list(&t, types);
		report_value(c, v, "is not %s", t.buf);
		wl_buf_release(&t);
		return;
	}
	if (!nr_close && nr_disc && same_disc && !nr_type) {
		struct wl_buf msg = WL_BUF_INIT;
		size_t n = 0;

		/* Every allowed value of the discriminating property. */
		add_value(&msg, disc_val);
		wl_buf_addstr(&msg, " is not one of ");
		for (i = 0; i < nr; i++) {
			const struct wl_schema *b = branch_core(list[i]);
			const struct wl_schema *ps;
			const struct prop *p;
			size_t k;

			if (!b || b->always >= 0)
				continue;
			p = find_prop(b, disc_prop->name, disc_prop->len);
			ps = p ? branch_core(p->schema) : NULL;
			if (!ps || ps->always >= 0)
				continue;
			if (ps->const_value) {
				if (n++)
					wl_buf_addstr(&msg, ", ");
				add_list_value(&msg, ps->const_value);
			}
			for (k = 0; ps->enum_values && k < ps->enum_values->nr;
			     k++) {
				if (n++)
					wl_buf_addstr(&msg, ", ");
				add_list_value(&msg, ps->enum_values->items[k]);
			}
		}
		if (c->diags && !c->quiet) {
			push(c, map_key(v, disc_prop->name, disc_prop->len), 0);
			report_at(c, disc_val, 0, &msg);
			pop(c);
		}
		wl_buf_release(&msg);
		return;
	}
	report(c, v, 1, "does not match any of the allowed forms");
}

static void emit_mark(struct vctx *c, const struct wl_schema *s,
		      const struct wl_node *v)
{
	struct wl_buf path = WL_BUF_INIT;
	struct wl_schema_mark m;

	add_path(&path, c, c->nr_segs);
	m.value = v;
	m.path = wl_buf_cstr(&path);
	m.ref_type = s->x_ref;
	m.person = s->x_person;
	c->mark(&m, c->mark_data);
	wl_buf_release(&path);
}

static int apply(struct vctx *c, const struct wl_schema *s,
		 const struct wl_node *v)
{
	size_t i, first = 0, count;
	int ok = 1;

	for (i = 0; i < s->nr_all_of; i++)
		if (!validate(c, s->all_of[i], v))
			FAIL();
	if (s->nr_any_of) {
		for (i = 0; i < s->nr_any_of; i++)
			if (test(c, s->any_of[i], v))
				break;
		if (i == s->nr_any_of) {
			if (c->diags && !c->quiet)
				report_no_match(c, s->any_of, s->nr_any_of, v);
			FAIL();
		} else if (c->mark && !c->quiet) {
			validate(c, s->any_of[i], v);
		}
	}
	if (s->nr_one_of) {
		for (i = count = 0; i < s->nr_one_of; i++) {
			if (!test(c, s->one_of[i], v))
				continue;
			if (count++) {
				report(c, v, 1,
				       "matches more than one of the allowed forms (%zu and %zu)",
				       first + 1, i + 1);
				break;
			}
			first = i;
		}
		if (!count) {
			if (c->diags && !c->quiet)
				report_no_match(c, s->one_of, s->nr_one_of, v);
			FAIL();
		} else if (count > 1) {
			FAIL();
		} else if (c->mark && !c->quiet) {
			validate(c, s->one_of[first], v);
		}
	}
	if (s->not_schema && test(c, s->not_schema, v)) {
		if (is_scalar(v))
			report_value(c, v, "is not allowed");
		else
			report(c, v, 1, "this value is not allowed");
		FAIL();
	}
	if (s->if_schema) {
		if (test(c, s->if_schema, v)) {
			if (c->mark && !c->quiet)
				validate(c, s->if_schema, v);
			if (s->then_schema && !validate(c, s->then_schema, v))
				FAIL();
		} else if (s->else_schema && !validate(c, s->else_schema, v)) {
			FAIL();
		}
	}
done:
	return ok;
}

static int validate(struct vctx *c, const struct wl_schema *s,
		    const struct wl_node *v)
{
	size_t i;
	int ok = 1;

	if (!s || s->always == 1)
		return 1;
	if (s->always == 0) {
		if (is_scalar(v))
			report_value(c, v, "is not allowed");
		else
			report(c, v, 1, "this value is not allowed");
		return 0;
	}
	if (c->depth >= MAX_VALIDATE_DEPTH) {
		/* Unreachable after check_cycles(); kept as a guard. */
		if (!c->too_deep)
			report(c, v, 0, "schema recursion too deep");
		c->too_deep = 1;
		return 0;
	}
	c->depth++;
	if (s->ref && !validate(c, s->ref, v))
		FAIL();
	if (s->types && !(s->types & instance_type(v))) {
		if (c->diags && !c->quiet) {
			struct wl_buf t = WL_BUF_INIT;

			add_type_list(&t, s->types);
			report_value(c, v, "is not %s", t.buf);
			wl_buf_release(&t);
		}
		/* Nothing else says anything useful about such a value. */
		ok = 0;
		goto done;
	}
	if (s->const_value && !wl_node_equal(s->const_value, v)) {
		if (c->diags && !c->quiet) {
			struct wl_buf t = WL_BUF_INIT;

			add_value(&t, s->const_value);
			report_value(c, v, "must be %s", t.buf);
			wl_buf_release(&t);
		}
		ok = 0;
		goto done;
	}
	if (s->enum_values) {
		const struct wl_node *e = s->enum_values;

		for (i = 0; i < e->nr; i++)
			if (wl_node_equal(e->items[i], v))
				break;
		if (i == e->nr) {
			if (c->diags && !c->quiet) {
				struct wl_buf t = WL_BUF_INIT;

				add_enum_list(&t, e);
				if (e->nr)
					report_value(c, v, "is not one of %s",
						     wl_buf_cstr(&t));
				else
					report_value(c, v,
						     "is not allowed (the enum is empty)");
				wl_buf_release(&t);
			}
			ok = 0;
			goto done;
		}
	}
	switch (v->kind) {
	case WL_NODE_MAP:
		if ((s->kinds & K_OBJECT) && !check_object(c, s, v))
			FAIL();
		break;
	case WL_NODE_SEQ:
		if ((s->kinds & K_ARRAY) && !check_array(c, s, v))
			FAIL();
		break;
	case WL_NODE_STRING:
		if ((s->kinds & K_STRING) && !check_string(c, s, v))
			FAIL();
		break;
	case WL_NODE_INT:
	case WL_NODE_FLOAT:
		if ((s->kinds & K_NUMBER) && !check_number(c, s, v))
			FAIL();
		break;
	default:
		break;
	}
	if ((s->kinds & K_APPLY) && !apply(c, s, v))
		FAIL();
	if (ok && c->mark && !c->quiet && (s->x_ref || s->x_person))
		emit_mark(c, s, v);
done:
	c->depth--;
	return ok;
}

static const struct wl_node null_node = { .kind = WL_NODE_NULL, .str = "" };

int wl_schema_validate(const struct wl_schema *schema,
		       const struct wl_node *instance, const char *path,
		       int line, struct wl_diags *diags)
{
	struct vctx c;
	int ok;

	if (!schema)
		return 1;
	if (!instance)
		instance = &null_node;
	vctx_init(&c, path, line, instance, diags);
	c.quiet = diags == NULL;
	ok = validate(&c, schema, instance);
	vctx_release(&c);
	return ok;
}

int wl_schema_marks(const struct wl_schema *schema,
		    const struct wl_node *instance, wl_schema_mark_fn fn,
		    void *data)
{
	struct vctx c;

	if (!schema || !instance)
		return 0;
	vctx_init(&c, "", 0, instance, NULL);
	c.mark = fn;
	c.mark_data = data;
	validate(&c, schema, instance);
	vctx_release(&c);
	return 0;
}

/*
 * A glob where `*` matches any run of characters within one path segment,
 * `?` one character other than `/`, and `\x` the character x.
 */
static int glob_match(const char *p, const char *s)
{
	const char *star_p = NULL, *star_s = NULL;

	while (*s) {
		int lit = p[0] == '\\' && p[1];
		char pc = lit ? p[1] : p[0];

		if (!lit && pc == '*') {
			star_p = ++p;
			star_s = s;
			continue;
		}
		if (pc && (pc == *s || (!lit && pc == '?' && *s != '/'))) {
			p += lit ? 2 : 1;
			s++;
			continue;
		}
		if (star_p && *star_s != '/') {
			p = star_p;
			s = ++star_s;
			continue;
		}
		return 0;
	}
	while (*p == '*')
		p++;
	return !*p;
}

/*
 * x-filename: every {field} is replaced by the record's value of that
 * field; the path must then end with the pattern, starting at a segment
 * boundary. Returns 1 if it does, 0 if not, -1 if a field is missing
 * (then nothing is checked). `expect` gets the pattern as substituted.
 */
static int filename_matches(const char *pattern, const struct wl_node *fm,
			    const char *path, struct wl_buf *expect)
{
	struct wl_buf glob = WL_BUF_INIT;
	const char *p, *s;
	int ret = 0;

	for (p = pattern; *p; p++) {
		const char *close = *p == '{' ? strchr(p, '}') : NULL;
		const struct wl_node *v;
		size_t i;

		if (!close) {
			wl_buf_addch(&glob, *p);
			wl_buf_addch(expect, *p);
			continue;
		}
		v = map_get(fm, p + 1, close - p - 1);
		if (!v || !is_scalar(v) || v->kind == WL_NODE_NULL ||
		    memchr(v->str, '\0', v->len)) {
			ret = -1;
			goto done;
		}
		for (i = 0; i < v->len; i++) {
			if (strchr("\\*?", v->str[i]))
				wl_buf_addch(&glob, '\\');
			wl_buf_addch(&glob, v->str[i]);
		}
		wl_buf_add(expect, v->str, v->len);
		p = close;
	}
	for (s = path; s; s = strchr(s, '/') ? strchr(s, '/') + 1 : NULL) {
		if (glob_match(wl_buf_cstr(&glob), s)) {
			ret = 1;
			break;
		}
	}
done:
	wl_buf_release(&glob);
	return ret;
}

int wl_type_validate(const struct wl_type *type, const struct wl_node *fm,
		     const char *path, int fm_line, struct wl_diags *diags)
{
	struct wl_buf expect = WL_BUF_INIT;
	int ok = wl_schema_validate(type->schema, fm, path, fm_line, diags);

	if (type->filename && fm && fm->kind == WL_NODE_MAP &&
	    !filename_matches(type->filename, fm, path ? path : "", &expect)) {
		if (diags)
			wl_diags_add(diags, path, fm_line > 0 ? fm_line : 1, 1,
				     WL_SEV_ERROR, "filename",
				     "file name does not match x-filename '%s': expected a path ending in '%s'",
				     type->filename, wl_buf_cstr(&expect));
		ok = 0;
	}
	wl_buf_release(&expect);
	return ok;
}
