#include "source.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "glob.h"
#include "util.h"

#include "../banned.h"

struct wl_source {
	enum wl_source_kind kind;
	char *root;
	char *name;
	/* The working tree: the root folder, opened once; every file is
	 * reached from it. -1 for git sources. */
	int rootfd;
	size_t max_bytes;       /* wl_source_read's limit */
	/* Git sources: the repository (owned if own_git), the snapshot, and
	 * the root's folder inside the repository ("" or "dir/"). */
	struct wl_git *git;
	int own_git;
	struct wl_git_snap *snap;
	char *prefix;
};

void wl_pathlist_add(struct wl_pathlist *l, const char *path)
{
	WL_ALLOC_GROW(l->v, l->nr + 1, l->alloc);
	l->v[l->nr++] = wl_xstrdup(path);
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void wl_pathlist_sort_unique(struct wl_pathlist *l)
{
	size_t i, kept = 0;

	if (!l->nr)
		return;
	qsort(l->v, l->nr, sizeof(*l->v), cmp_path);
	for (i = 0; i < l->nr; i++) {
		if (kept && !strcmp(l->v[kept - 1], l->v[i])) {
			free(l->v[i]);
			continue;
		}
		l->v[kept++] = l->v[i];
	}
	l->nr = kept;
}

void wl_pathlist_release(struct wl_pathlist *l)
{
	wl_strv_free(l->v, l->nr);
	l->v = NULL;
	l->nr = l->alloc = 0;
}

int wl_source_open(struct wl_source **out, enum wl_source_kind kind,
		   const char *root, const char *rev, char **err)
{
	struct wl_source *src;

	int fd;

	*out = NULL;
	if (kind != WL_SOURCE_WORKTREE)
		return wl_source_open_git(out, kind, root, root, rev, err);
	/* The root is the user's choice: it may be reached through links. */
	fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		*err = wl_xprintf("cannot open folder '%s': %s", root,
				  strerror(errno));
		return -1;
	}
	src = wl_xcalloc(1, sizeof(*src));
	src->kind = kind;
	src->root = wl_xstrdup(root);
	src->name = wl_xstrdup("working tree");
	src->rootfd = fd;
	src->max_bytes = WL_FILE_BYTES_DEFAULT;
	src->prefix = wl_xstrdup("");
	*out = src;
	return 0;
}

char *wl_source_inner_prefix(const char *top, const char *root)
{
	char *rtop = realpath(top, NULL), *rroot = realpath(root, NULL);
	char *ret = NULL;
	size_t n;

	if (!rtop || !rroot)
		goto done;
	n = strlen(rtop);
	if (!strcmp(rtop, rroot))
		ret = wl_xstrdup("");
	else if (!strncmp(rtop, rroot, n) && (rroot[n] == '/' || n == 1))
		ret = wl_xprintf("%s/", rroot + n + (n > 1));
done:
	free(rtop);
	free(rroot);
	return ret;
}

/*
 * A source over `snap` (taken over) of the open repository `git`
 * (borrowed), with paths relative to the top of the repository. `name`
 * is what messages call it ("index", a commit).
 */
static struct wl_source *from_snap(struct wl_git *git,
				   struct wl_git_snap *snap, const char *name)
{
	struct wl_source *src = wl_xcalloc(1, sizeof(*src));
	const char *top = wl_git_workdir(git);

	src->kind = wl_git_snap_is_index(snap) ? WL_SOURCE_INDEX :
						 WL_SOURCE_REV;
	src->root = wl_xstrdup(top ? top : wl_git_gitdir(git));
	src->name = wl_xstrdup(name);
	src->rootfd = -1;
	src->max_bytes = WL_FILE_BYTES_DEFAULT;
	src->git = git;
	src->snap = snap;
	src->prefix = wl_xstrdup("");
	return src;
}

