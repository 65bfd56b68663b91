/*
 * worklog aggregate: tables over the records (and their history), by
 * SQL. The store (store.h) holds the tables and locks them down; the
 * query comes from the options (aggregate.h builds it) or from --sql.
 * This file parses, loads, runs and prints.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "cli.h"
#include "history.h"
#include "store.h"
#include "table.h"
#include "util.h"

#include "../banned.h"

enum {
	OPT_WHERE = 1,
	OPT_GROUP_BY,
	OPT_COUNT,
	OPT_SUM,
	OPT_AVG,
	OPT_SORT,
	OPT_LIMIT,
	OPT_SQL,
	OPT_EXPORT,
	OPT_STATS,
	OPT_HISTORY,
	OPT_SINCE,
	OPT_UNTIL,
	OPT_FIRST_PARENT,
};

#define ROW(id, kind, name, value, help) \
	{ id, kind, name, 0, value, NULL, NULL, 0, NULL, help }
#define HIST(id, kind, name, value, help) \
	{ id, kind, name, 0, value, NULL, NULL, 0, "history", help }

static const struct cli_opt options[] = {
	ROW(OPT_WHERE, CLI_OPT_VALUE, "where", "EXPR",
	    "only the records for which the SQL expression EXPR holds"),
	ROW(OPT_GROUP_BY, CLI_OPT_VALUE, "group-by", "FIELD[,FIELD]",
	    "one row per value of the fields"),
	ROW(OPT_COUNT, CLI_OPT_FLAG, "count", NULL,
	    "a column 'count': the records in each row"),
	ROW(OPT_SUM, CLI_OPT_VALUE, "sum", "FIELD",
	    "a column 'sum_FIELD': the sum of a numeric field"),
	ROW(OPT_AVG, CLI_OPT_VALUE, "avg", "FIELD",
	    "a column 'avg_FIELD': the average of a numeric field"),
	ROW(OPT_SORT, CLI_OPT_VALUE, "sort", "FIELD[:desc]",
	    "sort by a field or a result column, ascending unless :desc"),
	ROW(OPT_LIMIT, CLI_OPT_VALUE, "limit", "N", "at most N rows"),
	ROW(OPT_SQL, CLI_OPT_VALUE, "sql", "QUERY",
	    "run the SQL query QUERY instead (one SELECT statement)"),
	ROW(OPT_EXPORT, CLI_OPT_VALUE, "export", "FILE.db",
	    "write every table to the SQLite file FILE.db"),
	ROW(OPT_STATS, CLI_OPT_FLAG, "stats", NULL,
	    "print what was loaded and the time of each phase on stderr"),
	HIST(OPT_HISTORY, CLI_OPT_FLAG, "history", NULL,
	     "load the history too: the table history, the views lifecycle and status_spans"),
	HIST(OPT_SINCE, CLI_OPT_VALUE, "since", "DATE",
	     "only commits from DATE on (YYYY-MM-DD or an RFC 3339 time)"),
	HIST(OPT_UNTIL, CLI_OPT_VALUE, "until", "DATE",
	     "only commits up to DATE (its whole day for YYYY-MM-DD)"),
	HIST(OPT_FIRST_PARENT, CLI_OPT_FLAG, "first-parent", NULL,
	     "follow only the first parent of merges"),
	CLI_OPT_END,
};

static const char *const usage[] = {
	"[--where EXPR] [--group-by FIELD[,FIELD]] [--count] [--sum FIELD] [--avg FIELD] [--sort FIELD[:desc]] [--limit N] [OPTIONS]",
	"--sql QUERY [OPTIONS]",
	"--export FILE.db [OPTIONS]",
	"--history [--since DATE] [--until DATE] [--first-parent] [OPTIONS] [REV | A..B]",
	NULL,
};

struct args {
	const char *where, *sql, *export;
	struct wl_strlist group;           /* split at commas */
	struct wl_agg_column *cols;
	size_t cols_nr, cols_alloc;
	struct wl_agg_sort *sort;
	size_t sort_nr, sort_alloc;
	struct wl_strlist owned;           /* sort keys' copies */
	long long limit;
	int builder;                       /* a query option was given */
	int stats;
	int history, history_opt;          /* --history; a history option */
	struct wl_history_opts hist;
};

/* Appends each comma-separated part of `v` to `l`. */
static void split(struct wl_strlist *l, const char *v)
{
	const char *comma;

	for (;;) {
		comma = strchr(v, ',');
		wl_strlist_take(l, wl_xstrndup(v, comma ? (size_t)(comma - v)
							: strlen(v)));
		if (!comma)
			break;
		v = comma + 1;
	}
}

