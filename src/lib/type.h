#ifndef WL_TYPE_H
#define WL_TYPE_H

#include <stddef.h>

#include "date.h"
#include "diag.h"
#include "node.h"

/*
 * Record types: a schema file with an `x-type`, and its type-level x-
 * keywords (DESIGN.md §3) compiled once, when the schema loads, into the
 * fields below. Every consumer asks these fields and the lookups at the
 * end of this file; nobody re-reads the x- keywords from the YAML. Their
 * shape errors are "schema" diagnostics of the schema file, which then
 * does not load.
 *
 * Everything here is borrowed from the schema set that loaded it
 * (schema.h) and lives as long as the set. Values of states and
 * conditions are compared as text: a record's `status: 1` is the state
 * `1`.
 */
struct wl_schema;

/* What a value of the lifecycle's state field means. */
enum wl_state_class {
	WL_STATE_NONE = 0,     /* not a value x-lifecycle lists */
	WL_STATE_OPEN,
	WL_STATE_BLOCKED,
	WL_STATE_DONE,
	WL_STATE_CANCELLED,
};

struct wl_state {
	const char *value;
	enum wl_state_class cls;
};

/* x-lifecycle: {field, due, open, blocked, done, cancelled} */
struct wl_lifecycle {
	const char *field;     /* the state field; NULL: no x-lifecycle */
	const char *due;       /* the due-date field, or NULL */
	const struct wl_state *states;   /* in the order written */
	size_t nr_states;
};

/* One state of an x-transitions machine and the states it may become. */
struct wl_transition {
	const char *from;
	const char *const *to;
	size_t nr_to;
};

/* x-transitions of one field: `status: {todo: [doing], ...}` */
struct wl_transitions {
	const char *field;
	const struct wl_transition *from;   /* in the order written */
	size_t nr_from;
};

/* A `when` condition of a section: the field is one of the values. */
struct wl_section_when {
	const char *field;
	const char *const *values;
	size_t nr_values;
};

/* One entry of x-sections. */
struct wl_section {
	const char *name;
	const char *const *aliases;
	size_t nr_aliases;
	int required;          /* the body must have the heading */
	int nonempty;          /* text under it, if it is there */
	const struct wl_section_when *when;  /* all must hold; none: always */
	size_t nr_when;
	int line, column;      /* of the entry, in the schema file */
};

/* One pair of x-date-order: `earlier` must not be after `later`. */
struct wl_date_pair {
	const char *earlier;
	const char *later;
	int line, column;      /* of the pair, in the schema file */
};

/*
 * A place in a record that carries x-ref or x-person, as the schema's
 * applicators reach it: `project`, `actions[].owner` (any item),
 * `pair[1]` (a prefixItems item), `meta.*` (a property that
 * additionalProperties or patternProperties covers). Reached through
 * anyOf/oneOf/if branches too, so a place may be listed although a
 * given record takes another branch (wl_schema_marks answers for one
 * record).
 */
struct wl_type_ref {
	const char *path;
	const char *ref_type;  /* x-ref: the type its value names, or NULL */
	int person;            /* x-person: true */
};

