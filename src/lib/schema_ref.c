/*
 * $ref: URIs resolved as RFC 3986 §5 says, against a file's path or
 * its $id; JSON pointers followed into the target document; and cycles
 * of references that never descend into the data found and cut, so no
 * validation can loop.
 */
#include <stdlib.h>

#include "schema_impl.h"

#include "../banned.h"

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
const char *schema_uri_resolve(struct wl_schema_set *set, const char *ref,
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

static const char *base_name(const char *s, size_t len, size_t *out_len)
{
	size_t i = len;

	while (i && s[i - 1] != '/')
		i--;
	*out_len = len - i;
	return s + i;
}

/* Indexes the resources by URI once references are being resolved;
 * schema_add_resource keeps the index up to date from then on. */
static void index_resources(struct wl_schema_set *set)
{
	size_t i;

	if (set->res_indexed)
		return;
	for (i = 0; i < set->nr_res; i++)
		schema_hindex_put(&set->res_index,
				  schema_str_hash(set->res[i].uri,
						  strlen(set->res[i].uri)),
				  i);
	set->res_indexed = 1;
}

/* The latest resource named `uri`; with `builtin_file`, the latest
 * built-in file of that name. */
static const struct resource *find_exact(const struct wl_schema_set *set,
					 const char *uri, size_t len,
					 int builtin_file)
{
	const struct resource *found = NULL;
	size_t i, pos = 0;

	while ((i = schema_hindex_next(&set->res_index,
				       schema_str_hash(uri, len), &pos))) {
		const struct resource *r = &set->res[i - 1];

		if (strlen(r->uri) != len || memcmp(r->uri, uri, len))
			continue;
		if (builtin_file && (!r->builtin || !r->is_file))
			continue;
		if (!found || r > found)
			found = r;
	}
	return found;
}

static const struct resource *find_resource(const struct wl_schema_set *set,
					    const char *uri, size_t len)
{
	const struct resource *r = find_exact(set, uri, len, 0);
	const char *bn;
	size_t i, bn_len;

	if (r)
		return r;
	/* A file missing next to its referrer may be a built-in one. */
	bn = base_name(uri, len, &bn_len);
	if (!bn_len || memchr(uri, ':', len))
		return NULL;
	for (i = set->nr_files; i--;) {
		const struct sfile *f = set->files[i];
		const char *rb;
		size_t rb_len;

		if (!f->builtin)
			continue;
		rb = base_name(f->name, strlen(f->name), &rb_len);
		if (rb_len == bn_len && !memcmp(rb, bn, bn_len) &&
		    (r = find_exact(set, f->name, strlen(f->name), 1)))
			return r;
	}
	return NULL;
}

static uint64_t pointer_hash(const void *p)
{
	uint64_t h = (uint64_t)(uintptr_t)p;

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	return h ^ (h >> 33);
}

/*
 * The value of `key` in mapping `map`. A large mapping (a $defs of a
 * hundred thousand entries) is indexed the first time a pointer steps
 * through it, so resolving every reference into it is not quadratic.
 */
static const struct wl_node *map_lookup(struct wl_schema_set *set,
					const struct wl_node *map,
					const char *key, size_t len)
{
	uint64_t mh = pointer_hash(map);
	size_t i, pos = 0;
	int indexed = 0;

	if (map->nr <= 16)
		return map_get(map, key, len);
	while (!indexed && (i = schema_hindex_next(&set->indexed_maps, mh,
						   &pos)))
		indexed = set->keys[i - 1].map == map;
	if (!indexed) {
		schema_hindex_put(&set->indexed_maps, mh, set->nr_keys);
		for (i = 0; i < map->nr; i++) {
			const struct wl_node *k = map->pairs[i].key;

			WL_ALLOC_GROW(set->keys, set->nr_keys + 1,
				      set->alloc_keys);
			set->keys[set->nr_keys].map = map;
			set->keys[set->nr_keys].pair = &map->pairs[i];
			schema_hindex_put(&set->key_index,
					  mh ^ schema_str_hash(k->str, k->len),
					  set->nr_keys++);
		}
	}
	pos = 0;
	while ((i = schema_hindex_next(&set->key_index,
				       mh ^ schema_str_hash(key, len), &pos))) {
		const struct keyed *kd = &set->keys[i - 1];
		const struct wl_node *k = kd->pair->key;

		if (kd->map == map && k->len == len && !memcmp(k->str, key, len))
			return kd->pair->value;
	}
	return NULL;
}

/*
 * Follows the JSON pointer `ptr` (already %-decoded, `len` bytes) from
 * `node`. Returns the node, or NULL if a token names nothing.
 */
static const struct wl_node *follow_pointer(struct wl_schema_set *set,
					    const struct wl_node *node,
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
			node = map_lookup(set, node, tok.buf, tok.len);
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
		schema_error(&cc, s->ref_node,
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
		schema_error(&cc, s->ref_node,
			 "cannot resolve $ref '%s': anchors are not supported; use a JSON pointer like '#/$defs/name'",
			 s->ref_node->str);
		goto done;
	}
	target = follow_pointer(set, r->node, frag.buf, frag.len);
	if (!target) {
		schema_error(&cc, s->ref_node,
			 "cannot resolve $ref '%s': '%s' has no '%s'",
			 s->ref_node->str, r->uri, wl_buf_cstr(&frag));
		goto done;
	}
	cc.file = r->file;
	cc.builtin = r->builtin;
	s->ref = schema_compile(&cc, target, r->uri, 0);
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

					schema_error(&cc, on->ref_node,
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

	index_resources(set);
	/* Resolving may compile new targets and so queue more refs. */
	for (i = 0; i < set->nr_pending; i++)
		if (resolve_ref(set, set->pending[i], diags) < 0)
			ret = -1;
	set->nr_pending = 0;
	if (check_cycles(set, diags) < 0)
		ret = -1;
	/* What a type marks is known once its references are. */
	for (i = 0; i < set->nr_types; i++)
		schema_type_refs(set, set->types[i]);
	return ret;
}
