/*
 * Git access through libgit2. This is the one file that includes
 * <git2.h>: the source layer reads the index and commits' trees through
 * it, and the hooks list what a commit or a push changes. Keeping libgit2
 * here (instead of in source.c as well) means there is a single place
 * that knows how the environment of a hook selects the repository, the
 * index and the object stores.
 */
#include "git.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>

#include "util.h"

#include "../banned.h"

struct wl_git_trees;
static void trees_free(struct wl_git_trees *t);

struct wl_git {
	git_repository *repo;
	git_odb *odb;
	char *workdir;
	char *gitdir;
	char *commondir;
	/* A shallow clone's grafts ($GIT_COMMON_DIR/shallow): commits
	 * whose parents are not there, read once, sorted. */
	struct wl_oids shallow;
	int shallow_read;
	struct wl_git_trees *trees;   /* wl_git_diff_trees's cache */
};

struct wl_git_snap {
	struct wl_git *git;
	git_index *index;
	git_tree *tree;
};

static const char *git_message(void)
{
	const git_error *e = git_error_last();

	return e && e->message ? e->message : "unknown error";
}

static void to_git(git_oid *out, const struct wl_oid *oid)
{
	memcpy(out->id, oid->id, WL_OID_RAWSZ);
}

static void from_git(struct wl_oid *out, const git_oid *oid)
{
	memcpy(out->id, oid->id, WL_OID_RAWSZ);
}

void wl_oid_fmt(char out[WL_OID_HEXSZ + 1], const struct wl_oid *oid)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < WL_OID_RAWSZ; i++) {
		out[2 * i] = hex[oid->id[i] >> 4];
		out[2 * i + 1] = hex[oid->id[i] & 15];
	}
	out[WL_OID_HEXSZ] = '\0';
}

int wl_oid_parse(struct wl_oid *out, const char *hex)
{
	size_t i;

	for (i = 0; i < WL_OID_RAWSZ; i++) {
		int hi = wl_hex_digit(hex[2 * i]), lo;

		if (hi < 0)
			return -1;
		lo = wl_hex_digit(hex[2 * i + 1]);
		if (lo < 0)
			return -1;
		out->id[i] = (unsigned char)(hi << 4 | lo);
	}
	return hex[WL_OID_HEXSZ] ? -1 : 0;
}

int wl_oid_is_zero(const struct wl_oid *oid)
{
	size_t i;

	for (i = 0; i < WL_OID_RAWSZ; i++)
		if (oid->id[i])
			return 0;
	return 1;
}

int wl_oid_cmp(const struct wl_oid *a, const struct wl_oid *b)
{
	return memcmp(a->id, b->id, WL_OID_RAWSZ);
}

/* Sets libgit2 up for work that needs no repository open (hashing,
 * diffing and merging buffers); this reference is never dropped. */
static void lib_init(void)
{
	static int initialized;

	if (!initialized) {
		git_libgit2_init();
		initialized = 1;
	}
}

void wl_oid_hash(struct wl_oid *out, const void *data, size_t len)
{
	git_oid id;

	lib_init();
	if (git_odb_hash(&id, data, len, GIT_OBJECT_BLOB) < 0) {
		memset(out, 0, sizeof(*out));
		return;
	}
	from_git(out, &id);
}

void wl_oids_add(struct wl_oids *l, const struct wl_oid *oid)
{
	WL_ALLOC_GROW(l->v, l->nr + 1, l->alloc);
	l->v[l->nr++] = *oid;
}

void wl_oids_release(struct wl_oids *l)
{
	free(l->v);
	l->v = NULL;
	l->nr = l->alloc = 0;
}

static char *strip_slash(const char *path)
{
	size_t n = strlen(path);

	while (n > 1 && path[n - 1] == '/')
		n--;
	return wl_xstrndup(path, n);
}

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/*
 * Returns 1 if `a` and `b` name the same folder. (libgit2 1.5's
 * git_repository_set_workdir leaks when given the work tree it has.)
 */
static int same_dir(const char *a, const char *b)
{
	char *ra, *rb;
	int same;

	if (!a || !b)
		return 0;
	ra = realpath(a, NULL);
	rb = realpath(b, NULL);
	same = ra && rb && !strcmp(ra, rb);
	free(ra);
	free(rb);
	return same;
}

/*
 * libgit2 1.5 refuses GIT_REPOSITORY_OPEN_FROM_ENV when GIT_WORK_TREE or
 * GIT_COMMON_DIR is set ("unimplemented"), so then we do what it would
 * have done: open GIT_DIR (or search from `start`), then apply the work
 * tree, the index file and the object directories by hand. As in git,
 * GIT_WORK_TREE only counts together with GIT_DIR; GIT_COMMON_DIR
 * selects the objects (refs still come from the git directory's own
 * common folder, which is where git puts them for linked worktrees).
 */
static int open_by_hand(git_repository **out, const char *start)
{
	git_repository *repo = NULL;
	git_index *index = NULL;
	git_odb *odb = NULL;
	git_buf objects = GIT_BUF_INIT;
	const char *dir = env("GIT_DIR"), *wt = env("GIT_WORK_TREE");
	const char *common = env("GIT_COMMON_DIR");
	const char *objdir = env("GIT_OBJECT_DIRECTORY");
	const char *alts = env("GIT_ALTERNATE_OBJECT_DIRECTORIES");
	const char *across = env("GIT_DISCOVERY_ACROSS_FILESYSTEM");
	char *common_objects = NULL;
	unsigned flags = 0;
	int ret = -1;

	if (dir) {
		flags = GIT_REPOSITORY_OPEN_NO_SEARCH;
		if (git_repository_open_ext(&repo, dir, flags, NULL) < 0)
			goto done;
	} else {
		if (across && (!strcmp(across, "1") || !strcmp(across, "true")))
			flags |= GIT_REPOSITORY_OPEN_CROSS_FS;
		if (git_repository_open_ext(&repo, start ? start : ".", flags,
					    env("GIT_CEILING_DIRECTORIES")) < 0)
			goto done;
	}
	if (dir && wt && !same_dir(git_repository_workdir(repo), wt) &&
	    git_repository_set_workdir(repo, wt, 0) < 0)
		goto done;
	if (env("GIT_INDEX_FILE")) {
		if (git_index_open(&index, env("GIT_INDEX_FILE")) < 0 ||
		    git_repository_set_index(repo, index) < 0)
			goto done;
	}
	if (!objdir && common) {
		common_objects = wl_xprintf("%s/objects", common);
		objdir = common_objects;
	}
	if (objdir || alts) {
		if (!objdir) {
			int r = git_repository_item_path(&objects, repo,
					GIT_REPOSITORY_ITEM_OBJECTS);

			if (r < 0)
				goto done;
			objdir = objects.ptr;
		}
		if (git_odb_open(&odb, objdir) < 0)
			goto done;
		if (alts) {
			char *list = wl_xstrdup(alts), *p = list, *colon;

			for (; p; p = colon) {
				colon = strchr(p, ':');
				if (colon)
					*colon++ = '\0';
				if (*p)
					git_odb_add_disk_alternate(odb, p);
			}
			free(list);
		}
		if (git_repository_set_odb(repo, odb) < 0)
			goto done;
	}
	if (env("GIT_NAMESPACE") &&
	    git_repository_set_namespace(repo, env("GIT_NAMESPACE")) < 0)
		goto done;
	*out = repo;
	repo = NULL;
	ret = 0;
done:
	free(common_objects);
	git_buf_dispose(&objects);
	git_odb_free(odb);
	git_index_free(index);
	git_repository_free(repo);
	return ret;
}