int wl_source_open_git(struct wl_source **out, enum wl_source_kind kind,
		       const char *start, const char *root, const char *rev,
		       char **err)
{
	struct wl_source *src = NULL;
	struct wl_git *git = NULL;
	struct wl_git_snap *snap = NULL;
	struct wl_commit commit = WL_COMMIT_INIT;
	struct wl_oid id;
	const char *top;
	char *prefix = NULL;

	*out = NULL;
	if (wl_git_open(&git, start, err) < 0)
		return -1;
	top = wl_git_workdir(git);
	/* A .worklog.yaml found above the working tree is not this
	 * repository's: then the top of the working tree is the root. */
	if (root && top)
		prefix = wl_source_inner_prefix(top, root);
	if (!prefix) {
		root = NULL;
		prefix = wl_xstrdup("");
	}
	if (kind == WL_SOURCE_INDEX) {
		if (wl_git_snap_index(&snap, git, err) < 0)
			goto fail;
	} else {
		if (!rev) {
			*err = wl_xstrdup("no revision to read records from");
			goto fail;
		}
		if (wl_git_resolve(&id, git, rev, err) < 0 ||
		    wl_git_commit(&commit, git, &id, err) < 0 ||
		    wl_git_snap_tree(&snap, git, &commit.tree, err) < 0)
			goto fail;
	}
	src = from_snap(git, snap, kind == WL_SOURCE_INDEX ? "index" : rev);
	src->own_git = 1;
	free(src->prefix);
	src->prefix = prefix;
	/* As the working tree's root is: a real path, which the current
	 * folder (getcwd) is compared with. */
	free(src->root);
	if (!root)
		root = top ? top : wl_git_gitdir(git);
	src->root = realpath(root, NULL);
	if (!src->root)
		src->root = wl_xstrdup(root);
	wl_commit_release(&commit);
	*out = src;
	return 0;
fail:
	wl_commit_release(&commit);
	wl_git_snap_free(snap);
	wl_git_free(git);
	free(prefix);
	return -1;
}

int wl_source_open_index(struct wl_source **out, struct wl_git *git,
			 char **err)
{
	struct wl_git_snap *snap = NULL;

	*out = NULL;
	if (wl_git_snap_index(&snap, git, err) < 0)
		return -1;
	*out = from_snap(git, snap, "index");
	return 0;
}

int wl_source_open_tree(struct wl_source **out, struct wl_git *git,
			const struct wl_oid *tree, const char *name,
			char **err)
{
	struct wl_git_snap *snap = NULL;

	*out = NULL;
	if (wl_git_snap_tree(&snap, git, tree, err) < 0)
		return -1;
	*out = from_snap(git, snap, name);
	return 0;
}

int wl_source_open_commit(struct wl_source **out, struct wl_git *git,
			  const struct wl_oid *id, char **err)
{
	struct wl_commit c = WL_COMMIT_INIT;
	char hex[WL_OID_HEXSZ + 1];
	int ret;

	*out = NULL;
	wl_oid_fmt(hex, id);
	ret = wl_git_commit(&c, git, id, err);
	if (!ret)
		ret = wl_source_open_tree(out, git, &c.tree, hex, err);
	wl_commit_release(&c);
	return ret;
}

void wl_source_free(struct wl_source *src)
{
	if (!src)
		return;
	wl_git_snap_free(src->snap);
	if (src->rootfd >= 0)
		close(src->rootfd);
	if (src->own_git)
		wl_git_free(src->git);
	free(src->root);
	free(src->name);
	free(src->prefix);
	free(src);
}

enum wl_source_kind wl_source_kind(const struct wl_source *src)
{
	return src->kind;
}

const char *wl_source_root(const struct wl_source *src)
{
	return src->root;
}

const char *wl_source_name(const struct wl_source *src)
{
	return src->name;
}

struct wl_git *wl_source_git(const struct wl_source *src)
{
	return src->git;
}

const char *wl_source_prefix(const struct wl_source *src)
{
	return src->prefix;
}

void wl_source_set_max_bytes(struct wl_source *src, size_t max)
{
	src->max_bytes = max;
}

