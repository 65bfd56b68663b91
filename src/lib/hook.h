#ifndef WL_HOOK_H
#define WL_HOOK_H

#include <stddef.h>

#include "diag.h"
#include "git.h"

/*
 * The git hooks' judgement of a version of the repository (what a commit
 * will contain, or a commit a push adds) against the version before it:
 *
 * - records added or changed are validated in full;
 * - ids, references and people are checked across the whole version
 *   (check.h), so deleting a record others reference or adding a second
 *   record with an id is caught;
 * - each changed record is compared with its previous version (paired
 *   by path, or by id when it moved: pair.h) by the rules of the
 *   registry that judge a change (rules.h): x-transitions, and the
 *   `locked` rule (`rules: {locked: {after: 30d}}`, locked.h);
 * - the configuration and schemas are read from the version judged; when
 *   they change, every record is judged in full. When they have errors,
 *   the verdict says so (config_failed) and nothing else is judged.
 *
 * The versions are read through the source layer (source.h) and the
 * facts of each record blob kept in the cache (version.h, cache.h).
 *
 * Findings of records not in the version's .worklog.yaml globs are not
 * made; a version without .worklog.yaml is not judged at all.
 */

struct wl_verdict {
	struct wl_diags diags;
	size_t failed;      /* files with at least one error */
	size_t checked;     /* records judged in full */
	int skipped;        /* no .worklog.yaml: nothing was judged */
	int warn_only;      /* .worklog.yaml sets hooks: {warn-only: true} */
	int config_failed;  /* the version's configuration or schemas have
			       errors (they are the diagnostics): nothing
			       was judged */
};
#define WL_VERDICT_INIT { WL_DIAGS_INIT, 0, 0, 0, 0, 0 }
void wl_verdict_release(struct wl_verdict *v);

enum wl_hook_flags {
	WL_HOOK_NO_CACHE = 1 << 0,   /* no cache file: parse every record */
};

struct wl_hook;

/*
 * Prepares to judge versions of `git` (borrowed; it must outlive the
 * hook). The facts cache lives in $GIT_COMMON_DIR/worklog/cache.sqlite.
 * Returns 0.
 */
int wl_hook_new(struct wl_hook **out, struct wl_git *git, unsigned flags);
/* Writes the cache and frees the hook; NULL does nothing. */
void wl_hook_free(struct wl_hook *h);

/*
 * Judges the index, as `git commit` is about to commit it, against HEAD
 * (none before the first commit), with the other parents of a merge in
 * progress: MERGE_HEAD's, and `merging` (may be NULL) for a merge that
 * has not written it yet (pre-merge-commit). A record whose content
 * comes unchanged from one of them is validated but not compared. `now`
 * and `offset` (minutes east of UTC) are the commit's time. Returns 0, or
 * -1 with *err set when the version could not be read.
 */
int wl_hook_judge_index(struct wl_verdict *out, struct wl_hook *h,
			const struct wl_oids *merging, long long now,
			int offset, char **err);

/* Judges commit `id` against its first parent, at the commit's time.
 * Returns 0, or -1 with *err set. */
int wl_hook_judge_commit(struct wl_verdict *out, struct wl_hook *h,
			 const struct wl_oid *id, char **err);

/* Returns 1 if the .worklog.yaml of commit `id` sets hooks: {warn-only:
 * true}, 0 if not or if it cannot be read. */
int wl_hook_warn_only(struct wl_hook *h, const struct wl_oid *id);

/* One line of a push: `old new ref`. */
struct wl_ref_update {
	char *ref;
	struct wl_oid old_oid;
	struct wl_oid new_oid;
};
struct wl_ref_updates {
	struct wl_ref_update *v;
	size_t nr, alloc;
};
#define WL_REF_UPDATES_INIT { NULL, 0, 0 }
/* Parses `OLD NEW REF` (a line of pre-receive's input, or the update
 * hook's arguments joined) and appends it. Returns 0, or -1 with *err. */
int wl_ref_updates_add(struct wl_ref_updates *u, const char *old_hex,
		       const char *new_hex, const char *ref, char **err);
void wl_ref_updates_release(struct wl_ref_updates *u);

/*
 * Lists the commits a push adds, oldest first: those reachable from the
 * new values but from no existing reference (`new --not --all`), or with
 * `tip_only` just the new values themselves. Deletions (new is zero) add
 * nothing; annotated tags are peeled, and tags of trees or blobs add
 * nothing. Returns 0, or -1 with *err set.
 */
int wl_hook_push_commits(struct wl_oids *out, struct wl_hook *h,
			 const struct wl_ref_updates *u, int tip_only,
			 char **err);

#endif
