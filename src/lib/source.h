#ifndef WL_SOURCE_H
#define WL_SOURCE_H

#include <stddef.h>

#include "git.h"

/*
 * Sources: the one layer that reads files for the rest of worklog. A
 * source is the working tree, the index, or the tree of a commit; the
 * configuration, the schemas and the records are all read from it, so a
 * hook judges a commit by the rules in that commit. The index and commits
 * are read through git.c (libgit2), never from a checkout.
 */
enum wl_source_kind {
	WL_SOURCE_WORKTREE,
	WL_SOURCE_INDEX,
	WL_SOURCE_REV,
};

struct wl_source;

/*
 * The largest file (or blob) wl_source_read reads unless told otherwise
 * (`limits: {file-bytes: N}` in .worklog.yaml): a record is read whole, so
 * this bounds the memory one record can take.
 */
#define WL_FILE_BYTES_DEFAULT (16 * 1024 * 1024)

/* A sorted list of repository-relative paths. */
struct wl_pathlist {
	char **v;
	size_t nr, alloc;
};
#define WL_PATHLIST_INIT { NULL, 0, 0 }

void wl_pathlist_add(struct wl_pathlist *l, const char *path);
void wl_pathlist_sort_unique(struct wl_pathlist *l);
void wl_pathlist_release(struct wl_pathlist *l);

/*
 * Opens a source over the repository whose root folder is `root` (where
 * .worklog.yaml lives). `rev` is the revision for WL_SOURCE_REV, else
 * ignored. For the index and revisions this is wl_source_open_git with
 * `start` = `root`. Returns 0, or -1 with a message in *err (caller
 * frees).
 */
int wl_source_open(struct wl_source **out, enum wl_source_kind kind,
		   const char *root, const char *rev, char **err);

/*
 * Opens the index (WL_SOURCE_INDEX) or the tree of `rev` (WL_SOURCE_REV)
 * of the git repository that contains `start`, found as wl_git_open
 * does (the environment of a hook counts). `root`, if not NULL, is the
 * folder on disk that holds .worklog.yaml, inside the working tree:
 * paths are relative to it. With `root` NULL they are relative to the
 * top of the working tree (to the git directory of a bare repository,
 * which is then the source's root). Returns 0, or -1 with *err set.
 */
int wl_source_open_git(struct wl_source **out, enum wl_source_kind kind,
		       const char *start, const char *root, const char *rev,
		       char **err);

/*
 * Opens the index of the open repository `git` (borrowed: it must
 * outlive the source), with paths relative to the top of the
 * repository, as `git commit` is about to commit it. Returns 0, or -1
 * with *err set.
 */
int wl_source_open_index(struct wl_source **out, struct wl_git *git,
			 char **err);
/*
 * Opens tree `tree` (of a commit) of `git` (borrowed) as the index
 * above. `name` is what messages call it (a commit). Returns 0, or -1
 * with *err set.
 */
int wl_source_open_tree(struct wl_source **out, struct wl_git *git,
			const struct wl_oid *tree, const char *name,
			char **err);
/* Opens the tree of commit `id` of `git` (borrowed) as above, named by
 * the commit's hex id. Returns 0, or -1 with *err set. */
int wl_source_open_commit(struct wl_source **out, struct wl_git *git,
			  const struct wl_oid *id, char **err);
void wl_source_free(struct wl_source *src);

enum wl_source_kind wl_source_kind(const struct wl_source *src);
/* Returns the absolute root folder; borrowed. */
const char *wl_source_root(const struct wl_source *src);
/* Returns "working tree", "index" or the revision; borrowed. */
const char *wl_source_name(const struct wl_source *src);
/* Returns the repository of a git source, NULL for the working tree;
 * borrowed. */
struct wl_git *wl_source_git(const struct wl_source *src);
/* Returns the root's path inside the repository ("" or "sub/dir/"). */
const char *wl_source_prefix(const struct wl_source *src);
/*
 * Returns the folder `root` is inside the working tree `top`, as "" or
 * "sub/dir/" (caller frees), or NULL if it lies outside. Both are
 * compared as real paths.
 */
char *wl_source_inner_prefix(const char *top, const char *root);

