#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "git.h"
#include "util.h"
#include "unit.h"

/*
 * The commit walk and the tree comparison of git.c, on repositories made
 * with the real git.
 */
static char dir[] = "/tmp/wl-git-XXXXXX";

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

static struct wl_git *open_git(const char *name)
{
	struct wl_git *git = NULL;
	char *path = wl_xprintf("%s/%s", dir, name), *err = NULL;

	if (wl_git_open(&git, path, &err) < 0)
		fail_msg("%s", err);
	free(path);
	return git;
}

static struct wl_oid tree_of(struct wl_git *git, const char *rev)
{
	struct wl_commit c = WL_COMMIT_INIT;
	struct wl_oid id, tree;
	char *err = NULL;

	assert_int_equal(wl_git_resolve(&id, git, rev, &err), 0);
	assert_int_equal(wl_git_commit(&c, git, &id, &err), 0);
	tree = c.tree;
	wl_commit_release(&c);
	return tree;
}

/* The changes from `a` to `b` (NULL: the empty tree) beneath `dirs`, one
 * line each: "A path", "M path", "D path". */
static char *diff(struct wl_git *git, const char *a, const char *b,
		  const char *const *dirs, size_t nr)
{
	struct wl_changes ch = WL_CHANGES_INIT;
	struct wl_buf out = WL_BUF_INIT;
	struct wl_oid ta, tb;
	char *err = NULL;
	size_t i;

	if (a)
		ta = tree_of(git, a);
	tb = tree_of(git, b);
	if (wl_git_diff_trees(&ch, git, a ? &ta : NULL, &tb, dirs, nr, &err))
		fail_msg("%s", err);
	for (i = 0; i < ch.nr; i++) {
		const struct wl_change *c = &ch.v[i];

		wl_buf_addf(&out, "%c %s\n",
			    c->kind == WL_CHANGE_ADDED ? 'A' :
			    c->kind == WL_CHANGE_DELETED ? 'D' : 'M', c->path);
		assert_true(wl_oid_is_zero(&c->old_oid) ==
			    (c->kind == WL_CHANGE_ADDED));
		assert_true(wl_oid_is_zero(&c->new_oid) ==
			    (c->kind == WL_CHANGE_DELETED));
	}
	wl_changes_release(&ch);
	return wl_buf_detach(&out, NULL);
}

static void check_diff(struct wl_git *git, const char *a, const char *b,
		       const char *const *dirs, size_t nr, const char *want)
{
	char *got = diff(git, a, b, dirs, nr);

	assert_string_equal(got, want);
	free(got);
}

static void test_git__trees_compare_by_folder(void **state)
{
	static const char *const records[] = { "records" };
	static const char *const deep[] = { "records/deep", "other/x" };
	static const char *const other[] = { "other/x" };
	struct wl_git *git;
	int i;

	(void)state;
	sh("git init -q -b main t && cd t && mkdir -p records/deep other/x &&"
	   " printf 1 >records/a.md && printf 1 >records/a-b.md &&"
	   " printf 1 >records/deep/c.md && printf 1 >other/x/o.md &&"
	   " printf 1 >top.md && ln -s a.md records/link.md &&"
	   " git add -A && git commit -qm one");
	/* Many files around the change: the shared start and end of a
	 * folder are skipped, not missed. */
	for (i = 0; i < 300; i++)
		sh("printf %d >t/records/deep/f%03d.md", i, i);
	sh("cd t && git add -A && git commit -qm many");
	sh("cd t && printf 2 >records/a.md && rm records/a-b.md &&"
	   " mkdir records/a-b && printf 1 >records/a-b/in.md &&"
	   " printf 2 >records/deep/f150.md && printf 2 >top.md &&"
	   " rm records/link.md && printf x >records/link.md &&"
	   " printf 2 >records/deep/c.md && chmod +x records/deep/f000.md &&"
	   " git add -A && git commit -qm two");
	git = open_git("t");
	check_diff(git, NULL, "HEAD~1", other, 1, "A other/x/o.md\n");
	check_diff(git, "HEAD~1", "HEAD", records, 1,
		   "D records/a-b.md\nA records/a-b/in.md\nM records/a.md\n"
		   "M records/deep/c.md\nM records/deep/f150.md\n"
		   "A records/link.md\n");
	check_diff(git, "HEAD~1", "HEAD", deep, 2,
		   "M records/deep/c.md\nM records/deep/f150.md\n");
	check_diff(git, "HEAD~1", "HEAD", NULL, 0,
		   "D records/a-b.md\nA records/a-b/in.md\nM records/a.md\n"
		   "M records/deep/c.md\nM records/deep/f150.md\n"
		   "A records/link.md\nM top.md\n");
	check_diff(git, "HEAD", "HEAD", NULL, 0, "");
	wl_git_free(git);
}

/* A tree object cut short or with a bad mode is an error, not a crash
 * or a read past its end. */
