#include "hook.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "cache.h"
#include "change.h"
#include "check.h"
#include "date.h"
#include "facts.h"
#include "glob.h"
#include "record.h"
#include "repo.h"
#include "rules.h"
#include "source.h"
#include "util.h"

#include "../banned.h"

struct wl_hook {
	struct wl_git *git;
	struct wl_cache *cache;
	char *builtin_hash;     /* part of every cache context */
};

void wl_verdict_release(struct wl_verdict *v)
{
	wl_diags_release(&v->diags);
	memset(v, 0, sizeof(*v));
}

int wl_hook_new(struct wl_hook **out, struct wl_git *git, unsigned flags)
{
	struct wl_hook *h = wl_xcalloc(1, sizeof(*h));
	const struct wl_builtin *b;
	struct wl_buf all = WL_BUF_INIT;
	struct wl_oid oid;
	char hex[WL_OID_HEXSZ + 1];

	h->git = git;
	if (flags & WL_HOOK_NO_CACHE) {
		h->cache = wl_cache_open(NULL);
	} else {
		char *path = wl_xprintf("%s/worklog/cache.sqlite",
					wl_git_commondir(git));

		h->cache = wl_cache_open(path);
		free(path);
	}
	for (b = wl_builtin_schemas; b->path; b++) {
		wl_buf_addstr(&all, b->path);
		wl_buf_add(&all, "", 1);
		wl_buf_add(&all, b->data, b->len);
	}
	wl_oid_hash(&oid, all.buf ? all.buf : "", all.len);
	wl_oid_fmt(hex, &oid);
	h->builtin_hash = wl_xstrdup(hex);
	wl_buf_release(&all);
	*out = h;
	return 0;
}

void wl_hook_free(struct wl_hook *h)
{
	if (!h)
		return;
	wl_cache_free(h->cache);
	free(h->builtin_hash);
	free(h);
}

/* What one judgement works with. */
struct judge {
	struct wl_hook *h;
	struct wl_repo *repo;
	struct wl_verdict *out;
	struct wl_git_snap *snap;      /* the version judged */
	const struct wl_oid *tree;     /* its tree, or NULL for the index */
	const struct wl_oid *base;     /* the previous commit, or NULL */
	struct wl_commit base_commit;
	struct wl_git_snap **others;   /* trees of a merge's other parents */
	size_t others_nr;
	long long now;
	int offset;
	struct wl_check_rules check;
	int transition;
	int locked;
	long long locked_after;
	const char *locked_after_text;
	struct wl_changes changes;
};

