#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "util.h"
#include "write.h"
#include "unit.h"

static char *root(void)
{
	char tmpl[] = "/tmp/worklog-test-write.XXXXXX";

	if (!mkdtemp(tmpl))
		fail_msg("mkdtemp: %s", strerror(errno));
	return wl_xstrdup(tmpl);
}

static char *slurp(const char *dir, const char *rel)
{
	char *path = wl_xprintf("%s/%s", dir, rel), *buf = NULL;
	size_t len;

	if (wl_read_file(&buf, &len, path) < 0)
		buf = NULL;
	free(path);
	return buf;
}

static int exists(const char *dir, const char *rel)
{
	char *path = wl_xprintf("%s/%s", dir, rel);
	struct stat st;
	int r = lstat(path, &st) == 0;

	free(path);
	return r;
}

static void test_write__new_files_make_their_folders_and_never_overwrite(void **state)
{
	char *dir = root(), *text;
	struct wl_strlist made = WL_STRLIST_INIT;

	(void)state;
	assert_int_equal(wl_write_file(dir, "a/b/c.md", "one\n", 4,
				       WL_WRITE_NEW, &made), 0);
	assert_int_equal(made.nr, 2);
	assert_string_equal(made.v[0], "a");
	assert_string_equal(made.v[1], "a/b");
	text = slurp(dir, "a/b/c.md");
	assert_string_equal(text, "one\n");
	free(text);
	assert_int_equal(wl_write_file(dir, "a/b/c.md", "two\n", 4,
				       WL_WRITE_NEW, &made), -1);
	assert_int_equal(errno, EEXIST);
	assert_int_equal(made.nr, 2);
	text = slurp(dir, "a/b/c.md");
	assert_string_equal(text, "one\n");
	free(text);
	assert_int_equal(wl_write_file(dir, "a/b/c.md", "two\n", 4,
				       WL_WRITE_REPLACE, NULL), 0);
	text = slurp(dir, "a/b/c.md");
	assert_string_equal(text, "two\n");
	free(text);
	assert_int_equal(wl_make_dirs(dir, "a/b", NULL), 0);
	assert_int_equal(wl_make_dirs(dir, "a/d", NULL), 1);
	fixture_sh(dir, "rm -rf a");
	wl_strlist_release(&made);
	rmdir(dir);
	free(dir);
}

static void test_write__unsafe_paths_and_symbolic_links_are_refused(void **state)
{
	char *dir = root();

	(void)state;
	assert_int_equal(wl_write_file(dir, "../x.md", "", 0, WL_WRITE_NEW,
				       NULL), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(wl_write_file(dir, "/tmp/x.md", "", 0, WL_WRITE_NEW,
				       NULL), -1);
	assert_int_equal(wl_write_file(dir, "a/", "", 0, WL_WRITE_NEW, NULL),
			 -1);
	fixture_sh(dir, "mkdir out && ln -s out link && ln -s out/f.md file.md");
	assert_int_equal(wl_write_file(dir, "link/x.md", "", 0, WL_WRITE_NEW,
				       NULL), -1);
	assert_true(errno == ENOTDIR || errno == ELOOP);
	assert_false(exists(dir, "out/x.md"));
	assert_int_equal(wl_write_file(dir, "file.md", "", 0, WL_WRITE_NEW,
				       NULL), -1);
	assert_int_equal(errno, EEXIST);
	assert_false(exists(dir, "out/f.md"));
	fixture_sh(dir, "rm -rf out link file.md");
	rmdir(dir);
	free(dir);
}

static void test_write__undo_removes_files_and_the_folders_made(void **state)
{
	char *dir = root();
	struct wl_strlist files = WL_STRLIST_INIT, made = WL_STRLIST_INIT;

	(void)state;
	fixture_sh(dir, "mkdir -p keep && echo x >keep/old.md");
	assert_int_equal(wl_write_file(dir, "keep/new/a.md", "a", 1,
				       WL_WRITE_NEW, &made), 0);
	wl_strlist_take(&files, wl_xstrdup("keep/new/a.md"));
	assert_int_equal(wl_write_file(dir, "fresh/b.md", "b", 1,
				       WL_WRITE_NEW, &made), 0);
	wl_strlist_take(&files, wl_xstrdup("fresh/b.md"));
	wl_write_undo(dir, &files, &made);
	assert_false(exists(dir, "keep/new"));
	assert_false(exists(dir, "fresh"));
	assert_true(exists(dir, "keep/old.md"));
	fixture_sh(dir, "rm -rf keep");
	wl_strlist_release(&files);
	wl_strlist_release(&made);
	rmdir(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write__new_files_make_their_folders_and_never_overwrite),
		cmocka_unit_test(test_write__unsafe_paths_and_symbolic_links_are_refused),
		cmocka_unit_test(test_write__undo_removes_files_and_the_folders_made),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
