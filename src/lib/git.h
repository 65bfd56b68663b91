#ifndef WL_GIT_H
#define WL_GIT_H

#include <stddef.h>

#include "util.h"

/*
 * Git access: the only code that talks to libgit2 (it is the only file
 * that includes <git2.h>). The source layer (source.c) reads records
 * through it, and the hooks use it to list what a commit or a push
 * changes; everything here speaks worklog's own types, so no other file
 * needs libgit2's.
 */

#define WL_OID_RAWSZ 20
#define WL_OID_HEXSZ 40

/* A git object id (SHA-1). */
struct wl_oid {
	unsigned char id[WL_OID_RAWSZ];
};

/* Writes the 40 hex digits and a NUL into `out`. */
void wl_oid_fmt(char out[WL_OID_HEXSZ + 1], const struct wl_oid *oid);
/* Parses exactly 40 hex digits. Returns 0, or -1 if `hex` is not that. */
int wl_oid_parse(struct wl_oid *out, const char *hex);
/* Returns 1 for the all-zero id git uses for "no object". */
int wl_oid_is_zero(const struct wl_oid *oid);
int wl_oid_cmp(const struct wl_oid *a, const struct wl_oid *b);
/* Sets *out to the id git gives a blob holding these bytes. */
void wl_oid_hash(struct wl_oid *out, const void *data, size_t len);

struct wl_oids {
	struct wl_oid *v;
	size_t nr, alloc;
};
#define WL_OIDS_INIT { NULL, 0, 0 }
void wl_oids_add(struct wl_oids *l, const struct wl_oid *oid);
void wl_oids_release(struct wl_oids *l);

struct wl_git;

/* What wl_git_open returns when `start` is in no git repository. */
#define WL_GIT_NO_REPO (-2)

/*
 * Opens the repository that contains `start` (NULL: the current folder),
 * honouring the environment git gives a hook: GIT_DIR, GIT_INDEX_FILE
 * (the temporary index of `commit -a` and `commit PATH`),
 * GIT_OBJECT_DIRECTORY and GIT_ALTERNATE_OBJECT_DIRECTORIES (a push's
 * quarantine), GIT_WORK_TREE, GIT_COMMON_DIR, GIT_NAMESPACE and
 * GIT_CEILING_DIRECTORIES. Returns 0; WL_GIT_NO_REPO, or -1 for any other
 * failure, with a message in *err (caller frees).
 */
int wl_git_open(struct wl_git **out, const char *start, char **err);
void wl_git_free(struct wl_git *git);

/* Borrowed absolute paths without a final slash; workdir is NULL when
 * the repository is bare. */
const char *wl_git_workdir(const struct wl_git *git);
const char *wl_git_gitdir(const struct wl_git *git);
const char *wl_git_commondir(const struct wl_git *git);

/*
 * Reads a configuration value as a path (`~/` expanded). Returns 0 with
 * *out set (caller frees), 1 if it is not set, -1 on error.
 */
int wl_git_config_path(char **out, struct wl_git *git, const char *key);

/*
 * Reads a configuration value as a string (`user.email`). Returns 0 with
 * *out set (caller frees), 1 if it is not set, -1 on error.
 */
int wl_git_config_string(char **out, struct wl_git *git, const char *key);

/* An author of commits, as wl_git_authors lists them. */
struct wl_git_author {
	char *name;
	char *email;
};
struct wl_git_authors {
	struct wl_git_author *v;
	size_t nr, alloc;
};
#define WL_GIT_AUTHORS_INIT { NULL, 0, 0 }
void wl_git_authors_release(struct wl_git_authors *l);

/*
 * Appends the authors of the commits reachable from HEAD, newest commit
 * first (a commit before its parents), each email once (compared without regard to ASCII case; the
 * name is the one of its newest commit), looking at no more than `max`
 * commits. An unborn HEAD has none. Returns 0, or -1 with *err set.
 */
int wl_git_authors(struct wl_git_authors *out, struct wl_git *git, size_t max,
		   char **err);

/*
 * Reads the blob `oid` into a NUL-terminated buffer the caller frees, if
 * it is at most `max` bytes: its size is read from the object's header
 * first, so an over-size blob is never inflated. Returns 0;
 * WL_READ_TOO_BIG (util.h) with the blob's size in *len, nothing read and
 * *err set; or -1 with *err set.
 */
int wl_git_read_blob(struct wl_git *git, const struct wl_oid *oid,
		     size_t max, char **buf, size_t *len, char **err);

/* Commits. */
struct wl_commit {
	struct wl_oid id;
	struct wl_oid tree;
	struct wl_oid *parents;
	size_t parents_nr;
	long long time;       /* committer time, seconds since the epoch */
	int offset;           /* its time zone, minutes east of UTC */
	char *summary;        /* the subject line */
	char *author;         /* the author's name and email */
	char *email;
	long long author_time;  /* the author's time and zone */
	int author_offset;
};
#define WL_COMMIT_INIT { { { 0 } }, { { 0 } }, NULL, 0, 0, 0, NULL, NULL, NULL, 0, 0 }
void wl_commit_release(struct wl_commit *c);