int wl_git_open(struct wl_git **out, const char *start, char **err)
{
	struct wl_git *git = wl_xcalloc(1, sizeof(*git));
	int r, ret = -1;

	*out = NULL;
	git_libgit2_init();
	/* As git, trust the object store: checking every object's hash
	 * as it is read costs a tenth of reading the index. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	/* A history walk reads the trees and commits of every commit once;
	 * libgit2 would keep the small ones, up to 256 MiB (counted as
	 * their raw size: twice that in memory), so memory would grow with
	 * the commits. Keeping them costs a walk more than it saves. */
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)(4 << 20));
	/* Within that, keep folders of thousands of records parsed (no tree
	 * over 4 KiB is, by default): a push's judgement of a commit looks
	 * paths up in its tree and its parent's several times. */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE,
			 (size_t)(1 << 20));
	if (env("GIT_WORK_TREE") || env("GIT_COMMON_DIR"))
		r = open_by_hand(&git->repo, start);
	else
		r = git_repository_open_ext(&git->repo, start,
					    GIT_REPOSITORY_OPEN_FROM_ENV, NULL);
	if (r < 0) {
		if (r == GIT_ENOTFOUND) {
			*err = wl_xprintf("not a git repository: '%s'",
					  start ? start : ".");
			ret = WL_GIT_NO_REPO;
		} else {
			*err = wl_xprintf("cannot open the git repository at '%s': %s",
					  start ? start : ".", git_message());
		}
		goto fail;
	}
	if (git_repository_odb(&git->odb, git->repo) < 0) {
		*err = wl_xprintf("cannot open the object database: %s",
				  git_message());
		goto fail;
	}
	if (git_repository_workdir(git->repo))
		git->workdir = strip_slash(git_repository_workdir(git->repo));
	git->gitdir = strip_slash(git_repository_path(git->repo));
	git->commondir = strip_slash(git_repository_commondir(git->repo));
	*out = git;
	return 0;
fail:
	wl_git_free(git);
	return ret;
}

void wl_git_free(struct wl_git *git)
{
	if (!git)
		return;
	git_odb_free(git->odb);
	git_repository_free(git->repo);
	wl_oids_release(&git->shallow);
	trees_free(git->trees);
	free(git->workdir);
	free(git->gitdir);
	free(git->commondir);
	free(git);
	git_libgit2_shutdown();
}

const char *wl_git_workdir(const struct wl_git *git)
{
	return git->workdir;
}

const char *wl_git_gitdir(const struct wl_git *git)
{
	return git->gitdir;
}

const char *wl_git_commondir(const struct wl_git *git)
{
	return git->commondir;
}

/* A configuration value as text, or (`path`) as a path, ~/ expanded. */
static int config_get(char **out, struct wl_git *git, const char *key,
		      int path)
{
	git_config *cfg = NULL;
	git_buf buf = GIT_BUF_INIT;
	int r, ret = -1;

	*out = NULL;
	if (git_repository_config_snapshot(&cfg, git->repo) < 0)
		goto done;
	r = path ? git_config_get_path(&buf, cfg, key) :
		   git_config_get_string_buf(&buf, cfg, key);
	if (r == GIT_ENOTFOUND) {
		git_error_clear();
		ret = 1;
		goto done;
	}
	if (r < 0)
		goto done;
	*out = wl_xstrdup(buf.ptr);
	ret = 0;
done:
	git_buf_dispose(&buf);
	git_config_free(cfg);
	return ret;
}

int wl_git_config_path(char **out, struct wl_git *git, const char *key)
{
	return config_get(out, git, key, 1);
}

int wl_git_config_string(char **out, struct wl_git *git, const char *key)
{
	return config_get(out, git, key, 0);
}

void wl_git_authors_release(struct wl_git_authors *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++) {
		free(l->v[i].name);
		free(l->v[i].email);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static void add_author(struct wl_git_authors *l, const git_signature *sig)
{
	size_t i;

	if (!sig || !sig->email || !*sig->email)
		return;
	for (i = 0; i < l->nr; i++)
		if (!strcasecmp(l->v[i].email, sig->email))
			return;
	WL_ALLOC_GROW(l->v, l->nr + 1, l->alloc);
	l->v[l->nr].name = wl_xstrdup(sig->name ? sig->name : "");
	l->v[l->nr].email = wl_xstrdup(sig->email);
	l->nr++;
}

int wl_git_authors(struct wl_git_authors *out, struct wl_git *git, size_t max,
		   char **err)
{
	git_revwalk *walk = NULL;
	git_oid id;
	size_t seen = 0;
	int r, ret = -1;

	r = git_repository_head_unborn(git->repo);
	if (r == 1)
		return 0;
	if (r < 0 || git_revwalk_new(&walk, git->repo) < 0)
		goto fail;
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	if (git_revwalk_push_head(walk) < 0)
		goto fail;
	while (seen < max && !(r = git_revwalk_next(&id, walk))) {
		git_commit *c = NULL;

		if (git_commit_lookup(&c, git->repo, &id) < 0)
			goto fail;
		add_author(out, git_commit_author(c));
		git_commit_free(c);
		seen++;
	}
	if (seen < max && r != GIT_ITEROVER)
		goto fail;
	git_error_clear();
	ret = 0;
	goto done;
fail:
	*err = wl_xprintf("cannot list the commit authors: %s", git_message());
done:
	git_revwalk_free(walk);
	return ret;
}

int wl_git_read_blob(struct wl_git *git, const struct wl_oid *oid,
		     size_t max, char **buf, size_t *len, char **err)
{
	git_odb_object *obj = NULL;
	git_object_t type;
	git_oid id;
	char hex[WL_OID_HEXSZ + 1];
	size_t n;

	*buf = NULL;
	*len = 0;
	to_git(&id, oid);
	wl_oid_fmt(hex, oid);
	/* The header first: an over-size blob is never inflated. */
	if (git_odb_read_header(&n, &type, git->odb, &id) < 0) {
		*err = wl_xprintf("cannot read blob %s: %s", hex,
				  git_message());
		return -1;
	}
	if (type != GIT_OBJECT_BLOB) {
		*err = wl_xprintf("cannot read blob %s: not a blob", hex);
		return -1;
	}
	if (n > max) {
		*len = n;
		*err = wl_xprintf("cannot read blob %s: it is %zu bytes, more than the limit of %zu",
				  hex, n, max);
		return WL_READ_TOO_BIG;
	}
	if (git_odb_read(&obj, git->odb, &id) < 0) {
		*err = wl_xprintf("cannot read blob %s: %s", hex,
				  git_message());
		return -1;
	}
	n = git_odb_object_size(obj);
	*buf = wl_xmalloc(n + 1);
	memcpy(*buf, git_odb_object_data(obj), n);
	(*buf)[n] = '\0';
	*len = n;
	git_odb_object_free(obj);
	return 0;
}

static int cmp_oid(const void *a, const void *b)
{
	return wl_oid_cmp(a, b);
}

/* Reads the grafts of a shallow clone, once. */
static void read_shallow(struct wl_git *git)
{
	char *path, *text = NULL, *line, *end;
	size_t len;

	if (git->shallow_read)
		return;
	git->shallow_read = 1;
	path = wl_xprintf("%s/shallow", git->commondir);
	if (wl_read_file(&text, &len, path) == 0) {
		for (line = text; line < text + len; line = end + 1) {
			struct wl_oid oid;

			end = memchr(line, '\n', (size_t)(text + len - line));
			if (!end)
				end = text + len;
			if (end - line >= WL_OID_HEXSZ) {
				char hex[WL_OID_HEXSZ + 1];

				memcpy(hex, line, WL_OID_HEXSZ);
				hex[WL_OID_HEXSZ] = '\0';
				if (!wl_oid_parse(&oid, hex))
					wl_oids_add(&git->shallow, &oid);
			}
		}
		if (git->shallow.nr > 1)
			qsort(git->shallow.v, git->shallow.nr,
			      sizeof(*git->shallow.v), cmp_oid);
	}
	free(text);
	free(path);
}

/* Returns 1 if commit `id` is a graft of a shallow clone. */
static int is_graft(struct wl_git *git, const struct wl_oid *id)
{
	read_shallow(git);
	return git->shallow.nr &&
	       bsearch(id, git->shallow.v, git->shallow.nr,
		       sizeof(*git->shallow.v), cmp_oid) != NULL;
}

void wl_commit_release(struct wl_commit *c)
{
	free(c->parents);
	free(c->summary);
	free(c->author);
	free(c->email);
	c->parents = NULL;
	c->summary = NULL;
	c->author = NULL;
	c->email = NULL;
	c->parents_nr = 0;
}

int wl_git_commit(struct wl_commit *out, struct wl_git *git,
		  const struct wl_oid *id, char **err)
{
	git_commit *c = NULL;
	git_oid gid;
	char hex[WL_OID_HEXSZ + 1];
	const char *summary;
	const git_signature *sig;
	size_t i;

	to_git(&gid, id);
	if (git_commit_lookup(&c, git->repo, &gid) < 0) {
		wl_oid_fmt(hex, id);
		*err = wl_xprintf("cannot read commit %s: %s", hex,
				  git_message());
		return -1;
	}
	out->id = *id;
	from_git(&out->tree, git_commit_tree_id(c));
	/* A shallow clone's graft has no parents, as git shows it. */
	out->parents_nr = is_graft(git, id) ? 0 : git_commit_parentcount(c);
	out->parents = wl_xcalloc(out->parents_nr ? out->parents_nr : 1,
				  sizeof(*out->parents));
	for (i = 0; i < out->parents_nr; i++)
		from_git(&out->parents[i],
			 git_commit_parent_id(c, (unsigned)i));
	out->time = (long long)git_commit_time(c);
	out->offset = git_commit_time_offset(c);
	summary = git_commit_summary(c);
	out->summary = wl_xstrdup(summary ? summary : "");
	sig = git_commit_author(c);
	out->author = wl_xstrdup(sig && sig->name ? sig->name : "");
	out->email = wl_xstrdup(sig && sig->email ? sig->email : "");
	out->author_time = sig ? (long long)sig->when.time : out->time;
	out->author_offset = sig ? sig->when.offset : out->offset;
	git_commit_free(c);
	return 0;
}

int wl_git_resolve(struct wl_oid *out, struct wl_git *git, const char *rev,
		   char **err)
{
	git_object *obj = NULL, *commit = NULL;

	if (git_revparse_single(&obj, git->repo, rev) < 0) {
		*err = wl_xprintf("unknown revision '%s': %s", rev,
				  git_message());
		return -1;
	}
	if (git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) < 0) {
		*err = wl_xprintf("revision '%s' is not a commit", rev);
		git_object_free(obj);
		return -1;
	}
	from_git(out, git_object_id(commit));
	git_object_free(commit);
	git_object_free(obj);
	return 0;
}

