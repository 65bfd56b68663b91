/*
 * The store once loaded: its indexes and views, the lock-down that makes
 * it safe to run anyone's query, queries, and export. See store.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store.h"
#include "store_impl.h"

#include "../banned.h"

static const char index_sql[] =
	"CREATE INDEX items_path ON items (path);"
	"CREATE INDEX sections_path ON sections (path);";

/*
 * The history views (docs/store.md has their definitions in words).
 *
 * A record is followed by its id (the type's x-id), or by its path when
 * it has none. Its state is the value of its type's x-lifecycle field
 * that each history row carries; a deletion ends it.
 *
 * state_entries: the rows where a record's state begins: its creation,
 * each change of the state's value, its deletion (status NULL), and a
 * re-creation.
 *
 * status_spans: from each entry to the next, for the entries with a
 * status; the current one has no end ("to" and seconds NULL).
 *
 * lifecycle: one row per record. started: the first entry into a state
 * `states` marks as started (an open state other than the first open
 * state of a type listing several: doing, not todo); completed: when the
 * record is now in a done state, the entry that began its current run of
 * done states (the last completion of a reopened record; resolved, not
 * the closed that followed it); status_changes: entries while the record
 * lived, but its creation; reopened: entries from a done or cancelled
 * state into an open or blocked one.
 */
static const char views_sql[] =
	"CREATE INDEX history_record ON history (coalesce(id, path), seq);"
	"CREATE VIEW state_entries AS"
	" SELECT id, type, path, seq, time, epoch, person, change, status,"
	"  class, started, old_status, old_class"
	" FROM (SELECT coalesce(h.id, h.path) AS id, h.type AS type,"
	"  h.path AS path, h.seq AS seq, h.time AS time, h.epoch AS epoch,"
	"  h.person AS person, h.change AS change,"
	"  CASE WHEN h.change = 'deleted' THEN NULL ELSE h.state END AS status,"
	"  CASE WHEN h.change = 'deleted' THEN NULL ELSE s.class END AS class,"
	"  CASE WHEN h.change = 'deleted' THEN 0"
	"   ELSE coalesce(s.started, 0) END AS started,"
	"  lag(h.change) OVER w AS old_change,"
	"  lag(CASE WHEN h.change = 'deleted' THEN NULL ELSE h.state END)"
	"   OVER w AS old_status,"
	"  lag(CASE WHEN h.change = 'deleted' THEN NULL ELSE s.class END)"
	"   OVER w AS old_class"
	"  FROM history h"
	"  LEFT JOIN states s ON s.type = h.type AND s.value = h.state"
	"  WINDOW w AS (PARTITION BY coalesce(h.id, h.path) ORDER BY h.seq))"
	" WHERE old_change IS NULL"
	"  OR (change = 'deleted') <> (old_change = 'deleted')"
	"  OR status IS NOT old_status;"
	"CREATE VIEW status_spans AS"
	" SELECT id, type, status, class, \"from\", \"to\", seconds"
	" FROM (SELECT id, type, status, class, seq, time AS \"from\","
	"  lead(time) OVER w AS \"to\", lead(epoch) OVER w - epoch AS seconds"
	"  FROM state_entries WINDOW w AS (PARTITION BY id ORDER BY seq))"
	" WHERE status IS NOT NULL;"
	"CREATE VIEW lifecycle AS"
	" WITH e AS MATERIALIZED (SELECT * FROM state_entries),"
	" r AS (SELECT coalesce(id, path) AS id,"
	"  min(CASE WHEN change = 'created' THEN seq END) AS created_seq,"
	"  max(seq) AS last_seq FROM history GROUP BY coalesce(id, path)),"
	" a AS (SELECT id,"
	"  min(CASE WHEN started THEN seq END) AS started_seq,"
	"  max(CASE WHEN change <> 'deleted' THEN seq END) AS alive_seq,"
	"  max(CASE WHEN class = 'done' AND old_class IS NOT 'done'"
	"   THEN seq END) AS done_seq,"
	"  sum(change IN ('changed', 'renamed')) AS status_changes,"
	"  sum(class IN ('open', 'blocked')"
	"   AND old_class IN ('done', 'cancelled')) AS reopened"
	"  FROM e GROUP BY id)"
	" SELECT r.id AS id, hl.type AS type, hl.path AS path,"
	"  hc.time AS created_at, hc.person AS created_by,"
	"  hs.time AS started_at,"
	"  CASE WHEN ea.class = 'done' THEN hd.time END AS completed_at,"
	"  CASE WHEN ea.class = 'done' THEN hd.person END AS completed_by,"
	"  hl.time AS last_changed_at,"
	"  coalesce(a.status_changes, 0) AS status_changes,"
	"  coalesce(a.reopened, 0) AS reopened"
	" FROM r LEFT JOIN a ON a.id = r.id"
	" LEFT JOIN history hl ON hl.seq = r.last_seq"
	" LEFT JOIN history hc ON hc.seq = r.created_seq"
	" LEFT JOIN history hs ON hs.seq = a.started_seq"
	" LEFT JOIN history hd ON hd.seq = a.done_seq"
	" LEFT JOIN e ea ON ea.seq = a.alive_seq;";

