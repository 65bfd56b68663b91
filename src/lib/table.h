#ifndef WL_TABLE_H
#define WL_TABLE_H

#include <stddef.h>

#include "util.h"

/*
 * A result set: named columns and rows of typed cells, as SQL returns
 * them. The store fills one from a query (store.h); a report may build
 * one by hand. The command line prints it as a table, CSV, JSON or a
 * Markdown table (the format table's row printers).
 */
enum wl_cell_type {
	WL_CELL_NULL,
	WL_CELL_INT,
	WL_CELL_REAL,
	WL_CELL_TEXT,
	WL_CELL_BLOB,           /* text holds the bytes as upper-case hex */
};

struct wl_cell {
	enum wl_cell_type type;
	/* Every cell but a NULL has its text: an integer's digits, a real as
	 * SQLite writes it (15 significant digits, "3.0" for a whole one),
	 * a text's bytes (it may hold NULs: use len). Owned by the table. */
	const char *text;
	size_t len;
	long long i;            /* WL_CELL_INT */
	double f;               /* WL_CELL_REAL */
};

struct wl_table {
	char **cols;
	size_t ncols, cols_alloc;
	struct wl_cell *cells;  /* row r, column c: cells[r * ncols + c] */
	size_t nrows, rows_alloc;
	size_t bytes;           /* memory the cells and their text hold, for
				   callers that bound it */
	struct wl_arena arena;
};
#define WL_TABLE_INIT { NULL, 0, 0, NULL, 0, 0, 0, WL_ARENA_INIT }

/* Appends a column (name copied). Only before the first row. */
void wl_table_add_column(struct wl_table *t, const char *name, size_t len);
/*
 * Appends a row of NULL cells and returns them (ncols cells), borrowed
 * until the next row is added.
 */
struct wl_cell *wl_table_add_row(struct wl_table *t);
/* Sets a cell; the text is copied into the table. */
void wl_table_set_text(struct wl_table *t, struct wl_cell *c,
		       enum wl_cell_type type, const char *s, size_t len);
void wl_table_set_int(struct wl_table *t, struct wl_cell *c, long long v);
/* Returns cell (row, col); borrowed. */
const struct wl_cell *wl_table_cell(const struct wl_table *t, size_t row,
				    size_t col);
/* Returns 1 if every cell of column `col` that is not NULL is a number
 * (and there is one), for right alignment. */
int wl_table_numeric(const struct wl_table *t, size_t col);
void wl_table_release(struct wl_table *t);

#endif
