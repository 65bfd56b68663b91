#ifndef WL_REPO_H
#define WL_REPO_H

#include <stddef.h>

#include "config.h"
#include "diag.h"
#include "record.h"
#include "schema.h"
#include "source.h"

/*
 * A records repository opened for reading: its root, the source the
 * records come from, the configuration and the record types, all read
 * from that same source.
 */
struct wl_repo {
	char *root;                    /* absolute */
	struct wl_source *src;
	struct wl_config cfg;
	struct wl_schema_set *schemas;
	struct wl_git_entries schema_files; /* the schema files compiled, in
					       path order, with the blob id
					       of the text read */
	int config_missing;            /* the commit or index has no
					  .worklog.yaml: cfg is the defaults */
};

struct wl_repo_opts {
	const char *dir;               /* -C: where to start looking */
	const char *config_file;       /* --config: a file on disk */
	enum wl_source_kind kind;
	const char *rev;               /* for WL_SOURCE_REV */
};
#define WL_REPO_OPTS_INIT { NULL, NULL, WL_SOURCE_WORKTREE, NULL }

/*
 * Opens the repository. Problems in the configuration or the schema files
 * are appended to `diags` (rules "config" and "schema") and make the call
 * fail; so do record types the rules name (`rules: {review: {types:
 * [...]}}`) that the schemas do not define. Returns 0, or -1: then *err has a message (caller frees) unless the
 * diagnostics say what went wrong.
 */
int wl_repo_open(struct wl_repo **out, const struct wl_repo_opts *opts,
		 struct wl_diags *diags, char **err);
/*
 * Opens the repository whose files come from `src` (taken over, freed
 * with the repository, also on failure): the configuration and the
 * schemas are read from it as wl_repo_open does. Returns 0 or -1 as
 * wl_repo_open.
 */
int wl_repo_open_source(struct wl_repo **out, struct wl_source *src,
			struct wl_diags *diags, char **err);
void wl_repo_free(struct wl_repo *repo);

/*
 * Makes the repository read its files from `src` (taken over; the
 * previous source is freed) under the configuration and schemas it was
 * opened with: the hooks judge one version by the rules of another.
 * Both must be sources of the same git repository.
 */
void wl_repo_set_source(struct wl_repo *repo, struct wl_source *src);

/*
 * Identifies the rules source `src` holds without compiling them: the
 * blob of its .worklog.yaml and the path and blob of every file in the
 * schema folders that names. Two sources with the same id compile to the
 * same rules. Returns 0 with *out set, 1 if the source has no
 * .worklog.yaml, -1 with *err set.
 */
int wl_repo_rules_id(struct wl_oid *out, struct wl_source *src, char **err);

/*
 * Turns command-line paths (relative to `cwd`, absolute, files or folders)
 * into the repository-relative files to check: a file as given, a folder
 * as every record beneath it (files matching the `records` globs, or every
 * .md file when no glob reaches into it). With no paths: every file that
 * matches the `records` globs. Returns 0, or -1 with *err set.
 */
int wl_repo_select(struct wl_repo *repo, const char *cwd, char **paths,
		   size_t nr, struct wl_pathlist *out, char **err);

/*
 * Turns a command-line path (relative to `cwd`, or absolute) into one
 * relative to the repository root, `.` and `..` removed lexically (the
 * file may exist only in the index or a commit): "" for the root
 * itself. Returns 0 with *out set (caller frees), or -1 with *err set
 * when the path lies outside the repository.
 */
int wl_repo_relative(char **out, const struct wl_repo *repo, const char *cwd,
		     const char *path, char **err);

/*
 * Returns the record type of a parsed record: the `types:` glob its path
 * matches, else its `type:` field. Missing or unknown types are "schema"
 * diagnostics; then NULL is returned.
 */
const struct wl_type *wl_repo_record_type(struct wl_repo *repo,
					  const struct wl_record *r,
					  struct wl_diags *diags);

/*
 * Parses a record (taking `buf`, as wl_record_parse does) and resolves its
 * type, which is also kept in r->type. The front matter stays as
 * written, but for its `worklog:` key, which is taken out into
 * r->settings (record.h): a record typed by a `types:` glob keeps its own
 * `type:` field, whatever it means to its corpus. Returns the type
 * (borrowed from the repository), or NULL with the reason in `diags`.
 */
const struct wl_type *wl_repo_parse_record(struct wl_repo *repo,
					   struct wl_record *r,
					   const char *path, char *buf,
					   size_t len, struct wl_diags *diags);

/* At most this many findings are shown for one record. */
#define WL_MAX_RECORD_DIAGS 100

/*
 * Reads, parses and validates one record. The parsed record is kept in
 * *out if `out` is not NULL (release it with wl_record_release), and its
 * type (NULL if unknown) in *type if `type` is not NULL. A file over the
 * size limit (`limits: file-bytes`) is not read: it is a "syntax" finding
 * at 1:1 (wl_record_too_big). Returns 0, or -1 if the file could not be
 * read (a diagnostic-free failure with *err set).
 */
int wl_repo_validate_one(struct wl_repo *repo, const char *path,
			 struct wl_record *out, const struct wl_type **type,
			 struct wl_diags *diags, char **err);

#endif
