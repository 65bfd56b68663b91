#include "rules.h"

#include <stdlib.h>
#include <string.h>

#include "change.h"
#include "check.h"
#include "date.h"
#include "locked.h"
#include "record.h"
#include "schema.h"
#include "util.h"

#include "../banned.h"

/* Option readers: each reads one value into its field, or adds a
 * "config" error at the value and returns -1. */

/*
 * Reports value `v` of option `what` of rule `rule` as not being
 * `expected`: "rule 'locked': after: '3x' is not a duration ...".
 */
static void bad_value(struct wl_diags *diags, const char *path,
		      const struct wl_node *v, const char *rule,
		      const char *what, const char *expected)
{
	if (v->kind == WL_NODE_SEQ || v->kind == WL_NODE_MAP)
		wl_diags_at(diags, path, v, WL_SEV_ERROR, "config",
			    "rule '%s': %s: a %s is not %s", rule, what,
			    v->kind == WL_NODE_SEQ ? "list" : "mapping",
			    expected);
	else
		wl_diags_at(diags, path, v, WL_SEV_ERROR, "config",
			    "rule '%s': %s: '%s' is not %s", rule, what,
			    v->str ? v->str : "", expected);
}

#define DURATION "a duration (use Nh, Nd or Nw)"

static int read_duration(void *field, const struct wl_node *v,
			 const char *rule, const char *path,
			 struct wl_diags *diags, const char *what)
{
	struct wl_duration *d = field;

	if (v->kind != WL_NODE_STRING || wl_duration_parse(&d->secs, v->str, v->len,
							 WL_DURATION_RULE)) {
		bad_value(diags, path, v, rule, what, DURATION);
		return -1;
	}
	d->text = v->str;
	return 0;
}

static int opt_after(void *field, const struct wl_node *v, const char *rule,
		     const char *path, struct wl_diags *diags)
{
	return read_duration(field, v, rule, path, diags, "after");
}

static int opt_within(void *field, const struct wl_node *v, const char *rule,
		      const char *path, struct wl_diags *diags)
{
	return read_duration(field, v, rule, path, diags, "within");
}

/* A calendar date, YYYY-MM-DD, as a day number. */
static int read_date(long long *day, const struct wl_node *v)
{
	return v->kind == WL_NODE_STRING ? wl_day_parse(day, v->str, v->len) :
					   -1;
}

static int opt_since(void *field, const struct wl_node *v, const char *rule,
		     const char *path, struct wl_diags *diags)
{
	struct wl_cadence_opts *c = field;

	if (read_date(&c->since, v) < 0) {
		bad_value(diags, path, v, rule, "since",
			  "a date (use YYYY-MM-DD)");
		return -1;
	}
	c->has_since = 1;
	return 0;
}

static int opt_types(void *field, const struct wl_node *v, const char *rule,
		     const char *path, struct wl_diags *diags)
{
	struct wl_review_opts *r = field;
	size_t i;
	int ret = 0;

	if (v->kind != WL_NODE_SEQ) {
		wl_diags_at(diags, path, v, WL_SEV_ERROR, "config",
			    "rule '%s': types: must be a list of record types",
			    rule);
		return -1;
	}
	r->types = wl_xcalloc(v->nr + 1, sizeof(*r->types));
	r->types_at = wl_xcalloc(v->nr + 1, sizeof(*r->types_at));
	for (i = 0; i < v->nr; i++) {
		const struct wl_node *t = v->items[i];

		if (t->kind != WL_NODE_STRING) {
			bad_value(diags, path, t, rule, "types",
				  "a record type name");
			ret = -1;
			continue;
		}
		r->types_at[r->types_nr] = t;
		r->types[r->types_nr++] = t->str;
	}
	return ret;
}

static const char *const every_names[] = {
	[WL_EVERY_DAY] = "day", [WL_EVERY_WEEK] = "week",
	[WL_EVERY_MONTH] = "month", [WL_EVERY_QUARTER] = "quarter",
};

/* `who:` of a cadence entry (`what` is "require[N]: who"): `all`, or a
 * list of roster ids. */
