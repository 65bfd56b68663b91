/*
 * The schema validator's bounds (schema.h, struct wl_schema_limits):
 * regular expressions that cannot be judged are errors wherever they
 * are, a record's budgets stop its validation with one diagnostic, and
 * schema files over the limits are refused. Never a silent pass.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "node.h"
#include "schema.h"
#include "unit.h"

struct fixture {
	struct wl_schema_set *set;
	struct wl_diags load;
	struct wl_doc doc;
	struct wl_diags diags;
	int valid, quiet_valid;
};

static void fixture_release(struct fixture *f)
{
	wl_schema_set_free(f->set);
	wl_diags_release(&f->load);
	wl_doc_release(&f->doc);
	wl_diags_release(&f->diags);
}

static void print_diags(const struct wl_diags *d)
{
	size_t i;

	for (i = 0; i < d->nr; i++)
		print_error("%s:%d:%d: %s\n", d->v[i].path, d->v[i].line,
			    d->v[i].column, d->v[i].message);
}

/* Loads `schema` as s.yaml under `lim` (NULL: the defaults). */
static void load(struct fixture *f, const struct wl_schema_limits *lim,
		 const char *schema)
{
	memset(f, 0, sizeof(*f));
	f->set = wl_schema_set_new();
	if (lim)
		wl_schema_set_limits(f->set, lim);
	if (wl_schema_set_add(f->set, "s.yaml", schema, strlen(schema), 0,
			      &f->load) < 0 ||
	    wl_schema_set_finish(f->set, &f->load) < 0) {
		print_diags(&f->load);
		fail_msg("the schema does not load");
	}
}

/* Validates `instance` (front matter from line 2) against the loaded
 * schema, with diagnostics and quietly; the earlier instance's results
 * are dropped. */
static void check(struct fixture *f, const char *instance)
{
	static const struct wl_yaml_limits big = { 64 * 1024 * 1024, 64,
						   10000000, 0 };
	const struct wl_schema *s = wl_schema_set_get(f->set, "s.yaml");

	assert_non_null(s);
	wl_doc_release(&f->doc);
	wl_diags_release(&f->diags);
	wl_yaml_parse(&f->doc, instance, strlen(instance), 1, &big, "r.md",
		      &f->diags);
	assert_int_equal(f->diags.nr, 0);
	f->valid = wl_schema_validate(s, f->doc.root, "r.md", 1, &f->diags);
	f->quiet_valid = wl_schema_validate(s, f->doc.root, "r.md", 1, NULL);
}

static void run(struct fixture *f, const struct wl_schema_limits *lim,
		const char *schema, const char *instance)
{
	load(f, lim, schema);
	check(f, instance);
}

/* Exactly one diagnostic, at line:col, and the instance is invalid. */
static void expect_one(const struct wl_schema_limits *lim,
		       const char *schema, const char *instance, int line,
		       int col, const char *message)
{
	struct fixture f;

	run(&f, lim, schema, instance);
	if (f.diags.nr != 1)
		print_diags(&f.diags);
	assert_int_equal(f.diags.nr, 1);
	assert_diag(&f.diags, 0, "r.md", line, col, "schema", message);
	assert_int_equal(f.valid, 0);
	assert_int_equal(f.quiet_valid, 0);
	fixture_release(&f);
}

/* `n` copies of `unit` between `head` and `tail`; the caller frees. */
static char *repeat(const char *head, const char *unit, size_t n,
		    const char *tail)
{
	struct wl_buf b = WL_BUF_INIT;

	wl_buf_addstr(&b, head);
	while (n--)
		wl_buf_addstr(&b, unit);
	wl_buf_addstr(&b, tail);
	return wl_buf_detach(&b, NULL);
}

#define EVIL "'^(a+)+$'"
#define FORTY_AS "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define TOO_COMPLEX ": too complex to match in 1000000 steps (limits: regex-match-steps)"

static void test_schema_limits__pattern_too_complex_is_an_error_at_the_value(void **state)
{
	expect_one(NULL, "properties: {x: {pattern: " EVIL "}}\n",
		   "x: " FORTY_AS "!\n", 2, 4,
		   "x: \"" FORTY_AS "!\" cannot be checked against pattern '^(a+)+$'" TOO_COMPLEX);
}

/* A key the regex gives up on is neither matched nor unmatched: it used
 * to be taken as "no match", which let it through. */
