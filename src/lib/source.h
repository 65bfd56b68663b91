#ifndef WL_SOURCE_H
#define WL_SOURCE_H

#include <stddef.h>

/*
 * Sources: the one layer that reads files for the rest of worklog. A
 * source is the working tree, the index, or the tree of a commit; the
 * configuration, the schemas and the records are all read from it, so a
 * hook judges a commit by the rules in that commit.
 */
enum wl_source_kind {
	WL_SOURCE_WORKTREE,
	WL_SOURCE_INDEX,
	WL_SOURCE_REV,
};

struct wl_source;

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
 * ignored. Returns 0, or -1 with a message in *err (caller frees).
 */
int wl_source_open(struct wl_source **out, enum wl_source_kind kind,
		   const char *root, const char *rev, char **err);
void wl_source_free(struct wl_source *src);

enum wl_source_kind wl_source_kind(const struct wl_source *src);
/* Returns the absolute root folder; borrowed. */
const char *wl_source_root(const struct wl_source *src);
/* Returns "working tree", "index" or "REV"; borrowed. */
const char *wl_source_name(const struct wl_source *src);

/*
 * Appends to `out` every regular file at or beneath `dir` ("" for the whole
 * repository), repository-relative. Symbolic links are skipped, and so is
 * .git. Returns 0, or -1 with a message in *err.
 */
int wl_source_list(struct wl_source *src, const char *dir,
		   struct wl_pathlist *out, char **err);

/* Returns 1 if `path` is a folder in the source, 0 if not. */
int wl_source_is_dir(struct wl_source *src, const char *path);

/*
 * Reads the file `path` (repository-relative) into a malloc'd,
 * NUL-terminated buffer. Returns 0, or -1 with a message in *err naming
 * the file and the reason.
 */
int wl_source_read(struct wl_source *src, const char *path, char **buf,
		   size_t *len, char **err);

#endif
