#include "rules.h"

#include <stdlib.h>
#include <string.h>

#include "change.h"
#include "check.h"
#include "date.h"
#include "lint_rules.h"
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
	wl_schema_validate_marks(in->type->schema, in->record->doc.root,
				 in->path, in->record->fm.yaml_line - 1, out,
				 in->mark, in->mark_data);
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
#define TEXT WL_RULE_NEEDS_TEXT
#define TODAY WL_RULE_NEEDS_TODAY
#define CHANGE WL_RULE_NEEDS_CHANGE

/*
 * The examples are the lines of a record that matter, as a user would
 * write them; `--list-rules`, `worklog lint --explain` and the SARIF
 * rule metadata show them.
 */
const struct wl_rule_def wl_rule_defs[] = {
	{ .id = "syntax", .rule = WL_RULE_SYNTAX, .severity = E,
	  .needs = TEXT,
	  .flags = WL_RULE_FIXED | WL_RULE_VALIDATE | WL_RULE_UNSUPPRESSIBLE,
	  /* found by the parser (record.c, yaml.c) */
	  .summary = "the front matter cannot be read",
	  .help = "Broken YAML, unterminated front matter, NUL bytes, "
		  "invalid UTF-8, over-size or over-deep input. Always an "
		  "error, and it cannot be suppressed: a record that breaks "
		  "it is not read at all.",
	  .bad = "---\ntitle: 618 活动: 页面优化\n---\n",
	  .good = "---\ntitle: \"618 活动: 页面优化\"\n---\n" },
	{ .id = "duplicate-key", .rule = WL_RULE_DUPLICATE_KEY, .severity = E,
	  .needs = TEXT,
	  .flags = WL_RULE_FIXED | WL_RULE_VALIDATE | WL_RULE_UNSUPPRESSIBLE,
	  /* found by the parser (yaml.c) */
	  .summary = "a key twice in one mapping",
	  .help = "YAML readers disagree on which value wins. Always an "
		  "error, and it cannot be suppressed.",
	  .bad = "status: todo\nstatus: doing\n",
	  .good = "status: doing\n" },
	{ .id = "schema", .rule = WL_RULE_SCHEMA, .severity = E,
	  .needs = RECORD, .flags = WL_RULE_FIXED | WL_RULE_VALIDATE,
	  .check_record = check_schema,
	  .summary = "a value breaks the record type's schema, or the type "
		     "is unknown",
	  .help = "The front matter is checked against the JSON Schema of "
		  "its record type, exactly as `worklog validate` checks "
		  "it. Always an error. The `worklog:` key (per-record "
		  "settings) is not part of the record: worklog checks it "
		  "itself.",
	  .bad = "type: task\nstatus: finished\n",
	  .good = "type: task\nstatus: done\n" },
	{ .id = "encoding", .rule = WL_RULE_ENCODING, .severity = W,
	  .needs = TEXT, .flags = WL_RULE_FIXABLE,
	  .check_record = wl_lint_encoding,
	  .summary = "a byte-order mark, CRLF or mixed line ends",
	  .help = "Records are UTF-8 text with \\n line ends. `--fix` drops "
		  "the byte-order mark and turns \\r\\n into \\n; a lone \\r "
		  "is reported but left alone.",
	  .bad = "\\xEF\\xBB\\xBF---\\r\\ntype: log\\r\\n",
	  .good = "---\\ntype: log\\n" },
	{ .id = "truthy", .rule = WL_RULE_TRUTHY, .severity = W,
	  .needs = RECORD, .flags = WL_RULE_FIXABLE,
	  .check_record = wl_lint_truthy,
	  .summary = "an unquoted yes/no/on/off/y/n",
	  .help = "worklog reads YAML 1.2, where these are strings, but "
		  "YAML 1.1 readers (PyYAML, many editors and tools) take "
		  "them for booleans. Keys and values, in every case variant "
		  "YAML 1.1 knows (yes, Yes, YES). `--fix` quotes them.",
	  .bad = "approved: yes\n",
	  .good = "approved: \"yes\"    # or true, if a boolean is meant\n" },
	{ .id = "duplicate-id", .rule = WL_RULE_DUPLICATE_ID, .severity = E,
	  .needs = RECORD | ALL, .check_set = wl_check_duplicate_id,
	  .summary = "two records with the same id",
	  .help = "The x-id field of a record type identifies one record in "
		  "the repository.",
	  .bad = "# records/tasks/a.md and records/tasks/b.md\nid: T-2026-0142\n",
	  .good = "# records/tasks/a.md\nid: T-2026-0142\n"
		  "# records/tasks/b.md\nid: T-2026-0143\n" },
	{ .id = "dangling-ref", .rule = WL_RULE_DANGLING_REF, .severity = E,
	  .needs = RECORD | ALL, .check_set = wl_check_dangling_ref,
	  .summary = "an x-ref value names no record of its type",
	  .help = "A field marked `x-ref: TYPE` holds the id of a record of "
		  "that type. Also found where a change deletes a record "
		  "others still name.",
	  .bad = "project: P-619    # no project record has this id\n",
	  .good = "project: P-618    # records/projects/P-618.md has id: P-618\n" },
	{ .id = "unknown-person", .rule = WL_RULE_UNKNOWN_PERSON,
	  .severity = E, .needs = RECORD | BODY | ALL,
	  .check_record = wl_lint_task_owners,
	  .check_set = wl_check_unknown_person,
	  .summary = "an x-person value or a task item's @owner is not in "
		     "the roster",
	  .help = "Fields marked `x-person: true` and the @names of "
		  "task-list items must be roster ids (`people:` in "
		  ".worklog.yaml), with a \"did you mean\" for a near id or a "
		  "person's name. Only checked when the configuration has "
		  "people.",
	  .bad = "owner: zhangsna\n---\n- [ ] 压测 @张三 due:2026-11-28\n",
	  .good = "owner: zhangsan\n---\n- [ ] 压测 @zhangsan due:2026-11-28\n" },
	{ .id = "missing-section", .rule = WL_RULE_MISSING_SECTION,
	  .severity = E, .needs = RECORD | BODY, .flags = WL_RULE_FIXABLE,
	  .check_record = wl_lint_missing_section,
	  .summary = "a body heading x-sections requires is missing",
	  .help = "Headings match a section's name or one of its aliases, "
		  "in any case, without surrounding spaces or a trailing "
		  "colon (`## 解决方案：`); `when` makes a section required "
		  "only for some field values. Found at the front matter's "
		  "closing line (suppress it in the front matter). `--fix` "
		  "appends the heading, under its configured name.",
	  .bad = "status: resolved\n---\n## 问题描述\n接口超时。\n",
	  .good = "status: resolved\n---\n## 问题描述\n接口超时。\n"
		  "## 解决方案\n扩容连接池。\n" },
	{ .id = "empty-section", .rule = WL_RULE_EMPTY_SECTION,
	  .severity = W, .needs = RECORD | BODY,
	  .check_record = wl_lint_empty_section,
	  .summary = "a section x-sections marks nonempty is empty",
	  .help = "A heading with no text under it (blank lines, an empty "
		  "task box or an HTML comment do not count).",
	  .bad = "## 原因\n\n## 解决方案\n扩容连接池。\n",
	  .good = "## 原因\n连接池上限 20，高峰时排队。\n## 解决方案\n扩容连接池。\n" },
	{ .id = "filename", .rule = WL_RULE_FILENAME, .severity = E,
	  .needs = RECORD, .flags = WL_RULE_VALIDATE,
	  .check_record = check_filename,
	  .summary = "the path does not match x-filename",
	  .help = "Placeholders such as {period} and {owner} come from the "
		  "fields; `worklog validate` reports it too.",
	  .bad = "# records/logs/lisi-w48.md\nperiod: 2026-W48\nowner: lisi\n",
	  .good = "# records/logs/2026-W48-lisi.md\nperiod: 2026-W48\nowner: lisi\n" },
	{ .id = "date-order", .rule = WL_RULE_DATE_ORDER, .severity = E,
	  .needs = RECORD, .check_record = wl_lint_date_order,
	  .summary = "dates out of the order x-date-order gives",
	  .help = "Each pair [earlier, later] of x-date-order: when both "
		  "fields hold dates, the later one may not come first. "
		  "Dates with a time compare by their date.",
	  .bad = "created: 2026-11-20\ndue: 2026-11-02\n",
	  .good = "created: 2026-11-02\ndue: 2026-11-20\n" },
	{ .id = "overdue", .rule = WL_RULE_OVERDUE, .severity = W,
	  .needs = RECORD | BODY | TODAY, .check_record = wl_lint_overdue,
	  .summary = "an open record or task item past its due date",
	  .help = "A record in an open or blocked state of its x-lifecycle "
		  "whose due date (x-lifecycle's `due` field) is before "
		  "today, and an unchecked task item whose due:DATE is. "
		  "Today is --today, else the date in the configuration's "
		  "timezone.",
	  .bad = "status: doing\ndue: 2026-11-30\n---\n- [ ] 复盘 due:2026-11-30\n",
	  .good = "status: done\ndue: 2026-11-30\n---\n- [x] 复盘 due:2026-11-30\n" },
	{ .id = "stale", .rule = WL_RULE_STALE, .severity = 0,
	  .needs = RECORD | HISTORY | TODAY, .options = stale_options,
	  .summary = "an open record unchanged in git for too long",
	  .help = "A record in an open state of its x-lifecycle whose last "
		  "commit is older than `after` (default 14d), at its state "
		  "field. Judged from git history whenever the records are "
		  "in a git repository; a record not committed yet is not "
		  "stale.",
	  .bad = "status: doing    # last committed 30 days ago\n",
	  .good = "status: doing    # last committed 3 days ago\n" },
	{ .id = "cadence", .rule = WL_RULE_CADENCE, .severity = 0,
	  .needs = ALL | HISTORY | TODAY, .options = cadence_options,
	  .summary = "a required periodic record is missing or late",
	  .help = "For every person in `who` and every complete period of "
		  "`every` since `since`, a record of `type` for that person "
		  "and period must exist, first committed no later than the "
		  "period's end plus `grace`, read in the commit's own time "
		  "zone. Periods and today are the configuration's timezone. "
		  "A person added to the roster later owes the periods that "
		  "start after the commit that added them. A missing record "
		  "is reported at 1:1 of the path x-filename gives it, in the "
		  "folder most records of its type are in, so that the "
		  "finding keeps its place from run to run (and its SARIF "
		  "fingerprint).",
	  .bad = "# records/logs/2026-W48-lisi.md first committed 2026-12-03\n",
	  .good = "# records/logs/2026-W48-lisi.md first committed 2026-11-30\n" },
	{ .id = "review", .rule = WL_RULE_REVIEW, .severity = 0,
	  .needs = RECORD | HISTORY | TODAY, .options = review_options,
	  .summary = "a record not reviewed in time",
	  .help = "A record of one of `types` whose period ended more than "
		  "`within` ago must carry reviewed_by (a roster id with "
		  "reviewer: true), reviewed no later than the period's end "
		  "plus `within`: by its `reviewed` date when it has one, "
		  "else by the commit that set reviewed_by to its value (read "
		  "in the commit's own time zone).",
	  .bad = "type: summary\nperiod: 2026-10\n",
	  .good = "type: summary\nperiod: 2026-10\nreviewed_by: zhangsan\n"
		  "reviewed: 2026-11-03\n" },
	{ .id = "locked", .rule = WL_RULE_LOCKED, .severity = 0,
	  .needs = CHANGE, .flags = WL_RULE_UNSUPPRESSIBLE,
	  .options = locked_options,
	  .check_change = wl_locked_check,
	  .summary = "a change to a record that the rules have closed",
	  .help = "A record done, or past the end of its period, for longer "
		  "than `after` may not change; the hooks enforce it on each "
		  "commit, and lint reports the commits that changed such a "
		  "record since (for a done record: since the run of done "
		  "versions that lasts to now began). It cannot be "
		  "suppressed: the change it judges could add the "
		  "suppression.",
	  .bad = "# 2027-01-15: a commit edits a task done since 2026-11-30\n",
	  .good = "# 2027-01-15: a new task record follows the work up\n" },
	{ .id = "transition", .rule = WL_RULE_TRANSITION, .severity = E,
	  .needs = CHANGE, .flags = WL_RULE_UNSUPPRESSIBLE,
	  .check_change = check_transition,
	  .summary = "a field change x-transitions does not allow",
	  .help = "Checked between a record's committed versions, by the "
		  "hooks and by `lint --history`. It cannot be suppressed: "
		  "the change it judges could add the suppression.",
	  .bad = "status: todo    # next commit: status: done\n",
	  .good = "status: todo    # next commit: status: doing\n" },
	{ .id = "unused-suppression", .rule = WL_RULE_UNUSED_SUPPRESSION,
	  .severity = W, .needs = RECORD | BODY,
	  /* found by the suppression reader (lint_suppress.c) */
	  .summary = "a disable comment that suppresses nothing",
	  .help = "<!-- worklog-disable RULE -->, <!-- worklog-enable RULE "
		  "-->, <!-- worklog-disable-next-line RULE --> (rules "
		  "separated by commas or spaces; none: every rule) and "
		  "`worklog: {disable: [RULE]}` in front matter. A "
		  "suppression of a rule that found nothing there, of an "
		  "unknown rule, or of syntax or duplicate-key (which cannot "
		  "be suppressed) is reported, and so is one of transition "
		  "or locked in a change the hooks judge (the change could "
		  "add it). Rules that are off are not.",
	  .bad = "<!-- worklog-disable truthy -->\n## 进展\n完成压测。\n",
	  .good = "## 进展\n完成压测。\n" },
	{ .id = NULL, .rule = WL_RULE_NR },
};