size_t wl_source_max_bytes(const struct wl_source *src)
{
	return src->max_bytes;
}

/* Returns the repository path of source path `path`; caller frees. */
static char *git_path(const struct wl_source *src, const char *path)
{
	if (!*src->prefix)
		return wl_xstrdup(path);
	if (!*path)
		return wl_xstrndup(src->prefix, strlen(src->prefix) - 1);
	return wl_xprintf("%s%s", src->prefix, path);
}

/*
 * Opens the folder made of the first `len` bytes of working-tree path
 * `rel` (0: the root) one name at a time from the root, following no
 * symbolic link: nothing reached through a link is ever read, as git
 * sees no file beyond one. Returns a descriptor the caller closes, or -1
 * with errno set (ELOOP: a name on the way is a link; ENOTDIR: not a
 * folder) and *bad the length of the part of `rel` that failed.
 */
static int open_folder(const struct wl_source *src, const char *rel,
		       size_t len, size_t *bad)
{
	struct wl_buf name = WL_BUF_INIT;
	size_t i = 0;
	int fd = openat(src->rootfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	*bad = 0;
	while (fd >= 0 && i < len) {
		size_t n = 0;
		struct stat st;
		int sub, saved;

		while (i + n < len && rel[i + n] != '/')
			n++;
		*bad = i + n;
		wl_buf_reset(&name);
		wl_buf_add(&name, rel + i, n);
		i += n + 1;
		if (!n || !strcmp(name.buf, "."))
			continue;
		if (!strcmp(name.buf, "..")) {
			/* Paths are made inside the repository; never up. */
			close(fd);
			fd = -1;
			errno = EINVAL;
			break;
		}
		sub = openat(fd, name.buf,
			     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		saved = errno;
		if (sub < 0 && saved == ENOTDIR &&
		    !fstatat(fd, name.buf, &st, AT_SYMLINK_NOFOLLOW) &&
		    S_ISLNK(st.st_mode))
			saved = ELOOP;
		close(fd);
		fd = sub;
		errno = saved;
	}
	wl_buf_release(&name);
	return fd;
}

/* The message for open_folder's failure on `path`. */
static char *folder_error(const char *verb, const char *path, size_t bad)
{
	if (errno == ELOOP)
		return wl_xprintf("cannot %s '%s': '%.*s' is a symbolic link, which worklog does not follow",
				  verb, path, (int)bad, path);
	if (errno == ENOTDIR)
		return wl_xprintf("cannot %s '%s': '%.*s' is not a folder",
				  verb, path, (int)bad, path);
	return wl_xprintf("cannot %s '%s': %s", verb, path, strerror(errno));
}

/*
 * Finds working-tree path `rel` without following links: fills *st as
 * lstat would and points *base at its last name. Returns the descriptor
 * of its folder (the caller closes it), or -1 as open_folder.
 */
static int lookup(const struct wl_source *src, const char *rel,
		  struct stat *st, const char **base, size_t *bad)
{
	const char *slash = strrchr(rel, '/');
	size_t dirlen = slash ? (size_t)(slash - rel) : 0;
	int fd = open_folder(src, rel, dirlen, bad);

	*base = slash ? slash + 1 : rel;
	if (!**base)
		*base = ".";
	if (fd >= 0 && fstatat(fd, *base, st, AT_SYMLINK_NOFOLLOW) < 0) {
		int saved = errno;

		close(fd);
		fd = -1;
		errno = saved;
		*bad = strlen(rel);
	}
	return fd;
}

/*
 * Appends the regular files of the open folder `fd` (taken over), whose
 * repository path is `rel`, and of the folders beneath it. Links are
 * skipped, and so is .git.
 */
static int walk(int fd, struct wl_buf *rel, struct wl_pathlist *out,
		char **err)
{
	DIR *d = fdopendir(fd);
	struct dirent *e;
	size_t rel_len = rel->len;
	int ret = 0;

	if (!d) {
		*err = wl_xprintf("cannot read folder '%s': %s",
				  rel->len ? rel->buf : ".", strerror(errno));
		close(fd);
		return -1;
	}
	while ((e = readdir(d))) {
		unsigned char type = e->d_type;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    !strcmp(e->d_name, ".git"))
			continue;
		if (rel->len)
			wl_buf_addch(rel, '/');
		wl_buf_addstr(rel, e->d_name);
		if (type == DT_UNKNOWN) {
			struct stat st;

			if (fstatat(dirfd(d), e->d_name, &st,
				    AT_SYMLINK_NOFOLLOW) == 0)
				type = S_ISDIR(st.st_mode) ? DT_DIR :
				       S_ISREG(st.st_mode) ? DT_REG : DT_LNK;
		}
		if (type == DT_DIR) {
			/* A folder turned into a link since it was listed is
			 * skipped like any link. */
			int sub = openat(dirfd(d), e->d_name,
					 O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					 O_CLOEXEC);

			if (sub >= 0)
				ret = walk(sub, rel, out, err);
		} else if (type == DT_REG) {
			wl_pathlist_add(out, rel->buf);
		}
		rel->len = rel_len;
		rel->buf[rel_len] = '\0';
		if (ret < 0)
			break;
	}
	closedir(d);
	return ret;
}

int wl_source_list(struct wl_source *src, const char *dir,
		   struct wl_pathlist *out, char **err)
{
	struct wl_buf rel = WL_BUF_INIT;
	struct stat st;
	const char *base;
	size_t bad;
	int fd, sub, ret = 0;

	if (src->snap) {
		struct wl_git_entries e = WL_GIT_ENTRIES_INIT;
		size_t i;

		ret = wl_source_entries(src, dir, &e, err);
		for (i = 0; i < e.nr; i++) {
			WL_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
			out->v[out->nr++] = e.v[i].path;
			e.v[i].path = NULL;
		}
		wl_git_entries_release(&e);
		return ret;
	}
	fd = lookup(src, dir, &st, &base, &bad);
	if (fd < 0) {
		/* Nothing there, or only beyond a link: no files. */
		if (errno == ENOENT || errno == ENOTDIR || errno == ELOOP)
			return 0;
		*err = folder_error("read folder", dir, bad);
		return -1;
	}
	if (S_ISREG(st.st_mode)) {
		wl_pathlist_add(out, dir);
	} else if (S_ISDIR(st.st_mode)) {
		sub = openat(fd, base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
				       O_CLOEXEC);
		wl_buf_addstr(&rel, dir);
		if (sub >= 0)
			ret = walk(sub, &rel, out, err);
	}
	close(fd);
	wl_buf_release(&rel);
	return ret;
}

int wl_source_entries(struct wl_source *src, const char *dir,
		      struct wl_git_entries *out, char **err)
{
	size_t i, first = out->nr, plen = strlen(src->prefix);
	char *gdir;
	int ret;

	if (!src->snap) {
		struct wl_pathlist paths = WL_PATHLIST_INIT;

		ret = wl_source_list(src, dir, &paths, err);
		wl_pathlist_sort_unique(&paths);
		for (i = 0; i < paths.nr && !ret; i++) {
			char *buf;
			size_t len;

			ret = wl_source_read(src, paths.v[i], &buf, &len, err);
			if (ret == WL_READ_TOO_BIG) {
				/* Not read, so not hashed: the zero id. */
				free(*err);
				*err = NULL;
				ret = 0;
			}
			if (ret < 0)
				break;
			WL_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
			out->v[out->nr].path = paths.v[i];
			paths.v[i] = NULL;
			memset(&out->v[out->nr].oid, 0, sizeof(struct wl_oid));
			if (buf)
				wl_oid_hash(&out->v[out->nr].oid, buf, len);
			out->nr++;
			free(buf);
		}
		wl_pathlist_release(&paths);
		return ret;
	}
	gdir = git_path(src, dir);
	ret = wl_git_snap_list(src->snap, gdir, out, err);
	free(gdir);
	if (plen) {
		/* Everything listed lies beneath the prefix: strip it. */
		for (i = first; i < out->nr; i++)
			memmove(out->v[i].path, out->v[i].path + plen,
				strlen(out->v[i].path + plen) + 1);
	}
	return ret;
}

int wl_source_is_dir(struct wl_source *src, const char *path)
{
	struct stat st;
	const char *base;
	size_t bad;
	int fd, ret;

	if (src->snap) {
		struct wl_oid oid;
		char *p = git_path(src, path);

		ret = wl_git_snap_find(src->snap, p, &oid) == 1;
		free(p);
		return ret;
	}
	fd = lookup(src, path, &st, &base, &bad);
	if (fd < 0)
		return 0;
	close(fd);
	return S_ISDIR(st.st_mode);
}

int wl_source_oid(struct wl_source *src, const char *path,
		  struct wl_oid *oid)
{
	char *p, *buf, *err = NULL;
	size_t len;
	int ret;

	if (src->snap) {
		p = git_path(src, path);
		ret = wl_git_snap_find(src->snap, p, oid) == 0 ? 0 : -1;
		free(p);
		return ret;
	}
	if (wl_source_read(src, path, &buf, &len, &err) < 0) {
		free(err);
		return -1;
	}
	wl_oid_hash(oid, buf, len);
	free(buf);
	return 0;
}

/* The message for a file of `size` bytes over the limit `max`. */
static char *too_big(const char *path, size_t size, size_t max)
{
	return wl_xprintf("cannot read '%s': it is %zu bytes, more than the limit of %zu",
			  path, size, max);
}

int wl_source_read_max(struct wl_source *src, const char *path, size_t max,
		       char **buf, size_t *len, char **err)
{
	const char *slash, *why;
	size_t bad;
	int fd, ret;

	*buf = NULL;
	*len = 0;
	if (src->snap) {
		struct wl_oid oid;
		char *p = git_path(src, path);

		ret = wl_git_snap_find(src->snap, p, &oid);
		free(p);
		if (ret == 1) {
			*err = wl_xprintf("cannot read '%s': it is a folder, not a regular file",
					  path);
			return -1;
		}
		if (ret < 0) {
			*err = wl_xprintf("cannot read '%s': not in %s%s", path,
					  src->kind == WL_SOURCE_INDEX ?
					  "the " : "", src->name);
			return -1;
		}
		ret = wl_git_read_blob(src->git, &oid, max, buf, len, err);
		if (ret == WL_READ_TOO_BIG) {
			free(*err);
			*err = too_big(path, *len, max);
		}
		return ret;
	}
	/*
	 * Paths never leave the repository: a link in the working tree may
	 * point anywhere, so none is followed, neither at the file nor at a
	 * folder on the way to it (walks skip links too).
	 */
	slash = strrchr(path, '/');
	fd = open_folder(src, path, slash ? (size_t)(slash - path) : 0, &bad);
	if (fd < 0) {
		*err = folder_error("read", path, bad);
		return -1;
	}
	ret = wl_read_at(buf, len, fd, slash ? slash + 1 : path,
			 WL_READ_NOFOLLOW, max, &why);
	close(fd);
	if (ret == WL_READ_TOO_BIG)
		*err = too_big(path, *len, max);
	else if (ret < 0)
		*err = wl_xprintf("cannot read '%s': %s", path, why);
	return ret;
}

int wl_source_read(struct wl_source *src, const char *path, char **buf,
		   size_t *len, char **err)
{
	return wl_source_read_max(src, path, src->max_bytes, buf, len, err);
}

/*
 * The folders to walk for the records globs: the literal folder each
 * glob starts with, skipping one that a folder already listed contains.
 */
static size_t glob_dirs(char **dirs, const char *const *globs, size_t nr)
{
	size_t i, k, ndirs = 0;

	for (i = 0; i < nr; i++) {
		const char *g = globs[i];
		size_t pre = wl_glob_prefix(g);

		if (!strncmp(g, "./", 2))
			g += 2, pre = pre >= 2 ? pre - 2 : 0;
		for (k = 0; k < ndirs; k++) {
			size_t n = strlen(dirs[k]);

			if (!n || (n <= pre && !strncmp(dirs[k], g, n) &&
				   (n == pre || g[n] == '/')))
				break;
		}
		if (k == ndirs)
			dirs[ndirs++] = wl_xstrndup(g, pre);
	}
	return ndirs;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct wl_git_entry *)a)->path,
		      ((const struct wl_git_entry *)b)->path);
}