/* A finding about the judged version's configuration, at `at`. */
static void config_error(struct judge *j, const struct wl_node *at,
			 const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void config_error(struct judge *j, const struct wl_node *at,
			 const char *fmt, ...)
{
	struct wl_buf msg = WL_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	wl_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	wl_diags_add(&j->out->diags, j->repo->cfg.path, at ? at->line : 1,
		     at ? at->column : 1, WL_SEV_ERROR, "config", "%s",
		     wl_buf_cstr(&msg));
	wl_buf_release(&msg);
}

/* Reads `hooks:` and the rules the hooks apply. */
static void read_settings(struct judge *j)
{
	const struct wl_config *cfg = &j->repo->cfg;
	const struct wl_node *hooks = cfg->hooks, *after;
	size_t i;

	if (hooks) {
		for (i = 0; i < hooks->nr; i++) {
			const struct wl_node *k = hooks->pairs[i].key;
			const struct wl_node *v = hooks->pairs[i].value;

			if (strcmp(k->str, "warn-only")) {
				config_error(j, k,
					     "unknown key '%s' in hooks (known: warn-only)",
					     k->str);
				continue;
			}
			if (v->kind != WL_NODE_BOOL)
				config_error(j, v,
					     "hooks: warn-only must be true or false");
			else
				j->out->warn_only = v->v.b;
		}
	}
	wl_check_rules_read(&j->check, cfg);
	j->transition = wl_rule_severity(cfg, "transition", WL_SEV_ERROR);
	j->locked = wl_rule_severity(cfg, "locked", 0);
	j->locked_after = 30 * 86400;
	j->locked_after_text = "30d";
	after = wl_rule_option(cfg, "locked", "after");
	if (after) {
		if (after->kind != WL_NODE_STRING ||
		    wl_duration_parse(&j->locked_after, after->str,
				      after->len, WL_DURATION_RULE) < 0) {
			config_error(j, after,
				     "rule 'locked': after: '%s' is not a duration (use Nh, Nd or Nw)",
				     after->str ? after->str : "");
			j->locked = 0;
		} else {
			j->locked_after_text = after->str;
		}
	}
}

/*
 * The cache context: what the facts of the records at their paths depend
 * on besides the blobs: the schemas (built-in and the repository's, by
 * blob id), the parse limits, and the `records` and `types` globs; not
 * the roster or the rules, so editing those keeps the cache.
 */
static void context(struct wl_buf *ctx, struct judge *j)
{
	struct wl_repo *repo = j->repo;
	struct wl_git_entries files = WL_GIT_ENTRIES_INIT;
	struct wl_buf all = WL_BUF_INIT;
	struct wl_oid oid;
	char hex[WL_OID_HEXSZ + 1];
	char *err = NULL;
	size_t i;

	wl_buf_addf(&all, "worklog facts\nbuiltin %s\nlimits %zu %u %zu\n",
		    j->h->builtin_hash, repo->cfg.limits.max_bytes,
		    repo->cfg.limits.max_depth, repo->cfg.limits.max_expansion);
	/* Which paths are records, and the types globs give them. */
	for (i = 0; i < repo->cfg.records_nr; i++)
		wl_buf_addf(&all, "records %s\n", repo->cfg.records[i]);
	for (i = 0; i < repo->cfg.types_nr; i++)
		wl_buf_addf(&all, "types %s %s\n", repo->cfg.types[i].glob,
			    repo->cfg.types[i].type);
	for (i = 0; i < repo->cfg.schemas_nr; i++) {
		wl_buf_addf(&all, "schemas %s\n", repo->cfg.schemas[i]);
		if (wl_source_entries(repo->src, repo->cfg.schemas[i], &files,
				      &err) < 0) {
			free(err);
			err = NULL;
		}
	}
	for (i = 0; i < files.nr; i++) {
		wl_oid_fmt(hex, &files.v[i].oid);
		wl_buf_addf(&all, "%s %s\n", hex, files.v[i].path);
	}
	wl_oid_hash(&oid, all.buf, all.len);
	wl_oid_fmt(hex, &oid);
	wl_buf_addstr(ctx, hex);
	wl_buf_release(&all);
	wl_git_entries_release(&files);
}

static const char *glob_type(struct wl_repo *repo, const char *path)
{
	const char *t = wl_config_type_for(&repo->cfg, path);

	return t ? t : "";
}

/*
 * Reads and parses blob `oid` as record `path`; *type is its record type
 * or NULL. Problems are not reported: the caller validates what it
 * judges. Returns 0, or -1 with *err set if the blob cannot be read.
 */
static int parse_blob(struct wl_record *r, const struct wl_type **type,
		      struct judge *j, const char *path,
		      const struct wl_oid *oid, char **err)
{
	struct wl_diags scratch = WL_DIAGS_INIT;
	char *buf;
	size_t len;

	*type = NULL;
	if (wl_git_read_blob(j->h->git, oid, &buf, &len, err) < 0)
		return -1;
	*type = wl_repo_parse_record(j->repo, r, path, buf, len, &scratch);
	wl_diags_release(&scratch);
	return 0;
}

/* The facts of a parsed record; kept in the cache, which holds the text
 * the facts point into. */
static void facts_of_record(struct wl_facts *out, struct judge *j,
			    const char *path, const struct wl_oid *oid,
			    const struct wl_type *type,
			    const struct wl_record *r)
{
	struct wl_buf text = WL_BUF_INIT;
	const char *kept;

	wl_facts_write(&text, type, r->doc.root);
	kept = wl_cache_put(j->h->cache, oid, glob_type(j->repo, path),
			    wl_buf_cstr(&text), text.len);
	wl_facts_parse(out, kept, text.len);
	wl_buf_release(&text);
}

/* The facts of blob `oid` at `path`: from the cache, or parsed. */
static int facts_of_blob(struct wl_facts *out, struct judge *j,
			 const char *path, const struct wl_oid *oid,
			 char **err)
{
	struct wl_record r = WL_RECORD_INIT;
	const struct wl_type *type;
	const char *text;
	size_t len;

	text = wl_cache_get(j->h->cache, oid, glob_type(j->repo, path), &len);
	if (text) {
		wl_facts_parse(out, text, len);
		return 0;
	}
	if (parse_blob(&r, &type, j, path, oid, err) < 0)
		return -1;
	facts_of_record(out, j, path, oid, type, &r);
	wl_record_release(&r);
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct wl_git_entry *)a)->path,
		      ((const struct wl_git_entry *)b)->path);
}

/* Lists the records of `snap` (files matching the `records` globs),
 * walking only the literal folders the globs start with. */
static int list_records(struct wl_git_entries *out, struct judge *j,
			struct wl_git_snap *snap, char **err)
{
	const struct wl_config *cfg = &j->repo->cfg;
	struct wl_git_entries all = WL_GIT_ENTRIES_INIT;
	char **dirs = wl_xcalloc(cfg->records_nr + 1, sizeof(*dirs));
	size_t i, k, ndirs = 0, kept = 0;
	int ret = 0;