static void test_schema_limits__pattern_property_too_complex_is_not_a_pass(void **state)
{
	expect_one(NULL, "patternProperties: {" EVIL ": {type: integer}}\n",
		   FORTY_AS "!: x\n", 2, 1,
		   "property name \"" FORTY_AS "!\" cannot be checked against patternProperties pattern '^(a+)+$'" TOO_COMPLEX);
	/* Nor is it an additional property. */
	expect_one(NULL,
		   "patternProperties: {" EVIL ": {type: integer}}\n"
		   "additionalProperties: false\n",
		   FORTY_AS "!: x\n", 2, 1,
		   "property name \"" FORTY_AS "!\" cannot be checked against patternProperties pattern '^(a+)+$'" TOO_COMPLEX);
	expect_one(NULL, "propertyNames: {pattern: " EVIL "}\n",
		   FORTY_AS "!: 1\n", 2, 1,
		   "property name \"" FORTY_AS "!\" cannot be checked against pattern '^(a+)+$'" TOO_COMPLEX);
}

/* Inside `not` or a branch being tried the error still counts: `not`
 * of a failed check would otherwise pass. */
static void test_schema_limits__too_complex_inside_not_and_any_of(void **state)
{
	const char *msg = "x: \"" FORTY_AS "!\" cannot be checked against pattern '^(a+)+$'" TOO_COMPLEX;

	expect_one(NULL, "properties: {x: {not: {pattern: " EVIL "}}}\n",
		   "x: " FORTY_AS "!\n", 2, 4, msg);
	expect_one(NULL,
		   "properties: {x: {anyOf: [{pattern: " EVIL "}, {type: integer}]}}\n",
		   "x: " FORTY_AS "!\n", 2, 4, msg);
	expect_one(NULL,
		   "properties: {x: {oneOf: [{pattern: " EVIL "}, {minLength: 1}]}}\n",
		   "x: " FORTY_AS "!\n", 2, 4, msg);
}

/*
 * Each value is cheap enough for one search, but all of them together
 * are not: the record's regex steps run out and validation stops, at
 * the record. The values before that were judged.
 */
static void test_schema_limits__regex_budget_stops_the_record(void **state)
{
	struct wl_schema_limits lim = WL_SCHEMA_LIMITS_DEFAULT;
	char *inst = repeat("x:\n", "  - aaaaaaaaaaaaaaaa!\n", 200, "");
	struct fixture f;

	lim.regex_steps = 100000;
	run(&f, &lim, "properties: {x: {items: {pattern: '^(?!(a|aa)+$)'}}}\n",
	    inst);
	if (f.diags.nr != 1)
		print_diags(&f.diags);
	assert_int_equal(f.diags.nr, 1);
	assert_diag(&f.diags, 0, "r.md", 1, 1, "schema",
		    "schema validation stopped: regular expressions took more than 100000 steps (limits: regex-steps)");
	assert_int_equal(f.valid, 0);
	assert_int_equal(f.quiet_valid, 0);
	fixture_release(&f);
	/* Under the default budget the same record is valid. */
	run(&f, NULL, "properties: {x: {items: {pattern: '^(?!(a|aa)+$)'}}}\n",
	    inst);
	print_diags(&f.diags);
	assert_int_equal(f.diags.nr, 0);
	assert_int_equal(f.valid, 1);
	fixture_release(&f);
	free(inst);
}

/* Alternatives that each recurse through $ref: 3^depth applications on
 * nested data, stopped by the record's steps. */
static const char recursive_one_of[] =
	"$defs:\n"
	"  n:\n"
	"    oneOf:\n"
	"      - {type: object, properties: {a: {$ref: '#/$defs/n'}}}\n"
	"      - {type: object, properties: {a: {$ref: '#/$defs/n'}}, required: [a]}\n"
	"      - {type: object, properties: {a: {$ref: '#/$defs/n'}}, minProperties: 0}\n"
	"properties: {x: {$ref: '#/$defs/n'}}\n";

static void test_schema_limits__step_budget_stops_exponential_one_of(void **state)
{
	struct wl_schema_limits lim = WL_SCHEMA_LIMITS_DEFAULT;
	char *open = repeat("x: ", "{a: ", 60, "{}");
	char *inst = repeat(open, "}", 60, "\n");

	lim.steps = 100000;
	expect_one(&lim, recursive_one_of, inst, 1, 1,
		   "schema validation stopped: more than 100000 steps (limits: schema-steps)");
	expect_one(NULL, recursive_one_of, inst, 1, 1,
		   "schema validation stopped: more than 10000000 steps (limits: schema-steps)");
	free(open);
	free(inst);
}

