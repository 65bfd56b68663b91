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
#include "unit.h"

/* One schema file and one instance, and what came of them. */
struct fixture {
	struct wl_schema_set *set;
	struct wl_diags load;      /* from add and finish */
	struct wl_doc doc;
	struct wl_diags diags;     /* from validation */
	int valid;
};

static void fixture_release(struct fixture *f)
{
	wl_schema_set_free(f->set);
	wl_diags_release(&f->load);
	wl_doc_release(&f->doc);
	wl_diags_release(&f->diags);
}

static int add(struct fixture *f, const char *path, const char *text,
	       int builtin)
{
	if (!f->set)
		f->set = wl_schema_set_new();
	return wl_schema_set_add(f->set, path, text, strlen(text), builtin,
				 &f->load);
}

static void parse_instance(struct fixture *f, const char *text, int line0)
{
	wl_yaml_parse(&f->doc, text, strlen(text), line0, NULL, "r.md",
		      &f->diags);
	assert_int_equal(f->diags.nr, 0);
}

/* Loads `schema` as s.yaml and validates `instance` (front matter that
 * starts on line 2, as in a record). */
static void run(struct fixture *f, const char *schema, const char *instance)
{
	const struct wl_schema *s;

	memset(f, 0, sizeof(*f));
	assert_int_equal(add(f, "s.yaml", schema, 0), 0);
	assert_int_equal(wl_schema_set_finish(f->set, &f->load), 0);
	assert_int_equal(f->load.nr, 0);
	s = wl_schema_set_get(f->set, "s.yaml");
	assert_non_null(s);
	parse_instance(f, instance, 1);
	f->valid = wl_schema_validate(s, f->doc.root, "r.md", 1, &f->diags);
	/* The quiet answer is the same. */
	assert_int_equal(wl_schema_validate(s, f->doc.root, "r.md", 1, NULL),
			 f->valid);
}

/* Expects exactly one schema diagnostic from validating `instance`. */
static void expect_one(const char *schema, const char *instance, int line,
		       int col, const char *message)
{
	struct fixture f;

	run(&f, schema, instance);
	assert_int_equal(f.valid, 0);
	if (f.diags.nr != 1) {
		size_t i;

		for (i = 0; i < f.diags.nr; i++)
			print_error("%d:%d: %s\n", f.diags.v[i].line,
				    f.diags.v[i].column, f.diags.v[i].message);
	}
	assert_int_equal(f.diags.nr, 1);
	assert_diag(&f.diags, 0, "r.md", line, col, "schema", message);
	fixture_release(&f);
}

static void expect_valid(const char *schema, const char *instance)
{
	struct fixture f;

	run(&f, schema, instance);
	assert_int_equal(f.diags.nr, 0);
	assert_int_equal(f.valid, 1);
	fixture_release(&f);
}

static void test_schema__enum_violation_names_value_and_choices(void **state)
{
	expect_one("properties: {status: {enum: [todo, doing]}}\n",
		   "status: finished\n", 2, 9,
		   "status: \"finished\" is not one of todo, doing");
}

static void test_schema__required_property_missing(void **state)
{
	/* At the record's front matter root: (line, 1). */
	expect_one("required: [title, owner]\n", "title: x\n", 1, 1,
		   "missing required property 'owner'");
}

static void test_schema__required_property_missing_in_nested_object(void **state)
{
	expect_one("properties:\n"
		   "  actions:\n"
		   "    items: {required: [owner]}\n",
		   "actions:\n"
		   "  - what: call\n"
		   "  - what: write\n"
		   "    owner: zs\n",
		   3, 5, "actions[0]: missing required property 'owner'");
}

static void test_schema__min_length_counts_code_points(void **state)
{
	const char *schema = "properties: {title: {minLength: 3}}\n";

	expect_one(schema, "title: ab\n", 2, 8,
		   "title: \"ab\" is shorter than 3 characters");
	expect_valid(schema, "title: 中文字\n");
	expect_one("properties: {title: {maxLength: 2}}\n", "title: 中文字\n",
		   2, 8, "title: \"中文字\" is longer than 2 characters");
}