	for (i = 0; i < cfg->records_nr; i++) {
		const char *g = cfg->records[i];
		size_t pre = wl_glob_prefix(g);

		if (!strncmp(g, "./", 2))
			g += 2, pre = pre >= 2 ? pre - 2 : 0;
		for (k = 0; k < ndirs; k++) {
			size_t n = strlen(dirs[k]);

			if (!n || (!strncmp(dirs[k], g, n) &&
				   (g[n] == '/' || n == pre)))
				break;
		}
		if (k < ndirs)
			continue;
		dirs[ndirs++] = wl_xstrndup(g, pre);
	}
	for (i = 0; i < ndirs && !ret; i++)
		ret = wl_git_snap_list(snap, dirs[i], &all, err);
	for (i = 0; i < ndirs; i++)
		free(dirs[i]);
	free(dirs);
	/* One folder listed from the index is in order already. */
	for (i = 1; i < all.nr; i++)
		if (strcmp(all.v[i - 1].path, all.v[i].path) > 0)
			break;
	if (i < all.nr)
		qsort(all.v, all.nr, sizeof(*all.v), cmp_entry);
	for (i = 0; i < all.nr; i++) {
		int dup = kept && !strcmp(all.v[kept - 1].path,
					  all.v[i].path);

		if (ret || dup || !wl_config_is_record(cfg, all.v[i].path)) {
			free(all.v[i].path);
			continue;
		}
		all.v[kept++] = all.v[i];
	}
	all.nr = kept;
	*out = all;
	return ret;
}

/*
 * Makes `facts` the facts of blob `oid` at `path` and makes the place
 * findable in the cache. Returns 0, or -1 with *err set.
 */
static int place(struct judge *j, const char *path, const struct wl_oid *oid,
		 struct wl_facts *facts, char **err)
{
	if (wl_cache_place(j->h->cache, path, oid, glob_type(j->repo, path),
			   facts) < 0) {
		*err = wl_xstrdup("cannot write the facts cache");
		return -1;
	}
	return 0;
}

/* Reads (or finds in the cache) and places the record at `path`. */
static int place_blob(struct judge *j, const char *path,
		      const struct wl_oid *oid, char **err)
{
	struct wl_facts facts = WL_FACTS_INIT;
	int ret;

	if (facts_of_blob(&facts, j, path, oid, err) < 0)
		return -1;
	ret = place(j, path, oid, &facts, err);
	wl_facts_release(&facts);
	return ret;
}

/*
 * Makes tree `tree` complete in the cache: every record in it findable.
 * From the latest complete tree, only what differs needs reading;
 * without one, every record of the tree is read (once: the facts of
 * each blob are kept).
 */
static int ensure_complete(struct judge *j, const struct wl_oid *tree,
			   char **err)
{
	struct wl_oids recent = WL_OIDS_INIT;
	struct wl_git_snap *snap = NULL;
	struct wl_changes changes = WL_CHANGES_INIT;
	struct wl_git_entries files = WL_GIT_ENTRIES_INIT;
	size_t i;
	int ret = -1;

	if (wl_cache_complete(j->h->cache, tree))
		return 0;
	if (wl_git_snap_tree(&snap, j->h->git, tree, err) < 0)
		return -1;
	wl_cache_recent_complete(j->h->cache, &recent, 1);
	if (recent.nr) {
		if (wl_git_diff(&changes, j->h->git, &recent.v[0], snap,
				err) < 0)
			goto done;
		for (i = 0; i < changes.nr; i++) {
			const struct wl_change *c = &changes.v[i];

			if (c->kind == WL_CHANGE_DELETED ||
			    !wl_config_is_record(&j->repo->cfg, c->path))
				continue;
			if (place_blob(j, c->path, &c->new_oid, err) < 0)
				goto done;
		}
	} else {
		if (list_records(&files, j, snap, err) < 0)
			goto done;
		for (i = 0; i < files.nr; i++)
			if (place_blob(j, files.v[i].path, &files.v[i].oid,
				       err) < 0)
				goto done;
	}
	wl_cache_mark_complete(j->h->cache, tree);
	ret = 0;
done:
	wl_git_entries_release(&files);
	wl_changes_release(&changes);
	wl_oids_release(&recent);
	wl_git_snap_free(snap);
	return ret;
}

/*
 * The checks' lookups over the cache. A place the cache knows counts if
 * the version judged still has that blob there, as a record of that glob
 * type.
 */
static int present(struct judge *j, const struct wl_cache_hit *h)
{
	struct wl_oid oid;

	return wl_config_is_record(&j->repo->cfg, h->path) &&
	       !strcmp(glob_type(j->repo, h->path), h->gtype) &&
	       wl_git_snap_find(j->snap, h->path, &oid) == 0 &&
	       !wl_oid_cmp(&oid, &h->oid);
}

