/*
 * The cadence figures (cadence.h): the periods each person owes, and
 * the record that meets each, on time or not.
 */
#include "cadence.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "glob.h"
#include "record.h"
#include "type.h"

#include "../banned.h"

const char *wl_cadence_status_name(enum wl_cadence_status s)
{
	switch (s) {
	case WL_CADENCE_ON_TIME: return "on time";
	case WL_CADENCE_LATE: return "late";
	case WL_CADENCE_MISSING: return "missing";
	case WL_CADENCE_PENDING: return "pending";
	}
	return "pending";
}

void wl_cadence_release(struct wl_cadence *c)
{
	size_t i;

	for (i = 0; i < c->nr; i++)
		free(c->v[i].path);
	free(c->v);
	free(c->people);
	memset(c, 0, sizeof(*c));
}

static const enum wl_period_kind kinds[] = {
	[WL_EVERY_DAY] = WL_PERIOD_DAY, [WL_EVERY_WEEK] = WL_PERIOD_WEEK,
	[WL_EVERY_MONTH] = WL_PERIOD_MONTH,
	[WL_EVERY_QUARTER] = WL_PERIOD_QUARTER,
};

/* ---- the records that may meet a requirement --------------------------- */

/* A candidate: a record of the requirement's type, with an owner and a
 * period. */
struct cand {
	const char *owner;
	struct wl_period period;
	const struct wl_cadence_record *rec;
};

static int cmp_cand(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	int c = strcmp(x->owner, y->owner);

	if (c)
		return c;
	if (x->period.first != y->period.first)
		return x->period.first < y->period.first ? -1 : 1;
	if (x->period.kind != y->period.kind)
		return x->period.kind < y->period.kind ? -1 : 1;
	/* The earliest committed first; one not committed last. */
	if (!x->rec->first || !y->rec->first)
		return !x->rec->first - !y->rec->first;
	return (x->rec->first->time > y->rec->first->time) -
	       (x->rec->first->time < y->rec->first->time);
}

/* The records of `type` that have an owner and a period, sorted. */
static struct cand *candidates(const struct wl_cadence_input *in,
			       const char *type, size_t *nr)
{
	struct cand *v = wl_xcalloc(in->nr + 1, sizeof(*v));
	size_t i;

	*nr = 0;
	for (i = 0; i < in->nr; i++) {
		const struct wl_cadence_record *r = &in->records[i];
		struct cand *c = &v[*nr];

		if (!r->type || strcmp(r->type, type) || !r->owner ||
		    !r->period ||
		    wl_period_parse(&c->period, r->period, strlen(r->period)))
			continue;
		c->owner = r->owner;
		c->rec = r;
		(*nr)++;
	}
	qsort(v, *nr, sizeof(*v), cmp_cand);
	return v;
}

/* The best candidate for `person` and period `p`, or NULL. */
static const struct wl_cadence_record *find(const struct cand *v, size_t nr,
					    const char *person,
					    const struct wl_period *p)
{
	size_t lo = 0, hi = nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(v[mid].owner, person);

		if (!c && v[mid].period.first != p->first)
			c = v[mid].period.first < p->first ? -1 : 1;
		if (!c && v[mid].period.kind != p->kind)
			c = v[mid].period.kind < p->kind ? -1 : 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < nr && !strcmp(v[lo].owner, person) &&
	    v[lo].period.first == p->first && v[lo].period.kind == p->kind)
		return v[lo].rec;
	return NULL;
}

/* ---- where a missing record is expected -------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The folder holding most candidates (the first in path order of
 * those with as many), with its final slash; NULL if none. */
static char *busiest_folder(const struct cand *v, size_t nr)
{
	char **dirs = wl_xcalloc(nr + 1, sizeof(*dirs));
	char *best = NULL;
	size_t i, run, best_run = 0;

	for (i = 0; i < nr; i++) {
		const char *slash = strrchr(v[i].rec->path, '/');

		dirs[i] = wl_xstrndup(v[i].rec->path,
				      slash ? (size_t)(slash - v[i].rec->path) + 1 :
					      0);
	}
	qsort(dirs, nr, sizeof(*dirs), cmp_str);
	for (i = 0; i < nr; i += run) {
		for (run = 1; i + run < nr && !strcmp(dirs[i], dirs[i + run]);
		     run++)
			;
		if (run > best_run) {
			best_run = run;
			best = dirs[i];
		}
	}
	best = best ? wl_xstrdup(best) : NULL;
	wl_strv_free(dirs, nr);
	return best;
}

