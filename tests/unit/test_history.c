#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "facts.h"
#include "history.h"
#include "repo.h"
#include "util.h"
#include "unit.h"

/*
 * Histories made with the real git in a temporary folder: each test
 * makes its own repository (a folder of `dir`), commits records with
 * back-dated author and committer dates, walks the history and checks
 * every change handed out, one line each:
 *
 *   WHEN KIND PATH[<-OLD] ID TYPE STATE PERSON EMAIL[ FIELD-KIND FIELD: OLD -> NEW]
 *
 * ("-" where a value is NULL).
 */
static char dir[] = "/tmp/wl-history-XXXXXX";

#define sh(...) fixture_sh(dir, __VA_ARGS__)

static const char config[] =
	"version: 1\n"
	"records: [\"records/**/*.md\"]\n"
	"people:\n"
	"  - id: zhangsan\n"
	"    name: 张三\n"
	"    email: [zhangsan@example.com]\n"
	"  - id: lisi\n"
	"    name: 李四\n"
	"    email: [LiSi@Example.com]\n";

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

/* Writes `text` to `path` under the test folder, making its folders. */
static void put(const char *path, const char *text)
{
	fixture_write(dir, path, text);
}

/* A task record. */
static char *task(const char *id, const char *status, const char *more)
{
	return wl_xprintf("---\ntype: task\nid: %s\ntitle: 任务 %s\n"
			  "owner: zhangsan\nstatus: %s\ncreated: 2026-11-01\n"
			  "%s---\n## 背景\n正文\n",
			  id, id, status, more ? more : "");
}

static void put_task(const char *path, const char *id, const char *status,
		     const char *more)
{
	char *t = task(id, status, more);

	put(path, t);
	free(t);
}

/* Starts repository `name`: its configuration, committed on day 1. */
static void init_repo(const char *name)
{
	char *path = wl_xprintf("%s/.worklog.yaml", name);

	sh("rm -rf %s && git init -q -b main %s", name, name);
	put(path, config);
	free(path);
}

/* Commits everything in `repo` on 2026-11-DAY 10:00 +08:00 by `email`. */
static void commit(const char *repo, int day, const char *email,
		   const char *msg)
{
	sh("cd %s && git add -A && GIT_AUTHOR_EMAIL='%s' GIT_AUTHOR_NAME='N %s'"
	   " GIT_AUTHOR_DATE=2026-11-%02dT10:00:00+08:00"
	   " GIT_COMMITTER_DATE=2026-11-%02dT10:00:00+08:00"
	   " git commit -q --allow-empty -m '%s'",
	   repo, email, email, day, day, msg);
}

static int show_change(const struct wl_hist_change *c, void *data)
{
	struct wl_buf *out = data;

	assert_int_equal(strlen(c->commit), 40);
	wl_buf_addf(out, "%s %s %s", c->when + 5, wl_hist_kind_name(c->kind),
		    c->path);
	if (c->old_path)
		wl_buf_addf(out, "<-%s", c->old_path);
	wl_buf_addf(out, " %s %s %s %s %s", c->id ? c->id : "-",
		    c->type ? c->type : "-", c->state ? c->state : "-",
		    c->person ? c->person : "-", c->email);
	if (c->kind == WL_HIST_CHANGED)
		wl_buf_addf(out, " %s %s: %s -> %s",
			    wl_field_kind_name(c->field_kind),
			    c->field ? c->field : "-",
			    c->old_value ? c->old_value : "-",
			    c->new_value ? c->new_value : "-");
	else
		assert_null(c->field);
	wl_buf_addch(out, '\n');
	return 0;
}

/* Opens the repository `name` reads (its working tree). */
static struct wl_repo *open_repo(const char *name)
{
	return fixture_open_repo(dir, name);
}

/* Walks repository `name` with `opts` (NULL: defaults, no cache file)
 * and returns the changes, one line each. */
static char *walk(const char *name, const struct wl_history_opts *opts,
		  struct wl_history_stats *st)
{
	struct wl_history_opts o = WL_HISTORY_OPTS_INIT;
	struct wl_repo *repo = open_repo(name);
	struct wl_buf out = WL_BUF_INIT;
	char *err = NULL;