static int read_who(struct wl_cadence_require *q, const struct wl_node *v,
		    const char *rule, const char *what, const char *path,
		    struct wl_diags *diags)
{
	size_t i;

	if (v->kind == WL_NODE_STRING && !strcmp(v->str, "all")) {
		q->all = 1;
		return 0;
	}
	if (v->kind != WL_NODE_SEQ) {
		bad_value(diags, path, v, rule, what,
			  "all or a list of roster ids");
		return -1;
	}
	q->all = 0;
	q->who = wl_xcalloc(v->nr + 1, sizeof(*q->who));
	for (i = 0; i < v->nr; i++) {
		if (v->items[i]->kind != WL_NODE_STRING) {
			bad_value(diags, path, v->items[i], rule, what,
				  "a roster id");
			return -1;
		}
		q->who[q->who_nr++] = v->items[i]->str;
	}
	q->who_at = v;
	return 0;
}

static int read_every(struct wl_cadence_require *q, const struct wl_node *v,
		      const char *rule, const char *what, const char *path,
		      struct wl_diags *diags)
{
	size_t k;

	for (k = 0; v->kind == WL_NODE_STRING && k < 4; k++) {
		if (!strcmp(v->str, every_names[k])) {
			q->every = (enum wl_every)k;
			return 0;
		}
	}
	bad_value(diags, path, v, rule, what,
		  "one of day, week, month, quarter");
	return -1;
}

/* One key of a `require:` entry; `at` is "require[N]". */
static int read_require_key(struct wl_cadence_require *q,
			    const struct wl_node *k, const struct wl_node *v,
			    const char *rule, const char *at,
			    const char *path, struct wl_diags *diags)
{
	char *what = wl_xprintf("%s: %s", at, k->str);
	int ret = 0;

	if (!strcmp(k->str, "type")) {
		if (v->kind == WL_NODE_STRING) {
			q->type = v->str;
			q->type_at = v;
		} else {
			bad_value(diags, path, v, rule, what,
				  "a record type name");
			ret = -1;
		}
	} else if (!strcmp(k->str, "every")) {
		ret = read_every(q, v, rule, what, path, diags);
	} else if (!strcmp(k->str, "grace")) {
		ret = read_duration(&q->grace, v, rule, path, diags, what);
	} else if (!strcmp(k->str, "who")) {
		ret = read_who(q, v, rule, what, path, diags);
	} else {
		wl_diags_at(diags, path, k, WL_SEV_ERROR, "config",
			    "rule '%s': %s: unknown key '%s' (known: type, every, grace, who)",
			    rule, at, k->str);
		ret = -1;
	}
	free(what);
	return ret;
}

/* One `require:` entry: {type, every, grace, who}. */
static int read_require(struct wl_cadence_require *q, const struct wl_node *n,
			const char *rule, size_t idx, const char *path,
			struct wl_diags *diags)
{
	char *at = wl_xprintf("require[%zu]", idx);
	size_t i;
	int ret = 0;

	q->node = n;
	q->all = 1;
	if (n->kind != WL_NODE_MAP) {
		wl_diags_at(diags, path, n, WL_SEV_ERROR, "config",
			    "rule '%s': %s: must be a mapping of type, every, grace and who",
			    rule, at);
		ret = -1;
		goto done;
	}
	for (i = 0; i < n->nr; i++)
		ret |= read_require_key(q, n->pairs[i].key, n->pairs[i].value,
					rule, at, path, diags);
	if (!wl_node_get(n, "type") || !wl_node_get(n, "every")) {
		wl_diags_at(diags, path, n, WL_SEV_ERROR, "config",
			    "rule '%s': %s: needs a type and every", rule, at);
		ret = -1;
	}
done:
	free(at);
	return ret;
}