/* The literal folder a glob starts with, with its final slash. */
static char *glob_folder(const char *glob)
{
	size_t n = wl_glob_prefix(glob);

	if (!strncmp(glob, "./", 2)) {
		glob += 2;
		n = n >= 2 ? n - 2 : 0;
	}
	/* wl_glob_prefix stops before the slash. */
	if (glob[n] == '/')
		n++;
	return wl_xstrndup(glob, n);
}

/* The folder new records of `type` go to. */
static char *folder_for(const struct wl_config *cfg, const char *type,
			const struct cand *v, size_t nr)
{
	char *dir = busiest_folder(v, nr);
	size_t i;

	for (i = 0; !dir && i < cfg->types_nr; i++)
		if (!strcmp(cfg->types[i].type, type))
			dir = glob_folder(cfg->types[i].glob);
	if (!dir)
		dir = cfg->records_nr ? glob_folder(cfg->records[0]) :
					wl_xstrdup("");
	return dir;
}

/* `dir` (empty, or ending in '/') joined with `name`, which may begin
 * with folders of its own (an x-filename may): those `dir` ends with
 * are not repeated. */
static char *join_dir(const char *dir, const char *name)
{
	const char *slash = strrchr(name, '/');
	size_t dl = strlen(dir), nl = slash ? (size_t)(slash - name) + 1 : 0;

	if (nl && nl <= dl && !memcmp(dir + dl - nl, name, nl) &&
	    (nl == dl || dir[dl - nl - 1] == '/'))
		dl -= nl;
	return wl_xprintf("%.*s%s", (int)dl, dir, name);
}

/* x-filename with {period} and {owner} filled in, or "{period}-{owner}.md"
 * when it has none or needs other fields or wildcards, in `dir`. */
static char *expected_path(const char *dir, const struct wl_type *type,
			   const char *period, const char *owner)
{
	struct wl_buf b = WL_BUF_INIT;
	const char *p = type ? type->filename : NULL;
	char *path;

	while (p && *p) {
		if (!strncmp(p, "{period}", 8)) {
			wl_buf_addstr(&b, period);
			p += 8;
		} else if (!strncmp(p, "{owner}", 7)) {
			wl_buf_addstr(&b, owner);
			p += 7;
		} else if (strchr("{}*?[", *p)) {
			break;
		} else {
			wl_buf_addch(&b, *p++);
		}
	}
	if (!p || *p) {
		wl_buf_reset(&b);
		wl_buf_addf(&b, "%s-%s.md", period, owner);
	}
	path = join_dir(dir, wl_buf_cstr(&b));
	wl_buf_release(&b);
	return path;
}

/* ---- the periods owed --------------------------------------------------- */

/* What the periods of one requirement share. */
struct req {
	const struct wl_cadence_input *in;
	size_t index;
	const struct wl_cadence_require *q;
	const struct wl_type *type;
	struct cand *cands;
	size_t nr;
	char *dir;
};

/* The day periods are owed from, for a person who joined at `from`. */
static long long first_day(const struct wl_cadence_input *in, long long from)
{
	const struct wl_cadence_opts *o = &in->repo->cfg.rules.cadence;
	long long start = o->has_since ? o->since : in->start;

	return from > start ? from : start;
}