static void add_col(struct args *a, enum wl_agg_fn fn, const char *field)
{
	WL_ALLOC_GROW(a->cols, a->cols_nr + 1, a->cols_alloc);
	a->cols[a->cols_nr].fn = fn;
	a->cols[a->cols_nr].field = field;
	a->cols_nr++;
}

/* --sum a,b is --sum a --sum b. */
static void add_fields(struct args *a, enum wl_agg_fn fn, const char *v)
{
	struct wl_strlist parts = WL_STRLIST_INIT;
	size_t i;

	split(&parts, v);
	for (i = 0; i < parts.nr; i++) {
		add_col(a, fn, parts.v[i]);
		wl_strlist_take(&a->owned, parts.v[i]);
	}
	free(parts.v);
}

static int add_sorts(struct args *a, const char *v)
{
	struct wl_strlist keys = WL_STRLIST_INIT;
	size_t i;
	char *err = NULL, *owned = NULL;
	int ret = 0;

	split(&keys, v);
	for (i = 0; i < keys.nr && !ret; i++) {
		WL_ALLOC_GROW(a->sort, a->sort_nr + 1, a->sort_alloc);
		if (wl_agg_parse_sort(&a->sort[a->sort_nr], &owned, keys.v[i],
				      &err) < 0) {
			ret = cli_usage_error(&cli_cmd_aggregate, "%s", err);
			free(err);
			break;
		}
		wl_strlist_take(&a->owned, owned);
		a->sort_nr++;
	}
	wl_strlist_release(&keys);
	return ret;
}

static int parse_limit(struct args *a, const char *v)
{
	char *end;
	long long n;

	if (*v < '0' || *v > '9')
		goto bad;
	n = strtoll(v, &end, 10);
	if (*end || n < 0 || n == LLONG_MAX)
		goto bad;
	a->limit = n;
	return 0;
bad:
	return cli_usage_error(&cli_cmd_aggregate,
			       "--limit takes a number of rows, not '%s'", v);
}

/* One option of the table; returns 0 or an exit code. */
static int take(struct args *a, const struct cli_opt *o, const char *v)
{
	if (o->id <= OPT_LIMIT)
		a->builder = 1;
	if (o->id >= OPT_SINCE)
		a->history_opt = 1;
	switch (o->id) {
	case OPT_WHERE:
		a->where = v;
		break;
	case OPT_GROUP_BY:
		split(&a->group, v);
		break;
	case OPT_COUNT:
		add_col(a, WL_AGG_COUNT, NULL);
		break;
	case OPT_SUM:
	case OPT_AVG:
		add_fields(a, o->id == OPT_SUM ? WL_AGG_SUM : WL_AGG_AVG, v);
		break;
	case OPT_SORT:
		return add_sorts(a, v);
	case OPT_LIMIT:
		return parse_limit(a, v);
	case OPT_SQL:
		a->sql = v;
		break;
	case OPT_EXPORT:
		a->export = v;
		break;
	case OPT_STATS:
		a->stats = 1;
		break;
	case OPT_HISTORY:
		a->history = 1;
		break;
	case OPT_SINCE:
		a->hist.since = v;
		break;
	case OPT_UNTIL:
		a->hist.until = v;
		break;
	case OPT_FIRST_PARENT:
		a->hist.flags |= WL_HISTORY_FIRST_PARENT;
		break;
	}
	return 0;
}

static void release(struct args *a)
{
	wl_strlist_release(&a->group);
	wl_strlist_release(&a->owned);
	free(a->cols);
	free(a->sort);
}

/* The range argument and the history options need --history. */
static int check_history(struct args *a, const struct cli_parse *p)
{
	if (p->nargs > (size_t)(a->history ? 1 : 0))
		return cli_usage_error(&cli_cmd_aggregate,
				       a->history ? "aggregate --history takes one range, not '%s'"
						  : "aggregate takes no arguments ('%s'; a range needs --history)",
				       p->args[a->history ? 1 : 0]);
	if (a->history_opt && !a->history)
		return cli_usage_error(&cli_cmd_aggregate,
				       "--since, --until and --first-parent choose the commits of --history, which is not given");
	a->hist.range = p->nargs ? p->args[0] : NULL;
	return 0;
}