static int opt_require(void *field, const struct wl_node *v, const char *rule,
		       const char *path, struct wl_diags *diags)
{
	struct wl_cadence_opts *c = field;
	size_t i;
	int ret = 0;

	if (v->kind != WL_NODE_SEQ) {
		wl_diags_at(diags, path, v, WL_SEV_ERROR, "config",
			    "rule '%s': require: must be a list of {type, every, grace, who}",
			    rule);
		return -1;
	}
	c->require = wl_xcalloc(v->nr + 1, sizeof(*c->require));
	for (i = 0; i < v->nr; i++) {
		if (read_require(&c->require[c->require_nr], v->items[i], rule,
				 i, path, diags) < 0) {
			free(c->require[c->require_nr].who);
			memset(&c->require[c->require_nr], 0,
			       sizeof(*c->require));
			ret = -1;
			continue;
		}
		c->require_nr++;
	}
	return ret;
}

#define OPT(name, fn, member, help) \
	{ name, fn, offsetof(struct wl_rules, member), help }

static const struct wl_rule_option stale_options[] = {
	OPT("after", opt_after, stale.after,
	    "how long an open record may go without a commit (default 14d)"),
	{ NULL, NULL, 0, NULL },
};

static const struct wl_rule_option cadence_options[] = {
	OPT("since", opt_since, cadence,
	    "the first day periods are owed from (YYYY-MM-DD)"),
	OPT("require", opt_require, cadence,
	    "a list of {type, every: day|week|month|quarter, grace, who: all|[ids]}"),
	{ NULL, NULL, 0, NULL },
};

static const struct wl_rule_option review_options[] = {
	OPT("types", opt_types, review, "the record types that need a review"),
	OPT("within", opt_within, review.within,
	    "how long after the period's end the review may come (default 7d)"),
	{ NULL, NULL, 0, NULL },
};

static const struct wl_rule_option locked_options[] = {
	OPT("after", opt_after, locked.after,
	    "how long after done or the period's end a record freezes (default 30d)"),
	{ NULL, NULL, 0, NULL },
};

/* The checks that live here: thin adapters to the modules that own the
 * concept. */

static int check_schema(struct wl_diags *out, const struct wl_rule_record *in,
			int sev)
{
	wl_schema_validate(in->type->schema, in->record->doc.root, in->path,
			   in->record->fm.yaml_line - 1, out);
	return 0;
}

static int check_filename(struct wl_diags *out,
			  const struct wl_rule_record *in, int sev)
{
	wl_type_check_filename(in->type, in->record->doc.root, in->path,
			       in->record->fm.yaml_line - 1,
			       (enum wl_severity)sev, out);
	return 0;
}

static int check_transition(struct wl_diags *out,
			    const struct wl_rule_change *in, int sev)
{
	/* A record whose type changed has no state machine to follow. */
	if (in->type && in->old_type &&
	    !strcmp(in->type->name, in->old_type->name))
		wl_check_transitions(out, in->path, in->type, in->old_fm,
				     in->fm, sev);
	return 0;
}

#define E WL_SEV_ERROR
#define W WL_SEV_WARNING
#define RECORD WL_RULE_NEEDS_RECORD
#define BODY WL_RULE_NEEDS_BODY
#define ALL WL_RULE_NEEDS_ALL
#define HISTORY WL_RULE_NEEDS_HISTORY

