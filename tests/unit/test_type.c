#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "builtin.h"
#include "node.h"
#include "schema.h"
#include "type.h"
#include "unit.h"

/* A set of schema files, a front matter, and what came of them. */
struct fixture {
	struct wl_schema_set *set;
	struct wl_diags load;
	struct wl_doc doc;
	struct wl_diags diags;
};

static void fixture_release(struct fixture *f)
{
	wl_schema_set_free(f->set);
	wl_diags_release(&f->load);
	wl_doc_release(&f->doc);
	wl_diags_release(&f->diags);
	memset(f, 0, sizeof(*f));
}

static void print_load(const struct fixture *f)
{
	size_t i;

	for (i = 0; i < f->load.nr; i++)
		print_error("%s:%d:%d: %s\n", f->load.v[i].path,
			    f->load.v[i].line, f->load.v[i].column,
			    f->load.v[i].message);
}

/* Loads `text` as t.yaml and returns its type `name`. */
static const struct wl_type *load(struct fixture *f, const char *name,
				  const char *text)
{
	const struct wl_type *t;

	memset(f, 0, sizeof(*f));
	f->set = wl_schema_set_new();
	if (wl_schema_set_add(f->set, "t.yaml", text, strlen(text), 0,
			      &f->load) < 0 ||
	    wl_schema_set_finish(f->set, &f->load) < 0) {
		print_load(f);
		fail_msg("t.yaml did not load");
	}
	assert_int_equal(f->load.nr, 0);
	t = wl_schema_set_type(f->set, name);
	assert_non_null(t);
	return t;
}

static const struct wl_node *front_matter(struct fixture *f, const char *text)
{
	wl_doc_release(&f->doc);
	wl_yaml_parse(&f->doc, text, strlen(text), 1, NULL, "r.md", &f->diags);
	assert_int_equal(f->diags.nr, 0);
	return f->doc.root;
}