int store_harden(struct wl_store *s, char **err)
{
	static const int off[] = {
		SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION,
		SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER,
		SQLITE_DBCONFIG_ENABLE_TRIGGER,
		SQLITE_DBCONFIG_WRITABLE_SCHEMA,
		SQLITE_DBCONFIG_DQS_DML,
		SQLITE_DBCONFIG_DQS_DDL,
	};
	size_t i;

	for (i = 0; i < sizeof(off) / sizeof(*off); i++)
		if (sqlite3_db_config(s->db, off[i], 0, NULL) != SQLITE_OK)
			return store_fail(s, err, "cannot configure the store");
	if (sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL) !=
	    SQLITE_OK)
		return store_fail(s, err, "cannot configure the store");
	sqlite3_limit(s->db, SQLITE_LIMIT_ATTACHED, 0);
	return 0;
}

/* Notes why a statement is refused (`why`, taken over; the first reason
 * counts). Returns SQLITE_DENY. */
static int refuse(struct wl_store *s, char *why)
{
	if (s->refused)
		free(why);
	else
		s->refused = why;
	return SQLITE_DENY;
}

/* Read-only pragmas that describe the tables. */
static const char *const safe_pragmas[] = {
	"table_info", "table_xinfo", "table_list", "index_list", "index_info",
	"index_xinfo", "foreign_key_list", "collation_list", "function_list",
	NULL,
};

/*
 * Functions that reach outside the database (files, extensions, the
 * FTS3 tokenizer pointer) or were built for the shell. Most are not in
 * the library at all; refusing them by name keeps them out if a build
 * of SQLite has them.
 */
static const char *const unsafe_functions[] = {
	"load_extension", "fts3_tokenizer", "readfile", "writefile", "edit",
	"lsmode", "sqlite_dbpage", "zipfile", "fsdir", "shell_add_schema",
	"shell_escape_crnl", "shell_idquote", "shell_module_schema",
	"shell_putsnl", "sha3_query", "sqlar_compress", "sqlar_uncompress",
	NULL,
};

static int listed(const char *const *list, const char *name)
{
	size_t i;

	for (i = 0; name && list[i]; i++)
		if (!sqlite3_stricmp(list[i], name))
			return 1;
	return 0;
}

/*
 * The authorizer of a sealed store: reading and computing are allowed,
 * everything that writes, changes the schema, reaches a file or changes
 * how SQLite behaves is refused.
 */