int wl_git_peel(struct wl_oid *out, struct wl_git *git, const struct wl_oid *id,
		char **err)
{
	git_object *obj = NULL, *commit = NULL;
	git_oid gid;
	char hex[WL_OID_HEXSZ + 1];
	int ret = 0;

	to_git(&gid, id);
	if (git_object_lookup(&obj, git->repo, &gid, GIT_OBJECT_ANY) < 0) {
		wl_oid_fmt(hex, id);
		*err = wl_xprintf("cannot read object %s: %s", hex,
				  git_message());
		return -1;
	}
	if (git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) < 0) {
		git_error_clear();
		ret = 1;
	} else {
		from_git(out, git_object_id(commit));
	}
	git_object_free(commit);
	git_object_free(obj);
	return ret;
}

int wl_git_head(struct wl_oid *out, struct wl_git *git, char **err)
{
	git_oid id;
	int r = git_repository_head_unborn(git->repo);

	if (r == 1)
		return 1;
	if (r < 0 || git_reference_name_to_id(&id, git->repo, "HEAD") < 0) {
		*err = wl_xprintf("cannot read HEAD: %s", git_message());
		return -1;
	}
	from_git(out, &id);
	return 0;
}

static int add_fetch_head(const char *ref, const char *url,
			  const git_oid *id, unsigned int is_merge, void *data)
{
	struct wl_oid oid;

	if (is_merge) {
		from_git(&oid, id);
		wl_oids_add(data, &oid);
	}
	return 0;
}

/* A missing FETCH_HEAD or MERGE_HEAD is an empty list. */
static int heads_result(int r, const char *file, char **err)
{
	if (r == GIT_ENOTFOUND) {
		git_error_clear();
		return 0;
	}
	if (r < 0) {
		*err = wl_xprintf("cannot read %s: %s", file, git_message());
		return -1;
	}
	return 0;
}

int wl_git_fetch_heads(struct wl_oids *out, struct wl_git *git, char **err)
{
	return heads_result(git_repository_fetchhead_foreach(git->repo,
							     add_fetch_head,
							     out),
			    "FETCH_HEAD", err);
}

static int add_merge_head(const git_oid *id, void *data)
{
	struct wl_oid oid;

	from_git(&oid, id);
	wl_oids_add(data, &oid);
	return 0;
}

int wl_git_merge_heads(struct wl_oids *out, struct wl_git *git, char **err)
{
	return heads_result(git_repository_mergehead_foreach(git->repo,
							     add_merge_head,
							     out),
			    "MERGE_HEAD", err);
}

int wl_git_new_commits(struct wl_oids *out, struct wl_git *git,
		       const struct wl_oids *tips, char **err)
{
	git_revwalk *walk = NULL;
	git_reference_iterator *it = NULL;
	git_reference *ref;
	git_oid id;
	size_t i;
	int r, ret = -1;

	if (git_revwalk_new(&walk, git->repo) < 0)
		goto fail;
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	for (i = 0; i < tips->nr; i++) {
		to_git(&id, &tips->v[i]);
		if (git_revwalk_push(walk, &id) < 0)
			goto fail;
	}
	/* --not --all: every reference and HEAD, peeled to commits. */
	if (git_reference_iterator_new(&it, git->repo) < 0)
		goto fail;
	while (!git_reference_next(&ref, it)) {
		git_object *obj = NULL;

		if (!git_reference_peel(&obj, ref, GIT_OBJECT_COMMIT))
			git_revwalk_hide(walk, git_object_id(obj));
		git_object_free(obj);
		git_reference_free(ref);
	}
	if (!git_reference_name_to_id(&id, git->repo, "HEAD"))
		git_revwalk_hide(walk, &id);
	git_error_clear();
	while (!(r = git_revwalk_next(&id, walk))) {
		struct wl_oid oid;

		from_git(&oid, &id);
		wl_oids_add(out, &oid);
	}
	if (r != GIT_ITEROVER)
		goto fail;
	ret = 0;
	goto done;
fail:
	*err = wl_xprintf("cannot list the new commits: %s", git_message());
done:
	git_reference_iterator_free(it);
	git_revwalk_free(walk);
	return ret;
}

/*
 * The commits of a walk. libgit2's revwalk cannot walk a shallow clone
 * (it looks for the parents the graft cut off), so the walk is done
 * here: list the commits, then order them parents first.
 */
struct walk_commit {
	struct wl_oid id;
	long long time;
	struct wl_oid *parents;     /* their ids while listing */
	size_t parents_nr;
	size_t waiting;             /* parents not ordered yet */
	size_t *children;
	size_t children_nr, children_alloc;
};

struct walk {
	struct wl_git *git;
	int first_parent;
	struct walk_commit *v;
	size_t nr, alloc;
	size_t *slots;              /* index + 1, by id */
	size_t mask;
	struct wl_oids hidden;      /* sorted: what A reaches in A..B */
};

static uint64_t oid_key(const struct wl_oid *oid)
{
	uint64_t k;

	memcpy(&k, oid->id, sizeof(k));
	return k;
}

static size_t walk_slot(const struct walk *w, const struct wl_oid *id)
{
	size_t i = (size_t)oid_key(id) & w->mask;

	while (w->slots[i] && wl_oid_cmp(&w->v[w->slots[i] - 1].id, id))
		i = (i + 1) & w->mask;
	return i;
}

static void walk_grow(struct walk *w)
{
	size_t i, size = w->mask ? 2 * (w->mask + 1) : 1024;

	if (w->mask && 2 * (w->nr + 1) <= w->mask + 1)
		return;
	free(w->slots);
	w->slots = wl_xcalloc(size, sizeof(*w->slots));
	w->mask = size - 1;
	for (i = 0; i < w->nr; i++)
		w->slots[walk_slot(w, &w->v[i].id)] = i + 1;
}

/* Reads commit `id`'s time and parents (none for a graft). */
static int walk_read(struct walk_commit *c, struct wl_git *git,
		     const struct wl_oid *id, int first_parent)
{
	git_commit *gc = NULL;
	git_oid gid;
	size_t i, n;

	to_git(&gid, id);
	if (git_commit_lookup(&gc, git->repo, &gid) < 0)
		return -1;
	memset(c, 0, sizeof(*c));
	c->id = *id;
	c->time = (long long)git_commit_time(gc);
	n = is_graft(git, id) ? 0 : git_commit_parentcount(gc);
	if (first_parent && n > 1)
		n = 1;
	c->parents = wl_xcalloc(n + 1, sizeof(*c->parents));
	for (i = 0; i < n; i++)
		from_git(&c->parents[i], git_commit_parent_id(gc, (unsigned)i));
	c->parents_nr = n;
	git_commit_free(gc);
	return 0;
}

