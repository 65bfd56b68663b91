#include "push.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repo.h"
#include "source.h"
#include "util.h"

#include "../banned.h"

int wl_ref_updates_add(struct wl_ref_updates *u, const char *old_hex,
		       const char *new_hex, const char *ref, char **err)
{
	struct wl_ref_update r;

	if (wl_oid_parse(&r.old_oid, old_hex) < 0 ||
	    wl_oid_parse(&r.new_oid, new_hex) < 0 || !*ref) {
		*err = wl_xprintf("not a reference update: '%s %s %s'",
				  old_hex, new_hex, ref);
		return -1;
	}
	r.ref = wl_xstrdup(ref);
	WL_ALLOC_GROW(u->v, u->nr + 1, u->alloc);
	u->v[u->nr++] = r;
	return 0;
}

void wl_ref_updates_release(struct wl_ref_updates *u)
{
	size_t i;

	for (i = 0; i < u->nr; i++)
		free(u->v[i].ref);
	free(u->v);
	memset(u, 0, sizeof(*u));
}

void wl_push_plan_release(struct wl_push_plan *p)
{
	free(p->v);
	memset(p, 0, sizeof(*p));
}

/* The rules of a commit, by identity (wl_repo_rules_id). */
struct rules_id {
	int none;                      /* no .worklog.yaml */
	struct wl_oid id;
};

/* A plan being made, with the rules of each job: a commit is judged once
 * per distinct rules. */
struct planning {
	struct wl_git *git;
	struct wl_push_plan *plan;
	struct rules_id *rules;        /* per job */
	size_t rules_alloc;
	struct wl_oid last;            /* the commit asked last, and its */
	struct rules_id last_rules;    /* rules: a branch's, asked often */
	int have_last;
};

static int same_rules(const struct rules_id *a, const struct rules_id *b)
{
	return a->none == b->none && (a->none || !wl_oid_cmp(&a->id, &b->id));
}

/* Identifies the rules of commit `id`. Returns 0, or -1 with *err. */
static int rules_of(struct rules_id *out, struct planning *p,
		    const struct wl_oid *id, char **err)
{
	struct wl_source *src = NULL;
	int r = -1;

	if (p->have_last && !wl_oid_cmp(&p->last, id)) {
		*out = p->last_rules;
		return 0;
	}
	if (wl_source_open_commit(&src, p->git, id, err) < 0)
		return -1;
	memset(out, 0, sizeof(*out));
	r = wl_repo_rules_id(&out->id, src, err);
	if (r < 0)
		goto done;
	out->none = r;
	p->have_last = 1;
	p->last = *id;
	p->last_rules = *out;
	r = 0;
done:
	wl_source_free(src);
	return r;
}

/* Adds `what` for commit `id` judged by the rules of commit `from`
 * (`rewound`: the old tip of a rewind). */
static int plan_add(struct planning *p, const struct wl_oid *id,
		    const struct wl_oid *from, unsigned what,
		    const struct wl_oid *rewound, char **err)
{
	struct wl_push_job *job;
	struct rules_id rules;
	size_t i;

	if (rules_of(&rules, p, from, err) < 0)
		return -1;
	for (i = 0; i < p->plan->nr; i++) {
		job = &p->plan->v[i];
		if (wl_oid_cmp(&job->commit, id) ||
		    !same_rules(&p->rules[i], &rules) ||
		    (rewound && (job->what & WL_PUSH_REWIND)))
			continue;
		job->what |= what;
		if (rewound)
			job->rewound = *rewound;
		return 0;
	}
	WL_ALLOC_GROW(p->plan->v, p->plan->nr + 1, p->plan->alloc);
	WL_ALLOC_GROW(p->rules, p->plan->nr + 1, p->rules_alloc);
	job = &p->plan->v[p->plan->nr];
	memset(job, 0, sizeof(*job));
	job->commit = *id;
	job->rules = *from;
	job->what = what;
	if (rewound)
		job->rewound = *rewound;
	p->rules[p->plan->nr++] = rules;
	return 0;
}

/*
 * The tip's own rules, when they are not the branch's: a push that
 * changes the rules is judged by the old ones, and must leave every
 * record valid under the new ones.
 */