static int authorize(void *data, int action, const char *a3, const char *a4,
		     const char *db, const char *view)
{
	struct wl_store *s = data;

	(void)db;
	(void)view;
	switch (action) {
	case SQLITE_SELECT:
	case SQLITE_READ:
	case SQLITE_RECURSIVE:
		return SQLITE_OK;
	case SQLITE_FUNCTION:
		if (listed(unsafe_functions, a4))
			return refuse(s, wl_xprintf("the function %s() is not allowed",
						    a4));
		return SQLITE_OK;
	case SQLITE_PRAGMA:
		if (listed(safe_pragmas, a3))
			return SQLITE_OK;
		return refuse(s, wl_xprintf("PRAGMA %s is not allowed (only read-only ones such as table_info are)",
					    a3 ? a3 : ""));
	case SQLITE_ATTACH:
		return refuse(s, wl_xstrdup("ATTACH is not allowed"));
	case SQLITE_DETACH:
		return refuse(s, wl_xstrdup("DETACH is not allowed"));
	case SQLITE_UPDATE:
		/*
		 * A table-valued function (json_each, pragma_table_info)
		 * declares its table the first time a statement uses it,
		 * which asks to update sqlite_master. Nothing can write
		 * there: defensive mode forbids it, and the statement must
		 * be read-only to run.
		 */
		if (a3 && !strcmp(a3, "sqlite_master"))
			return SQLITE_OK;
		/* fall through */
	case SQLITE_INSERT:
	case SQLITE_DELETE:
		/* CREATE and DROP write the schema table first. */
		if (a3 && !sqlite3_strnicmp(a3, "sqlite_", 7))
			return refuse(s, wl_xstrdup("changing the schema is not allowed: the store is read-only"));
		return refuse(s, wl_xprintf("writing to '%s' is not allowed: the store is read-only",
					    a3 ? a3 : ""));
	case SQLITE_TRANSACTION:
	case SQLITE_SAVEPOINT:
		return refuse(s, wl_xstrdup("transactions are not allowed"));
	default:
		/* CREATE, DROP, ALTER, ANALYZE, REINDEX, virtual tables. */
		return refuse(s, wl_xstrdup("changing the schema is not allowed: the store is read-only"));
	}
}

static int progress(void *data)
{
	struct wl_store *s = data;

	s->steps += 10000;
	if (s->steps <= s->max_steps)
		return 0;
	s->stopped = 1;
	return 1;
}

int wl_store_seal(struct wl_store *s, char **err)
{
	double start = wl_monotonic();

	if (s->sealed)
		return 0;
	store_finalize_inserts(s);
	if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(s->db, index_sql, NULL, NULL, NULL) != SQLITE_OK ||
	    ((s->flags & WL_STORE_HISTORY) &&
	     sqlite3_exec(s->db, views_sql, NULL, NULL, NULL) != SQLITE_OK))
		return store_fail(s, err, "cannot finish the store");
	/* From here on the SQL comes from anyone. */
	sqlite3_limit(s->db, SQLITE_LIMIT_LENGTH, 64 << 20);
	sqlite3_limit(s->db, SQLITE_LIMIT_SQL_LENGTH, 1 << 20);
	sqlite3_limit(s->db, SQLITE_LIMIT_ATTACHED, 0);
	sqlite3_set_authorizer(s->db, authorize, s);
	sqlite3_progress_handler(s->db, 10000, progress, s);
	s->sealed = 1;
	s->stats.seal_secs = wl_monotonic() - start;
	return 0;
}

void wl_store_set_max_steps(struct wl_store *s, long long steps)
{
	s->max_steps = steps;
}

void wl_store_set_max_result(struct wl_store *s, size_t bytes)
{
	s->max_result = bytes;
}

