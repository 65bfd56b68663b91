#include "change.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#include "../banned.h"

static int scalar(const struct wl_node *n)
{
	return n && n->kind != WL_NODE_SEQ && n->kind != WL_NODE_MAP &&
	       n->kind != WL_NODE_NULL && n->str;
}

static int listed(const struct wl_node *list, const char *s)
{
	size_t i;

	if (!list || list->kind != WL_NODE_SEQ)
		return 0;
	for (i = 0; i < list->nr; i++)
		if (scalar(list->items[i]) && !strcmp(list->items[i]->str, s))
			return 1;
	return 0;
}

/* Returns 1 if the state machine names `s` anywhere: a value it does not
 * know is the schema's to judge, not a transition. */
static int is_state(const struct wl_node *states, const char *s)
{
	size_t i;

	for (i = 0; i < states->nr; i++)
		if (!strcmp(states->pairs[i].key->str, s) ||
		    listed(states->pairs[i].value, s))
			return 1;
	return 0;
}

void wl_check_transitions(struct wl_diags *diags, const char *path,
			  const struct wl_type *type,
			  const struct wl_node *old_fm,
			  const struct wl_node *new_fm, int sev)
{
	const struct wl_node *tr;
	size_t i, k;

	if (!sev || !type || !type->root || !old_fm || !new_fm)
		return;
	tr = wl_node_get(type->root, "x-transitions");
	if (!tr || tr->kind != WL_NODE_MAP || old_fm->kind != WL_NODE_MAP ||
	    new_fm->kind != WL_NODE_MAP)
		return;
	for (i = 0; i < tr->nr; i++) {
		const char *field = tr->pairs[i].key->str;
		const struct wl_node *states = tr->pairs[i].value;
		const struct wl_node *o = wl_node_get(old_fm, field);
		const struct wl_node *n = wl_node_get(new_fm, field);
		const struct wl_node *allowed;
		struct wl_buf list = WL_BUF_INIT;

		if (!scalar(o) || !scalar(n) || !strcmp(o->str, n->str) ||
		    states->kind != WL_NODE_MAP)
			continue;
		allowed = wl_node_get(states, o->str);
		if (!allowed || allowed->kind != WL_NODE_SEQ ||
		    listed(allowed, n->str) || !is_state(states, n->str))
			continue;
		for (k = 0; k < allowed->nr; k++)
			if (scalar(allowed->items[k]))
				wl_buf_addf(&list, "%s%s", list.len ? ", " : "",
					    allowed->items[k]->str);
		wl_diags_add(diags, path, n->line, n->column, sev,
			     "transition",
			     "%s: \"%s\" cannot change to \"%s\" (allowed: %s)",
			     field, o->str, n->str,
			     list.len ? list.buf : "none");
		wl_buf_release(&list);
	}
}

int wl_record_is_done(const struct wl_type *type, const struct wl_node *fm)
{
	const struct wl_node *lc, *field, *v;

	if (!type || !type->root || !fm || fm->kind != WL_NODE_MAP)
		return 0;
	lc = wl_node_get(type->root, "x-lifecycle");
	if (!lc || lc->kind != WL_NODE_MAP)
		return 0;
	field = wl_node_get(lc, "field");
	if (!field || field->kind != WL_NODE_STRING)
		return 0;
	v = wl_node_get(fm, field->str);
	return scalar(v) && listed(wl_node_get(lc, "done"), v->str);
}

/* Howard Hinnant's days_from_civil. */
long long wl_days_from_civil(long long y, unsigned m, unsigned d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void wl_day_fmt(char out[16], long long day)
{
	long long z = day + 719468, era, doe, yoe, y, doy, mp, d, m;
	struct wl_buf b = WL_BUF_INIT;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	wl_buf_addf(&b, "%04lld-%02lld-%02lld", y, m, d);
	memcpy(out, b.buf, b.len < 15 ? b.len + 1 : 16);
	out[15] = '\0';
	wl_buf_release(&b);
}

/* Reads exactly `n` digits. */
static int digits(const char **p, int n, int *out)
{
	int v = 0;

	while (n--) {
		if (**p < '0' || **p > '9')
			return -1;
		v = v * 10 + (*(*p)++ - '0');
	}
	*out = v;
	return 0;
}

static long long month_last_day(int y, int m)
{
	return m == 12 ? wl_days_from_civil(y + 1, 1, 1) - 1 :
			 wl_days_from_civil(y, (unsigned)m + 1, 1) - 1;
}

int wl_period_last_day(long long *day, const char *period)
{
	const char *p = period;
	int y, n, d;

	if (digits(&p, 4, &y) < 0)
		return -1;
	if (!*p) {
		*day = month_last_day(y, 12);
		return 0;
	}
	if (*p++ != '-')
		return -1;
	if (*p == 'Q') {
		p++;
		if (digits(&p, 1, &n) < 0 || *p || n < 1 || n > 4)
			return -1;
		*day = month_last_day(y, 3 * n);
		return 0;
	}
	if (*p == 'W') {
		long long jan4, monday;
		int wd;

		p++;
		if (digits(&p, 2, &n) < 0 || *p || n < 1 || n > 53)
			return -1;
		jan4 = wl_days_from_civil(y, 1, 4);
		/* 1970-01-01 was a Thursday; Monday is 0. */
		wd = (int)(((jan4 + 3) % 7 + 7) % 7);
		monday = jan4 - wd + 7LL * (n - 1);
		*day = monday + 6;
		return 0;
	}
	if (digits(&p, 2, &n) < 0 || n < 1 || n > 12)
		return -1;
	if (!*p) {
		*day = month_last_day(y, n);
		return 0;
	}
	if (*p++ != '-' || digits(&p, 2, &d) < 0 || *p || d < 1 ||
	    wl_days_from_civil(y, (unsigned)n, (unsigned)d) >
		    month_last_day(y, n))
		return -1;
	*day = wl_days_from_civil(y, (unsigned)n, (unsigned)d);
	return 0;
}
