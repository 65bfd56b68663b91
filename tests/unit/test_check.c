#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "check.h"
#include "config.h"
#include "rules.h"

/*
 * Facts in their text form, written by hand: T type, I line col field id,
 * R line col field value type, P line col field value.
 */
#define ITEM(id) "T\0item\0I\0" "3\0" "5\0id\0" id "\0"

static const struct {
	const char *path;
	const char *text;
	size_t len;
} records[] = {
	{ "r/a.md", ITEM("I-1") "P\0" "4\0" "8\0owner\0zhangsan\0",
	  sizeof(ITEM("I-1") "P\0" "4\0" "8\0owner\0zhangsan\0") - 1 },
	{ "r/b.md", ITEM("I-2") "R\0" "5\0" "9\0parent\0I-1\0item\0",
	  sizeof(ITEM("I-2") "R\0" "5\0" "9\0parent\0I-1\0item\0") - 1 },
	{ "r/c.md", ITEM("I-2") "P\0" "4\0" "8\0owner\0nobody\0",
	  sizeof(ITEM("I-2") "P\0" "4\0" "8\0owner\0nobody\0") - 1 },
	{ "r/d.md", ITEM("I-4") "R\0" "6\0" "9\0parent\0I-9\0item\0"
		    "R\0" "7\0" "7\0task\0I-1\0task\0",
	  sizeof(ITEM("I-4") "R\0" "6\0" "9\0parent\0I-9\0item\0"
		 "R\0" "7\0" "7\0task\0I-1\0task\0") - 1 },
	{ "r/e.md", "", 0 },
};

struct fixture {
	struct wl_recset set;
	struct wl_config cfg;
};

static int setup(void **state)
{
	static const char cfg[] = "version: 1\npeople:\n  - {id: zhangsan}\n";
	struct fixture *f = calloc(1, sizeof(*f));
	struct wl_diags d = WL_DIAGS_INIT;
	size_t i;

	for (i = 0; i < sizeof(records) / sizeof(*records); i++) {
		struct wl_oid oid;
		struct wl_recset_entry *e;

		memset(&oid, (int)i, sizeof(oid));
		e = wl_recset_add(&f->set, strdup(records[i].path), &oid);
		assert_int_equal(wl_facts_parse(&e->facts, records[i].text,
						records[i].len), 0);
	}
	wl_recset_index(&f->set);
	assert_int_equal(wl_config_parse(&f->cfg, ".worklog.yaml",
					 strdup(cfg), strlen(cfg), &d), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	wl_recset_release(&f->set);
	wl_config_release(&f->cfg);
	free(f);
	return 0;
}

/* Checks the records at `paths` (in path order) as changed. */
static void check(struct fixture *f, struct wl_diags *d,
		  const char *const *paths, size_t n,
		  const struct wl_keys *removed)
{
	struct wl_check_record changed[8];
	struct wl_check_lookup lookup;
	struct wl_rule_set set;
	size_t i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < f->set.nr; k++)
			if (!strcmp(f->set.v[k].path, paths[i]))
				break;
		assert_true(k < f->set.nr);
		changed[i].path = f->set.v[k].path;
		changed[i].facts = &f->set.v[k].facts;
	}
	wl_recset_lookup(&lookup, &f->set);
	set.rules = &f->cfg.rules;
	set.cfg = &f->cfg;
	set.changed = changed;
	set.nr = n;
	set.removed = removed;
	set.lookup = &lookup;
	assert_int_equal(wl_rules_run_set(d, &set), 0);
}

static void test_check__the_defaults_are_errors(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(f->cfg.rules.severity[WL_RULE_DUPLICATE_ID],
			 WL_SEV_ERROR);
	assert_int_equal(f->cfg.rules.severity[WL_RULE_DANGLING_REF],
			 WL_SEV_ERROR);
	assert_int_equal(f->cfg.rules.severity[WL_RULE_UNKNOWN_PERSON],
			 WL_SEV_ERROR);
}

