#ifndef WL_IMPORT_H
#define WL_IMPORT_H

#include <stddef.h>

#include "repo.h"
#include "template.h"
#include "util.h"

/*
 * Imports: an existing task table brought in as records. A reader turns
 * its input into rows (import_csv.c: a spreadsheet's or Asana's CSV
 * export; import_trello.c: a Trello board export), each a list of texts
 * for fields; the engine (import.c) makes a draft (template.h) of each
 * row, checks them all, and writes all of them or none.
 */

/* A text for a field, and the column it came from (for messages). */
struct wl_import_cell {
	char *field;               /* a field of the type, or "body" */
	char *text;
	char *column;              /* "负责人", "list", "label" */
};

/* Text of the body under a heading of its own (a Trello checklist). */
struct wl_import_part {
	char *heading;
	char *text;
};

/* One record to make. Strings owned. */
struct wl_import_row {
	char *where;               /* "tasks.csv:5", "board.json: card 12" */
	struct wl_import_cell *cells;
	size_t nr, alloc;
	struct wl_import_part *parts;
	size_t nr_parts, alloc_parts;
};

struct wl_import_rows {
	struct wl_import_row *v;
	size_t nr, alloc;
	/* Columns with values that map to no field, as written. */
	struct wl_strlist unmapped;
	/* Rows left out, with why ("archived"), for the summary. */
	size_t skipped;
};
#define WL_IMPORT_ROWS_INIT { NULL, 0, 0, WL_STRLIST_INIT, 0 }

void wl_import_rows_release(struct wl_import_rows *rows);
/* Appends a row; returns it (valid until the next append). */
struct wl_import_row *wl_import_row_add(struct wl_import_rows *rows,
					char *where);
void wl_import_cell_add(struct wl_import_row *row, const char *field,
			const char *text, size_t len, const char *column);
void wl_import_part_add(struct wl_import_row *row, const char *heading,
			const char *text);

/* ---- CSV (import_csv.c) ------------------------------------------------ */

/* Bounds on a CSV file, checked while reading. */
#define WL_CSV_MAX_BYTES (64u * 1024 * 1024)
#define WL_CSV_MAX_ROWS 100000
#define WL_CSV_MAX_FIELDS 1000
#define WL_CSV_MAX_FIELD_BYTES (1024u * 1024)
/* Fields in the whole file: each costs an allocation, so a file of
 * separators alone must not cost gigabytes. */
#define WL_CSV_MAX_CELLS 2000000

struct wl_csv_row {
	char **fields;             /* NUL-terminated texts, owned */
	size_t nr;
	int row;                   /* 1-based, counting every record */
	int line;                  /* the line the row starts on */
};

struct wl_csv {
	struct wl_csv_row *rows;   /* rows[0] is the header */
	size_t nr, alloc;
	char sep;                  /* ',', ';' or '\t' */
};
#define WL_CSV_INIT { NULL, 0, 0, ',' }
void wl_csv_release(struct wl_csv *csv);

/* Where a CSV file went wrong. */
struct wl_csv_error {
	int row;                   /* 1-based; 0: the file as a whole */
	int line, column;          /* 1-based; column in code points */
	char *message;             /* owned */
};

/*
 * Reads RFC 4180 text of `len` bytes: records of fields separated by
 * the separator of the header line (the first of ',', ';' and tab that
 * it has most of outside quotes), ending in CRLF, LF or CR; a field
 * quoted with '"' may hold separators, line breaks and "" for a quote.
 * A UTF-8 BOM is skipped. The text must be UTF-8 without NUL bytes (a
 * UTF-16 export is named as such), a quote may not start in the middle
 * of an unquoted field nor be followed by text after it closes, and
 * the bounds above hold. No I/O. Returns 0, or -1 with *err filled
 * (release with wl_csv_error_release).
 */
int wl_csv_parse(struct wl_csv *out, const char *buf, size_t len,
		 struct wl_csv_error *err);
void wl_csv_error_release(struct wl_csv_error *err);

/* A `--map COLUMN=FIELD`: FIELD is a field of the type, `body` for the
 * body, or `-` to leave the column out. */
