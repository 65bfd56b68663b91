#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "change.h"
#include "diag.h"
#include "node.h"
#include "schema.h"

static const char type_yaml[] =
	"x-type: item\n"
	"type: object\n"
	"properties:\n"
	"  status: {enum: [todo, doing, done, parked]}\n"
	"x-lifecycle: {field: status, open: [todo, doing], done: [done]}\n"
	"x-transitions:\n"
	"  status:\n"
	"    todo: [doing]\n"
	"    doing: [done, todo]\n"
	"    done: []\n";

struct fixture {
	struct wl_schema_set *set;
	const struct wl_type *type;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct wl_diags d = WL_DIAGS_INIT;

	f->set = wl_schema_set_new();
	assert_int_equal(wl_schema_set_add(f->set, "item.yaml", type_yaml,
					   strlen(type_yaml), 0, &d), 0);
	assert_int_equal(wl_schema_set_finish(f->set, &d), 0);
	assert_int_equal(d.nr, 0);
	f->type = wl_schema_set_type(f->set, "item");
	assert_non_null(f->type);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	wl_schema_set_free(f->set);
	free(f);
	return 0;
}

static void parse(struct wl_doc *doc, const char *text)
{
	struct wl_diags d = WL_DIAGS_INIT;
	static const struct wl_yaml_limits lim = WL_YAML_LIMITS_DEFAULT;

	wl_yaml_parse(doc, text, strlen(text), 1, &lim, "r.md", &d);
	assert_int_equal(d.nr, 0);
	wl_diags_release(&d);
}

/* Runs the transition check from `from` to `to`; returns the diags. */
static void transition(struct wl_diags *d, const struct wl_type *t,
		       const char *from, const char *to)
{
	struct wl_doc old = WL_DOC_INIT, new = WL_DOC_INIT;

	parse(&old, from);
	parse(&new, to);
	wl_check_transitions(d, "r.md", t, old.root, new.root, WL_SEV_ERROR);
	wl_doc_release(&old);
	wl_doc_release(&new);
}

static void test_change__transitions_listed_are_allowed(void **state)
{
	struct fixture *f = *state;
	struct wl_diags d = WL_DIAGS_INIT;

	transition(&d, f->type, "status: todo\n", "status: doing\n");
	transition(&d, f->type, "status: doing\n", "status: todo\n");
	transition(&d, f->type, "status: done\n", "status: done\n");
	assert_int_equal(d.nr, 0);
}

static void test_change__a_forbidden_transition_points_at_the_new_value(void **state)
{
	struct fixture *f = *state;
	struct wl_diags d = WL_DIAGS_INIT;

	transition(&d, f->type, "status: todo\n", "owner: x\nstatus: done\n");
	assert_int_equal(d.nr, 1);
	assert_string_equal(d.v[0].rule, "transition");
	assert_int_equal(d.v[0].line, 3);
	assert_int_equal(d.v[0].column, 9);
	assert_string_equal(d.v[0].message,
			    "status: \"todo\" cannot change to \"done\" (allowed: doing)");
	wl_diags_release(&d);
	transition(&d, f->type, "status: done\n", "status: todo\n");
	assert_int_equal(d.nr, 1);
	assert_string_equal(d.v[0].message,
			    "status: \"done\" cannot change to \"todo\" (allowed: none)");
	wl_diags_release(&d);
}

static void test_change__unknown_values_and_missing_fields_are_not_judged(void **state)
{
	struct fixture *f = *state;
	struct wl_diags d = WL_DIAGS_INIT;

	/* parked: a value the state machine does not name. */
	transition(&d, f->type, "status: todo\n", "status: parked\n");
	transition(&d, f->type, "status: parked\n", "status: done\n");
	transition(&d, f->type, "title: x\n", "status: done\n");
	transition(&d, f->type, "status: todo\n", "title: x\n");
	transition(&d, f->type, "status: todo\n", "status: [done]\n");
	assert_int_equal(d.nr, 0);
}

static void test_change__done_reads_the_lifecycle(void **state)
{
	struct fixture *f = *state;
	struct wl_doc doc = WL_DOC_INIT;

	parse(&doc, "status: done\n");
	assert_int_equal(wl_record_is_done(f->type, doc.root), 1);
	wl_doc_release(&doc);
	parse(&doc, "status: doing\n");
	assert_int_equal(wl_record_is_done(f->type, doc.root), 0);
	wl_doc_release(&doc);
	assert_int_equal(wl_record_is_done(NULL, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_change__transitions_listed_are_allowed),
		cmocka_unit_test(test_change__a_forbidden_transition_points_at_the_new_value),
		cmocka_unit_test(test_change__unknown_values_and_missing_fields_are_not_judged),
		cmocka_unit_test(test_change__done_reads_the_lifecycle),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
