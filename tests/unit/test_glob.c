#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "glob.h"
#include "util.h"

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
	/* A trailing ** takes at least one segment; one in the middle none. */
	{ "records/**", "records", 0 },
	{ "records/**", "records/", 1 },
	{ "a/**/**", "a", 0 },
	{ "a/**/**", "a/b", 1 },
	{ "**/**/b", "b", 1 },
	{ "**", "", 1 },
	{ "", "", 1 },
	{ "a//b", "a//b", 1 },
	/* Segments as fnmatch(3) with FNM_PERIOD in the C locale. */
	{ "*", ".x", 0 },
	{ ".*", ".x", 1 },
	{ "\\.x", ".x", 1 },
	{ "[.]x", ".x", 0 },
	{ "?x", ".x", 0 },
	{ "a/*", "a/.x", 0 },
	{ "a*", "a.x", 1 },
	{ "\\*", "*", 1 },
	{ "\\*", "a", 0 },
	{ "a\\", "a\\", 0 },
	{ "[]a]", "]", 1 },
	{ "[!]a]", "b", 1 },
	{ "[!]a]", "]", 0 },
	{ "[^a]", "b", 1 },
	{ "[a-]", "-", 1 },
	{ "[z-a]", "z", 0 },
	{ "[a-c-e]", "d", 0 },
	{ "[\\]]", "]", 1 },
	{ "[[:alpha:]]", "x", 1 },
	{ "[[:alpha:]]", "1", 0 },
	{ "[[:digit:][:upper:]]", "Q", 1 },
	{ "[[:alpha:]-z]", "-", 1 },
	{ "[[:foo:]]", "f", 0 },
	{ "[.a.]", "a", 1 },
	{ "[=a=]", "a", 1 },
	{ "[a[:b]", "[", 1 },
	{ "[]", "[]", 1 },
	{ "[", "[", 1 },
	{ "[a", "[a", 1 },
	{ "[!]", "!", 0 },
	{ "?.md", "张.md", 0 },
};

/*
 * Deep paths against many stars. Matching that tries every split of
 * every star takes exponential time on these (and so never ends); the
 * matcher must answer them at once.
 */
static void test_glob__many_stars_against_deep_paths(void **state)
{
	struct wl_buf pat = WL_BUF_INIT, path = WL_BUF_INIT;
	int i;

	(void)state;
	for (i = 0; i < 40; i++)
		wl_buf_addstr(&pat, "**/");
	wl_buf_addstr(&pat, "x/*.md");
	for (i = 0; i < 400; i++)
		wl_buf_addstr(&path, "a/");
	wl_buf_addstr(&path, "y.md");
	assert_int_equal(wl_glob_match(pat.buf, path.buf), 0);
	path.len -= 4;
	wl_buf_addstr(&path, "x/y.md");
	assert_int_equal(wl_glob_match(pat.buf, path.buf), 1);

	/* Forty segments "a" each followed by a double star, then "b". */
	wl_buf_reset(&pat);
	for (i = 0; i < 40; i++)
		wl_buf_addstr(&pat, "a/**/");
	wl_buf_addstr(&pat, "b");
	wl_buf_reset(&path);
	for (i = 0; i < 400; i++)
		wl_buf_addstr(&path, "a/");
	wl_buf_addstr(&path, "c");
	assert_int_equal(wl_glob_match(pat.buf, path.buf), 0);

	/* Stars within one segment: *a*a*...*b against aaaa... */
	wl_buf_reset(&pat);
	for (i = 0; i < 40; i++)
		wl_buf_addstr(&pat, "*a");
	wl_buf_addstr(&pat, "*b");
	wl_buf_reset(&path);
	for (i = 0; i < 4000; i++)
		wl_buf_addch(&path, 'a');
	assert_int_equal(wl_glob_match(pat.buf, path.buf), 0);
	wl_buf_addch(&path, 'b');
	assert_int_equal(wl_glob_match(pat.buf, path.buf), 1);
	wl_buf_release(&pat);
	wl_buf_release(&path);
}

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
		cmocka_unit_test(test_glob__many_stars_against_deep_paths),
		cmocka_unit_test(test_glob__prefix_is_the_literal_folder),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