static const struct {
	const char *schema;
	int line, col;
	const char *message;
} bad_extensions[] = {
	{ "x-type: [a]\n", 1, 9, "'x-type' must be a string" },
	{ "x-type: 'a b'\n", 1, 9,
	  "'x-type' must be a name without spaces or slashes" },
	{ "x-id: 3\n", 1, 7, "'x-id' must be a string" },
	{ "x-filename: '{date'\n", 1, 13,
	  "'x-filename' has an unfinished placeholder; write {field}" },
	{ "x-filename: 'a{}b'\n", 1, 13,
	  "'x-filename' has an unfinished placeholder; write {field}" },
	{ "properties: {p: {x-person: 'yes'}}\n", 1, 28,
	  "'x-person' must be true or false" },
	{ "properties: {p: {x-ref: [task]}}\n", 1, 25, "'x-ref' must be a string" },
	{ "properties: {p: {x-sections: []}}\n", 1, 18,
	  "'x-sections' is only allowed at the top of a schema file" },
	{ "x-sections: {a: 1}\n", 1, 13, "'x-sections' must be a list of sections" },
	{ "x-sections: [a]\n", 1, 14,
	  "a section in 'x-sections' must be a mapping with a 'name'" },
	{ "x-sections:\n  - aliases: [x]\n", 2, 5,
	  "a section in 'x-sections' needs a 'name'" },
	{ "x-sections:\n  - name: A\n    requried: true\n", 3, 5,
	  "unknown key 'requried' in 'x-sections'; did you mean 'required'?" },
	{ "x-sections:\n  - name: A\n    color: red\n", 3, 5,
	  "unknown key 'color' in 'x-sections'" },
	{ "x-sections:\n  - name: A\n    required: 'yes'\n", 3, 15,
	  "'required' must be true or false" },
	{ "x-sections:\n  - name: [A]\n", 2, 11, "'name' must be a string" },
	{ "x-sections:\n  - name: A\n    aliases: x\n", 3, 14,
	  "'aliases' must be a list of strings" },
	{ "x-sections:\n  - name: A\n    when: [status]\n", 3, 11,
	  "'when' must be a mapping of fields to values" },
	{ "x-sections:\n  - name: A\n    when: {status: [a, [b]]}\n", 3, 24,
	  "'when' must be a list of values" },
	{ "x-transitions: [a]\n", 1, 16,
	  "'x-transitions' must map a field to its allowed changes" },
	{ "x-transitions: {status: [a]}\n", 1, 25,
	  "'x-transitions' of 'status' must map each state to a list of next states" },
	{ "x-transitions: {status: {todo: doing}}\n", 1, 32,
	  "'x-transitions' must be a list of values" },
	{ "x-lifecycle: [status]\n", 1, 14,
	  "'x-lifecycle' must be a mapping: {field, due, open, blocked, done, cancelled}" },
	{ "x-lifecycle: {due: due}\n", 1, 14, "'x-lifecycle' needs a 'field'" },
	{ "x-lifecycle: {field: status, opne: [a]}\n", 1, 30,
	  "unknown key 'opne' in 'x-lifecycle'; did you mean 'open'?" },
	{ "x-lifecycle: {field: status, done: done}\n", 1, 36,
	  "'done' must be a list of values" },
	{ "x-lifecycle: {field: [status]}\n", 1, 22, "'field' must be a string" },
	{ "x-lifecycle:\n  field: status\n  open: [todo, doing]\n  done: [done, doing]\n",
	  4, 16, "'x-lifecycle' lists 'doing' in two classes of states" },
	{ "x-date-order: [[a, b], [c]]\n", 1, 24,
	  "'x-date-order' must be a list of [earlier, later] field pairs" },
	{ "x-date-order: {a: b}\n", 1, 15,
	  "'x-date-order' must be a list of [earlier, later] field pairs" },
	{ "x-date-order: [[a, 1]]\n", 1, 16,
	  "'x-date-order' must be a list of [earlier, later] field pairs" },
	{ "x-id-pattern: 'T-{random}'\n", 1, 15,
	  "'x-id-pattern' needs 'x-id': the field the id goes in" },
	{ "x-id: id\nx-id-pattern: [T]\n", 2, 15,
	  "'x-id-pattern' must be a string" },
	{ "x-id: id\nx-id-pattern: 'T-{date'\n", 2, 15,
	  "'x-id-pattern' has an unfinished placeholder; write {date}, {random} or {field}" },
	{ "x-id: id\nx-id-pattern: 'T-{}'\n", 2, 15,
	  "'x-id-pattern' has an unfinished placeholder; write {date}, {random} or {field}" },
	{ "x-id: id\nx-id-pattern: 'T-date}'\n", 2, 15,
	  "'x-id-pattern' has a '}' without its '{'" },
	{ "x-id: id\nx-id-pattern: 'T/{date}'\n", 2, 15,
	  "'x-id-pattern' must be an id with placeholders, without slashes" },
	{ "x-period: fortnight\n", 1, 11,
	  "'x-period' must be day, week, month, quarter or year" },
	{ "x-period: [week]\n", 1, 11,
	  "'x-period' must be day, week, month, quarter or year" },
	{ "properties: {p: {x-period: week}}\n", 1, 18,
	  "'x-period' is only allowed at the top of a schema file" },
	{ "x-template: [a]\n", 1, 13,
	  "'x-template' must be the body's text, or a mapping of languages (zh, en) to it" },
	{ "x-template: {zhs: a}\n", 1, 14,
	  "unknown key 'zhs' in 'x-template'; did you mean 'zh'?" },
	{ "x-template: {zh: [a]}\n", 1, 18, "'x-template' must be a string" },
};

static void test_type__extension_shapes_are_checked_at_load(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_extensions) / sizeof(*bad_extensions); i++)
		expect_load_error(bad_extensions[i].schema,
				  bad_extensions[i].line, bad_extensions[i].col,
				  bad_extensions[i].message);
}

static void test_type__name_file_id_and_filename(void **state)
{
	struct fixture f;
	const struct wl_type *t;

	(void)state;
	t = load(&f, "task",
		 "x-type: task\n"
		 "x-id: id\n"
		 "x-filename: '{id}.md'\n"
		 "x-lifecycle: {field: status, open: [todo]}\n");
	assert_string_equal(t->name, "task");
	assert_string_equal(t->file, "t.yaml");
	assert_string_equal(t->id_field, "id");
	assert_string_equal(t->filename, "{id}.md");
	assert_int_equal(t->builtin, 0);
	assert_ptr_equal(t->schema, wl_schema_set_get(f.set, "t.yaml"));
	/* The document stays, for templates. */
	assert_non_null(wl_node_get(t->root, "x-lifecycle"));
	assert_int_equal(t->nr_transitions, 0);
	assert_int_equal(t->nr_sections, 0);
	assert_int_equal(t->nr_date_order, 0);
	fixture_release(&f);

	/* A file without x-type is no type, however many x- it has. */
	memset(&f, 0, sizeof(f));
	f.set = wl_schema_set_new();
	assert_int_equal(wl_schema_set_add(f.set, "c.yaml",
					   "x-id: id\n", 9, 0, &f.load), 0);
	assert_int_equal(wl_schema_set_type_count(f.set), 0);
	fixture_release(&f);
}

