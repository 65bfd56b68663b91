#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "diag.h"
#include "unit.h"

static void test_diag__unique_drops_what_two_judgements_both_found(void **state)
{
	struct wl_diags d = WL_DIAGS_INIT;

	(void)state;
	wl_diags_add(&d, "a.md", 4, 9, WL_SEV_ERROR, "transition", "x");
	wl_diags_add(&d, "a.md", 4, 9, WL_SEV_ERROR, "schema", "y");
	wl_diags_add(&d, "b.md", 1, 1, WL_SEV_WARNING, "locked", "z");
	/* The second judgement: the same two, and one of another rule. */
	wl_diags_add(&d, "a.md", 4, 9, WL_SEV_ERROR, "schema", "y");
	wl_diags_add(&d, "a.md", 4, 9, WL_SEV_ERROR, "transition", "x");
	wl_diags_add(&d, "a.md", 4, 9, WL_SEV_ERROR, "schema", "other");
	wl_diags_add(&d, "b.md", 1, 1, WL_SEV_WARNING, "locked", "z");
	wl_diags_sort(&d);
	wl_diags_unique(&d);
	assert_int_equal(d.nr, 4);
	assert_int_equal(d.errors, 3);
	assert_int_equal(d.warnings, 1);
	assert_diag(&d, 0, "a.md", 4, 9, "transition", "x");
	assert_diag(&d, 1, "a.md", 4, 9, "schema", "y");
	assert_diag(&d, 2, "a.md", 4, 9, "schema", "other");
	assert_string_equal(d.v[3].message, "z");
	wl_diags_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diag__unique_drops_what_two_judgements_both_found),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