static int hidden(const struct walk *w, const struct wl_oid *id)
{
	return w->hidden.nr && bsearch(id, w->hidden.v, w->hidden.nr,
				       sizeof(*w->hidden.v), cmp_oid);
}

/* Lists what `tip` reaches (every parent when `all`), less the hidden;
 * `w` keeps the commits. Returns 0 or -1. */
static int walk_list(struct walk *w, const struct wl_oid *tip, int all)
{
	struct wl_oids todo = WL_OIDS_INIT;
	int ret = 0;

	wl_oids_add(&todo, tip);
	while (todo.nr && !ret) {
		struct wl_oid id = todo.v[--todo.nr];
		struct walk_commit *c;
		size_t i;

		if (hidden(w, &id))
			continue;
		walk_grow(w);
		i = walk_slot(w, &id);
		if (w->slots[i])
			continue;
		WL_ALLOC_GROW(w->v, w->nr + 1, w->alloc);
		c = &w->v[w->nr];
		if (walk_read(c, w->git, &id, all ? 0 : w->first_parent) < 0) {
			ret = -1;
			break;
		}
		w->slots[i] = ++w->nr;
		for (i = c->parents_nr; i-- > 0;)
			wl_oids_add(&todo, &c->parents[i]);
	}
	wl_oids_release(&todo);
	return ret;
}

static void walk_release(struct walk *w)
{
	size_t i;

	for (i = 0; i < w->nr; i++) {
		free(w->v[i].parents);
		free(w->v[i].children);
	}
	free(w->v);
	free(w->slots);
	wl_oids_release(&w->hidden);
	memset(w, 0, sizeof(*w));
}

/* A min-heap of commit indices by time, then by listing order. */
static int heap_less(const struct walk *w, size_t a, size_t b)
{
	return w->v[a].time != w->v[b].time ? w->v[a].time < w->v[b].time :
					      a > b;
}

static void heap_push(size_t *heap, size_t *n, const struct walk *w, size_t x)
{
	size_t i = (*n)++;

	while (i && heap_less(w, x, heap[(i - 1) / 2])) {
		heap[i] = heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	heap[i] = x;
}

static size_t heap_pop(size_t *heap, size_t *n, const struct walk *w)
{
	size_t top = heap[0], x = heap[--*n], i = 0;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= *n)
			break;
		if (c + 1 < *n && heap_less(w, heap[c + 1], heap[c]))
			c++;
		if (!heap_less(w, heap[c], x))
			break;
		heap[i] = heap[c];
		i = c;
	}
	if (*n)
		heap[i] = x;
	return top;
}

/* Appends the listed commits to `out`, parents first, the oldest ready
 * one each time. */
static void walk_order(struct walk *w, struct wl_oids *out)
{
	size_t *heap = wl_xcalloc(w->nr + 1, sizeof(*heap));
	size_t i, k, n = 0;

	for (i = 0; i < w->nr; i++) {
		struct walk_commit *c = &w->v[i];

		for (k = 0; k < c->parents_nr; k++) {
			size_t p = w->slots[walk_slot(w, &c->parents[k])];

			if (!p)
				continue;
			c->waiting++;
			WL_ALLOC_GROW(w->v[p - 1].children,
				      w->v[p - 1].children_nr + 1,
				      w->v[p - 1].children_alloc);
			w->v[p - 1].children[w->v[p - 1].children_nr++] = i;
		}
	}
	for (i = 0; i < w->nr; i++)
		if (!w->v[i].waiting)
			heap_push(heap, &n, w, i);
	while (n) {
		struct walk_commit *c = &w->v[heap_pop(heap, &n, w)];

		wl_oids_add(out, &c->id);
		for (k = 0; k < c->children_nr; k++)
			if (!--w->v[c->children[k]].waiting)
				heap_push(heap, &n, w, c->children[k]);
	}
	free(heap);
}

/* Hides what `base` reaches, by any parent, from the walk. */
static int walk_hide(struct walk *w, const struct wl_oid *base)
{
	size_t i;

	if (walk_list(w, base, 1) < 0)
		return -1;
	for (i = 0; i < w->nr; i++) {
		wl_oids_add(&w->hidden, &w->v[i].id);
		free(w->v[i].parents);
		free(w->v[i].children);
	}
	qsort(w->hidden.v, w->hidden.nr, sizeof(*w->hidden.v), cmp_oid);
	w->nr = 0;
	if (w->slots)
		memset(w->slots, 0, (w->mask + 1) * sizeof(*w->slots));
	return 0;
}

/* Resolves one side of a range ("" is HEAD). */
static int range_side(struct wl_oid *out, struct wl_git *git, const char *rev,
		      size_t len, char **err)
{
	char *name = len ? wl_xstrndup(rev, len) : wl_xstrdup("HEAD");
	int ret = wl_git_resolve(out, git, name, err);

	free(name);
	return ret;
}

int wl_git_walk(struct wl_oids *out, struct wl_git *git, const char *range,
		unsigned flags, char **err)
{
	struct walk w;
	const char *dots = range ? strstr(range, "..") : NULL;
	struct wl_oid tip, base;
	int ret = -1;

	memset(&w, 0, sizeof(w));
	w.git = git;
	w.first_parent = (flags & WL_GIT_WALK_FIRST_PARENT) != 0;
	if (!range && git_repository_head_unborn(git->repo) == 1)
		return 0;
	if (dots && dots[2] == '.') {
		*err = wl_xprintf("'%s' is not a range this command takes (REV or A..B)",
				  range);
		return -1;
	}
	if (!range)
		range = "";
	if (range_side(&tip, git, dots ? dots + 2 : range,
		       strlen(dots ? dots + 2 : range), err) < 0 ||
	    (dots && range_side(&base, git, range, (size_t)(dots - range),
				err) < 0))
		return -1;
	if ((dots && walk_hide(&w, &base) < 0) || walk_list(&w, &tip, 0) < 0)
		goto fail;
	walk_order(&w, out);
	ret = 0;
	goto done;
fail:
	*err = wl_xprintf("cannot walk the commits: %s", git_message());
done:
	walk_release(&w);
	return ret;
}

int wl_git_is_shallow(struct wl_git *git)
{
	return git_repository_is_shallow(git->repo) == 1;
}

int wl_git_merge_base(struct wl_oid *out, struct wl_git *git,
		      const struct wl_oid *a, const struct wl_oid *b,
		      char **err)
{
	git_oid ga, gb, base;
	int r;

	to_git(&ga, a);
	to_git(&gb, b);
	r = git_merge_base(&base, git->repo, &ga, &gb);
	if (r == GIT_ENOTFOUND) {
		git_error_clear();
		return 1;
	}
	if (r < 0) {
		*err = wl_xprintf("cannot find a merge base: %s",
				  git_message());
		return -1;
	}
	from_git(out, &base);
	return 0;
}

int wl_git_has(struct wl_git *git, const struct wl_oid *oid)
{
	git_oid id;

	to_git(&id, oid);
	return git_odb_exists(git->odb, &id) == 1;
}

int wl_git_snap_index(struct wl_git_snap **out, struct wl_git *git,
		      char **err)
{
	struct wl_git_snap *snap;
	git_index *index = NULL;

	*out = NULL;
	if (git_repository_is_bare(git->repo)) {
		*err = wl_xstrdup("a bare repository has no index");
		return -1;
	}
	if (git_repository_index(&index, git->repo) < 0 ||
	    git_index_read(index, 0) < 0) {
		*err = wl_xprintf("cannot read the index: %s", git_message());
		git_index_free(index);
		return -1;
	}
	snap = wl_xcalloc(1, sizeof(*snap));
	snap->git = git;
	snap->index = index;
	*out = snap;
	return 0;
}

