#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "cache.h"
#include "history.h"
#include "repo.h"
#include "source.h"
#include "store.h"
#include "table.h"
#include "util.h"
#include "version.h"
#include "unit.h"

/*
 * A small repository in a temporary folder (read from the working tree):
 * a roster of two, a valid task with a body, a task that breaks its
 * schema, a problem typed by a `types:` glob (without a `type:` field),
 * a file whose front matter does not parse, and a record of an unknown
 * type.
 */
static char dir[] = "/tmp/wl-store-XXXXXX";

#define sh(...) fixture_sh(dir, __VA_ARGS__)

static const char config[] =
	"version: 1\n"
	"types: {\"records/problems/*.md\": problem}\n"
	"people:\n"
	"  - id: zhangsan\n"
	"    name: 张三\n"
	"    email: [zhangsan@example.com]\n"
	"    reviewer: true\n"
	"  - id: lisi\n"
	"    name: 李四\n"
	"    email: [lisi@example.com, li.si@example.com]\n"
	"    team: ops\n"
	"    active: false\n";

static const char task_ok[] =
	"---\n"
	"type: task\n"
	"id: T-1\n"
	"title: 618 活动页面加载速度优化\n"
	"owner: zhangsan\n"
	"status: doing\n"
	"priority: high\n"
	"created: 2026-11-02\n"
	"due: 2026-11-30\n"
	"tags: [web, performance]\n"
	"---\n"
	"## 背景\n"
	"首屏 4.2 秒。\n"
	"## 进展\n"
	"- [x] 压缩图片 @lisi due:2026-11-10\n"
	"- [ ] 上线 CDN\n";

static const char task_bad[] =
	"---\n"
	"type: task\n"
	"id: T-2\n"
	"title: finished\n"
	"owner: lisi\n"
	"status: finished\n"
	"created: 2026-11-03\n"
	"---\n";

static const char problem[] =
	"---\n"
	"id: PRB-1\n"
	"title: 图片回源率高\n"
	"reported: 2026-10-29\n"
	"reporter: zhangsan\n"
	"owner: lisi\n"
	"severity: high\n"
	"status: open\n"
	"actions:\n"
	"  - {text: 改缓存键, owner: lisi, done: true}\n"
	"  - {text: 预热, owner: zhangsan, due: 2026-11-05}\n"
	"---\n";

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	sh("mkdir -p records/tasks records/problems records/misc && "
	   "printf '%%s' '%s' >.worklog.yaml && "
	   "printf '%%s' '%s' >records/tasks/T-1.md && "
	   "printf '%%s' '%s' >records/tasks/T-2.md && "
	   "printf '%%s' '%s' >records/problems/PRB-1.md && "
	   "printf -- '---\\ntitle: [broken\\n---\\n' >records/misc/broken.md && "
	   "printf -- '---\\ntype: nosuch\\nid: N-1\\n---\\n' >records/misc/n.md",
	   config, task_ok, task_bad, problem);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sh("cd / && rm -rf '%s'", dir);
	return 0;
}

/* Opens the repository, loads every record, seals. */
static struct wl_store *load_repo(unsigned flags)
{
	struct wl_repo_opts ro = WL_REPO_OPTS_INIT;
	struct wl_repo *repo = NULL;
	struct wl_diags d = WL_DIAGS_INIT;
	struct wl_pathlist paths = WL_PATHLIST_INIT;
	struct wl_store *s = NULL;
	char *err = NULL;

	ro.dir = dir;
	if (wl_repo_open(&repo, &ro, &d, &err) < 0)
		fail_msg("cannot open the repository: %s %s", err ? err : "",
			 d.nr ? d.v[0].message : "");
	assert_int_equal(wl_repo_select(repo, dir, NULL, 0, &paths, &err), 0);
	assert_int_equal(wl_store_open(&s, flags, &err), 0);
	if (wl_store_load(s, repo, &paths, NULL, &err) < 0)
		fail_msg("%s", err);
	assert_int_equal(wl_store_seal(s, &err), 0);
	wl_pathlist_release(&paths);
	wl_diags_release(&d);
	wl_repo_free(repo);
	return s;
}