/* Appends the files beneath `dir`, with blob ids if asked. */
static int list_dir(struct wl_git_entries *out, struct wl_source *src,
		    const char *dir, unsigned flags, char **err)
{
	struct wl_pathlist paths = WL_PATHLIST_INIT;
	size_t i;
	int ret;

	if (src->snap || (flags & WL_SOURCE_OIDS))
		return wl_source_entries(src, dir, out, err);
	ret = wl_source_list(src, dir, &paths, err);
	for (i = 0; i < paths.nr; i++) {
		WL_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
		memset(&out->v[out->nr], 0, sizeof(*out->v));
		out->v[out->nr++].path = paths.v[i];
	}
	free(paths.v);
	return ret;
}

int wl_source_records(struct wl_git_entries *out, struct wl_source *src,
		      const char *const *globs, size_t nr, unsigned flags,
		      char **err)
{
	struct wl_git_entries all = WL_GIT_ENTRIES_INIT;
	char **dirs = wl_xcalloc(nr + 1, sizeof(*dirs));
	size_t i, ndirs = glob_dirs(dirs, globs, nr), kept;
	int ret = 0;

	for (i = 0; i < ndirs && !ret; i++)
		ret = list_dir(&all, src, dirs[i], flags, err);
	for (i = 0; i < ndirs; i++)
		free(dirs[i]);
	free(dirs);
	/* One folder listed from git is in order already. */
	for (i = 1; i < all.nr; i++)
		if (strcmp(all.v[i - 1].path, all.v[i].path) > 0)
			break;
	if (i < all.nr)
		qsort(all.v, all.nr, sizeof(*all.v), cmp_entry);
	kept = 0;
	for (i = 0; i < all.nr; i++) {
		int dup = kept && !strcmp(all.v[kept - 1].path, all.v[i].path);

		if (ret || dup || !wl_glob_match_any(globs, nr, all.v[i].path)) {
			free(all.v[i].path);
			continue;
		}
		all.v[kept++] = all.v[i];
	}
	all.nr = kept;
	for (i = 0; i < all.nr; i++) {
		WL_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
		out->v[out->nr++] = all.v[i];
	}
	free(all.v);
	return ret;
}