int wl_git_snap_tree(struct wl_git_snap **out, struct wl_git *git,
		     const struct wl_oid *tree, char **err)
{
	struct wl_git_snap *snap;
	git_tree *t = NULL;
	git_oid id;
	char hex[WL_OID_HEXSZ + 1];

	*out = NULL;
	to_git(&id, tree);
	if (git_tree_lookup(&t, git->repo, &id) < 0) {
		wl_oid_fmt(hex, tree);
		*err = wl_xprintf("cannot read tree %s: %s", hex,
				  git_message());
		return -1;
	}
	snap = wl_xcalloc(1, sizeof(*snap));
	snap->git = git;
	snap->tree = t;
	*out = snap;
	return 0;
}

void wl_git_snap_free(struct wl_git_snap *snap)
{
	if (!snap)
		return;
	git_index_free(snap->index);
	git_tree_free(snap->tree);
	free(snap);
}

int wl_git_snap_tree_id(const struct wl_git_snap *snap, struct wl_oid *out)
{
	if (!snap->tree)
		return -1;
	from_git(out, git_tree_id(snap->tree));
	return 0;
}

int wl_git_snap_is_index(const struct wl_git_snap *snap)
{
	return snap->index != NULL;
}

void wl_git_entries_release(struct wl_git_entries *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		free(l->v[i].path);
	free(l->v);
	l->v = NULL;
	l->nr = l->alloc = 0;
}

static void add_entry(struct wl_git_entries *l, char *path, const git_oid *id)
{
	WL_ALLOC_GROW(l->v, l->nr + 1, l->alloc);
	l->v[l->nr].path = path;
	from_git(&l->v[l->nr].oid, id);
	l->nr++;
}

static int regular_mode(unsigned mode)
{
	return mode == GIT_FILEMODE_BLOB ||
	       mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

static int usable_index_entry(const git_index_entry *e)
{
	return GIT_INDEX_ENTRY_STAGE(e) == 0 && regular_mode(e->mode) &&
	       !(e->flags_extended & GIT_INDEX_ENTRY_INTENT_TO_ADD);
}

static int list_index(struct wl_git_snap *snap, const char *dir,
		      struct wl_git_entries *out)
{
	const git_index_entry *e;
	size_t i, n = git_index_entrycount(snap->index), pos, plen;
	char *prefix;

	if (!*dir) {
		for (i = 0; i < n; i++) {
			e = git_index_get_byindex(snap->index, i);
			if (usable_index_entry(e))
				add_entry(out, wl_xstrdup(e->path), &e->id);
		}
		return 0;
	}
	e = git_index_get_bypath(snap->index, dir, 0);
	if (e) {
		if (usable_index_entry(e))
			add_entry(out, wl_xstrdup(e->path), &e->id);
		return 0;
	}
	git_error_clear();
	prefix = wl_xprintf("%s/", dir);
	plen = strlen(prefix);
	if (git_index_find_prefix(&pos, snap->index, prefix) < 0) {
		git_error_clear();
		free(prefix);
		return 0;
	}
	for (i = pos; i < n; i++) {
		e = git_index_get_byindex(snap->index, i);
		if (strncmp(e->path, prefix, plen))
			break;
		if (usable_index_entry(e))
			add_entry(out, wl_xstrdup(e->path), &e->id);
	}
	free(prefix);
	return 0;
}

struct walk_data {
	struct wl_git_entries *out;
	const char *prefix;
};

static int walk_cb(const char *root, const git_tree_entry *entry, void *data)
{
	struct walk_data *w = data;

	if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB ||
	    !regular_mode(git_tree_entry_filemode(entry)))
		return 0;
	add_entry(w->out, wl_xprintf("%s%s%s", w->prefix, root,
				     git_tree_entry_name(entry)),
		  git_tree_entry_id(entry));
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct wl_git_entry *)a)->path,
		      ((const struct wl_git_entry *)b)->path);
}

static int list_tree(struct wl_git_snap *snap, const char *dir,
		     struct wl_git_entries *out, char **err)
{
	git_tree_entry *te = NULL;
	git_tree *sub = NULL;
	struct walk_data w = { out, "" };
	char *prefix = NULL;
	size_t first = out->nr;
	int ret = 0;

	if (!*dir) {
		sub = snap->tree;
	} else {
		if (git_tree_entry_bypath(&te, snap->tree, dir) < 0) {
			git_error_clear();
			return 0;
		}
		if (git_tree_entry_type(te) == GIT_OBJECT_BLOB) {
			if (regular_mode(git_tree_entry_filemode(te)))
				add_entry(out, wl_xstrdup(dir),
					  git_tree_entry_id(te));
			goto done;
		}
		if (git_tree_entry_type(te) != GIT_OBJECT_TREE)
			goto done;
		if (git_tree_lookup(&sub, snap->git->repo,
				    git_tree_entry_id(te)) < 0) {
			*err = wl_xprintf("cannot read folder '%s': %s", dir,
					  git_message());
			ret = -1;
			goto done;
		}
		prefix = wl_xprintf("%s/", dir);
		w.prefix = prefix;
	}
	if (git_tree_walk(sub, GIT_TREEWALK_PRE, walk_cb, &w) < 0) {
		*err = wl_xprintf("cannot read folder '%s': %s",
				  *dir ? dir : ".", git_message());
		ret = -1;
	}
	if (out->nr > first)
		qsort(out->v + first, out->nr - first, sizeof(*out->v),
		      cmp_entry);
done:
	if (sub != snap->tree)
		git_tree_free(sub);
	git_tree_entry_free(te);
	free(prefix);
	return ret;
}

int wl_git_snap_list(struct wl_git_snap *snap, const char *dir,
		     struct wl_git_entries *out, char **err)
{
	if (snap->index)
		return list_index(snap, dir, out);
	return list_tree(snap, dir, out, err);
}

int wl_git_snap_find(struct wl_git_snap *snap, const char *path,
		     struct wl_oid *oid)
{
	if (!*path)
		return 1;
	if (snap->index) {
		const git_index_entry *e = git_index_get_bypath(snap->index,
								path, 0);
		char *prefix;
		size_t pos;
		int r;

		if (e) {
			if (!usable_index_entry(e))
				return -1;
			from_git(oid, &e->id);
			return 0;
		}
		prefix = wl_xprintf("%s/", path);
		r = git_index_find_prefix(&pos, snap->index, prefix);
		free(prefix);
		git_error_clear();
		return r < 0 ? -1 : 1;
	} else {
		git_tree_entry *te = NULL;
		int ret = -1;

		if (git_tree_entry_bypath(&te, snap->tree, path) < 0) {
			git_error_clear();
			return -1;
		}
		if (git_tree_entry_type(te) == GIT_OBJECT_TREE) {
			ret = 1;
		} else if (git_tree_entry_type(te) == GIT_OBJECT_BLOB &&
			   regular_mode(git_tree_entry_filemode(te))) {
			from_git(oid, git_tree_entry_id(te));
			ret = 0;
		}
		git_tree_entry_free(te);
		return ret;
	}
}

void wl_changes_release(struct wl_changes *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		free(l->v[i].path);
	free(l->v);
	l->v = NULL;
	l->nr = l->alloc = 0;
}

static void add_change(struct wl_changes *l, const char *path,
		       enum wl_change_kind kind, const git_oid *old,
		       const git_oid *new)
{
	struct wl_change *c;

	WL_ALLOC_GROW(l->v, l->nr + 1, l->alloc);
	c = &l->v[l->nr++];
	memset(c, 0, sizeof(*c));
	c->path = wl_xstrdup(path);
	c->kind = kind;
	if (old)
		from_git(&c->old_oid, old);
	if (new)
		from_git(&c->new_oid, new);
}

static int cmp_change(const void *a, const void *b)
{
	const struct wl_change *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	/* A file that became a link and back: deleted before added. */
	return c ? c : (int)y->kind - (int)x->kind;
}

