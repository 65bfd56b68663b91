#ifndef WL_HOOK_H
#define WL_HOOK_H

#include <stddef.h>

#include "diag.h"
#include "git.h"
#include "push.h"

/*
 * The git hooks' judgement of a version of the repository (what a commit
 * will contain, or a commit a push adds) against the version before it:
 *
 * - records added or changed are judged in full by lint's rules of one
 *   record (lint.h's wl_lint_read), at the severities of the rules'
 *   `hooks: {rules: ...}` (config.h's hooks.rules; overdue, when turned
 *   on there, on the day of the judgement's time);
 * - ids, references and people are checked across the whole version
 *   (check.h), so deleting a record others reference or adding a second
 *   record with an id is caught;
 * - each changed record is compared with its previous version (paired
 *   by path, or by id when it moved: pair.h) by the rules of the
 *   registry that judge a change (rules.h): x-transitions, and the
 *   `locked` rule (`rules: {locked: {after: 30d}}`, locked.h). In a
 *   merge, a record is taken as it is from another parent only when the
 *   first parent's version is the merge base's: the other side changed
 *   it, in history judged on its own;
 * - the findings of each judgement are settled as lint settles them
 *   (wl_lint_settle): the records' own suppressions hide what they may
 *   (never transition or locked: the change could add the suppression)
 *   and a suppression that hides nothing is reported;
 * - the rules (configuration and schemas) are given: a commit's own for
 *   pre-commit and a first push, the branch's before the push otherwise
 *   (so a push cannot loosen the rules it is judged by). When a version
 *   is judged by its own rules and changes them, every record is judged
 *   in full. When the rules have errors, the verdict says so
 *   (config_failed) and nothing else is judged.
 *
 * The versions are read through the source layer (source.h) and the
 * facts of each record blob kept in the cache (version.h, cache.h). Each
 * distinct set of rules is compiled once per hook, however many commits
 * it judges.
 *
 * Findings of records not in the rules' `records` globs are not made;
 * rules without .worklog.yaml judge nothing.
 */

struct wl_verdict {
	struct wl_diags diags;
	size_t failed;      /* files with at least one error */
	size_t checked;     /* records judged in full */
	int skipped;        /* no .worklog.yaml: nothing was judged */
	int warn_only;      /* the rules set hooks: {warn-only: true} */
	int config_failed;  /* the rules (configuration or schemas) have
			       errors (they are the diagnostics): nothing
			       was judged */
	struct wl_oid config_commit; /* a push's: the commit the rules with
					errors are in */
};
#define WL_VERDICT_INIT { WL_DIAGS_INIT, 0, 0, 0, 0, 0, { { 0 } } }
void wl_verdict_release(struct wl_verdict *v);

enum wl_hook_flags {
	WL_HOOK_NO_CACHE = 1 << 0,   /* no cache file: parse every record */
};

struct wl_hook;

/* What a hook did, for --stats and the benchmarks. */
struct wl_hook_stats {
	size_t judged;        /* versions judged (a commit once per rules) */
	size_t compiled;      /* sets of rules (configuration and schemas)
				 compiled */
	size_t checked;       /* records validated in full */
};

/*
 * Prepares to judge versions of `git` (borrowed; it must outlive the
 * hook). The facts cache lives in $GIT_COMMON_DIR/worklog/cache.sqlite.
 * Returns 0.
 */
int wl_hook_new(struct wl_hook **out, struct wl_git *git, unsigned flags);
/*
 * Says the commit or push judged is let through: wl_hook_free then keeps
 * what the cache learned. Without it the cache file is left as it was,
 * since git deletes the objects of a rejected push.
 */
void wl_hook_accept(struct wl_hook *h);
/* Frees the hook (writing the cache if accepted); NULL does nothing. */
void wl_hook_free(struct wl_hook *h);
/* Returns what the hook did so far; borrowed. */
const struct wl_hook_stats *wl_hook_stats(const struct wl_hook *h);

/*
 * Judges the index, as `git commit` is about to commit it, by its own
 * rules, against HEAD (none before the first commit), with the other
 * parents of a merge in progress: MERGE_HEAD's, and `merging` (may be
 * NULL) for a merge that has not written it yet (pre-merge-commit). `now`
 * and `offset` (minutes east of UTC) are the commit's time. Returns 0, or
 * -1 with *err set when the version could not be read.
 */
int wl_hook_judge_index(struct wl_verdict *out, struct wl_hook *h,
			const struct wl_oids *merging, long long now,
			int offset, char **err);

/*
 * Makes the judgement `job` of a push (push.h) at time `now`: the
 * server's clock, never a pushed commit's date. Periods end in the time
 * zone of the rules judging (`timezone:`, else the server's). Returns 0,
 * or -1 with *err set.
 */
int wl_hook_judge_push(struct wl_verdict *out, struct wl_hook *h,
		       const struct wl_push_job *job, long long now,
		       char **err);

#endif
