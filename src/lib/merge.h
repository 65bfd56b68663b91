#ifndef WL_MERGE_H
#define WL_MERGE_H

#include <stddef.h>

#include "git.h"
#include "repo.h"
#include "util.h"

/*
 * The record merge of `worklog merge`, git's merge driver: three
 * versions of a record file (the common base, ours, theirs) merged
 * field by field.
 *
 * Front matter is merged by key path: a value one side changed takes
 * that change; a value both changed alike is kept; mappings merge key
 * by key; lists merge the items each side added and removed (items
 * paired as compare.h pairs them: by `id`, or `name`, or equal value);
 * a value both sides changed differently, or one changed and the other
 * deleted, is a conflict. So is a merged change of a field that the
 * record type's x-transitions forbid from the base value to the merged
 * one (a status that went todo → doing → done on one branch reaches
 * done from todo in one step here).
 *
 * The result is ours, edited: only the lines of what theirs changed
 * are touched, so key order, comments, quoting and blank lines of ours
 * stay. Values taken from theirs keep their text where it fits on a
 * line, else are written as YAML flow values, quoted when they must be.
 * A conflict puts git's markers around the conflicting field (or list
 * item) only:
 *
 *     <<<<<<< ours
 *     status: done
 *     =======
 *     status: blocked
 *     >>>>>>> theirs
 *
 * which no YAML reader accepts, so the record cannot validate (and the
 * hooks refuse it) until someone resolves it. The body is merged by
 * git's own line merge.
 *
 * What cannot be merged field by field is merged by git's line merge
 * as a whole file, as git would have merged it: a version that is not a
 * record (no front matter, or front matter that does not parse or is
 * not a mapping), front matter with anchors and aliases, and any result
 * whose front matter would not read back as the merged values (a check
 * made on every clean merge).
 */

struct wl_merge_result {
	struct wl_buf text;             /* the merged file */
	/* One line per conflict, for people: "status: changed on both
	 * sides", "the body"; empty for a clean merge. */
	struct wl_strlist conflicts;
	int by_lines;                   /* merged by git's line merge */
	const char *why_lines;          /* then why (static), else NULL */
};
#define WL_MERGE_RESULT_INIT { WL_BUF_INIT, WL_STRLIST_INIT, 0, NULL }

/*
 * Merges `ours` and `theirs` from `base` (empty: the file is new on
 * both sides) into `out`. `repo` (may be NULL) gives the parse limits
 * and, for the file at `path`, its record type (x-transitions). Returns
 * 0 (conflicts are in out->conflicts), or -1 with *err set.
 */
int wl_merge(struct wl_merge_result *out, const struct wl_git_text *base,
	     const struct wl_git_text *ours, const struct wl_git_text *theirs,
	     struct wl_repo *repo, const char *path, char **err);
void wl_merge_result_release(struct wl_merge_result *r);

/* The conflict marker lines, without their line ends. */
#define WL_MERGE_MARK_OURS "<<<<<<< ours"
#define WL_MERGE_MARK_SEP "======="
#define WL_MERGE_MARK_THEIRS ">>>>>>> theirs"

#endif
