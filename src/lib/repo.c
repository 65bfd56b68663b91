#include "repo.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "builtin.h"

#include "../banned.h"

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* A configuration or schema file over its limit: a finding at 1:1. */
static void over_limit(struct wl_diags *diags, const char *path,
		       const char *rule, size_t size, size_t max,
		       const char *key)
{
	if (key)
		wl_diags_add(diags, path, 1, 1, WL_SEV_ERROR, rule,
			     "file is %zu bytes, more than the limit of %zu (limits: %s)",
			     size, max, key);
	else
		wl_diags_add(diags, path, 1, 1, WL_SEV_ERROR, rule,
			     "file is %zu bytes, more than the limit of %zu",
			     size, max);
}

/* `--config FILE`: the user's choice of file, links followed. */
static int read_config_file(char **text, size_t *len, const char *path,
			    struct wl_diags *diags, char **err)
{
	const char *why;
	int ret = wl_read_at(text, len, AT_FDCWD, path, 0, WL_CONFIG_MAX_BYTES,
			     &why);

	if (ret == WL_READ_TOO_BIG)
		over_limit(diags, path, "config", *len, WL_CONFIG_MAX_BYTES,
			   NULL);
	else if (ret < 0)
		*err = wl_xprintf("cannot read '%s': %s", path, why);
	return ret;
}

static int load_config(struct wl_repo *repo, const struct wl_repo_opts *opts,
		       struct wl_diags *diags, char **err)
{
	char *text = NULL;
	size_t len = 0;
	int ret;

	if (opts->config_file) {
		if (read_config_file(&text, &len, opts->config_file, diags,
				     err) < 0)
			return -1;
		ret = wl_config_parse(&repo->cfg, opts->config_file, text,
				      len, diags);
		goto done;
	}
	ret = wl_source_read_max(repo->src, WL_CONFIG_NAME, WL_CONFIG_MAX_BYTES,
				 &text, &len, err);
	if (ret == WL_READ_TOO_BIG) {
		free(*err);
		*err = NULL;
		over_limit(diags, WL_CONFIG_NAME, "config", len,
			   WL_CONFIG_MAX_BYTES, NULL);
		return -1;
	}
	if (ret < 0) {
		if (repo->src && wl_source_kind(repo->src) != WL_SOURCE_WORKTREE) {
			/* A commit or index without a configuration: defaults. */
			free(*err);
			*err = NULL;
			wl_config_defaults(&repo->cfg);
			repo->cfg.path = wl_xstrdup(WL_CONFIG_NAME);
			repo->config_missing = 1;
			ret = 0;
			goto done;
		}
		return -1;
	}
	ret = wl_config_parse(&repo->cfg, WL_CONFIG_NAME, text, len, diags);
done:
	wl_source_set_max_bytes(repo->src, repo->cfg.file_bytes);
	return ret;
}

static int known_type(void *arg, const char *name)
{
	return wl_schema_set_type(arg, name) != NULL;
}

