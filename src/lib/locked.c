#include "locked.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "util.h"

#include "../banned.h"

struct walk_data {
	struct wl_locked_query *q;
	int (*is_done)(void *arg, const char *path, const struct wl_oid *blob,
		       int *done, char **err);
	void *arg;
};

/* keep() of the walk: is this version of record `i` done? */
static int keep_done(void *data, size_t i, const struct wl_oid *blob,
		     char **err)
{
	struct walk_data *w = data;
	int done = 0;

	if (!blob)
		return 0;
	if (w->is_done(w->arg, w->q[i].path, blob, &done, err) < 0)
		return -1;
	return done;
}

int wl_locked_since(struct wl_locked_query *q, size_t nr, struct wl_git *git,
		    const struct wl_oid *base,
		    int (*is_done)(void *arg, const char *path,
				   const struct wl_oid *blob, int *done,
				   char **err),
		    void *arg, char **err)
{
	struct walk_data w = { q, is_done, arg };
	struct wl_path_since *v;
	size_t i;
	int ret;

	if (!nr)
		return 0;
	v = wl_xcalloc(nr, sizeof(*v));
	for (i = 0; i < nr; i++)
		v[i].path = q[i].path;
	ret = wl_git_paths_since(v, nr, git, base, keep_done, &w,
				 WL_LOCKED_WALK_MAX, err);
	for (i = 0; i < nr && !ret; i++) {
		q[i].known = v[i].kept;
		q[i].since = v[i].since;
	}
	free(v);
	return ret;
}

int wl_locked_check(struct wl_diags *out, const struct wl_rule_change *in,
		    int sev)
{
	const struct wl_duration *after = &in->rules->locked.after;
	const char *period, *verb;
	char day[WL_DATE_MAX];
	struct wl_period p;

	if (!in->old_fm)
		return 0;
	verb = in->fm ? "it may not change" : "it may not be deleted";
	period = wl_node_get_str(in->old_fm, "period");
	if (period && !wl_period_parse(&p, period, strlen(period))) {
		/* The period ends at the end of its last day, in the
		 * commit's time zone. */
		long long end = (p.last + 1) * 86400 -
				(long long)in->offset * 60;

		if (in->now - end > after->secs) {
			wl_day_fmt(day, p.last);
			wl_diags_add(out, in->path, 1, 1, sev, "locked",
				     "record is locked: its period %s ended on %s, more than %s ago; %s",
				     period, day, after->text, verb);
			return 0;
		}
	}
	if (in->has_done_since && in->now - in->done_since > after->secs) {
		wl_day_fmt(day, wl_time_day(in->done_since,
					    (long long)in->offset * 60));
		wl_diags_add(out, in->path, 1, 1, sev, "locked",
			     "record is locked: done since %s, more than %s ago; %s",
			     day, after->text, verb);
	}
	return 0;
}