const struct wl_rule_def wl_rule_defs[] = {
	{ "syntax", WL_RULE_SYNTAX, E, RECORD, WL_RULE_FIXED, NULL,
	  NULL, NULL, NULL, /* found by the parser (record.c, yaml.c) */
	  "the front matter cannot be read",
	  "Broken YAML, unterminated front matter, NUL bytes, invalid UTF-8, "
	  "over-size or over-deep input. Always an error." },
	{ "duplicate-key", WL_RULE_DUPLICATE_KEY, E, RECORD, WL_RULE_FIXED,
	  NULL, NULL, NULL, NULL, /* found by the parser (yaml.c) */
	  "a key twice in one mapping",
	  "YAML readers disagree on which value wins. Always an error." },
	{ "schema", WL_RULE_SCHEMA, E, RECORD, WL_RULE_FIXED, NULL,
	  check_schema, NULL, NULL,
	  "a value breaks the record type's schema, or the type is unknown",
	  "The front matter is checked against the JSON Schema of its record "
	  "type. Always an error." },
	{ "encoding", WL_RULE_ENCODING, W, RECORD, 0, NULL, NULL, NULL, NULL,
	  "a byte-order mark, CRLF or mixed line ends",
	  "Records are UTF-8 text with \\n line ends." },
	{ "truthy", WL_RULE_TRUTHY, W, RECORD, 0, NULL, NULL, NULL, NULL,
	  "an unquoted yes/no/on/off/y/n",
	  "YAML 1.1 readers take these for booleans; quote them." },
	{ "duplicate-id", WL_RULE_DUPLICATE_ID, E, RECORD | ALL, 0, NULL,
	  NULL, wl_check_duplicate_id, NULL,
	  "two records with the same id",
	  "The x-id field of a record type identifies one record in the "
	  "repository." },
	{ "dangling-ref", WL_RULE_DANGLING_REF, E, RECORD | ALL, 0, NULL,
	  NULL, wl_check_dangling_ref, NULL,
	  "an x-ref value names no record of its type",
	  "Also found where a change deletes a record others still name." },
	{ "unknown-person", WL_RULE_UNKNOWN_PERSON, E, RECORD, 0, NULL,
	  NULL, wl_check_unknown_person, NULL,
	  "an x-person value is not in the roster",
	  "Only checked when the configuration has people:." },
	{ "missing-section", WL_RULE_MISSING_SECTION, E, BODY, 0, NULL,
	  NULL, NULL, NULL, "a body heading x-sections requires is missing",
	  "Headings match by name or alias; `when` makes a section "
	  "conditional." },
	{ "empty-section", WL_RULE_EMPTY_SECTION, W, BODY, 0, NULL, NULL,
	  NULL, NULL, "a section x-sections marks nonempty is empty",
	  "A heading with no text under it." },
	{ "filename", WL_RULE_FILENAME, E, RECORD, 0, NULL, check_filename,
	  NULL, NULL, "the path does not match x-filename",
	  "Placeholders such as {date} and {id} come from the fields." },
	{ "date-order", WL_RULE_DATE_ORDER, E, RECORD, 0, NULL, NULL, NULL,
	  NULL, "dates out of the order x-date-order gives",
	  "For example created after due, or resolved before reported." },
	{ "overdue", WL_RULE_OVERDUE, W, RECORD | BODY, 0, NULL, NULL, NULL,
	  NULL, "an open record or task item past its due date",
	  "Open states come from x-lifecycle; task items may say due:DATE." },
	{ "stale", WL_RULE_STALE, 0, RECORD | HISTORY, 0, stale_options,
	  NULL, NULL, NULL,
	  "an open record unchanged in git for too long",
	  "Options: after (a duration, default 14d)." },
	{ "cadence", WL_RULE_CADENCE, 0, ALL | HISTORY, 0, cadence_options,
	  NULL, NULL, NULL,
	  "a required periodic record is missing or late",
	  "Options: since (a date), require (a list of {type, every, grace, "
	  "who})." },
	{ "review", WL_RULE_REVIEW, 0, RECORD, 0, review_options, NULL, NULL,
	  NULL, "a record not reviewed in time",
	  "Options: types (record types), within (a duration, default 7d)." },
	{ "locked", WL_RULE_LOCKED, 0, HISTORY, 0, locked_options, NULL, NULL,
	  wl_locked_check,
	  "a change to a record that the rules have closed",
	  "A record done, or past the end of its period, for longer than "
	  "`after` may not change. Options: after (a duration, default "
	  "30d)." },
	{ "transition", WL_RULE_TRANSITION, E, HISTORY, 0, NULL, NULL, NULL,
	  check_transition,
	  "a field change x-transitions does not allow",
	  "Checked between a record's committed versions." },
	{ "unused-suppression", WL_RULE_UNUSED_SUPPRESSION, W, RECORD | BODY,
	  0, NULL, NULL, NULL, NULL,
	  "a disable comment that suppresses nothing",
	  "<!-- worklog-disable RULE --> or worklog: {disable: [RULE]}." },
	{ NULL, WL_RULE_NR, 0, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL },
};

#undef E
#undef W
#undef RECORD
#undef BODY
#undef ALL
#undef HISTORY

const struct wl_rule_def *wl_rule_find(const char *id)
{
	const struct wl_rule_def *d;

	for (d = wl_rule_defs; d->id; d++)
		if (!strcmp(d->id, id))
			return d;
	return NULL;
}

