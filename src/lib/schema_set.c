/*
 * A schema set: the files added to it (each compiled once), the record
 * types they define, and the tables compiling uses (the compiled form of
 * each node, the resources $ref can name).
 */
#include <stdlib.h>

#include "schema_impl.h"

#include "../banned.h"

static size_t memo_hash(const struct wl_node *n, size_t cap)
{
	uint64_t h = (uint64_t)(uintptr_t)n;

	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ULL;
	return (size_t)(h >> 20) & (cap - 1);
}

struct wl_schema *schema_memo_get(const struct wl_schema_set *set,
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

void schema_memo_put(struct wl_schema_set *set, const struct wl_node *n,
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

static void hindex_place(struct hslot *slots, size_t mask, uint64_t hash,
			 size_t index)
{
	size_t i = (size_t)hash & mask;

	while (slots[i].index)
		i = (i + 1) & mask;
	slots[i].hash = hash;
	slots[i].index = index;
}

void schema_hindex_put(struct hindex *t, uint64_t hash, size_t index)
{
	/* Kept at most half full: a probe always ends at an empty slot. */
	if (2 * (t->nr + 1) > (t->slots ? t->mask + 1 : 0)) {
		struct hslot *old = t->slots;
		size_t i, old_size = old ? t->mask + 1 : 0;
		size_t size = old_size ? 2 * old_size : 16;

		t->slots = wl_xcalloc(size, sizeof(*t->slots));
		t->mask = size - 1;
		for (i = 0; i < old_size; i++)
			if (old[i].index)
				hindex_place(t->slots, t->mask, old[i].hash,
					     old[i].index);
		free(old);
	}
	hindex_place(t->slots, t->mask, hash, index + 1);
	t->nr++;
}

size_t schema_hindex_next(const struct hindex *t, uint64_t hash,
			  size_t *pos)
{
	size_t i;

	if (!t->slots)
		return 0;
	i = *pos ? *pos - 1 : (size_t)hash & t->mask;
	for (; t->slots[i].index; i = (i + 1) & t->mask) {
		if (t->slots[i].hash == hash) {
			*pos = ((i + 1) & t->mask) + 1;
			return t->slots[i].index;
		}
	}
	return 0;
}

void schema_hindex_release(struct hindex *t)
{
	free(t->slots);
	t->slots = NULL;
	t->mask = t->nr = 0;
}

uint64_t schema_str_hash(const void *s, size_t len)
{
	const unsigned char *p = s;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	return h ^ (h >> 33);
}

size_t schema_node_count(const struct wl_node *n)
{
	size_t i, count = 1;

	if (n->kind == WL_NODE_SEQ)
		for (i = 0; i < n->nr; i++)
			count += schema_node_count(n->items[i]);
	else if (n->kind == WL_NODE_MAP)
		for (i = 0; i < n->nr; i++)
			count += 1 + schema_node_count(n->pairs[i].value);
	return count;
}

void schema_add_resource(struct wl_schema_set *set, const char *uri,
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
	if (set->res_indexed)
		schema_hindex_put(&set->res_index,
				  schema_str_hash(uri, strlen(uri)),
				  set->nr_res - 1);
}

void schema_drop_resources(struct wl_schema_set *set, size_t nr)
{
	set->nr_res = nr;
	/* Rebuilt without them when references are next resolved. */
	schema_hindex_release(&set->res_index);
	set->res_indexed = 0;
}

/*
 * Compiled patterns give their machine code this many bytes of compiled
 * form in all: JIT compiling costs about half a microsecond a byte, and
 * a schema may hold many patterns. The rest run interpreted, which is
 * slower but bounded the same way.
 */
#define JIT_BUDGET (512 * 1024)

struct wl_regex *schema_regex(struct cctx *cc, const struct wl_node *pat,
			      const char *kw)
{
	struct wl_schema_set *set = cc->set;
	uint64_t hash = schema_str_hash(pat->str, pat->len);
	struct set_regex *sr;
	struct wl_regex *re = NULL;
	size_t pos = 0, i, off;
	char *msg = NULL;

	while ((i = schema_hindex_next(&set->regex_index, hash, &pos))) {
		sr = &set->regexes[i - 1];
		if (sr->len == pat->len && !memcmp(sr->pattern, pat->str,
						   pat->len))
			return sr->re;
	}
	if (wl_regex_compile(&re, pat->str, pat->len,
			     set->jit_bytes < JIT_BUDGET ? WL_REGEX_JIT : 0,
			     &msg, &off) < 0) {
		schema_error(cc, pat,
			 "invalid regular expression in '%s': %s at offset %zu",
			 kw, msg, off);
		free(msg);
		return NULL;
	}
	if (set->jit_bytes < JIT_BUDGET)
		set->jit_bytes += wl_regex_size(re);
	WL_ALLOC_GROW(set->regexes, set->nr_regexes + 1, set->alloc_regexes);
	sr = &set->regexes[set->nr_regexes];
	sr->pattern = wl_arena_strndup(&set->arena, pat->str, pat->len);
	sr->len = pat->len;
	sr->re = re;
	schema_hindex_put(&set->regex_index, hash, set->nr_regexes++);
	return re;
}

struct wl_schema_set *wl_schema_set_new(void)
{
	static const struct wl_schema_limits lim = WL_SCHEMA_LIMITS_DEFAULT;
	struct wl_schema_set *set = wl_xcalloc(1, sizeof(*set));

	set->limits = lim;
	return set;
}

void wl_schema_set_limits(struct wl_schema_set *set,
			  const struct wl_schema_limits *limits)
{
	set->limits = *limits;
}

void wl_schema_set_free(struct wl_schema_set *set)
{
	size_t i;

	if (!set)
		return;
	for (i = 0; i < set->nr_files; i++)
		wl_doc_release(&set->files[i]->doc);
	for (i = 0; i < set->nr_regexes; i++)
		wl_regex_free(set->regexes[i].re);
	schema_hindex_release(&set->regex_index);
	schema_hindex_release(&set->res_index);
	schema_hindex_release(&set->key_index);
	schema_hindex_release(&set->indexed_maps);
	free(set->keys);
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

/* Adds the type the file's x- keywords compiled into `t`, if it has an
 * x-type. */
static void register_type(struct wl_schema_set *set, struct sfile *f,
			  struct wl_type *t)
{
	size_t pos;
	int found;

	if (!t->name)
		return;
	t->file = f->name;
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

/* A set holds at most limits.files files of its own: returns -1 (with a
 * diagnostic) if `path` would be one more. */
static int too_many_files(const struct wl_schema_set *set, const char *path,
			  struct wl_diags *diags)
{
	if (set->nr_own_files < set->limits.files)
		return 0;
	if (diags)
		wl_diags_add(diags, path, 1, 1, WL_SEV_ERROR, "schema",
			     "schema file not loaded: more than %zu schema files (limits: schema-files)",
			     set->limits.files);
	return -1;
}

static int add_root(struct wl_schema_set *set, const char *name,
		    struct wl_doc *owned, const struct wl_node *root,
		    int builtin, struct wl_diags *diags)
{
	struct cctx cc = { set, NULL, builtin, diags, 0, 0, NULL };
	size_t nr_res = set->nr_res, nr_pending = set->nr_pending;
	struct sfile *f;

	if (!builtin) {
		if (too_many_files(set, name, diags) < 0) {
			if (owned)
				wl_doc_release(owned);
			return -1;
		}
		set->nr_own_files++;
	}
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
		schema_error(&cc, NULL, "schema file is empty");
		return -1;
	}
	if (root->kind != WL_NODE_MAP && root->kind != WL_NODE_BOOL) {
		schema_error(&cc, root, "a schema must be a mapping or true or false");
		return -1;
	}
	schema_add_resource(set, f->name, root, f->name, builtin, 1);
	cc.type = wl_arena_alloc(&set->arena, sizeof(*cc.type));
	f->schema = schema_compile(&cc, root, f->name, 1);
	if (cc.errors) {
		/* Nothing of a broken file may be found by $ref. */
		schema_drop_resources(set, nr_res);
		set->nr_pending = nr_pending;
		f->schema = NULL;
		return -1;
	}
	register_type(set, f, cc.type);
	return 0;
}

int wl_schema_set_add(struct wl_schema_set *set, const char *path,
		      const char *buf, size_t len, int builtin,
		      struct wl_diags *diags)
{
	struct wl_yaml_limits limits = { 0, 128, 0, 0 };
	struct wl_diags local = WL_DIAGS_INIT;
	struct wl_doc doc = WL_DOC_INIT;
	int ret;

	/* Refused before it is parsed. */
	if (!builtin && too_many_files(set, path, diags) < 0)
		return -1;
	if (!builtin && len > set->limits.file_bytes) {
		if (diags)
			wl_diags_add(diags, path, 1, 1, WL_SEV_ERROR, "schema",
				     "file is %zu bytes, more than the limit of %zu (limits: schema-bytes)",
				     len, set->limits.file_bytes);
		return -1;
	}
	/* The built-in schemas are ours: no limit but the ceilings. */
	limits.max_bytes = builtin ? WL_SCHEMA_MAX_FILE_BYTES :
				     set->limits.file_bytes;
	limits.max_nodes = builtin ? WL_SCHEMA_MAX_FILE_NODES :
				     set->limits.file_nodes;
	/* Aliases repeat nodes the compiled form shares: bounded alike. */
	limits.max_expansion = limits.max_nodes;
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
