#include "version.h"

#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "util.h"

#include "../banned.h"

const char *wl_version_glob_type(const struct wl_version *v,
				 const char *path)
{
	const char *t = wl_config_type_for(&v->repo->cfg, path);

	return t ? t : "";
}

/* Adds the id of every built-in schema's text: they are part of every
 * context, so a new worklog does not read an old one's facts. */
static void add_builtins(struct wl_buf *all)
{
	const struct wl_builtin *b;
	struct wl_oid oid;
	char hex[WL_OID_HEXSZ + 1];

	for (b = wl_builtin_schemas; b->path; b++) {
		wl_oid_hash(&oid, b->data, b->len);
		wl_oid_fmt(hex, &oid);
		wl_buf_addf(all, "builtin %s %s\n", hex, b->path);
	}
}

/* The schemas are those the repository compiled, not the files of its
 * source: a hook reads one version under the rules of another. */
static void context(struct wl_buf *ctx, struct wl_version *v)
{
	const struct wl_config *cfg = &v->repo->cfg;
	const struct wl_git_entries *files = &v->repo->schema_files;
	struct wl_buf all = WL_BUF_INIT;
	struct wl_oid oid;
	char hex[WL_OID_HEXSZ + 1];
	size_t i;

	wl_buf_addstr(&all, "worklog facts\n");
	add_builtins(&all);
	wl_buf_addf(&all, "limits %zu %u %zu %zu\n", cfg->limits.max_bytes,
		    cfg->limits.max_depth, cfg->limits.max_expansion,
		    cfg->file_bytes);
	/* What validating may cost decides what it finds at the bounds. */
	wl_buf_addf(&all, "schema-limits %llu %llu %llu %zu %zu %zu\n",
		    cfg->schema_limits.steps, cfg->schema_limits.regex_steps,
		    cfg->schema_limits.regex_match_steps,
		    cfg->schema_limits.file_bytes,
		    cfg->schema_limits.file_nodes, cfg->schema_limits.files);
	/* Which paths are records, and the types globs give them. */
	for (i = 0; i < cfg->records_nr; i++)
		wl_buf_addf(&all, "records %s\n", cfg->records[i]);
	for (i = 0; i < cfg->types_nr; i++)
		wl_buf_addf(&all, "types %s %s\n", cfg->types[i].glob,
			    cfg->types[i].type);
	for (i = 0; i < cfg->schemas_nr; i++)
		wl_buf_addf(&all, "schemas %s\n", cfg->schemas[i]);
	for (i = 0; i < files->nr; i++) {
		wl_oid_fmt(hex, &files->v[i].oid);
		wl_buf_addf(&all, "%s %s\n", hex, files->v[i].path);
	}
	wl_oid_hash(&oid, all.buf, all.len);
	wl_oid_fmt(hex, &oid);
	wl_buf_addstr(ctx, hex);
	wl_buf_release(&all);
}

void wl_version_init(struct wl_version *v, struct wl_repo *repo,
		     struct wl_cache *cache)
{
	struct wl_buf ctx = WL_BUF_INIT;

	v->repo = repo;
	v->cache = cache;
	context(&ctx, v);
	wl_cache_context(cache, ctx.buf);
	wl_buf_release(&ctx);
}

int wl_version_parse(struct wl_record *r, const struct wl_type **type,
		     struct wl_version *v, const char *path,
		     const struct wl_oid *oid, char **err)
{
	struct wl_diags scratch = WL_DIAGS_INIT;
	char *buf;
	size_t len;

	int ret;

	*type = NULL;
	ret = wl_source_read_blob(v->repo->src, oid, &buf, &len, err);
	if (ret == WL_READ_TOO_BIG) {
		/* Not read: a record without front matter, as validate
		 * reports it. */
		free(*err);
		*err = NULL;
		wl_record_too_big(r, path, len,
				  wl_source_max_bytes(v->repo->src), &scratch);
		wl_diags_release(&scratch);
		return 0;
	}
	if (ret < 0)
		return -1;
	*type = wl_repo_parse_record(v->repo, r, path, buf, len, &scratch);
	wl_diags_release(&scratch);
	return 0;
}