/*
 * Runs `sql` and compares the result, rows joined by "\n" and cells by
 * "|" (NULL as "-"), with `want`.
 */
static void expect(struct wl_store *s, const char *sql, const char *want)
{
	struct wl_table t = WL_TABLE_INIT;
	struct wl_buf got = WL_BUF_INIT;
	char *err = NULL;
	size_t r, c;

	if (wl_store_query(s, sql, &t, &err))
		fail_msg("%s: %s", sql, err);
	for (r = 0; r < t.nrows; r++) {
		if (r)
			wl_buf_addch(&got, '\n');
		for (c = 0; c < t.ncols; c++) {
			const struct wl_cell *cell = wl_table_cell(&t, r, c);

			if (c)
				wl_buf_addch(&got, '|');
			if (cell->type == WL_CELL_NULL)
				wl_buf_addch(&got, '-');
			else
				wl_buf_add(&got, cell->text, cell->len);
		}
	}
	if (strcmp(wl_buf_cstr(&got), want))
		fail_msg("%s\ngot:\n%s\nwant:\n%s", sql, wl_buf_cstr(&got), want);
	wl_buf_release(&got);
	wl_table_release(&t);
}

/* Runs `sql` and expects it to fail with `code` and the message `want`. */
static void expect_fail(struct wl_store *s, const char *sql, int code,
			const char *want)
{
	struct wl_table t = WL_TABLE_INIT;
	char *err = NULL;
	int ret = wl_store_query(s, sql, &t, &err);

	if (ret != code || !err || strcmp(err, want))
		fail_msg("%s: got %d '%s', want %d '%s'", sql, ret,
			 err ? err : "", code, want);
	assert_int_equal(t.nrows, 0);
	free(err);
}

static void test_store__records_are_rows_that_parse(void **state)
{
	struct wl_store *s = load_repo(0);
	const struct wl_store_stats *st = wl_store_stats(s);

	(void)state;
	expect(s,
	       "SELECT path, type, id, title, owner, status, priority, created,"
	       " due, completed, state, valid FROM records ORDER BY path",
	       "records/misc/n.md|nosuch|N-1|-|-|-|-|-|-|-|-|0\n"
	       "records/problems/PRB-1.md|problem|PRB-1|图片回源率高|lisi|open|-|-|-|-|open|1\n"
	       "records/tasks/T-1.md|task|T-1|618 活动页面加载速度优化|zhangsan|doing|high|2026-11-02|2026-11-30|-|open|1\n"
	       "records/tasks/T-2.md|task|T-2|finished|lisi|finished|-|2026-11-03|-|-|-|0");
	/* fm is the front matter as written: the problem has no type:
	 * field although `types:` made it a problem. */
	expect(s,
	       "SELECT json_extract(fm, '$.type'), json_extract(fm, '$.tags[1]'),"
	       " json_type(fm, '$.actions') FROM records ORDER BY path",
	       "nosuch|-|-\n-|-|array\ntask|performance|-\ntask|-|-");
	assert_int_equal(st->records, 4);
	assert_int_equal(st->invalid, 2);
	assert_int_equal(st->unreadable, 1);
	wl_store_free(s);
}

