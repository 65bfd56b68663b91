#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "report.h"
#include "util.h"

static void assert_attainment(double target, double actual,
			      const char *direction, double want)
{
	double pct = -1;

	assert_int_equal(wl_report_attainment(&pct, target, actual, direction), 0);
	assert_true(pct > want - 1e-9 && pct < want + 1e-9);
}

static void test_report__attainment_both_directions(void **state)
{
	double pct;

	(void)state;
	assert_attainment(200, 150, "up", 75);
	assert_attainment(200, 300, "up", 150);
	assert_attainment(0, 5, "down", 0);
	/* Lower is better: half the target is twice as good. */
	assert_attainment(1500, 750, "down", 200);
	assert_attainment(1500, 3000, "down", 50);
	assert_attainment(3, 0, "down", 100);
	assert_int_equal(wl_report_attainment(&pct, 0, 5, "up"), -1);
	assert_int_equal(wl_report_attainment(&pct, -1, 5, "up"), -1);
	assert_int_equal(wl_report_attainment(&pct, 5, -1, "down"), -1);
	assert_int_equal(wl_report_attainment(&pct, 5, 5, "sideways"), -1);
	assert_int_equal(wl_report_attainment(&pct, 5, 5, NULL), -1);
}

static const char *fmt(struct wl_buf *b, const struct wl_rv *v)
{
	wl_buf_reset(b);
	wl_rv_fmt(b, v);
	return wl_buf_cstr(b);
}

static void test_report__numbers_and_dates_are_written_one_way(void **state)
{
	struct wl_buf b = WL_BUF_INIT;
	struct wl_rv v = { 0 };

	(void)state;
	v.kind = WL_RV_NUM;
	v.decimals = 1;
	v.f = 2.25;
	assert_string_equal(fmt(&b, &v), "2.3");
	v.f = -2.25;
	assert_string_equal(fmt(&b, &v), "-2.3");
	v.f = -0.04;
	assert_string_equal(fmt(&b, &v), "0.0");
	v.f = 76.583;
	assert_string_equal(fmt(&b, &v), "76.6");
	v.decimals = 2;
	v.f = 125;
	assert_string_equal(fmt(&b, &v), "125.00");
	v.decimals = -1;
	v.f = 37.5;
	assert_string_equal(fmt(&b, &v), "37.5");
	v.f = -0.0;
	assert_string_equal(fmt(&b, &v), "0");
	v.f = 99.95;
	assert_string_equal(fmt(&b, &v), "99.95");

	v.kind = WL_RV_INT;
	v.i = -7;
	assert_string_equal(fmt(&b, &v), "-7");
	v.kind = WL_RV_BOOL;
	v.i = 1;
	assert_string_equal(fmt(&b, &v), "true");
	v.kind = WL_RV_DAY;
	assert_int_equal(wl_day_parse(&v.i, "2026-11-30", 10), 0);
	assert_string_equal(fmt(&b, &v), "2026-11-30");
	v.kind = WL_RV_NULL;
	assert_string_equal(fmt(&b, &v), "");
	v.kind = WL_RV_LABEL;
	v.s = "in_progress";
	assert_string_equal(fmt(&b, &v), "in_progress");
	wl_buf_release(&b);
}

static void test_report__objects_keep_their_keys(void **state)
{
	struct wl_rv a = { 0 }, c = { 0 }, obj = { 0 };
	struct wl_rv *vals[2] = { &a, &c };
	const char *keys[2] = { "a", "c" };

	(void)state;
	obj.kind = WL_RV_OBJ;
	obj.v = vals;
	obj.keys = keys;
	obj.nr = obj.alloc = 2;
	assert_ptr_equal(wl_rv_get(&obj, "c"), &c);
	assert_ptr_equal(wl_rv_get(&obj, "a"), &a);
	assert_null(wl_rv_get(&obj, "b"));
	assert_null(wl_rv_get(&a, "a"));
	assert_null(wl_rv_get(NULL, "a"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report__attainment_both_directions),
		cmocka_unit_test(test_report__numbers_and_dates_are_written_one_way),
		cmocka_unit_test(test_report__objects_keep_their_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
