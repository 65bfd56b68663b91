#ifndef WL_STORE_H
#define WL_STORE_H

#include <stddef.h>

#include "config.h"
#include "history.h"
#include "record.h"
#include "repo.h"
#include "schema.h"
#include "table.h"
#include "type.h"
#include "util.h"

/*
 * The store: records, their list items and task items, their sections,
 * the roster and, when asked for, their history, loaded into an
 * in-memory SQLite database so that any SQL query answers questions
 * about them. Its tables and views are the project's public data model,
 * documented in docs/store.md; change them only compatibly.
 *
 * Life of a store: open, load (records, people, types, history changes),
 * seal, then query and export as often as needed. Loading runs in one
 * transaction with prepared statements. Sealing commits, builds the
 * indexes and views, and locks the database down: from then on queries
 * come from anyone (a cloned repository's saved reports), so an
 * authorizer refuses everything but reading (ATTACH, pragmas other than
 * a few read-only ones, writes, schema changes, load_extension and the
 * other functions that reach files), extension loading is off, SQLite's
 * defensive mode is on, lengths are bounded and a query that runs longer
 * than a budget of virtual-machine steps is stopped.
 */
struct wl_store;

enum wl_store_flags {
	/* Create the `history` table and its views (`state_entries`,
	 * `lifecycle`, `status_spans`); without it they do not exist, so a
	 * query naming them fails rather than finding no rows. */
	WL_STORE_HISTORY = 1 << 0,
};

/* Errors of wl_store_query besides -1. */
enum {
	WL_STORE_REFUSED = -2,  /* the authorizer refused the query */
	WL_STORE_TOO_LONG = -3, /* the step budget or a size bound ran out */
};

/* What a store holds; aggregate --stats prints it. */
struct wl_store_stats {
	size_t records;         /* rows of `records` */
	size_t invalid;         /* of them, valid = 0 */
	size_t unreadable;      /* record files that did not parse: no rows */
	size_t items, sections, people, history;
	double load_secs;       /* reading, parsing, validating, inserting */
	double seal_secs;       /* committing and indexing */
};
#define WL_STORE_STATS_INIT { 0 }

/*
 * Opens an empty store (flags: enum wl_store_flags) and starts loading.
 * Returns 0, or -1 with a message in *err (caller frees).
 */
int wl_store_open(struct wl_store **out, unsigned flags, char **err);
/* Closes the store; NULL does nothing. */
void wl_store_free(struct wl_store *s);

/* Returns the counts so far; borrowed. */
const struct wl_store_stats *wl_store_stats(const struct wl_store *s);

/*
 * Loading (before wl_store_seal). Each returns 0, or -1 with *err set.
 */

/* Rows of `people` from the configuration's roster. */
int wl_store_add_people(struct wl_store *s, const struct wl_config *cfg,
			char **err);
/* Rows of `states` from the x-lifecycle of every type of `set`. */
int wl_store_add_types(struct wl_store *s, const struct wl_schema_set *set,
		       char **err);
/*
 * A record parsed from its file (r->buf whole, r->doc.root not NULL),
 * of type `type` (NULL: unknown; then `type` is its `type:` field), valid
 * or not against it: a row of `records`, rows of `items` for its front
 * matter's lists and its body's task items, rows of `sections` for its
 * headings.
 */
int wl_store_add_record(struct wl_store *s, const struct wl_record *r,
			const struct wl_type *type, int valid, char **err);
/*
 * Reads, parses and validates each of `paths` of `repo` and adds it as
 * above, after the people and the types of `repo`. A file that is not a
 * record (it does not parse) is counted as unreadable and skipped. A
 * file that cannot be read is an error of the load. Returns 0, or -1
 * with *err set.
 *
 * With a `cache` (NULL: none; borrowed), the summary (facts.h) of each
 * record's blob is kept in it too, as a history walk of `repo` with
 * that cache (wl_history_opts.cache) would parse and keep it: the walk
 * that follows finds the records at its tip and does not parse them
 * again.
 */
struct wl_cache;
int wl_store_load(struct wl_store *s, struct wl_repo *repo,
		  const struct wl_pathlist *paths, struct wl_cache *cache,
		  char **err);
/*
 * A row of `history` (a WL_STORE_HISTORY store): one history change.
 * Its `seq` is the order of the calls, which must be the engine's
 * order (oldest commit first). Returns 0, or -1 with *err set.
 */
int wl_store_add_change(struct wl_store *s, const struct wl_hist_change *c,
			char **err);
/*
 * A wl_hist_fn that adds each change to the store `data`; it returns
 * -1 on failure, after which wl_store_change_error() says why.
 */
int wl_store_hist_fn(const struct wl_hist_change *c, void *data);
/* The message of the last failure of wl_store_hist_fn, or NULL;
 * borrowed. */
const char *wl_store_change_error(const struct wl_store *s);

/*
 * Ends loading: commits, builds indexes and views, and locks the store
 * down for queries. Returns 0, or -1 with *err set.
 */
int wl_store_seal(struct wl_store *s, char **err);

/*
 * Runs one SQL statement (a query: trailing text after it is an error)
 * on a sealed store and fills `out` (WL_TABLE_INIT) with its result.
 * Returns 0; WL_STORE_REFUSED if the authorizer refused it (*err says
 * what); WL_STORE_TOO_LONG if it ran out of steps or its result grew
 * past the bound; -1 for any other error, with SQLite's message in
 * *err. On failure `out` is released.
 */
int wl_store_query(struct wl_store *s, const char *sql, struct wl_table *out,
		   char **err);

/* A value for a named parameter of a query (`:from`, `@owner`, `$n`). */
enum wl_store_param_type {
	WL_STORE_PARAM_NULL,
	WL_STORE_PARAM_TEXT,
	WL_STORE_PARAM_INT,
};
struct wl_store_param {
	const char *name;                /* as written in SQL: ":from" */
	enum wl_store_param_type type;
	const char *text;                /* WL_STORE_PARAM_TEXT */
	long long i;                     /* WL_STORE_PARAM_INT */
};

/*
 * wl_store_query with the `nparams` values of `params` bound to the
 * named parameters of `sql`. Values are bound, never spliced into the
 * text, so they cannot change what the query does. A parameter of the
 * query that `params` does not name (or an unnamed `?`) is an error (-1,
 * *err naming it); a value the query does not use is left unused.
 * Returns as wl_store_query.
 */
int wl_store_query_params(struct wl_store *s, const char *sql,
			  const struct wl_store_param *params, size_t nparams,
			  struct wl_table *out, char **err);

/*
 * Writes every table, index and view of a sealed store to the SQLite
 * file `path`, atomically: into a temporary file in the same folder,
 * synced, then renamed over `path`. Returns 0, or -1 with *err set.
 */
int wl_store_export(struct wl_store *s, const char *path, char **err);

/* Set the steps a query may take (default WL_STORE_MAX_STEPS), and the
 * bytes its result may hold (default WL_STORE_MAX_RESULT). */
void wl_store_set_max_steps(struct wl_store *s, long long steps);
void wl_store_set_max_result(struct wl_store *s, size_t bytes);

/* Steps of SQLite's virtual machine a query may take. */
#define WL_STORE_MAX_STEPS 1000000000LL
/* Bytes a result may hold (its cells and their text). */
#define WL_STORE_MAX_RESULT (256u << 20)

#endif