int wl_source_diff(struct wl_changes *out, struct wl_source *src,
		   const struct wl_oid *old_tree, char **err)
{
	size_t i, first = out->nr, kept = first, plen = strlen(src->prefix);
	int ret;

	if (!src->snap) {
		*err = wl_xstrdup("the working tree has no changes to list");
		return -1;
	}
	ret = wl_git_diff(out, src->git, old_tree, src->snap, err);
	if (!plen)
		return ret;
	/* Only what lies beneath the source's root, relative to it. */
	for (i = first; i < out->nr; i++) {
		struct wl_change *c = &out->v[i];

		if (strncmp(c->path, src->prefix, plen)) {
			free(c->path);
			continue;
		}
		memmove(c->path, c->path + plen, strlen(c->path + plen) + 1);
		out->v[kept++] = *c;
	}
	out->nr = kept;
	return ret;
}

static void add_change(struct wl_changes *out, const char *path,
		       enum wl_change_kind kind, const struct wl_oid *old_oid,
		       const struct wl_oid *new_oid)
{
	struct wl_change *c;

	WL_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	c = &out->v[out->nr++];
	memset(c, 0, sizeof(*c));
	c->path = wl_xstrdup(path);
	c->kind = kind;
	if (old_oid)
		c->old_oid = *old_oid;
	if (new_oid)
		c->new_oid = *new_oid;
}

