#ifndef WL_FACTS_H
#define WL_FACTS_H

#include <stddef.h>

#include "node.h"
#include "schema.h"
#include "util.h"

/*
 * The facts about one record that checks across records need: its type,
 * its id (x-id), and the values it gives to x-ref and x-person fields,
 * each with its position. They are small and depend only on the record's
 * text and the schemas, so they are what the hook cache keeps per blob,
 * in a text form (wl_facts_write) that wl_facts_parse reads in place.
 */

/* One x-ref or x-person value; strings are borrowed from the text. */
struct wl_fact {
	const char *field;      /* where in the record: "actions[0].owner" */
	const char *value;
	const char *ref_type;   /* x-ref: the type it names; NULL: x-person */
	int line, column;
};

struct wl_facts {
	const char *type;       /* NULL: not a usable record */
	const char *id;         /* the x-id value, or NULL */
	const char *id_field;
	int id_line, id_column;
	struct wl_fact *v;      /* filled by wl_facts_complete */
	size_t nr;
	int complete;
	const char *text;       /* the text form, borrowed */
	size_t len;
};
#define WL_FACTS_INIT { NULL, NULL, NULL, 0, 0, NULL, 0, 0, NULL, 0 }

/*
 * Appends the text form of the facts of front matter `fm` of type `type`
 * to `out`. A NULL type or front matter (a record that could not be
 * read) gives the facts of an unusable record (the empty text).
 */
void wl_facts_write(struct wl_buf *out, const struct wl_type *type,
		    const struct wl_node *fm);

/*
 * Reads the type and the id from the text form, which must outlive the
 * facts (they point into it). Returns 0, or -1 if the text is not in that
 * form (then the facts are those of an unusable record).
 */
int wl_facts_parse(struct wl_facts *out, const char *text, size_t len);

/* Reads the x-ref and x-person values too (once). Returns 0 or -1. */
int wl_facts_complete(struct wl_facts *f);

/* Frees what wl_facts_complete allocated; the text is not freed. */
void wl_facts_release(struct wl_facts *f);

#endif