/* Judges one period owed: its record, on time or not. */
static void judge(struct wl_cadence_owed *w, const struct req *r)
{
	const struct wl_cadence_input *in = r->in;
	long long grace = r->q->grace.secs, end = w->period.last + 1;
	const struct wl_rec_commit *first;

	/* The deadline's last second, as a local time: its day is the
	 * same in every zone. */
	w->due = wl_time_day(end * 86400 + grace - 1, 0);
	w->record = find(r->cands, r->nr, w->person, &w->period);
	first = w->record ? w->record->first : NULL;
	if (first) {
		long long deadline = end * 86400 - 60LL * first->offset +
				     grace - 1;

		w->status = first->time <= deadline ? WL_CADENCE_ON_TIME :
						      WL_CADENCE_LATE;
	} else if (in->now <= wl_tz_day_start(in->repo->cfg.tz, end) + grace - 1) {
		w->status = WL_CADENCE_PENDING;
	} else {
		w->status = w->record ? WL_CADENCE_LATE : WL_CADENCE_MISSING;
	}
	w->path = w->record ? wl_xstrdup(w->record->path) :
			      expected_path(r->dir, r->type, w->period_text,
					    w->person);
}

static void owe_periods(struct wl_cadence *out, const struct req *r,
			const char *person, long long from)
{
	const struct wl_cadence_input *in = r->in;
	struct wl_period p;
	long long start;

	if (from == LLONG_MAX)
		return;
	start = first_day(in, from);
	if (start == LLONG_MIN)
		return;
	wl_period_of(&p, kinds[r->q->every], start);
	if (p.first < start)
		wl_period_next(&p);
	for (; p.last < in->today; wl_period_next(&p)) {
		struct wl_cadence_owed *w;

		if (in->window && p.last > in->to)
			break;
		if ((in->window && p.last < in->from) ||
		    (r->q->every == WL_EVERY_DAY && wl_weekday(p.first) > 5))
			continue;
		WL_ALLOC_GROW(out->v, out->nr + 1, out->alloc);
		w = &out->v[out->nr++];
		memset(w, 0, sizeof(*w));
		w->require = r->index;
		w->person = person;
		w->period = p;
		wl_period_fmt(w->period_text, &p);
		judge(w, r);
	}
}

/* Since when `person` owes periods: LLONG_MIN (always), a day, or
 * LLONG_MAX (never: not a member). */
static long long member_from(const struct wl_cadence_input *in,
			     const char *person)
{
	size_t i;

	if (!in->members)
		return LLONG_MIN;
	for (i = 0; i < in->members_nr; i++)
		if (!strcmp(in->members[i].id, person))
			return in->members[i].from;
	return LLONG_MAX;
}

/* Counts the periods owed per person, in roster order. */
static void count(struct wl_cadence *out, const struct wl_config *cfg)
{
	size_t i, k;

	out->people = wl_xcalloc(cfg->people_nr + 1, sizeof(*out->people));
	for (i = 0; i < cfg->people_nr; i++) {
		struct wl_cadence_person *p = &out->people[out->people_nr];

		p->person = cfg->people[i].id;
		for (k = 0; k < out->nr; k++) {
			const struct wl_cadence_owed *w = &out->v[k];

			if (strcmp(w->person, p->person))
				continue;
			p->required++;
			p->on_time += w->status == WL_CADENCE_ON_TIME;
			p->late += w->status == WL_CADENCE_LATE;
			p->missing += w->status == WL_CADENCE_MISSING;
			p->pending += w->status == WL_CADENCE_PENDING;
		}
		if (p->required)
			out->people_nr++;
	}
}

int wl_cadence_compute(struct wl_cadence *out,
		       const struct wl_cadence_input *in)
{
	const struct wl_config *cfg = &in->repo->cfg;
	const struct wl_cadence_opts *o = &cfg->rules.cadence;
	size_t i, k;

	for (i = 0; i < o->require_nr; i++) {
		struct req r;

		r.in = in;
		r.index = i;
		r.q = &o->require[i];
		r.type = wl_schema_set_type(in->repo->schemas, r.q->type);
		r.cands = candidates(in, r.q->type, &r.nr);
		r.dir = folder_for(cfg, r.q->type, r.cands, r.nr);
		if (r.q->all) {
			for (k = 0; k < cfg->people_nr; k++)
				owe_periods(out, &r, cfg->people[k].id,
					    member_from(in, cfg->people[k].id));
		} else {
			for (k = 0; k < r.q->who_nr; k++)
				owe_periods(out, &r, r.q->who[k],
					    member_from(in, r.q->who[k]));
		}
		free(r.cands);
		free(r.dir);
	}
	count(out, cfg);
	return 0;
}

