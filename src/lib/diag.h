#ifndef WL_DIAG_H
#define WL_DIAG_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Findings. A diagnostic is something wrong with a record, a schema or a
 * configuration file; it is collected, never printed, by the library.
 * Operational failures (I/O, memory, git) are negative return values
 * instead.
 */
enum wl_severity {
	WL_SEV_WARNING = 1,
	WL_SEV_ERROR = 2,
};

struct wl_diag {
	char *path;        /* relative to the repository root, owned */
	int line;          /* 1-based, in the whole file */
	int column;        /* 1-based, in code points */
	enum wl_severity severity;
	const char *rule;  /* static rule id: "syntax", "schema", ... */
	char *message;     /* owned */
};

struct wl_diags {
	struct wl_diag *v;
	size_t nr, alloc;
	size_t errors, warnings;
};
#define WL_DIAGS_INIT { NULL, 0, 0, 0, 0 }

/*
 * Appends a diagnostic; `path` and the formatted message are copied, the
 * message with its control characters escaped (see wl_buf_add_printable).
 */
void wl_diags_add(struct wl_diags *d, const char *path, int line, int column,
		  enum wl_severity sev, const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* As wl_diags_add, with the arguments in a va_list. */
void wl_diags_vadd(struct wl_diags *d, const char *path, int line, int column,
		   enum wl_severity sev, const char *rule, const char *fmt,
		   va_list ap) __attribute__((format(printf, 7, 0)));

struct wl_node;
/*
 * Appends a diagnostic at node `at` of a file shown as `path`: its line
 * and column come from the node (1:1 when `at` is NULL, the whole file).
 */
void wl_diags_at(struct wl_diags *d, const char *path,
		 const struct wl_node *at, enum wl_severity sev,
		 const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Moves every diagnostic of `from` to the end of `to`; `from` is emptied. */
void wl_diags_move(struct wl_diags *to, struct wl_diags *from);
/* Sorts by path, line, column (stable for equal positions). */
void wl_diags_sort(struct wl_diags *d);
/* Drops each diagnostic equal to an earlier one at the same place (as
 * two judgements of one version find), keeping the counts right; sort
 * first. */
void wl_diags_unique(struct wl_diags *d);
/* Drops every diagnostic from index `nr` on, keeping the counts right. */
void wl_diags_truncate(struct wl_diags *d, size_t nr);
/* Keeps, in order, the diagnostics for which `keep(g, arg)` returns
 * non-zero, and drops the others, keeping the counts right. */
void wl_diags_filter(struct wl_diags *d,
		     int (*keep)(const struct wl_diag *g, void *arg), void *arg);
void wl_diags_release(struct wl_diags *d);

/* Returns "error" or "warning". */
const char *wl_severity_name(enum wl_severity sev);

#endif