static void test_git__a_damaged_tree_is_an_error(void **state)
{
	static const char *const bad[] = {
		"100644 a.md", "100644 a.md\\0short", "1x0644 a.md\\0",
		"100644\\0",
	};
	struct wl_changes ch = WL_CHANGES_INIT;
	struct wl_oid good, broken;
	struct wl_git *git;
	char *err = NULL, *hex;
	size_t i;

	(void)state;
	sh("git init -q -b main d && cd d && printf 1 >a.md && git add a.md &&"
	   " git commit -qm one && git rev-parse HEAD^{tree} >good");
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		FILE *f;
		char line[64];

		sh("cd d && printf '%s' >raw && git hash-object -t tree -w"
		   " --literally raw >broken", bad[i]);
		git = open_git("d");
		hex = wl_xprintf("%s/d/broken", dir);
		f = fopen(hex, "r");
		assert_non_null(fgets(line, sizeof(line), f));
		fclose(f);
		free(hex);
		line[WL_OID_HEXSZ] = '\0';
		assert_int_equal(wl_oid_parse(&broken, line), 0);
		good = tree_of(git, "HEAD");
		assert_int_equal(wl_git_diff_trees(&ch, git, &good, &broken,
						   NULL, 0, &err), -1);
		assert_non_null(strstr(err, "cannot compare two trees"));
		free(err);
		err = NULL;
		wl_changes_release(&ch);
		wl_git_free(git);
	}
}

/* Walks `range` of repository `name` and shows each commit's subject. */
static char *walk(const char *name, const char *range, unsigned flags)
{
	struct wl_git *git = open_git(name);
	struct wl_oids ids = WL_OIDS_INIT;
	struct wl_buf out = WL_BUF_INIT;
	char *err = NULL;
	size_t i;

	if (wl_git_walk(&ids, git, range, flags, &err) < 0)
		fail_msg("%s", err);
	for (i = 0; i < ids.nr; i++) {
		struct wl_commit c = WL_COMMIT_INIT;

		assert_int_equal(wl_git_commit(&c, git, &ids.v[i], &err), 0);
		wl_buf_addf(&out, "%s ", c.summary);
		wl_commit_release(&c);
	}
	wl_oids_release(&ids);
	wl_git_free(git);
	return wl_buf_detach(&out, NULL);
}

static void check_walk(const char *name, const char *range, unsigned flags,
		       const char *want)
{
	char *got = walk(name, range, flags);

	assert_string_equal(got, want);
	free(got);
}

static void commit_at(const char *repo, int day, const char *msg)
{
	sh("cd %s && GIT_COMMITTER_DATE=2026-11-%02dT10:00:00+08:00"
	   " git commit -q --allow-empty -m %s", repo, day, msg);
}

static void test_git__walks_parents_first(void **state)
{
	(void)state;
	sh("git init -q -b main w");
	commit_at("w", 2, "a");
	commit_at("w", 3, "b");
	sh("cd w && git checkout -q -b side");
	commit_at("w", 4, "s1");
	commit_at("w", 6, "s2");
	sh("cd w && git checkout -q main");
	commit_at("w", 5, "c");
	sh("cd w && GIT_COMMITTER_DATE=2026-11-07T10:00:00+08:00"
	   " git merge -q --no-ff -m m side && git tag b HEAD~1");
	/* Parents before children, the older of two ready commits first. */
	check_walk("w", NULL, 0, "a b s1 c s2 m ");
	check_walk("w", "HEAD", WL_GIT_WALK_FIRST_PARENT, "a b c m ");
	check_walk("w", "b..", 0, "s1 s2 m ");
	check_walk("w", "b..HEAD", WL_GIT_WALK_FIRST_PARENT, "m ");
	check_walk("w", "side..main", 0, "c m ");
	check_walk("w", "HEAD..b", 0, "");
}

static void test_git__authors_and_grafts(void **state)
{
	struct wl_git *git;
	struct wl_commit c = WL_COMMIT_INIT;
	struct wl_oid head;
	char *err = NULL;

	(void)state;
	sh("git init -q -b main g");
	commit_at("g", 2, "one");
	commit_at("g", 3, "two");
	sh("cd g && GIT_AUTHOR_NAME=张三 GIT_AUTHOR_EMAIL=zs@example.com"
	   " GIT_AUTHOR_DATE='2026-11-03T09:00:00-05:30'"
	   " git commit -q --allow-empty -m three");
	sh("rm -rf gs && git clone -q --depth 2 file://%s/g gs", dir);
	git = open_git("gs");
	assert_int_equal(wl_git_is_shallow(git), 1);
	assert_int_equal(wl_git_head(&head, git, &err), 0);
	assert_int_equal(wl_git_commit(&c, git, &head, &err), 0);
	assert_string_equal(c.author, "张三");
	assert_string_equal(c.email, "zs@example.com");
	assert_int_equal(c.author_offset, -330);
	assert_int_equal(c.offset, 480);
	assert_int_equal(c.parents_nr, 1);
	wl_commit_release(&c);
	/* The graft: its parent is not there, and git shows it as a root. */
	assert_int_equal(wl_git_resolve(&head, git, "HEAD~1", &err), 0);
	assert_int_equal(wl_git_commit(&c, git, &head, &err), 0);
	assert_int_equal(c.parents_nr, 0);
	wl_commit_release(&c);
	wl_git_free(git);
	check_walk("gs", NULL, 0, "two three ");
	git = open_git("g");
	assert_int_equal(wl_git_is_shallow(git), 0);
	wl_git_free(git);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_git__trees_compare_by_folder),
		cmocka_unit_test(test_git__a_damaged_tree_is_an_error),
		cmocka_unit_test(test_git__walks_parents_first),
		cmocka_unit_test(test_git__authors_and_grafts),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