/* Reads commit `id`. Returns 0, or -1 with *err set. */
int wl_git_commit(struct wl_commit *out, struct wl_git *git,
		  const struct wl_oid *id, char **err);

/*
 * Resolves a revision (anything `git rev-parse` takes for a commit) to a
 * commit, peeling tags. Returns 0, or -1 with *err set.
 */
int wl_git_resolve(struct wl_oid *out, struct wl_git *git, const char *rev,
		   char **err);

/*
 * Peels object `id` (a commit or an annotated tag) to a commit. Returns 0,
 * 1 if it does not lead to a commit (a tag of a tree or a blob), -1 with
 * *err set if the object cannot be read.
 */
int wl_git_peel(struct wl_oid *out, struct wl_git *git, const struct wl_oid *id,
		char **err);

/* Returns 0 with the commit HEAD points to, 1 if HEAD is unborn (no
 * commit yet), -1 with *err set on error. */
int wl_git_head(struct wl_oid *out, struct wl_git *git, char **err);

/* Appends the other parents of a merge being committed (MERGE_HEAD). */
int wl_git_merge_heads(struct wl_oids *out, struct wl_git *git, char **err);

/*
 * Appends the commits reachable from `tips` but from no reference (and
 * not HEAD): what `git rev-list TIPS --not --all` prints, oldest first
 * (parents before children). Returns 0, or -1 with *err set.
 */
int wl_git_new_commits(struct wl_oids *out, struct wl_git *git,
		       const struct wl_oids *tips, char **err);

enum wl_git_walk_flags {
	WL_GIT_WALK_FIRST_PARENT = 1 << 0,  /* follow first parents only */
};

/*
 * Appends the commits of `range` to `out`, parents before children (ties
 * by commit time), as `git rev-list --topo-order --reverse` lists them:
 * "REV" is every commit REV reaches, "A..B" those B reaches and A does
 * not (an empty side is HEAD); NULL is HEAD, and nothing when HEAD has
 * no commit yet. Returns 0, or -1 with *err set.
 */
int wl_git_walk(struct wl_oids *out, struct wl_git *git, const char *range,
		unsigned flags, char **err);

/* Returns 1 if the repository is a shallow clone, else 0. */
int wl_git_is_shallow(struct wl_git *git);

/*
 * Finds the best common ancestor of commits `a` and `b` (`git merge-base
 * A B`). Returns 0 with *out set, 1 if they have none (unrelated
 * histories), -1 with *err set.
 */
int wl_git_merge_base(struct wl_oid *out, struct wl_git *git,
		      const struct wl_oid *a, const struct wl_oid *b,
		      char **err);

/* Returns 1 if the object store has object `oid`, 0 if not (a cache may
 * name objects git has since deleted). */
int wl_git_has(struct wl_git *git, const struct wl_oid *oid);

/*
 * Snapshots: a set of files to read, either the index or the tree of a
 * commit. Paths are relative to the top of the repository.
 */
struct wl_git_snap;

int wl_git_snap_index(struct wl_git_snap **out, struct wl_git *git,
		      char **err);
int wl_git_snap_tree(struct wl_git_snap **out, struct wl_git *git,
		     const struct wl_oid *tree, char **err);
void wl_git_snap_free(struct wl_git_snap *snap);
/* Returns 1 for the index, 0 for a tree. */
int wl_git_snap_is_index(const struct wl_git_snap *snap);
/* Sets *out to the id of a tree snapshot's tree. Returns 0, or -1 for
 * the index. */
int wl_git_snap_tree_id(const struct wl_git_snap *snap, struct wl_oid *out);

/* A file of a snapshot. */
struct wl_git_entry {
	char *path;
	struct wl_oid oid;
};
struct wl_git_entries {
	struct wl_git_entry *v;
	size_t nr, alloc;
};
#define WL_GIT_ENTRIES_INIT { NULL, 0, 0 }
void wl_git_entries_release(struct wl_git_entries *l);

/*
 * Appends the regular files at or beneath `dir` ("" for all), sorted by
 * path. Symbolic links, submodules, conflicted and intent-to-add index
 * entries are skipped. Returns 0, or -1 with *err set.
 */
int wl_git_snap_list(struct wl_git_snap *snap, const char *dir,
		     struct wl_git_entries *out, char **err);

/*
 * Looks `path` up. Returns 0 if it is a regular file (its blob id in
 * *oid), 1 if it is a folder, -1 if it is neither.
 */
int wl_git_snap_find(struct wl_git_snap *snap, const char *path,
		     struct wl_oid *oid);

/* What happened to one file between two snapshots. */
enum wl_change_kind {
	WL_CHANGE_ADDED,
	WL_CHANGE_MODIFIED,
	WL_CHANGE_DELETED,
};