/*
 * A chain of $refs longer than the validator's recursion allows, even
 * without a cycle: an error at the value, inside `not` too (where a
 * check that gave up used to make `not` pass).
 */
static void test_schema_limits__recursion_too_deep_is_not_a_pass(void **state)
{
	struct wl_buf schema = WL_BUF_INIT;
	size_t i;

	wl_buf_addstr(&schema, "properties:\n"
			       "  x: {$ref: '#/$defs/d0'}\n"
			       "  y: {not: {$ref: '#/$defs/d0'}}\n"
			       "$defs:\n");
	for (i = 0; i < 2100; i++)
		wl_buf_addf(&schema, "  d%zu: {allOf: [{$ref: '#/$defs/d%zu'}]}\n",
			    i, i + 1);
	wl_buf_addstr(&schema, "  d2100: {type: integer}\n");
	expect_one(NULL, schema.buf, "x: 1\n", 2, 4,
		   "x: schema recursion too deep");
	expect_one(NULL, schema.buf, "y: 1\n", 2, 4,
		   "y: schema recursion too deep");
	wl_buf_release(&schema);
}

/* A flood of violations is work too: it stops like any other. */
static void test_schema_limits__many_violations_stop(void **state)
{
	struct wl_schema_limits lim = WL_SCHEMA_LIMITS_DEFAULT;
	char *inst = repeat("x: [", "1, ", 1000, "1]");
	struct fixture f;

	lim.steps = 3000;
	run(&f, &lim, "properties: {x: {items: {type: string}}}\n", inst);
	assert_true(f.diags.nr > 10 && f.diags.nr < 200);
	assert_diag(&f.diags, f.diags.nr - 1, "r.md", 1, 1, "schema",
		    "schema validation stopped: more than 3000 steps (limits: schema-steps)");
	assert_diag(&f.diags, 0, "r.md", 2, 5, "schema",
		    "x[0]: 1 is not a string");
	assert_int_equal(f.valid, 0);
	fixture_release(&f);
	free(inst);
}

/* The only diagnostic of the last check is `message` at line:col. */
static void expect_checked(const struct fixture *f, int line, int col,
			   const char *message)
{
	if (f->diags.nr != 1)
		print_diags(&f->diags);
	assert_int_equal(f->diags.nr, 1);
	assert_diag(&f->diags, 0, "r.md", line, col, "schema", message);
	assert_int_equal(f->valid, 0);
	assert_int_equal(f->quiet_valid, 0);
}

/* A long enum is looked up by hash, with JSON equality kept. */
static void test_schema_limits__long_enum_finds_its_values(void **state)
{
	struct wl_schema_limits lim = WL_SCHEMA_LIMITS_DEFAULT;
	struct wl_buf schema = WL_BUF_INIT;
	struct fixture f;
	size_t i;

	/* A hundred thousand values are more nodes than allowed by default. */
	lim.file_nodes = 200000;
	wl_buf_addstr(&schema, "properties:\n  x:\n    enum: [1, {k: [a]}");
	for (i = 0; i < 100000; i++)
		wl_buf_addf(&schema, ", v%zu", i);
	wl_buf_addstr(&schema, "]\n");
	load(&f, &lim, schema.buf);
	check(&f, "x: v99999\n");
	assert_int_equal(f.valid, 1);
	check(&f, "x: 1.0\n");
	assert_int_equal(f.valid, 1);
	check(&f, "x: {k: [a]}\n");
	assert_int_equal(f.valid, 1);
	check(&f, "x: v100000\n");
	expect_checked(&f, 2, 4,
		       "x: \"v100000\" is not one of 1, {\"k\":[\"a\"]}, v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, v16, v17, ...");
	check(&f, "x: {k: [b]}\n");
	assert_int_equal(f.valid, 0);
	fixture_release(&f);
	wl_buf_release(&schema);
}

/* References into a $defs of many entries resolve (by hash), escapes
 * included. */