int wl_git_diff(struct wl_changes *out, struct wl_git *git,
		const struct wl_oid *old_tree, struct wl_git_snap *snap,
		char **err)
{
	git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
	git_diff *diff = NULL;
	git_tree *old = NULL;
	git_oid id;
	size_t i, n;

	if (!snap->index) {
		/* Folder by folder: libgit2's diff lists every path of each
		 * folder that changed, many times slower on a push of
		 * thousands of commits. */
		struct wl_oid new_tree;

		from_git(&new_tree, git_tree_id(snap->tree));
		return wl_git_diff_trees(out, git, old_tree, &new_tree, NULL, 0,
					 err);
	}
	opts.flags = GIT_DIFF_SKIP_BINARY_CHECK;
	opts.ignore_submodules = GIT_SUBMODULE_IGNORE_ALL;
	if (old_tree) {
		to_git(&id, old_tree);
		if (git_tree_lookup(&old, git->repo, &id) < 0)
			goto fail;
	}
	if (git_diff_tree_to_index(&diff, git->repo, old, snap->index,
				   &opts) < 0)
		goto fail;
	n = git_diff_num_deltas(diff);
	for (i = 0; i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		int was = regular_mode(d->old_file.mode);
		int is = regular_mode(d->new_file.mode);

		/* An intent-to-add entry is not in the next commit. */
		if (is && snap->index && d->status != GIT_DELTA_DELETED) {
			const git_index_entry *e = git_index_get_bypath(
				snap->index, d->new_file.path, 0);

			is = e && usable_index_entry(e);
			if (!is && d->status == GIT_DELTA_ADDED)
				continue;
		}

		switch (d->status) {
		case GIT_DELTA_ADDED:
			if (is)
				add_change(out, d->new_file.path,
					   WL_CHANGE_ADDED, NULL,
					   &d->new_file.id);
			break;
		case GIT_DELTA_DELETED:
			if (was)
				add_change(out, d->old_file.path,
					   WL_CHANGE_DELETED, &d->old_file.id,
					   NULL);
			break;
		case GIT_DELTA_MODIFIED:
		case GIT_DELTA_TYPECHANGE:
			if (was && is) {
				if (!git_oid_equal(&d->old_file.id,
						   &d->new_file.id))
					add_change(out, d->new_file.path,
						   WL_CHANGE_MODIFIED,
						   &d->old_file.id,
						   &d->new_file.id);
			} else if (was) {
				add_change(out, d->old_file.path,
					   WL_CHANGE_DELETED, &d->old_file.id,
					   NULL);
			} else if (is) {
				add_change(out, d->new_file.path,
					   WL_CHANGE_ADDED, NULL,
					   &d->new_file.id);
			}
			break;
		default:
			break;
		}
	}
	if (out->nr)
		qsort(out->v, out->nr, sizeof(*out->v), cmp_change);
	git_diff_free(diff);
	git_tree_free(old);
	return 0;
fail:
	*err = wl_xprintf("cannot compare with the previous version: %s",
			  git_message());
	git_diff_free(diff);
	git_tree_free(old);
	return -1;
}

/*
 * wl_git_diff_trees reads trees as git does: the raw object, entry by
 * entry ("MODE NAME\0" and 20 bytes of id), without building libgit2's
 * tree objects. A walk compares each commit with its parent, so the trees
 * a commit reads are those the one before it read: the last few are kept
 * (struct wl_git's tree cache), each read once.
 */
struct raw_entry {
	unsigned mode;
	const char *name;
	size_t len;
	const unsigned char *id;
};

/* Reads the entry at *p of a tree ending at `end`. Returns 1, 0 at the
 * end, -1 if the tree is damaged. */
static int raw_next(struct raw_entry *e, const unsigned char **p,
		    const unsigned char *end)
{
	const unsigned char *q = *p, *nul;
	unsigned mode = 0;

	if (q >= end)
		return 0;
	while (q < end && *q >= '0' && *q <= '7' && mode < 010000000)
		mode = mode * 8 + (unsigned)(*q++ - '0');
	if (q >= end || *q++ != ' ')
		return -1;
	nul = memchr(q, '\0', (size_t)(end - q));
	if (!nul || nul == q || end - nul - 1 < WL_OID_RAWSZ)
		return -1;
	e->mode = mode;
	e->name = (const char *)q;
	e->len = (size_t)(nul - q);
	e->id = nul + 1;
	*p = nul + 1 + WL_OID_RAWSZ;
	return 1;
}

static int raw_is_tree(const struct raw_entry *e)
{
	return (e->mode & 0170000) == 040000;
}

/* Git's order of tree entries: by name, a folder's with a final '/'. */
static int raw_cmp(const struct raw_entry *a, const struct raw_entry *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->name, b->name, n);
	unsigned char x, y;

	if (c)
		return c;
	x = n < a->len ? (unsigned char)a->name[n] : raw_is_tree(a) ? '/' : 0;
	y = n < b->len ? (unsigned char)b->name[n] : raw_is_tree(b) ? '/' : 0;
	return (int)x - (int)y;
}

/* Trees kept for the next comparison; the oldest use goes first. */
#define TREE_CACHE 64

struct tree_slot {
	git_oid id;
	git_odb_object *obj;
	unsigned long used;
};

struct wl_git_trees {
	struct tree_slot slot[TREE_CACHE];
	unsigned long clock;
};

/* Reads tree `id`, through the cache. Returns the object (owned by the
 * cache), or NULL if it cannot be read or is not a tree. */
static git_odb_object *read_tree(struct wl_git *git, const git_oid *id)
{
	struct wl_git_trees *t = git->trees;
	struct tree_slot *victim;
	git_odb_object *obj = NULL;
	size_t i;

	if (!t)
		t = git->trees = wl_xcalloc(1, sizeof(*t));
	victim = &t->slot[0];
	for (i = 0; i < TREE_CACHE; i++) {
		struct tree_slot *s = &t->slot[i];

		if (s->obj && git_oid_equal(&s->id, id)) {
			s->used = ++t->clock;
			return s->obj;
		}
		if (!s->obj || (victim->obj && s->used < victim->used))
			victim = s;
	}
	if (git_odb_read(&obj, git->odb, id) < 0)
		return NULL;
	if (git_odb_object_type(obj) != GIT_OBJECT_TREE) {
		git_odb_object_free(obj);
		git_error_set_str(GIT_ERROR_OBJECT, "not a tree");
		return NULL;
	}
	git_odb_object_free(victim->obj);
	git_oid_cpy(&victim->id, id);
	victim->obj = obj;
	victim->used = ++t->clock;
	return obj;
}

static void trees_free(struct wl_git_trees *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < TREE_CACHE; i++)
		git_odb_object_free(t->slot[i].obj);
	free(t);
}

/* Folders nested deeper than this end a comparison (git's own
 * core.maxTreeDepth default): the walk recurses once per level, and a
 * pushed tree can nest as deep as the pusher likes. */
#define MAX_TREE_DEPTH 4096

/* What wl_git_diff_trees walks with. */
struct tree_diff {
	struct wl_changes *out;
	struct wl_git *git;
	const char *const *dirs;
	size_t nr;
	struct wl_buf path;
	unsigned depth;
};

/*
 * Whether the walk needs the entry at td->path: a folder on the way to
 * one of the folders, or anything within one.
 */
static int in_scope(const struct tree_diff *td, int is_tree)
{
	const char *p = wl_buf_cstr(&td->path);
	size_t i, n = td->path.len;

	for (i = 0; i < td->nr; i++) {
		const char *d = td->dirs[i];
		size_t k = strlen(d);

		if (!k || (n > k && !strncmp(p, d, k) && p[k] == '/') ||
		    (n == k && !strcmp(p, d) && is_tree) ||
		    (is_tree && k > n && !strncmp(d, p, n) && d[n] == '/'))
			return 1;
	}
	return 0;
}

static int diff_tree_rec(struct tree_diff *td, const unsigned char *a,
			 const unsigned char *b);

/* Compares entry `x` of the old tree with entry `y` of the new one (one
 * may be NULL), both named td->path. */
static int diff_entry(struct tree_diff *td, const struct raw_entry *x,
		      const struct raw_entry *y)
{
	int xt = x && raw_is_tree(x), yt = y && raw_is_tree(y);
	int xr = x && !xt && regular_mode(x->mode);
	int yr = y && !yt && regular_mode(y->mode);
	const char *p;
	git_oid a, b;

	if (!in_scope(td, xt || yt))
		return 0;
	if (xt || yt)
		return diff_tree_rec(td, xt ? x->id : NULL, yt ? y->id : NULL);
	p = wl_buf_cstr(&td->path);
	if (xr)
		git_oid_fromraw(&a, x->id);
	if (yr)
		git_oid_fromraw(&b, y->id);
	if (xr && yr) {
		if (!git_oid_equal(&a, &b))
			add_change(td->out, p, WL_CHANGE_MODIFIED, &a, &b);
	} else if (xr) {
		add_change(td->out, p, WL_CHANGE_DELETED, &a, NULL);
	} else if (yr) {
		add_change(td->out, p, WL_CHANGE_ADDED, NULL, &b);
	}
	return 0;
}