/* ---- who joined the roster when ----------------------------------------- */

/* How many first-parent commits the roster's history is followed. */
#define ROSTER_WALK_MAX 100000

/* The versions of .worklog.yaml the walk meets: the roster of the last
 * one read. */
struct roster_walk {
	struct wl_git *git;
	size_t people_nr;           /* queries 0..nr-1: people; nr: the file */
	const struct wl_person *people;
	struct wl_oid blob;         /* the version `ids` are of */
	int have;
	char **ids;
	size_t ids_nr;
};

/* Reads the roster ids of configuration blob `blob` into w->ids. */
static int roster_of(struct roster_walk *w, const struct wl_oid *blob,
		     char **err)
{
	struct wl_config cfg = WL_CONFIG_INIT;
	struct wl_diags scratch = WL_DIAGS_INIT;
	char *buf = NULL;
	size_t len, i;
	int r;

	if (w->have && !wl_oid_cmp(&w->blob, blob))
		return 0;
	wl_strv_free(w->ids, w->ids_nr);
	w->ids = NULL;
	w->ids_nr = 0;
	r = wl_git_read_blob(w->git, blob, WL_CONFIG_MAX_BYTES, &buf, &len,
			     err);
	if (r == WL_READ_TOO_BIG) {
		/* Not a configuration worklog reads: no roster. */
		free(*err);
		*err = NULL;
	} else if (r < 0) {
		return -1;
	} else {
		/* A version with errors still names its people. */
		wl_config_parse(&cfg, WL_CONFIG_NAME, buf, len, &scratch);
		w->ids = wl_xcalloc(cfg.people_nr + 1, sizeof(*w->ids));
		for (i = 0; i < cfg.people_nr; i++)
			if (cfg.people[i].id)
				w->ids[w->ids_nr++] = wl_xstrdup(cfg.people[i].id);
		wl_config_release(&cfg);
		wl_diags_release(&scratch);
	}
	w->blob = *blob;
	w->have = 1;
	return 0;
}

/* keep() of the walk: is the file there, and person `i` in its roster? */
static int roster_keep(void *data, size_t i, const struct wl_oid *blob,
		       char **err)
{
	struct roster_walk *w = data;
	size_t k;

	if (!blob)
		return 0;
	if (i == w->people_nr)
		return 1;
	if (roster_of(w, blob, err) < 0)
		return -1;
	for (k = 0; k < w->ids_nr; k++)
		if (!strcmp(w->ids[k], w->people[i].id))
			return 1;
	return 0;
}

int wl_cadence_members(struct wl_cadence_member **out, long long *start,
		       struct wl_repo *repo, long long today, char **err)
{
	const struct wl_config *cfg = &repo->cfg;
	struct wl_history_at at = WL_HISTORY_AT_INIT;
	struct roster_walk w;
	struct wl_path_since *q = NULL;
	size_t i, n = cfg->people_nr;
	int ret = -1;

	memset(&w, 0, sizeof(w));
	*out = wl_xcalloc(n + 1, sizeof(**out));
	for (i = 0; i < n; i++) {
		(*out)[i].id = cfg->people[i].id;
		(*out)[i].from = LLONG_MIN;
	}
	*start = today;
	/* A configuration from --config has no history. */
	if (!cfg->path || strcmp(cfg->path, WL_CONFIG_NAME))
		return 0;
	if (wl_history_at_open(&at, repo, err) < 0)
		goto done;
	ret = 0;
	if (!at.has_tip)
		goto done;
	q = wl_xcalloc(n + 1, sizeof(*q));
	for (i = 0; i <= n; i++)
		q[i].path = wl_xprintf("%s%s", at.prefix, WL_CONFIG_NAME);
	w.git = at.git;
	w.people_nr = n;
	w.people = cfg->people;
	ret = wl_git_paths_since(q, n + 1, at.git, &at.tip, roster_keep, &w,
				 ROSTER_WALK_MAX, err);
	if (ret < 0 || !q[n].kept)
		goto done;
	*start = wl_tz_day(cfg->tz, q[n].since);
	for (i = 0; i < n; i++) {
		if (!q[i].kept)
			(*out)[i].from = today;   /* not committed yet */
		else if (q[i].since != q[n].since)
			(*out)[i].from = wl_tz_day(cfg->tz, q[i].since);
	}
done:
	for (i = 0; q && i <= n; i++)
		free((char *)q[i].path);
	free(q);
	wl_strv_free(w.ids, w.ids_nr);
	wl_history_at_release(&at);
	if (ret < 0) {
		free(*out);
		*out = NULL;
	}
	return ret;
}