struct lookup_data {
	struct judge *j;
	wl_check_id_fn id_fn;
	wl_check_ref_fn ref_fn;
	const char *id;
	void *arg;
};

static int id_hit(const struct wl_cache_hit *h, void *data)
{
	struct lookup_data *d = data;

	return present(d->j, h) ? d->id_fn(d->arg, h->path, h->type) : 0;
}

static int cache_ids(void *data, const char *id, wl_check_id_fn fn, void *arg)
{
	struct lookup_data d = { data, fn, NULL, id, arg };

	return wl_cache_ids(((struct judge *)data)->h->cache, id, id_hit, &d);
}

static int ref_hit(const struct wl_cache_hit *h, void *data)
{
	struct lookup_data *d = data;
	struct wl_fact f;

	if (!present(d->j, h))
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

	return wl_cache_refs(((struct judge *)data)->h->cache, type, id,
			     ref_hit, &d);
}

static int is_type(void *arg, const char *path, const char *type)
{
	return !strcmp(type, arg);
}

/* Returns 1 if the change touches the configuration or a schema. */
static int rules_changed(struct judge *j)
{
	const struct wl_config *cfg = &j->repo->cfg;
	size_t i, k;

	for (i = 0; i < j->changes.nr; i++) {
		const char *p = j->changes.v[i].path;

		if (!strcmp(p, WL_CONFIG_NAME))
			return 1;
		for (k = 0; k < cfg->schemas_nr; k++) {
			size_t n = strlen(cfg->schemas[k]);

			if (!strncmp(p, cfg->schemas[k], n) &&
			    (p[n] == '/' || !p[n]))
				return 1;
		}
	}
	return 0;
}

/* Returns 1 if a merge's other parent has exactly this version of path. */
static int inherited(struct judge *j, const char *path,
		     const struct wl_oid *oid)
{
	struct wl_oid other;
	size_t i;

	for (i = 0; i < j->others_nr; i++)
		if (!wl_git_snap_find(j->others[i], path, &other) &&
		    !wl_oid_cmp(&other, oid))
			return 1;
	return 0;
}

/* How far back the `locked` rule looks for when a record became done. */
#define DONE_WALK_MAX 100000

struct done_data {
	struct judge *j;
	const char *path;
	int failed;
	char *err;
};

/* keep() for wl_git_path_since: is this version in a done state? */
static int version_is_done(void *data, const struct wl_oid *blob)
{
	struct done_data *d = data;
	struct wl_record r = WL_RECORD_INIT;
	const struct wl_type *type;
	int done = 0;

	if (!blob || d->failed)
		return 0;
	if (parse_blob(&r, &type, d->j, d->path, blob, &d->err) < 0) {
		d->failed = 1;
		return 0;
	}
	done = wl_record_is_done(type, r.doc.root);
	wl_record_release(&r);
	return done;
}

/*
 * The `locked` rule for a change to the previous version `old_fm` (of
 * `old_type`) of the record at `old_path`: reported at `path`. Returns
 * 0, or -1 with *err set.
 */
static int check_locked(struct judge *j, const char *path,
			const char *old_path, const struct wl_type *old_type,
			const struct wl_node *old_fm, int deleted, char **err)
{
	const char *period = old_fm ? wl_node_get_str(old_fm, "period") : NULL;
	const char *verb = deleted ? "it may not be deleted" :
				     "it may not change";
	char day[WL_DATE_MAX];
	struct wl_period p;
	long long since;

	if (!j->locked || !old_fm)
		return 0;
	if (period && !wl_period_parse(&p, period, strlen(period))) {
		/* The period ends at the end of its last day, in the
		 * commit's time zone. */
		long long end = (p.last + 1) * 86400 - (long long)j->offset * 60;

		if (j->now - end > j->locked_after) {
			wl_day_fmt(day, p.last);
			wl_diags_add(&j->out->diags, path, 1, 1, j->locked,
				     "locked",
				     "record is locked: its period %s ended on %s, more than %s ago; %s",
				     period, day, j->locked_after_text, verb);
			return 0;
		}
	}
	if (j->base && wl_record_is_done(old_type, old_fm)) {
		struct done_data d = { j, old_path, 0, NULL };
		int r = wl_git_path_since(&since, j->h->git, j->base, old_path,
					  version_is_done, &d, DONE_WALK_MAX,
					  err);

		if (r < 0 || d.failed) {
			if (d.failed) {
				if (r >= 0)
					*err = d.err;
				else
					free(d.err);
			}
			return -1;
		}
		if (r == 0 && j->now - since > j->locked_after) {
			wl_day_fmt(day, wl_time_day(since,
						    (long long)j->offset * 60));
			wl_diags_add(&j->out->diags, path, 1, 1, j->locked,
				     "locked",
				     "record is locked: done since %s, more than %s ago; %s",
				     day, j->locked_after_text, verb);
		}
	}
	return 0;
}