/* Returns the length of the common start of a and b (n bytes each). */
static size_t common_prefix(const unsigned char *a, const unsigned char *b,
			    size_t n)
{
	size_t i = 0;

	while (i + 64 <= n && !memcmp(a + i, b + i, 64))
		i += 64;
	while (i < n && a[i] == b[i])
		i++;
	return i;
}

/*
 * Moves *pa and *pb past the entries the two trees share at their start:
 * their bytes are the same up to there, so are the entries, and only
 * their ends need finding.
 */
static void skip_same_start(const unsigned char **pa, const unsigned char *ea,
			    const unsigned char **pb, const unsigned char *eb)
{
	size_t na = (size_t)(ea - *pa), nb = (size_t)(eb - *pb);
	const unsigned char *a = *pa, *same = a + common_prefix(a, *pb,
								 na < nb ? na :
									   nb);

	for (;;) {
		const unsigned char *nul = memchr(a, '\0', (size_t)(ea - a));

		if (!nul || nul + 1 + WL_OID_RAWSZ > same)
			break;
		a = nul + 1 + WL_OID_RAWSZ;
	}
	*pb += a - *pa;
	*pa = a;
}

/* The entries of two trees (raw ids, NULL: empty) in step. */
static int diff_tree_rec(struct tree_diff *td, const unsigned char *a,
			 const unsigned char *b)
{
	git_odb_object *ta = NULL, *tb = NULL;
	const unsigned char *pa = NULL, *ea = NULL, *pb = NULL, *eb = NULL;
	struct raw_entry x, y;
	size_t at = td->path.len;
	git_oid ia, ib;
	int hx, hy, ret = -1;

	if (a && b && !memcmp(a, b, WL_OID_RAWSZ))
		return 0;
	if (td->depth >= MAX_TREE_DEPTH) {
		git_error_set_str(GIT_ERROR_INVALID, "folders nested too deep");
		return -1;
	}
	td->depth++;
	if (a) {
		git_oid_fromraw(&ia, a);
		if (!(ta = read_tree(td->git, &ia)))
			goto done;
		/* Held while the walk goes down: the cache may evict it. */
		git_odb_object_dup(&ta, ta);
		pa = git_odb_object_data(ta);
		ea = pa + git_odb_object_size(ta);
	}
	if (b) {
		git_oid_fromraw(&ib, b);
		if (!(tb = read_tree(td->git, &ib)))
			goto done;
		git_odb_object_dup(&tb, tb);
		pb = git_odb_object_data(tb);
		eb = pb + git_odb_object_size(tb);
	}
	if (pa && pb)
		skip_same_start(&pa, ea, &pb, eb);
	hx = raw_next(&x, &pa, ea);
	hy = raw_next(&y, &pb, eb);
	while (hx > 0 || hy > 0) {
		int c = hx <= 0 ? 1 : hy <= 0 ? -1 : raw_cmp(&x, &y);

		if (c || x.mode != y.mode ||
		    memcmp(x.id, y.id, WL_OID_RAWSZ)) {
			if (at)
				wl_buf_addch(&td->path, '/');
			wl_buf_add(&td->path, c > 0 ? y.name : x.name,
				   c > 0 ? y.len : x.len);
			ret = diff_entry(td, c > 0 ? NULL : &x,
					 c < 0 ? NULL : &y);
			td->path.len = at;
			td->path.buf[at] = '\0';
			if (ret < 0)
				goto done;
			/* What follows a difference is often the same to
			 * the end. */
			if (c == 0 && ea - pa == eb - pb &&
			    !memcmp(pa, pb, (size_t)(ea - pa)))
				break;
		}
		if (c <= 0)
			hx = raw_next(&x, &pa, ea);
		if (c >= 0)
			hy = raw_next(&y, &pb, eb);
	}
	if (hx < 0 || hy < 0) {
		git_error_set_str(GIT_ERROR_OBJECT, "damaged tree");
		ret = -1;
		goto done;
	}
	ret = 0;
done:
	td->depth--;
	git_odb_object_free(ta);
	git_odb_object_free(tb);
	return ret;
}

int wl_git_diff_trees(struct wl_changes *out, struct wl_git *git,
		      const struct wl_oid *old_tree,
		      const struct wl_oid *new_tree, const char *const *dirs,
		      size_t nr, char **err)
{
	static const char *const all[] = { "" };
	struct tree_diff td = { out, git, dirs, nr, WL_BUF_INIT, 0 };
	size_t first = out->nr;
	int ret;

	if (!dirs || !nr) {
		td.dirs = all;
		td.nr = 1;
	}
	wl_buf_addstr(&td.path, "");
	ret = diff_tree_rec(&td, old_tree ? old_tree->id : NULL,
			    new_tree ? new_tree->id : NULL);
	wl_buf_release(&td.path);
	if (ret < 0) {
		*err = wl_xprintf("cannot compare two trees: %s", git_message());
		return -1;
	}
	if (out->nr - first > 1)
		qsort(out->v + first, out->nr - first, sizeof(*out->v),
		      cmp_change);
	return 0;
}

/* Where one path of wl_git_paths_since stands. */
struct follow {
	int done;               /* had its no */
	int have_prev;          /* prev is the version the commit after had */
	git_oid prev;
	int prev_keep;
};

/* Asks `keep` about path `i` in `tree`, once per version. */
static int ask(struct follow *f, git_tree *tree, const char *path, size_t i,
	       int (*keep)(void *, size_t, const struct wl_oid *, char **),
	       void *data, char **err)
{
	git_tree_entry *te = NULL;
	struct wl_oid blob;
	int k;

	if (git_tree_entry_bypath(&te, tree, path) < 0 ||
	    git_tree_entry_type(te) != GIT_OBJECT_BLOB) {
		git_tree_entry_free(te);
		git_error_clear();
		f->have_prev = 0;
		return keep(data, i, NULL, err);
	}
	if (f->have_prev && git_oid_equal(&f->prev, git_tree_entry_id(te))) {
		git_tree_entry_free(te);
		return f->prev_keep;
	}
	from_git(&blob, git_tree_entry_id(te));
	git_oid_cpy(&f->prev, git_tree_entry_id(te));
	git_tree_entry_free(te);
	k = keep(data, i, &blob, err);
	f->have_prev = 1;
	f->prev_keep = k;
	return k;
}

int wl_git_paths_since(struct wl_path_since *v, size_t nr, struct wl_git *git,
		       const struct wl_oid *commit,
		       int (*keep)(void *data, size_t i,
				   const struct wl_oid *blob, char **err),
		       void *data, size_t max, char **err)
{
	struct follow *f = wl_xcalloc(nr ? nr : 1, sizeof(*f));
	git_oid cur;
	size_t i, walked = 0, left = nr;
	int ret = -1;

	for (i = 0; i < nr; i++)
		v[i].kept = 0;
	to_git(&cur, commit);
	while (left && walked++ < max) {
		git_commit *c = NULL;
		git_tree *tree = NULL;
		long long t;

		if (git_commit_lookup(&c, git->repo, &cur) < 0 ||
		    git_commit_tree(&tree, c) < 0) {
			*err = wl_xprintf("cannot read the history: %s",
					  git_message());
			git_commit_free(c);
			goto done;
		}
		t = (long long)git_commit_time(c);
		for (i = 0; i < nr; i++) {
			int k;

			if (f[i].done)
				continue;
			k = ask(&f[i], tree, v[i].path, i, keep, data, err);
			if (k < 0) {
				git_tree_free(tree);
				git_commit_free(c);
				goto done;
			}
			if (!k) {
				f[i].done = 1;
				left--;
				continue;
			}
			v[i].kept = 1;
			v[i].since = t;
			v[i].offset = git_commit_time_offset(c);
			from_git(&v[i].commit, git_commit_id(c));
		}
		git_tree_free(tree);
		if (!git_commit_parentcount(c)) {
			git_commit_free(c);
			break;
		}
		git_oid_cpy(&cur, git_commit_parent_id(c, 0));
		git_commit_free(c);
	}
	ret = 0;
done:
	free(f);
	return ret;
}