static void test_store__items_sections_and_people(void **state)
{
	struct wl_store *s = load_repo(0);

	(void)state;
	expect(s,
	       "SELECT path, kind, field, position, text, owner, due, done, line,"
	       " section FROM items ORDER BY path, kind, position",
	       "records/problems/PRB-1.md|list|actions|0|{\"text\":\"改缓存键\",\"owner\":\"lisi\",\"done\":true}|lisi|-|1|10|-\n"
	       "records/problems/PRB-1.md|list|actions|1|{\"text\":\"预热\",\"owner\":\"zhangsan\",\"due\":\"2026-11-05\"}|zhangsan|2026-11-05|-|11|-\n"
	       "records/tasks/T-1.md|list|tags|0|web|-|-|-|10|-\n"
	       "records/tasks/T-1.md|list|tags|1|performance|-|-|-|10|-\n"
	       "records/tasks/T-1.md|task|-|0|压缩图片 @lisi due:2026-11-10|lisi|2026-11-10|1|15|进展\n"
	       "records/tasks/T-1.md|task|-|1|上线 CDN|-|-|0|16|进展");
	expect(s, "SELECT * FROM sections ORDER BY path, line",
	       "records/tasks/T-1.md|背景|2|12|13|7\n"
	       "records/tasks/T-1.md|进展|2|14|16|28");
	expect(s, "SELECT * FROM people ORDER BY id",
	       "lisi|李四|lisi@example.com|[\"lisi@example.com\",\"li.si@example.com\"]|0|ops|-|0\n"
	       "zhangsan|张三|zhangsan@example.com|[\"zhangsan@example.com\"]|1|-|-|-");
	expect(s,
	       "SELECT type, field, value, class, started FROM states"
	       " WHERE type IN ('task', 'problem') ORDER BY type, position",
	       "problem|status|open|open|0\n"
	       "problem|status|investigating|open|1\n"
	       "problem|status|resolved|done|0\n"
	       "problem|status|closed|done|0\n"
	       "task|status|todo|open|0\n"
	       "task|status|doing|open|1\n"
	       "task|status|blocked|blocked|0\n"
	       "task|status|done|done|0\n"
	       "task|status|cancelled|cancelled|0");
	/* Without WL_STORE_HISTORY there is no history to find empty. */
	expect_fail(s, "SELECT * FROM history", -1, "no such table: history");
	expect_fail(s, "SELECT * FROM lifecycle", -1,
		    "no such table: lifecycle");
	wl_store_free(s);
}

/* A synthetic history, fed through the engine's callback. */
struct feed {
	struct wl_store *s;
	char commit[41];
	long long time;
	char when[40];          /* the time in +08:00, as the engine says it */
};

static void change(struct feed *f, enum wl_hist_kind kind, const char *id,
		   const char *path, const char *person, const char *state,
		   const char *field, const char *old_value,
		   const char *new_value)
{
	struct wl_hist_change c;

	memset(&c, 0, sizeof(c));
	c.kind = kind;
	memcpy(c.commit, f->commit, sizeof(c.commit));
	c.time = f->time;
	c.offset = 480;
	c.when = f->when;
	c.author = person ? person : "Someone Else";
	c.email = "x@example.com";
	c.person = person;
	c.path = path;
	c.id = id;
	c.type = "task";
	c.state = state;
	c.field = field;
	c.old_value = old_value;
	c.new_value = new_value;
	assert_int_equal(wl_store_hist_fn(&c, f->s), 0);
}

/* The next commit, a day and an hour after the last. */
static void commit(struct feed *f)
{
	static int n;
	time_t local;
	struct tm tm;

	snprintf(f->commit, sizeof(f->commit), "%040d", ++n);
	f->time += 90000;
	local = (time_t)(f->time + 8 * 3600);
	gmtime_r(&local, &tm);
	strftime(f->when, sizeof(f->when), "%Y-%m-%dT%H:%M:%S+08:00", &tm);
}

/*
 * T-1: todo -> doing -> done -> doing (reopened) -> done, renamed on the
 * way, by roster people and an unmapped author. T-2: created doing,
 * deleted. T-3: created todo, never started. P: no id, followed by path.
 */