static void test_schema__wrong_type_in_list_names_index(void **state)
{
	expect_one("properties: {tags: {items: {type: string}}}\n",
		   "tags: [web, 5]\n", 2, 13, "tags[1]: 5 is not a string");
}

static void test_schema__type_list_reads_as_alternatives(void **state)
{
	expect_one("properties: {n: {type: [integer, 'null', array]}}\n",
		   "n: x\n", 2, 4,
		   "n: \"x\" is not an integer, an array or null");
	/* 1.0 is an integer, 1.5 is not. */
	expect_valid("properties: {n: {type: integer}}\n", "n: 1.0\n");
	expect_one("properties: {n: {type: integer}}\n", "n: 1.5\n", 2, 4,
		   "n: 1.5 is not an integer");
}

static void test_schema__invalid_date_format(void **state)
{
	expect_one("properties: {due: {type: string, format: date}}\n",
		   "due: 2026-02-30\n", 2, 6,
		   "due: \"2026-02-30\" is not a valid date");
}

static void test_schema__additional_property_reported_at_its_key(void **state)
{
	expect_one("properties: {a: {}}\nadditionalProperties: false\n",
		   "a: 1\n"
		   "foo: 2\n", 3, 1, "additional property 'foo' is not allowed");
}

static void test_schema__nested_paths_join_keys_and_indexes(void **state)
{
	expect_one("properties:\n"
		   "  a:\n"
		   "    properties:\n"
		   "      b:\n"
		   "        items:\n"
		   "          properties: {c: {maximum: 3}}\n",
		   "a:\n"
		   "  b:\n"
		   "    - {c: 1}\n"
		   "    - {c: 2}\n"
		   "    - {c: 4}\n",
		   6, 11, "a.b[2].c: 4 is greater than the maximum 3");
}

static void test_schema__unique_items_points_at_the_duplicate(void **state)
{
	expect_one("properties: {tags: {uniqueItems: true}}\n",
		   "tags: [web, db, web]\n", 2, 17,
		   "tags[2]: \"web\" is a duplicate of tags[0]");
}

static void test_schema__numbers(void **state)
{
	expect_one("properties: {h: {minimum: 0}}\n", "h: -1\n", 2, 4,
		   "h: -1 is less than the minimum 0");
	expect_one("properties: {h: {exclusiveMaximum: 24}}\n", "h: 24\n", 2,
		   4, "h: 24 is not less than 24");
	expect_one("properties: {h: {multipleOf: 0.5}}\n", "h: 1.25\n", 2, 4,
		   "h: 1.25 is not a multiple of 0.5");
	expect_valid("properties: {h: {multipleOf: 0.1}}\n", "h: 0.3\n");
	expect_valid("properties: {h: {multipleOf: 3}}\n", "h: -9\n");
}

static void test_schema__pattern_is_an_unanchored_search(void **state)
{
	const char *schema = "properties: {id: {pattern: '\\d{4}'}}\n";

	expect_valid(schema, "id: T-2026-1\n");
	expect_one(schema, "id: T-26\n", 2, 5,
		   "id: \"T-26\" does not match pattern '\\d{4}'");
	/* `$` matches only at the very end, as in ECMA-262. */
	expect_one("properties: {id: {pattern: '^a$'}}\n", "id: \"a\\n\"\n",
		   2, 5, "id: \"a\\n\" does not match pattern '^a$'");
}

static void test_schema__const_violation(void **state)
{
	expect_one("properties: {type: {const: task}}\n", "type: tsak\n", 2,
		   7, "type: \"tsak\" must be \"task\"");
}

static void test_schema__any_of_rejected_by_type_says_what_was_expected(void **state)
{
	expect_one("properties: {x: {anyOf: [{type: string}, {type: array}]}}\n",
		   "x: 5\n", 2, 4, "x: 5 is not a string or an array");
}

static void test_schema__one_of_rejected_by_discriminator_names_choices(void **state)
{
	const char *schema =
		"oneOf:\n"
		"  - properties: {kind: {const: a}, x: {type: string}}\n"
		"  - properties: {kind: {const: b}, y: {type: string}}\n"
		"  - properties: {kind: {enum: [c, d]}}\n";

	expect_one(schema, "kind: e\n", 2, 7,
		   "kind: \"e\" is not one of a, b, c, d");
}