/* Copies the current row of `st` into a new row of `out`. */
static void take_row(struct wl_table *out, sqlite3_stmt *st)
{
	struct wl_cell *row = wl_table_add_row(out);
	static const char hex[] = "0123456789ABCDEF";
	size_t c, k;

	for (c = 0; c < out->ncols; c++) {
		int type = sqlite3_column_type(st, (int)c);
		const unsigned char *b;
		size_t n;
		char *x;

		switch (type) {
		case SQLITE_INTEGER:
			wl_table_set_int(out, &row[c],
					 sqlite3_column_int64(st, (int)c));
			break;
		case SQLITE_FLOAT:
			row[c].f = sqlite3_column_double(st, (int)c);
			b = sqlite3_column_text(st, (int)c);
			wl_table_set_text(out, &row[c], WL_CELL_REAL,
					  (const char *)b,
					  (size_t)sqlite3_column_bytes(st, (int)c));
			break;
		case SQLITE_TEXT:
			b = sqlite3_column_text(st, (int)c);
			wl_table_set_text(out, &row[c], WL_CELL_TEXT,
					  b ? (const char *)b : "",
					  (size_t)sqlite3_column_bytes(st, (int)c));
			break;
		case SQLITE_BLOB:
			b = sqlite3_column_blob(st, (int)c);
			n = (size_t)sqlite3_column_bytes(st, (int)c);
			x = wl_xmalloc(2 * n + 1);
			for (k = 0; k < n; k++) {
				x[2 * k] = hex[b[k] >> 4];
				x[2 * k + 1] = hex[b[k] & 15];
			}
			wl_table_set_text(out, &row[c], WL_CELL_BLOB, x, 2 * n);
			free(x);
			break;
		default:
			break;
		}
	}
}

/* Prepares the one statement of `sql`; more than one is an error. */
static int prepare_query(struct wl_store *s, const char *sql,
			 sqlite3_stmt **st, char **err)
{
	const char *tail = NULL;
	sqlite3_stmt *more = NULL;

	if (sqlite3_prepare_v2(s->db, sql, -1, st, &tail) != SQLITE_OK)
		goto failed;
	if (!*st) {
		*err = wl_xstrdup("the query is empty");
		return -1;
	}
	while (tail && *tail) {
		if (sqlite3_prepare_v2(s->db, tail, -1, &more, &tail) !=
		    SQLITE_OK)
			goto failed;
		if (more) {
			sqlite3_finalize(more);
			*err = wl_xstrdup("a query is one statement; this one has more after the first ';'");
			return -1;
		}
	}
	if (!sqlite3_stmt_readonly(*st)) {
		*err = wl_xstrdup("the statement writes; only queries that read are allowed");
		return WL_STORE_REFUSED;
	}
	return 0;
failed:
	if (s->refused) {
		*err = s->refused;
		s->refused = NULL;
		return WL_STORE_REFUSED;
	}
	*err = wl_xstrdup(sqlite3_errmsg(s->db));
	return -1;
}

/* Binds `params` to the parameters of `st`, each of which must be one
 * of them. */
static int bind_params(sqlite3_stmt *st, const struct wl_store_param *params,
		       size_t nparams, char **err)
{
	int i, n = sqlite3_bind_parameter_count(st), rc = SQLITE_OK;
	size_t k;

	for (i = 1; i <= n && rc == SQLITE_OK; i++) {
		const char *name = sqlite3_bind_parameter_name(st, i);
		const struct wl_store_param *p = NULL;

		for (k = 0; name && k < nparams && !p; k++)
			if (!strcmp(params[k].name, name))
				p = &params[k];
		if (!p) {
			*err = name ? wl_xprintf("the query names the parameter '%s', which is not given",
						 name)
				    : wl_xstrdup("the query has an unnamed parameter ('?'); only named ones are given");
			return -1;
		}
		if (p->type == WL_STORE_PARAM_TEXT)
			rc = sqlite3_bind_text(st, i, p->text, -1,
					       SQLITE_TRANSIENT);
		else if (p->type == WL_STORE_PARAM_INT)
			rc = sqlite3_bind_int64(st, i, p->i);
	}
	if (rc != SQLITE_OK) {
		*err = wl_xstrdup("cannot bind the query's parameters");
		return -1;
	}
	return 0;
}

int wl_store_query(struct wl_store *s, const char *sql, struct wl_table *out,
		   char **err)
{
	return wl_store_query_params(s, sql, NULL, 0, out, err);
}

int wl_store_query_params(struct wl_store *s, const char *sql,
			  const struct wl_store_param *params, size_t nparams,
			  struct wl_table *out, char **err)
{
	sqlite3_stmt *st = NULL;
	sqlite3_int64 heap;
	int rc, ret, c;

