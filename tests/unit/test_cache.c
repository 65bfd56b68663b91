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

#include "cache.h"
#include "util.h"

static const char facts_b[] = "T\0item\0I\0" "2\0" "5\0id\0I-2\0"
			      "R\0" "5\0" "9\0parent\0I-1\0item\0";

static struct wl_oid oid_of(int n)
{
	struct wl_oid oid;

	memset(&oid, n, sizeof(oid));
	return oid;
}

struct seen {
	char paths[4][64];
	size_t nr;
	int line;
};

static int collect(const struct wl_cache_hit *h, void *data)
{
	struct seen *s = data;

	if (s->nr < 4)
		snprintf(s->paths[s->nr++], 64, "%s %s", h->path, h->type);
	s->line = h->line;
	return 0;
}

/* Puts and places record b (id I-2, parent I-1) at `path`. */
static void place_b(struct wl_cache *c, const char *path, int n)
{
	struct wl_oid oid = oid_of(n);
	struct wl_facts f;
	const char *kept;

	kept = wl_cache_put(c, &oid, "", facts_b, sizeof(facts_b) - 1);
	assert_int_equal(wl_facts_parse(&f, kept, sizeof(facts_b) - 1), 0);
	assert_int_equal(wl_cache_place(c, path, &oid, "", &f), 0);
	wl_facts_release(&f);
}

static void test_cache__facts_come_back_by_blob_and_glob_type(void **state)
{
	struct wl_cache *c = wl_cache_open(NULL);
	struct wl_oid a = oid_of(1), b = oid_of(2);
	const char *t;
	size_t len;

	(void)state;
	assert_int_equal(wl_cache_persistent(c), 0);
	wl_cache_context(c, "ctx-1");
	assert_null(wl_cache_get(c, &a, "", &len));
	wl_cache_put(c, &a, "", "T\0x\0", 4);
	t = wl_cache_get(c, &a, "", &len);
	assert_non_null(t);
	assert_int_equal(len, 4);
	assert_memory_equal(t, "T\0x\0", 4);
	assert_null(wl_cache_get(c, &a, "log", &len));
	assert_null(wl_cache_get(c, &b, "", &len));
	/* Another context sees none of it. */
	wl_cache_context(c, "ctx-2");
	assert_null(wl_cache_get(c, &a, "", &len));
	wl_cache_free(c);
}

static void test_cache__places_are_found_by_id_and_by_reference(void **state)
{
	struct wl_cache *c = wl_cache_open(NULL);
	struct seen s;

	(void)state;
	wl_cache_context(c, "ctx");
	place_b(c, "records/b.md", 2);
	place_b(c, "records/moved/b.md", 2);
	place_b(c, "records/b.md", 2);
	memset(&s, 0, sizeof(s));
	assert_int_equal(wl_cache_ids(c, "I-2", collect, &s), 0);
	assert_int_equal(s.nr, 2);
	assert_string_equal(s.paths[0], "records/b.md item");
	assert_string_equal(s.paths[1], "records/moved/b.md item");
	memset(&s, 0, sizeof(s));
	assert_int_equal(wl_cache_refs(c, "item", "I-1", collect, &s), 0);
	assert_int_equal(s.nr, 2);
	assert_int_equal(s.line, 5);
	memset(&s, 0, sizeof(s));
	assert_int_equal(wl_cache_refs(c, "task", "I-1", collect, &s), 0);
	assert_int_equal(s.nr, 0);
	wl_cache_free(c);
}

static void test_cache__complete_trees_are_remembered_latest_first(void **state)
{
	struct wl_cache *c = wl_cache_open(NULL);
	struct wl_oid t1 = oid_of(7), t2 = oid_of(8);
	struct wl_oids recent = WL_OIDS_INIT;

	(void)state;
	wl_cache_context(c, "ctx");
	assert_int_equal(wl_cache_complete(c, &t1), 0);
	assert_int_equal(wl_cache_mark_complete(c, &t1), 0);
	assert_int_equal(wl_cache_mark_complete(c, &t2), 0);
	assert_int_equal(wl_cache_complete(c, &t1), 1);
	wl_cache_recent_complete(c, &recent, 5);
	assert_int_equal(recent.nr, 2);
	assert_int_equal(wl_oid_cmp(&recent.v[0], &t2), 0);
	wl_oids_release(&recent);
	wl_cache_free(c);
}