static int load_schemas(struct wl_repo *repo, struct wl_diags *diags,
			char **err)
{
	const struct wl_builtin *b;
	struct wl_pathlist files = WL_PATHLIST_INIT;
	size_t i, own = 0;
	int ret = 0;

	repo->schemas = wl_schema_set_new();
	wl_schema_set_limits(repo->schemas, &repo->cfg.schema_limits);
	for (b = wl_builtin_schemas; b->path; b++)
		if (wl_schema_set_add(repo->schemas, b->path, b->data, b->len,
				      1, diags) < 0)
			ret = -1;
	for (i = 0; i < repo->cfg.schemas_nr; i++) {
		if (wl_source_list(repo->src, repo->cfg.schemas[i], &files,
				   err) < 0) {
			ret = -1;
			goto done;
		}
	}
	wl_pathlist_sort_unique(&files);
	for (i = 0; i < files.nr; i++) {
		char *text;
		size_t len;

		if (!has_suffix(files.v[i], ".yaml") &&
		    !has_suffix(files.v[i], ".yml") &&
		    !has_suffix(files.v[i], ".json"))
			continue;
		/* One file past limits.files is refused, unread, with its
		 * diagnostic; the rest are not even looked at. */
		if (++own > repo->cfg.schema_limits.files) {
			wl_schema_set_add(repo->schemas, files.v[i], "", 0, 0,
					  diags);
			ret = -1;
			break;
		}
		switch (wl_source_read_max(repo->src, files.v[i],
					   repo->cfg.schema_limits.file_bytes,
					   &text, &len, err)) {
		case 0:
			break;
		case WL_READ_TOO_BIG:
			free(*err);
			*err = NULL;
			over_limit(diags, files.v[i], "schema", len,
				   repo->cfg.schema_limits.file_bytes,
				   "schema-bytes");
			ret = -1;
			continue;
		default:
			ret = -1;
			goto done;
		}
		/* What was compiled, for the caches keyed by it. */
		WL_ALLOC_GROW(repo->schema_files.v, repo->schema_files.nr + 1,
			      repo->schema_files.alloc);
		repo->schema_files.v[repo->schema_files.nr].path =
			wl_xstrdup(files.v[i]);
		wl_oid_hash(&repo->schema_files.v[repo->schema_files.nr++].oid,
			    text, len);
		if (wl_schema_set_add(repo->schemas, files.v[i], text, len, 0,
				      diags) < 0)
			ret = -1;
		free(text);
	}
	if (wl_schema_set_finish(repo->schemas, diags) < 0)
		ret = -1;
	else if (wl_rules_check_types(&repo->cfg.rules, known_type,
				      repo->schemas, repo->cfg.path, diags))
		ret = -1;
done:
	wl_pathlist_release(&files);
	return ret;
}

int wl_repo_open(struct wl_repo **out, const struct wl_repo_opts *opts,
		 struct wl_diags *diags, char **err)
{
	struct wl_repo *repo = wl_xcalloc(1, sizeof(*repo));
	const char *start = opts->dir ? opts->dir : ".";

	*out = NULL;
	*err = NULL;
	if (opts->kind != WL_SOURCE_WORKTREE) {
		/*
		 * The index and commits: the repository is the git
		 * repository around `start`, and .worklog.yaml is read from
		 * the source, so it need not exist on disk (nor is there a
		 * disk in a bare repository). A .worklog.yaml found on disk
		 * inside the working tree still marks the root.
		 */
		if (wl_config_find(&repo->root, start) < 0)
			repo->root = NULL;
		if (wl_source_open_git(&repo->src, opts->kind, start,
				       repo->root, opts->rev, err) < 0)
			goto fail;
		free(repo->root);
		repo->root = wl_xstrdup(wl_source_root(repo->src));
		goto load;
	}
	if (wl_config_find(&repo->root, start) < 0) {
		if (!opts->config_file) {
			*err = wl_xprintf("not a worklog repository: no %s in '%s' or any folder above it",
					  WL_CONFIG_NAME, start);
			goto fail;
		}
		repo->root = realpath(start, NULL);
		if (!repo->root) {
			*err = wl_xprintf("cannot use folder '%s': %s", start,
					  strerror(errno));
			goto fail;
		}
	}
	if (wl_source_open(&repo->src, opts->kind, repo->root, opts->rev,
			   err) < 0)
		goto fail;
load:
	if (load_config(repo, opts, diags, err) < 0)
		goto fail;
	if (load_schemas(repo, diags, err) < 0)
		goto fail;
	*out = repo;
	return 0;
fail:
	wl_repo_free(repo);
	return -1;
}

int wl_repo_open_source(struct wl_repo **out, struct wl_source *src,
			struct wl_diags *diags, char **err)
{
	struct wl_repo *repo = wl_xcalloc(1, sizeof(*repo));
	struct wl_repo_opts opts = WL_REPO_OPTS_INIT;

