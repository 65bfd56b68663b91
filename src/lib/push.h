#ifndef WL_PUSH_H
#define WL_PUSH_H

#include <stddef.h>

#include "git.h"

/*
 * What a push asks the server hooks (pre-receive, update) to judge: the
 * reference updates git passes, and the plan of judgements they make
 * (hook.h makes them). Who may loosen what is decided here: a branch is
 * judged by its own rules before the push, never by the pushed ones.
 */

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

/* What a judgement of a push looks at (enum wl_push_job's `what`). */
enum wl_push_what {
	/* the commit, against its first parent: a commit the push adds */
	WL_PUSH_CHANGE = 1 << 0,
	/* the commit against the tip it replaces, where a non-fast-forward
	 * brings back versions of records (`rewound`) */
	WL_PUSH_REWIND = 1 << 1,
	/* every record of the commit, in full, by its own rules as well: a
	 * pushed tip whose rules differ from those it is judged by */
	WL_PUSH_OWN_RULES = 1 << 2,
};

/* One judgement of a push. */
struct wl_push_job {
	struct wl_oid commit;
	struct wl_oid rules;    /* the commit whose configuration and
				   schemas judge it: the branch's tip before
				   the push, the default branch's (HEAD's)
				   for a new branch, or the commit itself
				   when the server has no such commit */
	unsigned what;          /* enum wl_push_what */
	struct wl_oid rewound;  /* WL_PUSH_REWIND: the tip replaced */
};
struct wl_push_plan {
	struct wl_push_job *v;
	size_t nr, alloc;
};
#define WL_PUSH_PLAN_INIT { NULL, 0, 0 }
void wl_push_plan_release(struct wl_push_plan *p);

/*
 * Plans the judgement of a push in `git`, in the order to judge (each branch's
 * commits oldest first). Each reference update brings:
 *
 * - the commits it adds to the reference, judged by the reference's
 *   rules before the push: for an existing reference every commit
 *   `new --not old` (also those already on the server elsewhere: they
 *   join this branch now), for a new one the commits the server does not
 *   have (`new --not --all`) by the rules of HEAD's commit, or by their
 *   own when HEAD names none (an empty server); with `tip_only` just the
 *   new value;
 * - a non-fast-forward: the new tip against the old (WL_PUSH_REWIND);
 * - a tip among those commits whose own rules differ from the
 *   reference's: WL_PUSH_OWN_RULES.
 *
 * A commit pushed to several references is judged once per distinct set
 * of rules. Deletions (new is zero) add nothing; annotated tags are
 * peeled, and tags of trees or blobs add nothing. Returns 0, or -1 with
 * *err set.
 */
int wl_push_plan_make(struct wl_push_plan *out, struct wl_git *git,
		      const struct wl_ref_updates *u, int tip_only,
		      char **err);

#endif