static void test_cache__a_file_keeps_everything_across_runs(void **state)
{
	char dir[] = "/tmp/wl-cache-XXXXXX";
	struct wl_cache *c;
	struct wl_oid t = oid_of(9), b = oid_of(2);
	struct seen s;
	char *path;
	size_t len;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = wl_xprintf("%s/worklog/cache.sqlite", dir);
	c = wl_cache_open(path);
	assert_int_equal(wl_cache_persistent(c), 1);
	wl_cache_context(c, "ctx");
	place_b(c, "records/b.md", 2);
	wl_cache_mark_complete(c, &t);
	wl_cache_free(c);

	c = wl_cache_open(path);
	wl_cache_context(c, "ctx");
	assert_non_null(wl_cache_get(c, &b, "", &len));
	assert_int_equal(wl_cache_complete(c, &t), 1);
	memset(&s, 0, sizeof(s));
	wl_cache_ids(c, "I-2", collect, &s);
	assert_int_equal(s.nr, 1);
	wl_cache_free(c);

	/* A damaged file is started again. */
	{
		FILE *f = fopen(path, "w");

		fputs("not a database", f);
		fclose(f);
	}
	c = wl_cache_open(path);
	assert_int_equal(wl_cache_persistent(c), 1);
	wl_cache_context(c, "ctx");
	assert_null(wl_cache_get(c, &b, "", &len));
	assert_int_equal(wl_cache_complete(c, &t), 0);
	wl_cache_free(c);

	{
		char *cmd = wl_xprintf("rm -rf '%s'", dir);

		assert_int_equal(system(cmd), 0);
		free(cmd);
	}
	free(path);
}

static void remove_tree(const char *dir)
{
	char *cmd = wl_xprintf("rm -rf '%s'", dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/* Returns the bytes of file `path`; the caller frees them. */
static char *slurp(const char *path, size_t *len)
{
	char *buf = NULL;

	assert_int_equal(wl_read_file(&buf, len, path), 0);
	return buf;
}

static void test_cache__a_link_in_its_place_is_replaced_not_followed(
	void **state)
{
	char dir[] = "/tmp/wl-cache-XXXXXX";
	struct wl_cache *c;
	struct stat st;
	char *other, *before, *after, *folder, *path, *moved;
	size_t n_before, n_after;

	(void)state;
	assert_non_null(mkdtemp(dir));
	/* Another database in another folder, which links will name. */
	other = wl_xprintf("%s/elsewhere/cache.sqlite", dir);
	c = wl_cache_open(other);
	wl_cache_context(c, "other");
	place_b(c, "records/b.md", 2);
	wl_cache_free(c);
	before = slurp(other, &n_before);
	folder = wl_xprintf("%s/worklog", dir);
	path = wl_xprintf("%s/worklog/cache.sqlite", dir);
	moved = wl_xprintf("%s/elsewhere", dir);

	/* A link at the file, then one at its folder. */
	assert_int_equal(mkdir(folder, 0777), 0);
	assert_int_equal(symlink(other, path), 0);
	c = wl_cache_open(path);
	assert_int_equal(wl_cache_persistent(c), 1);
	wl_cache_context(c, "ctx");
	place_b(c, "records/c.md", 3);
	wl_cache_free(c);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	remove_tree(folder);
	assert_int_equal(symlink(moved, folder), 0);
	c = wl_cache_open(path);
	assert_int_equal(wl_cache_persistent(c), 1);
	wl_cache_context(c, "ctx");
	place_b(c, "records/c.md", 3);
	wl_cache_free(c);
	assert_int_equal(lstat(folder, &st), 0);
	assert_true(S_ISDIR(st.st_mode));

	after = slurp(other, &n_after);
	assert_int_equal(n_before, n_after);
	assert_memory_equal(before, after, n_before);
	free(before);
	free(after);
	free(folder);
	free(path);
	free(moved);
	free(other);
	remove_tree(dir);
}

static void test_cache__a_fifo_in_its_place_keeps_it_in_memory(void **state)
{
	char dir[] = "/tmp/wl-cache-XXXXXX";
	struct wl_cache *c;
	char *path;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = wl_xprintf("%s/cache.sqlite-wal", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	free(path);
	path = wl_xprintf("%s/cache.sqlite", dir);
	c = wl_cache_open(path);
	assert_int_equal(wl_cache_persistent(c), 0);
	assert_int_equal(wl_cache_broken(c), 0);
	wl_cache_free(c);
	free(path);
	remove_tree(dir);
}

static void test_cache__an_unwritable_place_works_in_memory(void **state)
{
	struct wl_cache *c = wl_cache_open("/proc/nonexistent/cache.sqlite");
	struct wl_oid a = oid_of(1);
	size_t len;

	(void)state;
	assert_int_equal(wl_cache_persistent(c), 0);
	assert_int_equal(wl_cache_broken(c), 0);
	wl_cache_context(c, "ctx");
	wl_cache_put(c, &a, "", "", 0);
	assert_non_null(wl_cache_get(c, &a, "", &len));
	wl_cache_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cache__facts_come_back_by_blob_and_glob_type),
		cmocka_unit_test(test_cache__places_are_found_by_id_and_by_reference),
		cmocka_unit_test(test_cache__complete_trees_are_remembered_latest_first),
		cmocka_unit_test(test_cache__a_file_keeps_everything_across_runs),
		cmocka_unit_test(test_cache__an_unwritable_place_works_in_memory),
		cmocka_unit_test(test_cache__a_link_in_its_place_is_replaced_not_followed),
		cmocka_unit_test(test_cache__a_fifo_in_its_place_keeps_it_in_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