static void test_check__a_good_record_has_no_findings(void **state)
{
	static const char *const paths[] = { "r/a.md", "r/e.md" };
	struct wl_diags d = WL_DIAGS_INIT;

	check(*state, &d, paths, 2, NULL);
	assert_int_equal(d.nr, 0);
}

static void test_check__a_shared_id_names_the_other_record(void **state)
{
	static const char *const paths[] = { "r/b.md" };
	struct wl_diags d = WL_DIAGS_INIT;

	check(*state, &d, paths, 1, NULL);
	assert_int_equal(d.nr, 1);
	assert_string_equal(d.v[0].rule, "duplicate-id");
	assert_string_equal(d.v[0].path, "r/b.md");
	assert_int_equal(d.v[0].line, 3);
	assert_int_equal(d.v[0].column, 5);
	assert_string_equal(d.v[0].message,
			    "id: \"I-2\" is also the id of r/c.md");
	wl_diags_release(&d);
}

static void test_check__references_need_a_record_of_their_type(void **state)
{
	static const char *const paths[] = { "r/d.md" };
	struct wl_diags d = WL_DIAGS_INIT;

	check(*state, &d, paths, 1, NULL);
	assert_int_equal(d.nr, 2);
	assert_string_equal(d.v[0].message,
			    "parent: \"I-9\" is not the id of any item record");
	assert_int_equal(d.v[0].line, 6);
	/* I-1 exists, but it is an item, not a task. */
	assert_string_equal(d.v[1].message,
			    "task: \"I-1\" is not the id of any task record");
	assert_string_equal(d.v[1].rule, "dangling-ref");
	wl_diags_release(&d);
}

static void test_check__people_must_be_on_the_roster(void **state)
{
	static const char *const paths[] = { "r/c.md" };
	struct wl_diags d = WL_DIAGS_INIT;

	check(*state, &d, paths, 1, NULL);
	assert_int_equal(d.nr, 2);
	assert_string_equal(d.v[1].rule, "unknown-person");
	assert_string_equal(d.v[1].message, "owner: \"nobody\" is not in the roster");
	wl_diags_release(&d);
}

static void test_check__references_to_a_removed_id_dangle_where_they_are(void **state)
{
	struct wl_keys removed = WL_KEYS_INIT;
	struct wl_diags d = WL_DIAGS_INIT;

	wl_keys_add(&removed, "item", "I-1");
	check(*state, &d, NULL, 0, &removed);
	assert_int_equal(d.nr, 1);
	assert_string_equal(d.v[0].path, "r/b.md");
	assert_string_equal(d.v[0].message,
			    "parent: \"I-1\" is not the id of any item record");
	wl_diags_release(&d);
	wl_keys_release(&removed);
}

static void test_check__rules_can_be_turned_off_or_down(void **state)
{
	static const char cfg[] = "version: 1\npeople: [{id: x}]\nrules:\n"
				  "  duplicate-id: off\n  dangling-ref: warning\n"
				  "  unknown-person: {severity: off}\n";
	struct wl_config c = WL_CONFIG_INIT;
	struct wl_diags d = WL_DIAGS_INIT;

	(void)state;
	assert_int_equal(wl_config_parse(&c, "c", strdup(cfg), strlen(cfg), &d),
			 0);
	assert_int_equal(c.rules.severity[WL_RULE_DUPLICATE_ID], 0);
	assert_int_equal(c.rules.severity[WL_RULE_DANGLING_REF],
			 WL_SEV_WARNING);
	assert_int_equal(c.rules.severity[WL_RULE_UNKNOWN_PERSON], 0);
	wl_config_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check__the_defaults_are_errors),
		cmocka_unit_test(test_check__a_good_record_has_no_findings),
		cmocka_unit_test(test_check__a_shared_id_names_the_other_record),
		cmocka_unit_test(test_check__references_need_a_record_of_their_type),
		cmocka_unit_test(test_check__people_must_be_on_the_roster),
		cmocka_unit_test(test_check__references_to_a_removed_id_dangle_where_they_are),
		cmocka_unit_test(test_check__rules_can_be_turned_off_or_down),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