/* Two commits: a tree diff beneath the globs' folders. */
static int tree_changes(struct wl_changes *out, struct wl_source *to,
			const struct wl_oid *a,
			const struct wl_oid *b, const char *const *globs,
			size_t nr, char **err)
{
	struct wl_changes all = WL_CHANGES_INIT;
	char **dirs = wl_xcalloc(nr + 1, sizeof(*dirs));
	size_t i, ndirs = glob_dirs(dirs, globs, nr), plen = strlen(to->prefix);
	int ret;

	for (i = 0; i < ndirs; i++) {
		char *d = wl_xprintf("%s%s", to->prefix, dirs[i]);

		/* "dir/" names the folder "dir"; "" the whole tree. */
		if (*d && d[strlen(d) - 1] == '/')
			d[strlen(d) - 1] = '\0';
		free(dirs[i]);
		dirs[i] = d;
	}
	ret = wl_git_diff_trees(&all, to->git, a, b,
				(const char *const *)dirs, ndirs, err);
	for (i = 0; i < all.nr && !ret; i++) {
		const struct wl_change *c = &all.v[i];
		const char *p = c->path + plen;

		if (strncmp(c->path, to->prefix, plen) ||
		    !wl_glob_match_any(globs, nr, p))
			continue;
		add_change(out, p, c->kind, &c->old_oid, &c->new_oid);
	}
	for (i = 0; i < ndirs; i++)
		free(dirs[i]);
	free(dirs);
	wl_changes_release(&all);
	return ret;
}