const struct wl_rule_def *wl_rule_def(enum wl_rule_id rule)
{
	return &wl_rule_defs[rule];
}

void wl_rules_init(struct wl_rules *rules)
{
	const struct wl_rule_def *d;

	memset(rules, 0, sizeof(*rules));
	for (d = wl_rule_defs; d->id; d++)
		rules->severity[d->rule] = d->severity;
	rules->stale.after.secs = 14 * 86400;
	rules->stale.after.text = "14d";
	rules->review.within.secs = 7 * 86400;
	rules->review.within.text = "7d";
	rules->locked.after.secs = 30 * 86400;
	rules->locked.after.text = "30d";
}

void wl_rules_release(struct wl_rules *rules)
{
	size_t i;

	for (i = 0; i < rules->cadence.require_nr; i++)
		free(rules->cadence.require[i].who);
	free(rules->cadence.require);
	free(rules->review.types);
	free(rules->review.types_at);
	memset(rules, 0, sizeof(*rules));
}

static int severity_of(const char *s)
{
	if (!strcmp(s, "error"))
		return WL_SEV_ERROR;
	if (!strcmp(s, "warning"))
		return WL_SEV_WARNING;
	if (!strcmp(s, "off"))
		return 0;
	return -1;
}

/* Reads a severity value into *sev; returns 0 or -1 (reported). */
static int read_severity(int *sev, const struct wl_rule_def *d,
			 const struct wl_node *v, const char *path,
			 struct wl_diags *diags)
{
	int s = v->kind == WL_NODE_STRING ? severity_of(v->str) : -1;

	if (s < 0) {
		wl_diags_at(diags, path, v, WL_SEV_ERROR, "config",
			    "rule '%s': severity must be off, warning or error",
			    d->id);
		return -1;
	}
	if ((d->flags & WL_RULE_FIXED) && s != WL_SEV_ERROR) {
		wl_diags_at(diags, path, v, WL_SEV_ERROR, "config",
			    "rule '%s' is always an error: a record that breaks it cannot be read",
			    d->id);
		return -1;
	}
	*sev = s;
	return 0;
}

static void known_options(struct wl_buf *b, const struct wl_rule_def *d)
{
	const struct wl_rule_option *o;

	wl_buf_addstr(b, "severity");
	for (o = d->options; o && o->name; o++)
		wl_buf_addf(b, ", %s", o->name);
}

/* A rule given as a mapping: `severity` and the rule's options. */
static void compile_map(struct wl_rules *rules, const struct wl_rule_def *d,
			const struct wl_node *n, const char *path,
			struct wl_diags *diags)
{
	const struct wl_rule_option *o;
	size_t i;

	/* Naming a rule with options turns it on. */
	rules->severity[d->rule] = d->severity ? d->severity : WL_SEV_ERROR;
	for (i = 0; i < n->nr; i++) {
		const struct wl_node *k = n->pairs[i].key, *v = n->pairs[i].value;
		struct wl_buf known = WL_BUF_INIT;

		if (!strcmp(k->str, "severity")) {
			read_severity(&rules->severity[d->rule], d, v, path,
				      diags);
			continue;
		}
		for (o = d->options; o && o->name; o++)
			if (!strcmp(o->name, k->str))
				break;
		if (o && o->name) {
			o->parse((char *)rules + o->offset, v, d->id, path,
				 diags);
			continue;
		}
		known_options(&known, d);
		wl_diags_at(diags, path, k, WL_SEV_ERROR, "config",
			    "rule '%s': unknown option '%s' (known: %s)", d->id,
			    k->str, known.buf);
		wl_buf_release(&known);
	}
}

static void unknown_rule(const struct wl_node *k, const char *path,
			 struct wl_diags *diags)
{
	const char *ids[WL_RULE_NR], *best;
	size_t i;