static void feed_history(struct feed *f)
{
	f->time = 1793584800LL; /* 2026-11-02T10:00:00+08:00 */
	commit(f);
	change(f, WL_HIST_CREATED, "T-1", "a/T-1.md", "zhangsan", "todo", NULL,
	       NULL, NULL);
	change(f, WL_HIST_CREATED, "T-2", "a/T-2.md", "lisi", "doing", NULL,
	       NULL, NULL);
	commit(f);
	change(f, WL_HIST_CHANGED, "T-1", "a/T-1.md", "lisi", "doing",
	       "status", "todo", "doing");
	change(f, WL_HIST_CHANGED, "T-1", "a/T-1.md", "lisi", "doing",
	       "owner", "zhangsan", "lisi");
	change(f, WL_HIST_CREATED, "T-3", "a/T-3.md", NULL, "todo", NULL,
	       NULL, NULL);
	commit(f);
	change(f, WL_HIST_CHANGED, "T-1", "a/T-1.md", "lisi", "done",
	       "status", "doing", "done");
	change(f, WL_HIST_DELETED, "T-2", "a/T-2.md", "lisi", "doing", NULL,
	       NULL, NULL);
	commit(f);
	change(f, WL_HIST_RENAMED, "T-1", "b/T-1.md", NULL, "doing", NULL,
	       NULL, NULL);
	change(f, WL_HIST_CHANGED, "T-1", "b/T-1.md", NULL, "doing", "status",
	       "done", "doing");
	change(f, WL_HIST_CHANGED, "T-1", "b/T-1.md", NULL, "doing",
	       "kpis[1].actual", "3", "4");
	commit(f);
	change(f, WL_HIST_CHANGED, "T-1", "b/T-1.md", "zhangsan", "done",
	       "status", "doing", "done");
	change(f, WL_HIST_CREATED, NULL, "c/P.md", "zhangsan", "doing", NULL,
	       NULL, NULL);
}

static void test_store__lifecycle_and_spans_from_history(void **state)
{
	struct wl_store *s = NULL;
	struct wl_repo_opts ro = WL_REPO_OPTS_INIT;
	struct wl_repo *repo = NULL;
	struct wl_diags d = WL_DIAGS_INIT;
	struct wl_pathlist none = WL_PATHLIST_INIT;
	struct feed f;
	char *err = NULL;

	(void)state;
	ro.dir = dir;
	assert_int_equal(wl_repo_open(&repo, &ro, &d, &err), 0);
	assert_int_equal(wl_store_open(&s, WL_STORE_HISTORY, &err), 0);
	assert_int_equal(wl_store_load(s, repo, &none, NULL, &err), 0);
	memset(&f, 0, sizeof(f));
	f.s = s;
	feed_history(&f);
	assert_int_equal(wl_store_seal(s, &err), 0);

	expect(s,
	       "SELECT seq, substr(\"commit\", 38), time, epoch, person, path,"
	       " old_path, id, change, field, field_change, old, new, state"
	       " FROM history WHERE id = 'T-1' AND seq >= 8 ORDER BY seq",
	       "8|004|2026-11-06T14:00:00+08:00|1793944800|-|b/T-1.md|-|T-1|renamed|-|-|-|-|doing\n"
	       "9|004|2026-11-06T14:00:00+08:00|1793944800|-|b/T-1.md|-|T-1|changed|status|changed|done|doing|doing\n"
	       "10|004|2026-11-06T14:00:00+08:00|1793944800|-|b/T-1.md|-|T-1|changed|kpis[1].actual|changed|3|4|doing\n"
	       "11|005|2026-11-07T15:00:00+08:00|1794034800|zhangsan|b/T-1.md|-|T-1|changed|status|changed|doing|done|done");
	expect(s,
	       "SELECT id, status, class, \"from\", \"to\", seconds"
	       " FROM status_spans ORDER BY id, \"from\"",
	       "T-1|todo|open|2026-11-03T11:00:00+08:00|2026-11-04T12:00:00+08:00|90000\n"
	       "T-1|doing|open|2026-11-04T12:00:00+08:00|2026-11-05T13:00:00+08:00|90000\n"
	       "T-1|done|done|2026-11-05T13:00:00+08:00|2026-11-06T14:00:00+08:00|90000\n"
	       "T-1|doing|open|2026-11-06T14:00:00+08:00|2026-11-07T15:00:00+08:00|90000\n"
	       "T-1|done|done|2026-11-07T15:00:00+08:00|-|-\n"
	       "T-2|doing|open|2026-11-03T11:00:00+08:00|2026-11-05T13:00:00+08:00|180000\n"
	       "T-3|todo|open|2026-11-04T12:00:00+08:00|-|-\n"
	       "c/P.md|doing|open|2026-11-07T15:00:00+08:00|-|-");
	expect(s,
	       "SELECT id, type, path, created_at, created_by, started_at,"
	       " completed_at, completed_by, last_changed_at, status_changes,"
	       " reopened FROM lifecycle ORDER BY id",
	       "T-1|task|b/T-1.md|2026-11-03T11:00:00+08:00|zhangsan|2026-11-04T12:00:00+08:00|2026-11-07T15:00:00+08:00|zhangsan|2026-11-07T15:00:00+08:00|4|1\n"
	       "T-2|task|a/T-2.md|2026-11-03T11:00:00+08:00|lisi|2026-11-03T11:00:00+08:00|-|-|2026-11-05T13:00:00+08:00|0|0\n"
	       "T-3|task|a/T-3.md|2026-11-04T12:00:00+08:00|-|-|-|-|2026-11-04T12:00:00+08:00|0|0\n"
	       "c/P.md|task|c/P.md|2026-11-07T15:00:00+08:00|zhangsan|2026-11-07T15:00:00+08:00|-|-|2026-11-07T15:00:00+08:00|0|0");
	assert_int_equal(wl_store_stats(s)->history, 12);
	wl_pathlist_release(&none);
	wl_diags_release(&d);
	wl_repo_free(repo);
	wl_store_free(s);
}

