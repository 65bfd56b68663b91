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

#include "git.h"
#include "install.h"
#include "util.h"
#include "unit.h"

/* A fresh repository made with the real git, for each test. */
static char dir[] = "/tmp/wl-install-XXXXXX";
static char cwd[4096];

#define sh(...) fixture_sh(dir, __VA_ARGS__)

static int setup(void **state)
{
	(void)state;
	if (!getcwd(cwd, sizeof(cwd)) || !mkdtemp(dir))
		return -1;
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	unsetenv("GIT_COMMON_DIR");
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("HOME", dir, 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sh("cd / && rm -rf '%s'", dir);
	return 0;
}

/* Opens a new repository in `dir`/repo (made afresh). */
static struct wl_git *new_repo(void)
{
	struct wl_git *git = NULL;
	char *err = NULL, *path;

	sh("rm -rf repo && git init -q repo");
	path = wl_xprintf("%s/repo", dir);
	if (wl_git_open(&git, path, &err) < 0)
		fail_msg("cannot open: %s", err);
	free(path);
	return git;
}

static char *hook_file(const char *name)
{
	char *path = wl_xprintf("%s/repo/.git/hooks/%s", dir, name), *buf = NULL;
	size_t len;

	if (wl_read_file(&buf, &len, path) < 0)
		buf = NULL;
	free(path);
	return buf;
}

static void test_install__every_shim_is_its_file_in_hooks(void **state)
{
	size_t i, len, flen;

	(void)state;
	for (i = 0; wl_hook_names[i]; i++) {
		char *path = wl_xprintf("%s/hooks/%s", cwd, wl_hook_names[i]);
		char *file = NULL;
		const char *shim = wl_hooks_shim(wl_hook_names[i], &len);

		assert_non_null(shim);
		assert_int_equal(wl_read_file(&file, &flen, path), 0);
		assert_int_equal(len, flen);
		assert_memory_equal(shim, file, len);
		free(file);
		free(path);
	}
	assert_int_equal(i, 4);
	assert_null(wl_hooks_shim("post-commit", NULL));
	assert_null(wl_hooks_shim("README.md", NULL));
}

static void test_install__reports_what_it_did_and_twice_changes_nothing(void **state)
{
	struct wl_git *git = new_repo();
	struct wl_hooks_installed r = WL_HOOKS_INSTALLED_INIT;
	char *err = NULL, *file;

	(void)state;
	assert_int_equal(wl_hooks_install(&r, git, NULL, 0, 0, &err), 0);
	assert_string_equal(r.shown_dir, ".git/hooks");
	assert_int_equal(r.nr, 2);
	assert_int_equal(r.failed, 0);
	assert_string_equal(r.v[0].name, "pre-commit");
	assert_int_equal(r.v[0].action, WL_INSTALL_NEW);
	assert_string_equal(r.v[1].name, "pre-merge-commit");
	assert_int_equal(r.v[1].action, WL_INSTALL_NEW);
	file = hook_file("pre-commit");
	assert_non_null(file);
	assert_string_equal(file, wl_hooks_shim("pre-commit", NULL));
	free(file);
	wl_hooks_installed_release(&r);

	assert_int_equal(wl_hooks_install(&r, git, NULL, 0, 0, &err), 0);
	assert_int_equal(r.v[0].action, WL_INSTALL_UNCHANGED);
	assert_int_equal(r.v[1].action, WL_INSTALL_UNCHANGED);
	wl_hooks_installed_release(&r);
	wl_git_free(git);
}

static void test_install__a_foreign_hook_is_chained_and_a_name_counts_once(void **state)
{
	struct wl_git *git = new_repo();
	struct wl_hooks_installed r = WL_HOOKS_INSTALLED_INIT;
	const char *names[] = { "update", "pre-receive", "update" };
	char *err = NULL, *file;

	(void)state;
	sh("mkdir -p repo/.git/hooks && printf '#!/bin/sh\\n' >repo/.git/hooks/update");
	assert_int_equal(wl_hooks_install(&r, git, names, 3, 0, &err), 0);
	assert_int_equal(r.nr, 2);
	assert_string_equal(r.v[0].name, "update");
	assert_int_equal(r.v[0].action, WL_INSTALL_CHAINED);
	assert_string_equal(r.v[1].name, "pre-receive");
	assert_int_equal(r.v[1].action, WL_INSTALL_NEW);
	file = hook_file("update.chained");
	assert_non_null(file);
	assert_string_equal(file, "#!/bin/sh\n");
	free(file);
	wl_hooks_installed_release(&r);
	wl_git_free(git);
}

static void test_install__a_hook_that_cannot_be_chained_fails_alone(void **state)
{
	struct wl_git *git = new_repo();
	struct wl_hooks_installed r = WL_HOOKS_INSTALLED_INIT;
	char *err = NULL;

	(void)state;
	sh("mkdir -p repo/.git/hooks && printf x >repo/.git/hooks/pre-commit && printf y >repo/.git/hooks/pre-commit.chained");
	assert_int_equal(wl_hooks_install(&r, git, NULL, 0, 0, &err), 0);
	assert_int_equal(r.failed, 1);
	assert_int_equal(r.v[0].action, WL_INSTALL_FAILED);
	assert_string_equal(r.v[0].error,
			    "cannot chain the pre-commit hook already in .git/hooks: 'pre-commit.chained' exists too");
	assert_int_equal(r.v[1].action, WL_INSTALL_NEW);
	wl_hooks_installed_release(&r);
	wl_git_free(git);
}

static void test_install__server_defaults_to_pre_receive(void **state)
{
	struct wl_git *git = new_repo();
	struct wl_hooks_installed r = WL_HOOKS_INSTALLED_INIT;
	char *err = NULL;

	(void)state;
	assert_int_equal(wl_hooks_install(&r, git, NULL, 0, WL_INSTALL_SERVER,
					  &err), 0);
	assert_int_equal(r.nr, 1);
	assert_string_equal(r.v[0].name, "pre-receive");
	wl_hooks_installed_release(&r);
	wl_git_free(git);
}

static void test_install__an_unknown_name_installs_nothing(void **state)
{
	struct wl_git *git = new_repo();
	struct wl_hooks_installed r = WL_HOOKS_INSTALLED_INIT;
	const char *names[] = { "pre-commit", "post-commit" };
	char *err = NULL, *file;

	(void)state;
	assert_int_equal(wl_hooks_install(&r, git, names, 2, 0, &err), -1);
	assert_string_equal(err, "unknown hook 'post-commit' (known: pre-commit, pre-merge-commit, pre-receive, update)");
	free(err);
	file = hook_file("pre-commit");
	assert_null(file);
	wl_hooks_installed_release(&r);
	wl_git_free(git);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_install__every_shim_is_its_file_in_hooks),
		cmocka_unit_test(test_install__reports_what_it_did_and_twice_changes_nothing),
		cmocka_unit_test(test_install__a_foreign_hook_is_chained_and_a_name_counts_once),
		cmocka_unit_test(test_install__a_hook_that_cannot_be_chained_fails_alone),
		cmocka_unit_test(test_install__server_defaults_to_pre_receive),
		cmocka_unit_test(test_install__an_unknown_name_installs_nothing),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
