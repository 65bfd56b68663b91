#ifndef WL_TEST_UNIT_H
#define WL_TEST_UNIT_H

/*
 * Helpers the unit tests share. Include after <cmocka.h> and the headers
 * of the module under test. Besides the assertions: a configuration
 * parsed from text, and a git repository made with the real git in a
 * temporary folder, with a fixed identity and no configuration of the
 * user's.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "diag.h"
#include "repo.h"
#include "schema.h"
#include "util.h"

/* Diagnostic `i` of `d` has this severity, position, rule and text. */
static inline void assert_finding(const struct wl_diags *d, size_t i,
				  enum wl_severity sev, const char *path,
				  int line, int col, const char *rule,
				  const char *message)
{
	assert_true(i < d->nr);
	assert_string_equal(d->v[i].message, message);
	assert_string_equal(d->v[i].path, path);
	assert_string_equal(d->v[i].rule, rule);
	assert_int_equal(d->v[i].line, line);
	assert_int_equal(d->v[i].column, col);
	assert_int_equal(d->v[i].severity, sev);
}

/* Diagnostic `i` of `d` is an error with this position, rule and text. */
static inline void assert_diag(const struct wl_diags *d, size_t i,
			       const char *path, int line, int col,
			       const char *rule, const char *message)
{
	assert_finding(d, i, WL_SEV_ERROR, path, line, col, rule, message);
}

/*
 * Loading `schema` as s.yaml fails with exactly one "schema" diagnostic,
 * at line:col with `message`, and the file is no type.
 */
static inline void expect_load_error(const char *schema, int line, int col,
				     const char *message)
{
	struct wl_schema_set *set = wl_schema_set_new();
	struct wl_diags d = WL_DIAGS_INIT;
	size_t i;

	assert_int_equal(wl_schema_set_add(set, "s.yaml", schema,
					   strlen(schema), 0, &d),
			 -1);
	for (i = 0; d.nr != 1 && i < d.nr; i++)
		print_error("%d:%d: %s\n", d.v[i].line, d.v[i].column,
			    d.v[i].message);
	assert_int_equal(d.nr, 1);
	assert_diag(&d, 0, "s.yaml", line, col, "schema", message);
	assert_int_equal(wl_schema_set_type_count(set), 0);
	wl_diags_release(&d);
	wl_schema_set_free(set);
}

/* Parses `text` as .worklog.yaml into `cfg`; returns wl_config_parse's
 * result. */
static inline int fixture_config(struct wl_config *cfg, struct wl_diags *d,
				 const char *text)
{
	memset(cfg, 0, sizeof(*cfg));
	return wl_config_parse(cfg, ".worklog.yaml", wl_xstrdup(text),
			       strlen(text), d);
}

/* Runs a shell command in folder `dir`, quietly; fails the test if it
 * fails. */
static inline void fixture_sh(const char *dir, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static inline void fixture_sh(const char *dir, const char *fmt, ...)
{
	struct wl_buf cmd = WL_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	wl_buf_addf(&cmd, "cd '%s' && { ", dir);
	wl_buf_vaddf(&cmd, fmt, ap);
	va_end(ap);
	wl_buf_addstr(&cmd, "; } >/dev/null 2>&1");
	if (system(cmd.buf) != 0)
		fail_msg("failed: %s", cmd.buf);
	wl_buf_release(&cmd);
}

/* Writes `text` to `path` under folder `dir`, making its folders. */
static inline void fixture_write(const char *dir, const char *path,
				 const char *text)
{
	char *full = wl_xprintf("%s/%s", dir, path);
	char *slash = strrchr(full, '/');
	FILE *f;

	*slash = '\0';
	fixture_sh(dir, "mkdir -p '%s'", full);
	*slash = '/';
	f = fopen(full, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	free(full);
}

/* Opens the records repository `dir`/`name` (its working tree), printing
 * the configuration's diagnostics if it cannot; the caller frees it. */
static inline struct wl_repo *fixture_open_repo(const char *dir,
						const char *name)
{
	struct wl_repo_opts ro = WL_REPO_OPTS_INIT;
	struct wl_diags d = WL_DIAGS_INIT;
	struct wl_repo *repo = NULL;
	char *path = wl_xprintf("%s/%s", dir, name), *err = NULL;
	size_t i;

	ro.dir = path;
	if (wl_repo_open(&repo, &ro, &d, &err) < 0) {
		for (i = 0; i < d.nr; i++)
			print_error("%d:%d: %s\n", d.v[i].line, d.v[i].column,
				    d.v[i].message);
		fail_msg("cannot open %s: %s", path, err ? err : "diagnostics");
	}
	free(path);
	wl_diags_release(&d);
	return repo;
}

/*
 * Makes the temporary folder `dir` (a mkdtemp template) and the
 * environment git runs in: no repository of the caller's, no system or
 * user configuration, a fixed author and committer, committing at
 * `date` unless a command sets its own. Returns 0, or -1.
 */
static inline int fixture_git_home(char *dir, const char *date)
{
	if (!mkdtemp(dir))
		return -1;
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	unsetenv("GIT_INDEX_FILE");
	unsetenv("GIT_COMMON_DIR");
	unsetenv("GIT_OBJECT_DIRECTORY");
	unsetenv("GIT_ALTERNATE_OBJECT_DIRECTORIES");
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("HOME", dir, 1);
	setenv("GIT_AUTHOR_NAME", "A", 1);
	setenv("GIT_AUTHOR_EMAIL", "a@example.com", 1);
	setenv("GIT_COMMITTER_NAME", "C", 1);
	setenv("GIT_COMMITTER_EMAIL", "c@example.com", 1);
	setenv("GIT_AUTHOR_DATE", date, 1);
	setenv("GIT_COMMITTER_DATE", date, 1);
	return 0;
}

/*
 * fixture_git_home, with the time zones read from the copies under
 * tests/unit/zoneinfo (TZDIR, absolute: git runs in other folders), so
 * that a test does not depend on the machine's. Returns 0, or -1.
 */
static inline int fixture_git_home_tz(char *dir, const char *date)
{
	char *tzdir = realpath("tests/unit/zoneinfo", NULL);

	if (!tzdir)
		return -1;
	setenv("TZDIR", tzdir, 1);
	free(tzdir);
	return fixture_git_home(dir, date);
}

#endif
