#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hook.h"

static void test_hook__reference_updates_need_two_ids_and_a_name(void **state)
{
	struct wl_ref_updates u = WL_REF_UPDATES_INIT;
	char *err = NULL;
	static const char zero[] = "0000000000000000000000000000000000000000";
	static const char id[] = "5dfa8a69adb7fe11821e6e207eedeb275fa0c684";

	(void)state;
	assert_int_equal(wl_ref_updates_add(&u, zero, id, "refs/heads/main",
					    &err), 0);
	assert_int_equal(u.nr, 1);
	assert_true(wl_oid_is_zero(&u.v[0].old_oid));
	assert_false(wl_oid_is_zero(&u.v[0].new_oid));
	assert_string_equal(u.v[0].ref, "refs/heads/main");
	assert_int_equal(wl_ref_updates_add(&u, "x", id, "refs/heads/a", &err),
			 -1);
	assert_string_equal(err, "not a reference update: 'x 5dfa8a69adb7fe11821e6e207eedeb275fa0c684 refs/heads/a'");
	free(err);
	err = NULL;
	assert_int_equal(wl_ref_updates_add(&u, zero, id, "", &err), -1);
	free(err);
	assert_int_equal(u.nr, 1);
	wl_ref_updates_release(&u);
}

static void test_hook__object_ids_in_hex(void **state)
{
	struct wl_oid oid;
	char hex[WL_OID_HEXSZ + 1];

	(void)state;
	assert_int_equal(wl_oid_parse(&oid, "5DFA8A69ADB7FE11821E6E207EEDEB275FA0C684"), 0);
	wl_oid_fmt(hex, &oid);
	assert_string_equal(hex, "5dfa8a69adb7fe11821e6e207eedeb275fa0c684");
	assert_int_equal(wl_oid_parse(&oid, "5dfa"), -1);
	assert_int_equal(wl_oid_parse(&oid, "5dfa8a69adb7fe11821e6e207eedeb275fa0c684a"), -1);
	assert_int_equal(wl_oid_parse(&oid, "zdfa8a69adb7fe11821e6e207eedeb275fa0c684"), -1);
	/* What `git hash-object` says of "hello\n". */
	wl_oid_hash(&oid, "hello\n", 6);
	wl_oid_fmt(hex, &oid);
	assert_string_equal(hex, "ce013625030ba8dba906f756967f9e9ca394464a");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hook__reference_updates_need_two_ids_and_a_name),
		cmocka_unit_test(test_hook__object_ids_in_hex),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