static void test_type__lifecycle_classes_states(void **state)
{
	struct fixture f;
	const struct wl_type *t;
	const struct wl_lifecycle *lc;

	(void)state;
	t = load(&f, "task",
		 "x-type: task\n"
		 "x-lifecycle:\n"
		 "  field: status\n"
		 "  due: due\n"
		 "  open: [todo, doing, ~]\n"
		 "  blocked: [blocked]\n"
		 "  done: [done, 1]\n"
		 "  cancelled: [cancelled]\n");
	lc = &t->lifecycle;
	assert_string_equal(lc->field, "status");
	assert_string_equal(lc->due, "due");
	/* null is no state. */
	assert_int_equal(lc->nr_states, 6);
	assert_string_equal(lc->states[1].value, "doing");
	assert_int_equal(lc->states[1].cls, WL_STATE_OPEN);
	assert_int_equal(wl_type_state_class(t, "todo"), WL_STATE_OPEN);
	assert_int_equal(wl_type_state_class(t, "blocked"), WL_STATE_BLOCKED);
	assert_int_equal(wl_type_state_class(t, "done"), WL_STATE_DONE);
	assert_int_equal(wl_type_state_class(t, "cancelled"),
			 WL_STATE_CANCELLED);
	assert_int_equal(wl_type_state_class(t, "Done"), WL_STATE_NONE);
	assert_int_equal(wl_type_state_class(t, NULL), WL_STATE_NONE);

	assert_int_equal(wl_record_state(t, front_matter(&f, "status: doing\n")),
			 WL_STATE_OPEN);
	assert_int_equal(wl_record_is_done(t, front_matter(&f, "status: done\n")),
			 1);
	/* Values are compared as text. */
	assert_int_equal(wl_record_is_done(t, front_matter(&f, "status: 1\n")),
			 1);
	assert_int_equal(wl_record_is_done(t, front_matter(&f, "status: [done]\n")),
			 0);
	assert_int_equal(wl_record_state(t, front_matter(&f, "status: ~\n")),
			 WL_STATE_NONE);
	assert_int_equal(wl_record_state(t, front_matter(&f, "title: x\n")),
			 WL_STATE_NONE);
	assert_int_equal(wl_record_is_done(NULL, NULL), 0);
	fixture_release(&f);

	t = load(&f, "note", "x-type: note\n");
	assert_null(t->lifecycle.field);
	assert_int_equal(wl_record_state(t, front_matter(&f, "status: done\n")),
			 WL_STATE_NONE);
	fixture_release(&f);
}

static void test_type__transitions_are_a_table(void **state)
{
	struct fixture f;
	const struct wl_type *t;
	const struct wl_transitions *tr;
	const struct wl_transition *from;

	(void)state;
	t = load(&f, "task",
		 "x-type: task\n"
		 "x-transitions:\n"
		 "  status:\n"
		 "    todo: [doing, cancelled]\n"
		 "    doing: [done]\n"
		 "    done: []\n"
		 "  phase: {a: [b]}\n");
	assert_int_equal(t->nr_transitions, 2);
	tr = wl_type_transitions(t, "status");
	assert_non_null(tr);
	assert_string_equal(tr->field, "status");
	assert_int_equal(tr->nr_from, 3);
	from = wl_transitions_from(tr, "todo");
	assert_non_null(from);
	assert_int_equal(from->nr_to, 2);
	assert_string_equal(from->to[1], "cancelled");
	assert_null(wl_transitions_from(tr, "cancelled"));
	assert_true(wl_transitions_names(tr, "cancelled"));
	assert_false(wl_transitions_names(tr, "finished"));
	assert_int_equal(wl_transition_allowed(tr, "todo", "doing"), 1);
	assert_int_equal(wl_transition_allowed(tr, "todo", "done"), 0);
	assert_int_equal(wl_transition_allowed(tr, "done", "todo"), 0);
	/* Not judged: no entry for the old value, or an unknown new one. */
	assert_int_equal(wl_transition_allowed(tr, "cancelled", "todo"), -1);
	assert_int_equal(wl_transition_allowed(tr, "todo", "finished"), -1);
	assert_non_null(wl_type_transitions(t, "phase"));
	assert_null(wl_type_transitions(t, "owner"));
	fixture_release(&f);
}