struct wl_column_map {
	const char *column;
	const char *field;
};

/*
 * Makes rows of a parsed CSV file `name` for records of `type`: each
 * column goes to the field a map names, else to the field its header
 * names (the header itself, or a common name in Chinese or English:
 * 负责人 and Assignee are `owner`, 状态 and Section/Column `status`,
 * 截止日期 and Due Date `due`, 描述 and Notes the body; the table is in
 * import_csv.c), if the type has it. Rows whose fields are all empty
 * are left out. Returns 0, or -1 with *err set (caller frees) when a
 * map names a column the header does not have or a field the type
 * does not have.
 */
int wl_import_csv(struct wl_import_rows *out, const struct wl_csv *csv,
		  const char *name, const struct wl_type *type,
		  const struct wl_column_map *maps, size_t nr_maps, char **err);

/* ---- Trello (import_trello.c) ------------------------------------------ */

/* Bounds on a Trello export: its size and its number of JSON values. */
#define WL_TRELLO_MAX_BYTES (64u * 1024 * 1024)
#define WL_TRELLO_MAX_VALUES 4000000

/*
 * Makes rows of a Trello board export (`len` bytes of JSON, shown as
 * `name`) for records of `type`, one per card: its name (title), its
 * list's name (status), its members (owner: username, then full name,
 * for the roster to recognise), `due` (a moment, taken as a date in the
 * configuration's time zone), the day its id was made (created), its
 * labels (tags, spaces made '-'), its description (body), its
 * checklists (task-list items under the checklist's name, with @id for
 * a member the roster knows and due:DATE) and its comments (under
 * "评论" or "Comments", dated, oldest first). When its list stands for
 * a done state of the type's x-lifecycle, the day of its last move into
 * that list (else of its last activity) is `completed` (or `resolved`).
 * Archived cards and the cards of archived lists are left out (counted
 * in out->skipped) unless `archived`. Returns 0, or -1 with *err set
 * (caller frees): too large, not JSON (with its line and column), or
 * not a board.
 */
int wl_import_trello(struct wl_import_rows *out, const char *buf, size_t len,
		     const char *name, const struct wl_type *type,
		     const struct wl_value_ctx *ctx, enum wl_lang lang,
		     int archived, char **err);

/* ---- the engine (import.c) --------------------------------------------- */

struct wl_import_opts {
	const struct wl_type *type;
	enum wl_lang lang;
	struct wl_value_ctx ctx;      /* the roster, today, --map-value */
	const char *const *sets;      /* FIELD=VALUE for rows without one */
	size_t nr_sets;
};

/* The records an import would write. */
struct wl_import_plan {
	struct wl_draft *drafts;      /* one per row, placed and rendered */
	size_t nr;
	/* "WHERE: message", one per problem, in row order; empty when every
	 * row makes a record that validates. */
	struct wl_strlist problems;
	size_t bad_rows;              /* how many rows have problems */
};
#define WL_IMPORT_PLAN_INIT { NULL, 0, WL_STRLIST_INIT, 0 }
void wl_import_plan_release(struct wl_import_plan *plan);

/*
 * Makes a draft of each row: --set values, then the cells (for a field
 * given by several cells, a list takes the items of all of them, a
 * single value the first cell whose text is a value of it), the body,
 * the defaults of template.h (today's date when no column gives one; no
 * owner: a row without one is a problem), an id unless a column gives
 * it, and its path; then checks them all (wl_drafts_check). A text
 * that is no value of its field, a required field without a value, or a
 * finding of the check is a problem of its row. Returns 0 (problems are
 * in plan->problems), or -1 with *err set when the work could not be
 * done.
 */
int wl_import_prepare(struct wl_import_plan *plan, struct wl_repo *repo,
		      const struct wl_import_rows *rows,
		      const struct wl_import_opts *opts, char **err);

/*
 * Writes every draft of a plan without problems under `root`, each as a
 * new file: if one cannot be written, those written already are removed
 * (and the folders made for them), so an import writes all or nothing.
 * Returns 0, or -1 with *err set.
 */
int wl_import_write(const struct wl_import_plan *plan, const char *root,
		    char **err);

#endif