struct wl_type {
	const char *name;          /* x-type */
	const char *file;          /* the schema file's path */
	const char *id_field;      /* x-id, or NULL */
	const char *filename;      /* x-filename pattern, or NULL */
	struct wl_lifecycle lifecycle;
	const struct wl_transitions *transitions;
	size_t nr_transitions;
	const struct wl_section *sections;
	size_t nr_sections;
	const struct wl_date_pair *date_order;
	size_t nr_date_order;
	const struct wl_type_ref *refs;  /* set by wl_schema_set_finish */
	size_t nr_refs;
	/*
	 * x-id-pattern: how `worklog new` and imports make the id of a new
	 * record: text with placeholders {date} (20261126), {year},
	 * {month}, {day}, {random} (hex digits, template.h) and {FIELD}
	 * (the new record's value of FIELD). NULL: PREFIX-{date}-{random}, PREFIX
	 * from the id field's `examples` (template.h).
	 */
	const char *id_pattern;
	/* x-period: the kind of period a new record covers unless told;
	 * 0 when the type does not say. */
	enum wl_period_kind period;
	/*
	 * x-template: the Markdown body of a new record instead of the
	 * headings of its required sections. A string is the body in every
	 * language (template_any); a mapping gives one per language.
	 */
	const char *template_any;
	const char *template_zh, *template_en;
	/*
	 * The schema document, for templates only: `default`, `examples`
	 * and the like, which `worklog new` will read. Not for x- keywords:
	 * ask the fields above.
	 */
	const struct wl_node *root;
	const struct wl_schema *schema;
	int builtin;
};

/* Returns the class of a value of the lifecycle's state field. */
enum wl_state_class wl_type_state_class(const struct wl_type *type,
					const char *value);
/*
 * Returns the class of a record's state: the value of the lifecycle's
 * field in front matter `fm`. WL_STATE_NONE when the type has no
 * lifecycle, or the field is missing, null or not a scalar.
 */
enum wl_state_class wl_record_state(const struct wl_type *type,
				    const struct wl_node *fm);
/* Returns 1 if `fm` is in one of the `done` states of its type's
 * x-lifecycle, 0 if not (or the type has no lifecycle). */
int wl_record_is_done(const struct wl_type *type, const struct wl_node *fm);

/* Returns the x-transitions of `field`, or NULL. */
const struct wl_transitions *wl_type_transitions(const struct wl_type *type,
						 const char *field);
/* Returns the entry of state `from`, or NULL if the machine has none. */
const struct wl_transition *wl_transitions_from(
	const struct wl_transitions *tr, const char *from);
/* Returns 1 if the machine names `value` anywhere (as a state or as a
 * next state), else 0. */
int wl_transitions_names(const struct wl_transitions *tr, const char *value);
/*
 * Judges a change of the field from `from` to `to` (which differ):
 * returns 1 if the machine allows it, 0 if it forbids it, -1 if it does
 * not judge it (`from` has no entry, or `to` is a value the machine
 * never names: the schema judges values, not the machine).
 */
int wl_transition_allowed(const struct wl_transitions *tr, const char *from,
			  const char *to);

/* Returns the section whose name or one of whose aliases is `heading`
 * (`len` bytes, compared exactly), or NULL. */
const struct wl_section *wl_type_section(const struct wl_type *type,
					 const char *heading, size_t len);
/* Returns 1 if every `when` condition of the section holds for front
 * matter `fm` (a field missing or not a scalar fails its condition). */
int wl_section_applies(const struct wl_section *section,
		       const struct wl_node *fm);

/*
 * Validates a record's front matter against its type: the schema, plus
 * x-filename against `path` (rule "filename"). x-filename: each {field}
 * is replaced by the front matter's value of that field (literally); the
 * result is a glob where `*` matches within one path segment and `?` one
 * character, and `path` (relative to the repository) must end with it at
 * a segment boundary: "{period}-{owner}.md" accepts
 * "records/logs/2026-W48-zhangsan.md". A placeholder whose field is
 * missing, null or not a scalar disables the check. `fm_line` is the line of
 * the opening `---`. Returns 1 if valid, 0 if not.
 */
int wl_type_validate(const struct wl_type *type, const struct wl_node *fm,
		     const char *path, int fm_line, struct wl_diags *diags);
/* The x-filename half of wl_type_validate, its finding of severity
 * `sev` (the rule registry's `filename`). Returns 1 if the path matches
 * (or nothing is checked), 0 if not. */
int wl_type_check_filename(const struct wl_type *type,
			   const struct wl_node *fm, const char *path,
			   int fm_line, enum wl_severity sev,
			   struct wl_diags *diags);

#endif
