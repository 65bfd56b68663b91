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
}

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

static int add_root(struct wl_schema_set *set, const char *name,
		    struct wl_doc *owned, const struct wl_node *root,
		    int builtin, struct wl_diags *diags)
{
	struct cctx cc = { set, NULL, builtin, diags, 0, 0, NULL };
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
		set->nr_res = nr_res;
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
	struct wl_yaml_limits limits = { WL_SCHEMA_MAX_BYTES, 128, 1000000 };
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
