#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "glob.h"

static const struct {
	const char *pattern, *path;
	int match;
} cases[] = {
	{ "records/**/*.md", "records/a.md", 1 },
	{ "records/**/*.md", "records/tasks/2026/a.md", 1 },
	{ "records/**/*.md", "records/tasks/a.txt", 0 },
	{ "records/**/*.md", "other/a.md", 0 },
	{ "records/*.md", "records/tasks/a.md", 0 },
	{ "records/*.md", "records/a.md", 1 },
	{ "**/*.md", "a.md", 1 },
	{ "**/*.md", "x/y/z.md", 1 },
	{ "**", "x/y/z.md", 1 },
	{ "records/**", "records/x/y", 1 },
	{ "records/logs/**", "records/logs/2026/w.md", 1 },
	{ "records/logs/**", "records/log/w.md", 0 },
	{ "*.md", "a.md", 1 },
	{ "*.md", ".hidden.md", 0 },
	{ "a/**/b/*.md", "a/b/c.md", 1 },
	{ "a/**/b/*.md", "a/x/y/b/c.md", 1 },
	{ "a/**/b/*.md", "a/x/y/c/c.md", 0 },
	{ "T-[0-9]*.md", "T-2026.md", 1 },
	{ "T-[0-9]*.md", "T-x.md", 0 },
	{ "?.md", "a.md", 1 },
	{ "./records/*.md", "records/a.md", 1 },
	{ "日志/*.md", "日志/张三.md", 1 },
};

static void test_glob__matches_segments_and_double_stars(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		if (wl_glob_match(cases[i].pattern, cases[i].path) !=
		    cases[i].match)
			fail_msg("'%s' vs '%s': want %d", cases[i].pattern,
				 cases[i].path, cases[i].match);
}

static void test_glob__prefix_is_the_literal_folder(void **state)
{
	(void)state;
	assert_int_equal(wl_glob_prefix("records/**/*.md"), 7);
	assert_int_equal(wl_glob_prefix("records/logs/*.md"), 12);
	assert_int_equal(wl_glob_prefix("**/*.md"), 0);
	assert_int_equal(wl_glob_prefix("*.md"), 0);
	assert_int_equal(wl_glob_prefix("notes.md"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_glob__matches_segments_and_double_stars),
		cmocka_unit_test(test_glob__prefix_is_the_literal_folder),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