void wl_version_facts_text(struct wl_buf *out, struct wl_repo *repo,
			   const char *path, char *buf, size_t len)
{
	struct wl_record r = WL_RECORD_INIT;
	struct wl_diags scratch = WL_DIAGS_INIT;
	const struct wl_type *type;

	type = wl_repo_parse_record(repo, &r, path, buf, len, &scratch);
	wl_facts_write(out, type, r.doc.root);
	wl_record_release(&r);
	wl_diags_release(&scratch);
}

void wl_version_record_facts(struct wl_facts *out, struct wl_version *v,
			     const char *path, const struct wl_oid *oid,
			     const struct wl_type *type,
			     const struct wl_record *r)
{
	struct wl_buf text = WL_BUF_INIT;
	const char *kept;

	wl_facts_write(&text, type, r->doc.root);
	kept = wl_cache_put(v->cache, oid, wl_version_glob_type(v, path),
			    wl_buf_cstr(&text), text.len);
	wl_facts_parse(out, kept, text.len);
	wl_buf_release(&text);
}

int wl_version_facts(struct wl_facts *out, struct wl_version *v,
		     const char *path, const struct wl_oid *oid, char **err)
{
	struct wl_record r = WL_RECORD_INIT;
	const struct wl_type *type;
	const char *text;
	size_t len;

	text = wl_cache_get(v->cache, oid, wl_version_glob_type(v, path),
			    &len);
	/* A damaged text is not believed: the blob is parsed again, and
	 * its facts replace it. */
	if (text && wl_facts_parse(out, text, len) == 0)
		return 0;
	wl_facts_release(out);
	if (wl_version_parse(&r, &type, v, path, oid, err) < 0)
		return -1;
	wl_version_record_facts(out, v, path, oid, type, &r);
	wl_record_release(&r);
	return 0;
}

int wl_version_place(struct wl_version *v, const char *path,
		     const struct wl_oid *oid, struct wl_facts *facts,
		     char **err)
{
	if (wl_cache_place(v->cache, path, oid, wl_version_glob_type(v, path),
			   facts) < 0) {
		*err = wl_xstrdup("cannot write the facts cache");
		return -1;
	}
	return 0;
}

/* Reads (or finds in the cache) and places the record at `path`. */
static int place_blob(struct wl_version *v, const char *path,
		      const struct wl_oid *oid, char **err)
{
	struct wl_facts facts = WL_FACTS_INIT;
	int ret;

	if (wl_version_facts(&facts, v, path, oid, err) < 0)
		return -1;
	ret = wl_version_place(v, path, oid, &facts, err);
	wl_facts_release(&facts);
	return ret;
}

/* Places the records that differ between complete tree `from` and
 * `tree` (opened as `src`). */
static int place_changes(struct wl_version *v, struct wl_source *src,
			 const struct wl_oid *from, char **err)
{
	struct wl_changes changes = WL_CHANGES_INIT;
	size_t i;
	int ret = -1;

	if (wl_source_diff(&changes, src, from, err) < 0)
		goto done;
	for (i = 0; i < changes.nr; i++) {
		const struct wl_change *c = &changes.v[i];

		if (c->kind == WL_CHANGE_DELETED ||
		    !wl_config_is_record(&v->repo->cfg, c->path))
			continue;
		if (place_blob(v, c->path, &c->new_oid, err) < 0)
			goto done;
	}
	ret = 0;
done:
	wl_changes_release(&changes);
	return ret;
}