static void test_store__a_change_needs_its_time_and_path(void **state)
{
	struct wl_store *s = NULL;
	struct wl_hist_change c;
	char *err = NULL;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.kind = WL_HIST_CREATED;
	memcpy(c.commit, "abc", 4);
	c.path = "a.md";
	assert_int_equal(wl_store_open(&s, WL_STORE_HISTORY, &err), 0);
	assert_int_equal(wl_store_hist_fn(&c, s), -1);
	assert_string_equal(wl_store_change_error(s),
			    "a history change in commit abc lacks its time");
	wl_store_free(s);
	assert_int_equal(wl_store_open(&s, 0, &err), 0);
	c.when = "2026-11-03T11:00:00+08:00";
	assert_int_equal(wl_store_add_change(s, &c, &err), -1);
	assert_string_equal(err, "the store was opened without history");
	free(err);
	wl_store_free(s);
}

/*
 * With a cache, the load keeps the summary of each record it adds under
 * the id git gives the file's bytes: the very text the history walk
 * writes when it parses that blob (wl_version_facts_text), also for the
 * problem a `types:` glob types and the task that breaks its schema. The
 * file that does not parse is not a record, and is not kept.
 */
static void test_store__load_keeps_the_walks_summaries(void **state)
{
	struct wl_repo_opts ro = WL_REPO_OPTS_INIT;
	struct wl_repo *repo = NULL;
	struct wl_diags d = WL_DIAGS_INIT;
	struct wl_pathlist paths = WL_PATHLIST_INIT;
	struct wl_cache *cache = wl_cache_open(NULL);
	struct wl_store *s = NULL;
	struct wl_version ver;
	char *err = NULL;
	size_t i, kept = 0;

	(void)state;
	ro.dir = dir;
	assert_int_equal(wl_repo_open(&repo, &ro, &d, &err), 0);
	assert_int_equal(wl_repo_select(repo, dir, NULL, 0, &paths, &err), 0);
	assert_int_equal(wl_store_open(&s, 0, &err), 0);
	if (wl_store_load(s, repo, &paths, cache, &err) < 0)
		fail_msg("%s", err);
	wl_version_init(&ver, repo, cache);
	for (i = 0; i < paths.nr; i++) {
		struct wl_buf got = WL_BUF_INIT, want = WL_BUF_INIT;
		struct wl_oid oid;
		char *buf;
		size_t len;
		int found;

		assert_int_equal(wl_source_read(repo->src, paths.v[i], &buf,
						&len, &err), 0);
		wl_oid_hash(&oid, buf, len);
		found = wl_cache_copy(&got, cache, &oid,
				      wl_version_glob_type(&ver, paths.v[i]));
		if (strstr(paths.v[i], "broken")) {
			assert_int_equal(found, 0);
			free(buf);
		} else {
			assert_int_equal(found, 1);
			/* Takes buf, as the walk's workers do. */
			wl_version_facts_text(&want, repo, paths.v[i], buf,
					      len);
			assert_string_equal(wl_buf_cstr(&got),
					    wl_buf_cstr(&want));
			kept++;
		}
		wl_buf_release(&got);
		wl_buf_release(&want);
	}
	assert_int_equal(kept, 4);
	wl_store_free(s);
	wl_cache_free(cache);
	wl_pathlist_release(&paths);
	wl_diags_release(&d);
	wl_repo_free(repo);
}