	*out = NULL;
	*err = NULL;
	repo->src = src;
	repo->root = wl_xstrdup(wl_source_root(src));
	opts.kind = wl_source_kind(src);
	if (load_config(repo, &opts, diags, err) < 0 ||
	    load_schemas(repo, diags, err) < 0) {
		wl_repo_free(repo);
		return -1;
	}
	*out = repo;
	return 0;
}

void wl_repo_free(struct wl_repo *repo)
{
	if (!repo)
		return;
	wl_schema_set_free(repo->schemas);
	wl_git_entries_release(&repo->schema_files);
	wl_config_release(&repo->cfg);
	wl_source_free(repo->src);
	free(repo->root);
	free(repo);
}

void wl_repo_set_source(struct wl_repo *repo, struct wl_source *src)
{
	if (repo->src == src)
		return;
	wl_source_free(repo->src);
	repo->src = src;
}

int wl_repo_rules_id(struct wl_oid *out, struct wl_source *src, char **err)
{
	struct wl_config cfg = WL_CONFIG_INIT;
	struct wl_diags diags = WL_DIAGS_INIT;
	struct wl_git_entries files = WL_GIT_ENTRIES_INIT;
	struct wl_buf all = WL_BUF_INIT;
	struct wl_oid oid;
	char hex[WL_OID_HEXSZ + 1];
	char *text = NULL;
	size_t i, len;
	int ret = -1;

	if (wl_source_oid(src, WL_CONFIG_NAME, &oid) < 0)
		return 1;
	wl_oid_fmt(hex, &oid);
	wl_buf_addf(&all, "config %s\n", hex);
	if (wl_source_read(src, WL_CONFIG_NAME, &text, &len, err) < 0)
		goto done;
	/* A configuration with errors still names its folders as far as it
	 * can; compiling it reports the errors. */
	wl_config_parse(&cfg, WL_CONFIG_NAME, text, len, &diags);
	text = NULL; /* the configuration owns it */
	for (i = 0; i < cfg.schemas_nr; i++) {
		wl_buf_addf(&all, "schemas %s\n", cfg.schemas[i]);
		if (wl_source_entries(src, cfg.schemas[i], &files, err) < 0)
			goto done;
	}
	for (i = 0; i < files.nr; i++) {
		wl_oid_fmt(hex, &files.v[i].oid);
		wl_buf_addf(&all, "%s %s\n", hex, files.v[i].path);
	}
	wl_oid_hash(out, all.buf, all.len);
	ret = 0;
done:
	free(text);
	wl_buf_release(&all);
	wl_git_entries_release(&files);
	wl_config_release(&cfg);
	wl_diags_release(&diags);
	return ret;
}

/*
 * Joins `cwd` and `arg` and removes `.` and `..` segments lexically (the
 * file may exist only in the index or a commit). Returns a new string.
 */
static char *normalize(const char *cwd, const char *arg)
{
	struct wl_buf in = WL_BUF_INIT, out = WL_BUF_INIT;
	const char *p;

	if (arg[0] != '/') {
		wl_buf_addstr(&in, cwd);
		wl_buf_addch(&in, '/');
	}
	wl_buf_addstr(&in, arg);
	p = in.buf;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);

		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* skip */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (out.len && out.buf[out.len - 1] != '/')
				out.len--;
			if (out.len)
				out.len--;
			out.buf[out.len] = '\0';
		} else {
			wl_buf_addch(&out, '/');
			wl_buf_add(&out, p, n);
		}
		if (!slash)
			break;
		p = slash + 1;
	}
	if (!out.len)
		wl_buf_addch(&out, '/');
	wl_buf_release(&in);
	return wl_buf_detach(&out, NULL);
}

