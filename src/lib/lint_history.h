#ifndef WL_LINT_HISTORY_H
#define WL_LINT_HISTORY_H

#include <stddef.h>

#include "diag.h"
#include "record.h"
#include "repo.h"
#include "rules.h"
#include "source.h"
#include "type.h"
#include "util.h"

/*
 * Lint's rules over the git history of the records (DESIGN.md §2, §6):
 *
 *   stale    a record in an open state whose last commit is older than
 *            `stale.after`;
 *   cadence  a periodic record owed by `rules.cadence` that is missing,
 *            or first committed after its deadline (cadence.h);
 *   review   a record of `review.types` whose period ended more than
 *            `review.within` ago and has no reviewed_by who is a roster
 *            reviewer, or got it too late: dated by its `reviewed` field
 *            when it has one, else by the commit that set reviewed_by;
 *   locked   a record done, or past the end of its period, for longer
 *            than `locked.after`, changed by a later commit.
 *
 * A run notes what these need of each record as it reads it (no record
 * is read twice), then walks the history once by path alone (rectimes.h)
 * and, for review and locked only, follows the few records they concern
 * back along the first parents, reading just their versions.
 */

/* A scalar field of a record: its text (NULL: absent, or not a
 * scalar) and where it is. */
struct wl_lint_hist_field {
	const char *value;
	int line, column;
};

/* What the history rules need of one record of the version. Strings are
 * the collection's own. */
struct wl_lint_hist_rec {
	const char *path;
	const char *type;           /* NULL: untyped or unreadable */
	const char *owner;          /* NULL: none */
	struct wl_lint_hist_field state, period, reviewed_by, reviewed;
	enum wl_state_class state_class;
	int judged;                 /* its findings are the run's */
};

struct wl_lint_hist {
	struct wl_lint_hist_rec *v;
	size_t nr, alloc;
	struct wl_arena strings;
};
#define WL_LINT_HIST_INIT { NULL, 0, 0, WL_ARENA_INIT }
void wl_lint_hist_release(struct wl_lint_hist *h);

/* Returns 1 if one of stale, cadence, review and locked is on in
 * `rules`, else 0. */
int wl_lint_hist_wanted(const struct wl_rules *rules);

/*
 * Notes what the history rules need of record `r` at `path` (`type`
 * NULL when it has none); `judged`: the run reports findings on it.
 */
void wl_lint_hist_note(struct wl_lint_hist *h, const char *path,
		       const struct wl_record *r, const struct wl_type *type,
		       int judged);

/* transition over history, asked of wl_lint_hist_check. */
struct wl_lint_hist_trans {
	const char *range;          /* NULL: everything (see below) */
	int sev;
	const struct wl_pathlist *only;     /* sorted, or NULL: all */
	int done;                   /* out: judged */
};

/*
 * Judges the noted records of `repo`'s version by the history rules on
 * in `rules`, appending findings to `out`. `today` is a day number and
 * `now` the second deadlines are judged at (wl_now). A missing cadence
 * record is reported at the path it is expected at (cadence.h) only
 * when `every` (the run judges every record). With `trans` (may be
 * NULL) and no range, the one walk of the history also judges
 * transition, as wl_lint_hist_transitions would, and sets trans->done:
 * one walk instead of two. Returns 0;
 * WL_GIT_NO_REPO when the source is in no git repository (nothing is
 * judged); or -1 with *err set (caller frees).
 */
int wl_lint_hist_check(struct wl_diags *out, struct wl_lint_hist *h,
		       struct wl_repo *repo, const struct wl_rules *rules,
		       long long today, long long now, int every,
		       struct wl_lint_hist_trans *trans, char **err);

/*
 * The transition rule over history (`lint --history`): every committed
 * change of a field named by its type's x-transitions, in the commits of
 * `range` (history.h's: NULL is everything the version's revision
 * reaches), must be one the machine allows. Findings of severity `sev`
 * are at 1:1 of the record's path at the end of the range (renames
 * followed), naming the commit; with `only` (sorted paths) just those
 * paths'. Each record blob is
 * parsed once, ever (the history engine's cache). Returns 0, or -1 with
 * *err set (no git repository, an unknown revision).
 */
int wl_lint_hist_transitions(struct wl_diags *out, struct wl_repo *repo,
			     const char *range, int sev,
			     const struct wl_pathlist *only, char **err);

#endif