int wl_source_changes(struct wl_changes *out, struct wl_source *from,
		      struct wl_source *to, const char *const *globs,
		      size_t nr, char **err)
{
	struct wl_git_entries a = WL_GIT_ENTRIES_INIT, b = WL_GIT_ENTRIES_INIT;
	struct wl_oid ta, tb;
	size_t i = 0, k = 0;
	int ret = -1;

	if (from->snap && to->snap && !wl_git_snap_tree_id(from->snap, &ta) &&
	    !wl_git_snap_tree_id(to->snap, &tb) &&
	    !strcmp(from->prefix, to->prefix))
		return tree_changes(out, to, &ta, &tb, globs, nr, err);
	if (wl_source_records(&a, from, globs, nr, WL_SOURCE_OIDS, err) < 0 ||
	    wl_source_records(&b, to, globs, nr, WL_SOURCE_OIDS, err) < 0)
		goto done;
	/* Both lists are in path order: merge them. */
	while (i < a.nr || k < b.nr) {
		int c = i == a.nr ? 1 : k == b.nr ? -1 :
			strcmp(a.v[i].path, b.v[k].path);

		if (c < 0) {
			add_change(out, a.v[i].path, WL_CHANGE_DELETED,
				   &a.v[i].oid, NULL);
			i++;
		} else if (c > 0) {
			add_change(out, b.v[k].path, WL_CHANGE_ADDED, NULL,
				   &b.v[k].oid);
			k++;
		} else {
			/* A file over the limit has no id: count it
			 * changed, since nothing says it is not. */
			if (wl_oid_cmp(&a.v[i].oid, &b.v[k].oid) ||
			    wl_oid_is_zero(&a.v[i].oid))
				add_change(out, a.v[i].path,
					   WL_CHANGE_MODIFIED, &a.v[i].oid,
					   &b.v[k].oid);
			i++;
			k++;
		}
	}
	ret = 0;
done:
	wl_git_entries_release(&a);
	wl_git_entries_release(&b);
	return ret;
}

int wl_source_read_blob(struct wl_source *src, const struct wl_oid *oid,
			char **buf, size_t *len, char **err)
{
	if (!src->git) {
		*err = wl_xstrdup("the working tree has no blobs to read");
		return -1;
	}
	return wl_git_read_blob(src->git, oid, src->max_bytes, buf, len, err);
}
