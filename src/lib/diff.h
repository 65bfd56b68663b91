#ifndef WL_DIFF_H
#define WL_DIFF_H

#include <stddef.h>

#include "compare.h"
#include "diag.h"
#include "record.h"
#include "repo.h"
#include "source.h"

/*
 * The record diff of `worklog diff`: what changed between two versions
 * of the records (each a source: the working tree, the index or the
 * tree of a commit), record by record. Only the files that differ are
 * read, each version once.
 *
 * Which records continue which is pair.h's answer (the same path, then
 * the same type and x-id: a move), and what is left over goes to git's
 * rename detection (git.h): a file that moved and lost or never had an
 * id is still a rename when git would call it one. Field changes are
 * compare.h's; the body is compared section by section, a section being
 * a heading's own text (to the next heading of any level) with its
 * heading line, matched by heading text between the versions.
 *
 * Which files are records, and of which type, is decided by the
 * configuration and schemas of `repo`, for both versions.
 */

enum wl_diff_change {
	WL_DIFF_ADDED,
	WL_DIFF_REMOVED,
	WL_DIFF_RENAMED,        /* another path: same type and id, or git's
				   rename detection */
	WL_DIFF_MODIFIED,       /* same path, other content */
};

/* What a version of a file is. */
enum wl_diff_form {
	WL_DIFF_RECORD,         /* a record: its front matter was read */
	WL_DIFF_NOT_RECORD,     /* a file the globs match that has no front
				   matter */
	WL_DIFF_UNPARSABLE,     /* front matter that cannot be read (broken
				   YAML, too big, ...): `error` says why */
};

enum wl_section_change {
	WL_SECTION_ADDED,
	WL_SECTION_REMOVED,
	WL_SECTION_CHANGED,
};

/* A body section that changed. */
struct wl_diff_section {
	enum wl_section_change change;
	const char *heading;    /* its text; NULL: the text before the first
				   heading */
	int level;              /* 1 to 6 (the '#'s); 0 for the text before */
	size_t added, removed;  /* lines, its heading line included */
};

/* One version of a file as the diff read it. */
struct wl_diff_version {
	enum wl_diff_form form;
	const char *type;       /* its record type, NULL if unknown */
	const char *id;         /* its x-id value as text, or NULL */
	/* WL_DIFF_UNPARSABLE: the parse diagnostic (the first), else NULL */
	const struct wl_diag *error;
	/* The file as read: front matter (doc.root, with `worklog:` taken
	 * out into settings) and body (buf from fm.body) */
	struct wl_record rec;
	int has_body;           /* the front matter is closed: a body */
	struct wl_diags diags;  /* owns `error` */
};

/*
 * One file that changed. `fields` are compare.h's changes from the old
 * front matter to the new (the `worklog:` settings under the path
 * `worklog`), for a modified or renamed record both of whose versions
 * were read; `sections` the body sections that changed, where both
 * versions have a body. Added and removed files have neither: the whole
 * file is new or gone.
 */
struct wl_diff_entry {
	enum wl_diff_change change;
	const char *path;       /* the path in the new version; the old one
				   for WL_DIFF_REMOVED */
	const char *old_path;   /* WL_DIFF_RENAMED: where it was; else NULL */
	/* git's similarity (0-100) when git's rename detection paired the
	 * two; 0 when the type and id did */
	int similarity;
	struct wl_diff_version *old_v, *new_v;  /* NULL where absent */
	struct wl_field_changes fields;
	struct wl_diff_section *sections;
	size_t sections_nr, sections_alloc;
};

/* What a diff cost; `worklog diff --stats` prints it. */
struct wl_diff_stats {
	size_t files;           /* files that differ (matching the globs) */
	size_t blobs;           /* versions read and parsed */
	size_t renames_by_id;   /* pairs made by type and id */
	size_t renames_by_content;  /* pairs made by git's rename detection */
	double list_secs, parse_secs, compare_secs;
};

struct wl_diff {
	struct wl_diff_entry *v;        /* in path order */
	size_t nr, alloc;
	struct wl_diff_stats stats;
	struct wl_arena arena;          /* the entries' strings */
};
#define WL_DIFF_INIT { NULL, 0, 0, { 0 }, WL_ARENA_INIT }

struct wl_diff_opts {
	/*
	 * Only files at these repository-relative paths: a file, a folder
	 * (the files beneath it) or a glob (glob.h); none: every file the
	 * `records` globs match.
	 */
	const char *const *paths;
	size_t paths_nr;
};

/*
 * Compares source `from` with source `to` (sources of `repo`'s
 * repository with the same root; `repo` may read either) and fills
 * `out` (WL_DIFF_INIT) with one entry per file that changed. A file
 * that cannot be read as a record is an entry all the same, never a
 * failure. Returns 0, or -1 with *err set (caller frees) when a version
 * could not be listed or read.
 */
int wl_diff_sources(struct wl_diff *out, struct wl_repo *repo,
		    struct wl_source *from, struct wl_source *to,
		    const struct wl_diff_opts *opts, char **err);
void wl_diff_release(struct wl_diff *d);

/* Returns "added", "removed", "renamed" or "modified". */
const char *wl_diff_change_name(enum wl_diff_change c);
/* Returns "added", "removed" or "changed". */
const char *wl_section_change_name(enum wl_section_change c);

/*
 * Compares two bodies (Markdown, `line0` as wl_body_parse takes it) and
 * appends the sections that changed to `e`. Returns 0, or -1 with *err
 * set.
 */
int wl_diff_bodies(struct wl_diff_entry *e, struct wl_arena *arena,
		   const char *a, size_t alen, int aline0, const char *b,
		   size_t blen, int bline0, char **err);

/*
 * What `worklog diff --textconv` prints for file `path` (`buf` of `len`
 * bytes, malloc'd, taken over), so that git's line diff of two
 * renderings is a field diff: for a record, `---`, then its front
 * matter one value a line as `PATH: VALUE` (compare.h's paths and value
 * texts: `kpis[1].actual: 93`; a text of several lines as `PATH: |`
 * and its lines indented by two spaces; an empty list `[]`, an empty
 * mapping `{}`), keys in the order of their type's schema `properties`
 * and the others after them as written, then `---` and the body as it
 * is. A file that is not a record, or whose front matter cannot be
 * read, comes out as it is. `repo` (may be NULL) gives the record type.
 * Appends to `out`. Returns 1 when a record was rendered, 0 when the
 * file was copied.
 */
int wl_textconv(struct wl_buf *out, struct wl_repo *repo, const char *path,
		char *buf, size_t len);

#endif