	if (!opts) {
		o.flags = WL_HISTORY_NO_CACHE;
		opts = &o;
	}
	if (wl_history_walk(st, NULL, repo, opts, show_change, &out, &err) !=
	    0)
		fail_msg("walk failed: %s", err ? err : "?");
	wl_repo_free(repo);
	return wl_buf_detach(&out, NULL);
}

static void check_walk(const char *name, const struct wl_history_opts *opts,
		       const char *want)
{
	char *got = walk(name, opts, NULL);

	assert_string_equal(got, want);
	free(got);
}

#define ZS "zhangsan zhangsan@example.com"
#define WW "- wangwu@example.com"

static void test_history__a_status_goes_round_and_is_dated(void **state)
{
	(void)state;
	init_repo("life");
	put_task("life/records/t1.md", "T-1", "todo", NULL);
	commit("life", 2, "zhangsan@example.com", "create");
	put_task("life/records/t1.md", "T-1", "doing", NULL);
	commit("life", 3, "zhangsan@example.com", "start");
	put_task("life/records/t1.md", "T-1", "done", "completed: 2026-11-04\n");
	commit("life", 4, "wangwu@example.com", "finish");
	put_task("life/records/t1.md", "T-1", "doing", NULL);
	commit("life", 5, "zhangsan@example.com", "reopen");
	put_task("life/records/t1.md", "T-1", "done", "completed: 2026-11-06\n");
	commit("life", 6, "zhangsan@example.com", "finish again");
	check_walk("life", NULL,
		   "11-02T10:00:00+08:00 created records/t1.md T-1 task todo " ZS "\n"
		   "11-03T10:00:00+08:00 changed records/t1.md T-1 task doing " ZS " changed status: todo -> doing\n"
		   "11-04T10:00:00+08:00 changed records/t1.md T-1 task done " WW " changed status: doing -> done\n"
		   "11-04T10:00:00+08:00 changed records/t1.md T-1 task done " WW " added completed: - -> 2026-11-04\n"
		   "11-05T10:00:00+08:00 changed records/t1.md T-1 task doing " ZS " changed status: done -> doing\n"
		   "11-05T10:00:00+08:00 changed records/t1.md T-1 task doing " ZS " removed completed: 2026-11-04 -> -\n"
		   "11-06T10:00:00+08:00 changed records/t1.md T-1 task done " ZS " changed status: doing -> done\n"
		   "11-06T10:00:00+08:00 changed records/t1.md T-1 task done " ZS " added completed: - -> 2026-11-06\n");
}

static void test_history__renames_moves_and_deletes(void **state)
{
	(void)state;
	init_repo("mv");
	put_task("mv/records/a.md", "T-1", "todo", NULL);
	put_task("mv/records/b.md", "T-2", "todo", NULL);
	put_task("mv/records/c.md", "T-3", "doing", NULL);
	commit("mv", 2, "zhangsan@example.com", "three");
	/* A rename alone, a rename with a change, into another folder. */
	sh("cd mv && git mv records/a.md records/a2.md");
	sh("cd mv && mkdir -p records/archive/2026 && git mv records/b.md records/archive/2026/b.md");
	put_task("mv/records/archive/2026/b.md", "T-2", "done", NULL);
	commit("mv", 3, "lisi@example.com", "move");
	/* A file whose record changes id is another record. */
	put_task("mv/records/c.md", "T-4", "doing", NULL);
	commit("mv", 4, "lisi@example.com", "reuse");
	sh("cd mv && git rm -q records/a2.md");
	commit("mv", 5, "lisi@example.com", "delete");
	check_walk("mv", NULL,
		   "11-02T10:00:00+08:00 created records/a.md T-1 task todo " ZS "\n"
		   "11-02T10:00:00+08:00 created records/b.md T-2 task todo " ZS "\n"
		   "11-02T10:00:00+08:00 created records/c.md T-3 task doing " ZS "\n"
		   "11-03T10:00:00+08:00 renamed records/a2.md<-records/a.md T-1 task todo lisi lisi@example.com\n"
		   "11-03T10:00:00+08:00 renamed records/archive/2026/b.md<-records/b.md T-2 task done lisi lisi@example.com\n"
		   "11-03T10:00:00+08:00 changed records/archive/2026/b.md T-2 task done lisi lisi@example.com changed status: todo -> done\n"
		   "11-04T10:00:00+08:00 changed records/c.md T-4 task doing lisi lisi@example.com changed id: T-3 -> T-4\n"
		   "11-04T10:00:00+08:00 changed records/c.md T-4 task doing lisi lisi@example.com changed title: 任务 T-3 -> 任务 T-4\n"
		   "11-05T10:00:00+08:00 deleted records/a2.md T-1 task todo lisi lisi@example.com\n");
}