static void test_schema__any_of_with_one_candidate_reports_its_problem(void **state)
{
	/* Only the object branch fits; its problem is the useful one. */
	expect_one("properties:\n"
		   "  due:\n"
		   "    anyOf:\n"
		   "      - type: string\n"
		   "      - type: object\n"
		   "        required: [date]\n",
		   "due: {}\n", 2, 6, "due: missing required property 'date'");
}

static void test_schema__any_of_without_a_clear_branch_is_one_diagnostic(void **state)
{
	expect_one("properties:\n"
		   "  x:\n"
		   "    anyOf:\n"
		   "      - {type: string, minLength: 5}\n"
		   "      - {type: string, pattern: '^a'}\n",
		   "x: bcd\n", 2, 4, "x: does not match any of the allowed forms");
}

static void test_schema__one_of_matching_twice(void **state)
{
	expect_one("properties: {x: {oneOf: [{type: integer}, {minimum: 0}]}}\n",
		   "x: 5\n", 2, 4,
		   "x: matches more than one of the allowed forms (1 and 2)");
}

static void test_schema__if_then_reports_the_then_violation(void **state)
{
	const char *schema =
		"if: {properties: {status: {const: resolved}}, required: [status]}\n"
		"then: {required: [solution]}\n"
		"else: {properties: {solution: false}}\n";

	expect_one(schema, "status: resolved\n", 1, 1,
		   "missing required property 'solution'");
	expect_valid(schema, "status: resolved\nsolution: reboot\n");
	expect_one(schema, "status: open\nsolution: reboot\n", 3, 11,
		   "solution: \"reboot\" is not allowed");
}

static void test_schema__dependent_required(void **state)
{
	expect_one("dependentRequired: {reviewed: [reviewed_by]}\n",
		   "reviewed: 2026-11-30\n", 1, 1,
		   "missing property 'reviewed_by', required when 'reviewed' is present");
}

static void test_schema__property_names_are_checked_at_the_key(void **state)
{
	expect_one("propertyNames: {pattern: '^[a-z_]+$'}\n",
		   "ok: 1\nBad: 2\n", 3, 1,
		   "property name \"Bad\" does not match pattern '^[a-z_]+$'");
}

static void test_schema__min_items_and_contains(void **state)
{
	expect_one("properties: {a: {minItems: 2}}\n", "a: [1]\n", 2, 4,
		   "a: has 1 item, fewer than the minimum 2");
	expect_one("properties: {a: {contains: {const: x}, minContains: 2}}\n",
		   "a: [x, y]\n", 2, 4,
		   "a: has 1 item that matches 'contains', fewer than the minimum 2");
	expect_one("properties: {a: {prefixItems: [{}], items: false}}\n",
		   "a: [1, 2]\n", 2, 8,
		   "a[1]: unexpected item; at most 1 item is allowed");
}

static void test_schema__valid_record_has_no_diagnostics(void **state)
{
	expect_valid("type: object\n"
		     "required: [title]\n"
		     "properties:\n"
		     "  title: {type: string, minLength: 1}\n"
		     "  tags: {type: array, items: {type: string}}\n",
		     "title: 618 活动页面加载速度优化\ntags: [web, performance]\n");
}

static void test_schema__annotations_are_accepted(void **state)
{
	expect_valid("$schema: https://json-schema.org/draft/2020-12/schema\n"
		     "$id: https://example.com/t.yaml\n"
		     "$comment: c\n"
		     "title: t\n"
		     "description: d\n"
		     "default: {}\n"
		     "examples: [{}]\n"
		     "deprecated: false\n"
		     "readOnly: false\n"
		     "writeOnly: false\n"
		     "definitions: {a: {type: string}}\n"
		     "$defs: {b: true}\n",
		     "a: 1\n");
}

static void test_schema__unknown_keyword_is_an_error_with_suggestion(void **state)
{
	expect_load_error("type: object\n"
			  "requried: [title]\n", 2, 1,
			  "unknown keyword 'requried'; did you mean 'required'?");
	expect_load_error("properties:\n"
			  "  a: {type: string, frobnicate: 3}\n", 2, 21,
			  "unknown keyword 'frobnicate'");
	expect_load_error("x-typo: 1\n", 1, 1,
			  "unknown keyword 'x-typo'; did you mean 'x-type'?");
	expect_load_error("unevaluatedProperties: false\n", 1, 1,
			  "unsupported keyword 'unevaluatedProperties'");
}

