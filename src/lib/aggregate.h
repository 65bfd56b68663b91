#ifndef WL_AGGREGATE_H
#define WL_AGGREGATE_H

#include <stddef.h>

/*
 * The query `worklog aggregate` builds from its options, over the
 * store's `records` table (store.h). Only --where is SQL; everything
 * else names fields, which are checked and quoted here so that no other
 * text of the user's ever becomes SQL:
 *
 * - a column of `records`: path, type, id, title, owner, status,
 *   priority, category, project, date, period, created, due, completed,
 *   state, valid, fm;
 * - `fm.PATH`, a value of the front matter: `fm.severity`,
 *   `fm.kpis[0].actual` (json_extract(fm, '$.PATH')); a key may hold
 *   any character but '.', '[', ']', quotes, white space and control
 *   characters.
 *
 * The result's columns: the group fields (named as given), then the
 * aggregates in the order given: `count`, `sum_FIELD`, `avg_FIELD`. With
 * neither groups nor aggregates, the records themselves: path, type, id,
 * title, owner, status. Rows are sorted by the sort keys, then by the
 * group fields (or by path).
 */
enum wl_agg_fn {
	WL_AGG_COUNT,
	WL_AGG_SUM,
	WL_AGG_AVG,
};

struct wl_agg_column {
	enum wl_agg_fn fn;
	const char *field;       /* NULL for WL_AGG_COUNT */
};

struct wl_agg_sort {
	const char *key;         /* a field or a result column's name */
	int desc;
};

struct wl_agg_spec {
	const char *where;       /* an SQL expression, or NULL */
	const char *const *group;
	size_t group_nr;
	const struct wl_agg_column *cols;
	size_t cols_nr;
	const struct wl_agg_sort *sort;
	size_t sort_nr;
	long long limit;         /* < 0: none */
};

/*
 * Writes the query of `spec` to *sql (caller frees). Returns 0, or -1
 * with a message in *err (caller frees) naming the field that is not
 * one.
 */
int wl_agg_sql(char **sql, const struct wl_agg_spec *spec, char **err);

/*
 * Parses a sort key, "FIELD", "FIELD:asc" or "FIELD:desc", into `out`
 * (out->key points into a copy the caller frees through *owned).
 * Returns 0, or -1 with *err set.
 */
int wl_agg_parse_sort(struct wl_agg_sort *out, char **owned, const char *s,
		      char **err);

#endif