static void test_history__by_path_alone_nothing_is_parsed(void **state)
{
	struct wl_history_opts o = WL_HISTORY_OPTS_INIT;
	struct wl_history_stats st = WL_HISTORY_STATS_INIT;
	char *got;

	(void)state;
	init_repo("paths");
	put_task("paths/records/a.md", "T-1", "todo", NULL);
	put_task("paths/records/b.md", "T-2", "todo", NULL);
	put("paths/records/broken.md", "---\ntitle: [\n---\n");
	commit("paths", 2, "zhangsan@example.com", "three");
	/* An exact rename; a rename with an edit is a deletion and a new
	 * file; a broken file counts as any other. */
	sh("cd paths && git mv records/a.md records/a2.md");
	sh("cd paths && git mv records/b.md records/b2.md");
	put_task("paths/records/b2.md", "T-2", "done", NULL);
	put("paths/records/broken.md", "---\ntitle: [x\n---\n");
	commit("paths", 3, "lisi@example.com", "move");
	sh("cd paths && git rm -q records/a2.md");
	commit("paths", 4, "lisi@example.com", "delete");
	o.flags = WL_HISTORY_PATHS | WL_HISTORY_NO_CACHE;
	got = walk("paths", &o, &st);
	assert_string_equal(got,
		"11-02T10:00:00+08:00 created records/a.md - - - " ZS "\n"
		"11-02T10:00:00+08:00 created records/b.md - - - " ZS "\n"
		"11-02T10:00:00+08:00 created records/broken.md - - - " ZS "\n"
		"11-03T10:00:00+08:00 renamed records/a2.md<-records/a.md - - - lisi lisi@example.com\n"
		"11-03T10:00:00+08:00 created records/b2.md - - - lisi lisi@example.com\n"
		"11-03T10:00:00+08:00 changed records/broken.md - - - lisi lisi@example.com changed -: - -> -\n"
		"11-03T10:00:00+08:00 deleted records/b.md - - - lisi lisi@example.com\n"
		"11-04T10:00:00+08:00 deleted records/a2.md - - - lisi lisi@example.com\n");
	assert_int_equal(st.blobs, 0);
	assert_int_equal(st.parsed, 0);
	free(got);
}

static void test_history__a_nested_kpi_value_changes(void **state)
{
	(void)state;
	init_repo("kpi");
	put_task("kpi/records/t.md", "T-1", "doing",
		 "kpis:\n  - {id: K1, target: 90, actual: 80}\n"
		 "  - {id: K2, target: 5, actual: 7}\ntags: [web]\n");
	commit("kpi", 2, "zhangsan@example.com", "one");
	put_task("kpi/records/t.md", "T-1", "doing",
		 "kpis:\n  - {id: K1, target: 90, actual: 80}\n"
		 "  - {id: K2, target: 5, actual: 4.5}\ntags: [web, 性能]\n");
	commit("kpi", 3, "zhangsan@example.com", "two");
	put_task("kpi/records/t.md", "T-1", "doing",
		 "kpis:\n  - {id: K1, target: 90, actual: 80}\n"
		 "  - {id: K2, target: 5, actual: 4.5}\ntags: [性能]\n");
	commit("kpi", 4, "zhangsan@example.com", "three");
	check_walk("kpi", NULL,
		   "11-02T10:00:00+08:00 created records/t.md T-1 task doing " ZS "\n"
		   "11-03T10:00:00+08:00 changed records/t.md T-1 task doing " ZS " changed kpis[1].actual: 7 -> 4.5\n"
		   "11-03T10:00:00+08:00 changed records/t.md T-1 task doing " ZS " item-added tags: - -> 性能\n"
		   "11-04T10:00:00+08:00 changed records/t.md T-1 task doing " ZS " item-removed tags: web -> -\n");
}