/* ---- diffing and merging text: `worklog diff` and `worklog merge` ---- */

int wl_git_line_stats(size_t *added, size_t *removed, const char *a,
		      size_t alen, const char *b, size_t blen, char **err)
{
	git_diff_options o = GIT_DIFF_OPTIONS_INIT;
	git_patch *patch = NULL;
	size_t ctx;
	int ret = -1;

	lib_init();
	*added = *removed = 0;
	o.context_lines = 0;
	/* Records are text: a NUL byte must not turn a section "binary"
	 * and its lines uncounted. */
	o.flags = GIT_DIFF_FORCE_TEXT;
	if (git_patch_from_buffers(&patch, a, alen, NULL, b, blen, NULL,
				   &o) < 0 ||
	    git_patch_line_stats(&ctx, added, removed, patch) < 0) {
		*err = wl_xprintf("cannot compare lines: %s", git_message());
		goto done;
	}
	ret = 0;
done:
	git_patch_free(patch);
	return ret;
}

/*
 * A repository that lives in memory only: an empty configuration and an
 * object store of libgit2's mempack, which nothing ever writes out. The
 * rename detection runs on it, so that the contents it compares (from
 * any source, the working tree included) never reach a real object
 * store.
 */
static int memory_repo(git_repository **out, git_odb **odb)
{
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	git_odb_backend *mempack = NULL;

	*out = NULL;
	*odb = NULL;
	if (git_repository_new(&repo) < 0 || git_config_new(&cfg) < 0 ||
	    git_repository_set_config(repo, cfg) < 0 || git_odb_new(odb) < 0 ||
	    git_mempack_new(&mempack) < 0)
		goto fail;
	if (git_odb_add_backend(*odb, mempack, 1) < 0) {
		mempack->free(mempack);
		goto fail;
	}
	if (git_repository_set_odb(repo, *odb) < 0)
		goto fail;
	git_config_free(cfg);
	*out = repo;
	return 0;
fail:
	git_config_free(cfg);
	git_odb_free(*odb);
	*odb = NULL;
	git_repository_free(repo);
	return -1;
}

/* Writes a tree of the `nr` contents, named PREFIX0, PREFIX1, ... */
static int memory_tree(git_tree **out, git_repository *repo, git_odb *odb,
		       char prefix, const struct wl_git_text *v, size_t nr)
{
	git_treebuilder *tb = NULL;
	git_oid blob, tree;
	char name[32];
	size_t i;
	int ret = -1;

	*out = NULL;
	if (git_treebuilder_new(&tb, repo, NULL) < 0)
		return -1;
	for (i = 0; i < nr; i++) {
		snprintf(name, sizeof(name), "%c%zu", prefix, i);
		if (git_odb_write(&blob, odb, v[i].buf, v[i].len,
				  GIT_OBJECT_BLOB) < 0 ||
		    git_treebuilder_insert(NULL, tb, name, &blob,
					   GIT_FILEMODE_BLOB) < 0)
			goto done;
	}
	if (git_treebuilder_write(&tree, tb) < 0 ||
	    git_tree_lookup(out, repo, &tree) < 0)
		goto done;
	ret = 0;
done:
	git_treebuilder_free(tb);
	return ret;
}

/* The index in the name PREFIXN memory_tree gave, or SIZE_MAX. */
static size_t memory_index(const char *name, char prefix, size_t nr)
{
	char *end;
	unsigned long long i;

	if (!name || name[0] != prefix)
		return SIZE_MAX;
	i = strtoull(name + 1, &end, 10);
	return *end || i >= nr ? SIZE_MAX : (size_t)i;
}

int wl_git_find_renames(size_t *from, int *similarity,
			const struct wl_git_text *olds, size_t old_nr,
			const struct wl_git_text *news, size_t new_nr,
			char **err)
{
	git_repository *repo = NULL;
	git_odb *odb = NULL;
	git_tree *ot = NULL, *nt = NULL;
	git_diff *diff = NULL;
	git_diff_options o = GIT_DIFF_OPTIONS_INIT;
	git_diff_find_options f = GIT_DIFF_FIND_OPTIONS_INIT;
	size_t i, n;
	int ret = -1;

	for (i = 0; i < new_nr; i++) {
		from[i] = SIZE_MAX;
		similarity[i] = 0;
	}
	if (!old_nr || !new_nr)
		return 0;
	lib_init();
	/* The names differ on the two sides, so every file is a deletion
	 * or an addition, and git pairs them by content alone. */
	if (memory_repo(&repo, &odb) < 0 ||
	    memory_tree(&ot, repo, odb, 'o', olds, old_nr) < 0 ||
	    memory_tree(&nt, repo, odb, 'n', news, new_nr) < 0 ||
	    git_diff_tree_to_tree(&diff, repo, ot, nt, &o) < 0)
		goto done;
	/* git diff -M: renames of at least 50% similarity, exact ones
	 * first; the limit on the pairs it weighs is libgit2's (and git's)
	 * default. */
	f.flags = GIT_DIFF_FIND_RENAMES;
	if (git_diff_find_similar(diff, &f) < 0)
		goto done;
	n = git_diff_num_deltas(diff);
	for (i = 0; i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		size_t a, b;

		if (d->status != GIT_DELTA_RENAMED)
			continue;
		a = memory_index(d->old_file.path, 'o', old_nr);
		b = memory_index(d->new_file.path, 'n', new_nr);
		if (a == SIZE_MAX || b == SIZE_MAX)
			continue;
		from[b] = a;
		similarity[b] = (int)d->similarity;
	}
	ret = 0;
done:
	if (ret < 0)
		*err = wl_xprintf("cannot detect renames: %s", git_message());
	git_diff_free(diff);
	git_tree_free(ot);
	git_tree_free(nt);
	git_odb_free(odb);
	git_repository_free(repo);
	return ret;
}

int wl_git_merge_text(struct wl_buf *out, int *clean,
		      const struct wl_git_text *base,
		      const struct wl_git_text *ours,
		      const struct wl_git_text *theirs,
		      const char *const labels[3], char **err)
{
	git_merge_file_input in[3] = { GIT_MERGE_FILE_INPUT_INIT,
				       GIT_MERGE_FILE_INPUT_INIT,
				       GIT_MERGE_FILE_INPUT_INIT };
	git_merge_file_options o = GIT_MERGE_FILE_OPTIONS_INIT;
	git_merge_file_result r;
	const struct wl_git_text *v[3] = { base, ours, theirs };
	size_t i;

	lib_init();
	memset(&r, 0, sizeof(r));
	for (i = 0; i < 3; i++) {
		in[i].ptr = v[i]->buf;
		in[i].size = v[i]->len;
	}
	o.ancestor_label = labels[0];
	o.our_label = labels[1];
	o.their_label = labels[2];
	if (git_merge_file(&r, &in[0], &in[1], &in[2], &o) < 0) {
		*err = wl_xprintf("cannot merge lines: %s", git_message());
		return -1;
	}
	wl_buf_add(out, r.ptr, r.len);
	*clean = r.automergeable ? 1 : 0;
	git_merge_file_result_free(&r);
	return 0;
}

int wl_git_config_set(struct wl_git *git, const char *key, const char *value,
		      char **err)
{
	git_config *cfg = NULL, *local = NULL;
	git_buf cur = GIT_BUF_INIT;
	int r, ret = -1;

	if (git_repository_config(&cfg, git->repo) < 0 ||
	    git_config_open_level(&local, cfg, GIT_CONFIG_LEVEL_LOCAL) < 0)
		goto done;
	r = git_config_get_string_buf(&cur, local, key);
	if (!r && !strcmp(cur.ptr, value)) {
		ret = 0;
		goto done;
	}
	if (r < 0 && r != GIT_ENOTFOUND)
		goto done;
	git_error_clear();
	if (git_config_set_string(local, key, value) < 0)
		goto done;
	ret = 1;
done:
	if (ret < 0)
		*err = wl_xprintf("cannot set '%s' in the repository's configuration: %s",
				  key, git_message());
	git_buf_dispose(&cur);
	git_config_free(local);
	git_config_free(cfg);
	return ret;
}