static void test_type__sections_with_aliases_and_conditions(void **state)
{
	struct fixture f;
	const struct wl_type *t;
	const struct wl_section *s;
	static const char heading[] = "解决方案";

	(void)state;
	t = load(&f, "problem",
		 "x-type: problem\n"
		 "x-sections:\n"
		 "  - name: Description\n"
		 "    aliases: [描述, 问题描述]\n"
		 "    required: true\n"
		 "    nonempty: true\n"
		 "  - name: Solution\n"
		 "    aliases: [解决方案]\n"
		 "    required: true\n"
		 "    when: {status: [resolved, closed], severity: high}\n");
	assert_int_equal(t->nr_sections, 2);
	s = &t->sections[0];
	assert_string_equal(s->name, "Description");
	assert_int_equal(s->nr_aliases, 2);
	assert_string_equal(s->aliases[1], "问题描述");
	assert_int_equal(s->required, 1);
	assert_int_equal(s->nonempty, 1);
	assert_int_equal(s->nr_when, 0);
	assert_int_equal(s->line, 3);
	assert_int_equal(s->column, 5);
	assert_true(wl_section_applies(s, front_matter(&f, "a: 1\n")));

	s = wl_type_section(t, heading, strlen(heading));
	assert_ptr_equal(s, &t->sections[1]);
	assert_ptr_equal(wl_type_section(t, "Solution", 8), s);
	assert_null(wl_type_section(t, "Solutio", 7));
	assert_null(wl_type_section(t, "solution", 8));
	assert_int_equal(s->nonempty, 0);
	assert_int_equal(s->nr_when, 2);
	assert_string_equal(s->when[0].field, "status");
	assert_int_equal(s->when[0].nr_values, 2);
	assert_int_equal(s->when[1].nr_values, 1);
	assert_true(wl_section_applies(s, front_matter(&f,
		"status: closed\nseverity: high\n")));
	assert_false(wl_section_applies(s, front_matter(&f,
		"status: open\nseverity: high\n")));
	/* Every condition must hold; a missing field fails its own. */
	assert_false(wl_section_applies(s, front_matter(&f,
		"status: closed\n")));
	assert_false(wl_section_applies(s, front_matter(&f,
		"status: [closed]\nseverity: high\n")));
	fixture_release(&f);
}

static void test_type__date_order_pairs(void **state)
{
	struct fixture f;
	const struct wl_type *t;

	(void)state;
	t = load(&f, "task",
		 "x-type: task\n"
		 "x-date-order:\n"
		 "  - [created, due]\n"
		 "  - [reported, resolved]\n");
	assert_int_equal(t->nr_date_order, 2);
	assert_string_equal(t->date_order[0].earlier, "created");
	assert_string_equal(t->date_order[0].later, "due");
	assert_string_equal(t->date_order[1].later, "resolved");
	assert_int_equal(t->date_order[1].line, 4);
	assert_int_equal(t->date_order[1].column, 5);
	fixture_release(&f);
}

/* Joins the places a type marks: "path=ref;" or "path=person;". */
static void refs_text(char *out, size_t n, const struct wl_type *t)
{
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < t->nr_refs; i++) {
		len += snprintf(out + len, n - len, "%s=%s;", t->refs[i].path,
				t->refs[i].ref_type ? t->refs[i].ref_type :
				t->refs[i].person ? "person" : "?");
		assert_true(len < n);
	}
}

static void test_type__places_of_references_and_people(void **state)
{
	struct fixture f;
	const struct wl_type *t;
	char text[512];

	(void)state;
	t = load(&f, "meeting",
		 "x-type: meeting\n"
		 "$defs:\n"
		 "  person: {type: string, x-person: true}\n"
		 "  node:\n"
		 "    properties:\n"
		 "      owner: {$ref: '#/$defs/person'}\n"
		 "      children: {items: {$ref: '#/$defs/node'}}\n"
		 "properties:\n"
		 "  owner: {$ref: '#/$defs/person'}\n"
		 "  project: {type: string, x-ref: project}\n"
		 "  attendees: {items: {$ref: '#/$defs/person'}}\n"
		 "  actions:\n"
		 "    items:\n"
		 "      properties:\n"
		 "        who: {$ref: '#/$defs/person'}\n"
		 "  pair: {prefixItems: [true, {x-ref: task}]}\n"
		 "  meta: {additionalProperties: {x-person: true}}\n"
		 "  'a.b': {x-person: true}\n"
		 "  tree: {$ref: '#/$defs/node'}\n"
		 "  alt:\n"
		 "    anyOf:\n"
		 "      - {type: integer}\n"
		 "      - {type: string, x-ref: task}\n");
	refs_text(text, sizeof(text), t);
	/* Properties in name order; a recursive $ref is walked once. */
	assert_string_equal(text,
			    "[\"a.b\"]=person;"
			    "actions[].who=person;"
			    "alt=task;"
			    "attendees[]=person;"
			    "meta.*=person;"
			    "owner=person;"
			    "pair[1]=task;"
			    "project=project;"
			    "tree.owner=person;");
	fixture_release(&f);
}