static void test_history__an_unreadable_version_is_skipped(void **state)
{
	(void)state;
	init_repo("broken");
	put_task("broken/records/t.md", "T-1", "todo", NULL);
	put("broken/records/u.md", "---\ntype: task\nid: [\n---\n");
	commit("broken", 2, "zhangsan@example.com", "one good, one broken");
	put("broken/records/t.md", "---\ntype: task\nid: T-1\nstatus: [\n---\n");
	commit("broken", 3, "zhangsan@example.com", "break");
	put_task("broken/records/t.md", "T-1", "done", NULL);
	put_task("broken/records/u.md", "T-2", "todo", NULL);
	commit("broken", 4, "zhangsan@example.com", "mend both");
	put("broken/records/t.md", "no front matter\n");
	commit("broken", 5, "zhangsan@example.com", "break again");
	sh("cd broken && git rm -q records/t.md");
	commit("broken", 6, "zhangsan@example.com", "delete the broken one");
	check_walk("broken", NULL,
		   "11-02T10:00:00+08:00 created records/t.md T-1 task todo " ZS "\n"
		   "11-04T10:00:00+08:00 changed records/t.md T-1 task done " ZS " changed status: todo -> done\n"
		   "11-04T10:00:00+08:00 created records/u.md T-2 task todo " ZS "\n"
		   "11-06T10:00:00+08:00 deleted records/t.md T-1 task done " ZS "\n");
}

/* A record moved and rewritten, past what git's rename detection pairs,
 * is followed by its id; its fields come in the new version's order. */
static void test_history__a_rewritten_record_is_followed_by_its_id(
	void **state)
{
	(void)state;
	init_repo("rw");
	put("rw/records/d.md",
	    "---\ntype: task\nid: T-5\ntitle: old\nstatus: todo\n---\n"
	    "## 背景\nThe first body, about one thing entirely.\n"
	    "It has some lines.\nAnd more lines of its own.\n");
	commit("rw", 2, "zhangsan@example.com", "one");
	sh("cd rw && git rm -q records/d.md");
	put("rw/records/done/renamed.md",
	    "---\nid: T-5\ntype: task\nstatus: done\ntitle: new\n---\n"
	    "# 结果\nNothing like the old text: a new body written after.\n");
	commit("rw", 3, "zhangsan@example.com", "rewrite");
	/* git itself sees a deletion and an addition. */
	sh("cd rw && test \"$(git diff --name-status -M HEAD~1 HEAD | cut -c1 | sort | tr -d '\\n')\" = AD");
	check_walk("rw", NULL,
		   "11-02T10:00:00+08:00 created records/d.md T-5 task todo " ZS "\n"
		   "11-03T10:00:00+08:00 renamed records/done/renamed.md<-records/d.md T-5 task done " ZS "\n"
		   "11-03T10:00:00+08:00 changed records/done/renamed.md T-5 task done " ZS " changed title: old -> new\n"
		   "11-03T10:00:00+08:00 changed records/done/renamed.md T-5 task done " ZS " changed status: todo -> done\n");
}

/* What a change says of its commit: the id, both times with their
 * zones, the author's name and email. */
struct seen {
	char commit[WL_OID_HEXSZ + 1];
	long long time, author_time;
	int offset, author_offset;
	char *author;
};

static int keep_first(const struct wl_hist_change *c, void *data)
{
	struct seen *s = data;

	memcpy(s->commit, c->commit, sizeof(s->commit));
	s->time = c->time;
	s->offset = c->offset;
	s->author_time = c->author_time;
	s->author_offset = c->author_offset;
	s->author = wl_xstrdup(c->author);
	return 1;
}

