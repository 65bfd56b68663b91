#ifndef WL_FACTS_H
#define WL_FACTS_H

#include <stddef.h>

#include "node.h"
#include "schema.h"
#include "util.h"

/*
 * The summary of one record blob: what checks across records, the
 * history rules, record pairing and history need without parsing the
 * record again. Its type, its id (x-id), its state and due date
 * (x-lifecycle), its period, the values it gives to x-ref and x-person
 * fields, each with its position, and its whole front matter (packed,
 * for history's field changes). They depend only on the record's text
 * and the schemas, so they are what the cache (cache.h) keeps per blob,
 * in a text form (wl_facts_write) that wl_facts_parse reads in place.
 */

/*
 * The version of the text form and of the cache's tables that hold it:
 * the one number to bump when either changes (say, to keep one more
 * fact). A cache file of another version is emptied and rebuilt.
 */
#define WL_FACTS_VERSION 5

/* A field's value the summary keeps; strings borrowed from the text. */
struct wl_fact_value {
	const char *field;      /* NULL: the record has none */
	const char *value;
	int line, column;
};

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
	struct wl_fact_value state;     /* the x-lifecycle state field */
	enum wl_state_class state_class;  /* of `state` (type.h) */
	struct wl_fact_value period;    /* the `period` field */
	struct wl_fact_value due;       /* the x-lifecycle due field */
	struct wl_fact *v;      /* filled by wl_facts_complete */
	size_t nr;
	int complete;
	const char *fm;         /* the front matter, packed (facts.c);
				   NULL for an unusable record */
	size_t fm_len;
	const char *text;       /* the text form, borrowed */
	size_t len;
	size_t head;            /* where the R and P facts start */
};
#define WL_FACTS_INIT { 0 }

/*
 * Appends the text form of the facts of front matter `fm` of type `type`
 * to `out`. A NULL type or front matter (a record that could not be
 * read) gives the facts of an unusable record (the empty text).
 */
void wl_facts_write(struct wl_buf *out, const struct wl_type *type,
		    const struct wl_node *fm);

/*
 * wl_facts_write in steps, for a caller that walks the schema anyway
 * (lint validates and collects the marked values in one walk,
 * wl_schema_validate_marks): wl_facts_begin writes what needs no walk
 * and returns 1 if the marks are wanted (a usable record), 0 if not;
 * wl_facts_mark is the walk's mark function, with the writer as its
 * data; wl_facts_end finishes (always call it). The text is
 * wl_facts_write's, without the packed front matter (the F fact) when
 * `flags` has WL_FACTS_NO_FRONT_MATTER: facts that are not kept, such as
 * those of one lint run, need not carry it.
 */
enum wl_facts_flags {
	WL_FACTS_NO_FRONT_MATTER = 1 << 0,
};
struct wl_facts_writer {
	struct wl_buf *out;
	const struct wl_node **seen;    /* values written: an alias or
					   an allOf reaches one twice */
	size_t seen_nr, seen_mask;
};
struct wl_schema_mark;
int wl_facts_begin(struct wl_facts_writer *w, struct wl_buf *out,
		   const struct wl_type *type, const struct wl_node *fm,
		   unsigned flags);
void wl_facts_mark(const struct wl_schema_mark *m, void *writer);
void wl_facts_end(struct wl_facts_writer *w);

/*
 * Reads the type, the id, the state, the period and the due date from
 * the text form, which must outlive the facts (they point into it). Returns 0, or -1 if the text is not in that
 * form (then the facts are those of an unusable record).
 */
int wl_facts_parse(struct wl_facts *out, const char *text, size_t len);

/* Reads the x-ref and x-person values too (once). Returns 0 or -1. */
int wl_facts_complete(struct wl_facts *f);

/*
 * Rebuilds the front matter the facts keep (the whole mapping, as
 * written: every node's kind, value and text, aliases expanded) into
 * `doc`, whose scalars point into the facts' text: it must outlive the
 * document. Lines and columns are 0. Reading a text that was damaged or
 * written by another program stops at the first inconsistency. Returns
 * 0, or -1 if there is none or it is damaged (then doc->root is NULL).
 */
int wl_facts_front_matter(struct wl_doc *doc, const struct wl_facts *f);

/* Frees what wl_facts_complete allocated; the text is not freed. */
void wl_facts_release(struct wl_facts *f);

#endif