/* A previous version of a record: for renames and removed ids. */
struct old_record {
	const struct wl_change *change;
	struct wl_facts facts;
	int renamed;            /* an added record took it over */
};

/*
 * Compares the record at `path` (new version `r` of type `type`) with its
 * previous version (`old_path`, blob `old_oid`).
 */
static int compare(struct judge *j, const char *path, const struct wl_oid *oid,
		   const struct wl_record *r, const struct wl_type *type,
		   const char *old_path, const struct wl_oid *old_oid,
		   char **err)
{
	struct wl_record old = WL_RECORD_INIT;
	const struct wl_type *old_type;
	int ret = 0;

	if (inherited(j, path, oid))
		return 0;
	if (parse_blob(&old, &old_type, j, old_path, old_oid, err) < 0)
		return -1;
	if (type && old_type && !strcmp(type->name, old_type->name))
		wl_check_transitions(&j->out->diags, path, type,
				     old.doc.root, r->doc.root, j->transition);
	ret = check_locked(j, path, old_path, old_type, old.doc.root, 0, err);
	wl_record_release(&old);
	return ret;
}

/* A record judged in full. */
struct judged {
	char *path;
	struct wl_oid oid;
	struct wl_facts facts;
	struct wl_record rec;           /* kept when it is compared */
	const struct wl_type *type;
	const struct wl_change *change; /* NULL when not in the change */
};

static int cmp_judged(const void *a, const void *b)
{
	return strcmp(((const struct judged *)a)->path,
		      ((const struct judged *)b)->path);
}

/* Counts the paths with an error; `d` is sorted by path. */
static size_t count_failed(const struct wl_diags *d)
{
	const char *last = NULL;
	size_t i, n = 0;

	for (i = 0; i < d->nr; i++) {
		if (d->v[i].severity != WL_SEV_ERROR)
			continue;
		if (last && !strcmp(last, d->v[i].path))
			continue;
		last = d->v[i].path;
		n++;
	}
	return n;
}

/* Validates the record at `path` in full and places it. */
static int judge_one(struct judge *j, struct judged *r, char **err)
{
	if (wl_repo_validate_one(j->repo, r->path, &r->rec, &r->type,
				 &j->out->diags, err) < 0)
		return -1;
	j->out->checked++;
	facts_of_record(&r->facts, j, r->path, &r->oid, r->type, &r->rec);
	if (place(j, r->path, &r->oid, &r->facts, err) < 0)
		return -1;
	/* Only the records of the change are compared later. */
	if (!r->change || r->change->kind == WL_CHANGE_DELETED)
		wl_record_release(&r->rec);
	return 0;
}

static int cmp_change_path(const void *key, const void *elem)
{
	return strcmp(key, ((const struct wl_change *)elem)->path);
}