static void test_history__a_change_names_its_commit(void **state)
{
	struct wl_history_opts o = WL_HISTORY_OPTS_INIT;
	struct wl_repo *repo;
	struct seen s;
	char *err = NULL, *want, *head;
	FILE *f;
	char line[64];

	(void)state;
	init_repo("who");
	put_task("who/records/t.md", "T-1", "todo", NULL);
	sh("cd who && git add -A && GIT_AUTHOR_NAME='王 五'"
	   " GIT_AUTHOR_EMAIL=wangwu@example.com"
	   " GIT_AUTHOR_DATE=2026-11-02T09:30:00-05:00"
	   " GIT_COMMITTER_DATE=2026-11-03T10:00:00+05:45 git commit -qm one");
	want = wl_xprintf("%s/who/.git/head-id", dir);
	sh("cd who && git rev-parse HEAD >'%s'", want);
	f = fopen(want, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	fclose(f);
	free(want);
	head = strtok(line, "\n");
	repo = open_repo("who");
	o.flags = WL_HISTORY_NO_CACHE;
	memset(&s, 0, sizeof(s));
	assert_int_equal(wl_history_walk(NULL, NULL, repo, &o, keep_first, &s,
					 &err), 1);
	assert_string_equal(s.commit, head);
	/* 2026-11-03T10:00:00+05:45 and 2026-11-02T09:30:00-05:00 */
	assert_int_equal(s.time, 1793679300LL);
	assert_int_equal(s.offset, 345);
	assert_int_equal(s.author_time, 1793629800LL);
	assert_int_equal(s.author_offset, -300);
	assert_string_equal(s.author, "王 五");
	free(s.author);
	wl_repo_free(repo);
	check_walk("who", NULL,
		   "11-03T10:00:00+05:45 created records/t.md T-1 task todo " WW "\n");
}

/*
 * main: T-1 created (day 2); side branch: T-2 changed (day 3); main:
 * T-1 changed (day 4); T-3 changed on both sides, merged by hand into a
 * third value (day 5).
 */
static void make_merge(void)
{
	init_repo("merge");
	put_task("merge/records/t1.md", "T-1", "todo", NULL);
	put_task("merge/records/t2.md", "T-2", "todo", NULL);
	put_task("merge/records/t3.md", "T-3", "todo", NULL);
	commit("merge", 2, "zhangsan@example.com", "base");
	sh("cd merge && git checkout -q -b side");
	put_task("merge/records/t2.md", "T-2", "doing", NULL);
	put_task("merge/records/t3.md", "T-3", "blocked", NULL);
	commit("merge", 3, "lisi@example.com", "side");
	sh("cd merge && git checkout -q main");
	put_task("merge/records/t1.md", "T-1", "doing", NULL);
	put_task("merge/records/t3.md", "T-3", "doing", NULL);
	commit("merge", 4, "zhangsan@example.com", "main");
	sh("cd merge && git merge -q side -m merge; true");
	put_task("merge/records/t3.md", "T-3", "done", NULL);
	sh("cd merge && git add -A && GIT_AUTHOR_EMAIL=zhangsan@example.com"
	   " GIT_AUTHOR_DATE=2026-11-05T10:00:00+08:00"
	   " GIT_COMMITTER_DATE=2026-11-05T10:00:00+08:00 git commit -qm merge");
	sh("cd merge && test $(git rev-list --count --merges HEAD) = 1");
}

#define CREATED_3 \
	"11-02T10:00:00+08:00 created records/t1.md T-1 task todo " ZS "\n" \
	"11-02T10:00:00+08:00 created records/t2.md T-2 task todo " ZS "\n" \
	"11-02T10:00:00+08:00 created records/t3.md T-3 task todo " ZS "\n"

static void test_history__merges_with_and_without_side_branches(void **state)
{
	struct wl_history_opts o = WL_HISTORY_OPTS_INIT;

	(void)state;
	make_merge();
	/* Every commit: the side's change is its own; the merge shows only
	 * what no parent had (T-3's resolution), against its first parent. */
	check_walk("merge", NULL,
		   CREATED_3
		   "11-03T10:00:00+08:00 changed records/t2.md T-2 task doing lisi lisi@example.com changed status: todo -> doing\n"
		   "11-03T10:00:00+08:00 changed records/t3.md T-3 task blocked lisi lisi@example.com changed status: todo -> blocked\n"
		   "11-04T10:00:00+08:00 changed records/t1.md T-1 task doing " ZS " changed status: todo -> doing\n"
		   "11-04T10:00:00+08:00 changed records/t3.md T-3 task doing " ZS " changed status: todo -> doing\n"
		   "11-05T10:00:00+08:00 changed records/t3.md T-3 task done " ZS " changed status: doing -> done\n");
	/* First parents: the merge brings the side's changes in. */
	o.flags = WL_HISTORY_NO_CACHE | WL_HISTORY_FIRST_PARENT;
	check_walk("merge", &o,
		   CREATED_3
		   "11-04T10:00:00+08:00 changed records/t1.md T-1 task doing " ZS " changed status: todo -> doing\n"
		   "11-04T10:00:00+08:00 changed records/t3.md T-3 task doing " ZS " changed status: todo -> doing\n"
		   "11-05T10:00:00+08:00 changed records/t2.md T-2 task doing " ZS " changed status: todo -> doing\n"
		   "11-05T10:00:00+08:00 changed records/t3.md T-3 task done " ZS " changed status: doing -> done\n");
}

static void test_history__ranges_and_dates(void **state)
{
	struct wl_history_opts o = WL_HISTORY_OPTS_INIT;

	(void)state;
	init_repo("range");
	put_task("range/records/t.md", "T-1", "todo", NULL);
	commit("range", 2, "zhangsan@example.com", "one");
	sh("cd range && git tag one");
	put_task("range/records/t.md", "T-1", "doing", NULL);
	commit("range", 3, "zhangsan@example.com", "two");
	put_task("range/records/t.md", "T-1", "done", NULL);
	commit("range", 4, "zhangsan@example.com", "three");
	o.flags = WL_HISTORY_NO_CACHE;
	/* A revision alone: all it reaches. */
	o.range = "HEAD~1";
	check_walk("range", &o,
		   "11-02T10:00:00+08:00 created records/t.md T-1 task todo " ZS "\n"
		   "11-03T10:00:00+08:00 changed records/t.md T-1 task doing " ZS " changed status: todo -> doing\n");
	o.range = "one..HEAD~1";
	check_walk("range", &o,
		   "11-03T10:00:00+08:00 changed records/t.md T-1 task doing " ZS " changed status: todo -> doing\n");
	o.range = "one..";
	o.since = "2026-11-04";
	check_walk("range", &o,
		   "11-04T10:00:00+08:00 changed records/t.md T-1 task done " ZS " changed status: doing -> done\n");
	o.range = NULL;
	o.since = "2026-11-02T10:00:01+08:00";
	o.until = "2026-11-03";
	check_walk("range", &o,
		   "11-03T10:00:00+08:00 changed records/t.md T-1 task doing " ZS " changed status: todo -> doing\n");
}

static void test_history__bad_ranges_and_dates_are_errors(void **state)
{
	struct wl_history_opts o = WL_HISTORY_OPTS_INIT;
	struct wl_repo *repo;
	char *err = NULL;

	(void)state;
	init_repo("bad");
	put_task("bad/records/t.md", "T-1", "todo", NULL);
	commit("bad", 2, "zhangsan@example.com", "one");
	repo = open_repo("bad");
	o.flags = WL_HISTORY_NO_CACHE;
	o.since = "last week";
	assert_int_equal(wl_history_walk(NULL, NULL, repo, &o, show_change,
					 NULL, &err), -1);
	assert_string_equal(err, "'last week' is not a date (YYYY-MM-DD) or a date-time (2026-11-20T10:00:00+08:00)");
	free(err);
	err = NULL;
	o.since = NULL;
	o.range = "nosuch..HEAD";
	assert_int_equal(wl_history_walk(NULL, NULL, repo, &o, show_change,
					 NULL, &err), -1);
	assert_non_null(strstr(err, "unknown revision 'nosuch'"));
	free(err);
	err = NULL;
	o.range = "HEAD...HEAD";
	assert_int_equal(wl_history_walk(NULL, NULL, repo, &o, show_change,
					 NULL, &err), -1);
	assert_string_equal(err, "'HEAD...HEAD' is not a range this command takes (REV or A..B)");
	free(err);
	wl_repo_free(repo);
}

static int stop_at_third(const struct wl_hist_change *c, void *data)
{
	int *n = data;

	return ++*n == 3 ? 42 : 0;
}

static void test_history__the_callback_stops_the_walk(void **state)
{
	struct wl_history_opts o = WL_HISTORY_OPTS_INIT;
	struct wl_repo *repo = open_repo("life");
	char *err = NULL;
	int n = 0;

	(void)state;
	o.flags = WL_HISTORY_NO_CACHE;
	assert_int_equal(wl_history_walk(NULL, NULL, repo, &o, stop_at_third,
					 &n, &err), 42);
	assert_int_equal(n, 3);
	wl_repo_free(repo);
}

static void test_history__an_empty_repository_has_no_history(void **state)
{
	struct wl_history_stats st;
	char *got;

	(void)state;
	sh("rm -rf empty && git init -q empty && printf 'version: 1\\n' >empty/.worklog.yaml");
	got = walk("empty", NULL, &st);
	assert_string_equal(got, "");
	assert_int_equal(st.commits, 0);
	free(got);
}

/* Records of a `types:` glob need no type field; a records folder inside
 * the git repository is read relative to it. */
static void test_history__types_globs_and_a_root_in_a_subfolder(void **state)
{
	(void)state;
	sh("rm -rf sub && git init -q -b main sub");
	put("sub/ops/.worklog.yaml",
	    "version: 1\nrecords: [\"logs/*.md\"]\ntypes: {\"logs/*.md\": log}\n");
	put("sub/ops/logs/w48.md", "---\nowner: lisi\nperiod: 2026-W48\n"
				   "type: 周报\n---\n");
	put("sub/logs/w48.md", "---\ntype: log\nowner: x\n---\n");
	commit("sub", 2, "lisi@example.com", "one");
	put("sub/ops/logs/w48.md", "---\nowner: lisi\nperiod: 2026-W48\n"
				   "type: 周报\nhours: 40\n---\n");
	commit("sub", 3, "lisi@example.com", "two");
	check_walk("sub/ops", NULL,
		   "11-02T10:00:00+08:00 created logs/w48.md - log - - lisi@example.com\n"
		   "11-03T10:00:00+08:00 changed logs/w48.md - log - - lisi@example.com added hours: - -> 40\n");
}

/* Puts at `path` an SQLite database of another program, with
 * `user_version` and tables of the cache's names but not its columns. */
static void foreign_cache(const char *path, int user_version)
{
	char *sql = wl_xprintf(
		"PRAGMA user_version = %d;"
		" CREATE TABLE facts (name TEXT, size INTEGER);"
		" CREATE TABLE ctxs (x); CREATE TABLE ids (y);"
		" INSERT INTO facts VALUES ('not a blob', 7)", user_version);
	sqlite3 *db;

	sh("rm -f '%s' '%s-wal' '%s-shm'", path, path, path);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	free(sql);
}

/* The second walk reads every summary from the cache; a damaged cache,
 * whole or one row, is not believed. */
static void test_history__the_cache_serves_a_second_walk(void **state)
{
	struct wl_history_opts o = WL_HISTORY_OPTS_INIT;
	struct wl_history_stats st;
	char *first, *again, *path;
	sqlite3 *db;

	(void)state;
	o.threads = 1;
	first = walk("mv", &o, &st);
	assert_true(st.parsed > 0);
	assert_int_equal(st.cache_hits, 0);
	assert_int_equal(st.blobs, st.parsed);
	again = walk("mv", &o, &st);
	assert_string_equal(again, first);
	assert_int_equal(st.parsed, 0);
	assert_true(st.cache_hits > 0);
	free(again);
	/* Every row damaged: each is parsed again, and rewritten. */
	path = wl_xprintf("%s/mv/.git/worklog/cache.sqlite", dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE facts SET data = X'5400746173'"
				      " || data", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	again = walk("mv", &o, &st);
	assert_string_equal(again, first);
	assert_true(st.parsed > 0);
	assert_int_equal(st.cache_hits, 0);
	free(again);
	again = walk("mv", &o, &st);
	assert_int_equal(st.parsed, 0);
	free(again);
	/* Not a database at all. */
	sh("printf 'not sqlite at all, not at all.' >'%s' && rm -f '%s-wal' '%s-shm'",
	   path, path, path);
	again = walk("mv", &o, &st);
	assert_string_equal(again, first);
	assert_true(st.parsed > 0);
	free(again);
	again = walk("mv", &o, &st);
	assert_int_equal(st.parsed, 0);
	free(again);
	/* Another program's database, of no version or of the cache's own
	 * version number: ignored, and the cache built again in its place. */
	foreign_cache(path, 0);
	again = walk("mv", &o, &st);
	assert_string_equal(again, first);
	assert_true(st.parsed > 0);
	free(again);
	again = walk("mv", &o, &st);
	assert_int_equal(st.parsed, 0);
	free(again);
	foreign_cache(path, WL_FACTS_VERSION);
	again = walk("mv", &o, &st);
	assert_string_equal(again, first);
	assert_true(st.parsed > 0);
	free(again);
	again = walk("mv", &o, &st);
	assert_int_equal(st.parsed, 0);
	assert_true(st.cache_hits > 0);
	free(again);
	free(path);
	free(first);
}

/* Enough records that parsing takes two threads: the same changes. */
static void test_history__threads_change_nothing(void **state)
{
	struct wl_history_opts o = WL_HISTORY_OPTS_INIT;
	struct wl_history_stats st;
	char *one, *two;
	int i, c;

	(void)state;
	init_repo("many");
	for (c = 0; c < 3; c++) {
		for (i = 0; i < 60; i++) {
			char *path = wl_xprintf("many/records/%02d/t%d.md",
						i % 7, i);
			char *id = wl_xprintf("T-%d", i);

			put_task(path, id, c == 0 ? "todo" : c == 1 ? "doing" :
				 "done", NULL);
			free(path);
			free(id);
		}
		commit("many", 2 + c, "zhangsan@example.com", "all");
	}
	o.flags = WL_HISTORY_NO_CACHE;
	o.threads = 1;
	one = walk("many", &o, &st);
	assert_int_equal(st.threads, 1);
	assert_int_equal(st.parsed, 180);
	o.threads = 2;
	two = walk("many", &o, &st);
	assert_int_equal(st.threads, 2);
	assert_int_equal(st.parsed, 180);
	assert_int_equal(st.commits, 3);
	assert_string_equal(one, two);
	free(one);
	free(two);
	/* A walk stopped by its callback ends its workers. */
	{
		struct wl_repo *repo = open_repo("many");
		char *err = NULL;
		int n = 0;

		assert_int_equal(wl_history_walk(&st, NULL, repo, &o,
						 stop_at_third, &n, &err), 42);
		assert_int_equal(st.threads, 2);
		wl_repo_free(repo);
	}
}

static void test_history__a_shallow_clone_is_reported(void **state)
{
	struct wl_history_opts o = WL_HISTORY_OPTS_INIT;
	struct wl_history_stats st;
	struct wl_strlist warn = WL_STRLIST_INIT;
	struct wl_repo *repo;
	struct wl_buf out = WL_BUF_INIT;
	char *err = NULL;

	(void)state;
	sh("rm -rf shallow && git clone -q --depth 2 file://%s/life shallow",
	   dir);
	repo = open_repo("shallow");
	o.flags = WL_HISTORY_NO_CACHE;
	if (wl_history_walk(&st, &warn, repo, &o, show_change, &out, &err))
		fail_msg("%s", err);
	assert_int_equal(st.shallow, 1);
	assert_int_equal(warn.nr, 1);
	assert_string_equal(warn.v[0], "the repository is a shallow clone: history before its oldest commits is unknown");
	/* The oldest commit there is the graft: its records seem created. */
	assert_string_equal(out.buf,
		   "11-05T10:00:00+08:00 created records/t1.md T-1 task doing " ZS "\n"
		   "11-06T10:00:00+08:00 changed records/t1.md T-1 task done " ZS " changed status: doing -> done\n"
		   "11-06T10:00:00+08:00 changed records/t1.md T-1 task done " ZS " added completed: - -> 2026-11-06\n");
	wl_buf_release(&out);
	wl_strlist_release(&warn);
	wl_repo_free(repo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_history__a_status_goes_round_and_is_dated),
		cmocka_unit_test(test_history__renames_moves_and_deletes),
		cmocka_unit_test(test_history__a_nested_kpi_value_changes),
		cmocka_unit_test(test_history__a_rewritten_record_is_followed_by_its_id),
		cmocka_unit_test(test_history__a_change_names_its_commit),
		cmocka_unit_test(test_history__an_unreadable_version_is_skipped),
		cmocka_unit_test(test_history__merges_with_and_without_side_branches),
		cmocka_unit_test(test_history__ranges_and_dates),
		cmocka_unit_test(test_history__bad_ranges_and_dates_are_errors),
		cmocka_unit_test(test_history__the_callback_stops_the_walk),
		cmocka_unit_test(test_history__by_path_alone_nothing_is_parsed),
		cmocka_unit_test(test_history__an_empty_repository_has_no_history),
		cmocka_unit_test(test_history__types_globs_and_a_root_in_a_subfolder),
		cmocka_unit_test(test_history__the_cache_serves_a_second_walk),
		cmocka_unit_test(test_history__threads_change_nothing),
		cmocka_unit_test(test_history__a_shallow_clone_is_reported),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
