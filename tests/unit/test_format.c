#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "schema.h"

struct format_case {
	const char *value;
	int ok;
};

static void check_cases(const char *format, const struct format_case *c,
			size_t nr)
{
	size_t i;

	for (i = 0; i < nr; i++) {
		int got = wl_format_check(format, c[i].value,
					  strlen(c[i].value));

		if (got != c[i].ok)
			print_error("%s '%s': expected %d, got %d\n", format,
				    c[i].value, c[i].ok, got);
		assert_int_equal(got, c[i].ok);
	}
}

#define CHECK(format, cases) \
	check_cases(format, cases, sizeof(cases) / sizeof(*(cases)))

static const struct format_case dates[] = {
	{ "2024-02-29", 1 }, { "2023-02-29", 0 }, { "2000-02-29", 1 },
	{ "1900-02-29", 0 }, { "2026-11-26", 1 }, { "2026-04-31", 0 },
	{ "2026-12-31", 1 }, { "2026-13-01", 0 }, { "2026-00-10", 0 },
	{ "2026-01-00", 0 }, { "2026-1-01", 0 }, { "26-01-01", 0 },
	{ "2026/01/01", 0 }, { "2026-01-01T00:00:00Z", 0 }, { "", 0 },
	{ " 2026-01-01", 0 },
};

static void test_format__date_checks_the_calendar(void **state)
{
	CHECK("date", dates);
}

static const struct format_case date_times[] = {
	{ "2026-11-26T09:30:00Z", 1 }, { "2026-11-26t09:30:00z", 1 },
	{ "2026-11-26T09:30:00.5+08:00", 1 }, { "2026-11-26T09:30:00", 0 },
	{ "2026-11-26 09:30:00Z", 0 }, { "2026-02-30T09:30:00Z", 0 },
	{ "1998-12-31T23:59:60Z", 1 }, { "1998-12-31T15:59:60-08:00", 1 },
	{ "1998-12-31T23:58:60Z", 0 }, { "2026-11-26T24:00:00Z", 0 },
	{ "2026-11-26T09:30:00+08", 0 },
};

static void test_format__date_time_is_rfc3339(void **state)
{
	CHECK("date-time", date_times);
}

static const struct format_case times[] = {
	{ "09:30:00Z", 1 }, { "09:30:00+08:00", 1 }, { "09:30:00", 0 },
	{ "9:30:00Z", 0 }, { "23:59:60Z", 1 }, { "23:59:60+01:00", 0 },
	{ "00:29:60-23:30", 1 }, { "09:30:00.Z", 0 }, { "09:60:00Z", 0 },
};

static void test_format__time_needs_an_offset(void **state)
{
	CHECK("time", times);
}

static const struct format_case emails[] = {
	{ "zhangsan@example.com", 1 }, { "a.b-c+d@ops.example.cn", 1 },
	{ "\"a b\"@example.com", 1 }, { "a@[127.0.0.1]", 1 },
	{ "a@[IPv6:::1]", 1 }, { "a..b@example.com", 0 },
	{ ".a@example.com", 0 }, { "a@", 0 }, { "@example.com", 0 },
	{ "a b@example.com", 0 }, { "a@-example.com", 0 },
	{ "a@example..com", 0 }, { "a@[300.0.0.1]", 0 },
};

static void test_format__email(void **state)
{
	CHECK("email", emails);
}

static const struct format_case uris[] = {
	{ "https://git.example.com/ops/worklog/issues/12", 1 },
	{ "mailto:zhangsan@example.com", 1 }, { "urn:isbn:0451450523", 1 },
	{ "http://[2001:db8::7]:8080/x?q=1#f", 1 }, { "/relative/path", 0 },
	{ "example.com", 0 }, { "http://exa mple.com", 0 },
	{ "http://example.com/%zz", 0 }, { "1http://x", 0 },
	{ "http://example.com:80a/", 0 }, { "https://例子.cn/", 0 },
};

static void test_format__uri_is_absolute_rfc3986(void **state)
{
	CHECK("uri", uris);
}

static const struct format_case periods[] = {
	{ "2026", 1 }, { "2026-Q4", 1 }, { "2026-Q1", 1 }, { "2026-Q5", 0 },
	{ "2026-Q0", 0 }, { "2026-11", 1 }, { "2026-13", 0 },
	{ "2026-W48", 1 }, { "2026-W01", 1 }, { "2026-W00", 0 },
	/* 2026 starts on a Thursday: 53 ISO weeks. 2025 has 52. */
	{ "2026-W53", 1 }, { "2025-W53", 0 }, { "2020-W53", 1 },
	{ "2026-W54", 0 }, { "2026-11-26", 1 }, { "2026-11-31", 0 },
	{ "2026-w48", 0 }, { "2026-q4", 0 }, { "26", 0 }, { "", 0 },
	{ "2026-", 0 }, { "2026-H1", 0 },
};

static void test_format__period_is_year_quarter_month_week_or_day(void **state)
{
	CHECK("period", periods);
}

static const struct format_case durations[] = {
	{ "90m", 1 }, { "2h", 1 }, { "1.5d", 1 }, { "2w", 1 }, { "0h", 1 },
	{ "0x", 0 }, { "1.5.5d", 0 }, { "", 0 }, { "h", 0 }, { "2", 0 },
	{ ".5h", 0 }, { "1.h", 0 }, { "-1h", 0 }, { "2 h", 0 },
	{ "1h30m", 0 }, { "2H", 0 }, { "1e3m", 0 },
};

static void test_format__duration_is_a_number_and_one_unit(void **state)
{
	CHECK("duration", durations);
}

static void test_format__unknown_format_is_minus_one(void **state)
{
	assert_int_equal(wl_format_check("hostname", "a", 1), -1);
	assert_int_equal(wl_format_id("hostname"), 0);
	assert_true(wl_format_id("date") > 0);
	assert_string_equal(wl_format_name(wl_format_id("period")), "period");
	assert_null(wl_format_name(0));
}

static void test_format__embedded_nul_is_not_a_date(void **state)
{
	assert_int_equal(wl_format_check("date", "2026-01-01\0", 11), 0);
	assert_int_equal(wl_format_check("duration", "2h\0", 3), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format__date_checks_the_calendar),
		cmocka_unit_test(test_format__date_time_is_rfc3339),
		cmocka_unit_test(test_format__time_needs_an_offset),
		cmocka_unit_test(test_format__email),
		cmocka_unit_test(test_format__uri_is_absolute_rfc3986),
		cmocka_unit_test(test_format__period_is_year_quarter_month_week_or_day),
		cmocka_unit_test(test_format__duration_is_a_number_and_one_unit),
		cmocka_unit_test(test_format__unknown_format_is_minus_one),
		cmocka_unit_test(test_format__embedded_nul_is_not_a_date),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