/* The judgement once the version's configuration is read. */
static int judge_records(struct judge *j, char **err)
{
	struct wl_git_entries files = WL_GIT_ENTRIES_INIT;
	struct wl_buf ctx = WL_BUF_INIT;
	struct wl_keys removed = WL_KEYS_INIT;
	struct wl_check_lookup lookup = { cache_ids, cache_refs, j };
	struct wl_check_record *checked = NULL;
	struct old_record *olds = NULL;
	struct judged *recs = NULL;
	size_t i, k, nolds = 0, nrecs = 0, alloc = 0;
	int all, ret = -1;

	if (j->base && wl_git_commit(&j->base_commit, j->h->git, j->base,
				     err) < 0)
		return -1;
	if (wl_git_diff(&j->changes, j->h->git,
			j->base ? &j->base_commit.tree : NULL, j->snap,
			err) < 0)
		return -1;
	all = rules_changed(j);
	context(&ctx, j);
	wl_cache_context(j->h->cache, ctx.buf);

	/*
	 * The records judged in full: those the change adds or modifies;
	 * every record when the rules changed. The others are found through
	 * the cache, complete for the previous version.
	 */
	if (all) {
		if (list_records(&files, j, j->snap, err) < 0)
			goto done;
		for (i = 0; i < files.nr; i++) {
			WL_ALLOC_GROW(recs, nrecs + 1, alloc);
			memset(&recs[nrecs], 0, sizeof(*recs));
			recs[nrecs].path = files.v[i].path;
			recs[nrecs].oid = files.v[i].oid;
			recs[nrecs].change = !j->changes.nr ? NULL :
				bsearch(files.v[i].path, j->changes.v,
					j->changes.nr, sizeof(*j->changes.v),
					cmp_change_path);
			files.v[i].path = NULL;
			nrecs++;
		}
	} else {
		if (j->base && ensure_complete(j, &j->base_commit.tree,
					       err) < 0)
			goto done;
		for (i = 0; i < j->changes.nr; i++) {
			const struct wl_change *c = &j->changes.v[i];

			if (c->kind == WL_CHANGE_DELETED ||
			    !wl_config_is_record(&j->repo->cfg, c->path))
				continue;
			WL_ALLOC_GROW(recs, nrecs + 1, alloc);
			memset(&recs[nrecs], 0, sizeof(*recs));
			recs[nrecs].path = wl_xstrdup(c->path);
			recs[nrecs].oid = c->new_oid;
			recs[nrecs].change = c;
			nrecs++;
		}
	}
	if (nrecs)
		qsort(recs, nrecs, sizeof(*recs), cmp_judged);
	for (i = 0; i < nrecs; i++)
		if (judge_one(j, &recs[i], err) < 0)
			goto done;

	/* Previous versions of records deleted or changed: the ids they
	 * held, and where a record moved to. */
	olds = wl_xcalloc(j->changes.nr ? j->changes.nr : 1, sizeof(*olds));
	for (i = 0; i < j->changes.nr; i++) {
		const struct wl_change *c = &j->changes.v[i];
		struct old_record *o = &olds[nolds];
		int r;

		if (c->kind == WL_CHANGE_ADDED ||
		    !wl_config_is_record(&j->repo->cfg, c->path))
			continue;
		o->change = c;
		if (facts_of_blob(&o->facts, j, c->path, &c->old_oid, err) < 0)
			goto done;
		nolds++;
		if (!o->facts.type || !o->facts.id)
			continue;
		r = cache_ids(j, o->facts.id, is_type, (void *)o->facts.type);
		if (r < 0)
			goto cache_error;
		if (!r)
			wl_keys_add(&removed, o->facts.type, o->facts.id);
	}

	checked = wl_xcalloc(nrecs ? nrecs : 1, sizeof(*checked));
	for (i = 0; i < nrecs; i++) {
		checked[i].path = recs[i].path;
		checked[i].facts = &recs[i].facts;
	}
	if (wl_check_records(&j->out->diags, checked, nrecs, &j->repo->cfg,
			     &j->check, &removed, &lookup) < 0)
		goto cache_error;

	/* Each changed record against its previous version. */
	for (i = 0; i < nrecs; i++) {
		struct judged *r = &recs[i];
		const struct wl_change *c = r->change;

		if (!c || c->kind == WL_CHANGE_DELETED)
			continue;
		if (c->kind == WL_CHANGE_MODIFIED) {
			if (compare(j, r->path, &r->oid, &r->rec, r->type,
				    c->path, &c->old_oid, err) < 0)
				goto done;
			continue;
		}
		/* Added: a record that moved here keeps its id. */
		if (!r->facts.type || !r->facts.id)
			continue;
		for (k = 0; k < nolds; k++) {
			struct old_record *o = &olds[k];

			if (o->change->kind != WL_CHANGE_DELETED ||
			    o->renamed || !o->facts.type || !o->facts.id ||
			    strcmp(o->facts.id, r->facts.id) ||
			    strcmp(o->facts.type, r->facts.type))
				continue;
			o->renamed = 1;
			if (compare(j, r->path, &r->oid, &r->rec, r->type,
				    o->change->path, &o->change->old_oid,
				    err) < 0)
				goto done;
			break;
		}
	}
	/* A deleted record may be locked too. */
	for (k = 0; k < nolds; k++) {
		struct old_record *o = &olds[k];
		struct wl_record old = WL_RECORD_INIT;
		const struct wl_type *old_type;
		int r;

		if (o->change->kind != WL_CHANGE_DELETED || o->renamed ||
		    !j->locked)
			continue;
		if (parse_blob(&old, &old_type, j, o->change->path,
			       &o->change->old_oid, err) < 0)
			goto done;
		r = check_locked(j, o->change->path, o->change->path, old_type,
				 old.doc.root, 1, err);
		wl_record_release(&old);
		if (r < 0)
			goto done;
	}
	/* The base was complete and every change is placed: a commit's
	 * tree is complete. (The index's becomes one on the next commit,
	 * from this base, by a diff.) */
	if (j->tree)
		wl_cache_mark_complete(j->h->cache, j->tree);
	ret = 0;
	goto done;
cache_error:
	*err = wl_xstrdup("cannot read the facts cache");
done:
	for (i = 0; i < nrecs; i++) {
		free(recs[i].path);
		wl_facts_release(&recs[i].facts);
		wl_record_release(&recs[i].rec);
	}
	free(recs);
	free(checked);
	for (k = 0; k < nolds; k++)
		wl_facts_release(&olds[k].facts);
	free(olds);
	wl_keys_release(&removed);
	wl_git_entries_release(&files);
	wl_buf_release(&ctx);
	return ret;
}

