#ifndef WL_WRITE_H
#define WL_WRITE_H

#include <stddef.h>

#include "util.h"

/*
 * Writing files into a working tree: the records `worklog new` and the
 * imports make, and what `worklog init` lays out. A path is relative to
 * a root folder and is followed one folder at a time: a symbolic link on
 * the way is refused (ELOOP or ENOTDIR), as git refuses a path beyond a
 * symbolic link, so nothing is written outside the root.
 */

enum wl_write_mode {
	/* Create the file; fail with EEXIST if anything is at the path. */
	WL_WRITE_NEW,
	/* Replace the file at once: write a temporary file beside it, then
	 * rename it over the path. */
	WL_WRITE_REPLACE,
};

/*
 * Writes `len` bytes of `data` to root/rel, making the folders on the
 * way (their paths relative to root are appended to `made`, when not
 * NULL, outermost first). `rel` must be a safe relative path
 * (wl_path_is_safe). Returns 0, or -1 with errno set; a file it could
 * not finish is removed.
 */
int wl_write_file(const char *root, const char *rel, const void *data,
		  size_t len, enum wl_write_mode mode, struct wl_strlist *made);

/*
 * Makes the folder root/rel and those on the way, as wl_write_file
 * does. Returns 1 if it was made, 0 if it was there already, -1 with
 * errno set.
 */
int wl_make_dirs(const char *root, const char *rel, struct wl_strlist *made);

/*
 * Undoes writes: removes the files `files` (relative to root), then the
 * folders `made`, innermost first, if they are empty. Errors are
 * ignored: this runs when something has already gone wrong.
 */
void wl_write_undo(const char *root, const struct wl_strlist *files,
		   const struct wl_strlist *made);

#endif
