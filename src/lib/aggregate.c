/* The query of `worklog aggregate`. See aggregate.h. */
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "util.h"

#include "../banned.h"

static const char *const columns[] = {
	"path", "type", "id", "title", "owner", "status", "priority",
	"category", "project", "date", "period", "created", "due",
	"completed", "state", "valid", "fm", NULL,
};

/* An identifier for SQL: double quotes, inner ones doubled. */
static void quote_id(struct wl_buf *b, const char *s)
{
	wl_buf_addch(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			wl_buf_addch(b, '"');
		wl_buf_addch(b, *s);
	}
	wl_buf_addch(b, '"');
}

/* Checks the PATH of fm.PATH: keys and [N] indexes. */
static int fm_path_ok(const char *p)
{
	int key = 1;   /* a key must come now */

	if (!*p)
		return 0;
	while (*p) {
		if (*p == '[') {
			const char *q = ++p;

			while (*p >= '0' && *p <= '9')
				p++;
			if (p == q || *p != ']')
				return 0;
			p++;
			key = 0;
			if (*p == '.' && p[1]) {
				p++;
				key = 1;
			} else if (*p && *p != '[') {
				return 0;
			}
			continue;
		}
		if (!key)
			return 0;
		while (*p && *p != '.' && *p != '[') {
			unsigned char c = (unsigned char)*p;

			if (c <= ' ' || c == 0x7f || c == ']' || c == '"' ||
			    c == '\'' || c == '`')
				return 0;
			p++;
		}
		key = 0;
		if (*p == '.') {
			if (!p[1])
				return 0;
			p++;
			key = 1;
		}
	}
	return !key;
}

/* Appends the SQL of a field, or returns -1 with *err set. */
static int field_sql(struct wl_buf *b, const char *field, char **err)
{
	size_t i;

	for (i = 0; columns[i]; i++) {
		if (!strcmp(columns[i], field)) {
			quote_id(b, field);
			return 0;
		}
	}
	if (!strncmp(field, "fm.", 3) && fm_path_ok(field + 3)) {
		/* fm_path_ok lets no quote through. */
		wl_buf_addf(b, "json_extract(\"fm\", '$.%s')", field + 3);
		return 0;
	}
	if (!strncmp(field, "fm.", 3))
		*err = wl_xprintf("'%s' is not a front-matter path (keys and [N] after fm., no quotes or spaces)",
				  field);
	else
		*err = wl_xprintf("unknown field '%s' (use a column of records: path, type, id, title, owner, status, priority, category, project, date, period, created, due, completed, state, valid, or fm.KEY)",
				  field);
	return -1;
}

/* The name of result column `c`. */
static char *col_name(const struct wl_agg_column *c)
{
	switch (c->fn) {
	case WL_AGG_SUM:
		return wl_xprintf("sum_%s", c->field);
	case WL_AGG_AVG:
		return wl_xprintf("avg_%s", c->field);
	case WL_AGG_COUNT:
		break;
	}
	return wl_xstrdup("count");
}

static int select_list(struct wl_buf *b, const struct wl_agg_spec *spec,
		       char **err)
{
	size_t i;

	if (!spec->group_nr && !spec->cols_nr) {
		wl_buf_addstr(b, "\"path\", \"type\", \"id\", \"title\", \"owner\", \"status\"");
		return 0;
	}
	for (i = 0; i < spec->group_nr; i++) {
		if (i)
			wl_buf_addstr(b, ", ");
		if (field_sql(b, spec->group[i], err) < 0)
			return -1;
		wl_buf_addstr(b, " AS ");
		quote_id(b, spec->group[i]);
	}
	for (i = 0; i < spec->cols_nr; i++) {
		const struct wl_agg_column *c = &spec->cols[i];
		char *name = col_name(c);

		if (i || spec->group_nr)
			wl_buf_addstr(b, ", ");
		if (c->fn == WL_AGG_COUNT) {
			wl_buf_addstr(b, "count(*)");
		} else {
			wl_buf_addstr(b, c->fn == WL_AGG_SUM ? "sum(" : "avg(");
			if (field_sql(b, c->field, err) < 0) {
				free(name);
				return -1;
			}
			wl_buf_addch(b, ')');
		}
		wl_buf_addstr(b, " AS ");
		quote_id(b, name);
		free(name);
	}
	return 0;
}

/* A sort key: a result column by its name, else a field. */
static int sort_key(struct wl_buf *b, const struct wl_agg_spec *spec,
		    const char *key, char **err)
{
	size_t i;

	for (i = 0; i < spec->cols_nr; i++) {
		char *name = col_name(&spec->cols[i]);
		int same = !strcmp(name, key);

		free(name);
		if (same) {
			quote_id(b, key);
			return 0;
		}
	}
	for (i = 0; i < spec->group_nr; i++) {
		if (!strcmp(spec->group[i], key)) {
			quote_id(b, key);
			return 0;
		}
	}
	return field_sql(b, key, err);
}

static int order_by(struct wl_buf *b, const struct wl_agg_spec *spec,
		    char **err)
{
	size_t i;

	wl_buf_addstr(b, " ORDER BY ");
	for (i = 0; i < spec->sort_nr; i++) {
		if (sort_key(b, spec, spec->sort[i].key, err) < 0)
			return -1;
		wl_buf_addstr(b, spec->sort[i].desc ? " DESC, " : ", ");
	}
	if (!spec->group_nr) {
		wl_buf_addstr(b, spec->cols_nr ? "1" : "\"path\"");
		return 0;
	}
	for (i = 0; i < spec->group_nr; i++) {
		if (i)
			wl_buf_addstr(b, ", ");
		quote_id(b, spec->group[i]);
	}
	return 0;
}

int wl_agg_sql(char **sql, const struct wl_agg_spec *spec, char **err)
{
	struct wl_buf b = WL_BUF_INIT;
	size_t i;

	*sql = NULL;
	wl_buf_addstr(&b, "SELECT ");
	if (select_list(&b, spec, err) < 0)
		goto fail;
	wl_buf_addstr(&b, " FROM records");
	if (spec->where)
		wl_buf_addf(&b, " WHERE (%s\n)", spec->where);
	if (spec->group_nr) {
		wl_buf_addstr(&b, " GROUP BY ");
		for (i = 0; i < spec->group_nr; i++) {
			if (i)
				wl_buf_addstr(&b, ", ");
			if (field_sql(&b, spec->group[i], err) < 0)
				goto fail;
		}
	}
	if (order_by(&b, spec, err) < 0)
		goto fail;
	if (spec->limit >= 0)
		wl_buf_addf(&b, " LIMIT %lld", spec->limit);
	*sql = wl_buf_detach(&b, NULL);
	return 0;
fail:
	wl_buf_release(&b);
	return -1;
}

int wl_agg_parse_sort(struct wl_agg_sort *out, char **owned, const char *s,
		      char **err)
{
	const char *colon = strrchr(s, ':');
	size_t n = colon ? (size_t)(colon - s) : strlen(s);

	out->desc = 0;
	if (colon && !strcmp(colon + 1, "desc"))
		out->desc = 1;
	else if (colon && strcmp(colon + 1, "asc")) {
		*err = wl_xprintf("sort key '%s': the order after ':' is asc or desc",
				  s);
		return -1;
	}
	if (!n) {
		*err = wl_xprintf("sort key '%s' names no field", s);
		return -1;
	}
	*owned = wl_xstrndup(s, n);
	out->key = *owned;
	return 0;
}