/* The query to run: --sql's, the options', or none (only --export). */
static int build_query(char **sql, const struct args *a)
{
	struct wl_agg_spec spec = { 0 };
	char *err = NULL;
	int ret;

	*sql = NULL;
	if (a->sql && a->builder)
		return cli_usage_error(&cli_cmd_aggregate,
				       "--sql runs a query of its own: it takes no --where, --group-by, --count, --sum, --avg, --sort or --limit");
	if (a->sql) {
		*sql = wl_xstrdup(a->sql);
		return 0;
	}
	if (a->export && !a->builder)
		return 0;
	spec.where = a->where;
	spec.group = (const char *const *)a->group.v;
	spec.group_nr = a->group.nr;
	spec.cols = a->cols;
	spec.cols_nr = a->cols_nr;
	spec.sort = a->sort;
	spec.sort_nr = a->sort_nr;
	spec.limit = a->limit;
	if (wl_agg_sql(sql, &spec, &err) < 0) {
		ret = cli_usage_error(&cli_cmd_aggregate, "%s", err);
		free(err);
		return ret;
	}
	return 0;
}

struct phases {
	double open, query, output, export;
	struct wl_history_stats hist;
};

/* Walks the history of `repo` into the store. Returns 0 or an exit
 * code. */
static int load_history(struct wl_store *store, struct wl_repo *repo,
			const struct cli_opts *opts, const struct args *a,
			struct wl_cache *cache, struct phases *ph)
{
	struct wl_history_opts ho = a->hist;
	struct wl_strlist warnings = WL_STRLIST_INIT;
	char *err = NULL;
	size_t i;
	int r, ret = 0;

	ho.cache = cache;
	r = wl_history_walk(&ph->hist, &warnings, repo, &ho,
			    wl_store_hist_fn, store, &err);
	for (i = 0; i < warnings.nr && !opts->quiet; i++)
		cli_error("warning: %s", warnings.v[i]);
	if (r < 0)
		ret = cli_error("%s", err);
	else if (r)
		ret = cli_error("%s", wl_store_change_error(store));
	free(err);
	wl_strlist_release(&warnings);
	return ret;
}

/* Opens the repository and fills a sealed store with its records and,
 * if asked for, their history. */
static int load(struct wl_store **out, struct cli_opts *opts,
		const struct args *a, struct phases *ph)
{
	struct wl_repo *repo = NULL;
	struct wl_pathlist paths = WL_PATHLIST_INIT;
	struct wl_cache *cache = NULL;
	double start = wl_monotonic();
	char *err = NULL;
	int ret;

	*out = NULL;
	ret = cli_open_repo(&repo, opts);
	if (!ret)
		ret = cli_need_config(repo, opts, "aggregate");
	if (ret)
		goto done;
	ph->open = wl_monotonic() - start;
	/* With --history, the load keeps the summaries of the records it
	 * parses in the walk's cache: the walk need not parse them again. */
	if (wl_repo_select(repo, opts->cwd, NULL, 0, &paths, &err) < 0 ||
	    wl_store_open(out, a->history ? WL_STORE_HISTORY : 0, &err) < 0 ||
	    (a->history && wl_history_cache_open(&cache, repo, a->hist.flags,
						 &err) < 0) ||
	    wl_store_load(*out, repo, &paths, cache, &err) < 0) {
		ret = cli_error("%s", err);
		goto done;
	}
	if (a->history &&
	    (ret = load_history(*out, repo, opts, a, cache, ph)))
		goto done;
	if (wl_store_seal(*out, &err) < 0)
		ret = cli_error("%s", err);
done:
	wl_cache_free(cache);
	free(err);
	wl_pathlist_release(&paths);
	wl_repo_free(repo);
	return ret;
}

/* Says why a query failed, and which query. Returns CLI_TROUBLE. */
static int query_failed(int code, const char *err, const char *sql)
{
	struct wl_buf q = WL_BUF_INIT;

	if (code == WL_STORE_REFUSED)
		cli_error("query refused: %s", err);
	else if (code == WL_STORE_TOO_LONG)
		cli_error("query stopped: %s", err);
	else
		cli_error("SQL error: %s", err);
	wl_buf_add_printable(&q, sql, strlen(sql));
	cli_error("the query: %s", wl_buf_cstr(&q));
	wl_buf_release(&q);
	return CLI_TROUBLE;
}