static void filename_case(const char *pattern, const char *path,
			  const char *fm, int valid, const char *message)
{
	struct fixture f;
	char schema[128];
	const struct wl_type *t;

	snprintf(schema, sizeof(schema), "x-type: t\nx-filename: '%s'\n",
		 pattern);
	t = load(&f, "t", schema);
	assert_int_equal(wl_type_validate(t, front_matter(&f, fm), path, 1,
					  &f.diags),
			 valid);
	if (valid) {
		assert_int_equal(f.diags.nr, 0);
	} else {
		assert_int_equal(f.diags.nr, 1);
		assert_diag(&f.diags, 0, path, 1, 1, "filename", message);
	}
	fixture_release(&f);
}

static void test_type__x_filename_matches_the_end_of_the_path(void **state)
{
	const char *fm = "period: 2026-W48\nowner: zhangsan\n";

	(void)state;
	filename_case("{period}-{owner}.md", "records/logs/2026-W48-zhangsan.md",
		      fm, 1, NULL);
	filename_case("{period}-{owner}.md", "2026-W48-zhangsan.md", fm, 1, NULL);
	filename_case("logs/*/{period}-{owner}.md",
		      "records/logs/2026/2026-W48-zhangsan.md", fm, 1, NULL);
	filename_case("{period}-{owner}.md", "records/logs/x2026-W48-zhangsan.md",
		      fm, 0,
		      "file name does not match x-filename '{period}-{owner}.md': expected a path ending in '2026-W48-zhangsan.md'");
	filename_case("logs/*/{owner}.md", "records/logs/a/b/zhangsan.md", fm, 0,
		      "file name does not match x-filename 'logs/*/{owner}.md': expected a path ending in 'logs/*/zhangsan.md'");
	/* A missing field means there is nothing to check. */
	filename_case("{id}.md", "records/whatever.md", fm, 1, NULL);
	/* A value is literal: its `*` is no wildcard. */
	filename_case("{owner}.md", "records/zhangsan.md", "owner: 'z*'\n", 0,
		      "file name does not match x-filename '{owner}.md': expected a path ending in 'z*.md'");
}

/* x-id-pattern, x-period and x-template, for `worklog new`. */
static void test_type__template_keywords(void **state)
{
	struct fixture f;
	const struct wl_type *t;

	(void)state;
	t = load(&f, "kpi",
		 "x-type: kpi\n"
		 "x-id: id\n"
		 "x-id-pattern: 'K-{period}-{random}'\n"
		 "x-period: month\n"
		 "x-template: {zh: \"## 定义\\n\", en: \"## Definition\\n\"}\n");
	assert_string_equal(t->id_pattern, "K-{period}-{random}");
	assert_int_equal(t->period, WL_PERIOD_MONTH);
	assert_null(t->template_any);
	assert_string_equal(t->template_zh, "## 定义\n");
	assert_string_equal(t->template_en, "## Definition\n");
	fixture_release(&f);

	t = load(&f, "note", "x-type: note\nx-template: \"Notes\\n\"\n");
	assert_null(t->id_pattern);
	assert_int_equal(t->period, 0);
	assert_string_equal(t->template_any, "Notes\n");
	fixture_release(&f);
}