static void test_store__loading_ends_when_sealed(void **state)
{
	struct wl_store *s = load_repo(0);
	struct wl_config cfg = WL_CONFIG_INIT;
	char *err = NULL;

	(void)state;
	assert_int_equal(wl_store_add_people(s, &cfg, &err), -1);
	assert_string_equal(err, "the store is sealed: nothing more can be loaded");
	free(err);
	wl_store_free(s);
}

static void test_store__authorizer_refuses_all_but_reading(void **state)
{
	static const struct {
		const char *sql, *why;
	} refused[] = {
		{ "ATTACH DATABASE '/tmp/x.db' AS x", "ATTACH is not allowed" },
		{ "DETACH DATABASE main", "DETACH is not allowed" },
		{ "SELECT load_extension('/tmp/evil.so')",
		  "the function load_extension() is not allowed" },
		{ "SELECT fts3_tokenizer('simple')",
		  "the function fts3_tokenizer() is not allowed" },
		{ "PRAGMA writable_schema = 1",
		  "PRAGMA writable_schema is not allowed (only read-only ones such as table_info are)" },
		{ "PRAGMA journal_mode",
		  "PRAGMA journal_mode is not allowed (only read-only ones such as table_info are)" },
		{ "INSERT INTO records (path, valid, fm) VALUES ('x', 1, '{}')",
		  "writing to 'records' is not allowed: the store is read-only" },
		{ "UPDATE records SET valid = 1",
		  "writing to 'records' is not allowed: the store is read-only" },
		{ "DELETE FROM people",
		  "writing to 'people' is not allowed: the store is read-only" },
		{ "DROP TABLE records",
		  "changing the schema is not allowed: the store is read-only" },
		{ "CREATE TEMP TABLE t (x)",
		  "changing the schema is not allowed: the store is read-only" },
		{ "CREATE VIEW v AS SELECT 1",
		  "changing the schema is not allowed: the store is read-only" },
		{ "BEGIN", "transactions are not allowed" },
		{ "VACUUM INTO '/tmp/copy.db'",
		  "the statement writes; only queries that read are allowed" },
		{ "WITH x AS (SELECT 1) DELETE FROM items",
		  "writing to 'items' is not allowed: the store is read-only" },
	};
	struct wl_store *s = load_repo(0);
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(refused) / sizeof(*refused); i++)
		expect_fail(s, refused[i].sql, WL_STORE_REFUSED, refused[i].why);
	/* Reading is fine, a read-only pragma too. */
	expect(s, "SELECT count(*) FROM records", "4");
	expect(s, "SELECT name FROM pragma_table_info('people') LIMIT 2",
	       "id\nname");
	expect(s, "SELECT count(*) FROM records, json_each(records.fm)", "25");
	/* Let through for those, an update of the schema table meets
	 * defensive mode. */
	expect_fail(s, "UPDATE sqlite_master SET sql = ''", -1,
		    "table sqlite_master may not be modified");
	expect(s, "PRAGMA table_info(states)",
	       "0|type|TEXT|1|-|1\n1|field|TEXT|1|-|0\n2|value|TEXT|1|-|2\n"
	       "3|class|TEXT|1|-|0\n4|started|INTEGER|1|-|0\n"
	       "5|position|INTEGER|1|-|0");
	/* Nothing changed. */
	expect(s, "SELECT count(*) FROM people", "2");
	wl_store_free(s);
}

