#ifndef WL_STORE_IMPL_H
#define WL_STORE_IMPL_H

/* The store's insides, shared by store.c (loading) and store_query.c
 * (sealing, queries, export). Nothing else includes this. */
#include <sqlite3.h>

#include "store.h"
#include "util.h"

struct wl_store {
	sqlite3 *db;
	unsigned flags;             /* enum wl_store_flags */
	int sealed;
	sqlite3_stmt *ins_record, *ins_item, *ins_section, *ins_person,
		*ins_state, *ins_history;
	long long seq;              /* of the last history row */
	struct wl_store_stats stats;
	struct wl_buf json;         /* a value's JSON, while binding */
	char *change_err;           /* wl_store_hist_fn's last failure */
	/* While a query runs: its step budget, and why the authorizer
	 * refused it (the first reason). */
	long long max_steps, steps;
	size_t max_result;
	int stopped;
	char *refused;
};

/* Sets *err to "WHAT: SQLite's message". Returns -1. */
int store_fail(struct wl_store *s, char **err, const char *what);
/* Settings that hold from the start: no extensions, defensive mode. */
int store_harden(struct wl_store *s, char **err);
void store_finalize_inserts(struct wl_store *s);

#endif