static int plan_own_rules(struct planning *p, const struct wl_oid *tip,
			  const struct wl_oid *from, char **err)
{
	struct rules_id own, branch;

	if (rules_of(&own, p, tip, err) < 0 ||
	    rules_of(&branch, p, from, err) < 0)
		return -1;
	if (own.none || same_rules(&own, &branch))
		return 0;
	return plan_add(p, tip, from, WL_PUSH_OWN_RULES, NULL, err);
}

/* A non-fast-forward from `old` to `tip` brings back what `old` changed
 * since their merge base: the tip is judged against the old tip too. */
static int plan_rewind(struct planning *p, const struct wl_oid *old,
		       const struct wl_oid *tip, char **err)
{
	struct wl_oid base;
	int r = wl_git_merge_base(&base, p->git, old, tip, err);

	if (r < 0)
		return -1;
	if (!r && !wl_oid_cmp(&base, old))
		return 0;
	return plan_add(p, tip, old, WL_PUSH_REWIND, old, err);
}

/*
 * The commits an update to `tip` adds to its reference: `old..tip` for an
 * existing one, what the server does not have for a new one.
 */
static int added_commits(struct wl_oids *out, struct wl_git *git,
			 const struct wl_oid *old, const struct wl_oid *tip,
			 char **err)
{
	struct wl_oids tips = WL_OIDS_INIT;
	char a[WL_OID_HEXSZ + 1], b[WL_OID_HEXSZ + 1], range[2 * WL_OID_HEXSZ + 3];
	int ret;

	if (old) {
		wl_oid_fmt(a, old);
		wl_oid_fmt(b, tip);
		snprintf(range, sizeof(range), "%s..%s", a, b);
		return wl_git_walk(out, git, range, 0, err);
	}
	wl_oids_add(&tips, tip);
	ret = wl_git_new_commits(out, git, &tips, err);
	wl_oids_release(&tips);
	return ret;
}

/* Plans one reference update whose new value is commit `tip`. */
static int plan_update(struct planning *p, const struct wl_ref_update *u,
		       const struct wl_oid *tip, int tip_only, char **err)
{
	struct wl_oids commits = WL_OIDS_INIT;
	struct wl_oid old, from;
	int have_old = 0, own = 0, r, ret = -1;
	size_t i;

	if (!wl_oid_is_zero(&u->old_oid)) {
		r = wl_git_peel(&old, p->git, &u->old_oid, err);
		if (r < 0)
			return -1;
		have_old = !r;
	}
	if (have_old) {
		from = old;
	} else {
		/* A new branch: the default branch's rules; none on an
		 * empty server (HEAD names no commit yet). */
		r = wl_git_head(&from, p->git, err);
		if (r < 0)
			return -1;
		own = r;
	}
	if (tip_only)
		wl_oids_add(&commits, tip);
	else if (added_commits(&commits, p->git, have_old ? &old : NULL, tip,
			       err) < 0)
		goto done;
	for (i = 0; i < commits.nr; i++) {
		if (plan_add(p, &commits.v[i], own ? &commits.v[i] : &from,
			     WL_PUSH_CHANGE, NULL, err) < 0)
			goto done;
		/* The rules of a tip the branch already had (a tag of an
		 * old commit, a rewind) were judged when it came. */
		if (!own && !wl_oid_cmp(&commits.v[i], tip) &&
		    plan_own_rules(p, tip, &from, err) < 0)
			goto done;
	}
	if (have_old && plan_rewind(p, &old, tip, err) < 0)
		goto done;
	ret = 0;
done:
	wl_oids_release(&commits);
	return ret;
}

int wl_push_plan_make(struct wl_push_plan *out, struct wl_git *git,
		      const struct wl_ref_updates *u, int tip_only,
		      char **err)
{
	struct planning p;
	size_t i;
	int ret = -1;

	memset(&p, 0, sizeof(p));
	p.git = git;
	p.plan = out;
	*err = NULL;
	for (i = 0; i < u->nr; i++) {
		struct wl_oid tip;
		int r;

		if (wl_oid_is_zero(&u->v[i].new_oid))
			continue;
		r = wl_git_peel(&tip, git, &u->v[i].new_oid, err);
		if (r < 0)
			goto done;
		if (!r && plan_update(&p, &u->v[i], &tip, tip_only, err) < 0)
			goto done;
	}
	ret = 0;
done:
	free(p.rules);
	return ret;
}