static void test_store__bad_queries_say_why(void **state)
{
	struct wl_store *s = load_repo(0);

	(void)state;
	expect_fail(s, "SELEC * FROM records", -1,
		    "near \"SELEC\": syntax error");
	expect_fail(s, "SELECT nosuch FROM records", -1,
		    "no such column: nosuch");
	expect_fail(s, "SELECT 1; SELECT 2", -1,
		    "a query is one statement; this one has more after the first ';'");
	expect_fail(s, "SELECT 1; DROP TABLE records", WL_STORE_REFUSED,
		    "changing the schema is not allowed: the store is read-only");
	expect_fail(s, "  -- nothing\n", -1, "the query is empty");
	/* A trailing comment or semicolon is no second statement. */
	expect(s, "SELECT 1; -- done\n", "1");
	/* Double quotes are identifiers, never strings. */
	expect_fail(s, "SELECT \"done\"", -1, "no such column: done");
	/* A runaway recursive query is stopped by the step budget. */
	wl_store_set_max_steps(s, 2000000);
	expect_fail(s,
		    "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1"
		    " FROM r) SELECT count(*) FROM r",
		    WL_STORE_TOO_LONG,
		    "the query was stopped after 2000000 steps (a runaway query?)");
	/* A value longer than the length bound fails. */
	expect_fail(s, "SELECT length(zeroblob(100000000))", -1,
		    "string or blob too big");
	/* A result may not grow without bound, even of small cells. */
	wl_store_set_max_steps(s, WL_STORE_MAX_STEPS);
	wl_store_set_max_result(s, 1 << 20);
	expect_fail(s,
		    "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1"
		    " FROM r) SELECT x, x, x, x, x, x, x, x FROM r",
		    WL_STORE_TOO_LONG, "the result is larger than 1 MiB");
	/* The budget is per query: the next one runs. */
	expect(s, "SELECT count(*) FROM sections", "2");
	wl_store_free(s);
}

static void test_store__types_of_values_are_kept(void **state)
{
	struct wl_store *s = load_repo(0);
	struct wl_table t = WL_TABLE_INIT;
	char *err = NULL;

	(void)state;
	assert_int_equal(wl_store_query(s,
					"SELECT 1, 2.5, 3.0, 'x', NULL, x'00ff'",
					&t, &err),
			 0);
	assert_int_equal(t.ncols, 6);
	assert_string_equal(t.cols[0], "1");
	assert_int_equal(t.cells[0].type, WL_CELL_INT);
	assert_int_equal(t.cells[0].i, 1);
	assert_int_equal(t.cells[1].type, WL_CELL_REAL);
	assert_string_equal(t.cells[1].text, "2.5");
	assert_string_equal(t.cells[2].text, "3.0");
	assert_int_equal(t.cells[3].type, WL_CELL_TEXT);
	assert_int_equal(t.cells[4].type, WL_CELL_NULL);
	assert_int_equal(t.cells[5].type, WL_CELL_BLOB);
	assert_string_equal(t.cells[5].text, "00FF");
	assert_int_equal(wl_table_numeric(&t, 1), 1);
	assert_int_equal(wl_table_numeric(&t, 3), 0);
	wl_table_release(&t);
	wl_store_free(s);
}