static const struct {
	const char *schema;
	int line, col;
	const char *message;
} bad_values[] = {
	{ "minLength: -1\n", 1, 12,
	  "'minLength' must be a non-negative integer" },
	{ "maxItems: 1.5\n", 1, 11,
	  "'maxItems' must be a non-negative integer" },
	{ "type: strng\n", 1, 7, "unknown type 'strng'; did you mean 'string'?" },
	{ "type: [string, string]\n", 1, 16, "'type' lists 'string' twice" },
	{ "type: []\n", 1, 7, "'type' must not be an empty list" },
	{ "pattern: 'a(b'\n", 1, 10,
	  "invalid regular expression in 'pattern': missing closing parenthesis at offset 3" },
	{ "format: dat\n", 1, 9,
	  "unknown format 'dat' (expected date, date-time, time, email, uri, period or duration)" },
	{ "multipleOf: 0\n", 1, 13,
	  "'multipleOf' must be a number greater than 0" },
	{ "minimum: '3'\n", 1, 10, "'minimum' must be a number" },
	{ "required: [a, a]\n", 1, 15, "'required' lists 'a' twice" },
	{ "required: [a, 1]\n", 1, 15, "'required' must be a list of strings" },
	{ "enum: a\n", 1, 7, "'enum' must be a list of values" },
	{ "allOf: []\n", 1, 8, "'allOf' must be a non-empty list of schemas" },
	{ "properties: [a]\n", 1, 13,
	  "'properties' must be a mapping of names to schemas" },
	{ "properties: {a: 3}\n", 1, 17,
	  "a schema must be a mapping or true or false" },
	{ "uniqueItems: 'yes'\n", 1, 14, "'uniqueItems' must be true or false" },
	{ "title: 3\n", 1, 8, "'title' must be a string" },
	{ "$ref: 3\n", 1, 7, "'$ref' must be a string" },
	{ "$id: 'http://x/a#frag'\n", 1, 6, "'$id' must not have a fragment" },
	{ "examples: 3\n", 1, 11, "'examples' must be a list" },
	{ "dependentRequired: {a: b}\n", 1, 24,
	  "'dependentRequired' must be a list of strings" },
};

static void test_schema__bad_keyword_values_are_errors_at_the_value(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(bad_values) / sizeof(*bad_values); i++)
		expect_load_error(bad_values[i].schema, bad_values[i].line,
				  bad_values[i].col, bad_values[i].message);
}

static void test_schema__ref_across_two_files(void **state)
{
	struct fixture f;
	const struct wl_schema *s;

	memset(&f, 0, sizeof(f));
	assert_int_equal(add(&f, "repo/schema/common.yaml",
			     "$defs:\n"
			     "  person: {type: string, pattern: '^[a-z]+$'}\n",
			     0),
			 0);
	assert_int_equal(add(&f, "repo/schema/task.yaml",
			     "x-type: task\n"
			     "properties:\n"
			     "  owner: {$ref: 'common.yaml#/$defs/person'}\n"
			     "  all: {$ref: ./common.yaml}\n",
			     0),
			 0);
	assert_int_equal(wl_schema_set_finish(f.set, &f.load), 0);
	assert_int_equal(f.load.nr, 0);
	s = wl_schema_set_type(f.set, "task")->schema;
	parse_instance(&f, "owner: Zhang\n", 1);
	assert_int_equal(wl_schema_validate(s, f.doc.root, "r.md", 1, &f.diags),
			 0);
	assert_int_equal(f.diags.nr, 1);
	assert_diag(&f.diags, 0, "r.md", 2, 8, "schema",
		    "owner: \"Zhang\" does not match pattern '^[a-z]+$'");
	fixture_release(&f);
}