/*
 * Judges `snap` (taken over), called `name`, against commit `base` (NULL:
 * none) with the trees of `others`, at time `now`.
 */
static int judge(struct wl_verdict *out, struct wl_hook *h,
		 struct wl_git_snap *snap, const struct wl_oid *tree,
		 const char *name, const struct wl_oid *base,
		 const struct wl_oid *others, size_t others_nr, long long now,
		 int offset, char **err)
{
	struct judge j;
	struct wl_source *src = wl_source_from_snap(h->git, snap, name);
	struct wl_diags cfgd = WL_DIAGS_INIT;
	struct wl_commit oc = WL_COMMIT_INIT;
	struct wl_oid oid;
	size_t i;
	int ret = -1;

	memset(&j, 0, sizeof(j));
	j.h = h;
	j.out = out;
	j.snap = snap;
	j.tree = tree;
	j.base = base;
	j.now = now;
	j.offset = offset;
	*err = NULL;
	if (wl_source_oid(src, WL_CONFIG_NAME, &oid) < 0) {
		out->skipped = 1;
		wl_source_free(src);
		return 0;
	}
	if (wl_repo_open_source(&j.repo, src, &cfgd, err) < 0) {
		/* A configuration or schema the version cannot be judged by
		 * is itself what is wrong with it. */
		if (!cfgd.nr)
			return -1;
		free(*err);
		*err = NULL;
		wl_diags_move(&out->diags, &cfgd);
		ret = 0;
		goto done;
	}
	wl_diags_move(&out->diags, &cfgd);
	read_settings(&j);
	if (out->diags.errors) {
		ret = 0;
		goto done;
	}
	j.others = wl_xcalloc(others_nr ? others_nr : 1, sizeof(*j.others));
	for (i = 0; i < others_nr; i++) {
		if (wl_git_commit(&oc, h->git, &others[i], err) < 0 ||
		    wl_git_snap_tree(&j.others[j.others_nr], h->git, &oc.tree,
				     err) < 0)
			goto done;
		j.others_nr++;
		wl_commit_release(&oc);
	}
	ret = judge_records(&j, err);
done:
	wl_diags_sort(&out->diags);
	out->failed = count_failed(&out->diags);
	for (i = 0; i < j.others_nr; i++)
		wl_git_snap_free(j.others[i]);
	free(j.others);
	wl_commit_release(&oc);
	wl_commit_release(&j.base_commit);
	wl_changes_release(&j.changes);
	wl_repo_free(j.repo);
	wl_diags_release(&cfgd);
	return ret;
}

/*
 * When the cache file fails under a judgement, the judgement is made
 * again with a cache in memory: the cache only ever makes it faster.
 */
static int retry_in_memory(struct wl_verdict *out, struct wl_hook *h,
			   char **err)
{
	if (!wl_cache_broken(h->cache))
		return 0;
	wl_cache_free(h->cache);
	h->cache = wl_cache_open(NULL);
	wl_verdict_release(out);
	free(*err);
	*err = NULL;
	return !wl_cache_broken(h->cache);
}

static int judge_index(struct wl_verdict *out, struct wl_hook *h,
		       const struct wl_oids *merging, long long now,
		       int offset, char **err);
static int judge_commit(struct wl_verdict *out, struct wl_hook *h,
			const struct wl_oid *id, char **err);

int wl_hook_judge_index(struct wl_verdict *out, struct wl_hook *h,
			const struct wl_oids *merging, long long now,
			int offset, char **err)
{
	int r = judge_index(out, h, merging, now, offset, err);

	if (r < 0 && retry_in_memory(out, h, err))
		r = judge_index(out, h, merging, now, offset, err);
	return r;
}

int wl_hook_judge_commit(struct wl_verdict *out, struct wl_hook *h,
			 const struct wl_oid *id, char **err)
{
	int r = judge_commit(out, h, id, err);

	if (r < 0 && retry_in_memory(out, h, err))
		r = judge_commit(out, h, id, err);
	return r;
}

static int judge_index(struct wl_verdict *out, struct wl_hook *h,
		       const struct wl_oids *merging, long long now,
		       int offset, char **err)
{
	struct wl_git_snap *snap = NULL;
	struct wl_oids merges = WL_OIDS_INIT;
	struct wl_oid head;
	size_t i;
	int r, ret;

	r = wl_git_head(&head, h->git, err);
	if (r < 0)
		return -1;
	if (wl_git_merge_heads(&merges, h->git, err) < 0)
		return -1;
	for (i = 0; merging && i < merging->nr; i++)
		wl_oids_add(&merges, &merging->v[i]);
	if (wl_git_snap_index(&snap, h->git, err) < 0) {
		wl_oids_release(&merges);
		return -1;
	}
	ret = judge(out, h, snap, NULL, "index", r ? NULL : &head, merges.v,
		    merges.nr, now, offset, err);
	wl_oids_release(&merges);
	return ret;
}