#undef E
#undef W
#undef RECORD
#undef BODY
#undef ALL
#undef HISTORY
#undef TEXT
#undef TODAY
#undef CHANGE

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

size_t wl_rules_compile_hooks(struct wl_rules *out,
			      const struct wl_rules *rules,
			      const struct wl_node *n, const char *path,
			      struct wl_diags *diags)
{
	const struct wl_rule_def *d;
	size_t i, before = diags ? diags->errors : 0;

	wl_rules_select(out, rules, WL_RULE_NEEDS_COMMIT | WL_RULE_NEEDS_TODAY,
			0);
	/* On by default only what a commit alone decides. */
	for (d = wl_rule_defs; d->id; d++)
		if (d->needs & WL_RULE_NEEDS_TODAY)
			out->severity[d->rule] = 0;
	for (i = 0; n && i < n->nr; i++) {
		const struct wl_node *k = n->pairs[i].key, *v = n->pairs[i].value;

		d = wl_rule_find(k->str);
		if (!d) {
			unknown_rule(k, path, diags);
			continue;
		}
		if (d->needs & ~(WL_RULE_NEEDS_COMMIT | WL_RULE_NEEDS_TODAY)) {
			wl_diags_at(diags, path, k, WL_SEV_ERROR, "config",
				    "hooks: rule '%s' cannot run in the hooks: it needs the history of many commits",
				    d->id);
			continue;
		}
		read_severity(&out->severity[d->rule], d, v, path, diags);
	}
	return diags ? diags->errors - before : 0;
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

/* Can the record check of `d` judge `in`? */
static int record_judged(const struct wl_rule_def *d,
			 const struct wl_rule_record *in)
{
	if (!in->type && (d->needs & ~WL_RULE_NEEDS_TEXT))
		return 0;
	return !(d->needs & WL_RULE_NEEDS_BODY) || in->body;
}

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
		if (kind == RECORD_CHECK && d->check_record &&
		    record_judged(d, in))
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

void wl_rules_select(struct wl_rules *out, const struct wl_rules *from,
		     unsigned have, unsigned flags)
{
	const struct wl_rule_def *d;

	*out = *from;
	for (d = wl_rule_defs; d->id; d++)
		if ((d->needs & ~have) || (flags && !(d->flags & flags)))
			out->severity[d->rule] = 0;
}

void wl_fixes_add(struct wl_fixes *f, enum wl_fix_kind kind,
		  enum wl_rule_id rule, int line, int column, size_t off,
		  size_t len, const char *text)
{
	struct wl_fix *x;

	WL_ALLOC_GROW(f->v, f->nr + 1, f->alloc);
	x = &f->v[f->nr++];
	memset(x, 0, sizeof(*x));
	x->kind = kind;
	x->rule = rule;
	x->line = line;
	x->column = column;
	x->off = off;
	x->len = len;
	x->text = text ? wl_xstrdup(text) : NULL;
}

void wl_fixes_release(struct wl_fixes *f)
{
	size_t i;

	for (i = 0; i < f->nr; i++)
		free(f->v[i].text);
	free(f->v);
	memset(f, 0, sizeof(*f));
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