/*
 * Appends to `out` every regular file at or beneath `dir` ("" for the whole
 * repository), repository-relative. Symbolic links are skipped, and so is
 * .git; in the working tree, a `dir` reached through a link (at any of
 * its folders) has no files. Returns 0, or -1 with a message in *err.
 */
int wl_source_list(struct wl_source *src, const char *dir,
		   struct wl_pathlist *out, char **err);

/*
 * As wl_source_list, with each file's blob id (for the working tree, the
 * id git would give its content; the zero id for a file over the
 * source's limit, which is not read). Appends in path order. Returns 0,
 * or -1 with *err set.
 */
int wl_source_entries(struct wl_source *src, const char *dir,
		      struct wl_git_entries *out, char **err);

enum wl_source_records_flags {
	/* The working tree's entries get blob ids too (read and hashed);
	 * without it they are zero there. Git sources always have them. */
	WL_SOURCE_OIDS = 1 << 0,
};

/*
 * The records of the version: appends to `out` the files that match one
 * of the `nr` globs (the configuration's `records`), in path order and
 * each once, walking only the literal folders the globs start with.
 * Returns 0, or -1 with *err set.
 */
int wl_source_records(struct wl_git_entries *out, struct wl_source *src,
		      const char *const *globs, size_t nr, unsigned flags,
		      char **err);

/*
 * Lists the files that differ between tree `old_tree` (NULL: the empty
 * tree) of the source's repository and the source (a git source), in
 * path order (see wl_git_diff). Returns 0, or -1 with *err set.
 */
int wl_source_diff(struct wl_changes *out, struct wl_source *src,
		   const struct wl_oid *old_tree, char **err);

/*
 * Lists the files matching one of the `nr` globs that differ between
 * source `from` and source `to` (two versions of the same repository
 * with the same root: the working tree, the index, a commit), in path
 * order: added (only in `to`), deleted (only in `from`) or modified
 * (another blob id; a working-tree file over the limit has the zero
 * id). Two commits are compared tree against tree, reading only the
 * subtrees that differ beneath the globs' folders; otherwise both
 * sides are listed and compared by blob id. Returns 0, or -1 with *err
 * set.
 */
int wl_source_changes(struct wl_changes *out, struct wl_source *from,
		      struct wl_source *to, const char *const *globs,
		      size_t nr, char **err);

/*
 * Reads blob `oid` of the source's repository (a version before or
 * beside this one) into a malloc'd, NUL-terminated buffer, within the
 * source's limit. Only git sources have blobs. Returns 0,
 * WL_READ_TOO_BIG (*len is the blob's size), or -1; *err is set on
 * both failures.
 */
int wl_source_read_blob(struct wl_source *src, const struct wl_oid *oid,
			char **buf, size_t *len, char **err);

/* Returns 1 if `path` is a folder in the source, 0 if not. */
int wl_source_is_dir(struct wl_source *src, const char *path);

/*
 * Finds the blob id of file `path`. Returns 0, or -1 if the source has no
 * such regular file.
 */
int wl_source_oid(struct wl_source *src, const char *path,
		  struct wl_oid *oid);

/*
 * Reads the file `path` (repository-relative) into a malloc'd,
 * NUL-terminated buffer, if it is a regular file of at most `max` bytes.
 * In the working tree every folder on the way is opened from the root
 * without following a symbolic link, and the file is opened without
 * blocking and checked before a byte is read: a link, a FIFO, a device
 * or a folder is refused. Returns 0; WL_READ_TOO_BIG (util.h) with the
 * file's size in *len, nothing read, and a message in *err; or -1 with a
 * message in *err (caller frees) naming the file and the reason.
 */
int wl_source_read_max(struct wl_source *src, const char *path, size_t max,
		       char **buf, size_t *len, char **err);
/* wl_source_read_max with the source's limit (wl_source_set_max_bytes). */
int wl_source_read(struct wl_source *src, const char *path, char **buf,
		   size_t *len, char **err);

/* Sets the limit of wl_source_read and wl_source_read_blob
 * (WL_FILE_BYTES_DEFAULT until set). */
void wl_source_set_max_bytes(struct wl_source *src, size_t max);
size_t wl_source_max_bytes(const struct wl_source *src);

#endif
