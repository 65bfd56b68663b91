#ifndef WL_LOCKED_H
#define WL_LOCKED_H

#include <stddef.h>

#include "diag.h"
#include "git.h"
#include "rules.h"

/*
 * The `locked` rule (DESIGN.md §2): once a record has been in a done
 * state, or past the end of its period, for longer than `locked.after`,
 * a change to it (or its deletion) is a finding. The hooks enforce it.
 */

/* How far back the walk looks for when a record became done. */
#define WL_LOCKED_WALK_MAX 100000

/* A record whose previous version is done: since when? */
struct wl_locked_query {
	const char *path;       /* in: its path in the base commit */
	int known;              /* out: 1 if `since` was found */
	long long since;        /* out: when its done state began: the
				   committer time of the oldest commit of the
				   unbroken run of done versions */
};

/*
 * Answers every query with one walk of the first-parent history from
 * `base` (not one walk per record): a version of a record counts as
 * done when `is_done(arg, path, blob, &done, err)` says so (it returns
 * 0, or -1 with *err set to stop). Returns 0, or -1 with *err set.
 */
int wl_locked_since(struct wl_locked_query *q, size_t nr, struct wl_git *git,
		    const struct wl_oid *base,
		    int (*is_done)(void *arg, const char *path,
				   const struct wl_oid *blob, int *done,
				   char **err),
		    void *arg, char **err);

/*
 * The rule's check, as the rule registry runs it over a change to one
 * record (`in->old_fm` the version before, `in->fm` NULL when it was
 * deleted): findings of severity `sev` at 1:1 of `in->path`. Returns 0.
 */
int wl_locked_check(struct wl_diags *out, const struct wl_rule_change *in,
		    int sev);

#endif