/* What a type says of its fields, through $ref and allOf. */
static void test_type__fields_are_described_for_templates(void **state)
{
	struct fixture f;
	const struct wl_type *t;
	struct wl_field fl;
	const char *names[8];

	(void)state;
	t = load(&f, "item",
		 "x-type: item\n"
		 "required: [type, status, owner]\n"
		 "$defs:\n"
		 "  person: {type: string, x-person: true}\n"
		 "properties:\n"
		 "  type: {const: item}\n"
		 "  status: {enum: [todo, done], default: done}\n"
		 "  owner: {$ref: '#/$defs/person'}\n"
		 "  due: {type: string, format: date, examples: ['2026-11-30']}\n"
		 "  watchers: {type: array, items: {$ref: '#/$defs/person'}}\n"
		 "allOf:\n"
		 "  - properties: {points: {type: [integer, 'null']}}\n"
		 "    required: [points]\n");
	assert_int_equal(wl_type_field_names(names, 8, t), 6);
	assert_string_equal(names[0], "type");
	assert_string_equal(names[4], "watchers");
	assert_string_equal(names[5], "points");
	assert_int_equal(wl_type_field_names(names, 2, t), 2);

	assert_int_equal(wl_type_field(&fl, t, "type"), 0);
	assert_true(fl.required);
	assert_string_equal(fl.shape.const_value->str, "item");
	assert_int_equal(fl.shape.types, WL_JSON_STRING);

	assert_int_equal(wl_type_field(&fl, t, "status"), 0);
	assert_int_equal(fl.shape.enum_values->nr, 2);
	assert_string_equal(fl.shape.default_value->str, "done");

	assert_int_equal(wl_type_field(&fl, t, "owner"), 0);
	assert_true(fl.required);
	assert_true(fl.shape.person);
	assert_int_equal(fl.shape.types, WL_JSON_STRING);

	assert_int_equal(wl_type_field(&fl, t, "due"), 0);
	assert_false(fl.required);
	assert_int_equal(fl.shape.format, wl_format_id("date"));
	assert_string_equal(fl.shape.examples->items[0]->str, "2026-11-30");

	assert_int_equal(wl_type_field(&fl, t, "watchers"), 0);
	assert_int_equal(fl.shape.types, WL_JSON_ARRAY);
	assert_true(fl.item.person);
	assert_false(fl.shape.person);

	assert_int_equal(wl_type_field(&fl, t, "points"), 0);
	assert_true(fl.required);
	assert_int_equal(fl.shape.types, WL_JSON_INTEGER | WL_JSON_NULL);

	assert_int_equal(wl_type_field(&fl, t, "nope"), -1);
	fixture_release(&f);
}

/* The built-in types compile to what their files say. */
static void test_type__builtin_types_are_compiled(void **state)
{
	struct fixture f;
	const struct wl_builtin *b;
	const struct wl_type *task, *problem;
	const struct wl_section *s;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.set = wl_schema_set_new();
	for (b = wl_builtin_schemas; b->path; b++)
		assert_int_equal(wl_schema_set_add(f.set, b->path, b->data,
						   b->len, 1, &f.load), 0);
	assert_int_equal(wl_schema_set_finish(f.set, &f.load), 0);
	task = wl_schema_set_type(f.set, "task");
	assert_string_equal(task->lifecycle.field, "status");
	assert_string_equal(task->lifecycle.due, "due");
	assert_int_equal(wl_type_state_class(task, "blocked"),
			 WL_STATE_BLOCKED);
	assert_int_equal(wl_transition_allowed(wl_type_transitions(task,
								   "status"),
					       "done", "doing"), 1);
	assert_int_equal(wl_transition_allowed(wl_type_transitions(task,
								   "status"),
					       "todo", "done"), 0);
	problem = wl_schema_set_type(f.set, "problem");
	s = wl_type_section(problem, "解决方案", strlen("解决方案"));
	assert_non_null(s);
	assert_string_equal(s->name, "Solution");
	assert_true(wl_section_applies(s, front_matter(&f, "status: resolved\n")));
	assert_false(wl_section_applies(s, front_matter(&f, "status: open\n")));
	assert_true(task->nr_refs > 0);
	fixture_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_type__extension_shapes_are_checked_at_load),
		cmocka_unit_test(test_type__name_file_id_and_filename),
		cmocka_unit_test(test_type__lifecycle_classes_states),
		cmocka_unit_test(test_type__transitions_are_a_table),
		cmocka_unit_test(test_type__sections_with_aliases_and_conditions),
		cmocka_unit_test(test_type__date_order_pairs),
		cmocka_unit_test(test_type__places_of_references_and_people),
		cmocka_unit_test(test_type__x_filename_matches_the_end_of_the_path),
		cmocka_unit_test(test_type__template_keywords),
		cmocka_unit_test(test_type__fields_are_described_for_templates),
		cmocka_unit_test(test_type__builtin_types_are_compiled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