/* Adds the records beneath folder `dir` ("" for the root). */
static int select_dir(struct wl_repo *repo, const char *dir,
		      struct wl_pathlist *out, char **err)
{
	struct wl_pathlist all = WL_PATHLIST_INIT;
	size_t i, found = 0;

	if (wl_source_list(repo->src, dir, &all, err) < 0)
		return -1;
	for (i = 0; i < all.nr; i++) {
		if (wl_config_is_record(&repo->cfg, all.v[i])) {
			wl_pathlist_add(out, all.v[i]);
			found++;
		}
	}
	if (!found)
		for (i = 0; i < all.nr; i++)
			if (has_suffix(all.v[i], ".md"))
				wl_pathlist_add(out, all.v[i]);
	wl_pathlist_release(&all);
	return 0;
}

int wl_repo_select(struct wl_repo *repo, const char *cwd, char **paths,
		   size_t nr, struct wl_pathlist *out, char **err)
{
	size_t i;
	int ret = 0;

	if (!nr) {
		struct wl_git_entries all = WL_GIT_ENTRIES_INIT;

		ret = wl_source_records(&all, repo->src, repo->cfg.records,
					repo->cfg.records_nr, 0, err);
		for (i = 0; i < all.nr; i++)
			wl_pathlist_add(out, all.v[i].path);
		wl_git_entries_release(&all);
		wl_pathlist_sort_unique(out);
		return ret;
	}
	for (i = 0; i < nr && !ret; i++) {
		char *rel;

		if (wl_repo_relative(&rel, repo, cwd, paths[i], err) < 0) {
			ret = -1;
			break;
		}
		if (!*rel || wl_source_is_dir(repo->src, rel))
			ret = select_dir(repo, rel, out, err);
		else
			wl_pathlist_add(out, rel);
		free(rel);
	}
	wl_pathlist_sort_unique(out);
	return ret;
}

int wl_repo_relative(char **out, const struct wl_repo *repo, const char *cwd,
		     const char *path, char **err)
{
	char *abs = normalize(cwd, path);
	size_t rootlen = strlen(repo->root);
	int ret = 0;

	*out = NULL;
	if (!strcmp(abs, repo->root)) {
		*out = wl_xstrdup("");
	} else if (!strncmp(abs, repo->root, rootlen) &&
		   (abs[rootlen] == '/' || rootlen == 1)) {
		*out = wl_xstrdup(abs + rootlen + (rootlen > 1));
	} else {
		*err = wl_xprintf("'%s' is outside the repository '%s'", path,
				  repo->root);
		ret = -1;
	}
	free(abs);
	return ret;
}

static void known_types(struct wl_buf *b, const struct wl_schema_set *set)
{
	size_t i, n = wl_schema_set_type_count(set);

	for (i = 0; i < n; i++) {
		if (i)
			wl_buf_addstr(b, ", ");
		wl_buf_addstr(b, wl_schema_set_type_at(set, i)->name);
	}
}

const struct wl_type *wl_repo_record_type(struct wl_repo *repo,
					  const struct wl_record *r,
					  struct wl_diags *diags)
{
	const char *name = wl_config_type_for(&repo->cfg, r->path);
	const struct wl_node *field = wl_node_get(r->doc.root, "type");
	const struct wl_type *t;
	struct wl_buf known = WL_BUF_INIT;
	int line = r->fm.yaml_line - 1, col = 1;

	if (!name) {
		if (!field) {
			wl_diags_add(diags, r->path, line, col, WL_SEV_ERROR,
				     "schema",
				     "missing 'type' field, and no 'types:' glob in %s matches this path",
				     WL_CONFIG_NAME);
			return NULL;
		}
		line = field->line;
		col = field->column;
		if (field->kind != WL_NODE_STRING) {
			wl_diags_add(diags, r->path, line, col, WL_SEV_ERROR,
				     "schema", "type: must be a string");
			return NULL;
		}
		name = field->str;
	}
	t = wl_schema_set_type(repo->schemas, name);
	if (t)
		return t;
	known_types(&known, repo->schemas);
	wl_diags_add(diags, r->path, line, col, WL_SEV_ERROR, "schema",
		     "type: unknown record type '%s' (known: %s)", name,
		     wl_buf_cstr(&known));
	wl_buf_release(&known);
	return NULL;
}