struct wl_change {
	char *path;
	enum wl_change_kind kind;
	struct wl_oid old_oid;   /* zero when added */
	struct wl_oid new_oid;   /* zero when deleted */
};
struct wl_changes {
	struct wl_change *v;
	size_t nr, alloc;
};
#define WL_CHANGES_INIT { NULL, 0, 0 }
void wl_changes_release(struct wl_changes *l);

/*
 * Lists the regular files that differ between the tree `old_tree` (NULL:
 * the empty tree) and `snap`, in path order, without rename detection. A
 * file that turns into a symbolic link counts as deleted. Returns 0, or
 * -1 with *err set.
 */
int wl_git_diff(struct wl_changes *out, struct wl_git *git,
		const struct wl_oid *old_tree, struct wl_git_snap *snap,
		char **err);

/*
 * Lists the regular files that differ between trees `old_tree` and
 * `new_tree` (NULL: the empty tree) at or beneath one of the `nr`
 * folders `dirs` ("" is the whole tree; repository-relative, no final
 * slash), in path order, without rename detection, as wl_git_diff does.
 * Only the subtrees that differ and lead to those folders are read, so
 * a commit costs what it changed, not the size of its tree. Returns 0,
 * or -1 with *err set.
 */
int wl_git_diff_trees(struct wl_changes *out, struct wl_git *git,
		      const struct wl_oid *old_tree,
		      const struct wl_oid *new_tree, const char *const *dirs,
		      size_t nr, char **err);

/* One path that wl_git_paths_since follows. */
struct wl_path_since {
	const char *path;       /* in: a path of the repository */
	int kept;               /* out: 1 if the first commit was kept */
	long long since;        /* out: the committer time of the oldest
				   commit kept, when `kept` */
	int offset;             /* out: its zone, minutes east of UTC */
	struct wl_oid commit;   /* out: that commit */
};

/*
 * Walks the first-parent history from `commit` backwards once, for at
 * most `max` commits, following each of the `nr` paths for as long as
 * `keep` says yes (1) to its version in each commit (its blob id, or NULL
 * where the path is absent). `keep` is asked once per path and version:
 * a version unchanged from the commit after gets the same answer. The
 * walk ends when every path has had a no. `keep` returns 1, 0, or -1
 * with *err set to stop the walk. Returns 0, or -1 with *err set.
 */
int wl_git_paths_since(struct wl_path_since *v, size_t nr, struct wl_git *git,
		       const struct wl_oid *commit,
		       int (*keep)(void *data, size_t i,
				   const struct wl_oid *blob, char **err),
		       void *data, size_t max, char **err);

/* Appends the commits FETCH_HEAD marks for merging (what `git pull`
 * merges). Returns 0 (none when there is no FETCH_HEAD), or -1. */
int wl_git_fetch_heads(struct wl_oids *out, struct wl_git *git, char **err);

/* ---- Text: `worklog diff` and `worklog merge` -------------------------- */

/* A text in memory (borrowed). */
struct wl_git_text {
	const char *buf;
	size_t len;
};

/*
 * Counts the lines that turn text `a` into text `b` under git's line
 * diff (Myers, as `git diff --numstat` counts them). Returns 0 with
 * *added and *removed, or -1 with *err set (caller frees).
 */
int wl_git_line_stats(size_t *added, size_t *removed, const char *a,
		      size_t alen, const char *b, size_t blen, char **err);

/*
 * Git's rename detection (`git diff -M`: libgit2's git_diff_find_similar
 * with its defaults, at least 50% similar, exact copies first) between
 * `old_nr` files that went away and `new_nr` that appeared, given by
 * content. Sets from[j] to the index in `olds` of the file that new file
 * j was renamed from, or SIZE_MAX, and similarity[j] to git's similarity
 * (0 to 100). The contents are compared in a repository that lives in
 * memory: nothing is written anywhere. Returns 0, or -1 with *err set.
 */
int wl_git_find_renames(size_t *from, int *similarity,
			const struct wl_git_text *olds, size_t old_nr,
			const struct wl_git_text *news, size_t new_nr,
			char **err);

/*
 * Git's three-way line merge (libgit2's git_merge_file, as `git
 * merge-file` does) of `ours` and `theirs` from `base`, appended to
 * `out`; conflicting hunks get conflict markers labelled `labels` (base,
 * ours, theirs). Sets *clean to 1 when nothing conflicted, else 0.
 * Returns 0, or -1 with *err set.
 */
int wl_git_merge_text(struct wl_buf *out, int *clean,
		      const struct wl_git_text *base,
		      const struct wl_git_text *ours,
		      const struct wl_git_text *theirs,
		      const char *const labels[3], char **err);

/*
 * Sets `key` to `value` in the repository's own configuration
 * (.git/config), unless it holds that value already. Returns 1 when it
 * was set, 0 when it had the value, or -1 with *err set.
 */
int wl_git_config_set(struct wl_git *git, const char *key, const char *value,
		      char **err);

#endif