static void print_stats(const struct wl_store *s, const struct phases *ph,
			int history)
{
	const struct wl_store_stats *st = wl_store_stats(s);
	const struct wl_history_stats *h = &ph->hist;

	fprintf(stderr,
		"records: %zu loaded (%zu invalid), %zu not parsed; %zu items, %zu sections, %zu people\n",
		st->records, st->invalid, st->unreadable, st->items,
		st->sections, st->people);
	if (history)
		fprintf(stderr,
			"history: %zu commits walked (%zu in range), %zu changes; %zu blobs: %zu parsed, %zu cache hits; %u threads\n"
			"history time: %.3fs (walk %.3fs, diff %.3fs, parse %.3fs, compare %.3fs)\n",
			h->commits, h->commits_in_range, st->history, h->blobs,
			h->parsed, h->cache_hits, h->threads, h->total_secs,
			h->walk_secs, h->diff_secs, h->parse_secs,
			h->compare_secs);
	fprintf(stderr,
		"time: open %.3fs, load %.3fs, seal %.3fs, export %.3fs, query %.3fs, output %.3fs\n",
		ph->open, st->load_secs, st->seal_secs, ph->export, ph->query,
		ph->output);
}

/* A note on stderr about record files that are not in the tables. */
static void note_unreadable(const struct cli_opts *opts,
			    const struct wl_store *s)
{
	size_t n = wl_store_stats(s)->unreadable;

	if (n && !opts->quiet)
		cli_error("%zu record file%s did not parse and %s not in the tables (see 'worklog validate')",
			  n, n == 1 ? "" : "s", n == 1 ? "is" : "are");
}

static int run(int argc, char **argv, struct cli_opts *opts)
{
	struct args a = { 0 };
	struct cli_parse p;
	const struct cli_opt *o;
	const char *v;
	struct wl_store *store = NULL;
	struct wl_table result = WL_TABLE_INIT;
	struct phases ph = { 0 };
	char *sql = NULL, *err = NULL;
	double t;
	int r, ret = CLI_OK;

	a.limit = -1;
	a.hist = (struct wl_history_opts)WL_HISTORY_OPTS_INIT;
	cli_parse_init(&p, &cli_cmd_aggregate, opts, argc, argv);
	while ((r = cli_parse_next(&p, &o, &v)) > 0)
		if ((ret = take(&a, o, v)))
			goto done;
	if (r < 0) {
		ret = p.status;
		goto done;
	}
	if ((ret = check_history(&a, &p)) || (ret = build_query(&sql, &a)) ||
	    (ret = load(&store, opts, &a, &ph)))
		goto done;
	note_unreadable(opts, store);
	t = wl_monotonic();
	if (a.export && wl_store_export(store, a.export, &err) < 0) {
		ret = cli_error("%s", err);
		goto done;
	}
	ph.export = wl_monotonic() - t;
	if (sql) {
		t = wl_monotonic();
		r = wl_store_query(store, sql, &result, &err);
		ph.query = wl_monotonic() - t;
		if (r) {
			ret = query_failed(r, err, sql);
			goto done;
		}
		t = wl_monotonic();
		cli_print_rows(opts, &result);
		ph.output = wl_monotonic() - t;
	}
	if (a.stats)
		print_stats(store, &ph, a.history);
done:
	free(err);
	free(sql);
	wl_table_release(&result);
	wl_store_free(store);
	cli_parse_release(&p);
	release(&a);
	return ret;
}

const struct cli_command cli_cmd_aggregate = {
	"aggregate", run, "tables over the records, by SQL", usage,
	"Loads every record into an in-memory SQLite database and prints the\n"
	"result of one query over it: the table 'records' (one row per record:\n"
	"path, type, id, title, owner, status, priority, category, project,\n"
	"date, period, created, due, completed, state, valid, and fm, the front\n"
	"matter as JSON), 'items' (list entries and task items), 'sections'\n"
	"(body headings), 'people' (the roster) and 'states' (the lifecycle of\n"
	"each type); docs/store.md describes them all. With --history, the\n"
	"commits of the range (REV, A..B, or those the version read reaches)\n"
	"are walked too: the table 'history' has one row per dated change,\n"
	"the views 'lifecycle' and 'status_spans' say when each record was\n"
	"created, started and completed, and how long it spent in each state.\n"
	"\n"
	"The query is built from --where, --group-by, --count, --sum, --avg,\n"
	"--sort and --limit, or given whole with --sql. A FIELD is a column of\n"
	"'records' or fm.KEY for any front-matter value (fm.kpis[0].actual).\n"
	"With none of them, the records are listed. Queries may only read:\n"
	"writing, ATTACH, most pragmas and functions that reach files are\n"
	"refused, and a runaway query is stopped.\n",
	options, CLI_OUT_ROWS,
	"Exit status: 0 when the query ran, 2 when it could not (a bad option,\n"
	"an SQL error, a refused query, a configuration or I/O error).\n",
};