static void test_schema_limits__long_defs_resolve(void **state)
{
	struct wl_buf schema = WL_BUF_INIT;
	struct fixture f;
	size_t i;

	wl_buf_addstr(&schema, "$defs:\n  a/b: {type: integer}\n  c~d: {type: string}\n  '%': {type: boolean}\n");
	for (i = 0; i < 20000; i++)
		wl_buf_addf(&schema, "  d%zu: {const: %zu}\n", i, i);
	wl_buf_addstr(&schema, "properties:\n"
			       "  p: {$ref: '#/$defs/a~1b'}\n"
			       "  q: {$ref: '#/$defs/c~0d'}\n"
			       "  r: {$ref: '#/$defs/%25'}\n");
	for (i = 0; i < 20000; i += 1000)
		wl_buf_addf(&schema, "  x%zu: {$ref: '#/$defs/d%zu'}\n", i, i);
	load(&f, NULL, schema.buf);
	check(&f, "p: 1\nq: s\nr: true\nx0: 0\nx19000: 19000\n");
	print_diags(&f.diags);
	assert_int_equal(f.valid, 1);
	check(&f, "x5000: 5001\n");
	expect_checked(&f, 2, 8, "x5000: 5001 must be 5000");
	fixture_release(&f);
	wl_buf_release(&schema);
}

/* Load and count limits: each a diagnostic, and the file is no type. */
static void expect_refused(const struct wl_schema_limits *lim,
			   const char *schema, int line, int col,
			   const char *rule, const char *message)
{
	struct wl_schema_set *set = wl_schema_set_new();
	struct wl_diags d = WL_DIAGS_INIT;

	wl_schema_set_limits(set, lim);
	assert_int_equal(wl_schema_set_add(set, "s.yaml", schema,
					   strlen(schema), 0, &d),
			 -1);
	if (d.nr != 1)
		print_diags(&d);
	assert_int_equal(d.nr, 1);
	assert_diag(&d, 0, "s.yaml", line, col, rule, message);
	assert_null(wl_schema_set_get(set, "s.yaml"));
	assert_null(wl_schema_set_type(set, "t"));
	wl_diags_release(&d);
	wl_schema_set_free(set);
}

static void test_schema_limits__schema_files_over_the_limits_are_refused(void **state)
{
	struct wl_schema_limits lim = WL_SCHEMA_LIMITS_DEFAULT;
	struct wl_schema_set *set;
	struct wl_diags d = WL_DIAGS_INIT;
	const char *t = "x-type: t\ntype: object\n";

	lim.file_bytes = 16;
	expect_refused(&lim, t, 1, 1, "schema",
		       "file is 23 bytes, more than the limit of 16 (limits: schema-bytes)");
	lim = (struct wl_schema_limits)WL_SCHEMA_LIMITS_DEFAULT;
	lim.file_nodes = 5;
	expect_refused(&lim,
		       "x-type: t\nproperties: {a: {type: string}}\n", 2, 14,
		       "syntax", "more than 5 nodes");

	/* The second file of a set limited to one is refused, unread;
	 * the built-in ones do not count. */
	lim = (struct wl_schema_limits)WL_SCHEMA_LIMITS_DEFAULT;
	lim.files = 1;
	set = wl_schema_set_new();
	wl_schema_set_limits(set, &lim);
	assert_int_equal(wl_schema_set_add(set, "b.yaml", t, strlen(t), 1, &d),
			 0);
	assert_int_equal(wl_schema_set_add(set, "a.yaml", t, strlen(t), 0, &d),
			 0);
	assert_int_equal(wl_schema_set_add(set, "c.yaml", "{", 1, 0, &d), -1);
	assert_int_equal(d.nr, 1);
	assert_diag(&d, 0, "c.yaml", 1, 1, "schema",
		    "schema file not loaded: more than 1 schema files (limits: schema-files)");
	wl_diags_release(&d);
	wl_schema_set_free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schema_limits__pattern_too_complex_is_an_error_at_the_value),
		cmocka_unit_test(test_schema_limits__pattern_property_too_complex_is_not_a_pass),
		cmocka_unit_test(test_schema_limits__too_complex_inside_not_and_any_of),
		cmocka_unit_test(test_schema_limits__regex_budget_stops_the_record),
		cmocka_unit_test(test_schema_limits__step_budget_stops_exponential_one_of),
		cmocka_unit_test(test_schema_limits__recursion_too_deep_is_not_a_pass),
		cmocka_unit_test(test_schema_limits__many_violations_stop),
		cmocka_unit_test(test_schema_limits__long_enum_finds_its_values),
		cmocka_unit_test(test_schema_limits__long_defs_resolve),
		cmocka_unit_test(test_schema_limits__schema_files_over_the_limits_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