static void test_store__named_parameters_are_bound_not_spliced(void **state)
{
	const struct wl_store_param params[] = {
		{ ":owner", WL_STORE_PARAM_TEXT, "zhangsan' OR 1 = 1 --", 0 },
		{ ":n", WL_STORE_PARAM_INT, NULL, 7 },
		{ ":none", WL_STORE_PARAM_NULL, NULL, 0 },
		{ ":unused", WL_STORE_PARAM_INT, NULL, 1 },
	};
	struct wl_store *s = load_repo(0);
	struct wl_table t = WL_TABLE_INIT;
	char *err = NULL;

	(void)state;
	/* The quote in the value is text: no record has that owner. */
	assert_int_equal(wl_store_query_params(s,
		"SELECT count(*), :n + 1, :none IS NULL, :owner FROM records"
		" WHERE owner = :owner", params, 4, &t, &err), 0);
	assert_int_equal(t.cells[0].i, 0);
	assert_int_equal(t.cells[1].i, 8);
	assert_int_equal(t.cells[2].i, 1);
	assert_string_equal(t.cells[3].text, "zhangsan' OR 1 = 1 --");
	wl_table_release(&t);
	/* A parameter that is not given, or has no name, is an error. */
	assert_int_equal(wl_store_query_params(s, "SELECT :nosuch", params, 4,
					       &t, &err), -1);
	assert_string_equal(err, "the query names the parameter ':nosuch', which is not given");
	free(err);
	assert_int_equal(wl_store_query_params(s, "SELECT ?", params, 4, &t,
					       &err), -1);
	assert_string_equal(err, "the query has an unnamed parameter ('?'); only named ones are given");
	free(err);
	/* The authorizer still judges the query. */
	assert_int_equal(wl_store_query_params(s, "ATTACH :owner AS x", params,
					       4, &t, &err), WL_STORE_REFUSED);
	assert_string_equal(err, "ATTACH is not allowed");
	free(err);
	wl_store_free(s);
}

static void test_store__export_writes_a_file_atomically(void **state)
{
	struct wl_store *s = load_repo(0);
	char *path = wl_xprintf("%s/out.db", dir), *err = NULL;
	struct wl_buf cmd = WL_BUF_INIT;

	(void)state;
	sh("printf old >out.db");
	assert_int_equal(wl_store_export(s, path, &err), 0);
	/* Read back by SQLite itself, into a second store's query. */
	wl_buf_addf(&cmd, "test \"$(sqlite3 '%s' 'SELECT count(*) FROM records')\" = 4 && "
		    "test -z \"$(ls '%s' | grep -v '^out.db$' | grep out.db)\"",
		    path, dir);
	if (system("command -v sqlite3 >/dev/null 2>&1") == 0 &&
	    system(cmd.buf) != 0)
		fail_msg("the export is not a database of 4 records");
	/* A folder that does not exist: an error, nothing left behind. */
	free(path);
	path = wl_xprintf("%s/no/such/out.db", dir);
	assert_int_equal(wl_store_export(s, path, &err), -1);
	assert_non_null(strstr(err, "cannot create a file beside"));
	free(err);
	free(path);
	wl_buf_release(&cmd);
	wl_store_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store__records_are_rows_that_parse),
		cmocka_unit_test(test_store__items_sections_and_people),
		cmocka_unit_test(test_store__lifecycle_and_spans_from_history),
		cmocka_unit_test(test_store__a_change_needs_its_time_and_path),
		cmocka_unit_test(test_store__load_keeps_the_walks_summaries),
		cmocka_unit_test(test_store__loading_ends_when_sealed),
		cmocka_unit_test(test_store__authorizer_refuses_all_but_reading),
		cmocka_unit_test(test_store__bad_queries_say_why),
		cmocka_unit_test(test_store__types_of_values_are_kept),
		cmocka_unit_test(test_store__named_parameters_are_bound_not_spliced),
		cmocka_unit_test(test_store__export_writes_a_file_atomically),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