static void test_schema__ref_falls_back_to_builtin_of_same_name(void **state)
{
	struct fixture f;

	memset(&f, 0, sizeof(f));
	assert_int_equal(add(&f, "schema/common.yaml",
			     "$defs: {date: {type: string, format: date}}\n", 1),
			 0);
	assert_int_equal(add(&f, ".worklog/schema/visit.yaml",
			     "x-type: visit\n"
			     "properties: {on: {$ref: 'common.yaml#/$defs/date'}}\n",
			     0),
			 0);
	assert_int_equal(wl_schema_set_finish(f.set, &f.load), 0);
	parse_instance(&f, "on: 2026-13-01\n", 1);
	assert_int_equal(wl_schema_validate(wl_schema_set_type(f.set, "visit")->schema,
					    f.doc.root, "r.md", 1, &f.diags),
			 0);
	assert_diag(&f.diags, 0, "r.md", 2, 5, "schema",
		    "on: \"2026-13-01\" is not a valid date");
	fixture_release(&f);
}

static void test_schema__unresolvable_ref_is_an_error_at_the_ref(void **state)
{
	struct fixture f;

	memset(&f, 0, sizeof(f));
	assert_int_equal(add(&f, "s.yaml",
			     "properties:\n"
			     "  a: {$ref: '#/$defs/nope'}\n"
			     "  b: {$ref: 'other.yaml'}\n"
			     "  c: {$ref: '#anchor'}\n",
			     0),
			 0);
	assert_int_equal(wl_schema_set_finish(f.set, &f.load), -1);
	assert_int_equal(f.load.nr, 3);
	assert_diag(&f.load, 0, "s.yaml", 2, 13, "schema",
		    "cannot resolve $ref '#/$defs/nope': 's.yaml' has no '/$defs/nope'");
	assert_diag(&f.load, 1, "s.yaml", 3, 13, "schema",
		    "cannot resolve $ref 'other.yaml': no schema 'other.yaml'");
	assert_diag(&f.load, 2, "s.yaml", 4, 13, "schema",
		    "cannot resolve $ref '#anchor': anchors are not supported; use a JSON pointer like '#/$defs/name'");
	fixture_release(&f);
}

static void test_schema__ref_pointer_escapes(void **state)
{
	expect_one("$defs:\n"
		   "  'a/b': {type: integer}\n"
		   "  'c~d': {type: integer}\n"
		   "  'e f': {type: integer}\n"
		   "properties:\n"
		   "  x: {$ref: '#/$defs/a~1b'}\n"
		   "  y: {$ref: '#/$defs/c~0d'}\n"
		   "  z: {$ref: '#/$defs/e%20f'}\n",
		   "x: 1\ny: 2\nz: a\n", 4, 4, "z: \"a\" is not an integer");
}

static void test_schema__recursive_ref_through_data_is_fine(void **state)
{
	expect_one("$defs:\n"
		   "  node:\n"
		   "    type: object\n"
		   "    properties:\n"
		   "      name: {type: string}\n"
		   "      kids: {type: array, items: {$ref: '#/$defs/node'}}\n"
		   "$ref: '#/$defs/node'\n",
		   "name: a\n"
		   "kids:\n"
		   "  - name: b\n"
		   "    kids: [{name: 3}]\n",
		   5, 19, "kids[0].kids[0].name: 3 is not a string");
}

static void test_schema__ref_cycle_without_progress_is_an_error(void **state)
{
	struct fixture f;
	const struct wl_schema *s;

	memset(&f, 0, sizeof(f));
	assert_int_equal(add(&f, "s.yaml",
			     "$defs:\n"
			     "  a: {$ref: '#/$defs/b'}\n"
			     "  b: {allOf: [{$ref: '#/$defs/a'}]}\n"
			     "$ref: '#/$defs/a'\n",
			     0),
			 0);
	assert_int_equal(wl_schema_set_finish(f.set, &f.load), -1);
	assert_int_equal(f.load.nr, 1);
	assert_string_equal(f.load.v[0].path, "s.yaml");
	assert_true(strstr(f.load.v[0].message,
			   "leads back to itself without descending into the data") != NULL);
	/* The cycle is cut: validation ends. */
	s = wl_schema_set_get(f.set, "s.yaml");
	parse_instance(&f, "a: 1\n", 1);
	assert_int_equal(wl_schema_validate(s, f.doc.root, "r.md", 1, NULL), 1);
	fixture_release(&f);
}

