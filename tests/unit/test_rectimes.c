#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "date.h"
#include "history.h"
#include "rectimes.h"
#include "repo.h"
#include "util.h"
#include "unit.h"

/*
 * When each record was committed, from a walk over a repository made
 * with the real git: one line per record, its path now and the days of
 * its commits (DELETED ones after the others).
 */
static char dir[] = "/tmp/wl-rectimes-XXXXXX";

#define sh(...) fixture_sh(dir, __VA_ARGS__)

static int setup(void **state)
{
	(void)state;
	return fixture_git_home(dir, "2026-11-01T10:00:00+08:00");
}

static int teardown(void **state)
{
	(void)state;
	sh("cd / && rm -rf '%s'", dir);
	return 0;
}

static void put_task(const char *path, const char *id, const char *status)
{
	char *full = wl_xprintf("%s/%s", dir, path);
	char *slash = strrchr(full, '/');
	FILE *f;

	*slash = '\0';
	sh("mkdir -p '%s'", full);
	*slash = '/';
	f = fopen(full, "w");
	assert_non_null(f);
	fprintf(f, "---\ntype: task\nid: %s\ntitle: 任务 %s\nowner: zhangsan\n"
		"status: %s\ncreated: 2026-11-01\n---\n", id, id, status);
	assert_int_equal(fclose(f), 0);
	free(full);
}

static void commit(int day)
{
	sh("cd r && git add -A && GIT_AUTHOR_DATE=2026-11-%02dT10:00:00+08:00"
	   " GIT_COMMITTER_DATE=2026-11-%02dT10:00:00+08:00"
	   " git commit -q --allow-empty -m 'day %d'", day, day, day);
}

/* A record's line: its commits' days, "@" before the one that renamed
 * it to where it is, and with `states` the class of its state after
 * each (-: none, o: open, b: blocked, d: done, c: cancelled). */
static void show_record(struct wl_buf *b, const struct wl_rectimes *t,
			const struct wl_rectime *r, int states)
{
	size_t i;

	wl_buf_addf(b, "%s%s:", r->deleted ? "gone " : "", r->path);
	for (i = 0; i < r->nr; i++) {
		const struct wl_rec_commit *c = &t->commits[r->commits[i]];
		long long y;
		int m, d;

		wl_civil_from_days(wl_time_day(c->time, 60LL * c->offset), &y,
				   &m, &d);
		wl_buf_addf(b, " %s%d", r->here && i == r->here ? "@" : "", d);
		if (states)
			wl_buf_addf(b, "%c", "-obdc"[r->states[i]]);
	}
	wl_buf_addch(b, '\n');
}

/* Walks repository r (by path alone, or reading the records) and lists
 * the records in path order, then the gone ones in the order they went. */
static char *walk(int paths)
{
	struct wl_repo_opts ro = WL_REPO_OPTS_INIT;
	struct wl_history_opts o = WL_HISTORY_OPTS_INIT;
	struct wl_rectimes t = WL_RECTIMES_INIT;
	struct wl_diags d = WL_DIAGS_INIT;
	struct wl_repo *repo = NULL;
	struct wl_buf b = WL_BUF_INIT;
	struct wl_pathlist now = WL_PATHLIST_INIT;
	char *path = wl_xprintf("%s/r", dir), *err = NULL;
	size_t i;

	ro.dir = path;
	assert_int_equal(wl_repo_open(&repo, &ro, &d, &err), 0);
	o.flags = WL_HISTORY_NO_CACHE | (paths ? WL_HISTORY_PATHS : 0);
	if (paths)
		assert_int_equal(wl_rectimes_walk(&t, NULL, NULL, repo, &err), 0);
	else
		assert_int_equal(wl_history_walk(NULL, NULL, repo, &o,
						 wl_rectimes_fn, &t, &err), 0);
	for (i = 0; i <= t.mask; i++)
		if (wl_rectimes_slot(&t, i))
			wl_pathlist_add(&now, wl_rectimes_slot(&t, i)->path);
	wl_pathlist_sort_unique(&now);
	assert_int_equal(now.nr, t.nr);
	for (i = 0; i < now.nr; i++)
		show_record(&b, &t, wl_rectimes_get(&t, now.v[i]), !paths);
	for (i = 0; i < t.gone_nr; i++)
		show_record(&b, &t, t.gone[i], !paths);
	wl_pathlist_release(&now);
	wl_rectimes_release(&t);
	wl_repo_free(repo);
	wl_diags_release(&d);
	free(path);
	return wl_buf_detach(&b, NULL);
}

static void test_rectimes__records_are_followed_to_where_they_are(void **state)
{
	char *got;

	(void)state;
	sh("git init -q -b main r && printf 'version: 1\\n' >r/.worklog.yaml");
	put_task("r/records/a.md", "T-1", "todo");
	put_task("r/records/b.md", "T-2", "todo");
	put_task("r/records/c.md", "T-3", "todo");
	commit(2);
	/* Two fields of a change in one commit count once. */
	put_task("r/records/a.md", "T-1", "doing");
	sh("cd r && printf 'x\\n' >>records/a.md");
	commit(3);
	/* Moved unchanged, moved and edited (followed by id only when the
	 * records are read), deleted. */
	sh("cd r && mkdir records/old && git mv records/a.md records/old/a.md");
	sh("cd r && git mv records/b.md records/b2.md");
	put_task("r/records/b2.md", "T-2", "done");
	sh("cd r && git rm -q records/c.md");
	commit(5);
	/* Made again at the same path: a record of its own. */
	put_task("r/records/c.md", "T-9", "todo");
	commit(6);
	got = walk(0);
	assert_string_equal(got,
			    "records/b2.md: 2o @5d\n"
			    "records/c.md: 6o\n"
			    "records/old/a.md: 2o 3o @5o\n"
			    "gone records/c.md: 2o 5o\n");
	free(got);
	got = walk(1);
	assert_string_equal(got,
			    "records/b2.md: 5\n"
			    "records/c.md: 6\n"
			    "records/old/a.md: 2 3 @5\n"
			    "gone records/b.md: 2 5\n"
			    "gone records/c.md: 2 5\n");
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rectimes__records_are_followed_to_where_they_are),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