static int judge_commit(struct wl_verdict *out, struct wl_hook *h,
			const struct wl_oid *id, char **err)
{
	struct wl_commit c = WL_COMMIT_INIT;
	struct wl_git_snap *snap = NULL;
	char hex[WL_OID_HEXSZ + 1];
	int ret = -1;

	if (wl_git_commit(&c, h->git, id, err) < 0)
		return -1;
	if (wl_git_snap_tree(&snap, h->git, &c.tree, err) < 0)
		goto done;
	wl_oid_fmt(hex, id);
	ret = judge(out, h, snap, &c.tree, hex,
		    c.parents_nr ? &c.parents[0] : NULL,
		    c.parents_nr > 1 ? c.parents + 1 : NULL,
		    c.parents_nr > 1 ? c.parents_nr - 1 : 0, c.time, c.offset,
		    err);
done:
	wl_commit_release(&c);
	return ret;
}

int wl_hook_warn_only(struct wl_hook *h, const struct wl_oid *id)
{
	struct wl_commit c = WL_COMMIT_INIT;
	struct wl_git_snap *snap = NULL;
	struct wl_source *src = NULL;
	struct wl_config cfg = WL_CONFIG_INIT;
	struct wl_diags diags = WL_DIAGS_INIT;
	const struct wl_node *v;
	char *text = NULL, *err = NULL;
	size_t len;
	int ret = 0;

	if (wl_git_commit(&c, h->git, id, &err) < 0 ||
	    wl_git_snap_tree(&snap, h->git, &c.tree, &err) < 0)
		goto done;
	src = wl_source_from_snap(h->git, snap, "HEAD");
	snap = NULL;
	if (wl_source_read(src, WL_CONFIG_NAME, &text, &len, &err) < 0)
		goto done;
	if (wl_config_parse(&cfg, WL_CONFIG_NAME, text, len, &diags) == 0 &&
	    cfg.hooks && (v = wl_node_get(cfg.hooks, "warn-only")) &&
	    v->kind == WL_NODE_BOOL)
		ret = v->v.b;
	text = NULL; /* the configuration owns it */
done:
	free(text);
	free(err);
	wl_config_release(&cfg);
	wl_diags_release(&diags);
	wl_source_free(src);
	wl_git_snap_free(snap);
	wl_commit_release(&c);
	return ret;
}

int wl_ref_updates_add(struct wl_ref_updates *u, const char *old_hex,
		       const char *new_hex, const char *ref, char **err)
{
	struct wl_ref_update r;

	if (wl_oid_parse(&r.old_oid, old_hex) < 0 ||
	    wl_oid_parse(&r.new_oid, new_hex) < 0 || !*ref) {
		*err = wl_xprintf("not a reference update: '%s %s %s'",
				  old_hex, new_hex, ref);
		return -1;
	}
	r.ref = wl_xstrdup(ref);
	WL_ALLOC_GROW(u->v, u->nr + 1, u->alloc);
	u->v[u->nr++] = r;
	return 0;
}

void wl_ref_updates_release(struct wl_ref_updates *u)
{
	size_t i;

	for (i = 0; i < u->nr; i++)
		free(u->v[i].ref);
	free(u->v);
	memset(u, 0, sizeof(*u));
}

int wl_hook_push_commits(struct wl_oids *out, struct wl_hook *h,
			 const struct wl_ref_updates *u, int tip_only,
			 char **err)
{
	struct wl_oids tips = WL_OIDS_INIT;
	size_t i, k;
	int ret = -1;

	for (i = 0; i < u->nr; i++) {
		struct wl_oid c;
		int r;

		if (wl_oid_is_zero(&u->v[i].new_oid))
			continue;
		r = wl_git_peel(&c, h->git, &u->v[i].new_oid, err);
		if (r < 0)
			goto done;
		if (r)
			continue;
		for (k = 0; k < tips.nr; k++)
			if (!wl_oid_cmp(&tips.v[k], &c))
				break;
		if (k == tips.nr)
			wl_oids_add(&tips, &c);
	}
	if (tip_only) {
		for (i = 0; i < tips.nr; i++)
			wl_oids_add(out, &tips.v[i]);
		ret = 0;
	} else if (tips.nr) {
		ret = wl_git_new_commits(out, h->git, &tips, err);
	} else {
		ret = 0;
	}
done:
	wl_oids_release(&tips);
	return ret;
}