static void test_schema__self_ref_is_an_error(void **state)
{
	struct fixture f;

	memset(&f, 0, sizeof(f));
	assert_int_equal(add(&f, "s.yaml", "$defs: {a: {$ref: '#/$defs/a'}}\n", 0),
			 0);
	assert_int_equal(wl_schema_set_finish(f.set, &f.load), -1);
	assert_int_equal(f.load.nr, 1);
	assert_diag(&f.load, 0, "s.yaml", 1, 19, "schema",
		    "$ref '#/$defs/a' leads back to itself without descending into the data");
	fixture_release(&f);
}

static void test_schema__later_type_replaces_earlier(void **state)
{
	struct fixture f;
	const struct wl_type *t;

	memset(&f, 0, sizeof(f));
	assert_int_equal(add(&f, "schema/task.yaml", "x-type: task\n", 1), 0);
	assert_int_equal(add(&f, "schema/log.yaml", "x-type: log\n", 1), 0);
	assert_int_equal(add(&f, ".worklog/schema/task.yaml",
			     "x-type: task\nrequired: [team]\n", 0),
			 0);
	assert_int_equal(wl_schema_set_finish(f.set, &f.load), 0);
	assert_int_equal(wl_schema_set_type_count(f.set), 2);
	assert_string_equal(wl_schema_set_type_at(f.set, 0)->name, "log");
	assert_string_equal(wl_schema_set_type_at(f.set, 1)->name, "task");
	assert_null(wl_schema_set_type_at(f.set, 2));
	t = wl_schema_set_type(f.set, "task");
	assert_string_equal(t->file, ".worklog/schema/task.yaml");
	assert_int_equal(t->builtin, 0);
	assert_null(wl_schema_set_type(f.set, "kpi"));
	parse_instance(&f, "title: x\n", 1);
	assert_int_equal(wl_type_validate(t, f.doc.root, "r.md", 1, &f.diags), 0);
	assert_diag(&f.diags, 0, "r.md", 1, 1, "schema",
		    "missing required property 'team'");
	fixture_release(&f);
}

static void test_schema__yaml_error_in_schema_file(void **state)
{
	struct fixture f;

	memset(&f, 0, sizeof(f));
	assert_int_equal(add(&f, "s.yaml", "a: [1\n", 0), -1);
	assert_true(f.load.nr >= 1);
	assert_string_equal(f.load.v[0].path, "s.yaml");
	assert_string_equal(f.load.v[0].rule, "syntax");
	fixture_release(&f);
	memset(&f, 0, sizeof(f));
	assert_int_equal(add(&f, "s.yaml", "# nothing\n", 0), -1);
	assert_diag(&f.load, 0, "s.yaml", 1, 1, "schema", "schema file is empty");
	fixture_release(&f);
}

struct marks {
	char text[512];
};

static void collect_mark(const struct wl_schema_mark *m, void *data)
{
	struct marks *mk = data;
	size_t len = strlen(mk->text);

	snprintf(mk->text + len, sizeof(mk->text) - len, "%s=%s:%s;", m->path,
		 m->value->str, m->ref_type ? m->ref_type :
			 m->person ? "person" : "?");
}

static void test_schema__marks_find_x_ref_and_x_person_values(void **state)
{
	struct fixture f;
	struct marks mk = { "" };

	memset(&f, 0, sizeof(f));
	assert_int_equal(add(&f, "s.yaml",
			     "$defs: {person: {type: string, x-person: true}}\n"
			     "properties:\n"
			     "  owner: {$ref: '#/$defs/person'}\n"
			     "  project: {type: string, x-ref: project}\n"
			     "  actions:\n"
			     "    items:\n"
			     "      properties: {who: {$ref: '#/$defs/person'}}\n"
			     "  alt:\n"
			     "    anyOf:\n"
			     "      - {type: integer, x-ref: nope}\n"
			     "      - {type: string, x-ref: task}\n",
			     0),
			 0);
	assert_int_equal(wl_schema_set_finish(f.set, &f.load), 0);
	parse_instance(&f,
		       "owner: zs\nproject: P-1\nactions: [{who: ls}, {who: ww}]\n"
		       "alt: T-1\n",
		       1);
	wl_schema_marks(wl_schema_set_get(f.set, "s.yaml"), f.doc.root,
			collect_mark, &mk);
	assert_string_equal(mk.text,
			    "owner=zs:person;project=P-1:project;"
			    "actions[0].who=ls:person;actions[1].who=ww:person;"
			    "alt=T-1:task;");
	fixture_release(&f);
}