	if (!s->sealed) {
		*err = wl_xstrdup("the store is still loading");
		return -1;
	}
	free(s->refused);
	s->refused = NULL;
	ret = prepare_query(s, sql, &st, err);
	if (!ret)
		ret = bind_params(st, params, nparams, err);
	if (ret)
		goto done;
	for (c = 0; c < sqlite3_column_count(st); c++) {
		const char *name = sqlite3_column_name(st, c);

		wl_table_add_column(out, name ? name : "", name ? strlen(name) : 0);
	}
	s->steps = 0;
	s->stopped = 0;
	/* A query may ask for much memory (a huge sort, a long string):
	 * SQLite fails it then, rather than the process. */
	heap = sqlite3_hard_heap_limit64(-1);
	sqlite3_hard_heap_limit64(sqlite3_memory_used() + (1LL << 30));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		take_row(out, st);
		if (out->bytes > s->max_result)
			break;
	}
	sqlite3_hard_heap_limit64(heap);
	if (rc == SQLITE_ROW) {
		*err = s->max_result % (1u << 20)
			       ? wl_xprintf("the result is larger than %zu bytes",
					    s->max_result)
			       : wl_xprintf("the result is larger than %zu MiB",
					    s->max_result >> 20);
		ret = WL_STORE_TOO_LONG;
	} else if (rc != SQLITE_DONE && s->stopped) {
		*err = wl_xprintf("the query was stopped after %lld steps (a runaway query?)",
				  s->max_steps);
		ret = WL_STORE_TOO_LONG;
	} else if (rc != SQLITE_DONE) {
		*err = wl_xstrdup(sqlite3_errmsg(s->db));
		ret = -1;
	}
done:
	sqlite3_finalize(st);
	if (ret)
		wl_table_release(out);
	return ret;
}

/* The permissions a new file gets: 0666 less the umask. */
static mode_t file_mode(void)
{
	mode_t m = umask(0);

	umask(m);
	return 0666 & ~m;
}

static int copy_to(struct wl_store *s, const char *tmp, char **err)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	int ret = -1;

	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		*err = wl_xprintf("cannot write '%s': %s", tmp,
				  dst ? sqlite3_errmsg(dst) : "out of memory");
		goto done;
	}
	b = sqlite3_backup_init(dst, "main", s->db, "main");
	if (!b || sqlite3_backup_step(b, -1) != SQLITE_DONE) {
		sqlite3_backup_finish(b);
		*err = wl_xprintf("cannot write '%s': %s", tmp,
				  sqlite3_errmsg(dst));
		goto done;
	}
	if (sqlite3_backup_finish(b) != SQLITE_OK) {
		*err = wl_xprintf("cannot write '%s': %s", tmp,
				  sqlite3_errmsg(dst));
		goto done;
	}
	ret = 0;
done:
	if (sqlite3_close(dst) != SQLITE_OK && !ret) {
		*err = wl_xprintf("cannot write '%s'", tmp);
		ret = -1;
	}
	return ret;
}

int wl_store_export(struct wl_store *s, const char *path, char **err)
{
	char *tmp = wl_xprintf("%s.XXXXXX", path);
	int fd = -1, ret = -1;

	if (!s->sealed) {
		*err = wl_xstrdup("the store is still loading");
		goto done;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		*err = wl_xprintf("cannot create a file beside '%s': %s", path,
				  strerror(errno));
		goto done;
	}
	if (fchmod(fd, file_mode()) < 0 || copy_to(s, tmp, err) < 0) {
		if (!*err)
			*err = wl_xprintf("cannot write '%s': %s", tmp,
					  strerror(errno));
		goto done;
	}
	/* What rename() makes visible must be on the disk already. */
	if (fsync(fd) < 0 || rename(tmp, path) < 0) {
		*err = wl_xprintf("cannot write '%s': %s", path,
				  strerror(errno));
		goto done;
	}
	ret = 0;
done:
	if (fd >= 0) {
		close(fd);
		if (ret < 0)
			unlink(tmp);
	}
	free(tmp);
	return ret;
}