/*
 * The `worklog:` key holds settings for judging the record, not data of
 * it: it is taken out of the front matter the schemas and every later
 * reader see, and kept in r->settings (checked by the engine, lint.h).
 * So a team's own schemas need not allow it, even with
 * `additionalProperties: false` (VIOLATIONS.md).
 */
static void take_settings(struct wl_record *r)
{
	struct wl_node *old = r->doc.root, *root;
	size_t i, n = 0;

	for (i = 0; i < old->nr; i++)
		if (!strcmp(old->pairs[i].key->str, "worklog"))
			break;
	if (i == old->nr)
		return;
	r->settings = old->pairs[i].value;
	root = wl_arena_alloc(&r->doc.arena, sizeof(*root));
	*root = *old;
	root->pairs = wl_arena_alloc(&r->doc.arena,
				     (old->nr + 1) * sizeof(*root->pairs));
	for (i = 0; i < old->nr; i++)
		if (strcmp(old->pairs[i].key->str, "worklog"))
			root->pairs[n++] = old->pairs[i];
	root->nr = n;
	r->doc.root = root;
}

const struct wl_type *wl_repo_parse_record(struct wl_repo *repo,
					   struct wl_record *r,
					   const char *path, char *buf,
					   size_t len, struct wl_diags *diags)
{
	const struct wl_type *t;

	wl_record_parse(r, path, buf, len, &repo->cfg.limits, diags);
	if (!r->doc.root)
		return NULL;
	take_settings(r);
	t = wl_repo_record_type(repo, r, diags);
	/* The type is the record's metadata: its front matter stays as
	 * written, whatever its own `type:` field means. */
	r->type = t ? t->name : NULL;
	return t;
}

int wl_repo_validate_one(struct wl_repo *repo, const char *path,
			 struct wl_record *out, const struct wl_type **type,
			 struct wl_diags *diags, char **err)
{
	struct wl_record r = WL_RECORD_INIT;
	const struct wl_type *t;
	char *buf;
	size_t len, before;
	int ret;

	before = diags->nr;
	ret = wl_source_read(repo->src, path, &buf, &len, err);
	if (ret == WL_READ_TOO_BIG) {
		/* A finding, not trouble: the run goes on, nothing read. */
		free(*err);
		*err = NULL;
		wl_record_too_big(&r, path, len,
				  wl_source_max_bytes(repo->src), diags);
		t = NULL;
	} else if (ret < 0) {
		return -1;
	} else {
		t = wl_repo_parse_record(repo, &r, path, buf, len, diags);
	}
	if (t) {
		struct wl_rule_record in;
		struct wl_rules rules;

		/* validate's rules only, as `worklog validate` judges */
		wl_rules_select(&rules, &repo->cfg.rules, ~0u,
				WL_RULE_VALIDATE);
		memset(&in, 0, sizeof(in));
		in.rules = &rules;
		in.cfg = &repo->cfg;
		in.path = r.path;
		in.record = &r;
		in.type = t;
		wl_rules_run_record(diags, &in);
	}
	if (type)
		*type = t;
	if (diags->nr - before > WL_MAX_RECORD_DIAGS) {
		size_t more = diags->nr - before - WL_MAX_RECORD_DIAGS;

		/* One broken record must not bury the others' findings. */
		wl_diags_truncate(diags, before + WL_MAX_RECORD_DIAGS);
		wl_diags_add(diags, path, 1, 1, WL_SEV_ERROR, "schema",
			     "%zu more problems in this record are not shown",
			     more);
	}
	if (out)
		*out = r;
	else
		wl_record_release(&r);
	return 0;
}