/* ---- everything, for a report -------------------------------------------- */

/* Reads what the cadence needs of the record at `path` into `r`. */
static int read_record(struct wl_cadence_record *r, struct wl_repo *repo,
		       struct wl_arena *strings, const char *path, char **err)
{
	struct wl_record rec = WL_RECORD_INIT;
	struct wl_diags scratch = WL_DIAGS_INIT;
	const struct wl_type *type;
	const struct wl_node *root, *period;
	const char *owner;
	char *buf;
	size_t len;
	int got = wl_source_read(repo->src, path, &buf, &len, err);

	memset(r, 0, sizeof(*r));
	r->path = wl_arena_strndup(strings, path, strlen(path));
	if (got == WL_READ_TOO_BIG) {
		free(*err);
		*err = NULL;
		return 0;
	}
	if (got < 0)
		return -1;
	type = wl_repo_parse_record(repo, &rec, path, buf, len, &scratch);
	root = rec.doc.root;
	if (type && root && root->kind == WL_NODE_MAP) {
		owner = wl_node_get_str(root, "owner");
		period = wl_node_get(root, "period");
		r->type = type->name;
		r->owner = owner ? wl_arena_strndup(strings, owner,
						    strlen(owner)) : NULL;
		if (period && period->kind == WL_NODE_STRING) {
			r->period = wl_arena_strndup(strings, period->str,
						     period->len);
			r->line = period->line;
			r->column = period->column;
		}
	}
	wl_record_release(&rec);
	wl_diags_release(&scratch);
	return 0;
}

int wl_cadence_collect(struct wl_cadence *out, struct wl_repo *repo,
		       long long today, long long now, int window,
		       long long from, long long to, char **err)
{
	struct wl_pathlist paths = WL_PATHLIST_INIT;
	struct wl_rectimes times = WL_RECTIMES_INIT;
	struct wl_arena strings = WL_ARENA_INIT;
	struct wl_cadence_record *recs = NULL;
	struct wl_cadence_input in;
	size_t i;
	int ret = -1;

	memset(&in, 0, sizeof(in));
	if (wl_repo_select(repo, NULL, NULL, 0, &paths, err) < 0 ||
	    wl_rectimes_walk(&times, NULL, NULL, repo, err) < 0 ||
	    wl_cadence_members((struct wl_cadence_member **)&in.members,
			       &in.start, repo, today, err) < 0)
		goto done;
	recs = wl_xcalloc(paths.nr + 1, sizeof(*recs));
	for (i = 0; i < paths.nr; i++) {
		const struct wl_rectime *t;

		if (read_record(&recs[i], repo, &strings, paths.v[i], err) < 0)
			goto done;
		t = wl_rectimes_get(&times, paths.v[i]);
		recs[i].first = t ? wl_rectime_first(&times, t) : NULL;
	}
	in.repo = repo;
	in.records = recs;
	in.nr = paths.nr;
	in.members_nr = repo->cfg.people_nr;
	in.today = today;
	in.now = now;
	in.window = window;
	in.from = from;
	in.to = to;
	ret = wl_cadence_compute(out, &in);
	/* The records are not kept: `path` says which met a period. */
	for (i = 0; i < out->nr; i++)
		out->v[i].record = NULL;
done:
	free((void *)in.members);
	free(recs);
	wl_arena_release(&strings);
	wl_rectimes_release(&times);
	wl_pathlist_release(&paths);
	return ret;
}