/* Places every record of `src`. */
static int place_all(struct wl_version *v, struct wl_source *src, char **err)
{
	const struct wl_config *cfg = &v->repo->cfg;
	struct wl_git_entries files = WL_GIT_ENTRIES_INIT;
	size_t i;
	int ret = -1;

	if (wl_source_records(&files, src, cfg->records, cfg->records_nr, 0,
			      err) < 0)
		goto done;
	for (i = 0; i < files.nr; i++)
		if (place_blob(v, files.v[i].path, &files.v[i].oid, err) < 0)
			goto done;
	ret = 0;
done:
	wl_git_entries_release(&files);
	return ret;
}

/* How many complete trees are tried as the start of a diff: the cache
 * may name trees git has deleted (a rejected push's, a pruned branch's). */
#define RECENT_TRIED 8

int wl_version_complete(struct wl_version *v, const struct wl_oid *tree,
			char **err)
{
	struct wl_oids recent = WL_OIDS_INIT;
	struct wl_source *src = NULL;
	struct wl_git *git = wl_source_git(v->repo->src);
	const struct wl_oid *from = NULL;
	size_t i;
	int ret = -1;

	if (wl_cache_complete(v->cache, tree))
		return 0;
	if (wl_source_open_tree(&src, git, tree, "tree", err) < 0)
		return -1;
	wl_cache_recent_complete(v->cache, &recent, RECENT_TRIED);
	for (i = 0; i < recent.nr && !from; i++)
		if (wl_git_has(git, &recent.v[i]))
			from = &recent.v[i];
	if ((from ? place_changes(v, src, from, err) :
		    place_all(v, src, err)) < 0)
		goto done;
	wl_cache_mark_complete(v->cache, tree);
	ret = 0;
done:
	wl_oids_release(&recent);
	wl_source_free(src);
	return ret;
}

void wl_version_mark_complete(struct wl_version *v, const struct wl_oid *tree)
{
	wl_cache_mark_complete(v->cache, tree);
}

/* Whether the version still has a place the cache knows. */
static int present(struct wl_version *v, const struct wl_cache_hit *h)
{
	struct wl_oid oid;

	return wl_config_is_record(&v->repo->cfg, h->path) &&
	       !strcmp(wl_version_glob_type(v, h->path), h->gtype) &&
	       wl_source_oid(v->repo->src, h->path, &oid) == 0 &&
	       !wl_oid_cmp(&oid, &h->oid);
}

struct lookup_data {
	struct wl_version *v;
	wl_check_id_fn id_fn;
	wl_check_ref_fn ref_fn;
	const char *id;
	void *arg;
};

static int id_hit(const struct wl_cache_hit *h, void *data)
{
	struct lookup_data *d = data;

	return present(d->v, h) ? d->id_fn(d->arg, h->path, h->type) : 0;
}

static int cache_ids(void *data, const char *id, wl_check_id_fn fn, void *arg)
{
	struct lookup_data d = { data, fn, NULL, id, arg };

	return wl_cache_ids(((struct wl_version *)data)->cache, id, id_hit,
			    &d);
}

static int ref_hit(const struct wl_cache_hit *h, void *data)
{
	struct lookup_data *d = data;
	struct wl_fact f;

	if (!present(d->v, h))
		return 0;
	f.field = h->field;
	f.value = d->id;
	f.ref_type = h->type;
	f.line = h->line;
	f.column = h->column;
	return d->ref_fn(d->arg, h->path, &f);
}

static int cache_refs(void *data, const char *type, const char *id,
		      wl_check_ref_fn fn, void *arg)
{
	struct lookup_data d = { data, NULL, fn, id, arg };

	return wl_cache_refs(((struct wl_version *)data)->cache, type, id,
			     ref_hit, &d);
}

void wl_version_lookup(struct wl_check_lookup *out, struct wl_version *v)
{
	out->ids = cache_ids;
	out->refs = cache_refs;
	out->data = v;
}

static int is_type(void *arg, const char *path, const char *type)
{
	return !strcmp(type, arg);
}

int wl_version_has_id(struct wl_version *v, const char *type, const char *id)
{
	return cache_ids(v, id, is_type, (void *)type);
}
