#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hook.h"
#include "rules.h"

static const struct {
	const char *text;
	long long secs;
	int offset;
} dates[] = {
	{ "@1795735545 +0000", 1795735545LL, 0 },
	{ "1795735545 +0800", 1795735545LL, 480 },
	{ "1795735545 -0130", 1795735545LL, -90 },
	{ "@1795735545", 1795735545LL, 0 },
	{ "2026-11-20T10:00:00+08:00", 1795140000LL, 480 },
	{ "2026-11-20 10:00:00 +0800", 1795140000LL, 480 },
	{ "2026-11-20T02:00:00Z", 1795140000LL, 0 },
	{ "2026-11-20T02:00:00", 1795140000LL, 0 },
	{ "2026-11-20 04:30 +0230", 1795140000LL, 150 },
	{ "Fri, 20 Nov 2026 10:00:00 +0800", 1795140000LL, 480 },
	{ "20 Nov 2026 01:00:00 -0100", 1795140000LL, -60 },
};

static const char *const not_dates[] = {
	"", "yesterday", "2026-11-20", "2026-13-01T00:00:00", "2026-11-20T25:00",
	"2026-11-20T10:00:00 +8", "Fri, 20 Nuv 2026 10:00:00 +0800",
	"2026-11-20T10:00:00+08:00 junk",
};

static void test_hook__dates_as_git_takes_them(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(dates) / sizeof(*dates); i++) {
		long long secs;
		int off;

		if (wl_date_parse(&secs, &off, dates[i].text) < 0)
			fail_msg("'%s' not read", dates[i].text);
		if (secs != dates[i].secs || off != dates[i].offset)
			fail_msg("'%s' read as %lld %d", dates[i].text, secs,
				 off);
	}
	for (i = 0; i < sizeof(not_dates) / sizeof(*not_dates); i++) {
		long long secs;
		int off;

		if (!wl_date_parse(&secs, &off, not_dates[i]))
			fail_msg("'%s' taken for a date", not_dates[i]);
	}
}

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

static void test_hook__durations_in_hours_days_and_weeks(void **state)
{
	long long s;

	(void)state;
	assert_int_equal(wl_duration_parse(&s, "30d"), 0);
	assert_int_equal(s, 30 * 86400);
	assert_int_equal(wl_duration_parse(&s, "2w"), 0);
	assert_int_equal(s, 14 * 86400);
	assert_int_equal(wl_duration_parse(&s, "12h"), 0);
	assert_int_equal(s, 12 * 3600);
	assert_int_equal(wl_duration_parse(&s, "d"), -1);
	assert_int_equal(wl_duration_parse(&s, "3"), -1);
	assert_int_equal(wl_duration_parse(&s, "3m"), -1);
	assert_int_equal(wl_duration_parse(&s, "3dd"), -1);
	assert_int_equal(wl_duration_parse(&s, "-3d"), -1);
	assert_int_equal(wl_duration_parse(&s, "99999999999999d"), -1);
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
		cmocka_unit_test(test_hook__dates_as_git_takes_them),
		cmocka_unit_test(test_hook__reference_updates_need_two_ids_and_a_name),
		cmocka_unit_test(test_hook__durations_in_hours_days_and_weeks),
		cmocka_unit_test(test_hook__object_ids_in_hex),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