	for (i = 0; i < WL_RULE_NR; i++)
		ids[i] = wl_rule_defs[i].id;
	best = wl_did_you_mean(k->str, k->len, ids, WL_RULE_NR);
	if (best)
		wl_diags_at(diags, path, k, WL_SEV_ERROR, "config",
			    "unknown rule '%s'; did you mean '%s'?", k->str,
			    best);
	else
		wl_diags_at(diags, path, k, WL_SEV_ERROR, "config",
			    "unknown rule '%s'", k->str);
}

size_t wl_rules_compile(struct wl_rules *rules, const struct wl_node *n,
			const char *path, struct wl_diags *diags)
{
	size_t i, before = diags->errors;

	for (i = 0; i < n->nr; i++) {
		const struct wl_node *k = n->pairs[i].key, *v = n->pairs[i].value;
		const struct wl_rule_def *d = wl_rule_find(k->str);

		if (!d) {
			unknown_rule(k, path, diags);
			continue;
		}
		rules->at[d->rule] = v;
		if (v->kind == WL_NODE_MAP)
			compile_map(rules, d, v, path, diags);
		else
			read_severity(&rules->severity[d->rule], d, v, path,
				      diags);
	}
	return diags->errors - before;
}

static int listed(const char *const *v, size_t nr, const char *s)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (!strcmp(v[i], s))
			return 1;
	return 0;
}

size_t wl_rules_check_people(const struct wl_rules *rules,
			     const char *const *people, size_t nr,
			     const char *path, struct wl_diags *diags)
{
	const struct wl_cadence_opts *c = &rules->cadence;
	size_t i, k, before = diags->errors;

	for (i = 0; i < c->require_nr; i++) {
		const struct wl_cadence_require *q = &c->require[i];

		for (k = 0; k < q->who_nr; k++)
			if (!listed(people, nr, q->who[k]))
				wl_diags_at(diags, path, q->who_at->items[k],
					    WL_SEV_ERROR, "config",
					    "rule 'cadence': require[%zu]: who: '%s' is not in people:",
					    i, q->who[k]);
	}
	return diags->errors - before;
}

size_t wl_rules_check_types(const struct wl_rules *rules,
			    int (*known)(void *arg, const char *name),
			    void *arg, const char *path,
			    struct wl_diags *diags)
{
	size_t i, before = diags->errors;

	for (i = 0; i < rules->review.types_nr; i++)
		if (!known(arg, rules->review.types[i]))
			wl_diags_at(diags, path, rules->review.types_at[i],
				    WL_SEV_ERROR, "config",
				    "rule 'review': types: unknown record type '%s'",
				    rules->review.types[i]);
	for (i = 0; i < rules->cadence.require_nr; i++) {
		const struct wl_cadence_require *q = &rules->cadence.require[i];

		if (!known(arg, q->type))
			wl_diags_at(diags, path, q->type_at, WL_SEV_ERROR,
				    "config",
				    "rule 'cadence': require[%zu]: unknown record type '%s'",
				    i, q->type);
	}
	return diags->errors - before;
}

enum check_kind { RECORD_CHECK, SET_CHECK, CHANGE_CHECK };

/* Runs the checks of one kind, of every rule that is on; stops at the
 * first that fails. */
static int run(struct wl_diags *out, const struct wl_rules *rules,
	       enum check_kind kind, const void *in)
{
	const struct wl_rule_def *d;

	for (d = wl_rule_defs; d->id; d++) {
		int sev = rules->severity[d->rule], r = 0;

		if (!sev)
			continue;
		if (kind == RECORD_CHECK && d->check_record)
			r = d->check_record(out, in, sev);
		else if (kind == SET_CHECK && d->check_set)
			r = d->check_set(out, in, sev);
		else if (kind == CHANGE_CHECK && d->check_change)
			r = d->check_change(out, in, sev);
		if (r < 0)
			return -1;
	}
	return 0;
}

int wl_rules_run_record(struct wl_diags *out, const struct wl_rule_record *in)
{
	return run(out, in->rules, RECORD_CHECK, in);
}

int wl_rules_run_set(struct wl_diags *out, const struct wl_rule_set *in)
{
	return run(out, in->rules, SET_CHECK, in);
}

int wl_rules_run_change(struct wl_diags *out, const struct wl_rule_change *in)
{
	return run(out, in->rules, CHANGE_CHECK, in);
}
