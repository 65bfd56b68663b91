/*
 * The values of a report's model: building them (report_impl.h) and
 * writing scalars, the one formatting of numbers and dates every output
 * format shares (report.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report.h"
#include "report_impl.h"

#include "../banned.h"

static struct wl_rv *rv_new(struct wl_report *r, enum wl_rv_kind kind)
{
	struct wl_rv *v = wl_arena_alloc(&r->arena, sizeof(*v));

	v->kind = kind;
	return v;
}

struct wl_rv *rv_null(struct wl_report *r)
{
	return rv_new(r, WL_RV_NULL);
}

struct wl_rv *rv_obj(struct wl_report *r)
{
	return rv_new(r, WL_RV_OBJ);
}

struct wl_rv *rv_list(struct wl_report *r)
{
	return rv_new(r, WL_RV_LIST);
}

struct wl_rv *rv_bool(struct wl_report *r, int b)
{
	struct wl_rv *v = rv_new(r, WL_RV_BOOL);

	v->i = !!b;
	return v;
}

struct wl_rv *rv_int(struct wl_report *r, long long i)
{
	struct wl_rv *v = rv_new(r, WL_RV_INT);

	v->i = i;
	return v;
}

struct wl_rv *rv_num(struct wl_report *r, double f, int decimals)
{
	struct wl_rv *v;

	if (!isfinite(f))
		return rv_null(r);
	v = rv_new(r, WL_RV_NUM);
	v->f = f;
	v->decimals = decimals;
	return v;
}

struct wl_rv *rv_day(struct wl_report *r, long long day)
{
	struct wl_rv *v;

	if (day == RV_NO_DAY)
		return rv_null(r);
	v = rv_new(r, WL_RV_DAY);
	v->i = day;
	return v;
}

struct wl_rv *rv_text(struct wl_report *r, const char *s)
{
	struct wl_rv *v;

	if (!s)
		return rv_null(r);
	v = rv_new(r, WL_RV_TEXT);
	v->s = wl_arena_strndup(&r->arena, s, strlen(s));
	return v;
}

struct wl_rv *rv_label(struct wl_report *r, const char *s)
{
	struct wl_rv *v = rv_new(r, WL_RV_LABEL);

	v->s = s;
	return v;
}

/* Grows a list or an object by one slot; arena memory is never freed
 * alone, so the old array is left behind (doubling bounds the waste). */
static void grow(struct wl_report *r, struct wl_rv *c)
{
	size_t n = c->alloc ? c->alloc * 2 : 8;
	struct wl_rv **v;
	const char **k;

	if (c->nr < c->alloc)
		return;
	v = wl_arena_alloc(&r->arena, n * sizeof(*v));
	if (c->nr)
		memcpy(v, c->v, c->nr * sizeof(*v));
	c->v = v;
	if (c->kind == WL_RV_OBJ) {
		k = wl_arena_alloc(&r->arena, n * sizeof(*k));
		if (c->nr)
			memcpy(k, c->keys, c->nr * sizeof(*k));
		c->keys = k;
	}
	c->alloc = n;
}

void rv_push(struct wl_report *r, struct wl_rv *list, struct wl_rv *v)
{
	grow(r, list);
	list->v[list->nr++] = v;
}

void rv_set(struct wl_report *r, struct wl_rv *obj, const char *key,
	    struct wl_rv *v)
{
	grow(r, obj);
	obj->keys[obj->nr] = key;
	obj->v[obj->nr++] = v;
}

const struct wl_rv *wl_rv_get(const struct wl_rv *obj, const char *key)
{
	size_t i;

	if (!obj || obj->kind != WL_RV_OBJ)
		return NULL;
	for (i = 0; i < obj->nr; i++)
		if (!strcmp(obj->keys[i], key))
			return obj->v[i];
	return NULL;
}

void wl_rv_fmt(struct wl_buf *b, const struct wl_rv *v)
{
	char day[WL_DATE_MAX];
	double f, scale;

	switch (v->kind) {
	case WL_RV_BOOL:
		wl_buf_addstr(b, v->i ? "true" : "false");
		break;
	case WL_RV_INT:
		wl_buf_addf(b, "%lld", v->i);
		break;
	case WL_RV_NUM:
		if (v->decimals < 0) {
			wl_buf_addf(b, "%.15g", v->f == 0 ? 0.0 : v->f);
			break;
		}
		/* Half away from zero, as people round, not printf's
		 * binary-exact halves; no "-0.0". */
		scale = pow(10, v->decimals);
		f = round(v->f * scale) / scale;
		if (f == 0)
			f = 0;
		wl_buf_addf(b, "%.*f", v->decimals, f);
		break;
	case WL_RV_DAY:
		wl_day_fmt(day, v->i);
		wl_buf_addstr(b, day);
		break;
	case WL_RV_TEXT:
	case WL_RV_LABEL:
		wl_buf_addstr(b, v->s);
		break;
	case WL_RV_NULL:
	case WL_RV_LIST:
	case WL_RV_OBJ:
		break;
	}
}

int wl_report_attainment(double *pct, double target, double actual,
			 const char *direction)
{
	if (!direction || target < 0 || actual < 0)
		return -1;
	if (!strcmp(direction, "up")) {
		if (target == 0)
			return -1;
		*pct = actual / target * 100;
		return 0;
	}
	if (!strcmp(direction, "down")) {
		*pct = actual == 0 ? 100 : target / actual * 100;
		return 0;
	}
	return -1;
}