/* Every built-in schema loads, and the set resolves. */
static void test_schema__builtin_schemas_load(void **state)
{
	struct wl_schema_set *set = wl_schema_set_new();
	struct wl_diags d = WL_DIAGS_INIT;
	const struct wl_builtin *b;
	size_t i;

	for (b = wl_builtin_schemas; b->path; b++)
		assert_int_equal(wl_schema_set_add(set, b->path, b->data, b->len,
						   1, &d),
				 0);
	assert_int_equal(wl_schema_set_finish(set, &d), 0);
	for (i = 0; i < d.nr; i++)
		print_error("%s:%d:%d: %s\n", d.v[i].path, d.v[i].line,
			    d.v[i].column, d.v[i].message);
	assert_int_equal(d.nr, 0);
	wl_diags_release(&d);
	wl_schema_set_free(set);
}

static void test_schema__free_null_does_nothing(void **state)
{
	wl_schema_set_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schema__enum_violation_names_value_and_choices),
		cmocka_unit_test(test_schema__required_property_missing),
		cmocka_unit_test(test_schema__required_property_missing_in_nested_object),
		cmocka_unit_test(test_schema__min_length_counts_code_points),
		cmocka_unit_test(test_schema__wrong_type_in_list_names_index),
		cmocka_unit_test(test_schema__type_list_reads_as_alternatives),
		cmocka_unit_test(test_schema__invalid_date_format),
		cmocka_unit_test(test_schema__additional_property_reported_at_its_key),
		cmocka_unit_test(test_schema__nested_paths_join_keys_and_indexes),
		cmocka_unit_test(test_schema__unique_items_points_at_the_duplicate),
		cmocka_unit_test(test_schema__numbers),
		cmocka_unit_test(test_schema__pattern_is_an_unanchored_search),
		cmocka_unit_test(test_schema__const_violation),
		cmocka_unit_test(test_schema__any_of_rejected_by_type_says_what_was_expected),
		cmocka_unit_test(test_schema__one_of_rejected_by_discriminator_names_choices),
		cmocka_unit_test(test_schema__any_of_with_one_candidate_reports_its_problem),
		cmocka_unit_test(test_schema__any_of_without_a_clear_branch_is_one_diagnostic),
		cmocka_unit_test(test_schema__one_of_matching_twice),
		cmocka_unit_test(test_schema__if_then_reports_the_then_violation),
		cmocka_unit_test(test_schema__dependent_required),
		cmocka_unit_test(test_schema__property_names_are_checked_at_the_key),
		cmocka_unit_test(test_schema__min_items_and_contains),
		cmocka_unit_test(test_schema__valid_record_has_no_diagnostics),
		cmocka_unit_test(test_schema__annotations_are_accepted),
		cmocka_unit_test(test_schema__unknown_keyword_is_an_error_with_suggestion),
		cmocka_unit_test(test_schema__bad_keyword_values_are_errors_at_the_value),
		cmocka_unit_test(test_schema__ref_across_two_files),
		cmocka_unit_test(test_schema__ref_falls_back_to_builtin_of_same_name),
		cmocka_unit_test(test_schema__unresolvable_ref_is_an_error_at_the_ref),
		cmocka_unit_test(test_schema__ref_pointer_escapes),
		cmocka_unit_test(test_schema__recursive_ref_through_data_is_fine),
		cmocka_unit_test(test_schema__ref_cycle_without_progress_is_an_error),
		cmocka_unit_test(test_schema__self_ref_is_an_error),
		cmocka_unit_test(test_schema__later_type_replaces_earlier),
		cmocka_unit_test(test_schema__yaml_error_in_schema_file),
		cmocka_unit_test(test_schema__marks_find_x_ref_and_x_person_values),
		cmocka_unit_test(test_schema__builtin_schemas_load),
		cmocka_unit_test(test_schema__free_null_does_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
